//! Statements proposed from a news article: who said what, when, on which channel, named
//! the way the archive names them, each with the sentence it came from and a confidence.
//!
//! Most official statements reach analysts inside news reports. [`extract`] reads one
//! report and proposes one record per attributed statement; the user reviews them and
//! ingests them. It is pure — text, the publication date and the archive's speakers in,
//! records out — deterministic, and needs no model or network.
//!
//! The work is done in two passes. [`clauses`] reads each sentence on its own: speech
//! verbs, their subjects, quotations, reported clauses, and the time and channel words
//! around them. The resolver below then reads the claims in order, as a reader would:
//! "it added" and "the statement noted" go back to the speaker last named, a lead's
//! "Azerbaijan announced" forward to the Azerbaijani body the report goes on to quote,
//! and dates are kept to the precision the article supports.

mod clauses;
mod dates;
pub mod html;
mod lexicon;
mod mentions;
mod text;

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use crate::fold::fold;
use crate::model::{DatePrecision, PartialDate, Speaker, SpeakerKind, StatementKind};

use clauses::{Claim, Pattern};
use dates::{find_times, Span};
use mentions::{Anaphor, Entity, Mention};
use text::Sentence;

/// A speaker the archive knows, with the names it is known by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownSpeaker {
    pub name: String,
    pub aliases: Vec<String>,
    pub kind: SpeakerKind,
    pub role: Option<String>,
    pub organization: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
}

impl From<&Speaker> for KnownSpeaker {
    fn from(speaker: &Speaker) -> KnownSpeaker {
        KnownSpeaker {
            name: speaker.name.clone(),
            aliases: speaker.aliases.clone(),
            kind: speaker.kind,
            role: speaker.role.clone(),
            organization: speaker.organization.clone(),
            country: speaker.country.clone(),
        }
    }
}

/// A statement found in an article, in the shape of an archive record.
#[derive(Debug, Clone, PartialEq)]
pub struct ProposedRecord {
    pub text: String,
    pub speaker: String,
    pub speaker_kind: SpeakerKind,
    pub role: Option<String>,
    pub organization: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// When the statement was made, to the precision the article supports.
    pub date: PartialDate,
    pub kind: StatementKind,
    pub channel: Option<String>,
    /// The sentence of the article the record comes from.
    pub evidence: String,
    /// How sure the extractor is, from 0 to 1.
    pub confidence: f64,
    /// The archive does not know the speaker yet.
    pub new_speaker: bool,
    /// When the events the statement reports happened, where the article says ("on
    /// Monday" in "said Tuesday that … on Monday").
    pub refers_to: Option<PartialDate>,
    /// The words the date was read from, or how it was inferred.
    pub date_basis: String,
}

/// Returns the news agency an article's wire dateline credits (`BAKU, Feb 13 (Reuters) -`),
/// the outlet of its records when none is given.
pub fn wire_outlet(article: &str) -> Option<String> {
    text::wire_outlet(article)
}

/// What an article is written in, when it is not English: the name of its script when
/// most of its letters are not Latin ("Cyrillic script", "Armenian script" …), "a language other than
/// English" when they are Latin but hardly a word is one of English's commonest. None
/// for English, or too little text to tell. `extract` reads English only: a Russian
/// report proposing nothing must say why, not look like a report without statements.
pub fn language_not_read(article: &str) -> Option<&'static str> {
    let mut scripts: std::collections::BTreeMap<&'static str, usize> = Default::default();
    for character in article
        .chars()
        .filter(|character| character.is_alphabetic())
    {
        *scripts.entry(script_of(character)).or_default() += 1;
    }
    let letters: usize = scripts.values().sum();
    if letters < 20 {
        return None;
    }
    let (&script, &most) = scripts.iter().max_by_key(|(_, count)| **count)?;
    if script != LATIN && most * 2 > letters {
        return Some(script);
    }
    const COMMONEST: [&str; 12] = [
        "the", "of", "and", "to", "a", "in", "is", "that", "said", "on", "for", "was",
    ];
    let words: Vec<String> = article
        .split(|character: char| !character.is_alphabetic())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect();
    let common = words
        .iter()
        .filter(|word| COMMONEST.contains(&word.as_str()))
        .count();
    // English text has one of these in about four words; a page of French or
    // Azerbaijani one in a hundred at most.
    (words.len() >= 20 && common * 20 < words.len()).then_some("a language other than English")
}

