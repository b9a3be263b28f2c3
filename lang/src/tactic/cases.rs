//! Case analysis and induction through the kernel's recursors: `cases`, `induction`
//! (with `generalizing`), `rcases`/`obtain` patterns, `injection` and `subst`.
//!
//! `cases x` and `induction x` revert the hypotheses depending on `x` (and its indices,
//! which must be distinct variables), apply `T.rec` with the motive `fun is x => ∀ deps,
//! target`, and re-introduce the fields, the induction hypotheses (for `induction`) and
//! the reverted hypotheses in each case. Motives of the other types of a mutual block
//! are `PUnit`, so only the main type's cases become goals.

use cedrus_kernel::{ConstantKind, Expr, Level, Name, Node};

use super::basic::{cnst, sort_level};
use super::goal::{self, target};
use super::Goals;
use crate::elab::ctx::Ctx;
use crate::elab::{ElabError, Result};
use crate::syntax::{InductionAlt, Name as SName, RcasesPat, Span, Term, TermKind};

/// One case produced by [`elim`].
#[derive(Clone, Debug)]
pub struct CaseGoal {
    /// The constructor.
    pub ctor: Name,
    /// The goal.
    pub goal: Expr,
    /// The fields introduced (then the induction hypotheses for `induction`).
    pub fields: Vec<Expr>,
}

/// Names for the fields (and hypotheses) of a constructor's case.
pub type Namer<'n> = &'n dyn Fn(&Name) -> Vec<Option<String>>;

