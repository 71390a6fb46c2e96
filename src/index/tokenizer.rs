//! The tokenizer of every analyser: words, and pairs of characters of the scripts written
//! without spaces between words.
//!
//! Chinese and Japanese put no spaces between words, and Korean writes its particles onto
//! its words, so a run of their characters is not a word anyone searches for: "中方呼吁双方
//! 保持克制" is a whole sentence. Thai, Lao, Khmer and Myanmar put spaces between phrases
//! only: "กระทรวงการต่างประเทศไทยเรียกร้อง" (Thailand's foreign ministry called on) is one run.
//! As Lucene's `CJKBigramFilter` (Elasticsearch's `cjk` analyser) does, such an unspaced
//! run ([`is_written_unspaced`]) becomes its overlapping pairs of characters at
//! consecutive positions (保持 持克 克制), and a character alone in its run stays itself.
//! A character is a letter with the combining marks after it (ทั, a consonant and its
//! vowel sign), which no pair parts. A query's run is cut the same way, which makes it the
//! phrase of its pairs: 克制 finds …保持克制…, ชายแดน (border) finds …ตามแนวชายแดนทันที…,
//! and 克制的 needs 的 right after 克制. Dictionaries that cut Thai into words (ICU's)
//! weigh megabytes and miss names; pairs find any word, a name too, in any of them. Every other letter or digit is cut into words as
//! tantivy's `SimpleTokenizer` cuts them, but for combining marks: a word goes on through
//! them. Text that arrives decomposed (NFD, "S" + U+0327 for "Ş", as macOS and some
//! scrapers write it) and the vowel signs of Devanagari or Bengali would otherwise cut
//! words in pieces that nothing typed finds; the analysers' folding drops the marks that
//! are diacritics and keeps the vowel signs (`fold::fold_word`).
//! A word goes on, too, through what stands inside it without parting it and folding
//! drops (`fold::is_dropped_in_word`): soft hyphens and joiners, which HTML and word
//! processors put inside words, the Armenian stress marks (Ինչո՞ւ) and the Arabic
//! tatweel, which stretches a word (علـــى). The modifier letter apostrophe ʼ, a letter
//! to Unicode, parts words as ' and ’ do; but any of the three between two Cyrillic
//! letters is inside the word (Ukrainian об'єкт, which folding reads as обєкт). The
//! zero-width non-joiner after a letter of Arabic script parts words: Persian writes it
//! where a suffix begins (تحریم‌ها), as a space.
//!
//! A compound written with hyphens (cease-fire, peace-keeping, e-mail) is its parts, and
//! also the parts joined (ceasefire), a token at the first part's position spanning the
//! whole compound: the spellings find each other, a phrase of the parts ("cease fire",
//! "cease-fire agreement") still stands word after word, and a snippet highlights the
//! compound whole. See [`compound_at`] for what counts as one.

use std::ops::Range;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use unicode_normalization::char::is_combining_mark;

use crate::fold::{
    is_attached_mark, is_dropped_in_word, is_letter_or_digit, is_word_apostrophe,
    is_written_unspaced, parts_words_after, MODIFIER_APOSTROPHE, ZERO_WIDTH_NON_JOINER,
};

/// Cuts text into words, and unspaced runs into pairs (see the module's comment).
#[derive(Clone, Default)]
pub(super) struct WordTokenizer {
    token: Token,
}

/// The tokens of one text, see [`WordTokenizer`].
pub(super) struct WordTokenStream<'a> {
    text: &'a str,
    /// Where the search for the next word or run starts.
    next: usize,
    /// The compound whose first part is the current token, its joined form still to be
    /// given at the same position.
    compound: Option<Compound>,
    /// Where the last chain of hyphenated words looked at ends: a word inside it starts
    /// no compound of its own (the parts of "state-of-the-art-ish" are not joined in
    /// fours, nor "09-27" of a date).
    chain_end: usize,
    /// Inside an unspaced run with pairs still to give: where the next pair
    /// starts, and where the run ends.
    run: Option<(usize, usize)>,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        self.token.reset();
        WordTokenStream {
            text,
            next: 0,
            compound: None,
            chain_end: 0,
            run: None,
            token: &mut self.token,
        }
    }
}

impl TokenStream for WordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        if let Some(compound) = self.compound.take() {
            // At its first part's position: a synonym of the parts, as long as they.
            self.token.offset_from = compound.bytes.start;
            self.token.offset_to = compound.bytes.end;
            self.token.position_length = compound.parts;
            self.token.text.extend(
                self.text[compound.bytes]
                    .chars()
                    .filter(|&character| !is_hyphen(character)),
            );
            return true;
        }
        self.token.position_length = 1;
        // Every token, pair or word, takes the next position, as SimpleTokenizer's words do.
        self.token.position = self.token.position.wrapping_add(1);
        if let Some((start, end)) = self.run {
            self.pair(start, end);
            return true;
        }
        let Some((range, unspaced)) = next_run(self.text, self.next) else {
            self.next = self.text.len();
            return false;
        };
        if unspaced {
            self.next = range.end;
            self.pair(range.start, range.end);
        } else {
            self.next = after_word(self.text, range.start, range.end);
            // Only a hyphen right after a word starts a chain: one byte compared.
            if range.start >= self.chain_end && self.next == range.end {
                if let Some((compound, chain_end)) = compound_at(self.text, range.clone()) {
                    self.chain_end = chain_end;
                    self.compound = compound;
                }
            }
            self.set(range);
        }
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

