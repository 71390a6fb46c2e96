//! The command line: global flags and the subcommands, as clap definitions.
//!
//! Raw flags are validated here (dates, countries, formats) so that commands start from
//! settled values; each subcommand's arguments live with its `run` in `commands/`.

use std::path::PathBuf;

use clap::{Args as _, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::commands;

/// An archive of official statements: ingest them, search them, cite them.
#[derive(Debug, Parser)]
#[command(name = PROGRAM, version, about, max_term_width = MAX_TERM_WIDTH)]
#[command(
    after_help = "Examples:\n  communique search restraint --speaker peskov\n  communique ingest statements.jsonl\n  communique search '\"combat post\"' --country AZ --from 2024-02-01 --to 2024-02-29\n  communique show 7\n  communique timeline fire --split country --by year\n  communique facets restraint\n\nExit status, as grep's: 0 when something was found, 1 when nothing was (a\nlisting that lists nothing), 2 on an error.\n\nSee `communique help search` for the query syntax, `communique config --help`\nfor the configuration file."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// The program's name, as help and errors show it.
const PROGRAM: &str = "communique";

/// The widest help text is wrapped to, whatever the terminal's width.
const MAX_TERM_WIDTH: usize = 100;

/// The environment variables that stand for a flag (`COMMUNIQUE_ARCHIVE`,
/// `COMMUNIQUE_CONFIG`).
pub const FLAG_VARIABLES: [&str; 2] = ["COMMUNIQUE_ARCHIVE", "COMMUNIQUE_CONFIG"];

/// Reads the variables of [`FLAG_VARIABLES`] as a shell would have read the flag. One set
/// but blank is forgotten, as a shell's `COMMUNIQUE_ARCHIVE=` means "no archive given":
/// clap would read it as the flag given without a value ("a value is required for
/// '--archive <DIR>'", no flag in sight). A leading `~/` is the home directory, as in the
/// configuration file: `COMMUNIQUE_ARCHIVE="~/archives/caucasus"` in quotes, or from a
/// systemd unit or a Dockerfile, reaches us unexpanded. Called once at start, before any
/// thread.
pub fn tidy_flag_variables() {
    for name in FLAG_VARIABLES {
        let Some(value) = std::env::var_os(name) else {
            continue;
        };
        if value.to_string_lossy().trim().is_empty() {
            std::env::remove_var(name);
        } else if let Some(expanded) = crate::config::expand_home(std::path::Path::new(&value)) {
            std::env::set_var(name, expanded);
        }
    }
}

/// The command tree to parse `arguments` (the program's name first) with: when they name
/// a subcommand, a tree holding that one alone, else the whole tree.
///
/// Building a tree, clap copies each global flag into every subcommand: for the one
/// subcommand a process runs, a hundred copies of a flag with its help, most of clap's
/// part of a search process and a tenth of its page faults. The tree of one subcommand
/// parses its arguments and prints its help alike (a test compares them). The program's
/// own help and version, and a misspelt subcommand, get the whole tree.
pub fn command_for(arguments: &[std::ffi::OsString]) -> clap::Command {
    let top = GlobalArgs::augment_args(
        clap::Command::new(PROGRAM)
            .max_term_width(MAX_TERM_WIDTH)
            .subcommand_required(true)
            .arg_required_else_help(true),
    );
    // Each unbuilt: a name, a line of help, and how to build the rest.
    let subcommands = Command::augment_subcommands(clap::Command::new(PROGRAM));
    match subcommand_named(&top, &subcommands, arguments) {
        Some((_, only)) => top.subcommand(only.clone()),
        None => Cli::command(),
    }
}

/// The subcommand `arguments` name after the flags of `top`, if they name one, with its
/// position in `arguments`.
fn subcommand_named<'a>(
    top: &clap::Command,
    subcommands: &'a clap::Command,
    arguments: &[std::ffi::OsString],
) -> Option<(usize, &'a clap::Command)> {
    let mut rest = arguments.iter().enumerate().skip(1);
    while let Some((position, argument)) = rest.next() {
        let argument = argument.to_str()?;
        let (flag, value_given) = if let Some(long) = argument.strip_prefix("--") {
            let (name, value_given) = match long.split_once('=') {
                Some((name, _)) => (name, true),
                None => (long, false),
            };
            let flag = top
                .get_arguments()
                .find(|flag| flag.get_long() == Some(name))?;
            (flag, value_given)
        } else if let Some(short) = argument.strip_prefix('-') {
            let mut letters = short.chars();
            let (Some(letter), None) = (letters.next(), letters.next()) else {
                return None;
            };
            let flag = top
                .get_arguments()
                .find(|flag| flag.get_short() == Some(letter))?;
            (flag, false)
        } else {
            return Some((position, subcommands.find_subcommand(argument)?));
        };
        if flag.get_action().takes_values() && !value_given {
            rest.next();
        }
    }
    None
}

