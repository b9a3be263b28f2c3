//! The `decimal` extension: fixed-point numbers with four digits after the point.
//!
//! `decimal("s")` accepts `-?[0-9]+\.[0-9]{1,4}`: an optional minus sign, at least
//! one digit, a point, and one to four digits. The value is stored as an `i64` holding
//! the number times 10⁴, so the range is `-922337203685477.5808` to
//! `922337203685477.5807`; anything outside it is an error. The sign is taken from
//! the text, so `-0.5` is minus one half. Decimals are compared only through the
//! `lessThan`, `lessThanOrEqual`, `greaterThan` and `greaterThanOrEqual` methods.

use std::fmt;

use super::{parse_ascii_digits, Snippet};

/// How many digits a decimal keeps after the point.
pub const DIGITS: usize = 4;

/// `10^DIGITS`: a decimal `d` is stored as `d * SCALE`.
pub const SCALE: i64 = 10_000;

/// Why a string is not a decimal literal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecimalError {
    /// The string is not of the form `-?[0-9]+\.[0-9]+`.
    Malformed(String),
    /// More than [`DIGITS`] digits after the point.
    TooManyDigits(String),
    /// The number lies outside the range of a decimal.
    Overflow(String),
}

impl fmt::Display for DecimalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecimalError::Malformed(s) => write!(
                f,
                "`{}` is not a well-formed decimal: expected digits, a `.` and one to four \
                 digits, as in `-12.3456`",
                Snippet(s)
            ),
            DecimalError::TooManyDigits(s) => write!(
                f,
                "`{}` has more than four digits after the decimal point",
                Snippet(s)
            ),
            DecimalError::Overflow(s) => write!(
                f,
                "`{}` is out of range: decimals lie between -922337203685477.5808 and \
                 922337203685477.5807",
                Snippet(s)
            ),
        }
    }
}

impl std::error::Error for DecimalError {}

/// Parses the argument of `decimal("…")`, giving the number times [`SCALE`].
pub fn parse(s: &str) -> Result<i64, DecimalError> {
    let malformed = || DecimalError::Malformed(s.to_owned());
    let (negative, unsigned) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (int_part, frac_part) = unsigned.split_once('.').ok_or_else(malformed)?;
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int_part) || !all_digits(frac_part) {
        return Err(malformed());
    }
    if frac_part.len() > DIGITS {
        return Err(DecimalError::TooManyDigits(s.to_owned()));
    }
    let overflow = || DecimalError::Overflow(s.to_owned());
    let int_value = parse_ascii_digits(int_part).ok_or_else(overflow)?;
    let frac_value = parse_ascii_digits(frac_part).ok_or_else(overflow)?;
    // `frac_part` has one to four digits: scale it up to exactly four.
    let frac_scale = 10u128.pow((DIGITS - frac_part.len()) as u32);
    let magnitude = int_value
        .checked_mul(SCALE as u128)
        .and_then(|v| v.checked_add(frac_value * frac_scale))
        .ok_or_else(overflow)?;
    let magnitude = i128::try_from(magnitude).map_err(|_| overflow())?;
    let value = if negative { -magnitude } else { magnitude };
    i64::try_from(value).map_err(|_| overflow())
}

/// The canonical literal for a decimal stored as `scaled`: always exactly four digits
/// after the point (`12.3400`, `-0.0500`), so that [`parse`] reads back the same value.
pub fn to_literal(scaled: i64) -> String {
    DecimalLiteral(scaled).to_string()
}

/// Displays a scaled decimal as its canonical literal (see [`to_literal`]).
pub(crate) struct DecimalLiteral(pub(crate) i64);

