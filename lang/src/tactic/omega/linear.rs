//! Linear facts over natural-number atoms and the (untrusted) search for a refutation
//! by Fourier–Motzkin elimination with exact integers.
//!
//! A fact `l ≤ r` is kept as the row `Σ aᵢ·xᵢ + b ≤ 0` with `a = l - r` on atoms and
//! `b = l₀ - r₀` on constants. Atoms are natural numbers, so a nonnegative integer
//! combination of facts whose atom coefficients are all `≥ 0` and whose constant is
//! `> 0` is a contradiction, and a row may drop an atom with a positive coefficient.
//!
//! The search runs twice at most. The first pass is rational: it is complete for
//! rational infeasibility (Farkas' lemma) and its certificate is one combination, the
//! multipliers `Omega.check` verifies. If it ends with every atom eliminated and no
//! contradiction, a second pass tightens every row: `Σ aᵢ·xᵢ + b ≤ 0` with
//! `g = gcd(aᵢ) > 1` not dividing `b` becomes `Σ (aᵢ/g)·xᵢ + ⌈b/g⌉ ≤ 0`, which has the
//! same integer solutions. Each such division is recorded as a node (the combination
//! it divides and `g`); a contradiction reached through nodes becomes a derivation
//! ([`super::derivation`]) for `Omega.unsat_steps`. Both passes first eliminate atoms
//! that have coefficient `1` in an equation (a pair of opposite rows) by substitution,
//! which is exact over the integers, keeping the atom's nonnegativity as a row; other
//! atoms are eliminated by combining every positive with every negative occurrence.
//! Fourier–Motzkin's real shadow loses integrality when a non-unit coefficient is
//! eliminated, and the Omega test's dark and grey shadows are not implemented, so the
//! second pass is sound but not complete over the integers.
//!
//! The search is bounded (rows, recorded nodes, multipliers up to
//! [`super::derivation::MAX_NUM`], steps, no overflow of `i128`) and deterministic.

use std::collections::BTreeMap;

use super::derivation::{self, Derivation, Node, MAX_NUM};

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

/// A refutation certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Certificate {
    /// Multipliers, one per fact, of a single contradictory combination
    /// (`Omega.unsat`).
    Combination(Vec<u64>),
    /// A derivation with tightening steps (`Omega.unsat_steps`).
    Derivation(Derivation),
}

/// A row of the elimination: `Σ coeffs·x + constant ≤ 0`, with the multipliers of the
/// search's nodes (input facts and tightened rows) that produce it, up to dropped
/// atoms with positive coefficients.
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
        Some(Row {
            coeffs: lin(&self.coeffs, p, &other.coeffs, q)?,
            constant: self
                .constant
                .checked_mul(p)?
                .checked_add(other.constant.checked_mul(q)?)?,
            mults: lin(&self.mults, p, &other.mults, q)?,
        })
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

    /// Every multiplier within the certificate bound (coefficients and constants are
    /// only bounded by overflow: facts may mention large literals).
    fn bounded(&self) -> bool {
        let max = MAX_NUM as i128;
        self.mults.values().all(|v| v.abs() <= max)
    }
}

/// `p·a + q·b` on sparse vectors, zeros removed (`None` on overflow).
fn lin(
    a: &BTreeMap<usize, i128>,
    p: i128,
    b: &BTreeMap<usize, i128>,
    q: i128,
) -> Option<BTreeMap<usize, i128>> {
    let mut out = BTreeMap::new();
    for (&k, &v) in a {
        out.insert(k, v.checked_mul(p)?);
    }
    for (&k, &v) in b {
        let e = out.entry(k).or_insert(0i128);
        *e = e.checked_add(v.checked_mul(q)?)?;
    }
    out.retain(|_, v| *v != 0);
    Some(out)
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

/// Most tightened rows recorded in one search.
const MAX_NODES: usize = 4_000;

/// A certificate refuting `facts`, or `None` if none is found within the bounds.
///
/// The rational search runs first, so that everything it refutes keeps its
/// single-combination certificate; if it ends without a contradiction (the facts have
/// a rational solution), the search is repeated with every row tightened.
pub fn refute(facts: &[Fact]) -> Option<Certificate> {
    let mut rational = Elim::new(facts, false)?;
    match rational.run() {
        Outcome::Refuted(c) => Some(c),
        Outcome::GaveUp => None,
        // Without a row to tighten, the second pass would repeat the first.
        Outcome::Exhausted if !rational.could_tighten => None,
        Outcome::Exhausted => match Elim::new(facts, true)?.run() {
            Outcome::Refuted(c) => Some(c),
            Outcome::GaveUp | Outcome::Exhausted => None,
        },
    }
}

/// How an elimination ended.
enum Outcome {
    Refuted(Certificate),
    /// Every atom eliminated without a contradiction.
    Exhausted,
    /// A bound was hit (rows, nodes, numbers, steps).
    GaveUp,
}

/// One Fourier–Motzkin elimination, with or without tightening.
struct Elim<'a> {
    facts: &'a [Fact],
    nodes: Vec<Node>,
    tighten: bool,
    /// Whether some row had a gcd of atom coefficients not dividing its constant.
    could_tighten: bool,
    rows: Vec<Row>,
}

