//! Crash consistency: SIGKILL at random moments of `ingest` and `reindex`, and at every
//! durability point (each fsync, fdatasync and rename) found with strace, then the proof
//! that the reopened archive is consistent and that re-running the ingest completes it.
//!
//! Knobs: `COMMUNIQUE_KILL_POINTS` (random kill points, default 50: four fifths during
//! ingest, one fifth during reindex), `COMMUNIQUE_SEED`.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::support::{
    absolute, knob, prove_consistent, require_strace, seed, Corpus, Rng, Run, Tally, Workspace,
};

/// The corpus of the random kill tests: 5 files (so 5 transactions and index commits, and
/// merges) of `COMMUNIQUE_KILL_STATEMENTS` statements in all (default 400).
fn kill_corpus() -> Corpus {
    let statements = knob("COMMUNIQUE_KILL_STATEMENTS", 400).max(5);
    Corpus::generate(0xC0FF_EE00, 5, statements / 5)
}

fn ingest_args(files: &[PathBuf]) -> Vec<String> {
    let mut args = vec!["ingest".to_string()];
    args.extend(files.iter().map(|file| file.display().to_string()));
    args
}

/// Builds the reference archive by ingesting the whole corpus at once; returns its export
/// and how long the ingest took.
fn reference(corpus: &Corpus) -> (String, Duration) {
    let workspace = Workspace::on_tmpfs();
    let files = corpus.write(&workspace, "part");
    let run = workspace.run(&ingest_args(&files));
    run.success();
    let observed = prove_consistent(&workspace, corpus);
    assert_eq!(observed.present, corpus.all());
    (workspace.export(), run.elapsed)
}

/// Starts `args`, kills it with SIGKILL after `delay`; returns false if it had finished.
fn kill_after(workspace: &Workspace, args: &[String], delay: Duration) -> bool {
    let mut child = workspace.spawn(args);
    std::thread::sleep(delay);
    let finished = child.try_wait().expect("polling the child").is_some();
    // On Unix `kill` sends SIGKILL.
    let _ = child.kill();
    let status = child.wait().expect("reaping the child");
    if finished {
        assert!(
            status.success(),
            "{args:?} failed on its own before the kill: {status:?}"
        );
    }
    !finished && !status.success()
}

