//! Text direction: direction overrides and isolates in any field never reorder what is
//! printed after it, on a terminal or in a file; direction marks in Arabic and Hebrew
//! names and texts are kept where the output is a document and draw nothing (not `�`)
//! on a terminal.

use crate::support::{in_terminal, strip_ansi, Shell};

/// A record whose fields open overrides, embeddings and isolates they never close, and
/// close some they never opened.
const HOSTILE: &str = concat!(
    r#"{"id": "x\u202eid", "text": "ceasefire \u202eevil text", "speaker": "Army \u202enosrepsekops", "role": "role \u2067open", "organization": "\u202cOrg\u202b", "title": "title \u202eevil", "channel": "tele\u202egram", "tags": ["\u202cgaza", "tag\u2066"], "source": {"outlet": "Out\u202elet", "url": "https://example.com/\u202egnp.exe"}, "country": "IL", "date": "2024-03-01", "language": "en"}"#,
    "\n",
);

/// A record with the direction marks an Arabic source writes.
const MARKED: &str = concat!(
    r#"{"text": "قال أفيخاي أدرعي\u200f: الهدنة (\u200f2024\u200f) ceasefire", "speaker": "أفيخاي أدرعي\u200f", "role": "\u200fالناطق", "channel": "telegram", "source": {"outlet": "قناة\u200f", "url": "https://t.me/\u200fa"}, "country": "IL", "date": "2024-01-01", "language": "ar"}"#,
    "\n",
);

fn shell(records: &[&str]) -> Shell {
    let shell = Shell::empty();
    std::fs::write(shell.root().join("bidi.jsonl"), records.concat()).unwrap();
    shell.run(&["ingest", "bidi.jsonl"]).success();
    shell
}

/// Checks that every line of `text` closes each embedding, override and isolate it
/// opens, and closes none it did not open, as the Unicode Bidirectional Algorithm pairs
/// them: nothing it prints can reorder what comes after it.
#[track_caller]
fn assert_balanced(what: &str, text: &str) {
    for line in text.lines() {
        // true: an isolate; false: an embedding or override.
        let mut open: Vec<bool> = Vec::new();
        for c in line.chars() {
            match c {
                '\u{202A}'..='\u{202B}' | '\u{202D}'..='\u{202E}' => open.push(false),
                '\u{2066}'..='\u{2068}' => open.push(true),
                '\u{202C}' => assert_eq!(
                    open.pop(),
                    Some(false),
                    "{what}: a PDF closes nothing opened in {line:?}"
                ),
                '\u{2069}' => {
                    let isolate = open.iter().rposition(|&isolate| isolate);
                    let isolate = isolate.unwrap_or_else(|| {
                        panic!("{what}: a PDI closes nothing opened in {line:?}")
                    });
                    open.truncate(isolate);
                }
                _ => {}
            }
        }
        assert!(open.is_empty(), "{what}: left open in {line:?}");
    }
}

/// Every command that prints statements, speakers, counts or a timeline, in every
/// format it has.
fn commands() -> Vec<Vec<&'static str>> {
    let mut commands = Vec::new();
    for format in ["table", "json", "jsonl", "csv", "ids", "markdown", "cite"] {
        commands.push(vec!["search", "ceasefire", "--format", format]);
    }
    for format in ["table", "json", "jsonl", "csv"] {
        for id in ["1", "2"] {
            commands.push(vec!["show", id, "--format", format]);
        }
        commands.push(vec!["speakers", "--format", format]);
        commands.push(vec!["speakers", "show", "1", "--format", format]);
        commands.push(vec!["history", "--format", format]);
        commands.push(vec!["stats", "--format", format]);
    }
    for format in ["table", "json", "csv"] {
        commands.push(vec![
            "facets",
            "--by",
            "speaker,org,channel,tag",
            "--format",
            format,
        ]);
        for split in ["speaker", "org", "channel"] {
            commands.push(vec!["timeline", "--split", split, "--format", format]);
        }
    }
    commands
}

#[test]
fn no_direction_control_reaches_the_output_unbalanced() {
    let shell = shell(&[HOSTILE, MARKED]);
    for command in commands() {
        let run = shell.run(&command);
        let what = command.join(" ");
        // 1: `history` of an archive never corrected finds nothing.
        assert!(matches!(run.code, Some(0 | 1)), "`{what}`:\n{run}");
        // CSV to a pipe is data, written as stored, as `sqlite3 -csv` writes it: what a
        // program reads back must be the statement (checked below).
        if command.ends_with(&["--format", "csv"]) {
            continue;
        }
        assert_balanced(&format!("`{what}` to a pipe"), &run.stdout);
        assert_balanced(&format!("`{what}` (stderr)"), &run.stderr);
    }
    // CSV in a file holds the fields as stored: read back, it is the same statement.
    let csv = shell.run(&["search", "ceasefire", "--format", "csv"]);
    assert!(csv.stdout.contains(",Army \u{202e}nosrepsekops,"), "{csv}");
    std::fs::write(shell.root().join("hits.csv"), &csv.stdout).unwrap();
    let again = shell.run(&["ingest", "hits.csv"]);
    assert!(again.stderr.contains("0 added, 2 duplicates"), "{again}");
    assert_eq!(shell.run(&["search", "--count"]).stdout.trim(), "2");
    // Markdown in a file keeps the link working: the override is percent-encoded, as a
    // browser shows it.
    let run = shell.run(&["search", "ceasefire", "--format", "markdown"]);
    assert!(
        run.stdout
            .contains("(https://example.com/%E2%80%AEgnp.exe)"),
        "{run}"
    );
    // On a terminal too (`script` runs each command in a pseudo-terminal).
    let line: Vec<String> = commands()
        .iter()
        .map(|command| format!("\"$BIN\" {}", command.join(" ")))
        .collect();
    let Some(shown) = in_terminal(&shell, &line.join("; "), &[("COLUMNS", "100")]) else {
        eprintln!("skipping the terminal: util-linux `script` is not installed");
        return;
    };
    assert_balanced("the terminal", &strip_ansi(&shown));
    assert!(
        shown.contains("(https://example.com/%E2%80%AEgnp.exe)"),
        "{shown}"
    );
}

#[test]
fn direction_marks_are_kept_in_documents_and_never_shown_as_replacement_characters() {
    let shell = shell(&[MARKED]);
    for format in ["cite", "markdown"] {
        let run = shell.run(&["search", "الهدنة", "--format", format]);
        run.success();
        assert!(
            run.stdout.contains("أفيخاي أدرعي\u{200F}") && !run.stdout.contains('\u{FFFD}'),
            "{format} in a file keeps the marks:\n{run}"
        );
    }
    let run = shell.run(&["search", "الهدنة", "--format", "markdown"]);
    assert!(run.stdout.contains("(\u{200F}2024\u{200F})"), "{run}");
    let commands = [
        "search الهدنة",
        "search الهدنة --format cite",
        "search الهدنة --format markdown",
        "show 1",
        "speakers",
        "speakers show 1",
        "facets --by speaker,org,channel",
        "timeline --split speaker",
    ];
    let line: Vec<String> = commands
        .iter()
        .map(|command| format!("\"$BIN\" {command}"))
        .collect();
    let Some(shown) = in_terminal(&shell, &line.join("; "), &[("COLUMNS", "100")]) else {
        eprintln!("skipping the terminal: util-linux `script` is not installed");
        return;
    };
    assert!(shown.contains("أفيخاي أدرعي"), "{shown}");
    assert!(
        !shown.contains('\u{FFFD}') && !shown.contains('\u{200F}'),
        "a direction mark draws nothing on the terminal:\n{shown}"
    );
}
