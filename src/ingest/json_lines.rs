//! JSON Lines: one object per line, read as a stream so that files larger than memory work.
//!
//! A file of JSON Lines may go on with objects over several lines, as `jq .` prints them
//! (records appended to it from another tool's output): from the first line that is an
//! opening brace alone, which no whole line of JSON Lines can be, followed by an object's
//! first key, the rest is read as objects one after another (`json_stream`), which takes
//! both shapes. Read line by line, each line of those objects was an invalid record. Up
//! to there a line stays a record of its own, so that one broken line (a brace missing)
//! is that line's problem and no more; a line cut short after its brace, followed by
//! another line of JSON Lines, is one too. After the change, a line of JSON Lines still
//! ends with its line, valid or not (`json_stream::records_from`).

use std::io::BufRead;

use serde_json::{Map, Value};

use super::{field_with_replacement, RawRecord, ReadProblem};

/// Returns the records of a JSON Lines input; blank lines are skipped. From a line that
/// is an opening brace alone on, when the next line that is not blank goes on with an
/// object (see [`opens_object_over_lines`]), the input is read as objects one after
/// another (see the module's comment).
pub fn records(
    input: impl BufRead + 'static,
) -> impl Iterator<Item = Result<RawRecord, ReadProblem>> {
    let mut input = Some(input);
    let mut objects: Option<Box<dyn Iterator<Item = Result<RawRecord, ReadProblem>>>> = None;
    let mut line_number = 0u64;
    let mut buffer = Vec::new();
    // A line read ahead after a brace alone that turned out not to open an object over
    // several lines: the next line to read, already in `buffer`.
    let mut pending = false;
    let mut finished = false;
    std::iter::from_fn(move || loop {
        if let Some(objects) = &mut objects {
            return objects.next();
        }
        let reader = input.as_mut()?;
        if !pending {
            if finished {
                return None;
            }
            match read_line(reader, &mut buffer, &mut line_number) {
                Ok(true) => {}
                Ok(false) => {
                    finished = true;
                    return None;
                }
                Err(problem) => {
                    finished = true;
                    return Some(Err(problem));
                }
            }
        }
        pending = false;
        let bytes = trim_line(&buffer);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if bytes.trim_ascii() == b"{" {
            let brace_line = line_number;
            let brace_ended = buffer.ends_with(b"\n");
            // The lines after it up to one that is not blank: they tell a record `jq .`
            // printed from a line of JSON Lines cut short after its brace.
            let mut after = Vec::new();
            let mut next = Vec::new();
            let read = loop {
                match read_line(reader, &mut next, &mut line_number) {
                    Ok(true) if trim_line(&next).iter().all(u8::is_ascii_whitespace) => {
                        after.extend_from_slice(&next);
                    }
                    other => break other,
                }
            };
            let broken_line = match &read {
                Ok(true) => !opens_object_over_lines(trim_line(&next)),
                // At the input's end the brace opens a value that never closes, as the
                // stream of objects tells; after a read error, the error follows it.
                Ok(false) | Err(_) => false,
            };
            if broken_line {
                // A line of its own, at fault as one; the line read after it comes next.
                buffer = next;
                pending = true;
                return Some(parse_record(b"{", brace_line));
            }
            if let Err(problem) = read {
                finished = true;
                return Some(Err(problem));
            }
            // The reader the lines came from: there until now.
            let rest = input.take()?;
            // The lines read go back in front of the rest, on their lines (the brace's the
            // last one of the input when no line break ends it).
            let mut start = match brace_ended {
                true => b"{\n".to_vec(),
                false => b"{".to_vec(),
            };
            start.extend_from_slice(&after);
            start.extend_from_slice(&next);
            objects = Some(Box::new(super::json_stream::records_from(
                std::io::Read::chain(std::io::Cursor::new(start), rest),
                brace_line,
            )));
            continue;
        }
        return Some(parse_record(bytes, line_number));
    })
}

