//! Cedar's extension types: `decimal`, `ipaddr`, `datetime` and `duration`.
//!
//! Each type lives in its own module with its parser (the string a constructor such as
//! `decimal("1.23")` accepts), its operations and its printed form; [`call`] dispatches
//! an [`ExtFn`] to them, and [`construct`] serves the `__extn` escape of Cedar's JSON
//! formats.

pub mod datetime;
pub mod decimal;
pub mod ipaddr;

use std::fmt;
use std::sync::Arc;

use crate::ast::ExtFn;
use crate::error::EvalError;
use crate::value::{write_quoted, Value, ValueKind};

/// A value of an extension type.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ExtValue {
    /// A fixed-point number with four decimal digits, stored as the value times 10⁴.
    Decimal(i64),
    /// An IPv4 or IPv6 address with a prefix length (`10.0.0.0/8`; a plain address has
    /// the full-length prefix).
    Ip(IpNet),
    /// An instant, as milliseconds since the Unix epoch (UTC).
    Datetime(i64),
    /// A span of time in milliseconds (may be negative).
    Duration(i64),
}

/// An IP address and prefix length, as `ip("…")` produces.
///
/// The address keeps its host bits as written (`10.0.0.1/8` is not `10.0.0.0/8`), so
/// equality compares address and prefix; [`IpNet::is_in_range`] compares ranges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IpNet {
    /// IPv4: address bits and prefix length (0..=32).
    V4(u32, u8),
    /// IPv6: address bits and prefix length (0..=128).
    V6(u128, u8),
}

impl ExtValue {
    /// The type of this value.
    pub fn kind(&self) -> ValueKind {
        match self {
            ExtValue::Decimal(_) => ValueKind::Decimal,
            ExtValue::Ip(_) => ValueKind::Ip,
            ExtValue::Datetime(_) => ValueKind::Datetime,
            ExtValue::Duration(_) => ValueKind::Duration,
        }
    }

    /// The constructor and string argument that build this value
    /// (`(ExtFn::Decimal, "1.2300")`), as the JSON `__extn` escape writes it. `None`
    /// for an instant outside the years 0000–9999, which no `datetime` literal spells
    /// (the [`Display`](fmt::Display) form then uses `offset`).
    pub fn constructor_call(&self) -> Option<(ExtFn, String)> {
        Some(match *self {
            ExtValue::Decimal(v) => (ExtFn::Decimal, decimal::to_literal(v)),
            ExtValue::Ip(net) => (ExtFn::Ip, net.to_string()),
            ExtValue::Datetime(ms) => (ExtFn::Datetime, datetime::datetime_literal(ms)?),
            ExtValue::Duration(ms) => (ExtFn::Duration, datetime::duration_literal(ms)),
        })
    }
}

impl From<ExtValue> for Value {
    fn from(e: ExtValue) -> Value {
        Value::Ext(Arc::new(e))
    }
}

/// A Cedar expression that evaluates back to the value: `decimal("12.3400")`,
/// `ip("10.0.0.0/8")`, `datetime("2024-10-15T11:35:00Z")`, `duration("1d2h")`, and
/// `datetime("1970-01-01").offset(duration("…"))` for an instant that no literal
/// spells.
impl fmt::Display for ExtValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.constructor_call() {
            Some((func, arg)) => {
                write!(f, "{}(", func.name())?;
                write_quoted(f, &arg)?;
                f.write_str(")")
            }
            // Only an instant outside the years 0000-9999 has no constructor call.
            None => match self {
                ExtValue::Datetime(ms) => write!(
                    f,
                    "datetime(\"1970-01-01\").offset(duration(\"{}\"))",
                    datetime::duration_literal(*ms)
                ),
                _ => write!(f, "{self:?}"),
            },
        }
    }
}

/// Builds an extension value from a constructor name and its string argument, as in
/// the JSON escape `{"__extn": {"fn": "decimal", "arg": "1.23"}}`. Only the four
/// constructors `decimal`, `ip`, `datetime` and `duration` are accepted.
pub fn construct(fn_name: &str, arg: &str) -> Result<ExtValue, EvalError> {
    match ExtFn::from_name(fn_name) {
        Some(func) if is_constructor(func) => parse_constructor(func, arg),
        _ => Err(EvalError::Extension {
            func: "__extn",
            message: format!(
                "`{}` is not an extension constructor (expected `decimal`, `ip`, `datetime` \
                 or `duration`)",
                Snippet(fn_name)
            ),
        }),
    }
}