/// Eliminates the local `x` of goal `g` with its type's recursor.
pub fn elim(
    ctx: &mut Ctx<'_>,
    g: Expr,
    x: Expr,
    induction: bool,
    generalize: &[Expr],
    names: Namer<'_>,
    span: Span,
) -> Result<Vec<CaseGoal>> {
    let xty = goal::hyp_type(ctx, x);
    let xty = ctx.whnf(xty, span)?;
    let (h, args) = ctx.tc.store.unfold_apps(xty);
    let (ind, ls) = match ctx.tc.store.node(h) {
        Node::Const(n, ls) => (n.clone(), ls.clone()),
        _ => return Err(not_inductive(ctx, xty, span)),
    };
    let Some(ConstantKind::Inductive(info)) = ctx.tc.table.consts.get(&ind).map(|c| c.kind.clone())
    else {
        return Err(not_inductive(ctx, xty, span));
    };
    let rec_name = ind.child("rec");
    let Some(rec) = ctx.tc.table.consts.get(&rec_name).cloned() else {
        return Err(not_inductive(ctx, xty, span));
    };
    let ConstantKind::Recursor(rinfo) = &rec.kind else {
        return Err(not_inductive(ctx, xty, span));
    };
    let np = info.num_params as usize;
    let ni = info.num_indices as usize;
    if args.len() != np + ni {
        return Err(not_inductive(ctx, xty, span));
    }
    let params = args[..np].to_vec();
    let indices = args[np..].to_vec();
    let scope = goal::hyps(ctx, g);
    for (k, &i) in indices.iter().enumerate() {
        let ok = scope.contains(&i)
            && !indices[..k].contains(&i)
            && !params.iter().any(|&p| goal::mentions(ctx.tc.store, p, i));
        if !ok {
            return Err(ElabError::unsupported(
                span,
                "case analysis on an inductive family whose indices are not distinct variables",
            ));
        }
    }
    let mut major = indices.clone();
    major.push(x);
    let mut revert: Vec<Expr> = goal::dependents(ctx, g, &major);
    for &v in generalize {
        if !revert.contains(&v) && !major.contains(&v) {
            revert.push(v);
        }
    }
    let gen_deps = goal::dependents(ctx, g, generalize);
    for v in gen_deps {
        if !revert.contains(&v) && !major.contains(&v) {
            revert.push(v);
        }
    }
    let revert = goal::in_scope_order(ctx, g, &revert);
    let revert_names: Vec<String> = revert.iter().map(|&h| goal::hyp_name(ctx, h)).collect();
    let g1 = goal::revert(ctx, g, &revert);
    let t1 = target(ctx, g1);
    let u = sort_level(ctx, t1, span)?;
    let motive = ctx.abstract_locals(true, &major, t1);
    let levels = if rec.lparams.len() == ls.len() + 1 {
        let mut v = vec![u.clone()];
        v.extend(ls.iter().cloned());
        v
    } else {
        if !u.is_zero() && !ctx.unify_level(&u, &Level::zero()) {
            return Err(ElabError::invalid(
                span,
                format!("`{ind}` is a proposition: its cases can only prove propositions"),
            ));
        }
        ls.clone()
    };
    let rt = ctx
        .tc
        .store
        .instantiate_levels(rec.ty, &rec.lparams, &levels);
    let mut rt = rt;
    let mut rec_args: Vec<Expr> = Vec::new();
    // Parameters.
    for &p in &params {
        rt = pi_body(ctx, rt, p, span)?;
        rec_args.push(p);
    }
    // Motives: placeholders first, to read off each minor premise's shape.
    let my_pos = rinfo.all.iter().position(|n| *n == ind).unwrap_or(0);
    let nm = rinfo.num_motives as usize;
    let mut placeholders = Vec::new();
    let mut motives = Vec::new();
    let mut rt_ph = rt;
    for j in 0..nm {
        let Node::Pi(_, _, dom, _) = ctx.tc.store.node(rt_ph).clone() else {
            return Err(ElabError::invalid(span, "malformed recursor type"));
        };
        let ph = ctx.tc.fresh_local(Name::new("motive"), dom);
        rt_ph = pi_body(ctx, rt_ph, ph, span)?;
        placeholders.push(ph);
        let m = if j == my_pos {
            motive
        } else {
            let unit = cnst(ctx, "PUnit", vec![u.clone()]);
            lam_of_pi(ctx, dom, unit)
        };
        motives.push(m);
    }
    for &m in &motives {
        rt = pi_body(ctx, rt, m, span)?;
        rec_args.push(m);
    }
    // Minor premises.
    let keep: Vec<Expr> = goal::hyps(ctx, g1)
        .into_iter()
        .filter(|h| !major.contains(h))
        .collect();
    let mut cases = Vec::new();
    for k in 0..rinfo.num_minors as usize {
        let Node::Pi(_, _, dom_ph, _) = ctx.tc.store.node(rt_ph).clone() else {
            return Err(ElabError::invalid(span, "malformed recursor type"));
        };
        let Node::Pi(_, _, dom, _) = ctx.tc.store.node(rt).clone() else {
            return Err(ElabError::invalid(span, "malformed recursor type"));
        };
        let (n_binders, which) = minor_shape(ctx, dom_ph, &placeholders);
        let dom = goal::beta_all(ctx.tc.store, dom);
        let rule = rinfo.rules.get(k).cloned();
        let minor = if which == Some(my_pos) {
            let Some(rule) = rule else {
                return Err(ElabError::invalid(span, "malformed recursor"));
            };
            let dom = nat_literals(ctx, dom);
            let mg = goal::new_goal(ctx, dom, keep.clone(), span);
            let nf = rule.num_fields as usize;
            let mut given = names(&rule.ctor);
            given.resize(n_binders, None);
            let (mut cg, xs) = goal::intro_names(ctx, mg, &given, span)?;
            if !induction && n_binders > nf {
                cg = goal::clear(ctx, cg, &xs[nf..]);
            }
            let rn: Vec<Option<String>> = revert_names.iter().cloned().map(Some).collect();
            let (cg, _) = goal::intro_names(ctx, cg, &rn, span)?;
            let fields = if induction {
                xs
            } else {
                xs[..nf.min(xs.len())].to_vec()
            };
            cases.push(CaseGoal {
                ctor: rule.ctor.clone(),
                goal: cg,
                fields,
            });
            mg
        } else {
            let unit = cnst(ctx, "PUnit.unit", vec![u.clone()]);
            lam_of_pi(ctx, dom, unit)
        };
        rt = pi_body(ctx, rt, minor, span)?;
        rt_ph = pi_body(ctx, rt_ph, minor, span)?;
        rec_args.push(minor);
    }
    rec_args.extend(major.iter().copied());
    let f = ctx.tc.store.cnst(rec_name, levels);
    let v = ctx.tc.store.apps(f, &rec_args);
    ctx.assign(g1, v);
    Ok(cases)
}

fn not_inductive(ctx: &mut Ctx<'_>, ty: Expr, span: Span) -> ElabError {
    let t = super::display::pp(ctx, ty);
    ElabError::invalid(span, format!("`{t}` is not an inductive type"))
}

/// The body of a `∀` type instantiated with `a`.
fn pi_body(ctx: &mut Ctx<'_>, ty: Expr, a: Expr, span: Span) -> Result<Expr> {
    match ctx.tc.store.node(ty).clone() {
        Node::Pi(_, _, _, b) => Ok(ctx.tc.store.instantiate1(b, a)),
        _ => Err(ElabError::invalid(span, "malformed recursor type")),
    }
}

/// `fun xs => body` with the binders of the `∀` telescope `ty`.
fn lam_of_pi(ctx: &mut Ctx<'_>, ty: Expr, body: Expr) -> Expr {
    match ctx.tc.store.node(ty).clone() {
        Node::Pi(n, bi, d, b) => {
            let inner = lam_of_pi(ctx, b, body);
            ctx.tc.store.lam_with(n, bi, d, inner)
        }
        _ => body,
    }
}

