//! `communique speakers`: who speaks in the archive, by which names, in which roles.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;

use crate::archive::Archive;
use crate::cli::GlobalArgs;
use crate::ingest::reference::read_speakers;
use crate::model::{PartialDate, RolePeriod, Speaker, SpeakerKind, SpeakerMention};
use crate::output::{clean, write_field, write_speakers, RecordFormat, Style};
use crate::quote::{excerpt, quoted};

use super::search::{parse_country, CountryArg};

use super::{
    archive_error, country_argument, now, open_archive, status, stdout_style, IfMissing, Outcome,
    UserError,
};

/// List and curate speakers: aliases, roles, merges.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
#[command(after_help = "Examples:
  communique speakers
  communique speakers aliyev --country AZ        # the speakers --speaker aliyev searches
  communique speakers show peskov
  communique speakers alias peskov \"Дмитрий Песков\" \"Dmitri Peskov\"
  communique speakers role peskov \"Kremlin spokesperson\" --from 2012-05-22
  communique speakers merge \"Dmitry Peskov\" \"D. Peskov\" \"Peskov D.\"
  communique speakers export > speakers.jsonl   # with `export`, a backup")]
pub struct Args {
    #[command(subcommand)]
    pub action: Option<Action>,
    #[command(flatten)]
    pub list: ListArgs,
}

/// Which speakers to list, and how.
#[derive(Debug, Clone, clap::Args)]
pub struct ListArgs {
    /// Only the speakers whose name or an alias has all these words, as `search
    /// --speaker` matches them, e.g. aliyev; `'"Ilham Aliyev"'` for that name exactly
    #[arg(value_name = "WORDS")]
    pub words: Vec<String>,
    /// Only the speakers of this country: ISO code or English name; `none` for those
    /// without one (repeat for OR)
    #[arg(long, value_name = "COUNTRY", value_parser = parse_country)]
    pub country: Vec<CountryArg>,
    /// Output format of the list
    #[arg(long, short = 'f', value_enum, default_value_t = RecordFormat::Table)]
    pub format: RecordFormat,
}

/// What to do with speakers.
#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// List speakers with their statement counts and dates (the default)
    List(ListArgs),
    /// Show one speaker: aliases, role history, statements
    Show {
        /// Id, name, alias, or words of one
        speaker: String,
        /// Output format
        #[arg(long, short = 'f', value_enum, default_value_t = RecordFormat::Table)]
        format: RecordFormat,
    },
    /// Add a speaker
    Add {
        /// Display name
        name: String,
        /// person or institution
        #[arg(long, default_value = "person")]
        kind: String,
        /// Country: ISO code or English name
        #[arg(long)]
        country: Option<String>,
        /// Other names, in any script (repeat)
        #[arg(long = "alias")]
        aliases: Vec<String>,
    },
    /// Add names a speaker goes by, in any script
    Alias {
        /// Id, name, alias, or words of one
        speaker: String,
        /// The names to add
        #[arg(required = true)]
        aliases: Vec<String>,
    },
    /// Record a role a speaker held, with when
    Role {
        /// Id, name, alias, or words of one
        speaker: String,
        /// The role, e.g. "Kremlin spokesperson"
        role: String,
        /// The organization the role belongs to
        #[arg(long = "org")]
        organization: Option<String>,
        /// The country the role belongs to
        #[arg(long)]
        country: Option<String>,
        /// First day held: 2012, 2012-05 or 2012-05-22
        #[arg(long, value_parser = parse_date)]
        from: Option<PartialDate>,
        /// Last day held; leave out while it is held
        #[arg(long, value_parser = parse_date)]
        to: Option<PartialDate>,
    },
    /// Merge records of one speaker: the others' statements, aliases and roles move to
    /// the first, nothing is lost
    Merge {
        /// The speaker to keep
        kept: String,
        /// The speakers to merge into it
        #[arg(required = true)]
        absorbed: Vec<String>,
    },
    /// Import speakers with aliases and roles from JSON Lines (as corpus/speakers.jsonl)
    Import {
        /// The file
        file: PathBuf,
    },
    /// Print every speaker with aliases and roles as JSON Lines, as `speakers import`
    /// reads them: with `export`, a whole backup of the archive
    Export,
}

