//! `communique timeline`: how many statements match, per day, week, month or year.
//!
//! The same query and filters as `search`, counted by the index from fast fields alone
//! (`Archive::count_each` on the period, the index folding each day into the start of
//! its period, and on a second dimension for `--split`; the statements' periods, for a
//! note on coarse dates, in the same pass); the rows are made here, every period between
//! the first and the last present even when empty, so that a chart or a spreadsheet shows
//! the gaps.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::Arc;

use chrono::{Datelike, Days, Months, NaiveDate};
use serde_json::{json, Value};

use crate::cli::GlobalArgs;
use crate::index::{Counts, Dimension, DimensionValue};
use crate::label::{self, SpeakerLabel, Wanted, OTHER};
use crate::model::Period;
use crate::output::{write_bar_chart, Bar, BarGroup};

use super::search::{query_syntax, FilterArgs, Rerun};
use super::{archive_error, open_archive, stdout_style, IfMissing, Outcome, UserError};

/// Count matching statements per day, week, month or year, as a bar chart.
#[derive(Debug, clap::Args)]
#[command(after_help = concat!(query_syntax!(), "

A statement dated only to a month or a year counts in the first day, week or
month of its period, or of --from when its period begins before; a status line
says how many statements the chart's periods are too short for. Every period
from the first to the last (and from --from to --to) is listed, empty ones too:
at most 20,000 in a chart, 1,000,000 in CSV or JSON.
Weeks are ISO weeks (2024-W07, from Monday). A period that --from or --to cuts
keeps its label, but counts (and in CSV and JSON starts or ends) within the range:
with --from 2023, 2022-W52 starts on 2023-01-01. A split names the statements
without a value (none), the values beyond --top (other), and a value named
like either in double quotes, in the chart, CSV and JSON alike. Speakers who
share a name are series of their own, labelled with their country (and id, if
that is shared too); JSON gives each speaker's id and country.

Exit status, as grep's: 0 when statements matched, 1 when none did, 2 on an
error.

Examples:
  communique timeline --by year
  communique timeline fire --split country --from 2020
  communique timeline restraint --speaker peskov --by week
  communique timeline --split speaker --top 5 --format csv > timeline.csv"))]
pub struct Args {
    /// Length of the periods counted
    #[arg(long, short = 'b', value_enum, default_value_t = DEFAULT_PERIOD, value_name = "PERIOD")]
    pub by: Period,
    /// Split each period's count by speaker, country, … (one bar per value)
    #[arg(long, short = 's', value_enum, value_name = "FIELD")]
    pub split: Option<Split>,
    /// With --split, the number of values kept, the most frequent; the others are added
    /// up as "(other)" (0 keeps all)
    #[arg(long, default_value_t = DEFAULT_TOP, value_name = "N")]
    pub top: usize,
    /// Output format [default: table, or `format` in the config file when it is csv or
    /// json]
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<TimelineFormat>,
    #[command(flatten)]
    pub filters: FilterArgs,
}

/// The periods a timeline counts without --by.
const DEFAULT_PERIOD: Period = Period::Month;

/// The series a split keeps without --top.
const DEFAULT_TOP: usize = 8;

impl Args {
    /// Returns this timeline as its hints suggest running it again: with its periods,
    /// its split and its format.
    fn rerun(&self) -> Rerun {
        let mut rerun = Rerun::new("timeline");
        if self.by != DEFAULT_PERIOD {
            rerun.choice("--by", &self.by);
        }
        if let Some(split) = &self.split {
            rerun.choice("--split", split);
        }
        if self.top != DEFAULT_TOP {
            rerun.option("--top", self.top.to_string());
        }
        if let Some(format) = &self.format {
            rerun.choice("--format", format);
        }
        rerun
    }
}

/// Fields a timeline can be split by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Split {
    Speaker,
    Country,
    #[value(name = "org")]
    Organization,
    Channel,
    Kind,
    #[value(name = "lang")]
    Language,
}

impl Split {
    fn dimension(self) -> Dimension {
        match self {
            Split::Speaker => Dimension::Speaker,
            Split::Country => Dimension::Country,
            Split::Organization => Dimension::Organization,
            Split::Channel => Dimension::Channel,
            Split::Kind => Dimension::Kind,
            Split::Language => Dimension::Language,
        }
    }
}

/// How a timeline is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TimelineFormat {
    /// A bar chart scaled to the terminal's width
    Table,
    /// period,start,end,count and, with --split, one column per value
    Csv,
    /// An array of {period, start, end, count, split: [{value, count}], other}; a
    /// speaker's value also with "id" and "country"
    Json,
}

/// The most periods a chart draws, so that `--by day --from 1900` is refused rather than
/// printed to the terminal.
const MOST_CHARTED_PERIODS: usize = 20_000;

/// The most periods CSV or JSON lists: every day of 2,700 years. Only a date far off (a
/// typo's year 0202, a placeholder's 9999) stretches a timeline this far; the rows are
/// held in memory, so there is a bound.
const MOST_LISTED_PERIODS: usize = 1_000_000;

