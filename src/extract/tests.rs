//! Unit tests of the extractor: one `check(article, expect)` per pattern, the records
//! shown one per line as `kind | speaker | date | channel | text`.

use chrono::NaiveDate;

use super::*;

/// Tuesday 13 February 2024, the seed article's publication day.
fn published() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 2, 13).unwrap()
}

/// The speakers of the bundled corpus, as an archive loaded with it knows them.
fn corpus_speakers() -> Vec<KnownSpeaker> {
    let mut known: Vec<KnownSpeaker> = Vec::new();
    for line in crate::ingest::BUNDLED_CORPUS.lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = |key: &str| record[key].as_str().map(str::to_string);
        let name = text("speaker").unwrap();
        if known.iter().any(|speaker| speaker.name == name) {
            continue;
        }
        known.push(KnownSpeaker {
            name,
            aliases: Vec::new(),
            kind: SpeakerKind::parse(&text("speaker_kind").unwrap()).unwrap(),
            role: text("role"),
            organization: text("organization"),
            country: text("country"),
        });
    }
    known
}

/// Shows a record on one line: kind, speaker (`*` when new to the archive), date (and
/// the date of the events it reports), channel, text.
fn show(record: &ProposedRecord) -> String {
    let mut date = record.date.to_string();
    if let Some(refers_to) = record.refers_to {
        date.push_str(&format!(" (of {refers_to})"));
    }
    let about: Vec<&str> = [record.role.as_deref(), record.country.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let about = if about.is_empty() {
        String::new()
    } else {
        format!(" ({})", about.join(", "))
    };
    format!(
        "{} | {}{}{} | {} | {} | {}",
        record.kind.as_str(),
        record.speaker,
        if record.new_speaker { "*" } else { "" },
        about,
        date,
        record.channel.as_deref().unwrap_or("-"),
        record.text
    )
}

/// Extracts from `article` (published 2024-02-13, the corpus speakers known) and compares
/// the records, one per line, with `expect`.
fn check(article: &str, expect: &str) {
    check_with(&corpus_speakers(), article, expect);
}

/// Like [`check`], with the archive's speakers given.
fn check_with(known: &[KnownSpeaker], article: &str, expect: &str) {
    let records = extract(article, published(), known);
    let shown: Vec<String> = records.iter().map(show).collect();
    let expect: Vec<&str> = expect
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    assert_eq!(shown, expect, "\n{}\n", shown.join("\n"));
}

const SEED: &str = include_str!("../../tests/data/articles/seed-2024-02-13.txt");

#[test]
fn the_seed_article_gives_the_corpus_records() {
    check(
        SEED,
        r#"
        paraphrase | State Border Service of Azerbaijan (AZ) | 2024-02-13 (of 2024-02-12) | - | Azerbaijan announced a "revenge operation" in response to cross-border fire by Armenia on Monday.
        paraphrase | Ministry of Defence of Armenia (AM) | 2024-02-13 | - | Its four soldiers were killed in the operation.
        quote | State Border Service of Azerbaijan (AZ) | 2024-02-13 (of 2024-02-12) | statement | As a result of the operation, the combat post of the Armenian Armed Forces near the Nerkin-And settlement of Gafan district, where our soldiers were fired upon yesterday (Monday), was completely destroyed, and the combat positions were silenced
        paraphrase | Government of Azerbaijan (AZ) | 2024-02 (of 2024-02-12) | - | A serviceman was injured by Armenian fire on Monday.
        paraphrase | State Border Service of Azerbaijan (AZ) | 2024-02-13 | statement | There are reports of serious casualties among the personnel of the destroyed combat post.
        quote | State Border Service of Azerbaijan (AZ) | 2024-02-13 | statement | Every provocation of the Armenian side aimed at aggravating the operational conditions at the Azerbaijan-Armenia conditional state border will be answered with more serious and decisive measures from now on.
        quote | State Border Service of Azerbaijan (AZ) | 2024-02-13 | statement | The military and political leadership of Armenia is fully responsible for the incident
        paraphrase | Ministry of Defence of Azerbaijan (AZ) | 2024-02 (of 2024-02-12) | - | Its military positions in the country's northwestern Tovuz district were fired on by Armenia late Monday.
        paraphrase | Ministry of Defence of Armenia (AM) | 2024-02-13 | telegram | Two of its soldiers had been killed and several more wounded at a combat post near the southern Armenian village of Nerkin Hand.
        paraphrase | Nikol Pashinyan (Prime Minister of Armenia, AM) | 2024-01 | - | Pashinyan proposed to Azerbaijan to sign a non-aggression pact, pending a comprehensive peace treaty between the neighbors.
        paraphrase | Nikol Pashinyan (Prime Minister of Armenia, AM) | 2023 | - | A peace agreement could have been signed by the end of last year.
        paraphrase | Ilham Aliyev (President of Azerbaijan, AZ) | 2023 | - | A peace agreement could have been signed by the end of last year.
        paraphrase | Dmitry Peskov (Kremlin spokesperson, RU) | 2024-02-13 | - | Russia urged calm and called the violence "worrying."
        quote | Dmitry Peskov (Kremlin spokesperson, RU) | 2024-02-13 | - | We call on both sides to show restraint to avoid any acts that the opposite side could see as provocative
        "#,
    );
}

#[test]
fn quotes_after_a_colon_and_he_added() {
    check(
        r#"Azerbaijani President Ilham Aliyev said on Monday: "We have no territorial claims against Armenia." He added that Baku was ready to sign a peace treaty "within months.""#,
        r#"
        quote | Ilham Aliyev (President of Azerbaijan, AZ) | 2024-02-12 | - | We have no territorial claims against Armenia.
        paraphrase | Ilham Aliyev (President of Azerbaijan, AZ) | 2024-02-12 | - | Baku was ready to sign a peace treaty "within months."
        "#,
    );
}

#[test]
fn inverted_attribution_with_an_apposition() {
    check(
        r#""The situation on the border remains tense," said Maria Zakharova, the Russian Foreign Ministry spokeswoman, at a briefing in Moscow on Wednesday."#,
        r#"
        quote | Maria Zakharova* (Foreign Ministry spokeswoman, RU) | 2024-02-07 | briefing | The situation on the border remains tense
        "#,
    );
    check(
        "Dmitry Peskov, the Kremlin spokesperson, said Moscow was in contact with both capitals.",
        "paraphrase | Dmitry Peskov (Kremlin spokesperson, RU) | 2024-02-13 | - | Moscow was in contact with both capitals.",
    );
}

#[test]
fn according_to_either_side_of_the_clause() {
    check(
        "Two Armenian soldiers were wounded in the shelling, according to Armenia's Defence Ministry.\nAccording to the Azerbaijani Defence Ministry, its positions came under fire overnight.",
        r#"
        paraphrase | Ministry of Defence of Armenia (AM) | 2024-02-13 | - | Two Armenian soldiers were wounded in the shelling.
        paraphrase | Ministry of Defence of Azerbaijan (AZ) | 2024-02-13 | - | Its positions came under fire overnight.
        "#,
    );
}

#[test]
fn press_conferences_places_and_surnames() {
    check(
        r#"Armenian Foreign Minister Ararat Mirzoyan told a news conference in Yerevan on Friday that the peace treaty was "90 percent" agreed. Mirzoyan said the two sides had exchanged drafts last September."#,
        r#"
        paraphrase | Ararat Mirzoyan* (Minister of Foreign Affairs of Armenia, AM) | 2024-02-09 | press-conference | The peace treaty was "90 percent" agreed.
        paraphrase | Ararat Mirzoyan* (Minister of Foreign Affairs of Armenia, AM) | 2024-02-09 (of 2023-09) | press-conference | The two sides had exchanged drafts last September.
        "#,
    );
}

#[test]
fn quotations_continue_across_sentences() {
    check(
        "Azerbaijan's Defence Ministry said on Sunday that Armenian forces had fired on its positions in the Kalbajar district.\n\"We will not allow provocations to go unanswered,\" the ministry said in a statement. \"Our forces remain on high alert.\"",
        r#"
        paraphrase | Ministry of Defence of Azerbaijan (AZ) | 2024-02-11 | - | Armenian forces had fired on its positions in the Kalbajar district.
        quote | Ministry of Defence of Azerbaijan (AZ) | 2024-02-11 | statement | We will not allow provocations to go unanswered
        quote | Ministry of Defence of Azerbaijan (AZ) | 2024-02-11 | statement | Our forces remain on high alert.
        "#,
    );
}

#[test]
fn split_quotations_are_one_statement() {
    check(
        r#""We are committed to peace," Pashinyan said, "but we will defend our borders.""#,
        "quote | Nikol Pashinyan (Prime Minister of Armenia, AM) | 2024-02-13 | - | We are committed to peace, but we will defend our borders.",
    );
}

#[test]
fn channels_named_by_platform() {
    check(
        r#"Turkish Foreign Minister Hakan Fidan wrote on X on Tuesday that Ankara supported "a lasting peace in the South Caucasus.""#,
        r#"paraphrase | Hakan Fidan* (Minister of Foreign Affairs of Türkiye, TR) | 2024-02-13 | x | Ankara supported "a lasting peace in the South Caucasus.""#,
    );
}

#[test]
fn countries_speak_for_their_governments() {
    check(
        "Baku said on Monday that it would respond to any provocation.\nThe Kremlin said it was following the situation closely.",
        r#"
        paraphrase | Government of Azerbaijan (AZ) | 2024-02-12 | - | It would respond to any provocation.
        paraphrase | Presidential Executive Office of Russia* (RU) | 2024-02-13 | - | It was following the situation closely.
        "#,
    );
}

#[test]
fn background_narration_is_not_a_statement() {
    check(
        "Azerbaijan has repeatedly accused Armenia of provocations. Armenia has denied the claims.\nThe two countries fought two wars over Karabakh, which ended with a Russian-brokered ceasefire in 2020.\nThe peace talks have stagnated, with both sides accusing the other of sabotage.",
        "",
    );
}

#[test]
fn speakers_are_matched_by_alias_and_by_surname() {
    let mut known = corpus_speakers();
    for speaker in &mut known {
        if speaker.name == "Dmitry Peskov" {
            speaker.aliases.push("Dmitri Peskov".to_string());
        }
    }
    check_with(
        &known,
        "Kremlin spokesman Dmitri Peskov said on Monday that Moscow was ready to help.\nPeskov said on Tuesday that the talks would continue.\nAliyev said last September that the operation was over.",
        r#"
        paraphrase | Dmitry Peskov (Kremlin spokesperson, RU) | 2024-02-12 | - | Moscow was ready to help.
        paraphrase | Dmitry Peskov (Kremlin spokesperson, RU) | 2024-02-13 | - | The talks would continue.
        paraphrase | Ilham Aliyev (President of Azerbaijan, AZ) | 2023-09 | - | The operation was over.
        "#,
    );
    // A surname nobody introduced and the archive does not know is no speaker: in a
    // report, it is more often a capitalised word at the start of a sentence.
    check_with(
        &[],
        "Aliyev said last September that the operation was over.\nInvestment added 7.6 percent, which is good.\nI noted that the talks went well.",
        "",
    );
}

#[test]
fn dates_of_speaking_and_dates_spoken_of() {
    check(
        "The Armenian side said yesterday that Azerbaijani troops had fired on Sotk on Sunday.\nArmenian authorities said they would respond.",
        r#"
        paraphrase | Government of Armenia* (AM) | 2024-02-12 (of 2024-02-11) | - | Azerbaijani troops had fired on Sotk on Sunday.
        paraphrase | Government of Armenia* (AM) | 2024-02-12 | - | They would respond.
        "#,
    );
}

#[test]
fn an_empty_article_has_no_statements() {
    check("", "");
    check("\n\n  \n", "");
    check("Border clash\n\nBy staff reporters", "");
}

#[test]
fn objects_of_speech_verbs_are_not_reported_clauses() {
    check(
        "With this in mind, Kremlin spokesperson Dmitry Peskov stated the need to begin talks.\nPeskov told Armenian Prime Minister Nikol Pashinyan about the efforts of the mediators.\nThe presidents of Russia and Belarus noted the importance of cooperation.\nThis Executive Order states, in part, that gas sales will be made in roubles.\nWe also remember how the Western states encouraged them.",
        r#"
        paraphrase | Dmitry Peskov (Kremlin spokesperson, RU) | 2024-02-13 | - | Peskov stated the need to begin talks.
        paraphrase | Dmitry Peskov (Kremlin spokesperson, RU) | 2024-02-13 | - | Peskov told Armenian Prime Minister Nikol Pashinyan about the efforts of the mediators.
        "#,
    );
}

#[test]
fn offices_are_completed_from_the_report() {
    check(
        r#"Russia's Foreign Ministry on Tuesday called on Armenia and Azerbaijan to exercise restraint. "We are deeply concerned by the escalation," Foreign Ministry spokeswoman Maria Zakharova told a briefing.
Armenian Defence Minister Suren Papikyan said the army would "respond proportionately" to any attack, according to a ministry statement.
The U.S. State Department said it was "closely following" the situation. "We urge both sides to return to the negotiating table," spokesman Matthew Miller told reporters.
Iran's foreign minister, Hossein Amirabdollahian, warned last month that Tehran would not tolerate "geopolitical changes" in the region."#,
        r#"
        paraphrase | Ministry of Foreign Affairs of Russia* (RU) | 2024-02-13 | - | Russia's Foreign Ministry called on Armenia and Azerbaijan to exercise restraint.
        quote | Maria Zakharova* (Foreign Ministry spokeswoman, RU) | 2024-02-13 | briefing | We are deeply concerned by the escalation
        paraphrase | Suren Papikyan* (Minister of Defence of Armenia, AM) | 2024-02-13 | statement | The army would "respond proportionately" to any attack.
        paraphrase | United States Department of State* (US) | 2024-02-13 | - | It was "closely following" the situation.
        quote | Matthew Miller* (spokesman, US) | 2024-02-13 | - | We urge both sides to return to the negotiating table
        paraphrase | Hossein Amirabdollahian* (Minister of Foreign Affairs of Iran, IR) | 2024-01 | - | Tehran would not tolerate "geopolitical changes" in the region.
        "#,
    );
}

#[test]
fn a_quotation_after_reported_speech_is_the_same_speaker() {
    check(
        "Kremlin spokesperson Dmitry Peskov said on Monday that Moscow was concerned. \"We call on both sides to show restraint.\"\n\"This is not a statement of anyone.\"",
        r#"
        paraphrase | Dmitry Peskov (Kremlin spokesperson, RU) | 2024-02-12 | - | Moscow was concerned.
        quote | Dmitry Peskov (Kremlin spokesperson, RU) | 2024-02-12 | - | We call on both sides to show restraint.
        "#,
    );
}

/// A denial keeps its verb: "denied that X" reported as "X" would store the claim the
/// speaker rejected, with their name on it.
#[test]
fn a_denial_keeps_its_verb() {
    let records = extract(
        "Armenian Prime Minister Nikol Pashinyan denied that Armenia would leave the CSTO.\n\nKremlin spokesman Dmitry Peskov said on Monday that Russia had not sent troops, and rejected that any were on the way.",
        published(),
        &corpus_speakers(),
    );
    let texts: Vec<&str> = records.iter().map(|record| record.text.as_str()).collect();
    assert!(
        texts.contains(&"Pashinyan denied that Armenia would leave the CSTO."),
        "{texts:?}"
    );
    assert!(
        !texts
            .iter()
            .any(|text| text.starts_with("Armenia would leave")),
        "{texts:?}"
    );
    assert!(
        !texts
            .iter()
            .any(|text| text.starts_with("any were on the way")),
        "{texts:?}"
    );
}
