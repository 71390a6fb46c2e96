//! Paragraphs, sentences and tokens of an article, with quotation marks kept apart.
//!
//! Attribution is a matter of word order around quotation marks, so the tokens keep the
//! quotes as tokens of their own, mark every token inside a quotation, and keep the byte
//! offsets that let a record quote the article's words exactly.

use std::ops::Range;
use std::rc::Rc;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// Letters and digits, with inner hyphens and apostrophes ("non-aggression", "U.S.").
    Word,
    /// The `'s` (or a lone `'` after a plural) that makes a possessive.
    Possessive,
    /// An opening quotation mark.
    OpenQuote,
    /// A closing quotation mark.
    CloseQuote,
    /// A dash that separates words: `–`, `—`, or ` - `.
    Dash,
    /// Any other punctuation mark, one character.
    Punct,
}

/// One token of a paragraph, with its byte range in the paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// Inside a quotation (the quotation marks themselves are not).
    pub quoted: bool,
}

impl Token {
    /// Returns true when the token is a word spelled `word`, ignoring case.
    pub fn is(&self, word: &str) -> bool {
        self.kind == TokenKind::Word && self.text.eq_ignore_ascii_case(word)
    }

    /// Returns true when the token is the punctuation mark `mark`.
    pub fn is_punct(&self, mark: char) -> bool {
        self.kind == TokenKind::Punct && self.text.starts_with(mark)
    }

    /// Returns true when the token is a word that starts with a capital letter or a digit.
    pub fn is_capitalized(&self) -> bool {
        self.kind == TokenKind::Word
            && self
                .text
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    }

    /// Returns the word in lower case, with a typographic apostrophe made straight.
    pub fn lower(&self) -> String {
        self.text.to_lowercase().replace('’', "'")
    }
}

/// A sentence and its tokens.
#[derive(Debug, Clone)]
pub(crate) struct Sentence {
    pub paragraph: usize,
    pub tokens: Vec<Token>,
    /// The sentence as written, whitespace collapsed.
    pub text: String,
    /// The paragraph's text, which the token offsets index.
    pub source: Rc<str>,
}

impl Sentence {
    /// Returns the article's words for a range of tokens, spacing as written.
    pub fn slice(&self, range: Range<usize>) -> String {
        if range.start >= range.end || range.end > self.tokens.len() {
            return String::new();
        }
        collapse_whitespace(
            &self.source[self.tokens[range.start].start..self.tokens[range.end - 1].end],
        )
    }

    /// Returns the words of the tokens for which `keep` is true, as written, with one space
    /// where tokens were left out.
    pub fn render(&self, range: Range<usize>, keep: impl Fn(usize) -> bool) -> String {
        let mut text = String::new();
        let mut previous: Option<usize> = None;
        for index in range {
            if !keep(index) {
                continue;
            }
            let token = &self.tokens[index];
            match previous {
                Some(last) if last + 1 == index => {
                    text.push_str(&self.source[self.tokens[last].end..token.start]);
                }
                Some(_) => {
                    let attaches = token.kind == TokenKind::Possessive
                        || (token.kind == TokenKind::Punct
                            && matches!(token.text.as_str(), "," | "." | ";" | ":" | "?" | "!"));
                    if !attaches {
                        text.push(' ');
                    }
                }
                None => {}
            }
            text.push_str(&token.text);
            previous = Some(index);
        }
        collapse_whitespace(&text)
    }
}

/// Returns `text` with every run of whitespace turned into one space, trimmed.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits an article into paragraphs: blank-line separated blocks when there are blank
/// lines (the lines of a block are one paragraph), else one paragraph per line.
pub(crate) fn paragraphs(article: &str) -> Vec<String> {
    blocks(article)
        .iter()
        .map(|block| strip_dateline(block.trim()).to_string())
        .filter(|block| !block.is_empty())
        .collect()
}