/// One period of the timeline and its counts.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    label: String,
    start: NaiveDate,
    end: NaiveDate,
    total: u64,
    /// Counts per series, in the order of [`Timeline::series`]; empty without a split.
    split: Vec<u64>,
}

/// Counts per period, with the series of a split in order, most frequent first.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Timeline {
    series: Vec<String>,
    rows: Vec<Row>,
}

/// Runs `timeline`. Exit 0 when something matched, 1 otherwise.
pub fn run(global: &GlobalArgs, args: Args) -> anyhow::Result<Outcome> {
    let format = args
        .format
        .or_else(|| global.settings.format())
        .unwrap_or(TimelineFormat::Table);
    let request = args.filters.request()?;
    let archive = open_archive(global, IfMissing::Fail)?;
    let bounds = (
        args.filters.from.map(|date| date.first_day()),
        args.filters.to.map(|date| date.last_day()),
    );
    // Counted by period, not by day and then by period: a statement dated only to a
    // month or a year that starts before --from yet matches it counts in the period of
    // --from's day (see `Dimension::Period`). By day, a yearly timeline of 300,000
    // statements split by 2,000 speakers merged 240,000 counts of a day and a speaker,
    // where 43,000 of a year and a speaker say the same (session 18).
    let mut dimensions = vec![Dimension::Period {
        length: args.by,
        from: bounds.0,
    }];
    if let Some(split) = args.split {
        dimensions.push(split.dimension());
    }
    // The periods of the matches, for the note on coarse dates, are counted in the same
    // run of the query: a second run cost as much as the first (session 16). No date is
    // less precise than a year: by year there is nothing to note.
    let spans_wanted = !global.quiet && args.by != Period::Year;
    let mut groupings: Vec<&[Dimension]> = vec![&dimensions];
    if spans_wanted {
        groupings.push(&[Dimension::Span]);
    }
    let (mut counts, notes) = archive
        .count_each(&request, &groupings)
        .map_err(|error| archive_error(error, archive.directory()))?;
    let spans = spans_wanted.then(|| counts.pop()).flatten();
    let counts = counts.pop().unwrap_or_default();
    args.filters.report_notes(global, &archive, &notes);
    let total: u64 = counts.iter().map(|(_, count)| count).sum();
    args.filters
        .report_nothing_matched(global, &archive, &args.rerun(), total);
    // Each value of the split once: the position of its series, whose name is its label
    // (values of one label are one series), and the speaker a speaker's series stands for.
    let mut series_of: foldhash::HashMap<Option<&DimensionValue>, usize> =
        foldhash::HashMap::default();
    let mut positions: HashMap<String, usize> = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    let mut speakers: HashMap<String, Arc<SpeakerLabel>> = HashMap::new();
    let mut counted: Vec<(NaiveDate, Option<usize>, u64)> = Vec::with_capacity(counts.len());
    for (key, count) in &counts {
        let Some(&DimensionValue::Day(start)) = key.first() else {
            continue;
        };
        let series = args.split.map(|_| {
            let value = key.get(1);
            *series_of.entry(value).or_insert_with(|| {
                let name = series_name(value);
                if let Some(DimensionValue::Speaker(speaker)) = value {
                    speakers.insert(name.clone(), speaker.clone());
                }
                *positions.entry(name).or_insert_with_key(|name| {
                    names.push(name.clone());
                    names.len() - 1
                })
            })
        });
        counted.push((start, series, *count));
    }
    let most_periods = match format {
        TimelineFormat::Table => MOST_CHARTED_PERIODS,
        TimelineFormat::Csv | TimelineFormat::Json => MOST_LISTED_PERIODS,
    };
    let periods = match periods(&counted, &names, args.by, bounds, args.top, most_periods) {
        Ok(periods) => periods,
        Err(TooManyPeriods) => {
            // The error names the earliest and latest days counted, which the periods'
            // starts do not tell: they are counted on this path alone.
            let (days, _) = archive
                .count_by(
                    &request,
                    &[Dimension::Period {
                        length: Period::Day,
                        from: bounds.0,
                    }],
                )
                .map_err(|error| archive_error(error, archive.directory()))?;
            let days = days.iter().filter_map(|(key, _)| match key.first() {
                Some(&DimensionValue::Day(day)) => Some(day),
                _ => None,
            });
            return Err(too_many_periods(days, args.by, most_periods));
        }
    };
    let mut stdout = super::stdout_for(format == TimelineFormat::Csv);
    // CSV is written a row at a time, as the rows are made; the chart is scaled to them
    // all.
    match format {
        TimelineFormat::Table => {
            let timeline = periods.timeline();
            write_chart(&mut stdout, &timeline, stdout_style(global))?;
            stdout.flush()?;
            // Below the chart, as footnotes to it. The chart shows labels only; CSV and
            // JSON carry the cut start and end.
            if let Some(note) = cut_periods_note(args.by, &timeline) {
                super::status(global, &note);
            }
        }
        TimelineFormat::Csv => write_csv(
            &mut stdout,
            &periods.series,
            periods.rows(),
            args.split.is_some(),
        )?,
        TimelineFormat::Json => write_json(
            &mut stdout,
            &periods.series,
            periods.rows(),
            args.split.is_some(),
            &speakers,
        )?,
    }
    stdout.flush()?;
    if let Some(spans) = spans {
        if let Some(note) = coarse_dates_note(spans, args.by, args.filters.from.is_some()) {
            super::status(global, &note);
        }
    }
    Ok(if periods.any_counted() {
        Outcome::Success
    } else {
        Outcome::NothingFound
    })
}

