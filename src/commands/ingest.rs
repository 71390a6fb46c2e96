//! `communique ingest`: read statement files into the archive.

use std::path::PathBuf;
use std::time::Instant;

use crate::archive::{Archive, ArchiveError, DifferentRecord, IngestOptions, KeptLiveRecord};
use crate::cli::GlobalArgs;
use crate::ingest::{
    check, read, Compression, HeaderProblem, IngestError, InputFormat, ReadOptions, Records,
    STANDARD_INPUT,
};
use crate::output::clean;
use crate::quote::{excerpt, plural, quoted, shell_path};

use super::interrupt::{Interrupt, Interrupted};
use super::progress::{count_lines, Progress};
use super::{archive_error, now, open_archive, status, warning, IfMissing, Outcome};

/// Ingest statements from JSON Lines, JSON, CSV or TSV files, plain or gzip-compressed.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Record fields: text, speaker, date (required); time, role, organization, country,
speaker_kind, channel, kind, language, title, source {outlet, url, published} (CSV:
source_outlet, source_url, source_published), tags, id. Dates: 2024, 2024-02, 2024-02-13, or
13.02.2024 and 02.2024; with a time of day, kept beside the day written:
2024-02-13T08:30:00+04:00 (or +0400), 2024-02-13 08:30 UTC, or as RSS writes them,
Tue, 13 Feb 2024 08:30:00 +0400. A time field (08:30, 08:30:00+04:00) gives the time alone.
What `search` and `show` write reads back: a record with external_id takes it as its id, and
its id (the statement's number in the archive it came from) is left out.

Examples:
  communique ingest statements.jsonl
  communique ingest kremlin.csv --set speaker=\"Vladimir Putin\" --set country=RU \\
      --map text=body --map title=headline --map source_url=link
  communique extract article.txt --published 2024-02-13 | communique ingest -
  communique search --speaker peskov --limit all -f jsonl | communique ingest - --archive peskov"
)]
pub struct Args {
    /// Files to read; `-` reads standard input
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Input format [default: from the extension, else guessed from the content]
    #[arg(long, value_enum)]
    pub format: Option<InputFormat>,
    /// Give every record that lacks FIELD this value (e.g. the speaker of a whole file)
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    pub defaults: Vec<String>,
    /// Read FIELD from a differently named column or key
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    pub renames: Vec<String>,
    /// Store the valid records and report the invalid ones, instead of rejecting the file
    #[arg(long)]
    pub skip_invalid: bool,
    /// Apply records that match statements corrected since (edited or deleted) instead of
    /// keeping the corrections
    #[arg(long)]
    pub overwrite_curated: bool,
}

/// Runs `ingest`. Each file is one transaction: all of it or, when it is rejected, none.
pub fn run(global: &GlobalArgs, args: Args) -> anyhow::Result<Outcome> {
    let options = ReadOptions {
        format: args.format,
        defaults: ReadOptions::parse_assignments("--set", &args.defaults).map_err(suggest_field)?,
        renames: ReadOptions::parse_assignments("--map", &args.renames).map_err(suggest_field)?,
    };
    ReadOptions::check_defaults(&options.defaults).map_err(|error| super::UserError {
        message: clean(&error.to_string()).into_owned(),
        hint: None,
    })?;
    // Every input is opened (and a CSV header checked) before the first is written, so
    // that a missing file or a typo in one is not found after others were committed, and
    // before the archive is created, so that a failed ingest does not leave an empty one.
    // Standard input can be read only once: it is opened here and read from below.
    let mut standard_input = None;
    for file in &args.files {
        if file.as_os_str() == "-" {
            if standard_input.is_none() {
                standard_input =
                    Some(read(file, &options).map_err(|error| read_error(error, file))?);
            }
        } else {
            check(file, &options).map_err(|error| read_error(error, file))?;
        }
    }
    // Ctrl-C rolls back the file under way and says what was kept. Not when standard
    // input is the terminal: its read would go on waiting after the first Ctrl-C, where
    // the default ends the ingest at once, with nothing of the input written either.
    let from_terminal = args.files.iter().any(|file| file.as_os_str() == "-")
        && std::io::IsTerminal::is_terminal(&std::io::stdin());
    let interrupt = (!from_terminal).then(Interrupt::catch);
    let mut archive = open_archive(global, IfMissing::Create)?;
    if let Some(interrupt) = &interrupt {
        archive.stop_when(interrupt.flag());
    }
    // The files committed so far and what each added: a later failure must say so.
    let mut committed: Vec<(String, u64)> = Vec::new();
    let ingested = ingest_files(
        global,
        &args,
        &options,
        standard_input,
        interrupt.as_ref(),
        &mut archive,
        &mut committed,
    );
    match ingested {
        // An archive this ingest created and wrote nothing to is not left behind.
        Err(error) if committed.is_empty() => {
            Err(super::discard_new_archive(archive, "ingest", error))
        }
        ingested => ingested,
    }
}

