//! The choice stream that generated cases are decoded from.
//!
//! Generators draw a vector of random `u32`s from proptest and decode it into a case.
//! Every decision reads one number; when the stream runs out every decision reads `0`,
//! and option `0` is always the simplest one. Proptest shrinks the vector by dropping
//! elements and moving them toward `0`, which shrinks the decoded case toward small,
//! simple policies without a hand-written shrinker.

/// Reads decisions from a choice stream.
#[derive(Debug)]
pub struct Chooser<'a> {
    data: &'a [u32],
    pos: usize,
}

impl<'a> Chooser<'a> {
    /// A chooser reading `data` from the start.
    pub fn new(data: &'a [u32]) -> Chooser<'a> {
        Chooser { data, pos: 0 }
    }

    /// A number in `0..n` (`0` when `n` is `0` or the stream is exhausted).
    pub fn below(&mut self, n: usize) -> usize {
        let v = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        if n == 0 {
            0
        } else {
            v as usize % n
        }
    }

    /// True with roughly `percent`% probability; false on an exhausted stream.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) >= 100usize.saturating_sub(percent)
    }

    /// One element of a non-empty slice (`None` only for an empty one).
    pub fn pick<'x, T>(&mut self, xs: &'x [T]) -> Option<&'x T> {
        let i = self.below(xs.len());
        xs.get(i)
    }

    /// One string of a slice of literals (`""` for an empty slice).
    pub fn word(&mut self, xs: &[&'static str]) -> &'static str {
        self.pick(xs).copied().unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn exhausted_streams_choose_zero() {
        let mut c = Chooser::new(&[7]);
        assert_eq!(c.below(5), 2);
        assert_eq!(c.below(5), 0);
        assert!(!c.chance(99));
        assert_eq!(c.word(&["x", "y"]), "x");
    }

    proptest! {
        #[test]
        fn below_stays_in_range(data in proptest::collection::vec(any::<u32>(), 0..8), n in 0usize..20) {
            let mut c = Chooser::new(&data);
            for _ in 0..10 {
                let v = c.below(n);
                prop_assert!(v < n.max(1));
            }
        }
    }
}
