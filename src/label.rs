//! A field's value as counts print it (facets, timeline series, stats), and as a filter
//! reads it back.
//!
//! An organization, a country, a channel or a tag may be missing. Tables and CSV print the
//! statements without one as `(none)`, and `--channel none` (or `(none)`, copied from
//! them) selects those statements. A stored value can be any text, "none" and "(none)"
//! too, so the two readings need one rule, kept here for both directions: a value that a
//! filter would not read back as itself (a marker word, or a value in double quotes
//! already), or that looks like a timeline's `(other)`, is printed in double quotes,
//! and a filter value in double quotes is that value exactly. A channel named "none"
//! prints as `"none"` and `--channel '"none"'` selects it; it is never counted with, nor
//! selected as, the statements without a channel.
//!
//! Speakers are counted by id, and two speakers may share a name (the ministries of
//! defence of both sides of a conflict): [`speaker_labels`] tells them apart.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use crate::model::normalize_label;

/// The label of the statements without a value.
pub const NONE: &str = "(none)";

/// The label of a timeline's series gathering the values beyond `--top`.
pub const OTHER: &str = "(other)";

/// What a filter value (`--org`, `--country`, `--channel`, `--tag`) selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted<'a> {
    /// `none` or `(none)`, in any case: the statements without a value.
    Missing,
    /// A value: the argument, or what a pair of double quotes around it holds.
    Value(&'a str),
}

/// Reads a filter value: `none` or `(none)` (any case, spaces around) is the statements
/// without one; `"…"` is the value between the quotes, exactly; anything else is itself.
pub fn read(argument: &str) -> Wanted<'_> {
    let trimmed = argument.trim();
    if let Some(inner) = trimmed
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
    {
        return Wanted::Value(inner);
    }
    match normalize_label(trimmed).as_str() {
        "none" | NONE => Wanted::Missing,
        _ => Wanted::Value(argument),
    }
}

/// Returns the label of a value, or of its absence: [`NONE`] for None, the value in double
/// quotes when [`read`] would not give it back unquoted or when it reads as [`OTHER`], else
/// the value itself. Two different values (or a value and none) never share a label.
pub fn shown(value: Option<&str>) -> Cow<'_, str> {
    let Some(value) = value else {
        return Cow::Borrowed(NONE);
    };
    if read(value) == Wanted::Value(value) && normalize_label(value) != OTHER {
        Cow::Borrowed(value)
    } else {
        Cow::Owned(format!("\"{value}\""))
    }
}

/// A speaker as counts name them: the id and country that tell apart speakers of one
/// name for programs, and the label that does it for people.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SpeakerLabel {
    pub id: i64,
    pub name: String,
    pub country: Option<String>,
    /// The name as [`shown`] prints it, followed by what tells the speaker from the
    /// others of that name, if there are any (see [`speaker_labels`]).
    pub shown: String,
}

