//! Production data into model data: values, expressions (with Cedar's derived operators
//! desugared as `Data.cdr` says), policies, templates and links, entities with their
//! ancestor closure, and requests.
//!
//! Everything is built as evaluator values of the types of `Cedar/Data.cdr`. Sets and
//! records become lists in the production engine's (sorted) order; entities are listed
//! sorted by UID and their ancestors sorted, so a conversion is deterministic.

use cedrus_lang::eval::Value as V;
use cedrus_policy::ast::SlotId;
use cedrus_policy::ast::{
    ActionConstraint, BinaryOp, Builtin, ConditionKind, Effect, EntityRef, Expr, ExprKind, Literal,
    PatternElem, Policy, ScopeConstraint, TemplateLink, UnaryOp, Var,
};
use cedrus_policy::entities::Entities;
use cedrus_policy::ext::{ExtValue, IpNet};
use cedrus_policy::request::Request;
use cedrus_policy::value::{EntityUid, Value};
use num_bigint::BigUint;

use crate::ctors::Ctors;
use crate::SpecError;

/// Deepest expression or value converted (the parser allows 256 levels, JSON 128).
pub const MAX_DEPTH: usize = 300;

fn too_deep() -> SpecError {
    SpecError::Unsupported(format!("nesting deeper than {MAX_DEPTH} levels"))
}

/// Conversions into the model's data, with the model's constructors.
pub(crate) struct ToModel<'c> {
    pub(crate) c: &'c Ctors,
}

type R = Result<V, SpecError>;

