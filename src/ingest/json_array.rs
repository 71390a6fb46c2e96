//! A JSON array of objects: the file is read whole and checked once, then each object is
//! parsed when its turn comes, reported with the line it starts on.

use std::io::Read;

use serde_json::value::RawValue;

use super::{RawRecord, ReadProblem};

/// Returns the records of a JSON array input.
pub fn records(
    mut input: impl Read,
) -> std::io::Result<impl Iterator<Item = Result<RawRecord, ReadProblem>>> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes)?;
    Ok(ArrayRecords::new(bytes))
}

/// The objects of an array, parsed one at a time: parsed all at once, a 143 MB file held
/// 833 MB of values before the first was stored.
struct ArrayRecords {
    text: String,
    /// Where each item of the array starts and ends in `text`, in order.
    items: std::vec::IntoIter<(usize, usize)>,
    /// A problem of the whole input, reported as its one record.
    problem: Option<ReadProblem>,
    /// Newlines before `counted_to` are counted in `line`.
    counted_to: usize,
    line: u64,
}

impl ArrayRecords {
    fn new(bytes: Vec<u8>) -> ArrayRecords {
        let mut records = ArrayRecords {
            text: String::new(),
            items: Vec::new().into_iter(),
            problem: None,
            counted_to: 0,
            line: 1,
        };
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => {
                let valid = error.utf8_error().valid_up_to();
                let bytes = error.into_bytes();
                records.problem = Some(ReadProblem {
                    line: line_of(&bytes, valid),
                    field: None,
                    problem: "invalid UTF-8".into(),
                });
                return records;
            }
        };
        let start = if text.starts_with('\u{FEFF}') {
            '\u{FEFF}'.len_utf8()
        } else {
            0
        };
        let body = &text[start..];
        // Empty, blank and lone-BOM inputs add nothing, as in every other format.
        if body.trim().is_empty() {
            records.text = text;
            return records;
        }
        match serde_json::from_str::<Vec<&RawValue>>(body) {
            Ok(items) => {
                // A RawValue borrows from `body`: its address gives its place in the text.
                let base = text.as_ptr() as usize;
                records.items = items
                    .iter()
                    .map(|item| {
                        let offset = item.get().as_ptr() as usize - base;
                        (offset, offset + item.get().len())
                    })
                    .collect::<Vec<_>>()
                    .into_iter();
            }
            Err(error) => {
                let problem = if looks_like_json_lines(body.as_bytes()) {
                    "expected a JSON array of objects, found one object after another: \
                     JSON Lines (read it with --format jsonl)"
                        .to_string()
                } else if error.is_data() {
                    "expected a JSON array of objects".to_string()
                } else {
                    format!("invalid JSON: {error}")
                };
                records.problem = Some(ReadProblem {
                    line: error.line().max(1) as u64,
                    field: None,
                    problem,
                });
            }
        }
        records.text = text;
        records
    }
}

impl Iterator for ArrayRecords {
    type Item = Result<RawRecord, ReadProblem>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(problem) = self.problem.take() {
            return Some(Err(problem));
        }
        let (start, end) = self.items.next()?;
        self.line += self.text.as_bytes()[self.counted_to..start]
            .iter()
            .filter(|&&byte| byte == b'\n')
            .count() as u64;
        self.counted_to = start;
        let line = self.line;
        Some(super::json_object(&self.text[start..end], line))
    }
}

/// Returns true when `start` (the whole input, or its first block) looks like JSON Lines:
/// it begins with an object, and another object follows it. A JSON Lines file named
/// `.json` is read as an array, which it is not.
pub fn looks_like_json_lines(start: &[u8]) -> bool {
    let start = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start);
    let Some(first) = start.iter().position(|byte| !byte.is_ascii_whitespace()) else {
        return false;
    };
    if start[first] != b'{' {
        return false;
    }
    let mut values =
        serde_json::Deserializer::from_slice(&start[first..]).into_iter::<serde::de::IgnoredAny>();
    if !matches!(values.next(), Some(Ok(_))) {
        return false;
    }
    let after = first + values.byte_offset();
    start[after..]
        .iter()
        .find(|byte| !byte.is_ascii_whitespace())
        .is_some_and(|&byte| byte == b'{')
}

fn line_of(bytes: &[u8], offset: usize) -> u64 {
    1 + bytes[..offset]
        .iter()
        .filter(|&&byte| byte == b'\n')
        .count() as u64
}
