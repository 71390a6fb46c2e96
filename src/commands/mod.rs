//! The subcommands, one file each: its `Args` and its `run`. The only code that talks to
//! the terminal: it reads the environment, prints status lines on stderr and data on stdout.

pub mod add;
pub mod check;
pub mod compact;
pub mod completions;
pub mod config;
pub mod delete;
pub mod edit;
pub mod export;
pub mod extract;
pub mod facets;
pub mod history;
pub mod ingest;
pub mod init;
pub mod interrupt;
pub mod man;
pub mod places;
pub(crate) mod progress;
pub mod reindex;
pub mod search;
pub mod show;
pub mod speakers;
pub mod stats;
pub mod timeline;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::archive::{Archive, ArchiveError, DATABASE_FILE};
use crate::cli::{Cli, ColorChoice, Command, GlobalArgs};
use crate::model::{
    statement_names, StatementId, StatementName, EXTERNAL_ID_PREFIX, NUMBER_PREFIX,
};
use crate::output::Style;
use crate::quote::{quoted, shell_path, shell_word, shown_path};

/// How a command ended when it did not fail: grep's convention for exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Something was found or done (exit 0).
    Success,
    /// The command ran but found nothing, or found a problem it reports (exit 1).
    NothingFound,
}

/// An error for the user, with an optional hint naming the command that fixes it.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct UserError {
    pub message: String,
    pub hint: Option<String>,
}

