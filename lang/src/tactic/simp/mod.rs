//! The `simp` tactic: rewriting with a simp set to a normal form.
//!
//! * [`set`]: the default simp set (`@[simp]`, `attribute [simp]`), kept in
//!   [`crate::elab::Meta::simp_set`];
//! * [`rules`]: rewrite rules and first-order matching;
//! * [`engine`]: the bottom-up rewriting engine with congruence, producing proofs;
//! * [`proof`]: proof-term builders over the `Simp.*` lemmas of `Prelude/Bool.cdr`;
//! * this module: the tactic front end ([`run`]): `simp`, `simp only [...]`,
//!   `simp [...] at h ⊢`, `simp at *`, `simp [*]` and `simp_all`.
//!
//! A goal whose target simplifies to `True` is closed; a hypothesis that simplifies
//! to `False` closes the goal. The proof is assembled from the rewrite steps and
//! re-checked by the kernel with the declaration.

mod attr;
mod ctor;
pub mod engine;
pub mod proof;
pub mod rules;
pub mod set;

use cedrus_kernel::{ConstantKind, Expr, Name};

use super::goal::{elab_in, find_hyp, hyp_name, hyp_type, hyps, new_goal, target};
use crate::elab::ctx::Ctx;
use crate::elab::{ElabError, Result};
use crate::syntax::{Location, SimpLemma, Span, Tactic, TacticKind, Term, TermKind};
pub use engine::{Simplifier, Step};
pub use rules::Rule;
pub use set::{RegisterError, SimpEntry, SimpSet};

/// Runs a `simp` or `simp_all` tactic node on `goal`; returns the remaining goals.
pub fn run(ctx: &mut Ctx<'_>, goal: Expr, tac: &Tactic) -> Result<Vec<Expr>> {
    let TacticKind::Simp {
        all,
        only,
        lemmas,
        loc,
    } = &tac.kind
    else {
        return Err(ElabError::invalid(tac.span, "not a simp tactic"));
    };
    let args = SimpArgs::elaborate(ctx, goal, *only, lemmas, tac.span)?;
    if *all {
        return simp_all(ctx, goal, &args, tac.span);
    }
    let (hyps, target) = match loc {
        None => (Vec::new(), true),
        Some(Location::Wildcard) => (prop_hyps(ctx, goal)?, true),
        Some(Location::Targets { hyps, goal: g }) => {
            (super::goal::named_hyps(ctx, goal, hyps, tac.span)?, *g)
        }
    };
    let mut cur = goal;
    let mut progress = false;
    for h in hyps {
        // The hypothesis may have been replaced when an earlier one was.
        let name = hyp_name(ctx, h);
        let Some(h) = find_hyp(ctx, cur, &name) else {
            continue;
        };
        match simp_hyp(ctx, cur, h, &args, &[], tac.span)? {
            HypOutcome::Unchanged => {}
            HypOutcome::Closed => return Ok(Vec::new()),
            HypOutcome::Replaced(g) => {
                progress = true;
                cur = g;
            }
        }
    }
    if target {
        match simp_target(ctx, cur, &args, &[], tac.span)? {
            None => {}
            Some(gs) => return Ok(gs),
        }
    }
    if !progress {
        return Err(ElabError::invalid(tac.span, "simp made no progress"));
    }
    Ok(vec![cur])
}

/// `simpa only? [lemmas] using e`: simplifies the type of `e` (added as the hypothesis
/// `this`) and the target, then closes the goal with `this`, or, without `using`, with a
/// hypothesis; simplification itself may close the goal. Unlike `simp`, making no
/// progress is not an error.
pub fn simpa(
    ctx: &mut Ctx<'_>,
    goal: Expr,
    only: bool,
    lemmas: &[SimpLemma],
    using: Option<&Term>,
    span: Span,
) -> Result<Vec<Expr>> {
    let args = SimpArgs::elaborate(ctx, goal, only, lemmas, span)?;
    let mut cur = goal;
    let mut this = None;
    if let Some(e) = using {
        let (proof, fresh) = elab_in(ctx, cur, e, None)?;
        if !fresh.is_empty() {
            return Err(ElabError::invalid(
                e.span,
                format!("simpa: could not determine every argument of `{e}`"),
            ));
        }
        let ty = ctx.infer(proof, e.span)?;
        let (g, h) = super::structural::add_hyp(ctx, cur, "this", ty, proof)?;
        cur = g;
        this = Some(h);
        match simp_hyp(ctx, cur, h, &args, &[], span)? {
            HypOutcome::Unchanged => {}
            HypOutcome::Closed => return Ok(Vec::new()),
            HypOutcome::Replaced(g) => {
                cur = g;
                this = find_hyp(ctx, cur, "this");
            }
        }
    }
    if let Some(gs) = simp_target(ctx, cur, &args, &[], span)? {
        match gs[..] {
            [] => return Ok(Vec::new()),
            [g] => cur = g,
            _ => return Ok(gs),
        }
    }
    let Some(h) = this else {
        return super::basic::assumption(ctx, cur, span).map_err(|_| {
            ElabError::invalid(span, "simpa: no hypothesis matches the simplified goal")
        });
    };
    let (ht, t) = (hyp_type(ctx, h), target(ctx, cur));
    if ctx.unify(ht, t)? {
        ctx.assign(cur, h);
        return Ok(Vec::new());
    }
    let (a, b) = (super::display::pp(ctx, ht), super::display::pp(ctx, t));
    Err(ElabError::invalid(
        span,
        format!("simpa: after simplification, `this` has type\n  {a}\nbut the goal is\n  {b}"),
    ))
}

