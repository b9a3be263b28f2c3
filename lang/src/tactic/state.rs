//! The tactic state (the open goals and their case tags) and the runner: sequences,
//! combinators, and error messages that show the goals.

use std::collections::HashMap;

use cedrus_kernel::Expr;

use super::goal;
use crate::elab::ctx::Ctx;
use crate::elab::{ElabError, ElabErrorKind, Result};
use crate::syntax::{Span, Tactic, TacticKind};

/// Most iterations `repeat` performs.
pub const MAX_REPEAT: usize = 1_000;

/// The open goals, the main goal first, with their case tags.
#[derive(Clone, Debug, Default)]
pub struct State {
    /// Open goals (metavariables).
    pub goals: Vec<Expr>,
    /// Case tags (`nil`, `cons`, `succ`, …) of goals that have one.
    pub tags: HashMap<Expr, String>,
}

impl State {
    /// A state with one goal.
    pub fn new(goal: Expr) -> Self {
        State {
            goals: vec![goal],
            tags: HashMap::new(),
        }
    }

    /// The main goal, or an error at `span`.
    pub fn main(&self, span: Span) -> Result<Expr> {
        self.goals
            .first()
            .copied()
            .ok_or_else(|| ElabError::invalid(span, "no goals to be proved"))
    }

    /// Drops the goals that have been assigned.
    pub fn prune(&mut self, ctx: &Ctx<'_>) {
        self.goals.retain(|&g| goal::is_open(ctx, g));
        self.goals.dedup();
    }

    /// Replaces the main goal by `new`; a single new goal keeps the main goal's tag.
    pub fn replace_main(&mut self, new: Vec<Expr>) {
        if self.goals.is_empty() {
            self.goals = new;
            return;
        }
        let old = self.goals.remove(0);
        if let (Some(tag), [one]) = (self.tags.get(&old).cloned(), new.as_slice()) {
            self.tags.entry(*one).or_insert(tag);
        }
        let rest = std::mem::take(&mut self.goals);
        self.goals = new;
        self.goals.extend(rest);
    }

    /// The tag of a goal.
    pub fn tag(&self, g: Expr) -> Option<&str> {
        self.tags.get(&g).map(String::as_str)
    }

    /// A state on `goals` with this state's tags.
    fn sub(&self, goals: Vec<Expr>) -> State {
        State {
            goals,
            tags: self.tags.clone(),
        }
    }
}

/// Runs a tactic sequence.
pub fn run_seq(ctx: &mut Ctx<'_>, st: &mut State, tactics: &[Tactic]) -> Result<()> {
    for t in tactics {
        run_tactic(ctx, st, t)?;
    }
    Ok(())
}

/// Runs a tactic sequence that must close every goal of `st`.
pub fn run_closing(
    ctx: &mut Ctx<'_>,
    st: &mut State,
    tactics: &[Tactic],
    span: Span,
) -> Result<()> {
    run_seq(ctx, st, tactics)?;
    st.prune(ctx);
    if st.goals.is_empty() {
        Ok(())
    } else {
        Err(unsolved(ctx, st, span))
    }
}

/// The "unsolved goals" error, with the goals shown.
pub fn unsolved(ctx: &mut Ctx<'_>, st: &State, span: Span) -> ElabError {
    let shown = super::display::show_goals(ctx, st);
    ElabError::invalid(span, format!("unsolved goals\n{shown}"))
}

/// Marks an error as already showing the goals.
const SHOWN: &str = "\n⊢";

/// Adds the goals of `st` to an error raised by a tactic (once).
fn with_goals(ctx: &mut Ctx<'_>, st: &State, e: ElabError) -> ElabError {
    let text = e.kind.to_string();
    let open = st.goals.iter().any(|&g| goal::is_open(ctx, g));
    if text.contains(SHOWN) || text.starts_with("unsolved goals") || !open {
        return e;
    }
    let shown = super::display::show_goals(ctx, st);
    let kind = match e.kind {
        ElabErrorKind::Kernel(_) | ElabErrorKind::Invalid(_) | ElabErrorKind::Unsupported(_) => {
            ElabErrorKind::Invalid(format!("{text}\n{shown}"))
        }
        _ => ElabErrorKind::Invalid(format!("{text}\n{shown}")),
    };
    ElabError::new(e.span, kind)
}

