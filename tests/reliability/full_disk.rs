//! A full disk or a failing write: a clear error, exit 2, and the archive exactly as
//! before. Simulated with `ulimit -f` (a file size limit, with SIGXFSZ ignored so that the
//! write fails with EFBIG, or not ignored so that the signal kills the process), with
//! strace injecting ENOSPC into chosen system calls, and with a read-only index directory
//! when the tests do not run as root.

use std::os::unix::fs::PermissionsExt;

use crate::support::{absolute, prove_consistent, require_strace, Corpus, Run, Workspace, BIN};

/// An archive with the first file of a corpus, and the path of the second file.
fn archive_and_more() -> (Workspace, Corpus, String) {
    let corpus = Corpus::generate(0xF011, 2, 300);
    let workspace = Workspace::new();
    let files = corpus.write(&workspace, "part");
    workspace
        .run(&["ingest", files[0].to_str().unwrap()])
        .success();
    (workspace, corpus, files[1].display().to_string())
}

/// Runs `communique --archive DIR ARGS` in `sh` under `ulimit -f blocks`.
fn under_file_size_limit(
    workspace: &Workspace,
    blocks: u64,
    ignore_signal: bool,
    args: &[&str],
) -> Run {
    let trap = if ignore_signal { "trap '' XFSZ; " } else { "" };
    let mut command = workspace.wrapped("sh");
    command
        .arg("-c")
        .arg(format!("{trap}ulimit -f {blocks} && exec \"$0\" \"$@\""))
        .arg(BIN)
        .arg("--archive")
        .arg(workspace.archive())
        .args(args);
    Run::of(command, None)
}

#[track_caller]
fn assert_clear_write_error(run: &Run) {
    run.code(2);
    assert!(
        run.stderr.starts_with("communique: error: "),
        "not a clear error:\n{run}"
    );
    let lower = run.stderr.to_lowercase();
    assert!(
        ["disk", "file too large", "no space", "full", "i/o error"]
            .iter()
            .any(|word| lower.contains(word)),
        "the error does not say that writing failed:\n{run}"
    );
}

#[test]
fn a_file_size_limit_fails_the_ingest_cleanly() {
    let (workspace, corpus, more) = archive_and_more();
    let before = workspace.snapshot();
    let mut failures = 0;
    // Blocks of 512 bytes (dash) or 1024 (bash): doubling until the ingest fits.
    let mut blocks = 1;
    loop {
        let run = under_file_size_limit(&workspace, blocks, true, &["ingest", &more]);
        if run.code == Some(0) {
            break;
        }
        assert_clear_write_error(&run);
        assert_eq!(
            workspace.snapshot(),
            before,
            "a failed ingest under ulimit -f {blocks} changed the archive:\n{run}"
        );
        failures += 1;
        blocks *= 2;
        assert!(blocks < 1 << 22, "the ingest never fits");
    }
    eprintln!("ulimit -f: {failures} limits failed cleanly; the ingest fits under {blocks} blocks");
    assert!(failures >= 3, "too few limits were small enough to fail");
    assert_eq!(prove_consistent(&workspace, &corpus).present, corpus.all());
}

#[test]
fn sigxfsz_kills_leave_the_archive_consistent() {
    let (workspace, corpus, more) = archive_and_more();
    let first: std::collections::BTreeSet<usize> = corpus.files[0].iter().copied().collect();
    let mut blocks = 1;
    let mut kills = 0;
    loop {
        let run = under_file_size_limit(&workspace, blocks, false, &["ingest", &more]);
        if run.code == Some(0) {
            break;
        }
        if run.signal.is_none() {
            assert_clear_write_error(&run);
        } else {
            kills += 1;
        }
        // The file is whole or absent (the signal may come after the commit, when SQLite
        // checkpoints its WAL into the database file).
        let present = prove_consistent(&workspace, &corpus).present;
        assert!(
            present == first || present == corpus.all(),
            "a failed ingest under ulimit -f {blocks} was half-kept:\n{run}"
        );
        blocks *= 2;
        assert!(blocks < 1 << 22, "the ingest never fits");
    }
    eprintln!(
        "ulimit -f without trap: {kills} runs killed by SIGXFSZ, archive consistent after each"
    );
    assert_eq!(prove_consistent(&workspace, &corpus).present, corpus.all());
}

