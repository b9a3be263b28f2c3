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
///
/// The recursion passes through this function and one small handler per level;
/// both keep their stack frames small (the handler is chosen through a function
/// pointer, so this frame holds no per-operator temporaries), which keeps
/// [`MAX_EXPR_DEPTH`] levels well within a default thread stack even in debug
/// builds.
pub(crate) fn expr(v: &Value, at: &At<'_>, depth: usize) -> Result<Expr, PolicyJsonError> {
    if depth > MAX_EXPR_DEPTH {
        return Err(at.err(PolicyJsonErrorKind::TooDeep));
    }
    let map = object(v, at, "an expression object")?;
    let (op, body) = match map.iter().next() {
        Some(entry) if map.len() == 1 => entry,
        _ => return Err(at.err(PolicyJsonErrorKind::NotSingleKey(map.len()))),
    };
    let handler = handler(op);
    handler(op, body, &at.key(op), depth).map(Expr::new)
}

/// Reads the body of one operator; `depth` is the depth of the operator's node.
type Handler = fn(&str, &Value, &At<'_>, usize) -> Result<ExprKind, PolicyJsonError>;

/// The handler for the operator key `op`.
fn handler(op: &str) -> Handler {
    match op {
        "Value" => |_, body, at, depth| value(body, at, depth).map(|e| e.kind),
        "Var" => |_, body, at, _| var(body, at).map(ExprKind::Var),
        "Slot" => |_, body, at, _| {
            let slot = slot_id(body, at)?;
            Err(at.err(PolicyJsonErrorKind::SlotInCondition(slot)))
        },
        "Unknown" => |_, _, at, _| {
            Err(at.err(PolicyJsonErrorKind::Unsupported(
                "partial-evaluation unknowns (`Unknown`)",
            )))
        },
        "!" | "neg" | "isEmpty" => unary,
        "if-then-else" => if_then_else,
        "." | "has" => attr,
        "like" => like,
        "is" => is,
        "Set" => set,
        "Record" => record,
        _ => binary,
    }
}

/// `!`, `neg` and `isEmpty`: `{"arg": e}`.
fn unary(op: &str, body: &Value, at: &At<'_>, depth: usize) -> Result<ExprKind, PolicyJsonError> {
    let map = object(body, at, "an object with `arg`")?;
    only_keys(map, &["arg"], at)?;
    let arg = Box::new(expr(required(map, "arg", at)?, &at.key("arg"), depth + 1)?);
    Ok(match op {
        "!" => ExprKind::Unary(UnaryOp::Not, arg),
        "neg" => ExprKind::Unary(UnaryOp::Neg, arg),
        _ => ExprKind::MethodCall {
            method: Builtin::IsEmpty,
            receiver: arg,
            args: Vec::new(),
        },
    })
}

/// `{"if": c, "then": a, "else": b}`
fn if_then_else(
    _: &str,
    body: &Value,
    at: &At<'_>,
    depth: usize,
) -> Result<ExprKind, PolicyJsonError> {
    let map = object(body, at, "an object with `if`, `then` and `else`")?;
    only_keys(map, &["if", "then", "else"], at)?;
    let part =
        |key: &'static str| expr(required(map, key, at)?, &at.key(key), depth + 1).map(Box::new);
    Ok(ExprKind::If {
        cond: part("if")?,
        then_expr: part("then")?,
        else_expr: part("else")?,
    })
}

/// `.` and `has`: `{"left": e, "attr": "a"}`.
fn attr(op: &str, body: &Value, at: &At<'_>, depth: usize) -> Result<ExprKind, PolicyJsonError> {
    let map = object(body, at, "an object with `left` and `attr`")?;
    only_keys(map, &["left", "attr"], at)?;
    let left = Box::new(expr(
        required(map, "left", at)?,
        &at.key("left"),
        depth + 1,
    )?);
    let attr = SmolStr::new(string(required(map, "attr", at)?, &at.key("attr"))?);
    let quoted = attr_needs_quotes(&attr);
    Ok(if op == "." {
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
    })
}

/// `{"left": e, "pattern": [...]}`
fn like(_: &str, body: &Value, at: &At<'_>, depth: usize) -> Result<ExprKind, PolicyJsonError> {
    let map = object(body, at, "an object with `left` and `pattern`")?;
    only_keys(map, &["left", "pattern"], at)?;
    let left = expr(required(map, "left", at)?, &at.key("left"), depth + 1)?;
    let pattern = pattern(required(map, "pattern", at)?, &at.key("pattern"))?;
    Ok(ExprKind::Like(Box::new(left), pattern))
}

/// `{"left": e, "entity_type": "T"}`, optionally with `"in": e`.
fn is(_: &str, body: &Value, at: &At<'_>, depth: usize) -> Result<ExprKind, PolicyJsonError> {
    let map = object(body, at, "an object with `left` and `entity_type`")?;
    only_keys(map, &["left", "entity_type", "in"], at)?;
    let left = expr(required(map, "left", at)?, &at.key("left"), depth + 1)?;
    let ty = name(required(map, "entity_type", at)?, &at.key("entity_type"))?;
    let in_expr = match map.get("in") {
        Some(v) => Some(Box::new(expr(v, &at.key("in"), depth + 1)?)),
        None => None,
    };
    Ok(ExprKind::Is {
        expr: Box::new(left),
        entity_type: ty,
        in_expr,
    })
}

/// Reads each expression of an array (loops rather than iterator adaptors keep
/// the recursion to two frames per level).
fn exprs(items: &[Value], at: &At<'_>, depth: usize) -> Result<Vec<Expr>, PolicyJsonError> {
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        out.push(expr(item, &at.index(i), depth)?);
    }
    Ok(out)
}

