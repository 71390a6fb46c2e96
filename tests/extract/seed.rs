//! The seed article, published on Tuesday 13 February 2024, against the bundled corpus,
//! which holds the records an analyst made of it: each item the issue asks for, and the
//! precision and recall over all of them.

use serde_json::Value;

use crate::evaluate::{evaluate, read_jsonl};
use crate::support::Sandbox;

const CORPUS: &str = include_str!("../../corpus/statements.jsonl");
const SEED: &str = "seed-2024-02-13.txt";

/// The records proposed for the seed article, speakers matched against an archive
/// loaded with the bundled corpus.
fn seed_records() -> Vec<Value> {
    Sandbox::bundled().extract(SEED, &["--published", "2024-02-13"])
}

/// Returns the record of `speaker` whose text starts with `start`.
fn record<'a>(records: &'a [Value], speaker: &str, start: &str) -> &'a Value {
    records
        .iter()
        .find(|record| {
            record["speaker"] == speaker
                && record["text"]
                    .as_str()
                    .is_some_and(|text| text.starts_with(start))
        })
        .unwrap_or_else(|| {
            let shown: Vec<String> = records
                .iter()
                .map(|record| format!("{}: {}", record["speaker"], record["text"]))
                .collect();
            panic!(
                "no record of {speaker} starting {start:?} among\n{}",
                shown.join("\n")
            )
        })
}

#[test]
fn seed_article_precision_and_recall_against_the_corpus() {
    let proposed = seed_records();
    let gold = read_jsonl(CORPUS);
    let evaluation = evaluate("seed article", &proposed, &gold);
    eprintln!("{}", evaluation.report);
    assert!(
        evaluation.precision() >= 0.9 && evaluation.recall() >= 0.9,
        "{}",
        evaluation.report
    );
    // The two records dated only to the month are the two "earlier" statements, which the
    // corpus dates to the Monday they speak of (see the test below).
    assert!(
        evaluation.same_date + 2 >= evaluation.matches.len(),
        "{}",
        evaluation.report
    );
    assert_eq!(
        evaluation.same_kind,
        evaluation.matches.len(),
        "{}",
        evaluation.report
    );
}

#[test]
fn state_border_service_quotes_are_dated_tuesday_on_the_statement_channel() {
    let records = seed_records();
    for start in [
        "As a result of the operation",
        "Every provocation of the Armenian side",
        "The military and political leadership of Armenia",
    ] {
        let quote = record(&records, "State Border Service of Azerbaijan", start);
        assert_eq!(quote["kind"], "quote", "{quote}");
        assert_eq!(quote["date"], "2024-02-13", "{quote}");
        assert_eq!(quote["channel"], "statement", "{quote}");
        assert_eq!(quote["country"], "AZ", "{quote}");
        assert_eq!(quote["speaker_kind"], "institution", "{quote}");
        assert_eq!(quote["new_speaker"], false, "{quote}");
    }
}

#[test]
fn earlier_statements_are_dated_by_publication_and_keep_the_monday_they_speak_of() {
    let records = seed_records();
    let injured = record(
        &records,
        "Government of Azerbaijan",
        "A serviceman was injured",
    );
    let tovuz = record(
        &records,
        "Ministry of Defence of Azerbaijan",
        "Its military positions in the country's northwestern Tovuz district",
    );
    for earlier in [injured, tovuz] {
        // Said after Monday's events and by Tuesday's publication: February 2024 is the
        // precision the article supports.
        assert_eq!(earlier["date"], "2024-02", "{earlier}");
        assert_eq!(earlier["refers_to"], "2024-02-12", "{earlier}");
        assert_eq!(earlier["kind"], "paraphrase", "{earlier}");
        assert!(
            earlier["date_basis"]
                .as_str()
                .is_some_and(|basis| basis.contains("earlier")),
            "{earlier}"
        );
    }
}

#[test]
fn armenian_defence_ministry_statement_was_posted_on_telegram_on_tuesday() {
    let records = seed_records();
    let telegram = record(
        &records,
        "Ministry of Defence of Armenia",
        "Two of its soldiers had been killed",
    );
    assert_eq!(telegram["date"], "2024-02-13");
    assert_eq!(telegram["channel"], "telegram");
    assert_eq!(telegram["country"], "AM");
    assert_eq!(
        telegram["evidence"],
        "Armenia's Defense Ministry said in a statement posted on the Telegram messaging app on Tuesday that two of its soldiers had been killed and several more wounded at a combat post near the southern Armenian village of Nerkin Hand."
    );
}

#[test]
fn peskov_is_quoted_on_tuesday_as_kremlin_spokesperson() {
    let records = seed_records();
    let quote = record(&records, "Dmitry Peskov", "We call on both sides");
    assert_eq!(quote["kind"], "quote");
    assert_eq!(quote["date"], "2024-02-13");
    assert_eq!(quote["role"], "Kremlin spokesperson");
    assert_eq!(
        quote["organization"],
        "Presidential Executive Office of Russia"
    );
    assert_eq!(quote["country"], "RU");
    assert_eq!(
        quote["text"],
        "We call on both sides to show restraint to avoid any acts that the opposite side could see as provocative"
    );
}

#[test]
fn pashinyan_proposal_is_dated_to_last_month() {
    let records = seed_records();
    let proposal = record(&records, "Nikol Pashinyan", "Pashinyan proposed");
    assert_eq!(proposal["date"], "2024-01");
    assert_eq!(proposal["role"], "Prime Minister of Armenia");
    assert_eq!(proposal["country"], "AM");
    assert_eq!(
        proposal["text"],
        "Pashinyan proposed to Azerbaijan to sign a non-aggression pact, pending a comprehensive peace treaty between the neighbors."
    );
}

#[test]
fn background_paragraphs_make_no_records() {
    let records = seed_records();
    for background in [
        "since 1991",
        "fall of 2020",
        "last September",
        "September 2023",
        "stagnated",
        "distanced itself",
        "Baku has denied",
    ] {
        let from_background: Vec<&Value> = records
            .iter()
            .filter(|record| {
                record["evidence"]
                    .as_str()
                    .is_some_and(|evidence| evidence.contains(background))
            })
            .collect();
        assert!(
            from_background.is_empty(),
            "records from background ({background}): {from_background:?}"
        );
    }
}

#[test]
fn without_an_archive_every_speaker_is_new_and_named_from_the_reference_data() {
    let sandbox = Sandbox::new();
    let records = sandbox.extract(SEED, &["--published", "2024-02-13"]);
    assert!(
        !sandbox.archive().exists(),
        "extract must not create an archive"
    );
    assert!(records.iter().all(|record| record["new_speaker"] == true));
    let quote = record(&records, "Dmitry Peskov", "We call on both sides");
    assert_eq!(quote["role"], "Kremlin spokesperson");
    record(
        &records,
        "State Border Service of Azerbaijan",
        "As a result",
    );
    record(
        &records,
        "Ministry of Defence of Armenia",
        "Two of its soldiers",
    );
    record(
        &records,
        "Ministry of Defence of Azerbaijan",
        "Its military positions",
    );
}
