//! A small pretty printer for terms, used in error messages.

use crate::expr::{Expr, Literal, Node, Store};
use crate::name::Name;
use std::fmt::Write;

/// Terms deeper than this are elided with `…`.
const MAX_PRINT_DEPTH: usize = 40;
/// Printed terms longer than this are cut.
const MAX_PRINT_LEN: usize = 2000;

/// Prints `e`; free variables are named by `fvar_name`.
pub fn pp(store: &Store, e: Expr, fvar_name: &dyn Fn(u32) -> Option<Name>) -> String {
    let mut out = String::new();
    let mut binders = Vec::new();
    go(store, e, &mut binders, fvar_name, 0, &mut out);
    if out.len() > MAX_PRINT_LEN {
        let mut cut = MAX_PRINT_LEN;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        out.push('…');
    }
    out
}

/// Prints a closed term.
pub fn pp_closed(store: &Store, e: Expr) -> String {
    pp(store, e, &|_| None)
}

fn go(
    s: &Store,
    e: Expr,
    bs: &mut Vec<Name>,
    fv: &dyn Fn(u32) -> Option<Name>,
    depth: usize,
    out: &mut String,
) {
    if depth > MAX_PRINT_DEPTH || out.len() > MAX_PRINT_LEN {
        out.push('…');
        return;
    }
    match s.node(e) {
        Node::BVar(i) => match bs
            .len()
            .checked_sub(*i as usize + 1)
            .and_then(|k| bs.get(k))
        {
            Some(n) => {
                let _ = write!(out, "{}", n.as_str());
            }
            None => {
                let _ = write!(out, "#{i}");
            }
        },
        Node::FVar(i) => match fv(*i) {
            Some(n) => out.push_str(n.as_str()),
            None => {
                let _ = write!(out, "_fv{i}");
            }
        },
        Node::Sort(l) => {
            if l.is_zero_lit() {
                out.push_str("Prop");
            } else {
                let _ = write!(out, "Sort {l}");
            }
        }
        Node::Const(n, ls) => {
            let _ = write!(out, "{n}");
            if !ls.is_empty() {
                let ls: Vec<String> = ls.iter().map(|l| l.to_string()).collect();
                let _ = write!(out, ".{{{}}}", ls.join(", "));
            }
        }
        Node::App(..) => {
            let (f, args) = s.unfold_apps(e);
            atom(s, f, bs, fv, depth, out);
            for a in args {
                out.push(' ');
                atom(s, a, bs, fv, depth, out);
            }
        }
        Node::Lam(n, _, t, b) | Node::Pi(n, _, t, b) => {
            let is_lam = matches!(s.node(e), Node::Lam(..));
            if !is_lam && s.loose_range(*b) == 0 {
                atom(s, *t, bs, fv, depth, out);
                out.push_str(" → ");
                bs.push(n.clone());
                go(s, *b, bs, fv, depth + 1, out);
                bs.pop();
                return;
            }
            out.push_str(if is_lam { "fun (" } else { "(" });
            let _ = write!(out, "{} : ", n.as_str());
            go(s, *t, bs, fv, depth + 1, out);
            out.push_str(if is_lam { ") => " } else { ") → " });
            bs.push(n.clone());
            go(s, *b, bs, fv, depth + 1, out);
            bs.pop();
        }
        Node::Let(n, t, v, b) => {
            let _ = write!(out, "let {} : ", n.as_str());
            go(s, *t, bs, fv, depth + 1, out);
            out.push_str(" := ");
            go(s, *v, bs, fv, depth + 1, out);
            out.push_str("; ");
            bs.push(n.clone());
            go(s, *b, bs, fv, depth + 1, out);
            bs.pop();
        }
        Node::Lit(Literal::Nat(n)) => {
            let _ = write!(out, "{n}");
        }
        Node::Lit(Literal::Str(x)) => {
            let _ = write!(out, "{x:?}");
        }
        Node::Proj(_, i, a) => {
            atom(s, *a, bs, fv, depth, out);
            let _ = write!(out, ".{}", i + 1);
        }
    }
}

fn atom(
    s: &Store,
    e: Expr,
    bs: &mut Vec<Name>,
    fv: &dyn Fn(u32) -> Option<Name>,
    depth: usize,
    out: &mut String,
) {
    let simple = matches!(
        s.node(e),
        Node::BVar(_) | Node::FVar(_) | Node::Const(..) | Node::Lit(_) | Node::Proj(..)
    ) || matches!(s.node(e), Node::Sort(l) if l.is_zero_lit());
    if simple {
        go(s, e, bs, fv, depth + 1, out);
    } else {
        out.push('(');
        go(s, e, bs, fv, depth + 1, out);
        out.push(')');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_binders_and_apps() {
        let mut s = Store::new();
        let nat = s.cnst("Nat", vec![]);
        let succ = s.cnst("Nat.succ", vec![]);
        let x = s.bvar(0);
        let body = s.app(succ, x);
        let lam = s.lam("x", nat, body);
        assert_eq!(pp_closed(&s, lam), "fun (x : Nat) => Nat.succ x");
        let arrow = s.arrow(nat, nat);
        assert_eq!(pp_closed(&s, arrow), "Nat → Nat");
    }

    #[test]
    fn deep_terms_are_elided() {
        let mut s = Store::new();
        let succ = s.cnst("S", vec![]);
        let mut e = s.cnst("Z", vec![]);
        for _ in 0..10_000 {
            e = s.app(succ, e);
        }
        let out = pp_closed(&s, e);
        assert!(out.contains('…') && out.len() < 2100);
    }
}