impl ListArgs {
    /// The archive's speakers these arguments select, with their counts.
    fn select(&self, archive: &Archive) -> anyhow::Result<Vec<Speaker>> {
        let mut speakers = archive
            .speakers()
            .map_err(|error| archive_error(error, archive.directory()))?;
        if !self.words.is_empty() {
            let matching = archive
                .speakers_matching(&self.words.join(" "))
                .map_err(|error| archive_error(error, archive.directory()))?;
            speakers.retain(|speaker| matching.contains(&speaker.id));
        }
        if !self.country.is_empty() {
            speakers.retain(|speaker| {
                self.country.iter().any(|wanted| match wanted {
                    CountryArg::Code(code) => speaker.country.as_deref() == Some(code.as_str()),
                    CountryArg::Without => speaker.country.is_none(),
                })
            });
        }
        Ok(speakers)
    }

    /// When the words match no speaker at all, names the closest ones.
    fn report_unmatched_words(&self, archive: &Archive) {
        let words = self.words.join(" ");
        if words.trim().is_empty()
            || !archive
                .speakers_matching(&words)
                .is_ok_and(|found| found.is_empty())
        {
            return;
        }
        hint_no_speaker(archive, &words);
    }
}

/// Says that `words` match no speaker, naming the closest ones.
fn hint_no_speaker(archive: &Archive, words: &str) {
    // The names alone: every speaker with their dates and counts is ten times the time.
    let Ok(found) = archive.speakers_closest_to(words, 3) else {
        return;
    };
    eprintln!(
        "hint: no speaker matches {}; {}",
        clean(&quoted(words).to_string()),
        clean(&crate::suggest::speakers_advice(&found))
    );
}

