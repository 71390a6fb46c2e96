//! Terminal safety: statement text, speaker names, titles and every other field can hold
//! escape sequences and control characters. Printed as a table (or in a status line, an
//! error, a hint) they are neutralised, with or without colour; JSON escapes them and
//! keeps them faithfully.

use serde_json::{json, Value};

use crate::support::{Run, Workspace};

/// Payloads that would act on a terminal: colours, cursor moves, clearing the screen,
/// setting the window title (OSC 0), writing the clipboard (OSC 52), a hyperlink (OSC 8),
/// C1 controls (CSI as one character), backspaces and carriage returns that overwrite
/// what was printed, BEL, and bidirectional overrides that reorder the line.
const PAYLOADS: [&str; 12] = [
    "\u{1b}[38;5;201mPINK\u{1b}[0m",
    "\u{1b}[2J\u{1b}[H",
    "\u{1b}]0;PWNED-TITLE\u{7}",
    "\u{1b}]52;c;cm0gLXJmIH4=\u{7}",
    "\u{1b}]8;;https://evil.example\u{1b}\\link\u{1b}]8;;\u{1b}\\",
    "\u{9b}31mC1-CSI",
    "\u{8}\u{8}\u{8}overwrite",
    "fake\rREAL",
    "bell\u{7}",
    "\u{202E}desrever\u{202C}",
    "\u{1b}[1A\u{1b}[Kup",
    "del\u{7f}nul\u{0}end",
];

fn hostile(label: &str) -> String {
    format!("{label} {}", PAYLOADS.join(" | "))
}

/// The characters a terminal acts on (besides the newline and tab a program prints).
fn is_dangerous(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Output meant for a terminal holds no escape sequence or control character: with
/// `allow_colour`, only the colour codes (SGR: ESC [ digits ; m) the program adds.
#[track_caller]
fn assert_terminal_safe(what: &str, text: &str, allow_colour: bool) {
    let mut rest = text;
    while let Some(position) = rest.find(is_dangerous) {
        let tail = &rest[position..];
        if allow_colour && tail.starts_with("\u{1b}[") {
            let body: String = tail[2..]
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == ';')
                .collect();
            let end = 2 + body.len();
            // The program's own highlighting: bold/colour on, reset.
            if tail[end..].starts_with('m') && !body.contains("38;5;201") {
                rest = &tail[end + 1..];
                continue;
            }
        }
        let shown: String = tail.chars().take(20).collect();
        panic!("{what} lets a control sequence through: {shown:?}\nin:\n{text:?}");
    }
}

fn record() -> Value {
    json!({
        "text": hostile("text restraint"),
        "speaker": hostile("Speaker"),
        "role": hostile("role"),
        "organization": hostile("organization"),
        "title": hostile("title"),
        "channel": "tele\u{1b}[31mgram",
        "tags": [hostile("tag")],
        "id": hostile("id"),
        "source": {"outlet": hostile("outlet"), "url": hostile("https://example.org/")},
        "country": "AM",
        "date": "2024-02-13",
    })
}

fn archive() -> Workspace {
    let workspace = Workspace::new();
    workspace.write("hostile.jsonl", format!("{}\n", record()));
    workspace.run(&["ingest", "hostile.jsonl"]).success();
    workspace
}

#[test]
fn tables_neutralise_escape_sequences() {
    let workspace = archive();
    let commands: Vec<Vec<&str>> = vec![
        vec!["search", "restraint"],
        vec!["search", "restraint", "--format", "table"],
        vec!["search"],
        vec!["search", "--speaker", "speaker"],
        vec!["show", "1"],
        vec!["speakers"],
        vec!["speakers", "show", "1"],
        vec!["stats"],
        vec!["check"],
        vec!["history"],
        vec!["facets"],
        vec!["facets", "restraint"],
        vec!["timeline"],
        vec!["places"],
    ];
    let mut runs = 0;
    for colour in ["never", "always"] {
        for command in &commands {
            let mut args = vec!["--color", colour];
            args.extend(command);
            let run = workspace.run(&args);
            run.sane();
            if run.code == Some(2) && run.stderr.contains("unrecognized subcommand") {
                continue;
            }
            let what = format!("`{}`", args.join(" "));
            assert_terminal_safe(&format!("{what} (stdout)"), &run.stdout, colour == "always");
            assert_terminal_safe(&format!("{what} (stderr)"), &run.stderr, colour == "always");
            runs += 1;
        }
    }
    // The table shows the neutralised text, not nothing.
    let shown = workspace.run(&["show", "1"]);
    assert!(shown.stdout.contains("PINK"), "{shown}");
    eprintln!("terminal safety: {runs} table outputs checked");
}

