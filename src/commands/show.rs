//! `communique show`: one statement with every field.

use std::io::Write;

use crate::cli::GlobalArgs;
use crate::model::StatementId;
use crate::output::{write_statement, RecordFormat};

use super::{archive_error, open_archive, stdout_style, IfMissing, Outcome};

/// Show one statement with every field.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  communique show 7\n  communique show 7 --format json")]
pub struct Args {
    /// Statement id, as printed by search
    pub id: i64,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = RecordFormat::Table)]
    pub format: RecordFormat,
}

/// Runs `show`. Exit 1 when there is no such statement.
pub fn run(global: &GlobalArgs, args: Args) -> anyhow::Result<Outcome> {
    let archive = open_archive(global, IfMissing::Fail)?;
    let Some(statement) = archive
        .statement(StatementId(args.id))
        .map_err(|error| archive_error(error, archive.directory()))?
    else {
        eprintln!("communique: no statement with id {}", args.id);
        return Ok(Outcome::NothingFound);
    };
    let mut stdout = std::io::stdout().lock();
    write_statement(&mut stdout, &statement, args.format, stdout_style(global))?;
    stdout.flush()?;
    Ok(Outcome::Success)
}
