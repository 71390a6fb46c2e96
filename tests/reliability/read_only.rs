//! An archive this process may not write (a read-only mount, a colleague's files): it is
//! searched as it is, and every change is refused with a clear error, touching nothing.
//!
//! As root, permissions do not stop writes, so the commands then run as `nobody` through
//! `runuser`; where neither way is open, the tests say they were skipped.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use crate::support::{Run, Workspace, BIN};

const STATEMENTS: &str = concat!(
    r#"{"text": "We call on both sides to show restraint.", "speaker": "Dmitry Peskov", "date": "2024-02-13", "country": "RU"}"#,
    "\n",
    r#"{"text": "The combat post was fired upon near Nerkin Hand.", "speaker": "Defence Ministry", "date": "2024-02-12", "country": "AM"}"#,
    "\n",
);

/// A workspace whose archive is made read-only to the commands `run` starts.
struct ReadOnlyArchive {
    workspace: Workspace,
    /// `runuser -u nobody` when running as root.
    as_nobody: bool,
}

impl ReadOnlyArchive {
    /// Ingests the statements, lets `prepare` alter the database, then
    /// takes write permission away; None (skipped) where that cannot stop this process.
    fn new(prepare: impl FnOnce(rusqlite::Connection)) -> Option<ReadOnlyArchive> {
        let workspace = Workspace::new();
        let statements = workspace.write("statements.jsonl", STATEMENTS);
        workspace
            .run(&["ingest", statements.to_str().unwrap()])
            .success();
        prepare(rusqlite::Connection::open(workspace.archive().join("archive.sqlite3")).unwrap());
        let as_nobody = is_root();
        if as_nobody {
            // nobody must reach the workspace (a private temporary directory) and run the
            // binary where it was built.
            set_mode(workspace.path("").as_path(), 0o755);
            let runs = Command::new(runuser()?)
                .args(["-u", "nobody", "--", BIN, "--version"])
                .output()
                .is_ok_and(|output| output.status.success());
            if !runs {
                eprintln!(
                    "read-only archive: SKIPPED: running as root and `nobody` cannot run {BIN}"
                );
                return None;
            }
        }
        make_read_only(&workspace.archive());
        Some(ReadOnlyArchive {
            workspace,
            as_nobody,
        })
    }

    fn run(&self, args: &[&str]) -> Run {
        let mut command = if self.as_nobody {
            let mut command = self
                .workspace
                .wrapped(runuser().expect("runuser was found"));
            command.args(["--preserve-environment", "-u", "nobody", "--", BIN]);
            command
        } else {
            self.workspace.bare()
        };
        command
            .arg("--archive")
            .arg(self.workspace.archive())
            .args(args);
        Run::of(command, None)
    }

    /// Gives write permission back, for the workspace's own checks and its removal.
    fn writable(&self) -> &Workspace {
        make_writable(&self.workspace.archive());
        &self.workspace
    }

    fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.workspace.archive())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Drop for ReadOnlyArchive {
    fn drop(&mut self) {
        make_writable(&self.workspace.archive());
    }
}

#[test]
fn a_read_only_archive_is_searched_and_never_changed() {
    let Some(archive) = ReadOnlyArchive::new(drop) else {
        return;
    };
    let files = archive.files();
    let run = archive.run(&["search", "restraint"]);
    run.success();
    assert!(run.stdout.contains("We call on both sides"), "{run}");
    assert!(
        run.stderr.is_empty(),
        "a clean archive gives no warning:\n{run}"
    );
    let run = archive.run(&["search", "--speaker", "peskov", "--format", "ids"]);
    run.success();
    assert_eq!(run.stdout.trim(), "1", "{run}");
    let run = archive.run(&["search", "--country", "AM", "--count"]);
    run.success();
    assert_eq!(run.stdout.trim(), "1", "{run}");
    archive.run(&["show", "2"]).success();
    let run = archive.run(&["check"]);
    run.success();
    assert!(run.stdout.contains("in agreement"), "{run}");

    let more = archive.workspace.write(
        "more.jsonl",
        r#"{"text": "Another statement.", "speaker": "Dmitry Peskov", "date": "2024-02-14"}"#,
    );
    set_mode(&more, 0o644);
    for change in [
        vec!["ingest", more.to_str().unwrap()],
        vec!["delete", "1", "--reason", "test"],
        vec!["reindex"],
        vec!["compact"],
    ] {
        let run = archive.run(&change);
        run.code(2);
        assert!(
            run.stderr.contains("may not write the archive"),
            "{change:?} does not say why it failed:\n{run}"
        );
    }
    assert_eq!(archive.files(), files, "reading left files in the archive");
    let workspace = archive.writable();
    let run = workspace.run(&["search", "--count"]);
    run.success();
    assert_eq!(
        run.stdout.trim(),
        "2",
        "a refused change was written:\n{run}"
    );
}

