//! `communique extract`: propose archive records for the statements a news report makes.
//!
//! Reads an article (plain text or HTML), matches its speakers against the archive when
//! there is one (it never creates one), and prints the records for review, in the format
//! `ingest` reads: `communique extract a.txt --published 2024-02-13 | communique ingest -`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use chrono::NaiveDate;
use serde_json::{Map, Value};

use crate::archive::{Archive, DATABASE_FILE};
use crate::cli::GlobalArgs;
use crate::extract::{self, html, KnownSpeaker, ProposedRecord};
use crate::model::PartialDate;
use crate::output::{clean, fit_table, pad, text_width, truncate, Column, Give, Style};
use crate::quote::quoted;

use super::{archive_directory, archive_error, status, stdout_style, Outcome, UserError};

/// Propose records for the statements a news article reports, for review and ingest.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Finds direct quotes (\"…,\" X said; X said: \"…\") and reported speech (X said that …;
according to X, …; X announced …), resolves \"it added\" and \"the statement noted\" to the
speaker last named, dates each statement from the publication date (\"Tuesday\", \"late Monday\",
\"last month\") to the precision the article supports, and names speakers the way the archive
names them. Every record carries the sentence it came from (evidence), a confidence, whether the
speaker is new to the archive, how the date was found (date_basis) and, when the article says,
the date of the events it reports (refers_to); ingest ignores these review fields and says so.

Examples:
  communique extract article.txt --published 2024-02-13 --format table
  communique extract article.txt --published 2024-02-13 --outlet Reuters | communique ingest -
  communique extract page.html --url https://example.com/story --min-confidence 0.8 > review.jsonl"
)]
pub struct Args {
    /// Article to read, plain text or HTML; `-` reads standard input
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Publication date, which "Tuesday" and "last month" are read against [default: the
    /// date an HTML page declares]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub published: Option<NaiveDate>,
    /// Outlet that published the article (source.outlet of every record) [default: the
    /// agency a wire dateline credits, as in `BAKU, Feb 13 (Reuters) -`]
    #[arg(long, value_name = "NAME")]
    pub outlet: Option<String>,
    /// Address of the article (source.url of every record)
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Print only records at least this confident, from 0 to 1
    #[arg(long, value_name = "SCORE", default_value_t = 0.0, value_parser = parse_confidence)]
    pub min_confidence: f64,
    /// Read the input as HTML even without a telling extension or start
    #[arg(long)]
    pub html: bool,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = ExtractFormat::Jsonl)]
    pub format: ExtractFormat,
}

/// How proposed records are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExtractFormat {
    /// One record per line, as `ingest` reads it
    Jsonl,
    /// Aligned columns for review
    Table,
}

/// Runs `extract`. Exit 0 when records were proposed, 1 when none were.
pub fn run(global: &GlobalArgs, args: Args) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let shown_name = if args.file == Path::new("-") {
        crate::ingest::STANDARD_INPUT.to_string()
    } else {
        crate::quote::shown_path(&args.file)
    };
    let bytes = read_input(&args.file).with_context(|| format!("cannot read {shown_name}"))?;
    let input = article_text(&bytes, &shown_name)?;
    let is_html = args.html
        || args
            .file
            .extension()
            .and_then(|extension| extension.to_str())
            .is_some_and(|extension| {
                matches!(extension.to_ascii_lowercase().as_str(), "html" | "htm")
            })
        || html::looks_like_html(&input);
    let published = args
        .published
        .or_else(|| is_html.then(|| html::published_date(&input)).flatten())
        .ok_or_else(|| {
            UserError::with_hint(
                format!("{shown_name}: the publication date is unknown"),
                "give it with --published YYYY-MM-DD: \"Tuesday\" and \"last month\" are read against it",
            )
        })?;
    let article = if is_html {
        html::html_to_text(&input)
    } else {
        input
    };
    let known = known_speakers(global)?;
    let records = extract::extract(&article, published, &known);
    let shown: Vec<&ProposedRecord> = records
        .iter()
        .filter(|record| record.confidence >= args.min_confidence)
        .collect();
    // An outlet named on the command line wins over the wire dateline's.
    let outlet = args
        .outlet
        .clone()
        .or_else(|| extract::wire_outlet(&article));
    let source = source_json(outlet, args.url.clone(), published);
    let mut stdout = std::io::stdout().lock();
    match args.format {
        ExtractFormat::Jsonl => {
            for record in &shown {
                crate::output::write_json(&mut stdout, &record_json(record, &source), false)?;
                writeln!(stdout)?;
            }
        }
        ExtractFormat::Table => write_table(&mut stdout, &shown, stdout_style(global))?,
    }
    stdout.flush()?;
    let new = shown.iter().filter(|record| record.new_speaker).count();
    let below = records.len() - shown.len();
    let mut summary = format!(
        "{}: {} {} proposed, {new} by speakers new to the archive",
        clean(&shown_name),
        shown.len(),
        crate::quote::plural(shown.len(), "statement", "statements")
    );
    if below > 0 {
        summary.push_str(&format!(", {below} below --min-confidence"));
    }
    summary.push_str(&format!(" ({:.2} s)", started.elapsed().as_secs_f64()));
    status(global, &summary);
    if shown.is_empty() {
        if let Some(language) = extract::language_not_read(&article) {
            status(
                global,
                &format!(
                    "note: extract reads reports written in English, and {} looks written in {language}",
                    clean(&shown_name)
                ),
            );
        }
    }
    Ok(if shown.is_empty() {
        Outcome::NothingFound
    } else {
        Outcome::Success
    })
}

