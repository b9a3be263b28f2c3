//! Tables of literals each parser must accept (with their values) or reject, and
//! hand-picked cases of the operations; every row is checked against the production
//! engine too.

use cedrus_policy::ext::{datetime, decimal, ipaddr, IpNet};

use super::model::{load_model, mk, wrapped_int, Model};

#[test]
fn decimal_table() {
    let elab = load_model();
    let mut m = Model::new(&elab);
    let accepted: &[(&str, i64)] = &[
        ("1.0", 10_000),
        ("1.2345", 12_345),
        ("-1.5", -15_000),
        ("-0.5", -5_000),
        ("-0.0", 0),
        ("0123.4", 1_234_000),
        ("0.0001", 1),
        ("922337203685477.5807", i64::MAX),
        ("-922337203685477.5808", i64::MIN),
    ];
    for &(s, v) in accepted {
        assert_eq!(m.decimal(s), Some(v), "decimal {s:?}");
        assert_eq!(decimal::parse(s).ok(), Some(v), "production decimal {s:?}");
    }
    let rejected = [
        "",
        "1",
        "1.",
        ".1",
        "-",
        "-1",
        "--1.0",
        "+1.0",
        "1.23456",
        "0.00000",
        "1.0.0",
        "1,0",
        " 1.0",
        "1.0 ",
        "1e3.0",
        "١.٠",
        "922337203685477.5808",
        "-922337203685477.5809",
        "99999999999999999999999999999.0",
    ];
    for s in rejected {
        assert_eq!(m.decimal(s), None, "decimal {s:?}");
        assert!(decimal::parse(s).is_err(), "production decimal {s:?}");
    }
}

#[test]
fn decimal_order_table() {
    let elab = load_model();
    let mut m = Model::new(&elab);
    let d = |v| mk("Cedar.Decimal.mk", v);
    assert!(m.bool("Cedar.Decimal.lt", &[d(-1), d(0)]));
    assert!(!m.bool("Cedar.Decimal.lt", &[d(5), d(5)]));
    assert!(m.bool("Cedar.Decimal.le", &[d(5), d(5)]));
    assert!(!m.bool("Cedar.Decimal.le", &[d(i64::MAX), d(i64::MIN)]));
}

#[test]
fn ipaddr_table() {
    let elab = load_model();
    let mut m = Model::new(&elab);
    let accepted: &[(&str, IpNet)] = &[
        ("10.0.0.1", IpNet::V4(0x0a00_0001, 32)),
        ("10.0.0.1/8", IpNet::V4(0x0a00_0001, 8)),
        ("0.0.0.0/0", IpNet::V4(0, 0)),
        ("255.255.255.255", IpNet::V4(u32::MAX, 32)),
        ("::", IpNet::V6(0, 128)),
        ("::1", IpNet::V6(1, 128)),
        ("1::", IpNet::V6(1 << 112, 128)),
        ("::/0", IpNet::V6(0, 0)),
        (
            "1:2:3:4:5:6:7::",
            IpNet::V6(0x0001_0002_0003_0004_0005_0006_0007_0000, 128),
        ),
        (
            "::2:3:4:5:6:7:8",
            IpNet::V6(0x0000_0002_0003_0004_0005_0006_0007_0008, 128),
        ),
        ("1::8", IpNet::V6((1 << 112) | 8, 128)),
        ("FF00::/8", IpNet::V6(0xff << 120, 8)),
        (
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128",
            IpNet::V6(u128::MAX, 128),
        ),
        (
            "0001:0002:0003:0004:0005:0006:0007:0008",
            IpNet::V6(0x0001_0002_0003_0004_0005_0006_0007_0008, 128),
        ),
    ];
    for &(s, net) in accepted {
        assert_eq!(m.ip(s).map(|(_, n)| n), Some(net), "ip {s:?}");
        assert_eq!(ipaddr::parse(s).ok(), Some(net), "production ip {s:?}");
    }
    let rejected = [
        "",
        "1.2.3",
        "1.2.3.4.5",
        "256.0.0.1",
        "01.2.3.4",
        "1.2.3.04",
        "1.2.3.4 ",
        "a.b.c.d",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7::8",
        "::1:2:3:4:5:6:7:8",
        "1::2::3",
        ":::",
        ":1::",
        "1:::2",
        "12345::",
        "g::",
        "::1%eth0",
        "::ffff:127.0.0.1",
        "::127.0.0.1",
        "/8",
        "1.2.3.4/33",
        "1.2.3.4/",
        "1.2.3.4/08",
        "1.2.3.4/00",
        "1.2.3.4/+8",
        "1.2.3.4/8/8",
        "::/129",
        "::/0128",
        "ABCD:EF01:2345:6789:ABCD:EF01:2345:6789/0128",
    ];
    for s in rejected {
        assert!(m.ip(s).is_none(), "ip {s:?}");
        assert!(ipaddr::parse(s).is_err(), "production ip {s:?}");
    }
}

