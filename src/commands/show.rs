//! `communique show`: one statement with every field.

use std::io::Write;

use crate::cli::GlobalArgs;
use crate::output::{statement_json, write_history, write_statement, RecordFormat};

use super::{
    archive_error, find_statement, no_such_statement, open_archive, stdout_style, IfMissing,
    Outcome, UserError,
};

/// Show one statement with every field.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 when the statement is shown, 1 when none has that id, 2 on an\nerror (an id that names two statements too).\n\nExamples:\n  communique show 7\n  communique show 7 --format json\n  communique show seed-2024-02-13-03\n  communique show '#7'          # the archive's number 7, whatever your own ids are\n  communique show id:7          # your own id 7"
)]
pub struct Args {
    /// Statement id, as printed by search, or the external id given at ingest
    ///
    /// '#N' is the archive's number N alone (as `--format cite` prints it: "[communique
    /// #14]"; quoted, as a shell reads an unquoted # as a comment), id:VALUE the external
    /// id VALUE alone. A bare value that is the number of one statement and the external
    /// id of another names two statements, and is refused (exit 2) rather than guessed at.
    #[arg(value_name = "ID")]
    pub id: String,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = RecordFormat::Table)]
    pub format: RecordFormat,
    /// Also print the statement's corrections: what changed, when and why
    #[arg(long)]
    pub history: bool,
}

/// Runs `show`. Exit 1 when there is no such statement.
pub fn run(global: &GlobalArgs, args: Args) -> anyhow::Result<Outcome> {
    if args.history && args.format == RecordFormat::Csv {
        // A statement and its changes are two tables; one CSV holds one.
        return Err(UserError::with_hint(
            "--history has no CSV form: the statement and its changes are two tables",
            "use --format json for the statement with its history inside, or leave out --history for the statement's CSV row",
        )
        .into());
    }
    let archive = open_archive(global, IfMissing::Fail)?;
    let Some(id) = find_statement(&archive, &args.id)? else {
        eprintln!("communique: {}", no_such_statement(&args.id));
        return Ok(Outcome::NothingFound);
    };
    let Some(statement) = archive
        .statement(id)
        .map_err(|error| archive_error(error, archive.directory()))?
    else {
        eprintln!("communique: {}", no_such_statement(&args.id));
        return Ok(Outcome::NothingFound);
    };
    let mut stdout = super::stdout_for(args.format == RecordFormat::Csv);
    let style = stdout_style(global);
    if args.history {
        let history = archive
            .history(statement.id)
            .map_err(|error| archive_error(error, archive.directory()))?;
        if matches!(args.format, RecordFormat::Json | RecordFormat::Jsonl) {
            // One JSON document: the statement with its history inside.
            let mut value = statement_json(&statement);
            value["history"] = serde_json::to_value(&history)?;
            if args.format == RecordFormat::Json {
                crate::output::write_json(&mut stdout, &value, true)?;
            } else {
                crate::output::write_json(&mut stdout, &value, false)?;
            }
            writeln!(stdout)?;
        } else {
            write_statement(&mut stdout, &statement, args.format, style)?;
            writeln!(stdout)?;
            if history.is_empty() {
                writeln!(stdout, "history: none (not corrected since its ingest)")?;
            } else {
                writeln!(stdout, "history:")?;
                write_history(&mut stdout, &history, RecordFormat::Table, style)?;
            }
        }
        stdout.flush()?;
        return Ok(Outcome::Success);
    }
    write_statement(&mut stdout, &statement, args.format, style)?;
    stdout.flush()?;
    Ok(Outcome::Success)
}
