//! Hostile and broken input files: each one is either rejected with a `FILE:LINE` error
//! and leaves the archive exactly as before, or is stored faithfully. Never a panic.
//!
//! Knob: `COMMUNIQUE_HUGE_FIELD_MB` (the size of the huge text field, default 4; the
//! issue's 50 MB takes about 30 s to ingest with a debug build).

use serde_json::{json, Value};

use crate::support::{knob, Corpus, Run, Workspace};

/// What ingesting a file must do.
enum Expect {
    /// Exit 2 with `communique: error: FILE:LINE: …` (and the problem mentioned), and the
    /// archive as before.
    Rejected { line: u64, mentions: &'static str },
    /// Exit 0; the last exported statements carry these fields, exactly.
    Stored(Vec<Value>),
    /// An empty input: exit 0 with nothing added, or a `FILE:LINE` error; either way the
    /// archive as before.
    Nothing,
}

struct Case {
    file: String,
    bytes: Vec<u8>,
    expect: Expect,
}

fn case(file: &str, bytes: impl Into<Vec<u8>>, expect: Expect) -> Case {
    Case {
        file: file.to_string(),
        bytes: bytes.into(),
        expect,
    }
}

fn line(record: &Value) -> String {
    format!("{record}\n")
}

fn valid(text: &str) -> Value {
    json!({"text": text, "speaker": "Test Speaker", "date": "2024-02-13"})
}

/// An archive holding a small generated corpus, to see that nothing of it changes.
fn base() -> (Workspace, Corpus) {
    let workspace = Workspace::new();
    let corpus = Corpus::generate(0xBA5E, 1, 12);
    let files = corpus.write(&workspace, "base");
    workspace
        .run(&["ingest", files[0].to_str().unwrap()])
        .success();
    (workspace, corpus)
}

/// Ingests each case into one archive and checks what it did; returns how many ran.
fn run_cases(cases: Vec<Case>) -> usize {
    let (workspace, _) = base();
    let count = cases.len();
    for case in cases {
        let before = workspace.snapshot();
        workspace.write(&case.file, &case.bytes);
        let run = workspace.run(&["ingest", case.file.as_str()]);
        run.sane();
        let context = format!("ingesting {}:\n{run}", case.file);
        match case.expect {
            Expect::Rejected { line, mentions } => {
                assert_eq!(run.code, Some(2), "expected a rejection, {context}");
                let prefix = format!("communique: error: {}:{line}: ", case.file);
                assert!(
                    run.stderr.starts_with(&prefix),
                    "expected {prefix:?}, {context}"
                );
                assert!(
                    run.stderr.contains(mentions),
                    "the error does not mention {mentions:?}, {context}"
                );
                // A CSV header that cannot be read refuses the file before any record,
                // as a missing column does: nothing is read, so nothing to say was not
                // written.
                assert!(
                    run.stderr.contains("nothing was written")
                        || run
                            .stderr
                            .contains(&format!("{}:1: invalid UTF-8 in the header", case.file)),
                    "{context}"
                );
                assert_eq!(
                    workspace.snapshot(),
                    before,
                    "the archive changed, {context}"
                );
            }
            Expect::Nothing => {
                match run.code {
                    Some(0) => assert!(run.stderr.contains(" 0 added"), "{context}"),
                    Some(2) => {
                        let rest = run
                            .stderr
                            .strip_prefix(&format!("communique: error: {}:", case.file))
                            .unwrap_or_else(|| panic!("expected FILE:LINE, {context}"));
                        let digits = rest.chars().take_while(char::is_ascii_digit).count();
                        assert!(digits > 0 && rest[digits..].starts_with(": "), "{context}");
                    }
                    _ => panic!("unexpected exit, {context}"),
                }
                assert_eq!(
                    workspace.snapshot(),
                    before,
                    "the archive changed, {context}"
                );
            }
            Expect::Stored(expected) => {
                assert_eq!(run.code, Some(0), "expected the file stored, {context}");
                workspace.run(&["check", "--no-repair"]).success();
                let exported = workspace.run(&["export", "--format", "jsonl"]);
                let records = exported.json_lines();
                let stored = &records[records.len() - expected.len()..];
                for (record, expected) in stored.iter().zip(&expected) {
                    for (field, value) in expected.as_object().expect("an object") {
                        assert_eq!(
                            record.get(field),
                            Some(value),
                            "field {field} not stored faithfully, {context}"
                        );
                    }
                }
            }
        }
    }
    count
}

#[test]
fn broken_files_are_rejected_with_file_and_line() {
    let ok = line(&valid("A valid statement before the broken one."));
    let mut truncated_jsonl = ok.clone() + &ok.replace("valid", "second valid");
    truncated_jsonl.push_str(r#"{"text": "cut off in the mid"#);
    let nested = format!(
        "{ok}{{\"text\": {}{}, \"speaker\": \"S\", \"date\": \"2024\"}}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let mut latin1_jsonl = ok.clone().into_bytes();
    latin1_jsonl.extend_from_slice(
        b"{\"text\": \"caf\xe9 cr\xe8me\", \"speaker\": \"S\", \"date\": \"2024\"}\n",
    );
    let mut latin1_csv = b"text,speaker,date\nfine,S,2024\n".to_vec();
    latin1_csv.extend_from_slice(b"caf\xe9,S,2024\n");
    let mut latin1_json =
        b"[\n  {\"text\": \"fine\", \"speaker\": \"S\", \"date\": \"2024\"},\n".to_vec();
    latin1_json.extend_from_slice(
        b"  {\"text\": \"caf\xe9\", \"speaker\": \"S\", \"date\": \"2024\"}\n]\n",
    );
    let mut raw_nul = ok.clone().into_bytes();
    raw_nul.extend_from_slice(
        b"{\"text\": \"a raw \x00 byte\", \"speaker\": \"S\", \"date\": \"2024\"}\n",
    );
    let mut fields = serde_json::Map::new();
    for number in 0..100_000 {
        fields.insert(format!("field{number}"), json!(number));
    }
    fields.insert("speaker".into(), json!("S"));
    fields.insert("date".into(), json!("2024"));
    let no_text = Value::Object(fields);
    let sql = "'); DROP TABLE statements; --";

    let mut cases = vec![
        case(
            "truncated.jsonl",
            truncated_jsonl,
            Expect::Rejected {
                line: 3,
                mentions: "invalid JSON",
            },
        ),
        case(
            "truncated.json",
            "[\n  {\"text\": \"a\", \"speaker\": \"S\", \"date\": \"2024\"},\n  {\"text\": \"b\",",
            Expect::Rejected {
                line: 3,
                mentions: "invalid JSON",
            },
        ),
        case(
            "truncated.csv",
            "text,speaker,date\nfine,S,2024\n\"cut off in the mid",
            Expect::Rejected {
                line: 3,
                mentions: "is never closed: it runs to the end of the input",
            },
        ),
        case(
            "unbalanced.csv",
            "text,speaker,date\n\"never closed,S,2024\nnext,S,2024\nthird,S,2024\n",
            Expect::Rejected {
                line: 2,
                mentions: "is never closed: it takes in the rest of the input",
            },
        ),
        case(
            "latin1.jsonl",
            latin1_jsonl,
            Expect::Rejected {
                line: 2,
                mentions: "UTF-8",
            },
        ),
        case(
            "latin1.csv",
            latin1_csv,
            Expect::Rejected {
                line: 3,
                mentions: "UTF-8",
            },
        ),
        case(
            "latin1.json",
            latin1_json,
            Expect::Rejected {
                line: 3,
                mentions: "UTF-8",
            },
        ),
        case(
            "raw-nul.jsonl",
            raw_nul,
            Expect::Rejected {
                line: 2,
                mentions: "control character",
            },
        ),
        case(
            "nested.jsonl",
            nested,
            Expect::Rejected {
                line: 2,
                mentions: "recursion limit",
            },
        ),
        case(
            "nested.json",
            "[".repeat(100_000) + &"]".repeat(100_000),
            Expect::Rejected {
                line: 1,
                mentions: "recursion limit",
            },
        ),
        case(
            "nested-object.jsonl",
            line(
                &json!({"text": {"a": {"b": {"c": [1, 2, {"d": "deep"}]}}}, "speaker": "S", "date": "2024"}),
            ),
            Expect::Rejected {
                line: 1,
                mentions: "text: expected a string, found an object",
            },
        ),
        case(
            "no-text-100000-fields.jsonl",
            line(&no_text),
            Expect::Rejected {
                line: 1,
                mentions: "text: missing",
            },
        ),
        case(
            "lone-surrogate.jsonl",
            "{\"text\": \"lone \\ud800 half\", \"speaker\": \"S\", \"date\": \"2024\"}\n",
            Expect::Rejected {
                line: 1,
                mentions: "invalid JSON",
            },
        ),
        case(
            "not-objects.jsonl",
            ok.clone() + "[1, 2, 3]\n",
            Expect::Rejected {
                line: 2,
                mentions: "expected a JSON object",
            },
        ),
        case(
            "sql-date.jsonl",
            line(&json!({"text": "t", "speaker": "S", "date": format!("2024{sql}")})),
            Expect::Rejected {
                line: 1,
                mentions: "date",
            },
        ),
        case(
            "sql-country.jsonl",
            line(&json!({"text": "t", "speaker": "S", "date": "2024", "country": sql})),
            Expect::Rejected {
                line: 1,
                mentions: "country: unknown country",
            },
        ),
        case(
            "binary-garbage",
            (0..65_536u32)
                .map(|n| (n.wrapping_mul(2_654_435_761) >> 24) as u8)
                .collect::<Vec<u8>>(),
            Expect::Rejected {
                line: 1,
                mentions: "",
            },
        ),
    ];
    // Dates out of range or impossible, as strings and as numbers.
    let bad_dates: [Value; 17] = [
        json!("0000-01-01"),
        json!("0000"),
        json!("10000-01-01"),
        json!("99999"),
        json!("2024-13-01"),
        json!("2024-00-10"),
        json!("2024-02-30"),
        json!("2023-02-29"),
        json!("2024-04-31"),
        json!("-0001-01-01"),
        json!("2024-1-1"),
        json!("２０２４"),
        json!("2024-02-13-01"),
        json!(1e10),
        json!(-2024),
        json!(2024.5),
        json!(u64::MAX),
    ];
    for (number, date) in bad_dates.iter().enumerate() {
        cases.push(case(
            &format!("bad-date-{number}.jsonl"),
            ok.clone()
                + &line(&json!({"text": format!("dated {date}"), "speaker": "S", "date": date})),
            Expect::Rejected {
                line: 2,
                mentions: "date",
            },
        ));
    }
    cases.push(case(
        "bad-published.jsonl",
        line(&json!({"text": "t", "speaker": "S", "date": "2024", "source": {"published": "2024-02-31"}})),
        Expect::Rejected {
            line: 1,
            mentions: "source",
        },
    ));
    let count = run_cases(cases);
    eprintln!("broken files rejected with FILE:LINE: {count}");
}

#[test]
fn strange_but_valid_files_are_stored_faithfully() {
    let sql = "'); DROP TABLE statements; -- \" OR 1=1; /* */ SELECT * FROM sqlite_master;";
    let sql_record = json!({
        "text": format!("text {sql}"),
        "speaker": format!("speaker {sql}"),
        "role": format!("role {sql}"),
        "organization": format!("organization {sql}"),
        "country": "AM",
        "title": format!("title {sql}"),
        "id": format!("id {sql}"),
        "source": {"outlet": format!("outlet {sql}"), "url": format!("https://example.org/?q={sql}")},
        "date": "2024-02-13",
    });
    let mut many_fields = serde_json::Map::new();
    for number in 0..100_000 {
        many_fields.insert(format!("field{number}"), json!(format!("value {number}")));
    }
    many_fields.insert(
        "text".into(),
        json!("A statement with 100,000 other fields."),
    );
    many_fields.insert("speaker".into(), json!("Field Speaker"));
    many_fields.insert("date".into(), json!("2024-02"));
    let mut wide_csv = String::from("text,speaker,date");
    for number in 0..100_000 {
        wide_csv.push_str(&format!(",column{number}"));
    }
    wide_csv.push_str("\nA statement in a CSV with 100003 columns.,Wide Speaker,2024");
    for number in 0..100_000 {
        wide_csv.push_str(&format!(",{number}"));
    }
    wide_csv.push('\n');
    let unicode = "Bidi \u{202E}txet desrever\u{202C}, zero\u{200B}width, e\u{301}\u{301}\u{301}, 🇦🇲🇦🇿, Հայաստան, Азербайджан, 中文, \u{FEFF}BOM, \u{FFFF}";
    let mut nul_csv =
        b"text,speaker,date\nA raw \x00 byte in a CSV cell,Csv Speaker,2024\n".to_vec();
    nul_csv.extend_from_slice(b"");

    let cases = vec![
        case("sql.jsonl", line(&sql_record), Expect::Stored(vec![sql_record.clone()])),
        case(
            "sql.csv",
            {
                let mut writer = csv::Writer::from_writer(Vec::new());
                writer.write_record(["text", "speaker", "date", "title", "id"]).unwrap();
                writer
                    .write_record([&format!("csv {sql}"), &format!("csv speaker {sql}"), "2024", sql, &format!("csv id {sql}")])
                    .unwrap();
                writer.into_inner().unwrap()
            },
            Expect::Stored(vec![json!({"text": format!("csv {sql}"), "title": sql, "id": format!("csv id {sql}")})]),
        ),
        case(
            "escaped-nul.jsonl",
            line(&json!({"text": "An escaped \u{0} NUL", "speaker": "Nul\u{0}Speaker", "date": "2024"})),
            Expect::Stored(vec![json!({"text": "An escaped \u{0} NUL", "speaker": "Nul\u{0}Speaker"})]),
        ),
        case(
            "raw-nul.csv",
            nul_csv,
            Expect::Stored(vec![json!({"text": "A raw \u{0} byte in a CSV cell"})]),
        ),
        case(
            "100000-fields.jsonl",
            line(&Value::Object(many_fields)),
            Expect::Stored(vec![json!({"text": "A statement with 100,000 other fields.", "date": "2024-02"})]),
        ),
        case(
            "100003-columns.csv",
            wide_csv,
            Expect::Stored(vec![json!({"text": "A statement in a CSV with 100003 columns.", "speaker": "Wide Speaker"})]),
        ),
        case(
            "unicode.jsonl",
            line(&json!({"text": unicode, "speaker": "Ünïcødé Spëaker", "date": "2024"})),
            Expect::Stored(vec![json!({"text": unicode, "speaker": "Ünïcødé Spëaker"})]),
        ),
        case(
            "crlf-bom.jsonl",
            format!("\u{FEFF}{}\r\n{}\r\n", valid("Windows line one."), valid("Windows line two.")),
            Expect::Stored(vec![json!({"text": "Windows line one."}), json!({"text": "Windows line two."})]),
        ),
        case(
            "crlf-bom.csv",
            "\u{FEFF}text,speaker,date\r\n\"Quoted, with comma and \"\"quotes\"\"\r\nand a line break\",Csv Speaker,2024-02-13\r\n",
            Expect::Stored(vec![json!({"text": "Quoted, with comma and \"quotes\"\r\nand a line break"})]),
        ),
        case(
            "extreme-dates.jsonl",
            ["0001-01-01", "9999-12-31", "0001", "9999-12", "2024-02-29"]
                .iter()
                .map(|date| line(&json!({"text": format!("Dated {date}."), "speaker": "Date Speaker", "date": date})))
                .collect::<String>(),
            Expect::Stored(
                ["0001-01-01", "9999-12-31", "0001", "9999-12", "2024-02-29"]
                    .iter()
                    .map(|date| json!({"date": date}))
                    .collect(),
            ),
        ),
        case(
            "long-speaker.jsonl",
            line(&json!({"text": "A speaker with a 64 KB name.", "speaker": "N".repeat(65_536), "date": "2024"})),
            Expect::Stored(vec![json!({"speaker": "N".repeat(65_536)})]),
        ),
    ];
    let count = run_cases(cases);
    eprintln!("strange but valid files stored faithfully: {count}");
}

#[test]
fn empty_files_add_nothing() {
    let cases = vec![
        case("empty.jsonl", "", Expect::Nothing),
        case("empty.json", "", Expect::Nothing),
        case("empty.csv", "", Expect::Nothing),
        case("empty", "", Expect::Nothing),
        case("blank.jsonl", "\n\n   \n", Expect::Nothing),
        case("blank.json", "  \n \n", Expect::Nothing),
        case("empty-array.json", "[]", Expect::Nothing),
        case("header-only.csv", "text,speaker,date\n", Expect::Nothing),
        case("bom-only.jsonl", "\u{FEFF}", Expect::Nothing),
    ];
    run_cases(cases);
}

#[test]
fn a_huge_text_field_is_stored_and_found() {
    let megabytes = knob("COMMUNIQUE_HUGE_FIELD_MB", 4);
    let words = ["restraint", "border", "ceasefire", "village", "delegation"];
    let mut text = String::with_capacity(megabytes << 20);
    let mut number = 0usize;
    while text.len() < (megabytes << 20) - 64 {
        text.push_str(words[number % words.len()]);
        text.push_str(&(number % 997).to_string());
        text.push(' ');
        number += 1;
    }
    text.push_str("the final needle");
    let workspace = Workspace::new();
    let file = workspace.write(
        "huge.jsonl",
        line(&json!({"text": text, "speaker": "Huge Speaker", "date": "2024"})),
    );
    let run = workspace.run(&["ingest", file.to_str().unwrap()]);
    run.success();
    let found = workspace.run(&["search", "\"final needle\"", "--format", "ids"]);
    assert_eq!(found.success().stdout, "1\n", "{found}");
    let exported = workspace.run(&["export", "--format", "jsonl"]);
    let records = exported.success().json_lines();
    assert_eq!(records.len(), 1);
    assert!(
        records[0]["text"].as_str() == Some(text.as_str()),
        "the huge text came back changed"
    );
    workspace.run(&["check"]).success();
    eprintln!(
        "a {megabytes} MB text field: ingested in {:.1} s, found in {:.1} s",
        run.elapsed.as_secs_f64(),
        found.elapsed.as_secs_f64()
    );
}

#[test]
fn skip_invalid_stores_the_valid_records_and_names_the_rest() {
    let (workspace, corpus) = base();
    let mut bytes = line(&valid("Good record one.")).into_bytes();
    bytes.extend_from_slice(
        b"{\"text\": \"bad \xff byte\", \"speaker\": \"S\", \"date\": \"2024\"}\n",
    );
    bytes.extend_from_slice(
        line(&json!({"text": "bad date", "speaker": "S", "date": "2024-02-30"})).as_bytes(),
    );
    bytes.extend_from_slice(b"{\"text\": \"truncated\n");
    bytes.extend_from_slice(line(&valid("Good record two.")).as_bytes());
    workspace.write("mixed.jsonl", bytes);
    let run = workspace.run(&["ingest", "mixed.jsonl", "--skip-invalid"]);
    run.code(1);
    for expected in [
        "mixed.jsonl:2: text: invalid UTF-8",
        "mixed.jsonl:3: date:",
        "mixed.jsonl:4: invalid JSON",
    ] {
        run_has(&run, expected);
    }
    let exported = workspace.run(&["export", "--format", "jsonl"]).json_lines();
    assert_eq!(exported.len(), corpus.records.len() + 2);
    workspace.run(&["check", "--no-repair"]).success();
}

#[track_caller]
fn run_has(run: &Run, text: &str) {
    assert!(run.stderr.contains(text), "stderr lacks {text:?}:\n{run}");
}

#[test]
fn hostile_standard_input_is_treated_like_a_file() {
    let (workspace, _) = base();
    let before = workspace.snapshot();
    let mut bytes = line(&valid("fine")).into_bytes();
    bytes.extend_from_slice(
        b"{\"text\": \"\xc3\x28 invalid\", \"speaker\": \"S\", \"date\": \"2024\"}\n",
    );
    let run = workspace.run_with_stdin(&["ingest", "-"], bytes);
    run.code(2);
    run_has(&run, "communique: error: <stdin>:2: text: invalid UTF-8");
    assert_eq!(workspace.snapshot(), before);
    // A stream cut in the middle of a record.
    let run = workspace.run_with_stdin(
        &["ingest", "-", "--format", "csv"],
        "text,speaker,date\n\"half",
    );
    run.code(2);
    run_has(&run, "communique: error: <stdin>:2: ");
    assert_eq!(workspace.snapshot(), before);
}
