//! Tactics that reshape the context: `have`, `show`, `specialize`, `generalize`,
//! `revert`, `clear`, `by_cases`, and renaming hypotheses (`case tag x y`, `next x y`).

use cedrus_kernel::{Expr, Name};

use super::goal::{self, target};
use crate::elab::ctx::Ctx;
use crate::elab::{ElabError, Result};
use crate::syntax::{Name as SName, Span, Term};

/// Adds the hypothesis `name : ty` proved by `proof`: the new goal and hypothesis.
pub fn add_hyp(
    ctx: &mut Ctx<'_>,
    g: Expr,
    name: &str,
    ty: Expr,
    proof: Expr,
) -> Result<(Expr, Expr)> {
    let ty = ctx.instantiate(ty);
    let h = ctx.tc.fresh_local(Name::new(name), ty);
    let t = target(ctx, g);
    let mut scope = goal::hyps(ctx, g);
    scope.push(h);
    let gspan = goal::goal_span(ctx, g);
    let ng = goal::new_goal(ctx, t, scope, gspan);
    goal::bind_under(ctx, g, &[h], ng, &[proof]);
    Ok((ng, h))
}

/// Reverts `from` (and every later hypothesis that must follow) and re-introduces them,
/// giving the hypotheses of `renames` their new names.
fn reintroduce(
    ctx: &mut Ctx<'_>,
    g: Expr,
    hs: &[Expr],
    renames: &[(Expr, String)],
    span: Span,
) -> Result<Expr> {
    let set = goal::with_dependents(ctx, g, hs);
    let names: Vec<Option<String>> = set
        .iter()
        .map(|h| {
            renames
                .iter()
                .find(|(r, _)| r == h)
                .map_or_else(|| goal::hyp_name(ctx, *h), |(_, n)| n.clone())
        })
        .map(Some)
        .collect();
    let ng = goal::revert(ctx, g, &set);
    Ok(goal::intro_names(ctx, ng, &names, span)?.0)
}

/// Renames hypothesis `h` to `name`.
pub fn rename(ctx: &mut Ctx<'_>, g: Expr, h: Expr, name: &str, span: Span) -> Result<Expr> {
    if goal::hyp_name(ctx, h) == name {
        return Ok(g);
    }
    reintroduce(ctx, g, &[h], &[(h, name.to_string())], span)
}

/// Names the most recent inaccessible hypotheses (`x✝`) of `g` after `names` (`_`
/// keeps one inaccessible).
pub fn rename_inaccessible(
    ctx: &mut Ctx<'_>,
    g: Expr,
    names: &[SName],
    span: Span,
) -> Result<Expr> {
    if names.is_empty() {
        return Ok(g);
    }
    let hidden: Vec<Expr> = goal::hyps(ctx, g)
        .into_iter()
        .filter(|&h| goal::hyp_name(ctx, h).ends_with('✝'))
        .collect();
    if names.len() > hidden.len() {
        return Err(ElabError::invalid(
            span,
            "too many names: not that many inaccessible hypotheses",
        ));
    }
    let chosen = &hidden[hidden.len() - names.len()..];
    let renames: Vec<(Expr, String)> = chosen
        .iter()
        .zip(names)
        .filter(|(_, n)| n.as_str() != "_")
        .map(|(h, n)| (*h, n.clone()))
        .collect();
    reintroduce(ctx, g, chosen, &renames, span)
}

/// `have h : T := e` (a new goal for `T` first when `e` is omitted).
pub fn have(
    ctx: &mut Ctx<'_>,
    g: Expr,
    name: Option<&str>,
    ty: Option<&Term>,
    val: Option<&Term>,
    span: Span,
) -> Result<Vec<Expr>> {
    let name = name.unwrap_or("this");
    let ty = match ty {
        Some(t) => Some(goal::elab_type_in(ctx, g, t)?),
        None => None,
    };
    match (ty, val) {
        (Some(t), Some(v)) => {
            let (p, fresh) = goal::elab_in(ctx, g, v, Some(t))?;
            let (ng, _) = add_hyp(ctx, g, name, t, p)?;
            let mut out: Vec<Expr> = fresh
                .into_iter()
                .filter(|m| ctx.is_unassigned(*m))
                .collect();
            out.insert(0, ng);
            Ok(out)
        }
        (None, Some(v)) => {
            let (p, _) = goal::elab_in(ctx, g, v, None)?;
            let t = ctx.infer(p, span)?;
            let (ng, _) = add_hyp(ctx, g, name, t, p)?;
            Ok(vec![ng])
        }
        (Some(t), None) => {
            let pg = goal::sibling_goal(ctx, g, t);
            let (ng, _) = add_hyp(ctx, g, name, t, pg)?;
            Ok(vec![pg, ng])
        }
        (None, None) => Err(ElabError::invalid(span, "`have` needs a type or a value")),
    }
}

