//! Goals as metavariables: creating, introducing, reverting and clearing hypotheses,
//! and elaborating terms in a goal's context.
//!
//! A goal is an unassigned metavariable of [`Ctx::mvars`]; its type is the target and its
//! scope lists the hypotheses (free variables of the checker, in order).

use std::collections::HashSet;

use cedrus_kernel::{BinderInfo, Expr, Name, Node, Store};

use crate::elab::ctx::{Ctx, LocalEntry};
use crate::elab::{ElabError, Result};
use crate::syntax::{Span, Term};

/// What a goal metavariable is called in errors about it.
pub const GOAL_ORIGIN: &str = "a goal";

/// The target of a goal (instantiated).
pub fn target(ctx: &mut Ctx<'_>, g: Expr) -> Expr {
    let ty = ctx.mvars.get(&g).map_or(g, |i| i.ty);
    ctx.instantiate(ty)
}

/// The hypotheses of a goal, in order.
pub fn hyps(ctx: &Ctx<'_>, g: Expr) -> Vec<Expr> {
    ctx.mvars
        .get(&g)
        .map(|i| i.scope.clone())
        .unwrap_or_default()
}

/// The type of a hypothesis (instantiated).
pub fn hyp_type(ctx: &mut Ctx<'_>, h: Expr) -> Expr {
    let t = ctx.tc.local_type(h).unwrap_or(h);
    ctx.instantiate(t)
}

/// The span a goal was created at.
pub fn goal_span(ctx: &Ctx<'_>, g: Expr) -> Span {
    ctx.mvars.get(&g).map_or(Span::default(), |i| i.span)
}

/// A new goal of type `ty` with hypotheses `scope`.
pub fn new_goal(ctx: &mut Ctx<'_>, ty: Expr, scope: Vec<Expr>, span: Span) -> Expr {
    ctx.new_mvar_in(ty, span, GOAL_ORIGIN.to_string(), scope)
}

/// A new goal with the same hypotheses as `g` and target `ty`.
pub fn sibling_goal(ctx: &mut Ctx<'_>, g: Expr, ty: Expr) -> Expr {
    let scope = hyps(ctx, g);
    let span = goal_span(ctx, g);
    new_goal(ctx, ty, scope, span)
}

/// Replaces the target of `g` by a definitionally equal `ty`: the new goal.
pub fn change_target(ctx: &mut Ctx<'_>, g: Expr, ty: Expr) -> Expr {
    let n = sibling_goal(ctx, g, ty);
    ctx.assign(g, n);
    n
}

/// Whether `g` is still an open goal.
pub fn is_open(ctx: &Ctx<'_>, g: Expr) -> bool {
    ctx.is_unassigned(g)
}

/// The display name of a hypothesis.
pub fn hyp_name(ctx: &Ctx<'_>, h: Expr) -> String {
    ctx.tc.local_name(h).as_str().to_string()
}

/// Finds the hypothesis of `g` named `name` (the innermost one).
pub fn find_hyp(ctx: &Ctx<'_>, g: Expr, name: &str) -> Option<Expr> {
    hyps(ctx, g)
        .into_iter()
        .rev()
        .find(|&h| hyp_name(ctx, h) == name)
}

/// An inaccessible name `x✝` for a hypothesis the user did not name.
pub fn inaccessible(base: &str) -> String {
    if base.ends_with('✝') {
        base.to_string()
    } else {
        format!("{base}✝")
    }
}

