//! `communique check`, `communique reindex` and `communique compact`, and the repair every
//! command makes when the derived index is missing, damaged or behind the database.

use std::path::Path;

use crate::support::{data, run_with_stdout_closed, Archive};

const HEALTHY: &str = "ok: 8 statements in the database, 8 in the index, in agreement\n";

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn check_agrees_on_a_healthy_archive() {
    let archive = Archive::with("statements.jsonl");
    let run = archive.run(&["check"]);
    assert_eq!(run.success().stdout, HEALTHY);
    assert_eq!(run.stderr, "", "nothing to repair");
    let run = archive.run(&["check", "--no-repair"]);
    assert_eq!(run.success().stdout, HEALTHY);
}

#[test]
fn a_deleted_index_is_reported_then_rebuilt_by_the_next_command() {
    let archive = Archive::with("statements.jsonl");
    std::fs::remove_dir_all(archive.dir().join("index")).unwrap();

    let check = archive.run(&["check", "--no-repair"]);
    check.code(1);
    assert_eq!(
        check.stdout,
        concat!(
            "problems: 8 statements in the database, 0 in the index\n",
            "- the index is missing (its directory is gone)\n",
            "- 8 statements missing from the index: 1, 2, 3, 4, 5, 6, 7, 8\n",
            "hint: `communique reindex` rebuilds the index from the database\n",
        )
    );
    // --no-repair repairs nothing, nor creates an empty index: asking again gives the
    // same report.
    assert_eq!(
        archive.run(&["check", "--no-repair"]).code(1).stdout,
        check.stdout
    );
    assert!(!archive.dir().join("index").exists());

    // One notice, of what was found and done; not "empty or never committed", which an
    // index made empty in the directory's place would have been.
    let search = archive.run(&["search", "restraint", "--format", "ids"]);
    assert_eq!(
        search.success().stderr,
        "communique: the index directory was missing; it was rebuilt from the database (8 statements indexed)\n"
    );
    assert_eq!(search.stdout, "3\n");
    assert_eq!(archive.ids(&[]), crate::support::NEWEST_FIRST);

    let check = archive.run(&["check"]);
    assert_eq!(check.success().stdout, HEALTHY);
    assert_eq!(check.stderr, "", "the repair is done once");
}

#[test]
fn check_without_no_repair_repairs_first() {
    let archive = Archive::with("statements.jsonl");
    std::fs::remove_dir_all(archive.dir().join("index")).unwrap();
    let check = archive.run(&["check"]);
    assert_eq!(check.success().stdout, HEALTHY);
    check.stderr_has("it was rebuilt from the database (8 statements indexed)");
}

#[test]
fn reindex_rebuilds_the_index() {
    let archive = Archive::with("statements.jsonl");
    archive
        .run(&["reindex"])
        .success()
        .stderr_has("communique: reindexed 8 statements");
    assert_eq!(archive.ids(&["restraint"]), [3]);
    assert_eq!(archive.ids(&[]), crate::support::NEWEST_FIRST);
    assert_eq!(archive.run(&["check"]).success().stdout, HEALTHY);

    // Also from nothing at all, built once: not first by the repair every other command
    // makes on open.
    std::fs::remove_dir_all(archive.dir().join("index")).unwrap();
    let run = archive.run(&["reindex"]);
    run.success().stderr_has("reindexed 8 statements");
    assert!(!run.stderr.contains("brought up to date"), "{run}");
    assert_eq!(archive.ids(&["provoc*", "--sort", "oldest"]), [2, 1]);
    assert_eq!(
        archive.run(&["check", "--no-repair"]).success().stdout,
        HEALTHY
    );
}

