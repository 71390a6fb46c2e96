//! Printing for people and for programs: tables, JSON, JSON Lines, CSV, ids.
//!
//! Everything writes to a `&mut dyn Write`, never to the terminal directly. Text from the
//! archive is untrusted: table output neutralises control characters and escape sequences
//! so that printing a statement can never rewrite the user's terminal; JSON escapes them.

use std::borrow::Cow;
use std::io::{self, Write};

use serde_json::{json, Value};
use unicode_normalization::char::is_combining_mark;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthChar;

use crate::archive::SearchHit;
use crate::model::{HistoryEntry, Speaker, Statement, StatementId};
use crate::store::Stats;

/// How search hits are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HitFormat {
    /// Aligned columns: id, date, speaker, snippet with the matches highlighted.
    Table,
    /// One JSON array of hits.
    Json,
    /// One JSON object per hit and line.
    Jsonl,
    /// CSV with a header row.
    Csv,
    /// Statement ids, one per line.
    Ids,
    /// A Markdown table for pasting into a report: matches in bold, sources as links.
    Markdown,
    /// One citation per hit: speaker, role, title, date, channel, outlet, URL.
    Cite,
}

/// How records (show, speakers, stats) are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RecordFormat {
    Table,
    Json,
    Jsonl,
    Csv,
}

/// The formats `export` writes, both read back by `ingest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Jsonl,
    Csv,
}

/// Terminal presentation: colour and the width to fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    /// Columns available; None means do not truncate.
    pub width: Option<usize>,
    /// Wrap long text onto further lines instead of cutting it (search tables).
    pub wrap: bool,
    /// Whether the output is a terminal, read now, rather than a document (a file, a
    /// pipe) read later: Markdown and citations keep the text's direction marks in a
    /// document, where they place "(2024)" beside Arabic or Hebrew text as the source did,
    /// and leave them out on a terminal, which draws nothing for them (see [`prose`]).
    pub terminal: bool,
}

const HIGHLIGHT: &str = "\x1b[1;31m";
const DIM: &str = "\x1b[2m";
pub(crate) const BOLD: &str = "\x1b[1m";
pub(crate) const RESET: &str = "\x1b[0m";

/// Writes search hits in one of the hit formats a page at a time, so that a search for
/// every match need not hold them all (see [`crate::archive::Archive::search_in_pages`]).
/// A table fits its columns to its first page of hits and writes every later page in
/// them.
pub struct HitWriter<'a> {
    out: &'a mut dyn Write,
    format: HitFormat,
    style: Style,
    /// Hits written so far.
    written: usize,
    /// Whether `write` has run: a CSV or Markdown header is written once, first, even
    /// before no hit (an empty table is its header).
    started: bool,
    /// A table's columns, once its first hits are written.
    table: Option<HitTable>,
    /// The largest id a table will show, when known: its id column's width.
    largest_id: Option<StatementId>,
}

