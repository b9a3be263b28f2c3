//! Small helpers for reading a `serde_json::Value` while tracking where we are in
//! it, so that every error carries its [`JsonPath`].

use serde_json::{Map, Value};
use smol_str::SmolStr;

use super::error::{JsonPath, PathSegment, PolicyJsonError, PolicyJsonErrorKind};
use super::ident::parse_name;
use crate::ast::SlotId;
use crate::value::{EntityUid, Name};

/// One step from a value to its parent.
#[derive(Clone, Copy)]
enum Step<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

/// The position of the value being read: a chain of steps back to the root, kept
/// on the stack and turned into a [`JsonPath`] only when an error is reported.
#[derive(Clone, Copy)]
pub(crate) struct At<'a> {
    parent: Option<&'a At<'a>>,
    step: Step<'a>,
}

impl At<'static> {
    /// The root of the document.
    pub(crate) fn root() -> At<'static> {
        At {
            parent: None,
            step: Step::Root,
        }
    }
}

impl<'a> At<'a> {
    /// The value under `key` of the object here.
    pub(crate) fn key<'b>(&'b self, key: &'b str) -> At<'b> {
        At {
            parent: Some(self),
            step: Step::Key(key),
        }
    }

    /// The element at `index` of the array here.
    pub(crate) fn index(&self, index: usize) -> At<'_> {
        At {
            parent: Some(self),
            step: Step::Index(index),
        }
    }

    /// The path from the root to here.
    pub(crate) fn path(&self) -> JsonPath {
        let mut segments = Vec::new();
        let mut here = Some(self);
        while let Some(at) = here {
            match at.step {
                Step::Root => {}
                Step::Key(k) => segments.push(PathSegment::Key(k.into())),
                Step::Index(i) => segments.push(PathSegment::Index(i)),
            }
            here = at.parent;
        }
        segments.reverse();
        JsonPath(segments)
    }

    /// An error of kind `kind` here.
    pub(crate) fn err(&self, kind: PolicyJsonErrorKind) -> PolicyJsonError {
        PolicyJsonError::new(self.path(), kind)
    }

    /// A wrong-type error here.
    pub(crate) fn wrong_type(&self, expected: &'static str, found: &Value) -> PolicyJsonError {
        self.err(PolicyJsonErrorKind::WrongType {
            expected,
            found: json_type(found),
        })
    }
}

/// The JSON type of `v`, for messages.
pub(crate) fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `v` as an object.
pub(crate) fn object<'v>(
    v: &'v Value,
    at: &At<'_>,
    expected: &'static str,
) -> Result<&'v Map<String, Value>, PolicyJsonError> {
    v.as_object().ok_or_else(|| at.wrong_type(expected, v))
}

/// `v` as an array.
pub(crate) fn array<'v>(
    v: &'v Value,
    at: &At<'_>,
    expected: &'static str,
) -> Result<&'v [Value], PolicyJsonError> {
    match v {
        Value::Array(items) => Ok(items),
        _ => Err(at.wrong_type(expected, v)),
    }
}

/// `v` as a string.
pub(crate) fn string<'v>(v: &'v Value, at: &At<'_>) -> Result<&'v str, PolicyJsonError> {
    v.as_str().ok_or_else(|| at.wrong_type("a string", v))
}

/// Fails on the first key of `map` that is not in `allowed`.
pub(crate) fn only_keys(
    map: &Map<String, Value>,
    allowed: &[&str],
    at: &At<'_>,
) -> Result<(), PolicyJsonError> {
    match map.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(at
            .key(k)
            .err(PolicyJsonErrorKind::UnexpectedKey(SmolStr::new(k)))),
        None => Ok(()),
    }
}

/// The value under `key`, which must be present.
pub(crate) fn required<'v>(
    map: &'v Map<String, Value>,
    key: &'static str,
    at: &At<'_>,
) -> Result<&'v Value, PolicyJsonError> {
    map.get(key)
        .ok_or_else(|| at.err(PolicyJsonErrorKind::MissingKey(key)))
}

/// An entity type or other name.
pub(crate) fn name(v: &Value, at: &At<'_>) -> Result<Name, PolicyJsonError> {
    let s = string(v, at)?;
    parse_name(s).ok_or_else(|| at.err(PolicyJsonErrorKind::InvalidName(s.into())))
}

/// An entity UID, `{"type": "User", "id": "alice"}`, also accepted in the escaped
/// form `{"__entity": {"type": "User", "id": "alice"}}`.
pub(crate) fn entity_uid(v: &Value, at: &At<'_>) -> Result<EntityUid, PolicyJsonError> {
    const EXPECTED: &str = "an entity, {\"type\": …, \"id\": …}";
    let map = object(v, at, EXPECTED)?;
    if let (Some(inner), 1) = (map.get("__entity"), map.len()) {
        return entity_uid(inner, &at.key("__entity"));
    }
    only_keys(map, &["type", "id"], at)?;
    let ty = name(required(map, "type", at)?, &at.key("type"))?;
    let id = string(required(map, "id", at)?, &at.key("id"))?;
    Ok(EntityUid::new(ty, id))
}

/// A slot, `"?principal"` or `"?resource"`.
pub(crate) fn slot_id(v: &Value, at: &At<'_>) -> Result<SlotId, PolicyJsonError> {
    match string(v, at)? {
        "?principal" => Ok(SlotId::Principal),
        "?resource" => Ok(SlotId::Resource),
        other => Err(at.err(PolicyJsonErrorKind::UnknownValue {
            what: "slot",
            found: other.into(),
            expected: "`?principal` or `?resource`",
        })),
    }
}
