//! The basic tactics: `intro`, `intros`, `exact`, `apply`, `refine`, `rfl`,
//! `constructor`, `left`/`right`, `exists`, `contradiction`, `exfalso`, `assumption`,
//! `trivial`, `decide` and `sorry`.

use cedrus_kernel::{Expr, Level, Name, Node};

use super::goal::{self, target};
use super::Goals;
use crate::elab::ctx::Ctx;
use crate::elab::{ElabError, Result};
use crate::syntax::{Name as SName, Pattern, PatternKind, RcasesPat, Span, Term, TermKind};

/// The universe level of a type: `ty : Sort l`.
pub fn sort_level(ctx: &mut Ctx<'_>, ty: Expr, span: Span) -> Result<Level> {
    let s = ctx.infer(ty, span)?;
    let s = ctx.whnf(s, span)?;
    match ctx.tc.store.node(s) {
        Node::Sort(l) => Ok(ctx.instantiate_level(l)),
        _ => Err(ElabError::invalid(span, "expected a type")),
    }
}

/// A constant of the environment at explicit levels.
pub fn cnst(ctx: &mut Ctx<'_>, n: &str, ls: Vec<Level>) -> Expr {
    ctx.tc.store.cnst(Name::new(n), ls)
}

/// Fails with a message naming a missing prelude constant.
pub fn need(ctx: &Ctx<'_>, n: &str, span: Span) -> Result<()> {
    if ctx.has_const(n) {
        Ok(())
    } else {
        Err(ElabError::invalid(
            span,
            format!("this tactic needs `{n}` declared"),
        ))
    }
}

/// `intro p q …`.
pub fn intro(ctx: &mut Ctx<'_>, g: Expr, pats: &[Pattern], span: Span) -> Result<Vec<Expr>> {
    if pats.is_empty() {
        let (ng, _) = goal::intro1(ctx, g, None, span)?;
        return Ok(vec![ng]);
    }
    let mut goals = vec![g];
    for p in pats {
        let Some(cur) = goals.first().copied() else {
            break;
        };
        let rest: Vec<Expr> = goals[1..].to_vec();
        let new = match &p.kind {
            PatternKind::Ident(n) if !n.contains('.') => {
                vec![goal::intro1(ctx, cur, Some(n), span)?.0]
            }
            PatternKind::Wildcard => vec![goal::intro1(ctx, cur, None, span)?.0],
            _ => {
                let (ng, x) = goal::intro1(ctx, cur, None, span)?;
                let rp = pattern_to_rcases(p)?;
                super::rcases::rcases_hyp(ctx, ng, x, &rp, span)?
            }
        };
        goals = new;
        goals.extend(rest);
    }
    Ok(goals)
}

/// Converts an `intro` pattern to an `rcases` pattern.
fn pattern_to_rcases(p: &Pattern) -> Result<RcasesPat> {
    Ok(match &p.kind {
        PatternKind::Wildcard => RcasesPat::Name("_".into()),
        PatternKind::Ident(n) => RcasesPat::Name(n.clone()),
        PatternKind::AnonCtor(ps) | PatternKind::Tuple(ps) => {
            RcasesPat::Tuple(ps.iter().map(pattern_to_rcases).collect::<Result<_>>()?)
        }
        PatternKind::Typed(q, _) => pattern_to_rcases(q)?,
        _ => {
            return Err(ElabError::invalid(
                p.span,
                "`intro` patterns are names, `_` and `⟨…⟩`",
            ))
        }
    })
}

/// `intros x y` (all leading binders, unnamed, when no names are given).
pub fn intros(ctx: &mut Ctx<'_>, g: Expr, names: &[SName], span: Span) -> Result<Vec<Expr>> {
    let mut g = g;
    if names.is_empty() {
        for _ in 0..10_000 {
            let t = target(ctx, g);
            if !matches!(ctx.tc.store.node(t), Node::Pi(..) | Node::Let(..)) {
                break;
            }
            g = goal::intro1(ctx, g, None, span)?.0;
        }
        return Ok(vec![g]);
    }
    for n in names {
        g = goal::intro1(ctx, g, Some(n), span)?.0;
    }
    Ok(vec![g])
}

