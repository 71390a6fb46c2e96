//! Terminal sessions: the binary in a pseudo-terminal (util-linux `script`), where colour
//! is on by default, the width comes from the terminal, and progress bars are drawn.

use crate::support::{in_terminal, strip_ansi, Shell};

/// Returns what the terminal showed, or None (and says why) without `script`.
fn session(shell: &Shell, command: &str, env: &[(&str, &str)]) -> Option<String> {
    let shown = in_terminal(shell, command, env);
    if shown.is_none() {
        eprintln!("skipping: util-linux `script` is not installed, so no pseudo-terminal");
    }
    shown
}

#[test]
fn the_table_in_a_terminal_is_coloured_and_fits_its_width() {
    let shell = Shell::bundled();
    // The width from the terminal itself, as `stty` sets it.
    let Some(shown) = session(&shell, "stty cols 70 rows 40; \"$BIN\" search fire", &[]) else {
        return;
    };
    assert!(
        shown.contains("\x1b[1;31mfire\x1b[0m"),
        "matches are highlighted:\n{shown}"
    );
    assert!(
        shown.contains("\x1b[1mID  DATE"),
        "the header is bold:\n{shown}"
    );
    let plain = strip_ansi(&shown);
    assert!(plain.lines().count() >= 5, "{plain}");
    for line in plain.lines() {
        assert!(
            line.chars().count() <= 70,
            "wider than the terminal: {line:?}"
        );
    }
    assert!(plain.contains('…'), "long snippets are cut:\n{plain}");
    // COLUMNS overrides the terminal.
    let shown = session(
        &shell,
        "stty cols 70 rows 40; \"$BIN\" search fire",
        &[("COLUMNS", "50")],
    )
    .unwrap();
    for line in strip_ansi(&shown).lines() {
        assert!(line.chars().count() <= 50, "wider than COLUMNS: {line:?}");
    }
    // A dumb terminal draws no escape sequences: they would print as ^[[1;31m.
    let shown = session(
        &shell,
        "\"$BIN\" search fire",
        &[("TERM", "dumb"), ("COLUMNS", "80")],
    )
    .unwrap();
    assert!(!shown.contains('\x1b'), "{shown}");
    assert!(shown.contains("fire"), "{shown}");
    // NO_COLOR turns colour off, --color always back on.
    let shown = session(
        &shell,
        "\"$BIN\" search fire",
        &[("NO_COLOR", "1"), ("COLUMNS", "80")],
    )
    .unwrap();
    assert!(!shown.contains('\x1b'), "{shown}");
    let shown = session(
        &shell,
        "\"$BIN\" search fire --color always",
        &[("NO_COLOR", "1"), ("COLUMNS", "80")],
    )
    .unwrap();
    assert!(shown.contains("\x1b[1;31m"), "{shown}");
}

#[test]
fn the_timeline_in_a_terminal_draws_coloured_bars_to_its_width() {
    let shell = Shell::bundled();
    let Some(shown) = session(
        &shell,
        "stty cols 60 rows 40; \"$BIN\" timeline --by year --split country",
        &[],
    ) else {
        return;
    };
    let plain = strip_ansi(&shown);
    assert!(
        plain.starts_with("2023  AZ  1  █"),
        "the first bar:\n{plain}"
    );
    assert!(shown.contains("\x1b[36m"), "series are coloured:\n{shown}");
    let longest = plain
        .lines()
        .map(|line| line.chars().count())
        .max()
        .unwrap();
    assert_eq!(longest, 60, "the longest bar reaches the edge:\n{plain}");
}

#[test]
fn ingest_draws_a_progress_bar_on_a_terminal_only() {
    let shell = Shell::empty();
    shell.write_many_statements();
    let Some(shown) = session(&shell, "\"$BIN\" ingest many.jsonl", &[]) else {
        return;
    };
    assert!(
        shown.contains("3,000 lines"),
        "a bar with the file's lines:\n{shown}"
    );
    assert!(
        shown.contains("many.jsonl: 3000 added, 0 duplicates"),
        "the summary:\n{shown}"
    );
    let quiet = session(&shell, "\"$BIN\" ingest many.jsonl --quiet", &[]).unwrap();
    assert_eq!(quiet, "", "--quiet draws nothing");
    let piped = shell.run(&["ingest", "many.jsonl"]);
    assert!(
        !piped.stderr.contains("lines"),
        "no bar when piped:\n{piped}"
    );
}

/// CSV carries the archive's text as it is, escape sequences included: to a pipe it must
/// (export reads back identically), but on a terminal they would be obeyed. There they
/// are shown as U+FFFD, as in the table; error messages quoting a file name likewise.
#[test]
fn csv_and_errors_on_a_terminal_cannot_drive_it() {
    let shell = Shell::empty();
    std::fs::write(
        shell.root().join("hostile.jsonl"),
        "{\"text\": \"Clear \\u001b[2J the screen\", \"speaker\": \"Evil\\u001b]0;title\\u0007\", \"date\": \"2024\"}\n",
    )
    .unwrap();
    shell.run(&["ingest", "hostile.jsonl"]).success();
    shell
        .run(&["places", "add", "Evil\u{1b}]0;title\u{7} village"])
        .success();
    let piped = shell.run(&["search", "--format", "csv"]);
    piped.success();
    assert!(
        piped.stdout.contains("Clear \x1b[2J the screen"),
        "a pipe gets the text as it is:\n{piped}"
    );
    // Progress bars draw on stderr: only the data (and the error) is looked at.
    for command in [
        "\"$BIN\" search --format csv 2>/dev/null",
        "\"$BIN\" export --format csv 2>/dev/null",
        "\"$BIN\" facets --format csv 2>/dev/null",
        "\"$BIN\" speakers --format csv 2>/dev/null",
        "\"$BIN\" places --format csv 2>/dev/null",
        "\"$BIN\" ingest \"$(printf 'missing\\033[2J.jsonl')\" 2>&1",
    ] {
        let Some(shown) = session(&shell, &format!("{command} || true"), &[]) else {
            return;
        };
        assert!(
            !shown.contains('\x1b') && !shown.contains('\x07'),
            "{command}: an escape sequence reached the terminal:\n{shown:?}"
        );
        assert!(shown.contains('\u{FFFD}'), "{command}:\n{shown}");
    }
}