/// Runs one tactic, adding the goals to its error if it fails.
pub fn run_tactic(ctx: &mut Ctx<'_>, st: &mut State, t: &Tactic) -> Result<()> {
    super::probe::record(ctx, st, t.span);
    ctx.enter(t.span)?;
    let before = st.clone();
    let snap = ctx.snapshot();
    let r = run_tactic_core(ctx, st, t);
    ctx.leave();
    match r {
        Ok(()) => {
            st.prune(ctx);
            Ok(())
        }
        Err(e) => {
            // A failed tactic has no effect: its partial assignments are undone.
            ctx.restore(snap);
            *st = before;
            let shown = st.clone();
            Err(with_goals(ctx, &shown, e))
        }
    }
}

fn run_tactic_core(ctx: &mut Ctx<'_>, st: &mut State, t: &Tactic) -> Result<()> {
    let span = t.span;
    match &t.kind {
        TacticKind::Paren(ts) => run_seq(ctx, st, ts),
        TacticKind::Done => {
            st.prune(ctx);
            if st.goals.is_empty() {
                Ok(())
            } else {
                Err(unsolved(ctx, st, span))
            }
        }
        TacticKind::Then(a, b) => {
            let g = st.main(span)?;
            let mut sub = st.sub(vec![g]);
            run_tactic(ctx, &mut sub, a)?;
            sub.prune(ctx);
            let mut out = Vec::new();
            for g in sub.goals.clone() {
                let mut one = sub.sub(vec![g]);
                run_tactic(ctx, &mut one, b)?;
                one.prune(ctx);
                out.extend(one.goals.iter().copied());
                sub.tags.extend(one.tags);
            }
            st.tags = sub.tags;
            st.replace_main(out);
            Ok(())
        }
        TacticKind::Focus(ts) => {
            let g = st.main(span)?;
            let mut sub = st.sub(vec![g]);
            run_closing(ctx, &mut sub, ts, span)?;
            st.goals.remove(0);
            Ok(())
        }
        TacticKind::Case(tag, names, ts) => {
            let pos = st
                .goals
                .iter()
                .position(|g| tag_matches(st.tag(*g), tag))
                .ok_or_else(|| ElabError::invalid(span, format!("case tag `{tag}` not found")))?;
            let g = st.goals.remove(pos);
            let g = super::structural::rename_inaccessible(ctx, g, names, span)?;
            let mut sub = st.sub(vec![g]);
            run_closing(ctx, &mut sub, ts, span)?;
            Ok(())
        }
        TacticKind::Next(names, ts) => {
            let g = st.main(span)?;
            st.goals.remove(0);
            let g = super::structural::rename_inaccessible(ctx, g, names, span)?;
            let mut sub = st.sub(vec![g]);
            run_closing(ctx, &mut sub, ts, span)?;
            Ok(())
        }
        TacticKind::AllGoals(ts) => {
            let mut out = Vec::new();
            for g in st.goals.clone() {
                if !goal::is_open(ctx, g) {
                    continue;
                }
                let mut sub = st.sub(vec![g]);
                run_seq(ctx, &mut sub, ts)?;
                sub.prune(ctx);
                out.extend(sub.goals.iter().copied());
                st.tags.extend(sub.tags);
            }
            st.goals = out;
            Ok(())
        }
        TacticKind::AnyGoals(ts) => {
            let mut out = Vec::new();
            let mut any = false;
            let mut last_err = None;
            for g in st.goals.clone() {
                if !goal::is_open(ctx, g) {
                    continue;
                }
                let snap = ctx.snapshot();
                let mut sub = st.sub(vec![g]);
                match run_seq(ctx, &mut sub, ts) {
                    Ok(()) => {
                        any = true;
                        sub.prune(ctx);
                        out.extend(sub.goals.iter().copied());
                        st.tags.extend(sub.tags);
                    }
                    Err(e) => {
                        ctx.restore(snap);
                        out.push(g);
                        last_err = Some(e);
                    }
                }
            }
            if !any {
                return Err(
                    last_err.unwrap_or_else(|| ElabError::invalid(span, "any_goals: no goals"))
                );
            }
            st.goals = out;
            Ok(())
        }
        TacticKind::First(alts) => {
            let mut last = None;
            for alt in alts {
                let snap = ctx.snapshot();
                let mut sub = st.clone();
                match run_seq(ctx, &mut sub, alt) {
                    Ok(()) => {
                        *st = sub;
                        return Ok(());
                    }
                    Err(e) => {
                        ctx.restore(snap);
                        last = Some(e);
                    }
                }
            }
            Err(last.unwrap_or_else(|| ElabError::invalid(span, "`first` has no alternatives")))
        }
        TacticKind::Try(ts) => {
            let snap = ctx.snapshot();
            let mut sub = st.clone();
            match run_seq(ctx, &mut sub, ts) {
                Ok(()) => *st = sub,
                Err(_) => ctx.restore(snap),
            }
            Ok(())
        }
        TacticKind::Repeat(ts) => {
            let mut budget = MAX_REPEAT;
            repeat(ctx, st, ts, &mut budget);
            Ok(())
        }
        _ => {
            let g = st.main(span)?;
            let tag = st.tag(g).map(str::to_string);
            let out = super::dispatch(ctx, g, t)?;
            st.replace_main(Vec::new());
            let mut new_goals = Vec::new();
            for (ng, ntag) in out {
                let tag = match (ntag, &tag) {
                    (Some(n), _) => Some(n),
                    (None, Some(t)) => Some(t.clone()),
                    (None, None) => None,
                };
                if let Some(tag) = tag {
                    st.tags.insert(ng, tag);
                }
                new_goals.push(ng);
            }
            new_goals.append(&mut st.goals);
            st.goals = new_goals;
            Ok(())
        }
    }
}