/// Whether `func` builds a value from a string.
fn is_constructor(func: ExtFn) -> bool {
    matches!(
        func,
        ExtFn::Decimal | ExtFn::Ip | ExtFn::Datetime | ExtFn::Duration
    )
}

/// Runs the constructor `func` on its string argument.
fn parse_constructor(func: ExtFn, arg: &str) -> Result<ExtValue, EvalError> {
    let failed = |message: String| EvalError::Extension {
        func: func.name(),
        message,
    };
    match func {
        ExtFn::Decimal => decimal::parse(arg)
            .map(ExtValue::Decimal)
            .map_err(|e| failed(e.to_string())),
        ExtFn::Ip => ipaddr::parse(arg)
            .map(ExtValue::Ip)
            .map_err(|e| failed(e.to_string())),
        ExtFn::Datetime => datetime::parse_datetime(arg)
            .map(ExtValue::Datetime)
            .map_err(|e| failed(e.to_string())),
        ExtFn::Duration => datetime::parse_duration(arg)
            .map(ExtValue::Duration)
            .map_err(|e| failed(e.to_string())),
        _ => Err(failed("not an extension constructor".into())),
    }
}

/// Applies an extension function or method to already evaluated arguments (a method's
/// receiver first).
///
/// The number of arguments must be [`ExtFn::arity`] (which counts the receiver), or
/// the result is [`EvalError::Arity`]; an argument of the wrong type gives
/// [`EvalError::Type`] naming the function; a constructor's string that does not
/// parse and arithmetic that overflows give [`EvalError::Extension`].
pub fn call(func: ExtFn, args: &[Value]) -> Result<Value, EvalError> {
    use ExtFn as F;
    let overflow = |message: &str| EvalError::Extension {
        func: func.name(),
        message: message.to_owned(),
    };
    let value = match (func, args) {
        (F::Decimal | F::Ip | F::Datetime | F::Duration, [s]) => {
            Value::from(parse_constructor(func, expect_string(func, s)?)?)
        }
        (F::LessThan, [a, b]) => (expect_decimal(func, a)? < expect_decimal(func, b)?).into(),
        (F::LessThanOrEqual, [a, b]) => {
            (expect_decimal(func, a)? <= expect_decimal(func, b)?).into()
        }
        (F::GreaterThan, [a, b]) => (expect_decimal(func, a)? > expect_decimal(func, b)?).into(),
        (F::GreaterThanOrEqual, [a, b]) => {
            (expect_decimal(func, a)? >= expect_decimal(func, b)?).into()
        }
        (F::IsIpv4, [a]) => expect_ip(func, a)?.is_ipv4().into(),
        (F::IsIpv6, [a]) => expect_ip(func, a)?.is_ipv6().into(),
        (F::IsLoopback, [a]) => expect_ip(func, a)?.is_loopback().into(),
        (F::IsMulticast, [a]) => expect_ip(func, a)?.is_multicast().into(),
        (F::IsInRange, [a, b]) => expect_ip(func, a)?.is_in_range(expect_ip(func, b)?).into(),
        (F::Offset, [dt, dur]) => {
            let (dt, dur) = (expect_datetime(func, dt)?, expect_duration(func, dur)?);
            let sum = datetime::offset(dt, dur)
                .ok_or_else(|| overflow("the result is out of the range of datetime"))?;
            ExtValue::Datetime(sum).into()
        }
        (F::DurationSince, [a, b]) => {
            let (a, b) = (expect_datetime(func, a)?, expect_datetime(func, b)?);
            let diff = datetime::duration_since(a, b)
                .ok_or_else(|| overflow("the result is out of the range of duration"))?;
            ExtValue::Duration(diff).into()
        }
        (F::ToDate, [dt]) => {
            let date = datetime::to_date(expect_datetime(func, dt)?)
                .ok_or_else(|| overflow("the start of the day is out of the range of datetime"))?;
            ExtValue::Datetime(date).into()
        }
        (F::ToTime, [dt]) => {
            ExtValue::Duration(datetime::to_time(expect_datetime(func, dt)?)).into()
        }
        (F::ToMilliseconds, [d]) => datetime::to_milliseconds(expect_duration(func, d)?).into(),
        (F::ToSeconds, [d]) => datetime::to_seconds(expect_duration(func, d)?).into(),
        (F::ToMinutes, [d]) => datetime::to_minutes(expect_duration(func, d)?).into(),
        (F::ToHours, [d]) => datetime::to_hours(expect_duration(func, d)?).into(),
        (F::ToDays, [d]) => datetime::to_days(expect_duration(func, d)?).into(),
        _ => {
            return Err(EvalError::Arity {
                func: func.name(),
                expected: func.arity(),
                got: args.len(),
            })
        }
    };
    Ok(value)
}

