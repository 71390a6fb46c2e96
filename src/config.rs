//! The optional configuration file: the default archive, output format and colour.
//!
//! A small TOML file of `key = "value"` lines at the platform configuration directory
//! (`~/.config/communique/config.toml` on Linux), or wherever `--config` or
//! `COMMUNIQUE_CONFIG` says. Flags override environment variables, which override the file,
//! which overrides the built-in defaults; [`Settings`] records where each value came from so
//! that `communique config` can say it. This module reads and validates the file; the
//! command layer applies it.

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::output::HitFormat;
use crate::quote::{quoted, shown_path};
use crate::suggest;

/// The environment variable naming the configuration file.
pub const ENV_VAR: &str = "COMMUNIQUE_CONFIG";

/// The settings a configuration file may hold.
pub const KEYS: [&str; 3] = ["archive", "format", "color"];

/// The values of `color`.
pub const COLORS: [&str; 3] = ["auto", "always", "never"];

/// What a configuration file says; a setting it does not mention is None.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigFile {
    /// The default archive directory, `~` and relative paths resolved.
    pub archive: Option<PathBuf>,
    /// The default output format, one of [`HitFormat`]'s names.
    pub format: Option<String>,
    /// When to colour: auto, always or never.
    pub color: Option<String>,
}

/// Why a configuration file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("no config file at {}", shown_path(path))]
    NotFound { path: PathBuf },
    #[error("cannot read the config file {}: {source}", shown_path(path))]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {message}", shown_path(path))]
    Syntax { path: PathBuf, message: String },
    #[error("{}: unknown setting {}{}; the settings are {}", shown_path(path), quoted(key), suggestion(key), KEYS.join(", "))]
    UnknownKey { path: PathBuf, key: String },
    #[error(
        "{}: {key} must be a string in quotes, e.g. {key} = \"{example}\"",
        shown_path(path)
    )]
    NotAString {
        path: PathBuf,
        key: &'static str,
        example: &'static str,
    },
    #[error("{}: {key} = {} is not one of {}", shown_path(path), quoted(value), expected.join(", "))]
    InvalidValue {
        path: PathBuf,
        key: &'static str,
        value: String,
        expected: Vec<String>,
    },
}

fn suggestion(key: &str) -> String {
    let found = suggest::closest(key, KEYS, 1);
    suggest::did_you_mean(&found)
        .map(|question| format!(" ({question})"))
        .unwrap_or_default()
}

/// Returns the names `format` accepts: every search output format.
pub fn format_names() -> Vec<String> {
    HitFormat::value_variants()
        .iter()
        .filter_map(|format| format.to_possible_value())
        .map(|value| value.get_name().to_string())
        .collect()
}

/// Returns where the configuration file is when neither `--config` nor
/// `COMMUNIQUE_CONFIG` names one; None without a platform configuration directory.
pub fn default_path() -> Option<PathBuf> {
    dirs::config_dir().map(|directory| directory.join("communique").join("config.toml"))
}

/// Reads the file at `path`. A missing file is `Ok(None)` unless `required`.
pub fn load(path: &Path, required: bool) -> Result<Option<ConfigFile>, ConfigError> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text, path).map(Some),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            if required {
                Err(ConfigError::NotFound {
                    path: path.to_path_buf(),
                })
            } else {
                Ok(None)
            }
        }
        Err(source) => Err(ConfigError::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Parses and validates the text of the file at `path`.
pub fn parse(text: &str, path: &Path) -> Result<ConfigFile, ConfigError> {
    let table: toml::Table =
        text.parse()
            .map_err(|error: toml::de::Error| ConfigError::Syntax {
                path: path.to_path_buf(),
                message: error.message().to_string(),
            })?;
    let mut config = ConfigFile::default();
    for (key, value) in &table {
        let key = match KEYS.iter().find(|known| *known == key) {
            Some(known) => *known,
            None => {
                return Err(ConfigError::UnknownKey {
                    path: path.to_path_buf(),
                    key: key.clone(),
                })
            }
        };
        let example = match key {
            "archive" => "~/archives/caucasus",
            "format" => "table",
            _ => "auto",
        };
        let text = value.as_str().ok_or_else(|| ConfigError::NotAString {
            path: path.to_path_buf(),
            key,
            example,
        })?;
        let invalid = |expected: Vec<String>| ConfigError::InvalidValue {
            path: path.to_path_buf(),
            key,
            value: text.to_string(),
            expected,
        };
        match key {
            "archive" => {
                if text.trim().is_empty() {
                    return Err(invalid(vec!["a directory".into()]));
                }
                config.archive = Some(resolve_path(text, path));
            }
            "format" => {
                let names = format_names();
                if !names.iter().any(|name| name == text) {
                    return Err(invalid(names));
                }
                config.format = Some(text.to_string());
            }
            _ => {
                if !COLORS.contains(&text) {
                    return Err(invalid(COLORS.iter().map(|c| c.to_string()).collect()));
                }
                config.color = Some(text.to_string());
            }
        }
    }
    Ok(config)
}

/// Resolves `~/…` against the home directory and a relative path against the directory of
/// the configuration file, so that the file means the same from any working directory.
fn resolve_path(text: &str, config_path: &Path) -> PathBuf {
    let path = PathBuf::from(text);
    if let Some(expanded) = expand_home(&path) {
        return expanded;
    }
    match config_path.parent() {
        Some(directory) if path.is_relative() => normalize(&directory.join(path)),
        _ => path,
    }
}

/// `path` with a leading `~` read as the home directory, as a shell reads `~/…`; `None`
/// when it has none (or there is no home directory to put there).
pub fn expand_home(path: &Path) -> Option<PathBuf> {
    let rest = path.strip_prefix("~").ok()?;
    let home = dirs::home_dir()?;
    Some(match rest.as_os_str().is_empty() {
        true => home,
        false => home.join(rest),
    })
}

/// Removes `.` and `name/..` from a path without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !normal.pop() {
                    normal.push("..");
                }
            }
            other => normal.push(other),
        }
    }
    normal
}