/// Ingests each file of `args` into `archive`, one transaction each, and reports what
/// each added; `committed` names the files committed, for the caller to know whether the
/// archive holds anything of this run when a later file fails.
fn ingest_files(
    global: &GlobalArgs,
    args: &Args,
    options: &ReadOptions,
    mut standard_input: Option<Records>,
    interrupt: Option<&Interrupt>,
    archive: &mut Archive,
    committed: &mut Vec<(String, u64)>,
) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let mut any_rejected = false;
    // Added, duplicates and rejected over all the files, for the final summary line.
    let mut totals = (0u64, 0u64, 0usize, 0usize);
    // Records of a stored id with other content, over all the files.
    let mut total_different = 0usize;
    // Records of live statements deleted where they were written, over all the files.
    let mut total_kept_live = 0usize;
    for (position, file) in args.files.iter().enumerate() {
        let failed = |error: anyhow::Error, committed: &[(String, u64)]| {
            after_failure(error, file, committed, &args.files[position + 1..])
        };
        if interrupt.is_some_and(Interrupt::pressed) {
            return Err(interrupted(file, committed, &args.files[position + 1..]));
        }
        let opened = match standard_input.take() {
            Some(records) if file.as_os_str() == "-" => Ok(records),
            other => {
                standard_input = other;
                read(file, options)
            }
        };
        let mut records = opened.map_err(|error| failed(read_error(error, file), committed))?;
        // A gzip file's bar follows its compressed bytes: its lines are not known before
        // it is decompressed, and counting them would decompress it twice.
        let compressed = records
            .compressed_read()
            .and_then(|count| Some((count.size()?, count)));
        let progress = match &compressed {
            Some((size, _)) => Progress::bytes(global, &input_name(file), *size, "compressed"),
            None => {
                let lines = if Progress::visible(global) {
                    count_lines(file)
                } else {
                    None
                };
                Progress::new(global, &input_name(file), lines, "lines")
            }
        };
        // Once the input is read, the bar says what the write does until it ends.
        archive.report_to(progress.observer());
        // Whether any record is valid: when none is, --skip-invalid would store nothing,
        // and the error must not suggest it.
        let any_valid = std::cell::Cell::new(false);
        let ticking = records.by_ref().inspect(|record| {
            let line = match record {
                Ok(statement) => {
                    any_valid.set(true);
                    statement.line
                }
                Err(invalid) => invalid.line,
            };
            progress.set_position(match &compressed {
                Some((_, count)) => count.read(),
                None => line,
            })
        });
        let summary = archive
            .ingest(
                ticking,
                IngestOptions {
                    skip_invalid: args.skip_invalid,
                    overwrite_curated: args.overwrite_curated,
                },
                &now(),
            )
            .map_err(|error| match error {
                ArchiveError::Interrupted => {
                    interrupted(file, committed, &args.files[position + 1..])
                }
                error => failed(
                    ingest_error(error, archive.directory(), file, any_valid.get()),
                    committed,
                ),
            })?;
        committed.push((input_name(file).into_owned(), summary.added));
        // The archive holds this run's file: kept whatever happens to the next ones.
        archive.keep_created();
        super::report_warnings(archive);
        progress.finish();
        totals.0 += summary.added;
        totals.1 += summary.duplicates;
        // A problem of the whole input (line 0: a `--map` key no record has) is reported
        // with the rejected records but is not one; a record with several fields at fault
        // is one.
        let rejected = summary
            .rejected
            .iter()
            .filter(|invalid| invalid.counts_as_record())
            .count();
        totals.2 += rejected;
        totals.3 += summary.curated.len();
        for invalid in &summary.rejected {
            eprintln!("{}", clean(&invalid.to_string()));
        }
        for curated in &summary.curated {
            status(
                global,
                &format!(
                    "{}:{}: statement {} was corrected since it was ingested; kept as curated (--overwrite-curated applies the record)",
                    clean(&curated.file),
                    curated.line,
                    curated.statement
                ),
            );
        }
        total_different += summary.different.len();
        report_different(&summary.different);
        total_kept_live += summary.kept_live.len();
        report_kept_live(&summary.kept_live);
        if !summary.new_speakers.is_empty() {
            let shown: Vec<&str> = summary
                .new_speakers
                .iter()
                .take(10)
                .map(String::as_str)
                .collect();
            let more = summary.new_speakers.len().saturating_sub(shown.len());
            let more = if more > 0 {
                format!(" … and {more} more")
            } else {
                String::new()
            };
            status(
                global,
                &clean(&format!(
                    "{} new {}, matching no known name or alias: {}{more} (`communique speakers merge` joins two records of one speaker)",
                    summary.new_speakers.len(),
                    plural(summary.new_speakers.len(), "speaker", "speakers"),
                    shown.join(", ")
                )),
            );
        }
        // Some records of a file new to the archive repeat stored statements: which
        // (a file ingested again, all duplicates, needs no such line).
        if let (Some((file, line, id)), true) = (&summary.first_duplicate, summary.added > 0) {
            status(
                global,
                &format!(
                    "{}: {} {} (same id, or same speaker, date and text), {} {line}: statement {id} (`communique show {id}`)",
                    clean(file),
                    summary.duplicates,
                    plural(
                        summary.duplicates,
                        "duplicate of a stored statement",
                        "duplicates of stored statements"
                    ),
                    first_at(summary.duplicates)
                ),
            );
        }
        if let Some((file, line, date)) = &summary.first_future_dated {
            status(
                global,
                &format!(
                    "{}: {} {} in the future, {} {line} ({date}): most likely {} (`communique edit ID --set date=…` corrects one)",
                    clean(file),
                    summary.future_dated,
                    plural(summary.future_dated, "statement dated", "statements dated"),
                    first_at(summary.future_dated),
                    plural(summary.future_dated, "a typo", "typos")
                ),
            );
        }
        if let Some((file, line, date)) = &summary.first_ancient_dated {
            status(
                global,
                &format!(
                    "{}: {} {} before {}, {} {line} (date {date}): {} (`communique edit ID --set date=…` corrects one)",
                    clean(file),
                    summary.ancient_dated,
                    plural(summary.ancient_dated, "statement dated", "statements dated"),
                    crate::archive::EARLIEST_PLAUSIBLE_YEAR,
                    first_at(summary.ancient_dated),
                    crate::archive::other_calendar_note(date.year()),
                ),
            );
        }
        if let Some(first) = &summary.first_mojibake {
            // Stored as it came: the text may be quoted so. The user decides, and the
            // file converted from its right encoding replaces it.
            warning(&clean(&format!(
                "{}: {} {} text that reads as UTF-8 decoded as Windows-1252 (mojibake), {} {}, {}: {} for {} (the file, or its source, was read in the wrong encoding: converted from the right one, it ingests right)",
                first.file,
                summary.mojibake,
                plural(summary.mojibake, "statement with", "statements with"),
                first_at(summary.mojibake),
                first.line,
                first.field,
                quoted(&first.found),
                quoted(&first.read),
            )));
        }
        if let Some((file, line, language)) = &summary.first_unknown_language {
            status(
                global,
                &clean(&format!(
                    "{}: {} {} in a language no ISO 639 list has, {} {line} ({}): {} (`communique edit ID --set language=…` corrects one)",
                    file,
                    summary.unknown_language,
                    plural(summary.unknown_language, "statement", "statements"),
                    first_at(summary.unknown_language),
                    excerpt(language),
                    crate::language::unknown_note(language),
                )),
            );
        }
        for id in &summary.overwritten {
            status(
                global,
                &format!(
                    "statement {id}: correction overwritten by the record (--overwrite-curated)"
                ),
            );
        }
        for (field, value) in records.unused_defaults() {
            status(
                global,
                &clean(&format!(
                    "{}: --set {field}={} not used: every record has its own {field} (--set fills only the records that lack the field)",
                    input_name(file),
                    excerpt(value)
                )),
            );
        }
        if !records.ignored_fields().is_empty() || !records.unnamed_columns().is_empty() {
            let unnamed = records
                .unnamed_columns()
                .iter()
                .map(|position| format!("the unnamed column {position}"));
            let ignored: Vec<String> = unnamed
                .chain(with_suggestions(records.ignored_fields()))
                .collect();
            status(
                global,
                &format!(
                    "{}: ignored unknown fields: {}",
                    input_name(file),
                    clean(&ignored.join(", "))
                ),
            );
        }
        if records.numbers_left_out() > 0 {
            status(
                global,
                &format!(
                    "{}: records as `communique search` and `show` write them: each one's external_id is read as its id, and its id, the statement's number in the archive it came from, is left out",
                    input_name(file)
                ),
            );
        }
        any_rejected |= !summary.rejected.is_empty();
        status(
            global,
            &format!(
                "{}: {} added, {} {}, {}{}{} kept as curated, {} rejected ({:.2} s)",
                input_name(file),
                summary.added,
                summary.duplicates,
                plural(summary.duplicates, "duplicate", "duplicates"),
                kept_as_stored(summary.different.len()),
                kept_live(summary.kept_live.len()),
                summary.curated.len(),
                rejected,
                started.elapsed().as_secs_f64()
            ),
        );
    }
    if args.files.len() > 1 {
        status(
            global,
            &format!(
                "{} files: {} added, {} {}, {}{}{} kept as curated, {} rejected ({:.2} s)",
                args.files.len(),
                totals.0,
                totals.1,
                plural(totals.1, "duplicate", "duplicates"),
                kept_as_stored(total_different),
                kept_live(total_kept_live),
                totals.3,
                totals.2,
                started.elapsed().as_secs_f64()
            ),
        );
    }
    let segments = archive.index_segment_count();
    // A small archive's segments are merged by the write itself; a large one's are left
    // to `compact` (a load of a million statements leaves two, which is not worth six
    // seconds of merging; four million, eight; each later ingest adds one).
    if totals.0 > 0 && segments >= crate::index::MANY_SEGMENTS {
        status(
            global,
            &format!("the index is in {segments} segments; `communique compact` joins them, and every search then starts faster"),
        );
    }
    Ok(if any_rejected {
        Outcome::NothingFound
    } else {
        Outcome::Success
    })
}

