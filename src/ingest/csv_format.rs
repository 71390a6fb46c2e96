//! CSV (or TSV) with a header row; every cell is read as a string, quoted fields may span
//! lines.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::io::Read;
use std::rc::Rc;

use serde_json::{Map, Value};

use super::{RawRecord, ReadProblem};
use crate::model::PartialDate;
use crate::quote::{excerpt, plural};

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

/// The position of the column a CSV input's records take their date from, shared by
/// the reader and the code that fits the header to the `--map`s.
pub type DateColumn = Rc<Cell<Option<usize>>>;

/// Returns the header of a CSV input, or why it cannot be read, its records (none when
/// the header cannot be read), and the position of the column records take their date
/// from: the column named `date` until the caller, knowing the `--map`s, sets another
/// (or none, when the date is no column's). A quoted field whose lines read as records
/// of their own is told by it: see [`swallowed_record`].
pub fn records(
    input: impl Read + 'static,
    delimiter: u8,
) -> (
    Result<Header, HeaderProblem>,
    impl Iterator<Item = Result<RawRecord, ReadProblem>>,
    DateColumn,
) {
    records_within(input, delimiter, MOST_OPEN_QUOTED_BYTES)
}

/// The most bytes a quoted field may run while still open: past it, reading stops with
/// an error there. A quote missing its pair takes in the rest of the input, held in
/// memory as one field (and its line ends noted) until the end shows it open: a file of
/// gigabytes would take as much. No statement is this long; the longest tried, 50 MB, is
/// a fifth of it.
const MOST_OPEN_QUOTED_BYTES: u64 = 256 << 20;