#[test]
fn an_index_left_behind_the_database_is_brought_up_to_date() {
    let archive = Archive::with("statements.jsonl");
    let index = archive.dir().join("index");
    let saved = archive.path("index-after-first-ingest");
    copy_dir(&index, &saved);

    let kremlin = data("kremlin-like.csv");
    archive
        .run(&[
            "ingest",
            kremlin.to_str().unwrap(),
            "--set",
            "speaker=Vladimir Putin",
            "--set",
            "country=RU",
            "--map",
            "text=body",
        ])
        .success()
        .ingested(2, 0, 0);
    // Put back the index as it was before the second ingest: older than the database.
    std::fs::remove_dir_all(&index).unwrap();
    copy_dir(&saved, &index);

    let check = archive.run(&["check", "--no-repair"]);
    check
        .code(1)
        .stdout_has("problems: 10 statements in the database, 8 in the index\n")
        .stdout_has("- 2 statements missing from the index: 9, 10\n");

    // The queue was trimmed past the copy's commit: the index cannot replay it, and is
    // rebuilt, which the notice says (not "brought up to date").
    let search = archive.run(&["search", "--speaker", "putin", "--format", "ids"]);
    assert_eq!(
        search.success().stderr,
        "communique: the index was too far behind the database to catch up; it was rebuilt from the database (10 statements indexed)\n"
    );
    assert_eq!(search.stdout, "10\n9\n");
    assert_eq!(archive.ids(&["caucasus"]), [9]);
    assert_eq!(archive.ids(&["restraint"]), [3]);
    let check = archive.run(&["check"]);
    assert_eq!(
        check.success().stdout,
        "ok: 10 statements in the database, 10 in the index, in agreement\n"
    );
}

#[test]
fn a_damaged_index_is_rebuilt_by_the_next_command() {
    let archive = Archive::with("statements.jsonl");
    std::fs::write(archive.dir().join("index").join("meta.json"), "garbage").unwrap();
    let search = archive.run(&["search", "restraint", "--format", "ids"]);
    search
        .success()
        .stderr_has("the index could not be opened (damaged: ");
    assert_eq!(search.stderr.lines().count(), 1, "one notice:\n{search}");
    assert!(!search.stderr.contains("reindex"), "{search}");
    assert_eq!(search.stdout, "3\n");
    assert_eq!(archive.run(&["check"]).success().stdout, HEALTHY);
}

/// An emptied `meta.json` is one repair, said once: not "could not be opened … `communique
/// reindex` rebuilds it", advice to do what was just done, followed by a second notice
/// of the same rebuild as an index "empty or never committed".
#[test]
fn an_emptied_meta_json_is_rebuilt_with_one_notice() {
    let archive = Archive::with("statements.jsonl");
    std::fs::write(archive.dir().join("index").join("meta.json"), "").unwrap();
    let search = archive.run(&["search", "restraint", "--format", "ids"]);
    assert_eq!(
        search.success().stderr,
        "communique: the index's list of its files (meta.json) was empty; it was rebuilt from the database (8 statements indexed)\n"
    );
    assert_eq!(search.stdout, "3\n");
    assert_eq!(archive.ids(&[]), crate::support::NEWEST_FIRST);
    let check = archive.run(&["check"]);
    assert_eq!(check.success().stdout, HEALTHY);
    assert_eq!(check.stderr, "", "the repair is done once");
}

#[test]
fn check_no_repair_reports_a_damaged_index_and_leaves_it_alone() {
    let archive = Archive::with("statements.jsonl");
    let meta = archive.dir().join("index").join("meta.json");
    std::fs::write(&meta, "garbage").unwrap();
    let check = archive.run(&["check", "--no-repair"]);
    check.code(1).stdout_has("problems: ");
    assert_eq!(
        std::fs::read_to_string(&meta).unwrap_or_default(),
        "garbage",
        "check --no-repair rebuilt the damaged index:\n{check}"
    );
    check.stdout_has("could not be opened");
}

/// `check` compared the statements' ids only: an index holding a statement with another
/// tag and channel than the database's answered `--tag` and `--channel` for them, and
/// `check` said the two agreed. It names the statement and the fields, indexes it again
/// from the database, and the filters find it by its own values; `--no-repair` only
/// reports it.
#[test]
fn check_repairs_a_statement_indexed_with_other_values() {
    use communique::index::{SearchIndex, Workload};
    let archive = Archive::with("statements.jsonl");
    let tagged = archive.ids(&["--tag", "casualties"]);
    assert_eq!(tagged, [1], "{tagged:?}");
    {
        let store = communique::store::Store::open(&archive.dir().join("archive.sqlite3")).unwrap();
        let mut statement = store
            .indexed_statement(communique::model::StatementId(1))
            .unwrap()
            .unwrap();
        statement.tags = vec!["border".to_string(), "peace".to_string()];
        statement.channel = Some("website".to_string());
        let index = SearchIndex::open_or_create(&archive.dir().join("index")).unwrap();
        let state = index.state().unwrap().unwrap();
        let mut writer = index.writer(Workload::Some).unwrap();
        writer.replace(&statement).unwrap();
        writer.commit(&state).unwrap();
    }
    assert!(archive.ids(&["--tag", "casualties"]).is_empty());
    let problem = "- 1 statement indexed with other values than the database's: 1 (channel, tag)\n";
    archive
        .run(&["check", "--no-repair"])
        .code(1)
        .stdout_has(problem)
        .stdout_has("hint: `communique reindex` rebuilds the index from the database");
    archive
        .run(&["check"])
        .code(1)
        .stdout_has(problem)
        .stdout_has(
        "repaired: 1 statement indexed again from the database; 8 statements in both, in agreement",
    );
    archive.run(&["check"]).success().stdout_has(HEALTHY);
    assert_eq!(archive.ids(&["--tag", "casualties"]), [1]);
    assert!(archive.ids(&["--tag", "peace"]).is_empty());
}

