//! Time expressions of news reporting ("late Monday", "last month", "yesterday") and the
//! period each names, relative to an anchor date.
//!
//! A period is a span of days; it becomes a [`PartialDate`] only to the precision it
//! supports: one day, one month, one year, or nothing when it straddles a year.

use std::ops::Range;

use chrono::{Datelike, Days, Months, NaiveDate};

use super::text::{Token, TokenKind};
use crate::model::PartialDate;

/// A period of whole days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Span {
    /// Returns the span of one day.
    pub fn day(date: NaiveDate) -> Span {
        Span {
            first: date,
            last: date,
        }
    }

    /// Returns the span of a calendar month.
    pub fn month(year: i32, month: u32) -> Option<Span> {
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
        Some(Span { first, last })
    }

    /// Returns the span of a calendar year.
    pub fn year(year: i32) -> Option<Span> {
        Some(Span {
            first: NaiveDate::from_ymd_opt(year, 1, 1)?,
            last: NaiveDate::from_ymd_opt(year, 12, 31)?,
        })
    }

    /// Returns the span from `first` to `last`, or None when `first` is after `last`.
    pub fn between(first: NaiveDate, last: NaiveDate) -> Option<Span> {
        (first <= last).then_some(Span { first, last })
    }

    /// Returns the finest date that covers the whole span: its day, its month or its year;
    /// None when the span crosses a year boundary.
    pub fn covering(&self) -> Option<PartialDate> {
        let text = if self.first == self.last {
            self.first.format("%Y-%m-%d").to_string()
        } else if self.first.year() == self.last.year() && self.first.month() == self.last.month() {
            self.first.format("%Y-%m").to_string()
        } else if self.first.year() == self.last.year() {
            self.first.format("%Y").to_string()
        } else {
            return None;
        };
        PartialDate::parse(&text).ok()
    }
}

/// A time expression found among a sentence's tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TimeMention {
    /// The tokens, including a leading "on", "in", "late" or "earlier".
    pub range: Range<usize>,
    pub span: Span,
    /// The words as written, for the record's explanation of its date.
    pub words: String,
    /// A day or month named without its year ("April 25"), read as the last one past.
    pub yearless: bool,
}

impl TimeMention {
    /// Returns the span a year later: "until April 25" in a forecast is the next one.
    pub fn next_year(&self) -> Option<Span> {
        let shift = |date: NaiveDate| date.checked_add_months(Months::new(12));
        Some(Span {
            first: shift(self.span.first)?,
            last: shift(self.span.last)?,
        })
    }
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan.", 1),
    ("february", 2),
    ("feb.", 2),
    ("march", 3),
    ("mar.", 3),
    ("april", 4),
    ("apr.", 4),
    ("may", 5),
    ("june", 6),
    ("jun.", 6),
    ("july", 7),
    ("jul.", 7),
    ("august", 8),
    ("aug.", 8),
    ("september", 9),
    ("sept.", 9),
    ("sep.", 9),
    ("october", 10),
    ("oct.", 10),
    ("november", 11),
    ("nov.", 11),
    ("december", 12),
    ("dec.", 12),
];

const PARTS_OF_DAY: [&str; 5] = ["morning", "afternoon", "evening", "night", "overnight"];

fn weekday(word: &str) -> Option<u32> {
    WEEKDAYS
        .iter()
        .position(|day| *day == word)
        .map(|i| i as u32)
}

fn month(token: &Token) -> Option<u32> {
    // Month names are capitalised in English; "may" and "march" are also verbs.
    if !token.is_capitalized() {
        return None;
    }
    let lower = token.lower();
    MONTHS
        .iter()
        .find(|(name, _)| *name == lower || name.trim_end_matches('.') == lower)
        .map(|&(_, number)| number)
}

fn year(token: &Token) -> Option<i32> {
    if token.kind != TokenKind::Word || token.text.len() != 4 {
        return None;
    }
    token
        .text
        .parse::<i32>()
        .ok()
        .filter(|year| (1900..=2100).contains(year))
}

