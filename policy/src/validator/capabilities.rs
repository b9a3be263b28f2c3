//! Capabilities: facts that `has` and `hasTag` tests establish about expressions.
//!
//! Expressions are matched structurally, ignoring source locations, through a key
//! string built by [`expr_key`].

use std::collections::BTreeSet;
use std::fmt::Write as _;

use smol_str::SmolStr;

use crate::ast::{Expr, ExprKind, MAX_EXPR_DEPTH};

/// A fact established by a `has` or `hasTag` test: the expression (by its structural
/// key) has this attribute or tag.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Capability {
    /// `e has a`
    Attr(String, SmolStr),
    /// `e.hasTag(t)`
    Tag(String, String),
}

/// A set of capabilities.
pub(crate) type Caps = BTreeSet<Capability>;

/// Writes a structural key for `e` (locations ignored), used to match capabilities.
pub(crate) fn expr_key(e: &Expr) -> String {
    let mut s = String::new();
    write_key(&mut s, e, 0);
    s
}

fn write_key(s: &mut String, e: &Expr, depth: usize) {
    if depth > MAX_EXPR_DEPTH * 2 {
        s.push('…');
        return;
    }
    let d = depth + 1;
    let _ = match &e.kind {
        ExprKind::Lit(l) => write!(s, "{l:?}"),
        ExprKind::Var(v) => write!(s, "{v}"),
        ExprKind::Slot(v) => write!(s, "{v}"),
        ExprKind::If {
            cond,
            then_expr,
            else_expr,
        } => {
            s.push_str("(if ");
            write_key(s, cond, d);
            s.push(' ');
            write_key(s, then_expr, d);
            s.push(' ');
            write_key(s, else_expr, d);
            write!(s, ")")
        }
        ExprKind::And(a, b) | ExprKind::Or(a, b) => {
            s.push_str(if matches!(e.kind, ExprKind::And(..)) {
                "(&& "
            } else {
                "(|| "
            });
            write_key(s, a, d);
            s.push(' ');
            write_key(s, b, d);
            write!(s, ")")
        }
        ExprKind::Unary(op, a) => {
            write!(s, "({op:?} ").ok();
            write_key(s, a, d);
            write!(s, ")")
        }
        ExprKind::Binary(op, a, b) => {
            write!(s, "({} ", op.symbol()).ok();
            write_key(s, a, d);
            s.push(' ');
            write_key(s, b, d);
            write!(s, ")")
        }
        ExprKind::GetAttr { expr, attr, .. } => {
            s.push_str("(. ");
            write_key(s, expr, d);
            write!(s, " {attr:?})")
        }
        ExprKind::HasAttr { expr, attr, .. } => {
            s.push_str("(has ");
            write_key(s, expr, d);
            write!(s, " {attr:?})")
        }
        ExprKind::Like(a, p) => {
            s.push_str("(like ");
            write_key(s, a, d);
            write!(s, " {:?})", p.elems)
        }
        ExprKind::Is {
            expr,
            entity_type,
            in_expr,
        } => {
            s.push_str("(is ");
            write_key(s, expr, d);
            write!(s, " {entity_type}").ok();
            if let Some(i) = in_expr {
                s.push(' ');
                write_key(s, i, d);
            }
            write!(s, ")")
        }
        ExprKind::Set(items) => {
            s.push('[');
            for i in items {
                write_key(s, i, d);
                s.push(',');
            }
            write!(s, "]")
        }
        ExprKind::Record(fields) => {
            s.push('{');
            for (k, v) in fields {
                write!(s, "{k:?}:").ok();
                write_key(s, v, d);
                s.push(',');
            }
            write!(s, "}}")
        }
        ExprKind::MethodCall {
            method,
            receiver,
            args,
        } => {
            write!(s, "(.{}( ", method.name()).ok();
            write_key(s, receiver, d);
            for a in args {
                s.push(' ');
                write_key(s, a, d);
            }
            write!(s, ")")
        }
        ExprKind::Call { func, args } => {
            write!(s, "({} ", func.name()).ok();
            for a in args {
                s.push(' ');
                write_key(s, a, d);
            }
            write!(s, ")")
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::{Loc, Var};

    #[test]
    fn keys_ignore_locations_but_not_structure() {
        let a = Expr::at(ExprKind::Var(Var::Principal), Loc::new(1, 5));
        let b = Expr::new(ExprKind::Var(Var::Principal));
        let c = Expr::new(ExprKind::Var(Var::Resource));
        assert_eq!(expr_key(&a), expr_key(&b));
        assert_ne!(expr_key(&a), expr_key(&c));
        let get = |e: Expr, attr: &str| {
            Expr::new(ExprKind::GetAttr {
                expr: Box::new(e),
                attr: attr.into(),
                bracket: false,
            })
        };
        assert_ne!(
            expr_key(&get(b.clone(), "x")),
            expr_key(&get(b.clone(), "y"))
        );
        assert_eq!(expr_key(&get(a, "x")), expr_key(&get(b, "x")));
    }
}