/// `exact e`.
pub fn exact(ctx: &mut Ctx<'_>, g: Expr, e: &Term) -> Result<Vec<Expr>> {
    let t = target(ctx, g);
    let (v, fresh) = goal::elab_in(ctx, g, e, Some(t))?;
    if let Some(&m) = fresh.first() {
        let ty = ctx.mvars.get(&m).map_or(m, |i| i.ty);
        let ty = super::display::pp(ctx, ty);
        return Err(ElabError::invalid(
            e.span,
            format!("`exact` left a placeholder unsolved (of type `{ty}`)"),
        ));
    }
    ctx.assign(g, v);
    Ok(Vec::new())
}

/// `refine e`: the `?_` holes of `e` become the new goals.
pub fn refine(ctx: &mut Ctx<'_>, g: Expr, e: &Term) -> Result<Vec<Expr>> {
    let t = target(ctx, g);
    let (v, fresh) = goal::elab_in(ctx, g, e, Some(t))?;
    let mut goals = Vec::new();
    for m in fresh {
        let info = ctx.mvars.get(&m).cloned();
        match info {
            Some(i) if i.origin == super::SYNTHETIC_HOLE => goals.push(m),
            Some(i) => {
                let ty = super::display::pp(ctx, i.ty);
                return Err(ElabError::invalid(
                    e.span,
                    format!(
                        "`refine` could not determine {} (of type `{ty}`); use `?_` for a new goal",
                        i.origin
                    ),
                ));
            }
            None => {}
        }
    }
    ctx.assign(g, v);
    Ok(goals)
}

/// The number of leading `∀`s of `ty` (unfolding definitions where needed).
fn arity(ctx: &mut Ctx<'_>, ty: Expr, span: Span) -> Result<usize> {
    let mut ty = ctx.instantiate(ty);
    let mut n = 0;
    for _ in 0..256 {
        if !matches!(ctx.tc.store.node(ty), Node::Pi(..)) {
            ty = ctx.whnf(ty, span)?;
        }
        match ctx.tc.store.node(ty).clone() {
            Node::Pi(name, _, d, b) => {
                let x = ctx.tc.fresh_local(name, d);
                ty = ctx.tc.store.instantiate1(b, x);
                n += 1;
            }
            _ => break,
        }
    }
    Ok(n)
}

/// `apply f` with `f` already elaborated: unifies the conclusion of `f`'s type (after
/// some arguments) with the target; the arguments left unassigned are the new goals,
/// non-dependent ones first.
pub fn apply_expr(ctx: &mut Ctx<'_>, g: Expr, f: Expr, span: Span) -> Result<Goals> {
    let t = target(ctx, g);
    let fty = ctx.infer(f, span)?;
    let n = arity(ctx, fty, span)?;
    let tn = arity(ctx, t, span)?;
    let first = n.saturating_sub(tn);
    let mut order: Vec<usize> = vec![first];
    order.extend((0..=n).filter(|&k| k != first));
    let scope = goal::hyps(ctx, g);
    for k in order {
        let snap = ctx.snapshot();
        let mut ty = ctx.instantiate(fty);
        let mut args = Vec::new();
        let mut insts = Vec::new();
        let mut ok = true;
        let mut names = Vec::new();
        for _ in 0..k {
            if !matches!(ctx.tc.store.node(ty), Node::Pi(..)) {
                ty = ctx.whnf(ty, span)?;
            }
            let Node::Pi(name, bi, d, b) = ctx.tc.store.node(ty).clone() else {
                ok = false;
                break;
            };
            names.push(name.as_str().to_string());
            let origin = format!("the argument `{}`", name.as_str());
            let m = ctx.new_mvar_in(d, span, origin, scope.clone());
            if bi == cedrus_kernel::BinderInfo::InstImplicit {
                insts.push(m);
            }
            ty = ctx.tc.store.instantiate1(b, m);
            args.push(m);
        }
        if ok && ctx.unify(ty, t)? {
            ctx.pending.extend(insts.iter().copied());
            let r = goal::with_goal_locals(ctx, g, |ctx| ctx.synth_pending(true));
            if r.is_err() {
                ctx.restore(snap);
                continue;
            }
            let val = ctx.tc.store.apps(f, &args);
            ctx.assign(g, val);
            let open: Vec<Expr> = args
                .iter()
                .copied()
                .filter(|&m| ctx.is_unassigned(m))
                .collect();
            let mut dep = Vec::new();
            let mut nondep = Vec::new();
            for &m in &open {
                let used = open.iter().any(|&o| {
                    o != m && {
                        let ot = ctx.mvars.get(&o).map_or(o, |i| i.ty);
                        let ot = ctx.instantiate(ot);
                        goal::mentions(ctx.tc.store, ot, m)
                    }
                });
                if used {
                    dep.push(m);
                } else {
                    nondep.push(m);
                }
            }
            nondep.extend(dep);
            for &m in &nondep {
                if let Some(i) = ctx.mvars.get_mut(&m) {
                    i.origin = super::goal::GOAL_ORIGIN.to_string();
                }
            }
            // Several new goals are tagged with their binder names, as Lean does.
            let several = nondep.len() > 1;
            return Ok(nondep
                .into_iter()
                .map(|m| {
                    let tag = args
                        .iter()
                        .position(|&a| a == m)
                        .and_then(|i| names.get(i).cloned())
                        .filter(|n| several && !n.is_empty() && n != "a" && n != "_");
                    (m, tag)
                })
                .collect());
        }
        ctx.restore(snap);
    }
    let fty = super::display::pp(ctx, fty);
    let tt = super::display::pp(ctx, t);
    Err(ElabError::invalid(
        span,
        format!(
            "`apply` failed: could not unify the conclusion of\n  {fty}\nwith the goal\n  {tt}"
        ),
    ))
}