/// The number of binders of a minor premise and which motive its conclusion applies.
fn minor_shape(ctx: &mut Ctx<'_>, ty: Expr, placeholders: &[Expr]) -> (usize, Option<usize>) {
    let mut n = 0;
    let mut cur = ty;
    while let Node::Pi(_, _, _, b) = ctx.tc.store.node(cur).clone() {
        n += 1;
        cur = b;
    }
    let h = ctx.tc.store.app_fn(cur);
    (n, placeholders.iter().position(|&p| p == h))
}

/// Shows `Nat.zero` as `0` and `Nat.succ n` as `n + 1`, as Lean's `induction` does.
pub fn nat_literals(ctx: &mut Ctx<'_>, e: Expr) -> Expr {
    if !ctx.has_const("instHAdd") || !ctx.has_const("instAddNat") {
        return e;
    }
    let zero = Name::new("Nat.zero");
    let succ = Name::new("Nat.succ");
    let nat = cnst(ctx, "Nat", vec![]);
    let add_inst = {
        let i = cnst(ctx, "instHAdd", vec![Level::zero()]);
        let a = cnst(ctx, "instAddNat", vec![]);
        ctx.tc.store.apps(i, &[nat, a])
    };
    let hadd = cnst(
        ctx,
        "HAdd.hAdd",
        vec![Level::zero(), Level::zero(), Level::zero()],
    );
    ctx.tc
        .store
        .rewrite(e, &mut |s, x, _| match s.node(x).clone() {
            Node::Const(n, _) if n == zero => Some(s.nat(0u32)),
            Node::App(f, a) if matches!(s.node(f), Node::Const(n, _) if *n == succ) => {
                let a = nat_literals_in(s, a, &zero, &succ, nat, add_inst, hadd);
                let one = s.nat(1u32);
                Some(s.apps(hadd, &[nat, nat, nat, add_inst, a, one]))
            }
            _ => None,
        })
}

fn nat_literals_in(
    s: &mut cedrus_kernel::Store,
    e: Expr,
    zero: &Name,
    succ: &Name,
    nat: Expr,
    inst: Expr,
    hadd: Expr,
) -> Expr {
    s.rewrite(e, &mut |s, x, _| match s.node(x).clone() {
        Node::Const(n, _) if n == *zero => Some(s.nat(0u32)),
        Node::App(f, a) if matches!(s.node(f), Node::Const(n, _) if n == succ) => {
            let a = nat_literals_in(s, a, zero, succ, nat, inst, hadd);
            let one = s.nat(1u32);
            Some(s.apps(hadd, &[nat, nat, nat, inst, a, one]))
        }
        _ => None,
    })
}

/// The local a `cases`/`induction` target stands for: a hypothesis, or a term first
/// generalized into a new hypothesis.
fn target_local(ctx: &mut Ctx<'_>, g: Expr, t: &Term, span: Span) -> Result<(Expr, Expr)> {
    if let TermKind::Ident(n) = &t.kind {
        if let Some(h) = goal::find_hyp(ctx, g, n) {
            return Ok((g, h));
        }
    }
    let (e, _) = goal::elab_in(ctx, g, t, None)?;
    if goal::hyps(ctx, g).contains(&e) {
        return Ok((g, e));
    }
    super::structural::generalize_term(ctx, g, e, "x✝", span)
}

/// Runs the alternatives `| ctor names => tacs` of `cases`/`induction` on the cases;
/// cases without an alternative become goals tagged with their constructor.
fn run_alts(
    ctx: &mut Ctx<'_>,
    cases: Vec<CaseGoal>,
    alts: &[InductionAlt],
    span: Span,
) -> Result<Goals> {
    let mut out = Vec::new();
    for c in cases {
        let tag = c.ctor.last().to_string();
        let alt = alts
            .iter()
            .find(|a| a.ctor == tag || a.ctor == c.ctor.as_str())
            .or_else(|| alts.iter().find(|a| a.ctor == "_"));
        match alt {
            Some(a) => {
                let mut st = super::state::State::new(c.goal);
                st.tags.insert(c.goal, tag);
                super::state::run_closing(ctx, &mut st, &a.tactics, a.span)?;
            }
            None if alts.is_empty() => out.push((c.goal, Some(tag))),
            None => {
                return Err(ElabError::invalid(
                    span,
                    format!("alternative `{tag}` is missing"),
                ))
            }
        }
    }
    Ok(out)
}

/// Names for a case from an alternative's names (positional), if any.
fn alt_names(alts: &[InductionAlt], ctor: &Name) -> Vec<Option<String>> {
    let tag = ctor.last();
    alts.iter()
        .find(|a| a.ctor == tag || a.ctor == ctor.as_str())
        .or_else(|| alts.iter().find(|a| a.ctor == "_"))
        .map(|a| {
            a.names
                .iter()
                .map(|n| if n == "_" { None } else { Some(n.clone()) })
                .collect()
        })
        .unwrap_or_default()
}

