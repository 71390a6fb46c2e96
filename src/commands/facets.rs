//! `communique facets`: how the statements a search matches divide by speaker, country,
//! channel, kind, language and year.
//!
//! Counted by the index from fast fields, every field in one pass over the matches
//! (`Archive::count_each`); the year is the day dimension bucketed here.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Arc;

use chrono::Datelike;
use serde_json::{json, Value};

use crate::cli::GlobalArgs;
use crate::country;
use crate::index::{Dimension, DimensionValue};
use crate::label::{self, SpeakerLabel};
use crate::output::{write_bar_chart, Bar, BarGroup, Style, BOLD, RESET};

use super::search::{query_syntax, FilterArgs, Rerun};
use super::{archive_error, open_archive, stdout_style, IfMissing, Outcome};

/// Count matching statements by speaker, country, channel, kind, language and year.
#[derive(Debug, clap::Args)]
#[command(after_help = concat!(query_syntax!(), "

A statement with several tags counts once under each; a statement dated only to
a year or a month counts in its year. The table and CSV show the statements
without a value as (none), and a value named none or (none) in double quotes;
JSON has null for no value. Speakers who share a name are rows of their own,
labelled with their country (and id, if that is shared too); JSON and CSV give
each speaker's id and country.

Exit status, as grep's: 0 when statements matched, 1 when none did, 2 on an
error.

Examples:
  communique facets
  communique facets fire --by speaker,country
  communique facets --country AZ --by channel --by year
  communique facets restraint --format json | jq .speaker"))]
pub struct Args {
    /// Fields to count by, in order (repeat or separate with commas) [default: speaker,
    /// country, channel, kind, lang, year]
    #[arg(
        long,
        short = 'b',
        value_enum,
        value_delimiter = ',',
        value_name = "FIELD"
    )]
    pub by: Vec<Field>,
    /// Values listed per field, the most frequent (0 lists all)
    #[arg(long, default_value_t = DEFAULT_TOP, value_name = "N")]
    pub top: usize,
    /// Output format [default: table, or `format` in the config file when it is csv or
    /// json]
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<FacetFormat>,
    #[command(flatten)]
    pub filters: FilterArgs,
}

/// The values listed per field without --top.
const DEFAULT_TOP: usize = 10;

impl Args {
    /// Returns these facets as their hints suggest running them again: with their fields
    /// and their format.
    fn rerun(&self) -> Rerun {
        let mut rerun = Rerun::new("facets");
        if !self.by.is_empty() {
            let fields: Vec<&str> = self.by.iter().map(|field| field.name()).collect();
            rerun.option("--by", fields.join(","));
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

/// Fields matches can be counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Field {
    Speaker,
    #[value(name = "org")]
    Organization,
    Country,
    Channel,
    Kind,
    #[value(name = "lang")]
    Language,
    Tag,
    Year,
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::Speaker => "speaker",
            Field::Organization => "org",
            Field::Country => "country",
            Field::Channel => "channel",
            Field::Kind => "kind",
            Field::Language => "lang",
            Field::Tag => "tag",
            Field::Year => "year",
        }
    }

    fn dimension(self) -> Dimension {
        match self {
            Field::Speaker => Dimension::Speaker,
            Field::Organization => Dimension::Organization,
            Field::Country => Dimension::Country,
            Field::Channel => Dimension::Channel,
            Field::Kind => Dimension::Kind,
            Field::Language => Dimension::Language,
            Field::Tag => Dimension::Tag,
            Field::Year => Dimension::Day,
        }
    }
}

/// The fields counted when `--by` is not given.
const DEFAULT_FIELDS: [Field; 6] = [
    Field::Speaker,
    Field::Country,
    Field::Channel,
    Field::Kind,
    Field::Language,
    Field::Year,
];

