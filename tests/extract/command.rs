//! The command itself: the pipe into `ingest`, reading from standard input and HTML, the
//! archive it reads but never creates, its errors, filters, formats and exit codes.

use std::time::Instant;

use communique::model::PartialDate;

use crate::support::{article, Sandbox};

fn seed() -> String {
    article("seed-2024-02-13.txt").display().to_string()
}

#[test]
fn extract_pipes_into_ingest() {
    let sandbox = Sandbox::new();
    let extracted = sandbox.run(
        &[
            "extract",
            &seed(),
            "--published",
            "2024-02-13",
            "--outlet",
            "Seed outlet",
        ],
        None,
    );
    assert_eq!(extracted.code, 0, "{}", extracted.stderr);
    assert!(
        extracted.stderr.contains("14 statements proposed"),
        "{}",
        extracted.stderr
    );
    let ingested = sandbox.run(&["ingest", "-"], Some(extracted.stdout.as_bytes()));
    assert_eq!(ingested.code, 0, "{}", ingested.stderr);
    assert!(ingested.stderr.contains("14 added"), "{}", ingested.stderr);
    // The review fields are not record fields: ingest says it leaves them out.
    assert!(
        ingested.stderr.contains(
            "ignored unknown fields: evidence, confidence, new_speaker, refers_to, date_basis"
        ),
        "{}",
        ingested.stderr
    );
    let found = sandbox.run(&["search", "restraint", "--format", "jsonl"], None);
    assert_eq!(found.code, 0, "{}", found.stderr);
    let hits = found.records();
    assert_eq!(hits.len(), 1, "{}", found.stdout);
    assert!(found.stdout.contains("Dmitry Peskov"), "{}", found.stdout);
    assert!(found.stdout.contains("Seed outlet"), "{}", found.stdout);
}

/// Wire copy credits its agency in the dateline (`YEREVAN/BAKU, March 5 (Reuters) -`):
/// that is every record's outlet, unless --outlet names another.
#[test]
fn the_agency_of_a_wire_dateline_is_the_outlet_unless_one_is_given() {
    let sandbox = Sandbox::new();
    let wire = article("border-shooting-2024-03-05.txt")
        .display()
        .to_string();
    let outlets = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["extract", wire.as_str(), "--published", "2024-03-05"];
        args.extend(extra);
        let run = sandbox.run(&args, None);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.records()
            .iter()
            .map(|record| {
                record["source"]["outlet"]
                    .as_str()
                    .unwrap_or("")
                    .to_string()
            })
            .collect()
    };
    let credited = outlets(&[]);
    assert!(!credited.is_empty());
    assert!(
        credited.iter().all(|outlet| outlet == "Reuters"),
        "{credited:?}"
    );
    let given = outlets(&["--outlet", "Azatutyun"]);
    assert!(
        given.iter().all(|outlet| outlet == "Azatutyun"),
        "{given:?}"
    );
    // The seed article has no dateline: no outlet but one given.
    let run = sandbox.run(&["extract", &seed(), "--published", "2024-02-13"], None);
    assert!(run
        .records()
        .iter()
        .all(|record| record["source"].get("outlet").is_none()));
}

#[test]
fn statements_the_archive_has_are_duplicates_when_ingested_again() {
    let sandbox = Sandbox::bundled();
    let extracted = sandbox.run(&["extract", &seed(), "--published", "2024-02-13"], None);
    assert_eq!(extracted.code, 0, "{}", extracted.stderr);
    assert!(
        extracted
            .stderr
            .contains("0 by speakers new to the archive"),
        "{}",
        extracted.stderr
    );
    let ingested = sandbox.run(&["ingest", "-"], Some(extracted.stdout.as_bytes()));
    assert_eq!(ingested.code, 0, "{}", ingested.stderr);
    // Same speaker, date and text as the corpus: twelve of fourteen; the two "earlier"
    // statements are dated to February where the corpus says Monday 12 February.
    assert!(
        ingested.stderr.contains("2 added, 12 duplicate"),
        "{}",
        ingested.stderr
    );
}

