//! Reading statements from files: JSON Lines, a JSON array, or CSV with a header, each
//! plain or gzip-compressed.
//!
//! Each format module turns its input into [`RawRecord`]s (field name → JSON value, with
//! the line it started on); this module applies `--map` and `--set`, validates every field
//! and yields [`LocatedStatement`]s or [`InvalidRecord`]s naming file, line and field.

mod compression;
mod csv_format;
pub mod encoding;
mod json_array;
mod json_lines;
mod json_stream;
pub mod reference;
mod unique_keys;

pub use compression::{inner_name, is_gzip_file, Compression, ReadCount};

/// How a record's problem starts when a field is not UTF-8: the file is most likely in
/// another encoding, which converting it mends where fixing records one by one would not.
pub const INVALID_UTF8: &str = "invalid UTF-8";
pub use csv_format::HeaderProblem;

/// How a record's problem starts when a quoted field of a CSV input runs on through the
/// records after it (a stray quote): they are its text, and would be lost with it.
pub const QUOTE_TAKING_IN_RECORDS: &str = "the quoted field that opens here";

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

use serde_json::{Map, Value};

use crate::archive::{InvalidRecord, LocatedStatement};
use crate::country;
use crate::model::{
    normalize_label, ChangeAction, DatePrecision, Deletion, EditableField, FieldValue,
    HistoryEntry, NewStatement, PartialDate, RoleOrigin, Source, SpeakerKind, SpeakerMention,
    StatementId, StatementKind, TimeOfDay,
};
use crate::quote::{excerpt, quoted};

/// The input formats `ingest` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// One JSON object per line.
    Jsonl,
    /// A JSON array of objects, or objects one after another (one alone, or many as
    /// `jq .` prints them).
    Json,
    /// Comma-separated values with a header row; a header line holding more semicolons,
    /// tabs or bars than commas is split at those (spreadsheets in much of Europe save
    /// CSV with semicolons).
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
}

impl InputFormat {
    /// The byte between the fields of an input of this format that starts with `start`
    /// (CSV's is told by its header line; JSON has none).
    fn delimiter(self, start: &[u8]) -> u8 {
        match self {
            InputFormat::Csv => csv_format::delimiter(start),
            InputFormat::Tsv => b'\t',
            InputFormat::Jsonl | InputFormat::Json => b',',
        }
    }
}

/// How messages name standard input (`-` on the command line), as a file's name.
pub const STANDARD_INPUT: &str = "<stdin>";

/// The record fields `ingest` understands.
pub const FIELDS: &[&str] = &[
    "text",
    "speaker",
    "date",
    "time",
    "role",
    "organization",
    "country",
    "speaker_kind",
    "channel",
    "kind",
    "language",
    "title",
    "source",
    "source_outlet",
    "source_url",
    "source_published",
    "tags",
    "id",
    "history",
    "deleted",
    "role_origin",
    "organization_origin",
];

/// The fields an export writes to say where a role or organisation came from (see
/// [`RoleOrigin`]): read as any field, but never suggested for a misspelt name, as no one
/// types them and `orgnization` is meant for `organization`.
const ORIGIN_FIELDS: [&str; 2] = ["role_origin", "organization_origin"];

/// The fields a misspelt field name is compared with, for a "did you mean".
pub fn suggested_fields() -> impl Iterator<Item = &'static str> {
    FIELDS
        .iter()
        .copied()
        .filter(|field| !ORIGIN_FIELDS.contains(field))
}

/// The fields `search` and `show` write beside a record's that ingest reads, so that
/// their output reads back: `external_id`, the record's id (their `id` is the statement's
/// number in the archive they came from, see [`Records::numbers_left_out`]), and
/// `deleted_at` and `deleted_reason`, a tombstone as CSV writes it (`deleted` in JSON).
pub const OUTPUT_FIELDS: &[&str] = &["external_id", "deleted_at", "deleted_reason"];

/// The fields `search` and `show` write that tell what one archive made of a statement
/// (its speaker's number there, when it was ingested, the precision its date has anyway)
/// or of a search (score, snippet, highlights, places): left out without a note from a
/// record that carries `external_id`, as their output does; reported as unknown fields in
/// any other record, which they would be.
const OUTPUT_ONLY_FIELDS: &[&str] = &[
    "date_precision",
    "speaker_id",
    "ingested_at",
    "score",
    "snippet",
    "highlights",
    "places",
];

/// Returns the field a record's key or a CSV header's column names (a record's, or one of
/// search's and show's output), in any case and with spaces around it (`Text`,
/// ` SPEAKER`): spreadsheets capitalise their headers, and the JSON that pandas writes
/// from them keeps the capitals. None for any other name.
fn field_name(name: &str) -> Option<&'static str> {
    let names = || FIELDS.iter().chain(OUTPUT_FIELDS).chain(OUTPUT_ONLY_FIELDS);
    if let Some(field) = names().find(|field| **field == name) {
        return Some(field);
    }
    let folded = name.trim().to_lowercase();
    names().find(|field| **field == folded).copied()
}

/// Returns true when `key` and `column` name one column, compared as a header's names
/// are: ignoring case and the spaces around them (`--map text=body` reads `Body`).
fn same_column(key: &str, column: &str) -> bool {
    key == column || key.trim().to_lowercase() == column.trim().to_lowercase()
}

/// Errors that stop reading an input before any record.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{file}: {source}")]
    Io {
        file: String,
        source: std::io::Error,
    },
    #[error("unknown field {} in {flag}; the fields are: {}", quoted(field), FIELDS.join(", "))]
    UnknownField { flag: &'static str, field: String },
    #[error("{flag} expects {expected}, found {}", quoted(found))]
    Assignment {
        flag: &'static str,
        /// The form the flag takes: FIELD=VALUE or FIELD=COLUMN.
        expected: &'static str,
        found: String,
    },
    #[error("--map {field}={}: no column {} in {file}; {}", excerpt(column), quoted(column), suggestion.clone().unwrap_or_else(|| format!("its columns are: {}", excerpts(columns))))]
    MissingColumn {
        field: String,
        column: String,
        file: String,
        /// "did you mean …?" when a column is close to the one named.
        suggestion: Option<String>,
        columns: Vec<String>,
    },
    #[error("{file}: the header has no column for {} (required; its columns are: {})", missing.join(", "), excerpts(columns))]
    MissingRequiredColumns {
        file: String,
        missing: Vec<&'static str>,
        columns: Vec<String>,
        /// The columns that look like the missing fields (a typo, `Speakr`; another
        /// name, `Statement`), for a `--map` to suggest: field and column as written.
        likely: Vec<(&'static str, String)>,
    },
    #[error("--set {field}={}: {problem}", excerpt(value))]
    BadDefault {
        field: String,
        value: String,
        problem: String,
    },
    #[error("{file} looks like JSON, not CSV (its first line starts with {start:?})")]
    LooksLikeJson { file: String, start: char },
    /// The input is UTF-16 (as Windows tools and spreadsheets save "Unicode"), which
    /// every reader would take for UTF-8 with a problem on each line.
    #[error("{file} is UTF-16 ({}), not UTF-8; communique reads UTF-8", encoding.evidence())]
    Utf16 { file: String, encoding: Utf16 },
    /// The input is compressed in a format other than gzip: read as text, every record
    /// of it would be invalid, or its header taken for another encoding.
    #[error("{file} is {} (told by its first bytes); communique reads text, plain or gzip-compressed", compression.description())]
    Compressed {
        file: String,
        compression: Compression,
    },
    /// A JSON array that is not UTF-8 where it is read whole: none of its records can be
    /// read.
    #[error("{file}:{line}: invalid UTF-8 (the file is in another encoding?)")]
    NotUtf8 { file: String, line: u64 },
    /// A JSON input that is not JSON, or neither an array nor objects: none of its records
    /// can be read.
    #[error("{file}:{line}: {problem}")]
    InvalidJson {
        file: String,
        line: u64,
        problem: String,
    },
    /// A JSON Lines input that holds a JSON array.
    #[error("{file} holds a JSON array, not JSON Lines (one object a line)")]
    LooksLikeJsonNotLines { file: String },
    /// A JSON object without record fields whose one key holds an array of objects (the
    /// first of the input's objects): the records, wrapped as an API exports them.
    #[error("{file} holds one object, not a record: its key {} holds an array of {count} {}, the records most likely", quoted(key), crate::quote::plural(*count, "object", "objects"))]
    WrappedJson {
        file: String,
        key: String,
        count: usize,
    },
    #[error("{file}:1: {problem}")]
    Header {
        file: String,
        problem: csv_format::HeaderProblem,
    },
    /// Two columns of a CSV header give one field: which one to store would be a guess.
    #[error("{file}:1: {}", duplicate_columns(field, columns, *renamed))]
    DuplicateColumn {
        file: String,
        field: String,
        /// The columns giving the field: their positions (from 1) and names.
        columns: Vec<(usize, String)>,
        /// Whether a `--map` makes one of them give the field.
        renamed: bool,
    },
    #[error(
        "{flag} {field}=… is given twice ({}, then {}); which one applies would be a guess",
        quoted(first),
        quoted(second)
    )]
    RepeatedAssignment {
        flag: &'static str,
        field: String,
        first: String,
        second: String,
    },
}

/// How a UTF-16 input was told apart from UTF-8, and in which byte order it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Utf16 {
    /// It starts with a byte order mark (FF FE or FE FF), which says the order.
    ByteOrderMark,
    /// Without a mark, a NUL follows each of its first characters: the low byte first.
    LittleEndian,
    /// Without a mark, a NUL precedes each of its first characters: the high byte first.
    BigEndian,
}

