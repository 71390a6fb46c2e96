//! The archive's vocabulary: statements, speakers, dates with their precision.
//!
//! Pure data with validation, no I/O: the store, the index, ingest and output all speak
//! these types, so a rule such as "2024-02 is a month, not a day" lives in one place.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::quote::quoted;

/// The archive's own number for a statement, shown to users (`communique show 7`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StatementId(pub i64);

/// The archive's own number for a speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SpeakerId(pub i64);

impl fmt::Display for StatementId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// One way a command's argument may name a statement: by the number the archive gave
/// it, or by the external id it was ingested with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatementName {
    /// The archive's number, as `search` prints it and `--format cite` cites it (`#14`).
    Number(i64),
    /// The id the statement was ingested with.
    ExternalId(String),
}

/// The prefix of an argument that names the archive's number alone: `#14`, as
/// `--format cite` prints it ("[communique #14]").
pub const NUMBER_PREFIX: &str = "#";

/// The prefix of an argument that names an external id alone: `id:14`.
pub const EXTERNAL_ID_PREFIX: &str = "id:";

/// Returns the ways `reference` may name a statement, the one its form asks for first:
/// `#14` is the number 14, `id:t03` the external id t03, and a bare `14` both the number
/// and the external id "14". The argument as given is always an external id too (a
/// user's own ids may start with `#` or `id:`), so that one naming two statements is
/// found out, never settled by a rule the user may not know.
pub fn statement_names(reference: &str) -> Vec<StatementName> {
    let number = |digits: &str| {
        (!digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit()))
            .then(|| digits.parse::<i64>().ok())
            .flatten()
    };
    let mut names = Vec::with_capacity(2);
    if let Some(digits) = reference.strip_prefix(NUMBER_PREFIX) {
        names.extend(number(digits).map(StatementName::Number));
    } else if let Some(external_id) = reference.strip_prefix(EXTERNAL_ID_PREFIX) {
        if !external_id.is_empty() {
            names.push(StatementName::ExternalId(external_id.to_string()));
        }
    } else if let Ok(number) = reference.parse::<i64>() {
        names.push(StatementName::Number(number));
    }
    names.push(StatementName::ExternalId(reference.to_string()));
    names
}

impl fmt::Display for SpeakerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// How much of a date is known: reporting often gives only "last month" or "last year".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    Day,
    Month,
    Year,
}

impl DatePrecision {
    /// Returns the lower-case name stored in the database and printed in output.
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Month => "month",
            DatePrecision::Year => "year",
        }
    }
}

/// A calendar date known to a day, a month or a year.
///
/// Written `2024-02-13`, `2024-02` or `2024`; a statement dated `2024-02` covers the whole
/// month, so it matches any date range that overlaps February 2024.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    year: i32,
    month: Option<u32>,
    day: Option<u32>,
}

/// Why a date could not be read. The input is kept whole; its message quotes a readable
/// part of it (an impossible date is ten characters at most: it was read as one).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("expected YYYY, YYYY-MM or YYYY-MM-DD (or DD.MM.YYYY, or 13 February 2024), found {}", quoted(.0))]
    Format(String),
    #[error("{0} is not a date in the calendar")]
    Impossible(String),
    #[error("year {0} is out of range (1..=9999)")]
    YearOutOfRange(i64),
    #[error("expected a time of day such as 12:00, 12:00:00 or 12:00:00+03:00 after the day, found {}", quoted(.0))]
    Time(String),
    #[error("expected a date as RSS feeds write it, such as Tue, 13 Feb 2024 08:30:00 +0400 (the day's own name, a zone such as +0400, GMT or EST), found {}", quoted(.0))]
    Rfc2822(String),
}

impl PartialDate {
    /// Returns a date known to the day.
    pub fn day(date: NaiveDate) -> PartialDate {
        PartialDate {
            year: date.year(),
            month: Some(date.month()),
            day: Some(date.day()),
        }
    }

    /// Returns the date whose period runs from `first` to `last`, as
    /// [`PartialDate::first_day`] and [`PartialDate::last_day`] give them: the day when
    /// they are one, the month when they are its first and last days, else the year of
    /// `first`. The index keeps a statement's period, not its date as written.
    pub fn of_period(first: NaiveDate, last: NaiveDate) -> PartialDate {
        if first == last {
            return PartialDate::day(first);
        }
        let month = PartialDate {
            year: first.year(),
            month: Some(first.month()),
            day: None,
        };
        if month.first_day() == first && month.last_day() == last {
            return month;
        }
        PartialDate {
            year: first.year(),
            month: None,
            day: None,
        }
    }

    /// Reads `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or a date with a time of day whose date part
    /// is kept (`2021-10-05T12:00:00+03:00`, `2021-10-05 12:00 UTC` and `Tue, 05 Oct 2021
    /// 12:00:00 +0300` are the day 2021-10-05); [`PartialDate::parse_with_time`] keeps the
    /// time too.
    pub fn parse(input: &str) -> Result<PartialDate, DateError> {
        match Self::parse_stored(input) {
            Some(date) => Ok(date),
            None => Self::parse_any(input).map(|(date, _)| date),
        }
    }

    /// Reads a date as [`PartialDate::parse`] does, with the time of day written after it,
    /// if any. The day is the one written, on the speaker's clock: `2024-02-13T23:30-05:00`
    /// is 13 February, although it was already the 14th in UTC.
    pub fn parse_with_time(input: &str) -> Result<(PartialDate, Option<TimeOfDay>), DateError> {
        match Self::parse_stored(input) {
            Some(date) => Ok((date, None)),
            None => Self::parse_any(input),
        }
    }

    fn parse_any(input: &str) -> Result<(PartialDate, Option<TimeOfDay>), DateError> {
        // A date copied from a Hebrew, Arabic or Persian page carries the direction marks
        // (U+200E, U+200F, U+061C) that keep it left to right in its sentence: invisible,
        // they made a good date "not a date". The error still quotes what was given.
        let visible: String = input
            .chars()
            .filter(|&c| !crate::fold::is_invisible_format(c))
            .collect();
        let trimmed = visible.trim();
        // Press releases write the day out in English (`13 February 2024`, `February 13,
        // 2024`, `February 2024`), as people type it.
        if let Some(written) = parse_written_out(trimmed) {
            return written
                .map(|date| (date, None))
                .map_err(|()| DateError::Impossible(input.to_string()));
        }
        // RSS and e-mail write dates as RFC 2822 does, the month by its English name
        // (`Tue, 13 Feb 2024 08:30:00 +0400`): a text with a month's name where that form
        // has it is read as one, or refused as one.
        if looks_like_rfc2822(trimmed) {
            return parse_rfc2822(trimmed).ok_or_else(|| DateError::Rfc2822(input.to_string()));
        }
        // A time of day says nothing more about which day the statement belongs to, but
        // it must be one: anything else after the day is a mistake, not a time.
        // Day first with dots (13.02.2024, 2.3.2024, 02.2024) is how dates are written
        // across Europe, Russia and the Caucasus, and how their spreadsheets export them;
        // nobody writes a month first with dots.
        let dotted = trimmed
            .split(['T', ' '])
            .next()
            .is_some_and(|date| date.contains('.'));
        let (date_part, time) = match trimmed.find(['T', ' ']) {
            Some(position) if position >= 10 || (dotted && position >= 6) => {
                (&trimmed[..position], Some(&trimmed[position + 1..]))
            }
            _ => (trimmed, None),
        };
        let time = match time {
            Some(time) => {
                Some(TimeOfDay::parse(time).ok_or_else(|| DateError::Time(input.to_string()))?)
            }
            None => None,
        };
        let format_error = || DateError::Format(input.to_string());
        let number = |text: &str, widths: std::ops::RangeInclusive<usize>| {
            digits(text, widths).map(i64::from).ok_or_else(format_error)
        };
        // Year first: the dotted form is read from its end.
        let parts: Vec<&str> = match dotted {
            true => date_part.rsplit('.').collect(),
            false => date_part.split('-').collect(),
        };
        if parts.len() > 3 || (dotted && parts.len() < 2) {
            return Err(format_error());
        }
        let width = if dotted { 1..=2 } else { 2..=2 };
        let year = number(parts[0], 4..=4)?;
        if year < 1 {
            return Err(DateError::YearOutOfRange(year));
        }
        let year = year as i32;
        let mut month_and_day = parts[1..]
            .iter()
            .map(|text| number(text, width.clone()).map(|number| number as u32));
        let month = month_and_day.next().transpose()?;
        let day = month_and_day.next().transpose()?;
        let date = PartialDate { year, month, day };
        if let Some(month) = month {
            if !(1..=12).contains(&month) {
                return Err(DateError::Impossible(date_part.to_string()));
            }
        }
        if day.is_some()
            && NaiveDate::from_ymd_opt(year, month.unwrap_or(1), day.unwrap_or(1)).is_none()
        {
            return Err(DateError::Impossible(date_part.to_string()));
        }
        // A time after a month alone (`02.2024 12:00`) tells nothing: read, not kept.
        let time = time.filter(|_| date.precision() == DatePrecision::Day);
        Ok((date, time))
    }