/// Reads the next line of `reader` into `buffer` (cleared first), counting it in
/// `line_number`; returns false at the input's end.
fn read_line(
    reader: &mut impl BufRead,
    buffer: &mut Vec<u8>,
    line_number: &mut u64,
) -> Result<bool, ReadProblem> {
    buffer.clear();
    *line_number += 1;
    match reader.read_until(b'\n', buffer) {
        Ok(0) => Ok(false),
        Ok(_) => Ok(true),
        Err(error) => Err(ReadProblem {
            line: *line_number,
            field: None,
            problem: format!("read error: {error}"),
        }),
    }
}

/// Returns true when `line`, the first one that is not blank after an opening brace alone,
/// goes on with an object spread over lines: its first key (`"text": …`) or its closing
/// brace. A line of JSON Lines (`{"text": …}`) does not: the brace before it was a line
/// of its own cut short, not the start of a record over several lines, which read as one
/// would take in every line after it.
fn opens_object_over_lines(line: &[u8]) -> bool {
    matches!(line.trim_ascii_start().first(), Some(b'"' | b'}'))
}

/// How an input's first block shows it to hold JSON spread over lines, which no line of
/// JSON Lines can be: read as JSON Lines, each of its lines would be an invalid record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpreadOverLines {
    /// An array (`[`).
    Array,
    /// An object whose first line is its opening brace alone, as `jq .` prints one:
    /// objects one after another, each over several lines.
    Objects,
}

/// Returns how `start` (an input's first block) holds JSON spread over lines, if it does.
pub fn spread_over_lines(start: &[u8]) -> Option<SpreadOverLines> {
    let start = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start);
    let first = start.iter().position(|byte| !byte.is_ascii_whitespace())?;
    let line = start[first..]
        .split(|&byte| byte == b'\n')
        .next()
        .unwrap_or_default();
    if line.first() == Some(&b'[') {
        return Some(SpreadOverLines::Array);
    }
    if line.trim_ascii() != b"{" {
        return None;
    }
    // A brace alone followed by a line of JSON Lines is a first line cut short (see
    // `records`); past the block's end, the brace is taken to open an object.
    let next = start[first..]
        .split(|&byte| byte == b'\n')
        .skip(1)
        .map(trim_line)
        .find(|line| !line.iter().all(u8::is_ascii_whitespace));
    match next {
        Some(next) if !opens_object_over_lines(next) => None,
        _ => Some(SpreadOverLines::Objects),
    }
}

fn trim_line(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line)
}

/// Parses the bytes of one record, a line of JSON Lines or an object of a stream (see
/// `json_stream`) that starts on `line`.
pub(super) fn parse_record(bytes: &[u8], line: u64) -> Result<RawRecord, ReadProblem> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            // Read with replacement characters, a record whose field is not UTF-8 is still
            // checked whole: every problem of it at once, as a CSV record's.
            let problem = invalid_utf8(bytes, line, &error);
            let Some(field) = problem.field.clone() else {
                return Err(problem);
            };
            let mut record = super::json_object(&String::from_utf8_lossy(bytes), line)?;
            record.unreadable.push((field, problem.problem));
            return Ok(record);
        }
    };
    // From the checked text: parsing bytes would check every string's UTF-8 again.
    super::json_object(text, line)
}