#[test]
fn every_record_is_an_ingestable_record_with_its_evidence() {
    let sandbox = Sandbox::new();
    let path = article("peace-talks-2024-02-29.txt");
    let text = std::fs::read_to_string(&path).unwrap().replace('\n', " ");
    let records = sandbox.extract(
        "peace-talks-2024-02-29.txt",
        &[
            "--published",
            "2024-02-29",
            "--url",
            "https://example.com/talks",
        ],
    );
    assert!(!records.is_empty());
    for record in &records {
        for key in [
            "text",
            "speaker",
            "speaker_kind",
            "date",
            "kind",
            "language",
            "evidence",
            "date_basis",
        ] {
            assert!(
                record[key].as_str().is_some_and(|value| !value.is_empty()),
                "{key} in {record}"
            );
        }
        PartialDate::parse(record["date"].as_str().unwrap()).expect("a valid date");
        let confidence = record["confidence"].as_f64().expect("a confidence");
        assert!((0.0..=1.0).contains(&confidence), "{record}");
        assert!(record["new_speaker"].is_boolean(), "{record}");
        assert_eq!(record["language"], "en");
        assert_eq!(record["source"]["url"], "https://example.com/talks");
        assert_eq!(record["source"]["published"], "2024-02-29");
        let evidence = record["evidence"].as_str().unwrap();
        assert!(
            text.contains(evidence),
            "evidence not in the article: {evidence}"
        );
        if record["kind"] == "quote" && !record["text"].as_str().unwrap().contains(", but") {
            assert!(
                text.contains(record["text"].as_str().unwrap()),
                "a quote is verbatim: {record}"
            );
        }
    }
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let sandbox = Sandbox::new();
    let input = std::fs::read(article("seed-2024-02-13.txt")).unwrap();
    let run = sandbox.run(&["extract", "-", "--published", "2024-02-13"], Some(&input));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.records().len(), 14);
    assert!(
        run.stderr.contains("<stdin>: 14 statements proposed"),
        "{}",
        run.stderr
    );
}

