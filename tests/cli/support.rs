//! The test harness: a temporary archive and a hermetic way to run the real binary on it.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;
use tempfile::TempDir;

/// The longest any single command may take before the test fails instead of hanging.
const TIMEOUT: Duration = Duration::from_secs(60);

/// The newest-first order of the fixture's statements (see main.rs).
pub const NEWEST_FIRST: [i64; 8] = [8, 7, 3, 1, 2, 4, 6, 5];

/// Returns the path of a file in `tests/data/`.
pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
        .join(name)
}

/// Returns the text of a file in `tests/data/`.
pub fn data_text(name: &str) -> String {
    std::fs::read_to_string(data(name)).unwrap_or_else(|error| panic!("reading {name}: {error}"))
}

/// A temporary directory holding a HOME and an archive directory (not created until a
/// command creates it). Everything is removed when the value is dropped.
pub struct Archive {
    temp: TempDir,
}

impl Archive {
    /// A fresh temporary directory with an empty HOME and no archive yet.
    pub fn new() -> Archive {
        let temp = tempfile::Builder::new()
            .prefix("communique-cli-")
            .tempdir()
            .expect("creating a temporary directory");
        std::fs::create_dir(temp.path().join("home")).expect("creating HOME");
        Archive { temp }
    }

    /// A fresh archive with one data file ingested.
    pub fn with(fixture: &str) -> Archive {
        let archive = Archive::new();
        archive.ingest_fixture(fixture);
        archive
    }

    /// The archive directory passed with `--archive`.
    pub fn dir(&self) -> PathBuf {
        self.temp.path().join("archive")
    }

    /// The HOME of every command.
    pub fn home(&self) -> PathBuf {
        self.temp.path().join("home")
    }

    /// A path inside the temporary directory, for files a test writes.
    pub fn path(&self, name: &str) -> PathBuf {
        self.temp.path().join(name)
    }

    /// Writes a file inside the temporary directory and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, contents).expect("writing a test file");
        path
    }

    /// The binary with a hermetic environment and no arguments: nothing of the caller's
    /// environment, HOME in the temporary directory, no colour, 200 columns.
    pub fn bare(&self) -> assert_cmd::Command {
        let mut command =
            assert_cmd::Command::cargo_bin("communique").expect("the communique binary");
        command
            .env_clear()
            .env("HOME", self.home())
            .env("NO_COLOR", "1")
            .env("COLUMNS", "200")
            .current_dir(self.temp.path())
            .timeout(TIMEOUT);
        command
    }

    /// The binary on this archive: `communique --archive DIR ARGS…`.
    pub fn command(&self, args: &[&str]) -> assert_cmd::Command {
        let mut command = self.bare();
        command.arg("--archive").arg(self.dir()).args(args);
        command
    }

    /// Runs `communique --archive DIR ARGS…`.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::of(self.command(args))
    }

    /// Runs `communique --archive DIR ARGS…` with `input` on standard input.
    pub fn run_with_stdin(&self, args: &[&str], input: impl Into<Vec<u8>>) -> Run {
        let mut command = self.command(args);
        command.write_stdin(input);
        Run::of(command)
    }

    /// The same command as [`Archive::command`], as a plain `std::process::Command`, for
    /// tests that need to hold the pipes themselves.
    pub fn std_command(&self, args: &[&str]) -> std::process::Command {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_communique"));
        command
            .env_clear()
            .env("HOME", self.home())
            .env("NO_COLOR", "1")
            .env("COLUMNS", "200")
            .current_dir(self.temp.path())
            .arg("--archive")
            .arg(self.dir())
            .args(args);
        command
    }

    /// Ingests a file of `tests/data/` and checks that it went through cleanly.
    pub fn ingest_fixture(&self, name: &str) -> Run {
        let path = data(name);
        let run = self.run(&["ingest", path.to_str().unwrap()]);
        run.success();
        run
    }

    /// Runs a command that must succeed and parses its standard output as JSON.
    pub fn stdout_json(&self, args: &[&str]) -> Value {
        self.run(args).success().json()
    }

    /// The ids of every statement `query` finds, in increasing order: what it finds,
    /// whatever the ranking.
    pub fn found(&self, query: &str) -> Vec<i64> {
        let mut ids = self.ids(&[query, "--limit", "all"]);
        ids.sort_unstable();
        ids
    }

    /// Runs `search --format ids ARGS…` and returns the ids printed (exit 0 or 1).
    pub fn ids(&self, args: &[&str]) -> Vec<i64> {
        let mut all = vec!["search", "--format", "ids"];
        all.extend(args);
        let run = self.run(&all);
        assert!(
            run.code == Some(0) || run.code == Some(1),
            "search failed:\n{run}"
        );
        assert_eq!(
            run.code == Some(0),
            !run.stdout.is_empty(),
            "exit 0 exactly when something is printed:\n{run}"
        );
        run.ids()
    }

    /// Returns `export --format FORMAT` (jsonl or csv).
    pub fn export(&self, format: &str) -> String {
        let run = self.run(&["export", "--format", format]);
        run.success();
        run.stdout
    }

    /// Checks that there is no archive: a failed first ingest takes back the archive it
    /// created, rather than leave an empty one that the next command would take for one
    /// that was made.
    #[track_caller]
    pub fn assert_no_archive(&self) {
        assert!(
            !self.dir().exists(),
            "a failed first ingest left an archive behind"
        );
    }

    /// Returns the number of statements `stats` counts.
    pub fn statement_count(&self) -> u64 {
        self.stdout_json(&["stats", "--format", "json"])["statements"]
            .as_u64()
            .expect("stats has a statement count")
    }
}

