//! Case analysis and induction through the kernel's recursors: `cases` and `induction`
//! (with `generalizing`); [`elim`] is also what `rcases` and `split` build on.
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
use crate::syntax::{CasesTarget, InductionAlt, Name as SName, Span, Term, TermKind};

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
    if !super::indices::indices_are_variables(ctx, g, &args, np) {
        if induction || !generalize.is_empty() {
            return Err(ElabError::unsupported(
                span,
                "induction on an inductive family whose indices are not distinct variables",
            ));
        }
        return elim_general(ctx, g, x, names, span);
    }
    let params = args[..np].to_vec();
    let indices = args[np..].to_vec();
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
            // Names go to the explicit binders in order (implicit fields stay
            // inaccessible, as in Lean without `@`).
            let explicit = field_explicitness(ctx, &rule.ctor, np, nf, n_binders);
            let mut supplied = names(&rule.ctor).into_iter();
            let given: Vec<Option<String>> = explicit
                .iter()
                .map(|&e| if e { supplied.next().flatten() } else { None })
                .collect();
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

/// `cases` when the indices are not distinct variables: generalized, eliminated, then
/// each case's index equations solved (see [`super::indices`]); impossible cases are
/// dropped.
fn elim_general(
    ctx: &mut Ctx<'_>,
    g: Expr,
    x: Expr,
    names: Namer<'_>,
    span: Span,
) -> Result<Vec<CaseGoal>> {
    let gen = super::indices::generalize_indices(ctx, g, x, span)?;
    let cases = elim(ctx, gen.goal, gen.x, false, &[], names, span)?;
    let mut out = Vec::new();
    for c in cases {
        let field_names: Vec<String> = c.fields.iter().map(|&f| goal::hyp_name(ctx, f)).collect();
        let Some(ng) = super::indices::solve_equations(ctx, c.goal, span)? else {
            continue;
        };
        let (ng, _) = goal::intro_names(ctx, ng, &gen.reverted, span)?;
        // Substitution re-introduces hypotheses: find the fields again by name.
        let hyps = goal::hyps(ctx, ng);
        let fields = c
            .fields
            .iter()
            .zip(&field_names)
            .filter_map(|(&f, n)| {
                if hyps.contains(&f) {
                    return Some(f);
                }
                hyps.iter()
                    .rev()
                    .find(|&&h| goal::hyp_name(ctx, h) == *n)
                    .copied()
            })
            .collect();
        out.push(CaseGoal {
            ctor: c.ctor,
            goal: ng,
            fields,
        });
    }
    Ok(out)
}

fn not_inductive(ctx: &mut Ctx<'_>, ty: Expr, span: Span) -> ElabError {
    let t = super::display::pp(ctx, ty);
    ElabError::invalid(span, format!("`{t}` is not an inductive type"))
}

/// The body of a `∀` type instantiated with `a`.
pub(crate) fn pi_body(ctx: &mut Ctx<'_>, ty: Expr, a: Expr, span: Span) -> Result<Expr> {
    match ctx.tc.store.node(ty).clone() {
        Node::Pi(_, _, _, b) => Ok(ctx.tc.store.instantiate1(b, a)),
        _ => Err(ElabError::invalid(span, "malformed recursor type")),
    }
}

/// `fun xs => body` with the binders of the `∀` telescope `ty`.
pub(crate) fn lam_of_pi(ctx: &mut Ctx<'_>, ty: Expr, body: Expr) -> Expr {
    match ctx.tc.store.node(ty).clone() {
        Node::Pi(n, bi, d, b) => {
            let inner = lam_of_pi(ctx, b, body);
            ctx.tc.store.lam_with(n, bi, d, inner)
        }
        _ => body,
    }
}

/// Whether each binder of a constructor's case is explicit: its fields as declared in
/// the constructor's type (after the `np` parameters), then the induction hypotheses.
fn field_explicitness(ctx: &Ctx<'_>, ctor: &Name, np: usize, nf: usize, n: usize) -> Vec<bool> {
    let mut out = Vec::with_capacity(n);
    let mut cur = ctx.tc.table.consts.get(ctor).map(|c| c.ty);
    let mut k = 0;
    while let Some(t) = cur {
        match ctx.tc.store.node(t) {
            Node::Pi(_, bi, _, b) => {
                if k >= np && out.len() < nf {
                    out.push(*bi == cedrus_kernel::BinderInfo::Default);
                }
                k += 1;
                cur = Some(*b);
            }
            _ => break,
        }
    }
    out.resize(n, true);
    out
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
pub(crate) fn target_local(
    ctx: &mut Ctx<'_>,
    g: Expr,
    t: &Term,
    span: Span,
) -> Result<(Expr, Expr)> {
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

/// The local a `cases`/`rcases` target stands for; with `h : e`, `e` is first replaced
/// by a new local `x` with the hypothesis `h : e = x` (which each case then shows
/// about its constructor).
pub(crate) fn cases_target_local(
    ctx: &mut Ctx<'_>,
    g: Expr,
    t: &CasesTarget,
    span: Span,
) -> Result<(Expr, Expr)> {
    let Some(h) = &t.eq_name else {
        return target_local(ctx, g, &t.term, span);
    };
    let (e, _) = goal::elab_in(ctx, g, &t.term, None)?;
    let (g, x, _) = super::structural::generalize_eq(ctx, g, e, h, "x✝", span)?;
    Ok((g, x))
}

/// Runs the alternatives `| ctor names => tacs` of `cases`/`induction` on the cases;
/// cases without an alternative become goals tagged with their constructor.
fn run_alts(
    ctx: &mut Ctx<'_>,
    cases: Vec<CaseGoal>,
    alts: &[InductionAlt],
    span: Span,
) -> Result<Goals> {
    for a in alts {
        let known = a.ctor == "_"
            || cases
                .iter()
                .any(|c| a.ctor == c.ctor.last() || a.ctor == c.ctor.as_str());
        if !known {
            return Err(ElabError::invalid(
                a.span,
                format!("invalid alternative name `{}`", a.ctor),
            ));
        }
    }
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
    targets: &[CasesTarget],
    alts: &[InductionAlt],
    span: Span,
) -> Result<Goals> {
    let [t] = targets else {
        return Err(ElabError::unsupported(span, "`cases` on several targets"));
    };
    let (g, x) = cases_target_local(ctx, g, t, span)?;
    let xt = goal::hyp_type(ctx, x);
    if matches!(ctx.tc.store.head_const(xt), Some((n, _)) if n.as_str() == "Eq") {
        let w = ctx.whnf(xt, span)?;
        if let Some(p) = super::equality::false_from(ctx, x, w, span)? {
            super::basic::close_by_false(ctx, g, p, span)?;
            return Ok(Vec::new());
        }
        let gs = super::equality::subst_hyp(ctx, g, x, span)?;
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