const LATIN: &str = "Latin script";

/// The script of a letter, for [`language_not_read`]: the blocks of the languages
/// official statements of the region and beyond come in. A letter of a script missing
/// here would count as Latin, and a Hindi or Amharic report be said to be "a language
/// other than English" instead of naming its script.
fn script_of(character: char) -> &'static str {
    match character {
        '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}' => "Greek script",
        '\u{0400}'..='\u{052F}'
        | '\u{1C80}'..='\u{1C8F}'
        | '\u{2DE0}'..='\u{2DFF}'
        | '\u{A640}'..='\u{A69F}' => "Cyrillic script",
        '\u{0530}'..='\u{058F}' | '\u{FB13}'..='\u{FB17}' => "Armenian script",
        '\u{0590}'..='\u{05FF}' | '\u{FB1D}'..='\u{FB4F}' => "Hebrew script",
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{0870}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}' => "Arabic script",
        '\u{0700}'..='\u{074F}' | '\u{0860}'..='\u{086F}' => "Syriac script",
        '\u{0780}'..='\u{07BF}' => "Thaana script",
        '\u{0900}'..='\u{097F}' | '\u{A8E0}'..='\u{A8FF}' => "Devanagari script",
        '\u{0980}'..='\u{09FF}' => "Bengali script",
        '\u{0A00}'..='\u{0A7F}' => "Gurmukhi script",
        '\u{0A80}'..='\u{0AFF}' => "Gujarati script",
        '\u{0B00}'..='\u{0B7F}' => "Odia script",
        '\u{0B80}'..='\u{0BFF}' => "Tamil script",
        '\u{0C00}'..='\u{0C7F}' => "Telugu script",
        '\u{0C80}'..='\u{0CFF}' => "Kannada script",
        '\u{0D00}'..='\u{0D7F}' => "Malayalam script",
        '\u{0D80}'..='\u{0DFF}' => "Sinhala script",
        '\u{0E00}'..='\u{0E7F}' => "Thai script",
        '\u{0E80}'..='\u{0EFF}' => "Lao script",
        '\u{0F00}'..='\u{0FFF}' => "Tibetan script",
        '\u{1000}'..='\u{109F}' => "Myanmar script",
        '\u{10A0}'..='\u{10FF}' | '\u{1C90}'..='\u{1CBF}' | '\u{2D00}'..='\u{2D2F}' => {
            "Georgian script"
        }
        '\u{1200}'..='\u{139F}' | '\u{2D80}'..='\u{2DDF}' => "Ethiopic script",
        '\u{1780}'..='\u{17FF}' | '\u{19E0}'..='\u{19FF}' => "Khmer script",
        '\u{1800}'..='\u{18AF}' => "Mongolian script",
        '\u{2D30}'..='\u{2D7F}' => "Tifinagh script",
        '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' => "Japanese script",
        '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{AC00}'..='\u{D7AF}' => {
            "Korean script"
        }
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{20000}'..='\u{2EBEF}' => {
            "Chinese script"
        }
        _ => LATIN,
    }
}

/// Proposes a record for each statement `article` reports, dating them relative to
/// `published`, and naming speakers the way `known` (the archive's speakers) names them.
pub fn extract(article: &str, published: NaiveDate, known: &[KnownSpeaker]) -> Vec<ProposedRecord> {
    let sentences = text::sentences(article);
    let mut per_paragraph: HashMap<usize, usize> = HashMap::new();
    for sentence in &sentences {
        *per_paragraph.entry(sentence.paragraph).or_default() += 1;
    }
    let claims: Vec<Claim> = sentences
        .iter()
        .enumerate()
        .filter(|(_, sentence)| !is_headline(sentence, per_paragraph[&sentence.paragraph]))
        .flat_map(|(number, sentence)| clauses::claims(sentence, number, published))
        .collect();
    let mut resolver = Resolver {
        published,
        sentences: &sentences,
        claims: &claims,
        lead: lead_sentence(&sentences),
        directory: Directory::new(known),
        entities: Vec::new(),
        said: Vec::new(),
        last_person: None,
        last_institution: None,
        last_statement: None,
    };
    let drafts = resolver.resolve();
    resolver.records(drafts)
}