/// Turns the error of an ingest into a message, as for any command, but for a file none
/// of whose records is valid: --skip-invalid would store nothing of it, so the hint says
/// to fix the records and no more. Records that are not UTF-8 get the advice to convert
/// the file: a spreadsheet saves CSV in its own encoding (Windows-1252 in much of Europe),
/// and --skip-invalid would drop every record with an accent. A quote that takes in the
/// records after it is to be fixed too: they are not rejected, they are its text.
fn ingest_error(
    error: ArchiveError,
    directory: &std::path::Path,
    file: &std::path::Path,
    any_valid: bool,
) -> anyhow::Error {
    let (none_valid, encoding, quote) = match &error {
        ArchiveError::Rejected(records) => (
            !any_valid && records.iter().all(|record| record.line != 0),
            records.iter().any(|record| record.is_encoding_problem()),
            records
                .iter()
                .any(|record| record.is_quote_taking_in_records()),
        ),
        _ => (false, false, false),
    };
    let mut error = archive_error(error, directory);
    if let Some(user) = error.downcast_mut::<super::UserError>() {
        if encoding {
            let input = if file.as_os_str() == "-" {
                "the input"
            } else {
                "the file"
            };
            user.hint = Some(format!(
                "{input} is not in UTF-8: {}",
                convert_from_its_encoding(file)
            ));
        } else if quote {
            // --skip-invalid would drop the records the quote took in with its own.
            user.hint = Some(
                "fix the quote: up to its closing quote, what follows is the field's text (--skip-invalid would drop the records it takes in)"
                    .into(),
            );
        } else if none_valid {
            user.hint = Some(
                "fix the records: none of them is valid (--skip-invalid would store nothing)"
                    .into(),
            );
        }
    }
    error
}

