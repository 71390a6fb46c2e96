//! `communique search`: full text and filters, ranked, with snippets.
//!
//! Also home of [`FilterArgs`], the query and filter flags that `timeline` and `facets`
//! share with `search`, and of the one function that turns them into a [`SearchRequest`].

use std::borrow::Cow;
use std::ffi::OsStr;
use std::io::Write;

use clap::builder::{EnumValueParser, PossibleValue, TypedValueParser};

use crate::archive::{Archive, ArchiveError, SearchRequest, SearchSummary};
use crate::cli::GlobalArgs;
use crate::country;
use crate::fold::words_match;
use crate::index::{Dimension, DimensionValue, Ordering};
use crate::label::{self, Wanted};
use crate::model::{normalize_label, PartialDate, Period, StatementKind};
use crate::output::{clean, HitFormat, HitWriter};
use crate::query::{foreign_syntax, lowercase_operators, ForeignSyntax, Query};
use crate::quote::{excerpt, quoted, shell_word};
use crate::suggest;

use super::{archive_error, open_archive, status, stdout_style, IfMissing, Outcome, UserError};

/// The query syntax, shown by the help of every command that takes a query.
macro_rules! query_syntax {
    () => {
        "Query syntax:
  restraint provocation  both words (AND); provocation also finds provocative
  \"combat post\"          the words next to each other, in order
  «combat post»          the same in “…”, „…“, «…», ‘…’ or 「…」 quotes
  \"soldiers killed\"~2    the words with at most 2 others among them (Lucene's ~)
  Tovuz OR Gafan         either word (OR in capitals)
  -drill, NOT drill      exclude statements with the word (no space after -)
  fire OR calm -drill    an exclusion applies to every alternative
  cross-border           also crossborder, and crossborder finds cross-border
  cross border           both words, or crossborder if a statement writes it so
  provoc*                words starting with provoc
  \"combat po*\"          the phrase, its last word any starting with po
  克制                   also inside 双方保持克制 (Chinese, Japanese, Korean)
  克  克*                the character 克 anywhere, in 坦克 and 克制 too
  (Tovuz OR Gafan) fire  group with parentheses
Case and diacritics are ignored. Without a query, the filters alone select.
Filters combine with AND; a repeated filter is an OR. A statement dated only to
a month or a year matches every --from/--to range that overlaps its period.
--org, --country, --channel and --tag none (or (none), as facets print it)
select the statements without one; a value in double quotes is that value
exactly, as facets print a value named none: --channel '\"none\"'."
    };
}
pub(crate) use query_syntax;

/// Search statements: full text and filters, ranked, with snippets.
#[derive(Debug, clap::Args)]
#[command(after_help = concat!(query_syntax!(), "

Formats: table, fitted to the terminal, matches in colour on a terminal (--wrap
shows whole snippets); json; jsonl; csv; ids; markdown, a table to paste into a
report; cite, one citation per hit. Without a query, hits are newest first.
In JSON a hit's highlights are the matches in its snippet, each [start, end) in
Unicode code points (not bytes); the README lists every field.

Exit status, as grep's: 0 when hits were printed (or counted with --count),
1 when none were: nothing matched, the page (--offset) is past the last match,
or --limit 0; 2 on an error.

Examples:
  communique search restraint --speaker peskov
  communique search '\"combat post\"' --country AZ --from 2024-02
  communique search --speaker \"Defence Ministry\" --country AM -f json | jq .
  communique search fire --country AZ --format cite
  communique search restraint --format markdown >> report.md
  communique search 'provoc*' --count"))]
pub struct Args {
    /// Order of hits [default: relevance with a query, newest without]
    #[arg(long, value_enum)]
    pub sort: Option<SortOrder>,
    /// Number of hits to print, or `all`
    // A negative number is a bad value, not the excluded word clap would take it for.
    #[arg(
        long,
        short = 'n',
        default_value_t = DEFAULT_LIMIT,
        allow_negative_numbers = true,
        value_parser = parse_limit
    )]
    pub limit: usize,
    /// Number of hits to skip, for paging
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    pub offset: usize,
    /// Print only the number of matching statements
    #[arg(long, short = 'c')]
    pub count: bool,
    /// Output format [default: table, or `format` in the config file]
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<HitFormat>,
    /// Wrap the text column of the table onto more lines instead of cutting it at the
    /// terminal's width
    #[arg(long, short = 'w')]
    pub wrap: bool,
    /// Search the deleted statements instead of the live ones
    ///
    /// What was taken out of search: `communique show ID` says when and why, `communique
    /// restore ID` brings one back.
    #[arg(long)]
    pub deleted: bool,
    #[command(flatten)]
    pub filters: FilterArgs,
}

/// The query and the filters: which statements a search, a timeline or facets count.
#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "Filters")]
pub struct FilterArgs {
    /// Full-text query (several arguments are joined with spaces), e.g. restraint or
    /// '"combat post"'; see `communique help search` for the syntax
    #[arg(value_name = "QUERY", help_heading = "Arguments")]
    pub query: Vec<String>,
    /// Speaker: words of the name or an alias, e.g. --speaker peskov; `'"Ali Hasanov"'`
    /// for that name exactly (repeat for OR)
    #[arg(long, value_name = "NAME", value_parser = parse_words)]
    pub speaker: Vec<String>,
    /// Organization: any words of its name, e.g. --org "government of armenia"; `none`
    /// for statements without one, `'"none"'` for one named None (repeat for OR)
    #[arg(long = "org", value_name = "NAME", value_parser = parse_words)]
    pub organization: Vec<String>,
    /// Country: ISO code or English name, e.g. --country AM, --country Armenia; `none`
    /// for statements whose speaker has none (repeat for OR)
    #[arg(long, value_name = "COUNTRY", value_parser = parse_country)]
    pub country: Vec<CountryArg>,
    /// Channel, e.g. --channel telegram, statement, press-conference; `none` for
    /// statements without one, `'"none"'` for a channel named none (repeat for OR)
    #[arg(long, value_name = "CHANNEL", value_parser = parse_label)]
    pub channel: Vec<String>,
    /// Kind of statement, e.g. --kind quote (repeat for OR)
    #[arg(long, value_parser = Trimmed(EnumValueParser::<StatementKind>::new()), ignore_case = true)]
    pub kind: Vec<StatementKind>,
    /// Language, e.g. --lang ru (or rus, Russian), which takes in ru-RU too; --lang ru-RU
    /// is ru-RU only (repeat for OR)
    #[arg(long = "lang", value_name = "CODE", value_parser = parse_language)]
    pub language: Vec<String>,
    /// Tag, e.g. --tag border-incident; `none` for statements without tags, `'"none"'`
    /// for a tag named none (repeat for OR)
    #[arg(long, value_name = "TAG", value_parser = parse_label)]
    pub tag: Vec<String>,
    /// Role the speaker held on the statement's date, e.g. --role "foreign minister";
    /// named by its head: "Prime Minister" is not "Press Secretary of the Prime
    /// Minister", nor "Deputy Prime Minister" (repeat for AND)
    #[arg(long, value_name = "ROLE", value_parser = parse_words)]
    pub role: Vec<String>,
    /// Place the statement mentions, in any spelling the gazetteer knows, e.g. --place
    /// "Nerkin Hand" (repeat for AND)
    #[arg(long, value_name = "PLACE", value_parser = parse_words)]
    pub place: Vec<String>,
    /// Names as written: no other spelling of the places and speakers the query and
    /// --place name (Artsakh alone, not Karabakh or Арцах; Khankendi, not Stepanakert)
    #[arg(long)]
    pub as_written: bool,
    /// Statements from this date on, e.g. --from 2024-02 (2024, 2024-02, 2024-02-13 or an
    /// ISO week, 2024-W07; inclusive)
    #[arg(long, value_name = "DATE", value_parser = parse_from_date)]
    pub from: Option<PartialDate>,
    /// Statements up to this date, e.g. --to 2024-02-13 (2024, 2024-02, 2024-02-13 or an
    /// ISO week, 2024-W07; inclusive)
    #[arg(long, value_name = "DATE", value_parser = parse_to_date)]
    pub to: Option<PartialDate>,
}