impl Utf16 {
    /// Returns the name `iconv -f` reads the input by: without a byte order mark, iconv
    /// would take UTF-16 as big-endian, which a Windows file is not.
    pub fn iconv_name(self) -> &'static str {
        match self {
            Utf16::ByteOrderMark => "UTF-16",
            Utf16::LittleEndian => "UTF-16LE",
            Utf16::BigEndian => "UTF-16BE",
        }
    }

    /// Says what shows the input to be UTF-16.
    fn evidence(self) -> &'static str {
        match self {
            Utf16::ByteOrderMark => "it starts with a UTF-16 byte order mark",
            Utf16::LittleEndian | Utf16::BigEndian => "every other byte of its start is NUL",
        }
    }

    /// Returns the encoding of an input whose first bytes are `start` when it is UTF-16.
    /// JSON and CSV start with ASCII (a bracket, a brace, a header's names), which UTF-16
    /// writes with a NUL beside each byte; UTF-8 text holds no NUL there.
    pub fn of(start: &[u8]) -> Option<Utf16> {
        if start.starts_with(b"\xFF\xFE") || start.starts_with(b"\xFE\xFF") {
            return Some(Utf16::ByteOrderMark);
        }
        // Two characters are enough: UTF-8 JSON, JSON Lines and CSV hold no NUL, and
        // more would miss a file whose text soon turns to another script (Cyrillic
        // is two bytes without a NUL in UTF-16).
        match start.get(..4)? {
            [first, 0, second, 0] if *first != 0 && *second != 0 => Some(Utf16::LittleEndian),
            [0, first, 0, second] if *first != 0 && *second != 0 => Some(Utf16::BigEndian),
            _ => None,
        }
    }
}

/// Describes the columns of a header that give one field.
fn duplicate_columns(field: &str, columns: &[(usize, String)], renamed: bool) -> String {
    let named: Vec<String> = columns
        .iter()
        .map(|(position, name)| format!("column {position} {}", quoted(name)))
        .collect();
    let how = if renamed { " (after --map)" } else { "" };
    format!(
        "the field {field} is given by {}{how}; which one to store would be a guess",
        named.join(" and ")
    )
}

/// Lists names (a header's columns) as messages do, each long one cut: see [`excerpt`].
fn excerpts(names: &[String]) -> String {
    let shown: Vec<String> = names.iter().map(|name| excerpt(name).to_string()).collect();
    shown.join(", ")
}

/// The fields every record must have.
const REQUIRED_FIELDS: [&str; 3] = ["text", "speaker", "date"];

/// How to read records: the format, field renames and defaults.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// None: from the file extension, or sniffed from the content.
    pub format: Option<InputFormat>,
    /// `--set FIELD=VALUE`: values for records that lack them.
    pub defaults: Vec<(String, String)>,
    /// `--map FIELD=COLUMN`: read FIELD from a differently named column or key.
    pub renames: Vec<(String, String)>,
}

impl ReadOptions {
    /// Parses `FIELD=VALUE` arguments of `--set` and `--map`, refusing unknown fields.
    pub fn parse_assignments(
        flag: &'static str,
        arguments: &[String],
    ) -> Result<Vec<(String, String)>, IngestError> {
        let assignments: Vec<(String, String)> = arguments
            .iter()
            .map(|argument| {
                let (field, value) =
                    argument
                        .split_once('=')
                        .ok_or_else(|| IngestError::Assignment {
                            flag,
                            expected: if flag == "--map" {
                                "FIELD=COLUMN"
                            } else {
                                "FIELD=VALUE"
                            },
                            found: argument.clone(),
                        })?;
                let field = field.trim();
                if !FIELDS.contains(&field) {
                    return Err(IngestError::UnknownField {
                        flag,
                        field: field.to_string(),
                    });
                }
                Ok((field.to_string(), value.to_string()))
            })
            .collect::<Result<_, _>>()?;
        for (position, (field, value)) in assignments.iter().enumerate() {
            if let Some((_, first)) = assignments[..position]
                .iter()
                .find(|(earlier, _)| earlier == field)
            {
                return Err(IngestError::RepeatedAssignment {
                    flag,
                    field: field.clone(),
                    first: first.clone(),
                    second: value.clone(),
                });
            }
        }
        Ok(assignments)
    }
}

impl ReadOptions {
    /// Validates the `--set` values once, as a record's fields would be, so that a bad
    /// value is one error about the flag before anything is read, not one per record.
    pub fn check_defaults(defaults: &[(String, String)]) -> Result<(), IngestError> {
        for (field, value) in defaults {
            let bad = |problem: String| IngestError::BadDefault {
                field: field.clone(),
                value: value.clone(),
                problem,
            };
            if value.trim().is_empty() {
                return Err(bad(
                    "empty value (a record lacking the field would still lack it)".into(),
                ));
            }
            // A record complete but for the field, so that only the value is judged.
            let mut record = Map::new();
            for (required, placeholder) in [("text", "x"), ("speaker", "x"), ("date", "2000")] {
                record.insert(required.into(), Value::String(placeholder.into()));
            }
            record.insert(field.clone(), Value::String(value.clone()));
            // Only the value is judged: its field's problem is the one there is.
            if let Some((_, problem)) = validate(&record)
                .err()
                .and_then(|problems| problems.into_iter().next())
            {
                return Err(bad(problem));
            }
        }
        Ok(())
    }
}

/// One record as read, before validation.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRecord {
    pub line: u64,
    pub fields: Map<String, Value>,
    /// The columns (keys) whose value is not UTF-8, each with its problem: read with
    /// replacement characters into `fields`, so that the other fields are still checked.
    pub unreadable: Vec<(String, String)>,
}

/// A record-level problem found while reading, before validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadProblem {
    pub line: u64,
    pub field: Option<String>,
    pub problem: String,
}

type RawRecords = Box<dyn Iterator<Item = Result<RawRecord, ReadProblem>>>;

/// Opens `path` (or standard input for `-`) and returns its records, validated.
pub fn read(path: &Path, options: &ReadOptions) -> Result<Records, IngestError> {
    let Opened {
        mut input,
        format,
        delimiter,
        display,
        compressed,
    } = open(path, options)?;
    let mut options = options.clone();
    let mut columns = Vec::new();
    let raw: RawRecords = match format {
        // Objects printed over several lines (`jq .`) are read one after another.
        InputFormat::Jsonl if refuse_json_array(&mut input, &display)?.is_some() => {
            Box::new(json_stream::records(input, &display)?)
        }
        InputFormat::Jsonl => Box::new(json_lines::records(input)),
        // Objects, however many and however printed; else an array (or what the error
        // says it is instead).
        InputFormat::Json if starts_with_object(&mut input, &display)? => {
            Box::new(json_stream::records(input, &display)?)
        }
        InputFormat::Json => Box::new(json_array::records(input, &display)?),
        InputFormat::Csv | InputFormat::Tsv => {
            let (header, records, date_column) = csv_format::records(input, delimiter);
            columns = fit_header(header, &mut options, &display)?;
            date_column.set(column_of("date", &columns, &options.renames));
            Box::new(records)
        }
    };
    let mut records = Records::new(raw, display, options);
    records.compressed = compressed;
    // A column without a name (pandas writes its index so, first) gives no field, unless
    // a `--map` reads it.
    records.unnamed_columns = columns
        .iter()
        .enumerate()
        .filter(|(_, name)| name.is_empty())
        .filter(|_| {
            !records
                .options
                .renames
                .iter()
                .any(|(_, column)| column.is_empty())
        })
        .map(|(position, _)| position + 1)
        .collect();
    records.columns = columns;
    Ok(records)
}

/// Checks that an input can be opened and read and, for CSV, that its header fits the
/// options, without reading its records: run on every input before anything is written.
/// Standard input, a pipe (`<(zcat x.gz)`) or a device is only checked to exist: it can
/// be read only once, and what a check read of it would be lost to the ingest.
pub fn check(path: &Path, options: &ReadOptions) -> Result<(), IngestError> {
    if path == Path::new("-") {
        return Ok(());
    }
    let metadata = std::fs::metadata(path).map_err(|source| IngestError::Io {
        file: path.display().to_string(),
        source,
    })?;
    if !metadata.is_file() && !metadata.is_dir() {
        return Ok(());
    }
    let Opened {
        mut input,
        format,
        delimiter,
        display,
        ..
    } = open(path, options)?;
    match format {
        InputFormat::Csv | InputFormat::Tsv => {
            let (header, _, _) = csv_format::records(input, delimiter);
            fit_header(header, &mut options.clone(), &display)?;
        }
        InputFormat::Json => {}
        InputFormat::Jsonl => {
            refuse_json_array(&mut input, &display)?;
        }
    }
    Ok(())
}

/// Refuses an input read as JSON Lines that is a JSON array, which `--format json`
/// reads; returns whether its first block holds objects spread over lines (see
/// [`json_lines::spread_over_lines`]), to be read as a stream of objects.
fn refuse_json_array(
    input: &mut BufReader<Box<dyn Read>>,
    display: &str,
) -> Result<Option<json_lines::SpreadOverLines>, IngestError> {
    let start = input.fill_buf().map_err(|source| IngestError::Io {
        file: display.to_string(),
        source,
    })?;
    match json_lines::spread_over_lines(start) {
        Some(json_lines::SpreadOverLines::Array) => Err(IngestError::LooksLikeJsonNotLines {
            file: display.to_string(),
        }),
        spread => Ok(spread),
    }
}

