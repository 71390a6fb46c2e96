//! Place names in every spelling: "Nerkin-And" and "Nerkin Hand", Kapan and Qafan.
//!
//! Built from the archive's `places` tables, the gazetteer rewrites a query so that a
//! place name matches every name of its place, and tells which spelling a text used. Pure:
//! no I/O, no tantivy.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::Serialize;

use crate::fold::fold;
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
        Query::Word(text) | Query::Phrase(text) => {
            names.push(fold(text));
            // Runs of its words, as `Gazetteer::expand_phrase` looks them up.
            let words: Vec<String> = word_spans(text)
                .into_iter()
                .map(|(_, key)| key.into_owned())
                .collect();
            if words.len() > 1 {
                if words.len() > LONGEST_RUN_LOOKED_UP {
                    return None;
                }
                push_runs(&words, 1, names);
            }
        }
        // Words near each other are searched as typed: a name's spellings would make a
        // proximity of each.
        Query::Prefix(_) | Query::Near { .. } => {}
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
                push_runs(&words, 2, names);
            }
        }
    }
    Some(())
}

/// Pushes the folded text of every run of at least `shortest` consecutive `words`.
fn push_runs(words: &[impl AsRef<str>], shortest: usize, names: &mut Vec<String>) {
    for start in 0..words.len() {
        for end in start + shortest..=words.len() {
            let run: Vec<&str> = words[start..end].iter().map(AsRef::as_ref).collect();
            names.push(fold(&run.join(" ")));
        }
    }
}

/// Returns the words of a phrase as [`fold`] parts them: each word's byte range in
/// `text` and its folded key. A name found in a phrase is replaced by its range, so the
/// rest of the phrase stays as typed (an `'s`, a `ə` the index reads two ways).
fn word_spans(text: &str) -> Vec<(std::ops::Range<usize>, Cow<'_, str>)> {
    let is_word_character = |character: char| {
        character.is_ascii_alphanumeric()
            || (!character.is_ascii()
                && (character.is_alphanumeric()
                    || unicode_normalization::char::is_combining_mark(character)))
    };
    let mut spans = Vec::new();
    let mut start = None;
    let mut before = None;
    let mut characters = text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
        .peekable();
    while let Some((at, character)) = characters.next() {
        let after = characters.peek().map(|&(_, after)| after);
        // An apostrophe inside a Cyrillic word is of the word, as `fold` reads it: the
        // key of Кам'янське is one word.
        let in_word = is_word_character(character)
            || crate::fold::is_word_apostrophe(before, character, after);
        before = Some(character);
        match (start, in_word) {
            (None, true) => start = Some(at),
            (Some(from), false) => {
                let word = &text[from..at];
                // A word in lower-case ASCII is its own key: most words of most texts
                // the mention finder reads.
                let key = if word
                    .bytes()
                    .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit())
                {
                    Cow::Borrowed(word)
                } else {
                    Cow::Owned(fold(word))
                };
                if !key.is_empty() {
                    spans.push((from..at, key));
                }
                start = None;
            }
            _ => {}
        }
    }
    spans
}

/// The most forms one phrase naming several places or speakers is searched in: the
/// forms of a phrase are every combination of the forms of its names, and two names of
/// ten spellings, each with two dozen case endings, would make 60,000 phrases. One name
/// is searched in all its forms, as it is alone (a name of nine spellings: some 200).
pub const MOST_PHRASE_FORMS: usize = 256;

/// One form of a name in a phrase: a spelling, with or without a case ending.
struct NameForm {
    text: String,
    /// The script it is written in; None for a name kept as typed, which goes with the
    /// other names' forms in any script.
    script: Option<Script>,
}

/// The scripts whose names a phrase's combinations keep together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Script {
    Latin,
    Armenian,
    Cyrillic,
    Other,
}

impl Script {
    /// Returns the script of `name`, told by its last letter, as [`case_endings`] does.
    fn of(name: &str) -> Script {
        match name
            .chars()
            .rev()
            .find(|character| character.is_alphabetic())
        {
            Some('\u{0531}'..='\u{058F}') => Script::Armenian,
            Some('\u{0400}'..='\u{04FF}') => Script::Cyrillic,
            // Latin, its extensions and the IPA block, which holds ə (Ağdərə).
            Some(last) if u32::from(last) < 0x0370 => Script::Latin,
            _ => Script::Other,
        }
    }
}

