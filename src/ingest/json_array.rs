//! A JSON array of objects: the file is read whole and checked once, then each object is
//! parsed when its turn comes, reported with the line it starts on. (Objects not in an
//! array, one or many, are read by `json_stream`.)

use std::io::Read;

use serde_json::value::RawValue;

use super::{type_name, IngestError, RawRecord, ReadProblem};

/// Returns the records of a JSON array input, or why the input as a whole cannot give
/// any: it is not UTF-8, not JSON, or not an array. Such a problem is the
/// file's, not a record's, and storing "the valid records" of it would store none.
pub fn records(
    mut input: impl Read,
    file: &str,
) -> Result<impl Iterator<Item = Result<RawRecord, ReadProblem>>, IngestError> {
    let mut bytes = Vec::new();
    input
        .read_to_end(&mut bytes)
        .map_err(|source| IngestError::Io {
            file: file.to_string(),
            source,
        })?;
    ArrayRecords::new(bytes, file)
}

/// The objects of an array, parsed one at a time: parsed all at once, a 143 MB file held
/// 833 MB of values before the first was stored.
struct ArrayRecords {
    text: String,
    /// Where each item of the array starts and ends in `text`, in order.
    items: std::vec::IntoIter<(usize, usize)>,
    /// Newlines before `counted_to` are counted in `line`.
    counted_to: usize,
    line: u64,
}

impl ArrayRecords {
    fn new(bytes: Vec<u8>, file: &str) -> Result<ArrayRecords, IngestError> {
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => {
                let valid = error.utf8_error().valid_up_to();
                return Err(IngestError::NotUtf8 {
                    file: file.to_string(),
                    line: line_of(error.as_bytes(), valid),
                });
            }
        };
        let mut records = ArrayRecords {
            text: String::new(),
            items: Vec::new().into_iter(),
            counted_to: 0,
            line: 1,
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
            return Ok(records);
        }
        let invalid = |line: usize, problem: String| IngestError::InvalidJson {
            file: file.to_string(),
            line: line.max(1) as u64,
            problem,
        };
        let items: Vec<&RawValue> = match serde_json::from_str(body) {
            Ok(items) => items,
            // Not an array: said as it is (objects are read by `json_stream`).
            Err(_) => match serde_json::from_str::<&RawValue>(body) {
                Ok(whole) => {
                    let before = body[..whole.get().as_ptr() as usize - body.as_ptr() as usize]
                        .matches('\n')
                        .count();
                    let found = serde_json::from_str::<serde_json::Value>(whole.get())
                        .map_or("something else", |value| type_name(&value));
                    return Err(invalid(
                        before + 1,
                        format!("expected a JSON array of objects, or objects one after another, found {found}"),
                    ));
                }
                Err(error) => return Err(invalid(error.line(), format!("invalid JSON: {error}"))),
            },
        };
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
        records.text = text;
        Ok(records)
    }
}

impl Iterator for ArrayRecords {
    type Item = Result<RawRecord, ReadProblem>;

    fn next(&mut self) -> Option<Self::Item> {
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

/// Returns the key and the length of the array of objects that the object `object`
/// wraps when it has no record field: an API's export (`{"data": [{…}, …]}`,
/// `{"results": …}`) read as one record would be a record missing every field.
pub(super) fn wrapped_records(object: &str) -> Option<(String, usize)> {
    let keys: std::collections::BTreeMap<String, &RawValue> = serde_json::from_str(object).ok()?;
    if keys.keys().any(|key| super::field_name(key).is_some()) {
        return None;
    }
    let mut arrays = keys.iter().filter_map(|(key, value)| {
        let items: Vec<&RawValue> = serde_json::from_str(value.get()).ok()?;
        let objects = !items.is_empty() && items.iter().all(|item| item.get().starts_with('{'));
        objects.then(|| (key.clone(), items.len()))
    });
    // Two arrays of objects: which one holds the records would be a guess.
    match (arrays.next(), arrays.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

fn line_of(bytes: &[u8], offset: usize) -> u64 {
    1 + bytes[..offset]
        .iter()
        .filter(|&&byte| byte == b'\n')
        .count() as u64
}
