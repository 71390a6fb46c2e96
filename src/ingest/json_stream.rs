//! JSON objects one after another, whitespace between them, as `jq` writes records
//! (`jq .` prints each over several lines) and serde_json's `StreamDeserializer` reads
//! them: read a value at a time, so that memory holds one record, not the file. Each
//! object is a record reported with the line it starts on.
//!
//! The values are told apart by their brackets, outside strings, before any is parsed:
//! one that is not JSON is that record's problem, and the next value is read after it.
//! A line break inside a string ends its value there (JSON writes it `\n`: the quote
//! closing the string is missing), so that the value does not take in the records after
//! it; after lines of JSON Lines (`records_from`), so does one after a line that went on
//! past its opening brace (`{"text": …`): such a line is a record of its own, whole or
//! not, as it was before the objects over several lines began.

use std::io::BufRead;

use super::{json_array, IngestError, RawRecord, ReadProblem};

/// The most bytes one value may run: past it, reading stops with an error there. A brace
/// missing its pair takes in the rest of the input as one value, which would be held in
/// memory whole; no record is this long (CSV's quoted fields have the same bound).
const MOST_VALUE_BYTES: usize = 256 << 20;

/// Returns the records of an input of JSON objects one after another, or why the input
/// as a whole gives none: its first object is no record but wraps the records under one
/// key, as an API exports them (`{"data": […]}`).
pub fn records(
    input: impl BufRead + 'static,
    file: &str,
) -> Result<impl Iterator<Item = Result<RawRecord, ReadProblem>>, IngestError> {
    records_within(input, file, MOST_VALUE_BYTES)
}

/// Returns the records of the objects one after another that an input holds from `line`
/// on: the rest of a file of JSON Lines that goes on with objects over several lines
/// (see `json_lines`). Its start was read as records: no wrapper is looked for.
pub(super) fn records_from(
    input: impl BufRead + 'static,
    line: u64,
) -> impl Iterator<Item = Result<RawRecord, ReadProblem>> {
    Stream {
        input,
        line,
        value: Vec::new(),
        first: None,
        finished: false,
        most_bytes: MOST_VALUE_BYTES,
        compact_lines_end: true,
    }
}

/// [`records`], a value refused once it runs `most_bytes` bytes.
fn records_within(
    input: impl BufRead + 'static,
    file: &str,
    most_bytes: usize,
) -> Result<impl Iterator<Item = Result<RawRecord, ReadProblem>>, IngestError> {
    let mut stream = Stream {
        input,
        line: 1,
        value: Vec::new(),
        first: None,
        finished: false,
        most_bytes,
        compact_lines_end: false,
    };
    if let Ok(start) = stream.input.fill_buf() {
        if start.starts_with(b"\xEF\xBB\xBF") {
            stream.input.consume(3);
        }
    }
    let first = stream.next();
    if let (Some(Ok(_)), Ok(text)) = (&first, std::str::from_utf8(&stream.value)) {
        if let Some((key, count)) = json_array::wrapped_records(text) {
            return Err(IngestError::WrappedJson {
                file: file.to_string(),
                key,
                count,
            });
        }
    }
    stream.first = first;
    Ok(stream)
}

/// The reader of the values: the input, where it is, and the value last read.
struct Stream<R> {
    input: R,
    /// The line the next byte of the input is on.
    line: u64,
    /// The bytes of the value last read.
    value: Vec<u8>,
    /// The record of the first value, read before the others to check the input.
    first: Option<Result<RawRecord, ReadProblem>>,
    finished: bool,
    most_bytes: usize,
    /// A value that goes on after its opening bracket on its first line ends with that
    /// line: a line of JSON Lines (see the module's comment).
    compact_lines_end: bool,
}

/// Where a value read into [`Stream::value`] starts, whether the input ended inside it
/// (a brace or a quote missing its pair), and why it ended at a line's end if it did.
struct Span {
    line: u64,
    open: bool,
    cut: Option<Cut>,
}

