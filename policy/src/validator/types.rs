//! The types the strict typechecker assigns to expressions, and their least upper
//! bounds.
//!
//! Strict validation has no subtyping beyond booleans: `True` and `False` are
//! singleton types below `Bool`; two entity types, or two record types with different
//! attributes, have no upper bound.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use smol_str::SmolStr;

use crate::schema::{ExtType, RecordType, SchemaType};
use crate::value::Name;

/// A boolean type: a singleton or any boolean.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BoolType {
    /// Always `true`.
    True,
    /// Always `false`.
    False,
    /// Either.
    Any,
}

/// The type of the negation.
impl std::ops::Not for BoolType {
    type Output = BoolType;

    fn not(self) -> BoolType {
        match self {
            BoolType::True => BoolType::False,
            BoolType::False => BoolType::True,
            BoolType::Any => BoolType::Any,
        }
    }
}

impl BoolType {
    /// `True` for `true`, `False` for `false`.
    pub fn of(b: bool) -> BoolType {
        if b {
            BoolType::True
        } else {
            BoolType::False
        }
    }
}

/// The type of an attribute in a record type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AttrTy {
    /// The attribute's type.
    pub ty: Type,
    /// Whether the attribute is always present.
    pub required: bool,
}

/// The attributes of a record type.
pub type Attrs = Arc<BTreeMap<SmolStr, AttrTy>>;

/// The type of an expression.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// A boolean.
    Bool(BoolType),
    /// `Long`
    Long,
    /// `String`
    String,
    /// An entity of the named type.
    Entity(Name),
    /// A set whose elements have the given type.
    Set(Box<Type>),
    /// A record with exactly these attributes.
    Record(Attrs),
    /// An extension type.
    Ext(ExtType),
}

impl Type {
    /// `Bool`
    pub const BOOL: Type = Type::Bool(BoolType::Any);

    /// The validator's view of a schema type.
    pub fn from_schema(t: &SchemaType) -> Type {
        match t {
            SchemaType::Bool => Type::BOOL,
            SchemaType::Long => Type::Long,
            SchemaType::String => Type::String,
            SchemaType::Set(e) => Type::Set(Box::new(Type::from_schema(e))),
            SchemaType::Record(r) => Type::from_record(r),
            SchemaType::Entity(n) => Type::Entity(n.clone()),
            SchemaType::Extension(x) => Type::Ext(*x),
        }
    }

    /// The validator's view of a schema record type.
    pub fn from_record(r: &RecordType) -> Type {
        Type::Record(Arc::new(
            r.attrs
                .iter()
                .map(|(k, a)| {
                    (
                        k.clone(),
                        AttrTy {
                            ty: Type::from_schema(&a.ty),
                            required: a.required,
                        },
                    )
                })
                .collect(),
        ))
    }

    /// The bool type, if this is one.
    pub fn as_bool(&self) -> Option<BoolType> {
        match self {
            Type::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

/// The least upper bound of two types in strict mode, if they have one.
pub fn lub(a: &Type, b: &Type) -> Option<Type> {
    match (a, b) {
        (Type::Bool(x), Type::Bool(y)) => Some(Type::Bool(if x == y { *x } else { BoolType::Any })),
        (Type::Set(x), Type::Set(y)) => Some(Type::Set(Box::new(lub(x, y)?))),
        (Type::Record(x), Type::Record(y)) => {
            if x.len() != y.len() {
                return None;
            }
            let mut out = BTreeMap::new();
            for ((kx, ax), (ky, ay)) in x.iter().zip(y.iter()) {
                if kx != ky || ax.required != ay.required {
                    return None;
                }
                let ty = lub(&ax.ty, &ay.ty)?;
                out.insert(
                    kx.clone(),
                    AttrTy {
                        ty,
                        required: ax.required,
                    },
                );
            }
            Some(Type::Record(Arc::new(out)))
        }
        _ => (a == b).then(|| a.clone()),
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Bool(BoolType::Any) => f.write_str("Bool"),
            Type::Bool(BoolType::True) => f.write_str("Bool (always true)"),
            Type::Bool(BoolType::False) => f.write_str("Bool (always false)"),
            Type::Long => f.write_str("Long"),
            Type::String => f.write_str("String"),
            Type::Entity(n) => write!(f, "{n}"),
            Type::Set(e) => write!(f, "Set<{e}>"),
            Type::Ext(x) => write!(f, "{x}"),
            Type::Record(attrs) => {
                f.write_str("{")?;
                for (i, (k, a)) in attrs.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, " {k}{}: {}", if a.required { "" } else { "?" }, a.ty)?;
                }
                f.write_str(if attrs.is_empty() { "}" } else { " }" })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(attrs: &[(&str, Type, bool)]) -> Type {
        Type::Record(Arc::new(
            attrs
                .iter()
                .map(|(k, t, r)| {
                    (
                        SmolStr::from(*k),
                        AttrTy {
                            ty: t.clone(),
                            required: *r,
                        },
                    )
                })
                .collect(),
        ))
    }

    #[test]
    fn lub_rules_of_strict_mode() {
        let t = Type::Bool(BoolType::True);
        let f = Type::Bool(BoolType::False);
        assert_eq!(lub(&t, &f), Some(Type::BOOL));
        assert_eq!(lub(&t, &t), Some(t.clone()));
        let user = Type::Entity(Name::new("User"));
        let photo = Type::Entity(Name::new("Photo"));
        assert_eq!(lub(&user, &photo), None);
        assert_eq!(lub(&user, &user), Some(user.clone()));
        assert_eq!(lub(&Type::Long, &Type::String), None);
        let s1 = Type::Set(Box::new(t.clone()));
        let s2 = Type::Set(Box::new(f));
        assert_eq!(lub(&s1, &s2), Some(Type::Set(Box::new(Type::BOOL))));
        // Records: same attributes with the same optionality, no width subtyping.
        let a = rec(&[("x", Type::Long, true)]);
        let b = rec(&[("x", Type::Long, true), ("y", Type::Long, true)]);
        let c = rec(&[("x", Type::Long, false)]);
        assert_eq!(lub(&a, &b), None);
        assert_eq!(lub(&a, &c), None);
        assert_eq!(lub(&a, &a), Some(a.clone()));
        assert_eq!(a.to_string(), "{ x: Long }");
        assert_eq!(c.to_string(), "{ x?: Long }");
    }
}
