//! `communique export`: every statement, in a form `ingest` reads back identically.

use serde_json::json;

use crate::support::{data_text, many_statements, read_one_line_then_close, Archive};

/// The number of statements in an export.
fn exported_count(exported: &str, format: &str) -> u64 {
    let records = match format {
        "csv" => csv::Reader::from_reader(exported.as_bytes())
            .records()
            .count(),
        _ => exported.lines().count(),
    };
    records as u64
}

/// Exports `archive` as `format`, ingests the export into a new archive and returns that
/// archive.
fn reingest(archive: &Archive, format: &str) -> Archive {
    let exported = archive.export(format);
    let copy = Archive::new();
    let path = copy.write(&format!("export.{format}"), &exported);
    copy.run(&["ingest", path.to_str().unwrap()])
        .success()
        .ingested(exported_count(&exported, format), 0, 0);
    copy
}

#[test]
fn jsonl_export_round_trips_byte_for_byte() {
    let archive = Archive::with("statements.jsonl");
    let exported = archive.export("jsonl");
    assert_eq!(exported.lines().count(), 8);
    let copy = reingest(&archive, "jsonl");
    assert_eq!(copy.export("jsonl"), exported);
    assert_eq!(copy.statement_count(), 8);
}

#[test]
fn csv_export_round_trips_byte_for_byte() {
    let archive = Archive::with("statements.jsonl");
    let exported = archive.export("csv");
    assert_eq!(
        exported.lines().next().unwrap(),
        "id,text,speaker,speaker_kind,role,organization,country,date,kind,channel,language,title,source_outlet,source_url,source_published,tags,time"
    );
    let copy = reingest(&archive, "csv");
    assert_eq!(copy.export("csv"), exported);
    // And it is the same archive as the original, seen through the other format.
    assert_eq!(copy.export("jsonl"), archive.export("jsonl"));
}

#[test]
fn exported_records_use_the_ingest_field_names() {
    let archive = Archive::with("statements.jsonl");
    let exported = archive.export("jsonl");
    let records: Vec<serde_json::Value> = exported
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(
        records[0],
        json!({
            "id": "t01",
            "text": "Two servicemen were killed when Azerbaijani forces opened fire on a combat post near Nerkin-And. The provocative attack is a gross violation of the ceasefire.",
            "speaker": "Ministry of Defence of Armenia",
            "speaker_kind": "institution",
            "organization": "Government of Armenia",
            "country": "AM",
            "date": "2024-02-13",
            "kind": "statement",
            "channel": "telegram",
            "language": "en",
            "title": "Overnight ceasefire violation at Nerkin-And",
            "source": {"outlet": "Armenpress", "url": "https://example.org/am/1", "published": "2024-02-13"},
            "tags": ["border", "casualties"],
        })
    );
    // Dates keep their precision; a role the record did not give is not made up (from
    // the role another statement of the speaker gave).
    assert_eq!(records[3]["date"], "2024-02");
    assert!(records[3].get("role").is_none(), "{:#}", records[3]);
    assert_eq!(records[4]["date"], "2023");
    assert!(
        records[4].get("channel").is_none(),
        "absent fields are left out"
    );
}

#[test]
fn awkward_text_round_trips_in_both_formats() {
    let archive = Archive::new();
    let input = concat!(
        r#"{"id": 7, "text": "Line one, with a comma;\r\nline \"two\"\n\tindented — and Cyrillic: сдержанность", "speaker": "Vaqif Dərgahlı", "date": "2024-02-13T10:00:00+04:00", "source": "Some Outlet", "language": "EN", "tags": ["Mixed Case", "border"]}"#,
        "\n",
        r#"{"text": "  padded  ", "speaker": "Nikol Pashinyan", "date": "2024", "country": "Armenia", "title": "A \"quoted\", title", "role": ""}"#,
        "\n",
    );
    archive.run_with_stdin(&["ingest", "-"], input).success();
    let jsonl = archive.export("jsonl");
    let records: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(records[0]["id"], "7");
    assert_eq!(records[0]["date"], "2024-02-13");
    assert_eq!(records[0]["time"], "10:00:00+04:00");
    assert_eq!(records[0]["language"], "en");
    assert_eq!(records[0]["source"], json!({"outlet": "Some Outlet"}));
    assert_eq!(records[0]["tags"], json!(["border", "mixed case"]));
    assert_eq!(records[1]["text"], "padded");
    assert_eq!(records[1]["country"], "AM");
    assert!(records[1].get("role").is_none());

    for format in ["jsonl", "csv"] {
        let exported = archive.export(format);
        let copy = reingest(&archive, format);
        assert_eq!(copy.export(format), exported, "{format} round trip");
        assert_eq!(
            copy.export("jsonl"),
            jsonl,
            "{format} round trip, seen as jsonl"
        );
    }
}