/// The command a hint suggests running again with one change (another query, one more
/// filter): which subcommand, and its options that are not the query or a filter, as
/// the words of a command line (`--by week`, `--split speaker`, `--count`).
#[derive(Debug, Clone)]
pub(crate) struct Rerun {
    pub name: &'static str,
    pub options: Vec<String>,
    /// Whether the command reads the live statements, as the suggestions are counted:
    /// `search --deleted` gets none.
    pub live: bool,
}

impl Rerun {
    /// A command of `name` that reads the live statements, with no options yet.
    pub fn new(name: &'static str) -> Rerun {
        Rerun {
            name,
            options: Vec::new(),
            live: true,
        }
    }

    /// Adds `flag` with `value` as a command line gives them.
    pub fn option(&mut self, flag: &str, value: impl Into<String>) {
        self.options.push(flag.to_string());
        self.options.push(value.into());
    }

    /// Adds `flag` with the value of a closed set as clap reads it back (`--by week`).
    pub fn choice(&mut self, flag: &str, value: &impl clap::ValueEnum) {
        if let Some(possible) = value.to_possible_value() {
            self.option(flag, possible.get_name());
        }
    }

    /// Adds a flag that takes no value (`--count`) when `given`.
    pub fn switch(&mut self, flag: &str, given: bool) {
        if given {
            self.options.push(flag.to_string());
        }
    }
}

impl Args {
    /// Returns this search as its hints suggest running it again: with its order, page,
    /// format and the rest.
    fn rerun(&self) -> Rerun {
        let mut rerun = Rerun::new("search");
        if let Some(sort) = &self.sort {
            rerun.choice("--sort", sort);
        }
        match self.limit {
            DEFAULT_LIMIT => {}
            usize::MAX => rerun.option("--limit", "all"),
            limit => rerun.option("--limit", limit.to_string()),
        }
        if self.offset != 0 {
            rerun.option("--offset", self.offset.to_string());
        }
        rerun.switch("--count", self.count);
        if let Some(format) = &self.format {
            rerun.choice("--format", format);
        }
        rerun.switch("--wrap", self.wrap);
        rerun.switch("--deleted", self.deleted);
        rerun.live = !self.deleted;
        rerun
    }
}

/// The number of hits a search prints without --limit.
const DEFAULT_LIMIT: usize = 20;

/// A `--country` value, read by [`parse_country`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountryArg {
    /// A country, as its alpha-2 code.
    Code(String),
    /// `none`: the statements whose speaker has no country.
    Without,
}

/// Returns true for the --org, --country, --channel or --tag value that asks for
/// statements without one: `none`, or `(none)` as `facets`, `timeline --split` and
/// `stats` print it, so that it can be copied from them. It always means that, even in an
/// archive with a value of that name, so that it selects what `facets` counts as
/// `(none)`; such a value is selected in double quotes, as they print it (see
/// [`label`]).
fn means_none(value: &str) -> bool {
    label::read(value) == Wanted::Missing
}

/// Returns every value of `dimension` the archive's statements hold (a label dimension:
/// channel, language, tag), as `--channel`, `--lang` and `--tag` match them; None if the
/// index cannot say.
fn labels_of_statements(archive: &Archive, dimension: Dimension) -> Option<Vec<String>> {
    let (counts, _) = archive
        .count_by(&SearchRequest::default(), &[dimension])
        .ok()?;
    Some(
        counts
            .into_iter()
            .filter_map(|(mut key, _)| match key.pop() {
                Some(DimensionValue::Label(label)) => Some(label),
                _ => None,
            })
            .collect(),
    )
}

/// Returns the roles --role may match, sorted: the speakers' current roles and their
/// histories, and the roles statements state (one stated only in older statements is in
/// neither of the first two, and --role matches it all the same). None if the archive
/// cannot say.
fn known_roles(archive: &Archive) -> Option<Vec<String>> {
    // The roles alone: every speaker with their dates and counts cost a zero-hit search
    // 0.15 s of CPU at 6,266 speakers.
    let held = archive.held_roles().ok()?;
    let stated = archive.statement_roles().ok()?;
    let mut roles: Vec<String> = held
        .into_iter()
        .chain(stated.into_iter().map(|(role, _)| role))
        .collect();
    roles.sort_unstable();
    roles.dedup();
    Some(roles)
}

/// Returns the values of a filter that name a value, not the statements without one.
fn values_named(values: &[String]) -> impl Iterator<Item = &str> {
    values.iter().filter_map(|value| match label::read(value) {
        Wanted::Value(named) => Some(named),
        Wanted::Missing => None,
    })
}

/// The --channel or --tag values that name a value, normalised as stored.
fn labels_named(values: &[String]) -> Vec<String> {
    values_named(values).map(normalize_label).collect()
}

