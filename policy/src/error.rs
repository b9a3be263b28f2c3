//! Errors raised while evaluating an expression.
//!
//! A policy whose condition raises one of these is skipped by the authorizer and
//! reported among the erroring policies, as in Cedar.

use std::fmt;

use smol_str::SmolStr;

use crate::ast::SlotId;
use crate::value::{EntityUid, ValueKind};

/// Why evaluating an expression failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EvalError {
    /// An operator was applied to a value of the wrong type.
    Type {
        /// The types the operator accepts.
        expected: Vec<ValueKind>,
        /// The type it was given.
        got: ValueKind,
        /// What was being evaluated (`"operator +"`, `"method contains"`, …).
        context: &'static str,
    },
    /// The entity is not in the entity store.
    EntityDoesNotExist(EntityUid),
    /// The entity exists but has no such attribute.
    EntityAttrDoesNotExist {
        /// The entity.
        entity: EntityUid,
        /// The attribute.
        attr: SmolStr,
    },
    /// The record has no such attribute.
    RecordAttrDoesNotExist {
        /// The attribute.
        attr: SmolStr,
        /// The attributes the record does have (for the message; may be truncated).
        available: Vec<SmolStr>,
    },
    /// The entity has no such tag.
    TagDoesNotExist {
        /// The entity.
        entity: EntityUid,
        /// The tag.
        tag: SmolStr,
    },
    /// 64-bit integer arithmetic overflowed.
    Overflow {
        /// The operation, as written (`"+"`, `"-"`, `"*"`, `"unary -"`, …).
        op: &'static str,
    },
    /// An extension function rejected its arguments.
    Extension {
        /// The function's name.
        func: &'static str,
        /// What was wrong.
        message: String,
    },
    /// An extension function or method got the wrong number of arguments.
    Arity {
        /// The function's name.
        func: &'static str,
        /// How many it takes.
        expected: usize,
        /// How many it was given.
        got: usize,
    },
    /// A template slot was evaluated without being linked.
    UnlinkedSlot(SlotId),
}

fn write_kinds(f: &mut fmt::Formatter<'_>, kinds: &[ValueKind]) -> fmt::Result {
    for (i, k) in kinds.iter().enumerate() {
        if i > 0 {
            f.write_str(if i + 1 == kinds.len() { " or " } else { ", " })?;
        }
        write!(f, "{k}")?;
    }
    Ok(())
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvalError::Type {
                expected,
                got,
                context,
            } => {
                write!(f, "type error in {context}: expected ")?;
                write_kinds(f, expected)?;
                write!(f, ", got {got}")
            }
            EvalError::EntityDoesNotExist(uid) => write!(f, "entity `{uid}` does not exist"),
            EvalError::EntityAttrDoesNotExist { entity, attr } => {
                write!(f, "`{entity}` does not have the attribute `{attr}`")
            }
            EvalError::RecordAttrDoesNotExist { attr, available } => {
                write!(f, "record does not have the attribute `{attr}`")?;
                if available.is_empty() {
                    write!(f, " (it has no attributes)")
                } else {
                    write!(f, " (available: ")?;
                    for (i, a) in available.iter().enumerate() {
                        if i > 0 {
                            f.write_str(", ")?;
                        }
                        write!(f, "`{a}`")?;
                    }
                    f.write_str(")")
                }
            }
            EvalError::TagDoesNotExist { entity, tag } => {
                write!(f, "`{entity}` does not have the tag `{tag}`")
            }
            EvalError::Overflow { op } => write!(f, "integer overflow in `{op}`"),
            EvalError::Extension { func, message } => write!(f, "error in `{func}`: {message}"),
            EvalError::Arity {
                func,
                expected,
                got,
            } => write!(
                f,
                "`{func}` takes {expected} argument{}, got {got}",
                if *expected == 1 { "" } else { "s" }
            ),
            EvalError::UnlinkedSlot(slot) => write!(f, "template slot `{slot}` is not linked"),
        }
    }
}

impl std::error::Error for EvalError {}