/// `show T`: replaces the target by the definitionally equal `T`.
pub fn show(ctx: &mut Ctx<'_>, g: Expr, ty: &Term) -> Result<Vec<Expr>> {
    let t = goal::elab_type_in(ctx, g, ty)?;
    let cur = target(ctx, g);
    if !ctx.unify(t, cur)? {
        let (a, b) = (super::display::pp(ctx, t), super::display::pp(ctx, cur));
        return Err(ElabError::invalid(
            ty.span,
            format!("`show`: the type\n  {a}\nis not definitionally equal to the goal\n  {b}"),
        ));
    }
    let t = ctx.instantiate(t);
    Ok(vec![goal::change_target(ctx, g, t)])
}

/// `specialize h a b`: replaces `h` by `h a b`.
pub fn specialize(ctx: &mut Ctx<'_>, g: Expr, e: &Term, span: Span) -> Result<Vec<Expr>> {
    let (v, fresh) = goal::elab_in(ctx, g, e, None)?;
    let head = ctx.tc.store.unfold_apps(v).0;
    if !goal::hyps(ctx, g).contains(&head) {
        return Err(ElabError::invalid(
            span,
            "`specialize` needs a hypothesis applied to arguments",
        ));
    }
    if !fresh.is_empty() {
        return Err(ElabError::invalid(
            span,
            "`specialize` left arguments undetermined",
        ));
    }
    let ty = ctx.infer(v, span)?;
    let name = goal::hyp_name(ctx, head);
    let (ng, _) = add_hyp(ctx, g, &name, ty, v)?;
    let t = target(ctx, ng);
    let used =
        goal::mentions(ctx.tc.store, t, head) || !goal::dependents(ctx, ng, &[head]).is_empty();
    if used {
        return Ok(vec![ng]);
    }
    Ok(vec![goal::clear(ctx, ng, &[head])])
}

/// Replaces the occurrences of `e` in the target by a new hypothesis `name`: the new
/// goal and hypothesis.
pub fn generalize_term(
    ctx: &mut Ctx<'_>,
    g: Expr,
    e: Expr,
    name: &str,
    span: Span,
) -> Result<(Expr, Expr)> {
    let e = ctx.instantiate(e);
    let ty = ctx.infer(e, span)?;
    let x = ctx.tc.fresh_local(Name::new(name), ty);
    let t = target(ctx, g);
    let t2 = ctx
        .tc
        .store
        .rewrite(t, &mut |_, y, _| if y == e { Some(x) } else { None });
    let pi = ctx.abstract_locals(false, &[x], t2);
    let ng = goal::sibling_goal(ctx, g, pi);
    let v = ctx.tc.store.app(ng, e);
    ctx.assign(g, v);
    goal::intro1(ctx, ng, Some(name), span)
}

/// `generalize h : e = x`.
pub fn generalize(
    ctx: &mut Ctx<'_>,
    g: Expr,
    h: Option<&str>,
    e: &Term,
    x: &str,
    span: Span,
) -> Result<Vec<Expr>> {
    let (v, _) = goal::elab_in(ctx, g, e, None)?;
    let Some(h) = h else {
        return Ok(vec![generalize_term(ctx, g, v, x, span)?.0]);
    };
    Ok(vec![generalize_eq(ctx, g, v, h, x, span)?.0])
}

