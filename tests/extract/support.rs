//! Running the binary on a temporary archive, and the test articles.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;
use tempfile::TempDir;

/// Returns the path of an article in `tests/data/articles/`.
pub fn article(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/articles")
        .join(name)
}

/// A temporary directory with a HOME and, once a command creates it, an archive.
pub struct Sandbox {
    temp: TempDir,
}

/// What a command printed and how it ended.
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Run {
    /// Returns the JSON Lines of stdout.
    pub fn records(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|line| {
                serde_json::from_str(line).unwrap_or_else(|error| panic!("{error} in {line:?}"))
            })
            .collect()
    }
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let temp = tempfile::Builder::new()
            .prefix("communique-extract-")
            .tempdir()
            .expect("creating a temporary directory");
        std::fs::create_dir(temp.path().join("home")).expect("creating HOME");
        Sandbox { temp }
    }

    /// A sandbox whose archive holds the bundled corpus.
    pub fn bundled() -> Sandbox {
        let sandbox = Sandbox::new();
        let run = sandbox.run(&["init", "--bundled"], None);
        assert_eq!(run.code, 0, "{}", run.stderr);
        sandbox
    }

    pub fn archive(&self) -> PathBuf {
        self.temp.path().join("archive")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.temp.path().join(name)
    }

    /// Runs `communique --archive DIR ARGS…`, with `stdin` if given.
    pub fn run(&self, args: &[&str], stdin: Option<&[u8]>) -> Run {
        let mut command =
            assert_cmd::Command::cargo_bin("communique").expect("the communique binary");
        command
            .env_clear()
            .env("HOME", self.temp.path().join("home"))
            .env("NO_COLOR", "1")
            .env("COLUMNS", "200")
            .current_dir(self.temp.path())
            .timeout(Duration::from_secs(60))
            .arg("--archive")
            .arg(self.archive())
            .args(args);
        if let Some(input) = stdin {
            command.write_stdin(input.to_vec());
        }
        let output = command.output().expect("running communique");
        Run {
            stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
            stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
            code: output.status.code().unwrap_or(-1),
        }
    }

    /// Runs `communique extract ARTICLE ARGS…` and returns the records it proposes.
    pub fn extract(&self, article_name: &str, args: &[&str]) -> Vec<Value> {
        let path = article(article_name);
        let mut all = vec!["extract", path.to_str().expect("a UTF-8 path")];
        all.extend_from_slice(args);
        let run = self.run(&all, None);
        assert_eq!(run.code, 0, "extract failed: {}", run.stderr);
        run.records()
    }
}