impl FilterArgs {
    /// Validates the query and the dates and returns the request they make, not paged:
    /// no hits, no snippets, default order.
    pub fn request(&self) -> anyhow::Result<SearchRequest> {
        let query_text = self.query.join(" ");
        let query = if query_text.trim().is_empty() {
            None
        } else {
            Some(Query::parse(&query_text).map_err(|error| {
                // After `--` every word is the query, flags too (`search x -- -y --count`).
                let flag = self
                    .query
                    .iter()
                    .find(|word| word.starts_with("--") && word.len() > 2);
                let hint = match flag {
                    Some(flag) => format!(
                        "{} is read as part of the query: words after `--` are the query; put flags before `--`",
                        clean(&excerpt(flag).to_string())
                    ),
                    None => "see `communique help search` for the query syntax; put a phrase in \"quotes\"".to_string(),
                };
                UserError::with_hint(
                    format!("invalid query: {error}\n{}", error.pointer(&query_text)),
                    hint,
                )
            })?)
        };
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if from.first_day() > to.last_day() {
                return Err(UserError::with_hint(
                    format!("--from {from} is after --to {to}"),
                    "swap the two dates",
                )
                .into());
            }
        }
        Ok(SearchRequest {
            query,
            speakers: self.speaker.clone(),
            organizations: values_named(&self.organization)
                .map(str::to_string)
                .collect(),
            without_organization: self.organization.iter().any(|name| means_none(name)),
            countries: self
                .country
                .iter()
                .filter_map(|country| match country {
                    CountryArg::Code(code) => Some(code.clone()),
                    CountryArg::Without => None,
                })
                .collect(),
            without_country: self.country.contains(&CountryArg::Without),
            channels: labels_named(&self.channel),
            without_channel: self.channel.iter().any(|value| means_none(value)),
            kinds: self.kind.clone(),
            languages: self.language.clone(),
            tags: labels_named(&self.tag),
            without_tag: self.tag.iter().any(|value| means_none(value)),
            from: self.from,
            to: self.to,
            roles: self.role.clone(),
            places: self.place.clone(),
            as_written: self.as_written,
            ..SearchRequest::default()
        })
    }

    /// When nothing matched, says what may be why: syntax of other search engines in the
    /// query, a speaker's name searched in the text, words no statement has, and
    /// --channel, --lang and --tag values no statement has. `command` is the command run,
    /// which the command lines suggested run again with one change.
    pub(crate) fn report_nothing_matched(
        &self,
        global: &GlobalArgs,
        archive: &Archive,
        command: &Rerun,
        total: u64,
    ) {
        if total > 0 || global.quiet {
            return;
        }
        let foreign = self.report_foreign_syntax();
        let operators = self.report_lowercase_operators();
        // One reason at a time: `fire^2` is also the word "2", which matches nothing, and
        // a speaker's name the text does not hold is also a word that matches nothing.
        // The suggestions are counted in the live statements: a search of the deleted
        // ones would be told of commands that find nothing.
        if !foreign
            && !operators
            && command.live
            && !self.report_speakers_in_query(global, archive, command)
        {
            self.report_words_matching_nothing(global, archive, command);
            self.report_misspelt_words(global, archive, command);
        }
        self.report_unknown_labels(archive);
        self.report_unknown_roles(archive);
    }

    /// Returns the query's parts that must all match (a query without `OR` at its top is
    /// its words, phrases and groups), or None without a query.
    fn required_parts(&self) -> Option<Vec<Query>> {
        let query = self.request().ok()?.query?;
        Some(match query {
            Query::And(parts) => parts,
            other => vec![other],
        })
    }

    /// Returns the command line that runs `command` again with `parts` as the query and
    /// the same filters and options, plus `--speaker speaker`: a hint's suggestion, which
    /// a shell reads back as shown. The archive is named when it was (`--archive` or
    /// COMMUNIQUE_ARCHIVE), since the command may be run in another shell. None when a
    /// word is too long to be suggested (see [`crate::quote::command_line`]).
    fn command_line(
        &self,
        global: &GlobalArgs,
        command: &Rerun,
        parts: &[Query],
        speaker: Option<&str>,
    ) -> Option<String> {
        let mut words: Vec<std::ffi::OsString> = vec!["communique".into(), command.name.into()];
        let query = match parts {
            [] => None,
            [part] => Some(part.to_string()),
            _ => Some(Query::And(parts.to_vec()).to_string()),
        };
        // A query starting with `-drill` would read as a flag: it goes after `--`.
        let (first, last) = match query {
            Some(query) if query.starts_with('-') => (None, Some(query)),
            query => (query, None),
        };
        words.extend(first.map(Into::into));
        let mut flag = |name: &str, value: &str| {
            words.push(name.into());
            words.push(value.into());
        };
        for value in &self.speaker {
            flag("--speaker", value);
        }
        if let Some(speaker) = speaker {
            flag("--speaker", speaker);
        }
        for value in &self.organization {
            flag("--org", value);
        }
        for value in &self.country {
            match value {
                CountryArg::Code(code) => flag("--country", code),
                CountryArg::Without => flag("--country", "none"),
            }
        }
        for value in &self.channel {
            flag("--channel", value);
        }
        for value in &self.kind {
            flag("--kind", value.as_str());
        }
        for value in &self.language {
            flag("--lang", value);
        }
        for value in &self.tag {
            flag("--tag", value);
        }
        for value in &self.role {
            flag("--role", value);
        }
        for value in &self.place {
            flag("--place", value);
        }
        if let Some(from) = self.from {
            flag("--from", &from.to_string());
        }
        if let Some(to) = self.to {
            flag("--to", &to.to_string());
        }
        // The command's own options (`--by week`, `--count`): without them the command
        // suggested ran another kind of query.
        words.extend(command.options.iter().map(Into::into));
        words.extend(global.options_to_repeat());
        if let Some(query) = last {
            words.push("--".into());
            words.push(query.into());
        }
        crate::quote::command_line(&words)
    }

    /// Returns the number of statements the filters and `parts` as the query match, plus
    /// `--speaker speaker`; None if the archive cannot say.
    fn count_with(
        &self,
        archive: &Archive,
        parts: &[Query],
        speaker: Option<&str>,
    ) -> Option<usize> {
        let mut request = self.request().ok()?;
        request.query = match parts {
            [] => None,
            [part] => Some(part.clone()),
            _ => Some(Query::And(parts.to_vec())),
        };
        request.speakers.extend(speaker.map(str::to_string));
        request.limit = 0;
        archive.search(&request).ok().map(|results| results.total)
    }

    /// Names a speaker's name or alias that the query searches in the text (`search
    /// Peskov`, `search Песков`), with the command that filters by that speaker: no text
    /// names them, and the search found nothing and said nothing. Returns whether it did.
    fn report_speakers_in_query(
        &self,
        global: &GlobalArgs,
        archive: &Archive,
        command: &Rerun,
    ) -> bool {
        let Some(parts) = self.required_parts() else {
            return false;
        };
        // Only a hint: a failure to read leaves it out.
        let Ok(named) = speaker_names_among(&parts, archive) else {
            return false;
        };
        let mut reported = false;
        for (range, name) in named {
            let rest: Vec<Query> = parts
                .iter()
                .enumerate()
                .filter(|(index, _)| !range.contains(index))
                .map(|(_, part)| part.clone())
                .collect();
            // A speaker without a statement here would be one more search finding nothing.
            if self.count_with(archive, &rest, Some(&name)).unwrap_or(0) == 0 {
                continue;
            }
            let filtered = match self.command_line(global, command, &rest, Some(&name)) {
                Some(line) => line,
                None => "--speaker finds their statements".to_string(),
            };
            eprintln!(
                "hint: {} is a speaker: {}",
                clean(&quoted(&name).to_string()),
                clean(&filtered)
            );
            reported = true;
        }
        reported
    }

    /// When several words are required and nothing matches them all, names those that
    /// match nothing in the whole archive (`zzz` of `restraint zzz`), or those no
    /// statement has with the others (`where` and `is` of `where is Nerkin Hand?`), with
    /// the query without them: the search otherwise says nothing of which word is at
    /// fault.
    fn report_words_matching_nothing(
        &self,
        global: &GlobalArgs,
        archive: &Archive,
        command: &Rerun,
    ) {
        let Some(parts) = self.required_parts() else {
            return;
        };
        // A place's name of several words is one part: "Nerkin Hand" without "Nerkin" is
        // the word "hand", and a hint to search it finds statements of anything else.
        // Names searched as written are no places with other spellings.
        let parts = if self.as_written {
            parts
        } else {
            place_names_together(archive, parts)
        };
        let place_of = |part: &Query| match part {
            _ if self.as_written => None,
            Query::Word(name) | Query::Phrase(name) => {
                archive.gazetteer().ok().and_then(|gazetteer| {
                    gazetteer
                        .lookup(name)
                        .first()
                        .map(|place| place.name.clone())
                })
            }
            _ => None,
        };
        // An excluded word cannot be why nothing matched; a very long query is not
        // counted word by word.
        let positive = parts
            .iter()
            .filter(|part| !matches!(part, Query::Not(_)))
            .count();
        if positive == 1 {
            // The place alone: its spellings, not its words, are what matched nothing.
            if let Some((part, place)) = parts
                .iter()
                .find_map(|part| place_of(part).map(|place| (part, place)))
            {
                let alone = SearchRequest {
                    query: Some(part.clone()),
                    as_written: self.as_written,
                    ..SearchRequest::default()
                };
                if archive.search(&alone).is_ok_and(|found| found.total == 0) {
                    eprintln!(
                        "hint: no statement mentions {} in any of its spellings (`communique places show {}` lists them)",
                        clean(&place),
                        clean(&shell_word(&place)),
                    );
                }
            }
            return;
        }
        if !(2..=MAX_PARTS_COUNTED).contains(&positive) {
            return;
        }
        // Each word alone, without the filters: what the archive has at all.
        let mut absent = Vec::new();
        for (index, part) in parts.iter().enumerate() {
            if matches!(part, Query::Not(_)) {
                continue;
            }
            let alone = SearchRequest {
                query: Some(part.clone()),
                as_written: self.as_written,
                ..SearchRequest::default()
            };
            match archive.search(&alone) {
                Ok(results) if results.total == 0 => absent.push(index),
                Ok(_) => {}
                // Only a hint: a failure to count leaves it out.
                Err(_) => return,
            }
        }
        let kept: Vec<usize> = (0..parts.len())
            .filter(|index| !absent.contains(index))
            .collect();
        let (kept, unmatched_together) = match self.most_words_matching(archive, &parts, &kept) {
            Some(best) => {
                let dropped = kept
                    .iter()
                    .filter(|index| !best.contains(index))
                    .copied()
                    .collect();
                (Some(best), dropped)
            }
            None => (None, Vec::new()),
        };
        if absent.is_empty() && unmatched_together.is_empty() {
            return;
        }
        let listed = |indices: &[usize]| {
            let quoted: Vec<String> = indices
                .iter()
                .map(|&index| quoted(&parts[index].to_string()).to_string())
                .collect();
            match quoted.split_last() {
                Some((last, [])) => last.clone(),
                Some((last, others)) => format!("{} and {last}", others.join(", ")),
                None => String::new(),
            }
        };
        let mut clauses = Vec::new();
        // The places that match nothing are said to be mentioned by no statement in any
        // spelling: one of the words of its name, or any one spelling, would not do.
        let (absent_places, absent_words): (Vec<usize>, Vec<usize>) = absent
            .iter()
            .partition(|&&index| place_of(&parts[index]).is_some());
        match absent_words.len() {
            0 => {}
            1 => clauses.push(format!(
                "{} matches nothing in the archive",
                listed(&absent_words)
            )),
            _ => clauses.push(format!(
                "{} match nothing in the archive",
                listed(&absent_words)
            )),
        }
        for &index in &absent_places {
            if let Some(place) = place_of(&parts[index]) {
                clauses.push(format!(
                    "no statement mentions {place} in any of its spellings"
                ));
            }
        }
        if !unmatched_together.is_empty() {
            let others = match kept.as_ref().map_or(0, |kept| {
                kept.iter()
                    .filter(|&&index| !matches!(parts[index], Query::Not(_)))
                    .count()
            }) {
                1 => "the other word",
                _ => "the other words",
            };
            clauses.push(format!(
                "no statement has {} with {others}",
                listed(&unmatched_together)
            ));
        }
        let dropped = absent.len() + unmatched_together.len();
        let suggestion = kept.and_then(|kept| {
            let rest: Vec<Query> = kept.iter().map(|&index| parts[index].clone()).collect();
            let line = self.command_line(global, command, &rest, None)?;
            Some(format!(
                "; without {}: {line}",
                if dropped == 1 { "it" } else { "them" },
            ))
        });
        eprintln!(
            "hint: {}{}",
            clean(&clauses.join("; ")),
            clean(&suggestion.unwrap_or_default())
        );
    }

    /// Asks, for each word of the query that no statement holds, whether a close word
    /// the statements hold was meant (`provocaton`: "provocation"), with the command run
    /// again with it: a typo otherwise prints nothing, which reads as "no statement says
    /// this", while a misspelt --speaker gets a "did you mean".
    fn report_misspelt_words(&self, global: &GlobalArgs, archive: &Archive, command: &Rerun) {
        let Some(parts) = self.required_parts() else {
            return;
        };
        let alone = parts.len() == 1;
        for (index, part) in parts.iter().enumerate() {
            let Query::Word(word) = part else { continue };
            let request = SearchRequest {
                query: Some(part.clone()),
                limit: 0,
                as_written: self.as_written,
                ..SearchRequest::default()
            };
            match archive.search(&request) {
                Ok(results) if results.total == 0 => {}
                // Only a hint: a failure to count leaves it out.
                _ => continue,
            }
            let Ok(near) = archive.words_closest_to(word, 3) else {
                continue;
            };
            let near: Vec<&str> = near.iter().map(String::as_str).collect();
            let Some(question) = crate::suggest::did_you_mean(&near) else {
                continue;
            };
            let mut corrected = parts.clone();
            corrected[index] = Query::Word(near[0].to_string());
            // The command is offered only when it finds something, with the filters.
            let line = match self.count_with(archive, &corrected, None) {
                Some(found) if found > 0 => self
                    .command_line(global, command, &corrected, None)
                    .map(|line| format!(" {line}"))
                    .unwrap_or_default(),
                _ => String::new(),
            };
            let word = quoted(word).to_string();
            let message = if alone {
                format!("{word} matches nothing in the archive; {question}{line}")
            } else {
                format!("for {word}, {question}{line}")
            };
            eprintln!("hint: {}", clean(&message));
        }
    }

    /// Returns the most of the query's parts `kept` (indices into `parts`) that some
    /// statement has together, with the filters: all of them if they match, else the
    /// largest set that does, the one matching most statements among sets of one size.
    /// Excluded words are always kept. None when no set of a word or more matches, or
    /// there are too many words to try every set.
    fn most_words_matching(
        &self,
        archive: &Archive,
        parts: &[Query],
        kept: &[usize],
    ) -> Option<Vec<usize>> {
        let (excluded, words): (Vec<usize>, Vec<usize>) = kept
            .iter()
            .partition(|&&index| matches!(parts[index], Query::Not(_)));
        if words.is_empty() || words.len() > MAX_WORDS_COMBINED {
            return None;
        }
        let count = |chosen: &[usize]| {
            let mut indices: Vec<usize> = chosen.iter().chain(&excluded).copied().collect();
            indices.sort_unstable();
            let query: Vec<Query> = indices.iter().map(|&index| parts[index].clone()).collect();
            self.count_with(archive, &query, None).unwrap_or(0)
        };
        // Sets of words from the most words down, so that as few are dropped as can be.
        for size in (1..=words.len()).rev() {
            let best = (0u32..1 << words.len())
                .filter(|mask| mask.count_ones() as usize == size)
                .map(|mask| {
                    let chosen: Vec<usize> = (0..words.len())
                        .filter(|bit| mask & (1 << bit) != 0)
                        .map(|bit| words[bit])
                        .collect();
                    let found = count(&chosen);
                    (found, chosen)
                })
                .filter(|(found, _)| *found > 0)
                .max_by_key(|(found, _)| *found);
            if let Some((_, chosen)) = best {
                let mut kept: Vec<usize> = chosen.into_iter().chain(excluded).collect();
                kept.sort_unstable();
                return Some(kept);
            }
        }
        None
    }

    /// Names each --role value that no statement matches by itself, with the closest
    /// roles the speakers hold, or a list of them: a misspelt or absent role otherwise
    /// finds nothing and says nothing, while the other filters get a "did you mean".
    fn report_unknown_roles(&self, archive: &Archive) {
        if self.role.is_empty() {
            return;
        }
        // Read for the first role that matches nothing (the stated roles are a scan of
        // the statements: 0.1 s at 275,000), not for a role that matches statements
        // while the other filters leave none.
        let mut known = None;
        for role in &self.role {
            let alone = SearchRequest {
                roles: vec![role.clone()],
                ..SearchRequest::default()
            };
            match archive.search(&alone) {
                Ok(results) if results.total == 0 => {}
                _ => continue,
            }
            // Only a hint: a failure to read leaves it out. A role is still judged by
            // what it matches alone, not by this list.
            let roles: &Vec<String> = match &mut known {
                Some(roles) => roles,
                None => match known_roles(archive) {
                    Some(read) => known.insert(read),
                    None => return,
                },
            };
            // --role matches words of a role: a role is suggested for its whole name or
            // for as many of its words in a row as the value has (`prime minster` for
            // "Prime Minister of Armenia").
            let length = role.split_whitespace().count().max(1);
            let keys: Vec<(&str, String)> = roles
                .iter()
                .flat_map(|name| {
                    let name = name.as_str();
                    let words: Vec<&str> = name.split_whitespace().collect();
                    let runs: Vec<String> =
                        words.windows(length).map(|run| run.join(" ")).collect();
                    std::iter::once((name, name.to_string()))
                        .chain(runs.into_iter().map(move |run| (name, run)))
                })
                .collect();
            let keys = keys.iter().map(|(name, key)| (*name, key.as_str()));
            let found = suggest::closest_named(role, keys, 3);
            let advice = suggest::did_you_mean(&found).unwrap_or_else(|| {
                let listed: Vec<String> = roles
                    .iter()
                    .take(10)
                    .map(|role| excerpt(role).to_string())
                    .collect();
                let more = match roles.len().saturating_sub(listed.len()) {
                    0 => String::new(),
                    more => format!(" and {more} more (`communique speakers` lists them)"),
                };
                match listed.is_empty() {
                    true => "no speaker has a role".to_string(),
                    false => format!("the speakers' roles: {}{more}", listed.join(", ")),
                }
            });
            eprintln!(
                "hint: --role {}: no statement matches it; {}",
                clean(&quoted(role).to_string()),
                clean(&advice)
            );
        }
    }

    /// Names the syntax of other search engines the query holds (`speaker:peskov`,
    /// `fire^2`), read here as words, with what does it here: such a query finds nothing
    /// and, without this, says nothing.
    fn report_foreign_syntax(&self) -> bool {
        let found = foreign_syntax(&self.query.join(" "));
        let mut unsupported = Vec::new();
        // What does it here, in the user's own words: a canned example (`provoc*`) told
        // nothing about `fire^2`.
        let mut advice = Vec::new();
        // A value to be pasted is whole; one too long for a command is a placeholder.
        let pasted = |value: &str| {
            crate::quote::command_line(&[value]).unwrap_or_else(|| "WORDS".to_string())
        };
        for syntax in &found {
            let (field, value) = match syntax {
                ForeignSyntax::Field { field, value } => (field.as_str(), value.as_str()),
                ForeignSyntax::SingleWildcard(word) => {
                    let before = word.split('?').next().unwrap_or_default();
                    // Quoted as the other advice is: a bare `prov*` pasted into a shell
                    // is a glob, which a file named "provisions" would replace.
                    advice.push(format!(
                        "a word's beginning is: {}",
                        pasted(&format!("{before}*"))
                    ));
                    unsupported.push(quoted(word).to_string());
                    continue;
                }
                ForeignSyntax::Boost(word) => {
                    let before = word.split('^').next().unwrap_or_default();
                    advice.push(format!("search for {}", pasted(before)));
                    unsupported.push(quoted(word).to_string());
                    continue;
                }
                ForeignSyntax::Fuzziness(word) => {
                    let before = word
                        .rsplit_once('~')
                        .map_or(word.as_str(), |(before, _)| before);
                    advice.push(match before.starts_with('"') {
                        true => format!("{before} finds the phrase"),
                        false => format!("search for {}", pasted(before)),
                    });
                    unsupported.push(quoted(word).to_string());
                    continue;
                }
            };
            // A filter takes the phrase's words without the quotes, which would make it
            // that name exactly.
            let words = pasted(value.trim_matches('"'));
            let advice = match field {
                "text" | "title" => format!(
                    "the text and the title are searched together, without a field name: search {}",
                    pasted(value)
                ),
                "date" => format!("to filter by date, use --from {words} --to {words}"),
                "from" | "to" => format!("to filter by date, use --{field} {words}"),
                "org" | "organization" => format!("to filter by organization, use --org {words}"),
                "lang" | "language" => format!("to filter by language, use --lang {words}"),
                "tag" | "tags" => format!("to filter by tag, use --tag {words}"),
                _ => format!("to filter by {field}, use --{field} {words}"),
            };
            eprintln!("hint: {}", clean(&advice));
        }
        if !unsupported.is_empty() {
            advice.dedup();
            eprintln!(
                "hint: {}: boosts (^2), fuzziness (~) and single-character wildcards (?) are not supported; {}",
                clean(&unsupported.join(", ")),
                clean(&advice.join("; "))
            );
        }
        !found.is_empty()
    }

    /// Names the `or`, `and` and `not` in lower case between words of the query, with the
    /// query they make in capitals: searched as words, they found nothing and said
    /// nothing. They stay words, since "and" or "or" can be what is searched for.
    fn report_lowercase_operators(&self) -> bool {
        let Some(found) = lowercase_operators(&self.query.join(" ")) else {
            return false;
        };
        let names = found.operators.join(" and ");
        let (verb, typed) = match found.operators.len() {
            1 => ("is", format!("\"{}\"", found.operators[0].to_lowercase())),
            _ => ("are", "they".to_string()),
        };
        let words = match found.operators.len() {
            1 => "a word",
            _ => "words",
        };
        // The query corrected is to be pasted: whole, or not shown.
        let corrected = crate::quote::command_line(&[&found.corrected])
            .map(|query| format!(": {}", clean(&query)));
        eprintln!(
            "hint: {names} must be in capitals{}; in lower case, {typed} {verb} searched as {words}",
            corrected.unwrap_or_default()
        );
        true
    }

    /// Names each --channel, --lang and --tag value no statement has, with the closest
    /// values the archive holds: a misspelt label is otherwise indistinguishable from an
    /// empty result.
    fn report_unknown_labels(&self, archive: &Archive) {
        // Every statement has a language: --lang reads no `none` and no quotes.
        let filters = [
            (
                "--channel",
                &self.channel,
                Dimension::Channel,
                "channels",
                true,
            ),
            (
                "--lang",
                &self.language,
                Dimension::Language,
                "languages",
                false,
            ),
            ("--tag", &self.tag, Dimension::Tag, "tags", true),
        ];
        for (flag, values, dimension, plural, may_lack) in filters {
            if values.is_empty() {
                continue;
            }
            let Some(known) = labels_of_statements(archive, dimension) else {
                return;
            };
            for value in values {
                let named = match label::read(value) {
                    _ if !may_lack => value.as_str(),
                    Wanted::Value(named) => named,
                    Wanted::Missing => continue,
                };
                // `--lang ru` is held by a statement in ru-RU.
                let held = match dimension {
                    Dimension::Language => known
                        .iter()
                        .any(|known| crate::language::matches_range(known, named)),
                    // As the filter reads it, diacritics aside: `erazi` is `ərazi`.
                    _ => {
                        known.contains(&normalize_label(named))
                            || known
                                .iter()
                                .any(|label| crate::fold::labels_alike(label, named))
                    }
                };
                if held {
                    continue;
                }
                let found = suggest::closest(named, known.iter().map(String::as_str), 3);
                // As a filter reads them: a channel named "none" is suggested as `"none"`,
                // since `none` selects the statements without a channel.
                let found: Vec<Cow<'_, str>> = found
                    .into_iter()
                    .map(|value| match may_lack {
                        true => label::shown(Some(value)),
                        false => Cow::Borrowed(value),
                    })
                    .collect();
                let found: Vec<&str> = found.iter().map(|value| &**value).collect();
                let advice = suggest::did_you_mean(&found).unwrap_or_else(|| {
                    let mut listed: Vec<String> = known
                        .iter()
                        .take(10)
                        .map(|known| match may_lack {
                            true => excerpt(&label::shown(Some(known))).to_string(),
                            false => excerpt(known).to_string(),
                        })
                        .collect();
                    listed.sort_unstable();
                    match listed.is_empty() {
                        true => format!("no statement has any of the {plural}"),
                        false => format!("the archive's {plural}: {}", listed.join(", ")),
                    }
                });
                eprintln!(
                    "hint: {flag} {}: no statement has it; {}",
                    clean(&quoted(value).to_string()),
                    clean(&advice)
                );
            }
        }
    }

    /// Prints the archive's notes about the request (a speaker nobody matches …) as
    /// status lines, each name that matches nobody followed by a hint naming the closest
    /// known ones.
    pub(crate) fn report_notes(&self, global: &GlobalArgs, archive: &Archive, notes: &[String]) {
        for note in notes {
            status(global, &clean(note));
        }
        if global.quiet {
            return;
        }
        self.report_organizations_named_none(archive);
        if notes.is_empty() {
            return;
        }
        self.report_unknown_speakers(archive);
        self.report_unknown_organizations(archive);
    }

    /// Names each --speaker value that matches no speaker, with the closest names.
    fn report_unknown_speakers(&self, archive: &Archive) {
        if self.speaker.is_empty() {
            return;
        }
        for name in &self.speaker {
            // Only a hint: a failure to read leaves it out. Whether a name matches someone
            // is a lookup of its words.
            let Ok(matched) = archive.has_speaker_with_words(name) else {
                return;
            };
            if !matched {
                let Ok(found) = archive.speakers_closest_to(name, 3) else {
                    return;
                };
                eprintln!(
                    "hint: --speaker {}: {}",
                    clean(&quoted(name).to_string()),
                    clean(&suggest::speakers_advice(&found))
                );
                // "Kremlin" is no speaker's name, but a word of "Kremlin spokesperson".
                hint_role_with_word(archive, name);
            }
        }
    }

    /// Names each --org value that matches no organisation of a statement, with the
    /// closest names.
    fn report_unknown_organizations(&self, archive: &Archive) {
        if values_named(&self.organization).next().is_none() {
            return;
        }
        // The organisations statements are recorded under, which `--org` filters by; the
        // speakers' current ones leave out the one a speaker had before moving.
        let Ok(organizations) = archive.organizations_of_statements() else {
            return;
        };
        for name in values_named(&self.organization) {
            if !organizations
                .iter()
                .any(|organization| words_match(name, organization))
            {
                let found = suggest::closest(name, organizations.iter().map(String::as_str), 3);
                // `speakers` has no column of organizations; `facets --by org` counts them.
                let advice = suggest::did_you_mean(&found).unwrap_or_else(|| {
                    "`communique facets --by org` lists the organizations".to_string()
                });
                eprintln!(
                    "hint: --org {}: {}",
                    clean(&quoted(name).to_string()),
                    clean(&advice)
                );
                // "Kremlin" is no organization, but a word of "Kremlin spokesperson".
                hint_role_with_word(archive, name);
            }
        }
    }

    /// With `--org none`, names the organizations that the word "none" would match
    /// (scraped files write "None" for a missing value): their statements are not among
    /// the statements without an organization, which the user may have expected.
    fn report_organizations_named_none(&self, archive: &Archive) {
        if !self.organization.iter().any(|name| means_none(name)) {
            return;
        }
        let Ok(named) = archive.organizations_matching("none") else {
            return;
        };
        if named.is_empty() {
            return;
        }
        let listed: Vec<String> = named
            .iter()
            .take(3)
            .map(|name| quoted(name).to_string())
            .collect();
        let more = match named.len().saturating_sub(listed.len()) {
            0 => String::new(),
            more => format!(" and {more} more"),
        };
        eprintln!(
            "hint: --org none selects the statements without an organization, not those of {}{more}; select those with --org '\"none\"'",
            clean(&listed.join(", "))
        );
    }
}