/// Returns the news agency a wire dateline credits (`BAKU, Feb 13 (Reuters) - `), if one
/// of the article's first paragraphs starts with one.
pub(crate) fn wire_outlet(article: &str) -> Option<String> {
    blocks(article).iter().take(3).find_map(|block| {
        let block = block.trim();
        let rest = strip_dateline(block);
        let dateline = &block[..block.len() - rest.len()];
        let open = dateline.rfind('(')?;
        let close = open + dateline[open..].find(')')?;
        let name = dateline[open + 1..close].trim();
        let characters = name.chars().count();
        let plausible = (2..=40).contains(&characters)
            && name.chars().next().is_some_and(char::is_uppercase)
            && !name.chars().any(|c| c.is_ascii_digit());
        plausible.then(|| name.to_string())
    })
}

/// The blocks of an article that become its paragraphs, datelines still on them.
fn blocks(article: &str) -> Vec<String> {
    let article = article.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = article.split('\n').collect();
    let has_blank_lines = lines
        .windows(2)
        .any(|pair| !pair[0].trim().is_empty() && pair[1].trim().is_empty());
    let blocks: Vec<String> = if has_blank_lines {
        let mut blocks = Vec::new();
        let mut current: Vec<&str> = Vec::new();
        for line in lines {
            if line.trim().is_empty() {
                if !current.is_empty() {
                    blocks.push(current.join(" "));
                    current.clear();
                }
            } else {
                current.push(line.trim());
            }
        }
        if !current.is_empty() {
            blocks.push(current.join(" "));
        }
        blocks
    } else {
        lines.into_iter().map(str::to_string).collect()
    };
    blocks
}

/// Drops a wire dateline such as `BAKU, Feb 13 (Reuters) - ` or `YEREVAN, Armenia (AP) — `.
fn strip_dateline(paragraph: &str) -> &str {
    let first_word: String = paragraph
        .chars()
        .take_while(|c| c.is_alphabetic() || *c == '-')
        .collect();
    let letters = first_word.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 3 || first_word.chars().any(char::is_lowercase) {
        return paragraph;
    }
    let window_end = paragraph
        .char_indices()
        .nth(80)
        .map_or(paragraph.len(), |(byte, _)| byte);
    let window = &paragraph[..window_end];
    [" - ", " – ", " — ", " -- "]
        .iter()
        .filter_map(|dash| window.find(dash).map(|position| position + dash.len()))
        .min()
        .map_or(paragraph, |after| paragraph[after..].trim_start())
}

/// Abbreviations whose period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "sen", "rep", "gov", "pres",
    "prof", "st", "jr", "sr", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "inc", "corp", "co", "ltd", "vs", "adm", "amb", "hon",
];

