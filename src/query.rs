//! The full-text query language, parsed into our own syntax tree.
//!
//! Users type `restraint "combat post" -drill provoc* (Tovuz OR Gafan)`. Parsing it here,
//! rather than handing the string to tantivy's parser, gives errors that point at the
//! problem, keeps the syntax stable across tantivy versions, and lets the index decide how
//! each word is analysed (stemming, folding). No tantivy and no I/O in this module.

use std::fmt;

use crate::quote::{excerpt, quoted, MAX_QUOTED_CHARS};

/// A parsed full-text query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// A word; stemmed and folded by the index. A word such as `Nerkin-And` that the
    /// analyser splits in several tokens is searched as a phrase.
    Word(String),
    /// Words that must appear next to each other, in order.
    Phrase(String),
    /// The words of a phrase near each other (`"sanctions Ukraine"~5`): as Lucene reads
    /// it, in order with at most `slop` other words among them, or in another order at
    /// the cost of two for a word moved before the one it followed.
    Near { phrase: String, slop: u32 },
    /// Words starting with this text (`provoc*`); with a space (`"combat po*"`, typed in
    /// quotes), a phrase whose last word starts with the text after the last space.
    Prefix(String),
    /// Every part must match.
    And(Vec<Query>),
    /// At least one part must match.
    Or(Vec<Query>),
    /// The part must not match.
    Not(Box<Query>),
}

/// Why a query could not be parsed, with the character position of the problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (at character {})", .position + 1)]
pub struct QueryError {
    pub message: String,
    /// Position of the problem, counted in characters from 0.
    pub position: usize,
}

impl QueryError {
    /// Returns the query with a caret line under the problem, for error messages. A
    /// query longer than [`MAX_QUOTED_CHARS`] is shown as that many characters around the
    /// problem, "…" marking what is left out: a pasted document would fill the terminal.
    pub fn pointer(&self, query: &str) -> String {
        let shown: Vec<char> = query
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let position = self.position.min(shown.len());
        let start = position
            .saturating_sub(MAX_QUOTED_CHARS / 2)
            .min(shown.len().saturating_sub(MAX_QUOTED_CHARS));
        let end = (start + MAX_QUOTED_CHARS).min(shown.len());
        let before = if start > 0 { "…" } else { "" };
        let after = if end < shown.len() { "…" } else { "" };
        let stretch: String = shown[start..end].iter().collect();
        format!(
            "{before}{stretch}{after}\n{}^",
            " ".repeat(position - start + before.chars().count())
        )
    }
}

/// Longest query accepted, in characters: longer input is a mistake (a pasted file), and
/// parsing it would only make a huge boolean query.
pub const MAX_QUERY_CHARS: usize = 10_000;

/// Deepest nesting of parentheses accepted.
const MAX_DEPTH: usize = 32;

impl Query {
    /// Parses a query string. Words are ANDed; `OR` (upper case) between terms, `-term` or
    /// `NOT term` excludes, `"…"` is a phrase (so are `“…”`, `«…»`, `„…“` and the other
    /// quotes keyboards write), `word*` a prefix, `( … )` groups. Punctuation standing
    /// alone between terms is left out; a '-' with a space after it, before a term, is an
    /// error, since it may mean to exclude the term or to be a dash. The minus sign `−`
    /// and the en dash `–` are read as '-' (see [`MINUS_SIGNS`]).
    pub fn parse(input: &str) -> Result<Query, QueryError> {
        if input.chars().count() > MAX_QUERY_CHARS {
            return Err(QueryError {
                message: format!("the query is longer than {MAX_QUERY_CHARS} characters"),
                position: MAX_QUERY_CHARS,
            });
        }
        let tokens = tokenize(input)?;
        let mut parser = Parser {
            tokens,
            next: 0,
            depth: 0,
        };
        if parser.tokens.is_empty() {
            return Err(QueryError {
                message: "the query is empty".into(),
                position: 0,
            });
        }
        let query = parser.or_expression()?;
        if let Some(token) = parser.peek() {
            let message = match token.kind {
                TokenKind::Close => "unbalanced ')': no '(' opens it".to_string(),
                _ => "unexpected text".to_string(),
            };
            return Err(QueryError {
                message,
                position: token.position,
            });
        }
        Ok(query)
    }

    /// Returns true when the query only excludes, so the index must start from every
    /// statement and take the exclusions away.
    pub fn is_only_negative(&self) -> bool {
        match self {
            Query::Not(_) => true,
            Query::And(parts) => parts.iter().all(Query::is_only_negative),
            _ => false,
        }
    }
}

impl fmt::Display for Query {
    /// Prints the query in the syntax `parse` reads, so parse → print → parse is stable.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Query::Word(word) => write!(f, "{}{word}", protection(word)),
            Query::Phrase(phrase) => write!(f, "\"{phrase}\""),
            Query::Near { phrase, slop } => write!(f, "\"{phrase}\"~{slop}"),
            Query::Prefix(prefix) if prefix.contains(char::is_whitespace) => {
                write!(f, "\"{prefix}*\"")
            }
            Query::Prefix(prefix) => write!(f, "{}{prefix}*", protection(prefix)),
            Query::And(parts) => write_joined(f, parts, " "),
            Query::Or(parts) => write_joined(f, parts, " OR "),
            Query::Not(part) if matches!(**part, Query::Not(_)) => write!(f, "-({part})"),
            Query::Not(part) => write!(f, "-{}", Parenthesized(part)),
        }
    }
}

/// Returns the "+" that makes a word read as a word when it would otherwise read as an
/// operator (`AND`, `OR`), start with one (`+`, `-`) or open a phrase (`«post`, from
/// `+«post`): the tokenizer drops one leading "+".
fn protection(word: &str) -> &'static str {
    let operator = matches!(word, "OR" | "|" | "||" | "NOT" | "AND" | "&&" | "+" | "-");
    let opens_phrase = word.starts_with(|c: char| QUOTE_MARKS.iter().any(|mark| mark.open == c));
    if operator || opens_phrase || word.starts_with('+') || word.starts_with(MINUS_SIGNS) {
        "+"
    } else {
        ""
    }
}

fn write_joined(f: &mut fmt::Formatter<'_>, parts: &[Query], separator: &str) -> fmt::Result {
    for (position, part) in parts.iter().enumerate() {
        if position > 0 {
            f.write_str(separator)?;
        }
        write!(f, "{}", Parenthesized(part))?;
    }
    Ok(())
}

/// Prints compound parts in parentheses so that precedence survives printing.
struct Parenthesized<'a>(&'a Query);

impl fmt::Display for Parenthesized<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Query::And(_) | Query::Or(_) => write!(f, "({})", self.0),
            other => write!(f, "{other}"),
        }
    }
}

/// Syntax of other search engines (Lucene, Elasticsearch) that this query language reads
/// as plain words: `speaker:peskov` is the phrase "speaker peskov", `fire^2` "fire 2".
/// Such a query finds nothing and says nothing; [`foreign_syntax`] finds it for a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ForeignSyntax {
    /// `FIELD:value`, where FIELD is the name of a filter or of a searched field (in
    /// lower case, as typed), and value the word or the phrase after the colon.
    Field { field: String, value: String },
    /// `word^2`: a boost.
    Boost(String),
    /// `word~` or `word~2`: fuzziness; `"two words"~` or `"two words"~0.5`: a
    /// proximity of no whole number of words (`"two words"~2` is one, see [`Query::Near`]).
    Fuzziness(String),
    /// `prov?cation`: a single-character wildcard; the word as typed.
    SingleWildcard(String),
}

