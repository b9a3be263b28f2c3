//! Structural recursion compiled through the recursors with a course-of-values table.
//!
//! For a group of functions `f_q (fixed) (pre) (x_q : T_j ps) (post) : R_q` recursing on
//! `x_q`, each over a type `T_j` of one block (mutual, or nested: `List Tree` is a type of
//! `Tree`'s block), with `M_j t := (pre) → (post) → R_q[x_q := t]` (a `PProd` tuple of
//! these when several functions recurse on `T_j`, `PUnit` when none does) and
//! `U := max 1 u_j`:
//!
//! ```text
//! below_j t := T_j.rec.{U+1} (fun _ => Sort U)…
//!                (fun fs ihs => PProd (PProd (M_k f) ih_f) (… PUnit))…  t
//! brec_j t  := T_j.rec.{U} (fun t => PProd (M_j t) (below_j t))…
//!                (fun fs ihs => let b := ⟨ih_f, …, ()⟩ ; ⟨G_j (c fs) b, b⟩)…  t
//! f_q fixed pre x post := (brec_j x).1 pre post
//! ```
//!
//! where `ih_f` ranges over the recursive fields of constructor `c` and `G_j x b` is the
//! decision tree of `f_q` in which `b : below_j x` is reverted at each case split (so its
//! type unfolds along the patterns) and a recursive call `f_k … y …` on a value `y`
//! reached through the patterns becomes a projection of `b`. This is Lean's
//! `below`/`brecOn` construction, with `below` and `brecOn` inlined instead of being
//! separate constants. Calls on anything else are [`MatchError::NotStructural`]. The
//! construction itself is in `brec`; for indexed families the motives take the
//! indices first (`M_j is t`), the decreasing argument's indices being generalised.
//!
//! This module chooses the decreasing arguments: the fixed prefix is the longest prefix of
//! arguments every recursive call passes unchanged; each later argument of inductive type
//! is a candidate, tried in order (every combination, up to a bound, for a mutual group);
//! the first candidate whose recursive calls are all on smaller values wins.

use super::brec::{self, inductive_head};
use super::cases::{block_of, Block};
use super::compile::CaseLemma;
use super::error::MatchError;
use super::{intro_args, EqnDef, Pat};
use cedrus_kernel::{Environment, Expr, Name, Node, Store};

/// Largest number of combinations of decreasing arguments tried for a mutual group.
const MAX_COMBINATIONS: usize = 256;

/// The recursive calls in `e` (to any of `names`): callee index and arguments.
fn calls(store: &Store, e: Expr, names: &[Name]) -> Vec<(usize, Vec<Expr>)> {
    let mut out = Vec::new();
    let mut stack = vec![e];
    let mut seen = std::collections::HashSet::new();
    while let Some(e) = stack.pop() {
        if !seen.insert(e) {
            continue;
        }
        let (head, args) = store.unfold_apps(e);
        if let Node::Const(n, _) = store.node(head) {
            if let Some(i) = names.iter().position(|m| m == n) {
                out.push((i, args.clone()));
                stack.extend(args);
                continue;
            }
        }
        match store.node(e) {
            Node::App(f, x) => stack.extend([*f, *x]),
            Node::Lam(_, _, d, b) | Node::Pi(_, _, d, b) => stack.extend([*d, *b]),
            Node::Let(_, t, v, b) => stack.extend([*t, *v, *b]),
            Node::Proj(_, _, x) => stack.push(*x),
            _ => {}
        }
    }
    out
}

/// Length of the prefix of arguments passed unchanged by every recursive call.
fn fixed_prefix(env: &Environment, defs: &[EqnDef]) -> usize {
    let names: Vec<Name> = defs.iter().map(|d| d.name.clone()).collect();
    let mut n = defs
        .iter()
        .map(|d| super::arity(env, d.fn_type))
        .min()
        .unwrap_or(0);
    for d in defs {
        for e in &d.equations {
            for (_, args) in calls(env.store(), e.rhs, &names) {
                let k = args
                    .iter()
                    .zip(&e.patterns)
                    .take_while(|(a, p)| matches!(p, Pat::Var(v) if v == *a))
                    .count();
                n = n.min(k);
            }
        }
    }
    n
}