#[test]
fn a_tag_containing_a_semicolon_is_not_silently_split_by_csv() {
    // CSV joins tags with ';'. A tag that contains ';' must either be refused at ingest
    // or come back from a CSV export unchanged; it must not turn into two tags.
    let archive = Archive::new();
    let run = archive.run_with_stdin(
        &["ingest", "-"],
        r#"{"text": "Tagged.", "speaker": "Test Speaker", "date": "2024", "tags": ["a;b", "c"]}"#,
    );
    if run.code == Some(2) {
        run.stderr_has("tags");
        return;
    }
    run.success();
    let jsonl = archive.export("jsonl");
    let copy = reingest(&archive, "csv");
    assert_eq!(
        copy.export("jsonl"),
        jsonl,
        "the tags changed on the way through CSV"
    );
}

#[test]
fn export_to_a_file_says_how_many_it_wrote() {
    let archive = Archive::with("statements.csv");
    let path = archive.path("backup.csv");
    let run = archive.run(&[
        "export",
        "--format",
        "csv",
        "--output",
        path.to_str().unwrap(),
    ]);
    run.success()
        .stderr_has("communique: exported 8 statements");
    assert_eq!(run.stdout, "");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        archive.export("csv")
    );
    // The default format is JSON Lines.
    let jsonl = archive.path("backup.jsonl");
    archive
        .run(&["export", "-o", jsonl.to_str().unwrap()])
        .success();
    assert_eq!(
        std::fs::read_to_string(&jsonl).unwrap(),
        archive.export("jsonl")
    );
}

#[test]
fn an_empty_archive_exports_nothing_but_the_csv_header() {
    let archive = Archive::new();
    archive.run(&["init"]).success();
    assert_eq!(archive.export("jsonl"), "");
    assert_eq!(
        archive.export("csv"),
        "id,text,speaker,speaker_kind,role,organization,country,date,kind,channel,language,title,source_outlet,source_url,source_published,tags,time\n"
    );
}

#[test]
fn the_export_of_the_csv_fixture_matches_it() {
    // statements.csv is written in the export's own column order, so exporting what it
    // holds gives the same statements with the archive's additions (role, organization
    // and speaker_kind that the speaker already had).
    let archive = Archive::with("statements.csv");
    let exported = archive.export("csv");
    let fixture = data_text("statements.csv");
    assert_eq!(exported.lines().next(), fixture.lines().next());
    assert_eq!(exported.lines().nth(1), fixture.lines().nth(1));
    assert_eq!(exported.lines().count(), fixture.lines().count());
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let archive = Archive::new();
    archive
        .run_with_stdin(&["ingest", "-"], many_statements(1000))
        .success();
    for format in ["jsonl", "csv"] {
        let (code, stderr) =
            read_one_line_then_close(archive.std_command(&["export", "--format", format]));
        assert!(
            !stderr.contains("Broken pipe") && !stderr.contains("error"),
            "export --format {format}: stderr after the reader went away:\n{stderr}"
        );
        assert_eq!(code, Some(0), "export --format {format}; stderr:\n{stderr}");
    }
}