impl<'a> HitWriter<'a> {
    /// A writer of hits in `format` to `out`; nothing is written yet.
    pub fn new(out: &'a mut dyn Write, format: HitFormat, style: Style) -> HitWriter<'a> {
        HitWriter {
            out,
            format,
            style,
            written: 0,
            started: false,
            table: None,
            largest_id: None,
        }
    }

    /// Tells a table the largest id among all the hits it will be given, before its
    /// first: its id column is as wide as that id, not only as the first page's.
    pub fn expect_ids_up_to(&mut self, largest_id: Option<StatementId>) {
        self.largest_id = self.largest_id.max(largest_id);
    }

    /// Writes the next hits, after those written before.
    pub fn write(&mut self, hits: Vec<SearchHit>) -> io::Result<()> {
        let first = self.written == 0;
        let header = !std::mem::replace(&mut self.started, true);
        self.written += hits.len();
        let out = &mut *self.out;
        match self.format {
            HitFormat::Table if hits.is_empty() => {}
            HitFormat::Table => {
                let table = match &self.table {
                    Some(table) => table,
                    None => self.table.insert(HitTable::start(
                        &mut *out,
                        &hits,
                        self.largest_id,
                        self.style,
                    )?),
                };
                table.write_rows(out, &hits, self.style)?;
            }
            HitFormat::Json => {
                // The bytes of the whole array pretty-printed at once: each hit at one
                // level of indentation, commas between them (see `finish`).
                for (position, hit) in hits.iter().enumerate() {
                    out.write_all(if first && position == 0 {
                        b"[\n"
                    } else {
                        b",\n"
                    })?;
                    let mut pretty = Vec::new();
                    write_json(&mut pretty, &HitJson::of(hit), true)?;
                    for (number, line) in pretty.split(|&byte| byte == b'\n').enumerate() {
                        if number > 0 {
                            out.write_all(b"\n")?;
                        }
                        out.write_all(b"  ")?;
                        out.write_all(line)?;
                    }
                }
            }
            HitFormat::Jsonl => {
                for hit in &hits {
                    write_json(&mut *out, &HitJson::of(hit), false)?;
                    writeln!(out)?;
                }
            }
            HitFormat::Csv => {
                let mut writer = csv::Writer::from_writer(out);
                if header {
                    writer.write_record(HIT_COLUMNS)?;
                }
                for hit in &hits {
                    let statement = &hit.statement;
                    // A score not computed is an empty cell, as JSON writes it null; one
                    // computed is written as JSON writes it, every digit: rounded, the
                    // scores of neighbouring hits tie and their order cannot be checked.
                    let score = hit.score.map(|score| json!(score).to_string());
                    let mut row = vec![statement.id.to_string(), score.unwrap_or_default()];
                    row.extend(statement_cells(statement));
                    row.insert(14, hit.snippet.fragment.clone());
                    // Fields as stored, as `sqlite3 -csv` writes them: a program reads
                    // them back (`search -f csv | communique ingest -`). On a terminal,
                    // the whole output goes through `TerminalSafe`.
                    writer.write_record(&row)?;
                }
                writer.flush()?;
            }
            HitFormat::Ids => {
                for hit in &hits {
                    writeln!(out, "{}", hit.statement.id)?;
                }
            }
            HitFormat::Markdown => write_hit_markdown(out, &hits, header, self.style.terminal)?,
            HitFormat::Cite => write_hit_citations(out, &hits, self.style.terminal)?,
        }
        Ok(())
    }

    /// Writes the ids of the next hits, in the ids format, after those written before.
    pub fn write_ids(&mut self, ids: &[StatementId]) -> io::Result<()> {
        debug_assert_eq!(self.format, HitFormat::Ids);
        self.started = true;
        self.written += ids.len();
        for id in ids {
            writeln!(self.out, "{id}")?;
        }
        Ok(())
    }

    /// Ends the output: the end of a JSON array.
    pub fn finish(self) -> io::Result<()> {
        match self.format {
            HitFormat::Json if self.written == 0 => self.out.write_all(b"[]\n"),
            HitFormat::Json => self.out.write_all(b"\n]\n"),
            _ => Ok(()),
        }
    }
}

/// Writes one statement with every field.
pub fn write_statement(
    out: &mut dyn Write,
    statement: &Statement,
    format: RecordFormat,
    style: Style,
) -> io::Result<()> {
    match format {
        RecordFormat::Json => {
            crate::output::write_json(&mut *out, &StatementJson::of(statement), true)?;
            writeln!(out)
        }
        RecordFormat::Jsonl => {
            crate::output::write_json(&mut *out, &StatementJson::of(statement), false)?;
            writeln!(out)
        }
        RecordFormat::Csv => {
            let mut writer = csv::Writer::from_writer(out);
            writer.write_record(&STATEMENT_COLUMNS[..])?;
            let mut row = vec![statement.id.to_string()];
            row.extend(statement_cells(statement));
            writer.write_record(&row)?;
            writer.flush()
        }
        RecordFormat::Table => {
            let optional = |value: &Option<String>| {
                value.as_deref().map(clean).unwrap_or_default().into_owned()
            };
            let speaker = match &statement.country {
                Some(country) => format!(
                    "{} ({}, {})",
                    clean(&statement.speaker),
                    statement.speaker_kind.as_str(),
                    clean(country)
                ),
                None => format!(
                    "{} ({})",
                    clean(&statement.speaker),
                    statement.speaker_kind.as_str()
                ),
            };
            let source = [
                statement.source.outlet.as_deref().map(clean),
                statement
                    .source
                    .url
                    .as_deref()
                    .map(|url| Cow::Owned(clean(&shown_url(url, &[])).into_owned())),
                statement
                    .source
                    .published
                    .map(|date| Cow::Owned(date.to_string())),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
            let rows: Vec<(&str, String)> = vec![
                ("id", statement.id.to_string()),
                (
                    "date",
                    format!("{} ({})", statement.date, statement.date_precision.as_str()),
                ),
                (
                    "time",
                    statement
                        .time
                        .map(|time| time.to_string())
                        .unwrap_or_default(),
                ),
                ("speaker", speaker),
                ("role", optional(&statement.role)),
                ("organization", optional(&statement.organization)),
                ("kind", statement.kind.as_str().to_string()),
                ("channel", optional(&statement.channel)),
                ("language", clean(&statement.language).into_owned()),
                ("title", optional(&statement.title)),
                ("source", source),
                ("tags", clean(&statement.tags.join(", ")).into_owned()),
                ("external id", optional(&statement.external_id)),
                ("ingested", statement.ingested_at.clone()),
                (
                    "deleted",
                    statement
                        .deleted
                        .as_ref()
                        .map(|deleted| format!("{} ({})", deleted.at, clean(&deleted.reason)))
                        .unwrap_or_default(),
                ),
            ];
            for (label, value) in rows {
                if value.is_empty() {
                    continue;
                }
                write_field(out, label, &value, style)?;
            }
            writeln!(out)?;
            let text = clean_keeping_lines(&statement.text);
            let lines = match style.width {
                Some(width) => wrap_breaking_words(&text, width.saturating_sub(2).max(20)),
                None => wrap(&text, 100 - 2),
            };
            for line in lines {
                writeln!(out, "  {line}")?;
            }
            Ok(())
        }
    }
}

/// Returns `items` joined by ", " in lines of at most `width` cells, an item never split
/// from its count unless it alone is wider than a line (then it is broken as
/// [`wrap_breaking_words`] breaks words).
fn pack_items(items: &[String], width: usize) -> Vec<String> {
    let width = width.max(MIN_CUT_WIDTH);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for (number, item) in items.iter().enumerate() {
        let separated = match number + 1 < items.len() {
            true => format!("{item},"),
            false => item.clone(),
        };
        let needed = text_width(&separated) + usize::from(!line.is_empty());
        if !line.is_empty() && text_width(&line) + needed > width {
            lines.push(std::mem::take(&mut line));
        }
        if line.is_empty() && text_width(&separated) > width {
            let mut pieces = wrap_breaking_words(&separated, width);
            line = pieces.pop().unwrap_or_default();
            lines.extend(pieces);
            continue;
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&separated);
    }
    lines.push(line);
    lines
}

/// Where the values of [`write_field`] start: after a column of labels 12 wide.
const FIELD_VALUE_INDENT: usize = 14;

/// Writes one field of a record shown whole (`show`, `speakers show`): the label
/// right-aligned in 12 cells, dimmed in colour, then the value. On a terminal the value
/// wraps to its width beneath itself, a long word (a URL) broken where the line ends:
/// cut, an id or a URL could not be copied whole. Elsewhere it is one line.
pub fn write_field(out: &mut dyn Write, label: &str, value: &str, style: Style) -> io::Result<()> {
    let lines = match style.width {
        Some(width) => wrap_breaking_words(
            value,
            width.saturating_sub(FIELD_VALUE_INDENT).max(MIN_CUT_WIDTH),
        ),
        None => vec![value.to_string()],
    };
    for (number, line) in lines.iter().enumerate() {
        match (number, style.color) {
            (0, true) => writeln!(out, "{DIM}{label:>12}{RESET}  {line}")?,
            (0, false) => writeln!(out, "{label:>12}  {line}")?,
            _ => writeln!(out, "{}{line}", " ".repeat(FIELD_VALUE_INDENT))?,
        }
    }
    Ok(())
}

/// Writes `text` indented by `indent` spaces: on a terminal wrapped to its width beneath
/// itself (a word longer than a line broken where the line ends), elsewhere one line.
pub fn write_indented(
    out: &mut dyn Write,
    indent: usize,
    text: &str,
    style: Style,
) -> io::Result<()> {
    let lines = match style.width {
        Some(width) => wrap_breaking_words(text, width.saturating_sub(indent).max(MIN_CUT_WIDTH)),
        None => vec![text.to_string()],
    };
    for line in lines {
        writeln!(out, "{}{line}", " ".repeat(indent))?;
    }
    Ok(())
}

/// Writes the speaker list.
pub fn write_speakers(
    out: &mut dyn Write,
    speakers: &[Speaker],
    format: RecordFormat,
    style: Style,
) -> io::Result<()> {
    let as_json = |speaker: &Speaker| {
        json!({
            "id": speaker.id, "name": speaker.name, "kind": speaker.kind, "role": speaker.role,
            "organization": speaker.organization, "country": speaker.country, "aliases": speaker.aliases,
            "statements": speaker.statements, "first_date": speaker.first_date, "last_date": speaker.last_date,
        })
    };
    match format {
        RecordFormat::Json => {
            crate::output::write_json(
                &mut *out,
                &speakers.iter().map(as_json).collect::<Vec<_>>(),
                true,
            )?;
            writeln!(out)
        }
        RecordFormat::Jsonl => {
            for speaker in speakers {
                crate::output::write_json(&mut *out, &as_json(speaker), false)?;
                writeln!(out)?;
            }
            Ok(())
        }
        RecordFormat::Csv => {
            let mut writer = csv::Writer::from_writer(out);
            writer.write_record([
                "id",
                "name",
                "kind",
                "role",
                "organization",
                "country",
                "aliases",
                "statements",
                "first_date",
                "last_date",
            ])?;
            for speaker in speakers {
                writer.write_record([
                    speaker.id.to_string(),
                    speaker.name.clone(),
                    speaker.kind.as_str().to_string(),
                    speaker.role.clone().unwrap_or_default(),
                    speaker.organization.clone().unwrap_or_default(),
                    speaker.country.clone().unwrap_or_default(),
                    aliases_cell(&speaker.aliases),
                    speaker.statements.to_string(),
                    speaker
                        .first_date
                        .map(|date| date.to_string())
                        .unwrap_or_default(),
                    speaker
                        .last_date
                        .map(|date| date.to_string())
                        .unwrap_or_default(),
                ])?;
            }
            writer.flush()
        }
        RecordFormat::Table => {
            let rows: Vec<Vec<String>> = speakers
                .iter()
                .map(|speaker| {
                    vec![
                        speaker.id.to_string(),
                        clean(&speaker.name).into_owned(),
                        clean(speaker.country.as_deref().unwrap_or("")).into_owned(),
                        clean(speaker.role.as_deref().unwrap_or("")).into_owned(),
                        speaker.statements.to_string(),
                        speaker
                            .first_date
                            .map(|date| date.to_string())
                            .unwrap_or_default(),
                        speaker
                            .last_date
                            .map(|date| date.to_string())
                            .unwrap_or_default(),
                    ]
                })
                .collect();
            // On a narrow terminal the role goes first, then the country, then the first
            // date: the name, its count and its last statement say most.
            let column = |header, give| Column { header, give };
            write_table(
                out,
                &[
                    column("ID", Give::Never),
                    column("SPEAKER", Give::Cut),
                    column("COUNTRY", Give::LeaveOut(1)),
                    column("ROLE", Give::CutThenLeaveOut(0)),
                    column("STATEMENTS", Give::Never),
                    column("FIRST", Give::LeaveOut(2)),
                    column("LAST", Give::Never),
                ],
                &rows,
                style,
            )
        }
    }
}

/// Joins a speaker's aliases into one CSV cell, `;` between them. An alias may hold a `;`
/// ("Peskov; D."), which a tag cannot: in an alias a `;` is written `\;` and a backslash
/// `\\`, so that splitting at the other semicolons gives the aliases back (a cell
/// without either is as it was: the aliases joined by `;`).
fn aliases_cell(aliases: &[String]) -> String {
    aliases
        .iter()
        .map(|alias| alias.replace('\\', "\\\\").replace(';', "\\;"))
        .collect::<Vec<_>>()
        .join(";")
}

/// Writes archive statistics.
pub fn write_stats(
    out: &mut dyn Write,
    stats: &Stats,
    format: RecordFormat,
    style: Style,
) -> io::Result<()> {
    match format {
        RecordFormat::Table => {
            let bold = |text: &str| {
                if style.color {
                    format!("{BOLD}{text}{RESET}")
                } else {
                    text.to_string()
                }
            };
            writeln!(out, "{} {}", bold("statements:"), stats.statements)?;
            writeln!(out, "{} {}", bold("speakers:"), stats.speakers)?;
            writeln!(out, "{} {}", bold("organizations:"), stats.organizations)?;
            writeln!(out, "{} {}", bold("sources:"), stats.sources)?;
            if let (Some(first), Some(last)) = (&stats.first_date, &stats.last_date) {
                writeln!(out, "{} {first} to {last}", bold("dates:"))?;
            }
            for (label, counts) in [
                ("countries:", labelled(&stats.countries)),
                ("kinds:", stats.kinds.clone()),
                ("languages:", stats.languages.clone()),
                ("channels:", labelled(&stats.channels)),
            ] {
                // An overview: the UN's 196 countries on one line hide the rest.
                let mut listed: Vec<String> = counts
                    .iter()
                    .take(STATS_LISTED)
                    .map(|(name, count)| format!("{} {count}", clean(name)))
                    .collect();
                if counts.len() > STATS_LISTED {
                    listed.push(format!(
                        "… and {} more (`communique facets --top 0` lists every one)",
                        counts.len() - STATS_LISTED
                    ));
                }
                let lines = match style.width {
                    Some(width) => pack_items(&listed, width.saturating_sub(label.len() + 1)),
                    None => vec![listed.join(", ")],
                };
                for (number, line) in lines.iter().enumerate() {
                    match number {
                        0 => writeln!(out, "{} {line}", bold(label))?,
                        _ => writeln!(out, "{}{line}", " ".repeat(label.len() + 1))?,
                    }
                }
            }
            Ok(())
        }
        RecordFormat::Csv => {
            // One row per number, in long form, as a spreadsheet or a data frame reads it.
            let mut writer = csv::Writer::from_writer(out);
            writer.write_record(["field", "value", "count"])?;
            for (field, count) in [
                ("statements", stats.statements),
                ("speakers", stats.speakers),
                ("organizations", stats.organizations),
                ("sources", stats.sources),
            ] {
                writer.write_record([field, "", &count.to_string()])?;
            }
            for (field, date) in [
                ("first_date", &stats.first_date),
                ("last_date", &stats.last_date),
            ] {
                if let Some(date) = date {
                    writer.write_record([field, date, ""])?;
                }
            }
            for (field, counts) in [
                ("country", labelled(&stats.countries)),
                ("kind", stats.kinds.clone()),
                ("language", stats.languages.clone()),
                ("channel", labelled(&stats.channels)),
            ] {
                for (value, count) in counts {
                    writer.write_record([field, &value, &count.to_string()])?;
                }
            }
            writer.flush()
        }
        RecordFormat::Json | RecordFormat::Jsonl => {
            // Each dimension as `facets` writes it: `{value, count}` in count order, a
            // missing value as null. As object keys, a missing channel had to be a label,
            // "(none)", which a program cannot tell from a value.
            let optional = |counts: &[(Option<String>, u64)]| {
                counts
                    .iter()
                    .map(|(value, count)| json!({"value": value, "count": count}))
                    .collect::<Vec<_>>()
            };
            let present = |counts: &[(String, u64)]| {
                counts
                    .iter()
                    .map(|(value, count)| json!({"value": value, "count": count}))
                    .collect::<Vec<_>>()
            };
            let value = json!({
                "statements": stats.statements, "speakers": stats.speakers, "organizations": stats.organizations,
                "sources": stats.sources, "first_date": stats.first_date, "last_date": stats.last_date,
                "countries": optional(&stats.countries), "kinds": present(&stats.kinds),
                "languages": present(&stats.languages), "channels": optional(&stats.channels),
            });
            if format == RecordFormat::Json {
                crate::output::write_json(&mut *out, &value, true)?;
            } else {
                crate::output::write_json(&mut *out, &value, false)?;
            }
            writeln!(out)
        }
    }
}

/// Returns counts keyed by their labels (see [`crate::label::shown`]): the statements
/// without a value as `(none)`, a value named so in double quotes. The keys of a JSON
/// object, which cannot be null, stay apart too.
/// Values of one dimension `stats` lists in its table; `facets` counts every one.
const STATS_LISTED: usize = 10;

fn labelled(counts: &[(Option<String>, u64)]) -> Vec<(String, u64)> {
    counts
        .iter()
        .map(|(value, count)| (crate::label::shown(value.as_deref()).into_owned(), *count))
        .collect()
}

/// Writes statements in the form `ingest` reads back identically.
pub struct Exporter<'a> {
    out: ExportSink<'a>,
}

enum ExportSink<'a> {
    Jsonl(&'a mut dyn Write),
    Csv(Box<csv::Writer<&'a mut dyn Write>>),
}

/// Columns of CSV export, the ingest field names with the source flattened.
pub const EXPORT_COLUMNS: [&str; 17] = [
    "id",
    "text",
    "speaker",
    "speaker_kind",
    "role",
    "organization",
    "country",
    "date",
    "kind",
    "channel",
    "language",
    "title",
    "source_outlet",
    "source_url",
    "source_published",
    "tags",
    "time",
];

impl<'a> Exporter<'a> {
    /// Starts an export, writing the CSV header if needed.
    pub fn new(out: &'a mut dyn Write, format: ExportFormat) -> io::Result<Exporter<'a>> {
        Ok(Exporter {
            out: match format {
                ExportFormat::Jsonl => ExportSink::Jsonl(out),
                ExportFormat::Csv => {
                    let mut writer = csv::Writer::from_writer(out);
                    writer.write_record(EXPORT_COLUMNS)?;
                    ExportSink::Csv(Box::new(writer))
                }
            },
        })
    }

    /// Writes one statement; with `history`, its corrections and tombstone too (JSON
    /// Lines only), so that an archive ingested elsewhere keeps them.
    pub fn write(
        &mut self,
        statement: &Statement,
        history: Option<&[HistoryEntry]>,
    ) -> io::Result<()> {
        match &mut self.out {
            ExportSink::Jsonl(out) => {
                crate::output::write_json(
                    &mut **out,
                    &ExportRecord::of(statement, history),
                    false,
                )?;
                writeln!(out)
            }
            ExportSink::Csv(writer) => {
                let cells = statement_cells(statement);
                // statement_cells order: date, precision, speaker, speaker_kind, role,
                // organization, country, channel, kind, language, title, text, outlet, url,
                // published, tags, external id, ingested_at, speaker id, deleted at and
                // reason, time.
                writer.write_record([
                    &cells[16], &cells[11], &cells[2], &cells[3], &cells[4], &cells[5], &cells[6],
                    &cells[0], &cells[8], &cells[7], &cells[9], &cells[10], &cells[12], &cells[13],
                    &cells[14], &cells[15], &cells[21],
                ])?;
                Ok(())
            }
        }
    }

    /// Flushes what is buffered.
    pub fn finish(self) -> io::Result<()> {
        match self.out {
            ExportSink::Jsonl(out) => out.flush(),
            ExportSink::Csv(mut writer) => writer.flush(),
        }
    }
}

/// Writes history entries: a table for people, JSON or JSON Lines for programs.
pub fn write_history(
    out: &mut dyn Write,
    entries: &[HistoryEntry],
    format: RecordFormat,
    style: Style,
) -> io::Result<()> {
    match format {
        RecordFormat::Json => {
            let values: Vec<Value> = entries
                .iter()
                .map(|entry| {
                    let mut value = history_json(entry);
                    value["statement_id"] = json!(entry.statement_id);
                    value
                })
                .collect();
            crate::output::write_json(&mut *out, &values, true)?;
            writeln!(out)
        }
        RecordFormat::Jsonl => {
            for entry in entries {
                let mut value = history_json(entry);
                value["statement_id"] = json!(entry.statement_id);
                crate::output::write_json(&mut *out, &value, false)?;
                writeln!(out)?;
            }
            Ok(())
        }
        RecordFormat::Csv => {
            let mut writer = csv::Writer::from_writer(out);
            writer.write_record([
                "statement_id",
                "at",
                "action",
                "field",
                "old_value",
                "new_value",
                "reason",
            ])?;
            for entry in entries {
                writer.write_record([
                    entry.statement_id.to_string(),
                    entry.at.clone(),
                    entry.action.as_str().to_string(),
                    entry.field.clone().unwrap_or_default(),
                    entry.old_value.clone().unwrap_or_default(),
                    entry.new_value.clone().unwrap_or_default(),
                    entry.reason.clone(),
                ])?;
            }
            writer.flush()
        }
        RecordFormat::Table => {
            for entry in entries {
                let what = match (&entry.field, entry.action) {
                    (Some(field), _) => format!(
                        "{field}: {} → {}",
                        shown_value(entry.old_value.as_deref()),
                        shown_value(entry.new_value.as_deref())
                    ),
                    (None, action) => action.as_str().to_string(),
                };
                let when = if style.color {
                    format!("{DIM}{}{RESET}", entry.at)
                } else {
                    entry.at.clone()
                };
                writeln!(
                    out,
                    "{when}  #{}  {}  ({})",
                    entry.statement_id,
                    clean(&what),
                    clean(&entry.reason)
                )?;
            }
            Ok(())
        }
    }
}

fn shown_value(value: Option<&str>) -> String {
    match value {
        None => "(none)".to_string(),
        Some(text) if text_width(text) > 60 => format!("{:?}", truncate(text, 60)),
        Some(text) => format!("{text:?}"),
    }
}

/// A statement as `export` writes it: what ingest reads back, each field left out when
/// it has no value. Written straight out, not built as a [`Value`] first.
#[derive(serde::Serialize)]
struct ExportRecord<'a> {
    #[serde(rename = "id", skip_serializing_if = "Option::is_none")]
    external_id: Option<&'a str>,
    text: &'a str,
    speaker: &'a str,
    speaker_kind: crate::model::SpeakerKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    organization: Option<&'a str>,
    /// A role a recorded role gave is written with it, and says so: ingested into an
    /// archive that records the role (`speakers import`), it is given by it again, and
    /// removing it there takes it back.
    #[serde(skip_serializing_if = "Option::is_none")]
    role_origin: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    organization_origin: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<&'a str>,
    date: crate::model::PartialDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    time: Option<crate::model::TimeOfDay>,
    kind: crate::model::StatementKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    channel: Option<&'a str>,
    language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<ExportSource<'a>>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
    /// With the history: its corrections, and its tombstone.
    #[serde(
        skip_serializing_if = "<[HistoryEntry]>::is_empty",
        serialize_with = "history_entries"
    )]
    history: &'a [HistoryEntry],
    #[serde(skip_serializing_if = "Option::is_none")]
    deleted: Option<&'a crate::model::Deletion>,
}

impl<'a> ExportRecord<'a> {
    fn of(statement: &'a Statement, history: Option<&'a [HistoryEntry]>) -> ExportRecord<'a> {
        let source = &statement.source;
        ExportRecord {
            external_id: statement.external_id.as_deref(),
            text: &statement.text,
            speaker: &statement.speaker,
            speaker_kind: statement.speaker_kind,
            role: statement.role.as_deref(),
            organization: statement.organization.as_deref(),
            role_origin: statement.role_origin.map(|origin| origin.as_str()),
            organization_origin: statement.organization_origin.map(|origin| origin.as_str()),
            country: statement.country.as_deref(),
            date: statement.date,
            time: statement.time,
            kind: statement.kind,
            channel: statement.channel.as_deref(),
            language: &statement.language,
            title: statement.title.as_deref(),
            source: (!source.is_empty()).then_some(ExportSource {
                outlet: source.outlet.as_deref(),
                url: source.url.as_deref(),
                published: source.published,
            }),
            tags: &statement.tags,
            history: history.unwrap_or_default(),
            deleted: history.and(statement.deleted.as_ref()),
        }
    }
}

/// Where an exported statement was reported: only what is known.
#[derive(serde::Serialize)]
struct ExportSource<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    outlet: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<crate::model::PartialDate>,
}

fn history_entries<S: serde::Serializer>(
    entries: &&[HistoryEntry],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(entries.iter().map(history_json))
}

