//! `communique man`: manual pages generated from the clap definitions, so the manual says
//! what `--help` says.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::CommandFactory;

use crate::cli::{Cli, GlobalArgs};

use super::{status, Outcome};

/// Print the manual page.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  communique man | man -l -
  communique man --dir ~/.local/share/man/man1     # communique.1, communique-search.1, …")]
pub struct Args {
    /// Write communique.1 and a page per command (communique-search.1, …) into DIR
    /// instead of printing communique.1
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Runs `man`.
pub fn run(global: &GlobalArgs, args: Args) -> anyhow::Result<Outcome> {
    let command = Cli::command();
    match args.dir {
        Some(directory) => {
            std::fs::create_dir_all(&directory)
                .with_context(|| format!("cannot create {}", directory.display()))?;
            clap_mangen::generate_to(command, &directory)
                .with_context(|| format!("cannot write the pages into {}", directory.display()))?;
            status(
                global,
                &format!("wrote the manual pages into {}", directory.display()),
            );
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            clap_mangen::Man::new(command).render(&mut stdout)?;
            stdout.flush()?;
        }
    }
    Ok(Outcome::Success)
}
