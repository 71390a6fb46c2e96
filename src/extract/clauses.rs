//! Attributions within one sentence: who is said to have said what, in which words, and
//! what the sentence says about when and where.
//!
//! The patterns are those of wire reporting: `"…," X said Tuesday`; `X said: "…"`;
//! `X said in a statement posted on Telegram that …`; `…, the statement noted, saying:
//! "…"`; `According to X, …`; `X announced …`. Speakers stay unresolved here ("it", "the
//! statement", "Azerbaijan"): the resolver sees the whole article.

use std::ops::Range;

use chrono::NaiveDate;

use super::dates::{find_times, TimeMention};
use super::lexicon::{channel_at, channel_rank, verb, VerbClass};
use super::mentions::{parse_subject, Mention, Subject};
use super::text::{Sentence, Token, TokenKind};
use crate::model::{SpeakerKind, StatementKind};

/// How a claim was found, which decides how sure the extractor is of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pattern {
    /// Quoted words with an attribution next to them.
    Quote,
    /// A quotation standing alone next to quotations of one speaker.
    QuoteContinued,
    /// `X said that …`.
    ParaphraseThat,
    /// `X said …` without "that".
    ParaphraseBare,
    /// `…, X said.`
    ParaphraseInverted,
    /// `According to X, …`.
    According,
    /// `X announced …`, `X urged …`: the act of speaking is the news.
    SpeechAct,
}

/// One attributed statement found in a sentence, before its speaker is resolved.
#[derive(Debug, Clone)]
pub(crate) struct Claim {
    pub sentence: usize,
    /// None for a quotation standing alone: its speaker is the one quoted next to it.
    pub subject: Option<Subject>,
    /// The speech verb's lemma ("say", "announce"), or "according".
    pub lemma: &'static str,
    pub pattern: Pattern,
    pub kind: StatementKind,
    pub text: String,
    /// The expression that dates the act of speaking ("said Tuesday").
    pub statement_time: Option<TimeMention>,
    /// The tokens of what was said, where the dates of the events it reports are.
    pub content: Vec<Token>,
    /// "earlier", "previously", "had said": before the news of the day.
    pub earlier: bool,
    /// What was said is a forecast or a possibility ("could", "will"), not a report of a
    /// past event, so its dates do not bound the date it was said.
    pub modal: bool,
    /// In a subordinate clause ("after Baku said …").
    pub subordinate: bool,
    pub channel: Option<&'static str>,
    /// A further part of the same attribution ("…, saying: …"): same speaker, same date.
    pub same_as_previous: bool,
}

/// Words that end a subject phrase when walking back from the verb.
const BOUNDARY_WORDS: &[&str] = &[
    "while",
    "whereas",
    "but",
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "when",
    "after",
    "before",
    "as",
    "because",
    "although",
    "though",
    "since",
    "if",
    "unless",
    "until",
    "once",
    "saying",
    "adding",
    "and",
    "or",
    "so",
    "where",
    "with",
    "than",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "will",
    "would",
    "could",
    "should",
    "can",
    "may",
    "might",
    "must",
    "not",
    "there",
    "in",
    "on",
    "at",
    "during",
    "from",
    "to",
    "into",
    "over",
    "under",
    "about",
    "against",
    "between",
    "among",
    "through",
    "amid",
    "despite",
    "without",
    "also",
    "then",
    "however",
    "meanwhile",
    "earlier",
    "previously",
];

/// Adverbs and auxiliaries between a subject and its verb.
const BETWEEN_SUBJECT_AND_VERB: &[&str] = &[
    "also",
    "earlier",
    "previously",
    "later",
    "again",
    "repeatedly",
    "then",
    "reportedly",
    "separately",
    "further",
    "once",
    "first",
    "recently",
    "publicly",
    "officially",
    "already",
    "formally",
    "had",
    "has",
    "have",
    "did",
    "swiftly",
    "quickly",
    "immediately",
    "subsequently",
];

const SUBORDINATORS: &[&str] = &[
    "when", "after", "before", "as", "because", "although", "though", "since", "if", "unless",
    "until", "once",
];

const CONNECTORS: &[&str] = &["while", "whereas", "but", "and"];

/// Words that show a clause has a finite verb: "its soldiers were killed".
const FINITE_MARKERS: &[&str] = &[
    "is", "are", "was", "were", "had", "has", "have", "will", "would", "could", "should", "can",
    "may", "might", "must", "did", "does", "do", "won't", "wouldn't", "can't", "cannot",
];

const MODALS: &[&str] = &[
    "will", "would", "could", "should", "may", "might", "can", "must", "shall", "won't",
    "wouldn't", "cannot", "can't",
];

/// Participles that continue an attribution with more of what was said.
const CONTINUATIONS: &[&str] = &[
    "saying",
    "adding",
    "noting",
    "stressing",
    "warning",
    "insisting",
    "explaining",
    "claiming",
    "emphasizing",
    "emphasising",
    "arguing",
    "stating",
];

/// Words that start a phrase about where or to whom something was said.
const SETTING_STARTERS: &[&str] = &[
    "in",
    "on",
    "at",
    "during",
    "via",
    "through",
    "to",
    "posted",
    "published",
    "issued",
    "released",
    "shared",
    "before",
];

/// Words of phrases about where or to whom something was said.
const SETTING_WORDS: &[&str] = &[
    "reporters",
    "journalists",
    "press",
    "media",
    "lawmakers",
    "parliament",
    "app",
    "channel",
    "account",
    "page",
    "site",
    "website",
    "conference",
    "briefing",
    "interview",
    "address",
    "speech",
    "post",
    "visit",
    "meeting",
    "session",
    "summit",
    "talks",
    "messenger",
    "platform",
    "statement",
    "televised",
    "broadcast",
    "television",
    "tv",
    "radio",
    "video",
    "message",
    "communique",
    "release",
    "remarks",
    "comments",
    "telegram",
    "twitter",
    "facebook",
    "x",
];