impl<R: BufRead> Iterator for Stream<R> {
    type Item = Result<RawRecord, ReadProblem>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(first) = self.first.take() {
            return Some(first);
        }
        if self.finished {
            return None;
        }
        match self.next_value() {
            Ok(None) => {
                self.finished = true;
                None
            }
            Ok(Some(span)) => {
                let record = super::json_lines::parse_record(&self.value, span.line);
                Some(record.map_err(|mut problem| {
                    if let Some(cut) = span.cut {
                        problem.problem.push_str(match cut {
                            Cut::InString => {
                                "; the line ends inside a string (a quote missing its pair?)"
                            }
                            Cut::CompactLine => {
                                "; the line ends inside the record (a brace or a bracket \
                                 missing its pair?)"
                            }
                        });
                    }
                    if span.open {
                        problem.problem.push_str(&format!(
                            "; the value that opens on line {} runs to the end of the input, \
                             taking in everything after it (a brace or a quote missing its pair?)",
                            span.line
                        ));
                    }
                    problem
                }))
            }
            Err(problem) => {
                self.finished = true;
                Some(Err(problem))
            }
        }
    }
}

impl<R: BufRead> Stream<R> {
    /// Reads the next value's bytes into `value`, skipping the whitespace before it;
    /// None at the end of the input.
    fn next_value(&mut self) -> Result<Option<Span>, ReadProblem> {
        self.value.clear();
        loop {
            let available = fill(&mut self.input, self.line)?;
            if available.is_empty() {
                return Ok(None);
            }
            let blank = available
                .iter()
                .position(|byte| !byte.is_ascii_whitespace())
                .unwrap_or(available.len());
            let lines = newlines(&available[..blank]);
            let more = blank < available.len();
            self.input.consume(blank);
            self.line += lines;
            if more {
                break;
            }
        }
        let line = self.line;
        let mut scanner = Scanner {
            compact_line_ends: self.compact_lines_end,
            ..Scanner::default()
        };
        loop {
            let available = fill(&mut self.input, self.line)?;
            if available.is_empty() {
                return Ok(Some(Span {
                    line,
                    open: scanner.is_open(),
                    cut: None,
                }));
            }
            let (taken, ended) = match available.iter().position(|&byte| scanner.ends(byte)) {
                Some(position) if scanner.scalar || scanner.cut.is_some() => (position, true),
                Some(position) => (position + 1, true),
                None => (available.len(), false),
            };
            self.value.extend_from_slice(&available[..taken]);
            let lines = newlines(&available[..taken]);
            self.input.consume(taken);
            self.line += lines;
            // A scalar, and a value cut at a line's end, ends before the byte that ends
            // it: it is never empty, as the first byte of a value starts it.
            if ended {
                return Ok(Some(Span {
                    line,
                    open: false,
                    cut: scanner.cut,
                }));
            }
            if self.value.len() > self.most_bytes {
                return Err(ReadProblem {
                    line,
                    field: None,
                    problem: format!(
                        "the value that opens here runs on for {} MiB without closing, taking \
                         in the records after it: a brace or a quote missing its pair?",
                        self.most_bytes >> 20
                    ),
                });
            }
        }
    }
}

/// Returns the input's next bytes (none at its end), or its read error as a problem on
/// the line reached.
fn fill(input: &mut impl BufRead, line: u64) -> Result<&[u8], ReadProblem> {
    loop {
        match input.fill_buf() {
            Ok(_) => break,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => {
                return Err(ReadProblem {
                    line,
                    field: None,
                    problem: format!("read error: {error}"),
                })
            }
        }
    }
    // Asked again for the borrow's sake: the bytes are buffered, nothing is read.
    Ok(input.fill_buf().unwrap_or_default())
}

fn newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&byte| byte == b'\n').count() as u64
}

/// Follows one value byte by byte: an object or an array to its closing bracket, a
/// string to its closing quote, anything else (a number, `true`, a stray `}`) to the
/// whitespace or the bracket after it; a value broken at a line's end to there (see the
/// module's comment).
#[derive(Debug, Default)]
struct Scanner {
    started: bool,
    /// Brackets open, outside strings.
    depth: u64,
    in_string: bool,
    escaped: bool,
    /// The value is neither an object, an array nor a string.
    scalar: bool,
    /// The value is still on the line it opens on.
    past_first_line: bool,
    /// Something follows the opening bracket on the value's first line.
    compact: bool,
    /// A compact value ends with its first line (`Stream::compact_lines_end`).
    compact_line_ends: bool,
    /// Why the value ended before the line break that ended it.
    cut: Option<Cut>,
}

/// Why a value ended at a line's end with a bracket or a quote open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cut {
    /// A string held a line break, which JSON writes `\n`.
    InString,
    /// A line of JSON Lines ended inside its record.
    CompactLine,
}

