//! The `ipaddr` extension: IPv4 and IPv6 addresses and CIDR ranges.
//!
//! `ip("s")` accepts an address in the standard text form of the Rust standard
//! library (dotted quads without leading zeros; IPv6 groups with at most one `::`),
//! optionally followed by `/prefix` (decimal, no leading zeros, at most 32 for IPv4
//! and 128 for IPv6). As in Cedar, strings longer than 43 bytes and IPv6 addresses
//! with an embedded dotted IPv4 tail (`::ffff:10.0.0.1`) are rejected, and so are zone
//! ids. The address is kept as written, host bits included: `ip("10.0.0.1/8")` and
//! `ip("10.0.0.2/8")` are different values, although they denote the same range.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr};

use super::{IpNet, Snippet};

/// The longest string `ip` accepts: `ABCD:EF01:2345:6789:ABCD:EF01:2345:6789/128`.
pub const MAX_LEN: usize = 43;

/// Why a string is not an IP address or range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IpError {
    /// The string is longer than [`MAX_LEN`] bytes.
    TooLong(String),
    /// An IPv6 address with a dotted IPv4 part, such as `::ffff:127.0.0.1`.
    EmbeddedIpv4(String),
    /// The part before any `/` is not an IPv4 or IPv6 address.
    BadAddress(String),
    /// The part after `/` is not a valid prefix length for the address family.
    BadPrefix {
        /// The prefix as written.
        prefix: String,
        /// The largest prefix the address family allows (32 or 128).
        max: u8,
    },
}

impl fmt::Display for IpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IpError::TooLong(s) => write!(
                f,
                "`{}` is too long to be an IP address (at most {MAX_LEN} characters)",
                Snippet(s)
            ),
            IpError::EmbeddedIpv4(s) => write!(
                f,
                "`{}` embeds an IPv4 address in an IPv6 address, which is not supported; \
                 write the IPv6 address in hexadecimal groups instead",
                Snippet(s)
            ),
            IpError::BadAddress(s) => {
                write!(f, "`{}` is not an IPv4 or IPv6 address", Snippet(s))
            }
            IpError::BadPrefix { prefix, max } => write!(
                f,
                "`{}` is not a valid prefix length: expected a number from 0 to {max} \
                 without leading zeros",
                Snippet(prefix)
            ),
        }
    }
}

impl std::error::Error for IpError {}

/// Parses the argument of `ip("…")`.
pub fn parse(s: &str) -> Result<IpNet, IpError> {
    if s.len() > MAX_LEN {
        return Err(IpError::TooLong(s.to_owned()));
    }
    if s.matches(':').nth(1).is_some() && s.matches('.').nth(1).is_some() {
        return Err(IpError::EmbeddedIpv4(s.to_owned()));
    }
    let (addr, prefix) = match s.split_once('/') {
        Some((addr, prefix)) => (addr, Some(prefix)),
        None => (s, None),
    };
    match addr.parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => Ok(IpNet::V4(u32::from(v4), parse_prefix(prefix, 32)?)),
        Ok(IpAddr::V6(v6)) => Ok(IpNet::V6(u128::from(v6), parse_prefix(prefix, 128)?)),
        Err(_) => Err(IpError::BadAddress(addr.to_owned())),
    }
}

/// Parses a prefix length (`None`: no `/`, the full length).
fn parse_prefix(prefix: Option<&str>, max: u8) -> Result<u8, IpError> {
    let Some(text) = prefix else {
        return Ok(max);
    };
    let bad = || IpError::BadPrefix {
        prefix: text.to_owned(),
        max,
    };
    let max_len = if max > 99 { 3 } else { 2 };
    if text.len() > max_len || (text.starts_with('0') && text != "0") {
        return Err(bad());
    }
    match super::parse_ascii_digits(text) {
        Some(n) if n <= u128::from(max) => u8::try_from(n).map_err(|_| bad()),
        _ => Err(bad()),
    }
}

impl IpNet {
    /// Whether this is an IPv4 address or range.
    pub fn is_ipv4(self) -> bool {
        matches!(self, IpNet::V4(..))
    }

    /// Whether this is an IPv6 address or range.
    pub fn is_ipv6(self) -> bool {
        matches!(self, IpNet::V6(..))
    }

    /// The prefix length (32 or 128 for a single address).
    pub fn prefix(self) -> u8 {
        match self {
            IpNet::V4(_, p) | IpNet::V6(_, p) => p,
        }
    }

    /// The number of address bits of this family (32 or 128).
    fn width(self) -> u32 {
        match self {
            IpNet::V4(..) => 32,
            IpNet::V6(..) => 128,
        }
    }

    /// The address bits, widened to 128 bits.
    fn bits(self) -> u128 {
        match self {
            IpNet::V4(a, _) => u128::from(a),
            IpNet::V6(a, _) => a,
        }
    }

