//! Tests of `datetime` and `duration` parsing, printing and arithmetic.

use super::*;
use proptest::prelude::*;

fn dt(s: &str) -> i64 {
    match parse_datetime(s) {
        Ok(v) => v,
        Err(e) => panic!("`{s}` should parse: {e}"),
    }
}

fn dur(s: &str) -> i64 {
    match parse_duration(s) {
        Ok(v) => v,
        Err(e) => panic!("`{s}` should parse: {e}"),
    }
}

#[test]
fn all_five_datetime_formats() {
    assert_eq!(dt("1970-01-01"), 0);
    assert_eq!(dt("2024-10-15"), 1_728_950_400_000);
    assert_eq!(dt("2024-10-15T11:38:02Z"), 1_728_950_400_000 + 41_882_000);
    assert_eq!(
        dt("2024-10-15T11:38:02.101Z"),
        1_728_950_400_000 + 41_882_101
    );
    // 11:38:02 at +11:34 is 00:04:02 UTC.
    assert_eq!(dt("2024-10-15T11:38:02+1134"), dt("2024-10-15T00:04:02Z"));
    assert_eq!(
        dt("2024-10-15T11:38:02.101-1134"),
        dt("2024-10-15T23:12:02.101Z")
    );
    assert_eq!(dt("2024-10-15T23:59:00+2359"), dt("2024-10-15"));
    assert_eq!(dt("2024-10-15T00:00:00-2359"), dt("2024-10-15T23:59:00Z"));
    assert_eq!(
        dt("2024-10-15T00:00:00+0000"),
        dt("2024-10-15T00:00:00-0000")
    );
}

#[test]
fn dates_before_1970_and_calendar_edges() {
    assert_eq!(dt("1969-12-31T23:59:59.999Z"), -1);
    assert_eq!(dt("1969-12-31"), -DAY);
    assert_eq!(dt("0000-01-01"), MIN_LITERAL);
    assert_eq!(dt("9999-12-31T23:59:59.999Z"), MAX_LITERAL);
    assert_eq!(dt("1900-03-01") - dt("1900-02-28"), DAY);
    assert_eq!(dt("2000-03-01") - dt("2000-02-28"), 2 * DAY);
    assert_eq!(dt("2024-02-29") + DAY, dt("2024-03-01"));
    assert_eq!(dt("0000-02-29") + DAY, dt("0000-03-01"));
}

#[test]
fn leap_years() {
    assert!(is_leap_year(2024) && is_leap_year(2000) && is_leap_year(0));
    assert!(!is_leap_year(1900) && !is_leap_year(2023) && !is_leap_year(2100));
    assert!(parse_datetime("2024-02-29").is_ok());
    assert!(parse_datetime("2000-02-29").is_ok());
    for s in ["2023-02-29", "1900-02-29", "2100-02-29"] {
        assert_eq!(parse_datetime(s), Err(DatetimeError::InvalidDate(s.into())));
    }
}

#[test]
fn rejects_bad_date_shapes() {
    for s in [
        "",
        "a",
        "-",
        "-1",
        "11-12-13",
        "1111-1x-20",
        "2024-1-15",
        "24-01-15",
        "10000-01-01",
        "10000-01-01T00:00:00Z",
        "+2024-01-01",
        " 2024-01-01",
        "2024/01/01",
        "２０２４-01-01",
    ] {
        assert_eq!(
            parse_datetime(s),
            Err(DatetimeError::DatePattern(s.into())),
            "{s:?}"
        );
    }
}

#[test]
fn rejects_impossible_dates() {
    for s in [
        "2024-00-01",
        "2024-13-01",
        "2024-20-01",
        "2024-01-00",
        "2024-01-32",
        "2024-01-99",
        "2024-04-31",
        "2024-06-31",
        "2024-02-30",
    ] {
        assert_eq!(parse_datetime(s), Err(DatetimeError::InvalidDate(s.into())));
    }
    // The date is checked once the whole shape is known to be right.
    assert_eq!(
        parse_datetime("2024-02-30T00:00:00Z"),
        Err(DatetimeError::InvalidDate("2024-02-30".into()))
    );
}