/// `apply e`.
pub fn apply(ctx: &mut Ctx<'_>, g: Expr, e: &Term) -> Result<Goals> {
    let (f, fresh) = goal::elab_in(ctx, g, e, None)?;
    let mut goals = apply_expr(ctx, g, f, e.span)?;
    for m in fresh {
        if ctx.is_unassigned(m) && !goals.iter().any(|(x, _)| *x == m) {
            goals.push((m, None));
        }
    }
    Ok(goals)
}

/// A head constant with its universe levels and arguments.
type Head = (Name, Vec<Level>, Vec<Expr>);

/// The head constant and arguments of the weak-head normal form of a goal's target.
fn whnf_head(ctx: &mut Ctx<'_>, t: Expr, span: Span) -> Result<Option<Head>> {
    let w = ctx.whnf(t, span)?;
    let (h, args) = ctx.tc.store.unfold_apps(w);
    Ok(match ctx.tc.store.node(h) {
        Node::Const(n, ls) => Some((n.clone(), ls.clone(), args)),
        _ => None,
    })
}

/// `rfl`: closes `a = b`, `a ↔ a` and `a ≤ a` when the sides are definitionally equal.
pub fn rfl(ctx: &mut Ctx<'_>, g: Expr, span: Span) -> Result<Vec<Expr>> {
    let t = target(ctx, g);
    let direct = {
        let (h, args) = ctx.tc.store.unfold_apps(t);
        match ctx.tc.store.node(h) {
            Node::Const(n, ls) => Some((n.clone(), ls.clone(), args)),
            _ => None,
        }
    };
    let head = match direct {
        Some((n, ls, a)) if ["Eq", "Iff", "HEq"].contains(&n.as_str()) => Some((n, ls, a)),
        _ => whnf_head(ctx, t, span)?,
    };
    let Some((n, ls, args)) = head else {
        return Err(rfl_error(ctx, t, span));
    };
    match (n.as_str(), args.as_slice()) {
        ("Eq", [ty, a, b]) => {
            if !ctx.unify(*a, *b)? {
                let (a, b) = (super::display::pp(ctx, *a), super::display::pp(ctx, *b));
                return Err(ElabError::invalid(
                    span,
                    format!("The rfl tactic failed: the left-hand side\n  {a}\nis not definitionally equal to the right-hand side\n  {b}"),
                ));
            }
            let refl = ctx.tc.store.cnst(Name::new("Eq.refl"), ls);
            let v = ctx.tc.store.apps(refl, &[*ty, *a]);
            ctx.assign(g, v);
            Ok(Vec::new())
        }
        ("Iff", [a, b]) => {
            if !ctx.unify(*a, *b)? {
                return Err(rfl_error(ctx, t, span));
            }
            let id = {
                let s = &mut *ctx.tc.store;
                let v = s.bvar(0);
                s.lam("h", *a, v)
            };
            let intro = cnst(ctx, "Iff.intro", vec![]);
            let v = ctx.tc.store.apps(intro, &[*a, *a, id, id]);
            ctx.assign(g, v);
            Ok(Vec::new())
        }
        ("HEq", [ty, a, _, b]) => {
            if !ctx.unify(*a, *b)? {
                return Err(rfl_error(ctx, t, span));
            }
            let refl = ctx.tc.store.cnst(Name::new("HEq.refl"), ls);
            let v = ctx.tc.store.apps(refl, &[*ty, *a]);
            ctx.assign(g, v);
            Ok(Vec::new())
        }
        ("Nat.le", [a, b]) => {
            if !ctx.unify(*a, *b)? {
                return Err(rfl_error(ctx, t, span));
            }
            let refl = cnst(ctx, "Nat.le.refl", vec![]);
            let v = ctx.tc.store.apps(refl, &[*a]);
            ctx.assign(g, v);
            Ok(Vec::new())
        }
        _ => Err(rfl_error(ctx, t, span)),
    }
}

