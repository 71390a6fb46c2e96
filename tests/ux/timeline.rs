//! `communique timeline`: counts per period as a bar chart, CSV and JSON.

use crate::snapshot;
use crate::support::Shell;

#[test]
fn months_of_the_bundled_corpus() {
    let shell = Shell::bundled();
    let run = shell.run(&["timeline"]);
    run.success().fits(80);
    snapshot!("timeline_bundled_months", run);
}

#[test]
fn each_side_accusing_the_other_of_firing_per_year_since_2020() {
    let shell = Shell::fire();
    let run = shell.run(&[
        "timeline",
        "fire*",
        "--country",
        "AM",
        "--country",
        "AZ",
        "--split",
        "country",
        "--by",
        "year",
        "--from",
        "2020",
    ]);
    run.success().fits(80);
    snapshot!("timeline_fire_split_country", run);
}

/// A statement dated only to a month or a year counts in the first week (or day, or
/// month) of its period: the chart says how many do, since their bar reads as a burst.
#[test]
fn statements_dated_less_precisely_than_the_periods_are_counted_and_said() {
    let shell = Shell::bundled();
    let note = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["timeline"];
        all.extend(args);
        let run = shell.run(&all);
        run.success();
        run.stderr
            .lines()
            .filter(|line| line.contains("dated only to"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        note(&["--by", "week"]),
        ["communique: 3 of the 14 statements are dated only to a month or a year: each counts in the first week of its period (--by year places them)"]
    );
    assert_eq!(
        note(&["--by", "day", "restraint OR peace"]),
        ["communique: 3 of the 4 statements are dated only to a month or a year: each counts in the first day of its period (--by year places them)"]
    );
    assert_eq!(
        note(&["--by", "week", "--from", "2024"]),
        ["communique: 1 of the 12 statements is dated only to a month: it counts in the first week of its period, or of --from if that is later (--by month places it)"]
    );
    // One statement, or all of them: said as a person would, not "1 of the 1".
    assert_eq!(
        note(&["--by", "week", "non-aggression"]),
        ["communique: the one statement is dated only to a month: it counts in the first week of its period (--by month places it)"]
    );
    assert_eq!(
        note(&["--by", "week", "\"peace agreement could have been signed\""]),
        ["communique: all 2 statements are dated only to a month or a year: each counts in the first week of its period (--by year places them)"]
    );
    assert!(note(&["--by", "year"]).is_empty());
    assert!(note(&["--by", "week", "--from", "2024-02"]).is_empty());
    assert!(note(&["--by", "week", "--quiet"]).is_empty());
}

#[test]
fn bars_scale_to_the_width() {
    let shell = Shell::fire();
    let narrow = shell.run_env(&["timeline", "--by", "year"], &[("COLUMNS", Some("40"))]);
    narrow.success().fits(40);
    let wide = shell.run_env(&["timeline", "--by", "year"], &[("COLUMNS", Some("120"))]);
    wide.success().fits(120);
    let longest = |text: &str| text.lines().map(|line| line.chars().count()).max().unwrap();
    assert!(
        longest(&wide.stdout) > longest(&narrow.stdout) + 60,
        "{narrow}\n{wide}"
    );
}

#[test]
fn weeks_are_iso_weeks_and_days_are_days() {
    let shell = Shell::fire();
    let run = shell.run(&[
        "timeline",
        "--by",
        "week",
        "--from",
        "2024-02-01",
        "--to",
        "2024-02-29",
    ]);
    run.success();
    snapshot!("timeline_weeks", run);
    let run = shell.run(&[
        "timeline",
        "--by",
        "day",
        "--from",
        "2020-07-12",
        "--to",
        "2020-07-14",
        "--format",
        "csv",
    ]);
    assert_eq!(
        run.success().stdout,
        "period,start,end,count\n2020-07-12,2020-07-12,2020-07-12,2\n2020-07-13,2020-07-13,2020-07-13,0\n2020-07-14,2020-07-14,2020-07-14,1\n"
    );
}

#[test]
fn csv_and_json_for_plotting_elsewhere() {
    let shell = Shell::fire();
    let run = shell.run(&[
        "timeline", "--by", "year", "--split", "speaker", "--top", "2", "--format", "csv",
    ]);
    run.success();
    snapshot!("timeline_csv_split_speaker", run);
    let run = shell.run(&[
        "timeline", "--by", "year", "--split", "country", "--format", "json", "--from", "2023",
    ]);
    run.success();
    snapshot!("timeline_json_split_country", run);
}

#[test]
fn nothing_matched_is_exit_1_with_no_chart() {
    let shell = Shell::fire();
    let run = shell.run(&["timeline", "nonexistentword"]);
    run.code(1);
    assert_eq!(run.stdout, "");
    let run = shell.run(&["timeline", "nonexistentword", "--format", "json"]);
    assert_eq!(run.code(1).stdout, "[]\n");
}

#[test]
fn the_filters_are_the_ones_of_search() {
    let shell = Shell::fire();
    let count = |args: &[&str]| -> u64 {
        let mut search = vec!["search", "--count"];
        search.extend(args);
        let searched: u64 = shell.run(&search).stdout.trim().parse().unwrap();
        let mut timeline = vec!["timeline", "--format", "json", "--by", "year"];
        timeline.extend(args);
        let json: serde_json::Value =
            serde_json::from_str(&shell.run(&timeline).stdout).unwrap_or(serde_json::json!([]));
        let counted: u64 = json
            .as_array()
            .unwrap()
            .iter()
            .map(|period| period["count"].as_u64().unwrap())
            .sum();
        assert_eq!(
            searched, counted,
            "search and timeline disagree on {args:?}"
        );
        counted
    };
    // "fire*" finds "firing" too: a prefix matches its words in every inflection.
    assert_eq!(count(&["fire*"]), 11);
    assert_eq!(count(&["--speaker", "peskov"]), 1);
    assert_eq!(
        count(&["--country", "Armenia", "--from", "2021", "--to", "2023"]),
        3
    );
    assert_eq!(count(&["--kind", "quote", "--kind", "paraphrase"]), 2);
    assert_eq!(count(&["--channel", "telegram", "--lang", "en"]), 7);
}
