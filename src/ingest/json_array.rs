//! A JSON array of objects, read whole: each object is reported with the line it starts on.

use std::io::Read;

use serde_json::value::RawValue;
use serde_json::Value;

use super::{RawRecord, ReadProblem};

/// Returns the records of a JSON array input.
pub fn records(
    mut input: impl Read,
) -> std::io::Result<impl Iterator<Item = Result<RawRecord, ReadProblem>>> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes)?;
    Ok(parse(bytes).into_iter())
}

fn parse(bytes: Vec<u8>) -> Vec<Result<RawRecord, ReadProblem>> {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let bytes = error.into_bytes();
            let line = line_of(&bytes, valid);
            return vec![Err(ReadProblem {
                line,
                field: None,
                problem: "invalid UTF-8".into(),
            })];
        }
    };
    let body = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    let items: Vec<&RawValue> = match serde_json::from_str(body) {
        Ok(items) => items,
        Err(error) => {
            let problem = if error.is_data() {
                "expected a JSON array of objects".to_string()
            } else {
                format!("invalid JSON: {error}")
            };
            return vec![Err(ReadProblem {
                line: error.line().max(1) as u64,
                field: None,
                problem,
            })];
        }
    };
    let base = body.as_ptr() as usize;
    let mut records = Vec::with_capacity(items.len());
    let (mut counted_to, mut line) = (0usize, 1u64);
    for item in items {
        // RawValue borrows from `body`, so its address gives its offset in the input.
        let offset = item.get().as_ptr() as usize - base;
        line += body.as_bytes()[counted_to..offset]
            .iter()
            .filter(|&&byte| byte == b'\n')
            .count() as u64;
        counted_to = offset;
        records.push(match serde_json::from_str::<Value>(item.get()) {
            Ok(Value::Object(fields)) => Ok(RawRecord { line, fields }),
            Ok(other) => Err(ReadProblem {
                line,
                field: None,
                problem: format!("expected a JSON object, found {}", super::type_name(&other)),
            }),
            Err(error) => Err(ReadProblem {
                line,
                field: None,
                problem: format!("invalid JSON: {error}"),
            }),
        });
    }
    records
}

fn line_of(bytes: &[u8], offset: usize) -> u64 {
    1 + bytes[..offset]
        .iter()
        .filter(|&&byte| byte == b'\n')
        .count() as u64
}
