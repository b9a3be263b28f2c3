//! Tactics: `by` blocks that build proof terms step by step.
//!
//! A goal is a metavariable of the elaboration context ([`Ctx::mvars`]): its type is the
//! target and its scope the hypotheses. A tactic step assigns the goal to a term built
//! from new goals and returns them. `by` blocks are postponed until the rest of the
//! declaration is elaborated ([`run_pending_blocks`], called when pending instances are
//! forced), as Lean postpones them; the instantiated result is an ordinary term that the
//! kernel re-checks, so a wrong step can make a proof fail but never make a false
//! statement pass.
//!
//! Modules: [`state`] (goals, tags, runner and combinators), [`goal`] (goal
//! manipulation), [`basic`] (`intro`, `exact`, `apply`, …), [`cases`] (`cases`,
//! `induction`), [`indices`] (`cases` on families with non-variable indices), [`rcases`] (`rcases`, `obtain`), [`equality`] (`injection`, `subst`,
//! constructor clashes), [`rewrite`] (`rw`, `unfold`, the `calc` tactic), [`split`],
//! [`calc`] (`calc` chains), [`structural`] (`have`, `show`, `generalize`, …),
//! [`display`] (the goal view) and [`probe`] (goal states recorded for `--goals`).

pub mod basic;
pub mod calc;
pub mod cases;
pub mod display;
pub mod equality;
pub mod goal;
pub mod indices;
pub mod omega;
pub mod probe;
pub mod rcases;
pub mod rewrite;
pub mod simp;
pub mod split;
pub mod state;
pub mod structural;

use cedrus_kernel::Expr;

use crate::elab::ctx::Ctx;
use crate::elab::{ElabError, Result};
use crate::syntax::{Span, Tactic, TacticKind};

/// The origin recorded for metavariables made by `?_` (they become goals of `refine`).
pub const SYNTHETIC_HOLE: &str = "the synthetic hole `?_`";

/// A `by` block waiting to run: its goal and its tactics.
#[derive(Clone, Debug)]
pub struct PendingBlock {
    /// The metavariable standing for the block's value.
    pub goal: Expr,
    /// The tactics.
    pub tactics: Vec<Tactic>,
    /// The span of the `by` block.
    pub span: Span,
}

/// A goal assigned to `(fun xs => body) args` where `body` (a goal) may later be
/// assigned a term mentioning the locals `xs`: the abstraction over `xs` is redone when
/// the tactic block ends, once `body` is known (as Lean's delayed assignments).
#[derive(Clone, Debug)]
pub struct Delayed {
    /// The goal assigned.
    pub goal: Expr,
    /// The locals bound.
    pub fvars: Vec<Expr>,
    /// The goal under the binders.
    pub body: Expr,
    /// Arguments the abstraction is applied to.
    pub args: Vec<Expr>,
    /// The value assigned for now (re-assigned only if still current).
    pub placeholder: Expr,
}

/// Completes the delayed assignments recorded since `from`, innermost first.
fn resolve_delayed(ctx: &mut Ctx<'_>, from: usize) {
    while ctx.tactic_delayed.len() > from {
        let Some(d) = ctx.tactic_delayed.pop() else {
            break;
        };
        let current = ctx.mvars.get(&d.goal).and_then(|i| i.val);
        if current != Some(d.placeholder) {
            continue;
        }
        let body = ctx.instantiate(d.body);
        let f = ctx.abstract_locals(true, &d.fvars, body);
        let v = ctx.tc.store.apps(f, &d.args);
        ctx.assign(d.goal, v);
    }
}

/// Runs every pending `by` block of `ctx`, in order.
pub fn run_pending_blocks(ctx: &mut Ctx<'_>) -> Result<()> {
    loop {
        let blocks = std::mem::take(&mut ctx.tactic_blocks);
        if blocks.is_empty() {
            return Ok(());
        }
        for b in blocks {
            run_block(ctx, &b)?;
        }
    }
}

/// Runs one `by` block: its tactics must close the goal.
fn run_block(ctx: &mut Ctx<'_>, b: &PendingBlock) -> Result<()> {
    let from = ctx.tactic_delayed.len();
    let Some(g) = reopen(ctx, b.goal, b.span)? else {
        return Ok(());
    };
    let mut st = state::State::new(g);
    let r = state::run_closing(ctx, &mut st, &b.tactics, b.span);
    resolve_delayed(ctx, from);
    r
}

/// The goal a postponed block should work on. When the block's metavariable was
/// abstracted over locals meanwhile (it is now `?n x y`), a new goal with those locals as
/// hypotheses is made and `?n` assigned to `fun x y => goal`.
fn reopen(ctx: &mut Ctx<'_>, m: Expr, span: Span) -> Result<Option<Expr>> {
    let v = ctx.instantiate(m);
    if ctx.is_unassigned(v) {
        return Ok(Some(v));
    }
    let (h, args) = ctx.tc.store.unfold_apps(v);
    let all_locals = args
        .iter()
        .all(|a| matches!(ctx.tc.store.node(*a), cedrus_kernel::Node::FVar(_)));
    if ctx.is_unassigned(h) && all_locals {
        let Some(info) = ctx.mvars.get(&m).cloned() else {
            return Ok(None);
        };
        let ty = ctx.instantiate(info.ty);
        let g = goal::new_goal(ctx, ty, info.scope.clone(), span);
        goal::bind_under(ctx, h, &args, g, &[]);
        return Ok(Some(g));
    }
    if ctx.unassigned_in(v).is_empty() {
        return Ok(None);
    }
    Err(ElabError::invalid(
        span,
        "the goal of this `by` block was partially determined by unification; give its value explicitly",
    ))
}