/// Runs `communique ARGS` with strace making `syscall` fail with ENOSPC (on `path` only,
/// when given).
fn with_enospc(workspace: &Workspace, syscall: &str, path: Option<&str>, args: &[&str]) -> Run {
    let mut command = workspace.wrapped("strace");
    command.args(["-f", "-qq", "-o", "/dev/null"]);
    if let Some(path) = path {
        command.args(["-P", path]);
    }
    command
        .arg("-e")
        .arg(format!("trace={syscall}"))
        .arg("-e")
        .arg(format!("inject={syscall}:error=ENOSPC"))
        .arg(BIN)
        .arg("--archive")
        .arg(workspace.archive())
        .args(args);
    Run::of(command, None)
}

#[test]
fn a_full_disk_under_the_index_fails_the_ingest_cleanly() {
    if !require_strace("full disk under the index") {
        return;
    }
    let (workspace, corpus, more) = archive_and_more();
    let before = workspace.snapshot();
    // tantivy syncs every file it writes with fdatasync (SQLite uses fsync).
    let run = with_enospc(&workspace, "fdatasync", None, &["ingest", &more]);
    run.code(2);
    assert!(run.stderr.starts_with("communique: error: "), "{run}");
    assert!(
        run.stderr.contains("index"),
        "the error does not name the index:\n{run}"
    );
    assert_clear_write_error(&run);
    assert_eq!(
        workspace.snapshot(),
        before,
        "the failed ingest changed the archive"
    );
    workspace.run(&["ingest", &more]).success();
    assert_eq!(prove_consistent(&workspace, &corpus).present, corpus.all());
}

#[test]
fn a_full_disk_under_the_database_fails_the_ingest_cleanly() {
    if !require_strace("full disk under the database") {
        return;
    }
    let (workspace, corpus, more) = archive_and_more();
    let before = workspace.snapshot();
    let wal = format!(
        "{}-wal",
        absolute(&workspace.archive().join("archive.sqlite3"))
    );
    let run = with_enospc(&workspace, "pwrite64,write", Some(&wal), &["ingest", &more]);
    assert_clear_write_error(&run);
    assert_eq!(
        workspace.snapshot(),
        before,
        "the failed ingest changed the archive"
    );
    workspace.run(&["ingest", &more]).success();
    assert_eq!(prove_consistent(&workspace, &corpus).present, corpus.all());
}

/// The last write of an ingest is the index's `meta.json`, after SQLite has committed.
/// If it fails, the statements are in the database (the truth) and the index catches up
/// on the next open; what must not happen is exit 2 — "nothing was written" — while the
/// statements were in fact stored.
#[test]
fn a_failing_index_commit_after_the_database_commit_is_not_reported_as_nothing_written() {
    if !require_strace("failing index commit") {
        return;
    }
    let (workspace, corpus, more) = archive_and_more();
    let before = workspace.snapshot();
    let meta = absolute(&workspace.archive().join("index").join("meta.json"));
    let run = with_enospc(
        &workspace,
        "renameat,rename,renameat2",
        Some(&meta),
        &["ingest", &more],
    );
    run.sane();
    let observed = prove_consistent(&workspace, &corpus);
    if observed.present == corpus.all() {
        assert_ne!(
            run.code,
            Some(2),
            "exit 2 (an error: the user will think nothing was stored) although the {} statements were stored:\n{run}",
            corpus.files[1].len()
        );
        assert!(
            run.stderr.contains("index"),
            "the user is not told that the index will catch up:\n{run}"
        );
    } else {
        run.code(2);
        let after = workspace.snapshot();
        assert_eq!(after.export, before.export, "nothing may be half-written");
    }
}

#[test]
fn an_unwritable_index_directory_fails_cleanly() {
    let (workspace, corpus, more) = archive_and_more();
    let index = workspace.archive().join("index");
    let probe = index.join("probe");
    let original = std::fs::metadata(&index).unwrap().permissions();
    std::fs::set_permissions(&index, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(&probe, "x").is_ok() {
        let _ = std::fs::remove_file(&probe);
        std::fs::set_permissions(&index, original).unwrap();
        eprintln!(
            "unwritable index directory: SKIPPED: running as root, chmod does not stop writes (the strace tests cover failing writes)"
        );
        return;
    }
    let before_export = workspace.export();
    let run = workspace.run(&["ingest", &more]);
    std::fs::set_permissions(&index, original).unwrap();
    run.code(2);
    assert!(run.stderr.starts_with("communique: error: "), "{run}");
    assert_eq!(
        workspace.export(),
        before_export,
        "the failed ingest changed the archive"
    );
    workspace.run(&["ingest", &more]).success();
    assert_eq!(prove_consistent(&workspace, &corpus).present, corpus.all());
}
