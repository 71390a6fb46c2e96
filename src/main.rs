//! The `communique` binary: parse arguments, run, report errors, choose the exit code.

use std::process::ExitCode;

use clap::FromArgMatches;
use communique::cli::Cli;
use communique::commands::interrupt::{end_as_interrupted, Interrupted};
use communique::commands::{self, Outcome, UserError};
use communique::output::{clean, clean_keeping_lines};
use communique::quote::{excerpt, quoted};

fn main() -> ExitCode {
    communique::cli::tidy_flag_variables();
    let arguments: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let mut command = communique::cli::command_for(&arguments);
    let parsed = command.try_get_matches_from_mut(arguments.iter());
    let matches = parsed.unwrap_or_else(|error| {
        // `search fire -drill` is a query excluding a word, not a flag.
        let line = communique::cli::excluded_word_line(&command, &arguments, &error);
        let error = with_values_cut(error);
        if let Some((word, line)) = line {
            let _ = without_dash_dash_tip(error, &command).print();
            // A line with a pasted document in it is not shown: the rule alone.
            let line = line.map(|line| format!(": {}", clean(&line)));
            eprintln!(
                "  tip: to search for statements without {}, put the query after --{}",
                clean(&quoted(&word).to_string()),
                line.unwrap_or_default()
            );
            std::process::exit(2);
        }
        error.exit()
    });
    // The command tree (the command run with every flag and its help) would be freed one
    // allocation at a time: a tenth of clap's part of a search process, which exits
    // soon. The exit frees it at once.
    std::mem::forget(command);
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    match commands::config::configure(cli, &matches).and_then(commands::run) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::NothingFound) => ExitCode::from(1),
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => match error.downcast_ref::<Interrupted>() {
            // Ctrl-C: not an error of the command; it says what it leaves, then the
            // process ends as SIGINT would have ended it (130 if that fails).
            Some(interrupted) => {
                eprintln!(
                    "communique: {}",
                    clean_keeping_lines(&interrupted.to_string())
                );
                end_as_interrupted();
                ExitCode::from(130)
            }
            None => {
                report(&error);
                ExitCode::from(2)
            }
        },
    }
}

/// Returns clap's error with the values it quotes (an unknown flag or subcommand, a bad
/// value, and the tips that repeat them) cut as every other message cuts them: a pasted
/// document given as a value was printed whole, twice.
fn with_values_cut(mut error: clap::Error) -> clap::Error {
    use clap::error::{ContextKind, ContextValue};
    let mut cut = Vec::new();
    for kind in [
        ContextKind::InvalidArg,
        ContextKind::InvalidValue,
        ContextKind::InvalidSubcommand,
    ] {
        if let Some(ContextValue::String(value)) = error.get(kind) {
            let shown = excerpt(value).to_string();
            if shown != *value {
                cut.push((value.clone(), shown.clone()));
                error.insert(kind, ContextValue::String(shown));
            }
        }
    }
    if let Some(ContextValue::StyledStrs(tips)) = error.get(ContextKind::Suggested) {
        if !cut.is_empty() {
            let tips = tips
                .iter()
                .map(|tip| {
                    let mut text = tip.to_string();
                    for (value, shown) in &cut {
                        text = text.replace(value.as_str(), shown);
                    }
                    clap::builder::StyledStr::from(text)
                })
                .collect();
            error.insert(ContextKind::Suggested, ContextValue::StyledStrs(tips));
        }
    }
    error
}

/// Returns clap's error without its tip "to pass '-d' as a value, use '-- -d'", which
/// puts the one word after `--` and the rest of the query before it, where `-d` is still
/// read as a flag: our tip, printed after it, gives the whole line. clap can only add
/// context to an error, so the error is made again from the rest of it.
fn without_dash_dash_tip(error: clap::Error, command: &clap::Command) -> clap::Error {
    use clap::error::{ContextKind, ContextValue};
    let mut rebuilt = clap::Error::new(error.kind()).with_cmd(command);
    for (kind, value) in error.context() {
        let value = match (kind, value) {
            (ContextKind::Suggested, ContextValue::StyledStrs(tips)) => {
                let kept: Vec<_> = tips
                    .iter()
                    .filter(|tip| !tip.to_string().starts_with("to pass '"))
                    .cloned()
                    .collect();
                // An empty list would still print the blank line before the tips.
                if kept.is_empty() {
                    continue;
                }
                ContextValue::StyledStrs(kept)
            }
            _ => value.clone(),
        };
        rebuilt.insert(kind, value);
    }
    rebuilt
}

/// `communique search … | head` closes the pipe early; that is success, not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(io_is_broken_pipe)
            || cause
                .downcast_ref::<csv::Error>()
                .is_some_and(csv_is_broken_pipe)
    })
}

fn io_is_broken_pipe(io: &std::io::Error) -> bool {
    // The csv writer wraps its own errors, I/O included, in an io::Error of kind Other.
    io.kind() == std::io::ErrorKind::BrokenPipe
        || io
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<csv::Error>())
            .is_some_and(csv_is_broken_pipe)
}

fn csv_is_broken_pipe(error: &csv::Error) -> bool {
    matches!(error.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
}

/// Prints `error` and its causes on stderr. They may quote what the user gave (a file
/// name, a value) or what a file holds, so control characters are made visible first:
/// an error message must not be a way to drive the terminal.
fn report(error: &anyhow::Error) {
    let message = error.to_string();
    eprintln!("communique: error: {}", clean_keeping_lines(&message));
    // Our messages already include their cause's text; print only causes that add to it.
    let mut shown = message;
    for cause in error.chain().skip(1) {
        let text = cause.to_string();
        if !shown.contains(&text) {
            eprintln!("  caused by: {}", clean_keeping_lines(&text));
            shown.push_str(&text);
        }
    }
    if let Some(hint) = error
        .downcast_ref::<UserError>()
        .and_then(|user| user.hint.as_ref())
    {
        eprintln!("hint: {}", clean_keeping_lines(hint));
    }
}