    /// Reads the forms the store writes, `YYYY-MM-DD`, `YYYY-MM` and `YYYY`, and nothing
    /// else, without the general parser: every hit of a search reads two dates, and this
    /// is several times faster (a speech of the UN corpus is dated to its year). None for
    /// anything else, the general parser's to read or reject.
    fn parse_stored(input: &str) -> Option<PartialDate> {
        let number = |digits: &[u8]| {
            digits.iter().all(u8::is_ascii_digit).then(|| {
                digits
                    .iter()
                    .fold(0u32, |value, digit| value * 10 + u32::from(digit - b'0'))
            })
        };
        let (year, month, day) = match *input.as_bytes() {
            [y1, y2, y3, y4] => (number(&[y1, y2, y3, y4])?, None, None),
            [y1, y2, y3, y4, b'-', m1, m2] => {
                (number(&[y1, y2, y3, y4])?, Some(number(&[m1, m2])?), None)
            }
            [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] => (
                number(&[y1, y2, y3, y4])?,
                Some(number(&[m1, m2])?),
                Some(number(&[d1, d2])?),
            ),
            _ => return None,
        };
        let year = year as i32;
        let days_in_month = match month {
            None => 31,
            Some(1 | 3 | 5 | 7 | 8 | 10 | 12) => 31,
            Some(4 | 6 | 9 | 11) => 30,
            Some(2) if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
            Some(2) => 28,
            Some(_) => return None,
        };
        let day_fits = day.is_none_or(|day| (1..=days_in_month).contains(&day));
        (year >= 1 && day_fits).then_some(PartialDate { year, month, day })
    }

    /// Returns the year.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// Returns how much of the date is known.
    pub fn precision(&self) -> DatePrecision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => DatePrecision::Day,
            (Some(_), None) => DatePrecision::Month,
            _ => DatePrecision::Year,
        }
    }

    /// Returns the first day of the period the date covers.
    pub fn first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .expect("invariant: PartialDate is validated on construction")
    }

    /// Returns the last day of the period the date covers.
    pub fn last_day(&self) -> NaiveDate {
        match (self.month, self.day) {
            (Some(_), Some(_)) => self.first_day(),
            (Some(month), None) => {
                let (next_year, next_month) = if month == 12 {
                    (self.year + 1, 1)
                } else {
                    (self.year, month + 1)
                };
                NaiveDate::from_ymd_opt(next_year, next_month, 1)
                    .and_then(|date| date.pred_opt())
                    .expect("invariant: PartialDate is validated on construction")
            }
            _ => NaiveDate::from_ymd_opt(self.year, 12, 31)
                .expect("invariant: PartialDate is validated on construction"),
        }
    }
}

/// A time of day written beside a statement's date: the speaker's clock, to the minute or
/// the second, and its offset from UTC when the source gave one.
///
/// Shown and stored as `HH:MM`, `HH:MM:SS`, and either with `±HH:MM` after it (`Z`, `UTC`
/// and `GMT` are `+00:00`; fractions of a second are dropped).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimeOfDay {
    hour: u8,
    minute: u8,
    second: Option<u8>,
    offset_minutes: Option<i16>,
}

impl TimeOfDay {
    /// Reads a time as ISO 8601 writes it after a date, and as feeds and APIs write it:
    /// `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff`, then optionally `Z`, an offset `±HH:MM` or
    /// `±HHMM`, or ` UTC`, ` GMT`, ` Z` after a space. The stored form is one of these.
    pub fn parse(text: &str) -> Option<TimeOfDay> {
        match TimeOfDay::parse_stored(text) {
            Some(time) => Some(time),
            None => TimeOfDay::parse_written(text),
        }
    }

    /// Reads the forms the store writes (`HH:MM`, `HH:MM:SS`, either with `±HH:MM`)
    /// byte by byte, and nothing else: every hit of a search with a time reads one, and
    /// the general reader's splitting cost a page of 20 hits 2.5 µs (6% of a filters-only
    /// search). None for anything else, the general reader's to read or reject.
    fn parse_stored(text: &str) -> Option<TimeOfDay> {
        let bytes = text.as_bytes();
        let (clock, offset) = match bytes.len() {
            5 | 8 => (bytes, None),
            11 | 14 => {
                let (clock, offset) = bytes.split_at(bytes.len() - 6);
                (clock, Some(offset))
            }
            _ => return None,
        };
        let digits = |pair: &[u8], most: u8| match *pair {
            [tens @ b'0'..=b'9', units @ b'0'..=b'9'] => {
                let value = (tens - b'0') * 10 + (units - b'0');
                (value <= most).then_some(value)
            }
            _ => None,
        };
        let (hour, minute, second) = match *clock {
            [h1, h2, b':', m1, m2] => (digits(&[h1, h2], 23)?, digits(&[m1, m2], 59)?, None),
            [h1, h2, b':', m1, m2, b':', s1, s2] => (
                digits(&[h1, h2], 23)?,
                digits(&[m1, m2], 59)?,
                Some(digits(&[s1, s2], 60)?),
            ),
            _ => return None,
        };
        let offset_minutes = match offset {
            None => None,
            Some(&[sign @ (b'+' | b'-'), h1, h2, b':', m1, m2]) => {
                let minutes =
                    i16::from(digits(&[h1, h2], 23)?) * 60 + i16::from(digits(&[m1, m2], 59)?);
                Some(if sign == b'-' { -minutes } else { minutes })
            }
            Some(_) => return None,
        };
        Some(TimeOfDay {
            hour,
            minute,
            second,
            offset_minutes,
        })
    }

    fn parse_written(text: &str) -> Option<TimeOfDay> {
        let (clock, offset_minutes) = split_zone(text)?;
        let (clock, fraction) = match clock.split_once('.') {
            Some((clock, fraction)) => (clock, Some(fraction)),
            None => (clock, None),
        };
        let parts: Vec<&str> = clock.split(':').collect();
        let (hour, minute, second) = match parts.as_slice() {
            [hours, minutes] if fraction.is_none() => {
                (two_digits(hours, 23)?, two_digits(minutes, 59)?, None)
            }
            // 60 seconds: a leap second.
            [hours, minutes, seconds] => (
                two_digits(hours, 23)?,
                two_digits(minutes, 59)?,
                Some(two_digits(seconds, 60)?),
            ),
            _ => return None,
        };
        let fraction_fits = fraction.is_none_or(|digits| {
            !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit())
        });
        fraction_fits.then_some(TimeOfDay {
            hour,
            minute,
            second,
            offset_minutes,
        })
    }

    /// Returns the time as a citation writes it: `08:30 UTC+04:00`, `08:30:15`, `17:30
    /// UTC`. Seconds are shown only when not zero: a feed that writes every time as
    /// `17:30:00Z` says no more than "17:30".
    pub fn in_prose(&self) -> String {
        let mut text = match self.second {
            Some(second) if second != 0 => self.clock(),
            _ => format!("{:02}:{:02}", self.hour, self.minute),
        };
        if let Some(minutes) = self.offset_minutes {
            text.push_str(" UTC");
            if minutes != 0 {
                text.push_str(&self.offset().unwrap_or_default());
            }
        }
        text
    }

    /// The clock, `HH:MM` or `HH:MM:SS`.
    fn clock(&self) -> String {
        match self.second {
            Some(second) => format!("{:02}:{:02}:{second:02}", self.hour, self.minute),
            None => format!("{:02}:{:02}", self.hour, self.minute),
        }
    }

    /// The offset as `±HH:MM`, when known.
    fn offset(&self) -> Option<String> {
        self.offset_minutes.map(|offset| {
            let sign = if offset < 0 { '-' } else { '+' };
            let offset = offset.unsigned_abs();
            format!("{sign}{:02}:{:02}", offset / 60, offset % 60)
        })
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.clock())?;
        if let Some(offset) = self.offset() {
            f.write_str(&offset)?;
        }
        Ok(())
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Reads two ASCII digits no greater than `most`.
fn two_digits(text: &str, most: u8) -> Option<u8> {
    let &[tens @ b'0'..=b'9', units @ b'0'..=b'9'] = text.as_bytes() else {
        return None;
    };
    let value = (tens - b'0') * 10 + (units - b'0');
    (value <= most).then_some(value)
}

