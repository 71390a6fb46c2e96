//! Values quoted in messages: a readable prefix of a long one, not the whole of it; and
//! counts with the word that agrees with them.
//!
//! Errors, hints and status lines quote what the user gave or what a file holds (a
//! speaker, a country, a date, a column). Such a value can be a whole pasted document
//! or a field a broken scraper filled with 200 KB: quoted whole, it floods the terminal
//! and buries the message around it. Every message that quotes a value goes through
//! [`quoted`] (or [`excerpt`] where it is listed without quotes), which keeps the first
//! [`MAX_QUOTED_CHARS`] characters and says how long the value is.
//!
//! A command a hint suggests is another matter: it is there to be pasted, and a cut
//! word would make it name another file or search for other words. Its words are whole
//! ([`shell_word`], [`command_line`]); a command holding a word longer than any path
//! ([`MAX_COMMAND_WORD_CHARS`]) is not suggested at all. Paths in prose are whole too,
//! up to that length ([`shown_path`]): past it they name no file, and are cut as values
//! are.
//!
//! A count in a message takes the singular or the plural as English does ("1 line", "2
//! lines", "0 lines"), chosen by [`plural`]: "1 line(s)" reads as unfinished.

use std::fmt::{self, Write as _};
use std::path::Path;

/// The most characters of a value a message quotes.
pub const MAX_QUOTED_CHARS: usize = 80;

/// Returns `value` as a message quotes it: in double quotes with control characters
/// escaped (as `{:?}` writes a string), or, when it is longer than [`MAX_QUOTED_CHARS`],
/// its beginning followed by "…" and its length: `"Aaaa…" (204800 characters)`.
pub fn quoted(value: &str) -> Quoted<'_> {
    Quoted(value)
}

/// Returns `value` as a message lists it without quotes (a field name among others): the
/// value itself, or its beginning, "…" and its length: `Aaaa… (204800 characters)`.
pub fn excerpt(value: &str) -> Excerpt<'_> {
    Excerpt(value)
}

/// The most characters a word of a suggested command has, and a path a message shows
/// whole: PATH_MAX, 4096, the longest path Linux opens. A longer word is no path that
/// works but most likely a pasted document, which would flood the terminal.
pub const MAX_COMMAND_WORD_CHARS: usize = 4096;

/// Returns `word` as a shell reads it back as one word, whole: as it is when it holds
/// nothing the shell would act on, else in single quotes. Never cut: a cut word in a
/// command names another file or searches for other words.
pub fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || "-_.,:/@+=%…".contains(c));
    match plain {
        true => word.to_string(),
        false => format!("'{}'", word.replace('\'', r"'\''")),
    }
}

/// Returns the command line of `words` as a shell reads it back, each word whole (see
/// [`shell_word`]), or None when a word is longer than [`MAX_COMMAND_WORD_CHARS`]: a
/// command is suggested whole or not at all.
pub fn command_line<S: AsRef<str>>(words: &[S]) -> Option<String> {
    let mut line = Vec::with_capacity(words.len());
    for word in words {
        let word = word.as_ref();
        // Only a word longer in bytes than the limit can be longer in characters.
        if word.len() > MAX_COMMAND_WORD_CHARS && word.chars().count() > MAX_COMMAND_WORD_CHARS {
            return None;
        }
        line.push(shell_word(word));
    }
    Some(line.join(" "))
}

/// Returns `path` as one word of a suggested command (see [`shell_word`]), or None when
/// it is longer than any path that opens ([`MAX_COMMAND_WORD_CHARS`]).
pub fn shell_path(path: &Path) -> Option<String> {
    command_line(&[path.to_string_lossy()])
}

/// Returns `path` as a message names it in prose: whole, or, when it is longer than any
/// path that opens ([`MAX_COMMAND_WORD_CHARS`]), its beginning, "…" and its length, as
/// [`excerpt`] lists a value.
pub fn shown_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    match text.len() > MAX_COMMAND_WORD_CHARS && text.chars().count() > MAX_COMMAND_WORD_CHARS {
        true => excerpt(&text).to_string(),
        false => text.into_owned(),
    }
}

/// Returns `one` when `count` is 1, else `many`: the form of a noun, or of the verb that
/// agrees with it, for a count in a message (`format!("{n} {}", plural(n, "line",
/// "lines"))`). Both forms are given, as English plurals are not all made with "s"
/// ("entry", "entries").
pub fn plural<'a, N>(count: N, one: &'a str, many: &'a str) -> &'a str
where
    N: PartialEq + From<u8>,
{
    match count == N::from(1) {
        true => one,
        false => many,
    }
}

/// A value quoted in a message; see [`quoted`].
#[derive(Debug, Clone, Copy)]
pub struct Quoted<'a>(&'a str);

/// A value listed in a message; see [`excerpt`].
#[derive(Debug, Clone, Copy)]
pub struct Excerpt<'a>(&'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match cut(self.0) {
            None => write_escaped(f, self.0),
            Some((start, length)) => {
                write_escaped(f, &format!("{start}…"))?;
                write!(f, " ({length} characters)")
            }
        }
    }
}

impl fmt::Display for Excerpt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match cut(self.0) {
            None => f.write_str(self.0),
            Some((start, length)) => write!(f, "{start}… ({length} characters)"),
        }
    }
}

