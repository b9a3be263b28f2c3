//! Reading expressions from Cedar's JSON policy format.
//!
//! Every expression node is one recursive call and carries a depth; anything
//! nested deeper than [`MAX_EXPR_DEPTH`] is rejected, so a hostile document built in
//! memory (which serde_json's parser limit does not protect) cannot overflow the
//! stack.

use serde_json::{Map, Value};
use smol_str::SmolStr;

use super::error::{PolicyJsonError, PolicyJsonErrorKind};
use super::ident::attr_needs_quotes;
use super::reader::{array, entity_uid, name, object, only_keys, required, slot_id, string, At};
use crate::ast::{
    BinaryOp, Builtin, Expr, ExprKind, ExtFn, Literal, Pattern, PatternElem, UnaryOp, Var,
    MAX_EXPR_DEPTH,
};

/// Reads the expression `v`, which stands `depth` levels deep (the outermost
/// expression is at depth 1).
pub(crate) fn expr(v: &Value, at: &At<'_>, depth: usize) -> Result<Expr, PolicyJsonError> {
    if depth > MAX_EXPR_DEPTH {
        return Err(at.err(PolicyJsonErrorKind::TooDeep));
    }
    let map = object(v, at, "an expression object")?;
    let (op, body) = match map.iter().next() {
        Some(entry) if map.len() == 1 => entry,
        _ => return Err(at.err(PolicyJsonErrorKind::NotSingleKey(map.len()))),
    };
    let at = &at.key(op);
    let inner = depth + 1;
    let kind = match op.as_str() {
        "Value" => return value(body, at, depth),
        "Var" => ExprKind::Var(var(body, at)?),
        "Slot" => {
            let slot = slot_id(body, at)?;
            return Err(at.err(PolicyJsonErrorKind::SlotInCondition(slot)));
        }
        "Unknown" => {
            return Err(at.err(PolicyJsonErrorKind::Unsupported(
                "partial-evaluation unknowns (`Unknown`)",
            )))
        }
        "!" => ExprKind::Unary(UnaryOp::Not, Box::new(arg(body, at, inner)?)),
        "neg" => ExprKind::Unary(UnaryOp::Neg, Box::new(arg(body, at, inner)?)),
        "isEmpty" => ExprKind::MethodCall {
            method: Builtin::IsEmpty,
            receiver: Box::new(arg(body, at, inner)?),
            args: Vec::new(),
        },
        "&&" => {
            let (l, r) = left_right(body, at, inner)?;
            ExprKind::And(Box::new(l), Box::new(r))
        }
        "||" => {
            let (l, r) = left_right(body, at, inner)?;
            ExprKind::Or(Box::new(l), Box::new(r))
        }
        "if-then-else" => {
            let map = object(body, at, "an object with `if`, `then` and `else`")?;
            only_keys(map, &["if", "then", "else"], at)?;
            let part = |key: &'static str| {
                expr(required(map, key, at)?, &at.key(key), inner).map(Box::new)
            };
            ExprKind::If {
                cond: part("if")?,
                then_expr: part("then")?,
                else_expr: part("else")?,
            }
        }
        "." | "has" => {
            let map = object(body, at, "an object with `left` and `attr`")?;
            only_keys(map, &["left", "attr"], at)?;
            let left = Box::new(expr(required(map, "left", at)?, &at.key("left"), inner)?);
            let attr = SmolStr::new(string(required(map, "attr", at)?, &at.key("attr"))?);
            let quoted = attr_needs_quotes(&attr);
            if op == "." {
                ExprKind::GetAttr {
                    expr: left,
                    attr,
                    bracket: quoted,
                }
            } else {
                ExprKind::HasAttr {
                    expr: left,
                    attr,
                    quoted,
                }
            }
        }
        "like" => {
            let map = object(body, at, "an object with `left` and `pattern`")?;
            only_keys(map, &["left", "pattern"], at)?;
            let left = expr(required(map, "left", at)?, &at.key("left"), inner)?;
            let pattern = pattern(required(map, "pattern", at)?, &at.key("pattern"))?;
            ExprKind::Like(Box::new(left), pattern)
        }
        "is" => {
            let map = object(body, at, "an object with `left` and `entity_type`")?;
            only_keys(map, &["left", "entity_type", "in"], at)?;
            let left = expr(required(map, "left", at)?, &at.key("left"), inner)?;
            let ty = name(required(map, "entity_type", at)?, &at.key("entity_type"))?;
            let in_expr = match map.get("in") {
                Some(v) => Some(Box::new(expr(v, &at.key("in"), inner)?)),
                None => None,
            };
            ExprKind::Is {
                expr: Box::new(left),
                entity_type: ty,
                in_expr,
            }
        }
        "Set" => {
            let items = array(body, at, "an array of expressions")?;
            let items = items
                .iter()
                .enumerate()
                .map(|(i, item)| expr(item, &at.index(i), inner))
                .collect::<Result<_, _>>()?;
            ExprKind::Set(items)
        }
        "Record" => {
            let map = object(body, at, "an object of expressions")?;
            let fields = map
                .iter()
                .map(|(k, v)| Ok((SmolStr::new(k), expr(v, &at.key(k), inner)?)))
                .collect::<Result<_, PolicyJsonError>>()?;
            ExprKind::Record(fields)
        }
        other => match binary_op(other) {
            Some(Binary::Op(op)) => {
                let (l, r) = left_right(body, at, inner)?;
                ExprKind::Binary(op, Box::new(l), Box::new(r))
            }
            Some(Binary::Method(method)) => {
                let (l, r) = left_right(body, at, inner)?;
                ExprKind::MethodCall {
                    method,
                    receiver: Box::new(l),
                    args: vec![r],
                }
            }
            None => ext_call(other, body, at, inner)?,
        },
    };
    Ok(Expr::new(kind))
}

