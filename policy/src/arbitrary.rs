//! Proptest strategies for names, entity UIDs, expressions and policies, and
//! helpers that erase source locations so that parsed and generated trees can be
//! compared.
//!
//! Compiled for tests and under the `arbitrary` feature, so that other crates
//! (the differential tester) can reuse the generators.

use crate::ast::{Annotation, Condition, Expr, ExprKind, Loc, Policy};

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
        ..p.clone()
    }
}