/// [`records`], a quoted field refused once it runs `most_quoted` bytes open.
fn records_within(
    input: impl Read + 'static,
    delimiter: u8,
    most_quoted: u64,
) -> (
    Result<Header, HeaderProblem>,
    impl Iterator<Item = Result<RawRecord, ReadProblem>>,
    DateColumn,
) {
    // Flexible: a row with the wrong number of fields is reported below as that row's
    // problem, and the reader goes on to the next row instead of stopping the file.
    let scan = Rc::new(RefCell::new(Scan::new(delimiter)));
    let input = ScanningReader {
        inner: input,
        scan: Rc::clone(&scan),
        most_quoted,
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(input);
    let headers: Result<Header, HeaderProblem> = match reader.byte_headers().cloned() {
        Ok(headers) => {
            let end = reader.position().byte();
            let mut scanned = scan.borrow_mut();
            let unclosed = scanned.unclosed_before(end);
            let misquoted = scanned.misquoted_before(end);
            while scanned.multiline_before(end).is_some() {}
            drop(scanned);
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
                        // name is recognised in any case, as a JSON record's key is.
                        super::field_name(header).map_or_else(|| header.clone(), str::to_string)
                    })
                    .collect(),
                written,
            });
            match (names, unclosed, misquoted) {
                (Ok(_), Some(open), _) => Err(HeaderProblem::Malformed(format!(
                    "column {}: the quoted field that opens here is never closed: the header \
                     takes in the whole input",
                    open.field + 1
                ))),
                (Ok(_), None, Some(misquoted)) => {
                    let cell = headers.get(misquoted.field).unwrap_or_default();
                    Err(HeaderProblem::Malformed(format!(
                        "column {}: {}",
                        misquoted.field + 1,
                        misquoted.problem(cell)
                    )))
                }
                (names, _, _) => names,
            }
        }
        Err(error) => Err(HeaderProblem::Malformed(format!(
            "invalid CSV header: {error}"
        ))),
    };
    let header = headers;
    let headers = header.clone().unwrap_or_default().names;
    let date_column = Rc::new(Cell::new(headers.iter().position(|name| name == "date")));
    let record_date_column = Rc::clone(&date_column);
    let mut failed = header.is_err();
    let mut record = csv::ByteRecord::new();
    let records = std::iter::from_fn(move || loop {
        if failed {
            return None;
        }
        match reader.read_byte_record(&mut record) {
            Ok(false) => return None,
            Ok(true) => {
                let line = record
                    .position()
                    .map_or(0, |position| scan.borrow_mut().line_at(position.byte()));
                let end = reader.position().byte();
                let name = |field: usize| {
                    headers
                        .get(field)
                        .cloned()
                        .unwrap_or_else(|| format!("column {}", field + 1))
                };
                let mut scanned = scan.borrow_mut();
                // A quote left open takes in the rest of the input as one field: the
                // records after it would be lost in silence, so the quote is the problem
                // to report, before any the field's swallowed text causes.
                if let Some(open) = scanned.unclosed_before(end) {
                    return Some(Err(ReadProblem {
                        line: open.line,
                        field: Some(name(open.field)),
                        problem: unclosed_problem(record.get(open.field).unwrap_or_default()),
                    }));
                }
                if let Some(misquoted) = scanned.misquoted_before(end) {
                    while scanned.multiline_before(end).is_some() {}
                    return Some(Err(ReadProblem {
                        line,
                        field: Some(name(misquoted.field)),
                        problem: misquoted.problem(record.get(misquoted.field).unwrap_or_default()),
                    }));
                }
                // A spreadsheet writes an empty row as its separators alone (`;;;;`):
                // skipped, as the csv reader skips a blank line.
                if record.iter().all(<[u8]>::is_empty) {
                    continue;
                }
                let mut swallowed = None;
                while let Some(open) = scanned.multiline_before(end) {
                    if swallowed.is_some() {
                        continue;
                    }
                    let Some(date_column) = record_date_column.get() else {
                        continue;
                    };
                    let cell = record.get(open.field).unwrap_or_default();
                    swallowed = swallowed_record(cell, delimiter, headers.len(), date_column)
                        .map(|(after, taken)| (open, after, taken.to_vec()));
                }
                drop(scanned);
                if let Some((open, after, taken)) = swallowed {
                    return Some(Err(ReadProblem {
                        line: open.line,
                        field: Some(name(open.field)),
                        problem: format!(
                            "{} runs to line {} and takes in line {}, `{}`, which reads as \
                             a record of its own: a quote missing its pair? (a quote inside a \
                             quoted field is written twice)",
                            super::QUOTE_TAKING_IN_RECORDS,
                            open.line + open.breaks,
                            open.line + after,
                            excerpt(&String::from_utf8_lossy(&taken))
                        ),
                    }));
                }
                if record.len() != headers.len() {
                    return Some(Err(ReadProblem {
                        line,
                        field: None,
                        problem: format!(
                            "found {} {} where the header has {} (an unbalanced quote?)",
                            record.len(),
                            plural(record.len(), "field", "fields"),
                            headers.len()
                        ),
                    }));
                }
                let mut fields = Map::new();
                let mut unreadable = Vec::new();
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
                            // Read as well as it can be, so that the record's other
                            // fields are still checked: every problem is reported at once.
                            unreadable.push((
                                name.clone(),
                                format!(
                                    "{} at byte {} of the field",
                                    super::INVALID_UTF8,
                                    error.valid_up_to() + 1
                                ),
                            ));
                            fields.insert(
                                name,
                                Value::String(String::from_utf8_lossy(cell).into_owned()),
                            );
                        }
                    }
                }
                return Some(Ok(RawRecord {
                    line,
                    fields,
                    unreadable,
                }));
            }
            Err(error) => {
                // Rows of the wrong length are not errors of a flexible reader: what is
                // left is a read error, after which the reader cannot go on.
                failed = true;
                if let Some(open) = scan.borrow().open_past(most_quoted) {
                    return Some(Err(ReadProblem {
                        line: open.line,
                        field: Some(
                            headers
                                .get(open.field)
                                .cloned()
                                .unwrap_or_else(|| format!("column {}", open.field + 1)),
                        ),
                        problem: format!(
                            "{} runs on for {} MiB without closing, taking in the records \
                             after it: a quote missing its pair? (a quote inside a quoted \
                             field is written twice)",
                            super::QUOTE_TAKING_IN_RECORDS,
                            most_quoted >> 20
                        ),
                    }));
                }
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
                return Some(Err(ReadProblem {
                    line,
                    field: None,
                    problem,
                }));
            }
        }
    });
    (header, records, date_column)
}

/// Describes a quoted field still open at the end of the input, whose value the csv
/// reader made `cell`: the line it opens with, and the lines it took in after it.
fn unclosed_problem(cell: &[u8]) -> String {
    let cell = String::from_utf8_lossy(cell);
    let mut lines = cell.split('\n').map(|line| line.trim_end_matches('\r'));
    let first = lines.next().unwrap_or_default();
    let mut taken = lines.filter(|line| !line.is_empty());
    let next = taken.next();
    let more = taken.count();
    let what = match next {
        None => "it runs to the end of the input".to_string(),
        Some(next) => format!(
            "it takes in the rest of the input, {} more {} from `{}` on",
            more + 1,
            plural(more + 1, "line", "lines"),
            excerpt(next)
        ),
    };
    format!(
        "{}, `\"{}`, is never closed: {what}; a field that starts with a quote must end \
         with one, and a quote inside it is written twice",
        super::QUOTE_TAKING_IN_RECORDS,
        excerpt(first)
    )
}

