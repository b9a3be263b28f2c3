//! Errors from reading Cedar's JSON policy format, each with the JSON path it
//! occurred at.

use std::fmt;

use smol_str::SmolStr;

use crate::ast::{SlotId, MAX_EXPR_DEPTH};
use crate::value::EntityUid;

/// One step of a [`JsonPath`]: an object key or an array index.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PathSegment {
    /// The value under this key of an object.
    Key(SmolStr),
    /// The element at this index of an array.
    Index(usize),
}

/// Where in a JSON document something was found, from the root down, such as
/// `conditions[0].body.&&.left`.
///
/// Keys that would make the path ambiguous (empty, or containing `.`, `[`, `]`,
/// `"` or whitespace) print in brackets and quotes: `body["."].left`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct JsonPath(pub Vec<PathSegment>);

impl JsonPath {
    /// The root of the document.
    pub fn root() -> JsonPath {
        JsonPath(Vec::new())
    }

    /// Whether this is the root of the document.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The segments, from the root down.
    pub fn segments(&self) -> &[PathSegment] {
        &self.0
    }
}

/// Whether `key` can be printed bare in a path without ambiguity.
fn is_plain_key(key: &str) -> bool {
    !key.is_empty()
        && !key
            .chars()
            .any(|c| matches!(c, '.' | '[' | ']' | '"') || c.is_whitespace() || c.is_control())
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("<root>");
        }
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                PathSegment::Index(n) => write!(f, "[{n}]")?,
                PathSegment::Key(k) if is_plain_key(k) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(k)?;
                }
                PathSegment::Key(k) => write!(f, "[{k:?}]")?,
            }
        }
        Ok(())
    }
}

/// What was wrong with a JSON policy, policy set or expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicyJsonErrorKind {
    /// A JSON value of the wrong type (`expected an object, found a string`).
    WrongType {
        /// What was expected.
        expected: &'static str,
        /// The JSON type found.
        found: &'static str,
    },
    /// A required key is absent.
    MissingKey(&'static str),
    /// A key that this object may not have.
    UnexpectedKey(SmolStr),
    /// An expression object must have exactly one key, the operator.
    NotSingleKey(usize),
    /// An expression key that is neither an operator nor an extension function.
    UnknownOperator(SmolStr),
    /// A string that is not one of the allowed spellings (`effect`, `op`, `kind`,
    /// `Var`, `slot`, pattern elements).
    UnknownValue {
        /// What the string names.
        what: &'static str,
        /// The string found.
        found: SmolStr,
        /// The accepted spellings.
        expected: &'static str,
    },
    /// An extension function called with the wrong number of arguments (a method's
    /// receiver counts as its first argument).
    WrongArity {
        /// The function.
        func: &'static str,
        /// How many arguments it takes.
        expected: usize,
        /// How many it was given.
        found: usize,
    },
    /// An entity type or other name that is not `Ident::Ident::…`.
    InvalidName(SmolStr),
    /// An annotation key that is not an identifier.
    InvalidAnnotationKey(SmolStr),
    /// A number that is not an integer in the 64-bit signed range.
    InvalidNumber(String),
    /// `__extn` names something other than an extension constructor.
    NotAConstructor(SmolStr),
    /// A slot in the wrong place of the scope (`?resource` in the principal).
    WrongSlot {
        /// The slot allowed here.
        expected: SlotId,
        /// The slot found.
        found: SlotId,
    },
    /// A slot in a `when` or `unless` clause; slots may appear only in the scope.
    SlotInCondition(SlotId),
    /// A slot in a static policy.
    SlotInStaticPolicy(SlotId),
    /// An entity in the action scope whose type is not `Action` or `…::Action`.
    NotAnAction(EntityUid),
    /// A construct this engine does not support (partial-evaluation unknowns).
    Unsupported(&'static str),
    /// Expressions nested deeper than [`MAX_EXPR_DEPTH`].
    TooDeep,
    /// Two policies, templates or links share an id.
    DuplicateId(SmolStr),
    /// A link names a template that the set does not define.
    UnknownTemplate(SmolStr),
    /// A link gives no value for a slot its template uses.
    MissingSlotValue(SlotId),
    /// A link gives a value for a slot its template does not use.
    UnusedSlotValue(SlotId),
}

impl fmt::Display for PolicyJsonErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use PolicyJsonErrorKind as K;
        match self {
            K::WrongType { expected, found } => write!(f, "expected {expected}, found {found}"),
            K::MissingKey(k) => write!(f, "missing key `{k}`"),
            K::UnexpectedKey(k) => write!(f, "unexpected key `{k}`"),
            K::NotSingleKey(n) => write!(
                f,
                "an expression must be an object with exactly one key, found {n} keys"
            ),
            K::UnknownOperator(op) => write!(
                f,
                "unknown operator `{op}` (not a Cedar operator or extension function)"
            ),
            K::UnknownValue {
                what,
                found,
                expected,
            } => write!(f, "invalid {what} `{found}` (expected {expected})"),
            K::WrongArity {
                func,
                expected,
                found,
            } => write!(
                f,
                "`{func}` takes {expected} argument{} (counting a method's receiver), found {found}",
                if *expected == 1 { "" } else { "s" }
            ),
            K::InvalidName(n) => write!(f, "invalid name `{n}` (expected `Ident` or `A::B`)"),
            K::InvalidAnnotationKey(k) => {
                write!(f, "invalid annotation key `{k}` (expected an identifier)")
            }
            K::InvalidNumber(n) => {
                write!(f, "`{n}` is not an integer in the range of a 64-bit long")
            }
            K::NotAConstructor(func) => write!(
                f,
                "`{func}` is not an extension constructor (expected `decimal`, `ip`, \
                 `datetime` or `duration`)"
            ),
            K::WrongSlot { expected, found } => {
                write!(f, "slot `{found}` is not allowed here (only `{expected}` is)")
            }
            K::SlotInCondition(s) => write!(
                f,
                "slot `{s}` in a condition (slots may appear only in the scope)"
            ),
            K::SlotInStaticPolicy(s) => write!(
                f,
                "slot `{s}` in a static policy (put it under `templates`)"
            ),
            K::NotAnAction(uid) => write!(
                f,
                "`{uid}` in the action scope is not of type `Action` or `…::Action`"
            ),
            K::Unsupported(what) => write!(f, "{what} are not supported"),
            K::TooDeep => write!(
                f,
                "expression nested more than {MAX_EXPR_DEPTH} levels deep"
            ),
            K::DuplicateId(id) => write!(f, "duplicate policy id `{id}`"),
            K::UnknownTemplate(id) => write!(f, "no template with id `{id}`"),
            K::MissingSlotValue(s) => write!(f, "no value for slot `{s}`"),
            K::UnusedSlotValue(s) => {
                write!(f, "a value for slot `{s}`, which the template does not use")
            }
        }
    }
}

