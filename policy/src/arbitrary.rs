//! Proptest strategies for names, entity UIDs, expressions and policies, and
//! helpers that erase source locations so that parsed and generated trees can be
//! compared.
//!
//! Compiled for tests and under the `arbitrary` feature, so that other crates
//! (the differential tester) can reuse the generators.

use proptest::collection::{btree_map, btree_set, vec};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use smol_str::SmolStr;

use crate::ast::{
    ActionConstraint, Annotation, BinaryOp, Builtin, Condition, ConditionKind, Effect, EntityRef,
    Expr, ExprKind, ExtFn, Literal, Loc, Pattern, PatternElem, Policy, ScopeConstraint, SlotId,
    UnaryOp, Var,
};
use crate::parser::is_valid_ident;
use crate::value::{EntityUid, Name};

/// Identifiers usable as attribute names, record keys and name components.
pub fn ident() -> impl Strategy<Value = SmolStr> {
    "[a-zA-Z_][a-zA-Z0-9_]{0,6}"
        .prop_filter("reserved word", |s| is_valid_ident(s))
        .prop_map(SmolStr::from)
}

/// Arbitrary strings, control characters and quotes included.
pub fn any_string() -> impl Strategy<Value = SmolStr> {
    "(?s).{0,8}".prop_map(SmolStr::from)
}

/// Possibly namespaced names, `A` to `A::B::C`.
pub fn name() -> impl Strategy<Value = Name> {
    vec(ident(), 1..=3).prop_map(|parts| Name::from_parts(&parts))
}

/// Entity UIDs with arbitrary ids.
pub fn entity_uid() -> impl Strategy<Value = EntityUid> {
    (name(), any_string()).prop_map(|(ty, eid)| EntityUid::new(ty, eid))
}

/// Action UIDs: of type `Action` or `NS::Action`.
pub fn action_uid() -> impl Strategy<Value = EntityUid> {
    (vec(ident(), 0..=2), any_string()).prop_map(|(mut ns, eid)| {
        ns.push("Action".into());
        EntityUid::new(Name::from_parts(&ns), eid)
    })
}

fn literal() -> impl Strategy<Value = Literal> {
    prop_oneof![
        any::<bool>().prop_map(Literal::Bool),
        any::<i64>().prop_map(Literal::Long),
        (-3i64..3).prop_map(Literal::Long),
        any_string().prop_map(Literal::String),
        entity_uid().prop_map(Literal::Entity),
    ]
}

fn var() -> impl Strategy<Value = Var> {
    select(vec![
        Var::Principal,
        Var::Action,
        Var::Resource,
        Var::Context,
    ])
}

fn binary_op() -> impl Strategy<Value = BinaryOp> {
    select(vec![
        BinaryOp::Eq,
        BinaryOp::NotEq,
        BinaryOp::Less,
        BinaryOp::LessEq,
        BinaryOp::Greater,
        BinaryOp::GreaterEq,
        BinaryOp::Add,
        BinaryOp::Sub,
        BinaryOp::Mul,
        BinaryOp::In,
    ])
}

/// Every built-in and extension method.
fn method() -> impl Strategy<Value = Builtin> {
    let mut all = vec![
        Builtin::Contains,
        Builtin::ContainsAll,
        Builtin::ContainsAny,
        Builtin::IsEmpty,
        Builtin::HasTag,
        Builtin::GetTag,
    ];
    all.extend(
        ExtFn::ALL
            .iter()
            .filter(|f| f.is_method())
            .map(|f| Builtin::Ext(*f)),
    );
    select(all)
}

fn function() -> impl Strategy<Value = ExtFn> {
    select(
        ExtFn::ALL
            .iter()
            .copied()
            .filter(|f| !f.is_method())
            .collect::<Vec<_>>(),
    )
}

fn pattern() -> impl Strategy<Value = Pattern> {
    vec(
        prop_oneof![
            Just(PatternElem::Wildcard),
            any::<char>().prop_map(PatternElem::Char),
            Just(PatternElem::Char('*')),
        ],
        0..6,
    )
    .prop_map(|elems| Pattern { elems })
}

fn b(e: Expr) -> Box<Expr> {
    Box::new(e)
}