/// A carriage return inside a quoted CSV field ("Org\rCR") reached the terminal, which
/// moved the cursor back and let the rest overwrite the line. On a terminal it is shown
/// as U+FFFD, as escape sequences are; to a pipe the data stays as it is.
#[test]
fn csv_on_a_terminal_shows_a_carriage_return() {
    let shell = Shell::empty();
    std::fs::write(
        shell.root().join("returns.jsonl"),
        "{\"text\": \"Over\\rwritten\", \"speaker\": \"S\", \"organization\": \"Org\\rCR\", \"date\": \"2024\"}\n",
    )
    .unwrap();
    shell.run(&["ingest", "returns.jsonl"]).success();
    let piped = shell.run(&["search", "--limit", "all", "--format", "csv"]);
    piped.success();
    assert!(piped.stdout.contains("Org\rCR"), "{piped}");
    let piped = shell.run(&["export", "--format", "csv"]);
    assert!(piped.stdout.contains("Over\rwritten"), "{piped}");
    for command in [
        "\"$BIN\" search --limit all --format csv 2>/dev/null",
        "\"$BIN\" export --format csv 2>/dev/null",
    ] {
        let Some(shown) = session(&shell, command, &[]) else {
            return;
        };
        // The terminal's own line ends (CR LF) are made LF by `in_terminal`.
        assert!(!shown.contains('\r'), "{command}:\n{shown:?}");
        assert!(
            shown.contains("Org\u{FFFD}CR") && shown.contains("Over\u{FFFD}written"),
            "{command}:\n{shown}"
        );
    }
}

/// Only `search` fitted its table to the terminal: `speakers` at 40 columns was 56 wide
/// and cut its dates to `2024-…`, `facets --by speaker` at 30 was 54–60 wide, the fields
/// of `show` and `speakers show`, the lists of `stats` and `extract`'s table overflowed. Each now fits, the free text cut or wrapped,
/// the dates whole.
#[test]
fn tables_charts_and_fields_fit_a_narrow_terminal() {
    let shell = Shell::bundled();
    let article = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/articles/seed-2024-02-13.txt"
    );
    let cases = [
        (40, "speakers".to_string()),
        (30, "facets --by speaker --top 2".to_string()),
        (40, "show 9".to_string()),
        (40, "speakers show peskov".to_string()),
        (40, "stats".to_string()),
        (40, "places show Kapan".to_string()),
        (40, "timeline --split speaker --by year".to_string()),
        (
            40,
            format!("extract '{article}' --published 2024-02-14 -f table"),
        ),
    ];
    for (columns, command) in cases {
        let Some(shown) = session(
            &shell,
            &format!("stty cols {columns} rows 50; \"$BIN\" {command} 2>/dev/null"),
            &[],
        ) else {
            return;
        };
        let plain = strip_ansi(&shown);
        assert!(plain.lines().count() >= 3, "{command}:\n{plain}");
        for line in plain.lines() {
            assert!(
                line.chars().count() <= columns,
                "{command}: wider than {columns} columns: {line:?}\n{plain}"
            );
        }
        assert!(!plain.contains("-…"), "{command}: a date cut:\n{plain}");
    }
    let speakers =
        strip_ansi(&session(&shell, "stty cols 40 rows 50; \"$BIN\" speakers", &[]).unwrap());
    assert!(
        speakers.contains("2024-02-13"),
        "the dates whole:\n{speakers}"
    );
    let show = strip_ansi(&session(&shell, "stty cols 40 rows 50; \"$BIN\" show 9", &[]).unwrap());
    assert!(
        show.contains(
            "     speaker  Ministry of Defence of\n              Armenia (institution, AM)\n"
        ),
        "a field wraps beneath itself:\n{show}"
    );
}

/// `timeline --split speaker | cat` cut the names to "State Border Service of Azerb…":
/// written to a pipe (without COLUMNS) nothing is cut, as in the search table.
#[test]
fn charts_written_to_a_pipe_cut_nothing() {
    let shell = Shell::bundled();
    for command in [
        "timeline --split speaker --by year",
        "facets --by speaker",
        "speakers",
    ] {
        let Some(shown) = session(
            &shell,
            &format!("stty cols 40; \"$BIN\" {command} | cat"),
            &[],
        ) else {
            return;
        };
        assert!(
            shown.contains("State Border Service of Azerbaijan") && !shown.contains('…'),
            "{command}:\n{shown}"
        );
    }
}