fn day_of_month(token: &Token) -> Option<u32> {
    let digits = token
        .text
        .trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if token.kind != TokenKind::Word || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    digits
        .parse::<u32>()
        .ok()
        .filter(|day| (1..=31).contains(day))
}

fn number_word(word: &str) -> Option<u64> {
    match word {
        "a" | "an" | "one" => Some(1),
        "two" => Some(2),
        "three" => Some(3),
        "four" => Some(4),
        "five" => Some(5),
        "six" => Some(6),
        "seven" => Some(7),
        "eight" => Some(8),
        "nine" => Some(9),
        "ten" => Some(10),
        _ => word.parse::<u64>().ok().filter(|n| *n <= 100),
    }
}

/// Returns the most recent `weekday` (0 = Monday) on or before `anchor`.
fn weekday_on_or_before(anchor: NaiveDate, weekday: u32) -> NaiveDate {
    let back = (anchor.weekday().num_days_from_monday() + 7 - weekday) % 7;
    anchor - Days::new(u64::from(back))
}

/// Returns the most recent `month` that starts on or before `anchor` (strictly before
/// `anchor`'s month when `strictly`: "last February" in February is a year ago).
fn month_on_or_before(anchor: NaiveDate, month: u32, strictly: bool) -> Option<Span> {
    let year = if month < anchor.month() || (month == anchor.month() && !strictly) {
        anchor.year()
    } else {
        anchor.year() - 1
    };
    Span::month(year, month)
}

/// Returns the most recent day `day` of `month` on or before `anchor`.
fn day_on_or_before(anchor: NaiveDate, month: u32, day: u32) -> Option<Span> {
    match NaiveDate::from_ymd_opt(anchor.year(), month, day) {
        Some(date) if date <= anchor => Some(Span::day(date)),
        _ => NaiveDate::from_ymd_opt(anchor.year() - 1, month, day).map(Span::day),
    }
}

/// Finds the time expressions among `tokens` (quoted or not), resolved against `anchor`.
pub(crate) fn find_times(tokens: &[Token], anchor: NaiveDate) -> Vec<TimeMention> {
    let mut found = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        match match_at(tokens, index, anchor) {
            Some((end, span)) => {
                let has_year = tokens[index..end].iter().any(|token| year(token).is_some());
                let named_month = tokens[index..end]
                    .iter()
                    .any(|token| month(token).is_some());
                let relative = tokens[index..end].iter().any(|token| {
                    matches!(token.lower().as_str(), "last" | "this" | "past" | "ago")
                });
                let words = tokens[index..end]
                    .iter()
                    .map(|token| token.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
                    .replace(" 's", "'s")
                    .replace(" ’s", "’s")
                    .replace(" ,", ",");
                found.push(TimeMention {
                    range: index..end,
                    span,
                    words,
                    yearless: named_month && !has_year && !relative,
                });
                index = end;
            }
            None => index += 1,
        }
    }
    found
}