impl WordTokenStream<'_> {
    /// Makes the token the pair of characters that starts at `start` in the unspaced run that
    /// ends at `end`, or the character alone when it is the whole run, and remembers where
    /// the next pair starts if the run holds another.
    fn pair(&mut self, start: usize, end: usize) {
        let first = unit_end(self.text, start, end);
        let second = unit_end(self.text, first, end);
        self.run = (second < end).then_some((first, end));
        self.set(start..second);
    }

    fn set(&mut self, range: Range<usize>) {
        self.token.offset_from = range.start;
        self.token.offset_to = range.end;
        self.token.text.push_str(&self.text[range]);
    }
}

/// A compound of words joined by hyphens, see [`compound_at`].
#[derive(Debug, Clone, PartialEq, Eq)]
struct Compound {
    /// From its first part's start to its last part's end.
    bytes: Range<usize>,
    /// How many words it joins.
    parts: usize,
}

/// The most words a compound joins: "mother-in-law" is one, a longer chain is a phrase
/// someone wrote with hyphens ("a-wait-and-see-approach"), whose words are not joined.
pub(super) const MOST_COMPOUND_PARTS: usize = 4;

/// The longest compound joined, in bytes without its hyphens: longer ones are no word
/// anyone types whole.
pub(super) const MOST_COMPOUND_BYTES: usize = 40;

/// Whether `character` joins the parts of a compound: the hyphen-minus, the hyphen
/// (U+2010) and the non-breaking hyphen (U+2011), not the dashes that write ranges.
pub(super) fn is_hyphen(character: char) -> bool {
    matches!(character, '-' | '\u{2010}' | '\u{2011}')
}

/// Looks at the chain of words joined by hyphens that starts with the word at `first` of
/// `text`: None when no hyphen follows it; else the compound (None when the chain is no
/// compound) and where the chain ends. A compound is two to [`MOST_COMPOUND_PARTS`]
/// words, each holding a letter (dates, 2020-09-27, and ranges, 10-15, are not joined,
/// nor COVID-19), joined by single hyphens with letters or digits on both sides, and at
/// most [`MOST_COMPOUND_BYTES`] long without them. An unspaced run or an apostrophe after a
/// part (a possessive, a Turkish suffix) ends the chain there.
#[inline]
fn compound_at(text: &str, first: Range<usize>) -> Option<(Option<Compound>, usize)> {
    let hyphen = char_at(text, first.end).filter(|&character| is_hyphen(character))?;
    compound_after(text, first, hyphen)
}

/// [`compound_at`] once a hyphen follows the first word.
// Out of line: only a word followed by a hyphen comes here.
#[cold]
fn compound_after(
    text: &str,
    first: Range<usize>,
    mut hyphen: char,
) -> Option<(Option<Compound>, usize)> {
    let has_letter = |part: &str| part.chars().any(char::is_alphabetic);
    let mut parts = 1;
    let mut lettered = has_letter(&text[first.clone()]);
    let mut end = first.end;
    let mut joined_bytes = first.len();
    loop {
        let after_hyphen = end + hyphen.len_utf8();
        let Some((part, false)) = next_run(text, after_hyphen) else {
            break;
        };
        if part.start != after_hyphen {
            break;
        }
        parts += 1;
        lettered &= has_letter(&text[part.clone()]);
        joined_bytes += part.len();
        end = part.end;
        if after_word(text, part.start, part.end) != part.end {
            break;
        }
        match char_at(text, end) {
            Some(next) if is_hyphen(next) => hyphen = next,
            _ => break,
        }
    }
    if parts == 1 {
        return None;
    }
    let joins = lettered && parts <= MOST_COMPOUND_PARTS && joined_bytes <= MOST_COMPOUND_BYTES;
    let compound = joins.then_some(Compound {
        bytes: first.start..end,
        parts,
    });
    Some((compound, end))
}

