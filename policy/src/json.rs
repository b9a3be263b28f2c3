//! Cedar's JSON format for values, shared by entity attributes, tags and request contexts.
//!
//! Without a schema, JSON maps to Cedar values directly: booleans, integers (in the `i64`
//! range), strings, arrays (sets) and objects (records), plus two escapes:
//!
//! - `{"__entity": {"type": "User", "id": "alice"}}` for an entity reference;
//! - `{"__extn": {"fn": "decimal", "arg": "1.23"}}` (or `"args": [...]`) for an extension
//!   value, built by calling the named extension function on the converted arguments.
//!
//! As in Cedar, an object is an escape only when it has exactly that one key and the
//! escape's body has the expected fields; otherwise it is an ordinary record. `null`,
//! non-integral numbers, the removed `__expr` escape and duplicate object keys are errors.
//!
//! Documents are first read into a [`Json`] tree (syntax errors, including duplicate keys,
//! carry serde_json's line and column), then converted with a JSON path for semantic errors
//! (`entities[3].attrs.owner`). serde_json's recursion limit bounds the nesting depth.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use smol_str::SmolStr;

use crate::ast::ExtFn;
use crate::error::EvalError;
use crate::ext::ExtValue;
use crate::value::{EntityUid, Name, Value};

/// A parsed JSON document, with objects kept as sorted maps (duplicate keys rejected).
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// An integer in the `i64` range.
    Long(i64),
    /// Any other number (a float, or an integer outside `i64`), as written.
    OtherNumber(String),
    /// A string.
    String(SmolStr),
    /// An array.
    Array(Vec<Json>),
    /// An object.
    Object(BTreeMap<SmolStr, Json>),
}

impl Json {
    /// A short description of the JSON type, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Long(_) | Json::OtherNumber(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }

    /// Parses a JSON document, rejecting duplicate object keys.
    pub fn parse(text: &str) -> Result<Json, JsonError> {
        serde_json::from_str(text).map_err(JsonError::from)
    }
}

