//! Derivations: the certificates `Omega.unsat_steps` checks, built from the search's
//! record of derived facts, and an exact model of the prelude's checker
//! (`Omega.runSteps`) so that only derivations the kernel accepts are emitted.
//!
//! A derivation names the facts it uses (in the order of the `Omega.Constr` list) and a
//! list of steps. The rows available to step `k` are, newest first, the claims of steps
//! `k - 1, …, 0` and then the facts; a step's multipliers are aligned with that list.
//! Each step combines the rows, cancels the common part of both sides, divides by `g`
//! (left coefficients and the constant's excess rounded towards a weaker fact), and
//! states the row it claims; the last claim must be contradictory.

use std::collections::{BTreeMap, BTreeSet};

use super::linear::Fact;

/// Most steps in a derivation.
pub const MAX_STEPS: usize = 128;

/// Largest multiplier or divisor in a certificate.
pub const MAX_NUM: u128 = 1 << 62;

/// One step, as `Omega.Step` states it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// Multipliers over the rows so far (newest first).
    pub mults: Vec<u64>,
    /// The divisor (at least 1).
    pub g: u64,
    /// The claimed left side: position 0 the constant, position `i + 1` atom `i`.
    pub lhs: Vec<u64>,
    /// The claimed right side, positioned as `lhs`.
    pub rhs: Vec<u64>,
}

/// A refutation by derivation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Derivation {
    /// Indices of the facts used, in increasing order: the `Omega.Constr` list.
    pub facts: Vec<usize>,
    /// The steps, first to last.
    pub steps: Vec<Step>,
}

/// A fact of the search's record: an input fact or a derived, tightened row.
#[derive(Clone, Debug)]
pub(crate) enum Node {
    /// Input fact `j`.
    Fact(usize),
    /// `Σ comb · nodes` divided by `g`, which is `Σ coeffs·x + constant ≤ 0`.
    Derived {
        comb: BTreeMap<usize, i128>,
        g: i128,
        coeffs: BTreeMap<usize, i128>,
        constant: i128,
    },
}

/// The derivation ending in node `last` of `nodes` (a derived node), or `None` when a
/// bound is exceeded or the kernel's checker would refuse it.
pub(crate) fn build(facts: &[Fact], nodes: &[Node], last: usize) -> Option<Derivation> {
    // Nodes only refer to earlier ones, so increasing ids are a topological order.
    let mut seen = BTreeSet::new();
    let mut todo = vec![last];
    while let Some(n) = todo.pop() {
        if seen.insert(n) {
            if let Node::Derived { comb, .. } = nodes.get(n)? {
                todo.extend(comb.keys().copied());
            }
        }
    }
    let mut used_facts = Vec::new();
    let mut derived = Vec::new();
    for &n in &seen {
        match nodes.get(n)? {
            Node::Fact(j) => used_facts.push(*j),
            Node::Derived { .. } => derived.push(n),
        }
    }
    used_facts.sort_unstable();
    used_facts.dedup();
    if derived.len() > MAX_STEPS {
        return None;
    }
    let fact_pos: BTreeMap<usize, usize> = used_facts
        .iter()
        .enumerate()
        .map(|(i, &j)| (j, i))
        .collect();
    let step_of: BTreeMap<usize, usize> =
        derived.iter().enumerate().map(|(k, &n)| (n, k)).collect();
    let mut steps = Vec::new();
    for (k, &n) in derived.iter().enumerate() {
        let Node::Derived {
            comb,
            g,
            coeffs,
            constant,
        } = nodes.get(n)?
        else {
            return None;
        };
        let mut mults = vec![0u64; k + used_facts.len()];
        for (&m, &c) in comb {
            let pos = match nodes.get(m)? {
                Node::Fact(j) => k + fact_pos.get(j)?,
                Node::Derived { .. } => k - 1 - step_of.get(&m)?,
            };
            *mults.get_mut(pos)? = small(c)?;
        }
        let (lhs, rhs) = sides(coeffs, *constant)?;
        steps.push(Step {
            mults,
            g: small(*g)?,
            lhs,
            rhs,
        });
    }
    let d = Derivation {
        facts: used_facts,
        steps,
    };
    check(facts, &d).then_some(d)
}

/// A multiplier or divisor: nonnegative and within the certificate bound.
fn small(v: i128) -> Option<u64> {
    let v = u128::try_from(v).ok()?;
    if v > MAX_NUM {
        return None;
    }
    u64::try_from(v).ok()
}

/// A coefficient of a claimed row: nonnegative and a `u64`.
fn num(v: i128) -> Option<u64> {
    u64::try_from(v).ok()
}