fn history_json(entry: &HistoryEntry) -> Value {
    json!({
        "at": entry.at,
        "action": entry.action,
        "field": entry.field,
        "old_value": entry.old_value,
        "new_value": entry.new_value,
        "reason": entry.reason,
    })
}

/// Writes `value` as JSON, compact or pretty. Beyond what JSON requires, DEL, the C1
/// controls and the bidirectional overrides are escaped too (`\u009b`): the same value,
/// but one that cannot drive a terminal it is printed on.
pub fn write_json<T: serde::Serialize + ?Sized>(
    out: &mut dyn Write,
    value: &T,
    pretty: bool,
) -> io::Result<()> {
    // Written whole, as one write: `out` may be a terminal's filter that reads its chunks.
    let mut bytes = Vec::with_capacity(1024);
    if pretty {
        let formatter = TerminalSafeJson(serde_json::ser::PrettyFormatter::new());
        value.serialize(&mut serde_json::Serializer::with_formatter(
            &mut bytes, formatter,
        ))?;
    } else {
        let formatter = TerminalSafeJson(serde_json::ser::CompactFormatter);
        value.serialize(&mut serde_json::Serializer::with_formatter(
            &mut bytes, formatter,
        ))?;
    }
    out.write_all(&bytes)
}

/// serde_json's formatting, with the characters [`is_escaped_in_json`] names written as
/// escapes as the strings are written: building the text first and reading it again
/// for them was most of a JSON hit's cost.
struct TerminalSafeJson<F>(F);

/// Formatter methods that hand the writing to the inner formatter.
macro_rules! layout_of_inner {
    ($($method:ident($($argument:ident: $type:ty)?)),* $(,)?) => {
        $(
            fn $method<W: ?Sized + Write>(
                &mut self,
                writer: &mut W
                $(, $argument: $type)?
            ) -> io::Result<()> {
                self.0.$method(writer $(, $argument)?)
            }
        )*
    };
}

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for TerminalSafeJson<F> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // Every character escaped here is DEL or beyond.
        if fragment.bytes().all(|byte| byte < 0x7f) {
            return writer.write_all(fragment.as_bytes());
        }
        let mut written = 0;
        for (start, character) in fragment.char_indices() {
            if is_escaped_in_json(character) {
                writer.write_all(&fragment.as_bytes()[written..start])?;
                write!(writer, "\\u{:04x}", u32::from(character))?;
                written = start + character.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[written..])
    }

    // The layout: the inner formatter's (compact or pretty).
    layout_of_inner! {
        begin_array(), end_array(), begin_array_value(first: bool), end_array_value(),
        begin_object(), end_object(), begin_object_key(first: bool), end_object_key(),
        begin_object_value(), end_object_value(),
    }
}

/// Characters that only ever occur inside JSON strings and that terminals may obey. The
/// direction marks are escaped too: the value is the same, and the line a program prints
/// stays in the order it was written.
fn is_escaped_in_json(character: char) -> bool {
    matches!(character, '\u{7f}'..='\u{9f}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Makes archive text fit for the terminal: replaces control characters and the
/// bidirectional embeddings, overrides and isolates with visible stand-ins, so archive
/// text cannot move the cursor, change colours or reorder what the user sees, and
/// leaves out the other invisible format characters but the joiners (a soft hyphen, a
/// word joiner, a byte order mark, a direction mark: see [`is_left_out`]).
///
/// Those are in names and texts scraped from web pages (`&shy;`, an Arabic or Hebrew
/// page's U+200F), and the archive keeps them as the source wrote them; a terminal may
/// draw a soft hyphen in a cell that a table's widths do not count (wcwidth(3) gives it
/// one, Unicode none), which pushed the rest of the row out of its columns. Left out,
/// the text is what a reader sees anyway. A direction mark (LRM, RLM, ALM) was a `�`:
/// it reorders nothing a letter of its direction would not, but a `�` in every name of
/// an Arabic spokesman's posts reads as damage.
///
/// Combining marks past [`MAX_STACKED_MARKS`] on one character are left out too: a
/// name of a hundred thousand marks ("Zalgo" text) made every row it was in 200 KB and
/// drew a smear over the lines above and below; no script stacks that many.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !needs_cleaning(text) {
        return Cow::Borrowed(text);
    }
    let mut marks = 0;
    Cow::Owned(
        text.chars()
            .filter_map(|c| {
                if is_combining_mark(c) {
                    marks += 1;
                    if marks > MAX_STACKED_MARKS {
                        return None;
                    }
                } else if !is_left_out(c) {
                    marks = 0;
                }
                if c == '\n' || c == '\t' || c == '\r' {
                    Some(' ')
                } else if is_unsafe(c) {
                    Some('\u{FFFD}')
                } else if is_left_out(c) {
                    None
                } else {
                    Some(c)
                }
            })
            .collect(),
    )
}

/// The most combining marks [`clean`] shows on one character: Hebrew with its points
/// and cantillation, a Tibetan stack, stacked Vietnamese tones take fewer; xterm draws
/// two by default.
pub const MAX_STACKED_MARKS: usize = 6;

/// Whether [`clean`] changes `text`: it holds a character to replace or leave out, or
/// stacks more than [`MAX_STACKED_MARKS`] combining marks on a character. One pass: every
/// cell of a table asks.
fn needs_cleaning(text: &str) -> bool {
    // Printable ASCII is never replaced, left out or a combining mark: most statements
    // are, and a table's snippets were a tenth of a filters-only search process checked
    // a character at a time against the Unicode tables.
    if is_printable_ascii(text) {
        return false;
    }
    let mut marks = 0;
    text.chars().any(|c| {
        if matches!(c, ' '..='~') {
            marks = 0;
            return false;
        }
        if is_unsafe(c) || is_left_out(c) {
            return true;
        }
        if is_combining_mark(c) {
            marks += 1;
            marks > MAX_STACKED_MARKS
        } else {
            marks = 0;
            false
        }
    })
}

/// Whether `text` is all printable ASCII, a space to a tilde: 32 bytes at a time, with no
/// early exit inside a chunk, so that the compiler checks each chunk in a few vector
/// instructions.
fn is_printable_ascii(text: &str) -> bool {
    let printable = |byte: &u8| byte.wrapping_sub(b' ') < b'~' - b' ' + 1;
    let chunks = text.as_bytes().chunks_exact(32);
    let rest = chunks.remainder();
    chunks
        .into_iter()
        .all(|chunk| chunk.iter().fold(true, |all, byte| all & printable(byte)))
        && rest.iter().all(printable)
}

/// Whether [`clean`] leaves `c` out: an invisible format character
/// ([`crate::fold::is_invisible_format`]) but the zero-width joiner and non-joiner, which
/// take no cell either and shape what stands beside them: an emoji sequence (a family
/// drawn as one), an Indic conjunct, a Persian word's letters kept apart.
fn is_left_out(c: char) -> bool {
    crate::fold::is_invisible_format(c) && !matches!(c, '\u{200C}' | '\u{200D}')
}

/// Makes archive text fit for human-readable output (Markdown, citations): on a
/// terminal, [`clean`]; in a document (a file, a pipe), the text as stored but for its
/// controls, a line break a space and any other control a `�` (a Markdown row or a
/// citation is one line, and a report `cat` to a terminal must not drive it), and with
/// its embeddings, overrides and isolates balanced (see [`balanced`]).
pub fn prose(text: &str, terminal: bool) -> Cow<'_, str> {
    if terminal {
        return clean(text);
    }
    let text = controls_replaced(text);
    match balanced(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(balanced) => Cow::Owned(balanced),
    }
}

/// Returns `text` with a line break, a tab or a carriage return as a space and any other
/// control as `�`; nothing else changes.
fn controls_replaced(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\n' | '\t' | '\r' => ' ',
                c if c.is_control() => '\u{FFFD}',
                c => c,
            })
            .collect(),
    )
}

/// Returns `text` with its bidirectional embeddings, overrides and isolates (U+202A–202E,
/// U+2066–2069) balanced: one left open is closed at the end (with U+202C or U+2069, as
/// the Unicode Bidirectional Algorithm matches them), and a closing one that closes
/// nothing opened before it in `text` is left out. Within the text nothing changes on
/// screen (a paragraph's end closes what is open, and the algorithm ignores a closing
/// character without its opening one); what follows the text (the next cell of a row,
/// the rest of a line of a report) can no longer be reordered by it, nor an isolate
/// around it be closed early. Text whose controls are balanced, as a source's
/// legitimate ones are, is returned as it is.
///
/// The Unicode Bidirectional Algorithm's own limit on nesting (125) is not modelled: an
/// opening character past it is ignored by the algorithm with its closing one, and the
/// closing one added here is ignored with it.
pub fn balanced(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_directional_formatting) {
        return Cow::Borrowed(text);
    }
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Opened {
        Embedding,
        Isolate,
    }
    let mut open: Vec<Opened> = Vec::new();
    let mut kept = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\u{202A}'..='\u{202B}' | '\u{202D}'..='\u{202E}' => open.push(Opened::Embedding),
            '\u{2066}'..='\u{2068}' => open.push(Opened::Isolate),
            // A PDF closes the latest embedding, never past an isolate.
            '\u{202C}' if open.last() == Some(&Opened::Embedding) => {
                open.pop();
            }
            '\u{202C}' => continue,
            // A PDI closes the latest isolate and every embedding opened inside it.
            '\u{2069}' => match open.iter().rposition(|&opened| opened == Opened::Isolate) {
                Some(isolate) => open.truncate(isolate),
                None => continue,
            },
            _ => {}
        }
        kept.push(c);
    }
    for opened in open.iter().rev() {
        kept.push(match opened {
            Opened::Embedding => '\u{202C}',
            Opened::Isolate => '\u{2069}',
        });
    }
    if kept == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(kept)
    }
}