#[test]
fn rejects_bad_time_shapes() {
    for s in [
        "2024-01-01T",
        "2024-01-01Ta",
        "2024-01-01T01:",
        "2024-01-01T01:02",
        "2024-01-01T01:02:0b",
        "2024-01-01T01::02:03",
        "2024-01-01 01:02:03Z",
        "2024-01-01t01:02:03Z",
        "2024-01-01Z",
        "2024-01-01T1:02:03Z",
    ] {
        assert_eq!(
            parse_datetime(s),
            Err(DatetimeError::TimePattern(s.into())),
            "{s:?}"
        );
    }
}

#[test]
fn rejects_bad_suffixes() {
    for s in [
        "2024-01-01T00:00:00",
        "2024-01-01T00:00:00T",
        "2024-01-01T00:00:00ZZ",
        "2024-01-01T00:00:00z",
        "2024-01-01T00:00:00.Z",
        "2024-01-01T00:00:00.1Z",
        "2024-01-01T00:00:00.12Z",
        "2024-01-01T00:00:00.1234Z",
        "2024-01-01T00:00:00.123",
        "2024-01-01T00:00:00+01",
        "2024-01-01T00:00:00+01:00",
        "2024-01-01T00:00:00+010",
        "2024-01-01T00:00:00+01000",
        "2024-01-01T00:00:00Z+0100",
        "2024-01-01T00:00:00.123+0100Z",
        // Shape errors win over range errors.
        "2024-02-30T25:00:00",
    ] {
        assert_eq!(
            parse_datetime(s),
            Err(DatetimeError::SuffixPattern(s.into())),
            "{s:?}"
        );
    }
}

#[test]
fn rejects_out_of_range_times_and_offsets() {
    for (s, bad) in [
        ("2024-01-01T24:00:00Z", "24:00:00"),
        ("2024-01-01T31:02:03Z", "31:02:03"),
        ("2024-01-01T01:60:03Z", "01:60:03"),
        ("2016-12-31T23:59:60Z", "23:59:60"),
        ("2016-12-31T23:59:61.000+0100", "23:59:61"),
    ] {
        assert_eq!(
            parse_datetime(s),
            Err(DatetimeError::InvalidTime(bad.into()))
        );
    }
    for (s, bad) in [
        ("2024-01-01T00:00:00+2400", "+2400"),
        ("2024-01-01T00:00:00-0060", "-0060"),
        ("2024-01-01T00:00:00.000+9999", "+9999"),
    ] {
        assert_eq!(
            parse_datetime(s),
            Err(DatetimeError::InvalidOffset(bad.into()))
        );
    }
    assert!(parse_datetime("2024-01-01T23:59:59.999+2359").is_ok());
    assert!(parse_datetime("2024-01-01T00:00:00.000-2359").is_ok());
}

#[test]
fn datetime_literals_are_canonical() {
    let lit = |s: &str| datetime_literal(dt(s));
    assert_eq!(lit("1970-01-01"), Some("1970-01-01".into()));
    assert_eq!(lit("2024-10-15T00:00:00Z"), Some("2024-10-15".into()));
    assert_eq!(
        lit("2024-10-15T11:38:02+0100"),
        Some("2024-10-15T10:38:02Z".into())
    );
    assert_eq!(
        lit("1969-12-31T23:59:59.009Z"),
        Some("1969-12-31T23:59:59.009Z".into())
    );
    assert_eq!(lit("0000-01-01"), Some("0000-01-01".into()));
    assert_eq!(
        datetime_literal(MAX_LITERAL),
        Some("9999-12-31T23:59:59.999Z".into())
    );
    // 0000-01-01T00:00:00+0100 is in the year -1, which no literal spells.
    assert_eq!(lit("0000-01-01T00:00:00+0100"), None);
    assert_eq!(datetime_literal(MAX_LITERAL + 1), None);
    assert_eq!(datetime_literal(i64::MIN), None);
    assert_eq!(datetime_literal(i64::MAX), None);
}

#[test]
fn civil_conversions_agree() {
    for days in [
        -719_528, -719_469, -719_468, -1, 0, 1, 59, 10_957, 2_932_896,
    ] {
        let (y, m, d) = civil_from_days(days);
        assert_eq!(days_from_civil(y, m, d), days, "{days} -> {y}-{m}-{d}");
    }
    assert_eq!(civil_from_days(0), (1970, 1, 1));
    assert_eq!(civil_from_days(-1), (1969, 12, 31));
    assert_eq!(civil_from_days(-719_528), (0, 1, 1));
}