impl ToModel<'_> {
    fn string(&self, s: &str) -> V {
        V::string(s)
    }

    /// An entity reference.
    pub(crate) fn uid(&self, uid: &EntityUid) -> R {
        self.c.mk(
            "Cedar.EntityUID.mk",
            vec![self.string(uid.ty.as_str()), self.string(&uid.eid)],
        )
    }

    fn prim(&self, name: &str, field: V) -> R {
        let p = self.c.mk(name, vec![field])?;
        self.c.mk("Cedar.Value.prim", vec![p])
    }

    fn ext(&self, x: &ExtValue) -> R {
        let c = self.c;
        let inner = match x {
            ExtValue::Decimal(d) => c.mk(
                "Cedar.Ext.decimal",
                vec![c.mk("Cedar.Decimal.mk", vec![V::int(*d)])?],
            )?,
            ExtValue::Ip(IpNet::V4(addr, pfx)) => c.mk(
                "Cedar.Ext.ipaddr",
                vec![c.mk(
                    "Cedar.IPAddr.v4",
                    vec![V::nat(u64::from(*addr)), V::nat(u64::from(*pfx))],
                )?],
            )?,
            ExtValue::Ip(IpNet::V6(addr, pfx)) => c.mk(
                "Cedar.Ext.ipaddr",
                vec![c.mk(
                    "Cedar.IPAddr.v6",
                    vec![V::big_nat(BigUint::from(*addr)), V::nat(u64::from(*pfx))],
                )?],
            )?,
            ExtValue::Datetime(ms) => c.mk(
                "Cedar.Ext.datetime",
                vec![c.mk("Cedar.Datetime.mk", vec![V::int(*ms)])?],
            )?,
            ExtValue::Duration(ms) => c.mk(
                "Cedar.Ext.duration",
                vec![c.mk("Cedar.Duration.mk", vec![V::int(*ms)])?],
            )?,
        };
        c.mk("Cedar.Value.ext", vec![inner])
    }

    /// A value.
    pub(crate) fn value(&self, v: &Value) -> R {
        self.value_at(v, 0)
    }

    fn value_at(&self, v: &Value, depth: usize) -> R {
        if depth > MAX_DEPTH {
            return Err(too_deep());
        }
        match v {
            Value::Bool(b) => self.prim("Cedar.Prim.bool", self.c.bool(*b)?),
            Value::Long(i) => self.prim("Cedar.Prim.long", V::int(*i)),
            Value::String(s) => self.prim("Cedar.Prim.string", self.string(s)),
            Value::Entity(uid) => self.prim("Cedar.Prim.entityUID", self.uid(uid)?),
            Value::Set(items) => {
                let vs = items
                    .iter()
                    .map(|x| self.value_at(x, depth + 1))
                    .collect::<Result<Vec<_>, _>>()?;
                self.c.mk("Cedar.Value.set", vec![self.c.list(vs)?])
            }
            Value::Record(attrs) => {
                let list = self.attrs(attrs.iter().map(|(k, v)| (k.as_str(), v)), depth)?;
                self.c.mk("Cedar.Value.record", vec![list])
            }
            Value::Ext(x) => self.ext(x),
        }
    }

    /// A list of `(name, value)` pairs.
    fn attrs<'v>(&self, attrs: impl Iterator<Item = (&'v str, &'v Value)>, depth: usize) -> R {
        let items = attrs
            .map(|(k, v)| self.c.pair(self.string(k), self.value_at(v, depth + 1)?))
            .collect::<Result<Vec<_>, _>>()?;
        self.c.list(items)
    }

    fn var(&self, v: Var) -> R {
        self.c.unit(match v {
            Var::Principal => "Cedar.Var.principal",
            Var::Action => "Cedar.Var.action",
            Var::Resource => "Cedar.Var.resource",
            Var::Context => "Cedar.Var.context",
        })
    }

    fn unary(&self, op: V, e: V) -> R {
        self.c.mk("Cedar.Expr.unaryApp", vec![op, e])
    }

    fn binary(&self, op: &str, a: V, b: V) -> R {
        self.c
            .mk("Cedar.Expr.binaryApp", vec![self.c.unit(op)?, a, b])
    }

    /// An expression, with Cedar's derived forms written in the model's core:
    /// `a != b` is `!(a == b)`, `a > b` is `b < a`, `a >= b` is `b <= a`,
    /// `e is T in f` is `e is T && e in f`, methods are operators or extension calls.
    pub(crate) fn expr(&self, e: &Expr) -> R {
        self.expr_at(e, 0)
    }

    fn expr_at(&self, e: &Expr, depth: usize) -> R {
        if depth > MAX_DEPTH {
            return Err(too_deep());
        }
        let c = self.c;
        let sub = |x: &Expr| self.expr_at(x, depth + 1);
        match &e.kind {
            ExprKind::Lit(l) => {
                let p = match l {
                    Literal::Bool(b) => c.mk("Cedar.Prim.bool", vec![c.bool(*b)?])?,
                    Literal::Long(i) => c.mk("Cedar.Prim.long", vec![V::int(*i)])?,
                    Literal::String(s) => c.mk("Cedar.Prim.string", vec![self.string(s)])?,
                    Literal::Entity(u) => c.mk("Cedar.Prim.entityUID", vec![self.uid(u)?])?,
                };
                c.mk("Cedar.Expr.lit", vec![p])
            }
            ExprKind::Var(v) => c.mk("Cedar.Expr.var", vec![self.var(*v)?]),
            ExprKind::Slot(s) => Err(SpecError::Unsupported(format!(
                "the slot {} in a condition (slots may only appear in a template's scope)",
                slot_name(*s)
            ))),
            ExprKind::If {
                cond,
                then_expr,
                else_expr,
            } => c.mk(
                "Cedar.Expr.ite",
                vec![sub(cond)?, sub(then_expr)?, sub(else_expr)?],
            ),
            ExprKind::And(a, b) => c.mk("Cedar.Expr.and", vec![sub(a)?, sub(b)?]),
            ExprKind::Or(a, b) => c.mk("Cedar.Expr.or", vec![sub(a)?, sub(b)?]),
            ExprKind::Unary(op, x) => {
                let op = c.unit(match op {
                    UnaryOp::Not => "Cedar.UnaryOp.not",
                    UnaryOp::Neg => "Cedar.UnaryOp.neg",
                })?;
                self.unary(op, sub(x)?)
            }
            ExprKind::Binary(op, a, b) => {
                let (a, b) = (sub(a)?, sub(b)?);
                match op {
                    BinaryOp::Eq => self.binary("Cedar.BinaryOp.eq", a, b),
                    BinaryOp::NotEq => {
                        let eq = self.binary("Cedar.BinaryOp.eq", a, b)?;
                        self.unary(c.unit("Cedar.UnaryOp.not")?, eq)
                    }
                    BinaryOp::Less => self.binary("Cedar.BinaryOp.less", a, b),
                    BinaryOp::LessEq => self.binary("Cedar.BinaryOp.lessEq", a, b),
                    BinaryOp::Greater => self.binary("Cedar.BinaryOp.less", b, a),
                    BinaryOp::GreaterEq => self.binary("Cedar.BinaryOp.lessEq", b, a),
                    BinaryOp::Add => self.binary("Cedar.BinaryOp.add", a, b),
                    BinaryOp::Sub => self.binary("Cedar.BinaryOp.sub", a, b),
                    BinaryOp::Mul => self.binary("Cedar.BinaryOp.mul", a, b),
                    BinaryOp::In => self.binary("Cedar.BinaryOp.mem", a, b),
                }
            }
            ExprKind::GetAttr { expr, attr, .. } => {
                c.mk("Cedar.Expr.getAttr", vec![sub(expr)?, self.string(attr)])
            }
            ExprKind::HasAttr { expr, attr, .. } => {
                c.mk("Cedar.Expr.hasAttr", vec![sub(expr)?, self.string(attr)])
            }
            ExprKind::Like(x, pat) => {
                let elems = pat
                    .elems
                    .iter()
                    .map(|p| match p {
                        PatternElem::Wildcard => c.unit("Cedar.PatElem.star"),
                        PatternElem::Char(ch) => c.mk(
                            "Cedar.PatElem.char",
                            vec![c.mk("Char.mk", vec![V::nat(u64::from(u32::from(*ch)))])?],
                        ),
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let op = c.mk("Cedar.UnaryOp.like", vec![c.list(elems)?])?;
                self.unary(op, sub(x)?)
            }
            ExprKind::Is {
                expr,
                entity_type,
                in_expr,
            } => {
                let x = sub(expr)?;
                let op = c.mk("Cedar.UnaryOp.is", vec![self.string(entity_type.as_str())])?;
                let is = self.unary(op, x.clone())?;
                match in_expr {
                    None => Ok(is),
                    Some(f) => {
                        let mem = self.binary("Cedar.BinaryOp.mem", x, sub(f)?)?;
                        c.mk("Cedar.Expr.and", vec![is, mem])
                    }
                }
            }
            ExprKind::Set(items) => {
                let vs = items.iter().map(sub).collect::<Result<Vec<_>, _>>()?;
                c.mk("Cedar.Expr.set", vec![c.list(vs)?])
            }
            ExprKind::Record(attrs) => {
                let items = attrs
                    .iter()
                    .map(|(k, v)| c.pair(self.string(k), sub(v)?))
                    .collect::<Result<Vec<_>, _>>()?;
                c.mk("Cedar.Expr.record", vec![c.list(items)?])
            }
            ExprKind::MethodCall {
                method,
                receiver,
                args,
            } => {
                let recv = sub(receiver)?;
                let mut args = args.iter().map(sub).collect::<Result<Vec<_>, _>>()?;
                let one = |args: &mut Vec<V>| match (args.pop(), args.is_empty()) {
                    (Some(a), true) => Ok(a),
                    _ => Err(SpecError::Unsupported(format!(
                        "the method {} with other than one argument",
                        method.name()
                    ))),
                };
                match method {
                    Builtin::IsEmpty if args.is_empty() => {
                        self.unary(c.unit("Cedar.UnaryOp.isEmpty")?, recv)
                    }
                    Builtin::IsEmpty => Err(SpecError::Unsupported(
                        "the method isEmpty with arguments".into(),
                    )),
                    Builtin::Contains => {
                        self.binary("Cedar.BinaryOp.contains", recv, one(&mut args)?)
                    }
                    Builtin::ContainsAll => {
                        self.binary("Cedar.BinaryOp.containsAll", recv, one(&mut args)?)
                    }
                    Builtin::ContainsAny => {
                        self.binary("Cedar.BinaryOp.containsAny", recv, one(&mut args)?)
                    }
                    Builtin::HasTag => self.binary("Cedar.BinaryOp.hasTag", recv, one(&mut args)?),
                    Builtin::GetTag => self.binary("Cedar.BinaryOp.getTag", recv, one(&mut args)?),
                    Builtin::Ext(f) => {
                        args.insert(0, recv);
                        self.call(f.name(), args)
                    }
                }
            }
            ExprKind::Call { func, args } => {
                let args = args.iter().map(sub).collect::<Result<Vec<_>, _>>()?;
                self.call(func.name(), args)
            }
        }
    }

    fn call(&self, name: &str, args: Vec<V>) -> R {
        let f = self.c.unit(&format!("Cedar.ExtFun.{name}"))?;
        self.c.mk("Cedar.Expr.call", vec![f, self.c.list(args)?])
    }

    fn entity_or_slot(&self, r: &EntityRef) -> R {
        match r {
            EntityRef::Uid(u) => self
                .c
                .mk("Cedar.EntityOrSlot.entityUID", vec![self.uid(u)?]),
            EntityRef::Slot(_) => self.c.unit("Cedar.EntityOrSlot.slot"),
        }
    }

    fn scope(&self, s: &ScopeConstraint) -> R {
        let c = self.c;
        match s {
            ScopeConstraint::Any => c.unit("Cedar.Scope.any"),
            ScopeConstraint::Eq(r) => c.mk("Cedar.Scope.eq", vec![self.entity_or_slot(r)?]),
            ScopeConstraint::In(r) => c.mk("Cedar.Scope.mem", vec![self.entity_or_slot(r)?]),
            ScopeConstraint::Is(t) => c.mk("Cedar.Scope.is", vec![self.string(t.as_str())]),
            ScopeConstraint::IsIn(t, r) => c.mk(
                "Cedar.Scope.isMem",
                vec![self.string(t.as_str()), self.entity_or_slot(r)?],
            ),
        }
    }

    fn action_scope(&self, a: &ActionConstraint) -> R {
        let c = self.c;
        match a {
            ActionConstraint::Any => c.unit("Cedar.ActionScope.any"),
            ActionConstraint::Eq(u) => c.mk("Cedar.ActionScope.eq", vec![self.uid(u)?]),
            ActionConstraint::In(u) => c.mk("Cedar.ActionScope.mem", vec![self.uid(u)?]),
            ActionConstraint::InList(us) => {
                let vs = us
                    .iter()
                    .map(|u| self.uid(u))
                    .collect::<Result<Vec<_>, _>>()?;
                c.mk("Cedar.ActionScope.memSet", vec![c.list(vs)?])
            }
        }
    }

    /// A policy or a template (its slots become `EntityOrSlot.slot`).
    pub(crate) fn policy(&self, p: &Policy) -> R {
        let c = self.c;
        let effect = c.unit(match p.effect {
            Effect::Permit => "Cedar.Effect.permit",
            Effect::Forbid => "Cedar.Effect.forbid",
        })?;
        let conds = p
            .conditions
            .iter()
            .map(|cond| {
                let kind = c.unit(match cond.kind {
                    ConditionKind::When => "Cedar.ConditionKind.whenClause",
                    ConditionKind::Unless => "Cedar.ConditionKind.unlessClause",
                })?;
                c.mk("Cedar.Condition.mk", vec![kind, self.expr(&cond.body)?])
            })
            .collect::<Result<Vec<_>, _>>()?;
        c.mk(
            "Cedar.Policy.mk",
            vec![
                self.string(&p.id),
                effect,
                self.scope(&p.principal)?,
                self.action_scope(&p.action)?,
                self.scope(&p.resource)?,
                c.list(conds)?,
            ],
        )
    }

    /// A template link.
    pub(crate) fn link(&self, l: &TemplateLink) -> R {
        let slot = |s: SlotId| -> Result<Option<V>, SpecError> {
            l.values.get(&s).map(|u| self.uid(u)).transpose()
        };
        self.c.mk(
            "Cedar.Link.mk",
            vec![
                self.string(&l.template_id),
                self.string(&l.id),
                self.c.option(slot(SlotId::Principal)?)?,
                self.c.option(slot(SlotId::Resource)?)?,
            ],
        )
    }

    /// The entity store: each entity with its attributes, all its ancestors, its tags.
    pub(crate) fn entities(&self, es: &Entities) -> R {
        let mut all: Vec<_> = es.iter().collect();
        all.sort_by(|a, b| a.uid.cmp(&b.uid));
        let items = all
            .into_iter()
            .map(|e| {
                let mut anc: Vec<&EntityUid> = e.ancestors.iter().collect();
                anc.sort();
                let anc = anc
                    .into_iter()
                    .map(|u| self.uid(u))
                    .collect::<Result<Vec<_>, _>>()?;
                let data = self.c.mk(
                    "Cedar.EntityData.mk",
                    vec![
                        self.attrs(e.attrs.iter().map(|(k, v)| (k.as_str(), v)), 0)?,
                        self.c.list(anc)?,
                        self.attrs(e.tags.iter().map(|(k, v)| (k.as_str(), v)), 0)?,
                    ],
                )?;
                self.c.pair(self.uid(&e.uid)?, data)
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.c.list(items)
    }

    /// A request; its context must be a record.
    pub(crate) fn request(&self, r: &Request) -> R {
        let Value::Record(ctx) = &r.context else {
            return Err(SpecError::Unsupported(
                "a context that is not a record".into(),
            ));
        };
        self.c.mk(
            "Cedar.Request.mk",
            vec![
                self.uid(&r.principal)?,
                self.uid(&r.action)?,
                self.uid(&r.resource)?,
                self.attrs(ctx.iter().map(|(k, v)| (k.as_str(), v)), 0)?,
            ],
        )
    }
}

fn slot_name(s: SlotId) -> &'static str {
    match s {
        SlotId::Principal => "?principal",
        SlotId::Resource => "?resource",
    }
}
