//! `communique edit`: correct fields of a statement, with the reason kept in its history.

use crate::cli::GlobalArgs;
use crate::ingest::parse_edit;
use crate::label;
use crate::model::FieldValue;
use crate::output::clean;
use crate::quote::{excerpt, quoted};

use super::{
    archive_error, find_statements, now, open_archive, statement_references, status, IfMissing,
    Outcome, UserError,
};

/// Change fields of a statement, or of several alike, recording what, when and why.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Fields: text, speaker, date, kind, channel, language, title, role, organization,
source_outlet, source_url, source_published, tags (a;b; tags+=a adds a tag to those a statement
has, tags-=b takes one away), time (08:30, 08:30:00+04:00: the
time of day on the speaker's clock, with its offset from UTC). An empty value clears an optional
field. With speaker, --set country=XX picks between speakers of the same name. A role or
organization set or cleared here is the statement's own: a role recorded with `speakers
role` (or removed) no longer changes it.

Examples:
  communique edit 7 --set date=2024-02-12 --reason \"the statement was posted on Monday\"
  communique edit 9 --set speaker=\"Ministry of Defence of Azerbaijan\" --set country=AZ \\
      --reason \"misattributed: the Azerbaijani ministry made this claim\"
  communique edit id:A-7 --set title=Statement --reason \"…\"   # by your own id A-7 alone
  communique search --speaker \"Andrii Demchenko\" --lang en --format ids --limit all |
      communique edit - --set language=uk --reason \"scraped without a language\""
)]
pub struct Args {
    /// Statement id, as printed by search, or the external id given at ingest
    ///
    /// '#N' is the archive's number N alone (as `--format cite` prints it: "[communique
    /// #14]"; quoted, as a shell reads an unquoted # as a comment), id:VALUE the external
    /// id VALUE alone. A bare value that is the number of one statement and the external
    /// id of another names two statements, and is refused (exit 2) rather than guessed at.
    ///
    /// Several ids are changed alike in one write, all or none (`-` reads them from
    /// stdin, as `search --format ids` prints them).
    #[arg(value_name = "ID", required = true, num_args = 1..)]
    pub ids: Vec<String>,
    /// FIELD=VALUE to change (repeat for several)
    #[arg(long = "set", value_name = "FIELD=VALUE", required = true)]
    pub values: Vec<String>,
    /// Why: kept in the statement's history
    #[arg(long)]
    pub reason: String,
}

/// Runs `edit`. Exit 1 when nothing changed.
pub fn run(global: &GlobalArgs, args: Args) -> anyhow::Result<Outcome> {
    let mut assignments: Vec<(String, String)> = Vec::new();
    for value in &args.values {
        let (field, value) = value.split_once('=').ok_or_else(|| {
            UserError::with_hint(
                format!("--set expects FIELD=VALUE, found {}", quoted(value)),
                "e.g. --set date=2024-02-12",
            )
        })?;
        let field = field.trim().to_string();
        if let Some((_, earlier)) = assignments.iter().find(|(known, _)| known == &field) {
            // As ingest refuses it: which value was meant would be a guess.
            return Err(UserError::with_hint(
                format!(
                    "--set {}=… is given twice ({}, then {}); which one applies would be a guess",
                    excerpt(&field),
                    quoted(earlier),
                    quoted(value)
                ),
                "give each field once",
            )
            .into());
        }
        assignments.push((field, value.to_string()));
    }
    let country = assignments
        .iter()
        .find(|(field, _)| field == "country")
        .map(|(_, value)| value.clone());
    if country.is_some() && !assignments.iter().any(|(field, _)| field == "speaker") {
        return Err(UserError::with_hint(
            "country belongs to the speaker, not to the statement",
            "give --set speaker=NAME with it to attribute the statement to that country's speaker",
        )
        .into());
    }
    let fields: Vec<&str> = assignments
        .iter()
        .map(|(field, _)| field.as_str())
        .collect();
    if fields.contains(&"tags") && (fields.contains(&"tags+") || fields.contains(&"tags-")) {
        return Err(UserError::with_hint(
            "--set tags=… replaces the tags, which --set tags+=… and tags-=… change: give one or the other",
            "tags=a;b for exactly those, tags+=a to add one, tags-=b to take one away",
        )
        .into());
    }
    let mut values = Vec::with_capacity(assignments.len());
    let (mut added, mut removed) = (None, None);
    for (field, value) in &assignments {
        // `tags+=a` reads as the field `tags+`: its value is read as the tags'.
        let (read_as, change) = match field.as_str() {
            "country" => continue,
            "tags+" => ("tags", Some(&mut added)),
            "tags-" => ("tags", Some(&mut removed)),
            _ => (field.as_str(), None),
        };
        let read = parse_edit(read_as, value, country.as_deref()).map_err(|problem| {
            UserError::with_hint(
                format!("{}: {problem}", excerpt(field)),
                "see `communique edit --help`",
            )
        })?;
        match (change, read) {
            (Some(change), FieldValue::Tags(tags)) => *change = Some(tags),
            (_, read) => values.push(read),
        }
    }
    if added.is_some() || removed.is_some() {
        values.push(FieldValue::TagsChanged {
            added: added.unwrap_or_default(),
            removed: removed.unwrap_or_default(),
        });
    }
    if args.reason.trim().is_empty() {
        return Err(UserError::with_hint(
            "--reason cannot be empty",
            "say why, so that readers of the history know",
        )
        .into());
    }
    let references = statement_references(&args.ids)?;
    if references.is_empty() {
        status(global, "no statement ids on stdin: nothing changed");
        return Ok(Outcome::NothingFound);
    }
    let mut archive = open_archive(global, IfMissing::Fail)?;
    let ids = find_statements(&archive, &references)?;
    let changes = archive
        .edit_each(&ids, &values, args.reason.trim(), &now())
        .map_err(|error| archive_error(error, archive.directory()))?;
    super::report_warnings(&mut archive);
    for (&id, changes) in ids.iter().zip(&changes) {
        if changes.is_empty() && ids.len() == 1 {
            status(
                global,
                &format!("statement {id}: nothing changed (the values are already so)"),
            );
        }
        for change in changes {
            status(
                global,
                &clean(&format!(
                    "statement {id}: {} changed from {} to {}",
                    change.field.as_deref().unwrap_or(""),
                    // A value named "(none)" is quoted, as counts show it: not the lack of one.
                    excerpt(&label::shown(change.old_value.as_deref())),
                    excerpt(&label::shown(change.new_value.as_deref()))
                )),
            );
        }
    }
    let changed = changes.iter().filter(|changes| !changes.is_empty()).count();
    if ids.len() > 1 {
        status(
            global,
            &format!(
                "{changed} of {} statements changed; {} had the values already",
                ids.len(),
                ids.len() - changed
            ),
        );
    }
    for value in &values {
        if let FieldValue::Language(language) = value {
            if changed > 0 && !crate::language::is_known(language) {
                let subject = match ids.as_slice() {
                    [id] => format!("statement {id}: "),
                    _ => String::new(),
                };
                status(
                    global,
                    &clean(&format!(
                        "{subject}language {}: {}",
                        excerpt(language),
                        crate::language::unknown_note(language)
                    )),
                );
            }
        }
    }
    for (&id, changes) in ids.iter().zip(&changes) {
        let content_changed = changes
            .iter()
            .any(|change| matches!(change.field.as_deref(), Some("speaker" | "date" | "text")));
        if content_changed {
            super::report_repeat(global, &archive, id)?;
        }
    }
    Ok(match changed {
        0 => Outcome::NothingFound,
        _ => Outcome::Success,
    })
}
