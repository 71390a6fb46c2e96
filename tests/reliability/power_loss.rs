//! Power loss is not a kill: what reached the disk is only what was synced. The write
//! order that makes the index never point at a statement SQLite does not have:
//!
//! 1. the index's new segment files are written and synced (fdatasync), and the index
//!    directory synced, before SQLite commits (`IndexUpdater::prepare`);
//! 2. SQLite commits with `synchronous=FULL` in WAL mode: the WAL is fsynced before the
//!    commit returns;
//! 3. only then is the new `index/meta.json` (which names the segments and the store state
//!    they reflect) written to a temporary file, synced, and renamed over the old one;
//! 4. then the queue of changes is trimmed, in a new SQLite transaction.
//!
//! After a power loss `meta.json` is the old one or the new one (a rename is atomic), and
//! the new one exists only if step 2 was durable; if the rename was lost while the trim of
//! step 4 survived, the index is "too far behind" and is rebuilt from SQLite.
//!
//! These tests check the order in the system calls of a real ingest (with strace) and
//! that the states a power loss can leave are repaired.

use crate::support::{absolute, prove_consistent, require_strace, Corpus, Workspace, BIN};

/// One system call of the trace, with the file it is about.
#[derive(Debug)]
struct Call {
    name: String,
    path: String,
}

fn trace(workspace: &Workspace, args: &[&str]) -> Vec<Call> {
    let log = workspace.path("strace.log");
    let mut command = workspace.wrapped("strace");
    command
        .args(["-f", "-y", "-qq", "-o"])
        .arg(&log)
        .args([
            "-e",
            "trace=fsync,fdatasync,rename,renameat,renameat2",
            BIN,
            "--archive",
        ])
        .arg(workspace.archive())
        .args(args);
    crate::support::Run::of(command, None).success();
    let text = std::fs::read_to_string(&log).unwrap();
    text.lines()
        .filter(|line| !line.contains("resumed>") && !line.contains("+++"))
        .filter_map(|line| {
            let call = line.split_once(' ').map_or(line, |(_, rest)| rest).trim();
            let name = call.split('(').next()?.to_string();
            // fsync(4</path>) or renameat(…, "/old", …, "/new"): the last path named.
            let path = if name.starts_with("rename") {
                call.rsplit('"').nth(1)?.to_string()
            } else {
                call.split_once('<')?.1.split('>').next()?.to_string()
            };
            Some(Call { name, path })
        })
        .collect()
}

#[test]
fn the_database_commit_is_synced_before_the_index_commit_names_it() {
    if !require_strace("write order") {
        return;
    }
    let corpus = Corpus::generate(0x90E5, 3, 50);
    let workspace = Workspace::new();
    let files = corpus.write(&workspace, "part");
    workspace
        .run(&["ingest", files[0].to_str().unwrap()])
        .success();
    let wal = format!(
        "{}-wal",
        absolute(&workspace.archive().join("archive.sqlite3"))
    );
    let index = absolute(&workspace.archive().join("index"));
    let meta = format!("{index}/meta.json");
    let calls = trace(
        &workspace,
        &[
            "ingest",
            files[1].to_str().unwrap(),
            files[2].to_str().unwrap(),
        ],
    );
    let commits: Vec<usize> = calls
        .iter()
        .enumerate()
        .filter(|(_, call)| call.name.starts_with("rename") && call.path == meta)
        .map(|(position, _)| position)
        .collect();
    assert!(
        commits.len() >= 2,
        "expected an index commit per file: {calls:#?}"
    );
    let mut previous = 0;
    for &commit in &commits {
        let between = &calls[previous..commit];
        assert!(
            between
                .iter()
                .any(|call| call.name == "fsync" && call.path == wal),
            "the index commit at call {commit} is not preceded by a sync of the SQLite WAL: {between:#?}"
        );
        assert!(
            between
                .iter()
                .any(|call| call.name == "fdatasync" && call.path == index),
            "the index directory is not synced before its commit at call {commit}: {between:#?}"
        );
        let segments_synced = between
            .iter()
            .filter(|call| {
                call.name == "fdatasync"
                    && call.path.starts_with(&index)
                    && call.path.ends_with(".term")
            })
            .count();
        assert!(
            segments_synced > 0,
            "no new segment synced before the commit at call {commit}"
        );
        previous = commit + 1;
    }
    eprintln!(
        "write order: {} index commits, each after the SQLite WAL sync, in {} synced calls",
        commits.len(),
        calls.len()
    );
}

