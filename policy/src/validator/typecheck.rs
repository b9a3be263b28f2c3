//! Typing expressions in one request environment, with capabilities.
//!
//! The rules follow Cedar's strict typechecker. Booleans have singleton types so that
//! `&&`, `||` and `if` short-circuit at the type level: a branch that cannot run is not
//! typed. A `has` test (or `hasTag`) that holds yields a *capability* for the tested
//! expression and attribute; capabilities flow from the left of `&&` to its right and
//! from an `if` condition to its `then` branch, and reading an optional attribute (or a
//! tag) requires one.

use std::sync::Arc;

use smol_str::SmolStr;

pub(crate) use super::capabilities::{expr_key, Capability, Caps};
use super::diagnostics::ValidationErrorKind as K;
use super::types::{lub, Attrs, BoolType, Type};
use crate::ast::{
    BinaryOp, Builtin, Expr, ExprKind, ExtFn, Literal, Loc, UnaryOp, Var, MAX_EXPR_DEPTH,
};
use crate::schema::{ExtType, RecordType, Schema};
use crate::value::{EntityUid, Name};

/// The request types an expression is typed under.
pub(crate) struct RequestEnv<'a> {
    pub principal: &'a Name,
    pub action: &'a EntityUid,
    pub resource: &'a Name,
    pub context: &'a Arc<RecordType>,
}

/// A typing result: the type and the capabilities that hold when the expression
/// evaluates to `true`. `None` means an error was recorded.
type Typed = Option<(Type, Caps)>;

/// The typechecker for one request environment. Errors go to `errors` as
/// `(location, kind)`; the caller attaches the policy id.
pub(crate) struct Typer<'a> {
    pub schema: &'a Schema,
    pub env: RequestEnv<'a>,
    pub errors: &'a mut Vec<(Loc, K)>,
}

fn bool_ty(b: BoolType) -> Typed {
    Some((Type::Bool(b), Caps::new()))
}

/// The signature of an extension function: argument types (receiver first) and result.
fn ext_signature(f: ExtFn) -> (&'static [ExtType], Type) {
    use ExtType::{Datetime as Dt, Decimal as Dec, Duration as Dur, IpAddr as Ip};
    match f {
        ExtFn::Decimal => (&[], Type::Ext(Dec)),
        ExtFn::Ip => (&[], Type::Ext(Ip)),
        ExtFn::Datetime => (&[], Type::Ext(Dt)),
        ExtFn::Duration => (&[], Type::Ext(Dur)),
        ExtFn::LessThan
        | ExtFn::LessThanOrEqual
        | ExtFn::GreaterThan
        | ExtFn::GreaterThanOrEqual => (&[Dec, Dec], Type::BOOL),
        ExtFn::IsIpv4 | ExtFn::IsIpv6 | ExtFn::IsLoopback | ExtFn::IsMulticast => {
            (&[Ip], Type::BOOL)
        }
        ExtFn::IsInRange => (&[Ip, Ip], Type::BOOL),
        ExtFn::Offset => (&[Dt, Dur], Type::Ext(Dt)),
        ExtFn::DurationSince => (&[Dt, Dt], Type::Ext(Dur)),
        ExtFn::ToDate => (&[Dt], Type::Ext(Dt)),
        ExtFn::ToTime => (&[Dt], Type::Ext(Dur)),
        ExtFn::ToMilliseconds
        | ExtFn::ToSeconds
        | ExtFn::ToMinutes
        | ExtFn::ToHours
        | ExtFn::ToDays => (&[Dur], Type::Long),
    }
}

/// The literal entity `e` denotes, if it is one.
fn literal_uid(e: &Expr) -> Option<&EntityUid> {
    match &e.kind {
        ExprKind::Lit(Literal::Entity(u)) => Some(u),
        _ => None,
    }
}