/// Whether `c` is a bidirectional embedding, override or isolate, or the end of one:
/// what reorders the text after it, up to its closing character or the paragraph's end.
pub fn is_directional_formatting(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Returns a URL whose characters that could not be told from others, or that would
/// reorder or drive what shows it, are percent-encoded, as browsers show them
/// (`https://example.com/%E2%80%AEgnp.exe`): controls, spaces, invisible format
/// characters (a direction override, a direction mark, a soft hyphen, the zero-width
/// space) and any of `also`. The same address: a browser, or the URL parser of any
/// program, encodes them so before sending it. A terminal and a document get the same
/// text, which both show as it is.
pub fn shown_url<'a>(url: &'a str, also: &[char]) -> Cow<'a, str> {
    let encoded = |c: char| {
        c.is_whitespace()
            || c.is_control()
            || c == '\u{200B}'
            || crate::fold::is_invisible_format(c)
            || also.contains(&c)
    };
    if !url.chars().any(encoded) {
        return Cow::Borrowed(url);
    }
    let mut shown = String::with_capacity(url.len() + 16);
    for c in url.chars() {
        if encoded(c) {
            let mut bytes = [0; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                shown.push_str(&format!("%{byte:02X}"));
            }
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

/// A writer for text that is data, not layout (CSV), on its way to a terminal: every
/// character [`clean`] replaces, except tabs and line feeds, is written as U+FFFD. Written
/// to a file or a pipe the same text must stay byte for byte what the archive holds, so
/// only a terminal gets this.
pub struct TerminalSafe<W: Write> {
    inner: W,
    /// The start of a character split between two writes.
    pending: Vec<u8>,
}

impl<W: Write> TerminalSafe<W> {
    pub fn new(inner: W) -> TerminalSafe<W> {
        TerminalSafe {
            inner,
            pending: Vec::new(),
        }
    }

    /// Writes `bytes` made safe, keeping a character they end in the middle of for the
    /// next write; invalid bytes are written as U+FFFD.
    fn write_complete(&mut self, mut rest: &[u8]) -> io::Result<()> {
        while !rest.is_empty() {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    self.write_safely(text)?;
                    rest = &[];
                }
                Err(error) => {
                    let (valid, after) = rest.split_at(error.valid_up_to());
                    // Checked by from_utf8 just now.
                    self.write_safely(std::str::from_utf8(valid).unwrap_or_default())?;
                    match error.error_len() {
                        Some(invalid) => {
                            self.inner.write_all("\u{FFFD}".as_bytes())?;
                            rest = &after[invalid..];
                        }
                        None => {
                            // A character cut short: wait for its end.
                            self.pending = after.to_vec();
                            rest = &[];
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn write_safely(&mut self, text: &str) -> io::Result<()> {
        if !text.chars().any(is_unsafe_in_data) {
            return self.inner.write_all(text.as_bytes());
        }
        let safe: String = text
            .chars()
            .map(|c| if is_unsafe_in_data(c) { '\u{FFFD}' } else { c })
            .collect();
        self.inner.write_all(safe.as_bytes())
    }
}

impl<W: Write> Write for TerminalSafe<W> {
    fn write(&mut self, buffer: &[u8]) -> io::Result<usize> {
        if self.pending.is_empty() {
            self.write_complete(buffer)?;
        } else {
            let mut joined = std::mem::take(&mut self.pending);
            joined.extend_from_slice(buffer);
            self.write_complete(&joined)?;
        }
        Ok(buffer.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let pending = std::mem::take(&mut self.pending);
            self.write_safely(&String::from_utf8_lossy(&pending))?;
        }
        self.inner.flush()
    }
}

/// Returns true for a character [`TerminalSafe`] replaces. A carriage return is one: in a
/// quoted field ("Org\rCR") it sends the cursor back and what follows overwrites the
/// line; the CSV writer ends records with a line feed alone.
fn is_unsafe_in_data(c: char) -> bool {
    is_unsafe(c) && !matches!(c, '\n' | '\t')
}

/// Whether [`clean`] would not show `c` as it is: a control or a bidirectional
/// formatting character (shown as `�`), or an invisible format character (left out). A
/// command a hint suggests writes such a character escaped (see
/// [`crate::quote::shell_os_word`]), so that the command pasted names what was meant.
pub(crate) fn is_altered_when_shown(c: char) -> bool {
    is_unsafe(c) || is_left_out(c)
}

/// [`clean`] line by line: the text keeps its lines.
pub fn clean_keeping_lines(text: &str) -> String {
    text.split('\n')
        .map(|line| clean(line).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether `c` can drive a terminal or reorder what follows it: a control, or a
/// bidirectional embedding, override or isolate. A direction mark (U+200E, U+200F,
/// U+061C) is not: it acts as a letter of its direction, within its own run.
fn is_unsafe(c: char) -> bool {
    c.is_control() || is_directional_formatting(c)
}

/// The columns of a statement in `show` CSV: those after `ingested_at` were added later,
/// at the end, so that scripts reading columns by position still find theirs.
const STATEMENT_COLUMNS: [&str; 23] = [
    "id",
    "date",
    "date_precision",
    "speaker",
    "speaker_kind",
    "role",
    "organization",
    "country",
    "channel",
    "kind",
    "language",
    "title",
    "text",
    "source_outlet",
    "source_url",
    "source_published",
    "tags",
    "external_id",
    "ingested_at",
    "speaker_id",
    "deleted_at",
    "deleted_reason",
    "time",
];

/// The columns of a hit in `search` CSV: a statement's, with `score` after the id and
/// `snippet` after the text.
const HIT_COLUMNS: [&str; 25] = [
    "id",
    "score",
    "date",
    "date_precision",
    "speaker",
    "speaker_kind",
    "role",
    "organization",
    "country",
    "channel",
    "kind",
    "language",
    "title",
    "text",
    "snippet",
    "source_outlet",
    "source_url",
    "source_published",
    "tags",
    "external_id",
    "ingested_at",
    "speaker_id",
    "deleted_at",
    "deleted_reason",
    "time",
];

/// The cells of a statement after its id, in STATEMENT_COLUMNS order.
fn statement_cells(statement: &Statement) -> Vec<String> {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    vec![
        statement.date.to_string(),
        statement.date_precision.as_str().to_string(),
        statement.speaker.clone(),
        statement.speaker_kind.as_str().to_string(),
        text(&statement.role),
        text(&statement.organization),
        text(&statement.country),
        text(&statement.channel),
        statement.kind.as_str().to_string(),
        statement.language.clone(),
        text(&statement.title),
        statement.text.clone(),
        text(&statement.source.outlet),
        text(&statement.source.url),
        statement
            .source
            .published
            .map(|date| date.to_string())
            .unwrap_or_default(),
        statement.tags.join(";"),
        text(&statement.external_id),
        statement.ingested_at.clone(),
        statement.speaker_id.to_string(),
        statement
            .deleted
            .as_ref()
            .map(|deleted| deleted.at.clone())
            .unwrap_or_default(),
        statement
            .deleted
            .as_ref()
            .map(|deleted| deleted.reason.clone())
            .unwrap_or_default(),
        statement
            .time
            .map(|time| time.to_string())
            .unwrap_or_default(),
    ]
}

/// Returns a statement as the JSON object `show --format json` prints.
pub fn statement_json(statement: &Statement) -> Value {
    serde_json::to_value(StatementJson::of(statement)).unwrap_or(Value::Null)
}

/// A statement's fields as JSON gives them, in their order, borrowed from it: written
/// straight out, not built as a [`Value`] first (a map and a copy of every string).
#[derive(serde::Serialize)]
struct StatementJson<'a> {
    id: StatementId,
    date: crate::model::PartialDate,
    date_precision: crate::model::DatePrecision,
    time: Option<crate::model::TimeOfDay>,
    speaker: &'a str,
    speaker_id: crate::model::SpeakerId,
    speaker_kind: crate::model::SpeakerKind,
    role: Option<&'a str>,
    organization: Option<&'a str>,
    country: Option<&'a str>,
    channel: Option<&'a str>,
    kind: crate::model::StatementKind,
    language: &'a str,
    title: Option<&'a str>,
    text: &'a str,
    source: &'a crate::model::Source,
    tags: &'a [String],
    external_id: Option<&'a str>,
    ingested_at: &'a str,
    deleted: Option<&'a crate::model::Deletion>,
}

impl<'a> StatementJson<'a> {
    fn of(statement: &'a Statement) -> StatementJson<'a> {
        StatementJson {
            id: statement.id,
            date: statement.date,
            date_precision: statement.date_precision,
            time: statement.time,
            speaker: &statement.speaker,
            speaker_id: statement.speaker_id,
            speaker_kind: statement.speaker_kind,
            role: statement.role.as_deref(),
            organization: statement.organization.as_deref(),
            country: statement.country.as_deref(),
            channel: statement.channel.as_deref(),
            kind: statement.kind,
            language: &statement.language,
            title: statement.title.as_deref(),
            text: &statement.text,
            source: &statement.source,
            tags: &statement.tags,
            external_id: statement.external_id.as_deref(),
            ingested_at: &statement.ingested_at,
            deleted: statement.deleted.as_ref(),
        }
    }
}

/// A search hit as JSON gives it: its statement's fields, then the search's.
#[derive(serde::Serialize)]
struct HitJson<'a> {
    #[serde(flatten)]
    statement: StatementJson<'a>,
    /// As a double: the digits a score has always been written with.
    score: Option<f64>,
    snippet: &'a str,
    /// Where the matches are in the snippet, in characters: [start, end).
    highlights: Vec<[usize; 2]>,
    places: &'a [crate::gazetteer::PlaceMention],
}

impl<'a> HitJson<'a> {
    fn of(hit: &'a SearchHit) -> HitJson<'a> {
        let fragment = &hit.snippet.fragment;
        HitJson {
            statement: StatementJson::of(&hit.statement),
            score: hit.score.map(f64::from),
            snippet: fragment,
            highlights: hit
                .snippet
                .highlights
                .iter()
                .map(|range| {
                    let start = fragment[..range.start].chars().count();
                    [start, start + fragment[range.clone()].chars().count()]
                })
                .collect(),
            places: &hit.places,
        }
    }
}

/// The columns of a search's table, fitted to its first page of hits (all of them when
/// they fit one page): every later page is written in them, so that a table of every
/// match holds one page at a time. A later speaker's name wider than its column is cut,
/// on a terminal, as on the first page; written to a file it is left whole, past its
/// column, as no name is cut there. Texts are cut or wrapped to the text column row by row.
struct HitTable {
    id_width: usize,
    layout: HitLayout,
    /// The spaces between columns.
    gap: String,
    /// The cells before the text column: where a wrapped text's further lines start.
    indent: usize,
}

impl HitTable {
    /// Fits the columns to `hits` (at least one) and to ids up to `largest_id`, and
    /// writes the header.
    fn start(
        out: &mut dyn Write,
        hits: &[SearchHit],
        largest_id: Option<StatementId>,
        style: Style,
    ) -> io::Result<HitTable> {
        let id_width = hits
            .iter()
            .map(|hit| hit.statement.id)
            .chain(largest_id)
            .map(|id| id.to_string().len())
            .max()
            .unwrap_or(2)
            .max(2);
        let natural_speaker = hits
            .iter()
            .map(|hit| text_width(&clean(&hit.statement.speaker)))
            .max()
            .unwrap_or(7)
            .max(7);
        // Written to a file or a pipe nothing is cut: two ministries whose names differ only
        // past the limit must stay two.
        let natural_speaker = match style.width {
            Some(_) => natural_speaker.min(MAX_SPEAKER_WIDTH),
            None => natural_speaker,
        };
        let widest_date = hits
            .iter()
            .map(|hit| hit.statement.date.to_string().len())
            .max()
            .unwrap_or(10);
        let layout = fit_columns(id_width, natural_speaker, widest_date, style.width);
        let HitLayout {
            date: date_width,
            gap,
            ..
        } = layout;
        let gap = " ".repeat(gap);
        let indent = id_width
            + gap.len()
            + date_width
            + gap.len()
            + layout.speaker.map_or(0, |width| width + gap.len());
        // Columns are padded by `pad`, never by a format width: `{:width$}` panics past
        // 65,535, and a speaker's name read from a file sets this one.
        let mut header = format!(
            "{}{gap}{}{gap}",
            pad_before("ID", id_width),
            pad("DATE", date_width)
        );
        if let Some(speaker_width) = layout.speaker {
            header.push_str(&format!("{}{gap}", pad("SPEAKER", speaker_width)));
        }
        header.push_str("TEXT");
        if style.color {
            writeln!(out, "{BOLD}{header}{RESET}")?;
        } else {
            writeln!(out, "{header}")?;
        }
        Ok(HitTable {
            id_width,
            layout,
            gap,
            indent,
        })
    }

    /// Writes one row (or more lines, wrapped) per hit.
    fn write_rows(&self, out: &mut dyn Write, hits: &[SearchHit], style: Style) -> io::Result<()> {
        let HitTable {
            id_width,
            layout,
            ref gap,
            indent,
        } = *self;
        for hit in hits {
            let statement = &hit.statement;
            write!(
                out,
                "{}{gap}{}{gap}",
                pad_before(&statement.id.to_string(), id_width),
                pad(&statement.date.to_string(), layout.date),
            )?;
            if let Some(speaker_width) = layout.speaker {
                let speaker = clean(&statement.speaker);
                let speaker = match style.width {
                    Some(_) => truncate(&speaker, speaker_width),
                    None => speaker.into_owned(),
                };
                write!(out, "{}{gap}", pad(&speaker, speaker_width))?;
            }
            let Some(width) = layout.snippet else {
                write_snippet(out, &hit.snippet, style.color)?;
                writeln!(out)?;
                continue;
            };
            let marked = marked_snippet(&hit.snippet);
            if style.wrap {
                for (number, line) in wrap_marked(&marked, width).into_iter().enumerate() {
                    if number > 0 {
                        write!(out, "\n{}", " ".repeat(indent))?;
                    }
                    write_marked(out, line, style.color)?;
                }
            } else if marked_width(&marked) > width {
                let (start, end) = visible_window(&marked, width);
                if start > 0 {
                    write!(out, "…")?;
                }
                write_marked(out, &marked[start..end], style.color)?;
                if end < marked.len() {
                    write!(out, "…")?;
                }
            } else {
                write_marked(out, &marked, style.color)?;
            }
            writeln!(out)?;
        }
        Ok(())
    }
}

/// The widest the speaker column gets; longer names are cut.
const MAX_SPEAKER_WIDTH: usize = 34;
/// The narrowest the text column gets while the table has room for every column.
const MIN_SNIPPET_WIDTH: usize = 16;
/// The narrowest the speaker column gets when the text column needs the room.
const MIN_SPEAKER_WIDTH: usize = 12;
/// The narrowest the speaker column gets on a terminal too narrow for the full table;
/// narrower, it is left out.
const MIN_NARROW_SPEAKER_WIDTH: usize = 8;
/// Below this, without the speaker, the columns close up to one space apart.
const MIN_NARROW_SNIPPET_WIDTH: usize = 8;
/// The narrowest the text column ever gets: however narrow the terminal, a hint of it.
const MIN_TEXT_WIDTH: usize = 4;

/// The widths of the columns of a hit table, in terminal cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct HitLayout {
    /// The date column: ten cells, or the widest date on a very narrow terminal.
    date: usize,
    /// The speaker column; None when the terminal is too narrow for it.
    speaker: Option<usize>,
    /// Spaces between columns: two, or one on a very narrow terminal.
    gap: usize,
    /// The text column; None means the text is not cut.
    snippet: Option<usize>,
}

/// Returns the widths of the columns of a hit table whose lines must fit `width` cells:
/// the speaker column takes at most two fifths of the room the id and date columns leave
/// (never less than 12), the text the rest. Narrower than that, the speaker column
/// narrows (to 8) while the text keeps 16, then is left out; narrower still, the columns
/// close up to one space apart and the date column to the widest date. The id and the
/// dates are never cut; the text keeps at least 4 cells. Without a width, the text is not
/// cut.
fn fit_columns(
    id_width: usize,
    speaker_width: usize,
    date_width: usize,
    width: Option<usize>,
) -> HitLayout {
    let layout = |speaker, snippet| HitLayout {
        date: 10,
        speaker,
        gap: 2,
        snippet,
    };
    let Some(width) = width else {
        return layout(Some(speaker_width), None);
    };
    let fixed = id_width + 2 + 10 + 2;
    let available = width.saturating_sub(fixed + 2);
    if available >= MIN_SPEAKER_WIDTH + MIN_SNIPPET_WIDTH {
        let speaker = speaker_width.min((available * 2 / 5).max(MIN_SPEAKER_WIDTH));
        let snippet = available.saturating_sub(speaker).max(MIN_SNIPPET_WIDTH);
        return layout(Some(speaker), Some(snippet));
    }
    let speaker_room = available.saturating_sub(MIN_SNIPPET_WIDTH);
    if speaker_room >= MIN_NARROW_SPEAKER_WIDTH.min(speaker_width) {
        let speaker = speaker_width.min(speaker_room);
        return layout(Some(speaker), Some(available - speaker));
    }
    let snippet = width.saturating_sub(fixed);
    if snippet >= MIN_NARROW_SNIPPET_WIDTH {
        return layout(None, Some(snippet));
    }
    // Dates of a year or a month alone are shorter: their padding goes too.
    let date = date_width.max("DATE".len());
    HitLayout {
        date,
        speaker: None,
        gap: 1,
        snippet: Some(
            width
                .saturating_sub(id_width + 1 + date + 1)
                .max(MIN_TEXT_WIDTH),
        ),
    }
}

/// Returns the characters of a snippet, made terminal-safe, each marked when it is part of
/// a match.
fn marked_snippet(snippet: &crate::index::Snippet) -> Vec<(char, bool)> {
    marked_snippet_made(snippet, clean)
}

/// Returns the characters of a snippet, each made fit by `made`, each marked when it is
/// part of a match.
fn marked_snippet_made(
    snippet: &crate::index::Snippet,
    made: fn(&str) -> Cow<'_, str>,
) -> Vec<(char, bool)> {
    let mut marked = Vec::with_capacity(snippet.fragment.len());
    for (text, highlighted) in snippet_runs(snippet, made) {
        marked.extend(text.chars().map(|c| (c, highlighted)));
    }
    marked
}

/// A snippet as stretches of text made safe, each highlighted or not, in order; some may
/// be empty. Highlights that overlap one before or fall outside the text are left out.
fn snippet_runs(
    snippet: &crate::index::Snippet,
    made: fn(&str) -> Cow<'_, str>,
) -> impl Iterator<Item = (Cow<'_, str>, bool)> + '_ {
    let fragment = snippet.fragment.as_str();
    let mut position = 0;
    let mut ranges = snippet.highlights.iter();
    std::iter::from_fn(move || {
        for range in ranges.by_ref() {
            if range.start < position || range.end > fragment.len() {
                continue;
            }
            let before = made(&fragment[position..range.start]);
            position = range.end;
            return Some([(before, false), (made(&fragment[range.clone()]), true)]);
        }
        if position > fragment.len() {
            return None;
        }
        let rest = made(&fragment[position..]);
        position = fragment.len() + 1;
        Some([(rest, false), (Cow::Borrowed(""), false)])
    })
    .flatten()
}

/// Writes a whole snippet, as [`write_marked`] writes it marked, without making it a
/// character at a time: what a table with room for every snippet (written to a file or
/// a pipe) prints, a tenth of a filters-only search process.
fn write_snippet(
    out: &mut dyn Write,
    snippet: &crate::index::Snippet,
    color: bool,
) -> io::Result<()> {
    let mut text = String::with_capacity(snippet.fragment.len() + 16);
    let mut highlighted = false;
    for (run, flag) in snippet_runs(snippet, clean).filter(|(run, _)| !run.is_empty()) {
        if color && flag != highlighted {
            text.push_str(if flag { HIGHLIGHT } else { RESET });
            highlighted = flag;
        }
        text.push_str(&run);
    }
    if highlighted {
        text.push_str(RESET);
    }
    out.write_all(text.as_bytes())
}

/// Returns the part of a snippet longer than `width` cells to show in `width` cells,
/// ellipses included: its start, unless the first match would be cut off, in which case a
/// window that begins at a word a little before the match, so the match is always seen.
fn visible_window(marked: &[(char, bool)], width: usize) -> (usize, usize) {
    let starts = cluster_starts(marked);
    let room = width.saturating_sub(1).max(1);
    let first_match = marked.iter().position(|&(_, highlighted)| highlighted);
    let match_end = first_match.map(|start| {
        marked[start..]
            .iter()
            .position(|&(_, highlighted)| !highlighted)
            .map_or(marked.len(), |length| start + length)
    });
    match (first_match, match_end) {
        (Some(start), Some(end)) if marked_width(&marked[..end]) > room => {
            // Text without spaces (Chinese, Japanese) may begin at any wide character.
            let word_start = |at: usize| {
                at == 0
                    || (marked[at - 1].0 == ' ' && starts[at])
                    || is_break_between(marked, &starts, at)
            };
            // A match that begins inside a cluster is shown from the cluster's start.
            let start = (0..=start).rev().find(|&at| starts[at]).unwrap_or(0);
            // Both ellipses may be needed: room for the text is width - 2. Begin at the
            // earliest word that leaves the match in the first half.
            let room = width.saturating_sub(2).max(1);
            let earliest = fitting_start(marked, &starts, start, room / 2);
            let from = (earliest..=start)
                .find(|&at| word_start(at))
                .unwrap_or(start);
            let tail = width.saturating_sub(1).max(1);
            if marked_width(&marked[from..]) <= tail {
                // The rest fits behind one ellipsis: show as much of it as fits.
                let earliest = fitting_start(marked, &starts, marked.len(), tail);
                let from = (earliest..=from).find(|&at| word_start(at)).unwrap_or(from);
                (from, marked.len())
            } else {
                (from, fitting_end(marked, &starts, from, room))
            }
        }
        _ => (0, fitting_end(marked, &starts, 0, room)),
    }
}

/// Returns the terminal cells a character takes: two for CJK and most emoji, none for
/// combining marks and zero-width characters, one otherwise.
///
/// Characters are measured one by one, as wcwidth(3) and most terminals do: a terminal
/// that draws an emoji sequence (a family, a skin tone) as one glyph leaves the line
/// shorter than counted, never longer.
fn char_width(character: char) -> usize {
    if character.is_ascii() {
        return 1;
    }
    if character == EMOJI_PRESENTATION {
        // It asks for the character before as a two-cell emoji (❤️), which most
        // terminals draw so: counting the cell it adds keeps the line from being longer
        // than counted, and a terminal that ignores it leaves the line a cell short.
        return 1;
    }
    // Controls have no width of their own; clean() has replaced them by then, and
    // counting one keeps a line from ever being longer than counted.
    character.width().unwrap_or(1)
}

/// VARIATION SELECTOR-16: the character before it is shown as an emoji.
const EMOJI_PRESENTATION: char = '\u{FE0F}';

/// Returns the terminal cells `text` takes (see [`char_width`]).
pub fn text_width(text: &str) -> usize {
    if text.is_ascii() {
        return text.len();
    }
    text.chars().map(char_width).sum()
}

/// Returns the terminal cells marked characters take.
fn marked_width(marked: &[(char, bool)]) -> usize {
    marked
        .iter()
        .map(|&(character, _)| char_width(character))
        .sum()
}

/// Returns `text` followed by the spaces that make it `width` cells wide.
pub fn pad(text: &str, width: usize) -> String {
    let mut padded = text.to_string();
    padded.extend(std::iter::repeat_n(
        ' ',
        width.saturating_sub(text_width(text)),
    ));
    padded
}

/// Returns the spaces that make `text` `width` cells wide followed by `text`: a number
/// aligned to the right.
pub fn pad_before(text: &str, width: usize) -> String {
    let mut padded = " ".repeat(width.saturating_sub(text_width(text)));
    padded.push_str(text);
    padded
}

/// Returns, for each position of `marked` and its end, whether an extended grapheme
/// cluster (UAX #29) starts there: what a reader sees as one character, a letter and its
/// marks, a flag's two letters, an emoji sequence joined by ZWJ, an Indic conjunct and
/// its vowel sign. Cuts and line breaks fall only there: a flag cut in two shows a letter
/// in a box (or another country's flag), a conjunct cut before its vowel another syllable.
fn cluster_starts(marked: &[(char, bool)]) -> Vec<bool> {
    let text: String = marked.iter().map(|&(character, _)| character).collect();
    let mut starts = vec![false; marked.len() + 1];
    starts[marked.len()] = true;
    let mut boundaries = text.grapheme_indices(true).map(|(at, _)| at).peekable();
    for (position, (at, _)) in text.char_indices().enumerate() {
        if boundaries.peek() == Some(&at) {
            starts[position] = true;
            boundaries.next();
        }
    }
    starts
}

/// Returns the end of the cluster (see [`cluster_starts`]) that starts at `at`.
fn cluster_end(starts: &[bool], at: usize) -> usize {
    (at + 1..starts.len())
        .find(|&end| starts[end])
        .unwrap_or(starts.len() - 1)
}

/// Returns the start of the cluster that ends at `end`.
fn cluster_start(starts: &[bool], end: usize) -> usize {
    (0..end).rev().find(|&at| starts[at]).unwrap_or(0)
}

/// Returns the end of the longest run of whole clusters of marked characters from `from`
/// that fits in `cells`: a wide character that would straddle the edge is left out, and
/// the combining marks, the emoji selector, the joined emoji of the last cluster that
/// fits stay with it.
fn fitting_end(marked: &[(char, bool)], starts: &[bool], from: usize, cells: usize) -> usize {
    let mut used = 0;
    let mut end = from;
    while end < marked.len() {
        let next = cluster_end(starts, end);
        used += marked_width(&marked[end..next]);
        if used > cells {
            break;
        }
        end = next;
    }
    end
}

/// Returns the start of the longest run of whole clusters of marked characters ending at
/// `end` that fits in `cells`.
fn fitting_start(marked: &[(char, bool)], starts: &[bool], end: usize, cells: usize) -> usize {
    let mut used = 0;
    let mut start = end;
    while start > 0 {
        let previous = cluster_start(starts, start);
        let width = marked_width(&marked[previous..start]);
        if used + width > cells {
            break;
        }
        used += width;
        start = previous;
    }
    start
}

/// Whether a line may break before `marked[at]` without a space: between clusters next
/// to a wide one, as between the characters of Chinese or Japanese text, but never inside
/// a cluster (before a combining mark, inside an emoji sequence).
fn is_break_between(marked: &[(char, bool)], starts: &[bool], at: usize) -> bool {
    if !starts[at] || at == 0 {
        return false;
    }
    let before = marked[cluster_start(starts, at)].0;
    let after_width = char_width(marked[at].0);
    after_width > 0 && (after_width > 1 || char_width(before) > 1)
}

/// Writes marked characters, the marked ones highlighted when `color`.
fn write_marked(out: &mut dyn Write, marked: &[(char, bool)], color: bool) -> io::Result<()> {
    // One buffer and one write for the cell, rather than a string and a `write!` per
    // stretch of highlighted or plain text.
    let mut text = String::with_capacity(marked.len() * 2);
    let mut highlighted = false;
    for &(character, flag) in marked {
        if color && flag != highlighted {
            text.push_str(if flag { HIGHLIGHT } else { RESET });
            highlighted = flag;
        }
        text.push(character);
    }
    if highlighted {
        text.push_str(RESET);
    }
    out.write_all(text.as_bytes())
}

/// Splits marked characters into lines of at most `width` cells, between words (or next
/// to a wide character) when it can.
fn wrap_marked(marked: &[(char, bool)], width: usize) -> Vec<&[(char, bool)]> {
    let starts = cluster_starts(marked);
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut start = 0;
    loop {
        while start < marked.len() && marked[start].0 == ' ' {
            start += 1;
        }
        if start >= marked.len() {
            break;
        }
        let mut limit = fitting_end(marked, &starts, start, width);
        if limit == start {
            // A character wider than the line: alone on a line, rather than never shown.
            limit = cluster_end(&starts, start);
        }
        if limit >= marked.len() {
            lines.push(&marked[start..]);
            break;
        }
        let breakable = |at: usize| {
            (marked[at].0 == ' ' && starts[at]) || is_break_between(marked, &starts, at)
        };
        match (start + 1..=limit).rev().find(|&at| breakable(at)) {
            Some(space) if marked[space].0 == ' ' => {
                let mut end = space;
                while end > start && marked[end - 1].0 == ' ' {
                    end -= 1;
                }
                lines.push(&marked[start..end]);
                start = space + 1;
            }
            Some(at) => {
                lines.push(&marked[start..at]);
                start = at;
            }
            None => {
                lines.push(&marked[start..limit]);
                start = limit;
            }
        }
    }
    if lines.is_empty() {
        lines.push(&marked[..0]);
    }
    lines
}

/// Writes hits as rows of a Markdown table for pasting into a report, after its header if
/// `header`: matches in bold, the source as a link. Without a hit the table is its header,
/// as CSV's is: what is written for a file or a report is a whole document even when
/// empty (the table for the terminal, as grep, prints nothing). Text is made fit for a
/// terminal, or for a document, by [`prose`].
fn write_hit_markdown(
    out: &mut dyn Write,
    hits: &[SearchHit],
    header: bool,
    terminal: bool,
) -> io::Result<()> {
    let escape = |text: &str| markdown_escape(text, terminal);
    if header {
        writeln!(out, "| ID | Date | Speaker | Text | Source |")?;
        writeln!(out, "|---:|------|---------|------|--------|")?;
    }
    for hit in hits {
        let statement = &hit.statement;
        let mut text = String::new();
        // The snippet's controls are balanced in the whole cell, not in each run of
        // bold or plain text: an override opened before a match ends where the source
        // ends it.
        let mut marked = match terminal {
            true => marked_snippet(&hit.snippet),
            false => marked_snippet_made(&hit.snippet, controls_replaced),
        };
        // "**Nerkin Hand**", not "**Nerkin** **Hand**": a space between two matches is
        // bold with them, as a reader would mark the phrase.
        for index in 1..marked.len().saturating_sub(1) {
            if marked[index] == (' ', false) && marked[index - 1].1 && marked[index + 1].1 {
                marked[index].1 = true;
            }
        }
        let mut start = 0;
        while start < marked.len() {
            let highlighted = marked[start].1;
            let end = marked[start..]
                .iter()
                .position(|&(_, flag)| flag != highlighted)
                .map_or(marked.len(), |length| start + length);
            let run: String = marked[start..end].iter().map(|&(c, _)| c).collect();
            if highlighted {
                text.push_str(&format!("**{}**", markdown_syntax_escaped(&run)));
            } else {
                text.push_str(&markdown_syntax_escaped(&run));
            }
            start = end;
        }
        if !terminal {
            text = balanced(&text).into_owned();
        }
        let speaker = match &statement.role {
            Some(role) => format!("{} ({})", escape(&statement.speaker), escape(role)),
            None => escape(&statement.speaker),
        };
        let outlet = statement.source.outlet.as_deref().map(escape);
        let source = match (&outlet, markdown_url(statement.source.url.as_deref())) {
            (Some(outlet), Some(url)) => format!("[{outlet}]({url})"),
            (None, Some(url)) => format!("<{url}>"),
            (Some(outlet), None) => outlet.clone(),
            // An address that is no web link (a `tg://` one, a typo) is still the only
            // word of where the statement came from: shown as text.
            (None, None) => statement
                .source
                .url
                .as_deref()
                .map(|url| escape(&shown_url(url, &[])))
                .unwrap_or_default(),
        };
        writeln!(
            out,
            "| {} | {} | {speaker} | {text} | {source} |",
            statement.id, statement.date
        )?;
    }
    Ok(())
}

/// Escapes text for a Markdown table cell: no line breaks, no pipes, no emphasis, links
/// or HTML from the archive's text, and no control (see [`prose`]).
fn markdown_escape(text: &str, terminal: bool) -> String {
    markdown_syntax_escaped(&prose(text, terminal))
}

/// Escapes what Markdown reads as syntax in a table cell, in text whose controls are
/// made fit already.
fn markdown_syntax_escaped(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '!'
        ) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// Returns a web URL fit for a Markdown link target, or None when it is not a web URL.
/// What would end the link or the table cell (parentheses, as in Wikipedia's
/// `Tegh_(village)`, a pipe, angle brackets, spaces, control characters) and what could
/// reorder the line or hide in it (see [`shown_url`]) is percent-encoded: the same
/// address, which a browser opens as written.
fn markdown_url(url: Option<&str>) -> Option<String> {
    let url = url?.trim();
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return None;
    }
    Some(shown_url(url, &['<', '>', '(', ')', '|', '[', ']', '`']).into_owned())
}

/// Writes one citation line per hit: speaker, role, title, date, channel, outlet, URL,
/// and the statement's id in the archive.
fn write_hit_citations(out: &mut dyn Write, hits: &[SearchHit], terminal: bool) -> io::Result<()> {
    for hit in hits {
        writeln!(out, "{}", citation(&hit.statement, terminal))?;
    }
    Ok(())
}

/// Returns the citation of a statement, e.g. `Dmitry Peskov (Press Secretary of the
/// President of Russia), "Answers to journalists' questions", 13 February 2024, 08:30
/// UTC+03:00, press conference. TASS, https://… [communique #14]`. Without a role, the
/// speaker's organisation stands in its place (`Vladimir Putin (President of Russia)`),
/// unless it is the speaker's own name. Missing parts are left out. Its text is made fit
/// for a terminal, or for a document, by [`prose`]; its URL by [`shown_url`].
pub fn citation(statement: &Statement, terminal: bool) -> String {
    let clean = |text: &str| prose(text, terminal).into_owned();
    let present = |text: &Option<String>| {
        text.as_deref()
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(str::to_owned)
    };
    let mut who = clean(&statement.speaker);
    let office = present(&statement.role).or_else(|| {
        present(&statement.organization).filter(|organization| {
            crate::fold::fold(organization) != crate::fold::fold(&statement.speaker)
        })
    });
    if let Some(office) = office {
        who.push_str(&format!(" ({})", clean(&office)));
    }
    let mut said = vec![who];
    // A press release or a transcript is cited by its title, as a reader finds it again.
    if let Some(title) = present(&statement.title) {
        said.push(format!("\"{}\"", clean(&title)));
    }
    said.push(human_date(statement.date));
    if let Some(time) = statement.time {
        said.push(time.in_prose());
    }
    if let Some(channel) = statement
        .channel
        .as_deref()
        .filter(|channel| !channel.is_empty())
    {
        said.push(clean(&channel.replace('-', " ")));
    }
    let mut reported: Vec<String> = Vec::new();
    if let Some(outlet) = statement.source.outlet.as_deref() {
        reported.push(clean(outlet));
    }
    if let Some(published) = statement.source.published {
        if published != statement.date {
            reported.push(format!("published {}", human_date(published)));
        }
    }
    if let Some(url) = statement.source.url.as_deref() {
        reported.push(clean(&shown_url(url, &[])));
    }
    let mut line = said.join(", ");
    line.push('.');
    if !reported.is_empty() {
        line.push(' ');
        line.push_str(&reported.join(", "));
        line.push('.');
    }
    line.push_str(&format!(" [communique #{}]", statement.id));
    line
}

/// Returns a date as people write it: `13 February 2024`, `February 2024` or `2024`.
pub fn human_date(date: crate::model::PartialDate) -> String {
    let first = date.first_day();
    match date.precision() {
        crate::model::DatePrecision::Day => first.format("%-d %B %Y").to_string(),
        crate::model::DatePrecision::Month => first.format("%B %Y").to_string(),
        crate::model::DatePrecision::Year => first.format("%Y").to_string(),
    }
}

/// One bar of a chart: a label (a period, a speaker …), an optional series within it, and
/// a count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub series: Option<String>,
    pub count: u64,
}

/// A group of bars under a heading (the facets of one field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarGroup {
    pub heading: Option<String>,
    pub bars: Vec<Bar>,
    /// A line after the bars ("… 3 more").
    pub footer: Option<String>,
}

/// Colours of the series of a chart, in order.
const SERIES_COLORS: [&str; 6] = [
    "\x1b[36m", "\x1b[33m", "\x1b[35m", "\x1b[32m", "\x1b[34m", "\x1b[31m",
];

/// The width of a chart when the output is not a terminal and COLUMNS is not set.
const DEFAULT_CHART_WIDTH: usize = 80;

/// Writes a horizontal bar chart: one line per bar, the label shown once per run of bars
/// with the same label, the bars scaled so that the longest fills the width.
///
/// `series` names every series in order, so that a series keeps its colour across labels.
pub fn write_bar_chart(
    out: &mut dyn Write,
    groups: &[BarGroup],
    series: &[String],
    style: Style,
) -> io::Result<()> {
    let bars = || groups.iter().flat_map(|group| group.bars.iter());
    let label_width = bars()
        .map(|bar| text_width(&clean(&bar.label)))
        .max()
        .unwrap_or(0);
    let series_width = bars()
        .filter_map(|bar| bar.series.as_deref())
        .map(|name| text_width(&clean(name)))
        .max()
        .unwrap_or(0);
    let count_width = bars()
        .map(|bar| bar.count.to_string().len())
        .max()
        .unwrap_or(1);
    let maximum = bars().map(|bar| bar.count).max().unwrap_or(0);
    let indent = if groups.iter().any(|group| group.heading.is_some()) {
        2
    } else {
        0
    };
    let layout = fit_chart(
        (label_width, series_width),
        indent + 2 + usize::from(series_width > 0) * 2 + count_width + 2,
        style.width,
    );
    let ChartLayout {
        label: label_width,
        series: series_width,
        bar: bar_width,
    } = layout;
    for (number, group) in groups.iter().enumerate() {
        if let Some(heading) = &group.heading {
            if number > 0 {
                writeln!(out)?;
            }
            if style.color {
                writeln!(out, "{BOLD}{}{RESET}", clean(heading))?;
            } else {
                writeln!(out, "{}", clean(heading))?;
            }
        }
        let mut previous_label: Option<&str> = None;
        for bar in &group.bars {
            let label = if previous_label == Some(bar.label.as_str()) {
                String::new()
            } else {
                truncate_label(&clean(&bar.label), label_width)
            };
            previous_label = Some(&bar.label);
            write!(out, "{}{}  ", " ".repeat(indent), pad(&label, label_width))?;
            if series_width > 0 {
                let name = bar.series.as_deref().map(clean).unwrap_or_default();
                write!(
                    out,
                    "{}  ",
                    pad(&truncate_label(&name, series_width), series_width)
                )?;
            }
            let drawn = draw_bar(bar.count, maximum, bar_width);
            if drawn.is_empty() {
                writeln!(out, "{}", pad_before(&bar.count.to_string(), count_width))?;
                continue;
            }
            write!(out, "{}  ", pad_before(&bar.count.to_string(), count_width))?;
            if style.color {
                let position = bar
                    .series
                    .as_ref()
                    .and_then(|name| series.iter().position(|known| known == name))
                    .unwrap_or(0);
                let color = SERIES_COLORS[position % SERIES_COLORS.len()];
                writeln!(out, "{color}{drawn}{RESET}")?;
            } else {
                writeln!(out, "{drawn}")?;
            }
        }
        if let Some(footer) = &group.footer {
            let footer = clean(footer);
            // On a narrow terminal the footer, a hint, wraps rather than being cut.
            let lines = match style.width {
                Some(width) => wrap(&footer, width.saturating_sub(indent).max(MIN_CUT_WIDTH)),
                None => vec![footer.into_owned()],
            };
            for line in lines {
                if style.color {
                    writeln!(out, "{}{DIM}{line}{RESET}", " ".repeat(indent))?;
                } else {
                    writeln!(out, "{}{line}", " ".repeat(indent))?;
                }
            }
        }
    }
    Ok(())
}

/// The widest the label column of a chart gets on a terminal; longer labels are cut.
const MAX_CHART_LABEL_WIDTH: usize = 40;
/// The widest the series column of a chart gets on a terminal.
const MAX_CHART_SERIES_WIDTH: usize = 30;
/// The narrowest a chart's label or series is cut to on a narrow terminal: a period
/// (2024-02-13, 2024-W07) is never cut.
const MIN_CHART_TEXT_WIDTH: usize = 10;
/// The bars' room that the labels make way for on a narrow terminal.
const MIN_BAR_WIDTH: usize = 10;

/// The widths of a chart's columns, in terminal cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ChartLayout {
    label: usize,
    series: usize,
    /// The longest bar.
    bar: usize,
}

/// Returns the widths of a chart whose labels and series are at most `natural` wide and
/// whose other columns (indent, count, spaces) take `fixed` cells, fitted to `width`: on
/// a terminal the labels are at most 40 cells and the series 30, and the wider of the two
/// is narrowed, down to 10 cells, while the bars have less than 10; the bars take the
/// rest, at least one cell. Without a width (a pipe, a file) nothing is cut and the bars
/// take what 80 columns leave, at least 10.
fn fit_chart(natural: (usize, usize), fixed: usize, width: Option<usize>) -> ChartLayout {
    let (mut label, mut series) = natural;
    let Some(width) = width else {
        return ChartLayout {
            label,
            series,
            bar: DEFAULT_CHART_WIDTH
                .saturating_sub(fixed + label + series)
                .max(MIN_BAR_WIDTH),
        };
    };
    label = label.min(MAX_CHART_LABEL_WIDTH);
    series = series.min(MAX_CHART_SERIES_WIDTH);
    let floor = |natural: usize| natural.min(MIN_CHART_TEXT_WIDTH);
    while fixed + label + series + MIN_BAR_WIDTH > width {
        if series >= label && series > floor(natural.1) {
            series -= 1;
        } else if label > floor(natural.0) {
            label -= 1;
        } else if series > floor(natural.1) {
            series -= 1;
        } else {
            break;
        }
    }
    ChartLayout {
        label,
        series,
        bar: width.saturating_sub(fixed + label + series).max(1),
    }
}

/// Returns a bar of `count` against `maximum` drawn in `width` columns, in eighths of a
/// column; any count above zero shows at least a sliver.
fn draw_bar(count: u64, maximum: u64, width: usize) -> String {
    const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    if count == 0 || maximum == 0 {
        return String::new();
    }
    let eighths = ((count as u128 * width as u128 * 8) / maximum as u128).max(1) as usize;
    let mut bar = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        bar.push(EIGHTHS[eighths % 8]);
    }
    bar
}

/// How a column of a table gives way on a terminal too narrow for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Give {
    /// Never cut nor left out: ids, numbers, dates.
    Never,
    /// Free text: cut with "…", the widest first, down to its header or six cells.
    Cut,
    /// Free text cut as [`Give::Cut`], and left out when even that is too wide, the
    /// lowest rank first.
    CutThenLeaveOut(u8),
    /// Never cut, but left out when the table is still too wide, the lowest rank first.
    LeaveOut(u8),
}

/// A column of a table: its header and how it gives way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column<'a> {
    pub header: &'a str,
    pub give: Give,
}

/// The narrowest a free-text column is cut to (or its header, if wider).
const MIN_CUT_WIDTH: usize = 6;

/// The widths of a table's columns fitted to a width: None for a column left out, and
/// the spaces between columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableLayout {
    pub widths: Vec<Option<usize>>,
    pub gap: usize,
}

