//! The `datetime` extension: instants (`datetime`) and spans of time (`duration`).
//!
//! Both are stored as `i64` milliseconds: a datetime counts from the Unix epoch
//! (`1970-01-01T00:00:00Z`, leap seconds ignored), a duration may be negative.
//!
//! `datetime("s")` accepts `YYYY-MM-DD`, optionally followed by `Thh:mm:ss`, an
//! optional `.SSS` and then `Z` or a UTC offset `+hhmm`/`-hhmm` (hours below 24,
//! minutes below 60). Years run from 0000 to 9999 in the proleptic Gregorian
//! calendar; seconds run to 59 (no leap seconds).
//!
//! `duration("s")` accepts an optional `-` and then one or more `<digits><unit>`
//! groups with the units `d`, `h`, `m`, `s` and `ms`, in that order and each at most
//! once (`1d2h`, `-90m`, `1h30m15s500ms`); the minus sign applies to the whole.

use std::fmt;

use super::{parse_ascii_digits, Snippet};

/// Milliseconds in a second.
pub const SECOND: i64 = 1000;
/// Milliseconds in a minute.
pub const MINUTE: i64 = 60 * SECOND;
/// Milliseconds in an hour.
pub const HOUR: i64 = 60 * MINUTE;
/// Milliseconds in a day.
pub const DAY: i64 = 24 * HOUR;

/// The earliest instant a `datetime` literal can spell in UTC: `0000-01-01`.
pub const MIN_LITERAL: i64 = -62_167_219_200_000;
/// The latest instant a `datetime` literal can spell in UTC:
/// `9999-12-31T23:59:59.999Z`.
pub const MAX_LITERAL: i64 = 253_402_300_799_999;

/// Why a string is not a `datetime` literal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatetimeError {
    /// The string does not start with `YYYY-MM-DD`.
    DatePattern(String),
    /// Something other than `Thh:mm:ss` follows the date.
    TimePattern(String),
    /// Something other than `Z`, `.SSSZ`, `±hhmm` or `.SSS±hhmm` follows the time.
    SuffixPattern(String),
    /// The date does not exist (month 13, February 30, …).
    InvalidDate(String),
    /// The time of day is out of range (hour 24, minute 60, second 60, …).
    InvalidTime(String),
    /// The UTC offset is out of range (hours must be below 24, minutes below 60).
    InvalidOffset(String),
}

impl fmt::Display for DatetimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatetimeError::DatePattern(s) => write!(
                f,
                "`{}` is not a datetime: it must start with a date `YYYY-MM-DD`",
                Snippet(s)
            ),
            DatetimeError::TimePattern(s) => write!(
                f,
                "`{}` is not a datetime: the date must be alone or followed by `Thh:mm:ss`",
                Snippet(s)
            ),
            DatetimeError::SuffixPattern(s) => write!(
                f,
                "`{}` is not a datetime: the time must be followed by `Z`, `.SSSZ`, \
                 `+hhmm`, `-hhmm`, `.SSS+hhmm` or `.SSS-hhmm`",
                Snippet(s)
            ),
            DatetimeError::InvalidDate(s) => write!(f, "`{s}` is not a valid date"),
            DatetimeError::InvalidTime(s) => write!(
                f,
                "`{s}` is not a valid time of day (hours 00-23, minutes and seconds 00-59)"
            ),
            DatetimeError::InvalidOffset(s) => write!(
                f,
                "`{s}` is not a valid UTC offset (hours 00-23, minutes 00-59)"
            ),
        }
    }
}

impl std::error::Error for DatetimeError {}

/// Why a string is not a `duration` literal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DurationError {
    /// The string is not a sequence of `<digits><unit>` groups in unit order.
    Malformed(String),
    /// The duration does not fit in 64-bit milliseconds.
    Overflow(String),
}

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DurationError::Malformed(s) => write!(
                f,
                "`{}` is not a duration: expected an optional `-` and then quantities with \
                 the units `d`, `h`, `m`, `s`, `ms`, in that order and each at most once, \
                 as in `1d2h30m`",
                Snippet(s)
            ),
            DurationError::Overflow(s) => write!(
                f,
                "`{}` is too long a duration: it must fit in 64-bit milliseconds",
                Snippet(s)
            ),
        }
    }
}

impl std::error::Error for DurationError {}

