//! Linear facts over natural-number atoms and the (untrusted) search for a refutation
//! certificate by Fourier–Motzkin elimination with exact integers.
//!
//! A fact `l ≤ r` is kept as the row `Σ aᵢ·xᵢ + b ≤ 0` with `a = l - r` on atoms and
//! `b = l₀ - r₀` on constants. Atoms are natural numbers, so a nonnegative integer
//! combination of facts whose atom coefficients are all `≥ 0` and whose constant is
//! `> 0` is a contradiction; the multipliers of such a combination are the certificate
//! that `Omega.check` verifies in the kernel. The search is complete for rational
//! infeasibility (Farkas' lemma); it does not tighten by gcd, so some integer-only
//! contradictions (`2·x = 1`) are not found.

use std::collections::BTreeMap;

/// A linear term over atoms, mirroring the prelude's `Omega.Term`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LTerm {
    /// Atom `i`.
    Atom(usize),
    /// A constant.
    Lit(u64),
    /// A sum.
    Add(Box<LTerm>, Box<LTerm>),
    /// `c * a`.
    MulL(u64, Box<LTerm>),
    /// `a * c`.
    MulR(Box<LTerm>, u64),
}

/// Coefficients of a normalised term: constant at key `None`, atom `i` at `Some(i)`.
pub type Coeffs = BTreeMap<Option<usize>, i128>;

impl LTerm {
    /// The normal form of the term, as `Omega.norm` computes it (`None` on overflow).
    pub fn coeffs(&self) -> Option<Coeffs> {
        let mut out = Coeffs::new();
        self.add_into(1, &mut out)?;
        out.retain(|_, v| *v != 0);
        Some(out)
    }

    fn add_into(&self, k: i128, out: &mut Coeffs) -> Option<()> {
        match self {
            LTerm::Atom(i) => bump(out, Some(*i), k),
            LTerm::Lit(n) => bump(out, None, k.checked_mul(i128::from(*n))?),
            LTerm::Add(a, b) => {
                a.add_into(k, out)?;
                b.add_into(k, out)
            }
            LTerm::MulL(c, a) | LTerm::MulR(a, c) => {
                a.add_into(k.checked_mul(i128::from(*c))?, out)
            }
        }
    }
}

fn bump(out: &mut Coeffs, key: Option<usize>, v: i128) -> Option<()> {
    let e = out.entry(key).or_insert(0);
    *e = e.checked_add(v)?;
    Some(())
}

/// A fact `lhs ≤ rhs`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact {
    /// The smaller side.
    pub lhs: LTerm,
    /// The larger side.
    pub rhs: LTerm,
}

impl Fact {
    /// `lhs - rhs` as coefficients (`None` on overflow).
    pub fn row(&self) -> Option<Coeffs> {
        let mut l = self.lhs.coeffs()?;
        for (k, v) in self.rhs.coeffs()? {
            bump(&mut l, k, v.checked_neg()?)?;
        }
        l.retain(|_, v| *v != 0);
        Some(l)
    }
}

/// A row of the elimination: `Σ coeffs·x + constant ≤ 0`, with the multipliers of the
/// original facts that produce it.
#[derive(Clone, Debug)]
struct Row {
    coeffs: BTreeMap<usize, i128>,
    constant: i128,
    mults: BTreeMap<usize, i128>,
}

impl Row {
    /// Contradictory on natural numbers: no negative coefficient, positive constant.
    fn is_contradiction(&self) -> bool {
        self.constant > 0 && self.coeffs.values().all(|&v| v >= 0)
    }