/// Matches one time expression starting at `start`; returns its end and its span.
fn match_at(tokens: &[Token], start: usize, anchor: NaiveDate) -> Option<(usize, Span)> {
    let word = |i: usize| -> String {
        tokens
            .get(i)
            .filter(|token| token.kind == TokenKind::Word)
            .map(Token::lower)
            .unwrap_or_default()
    };
    let mut i = start;
    // Prefixes that belong to the expression: "on Monday", "earlier Tuesday", "late Monday".
    if matches!(word(i).as_str(), "on" | "in" | "during") {
        i += 1;
    }
    if matches!(word(i).as_str(), "earlier" | "later") && word(i + 1) != "this" {
        let next = word(i + 1);
        if weekday(&next).is_some() || next == "on" || next == "today" {
            i += 1;
            if word(i) == "on" {
                i += 1;
            }
        } else {
            return None;
        }
    }
    if matches!(word(i).as_str(), "early" | "late" | "mid") {
        i += 1;
        if word(i) == "on" && weekday(&word(i + 1)).is_some() {
            i += 1;
        }
    }
    let core = word(i);
    // Weekdays, with a part of the day or a possessive.
    if let Some(day) = weekday(&core) {
        let mut end = i + 1;
        if tokens
            .get(end)
            .is_some_and(|token| token.kind == TokenKind::Possessive)
            || PARTS_OF_DAY.contains(&word(end).as_str())
        {
            end += 1;
        }
        return Some((end, Span::day(weekday_on_or_before(anchor, day))));
    }
    match core.as_str() {
        "yesterday" => return Some((i + 1, Span::day(anchor.pred_opt()?))),
        "today" | "tonight" => return Some((i + 1, Span::day(anchor))),
        "this" if PARTS_OF_DAY.contains(&word(i + 1).as_str()) => {
            return Some((i + 2, Span::day(anchor)))
        }
        _ => {}
    }
    // "last month", "this week", "earlier this year", "last September", "last Monday".
    let relative = if matches!(core.as_str(), "earlier" | "later") && word(i + 1) == "this" {
        i + 1
    } else {
        i
    };
    let relative_word = word(relative);
    if matches!(relative_word.as_str(), "last" | "this" | "past") {
        let unit_token = tokens.get(relative + 1)?;
        let unit = word(relative + 1);
        let last = relative_word != "this";
        // "later this month": from the anchor to the end of the period.
        if relative > i && core == "later" {
            let span = match unit.as_str() {
                "week" => Span::between(anchor, weekday_on_or_before(anchor, 0) + Days::new(6))?,
                "month" => {
                    let month = Span::month(anchor.year(), anchor.month())?;
                    Span::between(anchor, month.last)?
                }
                "year" => Span::between(anchor, NaiveDate::from_ymd_opt(anchor.year(), 12, 31)?)?,
                _ => return None,
            };
            return Some((relative + 2, span));
        }
        let span = match unit.as_str() {
            "week" if last => {
                let monday = weekday_on_or_before(anchor, 0) - Days::new(7);
                Span::between(monday, monday + Days::new(6))?
            }
            "week" => Span::between(weekday_on_or_before(anchor, 0), anchor)?,
            "weekend" if last => {
                let saturday = weekday_on_or_before(anchor.pred_opt()?, 5);
                Span::between(saturday, saturday + Days::new(1))?
            }
            "month" if last => {
                let previous = anchor.checked_sub_months(Months::new(1))?;
                Span::month(previous.year(), previous.month())?
            }
            "month" => Span::between(anchor.with_day(1)?, anchor)?,
            "year" if last => Span::year(anchor.year() - 1)?,
            "year" => Span::between(NaiveDate::from_ymd_opt(anchor.year(), 1, 1)?, anchor)?,
            "night" if last => Span::between(anchor.pred_opt()?, anchor)?,
            _ => {
                if let Some(day) = weekday(&unit) {
                    Span::day(weekday_on_or_before(anchor.pred_opt()?, day))
                } else if let Some(number) = month(unit_token) {
                    month_on_or_before(anchor, number, last)?
                } else {
                    return None;
                }
            }
        };
        return Some((relative + 2, span));
    }
    // "two days ago", "a week ago".
    if let Some(count) = number_word(&core) {
        if word(i + 2) == "ago" {
            let unit = word(i + 1);
            let span = match unit.trim_end_matches('s') {
                "day" => Span::day(anchor.checked_sub_days(Days::new(count))?),
                "week" => Span::day(anchor.checked_sub_days(Days::new(count * 7))?),
                "month" => {
                    let date =
                        anchor.checked_sub_months(Months::new(u32::try_from(count).ok()?))?;
                    Span::month(date.year(), date.month())?
                }
                "year" => Span::year(anchor.year() - i32::try_from(count).ok()?)?,
                _ => return None,
            };
            return Some((i + 3, span));
        }
    }
    // "February 10", "Feb. 10, 2024", "February 2024", "(in) February".
    let token = tokens.get(i)?;
    if let Some(number) = month(token) {
        if let Some(day) = tokens.get(i + 1).and_then(day_of_month) {
            let mut end = i + 2;
            let explicit_year = if tokens.get(end).is_some_and(|t| t.is_punct(',')) {
                tokens.get(end + 1).and_then(year).inspect(|_| end += 2)
            } else {
                tokens.get(end).and_then(year).inspect(|_| end += 1)
            };
            let span = match explicit_year {
                Some(year) => Span::day(NaiveDate::from_ymd_opt(year, number, day)?),
                None => day_on_or_before(anchor, number, day)?,
            };
            return Some((end, span));
        }
        if let Some(year) = tokens.get(i + 1).and_then(year) {
            return Some((i + 2, Span::month(year, number)?));
        }
        // A bare month name is a date after "in" or a modifier ("in February").
        if i > start {
            return Some((i + 1, month_on_or_before(anchor, number, false)?));
        }
        return None;
    }
    // "10 February 2024".
    if let Some(day) = day_of_month(token) {
        let number = tokens.get(i + 1).and_then(month)?;
        let mut end = i + 2;
        let span = match tokens.get(end).and_then(year) {
            Some(year) => {
                end += 1;
                Span::day(NaiveDate::from_ymd_opt(year, number, day)?)
            }
            None => day_on_or_before(anchor, number, day)?,
        };
        return Some((end, span));
    }
    // "in 2023", "late 2023".
    if let Some(year) = year(token) {
        if i > start {
            return Some((i + 1, Span::year(year)?));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::text::tokenize;
    use super::*;

    /// Finds the time expressions of `text` as if published on Tuesday 13 February 2024
    /// and shows each as `words => date` (the covering date, or the span when none).
    fn check(text: &str, expect: &str) {
        let anchor = NaiveDate::from_ymd_opt(2024, 2, 13).unwrap();
        let tokens = tokenize(text);
        let shown: Vec<String> = find_times(&tokens, anchor)
            .iter()
            .map(|time| match time.span.covering() {
                Some(date) => format!("{} => {date}", time.words),
                None => format!("{} => {}..{}", time.words, time.span.first, time.span.last),
            })
            .collect();
        assert_eq!(shown.join("; "), expect, "in {text:?}");
    }

    #[test]
    fn weekdays_are_the_most_recent_on_or_before_publication() {
        check("said Tuesday", "Tuesday => 2024-02-13");
        check("fire on Monday", "on Monday => 2024-02-12");
        check("late Monday", "late Monday => 2024-02-12");
        check("late on Monday", "late on Monday => 2024-02-12");
        check("on Wednesday night", "on Wednesday night => 2024-02-07");
        check("Monday's attack", "Monday's => 2024-02-12");
        check("earlier on Tuesday", "earlier on Tuesday => 2024-02-13");
        check("last Tuesday", "last Tuesday => 2024-02-06");
    }

    #[test]
    fn relative_periods_keep_their_precision() {
        check(
            "yesterday (Monday)",
            "yesterday => 2024-02-12; Monday => 2024-02-12",
        );
        check("proposed last month", "last month => 2024-01");
        check("last September", "last September => 2023-09");
        check("last February", "last February => 2023-02");
        check("in February", "in February => 2024-02");
        check("in March", "in March => 2023-03");
        check("earlier this month", "earlier this month => 2024-02");
        check("later this week", "later this week => 2024-02");
        check("by the end of last year", "last year => 2023");
        check("this year", "this year => 2024");
        check("last week", "last week => 2024-02");
        check("two days ago", "two days ago => 2024-02-11");
        check("a month ago", "a month ago => 2024-01");
        check("today", "today => 2024-02-13");
    }

    #[test]
    fn calendar_dates_are_read_in_both_orders() {
        check("on Feb. 10", "on Feb. 10 => 2024-02-10");
        check("on December 30", "on December 30 => 2023-12-30");
        check("on March 3, 2022", "on March 3, 2022 => 2022-03-03");
        check("10 February 2024", "10 February 2024 => 2024-02-10");
        check("in September 2023", "in September 2023 => 2023-09");
        check("in 2020", "in 2020 => 2020");
        check("since 1991", "");
        check("it may rain in the march", "");
    }

    #[test]
    fn spans_across_a_year_have_no_covering_date() {
        let span = Span::between(
            NaiveDate::from_ymd_opt(2023, 12, 30).unwrap(),
            NaiveDate::from_ymd_opt(2024, 1, 2).unwrap(),
        )
        .unwrap();
        assert_eq!(span.covering(), None);
    }
}
