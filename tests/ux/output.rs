//! Search output: tables that fit the width, colour, Markdown, citations.

use crate::snapshot;
use crate::support::{cells, Shell};

#[test]
fn the_table_fits_the_columns_and_never_cuts_the_id() {
    let shell = Shell::bundled();
    for width in ["60", "80", "120"] {
        let run = shell.run_env(&["search", "fire"], &[("COLUMNS", Some(width))]);
        run.success().fits(width.parse().unwrap());
        snapshot!(format!("search_table_{width}_columns"), run);
    }
}

#[test]
fn without_a_terminal_or_columns_nothing_is_cut() {
    let shell = Shell::bundled();
    let run = shell.run_env(&["search", "operation"], &[("COLUMNS", None)]);
    run.success();
    assert!(
        run.stdout.contains("where our soldiers were fired upon"),
        "the whole snippet:\n{run}"
    );
    assert!(
        !run.stdout.contains('…') || run.stdout.contains("upon …"),
        "{run}"
    );
}

#[test]
fn without_a_terminal_or_columns_no_speaker_is_cut() {
    // Two speakers whose names differ only past the width a terminal would give them.
    let shell = Shell::empty();
    let speakers = [
        "Ministry of Foreign Affairs of the Republic of Armenia",
        "Ministry of Foreign Affairs of the Republic of Azerbaijan",
    ];
    let records: String = speakers
        .iter()
        .map(|speaker| {
            format!(
                "{{\"text\": \"A statement.\", \"speaker\": \"{speaker}\", \"date\": \"2024\"}}\n"
            )
        })
        .collect();
    std::fs::write(shell.root().join("long.jsonl"), records).unwrap();
    shell.run(&["ingest", "long.jsonl"]).success();
    let run = shell.run_env(&["search", "statement"], &[("COLUMNS", None)]);
    run.success();
    for speaker in speakers {
        assert!(run.stdout.contains(speaker), "{speaker} is cut:\n{run}");
    }
    let run = shell.run_env(&["search", "statement"], &[("COLUMNS", Some("80"))]);
    run.success().fits(80);
}

#[test]
fn wrap_keeps_whole_snippets_within_the_width() {
    let shell = Shell::bundled();
    let run = shell.run_env(&["search", "fire", "--wrap"], &[("COLUMNS", Some("64"))]);
    run.success().fits(64);
    snapshot!("search_wrap_64_columns", run);
}

#[test]
fn matches_are_highlighted_only_when_colour_is_on() {
    let shell = Shell::bundled();
    let highlighted = "\x1b[1;31mfire\x1b[0m";
    let always = shell.run(&["search", "fire", "--color", "always"]);
    assert!(always.success().stdout.contains(highlighted), "{always}");
    // NO_COLOR is set by the harness; auto off a terminal is plain too.
    let auto = shell.run(&["search", "fire"]);
    assert!(!auto.success().stdout.contains('\x1b'), "{auto}");
    let never = shell.run_env(
        &["search", "fire", "--color", "never"],
        &[("NO_COLOR", None)],
    );
    assert!(!never.success().stdout.contains('\x1b'), "{never}");
}

#[test]
fn markdown_is_a_table_to_paste_into_a_report() {
    let shell = Shell::fire();
    let run = shell.run(&["search", "restraint OR refrain", "--format", "markdown"]);
    run.success();
    snapshot!("search_markdown", run);
    // Markdown is for pasting: never cut to the terminal.
    let narrow = shell.run_env(
        &["search", "refrain", "--format", "markdown"],
        &[("COLUMNS", Some("30"))],
    );
    assert!(narrow.stdout.contains("negotiating table"), "{narrow}");
    // Matches next to each other are one bold run, as a reader marks a phrase; apart,
    // each is its own.
    let next_to = shell.run(&["search", "\"negotiating table\"", "--format", "markdown"]);
    assert!(
        next_to
            .success()
            .stdout
            .contains("the **negotiating table**"),
        "{next_to}"
    );
    let apart = shell.run(&["search", "refrain negotiating", "--format", "markdown"]);
    assert!(
        apart.success().stdout.contains("**refrain** from"),
        "{apart}"
    );
    assert!(
        apart.stdout.contains("the **negotiating** table"),
        "{apart}"
    );
}

