//! Corrections (issue 8): add, edit, delete, restore, history — and search always agrees
//! with the corrected archive.

use std::time::Duration;

use crate::support::{data, Archive};

fn texts_of(archive: &Archive, query: &str) -> Vec<i64> {
    archive.ids(&[query])
}

#[test]
fn add_prints_the_new_id_and_validates_like_ingest() {
    let archive = Archive::with("statements.jsonl");
    let run = archive.run(&[
        "add",
        "--speaker",
        "Dmitri Peskov",
        "--country",
        "RU",
        "--date",
        "2024-03-02",
        "--kind",
        "quote",
        "--channel",
        "Press Call",
        "--tag",
        "mediation",
        "Moscow stands ready to mediate",
    ]);
    assert_eq!(run.success().stdout, "9\n");
    let shown = archive.stdout_json(&["show", "9", "--format", "json"]);
    assert_eq!(shown["text"], "Moscow stands ready to mediate");
    assert_eq!(shown["channel"], "press call");
    assert_eq!(shown["tags"], serde_json::json!(["mediation"]));
    assert_eq!(texts_of(&archive, "\"ready to mediate\""), [9]);
    // The text can come from standard input.
    let run = archive.run_with_stdin(
        &[
            "add",
            "--speaker",
            "Nikol Pashinyan",
            "--country",
            "AM",
            "--date",
            "2024-03",
        ],
        "Peace is possible.\n",
    );
    assert_eq!(run.success().stdout, "10\n");
    // The same statement again is recognised: exit 1, nothing added.
    let run = archive.run_with_stdin(
        &[
            "add",
            "--speaker",
            "Nikol Pashinyan",
            "--country",
            "AM",
            "--date",
            "2024-03",
        ],
        "Peace is possible.\n",
    );
    // It names the statement, as ingest names a duplicate's.
    run.code(1)
        .stderr_has("this statement is statement 10, stored already")
        .stderr_has("(`communique show 10`)");
    assert_eq!(archive.statement_count(), 10);
    // Bad input is refused with the field named, and nothing is written.
    let run = archive.run(&["add", "--speaker", "X", "--date", "2024-02-30", "text"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("date: 2024-02-30 is not a date in the calendar"),
        "{}",
        run.stderr
    );
    assert_eq!(archive.statement_count(), 10);
}

#[test]
fn edit_changes_what_search_finds_and_records_why() {
    let archive = Archive::with("statements.jsonl");
    let old_phrase = "\"show restraint\"";
    assert_eq!(texts_of(&archive, old_phrase), [3]);
    assert_eq!(
        archive.ids(&["--from", "2024-02-14", "--to", "2024-02-14"]),
        [7, 4]
    );
    archive
        .run(&[
            "edit",
            "3",
            "--set",
            "text=We call on both sides to exercise patience",
            "--set",
            "date=2024-02-14",
            "--reason",
            "wording checked against the transcript",
        ])
        .success();
    assert!(
        texts_of(&archive, old_phrase).is_empty(),
        "the old wording must not be found"
    );
    assert_eq!(texts_of(&archive, "\"exercise patience\""), [3]);
    // 7 is dated that day, 4 to February 2024: the edited 3 now joins them.
    assert_eq!(
        archive.ids(&["--from", "2024-02-14", "--to", "2024-02-14"]),
        [7, 3, 4]
    );
    let shown = archive.stdout_json(&["show", "3", "--history", "--format", "json"]);
    let history = shown["history"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["field"], "text");
    assert!(history[0]["old_value"]
        .as_str()
        .unwrap()
        .contains("show restraint"));
    assert_eq!(history[1]["field"], "date");
    assert_eq!(history[1]["old_value"], "2024-02-13");
    assert_eq!(history[1]["new_value"], "2024-02-14");
    assert_eq!(
        history[1]["reason"],
        "wording checked against the transcript"
    );
    // The table form shows the change too.
    let run = archive.run(&["show", "3", "--history"]);
    assert!(
        run.success()
            .stdout
            .contains("date: \"2024-02-13\" → \"2024-02-14\""),
        "{}",
        run.stdout
    );
    // A statement never corrected says so rather than print an empty heading.
    archive
        .run(&["show", "4", "--history"])
        .success()
        .stdout_has("\nhistory: none (not corrected since its ingest)\n");
    // Editing to the same values changes nothing: exit 1.
    archive
        .run(&["edit", "3", "--set", "date=2024-02-14", "--reason", "again"])
        .code(1);
    archive.run(&["check"]).success();
}

/// Dmitry Peskov's statements, several, and what `search --format ids` prints of them:
/// the text a pipe into `edit -` or `delete -` carries.
fn peskovs_statements(archive: &Archive) -> (Vec<i64>, String) {
    let peskov = archive.ids(&["--speaker", "Peskov", "--limit", "all"]);
    assert!(peskov.len() >= 2, "{peskov:?}");
    let printed = archive.run(&[
        "search",
        "--speaker",
        "Peskov",
        "--limit",
        "all",
        "--format",
        "ids",
    ]);
    let ids = printed.success().stdout.clone();
    let listed: Vec<i64> = ids.lines().map(|line| line.parse().unwrap()).collect();
    assert_eq!(listed, peskov);
    (peskov, ids)
}

/// The hits of a search corrected at once: `search --format ids | edit -` changes every
/// one in one write, all or none, each with its history; ids given twice are changed
/// once, and one unknown id changes nothing.
#[test]
fn edit_changes_several_statements_in_one_write() {
    let archive = Archive::with("statements.jsonl");
    let (peskov, ids) = peskovs_statements(&archive);
    // An unknown id among them: refused, and nothing written.
    archive
        .run_with_stdin(
            &[
                "edit",
                "-",
                "9999",
                "--set",
                "channel=whatsapp",
                "--reason",
                "r",
            ],
            ids.clone(),
        )
        .code(2)
        .stderr_has("no statement with id 9999");
    assert!(archive.ids(&["--channel", "whatsapp"]).is_empty());
    // Piped from search, and one of them named again on the command line.
    let again = peskov[0].to_string();
    archive
        .run_with_stdin(
            &[
                "edit",
                "-",
                &again,
                "--set",
                "channel=whatsapp",
                "--reason",
                "posted on WhatsApp",
            ],
            ids.clone(),
        )
        .success()
        .stderr_has(&format!(
            "{} of {} statements changed; 0 had the values already",
            peskov.len(),
            peskov.len()
        ));
    let mut on_whatsapp = archive.ids(&["--channel", "whatsapp", "--limit", "all"]);
    on_whatsapp.sort();
    let mut expected = peskov.clone();
    expected.sort();
    assert_eq!(on_whatsapp, expected);
    for id in &peskov {
        let shown =
            archive.stdout_json(&["show", &id.to_string(), "--history", "--format", "json"]);
        let history = shown["history"].as_array().unwrap();
        assert_eq!(history.len(), 1, "{shown:#}");
        assert_eq!(history[0]["reason"], "posted on WhatsApp");
    }
    // Nothing left to change: exit 1, as for one statement.
    archive
        .run_with_stdin(
            &[
                "edit",
                "-",
                "--set",
                "channel=whatsapp",
                "--reason",
                "again",
            ],
            ids,
        )
        .code(1)
        .stderr_has("0 of");
    // An empty pipe (a search that found nothing) changes nothing: exit 1.
    archive
        .run_with_stdin(&["edit", "-", "--set", "channel=x", "--reason", "r"], "")
        .code(1)
        .stderr_has("no statement ids on stdin");
    // Bytes that are no text: an error naming stdin, and nothing written.
    archive
        .run_with_stdin(
            &["edit", "-", "--set", "channel=x", "--reason", "r"],
            b"1\n\xff\xfe\n".to_vec(),
        )
        .code(2)
        .stderr_has("reading statement ids from stdin");
    assert!(archive.ids(&["--channel", "x"]).is_empty());
    archive.run(&["check"]).success();
}

/// `--set tags+=…` adds tags to those each statement has and `tags-=…` takes some away,
/// where `tags=…` replaces them all: the same change to statements tagged apart.
#[test]
fn edit_adds_and_removes_tags_keeping_the_others() {
    let archive = Archive::with("statements.jsonl");
    let tags_of = |id: &str| archive.stdout_json(&["show", id, "--format", "json"])["tags"].clone();
    archive
        .run(&[
            "edit",
            "1",
            "--set",
            "tags=border;sanctions",
            "--reason",
            "a",
        ])
        .success();
    archive
        .run(&[
            "edit",
            "1",
            "2",
            "--set",
            "tags+=verified",
            "--reason",
            "checked",
        ])
        .success();
    assert_eq!(
        tags_of("1"),
        serde_json::json!(["border", "sanctions", "verified"])
    );
    // Statement 2's own tags stay beside the one added.
    assert_eq!(
        tags_of("2"),
        serde_json::json!(["border", "tovuz", "verified"])
    );
    let mut verified = archive.ids(&["--tag", "verified"]);
    verified.sort();
    assert_eq!(verified, [1, 2]);
    archive
        .run(&[
            "edit",
            "1",
            "2",
            "--set",
            "tags-=sanctions;verified",
            "--set",
            "tags+=reviewed",
            "--reason",
            "b",
        ])
        .success();
    assert_eq!(tags_of("1"), serde_json::json!(["border", "reviewed"]));
    assert_eq!(
        tags_of("2"),
        serde_json::json!(["border", "reviewed", "tovuz"])
    );
    let history = archive.stdout_json(&["show", "1", "--history", "--format", "json"]);
    let last = history["history"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (&last["old_value"], &last["new_value"]),
        (
            &serde_json::json!("border;sanctions;verified"),
            &serde_json::json!("border;reviewed")
        )
    );
    // Nothing to take away: nothing changed.
    archive
        .run(&["edit", "2", "--set", "tags-=absent", "--reason", "c"])
        .code(1);
    archive
        .run(&[
            "edit", "2", "--set", "tags=a", "--set", "tags+=b", "--reason", "d",
        ])
        .code(2)
        .stderr_has("give one or the other");
    archive.run(&["check"]).success();
}

/// `delete` and `restore` take several ids too, or `-` for a search's: all or none, so a
/// deleted statement among them (or an unknown id) takes nothing out.
#[test]
fn delete_and_restore_take_several_statements_in_one_write() {
    let archive = Archive::with("statements.jsonl");
    let (peskov, ids) = peskovs_statements(&archive);
    let total = archive.statement_count();
    archive.run(&["delete", "1", "--reason", "first"]).success();
    // Statement 1 is deleted already: nothing of the batch is.
    archive
        .run_with_stdin(&["delete", "-", "1", "--reason", "batch"], ids.clone())
        .code(2)
        .stderr_has("statement 1 is deleted");
    assert_eq!(
        archive.ids(&["--speaker", "Peskov", "--limit", "all"]),
        peskov
    );
    archive
        .run_with_stdin(
            &["delete", "-", "--reason", "an impostor's channel"],
            ids.clone(),
        )
        .success()
        .stderr_has(&format!("{} statements deleted", peskov.len()));
    assert!(archive.ids(&["--speaker", "Peskov"]).is_empty());
    let mut deleted = archive.ids(&["--deleted", "--speaker", "Peskov", "--limit", "all"]);
    deleted.sort();
    let mut expected = peskov.clone();
    expected.sort();
    assert_eq!(deleted, expected);
    archive
        .run_with_stdin(&["restore", "-", "--reason", "not an impostor"], ids)
        .success()
        .stderr_has(&format!("{} statements restored", peskov.len()));
    assert_eq!(
        archive.ids(&["--speaker", "Peskov", "--limit", "all"]),
        peskov
    );
    assert_eq!(archive.statement_count(), total - 1);
    archive.run(&["check"]).success();
}

#[test]
fn edit_can_reattribute_to_another_speaker() {
    let archive = Archive::with("statements.jsonl");
    // Statement 1 is by the Armenian ministry; it was the Azerbaijani one.
    archive
        .run(&[
            "edit",
            "1",
            "--set",
            "speaker=Ministry of Defence of Azerbaijan",
            "--set",
            "country=AZ",
            "--reason",
            "misattributed",
        ])
        .success();
    assert_eq!(
        archive.ids(&[
            "--speaker",
            "defence ministry",
            "--country",
            "AZ",
            "--sort",
            "oldest"
        ]),
        [2, 1]
    );
    assert!(archive
        .ids(&["--country", "AM", "--speaker", "defence"])
        .is_empty());
}

/// `edit --set speaker=NEW` without a country created the new speaker with none, and of
/// the kind "person": a ministry's statement renamed to its full name dropped out of
/// `--country AM`, and nothing said so. A name without a country is now looked for, or
/// created, in the statement's country, of its speaker's kind.
#[test]
fn an_edited_speaker_without_a_country_stays_in_the_statements_country() {
    let archive = Archive::new();
    let path = archive.write(
        "mod.jsonl",
        r#"{"id":"m1","speaker":"Ministry of Defence","country":"AM","speaker_kind":"institution","date":"2024-02-13","text":"combat post destroyed"}"#,
    );
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .ingested(1, 0, 0);
    archive
        .run(&[
            "edit",
            "m1",
            "--set",
            "speaker=Armenian Ministry of Defence",
            "--reason",
            "full name",
        ])
        .success();
    let hits = archive.stdout_json(&["search", "--country", "AM", "--format", "json"]);
    assert_eq!(hits[0]["speaker"], "Armenian Ministry of Defence");
    assert_eq!(hits[0]["country"], "AM");
    assert_eq!(hits[0]["speaker_kind"], "institution");
}

#[test]
fn edit_refuses_bad_fields_and_values() {
    let archive = Archive::with("statements.jsonl");
    for (set, message) in [
        ("colour=red", "cannot be edited"),
        ("date=2024-13", "not a date"),
        ("kind=rumour", "expected statement, quote or paraphrase"),
        (
            "text=",
            "error: text: cannot be empty: every statement has a text",
        ),
        (
            "source_published=2024-99",
            "error: source_published: 2024-99 is not a date",
        ),
    ] {
        let run = archive.run(&["edit", "3", "--set", set, "--reason", "r"]);
        run.code(2);
        assert!(run.stderr.contains(message), "{set}: {}", run.stderr);
    }
    archive
        .run(&[
            "edit", "3", "--set", "title=A", "--set", "title=B", "--reason", "r",
        ])
        .code(2)
        .stderr_has("--set title=… is given twice (\"A\", then \"B\")");
    let run = archive.run(&["edit", "99", "--set", "date=2024", "--reason", "r"]);
    run.code(2);
    assert!(
        run.stderr.contains("no statement with id 99"),
        "{}",
        run.stderr
    );
    archive
        .run(&["edit", "3", "--set", "date=2024", "--reason", " "])
        .code(2);
}

/// `edit --set language=…` stored anything (`ru; DROP`, control characters) that ingest
/// and `add` refuse: every path now checks a language code the same way.
#[test]
fn edit_refuses_a_language_that_ingest_refuses() {
    let archive = Archive::with("statements.jsonl");
    let before = archive.export("jsonl");
    for (value, shown) in [
        ("ru; DROP", r#""ru; DROP""#),
        ("ru\u{7}", r#""ru\u{7}""#),
        ("en\nfr", r#""en\nfr""#),
        ("x".repeat(36).as_str(), ""),
        // No language tag has four letters, nor is one all hyphens.
        ("none", r#""none""#),
        ("--", r#""--""#),
    ] {
        let set = format!("language={value}");
        let run = archive.run(&["edit", "5", "--set", &set, "--reason", "r"]);
        run.code(2)
            .stderr_has("language: expected a language code such as en, ru or hy, or a language's name in English, found ")
            .stderr_has(shown);
        // Ingest words the same problem the same way.
        let record = serde_json::json!({
            "text": "A statement in no language.", "speaker": "Nikol Pashinyan",
            "country": "AM", "date": "2024", "language": value,
        });
        archive
            .run_with_stdin(&["ingest", "-"], record.to_string())
            .code(2)
            .stderr_has("language: expected a language code such as en, ru or hy, or a language's name in English, found ")
            .stderr_has(shown);
    }
    assert_eq!(archive.export("jsonl"), before, "nothing changed");
    let history = archive.stdout_json(&["show", "5", "--history", "--format", "json"]);
    assert_eq!(history["history"], serde_json::json!([]));
    // A well-formed code is stored as ingest stores it: normalised (trimmed, in lower case).
    archive
        .run(&["edit", "5", "--set", "language= HY ", "--reason", "r"])
        .success();
    assert_eq!(archive.ids(&["--lang", "hy"]), [5]);
}

#[test]
fn delete_hides_a_statement_and_restore_brings_it_back() {
    let archive = Archive::with("statements.jsonl");
    assert_eq!(archive.statement_count(), 8);
    archive
        .run(&["delete", "3", "--reason", "fabricated quote"])
        .success();
    assert!(texts_of(&archive, "\"show restraint\"").is_empty());
    assert!(!archive.ids(&["--speaker", "peskov"]).contains(&3));
    assert_eq!(archive.statement_count(), 7);
    // The tombstone is kept and explained.
    let shown = archive.stdout_json(&["show", "3", "--format", "json"]);
    assert_eq!(shown["deleted"]["reason"], "fabricated quote");
    let run = archive.run(&["show", "3"]);
    assert!(run.success().stdout.contains("deleted"), "{}", run.stdout);
    // Deleting twice is an error; export leaves it out unless asked for history.
    archive.run(&["delete", "3", "--reason", "again"]).code(2);
    assert!(!archive.export("jsonl").contains("show restraint"));
    archive.run(&["check"]).success().stdout_has(
        "ok: 7 statements in the database, 7 in the index, in agreement; 1 deleted statement kept as a tombstone\n",
    );
    archive
        .run(&["restore", "3", "--reason", "the quote was verified"])
        .success();
    assert_eq!(texts_of(&archive, "\"show restraint\""), [3]);
    assert_eq!(archive.statement_count(), 8);
    let history = archive.stdout_json(&["history", "--format", "json"]);
    let actions: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["restore", "delete"]);
    archive.run(&["restore", "3", "--reason", "again"]).code(2);
}

#[test]
fn a_search_of_the_deleted_statements_finds_what_was_taken_out() {
    let archive = Archive::with("statements.jsonl");
    archive
        .run(&["delete", "3", "--reason", "fabricated quote"])
        .success();
    // Found nothing: the deleted match is named, or it reads as never ingested.
    archive
        .run(&["search", "restraint"])
        .code(1)
        .stderr_has("hint: 1 deleted statement matches; add --deleted to see it");
    let quiet = archive.run(&["--quiet", "search", "restraint"]);
    quiet.code(1);
    assert!(!quiet.stderr.contains("deleted"), "{quiet}");
    // --deleted searches the deleted statements alone, with the same filters.
    let hits = archive
        .run(&["search", "restraint", "--deleted", "--format", "json"])
        .success()
        .json();
    assert_eq!(hits[0]["id"], 3);
    assert_eq!(hits[0]["deleted"]["reason"], "fabricated quote");
    assert_eq!(archive.ids(&["--deleted"]), [3]);
    assert_eq!(
        archive.ids(&["restraint", "--deleted", "--speaker", "peskov"]),
        [3]
    );
    assert!(archive
        .ids(&["restraint", "--deleted", "--country", "AM"])
        .is_empty());
    archive
        .run(&["search", "restraint", "--deleted", "--count"])
        .success()
        .stdout_has("1");
    // Restored, it is a live statement again, and no longer a deleted one.
    archive
        .run(&["restore", "3", "--reason", "the quote was verified"])
        .success();
    assert!(archive.ids(&["--deleted"]).is_empty());
    assert_eq!(texts_of(&archive, "restraint"), [3]);
}

#[test]
fn a_search_of_the_deleted_statements_finds_tombstones_ingested_without_history() {
    let archive = Archive::new();
    let input = archive.write(
        "tombstones.jsonl",
        concat!(
            r#"{"text": "The talks will resume in Brussels.", "speaker": "Ann Lee", "date": "2024-03-01"}"#,
            "\n",
            r#"{"text": "The talks were cancelled in Brussels.", "speaker": "Ann Lee", "date": "2024-03-02", "deleted": {"at": "2024-03-05T10:00:00Z", "reason": "misattributed"}}"#,
            "\n",
        ),
    );
    archive.run(&["ingest", input.to_str().unwrap()]).success();
    assert_eq!(archive.ids(&["brussels"]), [1]);
    assert_eq!(archive.ids(&["brussels", "--deleted"]), [2]);
    assert_eq!(archive.ids(&["cancelled", "--deleted"]), [2]);

    // More than a page of them (500 hydrated at a time) with --limit all, newest first.
    let many: String = (1..=620)
        .map(|day| {
            format!(
                "{{\"text\": \"Withdrawn remark {day}.\", \"speaker\": \"Ann Lee\", \"date\": \"2020-01-01\", \"id\": \"w{day}\", \"deleted\": {{\"at\": \"2024-03-05T10:00:00Z\"}}}}\n"
            )
        })
        .collect();
    let input = archive.write("many.jsonl", many);
    archive.run(&["ingest", input.to_str().unwrap()]).success();
    let ids = archive.ids(&[
        "withdrawn",
        "--deleted",
        "--limit",
        "all",
        "--sort",
        "oldest",
    ]);
    assert_eq!(ids, (3..=622).collect::<Vec<i64>>());
    assert_eq!(archive.ids(&["brussels"]), [1]);
}

/// An archive with nothing deleted: --deleted finds nothing, and says nothing else.
#[test]
fn a_search_of_the_deleted_statements_of_an_archive_without_any() {
    let archive = Archive::with("statements.jsonl");
    let run = archive.run(&["search", "--deleted"]);
    run.code(1);
    assert_eq!(run.stdout, "");
    let none = archive.run(&["search", "nowhere-to-be-found"]);
    none.code(1);
    assert!(!none.stderr.contains("deleted"), "{none}");
}

#[test]
fn add_of_a_stored_id_with_other_text_says_which_statement_has_it() {
    let archive = Archive::with("statements.jsonl");
    let run = archive.run(&[
        "add",
        "--speaker",
        "Dmitry Peskov",
        "--date",
        "2024-02-13",
        "--id",
        "t03",
        "Something else entirely",
    ]);
    run.code(1).stderr_has(
        "id \"t03\" is statement 3, stored with another text; nothing was added (`communique edit 3` corrects it)",
    );
    assert_eq!(archive.statement_count(), 8);
}

#[test]
fn edit_delete_and_restore_take_the_external_id_given_at_ingest() {
    let archive = Archive::with("statements.jsonl");
    archive
        .run(&[
            "edit",
            "t03",
            "--set",
            "date=2024-02-14",
            "--reason",
            "a day later",
        ])
        .success()
        .stderr_has("statement 3: date changed from 2024-02-13 to 2024-02-14");
    archive
        .run(&["delete", "t03", "--reason", "fabricated quote"])
        .success()
        .stderr_has("statement 3 deleted; `communique restore 3` brings it back");
    assert!(!archive.ids(&["--speaker", "peskov"]).contains(&3));
    archive
        .run(&["restore", " t03 ", "--reason", "verified"])
        .success()
        .stderr_has("statement 3 restored");
    assert!(archive.ids(&["--speaker", "peskov"]).contains(&3));
    for command in ["edit", "delete", "restore"] {
        let mut args = vec![command, "t99", "--reason", "r"];
        if command == "edit" {
            args.extend(["--set", "date=2024"]);
        }
        archive
            .run(&args)
            .code(2)
            .stderr_has("error: no statement with id or external id \"t99\"")
            .stderr_has("hint: give the id `search` prints");
    }
}

#[test]
fn reingesting_does_not_undo_a_correction_unless_asked() {
    let archive = Archive::with("statements.jsonl");
    archive
        .run(&[
            "edit",
            "3",
            "--set",
            "date=2024-02-14",
            "--reason",
            "posted a day later",
        ])
        .success();
    archive
        .run(&["delete", "5", "--reason", "not a statement"])
        .success();
    let path = data("statements.jsonl");
    let run = archive.run(&["ingest", path.to_str().unwrap()]);
    run.success();
    assert!(
        run.stderr
            .contains("statement 3 was corrected since it was ingested; kept as curated"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("statement 5 was corrected"),
        "{}",
        run.stderr
    );
    // With several files, the total line counts them too.
    let run = archive.run(&["ingest", path.to_str().unwrap(), path.to_str().unwrap()]);
    run.success()
        .stderr_has("2 files: 0 added, 12 duplicates, 4 kept as curated, 0 rejected");
    assert_eq!(
        archive.stdout_json(&["show", "3", "--format", "json"])["date"],
        "2024-02-14"
    );
    assert!(archive.stdout_json(&["show", "5", "--format", "json"])["deleted"].is_object());
    assert_eq!(archive.statement_count(), 7);
    // With --overwrite-curated the file wins, and the history says so.
    archive
        .run(&["ingest", path.to_str().unwrap(), "--overwrite-curated"])
        .success();
    assert_eq!(
        archive.stdout_json(&["show", "3", "--format", "json"])["date"],
        "2024-02-13"
    );
    assert!(archive.stdout_json(&["show", "5", "--format", "json"])["deleted"].is_null());
    assert_eq!(archive.statement_count(), 8);
    let shown = archive.stdout_json(&["show", "3", "--history", "--format", "json"]);
    assert!(shown["history"][1]["reason"]
        .as_str()
        .unwrap()
        .contains("--overwrite-curated"));
    archive.run(&["check"]).success();
}

#[test]
fn an_export_with_history_keeps_corrections_and_tombstones_elsewhere() {
    let archive = Archive::with("statements.jsonl");
    archive
        .run(&[
            "edit",
            "3",
            "--set",
            "channel=press call",
            "--reason",
            "it was a call",
        ])
        .success();
    archive
        .run(&["delete", "5", "--reason", "duplicate"])
        .success();
    let exported = archive
        .run(&["export", "--with-history"])
        .success()
        .stdout
        .clone();
    let elsewhere = Archive::new();
    elsewhere
        .run_with_stdin(&["ingest", "-", "--format", "jsonl"], exported.clone())
        .success();
    assert_eq!(elsewhere.statement_count(), 7);
    let history = elsewhere.stdout_json(&["history", "--format", "json"]);
    let mut reasons: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["reason"].as_str().unwrap())
        .collect();
    reasons.sort();
    assert_eq!(reasons, ["duplicate", "it was a call"]);
    // And its own export with history is the same document.
    assert_eq!(
        elsewhere
            .run(&["export", "--with-history"])
            .success()
            .stdout,
        exported
    );
    archive
        .run(&["export", "--with-history", "--format", "csv"])
        .code(2);
}

/// A statement given another speaker takes that speaker's role and organisation on its
/// date, recorded in its history, not the other speaker's; a country given with the
/// speaker picks between namesakes and changes no speaker's record.
#[test]
fn a_new_speaker_brings_their_role_and_organisation() {
    let archive = Archive::new();
    archive
        .run(&["init", "--bundled", archive.dir().to_str().unwrap()])
        .success();
    let shown = |id: &str| archive.stdout_json(&["show", id, "--format", "json"]);
    assert_eq!(shown("11")["role"], "Prime Minister of Armenia");
    archive
        .run(&[
            "edit",
            "11",
            "--set",
            "speaker=Ilham Aliyev",
            "--reason",
            "misattributed",
        ])
        .success()
        .stderr_has(
            "statement 11: role changed from Prime Minister of Armenia to President of Azerbaijan",
        );
    let statement = shown("11");
    assert_eq!(statement["speaker"], "Ilham Aliyev");
    assert_eq!(statement["role"], "President of Azerbaijan");
    assert_ne!(statement["organization"], "Government of Armenia");
    assert!(archive
        .ids(&["--role", "Prime Minister of Armenia", "--speaker", "aliyev"])
        .is_empty());
    let history = archive.stdout_json(&["show", "11", "--history", "--format", "json"]);
    let fields: Vec<&str> = history["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["speaker", "role", "organization"]);
    // A role given in the same edit wins over the new speaker's.
    archive
        .run(&[
            "edit",
            "10",
            "--set",
            "role=Acting spokesperson",
            "--set",
            "speaker=Ilham Aliyev",
            "--reason",
            "misattributed",
        ])
        .success();
    assert_eq!(shown("10")["role"], "Acting spokesperson");
    // The country with the speaker chooses; it does not move the speaker to France.
    for text in ["first thing", "second thing"] {
        archive
            .run(&[
                "add",
                "--speaker",
                "Solo Speaker",
                "--date",
                "2024-01-01",
                text,
            ])
            .success();
    }
    archive
        .run(&[
            "edit",
            "15",
            "--set",
            "speaker=Solo Speaker",
            "--set",
            "country=FR",
            "--reason",
            "x",
        ])
        .code(1);
    assert!(shown("16")["country"].is_null());
    archive.run(&["check"]).success();
}

/// Two statements that a merge of speakers or an edit made alike (speaker, date and text)
/// both come back from an export with history, each with its own history; and ingesting
/// that export again, or the plain export, adds nothing and calls nothing curated.
#[test]
fn statements_made_alike_by_a_merge_or_an_edit_survive_an_export_with_history() {
    let archive = Archive::new();
    let records = archive.write(
        "alike.jsonl",
        concat!(
            r#"{"text":"We will respond.","speaker":"Dmitry Peskov","date":"2024-03-01","source":{"outlet":"TASS"}}"#,
            "\n",
            r#"{"text":"We will respond.","speaker":"D. Peskov","date":"2024-03-01","source":{"outlet":"Reuters"}}"#,
            "\n",
            r#"{"text":"First wording.","speaker":"Ministry of Defence","date":"2024-03-02"}"#,
            "\n",
            r#"{"text":"Second wording.","speaker":"Ministry of Defence","date":"2024-03-02"}"#,
            "\n",
        ),
    );
    archive
        .run(&["ingest", records.to_str().unwrap()])
        .ingested(4, 0, 0);
    archive
        .run(&["speakers", "merge", "Dmitry Peskov", "D. Peskov"])
        .success()
        // The merge says which statements now repeat another.
        .stderr_has(
            "1 moved statement now has the speaker, date and text of another: 2 repeats 1 (`communique delete ID` removes a repeat; a plain export",
        );
    archive
        .run(&[
            "edit",
            "4",
            "--set",
            "text=First wording.",
            "--reason",
            "the same",
        ])
        .success()
        .stderr_has("statement 4 now has the speaker, date and text of statement 3 (`communique delete 4` if it is a repeat; a plain export, ingested again, stores one of the two; `export --with-history` keeps both)\n");
    let with_history = archive
        .run(&["export", "--with-history"])
        .success()
        .stdout
        .clone();
    // Restored as a backup is: the speakers with their aliases, then the statements.
    let speakers = archive
        .run(&["speakers", "export"])
        .success()
        .stdout
        .clone();
    let elsewhere = Archive::new();
    let path = elsewhere.write("speakers.jsonl", &speakers);
    elsewhere
        .run(&["speakers", "import", path.to_str().unwrap()])
        .success();
    let path = elsewhere.write("export.jsonl", &with_history);
    elsewhere
        .run(&["ingest", path.to_str().unwrap()])
        .ingested(4, 0, 0);
    assert_eq!(
        elsewhere
            .run(&["export", "--with-history"])
            .success()
            .stdout,
        with_history
    );
    // Again, into either archive: each record is the statement it was exported from.
    for target in [&elsewhere, &archive] {
        let path = target.write("again.jsonl", &with_history);
        target
            .run(&["ingest", path.to_str().unwrap()])
            .ingested(0, 4, 0)
            .stderr_has(" 0 kept as curated");
    }
    // The plain export, into the archive it came from, is what is stored: duplicates.
    let plain = archive.export("jsonl");
    let path = archive.write("plain.jsonl", &plain);
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .ingested(0, 4, 0)
        .stderr_has(" 0 kept as curated");
    assert_eq!(archive.statement_count(), 4);
    // The original records are recognised as the statements corrected since.
    elsewhere
        .run(&["ingest", records.to_str().unwrap()])
        .stderr_has("statement 4 was corrected since it was ingested; kept as curated");
    assert_eq!(elsewhere.statement_count(), 4);
}

/// A record with an id that is what its corrected statement is now is a duplicate; the
/// original record, which differs from it in a field the edit changed, is kept as curated.
#[test]
fn a_corrected_statement_is_a_duplicate_of_its_export_and_curated_against_its_original() {
    let archive = Archive::with("statements.jsonl");
    archive
        .run(&[
            "edit",
            "3",
            "--set",
            "channel=press call",
            "--reason",
            "a call",
        ])
        .success();
    let plain = archive.export("jsonl");
    let path = archive.write("plain.jsonl", &plain);
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .ingested(0, 8, 0)
        .stderr_has(" 0 kept as curated");
    archive
        .ingest_fixture("statements.jsonl")
        .ingested(0, 7, 0)
        .stderr_has("statement 3 was corrected since it was ingested; kept as curated");
}

#[test]
fn a_kill_in_the_middle_of_an_edit_leaves_the_archive_consistent() {
    let archive = Archive::with("statements.jsonl");
    for round in 0..24u64 {
        let new_text = format!("Corrected wording number {round}");
        let before = archive.stdout_json(&["show", "3", "--format", "json"]);
        let mut child = archive
            .std_command(&[
                "edit",
                "3",
                "--set",
                &format!("text={new_text}"),
                "--reason",
                "kill test",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Deterministic spread of kill points across the edit's lifetime.
        std::thread::sleep(Duration::from_micros(round * 1_700));
        let _ = child.kill();
        let _ = child.wait();
        archive.run(&["check"]).success();
        let after = archive.stdout_json(&["show", "3", "--history", "--format", "json"]);
        let text = after["text"].as_str().unwrap();
        let edited = text == new_text;
        assert!(
            edited || text == before["text"].as_str().unwrap(),
            "round {round}: half-written text {text:?}"
        );
        // The history holds an entry for this round exactly when the text changed.
        let recorded = after["history"]
            .as_array()
            .unwrap()
            .iter()
            .any(|entry| entry["new_value"] == new_text.as_str());
        assert_eq!(recorded, edited, "round {round}");
        // Search agrees with the database.
        assert_eq!(
            archive.ids(&[&format!("\"number {round}\"")]) == [3],
            edited,
            "round {round}"
        );
    }
}

/// A long value set by `edit`, or a reference nobody has, was echoed whole.
#[test]
fn huge_values_are_quoted_by_their_beginning() {
    let archive = Archive::with("statements.jsonl");
    // The longest argument Linux passes is 128 KiB.
    let huge = "w".repeat(100_000);
    let cut = format!("{}… (100000 characters)", "w".repeat(80));
    archive
        .run(&[
            "edit",
            "1",
            "--set",
            &format!("title={huge}"),
            "--reason",
            "test",
        ])
        .success()
        .stderr_lines_within(300)
        .stderr_has(&format!(
            "statement 1: title changed from Overnight ceasefire violation at Nerkin-And to {cut}"
        ));
    archive
        .run(&[
            "edit",
            "1",
            "--set",
            &format!("kind={huge}"),
            "--reason",
            "test",
        ])
        .code(2)
        .stderr_lines_within(300)
        .stderr_has(&format!(
            "kind: expected statement, quote or paraphrase, found \"{}…\" (100000 characters)",
            "w".repeat(80)
        ));
    archive
        .run(&["show", &huge])
        .code(1)
        .stderr_lines_within(300)
        .stderr_has(&format!(
            "no statement with id or external id \"{}…\" (100000 characters)",
            "w".repeat(80)
        ));
}

/// Adding a statement the archive holds as deleted names it, and says how to bring it
/// back: "already holds this statement" sent users looking for what search cannot show.
#[test]
fn adding_a_deleted_statement_names_it_and_how_to_restore_it() {
    let archive = Archive::with("statements.jsonl");
    let statement = archive.stdout_json(&["show", "3", "--format", "json"]);
    archive
        .run(&["delete", "3", "--reason", "misattributed"])
        .success();
    let text = statement["text"].as_str().unwrap();
    let speaker = statement["speaker"].as_str().unwrap();
    let date = statement["date"].as_str().unwrap();
    let mut args = vec!["add", "--speaker", speaker, "--date", date];
    if let Some(country) = statement["country"].as_str() {
        args.extend(["--country", country]);
    }
    args.push(text);
    archive
        .run(&args)
        .code(1)
        .stderr_has("this statement is statement 3, deleted; nothing was added (`communique restore 3` brings it back");
    assert_eq!(archive.statement_count(), 7);
}

/// A restore that makes two live statements alike says so, as an edit does.
#[test]
fn a_restore_that_makes_two_statements_alike_says_so() {
    let archive = Archive::new();
    archive
        .run(&["init", "--bundled", archive.dir().to_str().unwrap()])
        .success();
    archive.run(&["delete", "12", "--reason", "x"]).success();
    archive
        .run(&[
            "edit",
            "11",
            "--set",
            "speaker=Ilham Aliyev",
            "--reason",
            "y",
        ])
        .success();
    archive
        .run(&["restore", "12", "--reason", "z"])
        .success()
        .stderr_has("statement 12 now has the speaker, date and text of statement 11 (");
}

/// Deleting a deleted statement, restoring a live one or editing a deleted one is an
/// error about the statement, not about the database file: no path in front of it.
#[test]
fn a_statement_in_the_wrong_state_is_named_without_the_database_path() {
    let archive = Archive::with("statements.jsonl");
    archive.run(&["delete", "3", "--reason", "x"]).success();
    archive
        .run(&["delete", "3", "--reason", "again"])
        .code(2)
        .stderr_has(
        "communique: error: statement 3 is deleted; restore it first\nhint: `communique restore 3",
    );
    archive
        .run(&["edit", "3", "--set", "title=t", "--reason", "x"])
        .code(2)
        .stderr_has("communique: error: statement 3 is deleted");
    archive
        .run(&["restore", "4", "--reason", "x"])
        .code(2)
        .stderr_has("communique: error: statement 4 is not deleted\n");
}

/// A statement dated after tomorrow is added, with a warning: most likely a typo (2042
/// for 2024) that a search by date would never find where expected.
#[test]
fn add_warns_of_a_date_in_the_future() {
    let archive = Archive::with("statements.jsonl");
    archive
        .run(&[
            "add",
            "--speaker",
            "X",
            "--date",
            "2099-01-01",
            "Far ahead.",
        ])
        .success()
        .stderr_has("statement 9 is dated 2099-01-01, in the future");
    let run = archive.run(&["add", "--speaker", "X", "--date", "2024-01-01", "Past."]);
    run.success();
    assert!(!run.stderr.contains("in the future"), "{}", run.stderr);
}

/// `history` pages as `search` does: it says on stderr, in every format, when older
/// changes are left out, takes `--limit all` and `--offset`, and a page past the last
/// change exits 1. An audit exported as CSV lost the older corrections without a word.
#[test]
fn history_says_what_it_leaves_out_and_pages_to_the_last_change() {
    let archive = Archive::with("statements.jsonl");
    for number in 1..=22 {
        let title = format!("title={number}");
        archive
            .run(&["edit", "1", "--set", &title, "--reason", "r"])
            .success();
    }
    let page = archive.run(&["history", "--format", "csv"]);
    let (_, rows) = page.success().csv();
    assert_eq!(rows.len(), 20);
    page.stderr_has("20 of 22 changes shown");
    let all = archive.run(&["history", "--format", "csv", "--limit", "all"]);
    assert_eq!(all.success().csv().1.len(), 22);
    assert!(!all.stderr.contains("shown"), "{}", all.stderr);
    let rest = archive.run(&["history", "--format", "csv", "--offset", "20"]);
    let (_, rest_rows) = rest.success().csv();
    assert_eq!(rest_rows.len(), 2);
    // The two pages are all of them, in order.
    assert_eq!(
        [rows, rest_rows].concat(),
        archive
            .run(&["history", "--format", "csv", "--limit", "all"])
            .csv()
            .1
    );
    archive
        .run(&["history", "--offset", "22"])
        .code(1)
        .stderr_has("22 changes, none from --offset 22 on");
}

/// Numeric ids of the user's own that are other statements' numbers (the tester's H2):
/// `edit 1` meant the record "1" and rewrote statement 1, another one, exit 0. An
/// argument that names two statements is refused before anything is written; `'#N'`
/// names the archive's number alone and `id:VALUE` the external id alone.
#[test]
fn edit_and_delete_refuse_an_id_that_names_two_statements() {
    let archive = Archive::new();
    archive
        .run_with_stdin(
            &["ingest", "-", "--format", "csv"],
            "id,text,speaker,date\n3,third,S,2024-01-03\n2,second,S,2024-01-02\n1,first,S,2024-01-01\n",
        )
        .success();
    let before = archive.export("jsonl");
    let refusals: [&[&str]; 4] = [
        &[
            "edit",
            "1",
            "--set",
            "text=FIRST-FIXED",
            "--reason",
            "fix record 1",
        ],
        &["delete", "1", "--reason", "x"],
        &["restore", "3", "--reason", "x"],
        &["edit", " 3 ", "--set", "title=t", "--reason", "x"],
    ];
    for args in refusals {
        let run = archive.run(args);
        run.code(2);
        let named = args[1].trim();
        let other = 4 - named.parse::<i64>().unwrap();
        run.stderr_has(&format!(
            "communique: error: \"{named}\" names two statements: statement {named} by its number, statement {other} by its external id\n"
        ))
        .stderr_has(&format!(
            "hint: say which: `'#{named}'` is statement {named} (its number), `id:{named}` is statement {other} (its external id)\n"
        ));
    }
    assert_eq!(archive.export("jsonl"), before, "nothing was written");
    assert_eq!(archive.run(&["history"]).code(1).stdout, "");
    // Each form names one statement.
    archive
        .run(&[
            "edit",
            "id:1",
            "--set",
            "text=FIRST-FIXED",
            "--reason",
            "fix record 1",
        ])
        .success()
        .stderr_has("statement 3: text changed from first to FIRST-FIXED");
    let first = archive.stdout_json(&["show", "id:1", "--format", "json"]);
    assert_eq!(
        (&first["id"], &first["text"]),
        (&3.into(), &"FIRST-FIXED".into())
    );
    archive
        .run(&["delete", "#1", "--reason", "x"])
        .success()
        .stderr_has("statement 1 deleted");
    let deleted = archive.stdout_json(&["show", "id:3", "--format", "json"]);
    assert_eq!(
        (&deleted["id"], &deleted["text"]),
        (&1.into(), &"third".into())
    );
    assert!(deleted["deleted"].is_object(), "{deleted}");
    // 2 is statement 2 both ways: one statement, nothing to ask.
    archive.run(&["delete", "2", "--reason", "x"]).success();
    archive.run(&["restore", "2", "--reason", "y"]).success();
    archive
        .run(&["restore", "id:9", "--reason", "y"])
        .code(2)
        .stderr_has("communique: error: no statement with external id \"9\"\n");
}

/// `id=$(communique add …)` run twice (the tester's L8) held nothing the second time:
/// the statement stored already is printed on stdout as a new one is, exit 1 still says
/// that nothing was added, and stderr still says why. A record whose id is stored with
/// other content is not that statement: nothing is printed.
#[test]
fn add_of_a_stored_statement_prints_its_id_and_exits_1() {
    let archive = Archive::new();
    let add = |text: &str, id: Option<&str>| {
        let mut args = vec!["add", "--speaker", "S", "--date", "2024", text];
        if let Some(id) = id {
            args.extend(["--id", id]);
        }
        archive.run(&args)
    };
    assert_eq!(add("x", None).success().stdout, "1\n");
    assert_eq!(add("y", Some("mine")).success().stdout, "2\n");
    let again = add("x", None);
    again
        .code(1)
        .stderr_has("this statement is statement 1, stored already");
    assert_eq!(again.stdout, "1\n");
    assert_eq!(add("y", Some("mine")).code(1).stdout, "2\n");
    // Corrected since, or deleted: the statement is still that one.
    archive
        .run(&["edit", "1", "--set", "title=T", "--reason", "r"])
        .success();
    let corrected = add("x", None);
    corrected.code(1).stderr_has("statement 1, corrected since");
    assert_eq!(corrected.stdout, "1\n");
    // The id is stored with another text: this statement is not stored.
    let different = add("z", Some("mine"));
    different
        .code(1)
        .stderr_has("id \"mine\" is statement 2, stored with another text");
    assert_eq!(different.stdout, "");
    archive.run(&["delete", "2", "--reason", "r"]).success();
    let deleted = add("y", Some("mine"));
    deleted.code(1).stderr_has("statement 2, deleted");
    assert_eq!(deleted.stdout, "2\n");
    assert_eq!(archive.statement_count(), 1);
}

/// `search --deleted -f jsonl | communique ingest -` into an archive where the statement
/// is live said "statement 1 was corrected since it was ingested; kept as curated
/// (--overwrite-curated applies the record)": the statement was never corrected there, and
/// --overwrite-curated counted the record a duplicate. It is kept live and said so.
#[test]
fn a_deleted_record_of_a_live_statement_is_kept_live_and_said_so() {
    let source = Archive::with("statements.jsonl");
    source
        .run(&["delete", "1", "--reason", "misattributed"])
        .success();
    let deleted = source
        .run(&["search", "--deleted", "--format", "jsonl"])
        .success()
        .stdout
        .clone();
    let with_history = source
        .run(&["export", "--format", "jsonl", "--with-history"])
        .success()
        .stdout
        .clone();
    let with_history = source.write("with-history.jsonl", with_history);
    let target = Archive::with("statements.jsonl");
    let said = "<stdin>:1: statement 1 is live here, but deleted in the archive the record was written from; kept live, the deletion not applied (`communique delete 1 --reason WHY` deletes it here)";
    for flags in [
        &["ingest", "-"][..],
        &["ingest", "-", "--overwrite-curated"],
    ] {
        let run = target.run_with_stdin(flags, deleted.as_str());
        run.success()
            .stderr_has(said)
            .stderr_has("0 added, 0 duplicates, 1 kept live (deleted in the record), 0 kept as curated, 0 rejected");
        assert!(!run.stderr.contains("corrected since"), "{run}");
    }
    // Under --quiet too: a deletion not applied is data not written.
    let quiet = target.run_with_stdin(&["--quiet", "ingest", "-"], deleted.as_str());
    quiet.success().stderr_has(said);
    // An export with history, whose record has the deletion in its history, likewise: it
    // was counted a duplicate.
    target
        .run(&["ingest", with_history.to_str().unwrap()])
        .success()
        .stderr_has("with-history.jsonl:1: statement 1 is live here, but deleted")
        .stderr_has("7 duplicates, 1 kept live (deleted in the record), 0 kept as curated");
    assert!(target.ids(&["--deleted"]).is_empty());
    assert_eq!(target.statement_count(), 8);
}