/// `communique check | head -1`, `communique completions bash | head`: a reader that
/// goes away before the output is written is no error, as for `search`. `check` and
/// `completions` printed with `println!` and clap's generator, which panic (exit 101)
/// when stdout is closed.
#[test]
fn commands_leave_quietly_when_their_reader_has_gone() {
    let archive = Archive::with("statements.jsonl");
    for args in [
        &["check"][..],
        &["check", "--no-repair"],
        &["completions", "bash"],
        &["stats"],
        &["speakers"],
        &["show", "1"],
        &["history"],
        &["timeline"],
        &["facets"],
        &["places"],
        &["config"],
    ] {
        // Closed before anything is written: every write fails with a broken pipe.
        let (code, stderr) = run_with_stdout_closed(archive.std_command(args));
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "{args:?}: stderr after the reader went away:\n{stderr}"
        );
        assert!(
            matches!(code, Some(0 | 1)),
            "{args:?}: exit code {code:?}; stderr:\n{stderr}"
        );
    }
}

/// Ingests `batches` files of five statements each, one file per ingest: every ingest
/// adds a segment to the index.
fn ingested_in_batches(archive: &Archive, batches: usize) -> Vec<crate::support::Run> {
    (0..batches)
        .map(|batch| {
            let lines: String = (0..5)
                .map(|n| {
                    format!(
                        "{{\"id\": \"b{batch}-{n}\", \"speaker\": \"Speaker {n}\", \"date\": \"2024-02-1{n}\", \"text\": \"Batch {batch} statement {n} urges restraint at the border.\"}}\n"
                    )
                })
                .collect();
            let file = archive.write(&format!("batch{batch}.jsonl"), lines);
            archive.run(&["ingest", file.to_str().unwrap()])
        })
        .collect()
}

#[test]
fn compact_joins_the_segments_and_every_search_answers_the_same() {
    let archive = Archive::new();
    for run in ingested_in_batches(&archive, 3) {
        assert!(!run.success().stderr.contains("compact"), "{run}");
    }
    let sorted = |mut ids: Vec<i64>| {
        ids.sort_unstable();
        ids
    };
    let questions: [&[&str]; 4] = [
        &["restraint"],
        &["--speaker", "Speaker 2"],
        &["border", "--from", "2024-02-12", "--to", "2024-02-13"],
        &["--sort", "newest", "--limit", "7"],
    ];
    let before: Vec<Vec<i64>> = questions.iter().map(|args| archive.ids(args)).collect();
    assert_eq!(before[0].len(), 15);

    archive
        .run(&["compact"])
        .success()
        .stderr_has("joined the index's 3 segments into one");
    assert_eq!(
        archive.run(&["check", "--no-repair"]).success().stdout,
        "ok: 15 statements in the database, 15 in the index, in agreement\n",
        "the index still reflects the same state of the database"
    );
    for (args, before) in questions.iter().zip(&before) {
        let after = archive.ids(args);
        // Date order is fixed; only equal scores may come in another order.
        if args.contains(&"--sort") {
            assert_eq!(&after, before, "{args:?}");
        } else {
            assert_eq!(sorted(after), sorted(before.clone()), "{args:?}");
        }
    }
    archive
        .run(&["compact"])
        .success()
        .stderr_has("the index is in one segment already");
}

#[test]
fn the_write_that_makes_four_segments_of_a_small_archive_merges_them() {
    let archive = Archive::new();
    for run in ingested_in_batches(&archive, 4) {
        // Nothing for the user to do: no suggestion to compact.
        assert!(!run.success().stderr.contains("compact"), "{run}");
    }
    archive
        .run(&["compact"])
        .success()
        .stderr_has("the index is in one segment already");
    assert_eq!(archive.ids(&["restraint"]).len(), 20);
    // Edits write segments too.
    for id in ["1", "2", "3"] {
        archive
            .run(&["edit", id, "--set", "channel=press", "--reason", "checked"])
            .success();
    }
    archive
        .run(&["compact"])
        .success()
        .stderr_has("the index is in one segment already");
    assert_eq!(archive.ids(&["--channel", "press"]), vec![3, 2, 1]);
}

