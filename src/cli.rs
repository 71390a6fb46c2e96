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
    after_help = "Examples:\n  communique search restraint --speaker peskov\n  communique ingest statements.jsonl\n  communique search '\"combat post\"' --country AZ --from 2024-02-01 --to 2024-02-29\n  communique show 7"
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
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an empty archive
    Init(commands::init::Args),
    /// Ingest statements from JSON Lines, JSON or CSV files
    Ingest(commands::ingest::Args),
    /// Search statements: full text and filters, ranked, with snippets
    Search(commands::search::Args),
    /// Show one statement with every field
    Show(commands::show::Args),
    /// List speakers with their statement counts and dates
    Speakers(commands::speakers::Args),
    /// Export every statement in a form `ingest` reads back
    Export(commands::export::Args),
    /// Count statements, speakers and more
    Stats(commands::stats::Args),
    /// Verify that the database and the index agree
    Check(commands::check::Args),
    /// Rebuild the search index from the database
    Reindex(commands::reindex::Args),
    /// Add one statement and print its id
    Add(commands::add::Args),
    /// Change fields of a statement, recording what, when and why
    Edit(commands::edit::Args),
    /// Delete a statement (kept as a tombstone, out of search)
    Delete(commands::delete::Args),
    /// Bring a deleted statement back
    Restore(commands::delete::Args),
    /// List recent corrections across the archive
    History(commands::history::Args),
}