/// A load into an empty archive writes SQLite through a rollback journal instead of the
/// WAL: its commit syncs the database file itself, still before the index commit names
/// the new segments; and the archive stays in that mode, the one at rest.
#[test]
fn a_bulk_load_syncs_the_database_before_the_index_commit_and_stays_in_a_rollback_journal() {
    if !require_strace("write order of a bulk load") {
        return;
    }
    let corpus = Corpus::generate(0xB01C, 1, 80);
    let workspace = Workspace::new();
    let files = corpus.write(&workspace, "part");
    let calls = trace(&workspace, &["ingest", files[0].to_str().unwrap()]);
    let database = absolute(&workspace.archive().join("archive.sqlite3"));
    let index = absolute(&workspace.archive().join("index"));
    let meta = format!("{index}/meta.json");
    // The ingest's commit is the first that names new segments: the load's small
    // segments are merged after it, and the merge saves the index metadata once more.
    let first_segment = calls
        .iter()
        .position(|call| {
            call.name == "fdatasync"
                && call.path.starts_with(&index)
                && call.path.ends_with(".term")
        })
        .expect("the ingest writes a segment");
    let commit = first_segment
        + calls[first_segment..]
            .iter()
            .position(|call| call.name.starts_with("rename") && call.path == meta)
            .expect("the ingest commits its index");
    let segments = calls[..commit]
        .iter()
        .rposition(|call| {
            call.name == "fdatasync"
                && call.path.starts_with(&index)
                && call.path.ends_with(".term")
        })
        .expect("the new segment is synced before the index commit");
    assert!(
        calls[segments..commit]
            .iter()
            .any(|call| call.name == "fsync" && call.path == database),
        "the index commit is not preceded by a sync of the database file (a WAL commit syncs only the WAL): {:#?}",
        &calls[segments..commit]
    );
    let connection = rusqlite::Connection::open(&database).unwrap();
    let mode: String = connection
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
    assert_eq!(prove_consistent(&workspace, &corpus).present, corpus.all());
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// The states a power loss can leave after the SQLite commit: the index's last commit
/// lost entirely, or only its `meta.json` rename lost (the new segment files are there,
/// unreferenced). The next command brings the index up to date.
#[test]
fn an_index_that_lost_its_last_commit_is_repaired() {
    for lost in ["the whole index commit", "the meta.json rename"] {
        let corpus = Corpus::generate(0x7057, 2, 80);
        let workspace = Workspace::new();
        let files = corpus.write(&workspace, "part");
        workspace
            .run(&["ingest", files[0].to_str().unwrap()])
            .success();
        let index = workspace.archive().join("index");
        let saved = workspace.path("index-before");
        copy_dir(&index, &saved);
        workspace
            .run(&["ingest", files[1].to_str().unwrap()])
            .success();
        if lost == "the whole index commit" {
            std::fs::remove_dir_all(&index).unwrap();
            copy_dir(&saved, &index);
        } else {
            std::fs::copy(saved.join("meta.json"), index.join("meta.json")).unwrap();
        }
        let check = workspace.run(&["check", "--no-repair"]);
        check.code(1);
        let run = workspace.run(&["search", "--count"]);
        run.success();
        assert_eq!(run.stdout.trim(), "160", "{lost}:\n{run}");
        assert!(
            run.stderr.contains("brought up to date") || run.stderr.contains("rebuilt"),
            "{lost}: the repair is not reported:\n{run}"
        );
        assert_eq!(
            prove_consistent(&workspace, &corpus).present,
            corpus.all(),
            "{lost}"
        );
    }
}

/// A writer killed after writing a segment's deletions and before its commit leaves that
/// file behind, named by the segment and the operation's number. The next writer numbers
/// its operations from the last commit again, so it wants the same names: the leftovers
/// must not make every later edit of that segment fail ("file already exists").
#[test]
fn deletions_left_by_a_killed_writer_do_not_block_the_next() {
    let corpus = Corpus::generate(0xde1e, 1, 60);
    let workspace = Workspace::new();
    let files = corpus.write(&workspace, "part");
    workspace
        .run(&["ingest", files[0].to_str().unwrap()])
        .success();
    let index = workspace.archive().join("index");
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(index.join("meta.json")).unwrap()).unwrap();
    let opstamp = meta["opstamp"].as_u64().unwrap();
    let managed_path = index.join(".managed.json");
    let mut managed: Vec<String> =
        serde_json::from_slice(&std::fs::read(&managed_path).unwrap()).unwrap();
    // What the killed writer left: its deletions for every segment, at every number the
    // next writer may use; tantivy had listed them as its own before writing them.
    for segment in meta["segments"].as_array().unwrap() {
        let id = segment["segment_id"].as_str().unwrap().replace('-', "");
        for stamp in opstamp + 1..=opstamp + 40 {
            let name = format!("{id}.{stamp}.del");
            std::fs::write(index.join(&name), b"left by a killed writer").unwrap();
            managed.push(name);
        }
    }
    std::fs::write(&managed_path, serde_json::to_vec(&managed).unwrap()).unwrap();
    for id in ["1", "2", "3"] {
        workspace
            .run(&[
                "edit",
                id,
                "--set",
                "text=Edited after the crash",
                "--reason",
                "test",
            ])
            .success();
    }
    workspace.run(&["check"]).success();
    let found = workspace.run(&["search", "\"edited after the crash\"", "--count"]);
    found.success();
    assert_eq!(found.stdout.trim(), "3", "{found}");
}