/// Returns the line of a quoted field's value `cell` after its first (as the position
/// of the line in the field, from 0, and its bytes) that reads as a record of its own:
/// as many fields as the header has `columns`, and a date in the date column. Such a
/// field most likely opened with a stray quote and ran on through the records after
/// it, up to another stray quote; text that spans lines (paragraphs of a statement)
/// does not split into the header's fields with a date, unspaced, in the right place.
fn swallowed_record(
    cell: &[u8],
    delimiter: u8,
    columns: usize,
    date_column: usize,
) -> Option<(u64, &[u8])> {
    if columns < 2 {
        return None;
    }
    cell.split(|&byte| byte == b'\n')
        .enumerate()
        .skip(1)
        .map(|(position, line)| (position as u64, line.strip_suffix(b"\r").unwrap_or(line)))
        .find(|(_, line)| {
            let cells = line.split(|&byte| byte == delimiter);
            cells.clone().count() == columns
                && cells
                    .clone()
                    .nth(date_column)
                    .and_then(|date| std::str::from_utf8(date).ok())
                    // A CSV writer puts no space after a delimiter; prose does ("Baku,
                    // 2024-02-13, both sides"), which is no record.
                    .is_some_and(|date| {
                        !date.is_empty() && date.trim() == date && PartialDate::parse(date).is_ok()
                    })
        })
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

/// A quoted field: where it opens, and how many lines it spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct OpenQuote {
    /// The offset of its opening quote.
    offset: u64,
    /// The line its opening quote is on, from 1.
    line: u64,
    /// The field's position in its record, from 0.
    field: usize,
    /// The line breaks (`\n`) inside it.
    breaks: u64,
}

/// What is known of the input read so far: where its line ends are, to tell the line a
/// record starts on, its misquoted fields, and its quoted fields that span lines or
/// never close.
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
    /// The `\n` bytes read so far.
    newlines: u64,
    /// The quoted field being read (while `quoting` is in one).
    open: OpenQuote,
    /// The quoted fields that span lines, read and not yet behind a record, in order.
    multiline: VecDeque<OpenQuote>,
    /// A quoted field still open at the end of the input.
    unclosed: Option<OpenQuote>,
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
            newlines: 0,
            open: OpenQuote::default(),
            multiline: VecDeque::new(),
            unclosed: None,
        }
    }

    /// Returns the quoted field left open at the end of the input when it opened before
    /// `end` (the end of the record just read).
    fn unclosed_before(&mut self, end: u64) -> Option<OpenQuote> {
        self.unclosed.filter(|open| open.offset < end)
    }

    /// Returns the next quoted field spanning lines that opened before `end` (the end of
    /// the record just read), forgetting it.
    fn multiline_before(&mut self, end: u64) -> Option<OpenQuote> {
        if self.multiline.front()?.offset < end {
            self.multiline.pop_front()
        } else {
            None
        }
    }

    /// Returns the quoted field being read when it has run more than `most` bytes.
    fn open_past(&self, most: u64) -> Option<OpenQuote> {
        let open = matches!(self.quoting, Quoting::Quoted | Quoting::QuoteInQuoted);
        (open && self.read.saturating_sub(self.open.offset) > most).then_some(self.open)
    }

    /// Notes the end of the quoted field being read, at its closing quote.
    fn close_quote(&mut self) {
        if self.open.breaks > 0 {
            self.multiline.push_back(self.open);
        }
    }

    /// Notes the end of the input: a quoted field still open there never closed.
    fn finish(&mut self) {
        match self.quoting {
            Quoting::Quoted => self.unclosed = Some(self.open),
            Quoting::QuoteInQuoted => self.close_quote(),
            Quoting::FieldStart | Quoting::Unquoted => {}
        }
        // The reader may be asked again past the end: the field is noted once.
        self.quoting = Quoting::FieldStart;
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
                self.newlines += u64::from(byte == b'\n');
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
                    self.open = OpenQuote {
                        offset,
                        line: self.newlines + 1,
                        field: self.field,
                        breaks: 0,
                    };
                    Quoting::Quoted
                }
                (Quoting::FieldStart | Quoting::Unquoted, _) => Quoting::Unquoted,
                (Quoting::Quoted, b'"') => Quoting::QuoteInQuoted,
                (Quoting::Quoted, _) => {
                    self.quoted_length += 1;
                    self.open.breaks += u64::from(byte == b'\n');
                    Quoting::Quoted
                }
                (Quoting::QuoteInQuoted, b'"') => {
                    self.quoted_length += 1;
                    Quoting::Quoted
                }
                (Quoting::QuoteInQuoted, _) if byte == self.delimiter => {
                    self.close_quote();
                    self.field += 1;
                    Quoting::FieldStart
                }
                (Quoting::QuoteInQuoted, _) if line_end => {
                    self.close_quote();
                    self.field = 0;
                    Quoting::FieldStart
                }
                (Quoting::QuoteInQuoted, _) => {
                    self.close_quote();
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
    /// The most bytes a quoted field may run open ([`MOST_OPEN_QUOTED_BYTES`]).
    most_quoted: u64,
}