/// The records of a stored id with other content that the summary line counts, when
/// there are any (a plain ingest never has them, and its line stays short).
/// Returns where the line of the first of `count` records is named: "the first at line"
/// of several, "at line" of one.
fn first_at(count: u64) -> &'static str {
    plural(count, "at line", "the first at line")
}

fn kept_as_stored(count: usize) -> String {
    if count == 0 {
        String::new()
    } else {
        format!("{count} kept as stored (same id, different content), ")
    }
}

/// The records of live statements deleted where they were written that the summary line
/// counts, when there are any.
fn kept_live(count: usize) -> String {
    if count == 0 {
        String::new()
    } else {
        format!("{count} kept live (deleted in the record), ")
    }
}

/// Names the first records that are live statements deleted where the record was written
/// (`search --deleted`, `export`), and says how to delete one here: ingest deletes nothing
/// live, and the statement was not corrected here either, which "kept as curated" said.
/// Printed under `--quiet` too: the deletions are not applied.
fn report_kept_live(kept: &[KeptLiveRecord]) {
    for record in kept.iter().take(DIFFERENT_RECORDS_NAMED) {
        warning(&format!(
            "{}:{}: statement {} is live here, but deleted in the archive the record was written from; kept live, the deletion not applied (`communique delete {} --reason WHY` deletes it here)",
            clean(&record.file),
            record.line,
            record.statement,
            record.statement
        ));
    }
    if kept.len() > DIFFERENT_RECORDS_NAMED {
        warning(&format!(
            "… and {} more {} of live statements deleted in the record",
            kept.len() - DIFFERENT_RECORDS_NAMED,
            plural(kept.len() - DIFFERENT_RECORDS_NAMED, "record", "records")
        ));
    }
}