/// Splits a time into its clock and its offset from UTC in minutes: `Z`, `±HH:MM` or
/// `±HHMM` right after the clock, or `UTC`, `GMT`, `Z` after a space. None when what
/// follows the clock is none of these.
fn split_zone(text: &str) -> Option<(&str, Option<i16>)> {
    if let Some((clock, zone)) = text.split_once(' ') {
        let zone = zone.trim_start();
        let universal = ["UTC", "GMT", "UT", "Z"]
            .iter()
            .any(|name| zone.eq_ignore_ascii_case(name));
        return match universal {
            true => Some((clock, Some(0))),
            // An offset after a space, as some APIs write it: `08:30:00 +0400`.
            false => match zone.as_bytes().first() {
                Some(b'+' | b'-') => Some((clock, Some(offset_minutes(zone)?))),
                _ => None,
            },
        };
    }
    if let Some(clock) = text.strip_suffix(['Z', 'z']) {
        return Some((clock, Some(0)));
    }
    match text.rfind(['+', '-']) {
        Some(sign) => Some((&text[..sign], Some(offset_minutes(&text[sign..])?))),
        None => Some((text, None)),
    }
}

/// Reads an offset from UTC, `±HH:MM` or `±HHMM`, into minutes.
fn offset_minutes(text: &str) -> Option<i16> {
    let (sign, digits) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let (hours, minutes) = match digits.len() {
        5 if digits.as_bytes()[2] == b':' => (&digits[..2], &digits[3..]),
        4 => digits.split_at(2),
        _ => return None,
    };
    let minutes = i16::from(two_digits(hours, 23)?) * 60 + i16::from(two_digits(minutes, 59)?);
    Some(sign * minutes)
}

const RFC2822_MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const RFC2822_WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Returns the index among `names` of the English name `word` is, whole or as its first
/// three letters (`Feb`, `February`, `FEB`).
fn english_name(word: &str, names: &[&str]) -> Option<usize> {
    let word = word.to_ascii_lowercase();
    names
        .iter()
        .position(|name| word == *name || (word.len() == 3 && name.starts_with(&word)))
}

/// Reads a date written out in English, as press releases and people write it: `13
/// February 2024` or `13 Feb 2024`, `February 13, 2024` or `Feb. 13, 2024`, any of them
/// after the day's name and a comma (`Tuesday, 13 February 2024`), and `February 2024`,
/// a month. None for text of no such shape; `Some(Err(()))` for one that names no day of
/// the calendar (`30 February 2024`) or the wrong day's name.
fn parse_written_out(text: &str) -> Option<Result<PartialDate, ()>> {
    let (weekday, rest) = match text.split_once(',') {
        Some((name, rest)) => match english_name(name.trim(), &RFC2822_WEEKDAYS) {
            Some(weekday) => (Some(weekday), rest),
            None => (None, text),
        },
        None => (None, text),
    };
    let words: Vec<&str> = rest
        .split(|character: char| character.is_whitespace() || character == ',')
        .filter(|word| !word.is_empty())
        .collect();
    let month = |word: &str| {
        let word = word.strip_suffix('.').unwrap_or(word);
        // The Associated Press's abbreviation, the one of four letters.
        match word.eq_ignore_ascii_case("sept") {
            true => Some(8),
            false => english_name(word, &RFC2822_MONTHS),
        }
    };
    let number = digits;
    let (year, month, day) = match words.as_slice() {
        [day, name, year] if number(day, 1..=2).is_some() && month(name).is_some() => {
            (number(year, 4..=4)?, month(name)?, number(day, 1..=2))
        }
        [name, day, year] if month(name).is_some() => (
            number(year, 4..=4)?,
            month(name)?,
            Some(number(day, 1..=2)?),
        ),
        [name, year] if weekday.is_none() => (number(year, 4..=4)?, month(name)?, None),
        _ => return None,
    };
    let month = month as u32 + 1;
    let Some(day) = day else {
        let year = i32::try_from(year).ok().filter(|&year| year >= 1);
        return Some(
            year.map(|year| PartialDate {
                year,
                month: Some(month),
                day: None,
            })
            .ok_or(()),
        );
    };
    let date = NaiveDate::from_ymd_opt(year as i32, month, day).filter(|date| {
        date.year() >= 1
            && weekday.is_none_or(|weekday| weekday as u32 == date.weekday().num_days_from_monday())
    });
    Some(date.map(PartialDate::day).ok_or(()))
}

