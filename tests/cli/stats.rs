//! `communique stats`: what the archive holds, in numbers.

use serde_json::json;

use crate::support::Archive;

#[test]
fn stats_counts_statements_speakers_and_more() {
    let archive = Archive::with("statements.jsonl");
    let run = archive.run(&["stats"]);
    assert_eq!(
        run.success().stdout,
        concat!(
            "statements: 8\n",
            "speakers: 7\n",
            "organizations: 3\n",
            "sources: 2\n",
            "dates: 2023 to 2024-03-01\n",
            "countries: AZ 3, RU 3, AM 2\n",
            "kinds: paraphrase 3, statement 3, quote 2\n",
            "languages: en 7, ru 1\n",
            "channels: statement 3, telegram 3, (none) 1, briefing 1\n",
        )
    );
}

#[test]
fn stats_json_has_the_same_numbers() {
    let archive = Archive::with("statements.jsonl");
    let stats = archive.stdout_json(&["stats", "--format", "json"]);
    assert_eq!(
        stats,
        json!({
            "statements": 8,
            "speakers": 7,
            "organizations": 3,
            "sources": 2,
            "first_date": "2023",
            "last_date": "2024-03-01",
            "countries": [
                {"value": "AZ", "count": 3},
                {"value": "RU", "count": 3},
                {"value": "AM", "count": 2},
            ],
            "kinds": [
                {"value": "paraphrase", "count": 3},
                {"value": "statement", "count": 3},
                {"value": "quote", "count": 2},
            ],
            "languages": [{"value": "en", "count": 7}, {"value": "ru", "count": 1}],
            "channels": [
                {"value": "statement", "count": 3},
                {"value": "telegram", "count": 3},
                {"value": null, "count": 1},
                {"value": "briefing", "count": 1},
            ],
        })
    );

    let run = archive.run(&["stats", "--format", "jsonl"]);
    run.success();
    assert_eq!(run.stdout.lines().count(), 1);
    assert_eq!(run.json(), stats);
}

/// `stats -f json` wrote a missing channel as the key "(none)", which a program cannot
/// tell from a channel of that name, while `facets -f json` writes null. Every dimension
/// of stats is now a list of `{value, count}` as in facets, a missing value null.
#[test]
fn stats_json_writes_a_missing_value_as_null_as_facets_does() {
    let archive = Archive::new();
    let input = concat!(
        r#"{"text": "one", "speaker": "A", "date": "2024-01-01"}"#,
        "\n",
        r#"{"text": "two", "speaker": "B", "country": "AM", "channel": "(none)", "date": "2024-01-02"}"#,
        "\n",
        r#"{"text": "three", "speaker": "B", "country": "AM", "channel": "none", "date": "2024-01-03"}"#,
        "\n",
    );
    archive.run_with_stdin(&["ingest", "-"], input).success();
    let stats = archive.stdout_json(&["stats", "--format", "json"]);
    let facets = archive.stdout_json(&["facets", "--by", "channel,country", "-f", "json"]);
    let sorted = |value: &serde_json::Value| {
        let mut entries: Vec<String> = value
            .as_array()
            .unwrap_or_else(|| panic!("a list: {value}"))
            .iter()
            .map(|entry| entry.to_string())
            .collect();
        entries.sort();
        entries
    };
    assert_eq!(sorted(&stats["channels"]), sorted(&facets["channel"]));
    assert_eq!(sorted(&stats["countries"]), sorted(&facets["country"]));
    assert!(stats["channels"]
        .as_array()
        .unwrap()
        .contains(&json!({"value": null, "count": 1})));
    assert_eq!(
        stats["countries"],
        json!([{"value": "AM", "count": 2}, {"value": null, "count": 1}])
    );
    // The table and CSV keep their labels.
    archive
        .run(&["stats"])
        .success()
        .stdout_has("countries: AM 2, (none) 1\n");
}

#[test]
fn stats_csv_has_one_row_per_number() {
    let archive = Archive::with("statements.jsonl");
    let (header, rows) = archive.run(&["stats", "--format", "csv"]).success().csv();
    assert_eq!(header, ["field", "value", "count"]);
    let row = |field: &str, value: &str| -> Option<String> {
        rows.iter()
            .find(|row| row[0] == field && row[1] == value)
            .map(|row| row[2].clone())
    };
    assert_eq!(row("statements", "").as_deref(), Some("8"));
    assert_eq!(row("sources", "").as_deref(), Some("2"));
    assert_eq!(row("first_date", "2023").as_deref(), Some(""));
    assert_eq!(row("last_date", "2024-03-01").as_deref(), Some(""));
    assert_eq!(row("country", "AZ").as_deref(), Some("3"));
    assert_eq!(row("channel", "(none)").as_deref(), Some("1"));
    assert_eq!(row("language", "ru").as_deref(), Some("1"));
    // Every count of the JSON, and nothing else.
    assert_eq!(rows.len(), 4 + 2 + 3 + 3 + 2 + 4);
}