/// An archive of an older schema must be upgraded before it is searched; read-only, it
/// cannot be, and the user is told how to get it done.
#[test]
fn a_read_only_archive_of_an_older_schema_says_it_needs_its_owner() {
    let Some(archive) = ReadOnlyArchive::new(|connection| {
        connection
            .execute_batch("DROP TABLE speaker_alias_words; PRAGMA user_version = 2;")
            .unwrap();
    }) else {
        return;
    };
    let run = archive.run(&["search", "restraint"]);
    run.code(2);
    assert!(run.stderr.contains("must be upgraded"), "{run}");
    let workspace = archive.writable();
    let version: i64 = rusqlite::Connection::open(workspace.archive().join("archive.sqlite3"))
        .unwrap()
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, 2, "the read-only archive was upgraded");
    workspace.run(&["search", "restraint"]).success();
}

/// Commits still in the write-ahead log (a writer stopped before it checkpointed) are
/// read through its shared-memory file; without that file they could not be read
/// without writing beside the database, and the archive is refused rather than answered
/// from a database file that lacks them.
#[test]
fn a_read_only_archive_reads_the_commits_left_in_its_log_or_refuses() {
    let Some(archive) = ReadOnlyArchive::new(|connection| {
        connection
            .execute_batch(
                // A writer in WAL mode (every writer but a first load), stopped before it
                // could checkpoint its log and return the database to a rollback journal.
                "PRAGMA journal_mode = WAL;
                 PRAGMA wal_autocheckpoint = 0;
                 UPDATE speakers SET name = 'Dmitry S. Peskov' WHERE name = 'Dmitry Peskov';",
            )
            .unwrap();
        // Never closed: closing would checkpoint the log into the database.
        std::mem::forget(connection);
    }) else {
        return;
    };
    let database = archive.workspace.archive().join("archive.sqlite3");
    let log = database.with_extension("sqlite3-wal");
    assert!(
        std::fs::metadata(&log).unwrap().len() > 0,
        "the log holds no commit"
    );
    let run = archive.run(&["search", "restraint"]);
    run.success();
    assert!(
        run.stdout.contains("Dmitry S. Peskov"),
        "the log was not read:\n{run}"
    );

    make_writable(&archive.workspace.archive());
    std::fs::remove_file(database.with_extension("sqlite3-shm")).unwrap();
    make_read_only(&archive.workspace.archive());
    let run = archive.run(&["search", "restraint"]);
    run.code(2);
    assert!(run.stderr.contains("write-ahead log"), "{run}");
}

/// A write interrupted in rollback-journal mode (a first load, killed) leaves the file
/// half written beside the journal that undoes it: read as it is, it answered with
/// contradictions ("malformed" from one command, nothing from another). Refused, saying
/// what is needed.
#[test]
fn a_read_only_archive_with_an_interrupted_write_is_refused() {
    let Some(archive) = ReadOnlyArchive::new(|connection| {
        connection
            .execute_batch(
                "PRAGMA journal_mode = DELETE;
                 PRAGMA cache_size = 1;
                 BEGIN;
                 UPDATE statements SET text = text || ' (changed)';
                 DELETE FROM place_names;",
            )
            .unwrap();
        // A cache of one page makes SQLite write changed pages into the file before the
        // commit, the journal synced first: the state a kill leaves is then on disk.
        // Never committed nor rolled back: the journal stays, as after a kill. Closing
        // any descriptor of the file drops this process's POSIX locks on it, so that
        // other processes see no writer alive, as after a kill.
        let path = connection.path().unwrap().to_owned();
        std::mem::forget(connection);
        drop(std::fs::File::open(path).unwrap());
    }) else {
        return;
    };
    let journal = archive.workspace.archive().join("archive.sqlite3-journal");
    assert!(
        std::fs::metadata(&journal).is_ok_and(|metadata| metadata.len() > 0),
        "no journal: nothing is tested"
    );
    for command in [&["search", "restraint"][..], &["stats"], &["check"]] {
        let run = archive.run(command);
        run.code(2);
        assert!(
            run.stderr.contains("rollback journal"),
            "{command:?}:\n{run}"
        );
    }
}

