//! Reading a policy or template from Cedar's JSON policy format: effect, scope,
//! conditions and annotations (expressions are read by
//! [`expr_from_json`](super::expr_from_json)).

use serde_json::{Map, Value};
use smol_str::SmolStr;

use super::error::{PolicyJsonError, PolicyJsonErrorKind};
use super::expr_from_json;
use super::ident::is_any_ident;
use super::reader::{array, entity_uid, name, object, only_keys, required, slot_id, string, At};
use crate::ast::{
    ActionConstraint, Annotation, Condition, ConditionKind, Effect, EntityRef, Loc, Policy,
    PolicyId, ScopeConstraint, SlotId,
};
use crate::value::EntityUid;

/// The keys a policy object may have.
const POLICY_KEYS: &[&str] = &[
    "effect",
    "principal",
    "action",
    "resource",
    "conditions",
    "annotations",
];

/// Reads the policy object `v` as the policy `id`.
pub(crate) fn policy(id: PolicyId, v: &Value, at: &At<'_>) -> Result<Policy, PolicyJsonError> {
    let map = object(v, at, "a policy object")?;
    only_keys(map, POLICY_KEYS, at)?;
    let effect = effect(required(map, "effect", at)?, &at.key("effect"))?;
    let principal = scope(
        required(map, "principal", at)?,
        &at.key("principal"),
        SlotId::Principal,
    )?;
    let action = action(required(map, "action", at)?, &at.key("action"))?;
    let resource = scope(
        required(map, "resource", at)?,
        &at.key("resource"),
        SlotId::Resource,
    )?;
    let conditions = match map.get("conditions") {
        Some(v) => conditions(v, &at.key("conditions"))?,
        None => Vec::new(),
    };
    let annotations = match map.get("annotations") {
        Some(v) => annotations(v, &at.key("annotations"))?,
        None => Vec::new(),
    };
    Ok(Policy {
        id,
        annotations,
        effect,
        principal,
        action,
        resource,
        conditions,
        template_id: None,
        loc: Loc::NONE,
        scope_locs: Default::default(),
    })
}

/// `"permit"` or `"forbid"`.
fn effect(v: &Value, at: &At<'_>) -> Result<Effect, PolicyJsonError> {
    match string(v, at)? {
        "permit" => Ok(Effect::Permit),
        "forbid" => Ok(Effect::Forbid),
        other => Err(at.err(PolicyJsonErrorKind::UnknownValue {
            what: "effect",
            found: other.into(),
            expected: "`permit` or `forbid`",
        })),
    }
}

/// The `op` of a scope constraint.
fn op<'v>(map: &'v Map<String, Value>, at: &At<'_>) -> Result<&'v str, PolicyJsonError> {
    string(required(map, "op", at)?, &at.key("op"))
}

/// The error for an unknown scope operator.
fn unknown_op(op: &str, at: &At<'_>, expected: &'static str) -> PolicyJsonError {
    at.key("op").err(PolicyJsonErrorKind::UnknownValue {
        what: "scope operator",
        found: op.into(),
        expected,
    })
}

/// The `entity` or `slot` of a `==`, `in` or `is … in` constraint; `slot` must be
/// the one belonging to this part of the scope.
fn entity_ref(
    map: &Map<String, Value>,
    at: &At<'_>,
    allowed: SlotId,
) -> Result<EntityRef, PolicyJsonError> {
    match (map.get("entity"), map.get("slot")) {
        (Some(_), Some(_)) => Err(at
            .key("slot")
            .err(PolicyJsonErrorKind::UnexpectedKey("slot".into()))),
        (Some(e), None) => Ok(EntityRef::Uid(entity_uid(e, &at.key("entity"))?)),
        (None, Some(s)) => {
            let at = at.key("slot");
            let found = slot_id(s, &at)?;
            if found == allowed {
                Ok(EntityRef::Slot(found))
            } else {
                Err(at.err(PolicyJsonErrorKind::WrongSlot {
                    expected: allowed,
                    found,
                }))
            }
        }
        (None, None) => Err(at.err(PolicyJsonErrorKind::MissingKey("entity"))),
    }
}

