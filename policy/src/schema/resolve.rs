//! Name resolution: turns a [`RawSchema`] into a [`Schema`].
//!
//! A name written inside namespace `N` resolves as Cedar specifies: an unqualified `T`
//! is tried as the common type `N::T`, the entity type `N::T`, the common type `T`,
//! the entity type `T` and finally the builtin `__cedar::T`; a qualified name is tried
//! as a common type, then an entity type, then (under `__cedar::`) a builtin. Names used
//! where only an entity type may stand skip the common types.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use smol_str::SmolStr;

use super::error::{Origin, SchemaError, SchemaErrorKind};
use super::raw::{RawCommon, RawSchema, RawType, RawTypeKind};
use super::types::{
    ActionDef, AppliesTo, AttrType, CommonTypeDef, EntityKind, EntityTypeDef, ExtType, RecordType,
    SchemaType,
};
use super::Schema;
use crate::value::{EntityUid, Name};

/// The most type nodes one expanded common type may have.
const MAX_EXPANDED_SIZE: usize = 100_000;

/// Names that cannot be given to common types.
const RESERVED: &[&str] = &[
    "Bool",
    "Boolean",
    "Entity",
    "Extension",
    "Long",
    "Record",
    "Set",
    "String",
];

fn qualify(ns: &str, name: &str) -> Name {
    if ns.is_empty() {
        Name::new(name)
    } else {
        Name::new(format!("{ns}::{name}"))
    }
}

fn builtin(name: &str) -> Option<SchemaType> {
    Some(match name {
        "Bool" => SchemaType::Bool,
        "Long" => SchemaType::Long,
        "String" => SchemaType::String,
        other => SchemaType::Extension(ExtType::from_name(other)?),
    })
}

/// State of a common type during expansion.
enum Common<'a> {
    Pending(&'a RawCommon, SmolStr),
    InProgress,
    Done(SchemaType),
}

struct Resolver<'a> {
    entity_types: BTreeSet<Name>,
    commons: HashMap<Name, Common<'a>>,
}

impl<'a> Resolver<'a> {
    /// The entity type `path` written in namespace `ns` denotes, if declared.
    fn entity(&self, ns: &str, path: &str) -> Option<Name> {
        let local = qualify(ns, path);
        if self.entity_types.contains(&local) {
            return Some(local);
        }
        let global = Name::new(path);
        self.entity_types.contains(&global).then_some(global)
    }

    fn entity_or_err(&self, ns: &str, path: &str, origin: &Origin) -> Result<Name, SchemaError> {
        self.entity(ns, path).ok_or_else(|| {
            SchemaError::new(SchemaErrorKind::UndeclaredEntityType(path.into()), origin)
        })
    }

    fn common(&mut self, name: &Name, depth: usize) -> Result<Option<SchemaType>, SchemaError> {
        let state = match self.commons.get_mut(name) {
            None => return Ok(None),
            Some(s) => std::mem::replace(s, Common::InProgress),
        };
        match state {
            Common::Done(t) => {
                self.commons.insert(name.clone(), Common::Done(t.clone()));
                Ok(Some(t))
            }
            Common::InProgress => Err(SchemaError {
                kind: SchemaErrorKind::CommonTypeCycle(name.to_string()),
                origin: None,
            }),
            Common::Pending(raw, ns) => {
                let t = self.ty(&ns, &raw.ty, depth + 1)?;
                if t.size() > MAX_EXPANDED_SIZE {
                    return Err(SchemaError::new(
                        SchemaErrorKind::TooLarge(name.to_string()),
                        &raw.origin,
                    ));
                }
                self.commons.insert(name.clone(), Common::Done(t.clone()));
                Ok(Some(t))
            }
        }
    }

    /// Resolves `path`, written in `ns` where a common type, an entity type or a
    /// builtin may stand.
    fn named(
        &mut self,
        ns: &str,
        path: &str,
        origin: &Origin,
        depth: usize,
    ) -> Result<SchemaType, SchemaError> {
        let mut candidates = Vec::with_capacity(2);
        if !path.contains("::") && !ns.is_empty() {
            candidates.push(qualify(ns, path));
        }
        candidates.push(Name::new(path));
        for c in &candidates {
            if let Some(t) = self.common(c, depth).map_err(|e| with_origin(e, origin))? {
                return Ok(t);
            }
            if self.entity_types.contains(c) {
                return Ok(SchemaType::Entity(c.clone()));
            }
        }
        builtin(path.strip_prefix("__cedar::").unwrap_or(path))
            .filter(|_| !path.contains("::") || path.starts_with("__cedar::"))
            .ok_or_else(|| SchemaError::new(SchemaErrorKind::UndeclaredType(path.into()), origin))
    }