/// The field names [`foreign_syntax`] recognises before a colon: the filters' and the
/// searched fields'.
const FIELD_NAMES: [&str; 17] = [
    "speaker",
    "country",
    "org",
    "organization",
    "channel",
    "kind",
    "lang",
    "language",
    "tag",
    "tags",
    "place",
    "role",
    "from",
    "to",
    "date",
    "title",
    "text",
];

/// Returns the syntax of other search engines that `input` holds, in order: field
/// prefixes (`speaker:peskov`, `text:fire`), boosts (`fire^2`), fuzziness (`fire~`,
/// `"combat post"~`) and single-character wildcards (`prov?cation`). Phrases are not
/// looked into: what is in quotes is text.
pub fn foreign_syntax(input: &str) -> Vec<ForeignSyntax> {
    let characters: Vec<char> = input.chars().collect();
    let mut found = Vec::new();
    let mut index = 0;
    let mut phrase_after: Option<String> = None;
    // The last phrase and where it ended: `"combat post"~2` is one piece of syntax.
    let mut last_phrase = (String::new(), usize::MAX);
    while index < characters.len() {
        let character = characters[index];
        if character.is_whitespace() || matches!(character, '(' | ')') {
            index += 1;
            continue;
        }
        if let Some(phrase) = phrase_at(&characters, index) {
            let Ok((text, end)) = phrase else {
                break;
            };
            if let Some(field) = phrase_after.take() {
                // In straight quotes whatever marks were typed: a filter's value is quoted so.
                found.push(ForeignSyntax::Field {
                    field,
                    value: format!("\"{}\"", text.trim()),
                });
            }
            last_phrase = (characters[index..end].iter().collect(), end);
            index = end;
            continue;
        }
        let start = index;
        while index < characters.len()
            && !characters[index].is_whitespace()
            && !matches!(characters[index], '(' | ')')
            && !opens_a_phrase_inside_a_word(&characters, index)
        {
            index += 1;
        }
        let word: String = characters[start..index].iter().collect();
        let word = word.trim_start_matches(|c| c == '+' || MINUS_SIGNS.contains(&c));
        phrase_after = None;
        if let Some((field, value)) = word.split_once(':') {
            let field = field.to_lowercase();
            if FIELD_NAMES.contains(&field.as_str()) {
                if value.is_empty() && phrase_at(&characters, index).is_some() {
                    phrase_after = Some(field);
                } else if !value.is_empty() {
                    found.push(ForeignSyntax::Field {
                        field,
                        value: value.to_string(),
                    });
                }
                continue;
            }
        }
        if let Some((_, boost)) = word.split_once('^') {
            if boost.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
                found.push(ForeignSyntax::Boost(word.to_string()));
                continue;
            }
        }
        if let Some((_, distance)) = word.rsplit_once('~') {
            if distance.chars().all(|c| c.is_ascii_digit() || c == '.') {
                let after_phrase = start == last_phrase.1 && word.starts_with('~');
                let whole = !distance.is_empty() && distance.chars().all(|c| c.is_ascii_digit());
                if after_phrase && whole {
                    // `"combat post"~2`: a proximity, which this language reads too.
                    continue;
                }
                let phrase = match after_phrase {
                    true => last_phrase.0.as_str(),
                    false => "",
                };
                found.push(ForeignSyntax::Fuzziness(format!("{phrase}{word}")));
                continue;
            }
        }
        // A question's last word (`where is Nerkin Hand?`) ends in punctuation, which
        // the query reads so: `Hand?` finds Hand, and `Hand*` would change nothing.
        let ends_query = characters[index..].iter().all(|c| c.is_whitespace());
        let question = ends_query && !word.trim_end_matches('?').contains('?');
        if !question
            && word
                .split_once('?')
                .is_some_and(|(before, _)| before.chars().any(char::is_alphanumeric))
        {
            found.push(ForeignSyntax::SingleWildcard(word.to_string()));
        }
    }
    found
}

/// A mark that opens a phrase, with the marks that close it.
struct QuoteMark {
    open: char,
    close: &'static [char],
    /// Whether the mark does nothing but open a quotation, so that one nothing closes is
    /// a mistake to point at, as an unclosed '"' is. The other openers (`”`, `»`, `‘`,
    /// `‚`, `‹`, `›`) also close quotations, or stand for an apostrophe or a comma: one
    /// that nothing closes is read as part of its word, as before they opened phrases.
    strong: bool,
}

/// The marks that open a phrase: '"', and the quotes that word processors, chat apps and
/// keyboards write by default, which users paste or type: “English” (and “…“), ”Swedish”,
/// „German“ and „Polish”, «French and Russian», »Danish« and »Swedish», ‘single’ and
/// ‚German‘, ‹single› guillemets, 「Chinese and Japanese」, and the full-width ＂. Read as
/// punctuation, they made a phrase into words found anywhere, and said nothing. Each
/// opens only its own pairs: a mixed pair such as `“…"` or `«…”` is reported unclosed
/// rather than guessed at, and `"he said «no»"` stays one phrase.
const QUOTE_MARKS: [QuoteMark; 13] = [
    QuoteMark {
        open: '"',
        close: &['"'],
        strong: true,
    },
    QuoteMark {
        open: '“',
        close: &['”', '“'],
        strong: true,
    },
    QuoteMark {
        open: '„',
        close: &['“', '”'],
        strong: true,
    },
    QuoteMark {
        open: '«',
        close: &['»'],
        strong: true,
    },
    QuoteMark {
        open: '「',
        close: &['」'],
        strong: true,
    },
    QuoteMark {
        open: '『',
        close: &['』'],
        strong: true,
    },
    QuoteMark {
        open: '＂',
        close: &['＂'],
        strong: true,
    },
    QuoteMark {
        open: '”',
        close: &['”', '“'],
        strong: false,
    },
    QuoteMark {
        open: '»',
        close: &['«', '»'],
        strong: false,
    },
    QuoteMark {
        open: '‘',
        close: &['’'],
        strong: false,
    },
    QuoteMark {
        open: '‚',
        close: &['‘', '’'],
        strong: false,
    },
    QuoteMark {
        open: '‹',
        close: &['›'],
        strong: false,
    },
    QuoteMark {
        open: '›',
        close: &['‹', '›'],
        strong: false,
    },
];

/// Whether `character` opens a phrase even inside a word, as '"' does: the marks that
/// only open quotations. Chinese and Japanese put no space before them (双方「保持克制」).
fn opens_inside_a_word(character: char) -> bool {
    QUOTE_MARKS
        .iter()
        .any(|mark| mark.strong && mark.open == character)
}

/// Whether the character at `at` opens a phrase inside a word (see
/// [`opens_inside_a_word`]): not the '"' of a Hebrew acronym (צה"ל).
fn opens_a_phrase_inside_a_word(characters: &[char], at: usize) -> bool {
    opens_inside_a_word(characters[at]) && !is_acronym_mark(characters, at)
}