/// The lemma list of a simp call, elaborated.
#[derive(Clone, Debug, Default)]
pub struct SimpArgs {
    /// Whether the default simp set is used (not `simp only`).
    pub use_default: bool,
    /// Rewrite rules given in the list.
    pub rules: Vec<Rule>,
    /// Definitions to unfold (by their equation lemmas, else by δ).
    pub defs: Vec<Name>,
    /// `*`: every hypothesis.
    pub star: bool,
}

impl SimpArgs {
    /// Elaborates a lemma list in the context of `goal`.
    pub fn elaborate(
        ctx: &mut Ctx<'_>,
        goal: Expr,
        only: bool,
        lemmas: &[SimpLemma],
        span: Span,
    ) -> Result<SimpArgs> {
        let mut out = SimpArgs {
            use_default: !only,
            ..SimpArgs::default()
        };
        for l in lemmas {
            match l {
                SimpLemma::Star => out.star = true,
                SimpLemma::Rule(r) => out.add(ctx, goal, &r.term, r.reverse, span)?,
            }
        }
        Ok(out)
    }

    fn add(
        &mut self,
        ctx: &mut Ctx<'_>,
        goal: Expr,
        t: &Term,
        reverse: bool,
        span: Span,
    ) -> Result<()> {
        if let TermKind::Ident(name) = &t.kind {
            if let Some(h) = find_hyp(ctx, goal, name) {
                let ty = hyp_type(ctx, h);
                self.rules.push(Rule::Term {
                    proof: h,
                    ty,
                    reverse,
                });
                return Ok(());
            }
            if let Some(c) = ctx.resolve_const(name) {
                let info = ctx.tc.table.consts.get(&c).map(|i| (i.ty, i.kind.clone()));
                let is_lemma = match info {
                    Some((ty, ConstantKind::Definition { .. })) => {
                        ctx.tc.is_prop(ty).unwrap_or(false)
                    }
                    Some((_, ConstantKind::Theorem { .. } | ConstantKind::Axiom)) => true,
                    _ => false,
                };
                let is_def = matches!(info, Some((_, ConstantKind::Definition { .. })));
                match () {
                    _ if is_lemma => self.rules.push(Rule::Const { name: c, reverse }),
                    _ if is_def && !reverse => self.defs.push(c),
                    _ => {
                        return Err(ElabError::invalid(
                            t.span,
                            format!(
                                "`{name}` is not a theorem, hypothesis or definition to simp with"
                            ),
                        ))
                    }
                }
                return Ok(());
            }
        }
        let (proof, fresh) = elab_in(ctx, goal, t, None)?;
        if !fresh.is_empty() {
            return Err(ElabError::invalid(
                span,
                format!("simp: could not determine every argument of `{t}`"),
            ));
        }
        let ty = ctx.infer(proof, t.span)?;
        self.rules.push(Rule::Term { proof, ty, reverse });
        Ok(())
    }
}

/// Builds a simplifier for `args`, with the hypotheses `extra` as rules.
fn simplifier<'c, 'a>(
    ctx: &'c mut Ctx<'a>,
    args: &SimpArgs,
    extra: &[Expr],
    span: Span,
) -> Simplifier<'c, 'a> {
    let mut s = Simplifier::new(ctx, span, args.use_default);
    for d in &args.defs {
        s.add_definition(d);
    }
    for r in &args.rules {
        s.add_rule(r.clone());
    }
    for &h in extra {
        let ty = hyp_type(s.ctx, h);
        s.add_rule(Rule::Term {
            proof: h,
            ty,
            reverse: false,
        });
    }
    s
}

/// Simplifies the target of `goal`: `None` when nothing changed, else the new goals
/// (none when the target became `True`).
pub fn simp_target(
    ctx: &mut Ctx<'_>,
    goal: Expr,
    args: &SimpArgs,
    extra: &[Expr],
    span: Span,
) -> Result<Option<Vec<Expr>>> {
    let target = target(ctx, goal);
    let mut extra = extra.to_vec();
    if args.star {
        extra.extend(prop_hyps(ctx, goal)?);
    }
    let step = simplifier(ctx, args, &extra, span).simp(target)?;
    if step.expr == target && !proof::is_const(ctx, target, "True") {
        return Ok(None);
    }
    if proof::is_const(ctx, step.expr, "True") {
        let v = match step.proof {
            Some(h) => proof::app(ctx, "Simp.of_eq_true", &[], &[target, h], span)?,
            None => ctx.store().cnst("True.intro", Vec::new()),
        };
        ctx.assign(goal, v);
        return Ok(Some(Vec::new()));
    }
    let scope = hyps(ctx, goal);
    let ng = new_goal(ctx, step.expr, scope, span);
    let v = match step.proof {
        Some(h) => proof::app(ctx, "Simp.mpr", &[], &[target, step.expr, h, ng], span)?,
        None => ng,
    };
    ctx.assign(goal, v);
    Ok(Some(vec![ng]))
}

