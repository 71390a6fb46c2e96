//! "Did you mean …?": the closest known names to a misspelt one.
//!
//! Speakers, countries, ingest fields and configuration keys are closed or known sets, so a
//! name that matches nothing is most often a typo of one of them. Names are compared
//! folded (case, diacritics, punctuation ignored, see [`crate::fold`]) by edit distance,
//! whole and word by word, so `peskof` finds "Dmitry Peskov" and `Armenai` finds "Armenia".

use crate::fold::fold;

/// Returns the Levenshtein distance between two strings, counted in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, a_char) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, b_char) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(a_char != *b_char);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// Returns the distance between two short strings in edits of one character, where two
/// neighbours typed the other way round are one edit (`cvs` for `csv`; two for
/// [`edit_distance`]): the optimal string alignment distance, for a value mistyped on a
/// keyboard. The whole table is computed: compare long strings only after checking that
/// their lengths are close.
pub fn typing_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut table = vec![vec![0; b.len() + 1]; a.len() + 1];
    for (i, row) in table.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in table[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let substitution = table[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let mut best = substitution
                .min(table[i - 1][j] + 1)
                .min(table[i][j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(table[i - 2][j - 2] + 1);
            }
            table[i][j] = best;
        }
    }
    table[a.len()][b.len()]
}

/// Returns the Levenshtein distance between `a` and `b` when it is at most `limit`, else
/// None. Only the cells of the table within `limit` of its diagonal are computed, and a
/// length difference beyond `limit` is None at once: a suggestion allows three edits at
/// most, and a pasted 200 KB value compared in full with every name (or with a 200 KB
/// name the archive holds) took minutes.
pub fn edit_distance_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    distance_of_chars_within(&a, &b, limit)
}

/// [`edit_distance_within`] of two strings read as characters once.
fn distance_of_chars_within(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    // Every cell off the band is more than `limit` edits: it reads as `over`.
    let over = limit + 1;
    let mut previous: Vec<usize> = (0..=b.len()).map(|j| j.min(over)).collect();
    let mut current = vec![over; b.len() + 1];
    for (i, a_char) in a.iter().enumerate().map(|(i, c)| (i + 1, c)) {
        let low = i.saturating_sub(limit).max(1);
        let high = (i + limit).min(b.len());
        current[0] = i.min(over);
        // The cells just off the band, which this row and the next one read.
        if low > 1 {
            current[low - 1] = over;
        }
        if high < b.len() {
            current[high + 1] = over;
        }
        let mut row_least = current[0];
        for j in low..=high {
            let substitution = previous[j - 1] + usize::from(*a_char != b[j - 1]);
            let cell = substitution
                .min(previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(over);
            current[j] = cell;
            row_least = row_least.min(cell);
        }
        // A path through the table never gets cheaper: a row beyond the limit ends it.
        if row_least > limit {
            return None;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    Some(previous[b.len()]).filter(|&distance| distance <= limit)
}

/// Returns how far the folded `input` is from a candidate, `folded`, when it is at most
/// `limit`: the distance to the whole candidate, or, when `input` is one word, to the
/// candidate's closest word.
fn distance_within(input: &[char], folded: &str, limit: usize) -> Option<usize> {
    let within = |text: &str| {
        // Most names are too long or too short to be within the limit: they are told
        // by their length, before their characters are collected.
        if text.chars().count().abs_diff(input.len()) > limit {
            return None;
        }
        let text: Vec<char> = text.chars().collect();
        distance_of_chars_within(input, &text, limit)
    };
    let whole = within(folded);
    if input.contains(&' ') {
        return whole;
    }
    folded
        .split(' ')
        .filter(|word| !word.is_empty())
        .filter_map(within)
        .chain(whole)
        .min()
}

/// Returns up to `limit` candidates close enough to `input` to be what was meant, closest
/// first; a candidate listed twice is returned once.
///
/// Close enough: at most a third of the input's length in edits (at least one, at most
/// three), so short codes only forgive one typo and nothing unrelated is offered.
pub fn closest<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Vec<&'a str> {
    closest_named(
        input,
        candidates
            .into_iter()
            .map(|candidate| (candidate, candidate)),
        limit,
    )
}

/// Like [`closest`], for candidates known by several keys (a speaker by its name and its
/// aliases): each pair is a name to suggest and a key to compare with, and a name is
/// suggested once, as close as its closest key.
pub fn closest_named<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = (&'a str, &'a str)>,
    limit: usize,
) -> Vec<&'a str> {
    closest_folded(
        input,
        candidates.into_iter().map(|(name, key)| (name, fold(key))),
        limit,
    )
}

/// Like [`closest_named`], for keys that are folded already (as [`fold`] makes them),
/// which are not folded again.
fn closest_folded<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = (&'a str, String)>,
    limit: usize,
) -> Vec<&'a str> {
    let nearness = Nearness::new(input);
    let scored = candidates
        .into_iter()
        .filter_map(|(name, key)| Some((nearness.of(&key)?, name)))
        .collect();
    ranked(scored, limit)
}

/// How close candidates, folded, are to an input, as [`closest`] measures it: for
/// candidates read one at a time, whose names are needed only for the few close enough.
pub struct Nearness {
    input: Vec<char>,
    allowed: usize,
}

impl Nearness {
    /// Measures closeness to `input` (folded here).
    pub fn new(input: &str) -> Nearness {
        let input: Vec<char> = fold(input).chars().collect();
        let allowed = (input.len() / 3).clamp(1, 3);
        Nearness { input, allowed }
    }