/// The one script the words of a phrase around its names are written in (digits and
/// signs aside); None when they are in several, or there are none.
fn own_script(
    words: &[(std::ops::Range<usize>, Cow<'_, str>)],
    names: &[(std::ops::Range<usize>, &Vec<usize>)],
    text: &str,
) -> Option<Script> {
    let mut own = words
        .iter()
        .filter(|(range, _)| {
            !names
                .iter()
                .any(|(name, _)| name.start <= range.start && range.end <= name.end)
        })
        .map(|(range, _)| Script::of(&text[range.clone()]))
        .filter(|script| *script != Script::Other);
    let first = own.next()?;
    own.all(|script| script == first).then_some(first)
}

/// The scripts any name of `forms` is written in, in a fixed order.
fn scripts(forms: &[Vec<NameForm>]) -> Vec<Script> {
    let mut scripts: Vec<Script> = forms
        .iter()
        .flatten()
        .filter_map(|form| form.script)
        .collect();
    scripts.sort();
    scripts.dedup();
    scripts
}

/// How many phrases the names' `forms` make, combined script by script.
fn combination_count(forms: &[Vec<NameForm>]) -> usize {
    scripts(forms)
        .into_iter()
        .map(|script| {
            forms.iter().fold(1usize, |product, forms| {
                let in_script = forms
                    .iter()
                    .filter(|form| form.script.is_none_or(|own| own == script))
                    .count();
                product.saturating_mul(in_script)
            })
        })
        .fold(0usize, usize::saturating_add)
}

/// Returns a speaker's aliases and, when one of their names is a surname alone (Пашинян,
/// the last word of Никол Пашинян), the surname of each of their names of several words
/// too (Pashinyan of Nikol Pashinyan, Փաշինյան, Paşinyan): a text names a person by
/// surname in any script, so `Pashinyan` finds «Пашинян» as `Пашинян` does, whichever
/// of the surnames the archive stores. Two speakers of one surname (Ilham and Heydar
/// Aliyev) then share it, and a query for it finds both, as it names either.
fn with_surnames(speaker: &SpeakerNames) -> Vec<String> {
    let names: Vec<&str> = std::iter::once(speaker.name.as_str())
        .chain(speaker.aliases.iter().map(String::as_str))
        .collect();
    let mut aliases = speaker.aliases.clone();
    // The last word of each name of several words, as written.
    let surnames: Vec<&str> = names
        .iter()
        .filter_map(|name| {
            let words = word_spans(name);
            (words.len() > 1).then(|| &name[words[words.len() - 1].0.clone()])
        })
        .collect();
    let surname_alone = names.iter().any(|name| {
        let key = fold(name);
        !key.contains(' ') && surnames.iter().any(|surname| fold(surname) == key)
    });
    if surname_alone {
        let mut known: Vec<String> = names.iter().map(|name| fold(name)).collect();
        for surname in surnames {
            let key = fold(surname);
            if !known.contains(&key) {
                known.push(key);
                aliases.push(surname.to_string());
            }
        }
    }
    aliases
}

/// Marks the name groups of speakers among places.
const SPEAKER_PREFIX: &str = "speaker:";

/// The spellings of places that are also everyday words or people's given names in
/// their language (`corpus/place-words.tsv`): "Тех" is Tegh and "those", "Արարատ" the
/// town and Foreign Minister Ararat Mirzoyan's first name.
const PLACE_WORDS: &str = include_str!("../corpus/place-words.tsv");

/// What else a place's spelling is, in its language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Homonym {
    /// An everyday word ("Բերդ", fortress): the place's name only capitalised, and
    /// with a case ending only inside a sentence, where a capital is no sentence's
    /// ("Տեղում", on the spot, may start one); left out of a query's other spellings
    /// of the place, as the index (folded) cannot tell it from the word.
    Word,
    /// A given name ("Ararat" of Ararat Mirzoyan): not the place when a capitalised word
    /// follows it, a surname.
    GivenName,
}

/// Returns what else `name` is, if anything (see [`PLACE_WORDS`]).
fn homonym(name: &str) -> Option<Homonym> {
    static HOMONYMS: std::sync::OnceLock<HashMap<String, Homonym>> = std::sync::OnceLock::new();
    HOMONYMS
        .get_or_init(|| {
            PLACE_WORDS
                .lines()
                .skip(1)
                .filter_map(|line| {
                    let mut fields = line.split('\t');
                    let name = fields.next()?;
                    let kind = match fields.nth(1)? {
                        "word" => Homonym::Word,
                        "given-name" => Homonym::GivenName,
                        _ => return None,
                    };
                    Some((fold(name), kind))
                })
                .collect()
        })
        .get(&fold(name))
        .copied()
}

/// Whether `text` starts with a capital letter, as a proper noun does in Latin,
/// Cyrillic and Armenian script.
fn is_capitalised(text: &str) -> bool {
    text.chars()
        .find(|character| character.is_alphabetic())
        .is_some_and(char::is_uppercase)
}

/// Whether a word after `before` starts a sentence: nothing but spaces, quotes and
/// brackets after a full stop (Latin, Armenian `։`), a question or exclamation mark, a
/// line break, or the start of the text.
fn starts_sentence(before: &str) -> bool {
    let mut line_break = false;
    let last = before.chars().rev().find(|&character| {
        line_break |= character == '\n';
        !(character.is_whitespace() || "\"'«»“”„‘’()[]-–—".contains(character))
    });
    line_break || last.is_none_or(|last| ".!?։…:;".contains(last))
}

/// Whether a name as typed in a query may be the place's: a spelling that is also an
/// everyday word names the place only capitalised ("Тех", not "тех", those).
fn may_name_place(typed: &str) -> bool {
    homonym(typed) != Some(Homonym::Word) || is_capitalised(typed)
}

/// A spelling of a place, with what the gazetteer knows of its language.
/// Finds some places in texts, their spellings read once (see
/// [`Gazetteer::mention_finder`]).
pub struct MentionFinder<'a> {
    /// Each place, with its spellings longest first.
    places: Vec<(&'a Place, Vec<NameToFind<'a>>)>,
}

impl MentionFinder<'_> {
    /// Returns which of the finder's places `text` mentions (see [`Gazetteer::mentions`]).
    pub fn mentions(&self, text: &str) -> Vec<PlaceMention> {
        if self.places.is_empty() {
            return Vec::new();
        }
        let words = word_spans(text);
        self.places
            .iter()
            .filter_map(|(place, names)| {
                names.iter().find_map(|name| {
                    written_name(text, &words, name).map(|variant| PlaceMention {
                        place: place.id.clone(),
                        name: place.name.clone(),
                        variant: variant.to_string(),
                        used_by: name.spelling.used_by.map(str::to_string),
                    })
                })
            })
            .collect()
    }

    /// Whether `text` mentions any of the finder's places.
    pub fn finds_any(&self, text: &str) -> bool {
        if self.places.is_empty() {
            return false;
        }
        let words = word_spans(text);
        self.places.iter().any(|(_, names)| {
            names
                .iter()
                .any(|name| written_name(text, &words, name).is_some())
        })
    }
}

/// A spelling of a place with what finding it in a text takes: its folded words, what
/// else it is, and the case endings it may take.
struct NameToFind<'a> {
    spelling: Spelling<'a>,
    words: Vec<String>,
    homonym: Option<Homonym>,
    endings: &'static [&'static str],
}

impl<'a> NameToFind<'a> {
    /// None for a spelling with no letter or digit, which nothing can write.
    fn of(spelling: Spelling<'a>) -> Option<NameToFind<'a>> {
        let words: Vec<String> = fold(spelling.name)
            .split(' ')
            .filter(|word| !word.is_empty())
            .map(str::to_string)
            .collect();
        (!words.is_empty()).then(|| NameToFind {
            spelling,
            words,
            homonym: homonym(spelling.name),
            endings: spelling.endings(),
        })
    }
}

#[derive(Debug, Clone, Copy)]
struct Spelling<'a> {
    name: &'a str,
    language: Option<&'a str>,
    used_by: Option<&'a str>,
    /// The country the place lies in.
    country: Option<&'a str>,
}