/// Introduces the first binder of the target of `g` (after unfolding to a `∀` or `let`
/// if needed) as a hypothesis named `name`. Returns the new goal and the hypothesis.
pub fn intro1(ctx: &mut Ctx<'_>, g: Expr, name: Option<&str>, span: Span) -> Result<(Expr, Expr)> {
    let mut ty = target(ctx, g);
    if !matches!(ctx.tc.store.node(ty), Node::Pi(..) | Node::Let(..)) {
        ty = ctx.whnf(ty, span)?;
    }
    let (bname, bi, dom, body, val) = match ctx.tc.store.node(ty).clone() {
        Node::Pi(n, bi, d, b) => (n, bi, d, b, None),
        Node::Let(n, d, v, b) => (n, BinderInfo::Default, d, b, Some(v)),
        _ => {
            return Err(ElabError::invalid(
                span,
                "no additional binders or let bindings in the goal to introduce",
            ))
        }
    };
    let name = match name {
        Some(n) if n != "_" => n.to_string(),
        _ => inaccessible(bname.as_str()),
    };
    let x = ctx.tc.fresh_local(Name::new(&name), dom);
    ctx.binfo.insert(x, bi);
    if let Some(v) = val {
        ctx.let_vals.insert(x, v);
    }
    let body = ctx.tc.store.instantiate1(body, x);
    let mut scope = hyps(ctx, g);
    scope.push(x);
    let gspan = goal_span(ctx, g);
    let ng = new_goal(ctx, body, scope, gspan);
    bind_under(ctx, g, &[x], ng, &[]);
    Ok((ng, x))
}

/// Assigns `g := (fun xs => body) args`, where the goal `body` may mention `xs`; the
/// abstraction is redone when the tactic block ends (see [`super::Delayed`]).
pub fn bind_under(ctx: &mut Ctx<'_>, g: Expr, xs: &[Expr], body: Expr, args: &[Expr]) {
    let f = ctx.abstract_locals(true, xs, body);
    let placeholder = ctx.tc.store.apps(f, args);
    ctx.assign(g, placeholder);
    ctx.tactic_delayed.push(super::Delayed {
        goal: g,
        fvars: xs.to_vec(),
        body,
        args: args.to_vec(),
        placeholder,
    });
}

/// Introduces one binder per name.
pub fn intro_names(
    ctx: &mut Ctx<'_>,
    g: Expr,
    names: &[Option<String>],
    span: Span,
) -> Result<(Expr, Vec<Expr>)> {
    let mut g = g;
    let mut xs = Vec::new();
    for n in names {
        let (ng, x) = intro1(ctx, g, n.as_deref(), span)?;
        g = ng;
        xs.push(x);
    }
    Ok((g, xs))
}

/// The hypotheses of `g` that depend on any of `vars` (transitively), in order, not
/// counting `vars` themselves.
pub fn dependents(ctx: &mut Ctx<'_>, g: Expr, vars: &[Expr]) -> Vec<Expr> {
    let mut set: HashSet<Expr> = vars.iter().copied().collect();
    let mut out = Vec::new();
    for h in hyps(ctx, g) {
        if set.contains(&h) {
            continue;
        }
        let mut ty = hyp_type(ctx, h);
        if let Some(&v) = ctx.let_vals.get(&h) {
            let v = ctx.instantiate(v);
            ty = ctx.tc.store.app(ty, v);
        }
        if ctx.tc.store.any_subterm(ty, &mut |_, x| set.contains(&x)) {
            set.insert(h);
            out.push(h);
        }
    }
    out
}

/// Reverts the hypotheses `hs` (which must include their dependents, in scope order):
/// the new goal's target is `∀ hs, target`. Returns the new goal.
pub fn revert(ctx: &mut Ctx<'_>, g: Expr, hs: &[Expr]) -> Expr {
    if hs.is_empty() {
        return g;
    }
    let t = target(ctx, g);
    let ty = ctx.abstract_locals(false, hs, t);
    let scope: Vec<Expr> = hyps(ctx, g)
        .into_iter()
        .filter(|h| !hs.contains(h))
        .collect();
    let span = goal_span(ctx, g);
    let ng = new_goal(ctx, ty, scope, span);
    let val = ctx.tc.store.apps(ng, hs);
    ctx.assign(g, val);
    ng
}

/// Removes hypotheses from a goal (the caller makes sure nothing left mentions them).
pub fn clear(ctx: &mut Ctx<'_>, g: Expr, hs: &[Expr]) -> Expr {
    if hs.is_empty() {
        return g;
    }
    let t = target(ctx, g);
    let scope: Vec<Expr> = hyps(ctx, g)
        .into_iter()
        .filter(|h| !hs.contains(h))
        .collect();
    let span = goal_span(ctx, g);
    let ng = new_goal(ctx, t, scope, span);
    ctx.assign(g, ng);
    ng
}

