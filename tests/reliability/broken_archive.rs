//! An archive directory that is not one, or is damaged: random files, a newer schema, a
//! foreign or corrupt `archive.sqlite3`, a deleted or corrupt `index/`. Each gives a clear
//! error (and leaves the files as they were) or an automatic rebuild of the index — never
//! a panic, never silent data loss, never silently wrong answers.

use std::path::Path;

use crate::support::{phrase, prove_consistent, Corpus, Rng, Run, Workspace};

/// Commands that read, and one that writes.
fn every_command(workspace: &Workspace) -> Vec<(String, Run)> {
    let more = workspace.write(
        "more.jsonl",
        "{\"text\": \"One more statement.\", \"speaker\": \"S\", \"date\": \"2024\"}\n",
    );
    let commands: Vec<Vec<String>> = vec![
        vec!["search".into(), "restraint".into()],
        vec!["search".into(), "--count".into()],
        vec!["show".into(), "1".into()],
        vec!["speakers".into()],
        vec!["export".into()],
        vec!["stats".into()],
        vec!["check".into()],
        vec!["check".into(), "--no-repair".into()],
        vec!["reindex".into()],
        vec!["ingest".into(), more.display().to_string()],
    ];
    commands
        .into_iter()
        .map(|args| {
            let run = workspace.run(&args);
            run.sane();
            (args.join(" "), run)
        })
        .collect()
}

/// Every file under `path`, with its bytes, to prove nothing was touched.
fn files_under(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    if path.is_file() {
        found.push((path.display().to_string(), std::fs::read(path).unwrap()));
    } else if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        entries.sort();
        for entry in entries {
            found.extend(files_under(&entry));
        }
    }
    found
}

/// Every command fails with exit 2 and an error that contains `message`, and no file of
/// the directory changes.
#[track_caller]
fn refused(workspace: &Workspace, message: &str) {
    let before = files_under(&workspace.archive());
    for (command, run) in every_command(workspace) {
        run.code(2);
        assert!(
            run.stderr.contains(message),
            "`{command}` does not say {message:?}:\n{run}"
        );
    }
    assert!(
        files_under(&workspace.archive()) == before,
        "a refused archive was changed"
    );
}

fn healthy() -> (Workspace, Corpus) {
    let corpus = Corpus::generate(0xA2C, 2, 100);
    let workspace = Workspace::new();
    let files = corpus.write(&workspace, "part");
    for file in &files {
        workspace.run(&["ingest", file.to_str().unwrap()]).success();
    }
    (workspace, corpus)
}

fn set_user_version(database: &Path, version: i64) {
    let connection = rusqlite::Connection::open(database).unwrap();
    connection
        .pragma_update(None, "user_version", version)
        .unwrap();
}

#[test]
fn a_directory_of_other_files_is_refused() {
    let workspace = Workspace::new();
    std::fs::create_dir_all(workspace.archive().join("sub")).unwrap();
    std::fs::write(workspace.archive().join("notes.txt"), "my notes").unwrap();
    std::fs::write(
        workspace.archive().join("sub").join("data.bin"),
        [0u8, 1, 2, 255],
    )
    .unwrap();
    refused(&workspace, "is not a communique archive");
}

#[test]
fn a_file_given_as_the_archive_is_refused() {
    let workspace = Workspace::new();
    std::fs::write(workspace.archive(), "not a directory").unwrap();
    for (command, run) in every_command(&workspace) {
        run.code(2);
        assert!(
            run.stderr.starts_with("communique: error: "),
            "`{command}`:\n{run}"
        );
    }
    assert_eq!(
        std::fs::read(workspace.archive()).unwrap(),
        b"not a directory"
    );
}

#[test]
fn a_database_of_a_newer_schema_is_refused_untouched() {
    let (workspace, _) = healthy();
    set_user_version(&workspace.archive().join("archive.sqlite3"), 99);
    refused(&workspace, "newer communique");
}

#[test]
fn a_foreign_sqlite_database_is_refused_untouched() {
    let workspace = Workspace::new();
    std::fs::create_dir(workspace.archive()).unwrap();
    let connection =
        rusqlite::Connection::open(workspace.archive().join("archive.sqlite3")).unwrap();
    connection
        .execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);")
        .unwrap();
    drop(connection);
    refused(&workspace, "not a communique archive");
}