/// The table is an overview: a dimension with many values lists the ten largest; JSON
/// and CSV keep them all.
#[test]
fn stats_table_lists_the_ten_largest_countries() {
    let archive = Archive::new();
    let codes = [
        "AM", "AZ", "RU", "TR", "GE", "IR", "FR", "US", "DE", "GB", "IT", "ES",
    ];
    let lines: String = codes
        .iter()
        .enumerate()
        .flat_map(|(position, code)| {
            // AM says the most, ES the least.
            (0..codes.len() - position).map(move |number| {
                format!(
                    "{{\"text\": \"Statement {number} of {code}.\", \"speaker\": \"Speaker of {code}\", \"country\": \"{code}\", \"date\": \"2024-01-01\"}}\n"
                )
            })
        })
        .collect();
    let file = archive.write("many.jsonl", lines);
    archive.run(&["ingest", file.to_str().unwrap()]).success();
    let run = archive.run(&["stats"]);
    run.success().stdout_has(
        "countries: AM 12, AZ 11, RU 10, TR 9, GE 8, IR 7, FR 6, US 5, DE 4, GB 3, … and 2 more (`communique facets --top 0` lists every one)\n",
    );
    let stats = archive.stdout_json(&["stats", "--format", "json"]);
    assert_eq!(stats["countries"].as_array().unwrap().len(), 12);
    let (_, rows) = archive.run(&["stats", "--format", "csv"]).success().csv();
    assert_eq!(rows.iter().filter(|row| row[0] == "country").count(), 12);
}

#[test]
fn stats_dates_keep_the_precision_of_the_first_and_last_statements() {
    let archive = Archive::new();
    let input = concat!(
        r#"{"text": "one", "speaker": "A", "date": "2023-05-10"}"#,
        "\n",
        r#"{"text": "two", "speaker": "A", "date": "2023-05"}"#,
        "\n",
        r#"{"text": "three", "speaker": "A", "date": "2024-12-31"}"#,
        "\n",
        r#"{"text": "four", "speaker": "A", "date": "2024"}"#,
        "\n",
        r#"{"text": "five", "speaker": "A", "date": "2023-05-01"}"#,
        "\n",
    );
    archive.run_with_stdin(&["ingest", "-"], input).success();
    // 2023-05-01 and 2023-05 start on the same day: the day is as true and says more;
    // 2024 and 2024-12-31 end on the same day, likewise.
    archive
        .run(&["stats"])
        .success()
        .stdout_has("dates: 2023-05-01 to 2024-12-31\n");
    archive.run(&["delete", "5", "--reason", "r"]).success();
    archive.run(&["delete", "3", "--reason", "r"]).success();
    archive
        .run(&["stats"])
        .success()
        .stdout_has("dates: 2023-05 to 2024\n");
    let stats = archive.stdout_json(&["stats", "--format", "json"]);
    assert_eq!(stats["first_date"], "2023-05");
    assert_eq!(stats["last_date"], "2024");
    // The last to end need not be the last to start: "2024" ends after 2024-12-30,
    // which starts later; and the deleted statements are not counted.
    archive
        .run_with_stdin(
            &["ingest", "-"],
            r#"{"text": "six", "speaker": "A", "date": "2024-12-30"}"#,
        )
        .success();
    archive
        .run(&["stats"])
        .success()
        .stdout_has("statements: 4\n")
        .stdout_has("dates: 2023-05 to 2024\n");
}

#[test]
fn stats_of_an_empty_archive_are_zero() {
    let archive = Archive::new();
    archive.run(&["init"]).success();
    let stats = archive.stdout_json(&["stats", "--format", "json"]);
    assert_eq!(stats["statements"], 0);
    assert_eq!(stats["speakers"], 0);
    assert_eq!(stats["first_date"], serde_json::Value::Null);
    assert_eq!(stats["countries"], json!([]));
    let run = archive.run(&["stats"]);
    run.success().stdout_has("statements: 0\n");
    assert!(!run.stdout.contains("dates:"), "{run}");
}