impl UserError {
    /// Returns an error with a hint.
    pub fn with_hint(message: impl Into<String>, hint: impl Into<String>) -> UserError {
        UserError {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let global = cli.global;
    match cli.command {
        Command::Init(args) => init::run(&global, args),
        Command::Ingest(args) => ingest::run(&global, args),
        Command::Search(args) => search::run(&global, args),
        Command::Show(args) => show::run(&global, args),
        Command::Speakers(args) => speakers::run(&global, args),
        Command::Places(args) => places::run(&global, args),
        Command::Export(args) => export::run(&global, args),
        Command::Extract(args) => extract::run(&global, args),
        Command::Stats(args) => stats::run(&global, args),
        Command::Check(args) => check::run(&global, args),
        Command::Reindex(args) => reindex::run(&global, args),
        Command::Compact(args) => compact::run(&global, args),
        Command::Add(args) => add::run(&global, args),
        Command::Edit(args) => edit::run(&global, args),
        Command::Delete(args) => delete::run_delete(&global, args),
        Command::Restore(args) => delete::run_restore(&global, args),
        Command::History(args) => history::run(&global, args),
        Command::Timeline(args) => timeline::run(&global, args),
        Command::Facets(args) => facets::run(&global, args),
        Command::Config(args) => config::run(&global, args),
        Command::Completions(args) => completions::run(&global, args),
        Command::Man(args) => man::run(&global, args),
    }
}

/// What a command needs of the archive when it does not exist yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IfMissing {
    /// Reading commands: an error, except for the default archive, which is created and
    /// loaded with the bundled corpus the first time.
    Fail,
    /// Writing commands: create an empty archive.
    Create,
}

/// Opens the archive the flags and environment name, creating it when that is right.
pub(crate) fn open_archive(global: &GlobalArgs, if_missing: IfMissing) -> anyhow::Result<Archive> {
    let (directory, is_default) = archive_directory(global)?;
    let exists = directory.join(DATABASE_FILE).exists();
    // The default archive is made on first use with the bundled statements in it.
    let bundled = !exists && is_default && if_missing == IfMissing::Fail;
    let mut archive = if bundled || (!exists && if_missing == IfMissing::Create) {
        let created = Archive::create_filled(&directory, |archive| match bundled {
            true => fill_with_bundled(global, archive),
            false => {
                status(
                    global,
                    &format!("created the archive at {}", directory.display()),
                );
                Ok(())
            }
        });
        match created {
            Ok(archive) => archive,
            Err(error) => match error.downcast::<ArchiveError>() {
                // Another process created it in the meantime: use theirs, once whole.
                Ok(ArchiveError::AlreadyExists(_)) => {
                    let opened = Archive::wait_for_creation(&directory)
                        .and_then(|()| Archive::open(&directory));
                    match opened {
                        // Its first write failed, and took the archive back: this command
                        // creates it.
                        Err(ArchiveError::NotFound(_)) => return open_archive(global, if_missing),
                        opened => opened.map_err(|error| archive_error(error, &directory))?,
                    }
                }
                Ok(error) => return Err(archive_error(error, &directory)),
                Err(error) => return Err(error),
            },
        }
    } else {
        if if_missing == IfMissing::Create {
            // A writer waits for a creation under way (another process's first ingest,
            // which takes the archive back if it fails): written to meanwhile, the files
            // this process opened could be removed under it, its writes lost.
            let waited = Archive::wait_for_creation(&directory);
            if !directory.join(DATABASE_FILE).exists() {
                return open_archive(global, if_missing);
            }
            waited.map_err(|error| archive_error(error, &directory))?;
        }
        Archive::open(&directory).map_err(|error| archive_error(error, &directory))?
    };
    for repair in archive.repairs() {
        status(global, repair);
    }
    report_warnings(&mut archive);
    Ok(archive)
}

/// Takes back the archive that `command` created (ingest, add, `speakers import`, `places
/// import`) when it failed before committing anything: an empty archive left behind would
/// make the next command behave as if one had been made. Only what the creation added is removed (see
/// [`Archive::discard_created`]); an archive that existed is left as it is. The error
/// then says so, or that the removal failed.
pub(crate) fn discard_new_archive(
    archive: Archive,
    command: &str,
    error: anyhow::Error,
) -> anyhow::Error {
    let shown = shown_path(archive.directory());
    let note = match archive.discard_created() {
        Ok(false) => return error,
        Ok(true) => format!("the archive created at {shown} for this {command} was removed"),
        Err(removal) => format!(
            "the archive created at {shown} for this {command} holds nothing, but removing it failed: {}",
            crate::output::clean(&removal.to_string())
        ),
    };
    with_note(error, &note)
}

/// Adds a line to the end of an error's message, keeping its kind: a user error keeps
/// its hint after it, an interrupt still ends the process as SIGINT would.
fn with_note(mut error: anyhow::Error, note: &str) -> anyhow::Error {
    if let Some(user) = error.downcast_mut::<UserError>() {
        user.message.push('\n');
        user.message.push_str(note);
        return error;
    }
    if let Some(interrupted) = error.downcast_mut::<interrupt::Interrupted>() {
        interrupted.left.push('\n');
        interrupted.left.push_str(note);
        return error;
    }
    UserError {
        message: format!("{error:#}\n{note}"),
        hint: None,
    }
    .into()
}

/// Loads the bundled statements into a new archive and says so.
pub(crate) fn fill_with_bundled(global: &GlobalArgs, archive: &mut Archive) -> anyhow::Result<()> {
    let added = load_bundled(archive)?;
    status(
        global,
        &format!(
            "created the archive at {} with the {added} bundled statements",
            archive.directory().display()
        ),
    );
    Ok(())
}

/// Loads the statements that ship inside the binary.
pub(crate) fn load_bundled(archive: &mut Archive) -> anyhow::Result<u64> {
    let speakers = crate::ingest::reference::read_speakers(
        "<bundled speakers>",
        crate::ingest::reference::BUNDLED_SPEAKERS,
    )
    .map_err(|problems| anyhow::anyhow!("the bundled speakers are invalid: {}", problems[0]))?;
    archive
        .import_speakers(&speakers, &now())
        .map_err(|error| archive_error(error, archive.directory()))?;
    let records = crate::ingest::read_bundled();
    let summary = archive
        .ingest(records, crate::archive::IngestOptions::default(), &now())
        .map_err(|error| archive_error(error, archive.directory()))?;
    Ok(summary.added)
}

/// Returns the archive directory and whether it is the default one.
pub(crate) fn archive_directory(global: &GlobalArgs) -> anyhow::Result<(PathBuf, bool)> {
    if let Some(directory) = &global.archive {
        return Ok((directory.clone(), false));
    }
    let data = dirs::data_dir().ok_or_else(|| {
        UserError::with_hint(
            "cannot find the platform data directory (is HOME set?)",
            "give the archive with --archive DIR or COMMUNIQUE_ARCHIVE",
        )
    })?;
    Ok((data.join("communique"), true))
}

/// Turns archive errors into messages with hints.
pub(crate) fn archive_error(error: ArchiveError, directory: &Path) -> anyhow::Error {
    // The directory in prose, and as a word of the commands the hints suggest: whole and
    // quoted for the shell; DIR when it is longer than any path that opens, which no
    // command could use.
    let shown = shown_path(directory);
    let word = shell_path(directory).unwrap_or_else(|| "DIR".to_string());
    match error {
        ArchiveError::NotFound(_) => UserError::with_hint(
            format!("no archive at {shown}"),
            format!("create one with `communique init {word}`, or ingest into it with `communique ingest FILE --archive {word}`"),
        )
        .into(),
        ArchiveError::NotAnArchiveDirectory(_) if interrupted_creation(directory) => {
            UserError::with_hint(
                format!("creating the archive at {shown} did not finish (it was interrupted, or is still going on): it has no {DATABASE_FILE} yet, only {DATABASE_FILE}.creating…"),
                format!("run `communique init {word}`, or the ingest again, which finishes creating it"),
            )
            .into()
        }
        ArchiveError::NotAnArchiveDirectory(_) => UserError::with_hint(
            format!("{shown} is not a communique archive (it has no {DATABASE_FILE})"),
            "give an archive directory, or an empty or new directory to create one",
        )
        .into(),
        ArchiveError::NotADirectory(_) | ArchiveError::BrokenLink(_) => UserError::with_hint(
            error.to_string(),
            "give an archive directory, or an empty or new directory to create one",
        )
        .into(),
        ArchiveError::DatabaseInTheWay { ref path, .. } => {
            let mut old = path.clone().into_os_string();
            old.push(".old");
            let mv = crate::quote::command_line(&[std::ffi::OsStr::new("mv"), path.as_os_str(), &old])
                .unwrap_or_else(|| "mv FILE FILE.old".to_string());
            UserError::with_hint(
                error.to_string(),
                format!(
                    "move it out of the way (`{mv}`); `communique init {word}` then creates the archive"
                ),
            )
            .into()
        }
        // A statement's state, not the database file's: no path in front of it.
        ArchiveError::Store {
            source: source @ crate::store::StoreError::Deleted(id),
            ..
        } => UserError::with_hint(
            source.to_string(),
            format!("`communique restore {id} --reason …` brings it back"),
        )
        .into(),
        // `edit --set speaker=NAME` of a name several countries' speakers have.
        ArchiveError::Store {
            source: source @ crate::store::StoreError::AmbiguousSpeaker { .. },
            ..
        } => UserError::with_hint(
            crate::output::clean(&source.to_string()),
            "give the country with the name: --set speaker=NAME --set country=CODE",
        )
        .into(),
        ArchiveError::Store {
            source: source @ crate::store::StoreError::NotDeleted(id),
            ..
        } => UserError::with_hint(
            source.to_string(),
            format!("`communique show {id}` shows it"),
        )
        .into(),
        ArchiveError::Busy => UserError::with_hint(error.to_string(), "wait for the command writing to it (an ingest, a reindex, a compact, an edit) to finish, or end the other program's open query, then run this one again").into(),
        ArchiveError::HeldByReader { .. } => UserError::with_hint(error.to_string(), "end that program's open transaction (in sqlite3: COMMIT, or quit it), then run this one again").into(),
        ArchiveError::ReadOnly(_) => UserError::with_hint(
            error.to_string(),
            format!("ask whoever may write it to make the change, or copy it somewhere you may (`cp -r {word} COPY`) and change the copy"),
        )
        .into(),
        // The commands that catch Ctrl-C say more precisely what is kept.
        ArchiveError::Interrupted => interrupt::Interrupted {
            left: "nothing was written".into(),
        }
        .into(),
        ArchiveError::Rejected(records) => {
            let mut message = String::new();
            for record in records.iter().take(20) {
                message.push_str(&crate::output::clean(&record.to_string()));
                message.push('\n');
            }
            if records.len() > 20 {
                message.push_str(&format!("… and {} more\n", records.len() - 20));
            }
            // A problem of the whole input (line 0: a `--map` key no record has) is not
            // a record: a file of one record was "2 invalid records".
            if records.iter().any(|record| record.counts_as_record()) {
                message.push_str(&format!(
                    "{}; nothing was written",
                    crate::archive::invalid_records(&records)
                ));
            } else {
                message.push_str("the input was rejected; nothing was written");
            }
            let hint = if records.iter().any(|record| record.line == 0) {
                "name in --map FIELD=KEY a key the records have, and fix the records"
            } else if records.iter().any(|record| record.needs_a_country()) {
                "give each record the country of its speaker (a country field; --set country=CODE gives one to every record without), or use --skip-invalid to store the valid ones and report the rest"
            } else {
                "fix the records, or use --skip-invalid to store the valid ones and report the rest"
            };
            UserError::with_hint(message, hint).into()
        }
        other => anyhow::Error::new(other),
    }
}

/// Says when the statement `id`, just edited or restored, has the speaker, date and text
/// of another live statement: `add` refuses such a statement and ingest stores it once,
/// while an edit or a restore keeps both, for the curator to judge.
pub(crate) fn report_repeat(
    global: &GlobalArgs,
    archive: &crate::archive::Archive,
    id: crate::model::StatementId,
) -> anyhow::Result<()> {
    let repeated = archive
        .statement_repeated_by(id)
        .map_err(|error| archive_error(error, archive.directory()))?;
    if let Some(other) = repeated {
        status(
            global,
            &format!(
                "statement {id} now has the speaker, date and text of statement {other} (`communique delete {id}` if it is a repeat; a plain export, ingested again, stores one of the two; `export --with-history` keeps both)"
            ),
        );
    }
    Ok(())
}

/// Returns true when `directory` holds what a killed creation of an archive leaves: the
/// database being built (`archive.sqlite3.creating…`), never renamed into place. Such a
/// directory is not someone else's: `init` or an ingest removes those files and finishes.
fn interrupted_creation(directory: &Path) -> bool {
    let prefix = format!("{DATABASE_FILE}.creating");
    std::fs::read_dir(directory).is_ok_and(|entries| {
        entries.flatten().any(|entry| {
            entry
                .file_name()
                .to_str()
                .is_some_and(|name| name.starts_with(&prefix))
        })
    })
}

/// Returns the statement a command's ID argument names: the number `search` prints, or
/// the external id the statement was ingested with (users cite their own ids); `#N` is
/// the number alone, `id:VALUE` the external id alone. An argument that names two
/// statements (the number of one, the external id of another) is an error (exit 2)
/// naming both and the forms that tell them apart: no command, least of all one that
/// changes the archive, guesses which was meant.
pub(crate) fn find_statement(
    archive: &Archive,
    reference: &str,
) -> anyhow::Result<Option<StatementId>> {
    let reference = reference.trim();
    let found = statements_named(archive, reference)?;
    match found.as_slice() {
        [] => Ok(None),
        [(_, id)] => Ok(Some(*id)),
        _ => Err(ambiguous_statement(archive, reference, &found)?.into()),
    }
}

/// The statement references of the command line, `-` read from stdin: one per line, as
/// `search --format ids` prints them (an id given at ingest may hold spaces).
pub(crate) fn statement_references(arguments: &[String]) -> anyhow::Result<Vec<String>> {
    let mut references = Vec::with_capacity(arguments.len());
    let mut stdin_read = false;
    for argument in arguments {
        if argument != "-" {
            references.push(argument.clone());
            continue;
        }
        if std::mem::replace(&mut stdin_read, true) {
            continue;
        }
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(|error| {
            UserError::with_hint(
                format!("reading statement ids from stdin: {error}"),
                "give ids as UTF-8 text, one per line, as `search --format ids` prints them",
            )
        })?;
        references.extend(
            text.lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .map(str::to_string),
        );
    }
    Ok(references)
}

/// The statements `references` name, each once, in their order: every one is found
/// before anything is written, so that one unknown id changes nothing.
pub(crate) fn find_statements(
    archive: &Archive,
    references: &[String],
) -> anyhow::Result<Vec<StatementId>> {
    let mut ids = Vec::with_capacity(references.len());
    let mut seen = std::collections::HashSet::with_capacity(references.len());
    for reference in references {
        let id = find_statement(archive, reference)?
            .ok_or_else(|| no_such_statement_error(reference))?;
        if seen.insert(id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// Returns the statements the readings of `reference` find, each with the first reading
/// that finds it.
fn statements_named(
    archive: &Archive,
    reference: &str,
) -> anyhow::Result<Vec<(StatementName, StatementId)>> {
    archive
        .statements_named(&statement_names(reference))
        .map_err(|error| archive_error(error, archive.directory()))
}

/// The error of an argument that names several statements, with the hint of the forms
/// that name each of them alone: first the one of the reading that found it.
fn ambiguous_statement(
    archive: &Archive,
    reference: &str,
    found: &[(StatementName, StatementId)],
) -> anyhow::Result<UserError> {
    let readings: Vec<String> = found
        .iter()
        .map(|(name, id)| match name {
            StatementName::Number(_) => format!("statement {id} by its number"),
            StatementName::ExternalId(external_id) if external_id == reference => {
                format!("statement {id} by its external id")
            }
            StatementName::ExternalId(external_id) => {
                format!("statement {id} by its external id {}", quoted(external_id))
            }
        })
        .collect();
    let number_form = |id: StatementId| (format!("{NUMBER_PREFIX}{id}"), "its number");
    let external_form = |external_id: &str| {
        (
            format!("{EXTERNAL_ID_PREFIX}{external_id}"),
            "its external id",
        )
    };
    let mut forms = Vec::new();
    for (name, id) in found {
        let external_id = archive
            .statement(*id)
            .map_err(|error| archive_error(error, archive.directory()))?
            .and_then(|statement| statement.external_id);
        let mut candidates = vec![number_form(*id)];
        candidates.extend(external_id.as_deref().map(external_form));
        if matches!(name, StatementName::ExternalId(_)) {
            candidates.reverse();
        }
        for (candidate, what) in candidates {
            // A form names the statement alone when no other reading of it finds another.
            let named = statements_named(archive, &candidate)?;
            if matches!(named.as_slice(), [(_, only)] if only == id) {
                forms.push(format!(
                    "`{}` is statement {id} ({what})",
                    shell_word(&candidate)
                ));
                break;
            }
        }
    }
    let count = match found.len() {
        2 => "two".to_string(),
        count => count.to_string(),
    };
    Ok(UserError::with_hint(
        format!(
            "{} names {count} statements: {}",
            quoted(&crate::output::clean(reference)),
            readings.join(", ")
        ),
        match forms.is_empty() {
            false => format!("say which: {}", forms.join(", ")),
            true => format!("say which: {FORMS}"),
        },
    ))
}

/// How an argument names a statement alone, for hints.
const FORMS: &str = "'#N' is the number N alone, id:VALUE the external id VALUE alone";

/// Says that no statement has `reference` as its id or its external id.
pub(crate) fn no_such_statement(reference: &str) -> String {
    let reference = reference.trim();
    let shown = |value: &str| quoted(&crate::output::clean(value)).to_string();
    match statement_names(reference).as_slice() {
        [StatementName::Number(number), _] if reference.starts_with(NUMBER_PREFIX) => {
            format!("no statement with id {number}")
        }
        [StatementName::Number(number), _] => {
            format!(
                "no statement with id {number} or external id {}",
                shown(reference)
            )
        }
        [StatementName::ExternalId(external_id), _] => {
            format!("no statement with external id {}", shown(external_id))
        }
        _ => format!("no statement with id or external id {}", shown(reference)),
    }
}

/// The error of a command that changes a statement no one has: exit 2, with a hint.
pub(crate) fn no_such_statement_error(reference: &str) -> anyhow::Error {
    UserError::with_hint(
        no_such_statement(reference),
        format!(
            "give the id `search` prints, or the `id` the statement was ingested with: {FORMS}"
        ),
    )
    .into()
}

/// Reads a country given as a flag value: ISO code or English name, as alpha-2.
pub(crate) fn country_argument(name: Option<String>) -> anyhow::Result<Option<String>> {
    name.map(|name| {
        crate::country::lookup(&name)
            .map(|found| found.alpha2.to_string())
            .ok_or_else(|| {
                let advice = crate::country::advice(&name);
                UserError::with_hint(
                    format!("unknown country {}", quoted(&name)),
                    match crate::country::did_you_mean(&name) {
                        Some(question) => format!("{question} ({advice})"),
                        None => advice,
                    },
                )
                .into()
            })
    })
    .transpose()
}

/// Prints what the archive's last writes want known although they succeeded.
pub(crate) fn report_warnings(archive: &mut Archive) {
    for message in archive.take_warnings() {
        warning(&format!("warning: {message}"));
    }
}

/// Prints a status line on stderr unless `--quiet`.
pub(crate) fn status(global: &GlobalArgs, message: &str) {
    if !global.quiet {
        eprintln!("communique: {message}");
    }
}

/// Prints a warning on stderr, even under `--quiet`: data that was not written (a record
/// not applied, an index not brought up to date) is no status, and a scheduled
/// `ingest -q` must not hide it, as `cargo -q` and `rg -q` still print their warnings.
pub(crate) fn warning(message: &str) {
    eprintln!("communique: {message}");
}

/// Returns a `--reason` trimmed, or a usage error when it says nothing: a history entry
/// without its why tells its readers nothing they can check.
pub(crate) fn checked_reason(reason: &str) -> anyhow::Result<&str> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(UserError::with_hint(
            "--reason cannot be empty",
            "say why, so that readers of the history know",
        )
        .into());
    }
    Ok(reason)
}

/// Returns the current time as stored in `ingested_at`.
pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Standard output, locked. For `data` (CSV, which carries the archive's text as it is)
/// on a terminal, through [`crate::output::TerminalSafe`], so that the text cannot drive
/// the terminal; to a file or a pipe, byte for byte, in blocks (as ripgrep does): line
/// by line, a page of hits was twenty-one system calls. Callers flush before writing to
/// stderr, so that the two keep their order in one file.
pub(crate) fn stdout_for(data: bool) -> Box<dyn Write> {
    let stdout = std::io::stdout();
    match (stdout.is_terminal(), data) {
        (true, true) => Box::new(crate::output::TerminalSafe::new(stdout.lock())),
        (true, false) => Box::new(stdout.lock()),
        (false, _) => Box::new(std::io::BufWriter::new(stdout.lock())),
    }
}

/// Whether NO_COLOR asks for no colour (set and not empty, as no-color.org says).
pub(crate) fn no_color_set() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty())
}

/// Whether TERM says the terminal draws no escape sequences (`dumb`: Emacs' shell, some
/// CI logs), where colour would print as `^[[1;31m`; ripgrep leaves it out there too.
pub(crate) fn dumb_terminal() -> bool {
    std::env::var_os("TERM").is_some_and(|term| term == "dumb")
}

/// Decides colour and width for stdout: colour by `--color` (or the config file), `auto`
/// meaning a terminal without NO_COLOR, nor TERM=dumb; the width from COLUMNS, else the terminal's, else
/// none (output to a file or a pipe is not cut).
pub(crate) fn stdout_style(global: &GlobalArgs) -> Style {
    let terminal = std::io::stdout().is_terminal();
    let color = match global.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && !no_color_set() && !dumb_terminal(),
    };
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|columns| columns.trim().parse::<usize>().ok())
        .filter(|&width| width > 0);
    let width = width.or_else(|| {
        terminal
            .then(|| terminal_size::terminal_size_of(std::io::stdout()))
            .flatten()
            .map(|(terminal_size::Width(width), _)| usize::from(width))
            .filter(|&width| width > 0)
    });
    Style {
        color,
        width,
        wrap: false,
        terminal,
    }
}