/// Whether `bytes` has the shape of `pattern`, where `d` stands for an ASCII digit and
/// every other byte for itself.
fn has_shape(bytes: &[u8], pattern: &[u8]) -> bool {
    bytes.len() == pattern.len()
        && bytes.iter().zip(pattern).all(|(&b, &p)| match p {
            b'd' => b.is_ascii_digit(),
            _ => b == p,
        })
}

/// The value of a run of ASCII digits (callers check the shape first).
fn num(bytes: &[u8]) -> i64 {
    bytes
        .iter()
        .fold(0, |n, &b| n * 10 + i64::from(b.wrapping_sub(b'0')))
}

/// Whether `year` is a leap year in the proleptic Gregorian calendar.
pub fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// The number of days in `month` (1–12) of `year`; 0 for a month out of range.
pub fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days from 1970-01-01 to the given proleptic Gregorian date (which must be valid).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    // Count years from March, so that the leap day ends the year.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian date `(year, month, day)` that is `days` after 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Parses the argument of `datetime("…")`, giving milliseconds since the epoch.
///
/// The shape of the whole string is checked before the ranges of its fields, so a
/// string that is both ill-formed and out of range reports the former.
pub fn parse_datetime(s: &str) -> Result<i64, DatetimeError> {
    let bytes = s.as_bytes();
    let date = bytes
        .get(..10)
        .filter(|d| has_shape(d, b"dddd-dd-dd"))
        .ok_or_else(|| DatetimeError::DatePattern(s.to_owned()))?;
    let (year, month, day) = (num(&date[..4]), num(&date[5..7]), num(&date[8..10]));
    let check_date = || {
        if (1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day) {
            Ok(days_from_civil(year, month, day) * DAY)
        } else {
            Err(DatetimeError::InvalidDate(
                String::from_utf8_lossy(date).into_owned(),
            ))
        }
    };
    let rest = &bytes[10..];
    if rest.is_empty() {
        return check_date();
    }
    let time = rest
        .get(..9)
        .filter(|t| has_shape(t, b"Tdd:dd:dd"))
        .ok_or_else(|| DatetimeError::TimePattern(s.to_owned()))?;
    let (hour, minute, second) = (num(&time[1..3]), num(&time[4..6]), num(&time[7..9]));
    let suffix = &rest[9..];
    let (millis, offset) = match suffix.split_first() {
        Some((b'.', after)) if after.len() >= 3 && has_shape(&after[..3], b"ddd") => {
            (num(&after[..3]), &after[3..])
        }
        _ => (0, suffix),
    };
    let bad_suffix = || DatetimeError::SuffixPattern(s.to_owned());
    let offset = match offset {
        b"Z" => None,
        _ if has_shape(offset, b"+dddd") || has_shape(offset, b"-dddd") => Some(offset),
        _ => return Err(bad_suffix()),
    };

    let midnight = check_date()?;
    if hour >= 24 || minute >= 60 || second >= 60 {
        return Err(DatetimeError::InvalidTime(
            String::from_utf8_lossy(&time[1..]).into_owned(),
        ));
    }
    let offset_ms = match offset {
        None => 0,
        Some(o) => {
            let (oh, om) = (num(&o[1..3]), num(&o[3..5]));
            if oh >= 24 || om >= 60 {
                return Err(DatetimeError::InvalidOffset(
                    String::from_utf8_lossy(o).into_owned(),
                ));
            }
            let magnitude = oh * HOUR + om * MINUTE;
            if o.first() == Some(&b'-') {
                -magnitude
            } else {
                magnitude
            }
        }
    };
    // Every field is bounded, so none of this can overflow.
    Ok(midnight + hour * HOUR + minute * MINUTE + second * SECOND + millis - offset_ms)
}

/// The canonical literal for an instant, if it lies in the years 0000–9999 (UTC):
/// `YYYY-MM-DD` at midnight, else `YYYY-MM-DDThh:mm:ssZ`, with `.SSS` before the `Z`
/// when the milliseconds are not zero.
pub fn datetime_literal(ms: i64) -> Option<String> {
    if !(MIN_LITERAL..=MAX_LITERAL).contains(&ms) {
        return None;
    }
    let (year, month, day) = civil_from_days(ms.div_euclid(DAY));
    let time = ms.rem_euclid(DAY);
    let mut out = format!("{year:04}-{month:02}-{day:02}");
    if time != 0 {
        out.push_str(&format!(
            "T{:02}:{:02}:{:02}",
            time / HOUR,
            time % HOUR / MINUTE,
            time % MINUTE / SECOND
        ));
        if time % SECOND != 0 {
            out.push_str(&format!(".{:03}", time % SECOND));
        }
        out.push('Z');
    }
    Some(out)
}

