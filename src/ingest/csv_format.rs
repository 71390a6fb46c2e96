//! CSV (or TSV) with a header row; every cell is read as a string, quoted fields may span
//! lines.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::Read;
use std::rc::Rc;

use serde_json::{Map, Value};

use super::{RawRecord, ReadProblem, FIELDS};
use crate::quote::excerpt;

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

/// Why a CSV input's header cannot be read: the input is then refused before any record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderProblem {
    /// A column's name is not UTF-8: the whole file is in another encoding, most often a
    /// Windows code page (UTF-16 is refused before the header is read).
    #[error("invalid UTF-8 in the header of column {column}")]
    NotUtf8 { column: usize },
    /// The header line is not CSV the reader understands.
    #[error("{0}")]
    Malformed(String),
}

/// The column names of a CSV input's header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    /// Each column's name as records are keyed by it: a field's name in lower case,
    /// whatever its case in the file, any other name as written.
    pub names: Vec<String>,
    /// Each column's name as the file writes it (trimmed), for messages: a user looking
    /// for the column "date" in a header that says "Date" would not find it.
    pub written: Vec<String>,
}

/// Returns the header of a CSV input, or why it cannot be read, and its records (none
/// when the header cannot be read).
pub fn records(
    input: impl Read + 'static,
    delimiter: u8,
) -> (
    Result<Header, HeaderProblem>,
    impl Iterator<Item = Result<RawRecord, ReadProblem>>,
) {
    // Flexible: a row with the wrong number of fields is reported below as that row's
    // problem, and the reader goes on to the next row instead of stopping the file.
    let scan = Rc::new(RefCell::new(Scan::new(delimiter)));
    let input = ScanningReader {
        inner: input,
        scan: Rc::clone(&scan),
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(input);
    let headers: Result<Header, HeaderProblem> = match reader.byte_headers().cloned() {
        Ok(headers) => {
            let end = reader.position().byte();
            let misquoted = scan.borrow_mut().misquoted_before(end);
            let written: Result<Vec<String>, HeaderProblem> = headers
                .iter()
                .enumerate()
                .map(|(column, header)| {
                    std::str::from_utf8(header)
                        .map(|header| header.trim_start_matches('\u{FEFF}').trim().to_string())
                        .map_err(|_| HeaderProblem::NotUtf8 { column: column + 1 })
                })
                .collect();
            let names = written.map(|written| Header {
                names: written
                    .iter()
                    .map(|header| {
                        // Spreadsheets capitalise headers ("Text", "SPEAKER"): a field's
                        // name is recognised in any case.
                        let lower = header.to_lowercase();
                        if FIELDS.contains(&lower.as_str()) {
                            lower
                        } else {
                            header.clone()
                        }
                    })
                    .collect(),
                written,
            });
            match (names, misquoted) {
                (Ok(_), Some(misquoted)) => {
                    let cell = headers.get(misquoted.field).unwrap_or_default();
                    Err(HeaderProblem::Malformed(format!(
                        "column {}: {}",
                        misquoted.field + 1,
                        misquoted.problem(cell)
                    )))
                }
                (names, _) => names,
            }
        }
        Err(error) => Err(HeaderProblem::Malformed(format!(
            "invalid CSV header: {error}"
        ))),
    };
    let header = headers;
    let headers = header.clone().unwrap_or_default().names;
    let mut failed = header.is_err();
    let mut record = csv::ByteRecord::new();
    let records = std::iter::from_fn(move || {
        if failed {
            return None;
        }
        match reader.read_byte_record(&mut record) {
            Ok(false) => None,
            Ok(true) => {
                let line = record
                    .position()
                    .map_or(0, |position| scan.borrow_mut().line_at(position.byte()));
                let end = reader.position().byte();
                if let Some(misquoted) = scan.borrow_mut().misquoted_before(end) {
                    let name = headers
                        .get(misquoted.field)
                        .cloned()
                        .unwrap_or_else(|| format!("column {}", misquoted.field + 1));
                    return Some(Err(ReadProblem {
                        line,
                        field: Some(name),
                        problem: misquoted.problem(record.get(misquoted.field).unwrap_or_default()),
                    }));
                }
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
                                    "{} at byte {} of the field",
                                    super::INVALID_UTF8,
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
                // A read error (damaged gzip data) has no position of its own: it is in
                // the record the reader had reached.
                let line = match error.position() {
                    Some(position) => position.line(),
                    None => scan.borrow_mut().line_at(reader.position().byte()),
                };
                let problem = match error.kind() {
                    csv::ErrorKind::Io(error) => format!("read error: {error}"),
                    _ => format!("invalid CSV: {error}"),
                };
                Some(Err(ReadProblem {
                    line,
                    field: None,
                    problem,
                }))
            }
        }
    });
    (header, records)
}

/// A field that opened with a quote and went on after its closing quote (`"quoted" word`).
///
/// The csv reader takes such a field as the quoted part followed by the rest, its quotes
/// dropped (`quoted word`), as Python's csv module does unless strict: text altered in
/// silence. Python's strict mode, and sqlite3's `.import` with a warning, refuse it; so
/// does ingest, naming the field and how to write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Misquoted {
    /// The offset of the byte after the closing quote.
    offset: u64,
    /// The field's position in its record, from 0.
    field: usize,
    /// The bytes of the field's value inside its quotes (a doubled quote counts once).
    quoted_length: usize,
}