/// A principal or resource constraint (`slot` says which).
fn scope(v: &Value, at: &At<'_>, slot: SlotId) -> Result<ScopeConstraint, PolicyJsonError> {
    let map = object(v, at, "a scope constraint object")?;
    let op = op(map, at)?;
    match op {
        "All" | "all" => {
            only_keys(map, &["op"], at)?;
            Ok(ScopeConstraint::Any)
        }
        "==" | "in" => {
            only_keys(map, &["op", "entity", "slot"], at)?;
            let r = entity_ref(map, at, slot)?;
            Ok(if op == "==" {
                ScopeConstraint::Eq(r)
            } else {
                ScopeConstraint::In(r)
            })
        }
        "is" => {
            only_keys(map, &["op", "entity_type", "in"], at)?;
            let ty = name(required(map, "entity_type", at)?, &at.key("entity_type"))?;
            match map.get("in") {
                None => Ok(ScopeConstraint::Is(ty)),
                Some(v) => {
                    let at = at.key("in");
                    let inner = object(v, &at, "an object with `entity` or `slot`")?;
                    only_keys(inner, &["entity", "slot"], &at)?;
                    Ok(ScopeConstraint::IsIn(ty, entity_ref(inner, &at, slot)?))
                }
            }
        }
        other => Err(unknown_op(other, at, "`All`, `==`, `in` or `is`")),
    }
}

/// An entity of the action scope, which must be an action.
fn action_uid(v: &Value, at: &At<'_>) -> Result<EntityUid, PolicyJsonError> {
    let uid = entity_uid(v, at)?;
    if uid.ty.is_action() {
        Ok(uid)
    } else {
        Err(at.err(PolicyJsonErrorKind::NotAnAction(uid)))
    }
}

/// The action constraint.
fn action(v: &Value, at: &At<'_>) -> Result<ActionConstraint, PolicyJsonError> {
    let map = object(v, at, "a scope constraint object")?;
    match op(map, at)? {
        "All" | "all" => {
            only_keys(map, &["op"], at)?;
            Ok(ActionConstraint::Any)
        }
        "==" => {
            if map.contains_key("slot") {
                return Err(at.key("slot").err(PolicyJsonErrorKind::Unsupported(
                    "slots in the action scope",
                )));
            }
            only_keys(map, &["op", "entity"], at)?;
            let uid = action_uid(required(map, "entity", at)?, &at.key("entity"))?;
            Ok(ActionConstraint::Eq(uid))
        }
        "in" => {
            if map.contains_key("slot") {
                return Err(at.key("slot").err(PolicyJsonErrorKind::Unsupported(
                    "slots in the action scope",
                )));
            }
            only_keys(map, &["op", "entity", "entities"], at)?;
            match (map.get("entity"), map.get("entities")) {
                (Some(_), Some(_)) => Err(at
                    .key("entities")
                    .err(PolicyJsonErrorKind::UnexpectedKey("entities".into()))),
                (Some(e), None) => Ok(ActionConstraint::In(action_uid(e, &at.key("entity"))?)),
                (None, Some(list)) => {
                    let at = at.key("entities");
                    let items = array(list, &at, "an array of entities")?;
                    let uids = items
                        .iter()
                        .enumerate()
                        .map(|(i, e)| action_uid(e, &at.index(i)))
                        .collect::<Result<_, _>>()?;
                    Ok(ActionConstraint::InList(uids))
                }
                (None, None) => Err(at.err(PolicyJsonErrorKind::MissingKey("entity"))),
            }
        }
        other => Err(unknown_op(other, at, "`All`, `==` or `in`")),
    }
}

/// The array of `when` / `unless` clauses.
fn conditions(v: &Value, at: &At<'_>) -> Result<Vec<Condition>, PolicyJsonError> {
    let items = array(v, at, "an array of conditions")?;
    items
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let at = at.index(i);
            let map = object(c, &at, "a condition object, {\"kind\": …, \"body\": …}")?;
            only_keys(map, &["kind", "body"], &at)?;
            let kind_at = at.key("kind");
            let kind = match string(required(map, "kind", &at)?, &kind_at)? {
                "when" => ConditionKind::When,
                "unless" => ConditionKind::Unless,
                other => {
                    return Err(kind_at.err(PolicyJsonErrorKind::UnknownValue {
                        what: "condition kind",
                        found: other.into(),
                        expected: "`when` or `unless`",
                    }))
                }
            };
            let body = expr_from_json::expr(required(map, "body", &at)?, &at.key("body"), 1)?;
            Ok(Condition {
                kind,
                body,
                loc: Loc::NONE,
            })
        })
        .collect()
}

/// The annotations object: identifier keys, string values (`null` for `@key`
/// without a value).
fn annotations(v: &Value, at: &At<'_>) -> Result<Vec<Annotation>, PolicyJsonError> {
    let map = object(v, at, "an object of annotations")?;
    map.iter()
        .map(|(key, value)| {
            let at = at.key(key);
            if !is_any_ident(key) {
                return Err(at.err(PolicyJsonErrorKind::InvalidAnnotationKey(key.into())));
            }
            let value = match value {
                Value::Null => None,
                Value::String(s) => Some(SmolStr::new(s)),
                other => return Err(at.wrong_type("a string or null", other)),
            };
            Ok(Annotation {
                key: key.into(),
                value,
                loc: Loc::NONE,
            })
        })
        .collect()
}
