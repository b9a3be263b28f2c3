//! Errors found while reading or resolving a schema.

use std::fmt;

use crate::ast::Loc;

/// Where a schema element came from: a byte range of Cedar schema text, or a path
/// into a JSON schema document (`/NS/entityTypes/User/shape`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A byte range in Cedar schema syntax (or in JSON text, for JSON syntax errors).
    Span(Loc),
    /// A JSON pointer into a JSON schema.
    Path(String),
}

/// What is wrong with a schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemaErrorKind {
    /// The Cedar schema text does not parse.
    Syntax(String),
    /// The JSON text does not parse or does not have the schema's shape.
    Json(String),
    /// A name used as an entity type is not declared.
    UndeclaredEntityType(String),
    /// A name used as a type is neither a common type, an entity type nor a builtin.
    UndeclaredType(String),
    /// An action group named in `in`/`memberOf` is not declared.
    UndeclaredAction(String),
    /// An `Extension` type other than `ipaddr`, `decimal`, `datetime`, `duration`.
    UnknownExtensionType(String),
    /// The same name declared twice.
    Duplicate {
        /// What kind of thing (`"entity type"`, `"action"`, …).
        what: &'static str,
        /// The name.
        name: String,
    },
    /// Common types that are defined in terms of themselves.
    CommonTypeCycle(String),
    /// Actions that are (transitively) members of themselves.
    ActionCycle(String),
    /// A common type named like a builtin type, or a namespace using `__cedar`.
    ReservedName(String),
    /// An entity shape or action context that is not a record type.
    NotARecord(&'static str),
    /// Types nested more deeply than the parser accepts.
    TooDeep,
    /// Common types whose expansion is unreasonably large.
    TooLarge(String),
}

impl fmt::Display for SchemaErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchemaErrorKind::Syntax(m) => write!(f, "syntax error: {m}"),
            SchemaErrorKind::Json(m) => write!(f, "invalid JSON schema: {m}"),
            SchemaErrorKind::UndeclaredEntityType(n) => {
                write!(f, "undeclared entity type `{n}`")
            }
            SchemaErrorKind::UndeclaredType(n) => write!(
                f,
                "undeclared type `{n}`: not a common type, an entity type or a builtin type"
            ),
            SchemaErrorKind::UndeclaredAction(n) => write!(f, "undeclared action `{n}`"),
            SchemaErrorKind::UnknownExtensionType(n) => write!(
                f,
                "unknown extension type `{n}` (expected ipaddr, decimal, datetime or duration)"
            ),
            SchemaErrorKind::Duplicate { what, name } => {
                write!(f, "{what} `{name}` is declared more than once")
            }
            SchemaErrorKind::CommonTypeCycle(n) => {
                write!(f, "common type `{n}` is defined in terms of itself")
            }
            SchemaErrorKind::ActionCycle(n) => {
                write!(
                    f,
                    "action `{n}` is a member of itself (cycle in `memberOf`)"
                )
            }
            SchemaErrorKind::ReservedName(n) => {
                write!(f, "`{n}` is a reserved name")
            }
            SchemaErrorKind::NotARecord(what) => write!(f, "{what} must be a record type"),
            SchemaErrorKind::TooDeep => write!(f, "types are nested too deeply"),
            SchemaErrorKind::TooLarge(n) => {
                write!(f, "common type `{n}` expands to an unreasonably large type")
            }
        }
    }
}

/// An error in a schema, with where it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaError {
    /// What is wrong.
    pub kind: SchemaErrorKind,
    /// Where: a byte range of the source text or a JSON path, when known.
    pub origin: Option<Origin>,
}

impl SchemaError {
    pub(crate) fn new(kind: SchemaErrorKind, origin: &Origin) -> SchemaError {
        SchemaError {
            kind,
            origin: Some(origin.clone()),
        }
    }

    /// The byte range in the source text, when the error has one.
    pub fn loc(&self) -> Option<Loc> {
        match &self.origin {
            Some(Origin::Span(l)) => Some(*l),
            _ => None,
        }
    }
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.origin {
            Some(Origin::Path(p)) if !p.is_empty() => write!(f, "{} (at {p})", self.kind),
            _ => write!(f, "{}", self.kind),
        }
    }
}

impl std::error::Error for SchemaError {}

/// The 1-based line and column (in characters) of byte `offset` in `src`. Offsets past
/// the end, or inside a character, are clamped.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(src.len());
    while !src.is_char_boundary(end) {
        end -= 1;
    }
    let before = &src[..end];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// The byte offset of 1-based `line` and `column` (as serde_json reports them), clamped.
pub(crate) fn offset_of(src: &str, line: usize, column: usize) -> usize {
    let mut off = 0;
    for (i, l) in src.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let col_bytes: usize = l
                .chars()
                .take(column.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            return off + col_bytes;
        }
        off += l.len();
    }
    src.len()
}