/// Returns the name of a series from the split dimension's value: its label (see
/// [`label::shown`]), so that a value named "(none)" or "(other)" is a series apart from
/// the statements without a value and from the values beyond `--top`. The name is also a
/// CSV column, where null cannot stand for "no value"; JSON reads the value back from it.
fn series_name(value: Option<&DimensionValue>) -> String {
    match value {
        Some(DimensionValue::Label(value)) if !value.is_empty() => {
            label::shown(Some(value)).into_owned()
        }
        // Speakers who share a name are series apart, labelled apart.
        Some(DimensionValue::Speaker(speaker)) => speaker.shown.clone(),
        Some(DimensionValue::Id(id)) => format!("#{id}"),
        Some(DimensionValue::Day(day)) => day.to_string(),
        _ => label::NONE.to_string(),
    }
}

/// The error for a timeline of more than `most_periods` periods: it names the earliest and
/// latest dates that stretch it (often one typo, a year 0202), and suggests only periods
/// longer than the ones asked for.
fn too_many_periods(
    days: impl Iterator<Item = NaiveDate> + Clone,
    period: Period,
    most_periods: usize,
) -> anyhow::Error {
    let earliest = days.clone().min();
    let latest = days.max();
    let mut message = format!("the timeline would have more than {most_periods} periods");
    let mut hint = String::new();
    if let (Some(earliest), Some(latest)) = (earliest, latest) {
        message.push_str(&format!(
            ": the statements counted are dated from {earliest} to {latest}"
        ));
        hint.push_str(&format!(
            "if a date is wrong, `communique search --to {earliest}` or `--from {latest}` finds it; "
        ));
    }
    let longer: Vec<&str> = match period {
        Period::Day => vec!["--by month", "--by year"],
        Period::Week => vec!["--by month", "--by year"],
        Period::Month => vec!["--by year"],
        Period::Year => Vec::new(),
    };
    if !longer.is_empty() {
        hint.push_str(&format!(
            "count longer periods ({}), or ",
            longer.join(" or ")
        ));
    }
    hint.push_str("narrow it with --from and --to");
    UserError::with_hint(message, hint).into()
}

/// Returns the start of the period holding `day`.
fn period_start(period: Period, day: NaiveDate) -> NaiveDate {
    period.start_of(day)
}

/// Returns the start of the period after the one starting on `start`, None past the
/// calendar's end.
fn next_start(period: Period, start: NaiveDate) -> Option<NaiveDate> {
    match period {
        Period::Day => start.checked_add_days(Days::new(1)),
        Period::Week => start.checked_add_days(Days::new(7)),
        Period::Month => start.checked_add_months(Months::new(1)),
        Period::Year => start.checked_add_months(Months::new(12)),
    }
}

/// Returns the label of the period starting on `start`: 2024-02-13, 2024-W07, 2024-02 or
/// 2024.
fn period_label(period: Period, start: NaiveDate) -> String {
    match period {
        Period::Day => start.format("%Y-%m-%d").to_string(),
        Period::Week => {
            let week = start.iso_week();
            format!("{:04}-W{:02}", week.year(), week.week())
        }
        Period::Month => start.format("%Y-%m").to_string(),
        Period::Year => start.format("%Y").to_string(),
    }
}

/// Timelines of more periods than a chart draws or a file lists are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TooManyPeriods;

/// A timeline before its rows are made: the series in order, and the counts in order of
/// period. The rows are made one at a time ([`Periods::rows`]): CSV writes each as it is
/// made, so that a timeline by day of 2,000 speakers does not hold 25 million counts
/// (200 MB) at once.
struct Periods {
    period: Period,
    bounds: (Option<NaiveDate>, Option<NaiveDate>),
    series: Vec<String>,
    /// Whether the counts have series: without, rows have no split counts.
    split: bool,
    /// The column of each series by its position among the names given.
    columns: Vec<usize>,
    /// The counts, each on the start of its period, in order of it.
    by_start: Vec<(NaiveDate, Option<usize>, u64)>,
    /// The first and last periods listed, None when nothing was counted.
    span: Option<(NaiveDate, NaiveDate)>,
}