#[test]
fn datetime_methods() {
    let t = dt("2024-10-15T11:38:02.101Z");
    assert_eq!(to_date(t), Some(dt("2024-10-15")));
    assert_eq!(to_time(t), dur("11h38m2s101ms"));
    // Before 1970, the day still starts at the earlier midnight.
    let early = dt("1969-12-31T23:00:00Z");
    assert_eq!(to_date(early), Some(dt("1969-12-31")));
    assert_eq!(to_time(early), 23 * HOUR);
    assert_eq!(to_date(dt("1969-12-31")), Some(dt("1969-12-31")));
    assert_eq!(to_time(dt("1969-12-31")), 0);
    assert_eq!(to_date(-1), Some(-DAY));
    assert_eq!(to_time(-1), DAY - 1);
    assert_eq!(to_date(i64::MIN), None);
    assert_eq!(to_date(i64::MAX), Some(i64::MAX - i64::MAX % DAY));
    assert_eq!(to_time(i64::MIN), i64::MIN.rem_euclid(DAY));

    assert_eq!(offset(t, dur("1d")), Some(t + DAY));
    assert_eq!(offset(t, dur("-1d")), Some(t - DAY));
    assert_eq!(offset(i64::MAX, 1), None);
    assert_eq!(offset(i64::MIN, -1), None);
    assert_eq!(duration_since(t, dt("2024-10-15")), Some(to_time(t)));
    assert_eq!(
        duration_since(dt("2024-10-14"), dt("2024-10-15")),
        Some(-DAY)
    );
    assert_eq!(duration_since(i64::MIN, 1), None);
    assert_eq!(duration_since(i64::MAX, -1), None);
}

#[test]
fn durations_parse_in_unit_order() {
    assert_eq!(dur("0ms"), 0);
    assert_eq!(dur("-0d"), 0);
    assert_eq!(dur("1d"), DAY);
    assert_eq!(dur("2h"), 2 * HOUR);
    assert_eq!(dur("3m"), 3 * MINUTE);
    assert_eq!(dur("4s"), 4 * SECOND);
    assert_eq!(dur("5ms"), 5);
    assert_eq!(
        dur("1d2h3m4s5ms"),
        DAY + 2 * HOUR + 3 * MINUTE + 4 * SECOND + 5
    );
    assert_eq!(dur("-1d2h"), -(DAY + 2 * HOUR));
    assert_eq!(dur("1m1ms"), MINUTE + 1);
    assert_eq!(dur("90m"), 90 * MINUTE);
    assert_eq!(dur("007s"), 7 * SECOND);
    assert_eq!(dur("1h0m"), HOUR);
}

#[test]
fn durations_reject_malformed_strings() {
    for s in [
        "", "-", "--1d", "+1d", "1", "d", "1x", "1D", "1.5h", "1h1d", "1d1d", "1ms1s", "1s1m",
        "1m1h", "1mms", "1msms", "1d 2h", " 1d", "1d-2h", "-1d-2h", "1h-", "ms", "1dms", "１d",
    ] {
        assert_eq!(
            parse_duration(s),
            Err(DurationError::Malformed(s.into())),
            "{s:?}"
        );
    }
}

#[test]
fn duration_range_edges() {
    assert_eq!(dur("9223372036854775807ms"), i64::MAX);
    assert_eq!(dur("-9223372036854775808ms"), i64::MIN);
    assert_eq!(dur("106751991167d7h12m55s807ms"), i64::MAX);
    assert_eq!(dur("-106751991167d7h12m55s808ms"), i64::MIN);
    for s in [
        "9223372036854775808ms",
        "-9223372036854775809ms",
        "106751991167d7h12m55s808ms",
        "106751991168d",
        "9223372036854775807s",
        "18446744073709551616ms",
        "99999999999999999999999999999999999999999999d",
    ] {
        assert_eq!(
            parse_duration(s),
            Err(DurationError::Overflow(s.into())),
            "{s:?}"
        );
    }
}