    /// The first and last address of the range, widened to 128 bits.
    pub fn bounds(self) -> (u128, u128) {
        let host_bits = self.width() - u32::from(self.prefix().min(self.width() as u8));
        let host_mask = u128::MAX.checked_shr(128 - host_bits).unwrap_or(0);
        let bits = self.bits();
        (bits & !host_mask, bits | host_mask)
    }

    /// Whether the whole range of `self` lies within the range of `other` (`false`
    /// when one is IPv4 and the other IPv6).
    pub fn is_in_range(self, other: IpNet) -> bool {
        if self.is_ipv4() != other.is_ipv4() {
            return false;
        }
        let (lo, hi) = self.bounds();
        let (other_lo, other_hi) = other.bounds();
        other_lo <= lo && hi <= other_hi
    }

    /// Whether the whole range is loopback: within `127.0.0.0/8`, or exactly `::1`.
    pub fn is_loopback(self) -> bool {
        match self {
            IpNet::V4(..) => self.is_in_range(IpNet::V4(0x7f00_0000, 8)),
            IpNet::V6(..) => self.is_in_range(IpNet::V6(1, 128)),
        }
    }

    /// Whether the whole range is multicast: within `224.0.0.0/4` or `ff00::/8`.
    pub fn is_multicast(self) -> bool {
        match self {
            IpNet::V4(..) => self.is_in_range(IpNet::V4(0xe000_0000, 4)),
            IpNet::V6(..) => self.is_in_range(IpNet::V6(0xff << 120, 8)),
        }
    }
}

/// The canonical text `ip` reads back: the address (IPv6 in the RFC 5952 form: lower
/// case, leading zeros dropped, the longest run of two or more zero groups written
/// `::`), then `/prefix` unless the prefix is the full length.
impl fmt::Display for IpNet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            IpNet::V4(a, _) => write!(f, "{}", Ipv4Addr::from(a))?,
            IpNet::V6(a, _) => write_ipv6(f, a)?,
        }
        if u32::from(self.prefix()) != self.width() {
            write!(f, "/{}", self.prefix())?;
        }
        Ok(())
    }
}

