//! `communique ingest`: formats, standard input, duplicates, validation, --set and --map.

use crate::support::{data, data_text, Archive, Run};

#[test]
fn every_input_format_gives_the_same_archive() {
    let jsonl = Archive::with("statements.jsonl");
    let json = Archive::with("statements.json");
    let csv = Archive::with("statements.csv");
    let exported = jsonl.export("jsonl");
    assert_eq!(exported.lines().count(), 8);
    assert_eq!(
        json.export("jsonl"),
        exported,
        "JSON array differs from JSON Lines"
    );
    assert_eq!(csv.export("jsonl"), exported, "CSV differs from JSON Lines");
    assert_eq!(json.export("csv"), jsonl.export("csv"));
    assert_eq!(csv.export("csv"), jsonl.export("csv"));
}

#[test]
fn ingest_reports_what_it_added() {
    let archive = Archive::new();
    let path = data("statements.jsonl");
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .success()
        .stderr_has(&format!(
            "communique: created the archive at {}",
            archive.dir().display()
        ))
        .stderr_has(&format!("communique: {}: 8 added, ", path.display()))
        .ingested(8, 0, 0);
    assert!(archive.dir().join("archive.sqlite3").is_file());
    assert_eq!(archive.statement_count(), 8);

    // --quiet silences status lines.
    let quiet = Archive::new();
    let run = quiet.run(&["--quiet", "ingest", path.to_str().unwrap()]);
    run.success();
    assert_eq!(run.stderr, "");
    assert_eq!(quiet.statement_count(), 8);
}

#[test]
fn a_dash_reads_standard_input_with_or_without_format() {
    let expected = Archive::with("statements.jsonl").export("jsonl");
    let cases = [
        ("statements.jsonl", Some("jsonl")),
        ("statements.json", Some("json")),
        ("statements.csv", Some("csv")),
        // Without --format the content is sniffed: '{' JSON Lines, '[' JSON, else CSV.
        ("statements.jsonl", None),
        ("statements.json", None),
        ("statements.csv", None),
    ];
    for (file, format) in cases {
        let archive = Archive::new();
        let mut args = vec!["ingest", "-"];
        if let Some(format) = format {
            args.extend(["--format", format]);
        }
        archive
            .run_with_stdin(&args, data_text(file))
            .success()
            .ingested(8, 0, 0)
            // Named as its records' errors name it.
            .stderr_has("communique: <stdin>: 8 added");
        assert_eq!(
            archive.export("jsonl"),
            expected,
            "{file} on stdin with --format {format:?}"
        );
    }
}

#[test]
fn format_overrides_the_extension() {
    let archive = Archive::new();
    let path = archive.write("statements.txt", data_text("statements.csv"));
    archive
        .run(&["ingest", path.to_str().unwrap(), "--format", "csv"])
        .success()
        .ingested(8, 0, 0);
    assert_eq!(
        archive.export("jsonl"),
        Archive::with("statements.jsonl").export("jsonl")
    );
}

#[test]
fn ingesting_again_adds_nothing() {
    let archive = Archive::with("statements.jsonl");
    let before = archive.export("jsonl");
    let stats_before = archive.stdout_json(&["stats", "--format", "json"]);
    for file in ["statements.jsonl", "statements.csv", "statements.json"] {
        archive.ingest_fixture(file).ingested(0, 8, 0);
    }
    assert_eq!(archive.export("jsonl"), before);
    assert_eq!(
        archive.stdout_json(&["stats", "--format", "json"]),
        stats_before
    );
    archive
        .run(&["check"])
        .success()
        .stdout_has("ok: 8 statements in the database, 8 in the index");
}

/// Counts were written "1 line(s)", "2 duplicate(s)", "1 invalid record(s)": each takes
/// the singular or the plural its number asks for.
#[test]
fn counts_in_messages_agree_with_their_number() {
    let archive = Archive::new();
    let one =
        r#"{"text": "We call for restraint.", "speaker": "Dmitry Peskov", "date": "2024-02-13"}"#;
    let run = archive.run_with_stdin(&["ingest", "-"], one);
    run.success()
        .stderr_has("1 new speaker, matching no known name")
        .stderr_has("<stdin>: 1 added, 0 duplicates, 0 kept as curated, 0 rejected");
    let two = format!(
        "{one}\n{}\n",
        r#"{"text": "Another.", "speaker": "Dmitry Peskov", "date": "2099-01-01"}"#
    );
    let run = archive.run_with_stdin(&["ingest", "-"], two);
    run.success()
        .stderr_has("<stdin>: 1 added, 1 duplicate, 0 kept as curated, 0 rejected")
        .stderr_has("<stdin>: 1 statement dated in the future, at line 2 (2099-01-01): most likely a typo (");
    let bad = r#"{"text": "Bad.", "speaker": "Dmitry Peskov", "date": "2024-02-30"}"#;
    let run = archive.run_with_stdin(&["ingest", "-"], bad);
    run.code(2)
        .stderr_has("\n1 invalid record; nothing was written");
    // A quoted field left open takes in the one line after it.
    let csv = "text,speaker,date\n\"Open,Peskov,2024\nnext,Peskov,2024\n";
    let run = archive.run_with_stdin(&["ingest", "-", "--format", "csv"], csv);
    run.code(2)
        .stderr_has("it takes in the rest of the input, 1 more line from");
    std::fs::remove_dir_all(archive.dir().join("index")).unwrap();
    archive
        .run(&["check"])
        .success()
        .stderr_has("it was rebuilt from the database (2 statements indexed)");
    archive
        .run(&["speakers", "alias", "peskov", "Песков"])
        .success()
        .stderr_has(": 1 new alias\n");
}

#[test]
fn same_text_speaker_and_date_is_a_duplicate_even_without_an_id() {
    let archive = Archive::new();
    let input = concat!(
        r#"{"text": "We call for restraint.", "speaker": "Dmitry Peskov", "date": "2024-02-13"}"#,
        "\n",
        r#"{"text": "We  call for\nrestraint.", "speaker": "Dmitry Peskov", "date": "2024-02-13"}"#,
        "\n",
        r#"{"text": "We call for restraint.", "speaker": "Dmitry Peskov", "date": "2024-02-14"}"#,
        "\n",
    );
    archive
        .run_with_stdin(&["ingest", "-"], input)
        .success()
        .ingested(2, 1, 0);
    assert_eq!(archive.statement_count(), 2);
}

#[test]
fn a_stored_id_with_different_content_is_kept_as_stored_and_reported_not_counted_a_duplicate() {
    let archive = Archive::new();
    let input = concat!(
        r#"{"id": "x1", "text": "first", "speaker": "A", "date": "2024"}"#,
        "\n",
        r#"{"id": "x1", "text": "CHANGED", "speaker": "A", "date": "2025"}"#,
        "\n",
    );
    let run = archive.run_with_stdin(&["ingest", "-"], input);
    run.success()
        .ingested(1, 0, 0)
        .stderr_has("1 kept as stored (same id, different content)")
        .stderr_has("<stdin>:2: id \"x1\" is statement 1, stored with another date and text; kept as stored, the record not applied")
        .stderr_has("hint: compare with `communique show 1`; `communique edit 1 --set FIELD=VALUE --reason WHY`");
    // A corrected re-scrape in a later ingest: the same, and no speaker "B" is created.
    let rescrape = concat!(
        r#"{"id": "x1", "text": "first", "speaker": "A", "date": "2024"}"#,
        "\n",
        r#"{"id": "x1", "text": "first, corrected", "speaker": "B", "date": "2024"}"#,
        "\n",
    );
    archive
        .run_with_stdin(&["ingest", "-"], rescrape)
        .success()
        .ingested(0, 1, 0)
        .stderr_has("1 kept as stored (same id, different content)")
        .stderr_has("id \"x1\" is statement 1, stored with another speaker and text");
    let shown = archive.stdout_json(&["show", "x1", "--format", "json"]);
    assert_eq!(shown["text"], "first");
    assert_eq!(shown["date"], "2024");
    assert_eq!(archive.statement_count(), 1);
    let speakers = archive.run(&["speakers"]);
    assert!(!speakers.stdout.contains("\nB "), "{speakers}");
}

/// A record whose id is stored with other content is not applied, and `ingest -q` said
/// nothing of it (s18 M4): a scheduled re-scrape lost a corrected source in silence. The
/// warning, its count and its hint are printed under --quiet too; status lines are not.
#[test]
fn records_not_applied_are_reported_under_quiet() {
    let archive = Archive::new();
    archive
        .run_with_stdin(
            &["-q", "ingest", "-"],
            "id,text,speaker,date\n1,first,S,2024-01-01\n",
        )
        .success();
    let changed: String = std::iter::once("id,text,speaker,date\n".to_string())
        .chain((1..=7).map(|id| format!("{id},changed {id},S,2024-01-01\n")))
        .collect();
    let run = archive.run_with_stdin(&["-q", "ingest", "-"], changed);
    run.success()
        .stderr_has("communique: <stdin>:2: id \"1\" is statement 1, stored with another text; kept as stored, the record not applied")
        .stderr_has("hint: compare with `communique show 1`");
    assert!(!run.stderr.contains(" added, "), "{run}");
    assert_eq!(run.stderr.lines().count(), 2, "{run}");
    assert_eq!(archive.statement_count(), 7);
}