/// How a claim's speaker was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    /// Named in the attribution.
    Named,
    /// "it", "he", "the statement", "the ministry".
    Anaphora,
    /// A country standing for the body the report goes on to quote (claim index).
    Summary(usize),
    /// A country standing for its government.
    Government,
    /// A quotation standing alone, given to the speaker quoted next to it.
    Continued,
}

/// Where a claim without a date of its own takes one from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Inherit {
    /// A statement already resolved (index into `said`).
    Said(usize),
    /// The claim a summary or a quotation stands for (index into the claims).
    Claim(usize),
}

#[derive(Debug, Clone, PartialEq)]
struct Dated {
    date: PartialDate,
    basis: String,
    /// Less confidence when the date is inferred.
    penalty: f64,
}

/// A statement resolved: who, when, where.
#[derive(Debug, Clone)]
struct Said {
    entity: usize,
    /// The claim it resolves (index into the claims).
    claim: usize,
    sentence: usize,
    dated: Dated,
    channel: Option<String>,
    kind: StatementKind,
}

/// A claim with its speaker resolved, before it is matched against the archive.
#[derive(Debug, Clone)]
struct Draft {
    claim: usize,
    entity: usize,
    link: Link,
    dated: Dated,
    channel: Option<String>,
}

struct Resolver<'a> {
    published: NaiveDate,
    sentences: &'a [Sentence],
    claims: &'a [Claim],
    lead: Option<usize>,
    directory: Directory<'a>,
    /// The speakers of the article, each once.
    entities: Vec<Entity>,
    /// The statements resolved so far, in order.
    said: Vec<Said>,
    last_person: Option<usize>,
    last_institution: Option<usize>,
    last_statement: Option<usize>,
}

/// Returns true when a sentence is a paragraph of its own without a full stop: a
/// headline, a byline or a credit line, which report no statement of their own.
fn is_headline(sentence: &Sentence, sentences_in_paragraph: usize) -> bool {
    let alone = sentences_in_paragraph == 1;
    let ends = sentence.text.trim_end_matches(['"', '”', '’', '\'', ')']);
    alone && !ends.ends_with(['.', '?', '!'])
}

/// Returns the lead: the first sentence of the first paragraph that is prose rather than
/// a headline (at least twelve words).
fn lead_sentence(sentences: &[Sentence]) -> Option<usize> {
    let index = sentences.iter().position(|sentence| {
        sentence
            .tokens
            .iter()
            .filter(|token| token.kind == text::TokenKind::Word)
            .count()
            >= 12
    })?;
    let first_of_paragraph =
        index == 0 || sentences[index - 1].paragraph != sentences[index].paragraph;
    first_of_paragraph.then_some(index)
}