/// An error reading Cedar's JSON policy format: what went wrong, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyJsonError {
    /// Where in the document the problem is.
    pub path: JsonPath,
    /// What the problem is.
    pub kind: PolicyJsonErrorKind,
}

impl PolicyJsonError {
    /// An error of the given kind at `path`.
    pub fn new(path: JsonPath, kind: PolicyJsonErrorKind) -> PolicyJsonError {
        PolicyJsonError { path, kind }
    }
}

impl fmt::Display for PolicyJsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at {}: {}", self.path, self.kind)
    }
}

impl std::error::Error for PolicyJsonError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> PathSegment {
        PathSegment::Key(k.into())
    }

    #[test]
    fn paths_print_keys_and_indices() {
        let path = JsonPath(vec![
            key("conditions"),
            PathSegment::Index(0),
            key("body"),
            key("&&"),
            key("left"),
        ]);
        assert_eq!(path.to_string(), "conditions[0].body.&&.left");
        assert_eq!(JsonPath::root().to_string(), "<root>");
    }

    #[test]
    fn ambiguous_keys_are_quoted() {
        let path = JsonPath(vec![key("body"), key("."), key("left"), key("")]);
        assert_eq!(path.to_string(), r#"body["."].left[""]"#);
        let first = JsonPath(vec![key("a b")]);
        assert_eq!(first.to_string(), r#"["a b"]"#);
    }

    #[test]
    fn errors_display_path_and_message() {
        let err = PolicyJsonError::new(
            JsonPath(vec![key("effect")]),
            PolicyJsonErrorKind::UnknownValue {
                what: "effect",
                found: "allow".into(),
                expected: "`permit` or `forbid`",
            },
        );
        assert_eq!(
            err.to_string(),
            "at effect: invalid effect `allow` (expected `permit` or `forbid`)"
        );
    }
}
