//! Cedar's JSON schema format, read with serde into a [`RawSchema`] and written from a
//! resolved [`Schema`].
//!
//! Errors in the JSON's shape carry serde_json's line and column (turned into a byte
//! range); errors found afterwards carry a JSON pointer such as
//! `/PhotoApp/entityTypes/User/shape/attributes/age`.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{json, Map, Value as Json};
use smol_str::SmolStr;

use super::error::{offset_of, Origin, SchemaError, SchemaErrorKind};
use super::raw::{
    RawAction, RawActionRef, RawAppliesTo, RawAttr, RawCommon, RawEntity, RawNamespace, RawRef,
    RawSchema, RawType, RawTypeKind,
};
use super::types::{Annotations, AttrType, EntityKind, RecordType, SchemaType};
use super::Schema;
use crate::ast::Loc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JNamespace {
    #[serde(rename = "entityTypes", default)]
    entity_types: BTreeMap<String, JEntity>,
    #[serde(default)]
    actions: BTreeMap<String, JAction>,
    #[serde(rename = "commonTypes", default)]
    common_types: BTreeMap<String, JType>,
    #[serde(default)]
    annotations: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JEntity {
    #[serde(rename = "memberOfTypes", default)]
    member_of_types: Vec<String>,
    shape: Option<JType>,
    tags: Option<JType>,
    #[serde(rename = "enum")]
    enum_ids: Option<Vec<String>>,
    #[serde(default)]
    annotations: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JActionRef {
    id: String,
    #[serde(rename = "type")]
    ty: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JAppliesTo {
    #[serde(rename = "principalTypes")]
    principal_types: Vec<String>,
    #[serde(rename = "resourceTypes")]
    resource_types: Vec<String>,
    context: Option<JType>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JAction {
    #[serde(rename = "memberOf", default)]
    member_of: Vec<JActionRef>,
    #[serde(rename = "appliesTo")]
    applies_to: Option<JAppliesTo>,
    #[serde(default)]
    annotations: BTreeMap<String, String>,
}

/// A type, or (inside `attributes`) an attribute declaration.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JType {
    #[serde(rename = "type")]
    ty: String,
    element: Option<Box<JType>>,
    attributes: Option<BTreeMap<String, JType>>,
    name: Option<String>,
    required: Option<bool>,
    #[serde(rename = "additionalAttributes")]
    additional_attributes: Option<bool>,
    #[serde(default)]
    annotations: BTreeMap<String, String>,
}

fn anns(a: &BTreeMap<String, String>) -> Annotations {
    a.iter()
        .map(|(k, v)| (SmolStr::from(k.as_str()), SmolStr::from(v.as_str())))
        .collect()
}

fn path_err(kind: SchemaErrorKind, path: &str) -> SchemaError {
    SchemaError::new(kind, &Origin::Path(path.to_string()))
}

/// Escapes a key for a JSON pointer.
fn seg(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

fn convert_type(t: &JType, path: &str, depth: usize) -> Result<RawType, SchemaError> {
    if depth > super::MAX_TYPE_DEPTH {
        return Err(path_err(SchemaErrorKind::TooDeep, path));
    }
    let origin = Origin::Path(path.to_string());
    let need_name = || {
        t.name.clone().ok_or_else(|| {
            path_err(
                SchemaErrorKind::Json(format!("a `{}` type needs a `name`", t.ty)),
                path,
            )
        })
    };
    let kind = match t.ty.as_str() {
        "Boolean" => RawTypeKind::Bool,
        "Long" => RawTypeKind::Long,
        "String" => RawTypeKind::String,
        "Set" => {
            let Some(e) = &t.element else {
                return Err(path_err(
                    SchemaErrorKind::Json("a `Set` type needs an `element`".into()),
                    path,
                ));
            };
            RawTypeKind::Set(Box::new(convert_type(
                e,
                &format!("{path}/element"),
                depth + 1,
            )?))
        }
        "Record" => {
            if t.additional_attributes == Some(true) {
                return Err(path_err(
                    SchemaErrorKind::Json("`additionalAttributes: true` is not supported".into()),
                    path,
                ));
            }
            let mut attrs = Vec::new();
            for (name, a) in t.attributes.iter().flatten() {
                let apath = format!("{path}/attributes/{}", seg(name));
                attrs.push(RawAttr {
                    name: name.as_str().into(),
                    ty: convert_type(a, &apath, depth + 1)?,
                    required: a.required.unwrap_or(true),
                    annotations: anns(&a.annotations),
                    origin: Origin::Path(apath),
                });
            }
            RawTypeKind::Record(attrs)
        }
        "Entity" => RawTypeKind::Entity(need_name()?.into()),
        "Extension" => RawTypeKind::Extension(need_name()?.into()),
        "EntityOrCommon" => RawTypeKind::Named(need_name()?.into()),
        other => RawTypeKind::Named(other.into()),
    };
    Ok(RawType { kind, origin })
}

fn refs(names: &[String], path: &str) -> Vec<RawRef> {
    names
        .iter()
        .enumerate()
        .map(|(i, n)| RawRef {
            path: n.as_str().into(),
            origin: Origin::Path(format!("{path}/{i}")),
        })
        .collect()
}

/// Parses JSON schema text into its unresolved form.
pub(crate) fn parse(src: &str) -> Result<RawSchema, SchemaError> {
    let doc: BTreeMap<String, JNamespace> = serde_json::from_str(src).map_err(|e| {
        let off = offset_of(src, e.line(), e.column());
        SchemaError::new(
            SchemaErrorKind::Json(e.to_string()),
            &Origin::Span(Loc::new(off, (off + 1).min(src.len()))),
        )
    })?;
    let mut namespaces = Vec::new();
    for (ns_name, ns) in doc {
        let base = format!("/{}", seg(&ns_name));
        let mut out = RawNamespace {
            name: ns_name.as_str().into(),
            annotations: anns(&ns.annotations),
            entities: Vec::new(),
            actions: Vec::new(),
            commons: Vec::new(),
        };
        for (name, t) in &ns.common_types {
            let p = format!("{base}/commonTypes/{}", seg(name));
            out.commons.push(RawCommon {
                name: name.as_str().into(),
                ty: convert_type(t, &p, 0)?,
                annotations: anns(&t.annotations),
                origin: Origin::Path(p),
            });
        }
        for (name, e) in &ns.entity_types {
            let p = format!("{base}/entityTypes/{}", seg(name));
            if e.enum_ids.is_some() && (e.shape.is_some() || e.tags.is_some()) {
                return Err(path_err(
                    SchemaErrorKind::Json(
                        "an enumerated entity type cannot have a shape or tags".into(),
                    ),
                    &p,
                ));
            }
            out.entities.push(RawEntity {
                name: name.as_str().into(),
                member_of: refs(&e.member_of_types, &format!("{p}/memberOfTypes")),
                shape: e
                    .shape
                    .as_ref()
                    .map(|t| convert_type(t, &format!("{p}/shape"), 0))
                    .transpose()?,
                tags: e
                    .tags
                    .as_ref()
                    .map(|t| convert_type(t, &format!("{p}/tags"), 0))
                    .transpose()?,
                enum_ids: e
                    .enum_ids
                    .as_ref()
                    .map(|ids| ids.iter().map(|i| SmolStr::from(i.as_str())).collect()),
                annotations: anns(&e.annotations),
                origin: Origin::Path(p),
            });
        }
        for (name, a) in &ns.actions {
            let p = format!("{base}/actions/{}", seg(name));
            let member_of = a
                .member_of
                .iter()
                .enumerate()
                .map(|(i, r)| RawActionRef {
                    ty: r.ty.as_deref().map(SmolStr::from),
                    id: r.id.as_str().into(),
                    origin: Origin::Path(format!("{p}/memberOf/{i}")),
                })
                .collect();
            let applies_to = match &a.applies_to {
                None => None,
                Some(at) => Some(RawAppliesTo {
                    principals: refs(
                        &at.principal_types,
                        &format!("{p}/appliesTo/principalTypes"),
                    ),
                    resources: refs(&at.resource_types, &format!("{p}/appliesTo/resourceTypes")),
                    context: at
                        .context
                        .as_ref()
                        .map(|t| convert_type(t, &format!("{p}/appliesTo/context"), 0))
                        .transpose()?,
                }),
            };
            out.actions.push(RawAction {
                name: name.as_str().into(),
                member_of,
                applies_to,
                annotations: anns(&a.annotations),
                origin: Origin::Path(p),
            });
        }
        namespaces.push(out);
    }
    Ok(RawSchema { namespaces })
}

fn annotations_json(a: &super::types::Annotations) -> Json {
    Json::Object(
        a.iter()
            .map(|(k, v)| (k.to_string(), json!(v.as_str())))
            .collect(),
    )
}

fn record_json(r: &RecordType) -> Json {
    let attrs: Map<String, Json> = r
        .attrs
        .iter()
        .map(|(k, a)| (k.to_string(), attr_json(a)))
        .collect();
    json!({ "type": "Record", "attributes": attrs })
}

fn attr_json(a: &AttrType) -> Json {
    let mut j = type_json(&a.ty);
    if let Json::Object(m) = &mut j {
        if !a.required {
            m.insert("required".into(), json!(false));
        }
        if !a.annotations.is_empty() {
            m.insert("annotations".into(), annotations_json(&a.annotations));
        }
    }
    j
}

/// The JSON form of a type, with fully qualified names.
pub(crate) fn type_json(t: &SchemaType) -> Json {
    match t {
        SchemaType::Bool => json!({ "type": "Boolean" }),
        SchemaType::Long => json!({ "type": "Long" }),
        SchemaType::String => json!({ "type": "String" }),
        SchemaType::Set(e) => json!({ "type": "Set", "element": type_json(e) }),
        SchemaType::Record(r) => record_json(r),
        SchemaType::Entity(n) => json!({ "type": "Entity", "name": n.as_str() }),
        SchemaType::Extension(x) => json!({ "type": "Extension", "name": x.name() }),
    }
}

/// The JSON schema document for `schema`.
pub(crate) fn to_json(schema: &Schema) -> Json {
    let mut doc: BTreeMap<String, Map<String, Json>> = BTreeMap::new();
    let ns_of = |ns: &str| -> Map<String, Json> {
        let mut m = Map::new();
        m.insert("entityTypes".into(), Json::Object(Map::new()));
        m.insert("actions".into(), Json::Object(Map::new()));
        if let Some(a) = schema.namespaces.get(ns).filter(|a| !a.is_empty()) {
            m.insert("annotations".into(), annotations_json(a));
        }
        m
    };
    for ns in schema.namespaces.keys() {
        doc.entry(ns.to_string()).or_insert_with(|| ns_of(ns));
    }
    let mut put = |ns: &str, section: &str, key: &str, value: Json| {
        let m = doc.entry(ns.to_string()).or_insert_with(|| ns_of(ns));
        if let Json::Object(s) = m.entry(section).or_insert_with(|| Json::Object(Map::new())) {
            s.insert(key.to_string(), value);
        }
    };
    for c in schema.common_types.values() {
        let mut j = type_json(&c.ty);
        if let (Json::Object(m), false) = (&mut j, c.annotations.is_empty()) {
            m.insert("annotations".into(), annotations_json(&c.annotations));
        }
        put(c.name.namespace(), "commonTypes", c.name.basename(), j);
    }
    for e in schema.entity_types.values() {
        let mut m = Map::new();
        if !e.member_of.is_empty() {
            let names: Vec<&str> = e.member_of.iter().map(|n| n.as_str()).collect();
            m.insert("memberOfTypes".into(), json!(names));
        }
        match &e.kind {
            EntityKind::Standard { shape, tags } => {
                if !shape.attrs.is_empty() {
                    m.insert("shape".into(), record_json(shape));
                }
                if let Some(t) = tags {
                    m.insert("tags".into(), type_json(t));
                }
            }
            EntityKind::Enum(ids) => {
                let ids: Vec<&str> = ids.iter().map(|i| i.as_str()).collect();
                m.insert("enum".into(), json!(ids));
            }
        }
        if !e.annotations.is_empty() {
            m.insert("annotations".into(), annotations_json(&e.annotations));
        }
        put(
            e.name.namespace(),
            "entityTypes",
            e.name.basename(),
            Json::Object(m),
        );
    }
    for a in schema.actions.values() {
        let mut m = Map::new();
        if !a.member_of.is_empty() {
            let refs: Vec<Json> = a
                .member_of
                .iter()
                .map(|u| json!({ "id": u.eid.as_str(), "type": u.ty.as_str() }))
                .collect();
            m.insert("memberOf".into(), Json::Array(refs));
        }
        if let Some(at) = &a.applies_to {
            let p: Vec<&str> = at.principals.iter().map(|n| n.as_str()).collect();
            let r: Vec<&str> = at.resources.iter().map(|n| n.as_str()).collect();
            m.insert(
                "appliesTo".into(),
                json!({ "principalTypes": p, "resourceTypes": r, "context": record_json(&at.context) }),
            );
        }
        if !a.annotations.is_empty() {
            m.insert("annotations".into(), annotations_json(&a.annotations));
        }
        put(a.uid.ty.namespace(), "actions", &a.uid.eid, Json::Object(m));
    }
    Json::Object(doc.into_iter().map(|(k, v)| (k, Json::Object(v))).collect())
}