/// Returns the byte range of the next word or unspaced run of `text` at or after `from`,
/// and whether it is an unspaced run.
// Every byte indexed or highlighted passes here: ASCII is told by its byte (one load, see
// `ASCII_WORD`), and only other characters are decoded. A scan of `char_indices` cost
// ingest 6% more instructions than tantivy's SimpleTokenizer; this costs 2% fewer.
#[inline]
fn next_run(text: &str, from: usize) -> Option<(Range<usize>, bool)> {
    let bytes = text.as_bytes();
    let mut at = from;
    let (start, unspaced) = loop {
        let &byte = bytes.get(at)?;
        if byte.is_ascii() {
            if ASCII_WORD[usize::from(byte)] {
                break (at, false);
            }
            at += 1;
            continue;
        }
        let character = char_at(text, at)?;
        if in_unspaced_run(character) {
            // A mark with no letter before it in its run is no character of its own.
            if !is_attached_mark(character) {
                break (at, true);
            }
        } else if is_letter_or_digit(character) {
            break (at, false);
        }
        at += character.len_utf8();
    };
    let mut end = start;
    if unspaced {
        // Any ASCII ends an unspaced run.
        while let Some(character) = char_at(text, end).filter(|&each| in_unspaced_run(each)) {
            end += character.len_utf8();
        }
        return Some((start..end, true));
    }
    while let Some(&byte) = bytes.get(end) {
        if byte.is_ascii() {
            if !ASCII_WORD[usize::from(byte)] {
                // Out of the way of ASCII words: an apostrophe inside a Cyrillic one.
                match (byte == b'\'').then(|| after_word_apostrophe(text, end)) {
                    Some(Some(after)) => {
                        end = after;
                        continue;
                    }
                    _ => break,
                }
            }
            end += 1;
            continue;
        }
        match char_at(text, end) {
            Some(character) if goes_on_word(character) => end += character.len_utf8(),
            Some(character) if is_word_apostrophe_at(text, end, character) => {
                end += character.len_utf8();
            }
            // The non-joiner after a letter of Arabic script parts words.
            Some(character)
                if character == ZERO_WIDTH_NON_JOINER
                    && parts_words_after(text[..end].chars().next_back(), character) =>
            {
                break
            }
            // Taken only when the word goes on after them: "word\u{AD} " ends at "d".
            Some(character) if is_dropped_in_word(character) => match after_dropped(text, end) {
                Some(after) => end = after,
                None => break,
            },
            _ => break,
        }
    }
    Some((start..end, false))
}

/// Whether a word (not an unspaced run) goes on through `character`, which is not ASCII: a letter or
/// digit, or a combining mark, but not the modifier letter apostrophe (an apostrophe,
/// see [`after_word`]).
#[inline]
fn goes_on_word(character: char) -> bool {
    (is_letter_or_digit(character) || is_combining_mark(character))
        && !is_written_unspaced(character)
}

/// Whether the apostrophe `character` (' ’ ʼ) at byte `at` of `text` stands inside a word,
/// between two Cyrillic letters (об'єкт: see `fold::is_word_apostrophe`).
// Out of line: only text with an apostrophe comes here.
#[cold]
fn is_word_apostrophe_at(text: &str, at: usize, character: char) -> bool {
    matches!(character, '\u{2019}' | MODIFIER_APOSTROPHE)
        && after_word_apostrophe(text, at).is_some()
}

/// Where the word goes on after the apostrophe at byte `at` of `text`, when it stands
/// between two Cyrillic letters; None when it parts words.
#[cold]
fn after_word_apostrophe(text: &str, at: usize) -> Option<usize> {
    let before = text.get(..at)?.chars().next_back();
    let character = char_at(text, at)?;
    let after = at + character.len_utf8();
    is_word_apostrophe(before, character, char_at(text, after)).then_some(after)
}

/// Where the word goes on after the characters dropped inside words (soft hyphens,
/// joiners, Armenian stress marks: [`is_dropped_in_word`]) that start at byte `at` of
/// `text`: the position of the letter, digit or combining mark after them, or None when
/// none follows (the marks end the word, and are no part of it).
// Out of line: only text with such characters comes here.
#[cold]
fn after_dropped(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at..)?;
    let (offset, next) = rest
        .char_indices()
        .find(|&(_, character)| !is_dropped_in_word(character))?;
    let goes_on = if next.is_ascii() {
        ASCII_WORD[next as usize]
    } else {
        goes_on_word(next)
    };
    goes_on.then_some(at + offset)
}

/// Where the next word is looked for after the word at bytes `start..end` of `text`: past
/// an English possessive `'s`, `’s` or `ʼs` that follows it, or past a Turkish case
/// suffix ([`after_turkish_suffix`]), else at `end`. So "Armenia's" is the word Armenia,
/// as Elasticsearch's `english_possessive_stemmer` makes it, where the apostrophe would
/// make it the phrase "armenia s", which only the possessive matches. Other letters after
/// an apostrophe stay words of their own (don't, O'Brien, d'Ivoire).
#[inline]
fn after_word(text: &str, start: usize, end: usize) -> usize {
    let rest = &text.as_bytes()[end..];
    let apostrophe = match rest {
        [b'\'', ..] => 1,
        // U+2019, the typographic apostrophe.
        [0xE2, 0x80, 0x99, ..] => 3,
        // U+02BC, the modifier letter apostrophe.
        [0xCA, 0xBC, ..] => 2,
        _ => return end,
    };
    if !matches!(rest.get(apostrophe), Some(b's' | b'S')) {
        return after_turkish_suffix(text, start, end + apostrophe).unwrap_or(end);
    }
    let after = end + apostrophe + 1;
    if word_goes_on(text, after) {
        end
    } else {
        after
    }
}

