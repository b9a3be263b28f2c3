//! Goal states recorded for `cedrus check --goals FILE:LINE`: while a probe is set (by
//! the driver, for one file's byte range of one line), the runner records the goals
//! before the first tactic that starts in that range.

use std::cell::RefCell;

use crate::elab::ctx::Ctx;
use crate::syntax::Span;

use super::state::State;

/// A probe: a byte range of the source and what was seen there.
#[derive(Clone, Debug, Default)]
pub struct Probe {
    /// Start of the line (byte offset).
    pub start: usize,
    /// End of the line (byte offset).
    pub end: usize,
    /// The goal view before the first tactic on that line, once seen.
    pub seen: Option<String>,
}

thread_local! {
    static PROBE: RefCell<Option<Probe>> = const { RefCell::new(None) };
}

/// Sets (or with `None`, removes) the probe of this thread, returning the previous one.
pub fn set(p: Option<Probe>) -> Option<Probe> {
    PROBE.with(|c| std::mem::replace(&mut *c.borrow_mut(), p))
}

/// Records the goals of `st` if a tactic at `span` starts on the probed line.
pub fn record(ctx: &mut Ctx<'_>, st: &State, span: Span) {
    let wanted = PROBE.with(|c| {
        matches!(&*c.borrow(), Some(p) if p.seen.is_none() && span.start >= p.start && span.start <= p.end)
    });
    if !wanted {
        return;
    }
    let shown = super::display::show_goals(ctx, st);
    PROBE.with(|c| {
        if let Some(p) = c.borrow_mut().as_mut() {
            p.seen = Some(shown);
        }
    });
}
