//! Articles written in the style of wire reports, each against the records an analyst
//! would make of it (`tests/data/articles/*.gold.jsonl`).

use serde_json::Value;

use crate::evaluate::{evaluate, read_jsonl, Evaluation};
use crate::support::{article, Sandbox};

/// Extracts `name` (without an archive) and evaluates it against its gold records.
fn evaluate_article(name: &str, args: &[&str]) -> (Vec<Value>, Evaluation) {
    let proposed = Sandbox::new().extract(name, args);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let gold_text =
        std::fs::read_to_string(article(&format!("{stem}.gold.jsonl"))).expect("the gold records");
    let evaluation = evaluate(name, &proposed, &read_jsonl(&gold_text));
    eprintln!("{}", evaluation.report);
    (proposed, evaluation)
}

fn record<'a>(records: &'a [Value], speaker: &str, start: &str) -> &'a Value {
    records
        .iter()
        .find(|record| {
            record["speaker"] == speaker
                && record["text"]
                    .as_str()
                    .is_some_and(|text| text.starts_with(start))
        })
        .unwrap_or_else(|| panic!("no record of {speaker} starting {start:?} in {records:#?}"))
}

#[test]
fn reuters_style_border_shooting() {
    let (records, evaluation) = evaluate_article(
        "border-shooting-2024-03-05.txt",
        &["--published", "2024-03-05"],
    );
    assert!(evaluation.precision() >= 0.9, "{}", evaluation.report);
    assert!(evaluation.recall() >= 0.9, "{}", evaluation.report);
    // A quotation standing alone after `"…," the ministry said in a statement`.
    let alone = record(
        &records,
        "Ministry of Defence of Armenia",
        "There were no casualties",
    );
    assert_eq!(alone["kind"], "quote");
    assert_eq!(alone["channel"], "statement");
    // "The ministry said": the ministry last named.
    record(
        &records,
        "Ministry of Defence of Armenia",
        "Armenian troops had not returned fire",
    );
    // Two speech verbs of one subject: an act and a reported clause.
    record(
        &records,
        "Ministry of Defence of Azerbaijan",
        "Azerbaijan's Defence Ministry rejected",
    );
    record(
        &records,
        "Ministry of Defence of Azerbaijan",
        "Its units had come under fire first",
    );
    // "told reporters in Baku late on Monday", then "He said".
    let aide = record(&records, "Hikmet Hajiyev", "The Armenian side continues");
    assert_eq!(aide["date"], "2024-03-04");
    assert_eq!(aide["role"], "Assistant to the President of Azerbaijan");
    let he = record(&records, "Hikmet Hajiyev", "Baku remained committed");
    assert_eq!(he["date"], "2024-03-04");
    // "According to Armenian Prime Minister Nikol Pashinyan, …".
    let according = record(&records, "Nikol Pashinyan", "The two sides are close");
    assert_eq!(according["role"], "Prime Minister of Armenia");
    // "said at a press conference in Yerevan that".
    let conference = record(&records, "Ararat Mirzoyan", "The next round of talks");
    assert_eq!(conference["channel"], "press-conference");
    // "last week" straddles February and March: only the year is known.
    assert_eq!(
        record(&records, "Maria Zakharova", "Moscow was ready")["date"],
        "2024"
    );
}

#[test]
fn ap_style_peace_talks() {
    let (records, evaluation) =
        evaluate_article("peace-talks-2024-02-29.txt", &["--published", "2024-02-29"]);
    assert!(evaluation.precision() >= 0.9, "{}", evaluation.report);
    // The lead's "both said" names no speaker the extractor can resolve.
    assert!(evaluation.recall() >= 0.8, "{}", evaluation.report);
    // `X said: "…"`, then "He added that".
    let colon = record(&records, "Jeyhun Bayramov", "We have narrowed");
    assert_eq!(colon["kind"], "quote");
    assert_eq!(colon["role"], "Minister of Foreign Affairs of Azerbaijan");
    record(&records, "Jeyhun Bayramov", "Baku expected the next round");
    // `"…," said Ararat Mirzoyan, Armenia's foreign minister, after the talks on Wednesday`.
    let inverted = record(&records, "Ararat Mirzoyan", "There is still work to do");
    assert_eq!(inverted["date"], "2024-02-28");
    // A quotation split by its attribution is one statement.
    record(
        &records,
        "Ararat Mirzoyan",
        "We are committed to peace, but peace cannot",
    );
    // "wrote on X yesterday".
    let post = record(&records, "Annalena Baerbock", "The talks had been");
    assert_eq!(post["channel"], "x");
    assert_eq!(post["date"], "2024-02-28");
    // "The Kremlin said", "told reporters on Feb. 28".
    record(
        &records,
        "Presidential Executive Office of Russia",
        "Moscow remained ready",
    );
    assert_eq!(
        record(&records, "Dmitry Peskov", "Russia had not been")["date"],
        "2024-02-28"
    );
    // "In a televised address earlier this month, … said".
    let address = record(&records, "Nikol Pashinyan", "The peace treaty would open");
    assert_eq!(address["channel"], "televised-address");
    assert_eq!(address["date"], "2024-02");
    // Undated "has said" is background.
    assert!(records
        .iter()
        .all(|record| record["speaker"] != "Ilham Aliyev"));
}

#[test]
fn afp_style_web_page() {
    // No --published: the page's metadata gives the day.
    let (records, evaluation) = evaluate_article("drills-2024-04-19.html", &[]);
    assert!(evaluation.precision() >= 0.9, "{}", evaluation.report);
    assert!(evaluation.recall() >= 0.9, "{}", evaluation.report);
    assert!(records
        .iter()
        .all(|record| record["source"]["published"] == "2024-04-19"));
    // The headline and the byline make no record; the lead's "Iran warned on Thursday"
    // stands for the spokesman quoted below it.
    let lead = record(&records, "Nasser Kanaani", "Iran warned against any change");
    assert_eq!(lead["date"], "2024-04-18");
    // A quotation running over two paragraphs.
    let last = record(&records, "Nasser Kanaani", "We have conveyed this message");
    assert_eq!(last["channel"], "press-conference");
    // "the statement noted", "It added".
    record(
        &records,
        "State Border Service of Azerbaijan",
        "The drills were planned",
    );
    record(
        &records,
        "State Border Service of Azerbaijan",
        "Observers from Türkiye",
    );
    // A forecast's "until April 25" is the coming one.
    let forecast = record(
        &records,
        "State Border Service of Azerbaijan",
        "The exercises",
    );
    assert_eq!(forecast["refers_to"], "2024-04-25");
    // "speaking to reporters after Friday prayers last week": the week, not the Friday.
    let erdogan = record(&records, "Recep Tayyip Erdogan", "Ankara would");
    assert_eq!(erdogan["date"], "2024-04");
    assert_eq!(erdogan["role"], "President of Türkiye");
    // "A source close to the talks said" names no speaker.
    assert!(records.iter().all(|record| !record["text"]
        .as_str()
        .unwrap_or("")
        .contains("discussed in May")));
}