impl fmt::Display for DecimalLiteral {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let magnitude = self.0.unsigned_abs();
        let scale = SCALE.unsigned_abs();
        let sign = if self.0 < 0 { "-" } else { "" };
        write!(f, "{sign}{}.{:04}", magnitude / scale, magnitude % scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_one_to_four_fraction_digits() {
        assert_eq!(parse("1.0"), Ok(10_000));
        assert_eq!(parse("1.2"), Ok(12_000));
        assert_eq!(parse("1.23"), Ok(12_300));
        assert_eq!(parse("1.234"), Ok(12_340));
        assert_eq!(parse("1.2345"), Ok(12_345));
        assert_eq!(parse("123.456"), Ok(1_234_560));
        assert_eq!(parse("-1.5"), Ok(-15_000));
        assert_eq!(parse("0.0001"), Ok(1));
    }

    #[test]
    fn leading_zeros_and_negative_zero_are_accepted() {
        assert_eq!(parse("0123.0"), parse("123.0000"));
        assert_eq!(parse("00.000"), Ok(0));
        assert_eq!(parse("-0.0"), Ok(0));
        assert_eq!(parse("0000000000000000000000000001.0"), Ok(10_000));
    }

    #[test]
    fn sign_applies_to_the_fraction_of_numbers_below_one() {
        assert_eq!(parse("-0.5"), Ok(-5_000));
        assert_eq!(parse("-0.0123"), Ok(-123));
        assert_eq!(parse("-1.25"), Ok(-12_500));
    }

    #[test]
    fn range_edges() {
        assert_eq!(parse("922337203685477.5807"), Ok(i64::MAX));
        assert_eq!(parse("-922337203685477.5808"), Ok(i64::MIN));
        for s in [
            "922337203685477.5808",
            "-922337203685477.5809",
            "-922337203685478.0",
            "1000000000000000.0",
            "99999999999999999999999999999999999999999999.0",
        ] {
            assert!(
                matches!(parse(s), Err(DecimalError::Overflow(_))),
                "{s} should overflow"
            );
        }
    }

    #[test]
    fn malformed_strings_are_rejected() {
        for s in [
            "", "1", "1234", "1.", ".1", "-.", "-", "-1", "1.0.", "1.0.0", "1.a", "a.1", "+1.0",
            " 1.0", "1.0 ", "1,0", "--1.0", "1.-0", "1e3.0", "١.٠", "0x1.0",
        ] {
            assert!(
                matches!(parse(s), Err(DecimalError::Malformed(_))),
                "{s:?} should be malformed"
            );
        }
    }

    #[test]
    fn too_many_digits_even_when_zero() {
        assert_eq!(
            parse("1.23456"),
            Err(DecimalError::TooManyDigits("1.23456".into()))
        );
        assert!(matches!(
            parse("0.00000"),
            Err(DecimalError::TooManyDigits(_))
        ));
        assert_eq!(
            DecimalError::TooManyDigits("1.23456".into()).to_string(),
            "`1.23456` has more than four digits after the decimal point"
        );
    }

    #[test]
    fn literals_have_four_fraction_digits() {
        assert_eq!(to_literal(123_400), "12.3400");
        assert_eq!(to_literal(0), "0.0000");
        assert_eq!(to_literal(-500), "-0.0500");
        assert_eq!(to_literal(-12_345), "-1.2345");
        assert_eq!(to_literal(i64::MAX), "922337203685477.5807");
        assert_eq!(to_literal(i64::MIN), "-922337203685477.5808");
    }

    proptest! {
        #[test]
        fn literal_round_trips(v in any::<i64>()) {
            prop_assert_eq!(parse(&to_literal(v)), Ok(v));
        }

        #[test]
        fn order_agrees_with_scaled_integers(a in any::<i64>(), b in any::<i64>()) {
            let pa = parse(&to_literal(a)).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let pb = parse(&to_literal(b)).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(pa.cmp(&pb), a.cmp(&b));
        }

        #[test]
        fn shorter_fractions_scale_up(int in 0u32..1_000_000, frac in 0u32..10, neg in any::<bool>()) {
            let s = format!("{}{int}.{frac}", if neg { "-" } else { "" });
            let expected = (i64::from(int) * SCALE + i64::from(frac) * 1000) * if neg { -1 } else { 1 };
            prop_assert_eq!(parse(&s), Ok(expected));
        }

        #[test]
        fn parse_never_panics(s in ".*") {
            let _ = parse(&s);
        }

        #[test]
        fn parse_never_panics_on_near_misses(s in "-?[0-9]{0,22}\\.?[0-9]{0,6}") {
            if let Ok(v) = parse(&s) {
                prop_assert_eq!(parse(&to_literal(v)), Ok(v));
            }
        }
    }
}
