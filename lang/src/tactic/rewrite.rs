//! Rewriting: `rw`/`rewrite` (with `←`, `at h`, equation lemmas `f.eq_i`), `unfold` and
//! the `calc` tactic.
//!
//! `rw [e]` with `e : l = r` abstracts the instances of `l` in the target (the first
//! instance found fixes `e`'s arguments) into a motive `m`, and closes the goal with
//! `Eq.mpr (congrArg m e) ?new` where `?new : m r`; then tries `rfl`.

use cedrus_kernel::{Expr, Level, Name, Node};

use super::basic::{cnst, need, sort_level};
use super::goal::{self, target};
use crate::elab::ctx::Ctx;
use crate::elab::{ElabError, Result};
use crate::syntax::{CalcStep, Location, Name as SName, RwRule, Span, TermKind};

/// An equation ready to rewrite with: its proof, type, sides and the metavariables
/// standing for its arguments.
struct Equation {
    proof: Expr,
    ty: Expr,
    lhs: Expr,
    rhs: Expr,
    eq_levels: Vec<Level>,
    args: Vec<Expr>,
}

/// Peels the `∀`s of `proof`'s type with new metavariables until an `=` (or `↔`, turned
/// into `=` with `propext`).
fn equation_of(
    ctx: &mut Ctx<'_>,
    g: Expr,
    proof: Expr,
    reverse: bool,
    span: Span,
) -> Result<Equation> {
    let mut ty = ctx.infer(proof, span)?;
    let mut proof = proof;
    let mut args = Vec::new();
    let scope = goal::hyps(ctx, g);
    for _ in 0..256 {
        ty = ctx.instantiate(ty);
        if !matches!(ctx.tc.store.node(ty), Node::Pi(..)) {
            let w = ctx.whnf(ty, span)?;
            if matches!(ctx.tc.store.node(w), Node::Pi(..)) && !is_rel(ctx, ty) {
                ty = w;
            }
        }
        match ctx.tc.store.node(ty).clone() {
            Node::Pi(n, _, d, b) => {
                let m = ctx.new_mvar_in(
                    d,
                    span,
                    format!("the argument `{}` of the equation", n.as_str()),
                    scope.clone(),
                );
                ty = ctx.tc.store.instantiate1(b, m);
                proof = ctx.tc.store.app(proof, m);
                args.push(m);
            }
            _ => break,
        }
    }
    let (h, xs) = ctx.tc.store.unfold_apps(ty);
    let (name, ls) = match ctx.tc.store.node(h) {
        Node::Const(n, ls) => (n.clone(), ls.clone()),
        _ => (Name::anonymous(), vec![]),
    };
    let (mut proof, mut ty, eq_levels, a, l, r) = match (name.as_str(), xs.as_slice()) {
        ("Eq", [a, l, r]) => (proof, ty, ls, *a, *l, *r),
        ("Iff", [l, r]) => {
            need(ctx, "propext", span)?;
            let pe = cnst(ctx, "propext", vec![]);
            let p = ctx.tc.store.apps(pe, &[*l, *r, proof]);
            let prop = ctx.tc.store.prop();
            let eqc = cnst(ctx, "Eq", vec![Level::one()]);
            let t = ctx.tc.store.apps(eqc, &[prop, *l, *r]);
            (p, t, vec![Level::one()], prop, *l, *r)
        }
        _ => {
            let t = super::display::pp(ctx, ty);
            return Err(ElabError::invalid(
                span,
                format!("`rw` needs an equation or an `↔`, but the rule has type\n  {t}"),
            ));
        }
    };
    let (lhs, rhs) = if reverse {
        need(ctx, "Eq.symm", span)?;
        let symm = ctx.tc.store.cnst(Name::new("Eq.symm"), eq_levels.clone());
        proof = ctx.tc.store.apps(symm, &[a, l, r, proof]);
        let eqc = ctx.tc.store.cnst(Name::new("Eq"), eq_levels.clone());
        ty = ctx.tc.store.apps(eqc, &[a, r, l]);
        (r, l)
    } else {
        (l, r)
    };
    Ok(Equation {
        proof,
        ty,
        lhs,
        rhs,
        eq_levels,
        args,
    })
}