/// Returns true when a JSON input's first value is an object: objects one after another
/// (one alone, as `jq` writes a single record, or many, as `jq .` writes records).
fn starts_with_object(
    input: &mut BufReader<Box<dyn Read>>,
    display: &str,
) -> Result<bool, IngestError> {
    let start = input.fill_buf().map_err(|source| IngestError::Io {
        file: display.to_string(),
        source,
    })?;
    let start = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start);
    Ok(start.iter().find(|byte| !byte.is_ascii_whitespace()) == Some(&b'{'))
}

/// Points the options' `--map` columns at a CSV header's and checks that the header has
/// what they need: the header is known before any record, so a mapping it cannot satisfy
/// is an error before anything is written; so is a header that cannot be read. Returns
/// the header's columns as records are keyed by them.
fn fit_header(
    header: Result<csv_format::Header, csv_format::HeaderProblem>,
    options: &mut ReadOptions,
    display: &str,
) -> Result<Vec<String>, IngestError> {
    let header = header.map_err(|problem| IngestError::Header {
        file: display.to_string(),
        problem,
    })?;
    if header.names.is_empty() {
        return Ok(Vec::new());
    }
    resolve_columns(&header.names, options);
    check_columns(&header, options, display)?;
    check_duplicate_columns(&header, options, display)?;
    Ok(header.names)
}

/// Checks that no field is given by two columns: a column named twice (or in two cases,
/// `Date` and `date`). Each record would keep one value and drop the other in silence. A
/// `--map` of a field to another column says which one the user means: the column named
/// as the field is then left out, as any column that gives no field is.
fn check_duplicate_columns(
    header: &csv_format::Header,
    options: &ReadOptions,
    display: &str,
) -> Result<(), IngestError> {
    let columns = &header.names;
    // The field each column gives, in the order of the header.
    let mut given: Vec<(&str, usize, bool)> = Vec::new();
    for (position, name) in columns.iter().enumerate() {
        for (field, column) in &options.renames {
            if column == name {
                given.push((field, position, true));
            }
        }
        if gives_its_own_field(name, &options.renames) {
            given.push((name, position, false));
        }
    }
    let mapped: Vec<&str> = given
        .iter()
        .filter(|&&(_, _, renamed)| renamed)
        .map(|&(field, _, _)| field)
        .collect();
    given.retain(|&(field, _, renamed)| renamed || !mapped.contains(&field));
    for (index, &(field, _, _)) in given.iter().enumerate() {
        if given[..index]
            .iter()
            .any(|&(earlier, _, _)| earlier == field)
        {
            continue;
        }
        let giving: Vec<&(&str, usize, bool)> = given
            .iter()
            .filter(|&&(other, _, _)| other == field)
            .collect();
        if giving.len() > 1 {
            return Err(IngestError::DuplicateColumn {
                file: display.to_string(),
                field: field.to_string(),
                columns: giving
                    .iter()
                    .map(|&&(_, position, _)| (position + 1, header.written[position].clone()))
                    .collect(),
                renamed: giving.iter().any(|&&(_, _, renamed)| renamed),
            });
        }
    }
    Ok(())
}

/// Returns the position among a header's `columns` of the column that gives `field`: the
/// one a `--map` names, else the one named as the field; None when no column does.
fn column_of(field: &str, columns: &[String], renames: &[(String, String)]) -> Option<usize> {
    match renames.iter().find(|(mapped, _)| mapped == field) {
        Some((_, column)) => columns.iter().position(|name| name == column),
        None => columns.iter().position(|name| name == field),
    }
}

/// Returns true when `column` is named as a field that no `--map` reads from another
/// column: it gives that field, whatever other fields a `--map` reads from it.
fn gives_its_own_field(column: &str, renames: &[(String, String)]) -> bool {
    FIELDS.contains(&column) && !renames.iter().any(|(field, _)| field == column)
}

/// An input opened for reading, its format decided.
struct Opened {
    /// The input's text: decompressed when the input is gzip.
    input: BufReader<Box<dyn Read>>,
    format: InputFormat,
    /// The byte between the fields of a CSV or TSV input.
    delimiter: u8,
    display: Rc<str>,
    /// For gzip input, the compressed bytes read so far (for progress).
    compressed: Option<ReadCount>,
}

/// Opens `path` (standard input for `-`), reads its first block (so that a directory or
/// an unreadable file fails here) and decides its format. Gzip input, told by its first
/// bytes, is read decompressed, and its format told by its name without `.gz` or by its
/// decompressed content.
fn open(path: &Path, options: &ReadOptions) -> Result<Opened, IngestError> {
    let display: Rc<str> = if path == Path::new("-") {
        Rc::from(STANDARD_INPUT)
    } else {
        Rc::from(path.display().to_string())
    };
    let io_error = |source| IngestError::Io {
        file: display.to_string(),
        source,
    };
    let (input, size): (Box<dyn Read>, Option<u64>) = if path == Path::new("-") {
        (Box::new(std::io::stdin().lock()), None)
    } else {
        let file = std::fs::File::open(path).map_err(io_error)?;
        let size = file
            .metadata()
            .ok()
            .filter(std::fs::Metadata::is_file)
            .map(|metadata| metadata.len());
        (Box::new(file), size)
    };
    let count = ReadCount::new(size);
    let counting: Box<dyn Read> = Box::new(compression::Counting {
        inner: input,
        count: count.clone(),
    });
    let mut input = BufReader::with_capacity(1 << 16, counting);
    let mut compressed = None;
    if compression::is_gzip(input.fill_buf().map_err(io_error)?) {
        let decoded: Box<dyn Read> = Box::new(compression::Gzip::new(input));
        input = BufReader::with_capacity(1 << 16, decoded);
        compressed = Some(count);
    }
    let start = input.fill_buf().map_err(io_error)?;
    // Refused whole and first: read as text, each of its lines or its header would be an
    // invalid record, and --skip-invalid would store none of them.
    if let Some(compression) = Compression::of(start) {
        return Err(IngestError::Compressed {
            file: display.to_string(),
            compression,
        });
    }
    if let Some(encoding) = Utf16::of(start) {
        return Err(IngestError::Utf16 {
            file: display.to_string(),
            encoding,
        });
    }
    let format = match options.format.or_else(|| format_from_extension(path)) {
        Some(format) => format,
        None => sniff(start),
    };
    let delimiter = format.delimiter(start);
    Ok(Opened {
        input,
        format,
        delimiter,
        display,
        compressed,
    })
}

/// Points each `--map` column at the header's column of that name, compared like
/// the header's field names: ignoring case and surrounding spaces.
fn resolve_columns(columns: &[String], options: &mut ReadOptions) {
    for (_, column) in &mut options.renames {
        if columns.contains(column) {
            continue;
        }
        if let Some(found) = columns.iter().find(|name| same_column(name, column)) {
            column.clone_from(found);
        }
    }
}

/// Checks that the CSV header has every `--map` column, and a column for every required
/// field that neither `--map` nor `--set` provides. Its messages name the columns as the
/// header writes them ("Date", not "date").
fn check_columns(
    header: &csv_format::Header,
    options: &ReadOptions,
    file: &str,
) -> Result<(), IngestError> {
    let columns = &header.names;
    // JSON read as CSV (by its extension or --format) has one odd "column" per key of
    // its first line: say what it looks like rather than list them.
    if let Some(start) = columns[0].chars().next().filter(|c| ['{', '['].contains(c)) {
        return Err(IngestError::LooksLikeJson {
            file: file.to_string(),
            start,
        });
    }
    for (field, column) in &options.renames {
        if !columns.contains(column) {
            let close =
                crate::suggest::closest(column, header.written.iter().map(String::as_str), 3);
            return Err(IngestError::MissingColumn {
                field: field.clone(),
                column: column.clone(),
                file: file.to_string(),
                suggestion: crate::suggest::did_you_mean(&close),
                columns: header.written.clone(),
            });
        }
    }
    let missing: Vec<&'static str> = REQUIRED_FIELDS
        .into_iter()
        .filter(|required| {
            let mapped = options.renames.iter().any(|(field, _)| field == required);
            let given = options
                .defaults
                .iter()
                .any(|(field, value)| field == required && !value.trim().is_empty());
            !mapped && !given && !columns.iter().any(|column| column == required)
        })
        .collect();
    if !missing.is_empty() {
        return Err(IngestError::MissingRequiredColumns {
            file: file.to_string(),
            likely: likely_columns(&missing, header, options),
            missing,
            columns: header.written.clone(),
        });
    }
    Ok(())
}