/// A speech verb with its subject found.
#[derive(Debug, Clone)]
struct Attribution {
    verb: usize,
    lemma: &'static str,
    class: VerbClass,
    subject: Subject,
    /// The tokens of the subject (an inverted subject follows the verb).
    subject_range: Range<usize>,
    inverted: bool,
    /// Where the connector before the subject starts, which ends the previous clause.
    connector_start: usize,
    statement_time: Option<TimeMention>,
    earlier: bool,
    subordinate: bool,
}

struct Reader<'s> {
    sentence: &'s Sentence,
    tokens: &'s [Token],
    /// For each token in an aside ("Russia – which … – urged calm"), the aside's range.
    aside: Vec<Option<Range<usize>>>,
    /// Time expressions outside quotations, resolved against the publication date.
    times: Vec<TimeMention>,
    quotes: Vec<Range<usize>>,
}

/// Finds the claims of one sentence, sentence `number` of the article.
pub(crate) fn claims(sentence: &Sentence, number: usize, published: NaiveDate) -> Vec<Claim> {
    let reader = Reader::new(sentence, published);
    let mut found = reader.attributed(number);
    if found.is_empty() {
        found.extend(reader.according(number));
    }
    if found.is_empty() {
        found.extend(reader.standalone_quote(number));
    }
    found
}

/// Makes reported words a sentence of their own: a capital first letter, a full stop.
pub(crate) fn finish(text: &str) -> String {
    let mut text = text
        .trim()
        .trim_start_matches([',', ';', ':', ' ', '–', '—'])
        .trim_end_matches([',', ';', ':', ' '])
        .to_string();
    if let Some(first) = text.chars().next() {
        if first.is_lowercase() {
            let upper: String = first.to_uppercase().collect();
            text.replace_range(..first.len_utf8(), &upper);
        }
    }
    let ends_well = text.ends_with(['.', '?', '!'])
        || [".\"", "?\"", "!\"", ".”", "?”", "!”"]
            .iter()
            .any(|ending| text.ends_with(ending));
    if !ends_well && !text.is_empty() {
        text.push('.');
    }
    text
}

/// Returns true when `word` looks like a verb in the past tense ("remained", "fired"),
/// as a reported clause has one near its start.
fn looks_past_tense(word: &str) -> bool {
    const NOT_VERBS: &[&str] = &[
        "need",
        "speed",
        "breed",
        "greed",
        "creed",
        "deed",
        "seed",
        "weed",
        "feed",
        "hundred",
        "shed",
        "sacred",
        "naked",
        "wicked",
        "kindred",
        "hatred",
        "red",
        "bed",
        "united",
        "limited",
        "advanced",
        "armed",
        "based",
        "detailed",
        "related",
        "so-called",
    ];
    word.len() > 4 && word.ends_with("ed") && !NOT_VERBS.contains(&word)
}

fn is_modal(tokens: &[Token]) -> bool {
    tokens
        .iter()
        .any(|token| token.kind == TokenKind::Word && MODALS.contains(&token.lower().as_str()))
}

