//! Request and entity validation: do a request's principal, resource and context, and
//! an entity's attributes, parents and tags, conform to the schema?
//!
//! Checking a value against a type recurses along the (schema) type, so its depth is
//! bounded by [`crate::schema::MAX_TYPE_DEPTH`] whatever the value.

use std::fmt;

use smol_str::SmolStr;

use crate::schema::{RecordType, Schema, SchemaType};
use crate::value::{EntityUid, Name, Value, ValueKind};

/// A value that does not have the type the schema requires.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueTypeError {
    /// A value of the wrong kind.
    Mismatch {
        /// Where in the value (`.photo.size`; empty for the value itself).
        path: String,
        /// The type required.
        expected: String,
        /// What was found.
        found: ValueKind,
    },
    /// A required attribute is missing.
    MissingAttribute {
        /// The record's path.
        path: String,
        /// The attribute.
        attr: SmolStr,
    },
    /// An attribute the type does not declare.
    UnexpectedAttribute {
        /// The record's path.
        path: String,
        /// The attribute.
        attr: SmolStr,
    },
    /// An entity of the wrong type.
    WrongEntityType {
        /// Where in the value.
        path: String,
        /// The type required.
        expected: Name,
        /// The entity found.
        found: EntityUid,
    },
    /// An entity of an enumerated type with an id outside the enumeration.
    InvalidEnumId {
        /// Where in the value.
        path: String,
        /// The entity.
        uid: EntityUid,
    },
}

fn at(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!(" at `{path}`")
    }
}

impl fmt::Display for ValueTypeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueTypeError::Mismatch {
                path,
                expected,
                found,
            } => write!(f, "expected {expected}, found {found}{}", at(path)),
            ValueTypeError::MissingAttribute { path, attr } => {
                write!(f, "required attribute `{attr}` is missing{}", at(path))
            }
            ValueTypeError::UnexpectedAttribute { path, attr } => {
                write!(
                    f,
                    "attribute `{attr}` is not declared in the schema{}",
                    at(path)
                )
            }
            ValueTypeError::WrongEntityType {
                path,
                expected,
                found,
            } => write!(
                f,
                "expected an entity of type `{expected}`, found `{found}`{}",
                at(path)
            ),
            ValueTypeError::InvalidEnumId { path, uid } => write!(
                f,
                "`{uid}` is not one of the ids of enumerated type `{}`{}",
                uid.ty,
                at(path)
            ),
        }
    }
}

impl std::error::Error for ValueTypeError {}

/// A short name for a schema type, for messages.
fn type_name(t: &SchemaType) -> String {
    match t {
        SchemaType::Bool => "Bool".into(),
        SchemaType::Long => "Long".into(),
        SchemaType::String => "String".into(),
        SchemaType::Set(e) => format!("Set<{}>", type_name(e)),
        SchemaType::Record(_) => "a record".into(),
        SchemaType::Entity(n) => format!("an entity of type `{n}`"),
        SchemaType::Extension(x) => x.name().into(),
    }
}