/// `Σ coeffs·x + constant ≤ 0` as a claimed row `lhs ≤ rhs` on coefficient lists.
fn sides(coeffs: &BTreeMap<usize, i128>, constant: i128) -> Option<(Vec<u64>, Vec<u64>)> {
    let len = coeffs.keys().next_back().map_or(1, |&i| i + 2);
    let (mut lhs, mut rhs) = (vec![0u64; len], vec![0u64; len]);
    let mut put = |pos: usize, v: i128| -> Option<()> {
        if v >= 0 {
            *lhs.get_mut(pos)? = num(v)?;
        } else {
            *rhs.get_mut(pos)? = num(v.checked_neg()?)?;
        }
        Some(())
    };
    put(0, constant)?;
    for (&i, &v) in coeffs {
        put(i + 1, v)?;
    }
    Some((lhs, rhs))
}

/// A side of a row: position to value.
type Side = BTreeMap<usize, u128>;

/// `Omega.norm` of each side of a fact.
fn fact_row(f: &Fact) -> Option<(Side, Side)> {
    let side = |t: &super::linear::LTerm| -> Option<Side> {
        let mut out = Side::new();
        for (k, v) in t.coeffs()? {
            let pos = k.map_or(Some(0), |i| i.checked_add(1))?;
            out.insert(pos, u128::try_from(v).ok()?);
        }
        Some(out)
    };
    Some((side(&f.lhs)?, side(&f.rhs)?))
}

fn at(s: &Side, i: usize) -> u128 {
    s.get(&i).copied().unwrap_or(0)
}

/// `lle`: `p ≤ q` at every position.
fn side_le(p: &Side, q: &Side) -> bool {
    p.iter().all(|(i, &v)| v <= at(q, *i))
}

/// The row `Omega.deriveL`/`deriveR` compute: `Σ mults · rows` (multipliers aligned with
/// `rows`), each position cancelled, divided by `g ≥ 1` with the left side and the
/// constant's excess rounded down and the right side rounded up (`None` on overflow).
fn derive(rows: &[(Side, Side)], mults: &[u64], g: u64) -> Option<(Side, Side)> {
    let (mut l, mut r) = (Side::new(), Side::new());
    for (&m, row) in mults.iter().zip(rows) {
        for (acc, side) in [(&mut l, &row.0), (&mut r, &row.1)] {
            for (&i, &v) in side {
                let e = acc.entry(i).or_insert(0);
                *e = e.checked_add(v.checked_mul(u128::from(m))?)?;
            }
        }
    }
    let g = u128::from(g.max(1));
    let keys: BTreeSet<usize> = l.keys().chain(r.keys()).copied().collect();
    let (mut dl, mut dr) = (Side::new(), Side::new());
    for i in keys {
        let (a, b) = (at(&l, i), at(&r, i));
        let (d, e) = (a.saturating_sub(b), b.saturating_sub(a));
        if i == 0 {
            dl.insert(0, d.saturating_sub(e).checked_add(g - 1)? / g);
            dr.insert(0, e.saturating_sub(d) / g);
        } else {
            dl.insert(i, d / g);
            dr.insert(i, e.checked_add(g - 1)? / g);
        }
    }
    Some((dl, dr))
}

/// Whether the kernel's `Omega.runSteps (rowsOf cs) steps` computes `true` for the
/// facts `d.facts` of `facts`.
pub fn check(facts: &[Fact], d: &Derivation) -> bool {
    check_inner(facts, d).unwrap_or(false)
}

