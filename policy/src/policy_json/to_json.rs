//! Writing policies and expressions in Cedar's JSON policy format.
//!
//! Writing cannot fail: every AST has a JSON form. The walk over expressions is
//! recursive and relies on the AST contract that trees are at most
//! [`MAX_EXPR_DEPTH`](crate::ast::MAX_EXPR_DEPTH) levels deep.

use serde_json::{json, Map, Value};
use smol_str::SmolStr;

use crate::ast::{
    ActionConstraint, Builtin, ConditionKind, EntityRef, Expr, ExprKind, Literal, Pattern,
    PatternElem, Policy, ScopeConstraint, SlotId, UnaryOp, Var,
};
use crate::value::{EntityUid, Name};

/// The JSON object of a policy or template (its id is not part of it).
pub(crate) fn policy(p: &Policy) -> Value {
    let mut obj = Map::new();
    obj.insert("effect".into(), Value::String(p.effect.to_string()));
    obj.insert("principal".into(), scope(&p.principal));
    obj.insert("action".into(), action(&p.action));
    obj.insert("resource".into(), scope(&p.resource));
    let conditions = p
        .conditions
        .iter()
        .map(|c| {
            let kind = match c.kind {
                ConditionKind::When => "when",
                ConditionKind::Unless => "unless",
            };
            json!({ "kind": kind, "body": expr(&c.body) })
        })
        .collect();
    obj.insert("conditions".into(), Value::Array(conditions));
    if !p.annotations.is_empty() {
        let annotations = p
            .annotations
            .iter()
            .map(|a| {
                let value = match &a.value {
                    Some(v) => Value::String(v.to_string()),
                    None => Value::Null,
                };
                (a.key.to_string(), value)
            })
            .collect();
        obj.insert("annotations".into(), Value::Object(annotations));
    }
    Value::Object(obj)
}

/// `{"type": "User", "id": "alice"}`
pub(crate) fn entity_uid(uid: &EntityUid) -> Value {
    json!({ "type": uid.ty.as_str(), "id": uid.eid.as_str() })
}

/// `"?principal"` or `"?resource"`
pub(crate) fn slot(s: SlotId) -> Value {
    Value::String(s.to_string())
}

/// The `entity` or `slot` member of a scope constraint.
fn entity_ref(r: &EntityRef) -> (&'static str, Value) {
    match r {
        EntityRef::Uid(uid) => ("entity", entity_uid(uid)),
        EntityRef::Slot(s) => ("slot", slot(*s)),
    }
}

/// A principal or resource constraint.
fn scope(c: &ScopeConstraint) -> Value {
    let mut obj = Map::new();
    match c {
        ScopeConstraint::Any => {
            obj.insert("op".into(), "All".into());
        }
        ScopeConstraint::Eq(r) | ScopeConstraint::In(r) => {
            let op = if matches!(c, ScopeConstraint::Eq(_)) {
                "=="
            } else {
                "in"
            };
            obj.insert("op".into(), op.into());
            let (key, value) = entity_ref(r);
            obj.insert(key.into(), value);
        }
        ScopeConstraint::Is(ty) => {
            obj.insert("op".into(), "is".into());
            obj.insert("entity_type".into(), ty.as_str().into());
        }
        ScopeConstraint::IsIn(ty, r) => {
            obj.insert("op".into(), "is".into());
            obj.insert("entity_type".into(), ty.as_str().into());
            let (key, value) = entity_ref(r);
            obj.insert("in".into(), json!({ key: value }));
        }
    }
    Value::Object(obj)
}

/// The action constraint.
fn action(c: &ActionConstraint) -> Value {
    match c {
        ActionConstraint::Any => json!({ "op": "All" }),
        ActionConstraint::Eq(uid) => json!({ "op": "==", "entity": entity_uid(uid) }),
        ActionConstraint::In(uid) => json!({ "op": "in", "entity": entity_uid(uid) }),
        ActionConstraint::InList(uids) => {
            let entities: Vec<Value> = uids.iter().map(entity_uid).collect();
            json!({ "op": "in", "entities": entities })
        }
    }
}

/// `{op: {"left": l, "right": r}}`
fn binary(op: &str, left: &Expr, right: &Expr) -> Value {
    json!({ op: { "left": expr(left), "right": expr(right) } })
}

/// `{op: {"arg": a}}`
fn unary(op: &str, arg: &Expr) -> Value {
    json!({ op: { "arg": expr(arg) } })
}

/// `{name: [args…]}`, the form of extension calls (a method's receiver first).
fn call<'a>(name: &str, args: impl IntoIterator<Item = &'a Expr>) -> Value {
    let mut out = Vec::new();
    for arg in args {
        out.push(expr(arg));
    }
    single(name, Value::Array(out))
}