/// `[e, …]`
fn set(_: &str, body: &Value, at: &At<'_>, depth: usize) -> Result<ExprKind, PolicyJsonError> {
    let items = array(body, at, "an array of expressions")?;
    exprs(items, at, depth + 1).map(ExprKind::Set)
}

/// `{"a": e, …}`
fn record(_: &str, body: &Value, at: &At<'_>, depth: usize) -> Result<ExprKind, PolicyJsonError> {
    let map = object(body, at, "an object of expressions")?;
    let mut fields = Vec::with_capacity(map.len());
    for (k, v) in map {
        fields.push((SmolStr::new(k), expr(v, &at.key(k), depth + 1)?));
    }
    Ok(ExprKind::Record(fields))
}

/// A binary operator, a one-argument built-in method, or else an extension call.
fn binary(op: &str, body: &Value, at: &At<'_>, depth: usize) -> Result<ExprKind, PolicyJsonError> {
    use BinaryOp as B;
    let bin = |op: BinaryOp| Some(Ok(op));
    let method = |m: Builtin| Some(Err(m));
    let which = match op {
        "==" => bin(B::Eq),
        "!=" => bin(B::NotEq),
        "<" => bin(B::Less),
        "<=" => bin(B::LessEq),
        ">" => bin(B::Greater),
        ">=" => bin(B::GreaterEq),
        "+" => bin(B::Add),
        "-" => bin(B::Sub),
        "*" => bin(B::Mul),
        "in" => bin(B::In),
        "&&" | "||" => None,
        "contains" => method(Builtin::Contains),
        "containsAll" => method(Builtin::ContainsAll),
        "containsAny" => method(Builtin::ContainsAny),
        "getTag" => method(Builtin::GetTag),
        "hasTag" => method(Builtin::HasTag),
        _ => return ext_call(op, body, at, depth),
    };
    let map = object(body, at, "an object with `left` and `right`")?;
    only_keys(map, &["left", "right"], at)?;
    let left = Box::new(expr(
        required(map, "left", at)?,
        &at.key("left"),
        depth + 1,
    )?);
    let right = expr(required(map, "right", at)?, &at.key("right"), depth + 1)?;
    Ok(match which {
        Some(Ok(op)) => ExprKind::Binary(op, left, Box::new(right)),
        Some(Err(method)) => ExprKind::MethodCall {
            method,
            receiver: left,
            args: vec![right],
        },
        None if op == "&&" => ExprKind::And(left, Box::new(right)),
        None => ExprKind::Or(left, Box::new(right)),
    })
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
    // Any other number of arguments is read, as Cedar reads it, and raises an
    // evaluation error (and a validation error) rather than a format error.
    let mut args = exprs(items, at, depth + 1)?;
    if !func.is_method() {
        return Ok(ExprKind::Call { func, args });
    }
    if args.is_empty() {
        // A method needs at least its receiver.
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
        Value::Array(items) => {
            let mut elems = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                elems.push(value(item, &at.index(i), depth + 1)?);
            }
            ExprKind::Set(elems)
        }
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
    let mut fields = Vec::with_capacity(map.len());
    for (k, v) in map {
        fields.push((SmolStr::new(k), value(v, &at.key(k), depth + 1)?));
    }
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