/// Checks that `value` has type `ty`.
pub(crate) fn check_value(
    schema: &Schema,
    value: &Value,
    ty: &SchemaType,
    path: &str,
) -> Result<(), ValueTypeError> {
    let mismatch = || ValueTypeError::Mismatch {
        path: path.to_string(),
        expected: type_name(ty),
        found: value.kind(),
    };
    match (ty, value) {
        (SchemaType::Bool, Value::Bool(_))
        | (SchemaType::Long, Value::Long(_))
        | (SchemaType::String, Value::String(_)) => Ok(()),
        (SchemaType::Set(elem), Value::Set(items)) => {
            for (i, v) in items.iter().enumerate() {
                check_value(schema, v, elem, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        (SchemaType::Record(rt), Value::Record(_)) => check_record(schema, value, rt, path),
        (SchemaType::Entity(n), Value::Entity(uid)) => {
            if &uid.ty != n {
                return Err(ValueTypeError::WrongEntityType {
                    path: path.to_string(),
                    expected: n.clone(),
                    found: uid.clone(),
                });
            }
            match schema.entity_type(n) {
                Some(def) if !def.allows_id(&uid.eid) => Err(ValueTypeError::InvalidEnumId {
                    path: path.to_string(),
                    uid: uid.clone(),
                }),
                _ => Ok(()),
            }
        }
        (SchemaType::Extension(x), Value::Ext(e)) if e.kind().to_string() == x.name() => Ok(()),
        _ => Err(mismatch()),
    }
}

/// Checks that `value` is a record with exactly the attributes `rt` allows.
pub(crate) fn check_record(
    schema: &Schema,
    value: &Value,
    rt: &RecordType,
    path: &str,
) -> Result<(), ValueTypeError> {
    let Value::Record(attrs) = value else {
        return Err(ValueTypeError::Mismatch {
            path: path.to_string(),
            expected: "a record".into(),
            found: value.kind(),
        });
    };
    for (k, v) in attrs.iter() {
        let Some(a) = rt.get(k) else {
            return Err(ValueTypeError::UnexpectedAttribute {
                path: path.to_string(),
                attr: k.clone(),
            });
        };
        check_value(schema, v, &a.ty, &format!("{path}.{k}"))?;
    }
    for (k, a) in &rt.attrs {
        if a.required && !attrs.contains_key(k) {
            return Err(ValueTypeError::MissingAttribute {
                path: path.to_string(),
                attr: k.clone(),
            });
        }
    }
    Ok(())
}

/// Why a request does not conform to the schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestValidationError {
    /// The action is not declared.
    UnknownAction(EntityUid),
    /// The principal or resource has an undeclared type, or an id its enumerated type
    /// does not allow.
    UnknownEntity(EntityUid),
    /// The action does not apply to principals of this type.
    InvalidPrincipalType {
        /// The action.
        action: EntityUid,
        /// The principal's type.
        ty: Name,
    },
    /// The action does not apply to resources of this type.
    InvalidResourceType {
        /// The action.
        action: EntityUid,
        /// The resource's type.
        ty: Name,
    },
    /// The context does not have the action's context type.
    InvalidContext {
        /// The action.
        action: EntityUid,
        /// What is wrong.
        error: Box<ValueTypeError>,
    },
}

impl fmt::Display for RequestValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestValidationError::UnknownAction(a) => {
                write!(f, "action `{a}` is not declared in the schema")
            }
            RequestValidationError::UnknownEntity(u) => {
                write!(f, "entity `{u}` is not allowed by the schema")
            }
            RequestValidationError::InvalidPrincipalType { action, ty } => {
                write!(
                    f,
                    "principal type `{ty}` is not valid for action `{action}`"
                )
            }
            RequestValidationError::InvalidResourceType { action, ty } => {
                write!(f, "resource type `{ty}` is not valid for action `{action}`")
            }
            RequestValidationError::InvalidContext { action, error } => {
                write!(f, "context is not valid for action `{action}`: {error}")
            }
        }
    }
}

impl std::error::Error for RequestValidationError {}

/// Checks a request against the schema: the action is declared, the principal and
/// resource types are among those its `appliesTo` allows, and the context has its
/// context type.
pub fn validate_request(
    schema: &Schema,
    principal: &EntityUid,
    action: &EntityUid,
    resource: &EntityUid,
    context: &Value,
) -> Result<(), RequestValidationError> {
    let def = schema
        .action(action)
        .ok_or_else(|| RequestValidationError::UnknownAction(action.clone()))?;
    for uid in [principal, resource] {
        if !schema.knows_entity(uid) {
            return Err(RequestValidationError::UnknownEntity(uid.clone()));
        }
    }
    let Some(at) = &def.applies_to else {
        return Err(RequestValidationError::InvalidPrincipalType {
            action: action.clone(),
            ty: principal.ty.clone(),
        });
    };
    if !at.principals.contains(&principal.ty) {
        return Err(RequestValidationError::InvalidPrincipalType {
            action: action.clone(),
            ty: principal.ty.clone(),
        });
    }
    if !at.resources.contains(&resource.ty) {
        return Err(RequestValidationError::InvalidResourceType {
            action: action.clone(),
            ty: resource.ty.clone(),
        });
    }
    check_record(schema, context, &at.context, "").map_err(|error| {
        RequestValidationError::InvalidContext {
            action: action.clone(),
            error: Box::new(error),
        }
    })
}

/// Why an entity does not conform to the schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntityValidationError {
    /// The entity's type is not declared.
    UnknownEntityType(EntityUid),
    /// An action entity that the schema does not declare.
    UnknownAction(EntityUid),
    /// An id outside its enumerated type.
    InvalidEnumId(EntityUid),
    /// The attributes do not have the type's shape.
    Attributes {
        /// The entity.
        uid: EntityUid,
        /// What is wrong.
        error: ValueTypeError,
    },
    /// A parent of a type the entity's type may not be a member of.
    InvalidParent {
        /// The entity.
        uid: EntityUid,
        /// The parent.
        parent: EntityUid,
    },
    /// Tags on an entity whose type has none.
    UnexpectedTags(EntityUid),
    /// A tag whose value does not have the type's tag type.
    Tag {
        /// The entity.
        uid: EntityUid,
        /// The tag.
        tag: SmolStr,
        /// What is wrong.
        error: ValueTypeError,
    },
    /// An action entity with attributes or tags.
    ActionData(EntityUid),
    /// The checked entities do not form a valid store.
    Store(String),
}