#[test]
fn cite_gives_one_citation_line_per_hit() {
    let shell = Shell::fire();
    let run = shell.run(&[
        "search",
        "fire",
        "--speaker",
        "zakharova",
        "--speaker",
        "peskov",
        "--format",
        "cite",
    ]);
    run.success();
    snapshot!("search_cite", run);
    let bundled = Shell::bundled();
    let run = bundled.run(&["search", "restraint", "--format", "cite"]);
    snapshot!("search_cite_bundled", run);
}

/// A press release is cited by its title, and a speaker without a role by the
/// organisation they speak for, as in a bibliography: "Vladimir Putin, 15 November 2021"
/// did not say which of that day's releases, or in what office.
#[test]
fn a_citation_names_the_title_and_the_organisation_without_a_role() {
    let shell = Shell::empty();
    let records = concat!(
        r#"{"text": "The leaders discussed Nagorno-Karabakh.", "speaker": "Vladimir Putin", "organization": "President of Russia", "title": "Telephone conversation with President of France Emmanuel Macron", "date": "2021-11-15T21:30:00Z", "source": {"url": "http://en.kremlin.ru/events/president/news/67109"}}"#,
        "\n",
        r#"{"text": "Shelling of Nagorno-Karabakh positions.", "speaker": "Ministry of Defence of Armenia", "organization": "Ministry of Defence of Armenia", "role": "", "date": "2021-11-16"}"#,
        "\n",
        r#"{"text": "Talks on Nagorno-Karabakh.", "speaker": "Maria Zakharova", "role": "Spokesperson of the Ministry of Foreign Affairs", "organization": "Ministry of Foreign Affairs of Russia", "title": "  ", "date": "2021-11-17"}"#,
        "\n",
        r#"{"text": "Обстрел, Nagorno-Karabakh.", "speaker": "Министерство обороны Армении", "organization": "МИНИСТЕРСТВО ОБОРОНЫ АРМЕНИИ", "date": "2021-11-18", "language": "ru"}"#,
        "\n",
    );
    std::fs::write(shell.root().join("titled.jsonl"), records).unwrap();
    shell.run(&["ingest", "titled.jsonl"]).success();
    let run = shell.run(&[
        "search",
        "Nagorno-Karabakh",
        "--format",
        "cite",
        "--sort",
        "oldest",
    ]);
    let lines: Vec<&str> = run.success().stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "Vladimir Putin (President of Russia), \"Telephone conversation with President of France Emmanuel Macron\", 15 November 2021, 21:30 UTC. http://en.kremlin.ru/events/president/news/67109. [communique #1]",
            // The speaker is the organisation: no need to name it twice.
            "Ministry of Defence of Armenia, 16 November 2021. [communique #2]",
            // A role says the office better than the organisation; a blank title is none.
            "Maria Zakharova (Spokesperson of the Ministry of Foreign Affairs), 17 November 2021. [communique #3]",
            // The same name in another case is the speaker's own, in any script.
            "Министерство обороны Армении, 18 November 2021. [communique #4]",
        ]
    );
}

#[test]
fn a_configured_format_applies_until_a_flag_says_otherwise() {
    let shell = Shell::fire();
    shell.write_config("format = \"cite\"\n");
    let run = shell.run(&["search", "refrain"]);
    assert!(
        run.success()
            .stdout
            .starts_with("Maria Zakharova (Spokesperson"),
        "{run}"
    );
    let run = shell.run(&["search", "refrain", "--format", "ids"]);
    assert_eq!(run.success().stdout, "10\n");
    // A timeline has no citations: it keeps its chart.
    let run = shell.run(&["timeline", "refrain", "--by", "year"]);
    assert!(run.success().stdout.starts_with("2024  1  █"), "{run}");
}