/// Whether a word goes on at byte `at` of `text`: a letter, digit or combining mark
/// stands there, or what is dropped inside words before one.
fn word_goes_on(text: &str, at: usize) -> bool {
    char_at(text, at).is_some_and(|next| {
        is_letter_or_digit(next)
            || is_combining_mark(next)
            || (is_dropped_in_word(next) && after_dropped(text, at).is_some())
    })
}

/// English contractions a capitalised word takes after an apostrophe (Don't, We're,
/// I've, It'll, I'd, I'm): words of their own, as in lower case, and no Turkish suffix.
const CONTRACTIONS: [&str; 6] = ["t", "re", "ve", "ll", "d", "m"];

/// Where the next word is looked for when the word at `start` is followed by an
/// apostrophe ending at `suffix`: past the suffix if it is a Turkish case ending, else
/// None. Turkish writes the endings of a proper name after an apostrophe (Irak’ta,
/// İstanbul'da, Ankara’nın, Gazze'ye): they are not words, and as words they made a
/// query "Irak’ta" require "ta". As Lucene's ApostropheFilter (Elasticsearch's
/// `apostrophe`, in its Turkish analyser) does, such a suffix is dropped: a run of lower
/// case letters, up to where the word ends, after a capitalised Latin word. A lower case
/// word before the apostrophe (d'Ivoire, don't), a capital after it (O'Brien, L'Aquila)
/// or an English contraction (Don't) keep the suffix a word.
// Out of line: only an apostrophe that is no possessive comes here.
#[cold]
fn after_turkish_suffix(text: &str, start: usize, suffix: usize) -> Option<usize> {
    let first = char_at(text, start)?;
    let latin_capital = first.is_uppercase()
        && matches!(first, 'A'..='Z' | '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}');
    if !latin_capital {
        return None;
    }
    let rest = text.get(suffix..)?;
    let end = rest
        .char_indices()
        .find(|&(_, letter)| !(letter.is_lowercase() && is_latin(letter)))
        .map_or(rest.len(), |(at, _)| at);
    let ending = &rest[..end];
    if ending.is_empty() || word_goes_on(text, suffix + end) || CONTRACTIONS.contains(&ending) {
        return None;
    }
    Some(suffix + end)
}

/// Whether `letter` is of the Latin script (its main blocks).
fn is_latin(letter: char) -> bool {
    matches!(letter, 'A'..='Z' | 'a'..='z' | '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}')
}

/// By ASCII byte: whether it is a letter or a digit, one load where the comparisons of
/// `is_ascii_alphanumeric` cost the tokenizer a fifth of its instructions.
static ASCII_WORD: [bool; 128] = {
    let mut table = [false; 128];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    table
};

/// The character that starts at byte `at` of `text`, if one does.
#[inline]
fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

/// A word of a query's text as the tokenizer cuts it (not a pair of an unspaced run), or a compound's
/// parts joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct WordSpan {
    /// As written; a compound's without its hyphens.
    pub text: String,
    pub bytes: Range<usize>,
    /// How many words it joins: 1 for a word.
    pub parts: usize,
}

/// Returns the words and joined compounds of `text` (the pairs of unspaced runs left out), in order.
pub(super) fn word_spans(text: &str) -> Vec<WordSpan> {
    let mut tokenizer = WordTokenizer::default();
    let mut stream = tokenizer.token_stream(text);
    let mut spans = Vec::new();
    while let Some(token) = stream.next() {
        if token.text.starts_with(is_written_unspaced) {
            continue;
        }
        spans.push(WordSpan {
            text: token.text.clone(),
            bytes: token.offset_from..token.offset_to,
            parts: token.position_length,
        });
    }
    spans
}

/// Returns the words and unspaced runs of `text`, each as its text and whether it is an
/// unspaced run.
pub(super) fn runs(text: &str) -> impl Iterator<Item = (&str, bool)> {
    let mut next = 0;
    std::iter::from_fn(move || {
        let (range, unspaced) = next_run(text, next)?;
        next = if unspaced {
            range.end
        } else {
            after_word(text, range.start, range.end)
        };
        Some((&text[range], unspaced))
    })
}

/// Returns the byte ranges of the characters of an unspaced run, each with the marks that
/// follow it (see [`unit_end`]).
pub(super) fn units(run: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= run.len() {
            return None;
        }
        let end = unit_end(run, start, run.len());
        let unit = start..end;
        start = end;
        Some(unit)
    })
}