/// How many records of a stored id with other content are named one by one; the count
/// covers the rest.
const DIFFERENT_RECORDS_NAMED: usize = 5;

/// Names the first records whose id is a stored statement's but whose speaker, date or
/// text differ, and says how to correct the stored statement: ingest never changes it.
/// Printed under `--quiet` too: these records are not written.
fn report_different(different: &[DifferentRecord]) {
    for record in different.iter().take(DIFFERENT_RECORDS_NAMED) {
        let fields = match record.fields.as_slice() {
            [] => String::new(),
            [only] => (*only).to_string(),
            [first @ .., last] => format!("{} and {last}", first.join(", ")),
        };
        warning(&clean(&format!(
                "{}:{}: id {} is statement {}, stored with another {fields}; kept as stored, the record not applied",
                record.file,
                record.line,
                quoted(&record.external_id),
                record.statement
            )),
        );
    }
    if different.len() > DIFFERENT_RECORDS_NAMED {
        warning(&format!(
            "… and {} more {} whose id is stored with different content",
            different.len() - DIFFERENT_RECORDS_NAMED,
            plural(
                different.len() - DIFFERENT_RECORDS_NAMED,
                "record",
                "records"
            )
        ));
    }
    if let Some(first) = different.first() {
        // The archive's number, not the external id: a numeric external id can be
        // another statement's number, which `show` would find first.
        let reference = first.statement;
        warning(&format!(
                "hint: compare with `communique show {reference}`; `communique edit {reference} --set FIELD=VALUE --reason WHY` corrects the stored statement and keeps its history"
            ),
        );
    }
}

/// Completes the error that stopped an ingest of several files with what was done: each
/// file is its own transaction, so the files before the failed one stay committed, and
/// the files after it were not read.
fn after_failure(
    error: anyhow::Error,
    failed: &std::path::Path,
    committed: &[(String, u64)],
    unread: &[std::path::PathBuf],
) -> anyhow::Error {
    if committed.is_empty() && unread.is_empty() {
        return error;
    }
    let failed = clean(&crate::quote::shown_path(failed)).into_owned();
    let note = files_left(&format!("{failed} failed"), committed, unread);
    match error.downcast::<super::UserError>() {
        Ok(mut user) => {
            user.message = user.message.replace(
                "; nothing was written",
                &format!("; nothing of {failed} was written"),
            );
            user.message.push_str(&note);
            user.into()
        }
        Err(other) => super::UserError {
            message: format!("{other:#}{note}"),
            hint: None,
        }
        .into(),
    }
}