/// Returns, for each of the `missing` fields that a column of the header seems to give,
/// that column as written: one close to the field's name or another name of it (`Speakr`,
/// `Statment` for the text), else one with the field's name among its words (`Date of
/// statement`). A column named as a field, or read by a `--map`, is not offered.
fn likely_columns(
    missing: &[&'static str],
    header: &csv_format::Header,
    options: &ReadOptions,
) -> Vec<(&'static str, String)> {
    let free: Vec<&str> = header
        .names
        .iter()
        .zip(&header.written)
        .filter(|(name, _)| {
            !FIELDS.contains(&name.as_str())
                && !options.renames.iter().any(|(_, column)| column == *name)
        })
        .map(|(_, written)| written.as_str())
        .collect();
    let mut likely: Vec<(&'static str, String)> = Vec::new();
    for &field in missing {
        let names: &[&str] = match field {
            "text" => &["text", "statement", "body", "content", "quote"],
            "speaker" => &["speaker", "author", "person", "name"],
            "date" => &["date", "published", "day"],
            _ => &[field],
        };
        let unused = |column: &&str| !likely.iter().any(|(_, taken)| taken == column);
        let close = names.iter().find_map(|name| {
            crate::suggest::closest(name, free.iter().copied().filter(unused), 1)
                .first()
                .copied()
        });
        let containing = || {
            let mut found = free.iter().copied().filter(unused).filter(|column| {
                column
                    .to_lowercase()
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|word| word == field)
            });
            // Two such columns (`date of statement`, `date of publication`): a guess.
            match (found.next(), found.next()) {
                (Some(only), None) => Some(only),
                _ => None,
            }
        };
        if let Some(column) = close.or_else(containing) {
            likely.push((field, column.to_string()));
        }
    }
    likely
}

/// The statements that ship inside the binary (`corpus/statements.jsonl`), so that the
/// default archive can be seeded on a machine without the repository.
pub const BUNDLED_CORPUS: &str = include_str!("../../corpus/statements.jsonl");

/// Returns the records of the bundled corpus.
pub fn read_bundled() -> Records {
    let input = std::io::Cursor::new(BUNDLED_CORPUS.as_bytes());
    Records::new(
        Box::new(json_lines::records(input)),
        Rc::from("<bundled corpus>"),
        ReadOptions::default(),
    )
}

/// The validated records of one input.
pub struct Records {
    raw: RawRecords,
    file: Rc<str>,
    options: ReadOptions,
    ignored_fields: Vec<String>,
    /// For each `--map`, whether a record has had its column or key.
    mapped_seen: Vec<bool>,
    /// For each `--set`, whether a record lacked the field and took its value.
    defaults_used: Vec<bool>,
    /// The keys records had, for suggestions when a mapped key is never seen (bounded).
    keys_seen: Vec<String>,
    /// Whether any record was read, and whether the input is read to its end.
    any_record: bool,
    finished: bool,
    /// For gzip input, the compressed bytes read so far.
    compressed: Option<ReadCount>,
    /// The problems of the record last read after its first, yielded before the next
    /// record is read.
    pending: std::vec::IntoIter<InvalidRecord>,
    /// A CSV input's columns as its records are keyed (after `--map` is fitted to them),
    /// in the order of its header; empty for JSON.
    columns: Vec<String>,
    /// How many records carried both `external_id` and `id`, as search and show write
    /// them: the `id` left out, being the statement's number in the archive it came from.
    numbers_left_out: u64,
    /// The positions (from 1) of a CSV input's columns without a name, ignored.
    unnamed_columns: Vec<usize>,
}

impl Records {
    fn new(raw: RawRecords, file: Rc<str>, options: ReadOptions) -> Records {
        Records {
            raw,
            file,
            mapped_seen: vec![false; options.renames.len()],
            defaults_used: vec![false; options.defaults.len()],
            options,
            ignored_fields: Vec::new(),
            keys_seen: Vec::new(),
            any_record: false,
            finished: false,
            compressed: None,
            pending: Vec::new().into_iter(),
            columns: Vec::new(),
            numbers_left_out: 0,
            unnamed_columns: Vec::new(),
        }
    }

    /// Returns, for gzip input, the count of its compressed bytes read so far: how far
    /// the reading is, where the lines reached do not say (the decompressed lines are not
    /// counted before reading).
    pub fn compressed_read(&self) -> Option<ReadCount> {
        self.compressed.clone()
    }

    /// Returns the `--set` fields and values that no record took, every record read
    /// having its own value of the field: `--set` fills only the records that lack it,
    /// and a user who meant it to replace the file's values would not know otherwise.
    pub fn unused_defaults(&self) -> Vec<&(String, String)> {
        if !self.any_record {
            return Vec::new();
        }
        self.options
            .defaults
            .iter()
            .zip(&self.defaults_used)
            .filter(|(_, used)| !**used)
            .map(|(default, _)| default)
            .collect()
    }

    /// Returns the input fields that are not record fields and were ignored, in the order
    /// first seen (a typo such as "speker" shows up here).
    pub fn ignored_fields(&self) -> &[String] {
        &self.ignored_fields
    }

    /// Returns the positions (from 1) of a CSV input's columns whose header cell is empty,
    /// as pandas writes its index column: ignored, as a column named as no field is, but
    /// nameable only by their place.
    pub fn unnamed_columns(&self) -> &[usize] {
        &self.unnamed_columns
    }

    /// Returns how many records carried `external_id` beside an `id`, as the output of
    /// `search` and `show` does: their `external_id` was read as the id, and their `id`,
    /// the statement's number in the archive they were written from, left out. Read as
    /// the id, it would replace each statement's own id by a number that means nothing
    /// here (and may be another statement's number).
    pub fn numbers_left_out(&self) -> u64 {
        self.numbers_left_out
    }
}

impl Iterator for Records {
    type Item = Result<LocatedStatement, InvalidRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(further) = self.pending.next() {
            return Some(Err(further));
        }
        if self.finished {
            return None;
        }
        let Some(record) = self.raw.next() else {
            self.finished = true;
            return self.unseen_mapping().map(Err);
        };
        let file = self.file.clone();
        let invalid = |line, field: Option<String>, problem: String| InvalidRecord {
            file: file.to_string(),
            line,
            field,
            problem,
            further_problem: false,
        };
        Some(match record {
            Err(problem) => Err(invalid(problem.line, problem.field, problem.problem)),
            Ok(raw) => {
                let line = raw.line;
                self.any_record = true;
                let fields = self.apply_options(raw.fields);
                match (validate(&fields), raw.unreadable.is_empty()) {
                    (Ok(statement), true) => Ok(LocatedStatement {
                        file: self.file.clone(),
                        line,
                        statement,
                    }),
                    (result, _) => {
                        let problems = self.with_unreadable(
                            result.err().unwrap_or_default(),
                            raw.unreadable,
                            &fields,
                        );
                        let mut problems = problems
                            .into_iter()
                            .map(|(field, problem)| invalid(line, Some(field), problem));
                        let first = problems.next();
                        // The record's other problems follow its first, each marked as
                        // the same record's so that the record is counted once.
                        self.pending = problems
                            .map(|further| InvalidRecord {
                                further_problem: true,
                                ..further
                            })
                            .collect::<Vec<_>>()
                            .into_iter();
                        match first {
                            Some(first) => Err(first),
                            // A record is refused with a problem, never without one.
                            None => Err(invalid(line, None, "invalid record".into())),
                        }
                    }
                }
            }
        })
    }
}

impl Records {
    /// The problem of a `--map` whose key no record of the input had: every record then
    /// lacked the field (a typo in the key), which would otherwise pass in silence.
    fn unseen_mapping(&self) -> Option<InvalidRecord> {
        if !self.any_record {
            return None;
        }
        let position = self.mapped_seen.iter().position(|seen| !seen)?;
        let (field, column) = &self.options.renames[position];
        let close = crate::suggest::closest(column, self.keys_seen.iter().map(String::as_str), 3);
        let hint = crate::suggest::did_you_mean(&close)
            .map(|hint| format!("; {hint}"))
            .unwrap_or_default();
        Some(InvalidRecord {
            file: self.file.to_string(),
            line: 0,
            field: Some(format!("--map {field}={}", excerpt(column))),
            problem: format!("no record has the key {}{hint}", quoted(column)),
            further_problem: false,
        })
    }

    fn apply_options(&mut self, mut fields: Map<String, Value>) -> Map<String, Value> {
        // A record of search's or show's output: its id is `external_id` (below).
        let output = fields.contains_key("external_id");
        // The keys met are only wanted to suggest one for a `--map` column no record has
        // had yet: a plain ingest pays nothing for them.
        if self.mapped_seen.contains(&false) {
            for key in fields.keys() {
                if self.keys_seen.len() < 200 && !self.keys_seen.contains(key) {
                    self.keys_seen.push(key.clone());
                }
            }
        }
        // Every mapped column is read before any field is put in, so that mappings may
        // swap two columns (`--map text=title --map title=text`), and one column may give
        // two fields (`--map text=body --map title=body`).
        let renames = &self.options.renames;
        let mut mapped: Vec<(usize, &String, Option<Value>)> = Vec::with_capacity(renames.len());
        for (position, (field, column)) in renames.iter().enumerate() {
            let earlier = renames[..position]
                .iter()
                .position(|(_, other)| other == column);
            // A CSV header's columns were fitted to the --map columns before any record;
            // a JSON record's key is found as they are, in any case.
            let key = if fields.contains_key(column) {
                column.as_str()
            } else {
                fields
                    .keys()
                    .find(|key| same_column(key, column))
                    .map_or(column.as_str(), String::as_str)
            }
            .to_string();
            let value = match earlier {
                Some(earlier) => mapped[earlier].2.clone(),
                // A column named as a field still gives that field, unless a --map reads
                // the field from elsewhere.
                None if gives_its_own_field(&key, renames) => fields.get(&key).cloned(),
                // Removed in place, the other keys keep their order: a record's problems
                // are reported in it.
                None => fields.shift_remove(&key),
            };
            mapped.push((position, field, value));
        }
        for (position, field, value) in mapped {
            // A mapped field is read from its column only: never from a key of its own
            // name, which would hide a mistyped column behind another value.
            fields.shift_remove(field);
            if let Some(value) = value {
                self.mapped_seen[position] = true;
                fields.insert(field.clone(), value);
            }
        }
        // Unless a --map says where the id is: `external_id` is the record's id (null:
        // none), and `id` the statement's number in the archive it came from.
        if !renames.iter().any(|(field, _)| field == "id") {
            if let Some(external) = fields.shift_remove("external_id") {
                if let Some(number) = fields.insert("id".to_string(), external) {
                    self.numbers_left_out += u64::from(!number.is_null());
                }
            }
        }
        for ((field, value), used) in self.options.defaults.iter().zip(&mut self.defaults_used) {
            if is_absent(fields.get(field)) {
                fields.insert(field.clone(), Value::String(value.clone()));
                *used = true;
            }
        }
        for key in fields.keys() {
            let read = FIELDS.contains(&key.as_str()) || OUTPUT_FIELDS.contains(&key.as_str());
            let left_out = output && OUTPUT_ONLY_FIELDS.contains(&key.as_str());
            // A CSV's columns without a name are told apart by their place: see
            // `unnamed_columns`.
            let unnamed = key.is_empty() && !self.columns.is_empty();
            if !read
                && !left_out
                && !unnamed
                && !self.ignored_fields.contains(key)
                && self.ignored_fields.len() < 100
            {
                self.ignored_fields.push(key.clone());
            }
        }
        fields
    }