fn is_rel(ctx: &Ctx<'_>, ty: Expr) -> bool {
    matches!(ctx.tc.store.head_const(ty), Some((n, _)) if n.as_str() == "Eq" || n.as_str() == "Iff")
}

/// Finds an instance of `pat` in `e` (closed subterms, left to right, outermost first),
/// assigning `pat`'s metavariables: first a subterm equal to the instantiated pattern,
/// then one only definitionally equal to it.
fn find_instance(ctx: &mut Ctx<'_>, e: Expr, pat: Expr) -> Result<Option<Expr>> {
    let cands = closed_subterms(ctx.tc.store, e);
    let pat_head = ctx.tc.store.head_const(pat).map(|(n, _)| n.clone());
    for exact in [true, false] {
        for &c in &cands {
            if let Some(ph) = &pat_head {
                if ctx.tc.store.head_const(c).map(|(n, _)| n) != Some(ph) {
                    continue;
                }
            }
            let snap = ctx.snapshot();
            // Up to definitional equality, `x + 1` is matched as `Nat.succ x` (equation
            // lemmas are stated with `Nat.succ`).
            let target = if exact { c } else { succ_form(ctx, c) };
            // A failed or exhausted conversion check is no match.
            let ok = unify_args(ctx, pat, target).unwrap_or(false);
            if ok && (!exact || ctx.instantiate(pat) == c) {
                return Ok(Some(c));
            }
            ctx.restore(snap);
        }
    }
    Ok(None)
}

/// The closed subterms of `e` that may be rewritten, outermost first and left to right.
pub(crate) fn closed_subterms(s: &cedrus_kernel::Store, e: Expr) -> Vec<Expr> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![e];
    while let Some(x) = stack.pop() {
        if !seen.insert(x) {
            continue;
        }
        let node = s.node(x);
        if s.loose_range(x) == 0 && !matches!(node, Node::Sort(_) | Node::Pi(..) | Node::Lam(..)) {
            out.push(x);
        }
        match node {
            Node::App(f, a) => {
                stack.push(*a);
                stack.push(*f);
            }
            Node::Lam(_, _, t, b) | Node::Pi(_, _, t, b) => {
                stack.push(*b);
                stack.push(*t);
            }
            Node::Let(_, t, v, b) => {
                stack.push(*b);
                stack.push(*v);
                stack.push(*t);
            }
            Node::Proj(_, _, y) => stack.push(*y),
            _ => {}
        }
    }
    out
}

/// `e` with its subterms `x + 1` on `Nat` written `Nat.succ x`.
fn succ_form(ctx: &mut Ctx<'_>, e: Expr) -> Expr {
    if !ctx.has_const("Nat.succ") {
        return e;
    }
    let succ = cnst(ctx, "Nat.succ", vec![]);
    ctx.tc.store.rewrite(e, &mut |s, x, _| {
        let (h, args) = s.unfold_apps(x);
        let is_add = matches!(s.node(h), Node::Const(n, _) if n.as_str() == "HAdd.hAdd");
        if !is_add || args.len() != 6 {
            return None;
        }
        let is_nat = matches!(s.node(args[0]), Node::Const(n, _) if n.as_str() == "Nat");
        let one = matches!(s.node(args[5]), Node::Lit(cedrus_kernel::Literal::Nat(k)) if *k == 1u32.into());
        if is_nat && one {
            Some(s.app(succ, args[4]))
        } else {
            None
        }
    })
}

