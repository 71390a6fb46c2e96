//! Place names in every spelling: "Nerkin-And" and "Nerkin Hand", Kapan and Qafan.
//!
//! Built from the archive's `places` tables, the gazetteer rewrites a query so that a
//! place name matches every name of its place, and tells which spelling a text used. Pure:
//! no I/O, no tantivy.

use std::collections::HashMap;

use serde::Serialize;

use crate::fold::{fold, folded_words};
use crate::model::Place;

/// A speaker's display name and aliases, all the gazetteer needs of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerNames {
    pub id: crate::model::SpeakerId,
    pub name: String,
    /// Every other name, display name excluded.
    pub aliases: Vec<String>,
}
use crate::query::Query;

/// A place mentioned by a statement, and the spelling the statement used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlaceMention {
    /// The place's id.
    pub place: String,
    /// The place's display name.
    pub name: String,
    /// The name as the statement spells it.
    pub variant: String,
    /// Whose official usage that spelling is, if known.
    pub used_by: Option<String>,
}

/// The most words of a query looked up together as one name by [`names_in`]; a longer
/// run of words needs the whole gazetteer.
const LONGEST_RUN_LOOKED_UP: usize = 16;

/// Returns every folded name [`Gazetteer::expand`] may look up for `query`: each word and
/// phrase, and each run of consecutive words (a name of several words). A gazetteer of
/// the places and speakers with one of these names expands the query as the whole one
/// does. None when a run of words is longer than [`LONGEST_RUN_LOOKED_UP`]: the whole
/// gazetteer is needed then.
pub fn names_in(query: &Query) -> Option<Vec<String>> {
    let mut names = Vec::new();
    collect_names(query, &mut names)?;
    names.retain(|name| !name.is_empty());
    names.sort();
    names.dedup();
    Some(names)
}

fn collect_names(query: &Query, names: &mut Vec<String>) -> Option<()> {
    match query {
        Query::Word(text) | Query::Phrase(text) => names.push(fold(text)),
        Query::Prefix(_) => {}
        Query::Not(inner) => collect_names(inner, names)?,
        Query::Or(parts) => {
            for part in parts {
                collect_names(part, names)?;
            }
        }
        Query::And(parts) => {
            for part in parts {
                collect_names(part, names)?;
            }
            // Runs of plain words, as `multi_word_name_at` joins them.
            for run in parts.split(|part| !matches!(part, Query::Word(_))) {
                if run.len() > LONGEST_RUN_LOOKED_UP {
                    return None;
                }
                let words: Vec<&str> = run
                    .iter()
                    .filter_map(|part| match part {
                        Query::Word(word) => Some(word.as_str()),
                        _ => None,
                    })
                    .collect();
                for start in 0..words.len() {
                    for end in start + 2..=words.len() {
                        names.push(fold(&words[start..end].join(" ")));
                    }
                }
            }
        }
    }
    Some(())
}

/// Marks the name groups of speakers among places.
const SPEAKER_PREFIX: &str = "speaker:";

/// The places of an archive, indexed by folded name.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    /// Folded name → indices into `places`.
    by_name: HashMap<String, Vec<usize>>,
    /// The most words any name has, to bound the search for multi-word names.
    longest_name: usize,
}

impl Gazetteer {
    /// Builds the gazetteer from places and their names, and the speakers' names: a
    /// query naming a speaker in one spelling ("Песков") finds texts naming them in any
    /// other ("Peskov"). Only places are reported as mentions.
    pub fn with_speakers(mut places: Vec<Place>, speakers: &[SpeakerNames]) -> Gazetteer {
        for speaker in speakers
            .iter()
            .filter(|speaker| !speaker.aliases.is_empty())
        {
            places.push(Place {
                id: format!("{SPEAKER_PREFIX}{}", speaker.id),
                name: speaker.name.clone(),
                country: None,
                kind: None,
                region: None,
                names: speaker
                    .aliases
                    .iter()
                    .map(|alias| crate::model::PlaceName {
                        name: alias.clone(),
                        language: None,
                        used_by: None,
                    })
                    .collect(),
            });
        }
        Gazetteer::new(places)
    }

    /// Builds the gazetteer from places and their names.
    pub fn new(places: Vec<Place>) -> Gazetteer {
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        let mut longest_name = 0;
        for (position, place) in places.iter().enumerate() {
            let names =
                std::iter::once(&place.name).chain(place.names.iter().map(|name| &name.name));
            for name in names {
                let key = fold(name);
                if key.is_empty() {
                    continue;
                }
                longest_name = longest_name.max(key.split(' ').count());
                let entry = by_name.entry(key).or_default();
                if !entry.contains(&position) {
                    entry.push(position);
                }
            }
        }
        Gazetteer {
            places,
            by_name,
            longest_name,
        }
    }