/// Runs `speakers`.
pub fn run(global: &GlobalArgs, args: Args) -> anyhow::Result<Outcome> {
    match args.action.unwrap_or(Action::List(args.list)) {
        Action::List(list) => {
            let archive = open_archive(global, IfMissing::Fail)?;
            let speakers = list.select(&archive)?;
            // As `search`: a list asked to match and matching nobody is "nothing found",
            // and a table of nobody is no table.
            let filtered = !list.words.is_empty() || !list.country.is_empty();
            let nothing_found = speakers.is_empty() && filtered;
            let mut stdout = super::stdout_for(list.format == RecordFormat::Csv);
            if !(nothing_found && list.format == RecordFormat::Table) {
                write_speakers(&mut stdout, &speakers, list.format, stdout_style(global))?;
            }
            stdout.flush()?;
            if nothing_found && !global.quiet {
                list.report_unmatched_words(&archive);
            }
            Ok(match nothing_found {
                true => Outcome::NothingFound,
                false => Outcome::Success,
            })
        }
        Action::Show { speaker, format } => {
            let archive = open_archive(global, IfMissing::Fail)?;
            // A lookup that finds nothing exits 1, as `show` of an unknown id does;
            // changing a speaker that is not there is an error (2).
            let found = archive
                .find_speakers(&speaker)
                .map_err(|error| archive_error(error, archive.directory()))?;
            if found.is_empty() {
                hint_no_speaker(&archive, &speaker);
                return Ok(Outcome::NothingFound);
            }
            let speaker = one_of(found, &speaker)?;
            let mut stdout = super::stdout_for(format == RecordFormat::Csv);
            write_speaker(&mut stdout, &speaker, format, stdout_style(global))?;
            stdout.flush()?;
            Ok(Outcome::Success)
        }
        Action::Add {
            name,
            kind,
            country,
            aliases,
        } => {
            let kind = SpeakerKind::parse(&kind).ok_or_else(|| {
                UserError::with_hint(
                    format!(
                        "--kind: expected person or institution, found {}",
                        quoted(&kind)
                    ),
                    "e.g. --kind institution",
                )
            })?;
            let mention = SpeakerMention {
                name,
                kind: Some(kind),
                role: None,
                organization: None,
                country: country_argument(country)?,
            };
            let mut archive = open_archive(global, IfMissing::Create)?;
            let id = archive
                .add_speaker(&mention, &aliases, &[])
                .map_err(|error| archive_error(error, archive.directory()))?;
            println!("{id}");
            Ok(Outcome::Success)
        }
        Action::Alias { speaker, aliases } => {
            let mut archive = open_archive(global, IfMissing::Fail)?;
            let found = one_speaker(&archive, &speaker)?;
            let added = archive
                .add_aliases(found.id, &aliases)
                .map_err(|error| archive_error(error, archive.directory()))?;
            status(
                global,
                &clean(&format!("{}: {added} new alias(es)", excerpt(&found.name))),
            );
            Ok(Outcome::Success)
        }
        Action::Role {
            speaker,
            role,
            organization,
            country,
            from,
            to,
        } => {
            if let (Some(from), Some(to)) = (from, to) {
                if from.first_day() > to.last_day() {
                    return Err(UserError::with_hint(
                        format!("--from {from} is after --to {to}"),
                        "swap the two dates",
                    )
                    .into());
                }
            }
            let mut archive = open_archive(global, IfMissing::Fail)?;
            let found = one_speaker(&archive, &speaker)?;
            let period = RolePeriod {
                role,
                organization,
                country: country_argument(country)?.or(found.country.clone()),
                from,
                to,
            };
            let added = archive
                .add_role(found.id, &period)
                .map_err(|error| archive_error(error, archive.directory()))?;
            // Which of two roles a statement dated in both takes is the archive's rule,
            // not the user's intent: say so, as a correction of dates is most often meant
            // to replace the period recorded before.
            let overlapping: Vec<&RolePeriod> = found
                .roles
                .iter()
                .filter(|known| added && known.overlaps(&period))
                .collect();
            status(
                global,
                &clean(&format!(
                    "{}: role {} {}",
                    excerpt(&found.name),
                    quoted(&period.role),
                    if added {
                        "recorded"
                    } else {
                        "was recorded already, with these dates: nothing changed"
                    }
                )),
            );
            for known in overlapping {
                status(
                    global,
                    &clean(&format!(
                        "note: it overlaps the role {} recorded for {}: a statement dated in both takes the one that started last",
                        quoted(&known.role),
                        period_text(known).trim_end()
                    )),
                );
            }
            Ok(Outcome::Success)
        }
        Action::Merge { kept, absorbed } => {
            let mut archive = open_archive(global, IfMissing::Fail)?;
            let kept = one_speaker(&archive, &kept)?;
            let mut merged: Vec<Speaker> = Vec::with_capacity(absorbed.len());
            for reference in &absorbed {
                let speaker = one_speaker(&archive, reference)?;
                if speaker.id == kept.id || merged.iter().any(|other| other.id == speaker.id) {
                    return Err(UserError::with_hint(
                        format!(
                            "{} names {} (#{}) twice",
                            quoted(reference),
                            excerpt(&speaker.name),
                            speaker.id
                        ),
                        "name each speaker once; nothing was merged",
                    )
                    .into());
                }
                merged.push(speaker);
            }
            let ids: Vec<_> = merged.iter().map(|speaker| speaker.id).collect();
            let merge = archive
                .merge_speakers(kept.id, &ids, &now())
                .map_err(|error| archive_error(error, archive.directory()))?;
            let moved = merge.moved;
            let names: Vec<String> = merged
                .iter()
                .map(|speaker| format!("{} (#{})", excerpt(&speaker.name), speaker.id))
                .collect();
            let their = match merged.len() {
                1 => "its",
                _ => "their",
            };
            status(
                global,
                &clean(&format!(
                    "merged {} into {} (#{}): {moved} statement(s), {their} aliases and roles moved",
                    names.join(", "),
                    excerpt(&kept.name),
                    kept.id
                )),
            );
            if !merge.alike.is_empty() {
                // Ingest would have stored each pair once; the merge keeps both, for the
                // curator to judge (two outlets' reports of one statement, or one twice).
                const LISTED: usize = 5;
                let pairs: Vec<String> = merge
                    .alike
                    .iter()
                    .take(LISTED)
                    .map(|(moved, earlier)| format!("{} repeats {}", moved.0, earlier.0))
                    .collect();
                let more = match merge.alike.len().saturating_sub(LISTED) {
                    0 => String::new(),
                    more => format!(" … and {more} more"),
                };
                status(
                    global,
                    &format!(
                        "{} moved statement(s) now have the speaker, date and text of another: {}{more} (`communique delete ID` removes a repeat; a plain export, ingested again, stores one of each pair; `export --with-history` keeps both)",
                        merge.alike.len(),
                        pairs.join(", ")
                    ),
                );
            }
            Ok(Outcome::Success)
        }
        Action::Export => {
            let archive = open_archive(global, IfMissing::Fail)?;
            let speakers = archive
                .speakers()
                .map_err(|error| archive_error(error, archive.directory()))?;
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            for speaker in &speakers {
                crate::output::write_json(&mut stdout, &speaker_record(speaker), false)?;
                writeln!(stdout)?;
            }
            stdout.flush()?;
            Ok(Outcome::Success)
        }
        Action::Import { file } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let records =
                read_speakers(&file.display().to_string(), &text).map_err(|problems| {
                    let lines: Vec<String> = problems
                        .iter()
                        .map(|problem| clean(&problem.to_string()).into_owned())
                        .collect();
                    UserError::with_hint(
                        format!("{}\nnothing was imported", lines.join("\n")),
                        "fix the records and import again",
                    )
                })?;
            let mut archive = open_archive(global, IfMissing::Create)?;
            let (created, updated) = archive
                .import_speakers(&records)
                .map_err(|error| archive_error(error, archive.directory()))?;
            status(
                global,
                &format!("{created} speaker(s) created, {updated} updated"),
            );
            Ok(Outcome::Success)
        }
    }
}

