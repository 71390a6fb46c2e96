//! `communique speakers`: who speaks in the archive, by which names, in which roles.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;

use crate::archive::Archive;
use crate::cli::GlobalArgs;
use crate::fold::fold;
use crate::ingest::reference::read_speakers;
use crate::model::{PartialDate, RolePeriod, Speaker, SpeakerKind, SpeakerMention};
use crate::output::{clean, write_field, write_speakers, RecordFormat, Style};
use crate::quote::{excerpt, plural, quoted, shell_word};

use super::search::{parse_country, CountryArg};

use super::{
    archive_error, checked_reason, country_argument, now, open_archive, status, stdout_style,
    IfMissing, Outcome, UserError,
};

/// List and curate speakers: aliases, roles, merges.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
#[command(
    after_help = "Exit status, as grep's: 0 when speakers are listed or shown, 1 when none is (in
an empty archive too), 2 on an error.

Examples:
  communique speakers
  communique speakers aliyev --country AZ        # the speakers --speaker aliyev searches
  communique speakers show peskov
  communique speakers alias peskov \"Дмитрий Песков\" \"Dmitri Peskov\"
  communique speakers role peskov \"Kremlin spokesperson\" --from 2012-05-22
  communique speakers role peskov \"Kremlin spokesprson\" --remove   # a role recorded by mistake
  communique speakers merge \"Dmitry Peskov\" \"D. Peskov\" \"Peskov D.\"
  communique speakers export > speakers.jsonl   # with `export --with-history`, a backup"
)]
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
    /// Record a role a speaker held, with when, or remove one (--remove)
    ///
    /// The speaker's statements that give no role of their own (nor had theirs cleared by
    /// `edit --set role=`) take the role on the dates it was held: a statement dated only to a month or a year takes it when it was held
    /// all that month or year. `--remove` forgets a recorded role: the statements that
    /// took it lose it (or take another role recorded for their date), those that gave it
    /// themselves keep it, and each change is in their history, with --reason if given.
    /// To correct a role's dates, remove it and record it again.
    #[command(after_help = "Examples:
  communique speakers role peskov \"Kremlin spokesperson\" --from 2012-05-22
  communique speakers role peskov \"Kremlin spokesprson\" --remove --reason \"a typo\"
  communique speakers role aliyev Minister --remove --from 2000 --to 2004   # recorded twice")]
    Role {
        /// Id, name, alias, or words of one
        speaker: String,
        /// The role, e.g. "Kremlin spokesperson"
        role: String,
        /// The organization the role belongs to (with --remove: of the role to forget,
        /// when the speaker has the role recorded more than once)
        #[arg(long = "org")]
        organization: Option<String>,
        /// The country the role belongs to (with --remove: as --org)
        #[arg(long)]
        country: Option<String>,
        /// First day held: 2012, 2012-05 or 2012-05-22 (with --remove: the first day
        /// recorded, `none` for a role recorded without one)
        #[arg(long, value_parser = parse_role_date)]
        from: Option<RoleDate>,
        /// Last day held; leave out while it is held (with --remove: the last day
        /// recorded, `none` for a role recorded without one)
        #[arg(long, value_parser = parse_role_date)]
        to: Option<RoleDate>,
        /// Forget the recorded role of this name; when it is recorded more than once,
        /// --from and --to (or --org, --country) name which
        #[arg(long)]
        remove: bool,
        /// With --remove: why, kept in the history of each statement that loses the role
        #[arg(long, requires = "remove")]
        reason: Option<String>,
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
        // The speakers the words match, read alone: not every speaker's dates for a few.
        let mut speakers = match self.words.is_empty() {
            true => archive.speakers(),
            false => archive
                .speakers_matching(&self.words.join(" "))
                .and_then(|matching| archive.speakers_with_ids(&matching)),
        }
        .map_err(|error| archive_error(error, archive.directory()))?;
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
            // As every listing: a list of nobody is "nothing found", 1, filtered or not
            // (an empty archive too), and a table of nobody is no table; JSON and CSV
            // still write their empty document.
            let nothing_found = speakers.is_empty();
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
                .add_speaker(&mention, &aliases, &[], &now())
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
                &clean(&format!(
                    "{}: {added} new {}",
                    excerpt(&found.name),
                    plural(added, "alias", "aliases")
                )),
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
            remove: true,
            reason,
        } => {
            let reason = reason.as_deref().map(checked_reason).transpose()?;
            let mut archive = open_archive(global, IfMissing::Fail)?;
            let found = one_speaker(&archive, &speaker)?;
            let wanted = WantedRole {
                role: &role,
                organization: organization.as_deref(),
                country: country_argument(country)?,
                from,
                to,
            };
            let period = wanted.recorded_for(&found, &speaker)?;
            let changed = archive
                .remove_role(found.id, &period, reason, &now())
                .map_err(|error| archive_error(error, archive.directory()))?
                .ok_or_else(|| {
                    // Another process removed it since the speaker was read.
                    UserError::with_hint(
                        clean(&format!(
                            "{} has no role {} recorded {} any more",
                            excerpt(&found.name),
                            quoted(&period.role),
                            period_text(&period).trim_end()
                        ))
                        .into_owned(),
                        format!(
                            "`communique speakers show {}` shows what is recorded",
                            shell_word(&speaker)
                        ),
                    )
                })?;
            status(
                global,
                &clean(&format!(
                    "{}: role {} ({}) removed; {changed} {} changed",
                    excerpt(&found.name),
                    quoted(&period.role),
                    period_text(&period).trim_end(),
                    plural(changed as usize, "statement", "statements")
                )),
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
            remove: false,
            reason: _,
        } => {
            let (from, to) = (from.and_then(RoleDate::date), to.and_then(RoleDate::date));
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
                .add_role(found.id, &period, &now())
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
                    "merged {} into {} (#{}): {moved} {}, {their} aliases and roles moved",
                    names.join(", "),
                    excerpt(&kept.name),
                    kept.id,
                    plural(moved, "statement", "statements")
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
                        "{} {} the speaker, date and text of another: {}{more} (`communique delete ID` removes a repeat; a plain export, ingested again, stores one of each pair; `export --with-history` keeps both)",
                        merge.alike.len(),
                        plural(
                            merge.alike.len(),
                            "moved statement now has",
                            "moved statements now have"
                        ),
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
                .with_context(|| format!("cannot read {}", crate::quote::shown_path(&file)))?;
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
            // Read whole, the file can still be refused by the archive (two records of
            // one speaker): an archive this import created is then taken back.
            let (created, updated) = match archive.import_speakers(&records, &now()) {
                Ok(counts) => counts,
                Err(error) => {
                    let error = archive_error(error, archive.directory());
                    return Err(super::discard_new_archive(archive, "import", error));
                }
            };
            archive.keep_created();
            status(
                global,
                &format!(
                    "{created} {} created, {updated} updated",
                    plural(created, "speaker", "speakers")
                ),
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

/// A date of `speakers role`: a day, a month or a year, or `none`, which names a role
/// recorded without that date (`--remove`; recording, it is the date left out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleDate {
    Date(PartialDate),
    None,
}

impl RoleDate {
    /// The date, if one was given.
    fn date(self) -> Option<PartialDate> {
        match self {
            RoleDate::Date(date) => Some(date),
            RoleDate::None => None,
        }
    }

    /// Whether a recorded date (None: not recorded) is this one.
    fn is(self, recorded: Option<PartialDate>) -> bool {
        self.date() == recorded
    }
}

fn parse_role_date(input: &str) -> Result<RoleDate, String> {
    if input.trim().eq_ignore_ascii_case("none") {
        return Ok(RoleDate::None);
    }
    PartialDate::parse(input)
        .map(RoleDate::Date)
        .map_err(|error| format!("{error}, or none"))
}

/// The recorded role `speakers role … --remove` names: a role's name and what else was
/// given to tell apart two records of it.
struct WantedRole<'a> {
    role: &'a str,
    organization: Option<&'a str>,
    country: Option<String>,
    from: Option<RoleDate>,
    to: Option<RoleDate>,
}

impl WantedRole<'_> {
    /// Returns the one role recorded for `speaker` that this names, or why there is not
    /// one: no role of that name (its closest names suggested), none with the dates (or
    /// organisation, country) given, or several, each listed with the command that
    /// removes it. The name is matched as written, else as `--role` reads words (case
    /// and diacritics aside); a role recorded twice alike (a merge can leave that) is one.
    fn recorded_for(&self, speaker: &Speaker, reference: &str) -> anyhow::Result<RolePeriod> {
        let name = excerpt(&speaker.name).to_string();
        let exact: Vec<&RolePeriod> = speaker
            .roles
            .iter()
            .filter(|known| known.role == self.role)
            .collect();
        let named = match exact.is_empty() {
            false => exact,
            true => speaker
                .roles
                .iter()
                .filter(|known| fold(&known.role) == fold(self.role))
                .collect(),
        };
        if named.is_empty() {
            let hint = match speaker.roles.is_empty() {
                true => format!(
                    "nothing to remove; `communique speakers role {} ROLE --from DATE` records one",
                    shell_word(reference)
                ),
                false => {
                    let mut names: Vec<&str> = speaker
                        .roles
                        .iter()
                        .map(|known| known.role.as_str())
                        .collect();
                    names.dedup();
                    let closest = crate::suggest::closest(self.role, names.iter().copied(), 3);
                    match crate::suggest::did_you_mean(&closest) {
                        Some(question) => question,
                        None => {
                            let listed: Vec<String> =
                                names.iter().map(|name| quoted(name).to_string()).collect();
                            format!("the roles recorded: {}", listed.join(", "))
                        }
                    }
                }
            };
            return Err(UserError::with_hint(
                clean(&format!(
                    "{name} has no role {} recorded",
                    quoted(self.role)
                ))
                .into_owned(),
                hint,
            )
            .into());
        }
        let mut chosen: Vec<&RolePeriod> = Vec::new();
        for known in named.iter().copied().filter(|known| {
            self.organization.is_none_or(|wanted| {
                known
                    .organization
                    .as_deref()
                    .is_some_and(|organization| fold(organization) == fold(wanted))
            }) && self
                .country
                .as_deref()
                .is_none_or(|wanted| known.country.as_deref() == Some(wanted))
                && self.from.is_none_or(|from| from.is(known.from))
                && self.to.is_none_or(|to| to.is(known.to))
        }) {
            if !chosen.contains(&known) {
                chosen.push(known);
            }
        }
        match chosen.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(UserError::with_hint(
                clean(&format!(
                    "{name} has no role {} recorded with {}",
                    quoted(self.role),
                    self.given_flags()
                ))
                .into_owned(),
                self.commands_removing(&named, reference),
            )
            .into()),
            several => Err(UserError::with_hint(
                clean(&format!(
                    "{name} has the role {} recorded {} times; name the one to remove",
                    quoted(self.role),
                    several.len()
                ))
                .into_owned(),
                self.commands_removing(several, reference),
            )
            .into()),
        }
    }

    /// The flags given to tell a record apart, as typed: `--from 2010 --to none`.
    fn given_flags(&self) -> String {
        let date = |date: RoleDate| match date {
            RoleDate::Date(date) => date.to_string(),
            RoleDate::None => "none".to_string(),
        };
        let mut flags = Vec::new();
        if let Some(from) = self.from {
            flags.push(format!("--from {}", date(from)));
        }
        if let Some(to) = self.to {
            flags.push(format!("--to {}", date(to)));
        }
        if let Some(organization) = self.organization {
            flags.push(format!("--org {}", shell_word(organization)));
        }
        if let Some(country) = &self.country {
            flags.push(format!("--country {country}"));
        }
        flags.join(" ")
    }

    /// A hint listing, for each of `candidates`, the command that removes it.
    fn commands_removing(&self, candidates: &[&RolePeriod], reference: &str) -> String {
        let mut lines =
            vec!["the records of it, each with the command that removes it:".to_string()];
        for candidate in candidates {
            let date = |date: Option<PartialDate>| {
                date.map_or("none".to_string(), |date| date.to_string())
            };
            let mut command = format!(
                "communique speakers role {} {} --remove --from {} --to {}",
                shell_word(reference),
                shell_word(&candidate.role),
                date(candidate.from),
                date(candidate.to)
            );
            // Two records of one period differ in their organisation or country.
            let twins: Vec<&RolePeriod> = candidates
                .iter()
                .copied()
                .filter(|other| {
                    other.from == candidate.from && other.to == candidate.to && other != candidate
                })
                .collect();
            if let Some(organization) = &candidate.organization {
                if twins
                    .iter()
                    .any(|twin| twin.organization != candidate.organization)
                {
                    command.push_str(&format!(" --org {}", shell_word(organization)));
                }
            }
            if let Some(country) = &candidate.country {
                if twins.iter().any(|twin| twin.country != candidate.country) {
                    command.push_str(&format!(" --country {country}"));
                }
            }
            lines.push(format!("  {command}"));
        }
        lines.join("\n")
    }
}

/// A role's period as `speakers show` lists it: `2012-05-22 – ` while held, `? – 2008`
/// with an unknown start.
fn period_text(role: &RolePeriod) -> String {
    let from = role.from.map_or("?".to_string(), |date| date.to_string());
    let to = role.to.map_or(String::new(), |date| date.to_string());
    format!("{from} – {to}")
}
