//! `cases` on a hypothesis of an inductive family whose indices are not distinct
//! variables (`h : Vec α (n + 1)`, `h : Nat.le a 0`, `h : Mem x (y :: ys)`), as Lean's
//! dependent elimination does it.
//!
//! The indices are first generalized: `h : I ps t₁ … tₙ` becomes `h : I ps j₁ … jₙ`
//! with new variables `jₖ` and equations `jₖ = tₖ`; the recursor then applies, and in
//! each constructor's case the equations (now `uₖ = tₖ` for the constructor's indices
//! `uₖ`) are solved: an equation between different constructors drops the case (no
//! confusion), one between applications of the same constructor is split into its
//! fields' equations (injection), one with a variable side the other side does not
//! mention is substituted, and one between definitionally equal sides is dropped. An
//! equation none of these solves stays as a hypothesis of the case.
//!
//! A goal that mentions the hypothesis sees the generalized one cast back along the
//! equations (`Eq.recAt … h`). Once the equations are solved the casts' proofs are
//! `rfl` and the casts are dropped; where a proof is still a hypothesis `h : a = a`,
//! it is replaced by `rfl` under an explicit ascription, which the kernel accepts by
//! proof irrelevance (the prelude's `Eq` is not K-like, so the cast would not reduce
//! on its own).

use cedrus_kernel::{ConstantKind, Expr, Level, Name, Node};

use super::basic::sort_level;
use super::goal::{self, target};
use crate::elab::ctx::Ctx;
use crate::elab::{ElabError, Result};
use crate::syntax::Span;

/// Most equations solved in one case (injection can multiply them).
const MAX_STEPS: usize = 256;

/// Prefix of the temporary names that mark the index equations while they are solved.
const MARK: &str = "eq✝idx";

/// Temporary name of an equation split by injection that a cast in the target still
/// mentions (dropped at the end if its sides became equal).
const SPLIT: &str = "eq✝split";

/// The result of [`generalize_indices`].
pub struct Generalized {
    /// The new goal.
    pub goal: Expr,
    /// The hypothesis with variable indices.
    pub x: Expr,
    /// Names of the hypotheses reverted into the target.
    pub reverted: Vec<Option<String>>,
}

/// Whether the indices of `x`'s type `args` (after `np` parameters) are distinct
/// variables of the goal that no parameter mentions, so that the recursor applies
/// directly.
pub fn indices_are_variables(ctx: &Ctx<'_>, g: Expr, args: &[Expr], np: usize) -> bool {
    let (params, indices) = args.split_at(np.min(args.len()));
    let scope = goal::hyps(ctx, g);
    indices.iter().enumerate().all(|(k, &i)| {
        scope.contains(&i)
            && !indices[..k].contains(&i)
            && !params.iter().any(|&p| goal::mentions(ctx.tc.store, p, i))
    })
}