#[test]
fn status_lines_errors_and_hints_neutralise_escape_sequences() {
    let workspace = archive();
    // A file name with escapes, a rejected record whose values have escapes.
    let evil_name = "evil-\u{1b}[2J\u{1b}]0;PWNED-TITLE\u{7}.jsonl";
    workspace.write(
        evil_name,
        format!("{}\n", json!({"text": "t", "speaker": "s", "date": "2024"})),
    );
    let run = workspace.run(&["ingest", evil_name]);
    run.success();
    assert_terminal_safe("ingest status line", &run.stderr, false);
    let bad = json!({
        "text": hostile("bad"),
        "speaker": "s",
        "date": "2024",
        "country": "\u{1b}]0;PWNED-TITLE\u{7}",
        "kind": "\u{1b}[2Jquote",
        "bogus\u{1b}[31m": "unknown field with an escape in its name",
    });
    workspace.write("bad.jsonl", format!("{bad}\n{{\"text\": \"\u{1b}[2J\n"));
    let run = workspace.run(&["ingest", "bad.jsonl"]);
    run.code(2);
    assert_terminal_safe("ingest error", &run.stderr, false);
    let run = workspace.run(&["ingest", "bad.jsonl", "--skip-invalid"]);
    assert_terminal_safe("ingest --skip-invalid report", &run.stderr, false);
    // Queries and arguments with escapes.
    for args in [
        vec!["search", "\"\u{1b}[2J"],
        vec!["search", "x\u{1b}]0;PWNED-TITLE\u{7}"],
        vec!["search", "--speaker", "\u{1b}]0;PWNED-TITLE\u{7}"],
        vec!["search", "--org", "\u{1b}[2J"],
        vec!["search", "--tag", "\u{1b}[2J"],
        vec!["search", "--channel", "\u{1b}[2J"],
        vec!["search", "--from", "\u{1b}[2J"],
        vec!["search", "--country", "\u{1b}]0;PWNED-TITLE\u{7}"],
        vec!["show", "\u{1b}[2J"],
    ] {
        let run = workspace.run(&args);
        run.sane();
        assert_terminal_safe(&format!("{args:?} (stderr)"), &run.stderr, false);
        assert_terminal_safe(&format!("{args:?} (stdout)"), &run.stdout, false);
    }
}

#[test]
fn json_escapes_control_characters_and_keeps_them() {
    let workspace = archive();
    let original = record();
    for args in [
        vec!["search", "restraint", "--format", "json"],
        vec!["search", "restraint", "--format", "jsonl"],
        vec!["show", "1", "--format", "json"],
        vec!["export", "--format", "jsonl"],
    ] {
        let run = workspace.run(&args);
        run.success();
        // C0 and C1 controls and DEL (a UTF-8 terminal may take U+009B for CSI).
        if let Some(position) = run.stdout.find(|c: char| c.is_control() && c != '\n') {
            let shown: String = run.stdout[position..].chars().take(12).collect();
            panic!("{args:?} prints a raw control character, unescaped: {shown:?}");
        }
        let value: Value = serde_json::from_str(run.stdout.lines().next().unwrap_or_default())
            .or_else(|_| serde_json::from_str(&run.stdout))
            .unwrap_or_else(|error| panic!("{args:?}: not JSON: {error}"));
        let statement = match &value {
            Value::Array(items) => items[0].clone(),
            Value::Object(object) if object.contains_key("hits") => value["hits"][0].clone(),
            other => other.clone(),
        };
        for field in ["text", "speaker", "title", "role", "organization"] {
            assert_eq!(
                statement.get(field),
                original.get(field),
                "{args:?} does not keep {field} faithfully"
            );
        }
    }
}

#[test]
fn csv_output_keeps_fields_faithfully() {
    let workspace = archive();
    let run: Run = workspace.run(&["export", "--format", "csv"]);
    run.success();
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let text = headers.iter().position(|h| h == "text").unwrap();
    assert_eq!(Some(&row[text]), record()["text"].as_str());
}
