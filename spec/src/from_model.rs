//! Model answers back into production data: values, errors, `Except` results and
//! authorization responses. Anything of an unexpected shape is a
//! [`SpecError::Shape`], never a panic.

use std::collections::{BTreeMap, BTreeSet};

use cedrus_lang::eval::Value as V;
use cedrus_policy::authorizer::Decision;
use cedrus_policy::ext::{ExtValue, IpNet};
use cedrus_policy::value::{EntityUid, Name, Value};
use smol_str::SmolStr;

use crate::to_model::MAX_DEPTH;
use crate::{ModelError, ModelResponse, SpecError};

type R<T> = Result<T, SpecError>;

fn shape(what: &str, v: &V) -> SpecError {
    let mut shown = v.to_string();
    if shown.len() > 200 {
        let mut cut = 200;
        while !shown.is_char_boundary(cut) {
            cut -= 1;
        }
        shown.truncate(cut);
        shown.push('…');
    }
    SpecError::Shape(format!("expected {what}, got {shown}"))
}

/// The constructor's short name (`ok` for `Except.ok`) and its fields.
fn ctor<'v>(v: &'v V, what: &str) -> R<(&'v str, Vec<&'v V>)> {
    let name = v.ctor_name().ok_or_else(|| shape(what, v))?;
    let short = name.as_str().rsplit('.').next().unwrap_or_default();
    Ok((short, v.fields().collect()))
}

/// A Lean `Bool`.
pub(crate) fn bool(v: &V) -> R<bool> {
    v.as_bool().ok_or_else(|| shape("a Bool", v))
}

/// A Lean `String` (native, or built with `String.mk`).
pub(crate) fn string(v: &V) -> R<String> {
    if let Some(s) = v.as_str() {
        return Ok(s.to_string());
    }
    match ctor(v, "a String")? {
        ("mk", f) if f.len() == 1 => list(f[0])?
            .into_iter()
            .map(|ch| {
                let n = ch
                    .field(0)
                    .and_then(V::as_u64)
                    .and_then(|n| u32::try_from(n).ok())
                    .and_then(char::from_u32);
                n.ok_or_else(|| shape("a Char", ch))
            })
            .collect(),
        _ => Err(shape("a String", v)),
    }
}

/// A Lean `Int` in the 64-bit range.
pub(crate) fn int(v: &V) -> R<i64> {
    if let Some(i) = v.as_i64() {
        return Ok(i);
    }
    let nat = |x: &V| x.as_u64().and_then(|n| i64::try_from(n).ok());
    match ctor(v, "an Int")? {
        ("ofNat", f) if f.len() == 1 => nat(f[0]).ok_or_else(|| shape("a 64-bit Int", v)),
        ("negSucc", f) if f.len() == 1 => nat(f[0])
            .map(|n| -n - 1)
            .ok_or_else(|| shape("a 64-bit Int", v)),
        _ => Err(shape("an Int", v)),
    }
}

/// The elements of a Lean `List`.
pub(crate) fn list(v: &V) -> R<Vec<&V>> {
    v.list_items().ok_or_else(|| shape("a List", v))
}

fn pair(v: &V) -> R<(&V, &V)> {
    match ctor(v, "a pair")? {
        ("mk", f) if f.len() == 2 => Ok((f[0], f[1])),
        _ => Err(shape("a pair", v)),
    }
}

/// An entity reference.
pub(crate) fn uid(v: &V) -> R<EntityUid> {
    match ctor(v, "an EntityUID")? {
        ("mk", f) if f.len() == 2 => Ok(EntityUid::new(Name::new(string(f[0])?), string(f[1])?)),
        _ => Err(shape("an EntityUID", v)),
    }
}

