//! `communique show`: one statement with every field.

use serde_json::{json, Value};

use crate::support::Archive;

/// Checks that `ingested_at` is an RFC 3339 UTC time to the second, e.g. 2024-02-13T10:00:00Z.
fn assert_timestamp(text: &str) {
    let bytes = text.as_bytes();
    let digits = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
    assert_eq!(bytes.len(), 20, "{text:?}");
    assert!(
        digits.iter().all(|&i| bytes[i].is_ascii_digit()),
        "{text:?}"
    );
    assert_eq!(
        [bytes[4], bytes[7], bytes[10], bytes[13], bytes[16], bytes[19]],
        *b"--T::Z",
        "{text:?}"
    );
}

/// Checks that `actual` is an object with every field of `expected`, with its value.
#[track_caller]
fn assert_has_fields(actual: &Value, expected: &Value) {
    for (field, value) in expected.as_object().unwrap() {
        assert_eq!(
            actual.get(field),
            Some(value),
            "field {field:?} of {actual:#}"
        );
    }
}

#[test]
fn show_prints_every_field_as_a_table() {
    let archive = Archive::with("statements.jsonl");
    let run = archive.run(&["show", "1"]);
    run.success();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines
            .iter()
            .filter(|line| !line.starts_with("    ingested  "))
            .copied()
            .collect::<Vec<_>>(),
        [
            "          id  1",
            "        date  2024-02-13 (day)",
            "     speaker  Ministry of Defence of Armenia (institution, AM)",
            "organization  Government of Armenia",
            "        kind  statement",
            "     channel  telegram",
            "    language  en",
            "       title  Overnight ceasefire violation at Nerkin-And",
            "      source  Armenpress, https://example.org/am/1, 2024-02-13",
            "        tags  border, casualties",
            " external id  t01",
            "",
            "  Two servicemen were killed when Azerbaijani forces opened fire on a combat post near Nerkin-And. The provocative attack is a gross violation of the ceasefire.",
        ],
        "{run}"
    );
    let ingested = lines
        .iter()
        .find_map(|line| line.strip_prefix("    ingested  "))
        .expect("an ingested line");
    assert_timestamp(ingested);
}

#[test]
fn show_table_has_role_and_the_precision_of_the_date() {
    let archive = Archive::with("statements.jsonl");
    archive
        .run(&["show", "3"])
        .success()
        .stdout_has("        role  Kremlin spokesperson\n");
    let run = archive.run(&["show", "4"]);
    run.success()
        .stdout_has("        date  2024-02 (month)\n")
        .stdout_has("     speaker  Dmitry Peskov (person, RU)\n")
        .stdout_has("    language  ru\n")
        .stdout_has("\n  Песков призвал Ереван и Баку к сдержанности.\n");
    // Empty fields are left out.
    assert!(!run.stdout.contains("title"), "{run}");
    assert!(!run.stdout.contains("source"), "{run}");
    archive
        .run(&["show", "5"])
        .success()
        .stdout_has("        date  2023 (year)\n");
}

#[test]
fn show_long_text_is_wrapped_to_the_width() {
    let archive = Archive::with("statements.jsonl");
    let mut command = archive.command(&["show", "8"]);
    command.env("COLUMNS", "40");
    let run = crate::support::Run::of(command);
    run.success();
    let text: Vec<&str> = run
        .stdout
        .split("\n\n")
        .nth(1)
        .expect("the text after a blank line")
        .lines()
        .collect();
    assert!(text.len() > 3, "{run}");
    for line in &text {
        assert!(line.starts_with("  "), "{line:?}");
        assert!(line.chars().count() <= 40, "{line:?} is wider than 40");
    }
    let rejoined: Vec<&str> = text.iter().map(|line| line.trim()).collect();
    assert_eq!(
        rejoined.join(" "),
        "Moscow is ready to host talks between Baku and Yerevan and expects both capitals to respect the ceasefire agreed in November, to refrain from rhetoric that inflames tensions, and to return to the negotiating table without preconditions."
    );
}

/// CSV is one table: never a statement's table followed by its changes, nor a
/// speaker's card.
#[test]
fn show_history_has_no_csv_form_and_a_speaker_in_csv_is_a_row() {
    let archive = Archive::with("statements.jsonl");
    archive
        .run(&[
            "edit",
            "3",
            "--set",
            "date=2024-02-14",
            "--reason",
            "per TASS",
        ])
        .success();
    let run = archive.run(&["show", "3", "--history", "--format", "csv"]);
    run.code(2)
        .stderr_has("--history has no CSV form")
        .stderr_has("use --format json");
    assert_eq!(run.stdout, "");
    // As the list has it: `speakers show -f csv` is the speaker's row of `speakers -f csv`.
    let (list_header, list) = archive
        .run(&["speakers", "--format", "csv"])
        .success()
        .csv();
    let (one_header, one) = archive
        .run(&["speakers", "show", "peskov", "--format", "csv"])
        .success()
        .csv();
    assert_eq!(one_header, list_header);
    assert_eq!(one.len(), 1);
    assert!(list.contains(&one[0]), "{one:?} not in {list:?}");
}