impl Resolver<'_> {
    fn resolve(&mut self) -> Vec<Draft> {
        let mut drafts: Vec<Draft> = Vec::new();
        let mut previous: Vec<Draft> = Vec::new();
        for (index, claim) in self.claims.iter().enumerate() {
            let current: Vec<Draft> = if claim.same_as_previous && !previous.is_empty() {
                previous
                    .iter()
                    .map(|draft| Draft {
                        claim: index,
                        ..draft.clone()
                    })
                    .collect()
            } else {
                self.speakers(index, claim)
                    .into_iter()
                    .map(|(entity, link, inherit)| {
                        let dated = self.date(claim, inherit);
                        let inherited_channel = match inherit {
                            Some(Inherit::Said(said))
                                if !claim.earlier && claim.statement_time.is_none() =>
                            {
                                self.said[said].channel.clone()
                            }
                            _ => None,
                        };
                        let statement_anaphor = claim.subject.as_ref().is_some_and(|subject| {
                            subject
                                .mentions
                                .contains(&Mention::Anaphor(Anaphor::Statement))
                        });
                        let channel = claim
                            .channel
                            .map(str::to_string)
                            .or(inherited_channel)
                            .or_else(|| statement_anaphor.then(|| "statement".to_string()));
                        Draft {
                            claim: index,
                            entity,
                            link,
                            dated,
                            channel,
                        }
                    })
                    .collect()
            };
            for draft in &current {
                self.remember(draft, claim);
            }
            drafts.extend(current.iter().cloned());
            previous = current;
        }
        self.drop_lead_summaries(drafts)
    }

    /// Notes who spoke last, for "it", "he" and "the statement" later on.
    fn remember(&mut self, draft: &Draft, claim: &Claim) {
        match self.entities[draft.entity].kind {
            SpeakerKind::Person => self.last_person = Some(draft.entity),
            SpeakerKind::Institution => self.last_institution = Some(draft.entity),
        }
        // Written statements, wherever posted, are what "the statement" refers back to.
        if matches!(
            draft.channel.as_deref(),
            Some("statement" | "telegram" | "website" | "x" | "facebook")
        ) {
            self.last_statement = Some(draft.entity);
        }
        self.said.push(Said {
            entity: draft.entity,
            claim: draft.claim,
            sentence: claim.sentence,
            dated: draft.dated.clone(),
            channel: draft.channel.clone(),
            kind: claim.kind,
        });
    }

    /// Drops a lead's summary of a statement the body reports again with the same verb
    /// ("Russia urged restraint" in the lead, "Russia … urged calm" below).
    fn drop_lead_summaries(&self, drafts: Vec<Draft>) -> Vec<Draft> {
        let kept: Vec<bool> = drafts
            .iter()
            .map(|draft| {
                let claim = &self.claims[draft.claim];
                let summary =
                    matches!(draft.link, Link::Summary(_)) && Some(claim.sentence) == self.lead;
                !summary
                    || !drafts.iter().any(|other| {
                        let later = &self.claims[other.claim];
                        later.sentence > claim.sentence
                            && other.entity == draft.entity
                            && later.lemma == claim.lemma
                    })
            })
            .collect();
        drafts
            .into_iter()
            .zip(kept)
            .filter_map(|(draft, keep)| keep.then_some(draft))
            .collect()
    }

    /// Resolves the speakers of a claim: entity, how it was found, and where its date may
    /// come from.
    fn speakers(&mut self, index: usize, claim: &Claim) -> Vec<(usize, Link, Option<Inherit>)> {
        let Some(subject) = &claim.subject else {
            return self.quoted_next_to(index, claim).into_iter().collect();
        };
        let mut found = Vec::new();
        for mention in &subject.mentions {
            let resolved = match mention {
                Mention::Named(entity) => {
                    let entity = self.place_in_context(entity.clone(), claim.sentence);
                    let entity = self.intern(entity);
                    Some((entity, Link::Named, self.recent(entity, claim.sentence, 1)))
                }
                Mention::Surname(name) => self
                    .surname(name)
                    .map(|entity| (entity, Link::Named, self.recent(entity, claim.sentence, 1))),
                Mention::Country(alpha2) => Some(self.country(index, claim, alpha2)),
                Mention::Anaphor(anaphor) => self.anaphor(anaphor, claim.sentence),
            };
            if let Some(resolved) = resolved {
                if !found.iter().any(|(entity, _, _)| *entity == resolved.0) {
                    found.push(resolved);
                }
            }
        }
        found
    }

    /// Gives a quotation standing alone to the speaker reported just before it in the same
    /// paragraph, or quoted just after it, or quoted at the end of the paragraph before (a
    /// quotation running over paragraphs).
    fn quoted_next_to(
        &mut self,
        index: usize,
        claim: &Claim,
    ) -> Option<(usize, Link, Option<Inherit>)> {
        let paragraph = self.sentences[claim.sentence].paragraph;
        if let Some((position, said)) = self.said.iter().enumerate().next_back() {
            let said_paragraph = self.sentences[said.sentence].paragraph;
            let same = said_paragraph == paragraph;
            let first_of_paragraph =
                claim.sentence == 0 || self.sentences[claim.sentence - 1].paragraph != paragraph;
            let runs_on = said_paragraph + 1 == paragraph && first_of_paragraph;
            // A quotation runs over paragraphs when its closing mark is left out.
            let left_open = said.kind == StatementKind::Quote
                && self.claims[said.claim]
                    .content
                    .last()
                    .is_some_and(|token| token.kind != text::TokenKind::CloseQuote);
            if same || (runs_on && left_open) {
                return Some((said.entity, Link::Continued, Some(Inherit::Said(position))));
            }
        }
        let next = self.claims.get(index + 1)?;
        if next.sentence != claim.sentence + 1
            || self.sentences[next.sentence].paragraph != paragraph
            || next.pattern != Pattern::Quote
        {
            return None;
        }
        let subject = next.subject.as_ref()?;
        let resolved = match subject.mentions.as_slice() {
            [Mention::Named(entity)] => self.intern(entity.clone()),
            [Mention::Surname(name)] => self.surname(name)?,
            _ => return None,
        };
        Some((resolved, Link::Continued, Some(Inherit::Claim(index + 1))))
    }

    /// Resolves "it", "he", "the statement", "the ministry" to the last speaker they fit.
    fn anaphor(
        &self,
        anaphor: &Anaphor,
        sentence: usize,
    ) -> Option<(usize, Link, Option<Inherit>)> {
        let entity = match anaphor {
            Anaphor::It => self.last_institution,
            Anaphor::Person => self.last_person,
            Anaphor::Statement => self.last_statement.or(self.last_institution),
            Anaphor::Noun(noun) => self
                .said
                .iter()
                .rev()
                .map(|said| said.entity)
                .find(|&entity| {
                    let candidate = &self.entities[entity];
                    candidate.noun.as_deref() == Some(noun.as_str())
                        || candidate.role.as_deref().is_some_and(|role| {
                            let role = role.to_lowercase();
                            role.contains(noun.as_str())
                                || (noun.starts_with("spokes") && role.contains("spokes"))
                        })
                }),
            Anaphor::Institution(template) => {
                let stem = template.split("{}").next().unwrap_or_default();
                self.said
                    .iter()
                    .rev()
                    .map(|said| said.entity)
                    .find(|&entity| self.entities[entity].name.starts_with(stem))
            }
        }?;
        Some((entity, Link::Anaphora, self.recent(entity, sentence, 3)))
    }

    /// Completes a person's office from the report: "Foreign Ministry spokeswoman Maria
    /// Zakharova" after "Russia's Foreign Ministry" speaks for that ministry, and a bare
    /// "spokesman Matthew Miller" right after the State Department speaks for it.
    fn place_in_context(&self, mut entity: Entity, sentence: usize) -> Entity {
        if entity.kind != SpeakerKind::Person || entity.country.is_some() {
            return entity;
        }
        let institution = match &entity.organization {
            Some(organization) => {
                let prefix = format!("{organization} of ");
                self.said
                    .iter()
                    .rev()
                    .map(|said| &self.entities[said.entity])
                    .find(|candidate| candidate.name.starts_with(&prefix))
            }
            None => {
                let spokesperson = entity
                    .role
                    .as_deref()
                    .is_some_and(|role| role.to_lowercase().starts_with("spokes"));
                self.said
                    .last()
                    .filter(|said| spokesperson && said.sentence + 1 >= sentence)
                    .map(|said| &self.entities[said.entity])
                    .filter(|candidate| candidate.kind == SpeakerKind::Institution)
            }
        };
        if let Some(institution) = institution {
            entity.organization = Some(institution.name.clone());
            entity.country = institution.country.clone();
        }
        entity
    }

    /// Returns the last statement of `entity` at most `window` sentences before
    /// `sentence`: a speaker named again right after speaking is still on one occasion.
    fn recent(&self, entity: usize, sentence: usize, window: usize) -> Option<Inherit> {
        self.said
            .iter()
            .rposition(|said| said.entity == entity && said.sentence + window >= sentence)
            .map(Inherit::Said)
    }

    /// Resolves a bare surname: someone named in full earlier, or the only person of the
    /// archive with that surname. A capitalised word that is neither is more often not a
    /// name at all ("Investment added …") than a speaker never introduced.
    fn surname(&mut self, name: &str) -> Option<usize> {
        let key = fold(name);
        if let Some(found) = self.entities.iter().position(|entity| {
            entity.kind == SpeakerKind::Person
                && entity.surname.as_deref().map(fold) == Some(key.clone())
        }) {
            return Some(found);
        }
        let known = self.directory.only_person_with_surname(&key)?;
        let entity = Entity {
            name: known.name.clone(),
            kind: SpeakerKind::Person,
            role: known.role.clone(),
            organization: known.organization.clone(),
            country: known.country.clone(),
            surname: Some(name.to_string()),
            noun: None,
        };
        Some(self.intern(entity))
    }

    /// Resolves a country speaking ("Azerbaijan announced"): in the lead, the body of that
    /// country the report goes on to quote; elsewhere, the one quoted in the next sentence;
    /// else, or when the statement is an earlier one, the country's government.
    fn country(
        &mut self,
        index: usize,
        claim: &Claim,
        alpha2: &str,
    ) -> (usize, Link, Option<Inherit>) {
        if !claim.earlier {
            let in_lead = Some(claim.sentence) == self.lead;
            let target =
                self.claims
                    .iter()
                    .enumerate()
                    .skip(index + 1)
                    .find_map(|(position, later)| {
                        let fits = if in_lead {
                            later.sentence > claim.sentence
                        } else {
                            later.sentence == claim.sentence + 1
                        };
                        if !fits {
                            return None;
                        }
                        later
                            .subject
                            .as_ref()?
                            .mentions
                            .iter()
                            .find_map(|mention| match mention {
                                Mention::Named(entity)
                                    if entity.country.as_deref() == Some(alpha2) =>
                                {
                                    Some((position, entity.clone()))
                                }
                                _ => None,
                            })
                    });
            if let Some((position, entity)) = target {
                let resolved = self.intern(entity);
                return (
                    resolved,
                    Link::Summary(position),
                    Some(Inherit::Claim(position)),
                );
            }
        }
        let government = Entity {
            name: format!("Government of {}", lexicon::country_name(alpha2)),
            kind: SpeakerKind::Institution,
            role: None,
            organization: None,
            country: Some(alpha2.to_string()),
            surname: None,
            noun: Some("government".to_string()),
        };
        let entity = self.intern(government);
        (
            entity,
            Link::Government,
            self.recent(entity, claim.sentence, 1),
        )
    }

    /// Returns the article's entity for `entity`, adding it or completing what is known.
    fn intern(&mut self, entity: Entity) -> usize {
        let key = fold(&entity.name);
        let position = self.entities.iter().position(|existing| {
            let countries_agree = match (&existing.country, &entity.country) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            if existing.kind != entity.kind || !countries_agree {
                return false;
            }
            let existing_key = fold(&existing.name);
            existing_key == key
                || (entity.kind == SpeakerKind::Person
                    && existing.surname.as_deref().map(fold) == entity.surname.as_deref().map(fold)
                    && (existing_key.ends_with(&format!(" {key}"))
                        || key.ends_with(&format!(" {existing_key}"))))
        });
        match position {
            Some(position) => {
                let existing = &mut self.entities[position];
                if entity.name.len() > existing.name.len() {
                    existing.name = entity.name;
                }
                existing.role = existing.role.take().or(entity.role);
                existing.organization = existing.organization.take().or(entity.organization);
                existing.country = existing.country.take().or(entity.country);
                existing.noun = existing.noun.take().or(entity.noun);
                position
            }
            None => {
                self.entities.push(entity);
                self.entities.len() - 1
            }
        }
    }

    /// Dates a claim: by its own time expression; else like the statement it continues or
    /// summarises; else, for an earlier statement, between the events it reports and the
    /// publication; else the day of publication.
    fn date(&self, claim: &Claim, inherit: Option<Inherit>) -> Dated {
        if let Some(time) = &claim.statement_time {
            if let Some(date) = time.span.covering() {
                return Dated {
                    date,
                    basis: format!("\"{}\"", time.words),
                    penalty: 0.0,
                };
            }
        }
        if !claim.earlier {
            match inherit {
                Some(Inherit::Said(position)) => {
                    let said = &self.said[position];
                    let basis = if said.dated.basis.starts_with("as the statement") {
                        said.dated.basis.clone()
                    } else {
                        format!("as the statement it continues: {}", said.dated.basis)
                    };
                    return Dated {
                        basis,
                        ..said.dated.clone()
                    };
                }
                Some(Inherit::Claim(position)) => {
                    let time = self.claims[position].statement_time.as_ref();
                    if let Some((date, words)) =
                        time.and_then(|time| Some((time.span.covering()?, &time.words)))
                    {
                        return Dated {
                            date,
                            basis: format!("\"{words}\", as the statement it stands for"),
                            penalty: 0.05,
                        };
                    }
                }
                None => {}
            }
        }
        let published = self.published;
        if claim.earlier {
            let events = self.content_span(claim, None);
            let after = events
                .filter(|span| !claim.modal && span.first <= published)
                .map(|span| span.first);
            if let Some(after) = after {
                if let Some(date) = Span::between(after, published).and_then(|span| span.covering())
                {
                    return Dated {
                        date,
                        basis: format!("earlier: after the events of {after}, by publication"),
                        penalty: 0.05,
                    };
                }
            }
            if let Some(date) = events
                .filter(|span| span.first <= published)
                .and_then(|span| span.covering())
            {
                return Dated {
                    date,
                    basis: "earlier, undated: the period it speaks of".to_string(),
                    penalty: 0.15,
                };
            }
            return Dated {
                date: month_of(published),
                basis: "earlier, undated: the month of publication".to_string(),
                penalty: 0.2,
            };
        }
        Dated {
            date: PartialDate::day(published),
            basis: "undated: the day of publication".to_string(),
            penalty: 0.1,
        }
    }

    /// Returns the period the first time expression of what was said names: relative to
    /// publication for the reporter's words, to the statement's own day for a quotation.
    fn content_span(&self, claim: &Claim, statement_day: Option<NaiveDate>) -> Option<Span> {
        let anchor = match claim.kind {
            StatementKind::Quote => statement_day?,
            _ => self.published,
        };
        let time = find_times(&claim.content, anchor).into_iter().next()?;
        // "would last until April 25": a forecast's yearless date is the next one.
        if claim.modal && time.yearless && time.span.last < anchor {
            return time.next_year();
        }
        Some(time.span)
    }

    /// Matches the drafts' speakers against the archive and writes the records.
    fn records(&self, drafts: Vec<Draft>) -> Vec<ProposedRecord> {
        let mut records: Vec<ProposedRecord> = Vec::new();
        for draft in drafts {
            let claim = &self.claims[draft.claim];
            let entity = &self.entities[draft.entity];
            let known = self.directory.find(entity);
            let kind = known.map_or(entity.kind, |known| known.kind);
            let statement_day = (draft.dated.date.precision() == DatePrecision::Day)
                .then(|| draft.dated.date.first_day());
            let refers_to = self
                .content_span(claim, statement_day)
                .and_then(|span| span.covering())
                .filter(|date| *date != draft.dated.date);
            let mut confidence = match claim.pattern {
                Pattern::Quote => 0.95,
                Pattern::ParaphraseThat => 0.9,
                Pattern::ParaphraseBare | Pattern::ParaphraseInverted => 0.85,
                Pattern::According => 0.8,
                Pattern::SpeechAct | Pattern::QuoteContinued => 0.75,
            };
            confidence -= match draft.link {
                Link::Named | Link::Continued => 0.0,
                Link::Anaphora => 0.05,
                Link::Summary(_) => 0.1,
                Link::Government => 0.15,
            };
            if claim.subordinate {
                confidence -= 0.1;
            }
            confidence -= draft.dated.penalty;
            let record = ProposedRecord {
                text: claim.text.clone(),
                speaker: known.map_or_else(|| entity.name.clone(), |known| known.name.clone()),
                speaker_kind: kind,
                role: match kind {
                    SpeakerKind::Person => entity
                        .role
                        .clone()
                        .or_else(|| known.and_then(|known| known.role.clone())),
                    SpeakerKind::Institution => None,
                },
                organization: entity
                    .organization
                    .clone()
                    .or_else(|| known.and_then(|known| known.organization.clone())),
                country: entity
                    .country
                    .clone()
                    .or_else(|| known.and_then(|known| known.country.clone())),
                date: draft.dated.date,
                kind: claim.kind,
                channel: draft.channel.clone(),
                evidence: self.sentences[claim.sentence].text.clone(),
                confidence: (confidence.clamp(0.05, 0.99) * 100.0).round() / 100.0,
                new_speaker: known.is_none(),
                refers_to,
                date_basis: draft.dated.basis.clone(),
            };
            let duplicate = records
                .iter()
                .any(|other| other.speaker == record.speaker && other.text == record.text);
            if !duplicate {
                records.push(record);
            }
        }
        records
    }
}