/// The most required parts of a query that a search finding nothing counts one by one.
const MAX_PARTS_COUNTED: usize = 16;

/// The most words whose every combination a search finding nothing tries, to find the
/// most of them some statement has: 2⁶ counts at most.
const MAX_WORDS_COMBINED: usize = 6;

/// Returns the parts of a query (its required parts, in order) that name a speaker, as
/// the range of parts and the name as typed: a run of words or a phrase that is one of
/// a speaker's names or aliases (`Dmitry Peskov`, `Песков`), or a single word of the
/// name of a person (`Aliyev` of Ilham Aliyev). An institution's single words (`Ministry`,
/// `Defence`) are words of the text, not names.
///
/// The names are looked up by their folded keys, those starting with a run's first word
/// once per word, not read all: 6,266 speakers of the UN corpus cost a search that found
/// nothing 0.15 s of CPU.
fn speaker_names_among(
    parts: &[Query],
    archive: &Archive,
) -> Result<Vec<(std::ops::Range<usize>, String)>, ArchiveError> {
    let mut starting_with: std::collections::HashMap<String, Vec<String>> =
        std::collections::HashMap::new();
    let mut whole = |text: &str| -> Result<bool, ArchiveError> {
        let folded = crate::fold::fold(text);
        let Some(first) = folded.split(' ').next().filter(|word| !word.is_empty()) else {
            return Ok(false);
        };
        let keys = match starting_with.entry(first.to_string()) {
            std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
            std::collections::hash_map::Entry::Vacant(entry) => {
                let keys = archive.name_keys_starting_with(entry.key())?;
                entry.insert(keys)
            }
        };
        Ok(keys.contains(&folded))
    };
    let word_of_person = |word: &str| -> Result<bool, ArchiveError> {
        let folded = crate::fold::fold(word);
        // A letter or two (an initial) names no one; a name's words hold no space.
        if folded.chars().count() <= 2 || folded.contains(' ') {
            return Ok(false);
        }
        archive.is_word_of_a_persons_name(&folded)
    };
    let mut found = Vec::new();
    let mut start = 0;
    while start < parts.len() {
        if let Query::Phrase(phrase) = &parts[start] {
            if whole(phrase)? {
                found.push((start..start + 1, phrase.clone()));
            }
            start += 1;
            continue;
        }
        // The longest run of plain words from here that is a name.
        let run_end = parts[start..]
            .iter()
            .position(|part| !matches!(part, Query::Word(_)))
            .map_or(parts.len(), |length| start + length);
        let words: Vec<&str> = parts[start..run_end]
            .iter()
            .filter_map(|part| match part {
                Query::Word(word) => Some(word.as_str()),
                _ => None,
            })
            .collect();
        let mut named = None;
        for length in (1..=words.len()).rev() {
            let name = words[..length].join(" ");
            if whole(&name)? || (length == 1 && word_of_person(&name)?) {
                named = Some((start..start + length, name));
                break;
            }
        }
        match named {
            Some((range, name)) => {
                start = range.end;
                found.push((range, name));
            }
            None => start += 1,
        }
    }
    Ok(found)
}

