//! `communique delete` and `communique restore`: take a statement out of search and back.

use crate::cli::GlobalArgs;

use super::{
    archive_error, checked_reason, find_statements, now, open_archive, statement_references,
    status, IfMissing, Outcome,
};

/// Delete a statement (kept as a tombstone, out of search).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  communique delete 12 --reason \"fabricated: the ministry denied issuing it\"\n  communique search --channel spoof-channel --format ids --limit all | communique delete - --reason \"an impostor's channel\"\n  communique restore 12 --reason \"the denial was itself retracted\"\n  communique delete '#12' --reason \"a duplicate\"   # the archive's number 12 alone"
)]
pub struct Args {
    /// Statement id, as printed by search, or the external id given at ingest
    ///
    /// '#N' is the archive's number N alone (as `--format cite` prints it: "[communique
    /// #14]"; quoted, as a shell reads an unquoted # as a comment), id:VALUE the external
    /// id VALUE alone. A bare value that is the number of one statement and the external
    /// id of another names two statements, and is refused (exit 2) rather than guessed at.
    ///
    /// Several ids are taken out (or brought back) in one write, all or none (`-` reads
    /// them from stdin, as `search --format ids` prints them).
    #[arg(value_name = "ID", required = true, num_args = 1..)]
    pub ids: Vec<String>,
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
    let references = statement_references(&args.ids)?;
    if references.is_empty() {
        status(global, "no statement ids on stdin: nothing deleted");
        return Ok(Outcome::NothingFound);
    }
    let mut archive = open_archive(global, IfMissing::Fail)?;
    let ids = find_statements(&archive, &references)?;
    archive
        .delete_each(&ids, reason, &now())
        .map_err(|error| archive_error(error, archive.directory()))?;
    super::report_warnings(&mut archive);
    match ids.as_slice() {
        [id] => status(
            global,
            &format!("statement {id} deleted; `communique restore {id}` brings it back"),
        ),
        _ => status(
            global,
            &format!(
                "{} statements deleted; `communique search --deleted` finds them, and \
                 `communique restore ID…` brings them back",
                ids.len()
            ),
        ),
    }
    Ok(Outcome::Success)
}

/// Runs `restore`.
pub fn run_restore(global: &GlobalArgs, args: RestoreArgs) -> anyhow::Result<Outcome> {
    let args = args.statement;
    let reason = checked_reason(&args.reason)?;
    let references = statement_references(&args.ids)?;
    if references.is_empty() {
        status(global, "no statement ids on stdin: nothing restored");
        return Ok(Outcome::NothingFound);
    }
    let mut archive = open_archive(global, IfMissing::Fail)?;
    let ids = find_statements(&archive, &references)?;
    archive
        .restore_each(&ids, reason, &now())
        .map_err(|error| archive_error(error, archive.directory()))?;
    super::report_warnings(&mut archive);
    match ids.as_slice() {
        [id] => status(global, &format!("statement {id} restored")),
        _ => status(global, &format!("{} statements restored", ids.len())),
    }
    for &id in &ids {
        super::report_repeat(global, &archive, id)?;
    }
    Ok(Outcome::Success)
}
