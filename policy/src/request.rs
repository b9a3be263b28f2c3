//! Authorization requests: principal, action, resource and context.
//!
//! Requests can be read from the Cedar CLI's request JSON format,
//! `{"principal": …, "action": …, "resource": …, "context": {…}}`, where each entity is
//! written either in Cedar syntax (`"User::\"alice\""`, as the CLI expects) or as a JSON
//! entity reference (`{"type": "User", "id": "alice"}`, with or without `__entity`).

use std::fmt;

use crate::json::{self, Json, JsonError, JsonErrorKind, Path};
use crate::value::{EntityUid, Value};

/// A request to authorize: who (`principal`) wants to do what (`action`) to what
/// (`resource`), in which `context`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// The principal.
    pub principal: EntityUid,
    /// The action.
    pub action: EntityUid,
    /// The resource.
    pub resource: EntityUid,
    /// The context: always a record.
    pub context: Value,
}

/// Why a request could not be built.
#[derive(Clone, Debug, PartialEq)]
pub enum RequestError {
    /// The context is not a record.
    ContextNotRecord(crate::value::ValueKind),
    /// The request JSON is malformed or invalid (with its location).
    Json(JsonError),
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::ContextNotRecord(kind) => {
                write!(f, "the context must be a record, got {kind}")
            }
            RequestError::Json(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for RequestError {}

impl From<JsonError> for RequestError {
    fn from(e: JsonError) -> RequestError {
        RequestError::Json(e)
    }
}

impl Request {
    /// A request; fails if `context` is not a record.
    pub fn new(
        principal: EntityUid,
        action: EntityUid,
        resource: EntityUid,
        context: Value,
    ) -> Result<Request, RequestError> {
        match context {
            Value::Record(_) => Ok(Request {
                principal,
                action,
                resource,
                context,
            }),
            other => Err(RequestError::ContextNotRecord(other.kind())),
        }
    }

    /// A request with the empty context.
    pub fn with_empty_context(
        principal: EntityUid,
        action: EntityUid,
        resource: EntityUid,
    ) -> Request {
        Request {
            principal,
            action,
            resource,
            context: Value::empty_record(),
        }
    }

    /// Parses the Cedar CLI's request JSON format. Fields other than the four are ignored.
    pub fn from_json_str(text: &str) -> Result<Request, RequestError> {
        Request::from_json(&Json::parse(text)?)
    }

    /// Like [`Request::from_json_str`], from an already parsed `serde_json` value; useful
    /// for formats that embed requests (such as Cedar's integration tests).
    pub fn from_json_value(value: serde_json::Value) -> Result<Request, RequestError> {
        Request::from_json(&Json::from(value))
    }

    fn from_json(json: &Json) -> Result<Request, RequestError> {
        let root = Path::root("request");
        let Json::Object(fields) = json else {
            return Err(root
                .error(JsonErrorKind::Expected {
                    expected: "a request object",
                    got: json.type_name(),
                })
                .into());
        };
        let uid = |name: &'static str| -> Result<EntityUid, JsonError> {
            match fields.get(name) {
                Some(v) => json::uid_from_json(v, root.key(name), true),
                None => Err(root.error(JsonErrorKind::MissingField(name))),
            }
        };
        let principal = uid("principal")?;
        let action = uid("action")?;
        let resource = uid("resource")?;
        let context = match fields.get("context") {
            Some(c) => context_from_json(c, root.key("context"))?,
            None => return Err(root.error(JsonErrorKind::MissingField("context")).into()),
        };
        Ok(Request {
            principal,
            action,
            resource,
            context,
        })
    }

    /// The request in the CLI's JSON format, entities written as `{"type", "id"}`.
    pub fn to_json_value(&self) -> serde_json::Value {
        serde_json::json!({
            "principal": json::uid_to_json(&self.principal),
            "action": json::uid_to_json(&self.action),
            "resource": json::uid_to_json(&self.resource),
            "context": json::value_to_json(&self.context),
        })
    }
}

/// Parses a context: a JSON object in Cedar's value format.
pub fn context_from_json_str(text: &str) -> Result<Value, JsonError> {
    context_from_json(&Json::parse(text)?, Path::root("context"))
}

/// Like [`context_from_json_str`], from an already parsed `serde_json` value.
pub fn context_from_json_value(value: serde_json::Value) -> Result<Value, JsonError> {
    context_from_json(&Json::from(value), Path::root("context"))
}

fn context_from_json(json: &Json, path: Path<'_>) -> Result<Value, JsonError> {
    let not_record = |got| {
        path.error(JsonErrorKind::Expected {
            expected: "a record (a JSON object)",
            got,
        })
    };
    if !matches!(json, Json::Object(_)) {
        return Err(not_record(json.type_name()));
    }
    match json::value_from_json(json, path)? {
        v @ Value::Record(_) => Ok(v),
        // An escape such as `{"__entity": …}` is an object that is not a record.
        _ => Err(not_record("an escaped non-record value")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Name;

    fn uid(t: &str, id: &str) -> EntityUid {
        EntityUid::new(Name::new(t), id)
    }

    #[test]
    fn cli_request_with_string_uids() {
        let r = Request::from_json_str(
            r#"{"principal": "User::\"alice\"", "action": "Action::\"view\"",
                "resource": "Photo::\"a \\\"b\\\"\"", "context": {"n": 1}, "extra": 0}"#,
        )
        .unwrap();
        assert_eq!(r.principal, uid("User", "alice"));
        assert_eq!(r.action, uid("Action", "view"));
        assert_eq!(r.resource, uid("Photo", "a \"b\""));
        assert_eq!(r.context, Value::record([("n", Value::Long(1))]));
    }

    #[test]
    fn request_with_object_uids() {
        let r = Request::from_json_str(
            r#"{"principal": {"type": "NS::User", "id": "a"},
                "action": {"__entity": {"type": "Action", "id": "v"}},
                "resource": {"type": "R", "id": ""}, "context": {}}"#,
        )
        .unwrap();
        assert_eq!(r.principal, uid("NS::User", "a"));
        assert_eq!(r.action, uid("Action", "v"));
        assert_eq!(r.resource, uid("R", ""));
        let back = Request::from_json_value(r.to_json_value()).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn request_errors_have_paths() {
        let missing = Request::from_json_str(r#"{"principal": "User::\"a\"", "context": {}}"#)
            .unwrap_err()
            .to_string();
        assert_eq!(missing, "in `request`: missing field `action`");
        let bad = Request::from_json_str(
            r#"{"principal": "User::alice", "action": "A::\"v\"", "resource": "R::\"r\"", "context": {}}"#,
        )
        .unwrap_err();
        assert!(bad
            .to_string()
            .starts_with("in `request.principal`: invalid entity UID"));
        let ctx = Request::from_json_str(
            r#"{"principal": "U::\"a\"", "action": "A::\"v\"", "resource": "R::\"r\"", "context": [1]}"#,
        )
        .unwrap_err();
        assert_eq!(
            ctx.to_string(),
            "in `request.context`: expected a record (a JSON object), got an array"
        );
    }

    #[test]
    fn context_must_be_a_record() {
        assert!(context_from_json_str(r#"{"a": {"b": [true]}}"#).is_ok());
        assert!(context_from_json_str("3").is_err());
        let e = context_from_json_str(r#"{"__entity": {"type": "U", "id": "a"}}"#).unwrap_err();
        assert!(e.to_string().contains("expected a record"), "{e}");
        assert!(matches!(
            context_from_json_str("{\"a\": 1,}"),
            Err(JsonError::Syntax { line: 1, .. })
        ));
    }

    #[test]
    fn new_checks_the_context() {
        let (p, a, r) = (uid("U", "p"), uid("Action", "a"), uid("R", "r"));
        assert!(Request::new(p.clone(), a.clone(), r.clone(), Value::empty_record()).is_ok());
        assert_eq!(
            Request::new(p, a, r, Value::Long(1)),
            Err(RequestError::ContextNotRecord(
                crate::value::ValueKind::Long
            ))
        );
    }
}
