//! `search --place`: a place is found where a text names it, not where its name is also a
//! common word, a given name or a foreign name with an ending (the fact-checker's report
//! of session 20, H2, H3 and M1).

use serde_json::Value;

use crate::support::Archive;

/// An archive of the bundled gazetteer and `records` (JSON lines), each with an `id`.
fn archive_of(records: &str) -> Archive {
    let archive = Archive::new();
    archive.run(&["init"]).success();
    let path = archive.write("records.jsonl", records);
    archive
        .run(&["ingest", path.to_str().unwrap(), "--quiet"])
        .success();
    archive
}

/// The external ids of `search --place PLACE`, each with the variants its `places` list
/// gives; checks that `--count`, `facets` and `timeline` count as many.
fn place_hits(archive: &Archive, place: &str) -> Vec<(String, Vec<String>)> {
    let run = archive.run(&["search", "--place", place, "--limit", "all", "-f", "json"]);
    let hits: Vec<(String, Vec<String>)> = match run.json() {
        Value::Array(hits) => hits
            .iter()
            .map(|hit| {
                let variants = hit["places"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|mention| mention["variant"].as_str().unwrap().to_string())
                    .collect();
                (hit["external_id"].as_str().unwrap().to_string(), variants)
            })
            .collect(),
        other => panic!("{other}"),
    };
    let count = archive.run(&["search", "--place", place, "--count"]);
    assert_eq!(
        count.stdout.trim(),
        hits.len().to_string(),
        "--place {place}"
    );
    let facets = archive.run(&["facets", "--place", place, "--by", "kind", "-f", "json"]);
    let counted: u64 = facets.json()["kind"]
        .as_array()
        .map(|values| {
            values
                .iter()
                .map(|value| value["count"].as_u64().unwrap())
                .sum()
        })
        .unwrap_or(0);
    assert_eq!(counted, hits.len() as u64, "facets --place {place}");
    let timeline = archive.run(&["timeline", "--place", place, "--by", "year", "-f", "json"]);
    let counted: u64 = match timeline.json() {
        Value::Array(periods) => periods
            .iter()
            .map(|period| period["count"].as_u64().unwrap())
            .sum(),
        _ => 0,
    };
    assert_eq!(counted, hits.len() as u64, "timeline --place {place}");
    for (id, variants) in &hits {
        assert!(!variants.is_empty(), "--place {place}: {id} has no place");
    }
    hits
}

/// `--place Sis` returned Egypt's President el-Sisi and `--place Masis` Botswana's
/// President Masisi, each labelled as spelling "Sis"/"Masis": the Azerbaijani case endings
/// were tried on the English names.
#[test]
fn english_place_names_take_no_azerbaijani_endings() {
    let archive = archive_of(concat!(
        r#"{"id":"sisi","speaker":"Vladimir Putin","country":"RU","date":"2022-06-01","text":"Telephone conversation with President of Egypt Abdel Fattah el-Sisi."}"#,
        "\n",
        r#"{"id":"masisi","speaker":"Unity Dow","country":"BW","date":"2019-09-27","text":"On behalf of President Mokgweetsi Eric Keabetswe Masisi."}"#,
        "\n",
        r#"{"id":"sis","speaker":"Ministry of Defence of Armenia","country":"AM","date":"2024-02-20","text":"Shots were heard near Sis in Ararat province."}"#,
        "\n",
        r#"{"id":"tovuz","speaker":"Ministry of Defence of Azerbaijan","country":"AZ","date":"2024-02-21","language":"az","text":"Tovuzda atəşkəs pozulub."}"#,
        "\n",
    ));
    assert_eq!(
        place_hits(&archive, "Sis"),
        [("sis".into(), vec!["Sis".into()])]
    );
    archive
        .run(&["search", "--place", "Masis", "-f", "ids"])
        .code(1);
    // An Azerbaijani spelling keeps its endings; the variant is the text's own spelling.
    assert_eq!(
        place_hits(&archive, "Tovuz"),
        [("tovuz".into(), vec!["Tovuz".into()])]
    );
}