    /// Returns the problems of a record's fields, named as the user's file names them,
    /// with those of its columns that are not UTF-8 (`unreadable`), in the order of its
    /// fields as its line reads: a CSV record's by its header's columns (a field by the
    /// column `--map` reads it from), a JSON record's by its keys; a field missing from
    /// the record comes last. A field read from a column that is not UTF-8 is reported as
    /// such: what its replacement characters make of it is beside the point.
    fn with_unreadable(
        &self,
        mut problems: Vec<FieldProblem>,
        unreadable: Vec<(String, String)>,
        fields: &Map<String, Value>,
    ) -> Vec<(String, String)> {
        let renames = &self.options.renames;
        let column_of = |field: &str| -> String {
            renames
                .iter()
                .find(|(mapped, _)| mapped == field)
                .map_or(field, |(_, column)| column.as_str())
                .to_string()
        };
        problems.retain(|(field, _)| {
            let column = column_of(field);
            !unreadable.iter().any(|(other, _)| *other == column)
        });
        let position = |field: &str, column: &str| {
            let position = if self.columns.is_empty() {
                fields.keys().position(|key| key == field)
            } else {
                self.columns.iter().position(|name| name == column)
            };
            position.unwrap_or(usize::MAX)
        };
        let mut listed: Vec<(usize, String, String)> = problems
            .into_iter()
            .map(|(field, problem)| {
                (
                    position(field, &column_of(field)),
                    self.shown_name(field),
                    problem,
                )
            })
            .collect();
        for (column, problem) in unreadable {
            let shown = match renames.iter().find(|(_, mapped)| *mapped == column) {
                Some((field, _)) => self.shown_name(field),
                None => column.clone(),
            };
            listed.push((position(&column, &column), shown, problem));
        }
        // Stable: the problems of one field, and of the missing fields, keep their order.
        listed.sort_by_key(|&(position, _, _)| position);
        listed
            .into_iter()
            .map(|(_, field, problem)| (field, problem))
            .collect()
    }

    /// Names a field as the user's file names it: "text (column body)" after `--map`.
    fn shown_name(&self, field: &str) -> String {
        match self
            .options
            .renames
            .iter()
            .find(|(mapped, _)| mapped == field)
        {
            Some((_, column)) => format!("{field} (column {})", excerpt(column)),
            None => field.to_string(),
        }
    }
}

/// Returns the format a file's name tells: its extension, or the one before a
/// compression's (`x.jsonl.gz` is JSON Lines).
pub fn format_from_extension(path: &Path) -> Option<InputFormat> {
    let inner = compression::inner_name(path);
    let path = inner.as_deref().unwrap_or(path);
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "jsonl" | "ndjson" => Some(InputFormat::Jsonl),
        "json" => Some(InputFormat::Json),
        "csv" => Some(InputFormat::Csv),
        "tsv" | "tab" => Some(InputFormat::Tsv),
        _ => None,
    }
}

/// Guesses the format of input without a telling extension, from its first bytes.
fn sniff(start: &[u8]) -> InputFormat {
    let first = start.iter().copied().find(|byte| {
        !byte.is_ascii_whitespace() && *byte != 0xEF && *byte != 0xBB && *byte != 0xBF
    });
    match first {
        Some(b'[') => InputFormat::Json,
        // Objects printed over several lines (`jq .`) are JSON, not JSON Lines.
        Some(b'{') if json_lines::spread_over_lines(start).is_some() => InputFormat::Json,
        Some(b'{') => InputFormat::Jsonl,
        _ => InputFormat::Csv,
    }
}

fn is_absent(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(text)) => text.trim().is_empty(),
        _ => false,
    }
}

