//! `communique history`: the most recent corrections across the archive.

use std::io::Write;

use crate::cli::GlobalArgs;
use crate::output::{write_history, RecordFormat};

use crate::archive::RecentHistory;

use super::{archive_error, open_archive, status, stdout_style, IfMissing, Outcome};

/// List recent corrections across the archive.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status, as grep's: 0 when changes are listed, 1 when none is (nothing was ever\ncorrected, or the page is past the last change, or --limit 0), 2 on an error.\n\nExamples:\n  communique history\n  communique history --limit all --format csv > corrections.csv"
)]
pub struct Args {
    /// Number of changes to list, or `all`
    #[arg(
        long,
        short = 'n',
        default_value = "20",
        allow_negative_numbers = true,
        value_parser = super::search::parse_limit
    )]
    pub limit: usize,
    /// Number of changes to skip (the newest), for paging
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    pub offset: usize,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = RecordFormat::Table)]
    pub format: RecordFormat,
}

/// Runs `history`. Exit 1 when it lists nothing: nothing was ever corrected, or the page
/// (`--offset`) is past the last change.
pub fn run(global: &GlobalArgs, args: Args) -> anyhow::Result<Outcome> {
    let archive = open_archive(global, IfMissing::Fail)?;
    let RecentHistory { entries, total } = archive
        .recent_history(args.limit, args.offset)
        .map_err(|error| archive_error(error, archive.directory()))?;
    let mut stdout = super::stdout_for(args.format == RecordFormat::Csv);
    write_history(&mut stdout, &entries, args.format, stdout_style(global))?;
    stdout.flush()?;
    // In every format, as search says it: an audit exported as CSV must not lose the
    // older corrections without a word.
    let shown = entries.len() as u64;
    let skipped = args.offset as u64;
    // `--limit 0` leaves every change out: "0 of 4 changes shown", as search says it.
    if (shown > 0 || args.limit == 0) && total > shown.saturating_add(skipped) {
        status(
            global,
            &format!("{shown} of {total} changes shown; use --limit all, or --limit and --offset, for more"),
        );
    } else if shown == 0 && total > 0 && skipped >= total {
        status(
            global,
            &format!("{total} changes, none from --offset {} on", args.offset),
        );
    }
    Ok(if entries.is_empty() {
        Outcome::NothingFound
    } else {
        Outcome::Success
    })
}