/// `--place Tegh` found «тех» (those) and «տեղի» (took place), `--place Khot` «Խոտը»
/// (the grass), `--place Vank` «վանքը» (the monastery); `--place Kapan` found «կայուն»
/// (stable) with an empty list of places, as the Armenian stemmer makes one word of them.
#[test]
fn a_place_is_not_the_everyday_word_its_name_also_is() {
    let archive = archive_of(concat!(
        r#"{"id":"took-place","speaker":"Ministry of Defence of Armenia","country":"AM","date":"2024-02-24","language":"hy","text":"Միջադեպը տեղի է ունեցել գիշերը։"}"#,
        "\n",
        r#"{"id":"those","speaker":"Maria Zakharova","country":"RU","date":"2024-03-01","language":"ru","text":"Мы осуждаем тех, кто провоцирует эскалацию на границе."}"#,
        "\n",
        r#"{"id":"grass","speaker":"Ministry of Defence of Armenia","country":"AM","date":"2024-03-05","language":"hy","text":"Խոտը այրվել է։"}"#,
        "\n",
        r#"{"id":"monastery","speaker":"Ministry of Defence of Armenia","country":"AM","date":"2024-03-06","language":"hy","text":"Գանձասարի վանքը վնասվել է։"}"#,
        "\n",
        r#"{"id":"stable","speaker":"Ministry of Defence of Armenia","country":"AM","date":"2024-02-20","language":"hy","text":"Իրավիճակը սահմանին կայուն է։"}"#,
        "\n",
        r#"{"id":"kapan","speaker":"Ministry of Defence of Armenia","country":"AM","date":"2024-02-21","language":"hy","text":"Կապանում կրակոցներ չեն գրանցվել։"}"#,
        "\n",
        r#"{"id":"tegh","speaker":"Ministry of Defence of Armenia","country":"AM","date":"2024-02-22","language":"hy","text":"Տեղ գյուղի ուղղությամբ կրակոցներ են արձակվել։"}"#,
        "\n",
        r#"{"id":"berd","speaker":"Ministry of Defence of Armenia","country":"AM","date":"2024-02-23","language":"hy","text":"Տավուշի մարզի Բերդում կրակոցներ են լսվել։"}"#,
        "\n",
        r#"{"id":"fortress","speaker":"Ministry of Defence of Armenia","country":"AM","date":"2024-02-23","language":"hy","text":"Հին բերդում աշխատանքներ են տարվում։"}"#,
        "\n",
    ));
    assert_eq!(
        place_hits(&archive, "Tegh"),
        [("tegh".into(), vec!["Տեղ".into()])]
    );
    // Capitalised inside a sentence, with its ending: the town ("in Berd").
    assert_eq!(
        place_hits(&archive, "Berd"),
        [("berd".into(), vec!["Բերդ".into()])]
    );
    for place in ["Khot", "Vank", "Getap"] {
        assert_eq!(place_hits(&archive, place), [], "--place {place}");
    }
    assert_eq!(
        place_hits(&archive, "Kapan"),
        [("kapan".into(), vec!["Կապան".into()])]
    );
    // As a query, the place's name does not search the words either.
    archive.run(&["search", "Tegh", "-f", "ids"]).code(1);
    assert_eq!(archive.ids(&["тех"]).len(), 1);
    // Nor does the stemmer make one word of them (Snowball cut Կապանում and կայուն
    // both to կա), either way round.
    let kapan = archive.ids(&["գրանցվել"]);
    let stable = archive.ids(&["Իրավիճակը"]);
    assert_eq!((kapan.len(), stable.len()), (1, 1));
    for query in ["Kapan", "Կապան", "Կապանում"] {
        assert_eq!(archive.ids(&[query]), kapan, "{query}");
    }
    assert_eq!(archive.ids(&["կայուն"]), stable);
}

