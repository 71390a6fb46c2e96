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
        by_speaker.stdout.contains("speaker,Dmitry Peskov,4\n"),
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
