//! `communique reindex`: rebuild the derived index from the database.

use std::time::Instant;

use crate::archive::Archive;
use crate::cli::GlobalArgs;

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
    let started = Instant::now();
    let progress = Progress::spinner(global, "reindexing");
    let count = archive
        .reindex()
        .map_err(|error| archive_error(error, archive.directory()))?;
    progress.finish();
    status(
        global,
        &format!(
            "reindexed {count} statements ({:.2} s)",
            started.elapsed().as_secs_f64()
        ),
    );
    Ok(Outcome::Success)
}