#[test]
fn a_database_that_is_not_sqlite_is_refused_untouched() {
    for (name, bytes) in [
        (
            "random bytes",
            (0..200_000u32)
                .map(|n| (n.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect::<Vec<u8>>(),
        ),
        ("text", b"this is not a database\n".repeat(100)),
    ] {
        let (workspace, _) = healthy();
        std::fs::write(workspace.archive().join("archive.sqlite3"), &bytes).unwrap();
        eprintln!("database replaced by {name}");
        refused(&workspace, "not a database");
    }
}

/// Damage inside the database: truncated, pages overwritten, a garbage WAL. SQLite may
/// notice or not (damage in free pages is harmless); what is required is no panic, and
/// that a command that fails leaves the file as it was.
#[test]
fn a_damaged_database_gives_errors_not_panics() {
    let mut rng = Rng::new(0xDB);
    let mut outcomes = crate::support::Tally::default();
    for damage in [
        "truncated to half",
        "middle pages overwritten",
        "first page overwritten",
        "garbage WAL",
        "header only",
    ] {
        let (workspace, _) = healthy();
        let database = workspace.archive().join("archive.sqlite3");
        let mut bytes = std::fs::read(&database).unwrap();
        match damage {
            "truncated to half" => bytes.truncate(bytes.len() / 2),
            "middle pages overwritten" => {
                let start = bytes.len() / 2 / 4096 * 4096;
                for byte in &mut bytes[start..start + 8192] {
                    *byte = rng.below(256) as u8;
                }
            }
            "first page overwritten" => {
                for byte in &mut bytes[100..4096] {
                    *byte = rng.below(256) as u8;
                }
            }
            "header only" => bytes.truncate(100),
            _ => {
                let wal: Vec<u8> = (0..50_000).map(|_| rng.below(256) as u8).collect();
                std::fs::write(workspace.archive().join("archive.sqlite3-wal"), wal).unwrap();
            }
        }
        std::fs::write(&database, &bytes).unwrap();
        for (command, run) in every_command(&workspace) {
            outcomes.add(format!("exit {:?}", run.code));
            if run.code == Some(2) {
                assert!(
                    run.stderr.starts_with("communique: error: "),
                    "{damage}, `{command}`:\n{run}"
                );
            }
            // A write that failed must not have rewritten the database.
            if run.code == Some(2) && command.starts_with("ingest") {
                assert!(
                    std::fs::read(&database).unwrap() == bytes,
                    "{damage}: a failed ingest changed the database"
                );
            }
        }
    }
    eprintln!("damaged databases: {outcomes}");
}

/// A way to damage an index directory, and its name.
type Damage = (&'static str, fn(&Path));

/// Damage to the index the archive can see: it is rebuilt from the database by the next
/// command, which says so, and nothing is lost.
#[test]
fn a_deleted_or_unreadable_index_is_rebuilt() {
    let damages: [Damage; 10] = [
        ("index deleted", |index| {
            std::fs::remove_dir_all(index).unwrap()
        }),
        ("meta.json deleted", |index| {
            std::fs::remove_file(index.join("meta.json")).unwrap()
        }),
        ("meta.json garbage", |index| {
            std::fs::write(index.join("meta.json"), "{\"garbage\": tr").unwrap()
        }),
        ("meta.json empty", |index| {
            std::fs::write(index.join("meta.json"), "").unwrap()
        }),
        ("meta.json truncated", |index| {
            let meta = std::fs::read(index.join("meta.json")).unwrap();
            std::fs::write(index.join("meta.json"), &meta[..meta.len() / 2]).unwrap();
        }),
        ("index is a file", |index| {
            std::fs::remove_dir_all(index).unwrap();
            std::fs::write(index, "not a directory").unwrap();
        }),
        ("index holds junk only", |index| {
            std::fs::remove_dir_all(index).unwrap();
            std::fs::create_dir(index).unwrap();
            std::fs::write(index.join("junk.bin"), [7u8; 1000]).unwrap();
        }),
        ("a segment file deleted", |index| {
            std::fs::remove_file(segment_file(index, "idx")).unwrap();
        }),
        ("a segment file emptied", |index| {
            std::fs::write(segment_file(index, "term"), "").unwrap();
        }),
        ("a segment file truncated", |index| {
            let path = segment_file(index, "fast");
            let bytes = std::fs::read(&path).unwrap();
            std::fs::write(&path, &bytes[..bytes.len() / 3]).unwrap();
        }),
    ];
    let mut problems = Vec::new();
    for (damage, apply) in damages {
        let (workspace, corpus) = healthy();
        let export = workspace.export();
        apply(&workspace.archive().join("index"));
        let run = workspace.run(&["search", "--count"]);
        run.sane();
        if run.code != Some(0) || run.stdout.trim() != "200" {
            problems.push(format!(
                "{damage}: the first command does not repair: exit {:?}, {}",
                run.code,
                run.stderr.lines().next().unwrap_or_default()
            ));
            continue;
        }
        assert!(
            run.stderr.contains("rebuilt") || run.stderr.contains("brought up to date"),
            "{damage}: the repair is not reported:\n{run}"
        );
        // Once, and without advising the `reindex` it has just done.
        assert_eq!(
            run.stderr.lines().count(),
            1,
            "{damage}: one notice expected:\n{run}"
        );
        assert!(
            !run.stderr.contains("communique reindex"),
            "{damage}: the notice advises what was done:\n{run}"
        );
        assert_eq!(workspace.export(), export, "{damage}: data changed");
        assert_eq!(
            prove_consistent(&workspace, &corpus).present,
            corpus.all(),
            "{damage}"
        );
    }
    assert!(
        problems.is_empty(),
        "damaged indexes not rebuilt:\n{}",
        problems.join("\n")
    );
}

#[test]
fn an_index_copied_from_another_archive_is_rebuilt() {
    let (workspace, corpus) = healthy();
    let other = Workspace::new();
    other.write(
        "other.jsonl",
        "{\"text\": \"Another archive's statement.\", \"speaker\": \"S\", \"date\": \"2024\"}\n",
    );
    other.run(&["ingest", "other.jsonl"]).success();
    let index = workspace.archive().join("index");
    std::fs::remove_dir_all(&index).unwrap();
    copy_dir(&other.archive().join("index"), &index);
    let run = workspace.run(&["search", "--count"]);
    run.success();
    assert_eq!(run.stdout.trim(), "200");
    assert_eq!(prove_consistent(&workspace, &corpus).present, corpus.all());
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// The largest file of the index with this extension (a segment's postings, terms …).
fn segment_file(index: &Path, extension: &str) -> std::path::PathBuf {
    std::fs::read_dir(index)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|found| found == extension))
        .max_by_key(|path| std::fs::metadata(path).unwrap().len())
        .unwrap_or_else(|| panic!("no .{extension} file in the index"))
}

/// The answers of a set of searches (the statements found, sorted), to compare a damaged
/// index with a healthy one.
fn answers(workspace: &Workspace, corpus: &Corpus) -> Vec<(String, Option<i32>, String)> {
    let mut queries: Vec<Vec<String>> = vec![
        vec!["--count".into()],
        vec!["restraint".into(), "--limit".into(), "500".into()],
        vec!["border OR ceasefire".into(), "--limit".into(), "500".into()],
        vec!["provoc*".into(), "--limit".into(), "500".into()],
        vec![
            "--speaker".into(),
            "peskov".into(),
            "--limit".into(),
            "500".into(),
        ],
        vec![
            "--from".into(),
            "2020".into(),
            "--to".into(),
            "2021-06".into(),
            "--limit".into(),
            "500".into(),
        ],
        vec![
            "--sort".into(),
            "newest".into(),
            "--limit".into(),
            "500".into(),
        ],
        vec![
            "--country".into(),
            "AZ".into(),
            "--tag".into(),
            "border".into(),
            "--limit".into(),
            "500".into(),
        ],
    ];
    for key in (0..corpus.records.len()).step_by(23) {
        queries.push(vec![format!("\"{}\"", phrase(key))]);
    }
    queries
        .into_iter()
        .map(|query| {
            let mut args = vec!["search".to_string(), "--format".into(), "ids".into()];
            args.extend(query.iter().cloned());
            let run = workspace.run(&args);
            // Which statements, not in which order: ties are ordered by segment.
            let outcome = if run.stderr.contains("panicked at") {
                format!("PANIC: {}", run.stderr.lines().nth(1).unwrap_or_default())
            } else {
                let mut lines: Vec<&str> = run.stdout.lines().collect();
                lines.sort();
                lines.join(" ")
            };
            (query.join(" "), run.code, outcome)
        })
        .collect()
}

/// Bytes garbled inside a segment file, its size unchanged: the archive cannot see it on
/// open. Searches must not panic; and if an answer is wrong or fails, `check` must say the
/// index is damaged (not "ok"), and `reindex` must set it right.
#[test]
fn garbled_segment_files_are_never_silently_wrong() {
    let mut rng = Rng::new(0x5E6);
    let mut silent = Vec::new();
    let mut noticed = crate::support::Tally::default();
    for extension in ["idx", "term", "pos", "fast", "fieldnorm", "store"] {
        let (workspace, corpus) = healthy();
        let expected = answers(&workspace, &corpus);
        let path = segment_file(&workspace.archive().join("index"), extension);
        let mut bytes = std::fs::read(&path).unwrap();
        let start = bytes.len() / 3;
        let end = (start + 512).min(bytes.len() - 16);
        for byte in &mut bytes[start..end] {
            *byte = rng.below(256) as u8;
        }
        std::fs::write(&path, &bytes).unwrap();
        let found = answers(&workspace, &corpus);
        let wrong: Vec<&str> = expected
            .iter()
            .zip(&found)
            .filter(|(healthy, damaged)| healthy != damaged)
            .map(|(healthy, _)| healthy.0.as_str())
            .collect();
        if let Some((query, _, panic)) = found.iter().find(|(_, _, out)| out.starts_with("PANIC")) {
            silent.push(format!(".{extension}: `search {query}` panicked: {panic}"));
        }
        let check = workspace.run(&["check"]);
        if check.stderr.contains("panicked at") {
            silent.push(format!(
                ".{extension}: `check` panicked: {}",
                check.stderr.lines().nth(1).unwrap_or_default()
            ));
        }
        if wrong.is_empty() {
            noticed.add(format!(".{extension}: answers unchanged"));
        } else if check.code == Some(0) && check.stdout.starts_with("ok") {
            silent.push(format!(
                ".{extension}: {} of {} searches wrong or failing (e.g. `search {}`), yet `check` says: {}",
                wrong.len(),
                expected.len(),
                wrong[0],
                check.stdout.trim()
            ));
        } else {
            noticed.add(format!(".{extension}: check reports it"));
        }
        // `check` rebuilds an index it finds damaged; one it passes, `reindex` does.
        if check.stdout.starts_with("ok") {
            workspace.run(&["reindex"]).success();
        } else {
            assert!(
                check.stdout.contains("repaired: the index was rebuilt"),
                ".{extension}: `check` found the damage and left it:\n{check}"
            );
            workspace.run(&["check"]).success();
        }
        assert_eq!(
            answers(&workspace, &corpus),
            expected,
            ".{extension}: the repair does not set it right"
        );
    }
    eprintln!("garbled segment files: {noticed}");
    assert!(
        silent.is_empty(),
        "a damaged index panics, or answers wrongly while `check` passes:\n{}",
        silent.join("\n")
    );
}

/// An archive of schema version 2, before the words of speakers' names had their own
/// table, is upgraded when opened: speakers are found by any word of any of their names,
/// in either reading of ə, as before.
#[test]
fn an_archive_of_schema_2_is_upgraded_when_opened() {
    let workspace = Workspace::new();
    let statements = workspace.write(
        "statements.jsonl",
        concat!(
            r#"{"text": "We call on both sides to show restraint.", "speaker": "Dmitry Peskov", "date": "2024-02-13"}"#,
            "\n",
            r#"{"text": "The post was fired upon.", "speaker": "Vaqif Dərgahlı", "date": "2024-02-12"}"#,
            "\n",
        ),
    );
    workspace
        .run(&["ingest", statements.to_str().unwrap()])
        .success();
    let database = workspace.archive().join("archive.sqlite3");
    let connection = rusqlite::Connection::open(&database).unwrap();
    connection
        .execute_batch("DROP TABLE speaker_alias_words; PRAGMA user_version = 2;")
        .unwrap();
    drop(connection);
    for (speaker, expected) in [
        ("peskov", "We call on both sides"),
        ("DMITRY PESKOV", "We call on both sides"),
        ("dargahli", "The post was fired upon"),
        ("Vaqif Dergahli", "The post was fired upon"),
    ] {
        let run = workspace.run(&["search", "--speaker", speaker]);
        run.success();
        assert!(run.stdout.contains(expected), "--speaker {speaker}:\n{run}");
    }
    workspace
        .run(&["search", "--speaker", "peskov dargahli"])
        .code(1);
    let connection = rusqlite::Connection::open(&database).unwrap();
    let version: i64 = connection
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, communique::store::SCHEMA_VERSION);
}

/// `check --no-repair` inspects an archive of schema 2 as it is: it says the schema is
/// older and leaves it so; the next command that opens the archive upgrades it.
#[test]
fn check_without_repair_leaves_an_older_schema_as_found() {
    let workspace = Workspace::new();
    let statements = workspace.write(
        "statements.jsonl",
        r#"{"text": "We call on both sides to show restraint.", "speaker": "Dmitry Peskov", "date": "2024-02-13"}"#,
    );
    workspace
        .run(&["ingest", statements.to_str().unwrap()])
        .success();
    let database = workspace.archive().join("archive.sqlite3");
    let version = || -> i64 {
        rusqlite::Connection::open(&database)
            .unwrap()
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .unwrap()
    };
    rusqlite::Connection::open(&database)
        .unwrap()
        .execute_batch("DROP TABLE speaker_alias_words; PRAGMA user_version = 2;")
        .unwrap();
    let run = workspace.run(&["check", "--no-repair"]);
    run.success();
    assert!(run.stdout.contains("schema version 2"), "{run}");
    assert!(run.stdout.contains("ok: 1 statement in"), "{run}");
    assert_eq!(version(), 2);
    workspace.run(&["check"]).success();
    assert_eq!(version(), communique::store::SCHEMA_VERSION);
}