impl<'a> Spelling<'a> {
    /// Returns every spelling of `place`, its display name first.
    fn all_of(place: &'a Place) -> Vec<Spelling<'a>> {
        let mut spellings: Vec<Spelling<'a>> = Vec::with_capacity(place.names.len() + 1);
        let country = place.country.as_deref();
        let listed = |name: &'a crate::model::PlaceName| Spelling {
            name: &name.name,
            language: name.language.as_deref(),
            used_by: name.used_by.as_deref(),
            country,
        };
        spellings.push(
            place
                .names
                .iter()
                .find(|name| name.name == place.name)
                .map(listed)
                .unwrap_or(Spelling {
                    name: &place.name,
                    language: None,
                    used_by: None,
                    country,
                }),
        );
        spellings.extend(
            place
                .names
                .iter()
                .filter(|name| name.name != place.name)
                .map(listed),
        );
        spellings
    }

    /// The case endings this spelling takes (see [`case_endings`]).
    fn endings(&self) -> &'static [&'static str] {
        // A place in Azerbaijan: its Latin names but the Armenian transliterations are
        // Azerbaijani ones too (Tovuz, Tovuzda).
        let azerbaijani = self.country == Some("AZ") && self.language != Some("hy-Latn");
        let language = match self.language {
            Some("en") | None if azerbaijani => Some("az"),
            language => language,
        };
        case_endings(self.name, language, self.used_by)
    }
}

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
                names: with_surnames(speaker)
                    .into_iter()
                    .map(|alias| crate::model::PlaceName {
                        name: alias,
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
        Some(self.spellings_query(indices, None, &mut Vec::new()))
    }

    /// Rewrites `query` so that each place name in it (a word, a phrase, consecutive
    /// words, or words of a phrase) matches every spelling of its place. Returns the
    /// rewritten query, the ids of the places found, and the phrases whose names are
    /// searched in fewer forms than alone (see [`MOST_PHRASE_FORMS`]).
    ///
    /// A phrase holding a name is searched with each spelling of the name in its place,
    /// each with the case endings of its script: `"near Tovuz"` finds "near Tauz" and
    /// "near Tovuzda". A run of the phrase's words that is a name is taken longest first,
    /// as loose words are.
    pub fn expand(&self, query: &Query) -> Expansion {
        let mut found = Vec::new();
        let mut narrowed = Vec::new();
        let mut spelling_groups = Vec::new();
        let expanded = self.expand_part(query, &mut found, &mut narrowed, &mut spelling_groups);
        found.retain(|id| !id.starts_with(SPEAKER_PREFIX));
        found.sort();
        found.dedup();
        narrowed.dedup();
        Expansion {
            query: expanded,
            places: found,
            narrowed,
            spelling_groups,
        }
    }

    /// Returns which places of `places` a text mentions, and in which spelling: the
    /// name as the text writes it, without its case ending ("Qafanda" is "Qafan").
    ///
    /// A spelling that is an everyday word counts only capitalised and without a case
    /// ending, and one that is a given name not when a capitalised word follows it (a
    /// surname: "Ararat Mirzoyan" is no mention of the town).
    pub fn mentions(&self, text: &str, places: &[String]) -> Vec<PlaceMention> {
        self.mention_finder(places).mentions(text)
    }

    /// Returns a finder of `places` in texts ([`MentionFinder::mentions`] is
    /// [`Gazetteer::mentions`]): their spellings read once, for the many texts of a
    /// search's hits or candidates.
    pub fn mention_finder(&self, places: &[String]) -> MentionFinder<'_> {
        if places.is_empty() {
            return MentionFinder { places: Vec::new() };
        }
        let places = self
            .places
            .iter()
            .filter(|place| places.contains(&place.id))
            .map(|place| {
                let mut names: Vec<NameToFind> = Spelling::all_of(place)
                    .into_iter()
                    .filter_map(NameToFind::of)
                    .collect();
                // Longest first, so "Nerkin Hand" wins over a shorter name inside it.
                names.sort_by_key(|name| std::cmp::Reverse(name.spelling.name.chars().count()));
                (place, names)
            })
            .collect();
        MentionFinder { places }
    }

    /// [`Self::expand`] of one part of a query: the places it names go to `found`, the
    /// phrases searched in fewer forms to `narrowed`, the spellings of each name to
    /// `groups`.
    fn expand_part(
        &self,
        query: &Query,
        found: &mut Vec<String>,
        narrowed: &mut Vec<NarrowedPhrase>,
        groups: &mut Vec<Vec<String>>,
    ) -> Query {
        match query {
            Query::Word(text) | Query::Phrase(text) => match self
                .by_name
                .get(&fold(text))
                .filter(|_| may_name_place(text))
            {
                Some(indices) => {
                    found.extend(indices.iter().map(|&index| self.places[index].id.clone()));
                    self.spellings_query(indices, Some(&fold(text)), groups)
                }
                // A word the index cuts in several (`Kapan-Goris`) is a phrase to it.
                None => self
                    .expand_phrase(text, found, narrowed)
                    .unwrap_or_else(|| query.clone()),
            },
            Query::Prefix(_) | Query::Near { .. } => query.clone(),
            Query::Not(inner) => {
                Query::Not(Box::new(self.expand_part(inner, found, narrowed, groups)))
            }
            Query::Or(parts) => Query::Or(
                parts
                    .iter()
                    .map(|part| self.expand_part(part, found, narrowed, groups))
                    .collect(),
            ),
            Query::And(parts) => {
                let mut expanded = Vec::with_capacity(parts.len());
                let mut position = 0;
                while position < parts.len() {
                    if let Some((length, key, indices)) = self.multi_word_name_at(parts, position) {
                        found.extend(indices.iter().map(|&index| self.places[index].id.clone()));
                        expanded.push(self.spellings_query(indices, Some(&key), groups));
                        position += length;
                    } else {
                        expanded.push(self.expand_part(&parts[position], found, narrowed, groups));
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
    fn multi_word_name_at(
        &self,
        parts: &[Query],
        start: usize,
    ) -> Option<(usize, String, &Vec<usize>)> {
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
            let indices = self.by_name.get(&key)?;
            Some((length, key, indices))
        })
    }

    /// Returns the phrase `text` with every form of each name among its words in the
    /// name's place (see [`Gazetteer::expand`]), or None when no run of its words is a
    /// name.
    ///
    /// Several names are combined script by script (Tauz with Nerkin-And, Тауз with
    /// Неркин Анд, never Тауз with Nerkin-And: a text writes its names in one script),
    /// and their combinations are bounded by [`MOST_PHRASE_FORMS`]: the names lose their
    /// case endings, from the first, until the combinations fit; then the last names are
    /// kept as typed, until they fit. The phrase is then noted in `narrowed`.
    fn expand_phrase(
        &self,
        text: &str,
        found: &mut Vec<String>,
        narrowed: &mut Vec<NarrowedPhrase>,
    ) -> Option<Query> {
        let words = word_spans(text);
        if words.len() < 2 {
            return None;
        }
        // Each name: its range in `text` and its places.
        let mut names: Vec<(std::ops::Range<usize>, &Vec<usize>)> = Vec::new();
        let mut position = 0;
        while position < words.len() {
            let most = self.longest_name.min(words.len() - position);
            let name = (1..=most).rev().find_map(|length| {
                let run = &words[position..position + length];
                let key: Vec<&str> = run.iter().map(|(_, key)| key.as_ref()).collect();
                let range = run[0].0.start..run[length - 1].0.end;
                self.by_name
                    .get(&key.join(" "))
                    .filter(|_| may_name_place(&text[range.clone()]))
                    .map(|indices| (length, range, indices))
            });
            match name {
                Some((length, range, indices)) => {
                    found.extend(indices.iter().map(|&index| self.places[index].id.clone()));
                    names.push((range, indices));
                    position += length;
                }
                None => position += 1,
            }
        }
        if names.is_empty() {
            return None;
        }
        let forms_of = |range: &std::ops::Range<usize>,
                        indices: &[usize],
                        with_endings: bool|
         -> Vec<NameForm> {
            self.spellings(indices, with_endings, Some(&fold(&text[range.clone()])))
                .into_iter()
                .map(|spelling| NameForm {
                    script: Some(Script::of(&spelling)),
                    text: spelling,
                })
                .collect()
        };
        let mut forms: Vec<Vec<NameForm>> = names
            .iter()
            .map(|(range, indices)| forms_of(range, indices, true))
            .collect();
        // The phrase's own words say its script: "near Sarigyugh village" is English, and
        // the name's Cyrillic and Armenian spellings (800 of its 1,100 forms) would not
        // stand between those words in any text, while each cost the search a phrase of
        // two readings a word (Russian's stems): 7x the name's time alone.
        if let Some(script) = own_script(&words, &names, text) {
            for forms in &mut forms {
                forms.retain(|form| form.script == Some(script));
            }
        }
        let mut narrowing = None;
        if names.len() > 1 {
            for (at, (range, indices)) in names.iter().enumerate() {
                if combination_count(&forms) <= MOST_PHRASE_FORMS {
                    break;
                }
                forms[at] = forms_of(range, indices, false);
                narrowing = Some(Narrowing::WithoutEndings);
            }
            for at in (1..names.len()).rev() {
                if combination_count(&forms) <= MOST_PHRASE_FORMS {
                    break;
                }
                forms[at] = vec![NameForm {
                    script: None,
                    text: text[names[at].0.clone()].to_string(),
                }];
                narrowing = Some(Narrowing::FirstNames(at));
            }
        }
        if let Some(narrowing) = narrowing {
            narrowed.push(NarrowedPhrase {
                phrase: text.to_string(),
                narrowing,
            });
        }
        // The phrase as typed first: its names may be in scripts no combination mixes.
        let mut seen = std::collections::HashSet::from([fold(text)]);
        let mut alternatives = vec![Query::Phrase(text.to_string())];
        for script in scripts(&forms) {
            // Every combination of the names' forms in this script, the text between
            // them as typed.
            let mut phrases = vec![String::new()];
            let mut typed_to = 0;
            for ((range, _), forms) in names.iter().zip(&forms) {
                let between = &text[typed_to..range.start];
                phrases = phrases
                    .iter()
                    .flat_map(|start| {
                        forms
                            .iter()
                            .filter(|form| form.script.is_none_or(|own| own == script))
                            .map(move |form| format!("{start}{between}{}", form.text))
                    })
                    .collect();
                typed_to = range.end;
            }
            alternatives.extend(
                phrases
                    .into_iter()
                    .map(|phrase| phrase + &text[typed_to..])
                    .filter(|phrase| seen.insert(fold(phrase)))
                    .map(Query::Phrase),
            );
        }
        Some(match alternatives.len() {
            1 => alternatives.remove(0),
            _ => Query::Or(alternatives),
        })
    }

    /// The query of every spelling of the places at `indices` (see [`Self::spellings`]);
    /// a name of several spellings is added to `groups`.
    fn spellings_query(
        &self,
        indices: &[usize],
        words: Option<&str>,
        groups: &mut Vec<Vec<String>>,
    ) -> Query {
        let spellings = self.spellings(indices, true, words);
        if spellings.len() > 1 {
            groups.push(spellings.clone());
        }
        let mut spellings: Vec<Query> = spellings.into_iter().map(Query::Phrase).collect();
        if spellings.len() == 1 {
            spellings.remove(0)
        } else {
            Query::Or(spellings)
        }
    }

    /// Returns every spelling of the places at `indices`, one per folded form, each
    /// followed by its forms with the case endings of its language when `with_endings`.
    /// A spelling that is an everyday word (see [`Homonym::Word`]) is left out unless
    /// `words` is None (`--place`, whose hits the mention finder checks) or it is the
    /// name as typed (`words` holds its folded key).
    fn spellings(&self, indices: &[usize], with_endings: bool, words: Option<&str>) -> Vec<String> {
        let mut seen = Vec::new();
        let mut spellings = Vec::new();
        for &index in indices {
            for spelling in Spelling::all_of(&self.places[index]) {
                let key = fold(spelling.name);
                if key.is_empty() || seen.contains(&key) {
                    continue;
                }
                if homonym(spelling.name) == Some(Homonym::Word)
                    && words.is_some_and(|typed| typed != key)
                {
                    continue;
                }
                seen.push(key);
                spellings.push(spelling.name.to_string());
                if !with_endings {
                    continue;
                }
                for ending in spelling.endings() {
                    let inflected = format!("{}{ending}", spelling.name);
                    let key = fold(&inflected);
                    if !seen.contains(&key) {
                        seen.push(key);
                        spellings.push(inflected);
                    }
                }
            }
        }
        spellings
    }
}

/// What [`Gazetteer::expand`] made of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    /// The query, each name in it an alternative of its spellings.
    pub query: Query,
    /// The ids of the places the query names (speakers left out), sorted.
    pub places: Vec<String>,
    /// The phrases naming so many places or speakers that not every form of each name
    /// is searched (see [`MOST_PHRASE_FORMS`]).
    pub narrowed: Vec<NarrowedPhrase>,
    /// The spellings of each name the query searches in several, as `query` has them:
    /// one name to the reader, which a ranking should weigh as one word.
    pub spelling_groups: Vec<Vec<String>>,
}

/// A phrase whose names are searched in fewer forms than each alone would be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NarrowedPhrase {
    /// The phrase as typed.
    pub phrase: String,
    /// How its names were bounded.
    pub narrowing: Narrowing,
}

