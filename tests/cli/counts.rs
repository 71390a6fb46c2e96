//! `facets` and `timeline`: counts from the index alone, over every segment of it.

use crate::support::Archive;

/// Two ingests make two index segments, whose text values (channels, tags) are numbered
/// differently in each: the counts must add up by value, not by number.
#[test]
fn facets_and_timelines_add_up_across_ingests() {
    let archive = Archive::with("statements.jsonl");
    let second = archive.write(
        "second.jsonl",
        [
            r#"{"text": "Talks on the border.", "speaker": "Dmitry Peskov", "country": "RU", "date": "2022-05-01", "channel": "x", "tags": ["zeta", "border"]}"#,
            r#"{"text": "More talks.", "speaker": "Dmitry Peskov", "country": "RU", "date": "2022-06-01", "channel": "briefing", "tags": ["zeta"]}"#,
            r#"{"text": "No channel here.", "speaker": "Nikol Pashinyan", "country": "AM", "date": "2021"}"#,
        ]
        .join("\n"),
    );
    archive.run(&["ingest", second.to_str().unwrap()]).success();

    let facets = archive.run(&[
        "facets", "--by", "tag", "--by", "channel", "--format", "csv",
    ]);
    facets.success();
    assert_eq!(
        facets.stdout,
        "field,value,count
tag,border,4
tag,peace-process,3
tag,de-escalation,2
tag,zeta,2
tag,(none),1
tag,casualties,1
tag,mediation,1
tag,tovuz,1
channel,statement,3
channel,telegram,3
channel,(none),2
channel,briefing,2
channel,x,1
",
        "{facets}"
    );

    let timeline = archive.run(&[
        "timeline", "--by", "year", "--split", "channel", "--format", "csv",
    ]);
    timeline.success();
    assert_eq!(
        timeline.stdout,
        "period,start,end,count,statement,telegram,(none),briefing,x
2021,2021-01-01,2021-12-31,1,0,0,1,0,0
2022,2022-01-01,2022-12-31,2,0,0,0,1,1
2023,2023-01-01,2023-12-31,1,0,0,1,0,0
2024,2024-01-01,2024-12-31,7,3,3,0,1,0
",
        "{timeline}"
    );

    let by_speaker = archive.run(&["facets", "--by", "speaker", "--format", "csv"]);
    by_speaker.success();
    assert!(
        by_speaker.stdout.contains("speaker,Dmitry Peskov,4,"),
        "{by_speaker}"
    );
}

/// `--by week --from 2023` started with `2022-W52,2022-12-26,…`: a period before the
/// range asked for. The periods --from and --to cut keep their labels but start and end
/// within the range, in CSV and JSON, and the chart says which were cut.
#[test]
fn timeline_periods_cut_by_from_and_to_stay_within_them() {
    let archive = Archive::with("statements.jsonl");
    let weeks = archive.run(&[
        "timeline",
        "--by",
        "week",
        "--from",
        "2023",
        "--to",
        "2023-01-10",
        "--format",
        "csv",
    ]);
    assert_eq!(
        weeks.success().stdout,
        "period,start,end,count
2022-W52,2023-01-01,2023-01-01,1
2023-W01,2023-01-02,2023-01-08,0
2023-W02,2023-01-09,2023-01-10,0
",
        "{weeks}"
    );
    let months = archive.stdout_json(&[
        "timeline",
        "--by",
        "month",
        "--from",
        "2024-02-10",
        "--to",
        "2024-03-01",
        "--format",
        "json",
    ]);
    let spans: Vec<(&str, &str, &str, u64)> = months
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["period"].as_str().unwrap(),
                row["start"].as_str().unwrap(),
                row["end"].as_str().unwrap(),
                row["count"].as_u64().unwrap(),
            )
        })
        .collect();
    // Statement 4 (2024-02) overlaps the range and counts on its first day.
    assert_eq!(
        spans,
        [
            ("2024-02", "2024-02-10", "2024-02-29", 5),
            ("2024-03", "2024-03-01", "2024-03-01", 1)
        ]
    );
    let years = archive.run(&[
        "timeline", "--by", "year", "--from", "2023-06", "--format", "csv",
    ]);
    assert_eq!(
        years.success().stdout,
        "period,start,end,count
2023,2023-06-01,2023-12-31,1
2024,2024-01-01,2024-12-31,7
",
        "{years}"
    );
    archive
        .run(&["timeline", "--by", "week", "--from", "2023", "--to", "2023-01-10"])
        .success()
        .stdout_has("2022-W52  1")
        .stderr_has(
            "communique: 2022-W52 counts only from 2023-01-01 (--from); 2023-W02 only up to 2023-01-10 (--to)",
        );
}