/// What one run of the binary did.
pub struct Run {
    /// The exit code; None if a signal ended the process.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Runs a command to completion.
    pub fn of(mut command: assert_cmd::Command) -> Run {
        let output = command.output().expect("running communique");
        Run {
            code: output.status.code(),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }

    /// Checks the exit code.
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Run {
        assert_eq!(self.code, Some(expected), "unexpected exit code:\n{self}");
        self
    }

    /// Checks for exit code 0.
    #[track_caller]
    pub fn success(&self) -> &Run {
        self.code(0)
    }

    /// Checks that stderr contains `text`.
    #[track_caller]
    pub fn stderr_has(&self, text: &str) -> &Run {
        assert!(self.stderr.contains(text), "stderr lacks {text:?}:\n{self}");
        self
    }

    /// Checks that no line of stderr is longer than `chars` characters: a message quotes
    /// the beginning of a long value, not the whole of it. A failure shows the lines'
    /// beginnings only, as the stderr it checks may be huge.
    #[track_caller]
    pub fn stderr_lines_within(&self, chars: usize) -> &Run {
        for line in self.stderr.lines() {
            let length = line.chars().count();
            let start: String = line.chars().take(200).collect();
            assert!(
                length <= chars,
                "a stderr line of {length} characters: {start}…"
            );
        }
        self
    }

    /// Checks that stdout contains `text`.
    #[track_caller]
    pub fn stdout_has(&self, text: &str) -> &Run {
        assert!(self.stdout.contains(text), "stdout lacks {text:?}:\n{self}");
        self
    }

    /// Checks the counts of ingest's last summary line on stderr,
    /// "FILE: 8 added, 0 duplicates, …, 0 rejected (0.05 s)": added, duplicates, rejected.
    #[track_caller]
    pub fn ingested(&self, added: u64, duplicates: u64, rejected: u64) -> &Run {
        let line = self
            .stderr
            .lines()
            .rev()
            .find(|line| line.contains(" added, "))
            .unwrap_or_else(|| panic!("no ingest summary on stderr:\n{self}"));
        let count = |label: &str| -> u64 {
            let end = line
                .find(label)
                .unwrap_or_else(|| panic!("no {label:?} in {line:?}"));
            let start = line[..end].rfind(' ').map_or(0, |space| space + 1);
            line[start..end]
                .parse()
                .unwrap_or_else(|_| panic!("no count before {label:?} in {line:?}"))
        };
        assert_eq!(
            (count(" added"), count(" duplicate"), count(" rejected")),
            (added, duplicates, rejected),
            "(added, duplicates, rejected) in {line:?}:\n{self}"
        );
        self
    }

    /// Parses stdout as JSON.
    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|error| panic!("stdout is not JSON ({error}):\n{self}"))
    }

    /// Parses stdout as one JSON value per line.
    #[track_caller]
    pub fn json_lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|line| {
                serde_json::from_str(line)
                    .unwrap_or_else(|error| panic!("not a JSON line ({error}): {line}\n{self}"))
            })
            .collect()
    }

    /// Parses stdout as CSV: the header and the rows.
    #[track_caller]
    pub fn csv(&self) -> (Vec<String>, Vec<Vec<String>>) {
        let mut reader = csv::Reader::from_reader(self.stdout.as_bytes());
        let header = reader
            .headers()
            .expect("a CSV header")
            .iter()
            .map(str::to_string)
            .collect();
        let rows = reader
            .records()
            .map(|record| {
                record
                    .expect("a CSV record")
                    .iter()
                    .map(str::to_string)
                    .collect()
            })
            .collect();
        (header, rows)
    }

    /// Parses stdout as one statement id per line.
    #[track_caller]
    pub fn ids(&self) -> Vec<i64> {
        self.stdout
            .lines()
            .map(|line| {
                line.parse()
                    .unwrap_or_else(|_| panic!("not an id: {line:?}\n{self}"))
            })
            .collect()
    }
}

impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "exit code: {:?}", self.code)?;
        writeln!(f, "--- stdout ---\n{}", self.stdout)?;
        write!(f, "--- stderr ---\n{}", self.stderr)
    }
}

/// Writes `count` generated statements as JSON Lines: enough output for a pipe to fill.
pub fn many_statements(count: usize) -> String {
    let mut lines = String::new();
    for number in 0..count {
        let record = serde_json::json!({
            "text": format!(
                "Statement number {number} calls for restraint along the border, with enough words to make every line of output long."
            ),
            "speaker": format!("Speaker {}", number % 20),
            "date": format!("2020-01-{:02}", number % 28 + 1),
            "tags": ["bulk"],
        });
        lines.push_str(&record.to_string());
        lines.push('\n');
    }
    lines
}

/// Runs a command whose output is much larger than a pipe holds, reads one line of it and
/// closes the pipe, like `communique … | head -1`; returns the exit code and stderr.
pub fn read_one_line_then_close(mut command: std::process::Command) -> (Option<i32>, String) {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting communique");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut reader = BufReader::with_capacity(256, stdout);
    let mut first = String::new();
    reader
        .read_line(&mut first)
        .expect("reading the first line");
    assert!(!first.is_empty(), "the command printed nothing");
    drop(reader);
    finish(child)
}

/// Runs a command whose reader goes away before it writes anything, like
/// `communique … | true`; returns the exit code and stderr.
pub fn run_with_stdout_closed(mut command: std::process::Command) -> (Option<i32>, String) {
    use std::process::Stdio;

    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting communique");
    drop(child.stdout.take());
    finish(child)
}

/// Reads what a child writes on stderr until it exits; returns its exit code and that.
fn finish(mut child: std::process::Child) -> (Option<i32>, String) {
    use std::io::Read;

    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("piped stderr")
        .read_to_string(&mut stderr)
        .expect("reading stderr");
    let status = child.wait().expect("waiting for communique");
    (status.code(), stderr)
}

/// The words a JSON hit highlights: its `highlights` are character ranges of its
/// `snippet`.
pub fn highlighted_words(hit: &Value) -> Vec<String> {
    let snippet = hit["snippet"].as_str().expect("a snippet");
    hit["highlights"]
        .as_array()
        .expect("highlights")
        .iter()
        .map(|range| {
            let start = range[0].as_u64().expect("a start") as usize;
            let end = range[1].as_u64().expect("an end") as usize;
            snippet.chars().skip(start).take(end - start).collect()
        })
        .collect()
}