/// Chinese and Japanese characters and most emoji take two cells, combining marks none:
/// measured in characters, a row of Chinese text was 103 cells wide at 70 columns, its
/// columns out of line, and `--wrap` lines too long.
#[test]
fn wide_characters_are_measured_in_terminal_cells() {
    let shell = Shell::empty();
    let records = [
        ("外交部 发言人 汪文斌", "中方呼吁各方保持克制，通过对话协商解决分歧。我们希望有关各方从地区和平稳定大局出发，避免采取可能导致紧张局势升级的行动，共同维护来之不易的和平局面。"),
        ("Ministry of Défense", "Emoji 👍🏽 and a family 👨‍👩‍👧 and cafe\\u0301 with combining marks ask for restraint, calm and talks before anything else is said today."),
        ("報道官", "日本政府は双方に対し最大限の自制を求め、対話による平和的な解決を強く期待する。"),
    ];
    let lines: String = records
        .iter()
        .enumerate()
        .map(|(number, (speaker, text))| {
            format!(
                "{{\"text\": \"{text}\", \"speaker\": \"{speaker}\", \"date\": \"2024-01-0{}\"}}\n",
                number + 1
            )
        })
        .collect();
    std::fs::write(shell.root().join("wide.jsonl"), lines).unwrap();
    shell.run(&["ingest", "wide.jsonl"]).success();
    let columns = [("COLUMNS", Some("70"))];
    let table = shell.run_env(&["search", "--from", "2024"], &columns);
    table.success().fits(70);
    // Every row's text starts in the same cell as the header's TEXT.
    let header = table.stdout.lines().next().unwrap();
    let start = cells(&header[..header.find("TEXT").unwrap()]);
    for line in table.stdout.lines().skip(1) {
        let text_start = line
            .char_indices()
            .map(|(index, _)| index)
            .find(|&index| cells(&line[..index]) == start);
        assert!(
            matches!(text_start, Some(index) if line[..index].ends_with("  ") && !line[index..].starts_with(' ')),
            "the text column is out of line: {line:?}\n{table}"
        );
    }
    snapshot!("search_table_wide_characters_70_columns", table);
    let wrapped = shell.run_env(&["search", "--from", "2024", "--wrap"], &columns);
    wrapped.success().fits(70);
    snapshot!("search_wrap_wide_characters_70_columns", wrapped);
    // A match after wide characters: the window around it, within the width.
    let found = shell.run_env(&["search", "restraint"], &columns);
    found.success().fits(70);
    snapshot!("search_table_wide_characters_window", found);
    // The other tables: speakers, a statement, a chart by speaker.
    let speakers = shell.run_env(&["speakers"], &columns);
    speakers.success().fits(70);
    snapshot!("speakers_wide_characters_70_columns", speakers);
    let shown = shell.run_env(&["show", "1"], &columns);
    assert!(
        shown.success().fits(70).stdout.contains("和平局面。"),
        "{shown}"
    );
    let chart = shell.run_env(
        &["timeline", "--by", "year", "--split", "speaker"],
        &[("COLUMNS", Some("60"))],
    );
    chart.success().fits(60);
    snapshot!("timeline_wide_characters_60_columns", chart);
}

/// At 40 or 20 columns every row was 46 cells wide, so the terminal wrapped each one.
/// Now the speaker narrows, then goes, then the columns close up; the id stays whole.
#[test]
fn narrow_terminals_lose_the_speaker_not_the_id() {
    let shell = Shell::bundled();
    for width in ["44", "40", "20"] {
        let run = shell.run_env(&["search", "fire"], &[("COLUMNS", Some(width))]);
        run.success().fits(width.parse().unwrap());
        snapshot!(format!("search_table_{width}_columns"), run);
    }
    let run = shell.run_env(&["search", "fire", "--wrap"], &[("COLUMNS", Some("30"))]);
    run.success().fits(30);
    snapshot!("search_wrap_30_columns", run);
}

/// A row whose last cells were empty (a speaker without statements: no first or last
/// date) ended in a run of spaces, which a copied line carries along.
#[test]
fn table_rows_end_without_spaces() {
    let shell = Shell::bundled();
    shell
        .run(&["speakers", "add", "Nobody Yet", "--country", "AM"])
        .success();
    let run = shell.run(&["speakers"]);
    run.success();
    assert!(run.stdout.contains("Nobody Yet"), "{run}");
    for line in run.stdout.lines() {
        assert_eq!(line, line.trim_end(), "trailing spaces:\n{run}");
    }
}