/// `cases e with | ctor x => …`.
pub fn cases_tactic(
    ctx: &mut Ctx<'_>,
    g: Expr,
    targets: &[Term],
    alts: &[InductionAlt],
    span: Span,
) -> Result<Goals> {
    let [t] = targets else {
        return Err(ElabError::unsupported(span, "`cases` on several targets"));
    };
    let (g, x) = target_local(ctx, g, t, span)?;
    let xt = goal::hyp_type(ctx, x);
    if matches!(ctx.tc.store.head_const(xt), Some((n, _)) if n.as_str() == "Eq") {
        let w = ctx.whnf(xt, span)?;
        if let Some(p) = false_from(ctx, x, w, span)? {
            super::basic::close_by_false(ctx, g, p, span)?;
            return Ok(Vec::new());
        }
        let gs = subst_hyp(ctx, g, x, span)?;
        return Ok(gs
            .into_iter()
            .map(|g| (g, Some("refl".to_string())))
            .collect());
    }
    let namer = |c: &Name| alt_names(alts, c);
    let cases = elim(ctx, g, x, false, &[], &namer, span)?;
    run_alts(ctx, cases, alts, span)
}

/// `induction x generalizing y with | ctor x ih => …`.
pub fn induction_tactic(
    ctx: &mut Ctx<'_>,
    g: Expr,
    targets: &[Term],
    generalizing: &[SName],
    alts: &[InductionAlt],
    span: Span,
) -> Result<Goals> {
    let [t] = targets else {
        return Err(ElabError::unsupported(
            span,
            "`induction` on several targets",
        ));
    };
    let (g, x) = target_local(ctx, g, t, span)?;
    let mut gen = Vec::new();
    for n in generalizing {
        match goal::find_hyp(ctx, g, n) {
            Some(h) => gen.push(h),
            None => {
                return Err(ElabError::invalid(
                    span,
                    format!("unknown hypothesis `{n}`"),
                ))
            }
        }
    }
    let namer = |c: &Name| alt_names(alts, c);
    let cases = elim(ctx, g, x, true, &gen, &namer, span)?;
    run_alts(ctx, cases, alts, span)
}

/// A proof of `False` from `h : w` (`w` in weak-head normal form) when `w` is `False`
/// or an equation between different constructors.
pub fn false_from(ctx: &mut Ctx<'_>, h: Expr, w: Expr, span: Span) -> Result<Option<Expr>> {
    if matches!(ctx.tc.store.head_const(w), Some((n, _)) if n.as_str() == "False") {
        return Ok(Some(h));
    }
    let (f, args) = ctx.tc.store.unfold_apps(w);
    let eq_levels = match ctx.tc.store.node(f) {
        Node::Const(n, ls) if n.as_str() == "Eq" && args.len() == 3 => ls.clone(),
        _ => return Ok(None),
    };
    let a = ctx.whnf(args[1], span)?;
    let b = ctx.whnf(args[2], span)?;
    let (ca, cb) = (ctor_of(ctx, a), ctor_of(ctx, b));
    let (Some((ca, ind, ia)), Some((cb, _, ib))) = (ca, cb) else {
        return Ok(None);
    };
    if ca == cb || ia == ib {
        return Ok(None);
    }
    // `D x := T.rec (motive := fun _ => Prop) (a's case ↦ True) (others ↦ False) x`.
    let ty = args[0];
    let xty = ctx.whnf(ty, span)?;
    let Some(d) = discriminator(ctx, &ind, xty, ia, span)? else {
        return Ok(None);
    };
    // `@Eq.rec α (fun x y _ => D x → D y) (fun _ k => k) a b h True.intro : D b`.
    let motive = {
        let s = &mut *ctx.tc.store;
        let d2 = s.bvar(2);
        let dom = s.app(d, d2);
        let body = s.pi("_", dom, dom);
        let eqc = s.cnst(Name::new("Eq"), eq_levels.clone());
        let x1 = s.bvar(1);
        let y0 = s.bvar(0);
        let eq_ty = s.apps(eqc, &[ty, x1, y0]);
        let l3 = s.lam("e", eq_ty, body);
        let l2 = s.lam("y", ty, l3);
        s.lam("x", ty, l2)
    };
    let minor = {
        let s = &mut *ctx.tc.store;
        let x0 = s.bvar(0);
        let dx = s.app(d, x0);
        let k = s.bvar(0);
        let inner = s.lam("k", dx, k);
        s.lam("x", ty, inner)
    };
    let mut levels = vec![Level::zero()];
    levels.extend(eq_levels);
    let rec = ctx.tc.store.cnst(Name::new("Eq.rec"), levels);
    let triv = cnst(ctx, "True.intro", vec![]);
    let p = ctx
        .tc
        .store
        .apps(rec, &[ty, motive, minor, args[1], args[2], h, triv]);
    Ok(Some(p))
}

