//! The command line: global flags and the subcommands, as clap definitions.
//!
//! Raw flags are validated here (dates, countries, formats) so that commands start from
//! settled values; each subcommand's arguments live with its `run` in `commands/`.

use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::commands;

/// An archive of official statements: ingest them, search them, cite them.
#[derive(Debug, Parser)]
#[command(name = "communique", version, about, max_term_width = 100)]
#[command(
    after_help = "Examples:\n  communique search restraint --speaker peskov\n  communique ingest statements.jsonl\n  communique search '\"combat post\"' --country AZ --from 2024-02-01 --to 2024-02-29\n  communique show 7\n  communique timeline fire --split country --by year\n  communique facets restraint\n\nSee `communique help search` for the query syntax, `communique config --help`\nfor the configuration file."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command accepts.
#[derive(Debug, Clone, clap::Args)]
pub struct GlobalArgs {
    /// Archive directory [default: the platform data directory, e.g. ~/.local/share/communique]
    #[arg(long, global = true, env = "COMMUNIQUE_ARCHIVE", value_name = "DIR")]
    pub archive: Option<PathBuf>,
    /// When to colour output
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Print no status lines on stderr (errors are still printed)
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Configuration file [default: the platform config directory, e.g.
    /// ~/.config/communique/config.toml]; see `communique config --help`
    #[arg(long, global = true, env = "COMMUNIQUE_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The settings in effect and where each came from, filled in from the configuration
    /// file after parsing (`commands::config::configure`).
    #[arg(skip)]
    pub settings: crate::config::Settings,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is not set
    Auto,
    Always,
    Never,
}

/// Defines the subcommands twice from one list, alike but for `defer`: `Command`, which
/// the command line is parsed into, and `FullCommand`, which the completion scripts are
/// generated from (`full_command`). One list, so that the two cannot drift apart.
macro_rules! subcommands {
    ($($(#[$attribute:meta])* $variant:ident($args:ty),)*) => {
        /// The subcommands.
        ///
        /// Each one's arguments are built only when it is the one run (`defer`): building
        /// them all was a third of the page faults of a search process, and most of clap's
        /// time.
        #[derive(Debug, Subcommand)]
        #[command(defer = true)]
        pub enum Command {
            $($(#[$attribute])* $variant($args),)*
        }

        /// The subcommands with every one's arguments and subcommands made at once, as
        /// `Command`'s were before `defer`; only its clap definition is used.
        #[derive(Subcommand)]
        enum FullCommand {
            $($(#[$attribute])* $variant($args),)*
        }
    };
}

subcommands! {
    /// Create an empty archive
    Init(commands::init::Args),
    /// Ingest statements from JSON Lines, JSON or CSV files
    Ingest(commands::ingest::Args),
    /// Search statements: full text and filters, ranked, with snippets
    Search(commands::search::Args),
    /// Show one statement with every field
    Show(commands::show::Args),
    /// List and curate speakers: aliases, roles, merges
    Speakers(commands::speakers::Args),
    /// List and curate the gazetteer of place names
    Places(commands::places::Args),
    /// Export every statement in a form `ingest` reads back
    Export(commands::export::Args),
    /// Propose records for the statements a news article reports, for review and ingest
    Extract(commands::extract::Args),
    /// Count statements, speakers and more
    Stats(commands::stats::Args),
    /// Verify that the database and the index agree
    Check(commands::check::Args),
    /// Rebuild the search index from the database
    Reindex(commands::reindex::Args),
    /// Join the search index's segments into one, so that every search starts faster
    Compact(commands::compact::Args),
    /// Add one statement and print its id
    Add(commands::add::Args),
    /// Change fields of a statement, recording what, when and why
    Edit(commands::edit::Args),
    /// Delete a statement (kept as a tombstone, out of search)
    Delete(commands::delete::Args),
    /// Bring a deleted statement back
    Restore(commands::delete::RestoreArgs),
    /// List recent corrections across the archive
    History(commands::history::Args),
    /// Count matching statements per day, week, month or year, as a bar chart
    Timeline(commands::timeline::Args),
    /// Count matching statements by speaker, country, channel, kind, language and year
    Facets(commands::facets::Args),
    /// Show the settings in effect and where each comes from
    Config(commands::config::Args),
    /// Print a completion script for bash, zsh, fish, elvish or PowerShell
    Completions(commands::completions::Args),
    /// Print the manual page
    Man(commands::man::Args),
}

/// Returns the whole command tree, every command with its arguments and subcommands, as
/// it was before `defer`: what the completion scripts are generated from.
///
/// Building `Cli::command()` copies the commands into clap's own `help` command (for
/// `communique help speakers alias`) before the deferred ones are built, so the copies lack
/// their subcommands. Building the deferred commands first does not help: clap then adds
/// the global flags unbuilt to commands already built (clap_complete panics on them), and
/// copies each command's own `help` under `help`.
pub fn full_command() -> clap::Command {
    let full = FullCommand::augment_subcommands(clap::Command::new("communique"));
    // In place, so that the commands keep their order.
    Cli::command().mut_subcommands(|deferred| {
        full.find_subcommand(deferred.get_name())
            .cloned()
            .expect("Command and FullCommand are made from one list")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Returns each command's path, the sorted ids of its arguments and its subcommands,
    /// one line a command, leaving out the tree under `communique help`.
    fn outline(command: &clap::Command, path: &str, lines: &mut Vec<String>) {
        let mut arguments: Vec<String> = command
            .get_arguments()
            .map(|argument| argument.get_id().to_string())
            .collect();
        // The global flags come first in a deferred command, last in the full one.
        arguments.sort();
        let subcommands: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
        lines.push(format!(
            "{path}: {} | {}",
            arguments.join(" "),
            subcommands.join(" ")
        ));
        for subcommand in command.get_subcommands() {
            let path = format!("{path} {}", subcommand.get_name());
            if path != "communique help" {
                outline(subcommand, &path, lines);
            }
        }
    }

    #[test]
    fn the_full_command_is_the_deferred_commands_built() {
        let mut deferred = Cli::command();
        deferred.build();
        let mut full = full_command();
        full.build();
        let (mut expected, mut found) = (Vec::new(), Vec::new());
        outline(&deferred, "communique", &mut expected);
        outline(&full, "communique", &mut found);
        assert_eq!(found, expected);
        assert!(
            expected
                .iter()
                .any(|line| line.starts_with("communique speakers alias: ")),
            "the outline reaches the commands' subcommands"
        );
    }

    /// `communique help speakers <TAB>`: the completion scripts offer what `help` takes.
    #[test]
    fn the_full_commands_help_knows_every_commands_subcommands() {
        let mut full = full_command();
        full.build();
        let help = full
            .find_subcommand("help")
            .expect("clap adds a help command");
        for command in full.get_subcommands().filter(|c| c.get_name() != "help") {
            let name = command.get_name();
            let copy = help
                .find_subcommand(name)
                .unwrap_or_else(|| panic!("no `help {name}`"));
            let expected: Vec<&str> = command
                .get_subcommands()
                .map(|c| c.get_name())
                .filter(|&name| name != "help")
                .collect();
            let found: Vec<&str> = copy.get_subcommands().map(|c| c.get_name()).collect();
            assert_eq!(found, expected, "`communique help {name}`");
        }
    }
}