/// Returns the word and the command line to suggest when clap took a word of a query
/// that excludes it (`-drill`) for a flag, else None: `search fire -drill` (there is no
/// flag `-d`), or `search fire -nuclear`, which gave `-n` the value `uclear`, wrong for
/// it. The suggestion keeps every word of the query in order after `--`, flags before
/// it: `communique search --country AZ -- fire -nuclear`; None for the line when a word
/// is too long for a command (see [`crate::quote::command_line`]). Only for the
/// commands that take a query; `command` is the tree that parsed `arguments` and failed
/// with `error`.
pub fn excluded_word_line(
    command: &clap::Command,
    arguments: &[std::ffi::OsString],
    error: &clap::Error,
) -> Option<(String, Option<String>)> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let arguments: Vec<&str> = arguments
        .iter()
        .map(|argument| argument.to_str())
        .collect::<Option<_>>()?;
    let top = GlobalArgs::augment_args(clap::Command::new(PROGRAM));
    let subcommands = Command::augment_subcommands(clap::Command::new(PROGRAM));
    let owned: Vec<std::ffi::OsString> = arguments.iter().map(Into::into).collect();
    let (position, named) = subcommand_named(&top, &subcommands, &owned)?;
    if !matches!(named.get_name(), "search" | "timeline" | "facets") {
        return None;
    }
    let mut subcommand = command.find_subcommand(named.get_name())?.clone();
    subcommand.build();
    let flags: Vec<&clap::Arg> = subcommand
        .get_arguments()
        .chain(top.get_arguments())
        .collect();
    let short = |letter: char| flags.iter().find(|flag| flag.get_short() == Some(letter));
    let takes_value = |flag: &&&clap::Arg| flag.get_action().takes_values();
    // The argument clap read as a short flag and its glued value: `-fire` for `-f ire`.
    let glued = match error.kind() {
        ErrorKind::UnknownArgument => None,
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let (Some(ContextValue::String(flag)), Some(ContextValue::String(value))) = (
                error.get(ContextKind::InvalidArg),
                error.get(ContextKind::InvalidValue),
            ) else {
                return None;
            };
            // "--format <FORMAT>"
            let long = flag.split(' ').next()?.strip_prefix("--")?;
            let flag = flags.iter().find(|flag| flag.get_long() == Some(long))?;
            let letter = flag.get_short()?;
            if is_typo_of_a_possible_value(value, flag) {
                return None;
            }
            Some(format!("-{letter}{value}"))
        }
        _ => return None,
    };
    let reads_as_word = |argument: &str| {
        let letters = argument.strip_prefix('-').unwrap_or_default();
        !letters.is_empty()
            && !letters.starts_with('-')
            && letters.chars().all(char::is_alphanumeric)
            && letters.chars().nth(1).is_some()
    };
    let (mut kept, mut words) = (Vec::new(), Vec::new());
    let mut rest = arguments[position + 1..].iter().copied();
    while let Some(argument) = rest.next() {
        if argument == "--" {
            words.extend(rest.by_ref());
        } else if glued.as_deref() == Some(argument) {
            words.push(argument);
        } else if let Some(long) = argument.strip_prefix("--") {
            kept.push(argument);
            let value_given = long.contains('=');
            let flag = flags.iter().find(|flag| flag.get_long() == Some(long));
            if flag.is_some_and(|flag| takes_value(&flag)) && !value_given {
                kept.extend(rest.next());
            }
        } else if let Some(letters) = argument.strip_prefix('-').filter(|l| !l.is_empty()) {
            let mut letters = letters.chars().map(short);
            match letters.next().flatten() {
                Some(flag) if takes_value(&flag) => {
                    kept.push(argument);
                    if argument.chars().count() == 2 {
                        kept.extend(rest.next());
                    }
                }
                // Flags that take no value, run together (`-qc`).
                Some(_) if letters.all(|flag| flag.is_some_and(|flag| !takes_value(&flag))) => {
                    kept.push(argument)
                }
                _ if reads_as_word(argument) => words.push(argument),
                _ => kept.push(argument),
            }
        } else {
            words.push(argument);
        }
    }
    let excluded = words.iter().find(|word| reads_as_word(word))?[1..].to_string();
    let line: Vec<&str> = std::iter::once(PROGRAM)
        .chain(arguments[1..=position].iter().copied())
        .chain(kept)
        .chain(std::iter::once("--"))
        .chain(words)
        .collect();
    Some((excluded, crate::quote::command_line(&line)))
}