/// The constructor at the head of `e`, its type and its index.
fn ctor_of(ctx: &Ctx<'_>, e: Expr) -> Option<(Name, Name, u32)> {
    let s = &*ctx.tc.store;
    let e = match s.node(e) {
        Node::Lit(cedrus_kernel::Literal::Nat(n)) => {
            let zero = n.bits() == 0;
            return Some((
                Name::new(if zero { "Nat.zero" } else { "Nat.succ" }),
                Name::new("Nat"),
                u32::from(!zero),
            ));
        }
        _ => e,
    };
    let (n, _) = s.head_const(e)?;
    match ctx.tc.table.consts.get(n).map(|c| &c.kind) {
        Some(ConstantKind::Constructor(ci)) => Some((n.clone(), ci.induct.clone(), ci.idx)),
        _ => None,
    }
}

/// `fun x => T.rec (fun _ => Prop) (True for constructor `idx`, False otherwise) x` for
/// the type `xty` (an applied inductive type without indices).
fn discriminator(
    ctx: &mut Ctx<'_>,
    ind: &Name,
    xty: Expr,
    idx: u32,
    span: Span,
) -> Result<Option<Expr>> {
    let x = ctx.tc.fresh_local(Name::new("x"), xty);
    let prop = ctx.tc.store.prop();
    let tru = cnst(ctx, "True", vec![]);
    let fal = cnst(ctx, "False", vec![]);
    let (_, args) = ctx.tc.store.unfold_apps(xty);
    let Some(rec) = ctx.tc.table.consts.get(&ind.child("rec")).cloned() else {
        return Ok(None);
    };
    let ConstantKind::Recursor(rinfo) = &rec.kind else {
        return Ok(None);
    };
    if rinfo.num_indices > 0 || rinfo.num_motives != 1 || rec.lparams.is_empty() {
        return Ok(None);
    }
    let ls = match ctx.tc.store.head_const(xty) {
        Some((_, ls)) => ls.to_vec(),
        None => return Ok(None),
    };
    let mut levels = vec![Level::one()];
    levels.extend(ls);
    if levels.len() != rec.lparams.len() {
        return Ok(None);
    }
    let mut rt = ctx
        .tc
        .store
        .instantiate_levels(rec.ty, &rec.lparams, &levels);
    let mut rargs = Vec::new();
    for &p in &args {
        rt = pi_body(ctx, rt, p, span)?;
        rargs.push(p);
    }
    let motive = ctx.tc.store.lam("_", xty, prop);
    rt = pi_body(ctx, rt, motive, span)?;
    rargs.push(motive);
    for k in 0..rinfo.num_minors {
        let Node::Pi(_, _, dom, _) = ctx.tc.store.node(rt).clone() else {
            return Ok(None);
        };
        let body = if k == idx { tru } else { fal };
        let m = lam_of_pi(ctx, dom, body);
        rt = pi_body(ctx, rt, m, span)?;
        rargs.push(m);
    }
    rargs.push(x);
    let f = ctx.tc.store.cnst(ind.child("rec"), levels);
    let body = ctx.tc.store.apps(f, &rargs);
    Ok(Some(ctx.abstract_locals(true, &[x], body)))
}

/// `rcases h with pat` on a hypothesis.
pub fn rcases_hyp(
    ctx: &mut Ctx<'_>,
    g: Expr,
    h: Expr,
    pat: &RcasesPat,
    span: Span,
) -> Result<Vec<Expr>> {
    match pat {
        RcasesPat::Name(n) if n == "_" => Ok(vec![g]),
        RcasesPat::Name(n) if n == "-" => Ok(vec![goal::clear(ctx, g, &[h])]),
        RcasesPat::Name(n) if n == "rfl" => subst_hyp(ctx, g, h, span),
        RcasesPat::Name(n) => Ok(vec![super::structural::rename(ctx, g, h, n, span)?]),
        RcasesPat::Tuple(ps) if ps.len() == 1 => rcases_hyp(ctx, g, h, &ps[0], span),
        RcasesPat::Tuple(ps) => {
            let cases = elim(ctx, g, h, false, &[], &|_| Vec::new(), span)?;
            let mut out = Vec::new();
            for c in cases {
                let mut subs: Vec<RcasesPat> = ps.clone();
                let nf = c.fields.len();
                if nf >= 1 && subs.len() > nf {
                    let rest = subs.split_off(nf - 1);
                    subs.push(RcasesPat::Tuple(rest));
                }
                out.extend(rcases_fields(ctx, c.goal, &c.fields, &subs, span)?);
            }
            Ok(out)
        }
        RcasesPat::Alts(ps) => {
            let cases = elim(ctx, g, h, false, &[], &|_| Vec::new(), span)?;
            let mut out = Vec::new();
            for (k, c) in cases.into_iter().enumerate() {
                let p = ps.get(k).cloned().unwrap_or(RcasesPat::Name("_".into()));
                let subs = match p {
                    RcasesPat::Tuple(qs) => qs,
                    other => vec![other],
                };
                out.extend(rcases_fields(ctx, c.goal, &c.fields, &subs, span)?);
            }
            Ok(out)
        }
    }
}