fn check_inner(facts: &[Fact], d: &Derivation) -> Option<bool> {
    let mut rows: Vec<(Side, Side)> = Vec::new();
    for &j in &d.facts {
        rows.push(fact_row(facts.get(j)?)?);
    }
    // `rows` is the kernel's list: claims newest first, then the facts in order.
    for s in &d.steps {
        if s.g == 0 || s.mults.len() > rows.len() {
            return Some(false);
        }
        let (dl, dr) = derive(&rows, &s.mults, s.g)?;
        let claim_l: Side = s
            .lhs
            .iter()
            .copied()
            .enumerate()
            .map(|(i, v)| (i, u128::from(v)))
            .collect();
        let claim_r: Side = s
            .rhs
            .iter()
            .copied()
            .enumerate()
            .map(|(i, v)| (i, u128::from(v)))
            .collect();
        if !side_le(&claim_l, &dl) || !side_le(&dr, &claim_r) {
            return Some(false);
        }
        rows.insert(0, (claim_l, claim_r));
    }
    let Some(last) = d.steps.last() else {
        return Some(false);
    };
    // `contra`: `rhs + [1] ≤ lhs` at every position.
    let n = last.lhs.len().max(last.rhs.len()).max(1);
    Some((0..n).all(|i| {
        let r = last.rhs.get(i).copied().map_or(0, u128::from) + u128::from(i == 0);
        r <= last.lhs.get(i).copied().map_or(0, u128::from)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tactic::omega::linear::LTerm;
    use proptest::prelude::*;

    fn side(v: &[u128]) -> Side {
        v.iter().copied().enumerate().filter(|p| p.1 > 0).collect()
    }

    /// `Σ side · (1 :: xs)`.
    fn value(s: &Side, xs: &[i128]) -> i128 {
        s.iter()
            .map(|(&i, &v)| v as i128 * if i == 0 { 1 } else { xs[i - 1] })
            .sum()
    }

    #[test]
    fn division_rounds_towards_a_weaker_fact() {
        // 3·x + 1 ≤ 8 is x ≤ 2 over the integers: the constant 7 rounds down.
        let rows = [(side(&[1, 3]), side(&[8]))];
        let (l, r) = derive(&rows, &[1], 3).expect("no overflow");
        assert_eq!((at(&l, 0), at(&l, 1), at(&r, 0)), (0, 1, 2));
        // 5 ≤ 2·x is 3 ≤ x: the constant 5 rounds up.
        let rows = [(side(&[5]), side(&[0, 2]))];
        let (l, r) = derive(&rows, &[1], 2).expect("no overflow");
        assert_eq!((at(&l, 0), at(&r, 0), at(&r, 1)), (3, 0, 1));
        // An atom coefficient that `g` does not divide is rounded down on the left
        // (x ≥ 0 makes that weaker) and up on the right.
        let rows = [(side(&[0, 3]), side(&[0, 0, 5]))];
        let (l, r) = derive(&rows, &[1], 2).expect("no overflow");
        assert_eq!((at(&l, 1), at(&r, 2)), (1, 3));
    }

    #[test]
    fn claims_become_rows_and_the_last_must_be_contradictory() {
        // 2·x ≤ 1 and 1 ≤ 2·x: x ≤ 0, 1 ≤ x, then their sum.
        let two_x = LTerm::MulL(2, Box::new(LTerm::Atom(0)));
        let facts = [
            Fact {
                lhs: two_x.clone(),
                rhs: LTerm::Lit(1),
            },
            Fact {
                lhs: LTerm::Lit(1),
                rhs: two_x,
            },
        ];
        let step = |mults: Vec<u64>, g, lhs: Vec<u64>, rhs: Vec<u64>| Step { mults, g, lhs, rhs };
        let mut d = Derivation {
            facts: vec![0, 1],
            steps: vec![
                step(vec![1, 0], 2, vec![0, 1], vec![0]),
                step(vec![0, 0, 1], 2, vec![1], vec![0, 1]),
                step(vec![1, 1], 1, vec![1], vec![0]),
            ],
        };
        assert!(check(&facts, &d));
        // Claiming more than the sum gives.
        d.steps[2] = step(vec![1, 1], 1, vec![1, 1], vec![0, 1]);
        assert!(!check(&facts, &d));
        // The sum of the facts alone, without the divisions, is `0 ≤ 0`.
        d.steps[2] = step(vec![0, 0, 1, 1], 1, vec![0], vec![0]);
        assert!(!check(&facts, &d));
        // Nor is a derivation without steps.
        d.steps.clear();
        assert!(!check(&facts, &d));
    }

    proptest! {
        /// The derived row holds wherever the rows it combines hold (the soundness
        /// theorem `derive_ok`, on a box of natural numbers).
        #[test]
        fn derived_rows_hold_where_their_sources_hold(
            rows in prop::collection::vec(
                (prop::collection::vec(0u128..5, 3), prop::collection::vec(0u128..5, 3)),
                1..4,
            ),
            mults in prop::collection::vec(0u64..4, 1..4),
            g in 1u64..5,
        ) {
            let rows: Vec<(Side, Side)> =
                rows.iter().map(|(l, r)| (side(l), side(r))).collect();
            let (dl, dr) = derive(&rows, &mults, g).expect("small numbers");
            for x in 0..8i128 {
                for y in 0..8i128 {
                    let xs = [x, y];
                    if rows.iter().all(|(l, r)| value(l, &xs) <= value(r, &xs)) {
                        prop_assert!(value(&dl, &xs) <= value(&dr, &xs));
                    }
                }
            }
        }
    }
}
