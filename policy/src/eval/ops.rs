//! Operators on evaluated values: equality, ordering, checked arithmetic, hierarchy
//! membership (`in`) and the set methods.
//!
//! Both operands are already evaluated (Cedar evaluates both sides before checking
//! either's type); type checks then go left to right.

use std::cmp::Ordering;

use super::type_error;
use crate::ast::BinaryOp;
use crate::entities::Entities;
use crate::error::EvalError;
use crate::ext::ExtValue;
use crate::value::{Value, ValueKind};

/// Applies a binary operator to two evaluated operands.
pub(super) fn binary(
    op: BinaryOp,
    a: &Value,
    b: &Value,
    entities: &Entities,
) -> Result<Value, EvalError> {
    Ok(match op {
        BinaryOp::Eq => Value::Bool(a == b),
        BinaryOp::NotEq => Value::Bool(a != b),
        BinaryOp::Less => Value::Bool(compare(a, b, "operator <")? == Ordering::Less),
        BinaryOp::LessEq => {
            let ord = compare(a, b, "operator <=")?;
            #[cfg(feature = "fault-injection")]
            if crate::fault::is_active(crate::fault::Fault::LessEqIsLess) {
                return Ok(Value::Bool(ord == Ordering::Less));
            }
            Value::Bool(ord != Ordering::Greater)
        }
        BinaryOp::Greater => Value::Bool(compare(a, b, "operator >")? == Ordering::Greater),
        BinaryOp::GreaterEq => Value::Bool(compare(a, b, "operator >=")? != Ordering::Less),
        BinaryOp::Add => arith(a, b, "operator +", "+", i64::checked_add)?,
        BinaryOp::Sub => arith(a, b, "operator -", "-", i64::checked_sub)?,
        BinaryOp::Mul => arith(a, b, "operator *", "*", i64::checked_mul)?,
        BinaryOp::In => Value::Bool(is_in(a, b, entities)?),
    })
}

/// Orders two longs, two datetimes or two durations; anything else is a type error.
fn compare(a: &Value, b: &Value, context: &'static str) -> Result<Ordering, EvalError> {
    match (a, b) {
        (Value::Long(x), Value::Long(y)) => Ok(x.cmp(y)),
        (Value::Long(_), other) => Err(type_error(&[ValueKind::Long], other, context)),
        (Value::Ext(x), _) => {
            let (x, kind) = match **x {
                ExtValue::Datetime(x) => (x, ValueKind::Datetime),
                ExtValue::Duration(x) => (x, ValueKind::Duration),
                _ => return Err(ordered_type_error(a, context)),
            };
            match b {
                Value::Ext(y) => match (kind, &**y) {
                    (ValueKind::Datetime, ExtValue::Datetime(y))
                    | (ValueKind::Duration, ExtValue::Duration(y)) => Ok(x.cmp(y)),
                    _ => Err(type_error(&[kind], b, context)),
                },
                _ => Err(type_error(&[kind], b, context)),
            }
        }
        _ => Err(ordered_type_error(a, context)),
    }
}

fn ordered_type_error(got: &Value, context: &'static str) -> EvalError {
    type_error(
        &[ValueKind::Long, ValueKind::Datetime, ValueKind::Duration],
        got,
        context,
    )
}

/// Checked arithmetic on two longs.
fn arith(
    a: &Value,
    b: &Value,
    context: &'static str,
    symbol: &'static str,
    f: fn(i64, i64) -> Option<i64>,
) -> Result<Value, EvalError> {
    let Value::Long(x) = a else {
        return Err(type_error(&[ValueKind::Long], a, context));
    };
    let Value::Long(y) = b else {
        return Err(type_error(&[ValueKind::Long], b, context));
    };
    f(*x, *y)
        .map(Value::Long)
        .ok_or(EvalError::Overflow { op: symbol })
}

/// `a in b`: `a` must be an entity and `b` an entity or a set of entities (every element
/// is checked, as Cedar does, before membership is decided). An entity missing from the
/// store is `in` only itself.
pub(super) fn is_in(a: &Value, b: &Value, entities: &Entities) -> Result<bool, EvalError> {
    let Value::Entity(uid) = a else {
        return Err(type_error(&[ValueKind::Entity], a, "operator in"));
    };
    match b {
        Value::Entity(target) => Ok(entities.is_in(uid, target)),
        Value::Set(items) => {
            if let Some(bad) = items.iter().find(|v| !matches!(v, Value::Entity(_))) {
                return Err(type_error(&[ValueKind::Entity], bad, "operator in"));
            }
            let ancestors = entities.get(uid).map(|e| &e.ancestors);
            Ok(items.iter().any(|v| match v {
                Value::Entity(target) => {
                    target == uid || ancestors.is_some_and(|anc| anc.contains(target))
                }
                _ => false,
            }))
        }
        other => Err(type_error(
            &[ValueKind::Set, ValueKind::Entity],
            other,
            "operator in",
        )),
    }
}

/// `set.contains(x)`.
pub(super) fn contains(set: &Value, item: &Value) -> Result<Value, EvalError> {
    match set {
        Value::Set(items) => Ok(Value::Bool(items.contains(item))),
        other => Err(type_error(&[ValueKind::Set], other, "method contains")),
    }
}

/// `a.containsAll(b)` (`all`) or `a.containsAny(b)`.
pub(super) fn contains_all_any(a: &Value, b: &Value, all: bool) -> Result<Value, EvalError> {
    let context = if all {
        "method containsAll"
    } else {
        "method containsAny"
    };
    let Value::Set(xs) = a else {
        return Err(type_error(&[ValueKind::Set], a, context));
    };
    let Value::Set(ys) = b else {
        return Err(type_error(&[ValueKind::Set], b, context));
    };
    Ok(Value::Bool(if all {
        ys.is_subset(xs)
    } else {
        // Iterate the smaller set, probing the larger.
        let (small, large) = if xs.len() <= ys.len() {
            (xs, ys)
        } else {
            (ys, xs)
        };
        small.iter().any(|v| large.contains(v))
    }))
}