/// Applies sub-patterns to the fields of a case, last field first (so earlier
/// hypotheses stay valid while later ones are split).
fn rcases_fields(
    ctx: &mut Ctx<'_>,
    g: Expr,
    fields: &[Expr],
    pats: &[RcasesPat],
    span: Span,
) -> Result<Vec<Expr>> {
    let mut goals = vec![g];
    for (k, &f) in fields.iter().enumerate().rev() {
        let Some(p) = pats.get(k) else { continue };
        let mut next = Vec::new();
        for cg in goals {
            if goal::hyps(ctx, cg).contains(&f) {
                next.extend(rcases_hyp(ctx, cg, f, p, span)?);
            } else {
                next.push(cg);
            }
        }
        goals = next;
    }
    Ok(goals)
}

/// `rcases e with pat`.
pub fn rcases(
    ctx: &mut Ctx<'_>,
    g: Expr,
    targets: &[Term],
    pat: &RcasesPat,
    span: Span,
) -> Result<Vec<Expr>> {
    let [t] = targets else {
        return Err(ElabError::unsupported(span, "`rcases` on several targets"));
    };
    let (g, x) = target_local(ctx, g, t, span)?;
    rcases_hyp(ctx, g, x, pat, span)
}

/// `obtain pat := e`.
pub fn obtain(
    ctx: &mut Ctx<'_>,
    g: Expr,
    pat: &RcasesPat,
    val: Option<&Term>,
    span: Span,
) -> Result<Vec<Expr>> {
    let Some(val) = val else {
        return Err(ElabError::unsupported(span, "`obtain` without `:= value`"));
    };
    let (e, _) = goal::elab_in(ctx, g, val, None)?;
    let ty = ctx.infer(e, span)?;
    let (g, h) = super::structural::add_hyp(ctx, g, "h✝", ty, e, span)?;
    rcases_hyp(ctx, g, h, pat, span)
}

/// `subst h` for `h : a = b` with `b` (or `a`) a variable; `subst x` for a variable.
pub fn subst(ctx: &mut Ctx<'_>, g: Expr, es: &[Term], span: Span) -> Result<Vec<Expr>> {
    let mut g = g;
    for e in es {
        let h = match &e.kind {
            TermKind::Ident(n) => goal::find_hyp(ctx, g, n),
            _ => None,
        };
        let Some(h) = h else {
            return Err(ElabError::invalid(
                e.span,
                "`subst` expects a hypothesis or a variable",
            ));
        };
        let ty = goal::hyp_type(ctx, h);
        let is_eq = matches!(ctx.tc.store.head_const(ty), Some((n, _)) if n.as_str() == "Eq");
        let h = if is_eq {
            h
        } else {
            // A variable: find an equation about it.
            let mut found = None;
            for k in goal::hyps(ctx, g).into_iter().rev() {
                let kt = goal::hyp_type(ctx, k);
                let (f, a) = ctx.tc.store.unfold_apps(kt);
                let eq = matches!(ctx.tc.store.node(f), Node::Const(n, _) if n.as_str() == "Eq");
                if eq && a.len() == 3 && (a[1] == h || a[2] == h) {
                    found = Some(k);
                    break;
                }
            }
            found.ok_or_else(|| ElabError::invalid(e.span, "no equation about this variable"))?
        };
        let gs = subst_hyp(ctx, g, h, e.span)?;
        let [ng] = gs.as_slice() else {
            return Err(ElabError::invalid(span, "`subst` failed"));
        };
        g = *ng;
    }
    Ok(vec![g])
}