/// `timeline --by week` names its rows by ISO week (`2024-W07`); the label was no value
/// of --from or --to, so a week seen in a chart could not be searched. A week is now read
/// as its Monday in --from and its Sunday in --to, and a week of the timeline is the
/// search of its days.
#[test]
fn a_week_of_the_timeline_is_a_value_of_from_and_to() {
    let archive = Archive::with("statements.jsonl");
    let weeks = archive.run(&["timeline", "--by", "week", "--format", "csv"]);
    let rows: Vec<(String, String, String, usize)> = weeks
        .success()
        .stdout
        .lines()
        .skip(1)
        .map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            (
                fields[0].to_string(),
                fields[1].to_string(),
                fields[2].to_string(),
                fields[3].parse().unwrap(),
            )
        })
        .filter(|row| row.3 > 0)
        .collect();
    assert!(!rows.is_empty(), "{weeks}");
    for (week, monday, sunday, count) in rows {
        let by_week = archive.ids(&["--from", &week, "--to", &week, "--limit", "all"]);
        let by_days = archive.ids(&["--from", &monday, "--to", &sunday, "--limit", "all"]);
        assert_eq!(by_week, by_days, "{week}");
        // A search finds what overlaps the week; the chart counts a statement dated to
        // its month on the month's first day only.
        assert!(by_week.len() >= count, "{week}");
        // Lower case, and without the leading zero, the same week.
        let typed = week.replace("-W0", "-w").replace("-W", "-w");
        assert_eq!(
            archive.ids(&["--from", &typed, "--to", &typed, "--limit", "all"]),
            by_days
        );
    }
    archive
        .run(&["search", "--from", "2024-W53"])
        .code(2)
        .stderr_has("\"2024-W53\" is no week of 2024");
    archive
        .run(&["search", "--from", "2024-W08", "--to", "2024-W07"])
        .code(2)
        .stderr_has("--from 2024-02-19 is after --to 2024-02-18");
}