/// Returns true when `value` reads as a misspelt possible value of `flag` (`jsn` of
/// `--format`: `-fjsn` is `-f json` mistyped, not a query excluding "fjsn"): within two
/// edits of one (two letters swapped are one), and those edits at most a third of its
/// characters, so that a word stays a word: `ire` (`-fire`) is two edits from `cite`,
/// `ires` (`-fires`) two from `ids`.
fn is_typo_of_a_possible_value(value: &str, flag: &clap::Arg) -> bool {
    let value = value.to_lowercase();
    let length = value.chars().count();
    flag.get_possible_values().iter().any(|possible| {
        possible.get_name_and_aliases().any(|name| {
            let name = name.to_lowercase();
            // A pasted value is far longer than any name: no table for it.
            if length.abs_diff(name.chars().count()) > 2 {
                return false;
            }
            let distance = crate::suggest::typing_distance(&value, &name);
            distance <= 2 && 3 * distance <= length
        })
    })
}

/// Flags every command accepts. Each command's help lists them apart, after its own
/// (as jj does), so that what the command itself takes comes first.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Archive directory [default: the platform data directory, e.g. ~/.local/share/communique]
    #[arg(long, global = true, env = "COMMUNIQUE_ARCHIVE", value_name = "DIR")]
    pub archive: Option<PathBuf>,
    /// When to colour output
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Print no status lines on stderr (errors and warnings are still printed)
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

impl GlobalArgs {
    /// Returns the global options a command suggested by a hint repeats, as the words of
    /// a command line: the archive and the configuration file when they were named (by
    /// flag, variable or configuration: the command may be run in another shell), the
    /// colour when it was chosen. --quiet is left out: a quiet command prints no hint.
    pub fn options_to_repeat(&self) -> Vec<std::ffi::OsString> {
        let mut words = Vec::new();
        // Paths as they are, not as UTF-8 would show them: the command must name them.
        if let Some(directory) = &self.archive {
            words.push("--archive".into());
            words.push(directory.clone().into_os_string());
        }
        if let Some(file) = &self.config {
            words.push("--config".into());
            words.push(file.clone().into_os_string());
        }
        if self.color != ColorChoice::Auto {
            if let Some(color) = self.color.to_possible_value() {
                words.push("--color".into());
                words.push(color.get_name().into());
            }
        }
        words
    }
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
    /// Ingest statements from JSON Lines, JSON, CSV or TSV files, plain or gzip-compressed
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
    /// Change fields of a statement, or of several alike, recording what, when and why
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

    fn arguments(line: &[&str]) -> Vec<std::ffi::OsString> {
        std::iter::once(PROGRAM)
            .chain(line.iter().copied())
            .map(Into::into)
            .collect()
    }