/// Returns where the character at `start` ends, with the marks that follow it before
/// `end` ([`is_attached_mark`]): half-width ｶﾞ is one character (ガ) written as two, and so
/// are a kana followed by a combining voiced mark and a Thai consonant with its vowel
/// sign (ทั), so none is parted by a pair. `end` if `start` is.
fn unit_end(text: &str, start: usize, end: usize) -> usize {
    let mut characters = text[start..end].char_indices().skip(1);
    characters
        .find(|&(_, character)| !is_attached_mark(character))
        .map_or(end, |(offset, _)| start + offset)
}

/// A character of an unspaced run: a letter or digit of those scripts, or a mark on one.
#[inline]
fn in_unspaced_run(character: char) -> bool {
    !character.is_ascii()
        && is_written_unspaced(character)
        && (character.is_alphanumeric() || is_attached_mark(character))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::SimpleTokenizer;

    /// (text, position, offsets) of every token of `text`.
    fn tokens(tokenizer: &mut impl Tokenizer, text: &str) -> Vec<(String, usize, Range<usize>)> {
        let mut stream = tokenizer.token_stream(text);
        let mut tokens = Vec::new();
        while let Some(token) = stream.next() {
            tokens.push((
                token.text.clone(),
                token.position,
                token.offset_from..token.offset_to,
            ));
        }
        tokens
    }

    /// The tokens of `text` but the joined forms of compounds, which tantivy's
    /// SimpleTokenizer does not give: the words, as it cuts them.
    fn words_without_compounds(text: &str) -> Vec<(String, usize, Range<usize>)> {
        let mut tokenizer = WordTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut tokens = Vec::new();
        while let Some(token) = stream.next() {
            if token.position_length == 1 {
                tokens.push((
                    token.text.clone(),
                    token.position,
                    token.offset_from..token.offset_to,
                ));
            }
        }
        tokens
    }

    /// (text, position, position length, offsets) of every token of `text`.
    fn spans(text: &str) -> Vec<(String, usize, usize, Range<usize>)> {
        let mut tokenizer = WordTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut tokens = Vec::new();
        while let Some(token) = stream.next() {
            tokens.push((
                token.text.clone(),
                token.position,
                token.position_length,
                token.offset_from..token.offset_to,
            ));
        }
        tokens
    }

    #[test]
    fn a_hyphenated_compound_is_also_its_parts_joined_at_the_first_parts_position() {
        let span = |text: &str, position, length, bytes: Range<usize>| {
            (text.to_string(), position, length, bytes)
        };
        assert_eq!(
            spans("a cease-fire agreement"),
            [
                span("a", 0, 1, 0..1),
                span("cease", 1, 1, 2..7),
                span("ceasefire", 1, 2, 2..12),
                span("fire", 2, 1, 8..12),
                span("agreement", 3, 1, 13..22),
            ]
        );
        // Up to four parts, joined by any hyphen (U+2010, U+2011 too); a possessive
        // after the last is no part of it.
        assert_eq!(
            spans("mother‐in-law's co\u{2011}operation"),
            [
                span("mother", 0, 1, 0..6),
                span("motherinlaw", 0, 3, 0..15),
                span("in", 1, 1, 9..11),
                span("law", 2, 1, 12..15),
                span("co", 3, 1, 18..20),
                span("cooperation", 3, 2, 18..32),
                span("operation", 4, 1, 23..32),
            ]
        );
        let joined = |text: &str| -> Vec<String> {
            spans(text)
                .into_iter()
                .filter(|(_, _, length, _)| *length > 1)
                .map(|(text, ..)| text)
                .collect()
        };
        assert_eq!(
            joined("e-mail Nagorno-Karabakh's x-ray"),
            ["email", "NagornoKarabakh", "xray"]
        );
        // Dates, ranges and numbered names are not joined: every part needs a letter.
        assert_eq!(
            joined("2020-09-27 10-15 COVID-19 F-16 G7-summit"),
            ["G7summit"]
        );
        // Nor a chain of more than four words, nor any piece of it, nor a compound
        // longer than 40 bytes.
        assert_eq!(joined("a-wait-and-see-approach"), Vec::<String>::new());
        let long = "internationally-administered-reconstruction";
        assert_eq!(joined(long), Vec::<String>::new());
        // A hyphen with a space, a dash or a CJK run beside it joins nothing.
        assert_eq!(
            joined("cease- fire cease -fire cease–fire a-克制 --x"),
            Vec::<String>::new()
        );
        // The chain goes on through what stands inside a word; an apostrophe inside a
        // middle part ends it there.
        assert_eq!(
            joined("peace-keep\u{AD}ing O'Brien-Smith don't-stop"),
            ["peacekeep\u{AD}ing", "BrienSmith", "tstop"]
        );
    }

    fn texts(text: &str) -> Vec<String> {
        tokens(&mut WordTokenizer::default(), text)
            .into_iter()
            .map(|(text, _, _)| text)
            .collect()
    }

    #[test]
    fn runs_of_cjk_characters_become_overlapping_pairs() {
        assert_eq!(
            tokens(&mut WordTokenizer::default(), "双方保持克制。"),
            [
                ("双方".to_string(), 0, 0..6),
                ("方保".to_string(), 1, 3..9),
                ("保持".to_string(), 2, 6..12),
                ("持克".to_string(), 3, 9..15),
                ("克制".to_string(), 4, 12..18),
            ]
        );
        // A character alone in its run stays itself.
        assert_eq!(texts("美、俄两国"), ["美", "俄两", "两国"]);
        assert_eq!(
            texts("自制を求めた"),
            ["自制", "制を", "を求", "求め", "めた"]
        );
        assert_eq!(texts("양측에 자제를"), ["양측", "측에", "자제", "제를"]);
        // Other scripts and digits beside a run are words of their own.
        assert_eq!(
            texts("2024年2月13日 iPhone手机"),
            ["2024", "年", "2", "月", "13", "日", "iPhone", "手机"]
        );
        // A voiced sound mark stays with its kana.
        assert_eq!(texts("ｶﾞｽ"), ["ｶﾞｽ"]);
        assert_eq!(texts("ｶﾞｽ管"), ["ｶﾞｽ", "ｽ管"]);
        assert_eq!(texts("か\u{3099}す"), ["か\u{3099}す"]);
        assert_eq!(
            texts("ジョー・バイデン"),
            ["ジョ", "ョー", "バイ", "イデ", "デン"]
        );
    }

    /// Thai, Lao, Khmer and Myanmar write words without spaces too: their runs are pairs
    /// of characters, each character with the marks on it (a vowel sign, a tone mark,
    /// Khmer's coeng), which no pair parts and no run starts with.
    #[test]
    fn runs_of_thai_lao_khmer_and_myanmar_become_pairs_of_characters_with_their_marks() {
        // Thai: "the army of Thailand"; ทั is a consonant with its vowel sign.
        assert_eq!(
            texts("กองทัพไทย"),
            ["กอ", "อง", "งทั", "ทัพ", "พไ", "ไท", "ทย"]
        );
        // ถ้อย ("word"): a tone mark on its consonant.
        assert_eq!(texts("ถ้อย"), ["ถ้อ", "อย"]);
        // Lao: ລາວ "Lao".
        assert_eq!(texts("ລາວ"), ["ລາ", "າວ"]);
        // Khmer: ថៃ "Thailand", its vowel sign on the consonant; ក្រ a consonant with
        // coeng, then the consonant written below it.
        assert_eq!(texts("ថៃ"), ["ថៃ"]);
        assert_eq!(texts("ក្រសួង"), ["ក្រ", "រសួ", "សួង"]);
        // Myanmar: မြန်မာ "Myanmar", its vowel signs and asat on their consonants.
        assert_eq!(texts("မြန်မာ"), ["မြန်", "န်မာ"]);
        // Beside a space, punctuation or Latin, a run ends; a mark after a space starts
        // none (it is dropped, as a mark with no letter before it is).
        assert_eq!(
            texts("ไทย กัมพูชา, Thailand \u{E31}ไทย"),
            ["ไท", "ทย", "กัม", "มพู", "พูช", "ชา", "Thailand", "ไท", "ทย"]
        );
        // A number in Thai or Khmer digits is a word of its own, even joined to a run:
        // "on the 25th", "in 2024".
        assert_eq!(
            texts("วันที่๒๕ ธันวาคม"),
            ["วัน", "นที่", "๒๕", "ธัน", "นว", "วา", "าค", "คม"]
        );
        assert_eq!(texts("ឆ្នាំ២០២៤"), ["ឆ្នាំ", "២០២៤"]);
    }

    /// Text without unspaced runs or combining marks is cut into words exactly as
    /// tantivy's SimpleTokenizer cuts it: its index must not change but for the joined
    /// compounds beside the words.
    #[test]
    fn other_text_is_cut_as_simple_tokenizer_cuts_it() {
        for text in [
            "",
            "   ",
            "Hello, happy tax payer!",
            "Ermənistan tərəfi Nərkin-And kəndi, 2024-02-13; Ներքին Հանդ — Неркин Анд ёж…",
            "½ x² ٣ 𝔘nicode\u{200b}zero-width",
            "trailing word",
        ] {
            assert_eq!(
                words_without_compounds(text),
                tokens(&mut SimpleTokenizer::default(), text),
                "{text}"
            );
        }
    }

    proptest::proptest! {
        /// Whatever text without the characters of unspaced runs, combining marks,
        /// apostrophes or the characters dropped inside words (any script, digits,
        /// controls).
        #[test]
        fn any_text_without_unspaced_runs_is_cut_as_simple_tokenizer_cuts_it(
            text in "(\\PC|[ a-z.,\\-]){0,60}"
        ) {
            let text: String = text
                .chars()
                .filter(|&character| {
                    !is_written_unspaced(character)
                        && !is_combining_mark(character)
                        && !is_dropped_in_word(character)
                        && !matches!(character, '\'' | '\u{2019}' | MODIFIER_APOSTROPHE)
                })
                .collect();
            proptest::prop_assert_eq!(
                words_without_compounds(&text),
                tokens(&mut SimpleTokenizer::default(), &text)
            );
        }
    }

    /// A decomposed letter and a vowel sign stay inside their word; a mark with no word
    /// before it is no word.
    #[test]
    fn combining_marks_do_not_cut_words() {
        let words = |text: &str| -> Vec<String> {
            tokens(&mut WordTokenizer::default(), text)
                .into_iter()
                .map(|(word, _, _)| word)
                .collect()
        };
        let decomposed = "S\u{327}us\u{327}a s\u{327}\u{259}h\u{259}rind\u{259} \u{301}";
        assert_eq!(
            words(decomposed),
            ["S\u{327}us\u{327}a", "s\u{327}\u{259}h\u{259}rind\u{259}"]
        );
        assert_eq!(words("e\u{301}te\u{301} x"), ["e\u{301}te\u{301}", "x"]);
        assert_eq!(words("हिन्दी भाषा"), ["हिन्दी", "भाषा"]);
    }

    /// An English possessive is its word; other letters after an apostrophe are words.
    #[test]
    fn a_possessive_is_its_word() {
        let text = "Armenia's, Russia’s and OSCE'S";
        // The next word takes the next position: "Armenia's position" is a phrase of two.
        assert_eq!(
            tokens(&mut WordTokenizer::default(), text),
            [
                ("Armenia".to_string(), 0, 0..7),
                ("Russia".to_string(), 1, 11..17),
                ("and".to_string(), 2, 22..25),
                ("OSCE".to_string(), 3, 26..30),
            ]
        );
        let kept = |text: &str| -> Vec<String> {
            tokens(&mut WordTokenizer::default(), text)
                .into_iter()
                .map(|(word, ..)| word)
                .collect()
        };
        assert_eq!(
            kept("don't ankara'da Ankara'da it's'"),
            ["don", "t", "ankara", "da", "Ankara", "it"]
        );
        assert_eq!(kept("the 's x'sa's"), ["the", "s", "x", "sa"]);
        // The modifier letter apostrophe (U+02BC) is an apostrophe like the others.
        assert_eq!(
            tokens(&mut WordTokenizer::default(), "Armeniaʼs, OSCEʼS"),
            [
                ("Armenia".to_string(), 0, 0..7),
                ("OSCE".to_string(), 1, 12..16),
            ]
        );
        assert_eq!(kept("ʼs itʼsʼ"), ["s", "it"]);
        assert_eq!(
            runs("Armeniaʼs border").collect::<Vec<_>>(),
            [("Armenia", false), ("border", false)]
        );
        assert_eq!(
            runs("Armenia's border").collect::<Vec<_>>(),
            [("Armenia", false), ("border", false)]
        );
    }

    /// A Turkish case suffix after an apostrophe that follows a capitalised Latin word is
    /// no word; names with an apostrophe, English contractions and possessives are as
    /// they were.
    #[test]
    fn a_turkish_suffix_after_an_apostrophe_is_no_word() {
        assert_eq!(
            tokens(
                &mut WordTokenizer::default(),
                "Irak’ta ve İstanbul'da, Ankaraʼnın x"
            ),
            [
                ("Irak".to_string(), 0, 0..4),
                ("ve".to_string(), 1, 10..12),
                ("İstanbul".to_string(), 2, 13..22),
                ("Ankara".to_string(), 3, 27..33),
                ("x".to_string(), 4, 40..41),
            ]
        );
        assert_eq!(
            texts("Gazze'ye Türkiye'nin Erdoğan'ı"),
            ["Gazze", "Türkiye", "Erdoğan"]
        );
        // Kept: a lower case word before (d'Ivoire, don't), a capital after (O'Brien,
        // L'Aquila), a suffix the word goes on after, an English contraction.
        assert_eq!(
            texts("d'Ivoire O'Brien L'Aquila don't Don't We're I'm It'll Irak'ta2"),
            [
                "d", "Ivoire", "O", "Brien", "L", "Aquila", "don", "t", "Don", "t", "We", "re",
                "I", "m", "It", "ll", "Irak", "ta2"
            ]
        );
        // The possessive is its word still; an all-capital suffix is a word.
        assert_eq!(texts("Armenia's IRAK'TA"), ["Armenia", "IRAK", "TA"]);
        assert_eq!(
            runs("Irak’ta ve").collect::<Vec<_>>(),
            [("Irak", false), ("ve", false)]
        );
    }

    /// Soft hyphens, joiners and the Armenian stress marks inside a word are part of it,
    /// so the whole word is one token and its highlight; before or after it they are not.
    #[test]
    fn what_stands_inside_a_word_without_parting_it_does_not_cut_it() {
        assert_eq!(
            tokens(
                &mut WordTokenizer::default(),
                "сдер\u{AD}жан\u{AD}ности и re\u{AD}straint"
            ),
            [
                ("сдер\u{AD}жан\u{AD}ности".to_string(), 0, 0..28),
                ("и".to_string(), 1, 29..31),
                ("re\u{AD}straint".to_string(), 2, 32..43),
            ]
        );
        assert_eq!(
            texts("provo\u{200D}cation a\u{200C}b c\u{2060}\u{FEFF}d e\u{200E}f"),
            [
                "provo\u{200D}cation",
                "a\u{200C}b",
                "c\u{2060}\u{FEFF}d",
                "e\u{200E}f"
            ]
        );
        // Only inside: at a word's end or start, or alone, they are no part of it.
        assert_eq!(
            tokens(
                &mut WordTokenizer::default(),
                "end\u{AD} \u{AD}start x\u{200D}\u{200D}. \u{AD} y\u{AD}"
            ),
            [
                ("end".to_string(), 0, 0..3),
                ("start".to_string(), 1, 8..13),
                ("x".to_string(), 2, 14..15),
                ("y".to_string(), 3, 26..27),
            ]
        );
        // Nor before a CJK character, which starts a run of its own.
        assert_eq!(texts("a\u{AD}克制"), ["a", "克制"]);
        // The zero-width space parts words, as in Thai, Khmer or Lao.
        assert_eq!(texts("a\u{200B}b"), ["a", "b"]);
        assert_eq!(
            texts("Ինչո՞ւ Ադրբեջա՛նը, ո՜չ կ՟ն. Այո՛։"),
            ["Ինչո՞ւ", "Ադրբեջա՛նը", "ո՜չ", "կ՟ն", "Այո"]
        );
        // A possessive after such a character is one still.
        assert_eq!(texts("Arme\u{AD}nia's x"), ["Arme\u{AD}nia", "x"]);
        // The Arabic tatweel stretches a word: inside it, part of it (and of its
        // highlight); alone or at its end, no part of a word.
        assert_eq!(
            tokens(&mut WordTokenizer::default(), "علـــى ـــ بـ"),
            [
                ("علـــى".to_string(), 0, 0..12),
                ("ب".to_string(), 1, 20..22),
            ]
        );
    }

    /// An apostrophe between two Cyrillic letters is inside the word (Ukrainian об'єкт),
    /// where it parted it: єкт was a word, and обєкт found nothing.
    #[test]
    fn an_apostrophe_between_cyrillic_letters_is_inside_the_word() {
        assert_eq!(
            tokens(&mut WordTokenizer::default(), "об'єкт обʼєкт, об’єкт п'ять"),
            [
                ("об'єкт".to_string(), 0, 0..11),
                ("обʼєкт".to_string(), 1, 12..24),
                ("об’єкт".to_string(), 2, 26..39),
                ("п'ять".to_string(), 3, 40..49),
            ]
        );
        // Not between two Cyrillic letters: a break, as before (a Turkish case ending
        // after a name is then no word).
        assert_eq!(
            texts("об' єкт 'об' об'yekt don't Ankara’da"),
            ["об", "єкт", "об", "об", "yekt", "don", "t", "Ankara"]
        );
        assert_eq!(
            runs("Кам'янське, x").collect::<Vec<_>>(),
            [("Кам'янське", false), ("x", false)]
        );
    }

    /// A zero-width non-joiner after a letter of Arabic script parts words (Persian
    /// تحریم‌ها is تحریم and its plural suffix); elsewhere it stays inside the word.
    #[test]
    fn a_non_joiner_parts_words_of_arabic_script_only() {
        assert_eq!(
            tokens(
                &mut WordTokenizer::default(),
                "تحریم\u{200C}ها می\u{200C}خواهیم"
            ),
            [
                ("تحریم".to_string(), 0, 0..10),
                ("ها".to_string(), 1, 13..17),
                ("می".to_string(), 2, 18..22),
                ("خواهیم".to_string(), 3, 25..37),
            ]
        );
        // A joiner does not part them, nor a non-joiner in Devanagari or Latin.
        assert_eq!(
            texts("ب\u{200D}ه क्\u{200C}ष Auf\u{200C}lage"),
            ["ب\u{200D}ه", "क्\u{200C}ष", "Auf\u{200C}lage"]
        );
    }

    #[test]
    fn runs_and_units_are_found_as_the_tokenizer_cuts() {
        assert_eq!(
            runs("nerkin-保持克 ｶﾞｽ!").collect::<Vec<_>>(),
            [("nerkin", false), ("保持克", true), ("ｶﾞｽ", true)]
        );
        let run = "ｶﾞｽ克";
        let units: Vec<&str> = units(run).map(|unit| &run[unit]).collect();
        assert_eq!(units, ["ｶﾞ", "ｽ", "克"]);
    }
}
