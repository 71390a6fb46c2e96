//! Values quoted in messages: a readable prefix of a long one, not the whole of it.
//!
//! Errors, hints and status lines quote what the user gave or what a file holds (a
//! speaker, a country, a date, a column). Such a value can be a whole pasted document
//! or a field a broken scraper filled with 200 KB: quoted whole, it floods the terminal
//! and buries the message around it. Every message that quotes a value goes through
//! [`quoted`] (or [`excerpt`] where it is listed without quotes), which keeps the first
//! [`MAX_QUOTED_CHARS`] characters and says how long the value is.

use std::fmt;

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

/// Returns `word` as a shell reads it back as one word: as it is when it holds nothing
/// the shell would act on, else in single quotes. A long one is cut, as messages cut
/// values.
pub fn shell_word(word: &str) -> String {
    let word = excerpt(word).to_string();
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || "-_.,:/@+=%…".contains(c));
    match plain {
        true => word,
        false => format!("'{}'", word.replace('\'', r"'\''")),
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
            None => write!(f, "{:?}", self.0),
            Some((start, length)) => {
                write!(f, "{:?} ({length} characters)", format!("{start}…"))
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
