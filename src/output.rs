//! Printing for people and for programs: tables, JSON, JSON Lines, CSV, ids.
//!
//! Everything writes to a `&mut dyn Write`, never to the terminal directly. Text from the
//! archive is untrusted: table output neutralises control characters and escape sequences
//! so that printing a statement can never rewrite the user's terminal; JSON escapes them.

use std::borrow::Cow;
use std::io::{self, Write};

use serde_json::{json, Value};

use crate::archive::{SearchHit, SearchResults};
use crate::model::{HistoryEntry, Speaker, Statement};
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
}

const HIGHLIGHT: &str = "\x1b[1;31m";
const DIM: &str = "\x1b[2m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// Writes search hits in `format`.
pub fn write_hits(
    out: &mut dyn Write,
    results: &SearchResults,
    format: HitFormat,
    style: Style,
) -> io::Result<()> {
    match format {
        HitFormat::Table => write_hit_table(out, &results.hits, style),
        HitFormat::Json => {
            let hits: Vec<Value> = results.hits.iter().map(hit_json).collect();
            serde_json::to_writer_pretty(&mut *out, &hits)?;
            writeln!(out)
        }
        HitFormat::Jsonl => {
            for hit in &results.hits {
                serde_json::to_writer(&mut *out, &hit_json(hit))?;
                writeln!(out)?;
            }
            Ok(())
        }
        HitFormat::Csv => {
            let mut writer = csv::Writer::from_writer(out);
            writer.write_record(HIT_COLUMNS)?;
            for hit in &results.hits {
                let statement = &hit.statement;
                let mut row = vec![statement.id.to_string(), format!("{:.3}", hit.score)];
                row.extend(statement_cells(statement));
                row.insert(14, hit.snippet.fragment.clone());
                writer.write_record(&row)?;
            }
            writer.flush()
        }
        HitFormat::Ids => {
            for hit in &results.hits {
                writeln!(out, "{}", hit.statement.id)?;
            }
            Ok(())
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
            serde_json::to_writer_pretty(&mut *out, &statement_json(statement))?;
            writeln!(out)
        }
        RecordFormat::Jsonl => {
            serde_json::to_writer(&mut *out, &statement_json(statement))?;
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
                    country
                ),
                None => format!(
                    "{} ({})",
                    clean(&statement.speaker),
                    statement.speaker_kind.as_str()
                ),
            };
            let source = [
                statement.source.outlet.as_deref().map(clean),
                statement.source.url.as_deref().map(clean),
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
                if style.color {
                    writeln!(out, "{DIM}{label:>12}{RESET}  {value}")?;
                } else {
                    writeln!(out, "{label:>12}  {value}")?;
                }
            }
            writeln!(out)?;
            for line in wrap(
                &clean_keeping_lines(&statement.text),
                style.width.unwrap_or(100).saturating_sub(2).max(20),
            ) {
                writeln!(out, "  {line}")?;
            }
            Ok(())
        }
    }
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
            serde_json::to_writer_pretty(
                &mut *out,
                &speakers.iter().map(as_json).collect::<Vec<_>>(),
            )?;
            writeln!(out)
        }
        RecordFormat::Jsonl => {
            for speaker in speakers {
                serde_json::to_writer(&mut *out, &as_json(speaker))?;
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
                    speaker.aliases.join(";"),
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
                        speaker.country.clone().unwrap_or_default(),
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
            write_table(
                out,
                &[
                    "ID",
                    "SPEAKER",
                    "COUNTRY",
                    "ROLE",
                    "STATEMENTS",
                    "FIRST",
                    "LAST",
                ],
                &rows,
                style,
            )
        }
    }
}

