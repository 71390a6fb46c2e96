//! `communique history`: the most recent corrections across the archive.

use std::io::Write;

use crate::cli::GlobalArgs;
use crate::output::{write_history, RecordFormat};

use super::{archive_error, open_archive, stdout_style, IfMissing, Outcome};

/// List recent corrections across the archive.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  communique history\n  communique history --limit 100 --format csv"
)]
pub struct Args {
    /// Number of changes to list
    #[arg(long, short = 'n', default_value_t = 20)]
    pub limit: usize,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = RecordFormat::Table)]
    pub format: RecordFormat,
}

/// Runs `history`. Exit 1 when nothing was ever corrected.
pub fn run(global: &GlobalArgs, args: Args) -> anyhow::Result<Outcome> {
    let archive = open_archive(global, IfMissing::Fail)?;
    let entries = archive
        .recent_history(args.limit)
        .map_err(|error| archive_error(error, archive.directory()))?;
    let mut stdout = super::stdout_for(args.format == RecordFormat::Csv);
    write_history(&mut stdout, &entries, args.format, stdout_style(global))?;
    stdout.flush()?;
    Ok(if entries.is_empty() {
        Outcome::NothingFound
    } else {
        Outcome::Success
    })
}