/// Orders of search hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortOrder {
    /// Best match first (BM25); without a query, newest first
    Relevance,
    /// Most recent first; a statement dated to a month or year sorts at its start
    Newest,
    /// Oldest first
    Oldest,
}

/// Runs `search`. Exit 0 with hits printed (or counted), 1 without: none matched, the
/// page (`--offset`) is past the last match, or `--limit 0` asked for none.
pub fn run(global: &GlobalArgs, args: Args) -> anyhow::Result<Outcome> {
    let format = args
        .format
        .or_else(|| global.settings.format())
        .unwrap_or(HitFormat::Table);
    let request = SearchRequest {
        ordering: args.sort.map(|sort| match sort {
            SortOrder::Relevance => Ordering::Relevance,
            SortOrder::Newest => Ordering::Newest,
            SortOrder::Oldest => Ordering::Oldest,
        }),
        limit: if args.count { 0 } else { args.limit },
        offset: args.offset,
        // A citation prints neither the snippet nor the places.
        snippet_chars: match format {
            HitFormat::Cite => 0,
            _ => 160,
        },
        deleted: args.deleted,
        ..args.filters.request()?
    };
    let archive = open_archive(global, IfMissing::Fail)?;
    // This process reads a page of hits and exits (more pages read as a long read).
    archive.begin_short_read();
    let mut stdout = super::stdout_for(format == HitFormat::Csv);
    let mut style = stdout_style(global);
    style.wrap = args.wrap;
    let mut writer = HitWriter::new(&mut stdout, format, style);
    let mut shown = 0;
    let mut first = true;
    let mut failed = None;
    let mut report_first = |summary: &SearchSummary| {
        if std::mem::take(&mut first) {
            args.filters.report_notes(global, &archive, &summary.notes);
            args.filters.report_nothing_matched(
                global,
                &archive,
                &args.rerun(),
                summary.total as u64,
            );
        }
    };
    let summary = if format == HitFormat::Ids && !args.count {
        // Ids alone are read from the index: no statement is read, no snippet made.
        let (summary, ids) = archive
            .search_ids(&request)
            .map_err(|error| archive_error(error, archive.directory()))?;
        report_first(&summary);
        shown = ids.len();
        writer.write_ids(&ids)?;
        summary
    } else {
        // Every hit may be asked for (`--limit all`): they are written a page at a time.
        archive
            .search_in_pages(&request, PAGE, |summary, hits| {
                report_first(summary);
                shown += hits.len();
                if args.count {
                    return true;
                }
                writer.expect_ids_up_to(summary.largest_id);
                match writer.write(hits) {
                    Ok(()) => true,
                    Err(error) => {
                        failed = Some(error);
                        false
                    }
                }
            })
            .map_err(|error| archive_error(error, archive.directory()))?
    };
    if let Some(error) = failed {
        return Err(error.into());
    }
    let total = summary.total;
    if args.count {
        // The number alone, whatever the format: a bare number is JSON, JSON Lines and
        // CSV too, and the format's empty frame (`[]`) before it made the output invalid.
        drop(writer);
        writeln!(stdout, "{total}")?;
    } else {
        writer.finish()?;
        // In every format: `--format csv > file` otherwise kept the first 20 hits of 141
        // and said nothing. Stderr leaves the data on stdout as it is.
        // `--limit 0` leaves every match out: "0 of 4 matches shown", as grep -m 0 exits 1.
        if total > shown + args.offset && (shown > 0 || args.limit == 0) {
            stdout.flush()?;
            status(
                global,
                &format!("{shown} of {total} matches shown; use --limit and --offset for more"),
            );
        }
        // A page past the last match is empty although the search matched: say so, or
        // the empty output reads as "nothing found" without a reason.
        if shown == 0 && total > 0 && args.offset >= total {
            stdout.flush()?;
            status(
                global,
                &format!(
                    "{total} {}, none from --offset {} on",
                    crate::quote::plural(total, "match", "matches"),
                    args.offset
                ),
            );
        }
    }
    stdout.flush()?;
    if total == 0 && !args.deleted && !global.quiet {
        report_deleted_matches(&archive, &request);
    }
    archive.close_for_exit();
    // A page that prints no hit is "nothing found", as grep exits 1 when it prints no
    // line: a script paging with `--offset` until the search fails must stop; so is
    // `--limit 0`, as `grep -m 0` is. A count prints the number it asked for.
    let printed = args.count || shown > 0;
    Ok(if total > 0 && printed {
        Outcome::Success
    } else {
        Outcome::NothingFound
    })
}