fn ext(v: &V) -> R<ExtValue> {
    let (which, f) = ctor(v, "an extension value")?;
    let inner = *f.first().ok_or_else(|| shape("an extension value", v))?;
    let wrapped = |what: &str| -> R<i64> {
        match ctor(inner, what)? {
            ("mk", g) if g.len() == 1 => int(g[0]),
            _ => Err(shape(what, inner)),
        }
    };
    Ok(match which {
        "decimal" => ExtValue::Decimal(wrapped("a Decimal")?),
        "datetime" => ExtValue::Datetime(wrapped("a Datetime")?),
        "duration" => ExtValue::Duration(wrapped("a Duration")?),
        "ipaddr" => {
            let (kind, g) = ctor(inner, "an IPAddr")?;
            let (addr, pfx) = match g.as_slice() {
                [a, p] => (
                    a.as_nat().ok_or_else(|| shape("an address", a))?,
                    p.as_u64()
                        .and_then(|p| u8::try_from(p).ok())
                        .ok_or_else(|| shape("a prefix", p))?,
                ),
                _ => return Err(shape("an IPAddr", inner)),
            };
            match kind {
                "v4" if pfx <= 32 => ExtValue::Ip(IpNet::V4(
                    u32::try_from(addr).map_err(|_| shape("an IPv4 address", inner))?,
                    pfx,
                )),
                "v6" if pfx <= 128 => ExtValue::Ip(IpNet::V6(
                    u128::try_from(addr).map_err(|_| shape("an IPv6 address", inner))?,
                    pfx,
                )),
                _ => return Err(shape("an IPAddr", inner)),
            }
        }
        _ => return Err(shape("an extension value", v)),
    })
}

/// A value.
pub(crate) fn value(v: &V) -> R<Value> {
    value_at(v, 0)
}

fn value_at(v: &V, depth: usize) -> R<Value> {
    if depth > MAX_DEPTH {
        return Err(SpecError::Shape(format!(
            "a value nested deeper than {MAX_DEPTH} levels"
        )));
    }
    let (which, f) = ctor(v, "a Value")?;
    let field = *f.first().ok_or_else(|| shape("a Value", v))?;
    match which {
        "prim" => {
            let (p, g) = ctor(field, "a Prim")?;
            let x = *g.first().ok_or_else(|| shape("a Prim", field))?;
            Ok(match p {
                "bool" => Value::Bool(bool(x)?),
                "long" => Value::Long(int(x)?),
                "string" => Value::String(SmolStr::from(string(x)?)),
                "entityUID" => Value::Entity(uid(x)?),
                _ => return Err(shape("a Prim", field)),
            })
        }
        "set" => Ok(Value::set(
            list(field)?
                .into_iter()
                .map(|x| value_at(x, depth + 1))
                .collect::<R<Vec<_>>>()?,
        )),
        "record" => {
            let mut out = BTreeMap::new();
            for item in list(field)? {
                let (k, x) = pair(item)?;
                out.insert(SmolStr::from(string(k)?), value_at(x, depth + 1)?);
            }
            Ok(Value::Record(std::sync::Arc::new(out)))
        }
        "ext" => Ok(Value::Ext(std::sync::Arc::new(ext(field)?))),
        _ => Err(shape("a Value", v)),
    }
}

/// One of the model's evaluation errors.
pub(crate) fn error(v: &V) -> R<ModelError> {
    Ok(match ctor(v, "an Error")?.0 {
        "entityDoesNotExist" => ModelError::EntityDoesNotExist,
        "attrDoesNotExist" => ModelError::AttrDoesNotExist,
        "tagDoesNotExist" => ModelError::TagDoesNotExist,
        "typeError" => ModelError::TypeError,
        "arithBoundsError" => ModelError::ArithBoundsError,
        "extensionError" => ModelError::ExtensionError,
        _ => return Err(shape("an Error", v)),
    })
}

/// A `Result Value` (`Except Error Value`).
pub(crate) fn result(v: &V) -> R<Result<Value, ModelError>> {
    match ctor(v, "an Except")? {
        ("ok", f) if f.len() == 1 => Ok(Ok(value(f[0])?)),
        ("error", f) if f.len() == 1 => Ok(Err(error(f[0])?)),
        _ => Err(shape("an Except", v)),
    }
}

fn ids(v: &V) -> R<BTreeSet<String>> {
    list(v)?.into_iter().map(string).collect()
}

/// An authorization response.
pub(crate) fn response(v: &V) -> R<ModelResponse> {
    match ctor(v, "a Response")? {
        ("mk", f) if f.len() == 3 => {
            let decision = match ctor(f[0], "a Decision")?.0 {
                "allow" => Decision::Allow,
                "deny" => Decision::Deny,
                _ => return Err(shape("a Decision", f[0])),
            };
            Ok(ModelResponse {
                decision,
                determining: ids(f[1])?,
                erroring: ids(f[2])?,
            })
        }
        _ => Err(shape("a Response", v)),
    }
}