/// Substitutes using the equation `h : a = b` where `b` (or `a`) is a variable the
/// other side does not mention: `Eq.recAt` with the motive over `b` and `h`.
pub fn subst_hyp(ctx: &mut Ctx<'_>, g: Expr, h: Expr, span: Span) -> Result<Vec<Expr>> {
    super::basic::need(ctx, "Eq.recAt", span)?;
    let ty = goal::hyp_type(ctx, h);
    let ty = ctx.whnf(ty, span)?;
    let (f, args) = ctx.tc.store.unfold_apps(ty);
    let eq_levels = match ctx.tc.store.node(f) {
        Node::Const(n, ls) if n.as_str() == "Eq" && args.len() == 3 => ls.clone(),
        _ => return Err(ElabError::invalid(span, "`subst` needs an equation")),
    };
    let scope = goal::hyps(ctx, g);
    let var_ok = |ctx: &Ctx<'_>, v: Expr, other: Expr| {
        scope.contains(&v)
            && !goal::mentions(ctx.tc.store, other, v)
            && !ctx.let_vals.contains_key(&v)
    };
    let (g, h, a, b) = if var_ok(ctx, args[2], args[1]) {
        (g, h, args[1], args[2])
    } else if var_ok(ctx, args[1], args[2]) {
        let symm = ctx.tc.store.cnst(Name::new("Eq.symm"), eq_levels.clone());
        let proof = ctx.tc.store.apps(symm, &[args[0], args[1], args[2], h]);
        let eqc = ctx.tc.store.cnst(Name::new("Eq"), eq_levels.clone());
        let sty = ctx.tc.store.apps(eqc, &[args[0], args[2], args[1]]);
        let name = goal::hyp_name(ctx, h);
        let (g2, h2) = super::structural::add_hyp(ctx, g, &name, sty, proof, span)?;
        let g2 = goal::clear(ctx, g2, &[h]);
        (g2, h2, args[2], args[1])
    } else {
        let t = super::display::pp(ctx, ty);
        return Err(ElabError::invalid(
            span,
            format!("`subst` needs an equation with a variable side that the other side does not mention, not\n  {t}"),
        ));
    };
    let deps: Vec<Expr> = goal::dependents(ctx, g, &[b, h]);
    let deps = goal::in_scope_order(ctx, g, &deps);
    let names: Vec<Option<String>> = deps.iter().map(|&d| Some(goal::hyp_name(ctx, d))).collect();
    let g1 = goal::revert(ctx, g, &deps);
    let t1 = target(ctx, g1);
    let u = sort_level(ctx, t1, span)?;
    let motive = ctx.abstract_locals(true, &[b, h], t1);
    let refl = ctx.tc.store.cnst(Name::new("Eq.refl"), eq_levels.clone());
    let ra = ctx.tc.store.apps(refl, &[args[0], a]);
    let m_ty = {
        let s = &mut *ctx.tc.store;
        let m = s.apps(motive, &[a, ra]);
        goal::beta_all(s, m)
    };
    let scope2: Vec<Expr> = goal::hyps(ctx, g1)
        .into_iter()
        .filter(|&x| x != b && x != h)
        .collect();
    let g2 = goal::new_goal(ctx, m_ty, scope2, span);
    let rec_params = ctx
        .tc
        .table
        .consts
        .get(&Name::new("Eq.recAt"))
        .map(|c| c.lparams.clone())
        .unwrap_or_default();
    let levels: Vec<Level> = rec_params
        .iter()
        .map(|p| {
            if p.as_str() == "u" {
                u.clone()
            } else {
                eq_levels.first().cloned().unwrap_or_else(Level::zero)
            }
        })
        .collect();
    let rec = ctx.tc.store.cnst(Name::new("Eq.recAt"), levels);
    let v = ctx.tc.store.apps(rec, &[args[0], a, motive, g2, b, h]);
    ctx.assign(g1, v);
    let (g3, _) = goal::intro_names(ctx, g2, &names, span)?;
    Ok(vec![g3])
}

/// `injection h with h₁ h₂`: for `h : C a₁ a₂ = C b₁ b₂`, new hypotheses `aᵢ = bᵢ`.
pub fn injection(
    ctx: &mut Ctx<'_>,
    g: Expr,
    e: &Term,
    names: &[SName],
    span: Span,
) -> Result<Vec<Expr>> {
    let (h, _) = goal::elab_in(ctx, g, e, None)?;
    let ty = ctx.infer(h, span)?;
    let ty = ctx.whnf(ty, span)?;
    let (f, args) = ctx.tc.store.unfold_apps(ty);
    let eq_levels = match ctx.tc.store.node(f) {
        Node::Const(n, ls) if n.as_str() == "Eq" && args.len() == 3 => ls.clone(),
        _ => return Err(ElabError::invalid(span, "`injection` needs an equation")),
    };
    let a = ctx.whnf(args[1], span)?;
    let b = ctx.whnf(args[2], span)?;
    let a = lit_to_ctor(ctx, a);
    let b = lit_to_ctor(ctx, b);
    let (Some((ca, ind, _)), Some((cb, _, _))) = (ctor_of(ctx, a), ctor_of(ctx, b)) else {
        return Err(ElabError::invalid(
            span,
            "`injection` needs an equation between constructor applications",
        ));
    };
    if ca != cb {
        if let Some(p) = false_from(ctx, h, ty, span)? {
            super::basic::close_by_false(ctx, g, p, span)?;
            return Ok(Vec::new());
        }
        return Err(ElabError::invalid(span, "different constructors"));
    }
    let np = match ctx.tc.table.consts.get(&ind).map(|c| &c.kind) {
        Some(ConstantKind::Inductive(i)) => i.num_params as usize,
        _ => 0,
    };
    let (_, fa) = ctx.tc.store.unfold_apps(a);
    let (_, fb) = ctx.tc.store.unfold_apps(b);
    let mut g = g;
    let mut k = 0;
    for i in np..fa.len().min(fb.len()) {
        let (x, y) = (fa[i], fb[i]);
        let xt = ctx.infer(x, span)?;
        if ctx.tc.is_prop(xt).unwrap_or(false) {
            continue;
        }
        // `congrArg (fun z => proj z) h` with a projection through the recursor.
        let Some(proj) = field_projection(ctx, &ind, ty, args[0], i - np, x, span)? else {
            continue;
        };
        let l = sort_level(ctx, xt, span)?;
        let mut ls = eq_levels.clone();
        ls.push(l.clone());
        let ca_fn = ctx.tc.store.cnst(Name::new("congrArg"), ls);
        let p = ctx
            .tc
            .store
            .apps(ca_fn, &[args[0], xt, args[1], args[2], proj, h]);
        let eqc = ctx.tc.store.cnst(Name::new("Eq"), vec![l]);
        let hty = ctx.tc.store.apps(eqc, &[xt, x, y]);
        let name = names
            .get(k)
            .cloned()
            .unwrap_or_else(|| goal::inaccessible("h"));
        k += 1;
        g = super::structural::add_hyp(ctx, g, &name, hty, p, span)?.0;
    }
    // As Lean does, close the goal when it is one of the new equations.
    let snap = ctx.snapshot();
    if super::basic::assumption(ctx, g, span).is_ok() {
        return Ok(Vec::new());
    }
    ctx.restore(snap);
    Ok(vec![g])
}