/// Whether the character at `at` is a quote mark standing for the gershayim or geresh
/// of a Hebrew acronym or abbreviation: a mark between two Hebrew letters (צה"ל, ארה"ב,
/// יו"ר). Hebrew keyboards have no gershayim (״), so most Hebrew text and every typed
/// query writes '"' for it; read as a quote, one acronym was an unclosed phrase and two
/// paired up into a phrase of the wrong words. Unicode's word boundaries (UAX #29, rules
/// WB7b and WB7c) keep such a word whole for the same reason. Points and accents
/// (niqqud, cantillation) may stand between the letter and the mark.
fn is_acronym_mark(characters: &[char], at: usize) -> bool {
    let is_mark = characters.get(at).is_some_and(|&c| {
        QUOTE_MARKS
            .iter()
            .any(|mark| mark.open == c || mark.close.contains(&c))
    });
    let before = characters[..at.min(characters.len())]
        .iter()
        .rev()
        .find(|&&c| !is_hebrew_point(c));
    is_mark
        && before.is_some_and(|&c| is_hebrew_letter(c))
        && characters.get(at + 1).is_some_and(|&c| is_hebrew_letter(c))
}

/// Whether `character` is a Hebrew letter (Unicode's Hebrew_Letter word-break property):
/// the alphabet, the Yiddish ligatures, and the presentation forms.
pub(crate) fn is_hebrew_letter(character: char) -> bool {
    matches!(
        character,
        '\u{05D0}'..='\u{05EA}' | '\u{05EF}'..='\u{05F2}' | '\u{FB1D}' | '\u{FB1F}'..='\u{FB28}'
            | '\u{FB2A}'..='\u{FB4F}'
    )
}

/// Whether `character` is a Hebrew point or accent written on the letter before it.
pub(crate) fn is_hebrew_point(character: char) -> bool {
    matches!(character, '\u{0591}'..='\u{05BD}' | '\u{05BF}' | '\u{05C1}'..='\u{05C2}' | '\u{05C4}'..='\u{05C5}' | '\u{05C7}')
}

/// Returns the phrase that a quote mark at `index` opens, where a term starts: its text
/// between the marks and the index after the closing mark; an error for a '"', `“`, `„`,
/// `«`, `「`, `『` or `＂` that nothing closes; None when no phrase starts there.
fn phrase_at(characters: &[char], index: usize) -> Option<Result<(String, usize), QueryError>> {
    let opening = *characters.get(index)?;
    let mark = QUOTE_MARKS.iter().find(|mark| mark.open == opening)?;
    let closes = |at: usize| {
        let character = characters[at];
        // The '"' of צה"ל is the gershayim of an acronym, not the end of the phrase.
        if is_acronym_mark(characters, at) {
            return false;
        }
        // `’` is also the apostrophe of don’t and Armenia’s, and `‘` is written for it:
        // one with a letter or a digit right after it is inside a word.
        mark.close.contains(&character)
            && !(matches!(character, '’' | '‘')
                && characters
                    .get(at + 1)
                    .is_some_and(|next| next.is_alphanumeric()))
    };
    match (index + 1..characters.len()).find(|&at| closes(at)) {
        Some(end) => Some(Ok((characters[index + 1..end].iter().collect(), end + 1))),
        None if mark.strong => {
            let message = match mark.close {
                ['"'] => "unbalanced '\"': the phrase is not closed".to_string(),
                closers => {
                    let closers: Vec<String> = closers.iter().map(|c| format!("'{c}'")).collect();
                    format!(
                        "unbalanced '{opening}': the phrase is not closed by {}",
                        closers.join(" or ")
                    )
                }
            };
            Some(Err(QueryError {
                message,
                position: index,
            }))
        }
        None => None,
    }
}

/// `or`, `and` and `not` in lower case between two terms of a query: operators only in
/// capitals, they are searched as words, and `combat or shelled` finds nothing and says
/// nothing. [`lowercase_operators`] finds them for a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LowercaseOperators {
    /// The operators, in capitals, in the order they first appear: `["OR"]`.
    pub operators: Vec<String>,
    /// The query with them in capitals: `combat OR shelled`.
    pub corrected: String,
}

