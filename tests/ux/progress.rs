//! Long commands: a progress bar on a terminal (see terminal.rs), silent when piped or with
//! --quiet, and a final summary line with counts and time.

use crate::snapshot;
use crate::support::{data, Shell};

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
