//! `communique compact`: join the index's segments into one.

use std::time::Instant;

use crate::cli::GlobalArgs;

use super::progress::Progress;
use super::{archive_error, open_archive, status, IfMissing, Outcome};

/// Join the search index's segments into one, so that every search starts faster
#[derive(Debug, clap::Args)]
#[command(
    after_help = "A large ingest leaves the index in several segments (two for a million statements loaded\ninto an empty archive), and later writes add more. Every search opens each segment's\nfiles; joined, a search process starts faster. Worth running after a large ingest, as\nVACUUM is after a large delete; an archive of up to 50,000 statements has its segments\nmerged by its writes already. Searches keep working meanwhile; other writes wait for it.\n\nExample:\n  communique compact"
)]
pub struct Args {}

/// Runs `compact`.
pub fn run(global: &GlobalArgs, _args: Args) -> anyhow::Result<Outcome> {
    let mut archive = open_archive(global, IfMissing::Fail)?;
    let started = Instant::now();
    // tantivy's merge tells nothing of its progress: the bar names the work and counts time.
    let progress = match archive.index_segment_count() {
        count if count >= 2 => Progress::spinner(
            global,
            &format!("joining the index's {count} segments into one"),
        ),
        _ => Progress::spinner(global, "compacting the index"),
    };
    let segments = archive
        .compact()
        .map_err(|error| archive_error(error, archive.directory()))?;
    progress.finish();
    let message = match segments {
        0 => "the index is empty: nothing to compact".to_string(),
        1 => "the index is in one segment already".to_string(),
        count => format!(
            "joined the index's {count} segments into one ({:.2} s)",
            started.elapsed().as_secs_f64()
        ),
    };
    status(global, &message);
    Ok(Outcome::Success)
}
