//! Ctrl-C (SIGINT) during an ingest: the file under way is rolled back, the files
//! committed before are kept, one message says which, and the process ends as SIGINT
//! ends it (the shell's status 130).
//!
//! No timing decides the outcome: the records come through a pipe the test holds. The
//! signal is sent once the ingest has said something only a process catching it says
//! (it is caught before the archive is opened), and the pipe is closed only after: the
//! input cannot end, nor be committed, before the signal has arrived. The last part
//! also covers the producer of a pipe killed by the same Ctrl-C: its input ends early,
//! and must not be committed as if it were whole.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{channel, Receiver};

use crate::support::{prove_consistent, wait_with_timeout, Corpus, Workspace, TIMEOUT};

/// SIGINT's number on Linux.
const SIGINT: i32 = 2;

/// Starts `communique --archive DIR ARGS…` with standard input and error piped; returns
/// the child, its standard input and its stderr lines as they come.
pub(crate) fn start(workspace: &Workspace, args: &[&str]) -> (Child, ChildStdin, Receiver<String>) {
    let mut child = workspace
        .command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting communique");
    let stdin = child.stdin.take().expect("piped stdin");
    let stderr = child.stderr.take().expect("piped stderr");
    let (lines, received) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    (child, stdin, received)
}

/// Reads stderr lines until one contains `wanted`; returns every line read.
pub(crate) fn wait_for_line(lines: &Receiver<String>, wanted: &str) -> Vec<String> {
    let mut seen = Vec::new();
    loop {
        match lines.recv_timeout(TIMEOUT) {
            Ok(line) => {
                let found = line.contains(wanted);
                seen.push(line);
                if found {
                    return seen;
                }
            }
            Err(_) => panic!(
                "no line with {wanted:?} on stderr; saw:\n{}",
                seen.join("\n")
            ),
        }
    }
}