/// Returns the widths of columns whose widest cells are `natural` fitted to `width`
/// cells, as the search table fits: the widest free-text column is narrowed first, one
/// cell at a time, down to its header or six cells; then columns are left out, the
/// lowest rank first, the others back at their natural widths and narrowed again; then
/// the columns close up to one space apart. Ids, numbers and dates are never cut: a
/// table still too wide stays too wide. Without a width, nothing is cut.
pub fn fit_table(columns: &[Column<'_>], natural: &[usize], width: Option<usize>) -> TableLayout {
    let Some(width) = width else {
        return TableLayout {
            widths: natural.iter().copied().map(Some).collect(),
            gap: 2,
        };
    };
    let floor = |column: usize| {
        text_width(columns[column].header)
            .max(MIN_CUT_WIDTH)
            .min(natural[column])
    };
    let cut = |left_out: &[bool], gap: usize| {
        let mut widths: Vec<Option<usize>> = natural
            .iter()
            .zip(left_out)
            .map(|(&natural, &out)| (!out).then_some(natural))
            .collect();
        let total = |widths: &[Option<usize>]| {
            let shown: Vec<usize> = widths.iter().flatten().copied().collect();
            shown.iter().sum::<usize>() + gap * shown.len().saturating_sub(1)
        };
        while total(&widths) > width {
            let widest = (0..widths.len())
                .filter(|&column| {
                    matches!(columns[column].give, Give::Cut | Give::CutThenLeaveOut(_))
                        && widths[column].is_some_and(|shown| shown > floor(column))
                })
                .max_by_key(|&column| (widths[column], std::cmp::Reverse(column)));
            match widest {
                Some(column) => widths[column] = widths[column].map(|shown| shown - 1),
                None => break,
            }
        }
        let fits = total(&widths) <= width;
        (widths, fits)
    };
    let mut leaving: Vec<(u8, usize)> = columns
        .iter()
        .enumerate()
        .filter_map(|(index, column)| match column.give {
            Give::CutThenLeaveOut(rank) | Give::LeaveOut(rank) => Some((rank, index)),
            _ => None,
        })
        .collect();
    leaving.sort_unstable();
    let mut left_out = vec![false; columns.len()];
    let mut leaving = leaving.into_iter();
    loop {
        let (widths, fits) = cut(&left_out, 2);
        if fits {
            return TableLayout { widths, gap: 2 };
        }
        match leaving.next() {
            Some((_, column)) => left_out[column] = true,
            None => break,
        }
    }
    let (widths, _) = cut(&left_out, 1);
    TableLayout { widths, gap: 1 }
}

/// Writes aligned columns, fitted to the terminal's width as [`fit_table`] fits them;
/// numbers and dates keep their place instead of being cut off with the end of the line.
fn write_table(
    out: &mut dyn Write,
    columns: &[Column<'_>],
    rows: &[Vec<String>],
    style: Style,
) -> io::Result<()> {
    let mut natural: Vec<usize> = columns
        .iter()
        .map(|column| text_width(column.header))
        .collect();
    for row in rows {
        for (column, cell) in row.iter().enumerate() {
            natural[column] = natural[column].max(text_width(cell));
        }
    }
    let layout = fit_table(columns, &natural, style.width);
    let gap = " ".repeat(layout.gap);
    let line = |cells: &[String]| -> String {
        let shown: Vec<(usize, &String)> = cells
            .iter()
            .zip(&layout.widths)
            .filter_map(|(cell, width)| Some(((*width)?, cell)))
            .collect();
        let mut text = String::new();
        for (position, (width, cell)) in shown.iter().enumerate() {
            if position > 0 {
                text.push_str(&gap);
            }
            let cell = truncate(cell, *width);
            text.push_str(&cell);
            if position + 1 < shown.len() {
                text.push_str(&" ".repeat(width.saturating_sub(text_width(&cell))));
            }
        }
        // Empty cells at the end of a row leave no spaces a copied line would carry.
        text.truncate(text.trim_end_matches(' ').len());
        text
    };
    let header_line = line(
        &columns
            .iter()
            .map(|column| column.header.to_string())
            .collect::<Vec<_>>(),
    );
    if style.color {
        writeln!(out, "{BOLD}{header_line}{RESET}")?;
    } else {
        writeln!(out, "{header_line}")?;
    }
    for row in rows {
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
}

/// Returns `text` cut to `width` cells, ending in "…" when cut; never inside a
/// character as a reader sees one (a grapheme cluster: see [`cluster_starts`]), so a cut
/// text may be a cell short.
pub fn truncate(text: &str, width: usize) -> String {
    if text_width(text) <= width {
        return text.to_string();
    }
    let room = width.saturating_sub(1);
    let mut cut = String::with_capacity(text.len());
    let mut used = 0;
    for cluster in text.graphemes(true) {
        used += text_width(cluster);
        if used > room {
            break;
        }
        cut.push_str(cluster);
    }
    cut.push('…');
    cut
}

/// Shortens a chart's label to `width` cells as [`truncate`] does, but keeps a short
/// ending in parentheses whole, `Ministry of Defence of Ar… (AM)`: it is what tells apart
/// speakers who share a name (`label::speaker_labels`), and cutting it made their rows
/// read the same.
fn truncate_label(text: &str, width: usize) -> String {
    /// The widest ending kept, ` (AZ, #123456)`, and the least room left for the rest.
    const LONGEST_ENDING: usize = 16;
    const SHORTEST_START: usize = 4;
    if text_width(text) <= width {
        return text.to_string();
    }
    let ending = text
        .rfind(" (")
        .filter(|_| text.ends_with(')'))
        .map(|start| text.split_at(start))
        .filter(|(_, ending)| text_width(ending) <= LONGEST_ENDING);
    match ending {
        Some((start, ending)) if width >= text_width(ending) + SHORTEST_START => {
            truncate(start, width - text_width(ending)) + ending
        }
        _ => truncate(text, width),
    }
}

/// Splits text into lines of at most `width` cells between words, or next to a wide
/// character (Chinese and Japanese are written without spaces); a longer word overflows.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0;
        for word in paragraph.split_whitespace() {
            for (number, piece) in word_pieces(word).into_iter().enumerate() {
                let gap = usize::from(number == 0 && !line.is_empty());
                let piece_width = text_width(piece);
                if !line.is_empty() && line_width + gap + piece_width > width {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0;
                } else if gap > 0 {
                    line.push(' ');
                    line_width += 1;
                }
                line.push_str(piece);
                line_width += piece_width;
            }
        }
        lines.push(line);
    }
    lines
}

/// Splits text into lines as [`wrap`] does, and a word longer than a line (a URL, an
/// id) into pieces of a line each, so that no line is wider than `width` cells.
fn wrap_breaking_words(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for line in wrap(text, width) {
        if text_width(&line) <= width {
            lines.push(line);
            continue;
        }
        let mut piece = String::new();
        let mut piece_width = 0;
        for cluster in line.graphemes(true) {
            let cluster_width = text_width(cluster);
            if piece_width + cluster_width > width && !piece.is_empty() {
                lines.push(std::mem::take(&mut piece));
                piece_width = 0;
            }
            piece.push_str(cluster);
            piece_width += cluster_width;
        }
        lines.push(piece);
    }
    lines
}

/// Splits a word where a line may break inside it: before and after each wide character,
/// which keeps its cluster (its combining marks, the emoji joined to it).
fn word_pieces(word: &str) -> Vec<&str> {
    if word.is_ascii() {
        return vec![word];
    }
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut previous_wide = false;
    for (index, cluster) in word.grapheme_indices(true) {
        let Some(character) = cluster.chars().next() else {
            continue;
        };
        let width = char_width(character);
        if width == 0 {
            continue;
        }
        if index > start && (width > 1 || previous_wide) {
            pieces.push(&word[start..index]);
            start = index;
        }
        previous_wide = width > 1;
    }
    pieces.push(&word[start..]);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_safe_replaces_controls_even_split_between_writes() {
        // CSI as one C1 character (two bytes in UTF-8), ESC, BEL, a bidi override, an
        // carriage return, an invalid byte; tabs and line feeds are data and stay.
        let text = "a\u{9b}2J b\x1b[31m c\x07 d\u{202E} é\tf\rg\n".as_bytes();
        let mut expected =
            String::from("a\u{FFFD}2J b\u{FFFD}[31m c\u{FFFD} d\u{FFFD} é\tf\u{FFFD}g\n");
        let mut bytes = text.to_vec();
        bytes.push(0xff);
        expected.push('\u{FFFD}');
        for split in 0..bytes.len() {
            let mut shown = Vec::new();
            let mut safe = TerminalSafe::new(&mut shown);
            safe.write_all(&bytes[..split]).unwrap();
            safe.write_all(&bytes[split..]).unwrap();
            safe.flush().unwrap();
            assert_eq!(
                String::from_utf8(shown).unwrap(),
                expected,
                "split at {split}"
            );
        }
    }

    #[test]
    fn direction_controls_are_balanced_and_marks_kept_in_documents() {
        // Balanced text, as a source's legitimate controls are, is left as it is.
        for text in [
            "plain",
            "a\u{202B}b\u{202C}c",
            "\u{2067}אב\u{202E}x\u{2069} d",
        ] {
            assert!(matches!(balanced(text), Cow::Borrowed(_)), "{text:?}");
        }
        // What is left open is closed at the end, innermost first.
        assert_eq!(balanced("evil\u{202E}txt"), "evil\u{202E}txt\u{202C}");
        assert_eq!(
            balanced("\u{2068}a\u{202B}b"),
            "\u{2068}a\u{202B}b\u{202C}\u{2069}"
        );
        // A closing character that closes nothing of the text's is left out: it could
        // only close what is around the text. A PDF never closes past an isolate.
        assert_eq!(balanced("a\u{202C}b\u{2069}"), "ab");
        assert_eq!(balanced("\u{2066}\u{202C}a"), "\u{2066}a\u{2069}");
        // A PDI closes the embeddings opened inside its isolate.
        assert_eq!(
            balanced("\u{2066}\u{202D}a\u{2069}\u{202C}"),
            "\u{2066}\u{202D}a\u{2069}"
        );
        // A direction mark is kept in a document, left out on a terminal; an override is
        // balanced in a document and a visible stand-in on a terminal.
        let name = "أفيخاي أدرعي\u{200F} (\u{200F}2024\u{200F})\u{202E}x";
        assert_eq!(
            prose(name, false),
            "أفيخاي أدرعي\u{200F} (\u{200F}2024\u{200F})\u{202E}x\u{202C}"
        );
        assert_eq!(prose(name, true), "أفيخاي أدرعي (2024)\u{FFFD}x");
        assert_eq!(prose("a\nb\u{1b}[2J", false), "a b\u{FFFD}[2J");
        assert_eq!(clean("\u{200E}a\u{061C}b"), "ab");
        assert_eq!(
            shown_url("https://x.org/\u{200F}a\u{AD}b c", &[]),
            "https://x.org/%E2%80%8Fa%C2%ADb%20c"
        );
    }

    #[test]
    fn json_escapes_what_terminals_obey_and_keeps_the_value() {
        let text = "a\u{9b}31m b\u{202E}c \u{7f} é";
        let mut out = Vec::new();
        write_json(&mut out, &serde_json::json!({ "text": text }), false).unwrap();
        let printed = String::from_utf8(out).unwrap();
        assert_eq!(printed, r#"{"text":"a\u009b31m b\u202ec \u007f é"}"#);
        let read: serde_json::Value = serde_json::from_str(&printed).unwrap();
        assert_eq!(read["text"], text);
    }

    #[test]
    fn a_hit_is_written_as_its_statement_then_what_the_search_found() {
        use crate::model::{PartialDate, SpeakerId, SpeakerKind, StatementKind, TimeOfDay};
        let date = PartialDate::parse("2024-02-13").unwrap();
        let text = "Мы призываем стороны к сдержанности";
        let statement = Statement {
            id: StatementId(7),
            external_id: Some("kremlin-73456".into()),
            date,
            date_precision: date.precision(),
            time: TimeOfDay::parse("10:15"),
            speaker_id: SpeakerId(3),
            speaker: "Dmitry Peskov".into(),
            speaker_kind: SpeakerKind::Person,
            role: Some("Press Secretary".into()),
            organization: None,
            country: Some("RU".into()),
            channel: Some("telegram".into()),
            kind: StatementKind::Quote,
            language: "ru".into(),
            title: None,
            text: text.into(),
            source: Default::default(),
            tags: vec!["restraint".into()],
            ingested_at: "2026-11-28T07:00:00Z".into(),
            deleted: None,
            role_origin: None,
            organization_origin: None,
        };
        let found = text.find("сдержанности").unwrap();
        let word = found..found + "сдержанности".len();
        let hit = SearchHit {
            statement,
            score: Some(1.1),
            snippet: crate::index::Snippet {
                fragment: text.into(),
                highlights: vec![word],
            },
            places: Vec::new(),
        };
        let mut out = Vec::new();
        write_json(&mut out, &HitJson::of(&hit), false).unwrap();
        let written: Value = serde_json::from_slice(&out).unwrap();
        let keys: Vec<&str> = written
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        // The statement's fields in the order `show` gives them, then the search's.
        let order = "id date date_precision time speaker speaker_id speaker_kind role \
                     organization country channel kind language title text source tags \
                     external_id ingested_at deleted score snippet highlights places";
        assert_eq!(keys, order.split_whitespace().collect::<Vec<_>>());
        assert_eq!(written["date"], "2024-02-13");
        assert_eq!(written["time"], "10:15");
        assert_eq!(written["kind"], "quote");
        assert_eq!(written["organization"], Value::Null);
        // The digits of the score as a double, as CSV writes it: the same number.
        assert_eq!(written["score"], json!(1.1f32));
        assert_eq!(written["score"].to_string(), "1.100000023841858");
        // In characters, not bytes.
        assert_eq!(written["highlights"], json!([[23, 35]]));
    }

    proptest::proptest! {
        /// Escaped as strings are written, each character to escape is found wherever it
        /// stands: next to another, next to an escape of JSON's own, at either end.
        #[test]
        fn json_escapes_every_character_terminals_obey_wherever_it_stands(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "a", "é", "\u{7f}", "\u{80}", "\u{9b}", "\u{9f}", "\u{a0}", "\u{202A}", "\u{202E}",
                "\u{202F}", "\u{2066}", "\u{2069}", "\u{200E}", "\u{200F}", "\u{061C}", "\"", "\\",
                "\n", "\u{1}", "語", "😀",
            ]), 0..12),
            pretty: bool,
        ) {
            let text = parts.concat();
            let value = serde_json::json!({ "text": text, "list": [text, 1] });
            let mut out = Vec::new();
            write_json(&mut out, &value, pretty).unwrap();
            let printed = String::from_utf8(out).unwrap();
            let plain = match pretty {
                true => serde_json::to_string_pretty(&value).unwrap(),
                false => serde_json::to_string(&value).unwrap(),
            };
            let expected: String = plain
                .chars()
                .map(|character| match is_escaped_in_json(character) {
                    true => format!("\\u{:04x}", u32::from(character)),
                    false => character.to_string(),
                })
                .collect();
            proptest::prop_assert_eq!(&printed, &expected);
            proptest::prop_assert!(!printed.chars().any(is_escaped_in_json));
            let read: serde_json::Value = serde_json::from_str(&printed).unwrap();
            proptest::prop_assert_eq!(read, value);
        }
    }

    #[test]
    fn escape_sequences_never_reach_the_terminal() {
        assert_eq!(clean("plain"), "plain");
        assert_eq!(
            clean("red \x1b[31mtext\x1b[0m"),
            "red \u{FFFD}[31mtext\u{FFFD}[0m"
        );
        assert_eq!(clean("a\nb\tc"), "a b c");
        assert_eq!(clean("evil\u{202E}txt.exe"), "evil\u{FFFD}txt.exe");
        // Invisible, and drawn by some terminals in a cell no width counts.
        assert_eq!(clean("Dmitry Pe\u{AD}skov\u{FEFF}"), "Dmitry Peskov");
        assert_eq!(text_width(&clean("Pe\u{AD}skov\u{2060}")), 6);
        // A joiner takes no cell, and makes a family of three emoji one.
        assert_eq!(clean("👨\u{200D}👩"), "👨\u{200D}👩");
        assert!(!clean("\x07\x08\x7f\u{9b}").chars().any(|c| c.is_control()));
    }

    fn marked(
        text: &str,
        highlights: impl IntoIterator<Item = std::ops::Range<usize>>,
    ) -> Vec<(char, bool)> {
        marked_snippet(&crate::index::Snippet {
            fragment: text.into(),
            highlights: highlights.into_iter().collect(),
        })
    }

    fn written(marked: &[(char, bool)], color: bool) -> String {
        let mut out = Vec::new();
        write_marked(&mut out, marked, color).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// A snippet written whole is what its marked characters write: the same text made
    /// safe, the same highlights, merged where they touch.
    #[test]
    fn a_whole_snippet_is_written_as_its_marked_characters() {
        let cases: [(&str, Vec<std::ops::Range<usize>>); 8] = [
            ("show restraint now please", vec![5..14, 20..25]),
            ("show restraint now please", vec![0..4, 4..14, 20..25]),
            ("plain text", vec![]),
            ("", vec![]),
            ("a\u{1b}[31mred\nline\ttab", vec![1..6, 9..13]),
            ("overlapping highlights", vec![0..11, 5..15, 12..22]),
            ("out of range", vec![4..6, 9..40]),
            ("保持克制 and more", vec![0..6, 6..12, 12..12]),
        ];
        for (text, highlights) in cases {
            let snippet = crate::index::Snippet {
                fragment: text.into(),
                highlights,
            };
            for color in [false, true] {
                let mut whole = Vec::new();
                write_snippet(&mut whole, &snippet, color).unwrap();
                assert_eq!(
                    String::from_utf8(whole).unwrap(),
                    written(&marked_snippet(&snippet), color),
                    "{text:?} {:?}, colour {color}",
                    snippet.highlights
                );
            }
        }
    }

    #[test]
    fn snippets_keep_their_highlights_when_cut_or_wrapped() {
        let snippet = marked("show restraint now please", Some(5..14));
        assert_eq!(
            written(&snippet[..11], true),
            format!("show {HIGHLIGHT}restra{RESET}")
        );
        assert_eq!(written(&snippet, false), "show restraint now please");
        let lines: Vec<String> = wrap_marked(&snippet, 10)
            .into_iter()
            .map(|line| written(line, true))
            .collect();
        assert_eq!(
            lines,
            [
                "show".to_string(),
                format!("{HIGHLIGHT}restraint{RESET}"),
                "now please".to_string()
            ]
        );
    }

    #[test]
    fn a_cut_snippet_always_shows_its_first_match() {
        let shown = |text: &str, highlight: std::ops::Range<usize>, width: usize| {
            let marked = marked(text, Some(highlight));
            let (start, end) = visible_window(&marked, width);
            let mut line = String::new();
            if start > 0 {
                line.push('…');
            }
            line.push_str(&written(&marked[start..end], false));
            if end < marked.len() {
                line.push('…');
            }
            assert!(
                line.chars().count() <= width,
                "{line:?} is wider than {width}"
            );
            line
        };
        let text = "A serviceman was injured by Armenian fire on Monday near the border.";
        // The match within the width: the start of the text.
        assert_eq!(shown(text, 0..1, 20), "A serviceman was in…");
        // The match beyond it: a window from a word before the match.
        assert_eq!(shown(text, 37..41, 20), "…Armenian fire on M…");
        // The match near the end: the end of the text.
        assert_eq!(shown(text, 61..67, 20), "…near the border.");
    }

    #[test]
    fn wrapping_cuts_words_longer_than_the_line() {
        let text = marked("abcdefgh ij", None);
        let lines: Vec<String> = wrap_marked(&text, 3)
            .into_iter()
            .map(|line| written(line, false))
            .collect();
        assert_eq!(lines, ["abc", "def", "gh", "ij"]);
        assert_eq!(wrap_marked(&[], 3).len(), 1);
    }

    #[test]
    fn hit_tables_give_the_text_most_of_the_width() {
        let fit = |id, speaker, width| {
            let layout = fit_columns(id, speaker, 10, width);
            (layout.speaker, layout.snippet)
        };
        // Without a width nothing is cut.
        assert_eq!(fit(2, 30, None), (Some(30), None));
        // Wide: both columns whole.
        assert_eq!(fit(2, 30, Some(200)), (Some(30), Some(152)));
        // 80 columns: 62 for speaker and text, two fifths of it at most for the speaker.
        assert_eq!(fit(2, 34, Some(80)), (Some(24), Some(38)));
        // Narrow: the speaker never below 12, the text never below 16.
        assert_eq!(fit(2, 34, Some(50)), (Some(12), Some(20)));
        assert_eq!(fit(2, 34, Some(46)), (Some(12), Some(16)));
        // A short speaker column is never widened.
        assert_eq!(fit(2, 8, Some(60)), (Some(8), Some(34)));
    }

    #[test]
    fn narrow_hit_tables_give_up_the_speaker_then_the_spaces_never_the_id() {
        let fit = |id, width| fit_columns(id, 34, 10, Some(width));
        // The cells of a row: id, date, speaker, text and the gaps between them.
        let full = |layout: HitLayout| {
            let speaker = layout.speaker.map_or(0, |width| width + layout.gap);
            2 + layout.gap + layout.date + layout.gap + speaker + layout.snippet.unwrap_or(0)
        };
        // Below 46 columns the speaker narrows to 8, the text keeping 16 …
        let layout = fit(2, 42);
        assert_eq!((layout.speaker, layout.snippet), (Some(8), Some(16)));
        // … then goes, the text taking its room.
        let layout = fit(2, 40);
        assert_eq!(
            (layout.speaker, layout.gap, layout.snippet),
            (None, 2, Some(24))
        );
        // Very narrow: one space between columns.
        let layout = fit(2, 20);
        assert_eq!(
            (layout.speaker, layout.gap, layout.snippet),
            (None, 1, Some(6))
        );
        for width in 18..=80 {
            assert_eq!(full(fit(2, width)), width, "at {width}");
        }
        // Dates of a year alone: their padding goes too.
        let layout = fit_columns(2, 34, 4, Some(16));
        assert_eq!((layout.date, layout.snippet), (4, Some(8)));
        // However narrow, the id is whole and the text keeps 4 cells.
        let layout = fit(6, 10);
        assert_eq!((layout.date, layout.snippet), (10, Some(4)));
    }

    /// Splits an aliases cell as a reader would: at each `;` not escaped, then unescapes.
    fn split_aliases(cell: &str) -> Vec<String> {
        let mut aliases = vec![String::new()];
        let mut characters = cell.chars();
        while let Some(character) = characters.next() {
            match character {
                '\\' => aliases.last_mut().unwrap().extend(characters.next()),
                ';' => aliases.push(String::new()),
                other => aliases.last_mut().unwrap().push(other),
            }
        }
        aliases
    }

    #[test]
    fn an_aliases_cell_splits_back_into_the_aliases() {
        let aliases: Vec<String> = ["Peskov; D.", "C:\\", ";", "\\;", "Песков", "a\\"]
            .into_iter()
            .map(String::from)
            .collect();
        let cell = aliases_cell(&aliases);
        assert_eq!(cell, "Peskov\\; D.;C:\\\\;\\;;\\\\\\;;Песков;a\\\\");
        assert_eq!(split_aliases(&cell), aliases);
        let plain = ["Dmitri Peskov".to_string(), "Песков".to_string()];
        assert_eq!(aliases_cell(&plain), "Dmitri Peskov;Песков");
    }

    #[test]
    fn bars_are_drawn_in_eighths() {
        assert_eq!(draw_bar(0, 10, 10), "");
        assert_eq!(draw_bar(10, 10, 4), "████");
        assert_eq!(draw_bar(5, 10, 3), "█▌");
        assert_eq!(draw_bar(1, 1000, 10), "▏");
    }

    #[test]
    fn markdown_cells_cannot_break_the_table() {
        for terminal in [true, false] {
            assert_eq!(
                markdown_escape("a | b *c*\nd", terminal),
                "a \\| b \\*c\\* d"
            );
        }
        // A direction override in a link target is percent-encoded, as browsers show it.
        assert_eq!(
            markdown_url(Some("https://example.com/\u{202E}gnp.exe")).as_deref(),
            Some("https://example.com/%E2%80%AEgnp.exe")
        );
        assert_eq!(
            markdown_url(Some("https://example.org/a?b=1")).as_deref(),
            Some("https://example.org/a?b=1")
        );
        assert_eq!(markdown_url(Some("javascript:alert(1)")), None);
        assert_eq!(
            markdown_url(Some("https://x.org/a b")).as_deref(),
            Some("https://x.org/a%20b")
        );
        assert_eq!(
            markdown_url(Some("https://en.wikipedia.org/wiki/Tegh_(village)")).as_deref(),
            Some("https://en.wikipedia.org/wiki/Tegh_%28village%29")
        );
        assert_eq!(
            markdown_url(Some("https://example.com/q?a=1|2\u{1b}")).as_deref(),
            Some("https://example.com/q?a=1%7C2%1B")
        );
    }

    #[test]
    fn dates_read_as_people_write_them() {
        let date = |text: &str| crate::model::PartialDate::parse(text).unwrap();
        assert_eq!(human_date(date("2024-02-03")), "3 February 2024");
        assert_eq!(human_date(date("2024-02")), "February 2024");
        assert_eq!(human_date(date("2023")), "2023");
    }

    #[test]
    fn tables_narrow_their_widest_text_columns_then_leave_columns_out() {
        let column = |header, give| Column { header, give };
        let columns = [
            column("ID", Give::Never),
            column("SPEAKER", Give::Cut),
            column("ROLE", Give::CutThenLeaveOut(0)),
            column("STATEMENTS", Give::Never),
            column("LAST", Give::Never),
        ];
        let fitted = |width| fit_table(&columns, &[2, 30, 40, 10, 10], width).widths;
        assert_eq!(
            fitted(Some(80)),
            [Some(2), Some(25), Some(25), Some(10), Some(10)]
        );
        assert_eq!(
            fitted(Some(50)),
            [Some(2), Some(10), Some(10), Some(10), Some(10)]
        );
        // Never below the header or six cells: the role is left out instead.
        assert_eq!(
            fitted(Some(40)),
            [Some(2), Some(12), None, Some(10), Some(10)]
        );
        // The id, the count and the date are never cut: too narrow, too wide.
        let layout = fit_table(&columns, &[2, 30, 40, 10, 10], Some(20));
        assert_eq!(layout.widths, [Some(2), Some(7), None, Some(10), Some(10)]);
        assert_eq!(layout.gap, 1);
        // Without a width, nothing is cut.
        assert_eq!(
            fitted(None),
            [Some(2), Some(30), Some(40), Some(10), Some(10)]
        );
    }

    /// Two speakers of one long name read the same in a narrow chart: the country that
    /// told them apart was cut off.
    #[test]
    fn chart_labels_keep_a_short_ending_in_parentheses() {
        let label = "Ministry of Defence of Armenia (AM)";
        assert_eq!(truncate_label(label, 40), label);
        assert_eq!(truncate_label(label, 20), "Ministry of De… (AM)");
        assert_eq!(
            truncate_label("Ali Hasanov (AZ, #12)", 16),
            "Ali H… (AZ, #12)"
        );
        // Too little room for the name: cut as any text.
        assert_eq!(truncate_label(label, 8), "Ministr…");
        assert_eq!(truncate_label("no ending at all here", 8), "no endi…");
    }

    #[test]
    fn cuts_and_wraps_keep_grapheme_clusters_whole() {
        let family = "👨\u{200D}👩\u{200D}👧\u{200D}👦";
        // A flag is two regional indicators: never one alone before the ellipsis.
        assert_eq!(truncate("🇺🇦🇷🇺🇺🇦", 5), "🇺🇦🇷🇺…");
        assert_eq!(truncate("🇺🇦🇷🇺🇺🇦", 4), "🇺🇦…");
        // An emoji family joined by ZWJ is kept whole or left out, never cut at a joiner.
        assert_eq!(truncate(&format!("a{family}b"), 6), "a…");
        // A conjunct keeps its vowel sign: क्षि is not cut to क्ष.
        assert_eq!(truncate("क्षिक्षि", text_width("क्षि") + 1), "क्षि…");
        assert_eq!(wrap_breaking_words("क्षिक्षि", 3), ["क्षि", "क्षि"]);
        assert_eq!(word_pieces(&format!("中{family}中")), ["中", family, "中"]);
        let flags = marked("🇺🇦🇷🇺🇺🇦", None);
        for width in 1..6 {
            for line in wrap_marked(&flags, width) {
                assert_eq!(line.len() % 2, 0, "{width}: {line:?}");
            }
        }
        let text = format!("{family}{family} target {family}{family}");
        let snippet = marked(
            &text,
            Some(
                text.find("target").unwrap()
                    ..text.find(" 👨\u{200D}👩\u{200D}👧\u{200D}👦👨").unwrap(),
            ),
        );
        for width in 8..30 {
            let (start, end) = visible_window(&snippet, width);
            let starts = cluster_starts(&snippet);
            assert!(starts[start] && starts[end], "{width}: {start}..{end}");
        }
    }

    #[test]
    fn a_character_to_clean_is_found_anywhere_in_plain_text() {
        // Past one chunk of 32 bytes and into the remainder after the last one.
        let plain: String = ('!'..='~').chain(' '..='~').take(75).collect();
        for length in 0..=plain.len() {
            assert!(matches!(clean(&plain[..length]), Cow::Borrowed(_)));
        }
        for (bad, shown) in [
            ("\x1b", "\u{FFFD}"),
            ("\x7f", "\u{FFFD}"),
            ("\x00", "\u{FFFD}"),
            ("\t", " "),
            ("\u{AD}", ""),
            ("\u{202E}", "\u{FFFD}"),
        ] {
            for at in 0..=plain.len() {
                let text = format!("{}{bad}{}", &plain[..at], &plain[at..]);
                let expected = format!("{}{shown}{}", &plain[..at], &plain[at..]);
                assert_eq!(clean(&text), expected, "{bad:?} at {at}");
            }
        }
    }

    #[test]
    fn a_flood_of_combining_marks_is_capped() {
        let flood = format!("Z{}algo", "\u{308}".repeat(1000));
        let capped = format!("Z{}algo", "\u{308}".repeat(MAX_STACKED_MARKS));
        assert_eq!(clean(&flood), capped);
        // Marks a script stacks are kept: Hebrew points and cantillation, Vietnamese.
        for text in ["בְּרֵאשִׁ֖ית", "Nguye\u{302}\u{303}n", "क्षि"] {
            assert!(matches!(clean(text), Cow::Borrowed(_)), "{text}");
        }
    }

    #[test]
    fn wide_characters_take_two_cells_and_are_never_split() {
        // A wide character that would straddle the edge is left out: a cell short.
        assert_eq!(truncate("中方呼吁各方", 6), "中方…");
        assert_eq!(truncate("中方呼吁各方", 7), "中方呼…");
        assert_eq!(pad(&truncate("中方呼吁各方", 6), 6), "中方… ");
        // A combining mark stays with its letter and takes no cell.
        assert_eq!(truncate("cafe\u{301}s and more", 6), "cafe\u{301}s…");
        assert_eq!(text_width("cafe\u{301} 👍"), 7);
        // A heart as an emoji takes two cells, and is never parted from its selector.
        assert_eq!(text_width("I ❤\u{fe0f} it"), 7);
        assert_eq!(truncate("❤\u{fe0f}❤\u{fe0f}❤\u{fe0f}", 4), "❤\u{fe0f}…");
        assert_eq!(wrap("中❤\u{fe0f}中", 3), ["中", "❤\u{fe0f}", "中"]);
        let hearts = marked("❤\u{fe0f}❤\u{fe0f}", None);
        assert_eq!(wrap_marked(&hearts, 3), [&hearts[..2], &hearts[2..]]);
        let chinese = marked("中方呼吁各方保持克制，通过对话协商解决分歧。", None);
        for width in 1..12 {
            for line in wrap_marked(&chinese, width) {
                assert!(marked_width(line) <= width.max(2), "{line:?} at {width}");
            }
        }
        assert_eq!(wrap_marked(&chinese, 9)[0].len(), 4);
        // The window around a match after wide characters fits its cells.
        let text = "中方呼吁各方保持克制，通过对话协商解决分歧 restraint";
        let highlight = text.find("restraint").unwrap();
        let snippet = marked(text, Some(highlight..text.len()));
        let (start, end) = visible_window(&snippet, 20);
        assert_eq!(end, snippet.len());
        assert_eq!(marked_width(&snippet[start..end]), 18);
        assert_eq!(
            wrap("中方呼吁 各方保持克制", 9),
            ["中方呼吁", "各方保持", "克制"]
        );
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
    }
}