/// Writes `value` in double quotes as `{:?}` writes a string (controls, direction marks
/// and other invisible characters escaped: `\u{200f}`), but for the combining marks: those
/// are letters' vowel signs in Hindi, Bengali or Tamil (सिंह), and escaped, a name read
/// `सि\u{902}ह`.
fn write_escaped(f: &mut fmt::Formatter<'_>, value: &str) -> fmt::Result {
    use unicode_normalization::char::is_combining_mark;
    f.write_char('"')?;
    for character in value.chars() {
        match character {
            '\'' => f.write_char(character)?,
            _ if is_combining_mark(character) => f.write_char(character)?,
            _ => write!(f, "{}", character.escape_debug())?,
        }
    }
    f.write_char('"')
}

/// Returns the first [`MAX_QUOTED_CHARS`] characters of `value` and its length in
/// characters when it is longer than that, else None. The cut is on a character
/// boundary, never inside a UTF-8 sequence.
fn cut(value: &str) -> Option<(&str, usize)> {
    // Only a value longer in bytes than the limit can be longer in characters: the common
    // short value is not counted.
    if value.len() <= MAX_QUOTED_CHARS {
        return None;
    }
    let (end, _) = value.char_indices().nth(MAX_QUOTED_CHARS)?;
    Some((&value[..end], value.chars().count()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_values_are_quoted_whole() {
        assert_eq!(quoted("Armenia").to_string(), "\"Armenia\"");
        assert_eq!(quoted("").to_string(), "\"\"");
        assert_eq!(quoted("a \"b\"\n").to_string(), r#""a \"b\"\n""#);
        assert_eq!(quoted("it's").to_string(), r#""it's""#);
        // Vowel signs are letters of the name; invisible characters are shown escaped.
        assert_eq!(quoted("अजय सिंह").to_string(), "\"अजय सिंह\"");
        assert_eq!(
            quoted("Pe\u{ad}skov\u{200f}").to_string(),
            r#""Pe\u{ad}skov\u{200f}""#
        );
        assert_eq!(quoted("\u{1b}[31m").to_string(), r#""\u{1b}[31m""#);
        assert_eq!(excerpt("speker").to_string(), "speker");
        let exactly = "ə".repeat(MAX_QUOTED_CHARS);
        assert_eq!(quoted(&exactly).to_string(), format!("\"{exactly}\""));
        assert_eq!(excerpt(&exactly).to_string(), exactly);
    }

    #[test]
    fn long_values_are_cut_with_their_length() {
        let huge = "A".repeat(204_800);
        let start = "A".repeat(MAX_QUOTED_CHARS);
        assert_eq!(
            quoted(&huge).to_string(),
            format!("\"{start}…\" (204800 characters)")
        );
        assert_eq!(
            excerpt(&huge).to_string(),
            format!("{start}… (204800 characters)")
        );
    }

    #[test]
    fn counts_take_the_singular_for_one_only() {
        let lines = |n: usize| format!("{n} {}", plural(n, "line", "lines"));
        assert_eq!(lines(0), "0 lines");
        assert_eq!(lines(1), "1 line");
        assert_eq!(lines(2), "2 lines");
        assert_eq!(plural(1_u64, "entry", "entries"), "entry");
        assert_eq!(plural(11_i64, "entry", "entries"), "entries");
    }

    #[test]
    fn command_words_are_whole_or_the_command_is_none() {
        assert_eq!(shell_word("peskov"), "peskov");
        assert_eq!(shell_word("Maria Zakharova"), "'Maria Zakharova'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        let long = format!("/tmp/{}", "d".repeat(200));
        assert_eq!(shell_word(&long), long, "a path of 205 characters is whole");
        let at_most = "x".repeat(MAX_COMMAND_WORD_CHARS);
        assert_eq!(
            command_line(&["communique", "init", &at_most]),
            Some(format!("communique init {at_most}"))
        );
        let over = "x".repeat(MAX_COMMAND_WORD_CHARS + 1);
        assert_eq!(command_line(&["communique", "init", &over]), None);
        assert_eq!(shell_path(Path::new(&over)), None);
        assert_eq!(
            shell_path(Path::new("/tmp/my archive")).as_deref(),
            Some("'/tmp/my archive'")
        );
    }

    #[test]
    fn paths_in_prose_are_whole_up_to_the_longest_that_opens() {
        let long = format!("/tmp/{}", "d".repeat(200));
        assert_eq!(shown_path(Path::new(&long)), long);
        let huge = "a".repeat(120_000);
        assert_eq!(
            shown_path(Path::new(&huge)),
            format!("{}… (120000 characters)", "a".repeat(MAX_QUOTED_CHARS))
        );
    }

    /// Characters of several bytes are counted as characters and never cut in two.
    #[test]
    fn the_cut_is_on_a_character_boundary() {
        let value = format!("{}Ա{}", "ə".repeat(MAX_QUOTED_CHARS - 1), "ь".repeat(50));
        let shown = quoted(&value).to_string();
        assert_eq!(
            shown,
            format!(
                "\"{}Ա…\" ({} characters)",
                "ə".repeat(MAX_QUOTED_CHARS - 1),
                MAX_QUOTED_CHARS + 50
            )
        );
    }
}