type FieldProblem = (&'static str, String);

/// The problems of one record's fields, gathered so that all of them are reported at
/// once: a user who fixes the one reported would otherwise learn of the next only on the
/// next run. Empty, as for every valid record, it holds no allocation.
#[derive(Debug, Default)]
struct Problems(Vec<FieldProblem>);

impl Problems {
    /// Returns a field's value, or None once its problem is noted.
    fn check<T>(&mut self, value: Result<T, FieldProblem>) -> Option<T> {
        match value {
            Ok(value) => Some(value),
            Err(problem) => {
                self.0.push(problem);
                None
            }
        }
    }
}

/// Validates a record's fields into a statement, or returns the problem of every field
/// at fault, in the order they are checked.
fn validate(fields: &Map<String, Value>) -> Result<NewStatement, Vec<FieldProblem>> {
    let mut problems = Problems::default();
    let text = problems.check(required_text(fields, "text"));
    let speaker_name = problems.check(required_text(fields, "speaker"));
    let date = problems.check(date(fields));
    let time = problems.check(time(fields, date.and_then(|(_, time)| time)));
    let date = date.map(|(date, _)| date);
    if let (Some(date), Some(Some(_))) = (date, time) {
        if date.precision() != DatePrecision::Day {
            problems.0.push((
                "time",
                format!("a time of day needs a date to the day, found {date}"),
            ));
        }
    }
    let time = time.flatten();
    let country = problems
        .check(optional_text(fields, "country").and_then(|name| {
            name.map(|name| {
                country::lookup(&name)
                    .map(|found| found.alpha2.to_string())
                    .ok_or_else(|| ("country", unknown_country(&name)))
            })
            .transpose()
        }))
        .flatten();
    let speaker_kind = problems
        .check(optional_text(fields, "speaker_kind").and_then(|kind| {
            kind.map(|kind| {
                SpeakerKind::parse(&kind).ok_or_else(|| {
                    (
                        "speaker_kind",
                        format!("expected person or institution, found {}", quoted(&kind)),
                    )
                })
            })
            .transpose()
        }))
        .flatten();
    let kind = problems
        .check(optional_text(fields, "kind").and_then(|kind| {
            kind.map(|kind| {
                StatementKind::parse(&kind).ok_or_else(|| {
                    (
                        "kind",
                        format!(
                            "expected statement, quote or paraphrase, found {}",
                            quoted(&kind)
                        ),
                    )
                })
            })
            .transpose()
        }))
        .flatten()
        .unwrap_or(StatementKind::Statement);
    let language = problems
        .check(optional_text(fields, "language").and_then(|language| {
            language
                .map(|language| language_code(&language))
                .transpose()
                .map_err(|problem| ("language", problem))
        }))
        .flatten()
        .unwrap_or_else(|| "en".into());
    let source = source(fields, &mut problems);
    let tags = problems.check(tags(fields)).unwrap_or_default();
    let external_id = problems
        .check(match fields.get("id") {
            Some(Value::Number(number)) => integer_id(number).map(Some),
            _ => optional_text(fields, "id"),
        })
        .flatten();
    let role = problems.check(optional_text(fields, "role")).flatten();
    let organization = problems
        .check(optional_text(fields, "organization"))
        .flatten();
    let channel = problems
        .check(optional_text(fields, "channel").and_then(|channel| {
            channel
                .map(|channel| label("channel", &channel))
                .transpose()
                .map_err(|problem| ("channel", problem))
        }))
        .flatten();
    let title = problems.check(optional_text(fields, "title")).flatten();
    let history = problems.check(history(fields)).unwrap_or_default();
    let deleted = problems.check(deletion(fields)).flatten();
    let role_origin = problems.check(origin(fields, "role_origin")).flatten();
    let organization_origin = problems
        .check(origin(fields, "organization_origin"))
        .flatten();
    let (Some(text), Some(name), Some(date), true) =
        (text, speaker_name, date, problems.0.is_empty())
    else {
        return Err(problems.0);
    };
    Ok(NewStatement {
        external_id,
        text,
        speaker: SpeakerMention {
            name,
            kind: speaker_kind,
            role,
            organization,
            country,
        },
        date,
        time,
        kind,
        channel,
        language,
        title,
        source,
        tags,
        history,
        deleted,
        role_origin,
        organization_origin,
    })
}

/// Reads where an exported statement's role or organisation came from (`name`):
/// `recorded` or `cleared`, as [`RoleOrigin`] names them.
fn origin(
    fields: &Map<String, Value>,
    name: &'static str,
) -> Result<Option<RoleOrigin>, FieldProblem> {
    optional_text(fields, name)?
        .map(|text| {
            RoleOrigin::parse(&text).ok_or_else(|| {
                (
                    name,
                    format!(
                        "expected \"recorded\" or \"cleared\", found {}",
                        quoted(&text)
                    ),
                )
            })
        })
        .transpose()
}

/// Describes a record's country that no table has, with the closest names when some are
/// close: a misspelt name (`Azerbajan`) is the likely cause.
fn unknown_country(name: &str) -> String {
    let question = country::did_you_mean(name)
        .map(|question| format!(": {question}"))
        .unwrap_or_default();
    format!(
        "unknown country {}{question} ({})",
        quoted(name),
        country::advice(name)
    )
}

/// Reads a record's date: text, or a year written as a number; with the time of day
/// written after it, if any.
fn date(fields: &Map<String, Value>) -> Result<(PartialDate, Option<TimeOfDay>), FieldProblem> {
    let date = match fields.get("date") {
        Some(Value::Number(number)) if number.is_u64() => number.to_string(),
        _ => required_text(fields, "date")?,
    };
    PartialDate::parse_with_time(&date).map_err(|error| ("date", error.to_string()))
}

/// Reads a record's time of day: its `time` field (as `export` writes it beside the
/// date), or the time its date was written with. Both given, they must agree.
fn time(
    fields: &Map<String, Value>,
    in_date: Option<TimeOfDay>,
) -> Result<Option<TimeOfDay>, FieldProblem> {
    let Some(text) = optional_text(fields, "time")? else {
        return Ok(in_date);
    };
    let time = parse_time(&text).map_err(|problem| ("time", problem))?;
    match in_date {
        Some(in_date) if in_date != time => Err((
            "time",
            format!("{time} is not the time the date gives, {in_date}"),
        )),
        _ => Ok(Some(time)),
    }
}

/// Reads a time of day as a `time` field or `edit --set time=` gives it.
fn parse_time(text: &str) -> Result<TimeOfDay, String> {
    TimeOfDay::parse(text).ok_or_else(|| {
        format!(
            "expected a time of day such as 08:30, 08:30:00 or 08:30:00+04:00, found {}",
            quoted(text)
        )
    })
}

/// Returns a language as stored (see [`crate::language::normalize`]: `rus`, `Russian` and
/// `ru` are `ru`; `RU_ru` is `ru-RU`), or the problem with it. Ingest, `add` and `edit`
/// all go through it: a language decides a statement's stemming and is a label that
/// filters (`--lang`), facets and exports print as it is, so one language must be one
/// tag, and anything that is no language tag is refused wherever it would enter the
/// archive.
pub fn language_code(value: &str) -> Result<String, String> {
    crate::language::normalize(value).map_err(|error| error.to_string())
}

/// The longest channel or tag, in characters. A label is matched whole (`--tag`,
/// `--channel`), and the index keeps a label as one term of at most 64 KiB: longer, a
/// label would be stored but never found. A thousand characters is far more than any
/// real channel or tag and well inside that bound, whatever the script.
pub const MAX_LABEL_CHARACTERS: usize = 1000;

/// Returns a channel or tag as stored (trimmed, lower case), or the problem with it.
fn label(what: &str, value: &str) -> Result<String, String> {
    let label = normalize_label(value);
    let characters = label.chars().count();
    if characters > MAX_LABEL_CHARACTERS {
        return Err(format!(
            "a {what} has at most {MAX_LABEL_CHARACTERS} characters, found one of {characters} \
             (long text belongs in text or title)"
        ));
    }
    Ok(label)
}

/// Returns a numeric id as its integer text. JSON numbers that are not integers of 64
/// bits were read as floating point: a fraction, an exponent, `-0`, or a number too large
/// to be exact, which two different ids could share, so they are refused.
fn integer_id(number: &serde_json::Number) -> Result<String, FieldProblem> {
    if let Some(unsigned) = number.as_u64() {
        return Ok(unsigned.to_string());
    }
    if let Some(signed) = number.as_i64() {
        return Ok(signed.to_string());
    }
    let float = number.as_f64().unwrap_or(f64::NAN);
    let problem = if float.is_finite() && float.fract() == 0.0 && float.abs() >= 9.0e18 {
        "too large a number to be read exactly; write the id as a string".to_string()
    } else {
        format!("expected a string or an integer, found the number {number} (a fraction, an exponent or -0); write the id as a string")
    };
    Err(("id", problem))
}

/// Validates one record given as field → value pairs (the `add` command), with the same
/// rules as a file's records.
pub fn validate_fields(fields: &Map<String, Value>) -> Result<NewStatement, (String, String)> {
    for key in fields.keys() {
        if !FIELDS.contains(&key.as_str()) {
            return Err((
                key.clone(),
                format!("unknown field; the fields are: {}", FIELDS.join(", ")),
            ));
        }
    }
    // `add` names one field at a time, as its error has room for one problem.
    validate(fields).map_err(|problems| {
        let (field, problem) = problems.into_iter().next().unwrap_or_default();
        (field.to_string(), problem)
    })
}

/// Validates `edit --set FIELD=VALUE`; an empty value clears an optional field. The
/// speaker's country, when given, picks between speakers of the same name.
pub fn parse_edit(
    field: &str,
    value: &str,
    speaker_country: Option<&str>,
) -> Result<FieldValue, String> {
    let field = EditableField::parse(field).ok_or_else(|| {
        let names: Vec<&str> = EditableField::ALL
            .iter()
            .map(|field| field.name())
            .collect();
        format!(
            "{} cannot be edited; the fields are: {}",
            quoted(field),
            names.join(", ")
        )
    })?;
    let trimmed = value.trim();
    // As at ingest: invisible format characters alone are no value.
    let optional = || (!crate::model::is_blank(trimmed)).then(|| trimmed.to_string());
    let required = |name: &str| {
        if crate::model::is_blank(trimmed) {
            Err(format!("cannot be empty: every statement has a {name}"))
        } else if let Some(problem) = unreadable(name, trimmed) {
            Err(format!("{problem}: every statement has a {name}"))
        } else {
            Ok(trimmed.to_string())
        }
    };
    Ok(match field {
        EditableField::Text => FieldValue::Text(required("text")?),
        EditableField::Speaker => {
            let country = speaker_country
                .map(|name| {
                    country::lookup(name)
                        .map(|found| found.alpha2.to_string())
                        .ok_or_else(|| format!("unknown country {}", quoted(name)))
                })
                .transpose()?;
            FieldValue::Speaker(SpeakerMention {
                name: required("speaker")?,
                kind: None,
                role: None,
                organization: None,
                country,
            })
        }
        EditableField::Date => {
            let (date, time) =
                PartialDate::parse_with_time(trimmed).map_err(|error| error.to_string())?;
            // The time of day is a field of its own: a date and time given as one value
            // would lose the time without a word.
            if let Some(time) = time {
                return Err(format!(
                    "{} has a time of day, which is its own field: set date={date} and time={time}",
                    quoted(trimmed)
                ));
            }
            FieldValue::Date(date)
        }
        EditableField::Kind => {
            FieldValue::Kind(StatementKind::parse(trimmed).ok_or_else(|| {
                format!(
                    "expected statement, quote or paraphrase, found {}",
                    quoted(trimmed)
                )
            })?)
        }
        EditableField::Channel => FieldValue::Channel(
            optional()
                .map(|channel| label("channel", &channel))
                .transpose()?,
        ),
        EditableField::Language => FieldValue::Language(language_code(&required("language")?)?),
        EditableField::Title => FieldValue::Title(optional()),
        EditableField::Role => FieldValue::Role(optional()),
        EditableField::Organization => FieldValue::Organization(optional()),
        EditableField::SourceOutlet => FieldValue::SourceOutlet(optional()),
        EditableField::SourceUrl => FieldValue::SourceUrl(optional()),
        EditableField::SourcePublished => FieldValue::SourcePublished(
            optional()
                .map(|date| PartialDate::parse(&date).map_err(|error| error.to_string()))
                .transpose()?,
        ),
        EditableField::Tags => FieldValue::Tags(tag_set([trimmed])?),
        EditableField::Time => {
            FieldValue::Time(optional().map(|time| parse_time(&time)).transpose()?)
        }
    })
}

/// Reads the corrections an `export --with-history` record carries.
fn history(fields: &Map<String, Value>) -> Result<Vec<HistoryEntry>, FieldProblem> {
    let items = match fields.get("history") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err((
                "history",
                format!("expected a list of changes, found {}", type_name(other)),
            ))
        }
    };
    items
        .iter()
        .enumerate()
        .map(|(position, item)| {
            let problem = |what: &str| ("history", format!("change {}: {what}", position + 1));
            let object = item
                .as_object()
                .ok_or_else(|| problem("expected an object"))?;
            let text = |key: &str| -> Result<Option<String>, FieldProblem> {
                match object.get(key) {
                    None | Some(Value::Null) => Ok(None),
                    Some(Value::String(text)) => Ok(Some(text.clone())),
                    Some(_) => Err(problem(&format!("{key}: expected a string"))),
                }
            };
            let action = text("action")?.ok_or_else(|| problem("action: missing"))?;
            Ok(HistoryEntry {
                statement_id: StatementId(0),
                at: text("at")?.ok_or_else(|| problem("at: missing"))?,
                action: ChangeAction::parse(&action)
                    .ok_or_else(|| problem("action: expected edit, delete or restore"))?,
                field: text("field")?,
                old_value: text("old_value")?,
                new_value: text("new_value")?,
                reason: text("reason")?.unwrap_or_default(),
            })
        })
        .collect()
}