    /// `p·self + q·other` (`None` on overflow).
    fn combine(&self, p: i128, other: &Row, q: i128) -> Option<Row> {
        let mut coeffs = BTreeMap::new();
        for (&k, &v) in &self.coeffs {
            coeffs.insert(k, v.checked_mul(p)?);
        }
        for (&k, &v) in &other.coeffs {
            let e = coeffs.entry(k).or_insert(0i128);
            *e = e.checked_add(v.checked_mul(q)?)?;
        }
        coeffs.retain(|_, v| *v != 0);
        let mut mults = BTreeMap::new();
        for (&k, &v) in &self.mults {
            mults.insert(k, v.checked_mul(p)?);
        }
        for (&k, &v) in &other.mults {
            let e = mults.entry(k).or_insert(0i128);
            *e = e.checked_add(v.checked_mul(q)?)?;
        }
        let constant = self
            .constant
            .checked_mul(p)?
            .checked_add(other.constant.checked_mul(q)?)?;
        let mut r = Row {
            coeffs,
            constant,
            mults,
        };
        r.reduce();
        Some(r)
    }

    /// Divides everything by the common gcd.
    fn reduce(&mut self) {
        let g = self
            .coeffs
            .values()
            .chain(self.mults.values())
            .chain(std::iter::once(&self.constant))
            .fold(0i128, |g, &v| gcd(g, v.abs()));
        if g > 1 {
            self.coeffs.values_mut().for_each(|v| *v /= g);
            self.mults.values_mut().for_each(|v| *v /= g);
            self.constant /= g;
        }
    }
}

fn gcd(a: i128, b: i128) -> i128 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// Most rows kept during elimination before giving up.
const MAX_ROWS: usize = 4_000;

/// Nonnegative multipliers, one per fact, of a combination that refutes `facts`, or
/// `None` if none is found.
pub fn refute(facts: &[Fact]) -> Option<Vec<u64>> {
    let mut rows = Vec::new();
    for (j, f) in facts.iter().enumerate() {
        let c = f.row()?;
        let mut coeffs = BTreeMap::new();
        let mut constant = 0;
        for (k, v) in c {
            match k {
                Some(i) => {
                    coeffs.insert(i, v);
                }
                None => constant = v,
            }
        }
        rows.push(Row {
            coeffs,
            constant,
            mults: BTreeMap::from([(j, 1)]),
        });
    }
    loop {
        if let Some(r) = rows.iter().find(|r| r.is_contradiction()) {
            let out = certificate(facts.len(), r)?;
            return verify(facts, &out).then_some(out);
        }
        // Eliminate the atom with the fewest new rows; a row whose coefficient is
        // positive may also drop it (the atom is nonnegative).
        let mut best: Option<(usize, usize)> = None;
        let mut atoms: Vec<usize> = rows.iter().flat_map(|r| r.coeffs.keys().copied()).collect();
        atoms.sort_unstable();
        atoms.dedup();
        for &a in &atoms {
            let pos = rows
                .iter()
                .filter(|r| r.coeffs.get(&a).is_some_and(|&v| v > 0))
                .count();
            let neg = rows
                .iter()
                .filter(|r| r.coeffs.get(&a).is_some_and(|&v| v < 0))
                .count();
            let cost = pos * (neg + 1);
            if best.is_none_or(|(_, c)| cost < c) {
                best = Some((a, cost));
            }
        }
        let (a, _) = best?;
        let mut next = Vec::new();
        let (mut pos, mut neg) = (Vec::new(), Vec::new());
        for r in rows {
            match r.coeffs.get(&a).copied() {
                Some(v) if v > 0 => pos.push((r, v)),
                Some(v) => neg.push((r, -v)),
                None => next.push(r),
            }
        }
        for (p, pv) in &pos {
            let mut dropped = p.clone();
            dropped.coeffs.remove(&a);
            next.push(dropped);
            for (n, nv) in &neg {
                next.push(p.combine(*nv, n, *pv)?);
            }
            if next.len() > MAX_ROWS {
                return None;
            }
        }
        rows = next;
    }
}

fn certificate(n: usize, r: &Row) -> Option<Vec<u64>> {
    let mut out = vec![0u64; n];
    for (&j, &m) in &r.mults {
        *out.get_mut(j)? = u64::try_from(m).ok()?;
    }
    Some(out)
}