/// A `like` pattern: `"Wildcard"` and `{"Literal": "…"}` elements, with runs of
/// literal characters merged into one `Literal`.
fn pattern(p: &Pattern) -> Value {
    let mut out = Vec::new();
    let mut run = String::new();
    for elem in &p.elems {
        match elem {
            PatternElem::Char(c) => run.push(*c),
            PatternElem::Wildcard => {
                if !run.is_empty() {
                    out.push(json!({ "Literal": std::mem::take(&mut run) }));
                }
                out.push(Value::String("Wildcard".into()));
            }
        }
    }
    if !run.is_empty() {
        out.push(json!({ "Literal": run }));
    }
    Value::Array(out)
}

/// The variable's name.
fn var(v: Var) -> Value {
    Value::String(v.to_string())
}

/// The JSON form of an expression.
///
/// Every arm is a call to a helper, so that this function's stack frame, which
/// the recursion passes through once per level, holds no `json!` temporaries.
pub(crate) fn expr(e: &Expr) -> Value {
    match &e.kind {
        ExprKind::Lit(lit) => single("Value", literal(lit)),
        ExprKind::Var(v) => single("Var", var(*v)),
        ExprKind::Slot(s) => single("Slot", slot(*s)),
        ExprKind::If {
            cond,
            then_expr,
            else_expr,
        } => if_then_else(cond, then_expr, else_expr),
        ExprKind::And(l, r) => binary("&&", l, r),
        ExprKind::Or(l, r) => binary("||", l, r),
        ExprKind::Unary(UnaryOp::Not, a) => unary("!", a),
        ExprKind::Unary(UnaryOp::Neg, a) => unary("neg", a),
        ExprKind::Binary(op, l, r) => binary(op.symbol(), l, r),
        ExprKind::GetAttr { expr: e, attr, .. } => attr_access(".", e, attr),
        ExprKind::HasAttr { expr: e, attr, .. } => attr_access("has", e, attr),
        ExprKind::Like(e, p) => like(e, p),
        ExprKind::Is {
            expr: e,
            entity_type,
            in_expr,
        } => is(e, entity_type, in_expr.as_deref()),
        ExprKind::Set(items) => set(items),
        ExprKind::Record(fields) => record(fields),
        ExprKind::MethodCall {
            method,
            receiver,
            args,
        } => method_call(*method, receiver, args),
        ExprKind::Call { func, args } => call(func.name(), args),
    }
}

/// `{key: value}`
fn single(key: &str, value: Value) -> Value {
    let mut obj = Map::new();
    obj.insert(key.into(), value);
    Value::Object(obj)
}

/// `{"if-then-else": {"if": c, "then": a, "else": b}}`
fn if_then_else(cond: &Expr, then_expr: &Expr, else_expr: &Expr) -> Value {
    json!({ "if-then-else": {
        "if": expr(cond),
        "then": expr(then_expr),
        "else": expr(else_expr),
    } })
}

/// `{"." or "has": {"left": e, "attr": a}}`
fn attr_access(op: &str, e: &Expr, attr: &str) -> Value {
    json!({ op: { "left": expr(e), "attr": attr } })
}

/// `{"like": {"left": e, "pattern": [...]}}`
fn like(e: &Expr, p: &Pattern) -> Value {
    json!({ "like": { "left": expr(e), "pattern": pattern(p) } })
}

/// `{"is": {"left": e, "entity_type": T}}`, with `"in"` if present.
fn is(e: &Expr, entity_type: &Name, in_expr: Option<&Expr>) -> Value {
    let mut body = Map::new();
    body.insert("left".into(), expr(e));
    body.insert("entity_type".into(), entity_type.as_str().into());
    if let Some(in_expr) = in_expr {
        body.insert("in".into(), expr(in_expr));
    }
    single("is", Value::Object(body))
}

/// `{"Set": [...]}`
fn set(items: &[Expr]) -> Value {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push(expr(item));
    }
    single("Set", Value::Array(out))
}

/// `{"Record": {...}}`
fn record(fields: &[(SmolStr, Expr)]) -> Value {
    let mut out = Map::new();
    for (k, v) in fields {
        out.insert(k.to_string(), expr(v));
    }
    single("Record", Value::Object(out))
}

/// A built-in or extension method call. Built-ins with the right number of
/// arguments use their dedicated forms; anything else uses the generic call form,
/// which reading rejects for a built-in, so a malformed tree never reads back as a
/// different one.
fn method_call(method: Builtin, receiver: &Expr, args: &[Expr]) -> Value {
    match (method, args) {
        (
            Builtin::Contains
            | Builtin::ContainsAll
            | Builtin::ContainsAny
            | Builtin::GetTag
            | Builtin::HasTag,
            [arg],
        ) => binary(method.name(), receiver, arg),
        (Builtin::IsEmpty, []) => unary("isEmpty", receiver),
        _ => call(method.name(), std::iter::once(receiver).chain(args)),
    }
}

/// A literal in the `Value` form: entities use the `__entity` escape.
fn literal(lit: &Literal) -> Value {
    match lit {
        Literal::Bool(b) => Value::Bool(*b),
        Literal::Long(n) => Value::from(*n),
        Literal::String(s) => Value::String(s.to_string()),
        Literal::Entity(uid) => json!({ "__entity": entity_uid(uid) }),
    }
}