/// When a search matched nothing, says how many deleted statements it would have
/// matched: a statement someone deleted is otherwise indistinguishable from one never
/// ingested.
fn report_deleted_matches(archive: &Archive, request: &SearchRequest) {
    // Only a hint: a failure to count leaves it out.
    let Ok(deleted) = archive.deleted_matches(request) else {
        return;
    };
    match deleted {
        0 => {}
        1 => eprintln!("hint: 1 deleted statement matches; add --deleted to see it"),
        _ => eprintln!("hint: {deleted} deleted statements match; add --deleted to see them"),
    }
}

/// Reads a --country value: an ISO code or an English name, suggesting the closest names
/// for a misspelt one, or `none`; whitespace around it is not part of it.
pub(crate) fn parse_country(input: &str) -> Result<CountryArg, String> {
    let input = match label::read(input.trim()) {
        Wanted::Missing => return Ok(CountryArg::Without),
        Wanted::Value(named) => named,
    };
    if let Some(found) = country::lookup(input) {
        return Ok(CountryArg::Code(found.alpha2.to_string()));
    }
    let advice = country::advice(input);
    Err(match country::did_you_mean(input) {
        Some(question) => format!("unknown country {}: {question} ({advice})", quoted(input)),
        None => format!("unknown country {}: {advice}", quoted(input)),
    })
}

