//! Long commands: a progress bar on a terminal (see terminal.rs), silent when piped or with
//! --quiet, and a final summary line with counts and time.

use crate::snapshot;
use crate::support::{data, in_terminal, strip_ansi, Shell};

#[test]
fn piped_commands_print_only_their_summary_lines() {
    let shell = Shell::empty();
    let file = data("fire.jsonl");
    let other = shell.root().join("again.jsonl");
    std::fs::copy(&file, &other).unwrap();
    let run = shell.run(&["ingest", file.to_str().unwrap(), other.to_str().unwrap()]);
    run.success();
    let summaries: Vec<&str> = run
        .stderr
        .lines()
        .filter(|line| line.contains(" added, "))
        .collect();
    assert_eq!(
        summaries,
        [
            "communique: [REPO]/tests/ux/data/fire.jsonl: 12 added, 0 duplicates, 0 kept as curated, 0 rejected ([TIME] s)",
            "communique: [TMP]/again.jsonl: 0 added, 12 duplicates, 0 kept as curated, 0 rejected ([TIME] s)",
            "communique: 2 files: 12 added, 12 duplicates, 0 kept as curated, 0 rejected ([TIME] s)",
        ],
        "{run}"
    );
    assert!(
        !run.stderr.contains("lines"),
        "no progress bar when piped: {run}"
    );
    let run = shell.run(&["reindex"]);
    run.success();
    snapshot!("progress_reindex_piped", run);
    let run = shell.run(&["export", "--output", "out.jsonl"]);
    run.success();
    snapshot!("progress_export_piped", run);
    let run = shell.run(&["export"]);
    assert_eq!(run.success().stdout.lines().count(), 12);
    assert_eq!(
        run.stderr,
        "communique: exported 12 statements ([TIME] s)\n"
    );
}

#[test]
fn quiet_is_silent() {
    let shell = Shell::empty();
    let file = data("fire.jsonl");
    for args in [
        vec!["ingest", file.to_str().unwrap(), "--quiet"],
        vec!["reindex", "-q"],
        vec!["export", "-q", "--output", "out.jsonl"],
    ] {
        let run = shell.run(&args);
        run.success();
        assert_eq!(run.stderr, "", "{args:?}");
    }
}

/// The stage labels a write shows on a terminal once its input is read.
const STAGES: [&str; 4] = [
    "writing the search index",
    "committing the database",
    "committing the search index",
    "merging the search index's last segments",
];

/// An ingest of 300,000 statements sat at "300,000/300,000 lines (… 0s left)" for the
/// last fifth of its run while it wrote the indexes and committed: once the input is
/// read, the bar names each stage instead.
#[test]
fn ingest_names_its_stages_once_its_input_is_read() {
    let shell = Shell::empty();
    shell.write_many_statements();
    let Some(shown) = in_terminal(&shell, "\"$BIN\" ingest many.jsonl", &[]) else {
        eprintln!("skipping: util-linux `script` is not installed, so no pseudo-terminal");
        return;
    };
    let shown = strip_ansi(&shown);
    let read = shown.rfind(" lines (").expect("the bar of the lines read");
    // Into an empty archive SQLite builds its indexes after the load, beside the index.
    let writing = shown
        .find("many.jsonl: writing the search index and the database's indexes (")
        .unwrap_or_else(|| panic!("the first stage after the input:\n{shown}"));
    assert!(read < writing, "named once the lines are read:\n{shown}");
    for stage in &STAGES[1..] {
        assert!(
            shown.contains(&format!("many.jsonl: {stage} (")),
            "{stage}:\n{shown}"
        );
    }
    assert!(
        shown.contains("many.jsonl: 3000 added, 0 duplicates"),
        "{shown}"
    );
}

/// `reindex` showed a spinner and the time only: it counts the statements indexed
/// against the store's total, then names its last stages.
#[test]
fn reindex_counts_statements_against_the_total() {
    let shell = Shell::empty();
    shell.write_many_statements();
    shell.run(&["ingest", "many.jsonl"]).success();
    let Some(shown) = in_terminal(&shell, "\"$BIN\" reindex", &[]) else {
        eprintln!("skipping: util-linux `script` is not installed, so no pseudo-terminal");
        return;
    };
    let shown = strip_ansi(&shown);
    assert!(
        shown.contains("/3,000 statements ("),
        "a count of the total:\n{shown}"
    );
    for stage in [STAGES[0], STAGES[2], STAGES[3]] {
        assert!(
            shown.contains(&format!("reindexing: {stage} (")),
            "{stage}:\n{shown}"
        );
    }
    assert!(shown.contains("reindexed 3000 statements"), "{shown}");
}

/// The stages are progress: nothing of them is written to a pipe, nor to a terminal
/// with --quiet.
#[test]
fn stages_are_drawn_neither_on_a_pipe_nor_with_quiet() {
    let shell = Shell::empty();
    shell.write_many_statements();
    let ingest = shell.run(&["ingest", "many.jsonl"]);
    ingest.success();
    let reindex = shell.run(&["reindex"]);
    reindex.success();
    for (run, summary) in [
        (&ingest, "many.jsonl: 3000 added"),
        (&reindex, "reindexed 3000 statements"),
    ] {
        assert!(run.stderr.contains(summary), "{run}");
        for drawn in STAGES.iter().chain(&["/3,000", " lines ("]) {
            assert!(!run.stderr.contains(drawn), "{drawn}: {run}");
        }
    }
    let Some(shown) = in_terminal(
        &shell,
        "\"$BIN\" ingest -q many.jsonl && \"$BIN\" reindex -q",
        &[],
    ) else {
        eprintln!("skipping: util-linux `script` is not installed, so no pseudo-terminal");
        return;
    };
    assert_eq!(shown, "", "nothing with --quiet");
}