/// The problem of a record that is not UTF-8, naming the field it is in when the rest of
/// the record can be read, and where its first invalid byte is: in its line, or for a
/// record over several lines, in which of them.
fn invalid_utf8(bytes: &[u8], line: u64, error: &std::str::Utf8Error) -> ReadProblem {
    let lossy = String::from_utf8_lossy(bytes);
    let field = serde_json::from_str::<Map<String, Value>>(&lossy)
        .ok()
        .and_then(|fields| field_with_replacement(&fields));
    let before = &bytes[..error.valid_up_to()];
    let place = match before.iter().rposition(|&byte| byte == b'\n') {
        None if !bytes.contains(&b'\n') => format!("byte {} of the line", before.len() + 1),
        None => format!("byte {} of line {line}", before.len() + 1),
        Some(newline) => format!(
            "byte {} of line {}",
            before.len() - newline,
            line + before.iter().filter(|&&byte| byte == b'\n').count() as u64
        ),
    };
    ReadProblem {
        line,
        field,
        problem: format!("{} at {place}", super::INVALID_UTF8),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line each record of `input` is on, or the line of its problem, negated.
    fn lines(input: &str) -> Vec<i64> {
        records(std::io::Cursor::new(input.as_bytes().to_vec()))
            .map(|record| match record {
                Ok(record) => record.line as i64,
                Err(problem) => -(problem.line as i64),
            })
            .collect()
    }

    #[test]
    fn objects_over_several_lines_after_json_lines_are_read_on_their_lines() {
        let compact = "{\"a\": 1}\n";
        let pretty = "{\n  \"a\": 1\n}\n";
        assert_eq!(lines(&[compact, pretty, compact].concat()), [1, 2, 5]);
        assert_eq!(
            lines(&[compact, "\r\n", pretty, pretty].concat()),
            [1, 3, 6]
        );
        // A brace alone that ends the input opens a value that never closes: its problem
        // is where the input ends, as the stream of objects names it (its message names
        // the line the value opens on), never past the input's last line.
        assert_eq!(lines(&[compact, "{"].concat()), [1, -2]);
        assert_eq!(lines(&[compact, "{\n"].concat()), [1, -3]);
        // Before the change, a broken line is its own problem alone.
        assert_eq!(lines(&["{\"a\": \n", compact].concat()), [-1, 2]);
    }

    /// A line of JSON Lines cut short after its brace read as the start of objects over
    /// several lines: the brace's value took in every line after it, one problem for the
    /// rest of the file.
    #[test]
    fn a_brace_alone_before_a_line_of_json_lines_is_that_line_at_fault() {
        let compact = "{\"a\": 1}\n";
        assert_eq!(
            lines(&[compact, "{\n", compact, compact].concat()),
            [1, -2, 3, 4]
        );
        assert_eq!(lines(&["{\n", compact, compact].concat()), [-1, 2, 3]);
        assert_eq!(lines(&["{\n", "\n", compact].concat()), [-1, 3]);
        // Two in a row, each its own line.
        assert_eq!(lines(&["{\n", "{\n", compact].concat()), [-1, -2, 3]);
        // One that opens a record over several lines is read as one, on its line.
        let pretty = "{\n\n  \"a\": 1\n}\n";
        assert_eq!(lines(&["{\n", pretty, compact].concat()), [-1, 2, 6]);
        let problem = records(std::io::Cursor::new(["{\n", compact].concat().into_bytes()))
            .next()
            .and_then(Result::err)
            .map(|problem| problem.problem);
        assert_eq!(
            problem.as_deref(),
            Some("invalid JSON: EOF while parsing an object at column 1")
        );
    }

    /// After objects over several lines began, a line of JSON Lines missing a brace or a
    /// quote took in the records after it; it is the one line's problem.
    #[test]
    fn a_broken_line_after_objects_over_several_lines_is_that_line_at_fault() {
        let compact = "{\"a\": 1}\n";
        let pretty = "{\n  \"a\": 1\n}\n";
        for broken in ["{\"a\": 1\n", "{\"a\": \"x}\n", "{\"a\": [1}\n"] {
            assert_eq!(
                lines(&[compact, pretty, broken, compact, pretty].concat()),
                [1, 2, -5, 6, 7],
                "{broken:?}"
            );
        }
    }

    #[test]
    fn a_brace_alone_opens_objects_only_before_a_key() {
        let spread = |start: &str| spread_over_lines(start.as_bytes());
        assert_eq!(spread("{\n  \"a\": 1\n}\n"), Some(SpreadOverLines::Objects));
        assert_eq!(spread("{\n}\n"), Some(SpreadOverLines::Objects));
        assert_eq!(spread("{\n"), Some(SpreadOverLines::Objects));
        assert_eq!(spread("{\n\n{\"a\": 1}\n"), None);
        assert_eq!(spread("{\"a\": 1}\n"), None);
        assert_eq!(spread("[\n"), Some(SpreadOverLines::Array));
    }
}