/// How facets are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FacetFormat {
    /// One bar chart per field
    Table,
    /// field,value,count, the value as the table shows it; with speakers counted, also
    /// id,country: a speaker's id and country
    Csv,
    /// {"total": N, "FIELD": [{"value", "count"}, …], …}, value null for none; a
    /// speaker's also with "id" and "country"
    Json,
}

/// One value of a facet.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct FacetValue {
    /// The value (a speaker's name); None: the statements without one.
    value: Option<String>,
    /// Which speaker, for the speaker field: speakers may share a name.
    speaker: Option<Arc<SpeakerLabel>>,
}

impl FacetValue {
    /// Returns the value as the table shows it: see [`shown_value`], and a speaker's
    /// label, which tells apart speakers of one name.
    fn shown(&self, field: Field) -> String {
        match &self.speaker {
            Some(speaker) => speaker.shown.clone(),
            None => shown_value(field, self.value.as_deref()),
        }
    }
}

/// The counts of one field, most frequent first (years in order), cut to `--top`.
struct Facet {
    field: Field,
    /// Each value and its count.
    values: Vec<(FacetValue, u64)>,
    /// How many values `--top` left out.
    more: usize,
}

/// Runs `facets`. Exit 0 when something matched, 1 otherwise.
pub fn run(global: &GlobalArgs, args: Args) -> anyhow::Result<Outcome> {
    let format = args
        .format
        .or_else(|| global.settings.format())
        .unwrap_or(FacetFormat::Table);
    let fields = if args.by.is_empty() {
        DEFAULT_FIELDS.to_vec()
    } else {
        let mut fields = args.by.clone();
        let mut seen = Vec::new();
        fields.retain(|field| {
            let first = !seen.contains(field);
            seen.push(*field);
            first
        });
        fields
    };
    let request = args.filters.request()?;
    let archive = open_archive(global, IfMissing::Fail)?;
    // The total (no dimension), then each field apart, all in one run of the query: a
    // run per field repeated the query's work as many times (session 16).
    let dimensions: Vec<Dimension> = fields.iter().map(|field| field.dimension()).collect();
    let groupings: Vec<&[Dimension]> = std::iter::once(&[][..])
        .chain(dimensions.iter().map(std::slice::from_ref))
        .collect();
    let (mut counts, notes) = archive
        .count_each(&request, &groupings)
        .map_err(|error| archive_error(error, archive.directory()))?;
    args.filters.report_notes(global, &archive, &notes);
    let by_field = counts.split_off(1);
    let total: u64 = counts[0].iter().map(|(_, count)| count).sum();
    args.filters
        .report_nothing_matched(global, &archive, &args.rerun(), total);
    let facets: Vec<Facet> = fields
        .into_iter()
        .zip(by_field)
        .map(|(field, counts)| facet(field, counts, args.top))
        .collect();
    let mut stdout = super::stdout_for(format == FacetFormat::Csv);
    match format {
        FacetFormat::Table => write_table(&mut stdout, total, &facets, stdout_style(global))?,
        FacetFormat::Csv => {
            // The columns of speakers' ids and countries only when speakers are counted,
            // so that the file of other fields stays as it was.
            let speakers = facets.iter().any(|facet| facet.field == Field::Speaker);
            let mut writer = csv::Writer::from_writer(&mut stdout);
            let mut header = vec!["field", "value", "count"];
            if speakers {
                header.extend(["id", "country"]);
            }
            writer.write_record(&header)?;
            for facet in &facets {
                for (value, count) in &facet.values {
                    // As the table shows it, less a country's name.
                    let shown = match &value.speaker {
                        Some(speaker) => speaker.shown.clone(),
                        None => label::shown(value.value.as_deref()).into_owned(),
                    };
                    let mut record = vec![facet.field.name().to_string(), shown, count.to_string()];
                    if speakers {
                        let speaker = value.speaker.as_ref();
                        record.push(
                            speaker
                                .map(|speaker| speaker.id.to_string())
                                .unwrap_or_default(),
                        );
                        record.push(
                            speaker
                                .and_then(|speaker| speaker.country.clone())
                                .unwrap_or_default(),
                        );
                    }
                    writer.write_record(&record)?;
                }
            }
            writer.flush()?;
        }
        FacetFormat::Json => {
            let mut object = serde_json::Map::new();
            object.insert("total".into(), json!(total));
            for facet in &facets {
                let values: Vec<Value> = facet
                    .values
                    .iter()
                    .map(|(value, count)| match &value.speaker {
                        Some(speaker) => json!({
                            "value": speaker.name,
                            "id": speaker.id,
                            "country": speaker.country,
                            "count": count,
                        }),
                        None => json!({"value": value.value, "count": count}),
                    })
                    .collect();
                object.insert(facet.field.name().into(), Value::Array(values));
            }
            crate::output::write_json(&mut stdout, &Value::Object(object), true)?;
            writeln!(stdout)?;
        }
    }
    stdout.flush()?;
    Ok(if total > 0 {
        Outcome::Success
    } else {
        Outcome::NothingFound
    })
}