/// A speaker as `speakers import` reads one (corpus/speakers.jsonl): what the archive
/// knows of them besides their statements.
fn speaker_record(speaker: &Speaker) -> serde_json::Value {
    serde_json::json!({
        "name": speaker.name,
        "kind": speaker.kind,
        "role": speaker.role,
        "organization": speaker.organization,
        "country": speaker.country,
        "aliases": speaker.aliases,
        "roles": speaker.roles,
    })
}

/// Resolves a reference to exactly one speaker, or explains why it cannot.
fn one_speaker(archive: &Archive, reference: &str) -> anyhow::Result<Speaker> {
    let found = archive
        .find_speakers(reference)
        .map_err(|error| archive_error(error, archive.directory()))?;
    one_of(found, reference)
}

/// The one speaker of those `reference` found, or why there is not one.
fn one_of(mut found: Vec<Speaker>, reference: &str) -> anyhow::Result<Speaker> {
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(UserError::with_hint(
            format!("no speaker matches {}", quoted(reference)),
            "`communique speakers` lists them",
        )
        .into()),
        _ => {
            let names: Vec<String> = found
                .iter()
                .map(|speaker| format!("#{} {}", speaker.id, excerpt(&speaker.name)))
                .collect();
            Err(UserError::with_hint(
                clean(&format!(
                    "{} matches {} speakers: {}",
                    quoted(reference),
                    found.len(),
                    names.join(", ")
                ))
                .into_owned(),
                "name one by its id or full name",
            )
            .into())
        }
    }
}

fn write_speaker(
    out: &mut dyn Write,
    speaker: &Speaker,
    format: RecordFormat,
    style: Style,
) -> std::io::Result<()> {
    match format {
        RecordFormat::Json => {
            crate::output::write_json(&mut *out, speaker, true)?;
            writeln!(out)
        }
        RecordFormat::Jsonl => {
            crate::output::write_json(&mut *out, speaker, false)?;
            writeln!(out)
        }
        // The row `speakers --format csv` has for the speaker.
        RecordFormat::Csv => {
            write_speakers(out, std::slice::from_ref(speaker), RecordFormat::Csv, style)
        }
        RecordFormat::Table => {
            let optional = |value: &Option<String>| {
                value.as_deref().map(clean).unwrap_or_default().into_owned()
            };
            write_field(out, "id", &speaker.id.to_string(), style)?;
            write_field(out, "name", &clean(&speaker.name), style)?;
            write_field(out, "kind", speaker.kind.as_str(), style)?;
            write_field(out, "country", &optional(&speaker.country), style)?;
            write_field(out, "role", &optional(&speaker.role), style)?;
            write_field(out, "organization", &optional(&speaker.organization), style)?;
            let dates = match (speaker.first_date, speaker.last_date) {
                (Some(first), Some(last)) => format!(", {first} to {last}"),
                _ => String::new(),
            };
            let statements = format!("{}{dates}", speaker.statements);
            write_field(out, "statements", &statements, style)?;
            write_field(out, "aliases", &clean(&speaker.aliases.join(", ")), style)?;
            if !speaker.roles.is_empty() {
                writeln!(out, "{:>12}", "roles")?;
                for role in &speaker.roles {
                    let organization = role
                        .organization
                        .as_deref()
                        .map(|name| format!(", {}", clean(name)))
                        .unwrap_or_default();
                    let period =
                        format!("{}  {}{organization}", period_text(role), clean(&role.role));
                    write_field(out, "", &period, style)?;
                }
            }
            Ok(())
        }
    }
}

fn parse_date(input: &str) -> Result<PartialDate, String> {
    PartialDate::parse(input).map_err(|error| error.to_string())
}

/// A role's period as `speakers show` lists it: `2012-05-22 – ` while held, `? – 2008`
/// with an unknown start.
fn period_text(role: &RolePeriod) -> String {
    let from = role.from.map_or("?".to_string(), |date| date.to_string());
    let to = role.to.map_or(String::new(), |date| date.to_string());
    format!("{from} – {to}")
}
