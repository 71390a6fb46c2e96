//! `communique speakers`: who speaks in the archive, how often, and when.

use std::io::Write;

use crate::cli::GlobalArgs;
use crate::output::{write_speakers, RecordFormat};

use super::{archive_error, open_archive, stdout_style, IfMissing, Outcome};

/// List speakers with their statement counts and dates.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  communique speakers\n  communique speakers --format csv > speakers.csv"
)]
pub struct Args {
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = RecordFormat::Table)]
    pub format: RecordFormat,
}

/// Runs `speakers`.
pub fn run(global: &GlobalArgs, args: Args) -> anyhow::Result<Outcome> {
    let archive = open_archive(global, IfMissing::Fail)?;
    let speakers = archive
        .speakers()
        .map_err(|error| archive_error(error, archive.directory()))?;
    let mut stdout = std::io::stdout().lock();
    write_speakers(&mut stdout, &speakers, args.format, stdout_style(global))?;
    stdout.flush()?;
    Ok(Outcome::Success)
}