/// Turns the counts of one dimension into a facet: values named, years gathered, the most
/// frequent kept. The statements without a value are a value of their own (None), never
/// merged with a value named like their label; speakers of one name are not merged
/// either.
fn facet(field: Field, counts: crate::index::Counts, top: usize) -> Facet {
    let mut merged: BTreeMap<FacetValue, u64> = BTreeMap::new();
    for (key, count) in counts {
        let key = key.into_iter().next();
        if let Some(DimensionValue::Speaker(speaker)) = key {
            let value = FacetValue {
                value: Some(speaker.name.clone()),
                speaker: Some(speaker),
            };
            *merged.entry(value).or_default() += count;
            continue;
        }
        let value = match key {
            // Four digits, as `timeline --by year` labels years: 0001, not 1.
            Some(DimensionValue::Day(day)) if field == Field::Year => {
                Some(format!("{:04}", day.year()))
            }
            Some(DimensionValue::Label(label)) if !label.is_empty() => Some(label),
            Some(DimensionValue::Id(id)) => Some(format!("#{id}")),
            Some(DimensionValue::Day(day)) => Some(day.to_string()),
            _ => None,
        };
        let value = FacetValue {
            value,
            speaker: None,
        };
        *merged.entry(value).or_default() += count;
    }
    let mut values: Vec<(FacetValue, u64)> = merged.into_iter().collect();
    // Ties in the order of their labels, as the table shows them.
    values.sort_by_cached_key(|(value, count)| (std::cmp::Reverse(*count), value.shown(field)));
    let more = if top > 0 && values.len() > top {
        values.len() - top
    } else {
        0
    };
    values.truncate(values.len() - more);
    if field == Field::Year {
        values.sort();
    }
    Facet {
        field,
        values,
        more,
    }
}

/// Writes the total, then one bar chart per field.
fn write_table(
    out: &mut dyn Write,
    total: u64,
    facets: &[Facet],
    style: Style,
) -> std::io::Result<()> {
    if total == 0 {
        return Ok(());
    }
    let noun = if total == 1 {
        "statement"
    } else {
        "statements"
    };
    if style.color {
        writeln!(out, "{BOLD}{total} matching {noun}{RESET}")?;
    } else {
        writeln!(out, "{total} matching {noun}")?;
    }
    let groups: Vec<BarGroup> = facets
        .iter()
        .map(|facet| {
            let bars: Vec<Bar> = facet
                .values
                .iter()
                .map(|(value, count)| Bar {
                    label: value.shown(facet.field),
                    series: None,
                    count: *count,
                })
                .collect();
            BarGroup {
                heading: Some(facet.field.name().to_string()),
                bars,
                footer: (facet.more > 0)
                    .then(|| format!("… and {} more (--top 0 lists all)", facet.more)),
            }
        })
        .collect();
    write_bar_chart(out, &groups, &[], style)
}

