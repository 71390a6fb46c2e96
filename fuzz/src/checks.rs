//! The properties checked on arbitrary input, by the cargo-fuzz targets (fuzz_targets/)
//! and by the stable test suite's seeded random loop (tests/reliability/fuzz_loop.rs,
//! which includes this file). Each function panics when a property does not hold.

use std::cell::RefCell;
use std::path::PathBuf;

use communique::archive::{Archive, IngestOptions, SearchRequest};
use communique::ingest::{read, read_bundled, IngestError, InputFormat, ReadOptions};
use communique::model::PartialDate;
use communique::query::{Query, MAX_QUERY_CHARS};

thread_local! {
    /// A scratch directory per thread: the input file, and an archive to search.
    static SCRATCH: tempfile::TempDir = tempfile::Builder::new()
        .prefix("communique-fuzz-")
        .tempdir()
        .expect("a scratch directory");
    static ARCHIVE: RefCell<Option<Archive>> = const { RefCell::new(None) };
}

fn scratch(name: &str) -> PathBuf {
    SCRATCH.with(|directory| directory.path().join(name))
}

/// Reads `data` as an input file of `format`, as `ingest` does: every record is a valid
/// statement or an error that names the file and a line of the input (`FILE:LINE: …`).
pub fn ingest(format: InputFormat, data: &[u8]) {
    let path = scratch("input");
    std::fs::write(&path, data).expect("writing the scratch input");
    let file = path.display().to_string();
    let options = ReadOptions {
        format: Some(format),
        ..ReadOptions::default()
    };
    let records = match read(&path, &options) {
        Ok(records) => records,
        // A CSV header without a column for a required field is refused before any
        // record, naming the file; read again with those fields given, so that the
        // records are still checked.
        Err(error @ IngestError::MissingRequiredColumns { .. }) => {
            assert!(error.to_string().starts_with(&file), "{error}");
            let defaults = [("text", "x"), ("speaker", "x"), ("date", "2024")]
                .map(|(field, value)| (field.to_string(), value.to_string()))
                .to_vec();
            let options = ReadOptions {
                defaults,
                ..options
            };
            match read(&path, &options) {
                Ok(records) => records,
                Err(error @ IngestError::DuplicateColumn { .. }) => {
                    assert!(
                        error.to_string().starts_with(&format!("{file}:1: ")),
                        "{error}"
                    );
                    return;
                }
                Err(error) => panic!("the scratch input does not open with defaults: {error}"),
            }
        }
        // A CSV header that looks like JSON, a JSON array read as JSON Lines, records
        // wrapped in an object, or a UTF-16 input is refused, naming the file.
        Err(
            error @ (IngestError::LooksLikeJson { .. }
            | IngestError::LooksLikeJsonNotLines { .. }
            | IngestError::WrappedJson { .. }
            | IngestError::Utf16 { .. }),
        ) => {
            assert!(error.to_string().starts_with(&file), "{error}");
            return;
        }
        // A CSV header that cannot be read, or that gives a field twice, is refused,
        // naming the file and its first line.
        Err(error @ (IngestError::Header { .. } | IngestError::DuplicateColumn { .. })) => {
            assert!(
                error.to_string().starts_with(&format!("{file}:1: ")),
                "{error}"
            );
            return;
        }
        // A JSON array that cannot be read as a whole (not UTF-8, not JSON, neither an
        // array nor objects) is refused, naming the file and a line of it.
        Err(
            ref error @ (IngestError::NotUtf8 { line, .. } | IngestError::InvalidJson { line, .. }),
        ) => {
            let lines = data.iter().filter(|&&byte| byte == b'\n').count() as u64 + 1;
            assert!(
                (1..=lines).contains(&line),
                "line {line} of {lines}: {error}"
            );
            assert!(
                error.to_string().starts_with(&format!("{file}:{line}: ")),
                "{error}"
            );
            return;
        }
        Err(error) => panic!("the scratch input does not open: {error}"),
    };
    let lines = data.iter().filter(|&&byte| byte == b'\n').count() as u64 + 1;
    for record in records.take(100_000) {
        match record {
            Ok(located) => {
                assert!(
                    (1..=lines).contains(&located.line),
                    "a statement on line {} of {lines}",
                    located.line
                );
                let statement = located.statement;
                assert!(!statement.text.is_empty(), "an empty text was accepted");
                assert_eq!(statement.text.trim(), statement.text, "untrimmed text");
                assert!(!statement.speaker.name.is_empty(), "an empty speaker");
                assert!(statement.date.first_day() <= statement.date.last_day());
            }
            Err(invalid) => {
                assert!(
                    (1..=lines).contains(&invalid.line),
                    "an error on line {} of {lines}: {invalid}",
                    invalid.line
                );
                let shown = invalid.to_string();
                assert!(
                    shown.starts_with(&format!("{file}:{}: ", invalid.line)),
                    "an error without FILE:LINE: {shown}"
                );
            }
        }
    }
}

/// Parses `text` as a query: a tree that prints and parses back to itself, or an error
/// that points inside the query.
pub fn query(text: &str) {
    match Query::parse(text) {
        Ok(query) => {
            let printed = query.to_string();
            match Query::parse(&printed) {
                Ok(again) => assert_eq!(
                    again, query,
                    "{text:?} prints as {printed:?}, which parses differently"
                ),
                Err(error) => {
                    panic!("{text:?} prints as {printed:?}, which does not parse: {error}")
                }
            }
            assert!(!query.to_string().is_empty());
        }
        Err(error) => {
            let length = text.chars().count();
            assert!(
                error.position <= length.max(MAX_QUERY_CHARS),
                "{text:?}: error at {} past the end ({length})",
                error.position
            );
            let pointer = error.pointer(text);
            assert!(
                !pointer.contains(|c: char| c.is_control() && c != '\n'),
                "the error pointer prints control characters: {pointer:?}"
            );
        }
    }
}

/// Runs `text` as a query against an archive of the bundled corpus, sorted each way:
/// hits or an error, never a panic.
pub fn search(text: &str) {
    let Ok(query) = Query::parse(text) else {
        return;
    };
    ARCHIVE.with(|cell| {
        let mut archive = cell.borrow_mut();
        let archive = archive.get_or_insert_with(|| {
            let directory = scratch("archive");
            let mut archive = Archive::create(&directory).expect("creating the archive");
            archive
                .ingest(
                    read_bundled(),
                    IngestOptions::default(),
                    "2024-02-13T00:00:00Z",
                )
                .expect("ingesting the bundled corpus");
            archive
        });
        for ordering in [
            None,
            Some(communique::index::Ordering::Newest),
            Some(communique::index::Ordering::Oldest),
        ] {
            let request = SearchRequest {
                query: Some(query.clone()),
                ordering,
                limit: 5,
                snippet_chars: 80,
                ..SearchRequest::default()
            };
            if let Ok(results) = archive.search(&request) {
                assert!(results.hits.len() <= 5);
                assert!(results.total >= results.hits.len());
                for hit in &results.hits {
                    for range in &hit.snippet.highlights {
                        assert!(
                            hit.snippet.fragment.get(range.clone()).is_some(),
                            "a highlight outside its snippet"
                        );
                    }
                }
            }
        }
    });
}

/// Parses `text` as a date: one that prints and parses back to itself, a period whose
/// first day is not after its last, or an error.
pub fn date(text: &str) {
    if let Ok(date) = PartialDate::parse(text) {
        let printed = date.to_string();
        assert_eq!(
            PartialDate::parse(&printed).ok(),
            Some(date),
            "{text:?} prints as {printed:?}"
        );
        assert!(date.first_day() <= date.last_day());
    }
}