/// Whether `mults` refutes `facts` as `Omega.check` decides it.
pub fn verify(facts: &[Fact], mults: &[u64]) -> bool {
    if facts.len() != mults.len() {
        return false;
    }
    let mut total = Coeffs::new();
    for (f, &m) in facts.iter().zip(mults) {
        let Some(row) = f.row() else {
            return false;
        };
        for (k, v) in row {
            let Some(x) = v.checked_mul(i128::from(m)) else {
                return false;
            };
            if bump(&mut total, k, x).is_none() {
                return false;
            }
        }
    }
    total.get(&None).copied().unwrap_or(0) >= 1 && total.iter().all(|(k, &v)| k.is_none() || v >= 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn atom(i: usize) -> LTerm {
        LTerm::Atom(i)
    }
    fn add(a: LTerm, b: LTerm) -> LTerm {
        LTerm::Add(Box::new(a), Box::new(b))
    }
    fn le(lhs: LTerm, rhs: LTerm) -> Fact {
        Fact { lhs, rhs }
    }

    #[test]
    fn refutes_a_strict_cycle() {
        // x + 1 ≤ y, y ≤ x
        let facts = [
            le(add(atom(0), LTerm::Lit(1)), atom(1)),
            le(atom(1), atom(0)),
        ];
        assert_eq!(refute(&facts), Some(vec![1, 1]));
    }

    #[test]
    fn refutes_with_scaling() {
        // x + 1 ≤ y, 2·y ≤ x·2 needs the first fact twice.
        let facts = [
            le(add(atom(0), LTerm::Lit(1)), atom(1)),
            le(
                LTerm::MulL(2, Box::new(atom(1))),
                LTerm::MulR(Box::new(atom(0)), 2),
            ),
        ];
        let m = refute(&facts);
        assert_eq!(m, Some(vec![2, 1]));
    }

    #[test]
    fn uses_nonnegativity_of_atoms() {
        // x + 1 ≤ 0
        assert_eq!(
            refute(&[le(add(atom(0), LTerm::Lit(1)), LTerm::Lit(0))]),
            Some(vec![1])
        );
    }

    #[test]
    fn satisfiable_facts_are_not_refuted() {
        let facts = [
            le(atom(0), atom(1)),
            le(atom(1), add(atom(0), LTerm::Lit(3))),
        ];
        assert_eq!(refute(&facts), None);
        assert!(!verify(&facts, &[1, 1]));
    }

    #[test]
    fn rational_but_not_integer_contradictions_are_out_of_scope() {
        // 2·x = 1 has no natural solution but a rational one.
        let two_x = LTerm::MulL(2, Box::new(atom(0)));
        let facts = [le(two_x.clone(), LTerm::Lit(1)), le(LTerm::Lit(1), two_x)];
        assert_eq!(refute(&facts), None);
    }

    fn small_fact() -> impl Strategy<Value = Fact> {
        let side = prop::collection::vec((0usize..3, 0u64..4), 0..3).prop_flat_map(|ts| {
            (Just(ts), 0u64..5).prop_map(|(ts, c)| {
                ts.into_iter().fold(LTerm::Lit(c), |acc, (i, k)| {
                    add(acc, LTerm::MulL(k, Box::new(LTerm::Atom(i))))
                })
            })
        });
        (side.clone(), side).prop_map(|(lhs, rhs)| Fact { lhs, rhs })
    }

    fn holds(f: &Fact, xs: &[i128]) -> bool {
        let val = |t: &LTerm| {
            t.coeffs().map(|c| {
                c.iter()
                    .map(|(k, v)| v * k.map_or(1, |i| xs[i]))
                    .sum::<i128>()
            })
        };
        matches!((val(&f.lhs), val(&f.rhs)), (Some(l), Some(r)) if l <= r)
    }

    proptest! {
        /// A certificate is only ever found for facts no small assignment satisfies, and
        /// every certificate found passes the checker's own test.
        #[test]
        fn certificates_are_sound(facts in prop::collection::vec(small_fact(), 1..5)) {
            if let Some(m) = refute(&facts) {
                prop_assert!(verify(&facts, &m));
                for x in 0..4i128 {
                    for y in 0..4i128 {
                        for z in 0..4i128 {
                            prop_assert!(!facts.iter().all(|f| holds(f, &[x, y, z])));
                        }
                    }
                }
            }
        }
    }
}