/// Expressions of every kind and operator except slots, at most about `depth`
/// levels deep, with locations [`Loc::NONE`]. Attribute names written without
/// quotes (`e.a`, `e has a`) are identifiers, as the parser would produce them.
pub fn expr(depth: u32) -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![
        literal().prop_map(|l| Expr::new(ExprKind::Lit(l))),
        var().prop_map(|v| Expr::new(ExprKind::Var(v))),
    ];
    leaf.prop_recursive(depth, 64, 4, |inner| {
        let attr = prop_oneof![
            ident().prop_map(|a| (a, false)),
            any_string().prop_map(|a| (a, true)),
        ];
        prop_oneof![
            (inner.clone(), inner.clone(), inner.clone()).prop_map(|(c, t, e)| Expr::new(
                ExprKind::If {
                    cond: b(c),
                    then_expr: b(t),
                    else_expr: b(e)
                }
            )),
            (inner.clone(), inner.clone()).prop_map(|(l, r)| Expr::new(ExprKind::And(b(l), b(r)))),
            (inner.clone(), inner.clone()).prop_map(|(l, r)| Expr::new(ExprKind::Or(b(l), b(r)))),
            (select(vec![UnaryOp::Not, UnaryOp::Neg]), inner.clone())
                .prop_map(|(op, x)| Expr::new(ExprKind::Unary(op, b(x)))),
            (binary_op(), inner.clone(), inner.clone())
                .prop_map(|(op, l, r)| Expr::new(ExprKind::Binary(op, b(l), b(r)))),
            (inner.clone(), attr.clone()).prop_map(|(x, (attr, bracket))| Expr::new(
                ExprKind::GetAttr {
                    expr: b(x),
                    attr,
                    bracket
                }
            )),
            (inner.clone(), attr).prop_map(|(x, (attr, quoted))| Expr::new(ExprKind::HasAttr {
                expr: b(x),
                attr,
                quoted
            })),
            (inner.clone(), pattern()).prop_map(|(x, p)| Expr::new(ExprKind::Like(b(x), p))),
            (inner.clone(), name(), option::of(inner.clone())).prop_map(|(x, t, i)| Expr::new(
                ExprKind::Is {
                    expr: b(x),
                    entity_type: t,
                    in_expr: i.map(b)
                }
            )),
            vec(inner.clone(), 0..4).prop_map(|xs| Expr::new(ExprKind::Set(xs))),
            btree_map(any_string(), inner.clone(), 0..4)
                .prop_map(|m| Expr::new(ExprKind::Record(m.into_iter().collect()))),
            (method(), inner.clone(), vec(inner.clone(), 2)).prop_map(|(m, r, mut args)| {
                args.truncate(m.arity());
                Expr::new(ExprKind::MethodCall {
                    method: m,
                    receiver: b(r),
                    args,
                })
            }),
            (function(), inner).prop_map(|(f, x)| Expr::new(ExprKind::Call {
                func: f,
                args: vec![x]
            })),
        ]
    })
}

fn entity_ref(slot: SlotId) -> impl Strategy<Value = EntityRef> {
    prop_oneof![
        entity_uid().prop_map(EntityRef::Uid),
        Just(EntityRef::Slot(slot)),
    ]
}

fn scope_constraint(slot: SlotId) -> impl Strategy<Value = ScopeConstraint> {
    prop_oneof![
        Just(ScopeConstraint::Any),
        entity_ref(slot).prop_map(ScopeConstraint::Eq),
        entity_ref(slot).prop_map(ScopeConstraint::In),
        name().prop_map(ScopeConstraint::Is),
        (name(), entity_ref(slot)).prop_map(|(t, r)| ScopeConstraint::IsIn(t, r)),
    ]
}

fn action_constraint() -> impl Strategy<Value = ActionConstraint> {
    prop_oneof![
        Just(ActionConstraint::Any),
        action_uid().prop_map(ActionConstraint::Eq),
        action_uid().prop_map(ActionConstraint::In),
        vec(action_uid(), 0..3).prop_map(ActionConstraint::InList),
    ]
}