/// Generalizes the indices of the hypothesis `x : I ps t₁ … tₙ` of goal `g`: the new
/// goal has `x : I ps j₁ … jₙ` (same name) and the equations `jₖ = tₖ` (named with
/// [`MARK`]); the hypotheses depending on `x` are reverted into the target (to be
/// re-introduced once the equations are solved).
pub fn generalize_indices(ctx: &mut Ctx<'_>, g: Expr, x: Expr, span: Span) -> Result<Generalized> {
    let xty = goal::hyp_type(ctx, x);
    let xty = ctx.whnf(xty, span)?;
    let (h, args) = ctx.tc.store.unfold_apps(xty);
    let Node::Const(ind, ls) = ctx.tc.store.node(h).clone() else {
        return Err(ElabError::invalid(span, "not an inductive type"));
    };
    let Some(info) = ctx.tc.table.consts.get(&ind).cloned() else {
        return Err(ElabError::invalid(span, "not an inductive type"));
    };
    let ConstantKind::Inductive(ii) = &info.kind else {
        return Err(ElabError::invalid(span, "not an inductive type"));
    };
    let np = ii.num_params as usize;
    if args.len() != np + ii.num_indices as usize {
        return Err(ElabError::invalid(span, "not an inductive type"));
    }
    // The index types, with the new variables for the earlier indices.
    let mut ty = ctx.tc.store.instantiate_levels(info.ty, &info.lparams, &ls);
    for &p in &args[..np] {
        ty = super::cases::pi_body(ctx, ty, p, span)?;
    }
    let mut js = Vec::new();
    let mut eq_tys = Vec::new();
    for &t in &args[np..] {
        let ty_w = ctx.whnf(ty, span)?;
        let Node::Pi(_, _, dom, _) = ctx.tc.store.node(ty_w).clone() else {
            return Err(ElabError::invalid(span, "malformed inductive type"));
        };
        if js.iter().any(|&j| goal::mentions(ctx.tc.store, dom, j)) {
            return Err(ElabError::unsupported(
                span,
                "case analysis on an inductive family whose index types depend on other \
                 indices that are not variables",
            ));
        }
        let j = ctx.tc.fresh_local(Name::new("j✝"), dom);
        let l = sort_level(ctx, dom, span)?;
        let eqc = ctx.tc.store.cnst(Name::new("Eq"), vec![l.clone()]);
        eq_tys.push((ctx.tc.store.apps(eqc, &[dom, j, t]), l, dom, t));
        js.push(j);
        ty = super::cases::pi_body(ctx, ty_w, j, span)?;
    }
    // Revert what depends on `x`.
    let deps = goal::dependents(ctx, g, &[x]);
    let deps = goal::in_scope_order(ctx, g, &deps);
    let g1 = goal::revert(ctx, g, &deps);
    let t1 = target(ctx, g1);
    let x_name = goal::hyp_name(ctx, x);
    let new_ty = {
        let mut a = args[..np].to_vec();
        a.extend(js.iter().copied());
        ctx.tc.store.apps(h, &a)
    };
    let x2 = ctx.tc.fresh_local(Name::new(&x_name), new_ty);
    let mut eqs = Vec::new();
    for (k, (ety, _, _, _)) in eq_tys.iter().enumerate() {
        eqs.push(ctx.tc.fresh_local(Name::new(&format!("{MARK}{k}")), *ety));
    }
    // A target mentioning `x` sees the new `x` cast along the equations (the casts
    // reduce away once the equations are solved).
    let t1 = if goal::mentions(ctx.tc.store, t1, x) {
        let u = sort_level(ctx, new_ty, span)?;
        let mut cur = x2;
        for (k, (_, l, dom, t)) in eq_tys.iter().enumerate() {
            let b = ctx.tc.fresh_local(Name::new("b"), *dom);
            let eq_b = {
                let eqc = ctx.tc.store.cnst(Name::new("Eq"), vec![l.clone()]);
                ctx.tc.store.apps(eqc, &[*dom, js[k], b])
            };
            let hb = ctx.tc.fresh_local(Name::new("h"), eq_b);
            let mut a = args[..np + k].to_vec();
            a.push(b);
            a.extend(js[k + 1..].iter().copied());
            let body = ctx.tc.store.apps(h, &a);
            let motive = ctx.abstract_locals(true, &[b, hb], body);
            let rec = rec_at(ctx, &u, l);
            cur = ctx
                .tc
                .store
                .apps(rec, &[*dom, js[k], motive, cur, *t, eqs[k]]);
        }
        ctx.tc
            .store
            .rewrite(t1, &mut |_, y, _| (y == x).then_some(cur))
    } else {
        t1
    };
    let mut binders = js.clone();
    binders.push(x2);
    binders.extend(eqs.iter().copied());
    let pi = ctx.abstract_locals(false, &binders, t1);
    let scope: Vec<Expr> = goal::hyps(ctx, g1)
        .into_iter()
        .filter(|&y| y != x)
        .collect();
    let g2 = goal::new_goal(ctx, pi, scope, span);
    let mut vals: Vec<Expr> = args[np..].to_vec();
    vals.push(x);
    for (_, l, dom, t) in &eq_tys {
        let refl = ctx.tc.store.cnst(Name::new("Eq.refl"), vec![l.clone()]);
        vals.push(ctx.tc.store.apps(refl, &[*dom, *t]));
    }
    let v = ctx.tc.store.apps(g2, &vals);
    ctx.assign(g1, v);
    let mut names: Vec<Option<String>> = js.iter().map(|_| Some("j✝".to_string())).collect();
    names.push(Some(x_name));
    names.extend((0..eqs.len()).map(|k| Some(format!("{MARK}{k}"))));
    let (g3, xs) = goal::intro_names(ctx, g2, &names, span)?;
    let Some(&x3) = xs.get(js.len()) else {
        return Err(ElabError::invalid(span, "malformed generalization"));
    };
    let reverted = deps.iter().map(|&d| Some(goal::hyp_name(ctx, d))).collect();
    Ok(Generalized {
        goal: g3,
        x: x3,
        reverted,
    })
}

