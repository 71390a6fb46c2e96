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

use std::ffi::OsStr;
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
/// nothing the shell would act on, else in single quotes, and any character a terminal
/// would not show as it is (a control, an invisible format character) as its bytes in
/// ANSI-C quotes (see [`shell_os_word`]). Never cut: a cut word in a command names
/// another file or searches for other words.
pub fn shell_word(word: &str) -> String {
    shell_os_word(OsStr::new(word))
}

/// Returns `word`, any bytes a Unix path may hold, as bash and zsh read it back as one
/// word naming the same bytes: what is UTF-8 and shows as it is, as [`shell_word`]
/// quotes it; each byte that is not UTF-8, and each byte of a character a terminal would
/// not show as it is (a control, which would reach the terminal raw, or an invisible
/// format character, which messages leave out), as `$'\xNN'` joined to the rest of the
/// word, as GNU `ls --quoting-style=shell-escape` writes a name: `/tmp/caf$'\xe9'`. A
/// path shown lossily (`caf\u{fffd}`) would name another file.
pub fn shell_os_word(word: &OsStr) -> String {
    let mut pieces = Vec::new();
    for chunk in word.as_encoded_bytes().utf8_chunks() {
        for character in chunk.valid().chars() {
            if crate::output::is_altered_when_shown(character) {
                let mut buffer = [0; 4];
                let bytes = character.encode_utf8(&mut buffer).bytes();
                pieces.extend(bytes.map(WordPiece::Escaped));
            } else {
                pieces.push(WordPiece::Shown(character));
            }
        }
        pieces.extend(chunk.invalid().iter().copied().map(WordPiece::Escaped));
    }
    let escaped = |piece: &WordPiece| matches!(piece, WordPiece::Escaped(_));
    if !pieces.iter().any(escaped) {
        return quoted_run(&word.to_string_lossy());
    }
    // Runs of each kind, side by side: the shell joins them into one word.
    let mut line = String::new();
    for run in pieces.chunk_by(|one, next| escaped(one) == escaped(next)) {
        if escaped(&run[0]) {
            line.push_str("$'");
            for piece in run {
                if let WordPiece::Escaped(byte) = piece {
                    let _ = write!(line, "\\x{byte:02x}");
                }
            }
            line.push('\'');
        } else {
            let text: String = run
                .iter()
                .filter_map(|piece| match piece {
                    WordPiece::Shown(character) => Some(*character),
                    WordPiece::Escaped(_) => None,
                })
                .collect();
            line.push_str(&quoted_run(&text));
        }
    }
    line
}

/// A part of a word a command suggests: a character shown as it is, or a byte written
/// escaped (see [`shell_os_word`]).
enum WordPiece {
    Shown(char),
    Escaped(u8),
}

/// Returns a run of characters that show as they are as a shell reads it back: as it is
/// when it holds nothing the shell would act on, else in single quotes.
///
/// `=` is plain inside a word (`--lang=ru`) but not at its start: zsh reads `=word` as
/// the path of the command `word` (its EQUALS option, on by default), or fails with "not
/// found". The other characters special at a word's start only, `~` (a home directory)
/// and `#` (a comment), are never plain.
fn quoted_run(run: &str) -> String {
    let plain = !run.is_empty()
        && !run.starts_with('=')
        && run
            .chars()
            .all(|c| c.is_alphanumeric() || "-_.,:/@+=%…".contains(c));
    match plain {
        true => run.to_string(),
        false => format!("'{}'", run.replace('\'', r"'\''")),
    }
}

/// Returns the command line of `words` as a shell reads it back, each word whole (see
/// [`shell_os_word`]), or None when a word is longer than [`MAX_COMMAND_WORD_CHARS`]: a
/// command is suggested whole or not at all.
pub fn command_line<S: AsRef<OsStr>>(words: &[S]) -> Option<String> {
    let mut line = Vec::with_capacity(words.len());
    for word in words {
        let word = word.as_ref();
        // Only a word longer in bytes than the limit can be longer in characters.
        if word.len() > MAX_COMMAND_WORD_CHARS
            && word.to_string_lossy().chars().count() > MAX_COMMAND_WORD_CHARS
        {
            return None;
        }
        line.push(shell_os_word(word));
    }
    Some(line.join(" "))
}

/// Returns `path` as one word of a suggested command (see [`shell_os_word`]: a path that
/// is not UTF-8 names the same bytes), or None when it is longer than any path that
/// opens ([`MAX_COMMAND_WORD_CHARS`]).
pub fn shell_path(path: &Path) -> Option<String> {
    command_line(&[path.as_os_str()])
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
        // Characters a shell acts on at a word's start only: zsh reads `=ls` as /bin/ls,
        // both shells `~x` as a home directory, and `#x` starts a comment.
        assert_eq!(shell_word("=ls"), "'=ls'");
        assert_eq!(shell_word("="), "'='");
        assert_eq!(shell_word("~x"), "'~x'");
        assert_eq!(shell_word("~"), "'~'");
        assert_eq!(shell_word("#x"), "'#x'");
        assert_eq!(shell_word("--lang=ru"), "--lang=ru");
        assert_eq!(shell_word("a=b"), "a=b");
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

    #[cfg(unix)]
    #[test]
    fn bytes_a_terminal_would_not_show_are_written_escaped() {
        use std::os::unix::ffi::OsStrExt;
        let word = |bytes: &[u8]| shell_os_word(OsStr::from_bytes(bytes));
        assert_eq!(word(b"caf\xe9"), r"caf$'\xe9'");
        assert_eq!(word(b"caf\xe9 x"), r"caf$'\xe9'' x'");
        assert_eq!(word(b"\xff\xfe"), r"$'\xff\xfe'");
        assert_eq!(word(b"a\nb"), r"a$'\x0a'b");
        assert_eq!(word(b"it's\x1b"), r"'it'\''s'$'\x1b'");
        // An invisible format character, which messages leave out, by its UTF-8 bytes.
        assert_eq!(shell_word("Pe\u{200f}skov"), r"Pe$'\xe2\x80\x8f'skov");
        assert_eq!(word(b""), "''");
        assert_eq!(word("café".as_bytes()), "café");
        assert_eq!(
            shell_path(Path::new(OsStr::from_bytes(b"/tmp/\xe9"))).as_deref(),
            Some(r"/tmp/$'\xe9'")
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