/// Returns a value as the table shows it: its label (see [`label::shown`]), a country
/// with its name.
fn shown_value(field: Field, value: Option<&str>) -> String {
    let country = value.filter(|_| field == Field::Country);
    match country.and_then(|code| Some((code, country::by_alpha2(code)?))) {
        Some((code, found)) => format!("{code} {}", found.name),
        None => label::shown(value).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(text: &str) -> DimensionValue {
        DimensionValue::Day(NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap())
    }

    /// The values of a facet without speakers, and their counts.
    fn plain(facet: &Facet) -> Vec<(Option<String>, u64)> {
        facet
            .values
            .iter()
            .map(|(value, count)| (value.value.clone(), *count))
            .collect()
    }

    #[test]
    fn years_are_gathered_and_listed_in_order() {
        let counts = vec![
            (vec![day("2024-02-13")], 9),
            (vec![day("2023-01-01")], 2),
            (vec![day("2024-01-01")], 1),
        ];
        let facet = facet(Field::Year, counts, 10);
        assert_eq!(
            plain(&facet),
            [(Some("2023".into()), 2), (Some("2024".into()), 10)]
        );
    }

    /// Year 1 was shown as `1`, where `timeline --by year` says 0001.
    #[test]
    fn years_have_four_digits() {
        let counts = vec![(vec![day("0001-01-01")], 1), (vec![day("0999-06-01")], 1)];
        let facet = facet(Field::Year, counts, 10);
        assert_eq!(
            plain(&facet),
            [(Some("0001".into()), 1), (Some("0999".into()), 1)]
        );
    }

    #[test]
    fn values_are_most_frequent_first_and_cut_to_top() {
        let label = |text: &str| DimensionValue::Label(text.into());
        let counts = vec![
            (vec![label("statement")], 2),
            (vec![DimensionValue::Missing], 5),
            (vec![label("telegram")], 3),
        ];
        let facet = facet(Field::Channel, counts, 2);
        assert_eq!(plain(&facet), [(None, 5), (Some("telegram".into()), 3)]);
        assert_eq!(facet.more, 1);
    }

    /// A channel named "(none)" was counted with the statements without a channel.
    #[test]
    fn a_value_named_none_is_not_merged_with_the_statements_without_one() {
        let label = |text: &str| DimensionValue::Label(text.into());
        let counts = vec![
            (vec![label("(none)")], 2),
            (vec![DimensionValue::Missing], 5),
            (vec![label("none")], 1),
        ];
        let facet = facet(Field::Channel, counts, 0);
        assert_eq!(
            plain(&facet),
            [
                (None, 5),
                (Some("(none)".into()), 2),
                (Some("none".into()), 1)
            ]
        );
        let shown: Vec<String> = facet
            .values
            .iter()
            .map(|(value, _)| value.shown(Field::Channel))
            .collect();
        assert_eq!(shown, ["(none)", "\"(none)\"", "\"none\""]);
    }

    /// The ministries of defence of two countries were one row of 3.
    #[test]
    fn speakers_of_one_name_are_rows_of_their_own() {
        let labels = crate::label::speaker_labels([
            (1, "Ministry of Defence".to_string(), Some("AM".to_string())),
            (2, "Ministry of Defence".to_string(), Some("AZ".to_string())),
        ]);
        let counts = vec![
            (vec![DimensionValue::Speaker(labels[&1].clone())], 1),
            (vec![DimensionValue::Speaker(labels[&2].clone())], 2),
        ];
        let facet = facet(Field::Speaker, counts, 10);
        let rows: Vec<(String, Option<i64>, u64)> = facet
            .values
            .iter()
            .map(|(value, count)| {
                let id = value.speaker.as_ref().map(|speaker| speaker.id);
                (value.shown(Field::Speaker), id, *count)
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("Ministry of Defence (AZ)".to_string(), Some(2), 2),
                ("Ministry of Defence (AM)".to_string(), Some(1), 1),
            ]
        );
    }
}
