//! The harness: a temporary HOME and archive, the real binary run in a hermetic
//! environment, and snapshots of what the user sees with temporary paths and timings
//! replaced by stand-ins.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use tempfile::TempDir;

/// The longest any single command may take before the test fails instead of hanging.
const TIMEOUT: Duration = Duration::from_secs(60);

/// The width every command sees unless a test says otherwise.
pub const COLUMNS: &str = "80";

/// Returns the path of a file in `tests/ux/data/`.
pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("ux")
        .join("data")
        .join(name)
}

/// A temporary directory holding a HOME (with no configuration file) and an archive.
pub struct Shell {
    temp: TempDir,
}

impl Shell {
    /// A HOME and no archive yet.
    pub fn empty() -> Shell {
        let temp = tempfile::Builder::new()
            .prefix("communique-ux-")
            .tempdir()
            .expect("creating a temporary directory");
        std::fs::create_dir(temp.path().join("home")).expect("creating HOME");
        Shell { temp }
    }

    /// An archive holding the bundled corpus, as `init --bundled` makes it.
    pub fn bundled() -> Shell {
        let shell = Shell::empty();
        let archive = shell.archive();
        shell
            .run(&["init", "--bundled", archive.to_str().unwrap()])
            .success();
        shell
    }

    /// An archive holding `tests/ux/data/fire.jsonl`.
    pub fn fire() -> Shell {
        let shell = Shell::empty();
        let file = data("fire.jsonl");
        shell.run(&["ingest", file.to_str().unwrap()]).success();
        shell
    }

    /// The temporary directory.
    pub fn root(&self) -> &Path {
        self.temp.path()
    }

    /// The archive directory every command is given through COMMUNIQUE_ARCHIVE.
    pub fn archive(&self) -> PathBuf {
        self.temp.path().join("archive")
    }

    /// The HOME of every command.
    pub fn home(&self) -> PathBuf {
        self.temp.path().join("home")
    }

    /// Where the configuration file is by default, with HOME as it is here.
    pub fn config_path(&self) -> PathBuf {
        self.home()
            .join(".config")
            .join("communique")
            .join("config.toml")
    }

    /// Writes the default configuration file.
    pub fn write_config(&self, text: &str) {
        let path = self.config_path();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Writes `many.jsonl` in the shell's directory: 3,000 short statements by seven
    /// speakers, enough for a command to draw a progress bar.
    pub fn write_many_statements(&self) {
        let mut records = String::new();
        for number in 0..3000 {
            records.push_str(&format!(
                "{{\"text\": \"Statement {number} about the border.\", \"speaker\": \"Speaker {}\", \"date\": \"2020-01-01\"}}\n",
                number % 7
            ));
        }
        std::fs::write(self.root().join("many.jsonl"), records).unwrap();
    }

    /// The binary in a hermetic environment: nothing of the caller's environment, HOME in
    /// the temporary directory, the archive in COMMUNIQUE_ARCHIVE, NO_COLOR, 80 columns.
    pub fn command(&self, args: &[&str]) -> assert_cmd::Command {
        let mut command =
            assert_cmd::Command::cargo_bin("communique").expect("the communique binary");
        command
            .env_clear()
            .env("HOME", self.home())
            .env("COMMUNIQUE_ARCHIVE", self.archive())
            .env("NO_COLOR", "1")
            .env("COLUMNS", COLUMNS)
            .current_dir(self.root())
            .timeout(TIMEOUT)
            .args(args);
        command
    }

    /// Runs `communique ARGS…`.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::of(self, self.command(args))
    }

    /// Runs `communique ARGS…` with extra environment variables (or, with None, without
    /// one of the defaults).
    pub fn run_env(&self, args: &[&str], env: &[(&str, Option<&str>)]) -> Run {
        let mut command = self.command(args);
        for (name, value) in env {
            match value {
                Some(value) => command.env(name, value),
                None => command.env_remove(name),
            };
        }
        Run::of(self, command)
    }