/// Compiles a structurally recursive group; returns the values and decreasing arguments.
pub(crate) fn compile_group(
    env: &mut Environment,
    defs: &[EqnDef],
) -> Result<GroupOutput, MatchError> {
    let first = &defs[0].name;
    for c in ["PProd", "PProd.mk", "PUnit", "PUnit.unit"] {
        if env.get(&Name::new(c)).is_none() {
            return Err(MatchError::Unsupported {
                function: first.clone(),
                detail: format!("structural recursion needs `{c}` in the environment"),
            });
        }
    }
    let nfixed = fixed_prefix(env, defs);
    // Candidate decreasing arguments and their types' heads.
    let mut cands: Vec<Vec<(usize, Name)>> = Vec::new();
    {
        let mut tc = env.type_checker(first.clone(), defs[0].lparams.clone());
        for d in defs {
            let (args, _) = intro_args(&mut tc, d.fn_type);
            let mut cs = Vec::new();
            for (k, &a) in args.iter().enumerate().skip(nfixed) {
                let ty = tc.local_type(a).unwrap_or(a);
                if let Some((n, _, _)) = inductive_head(&mut tc, ty) {
                    cs.push((k, n));
                }
            }
            cands.push(cs);
        }
    }
    if let Some(i) = cands.iter().position(|c| c.is_empty()) {
        let d = &defs[i];
        let names: Vec<Name> = defs.iter().map(|d| d.name.clone()).collect();
        let mut found = None;
        for e in &d.equations {
            if let Some((g, args)) = calls(env.store(), e.rhs, &names).into_iter().next() {
                let mut s = defs[g].name.to_string();
                for &a in &args {
                    s.push(' ');
                    s.push_str(&cedrus_kernel::pp::pp_closed(env.store(), a));
                }
                found = Some((s, e.span));
                break;
            }
        }
        let (call, span) = found.unwrap_or_default();
        return Err(MatchError::NotStructural {
            span,
            function: d.name.clone(),
            call,
            argument: None,
            reason: "no argument of an inductive type can decrease".into(),
        });
    }
    let mut choice = vec![0usize; defs.len()];
    let mut first_err: Option<MatchError> = None;
    for _ in 0..MAX_COMBINATIONS {
        let decs: Vec<usize> = choice.iter().zip(&cands).map(|(&i, c)| c[i].0).collect();
        let mut heads: Vec<Name> = choice
            .iter()
            .zip(&cands)
            .map(|(&i, c)| c[i].1.clone())
            .collect();
        heads.dedup();
        let mut block: Option<Block> = None;
        for h in &heads {
            let b = block_of(env, h)?;
            if block
                .as_ref()
                .is_none_or(|cur| b.members.len() > cur.members.len())
            {
                block = Some(b);
            }
        }
        if let Some(block) = block {
            match brec::build(env, defs, &decs, nfixed, block) {
                Ok((values, cases)) => return Ok((values, decs, cases)),
                Err(e @ MatchError::NotStructural { .. }) => {
                    first_err.get_or_insert(e);
                }
                Err(e @ MatchError::Unsupported { .. }) if defs.len() > 1 => {
                    first_err.get_or_insert(e);
                }
                Err(e) => return Err(e),
            }
        }
        // Next combination (odometer).
        let mut i = 0;
        loop {
            if i == choice.len() {
                return Err(first_err.unwrap_or_else(|| MatchError::Unsupported {
                    function: first.clone(),
                    detail: "no decreasing argument found".into(),
                }));
            }
            choice[i] += 1;
            if choice[i] < cands[i].len() {
                break;
            }
            choice[i] = 0;
            i += 1;
        }
    }
    Err(first_err.unwrap_or_else(|| MatchError::Unsupported {
        function: first.clone(),
        detail: "too many combinations of decreasing arguments".into(),
    }))
}

/// Values, decreasing arguments and leaf lemmas of each function of a group.
pub(crate) type GroupOutput = (Vec<Expr>, Vec<usize>, Vec<Vec<CaseLemma>>);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matchc::testlib::nat_list_tree;
    use crate::matchc::{Equation, LocalVar};

    #[test]
    fn calls_finds_nested_recursive_calls_with_their_arguments() {
        let mut env = nat_list_tree();
        let s = env.store_mut();
        let f = s.cnst("f", vec![]);
        let x = s.mk(Node::FVar(7));
        let succ = s.cnst("Nat.succ", vec![]);
        let inner = s.app(f, x);
        let sx = s.app(succ, inner);
        let outer = s.app(f, sx);
        let lam = s.lam("y", x, outer);
        let found = calls(env.store(), lam, &[Name::new("f")]);
        assert_eq!(found.len(), 2);
        assert!(found.iter().any(|(_, a)| a == &vec![x]));
        assert!(found.iter().any(|(_, a)| a == &vec![sx]));
        assert!(calls(env.store(), x, &[Name::new("f")]).is_empty());
    }

    #[test]
    fn fixed_prefix_stops_at_the_first_changed_argument() {
        let mut env = nat_list_tree();
        let s = env.store_mut();
        let nat = s.cnst("Nat", vec![]);
        let ty = s.arrow(nat, nat);
        let ty = s.arrow(nat, ty);
        let a = s.mk(Node::FVar(1));
        let n = s.mk(Node::FVar(2));
        let g = s.cnst("g", vec![]);
        let succ = s.cnst("Nat.succ", vec![]);
        let keep = s.apps(g, &[a, n]);
        let sa = s.app(succ, a);
        let change = s.apps(g, &[sa, n]);
        let var = |fvar, name: &str| LocalVar {
            fvar,
            name: Name::new(name),
            ty: nat,
        };
        let eqn = |rhs| Equation {
            vars: vec![var(a, "a"), var(n, "n")],
            patterns: vec![Pat::Var(a), Pat::Var(n)],
            rhs,
            span: (0, 0),
        };
        let def = |rhs| EqnDef {
            name: Name::new("g"),
            lparams: vec![],
            fn_type: ty,
            equations: vec![eqn(rhs)],
        };
        assert_eq!(fixed_prefix(&env, &[def(keep)]), 2);
        assert_eq!(fixed_prefix(&env, &[def(change)]), 0);
    }
}