    fn ty(&mut self, ns: &str, raw: &RawType, depth: usize) -> Result<SchemaType, SchemaError> {
        if depth > super::MAX_TYPE_DEPTH {
            return Err(SchemaError::new(SchemaErrorKind::TooDeep, &raw.origin));
        }
        Ok(match &raw.kind {
            RawTypeKind::Bool => SchemaType::Bool,
            RawTypeKind::Long => SchemaType::Long,
            RawTypeKind::String => SchemaType::String,
            RawTypeKind::Named(p) => self.named(ns, p, &raw.origin, depth)?,
            RawTypeKind::Entity(p) => SchemaType::Entity(self.entity_or_err(ns, p, &raw.origin)?),
            RawTypeKind::Extension(n) => SchemaType::Extension(
                ExtType::from_name(n.strip_prefix("__cedar::").unwrap_or(n)).ok_or_else(|| {
                    SchemaError::new(
                        SchemaErrorKind::UnknownExtensionType(n.to_string()),
                        &raw.origin,
                    )
                })?,
            ),
            RawTypeKind::Set(e) => SchemaType::Set(Arc::new(self.ty(ns, e, depth + 1)?)),
            RawTypeKind::Record(attrs) => {
                let mut out = BTreeMap::new();
                for a in attrs {
                    let ty = self.ty(ns, &a.ty, depth + 1)?;
                    let at = AttrType {
                        ty,
                        required: a.required,
                        annotations: a.annotations.clone(),
                    };
                    if out.insert(a.name.clone(), at).is_some() {
                        return Err(SchemaError::new(
                            SchemaErrorKind::Duplicate {
                                what: "attribute",
                                name: a.name.to_string(),
                            },
                            &a.origin,
                        ));
                    }
                }
                SchemaType::Record(Arc::new(RecordType { attrs: out }))
            }
        })
    }

    fn record(
        &mut self,
        ns: &str,
        raw: Option<&RawType>,
        what: &'static str,
    ) -> Result<Arc<RecordType>, SchemaError> {
        match raw {
            None => Ok(Arc::default()),
            Some(raw) => match self.ty(ns, raw, 0)? {
                SchemaType::Record(r) => Ok(r),
                _ => Err(SchemaError::new(
                    SchemaErrorKind::NotARecord(what),
                    &raw.origin,
                )),
            },
        }
    }
}

/// Where a namespace was declared: its first declaration's origin, if any.
fn ns_origin(ns: &super::raw::RawNamespace) -> Origin {
    ns.entities
        .first()
        .map(|e| e.origin.clone())
        .or_else(|| ns.actions.first().map(|a| a.origin.clone()))
        .or_else(|| ns.commons.first().map(|c| c.origin.clone()))
        .unwrap_or_else(|| Origin::Path(format!("/{}", ns.name)))
}

/// Gives an error without a location the location of the reference that led to it.
fn with_origin(mut e: SchemaError, origin: &Origin) -> SchemaError {
    if e.origin.is_none() {
        e.origin = Some(origin.clone());
    }
    e
}

fn duplicate(what: &'static str, name: impl ToString, origin: &Origin) -> SchemaError {
    SchemaError::new(
        SchemaErrorKind::Duplicate {
            what,
            name: name.to_string(),
        },
        origin,
    )
}