impl<'s> Reader<'s> {
    fn new(sentence: &'s Sentence, published: NaiveDate) -> Reader<'s> {
        let tokens = &sentence.tokens[..];
        let mut aside = vec![None; tokens.len()];
        let dashes: Vec<usize> = (0..tokens.len())
            .filter(|&i| tokens[i].kind == TokenKind::Dash && !tokens[i].quoted)
            .collect();
        for pair in dashes.chunks(2) {
            if let [open, close] = pair {
                for slot in &mut aside[*open..=*close] {
                    *slot = Some(*open..*close + 1);
                }
            }
        }
        let mut open_bracket = None;
        for index in 0..tokens.len() {
            if tokens[index].quoted {
                continue;
            }
            if tokens[index].is_punct('(') {
                open_bracket = Some(index);
            } else if tokens[index].is_punct(')') {
                if let Some(open) = open_bracket.take() {
                    for slot in &mut aside[open..=index] {
                        *slot = Some(open..index + 1);
                    }
                }
            }
        }
        // "after Friday prayers": a time that places an event, not the speaking.
        let times = find_times(tokens, published)
            .into_iter()
            .filter(|time| {
                let start = time.range.start;
                let anchored = start > 0
                    && matches!(
                        tokens[start - 1].lower().as_str(),
                        "after" | "before" | "since" | "until" | "by"
                    );
                !tokens[start].quoted && !anchored
            })
            .collect();
        let mut quotes = Vec::new();
        let mut open = None;
        for (index, token) in tokens.iter().enumerate() {
            match token.kind {
                TokenKind::OpenQuote => open = Some(index),
                TokenKind::CloseQuote => {
                    if let Some(start) = open.take() {
                        quotes.push(start..index + 1);
                    }
                }
                _ => {}
            }
        }
        if let Some(start) = open {
            quotes.push(start..tokens.len());
        }
        Reader {
            sentence,
            tokens,
            aside,
            times,
            quotes,
        }
    }

    /// Returns the unquoted word at `index` in lower case, or "".
    fn word(&self, index: usize) -> String {
        self.tokens
            .get(index)
            .filter(|token| token.kind == TokenKind::Word && !token.quoted)
            .map(Token::lower)
            .unwrap_or_default()
    }

    fn time_ending_at(&self, end: usize) -> Option<&TimeMention> {
        self.times.iter().find(|time| time.range.end == end)
    }

    fn time_starting_at(&self, start: usize) -> Option<&TimeMention> {
        self.times.iter().find(|time| time.range.start == start)
    }

    fn in_time(&self, index: usize) -> bool {
        self.times.iter().any(|time| time.range.contains(&index))
    }

    fn is_boundary(&self, index: usize) -> bool {
        let token = &self.tokens[index];
        match token.kind {
            _ if token.quoted => true,
            TokenKind::Possessive => false,
            TokenKind::Word => {
                let lower = token.lower();
                BOUNDARY_WORDS.contains(&lower.as_str())
                    || verb(&lower).is_some()
                    || self.in_time(index)
            }
            _ => true,
        }
    }

    fn is_comma(&self, index: usize) -> bool {
        self.tokens
            .get(index)
            .is_some_and(|token| token.is_punct(',') && !token.quoted)
    }

    /// Returns where the phrase ending just before `end` starts, walking back to a
    /// boundary and over asides.
    fn phrase_start(&self, end: usize) -> usize {
        let mut start = end;
        while start > 0 {
            if let Some(aside) = &self.aside[start - 1] {
                start = aside.start;
                continue;
            }
            if self.is_boundary(start - 1) {
                break;
            }
            start -= 1;
        }
        start
    }

    /// Returns the tokens of `range` that are not in an aside.
    fn without_asides(&self, range: Range<usize>) -> Vec<Token> {
        range
            .filter(|&i| self.aside[i].is_none())
            .map(|i| self.tokens[i].clone())
            .collect()
    }

    fn words_in(&self, range: Range<usize>) -> usize {
        range
            .filter(|&i| {
                self.tokens
                    .get(i)
                    .is_some_and(|t| t.kind == TokenKind::Word)
            })
            .count()
    }

    /// Finds the subject of the speech verb at `at`, before it or (inverted) after it.
    /// Returns None when `at` is not a speech verb, Some(None) when it is one without a
    /// subject of its own (a second verb of a clause, a relative clause, background).
    fn attribution(&self, at: usize, follows_another: bool) -> Option<Option<Attribution>> {
        // "the United States": a capitalised "States" is a name, not a verb.
        if self.tokens[at].is_capitalized() {
            return None;
        }
        let found = verb(&self.word(at))?;
        if self.aside[at].is_some() {
            return Some(None);
        }
        // "notes", "reports", "claims", "states" are nouns as often as verbs.
        let noun_too = matches!(
            found.form,
            "notes" | "reports" | "claims" | "states" | "calls"
        );
        let next = self.tokens.get(at + 1);
        if noun_too
            && !next.is_some_and(|next| next.is("that") || next.is_punct(':') || next.is_punct(','))
        {
            return Some(None);
        }
        let mut end = at;
        let mut earlier = false;
        let mut perfect = false;
        let mut statement_time = None;
        while end > 0 {
            if let Some(time) = self.time_ending_at(end) {
                statement_time.get_or_insert_with(|| time.clone());
                end = time.range.start;
                continue;
            }
            let word = self.word(end - 1);
            if BETWEEN_SUBJECT_AND_VERB.contains(&word.as_str()) {
                match word.as_str() {
                    "earlier" | "previously" | "had" => earlier = true,
                    "has" | "have" => perfect = true,
                    _ => {}
                }
                end -= 1;
                continue;
            }
            break;
        }
        // "Russia, which used to mediate, urged calm": skip the relative clause.
        // "Dmitry Peskov, the Kremlin spokesperson, said": a name and its apposition.
        let mut appositive = None;
        if end > 0 && self.is_comma(end - 1) {
            let mut segment = end - 1;
            while segment > 0 && !self.is_comma(segment - 1) {
                segment -= 1;
            }
            if segment > 0 && matches!(self.word(segment).as_str(), "which" | "who") {
                end = segment - 1;
            } else if segment > 1 {
                let apposition = self.without_asides(segment..end - 1);
                let name_start = self.phrase_start(segment - 1);
                let name = self.without_asides(name_start..segment - 1);
                let apposition_names_a_person =
                    parse_subject(&apposition, &[]).is_some_and(|subject| {
                        subject.mentions.iter().any(|mention| {
                            matches!(mention, Mention::Named(entity) if entity.kind == SpeakerKind::Person)
                        })
                    });
                // "Iran's foreign minister, Hossein Amirabdollahian, warned": the name
                // comes second.
                let name_names_a_person = parse_subject(&name, &[]).is_some_and(|subject| {
                    subject.mentions.iter().any(|mention| {
                        matches!(mention, Mention::Named(entity) if entity.kind == SpeakerKind::Person)
                    })
                });
                let (person, office) = if apposition_names_a_person && !name_names_a_person {
                    (&apposition, &name)
                } else {
                    (&name, &apposition)
                };
                if !name.is_empty() && (!apposition_names_a_person || !name_names_a_person) {
                    if let Some(named) = parse_subject(person, office) {
                        let is_person = matches!(
                            named.mentions.as_slice(),
                            [Mention::Named(entity)] if entity.kind == SpeakerKind::Person
                        );
                        if is_person {
                            appositive = Some((name_start, named));
                            // "Erdogan, speaking to reporters last week, said".
                            if statement_time.is_none() {
                                statement_time = self
                                    .times
                                    .iter()
                                    .find(|time| {
                                        time.range.start >= segment && time.range.end < end
                                    })
                                    .cloned();
                            }
                        }
                    }
                }
            }
        }
        let (subject, subject_start) = match appositive {
            Some((name_start, named)) => (Some(named), name_start),
            None => {
                let mut start = end;
                loop {
                    start = self.phrase_start(start);
                    // "Pashinyan and his Azerbaijani counterpart Ilham Aliyev".
                    if start > 0 && self.word(start - 1) == "and" {
                        let left = self.phrase_start(start - 1);
                        let conjunct = self.without_asides(left..start - 1);
                        let names = parse_subject(&conjunct, &[]).is_some_and(|subject| {
                            subject
                                .mentions
                                .iter()
                                .all(|mention| !matches!(mention, Mention::Anaphor(_)))
                        });
                        if left < start - 1 && names {
                            start = left;
                            continue;
                        }
                        // "The presidents of Russia and Belarus noted": one subject that
                        // names no speaker, not two clauses.
                        if left == 0 {
                            return Some(None);
                        }
                    }
                    break;
                }
                let tokens = self.without_asides(start..end);
                if tokens.is_empty() {
                    // "urged calm and called …": a second verb of the clause before.
                    if end > 0 && self.word(end - 1) == "and" {
                        return Some(None);
                    }
                    let after_quote = end > 0
                        && (self.tokens[end - 1].kind == TokenKind::CloseQuote
                            || self.is_comma(end - 1));
                    if !after_quote {
                        return Some(None);
                    }
                    return Some(self.inverted(at, statement_time, earlier));
                }
                (parse_subject(&tokens, &[]), start)
            }
        };
        let Some(subject) = subject else {
            return Some(None);
        };
        let before = subject_start
            .checked_sub(1)
            .map(|i| self.word(i))
            .unwrap_or_default();
        let after_preposition = matches!(
            before.as_str(),
            "in" | "on"
                | "at"
                | "from"
                | "of"
                | "for"
                | "with"
                | "to"
                | "near"
                | "about"
                | "against"
        );
        if matches!(before.as_str(), "that" | "which" | "who" | "whom")
            || verb(&before).is_some()
            || after_preposition
        {
            return Some(None);
        }
        if perfect && statement_time.is_none() {
            // "Baku has denied …": background, not the news of a statement.
            return Some(None);
        }
        let mut connector_start = subject_start;
        if subject_start > 0 && CONNECTORS.contains(&before.as_str()) {
            connector_start = subject_start - 1;
        }
        if connector_start > 0
            && (self.is_comma(connector_start - 1)
                || self.tokens[connector_start - 1].is_punct(';'))
            && (connector_start < subject_start || follows_another)
        {
            connector_start -= 1;
        }
        Some(Some(Attribution {
            verb: at,
            lemma: found.lemma,
            class: found.class,
            subject,
            subject_range: subject_start..end,
            inverted: false,
            connector_start,
            statement_time,
            earlier,
            subordinate: SUBORDINATORS.contains(&before.as_str()),
        }))
    }

    /// Reads `"…," said Kremlin spokesperson Dmitry Peskov` and `…, said the ministry`.
    fn inverted(&self, at: usize, time: Option<TimeMention>, earlier: bool) -> Option<Attribution> {
        let found = verb(&self.word(at))?;
        let mut start = at + 1;
        let mut statement_time = time;
        if let Some(time) = self.time_starting_at(start) {
            statement_time.get_or_insert_with(|| time.clone());
            start = time.range.end;
        }
        let mut end = start;
        while end < self.tokens.len() {
            let token = &self.tokens[end];
            let allowed = !token.quoted
                && self.time_starting_at(end).is_none()
                && match token.kind {
                    TokenKind::Possessive => true,
                    TokenKind::Word => {
                        let lower = token.lower();
                        lower == "and" || !BOUNDARY_WORDS.contains(&lower.as_str())
                    }
                    _ => false,
                };
            if !allowed {
                break;
            }
            end += 1;
        }
        let mut subject = parse_subject(&self.tokens[start..end], &[])?;
        // "said Maria Zakharova, the Foreign Ministry spokeswoman, at a briefing".
        if self.is_comma(end) {
            let apposition_end = (end + 1..self.tokens.len())
                .find(|&i| self.is_boundary(i))
                .unwrap_or(self.tokens.len());
            if self.is_comma(apposition_end)
                || apposition_end == self.trim_end(end, self.tokens.len())
            {
                let apposition = &self.tokens[end + 1..apposition_end];
                if let Some(named) = parse_subject(&self.tokens[start..end], apposition) {
                    let person = matches!(
                        named.mentions.as_slice(),
                        [Mention::Named(entity)] if entity.kind == SpeakerKind::Person && entity.role.is_some()
                    );
                    if person {
                        subject = named;
                        end = apposition_end + usize::from(self.is_comma(apposition_end));
                    }
                }
            }
        }
        if let Some(time) = self.time_starting_at(end) {
            statement_time.get_or_insert_with(|| time.clone());
        }
        Some(Attribution {
            verb: at,
            lemma: found.lemma,
            class: found.class,
            subject,
            subject_range: start..end,
            inverted: true,
            connector_start: at,
            statement_time,
            earlier,
            subordinate: false,
        })
    }

    /// Returns true when `found` stands inside what the previous attribution reports
    /// ("said that, taking …, the Government proposed …"): only a connector ("while",
    /// "and", "but", ";") starts a clause of its own after a "that".
    fn is_nested(&self, found: &Attribution, previous: Option<&Attribution>) -> bool {
        let Some(previous) = previous else {
            return false;
        };
        if found.inverted || found.subject_range.start <= previous.verb {
            return false;
        }
        let start = found.subject_range.start;
        let reported = (previous.verb + 1..start).any(|i| self.word(i) == "that");
        let connected = start > 0
            && (CONNECTORS.contains(&self.word(start - 1).as_str())
                || self.tokens[start - 1].is_punct(';'));
        reported && !connected
    }

    /// Reads a second speech verb of one subject as an attribution of its own when it
    /// reports a clause ("rejected the accusation and said its units had come under fire
    /// first"); two speech acts ("urged calm and called the violence worrying") stay one.
    fn coordinated(&self, at: usize, previous: Option<&Attribution>) -> Option<Attribution> {
        let previous = previous?;
        let found = verb(&self.word(at))?;
        if at == 0 || self.word(at - 1) != "and" || previous.verb >= at {
            return None;
        }
        if found.class != VerbClass::Say && self.word(at + 1) != "that" {
            return None;
        }
        let mut connector_start = at - 1;
        if connector_start > 0 && self.is_comma(connector_start - 1) {
            connector_start -= 1;
        }
        Some(Attribution {
            verb: at,
            lemma: found.lemma,
            class: found.class,
            subject: previous.subject.clone(),
            subject_range: at..at,
            inverted: false,
            connector_start,
            statement_time: previous.statement_time.clone(),
            earlier: previous.earlier,
            subordinate: previous.subordinate,
        })
    }

    /// Returns the claims of the speech verbs of the sentence.
    fn attributed(&self, number: usize) -> Vec<Claim> {
        let mut attributions: Vec<Attribution> = Vec::new();
        let mut index = 0;
        while index < self.tokens.len() {
            if self.tokens[index].quoted {
                index += 1;
                continue;
            }
            match self.attribution(index, !attributions.is_empty()) {
                Some(Some(found)) if self.is_nested(&found, attributions.last()) => index += 1,
                Some(Some(found)) => {
                    index = if found.inverted {
                        found.subject_range.end.max(index + 1)
                    } else {
                        index + 1
                    };
                    attributions.push(found);
                }
                Some(None) => {
                    if let Some(coordinated) = self.coordinated(index, attributions.last()) {
                        attributions.push(coordinated);
                    }
                    index += 1;
                }
                None => index += 1,
            }
        }
        let mut claims = Vec::new();
        for (position, attribution) in attributions.iter().enumerate() {
            let end = attributions
                .get(position + 1)
                .map(|next| next.connector_start.max(attribution.verb + 1))
                .unwrap_or(self.tokens.len());
            let start = match position.checked_sub(1) {
                None => 0,
                Some(previous) => {
                    let previous = &attributions[previous];
                    previous.subject_range.end.max(previous.verb + 1)
                }
            };
            claims.extend(self.clause(number, attribution, start..end, position == 0));
        }
        claims
    }

    /// Reads one attribution's clause (the tokens `region`) into claims.
    fn clause(
        &self,
        number: usize,
        attribution: &Attribution,
        region: Range<usize>,
        first: bool,
    ) -> Vec<Claim> {
        let tokens = self.tokens;
        let (start, end) = (region.start, region.end);
        let (before_end, after_subject) = if attribution.inverted {
            (attribution.verb, attribution.subject_range.end)
        } else {
            (attribution.subject_range.start, attribution.verb + 1)
        };
        // Where and when, right after the verb.
        let (mut position, time_after, mut channels) =
            self.settings(after_subject, end, attribution.lemma);
        let mut statement_time = attribution.statement_time.clone().or(time_after);
        channels.extend(attribution.subject.channel);
        let mut earlier = attribution.earlier;
        let base =
            |pattern: Pattern, kind: StatementKind, text: String, content: Vec<Token>| Claim {
                sentence: number,
                subject: Some(attribution.subject.clone()),
                lemma: attribution.lemma,
                pattern,
                kind,
                modal: is_modal(&content),
                text,
                statement_time: None,
                content,
                earlier: false,
                subordinate: attribution.subordinate,
                channel: None,
                same_as_previous: false,
            };
        let mut claims = Vec::new();
        let quote_before = self.quote_ending_before(before_end, start);
        let mut rest = self.trim_end(position, end);
        // "…, according to a ministry statement": the source, not what was said.
        if let Some(according) = (position..rest).find(|&i| {
            self.is_comma(i) && self.word(i + 1) == "according" && self.word(i + 2) == "to"
        }) {
            for index in according..rest {
                if let Some((_, channel)) = channel_at(tokens, index) {
                    channels.push(channel);
                }
            }
            rest = according;
        }
        let continuation = self.continuation_start(position, rest);
        let right_empty = position >= rest || continuation == Some(position);
        let comma_before = before_end > start && self.is_comma(before_end - 1);
        if let Some(quote) = &quote_before {
            claims.push(base(
                Pattern::Quote,
                StatementKind::Quote,
                self.quote_text(quote),
                tokens[quote.clone()].to_vec(),
            ));
            // `"…," he said, "and …"`: a quotation split by its attribution.
            if position < rest && self.is_comma(position) {
                if let Some(next) = self.quote_starting_at(position + 1) {
                    let more = self.quote_text(&next);
                    if more.chars().next().is_some_and(char::is_lowercase) {
                        let whole = format!("{} {more}", self.quote_inner(quote));
                        if let Some(last) = claims.last_mut() {
                            last.text = whole;
                            last.content.extend(tokens[next.clone()].iter().cloned());
                        }
                    } else {
                        claims.push(base(
                            Pattern::Quote,
                            StatementKind::Quote,
                            more,
                            tokens[next.clone()].to_vec(),
                        ));
                    }
                    position = next.end;
                }
            }
        } else if let Some(quotes) = self.quotes_after(position, rest) {
            for quote in quotes {
                claims.push(base(
                    Pattern::Quote,
                    StatementKind::Quote,
                    self.quote_text(&quote),
                    tokens[quote.clone()].to_vec(),
                ));
                position = quote.end;
            }
        } else if let Some(that) = self
            .that_after_aside(position, rest)
            .filter(|&that| that + 1 < rest && !negates(attribution))
        {
            position = that;
            let content_end = continuation.unwrap_or(rest);
            claims.push(base(
                Pattern::ParaphraseThat,
                StatementKind::Paraphrase,
                finish(&self.sentence.slice(position + 1..content_end)),
                tokens[position + 1..content_end].to_vec(),
            ));
            position = content_end;
        } else if self.word(position) == "that" && position + 1 < rest && !negates(attribution) {
            let content_end = continuation.unwrap_or(rest);
            claims.push(base(
                Pattern::ParaphraseThat,
                StatementKind::Paraphrase,
                finish(&self.sentence.slice(position + 1..content_end)),
                tokens[position + 1..content_end].to_vec(),
            ));
            position = content_end;
        } else if comma_before
            && right_empty
            && attribution.class == VerbClass::Say
            && self.words_in(start..before_end - 1) >= 3
        {
            // "There are reports of …, the statement noted".
            claims.push(base(
                Pattern::ParaphraseInverted,
                StatementKind::Paraphrase,
                finish(&self.sentence.slice(start..before_end - 1)),
                tokens[start..before_end - 1].to_vec(),
            ));
        } else if position < rest {
            let content_end = continuation.unwrap_or(rest);
            let clause_like = self.is_clause(attribution, position, content_end);
            if clause_like
                && !negates(attribution)
                && self.words_in(position..content_end) >= 3
                && !self.starts_with_preposition(position)
            {
                claims.push(base(
                    Pattern::ParaphraseBare,
                    StatementKind::Paraphrase,
                    finish(&self.sentence.slice(position..content_end)),
                    tokens[position..content_end].to_vec(),
                ));
                position = content_end;
            } else if attribution.class == VerbClass::Act
                || (attribution.lemma == "tell" && self.word(position) == "about")
                || (self.words_in(position..content_end) >= 2
                    && !self.starts_with_preposition(position))
            {
                let text = self.speech_act(attribution, statement_time.as_ref(), content_end);
                let content = (after_subject..content_end)
                    .filter(|i| {
                        statement_time
                            .as_ref()
                            .is_none_or(|time| !time.range.contains(i))
                    })
                    .map(|i| tokens[i].clone())
                    .collect();
                claims.push(base(
                    Pattern::SpeechAct,
                    StatementKind::Paraphrase,
                    text,
                    content,
                ));
                position = content_end;
            }
        }
        if claims.is_empty() {
            return claims;
        }
        // `"…," said X, at a briefing in Moscow on Wednesday`: the tail dates the quote.
        let content_on_the_left = quote_before.is_some()
            || claims
                .first()
                .is_some_and(|claim| claim.pattern == Pattern::ParaphraseInverted);
        if content_on_the_left && statement_time.is_none() {
            statement_time = self
                .times
                .iter()
                .find(|time| time.range.start >= after_subject && time.range.end <= end)
                .cloned();
        }
        // The opening phrase when the clause starts the sentence: "Earlier,", "On
        // Tuesday,", "In a statement,".
        if first
            && quote_before.is_none()
            && !attribution.inverted
            && before_end > 0
            && self.is_comma(before_end - 1)
        {
            for index in 0..before_end {
                if matches!(self.word(index).as_str(), "earlier" | "previously") {
                    earlier = true;
                }
                if let Some((_, channel)) = channel_at(tokens, index) {
                    if !tokens[index].quoted {
                        channels.push(channel);
                    }
                }
            }
            if statement_time.is_none() {
                statement_time = self
                    .times
                    .iter()
                    .find(|time| time.range.end <= before_end)
                    .cloned();
            }
        }
        // ", saying: "…"", ", adding that …".
        if let Some(continuation) = self.continuation_start(position, rest) {
            claims.extend(self.continued(continuation, rest, &base));
        }
        let channel = channels
            .into_iter()
            .max_by_key(|channel| channel_rank(channel));
        for (index, claim) in claims.iter_mut().enumerate() {
            claim.statement_time = statement_time.clone();
            claim.earlier = earlier;
            claim.channel = channel;
            claim.same_as_previous = index > 0;
        }
        claims
    }

    /// Reads what follows ", saying" or ", adding", from `at` (the comma) to `end`.
    fn continued(
        &self,
        mut at: usize,
        end: usize,
        base: &dyn Fn(Pattern, StatementKind, String, Vec<Token>) -> Claim,
    ) -> Vec<Claim> {
        let mut claims = Vec::new();
        while at < end {
            let start = at + 2;
            let next = self.continuation_start(start, end).unwrap_or(end);
            if let Some(quotes) = self.quotes_after(start, next) {
                for quote in quotes {
                    claims.push(base(
                        Pattern::Quote,
                        StatementKind::Quote,
                        self.quote_text(&quote),
                        self.tokens[quote.clone()].to_vec(),
                    ));
                }
            } else {
                let from = if self.word(start) == "that" {
                    start + 1
                } else {
                    start
                };
                if self.words_in(from..next) >= 3 {
                    let pattern = if from > start {
                        Pattern::ParaphraseThat
                    } else {
                        Pattern::ParaphraseBare
                    };
                    claims.push(base(
                        pattern,
                        StatementKind::Paraphrase,
                        finish(&self.sentence.slice(from..next)),
                        self.tokens[from..next].to_vec(),
                    ));
                }
            }
            at = next;
        }
        claims
    }

    /// Skips the phrases after a verb that say when, where or to whom it was said
    /// ("on Tuesday", "in a statement posted on Telegram", "told reporters"); returns
    /// where what was said starts, the time, and the channels named.
    fn settings(
        &self,
        from: usize,
        end: usize,
        lemma: &str,
    ) -> (usize, Option<TimeMention>, Vec<&'static str>) {
        let mut position = from;
        let mut time = None;
        let mut channels = Vec::new();
        let mut object_done = lemma != "tell";
        let phrase_word = |index: usize| {
            index < end
                && matches!(
                    self.tokens[index].kind,
                    TokenKind::Word | TokenKind::Possessive
                )
                && !self.tokens[index].quoted
                && self.word(index) != "that"
                && !SETTING_STARTERS.contains(&self.word(index).as_str())
                && self.time_starting_at(index).is_none()
        };
        while position < end {
            if let Some(found) = self.time_starting_at(position) {
                if found.range.end <= end {
                    time.get_or_insert_with(|| found.clone());
                    position = found.range.end;
                    continue;
                }
            }
            let token = &self.tokens[position];
            if token.quoted || token.kind != TokenKind::Word {
                break;
            }
            let word = token.lower();
            if !object_done {
                // "told reporters", "told the state news agency".
                object_done = true;
                let mut next = position;
                while phrase_word(next)
                    && next - position < 5
                    && self.word(next) != "about"
                    && !FINITE_MARKERS.contains(&self.word(next).as_str())
                {
                    if let Some((_, channel)) = channel_at(self.tokens, next) {
                        channels.push(channel);
                    }
                    next += 1;
                }
                // "told reporters Armenia would …": the object is one word.
                if next > position + 1 && FINITE_MARKERS.contains(&self.word(next).as_str()) {
                    next = position + 1;
                }
                position = next;
                continue;
            }
            if !SETTING_STARTERS.contains(&word.as_str()) {
                break;
            }
            let mut next = position + 1;
            while phrase_word(next) {
                next += 1;
            }
            if matches!(
                word.as_str(),
                "posted" | "published" | "issued" | "released" | "shared"
            ) {
                position = next;
                continue;
            }
            // "in Yerevan", "at the Kremlin": where it was said.
            let place = matches!(word.as_str(), "in" | "at")
                && (position + 1..next)
                    .filter(|&i| !matches!(self.word(i).as_str(), "the" | "of"))
                    .all(|i| self.tokens[i].is_capitalized())
                && next > position + 1;
            if place {
                position = next;
                continue;
            }
            let mut named = Vec::new();
            let mut setting = false;
            for index in position..next {
                if let Some((_, channel)) = channel_at(self.tokens, index) {
                    named.push(channel);
                }
                setting |= SETTING_WORDS.contains(&self.word(index).as_str());
            }
            if named.is_empty() && !setting {
                break;
            }
            channels.extend(named);
            position = next;
        }
        (position, time, channels)
    }

    /// Returns where "that" is after a short aside between commas: "stressed, in
    /// particular, that …".
    fn that_after_aside(&self, position: usize, end: usize) -> Option<usize> {
        if !self.is_comma(position) {
            return None;
        }
        let close = (position + 1..end.min(position + 7)).find(|&i| self.is_comma(i))?;
        (self.word(close + 1) == "that").then_some(close + 1)
    }

    /// Returns the end of the words in `start..end`, before final punctuation.
    fn trim_end(&self, start: usize, end: usize) -> usize {
        let mut end = end;
        while end > start {
            let token = &self.tokens[end - 1];
            let trailing = token.kind == TokenKind::Punct
                && !token.quoted
                && matches!(token.text.as_str(), "." | "," | ";" | ":" | "!" | "?");
            if !trailing {
                break;
            }
            end -= 1;
        }
        end
    }

    /// Returns where ", saying" or ", adding" starts in `from..end`.
    fn continuation_start(&self, from: usize, end: usize) -> Option<usize> {
        (from..end)
            .find(|&i| self.is_comma(i) && CONTINUATIONS.contains(&self.word(i + 1).as_str()))
    }

    /// Returns the quotation that ends right before `at` (`"…," X said`), if it starts at
    /// or after `start`.
    fn quote_ending_before(&self, at: usize, start: usize) -> Option<Range<usize>> {
        let end = if at > 0 && self.is_comma(at - 1) {
            at - 1
        } else {
            at
        };
        if end == 0 || self.tokens[end - 1].kind != TokenKind::CloseQuote {
            return None;
        }
        self.quotes
            .iter()
            .find(|quote| quote.end == end && quote.start >= start)
            .cloned()
    }

    fn quote_starting_at(&self, at: usize) -> Option<Range<usize>> {
        self.quotes.iter().find(|quote| quote.start == at).cloned()
    }

    /// Returns the quotations right after `position` (`said: "…"`, `said, "…"`).
    fn quotes_after(&self, position: usize, end: usize) -> Option<Vec<Range<usize>>> {
        let mut at = position;
        if at < end && (self.tokens[at].is_punct(':') || self.is_comma(at)) {
            at += 1;
        }
        let mut found = Vec::new();
        while let Some(quote) = self.quote_starting_at(at) {
            at = quote.end;
            found.push(quote);
            while at < self.tokens.len()
                && self.tokens[at].kind == TokenKind::Punct
                && !self.tokens[at].quoted
            {
                at += 1;
            }
        }
        (!found.is_empty()).then_some(found)
    }

    /// Returns the words inside a quotation as written.
    fn quote_inner(&self, quote: &Range<usize>) -> String {
        let inner_end = if self.tokens[quote.end - 1].kind == TokenKind::CloseQuote {
            quote.end - 1
        } else {
            quote.end
        };
        self.sentence.slice(quote.start + 1..inner_end)
    }

    /// Returns the words of a quotation as written, without a trailing comma.
    fn quote_text(&self, quote: &Range<usize>) -> String {
        self.quote_inner(quote)
            .trim_end_matches([',', ' '])
            .to_string()
    }

    /// Returns true when `start..end`, right after a speech verb, reads as a reported
    /// clause ("its soldiers were killed") rather than an object ("a revenge operation",
    /// "confidence that …", "this in Moscow").
    fn is_clause(&self, attribution: &Attribution, start: usize, end: usize) -> bool {
        if attribution.class == VerbClass::Say && matches!(attribution.lemma, "say" | "tell") {
            return true;
        }
        let limit = (start..end)
            .find(|&i| matches!(self.word(i).as_str(), "that" | "to"))
            .unwrap_or(end);
        (start..limit).any(|i| {
            let word = self.word(i);
            FINITE_MARKERS.contains(&word.as_str())
                || (attribution.class == VerbClass::Say
                    && i > start
                    && i <= start + 4
                    && looks_past_tense(&word))
        })
    }

    fn starts_with_preposition(&self, at: usize) -> bool {
        matches!(
            self.word(at).as_str(),
            "in" | "on" | "at" | "to" | "for" | "with" | "by" | "from" | "of" | "about"
        )
    }

    /// Writes a speech act as a sentence of its own: the clause from its subject, without
    /// asides and without the time of speaking, a person named by surname.
    fn speech_act(
        &self,
        attribution: &Attribution,
        time: Option<&TimeMention>,
        end: usize,
    ) -> String {
        let subject = &attribution.subject_range;
        let surname = match attribution.subject.mentions.as_slice() {
            [Mention::Named(entity)] if entity.kind == SpeakerKind::Person => {
                entity.surname.clone()
            }
            _ => None,
        };
        let keep = |index: usize| {
            self.aside[index].is_none() && time.is_none_or(|time| !time.range.contains(&index))
        };
        // ", a day after …", ", as …": the reporter's context, not the act.
        let end = (subject.end..end)
            .find(|&i| {
                self.is_comma(i)
                    && (matches!(
                        self.word(i + 1).as_str(),
                        "after"
                            | "as"
                            | "amid"
                            | "while"
                            | "following"
                            | "ahead"
                            | "before"
                            | "since"
                    ) || (matches!(
                        self.word(i + 1).as_str(),
                        "a" | "an" | "one" | "two" | "three" | "hours" | "days" | "weeks"
                    ) && matches!(
                        self.word(i + 2).as_str(),
                        "day" | "days" | "hours" | "week" | "weeks" | "after" | "before"
                    )))
            })
            .unwrap_or(end);
        let body = self.sentence.render(subject.end..end, keep);
        let subject_words = match surname {
            Some(surname) => surname,
            None => self.sentence.render(subject.clone(), keep),
        };
        finish(&format!("{subject_words} {body}"))
    }

    /// Reads `According to X, …` and `…, according to X`.
    fn according(&self, number: usize) -> Vec<Claim> {
        let tokens = self.tokens;
        let Some(at) = (0..tokens.len().saturating_sub(1))
            .find(|&i| self.word(i) == "according" && self.word(i + 1) == "to")
        else {
            return Vec::new();
        };
        let mut source_end = at + 2;
        while source_end < tokens.len()
            && matches!(
                tokens[source_end].kind,
                TokenKind::Word | TokenKind::Possessive
            )
            && !tokens[source_end].quoted
            && self.time_starting_at(source_end).is_none()
        {
            source_end += 1;
        }
        let Some(subject) = parse_subject(&tokens[at + 2..source_end], &[]) else {
            return Vec::new();
        };
        let content = if at == 0 && self.is_comma(source_end) {
            source_end + 1..self.trim_end(source_end + 1, tokens.len())
        } else if at > 0 && self.is_comma(at - 1) {
            0..at - 1
        } else {
            return Vec::new();
        };
        if self.words_in(content.clone()) < 3 {
            return Vec::new();
        }
        let content_tokens = tokens[content.clone()].to_vec();
        vec![Claim {
            sentence: number,
            subject: Some(subject),
            lemma: "according",
            pattern: Pattern::According,
            kind: StatementKind::Paraphrase,
            text: finish(&self.sentence.slice(content)),
            statement_time: self.time_starting_at(source_end).cloned(),
            modal: is_modal(&content_tokens),
            content: content_tokens,
            earlier: false,
            subordinate: false,
            channel: None,
            same_as_previous: false,
        }]
    }

    /// A sentence that is one quotation and nothing else.
    fn standalone_quote(&self, number: usize) -> Option<Claim> {
        let [quote] = self.quotes.as_slice() else {
            return None;
        };
        let after = self.trim_end(quote.end, self.tokens.len());
        if quote.start != 0 || after != quote.end || self.words_in(quote.clone()) < 3 {
            return None;
        }
        Some(Claim {
            sentence: number,
            subject: None,
            lemma: "say",
            pattern: Pattern::QuoteContinued,
            kind: StatementKind::Quote,
            text: self.quote_text(quote),
            statement_time: None,
            content: self.tokens[quote.clone()].to_vec(),
            earlier: false,
            modal: false,
            subordinate: false,
            channel: None,
            same_as_previous: false,
        })
    }
}

/// Whether the verb says the opposite of what follows it: "denied that Armenia would
/// leave the CSTO" reported as "Armenia would leave the CSTO" would store the claim the
/// speaker rejected. Such a statement is the act itself, its verb kept.
fn negates(attribution: &Attribution) -> bool {
    matches!(attribution.lemma, "deny" | "reject" | "dismiss")
}