#[test]
fn show_json_has_every_field() {
    let archive = Archive::with("statements.jsonl");
    let statement = archive.stdout_json(&["show", "1", "--format", "json"]);
    assert_timestamp(statement["ingested_at"].as_str().unwrap());
    assert_has_fields(
        &statement,
        &json!({
            "id": 1,
            "date": "2024-02-13",
            "date_precision": "day",
            "speaker": "Ministry of Defence of Armenia",
            "speaker_id": 1,
            "speaker_kind": "institution",
            "role": null,
            "organization": "Government of Armenia",
            "country": "AM",
            "channel": "telegram",
            "kind": "statement",
            "language": "en",
            "title": "Overnight ceasefire violation at Nerkin-And",
            "text": "Two servicemen were killed when Azerbaijani forces opened fire on a combat post near Nerkin-And. The provocative attack is a gross violation of the ceasefire.",
            "source": {
                "outlet": "Armenpress",
                "url": "https://example.org/am/1",
                "published": "2024-02-13"
            },
            "tags": ["border", "casualties"],
            "external_id": "t01",
        }),
    );

    let year = archive.stdout_json(&["show", "5", "--format", "json"]);
    assert_eq!(year["date"], "2023");
    assert_eq!(year["date_precision"], "year");
    assert_eq!(year["channel"], Value::Null);
    assert_eq!(year["role"], "Prime Minister of Armenia");

    // jsonl is the same object on one line.
    let run = archive.run(&["show", "1", "--format", "jsonl"]);
    run.success();
    assert_eq!(run.stdout.lines().count(), 1);
    assert_eq!(run.json(), statement);
}

#[test]
fn show_csv_has_a_header_and_one_row() {
    let archive = Archive::with("statements.jsonl");
    let (header, rows) = archive
        .run(&["show", "8", "--format", "csv"])
        .success()
        .csv();
    assert_eq!(
        header,
        [
            "id",
            "date",
            "date_precision",
            "speaker",
            "speaker_kind",
            "role",
            "organization",
            "country",
            "channel",
            "kind",
            "language",
            "title",
            "text",
            "source_outlet",
            "source_url",
            "source_published",
            "tags",
            "external_id",
            "ingested_at",
            "speaker_id",
            "deleted_at",
            "deleted_reason",
            "time",
        ]
    );
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0][..12],
        [
            "8",
            "2024-03-01",
            "day",
            "Maria Zakharova",
            "person",
            "Foreign Ministry spokesperson",
            "",
            "RU",
            "briefing",
            "statement",
            "en",
            "",
        ]
    );
    assert!(rows[0][12].starts_with("Moscow is ready to host talks"));
    assert_eq!(rows[0][16], "mediation;peace-process");
    assert_eq!(rows[0][17], "t08");
    // A live statement: no deletion; no time of day.
    assert_eq!(rows[0][20..], ["", "", ""]);
}

/// `show -f csv` of a deleted statement had no column saying so, while JSON has
/// `deleted: {at, reason}`: in a spreadsheet a statement retracted as fabricated read as
/// a live one. CSV carries the scalar fields JSON has, the deletion and the speaker's id
/// among them, in columns after the old ones (scripts read columns by position too);
/// `search --deleted -f csv` as well.
#[test]
fn csv_of_a_deleted_statement_says_when_and_why_it_was_deleted() {
    let archive = Archive::with("statements.jsonl");
    archive
        .run(&["delete", "5", "--reason", "fabricated, per the ministry"])
        .success();
    let json = archive.stdout_json(&["show", "5", "--format", "json"]);
    let deleted_at = json["deleted"]["at"].as_str().unwrap();
    let speaker_id = json["speaker_id"].to_string();
    let (header, rows) = archive.run(&["show", "5", "-f", "csv"]).success().csv();
    let cell =
        |name: &str| rows[0][header.iter().position(|column| column == name).unwrap()].clone();
    assert_eq!(header[..2], ["id", "date"]);
    assert_eq!(
        header[19..],
        ["speaker_id", "deleted_at", "deleted_reason", "time"]
    );
    assert_eq!(cell("speaker_id"), speaker_id);
    assert_eq!(cell("deleted_at"), deleted_at);
    assert_eq!(cell("deleted_reason"), "fabricated, per the ministry");

    let (header, rows) = archive
        .run(&["search", "--deleted", "-f", "csv"])
        .success()
        .csv();
    assert_eq!(header[..2], ["id", "score"]);
    assert_eq!(
        header[21..],
        ["speaker_id", "deleted_at", "deleted_reason", "time"]
    );
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], "5");
    assert_eq!(
        rows[0][21..],
        [
            speaker_id.as_str(),
            deleted_at,
            "fabricated, per the ministry",
            ""
        ]
    );
}