/// Labels speakers for counts, by id: the name alone when no other speaker's name folds
/// alike; else the name and the country, `Ministry of Defence (AM)` or `… (no country)`,
/// and the id where the country does not tell them apart either, `Ali Hasanov (AZ, #12)`.
///
/// Names are compared across all of `speakers` (every speaker of the archive), not only
/// those a query counted, so that a speaker's label is the same whatever the query: with
/// `--country AZ` the row still says `(AZ)`, a reminder that another speaker has the
/// name. Names no one else has (most) keep their short label.
pub fn speaker_labels(
    speakers: impl IntoIterator<Item = (i64, String, Option<String>)>,
) -> HashMap<i64, Arc<SpeakerLabel>> {
    let speakers: Vec<(i64, String, Option<String>)> = speakers.into_iter().collect();
    // Per folded name, the countries of the speakers holding it, each with a count.
    let mut namesakes: HashMap<String, HashMap<Option<&str>, usize>> = HashMap::new();
    for (_, name, country) in &speakers {
        *namesakes
            .entry(crate::fold::fold(name))
            .or_default()
            .entry(country.as_deref())
            .or_default() += 1;
    }
    let mut labels = HashMap::with_capacity(speakers.len());
    for (id, name, country) in &speakers {
        let countries = namesakes.get(&crate::fold::fold(name));
        let holders: usize = countries.map_or(1, |countries| countries.values().sum());
        let same_country = countries
            .and_then(|countries| countries.get(&country.as_deref()))
            .copied()
            .unwrap_or(1);
        let shown_name = shown(Some(name));
        let shown = match (holders, same_country, country) {
            (1, _, _) => shown_name.into_owned(),
            (_, 1, Some(country)) => format!("{shown_name} ({country})"),
            (_, 1, None) => format!("{shown_name} (no country)"),
            (_, _, Some(country)) => format!("{shown_name} ({country}, #{id})"),
            (_, _, None) => format!("{shown_name} (#{id})"),
        };
        labels.insert(
            *id,
            Arc::new(SpeakerLabel {
                id: *id,
                name: name.clone(),
                country: country.clone(),
                shown,
            }),
        );
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two ministries of defence were one row of 3 in `facets --by speaker`.
    #[test]
    fn speakers_of_one_name_are_told_apart_by_country_then_id() {
        let speaker = |id: i64, name: &str, country: Option<&str>| {
            (id, name.to_string(), country.map(str::to_string))
        };
        let labels = speaker_labels([
            speaker(1, "Ministry of Defence", Some("AM")),
            speaker(2, "Ministry of Defence", Some("AZ")),
            speaker(3, "ministry of defence", None),
            speaker(4, "Ali Hasanov", Some("AZ")),
            speaker(5, "Ali Hasanov", Some("AZ")),
            speaker(6, "Ali Hasanov", None),
            speaker(7, "Dmitry Peskov", Some("RU")),
            speaker(8, "none", None),
        ]);
        let mut shown: Vec<(i64, &str)> = labels
            .values()
            .map(|label| (label.id, label.shown.as_str()))
            .collect();
        shown.sort();
        assert_eq!(
            shown,
            [
                (1, "Ministry of Defence (AM)"),
                (2, "Ministry of Defence (AZ)"),
                (3, "ministry of defence (no country)"),
                (4, "Ali Hasanov (AZ, #4)"),
                (5, "Ali Hasanov (AZ, #5)"),
                (6, "Ali Hasanov (no country)"),
                (7, "Dmitry Peskov"),
                (8, "\"none\""),
            ]
        );
        assert_eq!(labels[&2].name, "Ministry of Defence");
        assert_eq!(labels[&2].country.as_deref(), Some("AZ"));
    }
    use proptest::prelude::*;

    #[test]
    fn none_and_its_label_select_the_statements_without_a_value() {
        for argument in ["none", "(none)", "None", " NONE ", "(None)"] {
            assert_eq!(read(argument), Wanted::Missing, "{argument:?}");
        }
        assert_eq!(shown(None), "(none)");
        assert_eq!(read(&shown(None)), Wanted::Missing);
    }

    #[test]
    fn a_value_named_like_a_marker_is_quoted_and_read_back_in_quotes() {
        for (value, label) in [
            ("none", "\"none\""),
            ("(none)", "\"(none)\""),
            ("None", "\"None\""),
            ("(other)", "\"(other)\""),
            ("\"quoted\"", "\"\"quoted\"\""),
            (" none ", "\" none \""),
            ("telegram", "telegram"),
            ("nonesuch", "nonesuch"),
            ("", ""),
        ] {
            assert_eq!(shown(Some(value)), label, "{value:?}");
            assert_eq!(read(label), Wanted::Value(value), "{label:?}");
        }
        assert_eq!(read("\"telegram\""), Wanted::Value("telegram"));
        assert_eq!(read("\""), Wanted::Value("\""));
    }

    proptest! {
        /// Whatever a table prints for a value selects exactly that value, and no value
        /// prints as the statements without one or as the other series.
        #[test]
        fn every_label_reads_back_as_its_value(value in ".*") {
            let label = shown(Some(&value));
            prop_assert_eq!(read(&label), Wanted::Value(value.as_str()));
            prop_assert_ne!(label.as_ref(), NONE);
            prop_assert_ne!(label.as_ref(), OTHER);
        }
    }
}
