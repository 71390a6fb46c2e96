//! `communique check`: do the database and the index agree?

use std::io::Write;

use crate::archive::{Archive, CheckReport};
use crate::cli::GlobalArgs;
use crate::quote::plural;

use super::progress::Progress;
use super::{archive_directory, archive_error, open_archive, IfMissing, Outcome};

/// Verify that the database and the index agree.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Compares the statements each holds, and the values (speaker, country, dates, tags…)\nthe index filters by with the database's.\n\nExit status: 0 when they agree, 1 with a report when they do not. Unless --no-repair,\nthe index is then repaired from the database: statements indexed with other values\nare indexed again, an index found damaged otherwise is rebuilt.\n\nExamples:\n  communique check\n  communique check --no-repair"
)]
pub struct Args {
    /// Inspect the archive as it is, without the repair every other command makes on open
    #[arg(long)]
    pub no_repair: bool,
}

/// Runs `check`.
pub fn run(global: &GlobalArgs, args: Args) -> anyhow::Result<Outcome> {
    let mut archive = if args.no_repair {
        let (directory, _) = archive_directory(global)?;
        Archive::open_unrepaired(&directory).map_err(|error| archive_error(error, &directory))?
    } else {
        let archive = open_archive(global, IfMissing::Fail)?;
        // Comparing every statement takes seconds at a million: in WAL mode, a writer
        // starting meanwhile need not wait for it. `--no-repair` changes nothing, this
        // switch included.
        archive.begin_long_read();
        archive
    };
    let mut report = archive
        .check()
        .map_err(|error| archive_error(error, archive.directory()))?;
    if !report.is_consistent() && !args.no_repair && !archive.is_read_only() {
        // Another process may be between its database commit and its index commit (the
        // repair on open leaves that to it): wait for it, catch up, and look again
        // before calling anything damage.
        archive
            .catch_up_waiting()
            .map_err(|error| archive_error(error, archive.directory()))?;
        report = archive
            .check()
            .map_err(|error| archive_error(error, archive.directory()))?;
    }
    let mut stdout = std::io::stdout().lock();
    if let Some(version) = report.older_schema {
        writeln!(
            stdout,
            "note: the database has schema version {version}, left as it is; any command but \
             `check --no-repair` upgrades it to {} when it opens the archive",
            crate::store::SCHEMA_VERSION
        )?;
    }
    if report.is_consistent() {
        let tombstones = match report.deleted {
            0 => String::new(),
            1 => "; 1 deleted statement kept as a tombstone".to_string(),
            deleted => format!("; {deleted} deleted statements kept as tombstones"),
        };
        writeln!(
            stdout,
            "ok: {} {} in the database, {} in the index, in agreement{tombstones}",
            report.statements,
            plural(report.statements, "statement", "statements"),
            report.indexed
        )?;
        return Ok(Outcome::Success);
    }
    write_problems(&mut stdout, &report)?;
    if args.no_repair || archive.is_read_only() {
        writeln!(
            stdout,
            "hint: `communique reindex` rebuilds the index from the database"
        )?;
        return Ok(Outcome::NothingFound);
    }
    stdout.flush()?;
    if report.only_values_differ() {
        // The index holds every statement once, some with values not the database's:
        // those alone are indexed again from it, the truth.
        let ids: Vec<_> = report
            .differing
            .iter()
            .map(|differing| differing.id)
            .collect();
        let reindexed = archive
            .reindex_statements(&ids)
            .map_err(|error| archive_error(error, archive.directory()))?;
        let after = archive
            .check()
            .map_err(|error| archive_error(error, archive.directory()))?;
        if after.is_consistent() {
            writeln!(
                stdout,
                "repaired: {reindexed} {} indexed again from the database; {} {} in both, in agreement",
                plural(reindexed, "statement", "statements"),
                after.statements,
                plural(after.statements, "statement", "statements")
            )?;
            return Ok(Outcome::NothingFound);
        }
        // Still not in agreement: the rebuild below starts over from the database.
    }
    // Opening repairs what a crash leaves (a missing or lagging index); what is left is
    // damage only a full read finds, such as garbled index files, or values that
    // indexing them again did not mend. The database is the truth: rebuild the index
    // from it, and look again.
    let progress = Progress::spinner(global, "rebuilding the index");
    archive
        .reindex()
        .map_err(|error| archive_error(error, archive.directory()))?;
    progress.finish();
    let after = archive
        .check()
        .map_err(|error| archive_error(error, archive.directory()))?;
    if after.is_consistent() {
        writeln!(
            stdout,
            "repaired: the index was rebuilt from the database; {} {} in both, in agreement",
            after.statements,
            plural(after.statements, "statement", "statements")
        )?;
    } else {
        write_problems(&mut stdout, &after)?;
    }
    // Exit 1 either way: the archive did not agree when it was checked.
    Ok(Outcome::NothingFound)
}

fn write_problems(out: &mut dyn Write, report: &CheckReport) -> std::io::Result<()> {
    let list = |ids: &[crate::model::StatementId]| {
        let shown: Vec<String> = ids.iter().take(20).map(ToString::to_string).collect();
        let more = if ids.len() > 20 {
            format!(" … and {} more", ids.len() - 20)
        } else {
            String::new()
        };
        format!("{}{more}", shown.join(", "))
    };
    writeln!(
        out,
        "problems: {} {} in the database, {} in the index",
        report.statements,
        plural(report.statements, "statement", "statements"),
        report.indexed
    )?;
    if let Some(state) = &report.state {
        writeln!(out, "- the index is {state}")?;
    }
    if !report.missing.is_empty() {
        writeln!(
            out,
            "- {} {} missing from the index: {}",
            report.missing.len(),
            plural(report.missing.len(), "statement", "statements"),
            list(&report.missing)
        )?;
    }
    if !report.extra.is_empty() {
        writeln!(
            out,
            "- {} {} without a statement: {}",
            report.extra.len(),
            plural(report.extra.len(), "index entry", "index entries"),
            list(&report.extra)
        )?;
    }
    if !report.duplicated.is_empty() {
        writeln!(
            out,
            "- {} {} indexed more than once: {}",
            report.duplicated.len(),
            plural(report.duplicated.len(), "statement", "statements"),
            list(&report.duplicated)
        )?;
    }
    if !report.differing.is_empty() {
        let shown: Vec<String> = report
            .differing
            .iter()
            .take(20)
            .map(|differing| format!("{} ({})", differing.id, differing.fields.join(", ")))
            .collect();
        let more = match report.differing.len() {
            0..=20 => String::new(),
            count => format!(" … and {} more", count - 20),
        };
        writeln!(
            out,
            "- {} {} indexed with other values than the database's: {}{more}",
            report.differing.len(),
            plural(report.differing.len(), "statement", "statements"),
            shown.join(", ")
        )?;
    }
    Ok(())
}