/// Replaces `v` by a new local `x` in the target of `g`, with the hypothesis
/// `h : v = x`; returns the new goal, `x` and `h`.
pub fn generalize_eq(
    ctx: &mut Ctx<'_>,
    g: Expr,
    v: Expr,
    h: &str,
    x: &str,
    span: Span,
) -> Result<(Expr, Expr, Expr)> {
    let v = ctx.instantiate(v);
    let ty = ctx.infer(v, span)?;
    let l = super::basic::sort_level(ctx, ty, span)?;
    let xv = ctx.tc.fresh_local(Name::new(x), ty);
    let t = target(ctx, g);
    let t2 = ctx
        .tc
        .store
        .rewrite(t, &mut |_, y, _| if y == v { Some(xv) } else { None });
    let eqc = ctx.tc.store.cnst(Name::new("Eq"), vec![l.clone()]);
    let eq = ctx.tc.store.apps(eqc, &[ty, v, xv]);
    let imp = ctx.tc.store.arrow(eq, t2);
    let pi = ctx.abstract_locals(false, &[xv], imp);
    let ng = goal::sibling_goal(ctx, g, pi);
    let refl = ctx.tc.store.cnst(Name::new("Eq.refl"), vec![l]);
    let r = ctx.tc.store.apps(refl, &[ty, v]);
    let val = ctx.tc.store.apps(ng, &[v, r]);
    ctx.assign(g, val);
    let (ng, xs) = goal::intro_names(ctx, ng, &[Some(x.to_string()), Some(h.to_string())], span)?;
    match xs[..] {
        [xl, hl] => Ok((ng, xl, hl)),
        _ => Err(ElabError::invalid(
            span,
            "`generalize` introduced no hypotheses",
        )),
    }
}

/// `revert h …`: the hypotheses (and those that depend on them) move back into the
/// target as `∀`s.
pub fn revert(ctx: &mut Ctx<'_>, g: Expr, names: &[SName], span: Span) -> Result<Vec<Expr>> {
    let hs = goal::named_hyps(ctx, g, names, span)?;
    let set = goal::with_dependents(ctx, g, &hs);
    Ok(vec![goal::revert(ctx, g, &set)])
}

/// `clear h …`: removes hypotheses that neither the target nor another hypothesis
/// mentions.
pub fn clear(ctx: &mut Ctx<'_>, g: Expr, names: &[SName], span: Span) -> Result<Vec<Expr>> {
    let hs = goal::named_hyps(ctx, g, names, span)?;
    let t = target(ctx, g);
    for (&h, n) in hs.iter().zip(names) {
        if goal::mentions(ctx.tc.store, t, h) {
            return Err(ElabError::invalid(
                span,
                format!("cannot clear `{n}`: the goal depends on it"),
            ));
        }
    }
    if let Some(d) = goal::dependents(ctx, g, &hs)
        .into_iter()
        .find(|d| !hs.contains(d))
    {
        let dn = goal::hyp_name(ctx, d);
        return Err(ElabError::invalid(
            span,
            format!("cannot clear: hypothesis `{dn}` depends on it"),
        ));
    }
    Ok(vec![goal::clear(ctx, g, &hs)])
}

/// `by_cases h : p`: two goals, `pos` with `h : p` and `neg` with `h : ¬p`, split on the
/// `Decidable p` instance (`Decidable.rec`).
pub fn by_cases(
    ctx: &mut Ctx<'_>,
    g: Expr,
    name: Option<&str>,
    p: &Term,
    span: Span,
) -> Result<super::Goals> {
    super::basic::need(ctx, "Decidable.rec", span)?;
    let prop = goal::elab_type_in(ctx, g, p)?;
    let prop = ctx.instantiate(prop);
    let decidable = ctx.store().cnst("Decidable", Vec::new());
    let dty = ctx.store().app(decidable, prop);
    let Some(inst) = ctx.synth(dty, 0)? else {
        let shown = super::display::pp(ctx, prop);
        return Err(ElabError::invalid(
            span,
            format!("`by_cases`: no `Decidable` instance for\n  {shown}"),
        ));
    };
    let inst = ctx.instantiate(inst);
    let t = target(ctx, g);
    let level = super::basic::sort_level(ctx, t, span)?;
    let not = ctx.store().cnst("Not", Vec::new());
    let not_p = ctx.store().app(not, prop);
    let pos_ty = ctx.store().arrow(prop, t);
    let neg_ty = ctx.store().arrow(not_p, t);
    let pos = goal::sibling_goal(ctx, g, pos_ty);
    let neg = goal::sibling_goal(ctx, g, neg_ty);
    let motive = ctx.store().lam("_", dty, t);
    let rec = ctx.store().cnst("Decidable.rec", vec![level]);
    let v = ctx.store().apps(rec, &[prop, motive, neg, pos, inst]);
    ctx.assign(g, v);
    let name = name.unwrap_or("h");
    let (pos, _) = goal::intro1(ctx, pos, Some(name), span)?;
    let (neg, _) = goal::intro1(ctx, neg, Some(name), span)?;
    Ok(vec![
        (pos, Some("pos".to_string())),
        (neg, Some("neg".to_string())),
    ])
}