fn month_of(date: NaiveDate) -> PartialDate {
    PartialDate::parse(&format!("{:04}-{:02}", date.year(), date.month()))
        .expect("invariant: a calendar date's month is a valid partial date")
}

/// The archive's speakers, indexed by folded name and alias, and persons by surname.
struct Directory<'a> {
    known: &'a [KnownSpeaker],
    by_name: HashMap<String, Vec<usize>>,
    by_surname: HashMap<String, Vec<usize>>,
}

impl<'a> Directory<'a> {
    fn new(known: &'a [KnownSpeaker]) -> Directory<'a> {
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_surname: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, speaker) in known.iter().enumerate() {
            for name in std::iter::once(&speaker.name).chain(&speaker.aliases) {
                let entry = by_name.entry(fold(name)).or_default();
                if !entry.contains(&index) {
                    entry.push(index);
                }
            }
            if speaker.kind == SpeakerKind::Person {
                if let Some(surname) = fold(&speaker.name).split(' ').next_back() {
                    by_surname
                        .entry(surname.to_string())
                        .or_default()
                        .push(index);
                }
            }
        }
        Directory {
            known,
            by_name,
            by_surname,
        }
    }

    /// Returns the archive's speaker for an article's entity: same name or alias, same
    /// kind, no conflicting country; an institution also by its name without "of
    /// <country>" when the countries agree.
    fn find(&self, entity: &Entity) -> Option<&'a KnownSpeaker> {
        let mut keys = vec![fold(&entity.name)];
        if let Some(alpha2) = &entity.country {
            let suffix = format!(" of {}", lexicon::country_name(alpha2));
            if let Some(stem) = entity.name.strip_suffix(&suffix) {
                keys.push(fold(stem));
            }
        }
        let candidates = keys
            .iter()
            .filter_map(|key| self.by_name.get(key))
            .flatten()
            .map(|&index| &self.known[index])
            .filter(|known| known.kind == entity.kind);
        let mut fallback = None;
        for known in candidates {
            match (&known.country, &entity.country) {
                (Some(a), Some(b)) if a == b => return Some(known),
                (Some(_), Some(_)) => {}
                _ => {
                    fallback.get_or_insert(known);
                }
            }
        }
        if fallback.is_none() && entity.kind == SpeakerKind::Person && !entity.name.contains(' ') {
            return self.only_person_with_surname(&fold(&entity.name));
        }
        fallback
    }

    /// Returns the archive's only person with this folded surname.
    fn only_person_with_surname(&self, surname: &str) -> Option<&'a KnownSpeaker> {
        match self.by_surname.get(surname).map(Vec::as_slice) {
            Some([index]) => Some(&self.known[*index]),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