/// Unifies `f a₁ … aₙ` with `f b₁ … bₙ` argument by argument, never unfolding `f`
/// (so `append [] ys` does not match `append (x :: xs) ys` by computation).
fn unify_args(ctx: &mut Ctx<'_>, pat: Expr, c: Expr) -> Result<bool> {
    let (ph, pa) = ctx.tc.store.unfold_apps(pat);
    let (ch, ca) = ctx.tc.store.unfold_apps(c);
    if pa.len() != ca.len() || pa.is_empty() {
        return ctx.unify(pat, c);
    }
    if !ctx.unify(ph, ch)? {
        return Ok(false);
    }
    for (a, b) in pa.into_iter().zip(ca) {
        if !ctx.unify(a, b)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `fun x => e[x/inst]` and whether anything was abstracted.
fn motive_of(ctx: &mut Ctx<'_>, e: Expr, inst: Expr, ty: Expr) -> (Expr, bool) {
    let x = ctx.tc.fresh_local(Name::new("x"), ty);
    let mut hit = false;
    let body = ctx.tc.store.rewrite(e, &mut |_, y, _| {
        if y == inst {
            hit = true;
            Some(x)
        } else {
            None
        }
    });
    (ctx.abstract_locals(true, &[x], body), hit)
}

/// Rewrites `e` (of sort level `l`) with `eq`: the new expression and a proof of
/// `e = e'`.
fn rewrite_expr(
    ctx: &mut Ctx<'_>,
    e: Expr,
    eq: &Equation,
    span: Span,
) -> Result<Option<(Expr, Expr)>> {
    let Some(inst) = find_instance(ctx, e, eq.lhs)? else {
        return Ok(None);
    };
    fill_unused_args(ctx, eq, inst, span)?;
    let lhs = inst;
    let rhs = ctx.instantiate(eq.rhs);
    let e = ctx.instantiate(e);
    let ety = ctx.infer(lhs, span)?;
    let (motive, hit) = motive_of(ctx, e, lhs, ety);
    if !hit {
        return Ok(None);
    }
    let new = {
        let s = &mut *ctx.tc.store;
        let r = crate::elab::ctx::beta(s, motive, &[rhs]);
        goal::beta_all(s, r)
    };
    let l = sort_level(ctx, e, span)?;
    let mut ls = eq.eq_levels.clone();
    ls.push(l.clone().succ());
    need(ctx, "congrArg", span)?;
    let ca = ctx.tc.store.cnst(Name::new("congrArg"), ls);
    let sort = ctx.tc.store.sort(l);
    let proof = ctx.instantiate(eq.proof);
    let p = ctx.tc.store.apps(ca, &[ety, sort, lhs, rhs, motive, proof]);
    Ok(Some((new, p)))
}

/// Arguments of the equation that its statement does not mention (equation lemmas may
/// quantify over unused parameters) get a value of their type found in `inst`.
fn fill_unused_args(ctx: &mut Ctx<'_>, eq: &Equation, inst: Expr, span: Span) -> Result<()> {
    let ty = ctx.instantiate(eq.ty);
    for &m in &eq.args {
        if !ctx.is_unassigned(m) || goal::mentions(ctx.tc.store, ty, m) {
            continue;
        }
        let mty = ctx.mvars.get(&m).map_or(m, |i| i.ty);
        let mut cands = Vec::new();
        ctx.tc.store.any_subterm(inst, &mut |s, x| {
            if s.loose_range(x) == 0 {
                cands.push(x);
            }
            false
        });
        for c in cands {
            let Ok(ct) = ctx.infer(c, span) else { continue };
            let snap = ctx.snapshot();
            if ctx.unify(ct, mty)? {
                ctx.assign(m, c);
                break;
            }
            ctx.restore(snap);
        }
    }
    Ok(())
}

/// Rewrites the target of `g` with the proof `proof` of an equation or `↔` (its
/// arguments become metavariables, fixed by the first instance found): the new goal,
/// or `None` when no instance occurs. For tactics built on rewriting (`simp`).
pub fn rewrite_target_with(
    ctx: &mut Ctx<'_>,
    g: Expr,
    proof: Expr,
    reverse: bool,
    span: Span,
) -> Result<Option<Expr>> {
    let snap = ctx.snapshot();
    let eq = equation_of(ctx, g, proof, reverse, span)?;
    let r = rw_target(ctx, g, &eq, span)?;
    if r.is_none() {
        ctx.restore(snap);
    }
    Ok(r)
}

/// Rewrites hypothesis `h` of `g` like [`rewrite_target_with`]: the new goal (where `h`
/// is replaced by a rewritten hypothesis of the same name), or `None`.
pub fn rewrite_hyp_with(
    ctx: &mut Ctx<'_>,
    g: Expr,
    h: Expr,
    proof: Expr,
    reverse: bool,
    span: Span,
) -> Result<Option<Expr>> {
    let snap = ctx.snapshot();
    let eq = equation_of(ctx, g, proof, reverse, span)?;
    let r = rw_hyp(ctx, g, h, &eq, span)?;
    if r.is_none() {
        ctx.restore(snap);
    }
    Ok(r)
}

/// `rw [rules] at loc` (then `rfl` when `try_rfl`; `rewrite` does not try it).
pub fn rw(
    ctx: &mut Ctx<'_>,
    g: Expr,
    rules: &[RwRule],
    loc: Option<&Location>,
    try_rfl: bool,
    span: Span,
) -> Result<Vec<Expr>> {
    need(ctx, "Eq.mpr", span)?;
    let mut g = g;
    let mut extra = Vec::new();
    for rule in rules {
        let (ng, more) = rw_one(ctx, g, rule, loc, rule.term.span)?;
        g = ng;
        extra.extend(more);
    }
    let mut out = Vec::new();
    let at_goal = matches!(
        loc,
        None | Some(Location::Targets { goal: true, .. }) | Some(Location::Wildcard)
    );
    if !(try_rfl && at_goal && close_if_syntactic_refl(ctx, g)) {
        out.push(g);
    }
    out.extend(extra.into_iter().filter(|m| ctx.is_unassigned(*m)));
    Ok(out)
}

/// Closes `a = a` and `a ↔ a` whose sides are identical (after instantiation), as
/// `rw` does with its reducible `rfl`: unfolding definitions is left to `rfl`.
fn close_if_syntactic_refl(ctx: &mut Ctx<'_>, g: Expr) -> bool {
    let t = target(ctx, g);
    let (h, args) = ctx.tc.store.unfold_apps(t);
    let (name, ls) = match ctx.tc.store.node(h) {
        Node::Const(n, ls) => (n.as_str().to_string(), ls.clone()),
        _ => return false,
    };
    let v = match (name.as_str(), args.as_slice()) {
        ("Eq", [ty, a, b]) if a == b => {
            let refl = ctx.tc.store.cnst(Name::new("Eq.refl"), ls);
            ctx.tc.store.apps(refl, &[*ty, *a])
        }
        ("Iff", [a, b]) if a == b && ctx.has_const("Iff.refl") => {
            let refl = cnst(ctx, "Iff.refl", vec![]);
            ctx.tc.store.app(refl, *a)
        }
        _ => return false,
    };
    ctx.assign(g, v);
    true
}

/// The candidate proofs a rule stands for: the term itself, or the equation lemmas
/// `f.eq_1`, `f.eq_2`, … of a definition `f`.
fn rule_candidates(ctx: &mut Ctx<'_>, g: Expr, rule: &RwRule) -> Result<Vec<Expr>> {
    if let TermKind::Ident(n) = &rule.term.kind {
        if goal::find_hyp(ctx, g, n).is_none() {
            if let Some(c) = ctx.resolve_const(n) {
                let mut lemmas = Vec::new();
                for i in 1..=64 {
                    let l = c.child(&format!("eq_{i}"));
                    if !ctx.tc.table.consts.contains_key(&l) {
                        break;
                    }
                    lemmas.push(ctx.mk_const(&l));
                }
                if !lemmas.is_empty() {
                    return Ok(lemmas);
                }
            }
        }
    }
    let (e, _) = goal::elab_in(ctx, g, &rule.term, None)?;
    Ok(vec![e])
}

fn rw_one(
    ctx: &mut Ctx<'_>,
    g: Expr,
    rule: &RwRule,
    loc: Option<&Location>,
    span: Span,
) -> Result<(Expr, Vec<Expr>)> {
    let cands = rule_candidates(ctx, g, rule)?;
    for proof in cands {
        let snap = ctx.snapshot();
        let eq = equation_of(ctx, g, proof, rule.reverse, span)?;
        let r = match loc {
            None => rw_target(ctx, g, &eq, span)?,
            Some(Location::Targets {
                hyps,
                goal: at_goal,
            }) => {
                let mut cur = Some(g);
                for h in hyps {
                    let Some(c) = cur else { break };
                    let hv = goal::find_hyp(ctx, c, h).ok_or_else(|| {
                        ElabError::invalid(span, format!("unknown hypothesis `{h}`"))
                    })?;
                    cur = rw_hyp(ctx, c, hv, &eq, span)?;
                }
                match cur {
                    Some(c) if *at_goal => rw_target(ctx, c, &eq, span)?,
                    other => other,
                }
            }
            Some(Location::Wildcard) => {
                let mut cur = g;
                let mut any = false;
                for h in goal::hyps(ctx, g) {
                    let s2 = ctx.snapshot();
                    match rw_hyp(ctx, cur, h, &eq, span)? {
                        Some(n) => {
                            cur = n;
                            any = true;
                        }
                        None => ctx.restore(s2),
                    }
                }
                match rw_target(ctx, cur, &eq, span)? {
                    Some(n) => Some(n),
                    None if any => Some(cur),
                    None => None,
                }
            }
        };
        match r {
            Some(ng) => {
                let more = eq
                    .args
                    .into_iter()
                    .filter(|m| ctx.is_unassigned(*m))
                    .collect();
                return Ok((ng, more));
            }
            None => ctx.restore(snap),
        }
    }
    let t = target(ctx, g);
    let t = super::display::pp(ctx, t);
    Err(ElabError::invalid(
        span,
        format!("`rw` did not find an instance of the pattern in the goal\n  {t}"),
    ))
}

fn rw_target(ctx: &mut Ctx<'_>, g: Expr, eq: &Equation, span: Span) -> Result<Option<Expr>> {
    let t = target(ctx, g);
    let Some((new, p)) = rewrite_expr(ctx, t, eq, span)? else {
        return Ok(None);
    };
    let l = sort_level(ctx, t, span)?;
    let ng = goal::sibling_goal(ctx, g, new);
    let mpr = ctx.tc.store.cnst(Name::new("Eq.mpr"), vec![l]);
    let v = ctx.tc.store.apps(mpr, &[t, new, p, ng]);
    ctx.assign(g, v);
    Ok(Some(ng))
}

fn rw_hyp(ctx: &mut Ctx<'_>, g: Expr, h: Expr, eq: &Equation, span: Span) -> Result<Option<Expr>> {
    let ht = goal::hyp_type(ctx, h);
    let Some((new, p)) = rewrite_expr(ctx, ht, eq, span)? else {
        return Ok(None);
    };
    need(ctx, "Eq.mp", span)?;
    let l = sort_level(ctx, ht, span)?;
    let mp = ctx.tc.store.cnst(Name::new("Eq.mp"), vec![l]);
    let v = ctx.tc.store.apps(mp, &[ht, new, p, h]);
    let name = goal::hyp_name(ctx, h);
    let (ng, _) = super::structural::add_hyp(ctx, g, &name, new, v)?;
    let t = target(ctx, ng);
    if goal::mentions(ctx.tc.store, t, h) || !goal::dependents(ctx, ng, &[h]).is_empty() {
        return Ok(Some(ng));
    }
    Ok(Some(goal::clear(ctx, ng, &[h])))
}

/// `unfold f g at loc`: rewrites with the equation lemmas of each definition, or
/// unfolds it by its value when it has none.
pub fn unfold(
    ctx: &mut Ctx<'_>,
    g: Expr,
    names: &[SName],
    loc: Option<&Location>,
    span: Span,
) -> Result<Vec<Expr>> {
    let mut g = g;
    for n in names {
        let c = ctx
            .resolve_const(n)
            .ok_or_else(|| ElabError::invalid(span, format!("unknown constant `{n}`")))?;
        let has_eqns = ctx.tc.table.consts.contains_key(&c.child("eq_1"));
        if has_eqns {
            let rule = RwRule {
                reverse: false,
                term: crate::syntax::Term::new(TermKind::Ident(c.as_str().to_string()), span),
            };
            let mut progressed = false;
            for _ in 0..64 {
                let snap = ctx.snapshot();
                match rw_one(ctx, g, &rule, loc, span) {
                    Ok((ng, _)) => {
                        g = ng;
                        progressed = true;
                    }
                    Err(_) => {
                        ctx.restore(snap);
                        break;
                    }
                }
            }
            if !progressed {
                return Err(ElabError::invalid(
                    span,
                    format!("`unfold {n}` found nothing to unfold"),
                ));
            }
        } else {
            let Some(info) = ctx.tc.table.consts.get(&c).cloned() else {
                return Err(ElabError::invalid(span, format!("unknown constant `{n}`")));
            };
            let cedrus_kernel::ConstantKind::Definition { value, .. } = info.kind else {
                return Err(ElabError::invalid(
                    span,
                    format!("`{n}` is not a definition"),
                ));
            };
            let delta = |ctx: &mut Ctx<'_>, e: Expr| {
                let r = ctx
                    .tc
                    .store
                    .rewrite(e, &mut |s, x, _| match s.node(x).clone() {
                        Node::Const(k, ls) if k == c => {
                            Some(s.instantiate_levels(value, &info.lparams, &ls))
                        }
                        _ => None,
                    });
                goal::beta_all(ctx.tc.store, r)
            };
            let mut changed = false;
            let (hyps, at_goal) = match loc {
                None => (Vec::new(), true),
                Some(Location::Wildcard) => (goal::hyps(ctx, g), true),
                Some(Location::Targets {
                    hyps,
                    goal: at_goal,
                }) => {
                    let mut hs = Vec::new();
                    for h in hyps {
                        hs.push(goal::find_hyp(ctx, g, h).ok_or_else(|| {
                            ElabError::invalid(span, format!("unknown hypothesis `{h}`"))
                        })?);
                    }
                    (hs, *at_goal)
                }
            };
            for h in hyps {
                let ht = goal::hyp_type(ctx, h);
                let new = delta(ctx, ht);
                if new != ht {
                    // The unfolded type is definitionally equal: `id`-like transport.
                    let name = goal::hyp_name(ctx, h);
                    let (ng, _) = super::structural::add_hyp(ctx, g, &name, new, h)?;
                    let t = target(ctx, ng);
                    g = if goal::mentions(ctx.tc.store, t, h)
                        || !goal::dependents(ctx, ng, &[h]).is_empty()
                    {
                        ng
                    } else {
                        goal::clear(ctx, ng, &[h])
                    };
                    changed = true;
                }
            }
            if at_goal {
                let t = target(ctx, g);
                let new = delta(ctx, t);
                if new != t {
                    g = goal::change_target(ctx, g, new);
                    changed = true;
                }
            }
            if !changed {
                return Err(ElabError::invalid(
                    span,
                    format!("`unfold {n}` found nothing to unfold"),
                ));
            }
        }
    }
    Ok(vec![g])
}

/// The `calc` tactic: the chain must prove the target.
pub fn calc_tactic(
    ctx: &mut Ctx<'_>,
    g: Expr,
    steps: &[CalcStep],
    span: Span,
) -> Result<Vec<Expr>> {
    let t = crate::syntax::Term::new(TermKind::Calc(steps.to_vec()), span);
    super::basic::exact(ctx, g, &t)
}