#[test]
fn sigkill_during_ingest_leaves_each_file_whole_or_absent() {
    let points = (knob("COMMUNIQUE_KILL_POINTS", 50) * 4).div_ceil(5);
    let mut rng = Rng::new(seed("kill during ingest", 7));
    let corpus = kill_corpus();
    let (expected_export, full) = reference(&corpus);
    let mut tally = Tally::default();
    let mut kills = 0;
    let mut chains = 0;
    let started = Instant::now();
    while kills < points {
        // Each chain starts from an empty archive, filled by ingesting.
        chains += 1;
        let workspace = Workspace::on_tmpfs();
        let files = corpus.write(&workspace, "part");
        let args = ingest_args(&files);
        // Kills while the archive is created are the strace test's (they find a bug that
        // would make this test fail at random); here the kills land in the ingests.
        workspace.run(&["init"]).success();
        // Rounds of ingest killed at a random moment, until one finishes by itself
        // (re-running the same ingest completes the set) or the chain is long enough.
        let window = full.mul_f64(1.1);
        let mut killed_in_chain = 0;
        loop {
            let finish = kills == points || killed_in_chain == 6;
            if finish || !kill_after(&workspace, &args, window.mul_f64(rng.unit())) {
                if finish {
                    workspace.run(&args).success();
                }
                break;
            }
            kills += 1;
            killed_in_chain += 1;
            // Now and then the next ingest starts from the unrepaired archive, so that
            // kills also land in the repair on open.
            if rng.below(4) == 0 {
                tally.add("left unrepaired for the next ingest");
                continue;
            }
            let observed = prove_consistent(&workspace, &corpus);
            tally.add(observed.state_before_repair);
        }
        let observed = prove_consistent(&workspace, &corpus);
        assert_eq!(
            observed.present,
            corpus.all(),
            "the re-run left statements out"
        );
        assert_eq!(
            workspace.export(),
            expected_export,
            "after kills and a re-run the archive differs from one ingested in one go"
        );
    }
    eprintln!(
        "kill during ingest: {kills} kill points in {chains} archives, {:.1} s; state found before repair: {tally}",
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn sigkill_during_reindex_loses_nothing() {
    let points = knob("COMMUNIQUE_KILL_POINTS", 50) / 5;
    let mut rng = Rng::new(seed("kill during reindex", 11));
    let corpus = kill_corpus();
    let workspace = Workspace::on_tmpfs();
    let files = corpus.write(&workspace, "part");
    workspace.run(&ingest_args(&files)).success();
    let expected_export = workspace.export();
    let args = vec!["reindex".to_string()];
    let window = workspace.run(&args).success().elapsed.mul_f64(1.2);
    let mut tally = Tally::default();
    let mut kills = 0;
    let mut tries = 0;
    while kills < points {
        tries += 1;
        assert!(
            tries < points * 20,
            "reindex keeps finishing before the kill"
        );
        if !kill_after(&workspace, &args, window.mul_f64(rng.unit())) {
            continue;
        }
        kills += 1;
        let observed = prove_consistent(&workspace, &corpus);
        tally.add(observed.state_before_repair);
        assert_eq!(
            observed.present,
            corpus.all(),
            "a killed reindex lost statements"
        );
        assert_eq!(workspace.export(), expected_export);
    }
    eprintln!("kill during reindex: {kills} kill points; state found before repair: {tally}");
}

/// Runs `communique ARGS` under strace, which kills it (SIGKILL) on entering the `when`th
/// call of `syscall` in one thread; `path` limits the calls counted to those on that
/// file. Returns None when the program finished before that call.
fn strace_kill(
    workspace: &Workspace,
    syscall: &str,
    when: usize,
    path: Option<&str>,
    args: &[String],
) -> Option<Run> {
    let mut command = workspace.wrapped("strace");
    command.args(["-f", "-qq", "-o", "/dev/null"]);
    if let Some(path) = path {
        command.args(["-P", path]);
    }
    command
        .arg("-e")
        .arg(format!("trace={syscall}"))
        .arg("-e")
        .arg(format!("inject={syscall}:signal=KILL:when={when}"))
        .arg(crate::support::BIN)
        .arg("--archive")
        .arg(workspace.archive())
        .args(args);
    let run = Run::of(command, None);
    if run.code == Some(0) {
        return None;
    }
    assert_eq!(
        run.signal,
        Some(9),
        "expected strace to kill the program, or the program to finish:\n{run}"
    );
    Some(run)
}

/// Kill points at every durability point of an ingest into an existing archive: each
/// fsync (SQLite's commits: the first one of each file is the moment between the SQLite
/// commit and the index commit), each fdatasync and rename (tantivy's segment files, its
/// `.managed.json` and `meta.json`), counted per thread.
#[test]
fn sigkill_at_every_durability_point_of_an_ingest() {
    if !require_strace("kill at durability points") {
        return;
    }
    let corpus = Corpus::generate(0xD15C, 3, 40);
    let (expected_export, _) = reference(&corpus);
    let mut tally = Tally::default();
    let mut points = 0;
    for syscall in ["fsync", "fdatasync", "renameat,rename,renameat2"] {
        for when in 1.. {
            let workspace = Workspace::new();
            let files = corpus.write(&workspace, "part");
            workspace.run(&["init"]).success();
            let args = ingest_args(&files);
            let Some(_) = strace_kill(&workspace, syscall, when, None, &args) else {
                break;
            };
            points += 1;
            let observed = prove_consistent(&workspace, &corpus);
            tally.add(format!(
                "{}: {}",
                syscall.split(',').next().unwrap_or(syscall),
                observed.state_before_repair
            ));
            workspace.run(&args).success();
            let observed = prove_consistent(&workspace, &corpus);
            assert_eq!(observed.present, corpus.all());
            assert_eq!(workspace.export(), expected_export);
            assert!(when < 200, "{syscall} is called more often than expected");
        }
    }
    eprintln!("kill at durability points of ingest: {points} kill points; {tally}");
    assert!(
        tally.0.keys().any(|state| state.contains("behind")),
        "no kill point landed between the SQLite commit and the index commit: {tally}"
    );
}

/// The moment between the SQLite commit and the index commit, exactly: the first rename
/// onto `index/meta.json` of an ingest into an existing archive is its index commit.
#[test]
fn sigkill_between_the_sqlite_commit_and_the_index_commit() {
    if !require_strace("kill between the commits") {
        return;
    }
    let corpus = Corpus::generate(0xBE7, 2, 60);
    let workspace = Workspace::new();
    let files = corpus.write(&workspace, "part");
    workspace
        .run(&["ingest", files[0].to_str().unwrap()])
        .success();
    let meta = absolute(&workspace.archive().join("index").join("meta.json"));
    let args = ingest_args(&files[1..]);
    strace_kill(
        &workspace,
        "renameat,rename,renameat2",
        1,
        Some(&meta),
        &args,
    )
    .expect("the ingest commits its index");
    let before = workspace.run(&["check", "--no-repair"]);
    before.code(1);
    assert!(
        before
            .stdout
            .contains("- the index is behind the database by 60 statement changes"),
        "SQLite committed the second file, the index did not:\n{before}"
    );
    // A reader repairs from the queue, and the statements are whole.
    let observed = prove_consistent(&workspace, &corpus);
    assert_eq!(observed.present, corpus.all());
    // The same ingest again: all duplicates, nothing twice.
    let again = workspace.run(&ingest_args(&files));
    again.success();
    assert_eq!(prove_consistent(&workspace, &corpus).present, corpus.all());
}

/// Kill points of `reindex` at every fdatasync and rename.
#[test]
fn sigkill_at_every_durability_point_of_a_reindex() {
    if !require_strace("kill at durability points of reindex") {
        return;
    }
    let corpus = Corpus::generate(0x8E1D, 2, 60);
    let workspace = Workspace::new();
    let files = corpus.write(&workspace, "part");
    workspace.run(&ingest_args(&files)).success();
    let expected_export = workspace.export();
    let args = vec!["reindex".to_string()];
    let mut points = 0;
    let mut tally = Tally::default();
    for syscall in ["fdatasync", "renameat,rename,renameat2", "fsync"] {
        for when in 1..200 {
            if strace_kill(&workspace, syscall, when, None, &args).is_none() {
                break;
            }
            points += 1;
            let observed = prove_consistent(&workspace, &corpus);
            tally.add(observed.state_before_repair);
            assert_eq!(observed.present, corpus.all());
            assert_eq!(workspace.export(), expected_export);
        }
    }
    eprintln!("kill at durability points of reindex: {points} kill points; {tally}");
}

/// A kill while `init` (or the first ingest) creates the archive must leave a directory
/// that the next command can use: either finished or started again, never a database
/// that every command refuses.
#[test]
fn sigkill_while_creating_an_archive_leaves_a_usable_directory() {
    if !require_strace("kill while creating") {
        return;
    }
    let corpus = Corpus::generate(0x1417, 1, 20);
    let mut points = 0;
    let mut unusable = Vec::new();
    for syscall in ["fsync", "fdatasync", "renameat,rename,renameat2"] {
        for when in 1..200 {
            let workspace = Workspace::new();
            let files = corpus.write(&workspace, "part");
            if strace_kill(&workspace, syscall, when, None, &["init".to_string()]).is_none() {
                break;
            }
            points += 1;
            let run = workspace.run(&ingest_args(&files));
            run.sane();
            if run.code != Some(0) {
                unusable.push(format!(
                    "killed at {syscall} #{when}: {}",
                    run.stderr.lines().next().unwrap_or_default()
                ));
                continue;
            }
            assert_eq!(prove_consistent(&workspace, &corpus).present, corpus.all());
        }
    }
    eprintln!("kill while creating an archive: {points} kill points");
    assert!(
        unusable.is_empty(),
        "{} of {points} kill points during `init` left an archive that ingest refuses:\n{}",
        unusable.len(),
        unusable.join("\n")
    );
}

/// After a kill, nothing blocks: the lock of the killed writer is gone at once.
#[test]
fn a_killed_writer_never_blocks_the_next() {
    let corpus = Corpus::generate(0x10C4, 4, 200);
    let workspace = Workspace::new();
    let files = corpus.write(&workspace, "part");
    let args = ingest_args(&files);
    workspace.run(&["init"]).success();
    let mut child = workspace.spawn(&args);
    std::thread::sleep(Duration::from_millis(150));
    let _ = child.kill();
    child.wait().expect("reaping");
    let run = workspace.run(&args);
    run.success();
    assert!(
        run.elapsed < Duration::from_secs(8),
        "the next writer waited for a dead one ({:.1} s)",
        run.elapsed.as_secs_f64()
    );
    let present: BTreeSet<usize> = prove_consistent(&workspace, &corpus).present;
    assert_eq!(present, corpus.all());
}