/// Where a setting's value came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Origin {
    /// Built in.
    #[default]
    Default,
    /// A command-line flag.
    Flag(&'static str),
    /// An environment variable.
    Env(&'static str),
    /// The configuration file.
    File,
}

/// The settings in effect once flags, environment and the configuration file are combined,
/// with the origin of each. The archive and colour values themselves are in
/// [`crate::cli::GlobalArgs`]; the format applies per command, when its `--format` is not
/// given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// The configuration file consulted; None when there is no place for one.
    pub file: Option<PathBuf>,
    pub file_origin: Origin,
    /// Whether the file exists (and was read).
    pub file_found: bool,
    /// Why the file could not be used, when the command goes on without it.
    pub problem: Option<String>,
    pub archive_origin: Origin,
    pub color_origin: Origin,
    /// The default output format from the file.
    pub format: Option<String>,
}

impl Settings {
    /// Returns the configured format when it is one of `T`'s values, so a command whose
    /// formats do not include it (a timeline has no `cite`) keeps its own default.
    pub fn format<T: ValueEnum>(&self) -> Option<T> {
        self.format
            .as_deref()
            .and_then(|name| T::from_str(name, false).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Result<ConfigFile, String> {
        parse(text, Path::new("/etc/communique/config.toml")).map_err(|error| error.to_string())
    }

    #[test]
    fn reads_the_three_settings() {
        let config = check(
            "# mine\narchive = \"archives/caucasus\"\nformat = \"markdown\"\ncolor = \"never\"\n",
        )
        .unwrap();
        assert_eq!(
            config,
            ConfigFile {
                archive: Some(PathBuf::from("/etc/communique/archives/caucasus")),
                format: Some("markdown".into()),
                color: Some("never".into()),
            }
        );
        assert_eq!(check("").unwrap(), ConfigFile::default());
        assert_eq!(
            check("archive = \"/srv/a\"").unwrap().archive,
            Some(PathBuf::from("/srv/a"))
        );
        assert_eq!(
            check("archive = \"../../srv/./a\"").unwrap().archive,
            Some(PathBuf::from("/srv/a"))
        );
    }

    #[test]
    fn says_what_is_wrong_and_what_was_meant() {
        assert_eq!(
            check("colour = \"never\"").unwrap_err(),
            "/etc/communique/config.toml: unknown setting \"colour\" (did you mean \"color\"?); the settings are archive, format, color"
        );
        assert_eq!(
            check("color = \"sometimes\"").unwrap_err(),
            "/etc/communique/config.toml: color = \"sometimes\" is not one of auto, always, never"
        );
        assert_eq!(
            check("color = true").unwrap_err(),
            "/etc/communique/config.toml: color must be a string in quotes, e.g. color = \"auto\""
        );
        assert!(check("format = \"yaml\"")
            .unwrap_err()
            .contains("is not one of table, json, jsonl, csv, ids, markdown, cite"));
        assert!(check("archive = ")
            .unwrap_err()
            .starts_with("/etc/communique/config.toml: "));
    }

    #[test]
    fn a_format_applies_where_the_command_has_it() {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
        enum ChartFormat {
            Table,
            Csv,
        }
        let settings = |format: &str| Settings {
            format: Some(format.into()),
            ..Settings::default()
        };
        assert_eq!(
            settings("csv").format::<ChartFormat>(),
            Some(ChartFormat::Csv)
        );
        assert_eq!(settings("cite").format::<ChartFormat>(), None);
        assert_eq!(Settings::default().format::<ChartFormat>(), None);
    }
}