impl fmt::Display for EntityValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use EntityValidationError as E;
        match self {
            E::UnknownEntityType(u) => write!(f, "entity `{u}` has type `{}`, which is not declared", u.ty),
            E::UnknownAction(u) => write!(f, "action `{u}` is not declared in the schema"),
            E::InvalidEnumId(u) => write!(f, "`{u}` is not one of the ids of enumerated type `{}`", u.ty),
            E::Attributes { uid, error } => write!(f, "attributes of `{uid}`: {error}"),
            E::InvalidParent { uid, parent } => write!(
                f,
                "`{uid}` cannot be a member of `{parent}`: type `{}` is not among the types `{}` may be a member of",
                parent.ty, uid.ty
            ),
            E::UnexpectedTags(u) => write!(f, "`{u}` has tags, but type `{}` declares none", u.ty),
            E::Tag { uid, tag, error } => write!(f, "tag `{tag}` of `{uid}`: {error}"),
            E::ActionData(u) => write!(f, "action entity `{u}` cannot have attributes or tags"),
            E::Store(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for EntityValidationError {}

/// Checks one entity against the schema: its type is declared (and its id allowed for
/// an enumerated type), its attributes have the type's shape, each parent's type is
/// one the type may be a member of, and its tags have the type's tag type. Action
/// entities must be declared, carry no data and have parents among their declared
/// groups. Returns every problem found.
pub fn validate_entity<'v>(
    schema: &Schema,
    uid: &EntityUid,
    attrs: impl IntoIterator<Item = (&'v SmolStr, &'v Value)>,
    parents: impl IntoIterator<Item = &'v EntityUid>,
    tags: impl IntoIterator<Item = (&'v SmolStr, &'v Value)>,
) -> Vec<EntityValidationError> {
    let mut errors = Vec::new();
    let attrs: Vec<(&SmolStr, &Value)> = attrs.into_iter().collect();
    let tags: Vec<(&SmolStr, &Value)> = tags.into_iter().collect();
    if let Some(action) = schema.action(uid) {
        if !attrs.is_empty() || !tags.is_empty() {
            errors.push(EntityValidationError::ActionData(uid.clone()));
        }
        for p in parents {
            if !action.member_of.contains(p) && !schema.action_in(uid, p) {
                errors.push(EntityValidationError::InvalidParent {
                    uid: uid.clone(),
                    parent: p.clone(),
                });
            }
        }
        return errors;
    }
    if uid.ty.is_action() || schema.is_action_type(&uid.ty) {
        errors.push(EntityValidationError::UnknownAction(uid.clone()));
        return errors;
    }
    let Some(def) = schema.entity_type(&uid.ty) else {
        errors.push(EntityValidationError::UnknownEntityType(uid.clone()));
        return errors;
    };
    if !def.allows_id(&uid.eid) {
        errors.push(EntityValidationError::InvalidEnumId(uid.clone()));
    }
    let shape = def.shape().cloned().unwrap_or_default();
    let record = Value::record(attrs.iter().map(|(k, v)| ((*k).clone(), (*v).clone())));
    if let Err(error) = check_record(schema, &record, &shape, "") {
        errors.push(EntityValidationError::Attributes {
            uid: uid.clone(),
            error,
        });
    }
    for p in parents {
        if !def.member_of.contains(&p.ty) {
            errors.push(EntityValidationError::InvalidParent {
                uid: uid.clone(),
                parent: p.clone(),
            });
        }
    }
    match def.tags() {
        None if !tags.is_empty() => errors.push(EntityValidationError::UnexpectedTags(uid.clone())),
        None => {}
        Some(t) => {
            for (k, v) in tags {
                if let Err(error) = check_value(schema, v, t, "") {
                    errors.push(EntityValidationError::Tag {
                        uid: uid.clone(),
                        tag: k.clone(),
                        error,
                    });
                }
            }
        }
    }
    errors
}

/// Checks every entity of a store with [`validate_entity`], returning every problem.
pub fn validate_entities(
    schema: &Schema,
    entities: &crate::entities::Entities,
) -> Vec<EntityValidationError> {
    entities
        .iter()
        .flat_map(|e| validate_entity(schema, &e.uid, &e.attrs, &e.parents, &e.tags))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Schema {
        Schema::from_cedar_str(
            r#"
            entity Group;
            entity User in [Group] { name: String, emails: Set<String> } tags String;
            entity Album;
            entity Photo;
            entity Color enum ["red", "green"];
            action read;
            action view in [read] appliesTo {
                principal: [User], resource: [Photo], context: { authenticated: Bool },
            };
            "#,
        )
        .unwrap()
    }

    fn euid(ty: &str, id: &str) -> EntityUid {
        EntityUid::new(Name::new(ty), id)
    }

    #[test]
    fn requests_are_checked_against_applies_to() {
        let s = schema();
        let alice = euid("User", "alice");
        let photo = euid("Photo", "p");
        let view = euid("Action", "view");
        let ctx = Value::record([("authenticated", Value::Bool(true))]);
        assert_eq!(validate_request(&s, &alice, &view, &photo, &ctx), Ok(()));
        assert!(matches!(
            validate_request(&s, &alice, &euid("Action", "nope"), &photo, &ctx),
            Err(RequestValidationError::UnknownAction(_))
        ));
        assert!(matches!(
            validate_request(&s, &photo, &view, &photo, &ctx),
            Err(RequestValidationError::InvalidPrincipalType { .. })
        ));
        assert!(matches!(
            validate_request(&s, &alice, &view, &euid("Album", "a"), &ctx),
            Err(RequestValidationError::InvalidResourceType { .. })
        ));
        let bad = Value::record([("authenticated", Value::Long(1))]);
        let err = validate_request(&s, &alice, &view, &photo, &bad).unwrap_err();
        assert_eq!(
            err.to_string(),
            "context is not valid for action `Action::\"view\"`: expected Bool, found long at `.authenticated`"
        );
        assert!(validate_request(&s, &alice, &view, &photo, &Value::empty_record()).is_err());
        let extra = Value::record([("authenticated", Value::Bool(true)), ("x", Value::Long(1))]);
        assert!(validate_request(&s, &alice, &view, &photo, &extra).is_err());
        assert!(validate_request(&s, &alice, &euid("Action", "read"), &photo, &ctx).is_err());
    }

    fn refs(v: &[(SmolStr, Value)]) -> impl Iterator<Item = (&SmolStr, &Value)> {
        v.iter().map(|(k, v)| (k, v))
    }

    #[test]
    fn entities_are_checked_against_their_types() {
        let s = schema();
        let alice = euid("User", "alice");
        let attrs = vec![
            (SmolStr::from("name"), Value::string("Alice")),
            (SmolStr::from("emails"), Value::set([Value::string("a@x")])),
        ];
        let group = euid("Group", "g");
        let tags = vec![(SmolStr::from("t"), Value::string("x"))];
        assert!(validate_entity(&s, &alice, refs(&attrs), [&group], refs(&tags)).is_empty());
        // A missing attribute, a parent of a type User cannot be in, a mistyped tag.
        let album = euid("Album", "a");
        let bad_tags = vec![(SmolStr::from("t"), Value::Long(1))];
        let errs = validate_entity(&s, &alice, refs(&attrs[..1]), [&album], refs(&bad_tags));
        assert_eq!(errs.len(), 3, "{errs:?}");
        assert!(matches!(errs[0], EntityValidationError::Attributes { .. }));
        assert!(matches!(
            errs[1],
            EntityValidationError::InvalidParent { .. }
        ));
        assert!(matches!(errs[2], EntityValidationError::Tag { .. }));
        assert_eq!(
            errs[0].to_string(),
            "attributes of `User::\"alice\"`: required attribute `emails` is missing"
        );
        // Tags on a type without tags, ids outside an enumeration, undeclared types.
        let photo = euid("Photo", "p");
        assert!(matches!(
            validate_entity(&s, &photo, refs(&[]), [], refs(&tags))[..],
            [EntityValidationError::UnexpectedTags(_)]
        ));
        assert!(matches!(
            validate_entity(&s, &euid("Color", "blue"), refs(&[]), [], refs(&[]))[..],
            [EntityValidationError::InvalidEnumId(_)]
        ));
        assert!(matches!(
            validate_entity(&s, &euid("Nope", "x"), refs(&[]), [], refs(&[]))[..],
            [EntityValidationError::UnknownEntityType(_)]
        ));
        // Action entities: parents among their declared groups, no data.
        let view = euid("Action", "view");
        let read = euid("Action", "read");
        assert!(validate_entity(&s, &view, refs(&[]), [&read], refs(&[])).is_empty());
        assert!(!validate_entity(&s, &read, refs(&[]), [&view], refs(&[])).is_empty());
        assert!(!validate_entity(&s, &view, refs(&attrs), [], refs(&[])).is_empty());
        assert!(matches!(
            validate_entity(&s, &euid("Action", "nope"), refs(&[]), [], refs(&[]))[..],
            [EntityValidationError::UnknownAction(_)]
        ));
    }
}
