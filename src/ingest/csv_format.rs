//! CSV with a header row; every cell is read as a string, quoted fields may span lines.

use std::io::Read;

use serde_json::{Map, Value};

use super::{RawRecord, ReadProblem};

/// Returns the column names of a CSV input's header (none when the header cannot be read:
/// the records then start with that problem) and its records.
pub fn records(
    input: impl Read + 'static,
) -> (
    Vec<String>,
    impl Iterator<Item = Result<RawRecord, ReadProblem>>,
) {
    // Flexible: a row with the wrong number of fields is reported below as that row's
    // problem, and the reader goes on to the next row instead of stopping the file.
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let headers: Result<Vec<String>, ReadProblem> = match reader.byte_headers() {
        Ok(headers) => headers
            .iter()
            .enumerate()
            .map(|(column, header)| {
                std::str::from_utf8(header)
                    .map(|header| header.trim_start_matches('\u{FEFF}').trim().to_string())
                    .map_err(|_| ReadProblem {
                        line: 1,
                        field: None,
                        problem: format!("invalid UTF-8 in the header of column {}", column + 1),
                    })
            })
            .collect(),
        Err(error) => Err(ReadProblem {
            line: 1,
            field: None,
            problem: format!("invalid CSV header: {error}"),
        }),
    };
    let mut failed = false;
    let mut headers_error = headers.as_ref().err().cloned();
    let headers = headers.unwrap_or_default();
    let columns = headers.clone();
    let mut record = csv::ByteRecord::new();
    let records = std::iter::from_fn(move || {
        if let Some(problem) = headers_error.take() {
            failed = true;
            return Some(Err(problem));
        }
        if failed {
            return None;
        }
        match reader.read_byte_record(&mut record) {
            Ok(false) => None,
            Ok(true) => {
                let line = record.position().map_or(0, |position| position.line());
                if record.len() != headers.len() {
                    return Some(Err(ReadProblem {
                        line,
                        field: None,
                        problem: format!(
                            "found {} fields where the header has {} (an unbalanced quote?)",
                            record.len(),
                            headers.len()
                        ),
                    }));
                }
                let mut fields = Map::new();
                for (column, cell) in record.iter().enumerate() {
                    let name = headers
                        .get(column)
                        .cloned()
                        .unwrap_or_else(|| format!("column {}", column + 1));
                    match std::str::from_utf8(cell) {
                        Ok(text) => {
                            fields.insert(name, Value::String(text.to_string()));
                        }
                        Err(error) => {
                            return Some(Err(ReadProblem {
                                line,
                                field: Some(name),
                                problem: format!(
                                    "invalid UTF-8 at byte {} of the field",
                                    error.valid_up_to() + 1
                                ),
                            }))
                        }
                    }
                }
                Some(Ok(RawRecord { line, fields }))
            }
            Err(error) => {
                // Rows of the wrong length are not errors of a flexible reader: what is
                // left is a read error, after which the reader cannot go on.
                failed = true;
                let line = error.position().map_or(0, |position| position.line());
                Some(Err(ReadProblem {
                    line,
                    field: None,
                    problem: format!("invalid CSV: {error}"),
                }))
            }
        }
    });
    (columns, records)
}
