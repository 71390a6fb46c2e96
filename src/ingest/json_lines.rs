//! JSON Lines: one object per line, read as a stream so that files larger than memory work.
//!
//! A file of JSON Lines may go on with objects over several lines, as `jq .` prints them
//! (records appended to it from another tool's output): from the first line that is an
//! opening brace alone, which no line of JSON Lines can be, the rest is read as objects
//! one after another (`json_stream`), which takes both shapes. Read line by line, each line
//! of those objects was an invalid record. Up to there a line stays a record of its own,
//! so that one broken line (a brace missing) is that line's problem and no more.

use std::io::BufRead;

use serde_json::{Map, Value};

use super::{field_with_replacement, RawRecord, ReadProblem};

/// Returns the records of a JSON Lines input; blank lines are skipped. From a line that
/// is an opening brace alone on, the input is read as objects one after another (see
/// the module's comment).
pub fn records(
    input: impl BufRead + 'static,
) -> impl Iterator<Item = Result<RawRecord, ReadProblem>> {
    let mut input = Some(input);
    let mut objects: Option<Box<dyn Iterator<Item = Result<RawRecord, ReadProblem>>>> = None;
    let mut line_number = 0u64;
    let mut buffer = Vec::new();
    let mut finished = false;
    std::iter::from_fn(move || loop {
        if let Some(objects) = &mut objects {
            return objects.next();
        }
        let reader = input.as_mut()?;
        if finished {
            return None;
        }
        buffer.clear();
        line_number += 1;
        match reader.read_until(b'\n', &mut buffer) {
            Ok(0) => {
                finished = true;
                return None;
            }
            Ok(_) => {}
            Err(error) => {
                finished = true;
                return Some(Err(ReadProblem {
                    line: line_number,
                    field: None,
                    problem: format!("read error: {error}"),
                }));
            }
        }
        let bytes = trim_line(&buffer);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if bytes.trim_ascii() == b"{" {
            // The reader the line came from: there until now.
            let rest = input.take()?;
            // The brace read goes back in front of the rest, on its line (the last one of
            // the input when no line break ends it).
            let brace: &[u8] = match buffer.ends_with(b"\n") {
                true => b"{\n",
                false => b"{",
            };
            let brace = std::io::Cursor::new(brace);
            objects = Some(Box::new(super::json_stream::records_from(
                std::io::Read::chain(brace, rest),
                line_number,
            )));
            continue;
        }
        return Some(parse_record(bytes, line_number));
    })
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
        Some(SpreadOverLines::Array)
    } else if line.trim_ascii() == b"{" {
        Some(SpreadOverLines::Objects)
    } else {
        None
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
}