impl Misquoted {
    /// Describes the problem of the field whose value the csv reader made `cell`: the
    /// field as the file has it, and as it should be written to keep its quotes.
    fn problem(&self, cell: &[u8]) -> String {
        let cell = String::from_utf8_lossy(cell);
        let split = (0..=self.quoted_length.min(cell.len()))
            .rev()
            .find(|&at| cell.is_char_boundary(at))
            .unwrap_or(0);
        let (inside, after) = cell.split_at(split);
        let as_written = format!("\"{}\"{after}", inside.replace('"', "\"\""));
        let to_write = format!("\"{}\"", as_written.replace('"', "\"\""));
        format!(
            "the quoted field `{}` goes on after its closing quote; a field that starts \
             with a quote must end with it, and a quote inside a quoted field is written \
             twice: `{}` keeps the quotes",
            excerpt(&as_written),
            excerpt(&to_write)
        )
    }
}

/// Where in the field the reader of the input is, as the csv reader reads it (RFC 4180
/// quoting: a quote opens a field only as its first byte, two quotes inside are one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quoting {
    /// At the start of a field.
    FieldStart,
    /// Inside a field that did not open with a quote: a quote is text.
    Unquoted,
    /// Inside a quoted field.
    Quoted,
    /// Right after a quote inside a quoted field: the closing one, or the first of two.
    QuoteInQuoted,
}

/// What is known of the input read so far: where its line ends are, to tell the line a
/// record starts on, and its misquoted fields.
///
/// The csv reader's own line count is taken where the previous record ended: before the
/// `\n` of a CRLF line end and before blank lines, which it skips as part of the next
/// record, so in a Windows file every record was reported one line too early.
#[derive(Debug)]
struct Scan {
    /// Offsets and bytes of the `\r` and `\n` read and not yet behind a record's start.
    ends: VecDeque<(u64, u8)>,
    /// The `\n` bytes before the first of `ends`.
    lines_before: u64,
    /// The bytes read so far.
    read: u64,
    delimiter: u8,
    quoting: Quoting,
    /// The position of the current field in its record, from 0.
    field: usize,
    /// The bytes of the current quoted field's value so far.
    quoted_length: usize,
    /// The misquoted fields read and not yet reported, in order.
    misquoted: VecDeque<Misquoted>,
}

impl Scan {
    fn new(delimiter: u8) -> Scan {
        Scan {
            ends: VecDeque::new(),
            lines_before: 0,
            read: 0,
            delimiter,
            quoting: Quoting::FieldStart,
            field: 0,
            quoted_length: 0,
            misquoted: VecDeque::new(),
        }
    }

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

    /// Returns the first misquoted field before `end` (the end of the record just read),
    /// forgetting every one before it: one problem per record is reported.
    fn misquoted_before(&mut self, end: u64) -> Option<Misquoted> {
        let first = self
            .misquoted
            .front()
            .copied()
            .filter(|found| found.offset < end)?;
        while self
            .misquoted
            .front()
            .is_some_and(|found| found.offset < end)
        {
            self.misquoted.pop_front();
        }
        Some(first)
    }

    /// Follows the bytes `bytes`, which start at offset `start` of the input.
    fn follow(&mut self, start: u64, bytes: &[u8]) {
        // The csv reader skips a UTF-8 byte order mark at the start of the input.
        let bom = if start == 0 && bytes.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        for (position, &byte) in bytes.iter().enumerate() {
            let offset = start + position as u64;
            let line_end = byte == b'\n' || byte == b'\r';
            if line_end {
                self.ends.push_back((offset, byte));
            }
            if offset < bom {
                continue;
            }
            self.quoting = match (self.quoting, byte) {
                (Quoting::FieldStart | Quoting::Unquoted, _) if byte == self.delimiter => {
                    self.field += 1;
                    Quoting::FieldStart
                }
                (Quoting::FieldStart | Quoting::Unquoted, _) if line_end => {
                    self.field = 0;
                    Quoting::FieldStart
                }
                (Quoting::FieldStart, b'"') => {
                    self.quoted_length = 0;
                    Quoting::Quoted
                }
                (Quoting::FieldStart | Quoting::Unquoted, _) => Quoting::Unquoted,
                (Quoting::Quoted, b'"') => Quoting::QuoteInQuoted,
                (Quoting::Quoted, _) => {
                    self.quoted_length += 1;
                    Quoting::Quoted
                }
                (Quoting::QuoteInQuoted, b'"') => {
                    self.quoted_length += 1;
                    Quoting::Quoted
                }
                (Quoting::QuoteInQuoted, _) if byte == self.delimiter => {
                    self.field += 1;
                    Quoting::FieldStart
                }
                (Quoting::QuoteInQuoted, _) if line_end => {
                    self.field = 0;
                    Quoting::FieldStart
                }
                (Quoting::QuoteInQuoted, _) => {
                    self.misquoted.push_back(Misquoted {
                        offset,
                        field: self.field,
                        quoted_length: self.quoted_length,
                    });
                    Quoting::Unquoted
                }
            };
        }
        self.read = start + bytes.len() as u64;
    }
}

/// The input, followed byte by byte by a [`Scan`] on its way to the csv reader.
struct ScanningReader<R> {
    inner: R,
    scan: Rc<RefCell<Scan>>,
}

impl<R: Read> Read for ScanningReader<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let count = self.inner.read(buffer)?;
        let mut scan = self.scan.borrow_mut();
        let start = scan.read;
        scan.follow(start, &buffer[..count]);
        Ok(count)
    }
}