impl<'a> Elim<'a> {
    /// The rows of `facts` (`None` on overflow).
    fn new(facts: &'a [Fact], tighten: bool) -> Option<Self> {
        let mut e = Elim {
            facts,
            nodes: (0..facts.len()).map(Node::Fact).collect(),
            tighten,
            could_tighten: false,
            rows: Vec::new(),
        };
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
            let row = e.normalise(Row {
                coeffs,
                constant,
                mults: BTreeMap::from([(j, 1)]),
            })?;
            e.rows.push(row);
        }
        Some(e)
    }

    /// Reduces a row by its common gcd and, when tightening, divides it by the gcd of its
    /// atom coefficients with the constant rounded up, recording the division as a node.
    /// `None` when a bound is exceeded.
    fn normalise(&mut self, mut r: Row) -> Option<Row> {
        r.reduce();
        let g = r.coeffs.values().fold(0i128, |g, &v| gcd(g, v.abs()));
        if g > 1 && r.constant % g != 0 {
            self.could_tighten = true;
            if self.tighten {
                if self.nodes.len() >= MAX_NODES {
                    return None;
                }
                let coeffs: BTreeMap<usize, i128> =
                    r.coeffs.iter().map(|(&k, &v)| (k, v / g)).collect();
                // ⌈c / g⌉ for g > 0.
                let constant = -((-r.constant).div_euclid(g));
                self.nodes.push(Node::Derived {
                    comb: r.mults,
                    g,
                    coeffs: coeffs.clone(),
                    constant,
                });
                r = Row {
                    coeffs,
                    constant,
                    mults: BTreeMap::from([(self.nodes.len() - 1, 1)]),
                };
            }
        }
        r.bounded().then_some(r)
    }

    /// The certificate of a contradictory row.
    fn certificate(&mut self, r: &Row) -> Option<Certificate> {
        let n = self.facts.len();
        if r.mults.keys().all(|&k| k < n) {
            let mut out = vec![0u64; n];
            for (&j, &m) in &r.mults {
                *out.get_mut(j)? = u64::try_from(m).ok()?;
            }
            return verify(self.facts, &out).then_some(Certificate::Combination(out));
        }
        self.nodes.push(Node::Derived {
            comb: r.mults.clone(),
            g: 1,
            coeffs: r.coeffs.clone(),
            constant: r.constant,
        });
        derivation::build(self.facts, &self.nodes, self.nodes.len() - 1)
            .map(Certificate::Derivation)
    }

    fn run(&mut self) -> Outcome {
        match self.eliminate() {
            Some(o) => o,
            None => Outcome::GaveUp,
        }
    }

    /// An atom `a` and rows `i`, `j` stating `a + t ≤ 0` and `-a - t ≤ 0` (an equation
    /// with a unit coefficient), the first such in row and atom order.
    fn unit_equality(&self) -> Option<(usize, usize, usize)> {
        let mut by_key: BTreeMap<(Vec<(usize, i128)>, i128), usize> = BTreeMap::new();
        for (i, r) in self.rows.iter().enumerate() {
            let key = (r.coeffs.iter().map(|(&k, &v)| (k, v)).collect(), r.constant);
            by_key.entry(key).or_insert(i);
        }
        for (i, r) in self.rows.iter().enumerate() {
            let Some((&a, _)) = r.coeffs.iter().find(|(_, &v)| v == 1) else {
                continue;
            };
            let neg: Vec<(usize, i128)> = r.coeffs.iter().map(|(&k, &v)| (k, -v)).collect();
            if let Some(&j) = by_key.get(&(neg, -r.constant)) {
                return Some((a, i, j));
            }
        }
        None
    }

    /// Eliminates atom `a` exactly through the equation of rows `i` (coefficient `1`)
    /// and `j` (coefficient `-1`): every other row gets the multiple of one of them that
    /// cancels `a`; the nonnegativity of `a` is kept as row `i` without `a`.
    fn substitute(&mut self, a: usize, i: usize, j: usize) -> Option<()> {
        let rows = std::mem::take(&mut self.rows);
        let (pos, neg) = (rows.get(i)?.clone(), rows.get(j)?.clone());
        let mut next = Vec::new();
        for (k, r) in rows.into_iter().enumerate() {
            if k == i || k == j {
                continue;
            }
            let row = match r.coeffs.get(&a).copied() {
                Some(c) if c > 0 => r.combine(1, &neg, c)?,
                Some(c) => r.combine(1, &pos, -c)?,
                None => r,
            };
            next.push(self.normalise(row)?);
        }
        let mut dropped = pos;
        dropped.coeffs.remove(&a);
        next.push(self.normalise(dropped)?);
        self.rows = next;
        Some(())
    }

    /// Fourier–Motzkin elimination until a row is contradictory or no atom is left.
    fn eliminate(&mut self) -> Option<Outcome> {
        loop {
            if let Some(r) = self.rows.iter().find(|r| r.is_contradiction()).cloned() {
                return self.certificate(&r).map(Outcome::Refuted);
            }
            if let Some((a, i, j)) = self.unit_equality() {
                self.substitute(a, i, j)?;
                continue;
            }
            // Eliminate the atom with the fewest new rows; a row whose coefficient is
            // positive may also drop it (the atom is nonnegative).
            let mut best: Option<(usize, usize)> = None;
            let mut atoms: Vec<usize> = self
                .rows
                .iter()
                .flat_map(|r| r.coeffs.keys().copied())
                .collect();
            atoms.sort_unstable();
            atoms.dedup();
            for &a in &atoms {
                let pos = self
                    .rows
                    .iter()
                    .filter(|r| r.coeffs.get(&a).is_some_and(|&v| v > 0))
                    .count();
                let neg = self
                    .rows
                    .iter()
                    .filter(|r| r.coeffs.get(&a).is_some_and(|&v| v < 0))
                    .count();
                let cost = pos * (neg + 1);
                if best.is_none_or(|(_, c)| cost < c) {
                    best = Some((a, cost));
                }
            }
            let Some((a, _)) = best else {
                return Some(Outcome::Exhausted);
            };
            let mut next = Vec::new();
            let (mut pos, mut neg) = (Vec::new(), Vec::new());
            for r in std::mem::take(&mut self.rows) {
                match r.coeffs.get(&a).copied() {
                    Some(v) if v > 0 => pos.push((r, v)),
                    Some(v) => neg.push((r, -v)),
                    None => next.push(r),
                }
            }
            for (p, pv) in &pos {
                let mut dropped = p.clone();
                dropped.coeffs.remove(&a);
                next.push(self.normalise(dropped)?);
                for (n, nv) in &neg {
                    let c = p.combine(*nv, n, *pv)?;
                    next.push(self.normalise(c)?);
                }
                if next.len() > MAX_ROWS {
                    return None;
                }
            }
            self.rows = next;
        }
    }
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
    use crate::tactic::omega::derivation;
    use proptest::prelude::*;

    fn atom(i: usize) -> LTerm {
        LTerm::Atom(i)
    }
    fn add(a: LTerm, b: LTerm) -> LTerm {
        LTerm::Add(Box::new(a), Box::new(b))
    }
    fn mul(k: u64, a: LTerm) -> LTerm {
        LTerm::MulL(k, Box::new(a))
    }
    fn lit(n: u64) -> LTerm {
        LTerm::Lit(n)
    }
    fn le(lhs: LTerm, rhs: LTerm) -> Fact {
        Fact { lhs, rhs }
    }
    fn eq(l: LTerm, r: LTerm) -> [Fact; 2] {
        [le(l.clone(), r.clone()), le(r, l)]
    }

    /// Whether `c` is a certificate the kernel's checkers accept.
    fn accepted(facts: &[Fact], c: &Certificate) -> bool {
        match c {
            Certificate::Combination(ms) => verify(facts, ms),
            Certificate::Derivation(d) => derivation::check(facts, d),
        }
    }

    fn derivation_of(facts: &[Fact]) -> Derivation {
        match refute(facts) {
            Some(Certificate::Derivation(d)) => {
                assert!(derivation::check(facts, &d));
                d
            }
            other => panic!("expected a derivation, got {other:?}"),
        }
    }

    #[test]
    fn refutes_a_strict_cycle() {
        // x + 1 ≤ y, y ≤ x
        let facts = [le(add(atom(0), lit(1)), atom(1)), le(atom(1), atom(0))];
        assert_eq!(refute(&facts), Some(Certificate::Combination(vec![1, 1])));
    }

    #[test]
    fn refutes_with_scaling() {
        // x + 1 ≤ y, 2·y ≤ x·2 needs the first fact twice.
        let facts = [
            le(add(atom(0), lit(1)), atom(1)),
            le(mul(2, atom(1)), LTerm::MulR(Box::new(atom(0)), 2)),
        ];
        assert_eq!(refute(&facts), Some(Certificate::Combination(vec![2, 1])));
    }

    #[test]
    fn uses_nonnegativity_of_atoms() {
        // x + 1 ≤ 0
        assert_eq!(
            refute(&[le(add(atom(0), lit(1)), lit(0))]),
            Some(Certificate::Combination(vec![1]))
        );
    }

    #[test]
    fn satisfiable_facts_are_not_refuted() {
        let facts = [le(atom(0), atom(1)), le(atom(1), add(atom(0), lit(3)))];
        assert_eq!(refute(&facts), None);
        assert!(!verify(&facts, &[1, 1]));
        // 2·x = 4 has the integer solution 2.
        assert_eq!(refute(&eq(mul(2, atom(0)), lit(4))), None);
    }

    #[test]
    fn an_odd_multiple_of_two_is_refuted_by_tightening() {
        // 2·x = 1: each half tightens (x ≤ 0, 1 ≤ x), then one combination.
        let d = derivation_of(&eq(mul(2, atom(0)), lit(1)));
        assert_eq!(d.facts, vec![0, 1]);
        assert_eq!(d.steps.len(), 3);
        assert_eq!(d.steps[0].g, 2);
        assert_eq!(d.steps[2].g, 1);
    }

    #[test]
    fn tightening_on_two_atoms_and_between_bounds() {
        // 2·x + 4·y = 3
        derivation_of(&eq(add(mul(2, atom(0)), mul(4, atom(1))), lit(3)));
        // 3 ≤ 2·x ∧ 2·x ≤ 3
        derivation_of(&[le(lit(3), mul(2, atom(0))), le(mul(2, atom(0)), lit(3))]);
        // 3·x + 3·y = 3·z + 1
        derivation_of(&eq(
            add(mul(3, atom(0)), mul(3, atom(1))),
            add(mul(3, atom(2)), lit(1)),
        ));
    }

    #[test]
    fn tightening_after_elimination() {
        // x = 2·q + r, r + 1 ≤ 2, r = 1, x = 2·y (x % 2 = 1 ∧ x = 2·y): eliminating x
        // and r leaves 2·q + 1 = 2·y, which tightens to a contradiction.
        let (x, q, r, y) = (atom(0), atom(1), atom(2), atom(3));
        let mut facts = Vec::new();
        facts.extend(eq(x.clone(), add(mul(2, q), r.clone())));
        facts.push(le(add(r.clone(), lit(1)), lit(2)));
        facts.extend(eq(r, lit(1)));
        facts.extend(eq(x, mul(2, y)));
        derivation_of(&facts);
    }

    #[test]
    fn tampered_derivations_are_rejected() {
        let facts = eq(mul(2, atom(0)), lit(1));
        let d = derivation_of(&facts);
        // Claiming more than a step derives.
        let mut bad = d.clone();
        bad.steps[0].lhs[0] += 1;
        assert!(!derivation::check(&facts, &bad));
        // Dividing by zero.
        let mut bad = d.clone();
        bad.steps[0].g = 0;
        assert!(!derivation::check(&facts, &bad));
        // A last row that is not contradictory.
        let mut bad = d.clone();
        bad.steps.pop();
        assert!(!derivation::check(&facts, &bad));
        // Multipliers over rows that do not exist.
        let mut bad = d;
        bad.steps[0].mults = vec![1, 1, 1];
        assert!(!derivation::check(&facts, &bad));
    }

    #[test]
    fn dark_shadow_systems_are_out_of_scope() {
        // Pugh's example: no integer solution, but eliminating either atom leaves a real
        // shadow with integer points, so only the dark shadow would refute it.
        let s = || add(mul(11, atom(0)), mul(13, atom(1)));
        let facts = [
            le(lit(27), s()),
            le(s(), lit(45)),
            le(mul(7, atom(0)), add(mul(9, atom(1)), lit(4))),
            le(mul(9, atom(1)), add(mul(7, atom(0)), lit(10))),
        ];
        let solvable =
            (0..10i128).any(|x| (0..10i128).any(|y| facts.iter().all(|f| holds(f, &[x, y]))));
        assert!(!solvable);
        assert_eq!(refute(&facts), None);
    }

    fn small_fact() -> impl Strategy<Value = Fact> {
        let side = prop::collection::vec((0usize..3, 0u64..4), 0..3).prop_flat_map(|ts| {
            (Just(ts), 0u64..5).prop_map(|(ts, c)| {
                ts.into_iter()
                    .fold(lit(c), |acc, (i, k)| add(acc, mul(k, atom(i))))
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

    /// A fact on atom 0 alone: `a·x + b ≤ c·x + d`.
    fn one_atom_fact() -> impl Strategy<Value = Fact> {
        (0u64..5, 0u64..8, 0u64..5, 0u64..8)
            .prop_map(|(a, b, c, d)| le(add(mul(a, atom(0)), lit(b)), add(mul(c, atom(0)), lit(d))))
    }

    proptest! {
        /// A certificate is only ever found for facts no small assignment satisfies, and
        /// every certificate found passes the checker's own test.
        #[test]
        fn certificates_are_sound(facts in prop::collection::vec(small_fact(), 1..5)) {
            if let Some(c) = refute(&facts) {
                prop_assert!(accepted(&facts, &c));
                for x in 0..6i128 {
                    for y in 0..6i128 {
                        for z in 0..6i128 {
                            prop_assert!(!facts.iter().all(|f| holds(f, &[x, y, z])));
                        }
                    }
                }
            }
        }

        /// On one atom, tightening decides integer feasibility: the facts are refuted
        /// exactly when no natural number satisfies them (all solutions, if any, include
        /// one below the largest constant plus one).
        #[test]
        fn one_atom_systems_are_decided(facts in prop::collection::vec(one_atom_fact(), 1..5)) {
            let feasible = (0..=9i128).any(|x| facts.iter().all(|f| holds(f, &[x])));
            let found = refute(&facts);
            if let Some(c) = &found {
                prop_assert!(accepted(&facts, c));
            }
            prop_assert_eq!(found.is_some(), !feasible);
        }

        /// `k·(a·x + b·y) = k·c + r` with `0 < r < k` has no integer solution and is
        /// refuted.
        #[test]
        fn equations_off_the_lattice_are_refuted(
            a in 1u64..5, b in 1u64..5, c in 0u64..6, k in 2u64..5, r in 1u64..5,
        ) {
            prop_assume!(r < k);
            let lhs = add(mul(k * a, atom(0)), mul(k * b, atom(1)));
            let facts = eq(lhs, lit(k * c + r));
            let found = refute(&facts);
            prop_assert!(found.as_ref().is_some_and(|c| accepted(&facts, c)), "{:?}", found);
        }
    }
}