    /// Replaces the temporary directory and timings ("(0.05 s)") in `text` with
    /// stand-ins.
    pub fn scrub(&self, text: &str) -> String {
        let text = text
            .replace(&self.root().display().to_string(), "[TMP]")
            .replace(env!("CARGO_MANIFEST_DIR"), "[REPO]");
        let mut scrubbed = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(start) = rest.find('(') {
            scrubbed.push_str(&rest[..=start]);
            rest = &rest[start + 1..];
            let digits = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(rest.len());
            if digits > 0 && rest[digits..].starts_with(" s)") {
                scrubbed.push_str("[TIME]");
                rest = &rest[digits..];
            }
        }
        scrubbed.push_str(rest);
        scrubbed
    }
}

/// What one run of the binary did, temporary paths and timings scrubbed.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn of(shell: &Shell, mut command: assert_cmd::Command) -> Run {
        let output = command.output().expect("running communique");
        Run {
            code: output.status.code(),
            stdout: shell.scrub(&String::from_utf8(output.stdout).expect("stdout is UTF-8")),
            stderr: shell.scrub(&String::from_utf8(output.stderr).expect("stderr is UTF-8")),
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

    /// Checks that no line of stdout is wider than `width` terminal cells.
    #[track_caller]
    pub fn fits(&self, width: usize) -> &Run {
        for line in self.stdout.lines() {
            assert!(
                cells(line) <= width,
                "line wider than {width}: {line:?}\n{self}"
            );
        }
        self
    }
}

/// Returns the terminal cells `text` takes, character by character as wcwidth(3) counts
/// them: two for CJK and most emoji, none for combining marks.
pub fn cells(text: &str) -> usize {
    text.chars()
        .map(|character| unicode_width::UnicodeWidthChar::width(character).unwrap_or(1))
        .sum()
}

/// What the user sees: the exit code, stdout and stderr, as one text to snapshot.
impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.code {
            Some(code) => writeln!(f, "exit code: {code}")?,
            None => writeln!(f, "killed by a signal")?,
        }
        writeln!(f, "--- stdout ---\n{}", self.stdout)?;
        write!(f, "--- stderr ---\n{}", self.stderr)
    }
}

/// Runs `command` (a shell command line) in a pseudo-terminal through util-linux
/// `script`, with the environment of `shell` but no NO_COLOR, TERM set and the given
/// extra variables; returns what the terminal showed, or None when `script` is missing.
pub fn in_terminal(shell: &Shell, command: &str, env: &[(&str, &str)]) -> Option<String> {
    let script = ["/usr/bin/script", "/bin/script"]
        .into_iter()
        .find(|path| Path::new(path).exists())?;
    let mut process = std::process::Command::new(script);
    process
        .env_clear()
        .env("HOME", shell.home())
        .env("COMMUNIQUE_ARCHIVE", shell.archive())
        .env("TERM", "xterm-256color")
        .env("PATH", "/usr/bin:/bin")
        .env("BIN", env!("CARGO_BIN_EXE_communique"))
        .current_dir(shell.root())
        .args(["-qec", command, "/dev/null"])
        .stdin(std::process::Stdio::null());
    for (name, value) in env {
        process.env(name, value);
    }
    let output = process.output().expect("running script");
    assert!(
        output.status.success(),
        "script {command:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(shell.scrub(&String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n")))
}

/// Returns `text` without ANSI escape sequences (colour, cursor movement).
pub fn strip_ansi(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for next in chars.by_ref() {
                    if next.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
            continue;
        }
        plain.push(c);
    }
    plain
}

/// Sets insta up for this test binary: snapshots in `tests/ux/snapshots`, no metadata
/// that changes from run to run.
#[macro_export]
macro_rules! snapshot {
    ($name:expr, $value:expr) => {{
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ux/snapshots"));
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.bind(|| insta::assert_snapshot!($name, $value.to_string()));
    }};
}