/// What a type error in `func` says it was evaluating (`"method lessThan"`).
fn context(func: ExtFn) -> &'static str {
    use ExtFn as F;
    match func {
        F::Decimal => "function decimal",
        F::LessThan => "method lessThan",
        F::LessThanOrEqual => "method lessThanOrEqual",
        F::GreaterThan => "method greaterThan",
        F::GreaterThanOrEqual => "method greaterThanOrEqual",
        F::Ip => "function ip",
        F::IsIpv4 => "method isIpv4",
        F::IsIpv6 => "method isIpv6",
        F::IsLoopback => "method isLoopback",
        F::IsMulticast => "method isMulticast",
        F::IsInRange => "method isInRange",
        F::Datetime => "function datetime",
        F::Duration => "function duration",
        F::Offset => "method offset",
        F::DurationSince => "method durationSince",
        F::ToDate => "method toDate",
        F::ToTime => "method toTime",
        F::ToMilliseconds => "method toMilliseconds",
        F::ToSeconds => "method toSeconds",
        F::ToMinutes => "method toMinutes",
        F::ToHours => "method toHours",
        F::ToDays => "method toDays",
    }
}

/// The type error for `func` expecting `expected` and getting `got`.
fn type_error(func: ExtFn, expected: ValueKind, got: &Value) -> EvalError {
    EvalError::Type {
        expected: vec![expected],
        got: got.kind(),
        context: context(func),
    }
}

/// The string argument of a constructor.
fn expect_string(func: ExtFn, v: &Value) -> Result<&str, EvalError> {
    match v {
        Value::String(s) => Ok(s),
        _ => Err(type_error(func, ValueKind::String, v)),
    }
}

/// The scaled value of a decimal argument.
fn expect_decimal(func: ExtFn, v: &Value) -> Result<i64, EvalError> {
    match v {
        Value::Ext(e) => match **e {
            ExtValue::Decimal(d) => Ok(d),
            _ => Err(type_error(func, ValueKind::Decimal, v)),
        },
        _ => Err(type_error(func, ValueKind::Decimal, v)),
    }
}

/// The network of an `ipaddr` argument.
fn expect_ip(func: ExtFn, v: &Value) -> Result<IpNet, EvalError> {
    match v {
        Value::Ext(e) => match **e {
            ExtValue::Ip(net) => Ok(net),
            _ => Err(type_error(func, ValueKind::Ip, v)),
        },
        _ => Err(type_error(func, ValueKind::Ip, v)),
    }
}

/// The milliseconds of a datetime argument.
fn expect_datetime(func: ExtFn, v: &Value) -> Result<i64, EvalError> {
    match v {
        Value::Ext(e) => match **e {
            ExtValue::Datetime(ms) => Ok(ms),
            _ => Err(type_error(func, ValueKind::Datetime, v)),
        },
        _ => Err(type_error(func, ValueKind::Datetime, v)),
    }
}

/// The milliseconds of a duration argument.
fn expect_duration(func: ExtFn, v: &Value) -> Result<i64, EvalError> {
    match v {
        Value::Ext(e) => match **e {
            ExtValue::Duration(ms) => Ok(ms),
            _ => Err(type_error(func, ValueKind::Duration, v)),
        },
        _ => Err(type_error(func, ValueKind::Duration, v)),
    }
}

/// The value of a non-empty run of ASCII digits (leading zeros allowed); `None` if
/// `s` is empty, holds anything else, or exceeds `u128`.
pub(crate) fn parse_ascii_digits(s: &str) -> Option<u128> {
    if s.is_empty() {
        return None;
    }
    s.bytes().try_fold(0u128, |n, b| {
        let digit = b.is_ascii_digit().then(|| u128::from(b - b'0'))?;
        n.checked_mul(10)?.checked_add(digit)
    })
}

/// A possibly long input string shown in an error message, cut after 64 characters.
pub(crate) struct Snippet<'a>(pub(crate) &'a str);

impl fmt::Display for Snippet<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const LIMIT: usize = 64;
        match self.0.char_indices().nth(LIMIT) {
            Some((cut, _)) => write!(f, "{}…", self.0.get(..cut).unwrap_or_default()),
            None => f.write_str(self.0),
        }
    }
}

#[cfg(test)]
mod tests;