/// A key whose body is `{"left": …, "right": …}` (besides `&&` and `||`).
enum Binary {
    /// An infix operator.
    Op(BinaryOp),
    /// A built-in method with one argument.
    Method(Builtin),
}

/// The binary operator or one-argument built-in method spelled `key`.
fn binary_op(key: &str) -> Option<Binary> {
    use BinaryOp as B;
    Some(match key {
        "==" => Binary::Op(B::Eq),
        "!=" => Binary::Op(B::NotEq),
        "<" => Binary::Op(B::Less),
        "<=" => Binary::Op(B::LessEq),
        ">" => Binary::Op(B::Greater),
        ">=" => Binary::Op(B::GreaterEq),
        "+" => Binary::Op(B::Add),
        "-" => Binary::Op(B::Sub),
        "*" => Binary::Op(B::Mul),
        "in" => Binary::Op(B::In),
        "contains" => Binary::Method(Builtin::Contains),
        "containsAll" => Binary::Method(Builtin::ContainsAll),
        "containsAny" => Binary::Method(Builtin::ContainsAny),
        "getTag" => Binary::Method(Builtin::GetTag),
        "hasTag" => Binary::Method(Builtin::HasTag),
        _ => return None,
    })
}

/// `{"arg": e}`
fn arg(body: &Value, at: &At<'_>, depth: usize) -> Result<Expr, PolicyJsonError> {
    let map = object(body, at, "an object with `arg`")?;
    only_keys(map, &["arg"], at)?;
    expr(required(map, "arg", at)?, &at.key("arg"), depth)
}

/// `{"left": l, "right": r}`
fn left_right(body: &Value, at: &At<'_>, depth: usize) -> Result<(Expr, Expr), PolicyJsonError> {
    let map = object(body, at, "an object with `left` and `right`")?;
    only_keys(map, &["left", "right"], at)?;
    let left = expr(required(map, "left", at)?, &at.key("left"), depth)?;
    let right = expr(required(map, "right", at)?, &at.key("right"), depth)?;
    Ok((left, right))
}

/// An extension function or method call, `{"name": [args…]}` with a method's
/// receiver first.
fn ext_call(
    name: &str,
    body: &Value,
    at: &At<'_>,
    depth: usize,
) -> Result<ExprKind, PolicyJsonError> {
    let func = ExtFn::from_name(name)
        .ok_or_else(|| at.err(PolicyJsonErrorKind::UnknownOperator(name.into())))?;
    let items = array(body, at, "an array of arguments")?;
    if items.len() != func.arity() {
        return Err(at.err(PolicyJsonErrorKind::WrongArity {
            func: func.name(),
            expected: func.arity(),
            found: items.len(),
        }));
    }
    let mut args = items
        .iter()
        .enumerate()
        .map(|(i, item)| expr(item, &at.index(i), depth))
        .collect::<Result<Vec<_>, _>>()?;
    if !func.is_method() {
        return Ok(ExprKind::Call { func, args });
    }
    if args.is_empty() {
        // Unreachable: every method's arity counts its receiver.
        return Err(at.err(PolicyJsonErrorKind::WrongArity {
            func: func.name(),
            expected: func.arity(),
            found: 0,
        }));
    }
    let receiver = args.remove(0);
    Ok(ExprKind::MethodCall {
        method: Builtin::Ext(func),
        receiver: Box::new(receiver),
        args,
    })
}