/// A tactic's new goals, each with the case tag it starts (or `None` to inherit).
pub type Goals = Vec<(Expr, Option<String>)>;

fn untagged(gs: Vec<Expr>) -> Goals {
    gs.into_iter().map(|g| (g, None)).collect()
}

/// Runs a single-goal tactic on goal `g`.
pub(crate) fn dispatch(ctx: &mut Ctx<'_>, g: Expr, t: &Tactic) -> Result<Goals> {
    let span = t.span;
    Ok(match &t.kind {
        TacticKind::Intro(pats) => untagged(basic::intro(ctx, g, pats, span)?),
        TacticKind::Intros(names) => untagged(basic::intros(ctx, g, names, span)?),
        TacticKind::Exact(e) => untagged(basic::exact(ctx, g, e)?),
        TacticKind::Apply(e) => basic::apply(ctx, g, e)?,
        TacticKind::Refine(e) => untagged(basic::refine(ctx, g, e)?),
        TacticKind::Rfl => untagged(basic::rfl(ctx, g, span)?),
        TacticKind::Constructor => basic::constructor(ctx, g, span)?,
        TacticKind::Left => basic::left_right(ctx, g, 0, span)?,
        TacticKind::Right => basic::left_right(ctx, g, 1, span)?,
        TacticKind::Exists(es) => untagged(basic::exists(ctx, g, es, span)?),
        TacticKind::Contradiction => untagged(basic::contradiction(ctx, g, span)?),
        TacticKind::Exfalso => untagged(basic::exfalso(ctx, g, span)?),
        TacticKind::Assumption => untagged(basic::assumption(ctx, g, span)?),
        TacticKind::Trivial => untagged(basic::trivial(ctx, g, span)?),
        TacticKind::Decide => untagged(basic::decide(ctx, g, span)?),
        TacticKind::Symm(loc) => untagged(equality::symm(ctx, g, loc.as_ref(), span)?),
        TacticKind::Simpa {
            only,
            lemmas,
            using,
        } => untagged(simp::simpa(ctx, g, *only, lemmas, using.as_ref(), span)?),
        TacticKind::Revert(names) => untagged(structural::revert(ctx, g, names, span)?),
        TacticKind::Clear(names) => untagged(structural::clear(ctx, g, names, span)?),
        TacticKind::ByCases(name, p) => structural::by_cases(ctx, g, name.as_deref(), p, span)?,
        TacticKind::Sorry | TacticKind::Admit => untagged(basic::sorry(ctx, g, span)?),
        TacticKind::Done => {
            return Err(ElabError::invalid(span, "unsolved goals"));
        }
        TacticKind::Have(name, ty, val) => untagged(structural::have(
            ctx,
            g,
            name.as_deref(),
            ty.as_ref(),
            val.as_ref(),
            span,
        )?),
        TacticKind::Show(ty) => untagged(structural::show(ctx, g, ty)?),
        TacticKind::Specialize(e) => untagged(structural::specialize(ctx, g, e, span)?),
        TacticKind::Generalize(h, e, x) => {
            untagged(structural::generalize(ctx, g, h.as_deref(), e, x, span)?)
        }
        TacticKind::Cases(targets, alts) => cases::cases_tactic(ctx, g, targets, alts, span)?,
        TacticKind::Induction(targets, gen, alts) => {
            cases::induction_tactic(ctx, g, targets, gen, alts, span)?
        }
        TacticKind::Rcases(targets, pat) => untagged(rcases::rcases(ctx, g, targets, pat, span)?),
        TacticKind::Obtain(pat, val) => untagged(rcases::obtain(ctx, g, pat, val.as_ref(), span)?),
        TacticKind::Injection(e, names) => untagged(equality::injection(ctx, g, e, names, span)?),
        TacticKind::Subst(es) => untagged(equality::subst(ctx, g, es, span)?),
        TacticKind::Rw(is_rewrite, rules, loc) => {
            untagged(rewrite::rw(ctx, g, rules, loc.as_ref(), !is_rewrite, span)?)
        }
        TacticKind::Unfold(names, loc) => {
            untagged(rewrite::unfold(ctx, g, names, loc.as_ref(), span)?)
        }
        TacticKind::Split => split::split(ctx, g, span)?,
        TacticKind::Calc(steps) => untagged(rewrite::calc_tactic(ctx, g, steps, span)?),
        TacticKind::Simp { .. } => untagged(simp::run(ctx, g, t)?),
        TacticKind::Omega => untagged(omega::run(ctx, g, span)?),
        TacticKind::Then(..)
        | TacticKind::Focus(_)
        | TacticKind::Case(..)
        | TacticKind::Next(..)
        | TacticKind::AllGoals(_)
        | TacticKind::AnyGoals(_)
        | TacticKind::First(_)
        | TacticKind::Try(_)
        | TacticKind::Repeat(_)
        | TacticKind::Paren(_) => {
            return Err(ElabError::invalid(
                span,
                "combinator run as a single tactic",
            ))
        }
    })
}
