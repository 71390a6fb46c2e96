//! `communique completions`: shell completion scripts generated from the clap definitions,
//! so they always know every command, flag and value.

use std::io::Write;

use crate::cli::{full_command, GlobalArgs};

use super::Outcome;

/// Print a completion script for bash, zsh, fish, elvish or PowerShell.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  communique completions bash > ~/.local/share/bash-completion/completions/communique
  communique completions zsh > ~/.zfunc/_communique   # fpath+=(~/.zfunc) in .zshrc
  communique completions fish > ~/.config/fish/completions/communique.fish")]
pub struct Args {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Runs `completions`.
pub fn run(_global: &GlobalArgs, args: Args) -> anyhow::Result<Outcome> {
    // Not `Cli::command()`: its deferred commands would be missing under `help`.
    let mut command = full_command();
    // Generated in memory: clap_complete panics when its writer fails (`| head`).
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "communique", &mut script);
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&script)?;
    stdout.flush()?;
    Ok(Outcome::Success)
}