/// Splits a paragraph into tokens.
pub(crate) fn tokenize(paragraph: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
    let byte_at = |index: usize| chars.get(index).map_or(paragraph.len(), |&(b, _)| b);
    let char_at = |index: usize| chars.get(index).map(|&(_, c)| c);
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_alphanumeric() {
            let mut j = i + 1;
            while let Some(d) = char_at(j) {
                if d.is_alphanumeric() {
                    j += 1;
                    continue;
                }
                let inner = matches!(d, '-' | '\'' | '’' | '.' | '‑')
                    && char_at(j + 1).is_some_and(char::is_alphanumeric);
                // "'s" at the end of a word is a possessive of its own.
                let possessive = matches!(d, '\'' | '’')
                    && char_at(j + 1) == Some('s')
                    && !char_at(j + 2).is_some_and(char::is_alphanumeric);
                if inner && !possessive {
                    j += 1;
                } else {
                    break;
                }
            }
            let mut word_end = j;
            // A period that belongs to the word: initials, "U.S.", "Feb.".
            if char_at(j) == Some('.') {
                let word = &paragraph[start..byte_at(j)];
                let lower = word.to_lowercase();
                let is_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
                if is_initial || word.contains('.') || ABBREVIATIONS.contains(&lower.as_str()) {
                    word_end = j + 1;
                }
            }
            tokens.push(Token {
                kind: TokenKind::Word,
                text: paragraph[start..byte_at(word_end)].to_string(),
                start,
                end: byte_at(word_end),
                quoted: false,
            });
            i = word_end;
            // Possessives: "Azerbaijan's", "Azerbaijan’s", "neighbors'".
            if matches!(char_at(i), Some('\'' | '’')) {
                let next = char_at(i + 1);
                let width =
                    if next == Some('s') && !char_at(i + 2).is_some_and(char::is_alphanumeric) {
                        2
                    } else if chars[i - 1].1 == 's' && !next.is_some_and(char::is_alphanumeric) {
                        1
                    } else {
                        0
                    };
                if width > 0 {
                    tokens.push(Token {
                        kind: TokenKind::Possessive,
                        text: paragraph[byte_at(i)..byte_at(i + width)].to_string(),
                        start: byte_at(i),
                        end: byte_at(i + width),
                        quoted: false,
                    });
                    i += width;
                }
            }
            continue;
        }
        let previous = if i == 0 { None } else { Some(chars[i - 1].1) };
        let next = char_at(i + 1);
        let (kind, width) = match c {
            '“' | '«' | '„' => (TokenKind::OpenQuote, 1),
            '”' | '»' => (TokenKind::CloseQuote, 1),
            '"' => {
                let opens = previous.is_none_or(|p| {
                    p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–' | '-' | ':')
                });
                if opens {
                    (TokenKind::OpenQuote, 1)
                } else {
                    (TokenKind::CloseQuote, 1)
                }
            }
            '–' | '—' => (TokenKind::Dash, 1),
            '-' if next == Some('-') => (TokenKind::Dash, 2),
            '-' if previous.is_none_or(char::is_whitespace)
                && next.is_none_or(char::is_whitespace) =>
            {
                (TokenKind::Dash, 1)
            }
            _ => (TokenKind::Punct, 1),
        };
        let end = byte_at(i + width);
        tokens.push(Token {
            kind,
            text: paragraph[start..end].to_string(),
            start,
            end,
            quoted: false,
        });
        i += width;
    }
    mark_quotations(&mut tokens);
    tokens
}

/// Marks the tokens inside quotations. A second opening mark closes the quotation (typed
/// quotes are ambiguous), a closing mark glued to the next word opens one, and a quotation
/// still open at the paragraph's end ends there (the wire convention for quotations that
/// run over several paragraphs).
fn mark_quotations(tokens: &mut [Token]) {
    let mut open = false;
    for index in 0..tokens.len() {
        match tokens[index].kind {
            TokenKind::OpenQuote if open => {
                tokens[index].kind = TokenKind::CloseQuote;
                open = false;
            }
            TokenKind::OpenQuote => open = true,
            TokenKind::CloseQuote if open => open = false,
            TokenKind::CloseQuote => {
                let word_follows = tokens.get(index + 1).is_some_and(|next| {
                    next.kind == TokenKind::Word && next.start == tokens[index].end
                });
                if word_follows {
                    tokens[index].kind = TokenKind::OpenQuote;
                    open = true;
                }
            }
            _ => tokens[index].quoted = open,
        }
    }
}

/// Splits the article into sentences, each with its own tokens.
pub(crate) fn sentences(article: &str) -> Vec<Sentence> {
    let mut found = Vec::new();
    for (number, paragraph) in paragraphs(article).into_iter().enumerate() {
        let tokens = tokenize(&paragraph);
        let source: Rc<str> = Rc::from(paragraph);
        let mut start = 0;
        let mut index = 0;
        while index < tokens.len() {
            let token = &tokens[index];
            let terminal =
                token.kind == TokenKind::Punct && matches!(token.text.as_str(), "." | "?" | "!");
            let end = if terminal && !token.quoted {
                Some(index + 1)
            } else if terminal
                && tokens
                    .get(index + 1)
                    .is_some_and(|next| next.kind == TokenKind::CloseQuote)
            {
                Some(index + 2)
            } else {
                None
            };
            if let Some(end) = end {
                let starts_new = tokens.get(end).is_none_or(|next| {
                    next.kind == TokenKind::OpenQuote
                        || next.is_capitalized()
                        || next.kind == TokenKind::Dash
                });
                if starts_new {
                    push_sentence(&mut found, number, &source, &tokens[start..end]);
                    start = end;
                    index = end;
                    continue;
                }
            }
            index += 1;
        }
        if start < tokens.len() {
            push_sentence(&mut found, number, &source, &tokens[start..]);
        }
    }
    found
}