/// Reads the tombstone a record carries: `deleted`, an object with `at` and `reason`, as
/// `export --with-history`, `show` and `search --deleted` write it, or the `deleted_at`
/// and `deleted_reason` columns of their CSV.
///
/// Such a record is stored deleted, as it was where it was written: stored live, a
/// statement retracted there (as fabricated, say) would be found by every search here;
/// left out, this archive would not know it retracted, and the statement ingested again
/// from its first source would be stored live. `search --deleted` shows it here too.
fn deletion(fields: &Map<String, Value>) -> Result<Option<Deletion>, FieldProblem> {
    match fields.get("deleted") {
        None | Some(Value::Null) => {
            let at = optional_text(fields, "deleted_at")?;
            let reason = optional_text(fields, "deleted_reason")?;
            match (at, reason) {
                (Some(at), reason) => Ok(Some(Deletion {
                    at,
                    reason: reason.unwrap_or_default(),
                })),
                (None, Some(_)) => Err((
                    "deleted_reason",
                    "given without deleted_at, the time of the deletion".to_string(),
                )),
                (None, None) => Ok(None),
            }
        }
        Some(Value::Object(object)) => {
            let at = object
                .get("at")
                .and_then(Value::as_str)
                .ok_or(("deleted", "at: missing".to_string()))?;
            let reason = object
                .get("reason")
                .and_then(Value::as_str)
                .unwrap_or_default();
            Ok(Some(Deletion {
                at: at.to_string(),
                reason: reason.to_string(),
            }))
        }
        Some(other) => Err((
            "deleted",
            format!(
                "expected an object with at and reason, found {}",
                type_name(other)
            ),
        )),
    }
}

fn required_text(fields: &Map<String, Value>, name: &'static str) -> Result<String, FieldProblem> {
    let Some(value) = optional_text(fields, name)? else {
        // Invisible characters alone are said so: the value does not look missing.
        let invisible = match fields.get(name) {
            Some(Value::String(text)) if !text.trim().is_empty() => {
                format!(": {} has only invisible characters", quoted(text.trim()))
            }
            _ => String::new(),
        };
        return Err((name, format!("missing (this field is required){invisible}")));
    };
    match unreadable(name, &value) {
        Some(problem) => Err((name, format!("missing (this field is required): {problem}"))),
        None => Ok(value),
    }
}

/// Says why a speaker or a text that is not blank still says nothing, None when it says
/// something. A scraped page's empty cell often holds a direction mark or a stray
/// punctuation mark: stored, such speakers were one invisible speaker shown as `�`, and
/// such texts statements with nothing to read. A speaker is named by a letter or a digit
/// (`؟!` and `״` name no one); a text needs something visible, which punctuation or an
/// emoji is (a statement may be `👍`), but marks without a letter to sit on are not.
fn unreadable(name: &str, value: &str) -> Option<String> {
    use unicode_normalization::char::is_combining_mark;
    let says_something = match name {
        "speaker" => value.chars().any(crate::fold::is_letter_or_digit),
        _ => value.chars().any(|character| {
            !character.is_whitespace()
                && !crate::fold::is_invisible_format(character)
                && !is_combining_mark(character)
        }),
    };
    (!says_something).then(|| match name {
        "speaker" => format!(
            "{} has no letter or digit, only marks or punctuation",
            quoted(value)
        ),
        _ => format!(
            "{} has nothing to read, only invisible characters or marks",
            quoted(value)
        ),
    })
}

fn optional_text(
    fields: &Map<String, Value>,
    name: &'static str,
) -> Result<Option<String>, FieldProblem> {
    match fields.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => {
            let trimmed = text.trim();
            // Invisible format characters alone (a direction mark left in an empty cell
            // of a right-to-left page) are no value, as whitespace is none: kept, they
            // were an organisation or channel no one could see or name.
            let blank = crate::model::is_blank(trimmed);
            Ok((!blank).then(|| trimmed.to_string()))
        }
        Some(other) => Err((
            name,
            format!("expected a string, found {}", type_name(other)),
        )),
    }
}

/// Reads a record's source from `source` (an outlet, or an object) and the `source_…`
/// fields, which win; each field at fault adds its problem.
fn source(fields: &Map<String, Value>, problems: &mut Problems) -> Source {
    let mut source = Source {
        outlet: problems
            .check(optional_text(fields, "source_outlet"))
            .flatten(),
        url: problems
            .check(optional_text(fields, "source_url"))
            .flatten(),
        published: problems
            .check(
                optional_text(fields, "source_published")
                    .and_then(|text| published(text, "source_published")),
            )
            .flatten(),
    };
    match fields.get("source") {
        None | Some(Value::Null) => {}
        Some(Value::String(outlet)) => {
            source.outlet = source
                .outlet
                .or_else(|| Some(outlet.trim().to_string()).filter(|o| !o.is_empty()))
        }
        Some(Value::Object(object)) => {
            if let Some(key) = object
                .keys()
                .find(|key| !["outlet", "url", "published"].contains(&key.as_str()))
            {
                problems.0.push((
                    "source",
                    format!(
                        "unknown key {} (expected outlet, url, published)",
                        quoted(key)
                    ),
                ));
                return source;
            }
            let nested = |key: &str| -> Result<Option<String>, FieldProblem> {
                match object.get(key) {
                    None | Some(Value::Null) => Ok(None),
                    Some(Value::String(text)) => {
                        Ok(Some(text.trim().to_string()).filter(|text| !text.is_empty()))
                    }
                    Some(other) => Err((
                        "source",
                        format!("{key}: expected a string, found {}", type_name(other)),
                    )),
                }
            };
            let outlet = problems.check(nested("outlet")).flatten();
            source.outlet = source.outlet.or(outlet);
            let url = problems.check(nested("url")).flatten();
            source.url = source.url.or(url);
            if source.published.is_none() {
                source.published = problems
                    .check(nested("published").and_then(|text| published(text, "source")))
                    .flatten();
            }
        }
        Some(other) => problems.0.push((
            "source",
            format!(
                "expected an object with outlet, url, published, found {}",
                type_name(other)
            ),
        )),
    }
    source
}

fn published(
    text: Option<String>,
    field: &'static str,
) -> Result<Option<PartialDate>, FieldProblem> {
    text.map(|text| PartialDate::parse(&text).map_err(|error| (field, error.to_string())))
        .transpose()
}

fn tags(fields: &Map<String, Value>) -> Result<Vec<String>, FieldProblem> {
    let cells: Vec<&str> = match fields.get("tags") {
        None | Some(Value::Null) => Vec::new(),
        // In CSV and --set, tags are one cell: "border;casualties".
        Some(Value::String(text)) => vec![text],
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(tag) => Ok(tag.as_str()),
                other => Err((
                    "tags",
                    format!("expected strings in the list, found {}", type_name(other)),
                )),
            })
            .collect::<Result<_, _>>()?,
        Some(other) => {
            return Err((
                "tags",
                format!("expected a list of strings, found {}", type_name(other)),
            ))
        }
    };
    tag_set(cells).map_err(|problem| ("tags", problem))
}

/// Returns the tags of `cells` as stored: each label, sorted, once. ";" separates tags
/// everywhere, in a list's items too, so that a CSV export reads back the same tags.
fn tag_set<'a>(cells: impl IntoIterator<Item = &'a str>) -> Result<Vec<String>, String> {
    let mut tags = cells
        .into_iter()
        .flat_map(|cell| cell.split(';'))
        .map(|tag| label("tag", tag))
        .collect::<Result<Vec<String>, String>>()?;
    tags.retain(|tag| !tag.is_empty());
    tags.sort();
    tags.dedup();
    Ok(tags)
}

/// Parses the JSON object of the record that starts on `line`.
fn json_object(text: &str, line: u64) -> Result<RawRecord, ReadProblem> {
    match unique_keys::parse(text) {
        Ok(Value::Object(fields)) => Ok(RawRecord {
            line,
            fields: field_keys(fields).map_err(|(field, first, second)| ReadProblem {
                line,
                field: Some(field.to_string()),
                problem: format!(
                    "given twice in one record, as {} and {}; which value to store would be a guess",
                    quoted(&first),
                    quoted(&second)
                ),
            })?,
            unreadable: Vec::new(),
        }),
        Err(unique_keys::ParseError::Duplicate(key)) => Err(ReadProblem {
            line,
            field: Some(key),
            problem: "given twice in one record; which value to store would be a guess".to_string(),
        }),
        Ok(other) => Err(ReadProblem {
            line,
            field: None,
            problem: format!("expected a JSON object, found {}", type_name(&other)),
        }),
        // Named by the line it is on, which may be after the line the record starts on.
        Err(unique_keys::ParseError::Json(error)) => {
            let message = error.to_string();
            let message = match error.line() {
                0 => message,
                at => message
                    .strip_suffix(&format!(" at line {at} column {}", error.column()))
                    .map_or(message.clone(), |message| {
                        format!("{message} at column {}", error.column())
                    }),
            };
            Err(ReadProblem {
                line: line + (error.line().max(1) as u64 - 1),
                field: None,
                problem: format!("invalid JSON: {message}"),
            })
        }
    }
}