/// Writes an IPv6 address in RFC 5952 form, never with a dotted IPv4 tail (which
/// `ip` would reject).
fn write_ipv6(f: &mut fmt::Formatter<'_>, bits: u128) -> fmt::Result {
    let groups: [u16; 8] = std::array::from_fn(|i| (bits >> (112 - 16 * i)) as u16);
    // The longest run of at least two zero groups (the first one on a tie).
    let mut best: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < groups.len() {
        if groups[i] == 0 {
            let start = i;
            while i < groups.len() && groups[i] == 0 {
                i += 1;
            }
            let len = i - start;
            if len >= 2 && best.is_none_or(|(_, best_len)| len > best_len) {
                best = Some((start, len));
            }
        } else {
            i += 1;
        }
    }
    let write_groups = |f: &mut fmt::Formatter<'_>, gs: &[u16]| -> fmt::Result {
        for (k, g) in gs.iter().enumerate() {
            if k > 0 {
                f.write_str(":")?;
            }
            write!(f, "{g:x}")?;
        }
        Ok(())
    };
    match best {
        Some((start, len)) => {
            let (head, rest) = groups.split_at(start);
            let tail = rest.get(len..).unwrap_or(&[]);
            write_groups(f, head)?;
            f.write_str("::")?;
            write_groups(f, tail)
        }
        None => write_groups(f, &groups),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ip(s: &str) -> IpNet {
        match parse(s) {
            Ok(v) => v,
            Err(e) => panic!("`{s}` should parse: {e}"),
        }
    }

    #[test]
    fn ipv4_addresses_and_ranges() {
        assert_eq!(ip("10.0.0.1"), IpNet::V4(0x0a00_0001, 32));
        assert_eq!(ip("10.0.0.1/8"), IpNet::V4(0x0a00_0001, 8));
        assert_eq!(ip("0.0.0.0/0"), IpNet::V4(0, 0));
        assert_eq!(ip("255.255.255.255/32"), IpNet::V4(u32::MAX, 32));
    }

    #[test]
    fn ipv6_compression_forms() {
        assert_eq!(ip("::"), IpNet::V6(0, 128));
        assert_eq!(ip("::1"), IpNet::V6(1, 128));
        assert_eq!(ip("1::"), IpNet::V6(1 << 112, 128));
        assert_eq!(ip("::/0"), IpNet::V6(0, 0));
        assert_eq!(
            ip("1:2:3:4:5:6:7:8"),
            ip("0001:0002:0003:0004:0005:0006:0007:0008")
        );
        assert_eq!(ip("1::8"), ip("1:0:0:0:0:0:0:8"));
        assert_eq!(ip("FF00::/8"), ip("ff00::/8"));
        assert_eq!(
            ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128").prefix(),
            128
        );
        assert_eq!(
            ip("ABCD:EF01:2345:6789:ABCD:EF01:2345:6789/128").prefix(),
            128
        );
        // IPv4-mapped addresses written in hexadecimal are IPv6 values.
        assert!(ip("::ffff:7f00:1").is_ipv6());
    }

    #[test]
    fn rejects_malformed_addresses() {
        for s in [
            "",
            "1.2.3",
            "1.2.3.4.5",
            "256.0.0.1",
            "01.2.3.4",
            "1.2.3.04",
            "1.2.3.4 ",
            " 1.2.3.4",
            "a.b.c.d",
            "1:2:3:4:5:6:7:8:9",
            "1::2::3",
            ":::",
            "12345::",
            "g::",
            "::1%eth0",
            "fe80::1%1",
            "localhost",
            "/8",
            "1.2.3.-4",
        ] {
            assert!(
                matches!(parse(s), Err(IpError::BadAddress(_))),
                "{s:?} should be a bad address, got {:?}",
                parse(s)
            );
        }
    }

    #[test]
    fn rejects_embedded_ipv4_and_long_strings() {
        for s in ["::ffff:127.0.0.1", "::127.0.0.1", "64:ff9b::1.2.3.4/96"] {
            assert!(matches!(parse(s), Err(IpError::EmbeddedIpv4(_))), "{s}");
        }
        // Only one dot: rejected as an address rather than as an embedding.
        assert!(matches!(parse("::1.2"), Err(IpError::BadAddress(_))));
        let long = "ABCD:EF01:2345:6789:ABCD:EF01:2345:6789/0128";
        assert!(matches!(parse(long), Err(IpError::TooLong(_))));
    }

    #[test]
    fn rejects_bad_prefixes() {
        for s in [
            "1.2.3.4/33",
            "1.2.3.4/",
            "1.2.3.4/08",
            "1.2.3.4/00",
            "1.2.3.4/+8",
            "1.2.3.4/-1",
            "1.2.3.4/8/8",
            "1.2.3.4/ 8",
            "1.2.3.4/100",
            "::/129",
            "::/0128",
            "::/1280",
            "::/x",
        ] {
            assert!(
                matches!(parse(s), Err(IpError::BadPrefix { .. })),
                "{s:?} should have a bad prefix, got {:?}",
                parse(s)
            );
        }
        assert_eq!(ip("1.2.3.4/0").prefix(), 0);
        assert_eq!(ip("::/128").prefix(), 128);
    }

    #[test]
    fn equality_keeps_host_bits() {
        assert_ne!(ip("10.0.0.1/8"), ip("10.0.0.2/8"));
        assert_ne!(ip("10.0.0.0/8"), ip("10.0.0.0/16"));
        assert_eq!(ip("10.0.0.1"), ip("10.0.0.1/32"));
        assert_ne!(ip("::"), ip("0.0.0.0"));
    }

    #[test]
    fn ranges_and_membership() {
        assert!(ip("10.1.2.3").is_in_range(ip("10.0.0.0/8")));
        assert!(ip("10.1.0.0/16").is_in_range(ip("10.0.0.0/8")));
        assert!(!ip("10.0.0.0/8").is_in_range(ip("10.1.0.0/16")));
        assert!(ip("10.0.0.1/8").is_in_range(ip("10.0.0.2/8")));
        assert!(!ip("11.0.0.1").is_in_range(ip("10.0.0.0/8")));
        assert!(ip("1.2.3.4").is_in_range(ip("0.0.0.0/0")));
        assert!(!ip("::1").is_in_range(ip("0.0.0.0/0")));
        assert!(!ip("1.2.3.4").is_in_range(ip("::/0")));
        assert!(ip("2001:db8::1").is_in_range(ip("2001:db8::/32")));
        assert!(!ip("2001:db9::1").is_in_range(ip("2001:db8::/32")));
        assert_eq!(ip("10.1.2.3/8").bounds(), (0x0a00_0000, 0x0aff_ffff));
    }

    #[test]
    fn loopback_and_multicast_require_the_whole_range() {
        assert!(ip("127.0.0.1").is_loopback());
        assert!(ip("127.255.0.0/16").is_loopback());
        assert!(ip("127.0.0.0/8").is_loopback());
        assert!(!ip("127.0.0.0/7").is_loopback());
        assert!(!ip("128.0.0.1").is_loopback());
        assert!(ip("::1").is_loopback());
        assert!(!ip("::1/127").is_loopback());
        assert!(!ip("::ffff:7f00:1").is_loopback());
        assert!(ip("224.0.0.1").is_multicast());
        assert!(ip("239.255.255.255").is_multicast());
        assert!(ip("224.0.0.0/4").is_multicast());
        assert!(!ip("224.0.0.0/3").is_multicast());
        assert!(!ip("240.0.0.1").is_multicast());
        assert!(ip("ff02::1").is_multicast());
        assert!(ip("ff00::/8").is_multicast());
        assert!(!ip("ff00::/7").is_multicast());
        assert!(!ip("fe80::1").is_multicast());
    }

    #[test]
    fn display_is_canonical() {
        let shown = |s: &str| ip(s).to_string();
        assert_eq!(shown("10.0.0.1"), "10.0.0.1");
        assert_eq!(shown("10.0.0.1/32"), "10.0.0.1");
        assert_eq!(shown("10.0.0.1/8"), "10.0.0.1/8");
        assert_eq!(shown("::"), "::");
        assert_eq!(shown("::1"), "::1");
        assert_eq!(shown("1::"), "1::");
        assert_eq!(shown("0:0:1:0:0:0:0:1"), "0:0:1::1");
        assert_eq!(shown("1:0:0:1:0:0:1:1"), "1::1:0:0:1:1");
        assert_eq!(shown("1:0:1:1:1:1:1:1"), "1:0:1:1:1:1:1:1");
        assert_eq!(shown("2001:DB8::/32"), "2001:db8::/32");
        assert_eq!(shown("::ffff:7f00:1"), "::ffff:7f00:1");
        assert_eq!(shown("::7f00:1"), "::7f00:1");
    }

    fn any_net() -> impl Strategy<Value = IpNet> {
        prop_oneof![
            (any::<u32>(), 0u8..=32).prop_map(|(a, p)| IpNet::V4(a, p)),
            (any::<u128>(), 0u8..=128).prop_map(|(a, p)| IpNet::V6(a, p)),
            // Addresses with many zero groups exercise `::` compression.
            (any::<[bool; 8]>(), any::<u128>(), 0u8..=128).prop_map(|(zero, a, p)| {
                let mask = (0..8)
                    .filter(|&i| !zero[i])
                    .fold(0u128, |m, i| m | (0xffff << (16 * i)));
                IpNet::V6(a & mask, p)
            }),
        ]
    }

    /// Networks over the top four bits of the address, so that random ones often nest.
    fn dense_net() -> impl Strategy<Value = IpNet> {
        prop_oneof![
            (0u32..16, 0u8..=5).prop_map(|(top, p)| IpNet::V4(top << 28, p)),
            (0u128..16, 0u8..=5).prop_map(|(top, p)| IpNet::V6(top << 124, p)),
        ]
    }

    proptest! {
        #[test]
        fn display_round_trips(net in any_net()) {
            prop_assert_eq!(parse(&net.to_string()), Ok(net));
        }

        #[test]
        fn in_range_is_reflexive(net in any_net()) {
            prop_assert!(net.is_in_range(net));
        }

        #[test]
        fn in_range_is_transitive(a in any_net(), p1 in 0u8..=128, p2 in 0u8..=128, x in any::<u128>()) {
            // Build b ⊇ a and c ⊇ b by shortening prefixes, and an unrelated x.
            let widen = |n: IpNet, p: u8| match n {
                IpNet::V4(addr, q) => IpNet::V4(addr, q.min(p)),
                IpNet::V6(addr, q) => IpNet::V6(addr, q.min(p)),
            };
            let b = widen(a, p1);
            let c = widen(b, p2);
            prop_assert!(a.is_in_range(b) && b.is_in_range(c) && a.is_in_range(c));
            let y = match a { IpNet::V4(..) => IpNet::V4(x as u32, p1.min(32)), IpNet::V6(..) => IpNet::V6(x, p1) };
            if a.is_in_range(y) && y.is_in_range(c) {
                prop_assert!(a.is_in_range(c));
            }
            if y.is_in_range(a) && a.is_in_range(b) {
                prop_assert!(y.is_in_range(b));
            }
        }

        #[test]
        fn in_range_is_transitive_on_dense_networks(nets in proptest::collection::vec(dense_net(), 3)) {
            // Few distinct addresses and short prefixes: containment is common.
            if let [a, b, c] = nets[..] {
                if a.is_in_range(b) && b.is_in_range(c) {
                    prop_assert!(a.is_in_range(c), "{a} ⊆ {b} ⊆ {c}");
                }
            }
        }

        #[test]
        fn parse_never_panics(s in ".*") {
            let _ = parse(&s);
        }

        #[test]
        fn parse_never_panics_on_near_misses(s in "[0-9a-f:./]{0,45}") {
            if let Ok(net) = parse(&s) {
                prop_assert_eq!(parse(&net.to_string()), Ok(net));
            }
        }
    }
}
