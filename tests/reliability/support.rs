//! The harness: hermetic runs of the real binary (with a timeout, or spawned to be killed),
//! a seeded random source, a generated corpus whose statements can each be found by a
//! phrase of their own, and the consistency proof every crash test ends with.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::io::{Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tempfile::TempDir;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_communique");

/// The longest any single command may take before the test fails instead of hanging.
pub const TIMEOUT: Duration = Duration::from_secs(120);

/// Reads a count from the environment (the knobs for long soak runs), else `default`.
pub fn knob(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(value) => value
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={value:?} is not a number")),
        Err(_) => default,
    }
}

/// The seed of a randomised test: `COMMUNIQUE_SEED`, else `default`; printed so that a
/// failure can be replayed.
pub fn seed(test: &str, default: u64) -> u64 {
    let seed = std::env::var("COMMUNIQUE_SEED")
        .ok()
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(default);
    eprintln!("{test}: seed {seed} (COMMUNIQUE_SEED={seed} replays it)");
    seed
}

/// SplitMix64: small, seeded, good enough to choose kill moments and generate text.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound`.
    pub fn below(&mut self, bound: usize) -> usize {
        (self.next_u64() % bound as u64) as usize
    }

    /// A number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// A temporary directory holding a HOME and an archive directory (not created until a
/// command creates it); removed when dropped.
pub struct Workspace {
    temp: Option<TempDir>,
}

impl Drop for Workspace {
    /// With `COMMUNIQUE_KEEP_FAILED` set, a failing test keeps its workspace, to look at
    /// the archive it left.
    fn drop(&mut self) {
        if std::thread::panicking() && std::env::var_os("COMMUNIQUE_KEEP_FAILED").is_some() {
            if let Some(temp) = self.temp.take() {
                eprintln!(
                    "kept the workspace of the failed test: {}",
                    temp.keep().display()
                );
            }
        }
    }
}

impl Default for Workspace {
    fn default() -> Self {
        Workspace::new()
    }
}

impl Workspace {
    pub fn new() -> Workspace {
        Workspace::in_dir(&std::env::temp_dir())
    }

    /// A workspace in memory (`/dev/shm`) when there is one: the random kill tests run
    /// many ingests, and there the durability points are covered by the strace tests, so
    /// the kills may as well land in the CPU work (parsing, SQLite, indexing, merging).
    pub fn on_tmpfs() -> Workspace {
        let shm = Path::new("/dev/shm");
        let writable = shm.is_dir()
            && tempfile::Builder::new()
                .prefix("communique-probe-")
                .tempdir_in(shm)
                .is_ok();
        Workspace::in_dir(if writable { shm } else { Path::new("/tmp") })
    }

    fn in_dir(parent: &Path) -> Workspace {
        let temp = tempfile::Builder::new()
            .prefix("communique-reliability-")
            .tempdir_in(parent)
            .expect("creating a temporary directory");
        std::fs::create_dir(temp.path().join("home")).expect("creating HOME");
        Workspace { temp: Some(temp) }
    }

    fn root(&self) -> &Path {
        self.temp.as_ref().expect("the workspace exists").path()
    }

    /// The archive directory every command is given with `--archive`.
    pub fn archive(&self) -> PathBuf {
        self.root().join("archive")
    }