/// A role is what a record gives, or what a role recorded with its dates says: never the
/// role another statement of the speaker gave. That was a guess (Macmillan "Prime
/// Minister" in 1950, seven years early), it depended on the order of the ingests, and a
/// backup restored as the README says (speakers, then statements) gave 213 of the UN
/// corpus' speeches a role their archive did not have.
#[test]
fn a_role_no_record_gave_is_not_made_up_and_a_restore_gives_back_the_archive() {
    let later = r#"{"text": "We have never had it so good.", "speaker": "Harold Macmillan", "role": "Prime Minister", "organization": "Government of the United Kingdom", "country": "GB", "date": "1957-07-20"}"#;
    let earlier = r#"{"text": "The Commonwealth is a family.", "speaker": "Harold Macmillan", "country": "GB", "date": "1950"}"#;
    for lines in [[later, earlier], [earlier, later]] {
        let archive = Archive::new();
        let path = archive.write("in.jsonl", format!("{}\n{}\n", lines[0], lines[1]));
        archive
            .run(&["ingest", path.to_str().unwrap()])
            .ingested(2, 0, 0);
        let hits = archive.stdout_json(&["search", "--sort", "oldest", "--format", "json"]);
        assert_eq!(hits[0]["date"], "1950", "{hits:#}");
        assert_eq!(hits[0]["role"], serde_json::Value::Null, "{hits:#}");
        assert_eq!(hits[0]["organization"], serde_json::Value::Null, "{hits:#}");
        assert_eq!(hits[1]["role"], "Prime Minister", "{hits:#}");

        // Restored as a backup is: the speakers (with their current role), then the
        // statements. The export is the same, byte for byte.
        let exported = archive.export("jsonl");
        let speakers = archive
            .run(&["speakers", "export"])
            .success()
            .stdout
            .clone();
        assert!(speakers.contains("Prime Minister"), "{speakers}");
        let restored = Archive::new();
        let path = restored.write("speakers.jsonl", &speakers);
        restored
            .run(&["speakers", "import", path.to_str().unwrap()])
            .success();
        let path = restored.write("export.jsonl", &exported);
        restored
            .run(&["ingest", path.to_str().unwrap()])
            .ingested(2, 0, 0);
        assert_eq!(restored.export("jsonl"), exported);
    }
}

/// The README's backup command: the arguments of the line of its "Using it" list that
/// writes `backup.jsonl`, up to the `>`.
fn readme_backup_command() -> Vec<String> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("reading README.md");
    let line = readme
        .lines()
        .find(|line| line.starts_with("communique export") && line.contains("> backup.jsonl"))
        .expect("the README's backup line");
    let (command, _) = line.split_once('>').expect("a backup written to a file");
    command
        .split_whitespace()
        .skip(1)
        .map(str::to_string)
        .collect()
}

/// A backup made and restored as the README says keeps every statement's number across
/// a deletion (the tester's H3): the README's `export > backup.jsonl`, ingested again,
/// numbered the statements after a deleted one anew, and "[communique #3]" or a saved
/// `show 3` then named another statement.
#[test]
fn a_backup_made_as_the_readme_says_keeps_the_numbers_after_a_deletion() {
    let archive = Archive::new();
    for (day, text) in [(1, "s1"), (2, "s2"), (3, "s3"), (4, "s4")] {
        let date = format!("2024-01-0{day}");
        archive
            .run(&["add", "--speaker", "S", "--date", &date, text])
            .success();
    }
    archive.run(&["delete", "2", "--reason", "x"]).success();
    archive
        .run(&["edit", "3", "--set", "title=T", "--reason", "y"])
        .success();
    let backup = readme_backup_command();
    let backup: Vec<&str> = backup.iter().map(String::as_str).collect();
    let statements = archive.run(&backup).success().stdout.clone();
    let speakers = archive
        .run(&["speakers", "export"])
        .success()
        .stdout
        .clone();

    // "restore it into a new archive with `communique speakers import speakers.jsonl` and
    // then `communique ingest archive.jsonl`"
    let restored = Archive::new();
    let path = restored.write("speakers.jsonl", &speakers);
    restored
        .run(&["speakers", "import", path.to_str().unwrap()])
        .success();
    let path = restored.write("archive.jsonl", &statements);
    restored.run(&["ingest", path.to_str().unwrap()]).success();
    for number in ["1", "2", "3", "4"] {
        let before = archive.stdout_json(&["show", number, "--format", "json"]);
        let after = restored.stdout_json(&["show", number, "--format", "json"]);
        for field in ["id", "text", "title", "deleted"] {
            assert_eq!(before[field], after[field], "show {number}: {field}");
        }
    }
    let cite = ["search", "--format", "cite"];
    assert_eq!(
        restored.run(&cite).success().stdout,
        archive.run(&cite).success().stdout
    );
    assert!(
        archive.run(&cite).stdout.contains("[communique #3]"),
        "{}",
        archive.run(&cite)
    );
}

