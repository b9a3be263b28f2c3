//! The unresolved form both schema formats parse into: names as written, common types
//! not yet expanded. [`super::resolve`] turns it into a [`super::Schema`].

use smol_str::SmolStr;

use super::error::Origin;
use super::types::Annotations;

/// A whole schema as written.
#[derive(Clone, Debug, Default)]
pub(crate) struct RawSchema {
    pub namespaces: Vec<RawNamespace>,
}

/// One namespace (the empty string for declarations outside any namespace).
#[derive(Clone, Debug)]
pub(crate) struct RawNamespace {
    pub name: SmolStr,
    pub annotations: Annotations,
    pub entities: Vec<RawEntity>,
    pub actions: Vec<RawAction>,
    pub commons: Vec<RawCommon>,
}

/// A name as written, with where it was written.
#[derive(Clone, Debug)]
pub(crate) struct RawRef {
    pub path: SmolStr,
    pub origin: Origin,
}

#[derive(Clone, Debug)]
pub(crate) struct RawEntity {
    pub name: SmolStr,
    pub member_of: Vec<RawRef>,
    pub shape: Option<RawType>,
    pub tags: Option<RawType>,
    pub enum_ids: Option<Vec<SmolStr>>,
    pub annotations: Annotations,
    pub origin: Origin,
}

/// A reference to an action: its type (`NS::Action`), when given, and its id.
#[derive(Clone, Debug)]
pub(crate) struct RawActionRef {
    pub ty: Option<SmolStr>,
    pub id: SmolStr,
    pub origin: Origin,
}

#[derive(Clone, Debug)]
pub(crate) struct RawAppliesTo {
    pub principals: Vec<RawRef>,
    pub resources: Vec<RawRef>,
    pub context: Option<RawType>,
}

#[derive(Clone, Debug)]
pub(crate) struct RawAction {
    pub name: SmolStr,
    pub member_of: Vec<RawActionRef>,
    pub applies_to: Option<RawAppliesTo>,
    pub annotations: Annotations,
    pub origin: Origin,
}

#[derive(Clone, Debug)]
pub(crate) struct RawCommon {
    pub name: SmolStr,
    pub ty: RawType,
    pub annotations: Annotations,
    pub origin: Origin,
}

#[derive(Clone, Debug)]
pub(crate) enum RawTypeKind {
    /// A name that may be a common type, an entity type or a builtin.
    Named(SmolStr),
    /// `{"type": "Entity", "name": …}`
    Entity(SmolStr),
    /// `{"type": "Extension", "name": …}`
    Extension(SmolStr),
    Bool,
    Long,
    String,
    Set(Box<RawType>),
    Record(Vec<RawAttr>),
}

#[derive(Clone, Debug)]
pub(crate) struct RawType {
    pub kind: RawTypeKind,
    pub origin: Origin,
}

#[derive(Clone, Debug)]
pub(crate) struct RawAttr {
    pub name: SmolStr,
    pub ty: RawType,
    pub required: bool,
    pub annotations: Annotations,
    pub origin: Origin,
}
