//! `communique reindex`: rebuild the derived index from the database.

use std::time::Instant;

use crate::archive::{Archive, ArchiveError};
use crate::cli::GlobalArgs;

use super::interrupt::{Interrupt, Interrupted};
use super::progress::Progress;
use super::{archive_directory, archive_error, status, Outcome};

/// Rebuild the search index from the database.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "The database is the truth; the index can always be rebuilt from it.\n\nExample:\n  communique reindex"
)]
pub struct Args {}

/// Runs `reindex`.
pub fn run(global: &GlobalArgs, _args: Args) -> anyhow::Result<Outcome> {
    // Opened without bringing the index up to date: it is rebuilt next anyway.
    let (directory, _) = archive_directory(global)?;
    let mut archive =
        Archive::open_to_rebuild(&directory).map_err(|error| archive_error(error, &directory))?;
    // What an upgrade of the database found.
    for repair in archive.repairs() {
        status(global, repair);
    }
    // Ctrl-C drops the rebuild uncommitted, and says so.
    let interrupt = Interrupt::catch();
    archive.stop_when(interrupt.flag());
    let started = Instant::now();
    // Counts the statements against the store's total, then names the last stages.
    let progress = Progress::new(global, "reindexing", None, "statements");
    archive.report_to(progress.observer());
    let count = archive.reindex().map_err(|error| match error {
        ArchiveError::Interrupted => Interrupted {
            left: "the index was not rebuilt and is as it was (reindex changes nothing else); \
                   the next command repairs it if it needs to"
                .into(),
        }
        .into(),
        error => archive_error(error, archive.directory()),
    })?;
    progress.finish();
    status(
        global,
        &format!(
            "reindexed {count} {} ({:.2} s)",
            crate::quote::plural(count, "statement", "statements"),
            started.elapsed().as_secs_f64()
        ),
    );
    Ok(Outcome::Success)
}