/// Writes archive statistics.
pub fn write_stats(
    out: &mut dyn Write,
    stats: &Stats,
    format: RecordFormat,
    style: Style,
) -> io::Result<()> {
    match format {
        RecordFormat::Table | RecordFormat::Csv => {
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
                ("countries:", &stats.countries),
                ("kinds:", &stats.kinds),
                ("languages:", &stats.languages),
                ("channels:", &stats.channels),
            ] {
                let listed: Vec<String> = counts
                    .iter()
                    .map(|(name, count)| format!("{} {count}", clean(name)))
                    .collect();
                writeln!(out, "{} {}", bold(label), listed.join(", "))?;
            }
            Ok(())
        }
        RecordFormat::Json | RecordFormat::Jsonl => {
            let pairs = |counts: &Vec<(String, u64)>| {
                counts
                    .iter()
                    .map(|(name, count)| (name.clone(), json!(count)))
                    .collect::<serde_json::Map<_, _>>()
            };
            let value = json!({
                "statements": stats.statements, "speakers": stats.speakers, "organizations": stats.organizations,
                "sources": stats.sources, "first_date": stats.first_date, "last_date": stats.last_date,
                "countries": pairs(&stats.countries), "kinds": pairs(&stats.kinds),
                "languages": pairs(&stats.languages), "channels": pairs(&stats.channels),
            });
            if format == RecordFormat::Json {
                serde_json::to_writer_pretty(&mut *out, &value)?;
            } else {
                serde_json::to_writer(&mut *out, &value)?;
            }
            writeln!(out)
        }
    }
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
pub const EXPORT_COLUMNS: [&str; 16] = [
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
                let mut record = serde_json::Map::new();
                let mut put = |key: &str, value: Option<Value>| {
                    if let Some(value) = value {
                        record.insert(key.to_string(), value);
                    }
                };
                put("id", statement.external_id.clone().map(Value::String));
                put("text", Some(Value::String(statement.text.clone())));
                put("speaker", Some(Value::String(statement.speaker.clone())));
                put("speaker_kind", Some(json!(statement.speaker_kind)));
                put("role", statement.role.clone().map(Value::String));
                put(
                    "organization",
                    statement.organization.clone().map(Value::String),
                );
                put("country", statement.country.clone().map(Value::String));
                put("date", Some(Value::String(statement.date.to_string())));
                put("kind", Some(json!(statement.kind)));
                put("channel", statement.channel.clone().map(Value::String));
                put("language", Some(Value::String(statement.language.clone())));
                put("title", statement.title.clone().map(Value::String));
                if !statement.source.is_empty() {
                    let mut source = serde_json::Map::new();
                    if let Some(outlet) = &statement.source.outlet {
                        source.insert("outlet".into(), json!(outlet));
                    }
                    if let Some(url) = &statement.source.url {
                        source.insert("url".into(), json!(url));
                    }
                    if let Some(published) = statement.source.published {
                        source.insert("published".into(), json!(published.to_string()));
                    }
                    put("source", Some(Value::Object(source)));
                }
                if !statement.tags.is_empty() {
                    put("tags", Some(json!(statement.tags)));
                }
                if let Some(history) = history {
                    if !history.is_empty() {
                        let entries: Vec<Value> = history.iter().map(history_json).collect();
                        put("history", Some(Value::Array(entries)));
                    }
                    if let Some(deleted) = &statement.deleted {
                        put(
                            "deleted",
                            Some(json!({"at": deleted.at, "reason": deleted.reason})),
                        );
                    }
                }
                serde_json::to_writer(&mut **out, &record)?;
                writeln!(out)
            }
            ExportSink::Csv(writer) => {
                let cells = statement_cells(statement);
                // statement_cells order: date, precision, speaker, speaker_kind, role,
                // organization, country, channel, kind, language, title, text, outlet, url,
                // published, tags, external id, ingested_at.
                writer.write_record([
                    &cells[16], &cells[11], &cells[2], &cells[3], &cells[4], &cells[5], &cells[6],
                    &cells[0], &cells[8], &cells[7], &cells[9], &cells[10], &cells[12], &cells[13],
                    &cells[14], &cells[15],
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
            serde_json::to_writer_pretty(&mut *out, &values)?;
            writeln!(out)
        }
        RecordFormat::Jsonl => {
            for entry in entries {
                let mut value = history_json(entry);
                value["statement_id"] = json!(entry.statement_id);
                serde_json::to_writer(&mut *out, &value)?;
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
        Some(text) if text.chars().count() > 60 => format!("{:?}", truncate(text, 60)),
        Some(text) => format!("{text:?}"),
    }
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

/// Replaces control characters and bidirectional overrides with visible stand-ins, so
/// archive text cannot move the cursor, change colours or reorder what the user sees.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if c == '\n' || c == '\t' || c == '\r' {
                    ' '
                } else if is_unsafe(c) {
                    '\u{FFFD}'
                } else {
                    c
                }
            })
            .collect(),
    )
}