    /// A path inside the temporary directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.root().join(name)
    }

    /// Writes a file inside the temporary directory and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, contents).expect("writing a test file");
        path
    }

    /// The binary with a hermetic environment, without `--archive`.
    pub fn bare(&self) -> Command {
        self.wrapped(BIN)
    }

    /// `program` (the binary, or `sh` or `strace` in front of it) with the hermetic
    /// environment: nothing of the caller's, HOME inside the workspace, no colour.
    pub fn wrapped(&self, program: impl AsRef<OsStr>) -> Command {
        let mut command = Command::new(program);
        command
            .env_clear()
            .env("HOME", self.path("home"))
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("NO_COLOR", "1")
            .env("COLUMNS", "120")
            .current_dir(self.root())
            .stdin(Stdio::null());
        command
    }

    /// `communique --archive DIR ARGS…`, not started.
    pub fn command<S: AsRef<OsStr>>(&self, args: &[S]) -> Command {
        let mut command = self.bare();
        command.arg("--archive").arg(self.archive()).args(args);
        command
    }

    /// Runs `communique --archive DIR ARGS…` to completion.
    pub fn run<S: AsRef<OsStr>>(&self, args: &[S]) -> Run {
        Run::of(self.command(args), None)
    }

    /// Runs `communique --archive DIR ARGS…` with `input` on standard input.
    pub fn run_with_stdin<S: AsRef<OsStr>>(&self, args: &[S], input: impl Into<Vec<u8>>) -> Run {
        Run::of(self.command(args), Some(input.into()))
    }

    /// Starts `communique --archive DIR ARGS…` with its output thrown away, to be killed.
    pub fn spawn<S: AsRef<OsStr>>(&self, args: &[S]) -> Child {
        self.command(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting communique")
    }

    /// `export --format jsonl --with-history`: everything the archive holds, as text.
    pub fn export(&self) -> String {
        let run = self.run(&["export", "--format", "jsonl", "--with-history"]);
        run.success();
        run.stdout
    }

    /// Everything observable about the archive: the export, what `check --no-repair`
    /// says and the number of matches of an empty search.
    pub fn snapshot(&self) -> Snapshot {
        let check = self.run(&["check", "--no-repair"]);
        check.sane();
        let count = self.run(&["search", "--count"]);
        count.sane();
        Snapshot {
            export: self.export(),
            check: check.stdout.clone(),
            count: count.stdout.trim().to_string(),
        }
    }
}

/// What an archive holds, as far as the commands show (see [`Workspace::snapshot`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub export: String,
    pub check: String,
    pub count: String,
}

/// What one run of the binary did.
pub struct Run {
    /// The exit code; None if a signal ended the process.
    pub code: Option<i32>,
    /// The signal that ended the process, if one did.
    pub signal: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Run {
    /// Runs a command to completion, failing the test if it outlives [`TIMEOUT`].
    pub fn of(mut command: Command, input: Option<Vec<u8>>) -> Run {
        let started = Instant::now();
        command
            .stdin(if input.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command
            .spawn()
            .unwrap_or_else(|error| panic!("starting {command:?}: {error}"));
        let writer = child.stdin.take().map(|mut stdin| {
            let input = input.unwrap_or_default();
            std::thread::spawn(move || {
                // The program may stop reading early (a rejected file); that is its right.
                let _ = stdin.write_all(&input);
            })
        });
        let stdout = read_in_background(child.stdout.take().expect("piped stdout"));
        let stderr = read_in_background(child.stderr.take().expect("piped stderr"));
        let status = wait_with_timeout(&mut child, TIMEOUT)
            .unwrap_or_else(|| panic!("{command:?} ran longer than {TIMEOUT:?}"));
        if let Some(writer) = writer {
            writer.join().expect("the stdin writer");
        }
        Run {
            code: status.code(),
            signal: status.signal(),
            stdout: String::from_utf8_lossy(&stdout.join().expect("stdout reader")).into_owned(),
            stderr: String::from_utf8_lossy(&stderr.join().expect("stderr reader")).into_owned(),
            elapsed: started.elapsed(),
        }
    }

    /// Checks that the program ended by itself, with one of its exit codes (0, 1, 2), and
    /// without a panic.
    #[track_caller]
    pub fn sane(&self) -> &Run {
        assert!(
            matches!(self.code, Some(0..=2)),
            "the program did not end with 0, 1 or 2:\n{self}"
        );
        assert!(
            !self.stderr.contains("panicked at") && !self.stderr.contains("RUST_BACKTRACE"),
            "the program panicked:\n{self}"
        );
        self
    }

    /// Checks the exit code (and sanity).
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Run {
        self.sane();
        assert_eq!(self.code, Some(expected), "unexpected exit code:\n{self}");
        self
    }

    #[track_caller]
    pub fn success(&self) -> &Run {
        self.code(0)
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
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let cut = |text: &str| -> String {
            if text.len() > 4000 {
                let mut end = 4000;
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                format!("{}… ({} bytes)", &text[..end], text.len())
            } else {
                text.to_string()
            }
        };
        writeln!(
            f,
            "exit code: {:?}, signal: {:?}, {:.2} s",
            self.code,
            self.signal,
            self.elapsed.as_secs_f64()
        )?;
        writeln!(f, "--- stdout ---\n{}", cut(&self.stdout))?;
        write!(f, "--- stderr ---\n{}", cut(&self.stderr))
    }
}

fn read_in_background(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    })
}