#[test]
fn many_stored_ids_with_different_content_are_named_up_to_five() {
    let archive = Archive::new();
    let record = |text: &str, id: usize| {
        format!(r#"{{"id": "r{id}", "text": "{text} {id}", "speaker": "A", "date": "2024"}}"#)
    };
    let first: Vec<String> = (0..8).map(|id| record("original", id)).collect();
    let second: Vec<String> = (0..8).map(|id| record("rescraped", id)).collect();
    archive
        .run_with_stdin(&["ingest", "-"], first.join("\n"))
        .success();
    let run = archive.run_with_stdin(&["ingest", "-"], second.join("\n"));
    run.success()
        .ingested(0, 0, 0)
        .stderr_has("8 kept as stored (same id, different content)")
        .stderr_has("<stdin>:5: id \"r4\" is statement 5, stored with another text")
        .stderr_has("… and 3 more records whose id is stored with different content");
    assert!(!run.stderr.contains("\"r5\""), "{run}");
}

/// Asserts that ingesting `file` into an archive holding the fixture is rejected with
/// `message` on stderr, exit 2, and leaves the archive exactly as it was.
fn assert_rejected(archive: &Archive, file: &std::path::Path, message: &str) {
    let before = archive.export("jsonl");
    let run = archive.run(&["ingest", file.to_str().unwrap()]);
    run.code(2)
        .stderr_has(message)
        .stderr_has("1 invalid record; nothing was written")
        .stderr_has("hint: ");
    assert_eq!(run.stdout, "");
    assert_eq!(archive.export("jsonl"), before, "the archive changed");
    archive
        .run(&["check", "--no-repair"])
        .success()
        .stdout_has("ok: 8 statements in the database, 8 in the index");
}

#[test]
fn an_impossible_date_rejects_the_whole_file() {
    let archive = Archive::with("statements.jsonl");
    assert_rejected(
        &archive,
        &data("bad-date.jsonl"),
        "bad-date.jsonl:2: date: 2024-02-30 is not a date in the calendar",
    );
    // The valid records around the bad one were not stored either.
    assert_eq!(
        archive.ids(&["--speaker", "test speaker"]),
        Vec::<i64>::new()
    );
}

#[test]
fn a_bad_last_record_after_good_ones_rejects_the_whole_file() {
    let archive = Archive::with("statements.jsonl");
    assert_rejected(
        &archive,
        &data("missing-text.jsonl"),
        "missing-text.jsonl:3: text: missing (this field is required)",
    );
    assert_eq!(archive.statement_count(), 8);
}

#[test]
fn an_unknown_country_is_rejected() {
    let archive = Archive::with("statements.jsonl");
    assert_rejected(
        &archive,
        &data("bad-country.csv"),
        "bad-country.csv:3: country: unknown country \"Atlantis\"",
    );
}

#[test]
fn invalid_utf8_is_rejected_with_its_line_and_field() {
    let archive = Archive::with("statements.jsonl");
    let mut bytes = Vec::new();
    bytes.extend_from_slice(
        br#"{"text": "A fine first line.", "speaker": "Test Speaker", "date": "2024"}"#,
    );
    bytes.push(b'\n');
    bytes.extend_from_slice(b"{\"text\": \"Broken \xff\xfe bytes.\", \"speaker\": \"Test Speaker\", \"date\": \"2024\"}\n");
    let path = archive.write("not-utf8.jsonl", bytes);
    assert_rejected(
        &archive,
        &path,
        "not-utf8.jsonl:2: text: invalid UTF-8 at byte 18 of the line",
    );
}

#[test]
fn every_invalid_record_is_reported_with_its_line() {
    let archive = Archive::new();
    let path = archive.write(
        "several.jsonl",
        concat!(
            r#"{"text": "fine", "speaker": "S", "date": "2024"}"#,
            "\n",
            r#"{"text": "no speaker", "date": "2024"}"#,
            "\n",
            "\n",
            r#"{"text": "bad kind", "speaker": "S", "date": "2024", "kind": "rumour"}"#,
            "\n",
            r#"{"text": "bad json", "speaker": "S""#,
            "\n",
        ),
    );
    let run = archive.run(&["ingest", path.to_str().unwrap()]);
    run.code(2)
        .stderr_has("several.jsonl:2: speaker: missing (this field is required)")
        .stderr_has(
            "several.jsonl:4: kind: expected statement, quote or paraphrase, found \"rumour\"",
        )
        .stderr_has("several.jsonl:5: invalid JSON")
        .stderr_has("3 invalid records; nothing was written");
    archive.assert_no_archive();
}

/// Only the first bad field of a record was reported: the user fixed the date, ran the
/// ingest again, and only then learnt of the country. Every problem of a record is
/// reported, each as `FILE:LINE: field: problem`, in the order of the record's fields;
/// the record is still one invalid record, and nothing is written.
#[test]
fn every_problem_of_a_record_is_reported_and_the_record_counted_once() {
    let archive = Archive::new();
    let path = archive.write(
        "three.jsonl",
        concat!(
            r#"{"text": "fine", "speaker": "S", "date": "2024"}"#,
            "\n",
            r#"{"speaker": "A", "kind": "rumour", "date": "2024-02-30", "country": "Narnia", "text": "x"}"#,
            "\n",
        ),
    );
    let file = path.display();
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .code(2)
        .stderr_has(&format!(
            "{file}:2: kind: expected statement, quote or paraphrase, found \"rumour\"\n\
             {file}:2: date: 2024-02-30 is not a date in the calendar\n\
             {file}:2: country: unknown country \"Narnia\""
        ))
        .stderr_has("1 invalid record; nothing was written");
    assert!(!archive.dir().exists() || archive.statement_count() == 0);
    // --skip-invalid stores the good record and counts the bad one once.
    archive
        .run(&["ingest", path.to_str().unwrap(), "--skip-invalid"])
        .code(1)
        .stderr_has("three.jsonl:2: date: 2024-02-30")
        .stderr_has("three.jsonl:2: country: unknown country")
        .ingested(1, 0, 1);
    // A CSV record's problems follow its header's columns, a mapped field at its column.
    let path = archive.write(
        "three.csv",
        "country,body,speaker,date\nNarnia,,A,2024-13\n",
    );
    let file = path.display();
    archive
        .run(&["ingest", path.to_str().unwrap(), "--map", "text=body"])
        .code(2)
        .stderr_has(&format!(
            "{file}:2: country: unknown country \"Narnia\" (use an ISO 3166-1 code such as AM or ARM, or an English name)\n\
             {file}:2: text (column body): missing (this field is required)\n\
             {file}:2: date: 2024-13 is not a date in the calendar\n\
             1 invalid record; nothing was written"
        ));
    assert_eq!(archive.statement_count(), 1);
}

#[test]
fn lines_are_counted_in_json_arrays_and_multi_line_csv() {
    let archive = Archive::new();
    let json = archive.write(
        "array.json",
        "[\n  {\"text\": \"a\", \"speaker\": \"s\", \"date\": \"2024\"},\n  {\"text\": \"b\",\n   \"speaker\": \"s\",\n   \"date\": \"2024-13\"}\n]\n",
    );
    archive
        .run(&["ingest", json.to_str().unwrap()])
        .code(2)
        .stderr_has("array.json:3: date: 2024-13 is not a date in the calendar");
    let csv = archive.write(
        "multi.csv",
        "text,speaker,date\n\"two\nlines\",s,2024\nthird line,s,2024-02-30\n",
    );
    archive
        .run(&["ingest", csv.to_str().unwrap()])
        .code(2)
        .stderr_has("multi.csv:4: date: 2024-02-30 is not a date in the calendar");
    archive
        .run_with_stdin(&["ingest", "-"], "{\"text\": \"x\", \"speaker\": \"s\"}\n")
        .code(2)
        .stderr_has("<stdin>:1: date: missing (this field is required)");
    archive.assert_no_archive();
}

#[test]
fn skip_invalid_stores_the_good_records_and_reports_the_bad() {
    let archive = Archive::new();
    let path = data("bad-date.jsonl");
    let run = archive.run(&["ingest", path.to_str().unwrap(), "--skip-invalid"]);
    run.code(1)
        .stderr_has("bad-date.jsonl:2: date: 2024-02-30 is not a date in the calendar")
        .ingested(2, 0, 1);
    let exported = archive.export("jsonl");
    assert!(exported.contains(r#""id":"bd1""#), "{exported}");
    assert!(exported.contains(r#""id":"bd3""#), "{exported}");
    assert!(!exported.contains(r#""id":"bd2""#), "{exported}");
    assert_eq!(
        archive.ids(&["--speaker", "test speaker", "--sort", "oldest"]),
        [1, 2]
    );

    // A country given by its English name is stored as its code.
    let countries = Archive::new();
    let path = data("bad-country.csv");
    countries
        .run(&["ingest", path.to_str().unwrap(), "--skip-invalid"])
        .code(1)
        .stderr_has("bad-country.csv:3: country: unknown country \"Atlantis\"")
        .ingested(1, 0, 1);
    let statement = countries.stdout_json(&["show", "1", "--format", "json"]);
    assert_eq!(statement["country"], "AM");
    assert_eq!(statement["speaker"], "Test Speaker");
}

#[test]
fn set_and_map_read_a_scraped_csv() {
    let archive = Archive::new();
    let path = data("kremlin-like.csv");
    archive
        .run(&[
            "ingest",
            path.to_str().unwrap(),
            "--set",
            "speaker=Vladimir Putin",
            "--set",
            "organization=President of Russia",
            "--set",
            "country=RU",
            "--map",
            "text=body",
            "--map",
            "title=headline",
            "--map",
            "source_url=link",
        ])
        .success()
        .stderr_has("ignored unknown fields: location, summary")
        .ingested(2, 0, 0);

    let first = archive.stdout_json(&["show", "1", "--format", "json"]);
    assert_eq!(first["speaker"], "Vladimir Putin");
    assert_eq!(first["organization"], "President of Russia");
    assert_eq!(first["country"], "RU");
    assert_eq!(first["title"], "Meeting with Security Council members");
    assert_eq!(
        first["source"]["url"],
        "http://en.kremlin.ru/events/president/news/66001"
    );
    // The statement is dated to the day; the time of day (no offset given) beside it.
    assert_eq!(first["date"], "2021-10-05");
    assert_eq!(first["date_precision"], "day");
    assert_eq!(first["time"], "12:00:00");
    assert_eq!(
        first["text"],
        "The President said, \"We discussed the situation in the South Caucasus,\" and added that the ceasefire, in his view, must hold."
    );
    assert_eq!(first["kind"], "statement");
    assert_eq!(first["language"], "en");

    let second = archive.stdout_json(&["show", "2", "--format", "json"]);
    assert_eq!(second["date"], "2021-10-07");
    assert_eq!(
        second["title"],
        "Telephone conversation with Nikol Pashinyan"
    );
    assert_eq!(
        archive.ids(&["--speaker", "putin", "--country", "RU"]),
        [2, 1]
    );
    assert_eq!(archive.ids(&["caucasus"]), [1]);
}

#[test]
fn set_fills_only_records_that_lack_the_field() {
    let archive = Archive::new();
    let input = concat!(
        r#"{"text": "First.", "speaker": "Nikol Pashinyan", "date": "2024-01-01", "country": "AM"}"#,
        "\n",
        r#"{"text": "Second.", "speaker": "Maria Zakharova", "date": "2024-01-02", "country": ""}"#,
        "\n",
    );
    archive
        .run_with_stdin(&["ingest", "-", "--set", "country=RU"], input)
        .success();
    assert_eq!(
        archive.stdout_json(&["show", "1", "--format", "json"])["country"],
        "AM"
    );
    assert_eq!(
        archive.stdout_json(&["show", "2", "--format", "json"])["country"],
        "RU"
    );
}

#[test]
fn unknown_fields_in_set_and_map_are_errors() {
    let archive = Archive::new();
    let path = data("kremlin-like.csv");
    let file = path.to_str().unwrap();
    archive
        .run(&["ingest", file, "--set", "speker=Vladimir Putin"])
        .code(2)
        .stderr_has("unknown field \"speker\" in --set");
    archive
        .run(&["ingest", file, "--map", "txt=body"])
        .code(2)
        .stderr_has("unknown field \"txt\" in --map");
    archive
        .run(&["ingest", file, "--set", "speaker"])
        .code(2)
        .stderr_has("--set expects FIELD=VALUE");
    assert!(
        !archive.dir().exists(),
        "a command line error must not create the archive"
    );
}

#[test]
fn a_mapped_field_is_named_with_its_column_in_errors() {
    let archive = Archive::new();
    let path = archive.write("scraped.csv", "body,date\n,2024-01-01\n");
    archive
        .run(&[
            "ingest",
            path.to_str().unwrap(),
            "--map",
            "text=body",
            "--set",
            "speaker=Vladimir Putin",
        ])
        .code(2)
        .stderr_has("scraped.csv:2: text (column body): missing (this field is required)");
}

#[test]
fn the_same_speaker_in_two_files_is_one_speaker() {
    let archive = Archive::new();
    let first = archive.write(
        "first.jsonl",
        r#"{"text": "We call for restraint.", "speaker": "Dmitry Peskov", "role": "Kremlin spokesperson", "country": "RU", "date": "2024-02-13"}"#,
    );
    let second = archive.write(
        "second.csv",
        "text,speaker,date\nThe talks will continue.,Dmitry Peskov,2024-03-05\n",
    );
    archive
        .run(&["ingest", first.to_str().unwrap(), second.to_str().unwrap()])
        .success();
    let speakers = archive.stdout_json(&["speakers", "--format", "json"]);
    let speakers = speakers.as_array().unwrap();
    assert_eq!(speakers.len(), 1, "{speakers:#?}");
    assert_eq!(speakers[0]["name"], "Dmitry Peskov");
    assert_eq!(speakers[0]["statements"], 2);
    assert_eq!(speakers[0]["country"], "RU");
    assert_eq!(speakers[0]["first_date"], "2024-02-13");
    assert_eq!(speakers[0]["last_date"], "2024-03-05");
    // The second statement is of the speaker's country; but the role the first gave is
    // not the second's: a role is what a record gives, or what a role recorded with its
    // dates says (`speakers role`), never a guess from the speaker's other statements.
    let second = archive.stdout_json(&["show", "2", "--format", "json"]);
    assert_eq!(second["country"], "RU");
    assert_eq!(second["role"], serde_json::Value::Null);
}

/// The refusal counted speakers and said "of different countries" without naming them:
/// it names the countries to choose from, and each command says how to give one.
#[test]
fn a_name_shared_by_speakers_of_two_countries_needs_a_country() {
    let archive = Archive::new();
    let input = concat!(
        r#"{"text": "One.", "speaker": "Ministry of Defence", "country": "AM", "date": "2024-01-01"}"#,
        "\n",
        r#"{"text": "Two.", "speaker": "Ministry of Defence", "country": "AZ", "date": "2024-01-01"}"#,
        "\n",
        r#"{"text": "Three.", "speaker": "Ministry of Defence", "date": "2024-01-01"}"#,
        "\n",
    );
    archive
        .run_with_stdin(&["ingest", "-", "--skip-invalid"], input)
        .code(1)
        .stderr_has(
            "<stdin>:3: speaker: \"Ministry of Defence\" names 2 speakers in 2 countries (AM, AZ); give a country to choose one",
        );
    archive
        .run_with_stdin(&["ingest", "-"], input)
        .code(2)
        .stderr_has("hint: give each record the country of its speaker (a country field; --set country=CODE gives one to every record without)");
    let speakers = archive.stdout_json(&["speakers", "--format", "json"]);
    assert_eq!(speakers.as_array().unwrap().len(), 2, "{speakers:#}");
    archive
        .run(&["add", "--speaker", "Ministry of Defence", "--date", "2024-01-02", "Four."])
        .code(2)
        .stderr_has("error: speaker: \"Ministry of Defence\" names 2 speakers in 2 countries (AM, AZ); give a country to choose one; nothing was added\nhint: give the speaker's country with --country CODE\n");
    let id = archive
        .run(&[
            "add",
            "--speaker",
            "Someone",
            "--date",
            "2024-01-02",
            "Five.",
        ])
        .success()
        .stdout
        .trim()
        .to_string();
    archive
        .run(&["edit", &id, "--set", "speaker=Ministry of Defence", "--reason", "r"])
        .code(2)
        .stderr_has("error: \"Ministry of Defence\" names 2 speakers in 2 countries (AM, AZ); give a country to choose one\nhint: give the country with the name: --set speaker=NAME --set country=CODE\n");
    assert_eq!(
        archive.ids(&["--speaker", "defence", "--country", "AZ"]),
        [2]
    );
}

#[test]
fn byte_order_marks_and_crlf_line_ends_are_accepted() {
    let expected = Archive::with("statements.jsonl").export("jsonl");
    for file in ["statements.jsonl", "statements.csv"] {
        let archive = Archive::new();
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(data_text(file).replace('\n', "\r\n").into_bytes());
        let path = archive.write(&format!("windows-{file}"), bytes);
        archive
            .run(&["ingest", path.to_str().unwrap()])
            .success()
            .ingested(8, 0, 0);
        assert_eq!(
            archive.export("jsonl"),
            expected,
            "{file} with BOM and CRLF"
        );
    }
}

/// Spreadsheets in much of Europe and in Russia save "CSV" with semicolons and write dates
/// day first with dots; others save tab-separated values. Read with commas, such a file was
/// one column named `id;text;speaker;…`, and a dotted date was refused. Each now gives the
/// archive the plain CSV gives.
#[test]
fn semicolons_tabs_and_dotted_dates_read_like_plain_csv() {
    let expected = Archive::with("statements.csv").export("jsonl");
    let dotted = |date: &str| -> String {
        let mut parts: Vec<&str> = date.split('-').collect();
        parts.reverse();
        parts.join(".")
    };
    let rewritten = |delimiter: u8| -> Vec<u8> {
        let source = data_text("statements.csv");
        let mut reader = csv::Reader::from_reader(source.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let mut writer = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .from_writer(Vec::new());
        writer.write_record(&headers).unwrap();
        for record in reader.records() {
            let record = record.unwrap();
            let cells: Vec<String> = headers
                .iter()
                .zip(record.iter())
                .map(|(header, cell)| match header {
                    "date" | "source_published" => dotted(cell),
                    _ => cell.to_string(),
                })
                .collect();
            writer.write_record(&cells).unwrap();
        }
        writer.into_inner().unwrap()
    };
    let semicolons = rewritten(b';');
    let text = String::from_utf8(semicolons.clone()).unwrap();
    assert!(
        text.contains(";13.02.2024;") && text.contains(";02.2024;"),
        "{text}"
    );
    for (name, bytes, args) in [
        ("semicolons.csv", semicolons.clone(), &[][..]),
        ("tabs.tsv", rewritten(b'\t'), &[][..]),
        ("tabs.txt", rewritten(b'\t'), &["--format", "tsv"][..]),
        ("semicolons.txt", semicolons, &["--format", "csv"][..]),
    ] {
        let archive = Archive::new();
        let path = archive.write(name, bytes);
        let mut command = vec!["ingest", path.to_str().unwrap()];
        command.extend(args);
        archive.run(&command).success().ingested(8, 0, 0);
        assert_eq!(archive.export("jsonl"), expected, "{name}");
    }
}

#[test]
fn invalid_utf8_in_csv_names_the_column() {
    let archive = Archive::new();
    let path = archive.write("not-utf8.csv", b"text,speaker,date\nbad \xff byte,S,2024\n");
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .code(2)
        .stderr_has("not-utf8.csv:2: text: invalid UTF-8 at byte 5 of the field");
}

#[test]
fn a_missing_file_is_an_error() {
    let archive = Archive::with("statements.jsonl");
    let missing = archive.path("missing.jsonl");
    archive
        .run(&["ingest", missing.to_str().unwrap()])
        .code(2)
        .stderr_has(&format!("cannot read {}", missing.display()))
        .stderr_has("No such file or directory");
    assert_eq!(archive.statement_count(), 8);
}

#[test]
fn a_csv_row_with_the_wrong_number_of_fields_rejects_only_that_row() {
    let input = "text,speaker,date\nshort,A\nlong,A,2024,extra\nok,A,2024\nok2,A,2025\n";
    let archive = Archive::new();
    let path = archive.write("field-counts.csv", input);
    archive
        .run(&["ingest", path.to_str().unwrap(), "--skip-invalid"])
        .code(1)
        .stderr_has("field-counts.csv:2: found 2 fields where the header has 3")
        .stderr_has("field-counts.csv:3: found 4 fields where the header has 3")
        .ingested(2, 0, 2);
    assert_eq!(archive.statement_count(), 2);

    // Without --skip-invalid every bad row is reported and nothing is written.
    let strict = Archive::new();
    let path = strict.write("field-counts.csv", input);
    strict
        .run(&["ingest", path.to_str().unwrap()])
        .code(2)
        .stderr_has("field-counts.csv:2: found 2 fields where the header has 3")
        .stderr_has("field-counts.csv:3: found 4 fields where the header has 3")
        .stderr_has("2 invalid records; nothing was written");
    strict.assert_no_archive();
}

#[test]
fn a_map_to_a_column_the_csv_lacks_is_an_error_before_anything_is_written() {
    let archive = Archive::with("statements.jsonl");
    let before = archive.export("jsonl");
    let path = archive.write(
        "mapped.csv",
        "text,body,speaker,date\nshort teaser,FULL BODY,A,2024\n",
    );
    archive
        .run(&["ingest", path.to_str().unwrap(), "--map", "text=bdy"])
        .code(2)
        .stderr_has(&format!(
            "--map text=bdy: no column \"bdy\" in {}; did you mean \"body\"?",
            path.display()
        ));
    assert_eq!(archive.export("jsonl"), before, "the archive changed");
    archive
        .run(&["ingest", path.to_str().unwrap(), "--map", "text=zzz"])
        .code(2)
        .stderr_has("no column \"zzz\" in")
        .stderr_has("its columns are: text, body, speaker, date");
    archive
        .run(&["ingest", path.to_str().unwrap(), "--map", "text"])
        .code(2)
        .stderr_has("--map expects FIELD=COLUMN, found \"text\"");
}

#[test]
fn a_mapped_json_field_never_falls_back_to_its_own_key() {
    let archive = Archive::new();
    let input = concat!(
        r#"{"text": "short teaser", "body": "FULL BODY", "speaker": "A", "date": "2024", "headline": "H"}"#,
        "\n"
    );
    let path = archive.write("mapped.jsonl", input);
    archive
        .run(&["ingest", path.to_str().unwrap(), "--map", "text=bdy"])
        .code(2)
        .stderr_has("mapped.jsonl:1: text (column bdy): missing (this field is required)")
        .stderr_has(
            "mapped.jsonl: --map text=bdy: no record has the key \"bdy\"; did you mean \"body\"?",
        );
    // A mapped optional field whose key no record has is an error too, not a silent loss.
    archive
        .run(&["ingest", path.to_str().unwrap(), "--map", "title=headlin"])
        .code(2)
        .stderr_has("mapped.jsonl: --map title=headlin: no record has the key \"headlin\"; did you mean \"headline\"?")
        .stderr_has("the input was rejected; nothing was written");
    archive.assert_no_archive();
    archive
        .run(&["ingest", path.to_str().unwrap(), "--map", "text=body"])
        .success();
    assert_eq!(
        archive.stdout_json(&["show", "1", "--format", "json"])["text"],
        "FULL BODY"
    );
}

#[test]
fn a_csv_header_without_a_required_field_is_an_error() {
    let archive = Archive::new();
    let path = archive.write(
        "headless.csv",
        "body,who,when\nWe call for restraint.,A,2024\n",
    );
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .code(2)
        .stderr_has(
            "headless.csv: the header has no column for text, speaker, date (required; its columns are: body, who, when)",
        )
        .stderr_has("hint: ");
    // --map and --set provide what the header lacks.
    archive
        .run(&[
            "ingest",
            path.to_str().unwrap(),
            "--map",
            "text=body",
            "--map",
            "date=when",
            "--set",
            "speaker=A",
        ])
        .success()
        .ingested(1, 0, 0);
}

#[test]
fn json_lines_read_as_csv_is_an_error_that_suggests_the_format() {
    let archive = Archive::new();
    let lines = data_text("statements.jsonl");
    let path = archive.write("statements-as.csv", &lines);
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .code(2)
        .stderr_has("statements-as.csv looks like JSON, not CSV")
        .stderr_has("--format jsonl");
    archive
        .run_with_stdin(&["ingest", "-", "--format", "csv"], lines)
        .code(2)
        .stderr_has("<stdin> looks like JSON, not CSV");
}

#[test]
fn csv_lines_are_counted_right_with_crlf_line_ends_and_blank_lines() {
    let archive = Archive::new();
    let crlf = archive.write(
        "crlf.csv",
        "text,speaker,date\r\nok,A,2024\r\nbad,A,2024-13\r\n\"two\r\nlines\",A,2024\r\nshort,A\r\n\r\n\r\nlast,A,2024-02-30\r\n",
    );
    archive
        .run(&["ingest", crlf.to_str().unwrap()])
        .code(2)
        .stderr_has("crlf.csv:3: date: 2024-13 is not a date in the calendar")
        .stderr_has("crlf.csv:6: found 2 fields where the header has 3")
        .stderr_has("crlf.csv:9: date: 2024-02-30 is not a date in the calendar");
    let lf = archive.write("lf.csv", "text,speaker,date\nok,A,2024\n\nbad,A,2024-13\n");
    archive
        .run(&["ingest", lf.to_str().unwrap()])
        .code(2)
        .stderr_has("lf.csv:4: date: 2024-13 is not a date in the calendar");
}

#[test]
fn a_failure_among_several_files_says_what_was_committed_and_what_was_not_read() {
    let archive = Archive::new();
    let good = |name: &str, text: &str| {
        archive.write(
            name,
            format!(r#"{{"text": "{text}", "speaker": "A", "date": "2024"}}"#),
        )
    };
    let first = good("f1.jsonl", "First.");
    let second = archive.write(
        "f2.jsonl",
        r#"{"text": "Second.", "speaker": "A", "date": "2024-13"}"#,
    );
    let third = good("f3.jsonl", "Third.");
    let paths = [&first, &second, &third].map(|path| path.to_str().unwrap().to_string());
    let mut args = vec!["ingest"];
    args.extend(paths.iter().map(String::as_str));
    let run = archive.run(&args);
    run.code(2)
        .stderr_has("f2.jsonl:1: date: 2024-13 is not a date in the calendar")
        .stderr_has(&format!(
            "1 invalid record; nothing of {} was written",
            paths[1]
        ))
        .stderr_has(&format!(
            "committed before {} failed, and kept: {} (1 added)",
            paths[1], paths[0]
        ))
        .stderr_has(&format!("not read: {}", paths[2]));
    assert!(
        !run.stderr.contains("; nothing was written"),
        "{}",
        run.stderr
    );
    assert_eq!(archive.statement_count(), 1);

    // A missing file is found before any file is written.
    let missing = archive.path("nope.jsonl");
    let fourth = good("f4.jsonl", "Fourth.");
    archive
        .run(&[
            "ingest",
            fourth.to_str().unwrap(),
            missing.to_str().unwrap(),
        ])
        .code(2)
        .stderr_has(&format!("cannot read {}", missing.display()));
    assert_eq!(archive.statement_count(), 1);
}

#[test]
fn a_failed_ingest_does_not_create_the_archive() {
    let archive = Archive::new();
    let missing = archive.path("nope.jsonl");
    let run = archive.run(&["ingest", missing.to_str().unwrap()]);
    run.code(2)
        .stderr_has(&format!("cannot read {}", missing.display()));
    assert!(!run.stderr.contains("created the archive"), "{run}");
    let headless = archive.write("headless.csv", "a,b\n1,2\n");
    archive
        .run_with_stdin(&["ingest", "-", "--format", "csv"], "a,b\n1,2\n")
        .code(2)
        .stderr_has("<stdin>: the header has no column for text");
    archive
        .run(&["ingest", headless.to_str().unwrap()])
        .code(2)
        .stderr_has("the header has no column for text");
    assert!(
        !archive.dir().exists(),
        "a failed ingest created the archive"
    );
    archive
        .run(&["search", "anything"])
        .code(2)
        .stderr_has("no archive at");
}

#[test]
fn a_bad_record_in_a_first_ingest_leaves_no_archive_behind() {
    let archive = Archive::new();
    // The archive's directory and a parent of it are new: both are taken back.
    let nested = archive.path("parent").join("new");
    let bad = data("bad-date.jsonl");
    let mut command = archive.bare();
    command
        .arg("ingest")
        .arg(&bad)
        .arg("--archive")
        .arg(&nested);
    Run::of(command)
        .code(2)
        .stderr_has("bad-date.jsonl:2: date: 2024-02-30 is not a date in the calendar")
        .stderr_has(&format!(
            "the archive created at {} for this ingest was removed",
            nested.display()
        ));
    assert!(
        !archive.path("parent").exists(),
        "a failed first ingest left its archive directory"
    );
    let mut search = archive.bare();
    search
        .args(["search", "anything", "--archive"])
        .arg(&nested);
    Run::of(search).code(2).stderr_has("no archive at");

    // From standard input too.
    archive
        .run_with_stdin(&["ingest", "-"], data_text("bad-date.jsonl"))
        .code(2)
        .stderr_has("<stdin>:2: date:");
    assert!(
        !archive.dir().exists(),
        "a failed first ingest left its archive"
    );

    // An existing directory (empty, or the current one) is kept, with what else is in
    // it; only what the ingest added goes.
    for (directory, named) in [
        (archive.path("empty"), archive.path("empty")),
        (archive.path("current"), std::path::PathBuf::from(".")),
    ] {
        std::fs::create_dir(&directory).expect("creating a directory");
        let mut command = archive.bare();
        command
            .current_dir(&directory)
            .arg("ingest")
            .arg(&bad)
            .arg("--archive")
            .arg(&named);
        Run::of(command).code(2).stderr_has("was removed");
        let left: Vec<_> = std::fs::read_dir(&directory)
            .expect("the directory is still there")
            .flatten()
            .map(|entry| entry.file_name())
            .collect();
        assert_eq!(left, Vec::<std::ffi::OsString>::new(), "{directory:?}");
    }

    // An archive that a later file of the same ingest fails in keeps the files committed
    // before it.
    let good = data("statements.jsonl");
    archive
        .run(&["ingest", good.to_str().unwrap(), bad.to_str().unwrap()])
        .code(2)
        .stderr_has("committed before");
    assert_eq!(archive.statement_count(), 8);
    // And an archive that existed is never removed.
    let run = archive.run(&["ingest", bad.to_str().unwrap()]);
    run.code(2);
    assert!(!run.stderr.contains("was removed"), "{run}");
    assert_eq!(archive.statement_count(), 8);
}

#[test]
fn a_date_followed_by_anything_but_a_time_of_day_is_rejected() {
    let archive = Archive::new();
    let mut input = String::new();
    for date in [
        "2024-02-13 hello world",
        "2024-02-13Tgarbage",
        "2024-02-13T25:00:00",
        "2024-02-13T99:99:99+99:99",
        "2024-02-13T12:30:00.250+03:00",
    ] {
        input.push_str(
            &serde_json::json!({"text": format!("Said at {date}."), "speaker": "A", "date": date})
                .to_string(),
        );
        input.push('\n');
    }
    archive
        .run_with_stdin(&["ingest", "-", "--skip-invalid"], input)
        .code(1)
        .stderr_has("<stdin>:1: date: expected a time of day such as 12:00, 12:00:00 or 12:00:00+03:00 after the day, found \"2024-02-13 hello world\"")
        .stderr_has("<stdin>:2: date: expected a time of day")
        .stderr_has("<stdin>:3: date: expected a time of day")
        .stderr_has("<stdin>:4: date: expected a time of day")
        .ingested(1, 0, 4);
    assert_eq!(
        archive.stdout_json(&["show", "1", "--format", "json"])["date"],
        "2024-02-13"
    );
}

#[test]
fn numeric_ids_are_integers_or_rejected() {
    let archive = Archive::new();
    let ids = [
        "18446744073709551617",
        "18446744073709551618",
        "-0",
        "1E2",
        "1.5",
        "42",
        "-7",
        "\"abc\"",
    ];
    let input: String = ids
        .iter()
        .enumerate()
        .map(|(number, id)| {
            format!(
                r#"{{"id": {id}, "text": "Statement {number}.", "speaker": "A", "date": "2024"}}"#
            ) + "\n"
        })
        .collect();
    archive
        .run_with_stdin(&["ingest", "-", "--skip-invalid"], input)
        .code(1)
        .stderr_has(
            "<stdin>:1: id: too large a number to be read exactly; write the id as a string",
        )
        .stderr_has("<stdin>:2: id: too large a number")
        .stderr_has("<stdin>:3: id: expected a string or an integer")
        .stderr_has("<stdin>:4: id: expected a string or an integer")
        .stderr_has("<stdin>:5: id: expected a string or an integer")
        .ingested(3, 0, 5);
    let exported = archive.export("jsonl");
    for stored in [r#""id":"42""#, r#""id":"-7""#, r#""id":"abc""#] {
        assert!(exported.contains(stored), "{stored} in {exported}");
    }
}

#[test]
fn csv_headers_are_matched_in_any_case_and_misspelt_fields_get_suggestions() {
    let archive = Archive::new();
    let path = archive.write(
        "spreadsheet.csv",
        "Text,SPEAKER, Date ,contry,orgnization,Headline\nWe call for restraint.,Dmitry Peskov,2024-02-13,RU,Kremlin,Talks\n",
    );
    archive
        .run(&["ingest", path.to_str().unwrap(), "--map", "title=headline"])
        .success()
        .ingested(1, 0, 0)
        .stderr_has("ignored unknown fields: contry (did you mean \"country\"?), orgnization (did you mean \"organization\"?)");
    let statement = archive.stdout_json(&["show", "1", "--format", "json"]);
    assert_eq!(statement["text"], "We call for restraint.");
    assert_eq!(statement["speaker"], "Dmitry Peskov");
    assert_eq!(statement["date"], "2024-02-13");
    assert_eq!(statement["title"], "Talks");
}

#[test]
fn a_bad_set_value_is_one_error_about_the_flag() {
    let archive = Archive::new();
    let path = data("statements.jsonl");
    let run = archive.run(&["ingest", path.to_str().unwrap(), "--set", "country=Narnia"]);
    run.code(2)
        .stderr_has("--set country=Narnia: unknown country \"Narnia\"");
    assert_eq!(run.stderr.matches("Narnia").count(), 2, "{run}");
    assert!(!run.stderr.contains("statements.jsonl:"), "{run}");
    archive
        .run(&["ingest", path.to_str().unwrap(), "--set", "speaker="])
        .code(2)
        .stderr_has("--set speaker=: empty value");
    archive
        .run(&["ingest", path.to_str().unwrap(), "--set", "date=2024-13"])
        .code(2)
        .stderr_has("--set date=2024-13: 2024-13 is not a date in the calendar");
    assert!(!archive.dir().exists(), "a bad --set created the archive");
}

/// `communique ingest <(zcat statements.jsonl.gz)`: a pipe given as a path can be read
/// only once. The check of every input before anything is written read its first block,
/// which the ingest then lacked (the first records cut short, or a CSV's header gone).
#[test]
fn a_pipe_given_as_a_path_is_read_whole() {
    if !std::path::Path::new("/bin/bash").exists() {
        eprintln!("skipping: no /bin/bash for a process substitution");
        return;
    }
    let archive = Archive::new();
    let jsonl = archive.write(
        "in.jsonl",
        "{\"text\": \"The first statement.\", \"speaker\": \"A\", \"date\": \"2024\"}\n\
         {\"text\": \"The second statement.\", \"speaker\": \"A\", \"date\": \"2024\"}\n",
    );
    let csv = archive.write("in.csv", "text,speaker,date\nalpha,A,2024\nbeta,B,2024\n");
    for (file, format) in [(&jsonl, "jsonl"), (&csv, "csv")] {
        let script = format!(
            "exec \"$BIN\" --archive \"$ARCHIVE\" ingest <(cat \"{}\") --format {format}",
            file.display()
        );
        let output = std::process::Command::new("/bin/bash")
            .args(["-c", &script])
            .env("BIN", env!("CARGO_BIN_EXE_communique"))
            .env("ARCHIVE", archive.dir())
            .env("HOME", archive.home())
            .output()
            .expect("running bash");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{format}: {stderr}");
        assert!(stderr.contains("2 added"), "{format}: {stderr}");
    }
    assert_eq!(archive.statement_count(), 4);
}

/// Mappings are applied together: `--map text=body --map title=text` reads the title
/// from the file's own `text` column, not from the body just put there.
#[test]
fn mappings_may_swap_columns() {
    let archive = Archive::new();
    let path = archive.write(
        "swapped.csv",
        "text,body,speaker,date\nA short title,The whole statement.,A,2024\n",
    );
    archive
        .run(&[
            "ingest",
            path.to_str().unwrap(),
            "--map",
            "text=body",
            "--map",
            "title=text",
        ])
        .success();
    let shown = archive.stdout_json(&["show", "1", "--format", "json"]);
    assert_eq!(shown["text"], "The whole statement.");
    assert_eq!(shown["title"], "A short title");
}

/// `--map text=body --map title=body` left the title empty and said "no record has the
/// key body": the first mapping took the column away from the second. One column may give
/// two fields, in CSV, TSV and JSON alike; and a column named as a field still gives it
/// when a --map reads another field from it too.
#[test]
fn one_column_may_give_two_fields() {
    let archive = Archive::new();
    let csv = archive.write(
        "one.csv",
        "body,speaker,date\nWe call for restraint.,A,2024-01-01\n",
    );
    let tsv = archive.write(
        "two.tsv",
        "body\tspeaker\tdate\nWe call for calm.\tA\t2024-01-02\n",
    );
    let json = archive.write(
        "three.json",
        r#"[{"body": "We call for talks.", "speaker": "A", "date": "2024-01-03"}]"#,
    );
    archive
        .run(&[
            "ingest",
            csv.to_str().unwrap(),
            tsv.to_str().unwrap(),
            json.to_str().unwrap(),
            "--map",
            "text=body",
            "--map",
            "title=body",
        ])
        .success()
        .ingested(3, 0, 0);
    for (id, text) in [
        ("1", "We call for restraint."),
        ("2", "We call for calm."),
        ("3", "We call for talks."),
    ] {
        let shown = archive.stdout_json(&["show", id, "--format", "json"]);
        assert_eq!(shown["text"], text);
        assert_eq!(shown["title"], text);
    }
    // The field's own column gives it, and another field too.
    let lines = archive.write(
        "four.jsonl",
        "{\"text\": \"Talks resume.\", \"speaker\": \"A\", \"date\": \"2024-01-04\"}\n",
    );
    let csv = archive.write("five.csv", "text,speaker,date\nTalks end.,A,2024-01-05\n");
    archive
        .run(&[
            "ingest",
            lines.to_str().unwrap(),
            csv.to_str().unwrap(),
            "--map",
            "title=text",
        ])
        .success()
        .ingested(2, 0, 0);
    for (id, text) in [("4", "Talks resume."), ("5", "Talks end.")] {
        let shown = archive.stdout_json(&["show", id, "--format", "json"]);
        assert_eq!(shown["text"], text);
        assert_eq!(shown["title"], text);
    }
    // A problem of the shared column is named with the field it gave.
    let empty = archive.write("empty.csv", "body,speaker,date\n,A,2024\n");
    archive
        .run(&[
            "ingest",
            empty.to_str().unwrap(),
            "--map",
            "text=body",
            "--map",
            "title=body",
        ])
        .code(2)
        .stderr_has("empty.csv:2: text (column body): missing (this field is required)");
}

/// A scraper's runaway field of 200 KB was echoed whole in the error naming it, flooding
/// the terminal: the message quotes its first 80 characters and its length, and still
/// names the file, the line and the field.
#[test]
fn huge_values_are_quoted_by_their_beginning() {
    let archive = Archive::new();
    let huge = "a".repeat(204_800);
    let quoted = format!("\"{}…\" (204800 characters)", "a".repeat(80));
    let record = |field: &str, value: serde_json::Value| {
        let mut record = serde_json::json!({"text": "t", "speaker": "s", "date": "2024"});
        record[field] = value;
        record.to_string()
    };
    for (field, line) in [
        ("country", record("country", huge.clone().into())),
        ("date", record("date", huge.clone().into())),
        ("kind", record("kind", huge.clone().into())),
        ("speaker_kind", record("speaker_kind", huge.clone().into())),
        ("language", record("language", huge.clone().into())),
        (
            "source",
            record("source", serde_json::json!({ "published": huge })),
        ),
        (
            "source",
            record("source", serde_json::json!({ huge.clone(): "x" })),
        ),
    ] {
        let path = archive.write(
            "huge.jsonl",
            format!("{}\n{line}\n", record("id", "1".into())),
        );
        let run = archive.run(&["ingest", path.to_str().unwrap()]);
        run.code(2)
            .stderr_lines_within(300)
            .stderr_has(&format!("huge.jsonl:2: {field}: "))
            .stderr_has(&quoted);
    }
    // An unknown key, or a CSV column, that long is listed cut.
    let listed = format!(
        "ignored unknown fields: {}… (204800 characters)",
        "a".repeat(80)
    );
    let path = archive.write("key.jsonl", record(&huge, "x".into()));
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .success()
        .stderr_lines_within(300)
        .stderr_has(&listed);
    let path = archive.write(
        "header.csv",
        format!("text,speaker,date,{huge}\nu,s,2024,x\n"),
    );
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .success()
        .stderr_lines_within(300)
        .stderr_has(&listed);
    // A CSV header without a required field lists its columns cut.
    let path = archive.write("columns.csv", format!("text,{huge}\nu,x\n"));
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .code(2)
        .stderr_lines_within(300)
        .stderr_has(
            "the header has no column for speaker, date (required; its columns are: text, aaaa",
        );
}

/// A first ingest (or `init`) killed before the database was renamed into place leaves
/// only `archive.sqlite3.creating…`; `check` then said the directory "is not a communique
/// archive" and to give an empty one. It says that creating the archive did not finish,
/// and that `init` or the ingest again finishes it, which they do.
#[test]
fn an_interrupted_creation_is_named_as_such_and_an_ingest_finishes_it() {
    let archive = Archive::new();
    std::fs::create_dir(archive.dir()).unwrap();
    std::fs::write(archive.dir().join("archive.sqlite3.creating"), b"half").unwrap();
    std::fs::write(archive.dir().join("archive.sqlite3.creating-journal"), b"").unwrap();
    for command in [&["check"][..], &["search", "fire"]] {
        let run = archive.run(command);
        run.code(2)
            .stderr_has("did not finish (it was interrupted, or is still going on)")
            .stderr_has("hint: run `communique init ")
            .stderr_has("or the ingest again, which finishes creating it");
        assert!(!run.stderr.contains("is not a communique archive"), "{run}");
    }
    archive
        .run(&["ingest", data("statements.jsonl").to_str().unwrap()])
        .success()
        .ingested(8, 0, 0);
    archive
        .run(&["check"])
        .success()
        .stdout_has("ok: 8 statements in the database, 8 in the index");

    // A directory of other files is still not an archive.
    let other = Archive::new();
    std::fs::create_dir(other.dir()).unwrap();
    std::fs::write(other.dir().join("notes.txt"), b"mine").unwrap();
    other
        .run(&["check"])
        .code(2)
        .stderr_has("is not a communique archive");
}

/// An ingest names the statements dated after tomorrow (most likely typos: 2042 for 2024),
/// and stores them: the date may be right.
#[test]
fn an_ingest_names_statements_dated_in_the_future() {
    let archive = Archive::new();
    let records = archive.write(
        "dates.jsonl",
        concat!(
            r#"{"text":"Past.","speaker":"X","date":"2024-01-01"}"#,
            "\n",
            r#"{"text":"Typo.","speaker":"X","date":"2042-01-01"}"#,
            "\n",
            r#"{"text":"Also ahead.","speaker":"X","date":"2099"}"#,
            "\n",
        ),
    );
    archive
        .run(&["ingest", records.to_str().unwrap()])
        .ingested(3, 0, 0)
        .stderr_has(
            "dates.jsonl: 2 statements dated in the future, the first at line 2 (2042-01-01)",
        );
    let past = archive.write(
        "past.jsonl",
        r#"{"text":"Older.","speaker":"X","date":"2023-01-01"}"#,
    );
    let run = archive.run(&["ingest", past.to_str().unwrap()]);
    run.success();
    assert!(!run.stderr.contains("in the future"), "{}", run.stderr);
}

/// The Kremlin published one body under two addresses (news/68078 and news/68079, two
/// brigades congratulated alike). Ingested with the addresses as ids, the second was a
/// "duplicate" of the first, and `show` of its id found nothing. Records with ids of
/// their own that differ are two statements; without an id, or with the same one, one.
#[test]
fn records_alike_but_with_different_ids_are_two_statements() {
    let archive = Archive::new();
    let record = |id: &str, title: &str| {
        format!(
            r#"{{"id": "{id}", "title": "{title}", "text": "Congratulations on the anniversary of the brigade.", "speaker": "Vladimir Putin", "country": "RU", "date": "2022-12-01"}}"#
        )
    };
    let input = [
        record("news/68078", "To the 126th brigade"),
        record("news/68079", "To the 155th brigade"),
    ]
    .join("\n");
    let path = archive.write("kremlin.jsonl", &input);
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .ingested(2, 0, 0);
    for (id, title) in [
        ("news/68078", "To the 126th brigade"),
        ("news/68079", "To the 155th brigade"),
    ] {
        let shown = archive.stdout_json(&["show", id, "--format", "json"]);
        assert_eq!(shown["title"], title, "{shown:#}");
    }
    // Again, and without an id: each is what is stored.
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .ingested(0, 2, 0);
    let without_id = r#"{"text": "Congratulations on the anniversary of the brigade.", "speaker": "Vladimir Putin", "date": "2022-12-01"}"#;
    let path = archive.write("again.jsonl", without_id);
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .ingested(0, 1, 0);
    assert_eq!(archive.statement_count(), 2);
    // Into an archive that holds statements already (not a bulk load), alike.
    let other = Archive::with("statements.jsonl");
    let path = other.write("kremlin.jsonl", &input);
    other
        .run(&["ingest", path.to_str().unwrap()])
        .ingested(2, 0, 0);
}

/// The same two press releases, read as the README's Kremlin command reads them: with
/// their addresses as sources and no id. The second was a "duplicate" of the first, its
/// headline and address lost. Records whose sources have addresses that differ are two
/// statements; again, or without an address, each is what is stored; and the original
/// file of a statement whose address was corrected since is still that statement.
#[test]
fn records_alike_but_from_different_addresses_are_two_statements() {
    let archive = Archive::new();
    let record = |url: &str, title: &str| {
        format!(
            r#"{{"title": "{title}", "text": "Congratulations on the anniversary of the brigade.", "speaker": "Vladimir Putin", "country": "RU", "date": "2022-12-01", "source": {{"url": "http://kremlin.ru/events/president/{url}"}}}}"#
        )
    };
    let input = [
        record("news/68078", "To the 126th brigade"),
        record("news/68079", "To the 155th brigade"),
    ]
    .join("\n");
    let path = archive.write("kremlin.jsonl", &input);
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .ingested(2, 0, 0);
    assert_eq!(
        archive.ids(&["126th brigade"]).len() + archive.ids(&["155th brigade"]).len(),
        2
    );
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .ingested(0, 2, 0);
    let without_address = r#"{"text": "Congratulations on the anniversary of the brigade.", "speaker": "Vladimir Putin", "date": "2022-12-01"}"#;
    let path_without = archive.write("again.jsonl", without_address);
    archive
        .run(&["ingest", path_without.to_str().unwrap()])
        .ingested(0, 1, 0);
    let first = archive.ids(&["126th brigade"])[0].to_string();
    archive
        .run(&[
            "edit",
            &first,
            "--set",
            "source_url=http://kremlin.ru/events/president/news/68078/print",
            "--reason",
            "the printable page",
        ])
        .success();
    let run = archive.run(&["ingest", path.to_str().unwrap()]);
    run.success();
    assert!(!run.stderr.contains(" 1 added"), "{run}");
    assert_eq!(archive.statement_count(), 2);
}

/// A file partly new: the duplicates were counted, but nothing said which records they
/// were, nor which statements they repeat.
#[test]
fn the_first_duplicate_of_a_partly_new_file_is_named() {
    let archive = Archive::with("statements.jsonl");
    let stored = std::fs::read_to_string(crate::support::data("statements.jsonl")).unwrap();
    let third = stored.lines().nth(2).unwrap();
    let path = archive.write(
        "more.jsonl",
        format!(
            "{}\n{third}\n",
            r#"{"text": "A new statement.", "speaker": "Dmitry Peskov", "date": "2024-03-01"}"#
        ),
    );
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .ingested(1, 1, 0)
        .stderr_has(&format!(
            "{}: 1 duplicate of a stored statement (same id, or same speaker, date and text), at line 2: statement 3 (`communique show 3`)",
            path.display()
        ));
    // The same file again is all duplicates: no such line.
    let again = archive.run(&["ingest", path.to_str().unwrap()]);
    again.ingested(0, 2, 0);
    assert!(!again.stderr.contains("the first at line"), "{again}");
}

/// Returns the lines of an export in order, so that two archives that ingested the same
/// statements in another order compare equal.
fn sorted_lines(export: &str) -> Vec<String> {
    let mut lines: Vec<String> = export.lines().map(str::to_string).collect();
    lines.sort();
    lines
}

/// `search … -f jsonl | communique ingest -` stored the source archive's numbers as the
/// statements' ids and dropped their own (`external_id`) with a note that listed every
/// field of search's output as unknown (s18 H1). A record that carries `external_id` is
/// read as search and show write it: `external_id` is its id, `id` (the number) is left
/// out, said once; their other fields (score, snippet, speaker_id …) are left out quietly.
/// JSON, JSON Lines and CSV of search, and show's JSON, read back as the statements.
#[test]
fn search_and_show_output_reads_back_with_its_own_ids() {
    let source = Archive::with("statements.jsonl");
    let exported = sorted_lines(&source.export("jsonl"));
    for format in ["jsonl", "json", "csv"] {
        let output = source.run(&["search", "--limit", "all", "--format", format]);
        output.success();
        let copy = Archive::new();
        let run = copy.run_with_stdin(&["ingest", "-"], output.stdout.clone());
        run.success().ingested(8, 0, 0);
        assert_eq!(
            run.stderr.matches("<stdin>: records as `communique search` and `show` write them: each one's external_id is read as its id, and its id, the statement's number in the archive it came from, is left out").count(),
            1,
            "{format}: {run}"
        );
        assert!(!run.stderr.contains("unknown fields"), "{format}: {run}");
        assert_eq!(sorted_lines(&copy.export("jsonl")), exported, "{format}");
        copy.run(&["show", "t04"]).success();
    }
    let shown = source.run(&["show", "t04", "--format", "json"]);
    let copy = Archive::new();
    copy.run_with_stdin(&["ingest", "-"], shown.success().stdout.clone())
        .success()
        .ingested(1, 0, 0);
    assert_eq!(
        copy.export("jsonl").trim_end(),
        exported
            .iter()
            .find(|line| line.contains("\"t04\""))
            .unwrap()
    );
    // A null external_id is no id; the number is still not one.
    let copy = Archive::new();
    copy.run_with_stdin(
        &["ingest", "-"],
        r#"{"id":5,"external_id":null,"text":"a","speaker":"S","date":"2024","score":1.5}"#,
    )
    .success()
    .ingested(1, 0, 0);
    assert!(
        !copy.export("jsonl").contains("\"id\""),
        "{}",
        copy.export("jsonl")
    );
    // Without external_id, `id` is the record's id and a stray `score` is unknown.
    copy.run_with_stdin(
        &["ingest", "-"],
        r#"{"id":5,"text":"b","speaker":"S","date":"2024","score":1.5}"#,
    )
    .success()
    .stderr_has("ignored unknown fields: score");
    assert_eq!(
        copy.stdout_json(&["show", "5", "--format", "json"])["text"],
        "b"
    );
}

/// A deleted statement in search's or show's output (`search --deleted`) is stored
/// deleted, as it was where it was written, not as a live statement: from its JSON
/// `deleted`, or from the `deleted_at` and `deleted_reason` columns of CSV.
#[test]
fn a_deleted_statement_in_search_output_is_stored_deleted() {
    let source = Archive::with("statements.jsonl");
    source
        .run(&["delete", "t02", "--reason", "fabricated"])
        .success();
    let output = source.run(&["search", "--deleted", "--format", "jsonl"]);
    let copy = Archive::new();
    copy.run_with_stdin(&["ingest", "-"], output.success().stdout.clone())
        .success()
        .ingested(1, 0, 0);
    assert_eq!(copy.ids(&[]), Vec::<i64>::new());
    assert_eq!(copy.ids(&["--deleted"]), vec![1]);
    let shown = copy.stdout_json(&["show", "t02", "--format", "json"]);
    assert_eq!(shown["deleted"]["reason"], "fabricated");
    let csv = concat!(
        "id,text,speaker,date,external_id,speaker_id,deleted_at,deleted_reason\n",
        "7,retracted,S,2024,e1,3,2024-05-01T10:00:00Z,fabricated\n",
        "8,live,S,2024,,3,,\n",
    );
    let copy = Archive::new();
    let run = copy.run_with_stdin(&["ingest", "-"], csv);
    run.success().ingested(2, 0, 0);
    assert!(!run.stderr.contains("unknown fields"), "{run}");
    assert_eq!(copy.ids(&[]), vec![2]);
    let shown = copy.stdout_json(&["show", "e1", "--format", "json"]);
    assert_eq!(shown["deleted"]["at"], "2024-05-01T10:00:00Z");
    assert_eq!(shown["deleted"]["reason"], "fabricated");
    copy.run_with_stdin(
        &["ingest", "-"],
        "text,speaker,date,deleted_reason\nx,S,2024,why\n",
    )
    .code(2)
    .stderr_has("<stdin>:2: deleted_reason: given without deleted_at");
}

/// Iranian sources date in the Solar Hijri calendar (1403 is 2024/25) and Saudi and Gulf
/// ones in the Hijri one (1445 is 2023/24): read as Gregorian years, such dates were
/// stored silently six centuries early, where no search by date finds them. An ingest
/// names them, and stores them: the date may be right.
#[test]
fn an_ingest_names_statements_dated_before_1800() {
    let archive = Archive::new();
    let records = archive.write(
        "dates.jsonl",
        concat!(
            r#"{"text":"Recent.","speaker":"X","date":"2024-01-01"}"#,
            "\n",
            r#"{"text":"Solar Hijri.","speaker":"X","date":"1403-11-22"}"#,
            "\n",
            r#"{"text":"Hijri.","speaker":"X","date":"1445-07-01"}"#,
            "\n",
            r#"{"text":"Old but plausible.","speaker":"X","date":"1815-06-09"}"#,
            "\n",
        ),
    );
    archive
        .run(&["ingest", records.to_str().unwrap()])
        .ingested(4, 0, 0)
        .stderr_has(
            "dates.jsonl: 2 statements dated before 1800, the first at line 2 (date 1403-11-22): the year may be of another calendar (1403 as a Solar Hijri year is 2024/25, as a Hijri year 1982/83) or a typo (`communique edit ID --set date=…` corrects one)",
        );
    let typo = archive.write(
        "typo.jsonl",
        r#"{"text":"Typo.","speaker":"X","date":"0024-01-01"}"#,
    );
    archive
        .run(&["ingest", typo.to_str().unwrap()])
        .ingested(1, 0, 0)
        .stderr_has("typo.jsonl: 1 statement dated before 1800, at line 1 (date 0024-01-01): most likely a typo (");
    let recent = archive.write(
        "recent.jsonl",
        r#"{"text":"Recent again.","speaker":"X","date":"1900-01-01"}"#,
    );
    let run = archive.run(&["ingest", recent.to_str().unwrap()]);
    run.success();
    assert!(!run.stderr.contains("before 1800"), "{run}");
    archive
        .run(&["add", "--speaker", "X", "--date", "1445", "Added."])
        .success()
        .stderr_has("is dated 1445, before 1800: the year may be of another calendar (1445 as a Solar Hijri year is 2066/67, as a Hijri year 2023/24)");
}

/// A date, country or language copied from a Hebrew, Arabic or Persian page carries the
/// invisible direction marks (U+200E, U+200F, U+061C) that keep it in place in its
/// sentence: a record was refused for them ("found \u{200f}2024-05-13\u{200f}"), and
/// `--country IL` with one asked "did you mean El Salvador?". They are left out.
#[test]
fn direction_marks_around_a_date_country_or_language_are_left_out() {
    let archive = Archive::new();
    let records = archive.write(
        "marks.jsonl",
        concat!(
            r#"{"text":"Marked.","speaker":"X","date":"\u200f2024-05-13\u200f","country":"IL\u200e","language":"\u061che"}"#,
            "\n",
            r#"{"text":"Plain.","speaker":"Y","date":"2023-01-01","country":"AM","language":"hy"}"#,
            "\n",
        ),
    );
    archive
        .run(&["ingest", records.to_str().unwrap()])
        .ingested(2, 0, 0);
    let marked = |flag: &str, value: &str| archive.ids(&["--sort", "oldest", flag, value]);
    assert_eq!(marked("--from", "\u{200f}2024-01-01"), [1]);
    assert_eq!(marked("--to", "2023-12-31\u{200e}"), [2]);
    assert_eq!(marked("--country", "IL\u{200e}"), [1]);
    assert_eq!(marked("--country", "\u{200f}Israel"), [1]);
    assert_eq!(marked("--lang", "he\u{200f}"), [1]);
    assert_eq!(marked("--lang", "\u{2068}Hebrew\u{2069}"), [1]);
}

/// The Kurdistan Region, Nagorno-Karabakh, Abkhazia or Somaliland speak in conflicts and
/// have no ISO 3166-1 code: ISO's user-assigned codes (QM to QZ, XA to XZ) were refused,
/// and "Kurdistan" was asked "did you mean Saint Helena, Ascension and Tristan da
/// Cunha?". A user-assigned code is a country, shown as the code; a region's name says
/// how to use one.
#[test]
fn user_assigned_codes_are_countries_and_a_region_is_told_to_use_one() {
    let archive = Archive::new();
    let records = archive.write(
        "regions.jsonl",
        concat!(
            r#"{"text":"Artsakh statement.","speaker":"Artsakh MFA","date":"2024-01-01","country":"XN"}"#,
            "\n",
            r#"{"text":"KRG statement.","speaker":"KRG","date":"2024-01-02","country":"qn"}"#,
            "\n",
            r#"{"text":"Armenian statement.","speaker":"Armenian MFA","date":"2024-01-03","country":"AM"}"#,
            "\n",
        ),
    );
    archive
        .run(&["ingest", records.to_str().unwrap()])
        .ingested(3, 0, 0);
    let ids = |country: &str| archive.ids(&["--sort", "oldest", "--country", country]);
    assert_eq!(ids("XN"), [1]);
    assert_eq!(ids("QN"), [2]);
    assert_eq!(ids("qn"), [2]);
    assert_eq!(ids("AM"), [3]);
    let facets = archive.run(&["facets", "--by", "country"]);
    facets.success().stdout_has("QN").stdout_has("XN");
    // The codes joined the table of countries that rows refer to: the archive is sound.
    archive.run(&["check"]).success();
    archive
        .run(&["speakers", "--country", "QN"])
        .success()
        .stdout_has("KRG");

    let region = archive.write(
        "region.jsonl",
        r#"{"text":"y","speaker":"KRG","date":"2024-01-01","country":"Kurdistan"}"#,
    );
    let run = archive.run(&["ingest", region.to_str().unwrap()]);
    run.code(2).stderr_has(
        "region.jsonl:1: country: unknown country \"Kurdistan\" (Kurdistan has no ISO 3166-1 code: choose a user-assigned one, from QM to QZ or XA to XZ (XK is Kosovo's), and give it to all its statements)",
    );
    assert!(!run.stderr.contains("Saint Helena"), "{run}");
    let run = archive.run(&["search", "statement", "--country", "Abkhazia"]);
    run.code(2).stderr_has("Abkhazia has no ISO 3166-1 code");
    assert!(!run.stderr.contains("did you mean"), "{run}");
}

/// A channel or tag copied from a right-to-left page often ends in a direction mark, and
/// one from HTML may hold a soft hyphen: they were kept, so `telegram` with a mark was a
/// channel of its own that `--channel telegram` missed and `facets` printed as a second
/// `telegram`. Labels lose their invisible format characters at ingest, as the filters
/// read them; a country or language with a mark is the one without.
#[test]
fn labels_with_invisible_format_characters_are_the_plain_labels() {
    let archive = Archive::new();
    let records = [
        ("telegram", "غزة", "AM"),
        ("telegram\u{200f}", "غزة\u{200f}", "\u{200f}AM"),
        ("\u{200e}telegram", "\u{202b}غزة\u{202c}", "AM\u{200e}"),
        ("Telegram", "gaza", "AM"),
        ("tele\u{00ad}gram", "ga\u{00ad}za", "AM"),
        ("TELEGRAM \u{200f}", "GAZA", "AM"),
    ];
    let lines: Vec<String> = records
        .iter()
        .enumerate()
        .map(|(number, (channel, tag, country))| {
            serde_json::json!({
                "text": format!("Statement {number}"),
                "speaker": "Spokesperson",
                "date": "2024-05-01",
                "channel": channel,
                "tags": [tag],
                "country": country,
                "language": "\u{200f}ar",
            })
            .to_string()
        })
        .collect();
    archive
        .run_with_stdin(&["ingest", "-"], lines.join("\n"))
        .success()
        .ingested(6, 0, 0);
    assert_eq!(
        archive.ids(&["--channel", "telegram"]),
        vec![6, 5, 4, 3, 2, 1]
    );
    // A filter value with a mark, copied from the same page, is the plain one too.
    assert_eq!(
        archive.ids(&["--channel", "telegram\u{200f}"]),
        vec![6, 5, 4, 3, 2, 1]
    );
    assert_eq!(archive.ids(&["--tag", "غزة"]), vec![3, 2, 1]);
    assert_eq!(archive.ids(&["--tag", "gaza"]), vec![6, 5, 4]);
    assert_eq!(archive.ids(&["--tag", "ga\u{00ad}za"]), vec![6, 5, 4]);
    assert_eq!(
        archive
            .ids(&["--country", "\u{200f}AM", "--lang", "ar\u{200f}"])
            .len(),
        6
    );
    let facets = archive.stdout_json(&[
        "facets",
        "--by",
        "channel,tag,country,lang",
        "--format",
        "json",
    ]);
    assert_eq!(
        facets,
        serde_json::json!({"total": 6,
            "channel": [{"value": "telegram", "count": 6}],
            "tag": [{"value": "gaza", "count": 3}, {"value": "غزة", "count": 3}],
            "country": [{"value": "AM", "count": 6}],
            "lang": [{"value": "ar", "count": 6}],
        })
    );
    // A label of invisible characters alone is none, as a blank one is.
    archive
        .run_with_stdin(
            &["ingest", "-"],
            r#"{"text":"Seventh","speaker":"S","date":"2024","channel":"\u200f","tags":["\u00ad"]}"#,
        )
        .success()
        .ingested(1, 0, 0);
    assert_eq!(
        archive.ids(&["--channel", "none", "--tag", "none"]),
        vec![7]
    );
}

/// A speaker or text of invisible characters, marks or punctuation alone was stored
/// (whitespace alone is refused): the speakers `\u200f`, `\u202e\u202c`, `\u0301\u0302`,
/// `״` and `؟!` became one speaker shown as `�`, and the texts statements with nothing to
/// read. They are missing, as a blank one is, named by file, line and field, and nothing
/// of the file is written.
#[test]
fn a_speaker_or_text_with_nothing_to_read_is_missing() {
    let archive = Archive::new();
    let records = [
        ("x one", "\u{200f}"),
        ("x two", "\u{202e}\u{202c}"),
        ("x three", "\u{0301}\u{0302}"),
        ("x four", "\u{05f4}"),
        ("x five", "\u{061f}!"),
        ("\u{200f}\u{200e}", "Real"),
        ("\u{00ad}", "Real"),
        ("\u{0301} \u{200f}", "Real"),
        ("x nine", "Real"),
    ];
    let lines: Vec<String> = records
        .iter()
        .map(|(text, speaker)| {
            serde_json::json!({"text": text, "speaker": speaker, "date": "2024-01-01"}).to_string()
        })
        .collect();
    let path = archive.write("empty.jsonl", lines.join("\n") + "\n");
    let run = archive.run(&["ingest", path.to_str().unwrap()]);
    run.code(2)
        .stderr_has("8 invalid records; nothing was written");
    for line in 1..=5 {
        run.stderr_has(&format!(
            "empty.jsonl:{line}: speaker: missing (this field is required)"
        ));
    }
    for line in 6..=8 {
        run.stderr_has(&format!(
            "empty.jsonl:{line}: text: missing (this field is required)"
        ));
    }
    run.stderr_has("empty.jsonl:1: speaker: missing (this field is required): \"\\u{200f}\" has only invisible characters");
    run.stderr_has("\"\u{05f4}\" has no letter or digit, only marks or punctuation");
    run.stderr_has("has nothing to read, only invisible characters or marks");
    archive.assert_no_archive();
    // --skip-invalid stores the one valid record, and no invisible speaker.
    archive
        .run(&["ingest", "--skip-invalid", path.to_str().unwrap()])
        .code(1)
        .ingested(1, 0, 8);
    let speakers = archive.run(&["speakers", "--format", "csv"]);
    let (_, rows) = speakers.success().csv();
    assert_eq!(rows.len(), 1, "{speakers}");
    // A text of punctuation or an emoji alone is something to read; `add` and `edit`
    // refuse what ingest refuses.
    archive
        .run(&["add", "👍", "--speaker", "Real", "--date", "2024"])
        .success();
    archive
        .run(&["add", "ok", "--speaker", "\u{200f}!", "--date", "2024"])
        .code(2)
        .stderr_has("speaker");
    archive
        .run(&["edit", "1", "--set", "speaker=\u{05f4}", "--reason", "typo"])
        .code(2)
        .stderr_has("has no letter or digit");
}

/// A file converted from the wrong encoding (UTF-8 read as Windows-1252, as the old hint
/// advised for every file) ingested cleanly as mojibake: `Ã©` for `é`, `Ø§Ù„` for `ال`.
/// The ingest says so, naming the file, the first line and the field; real accents, an
/// Arabic text and typographic quotes say nothing.
#[test]
fn text_that_reads_as_utf8_decoded_as_windows_1252_is_named() {
    let archive = Archive::new();
    let clean = concat!(
        r#"{"text":"Déjà vu à Genève, „Gruß“ — “zero victim”","speaker":"A","date":"2024"}"#,
        "\n",
        r#"{"text":"المدرسة مغلقة","speaker":"وزارة التربية","date":"2024"}"#,
        "\n",
    );
    let run = archive.run_with_stdin(&["ingest", "-"], clean);
    run.success().ingested(2, 0, 0);
    assert!(!run.stderr.contains("mojibake"), "{run}");
    let garbled = concat!(
        r#"{"text":"A statement","speaker":"B","date":"2024"}"#,
        "\n",
        r#"{"text":"Ø§Ù„Ù…Ø¯Ø±Ø³Ø© Ù…ØºÙ„Ù‚Ø©","speaker":"C","date":"2024"}"#,
        "\n",
        r#"{"text":"Plain","speaker":"JosÃ© Castro","date":"2024"}"#,
        "\n",
    );
    let path = archive.write("garbled.jsonl", garbled);
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .success()
        .ingested(3, 0, 0)
        .stderr_has(
            "garbled.jsonl: 2 statements with text that reads as UTF-8 decoded as Windows-1252 (mojibake), the first at line 2, text: \"Ø§\" for \"ا\"",
        );
}

/// An archive written before labels lost their invisible format characters (schema 9)
/// kept them: `facets`, `stats` and `export` showed `telegram` and `telegram` with a
/// direction mark as two channels. Opened, its labels are rewritten as ingest reads them
/// now (values that become one are one, a mark alone is no channel), the index follows,
/// and no statement's history gains an entry for it.
#[test]
fn opening_an_archive_of_schema_9_rewrites_labels_with_invisible_format_characters() {
    let archive = Archive::new();
    let database = archive.dir().join("archive.sqlite3");
    let lines: Vec<String> = (1..=4)
        .map(|number| {
            serde_json::json!({"text": format!("Statement {number}"), "speaker": "Spokesperson",
                "date": format!("2024-05-0{number}"), "channel": "telegram", "tags": ["gaza"]})
            .to_string()
        })
        .collect();
    archive
        .run_with_stdin(&["ingest", "-"], lines.join("\n"))
        .success()
        .ingested(4, 0, 0);
    // What version 9 stored of records with the marks, and indexed as stored.
    rusqlite::Connection::open(&database)
        .unwrap()
        .execute_batch(
            "UPDATE statements SET channel = 'telegram' || char(0x200E),
                 tags = '[\"ga' || char(0xAD) || 'za\",\"gaza\"]' WHERE id = 2;
             UPDATE statements SET channel = char(0x200F),
                 tags = '[\"' || char(0x200F) || 'غزة\",\"gaza\"]' WHERE id = 3;
             UPDATE statements SET channel = char(0x200E) || 'telegram' WHERE id = 4;",
        )
        .unwrap();
    archive.run(&["reindex"]).success();
    rusqlite::Connection::open(&database)
        .unwrap()
        .execute_batch("PRAGMA user_version = 9;")
        .unwrap();
    let facets = archive.stdout_json(&["facets", "--by", "channel,tag", "--format", "json"]);
    assert_eq!(
        facets,
        serde_json::json!({"total": 4,
            "channel": [{"value": "telegram", "count": 3}, {"value": null, "count": 1}],
            "tag": [{"value": "gaza", "count": 4}, {"value": "غزة", "count": 1}],
        })
    );
    let stats = archive.stdout_json(&["stats", "--format", "json"]);
    assert_eq!(
        stats["channels"],
        serde_json::json!([{"value": "telegram", "count": 3}, {"value": null, "count": 1}]),
        "{stats:#}"
    );
    let exported = archive.run(&["export", "--format", "jsonl"]).json_lines();
    let labels: Vec<(serde_json::Value, serde_json::Value)> = exported
        .iter()
        .map(|record| (record["channel"].clone(), record["tags"].clone()))
        .collect();
    assert_eq!(
        labels,
        [
            (serde_json::json!("telegram"), serde_json::json!(["gaza"])),
            (serde_json::json!("telegram"), serde_json::json!(["gaza"])),
            (serde_json::Value::Null, serde_json::json!(["gaza", "غزة"])),
            (serde_json::json!("telegram"), serde_json::json!(["gaza"])),
        ]
    );
    assert_eq!(archive.ids(&["--channel", "telegram"]), [4, 2, 1]);
    assert_eq!(archive.ids(&["--channel", "none"]), [3]);
    assert_eq!(archive.ids(&["--tag", "غزة"]), [3]);
    let connection = rusqlite::Connection::open(&database).unwrap();
    let version: i64 = connection
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, communique::store::SCHEMA_VERSION);
    let history: i64 = connection
        .query_row("SELECT count(*) FROM statement_history", [], |row| {
            row.get(0)
        })
        .unwrap();
    assert_eq!(history, 0);
    drop(connection);
    archive
        .run(&["check", "--no-repair"])
        .success()
        .stdout_has("ok: 4 statements in the database, 4 in the index, in agreement");
}

/// L1: dates as Telegram exports, APIs and RSS feeds write them were refused; the day kept
/// is the one written, on the speaker's clock, not the UTC one.
#[test]
fn dates_as_feeds_write_them_are_read_as_the_day_written() {
    let archive = Archive::new();
    let lines = [
        ("Telegram.", "2024-02-13T08:30:00+0400"),
        ("RSS.", "Tue, 13 Feb 2024 08:30:00 +0400"),
        ("RSS without a day name.", "13 Feb 2024 08:30 GMT"),
        ("A zone after a space.", "2024-02-13 08:30:00 UTC"),
        ("Late in Washington.", "2024-02-13T23:30:00-05:00"),
    ]
    .map(|(text, date)| format!(r#"{{"text": "{text}", "speaker": "S", "date": "{date}"}}"#));
    let path = archive.write("feeds.jsonl", lines.join("\n"));
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .success()
        .ingested(5, 0, 0);
    for number in 1..=5 {
        let shown = archive.stdout_json(&["show", &number.to_string(), "--format", "json"]);
        assert_eq!(shown["date"], "2024-02-13", "{shown}");
    }
    assert_eq!(
        archive
            .ids(&[
                "--from",
                "Tue, 13 Feb 2024 00:00:00 +0400",
                "--to",
                "2024-02-13T12:00+0400"
            ])
            .len(),
        5
    );
    archive
        .run(&[
            "add",
            "--speaker",
            "S",
            "--date",
            "14 Feb 2024 09:00 GMT",
            "Added.",
        ])
        .success();
    assert_eq!(archive.ids(&["--from", "2024-02-14"]).len(), 1);

    let wrong_day =
        r#"{"text": "Wrong day name.", "speaker": "S", "date": "Wed, 13 Feb 2024 08:30:00 +0400"}"#;
    let path = archive.write("wrong.jsonl", format!("{}\n{wrong_day}\n", lines[0]));
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .code(2)
        .stderr_has("wrong.jsonl:2: date: expected a date as RSS feeds write it")
        .stderr_has("nothing was written");
    assert_eq!(archive.statement_count(), 6);
}

/// An archive of schema 10 kept no time of day. Opened, it gains the column, its
/// statements have no time, and a feed read again with times fills them in: the same
/// statements, not new ones.
#[test]
fn opening_an_archive_of_schema_10_keeps_times_from_then_on() {
    let archive = Archive::new();
    let database = archive.dir().join("archive.sqlite3");
    let line = |date: &str| {
        format!(r#"{{"text": "Shelling at dawn.", "speaker": "MoD", "date": "{date}"}}"#)
    };
    archive
        .run_with_stdin(&["ingest", "-"], line("2024-02-13"))
        .success()
        .ingested(1, 0, 0);
    rusqlite::Connection::open(&database)
        .unwrap()
        .execute_batch(
            "DROP VIEW statement_view;
             ALTER TABLE statements DROP COLUMN time;
             CREATE VIEW statement_view AS SELECT s.id, s.date FROM statements s;
             PRAGMA user_version = 10;",
        )
        .unwrap();
    let shown = archive.stdout_json(&["show", "1", "--format", "json"]);
    assert_eq!(
        (&shown["date"], &shown["time"]),
        (&serde_json::json!("2024-02-13"), &serde_json::Value::Null)
    );
    archive
        .run_with_stdin(&["ingest", "-"], line("Tue, 13 Feb 2024 05:10:00 +0400"))
        .success()
        .ingested(0, 1, 0);
    let shown = archive.stdout_json(&["show", "1", "--format", "json"]);
    assert_eq!(shown["time"], "05:10:00+04:00");
    let version: i64 = rusqlite::Connection::open(&database)
        .unwrap()
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, communique::store::SCHEMA_VERSION);
}