fn rfl_error(ctx: &mut Ctx<'_>, t: Expr, span: Span) -> ElabError {
    let t = super::display::pp(ctx, t);
    ElabError::invalid(
        span,
        format!("The rfl tactic failed: `{t}` is not an equality, `↔` or `≤` whose sides are definitionally equal"),
    )
}

/// The inductive type at the head of the target, with its constructors.
fn target_inductive(
    ctx: &mut Ctx<'_>,
    g: Expr,
    span: Span,
) -> Result<(Vec<Name>, Vec<Level>, Vec<Expr>)> {
    let t = target(ctx, g);
    let Some((n, ls, args)) = whnf_head(ctx, t, span)? else {
        let t = super::display::pp(ctx, t);
        return Err(ElabError::invalid(
            span,
            format!("the goal `{t}` is not an inductive type"),
        ));
    };
    match ctx.tc.table.consts.get(&n).map(|c| &c.kind) {
        Some(cedrus_kernel::ConstantKind::Inductive(info)) => {
            let np = info.num_params as usize;
            Ok((info.ctors.clone(), ls, args.into_iter().take(np).collect()))
        }
        _ => {
            let t = super::display::pp(ctx, t);
            Err(ElabError::invalid(
                span,
                format!("the goal `{t}` is not an inductive type"),
            ))
        }
    }
}

/// Applies constructor `c` (with the target's parameters).
fn apply_ctor(
    ctx: &mut Ctx<'_>,
    g: Expr,
    c: &Name,
    ls: &[Level],
    params: &[Expr],
    span: Span,
) -> Result<Goals> {
    let f = ctx.tc.store.cnst(c.clone(), ls.to_vec());
    let f = ctx.tc.store.apps(f, params);
    apply_expr(ctx, g, f, span)
}

/// `constructor`: applies the first constructor of the target's type that fits.
pub fn constructor(ctx: &mut Ctx<'_>, g: Expr, span: Span) -> Result<Goals> {
    let (ctors, ls, params) = target_inductive(ctx, g, span)?;
    let mut last = None;
    for c in &ctors {
        let snap = ctx.snapshot();
        match apply_ctor(ctx, g, c, &ls, &params, span) {
            Ok(gs) => return Ok(gs),
            Err(e) => {
                ctx.restore(snap);
                last = Some(e);
            }
        }
    }
    Err(last.unwrap_or_else(|| ElabError::invalid(span, "the goal's type has no constructors")))
}

/// `left` (`i = 0`) and `right` (`i = 1`) for types with two constructors.
pub fn left_right(ctx: &mut Ctx<'_>, g: Expr, i: usize, span: Span) -> Result<Goals> {
    let (ctors, ls, params) = target_inductive(ctx, g, span)?;
    if ctors.len() != 2 {
        return Err(ElabError::invalid(
            span,
            format!(
                "`{}` needs a goal whose type has two constructors",
                if i == 0 { "left" } else { "right" }
            ),
        ));
    }
    apply_ctor(ctx, g, &ctors[i], &ls, &params, span)
}

/// `exists a, b`: `refine ⟨a, b, ?_⟩; try trivial`.
pub fn exists(ctx: &mut Ctx<'_>, g: Expr, es: &[Term], span: Span) -> Result<Vec<Expr>> {
    let mut items = es.to_vec();
    items.push(Term::new(TermKind::SyntheticHole(None), span));
    let t = Term::new(TermKind::AnonCtor(items), span);
    let goals = refine(ctx, g, &t)?;
    let mut out = Vec::new();
    for ng in goals {
        let snap = ctx.snapshot();
        match trivial(ctx, ng, span) {
            Ok(rest) => out.extend(rest),
            Err(_) => {
                ctx.restore(snap);
                out.push(ng);
            }
        }
    }
    Ok(out)
}