/// Policies and templates with id `policy0`, arbitrary annotations (distinct
/// keys), scopes and up to three conditions of expressions `depth` deep.
pub fn policy(depth: u32) -> impl Strategy<Value = Policy> {
    let annotations = btree_set(
        prop_oneof![
            ident(),
            Just(SmolStr::new("if")),
            Just(SmolStr::new("permit"))
        ],
        0..3,
    )
    .prop_flat_map(|keys| {
        let n = keys.len();
        (Just(keys), vec(option::of(any_string()), n))
    })
    .prop_map(|(keys, values)| {
        keys.into_iter()
            .zip(values)
            .map(|(key, value)| Annotation {
                key,
                value,
                loc: Loc::NONE,
            })
            .collect::<Vec<_>>()
    });
    let condition = (
        select(vec![ConditionKind::When, ConditionKind::Unless]),
        expr(depth),
    )
        .prop_map(|(kind, body)| Condition {
            kind,
            body,
            loc: Loc::NONE,
        });
    (
        annotations,
        select(vec![Effect::Permit, Effect::Forbid]),
        scope_constraint(SlotId::Principal),
        action_constraint(),
        scope_constraint(SlotId::Resource),
        vec(condition, 0..3),
    )
        .prop_map(
            |(annotations, effect, principal, action, resource, conditions)| Policy {
                id: "policy0".into(),
                annotations,
                effect,
                principal,
                action,
                resource,
                conditions,
                template_id: None,
                loc: Loc::NONE,
                scope_locs: Default::default(),
            },
        )
}

/// `e` with every location set to [`Loc::NONE`].
pub fn expr_without_locs(e: &Expr) -> Expr {
    let b = |e: &Expr| Box::new(expr_without_locs(e));
    let kind = match &e.kind {
        k @ (ExprKind::Lit(_) | ExprKind::Var(_) | ExprKind::Slot(_)) => k.clone(),
        ExprKind::If {
            cond,
            then_expr,
            else_expr,
        } => ExprKind::If {
            cond: b(cond),
            then_expr: b(then_expr),
            else_expr: b(else_expr),
        },
        ExprKind::And(l, r) => ExprKind::And(b(l), b(r)),
        ExprKind::Or(l, r) => ExprKind::Or(b(l), b(r)),
        ExprKind::Unary(op, x) => ExprKind::Unary(*op, b(x)),
        ExprKind::Binary(op, l, r) => ExprKind::Binary(*op, b(l), b(r)),
        ExprKind::GetAttr {
            expr,
            attr,
            bracket,
        } => ExprKind::GetAttr {
            expr: b(expr),
            attr: attr.clone(),
            bracket: *bracket,
        },
        ExprKind::HasAttr { expr, attr, quoted } => ExprKind::HasAttr {
            expr: b(expr),
            attr: attr.clone(),
            quoted: *quoted,
        },
        ExprKind::Like(x, p) => ExprKind::Like(b(x), p.clone()),
        ExprKind::Is {
            expr,
            entity_type,
            in_expr,
        } => ExprKind::Is {
            expr: b(expr),
            entity_type: entity_type.clone(),
            in_expr: in_expr.as_deref().map(b),
        },
        ExprKind::Set(items) => ExprKind::Set(items.iter().map(expr_without_locs).collect()),
        ExprKind::Record(entries) => ExprKind::Record(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), expr_without_locs(v)))
                .collect(),
        ),
        ExprKind::MethodCall {
            method,
            receiver,
            args,
        } => ExprKind::MethodCall {
            method: *method,
            receiver: b(receiver),
            args: args.iter().map(expr_without_locs).collect(),
        },
        ExprKind::Call { func, args } => ExprKind::Call {
            func: *func,
            args: args.iter().map(expr_without_locs).collect(),
        },
    };
    Expr::new(kind)
}

/// `p` with every location set to [`Loc::NONE`].
pub fn without_locs(p: &Policy) -> Policy {
    Policy {
        annotations: p
            .annotations
            .iter()
            .map(|a| Annotation {
                loc: Loc::NONE,
                ..a.clone()
            })
            .collect(),
        conditions: p
            .conditions
            .iter()
            .map(|c| Condition {
                kind: c.kind,
                body: expr_without_locs(&c.body),
                loc: Loc::NONE,
            })
            .collect(),
        loc: Loc::NONE,
        scope_locs: Default::default(),
        ..p.clone()
    }
}
