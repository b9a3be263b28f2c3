//! Equation lemmas `f.eq_i : ∀ vars, f pats = rhs`, proved by `Eq.refl`.
//!
//! For a structurally recursive or non-recursive definition every equation whose
//! patterns are not overlapped by an earlier equation holds by definitional unfolding
//! (the decision tree reduces on constructor patterns, the recursor on the constructors
//! of the decreasing argument). Each lemma is offered to the kernel; one that it refuses
//! (an equation that only holds under the hypothesis that earlier patterns do not match)
//! is left out and reported, nothing else is lost.

use super::compile::CaseLemma;
use super::error::MatchError;
use super::{open_equation, EqnDef, EquationLemma};
use cedrus_kernel::{Declaration, Environment, Expr, Level, Name, Node};

/// Adds the equation lemmas of `d` (already in `env`). Returns the lemmas added and the
/// equations whose lemma the kernel refused.
pub fn add_lemmas(
    env: &mut Environment,
    d: &EqnDef,
) -> Result<(Vec<EquationLemma>, Vec<usize>), MatchError> {
    let mut added = Vec::new();
    let mut unproved = Vec::new();
    if env.get(&Name::new("Eq")).is_none() {
        unproved.extend(0..d.equations.len());
        return Ok((added, unproved));
    }
    for (i, e) in d.equations.iter().enumerate() {
        let name = d.name.child(&format!("eq_{}", i + 1));
        let Some((statement, proof)) = build(env, d, e, &name)? else {
            unproved.push(i);
            continue;
        };
        let decl = Declaration::Theorem {
            name: name.clone(),
            lparams: d.lparams.clone(),
            ty: statement,
            value: proof,
        };
        match env.add(decl) {
            Ok(()) => added.push(EquationLemma {
                name,
                statement,
                proof,
            }),
            Err(_) => unproved.push(i),
        }
    }
    Ok((added, unproved))
}

/// Builds `∀ vars, f pats = rhs` and `fun vars => Eq.refl (f pats)`; `None` when the
/// result type is not a type the kernel can name a level for.
fn build(
    env: &mut Environment,
    d: &EqnDef,
    e: &super::Equation,
    name: &Name,
) -> Result<Option<(Expr, Expr)>, MatchError> {
    let mut tc = env.type_checker(name.clone(), d.lparams.clone());
    let (vars, pats, rhs) = open_equation(&mut tc, e);
    let levels: Vec<Level> = d.lparams.iter().map(|p| Level::param(p.clone())).collect();
    let mut lhs = tc.store.cnst(d.name.clone(), levels);
    let mut ty = d.fn_type;
    for p in &pats {
        let t = p.to_term(tc.store);
        lhs = tc.store.app(lhs, t);
        let Node::Pi(_, _, _, b) = tc.store.node(ty).clone() else {
            return Ok(None);
        };
        ty = tc.store.instantiate1(b, t);
    }
    let Ok(sort) = tc.infer(ty, true) else {
        return Ok(None);
    };
    let Ok(sort) = tc.whnf(sort) else {
        return Ok(None);
    };
    let Node::Sort(l) = tc.store.node(sort).clone() else {
        return Ok(None);
    };
    let eq = tc.store.cnst("Eq", vec![l.clone()]);
    let stmt = tc.store.apps(eq, &[ty, lhs, rhs]);
    let refl = tc.store.cnst("Eq.refl", vec![l]);
    let prf = tc.store.apps(refl, &[ty, lhs]);
    let statement = tc.mk_binding(false, &vars, stmt);
    let proof = tc.mk_binding(true, &vars, prf);
    Ok(Some((statement, proof)))
}

/// Adds the leaf lemmas `f.eq_<i>_<k>` of the equations in `unproved` (those whose own
/// lemma does not hold by unfolding); returns those the kernel accepted.
pub(crate) fn add_case_lemmas(
    env: &mut Environment,
    d: &EqnDef,
    unproved: &[usize],
    leaves: &[CaseLemma],
) -> Vec<EquationLemma> {
    let mut out = Vec::new();
    for &i in unproved {
        for (k, leaf) in leaves.iter().filter(|l| l.alt == i).enumerate() {
            let name = d.name.child(&format!("eq_{}_{}", i + 1, k + 1));
            let decl = Declaration::Theorem {
                name: name.clone(),
                lparams: d.lparams.clone(),
                ty: leaf.statement,
                value: leaf.proof,
            };
            if env.add(decl).is_ok() {
                out.push(EquationLemma {
                    name,
                    statement: leaf.statement,
                    proof: leaf.proof,
                });
            }
        }
    }
    out
}