/// How a phrase of several names was kept within [`MOST_PHRASE_FORMS`] forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Narrowing {
    /// Its names in every spelling, without (some of) their case endings.
    WithoutEndings,
    /// Only this many of its first names in every spelling, without case endings; the
    /// others as typed.
    FirstNames(usize),
}

impl std::fmt::Display for NarrowedPhrase {
    /// Writes the status line a search prints for the phrase.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let phrase = crate::quote::quoted(&self.phrase);
        match self.narrowing {
            Narrowing::WithoutEndings => write!(
                f,
                "the phrase {phrase} names several places or speakers: they are searched in every spelling, but not with every case ending (at most {MOST_PHRASE_FORMS} forms of a phrase); search them apart to find those too"
            ),
            Narrowing::FirstNames(count) => {
                let first = match count {
                    1 => "the first is".to_string(),
                    _ => format!("the first {count} are"),
                };
                write!(
                    f,
                    "the phrase {phrase} names too many places or speakers to search each in every spelling (at most {MOST_PHRASE_FORMS} forms of a phrase): {first}, without case endings, and the others as typed; search them apart to find every spelling"
                )
            }
        }
    }
}

/// Returns the first place `text` (cut into `words` by [`word_spans`]) writes
/// `name`, as it writes it, its case ending left out; None when it does not, or only
/// as the word or the given name the spelling also is (see [`Homonym`]).
fn written_name<'t>(
    text: &'t str,
    words: &[(std::ops::Range<usize>, Cow<'_, str>)],
    name: &NameToFind,
) -> Option<&'t str> {
    let (last, first) = name.words.split_last()?;
    let count = name.words.len();
    let homonym = name.homonym;
    let endings = name.endings;
    (0..(words.len() + 1).saturating_sub(count)).find_map(|start| {
        let run = &words[start..start + count];
        if run.iter().zip(first).any(|((_, word), name)| word != name) {
            return None;
        }
        let (last_range, last_word) = &run[count - 1];
        let ending = last_word.strip_prefix(last)?;
        if !ending.is_empty() && !endings.contains(&ending) {
            return None;
        }
        let written_last = &text[last_range.clone()];
        // The text's letters of the name, without the ending: the shortest beginning of
        // the word that folds to the name's last word.
        let name_end = if ending.is_empty() {
            last_range.end
        } else {
            last_range.start
                + written_last
                    .char_indices()
                    .map(|(at, _)| at)
                    .chain(std::iter::once(written_last.len()))
                    .find(|&at| fold(&written_last[..at]) == *last)
                    .unwrap_or(written_last.len())
        };
        let written = &text[run[0].0.start..name_end];
        match homonym {
            Some(Homonym::Word)
                if !is_capitalised(written)
                    || (!ending.is_empty() && starts_sentence(&text[..run[0].0.start])) =>
            {
                return None
            }
            Some(Homonym::GivenName) => {
                // A capitalised word right after it, on the same line: a surname.
                if let Some((next, _)) = words.get(start + count) {
                    let between = &text[last_range.end..next.start];
                    let spaces_only = !between.is_empty()
                        && between
                            .chars()
                            .all(|character| character == ' ' || character == '\u{a0}');
                    if spaces_only && is_capitalised(&text[next.clone()]) {
                        return None;
                    }
                }
            }
            _ => {}
        }
        Some(written)
    })
}

