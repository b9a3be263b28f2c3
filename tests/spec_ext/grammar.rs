//! Grammars of near-valid extension literals and of values, as proptest strategies.

use cedrus_policy::ext::{datetime, IpNet};
use proptest::prelude::*;

/// Decimal literals: mostly of the right shape, with wrong digit counts, signs, points
/// and values near the 64-bit bounds.
pub fn decimal_literal() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "-?[0-9]{1,6}\\.[0-9]{1,4}",
        3 => "-{0,2}[0-9]{0,20}\\.{0,2}[0-9]{0,6}",
        2 => "-?92233720368547[0-9]\\.[0-9]{1,5}",
        1 => "[-+0-9. a]{0,10}",
    ]
}

/// IPv4 octets: in range or just out, with and without leading zeros.
pub fn octet() -> impl Strategy<Value = String> {
    prop_oneof![
        24 => (0u32..=255).prop_map(|n| n.to_string()),
        1 => (254u32..258).prop_map(|n| n.to_string()),
        1 => (256u32..1000).prop_map(|n| n.to_string()),
        1 => "0[0-9]{1,2}",
        1 => "[0-9a]{0,4}",
    ]
}

/// IPv6 groups: one to four hexadecimal digits, sometimes too many or a bad digit.
pub fn group() -> impl Strategy<Value = String> {
    prop_oneof![
        24 => "[0-9a-fA-F]{1,4}",
        8 => Just("0".to_string()),
        1 => "[0-9a-g]{0,5}",
    ]
}

/// An optional `/prefix`, mostly near the valid range.
pub fn prefix() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just(String::new()),
        3 => (0u32..=32).prop_map(|p| format!("/{p}")),
        2 => (0u32..140).prop_map(|p| format!("/{p}")),
        1 => "/[0-9+]{0,4}",
    ]
}

/// IP literals: dotted quads, IPv6 groups with or without `::`, and noise.
pub fn ip_literal() -> impl Strategy<Value = String> {
    let v4 = (
        prop_oneof![4 => Just(4usize), 1 => 3usize..=5]
            .prop_flat_map(|n| prop::collection::vec(octet(), n)),
        prefix(),
    )
        .prop_map(|(octets, p)| format!("{}{p}", octets.join(".")));
    // The `::` is drawn more often than not, so that short group lists are often valid.
    let v6 = (
        prop_oneof![2 => Just(8usize), 3 => 0usize..=7, 1 => Just(9usize)]
            .prop_flat_map(|n| prop::collection::vec(group(), n)),
        prop_oneof![1 => Just(None), 2 => (0usize..10).prop_map(Some)],
        prefix(),
        prop_oneof![24 => Just(""), 1 => Just(":1.2.3.4"), 1 => Just("%eth0"), 1 => Just(":")],
    )
        .prop_map(|(groups, gap, p, tail)| {
            let mut text = String::new();
            for (i, g) in groups.iter().enumerate() {
                if gap == Some(i) {
                    text.push_str("::");
                } else if i > 0 {
                    text.push(':');
                }
                text.push_str(g);
            }
            if gap.is_some_and(|i| i >= groups.len()) {
                text.push_str("::");
            }
            format!("{text}{tail}{p}")
        });
    prop_oneof![4 => v4, 6 => v6, 1 => "[0-9a-f:./]{0,45}"]
}

/// Duration literals: groups of digits and units, sometimes out of order, repeated,
/// without digits, with unknown units or overflowing amounts.
pub fn duration_literal() -> impl Strategy<Value = String> {
    let amount = prop_oneof![
        6 => "[0-9]{1,3}",
        1 => "[0-9]{0,21}",
        1 => Just("9223372036854775807".to_string()),
    ];
    let unit = prop_oneof![
        3 => Just("d"),
        3 => Just("h"),
        3 => Just("m"),
        3 => Just("s"),
        3 => Just("ms"),
        1 => Just(""),
        1 => Just("x"),
        1 => Just("M"),
        1 => Just("mss"),
    ];
    let sign = || prop_oneof![3 => Just(""), 2 => Just("-"), 1 => Just("--")];
    // Units in order, each present or not.
    let ordered = (
        sign(),
        prop::collection::vec(prop::option::of(amount.clone()), 5),
    )
        .prop_map(|(sign, amounts)| {
            let units = ["d", "h", "m", "s", "ms"];
            let body: String = amounts
                .iter()
                .zip(units)
                .filter_map(|(a, u)| a.as_ref().map(|a| format!("{a}{u}")))
                .collect();
            format!("{sign}{body}")
        });
    // Any units in any order.
    let shuffled =
        (sign(), prop::collection::vec((amount, unit), 0..=5)).prop_map(|(sign, groups)| {
            let body: String = groups.iter().map(|(a, u)| format!("{a}{u}")).collect();
            format!("{sign}{body}")
        });
    prop_oneof![6 => ordered, 6 => shuffled, 1 => "[-0-9dhms]{0,12}"]
}