impl From<serde_json::Value> for Json {
    fn from(v: serde_json::Value) -> Json {
        match v {
            serde_json::Value::Null => Json::Null,
            serde_json::Value::Bool(b) => Json::Bool(b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Json::Long(i),
                None => Json::OtherNumber(n.to_string()),
            },
            serde_json::Value::String(s) => Json::String(s.into()),
            serde_json::Value::Array(items) => {
                Json::Array(items.into_iter().map(Json::from).collect())
            }
            serde_json::Value::Object(map) => Json::Object(
                map.into_iter()
                    .map(|(k, v)| (SmolStr::from(k), Json::from(v)))
                    .collect(),
            ),
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Json, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
        Ok(Json::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Json, E> {
        Ok(Json::Long(n))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Json, E> {
        Ok(i64::try_from(n).map_or_else(|_| Json::OtherNumber(n.to_string()), Json::Long))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Json, E> {
        Ok(Json::OtherNumber(n.to_string()))
    }

    fn visit_str<E>(self, s: &str) -> Result<Json, E> {
        Ok(Json::String(s.into()))
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_none<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut out = BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            let key = SmolStr::from(key);
            if out.contains_key(&key) {
                return Err(de::Error::custom(format_args!("duplicate key `{key}`")));
            }
            let value = map.next_value()?;
            out.insert(key, value);
        }
        Ok(Json::Object(out))
    }
}

/// One step of a JSON path. Paths are built on the stack while converting and only
/// rendered to a string when an error is reported.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Step<'a> {
    /// The document root, named (`entities`, `context`, …).
    Root(&'a str),
    /// An array index.
    Index(usize),
    /// An object key.
    Key(&'a str),
}

/// A JSON path: a linked list of steps from the current position back to the root.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Path<'a> {
    step: Step<'a>,
    parent: Option<&'a Path<'a>>,
}

impl<'a> Path<'a> {
    /// The root of a document called `name`.
    pub(crate) fn root(name: &'a str) -> Path<'a> {
        Path {
            step: Step::Root(name),
            parent: None,
        }
    }

    /// The element at `index` of the array at `self`.
    pub(crate) fn index(&'a self, index: usize) -> Path<'a> {
        Path {
            step: Step::Index(index),
            parent: Some(self),
        }
    }

    /// The field `key` of the object at `self`.
    pub(crate) fn key(&'a self, key: &'a str) -> Path<'a> {
        Path {
            step: Step::Key(key),
            parent: Some(self),
        }
    }

    /// An error of the given kind at this path.
    pub(crate) fn error(&self, kind: JsonErrorKind) -> JsonError {
        JsonError::At {
            path: self.to_string(),
            kind,
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(parent) = self.parent {
            write!(f, "{parent}")?;
        }
        match self.step {
            Step::Root(name) => f.write_str(name),
            Step::Index(i) => write!(f, "[{i}]"),
            Step::Key(k) if is_plain_key(k) => write!(f, ".{k}"),
            Step::Key(k) => {
                f.write_str("[")?;
                crate::value::write_quoted(f, k)?;
                f.write_str("]")
            }
        }
    }
}

fn is_plain_key(k: &str) -> bool {
    let mut chars = k.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// What is wrong with a JSON value at some path.
#[derive(Clone, Debug, PartialEq)]
pub enum JsonErrorKind {
    /// `null` is not a Cedar value.
    Null,
    /// A number that is not an integer in the `i64` range.
    NotALong(String),
    /// The `__expr` escape, removed from Cedar.
    ExprEscape,
    /// An entity type name that is not a valid Cedar name.
    InvalidTypeName(SmolStr),
    /// An `__extn` escape naming no extension function.
    UnknownExtension(SmolStr),
    /// The extension function rejected its arguments.
    Extension(EvalError),
    /// Something other than what was expected.
    Expected {
        /// What was expected (`"an entity reference"`).
        expected: &'static str,
        /// What was found (`"a string"`).
        got: &'static str,
    },
    /// A required field is missing.
    MissingField(&'static str),
    /// An entity UID written as a string failed to parse.
    InvalidUid(String),
    /// Two entities with the same UID.
    DuplicateEntity(EntityUid),
    /// An action entity with a parent that is not an action.
    ActionParentNotAction {
        /// The action.
        action: EntityUid,
        /// The offending parent.
        parent: EntityUid,
    },
    /// Something specific to the document being read.
    Other(String),
}

impl fmt::Display for JsonErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonErrorKind::Null => f.write_str("`null` is not a valid Cedar value"),
            JsonErrorKind::NotALong(n) => write!(
                f,
                "`{n}` is not a valid Cedar long (a 64-bit signed integer)"
            ),
            JsonErrorKind::ExprEscape => f.write_str("the `__expr` escape is no longer supported"),
            JsonErrorKind::InvalidTypeName(t) => write!(f, "`{t}` is not a valid entity type name"),
            JsonErrorKind::UnknownExtension(n) => {
                write!(f, "`{n}` is not an extension function")
            }
            JsonErrorKind::Extension(e) => write!(f, "{e}"),
            JsonErrorKind::Expected { expected, got } => {
                write!(f, "expected {expected}, got {got}")
            }
            JsonErrorKind::MissingField(name) => write!(f, "missing field `{name}`"),
            JsonErrorKind::InvalidUid(msg) => write!(f, "invalid entity UID: {msg}"),
            JsonErrorKind::DuplicateEntity(uid) => write!(f, "duplicate entity `{uid}`"),
            JsonErrorKind::ActionParentNotAction { action, parent } => write!(
                f,
                "action `{action}` has the parent `{parent}`, which is not an action"
            ),
            JsonErrorKind::Other(msg) => f.write_str(msg),
        }
    }
}

/// An error reading Cedar's JSON formats.
#[derive(Clone, Debug, PartialEq)]
pub enum JsonError {
    /// The text is not well-formed JSON (or repeats an object key).
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// serde_json's description.
        message: String,
    },
    /// The JSON is well-formed but does not describe a valid value.
    At {
        /// Where, as a JSON path (`entities[3].attrs.owner`).
        path: String,
        /// What is wrong.
        kind: JsonErrorKind,
    },
}

impl From<serde_json::Error> for JsonError {
    fn from(e: serde_json::Error) -> JsonError {
        // serde_json appends " at line L column C" to its messages; keep only the cause.
        let full = e.to_string();
        let message = match full.rfind(" at line ") {
            Some(i) => full.get(..i).unwrap_or(&full).to_owned(),
            None => full,
        };
        JsonError::Syntax {
            line: e.line(),
            column: e.column(),
            message,
        }
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonError::Syntax {
                line,
                column,
                message,
            } => write!(f, "invalid JSON at line {line}, column {column}: {message}"),
            JsonError::At { path, kind } => write!(f, "in `{path}`: {kind}"),
        }
    }
}

impl std::error::Error for JsonError {}

/// Parses a JSON document in Cedar's value format.
pub fn value_from_json_str(text: &str) -> Result<Value, JsonError> {
    let json = Json::parse(text)?;
    value_from_json(&json, Path::root("value"))
}

/// Converts a JSON tree in Cedar's value format to a value; `path` locates it for errors.
pub(crate) fn value_from_json(json: &Json, path: Path<'_>) -> Result<Value, JsonError> {
    match json {
        Json::Null => Err(path.error(JsonErrorKind::Null)),
        Json::Bool(b) => Ok(Value::Bool(*b)),
        Json::Long(n) => Ok(Value::Long(*n)),
        Json::OtherNumber(n) => Err(path.error(JsonErrorKind::NotALong(n.clone()))),
        Json::String(s) => Ok(Value::String(s.clone())),
        Json::Array(items) => {
            let mut set = std::collections::BTreeSet::new();
            for (i, item) in items.iter().enumerate() {
                set.insert(value_from_json(item, path.index(i))?);
            }
            Ok(Value::Set(Arc::new(set)))
        }
        Json::Object(map) => match escape_of(map) {
            Some(Escape::Expr) => Err(path.error(JsonErrorKind::ExprEscape)),
            Some(Escape::Entity { ty, id }) => {
                let inner = path.key("__entity");
                let ty = parse_type_name(ty, inner.key("type"))?;
                Ok(Value::Entity(EntityUid::new(ty, id.clone())))
            }
            Some(Escape::Extn { func, args }) => {
                let inner = path.key("__extn");
                let f = ExtFn::from_name(func).ok_or_else(|| {
                    inner
                        .key("fn")
                        .error(JsonErrorKind::UnknownExtension(func.clone()))
                })?;
                let values = match args {
                    ExtnArgs::One(arg) => vec![value_from_json(arg, inner.key("arg"))?],
                    ExtnArgs::Many(items) => {
                        let args_path = inner.key("args");
                        items
                            .iter()
                            .enumerate()
                            .map(|(i, a)| value_from_json(a, args_path.index(i)))
                            .collect::<Result<Vec<_>, _>>()?
                    }
                };
                crate::ext::call(f, &values).map_err(|e| inner.error(JsonErrorKind::Extension(e)))
            }
            None => {
                let mut record = BTreeMap::new();
                for (k, v) in map {
                    record.insert(k.clone(), value_from_json(v, path.key(k))?);
                }
                Ok(Value::Record(Arc::new(record)))
            }
        },
    }
}

enum ExtnArgs<'a> {
    One(&'a Json),
    Many(&'a [Json]),
}

enum Escape<'a> {
    Expr,
    Entity {
        ty: &'a SmolStr,
        id: &'a SmolStr,
    },
    Extn {
        func: &'a SmolStr,
        args: ExtnArgs<'a>,
    },
}

/// Recognises Cedar's escapes the way Cedar does: a one-key object whose body has the
/// expected shape (extra fields in the body are ignored); anything else is a record.
fn escape_of(map: &BTreeMap<SmolStr, Json>) -> Option<Escape<'_>> {
    if map.len() != 1 {
        return None;
    }
    let (key, body) = map.iter().next()?;
    match (key.as_str(), body) {
        ("__expr", Json::String(_)) => Some(Escape::Expr),
        ("__entity", Json::Object(body)) => match (body.get("type"), body.get("id")) {
            (Some(Json::String(ty)), Some(Json::String(id))) => Some(Escape::Entity { ty, id }),
            _ => None,
        },
        ("__extn", Json::Object(body)) if body.len() >= 2 => {
            let Some(Json::String(func)) = body.get("fn") else {
                return None;
            };
            if let Some(arg) = body.get("arg") {
                return Some(Escape::Extn {
                    func,
                    args: ExtnArgs::One(arg),
                });
            }
            match body.get("args") {
                Some(Json::Array(items)) => Some(Escape::Extn {
                    func,
                    args: ExtnArgs::Many(items),
                }),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Reads an entity UID as entity files write them: `{"type": "T", "id": "i"}` or
/// `{"__entity": {"type": "T", "id": "i"}}`; `allow_string` also accepts the Cedar
/// syntax `T::"i"` (as the CLI's request format does).
pub(crate) fn uid_from_json(
    json: &Json,
    path: Path<'_>,
    allow_string: bool,
) -> Result<EntityUid, JsonError> {
    let expected = JsonErrorKind::Expected {
        expected: "an entity reference (`{\"type\": …, \"id\": …}`)",
        got: json.type_name(),
    };
    match json {
        Json::String(s) if allow_string => {
            let uid = crate::parser::parse_entity_uid(s)
                .map_err(|errs| path.error(JsonErrorKind::InvalidUid(errs.to_string())))?;
            // As in Cedar, the string form must be written exactly as the UID prints
            // (no spaces around `::`, no escapes where a plain character will do).
            let normal = uid.to_string();
            if *s != normal {
                return Err(path.error(JsonErrorKind::InvalidUid(format!(
                    "`{s}` is not in normalized form: write `{normal}`"
                ))));
            }
            Ok(uid)
        }
        Json::Object(map) => {
            if let Some(Json::String(_)) = map.get("__expr") {
                if map.len() == 1 {
                    return Err(path.error(JsonErrorKind::ExprEscape));
                }
            }
            let (body, body_path) = match map.get("__entity") {
                Some(Json::Object(inner)) if map.len() == 1 => (inner, path.key("__entity")),
                _ => (map, path),
            };
            match (body.get("type"), body.get("id")) {
                (Some(Json::String(ty)), Some(Json::String(id))) => {
                    let ty = parse_type_name(ty, body_path.key("type"))?;
                    Ok(EntityUid::new(ty, id.clone()))
                }
                _ => Err(path.error(expected)),
            }
        }
        _ => Err(path.error(expected)),
    }
}

fn parse_type_name(s: &str, path: Path<'_>) -> Result<Name, JsonError> {
    if is_valid_name(s) {
        Ok(Name::new(s))
    } else {
        Err(path.error(JsonErrorKind::InvalidTypeName(s.into())))
    }
}

/// Words that cannot be used as identifiers in Cedar names.
const RESERVED: &[&str] = &[
    "true", "false", "if", "then", "else", "in", "is", "like", "has", "__cedar",
];

fn is_valid_ident(s: &str) -> bool {
    is_plain_key(s) && !RESERVED.contains(&s)
}

/// Whether `s` is a name in canonical form: identifiers joined by `::`, no whitespace.
pub(crate) fn is_valid_name(s: &str) -> bool {
    s.split("::").all(is_valid_ident)
}

/// Converts a value to Cedar's JSON format (entities and extension values escaped).
pub fn value_to_json(value: &Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        Value::Bool(b) => J::Bool(*b),
        Value::Long(n) => J::from(*n),
        Value::String(s) => J::String(s.to_string()),
        Value::Entity(uid) => serde_json::json!({ "__entity": uid_to_json(uid) }),
        Value::Set(items) => J::Array(items.iter().map(value_to_json).collect()),
        Value::Record(attrs) => J::Object(
            attrs
                .iter()
                .map(|(k, v)| (k.to_string(), value_to_json(v)))
                .collect(),
        ),
        Value::Ext(e) => ext_to_json(e),
    }
}

/// An entity UID as `{"type": "T", "id": "i"}`.
pub fn uid_to_json(uid: &EntityUid) -> serde_json::Value {
    serde_json::json!({ "type": uid.ty.as_str(), "id": uid.eid.as_str() })
}

/// An extension value as an `__extn` escape: its constructor call, or for an instant
/// no `datetime` literal spells, `offset` applied to the epoch (the multi-argument form).
fn ext_to_json(e: &ExtValue) -> serde_json::Value {
    match e.constructor_call() {
        Some((func, arg)) => serde_json::json!({ "__extn": { "fn": func.name(), "arg": arg } }),
        None => {
            let ms = match e {
                ExtValue::Datetime(ms) | ExtValue::Duration(ms) => *ms,
                ExtValue::Decimal(v) => *v,
                ExtValue::Ip(_) => 0,
            };
            let epoch = serde_json::json!({ "__extn": { "fn": "datetime", "arg": "1970-01-01" } });
            let offset = serde_json::json!({
                "__extn": { "fn": "duration", "arg": crate::ext::datetime::duration_literal(ms) }
            });
            serde_json::json!({ "__extn": { "fn": "offset", "args": [epoch, offset] } })
        }
    }
}

#[cfg(test)]
mod tests;