fn clean_keeping_lines(text: &str) -> String {
    text.split('\n')
        .map(|line| clean(line).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

const STATEMENT_COLUMNS: [&str; 19] = [
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
];

const HIT_COLUMNS: [&str; 21] = [
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
    ]
}

/// Returns a statement as the JSON object `show --format json` prints.
pub fn statement_json(statement: &Statement) -> Value {
    json!({
        "id": statement.id,
        "date": statement.date,
        "date_precision": statement.date_precision,
        "speaker": statement.speaker,
        "speaker_id": statement.speaker_id,
        "speaker_kind": statement.speaker_kind,
        "role": statement.role,
        "organization": statement.organization,
        "country": statement.country,
        "channel": statement.channel,
        "kind": statement.kind,
        "language": statement.language,
        "title": statement.title,
        "text": statement.text,
        "source": statement.source,
        "tags": statement.tags,
        "external_id": statement.external_id,
        "ingested_at": statement.ingested_at,
        "deleted": statement.deleted,
    })
}

fn hit_json(hit: &SearchHit) -> Value {
    let mut value = statement_json(&hit.statement);
    if let Value::Object(object) = &mut value {
        object.insert("score".into(), json!(hit.score));
        object.insert("snippet".into(), json!(hit.snippet.fragment));
        let highlights: Vec<Value> = hit
            .snippet
            .highlights
            .iter()
            .map(|range| {
                let start = hit.snippet.fragment[..range.start].chars().count();
                let length = hit.snippet.fragment[range.clone()].chars().count();
                json!([start, start + length])
            })
            .collect();
        object.insert("highlights".into(), Value::Array(highlights));
    }
    value
}

fn write_hit_table(out: &mut dyn Write, hits: &[SearchHit], style: Style) -> io::Result<()> {
    if hits.is_empty() {
        // Like grep: no match, no output; the exit status says it.
        return Ok(());
    }
    let id_width = hits
        .iter()
        .map(|hit| hit.statement.id.to_string().len())
        .max()
        .unwrap_or(2)
        .max(2);
    let speaker_width = hits
        .iter()
        .map(|hit| clean(&hit.statement.speaker).chars().count())
        .max()
        .unwrap_or(7)
        .clamp(7, 34);
    let fixed = id_width + 2 + 10 + 2 + speaker_width + 2;
    let snippet_width = style.width.map(|width| width.saturating_sub(fixed).max(20));
    let header = format!(
        "{:>id_width$}  {:<10}  {:<speaker_width$}  TEXT",
        "ID", "DATE", "SPEAKER"
    );
    if style.color {
        writeln!(out, "{BOLD}{header}{RESET}")?;
    } else {
        writeln!(out, "{header}")?;
    }
    for hit in hits {
        let statement = &hit.statement;
        let speaker = truncate(&clean(&statement.speaker), speaker_width);
        write!(
            out,
            "{:>id_width$}  {:<10}  {:<speaker_width$}  ",
            statement.id,
            statement.date.to_string(),
            speaker
        )?;
        write_snippet(out, &hit.snippet, snippet_width, style.color)?;
        writeln!(out)?;
    }
    Ok(())
}

/// Writes a snippet on one line, highlights in colour, cut to `width` characters.
fn write_snippet(
    out: &mut dyn Write,
    snippet: &crate::index::Snippet,
    width: Option<usize>,
    color: bool,
) -> io::Result<()> {
    let fragment = &snippet.fragment;
    let total = fragment.chars().count();
    let mut budget = width.map(|width| if total > width { width - 1 } else { width });
    let mut position = 0;
    let mut segments: Vec<(&str, bool)> = Vec::new();
    for range in &snippet.highlights {
        if range.start > position {
            segments.push((&fragment[position..range.start], false));
        }
        segments.push((&fragment[range.clone()], true));
        position = range.end;
    }
    segments.push((&fragment[position..], false));
    for (text, highlighted) in segments {
        let cleaned = clean(text);
        let shown: String = match budget {
            Some(0) => break,
            Some(remaining) => cleaned.chars().take(remaining).collect(),
            None => cleaned.into_owned(),
        };
        if let Some(remaining) = budget.as_mut() {
            *remaining -= shown.chars().count();
        }
        if highlighted && color {
            write!(out, "{HIGHLIGHT}{shown}{RESET}")?;
        } else {
            write!(out, "{shown}")?;
        }
    }
    if width.is_some_and(|width| total > width) {
        write!(out, "…")?;
    }
    Ok(())
}

fn write_table(
    out: &mut dyn Write,
    headers: &[&str],
    rows: &[Vec<String>],
    style: Style,
) -> io::Result<()> {
    let mut widths: Vec<usize> = headers
        .iter()
        .map(|header| header.chars().count())
        .collect();
    for row in rows {
        for (column, cell) in row.iter().enumerate() {
            widths[column] = widths[column].max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| -> String {
        let mut text = String::new();
        for (column, cell) in cells.iter().enumerate() {
            if column > 0 {
                text.push_str("  ");
            }
            let padding = widths[column] - cell.chars().count();
            text.push_str(cell);
            if column + 1 < cells.len() {
                text.push_str(&" ".repeat(padding));
            }
        }
        text
    };
    let header_line = line(
        &headers
            .iter()
            .map(|header| header.to_string())
            .collect::<Vec<_>>(),
    );
    if style.color {
        writeln!(out, "{BOLD}{header_line}{RESET}")?;
    } else {
        writeln!(out, "{header_line}")?;
    }
    for row in rows {
        let text = line(row);
        match style.width {
            Some(width) => writeln!(out, "{}", truncate(&text, width))?,
            None => writeln!(out, "{text}")?,
        }
    }
    Ok(())
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_never_reach_the_terminal() {
        assert_eq!(clean("plain"), "plain");
        assert_eq!(
            clean("red \x1b[31mtext\x1b[0m"),
            "red \u{FFFD}[31mtext\u{FFFD}[0m"
        );
        assert_eq!(clean("a\nb\tc"), "a b c");
        assert_eq!(clean("evil\u{202E}txt.exe"), "evil\u{FFFD}txt.exe");
        assert!(!clean("\x07\x08\x7f\u{9b}").chars().any(|c| c.is_control()));
    }

    #[test]
    fn snippets_are_cut_to_width_keeping_highlights() {
        let snippet = crate::index::Snippet {
            fragment: "show restraint now please".into(),
            highlights: std::iter::once(5..14).collect(),
        };
        let mut out = Vec::new();
        write_snippet(&mut out, &snippet, Some(12), true).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("show {HIGHLIGHT}restra{RESET}…")
        );
        let mut out = Vec::new();
        write_snippet(&mut out, &snippet, None, false).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "show restraint now please");
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
    }
}
