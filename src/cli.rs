//! The command line: global flags and the subcommands, as clap definitions.
//!
//! Raw flags are validated here (dates, countries, formats) so that commands start from
//! settled values; each subcommand's arguments live with its `run` in `commands/`.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

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

/// The subcommands.
///
/// Each one's arguments are built only when it is the one run (`defer`): building all
/// twenty-one was a third of the page faults of a search process, and most of clap's time.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
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
