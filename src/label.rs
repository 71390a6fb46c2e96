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

use std::borrow::Cow;

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

#[cfg(test)]
mod tests {
    use super::*;
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
