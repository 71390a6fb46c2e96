//! CSV (or TSV) with a header row; every cell is read as a string, quoted fields may span
//! lines.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::Read;
use std::rc::Rc;

use serde_json::{Map, Value};

use super::{RawRecord, ReadProblem, FIELDS};

/// Returns the delimiter of a CSV input whose first bytes are `start`: of a comma, a
/// semicolon, a tab and a bar, the one its header line holds most often outside quotes,
/// a comma when it holds none of them or as many of another. Spreadsheets in much of
/// Europe and in Russia save "CSV" with semicolons, as their decimal separator is a comma;
/// read with commas such a file is one column named `text;speaker;date`.
pub fn delimiter(start: &[u8]) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    let mut counts = [0usize; CANDIDATES.len()];
    let mut quoted = false;
    for &byte in start {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if quoted => {}
            _ => {
                if let Some(candidate) = CANDIDATES.iter().position(|&other| other == byte) {
                    counts[candidate] += 1;
                }
            }
        }
    }
    // The first of the most frequent: a comma wins every tie.
    let mut best = 0;
    for candidate in 1..CANDIDATES.len() {
        if counts[candidate] > counts[best] {
            best = candidate;
        }
    }
    CANDIDATES[best]
}

/// Returns the column names of a CSV input's header (none when the header cannot be read:
/// the records then start with that problem) and its records.
pub fn records(
    input: impl Read + 'static,
    delimiter: u8,
) -> (
    Vec<String>,
    impl Iterator<Item = Result<RawRecord, ReadProblem>>,
) {
    // Flexible: a row with the wrong number of fields is reported below as that row's
    // problem, and the reader goes on to the next row instead of stopping the file.
    let line_ends = Rc::new(RefCell::new(LineEnds::default()));
    let input = LineEndReader {
        inner: input,
        line_ends: Rc::clone(&line_ends),
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(input);
    let headers: Result<Vec<String>, ReadProblem> = match reader.byte_headers() {
        Ok(headers) => headers
            .iter()
            .enumerate()
            .map(|(column, header)| {
                std::str::from_utf8(header)
                    .map(|header| {
                        let header = header.trim_start_matches('\u{FEFF}').trim();
                        // Spreadsheets capitalise headers ("Text", "SPEAKER"): a field's
                        // name is recognised in any case.
                        let lower = header.to_lowercase();
                        if FIELDS.contains(&lower.as_str()) {
                            lower
                        } else {
                            header.to_string()
                        }
                    })
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
                let line = record.position().map_or(0, |position| {
                    line_ends.borrow_mut().line_at(position.byte())
                });
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

/// Where the line ends of the input read so far are, to tell the line a record starts on.
///
/// The csv reader's own line count is taken where the previous record ended: before the
/// `\n` of a CRLF line end and before blank lines, which it skips as part of the next
/// record, so in a Windows file every record was reported one line too early.
#[derive(Debug, Default)]
struct LineEnds {
    /// Offsets and bytes of the `\r` and `\n` read and not yet behind a record's start.
    ends: VecDeque<(u64, u8)>,
    /// The `\n` bytes before the first of `ends`.
    lines_before: u64,
    /// The bytes read so far.
    read: u64,
}

impl LineEnds {
    /// Returns the line of the first byte at or after `offset` that is not a line end:
    /// where the record the reader starts at `offset` really starts. Offsets must not
    /// decrease from one call to the next (records are read in order).
    fn line_at(&mut self, offset: u64) -> u64 {
        while let Some(&(at, byte)) = self.ends.front() {
            if at >= offset {
                break;
            }
            self.lines_before += u64::from(byte == b'\n');
            self.ends.pop_front();
        }
        // The line ends right at `offset`, one after another, come before the record.
        let line_ends_before = (offset..)
            .zip(&self.ends)
            .take_while(|&(next, &(at, _))| at == next)
            .filter(|&(_, &(_, byte))| byte == b'\n')
            .count() as u64;
        self.lines_before + 1 + line_ends_before
    }
}

/// The input, noting every line end that passes through on its way to the csv reader.
struct LineEndReader<R> {
    inner: R,
    line_ends: Rc<RefCell<LineEnds>>,
}

impl<R: Read> Read for LineEndReader<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let count = self.inner.read(buffer)?;
        let mut line_ends = self.line_ends.borrow_mut();
        let start = line_ends.read;
        for (position, &byte) in buffer[..count].iter().enumerate() {
            if byte == b'\n' || byte == b'\r' {
                line_ends.ends.push_back((start + position as u64, byte));
            }
        }
        line_ends.read += count as u64;
        Ok(count)
    }
}
