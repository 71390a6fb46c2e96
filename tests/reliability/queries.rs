//! Hostile query strings: unbalanced quotes, stray operators, huge queries, field names
//! that do not exist, regex-like characters. Each gives a helpful error (exit 2, what is
//! wrong, where, and a hint) or a sensible search (exit 0 or 1) — never a panic.

use proptest::prelude::*;

use crate::support::{knob, Workspace};

fn archive() -> Workspace {
    let workspace = Workspace::new();
    workspace.write(
        "statements.jsonl",
        concat!(
            r#"{"text": "We call on both sides to show restraint near the combat post.", "speaker": "Dmitry Peskov", "country": "RU", "date": "2024-02-13"}"#,
            "\n",
            r#"{"text": "Provocation near Nerkin-And: fire from Tovuz (a.k.a. [Tovuz]) at 1.5 km; cost $100 * 2 = 200 | a^b \\d+ (?i)", "speaker": "Ministry of Defence", "country": "AM", "date": "2024-02"}"#,
            "\n",
            r#"{"text": "Ереван и Баку: Հայաստան, Azərbaycan — OR AND NOT words in capitals.", "speaker": "Vaqif Dərgahlı", "country": "AZ", "date": "2023"}"#,
            "\n",
        ),
    );
    workspace.run(&["ingest", "statements.jsonl"]).success();
    workspace
}

#[test]
fn hostile_queries_give_an_error_or_a_search() {
    let workspace = archive();
    let long_word = "a".repeat(5_000);
    let many_terms = vec!["restraint"; 1_500].join(" OR ");
    let too_long = "restraint ".repeat(1_200);
    let deep = format!("{}restraint{}", "(".repeat(40), ")".repeat(40));
    let very_deep = format!("{}restraint{}", "(".repeat(10_000), ")".repeat(10_000));
    let queries: Vec<&str> = vec![
        "\"unbalanced",
        "unbalanced\"",
        "\"",
        "\"\"",
        "\" \"",
        "((restraint)",
        "restraint)",
        ")(",
        "()",
        "OR",
        "AND",
        "NOT",
        "-",
        "--",
        "- -",
        "*",
        "**",
        "a**",
        "*a",
        "-*",
        "restraint OR",
        "OR restraint",
        "restraint OR OR post",
        "NOT NOT restraint",
        "-(-restraint)",
        "restraint AND post",
        "restraint -",
        "speaker:peskov",
        "text:restraint",
        "nonexistent_field:value",
        "title:\"combat post\"",
        ".*",
        "[a-z]+",
        "\\d+",
        "a|b",
        "(?i)x",
        "^restraint$",
        "tovuz?",
        "fire~2",
        "restraint^3",
        "{1,2}",
        "$100",
        "1.5",
        "a.k.a.",
        "nerkin-*",
        "nerkin-a*",
        "克*",
        "克制*",
        "ｶﾞ*",
        "\u{3099}*",
        "、*",
        "-nerkin-and",
        "Ереван OR Հայաստան",
        "azərbaycan",
        "🇦🇲",
        "\u{202E}tsop",
        "x\u{1b}[31m",
        "   ",
        "\t",
        &long_word,
        &many_terms,
        &too_long,
        &deep,
        &very_deep,
    ];
    let mut outcomes = crate::support::Tally::default();
    for query in &queries {
        for format in ["table", "json", "ids"] {
            // After `--`, as clap's tip says, so that "-drill" is a query, not a flag.
            let run = workspace.run(&["search", "--format", format, "--", query]);
            run.sane();
            let shown: String = query.chars().take(40).collect();
            match run.code {
                Some(0) | Some(1) => {
                    assert!(!run.stderr.contains("error"), "{shown:?}:\n{run}");
                    outcomes.add("a search");
                }
                _ => {
                    assert!(
                        run.stderr.starts_with("communique: error: invalid query: "),
                        "{shown:?}: not a query error:\n{run}"
                    );
                    assert!(run.stderr.contains("hint: "), "{shown:?}: no hint:\n{run}");
                    assert!(run.stderr.contains('^'), "{shown:?}: no pointer:\n{run}");
                    assert!(
                        run.elapsed.as_secs() < 10,
                        "{shown:?}: {:.1} s to refuse",
                        run.elapsed.as_secs_f64()
                    );
                    outcomes.add("an error");
                }
            }
        }
    }
    eprintln!("{} hostile queries × 3 formats: {outcomes}", queries.len());
}

#[test]
fn a_query_that_looks_like_a_flag_gets_a_tip() {
    let workspace = archive();
    let run = workspace.run(&["search", "-restraint"]);
    run.code(2);
    assert!(
        run.stderr.contains("-- -restraint"),
        "no tip to use `--`:\n{run}"
    );
    let run = workspace.run(&["search", "--", "-restraint"]);
    run.sane();
    assert_eq!(run.code, Some(0), "the statements without the word:\n{run}");
}

#[test]
fn queries_find_what_they_should() {
    let workspace = archive();
    for (query, expected) in [
        ("\"combat post\"", "1\n"),
        ("restraint", "1\n"),
        ("[Tovuz]", "2\n"),
        ("(?i)", "2\n"),
        ("$100", "2\n"),
        ("Ереван", "3\n"),
        ("azərbaycan", "3\n"),
    ] {
        let run = workspace.run(&["search", query, "--format", "ids"]);
        run.sane();
        assert_eq!(run.stdout, expected, "`search {query}`:\n{run}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: knob("COMMUNIQUE_PROPTEST_CASES", 12) as u32 * 50,
        failure_persistence: None,
        .. ProptestConfig::default()
    })]

    /// Arbitrary text, and text made of the query language's own pieces.
    #[test]
    fn any_query_parses_or_errors(text in prop_oneof![
        "\\PC{0,40}",
        prop::collection::vec(
            prop_oneof![
                Just("OR"), Just("AND"), Just("NOT"), Just("-"), Just("*"), Just("\""),
                Just("("), Just(")"), Just(" "), Just("restraint"), Just("post"), Just("nerkin-and"),
                Just("Ереван"), Just(":"), Just("\\"), Just("?"), Just("."),
            ],
            0..16,
        ).prop_map(|parts| parts.concat()),
    ]) {
        crate::checks::query(&text);
        crate::checks::search(&text);
    }
}