fn read_input(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        std::io::stdin().lock().read_to_end(&mut bytes)?;
    } else {
        std::fs::File::open(path)?.read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}

/// The text of an article read as `bytes`, refused when it is not text: UTF-16 (with the
/// command that converts it), or anything holding a NUL byte, which no text or HTML page
/// holds (as ripgrep and git tell binary files). A PDF, an image or an archive went
/// through the whole pipeline before, for half a minute at 100 MB, and came out as
/// "statements" of garbage.
fn article_text(bytes: &[u8], shown_name: &str) -> anyhow::Result<String> {
    if let Some(encoding) = crate::ingest::Utf16::of(bytes) {
        return Err(UserError::with_hint(
            format!("{} is UTF-16, not UTF-8", clean(shown_name)),
            format!(
                "convert it on its way in: `iconv -f {} -t UTF-8 FILE | communique extract - …`",
                encoding.iconv_name()
            ),
        )
        .into());
    }
    if let Some(offset) = bytes.iter().position(|&byte| byte == 0) {
        return Err(UserError::with_hint(
            format!(
                "{} is not text (it holds a NUL byte at offset {offset})",
                clean(shown_name)
            ),
            "extract reads an article as plain text or HTML; save a PDF or a word processor's file as text first (e.g. `pdftotext FILE -`)",
        )
        .into());
    }
    let text = String::from_utf8_lossy(bytes);
    Ok(text.trim_start_matches('\u{feff}').to_string())
}

/// Returns the archive's speakers, or none when there is no archive (extract never
/// creates one: it only reads).
fn known_speakers(global: &GlobalArgs) -> anyhow::Result<Vec<KnownSpeaker>> {
    let (directory, _) = archive_directory(global)?;
    if !directory.join(DATABASE_FILE).exists() {
        status(
            global,
            &format!(
                "no archive at {}: every speaker is marked new",
                clean(&directory.display().to_string())
            ),
        );
        return Ok(Vec::new());
    }
    let archive = Archive::open(&directory).map_err(|error| archive_error(error, &directory))?;
    for repair in archive.repairs() {
        status(global, repair);
    }
    let speakers = archive
        .speakers()
        .map_err(|error| archive_error(error, &directory))?;
    Ok(speakers.iter().map(KnownSpeaker::from).collect())
}

fn source_json(
    outlet: Option<String>,
    url: Option<String>,
    published: NaiveDate,
) -> Map<String, Value> {
    let mut source = Map::new();
    if let Some(outlet) = outlet {
        source.insert("outlet".into(), Value::String(outlet));
    }
    if let Some(url) = url {
        source.insert("url".into(), Value::String(url));
    }
    source.insert(
        "published".into(),
        Value::String(PartialDate::day(published).to_string()),
    );
    source
}

