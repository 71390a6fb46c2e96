//! `communique config`: the settings in effect and where each came from; and
//! [`configure`], which applies the configuration file to the parsed command line before
//! any command runs (flags > environment > file > defaults).

use std::io::{IsTerminal, Write};

use clap::parser::ValueSource;
use clap::{ArgMatches, ValueEnum};

use crate::cli::{Cli, ColorChoice, Command, GlobalArgs};
use crate::config::{self, Origin, Settings};

use super::{archive_directory, Outcome, UserError};

/// Show the settings in effect and where each comes from.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "The configuration file is optional: a TOML file of key = \"value\" lines, at
~/.config/communique/config.toml (the platform configuration directory) or where
--config or COMMUNIQUE_CONFIG says. The settings:
  archive = \"~/archives/caucasus\"  the archive, unless --archive or
                                   COMMUNIQUE_ARCHIVE names one
  format = \"markdown\"              the format of search (and of timeline and
                                   facets: table, csv or json), unless --format
  color = \"never\"                  auto, always or never, unless --color
Flags override environment variables, which override the file, which overrides
the defaults. What `communique config` prints is a valid configuration file.

Examples:
  communique config
  communique config > ~/.config/communique/config.toml
  $EDITOR \"$(communique config --path)\""
)]
pub struct Args {
    /// Print only the path of the configuration file
    #[arg(long)]
    pub path: bool,
}

/// Reads the configuration file and fills in what the command line and the environment
/// left unset, recording where each setting came from in `global.settings`.
///
/// A file that cannot be used is an error, except for `communique config`, which shows the
/// problem along with the settings.
pub fn configure(mut cli: Cli, matches: &ArgMatches) -> anyhow::Result<Cli> {
    let tolerant = matches!(cli.command, Command::Config(_));
    let global = &mut cli.global;
    let mut settings = Settings::default();
    let (file, file_origin) = match (&global.config, matches.value_source("config")) {
        (Some(path), Some(ValueSource::EnvVariable)) => {
            (Some(path.clone()), Origin::Env(config::ENV_VAR))
        }
        (Some(path), _) => (Some(path.clone()), Origin::Flag("--config")),
        (None, _) => (config::default_path(), Origin::Default),
    };
    let named = file_origin != Origin::Default;
    let loaded = match &file {
        None => None,
        Some(path) => match config::load(path, named) {
            Ok(found) => found,
            Err(error) if tolerant => {
                settings.problem = Some(error.to_string());
                None
            }
            Err(error) => {
                let hint = if named {
                    format!(
                        "fix the file, or name another with --config FILE or {}; `communique config` shows the settings in effect",
                        config::ENV_VAR
                    )
                } else {
                    "fix or remove the file; `communique config` shows the settings in effect"
                        .to_string()
                };
                return Err(UserError::with_hint(error.to_string(), hint).into());
            }
        },
    };
    settings.file = file;
    settings.file_origin = file_origin;
    settings.file_found = loaded.is_some();
    let from_file = loaded.unwrap_or_default();
    settings.archive_origin = match matches.value_source("archive") {
        Some(ValueSource::CommandLine) => Origin::Flag("--archive"),
        Some(ValueSource::EnvVariable) => Origin::Env("COMMUNIQUE_ARCHIVE"),
        _ => match from_file.archive {
            Some(directory) => {
                global.archive = Some(directory);
                Origin::File
            }
            None => Origin::Default,
        },
    };
    settings.color_origin = match matches.value_source("color") {
        Some(ValueSource::CommandLine | ValueSource::EnvVariable) => Origin::Flag("--color"),
        _ => match from_file
            .color
            .and_then(|color| ColorChoice::from_str(&color, false).ok())
        {
            Some(color) => {
                global.color = color;
                Origin::File
            }
            None => Origin::Default,
        },
    };
    settings.format = from_file.format;
    global.settings = settings;
    Ok(cli)
}

/// Runs `config`.
pub fn run(global: &GlobalArgs, args: Args) -> anyhow::Result<Outcome> {
    let settings = &global.settings;
    let mut stdout = std::io::stdout().lock();
    if args.path {
        let path = settings.file.as_ref().ok_or_else(|| {
            UserError::with_hint(
                "there is no platform configuration directory (is HOME set?)",
                format!("name a file with --config FILE or {}", config::ENV_VAR),
            )
        })?;
        writeln!(stdout, "{}", path.display())?;
        return Ok(Outcome::Success);
    }
    writeln!(
        stdout,
        "# The settings in effect; each comment says where the value comes from."
    )?;
    let file_line = match &settings.file {
        None => "none (no platform configuration directory)".to_string(),
        Some(path) => {
            let whence = match &settings.file_origin {
                Origin::Default => "the default location".to_string(),
                origin => origin_text(origin),
            };
            let state = if settings.problem.is_some() {
                "not used, see below"
            } else if settings.file_found {
                "read"
            } else {
                "not found"
            };
            format!("{} (from {whence}; {state})", path.display())
        }
    };
    writeln!(stdout, "# config file: {file_line}")?;
    let archive = match archive_directory(global) {
        // Absolute: a file resolves a relative path against its own directory, so the
        // path as typed would name another archive once saved as a file.
        Ok((directory, _)) => toml_string(
            &std::path::absolute(&directory)
                .unwrap_or(directory)
                .display()
                .to_string(),
        ),
        Err(_) => "\"\"".to_string(),
    };
    let archive_note = match &settings.archive_origin {
        Origin::Default => "default: the platform data directory".to_string(),
        origin => origin_text(origin),
    };
    writeln!(stdout, "archive = {archive}  # {archive_note}")?;
    let (format, format_origin) = match &settings.format {
        Some(format) => (format.as_str(), Origin::File),
        None => ("table", Origin::Default),
    };
    writeln!(
        stdout,
        "format = {}  # {}",
        toml_string(format),
        origin_text(&format_origin)
    )?;
    let color = global
        .color
        .to_possible_value()
        .map(|value| value.get_name().to_string())
        .unwrap_or_default();
    let effect = match global.color {
        ColorChoice::Always => "on",
        ColorChoice::Never => "off",
        ColorChoice::Auto if !std::io::stdout().is_terminal() => {
            "off here: standard output is not a terminal"
        }
        ColorChoice::Auto if super::no_color_set() => "off: NO_COLOR is set",
        ColorChoice::Auto if super::dumb_terminal() => "off: TERM is dumb",
        ColorChoice::Auto => "on here: standard output is a terminal",
    };
    writeln!(
        stdout,
        "color = {}  # {}; colour {effect}",
        toml_string(&color),
        origin_text(&settings.color_origin)
    )?;
    stdout.flush()?;
    if let Some(problem) = &settings.problem {
        return Err(UserError::with_hint(
            problem.clone(),
            "fix the file: until then every other command refuses to run",
        )
        .into());
    }
    Ok(Outcome::Success)
}

/// Returns how `config` names an origin.
fn origin_text(origin: &Origin) -> String {
    match origin {
        Origin::Default => "default".to_string(),
        Origin::Flag(flag) => flag.to_string(),
        Origin::Env(variable) => format!("environment: {variable}"),
        Origin::File => "config file".to_string(),
    }
}

/// Returns a TOML basic string; JSON's escapes are TOML's.
fn toml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}
