//! `export` on a terminal: its progress bar is drawn only when the statements go
//! elsewhere (redirected, or `--output`), never into the JSON printed on the terminal.

use crate::support::{in_terminal, Shell};

/// `communique export` printing to the terminal drew its bar into the middle of the JSON
/// Lines it printed there: the bar is left out, and drawn when the output is redirected.
#[test]
fn export_draws_its_bar_only_when_the_statements_go_elsewhere() {
    let shell = Shell::empty();
    shell.write_many_statements();
    shell.run(&["ingest", "many.jsonl"]).success();
    let Some(shown) = in_terminal(&shell, "\"$BIN\" export", &[]) else {
        eprintln!("skipping: util-linux `script` is not installed, so no pseudo-terminal");
        return;
    };
    assert!(
        !shown.contains("exporting"),
        "no bar among the statements on the terminal:\n{}",
        &shown[shown.len().saturating_sub(2000)..]
    );
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines.len(), 3001, "3000 statements and the summary line");
    for line in &lines[..3000] {
        assert!(
            line.starts_with("{\"text\":\"Statement ") && line.ends_with('}'),
            "a whole record on each line: {line:?}"
        );
    }
    assert!(lines[3000].starts_with("communique: exported 3000 statements"));
    // Redirected, or written with --output, the terminal shows the bar.
    for command in [
        "\"$BIN\" export > out.jsonl",
        "\"$BIN\" export --output out.jsonl",
    ] {
        let shown = in_terminal(&shell, command, &[]).unwrap();
        assert!(shown.contains("exporting"), "a bar for {command}:\n{shown}");
        assert!(shown.contains("exported 3000 statements"), "{shown}");
    }
}
