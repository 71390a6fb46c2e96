//! `communique add`: one statement by hand, with the same validation as `ingest`.

use std::io::{IsTerminal, Read};

use serde_json::{Map, Value};

use crate::archive::{ArchiveError, IngestOptions, LocatedStatement};
use crate::cli::GlobalArgs;
use crate::ingest::validate_fields;
use crate::quote::{excerpt, quoted};

use super::{archive_error, now, open_archive, status, IfMissing, Outcome, UserError};

/// Add one statement and print its id.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "The text comes from the argument, else from standard input, else from $EDITOR.

Exit status: 0 when the statement is added; 1 when nothing was added: a statement stored
already (deleted or corrected since too) is named on stderr and its id printed as a new
one's is, so that `id=$(communique add …)` holds it on every run; an id stored with other
content prints nothing. 2 on an error.

Examples:
  communique add --speaker \"Dmitry Peskov\" --country RU --date 2024-02-13 --kind quote \\
      \"We call on both sides to show restraint\"
  pbpaste | communique add --speaker \"Ministry of Defence of Armenia\" --country AM --date 2024-02-13"
)]
pub struct Args {
    /// The statement's text
    pub text: Option<String>,
    /// Who said it
    #[arg(long)]
    pub speaker: String,
    /// When: 2024, 2024-02 or 2024-02-13
    #[arg(long)]
    pub date: String,
    /// The speaker's role when speaking, e.g. "Kremlin spokesperson"
    #[arg(long)]
    pub role: Option<String>,
    /// The speaker's organization
    #[arg(long = "org")]
    pub organization: Option<String>,
    /// The speaker's country: ISO code or English name
    #[arg(long)]
    pub country: Option<String>,
    /// person or institution
    #[arg(long)]
    pub speaker_kind: Option<String>,
    /// statement, quote or paraphrase
    #[arg(long)]
    pub kind: Option<String>,
    /// Where it was said: telegram, statement, press-conference …
    #[arg(long)]
    pub channel: Option<String>,
    /// Language code
    #[arg(long = "lang")]
    pub language: Option<String>,
    /// Title
    #[arg(long)]
    pub title: Option<String>,
    /// The outlet that reported it
    #[arg(long)]
    pub source_outlet: Option<String>,
    /// The report's URL
    #[arg(long)]
    pub source_url: Option<String>,
    /// When the report was published
    #[arg(long)]
    pub source_published: Option<String>,
    /// Tags (repeat for several)
    #[arg(long)]
    pub tag: Vec<String>,
    /// Your own id for the statement
    #[arg(long)]
    pub id: Option<String>,
}

