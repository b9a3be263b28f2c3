//! Helpers for the pattern-compiler tests: a kernel library (through the kernel's own
//! s-expression test syntax) and a small builder for equations.
#![allow(dead_code)]

#[path = "../../../kernel/tests/common/mod.rs"]
pub mod common;

use cedrus_kernel::*;
use cedrus_lang::matchc::{EqnDef, Equation, LocalVar, Pat};
pub use common::{ind, level, term, thm};
use num_bigint::BigUint;

/// The kernel test prelude plus `PUnit` and `PProd` (Lean core shapes).
pub fn lib() -> Environment {
    let mut env = Environment::new();
    common::prelude(&mut env);
    ind(
        &mut env,
        &["u"],
        0,
        &[("PUnit", "Sort.{u}", &[("PUnit.unit", "PUnit.{u}")])],
    )
    .unwrap();
    ind(
        &mut env,
        &["u", "v"],
        2,
        &[(
            "PProd",
            "(-> Sort.{u} Sort.{v} Sort.{max(max(1 u) v)})",
            &[(
                "PProd.mk",
                "(pi (α : Sort.{u}) (β : Sort.{v}) (-> α β (PProd.{u,v} α β)))",
            )],
        )],
    )
    .unwrap();
    env
}

/// Adds the nested `Tree` (`Tree.node : Nat → List Tree → Tree`).
pub fn add_tree(env: &mut Environment) {
    ind(
        env,
        &[],
        0,
        &[(
            "Tree",
            "Type",
            &[("Tree.node", "(-> Nat (List.{0} Tree) Tree)")],
        )],
    )
    .unwrap();
}

/// Adds the mutual `Tm`/`Forest` and the mutual `Even`/`Odd` predicates.
pub fn add_mutual(env: &mut Environment) {
    ind(
        env,
        &[],
        0,
        &[
            (
                "Tm",
                "Type",
                &[("Tm.leaf", "Tm"), ("Tm.node", "(-> Forest Tm)")],
            ),
            (
                "Forest",
                "Type",
                &[
                    ("Forest.nil", "Forest"),
                    ("Forest.cons", "(-> Tm Forest Forest)"),
                ],
            ),
        ],
    )
    .unwrap();
    ind(
        env,
        &[],
        0,
        &[
            (
                "Even",
                "(-> Nat Prop)",
                &[
                    ("Even.zero", "(Even 0)"),
                    (
                        "Even.succ",
                        "(pi (n : Nat) (-> (Odd n) (Even (Nat.succ n))))",
                    ),
                ],
            ),
            (
                "Odd",
                "(-> Nat Prop)",
                &[(
                    "Odd.succ",
                    "(pi (n : Nat) (-> (Even n) (Odd (Nat.succ n))))",
                )],
            ),
        ],
    )
    .unwrap();
}