/// A variable name.
fn var(v: &Value, at: &At<'_>) -> Result<Var, PolicyJsonError> {
    match string(v, at)? {
        "principal" => Ok(Var::Principal),
        "action" => Ok(Var::Action),
        "resource" => Ok(Var::Resource),
        "context" => Ok(Var::Context),
        other => Err(at.err(PolicyJsonErrorKind::UnknownValue {
            what: "variable",
            found: other.into(),
            expected: "`principal`, `action`, `resource` or `context`",
        })),
    }
}

/// A `like` pattern: an array of `"Wildcard"` and `{"Literal": "…"}`.
fn pattern(v: &Value, at: &At<'_>) -> Result<Pattern, PolicyJsonError> {
    let items = array(v, at, "an array of pattern elements")?;
    let mut elems = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let at = at.index(i);
        match item {
            Value::String(s) if s == "Wildcard" => elems.push(PatternElem::Wildcard),
            Value::String(s) => {
                return Err(at.err(PolicyJsonErrorKind::UnknownValue {
                    what: "pattern element",
                    found: s.into(),
                    expected: "`\"Wildcard\"` or `{\"Literal\": …}`",
                }))
            }
            Value::Object(map) => {
                only_keys(map, &["Literal"], &at)?;
                let lit = string(required(map, "Literal", &at)?, &at.key("Literal"))?;
                elems.extend(lit.chars().map(PatternElem::Char));
            }
            other => return Err(at.wrong_type("a pattern element", other)),
        }
    }
    Ok(Pattern { elems })
}

/// A Cedar value in the entity-attribute JSON syntax, `{"Value": …}`: booleans,
/// integers, strings, arrays (sets), objects (records), and the escapes
/// `{"__entity": {"type", "id"}}` and `{"__extn": {"fn", "arg"}}`.
///
/// `__extn` becomes the constructor call it stands for, `decimal("1.5")`.
fn value(v: &Value, at: &At<'_>, depth: usize) -> Result<Expr, PolicyJsonError> {
    if depth > MAX_EXPR_DEPTH {
        return Err(at.err(PolicyJsonErrorKind::TooDeep));
    }
    let kind = match v {
        Value::Bool(b) => ExprKind::Lit(Literal::Bool(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(n) => ExprKind::Lit(Literal::Long(n)),
            None => return Err(at.err(PolicyJsonErrorKind::InvalidNumber(n.to_string()))),
        },
        Value::String(s) => ExprKind::Lit(Literal::String(s.into())),
        Value::Array(items) => ExprKind::Set(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| value(item, &at.index(i), depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(map) => return object_value(map, at, depth),
        Value::Null => return Err(at.wrong_type("a Cedar value", v)),
    };
    Ok(Expr::new(kind))
}

/// An object in a `Value`: an escape if its only key is `__entity` or `__extn`,
/// a record otherwise.
fn object_value(
    map: &Map<String, Value>,
    at: &At<'_>,
    depth: usize,
) -> Result<Expr, PolicyJsonError> {
    if map.len() == 1 {
        if let Some(inner) = map.get("__entity") {
            let uid = entity_uid(inner, &at.key("__entity"))?;
            return Ok(Expr::new(ExprKind::Lit(Literal::Entity(uid))));
        }
        if let Some(inner) = map.get("__extn") {
            return extn_escape(inner, &at.key("__extn"), depth);
        }
    }
    let fields = map
        .iter()
        .map(|(k, v)| Ok((SmolStr::new(k), value(v, &at.key(k), depth + 1)?)))
        .collect::<Result<_, PolicyJsonError>>()?;
    Ok(Expr::new(ExprKind::Record(fields)))
}

/// `{"fn": "decimal", "arg": "1.5"}`, read as the call `decimal("1.5")`.
fn extn_escape(v: &Value, at: &At<'_>, depth: usize) -> Result<Expr, PolicyJsonError> {
    if depth + 1 > MAX_EXPR_DEPTH {
        return Err(at.err(PolicyJsonErrorKind::TooDeep));
    }
    let map = object(v, at, "an object with `fn` and `arg`")?;
    only_keys(map, &["fn", "arg"], at)?;
    let fn_at = at.key("fn");
    let fn_name = string(required(map, "fn", at)?, &fn_at)?;
    let arg = match required(map, "arg", at)? {
        Value::String(s) => s,
        other => return Err(at.key("arg").wrong_type("a string", other)),
    };
    let func = match ExtFn::from_name(fn_name) {
        Some(f @ (ExtFn::Decimal | ExtFn::Ip | ExtFn::Datetime | ExtFn::Duration)) => f,
        _ => return Err(fn_at.err(PolicyJsonErrorKind::NotAConstructor(fn_name.into()))),
    };
    let arg = Expr::new(ExprKind::Lit(Literal::String(arg.into())));
    Ok(Expr::new(ExprKind::Call {
        func,
        args: vec![arg],
    }))
}