/// A plain export that a restore would number anew says so, naming the first statement
/// whose number would change and the export that keeps them.
#[test]
fn a_plain_export_says_when_a_restore_would_number_the_statements_anew() {
    let archive = Archive::with("statements.jsonl");
    let run = archive.run(&["export"]);
    run.success();
    assert!(!run.stderr.contains("note:"), "{run}");
    archive.run(&["delete", "5", "--reason", "x"]).success();
    let run = archive.run(&["export"]);
    run.success().stderr_has(
        "communique: note: ingested into a new archive, this export numbers the statements anew from statement 6 on (6 becomes 5)",
    )
    .stderr_has("`communique export --with-history` keeps every number");
    let with_history = archive.run(&["export", "--with-history"]);
    with_history.success();
    assert!(!with_history.stderr.contains("note:"), "{with_history}");
    // What it says: restored, statement 6 is 5.
    let restored = Archive::new();
    let path = restored.write("plain.jsonl", &run.stdout);
    restored.run(&["ingest", path.to_str().unwrap()]).success();
    let sixth = archive.stdout_json(&["show", "6", "--format", "json"]);
    let fifth = restored.stdout_json(&["show", "5", "--format", "json"]);
    assert_eq!(sixth["text"], fifth["text"]);
}

/// L1: who posted first that morning is the question; the time of day and its offset, as
/// a feed gave them, are kept beside the day, shown, searched out and exported in a
/// field of their own (`date` keeps its format: programs parse it), and read back.
#[test]
fn the_time_of_day_is_kept_shown_and_exported_beside_the_date() {
    let archive = Archive::new();
    let input = [
        r#"{"text": "Yerevan reports shelling.", "speaker": "Ministry of Defence of Armenia", "date": "2024-02-13T08:30:00+0400"}"#,
        r#"{"text": "Baku denies shelling.", "speaker": "Ministry of Defence of Azerbaijan", "date": "Tue, 13 Feb 2024 08:45 +0400"}"#,
        r#"{"text": "A day alone.", "speaker": "Ministry of Defence of Azerbaijan", "date": "2024-02-13"}"#,
        r#"{"text": "A time field.", "speaker": "S", "date": "2024-02-14", "time": "23:30-05:00"}"#,
    ];
    archive
        .run_with_stdin(&["ingest", "-"], input.join("\n"))
        .success()
        .ingested(4, 0, 0);
    let shown = archive.stdout_json(&["show", "1", "--format", "json"]);
    assert_eq!(
        (&shown["date"], &shown["time"]),
        (&json!("2024-02-13"), &json!("08:30:00+04:00"))
    );
    let shown = archive.stdout_json(&["show", "3", "--format", "json"]);
    assert_eq!(shown["time"], json!(null));
    archive
        .run(&["show", "2"])
        .success()
        .stdout_has("08:45+04:00");
    // A citation says when, to the minute (seconds of zero are no news), on whose clock.
    archive
        .run(&["search", "shelling", "--format", "cite", "--sort", "oldest"])
        .success()
        .stdout_has("Ministry of Defence of Armenia, 13 February 2024, 08:30 UTC+04:00.");

    let hits = archive
        .run(&[
            "search", "shelling", "--format", "jsonl", "--sort", "oldest",
        ])
        .json_lines();
    let times: Vec<&serde_json::Value> = hits.iter().map(|hit| &hit["time"]).collect();
    assert_eq!(times, [&json!("08:30:00+04:00"), &json!("08:45+04:00")]);
    let (header, rows) = archive
        .run(&["search", "shelling", "--format", "csv", "--sort", "oldest"])
        .csv();
    let time = header.iter().position(|name| name == "time").unwrap();
    let date = header.iter().position(|name| name == "date").unwrap();
    assert_eq!(
        (rows[0][date].as_str(), rows[0][time].as_str()),
        ("2024-02-13", "08:30:00+04:00")
    );

    let exported = archive.run(&["export", "--format", "jsonl"]).json_lines();
    assert_eq!(exported[0]["time"], "08:30:00+04:00");
    assert_eq!(exported[3]["time"], "23:30-05:00");
    assert!(exported[2].get("time").is_none(), "{}", exported[2]);
    for format in ["jsonl", "csv"] {
        let copy = reingest(&archive, format);
        assert_eq!(copy.export("jsonl"), archive.export("jsonl"), "{format}");
    }

    // The same statement without its time, then with it: one statement, the time filled
    // in; another time later leaves the one kept.
    let copy = Archive::new();
    let without = r#"{"text": "Baku denies shelling.", "speaker": "MoD", "date": "2024-02-13"}"#;
    copy.run_with_stdin(&["ingest", "-"], without)
        .success()
        .ingested(1, 0, 0);
    let with =
        r#"{"text": "Baku denies shelling.", "speaker": "MoD", "date": "2024-02-13T08:45+04:00"}"#;
    copy.run_with_stdin(&["ingest", "-"], with)
        .success()
        .ingested(0, 1, 0);
    let later =
        r#"{"text": "Baku denies shelling.", "speaker": "MoD", "date": "2024-02-13T09:00Z"}"#;
    copy.run_with_stdin(&["ingest", "-"], later)
        .success()
        .ingested(0, 1, 0);
    assert_eq!(
        copy.stdout_json(&["show", "1", "--format", "json"])["time"],
        "08:45+04:00"
    );

    // Corrected with `edit`, and cleared.
    copy.run(&[
        "edit",
        "1",
        "--set",
        "time=08:50+0400",
        "--reason",
        "the feed's time",
    ])
    .success();
    assert_eq!(
        copy.stdout_json(&["show", "1", "--format", "json"])["time"],
        "08:50+04:00"
    );
    copy.run(&["edit", "1", "--set", "time=", "--reason", "not known"])
        .success();
    assert_eq!(
        copy.stdout_json(&["show", "1", "--format", "json"])["time"],
        json!(null)
    );
    copy.run(&["edit", "1", "--set", "time=noon", "--reason", "x"])
        .code(2)
        .stderr_has("expected a time of day such as 08:30");
    // A date given with its time is refused, not cut to its day without a word.
    copy.run(&[
        "edit",
        "1",
        "--set",
        "date=2024-02-14T07:00+04:00",
        "--reason",
        "x",
    ])
    .code(2)
    .stderr_has("set date=2024-02-14 and time=07:00+04:00");
    assert_eq!(
        copy.stdout_json(&["show", "1", "--format", "json"])["date"],
        "2024-02-13"
    );

    // A time the date contradicts, or beside a date without its day: refused, named.
    let bad = [
        r#"{"text": "a", "speaker": "S", "date": "2024-02-13T08:30+04:00", "time": "09:30+04:00"}"#,
        r#"{"text": "b", "speaker": "S", "date": "2024-02", "time": "09:30"}"#,
        r#"{"text": "c", "speaker": "S", "date": "2024-02-13", "time": "9.30"}"#,
    ];
    let path = copy.write("times.jsonl", bad.join("\n"));
    copy.run(&["ingest", path.to_str().unwrap(), "--skip-invalid"])
        .stderr_has("times.jsonl:1: time: 09:30+04:00 is not the time the date gives, 08:30+04:00")
        .stderr_has("times.jsonl:2: time: a time of day needs a date to the day, found 2024-02")
        .stderr_has("times.jsonl:3: time: expected a time of day such as 08:30");
    assert_eq!(copy.statement_count(), 1);
}