    /// What clap makes of `line`: the parsed command line, or the message it prints
    /// (help included).
    fn parsed(mut command: clap::Command, line: &[&str]) -> String {
        use clap::FromArgMatches as _;
        match command.try_get_matches_from_mut(arguments(line)) {
            Ok(matches) => format!("{:?}", Cli::from_arg_matches(&matches)),
            Err(error) => format!("{:?}: {}", error.kind(), error.render()),
        }
    }

    /// The tree of the one subcommand named parses, prints help and reports errors as
    /// the whole tree does, for every subcommand and theirs.
    #[test]
    fn one_subcommands_tree_parses_as_the_whole_tree() {
        let mut full = full_command();
        full.build();
        let mut lines: Vec<Vec<&str>> = vec![
            vec!["--archive", "a", "search", "fire", "--country", "AZ", "-q"],
            vec!["search", "--archive", "a", "--color=never", "fire"],
            vec![
                "--archive=a",
                "--quiet",
                "search",
                "--from",
                "2024-02",
                "--limit",
                "5",
            ],
            vec!["-q", "search", "--from", "February"],
            vec!["search", "--no-such-flag"],
            vec!["--config", "c.toml", "timeline", "fire", "--by", "month"],
            vec!["speakers", "alias", "peskov", "Песков"],
            vec!["speakers"],
            vec!["show"],
            vec!["search", "--", "-drill"],
        ];
        let names: Vec<String> = full
            .get_subcommands()
            .flat_map(|command| {
                std::iter::once(command.get_name().to_owned()).chain(
                    command
                        .get_subcommands()
                        .map(|sub| format!("{} {}", command.get_name(), sub.get_name())),
                )
            })
            .collect();
        for name in &names {
            let mut line: Vec<&str> = name.split(' ').collect();
            line.push("--help");
            lines.push(line);
        }
        for line in &lines {
            let pruned = command_for(&arguments(line));
            if !line.contains(&"help") {
                assert_eq!(
                    pruned.get_subcommands().count(),
                    1,
                    "{line:?} is parsed by its subcommand's tree"
                );
            }
            assert_eq!(
                parsed(pruned, line),
                parsed(Cli::command(), line),
                "{line:?}"
            );
        }
    }

    /// What is not a subcommand after the global flags gets the whole tree: the
    /// program's help and version, suggestions for a misspelt subcommand.
    #[test]
    fn without_a_subcommand_the_whole_tree_parses() {
        let count = Cli::command().get_subcommands().count();
        for line in [
            &[][..],
            &["--help"],
            &["-V"],
            &["serch", "fire"],
            &["--archive"],
            &["--archive", "search"],
            &["--unknown", "search"],
        ] {
            assert_eq!(
                command_for(&arguments(line)).get_subcommands().count(),
                count,
                "{line:?}"
            );
        }
        // Arguments that are not UTF-8: an archive's path may be one (it is skipped
        // like any value, and the subcommand after it named); where the subcommand
        // stands, it is no subcommand.
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStringExt as _;
            let odd = || std::ffi::OsString::from_vec(vec![b'a', 0xff]);
            let path = vec![PROGRAM.into(), "--archive".into(), odd(), "search".into()];
            assert_eq!(command_for(&path).get_subcommands().count(), 1);
            let mut pruned = command_for(&path);
            let archive = |matches: clap::ArgMatches| {
                let found = matches
                    .subcommand()
                    .and_then(|(_, sub)| sub.get_one::<PathBuf>("archive").cloned());
                found.or_else(|| matches.get_one::<PathBuf>("archive").cloned())
            };
            let parsed = archive(pruned.try_get_matches_from_mut(path.clone()).unwrap());
            let whole = archive(Cli::command().try_get_matches_from(path).unwrap());
            assert_eq!(parsed, whole);
            assert!(parsed.is_some());
            let subcommand = vec![PROGRAM.into(), odd()];
            assert_eq!(command_for(&subcommand).get_subcommands().count(), count);
        }
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