#[test]
fn show_of_a_missing_id_exits_1() {
    let archive = Archive::with("statements.jsonl");
    let run = archive.run(&["show", "99"]);
    run.code(1)
        .stderr_has("communique: no statement with id 99");
    assert_eq!(run.stdout, "");
    let run = archive.run(&["show", "seven"]);
    run.code(1)
        .stderr_has("communique: no statement with id or external id \"seven\"");
    assert_eq!(run.stdout, "");
}

#[test]
fn show_finds_a_statement_by_the_external_id_given_at_ingest() {
    let archive = Archive::with("statements.jsonl");
    let run = archive.run(&["show", "t03"]);
    run.success()
        .stdout_has("          id  3\n")
        .stdout_has(" external id  t03\n");
    let shown = archive.stdout_json(&["show", "t05", "--format", "json", "--history"]);
    assert_eq!(shown["id"], 5);
}

/// A numeric external id finds its statement when no statement has that number, and
/// when the statement with that number is the one with that external id; one that is the
/// number of another statement names two and is refused (exit 2), naming both and the
/// forms that name each alone: the tester's H2, where the number silently won.
#[test]
fn show_refuses_a_number_that_is_another_statements_external_id() {
    let archive = Archive::new();
    archive
        .run_with_stdin(
            &["ingest", "-"],
            "{\"id\": 2, \"text\": \"first\", \"speaker\": \"A\", \"date\": \"2024\"}\n\
         {\"id\": 700, \"text\": \"second\", \"speaker\": \"A\", \"date\": \"2024\"}\n\
         {\"id\": 3, \"text\": \"third\", \"speaker\": \"A\", \"date\": \"2024\"}\n",
        )
        .success();
    // 2 is statement 2 by its number and statement 1 by its external id.
    let run = archive.run(&["show", "2"]);
    run.code(2)
        .stderr_has(
            "communique: error: \"2\" names two statements: statement 2 by its number, statement 1 by its external id\n",
        )
        .stderr_has("hint: say which: `'#2'` is statement 2 (its number), `id:2` is statement 1 (its external id)\n");
    assert_eq!(run.stdout, "");
    archive
        .run(&["show", "#2"])
        .success()
        .stdout_has("  second");
    archive
        .run(&["show", "id:2"])
        .success()
        .stdout_has("  first");
    // 3 is statement 3 both ways: one statement, no question.
    archive.run(&["show", "3"]).success().stdout_has("  third");
    // 700 is no statement's number, so it is the external id.
    archive
        .run(&["show", "700"])
        .success()
        .stdout_has("  second");
    archive
        .run(&["show", "701"])
        .code(1)
        .stderr_has("no statement with id 701 or external id \"701\"");
    archive
        .run(&["show", "#700"])
        .code(1)
        .stderr_has("communique: no statement with id 700\n");
    archive
        .run(&["show", "id:1"])
        .code(1)
        .stderr_has("communique: no statement with external id \"1\"\n");
}

/// An id of the user's own that starts like a form (`#2`, `id:x`) is still found as
/// given, and one that the form would read as another statement is refused, never
/// settled by the form.
#[test]
fn an_external_id_that_looks_like_a_form_is_found_as_given_unless_it_names_two() {
    let archive = Archive::new();
    archive
        .run_with_stdin(
            &["ingest", "-", "--format", "csv"],
            "id,text,speaker,date\n#2,hash,A,2024\nplain,other,A,2024\nid:x,prefixed,A,2024\n",
        )
        .success();
    // #2 is statement 2 and statement 1's external id.
    archive
        .run(&["show", "#2"])
        .code(2)
        .stderr_has("\"#2\" names two statements: statement 2 by its number, statement 1 by its external id\n")
        .stderr_has("hint: say which: `id:plain` is statement 2 (its external id), `'id:#2'` is statement 1 (its external id)\n");
    archive
        .run(&["show", "id:#2"])
        .success()
        .stdout_has("  hash");
    // No statement has the external id x: id:x is the statement ingested as "id:x".
    archive
        .run(&["show", "id:x"])
        .success()
        .stdout_has("  prefixed");
}