/// Says what an ingest stopped by Ctrl-C leaves: each file is its own transaction, so the
/// files committed before stay, the one under way (`current`) was rolled back (or not
/// begun), and the rest were not read.
fn interrupted(
    current: &std::path::Path,
    committed: &[(String, u64)],
    unread: &[std::path::PathBuf],
) -> anyhow::Error {
    let mut left = format!("nothing of {} was written", input_name(current));
    left.push_str(&files_left("the interrupt", committed, unread));
    Interrupted { left }.into()
}

/// The lines that name the files of an ingest stopped by `what` (a file that failed, the
/// interrupt): those committed before it, kept, and those not read; empty when none.
fn files_left(what: &str, committed: &[(String, u64)], unread: &[std::path::PathBuf]) -> String {
    let mut note = String::new();
    if !committed.is_empty() {
        let files: Vec<String> = committed
            .iter()
            .map(|(file, added)| format!("{} ({added} added)", clean(file)))
            .collect();
        note.push_str(&format!(
            "\ncommitted before {what}, and kept: {}",
            files.join(", ")
        ));
    }
    if !unread.is_empty() {
        let files: Vec<String> = unread
            .iter()
            .map(|file| input_name(file).into_owned())
            .collect();
        note.push_str(&format!("\nnot read: {}", files.join(", ")));
    }
    note
}

/// How messages name an input: standard input as its records' errors name it, a file by
/// its path made safe to print.
fn input_name(file: &std::path::Path) -> std::borrow::Cow<'static, str> {
    if file.as_os_str() == "-" {
        return std::borrow::Cow::Borrowed(STANDARD_INPUT);
    }
    std::borrow::Cow::Owned(clean(&file.display().to_string()).into_owned())
}