/// A literal `n + 1` as `Nat.succ n` (for constructor matching).
fn lit_to_ctor(ctx: &mut Ctx<'_>, e: Expr) -> Expr {
    if let Node::Lit(cedrus_kernel::Literal::Nat(n)) = ctx.tc.store.node(e).clone() {
        if n.bits() > 0 {
            let p = ctx.tc.store.nat(n - 1u32);
            let s = cnst(ctx, "Nat.succ", vec![]);
            return ctx.tc.store.app(s, p);
        }
    }
    e
}

/// `fun z => T.rec … z` returning field `k` of the constructor case and `dflt` in the
/// others (field types must not depend on earlier fields).
fn field_projection(
    ctx: &mut Ctx<'_>,
    ind: &Name,
    _eq_ty: Expr,
    xty: Expr,
    k: usize,
    dflt: Expr,
    span: Span,
) -> Result<Option<Expr>> {
    let xty = ctx.whnf(xty, span)?;
    let fty = ctx.infer(dflt, span)?;
    let l = sort_level(ctx, fty, span)?;
    let Some(rec) = ctx.tc.table.consts.get(&ind.child("rec")).cloned() else {
        return Ok(None);
    };
    let ConstantKind::Recursor(rinfo) = &rec.kind else {
        return Ok(None);
    };
    if rinfo.num_indices > 0 || rinfo.num_motives != 1 || rec.lparams.is_empty() {
        return Ok(None);
    }
    let (_, params) = ctx.tc.store.unfold_apps(xty);
    let ls = match ctx.tc.store.head_const(xty) {
        Some((_, ls)) => ls.to_vec(),
        None => return Ok(None),
    };
    let mut levels = vec![l];
    levels.extend(ls);
    if levels.len() != rec.lparams.len() {
        return Ok(None);
    }
    let z = ctx.tc.fresh_local(Name::new("z"), xty);
    let mut rt = ctx
        .tc
        .store
        .instantiate_levels(rec.ty, &rec.lparams, &levels);
    let mut rargs = Vec::new();
    for &p in &params {
        rt = pi_body(ctx, rt, p, span)?;
        rargs.push(p);
    }
    let motive = ctx.tc.store.lam("_", xty, fty);
    rt = pi_body(ctx, rt, motive, span)?;
    rargs.push(motive);
    for _ in 0..rinfo.num_minors {
        let Node::Pi(_, _, dom, _) = ctx.tc.store.node(rt).clone() else {
            return Ok(None);
        };
        // Field k of this constructor if it has the right type, else the default.
        let mut xs = Vec::new();
        let mut cur = dom;
        while let Node::Pi(n, _, d, b) = ctx.tc.store.node(cur).clone() {
            let v = ctx.tc.fresh_local(n, d);
            xs.push(v);
            cur = ctx.tc.store.instantiate1(b, v);
        }
        let body = match xs.get(k) {
            Some(&v) => {
                let vt = goal::hyp_type(ctx, v);
                let snap = ctx.snapshot();
                if ctx.tc.is_def_eq(vt, fty).unwrap_or(false) {
                    v
                } else {
                    ctx.restore(snap);
                    dflt
                }
            }
            None => dflt,
        };
        let m = ctx.abstract_locals(true, &xs, body);
        rt = pi_body(ctx, rt, m, span)?;
        rargs.push(m);
    }
    rargs.push(z);
    let f = ctx.tc.store.cnst(ind.child("rec"), levels);
    let body = ctx.tc.store.apps(f, &rargs);
    Ok(Some(ctx.abstract_locals(true, &[z], body)))
}