/// The endings a place's spelling takes in its language, as written after it:
/// Azerbaijani and Turkish put their cases on the name (Tovuzda "in Tovuz", Qafandan
/// "from Kapan", Tovuzun "of Tovuz", Tovuzlu "of Tovuz"), Armenian too (Կապանում "in
/// Kapan"), and Russian (в Капане). Written folded, both vowels of each harmony pair;
/// forms that no language makes match nothing. A list, not a prefix: "Kapan*" would find
/// the Georgian surname Kapanadze, and "Baku*" Bakunin.
///
/// A Latin spelling takes the Azerbaijani endings only when it is Azerbaijani or Turkish
/// (`language`; a place in Azerbaijan's English name is its Azerbaijani one: Tovuz),
/// Azerbaijan's usage (`used_by`), or, of unknown language, has a letter of
/// Azerbaijani (ə, ğ, ı, ş): English and transliterated Armenian names take none, or
/// "Sis" would be el-Sisi and "Masis" Masisi. A name of four letters or fewer takes only
/// endings of two letters or more, since a one-letter ending makes another word of it
/// (Сис + и is Сиси, Տեղ + ի is տեղի "took place").
fn case_endings(
    name: &str,
    language: Option<&str>,
    used_by: Option<&str>,
) -> &'static [&'static str] {
    const LATIN: &[&str] = &[
        "a", "e", "ya", "ye", "i", "u", "yi", "yu", "in", "un", "nin", "nun", "da", "de", "ta",
        "te", "dan", "den", "tan", "ten", "daki", "deki", "li", "lu", "lar", "ler",
    ];
    const LATIN_SHORT: &[&str] = &[
        "nin", "nun", "da", "de", "ta", "te", "dan", "den", "tan", "ten", "daki", "deki",
    ];
    const ARMENIAN: &[&str] = &["ի", "ը", "ն", "ու", "ում", "ից", "ով", "ին"];
    const ARMENIAN_SHORT: &[&str] = &["ում", "ից", "ով"];
    const CYRILLIC: &[&str] = &["а", "у", "е", "ом", "ой", "ы", "и", "я", "ю", "ем"];
    const CYRILLIC_SHORT: &[&str] = &["ом", "ой", "ем"];
    let short = name
        .chars()
        .filter(|character| character.is_alphabetic())
        .count()
        <= 4;
    match (Script::of(name), short) {
        (Script::Armenian, false) => ARMENIAN,
        (Script::Armenian, true) => ARMENIAN_SHORT,
        (Script::Cyrillic, false) => CYRILLIC,
        (Script::Cyrillic, true) => CYRILLIC_SHORT,
        (Script::Latin, short) if inflects_as_azerbaijani(name, language, used_by) => {
            if short {
                LATIN_SHORT
            } else {
                LATIN
            }
        }
        _ => &[],
    }
}

