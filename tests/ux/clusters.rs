//! Characters as a reader sees them: tables cut text between grapheme clusters (a flag's
//! two letters, an emoji family joined by ZWJ, an Indic conjunct and its vowel sign stay
//! whole), and a flood of combining marks on one letter is capped on the terminal.

use unicode_segmentation::UnicodeSegmentation;

use crate::support::Shell;

/// Texts whose clusters are many characters each, around the word searched for.
const TEXTS: [&str; 5] = [
    "👨\u{200D}👩\u{200D}👧\u{200D}👦 👨\u{200D}👩\u{200D}👧\u{200D}👦 👨\u{200D}👩\u{200D}👧\u{200D}👦 target 👨\u{200D}👩\u{200D}👧\u{200D}👦 👨\u{200D}👩\u{200D}👧\u{200D}👦 👨\u{200D}👩\u{200D}👧\u{200D}👦",
    "🇺🇦🇷🇺🇺🇦🇷🇺🇺🇦🇷🇺 target 🇺🇦🇷🇺🇺🇦🇷🇺🇺🇦🇷🇺🇺🇦🇷🇺🇺🇦🇷🇺",
    "क्षि क्षि क्षि क्षि क्षि target क्षि क्षि क्षि क्षि क्षि क्षि",
    "e\u{301}\u{302} e\u{301}\u{302} e\u{301}\u{302} e\u{301}\u{302} target e\u{301}\u{302} e\u{301}\u{302} e\u{301}\u{302} e\u{301}\u{302}",
    "❤\u{FE0F}❤\u{FE0F}❤\u{FE0F}❤\u{FE0F}❤\u{FE0F} target ❤\u{FE0F}❤\u{FE0F}❤\u{FE0F}❤\u{FE0F}❤\u{FE0F}❤\u{FE0F}",
];

/// Speakers' names cut in the speakers table.
const NAMES: [&str; 4] = [
    "🇺🇦🇷🇺🇺🇦🇷🇺🇺🇦🇷🇺🇺🇦🇷🇺🇺🇦🇷🇺🇺🇦🇷🇺🇺🇦🇷🇺🇺🇦🇷🇺 Flags",
    "👨\u{200D}👩\u{200D}👧\u{200D}👦👨\u{200D}👩\u{200D}👧\u{200D}👦👨\u{200D}👩\u{200D}👧\u{200D}👦👨\u{200D}👩\u{200D}👧\u{200D}👦 Family",
    "क्षिक्षिक्षिक्षिक्षिक्षिक्षिक्षिक्षिक्षिक्षिक्षिक्षि",
    "e\u{301}\u{302}e\u{301}\u{302}e\u{301}\u{302}e\u{301}\u{302}e\u{301}\u{302}e\u{301}\u{302}e\u{301}\u{302}e\u{301}\u{302}e\u{301}\u{302}e\u{301}\u{302}e\u{301}\u{302}",
];

fn shell() -> Shell {
    let shell = Shell::empty();
    let mut records = String::new();
    for text in TEXTS {
        records.push_str(
            &serde_json::json!({"text": text, "speaker": "E", "date": "2024-01-01"}).to_string(),
        );
        records.push('\n');
    }
    for (number, name) in NAMES.iter().enumerate() {
        records.push_str(
            &serde_json::json!({"text": "Another statement.", "speaker": name, "date": format!("2024-02-0{}", number + 1)})
                .to_string(),
        );
        records.push('\n');
    }
    std::fs::write(shell.root().join("clusters.jsonl"), records).unwrap();
    shell.run(&["ingest", "clusters.jsonl"]).success();
    shell
}

/// Whether `piece` is in `text` between two of its grapheme cluster boundaries.
fn is_whole_clusters_of(piece: &str, text: &str) -> bool {
    let mut boundaries: Vec<usize> = text.grapheme_indices(true).map(|(at, _)| at).collect();
    boundaries.push(text.len());
    text.match_indices(piece)
        .any(|(at, _)| boundaries.contains(&at) && boundaries.contains(&(at + piece.len())))
}

#[test]
fn a_cut_never_splits_a_grapheme_cluster() {
    let shell = shell();
    let mut cut = 0;
    for width in 30..=60 {
        let columns = width.to_string();
        let run = shell.run_env(&["search", "target"], &[("COLUMNS", Some(&columns))]);
        run.success();
        let mut lines = run.stdout.lines();
        // What is before the text (the id, the date, the speaker "E") is ASCII: the text
        // starts where its header does.
        let header = lines.next().unwrap();
        let text_column = header.find("TEXT").unwrap();
        for line in lines {
            let id: usize = line.split_whitespace().next().unwrap().parse().unwrap();
            let source = TEXTS[id - 1];
            let cell = &line[text_column..];
            let shown = cell.trim_start_matches('…').trim_end_matches('…');
            cut += usize::from(shown.len() < cell.len());
            assert!(
                is_whole_clusters_of(shown, source),
                "{width} columns cut a cluster: {cell:?} of {source:?}"
            );
        }
    }
    assert!(cut > 0, "some texts are cut");
    // The speakers table cuts names to its column.
    let mut cut = 0;
    for width in 24..=40 {
        let run = shell.run_env(&["speakers"], &[("COLUMNS", Some(&width.to_string()))]);
        run.success();
        for line in run.stdout.lines().skip(1) {
            let Some(end) = line.find('…') else {
                continue;
            };
            cut += 1;
            let shown = line[..end].split_once("  ").unwrap().1.trim_start();
            assert!(
                NAMES
                    .iter()
                    .any(|name| name.starts_with(shown) && is_whole_clusters_of(shown, name)),
                "{width} columns cut a cluster: {line:?}"
            );
        }
    }
    assert!(cut > 0, "some names are cut");
}

#[test]
fn a_flood_of_combining_marks_is_capped_in_tables() {
    let shell = Shell::empty();
    let name = format!("Z{}algo", "\u{308}".repeat(10_000));
    let record = serde_json::json!({"text": "A statement.", "speaker": name, "date": "2024"});
    std::fs::write(shell.root().join("zalgo.jsonl"), format!("{record}\n")).unwrap();
    shell.run(&["ingest", "zalgo.jsonl"]).success();
    for command in [&["speakers"][..], &["search", "statement"], &["show", "1"]] {
        let run = shell.run(command);
        run.success();
        assert!(
            run.stdout.contains("Z\u{308}\u{308}")
                && !run.stdout.contains(&"\u{308}".repeat(7))
                && run.stdout.len() < 2_000,
            "{command:?}:\n{run}"
        );
    }
    // The archive keeps the name whole: JSON gives it back.
    let run = shell.run(&["speakers", "--format", "json"]);
    assert!(run.stdout.contains(&"\u{308}".repeat(10_000)), "{run}");
}