/// Waits for a child up to `timeout`; kills it and returns None if it is still running.
pub fn wait_with_timeout(child: &mut Child, timeout: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait().expect("waiting for a child") {
            return Some(status);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Whether strace can trace and inject faults here (it is a Debian package, not always
/// installed, and ptrace may be forbidden in a container).
pub fn strace_works() -> bool {
    static WORKS: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *WORKS.get_or_init(|| {
        Command::new("strace")
            .args(["-f", "-qq", "-o", "/dev/null", "-e", "trace=none", "true"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    })
}

/// Returns true, or says why a test is skipped and returns false.
pub fn require_strace(test: &str) -> bool {
    if strace_works() {
        return true;
    }
    eprintln!(
        "{test}: SKIPPED: strace is not installed or cannot trace here (apt-get install strace)"
    );
    false
}

/// The phrase only statement `key` of a generated corpus contains.
pub fn phrase(key: usize) -> String {
    format!("codeword alpha{key}z")
}

/// Finds the key of a generated statement in its text.
pub fn key_of(text: &str) -> Option<usize> {
    let start = text.find("codeword alpha")? + "codeword alpha".len();
    let digits: String = text[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

const SPEAKERS: [(&str, &str, &str); 8] = [
    ("Dmitry Peskov", "RU", "person"),
    ("Maria Zakharova", "RU", "person"),
    ("Ministry of Defence of Armenia", "AM", "institution"),
    ("Ministry of Defence of Azerbaijan", "AZ", "institution"),
    ("Nikol Pashinyan", "AM", "person"),
    ("Ilham Aliyev", "AZ", "person"),
    ("Vaqif Dərgahlı", "AZ", "person"),
    ("Border Guard Service", "GE", "institution"),
];

const WORDS: [&str; 24] = [
    "restraint",
    "border",
    "provocation",
    "ceasefire",
    "delegation",
    "negotiations",
    "shelling",
    "position",
    "village",
    "statement",
    "sovereignty",
    "mediation",
    "humanitarian",
    "corridor",
    "observers",
    "incident",
    "military",
    "commission",
    "demarcation",
    "Nerkin-And",
    "Tovuz",
    "Gafan",
    "Ереван",
    "Հայաստան",
];

/// Statements generated from a seed, split in files: each one a transaction of ingest.
pub struct Corpus {
    /// The records, in input order; record `key` is `records[key]`.
    pub records: Vec<Value>,
    /// The keys of each file, in order.
    pub files: Vec<Vec<usize>>,
}

impl Corpus {
    /// `files` files of `per_file` statements, each findable by [`phrase`] of its key.
    pub fn generate(seed: u64, files: usize, per_file: usize) -> Corpus {
        let mut rng = Rng::new(seed);
        let mut records = Vec::new();
        let mut keys = Vec::new();
        for file in 0..files {
            let mut in_file = Vec::new();
            for _ in 0..per_file {
                let key = records.len();
                records.push(statement(&mut rng, key));
                in_file.push(key);
            }
            keys.push(in_file);
            let _ = file;
        }
        Corpus {
            records,
            files: keys,
        }
    }

    /// Writes the files as JSON Lines into the workspace; returns their paths.
    pub fn write(&self, workspace: &Workspace, stem: &str) -> Vec<PathBuf> {
        self.files
            .iter()
            .enumerate()
            .map(|(number, keys)| {
                let mut lines = String::new();
                for &key in keys {
                    lines.push_str(&self.records[key].to_string());
                    lines.push('\n');
                }
                workspace.write(&format!("{stem}-{number:02}.jsonl"), lines)
            })
            .collect()
    }

    /// The keys of every statement.
    pub fn all(&self) -> BTreeSet<usize> {
        (0..self.records.len()).collect()
    }
}

fn statement(rng: &mut Rng, key: usize) -> Value {
    let (speaker, country, kind) = rng.pick(&SPEAKERS);
    let mut text = String::new();
    let before = 3 + rng.below(25);
    for _ in 0..before {
        text.push_str(rng.pick(&WORDS));
        text.push(' ');
    }
    text.push_str(&phrase(key));
    for _ in 0..rng.below(30) {
        text.push(' ');
        text.push_str(rng.pick(&WORDS));
    }
    text.push('.');
    let year = 2018 + rng.below(7);
    let date = match rng.below(10) {
        0 => format!("{year}"),
        1 => format!("{year}-{:02}", 1 + rng.below(12)),
        _ => format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
    };
    let mut record = json!({
        "text": text,
        "speaker": speaker,
        "speaker_kind": kind,
        "country": country,
        "date": date,
        "kind": rng.pick(&["statement", "quote", "paraphrase"]),
        "language": "en",
    });
    let object = record.as_object_mut().expect("an object");
    // Two in three records carry their own id; the others are recognised by content.
    if key % 3 != 2 {
        object.insert("id".into(), json!(format!("gen-{key}")));
    }
    if rng.below(2) == 0 {
        object.insert(
            "channel".into(),
            json!(rng.pick(&["telegram", "briefing", "statement"])),
        );
    }
    if rng.below(3) == 0 {
        object.insert(
            "title".into(),
            json!(format!("On the {} ({key})", rng.pick(&WORDS))),
        );
    }
    if rng.below(2) == 0 {
        object.insert(
            "tags".into(),
            json!([rng.pick(&["border", "peace-process", "casualties", "mediation"])]),
        );
    }
    if rng.below(4) == 0 {
        object.insert(
            "source".into(),
            json!({"outlet": "Wire", "url": format!("https://example.org/{key}"), "published": date}),
        );
    }
    record
}

/// What the consistency proof found.
#[derive(Debug, Clone)]
pub struct Observed {
    /// Keys of the statements present, each whole (row + index entry + findable).
    pub present: BTreeSet<usize>,
    /// What `check --no-repair` said before anything repaired the archive.
    pub state_before_repair: String,
}

/// Proves that an archive holding (part of) `corpus` is consistent, as any command that
/// opens it sees it after the automatic repair:
///
/// - `check` passes (after the repair on open);
/// - every exported statement is one of the corpus, unchanged, exported once;
/// - each file is whole or absent (a file is one transaction);
/// - the index holds each exported statement exactly once (an empty search lists every
///   statement once and counts as many as the export);
/// - every statement is findable by its phrase, and only the present ones are.
pub fn prove_consistent(workspace: &Workspace, corpus: &Corpus) -> Observed {
    let before = workspace.run(&["check", "--no-repair"]);
    before.sane();
    let state_before_repair = classify_check(&before);

    let check = workspace.run(&["check"]);
    check.success();
    let exported = workspace.run(&["export", "--format", "jsonl"]);
    exported.success();
    let mut present = BTreeSet::new();
    for record in exported.json_lines() {
        let text = record["text"].as_str().expect("exported text");
        let key = key_of(text)
            .unwrap_or_else(|| panic!("an exported statement not of the corpus: {record}"));
        assert!(
            present.insert(key),
            "statement {key} is exported twice:\n{exported}"
        );
        let original = &corpus.records[key];
        for field in ["text", "speaker", "date", "country", "kind", "id", "title"] {
            assert_eq!(
                record.get(field),
                original.get(field),
                "field {field} of statement {key} changed: {record} vs {original}"
            );
        }
    }
    let statements = present.len();
    assert!(
        check.stdout.starts_with(&format!(
            "ok: {statements} statements in the database, {statements} in the index"
        )),
        "check disagrees with the export ({statements} statements):\n{check}"
    );
    for (number, keys) in corpus.files.iter().enumerate() {
        let found = keys.iter().filter(|key| present.contains(key)).count();
        assert!(
            found == 0 || found == keys.len(),
            "file {number} is half-written: {found} of {} statements present",
            keys.len()
        );
    }

    // The index: every statement once.
    let listed = workspace.run(&[
        "search", "--format", "jsonl", "--limit", "1000000", "--sort", "oldest",
    ]);
    assert_eq!(
        listed.code,
        Some(if statements == 0 { 1 } else { 0 }),
        "empty search:\n{listed}"
    );
    let mut by_id = BTreeMap::new();
    for hit in listed.json_lines() {
        let id = hit["id"].as_i64().expect("a hit id");
        let key = key_of(hit["text"].as_str().expect("hit text")).expect("a corpus statement");
        assert!(
            by_id.insert(id, key).is_none(),
            "statement {id} is listed twice by an empty search (duplicated in the index)"
        );
    }
    let listed_keys: BTreeSet<usize> = by_id.values().copied().collect();
    assert_eq!(
        listed_keys, present,
        "an empty search lists other statements than the export"
    );
    assert_eq!(by_id.len(), statements, "index entries per statement");
    let count = workspace.run(&["search", "--count"]);
    assert_eq!(
        count.stdout.trim(),
        statements.to_string(),
        "search --count:\n{count}"
    );

    // Findable by phrase: the present ones, and only those.
    let keys: Vec<usize> = (0..corpus.records.len()).collect();
    for batch in keys.chunks(250) {
        let query = batch
            .iter()
            .map(|&key| format!("\"{}\"", phrase(key)))
            .collect::<Vec<_>>()
            .join(" OR ");
        let found = workspace.run(&[
            "search",
            query.as_str(),
            "--format",
            "ids",
            "--limit",
            "1000000",
        ]);
        assert!(
            found.code == Some(0) || found.code == Some(1),
            "a phrase search failed:\n{found}"
        );
        found.sane();
        let found: BTreeSet<usize> = found
            .stdout
            .lines()
            .map(|line| {
                let id: i64 = line.parse().expect("an id");
                *by_id.get(&id).unwrap_or_else(|| {
                    panic!("phrase search found {id}, unknown to the index listing")
                })
            })
            .collect();
        let expected: BTreeSet<usize> = batch
            .iter()
            .copied()
            .filter(|key| present.contains(key))
            .collect();
        assert_eq!(
            found, expected,
            "the statements found by their phrases differ from those present"
        );
    }
    Observed {
        present,
        state_before_repair,
    }
}

/// Names the state `check --no-repair` reports, for the tally of kill points.
pub fn classify_check(run: &Run) -> String {
    if run.code == Some(0) {
        return "consistent".into();
    }
    if run.code == Some(2) {
        return format!("error: {}", run.stderr.lines().next().unwrap_or_default());
    }
    for line in run.stdout.lines() {
        if let Some(state) = line.strip_prefix("- the index is ") {
            let state = state
                .split(" by ")
                .next()
                .unwrap_or(state)
                .split(" (")
                .next()
                .unwrap_or(state);
            return format!("index {state}");
        }
    }
    "index disagrees".into()
}

/// Counts occurrences, for the summaries the tests print.
#[derive(Debug, Default)]
pub struct Tally(pub BTreeMap<String, usize>);

impl Tally {
    pub fn add(&mut self, what: impl Into<String>) {
        *self.0.entry(what.into()).or_insert(0) += 1;
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|(what, n)| format!("{what}: {n}"))
            .collect();
        write!(f, "{}", parts.join(", "))
    }
}

/// The path of a file of the archive, as text, for strace's `-P`.
pub fn absolute(path: &Path) -> String {
    path.canonicalize()
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}