/// The number `text` writes in ASCII digits, when it has as many as `widths` allows
/// (`02` for a month, `2024` for a year); None for anything else (a sign, a space).
fn digits(text: &str, widths: std::ops::RangeInclusive<usize>) -> Option<u32> {
    (widths.contains(&text.len()) && text.bytes().all(|byte| byte.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// Tells whether `text` is written as RFC 2822 dates are: a day's name and a comma
/// first, or a month's name second (`13 Feb 2024`).
fn looks_like_rfc2822(text: &str) -> bool {
    let weekday_first = text
        .split_once(',')
        .is_some_and(|(name, _)| english_name(name.trim(), &RFC2822_WEEKDAYS).is_some());
    weekday_first
        || text
            .split_whitespace()
            .nth(1)
            .is_some_and(|word| english_name(word, &RFC2822_MONTHS).is_some())
}

/// Reads a date as RFC 2822 (and 822 before it) writes it, as RSS feeds and e-mail do:
/// `[Tue, ]13 Feb 2024 08:30[:00] +0400`, the zone `+HHMM`, `UT`, `UTC`, `GMT`, `Z` or
/// one of North America's (`EST`, `PDT` …). `-0000`, "no offset known" by the RFC, keeps
/// none. A day name that is not the date's, a military one-letter zone (the RFC itself
/// calls their meaning lost) or anything left over: None.
fn parse_rfc2822(text: &str) -> Option<(PartialDate, Option<TimeOfDay>)> {
    let (weekday, rest) = match text.split_once(',') {
        Some((name, rest)) => (Some(english_name(name.trim(), &RFC2822_WEEKDAYS)?), rest),
        None => (None, text),
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    let [day, month, year, clock, zone @ ..] = words.as_slice() else {
        return None;
    };
    let day: u32 = match day.len() {
        1 | 2 if day.bytes().all(|byte| byte.is_ascii_digit()) => day.parse().ok()?,
        _ => return None,
    };
    let month = english_name(month, &RFC2822_MONTHS)? as u32 + 1;
    if !year.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let year: i32 = match (year.len(), year.parse::<i32>().ok()?) {
        (2, year @ 0..=49) => year + 2000,
        (2, year) => year + 1900,
        (4, year) if year >= 1 => year,
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    if weekday.is_some_and(|weekday| weekday as u32 != date.weekday().num_days_from_monday()) {
        return None;
    }
    let offset = match zone {
        [] => None,
        [zone] => {
            let zone = zone.to_ascii_uppercase();
            match zone.as_str() {
                "-0000" => None,
                "UT" | "UTC" | "GMT" | "Z" => Some(0),
                "EDT" => Some(-4 * 60),
                "EST" | "CDT" => Some(-5 * 60),
                "CST" | "MDT" => Some(-6 * 60),
                "MST" | "PDT" => Some(-7 * 60),
                "PST" => Some(-8 * 60),
                _ => Some(offset_minutes(&zone)?),
            }
        }
        _ => return None,
    };
    let time = TimeOfDay::parse(clock)?;
    if time.offset_minutes.is_some() {
        return None;
    }
    Some((
        PartialDate::day(date),
        Some(TimeOfDay {
            offset_minutes: offset,
            ..time
        }),
    ))
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

impl FromStr for PartialDate {
    type Err = DateError;
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        PartialDate::parse(input)
    }
}

impl Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Lengths of the periods statements are counted by (`timeline --by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Period {
    /// Calendar days: 2024-02-13
    Day,
    /// ISO weeks, Monday to Sunday: 2024-W07
    Week,
    /// Calendar months: 2024-02
    Month,
    /// Calendar years: 2024
    Year,
}

impl Period {
    /// Returns the day `weekday` of the ISO week `label` names, as `timeline --by week`
    /// labels it (`2024-W07`; `2024-w7` too): None if `label` names no week, an error for
    /// a week its year does not have (`2024-W53`).
    pub fn day_of_week_label(
        label: &str,
        weekday: chrono::Weekday,
    ) -> Option<Result<NaiveDate, String>> {
        let (year, week) = label.trim().split_once(['W', 'w'])?;
        let (year, week) = (
            digits(year.strip_suffix('-')?, 4..=4)?,
            digits(week, 1..=2)?,
        );
        Some(
            NaiveDate::from_isoywd_opt(year as i32, week, weekday)
                .filter(|_| year >= 1)
                .ok_or_else(|| {
                    format!(
                        "{} is no week of {year} (ISO weeks run from W01 to W52 or W53)",
                        quoted(label.trim())
                    )
                }),
        )
    }

    /// Returns the first day of the period holding `day`: the day itself, the Monday of
    /// its ISO week, the first day of its month or of its year.
    pub fn start_of(self, day: NaiveDate) -> NaiveDate {
        match self {
            Period::Day => day,
            Period::Week => {
                day - chrono::Days::new(u64::from(day.weekday().num_days_from_monday()))
            }
            Period::Month => day.with_day(1).unwrap_or(day),
            Period::Year => NaiveDate::from_ymd_opt(day.year(), 1, 1).unwrap_or(day),
        }
    }
}

/// What kind of text a statement is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum StatementKind {
    /// A full official statement.
    Statement,
    /// A verbatim excerpt.
    Quote,
    /// Reported speech.
    Paraphrase,
}

impl StatementKind {
    /// Returns the lower-case name stored and printed.
    pub fn as_str(self) -> &'static str {
        match self {
            StatementKind::Statement => "statement",
            StatementKind::Quote => "quote",
            StatementKind::Paraphrase => "paraphrase",
        }
    }

    /// Reads a kind name, ignoring case.
    pub fn parse(input: &str) -> Option<StatementKind> {
        let all = [
            StatementKind::Statement,
            StatementKind::Quote,
            StatementKind::Paraphrase,
        ];
        let named = |name: &str| all.into_iter().find(|kind| kind.as_str() == name);
        // The stored form, read for every hit, is found without a lower-cased copy.
        named(input).or_else(|| named(&normalize_label(input)))
    }
}

/// Whether a speaker is a person or an institution speaking as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SpeakerKind {
    Person,
    Institution,
}

impl SpeakerKind {
    /// Returns the lower-case name stored and printed.
    pub fn as_str(self) -> &'static str {
        match self {
            SpeakerKind::Person => "person",
            SpeakerKind::Institution => "institution",
        }
    }

    /// Reads a speaker kind name, ignoring case.
    pub fn parse(input: &str) -> Option<SpeakerKind> {
        let all = [SpeakerKind::Person, SpeakerKind::Institution];
        let named = |name: &str| all.into_iter().find(|kind| kind.as_str() == name);
        // The stored form, read for every hit, is found without a lower-cased copy.
        named(input).or_else(|| named(&normalize_label(input)))
    }
}

/// Where a statement was reported.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Source {
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<PartialDate>,
}

impl Source {
    /// Returns true when nothing is known about the source.
    pub fn is_empty(&self) -> bool {
        self.outlet.is_none() && self.url.is_none() && self.published.is_none()
    }
}

/// The speaker as an incoming record names them, before matching against the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerMention {
    pub name: String,
    pub kind: Option<SpeakerKind>,
    pub role: Option<String>,
    pub organization: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
}

/// Where a statement's role or organisation came from when not from the statement itself,
/// as an export writes it (`role_origin`, `organization_origin`) so that the archive it
/// is ingested into gives it the same way: removing the recorded role there takes it back,
/// and a role cleared stays cleared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoleOrigin {
    /// The role the speaker held on the statement's date, as recorded with `speakers role`.
    Recorded,
    /// None, as an edit cleared it (`edit --set role=`): no recorded role fills it.
    Cleared,
}

impl RoleOrigin {
    /// The name a record gives it.
    pub fn as_str(self) -> &'static str {
        match self {
            RoleOrigin::Recorded => "recorded",
            RoleOrigin::Cleared => "cleared",
        }
    }

    /// Reads the name a record gives it, in any case.
    pub fn parse(text: &str) -> Option<RoleOrigin> {
        match text.trim().to_lowercase().as_str() {
            "recorded" => Some(RoleOrigin::Recorded),
            "cleared" => Some(RoleOrigin::Cleared),
            _ => None,
        }
    }
}

/// A validated statement on its way into the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStatement {
    pub external_id: Option<String>,
    pub text: String,
    pub speaker: SpeakerMention,
    pub date: PartialDate,
    /// The time of day the record gives beside its date, if any.
    pub time: Option<TimeOfDay>,
    pub kind: StatementKind,
    pub channel: Option<String>,
    pub language: String,
    pub title: Option<String>,
    pub source: Source,
    pub tags: Vec<String>,
    /// Corrections carried by an exported record (`export --with-history`), kept as they were.
    pub history: Vec<HistoryEntry>,
    /// The tombstone carried by an exported record.
    pub deleted: Option<Deletion>,
    /// Where the exported statement's role came from, when not from itself.
    pub role_origin: Option<RoleOrigin>,
    /// Where the exported statement's organisation came from, when not from itself.
    pub organization_origin: Option<RoleOrigin>,
}

impl NewStatement {
    /// Returns the record's values as edits, for `--overwrite-curated`.
    pub fn as_edits(&self) -> Vec<FieldValue> {
        let mut edits = vec![
            FieldValue::Text(self.text.clone()),
            FieldValue::Speaker(self.speaker.clone()),
            FieldValue::Date(self.date),
            FieldValue::Kind(self.kind),
            FieldValue::Channel(self.channel.clone()),
            FieldValue::Language(self.language.clone()),
            FieldValue::Title(self.title.clone()),
            FieldValue::SourceOutlet(self.source.outlet.clone()),
            FieldValue::SourceUrl(self.source.url.clone()),
            FieldValue::SourcePublished(self.source.published),
            FieldValue::Tags(self.tags.clone()),
        ];
        // A record without a time says nothing of it: a time the archive holds stays.
        if let Some(time) = self.time {
            edits.push(FieldValue::Time(Some(time)));
        }
        // A record without a role or organisation took the speaker's at ingest; keep it,
        // and so one an exported record says a recorded role gave (this archive's
        // recorded roles give it). One it says an edit cleared is cleared.
        match (&self.speaker.role, self.role_origin) {
            (Some(_), Some(RoleOrigin::Recorded)) => {}
            (Some(role), _) => edits.push(FieldValue::Role(Some(role.clone()))),
            (None, Some(RoleOrigin::Cleared)) => edits.push(FieldValue::Role(None)),
            (None, _) => {}
        }
        match (&self.speaker.organization, self.organization_origin) {
            (Some(_), Some(RoleOrigin::Recorded)) => {}
            (Some(organization), _) => {
                edits.push(FieldValue::Organization(Some(organization.clone())))
            }
            (None, Some(RoleOrigin::Cleared)) => edits.push(FieldValue::Organization(None)),
            (None, _) => {}
        }
        edits
    }
}

/// A statement as the archive holds it, with its speaker resolved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Statement {
    pub id: StatementId,
    pub external_id: Option<String>,
    pub date: PartialDate,
    pub date_precision: DatePrecision,
    /// The time of day on the speaker's clock, when the source gave it (schema 11).
    pub time: Option<TimeOfDay>,
    pub speaker_id: SpeakerId,
    pub speaker: String,
    pub speaker_kind: SpeakerKind,
    pub role: Option<String>,
    pub organization: Option<String>,
    pub country: Option<String>,
    pub channel: Option<String>,
    pub kind: StatementKind,
    pub language: String,
    pub title: Option<String>,
    pub text: String,
    pub source: Source,
    pub tags: Vec<String>,
    /// When the statement entered the archive (RFC 3339, UTC).
    pub ingested_at: String,
    /// Set when the statement was deleted: it is kept as a tombstone, out of search.
    pub deleted: Option<Deletion>,
    /// Where its role came from when not from itself; read for export only (None
    /// elsewhere), which writes it so that a restore gives the role the same way.
    #[serde(skip)]
    pub role_origin: Option<RoleOrigin>,
    /// Where its organisation came from when not from itself; as `role_origin`.
    #[serde(skip)]
    pub organization_origin: Option<RoleOrigin>,
}

/// When and why a statement was deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deletion {
    pub at: String,
    pub reason: String,
}

/// The fields of a statement that `edit --set FIELD=VALUE` can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EditableField {
    Text,
    Speaker,
    Date,
    Kind,
    Channel,
    Language,
    Title,
    Role,
    Organization,
    SourceOutlet,
    SourceUrl,
    SourcePublished,
    Tags,
    /// Last, as it came last: history shows fields in this order.
    Time,
}

impl EditableField {
    /// Every editable field, in the order history shows them.
    pub const ALL: [EditableField; 14] = [
        EditableField::Text,
        EditableField::Speaker,
        EditableField::Date,
        EditableField::Kind,
        EditableField::Channel,
        EditableField::Language,
        EditableField::Title,
        EditableField::Role,
        EditableField::Organization,
        EditableField::SourceOutlet,
        EditableField::SourceUrl,
        EditableField::SourcePublished,
        EditableField::Tags,
        EditableField::Time,
    ];

    /// Returns the field's name, as `ingest` and `edit` spell it.
    pub fn name(self) -> &'static str {
        match self {
            EditableField::Text => "text",
            EditableField::Speaker => "speaker",
            EditableField::Date => "date",
            EditableField::Kind => "kind",
            EditableField::Channel => "channel",
            EditableField::Language => "language",
            EditableField::Title => "title",
            EditableField::Role => "role",
            EditableField::Organization => "organization",
            EditableField::SourceOutlet => "source_outlet",
            EditableField::SourceUrl => "source_url",
            EditableField::SourcePublished => "source_published",
            EditableField::Tags => "tags",
            EditableField::Time => "time",
        }
    }

    /// Reads a field name.
    pub fn parse(name: &str) -> Option<EditableField> {
        EditableField::ALL
            .into_iter()
            .find(|field| field.name() == name.trim())
    }

    /// Returns the field's value in `statement`, as history records it.
    pub fn value_in(self, statement: &Statement) -> Option<String> {
        match self {
            EditableField::Text => Some(statement.text.clone()),
            EditableField::Speaker => Some(statement.speaker.clone()),
            EditableField::Date => Some(statement.date.to_string()),
            EditableField::Kind => Some(statement.kind.as_str().to_string()),
            EditableField::Channel => statement.channel.clone(),
            EditableField::Language => Some(statement.language.clone()),
            EditableField::Title => statement.title.clone(),
            EditableField::Role => statement.role.clone(),
            EditableField::Organization => statement.organization.clone(),
            EditableField::SourceOutlet => statement.source.outlet.clone(),
            EditableField::SourceUrl => statement.source.url.clone(),
            EditableField::SourcePublished => {
                statement.source.published.map(|date| date.to_string())
            }
            EditableField::Tags => (!statement.tags.is_empty()).then(|| statement.tags.join(";")),
            EditableField::Time => statement.time.map(|time| time.to_string()),
        }
    }
}

/// A validated change to one field; `None` clears an optional field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    Text(String),
    Speaker(SpeakerMention),
    Date(PartialDate),
    Kind(StatementKind),
    Channel(Option<String>),
    Language(String),
    Title(Option<String>),
    Role(Option<String>),
    Organization(Option<String>),
    SourceOutlet(Option<String>),
    SourceUrl(Option<String>),
    SourcePublished(Option<PartialDate>),
    Tags(Vec<String>),
    /// Tags added to and taken from those a statement has (`--set tags+=…`,
    /// `--set tags-=…`), where [`FieldValue::Tags`] replaces them: the same change to
    /// statements whose tags differ.
    TagsChanged {
        added: Vec<String>,
        removed: Vec<String>,
    },
    Time(Option<TimeOfDay>),
}

impl FieldValue {
    /// Returns the value as [`EditableField::value_in`] reads it from a stored statement, so
    /// that the two compare; None for the text and the speaker, which are compared apart
    /// (spacing aside, and by the speaker matched rather than the name written).
    pub fn comparable(&self) -> Option<Option<String>> {
        Some(match self {
            // Relative to the stored value, so no value of its own to compare.
            FieldValue::Text(_) | FieldValue::Speaker(_) | FieldValue::TagsChanged { .. } => {
                return None
            }
            FieldValue::Date(date) => Some(date.to_string()),
            FieldValue::Kind(kind) => Some(kind.as_str().to_string()),
            FieldValue::Language(language) => Some(language.clone()),
            FieldValue::Channel(value)
            | FieldValue::Title(value)
            | FieldValue::Role(value)
            | FieldValue::Organization(value)
            | FieldValue::SourceOutlet(value)
            | FieldValue::SourceUrl(value) => value.clone(),
            FieldValue::SourcePublished(date) => date.map(|date| date.to_string()),
            FieldValue::Time(time) => time.map(|time| time.to_string()),
            FieldValue::Tags(tags) => {
                let mut tags = tags.clone();
                tags.sort();
                tags.dedup();
                (!tags.is_empty()).then(|| tags.join(";"))
            }
        })
    }

    /// Returns the field this value is for.
    pub fn field(&self) -> EditableField {
        match self {
            FieldValue::Text(_) => EditableField::Text,
            FieldValue::Speaker(_) => EditableField::Speaker,
            FieldValue::Date(_) => EditableField::Date,
            FieldValue::Kind(_) => EditableField::Kind,
            FieldValue::Channel(_) => EditableField::Channel,
            FieldValue::Language(_) => EditableField::Language,
            FieldValue::Title(_) => EditableField::Title,
            FieldValue::Role(_) => EditableField::Role,
            FieldValue::Organization(_) => EditableField::Organization,
            FieldValue::SourceOutlet(_) => EditableField::SourceOutlet,
            FieldValue::SourceUrl(_) => EditableField::SourceUrl,
            FieldValue::SourcePublished(_) => EditableField::SourcePublished,
            FieldValue::Tags(_) | FieldValue::TagsChanged { .. } => EditableField::Tags,
            FieldValue::Time(_) => EditableField::Time,
        }
    }
}

/// What happened to a statement, as the history records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeAction {
    Edit,
    Delete,
    Restore,
}

impl ChangeAction {
    /// Returns the lower-case name stored and printed.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeAction::Edit => "edit",
            ChangeAction::Delete => "delete",
            ChangeAction::Restore => "restore",
        }
    }

    /// Reads an action name.
    pub fn parse(input: &str) -> Option<ChangeAction> {
        match input {
            "edit" => Some(ChangeAction::Edit),
            "delete" => Some(ChangeAction::Delete),
            "restore" => Some(ChangeAction::Restore),
            _ => None,
        }
    }
}

/// One recorded change to a statement: what, old and new value, when, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub statement_id: StatementId,
    pub at: String,
    pub action: ChangeAction,
    /// The field edited; None for delete and restore.
    pub field: Option<String>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub reason: String,
}

/// A speaker with what the archive knows about their statements.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Speaker {
    pub id: SpeakerId,
    pub name: String,
    pub kind: SpeakerKind,
    pub role: Option<String>,
    pub organization: Option<String>,
    pub country: Option<String>,
    pub aliases: Vec<String>,
    /// Roles held, oldest first.
    pub roles: Vec<RolePeriod>,
    pub statements: u64,
    pub first_date: Option<PartialDate>,
    pub last_date: Option<PartialDate>,
}

/// A role a speaker held, with when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RolePeriod {
    pub role: String,
    pub organization: Option<String>,
    pub country: Option<String>,
    /// None: not known.
    pub from: Option<PartialDate>,
    /// None: still held, or not known.
    pub to: Option<PartialDate>,
}

impl RolePeriod {
    /// Whether the two periods share a day (an unknown end is open).
    pub fn overlaps(&self, other: &RolePeriod) -> bool {
        let starts_before_end =
            |period: &RolePeriod, end: &Option<PartialDate>| match (period.from, end) {
                (Some(from), Some(end)) => from.first_day() <= end.last_day(),
                _ => true,
            };
        starts_before_end(self, &other.to) && starts_before_end(other, &self.to)
    }
}

/// A place of the gazetteer with every name it goes by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    pub id: String,
    pub name: String,
    pub country: Option<String>,
    pub kind: Option<String>,
    pub region: Option<String>,
    pub names: Vec<PlaceName>,
}

/// One name of a place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlaceName {
    pub name: String,
    pub language: Option<String>,
    /// The country whose official usage this name is, if any.
    pub used_by: Option<String>,
}

/// The filter fields of one statement as the index needs them.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexedStatement {
    pub id: StatementId,
    pub text: String,
    pub title: Option<String>,
    pub speaker_id: SpeakerId,
    /// The role the statement gives its speaker.
    pub role: Option<String>,
    pub organization_id: Option<i64>,
    pub country: Option<String>,
    pub channel: Option<String>,
    pub kind: StatementKind,
    pub language: String,
    pub tags: Vec<String>,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

/// The values of one statement that the index keeps in its columns (speaker,
/// organisation, labels, days), read from the index or from the database: `check`
/// compares the two, as searches filter and count by the index's alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedLabels {
    pub id: StatementId,
    pub speaker_id: SpeakerId,
    pub organization_id: Option<i64>,
    pub country: Option<String>,
    pub channel: Option<String>,
    pub kind: String,
    pub language: String,
    /// Sorted, each once: the index keeps no order of them.
    pub tags: Vec<String>,
    /// None in the index when its records of the day (a column of its own, and the one
    /// searches read with the id) disagree or name no day of the calendar.
    pub first_day: Option<NaiveDate>,
    pub last_day: Option<NaiveDate>,
}

impl IndexedLabels {
    /// Returns the labels of `statement` as the index writes them.
    pub fn of(statement: &IndexedStatement) -> IndexedLabels {
        let mut tags = statement.tags.clone();
        tags.sort_unstable();
        tags.dedup();
        IndexedLabels {
            id: statement.id,
            speaker_id: statement.speaker_id,
            organization_id: statement.organization_id,
            country: statement.country.clone(),
            channel: statement.channel.clone(),
            kind: statement.kind.as_str().to_string(),
            language: statement.language.clone(),
            tags,
            first_day: Some(statement.first_day),
            last_day: Some(statement.last_day),
        }
    }

    /// Returns the names of the fields whose values differ between `self` and `other`,
    /// as the filters name them (`speaker`, `tag`, `date`…).
    pub fn differences(&self, other: &IndexedLabels) -> Vec<&'static str> {
        let mut fields = Vec::new();
        let mut differ = |differs: bool, name: &'static str| {
            if differs && !fields.contains(&name) {
                fields.push(name);
            }
        };
        differ(self.speaker_id != other.speaker_id, "speaker");
        differ(
            self.organization_id != other.organization_id,
            "organization",
        );
        differ(self.country != other.country, "country");
        differ(self.channel != other.channel, "channel");
        differ(self.kind != other.kind, "kind");
        differ(self.language != other.language, "language");
        differ(self.tags != other.tags, "tag");
        differ(self.first_day != other.first_day, "date");
        differ(self.last_day != other.last_day, "date");
        fields
    }
}

/// Normalises a free-form label (channel, tag) to the form stored and matched: as
/// [`label_text`], in lower case.
pub fn normalize_label(label: &str) -> String {
    label_text(label).to_lowercase()
}

/// Whether `value` holds nothing but whitespace and invisible format characters: what
/// [`label_text`] makes empty, told without a copy, from the first visible character on
/// (a statement's whole text is asked).
pub fn is_blank(value: &str) -> bool {
    value
        .chars()
        .all(|character| character.is_whitespace() || crate::fold::is_invisible_format(character))
}

/// Returns a label's value (a channel, a tag, a country, a language, a kind) as it is
/// read, stored and matched: without its invisible format characters
/// ([`crate::fold::is_invisible_format`]) and the whitespace around it. A value copied from
/// a right-to-left page often ends in a direction mark, and one from HTML may hold a soft
/// hyphen: kept, `telegram` and `telegram` with a mark were two channels that look alike
/// and that `--channel telegram` told apart. One rule for every label, at ingest and in
/// the filters, so that a value is read back as it was stored.
pub fn label_text(value: &str) -> std::borrow::Cow<'_, str> {
    // Most labels are ASCII, which holds no format character: read without a copy.
    if value.is_ascii() || !value.chars().any(crate::fold::is_invisible_format) {
        return std::borrow::Cow::Borrowed(value.trim());
    }
    let visible: String = value
        .chars()
        .filter(|&character| !crate::fold::is_invisible_format(character))
        .collect();
    std::borrow::Cow::Owned(visible.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::StatementName::{ExternalId, Number};

    #[test]
    fn a_statement_is_named_by_its_number_or_its_external_id() {
        let external = |text: &str| ExternalId(text.to_string());
        assert_eq!(statement_names("14"), [Number(14), external("14")]);
        assert_eq!(statement_names("#14"), [Number(14), external("#14")]);
        assert_eq!(
            statement_names("id:14"),
            [external("14"), external("id:14")]
        );
        assert_eq!(statement_names("t03"), [external("t03")]);
        // Only digits after `#`: the rest are external ids as given.
        assert_eq!(statement_names("#+14"), [external("#+14")]);
        assert_eq!(statement_names("#"), [external("#")]);
        assert_eq!(statement_names("#1x"), [external("#1x")]);
        assert_eq!(statement_names("id:"), [external("id:")]);
    }

    use super::*;

    /// A date is read back from its period: a day, a month (February of a leap year
    /// too) or a year.
    #[test]
    fn a_date_is_the_one_of_its_period() {
        for date in [
            "2024-02-29",
            "2024-02",
            "2023-02",
            "2024-12",
            "2024",
            "0001",
        ] {
            let date = PartialDate::parse(date).unwrap();
            assert_eq!(
                PartialDate::of_period(date.first_day(), date.last_day()),
                date
            );
        }
    }

    #[test]
    fn a_label_loses_its_invisible_format_characters_and_the_space_around() {
        assert_eq!(label_text(" telegram\u{200f} "), "telegram");
        assert_eq!(label_text("ga\u{00ad}za"), "gaza");
        assert_eq!(label_text("\u{202b}غزة\u{202c}"), "غزة");
        assert_eq!(label_text("\u{200f} \u{200e}"), "");
        for value in ["", " ", "\u{200f} \u{200e}", "\u{ad}"] {
            assert!(super::is_blank(value), "{value:?}");
        }
        for value in ["a", "\u{200f}غزة", " ? "] {
            assert!(!super::is_blank(value), "{value:?}");
        }
        assert_eq!(normalize_label("\u{200e}Telegram"), "telegram");
        assert_eq!(
            StatementKind::parse("Quote\u{200f}"),
            Some(StatementKind::Quote)
        );
    }

    #[test]
    fn role_periods_overlap_when_they_share_a_day_an_unknown_end_open() {
        let period = |from: Option<&str>, to: Option<&str>| RolePeriod {
            role: "Minister".into(),
            organization: None,
            country: None,
            from: from.map(|date| PartialDate::parse(date).unwrap()),
            to: to.map(|date| PartialDate::parse(date).unwrap()),
        };
        let held = period(Some("2012-05-22"), None);
        assert!(held.overlaps(&period(Some("2000"), None)));
        assert!(held.overlaps(&period(Some("2012"), Some("2012"))));
        assert!(!held.overlaps(&period(Some("1990"), Some("1991"))));
        assert!(!held.overlaps(&period(None, Some("2012-05-21"))));
        assert!(period(None, None).overlaps(&held));
        assert!(
            !period(Some("2004-03-10"), Some("2004-03")).overlaps(&period(Some("2004-04"), None))
        );
    }

    /// Kinds are read as stored and as people write them: any case, spaces around.
    #[test]
    fn kinds_are_read_in_any_case() {
        for (input, kind) in [
            ("quote", Some(StatementKind::Quote)),
            ("QUOTE", Some(StatementKind::Quote)),
            (" Paraphrase ", Some(StatementKind::Paraphrase)),
            ("statement", Some(StatementKind::Statement)),
            ("quotes", None),
            ("", None),
        ] {
            assert_eq!(StatementKind::parse(input), kind, "{input:?}");
        }
        for (input, kind) in [
            ("person", Some(SpeakerKind::Person)),
            ("Institution", Some(SpeakerKind::Institution)),
            (" PERSON", Some(SpeakerKind::Person)),
            ("people", None),
        ] {
            assert_eq!(SpeakerKind::parse(input), kind, "{input:?}");
        }
    }

    fn check(input: &str, shown: &str, precision: DatePrecision, first: &str, last: &str) {
        let date = PartialDate::parse(input).unwrap();
        assert_eq!(date.to_string(), shown);
        assert_eq!(date.precision(), precision);
        assert_eq!(date.first_day().to_string(), first);
        assert_eq!(date.last_day().to_string(), last);
    }

    #[test]
    fn dates_keep_their_precision() {
        check(
            "2024-02-13",
            "2024-02-13",
            DatePrecision::Day,
            "2024-02-13",
            "2024-02-13",
        );
        check(
            "2024-02",
            "2024-02",
            DatePrecision::Month,
            "2024-02-01",
            "2024-02-29",
        );
        check(
            "2023-12",
            "2023-12",
            DatePrecision::Month,
            "2023-12-01",
            "2023-12-31",
        );
        check(
            "2024",
            "2024",
            DatePrecision::Year,
            "2024-01-01",
            "2024-12-31",
        );
        check(
            " 2021-10-05T12:00:00+03:00",
            "2021-10-05",
            DatePrecision::Day,
            "2021-10-05",
            "2021-10-05",
        );
        for time in [
            "12:00",
            "23:59:60",
            "00:00:00.123456",
            "12:00Z",
            "12:00:00.5-05:30",
            "12:00:00+14:00",
        ] {
            assert_eq!(
                PartialDate::parse(&format!("2021-10-05T{time}")).map(|date| date.to_string()),
                Ok("2021-10-05".to_string()),
                "{time}"
            );
        }
        check(
            "2021-10-05 12:00",
            "2021-10-05",
            DatePrecision::Day,
            "2021-10-05",
            "2021-10-05",
        );
    }

    /// Day first with dots, as much of Europe, Russia and the Caucasus write dates and
    /// their spreadsheets export them.
    /// A date copied from a right-to-left page carries direction marks, which were read
    /// as part of it: "not a date". The error still quotes what was given.
    #[test]
    fn direction_marks_around_a_date_are_left_out() {
        for input in [
            "\u{200f}2024-05-13\u{200f}",
            "2024-05-13\u{200e}",
            "\u{61c}13.05.2024",
        ] {
            assert_eq!(
                PartialDate::parse(input).map(|d| d.to_string()),
                Ok("2024-05-13".to_string()),
                "{input:?}"
            );
        }
        assert_eq!(
            PartialDate::parse("\u{200f}2024-13"),
            Err(DateError::Impossible("2024-13".to_string()))
        );
    }

    #[test]
    fn dotted_dates_are_read_day_first() {
        for (input, stored) in [
            ("13.02.2024", "2024-02-13"),
            ("2.3.2024", "2024-03-02"),
            ("02.03.2024", "2024-03-02"),
            ("29.02.2024 12:00", "2024-02-29"),
            ("1.2.2024 12:00:00+03:00", "2024-02-01"),
            (" 13.02.2024T08:30Z", "2024-02-13"),
            ("02.2024", "2024-02"),
            ("2.2024", "2024-02"),
        ] {
            assert_eq!(
                PartialDate::parse(input).map(|date| date.to_string()),
                Ok(stored.to_string()),
                "{input}"
            );
        }
        for bad in [
            "30.02.2024",
            "13.13.2024",
            "13.02.24",
            "2024.02.13",
            "013.02.2024",
            "13..2024",
            ".02.2024",
            "13.02.2024.",
            "1.1.1.2024",
            "2024.",
            "13.02.2024 noon",
            "13.02-2024",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad} should be rejected");
        }
        assert!(PartialDate::parse("13-02-2024")
            .unwrap_err()
            .to_string()
            .contains("DD.MM.YYYY"));
    }

    /// The fact-checker's forms (L1): an offset without its colon (Telegram exports, many
    /// APIs), dates as RSS feeds write them (RFC 2822 and 822), a zone's name after a
    /// space. The day kept is the one written, on the speaker's clock, and the time of day
    /// with it, its offset written `±HH:MM`.
    #[test]
    fn dates_as_feeds_write_them_keep_the_day_written_and_the_time() {
        for (input, day, time) in [
            ("2024-02-13T08:30:00+04:00", "2024-02-13", "08:30:00+04:00"),
            ("2024-02-13T08:30:00+0400", "2024-02-13", "08:30:00+04:00"),
            ("2024-02-13T23:30:00-05:00", "2024-02-13", "23:30:00-05:00"),
            ("2024-02-13T08:30-0330", "2024-02-13", "08:30-03:30"),
            ("2024-02-13 08:30:00 UTC", "2024-02-13", "08:30:00+00:00"),
            ("2024-02-13 08:30:00 Z", "2024-02-13", "08:30:00+00:00"),
            ("2024-02-13 08:30 gmt", "2024-02-13", "08:30+00:00"),
            ("2024-02-13 08:30:00 +0400", "2024-02-13", "08:30:00+04:00"),
            ("2024-02-13T08:30:00Z", "2024-02-13", "08:30:00+00:00"),
            (
                "2024-02-13T08:30:00.250+04:00",
                "2024-02-13",
                "08:30:00+04:00",
            ),
            ("2024-02-13 08:30", "2024-02-13", "08:30"),
            ("13.02.2024 08:30:15", "2024-02-13", "08:30:15"),
            (
                "Tue, 13 Feb 2024 08:30:00 +0400",
                "2024-02-13",
                "08:30:00+04:00",
            ),
            (
                "Tue, 13 Feb 2024 23:30:00 -0500",
                "2024-02-13",
                "23:30:00-05:00",
            ),
            ("13 Feb 2024 08:30 GMT", "2024-02-13", "08:30+00:00"),
            ("13 Feb 2024 08:30 UTC", "2024-02-13", "08:30+00:00"),
            (
                "Tuesday, 13 February 2024 08:30:00 EST",
                "2024-02-13",
                "08:30:00-05:00",
            ),
            (
                "tue, 3 feb 2026 08:30:00 PDT",
                "2026-02-03",
                "08:30:00-07:00",
            ),
            ("13 Feb 24 08:30 +0000", "2024-02-13", "08:30+00:00"),
            // RFC 2822: -0000 is "the offset is not known".
            ("13 Feb 2024 08:30:00 -0000", "2024-02-13", "08:30:00"),
            (
                " 13 Feb 2024 08:30:00 +0400 ",
                "2024-02-13",
                "08:30:00+04:00",
            ),
        ] {
            let (date, parsed_time) = PartialDate::parse_with_time(input).unwrap();
            assert_eq!(date.to_string(), day, "{input}");
            assert_eq!(PartialDate::parse(input), Ok(date), "{input}");
            let parsed_time = parsed_time.expect(input);
            assert_eq!(parsed_time.to_string(), time, "{input}");
            // The stored form reads back as itself.
            assert_eq!(TimeOfDay::parse(time), Some(parsed_time), "{time}");
        }
        for without_time in ["2024-02-13", "2024-02", "2024", "02.2024 12:00"] {
            assert_eq!(
                PartialDate::parse_with_time(without_time).map(|(_, time)| time),
                Ok(None),
                "{without_time}"
            );
        }
    }

    /// A citation writes the time as people do: seconds only when there are some, and
    /// UTC without an offset of zero.
    #[test]
    fn a_time_in_prose_leaves_out_zero_seconds_and_a_zero_offset() {
        for (input, prose) in [
            ("2024-02-13T08:30:00+04:00", "08:30 UTC+04:00"),
            ("2024-02-13T08:30:15+04:00", "08:30:15 UTC+04:00"),
            ("2024-02-13T17:30:00Z", "17:30 UTC"),
            ("2024-02-13T23:30-0330", "23:30 UTC-03:30"),
            ("2024-02-13 08:30", "08:30"),
            ("13.02.2024 08:30:15", "08:30:15"),
        ] {
            let time = PartialDate::parse_with_time(input)
                .expect(input)
                .1
                .expect(input);
            assert_eq!(time.in_prose(), prose, "{input}");
        }
    }

    #[test]
    fn stored_times_read_the_same_by_the_quick_reader_and_the_general_one() {
        let mut texts = Vec::new();
        for clock in [
            "00:00", "23:59", "24:00", "12:60", "1:00", "12:00:60", "12:00:61", "12-00",
        ] {
            for offset in [
                "", "+04:00", "-05:30", "+23:59", "+24:00", "+04:60", "*04:00", "+0400",
            ] {
                texts.push(format!("{clock}{offset}"));
                texts.push(format!("{clock}:30{offset}"));
            }
        }
        for text in texts {
            let general = TimeOfDay::parse_written(&text);
            assert_eq!(TimeOfDay::parse(&text), general, "{text}");
            if let Some(quick) = TimeOfDay::parse_stored(&text) {
                assert_eq!(Some(quick), general, "{text}");
            }
            if let Some(time) = general {
                assert_eq!(
                    TimeOfDay::parse_stored(&time.to_string()),
                    Some(time),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn dates_like_feeds_but_wrong_are_refused_as_such() {
        for bad in [
            // The 13th of February 2024 was a Tuesday.
            "Wed, 13 Feb 2024 08:30:00 +0400",
            "Wed, 13 Feb 2024",
            "13 Feb 2024 25:30 GMT",
            "13 Feb 2024 08:30 +04",
            "13 Feb 2024 08:30 +9900",
            "13 Feb 2024 08:30 J",
            "13 Feb 2024 08:30 CEST",
            "31 Feb 2024 08:30 GMT",
            "13 Fbr 2024 08:30 GMT",
            "13 Feb 2024 08:30 GMT extra",
            "Tue 13 Feb 2024 08:30 GMT",
        ] {
            assert!(
                PartialDate::parse_with_time(bad).is_err(),
                "{bad} should be rejected"
            );
        }
        assert!(matches!(
            PartialDate::parse("Wed, 13 Feb 2024 08:30:00 +0400"),
            Err(DateError::Rfc2822(_))
        ));
        for bad in [
            "2024-02-13 08:30:00 CEST",
            "2024-02-13T08:30:00+04",
            "2024-02-13T08:30:00+040",
            "2024-02-13T08:30:00+04:0",
            "2024-02-13T08:30:00 +24:00",
            "2024-02-13 08:30:00  UTC garbage",
        ] {
            assert!(
                matches!(PartialDate::parse(bad), Err(DateError::Time(_))),
                "{bad} should be rejected as a time"
            );
        }
    }

    /// Dates written out in English, as press releases write them, are days or months.
    #[test]
    fn dates_written_out_in_english_are_read() {
        for (written, expected) in [
            ("13 February 2024", "2024-02-13"),
            ("13 Feb 2024", "2024-02-13"),
            ("3 feb 2024", "2024-02-03"),
            ("February 13, 2024", "2024-02-13"),
            ("Feb. 13, 2024", "2024-02-13"),
            ("february 13 2024", "2024-02-13"),
            ("Tuesday, 13 February 2024", "2024-02-13"),
            ("Tue, February 13, 2024", "2024-02-13"),
            ("  13 February 2024 ", "2024-02-13"),
            ("29 February 2024", "2024-02-29"),
            ("February 2024", "2024-02"),
            ("Sept 2023", "2023-09"),
            ("Sep 2023", "2023-09"),
        ] {
            let date = PartialDate::parse(written);
            assert_eq!(
                date.as_ref().map(ToString::to_string),
                Ok(expected.to_string()),
                "{written}"
            );
            assert_eq!(
                PartialDate::parse_with_time(written).map(|(_, time)| time),
                Ok(None),
                "{written}"
            );
        }
        for impossible in [
            "30 February 2024",
            "29 February 2023",
            "February 30, 2024",
            "Wednesday, 13 February 2024",
            "0 February 2024",
        ] {
            assert!(
                matches!(
                    PartialDate::parse(impossible),
                    Err(DateError::Impossible(_))
                ),
                "{impossible}: {:?}",
                PartialDate::parse(impossible)
            );
        }
        for malformed in [
            "13 Febr 2024",
            "February",
            "13 February",
            "February 13",
            "13 February 24",
            "Tuesday, February 2024",
            "13th February 2024",
            "February 2024 13",
        ] {
            assert!(PartialDate::parse(malformed).is_err(), "{malformed}");
        }
    }

    /// Every week label `timeline --by week` prints (`{:04}-W{:02}` of the ISO week) is
    /// read back as that week: its Monday and its Sunday.
    #[test]
    fn week_labels_are_read_back_as_their_weeks() {
        let mut day = NaiveDate::from_ymd_opt(2019, 12, 20).unwrap();
        while day.year() < 2027 {
            let week = day.iso_week();
            let label = format!("{:04}-W{:02}", week.year(), week.week());
            let monday = Period::Week.start_of(day);
            assert_eq!(
                Period::day_of_week_label(&label, chrono::Weekday::Mon),
                Some(Ok(monday)),
                "{label}"
            );
            assert_eq!(
                Period::day_of_week_label(&label, chrono::Weekday::Sun),
                Some(Ok(monday + chrono::Days::new(6))),
                "{label}"
            );
            day = day.succ_opt().unwrap();
        }
        assert!(matches!(
            Period::day_of_week_label("2024-W53", chrono::Weekday::Mon),
            Some(Err(_))
        ));
        assert!(Period::day_of_week_label("2020-W53", chrono::Weekday::Mon)
            .is_some_and(|day| day.is_ok()));
        for not_a_week in [
            "2024-02",
            "2024W07",
            "24-W07",
            "2024-W",
            "2024-W123",
            "week 7",
        ] {
            assert_eq!(
                Period::day_of_week_label(not_a_week, chrono::Weekday::Mon),
                None,
                "{not_a_week}"
            );
        }
    }

    #[test]
    fn impossible_and_malformed_dates_are_rejected() {
        for bad in [
            "2024-02-30",
            "2023-02-29",
            "2024-13",
            "2024-00-10",
            "0000",
            "24-02-13",
            "2024/02/13",
            "",
            "2024-2-3",
            "yesterday",
            "2024-02-13-01",
            "2024-02-13 hello world",
            "2024-02-13Tgarbage",
            "2024-02-13T25:00:00",
            "2024-02-13T99:99:99+99:99",
            "2024-02-13T12:00:00+03",
            "2024-02-13T12:00.5",
            "2024-02-13T12:00:00.",
            "2024-02-13T12",
            "2024-02-13T",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn stored_dates_read_the_same_by_the_quick_reader_and_the_general_one() {
        for year in [
            "0000", "0001", "1900", "1999", "2000", "2023", "2024", "2100", "9999",
        ] {
            let mut texts = vec![year.to_string()];
            for month in 0..=13 {
                texts.push(format!("{year}-{month:02}"));
                for day in 0..=32 {
                    texts.push(format!("{year}-{month:02}-{day:02}"));
                }
            }
            for text in texts {
                let general = PartialDate::parse_any(&text).ok().map(|(date, _)| date);
                assert_eq!(PartialDate::parse_stored(&text), general, "{text}");
                assert_eq!(PartialDate::parse(&text).ok(), general, "{text}");
            }
        }
        for other in [
            "2024-2",
            "202",
            "2024-02-1x",
            "2024-02-13 ",
            " 2024",
            "２０２４-02-13",
            "2024-1x",
        ] {
            assert_eq!(PartialDate::parse_stored(other), None, "{other}");
        }
    }
}