/// What simplifying a hypothesis did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HypOutcome {
    /// Nothing changed.
    Unchanged,
    /// It became `False`: the goal is closed.
    Closed,
    /// It changed: the new goal (with the hypothesis replaced or, if it became `True`,
    /// removed).
    Replaced(Expr),
}

/// Simplifies hypothesis `h` of `goal`.
pub fn simp_hyp(
    ctx: &mut Ctx<'_>,
    goal: Expr,
    h: Expr,
    args: &SimpArgs,
    extra: &[Expr],
    span: Span,
) -> Result<HypOutcome> {
    let ty = hyp_type(ctx, h);
    let mut extra: Vec<Expr> = extra.iter().copied().filter(|&x| x != h).collect();
    if args.star {
        extra.extend(prop_hyps(ctx, goal)?.into_iter().filter(|&x| x != h));
    }
    let step = simplifier(ctx, args, &extra, span).simp(ty)?;
    if step.expr == ty {
        return Ok(HypOutcome::Unchanged);
    }
    let target = target(ctx, goal);
    let converted = match step.proof {
        Some(p) => proof::app(ctx, "Simp.mp", &[], &[ty, step.expr, p, h], span)?,
        None => h,
    };
    if proof::is_const(ctx, step.expr, "False") {
        let l = proof::sort_level(ctx, target, span)?;
        let v = proof::app(ctx, "False.elim", &[("u", &l)], &[target, converted], span)?;
        ctx.assign(goal, v);
        return Ok(HypOutcome::Closed);
    }
    if proof::is_const(ctx, step.expr, "True") {
        if super::goal::depends_on(ctx, goal, h) {
            return Ok(HypOutcome::Unchanged);
        }
        return Ok(HypOutcome::Replaced(super::goal::clear(ctx, goal, &[h])));
    }
    let (ng, _) = super::goal::replace_hyp(ctx, goal, h, step.expr, converted);
    Ok(HypOutcome::Replaced(ng))
}

/// Rounds of `simp_all` over the hypotheses before the target.
const SIMP_ALL_ROUNDS: usize = 4;

/// `simp_all`: simplifies each propositional hypothesis with the others (in rounds, while
/// something changes), then the target with all of them.
pub fn simp_all(ctx: &mut Ctx<'_>, goal: Expr, args: &SimpArgs, span: Span) -> Result<Vec<Expr>> {
    let mut cur = goal;
    let mut progress = false;
    for _ in 0..SIMP_ALL_ROUNDS {
        let mut changed = false;
        let names: Vec<String> = prop_hyps(ctx, cur)?
            .into_iter()
            .map(|h| hyp_name(ctx, h))
            .collect();
        for name in names {
            let Some(h) = find_hyp(ctx, cur, &name) else {
                continue;
            };
            let others: Vec<Expr> = prop_hyps(ctx, cur)?
                .into_iter()
                .filter(|&x| x != h)
                .collect();
            match simp_hyp(ctx, cur, h, args, &others, span)? {
                HypOutcome::Unchanged => {}
                HypOutcome::Closed => return Ok(Vec::new()),
                HypOutcome::Replaced(g) => {
                    changed = true;
                    cur = g;
                }
            }
        }
        progress |= changed;
        if !changed {
            break;
        }
    }
    let hyps = prop_hyps(ctx, cur)?;
    if let Some(gs) = simp_target(ctx, cur, args, &hyps, span)? {
        return Ok(gs);
    }
    if !progress {
        return Err(ElabError::invalid(span, "simp_all made no progress"));
    }
    Ok(vec![cur])
}

/// The hypotheses of `g` that are proofs.
fn prop_hyps(ctx: &mut Ctx<'_>, g: Expr) -> Result<Vec<Expr>> {
    let mut out = Vec::new();
    for h in hyps(ctx, g) {
        let ty = hyp_type(ctx, h);
        if ctx.tc.is_prop(ty).unwrap_or(false) {
            out.push(h);
        }
    }
    Ok(out)
}

/// Whether the target or another hypothesis of `g` mentions `h`.
/// Registers `name` in the default simp set of `meta` (for `@[simp]` and
/// `attribute [simp]`).
pub fn register(
    env: &mut cedrus_kernel::Environment,
    meta: &mut crate::elab::Meta,
    name: &Name,
    span: Span,
) -> Result<()> {
    meta.simp_set
        .register(env, name)
        .map_err(|e| ElabError::invalid(span, e.to_string()))
}