impl<R: Read> Read for ScanningReader<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let count = self.inner.read(buffer)?;
        let mut scan = self.scan.borrow_mut();
        let start = scan.read;
        scan.follow(start, &buffer[..count]);
        if count == 0 && !buffer.is_empty() {
            scan.finish();
        }
        if scan.open_past(self.most_quoted).is_some() {
            // Reported by the records' reader, which names the quote's line and field.
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "a quoted field runs on without closing",
            ));
        }
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that counts the bytes taken from it.
    struct Counted {
        inner: std::io::Cursor<Vec<u8>>,
        taken: Rc<Cell<usize>>,
    }

    impl Read for Counted {
        fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
            let count = self.inner.read(buffer)?;
            self.taken.set(self.taken.get() + count);
            Ok(count)
        }
    }

    /// A quote missing its pair took in the rest of the input, in memory, before its
    /// end showed it open: reading stops once the field runs past the bound, naming the
    /// line the quote opens on, while a quoted field within it is read whole.
    #[test]
    fn a_quoted_field_running_open_past_the_bound_stops_the_reading() {
        let most = 1 << 20;
        let mut input = b"speaker,date,text\nA,2024-02-13,\"He said no\n".to_vec();
        while input.len() < 4 * most as usize {
            input.extend_from_slice(b"B,2024-02-14,another statement of the file\n");
        }
        let taken = Rc::new(Cell::new(0));
        let counted = Counted {
            inner: std::io::Cursor::new(input.clone()),
            taken: Rc::clone(&taken),
        };
        let (header, records, _) = records_within(counted, b',', most);
        assert!(header.is_ok());
        let read: Vec<_> = records.collect();
        let [Err(problem)] = read.as_slice() else {
            panic!("{read:?}")
        };
        assert_eq!(problem.line, 2, "{problem:?}");
        assert_eq!(problem.field.as_deref(), Some("text"), "{problem:?}");
        assert!(
            problem
                .problem
                .starts_with("the quoted field that opens here runs on for 1 MiB without closing"),
            "{problem:?}"
        );
        assert!(
            taken.get() < 2 * most as usize,
            "read {} bytes",
            taken.get()
        );
        // Closed within the bound, a field of many lines is a field.
        let long = "word ".repeat(50_000);
        let input = format!("speaker,date,text\nA,2024-02-13,\"{long}\n{long}\"\n");
        let (_, records, _) = records_within(std::io::Cursor::new(input.into_bytes()), b',', most);
        let read: Vec<_> = records.collect();
        assert!(matches!(read.as_slice(), [Ok(_)]), "{read:?}");
    }

    /// A line of a quoted field is a record taken in when it splits into the header's
    /// fields with a date in the date column; a paragraph does not.
    #[test]
    fn a_quoted_fields_line_is_a_record_taken_in_only_with_a_date_in_its_place() {
        let check = |cell: &str, expected: Option<(u64, &str)>| {
            let found = swallowed_record(cell.as_bytes(), b',', 3, 1);
            assert_eq!(
                found.map(|(line, bytes)| (line, String::from_utf8_lossy(bytes).into_owned())),
                expected.map(|(line, text)| (line, text.to_string())),
                "{cell:?}"
            );
        };
        check(
            "He said no\nBob,2024-02-13,second",
            Some((1, "Bob,2024-02-13,second")),
        );
        check(
            "a\r\nb\r\nBob,13.02.2024,x\r\n",
            Some((2, "Bob,13.02.2024,x")),
        );
        // The first line is the field's own start, not a record.
        check("Bob,2024-02-13,second\nmore", None);
        check(
            "In 2024, we said, no.\nThen, in March, the talks\n2024, 13, x",
            None,
        );
        check("one\n,,\n", None);
        check("He said no\nBob,2024-02-13,second,fourth", None);
        check("Signed\nin Baku, 2024-02-13, by both", None);
        // Without a second column there is nothing to tell a record by.
        assert_eq!(swallowed_record(b"a\n2024", b',', 1, 0), None);
    }
}