/// `--place Ararat` returned Foreign Minister Ararat Mirzoyan, `--place Vahan` spokesman
/// Vahan Hunanyan and `--place Nizami` the Nizami Ganjavi Center.
#[test]
fn a_given_name_before_a_surname_is_no_place() {
    let archive = archive_of(concat!(
        r#"{"id":"mirzoyan","speaker":"Ministry of Foreign Affairs of Armenia","country":"AM","date":"2022-03-10","text":"Foreign Minister Ararat Mirzoyan held talks with his Azerbaijani counterpart."}"#,
        "\n",
        r#"{"id":"hunanyan","speaker":"Ministry of Foreign Affairs of Azerbaijan","country":"AZ","date":"2022-03-11","text":"We reject Vahan Hunanyan's remarks; the Nizami Ganjavi International Center will host the next round."}"#,
        "\n",
        r#"{"id":"hy-mirzoyan","speaker":"Ministry of Foreign Affairs of Armenia","country":"AM","date":"2022-03-12","language":"hy","text":"Արարատ Միրզոյանը հանդիպում է ունեցել ԵԱՀԿ գործող նախագահի հետ։"}"#,
        "\n",
        r#"{"id":"town","speaker":"Ministry of Defence of Armenia","country":"AM","date":"2022-03-13","text":"A drone fell near Ararat. Nobody was hurt."}"#,
        "\n",
    ));
    assert_eq!(
        place_hits(&archive, "Ararat"),
        [("town".into(), vec!["Ararat".into()])]
    );
    for place in ["Vahan", "Nizami"] {
        assert_eq!(place_hits(&archive, place), [], "--place {place}");
    }
}

/// `search Nerkin Hand` on an archive that does not name it hinted "without it:
/// communique search Hand", which finds every statement with the word "hand".
#[test]
fn a_hint_keeps_the_words_of_a_place_together() {
    let archive = archive_of(concat!(
        r#"{"id":"hand","speaker":"A","date":"2024-02-24","text":"He shook my hand."}"#,
        "\n",
        r#"{"id":"shots","speaker":"A","date":"2024-02-25","text":"Shots near Kapan."}"#,
        "\n",
    ));
    let run = archive.run(&["search", "Nerkin", "Hand"]);
    run.code(1)
        .stderr_has("hint: no statement mentions Nerkin Hand in any of its spellings");
    assert!(!run.stderr.contains("search Hand"), "{run}");
    assert!(!run.stderr.contains("\"Nerkin\""), "{run}");
    archive
        .run(&["search", "Nerkin", "Hand", "shots"])
        .code(1)
        .stderr_has("no statement mentions Nerkin Hand in any of its spellings; without it: communique search shots");
}

/// A name searched in all its spellings is ranked as one word: each spelling weighed by
/// its own rarity put the one statement writing Tauz above every statement writing
/// Tovuz, even one naming Tovuz twice (the fact-checker's report of session 20, L2).
#[test]
fn a_rare_spelling_does_not_outrank_the_name_as_typed() {
    let record = |id: &str, text: &str| {
        format!(
            r#"{{"id":"{id}","speaker":"Ministry of Defence of Azerbaijan","country":"AZ","date":"2024-02-20","text":"{text}"}}"#
        ) + "\n"
    };
    let mut records = record("twice", "Shelling near Tovuz, the Tovuz district, today.");
    for id in ["once-1", "once-2", "once-3"] {
        records += &record(id, "Shelling near Tovuz reported by the ministry today.");
    }
    records += &record("rare", "Shelling near Tauz reported by the ministry today.");
    for id in ["other-1", "other-2", "other-3", "other-4", "other-5"] {
        records += &record(id, "The ministry reported nothing new on the border today.");
    }
    let archive = archive_of(&records);
    let run = archive.run(&["search", "Tovuz", "-f", "json"]);
    let order: Vec<String> = match run.json() {
        Value::Array(hits) => hits
            .iter()
            .map(|hit| hit["external_id"].as_str().unwrap().to_string())
            .collect(),
        other => panic!("{other}"),
    };
    assert_eq!(order.len(), 5, "{order:?}");
    assert_eq!(order[0], "twice", "{order:?}");
    // Tauz is one spelling of Tovuz among the others: no rarer for being rarely written.
    let scores: Vec<f64> = match archive.run(&["search", "Tovuz", "-f", "json"]).json() {
        Value::Array(hits) => hits
            .iter()
            .filter(|hit| hit["external_id"] != "twice")
            .map(|hit| hit["score"].as_f64().unwrap())
            .collect(),
        other => panic!("{other}"),
    };
    assert!(
        scores
            .windows(2)
            .all(|pair| (pair[0] - pair[1]).abs() < 1e-6),
        "{order:?} {scores:?}"
    );
}
