//! `communique init`: create an empty archive, optionally with the bundled corpus.

use std::path::PathBuf;

use crate::archive::{Archive, ArchiveError};
use crate::cli::GlobalArgs;

use super::{archive_directory, archive_error, fill_with_bundled, status, Outcome};

/// Create an empty archive.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  communique init ~/archives/caucasus\n  communique init --bundled /tmp/demo"
)]
pub struct Args {
    /// Directory to create [default: --archive, or the default archive]
    pub directory: Option<PathBuf>,
    /// Load the bundled corpus (the statements of the 13 February 2024 seed article)
    #[arg(long)]
    pub bundled: bool,
}

/// Runs `init`.
pub fn run(global: &GlobalArgs, args: Args) -> anyhow::Result<Outcome> {
    let directory = match args.directory {
        Some(directory) => directory,
        None => archive_directory(global)?.0,
    };
    // Filled while no other process may open it half made.
    Archive::create_filled(&directory, |archive| {
        if args.bundled {
            fill_with_bundled(global, archive)
        } else {
            status(
                global,
                &format!("created an empty archive at {}", directory.display()),
            );
            Ok(())
        }
    })
    .map_err(|error| match error.downcast::<ArchiveError>() {
        Ok(error) => archive_error(error, &directory),
        Err(error) => error,
    })?;
    Ok(Outcome::Success)
}