/// Runs `add`. Exit 1 when the statement was already in the archive.
pub fn run(global: &GlobalArgs, args: Args) -> anyhow::Result<Outcome> {
    let text = match args.text.clone() {
        Some(text) => text,
        None if !std::io::stdin().is_terminal() => {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text)?;
            text
        }
        None => text_from_editor()?,
    };
    let mut fields = Map::new();
    let mut put = |key: &str, value: Option<String>| {
        if let Some(value) = value {
            fields.insert(key.to_string(), Value::String(value));
        }
    };
    put("text", Some(text));
    put("speaker", Some(args.speaker));
    put("date", Some(args.date));
    put("role", args.role);
    put("organization", args.organization);
    put("country", args.country);
    put("speaker_kind", args.speaker_kind);
    put("kind", args.kind);
    put("channel", args.channel);
    put("language", args.language);
    put("title", args.title);
    put("source_outlet", args.source_outlet);
    put("source_url", args.source_url);
    put("source_published", args.source_published);
    put("id", args.id);
    if !args.tag.is_empty() {
        fields.insert(
            "tags".into(),
            Value::Array(args.tag.into_iter().map(Value::String).collect()),
        );
    }
    let statement = validate_fields(&fields).map_err(|(field, problem)| {
        UserError::with_hint(
            format!("{}: {problem}", excerpt(&field)),
            "see `communique add --help`",
        )
    })?;
    let date = statement.date;
    let mut archive = open_archive(global, IfMissing::Create)?;
    let located = LocatedStatement {
        file: "<add>".into(),
        line: 1,
        statement,
    };
    let summary = archive
        .ingest(
            std::iter::once(Ok(located)),
            IngestOptions::default(),
            &now(),
        )
        .map_err(|error| match error {
            // Ingest's hint names a record's fields and --skip-invalid; `add` takes
            // --country.
            ArchiveError::Rejected(records) if records.iter().any(|r| r.needs_a_country()) => {
                let problems: Vec<String> = records
                    .iter()
                    .map(|record| {
                        format!(
                            "{}: {}",
                            record.field.as_deref().unwrap_or("record"),
                            record.problem
                        )
                    })
                    .collect();
                UserError::with_hint(
                    crate::output::clean(&format!("{}; nothing was added", problems.join("\n"))),
                    "give the speaker's country with --country CODE",
                )
                .into()
            }
            error => archive_error(error, archive.directory()),
        });
    let summary = match summary {
        Ok(summary) => summary,
        Err(error) => return Err(super::discard_new_archive(archive, "add", error)),
    };
    archive.keep_created();
    super::report_warnings(&mut archive);
    match summary.added_ids.first() {
        Some(id) => {
            println!("{id}");
            // Most likely a typo (2042 for 2024), which a search by date would never find
            // where expected.
            if summary.future_dated > 0 {
                status(
                    global,
                    &format!("statement {id} is dated {date}, in the future (`communique edit {id} --set date=…` corrects it)"),
                );
            }
            if summary.ancient_dated > 0 {
                status(
                    global,
                    &format!(
                        "statement {id} is dated {date}, before {}: {} (`communique edit {id} --set date=…` corrects it)",
                        crate::archive::EARLIEST_PLAUSIBLE_YEAR,
                        crate::archive::other_calendar_note(date.year()),
                    ),
                );
            }
            if let Some((_, _, language)) = &summary.first_unknown_language {
                status(
                    global,
                    &crate::output::clean(&format!(
                        "statement {id} is in language {}: {} (`communique edit {id} --set language=…` corrects it)",
                        excerpt(language),
                        crate::language::unknown_note(language),
                    )),
                );
            }
            Ok(Outcome::Success)
        }
        None if !summary.different.is_empty() => {
            let different = &summary.different[0];
            status(
                global,
                &crate::output::clean(&format!(
                    "id {} is statement {}, stored with another {}; nothing was added (`communique edit {}` corrects it)",
                    quoted(&different.external_id),
                    different.statement,
                    different.fields.join(" and "),
                    different.statement
                )),
            );
            Ok(Outcome::NothingFound)
        }
        None if !summary.curated.is_empty() => {
            // The statement is there, deleted or corrected since: saying only "already
            // holds" sent users looking for a statement search cannot show.
            let id = summary.curated[0].statement;
            let deleted = archive
                .statement(id)
                .map_err(|error| archive_error(error, archive.directory()))?
                .is_some_and(|statement| statement.deleted.is_some());
            // The statement asked for is this one: a script's `id=$(communique add …)`
            // gets its id on every run (exit 1 still says that nothing was added).
            println!("{id}");
            let message = if deleted {
                format!("this statement is statement {id}, deleted; nothing was added (`communique restore {id}` brings it back, `communique show {id} --history` says why it went)")
            } else {
                format!("this statement is statement {id}, corrected since; nothing was added (`communique show {id} --history` shows the corrections)")
            };
            status(global, &message);
            Ok(Outcome::NothingFound)
        }
        None => {
            let message = match &summary.first_duplicate {
                Some((_, _, id)) => {
                    println!("{id}");
                    format!("this statement is statement {id}, stored already (same id, or same speaker, date and text); nothing was added (`communique show {id}`)")
                }
                None => "the archive already holds this statement (same id, or same speaker, date and text)".into(),
            };
            status(global, &message);
            Ok(Outcome::NothingFound)
        }
    }
}

/// Opens $VISUAL or $EDITOR on a template and returns what the user wrote.
fn text_from_editor() -> anyhow::Result<String> {
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".into());
    let file = tempfile::Builder::new()
        .prefix("communique-add-")
        .suffix(".txt")
        .tempfile()?;
    std::fs::write(
        file.path(),
        "\n# Write the statement above. Lines starting with # are ignored.\n",
    )?;
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file.path())
        .status()?;
    if !status.success() {
        return Err(UserError::with_hint(
            format!("the editor ({editor}) failed"),
            "give the text as an argument or on stdin",
        )
        .into());
    }
    let written = std::fs::read_to_string(file.path())?;
    let text: Vec<&str> = written
        .lines()
        .filter(|line| !line.starts_with('#'))
        .collect();
    Ok(text.join("\n").trim().to_string())
}