/// `exfalso`: the target becomes `False`.
pub fn exfalso(ctx: &mut Ctx<'_>, g: Expr, span: Span) -> Result<Vec<Expr>> {
    need(ctx, "False.elim", span)?;
    let t = target(ctx, g);
    let l = sort_level(ctx, t, span)?;
    let f = cnst(ctx, "False", vec![]);
    let ng = goal::sibling_goal(ctx, g, f);
    let elim = cnst(ctx, "False.elim", vec![l]);
    let v = ctx.tc.store.apps(elim, &[t, ng]);
    ctx.assign(g, v);
    Ok(vec![ng])
}

/// Closes `g` with a proof `p : False`.
pub fn close_by_false(ctx: &mut Ctx<'_>, g: Expr, p: Expr, span: Span) -> Result<()> {
    need(ctx, "False.elim", span)?;
    let t = target(ctx, g);
    let l = sort_level(ctx, t, span)?;
    let elim = cnst(ctx, "False.elim", vec![l]);
    let v = ctx.tc.store.apps(elim, &[t, p]);
    ctx.assign(g, v);
    Ok(())
}

/// `assumption`: a hypothesis whose type is the target.
pub fn assumption(ctx: &mut Ctx<'_>, g: Expr, span: Span) -> Result<Vec<Expr>> {
    let t = target(ctx, g);
    for h in goal::hyps(ctx, g).into_iter().rev() {
        let ht = goal::hyp_type(ctx, h);
        let snap = ctx.snapshot();
        if ctx.unify(ht, t).unwrap_or(false) {
            ctx.assign(g, h);
            return Ok(Vec::new());
        }
        ctx.restore(snap);
    }
    Err(ElabError::invalid(span, "no hypothesis matches the goal"))
}

/// `contradiction`: a hypothesis `False`, `¬p` next to `p`, `a ≠ a`, or an equation
/// between different constructors.
pub fn contradiction(ctx: &mut Ctx<'_>, g: Expr, span: Span) -> Result<Vec<Expr>> {
    let hs = goal::hyps(ctx, g);
    for &h in hs.iter().rev() {
        let ht = goal::hyp_type(ctx, h);
        let w = ctx.whnf(ht, span)?;
        if let Some(p) = super::equality::false_from(ctx, h, w, span)? {
            close_by_false(ctx, g, p, span)?;
            return Ok(Vec::new());
        }
        // `h : ¬p` (a function into `False`) and some `h' : p`.
        if let Node::Pi(_, _, d, b) = ctx.tc.store.node(w).clone() {
            let bw = ctx.whnf(b, span)?;
            let is_false =
                matches!(ctx.tc.store.head_const(bw), Some((n, _)) if n.as_str() == "False");
            if is_false && ctx.tc.store.loose_range(b) == 0 {
                for &h2 in hs.iter() {
                    let t2 = goal::hyp_type(ctx, h2);
                    let snap = ctx.snapshot();
                    if ctx.unify(t2, d).unwrap_or(false) {
                        let p = ctx.tc.store.app(h, h2);
                        close_by_false(ctx, g, p, span)?;
                        return Ok(Vec::new());
                    }
                    ctx.restore(snap);
                }
                // `h : a ≠ a`.
                let (eh, eargs) = ctx.tc.store.unfold_apps(d);
                let is_eq =
                    matches!(ctx.tc.store.node(eh), Node::Const(n, _) if n.as_str() == "Eq");
                if is_eq && eargs.len() == 3 {
                    let snap = ctx.snapshot();
                    if ctx.unify(eargs[1], eargs[2]).unwrap_or(false) {
                        let ls = match ctx.tc.store.node(eh) {
                            Node::Const(_, ls) => ls.clone(),
                            _ => vec![],
                        };
                        let refl = ctx.tc.store.cnst(Name::new("Eq.refl"), ls);
                        let r = ctx.tc.store.apps(refl, &[eargs[0], eargs[1]]);
                        let p = ctx.tc.store.app(h, r);
                        close_by_false(ctx, g, p, span)?;
                        return Ok(Vec::new());
                    }
                    ctx.restore(snap);
                }
            }
        }
    }
    Err(ElabError::invalid(
        span,
        "`contradiction` found no contradictory hypotheses",
    ))
}

