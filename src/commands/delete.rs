//! `communique delete` and `communique restore`: take a statement out of search and back.

use crate::cli::GlobalArgs;

use super::{
    archive_error, checked_reason, find_statement, no_such_statement_error, now, open_archive,
    status, IfMissing, Outcome,
};

/// Delete a statement (kept as a tombstone, out of search).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  communique delete 12 --reason \"fabricated: the ministry denied issuing it\"\n  communique restore 12 --reason \"the denial was itself retracted\"\n  communique delete '#12' --reason \"a duplicate\"   # the archive's number 12 alone"
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
    /// Why: kept in the statement's history
    #[arg(long)]
    pub reason: String,
}

/// Bring a deleted statement back.
#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    // `delete`'s arguments under `restore`'s own summary: clap builds a command's
    // summary from the last doc comment it applies, and this one comes after them.
    #[command(flatten)]
    pub statement: Args,
}

/// Runs `delete`.
pub fn run_delete(global: &GlobalArgs, args: Args) -> anyhow::Result<Outcome> {
    let reason = checked_reason(&args.reason)?;
    let mut archive = open_archive(global, IfMissing::Fail)?;
    let id =
        find_statement(&archive, &args.id)?.ok_or_else(|| no_such_statement_error(&args.id))?;
    archive
        .delete(id, reason, &now())
        .map_err(|error| archive_error(error, archive.directory()))?;
    super::report_warnings(&mut archive);
    status(
        global,
        &format!("statement {id} deleted; `communique restore {id}` brings it back"),
    );
    Ok(Outcome::Success)
}

/// Runs `restore`.
pub fn run_restore(global: &GlobalArgs, args: RestoreArgs) -> anyhow::Result<Outcome> {
    let args = args.statement;
    let reason = checked_reason(&args.reason)?;
    let mut archive = open_archive(global, IfMissing::Fail)?;
    let id =
        find_statement(&archive, &args.id)?.ok_or_else(|| no_such_statement_error(&args.id))?;
    archive
        .restore(id, reason, &now())
        .map_err(|error| archive_error(error, archive.directory()))?;
    super::report_warnings(&mut archive);
    status(global, &format!("statement {id} restored"));
    super::report_repeat(global, &archive, id)?;
    Ok(Outcome::Success)
}
