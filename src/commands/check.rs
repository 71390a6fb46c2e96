//! `communique check`: do the database and the index agree?

use crate::archive::Archive;
use crate::cli::GlobalArgs;

use super::{archive_directory, archive_error, open_archive, IfMissing, Outcome};

/// Verify that the database and the index agree.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 when they agree, 1 with a report when they do not.\n\nExamples:\n  communique check\n  communique check --no-repair"
)]
pub struct Args {
    /// Inspect the archive as it is, without the repair every other command makes on open
    #[arg(long)]
    pub no_repair: bool,
}

/// Runs `check`.
pub fn run(global: &GlobalArgs, args: Args) -> anyhow::Result<Outcome> {
    let archive = if args.no_repair {
        let (directory, _) = archive_directory(global)?;
        Archive::open_unrepaired(&directory).map_err(|error| archive_error(error, &directory))?
    } else {
        open_archive(global, IfMissing::Fail)?
    };
    let report = archive
        .check()
        .map_err(|error| archive_error(error, archive.directory()))?;
    let list = |ids: &[crate::model::StatementId]| {
        let shown: Vec<String> = ids.iter().take(20).map(ToString::to_string).collect();
        let more = if ids.len() > 20 {
            format!(" … and {} more", ids.len() - 20)
        } else {
            String::new()
        };
        format!("{}{more}", shown.join(", "))
    };
    if let Some(version) = report.older_schema {
        println!(
            "note: the database has schema version {version}, left as it is; any command but \
             `check --no-repair` upgrades it to {} when it opens the archive",
            crate::store::SCHEMA_VERSION
        );
    }
    if report.is_consistent() {
        println!(
            "ok: {} statements in the database, {} in the index, in agreement",
            report.statements, report.indexed
        );
        return Ok(Outcome::Success);
    }
    println!(
        "problems: {} statements in the database, {} in the index",
        report.statements, report.indexed
    );
    if let Some(state) = &report.state {
        println!("- the index is {state}");
    }
    if !report.missing.is_empty() {
        println!(
            "- {} statement(s) missing from the index: {}",
            report.missing.len(),
            list(&report.missing)
        );
    }
    if !report.extra.is_empty() {
        println!(
            "- {} index entr(ies) without a statement: {}",
            report.extra.len(),
            list(&report.extra)
        );
    }
    if !report.duplicated.is_empty() {
        println!(
            "- {} statement(s) indexed more than once: {}",
            report.duplicated.len(),
            list(&report.duplicated)
        );
    }
    println!("hint: `communique reindex` rebuilds the index from the database");
    Ok(Outcome::NothingFound)
}
