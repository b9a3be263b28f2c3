//! Deliberate faults, for showing that differential testing finds a wrong operator.
//!
//! Compiled only with the `fault-injection` feature, which only test builds enable
//! (`cedrus-difftest` takes it as a dev-dependency feature). Even when compiled in, a
//! fault is off until a thread switches it on with [`inject`], and it affects only that
//! thread; [`clear`] (or dropping the [`Injected`] guard) switches it off again.

use std::cell::Cell;

/// The faults that can be injected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fault {
    /// `a <= b` evaluates as `a < b` (for longs, datetimes and durations alike).
    LessEqIsLess,
}

thread_local! {
    static ACTIVE: Cell<Option<Fault>> = const { Cell::new(None) };
}

/// Switches `fault` on for the current thread until the guard is dropped.
#[must_use = "the fault is switched off when the guard is dropped"]
pub fn inject(fault: Fault) -> Injected {
    let previous = ACTIVE.with(|a| a.replace(Some(fault)));
    Injected { previous }
}

/// Switches every fault off for the current thread.
pub fn clear() {
    ACTIVE.with(|a| a.set(None));
}

/// Whether `fault` is switched on for the current thread.
pub fn is_active(fault: Fault) -> bool {
    ACTIVE.with(|a| a.get() == Some(fault))
}

/// Keeps a fault switched on; dropping it restores what was active before.
#[derive(Debug)]
pub struct Injected {
    previous: Option<Fault>,
}

impl Drop for Injected {
    fn drop(&mut self) {
        ACTIVE.with(|a| a.set(self.previous));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_are_scoped_to_their_guard() {
        assert!(!is_active(Fault::LessEqIsLess));
        {
            let _g = inject(Fault::LessEqIsLess);
            assert!(is_active(Fault::LessEqIsLess));
        }
        assert!(!is_active(Fault::LessEqIsLess));
        let g = inject(Fault::LessEqIsLess);
        clear();
        assert!(!is_active(Fault::LessEqIsLess));
        drop(g);
        assert!(!is_active(Fault::LessEqIsLess));
    }
}