/// Waits until the child's main thread waits in `read` on its standard input: every
/// record written so far has been read and stored in the open transaction (records are
/// read one at a time, each stored before the next is read). Linux's
/// `/proc/PID/syscall` says so; where it cannot be read, returns at once (the ingest
/// then meets the signal between records, or before the commit).
fn wait_until_reading_stdin(child: &mut Child) {
    // The number of `read`, then its first argument, the file descriptor 0.
    let reading = if cfg!(target_arch = "x86_64") {
        "0 0x0 "
    } else if cfg!(target_arch = "aarch64") {
        "63 0x0 "
    } else {
        return;
    };
    let path = format!("/proc/{}/syscall", child.id());
    let deadline = std::time::Instant::now() + TIMEOUT;
    loop {
        match std::fs::read_to_string(&path) {
            Ok(state) if state.starts_with(reading) => return,
            Ok(_) => {}
            Err(_) => return,
        }
        assert!(
            child.try_wait().expect("polling the child").is_none(),
            "the ingest ended before reading all of its input"
        );
        assert!(
            std::time::Instant::now() < deadline,
            "the ingest never waited for more input"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
}

/// Sends SIGINT to the child, as Ctrl-C does to the terminal's foreground process.
fn interrupt(child: &Child) {
    let sent = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("running kill");
    assert!(sent.success(), "kill -INT failed");
}

/// The records of one file of `corpus`, as JSON Lines, in two halves.
fn halves(corpus: &Corpus, file: usize) -> (String, String) {
    let lines: Vec<String> = corpus.files[file]
        .iter()
        .map(|&key| format!("{}\n", corpus.records[key]))
        .collect();
    let middle = lines.len() / 2;
    (lines[..middle].concat(), lines[middle..].concat())
}

/// Writes what remains, then closes standard input; the ingest may have stopped reading.
fn finish_input(mut stdin: ChildStdin, rest: &str) {
    let _ = stdin.write_all(rest.as_bytes());
    drop(stdin);
}

/// Waits for the child; returns its remaining stderr lines.
fn ended_by_sigint(mut child: Child, lines: &Receiver<String>) -> Vec<String> {
    let status = wait_with_timeout(&mut child, TIMEOUT).expect("the ingest ended");
    let rest: Vec<String> = lines.iter().collect();
    use std::os::unix::process::ExitStatusExt;
    // Killed by SIGINT, after its message: the shell says 130, and a script stops.
    assert!(
        status.signal() == Some(SIGINT) || status.code() == Some(130),
        "{status:?}; stderr:\n{}",
        rest.join("\n")
    );
    rest
}

#[test]
fn sigint_during_a_first_load_writes_nothing_and_leaves_no_archive() {
    let corpus = Corpus::generate(0x5161_0001, 1, 400);
    let workspace = Workspace::new();
    let (first, rest) = halves(&corpus, 0);
    let (mut child, mut stdin, lines) = start(&workspace, &["ingest", "--format", "jsonl", "-"]);
    // The input's start is looked at before the archive is created; that is said after
    // SIGINT is caught.
    stdin.write_all(first.as_bytes()).expect("writing records");
    stdin.flush().expect("flushing records");
    let mut said = wait_for_line(&lines, "created the archive at");
    // Every record given is stored, uncommitted: no record is left to read after the
    // signal, where the ingest would see it between records.
    wait_until_reading_stdin(&mut child);
    interrupt(&child);
    // The program writing the input died of the same Ctrl-C: the input ends early, and
    // only the last look before the commit can tell it from a whole one.
    drop(stdin);
    said.extend(ended_by_sigint(child, &lines));
    assert_eq!(
        said[1..],
        [
            "communique: interrupted; nothing of <stdin> was written".to_string(),
            format!(
                "the archive created at {} for this ingest was removed",
                workspace.archive().display()
            )
        ],
        "{said:?}"
    );
    // The archive the ingest created is gone, not left empty for the next command to
    // take for one that was made.
    assert!(!workspace.archive().exists(), "{said:?}");
    let check = workspace.run(&["check", "--no-repair"]);
    assert!(check.code(2).stderr.contains("no archive at"), "{check}");
    // And the whole input, given again, is stored.
    let run = workspace.run_with_stdin(
        &["ingest", "--format", "jsonl", "-"],
        format!("{first}{rest}"),
    );
    run.success();
    assert_eq!(prove_consistent(&workspace, &corpus).present, corpus.all());
}

#[test]
fn sigint_in_the_second_file_keeps_the_first_and_names_each() {
    let corpus = Corpus::generate(0x5161_0002, 3, 300);
    let workspace = Workspace::new();
    let files = corpus.write(&workspace, "part");
    let name = |file: usize| {
        files[file]
            .file_name()
            .and_then(|name| name.to_str())
            .expect("a file name")
            .to_string()
    };
    let (first, rest) = halves(&corpus, 1);
    let (child, mut stdin, lines) = start(
        &workspace,
        &["ingest", "--format", "jsonl", &name(0), "-", &name(2)],
    );
    // Standard input's start is looked at before anything is written.
    stdin.write_all(first.as_bytes()).expect("writing records");
    stdin.flush().expect("flushing records");
    // The first file's summary: it is committed.
    let mut said = wait_for_line(&lines, &format!("{}: 300 added", name(0)));
    interrupt(&child);
    finish_input(stdin, &rest);
    said.extend(ended_by_sigint(child, &lines));
    let message: Vec<&str> = said
        .iter()
        .map(String::as_str)
        .skip_while(|line| !line.contains("interrupted"))
        .collect();
    assert_eq!(
        message,
        [
            "communique: interrupted; nothing of <stdin> was written".to_string(),
            format!(
                "committed before the interrupt, and kept: {} (300 added)",
                name(0)
            ),
            format!("not read: {}", name(2)),
        ],
        "{said:?}"
    );
    let check = workspace.run(&["check", "--no-repair"]);
    assert_eq!(
        check.success().stdout,
        "ok: 300 statements in the database, 300 in the index, in agreement\n"
    );
    let present = prove_consistent(&workspace, &corpus).present;
    assert_eq!(present, corpus.files[0].iter().copied().collect());
}
