//! Schema-directed reading of values, as Cedar does when it parses JSON with a schema:
//! where the schema expects an entity, a record `{"type": T, "id": I}` (or
//! `{"__entity": {…}}`) is that entity; where it expects an extension type, a string is
//! passed to the type's constructor (`"10.0.0.1"` becomes `ip("10.0.0.1")`).
//!
//! Conversion recurses along the schema type, so its depth is bounded by
//! [`crate::schema::MAX_TYPE_DEPTH`].

use std::collections::BTreeMap;

use smol_str::SmolStr;

use super::request::{
    check_record, check_value, validate_entity, EntityValidationError, ValueTypeError,
};
use crate::entities::{Entities, Entity};
use crate::schema::{ExtType, RecordType, Schema, SchemaType};
use crate::value::{EntityUid, Name, Value};

/// The entity a JSON-style record `{"type": T, "id": I}` or `{"__entity": …}` denotes.
fn entity_of_record(attrs: &BTreeMap<SmolStr, Value>) -> Option<EntityUid> {
    if let (1, Some(Value::Record(inner))) = (attrs.len(), attrs.get("__entity")) {
        return entity_of_record(inner);
    }
    match (attrs.len(), attrs.get("type"), attrs.get("id")) {
        (2, Some(Value::String(ty)), Some(Value::String(id))) if crate::json::is_valid_name(ty) => {
            Some(EntityUid::new(Name::new(ty.clone()), id.clone()))
        }
        _ => None,
    }
}

fn constructor(x: ExtType) -> &'static str {
    match x {
        ExtType::IpAddr => "ip",
        ExtType::Decimal => "decimal",
        ExtType::Datetime => "datetime",
        ExtType::Duration => "duration",
    }
}

/// Rewrites the JSON forms of entities and extension values inside `value` into real
/// ones, following `ty`; values that do not fit are left for the type check to report.
fn convert(value: &Value, ty: &SchemaType) -> Result<Value, String> {
    Ok(match (ty, value) {
        (SchemaType::Entity(_), Value::Record(attrs)) => match entity_of_record(attrs) {
            Some(uid) => Value::Entity(uid),
            None => value.clone(),
        },
        (SchemaType::Extension(x), Value::String(s)) => {
            let v = crate::ext::construct(constructor(*x), s).map_err(|e| e.to_string())?;
            Value::Ext(std::sync::Arc::new(v))
        }
        (SchemaType::Set(elem), Value::Set(items)) => {
            let mut out = Vec::with_capacity(items.len());
            for v in items.iter() {
                out.push(convert(v, elem)?);
            }
            Value::set(out)
        }
        (SchemaType::Record(rt), Value::Record(_)) => convert_record(value, rt)?,
        _ => value.clone(),
    })
}

fn convert_record(value: &Value, rt: &RecordType) -> Result<Value, String> {
    let Value::Record(attrs) = value else {
        return Ok(value.clone());
    };
    let mut out = BTreeMap::new();
    for (k, v) in attrs.iter() {
        let v = match rt.get(k) {
            Some(a) => convert(v, &a.ty)?,
            None => v.clone(),
        };
        out.insert(k.clone(), v);
    }
    Ok(Value::Record(std::sync::Arc::new(out)))
}

fn conversion_error(path: &str, expected: &str, message: String, value: &Value) -> ValueTypeError {
    ValueTypeError::Mismatch {
        path: path.to_string(),
        expected: format!("{expected} ({message})"),
        found: value.kind(),
    }
}

/// Reads `value` as a value of type `ty` (see the module documentation) and checks it.
pub fn conform_value(
    schema: &Schema,
    value: &Value,
    ty: &SchemaType,
) -> Result<Value, ValueTypeError> {
    let v = convert(value, ty)
        .map_err(|m| conversion_error("", "a valid extension value", m, value))?;
    check_value(schema, &v, ty, "")?;
    Ok(v)
}

/// Reads `value` as a record of type `rt` (see the module documentation) and checks it.
pub fn conform_record(
    schema: &Schema,
    value: &Value,
    rt: &RecordType,
) -> Result<Value, ValueTypeError> {
    let v = convert_record(value, rt)
        .map_err(|m| conversion_error("", "a valid extension value", m, value))?;
    check_record(schema, &v, rt, "")?;
    Ok(v)
}