/// A pattern in the test notation; variables by name, terms as s-expressions over the
/// equation's binders.
#[derive(Clone, Debug)]
pub enum P {
    /// A variable.
    V(&'static str),
    /// A constructor with levels (`"0"`, `"u"`, or `""`), parameters and sub-patterns.
    C(&'static str, &'static str, Vec<&'static str>, Vec<P>),
    /// A Nat literal.
    L(u32),
    /// An inaccessible term.
    I(&'static str),
}

/// Shorthands for list and Nat patterns over `Nat` lists.
pub fn cons(h: P, t: P) -> P {
    P::C("List.cons", "0", vec!["Nat"], vec![h, t])
}
/// `[]` over `Nat`.
pub fn nil() -> P {
    P::C("List.nil", "0", vec!["Nat"], vec![])
}
/// `p + 1`.
pub fn succ(p: P) -> P {
    P::C("Nat.succ", "", vec![], vec![p])
}

/// Counter for free-variable ids (deliberately far from the compiler's own).
static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(10_000);

/// An equation: binders `"(x : Nat) (xs : (List.{0} Nat))"`, patterns, right-hand side.
pub struct E(pub &'static str, pub Vec<P>, pub &'static str);

/// Parses `src` in the scope of `binders`, instantiated with `fvars`.
fn in_scope(env: &mut Environment, binders: &str, fvars: &[Expr], src: &str) -> Expr {
    if binders.trim().is_empty() {
        return term(env.store_mut(), src);
    }
    let lam = term(env.store_mut(), &format!("(fun {binders} {src})"));
    let s = env.store_mut();
    let mut body = lam;
    for _ in fvars {
        match s.node(body).clone() {
            Node::Lam(_, _, _, b) => body = b,
            _ => panic!("binders"),
        }
    }
    s.instantiate_rev(body, fvars)
}

fn levels_of(l: &str) -> Vec<Level> {
    if l.is_empty() {
        vec![]
    } else {
        l.split(',').map(level).collect()
    }
}

fn pat(env: &mut Environment, binders: &str, vars: &[(String, Expr)], p: &P) -> Pat {
    let fvars: Vec<Expr> = vars.iter().map(|v| v.1).collect();
    match p {
        P::V(n) => Pat::Var(
            vars.iter()
                .find(|v| v.0 == *n)
                .unwrap_or_else(|| panic!("unknown variable {n}"))
                .1,
        ),
        P::L(n) => Pat::Lit(BigUint::from(*n)),
        P::I(src) => Pat::Inaccessible(in_scope(env, binders, &fvars, src)),
        P::C(c, ls, ps, args) => Pat::Ctor {
            ctor: Name::new(c),
            levels: levels_of(ls),
            params: ps
                .iter()
                .map(|s| in_scope(env, binders, &fvars, s))
                .collect(),
            args: args.iter().map(|a| pat(env, binders, vars, a)).collect(),
        },
    }
}

/// Builds an [`EqnDef`].
pub fn eqn_def(env: &mut Environment, name: &str, lparams: &[&str], ty: &str, eqs: &[E]) -> EqnDef {
    let fn_type = term(env.store_mut(), ty);
    let mut equations = Vec::new();
    for (i, E(binders, pats, rhs)) in eqs.iter().enumerate() {
        let mut vars: Vec<(String, Expr)> = Vec::new();
        let mut locals = Vec::new();
        if !binders.trim().is_empty() {
            let lam = term(env.store_mut(), &format!("(fun {binders} Prop)"));
            let mut cur = lam;
            while let Node::Lam(n, _, d, b) = env.store().node(cur).clone() {
                let fvars: Vec<Expr> = vars.iter().map(|v| v.1).collect();
                let ty = env.store_mut().instantiate_rev(d, &fvars);
                let id = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let fv = env.store_mut().mk(Node::FVar(id));
                vars.push((n.to_string(), fv));
                locals.push(LocalVar {
                    fvar: fv,
                    name: n.clone(),
                    ty,
                });
                cur = b;
            }
        }
        let fvars: Vec<Expr> = vars.iter().map(|v| v.1).collect();
        let patterns = pats.iter().map(|p| pat(env, binders, &vars, p)).collect();
        let rhs = in_scope(env, binders, &fvars, rhs);
        equations.push(Equation {
            vars: locals,
            patterns,
            rhs,
            span: (i * 10, i * 10 + 5),
        });
    }
    EqnDef {
        name: Name::new(name),
        lparams: lparams.iter().map(|p| Name::new(p)).collect(),
        fn_type,
        equations,
    }
}

/// Checks `lhs = rhs` (at type `ty`) by `Eq.refl` in the kernel.
pub fn check_eq(env: &mut Environment, name: &str, ty: &str, lhs: &str, rhs: &str) {
    thm(
        env,
        name,
        &[],
        &format!("(Eq.{{1}} {ty} {lhs} {rhs})"),
        &format!("(Eq.refl.{{1}} {ty} {rhs})"),
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"));
}

/// Like [`check_eq`] but expects the kernel to refuse.
pub fn refute_eq(env: &mut Environment, name: &str, ty: &str, lhs: &str, rhs: &str) {
    let r = thm(
        env,
        name,
        &[],
        &format!("(Eq.{{1}} {ty} {lhs} {rhs})"),
        &format!("(Eq.refl.{{1}} {ty} {rhs})"),
    );
    assert!(r.is_err(), "{name} should not hold");
}

/// `[a, b, …]` as a `List Nat` s-expression.
pub fn nat_list(xs: &[u32]) -> String {
    let mut s = "(List.nil.{0} Nat)".to_string();
    for x in xs.iter().rev() {
        s = format!("(List.cons.{{0}} Nat {x} {s})");
    }
    s
}
