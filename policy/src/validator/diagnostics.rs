//! What the validator reports: errors that reject a policy and warnings that do not.

use std::fmt;

use smol_str::SmolStr;

use super::types::Type;
use crate::ast::{Loc, PolicyId};
use crate::value::{EntityUid, Name};

/// Why a policy is rejected.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ValidationErrorKind {
    /// An entity type the schema does not declare.
    UnrecognizedEntityType {
        /// The type as written.
        name: Name,
        /// A declared type with a similar name.
        suggestion: Option<Name>,
    },
    /// An action the schema does not declare.
    UnrecognizedActionId {
        /// The action as written.
        uid: EntityUid,
        /// A declared action with a similar name.
        suggestion: Option<EntityUid>,
    },
    /// An entity of an enumerated type with an id outside the enumeration.
    InvalidEnumEntity {
        /// The entity.
        uid: EntityUid,
        /// The ids the type allows.
        choices: Vec<SmolStr>,
    },
    /// No action that the scope allows applies to the principal and resource the scope
    /// allows.
    InvalidActionApplication,
    /// An expression of the wrong type.
    UnexpectedType {
        /// What was expected (`Bool`, `a set`, …).
        expected: &'static str,
        /// What was found.
        found: Type,
    },
    /// An operator applied to operands it does not accept.
    InvalidOperands {
        /// The operator or method.
        op: &'static str,
        /// The operand types it accepts.
        expected: &'static str,
        /// The operand types found.
        found: Vec<Type>,
    },
    /// Types that strict validation requires to agree do not.
    IncompatibleTypes {
        /// Where (`if` branches, set elements, `==`, …).
        context: &'static str,
        /// The types.
        types: Vec<Type>,
    },
    /// An attribute the type does not declare.
    AttributeNotFound {
        /// The attribute.
        attr: SmolStr,
        /// The record or entity type.
        on: Type,
        /// A declared attribute with a similar name.
        suggestion: Option<SmolStr>,
    },
    /// An optional attribute read without a `has` guard.
    OptionalAttribute {
        /// The attribute.
        attr: SmolStr,
        /// The record or entity type.
        on: Type,
    },
    /// An attribute read on an action.
    ActionAttribute {
        /// The attribute.
        attr: SmolStr,
    },
    /// `getTag` without a `hasTag` guard for the same tag.
    UnsafeTagAccess {
        /// The entity type.
        on: Name,
    },
    /// `getTag` on an entity type that has no tags.
    NoTags {
        /// The entity type.
        on: Name,
    },
    /// `[]`: strict validation cannot give its elements a type.
    EmptySetLiteral,
    /// An extension constructor applied to something other than a string literal.
    NonLiteralExtensionArgument {
        /// The constructor.
        func: &'static str,
    },
    /// An extension constructor applied to a string it rejects.
    ExtensionArgument {
        /// The constructor.
        func: &'static str,
        /// Why it was rejected.
        message: String,
    },
    /// A function or method applied to the wrong number of arguments.
    WrongArity {
        /// The function.
        func: &'static str,
        /// How many it takes.
        expected: usize,
        /// How many it got.
        got: usize,
    },
    /// An expression nested more deeply than the validator walks.
    TooDeep,
}

fn write_types(f: &mut fmt::Formatter<'_>, types: &[Type]) -> fmt::Result {
    for (i, t) in types.iter().enumerate() {
        if i > 0 {
            f.write_str(if i + 1 == types.len() { " and " } else { ", " })?;
        }
        write!(f, "{t}")?;
    }
    Ok(())
}

fn describe(t: &Type) -> String {
    match t {
        Type::Entity(n) => format!("entity type `{n}`"),
        other => format!("record type `{other}`"),
    }
}

impl fmt::Display for ValidationErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ValidationErrorKind as K;
        match self {
            K::UnrecognizedEntityType { name, suggestion } => {
                write!(f, "unrecognized entity type `{name}`")?;
                match suggestion {
                    Some(s) => write!(f, ", did you mean `{s}`?"),
                    None => Ok(()),
                }
            }
            K::UnrecognizedActionId { uid, suggestion } => {
                write!(f, "unrecognized action `{uid}`")?;
                match suggestion {
                    Some(s) => write!(f, ", did you mean `{s}`?"),
                    None => Ok(()),
                }
            }
            K::InvalidEnumEntity { uid, choices } => {
                write!(f, "`{uid}` is not one of the ids of enumerated type `{}` (", uid.ty)?;
                for (i, c) in choices.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "\"{c}\"")?;
                }
                f.write_str(")")
            }
            K::InvalidActionApplication => f.write_str(
                "no action in the scope applies to the principal and resource types the scope allows",
            ),
            K::UnexpectedType { expected, found } => {
                write!(f, "expected {expected}, found {found}")
            }
            K::InvalidOperands {
                op,
                expected,
                found,
            } => {
                write!(f, "operator `{op}` requires {expected} operands, found ")?;
                write_types(f, found)
            }
            K::IncompatibleTypes { context, types } => {
                write!(f, "incompatible types in {context}: ")?;
                write_types(f, types)
            }
            K::AttributeNotFound {
                attr,
                on,
                suggestion,
            } => {
                write!(f, "attribute `{attr}` not found on {}", describe(on))?;
                match suggestion {
                    Some(s) => write!(f, ", did you mean `{s}`?"),
                    None => Ok(()),
                }
            }
            K::OptionalAttribute { attr, on } => write!(
                f,
                "attribute `{attr}` of {} is optional: test it with `has` before reading it",
                describe(on)
            ),
            K::ActionAttribute { attr } => {
                write!(f, "actions have no attributes (reading `{attr}`)")
            }
            K::UnsafeTagAccess { on } => write!(
                f,
                "tag read on entity type `{on}` without a `hasTag` test for the same tag"
            ),
            K::NoTags { on } => write!(f, "entity type `{on}` has no tags"),
            K::EmptySetLiteral => f.write_str(
                "empty set literals are not allowed in strict validation (their element type is unknown)",
            ),
            K::NonLiteralExtensionArgument { func } => {
                write!(f, "`{func}` must be applied to a string literal")
            }
            K::ExtensionArgument { func, message } => {
                write!(f, "invalid argument to `{func}`: {message}")
            }
            K::WrongArity {
                func,
                expected,
                got,
            } => write!(f, "`{func}` takes {expected} argument(s), got {got}"),
            K::TooDeep => f.write_str("expression nested too deeply to validate"),
        }
    }
}

/// An error that rejects a policy.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ValidationError {
    /// The policy.
    pub policy_id: PolicyId,
    /// The offending expression in the policy's source.
    pub loc: Loc,
    /// What is wrong.
    pub kind: ValidationErrorKind,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "policy `{}`: {}", self.policy_id, self.kind)
    }
}

impl std::error::Error for ValidationError {}

/// Something suspicious that does not reject a policy.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ValidationWarningKind {
    /// The policy can never be satisfied by a request the schema allows.
    ImpossiblePolicy,
}

impl fmt::Display for ValidationWarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValidationWarningKind::ImpossiblePolicy => f.write_str(
                "policy is impossible: it evaluates to false for every request the schema allows",
            ),
        }
    }
}

/// A warning about a policy.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ValidationWarning {
    /// The policy.
    pub policy_id: PolicyId,
    /// Where (the whole policy, for an impossible policy).
    pub loc: Loc,
    /// What is suspicious.
    pub kind: ValidationWarningKind,
}

impl fmt::Display for ValidationWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "policy `{}`: {}", self.policy_id, self.kind)
    }
}