/// Reads a --speaker, --org, --role or --place value, matched by its words: one without a
/// letter or a digit (empty, blank, `...`, `""`) has none, and matched nothing, which
/// read as "no such statement" instead of a mistyped command line. Whitespace around the
/// value is not part of it (a pasted `" peskov"`), as for every filter value.
fn parse_words(input: &str) -> Result<String, String> {
    let input = input.trim();
    let named = match label::read(input) {
        Wanted::Missing => return Ok(input.to_string()),
        Wanted::Value(named) => named,
    };
    match named.chars().any(char::is_alphanumeric) {
        true => Ok(input.to_string()),
        false if named.trim().is_empty() => Err("the value is empty".to_string()),
        false => Err("the value has no letter or digit to match".to_string()),
    }
}

/// Reads a --channel, --tag or --lang value: any text but an empty or blank one (in
/// double quotes too), which no statement holds; whitespace around it is not part of it.
fn parse_label(input: &str) -> Result<String, String> {
    let input = input.trim();
    match label::read(input) {
        Wanted::Value(named) if named.trim().is_empty() => Err("the value is empty".to_string()),
        _ => Ok(input.to_string()),
    }
}

/// Reads a --lang value as ingest stores a language: `rus`, `Russian` and `ru` are `ru`,
/// `ru_ru` is `ru-RU` (see [`crate::language::normalize`]), so that a filter names the
/// language as statements hold it, however either was written.
fn parse_language(input: &str) -> Result<String, String> {
    // An empty value says so, as the other labels' do.
    parse_label(input)?;
    crate::language::normalize(input).map_err(|error| error.to_string())
}