/// Buckets per-day counts into periods, every period from the first to the last listed,
/// stretched to `bounds` when given; with series, keeps the `top` most frequent (0: all) and adds
/// the others up as "(other)". More than `most_periods` periods are refused.
///
/// A count's series is its position in `names` (each name once). The counts may be per
/// day or per period (any day of it, as the index counts them), in any order; each
/// period's row is filled as the periods are listed, in order (session 18: a timeline by
/// day of 2,000 speakers looked every count's series up by name among the series, one by
/// one, and copied every row).
fn periods(
    counts: &[(NaiveDate, Option<usize>, u64)],
    names: &[String],
    period: Period,
    bounds: (Option<NaiveDate>, Option<NaiveDate>),
    top: usize,
    most_periods: usize,
) -> Result<Periods, TooManyPeriods> {
    let split = counts.iter().any(|(_, series, _)| series.is_some());
    let mut totals: Vec<(&str, u64)> = names.iter().map(|name| (name.as_str(), 0)).collect();
    for (_, series, count) in counts {
        if let Some(series) = series {
            totals[*series].1 += count;
        }
    }
    let mut ranked: Vec<usize> = (0..totals.len()).collect();
    ranked.sort_by(|&a, &b| {
        let (a, b) = (totals[a], totals[b]);
        b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0))
    });
    let mut series: Vec<String> = ranked
        .iter()
        .map(|&position| totals[position].0.to_string())
        .collect();
    if top > 0 && series.len() > top {
        series.truncate(top);
        series.push(OTHER.to_string());
    }
    // The column of each series by its position; those beyond --top in (other), the last.
    let mut columns = vec![series.len().saturating_sub(1); totals.len()];
    let kept = if top > 0 {
        top.min(ranked.len())
    } else {
        ranked.len()
    };
    for (column, &position) in ranked[..kept].iter().enumerate() {
        columns[position] = column;
    }
    let mut by_start: Vec<(NaiveDate, Option<usize>, u64)> = counts
        .iter()
        .map(|&(day, series, count)| (period_start(period, day), series, count))
        .collect();
    by_start.sort_by_key(|&(start, ..)| start);
    // From the first period to the last, stretched to --from and --to; a statement dated
    // only to a year can count before --from (in January), and is not dropped.
    let span = by_start.first().zip(by_start.last()).map(|(first, last)| {
        let first = bounds
            .0
            .map_or(first.0, |from| first.0.min(period_start(period, from)));
        let last = bounds
            .1
            .map_or(last.0, |to| last.0.max(period_start(period, to)));
        (first, last)
    });
    // Refused before any row is made (and CSV written).
    if let Some((first, last)) = span {
        let mut listed = 0;
        let mut start = Some(first);
        while let Some(listing) = start.filter(|&start| start <= last) {
            if listed == most_periods {
                return Err(TooManyPeriods);
            }
            listed += 1;
            start = next_start(period, listing);
        }
    }
    Ok(Periods {
        period,
        bounds,
        series,
        split,
        columns,
        by_start,
        span,
    })
}

impl Periods {
    /// Returns the rows, one per period from the first to the last, made as they are read.
    fn rows(&self) -> impl Iterator<Item = Row> + '_ {
        let Periods { period, bounds, .. } = *self;
        let mut counted = self.by_start.iter().peekable();
        let mut next = self.span.map(|(first, _)| first);
        std::iter::from_fn(move || {
            let (_, last) = self.span?;
            let start = next.filter(|&start| start <= last)?;
            next = next_start(period, start);
            let end = next
                .and_then(|next| next.pred_opt())
                .unwrap_or(NaiveDate::MAX);
            let mut total = 0;
            let mut split_counts = vec![0; if self.split { self.series.len() } else { 0 }];
            // Every count's period is one of those listed, in order.
            while let Some((_, position, count)) =
                counted.next_if(|&&(counted_start, ..)| counted_start == start)
            {
                total += count;
                if let Some(position) = position {
                    split_counts[self.columns[*position]] += count;
                }
            }
            // A period cut by --from or --to shows the days it counts, not the whole
            // period: with --from 2023, the ISO week holding 1 January (2022-W52) starts
            // on 2023-01-01, and nothing in it seems to come from 2022.
            let shown_start = match bounds.0 {
                Some(from) if start < from && from <= end => from,
                _ => start,
            };
            let shown_end = match bounds.1 {
                Some(to) if start <= to && to < end => to,
                _ => end,
            };
            Some(Row {
                label: period_label(period, start),
                start: shown_start,
                end: shown_end,
                total,
                split: split_counts,
            })
        })
    }

    /// Returns the timeline with all of its rows.
    fn timeline(&self) -> Timeline {
        Timeline {
            series: self.series.clone(),
            rows: self.rows().collect(),
        }
    }

    /// Tells whether any statement was counted.
    fn any_counted(&self) -> bool {
        self.by_start.iter().any(|&(_, _, count)| count > 0)
    }
}