impl Typer<'_> {
    fn err(&mut self, loc: Loc, kind: K) -> Typed {
        self.errors.push((loc, kind));
        None
    }

    fn expect_bool(&mut self, e: &Expr, caps: &Caps, depth: usize) -> Option<(BoolType, Caps)> {
        let (t, c) = self.type_of(e, caps, depth)?;
        match t {
            Type::Bool(b) => Some((b, c)),
            found => {
                self.err(
                    e.loc,
                    K::UnexpectedType {
                        expected: "Bool",
                        found,
                    },
                );
                None
            }
        }
    }

    /// The action `e` certainly denotes: the request's action or an action literal.
    fn action_uid<'e>(&'e self, e: &'e Expr) -> Option<&'e EntityUid> {
        match &e.kind {
            ExprKind::Var(Var::Action) => Some(self.env.action),
            ExprKind::Lit(Literal::Entity(u)) if self.schema.action(u).is_some() => Some(u),
            _ => None,
        }
    }

    /// The literal `e` is, counting `action` as the request's action (Cedar substitutes
    /// it before typing).
    fn literal<'e>(&'e self, e: &'e Expr) -> Option<std::borrow::Cow<'e, Literal>> {
        match &e.kind {
            ExprKind::Lit(l) => Some(std::borrow::Cow::Borrowed(l)),
            ExprKind::Var(Var::Action) => Some(std::borrow::Cow::Owned(Literal::Entity(
                self.env.action.clone(),
            ))),
            _ => None,
        }
    }

    /// The type of `e`, or `None` after recording an error.
    pub fn type_of(&mut self, e: &Expr, caps: &Caps, depth: usize) -> Typed {
        if depth > MAX_EXPR_DEPTH + 8 {
            return self.err(e.loc, K::TooDeep);
        }
        let d = depth + 1;
        match &e.kind {
            ExprKind::Lit(l) => match l {
                Literal::Bool(b) => bool_ty(BoolType::of(*b)),
                Literal::Long(_) => Some((Type::Long, Caps::new())),
                Literal::String(_) => Some((Type::String, Caps::new())),
                // Unknown entities are reported once by the name check.
                Literal::Entity(u) => self
                    .schema
                    .knows_entity(u)
                    .then(|| (Type::Entity(u.ty.clone()), Caps::new())),
            },
            ExprKind::Var(v) => Some((
                match v {
                    Var::Principal => Type::Entity(self.env.principal.clone()),
                    Var::Action => Type::Entity(self.env.action.ty.clone()),
                    Var::Resource => Type::Entity(self.env.resource.clone()),
                    Var::Context => Type::from_record(self.env.context),
                },
                Caps::new(),
            )),
            // Slots only stand in scopes, which are checked separately.
            ExprKind::Slot(_) => None,
            ExprKind::If {
                cond,
                then_expr,
                else_expr,
            } => {
                let (b, c1) = self.expect_bool(cond, caps, d)?;
                match b {
                    BoolType::True => {
                        let (t, c2) = self.type_of(then_expr, &union(caps, &c1), d)?;
                        Some((t, union(&c1, &c2)))
                    }
                    BoolType::False => self.type_of(else_expr, caps, d),
                    BoolType::Any => {
                        let then_t = self.type_of(then_expr, &union(caps, &c1), d);
                        let else_t = self.type_of(else_expr, caps, d);
                        let ((t2, c2), (t3, c3)) = (then_t?, else_t?);
                        match lub(&t2, &t3) {
                            Some(t) => {
                                let caps = union(&c1, &c2).intersection(&c3).cloned().collect();
                                Some((t, caps))
                            }
                            None => self.err(
                                e.loc,
                                K::IncompatibleTypes {
                                    context: "the branches of `if`",
                                    types: vec![t2, t3],
                                },
                            ),
                        }
                    }
                }
            }
            ExprKind::And(a, b) => {
                let (b1, c1) = self.expect_bool(a, caps, d)?;
                if b1 == BoolType::False {
                    return bool_ty(BoolType::False);
                }
                let (b2, c2) = self.expect_bool(b, &union(caps, &c1), d)?;
                match b2 {
                    BoolType::False => bool_ty(BoolType::False),
                    BoolType::True => Some((Type::Bool(b1), union(&c1, &c2))),
                    BoolType::Any => Some((Type::BOOL, union(&c1, &c2))),
                }
            }
            ExprKind::Or(a, b) => {
                let (b1, c1) = self.expect_bool(a, caps, d)?;
                match b1 {
                    BoolType::True => Some((Type::Bool(BoolType::True), c1)),
                    BoolType::False => {
                        let (b2, c2) = self.expect_bool(b, caps, d)?;
                        Some((Type::Bool(b2), c2))
                    }
                    BoolType::Any => {
                        let (b2, c2) = self.expect_bool(b, caps, d)?;
                        match b2 {
                            BoolType::True => bool_ty(BoolType::True),
                            BoolType::False => Some((Type::BOOL, c1)),
                            BoolType::Any => {
                                Some((Type::BOOL, c1.intersection(&c2).cloned().collect()))
                            }
                        }
                    }
                }
            }
            ExprKind::Unary(op, a) => {
                let (t, _) = self.type_of(a, caps, d)?;
                match (op, t) {
                    (UnaryOp::Not, Type::Bool(b)) => bool_ty(!b),
                    (UnaryOp::Neg, Type::Long) => Some((Type::Long, Caps::new())),
                    (UnaryOp::Not, found) => self.err(
                        a.loc,
                        K::UnexpectedType {
                            expected: "Bool",
                            found,
                        },
                    ),
                    (UnaryOp::Neg, found) => self.err(
                        a.loc,
                        K::UnexpectedType {
                            expected: "Long",
                            found,
                        },
                    ),
                }
            }
            ExprKind::Binary(op, a, b) => self.binary(e, *op, a, b, caps, d),
            ExprKind::GetAttr { expr, attr, .. } => self.get_attr(e, expr, attr, caps, d),
            ExprKind::HasAttr { expr, attr, .. } => self.has_attr(expr, attr, caps, d),
            ExprKind::Like(a, _) => match self.type_of(a, caps, d)?.0 {
                Type::String => bool_ty(BoolType::Any),
                found => self.err(
                    a.loc,
                    K::UnexpectedType {
                        expected: "String",
                        found,
                    },
                ),
            },
            ExprKind::Is {
                expr,
                entity_type,
                in_expr,
            } => {
                let is = match self.type_of(expr, caps, d)?.0 {
                    Type::Entity(n) => BoolType::of(&n == entity_type),
                    found => {
                        return self.err(
                            expr.loc,
                            K::UnexpectedType {
                                expected: "an entity",
                                found,
                            },
                        )
                    }
                };
                match (is, in_expr) {
                    (BoolType::False, _) | (_, None) => bool_ty(is),
                    (_, Some(target)) => {
                        let (t, _) = self.in_op(e, expr, target, caps, d)?;
                        bool_ty(t.as_bool().unwrap_or(BoolType::Any))
                    }
                }
            }
            ExprKind::Set(items) => {
                if items.is_empty() {
                    return self.err(e.loc, K::EmptySetLiteral);
                }
                let mut types = Vec::with_capacity(items.len());
                let mut failed = false;
                for i in items {
                    match self.type_of(i, caps, d) {
                        Some((t, _)) => types.push(t),
                        None => failed = true,
                    }
                }
                if failed {
                    return None;
                }
                let mut acc = types[0].clone();
                for t in &types[1..] {
                    match lub(&acc, t) {
                        Some(l) => acc = l,
                        None => {
                            return self.err(
                                e.loc,
                                K::IncompatibleTypes {
                                    context: "the elements of a set",
                                    types: vec![acc, t.clone()],
                                },
                            )
                        }
                    }
                }
                Some((Type::Set(Box::new(acc)), Caps::new()))
            }
            ExprKind::Record(fields) => {
                let mut out = std::collections::BTreeMap::new();
                let mut failed = false;
                for (k, v) in fields {
                    match self.type_of(v, caps, d) {
                        Some((ty, _)) => {
                            out.insert(k.clone(), super::types::AttrTy { ty, required: true });
                        }
                        None => failed = true,
                    }
                }
                (!failed).then(|| (Type::Record(Arc::new(out)), Caps::new()))
            }
            ExprKind::MethodCall {
                method,
                receiver,
                args,
            } => self.method(e, *method, receiver, args, caps, d),
            ExprKind::Call { func, args } => self.ext_call(e, *func, None, args, caps, d),
        }
    }

    fn binary(
        &mut self,
        e: &Expr,
        op: BinaryOp,
        a: &Expr,
        b: &Expr,
        caps: &Caps,
        d: usize,
    ) -> Typed {
        if op == BinaryOp::In {
            return self.in_op(e, a, b, caps, d);
        }
        let ta = self.type_of(a, caps, d);
        let tb = self.type_of(b, caps, d);
        let ((ta, _), (tb, _)) = (ta?, tb?);
        match op {
            BinaryOp::Eq | BinaryOp::NotEq => {
                let eq = match (self.literal(a), self.literal(b)) {
                    (Some(x), Some(y)) => BoolType::of(x == y),
                    _ => match lub(&ta, &tb) {
                        Some(_) => BoolType::Any,
                        // Distinct entity types are never equal.
                        None if matches!((&ta, &tb), (Type::Entity(_), Type::Entity(_))) => {
                            BoolType::False
                        }
                        None => {
                            return self.err(
                                e.loc,
                                K::IncompatibleTypes {
                                    context: "an equality test",
                                    types: vec![ta, tb],
                                },
                            )
                        }
                    },
                };
                bool_ty(if op == BinaryOp::Eq { eq } else { !eq })
            }
            BinaryOp::Less | BinaryOp::LessEq | BinaryOp::Greater | BinaryOp::GreaterEq => {
                match (&ta, &tb) {
                    (Type::Long, Type::Long) => bool_ty(BoolType::Any),
                    (Type::Ext(x), Type::Ext(y))
                        if x == y && matches!(x, ExtType::Datetime | ExtType::Duration) =>
                    {
                        bool_ty(BoolType::Any)
                    }
                    _ => self.err(
                        e.loc,
                        K::InvalidOperands {
                            op: op.symbol(),
                            expected: "Long, datetime or duration",
                            found: vec![ta, tb],
                        },
                    ),
                }
            }
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul => match (&ta, &tb) {
                (Type::Long, Type::Long) => Some((Type::Long, Caps::new())),
                _ => self.err(
                    e.loc,
                    K::InvalidOperands {
                        op: op.symbol(),
                        expected: "Long",
                        found: vec![ta, tb],
                    },
                ),
            },
            BinaryOp::In => None,
        }
    }

    /// `a in b`, where `b` is an entity or a set of entities.
    fn in_op(&mut self, e: &Expr, a: &Expr, b: &Expr, caps: &Caps, d: usize) -> Typed {
        let ta = self.type_of(a, caps, d);
        let tb = self.type_of(b, caps, d);
        let ((ta, _), (tb, _)) = (ta?, tb?);
        let Type::Entity(lhs) = ta else {
            return self.err(
                a.loc,
                K::UnexpectedType {
                    expected: "an entity",
                    found: ta,
                },
            );
        };
        let action = self.action_uid(a).cloned();
        match tb {
            Type::Entity(rhs) => {
                let b_ty = match (action, literal_uid(b)) {
                    (Some(act), Some(group)) if self.schema.action(group).is_some() => {
                        BoolType::of(self.schema.action_in(&act, group))
                    }
                    _ if self.schema.type_may_be_in(&lhs, &rhs) => BoolType::Any,
                    _ => BoolType::False,
                };
                bool_ty(b_ty)
            }
            Type::Set(elem) => match *elem {
                Type::Entity(rhs) => {
                    let groups: Option<Vec<&EntityUid>> = match &b.kind {
                        ExprKind::Set(items) => items
                            .iter()
                            .map(|i| literal_uid(i).filter(|u| self.schema.action(u).is_some()))
                            .collect(),
                        _ => None,
                    };
                    let b_ty = match (action, groups) {
                        (Some(act), Some(groups)) => {
                            BoolType::of(groups.iter().any(|g| self.schema.action_in(&act, g)))
                        }
                        _ if self.schema.type_may_be_in(&lhs, &rhs) => BoolType::Any,
                        _ => BoolType::False,
                    };
                    bool_ty(b_ty)
                }
                found => self.err(
                    b.loc,
                    K::UnexpectedType {
                        expected: "an entity or a set of entities",
                        found: Type::Set(Box::new(found)),
                    },
                ),
            },
            found => {
                let _ = e;
                self.err(
                    b.loc,
                    K::UnexpectedType {
                        expected: "an entity or a set of entities",
                        found,
                    },
                )
            }
        }
    }

    /// The attributes of values of type `t` (records, or entities by their shape);
    /// `Err` with the error to report otherwise.
    fn attrs_of(&self, t: &Type, attr: &SmolStr) -> Result<(Attrs, bool), Option<K>> {
        match t {
            Type::Record(r) => Ok((r.clone(), true)),
            Type::Entity(n) => match self.schema.entity_type(n) {
                Some(def) => match Type::from_record(def.shape().unwrap_or(&RecordType::default()))
                {
                    Type::Record(r) => Ok((r, false)),
                    _ => Err(None),
                },
                None if self.schema.is_action_type(n) => {
                    Err(Some(K::ActionAttribute { attr: attr.clone() }))
                }
                None => Err(None),
            },
            found => Err(Some(K::UnexpectedType {
                expected: "an entity or a record",
                found: found.clone(),
            })),
        }
    }

    fn get_attr(
        &mut self,
        e: &Expr,
        target: &Expr,
        attr: &SmolStr,
        caps: &Caps,
        d: usize,
    ) -> Typed {
        let (t, _) = self.type_of(target, caps, d)?;
        let attrs = match self.attrs_of(&t, attr) {
            Ok((a, _)) => a,
            Err(Some(k)) => return self.err(e.loc, k),
            Err(None) => return None,
        };
        match attrs.get(attr) {
            Some(a) if a.required => Some((a.ty.clone(), Caps::new())),
            Some(a) => {
                if caps.contains(&Capability::Attr(expr_key(target), attr.clone())) {
                    Some((a.ty.clone(), Caps::new()))
                } else {
                    self.err(
                        e.loc,
                        K::OptionalAttribute {
                            attr: attr.clone(),
                            on: t,
                        },
                    )
                }
            }
            None => {
                let suggestion = super::names::suggest(attr, attrs.keys().map(|k| k.as_str()))
                    .map(SmolStr::from);
                self.err(
                    e.loc,
                    K::AttributeNotFound {
                        attr: attr.clone(),
                        on: t,
                        suggestion,
                    },
                )
            }
        }
    }

    fn has_attr(&mut self, target: &Expr, attr: &SmolStr, caps: &Caps, d: usize) -> Typed {
        let (t, _) = self.type_of(target, caps, d)?;
        let (attrs, known_to_exist) = match self.attrs_of(&t, attr) {
            Ok(r) => r,
            Err(Some(K::ActionAttribute { .. })) => return bool_ty(BoolType::False),
            Err(Some(k)) => return self.err(target.loc, k),
            Err(None) => return None,
        };
        let cap = Capability::Attr(expr_key(target), attr.clone());
        match attrs.get(attr) {
            None => bool_ty(BoolType::False),
            Some(_) if caps.contains(&cap) => bool_ty(BoolType::True),
            Some(a) if a.required && known_to_exist => bool_ty(BoolType::True),
            Some(_) => Some((Type::BOOL, Caps::from([cap]))),
        }
    }

    fn method(
        &mut self,
        e: &Expr,
        method: Builtin,
        receiver: &Expr,
        args: &[Expr],
        caps: &Caps,
        d: usize,
    ) -> Typed {
        if let Builtin::Ext(f) = method {
            return self.ext_call(e, f, Some(receiver), args, caps, d);
        }
        if args.len() != method.arity() {
            return self.err(
                e.loc,
                K::WrongArity {
                    func: method.name(),
                    expected: method.arity(),
                    got: args.len(),
                },
            );
        }
        let tr = self.type_of(receiver, caps, d);
        let targs: Vec<Typed> = args.iter().map(|a| self.type_of(a, caps, d)).collect();
        let (tr, _) = tr?;
        let mut arg_types = Vec::with_capacity(targs.len());
        for t in targs {
            arg_types.push(t?.0);
        }
        let name = method.name();
        match (method, tr, arg_types.as_slice()) {
            (Builtin::IsEmpty, Type::Set(_), []) => bool_ty(BoolType::Any),
            (Builtin::Contains, Type::Set(elem), [x]) => match lub(&elem, x) {
                Some(_) => bool_ty(BoolType::Any),
                None => self.err(
                    e.loc,
                    K::IncompatibleTypes {
                        context: "`contains`",
                        types: vec![Type::Set(elem), x.clone()],
                    },
                ),
            },
            (Builtin::ContainsAll | Builtin::ContainsAny, Type::Set(x), [Type::Set(y)]) => {
                match lub(&x, y) {
                    Some(_) => bool_ty(BoolType::Any),
                    None => self.err(
                        e.loc,
                        K::IncompatibleTypes {
                            context: if method == Builtin::ContainsAll {
                                "`containsAll`"
                            } else {
                                "`containsAny`"
                            },
                            types: vec![Type::Set(x), Type::Set(y.clone())],
                        },
                    ),
                }
            }
            (Builtin::HasTag | Builtin::GetTag, Type::Entity(n), [Type::String]) => {
                let cap = Capability::Tag(
                    expr_key(receiver),
                    args.first().map(expr_key).unwrap_or_default(),
                );
                let tags = match self.schema.entity_type(&n) {
                    Some(def) => def.tags().map(Type::from_schema),
                    None if self.schema.is_action_type(&n) => None,
                    None => return None,
                };
                match (method, tags) {
                    (Builtin::HasTag, None) => bool_ty(BoolType::False),
                    (Builtin::HasTag, Some(_)) if caps.contains(&cap) => bool_ty(BoolType::True),
                    (Builtin::HasTag, Some(_)) => Some((Type::BOOL, Caps::from([cap]))),
                    (_, None) => self.err(e.loc, K::NoTags { on: n }),
                    (_, Some(t)) if caps.contains(&cap) => Some((t, Caps::new())),
                    (_, Some(_)) => self.err(e.loc, K::UnsafeTagAccess { on: n }),
                }
            }
            (_, tr, found_args) => {
                let expected = match method {
                    Builtin::HasTag | Builtin::GetTag => "an entity and a String",
                    _ => "set",
                };
                let mut found = vec![tr];
                found.extend(found_args.iter().cloned());
                self.err(
                    e.loc,
                    K::InvalidOperands {
                        op: name,
                        expected,
                        found,
                    },
                )
            }
        }
    }

    fn ext_call(
        &mut self,
        e: &Expr,
        f: ExtFn,
        receiver: Option<&Expr>,
        args: &[Expr],
        caps: &Caps,
        d: usize,
    ) -> Typed {
        let all: Vec<&Expr> = receiver.into_iter().chain(args.iter()).collect();
        if all.len() != f.arity() {
            return self.err(
                e.loc,
                K::WrongArity {
                    func: f.name(),
                    expected: f.arity(),
                    got: all.len(),
                },
            );
        }
        let (params, result) = ext_signature(f);
        if params.is_empty() {
            // A constructor: strict validation requires a literal it accepts.
            let arg = all.first().copied();
            return match arg.map(|a| &a.kind) {
                Some(ExprKind::Lit(Literal::String(s))) => match crate::ext::construct(f.name(), s)
                {
                    Ok(_) => Some((result, Caps::new())),
                    Err(err) => self.err(
                        e.loc,
                        K::ExtensionArgument {
                            func: f.name(),
                            message: match err {
                                crate::error::EvalError::Extension { message, .. } => message,
                                other => other.to_string(),
                            },
                        },
                    ),
                },
                _ => self.err(e.loc, K::NonLiteralExtensionArgument { func: f.name() }),
            };
        }
        let typed: Vec<Typed> = all.iter().map(|a| self.type_of(a, caps, d)).collect();
        let mut found = Vec::with_capacity(typed.len());
        for t in typed {
            found.push(t?.0);
        }
        let ok = found
            .iter()
            .zip(params.iter())
            .all(|(t, p)| *t == Type::Ext(*p));
        if ok {
            Some((result, Caps::new()))
        } else {
            self.err(
                e.loc,
                K::InvalidOperands {
                    op: f.name(),
                    expected: params_desc(params),
                    found,
                },
            )
        }
    }
}

fn params_desc(params: &[ExtType]) -> &'static str {
    use ExtType::*;
    match params {
        [Decimal, Decimal] => "decimal",
        [IpAddr] | [IpAddr, IpAddr] => "ipaddr",
        [Datetime, Duration] => "datetime and duration",
        [Datetime] | [Datetime, Datetime] => "datetime",
        [Duration] => "duration",
        _ => "extension",
    }
}

fn union(a: &Caps, b: &Caps) -> Caps {
    a.union(b).cloned().collect()
}