/// The index of a read-only archive cannot be brought up to date: searches still answer
/// from it, and say that they may be incomplete.
#[test]
fn a_read_only_archive_with_an_index_behind_warns() {
    let Some(archive) = ReadOnlyArchive::new(|connection| {
        connection
            .execute(
                "INSERT INTO index_changes (first_id, last_id) VALUES (2, 2)",
                [],
            )
            .unwrap();
    }) else {
        return;
    };
    let run = archive.run(&["search", "restraint"]);
    run.success();
    assert!(run.stdout.contains("We call on both sides"), "{run}");
    assert!(run.stderr.contains("not brought up to date"), "{run}");
}

/// A search run while the database file was read-only, in a directory it may write,
/// leaves SQLite's log and shared-memory files beside it with the file's mode when the
/// database is in WAL mode (as a writer stopped before its end leaves it); once the file
/// is writable again, changes must be taken again, not refused by SQLite as writes to a
/// read-only database.
#[test]
fn a_database_writable_again_takes_changes_despite_what_a_reader_left() {
    let Some(archive) = ReadOnlyArchive::new(|connection| {
        connection
            .query_row("PRAGMA journal_mode = WAL", [], |row| {
                row.get::<_, String>(0)
            })
            .unwrap();
    }) else {
        return;
    };
    let directory = archive.workspace.archive();
    walk(&directory, &mut |path, is_directory| {
        set_mode(path, if is_directory { 0o777 } else { 0o666 })
    });
    let database = directory.join("archive.sqlite3");
    set_mode(&database, 0o444);
    archive.run(&["search", "restraint"]).success();
    let left: Vec<_> = ["archive.sqlite3-shm", "archive.sqlite3-wal"]
        .into_iter()
        .filter(|name| {
            std::fs::metadata(directory.join(name))
                .is_ok_and(|metadata| metadata.permissions().mode() & 0o222 == 0)
        })
        .collect();
    assert!(
        !left.is_empty(),
        "the search left no read-only file: nothing is tested"
    );

    set_mode(&database, 0o666);
    let more = archive.workspace.write(
        "more.jsonl",
        r#"{"text": "Another statement.", "speaker": "Dmitry Peskov", "date": "2024-02-14"}"#,
    );
    set_mode(&more, 0o644);
    archive.run(&["ingest", more.to_str().unwrap()]).success();
    let run = archive.run(&["search", "--count"]);
    run.success();
    assert_eq!(run.stdout.trim(), "3", "{run}");
}

/// Whether this process runs as root: `/proc/self` belongs to the process's user.
fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|metadata| metadata.uid() == 0)
}

fn runuser() -> Option<&'static str> {
    ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"]
        .into_iter()
        .find(|path| Path::new(path).exists())
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn make_read_only(directory: &Path) {
    walk(directory, &mut |path, is_directory| {
        set_mode(path, if is_directory { 0o555 } else { 0o444 })
    });
}

fn make_writable(directory: &Path) {
    walk(directory, &mut |path, is_directory| {
        set_mode(path, if is_directory { 0o755 } else { 0o644 })
    });
}

/// Calls `visit` on `directory`'s files, then on each directory from the inside out, so
/// that a directory made read-only is never one still to be entered.
fn walk(directory: &Path, visit: &mut impl FnMut(&Path, bool)) {
    set_mode(directory, 0o755);
    for entry in std::fs::read_dir(directory).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, visit);
        } else {
            visit(&path, false);
        }
    }
    visit(directory, true);
}