/// Says how many of the matching statements are dated less precisely than the
/// periods counted (a month or a year, counted by week), where each one counts and which
/// periods would place it, or None when all fit: a weekly chart's bar at a month's
/// first week would otherwise read as a burst of statements that week. `spans` are the
/// matches counted by the days of their periods ([`Dimension::Span`]).
fn coarse_dates_note(spans: Counts, period: Period, from: bool) -> Option<String> {
    let longest_fitting = match period {
        Period::Day => 1,
        Period::Week => 7,
        Period::Month => 31,
        // No date is less precise than a year.
        Period::Year => return None,
    };
    // Every statement has one period: these counts add up to the matches.
    let total: u64 = spans.iter().map(|(_, count)| count).sum();
    let (mut coarse, mut longest) = (0, 0);
    for (key, count) in spans {
        if let Some(&DimensionValue::Days(days)) = key.first() {
            if days > longest_fitting {
                coarse += count;
                longest = longest.max(days);
            }
        }
    }
    if coarse == 0 {
        return None;
    }
    let (period_name, dated, placed_by) = match (period, longest > 31) {
        (Period::Day, false) => ("day", "a month", "--by month"),
        (Period::Week, false) => ("week", "a month", "--by month"),
        (Period::Day, true) => ("day", "a month or a year", "--by year"),
        (Period::Week, true) => ("week", "a month or a year", "--by year"),
        _ => ("month", "a year", "--by year"),
    };
    let (is, each, them) = match coarse {
        1 => ("is", "it", "it"),
        _ => ("are", "each", "them"),
    };
    let start = match from {
        true => "its period, or of --from if that is later",
        false => "its period",
    };
    // "1 of the 1 statements" read as a slip: the counts say it as a person would.
    let which = match (coarse, total) {
        (1, 1) => "the one statement".to_string(),
        (coarse, total) if coarse == total => format!("all {total} statements"),
        (coarse, total) => format!("{coarse} of the {total} statements"),
    };
    Some(format!(
        "{which} {is} dated only to {dated}: {each} counts in the first {period_name} of {start} ({placed_by} places {them})"
    ))
}

/// Says which of the first and last periods --from and --to cut short, and to which
/// days, or None: a chart's label (2022-W52 for --from 2023) names the whole period.
fn cut_periods_note(period: Period, timeline: &Timeline) -> Option<String> {
    let mut cuts = Vec::new();
    if let Some(first) = timeline.rows.first() {
        if period_start(period, first.start) != first.start {
            cuts.push(format!(
                "{} counts only from {} (--from)",
                first.label, first.start
            ));
        }
    }
    if let Some(last) = timeline.rows.last() {
        let whole_end = next_start(period, period_start(period, last.start))
            .and_then(|next| next.pred_opt())
            .unwrap_or(NaiveDate::MAX);
        if whole_end != last.end {
            cuts.push(format!("{} only up to {} (--to)", last.label, last.end));
        }
    }
    (!cuts.is_empty()).then(|| cuts.join("; "))
}

/// Draws the timeline as a bar chart: one line per period, or per period and series.
fn write_chart(
    out: &mut dyn Write,
    timeline: &Timeline,
    style: crate::output::Style,
) -> std::io::Result<()> {
    if timeline.rows.iter().all(|row| row.total == 0) {
        return Ok(());
    }
    let mut bars = Vec::new();
    for row in &timeline.rows {
        let present: Vec<(usize, u64)> = row
            .split
            .iter()
            .copied()
            .enumerate()
            .filter(|&(_, count)| count > 0)
            .collect();
        if present.is_empty() {
            bars.push(Bar {
                label: row.label.clone(),
                series: None,
                count: row.total,
            });
        }
        for (position, count) in present {
            bars.push(Bar {
                label: row.label.clone(),
                series: Some(timeline.series[position].clone()),
                count,
            });
        }
    }
    write_bar_chart(
        out,
        &[BarGroup {
            heading: None,
            bars,
            footer: None,
        }],
        &timeline.series,
        style,
    )
}

/// Writes one CSV row per period: period, start, end, count, then one column per series.
fn write_csv(
    out: &mut dyn Write,
    series: &[String],
    rows: impl Iterator<Item = Row>,
    split: bool,
) -> anyhow::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let fixed = ["period", "start", "end", "count"];
    let mut header: Vec<Cow<'_, str>> = fixed.iter().map(|&name| Cow::Borrowed(name)).collect();
    if split {
        // A value named as a fixed column (a channel "count") would be a second column of
        // that name, which a CSV reader keyed by names reads in place of the total: it
        // is quoted, as a value named "(none)" is.
        header.extend(series.iter().map(|name| {
            if fixed.iter().any(|column| column.eq_ignore_ascii_case(name)) {
                Cow::Owned(format!("\"{name}\""))
            } else {
                Cow::Borrowed(name.as_str())
            }
        }));
    }
    writer.write_record(header.iter().map(|name| name.as_bytes()))?;
    // The rows are labels of periods, dates and numbers, none of which CSV quotes:
    // written as they are, a line at a time. A timeline by day split by 2,000 speakers has
    // 25 million counts, most of them 0, and a string for each, then the CSV writer's
    // work for each, were most of its time (session 18).
    let out = writer.into_inner().map_err(|error| error.into_error())?;
    let mut line: Vec<u8> = Vec::new();
    for row in rows {
        line.clear();
        write!(
            line,
            "{},{},{},{}",
            row.label, row.start, row.end, row.total
        )?;
        for &count in &row.split {
            match count {
                0 => line.extend_from_slice(b",0"),
                count => write!(line, ",{count}")?,
            }
        }
        line.push(b'\n');
        out.write_all(&line)?;
    }
    out.flush()?;
    Ok(())
}