/// Resolves every name in `raw` and checks the schema's well-formedness.
pub(crate) fn resolve(raw: &RawSchema) -> Result<Schema, SchemaError> {
    let mut resolver = Resolver {
        entity_types: BTreeSet::new(),
        commons: HashMap::new(),
    };
    let mut action_ids: BTreeSet<EntityUid> = BTreeSet::new();
    let mut namespaces = BTreeMap::new();
    let mut seen_namespaces = BTreeSet::new();
    for ns in &raw.namespaces {
        let is_top = ns.name.is_empty() && seen_namespaces.is_empty();
        let origin = ns_origin(ns);
        if !seen_namespaces.insert(ns.name.clone()) && !is_top {
            return Err(duplicate("namespace", &ns.name, &origin));
        }
        if ns.name.split("::").any(|part| part == "__cedar") {
            return Err(SchemaError::new(
                SchemaErrorKind::ReservedName(ns.name.to_string()),
                &origin,
            ));
        }
        if !ns.annotations.is_empty() {
            namespaces.insert(ns.name.clone(), ns.annotations.clone());
        }
        for e in &ns.entities {
            if !resolver.entity_types.insert(qualify(&ns.name, &e.name)) {
                return Err(duplicate(
                    "entity type",
                    qualify(&ns.name, &e.name),
                    &e.origin,
                ));
            }
        }
        for a in &ns.actions {
            let uid = EntityUid::new(qualify(&ns.name, "Action"), a.name.clone());
            if !action_ids.insert(uid.clone()) {
                return Err(duplicate("action", uid, &a.origin));
            }
        }
    }
    for ns in &raw.namespaces {
        for c in &ns.commons {
            if RESERVED.contains(&c.name.as_str()) {
                return Err(SchemaError::new(
                    SchemaErrorKind::ReservedName(c.name.to_string()),
                    &c.origin,
                ));
            }
            let name = qualify(&ns.name, &c.name);
            if resolver.entity_types.contains(&name) || resolver.commons.contains_key(&name) {
                return Err(duplicate("type", name, &c.origin));
            }
            resolver
                .commons
                .insert(name, Common::Pending(c, ns.name.clone()));
        }
    }

    let mut common_types = BTreeMap::new();
    for ns in &raw.namespaces {
        for c in &ns.commons {
            let name = qualify(&ns.name, &c.name);
            let ty = resolver
                .common(&name, 0)
                .map_err(|e| with_origin(e, &c.origin))?
                .ok_or_else(|| {
                    SchemaError::new(SchemaErrorKind::UndeclaredType(name.to_string()), &c.origin)
                })?;
            common_types.insert(
                name.clone(),
                CommonTypeDef {
                    name,
                    ty,
                    annotations: c.annotations.clone(),
                },
            );
        }
    }

    let mut entity_types = BTreeMap::new();
    for ns in &raw.namespaces {
        for e in &ns.entities {
            let name = qualify(&ns.name, &e.name);
            let mut member_of = BTreeSet::new();
            for r in &e.member_of {
                member_of.insert(resolver.entity_or_err(&ns.name, &r.path, &r.origin)?);
            }
            let kind = match &e.enum_ids {
                Some(ids) => {
                    let mut seen = BTreeSet::new();
                    for id in ids {
                        if !seen.insert(id) {
                            return Err(duplicate("enum id", id, &e.origin));
                        }
                    }
                    EntityKind::Enum(ids.clone())
                }
                None => EntityKind::Standard {
                    shape: resolver.record(&ns.name, e.shape.as_ref(), "an entity shape")?,
                    tags: e
                        .tags
                        .as_ref()
                        .map(|t| resolver.ty(&ns.name, t, 0))
                        .transpose()?,
                },
            };
            entity_types.insert(
                name.clone(),
                EntityTypeDef {
                    name,
                    member_of,
                    kind,
                    annotations: e.annotations.clone(),
                },
            );
        }
    }

    let mut actions = BTreeMap::new();
    for ns in &raw.namespaces {
        for a in &ns.actions {
            let uid = EntityUid::new(qualify(&ns.name, "Action"), a.name.clone());
            let mut member_of = BTreeSet::new();
            for r in &a.member_of {
                let ty = match &r.ty {
                    None => qualify(&ns.name, "Action"),
                    Some(t) if t.as_str() == "Action" => qualify(&ns.name, "Action"),
                    Some(t) => Name::new(t.clone()),
                };
                let target = EntityUid::new(ty, r.id.clone());
                if !action_ids.contains(&target) {
                    return Err(SchemaError::new(
                        SchemaErrorKind::UndeclaredAction(target.to_string()),
                        &r.origin,
                    ));
                }
                member_of.insert(target);
            }
            let applies_to = match &a.applies_to {
                None => None,
                Some(at) => {
                    let mut principals = BTreeSet::new();
                    for r in &at.principals {
                        principals.insert(resolver.entity_or_err(&ns.name, &r.path, &r.origin)?);
                    }
                    let mut resources = BTreeSet::new();
                    for r in &at.resources {
                        resources.insert(resolver.entity_or_err(&ns.name, &r.path, &r.origin)?);
                    }
                    let context =
                        resolver.record(&ns.name, at.context.as_ref(), "an action context")?;
                    Some(AppliesTo {
                        principals,
                        resources,
                        context,
                    })
                }
            };
            actions.insert(
                uid.clone(),
                ActionDef {
                    uid,
                    member_of,
                    applies_to,
                    annotations: a.annotations.clone(),
                },
            );
        }
    }

    let action_ancestors = closure(&actions, |a: &ActionDef| &a.member_of);
    for (uid, anc) in &action_ancestors {
        if anc.contains(uid) {
            let origin = raw
                .namespaces
                .iter()
                .flat_map(|n| n.actions.iter().map(move |a| (n, a)))
                .find(|(n, a)| qualify(&n.name, "Action") == uid.ty && a.name == uid.eid)
                .map(|(_, a)| a.origin.clone());
            return Err(SchemaError {
                kind: SchemaErrorKind::ActionCycle(uid.to_string()),
                origin,
            });
        }
    }
    let type_ancestors = closure(&entity_types, |e: &EntityTypeDef| &e.member_of);
    Ok(Schema {
        entity_types,
        actions,
        common_types,
        namespaces,
        type_ancestors,
        action_ancestors,
    })
}

/// The transitive closure of a membership relation: for each key, every key reachable
/// through one or more `parents` steps.
fn closure<K: Ord + Clone, V>(
    items: &BTreeMap<K, V>,
    parents: impl Fn(&V) -> &BTreeSet<K>,
) -> BTreeMap<K, BTreeSet<K>> {
    let mut out = BTreeMap::new();
    for (k, v) in items {
        let mut seen: BTreeSet<K> = BTreeSet::new();
        let mut stack: Vec<&K> = parents(v).iter().collect();
        while let Some(p) = stack.pop() {
            if seen.insert(p.clone()) {
                if let Some(pv) = items.get(p) {
                    stack.extend(parents(pv).iter());
                }
            }
        }
        out.insert(k.clone(), seen);
    }
    out
}
