//! `communique export`: every statement, in a form `ingest` reads back identically.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context;

use crate::cli::GlobalArgs;
use crate::output::{clean, ExportFormat, Exporter};
use crate::quote::plural;

use super::interrupt::{Interrupt, Interrupted};
use super::progress::Progress;
use super::{open_archive, status, IfMissing, Outcome, UserError};

/// Export every statement in a form `ingest` reads back.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "A plain export writes the live statements: ingested into a new archive, they are numbered\nanew from 1, so after a deletion the later ones take lower numbers (stderr says so). A\nbackup is --with-history, which writes the deleted ones too: restored into a new archive,\nevery statement keeps its number, and citations (\"[communique #14]\") their meaning.\n\nA role a recorded role gave (`speakers role`) is written with \"role_origin\": \"recorded\"\n(one an edit cleared: \"cleared\"; organization_origin likewise): restored after `speakers\nimport`, the recorded role gives it again, and removing it there takes it back.\n\nExamples:\n  communique export --with-history > backup.jsonl   # restored by ingest into a new archive\n  communique export --format csv --output statements.csv"
)]
pub struct Args {
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = ExportFormat::Jsonl)]
    pub format: ExportFormat,
    /// Write to this file instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Include corrections and deleted statements (tombstones), so that the archive
    /// ingested elsewhere keeps its history, and every statement its number (JSON Lines
    /// only)
    #[arg(long)]
    pub with_history: bool,
}

/// Runs `export`.
pub fn run(global: &GlobalArgs, args: Args) -> anyhow::Result<Outcome> {
    if args.with_history && args.format != ExportFormat::Jsonl {
        return Err(UserError::with_hint(
            "--with-history needs --format jsonl",
            "history is a list per statement, which CSV cannot hold",
        )
        .into());
    }
    let archive = open_archive(global, IfMissing::Fail)?;
    // Reading every statement takes seconds at a million: in WAL mode, a writer starting
    // meanwhile need not wait for it.
    archive.begin_long_read();
    let mut file;
    let mut stdout;
    let out: &mut dyn Write = match &args.output {
        Some(path) => {
            file =
                std::io::BufWriter::new(std::fs::File::create(path).with_context(|| {
                    format!("cannot create {}", crate::quote::shown_path(path))
                })?);
            &mut file
        }
        None => {
            // Buffered already when it is a file or a pipe.
            stdout = super::stdout_for(args.format == ExportFormat::Csv);
            &mut stdout
        }
    };
    let started = std::time::Instant::now();
    // The statements printed on the terminal the bar is drawn on would be cut by it: as
    // curl's meter, the bar is drawn only when the output goes elsewhere.
    let drawn =
        Progress::visible(global) && (args.output.is_some() || !std::io::stdout().is_terminal());
    let progress = if drawn {
        let total = archive.stats().ok().map(|stats| stats.statements);
        Progress::new(global, "exporting", total, "statements")
    } else {
        Progress::hidden()
    };
    let mut exporter = Exporter::new(out, args.format)?;
    let mut count = 0u64;
    // Ingest numbers the statements of a new archive 1, 2, 3… in the file's order: the
    // first statement whose number is not its place in the export is the first whose
    // number a restore would change.
    let mut renumbered = None;
    // Ctrl-C stops at the next statement, and says how much was written.
    let interrupt = Interrupt::catch();
    archive
        .for_each_statement(args.with_history, |statement| {
            if interrupt.pressed() {
                return Err(std::io::ErrorKind::Interrupted.into());
            }
            count += 1;
            if renumbered.is_none() && u64::try_from(statement.id.0) != Ok(count) {
                renumbered = Some((statement.id, count));
            }
            progress.tick();
            if args.with_history {
                let history = archive
                    .history(statement.id)
                    .map_err(|error| std::io::Error::other(error.to_string()))?;
                exporter.write(&statement, Some(&history))
            } else {
                exporter.write(&statement, None)
            }
        })
        .map_err(|error| match error.downcast::<std::io::Error>() {
            _ if interrupt.pressed() => Interrupted {
                left: match &args.output {
                    Some(path) => format!(
                        "{} is incomplete: it holds the first {count} {}",
                        clean(&path.display().to_string()),
                        plural(count, "statement", "statements")
                    ),
                    None => format!(
                        "the export is incomplete: the first {count} {} written",
                        plural(count, "statement was", "statements were")
                    ),
                },
            }
            .into(),
            Ok(io) => anyhow::Error::new(*io),
            Err(other) => anyhow::anyhow!(other),
        })?;
    exporter.finish()?;
    progress.finish();
    status(
        global,
        &format!(
            "exported {count} {} ({:.2} s)",
            plural(count, "statement", "statements"),
            started.elapsed().as_secs_f64()
        ),
    );
    if let Some((id, place)) = renumbered {
        status(global, &renumbering_note(id, place, args.with_history));
    }
    Ok(Outcome::Success)
}

/// Says that this export, ingested into a new archive, does not give every statement its
/// number back: from statement `id`, the `place`-th exported, the numbers change, and
/// citations ("[communique #N]") and saved numbers would name other statements.
fn renumbering_note(id: crate::model::StatementId, place: u64, with_history: bool) -> String {
    let why = match with_history {
        // Every statement is exported, tombstones too: numbers no statement has (rows
        // taken out of the database by hand) are the gaps.
        true => "the archive has no statement under some numbers below it",
        false => "a plain export leaves deleted statements out; `communique export --with-history` keeps every number",
    };
    format!(
        "note: ingested into a new archive, this export numbers the statements anew from statement {id} on ({id} becomes {place}): their citations and saved numbers would name other statements ({why})"
    )
}