/// Writes a JSON array of periods, each with its counts per series under `split`; the
/// series of `speakers` with the speaker's name, id and country.
///
/// The array is written a period at a time, as the rows are made, laid out as
/// `serde_json`'s pretty printer lays out the whole (a test compares the two): a year by
/// day split by thousands of speakers is millions of counts, and as one JSON value it took
/// 7 GB for the UN paragraphs by month (session 19). Each series' text is made once.
fn write_json(
    out: &mut dyn Write,
    series: &[String],
    rows: impl Iterator<Item = Row>,
    split: bool,
    speakers: &HashMap<String, Arc<SpeakerLabel>>,
) -> anyhow::Result<()> {
    // As `facets` and `stats` write counts: `{value, count}`, a missing value as null. As
    // object keys, the statements without a value had to be the label "(none)", which a
    // program cannot tell from a value; the values beyond --top are no value at all, and
    // are counted apart, as `other`.
    let series: Vec<Option<Vec<u8>>> = series
        .iter()
        .map(|name| {
            if name == OTHER {
                return Ok(None);
            }
            let value = match speakers.get(name) {
                Some(speaker) => json!({
                    "value": speaker.name,
                    "id": speaker.id,
                    "country": speaker.country,
                }),
                // A series is named by its label, which reads back as its value.
                None => json!({"value": match label::read(name) {
                    Wanted::Missing => None,
                    Wanted::Value(named) => Some(named),
                }}),
            };
            count_lead(&value, 3).map(Some)
        })
        .collect::<io::Result<_>>()?;
    let mut rows = rows.peekable();
    if rows.peek().is_none() {
        out.write_all(b"[]\n")?;
        return Ok(());
    }
    out.write_all(b"[")?;
    let mut first = true;
    let mut element = Vec::new();
    for row in rows {
        element.clear();
        element.extend_from_slice(if first { b"\n" } else { b",\n" });
        first = false;
        element.extend_from_slice(b"  {\n    \"period\": ");
        crate::output::write_json(&mut element, &row.label, false)?;
        write!(
            element,
            ",\n    \"start\": \"{}\",\n    \"end\": \"{}\",\n    \"count\": {}",
            row.start, row.end, row.total
        )?;
        if split {
            element.extend_from_slice(b",\n    \"split\": [");
            let mut other = None;
            let mut listed = 0;
            for (lead, &count) in series.iter().zip(&row.split) {
                let Some(lead) = lead else {
                    other = Some(count);
                    continue;
                };
                element.extend_from_slice(if listed == 0 { b"\n" } else { b",\n" });
                element.extend_from_slice(lead);
                write!(element, "{count}\n      }}")?;
                listed += 1;
            }
            element.extend_from_slice(if listed == 0 { b"]" } else { b"\n    ]" });
            if let Some(other) = other {
                write!(element, ",\n    \"other\": {other}")?;
            }
        }
        element.extend_from_slice(b"\n  }");
        out.write_all(&element)?;
    }
    out.write_all(b"\n]\n")?;
    Ok(())
}