fn push_sentence(found: &mut Vec<Sentence>, paragraph: usize, source: &Rc<str>, tokens: &[Token]) {
    let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
        return;
    };
    found.push(Sentence {
        paragraph,
        tokens: tokens.to_vec(),
        text: collapse_whitespace(&source[first.start..last.end]),
        source: source.clone(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(paragraph: &str, expect: &str) {
        let shown = tokenize(paragraph)
            .iter()
            .map(|token| match token.kind {
                TokenKind::Word | TokenKind::Punct if token.quoted => format!("q:{}", token.text),
                TokenKind::Word | TokenKind::Punct => token.text.clone(),
                TokenKind::Possessive => "'s".into(),
                TokenKind::OpenQuote => "<<".into(),
                TokenKind::CloseQuote => ">>".into(),
                TokenKind::Dash => "--".into(),
            })
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(shown, expect, "for {paragraph:?}");
    }

    #[test]
    fn tokens_keep_quotes_possessives_and_abbreviations() {
        check(
            "\"It is over,\" Azerbaijan's U.S. envoy said Feb. 13.",
            "<< q:It q:is q:over q:, >> Azerbaijan 's U.S. envoy said Feb. 13 .",
        );
        check(
            "Russia – which mediated – urged calm and called it “worrying.”",
            "Russia -- which mediated -- urged calm and called it << q:worrying q:. >>",
        );
        check(
            "the neighbors' non-aggression pact, Azerbaijan’s",
            "the neighbors 's non-aggression pact , Azerbaijan 's",
        );
    }

    #[test]
    fn sentences_do_not_break_inside_quotations() {
        let found = sentences(
            "\"We will respond. We are ready,\" he said. \"It is over.\" The ministry said so.\nNext line",
        );
        let texts: Vec<&str> = found.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "\"We will respond. We are ready,\" he said.",
                "\"It is over.\"",
                "The ministry said so.",
                "Next line"
            ]
        );
    }

    /// The agency a wire dateline credits becomes the records' outlet.
    #[test]
    fn a_wire_dateline_names_the_outlet() {
        for (article, outlet) in [
            (
                "Headline\n\nBAKU, March 12 (Reuters) - Azerbaijan said so.",
                Some("Reuters"),
            ),
            ("YEREVAN, Armenia (AP) — Armenia said.", Some("AP")),
            (
                "MOSCOW, Feb 13 (Interfax) -- Peskov said.",
                Some("Interfax"),
            ),
            ("BAKU, March 12 - Azerbaijan said so.", None),
            ("Azerbaijan (officially) said so - later.", None),
            ("BAKU (2024) - said.", None),
            (
                "One.\n\nTwo.\n\nThree.\n\nLONDON (Reuters) - too late.",
                None,
            ),
        ] {
            assert_eq!(wire_outlet(article).as_deref(), outlet, "{article}");
        }
    }

    #[test]
    fn datelines_are_dropped_and_blank_lines_make_paragraphs() {
        assert_eq!(
            paragraphs(
                "BAKU, Feb 13 (Reuters) - Azerbaijan said\nit would.\n\nYEREVAN, Armenia (AP) — Armenia said."
            ),
            ["Azerbaijan said it would.", "Armenia said."]
        );
    }
}