/// A value parser that reads a value without the whitespace around it, as `P` reads it:
/// `--kind " quote"`, pasted or quoted with a space, is the kind quote. `P`'s possible
/// values stay those of the help and the completions.
#[derive(Debug, Clone)]
struct Trimmed<P>(P);

impl<P: TypedValueParser> TypedValueParser for Trimmed<P> {
    type Value = P::Value;

    fn parse_ref(
        &self,
        command: &clap::Command,
        argument: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<Self::Value, clap::Error> {
        // A value that is not UTF-8 has no whitespace to trim that P could read.
        match value.to_str() {
            Some(text) => self.0.parse_ref(command, argument, OsStr::new(text.trim())),
            None => self.0.parse_ref(command, argument, value),
        }
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        self.0.possible_values()
    }
}

/// Hits hydrated and written at a time when every hit may be asked for.
const PAGE: usize = 500;

/// Reads a --limit value: a number of hits, or `all` of them.
pub(crate) fn parse_limit(input: &str) -> Result<usize, String> {
    if input.trim().eq_ignore_ascii_case("all") {
        return Ok(usize::MAX);
    }
    input
        .trim()
        .parse()
        .map_err(|_| format!("expected a number of hits or all, found {}", quoted(input)))
}

pub(crate) fn parse_date(input: &str) -> Result<PartialDate, String> {
    PartialDate::parse(input).map_err(|error| error.to_string())
}

/// Reads a --from value: a date as [`parse_date`] reads it, or an ISO week (`2024-W07`,
/// as `timeline --by week` labels its rows) from its Monday.
fn parse_from_date(input: &str) -> Result<PartialDate, String> {
    match Period::day_of_week_label(input, chrono::Weekday::Mon) {
        Some(day) => day.map(PartialDate::day),
        None => parse_date(input),
    }
}

/// Reads a --to value: a date as [`parse_date`] reads it, or an ISO week to its Sunday.
fn parse_to_date(input: &str) -> Result<PartialDate, String> {
    match Period::day_of_week_label(input, chrono::Weekday::Sun) {
        Some(day) => day.map(PartialDate::day),
        None => parse_date(input),
    }
}

/// Returns `parts` with each run of plain words that is the name of a place in the
/// gazetteer (the longest first) as one phrase: the words of "Nerkin Hand" stay together
/// in a hint, as the search took them (a phrase of a name is searched as the name).
fn place_names_together(archive: &Archive, parts: Vec<Query>) -> Vec<Query> {
    let Ok(gazetteer) = archive.gazetteer() else {
        return parts;
    };
    let mut together = Vec::with_capacity(parts.len());
    let mut position = 0;
    while position < parts.len() {
        let run = (position + 2..=parts.len()).rev().find_map(|end| {
            let words: Option<Vec<&str>> = parts[position..end]
                .iter()
                .map(|part| match part {
                    Query::Word(word) => Some(word.as_str()),
                    _ => None,
                })
                .collect();
            let name = words?.join(" ");
            (!gazetteer.lookup(&name).is_empty()).then_some((end, name))
        });
        match run {
            Some((end, name)) => {
                together.push(Query::Phrase(name));
                position = end;
            }
            None => {
                together.push(parts[position].clone());
                position += 1;
            }
        }
    }
    together
}

/// Names the role a `--speaker` or `--org` value that matched nothing is a word of
/// ("Kremlin" in "Kremlin spokesperson"), with the `--role` that finds its holders.
fn hint_role_with_word(archive: &Archive, name: &str) {
    // The index says at once whether any statement's role has the words; the roles'
    // names are read (a scan of the statements: 0.15 s at 275,000) only when one has,
    // not for every name a typo made.
    let probe = SearchRequest {
        roles: vec![name.to_string()],
        ..SearchRequest::default()
    };
    if archive
        .search(&probe)
        .map_or(true, |found| found.total == 0)
    {
        return;
    }
    let role = known_roles(archive)
        .and_then(|roles| roles.into_iter().find(|role| words_match(name, role)));
    if let Some(role) = role {
        eprintln!(
            "hint: {} is in the role {}: --role {}",
            clean(&quoted(name).to_string()),
            clean(&quoted(&role).to_string()),
            clean(&shell_word(name))
        );
    }
}