/// `trivial`: `rfl`, `True.intro`, `assumption`, `decide`, or `And.intro` with each
/// side trivial.
pub fn trivial(ctx: &mut Ctx<'_>, g: Expr, span: Span) -> Result<Vec<Expr>> {
    let t = target(ctx, g);
    let w = ctx.whnf(t, span)?;
    if matches!(ctx.tc.store.head_const(w), Some((n, _)) if n.as_str() == "True") {
        let i = cnst(ctx, "True.intro", vec![]);
        ctx.assign(g, i);
        return Ok(Vec::new());
    }
    type Step = fn(&mut Ctx<'_>, Expr, Span) -> Result<Vec<Expr>>;
    let steps: [Step; 3] = [rfl, assumption, decide];
    for step in steps {
        let snap = ctx.snapshot();
        match step(ctx, g, span) {
            Ok(gs) if gs.is_empty() => return Ok(gs),
            _ => ctx.restore(snap),
        }
    }
    if matches!(ctx.tc.store.head_const(w), Some((n, _)) if n.as_str() == "And") {
        let snap = ctx.snapshot();
        if let Ok(gs) = constructor(ctx, g, span) {
            let mut ok = true;
            for (ng, _) in gs {
                if trivial(ctx, ng, span).is_err() {
                    ok = false;
                    break;
                }
            }
            if ok {
                return Ok(Vec::new());
            }
        }
        ctx.restore(snap);
    }
    Err(ElabError::invalid(
        span,
        "`trivial` could not close the goal",
    ))
}

/// `decide`: evaluates the target's `Decidable` instance; closes the goal with
/// `of_decide_eq_true rfl` when it is `isTrue` (the kernel re-evaluates it).
pub fn decide(ctx: &mut Ctx<'_>, g: Expr, span: Span) -> Result<Vec<Expr>> {
    need(ctx, "of_decide_eq_true", span)?;
    let t = target(ctx, g);
    if !ctx.unassigned_in(t).is_empty()
        || goal::hyps(ctx, g)
            .iter()
            .any(|&h| goal::mentions(ctx.tc.store, t, h))
    {
        return Err(ElabError::invalid(
            span,
            "`decide` needs a closed proposition (no hypotheses or metavariables in the goal)",
        ));
    }
    let dec = cnst(ctx, "Decidable", vec![]);
    let ity = ctx.tc.store.app(dec, t);
    let inst = ctx.new_mvar_in(ity, span, "a `Decidable` instance".into(), Vec::new());
    ctx.pending.push(inst);
    ctx.synth_pending(true)?;
    let inst = ctx.instantiate(inst);
    let w = ctx.whnf(inst, span)?;
    match ctx.tc.store.head_const(w) {
        Some((n, _)) if n.as_str() == "Decidable.isTrue" => {
            let tr = cnst(ctx, "Bool.true", vec![]);
            let bool_ty = cnst(ctx, "Bool", vec![]);
            let refl = cnst(ctx, "Eq.refl", vec![Level::one()]);
            let r = ctx.tc.store.apps(refl, &[bool_ty, tr]);
            let lem = cnst(ctx, "of_decide_eq_true", vec![]);
            let v = ctx.tc.store.apps(lem, &[t, inst, r]);
            ctx.assign(g, v);
            Ok(Vec::new())
        }
        Some((n, _)) if n.as_str() == "Decidable.isFalse" => {
            let t = super::display::pp(ctx, t);
            Err(ElabError::invalid(
                span,
                format!("`decide` proved that the proposition\n  {t}\nis false"),
            ))
        }
        _ => {
            let t = super::display::pp(ctx, t);
            Err(ElabError::invalid(
                span,
                format!("`decide` failed: the `Decidable` instance of\n  {t}\ndid not reduce to `isTrue` or `isFalse`"),
            ))
        }
    }
}

/// `sorry`/`admit`: closes the goal with `sorryAx`.
pub fn sorry(ctx: &mut Ctx<'_>, g: Expr, span: Span) -> Result<Vec<Expr>> {
    need(ctx, "sorryAx", span)?;
    let t = target(ctx, g);
    let l = sort_level(ctx, t, span)?;
    let s = cnst(ctx, "sorryAx", vec![l]);
    let v = ctx.tc.store.app(s, t);
    ctx.assign(g, v);
    Ok(Vec::new())
}