#[test]
fn duration_literals_are_canonical() {
    assert_eq!(duration_literal(0), "0ms");
    assert_eq!(duration_literal(DAY + 2 * HOUR), "1d2h");
    assert_eq!(duration_literal(-(HOUR + 30 * MINUTE)), "-1h30m");
    assert_eq!(duration_literal(500), "500ms");
    assert_eq!(duration_literal(i64::MAX), "106751991167d7h12m55s807ms");
    assert_eq!(duration_literal(i64::MIN), "-106751991167d7h12m55s808ms");
}

#[test]
fn duration_conversions_truncate_toward_zero() {
    let d = dur("1d23h59m59s999ms");
    assert_eq!(to_milliseconds(d), d);
    assert_eq!(to_seconds(d), 172_799);
    assert_eq!(to_minutes(d), 2879);
    assert_eq!(to_hours(d), 47);
    assert_eq!(to_days(d), 1);
    let n = -d;
    assert_eq!(to_seconds(n), -172_799);
    assert_eq!(to_minutes(n), -2879);
    assert_eq!(to_hours(n), -47);
    assert_eq!(to_days(n), -1);
    assert_eq!(to_days(dur("-1ms")), 0);
    assert_eq!(to_days(i64::MIN), -106_751_991_167);
    assert_eq!(to_seconds(i64::MAX), i64::MAX / 1000);
}

fn literal_datetime() -> impl Strategy<Value = i64> {
    prop_oneof![
        MIN_LITERAL..=MAX_LITERAL,
        (-719_528i64..=2_932_896).prop_map(|d| d * DAY),
        (-100_000i64..=100_000).prop_map(|s| s * SECOND),
    ]
}

proptest! {
    #[test]
    fn datetime_literal_round_trips(ms in literal_datetime()) {
        let lit = datetime_literal(ms);
        prop_assert!(lit.is_some());
        prop_assert_eq!(parse_datetime(lit.as_deref().unwrap_or_default()), Ok(ms));
    }

    #[test]
    fn offsets_shift_by_their_value(
        days in -700_000i64..=2_900_000, time in 0..DAY, oh in 0i64..24, om in 0i64..60, neg in any::<bool>()
    ) {
        let ms = days * DAY + time;
        prop_assume!((MIN_LITERAL..=MAX_LITERAL).contains(&ms));
        let lit = datetime_literal(ms).unwrap_or_default();
        // Replace the `Z` (or add a time to a bare date) with an explicit offset.
        let base = match lit.strip_suffix('Z') {
            Some(b) => b.to_owned(),
            None => format!("{lit}T00:00:00"),
        };
        let sign = if neg { '-' } else { '+' };
        let shifted = parse_datetime(&format!("{base}{sign}{oh:02}{om:02}"));
        let delta = (oh * HOUR + om * MINUTE) * if neg { -1 } else { 1 };
        prop_assert_eq!(shifted, Ok(ms - delta));
    }

    #[test]
    fn civil_round_trips(days in -1_000_000i64..=4_000_000) {
        let (y, m, d) = civil_from_days(days);
        prop_assert!((1..=12).contains(&m) && (1..=days_in_month(y, m)).contains(&d));
        prop_assert_eq!(days_from_civil(y, m, d), days);
    }

    #[test]
    fn duration_literal_round_trips(ms in any::<i64>()) {
        prop_assert_eq!(parse_duration(&duration_literal(ms)), Ok(ms));
    }

    #[test]
    fn milliseconds_only_duration_round_trips(ms in any::<i64>()) {
        prop_assert_eq!(parse_duration(&format!("{ms}ms")), Ok(ms));
    }

    #[test]
    fn date_and_time_split_an_instant(ms in any::<i64>()) {
        if let Some(date) = to_date(ms) {
            prop_assert_eq!(date + to_time(ms), ms);
            prop_assert_eq!(date.rem_euclid(DAY), 0);
        }
        prop_assert!((0..DAY).contains(&to_time(ms)));
    }

    #[test]
    fn parsers_never_panic(s in ".*") {
        let _ = parse_datetime(&s);
        let _ = parse_duration(&s);
    }

    #[test]
    fn parsers_never_panic_on_near_misses(
        d in "[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,4})?[Z+-]?[0-9]{0,5})?",
        u in "-?([0-9]{1,20}(d|h|m|s|ms)){0,6}",
    ) {
        let _ = parse_datetime(&d);
        if let Ok(v) = parse_duration(&u) {
            prop_assert_eq!(parse_duration(&duration_literal(v)), Ok(v));
        }
    }
}