#[test]
fn extract_reads_an_archive_but_never_creates_one() {
    let sandbox = Sandbox::new();
    let run = sandbox.run(&["extract", &seed(), "--published", "2024-02-13"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("no archive at"), "{}", run.stderr);
    assert!(!sandbox.archive().exists());
    // Nor the default archive in the data directory of HOME.
    let home = sandbox.path("home");
    assert_eq!(std::fs::read_dir(home).unwrap().count(), 0);
}

#[test]
fn plain_text_needs_its_publication_date() {
    let sandbox = Sandbox::new();
    let run = sandbox.run(&["extract", &seed()], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("publication date is unknown"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("hint: give it with --published YYYY-MM-DD"),
        "{}",
        run.stderr
    );
    let month = sandbox.run(&["extract", &seed(), "--published", "2024-02"], None);
    assert_eq!(month.code, 2, "{}", month.stderr);
}

#[test]
fn min_confidence_filters_and_nothing_left_exits_1() {
    let sandbox = Sandbox::bundled();
    let all = sandbox.extract("seed-2024-02-13.txt", &["--published", "2024-02-13"]);
    let sure = sandbox.extract(
        "seed-2024-02-13.txt",
        &["--published", "2024-02-13", "--min-confidence", "0.9"],
    );
    assert!(!sure.is_empty() && sure.len() < all.len());
    assert!(sure
        .iter()
        .all(|record| record["confidence"].as_f64().unwrap() >= 0.9));
    let none = sandbox.run(
        &[
            "extract",
            &seed(),
            "--published",
            "2024-02-13",
            "--min-confidence",
            "1",
        ],
        None,
    );
    assert_eq!(none.code, 1, "{}", none.stderr);
    assert!(none.stdout.is_empty());
    assert!(
        none.stderr.contains("14 below --min-confidence"),
        "{}",
        none.stderr
    );
    let bad = sandbox.run(
        &[
            "extract",
            &seed(),
            "--published",
            "2024-02-13",
            "--min-confidence",
            "2",
        ],
        None,
    );
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

#[test]
fn table_format_is_for_review() {
    let sandbox = Sandbox::new();
    let run = sandbox.run(
        &[
            "extract",
            &seed(),
            "--published",
            "2024-02-13",
            "--format",
            "table",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut lines = run.stdout.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("CONF  DATE        KIND        CHANNEL"),
        "{header}"
    );
    assert_eq!(lines.count(), 14);
    assert!(run.stdout.contains("Dmitry Peskov (new)"), "{}", run.stdout);
}

/// The text column was cut after a number of characters, so a quote in Chinese took twice
/// the room left for it and the line ran past the terminal.
#[test]
fn the_table_cuts_wide_characters_by_terminal_cells() {
    let sandbox = Sandbox::new();
    let quote = "和平 ".repeat(60);
    let article = format!(
        "MOSCOW, Feb 13 (Reuters) - \"We call on both sides 🙏 to show restraint, {quote}and nothing else,\" Kremlin spokesman Dmitry Peskov told reporters on Tuesday.\n"
    );
    let run = sandbox.run(
        &[
            "extract",
            "-",
            "--published",
            "2024-02-13",
            "--format",
            "table",
        ],
        Some(article.as_bytes()),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("和平"), "{}", run.stdout);
    for line in run.stdout.lines() {
        let cells: usize = line
            .chars()
            .map(|character| unicode_width::UnicodeWidthChar::width(character).unwrap_or(1))
            .sum();
        assert!(
            cells <= 200,
            "{cells} cells, wider than COLUMNS=200: {line:?}"
        );
    }
}

#[test]
fn a_long_article_is_read_quickly() {
    // Fifty copies of the seed article, about 200 KB: the time is reported, not asserted.
    let sandbox = Sandbox::new();
    let seed = std::fs::read_to_string(article("seed-2024-02-13.txt")).unwrap();
    let long = std::iter::repeat_n(seed.as_str(), 50)
        .collect::<Vec<_>>()
        .join("\n");
    let started = Instant::now();
    let run = sandbox.run(
        &["extract", "-", "--published", "2024-02-13"],
        Some(long.as_bytes()),
    );
    let elapsed = started.elapsed();
    assert_eq!(run.code, 0, "{}", run.stderr);
    eprintln!(
        "a {} KB article: {} records in {:.2} s, process included ({})",
        long.len() / 1024,
        run.records().len(),
        elapsed.as_secs_f64(),
        run.stderr.trim().replace('\n', "; ")
    );
}

/// A PDF, an image or a UTF-16 file is refused at once, as not text, with what to do:
/// read as an article, a binary of 100 MB took half a minute and proposed garbage.
#[test]
fn binary_and_utf16_input_is_refused_as_not_text() {
    let sandbox = Sandbox::new();
    // A line that would make a statement, so that only the NUL byte can refuse the file.
    let mut binary = b"%PDF-1.7\n\"We call for restraint,\" Peskov said.\n".to_vec();
    let first_nul = binary.len();
    binary.extend_from_slice(&[0, 159, 146, 150, 0, 1, 2]);
    let path = sandbox.path("report.pdf");
    std::fs::write(&path, &binary).unwrap();
    let run = sandbox.run(
        &[
            "extract",
            path.to_str().unwrap(),
            "--published",
            "2024-02-13",
        ],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "report.pdf is not text (it holds a NUL byte at offset {first_nul})"
        )),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");

    let utf16: Vec<u8> = "\"We call for restraint,\" Peskov said."
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let run = sandbox.run(&["extract", "-", "--published", "2024-02-13"], Some(&utf16));
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("is UTF-16, not UTF-8")
            && run.stderr.contains("iconv -f UTF-16LE -t UTF-8"),
        "{}",
        run.stderr
    );
}

/// A Russian or Armenian report proposed nothing, and nothing said that `extract` reads
/// English only: "0 statements proposed" read as a report without statements.
#[test]
fn a_report_not_in_english_is_said_to_be_unread() {
    let sandbox = Sandbox::new();
    for (text, language) in [
        (
            "«Мы призываем стороны к сдержанности», — заявил пресс-секретарь президента России Дмитрий Песков во вторник.",
            "Cyrillic script",
        ),
        (
            "«Մենք պատրաստ ենք ստորագրել խաղաղության պայմանագիրը», — ասել է Փաշինյանը։",
            "Armenian script",
        ),
        // Scripts a first table lacked, which counted as Latin: "a language other than
        // English" named no script.
        (
            "विदेश मंत्रालय के प्रवक्ता ने कहा कि भारत सीमा पर शांति बनाए रखने के लिए प्रतिबद्ध है।",
            "Devanagari script",
        ),
        (
            "পররাষ্ট্র মন্ত্রণালয়ের মুখপাত্র বলেছেন যে সীমান্তে শান্তি বজায় রাখা হবে।",
            "Bengali script",
        ),
        (
            "የውጭ ጉዳይ ሚኒስቴር ቃል አቀባይ በድንበሩ ላይ ሰላም እንዲሰፍን ጥሪ አቅርበዋል።",
            "Ethiopic script",
        ),
        (
            "โฆษกกระทรวงการต่างประเทศกล่าวว่าประเทศไทยสนับสนุนการเจรจาสันติภาพที่ชายแดน",
            "Thai script",
        ),
        (
            "Le ministre a déclaré que la France soutient les négociations entre les deux pays, selon un communiqué publié mardi par le ministère.",
            "a language other than English",
        ),
    ] {
        let run = sandbox.run(
            &["extract", "-", "--published", "2024-02-13"],
            Some(text.as_bytes()),
        );
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stderr.contains(&format!(
                "note: extract reads reports written in English, and <stdin> looks written in {language}"
            )),
            "{}",
            run.stderr
        );
    }
    // Nor a table's header for nothing, as a search that finds nothing prints none.
    let run = sandbox.run(
        &[
            "extract",
            "-",
            "--published",
            "2024-02-13",
            "--format",
            "table",
        ],
        Some("Песков заявил, что Москва готова к диалогу с обеими сторонами конфликта.".as_bytes()),
    );
    assert_eq!((run.code, run.stdout.as_str()), (1, ""), "{}", run.stderr);
    // An English report that proposes nothing gets no such note.
    let run = sandbox.run(
        &["extract", "-", "--published", "2024-02-13"],
        Some(b"The weather in Yerevan was mild on Tuesday, and the markets of the city were open as usual for the trade of the season."),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("note:"), "{}", run.stderr);
}