/// Renames the keys of a JSON record that name a field in another case (`Text`, see
/// [`field_name`]) to the field's name, as a CSV header's columns are, keeping their
/// order; other keys are kept as written. Two keys that name one field (`Text` and
/// `text`) are the field and the two keys: which value to store would be a guess.
fn field_keys(
    fields: Map<String, Value>,
) -> Result<Map<String, Value>, (&'static str, String, String)> {
    let renamed = |key: &String| field_name(key).filter(|field| *field != key.as_str());
    // Every record is asked: a key already in lower case, without spaces around it (as
    // nearly every file writes them), names its field as written or none, and is told
    // without looking through the fields' names.
    let may_be_renamed = |key: &String| {
        !key.is_ascii()
            || key.bytes().any(|byte| byte.is_ascii_uppercase())
            || key.starts_with(char::is_whitespace)
            || key.ends_with(char::is_whitespace)
    };
    if !fields
        .keys()
        .any(|key| may_be_renamed(key) && renamed(key).is_some())
    {
        return Ok(fields);
    }
    let mut named = Map::with_capacity(fields.len());
    // The key each field was read from, for the problem of a field given twice.
    let mut given: Vec<(&'static str, String)> = Vec::new();
    for (key, value) in fields {
        let Some(field) = field_name(&key) else {
            named.insert(key, value);
            continue;
        };
        if let Some((_, first)) = given.iter().find(|(earlier, _)| *earlier == field) {
            return Err((field, first.clone(), key));
        }
        given.push((field, key));
        named.insert(field.to_string(), value);
    }
    Ok(named)
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Names the first field of a lossily decoded record that holds replaced bytes, so an
/// invalid UTF-8 error can say which field is at fault.
fn field_with_replacement(fields: &Map<String, Value>) -> Option<String> {
    fields
        .iter()
        .find_map(|(key, value)| value.to_string().contains('\u{FFFD}').then(|| key.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(
        format: InputFormat,
        input: &str,
        options: ReadOptions,
    ) -> Vec<Result<NewStatement, String>> {
        let raw: RawRecords = match format {
            InputFormat::Jsonl => Box::new(json_lines::records(std::io::Cursor::new(
                input.as_bytes().to_vec(),
            ))),
            InputFormat::Json => Box::new(
                json_array::records(std::io::Cursor::new(input.as_bytes().to_vec()), "f").unwrap(),
            ),
            InputFormat::Csv | InputFormat::Tsv => Box::new(
                csv_format::records(
                    std::io::Cursor::new(input.as_bytes().to_vec()),
                    format.delimiter(input.as_bytes()),
                )
                .1,
            ),
        };
        Records::new(raw, Rc::from("f"), options)
            .map(|record| {
                record
                    .map(|located| located.statement)
                    .map_err(|invalid| invalid.to_string())
            })
            .collect()
    }

    #[test]
    fn json_lines_are_validated_field_by_field() {
        let input = concat!(
            r#"{"text":"We call for restraint","speaker":"Dmitry Peskov","date":"2024-02-13","country":"RUS","tags":["Peace"," peace "]}"#,
            "\n\n",
            r#"{"text":"x","speaker":"y","date":"2024-02-30"}"#,
            "\n",
            r#"{"text":"x","date":"2024"}"#,
            "\n",
            r#"{"text":"x","speaker":"y","date":"2024","country":"Atlantis"}"#,
            "\n",
            r#"{"text":5,"speaker":"y","date":"2024"}"#,
            "\n",
            r#"{"text":"x","speaker":"y""#,
            "\n"
        );
        let found = records(InputFormat::Jsonl, input, ReadOptions::default());
        let first = found[0].as_ref().unwrap();
        assert_eq!(first.speaker.country.as_deref(), Some("RU"));
        assert_eq!(first.tags, vec!["peace"]);
        assert_eq!(first.kind, StatementKind::Statement);
        assert_eq!(first.language, "en");
        assert_eq!(
            found[1],
            Err("f:3: date: 2024-02-30 is not a date in the calendar".into())
        );
        assert_eq!(
            found[2],
            Err("f:4: speaker: missing (this field is required)".into())
        );
        assert!(found[3]
            .as_ref()
            .unwrap_err()
            .starts_with("f:5: country: unknown country \"Atlantis\""));
        assert_eq!(
            found[4],
            Err("f:6: text: expected a string, found a number".into())
        );
        assert!(
            found[5].as_ref().unwrap_err().starts_with("f:7: "),
            "{:?}",
            found[5]
        );
        assert_eq!(found.len(), 6);
    }

    /// Every field at fault is reported, in the order of the record's keys, a missing
    /// field last; each problem after the first is marked as the same record's.
    #[test]
    fn every_problem_of_a_record_is_reported_in_the_order_of_its_fields() {
        let input = concat!(
            r#"{"tags":[1],"date":"2024-02-30","source":{"url":5},"country":"Narnia","text":"x"}"#,
            "\n",
            r#"{"text":"y","speaker":"z","date":"2024"}"#,
            "\n",
        );
        let raw: RawRecords = Box::new(json_lines::records(std::io::Cursor::new(
            input.as_bytes().to_vec(),
        )));
        let found: Vec<_> = Records::new(raw, Rc::from("f"), ReadOptions::default()).collect();
        let problems: Vec<(String, bool)> = found
            .iter()
            .filter_map(|record| record.as_ref().err())
            .map(|invalid| (invalid.to_string(), invalid.counts_as_record()))
            .collect();
        assert_eq!(
            problems,
            [
                ("f:1: tags: expected strings in the list, found a number".to_string(), true),
                ("f:1: date: 2024-02-30 is not a date in the calendar".into(), false),
                ("f:1: source: url: expected a string, found a number".into(), false),
                (
                    "f:1: country: unknown country \"Narnia\" (use an ISO 3166-1 code such as AM or ARM, or an English name)".into(),
                    false
                ),
                ("f:1: speaker: missing (this field is required)".into(), false),
            ]
        );
        assert!(found[5].is_ok(), "{found:?}");
        assert_eq!(found.len(), 6);
    }

    #[test]
    fn json_arrays_report_the_line_each_object_starts_on() {
        let input = "[\n  {\"text\": \"a\", \"speaker\": \"s\", \"date\": \"2024\"},\n  {\"text\": \"b\",\n   \"speaker\": \"s\"}\n]";
        let found = records(InputFormat::Json, input, ReadOptions::default());
        assert!(found[0].is_ok());
        assert_eq!(
            found[1],
            Err("f:3: date: missing (this field is required)".into())
        );
    }

    #[test]
    fn csv_with_set_and_map_reads_scraped_files() {
        let input = "link,headline,date,body\nhttp://k/1,Talks,2021-10-05 12:00:00,\"He said, \"\"yes\"\"\"\n";
        let options = ReadOptions {
            format: None,
            defaults: vec![
                ("speaker".into(), "Vladimir Putin".into()),
                ("country".into(), "RU".into()),
            ],
            renames: vec![
                ("text".into(), "body".into()),
                ("title".into(), "headline".into()),
                ("source_url".into(), "link".into()),
            ],
        };
        let found = records(InputFormat::Csv, input, options);
        let statement = found[0].as_ref().unwrap();
        assert_eq!(statement.text, "He said, \"yes\"");
        assert_eq!(statement.title.as_deref(), Some("Talks"));
        assert_eq!(statement.source.url.as_deref(), Some("http://k/1"));
        assert_eq!(statement.date.to_string(), "2021-10-05");
        assert_eq!(statement.speaker.name, "Vladimir Putin");
    }

    #[test]
    fn mapped_fields_are_named_with_their_column() {
        let options = ReadOptions {
            renames: vec![("text".into(), "body".into())],
            ..ReadOptions::default()
        };
        let found = records(InputFormat::Csv, "body,speaker,date\n,x,2024\n", options);
        assert_eq!(
            found[0],
            Err("f:2: text (column body): missing (this field is required)".into())
        );
    }

    /// The delimiter is the header line's most frequent of `,` `;` tab `|` outside quotes.
    #[test]
    fn csv_delimiters_are_told_by_the_header_line() {
        for (start, delimiter) in [
            (&b"text,speaker,date\n"[..], b','),
            (b"text;speaker;date\r\n", b';'),
            (b"\xEF\xBB\xBFtext;speaker;date", b';'),
            (b"text\tspeaker\tdate\n", b'\t'),
            (b"text|speaker|date\n", b'|'),
            (b"text\n", b','),
            (b"", b','),
            // Quoted, a header's semicolons or commas are part of its name.
            (b"\"a;b;c\",speaker,date\n", b','),
            (b"\"a,b,c\";speaker;date\n", b';'),
            // A tie goes to the comma; only the header line counts.
            (b"text;speaker,date\nx;y;z;w;v\n", b','),
            // A header that spans lines inside quotes is one line.
            (b"\"te\nxt\";speaker;date\n", b';'),
        ] {
            assert_eq!(
                csv_format::delimiter(start),
                delimiter,
                "{}",
                String::from_utf8_lossy(start)
            );
        }
    }

    #[test]
    fn formats_are_sniffed_from_content() {
        assert_eq!(sniff(b"  [ {"), InputFormat::Json);
        assert_eq!(sniff(b"\xEF\xBB\xBF{\"a\":1}"), InputFormat::Jsonl);
        assert_eq!(sniff(b"text,speaker"), InputFormat::Csv);
        assert_eq!(sniff(b"\n{\n  \"a\": 1\n}\n"), InputFormat::Json);
        assert_eq!(sniff(b"{ \r\n\"a\": 1}"), InputFormat::Json);
    }

    /// `edit` stored any language (`ru; DROP`) that ingest refuses: both read it here,
    /// and normalise alike (`language::tests` has the cases).
    #[test]
    fn language_codes_are_checked_alike_by_ingest_and_edit() {
        for (value, code) in [(" ZH-Hant ", "zh-Hant"), ("rus", "ru"), ("Russian", "ru")] {
            assert_eq!(language_code(value).as_deref(), Ok(code));
            assert_eq!(
                parse_edit("language", value, None),
                Ok(FieldValue::Language(code.to_string()))
            );
            let mut fields = Map::new();
            for (name, field) in [
                ("text", "Обстрелы границы продолжаются."),
                ("speaker", "Maria Zakharova"),
                ("date", "2024-02-13"),
                ("language", value),
            ] {
                fields.insert(name.to_string(), Value::String(field.to_string()));
            }
            let statement = validate_fields(&fields).map(|statement| statement.language);
            assert_eq!(statement.as_deref(), Ok(code));
        }
        for bad in ["ru; DROP", "ru\u{7}", "none", "en--us", "Klingon"] {
            let problem = language_code(bad).unwrap_err();
            assert!(problem.starts_with("expected a language code"), "{bad:?}");
            assert_eq!(parse_edit("language", bad, None), Err(problem), "{bad:?}");
        }
    }
}