/// Turns a problem that stops reading an input into a message: a read error names the
/// file; a file that does not fit the command line (a `--map` column it lacks) is the
/// user's to fix and says how.
fn read_error(error: IngestError, file: &std::path::Path) -> anyhow::Error {
    match error {
        // The I/O error alone under the path: the error's own message repeats the path,
        // which a long path made two screens of.
        IngestError::Io { source, .. } => anyhow::Error::new(source).context(format!(
            "cannot read {}",
            clean(&crate::quote::shown_path(file))
        )),
        IngestError::MissingColumn { .. } => super::UserError::with_hint(
            clean(&error.to_string()),
            "name a column of the file's header in --map FIELD=COLUMN",
        )
        .into(),
        IngestError::MissingRequiredColumns { ref likely, .. } if !likely.is_empty() => {
            let maps: Vec<String> = likely
                .iter()
                .flat_map(|(field, column)| ["--map".to_string(), format!("{field}={column}")])
                .collect();
            let hint = match crate::quote::command_line(&maps) {
                Some(maps) => format!(
                    "read them from the columns that look like them: {maps} (--set FIELD=VALUE gives every record a value)"
                ),
                None => "read them from the columns that look like them with --map FIELD=COLUMN (--set FIELD=VALUE gives every record a value)".to_string(),
            };
            super::UserError::with_hint(clean(&error.to_string()), clean(&hint)).into()
        }
        IngestError::MissingRequiredColumns { .. } => super::UserError::with_hint(
            clean(&error.to_string()),
            "read a field from another column with --map FIELD=COLUMN, or give every record a value with --set FIELD=VALUE",
        )
        .into(),
        IngestError::LooksLikeJson { start, .. } => {
            let format = if start == '[' { "json" } else { "jsonl" };
            super::UserError::with_hint(
                clean(&error.to_string()),
                format!("read it as JSON with --format {format}, or give it a .{format} extension"),
            )
            .into()
        }
        IngestError::LooksLikeJsonNotLines { .. } => super::UserError::with_hint(
            clean(&error.to_string()),
            "read it as JSON with --format json, or give it a .json extension",
        )
        .into(),
        IngestError::WrappedJson { ref key, .. } => {
            let path = if !key.is_empty()
                && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !key.starts_with(|c: char| c.is_ascii_digit())
            {
                format!(".{key}[]")
            } else {
                format!(".[{}][]", serde_json::Value::String(key.clone()))
            };
            let mut jq = vec!["jq".into(), "-c".into(), std::ffi::OsString::from(path)];
            let stdin = file.as_os_str() == "-";
            if !stdin {
                jq.push(file.as_os_str().to_owned());
            }
            // A key too long for a command is named by a placeholder, not cut.
            let jq = crate::quote::command_line(&jq)
                .unwrap_or_else(|| format!("jq -c '.KEY[]'{}", if stdin { "" } else { " FILE" }));
            let command = match stdin {
                true => format!("… | {jq} | communique ingest -"),
                false => format!("{jq} | communique ingest -"),
            };
            super::UserError::with_hint(
                format!("{}; nothing was written", clean(&error.to_string())),
                format!("ingest its records: `{command}`"),
            )
            .into()
        }
        IngestError::Header {
            problem: HeaderProblem::NotUtf8 { .. },
            ..
        } => super::UserError::with_hint(
            clean(&error.to_string()),
            convert_from_its_encoding(file),
        )
        .into(),
        // Found when the file is read, after others may have been committed: it says so.
        IngestError::NotUtf8 { .. } => super::UserError::with_hint(
            format!("{}; nothing was written", clean(&error.to_string())),
            convert_from_its_encoding(file),
        )
        .into(),
        IngestError::InvalidJson { .. } => super::UserError::with_hint(
            format!("{}; nothing was written", clean(&error.to_string())),
            "fix the file: JSON holds an array of records, `[{…}, {…}]`, or records one after another, `{…} {…}`",
        )
        .into(),
        IngestError::Compressed { compression, .. } => super::UserError::with_hint(
            clean(&error.to_string()),
            decompress(file, compression),
        )
        .into(),
        IngestError::Utf16 { encoding, .. } => super::UserError::with_hint(
            clean(&error.to_string()),
            convert_to_utf8(file, encoding.iconv_name(), ":"),
        )
        .into(),
        IngestError::Header { .. } => super::UserError::with_hint(
            clean(&error.to_string()),
            "fix the file's first line, the header: it names the columns",
        )
        .into(),
        IngestError::DuplicateColumn { renamed, .. } => super::UserError::with_hint(
            clean(&error.to_string()),
            if renamed {
                "remove or rename one of the columns in the file, or drop the --map"
            } else {
                "remove or rename one of the columns in the file's header"
            },
        )
        .into(),
        other => super::UserError {
            message: clean(&other.to_string()).into_owned(),
            hint: None,
        }
        .into(),
    }
}

/// The hint that says how to decompress an input on its way into `ingest -`, keeping the
/// format its name tells (`x.csv.zst` is read as CSV), which standard input has not.
fn decompress(file: &std::path::Path, compression: Compression) -> String {
    let spreadsheet = file
        .extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            ["xlsx", "xlsm", "ods"].contains(&extension.to_ascii_lowercase().as_str())
        });
    if compression == Compression::Zip && spreadsheet {
        // unzip -p of a workbook writes its XML parts, not rows.
        return "it is a spreadsheet workbook: save its sheet as CSV (UTF-8) from the spreadsheet program, and ingest that".into();
    }
    if file.as_os_str() == "-" {
        if compression == Compression::Zip {
            // unzip reads an archive from a file only.
            return "save it to a file, then `unzip -p FILE.zip | communique ingest -`".into();
        }
        return format!(
            "decompress it on its way in: `… | {} | communique ingest -`",
            compression.decompress_command()
        );
    }
    let format = crate::ingest::format_from_extension(file)
        .and_then(|format| clap::ValueEnum::to_possible_value(&format))
        .map(|value| format!("--format {} ", value.get_name()))
        .unwrap_or_default();
    format!(
        "decompress it on its way in: `{} {} | communique ingest {format}-`",
        compression.decompress_command(),
        shell_file(file)
    )
}

/// Returns an input's path as a word of a suggested command, naming the same bytes (see
/// [`shell_path`]); FILE for one too long to be a path that opens.
fn shell_file(file: &std::path::Path) -> String {
    shell_path(file).unwrap_or_else(|| "FILE".to_string())
}

