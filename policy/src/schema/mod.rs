//! Cedar schemas, in both the Cedar schema syntax and the JSON schema format.
//!
//! Both formats parse into one unresolved form (`raw`), which `resolve` turns into
//! a [`Schema`]: every name fully qualified, common types expanded, membership
//! relations closed transitively. A `Schema` prints back in either format, and
//! translating a schema to the other format and back gives an equal `Schema`.
//!
//! ```
//! use cedrus_policy::schema::Schema;
//! let s = Schema::from_cedar_str("entity User; entity Photo { owner: User };
//!     action view appliesTo { principal: User, resource: Photo };").unwrap();
//! let back = Schema::from_json_str(&s.to_json_string()).unwrap();
//! assert_eq!(s, back);
//! ```

mod cedar_syntax;
mod error;
mod json;
mod print;
mod raw;
mod resolve;
mod types;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use smol_str::SmolStr;

pub use error::{line_col, Origin, SchemaError, SchemaErrorKind};
pub use types::{
    ActionDef, Annotations, AppliesTo, AttrType, CommonTypeDef, EntityKind, EntityTypeDef, ExtType,
    RecordType, SchemaType,
};

use crate::value::{EntityUid, Name};

/// The deepest nesting of types (sets and records) a schema may use.
pub const MAX_TYPE_DEPTH: usize = 64;

/// A resolved schema: entity types, actions and common types by fully qualified name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schema {
    /// Entity types by name.
    pub entity_types: BTreeMap<Name, EntityTypeDef>,
    /// Actions by UID.
    pub actions: BTreeMap<EntityUid, ActionDef>,
    /// Common types by name, already expanded (references to them are expanded too).
    pub common_types: BTreeMap<Name, CommonTypeDef>,
    /// Annotations on namespaces (only namespaces that have some).
    pub namespaces: BTreeMap<SmolStr, Annotations>,
    /// For each entity type, every type it may be a member of, transitively.
    type_ancestors: BTreeMap<Name, BTreeSet<Name>>,
    /// For each action, every action group it belongs to, transitively.
    action_ancestors: BTreeMap<EntityUid, BTreeSet<EntityUid>>,
}

impl Schema {
    /// Parses and resolves a schema written in the Cedar schema syntax.
    pub fn from_cedar_str(src: &str) -> Result<Schema, SchemaError> {
        resolve::resolve(&cedar_syntax::parse(src)?)
    }

    /// Parses and resolves a schema written in the JSON schema format.
    pub fn from_json_str(src: &str) -> Result<Schema, SchemaError> {
        resolve::resolve(&json::parse(src)?)
    }

    /// Parses and resolves a JSON schema given as a JSON value.
    pub fn from_json_value(value: &serde_json::Value) -> Result<Schema, SchemaError> {
        Schema::from_json_str(&value.to_string())
    }

    /// The schema in the Cedar schema syntax.
    pub fn to_cedar_string(&self) -> String {
        print::to_cedar(self).unwrap_or_default()
    }

    /// The schema in the JSON schema format.
    pub fn to_json_value(&self) -> serde_json::Value {
        json::to_json(self)
    }

    /// The schema in the JSON schema format, pretty-printed.
    pub fn to_json_string(&self) -> String {
        serde_json::to_string_pretty(&self.to_json_value()).unwrap_or_default()
    }

    /// The entity type called `name`, if declared.
    pub fn entity_type(&self, name: &Name) -> Option<&EntityTypeDef> {
        self.entity_types.get(name)
    }

    /// The action `uid`, if declared.
    pub fn action(&self, uid: &EntityUid) -> Option<&ActionDef> {
        self.actions.get(uid)
    }

    /// Whether an entity of type `ty` may be a descendant (or be) an entity of type
    /// `ancestor`.
    pub fn type_may_be_in(&self, ty: &Name, ancestor: &Name) -> bool {
        ty == ancestor
            || self
                .type_ancestors
                .get(ty)
                .is_some_and(|a| a.contains(ancestor))
    }

    /// Whether action `action` is `group` or a (transitive) member of it.
    pub fn action_in(&self, action: &EntityUid, group: &EntityUid) -> bool {
        action == group
            || self
                .action_ancestors
                .get(action)
                .is_some_and(|a| a.contains(group))
    }

    /// Every action group `action` belongs to, transitively.
    pub fn action_ancestors(&self, action: &EntityUid) -> impl Iterator<Item = &EntityUid> {
        self.action_ancestors.get(action).into_iter().flatten()
    }

    /// Whether `uid` names something the schema declares: an action, or an entity of a
    /// declared type whose id the type allows.
    pub fn knows_entity(&self, uid: &EntityUid) -> bool {
        self.actions.contains_key(uid)
            || self
                .entity_types
                .get(&uid.ty)
                .is_some_and(|t| t.allows_id(&uid.eid))
    }

    /// Whether `name` is the type of some declared action.
    pub fn is_action_type(&self, name: &Name) -> bool {
        self.actions.keys().any(|u| &u.ty == name)
    }
}