/// The text of `object` laid out as an element `depth` levels deep of a pretty JSON
/// document, its last member followed by a `"count": ` member waiting for its number.
fn count_lead(object: &Value, depth: usize) -> io::Result<Vec<u8>> {
    let mut pretty = Vec::new();
    crate::output::write_json(&mut pretty, object, true)?;
    // The closing "\n}" makes way for the count.
    pretty.truncate(pretty.len().saturating_sub(2));
    pretty.extend_from_slice(b",\n  \"count\": ");
    let indent = "  ".repeat(depth);
    let mut lead = indent.clone().into_bytes();
    // JSON strings hold no raw line break: every one starts a line of the object.
    for line in pretty.split_inclusive(|&byte| byte == b'\n') {
        lead.extend_from_slice(line);
        if line.ends_with(b"\n") {
            lead.extend_from_slice(indent.as_bytes());
        }
    }
    Ok(lead)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    /// Builds the timeline of counts whose series are named, as `run` names them.
    fn build(
        counts: &[(NaiveDate, Option<String>, u64)],
        period: Period,
        bounds: (Option<NaiveDate>, Option<NaiveDate>),
        top: usize,
        most_periods: usize,
    ) -> anyhow::Result<Timeline> {
        let mut names: Vec<String> = Vec::new();
        let counted: Vec<_> = counts
            .iter()
            .map(|(day, name, count)| {
                let series = name.as_ref().map(|name| {
                    names
                        .iter()
                        .position(|known| known == name)
                        .unwrap_or_else(|| {
                            names.push(name.clone());
                            names.len() - 1
                        })
                });
                (*day, series, *count)
            })
            .collect();
        periods(&counted, &names, period, bounds, top, most_periods)
            .map(|periods| periods.timeline())
            .map_err(|TooManyPeriods| {
                too_many_periods(counts.iter().map(|(day, ..)| *day), period, most_periods)
            })
    }

    /// Returns "label=total" or "label=total[a,b]" per row.
    fn check(
        counts: &[(&str, Option<&str>, u64)],
        period: Period,
        bounds: (Option<&str>, Option<&str>),
        top: usize,
    ) -> (Vec<String>, Vec<String>) {
        let counts: Vec<_> = counts
            .iter()
            .map(|(date, series, count)| (day(date), series.map(str::to_string), *count))
            .collect();
        let timeline = build(
            &counts,
            period,
            (bounds.0.map(day), bounds.1.map(day)),
            top,
            MOST_CHARTED_PERIODS,
        )
        .unwrap();
        let rows = timeline
            .rows
            .iter()
            .map(|row| {
                if row.split.is_empty() {
                    format!("{}={}", row.label, row.total)
                } else {
                    format!("{}={}{:?}", row.label, row.total, row.split)
                }
            })
            .collect();
        (timeline.series, rows)
    }

    #[test]
    fn months_are_listed_from_first_to_last_with_the_empty_ones() {
        let (_, rows) = check(
            &[
                ("2023-11-30", None, 2),
                ("2024-02-13", None, 3),
                ("2024-02-01", None, 1),
            ],
            Period::Month,
            (None, None),
            0,
        );
        assert_eq!(rows, ["2023-11=2", "2023-12=0", "2024-01=0", "2024-02=4"]);
    }

    #[test]
    fn weeks_are_iso_weeks() {
        // 2024-01-01 is a Monday (2024-W01); 2023-01-01 is a Sunday, in 2022-W52.
        let (_, rows) = check(
            &[("2023-01-01", None, 1), ("2023-01-02", None, 1)],
            Period::Week,
            (None, None),
            0,
        );
        assert_eq!(rows, ["2022-W52=1", "2023-W01=1"]);
        assert_eq!(
            period_start(Period::Week, day("2024-02-18")),
            day("2024-02-12")
        );
        assert_eq!(period_label(Period::Week, day("2024-02-12")), "2024-W07");
        // The last days of 2024 are in 2025-W01.
        assert_eq!(
            period_label(Period::Week, period_start(Period::Week, day("2024-12-31"))),
            "2025-W01"
        );
    }

    #[test]
    fn bounds_extend_the_range_to_the_periods_asked_for() {
        let (_, rows) = check(
            &[("2022-06-01", None, 5)],
            Period::Year,
            (Some("2020-01-01"), Some("2023-12-31")),
            0,
        );
        assert_eq!(rows, ["2020=0", "2021=0", "2022=5", "2023=0"]);
        let (_, rows) = check(&[], Period::Year, (Some("2020-01-01"), None), 0);
        assert!(rows.is_empty(), "nothing matched, nothing listed");
        // A statement dated to 2024 counts on 2024-01-01, before --from 2024-02: it is
        // listed, not dropped.
        let (_, rows) = check(
            &[("2024-01-01", None, 1), ("2024-02-12", None, 2)],
            Period::Month,
            (Some("2024-02-01"), Some("2024-03-31")),
            0,
        );
        assert_eq!(rows, ["2024-01=1", "2024-02=2", "2024-03=0"]);
    }

    /// Returns "label start end" per row.
    fn spans(
        counts: &[(&str, u64)],
        period: Period,
        bounds: (Option<&str>, Option<&str>),
    ) -> Vec<String> {
        let counts: Vec<_> = counts
            .iter()
            .map(|(date, count)| (day(date), None, *count))
            .collect();
        build(
            &counts,
            period,
            (bounds.0.map(day), bounds.1.map(day)),
            0,
            MOST_CHARTED_PERIODS,
        )
        .unwrap()
        .rows
        .iter()
        .map(|row| format!("{} {} {}", row.label, row.start, row.end))
        .collect()
    }

    #[test]
    fn periods_cut_by_the_bounds_start_and_end_within_them() {
        let bounds = (Some("2023-01-01"), Some("2023-01-10"));
        assert_eq!(
            spans(&[("2023-01-01", 1)], Period::Week, bounds),
            [
                "2022-W52 2023-01-01 2023-01-01",
                "2023-W01 2023-01-02 2023-01-08",
                "2023-W02 2023-01-09 2023-01-10"
            ]
        );
        assert_eq!(
            spans(
                &[("2023-11-15", 1)],
                Period::Month,
                (Some("2023-11-15"), Some("2024-01-20"))
            ),
            [
                "2023-11 2023-11-15 2023-11-30",
                "2023-12 2023-12-01 2023-12-31",
                "2024-01 2024-01-01 2024-01-20"
            ]
        );
        assert_eq!(
            spans(
                &[("2023-06-01", 1)],
                Period::Year,
                (Some("2023-06-01"), None)
            ),
            ["2023 2023-06-01 2023-12-31"]
        );
        // Without bounds, whole periods.
        assert_eq!(
            spans(&[("2023-01-01", 1)], Period::Week, (None, None)),
            ["2022-W52 2022-12-26 2023-01-01"]
        );
    }

    #[test]
    fn splits_keep_the_most_frequent_series_and_add_up_the_others() {
        let counts = [
            ("2024-01-05", Some("AZ"), 3),
            ("2024-01-09", Some("AM"), 2),
            ("2024-02-01", Some("RU"), 1),
            ("2024-02-01", Some("AZ"), 1),
            ("2024-03-01", Some("TR"), 1),
        ];
        let (series, rows) = check(&counts, Period::Month, (None, None), 0);
        assert_eq!(series, ["AZ", "AM", "RU", "TR"]);
        assert_eq!(
            rows,
            [
                "2024-01=5[3, 2, 0, 0]",
                "2024-02=2[1, 0, 1, 0]",
                "2024-03=1[0, 0, 0, 1]"
            ]
        );
        let (series, rows) = check(&counts, Period::Month, (None, None), 2);
        assert_eq!(series, ["AZ", "AM", "(other)"]);
        assert_eq!(
            rows,
            [
                "2024-01=5[3, 2, 0]",
                "2024-02=2[1, 0, 1]",
                "2024-03=1[0, 0, 1]"
            ]
        );
    }

    /// A channel named "(other)" was added to the values beyond --top, one named
    /// "(none)" to the statements without a channel.
    #[test]
    fn values_named_like_a_series_label_are_series_of_their_own() {
        let label = |text: &str| DimensionValue::Label(text.into());
        let named = |value: &DimensionValue| series_name(Some(value));
        assert_eq!(named(&label("(other)")), "\"(other)\"");
        assert_eq!(named(&label("(none)")), "\"(none)\"");
        assert_eq!(named(&DimensionValue::Missing), "(none)");
        assert_eq!(named(&label("telegram")), "telegram");
        let counts: Vec<_> = [
            (label("(other)"), 4),
            (DimensionValue::Missing, 3),
            (label("(none)"), 2),
            (label("telegram"), 1),
        ]
        .into_iter()
        .map(|(value, count)| (day("2024-01-01"), Some(series_name(Some(&value))), count))
        .collect();
        let timeline = build(&counts, Period::Year, (None, None), 2, MOST_CHARTED_PERIODS).unwrap();
        assert_eq!(timeline.series, ["\"(other)\"", "(none)", "(other)"]);
        assert_eq!(timeline.rows[0].split, [4, 3, 3]);
    }

    #[test]
    fn too_many_periods_are_refused() {
        let counts = [(day("1900-01-01"), None, 1), (day("2024-01-01"), None, 1)];
        let error = build(&counts, Period::Day, (None, None), 0, MOST_CHARTED_PERIODS).unwrap_err();
        assert!(error.to_string().contains("more than 20000 periods"));
        assert!(build(
            &counts,
            Period::Month,
            (None, None),
            0,
            MOST_CHARTED_PERIODS
        )
        .is_ok());
        assert!(build(&counts, Period::Day, (None, None), 0, MOST_LISTED_PERIODS).is_ok());
    }

    #[test]
    fn json_written_a_period_at_a_time_is_the_pretty_document() {
        // What `write_json` wrote as one `serde_json` value before it streamed.
        fn whole(
            timeline: &Timeline,
            split: bool,
            speakers: &HashMap<String, Arc<SpeakerLabel>>,
        ) -> String {
            let rows: Vec<Value> = timeline
                .rows
                .iter()
                .map(|row| {
                    let mut value = json!({
                        "period": row.label,
                        "start": row.start.to_string(),
                        "end": row.end.to_string(),
                        "count": row.total,
                    });
                    if split {
                        let mut values = Vec::new();
                        let mut other = None;
                        for (name, &count) in timeline.series.iter().zip(&row.split) {
                            if name == OTHER {
                                other = Some(count);
                            } else if let Some(speaker) = speakers.get(name) {
                                values.push(json!({"value": speaker.name, "id": speaker.id, "country": speaker.country, "count": count}));
                            } else {
                                let named = match label::read(name) {
                                    Wanted::Missing => None,
                                    Wanted::Value(named) => Some(named),
                                };
                                values.push(json!({"value": named, "count": count}));
                            }
                        }
                        value["split"] = Value::Array(values);
                        if let Some(other) = other {
                            value["other"] = json!(other);
                        }
                    }
                    value
                })
                .collect();
            let mut text = Vec::new();
            crate::output::write_json(&mut text, &rows, true).unwrap();
            text.push(b'\n');
            String::from_utf8(text).unwrap()
        }
        let hostile = "Quote \" back\\slash \u{202E}override\nline";
        let speaker = Arc::new(SpeakerLabel {
            id: 7,
            name: hostile.to_string(),
            country: None,
            shown: hostile.to_string(),
        });
        let speakers: HashMap<_, _> = [("speaker 7".to_string(), speaker)].into();
        let counts = [
            (day("2024-01-05"), Some("speaker 7".to_string()), 3),
            (day("2024-01-06"), Some(series_name(None)), 2),
            (day("2024-03-01"), Some("telegram".to_string()), 1),
            (day("2024-03-02"), Some("x".to_string()), 1),
        ];
        for (top, split) in [(0, true), (2, true), (1, true), (0, false)] {
            let timeline = build(
                &counts,
                Period::Month,
                (None, None),
                top,
                MOST_CHARTED_PERIODS,
            )
            .unwrap();
            let mut streamed = Vec::new();
            write_json(
                &mut streamed,
                &timeline.series,
                timeline.rows.clone().into_iter(),
                split,
                &speakers,
            )
            .unwrap();
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                whole(&timeline, split, &speakers),
                "top {top}, split {split}"
            );
        }
        let mut empty = Vec::new();
        write_json(&mut empty, &[], std::iter::empty(), true, &speakers).unwrap();
        assert_eq!(
            String::from_utf8(empty).unwrap(),
            whole(
                &Timeline {
                    series: Vec::new(),
                    rows: Vec::new()
                },
                true,
                &speakers
            )
        );
    }
}