    /// Returns the distance of `folded` (a candidate as [`fold`] makes it: the stored key
    /// of a name) when it is close enough to be suggested, else None; always None for an
    /// input without a letter or digit.
    pub fn of(&self, folded: &str) -> Option<usize> {
        if self.input.is_empty() {
            return None;
        }
        distance_within(&self.input, folded, self.allowed)
    }
}

/// Returns up to `limit` names of `scored` (distance, name), closest first and by name
/// among equals, each name once.
pub fn ranked(mut scored: Vec<(usize, &str)>, limit: usize) -> Vec<&str> {
    scored.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    let mut found: Vec<&str> = Vec::new();
    for (_, candidate) in scored {
        if !found.contains(&candidate) {
            found.push(candidate);
        }
        if found.len() == limit {
            break;
        }
    }
    found
}

/// Asks whether a name that matches no speaker meant one of `found`, the closest names
/// (see [`crate::archive::Archive::speakers_closest_to`]); else points to the list of
/// the speakers.
pub fn speakers_advice(found: &[String]) -> String {
    let found: Vec<&str> = found.iter().map(String::as_str).collect();
    did_you_mean(&found).unwrap_or_else(|| "`communique speakers` lists the speakers".to_string())
}

/// Returns "did you mean A, B or C?" for the suggestions, or None when there are none.
pub fn did_you_mean(suggestions: &[&str]) -> Option<String> {
    let quoted: Vec<String> = suggestions
        .iter()
        .map(|name| crate::quote::quoted(name).to_string())
        .collect();
    match quoted.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        [rest @ .., last] => Some(format!("did you mean {} or {last}?", rest.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_single_character_edits() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("peskov", "peskof"), 1);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("dərgahlı", "dergahli"), 2);
    }

    /// The bounded distance is the distance whenever that is within the bound.
    #[test]
    fn typing_distance_counts_two_letters_swapped_as_one_edit() {
        assert_eq!(typing_distance("cvs", "csv"), 1);
        assert_eq!(typing_distance("tabel", "table"), 1);
        assert_eq!(typing_distance("jsn", "json"), 1);
        assert_eq!(typing_distance("ire", "cite"), 2);
        assert_eq!(typing_distance("", "ids"), 3);
        assert_eq!(typing_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn bounded_distance_agrees_with_the_full_one() {
        let words: Vec<&str> = std::iter::once("")
            .chain(
                "a ab ba abc kitten sitting peskov peskof dərgahlı dergahli armenia armenai \
                 azerbaijan azerbajan aaaa aaaab"
                    .split_whitespace(),
            )
            .collect();
        for &a in &words {
            for &b in &words {
                let full = edit_distance(a, b);
                for limit in 0..=4 {
                    assert_eq!(
                        edit_distance_within(a, b, limit),
                        (full <= limit).then_some(full),
                        "{a:?} {b:?} within {limit}"
                    );
                }
            }
        }
    }

    /// A pasted value of 200 KB is compared with names of its length too (a tag of the
    /// archive can be as long), within the few edits a suggestion allows.
    #[test]
    fn huge_values_are_compared_within_the_bound() {
        let huge = "a".repeat(200_000);
        let close = format!("{}b", "a".repeat(199_999));
        let far = "b".repeat(200_000);
        let names = [close.as_str(), far.as_str(), "Armenia"];
        assert_eq!(closest(&huge, names, 3), [close.as_str()]);
        assert!(closest(&huge, ["Armenia", "Azerbaijan"], 3).is_empty());
    }

    #[test]
    fn closest_compares_folded_words() {
        let speakers = ["Dmitry Peskov", "Maria Zakharova", "Vaqif Dərgahlı"];
        assert_eq!(closest("peskof", speakers, 3), ["Dmitry Peskov"]);
        assert_eq!(closest("ZAHAROVA", speakers, 3), ["Maria Zakharova"]);
        assert_eq!(closest("dargahly", speakers, 3), ["Vaqif Dərgahlı"]);
        assert_eq!(closest("dmitri peskov", speakers, 3), ["Dmitry Peskov"]);
        assert!(closest("lavrov", speakers, 3).is_empty());
        assert!(closest("", speakers, 3).is_empty());
    }

    #[test]
    fn closest_orders_by_distance_and_drops_repeats() {
        let names = ["Petrova", "Peskov", "Peskova", "Peskov", "Lavrov"];
        assert_eq!(
            closest("peskova", names, 5),
            ["Peskova", "Peskov", "Petrova"]
        );
        assert_eq!(closest("peskova", names, 2), ["Peskova", "Peskov"]);
    }

    #[test]
    fn a_name_is_suggested_once_for_all_its_keys() {
        let speakers = [
            ("Dmitry Peskov", "Dmitry Peskov"),
            ("Dmitry Peskov", "Dmitri Peskov"),
            ("Dmitry Peskov", "Peskov"),
            ("Maria Zakharova", "Maria Zakharova"),
        ];
        assert_eq!(closest_named("peskof", speakers, 3), ["Dmitry Peskov"]);
    }

    #[test]
    fn suggestions_read_as_a_question() {
        assert_eq!(did_you_mean(&[]), None);
        assert_eq!(
            did_you_mean(&["Armenia"]).as_deref(),
            Some("did you mean \"Armenia\"?")
        );
        assert_eq!(
            did_you_mean(&["a", "b", "c"]).as_deref(),
            Some("did you mean \"a\", \"b\" or \"c\"?")
        );
    }
}