/// `dt.offset(dur)`: the instant `dur` after `dt`; `None` on overflow.
pub fn offset(datetime: i64, duration: i64) -> Option<i64> {
    datetime.checked_add(duration)
}

/// `dt.durationSince(other)`: the duration from `other` to `dt`; `None` on overflow.
pub fn duration_since(datetime: i64, other: i64) -> Option<i64> {
    datetime.checked_sub(other)
}

/// `dt.toDate()`: midnight (UTC) of the day containing `dt`, rounding down for
/// instants before 1970; `None` when that midnight is before the earliest `i64`.
pub fn to_date(datetime: i64) -> Option<i64> {
    datetime.checked_sub(datetime.rem_euclid(DAY))
}

/// `dt.toTime()`: the duration since midnight (UTC) of the day containing `dt`,
/// always in `0..DAY`.
pub fn to_time(datetime: i64) -> i64 {
    datetime.rem_euclid(DAY)
}

/// Parses the argument of `duration("…")`, giving milliseconds.
pub fn parse_duration(s: &str) -> Result<i64, DurationError> {
    const UNITS: [(&str, i64); 5] = [
        ("d", DAY),
        ("h", HOUR),
        ("m", MINUTE),
        ("s", SECOND),
        ("ms", 1),
    ];
    let malformed = || DurationError::Malformed(s.to_owned());
    let overflow = || DurationError::Overflow(s.to_owned());
    let (negative, mut rest) = match s.strip_prefix('-') {
        Some(body) => (true, body),
        None => (false, s),
    };
    if rest.is_empty() {
        return Err(malformed());
    }
    // The next unit allowed: units must come in the order of `UNITS`.
    let mut next_unit = 0;
    let mut total: u128 = 0;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let (number, after) = rest.split_at(digits);
        // `ms` before `m`: a bare `m` followed by `s` can only be milliseconds, since
        // seconds need digits of their own.
        let unit = if after.starts_with("ms") {
            4
        } else {
            UNITS
                .iter()
                .take(4)
                .position(|(name, _)| after.starts_with(name))
                .ok_or_else(malformed)?
        };
        if digits == 0 || unit < next_unit {
            return Err(malformed());
        }
        let (name, scale) = UNITS[unit];
        next_unit = unit + 1;
        rest = &after[name.len()..];
        let amount = parse_ascii_digits(number)
            .and_then(|n| n.checked_mul(scale.unsigned_abs().into()))
            .ok_or_else(overflow)?;
        total = total.checked_add(amount).ok_or_else(overflow)?;
    }
    let total = i128::try_from(total).map_err(|_| overflow())?;
    i64::try_from(if negative { -total } else { total }).map_err(|_| overflow())
}

/// The canonical literal for a duration: each non-zero unit from days down to
/// milliseconds (`1d2h`, `-1h30m`, `500ms`), and `0ms` for zero.
pub fn duration_literal(ms: i64) -> String {
    if ms == 0 {
        return "0ms".to_owned();
    }
    let mut out = String::new();
    if ms < 0 {
        out.push('-');
    }
    let mut rest = ms.unsigned_abs();
    for (name, scale) in [
        ("d", DAY),
        ("h", HOUR),
        ("m", MINUTE),
        ("s", SECOND),
        ("ms", 1),
    ] {
        let scale = scale.unsigned_abs();
        let amount = rest / scale;
        rest %= scale;
        if amount != 0 {
            out.push_str(&format!("{amount}{name}"));
        }
    }
    out
}

/// `dur.toMilliseconds()`.
pub fn to_milliseconds(duration: i64) -> i64 {
    duration
}

/// `dur.toSeconds()`: whole seconds, truncated toward zero.
pub fn to_seconds(duration: i64) -> i64 {
    duration / SECOND
}

/// `dur.toMinutes()`: whole minutes, truncated toward zero.
pub fn to_minutes(duration: i64) -> i64 {
    duration / MINUTE
}

/// `dur.toHours()`: whole hours, truncated toward zero.
pub fn to_hours(duration: i64) -> i64 {
    duration / HOUR
}

/// `dur.toDays()`: whole days, truncated toward zero.
pub fn to_days(duration: i64) -> i64 {
    duration / DAY
}

#[cfg(test)]
mod tests;