/// `Eq.recAt` at the motive's level `u` and the equation's level `v`.
fn rec_at(ctx: &mut Ctx<'_>, u: &Level, v: &Level) -> Expr {
    let params = ctx
        .tc
        .table
        .consts
        .get(&Name::new("Eq.recAt"))
        .map(|c| c.lparams.clone())
        .unwrap_or_default();
    let ls = params
        .iter()
        .map(|p| {
            if p.as_str() == "u" {
                u.clone()
            } else {
                v.clone()
            }
        })
        .collect();
    ctx.tc.store.cnst(Name::new("Eq.recAt"), ls)
}

/// Removes from the target the casts `Eq.recAt … m b rfl` (they reduce to `m`).
fn drop_trivial_casts(ctx: &mut Ctx<'_>, g: Expr) -> Expr {
    let rec_at = Name::new("Eq.recAt");
    let mut t = target(ctx, g);
    let t0 = t;
    for _ in 0..MAX_STEPS {
        let next = ctx.tc.store.rewrite(t, &mut |s, y, _| {
            let (f, args) = s.unfold_apps(y);
            let is_rec = matches!(s.node(f), Node::Const(n, _) if *n == rec_at);
            let refl = |e: Expr| matches!(s.head_const(e), Some((n, _)) if n.as_str() == "Eq.refl");
            match args[..] {
                // A well-typed `rfl` here means the sides are convertible.
                [_, _, _, m, _, p] if is_rec && refl(p) => Some(m),
                _ => None,
            }
        });
        if next == t {
            break;
        }
        t = next;
    }
    if t == t0 {
        g
    } else {
        convert_target(ctx, g, t)
    }
}

/// Replaces the target of `g` by `ty`, which the kernel sees as convertible only
/// through proof irrelevance inside the target (`Eq.recAt … h` and `Eq.recAt … rfl`
/// reduce differently): the new goal's proof is ascribed `ty` by `(fun p : ty => p)`,
/// so that the kernel compares the two targets directly.
fn convert_target(ctx: &mut Ctx<'_>, g: Expr, ty: Expr) -> Expr {
    let ng = goal::sibling_goal(ctx, g, ty);
    let id = {
        let s = &mut *ctx.tc.store;
        let p = s.bvar(0);
        s.lam("p", ty, p)
    };
    let v = ctx.tc.store.app(id, ng);
    ctx.assign(g, v);
    ng
}

/// Clears the equation `h : a = a`, replacing it by `rfl` in the target first.
fn drop_equation(ctx: &mut Ctx<'_>, g: Expr, h: Expr, span: Span) -> Result<Expr> {
    let t = target(ctx, g);
    let g = if goal::mentions(ctx.tc.store, t, h) {
        let ty = goal::hyp_type(ctx, h);
        let ty = ctx.whnf(ty, span)?;
        let (f, args) = ctx.tc.store.unfold_apps(ty);
        let Node::Const(_, ls) = ctx.tc.store.node(f).clone() else {
            return Err(ElabError::invalid(span, "not an equation"));
        };
        let [ty_a, a, _] = args[..] else {
            return Err(ElabError::invalid(span, "not an equation"));
        };
        let refl = ctx.tc.store.cnst(Name::new("Eq.refl"), ls);
        let r = ctx.tc.store.apps(refl, &[ty_a, a]);
        let t2 = ctx
            .tc
            .store
            .rewrite(t, &mut |_, y, _| (y == h).then_some(r));
        convert_target(ctx, g, t2)
    } else {
        g
    };
    Ok(goal::clear(ctx, g, &[h]))
}

/// Solves the index equations (hypotheses named with [`MARK`]) of a case; `None` when
/// the case is impossible. Equations left unsolved are renamed `h✝`.
pub fn solve_equations(ctx: &mut Ctx<'_>, g: Expr, span: Span) -> Result<Option<Expr>> {
    let mut g = g;
    let mut fresh = 0usize;
    for _ in 0..MAX_STEPS {
        let Some(h) = goal::hyps(ctx, g)
            .into_iter()
            .find(|&h| goal::hyp_name(ctx, h).starts_with(MARK))
        else {
            return finish(ctx, g, span).map(Some);
        };
        match solve_one(ctx, g, h, &mut fresh, span)? {
            Step::Closed => return Ok(None),
            Step::Progress(ng) => g = ng,
            Step::Stuck => {
                let n = goal::inaccessible("h");
                g = super::structural::rename(ctx, g, h, &n, span)?;
            }
        }
    }
    Err(ElabError::invalid(
        span,
        "too many index equations to solve in one case",
    ))
}