/// A channel named "(none)" was counted with the statements without a channel: facets,
/// timeline series and stats printed both as `(none)` and added them up (or, as keys of
/// JSON, kept one of the two counts). The statements without a value keep the label
/// `(none)` (null in facets' JSON); a value named like a label is printed in quotes.
#[test]
fn a_value_named_none_is_counted_apart_from_the_statements_without_one() {
    let archive = Archive::with("statements.jsonl");
    let named = archive.write(
        "named.jsonl",
        [
            r#"{"text": "One.", "speaker": "Dmitry Peskov", "country": "RU", "date": "2024-02-20", "channel": "(none)"}"#,
            r#"{"text": "Two.", "speaker": "Dmitry Peskov", "country": "RU", "date": "2024-02-21", "channel": "(none)"}"#,
            r#"{"text": "Three.", "speaker": "Dmitry Peskov", "country": "RU", "date": "2024-02-22", "channel": "none"}"#,
            r#"{"text": "Four.", "speaker": "Dmitry Peskov", "country": "RU", "date": "2024-02-23", "channel": "(other)"}"#,
        ]
        .join("\n"),
    );
    archive.run(&["ingest", named.to_str().unwrap()]).success();

    // The fixture's statement 5 alone has no channel.
    let facets = archive.stdout_json(&["facets", "--by", "channel", "--format", "json"]);
    assert_eq!(
        facets,
        serde_json::json!({"total": 12, "channel": [
            {"value": "statement", "count": 3},
            {"value": "telegram", "count": 3},
            {"value": "(none)", "count": 2},
            {"value": "(other)", "count": 1},
            {"value": "none", "count": 1},
            {"value": null, "count": 1},
            {"value": "briefing", "count": 1},
        ]})
    );
    let csv = archive.run(&["facets", "--by", "channel", "--format", "csv"]);
    let (_, rows) = csv.success().csv();
    let labels: Vec<(&str, &str)> = rows
        .iter()
        .map(|row| (row[1].as_str(), row[2].as_str()))
        .collect();
    assert_eq!(
        labels,
        [
            ("statement", "3"),
            ("telegram", "3"),
            (r#""(none)""#, "2"),
            (r#""(other)""#, "1"),
            (r#""none""#, "1"),
            ("(none)", "1"),
            ("briefing", "1"),
        ]
    );
    let table = archive.run(&["facets", "--by", "channel"]);
    table.success();
    let starts: Vec<&str> = table
        .stdout
        .lines()
        .skip(2)
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert_eq!(
        starts,
        [
            "statement",
            "telegram",
            r#""(none)""#,
            r#""(other)""#,
            r#""none""#,
            "(none)",
            "briefing"
        ]
    );
    // Each label, copied into the filter, selects what it counts.
    for (label, count) in labels {
        let counted = archive.run(&["search", "--count", "--channel", label]);
        assert_eq!(counted.success().stdout, format!("{count}\n"), "{label}");
    }

    // A timeline's series: the statements without a channel and the values beyond --top
    // are apart from the values named like them.
    let timeline = archive.run(&[
        "timeline", "--by", "year", "--split", "channel", "--top", "5", "--format", "csv",
    ]);
    let (header, rows) = timeline.success().csv();
    assert_eq!(
        header[4..],
        [
            "statement",
            "telegram",
            r#""(none)""#,
            r#""(other)""#,
            r#""none""#,
            "(other)"
        ]
    );
    assert_eq!(rows[0][3..], ["1", "0", "0", "0", "0", "0", "1"], "2023");
    assert_eq!(rows[1][3..], ["11", "3", "3", "2", "1", "1", "1"], "2024");
    let json = archive.stdout_json(&[
        "timeline", "--by", "year", "--split", "channel", "--top", "0", "--format", "json",
    ]);
    // In JSON, as facets and stats write counts: the statements without a channel have
    // the value null, the channels named like labels their names. The labels as object
    // keys ("(none)") could not be told from values.
    assert_eq!(
        json[1]["split"],
        serde_json::json!([
            {"value": "statement", "count": 3},
            {"value": "telegram", "count": 3},
            {"value": "(none)", "count": 2},
            {"value": "(other)", "count": 1},
            {"value": "none", "count": 1},
            {"value": null, "count": 0},
            {"value": "briefing", "count": 1},
        ])
    );
    assert_eq!(
        json[0]["split"][5],
        serde_json::json!({"value": null, "count": 1})
    );
    assert!(json[1].get("other").is_none(), "nothing beyond --top 0");
    // The values beyond --top are no value: counted apart, as `other`.
    let json = archive.stdout_json(&[
        "timeline", "--by", "year", "--split", "channel", "--top", "5", "--format", "json",
    ]);
    let values: Vec<_> = json[1]["split"]
        .as_array()
        .unwrap()
        .iter()
        .map(|series| series["value"].clone())
        .collect();
    assert_eq!(
        values,
        serde_json::json!(["statement", "telegram", "(none)", "(other)", "none"])
            .as_array()
            .unwrap()[..]
    );
    assert_eq!(json[0]["other"], 1, "2023");
    assert_eq!(json[1]["other"], 1, "2024");

    let stats = archive.run(&["stats"]);
    stats.success().stdout_has(
        "channels: statement 3, telegram 3, \"(none)\" 2, (none) 1, \"(other)\" 1, briefing 1, \"none\" 1\n",
    );
    let stats = archive.stdout_json(&["stats", "--format", "json"]);
    let channels = stats["channels"].as_array().unwrap();
    assert!(channels.contains(&serde_json::json!({"value": null, "count": 1})));
    assert!(channels.contains(&serde_json::json!({"value": "(none)", "count": 2})));

    // A correction says which it was.
    archive
        .run(&["edit", "11", "--set", "channel=", "--reason", "r"])
        .success()
        .stderr_has("statement 11: channel changed from \"none\" to (none)");
}

/// `facets` counts every field in one pass over the matches: each field's counts, and
/// the total, are those of the field counted alone, over two segments, a deleted
/// statement, dates to the month and the year, tags several or none, with a query and
/// with filters.
#[test]
fn facets_of_every_field_at_once_are_those_of_each_alone() {
    let archive = Archive::with("statements.jsonl");
    let second = archive.write(
        "second.jsonl",
        [
            r#"{"text": "Talks on the border.", "speaker": "Dmitry Peskov", "country": "RU", "date": "2022-05", "channel": "x", "tags": ["zeta", "border"]}"#,
            r#"{"text": "More talks on the ceasefire.", "speaker": "Dmitry Peskov", "country": "RU", "date": "2022-06-01", "tags": ["zeta"]}"#,
            r#"{"text": "No channel, no country here.", "speaker": "Nikol Pashinyan", "date": "2021", "language": "hy"}"#,
        ]
        .join("\n"),
    );
    archive.run(&["ingest", second.to_str().unwrap()]).success();
    let deleted = archive.ids(&["More talks"]);
    archive
        .run(&["delete", &deleted[0].to_string(), "--reason", "test"])
        .success();
    let fields = [
        "speaker", "org", "country", "channel", "kind", "lang", "tag", "year",
    ];
    let searches: [&[&str]; 5] = [
        &[],
        &["ceasefire"],
        &["--", "border OR talks"],
        &["--country", "AM", "--country", "none"],
        &["--tag", "border", "--from", "2022"],
    ];
    for search in searches {
        let facets = |by: &str| {
            let mut args = vec!["facets", "--top", "0", "--format", "json", "--by", by];
            args.extend(search);
            archive.stdout_json(&args)
        };
        let together = facets(&fields.join(","));
        assert!(together["total"].as_u64().unwrap() > 0, "{search:?}");
        for field in fields {
            let alone = facets(field);
            assert_eq!(together["total"], alone["total"], "{search:?} {field}");
            assert_eq!(together[field], alone[field], "{search:?} {field}");
        }
    }
}

/// One statement dated 9999-12-31 (a usual placeholder for "unknown") made a segment's
/// days span more than counting kept an array for: before `compact`, merging that segment
/// with another failed with an internal error; after it, every statement counted as
/// without a day, `timeline` printed nothing and `facets --by year` said `(none) 3`.
#[test]
fn a_far_off_date_leaves_the_other_counts_right() {
    let archive = Archive::new();
    let first = archive.write(
        "first.jsonl",
        r#"{"speaker": "S", "date": "2024-02-13", "text": "alpha one"}"#,
    );
    let second = archive.write(
        "second.jsonl",
        [
            r#"{"speaker": "S", "date": "2024-02-14", "text": "alpha two"}"#,
            r#"{"speaker": "S", "date": "9999-12-31", "text": "alpha three"}"#,
            r#"{"speaker": "S", "date": "0001", "text": "alpha four"}"#,
        ]
        .join("\n"),
    );
    archive.run(&["ingest", first.to_str().unwrap()]).success();
    archive.run(&["ingest", second.to_str().unwrap()]).success();
    for stage in ["two segments", "compacted"] {
        if stage == "compacted" {
            archive.run(&["compact", "-q"]).success();
        }
        for query in [None, Some("alpha")] {
            let with = |args: &[&str]| -> Vec<String> {
                let mut all: Vec<String> = args.iter().map(|arg| arg.to_string()).collect();
                all.extend(query.map(str::to_string));
                all
            };
            let args = with(&[
                "timeline", "--by", "month", "--from", "2024-01", "--to", "2024-03", "--format",
                "csv",
            ]);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let timeline = archive.run(&args);
            timeline.success();
            assert_eq!(
                timeline.stdout,
                "period,start,end,count
2024-01,2024-01-01,2024-01-31,0
2024-02,2024-02-01,2024-02-29,2
2024-03,2024-03-01,2024-03-31,0
",
                "{stage} {query:?}: {timeline}"
            );
            let args = with(&["facets", "--by", "year", "--format", "csv"]);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let facets = archive.run(&args);
            facets.success();
            assert_eq!(
                facets.stdout,
                "field,value,count
year,0001,1
year,2024,2
year,9999,1
",
                "{stage} {query:?}: {facets}"
            );
        }
    }
}

/// The ministries of defence of Armenia and Azerbaijan are two speakers, yet `facets --by
/// speaker` counted one "Ministry of Defence" of 3, and `timeline --split speaker` one
/// series: the counts by id were merged when named.
#[test]
fn speakers_who_share_a_name_are_counted_apart() {
    let archive = Archive::new();
    let ministries = archive.write(
        "ministries.jsonl",
        [
            r#"{"speaker": "Ministry of Defence", "country": "AM", "date": "2024-02-13", "text": "one"}"#,
            r#"{"speaker": "Ministry of Defence", "country": "AZ", "date": "2024-02-13", "text": "two"}"#,
            r#"{"speaker": "Ministry of Defence", "country": "AZ", "date": "2024-02-14", "text": "three"}"#,
            r#"{"speaker": "Dmitry Peskov", "country": "RU", "date": "2024-02-14", "text": "four"}"#,
        ]
        .join("\n"),
    );
    archive
        .run(&["ingest", ministries.to_str().unwrap()])
        .success();
    let id_of = |country: &str| -> i64 {
        let speakers = archive.stdout_json(&["speakers", "--format", "json"]);
        speakers
            .as_array()
            .and_then(|speakers| {
                speakers.iter().find(|speaker| {
                    speaker["name"] == "Ministry of Defence" && speaker["country"] == country
                })
            })
            .and_then(|speaker| speaker["id"].as_i64())
            .unwrap_or_else(|| panic!("no ministry of {country}: {speakers}"))
    };
    let (am, az) = (id_of("AM"), id_of("AZ"));

    let table = archive.run(&["facets", "--by", "speaker"]);
    table
        .success()
        .stdout_has("Ministry of Defence (AZ)  2")
        .stdout_has("Ministry of Defence (AM)  1")
        .stdout_has("Dmitry Peskov             1");

    let csv = archive.run(&["facets", "--by", "speaker,year", "--format", "csv"]);
    csv.success();
    assert_eq!(
        csv.stdout,
        format!(
            "field,value,count,id,country
speaker,Ministry of Defence (AZ),2,{az},AZ
speaker,Dmitry Peskov,1,3,RU
speaker,Ministry of Defence (AM),1,{am},AM
year,2024,4,,
"
        ),
        "{csv}"
    );

    let json = archive.stdout_json(&["facets", "--by", "speaker", "--format", "json"]);
    assert_eq!(
        json,
        serde_json::json!({"total": 4, "speaker": [
            {"value": "Ministry of Defence", "id": az, "country": "AZ", "count": 2},
            {"value": "Dmitry Peskov", "id": 3, "country": "RU", "count": 1},
            {"value": "Ministry of Defence", "id": am, "country": "AM", "count": 1},
        ]})
    );

    let timeline = archive.run(&[
        "timeline", "--by", "day", "--split", "speaker", "--format", "csv",
    ]);
    timeline.success();
    assert_eq!(
        timeline.stdout,
        "period,start,end,count,Ministry of Defence (AZ),Dmitry Peskov,Ministry of Defence (AM)
2024-02-13,2024-02-13,2024-02-13,2,1,0,1
2024-02-14,2024-02-14,2024-02-14,2,1,1,0
",
        "{timeline}"
    );
    let chart = archive.run(&["timeline", "--by", "day", "--split", "speaker"]);
    chart
        .success()
        .stdout_has("2024-02-13  Ministry of Defence (AZ)  1")
        .stdout_has("            Ministry of Defence (AM)  1");
    let json = archive.stdout_json(&[
        "timeline", "--by", "day", "--split", "speaker", "--format", "json",
    ]);
    assert_eq!(
        json[0]["split"],
        serde_json::json!([
            {"value": "Ministry of Defence", "id": az, "country": "AZ", "count": 1},
            {"value": "Dmitry Peskov", "id": 3, "country": "RU", "count": 0},
            {"value": "Ministry of Defence", "id": am, "country": "AM", "count": 1},
        ]),
        "{json}"
    );
}

/// A channel named as a fixed column of the timeline's CSV ("count", "period") is quoted
/// in the header, as a value named "(none)" is: a reader keyed by column names took the
/// channel's count for the period's total, and its name for the period.
#[test]
fn a_split_value_named_as_a_fixed_column_keeps_the_csv_columns_apart() {
    let archive = Archive::new();
    let records = [
        r#"{"text": "One.", "speaker": "S", "date": "2024-01-01", "channel": "count"}"#,
        r#"{"text": "Two.", "speaker": "S", "date": "2024-01-02", "channel": "period"}"#,
        r#"{"text": "Three.", "speaker": "S", "date": "2024-01-03"}"#,
    ];
    archive
        .run_with_stdin(&["ingest", "-"], records.join("\n"))
        .success();
    let run = archive.run(&[
        "timeline", "--by", "year", "--split", "channel", "--format", "csv",
    ]);
    let (header, rows) = run.success().csv();
    let unique: std::collections::HashSet<&String> = header.iter().collect();
    assert_eq!(unique.len(), header.len(), "{header:?}");
    let column = |name: &str| header.iter().position(|cell| cell == name).unwrap();
    assert_eq!(rows[0][column("period")], "2024");
    assert_eq!(rows[0][column("count")], "3");
    assert_eq!(rows[0][column("\"count\"")], "1");
}

/// One statement dated far off (a typo's year 0202) stretches the default timeline past
/// what a chart draws: CSV and JSON still list every period, and the chart's error names
/// the dates that stretch it, suggesting only periods longer than the ones asked for.
#[test]
fn a_far_off_date_is_named_and_machine_formats_still_list_every_period() {
    let archive = Archive::new();
    let records = [
        r#"{"text": "One.", "speaker": "S", "date": "2024-02-13"}"#,
        r#"{"text": "Typo.", "speaker": "S", "date": "0202-02-13"}"#,
    ];
    archive
        .run_with_stdin(&["ingest", "-"], records.join("\n"))
        .success();
    let chart = archive.run(&["timeline"]);
    chart
        .code(2)
        .stderr_has("dated from 0202-02-13 to 2024-02-13")
        .stderr_has("communique search --to 0202-02-13")
        .stderr_has("count longer periods (--by year)");
    assert!(!chart.stderr.contains("--by month"), "{}", chart.stderr);
    let (_, rows) = archive
        .run(&["timeline", "--format", "csv"])
        .success()
        .csv();
    // Every month from February 202 to February 2024.
    assert_eq!(rows.len(), (2024 - 202) * 12 + 1);
    let listed = archive.stdout_json(&["timeline", "--format", "json"]);
    assert_eq!(listed.as_array().unwrap().len(), rows.len());
}

/// The commands `timeline` and `facets` suggested when nothing matched left out their
/// own options: `timeline … --by week --split country` was suggested as a monthly
/// timeline without a split, `facets --by country` as every field. A suggestion is the
/// command as run, with the one change it suggests; `search` keeps its options too.
#[test]
fn suggested_commands_keep_the_commands_own_options() {
    let archive = Archive::with("statements.jsonl");
    let dir = archive.dir();
    let dir = dir.to_str().unwrap();
    archive
        .run(&[
            "timeline", "restraint", "zzzq", "--by", "week", "--split", "country", "--top", "3",
            "-f", "csv",
        ])
        .code(1)
        .stderr_has(&format!(
            "without it: communique timeline restraint --by week --split country --top 3 --format csv --archive {dir}\n"
        ));
    archive
        .run(&["timeline", "Peskov", "restraint", "--by", "year", "--split", "speaker"])
        .code(1)
        .stderr_has(&format!(
            "hint: \"Peskov\" is a speaker: communique timeline restraint --speaker Peskov --by year --split speaker --archive {dir}\n"
        ));
    archive
        .run(&[
            "facets",
            "restraint",
            "zzzq",
            "--by",
            "country,year",
            "--top",
            "5",
        ])
        .code(1)
        .stderr_has(&format!(
            "without it: communique facets restraint --by country,year --top 5 --archive {dir}\n"
        ));
    archive
        .run(&[
            "--color", "never", "search", "Peskov", "restraint", "-n", "5", "--sort", "newest",
            "-f", "json", "--count",
        ])
        .code(1)
        .stderr_has(&format!(
            "hint: \"Peskov\" is a speaker: communique search restraint --speaker Peskov --sort newest --limit 5 --count --format json --archive {dir} --color never\n"
        ));
    // What the suggestions run: the same kind of output.
    let run = archive.run(&[
        "timeline",
        "restraint",
        "--by",
        "week",
        "--split",
        "country",
        "--top",
        "3",
        "--format",
        "csv",
    ]);
    let (header, _) = run.success().csv();
    assert_eq!(header, ["period", "start", "end", "count", "RU"]);
    let facets = archive.stdout_json(&[
        "facets",
        "restraint",
        "--by",
        "country,year",
        "--top",
        "5",
        "--format",
        "json",
    ]);
    let mut fields: Vec<&String> = facets.as_object().unwrap().keys().collect();
    fields.sort();
    assert_eq!(fields, ["country", "total", "year"]);
    // A search of the deleted statements is not told of commands counted in the live ones.
    let run = archive.run(&["search", "Peskov", "restraint", "--deleted"]);
    assert!(!run.code(1).stderr.contains("is a speaker"), "{run}");
}

/// `timeline --split` counted every (day, value) pair and rolled the days up into periods
/// afterwards, which made a yearly chart of 300,000 statements take a second (session 18).
/// However it counts, each period's count per value is what `search` lists: checked here
/// against the statements themselves, for every length of period and every field, with
/// dates of all three precisions, statements in two index segments, and --from and --to
/// cutting the first and last periods (a statement dated to a year or a month that begins
/// before --from counts in the period of --from).
#[test]
fn timeline_splits_count_the_statements_search_lists() {
    use chrono::{Datelike, NaiveDate};
    use serde_json::{json, Value};
    use std::collections::BTreeMap;

    // Two speakers share a name; one speaker has no country; channels and organisations
    // are missing from some statements.
    let speakers = [
        ("Ministry of Defence", Some("AM")),
        ("Ministry of Defence", Some("AZ")),
        ("Dmitry Peskov", Some("RU")),
        ("Nikol Pashinyan", Some("AM")),
        ("Anonymous Source", None),
    ];
    let channels = [Some("telegram"), Some("x"), None, Some("briefing")];
    let organizations = [Some("Government of Armenia"), None, Some("Kremlin")];
    let kinds = ["statement", "quote", "paraphrase"];
    let languages = ["en", "ru"];
    let start = NaiveDate::from_ymd_opt(2021, 12, 20).unwrap();
    let record = |number: usize| {
        let (speaker, country) = speakers[number * 7 % speakers.len()];
        let day = start + chrono::Days::new((number * 37 % 800) as u64);
        let date = match number {
            _ if number % 11 == 3 => format!("{:04}", day.year()),
            _ if number % 7 == 2 => day.format("%Y-%m").to_string(),
            _ => day.to_string(),
        };
        let mut record = json!({
            "text": format!("Statement number {number}."),
            "speaker": speaker,
            "date": date,
            "kind": kinds[number % kinds.len()],
            "language": languages[number / 3 % languages.len()],
        });
        if let Some(country) = country {
            record["country"] = json!(country);
        }
        if let Some(channel) = channels[number % channels.len()] {
            record["channel"] = json!(channel);
        }
        if let Some(organization) = organizations[number / 2 % organizations.len()] {
            record["organization"] = json!(organization);
        }
        record.to_string()
    };
    let archive = Archive::new();
    // Two ingests: two segments, whose text values are numbered apart.
    for (name, numbers) in [("first.jsonl", 0..300), ("second.jsonl", 300..500)] {
        let lines: Vec<String> = numbers.map(record).collect();
        let file = archive.write(name, lines.join("\n"));
        archive.run(&["ingest", file.to_str().unwrap()]).success();
    }

    // The first day of a date as written: 2022, 2022-03 or 2022-03-15.
    let first_day = |date: &str| {
        let parts: Vec<u32> = date.split('-').map(|part| part.parse().unwrap()).collect();
        let year = parts[0] as i32;
        NaiveDate::from_ymd_opt(
            year,
            *parts.get(1).unwrap_or(&1),
            *parts.get(2).unwrap_or(&1),
        )
        .unwrap()
    };
    let label = |by: &str, day: NaiveDate| match by {
        "day" => day.to_string(),
        "week" => {
            let week = day.iso_week();
            format!("{:04}-W{:02}", week.year(), week.week())
        }
        "month" => day.format("%Y-%m").to_string(),
        _ => day.format("%Y").to_string(),
    };
    // A statement's value of a field as the timeline's JSON gives it (speakers by id).
    let value = |statement: &Value, split: &str| match split {
        "speaker" => statement["speaker_id"].clone(),
        "org" => statement["organization"].clone(),
        "lang" => statement["language"].clone(),
        field => statement[field].clone(),
    };
    let ranges: [&[&str]; 3] = [
        &[],
        &["--from", "2022-03-15", "--to", "2023-08-20"],
        &["--from", "2022-06", "--to", "2023"],
    ];
    for range in ranges {
        let from = range
            .iter()
            .position(|&arg| arg == "--from")
            .map(|at| first_day(range[at + 1]));
        let mut search = vec!["search", "--format", "jsonl", "--limit", "all"];
        search.extend(range);
        let statements = archive.run(&search).success().json_lines();
        assert!(statements.len() > 100, "{range:?}: {}", statements.len());
        for by in ["day", "week", "month", "year"] {
            for split in ["speaker", "country", "org", "channel", "kind", "lang"] {
                let context = format!("--by {by} --split {split} {range:?}");
                // (period, value) → count, and the totals of the periods and values.
                let mut expected: BTreeMap<(String, String), u64> = BTreeMap::new();
                let mut expected_totals: BTreeMap<String, u64> = BTreeMap::new();
                let mut value_totals: BTreeMap<String, u64> = BTreeMap::new();
                for statement in &statements {
                    let day = first_day(statement["date"].as_str().unwrap());
                    let day = from.map_or(day, |from| from.max(day));
                    let period = label(by, day);
                    let value = value(statement, split).to_string();
                    *expected.entry((period.clone(), value.clone())).or_default() += 1;
                    *expected_totals.entry(period).or_default() += 1;
                    *value_totals.entry(value).or_default() += 1;
                }
                let mut args = vec![
                    "timeline", "--by", by, "--split", split, "--top", "0", "--format", "json",
                ];
                args.extend(range);
                let timeline = archive.stdout_json(&args);
                let mut counted: BTreeMap<(String, String), u64> = BTreeMap::new();
                let mut totals: BTreeMap<String, u64> = BTreeMap::new();
                for row in timeline.as_array().unwrap() {
                    let period = row["period"].as_str().unwrap().to_string();
                    let count = row["count"].as_u64().unwrap();
                    if count > 0 {
                        totals.insert(period.clone(), count);
                    }
                    for value in row["split"].as_array().unwrap() {
                        let key = match split {
                            "speaker" => value["id"].to_string(),
                            _ => value["value"].to_string(),
                        };
                        let count = value["count"].as_u64().unwrap();
                        if count > 0 {
                            counted.insert((period.clone(), key), count);
                        }
                    }
                }
                assert_eq!(counted, expected, "{context}");
                assert_eq!(totals, expected_totals, "{context}");

                // With --top 2, the two values kept are among the most frequent, and the
                // others add up to each period's (other).
                if !range.is_empty() {
                    continue;
                }
                let mut args = vec![
                    "timeline", "--by", by, "--split", split, "--top", "2", "--format", "json",
                ];
                args.extend(range);
                let timeline = archive.stdout_json(&args);
                let rows = timeline.as_array().unwrap();
                let kept: Vec<String> = rows[0]["split"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|value| match split {
                        "speaker" => value["id"].to_string(),
                        _ => value["value"].to_string(),
                    })
                    .collect();
                assert_eq!(kept.len(), 2.min(value_totals.len()), "{context}");
                let least_kept = kept.iter().map(|value| value_totals[value]).min();
                let most_left = value_totals
                    .iter()
                    .filter(|(value, _)| !kept.contains(value))
                    .map(|(_, &count)| count)
                    .max();
                assert!(least_kept >= most_left, "{context}: {value_totals:?}");
                for row in rows {
                    let listed: u64 = row["split"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|value| value["count"].as_u64().unwrap())
                        .sum();
                    let other = row["other"].as_u64().unwrap_or(0);
                    assert_eq!(
                        listed + other,
                        row["count"].as_u64().unwrap(),
                        "{context}: {row}"
                    );
                }
            }
        }
    }
}