/// Returns the `or`, `and` and `not` (in any case but capitals) that stand between two
/// terms of `input`, as a plain word each (not `+or`, not in a phrase), with the query
/// corrected; None when there is none or the query does not parse. Only a hint: a word
/// "and" or "or" is what some users search for, so they stay words.
pub fn lowercase_operators(input: &str) -> Option<LowercaseOperators> {
    let tokens = tokenize(input).ok()?;
    let mut characters: Vec<char> = input.chars().collect();
    let mut operators = Vec::new();
    for (at, token) in tokens.iter().enumerate().skip(1) {
        let TokenKind::Word(word) = &token.kind else {
            continue;
        };
        let capitals = word.to_uppercase();
        if !matches!(capitals.as_str(), "OR" | "AND" | "NOT") {
            continue;
        }
        let typed = characters.get(token.position..token.position + word.chars().count());
        if typed.is_none_or(|typed| !typed.iter().copied().eq(word.chars())) {
            continue;
        }
        let after_term = matches!(
            tokens[at - 1].kind,
            TokenKind::Word(_)
                | TokenKind::Prefix(_)
                | TokenKind::Phrase(_)
                | TokenKind::Near(..)
                | TokenKind::Close
        );
        let before_term = tokens.get(at + 1).is_some_and(|next| {
            matches!(
                next.kind,
                TokenKind::Word(_)
                    | TokenKind::Prefix(_)
                    | TokenKind::Phrase(_)
                    | TokenKind::Near(..)
                    | TokenKind::Open
                    | TokenKind::Not
            )
        });
        if !(after_term && before_term) {
            continue;
        }
        for (offset, capital) in capitals.chars().enumerate() {
            characters[token.position + offset] = capital;
        }
        if !operators.contains(&capitals) {
            operators.push(capitals);
        }
    }
    match operators.is_empty() {
        true => None,
        false => Some(LowercaseOperators {
            operators,
            corrected: characters.into_iter().collect(),
        }),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum TokenKind {
    Word(String),
    Prefix(String),
    Phrase(String),
    Near(String, u32),
    Or,
    Not,
    Open,
    Close,
}

#[derive(Debug, Clone)]
struct Token {
    kind: TokenKind,
    position: usize,
}

/// The characters that exclude the term they touch, as '-' does: the minus sign (U+2212),
/// which a user pasting from a document or typing "minus" gets, and the en dash (U+2013),
/// which word processors and some phones write for a typed '-' (Word turns `a - b` into
/// `a – b`). Read as punctuation, `post –Tovuz` searched for Tovuz: the opposite of what
/// was meant. Not the em dash (U+2014): keyboards write it for `--`, which excludes
/// nothing, and in pasted prose it stands between words (`provocation — Armenian`),
/// where it is left out as punctuation.
const MINUS_SIGNS: [char; 3] = ['-', '\u{2212}', '\u{2013}'];

fn tokenize(input: &str) -> Result<Vec<Token>, QueryError> {
    let characters: Vec<char> = input.chars().collect();
    let mut tokens = Vec::new();
    // The words of punctuation alone left out, how many and the first.
    let mut punctuation = (0, None);
    // Each '-' (or minus sign) with a space after it: the index in `tokens` of the term
    // after it, where it stands, and which sign it is.
    let mut lone_dashes = Vec::new();
    let mut index = 0;
    while index < characters.len() {
        let character = characters[index];
        let position = index;
        if character.is_whitespace() || character.is_control() {
            index += 1;
        } else if character == '(' {
            tokens.push(Token {
                kind: TokenKind::Open,
                position,
            });
            index += 1;
        } else if character == ')' {
            tokens.push(Token {
                kind: TokenKind::Close,
                position,
            });
            index += 1;
        } else if MINUS_SIGNS.contains(&character)
            && index + 1 < characters.len()
            && !characters[index + 1].is_whitespace()
            && !is_punctuation(&characters, index)
        {
            tokens.push(Token {
                kind: TokenKind::Not,
                position,
            });
            index += 1;
        } else if let Some(found) = phrase_at(&characters, index) {
            let (phrase, end) = found?;
            index = end;
            if !phrase.chars().any(crate::fold::is_letter_or_digit) {
                return Err(QueryError {
                    message: "the phrase has no words".into(),
                    position,
                });
            }
            // A '"' inside typographic quotes is punctuation to the analyser all the same;
            // left in, the phrase would not print back as one `"…"`. That of an acronym
            // (`"צה"ל אמר"`) is kept: it prints back as part of its word.
            let offset = position + 1;
            let phrase: String = phrase
                .chars()
                .enumerate()
                .map(
                    |(at, c)| match c == '"' && !is_acronym_mark(&characters, offset + at) {
                        true => ' ',
                        false => c,
                    },
                )
                .collect();
            let phrase = phrase.trim().to_string();
            let kind = match proximity_at(&characters, index)? {
                Some((slop, end)) => {
                    index = end;
                    TokenKind::Near(phrase, slop)
                }
                None => match phrase_prefix(&phrase) {
                    Some(prefix) => TokenKind::Prefix(prefix),
                    None => TokenKind::Phrase(phrase),
                },
            };
            tokens.push(Token { kind, position });
        } else {
            let punctuation_only = is_punctuation(&characters, index);
            index = word_end(&characters, index);
            let word: String = characters[position..index].iter().collect();
            let kind = match word.as_str() {
                "OR" | "|" | "||" => TokenKind::Or,
                "NOT" => TokenKind::Not,
                "AND" | "&&" | "+" => continue,
                _ if word.chars().count() == 1 && word.starts_with(MINUS_SIGNS) => {
                    lone_dashes.push((tokens.len(), position, character));
                    continue;
                }
                // A dash, an ellipsis or a bullet between words of pasted text (`provocation
                // — Armenian`, `-- `): nothing to search for, as punctuation inside a word
                // is nothing to the analyser.
                _ if punctuation_only => {
                    punctuation.0 += 1;
                    punctuation.1.get_or_insert((word, position));
                    continue;
                }
                _ => word_token(&word, position)?,
            };
            tokens.push(Token { kind, position });
        }
    }
    if let (count, Some((word, position))) = punctuation {
        if tokens.is_empty() {
            let message = match count {
                1 => format!("{} has no letters or digits to search for", quoted(&word)),
                _ => "the query has no letters or digits to search for".to_string(),
            };
            return Err(QueryError { message, position });
        }
    }
    for (next, position, sign) in lone_dashes {
        // `post - Tovuz`: the user who meant to exclude Tovuz would find it, and one
        // pasting "Armenia - Azerbaijan" means both words; which one is meant cannot be
        // told, and reading either silently gives the other the opposite of what was
        // asked. A '-' at the end or before OR or ')' excludes nothing: it is left out.
        let excluded = match tokens.get(next).map(|token| &token.kind) {
            Some(TokenKind::Word(word)) => Query::Word(word.clone()),
            Some(TokenKind::Prefix(prefix)) => Query::Prefix(prefix.clone()),
            Some(TokenKind::Phrase(phrase)) => Query::Phrase(phrase.clone()),
            Some(TokenKind::Near(phrase, slop)) => Query::Near {
                phrase: phrase.clone(),
                slop: *slop,
            },
            Some(TokenKind::Open) => {
                return Err(QueryError {
                    message: format!("a '{sign}' with a space after it: write -(…) with no space to exclude the group, or leave the '{sign}' out"),
                    position,
                })
            }
            Some(TokenKind::Not) => {
                return Err(QueryError {
                    message: format!("a '{sign}' with a space after it excludes nothing: leave it out"),
                    position,
                })
            }
            Some(TokenKind::Or | TokenKind::Close) | None => continue,
        };
        let exclusion = Query::Not(Box::new(excluded.clone())).to_string();
        return Err(QueryError {
            message: format!(
                "a '{sign}' with a space after it: write {} to exclude {}, or leave the '{sign}' out to search for it",
                excerpt(&exclusion),
                excerpt(&excluded.to_string())
            ),
            position,
        });
    }
    Ok(tokens)
}

/// The text of a phrase ending in a prefix (`"combat po*"`: "combat po"), its words
/// parted by single spaces; None when its last word has no `*` after a letter or digit.
fn phrase_prefix(phrase: &str) -> Option<String> {
    let stem = phrase.strip_suffix('*')?;
    let last = stem.rsplit(char::is_whitespace).next()?;
    if !last
        .chars()
        .next_back()
        .is_some_and(crate::fold::is_letter_or_digit)
        || last.contains('*')
    {
        return None;
    }
    Some(stem.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The most words a proximity allows among a phrase's words: more is every statement
/// holding them all, which the words alone find.
pub const MAX_SLOP: u32 = 10_000;

/// Reads the `~5` of a proximity right after a phrase ending before `start`: the slop and
/// where it ends; None when no `~` and digits stand there, as in `"…"~` (a hint's case).
fn proximity_at(characters: &[char], start: usize) -> Result<Option<(u32, usize)>, QueryError> {
    if characters.get(start) != Some(&'~') {
        return Ok(None);
    }
    let digits_end = (start + 1..characters.len())
        .find(|&at| !characters[at].is_ascii_digit())
        .unwrap_or(characters.len());
    let ends_there = characters
        .get(digits_end)
        .is_none_or(|&next| next.is_whitespace() || next == ')');
    if digits_end == start + 1 || !ends_there {
        return Ok(None);
    }
    let digits: String = characters[start + 1..digits_end].iter().collect();
    match digits.parse::<u32>() {
        Ok(slop) if slop <= MAX_SLOP => Ok(Some((slop, digits_end))),
        _ => Err(QueryError {
            message: format!(
                "a proximity of at most {MAX_SLOP} words: for words anywhere in a statement, leave out the quotes and the ~"
            ),
            position: start + 1,
        }),
    }
}

/// Returns where the word starting at `start` ends: at a space, a parenthesis or a mark
/// that opens a phrase even inside a word, but for the '"' of a Hebrew acronym (צה"ל).
fn word_end(characters: &[char], start: usize) -> usize {
    let mut end = start;
    while let Some(&c) = characters.get(end) {
        if c.is_whitespace()
            || c.is_control()
            || matches!(c, '(' | ')')
            || opens_a_phrase_inside_a_word(characters, end)
        {
            break;
        }
        end += 1;
    }
    end
}

/// Whether the word starting at `start` is punctuation alone (`—`, `…`, `--`, `•`): no
/// letter or digit, no '*' (`*` and `-*` are a prefix without its beginning, an error), and
/// no '(' or phrase right after it (`-(a OR b)`, `-"a b"` and `--"a b"` exclude).
fn is_punctuation(characters: &[char], start: usize) -> bool {
    let end = word_end(characters, start);
    !characters[start..end]
        .iter()
        .any(|&c| starts_a_word(c) || c == '*')
        && !characters
            .get(end)
            .is_some_and(|&c| c == '(' || opens_inside_a_word(c))
}

/// Whether `character` is a letter or digit the index can start a word with: not a mark
/// alone (a Thai vowel sign is a letter to Unicode, but the index drops one that follows
/// no letter, as it drops an accent).
fn starts_a_word(character: char) -> bool {
    crate::fold::is_letter_or_digit(character) && !crate::fold::is_attached_mark(character)
}

fn word_token(word: &str, position: usize) -> Result<TokenKind, QueryError> {
    let word = word.strip_prefix('+').unwrap_or(word);
    let stem = word.trim_end_matches('*');
    // As the index cuts words: `ʼ` alone is no word, as `'` is none.
    if !stem.chars().any(starts_a_word) {
        return Err(QueryError {
            message: format!("{} has no letters or digits to search for", quoted(word)),
            position,
        });
    }
    if stem.contains('*') {
        return Err(QueryError {
            message: "'*' is only allowed at the end of a word (prefix*)".into(),
            position,
        });
    }
    // A Chinese or Japanese character alone is often a word written inside others (俄
    // for Russia in 俄方, 中俄), and the index holds it inside pairs: searched as a word
    // of its own it would be found only where it stands alone. It is found wherever it
    // stands, as `俄*` is.
    Ok(
        if stem.len() < word.len() || is_lone_unspaced_character(word) {
            TokenKind::Prefix(stem.to_string())
        } else {
            TokenKind::Word(word.to_string())
        },
    )
}

/// Whether `word` is one character of a script written without spaces (Chinese, Thai:
/// `fold::is_written_unspaced`), with the marks that may follow it (a kana's voiced
/// sound mark, a Thai vowel sign).
fn is_lone_unspaced_character(word: &str) -> bool {
    let mut characters = word.chars();
    characters
        .next()
        .is_some_and(crate::fold::is_written_unspaced)
        && characters.all(crate::fold::is_attached_mark)
}

/// A term of an alternative, as the parser read it.
struct Part {
    query: Query,
    /// Written as an exclusion (`-x`, `NOT x`) among the alternative's terms.
    excludes: bool,
}

/// The parts as one query: the part itself when there is one.
fn joined_by_and(mut parts: Vec<Query>) -> Query {
    if parts.len() == 1 {
        parts.remove(0)
    } else {
        Query::And(parts)
    }
}

struct Parser {
    tokens: Vec<Token>,
    next: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next)
    }

    fn end_position(&self) -> usize {
        self.tokens.last().map_or(0, |token| token.position + 1)
    }

    /// Alternatives joined by OR. An exclusion written among them, outside parentheses,
    /// applies to them all: `fire OR restraint -Armenian` is `(fire OR restraint)
    /// -Armenian`, as Lucene's and web search engines' parsers read it; read as
    /// `fire OR (restraint -Armenian)`, it let "Armenian fire" through, unsaid. Parentheses
    /// keep an exclusion to its group: `fire OR (restraint -Armenian)`.
    fn or_expression(&mut self) -> Result<Query, QueryError> {
        let mut alternatives = vec![self.and_parts()?];
        while let Some(token) = self.peek() {
            if token.kind != TokenKind::Or {
                break;
            }
            let position = token.position;
            self.next += 1;
            match self.peek() {
                None => {
                    return Err(QueryError {
                        message: "OR needs a term after it".into(),
                        position,
                    })
                }
                Some(token) if matches!(token.kind, TokenKind::Or | TokenKind::Close) => {
                    return Err(QueryError {
                        message: "OR needs a term after it".into(),
                        position,
                    })
                }
                _ => {}
            }
            alternatives.push(self.and_parts()?);
        }
        if alternatives.len() == 1 {
            let parts = alternatives.remove(0).into_iter().map(|part| part.query);
            return Ok(joined_by_and(parts.collect()));
        }
        let mut exclusions = Vec::new();
        let mut kept = Vec::new();
        for parts in alternatives {
            let (excluded, terms): (Vec<Part>, Vec<Part>) =
                parts.into_iter().partition(|part| part.excludes);
            exclusions.extend(excluded.into_iter().map(|part| part.query));
            if !terms.is_empty() {
                kept.push(joined_by_and(
                    terms.into_iter().map(|part| part.query).collect(),
                ));
            }
        }
        let alternatives = match kept.len() {
            0 => None,
            1 => kept.pop(),
            _ => Some(Query::Or(kept)),
        };
        Ok(joined_by_and(
            alternatives.into_iter().chain(exclusions).collect(),
        ))
    }

    /// The terms of one alternative, each marked when it is an exclusion written as such
    /// (`-x`, `NOT x`), not a group in parentheses.
    fn and_parts(&mut self) -> Result<Vec<Part>, QueryError> {
        let mut parts = Vec::new();
        while let Some(token) = self.peek() {
            if matches!(token.kind, TokenKind::Or | TokenKind::Close) {
                break;
            }
            let excludes = token.kind == TokenKind::Not;
            parts.push(Part {
                query: self.unary()?,
                excludes,
            });
        }
        if parts.is_empty() {
            let position = self
                .peek()
                .map_or_else(|| self.end_position(), |token| token.position);
            return Err(QueryError {
                message: "expected a word, a \"phrase\" or a (group) here".into(),
                position,
            });
        }
        Ok(parts)
    }

    fn unary(&mut self) -> Result<Query, QueryError> {
        let token = self.peek().cloned().ok_or_else(|| QueryError {
            message: "the query ends too early".into(),
            position: self.end_position(),
        })?;
        self.next += 1;
        match token.kind {
            TokenKind::Not => {
                match self.peek() {
                    Some(next)
                        if !matches!(
                            next.kind,
                            TokenKind::Or | TokenKind::Close | TokenKind::Not
                        ) => {}
                    _ => {
                        return Err(QueryError {
                            message: "'-' or NOT needs a term to exclude right after it".into(),
                            position: token.position,
                        })
                    }
                }
                Ok(Query::Not(Box::new(self.unary()?)))
            }
            TokenKind::Open => {
                if self.depth >= MAX_DEPTH {
                    return Err(QueryError {
                        message: format!("parentheses nest deeper than {MAX_DEPTH} levels"),
                        position: token.position,
                    });
                }
                self.depth += 1;
                let inner = self.or_expression()?;
                self.depth -= 1;
                match self.peek() {
                    Some(close) if close.kind == TokenKind::Close => {
                        self.next += 1;
                        Ok(inner)
                    }
                    _ => Err(QueryError {
                        message: "unbalanced '(': no ')' closes it".into(),
                        position: token.position,
                    }),
                }
            }
            TokenKind::Word(word) => Ok(Query::Word(word)),
            TokenKind::Prefix(prefix) => Ok(Query::Prefix(prefix)),
            TokenKind::Phrase(phrase) => Ok(Query::Phrase(phrase)),
            TokenKind::Near(phrase, slop) => Ok(Query::Near { phrase, slop }),
            TokenKind::Or | TokenKind::Close => {
                unreachable!("and_parts stops before OR and ')'")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        let query = Query::parse(input).unwrap_or_else(|error| panic!("{input}: {error}"));
        assert_eq!(query.to_string(), expected, "{input}");
        let reparsed = Query::parse(&query.to_string()).unwrap();
        assert_eq!(reparsed, query, "printing {input} must read back the same");
    }

    fn check_error(input: &str, message_part: &str, position: usize) {
        let error = Query::parse(input).unwrap_err();
        assert!(
            error.message.contains(message_part),
            "{input}: {}",
            error.message
        );
        assert_eq!(error.position, position, "{input}");
    }

    #[test]
    fn parses_the_documented_syntax() {
        check("restraint", "restraint");
        check("restraint peskov", "restraint peskov");
        check("\"combat post\"  -drill", "\"combat post\" -drill");
        check("provoc*", "provoc*");
        check("Tovuz OR Gafan OR Kapan", "Tovuz OR Gafan OR Kapan");
        check("fire (Tovuz OR Gafan)", "fire (Tovuz OR Gafan)");
        check("a b OR c", "(a b) OR c");
        check("NOT drill fire", "-drill fire");
        check("fire AND border", "fire border");
        check("Nerkin-And", "Nerkin-And");
        check("-(a OR b) c", "-(a OR b) c");
        check("or", "or");
    }

    /// `fire OR restraint -Armenian` was `fire OR (restraint -Armenian)`: statements of
    /// "Armenian fire" came back, though the help says `-word` excludes statements with
    /// the word. An exclusion among alternatives now applies to them all.
    #[test]
    fn an_exclusion_among_alternatives_applies_to_them_all() {
        check(
            "fire OR restraint -Armenian",
            "(fire OR restraint) -Armenian",
        );
        check(
            "-Armenian fire OR restraint",
            "(fire OR restraint) -Armenian",
        );
        check("a b OR c NOT d", "((a b) OR c) -d");
        check("a OR -b", "a -b");
        check("a -x OR b -y", "(a OR b) -x -y");
        // Parentheses keep an exclusion to its group.
        check(
            "fire OR (restraint -Armenian)",
            "fire OR (restraint -Armenian)",
        );
        check("(a OR b -c) d", "((a OR b) -c) d");
        check("-(a OR b) c", "-(a OR b) c");
        // Without OR nothing moves.
        check("restraint -Armenian fire", "restraint -Armenian fire");
    }

    /// Typographic quotes, pasted from a word processor or a chat, or typed by default on
    /// a Russian or German keyboard, were punctuation: `“post near”` found each word
    /// anywhere, and said nothing.
    #[test]
    fn a_phrase_ending_in_a_star_ends_in_a_prefix() {
        assert_eq!(
            Query::parse(r#""combat po*""#),
            Ok(Query::Prefix("combat po".into()))
        );
        check(r#""combat po*""#, r#""combat po*""#);
        check(r#"«combat   po*» fire"#, r#""combat po*" fire"#);
        check(r#"-"near Nerkin Ha*""#, r#"-"near Nerkin Ha*""#);
        // One word in quotes is the word's prefix, as without them.
        check(r#""provoc*""#, "provoc*");
        // A star that ends no word, or stands inside the phrase, is punctuation.
        check(r#""combat *""#, r#""combat *""#);
        check(r#""com* post""#, r#""com* post""#);
    }

    #[test]
    fn a_phrase_with_a_tilde_and_a_number_is_a_proximity() {
        let near = |phrase: &str, slop| Query::Near {
            phrase: phrase.into(),
            slop,
        };
        assert_eq!(
            Query::parse(r#""sanctions Ukraine"~5"#),
            Ok(near("sanctions Ukraine", 5))
        );
        check(r#""sanctions Ukraine"~5"#, r#""sanctions Ukraine"~5"#);
        check(
            r#"(«combat post»~0 OR fire) -"drill exercise"~12"#,
            r#"("combat post"~0 OR fire) -"drill exercise"~12"#,
        );
        check(r#"("near Tovuz"~3)"#, r#""near Tovuz"~3"#);
        // Without a whole number, the tilde is no proximity: a word of its own, as
        // before, which the hint of other engines' syntax names.
        check(r#""combat post"~"#, r#""combat post""#);
        check(r#""combat post"~2.5"#, r#""combat post" ~2.5"#);
        check(r#""combat post"~2x"#, r#""combat post" ~2x"#);
        check_error(
            r#""combat post"~10001"#,
            "a proximity of at most 10000 words",
            14,
        );
        check_error(
            r#""combat post"~99999999999999999999"#,
            "a proximity of at most",
            14,
        );
    }

    #[test]
    fn typographic_quotes_make_a_phrase() {
        let phrase = Query::Phrase("post near".into());
        for input in [
            "\"post near\"",
            "“post near”",
            "“post near“",
            "”post near”",
            "„post near“",
            "„post near”",
            "«post near»",
            "« post near »",
            "»post near«",
            "»post near»",
            "‘post near’",
            "‚post near‘",
            "‹post near›",
            "「post near」",
            "『post near』",
            "＂post near＂",
        ] {
            assert_eq!(Query::parse(input).unwrap(), phrase, "{input}");
        }
        check(
            "fire «combat post» -«drill»",
            "fire \"combat post\" -\"drill\"",
        );
        check("(«a b» OR c)", "\"a b\" OR c");
        check("双方「保持克制」", "双方 \"保持克制\"");
        // Another kind of quote inside a phrase is text, as a Russian «…„…“…» nests them.
        check("«he said „no“ twice»", "\"he said „no“ twice\"");
        check("\"he said «no»\"", "\"he said «no»\"");
        check("«he said \"no\"»", "\"he said  no\"");
    }

    /// `’` is the apostrophe of don’t, and `‘`, `»`, `”` also close quotations: where
    /// nothing closes them, or they stand inside a word, they are part of the word.
    #[test]
    fn quotes_that_are_also_apostrophes_stay_in_their_words() {
        check("don’t", "don’t");
        check("Armenia’s position", "Armenia’s position");
        check("‘don’t stop’", "\"don’t stop\"");
        check("‘Armenia’s position’ fire", "\"Armenia’s position\" fire");
        check("‘90s fire", "+‘90s fire");
        check("post near”", "post near”");
        check("post near»", "post near»");
        check("»post near", "+»post near");
        check("word«inside»", "word \"inside\"");
        check("+«post near»", "\"post near\"");
    }

    #[test]
    fn unclosed_typographic_quotes_say_what_closes_them() {
        check_error(
            "“post near",
            "unbalanced '“': the phrase is not closed by '”' or '“'",
            0,
        );
        check_error("fire „post near", "not closed by '“' or '”'", 5);
        check_error("«post near", "not closed by '»'", 0);
        // Mixed pairs are not guessed at.
        check_error("«post near”", "not closed by '»'", 0);
        check_error("“post near\"", "not closed by '”' or '“'", 0);
        check_error("「克制", "not closed by '」'", 0);
        check_error("«»", "no words", 0);
        check_error("“ ”", "no words", 0);
    }

    /// Every short query of quote marks, dashes, operators and words prints as a query
    /// that parses back to itself, or is an error inside the query.
    #[test]
    fn short_queries_of_marks_print_back_as_themselves() {
        let alphabet = [
            'a', 'b', ' ', '"', '“', '”', '„', '«', '»', '‘', '’', '-', '+', '(', ')', '*', '—',
            '–', '−',
        ];
        let mut inputs = vec![String::new()];
        let mut last = inputs.clone();
        for _ in 0..4 {
            last = last
                .iter()
                .flat_map(|input| alphabet.iter().map(move |&c| format!("{input}{c}")))
                .collect();
            inputs.extend(last.iter().cloned());
        }
        for input in &inputs {
            match Query::parse(input) {
                Ok(query) => {
                    let printed = query.to_string();
                    assert_eq!(
                        Query::parse(&printed).as_ref(),
                        Ok(&query),
                        "{input:?} prints as {printed:?}"
                    );
                }
                Err(error) => assert!(error.position <= input.chars().count(), "{input:?}"),
            }
        }
    }

    /// A '"' between two Hebrew letters is the gershayim of an acronym, typed so on every
    /// Hebrew keyboard: read as a quote, צה"ל was an unclosed phrase and צה"ל ארה"ב the
    /// phrase "ל ארה" between two words.
    #[test]
    fn a_quote_inside_a_hebrew_acronym_is_part_of_the_word() {
        check("צה\"ל", "צה\"ל");
        check("צה\"ל ארה\"ב", "צה\"ל ארה\"ב");
        check("יו\"ר OR האו\"ם", "יו\"ר OR האו\"ם");
        check("-צה\"ל", "-צה\"ל");
        check("ארה\"ב*", "ארה\"ב*");
        check("צה״ל ג׳ורג׳ צה'ל", "צה״ל ג׳ורג׳ צה'ל");
        // With points on the letter before the mark.
        check("צָה\"ל", "צָה\"ל");
        // Inside a phrase the acronym's mark does not close it, and stays in its word.
        check("\"צה\"ל אמר\" fire", "\"צה\"ל אמר\" fire");
        check("“צה”ל אמר”", "\"צה”ל אמר\"");
        // A quote with a space or a Latin letter on one side opens or closes a phrase.
        check("צה \"ל ארה\"", "צה \"ל ארה\"");
        check("\"post\"ל", "\"post\" ל");
        check_error("צה\"", "unbalanced '\"'", 2);
        check_error("\"צה\"ל", "unbalanced '\"'", 0);
        // Parsed, printed and parsed again, the query is the same.
        for input in ["צה\"ל ארה\"ב", "\"צה\"ל וארה\"ב\""] {
            let query = Query::parse(input).unwrap();
            assert_eq!(Query::parse(&query.to_string()).unwrap(), query, "{input}");
        }
    }

    #[test]
    fn reports_where_the_query_is_wrong() {
        check_error("\"combat post", "not closed", 0);
        check_error("fire (Tovuz", "unbalanced '('", 5);
        check_error("fire) x", "unbalanced ')'", 4);
        check_error("fire OR", "OR needs a term", 5);
        check_error("OR fire", "expected a word", 0);
        check_error("pro*voc", "only allowed at the end", 0);
        check_error("\"\"", "no words", 0);
        // The modifier letter apostrophe is no letter to the index, as ' is none.
        check_error("ʼ", "no letters or digits", 0);
        // Alone between words, it is punctuation, as a dash is.
        check("fire ʼ", "fire");
        check_error("\"ʼ\"", "no words", 0);
        check_error("()", "expected a word", 1);
        check_error("", "empty", 0);
    }

    #[test]
    fn the_pointer_puts_a_caret_under_the_problem() {
        let error = Query::parse("fire) x").unwrap_err();
        assert_eq!(error.pointer("fire) x"), "fire) x\n    ^");
    }

    /// A query of a few thousand characters was printed whole, with a caret line as long.
    #[test]
    fn a_long_query_is_pointed_at_around_the_problem() {
        let input = format!("{}) {}", "word ".repeat(900), "more ".repeat(900));
        let error = Query::parse(&input).unwrap_err();
        let pointer = error.pointer(&input);
        let (line, caret) = pointer.split_once('\n').unwrap();
        assert!(line.starts_with('…') && line.ends_with('…'), "{line}");
        assert_eq!(line.chars().count(), MAX_QUOTED_CHARS + 2);
        assert_eq!(line.chars().nth(caret.chars().count() - 1), Some(')'));
        // A problem near the end shows the end.
        let input = format!("{}(x", "word ".repeat(1000));
        let error = Query::parse(&input).unwrap_err();
        let pointer = error.pointer(&input);
        let (line, caret) = pointer.split_once('\n').unwrap();
        assert!(line.starts_with('…') && line.ends_with("(x"), "{line}");
        assert_eq!(line.chars().count(), MAX_QUOTED_CHARS + 1);
        assert_eq!(line.chars().nth(caret.chars().count() - 1), Some('('));
    }

    #[test]
    fn words_that_read_as_operators_print_back_as_words() {
        for input in ["+AND", "++A", "+-a", "-(-a)", "+OR fire", "++a*"] {
            let query = Query::parse(input).unwrap();
            assert_eq!(
                Query::parse(&query.to_string()).unwrap(),
                query,
                "{input} printed as {query}"
            );
        }
    }

    /// `post - Tovuz` searched for Tovuz: the '-' with a space after it was dropped, so
    /// that an exclusion became an inclusion without a word.
    #[test]
    fn a_dash_with_a_space_before_a_term_is_refused() {
        check_error(
            "post - Tovuz",
            "a '-' with a space after it: write -Tovuz to exclude Tovuz, or leave the '-' out to search for it",
            5,
        );
        check_error("- Tovuz post", "write -Tovuz to exclude Tovuz", 0);
        check_error(
            "post - \"combat post\"",
            "write -\"combat post\" to exclude",
            5,
        );
        check_error(
            "post - «combat post»",
            "write -\"combat post\" to exclude",
            5,
        );
        check_error("post - provoc*", "write -provoc* to exclude provoc*", 5);
        check_error("post - +OR", "write -+OR to exclude +OR", 5);
        check_error("post - (a OR b)", "write -(…) with no space", 5);
        check_error("post - -a", "excludes nothing", 5);
        check_error("post OR - a", "write -a", 8);
        // Punctuation between the dash and the term changes nothing.
        check_error("post - — Tovuz", "write -Tovuz", 5);
        // Touching its term, a '-' excludes; with nothing after it, it is left out.
        check("post -Tovuz", "post -Tovuz");
        check("post -", "post");
        check("(post -) OR a", "post OR a");
        check("post - OR a", "post OR a");
    }

    /// `post –Tovuz` and `post −Tovuz` searched for Tovuz: the en dash or minus sign
    /// that a word processor or a pasted formula wrote for '-' was punctuation, dropped
    /// by the analyser, so an exclusion became an inclusion. Spaced, `post – Tovuz` was
    /// left out as punctuation, where `post - Tovuz` is refused as ambiguous.
    #[test]
    fn a_minus_sign_or_an_en_dash_excludes_as_a_hyphen_does() {
        for sign in ['\u{2212}', '\u{2013}'] {
            check(&format!("post {sign}Tovuz"), "post -Tovuz");
            check(&format!("{sign}drill fire"), "-drill fire");
            check(
                &format!("post {sign}\"combat post\""),
                "post -\"combat post\"",
            );
            check(&format!("post {sign}(a OR b)"), "post -(a OR b)");
            check(&format!("post {sign}provoc*"), "post -provoc*");
            assert!(Query::parse(&format!("{sign}drill"))
                .unwrap()
                .is_only_negative());
            check_error(
                &format!("post {sign} Tovuz"),
                &format!("a '{sign}' with a space after it: write -Tovuz to exclude Tovuz, or leave the '{sign}' out to search for it"),
                5,
            );
            check_error(
                &format!("post {sign} (a OR b)"),
                "write -(…) with no space",
                5,
            );
            // With nothing after it, it is left out, as '-' is.
            check(&format!("post {sign}"), "post");
            // Inside a word it is the word's, as the analyser reads it.
            check(&format!("Nerkin{sign}And"), &format!("Nerkin{sign}And"));
            // A word that starts with one reads back as a word.
            check(&format!("+{sign}a"), &format!("+{sign}a"));
        }
        // The em dash is punctuation, typed for `--`, which excludes nothing.
        check("post —Tovuz", "post —Tovuz");
        check("post — Tovuz", "post Tovuz");
    }

    #[test]
    fn stray_operators_are_ignored_not_fatal() {
        assert_eq!(Query::parse("fire - ").unwrap(), Query::Word("fire".into()));
        assert_eq!(
            Query::parse("fire AND + border").unwrap(),
            Query::parse("fire border").unwrap()
        );
    }

    /// A dash or an ellipsis standing alone in pasted text was an error ("has no letters
    /// or digits"), while the same punctuation inside a word is nothing to the analyser.
    #[test]
    fn punctuation_between_words_is_left_out() {
        check("provocation — Armenian", "provocation Armenian");
        check(
            "provocation — Armenian … • fire",
            "provocation Armenian fire",
        );
        check(
            "provocation -- Armenian --- fire",
            "provocation Armenian fire",
        );
        check("a -— b", "a b");
        check("(a —) OR b", "a OR b");
        check("a — OR b", "a OR b");
        // A dash run touching what follows is read as before.
        check("-—a", "-—a");
        check_error("--a", "needs a term to exclude", 0);
        check_error("--\"c d\"", "needs a term to exclude", 0);
        // A query of punctuation alone is still refused, as is a prefix without a start.
        check_error("—", "\"—\" has no letters or digits", 0);
        check_error(" … — ", "the query has no letters or digits", 1);
        check_error("--", "no letters or digits", 0);
        check_error("fire —*", "\"—*\" has no letters or digits", 5);
        check_error("fire -*", "\"*\" has no letters or digits", 6);
        // A Thai vowel sign or a kana's voiced mark alone, which is a letter to Unicode
        // but no word to the index; among words, left out as an accent alone is.
        check_error("\u{E31}", "has no letters or digits", 0);
        check_error("\u{FF9E}", "has no letters or digits", 0);
        check("ไทย \u{E31}", "ไทย");
        check_error("fire NOT —", "needs a term to exclude", 5);
    }

    #[test]
    fn negative_only_queries_are_recognised() {
        assert!(Query::parse("-drill").unwrap().is_only_negative());
        assert!(Query::parse("-drill -exercise").unwrap().is_only_negative());
        assert!(!Query::parse("-drill fire").unwrap().is_only_negative());
    }

    #[test]
    fn refuses_pathological_input() {
        let deep = format!("{}x{}", "(".repeat(100), ")".repeat(100));
        check_error(&deep, "nest deeper", 32);
        assert!(Query::parse(&"x ".repeat(MAX_QUERY_CHARS)).is_err());
    }

    /// `combat or shelled` searched for the word "or", found nothing and said nothing.
    #[test]
    fn lowercase_operators_between_terms_are_found() {
        let found = |input: &str| {
            lowercase_operators(input).map(|found| (found.operators, found.corrected))
        };
        let operators = |names: &[&str]| names.iter().map(|name| name.to_string()).collect();
        assert_eq!(
            found("combat or shelled"),
            Some((operators(&["OR"]), "combat OR shelled".to_string()))
        );
        assert_eq!(
            found("(a Or b) and \"c d\" not e* or -f"),
            Some((
                operators(&["OR", "AND", "NOT"]),
                "(a OR b) AND \"c d\" NOT e* OR -f".to_string()
            ))
        );
        assert_eq!(
            found("«a» or (b)"),
            Some((operators(&["OR"]), "«a» OR (b)".to_string()))
        );
        // Not between two terms, protected, in a phrase, or already in capitals.
        for input in [
            "or",
            "or combat",
            "combat or",
            "combat OR or",
            "combat +or shelled",
            "\"combat or shelled\"",
            "«combat or shelled»",
            "combat OR shelled",
            "combat AND shelled",
            "orange order",
            "\"unclosed or",
        ] {
            assert_eq!(found(input), None, "{input}");
        }
    }

    #[test]
    fn foreign_syntax_finds_fields_boosts_fuzziness_and_wildcards() {
        use ForeignSyntax::*;
        let field = |field: &str, value: &str| Field {
            field: field.into(),
            value: value.into(),
        };
        assert_eq!(
            foreign_syntax(
                r#"Speaker:peskov text:fire fire^2 "combat post"~0.5 "near Tovuz"~3 prov?cation"#
            ),
            [
                field("speaker", "peskov"),
                field("text", "fire"),
                Boost("fire^2".into()),
                Fuzziness(r#""combat post"~0.5"#.into()),
                SingleWildcard("prov?cation".into()),
            ]
        );
        assert_eq!(
            foreign_syntax(r#"-org:"Government of Armenia" (fire~ OR date:2024)"#),
            [
                field("org", r#""Government of Armenia""#),
                Fuzziness("fire~".into()),
                field("date", "2024"),
            ]
        );
        assert_eq!(
            foreign_syntax("org:«Government of Armenia» „speaker:peskov“ «why?»"),
            [field("org", r#""Government of Armenia""#)]
        );
        // Text of the query's own syntax, a URL, a time, a question mark in a phrase.
        assert!(foreign_syntax(r#"fire -drill provoc* http://x.am 12:00 "why?" a:b ?"#).is_empty());
        // A question mark ending the query ends a question; elsewhere it may stand for a
        // character, as other engines read it.
        assert!(foreign_syntax("where is Nerkin Hand?").is_empty());
        assert!(foreign_syntax("where is Nerkin Hand?? ").is_empty());
        assert_eq!(
            foreign_syntax("Hand? where"),
            [ForeignSyntax::SingleWildcard("Hand?".into())]
        );
        assert_eq!(
            foreign_syntax("where is H?nd?"),
            [ForeignSyntax::SingleWildcard("H?nd?".into())]
        );
    }
}