/// Drops the split equations whose sides became equal (others are renamed `h✝`) and
/// the casts they made trivial.
fn finish(ctx: &mut Ctx<'_>, g: Expr, span: Span) -> Result<Expr> {
    let mut g = g;
    let split: Vec<Expr> = goal::hyps(ctx, g)
        .into_iter()
        .filter(|&h| goal::hyp_name(ctx, h) == SPLIT)
        .collect();
    for h in split {
        if !goal::hyps(ctx, g).contains(&h) {
            continue;
        }
        let ty = goal::hyp_type(ctx, h);
        let (_, args) = ctx.tc.store.unfold_apps(ty);
        let equal = match args[..] {
            [_, a, b] => a == b || matches!(ctx.tc.is_def_eq(a, b), Ok(true)),
            _ => false,
        };
        g = if equal {
            drop_equation(ctx, g, h, span)?
        } else {
            super::structural::rename(ctx, g, h, &goal::inaccessible("h"), span)?
        };
    }
    Ok(drop_trivial_casts(ctx, g))
}

enum Step {
    /// The case is impossible (its goal was closed).
    Closed,
    /// The equation was used up: the new goal.
    Progress(Expr),
    /// Nothing applies.
    Stuck,
}

fn solve_one(ctx: &mut Ctx<'_>, g: Expr, h: Expr, fresh: &mut usize, span: Span) -> Result<Step> {
    let ty = goal::hyp_type(ctx, h);
    let w = ctx.whnf(ty, span)?;
    // Different constructors: no confusion.
    if let Some(p) = super::equality::false_from(ctx, h, w, span)? {
        super::basic::close_by_false(ctx, g, p, span)?;
        return Ok(Step::Closed);
    }
    let (_, args) = ctx.tc.store.unfold_apps(w);
    let [_, a, b] = args[..] else {
        return Ok(Step::Stuck);
    };
    // Equal sides.
    let snap = ctx.snapshot();
    if a == b || matches!(ctx.tc.is_def_eq(a, b), Ok(true)) && ctx.unassigned_in(a).is_empty() {
        return Ok(Step::Progress(drop_equation(ctx, g, h, span)?));
    }
    ctx.restore(snap);
    // A variable side.
    let scope = goal::hyps(ctx, g);
    let is_var = |ctx: &Ctx<'_>, v: Expr, other: Expr| {
        scope.contains(&v)
            && !goal::mentions(ctx.tc.store, other, v)
            && !ctx.let_vals.contains_key(&v)
    };
    if is_var(ctx, a, b) || is_var(ctx, b, a) {
        // Of two variables, the older one (the goal's, not a constructor field's) stays.
        let pos = |v: Expr| scope.iter().position(|&y| y == v);
        let keep = match (pos(a), pos(b)) {
            (Some(i), Some(j)) => Some(if i < j { a } else { b }),
            _ => None,
        };
        let snap = ctx.snapshot();
        match super::equality::subst_keeping(ctx, g, h, keep, span) {
            Ok(gs) => {
                if let [ng] = gs[..] {
                    return Ok(Step::Progress(ng));
                }
                ctx.restore(snap);
            }
            Err(_) => ctx.restore(snap),
        }
    }
    // The same constructor on both sides: the fields' equations.
    let snap = ctx.snapshot();
    let names: Vec<String> = (0..16).map(|k| format!("{MARK}i{}", *fresh + k)).collect();
    match super::equality::inject(ctx, g, h, &names, span) {
        Ok(None) => return Ok(Step::Closed),
        Ok(Some(out)) => {
            *fresh += out.equations.len();
            if out.equations.len() <= names.len() {
                let t = target(ctx, out.goal);
                let ng = if goal::mentions(ctx.tc.store, t, h) {
                    super::structural::rename(ctx, out.goal, h, SPLIT, span)?
                } else {
                    goal::clear(ctx, out.goal, &[h])
                };
                return Ok(Step::Progress(ng));
            }
            ctx.restore(snap);
        }
        Err(_) => ctx.restore(snap),
    }
    Ok(Step::Stuck)
}