#[test]
fn compact_leaves_deleted_statements_out() {
    let archive = Archive::new();
    for run in ingested_in_batches(&archive, 2) {
        run.success();
    }
    archive
        .run(&["delete", "3", "--reason", "duplicate"])
        .success();
    archive.run(&["compact"]).success();
    assert!(!archive.ids(&["restraint"]).contains(&3));
    assert_eq!(archive.ids(&["restraint"]).len(), 9);
    archive
        .run(&["restore", "3", "--reason", "not a duplicate"])
        .success();
    assert!(archive.ids(&["restraint"]).contains(&3));
    assert_eq!(
        archive.run(&["check"]).success().stdout,
        "ok: 10 statements in the database, 10 in the index, in agreement\n"
    );
}

#[test]
fn compact_of_an_empty_archive_says_there_is_nothing_to_join() {
    let archive = Archive::new();
    archive.run(&["init"]).success();
    archive
        .run(&["compact"])
        .success()
        .stderr_has("the index is empty: nothing to compact");
}

/// The journal mode SQLite records in the archive's database.
fn journal_mode(archive: &Archive) -> String {
    rusqlite::Connection::open(archive.dir().join("archive.sqlite3"))
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap()
}

/// The files SQLite keeps beside the database while it is in WAL mode.
fn side_files(archive: &Archive) -> Vec<String> {
    [
        "archive.sqlite3-wal",
        "archive.sqlite3-shm",
        "archive.sqlite3-journal",
    ]
    .into_iter()
    .filter(|name| archive.dir().join(name).exists())
    .map(String::from)
    .collect()
}

/// At rest the database has a rollback journal: a search opens the file alone, and
/// leaves nothing beside it. Writers write in WAL mode, so that searches read meanwhile,
/// and put the rollback journal back when they end.
#[test]
fn at_rest_the_database_keeps_a_rollback_journal_and_searches_leave_no_files() {
    let archive = Archive::new();
    for run in ingested_in_batches(&archive, 2) {
        run.success();
    }
    archive
        .run(&["edit", "1", "--set", "channel=press", "--reason", "checked"])
        .success();
    assert_eq!(journal_mode(&archive), "delete");
    assert_eq!(side_files(&archive), Vec::<String>::new());
    assert_eq!(archive.ids(&["--channel", "press"]), vec![1]);
    assert_eq!(side_files(&archive), Vec::<String>::new());
    // An export and a check read in WAL mode (a writer starting meanwhile need not wait
    // for them), and leave the database as they found it.
    assert_eq!(archive.export("jsonl").lines().count(), 10);
    assert_eq!(journal_mode(&archive), "delete");
    assert_eq!(side_files(&archive), Vec::<String>::new());
    archive.run(&["check"]).success();
    assert_eq!(journal_mode(&archive), "delete");
    assert_eq!(side_files(&archive), Vec::<String>::new());

    // Another connection reading in WAL mode when a writer ends (a writer stopped halfway
    // left the database so): SQLite refuses to leave WAL mode, and the next writer to end
    // alone puts the rollback journal back.
    let reader = rusqlite::Connection::open(archive.dir().join("archive.sqlite3")).unwrap();
    let _: String = reader
        .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
        .unwrap();
    let _: i64 = reader
        .query_row("SELECT count(*) FROM statements", [], |row| row.get(0))
        .unwrap();
    archive
        .run(&["edit", "2", "--set", "channel=press", "--reason", "checked"])
        .success();
    assert_eq!(journal_mode(&archive), "wal");
    assert_eq!(archive.ids(&["--channel", "press"]), vec![2, 1]);
    drop(reader);
    // A search of a database in WAL mode closes it, which removes the log it made.
    assert_eq!(journal_mode(&archive), "wal");
    assert_eq!(archive.ids(&["--channel", "press"]), vec![2, 1]);
    assert_eq!(side_files(&archive), Vec::<String>::new());
    archive
        .run(&["edit", "3", "--set", "channel=press", "--reason", "checked"])
        .success();
    assert_eq!(journal_mode(&archive), "delete");
    assert_eq!(side_files(&archive), Vec::<String>::new());
    assert_eq!(archive.ids(&["--channel", "press"]), vec![3, 2, 1]);
}
