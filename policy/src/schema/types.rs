//! The resolved form of a schema: fully qualified names, common types expanded.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;

use smol_str::SmolStr;

use crate::value::{EntityUid, Name};

/// Annotations on a declaration: key to value (`@doc("…")`; a bare `@key` has the
/// empty string as its value).
pub type Annotations = BTreeMap<SmolStr, SmolStr>;

/// One of Cedar's extension types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ExtType {
    /// `ipaddr`
    IpAddr,
    /// `decimal`
    Decimal,
    /// `datetime`
    Datetime,
    /// `duration`
    Duration,
}

impl ExtType {
    /// Every extension type.
    pub const ALL: [ExtType; 4] = [
        ExtType::IpAddr,
        ExtType::Decimal,
        ExtType::Datetime,
        ExtType::Duration,
    ];

    /// The type's name as written in schemas.
    pub fn name(self) -> &'static str {
        match self {
            ExtType::IpAddr => "ipaddr",
            ExtType::Decimal => "decimal",
            ExtType::Datetime => "datetime",
            ExtType::Duration => "duration",
        }
    }

    /// The extension type called `name` (`ipaddr`, `decimal`, …), if any.
    pub fn from_name(name: &str) -> Option<ExtType> {
        ExtType::ALL.into_iter().find(|t| t.name() == name)
    }
}

impl fmt::Display for ExtType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A type in a schema, with every name resolved.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SchemaType {
    /// `Bool` (`Boolean` in JSON).
    Bool,
    /// `Long`
    Long,
    /// `String`
    String,
    /// `Set<T>`
    Set(Arc<SchemaType>),
    /// A record type `{ a: T, b?: U }`.
    Record(Arc<RecordType>),
    /// A reference to an entity of the named type.
    Entity(Name),
    /// An extension type.
    Extension(ExtType),
}

impl SchemaType {
    /// The number of type nodes in this type, saturating (used to refuse schemas whose
    /// common types expand to something enormous).
    pub(crate) fn size(&self) -> usize {
        match self {
            SchemaType::Set(t) => t.size().saturating_add(1),
            SchemaType::Record(r) => r
                .attrs
                .values()
                .fold(1usize, |n, a| n.saturating_add(a.ty.size())),
            _ => 1,
        }
    }
}

/// A record type: attribute names to their types.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct RecordType {
    /// The attributes.
    pub attrs: BTreeMap<SmolStr, AttrType>,
}

impl RecordType {
    /// The type of attribute `name`, if declared.
    pub fn get(&self, name: &str) -> Option<&AttrType> {
        self.attrs.get(name)
    }
}

/// The declared type of one record attribute.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AttrType {
    /// The attribute's type.
    pub ty: SchemaType,
    /// `false` for an optional attribute (`a?: T`, `"required": false`).
    pub required: bool,
    /// Annotations on the attribute.
    pub annotations: Annotations,
}

/// Whether an entity type is an ordinary one or an enumeration of fixed ids.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum EntityKind {
    /// Any id; attributes per the shape.
    Standard {
        /// The attributes (the empty record when none are declared).
        shape: Arc<RecordType>,
        /// The type of tag values, when the type has tags.
        tags: Option<SchemaType>,
    },
    /// `entity E enum ["a", "b"];`: only these ids exist, with no attributes or tags.
    Enum(Vec<SmolStr>),
}

/// A declared entity type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EntityTypeDef {
    /// The fully qualified name.
    pub name: Name,
    /// The types an entity of this type may be a direct member of.
    pub member_of: BTreeSet<Name>,
    /// Ordinary or enumerated.
    pub kind: EntityKind,
    /// Annotations on the declaration.
    pub annotations: Annotations,
}

impl EntityTypeDef {
    /// The attributes of entities of this type (empty for enumerated types).
    pub fn shape(&self) -> Option<&RecordType> {
        match &self.kind {
            EntityKind::Standard { shape, .. } => Some(shape),
            EntityKind::Enum(_) => None,
        }
    }

    /// The type of tag values, if entities of this type may carry tags.
    pub fn tags(&self) -> Option<&SchemaType> {
        match &self.kind {
            EntityKind::Standard { tags, .. } => tags.as_ref(),
            EntityKind::Enum(_) => None,
        }
    }

    /// Whether `eid` is a valid id for this type (always, unless enumerated).
    pub fn allows_id(&self, eid: &str) -> bool {
        match &self.kind {
            EntityKind::Standard { .. } => true,
            EntityKind::Enum(ids) => ids.iter().any(|i| i == eid),
        }
    }
}

/// The request types an action applies to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AppliesTo {
    /// The allowed principal types.
    pub principals: BTreeSet<Name>,
    /// The allowed resource types.
    pub resources: BTreeSet<Name>,
    /// The type of the context record.
    pub context: Arc<RecordType>,
}

/// A declared action.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ActionDef {
    /// The action's UID, `NS::Action::"name"`.
    pub uid: EntityUid,
    /// The action groups it is a direct member of.
    pub member_of: BTreeSet<EntityUid>,
    /// The requests it applies to; `None` when it applies to none.
    pub applies_to: Option<AppliesTo>,
    /// Annotations on the declaration.
    pub annotations: Annotations,
}

/// A declared common type (`type T = …;`), already expanded.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CommonTypeDef {
    /// The fully qualified name.
    pub name: Name,
    /// The type it stands for.
    pub ty: SchemaType,
    /// Annotations on the declaration.
    pub annotations: Annotations,
}