#[test]
fn ipaddr_predicates_table() {
    let elab = load_model();
    let mut m = Model::new(&elab);
    let mut ip = |s: &str| match m.ip(s) {
        Some((v, _)) => v,
        None => panic!("{s} should parse"),
    };
    let (a, b, c) = (ip("10.1.2.3"), ip("10.0.0.0/8"), ip("10.0.0.1/8"));
    let (d, loop4, loop6) = (ip("10.0.0.2/8"), ip("127.255.0.0/16"), ip("::1"));
    let (mc4, mc6, v6) = (ip("224.0.0.0/4"), ip("ff02::1"), ip("::ffff:7f00:1"));
    let wide = ip("127.0.0.0/7");
    let in_range = "Cedar.IPAddr.isInRange";
    assert!(m.bool(in_range, &[a.clone(), b.clone()]));
    assert!(!m.bool(in_range, &[b.clone(), a.clone()]));
    assert!(
        m.bool(in_range, &[c.clone(), d.clone()]),
        "host bits do not matter"
    );
    assert!(
        !m.bool(in_range, &[a.clone(), v6.clone()]),
        "families differ"
    );
    assert!(
        !m.bool("Cedar.IPAddr.beq", &[c.clone(), d.clone()]),
        "host bits are kept"
    );
    assert!(m.bool("Cedar.IPAddr.beq", &[c.clone(), c.clone()]));
    assert!(m.bool("Cedar.IPAddr.isLoopback", &[loop4]));
    assert!(m.bool("Cedar.IPAddr.isLoopback", &[loop6]));
    assert!(!m.bool("Cedar.IPAddr.isLoopback", &[wide]));
    assert!(!m.bool("Cedar.IPAddr.isLoopback", std::slice::from_ref(&v6)));
    assert!(m.bool("Cedar.IPAddr.isMulticast", &[mc4]));
    assert!(m.bool("Cedar.IPAddr.isMulticast", &[mc6]));
    assert!(!m.bool("Cedar.IPAddr.isMulticast", std::slice::from_ref(&a)));
    assert!(m.bool("Cedar.IPAddr.isIpv4", std::slice::from_ref(&a)));
    assert!(!m.bool("Cedar.IPAddr.isIpv6", &[a]));
    assert!(m.bool("Cedar.IPAddr.isIpv6", &[v6]));
}

#[test]
fn datetime_table() {
    let elab = load_model();
    let mut m = Model::new(&elab);
    let accepted: &[(&str, i64)] = &[
        ("1970-01-01", 0),
        ("2024-10-15", 1_728_950_400_000),
        ("2024-10-15T11:35:00Z", 1_728_992_100_000),
        ("2024-10-15T11:35:00.123Z", 1_728_992_100_123),
        ("2024-10-15T11:35:00+0100", 1_728_988_500_000),
        ("2024-10-15T11:35:00.123-0230", 1_729_001_100_123),
        ("1969-12-31T23:59:59.999Z", -1),
        ("2024-02-29", 1_709_164_800_000),
        ("2000-02-29", 951_782_400_000),
        ("0000-01-01", datetime::MIN_LITERAL),
        ("9999-12-31T23:59:59.999Z", datetime::MAX_LITERAL),
        (
            "0000-01-01T00:00:00+2359",
            datetime::MIN_LITERAL - 86_340_000,
        ),
    ];
    for &(s, v) in accepted {
        assert_eq!(m.datetime(s), Some(v), "datetime {s:?}");
        assert_eq!(
            datetime::parse_datetime(s).ok(),
            Some(v),
            "production datetime {s:?}"
        );
    }
    let rejected = [
        "",
        "2024-10-1",
        "2024/10/15",
        "24-10-15",
        "2024-13-01",
        "2024-00-01",
        "2024-04-31",
        "2023-02-29",
        "1900-02-29",
        "2024-10-15T",
        "2024-10-15 11:35:00Z",
        "2024-10-15t11:35:00Z",
        "2024-10-15T11:35:00",
        "2024-10-15T11:35:00z",
        "2024-10-15T11:35Z",
        "2024-10-15T24:00:00Z",
        "2024-10-15T23:60:00Z",
        "2024-10-15T23:59:60Z",
        "2024-10-15T11:35:00.12Z",
        "2024-10-15T11:35:00.1234Z",
        "2024-10-15T11:35:00.123",
        "2024-10-15T11:35:00+01",
        "2024-10-15T11:35:00+01:00",
        "2024-10-15T11:35:00+2400",
        "2024-10-15T11:35:00-0060",
        "2024-10-15T11:35:00ZZ",
        "2024-10-15T11:35:00Z ",
        "+2024-10-15",
    ];
    for s in rejected {
        assert_eq!(m.datetime(s), None, "datetime {s:?}");
        assert!(
            datetime::parse_datetime(s).is_err(),
            "production datetime {s:?}"
        );
    }
}