/// Whether the target of `g` or one of its other hypotheses mentions `h`.
pub fn depends_on(ctx: &mut Ctx<'_>, g: Expr, h: Expr) -> bool {
    let mut tys = vec![target(ctx, g)];
    for x in hyps(ctx, g) {
        if x != h {
            tys.push(hyp_type(ctx, x));
        }
    }
    tys.into_iter().any(|t| mentions(ctx.tc.store, t, h))
}

/// Replaces hypothesis `h` of `g` by one of the same name and type `ty`, proved by
/// `proof` (which may use `h`); `h` itself stays when something else mentions it.
/// Returns the new goal and the new hypothesis.
pub fn replace_hyp(ctx: &mut Ctx<'_>, g: Expr, h: Expr, ty: Expr, proof: Expr) -> (Expr, Expr) {
    let keep_old = depends_on(ctx, g, h);
    let mut scope: Vec<Expr> = hyps(ctx, g)
        .into_iter()
        .filter(|&x| keep_old || x != h)
        .collect();
    let name = ctx.tc.local_name(h);
    let h2 = ctx.tc.fresh_local(name, ty);
    ctx.binfo.insert(h2, BinderInfo::Default);
    scope.push(h2);
    let t = target(ctx, g);
    let span = goal_span(ctx, g);
    let ng = new_goal(ctx, t, scope, span);
    bind_under(ctx, g, &[h2], ng, &[proof]);
    (ng, h2)
}

/// The hypotheses of `g` named `names`, or an error naming the first one missing.
pub fn named_hyps(ctx: &Ctx<'_>, g: Expr, names: &[String], span: Span) -> Result<Vec<Expr>> {
    names
        .iter()
        .map(|n| {
            find_hyp(ctx, g, n)
                .ok_or_else(|| ElabError::invalid(span, format!("unknown hypothesis `{n}`")))
        })
        .collect()
}

/// `hs` and every hypothesis of `g` that depends on them, in scope order.
pub fn with_dependents(ctx: &mut Ctx<'_>, g: Expr, hs: &[Expr]) -> Vec<Expr> {
    let mut set = hs.to_vec();
    for d in dependents(ctx, g, hs) {
        if !set.contains(&d) {
            set.push(d);
        }
    }
    in_scope_order(ctx, g, &set)
}

/// Sorts hypotheses of `g` into scope order.
pub fn in_scope_order(ctx: &Ctx<'_>, g: Expr, hs: &[Expr]) -> Vec<Expr> {
    hyps(ctx, g)
        .into_iter()
        .filter(|h| hs.contains(h))
        .collect()
}

/// The unassigned metavariables that did not exist in `before`, in creation order.
pub fn new_mvars(ctx: &mut Ctx<'_>, before: &HashSet<Expr>) -> Vec<Expr> {
    let mut out: Vec<(u32, Expr)> = ctx
        .mvars
        .iter()
        .filter(|(k, i)| i.val.is_none() && !before.contains(*k))
        .filter_map(|(&k, _)| match ctx.tc.store.node(k) {
            Node::FVar(i) => Some((*i, k)),
            _ => None,
        })
        .collect();
    out.sort();
    out.into_iter().map(|(_, k)| k).collect()
}

/// The metavariables that exist now.
pub fn mvar_set(ctx: &Ctx<'_>) -> HashSet<Expr> {
    ctx.mvars.keys().copied().collect()
}