/// Reads every entity's attributes and tags as its type prescribes (see the module
/// documentation), then checks the result with [`validate_entity`].
pub fn conform_entities(
    schema: &Schema,
    entities: &Entities,
) -> Result<Entities, Vec<EntityValidationError>> {
    let mut errors = Vec::new();
    let mut out = Vec::with_capacity(entities.len());
    for e in entities.iter() {
        let def = schema.entity_type(&e.uid.ty);
        let shape = def.and_then(|d| d.shape()).cloned().unwrap_or_default();
        let record = Value::Record(std::sync::Arc::new(e.attrs.clone()));
        let attrs = match convert_record(&record, &shape) {
            Ok(Value::Record(a)) => (*a).clone(),
            Ok(_) => e.attrs.clone(),
            Err(m) => {
                errors.push(EntityValidationError::Attributes {
                    uid: e.uid.clone(),
                    error: conversion_error("", "a valid extension value", m, &record),
                });
                continue;
            }
        };
        let mut tags = BTreeMap::new();
        for (k, v) in &e.tags {
            let v = match def.and_then(|d| d.tags()) {
                Some(t) => match convert(v, t) {
                    Ok(v) => v,
                    Err(m) => {
                        errors.push(EntityValidationError::Tag {
                            uid: e.uid.clone(),
                            tag: k.clone(),
                            error: conversion_error("", "a valid extension value", m, v),
                        });
                        continue;
                    }
                },
                None => v.clone(),
            };
            tags.insert(k.clone(), v);
        }
        let entity = Entity::new(e.uid.clone(), attrs, e.parents.clone(), tags);
        errors.extend(validate_entity(
            schema,
            &entity.uid,
            &entity.attrs,
            &entity.parents,
            &entity.tags,
        ));
        out.push(entity);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Entities::from_entities(out).map_err(|e| vec![EntityValidationError::Store(e.to_string())])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_forms_become_entities_and_extension_values() {
        let s = Schema::from_cedar_str(
            "entity User; entity Doc { owner: User, ip: ipaddr, scores: Set<decimal>, when?: datetime };",
        )
        .unwrap();
        let doc = s
            .entity_type(&Name::new("Doc"))
            .unwrap()
            .shape()
            .unwrap()
            .clone();
        let raw = Value::record([
            (
                "owner",
                Value::record([("type", Value::string("User")), ("id", Value::string("a"))]),
            ),
            ("ip", Value::string("10.0.0.1")),
            ("scores", Value::set([Value::string("1.5")])),
        ]);
        let v = conform_record(&s, &raw, &doc).unwrap();
        let Value::Record(attrs) = &v else {
            panic!("a record")
        };
        assert_eq!(
            attrs["owner"],
            Value::Entity(EntityUid::new(Name::new("User"), "a"))
        );
        assert_eq!(attrs["ip"].kind(), crate::value::ValueKind::Ip);
        // A string the constructor rejects is an error, as is a wrong entity type.
        let bad = Value::record([
            (
                "owner",
                Value::record([("type", Value::string("Doc")), ("id", Value::string("a"))]),
            ),
            ("ip", Value::string("10.0.0.1")),
            ("scores", Value::set([])),
        ]);
        assert!(matches!(
            conform_record(&s, &bad, &doc),
            Err(ValueTypeError::WrongEntityType { .. })
        ));
        assert!(conform_value(
            &s,
            &Value::string("nope"),
            &SchemaType::Extension(ExtType::IpAddr)
        )
        .is_err());
        let entities = Entities::from_json_str(
            r#"[{"uid": {"type": "Doc", "id": "d"}, "attrs": {
                 "owner": {"type": "User", "id": "a"}, "ip": "::1", "scores": ["0.1"] },
                 "parents": []},
                {"uid": {"type": "User", "id": "a"}, "attrs": {}, "parents": []}]"#,
        )
        .unwrap();
        let conformed = conform_entities(&s, &entities).unwrap();
        // A `type` that is not a valid name is not read as an entity reference.
        assert!(conform_value(
            &s,
            &Value::record([("type", Value::string("Us er")), ("id", Value::string("a"))]),
            &SchemaType::Entity(Name::new("User"))
        )
        .is_err());
        assert_eq!(conformed.len(), 2);
        assert!(!super::super::validate_entities(&s, &entities).is_empty());
        assert!(super::super::validate_entities(&s, &conformed).is_empty());
    }
}