/// The hint that says how to convert an input in `encoding` to UTF-8 with iconv: a file
/// into a copy whose name keeps its extension (so that its format is still told by it),
/// standard input on its way in. `how` says how sure the encoding is, up to the colon that
/// introduces the command.
fn convert_to_utf8(file: &std::path::Path, encoding: &str, how: &str) -> String {
    if file.as_os_str() == "-" {
        return format!(
            "convert it to UTF-8 on its way in{how} `iconv -f {encoding} -t UTF-8 FILE | communique ingest -`"
        );
    }
    // Text inside gzip is converted once decompressed: iconv reading the compressed
    // bytes would write garbage.
    let gzipped = crate::ingest::is_gzip_file(file);
    let inner = gzipped
        .then(|| crate::ingest::inner_name(file))
        .flatten()
        .unwrap_or_else(|| file.to_path_buf());
    let mut name = std::ffi::OsString::from("utf8-");
    name.push(inner.file_name().unwrap_or(std::ffi::OsStr::new("input")));
    let converted = shell_file(&file.with_file_name(name));
    let file = shell_file(file);
    if gzipped {
        return format!(
            "decompress and convert it to UTF-8{how} `gzip -dc {file} | iconv -f {encoding} -t UTF-8 > {converted}`, and ingest that"
        );
    }
    format!("convert it to UTF-8{how} `iconv -f {encoding} -t UTF-8 {file} > {converted}`, and ingest that")
}

/// The advice to convert an input that is not UTF-8, naming the encoding its bytes look
/// like: Windows-1252 for every file turned Arabic, Hebrew or Cyrillic text into Latin
/// mojibake that then ingested cleanly. When the bytes leave a doubt, or there are none
/// to read (standard input, read once), the common encodings follow by script.
fn convert_from_its_encoding(file: &std::path::Path) -> String {
    use crate::ingest::encoding;
    let guess = (file.as_os_str() != "-")
        .then(|| encoding::sample_of_file(file))
        .flatten()
        .and_then(|sample| encoding::guess(&sample));
    let by_script = |except: &str| {
        let common: Vec<String> = encoding::COMMON
            .iter()
            .filter(|(encoding, _)| *encoding != except)
            .map(|(encoding, scripts)| format!("{encoding} ({scripts})"))
            .collect();
        common.join(", ")
    };
    match guess {
        Some(guess) => {
            let named = format!("{} ({})", guess.encoding, encoding::scripts(guess.encoding));
            if guess.sure {
                convert_to_utf8(
                    file,
                    guess.encoding,
                    &format!(" from its encoding, which looks like {named}:"),
                )
            } else {
                format!(
                    "{}; if its text then reads wrong, convert it from its script's: {}",
                    convert_to_utf8(
                        file,
                        guess.encoding,
                        &format!(" from its encoding, most likely {named}:"),
                    ),
                    by_script(guess.encoding)
                )
            }
        }
        None => format!(
            "{}; the encoding is its script's: {}",
            convert_to_utf8(file, "WINDOWS-1252", " from its encoding, e.g."),
            by_script("WINDOWS-1252")
        ),
    }
}

/// Names ignored input fields, each misspelt field name followed by the field it is
/// likely to be: "contry (did you mean "country"?)", "location"; a JSON key without a
/// name as `""`.
fn with_suggestions(ignored: &[String]) -> impl Iterator<Item = String> + '_ {
    ignored.iter().map(|name| {
        if name.is_empty() {
            return "\"\" (a key without a name)".to_string();
        }
        let close = crate::suggest::closest(name, crate::ingest::suggested_fields(), 2);
        match crate::suggest::did_you_mean(&close) {
            Some(suggestion) => format!("{} ({suggestion})", excerpt(name)),
            None => excerpt(name).to_string(),
        }
    })
}

/// Adds "did you mean" to an unknown field name in `--set` or `--map`.
fn suggest_field(error: crate::ingest::IngestError) -> anyhow::Error {
    match &error {
        crate::ingest::IngestError::UnknownField { field, .. } => {
            let found = crate::suggest::closest(field, crate::ingest::suggested_fields(), 3);
            let hint = crate::suggest::did_you_mean(&found)
                .unwrap_or_else(|| "see `communique ingest --help` for the fields".to_string());
            super::UserError::with_hint(clean(&error.to_string()), hint).into()
        }
        _ => error.into(),
    }
}