#[test]
fn duration_table() {
    let elab = load_model();
    let mut m = Model::new(&elab);
    let accepted: &[(&str, i64)] = &[
        ("0ms", 0),
        ("1d2h3m4s5ms", 93_784_005),
        ("-1d2h", -93_600_000),
        ("90m", 5_400_000),
        ("1m", 60_000),
        ("1ms", 1),
        ("1s500ms", 1_500),
        ("1h30m", 5_400_000),
        ("007s", 7_000),
        ("9223372036854775807ms", i64::MAX),
        ("-9223372036854775808ms", i64::MIN),
        ("106751991167d", 106_751_991_167 * datetime::DAY),
    ];
    for &(s, v) in accepted {
        assert_eq!(m.duration(s), Some(v), "duration {s:?}");
        assert_eq!(
            datetime::parse_duration(s).ok(),
            Some(v),
            "production duration {s:?}"
        );
    }
    let rejected = [
        "",
        "-",
        "1",
        "d",
        "-d",
        "--1d",
        "+1d",
        "1h1d",
        "1ms1s",
        "1d1d",
        "1dd",
        "1mss",
        "1D",
        "1 d",
        "1.5h",
        "1d-2h",
        "9223372036854775808ms",
        "-9223372036854775809ms",
        "106751991168d",
        "99999999999999999999999999999999999999999d",
    ];
    for s in rejected {
        assert_eq!(m.duration(s), None, "duration {s:?}");
        assert!(
            datetime::parse_duration(s).is_err(),
            "production duration {s:?}"
        );
    }
}

#[test]
fn datetime_operations_table() {
    let elab = load_model();
    let mut m = Model::new(&elab);
    let dt = |v| mk("Cedar.Datetime.mk", v);
    let dur = |v| mk("Cedar.Duration.mk", v);
    let day = datetime::DAY;
    // toDate and toTime round down before 1970; the toX of durations truncate.
    assert_eq!(m.option_int("Cedar.Datetime.toDate", &[dt(-1)]), Some(-day));
    assert_eq!(
        m.option_int("Cedar.Datetime.toDate", &[dt(-day)]),
        Some(-day)
    );
    assert_eq!(
        m.option_int("Cedar.Datetime.toDate", &[dt(day + 5)]),
        Some(day)
    );
    assert_eq!(m.option_int("Cedar.Datetime.toDate", &[dt(i64::MIN)]), None);
    assert_eq!(
        wrapped_int(&m.call("Cedar.Datetime.toTime", &[dt(-1)])),
        day - 1
    );
    assert_eq!(m.int("Cedar.Duration.toSeconds", &[dur(-1_999)]), -1);
    assert_eq!(m.int("Cedar.Duration.toDays", &[dur(-day - 1)]), -1);
    assert_eq!(m.int("Cedar.Duration.toHours", &[dur(7_199_999)]), 1);
    assert_eq!(m.int("Cedar.Duration.toMinutes", &[dur(-60_000)]), -1);
    assert_eq!(m.int("Cedar.Duration.toMilliseconds", &[dur(-7)]), -7);
    assert_eq!(
        m.option_int("Cedar.Datetime.offset", &[dt(i64::MAX), dur(1)]),
        None
    );
    assert_eq!(
        m.option_int("Cedar.Datetime.offset", &[dt(1), dur(-2)]),
        Some(-1)
    );
    assert_eq!(
        m.option_int("Cedar.Datetime.durationSince", &[dt(i64::MIN), dt(1)]),
        None
    );
    assert_eq!(
        m.option_int("Cedar.Datetime.durationSince", &[dt(5), dt(7)]),
        Some(-2)
    );
    assert!(m.bool("Cedar.Datetime.lt", &[dt(-1), dt(0)]));
    assert!(!m.bool("Cedar.Duration.lt", &[dur(0), dur(0)]));
    assert!(m.bool("Cedar.Duration.le", &[dur(0), dur(0)]));
}