impl Scanner {
    /// Takes the value's next byte; returns true when it ends the value: its last byte,
    /// or for a scalar the byte after it.
    fn ends(&mut self, byte: u8) -> bool {
        if !self.started {
            self.started = true;
            match byte {
                b'{' | b'[' => self.depth = 1,
                b'"' => self.in_string = true,
                _ => self.scalar = true,
            }
            return false;
        }
        if self.scalar {
            return byte.is_ascii_whitespace() || byte == b'{' || byte == b'[';
        }
        if byte == b'\n' {
            if self.in_string {
                self.cut = Some(Cut::InString);
                return true;
            }
            if self.compact && self.compact_line_ends && !self.past_first_line {
                self.cut = Some(Cut::CompactLine);
                return true;
            }
            self.past_first_line = true;
        } else if !self.past_first_line && !byte.is_ascii_whitespace() {
            self.compact = true;
        }
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if byte == b'\\' {
                self.escaped = true;
            } else if byte == b'"' {
                self.in_string = false;
                return self.depth == 0;
            }
            return false;
        }
        match byte {
            b'"' => self.in_string = true,
            b'{' | b'[' => self.depth += 1,
            b'}' | b']' => {
                self.depth -= 1;
                return self.depth == 0;
            }
            _ => {}
        }
        false
    }

    /// Returns true when the input ended inside the value.
    fn is_open(&self) -> bool {
        self.depth > 0 || self.in_string
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each record's line, or its problem as `LINE: problem`.
    fn read(input: &str, most_bytes: usize) -> Vec<Result<u64, String>> {
        let input =
            std::io::BufReader::with_capacity(4, std::io::Cursor::new(input.as_bytes().to_vec()));
        records_within(input, "f", most_bytes)
            .unwrap()
            .map(|record| {
                record
                    .map(|record| record.line)
                    .map_err(|problem| format!("{}: {}", problem.line, problem.problem))
            })
            .collect()
    }

    /// A quote missing its pair took in the rest of the input as one string.
    #[test]
    fn a_line_break_inside_a_string_ends_its_value() {
        let found = read("{\"a\": 1}\n{\"b\": \"x\n{\"c\": 3}\n", 1 << 20);
        assert_eq!(found[0], Ok(1));
        assert_eq!(
            found[1],
            Err("2: invalid JSON: EOF while parsing a string at column 8; the line ends inside a string (a quote missing its pair?)".into())
        );
        assert_eq!(found[2], Ok(3));
        assert_eq!(found.len(), 3);
    }

    #[test]
    fn objects_one_after_another_are_records_on_the_lines_they_open() {
        let input = "\u{FEFF}{\n  \"a\": \"}{\\\"\",\n  \"b\": [1, {\"c\": 2}]\n}\n\n{\"d\": 1}{\"e\": 2}\n  {\n}";
        assert_eq!(read(input, 1 << 20), [Ok(1), Ok(6), Ok(6), Ok(7)]);
        assert_eq!(read(" \n\t", 1 << 20), []);
    }

    #[test]
    fn a_value_at_fault_is_its_record_and_the_next_is_read() {
        let found = read("{\n\"a\": 1,\n}\n5\n\"s\" }\n{\"b\": 2}\n", 1 << 20);
        assert!(found[0]
            .as_ref()
            .unwrap_err()
            .starts_with("3: invalid JSON: trailing comma"));
        assert_eq!(
            found[1],
            Err("4: expected a JSON object, found a number".into())
        );
        assert_eq!(
            found[2],
            Err("5: expected a JSON object, found a string".into())
        );
        assert!(found[3]
            .as_ref()
            .unwrap_err()
            .starts_with("5: invalid JSON: expected value"));
        assert_eq!(found[4], Ok(6));
        assert_eq!(found.len(), 5);
    }

    #[test]
    fn a_value_never_closed_says_so_and_a_long_one_stops_the_reading() {
        let found = read("{\"a\": 1}\n{\"b\": 2\n{\"c\": 3}\n", 1 << 20);
        assert_eq!(found[0], Ok(1));
        let problem = found[1].as_ref().unwrap_err();
        assert!(
            problem.ends_with("the value that opens on line 2 runs to the end of the input, taking in everything after it (a brace or a quote missing its pair?)"),
            "{problem}"
        );
        assert_eq!(found.len(), 2);
        let long = format!("{{\"a\": \"{}", "x".repeat(3 << 20));
        let found = read(&long, 1 << 20);
        assert_eq!(
            found,
            [Err("1: the value that opens here runs on for 1 MiB without closing, taking in the records after it: a brace or a quote missing its pair?".to_string())]
        );
    }
}
