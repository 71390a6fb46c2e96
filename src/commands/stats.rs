//! `communique stats`: what the archive holds, in numbers.

use std::io::Write;

use crate::cli::GlobalArgs;
use crate::output::{write_stats, RecordFormat};

use super::{archive_error, open_archive, stdout_style, IfMissing, Outcome};

/// Count statements, speakers and more.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  communique stats\n  communique stats --format json")]
pub struct Args {
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = RecordFormat::Table)]
    pub format: RecordFormat,
}

/// Runs `stats`.
pub fn run(global: &GlobalArgs, args: Args) -> anyhow::Result<Outcome> {
    let archive = open_archive(global, IfMissing::Fail)?;
    let stats = archive
        .stats()
        .map_err(|error| archive_error(error, archive.directory()))?;
    let mut stdout = super::stdout_for(args.format == RecordFormat::Csv);
    write_stats(&mut stdout, &stats, args.format, stdout_style(global))?;
    stdout.flush()?;
    Ok(Outcome::Success)
}
