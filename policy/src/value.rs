//! Runtime values: entity types and UIDs, and the values expressions evaluate to.
//!
//! Values are cheap to clone: strings are [`SmolStr`] (inline when short), and sets,
//! records and extension values are shared behind [`Arc`]. Sets and records are
//! ordered containers, so set equality ignores order and duplicates, as Cedar's does,
//! and every value has a total order (used only for canonical storage, never exposed
//! as Cedar's `<`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};
use std::sync::Arc;

use smol_str::SmolStr;

use crate::ext::ExtValue;

/// A possibly namespaced name such as `User` or `PhotoApp::Photo`, stored in its
/// canonical `A::B::C` spelling so that comparing and hashing are one string operation.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name(SmolStr);

impl Name {
    /// A name from its canonical spelling. The caller guarantees that every
    /// `::`-separated part is a valid identifier (the parsers check this).
    pub fn new(canonical: impl Into<SmolStr>) -> Name {
        Name(canonical.into())
    }

    /// A name from its path components (`["PhotoApp", "Photo"]`).
    pub fn from_parts<S: AsRef<str>>(parts: &[S]) -> Name {
        let mut s = String::new();
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                s.push_str("::");
            }
            s.push_str(p.as_ref());
        }
        Name(s.into())
    }

    /// The canonical spelling, `A::B::C`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The last component: `Photo` for `PhotoApp::Photo`.
    pub fn basename(&self) -> &str {
        self.0.rsplit("::").next().unwrap_or(&self.0)
    }

    /// Everything before the last component: `PhotoApp` for `PhotoApp::Photo`, and
    /// the empty string for an unqualified name.
    pub fn namespace(&self) -> &str {
        match self.0.rfind("::") {
            Some(i) => &self.0[..i],
            None => "",
        }
    }

    /// Whether this is `Action` or ends in `::Action` (the type of action entities).
    pub fn is_action(&self) -> bool {
        self.basename() == "Action"
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The unique identifier of an entity: its type and its id, `User::"alice"`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityUid {
    /// The entity type.
    pub ty: Name,
    /// The id within that type (any string).
    pub eid: SmolStr,
}

impl EntityUid {
    /// The UID `ty::"eid"`.
    pub fn new(ty: Name, eid: impl Into<SmolStr>) -> EntityUid {
        EntityUid {
            ty,
            eid: eid.into(),
        }
    }
}

impl fmt::Display for EntityUid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}::", self.ty)?;
        write_quoted(f, &self.eid)
    }
}

impl fmt::Debug for EntityUid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Writes `s` as a Cedar string literal, quoted and escaped so that the parser reads
/// back exactly `s`.
pub fn write_quoted(out: &mut impl fmt::Write, s: &str) -> fmt::Result {
    out.write_char('"')?;
    for c in s.chars() {
        match c {
            '"' => out.write_str("\\\"")?,
            '\\' => out.write_str("\\\\")?,
            '\n' => out.write_str("\\n")?,
            '\r' => out.write_str("\\r")?,
            '\t' => out.write_str("\\t")?,
            '\0' => out.write_str("\\0")?,
            c if c.is_control() => write!(out, "\\u{{{:x}}}", c as u32)?,
            c => out.write_char(c)?,
        }
    }
    out.write_char('"')
}

/// A Cedar value.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Value {
    /// `true` or `false`.
    Bool(bool),
    /// A 64-bit signed integer.
    Long(i64),
    /// A string.
    String(SmolStr),
    /// A reference to an entity.
    Entity(EntityUid),
    /// A set: no order, no duplicates.
    Set(Arc<BTreeSet<Value>>),
    /// A record: attribute names to values.
    Record(Arc<BTreeMap<SmolStr, Value>>),
    /// A value of an extension type (decimal, ipaddr, datetime, duration).
    Ext(Arc<ExtValue>),
}