/// `repeat tacs`: runs `tacs` on the main goal, then again on every goal it produced,
/// until it fails (the failing attempt is undone).
fn repeat(ctx: &mut Ctx<'_>, st: &mut State, ts: &[Tactic], budget: &mut usize) {
    let Some(&g) = st.goals.first() else {
        return;
    };
    if *budget == 0 {
        return;
    }
    *budget -= 1;
    let snap = ctx.snapshot();
    let mut sub = st.sub(vec![g]);
    if run_seq(ctx, &mut sub, ts).is_err() {
        ctx.restore(snap);
        return;
    }
    sub.prune(ctx);
    let mut out = Vec::new();
    for ng in sub.goals.clone() {
        let mut one = sub.sub(vec![ng]);
        repeat(ctx, &mut one, ts, budget);
        out.extend(one.goals.iter().copied());
        sub.tags.extend(one.tags);
    }
    st.tags = sub.tags;
    st.replace_main(out);
}

/// Whether a goal's tag matches `case tag` (the tag or its last component).
fn tag_matches(tag: Option<&str>, want: &str) -> bool {
    match tag {
        Some(t) => t == want || t.rsplit('.').next() == Some(want),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_tags_match_whole_or_last_component() {
        assert!(tag_matches(Some("cons"), "cons"));
        assert!(tag_matches(Some("h.left"), "left"));
        assert!(!tag_matches(Some("nil"), "cons"));
        assert!(!tag_matches(None, "cons"));
    }

    #[test]
    fn a_single_new_goal_inherits_the_tag() {
        let mut store = cedrus_kernel::Store::new();
        let a = store.nat(1u32);
        let b = store.nat(2u32);
        let c = store.nat(3u32);
        let mut st = State::new(a);
        st.tags.insert(a, "succ".into());
        st.replace_main(vec![b]);
        assert_eq!(st.goals, vec![b]);
        assert_eq!(st.tag(b), Some("succ"));
        st.replace_main(vec![a, c]);
        assert_eq!(st.goals, vec![a, c]);
        assert_eq!(st.tag(c), None);
    }
}