/// Returns a record in the ingest format, core fields first (keys without a value left
/// out), then the review fields.
fn record_json(record: &ProposedRecord, source: &Map<String, Value>) -> Value {
    let mut map = Map::new();
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(value) = value {
            map.insert(key.to_string(), value);
        }
    };
    let text = |value: &Option<String>| value.clone().map(Value::String);
    put("text", Some(Value::String(record.text.clone())));
    put("speaker", Some(Value::String(record.speaker.clone())));
    put(
        "speaker_kind",
        Some(Value::String(record.speaker_kind.as_str().into())),
    );
    put("role", text(&record.role));
    put("organization", text(&record.organization));
    put("country", text(&record.country));
    put("date", Some(Value::String(record.date.to_string())));
    put("kind", Some(Value::String(record.kind.as_str().into())));
    put("channel", text(&record.channel));
    put("language", Some(Value::String("en".into())));
    put("source", Some(Value::Object(source.clone())));
    put("evidence", Some(Value::String(record.evidence.clone())));
    put(
        "confidence",
        serde_json::Number::from_f64(record.confidence).map(Value::Number),
    );
    put("new_speaker", Some(Value::Bool(record.new_speaker)));
    put(
        "refers_to",
        record.refers_to.map(|date| Value::String(date.to_string())),
    );
    put("date_basis", Some(Value::String(record.date_basis.clone())));
    Value::Object(map)
}

/// Writes the records as aligned columns, the text cut to the terminal's width.
fn write_table(
    out: &mut dyn Write,
    records: &[&ProposedRecord],
    style: Style,
) -> std::io::Result<()> {
    // Nothing proposed prints nothing, as a search that finds nothing: the count is on
    // standard error.
    if records.is_empty() {
        return Ok(());
    }
    let headers = ["CONF", "DATE", "KIND", "CHANNEL", "SPEAKER", "TEXT"];
    let rows: Vec<[String; 6]> = records
        .iter()
        .map(|record| {
            let mut speaker = clean(&record.speaker).into_owned();
            if record.new_speaker {
                speaker.push_str(" (new)");
            }
            [
                format!("{:.2}", record.confidence),
                record.date.to_string(),
                record.kind.as_str().to_string(),
                clean(record.channel.as_deref().unwrap_or("")).into_owned(),
                speaker,
                clean(&record.text).into_owned(),
            ]
        })
        .collect();
    // Widths in terminal cells: Chinese, Japanese and most emoji take two.
    let mut widths: Vec<usize> = headers.iter().map(|header| header.len()).collect();
    for row in &rows {
        for (column, cell) in row.iter().enumerate() {
            widths[column] = widths[column].max(text_width(cell));
        }
    }
    // On a narrow terminal the text and the speaker are cut, the widest first; then the
    // channel and the kind are left out. The confidence and the date never are.
    let column = |header, give| Column { header, give };
    let columns = [
        column(headers[0], Give::Never),
        column(headers[1], Give::Never),
        column(headers[2], Give::LeaveOut(1)),
        column(headers[3], Give::CutThenLeaveOut(0)),
        column(headers[4], Give::Cut),
        column(headers[5], Give::Cut),
    ];
    let layout = fit_table(&columns, &widths, style.width);
    let gap = " ".repeat(layout.gap);
    let line = |cells: &[String]| {
        let mut text = String::new();
        let shown = cells
            .iter()
            .zip(&layout.widths)
            .filter_map(|(cell, width)| Some((cell, (*width)?)));
        for (position, (cell, width)) in shown.enumerate() {
            if position > 0 {
                text.push_str(&gap);
            }
            text.push_str(&pad(&truncate(cell, width), width));
        }
        text.trim_end().to_string()
    };
    let header_cells: Vec<String> = headers.iter().map(|header| header.to_string()).collect();
    writeln!(out, "{}", line(&header_cells))?;
    for row in &rows {
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
}

fn parse_day(input: &str) -> Result<NaiveDate, String> {
    let date = PartialDate::parse(input).map_err(|error| error.to_string())?;
    if date.precision() != crate::model::DatePrecision::Day {
        return Err(format!(
            "expected a day, YYYY-MM-DD, found {}: weekdays are read against it",
            quoted(input)
        ));
    }
    Ok(date.first_day())
}

fn parse_confidence(input: &str) -> Result<f64, String> {
    match input.trim().parse::<f64>() {
        Ok(value) if (0.0..=1.0).contains(&value) => Ok(value),
        _ => Err(format!(
            "expected a number from 0 to 1, found {}",
            quoted(input)
        )),
    }
}
