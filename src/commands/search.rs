//! `communique search`: full text and filters, ranked, with snippets.

use std::io::Write;

use crate::archive::SearchRequest;
use crate::cli::GlobalArgs;
use crate::country;
use crate::index::Ordering;
use crate::model::{normalize_label, PartialDate, StatementKind};
use crate::output::{clean, write_hits, HitFormat};
use crate::query::Query;

use super::{archive_error, open_archive, status, stdout_style, IfMissing, Outcome, UserError};

/// Search statements: full text and filters, ranked, with snippets.
#[derive(Debug, clap::Args)]
#[command(after_help = "Query syntax:
  restraint peskov       both words (AND); English stemming: provocation finds provocative
  \"combat post\"          the words next to each other, in order
  Tovuz OR Gafan         either word (OR in capitals)
  -drill, NOT drill      exclude statements with the word
  provoc*                words starting with provoc
  (Tovuz OR Gafan) fire  group with parentheses
Case and diacritics are ignored. Without a query, the filters alone select, newest first.

Examples:
  communique search restraint --speaker peskov
  communique search '\"combat post\"' --country AZ --from 2024-02-01 --to 2024-02-29
  communique search --speaker \"Defence Ministry\" --country AM --format json | jq .
  communique search provoc* --count")]
pub struct Args {
    /// Full-text query (several arguments are joined with spaces)
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    /// Speaker: any word of the name or an alias, e.g. peskov (repeat for OR)
    #[arg(long, value_name = "NAME")]
    pub speaker: Vec<String>,
    /// Organization: any words of its name (repeat for OR)
    #[arg(long = "org", value_name = "NAME")]
    pub organization: Vec<String>,
    /// Country: ISO code (AM, ARM) or English name (repeat for OR)
    #[arg(long, value_name = "COUNTRY", value_parser = parse_country)]
    pub country: Vec<String>,
    /// Channel, e.g. telegram, statement, press-conference (repeat for OR)
    #[arg(long, value_name = "CHANNEL")]
    pub channel: Vec<String>,
    /// Kind of statement (repeat for OR)
    #[arg(long, value_enum)]
    pub kind: Vec<StatementKind>,
    /// Language code, e.g. en, ru (repeat for OR)
    #[arg(long = "lang", value_name = "CODE")]
    pub language: Vec<String>,
    /// Tag (repeat for OR)
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,
    /// Statements from this date on: 2024, 2024-02 or 2024-02-13 (inclusive)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<PartialDate>,
    /// Statements up to this date: 2024, 2024-02 or 2024-02-13 (inclusive)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<PartialDate>,
    /// Order of hits [default: relevance with a query, newest without]
    #[arg(long, value_enum)]
    pub sort: Option<SortOrder>,
    /// Number of hits to print
    #[arg(long, short = 'n', default_value_t = 20)]
    pub limit: usize,
    /// Number of hits to skip, for paging
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Print only the number of matching statements
    #[arg(long, short = 'c')]
    pub count: bool,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = HitFormat::Table)]
    pub format: HitFormat,
}

/// Orders of search hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortOrder {
    /// Best match first (BM25)
    Relevance,
    /// Most recent first; a statement dated to a month or year sorts at its start
    Newest,
    /// Oldest first
    Oldest,
}

/// Runs `search`. Exit 0 with hits, 1 without.
pub fn run(global: &GlobalArgs, args: Args) -> anyhow::Result<Outcome> {
    let query_text = args.query.join(" ");
    let query = if query_text.trim().is_empty() {
        None
    } else {
        Some(Query::parse(&query_text).map_err(|error| {
            UserError::with_hint(
                format!("invalid query: {error}\n{}", error.pointer(&query_text)),
                "see `communique search --help` for the query syntax; put a phrase in \"quotes\"",
            )
        })?)
    };
    if let (Some(from), Some(to)) = (args.from, args.to) {
        if from.first_day() > to.last_day() {
            return Err(UserError::with_hint(
                format!("--from {from} is after --to {to}"),
                "swap the two dates",
            )
            .into());
        }
    }
    let archive = open_archive(global, IfMissing::Fail)?;
    let request = SearchRequest {
        query,
        speakers: args.speaker,
        organizations: args.organization,
        countries: args.country,
        channels: args
            .channel
            .iter()
            .map(|channel| normalize_label(channel))
            .collect(),
        kinds: args.kind,
        languages: args
            .language
            .iter()
            .map(|language| normalize_label(language))
            .collect(),
        tags: args.tag.iter().map(|tag| normalize_label(tag)).collect(),
        from: args.from,
        to: args.to,
        ordering: args.sort.map(|sort| match sort {
            SortOrder::Relevance => Ordering::Relevance,
            SortOrder::Newest => Ordering::Newest,
            SortOrder::Oldest => Ordering::Oldest,
        }),
        limit: if args.count { 0 } else { args.limit },
        offset: args.offset,
        snippet_chars: 160,
    };
    let results = archive
        .search(&request)
        .map_err(|error| archive_error(error, archive.directory()))?;
    for note in &results.notes {
        status(global, &clean(note));
    }
    let mut stdout = std::io::stdout().lock();
    if args.count {
        writeln!(stdout, "{}", results.total)?;
    } else {
        write_hits(&mut stdout, &results, args.format, stdout_style(global))?;
        if args.format == HitFormat::Table
            && results.total > results.hits.len() + args.offset
            && !results.hits.is_empty()
        {
            stdout.flush()?;
            status(
                global,
                &format!(
                    "{} of {} matches shown; use --limit and --offset for more",
                    results.hits.len(),
                    results.total
                ),
            );
        }
    }
    stdout.flush()?;
    Ok(if results.total > 0 {
        Outcome::Success
    } else {
        Outcome::NothingFound
    })
}

fn parse_country(input: &str) -> Result<String, String> {
    country::lookup(input)
        .map(|found| found.alpha2.to_string())
        .ok_or_else(|| format!("unknown country {input:?}: use an ISO 3166-1 code such as AM or ARM, or an English name"))
}

fn parse_date(input: &str) -> Result<PartialDate, String> {
    PartialDate::parse(input).map_err(|error| error.to_string())
}