/// Runs `f` with the hypotheses of `g` visible to name resolution.
pub fn with_goal_locals<T>(
    ctx: &mut Ctx<'_>,
    g: Expr,
    f: impl FnOnce(&mut Ctx<'_>) -> Result<T>,
) -> Result<T> {
    let saved = std::mem::take(&mut ctx.locals);
    let entries: Vec<LocalEntry> = hyps(ctx, g)
        .into_iter()
        .map(|h| LocalEntry {
            name: hyp_name(ctx, h),
            fvar: h,
        })
        .collect();
    ctx.locals = entries;
    let r = f(ctx);
    ctx.locals = saved;
    r
}

/// Elaborates `t` in the context of goal `g` (expected type `expected`), synthesizing
/// instances and running nested `by` blocks. Returns the term and the metavariables it
/// created that are still unassigned.
pub fn elab_in(
    ctx: &mut Ctx<'_>,
    g: Expr,
    t: &Term,
    expected: Option<Expr>,
) -> Result<(Expr, Vec<Expr>)> {
    let before = mvar_set(ctx);
    let outer_blocks = std::mem::take(&mut ctx.tactic_blocks);
    let outer_pending = std::mem::take(&mut ctx.pending);
    let r = with_goal_locals(ctx, g, |ctx| {
        let e = ctx.elab(t, expected)?;
        if let Some(ty) = expected {
            let ety = ctx.infer(e, t.span)?;
            if !ctx.unify(ety, ty)? {
                let (term, actual, want) = (
                    super::display::pp(ctx, e),
                    super::display::pp(ctx, ety),
                    super::display::pp(ctx, ty),
                );
                return Err(ElabError::new(
                    t.span,
                    crate::elab::ElabErrorKind::TypeMismatch {
                        term,
                        expected: want,
                        actual,
                    },
                ));
            }
        }
        ctx.synth_pending(true)?;
        Ok(e)
    });
    ctx.tactic_blocks = outer_blocks;
    ctx.pending.extend(outer_pending);
    let e = r?;
    let e = ctx.instantiate(e);
    let fresh = new_mvars(ctx, &before);
    Ok((e, fresh))
}

/// Elaborates a type in the context of goal `g`.
pub fn elab_type_in(ctx: &mut Ctx<'_>, g: Expr, t: &Term) -> Result<Expr> {
    let before_blocks = std::mem::take(&mut ctx.tactic_blocks);
    let r = with_goal_locals(ctx, g, |ctx| {
        let e = ctx.elab_type(t)?;
        ctx.synth_pending(true)?;
        Ok(e)
    });
    ctx.tactic_blocks = before_blocks;
    let e = r?;
    Ok(ctx.instantiate(e))
}

/// β-reduces every redex `(fun x => b) a` in `e`.
pub fn beta_all(s: &mut Store, e: Expr) -> Expr {
    s.rewrite(e, &mut |s, x, _| {
        if !matches!(s.node(x), Node::App(..)) {
            return None;
        }
        let (h, args) = s.unfold_apps(x);
        if !matches!(s.node(h), Node::Lam(..)) {
            return None;
        }
        let r = crate::elab::ctx::beta(s, h, &args);
        Some(beta_all(s, r))
    })
}

/// Whether `e` mentions the free variable or metavariable `x`.
pub fn mentions(s: &Store, e: Expr, x: Expr) -> bool {
    s.any_subterm(e, &mut |_, y| y == x)
}

/// Fails unless `e` is a hypothesis (a local of the goal).
pub fn as_hyp(ctx: &Ctx<'_>, g: Expr, e: Expr, span: Span) -> Result<Expr> {
    if hyps(ctx, g).contains(&e) {
        Ok(e)
    } else {
        Err(ElabError::invalid(
            span,
            "expected a hypothesis (a local variable)",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inaccessible_names_are_marked_once() {
        assert_eq!(inaccessible("h"), "h✝");
        assert_eq!(inaccessible("h✝"), "h✝");
    }

    #[test]
    fn beta_reduces_nested_redexes() {
        let mut s = Store::new();
        let nat = s.cnst(Name::new("Nat"), vec![]);
        let v = s.bvar(0);
        let id = s.lam("x", nat, v);
        let one = s.nat(1u32);
        let inner = s.app(id, one);
        let outer = s.app(id, inner);
        assert_eq!(beta_all(&mut s, outer), one);
    }
}