/// The type of a value, for error messages ("expected long, got string").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValueKind {
    /// `Bool`
    Bool,
    /// `Long`
    Long,
    /// `String`
    String,
    /// An entity (of any type).
    Entity,
    /// `Set`
    Set,
    /// `Record`
    Record,
    /// `decimal`
    Decimal,
    /// `ipaddr`
    Ip,
    /// `datetime`
    Datetime,
    /// `duration`
    Duration,
}

impl fmt::Display for ValueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ValueKind::Bool => "bool",
            ValueKind::Long => "long",
            ValueKind::String => "string",
            ValueKind::Entity => "entity",
            ValueKind::Set => "set",
            ValueKind::Record => "record",
            ValueKind::Decimal => "decimal",
            ValueKind::Ip => "ipaddr",
            ValueKind::Datetime => "datetime",
            ValueKind::Duration => "duration",
        })
    }
}

impl Value {
    /// The type of this value.
    pub fn kind(&self) -> ValueKind {
        match self {
            Value::Bool(_) => ValueKind::Bool,
            Value::Long(_) => ValueKind::Long,
            Value::String(_) => ValueKind::String,
            Value::Entity(_) => ValueKind::Entity,
            Value::Set(_) => ValueKind::Set,
            Value::Record(_) => ValueKind::Record,
            Value::Ext(e) => e.kind(),
        }
    }

    /// A set of the given values.
    pub fn set(values: impl IntoIterator<Item = Value>) -> Value {
        Value::Set(Arc::new(values.into_iter().collect()))
    }

    /// A record of the given attributes (a later duplicate key wins).
    pub fn record<K: Into<SmolStr>>(attrs: impl IntoIterator<Item = (K, Value)>) -> Value {
        Value::Record(Arc::new(
            attrs.into_iter().map(|(k, v)| (k.into(), v)).collect(),
        ))
    }

    /// The empty record.
    pub fn empty_record() -> Value {
        Value::Record(Arc::new(BTreeMap::new()))
    }

    /// A string value.
    pub fn string(s: impl Into<SmolStr>) -> Value {
        Value::String(s.into())
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Value {
        Value::Long(n)
    }
}

impl From<EntityUid> for Value {
    fn from(uid: EntityUid) -> Value {
        Value::Entity(uid)
    }
}

/// Values print as Cedar expressions that evaluate back to them.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Long(n) => write!(f, "{n}"),
            Value::String(s) => write_quoted(f, s),
            Value::Entity(uid) => write!(f, "{uid}"),
            Value::Set(items) => {
                f.write_char('[')?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_char(']')
            }
            Value::Record(attrs) => {
                f.write_char('{')?;
                for (i, (k, v)) in attrs.iter().enumerate() {
                    if i > 0 {
                        f.write_char(',')?;
                    }
                    f.write_char(' ')?;
                    write_quoted(f, k)?;
                    write!(f, ": {v}")?;
                }
                if !attrs.is_empty() {
                    f.write_char(' ')?;
                }
                f.write_char('}')
            }
            Value::Ext(e) => write!(f, "{e}"),
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_into_namespace_and_basename() {
        let n = Name::from_parts(&["PhotoApp", "Media", "Photo"]);
        assert_eq!(n.as_str(), "PhotoApp::Media::Photo");
        assert_eq!(n.basename(), "Photo");
        assert_eq!(n.namespace(), "PhotoApp::Media");
        assert_eq!(Name::new("User").namespace(), "");
        assert!(Name::new("NS::Action").is_action());
    }

    #[test]
    fn sets_ignore_order_and_duplicates() {
        let a = Value::set([Value::Long(1), Value::Long(2), Value::Long(1)]);
        let b = Value::set([Value::Long(2), Value::Long(1)]);
        assert_eq!(a, b);
    }

    #[test]
    fn display_escapes_strings_and_uids() {
        let uid = EntityUid::new(Name::new("User"), "a\"b\\c\n");
        assert_eq!(uid.to_string(), r#"User::"a\"b\\c\n""#);
        let rec = Value::record([("x", Value::Long(-3)), ("y", Value::set([]))]);
        assert_eq!(rec.to_string(), r#"{ "x": -3, "y": [] }"#);
    }
}