    /// Returns true when the gazetteer has no place.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// Returns the places a name (in any spelling) refers to.
    pub fn lookup(&self, name: &str) -> Vec<&Place> {
        self.by_name
            .get(&fold(name))
            .map(|found| {
                found
                    .iter()
                    .map(|&index| &self.places[index])
                    .filter(|place| !place.id.starts_with(SPEAKER_PREFIX))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Returns a query matching every spelling of the places `name` refers to, or None
    /// when it is not a place name.
    ///
    /// A name is also found with the case endings of its script after it (see
    /// [`case_endings`]): `--place Tovuz` finds "Tovuzda", as a query's `Tovuz` does
    /// ([`Gazetteer::expand`]).
    pub fn any_spelling(&self, name: &str) -> Option<Query> {
        let indices = self.by_name.get(&fold(name))?;
        Some(self.spellings_query(indices))
    }

    /// Rewrites `query` so that each place name in it (a word, a phrase, or consecutive
    /// words) matches every spelling of its place. Returns the rewritten query and the ids
    /// of the places found.
    pub fn expand(&self, query: &Query) -> (Query, Vec<String>) {
        let mut found = Vec::new();
        let expanded = self.expand_part(query, &mut found);
        found.retain(|id| !id.starts_with(SPEAKER_PREFIX));
        found.sort();
        found.dedup();
        (expanded, found)
    }

    /// Returns which places of `places` a text mentions, and in which spelling.
    pub fn mentions(&self, text: &str, places: &[String]) -> Vec<PlaceMention> {
        if places.is_empty() {
            return Vec::new();
        }
        let folded = format!(" {} ", folded_words(text).join(" "));
        let mut mentions = Vec::new();
        for place in self
            .places
            .iter()
            .filter(|place| places.contains(&place.id))
        {
            let mut names: Vec<(&str, Option<&String>)> = place
                .names
                .iter()
                .map(|name| (name.name.as_str(), name.used_by.as_ref()))
                .collect();
            if !names.iter().any(|(name, _)| *name == place.name) {
                names.push((&place.name, None));
            }
            // Longest first, so "Nerkin Hand" wins over a shorter name inside it.
            names.sort_by_key(|(name, _)| std::cmp::Reverse(name.chars().count()));
            if let Some((variant, used_by)) = names.into_iter().find(|(name, _)| {
                let key = fold(name);
                !key.is_empty() && mentions_name(&folded, &key, case_endings(name))
            }) {
                mentions.push(PlaceMention {
                    place: place.id.clone(),
                    name: place.name.clone(),
                    variant: variant.to_string(),
                    used_by: used_by.cloned(),
                });
            }
        }
        mentions
    }

    fn expand_part(&self, query: &Query, found: &mut Vec<String>) -> Query {
        match query {
            Query::Word(text) | Query::Phrase(text) => match self.by_name.get(&fold(text)) {
                Some(indices) => {
                    found.extend(indices.iter().map(|&index| self.places[index].id.clone()));
                    self.spellings_query(indices)
                }
                None => query.clone(),
            },
            Query::Prefix(_) => query.clone(),
            Query::Not(inner) => Query::Not(Box::new(self.expand_part(inner, found))),
            Query::Or(parts) => Query::Or(
                parts
                    .iter()
                    .map(|part| self.expand_part(part, found))
                    .collect(),
            ),
            Query::And(parts) => {
                let mut expanded = Vec::with_capacity(parts.len());
                let mut position = 0;
                while position < parts.len() {
                    if let Some((length, indices)) = self.multi_word_name_at(parts, position) {
                        found.extend(indices.iter().map(|&index| self.places[index].id.clone()));
                        expanded.push(self.spellings_query(indices));
                        position += length;
                    } else {
                        expanded.push(self.expand_part(&parts[position], found));
                        position += 1;
                    }
                }
                if expanded.len() == 1 {
                    expanded.remove(0)
                } else {
                    Query::And(expanded)
                }
            }
        }
    }

    /// Finds the longest run of plain words starting at `start` that is a place name.
    fn multi_word_name_at(&self, parts: &[Query], start: usize) -> Option<(usize, &Vec<usize>)> {
        let most = self.longest_name.min(parts.len() - start);
        (2..=most).rev().find_map(|length| {
            let words: Option<Vec<&str>> = parts[start..start + length]
                .iter()
                .map(|part| match part {
                    Query::Word(word) => Some(word.as_str()),
                    _ => None,
                })
                .collect();
            let key = fold(&words?.join(" "));
            self.by_name.get(&key).map(|indices| (length, indices))
        })
    }

    fn spellings_query(&self, indices: &[usize]) -> Query {
        let mut seen = Vec::new();
        let mut spellings = Vec::new();
        for &index in indices {
            let place = &self.places[index];
            for name in
                std::iter::once(&place.name).chain(place.names.iter().map(|name| &name.name))
            {
                let key = fold(name);
                if key.is_empty() || seen.contains(&key) {
                    continue;
                }
                seen.push(key);
                spellings.push(Query::Phrase(name.clone()));
                for ending in case_endings(name) {
                    let inflected = format!("{name}{ending}");
                    let key = fold(&inflected);
                    if !seen.contains(&key) {
                        seen.push(key);
                        spellings.push(Query::Phrase(inflected));
                    }
                }
            }
        }
        if spellings.len() == 1 {
            spellings.remove(0)
        } else {
            Query::Or(spellings)
        }
    }
}

/// Whether `folded` (folded words, a space before and after each) holds the name `key`
/// (folded) as a word, or with one of `endings` after it: each place the name starts a
/// word is looked at once, where folding the name with each ending for each text did a
/// page of hits' worth of allocations.
fn mentions_name(folded: &str, key: &str, endings: &[&str]) -> bool {
    let start = format!(" {key}");
    folded.match_indices(&start).any(|(at, _)| {
        let rest = &folded[at + start.len()..];
        let word = &rest[..rest.find(' ').unwrap_or(rest.len())];
        word.is_empty() || endings.contains(&word)
    })
}

/// The endings a place's name takes in the languages of its script, as written after it:
/// Azerbaijani and Turkish put their cases on the name (Tovuzda "in Tovuz", Qafandan
/// "from Kapan", Tovuzun "of Tovuz", Tovuzlu "of Tovuz"), Armenian too (Կապանում "in
/// Kapan"), and Russian (в Капане). Written folded, both vowels of each harmony pair;
/// forms that no language makes match nothing. A list, not a prefix: "Kapan*" would find
/// the Georgian surname Kapanadze, and "Baku*" Bakunin.
fn case_endings(name: &str) -> &'static [&'static str] {
    const LATIN: &[&str] = &[
        "a", "e", "ya", "ye", "i", "u", "yi", "yu", "in", "un", "nin", "nun", "da", "de", "ta",
        "te", "dan", "den", "tan", "ten", "daki", "deki", "li", "lu", "lar", "ler",
    ];
    const ARMENIAN: &[&str] = &["ի", "ը", "ն", "ու", "ում", "ից", "ով", "ին"];
    const CYRILLIC: &[&str] = &["а", "у", "е", "ом", "ой", "ы", "и", "я", "ю", "ем"];
    match name
        .chars()
        .rev()
        .find(|character| character.is_alphabetic())
    {
        Some('\u{0531}'..='\u{058F}') => ARMENIAN,
        Some('\u{0400}'..='\u{04FF}') => CYRILLIC,
        // Latin, its extensions and the IPA block, which holds ə (Ağdərə).
        Some(last) if u32::from(last) < 0x0370 => LATIN,
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PlaceName;

    fn place(id: &str, name: &str, names: &[(&str, Option<&str>)]) -> Place {
        Place {
            id: id.into(),
            name: name.into(),
            country: Some("AM".into()),
            kind: Some("village".into()),
            region: None,
            names: names
                .iter()
                .map(|(name, used_by)| PlaceName {
                    name: (*name).into(),
                    language: None,
                    used_by: used_by.map(Into::into),
                })
                .collect(),
        }
    }

    fn gazetteer() -> Gazetteer {
        Gazetteer::new(vec![
            place(
                "nerkin-hand",
                "Nerkin Hand",
                &[
                    ("Nerkin-And", Some("AZ")),
                    ("Ներքին Հանդ", Some("AM")),
                    ("Неркин Анд", None),
                ],
            ),
            place(
                "kapan",
                "Kapan",
                &[
                    ("Qafan", Some("AZ")),
                    ("Gafan", Some("AZ")),
                    ("Կապան", Some("AM")),
                ],
            ),
        ])
    }

    /// Checks the expansion of `input`, its spellings with case endings left out (see
    /// `place_names_expand_with_their_case_endings`).
    fn check(input: &str, expected: &str, places: &[&str]) {
        let gazetteer = gazetteer();
        let (expanded, found) = gazetteer.expand(&Query::parse(input).unwrap());
        let names: Vec<&str> = gazetteer
            .places
            .iter()
            .flat_map(|place| {
                std::iter::once(place.name.as_str())
                    .chain(place.names.iter().map(|name| name.name.as_str()))
            })
            .collect();
        assert_eq!(
            without_endings(expanded, &names).to_string(),
            expected,
            "{input}"
        );
        assert_eq!(found, places, "{input}");
    }

    /// `query` without the phrases that are no name of `names` (a name with an ending).
    fn without_endings(query: Query, names: &[&str]) -> Query {
        let keep =
            |part: &Query| !matches!(part, Query::Phrase(text) if !names.contains(&text.as_str()));
        match query {
            Query::Or(parts) => {
                let mut kept: Vec<Query> = parts
                    .into_iter()
                    .filter(keep)
                    .map(|part| without_endings(part, names))
                    .collect();
                match kept.len() {
                    1 => kept.remove(0),
                    _ => Query::Or(kept),
                }
            }
            Query::And(parts) => Query::And(
                parts
                    .into_iter()
                    .map(|part| without_endings(part, names))
                    .collect(),
            ),
            Query::Not(inner) => Query::Not(Box::new(without_endings(*inner, names))),
            other => other,
        }
    }

    /// A place's name in a query is also looked up with the case endings of its script:
    /// `Kapan` finds Qafanda, Կապանում and в Капане.
    #[test]
    fn place_names_expand_with_their_case_endings() {
        let (expanded, _) = gazetteer().expand(&Query::parse("Gafan").unwrap());
        let Query::Or(parts) = expanded else {
            panic!("{expanded}")
        };
        for inflected in ["Qafanda", "Kapanin", "Կապանում", "Gafandan"] {
            assert!(
                parts.contains(&Query::Phrase(inflected.to_string())),
                "{inflected} in {parts:?}"
            );
        }
        assert!(!parts.contains(&Query::Phrase("Kapanadze".to_string())));
    }

    #[test]
    fn each_script_has_its_endings() {
        assert!(case_endings("Tovuz").contains(&"da"));
        assert!(case_endings("Ağdərə").contains(&"da"));
        assert!(case_endings("Կապան").contains(&"ում"));
        assert!(case_endings("Капан").contains(&"е"));
        assert!(case_endings("თბილისი").is_empty());
    }

    #[test]
    fn place_names_expand_to_every_spelling() {
        check(
            "Gafan",
            "\"Kapan\" OR \"Qafan\" OR \"Gafan\" OR \"Կապան\"",
            &["kapan"],
        );
        check(
            "shooting Nerkin-And",
            "shooting (\"Nerkin Hand\" OR \"Nerkin-And\" OR \"Ներքին Հանդ\" OR \"Неркин Анд\")",
            &["nerkin-hand"],
        );
        check(
            "nerkin hand shooting",
            "(\"Nerkin Hand\" OR \"Nerkin-And\" OR \"Ներքին Հանդ\" OR \"Неркин Анд\") shooting",
            &["nerkin-hand"],
        );
        check(
            "\"nerkin and\"",
            "\"Nerkin Hand\" OR \"Nerkin-And\" OR \"Ներքին Հանդ\" OR \"Неркин Анд\"",
            &["nerkin-hand"],
        );
        check(
            "border -qafan",
            "border -(\"Kapan\" OR \"Qafan\" OR \"Gafan\" OR \"Կապան\")",
            &["kapan"],
        );
        check("restraint", "restraint", &[]);
    }

    /// A gazetteer of only the places a query's names find expands it as the whole one.
    #[test]
    fn the_places_a_query_names_expand_it_as_the_whole_gazetteer() {
        let whole = gazetteer();
        for input in [
            "Gafan",
            "shooting Nerkin-And",
            "nerkin hand shooting",
            "\"nerkin and\" OR qafan",
            "border -qafan",
            "(Tovuz OR Gafan) fire",
            "restraint",
            "nerk* hand",
        ] {
            let query = Query::parse(input).unwrap();
            let names = names_in(&query).unwrap();
            let named: Vec<Place> = whole
                .places
                .iter()
                .filter(|place| {
                    std::iter::once(&place.name)
                        .chain(place.names.iter().map(|name| &name.name))
                        .any(|name| names.contains(&fold(name)))
                })
                .cloned()
                .collect();
            assert_eq!(
                Gazetteer::new(named).expand(&query),
                whole.expand(&query),
                "{input}"
            );
        }
        let long = vec!["word"; LONGEST_RUN_LOOKED_UP + 1].join(" ");
        assert_eq!(names_in(&Query::parse(&long).unwrap()), None);
    }

    #[test]
    fn mentions_name_the_spelling_used() {
        let mentions = gazetteer().mentions(
            "near the Nerkin-And settlement of Gafan district",
            &["kapan".into(), "nerkin-hand".into()],
        );
        let shown: Vec<(&str, &str)> = mentions
            .iter()
            .map(|mention| (mention.place.as_str(), mention.variant.as_str()))
            .collect();
        assert_eq!(
            shown,
            vec![("nerkin-hand", "Nerkin-And"), ("kapan", "Gafan")]
        );
        assert_eq!(mentions[1].used_by.as_deref(), Some("AZ"));
    }
}