/// Two digits of a number drawn near a field's range, sometimes of the wrong width.
pub fn field(below: u32) -> impl Strategy<Value = String> {
    prop_oneof![
        24 => (0..below).prop_map(|n| format!("{n:02}")),
        2 => (below - 1..below + 2).prop_map(|n| format!("{n:02}")),
        1 => "[0-9]{1,3}",
    ]
}

/// Datetime literals: dates, times, milliseconds and offsets near their ranges, with
/// occasional wrong separators and suffixes.
pub fn datetime_literal() -> impl Strategy<Value = String> {
    let year = prop_oneof![
        8 => (0u32..10_000).prop_map(|y| format!("{y:04}")),
        1 => Just("2000".to_string()),
        1 => "[0-9]{3,5}",
    ];
    let sep = |good: &'static str, bad: &'static str| prop_oneof![12 => Just(good), 1 => Just(bad)];
    let offset = prop_oneof![
        6 => Just("Z".to_string()),
        2 => (field(24), field(60), prop_oneof![Just('+'), Just('-')])
            .prop_map(|(h, m, s)| format!("{s}{h}{m}")),
        1 => Just(String::new()),
        1 => Just("z".to_string()),
        1 => Just("+01:00".to_string()),
        1 => Just("ZZ".to_string()),
    ];
    let time = (
        sep("T", "t"),
        field(24),
        field(60),
        sep(":", "-"),
        field(60),
        prop_oneof![3 => Just(String::new()), 2 => "\\.[0-9]{3}", 1 => "\\.[0-9]{1,4}"],
        offset,
    )
        .prop_map(|(t, h, mi, c, s, ms, o)| format!("{t}{h}:{mi}{c}{s}{ms}{o}"));
    (
        year,
        sep("-", "/"),
        field(13),
        field(32),
        prop::option::of(time),
    )
        .prop_map(|(y, dash, mo, d, t)| format!("{y}{dash}{mo}-{d}{}", t.unwrap_or_default()))
}

/// 64-bit numbers, many of them small or near the bounds.
pub fn i64_value() -> impl Strategy<Value = i64> {
    prop_oneof![
        3 => any::<i64>(),
        3 => -400_000_000i64..400_000_000,
        2 => (-3i64..3).prop_map(|k| k * datetime::DAY),
        1 => (0i64..3).prop_map(|k| i64::MIN + k),
        1 => (0i64..3).prop_map(|k| i64::MAX - k),
    ]
}

// ---------------------------------------------------------------------------------

/// Networks whose addresses differ in their top bits only and whose prefixes are
/// short, so that random pairs often contain each other, plus the special ranges.
pub fn dense_net() -> impl Strategy<Value = IpNet> {
    prop_oneof![
        3 => (0u32..16, 0u8..=6).prop_map(|(top, p)| IpNet::V4(top << 28, p)),
        3 => (0u128..16, 0u8..=6).prop_map(|(top, p)| IpNet::V6(top << 124, p)),
        2 => (any::<u32>(), 0u8..=32).prop_map(|(a, p)| IpNet::V4(a, p)),
        2 => (any::<u128>(), 0u8..=128).prop_map(|(a, p)| IpNet::V6(a, p)),
        1 => (0u32..=0xff_ffff, 7u8..=32).prop_map(|(a, p)| IpNet::V4(0x7f00_0000 | a, p)),
        1 => (0u32..=0x0fff_ffff, 3u8..=32).prop_map(|(a, p)| IpNet::V4(0xe000_0000 | a, p)),
        1 => (0u8..=128).prop_map(|p| IpNet::V6(1, p)),
        1 => (any::<u128>(), 7u8..=128).prop_map(|(a, p)| IpNet::V6((0xff << 120) | (a >> 8), p)),
    ]
}