/// Whether a Latin spelling takes Azerbaijani case endings (see [`case_endings`]).
fn inflects_as_azerbaijani(name: &str, language: Option<&str>, used_by: Option<&str>) -> bool {
    match language {
        Some(language) => {
            matches!(language, "az" | "tr") || language.starts_with("az-") || used_by == Some("AZ")
        }
        None => {
            used_by == Some("AZ")
                || name
                    .chars()
                    .any(|character| matches!(character, 'ə' | 'Ə' | 'ğ' | 'Ğ' | 'ı' | 'ş' | 'Ş'))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A phrase's words are cut as `fold` cuts a name: an apostrophe inside a Cyrillic
    /// word is of it, so that Кам'янське in a phrase is the place's one-word key.
    #[test]
    fn a_phrase_keeps_an_apostrophe_inside_a_cyrillic_word() {
        let keys: Vec<String> = word_spans("Кам'янське область, don't п' ять")
            .into_iter()
            .map(|(_, key)| key.into_owned())
            .collect();
        assert_eq!(keys, ["камянське", "область", "don", "t", "п", "ять"]);
        assert_eq!(keys[0], fold("Кам'янське"));
    }
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
        let Expansion {
            query: expanded,
            places: found,
            ..
        } = gazetteer.expand(&Query::parse(input).unwrap());
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
        let expanded = gazetteer().expand(&Query::parse("Gafan").unwrap()).query;
        let Query::Or(parts) = expanded else {
            panic!("{expanded}")
        };
        for inflected in ["Qafanda", "Կապանում", "Gafandan"] {
            assert!(
                parts.contains(&Query::Phrase(inflected.to_string())),
                "{inflected} in {parts:?}"
            );
        }
        // Kapan is no Azerbaijani spelling: no Azerbaijani endings.
        for other in ["Kapanadze", "Kapanin"] {
            assert!(
                !parts.contains(&Query::Phrase(other.to_string())),
                "{other}"
            );
        }
    }

    #[test]
    fn each_script_has_its_endings() {
        assert!(case_endings("Tovuz", Some("az"), None).contains(&"da"));
        assert!(case_endings("Ağdərə", None, None).contains(&"da"));
        assert!(case_endings("Gafan", Some("en"), Some("AZ")).contains(&"dan"));
        assert!(case_endings("Կապան", Some("hy"), None).contains(&"ում"));
        assert!(case_endings("Капан", Some("ru"), None).contains(&"е"));
        assert!(case_endings("თბილისი", None, None).is_empty());
    }

    /// `--place Sis` found el-Sisi and `--place Masis` Botswana's President Masisi: the
    /// Azerbaijani endings were tried on every Latin spelling, and a one-letter ending
    /// on names of three letters.
    #[test]
    fn only_azerbaijani_spellings_take_azerbaijani_endings() {
        for (name, language) in [
            ("Sis", "en"),
            ("Masis", "en"),
            ("Dvin", "en"),
            ("Ghapan", "hy-Latn"),
        ] {
            assert!(
                case_endings(name, Some(language), None).is_empty(),
                "{name}"
            );
        }
        assert!(!case_endings("Zod", Some("az"), Some("AZ")).contains(&"a"));
        assert!(case_endings("Zod", Some("az"), Some("AZ")).contains(&"da"));
        assert!(!case_endings("Сис", Some("ru"), None).contains(&"и"));
        assert!(!case_endings("Սիս", Some("hy"), None).contains(&"ի"));
        let sis = Gazetteer::new(vec![place(
            "sis",
            "Sis",
            &[("Սիս", Some("AM")), ("Сис", None)],
        )]);
        for text in [
            "President Abdel Fattah el-Sisi of Egypt",
            "Президент Египта ас-Сиси",
        ] {
            assert_eq!(sis.mentions(text, &["sis".into()]), [], "{text}");
        }
        assert_eq!(
            sis.mentions("Shots near SIS village", &["sis".into()])[0].variant,
            "SIS"
        );
    }

    /// A village in Syunik with the tag-word name of "those" and "place" (Tegh: Тех,
    /// Տեղ): the words are no mentions, the capitalised name is, and a query for the
    /// place does not search the words.
    #[test]
    fn a_spelling_that_is_an_everyday_word_names_the_place_only_capitalised() {
        let names = [("Տեղ", Some("AM")), ("Тех", None)];
        let gazetteer = Gazetteer::new(vec![{
            let mut tegh = place("tegh", "Tegh", &names);
            tegh.names[0].language = Some("hy".into());
            tegh.names[1].language = Some("ru".into());
            tegh
        }]);
        let tegh = ["tegh".to_string()];
        for text in [
            "Мы осуждаем тех, кто провоцирует эскалацию.",
            "Միջադեպը տեղի է ունեցել գիշերը։",
            "Միջադեպը տեղ է ունեցել։",
            "Shots fired at Техе",
            // Capitalised at the start of a sentence, with an ending: "on the spot".
            "Տեղում զոհեր չկան։",
            "Ամեն ինչ կարգին է։ Տեղում զոհեր չկան։",
        ] {
            assert_eq!(gazetteer.mentions(text, &tegh), [], "{text}");
        }
        assert_eq!(
            gazetteer.mentions("Обстрел села Тех", &tegh)[0].variant,
            "Тех"
        );
        for text in ["Տեղ գյուղում", "Կրակոցներ Տեղում չեն եղել։"]
        {
            assert_eq!(gazetteer.mentions(text, &tegh)[0].variant, "Տեղ", "{text}");
        }
        let expanded = gazetteer.expand(&Query::parse("Tegh").unwrap());
        assert_eq!(expanded.query.to_string(), "\"Tegh\"");
        assert_eq!(expanded.places, ["tegh"]);
        // The word itself is a word, the capitalised name the place.
        let word = gazetteer.expand(&Query::parse("тех").unwrap());
        assert_eq!(word.query.to_string(), "тех");
        assert!(word.places.is_empty());
        let name = gazetteer.expand(&Query::parse("Тех").unwrap());
        assert_eq!(phrases(&name.query)[..2], ["Tegh", "Тех"]);
        assert!(!phrases(&name.query).contains(&"Տեղ".to_string()));
        // `--place` searches every spelling, with the endings a short name takes; its
        // hits are checked by `mentions`.
        assert_eq!(
            phrases(&gazetteer.any_spelling("Tegh").unwrap()),
            [
                "Tegh",
                "Տեղ",
                "Տեղում",
                "Տեղից",
                "Տեղով",
                "Тех",
                "Техом",
                "Техой",
                "Техем"
            ]
        );
    }

    /// "Ararat Mirzoyan" is the foreign minister, not the town of Ararat.
    #[test]
    fn a_given_name_before_a_surname_is_no_place() {
        let gazetteer = Gazetteer::new(vec![place(
            "ararat",
            "Ararat",
            &[("Արարատ", Some("AM")), ("Арарат", None)],
        )]);
        let ararat = ["ararat".to_string()];
        for text in [
            "Foreign Minister Ararat Mirzoyan held talks.",
            "Արարատ Միրզոյանը հանդիպում է ունեցել։",
            "Министр Арарат Мирзоян заявил",
        ] {
            assert_eq!(gazetteer.mentions(text, &ararat), [], "{text}");
            // `--place` confirms its candidates with the same rule.
            assert!(!gazetteer.mention_finder(&ararat).finds_any(text), "{text}");
        }
        for text in [
            "Shelling near Ararat. Mirzoyan said",
            "the town of Ararat and its people",
            "Արարատում կրակոցներ չեն եղել",
        ] {
            assert_eq!(gazetteer.mentions(text, &ararat).len(), 1, "{text}");
            assert!(gazetteer.mention_finder(&ararat).finds_any(text), "{text}");
        }
    }

    /// The variant is the name as the text writes it, without its case ending.
    #[test]
    fn the_variant_is_the_text_spelling_without_its_ending() {
        let gazetteer = gazetteer();
        let kapan = ["kapan".to_string()];
        for (text, variant) in [
            ("Qafanda atəşkəs pozulub", "Qafan"),
            ("QAFAN rayonu", "QAFAN"),
            ("Կապանում կրակոցներ չեն գրանցվել", "Կապան"),
        ] {
            assert_eq!(
                gazetteer.mentions(text, &kapan)[0].variant,
                variant,
                "{text}"
            );
        }
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
            "\"the nerkin and settlement\"",
            "\"between Gafan and Nerkin-And\" -\"combat post\"",
            "Qafan-Goris",
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
        assert_eq!(names_in(&Query::Phrase(long)), None);
    }

    /// The phrases a query expanded to, in order.
    fn phrases(query: &Query) -> Vec<String> {
        match query {
            Query::Phrase(text) => vec![text.clone()],
            Query::Or(parts) => parts.iter().flat_map(phrases).collect(),
            other => panic!("not phrases: {other}"),
        }
    }

    /// `"the Nerkin Hand settlement"` missed the statements that spell it Nerkin-And: a
    /// name was expanded alone, not among other words of a phrase.
    #[test]
    fn a_phrase_holding_a_place_name_has_it_in_every_spelling() {
        let gazetteer = gazetteer();
        let expansion = gazetteer.expand(&Query::parse("\"the Nerkin Hand settlement\"").unwrap());
        let found = phrases(&expansion.query);
        for phrase in [
            "the Nerkin Hand settlement",
            "the Nerkin-And settlement",
            // With the case endings of its script.
            "the Nerkin-Andda settlement",
        ] {
            assert!(found.contains(&phrase.to_string()), "{phrase} in {found:?}");
        }
        // The phrase's own words are English: no text writes an Armenian or a Cyrillic
        // spelling between them.
        for phrase in ["the Ներքին Հանդ settlement", "the Неркин Анд settlement"]
        {
            assert!(
                !found.contains(&phrase.to_string()),
                "{phrase} in {found:?}"
            );
        }
        // In a phrase of Russian words, the Cyrillic spellings.
        let russian = phrases(
            &gazetteer
                .expand(&Query::parse("\"около Nerkin Hand\"").unwrap())
                .query,
        );
        assert!(
            russian.contains(&"около Неркин Анд".to_string()),
            "{russian:?}"
        );
        assert!(
            !russian.contains(&"около Nerkin-And".to_string()),
            "{russian:?}"
        );
        assert_eq!(found[0], "the Nerkin Hand settlement", "as typed first");
        assert_eq!(expansion.places, ["nerkin-hand"]);
        assert!(expansion.narrowed.is_empty());
        // A name at either end, in any spelling, and one word of a phrase.
        for (input, expected) in [
            ("\"village of nerkin-and\"", "village of Nerkin Hand"),
            ("«Nerkin Hand village»", "Nerkin-And village"),
            ("\"residents of Qafan\"", "residents of Kapan"),
            ("\"Qafan's mayor\"", "Kapan's mayor"),
            // A word the index cuts in several is a phrase to it.
            ("Gafan-Goris", "Kapan-Goris"),
        ] {
            let found = phrases(&gazetteer.expand(&Query::parse(input).unwrap()).query);
            assert!(found.contains(&expected.to_string()), "{input}: {found:?}");
        }
        // Excluded, the phrase is excluded in every spelling.
        let excluded = gazetteer.expand(&Query::parse("fire -\"near Gafan\"").unwrap());
        let Query::And(parts) = &excluded.query else {
            panic!("{}", excluded.query)
        };
        let Query::Not(inner) = &parts[1] else {
            panic!("{}", excluded.query)
        };
        assert!(phrases(inner).contains(&"near Qafan".to_string()));
        // No name among the words: the phrase as it is.
        check("\"combat post\"", "\"combat post\"", &[]);
    }

    /// The longest run of a phrase's words that is a name wins, as among loose words:
    /// "Nerkin Hand" is not the village "Hand" after the word "Nerkin".
    #[test]
    fn the_longest_name_in_a_phrase_wins() {
        let mut places = gazetteer().places;
        places.push(place("hand", "Hand", &[("Khand", None)]));
        let gazetteer = Gazetteer::new(places);
        let found = phrases(
            &gazetteer
                .expand(&Query::parse("\"near Nerkin Hand\"").unwrap())
                .query,
        );
        assert!(found.contains(&"near Nerkin-And".to_string()), "{found:?}");
        assert!(
            !found.iter().any(|phrase| phrase.contains("Khand")),
            "{found:?}"
        );
        let found = phrases(
            &gazetteer
                .expand(&Query::parse("\"near Hand\"").unwrap())
                .query,
        );
        assert!(found.contains(&"near Khand".to_string()), "{found:?}");
    }

    /// Two names in a phrase are combined script by script, within
    /// [`MOST_PHRASE_FORMS`]; a phrase of many names keeps its first ones in every
    /// spelling and says so, where every combination would be millions of phrases.
    #[test]
    fn names_in_a_phrase_combine_within_a_bound() {
        let gazetteer = gazetteer();
        let expansion =
            gazetteer.expand(&Query::parse("\"between Qafan and Nerkin Hand\"").unwrap());
        let found = phrases(&expansion.query);
        for phrase in [
            "between Gafan and Nerkin-And",
            "between Kapan and Nerkin Hand",
        ] {
            assert!(found.contains(&phrase.to_string()), "{phrase} in {found:?}");
        }
        assert!(!found.contains(&"between Gafan and Неркин Анд".to_string()));
        // A phrase of names alone has no words of its own to say its script: each
        // script's spellings together.
        let names_alone = phrases(
            &gazetteer
                .expand(&Query::parse("\"Qafan Nerkin Hand\"").unwrap())
                .query,
        );
        assert!(
            names_alone.contains(&"Կապան Ներքին Հանդ".to_string()),
            "{names_alone:?}"
        );
        assert!(found.len() <= MOST_PHRASE_FORMS + 1, "{}", found.len());
        assert_eq!(expansion.places, ["kapan", "nerkin-hand"]);

        // Six names of ten spellings each.
        let many: Vec<Place> = (0..6)
            .map(|number| {
                let spellings: Vec<String> = (0..10)
                    .map(|spelling| format!("Place{number}x{spelling}"))
                    .collect();
                let names: Vec<(&str, Option<&str>)> =
                    spellings.iter().map(|name| (name.as_str(), None)).collect();
                place(&format!("p{number}"), &format!("Place{number}"), &names)
            })
            .collect();
        let gazetteer = Gazetteer::new(many);
        let input = "\"Place0 Place1 Place2 Place3 Place4 Place5\"";
        let expansion = gazetteer.expand(&Query::parse(input).unwrap());
        let found = phrases(&expansion.query);
        assert!(found.len() <= MOST_PHRASE_FORMS + 1, "{}", found.len());
        assert!(found.contains(&"Place0x9 Place1x9 Place2 Place3 Place4 Place5".to_string()));
        assert_eq!(expansion.places.len(), 6);
        assert_eq!(
            expansion.narrowed,
            [NarrowedPhrase {
                phrase: input.trim_matches('"').to_string(),
                narrowing: Narrowing::FirstNames(2),
            }]
        );
        assert!(expansion.narrowed[0]
            .to_string()
            .contains("the first 2 are, without case endings"));
    }

    /// A speaker's alias in a phrase is expanded as a place's name is, and as the alias
    /// alone is: `"Peskov said"` finds "Песков said" and "Dmitri Peskov said".
    #[test]
    fn a_speaker_in_a_phrase_has_every_alias() {
        let gazetteer = Gazetteer::with_speakers(
            gazetteer().places,
            &[SpeakerNames {
                id: crate::model::SpeakerId(7),
                name: "Dmitry Peskov".into(),
                aliases: vec!["Dmitri Peskov".into(), "Песков".into(), "Peskov".into()],
            }],
        );
        let expansion =
            gazetteer.expand(&Query::parse("\"spokesman Dmitry Peskov said\"").unwrap());
        let found = phrases(&expansion.query);
        for phrase in ["spokesman Dmitri Peskov said", "spokesman Peskov said"] {
            assert!(found.contains(&phrase.to_string()), "{phrase} in {found:?}");
        }
        assert!(!found.contains(&"spokesman Песков said".to_string()));
        // Speakers are no places the hits mention.
        assert!(expansion.places.is_empty());
        let alone = gazetteer.expand(&Query::parse("Peskov").unwrap()).query;
        let in_phrase = gazetteer
            .expand(&Query::parse("\"Peskov said\"").unwrap())
            .query;
        // Those of its script: the words around it are English.
        let with_said: Vec<String> = phrases(&alone)
            .into_iter()
            .filter(|alias| Script::of(alias) == Script::Latin)
            .map(|alias| format!("{alias} said"))
            .collect();
        let mut in_phrase = phrases(&in_phrase);
        in_phrase.sort();
        let mut with_said = with_said;
        with_said.sort();
        assert_eq!(in_phrase, with_said);
    }

    /// `Pashinyan` missed «Пашинян» and `"Nikol Pashinyan"` missed "Pashinyan": only
    /// the Russian and Armenian surnames alone were aliases.
    #[test]
    fn a_surname_alone_in_one_script_is_one_in_every_script() {
        let speaker = |id, name: &str, aliases: &[&str]| SpeakerNames {
            id: crate::model::SpeakerId(id),
            name: name.into(),
            aliases: aliases.iter().map(|alias| alias.to_string()).collect(),
        };
        let gazetteer = Gazetteer::with_speakers(
            Vec::new(),
            &[
                speaker(
                    1,
                    "Nikol Pashinyan",
                    &["Никол Пашинян", "Пашинян", "Նիկոլ Փաշինյան"],
                ),
                speaker(
                    2,
                    "Ilham Aliyev",
                    &["İlham Əliyev", "Ильхам Алиев", "Алиев"],
                ),
                speaker(3, "Heydar Aliyev", &["Гейдар Алиев"]),
                // No surname alone: none derived.
                speaker(4, "Ministry of Defence of Armenia", &["Armenian MoD"]),
            ],
        );
        let expanded =
            |input: &str| phrases(&gazetteer.expand(&Query::parse(input).unwrap()).query);
        for (input, spelling) in [
            ("Pashinyan", "Пашинян"),
            ("Пашинян", "Pashinyan"),
            ("\"Nikol Pashinyan\"", "Pashinyan"),
            ("Pashinyan", "Փաշինյան"),
            ("Aliyev", "Алиев"),
            ("\"İlham Əliyev\"", "Aliyev"),
        ] {
            assert!(
                expanded(input).contains(&spelling.to_string()),
                "{input}: {spelling}"
            );
        }
        // Heydar Aliyev has no surname alone: his full name is not widened to it.
        assert!(!expanded("\"Heydar Aliyev\"").contains(&"Aliyev".to_string()));
        assert_eq!(
            gazetteer
                .expand(&Query::parse("Armenia").unwrap())
                .query
                .to_string(),
            "Armenia"
        );
        assert_eq!(
            gazetteer
                .expand(&Query::parse("MoD").unwrap())
                .query
                .to_string(),
            "MoD"
        );
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
