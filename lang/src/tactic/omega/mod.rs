//! `omega`: linear arithmetic over natural numbers and integers, by reflection.
//!
//! The tactic introduces the goal's premises, turns the target into a refutation
//! problem (`x ≤ y` is proved from a refutation of `y < x`, `x = y` from refutations
//! of `x < y` and `y < x`, `¬ p` by assuming `p`, `p ∧ q` part by part), reads the
//! hypotheses as linear facts ([`reify`]), searches a certificate ([`linear`]), and
//! builds a proof whose last argument `rfl` makes the kernel run the prelude's checker:
//! `Omega.unsat ρ facts multipliers proofs rfl` when one nonnegative combination of the
//! facts is contradictory, `Omega.unsat_steps ρ facts steps proofs rfl` when the
//! refutation needs integer reasoning ([`derivation`]). Disjunctions (hypotheses
//! `p ∨ q`, `x ≠ y`, and the two cases of each truncated subtraction `x - y`) are split
//! lazily with `Omega.or_elim`, only when the facts at hand are not contradictory
//! already.
//!
//! Covered: `+`, multiplication by literals, `-` (truncated), `/` and `%` by positive
//! literals (through `Nat.div_add_mod` and `Nat.mod_lt`), `Nat.succ`, literals, and
//! `≤ < = ≠ ≥ >`, `¬`, `∧`, `∨` in hypotheses, `∧`, `¬`, `→`, `∀` and `∨` (left side a
//! relation) in the target, on `Nat`, and the same on `Int`, whose relations are
//! translated to `Nat` ones by [`int`] (an integer is a difference of two naturals);
//! other subterms are atoms. Integer reasoning:
//! every fact is tightened (divided by the gcd of its atom coefficients, the constant
//! rounded), equations with a unit coefficient are eliminated exactly, and the rest by
//! Fourier–Motzkin on tightened facts, so `2 * x = 1`, `2 * x + 4 * y = 3` or
//! `x % 2 = 1 ∧ x = 2 * y` are refuted. Without the Omega test's dark and grey shadows
//! this is not complete over the integers: a system without integer solutions whose
//! real shadows have integer points is not refuted (Pugh's `27 ≤ 11 * x + 13 * y ≤ 45`,
//! `7 * x ≤ 9 * y + 4`, `9 * y ≤ 7 * x + 10`).

pub mod derivation;
pub mod int;
pub mod linear;
pub mod reify;

use cedrus_kernel::{Expr, Level, Name, Node};

use crate::elab::ctx::Ctx;
use crate::elab::ElabError;
use crate::syntax::Span;
use derivation::Derivation;
use linear::{Certificate, Fact};
use reify::{app_of, nat_eq, nat_ne, nat_rel, negated, Atoms, Build, Disj, PFact, Reading};

/// Most case splits explored before giving up.
const MAX_LEAVES: usize = 256;

/// Deepest nesting of connectives in the target.
const MAX_GOAL_DEPTH: u32 = 64;

/// Closes `goal` (a metavariable of `ctx`) by linear arithmetic, or fails with
/// "omega could not prove the goal" and the facts it considered, reported at `span`
/// (the tactic's).
pub fn run(ctx: &mut Ctx, goal: Expr, span: Span) -> Result<Vec<Expr>, ElabError> {
    let Some(info) = ctx.mvars.get(&goal).cloned() else {
        return Err(ElabError::invalid(span, "omega: not a goal"));
    };
    let target = ctx.instantiate(info.ty);
    let hyps: Vec<(Expr, Expr)> = info
        .scope
        .iter()
        .filter_map(|&x| ctx.tc.local_type(x).map(|t| (x, t)))
        .collect();
    let mut s = Search {
        atoms: Atoms::default(),
        leaves: 0,
        considered: Vec::new(),
    };
    let Some(proof) = s.prove(ctx, target, hyps, 0)? else {
        let mut msg = "omega could not prove the goal".to_string();
        if !s.considered.is_empty() {
            msg.push_str("\nfacts considered:");
            for f in &s.considered {
                msg.push_str("\n  ");
                msg.push_str(f);
            }
        }
        return Err(ElabError::invalid(span, msg));
    };
    let ty = ctx
        .tc
        .infer(proof, true)
        .map_err(|k| ElabError::kernel(span, k))?;
    let ok = ctx
        .tc
        .is_def_eq(ty, target)
        .map_err(|k| ElabError::kernel(span, k))?;
    if !ok {
        return Err(ElabError::invalid(
            span,
            "omega built a proof of another statement (a bug in omega)",
        ));
    }
    ctx.assign(goal, proof);
    Ok(Vec::new())
}

/// The state of one `omega` call.
struct Search {
    atoms: Atoms,
    leaves: usize,
    considered: Vec<String>,
}

impl Search {
    /// A proof of `target` from `hyps` (proof, type), or `None`.
    fn prove(
        &mut self,
        ctx: &mut Ctx,
        target: Expr,
        mut hyps: Vec<(Expr, Expr)>,
        depth: u32,
    ) -> Result<Option<Expr>, ElabError> {
        if depth > MAX_GOAL_DEPTH {
            return Ok(None);
        }
        let target = ctx.instantiate(target);
        if let Some(a) = app_of(ctx, target, "And", 2) {
            // Each conjunct reads its own atoms: a variable one of them introduces is not
            // in scope in the other's certificate.
            let outer = std::mem::take(&mut self.atoms);
            let Some(p) = self.prove(ctx, a[0], hyps.clone(), depth + 1)? else {
                return Ok(None);
            };
            self.atoms = Atoms::default();
            let Some(q) = self.prove(ctx, a[1], hyps, depth + 1)? else {
                return Ok(None);
            };
            self.atoms = outer;
            return Ok(Some(Build { ctx }.op("And.intro", &[a[0], a[1], p, q])));
        }
        if let Some(a) = app_of(ctx, target, "Or", 2) {
            return self.prove_or(ctx, a[0], a[1], hyps, depth);
        }
        // Premises: `x ≠ y`, `¬ p`, `p → q`, `∀ x, p`.
        let premise = if let Some((x, y)) = nat_ne(ctx, target) {
            let mut b = Build { ctx };
            let (eq, nat, f) = (b.cl("Eq", vec![Level::one()]), b.c("Nat"), b.c("False"));
            Some((b.ap(eq, &[nat, x, y]), Some(f)))
        } else if let Some(eq) = int::ne_as_eq(ctx, target) {
            Some((eq, Some(Build { ctx }.c("False"))))
        } else if let Some(p) = negated(ctx, target) {
            Some((p, Some(Build { ctx }.c("False"))))
        } else if let Node::Pi(_, _, dom, _) = ctx.tc.store.node(target) {
            Some((*dom, None))
        } else {
            None
        };
        if let Some((dom, body)) = premise {
            let h = ctx.tc.fresh_local(Name::new("h"), dom);
            let body = match body {
                Some(b) => b,
                None => match ctx.tc.store.node(target).clone() {
                    Node::Pi(_, _, _, b) => ctx.tc.store.instantiate1(b, h),
                    _ => return Ok(None),
                },
            };
            hyps.push((h, dom));
            let Some(p) = self.prove(ctx, body, hyps, depth + 1)? else {
                return Ok(None);
            };
            return Ok(Some(ctx.tc.mk_binding(true, &[h], p)));
        }
        if app_of(ctx, target, "False", 0).is_some() {
            return self.refute(ctx, hyps);
        }
        // A relation on `Int`: its natural-number equivalent, transported back.
        if let Some((n, j)) = self.atoms.int_translate(ctx, target, 0) {
            let Some(p) = self.prove(ctx, n, hyps, depth + 1)? else {
                return Ok(None);
            };
            return Ok(Some(Build { ctx }.op("Iff.mpr", &[target, n, j, p])));
        }
        if let Some((strict, x, y)) = nat_rel(ctx, target) {
            // `x ≤ y` from `y < x → False`; `x < y` from `y ≤ x → False`.
            let (lemma, neg) = {
                let mut b = Build { ctx };
                if strict {
                    ("Omega.lt_of_not_ge", b.le(y, x))
                } else {
                    ("Omega.le_of_not_gt", b.lt(y, x))
                }
            };
            let Some(r) = self.refute_with(ctx, &hyps, neg)? else {
                return Ok(None);
            };
            return Ok(Some(Build { ctx }.op(lemma, &[x, y, r])));
        }
        if let Some((x, y)) = nat_eq(ctx, target) {
            let (l, g) = {
                let mut b = Build { ctx };
                (b.lt(x, y), b.lt(y, x))
            };
            let Some(r1) = self.refute_with(ctx, &hyps, l)? else {
                return Ok(None);
            };
            let Some(r2) = self.refute_with(ctx, &hyps, g)? else {
                return Ok(None);
            };
            return Ok(Some(
                Build { ctx }.op("Omega.eq_of_not_lt_gt", &[x, y, r1, r2]),
            ));
        }
        // Any other target: the hypotheses must be contradictory.
        self.prove_absurd(ctx, target, hyps)
    }

    /// `p ∨ q` with `p` a relation on `Nat`: `q` under the negation of `p`. Otherwise
    /// the hypotheses must be contradictory.
    fn prove_or(
        &mut self,
        ctx: &mut Ctx,
        p: Expr,
        q: Expr,
        mut hyps: Vec<(Expr, Expr)>,
        depth: u32,
    ) -> Result<Option<Expr>, ElabError> {
        if let Some((n, j)) = self.atoms.int_translate(ctx, p, 0) {
            let Some(r) = self.prove_or(ctx, n, q, hyps, depth + 1)? else {
                return Ok(None);
            };
            return Ok(Some(int::or_back(ctx, p, n, q, j, r)));
        }
        let split = if let Some((strict, x, y)) = nat_rel(ctx, p) {
            let mut b = Build { ctx };
            Some(if strict {
                ("Omega.or_lt", x, y, b.le(y, x))
            } else {
                ("Omega.or_le", x, y, b.lt(y, x))
            })
        } else if let Some((x, y)) = nat_eq(ctx, p) {
            let mut b = Build { ctx };
            let (ne, nat) = (b.cl("Ne", vec![Level::one()]), b.c("Nat"));
            Some(("Omega.or_eq", x, y, b.ap(ne, &[nat, x, y])))
        } else {
            None
        };
        let Some((lemma, x, y, neg)) = split else {
            let target = Build { ctx }.op("Or", &[p, q]);
            return self.prove_absurd(ctx, target, hyps);
        };
        let h = ctx.tc.fresh_local(Name::new("h"), neg);
        hyps.push((h, neg));
        let Some(r) = self.prove(ctx, q, hyps, depth + 1)? else {
            return Ok(None);
        };
        let r = ctx.tc.mk_binding(true, &[h], r);
        Ok(Some(Build { ctx }.op(lemma, &[x, y, q, r])))
    }

    /// `False.elim` of a refutation of the hypotheses, at `target`.
    fn prove_absurd(
        &mut self,
        ctx: &mut Ctx,
        target: Expr,
        hyps: Vec<(Expr, Expr)>,
    ) -> Result<Option<Expr>, ElabError> {
        let Some(p) = self.refute(ctx, hyps)? else {
            return Ok(None);
        };
        let sort = ctx
            .tc
            .infer(target, true)
            .and_then(|s| ctx.tc.whnf(s))
            .map_err(|k| ElabError::kernel(Span::default(), k))?;
        let Node::Sort(l) = ctx.tc.store.node(sort).clone() else {
            return Ok(None);
        };
        let elim = Build { ctx }.cl("False.elim", vec![l]);
        Ok(Some(ctx.tc.store.apps(elim, &[target, p])))
    }

    /// `fun h : neg => (proof of False from hyps and h)`.
    fn refute_with(
        &mut self,
        ctx: &mut Ctx,
        hyps: &[(Expr, Expr)],
        neg: Expr,
    ) -> Result<Option<Expr>, ElabError> {
        let h = ctx.tc.fresh_local(Name::new("h"), neg);
        let mut hs = hyps.to_vec();
        hs.push((h, neg));
        let Some(p) = self.refute(ctx, hs)? else {
            return Ok(None);
        };
        Ok(Some(ctx.tc.mk_binding(true, &[h], p)))
    }

    /// A proof of `False` from `hyps`.
    fn refute(
        &mut self,
        ctx: &mut Ctx,
        hyps: Vec<(Expr, Expr)>,
    ) -> Result<Option<Expr>, ElabError> {
        let mut r = Reading::default();
        for (p, t) in hyps {
            let before = (r.facts.len(), r.disjs.len());
            self.atoms.hyp(ctx, p, t, &mut r, 0);
            if (r.facts.len(), r.disjs.len()) != before || r.absurd.is_some() {
                let s = fact_text(ctx, t);
                if !self.considered.contains(&s) {
                    self.considered.push(s);
                }
            }
        }
        self.solve(ctx, r, 0)
    }

    /// Refutes the facts of `r`, splitting its disjunctions and then those of the
    /// truncated subtractions (from index `sub_from`) as needed.
    fn solve(
        &mut self,
        ctx: &mut Ctx,
        mut r: Reading,
        sub_from: usize,
    ) -> Result<Option<Expr>, ElabError> {
        if let Some(p) = r.absurd {
            return Ok(Some(p));
        }
        while let Some(f) = self.atoms.extra.get(r.extra_seen) {
            r.facts.push(f.clone());
            r.extra_seen += 1;
        }
        let facts: Vec<Fact> = r.facts.iter().map(|f| f.fact.clone()).collect();
        match linear::refute(&facts) {
            Some(Certificate::Combination(ms)) => {
                return Ok(Some(self.certificate(ctx, &r.facts, &ms)));
            }
            Some(Certificate::Derivation(d)) => {
                return Ok(Some(self.derivation(ctx, &r.facts, &d)));
            }
            None => {}
        }
        self.leaves += 1;
        if self.leaves > MAX_LEAVES {
            return Ok(None);
        }
        let (d, next_sub): (Disj, usize) = if r.disjs.is_empty() {
            match self.atoms.subs.get(sub_from) {
                Some(d) => (*d, sub_from + 1),
                None => return Ok(None),
            }
        } else {
            (r.disjs.remove(0), sub_from)
        };
        let mut branches = Vec::new();
        for side in [d.left, d.right] {
            let h = ctx.tc.fresh_local(Name::new("h"), side);
            let mut rb = r.clone();
            self.atoms.hyp(ctx, h, side, &mut rb, 0);
            let Some(p) = self.solve(ctx, rb, next_sub)? else {
                return Ok(None);
            };
            branches.push(ctx.tc.mk_binding(true, &[h], p));
        }
        let mut b = Build { ctx };
        let f = b.c("False");
        let mut args = vec![d.left, d.right, f, d.proof];
        args.extend(branches);
        Ok(Some(b.op("Omega.or_elim", &args)))
    }

    /// `Omega.unsat ρ cs ms hf rfl` for the facts with a positive multiplier.
    fn certificate(&mut self, ctx: &mut Ctx, facts: &[PFact], ms: &[u64]) -> Expr {
        let mut b = Build { ctx };
        let nat = b.c("Nat");
        let rho = b.list(nat, &self.atoms.list);
        let constr = b.c("Omega.Constr");
        let mut used = Vec::new();
        for (f, &m) in facts.iter().zip(ms) {
            if m > 0 {
                let (l, r) = (b.term(&f.fact.lhs), b.term(&f.fact.rhs));
                let c = b.op("Omega.Constr.mk", &[l, r]);
                used.push((c, m, f.proof));
            }
        }
        let cs: Vec<Expr> = used.iter().map(|u| u.0).collect();
        let mults: Vec<Expr> = used.iter().map(|u| b.lit(u.1)).collect();
        let cs_list = b.list(constr, &cs);
        let ms_list = b.list(nat, &mults);
        // `⟨h₁, ⟨h₂, … True.intro⟩⟩ : Facts ρ cs`, built from the end.
        let mut hf = b.c("True.intro");
        for i in (0..used.len()).rev() {
            let rest = b.list(constr, &cs[i + 1..]);
            let head = b.op("Omega.holds", &[rho, cs[i]]);
            let tail = b.op("Omega.Facts", &[rho, rest]);
            hf = b.op("And.intro", &[head, tail, used[i].2, hf]);
        }
        let (refl, bool_, tt) = (
            b.cl("Eq.refl", vec![Level::one()]),
            b.c("Bool"),
            b.c("Bool.true"),
        );
        let hc = b.ap(refl, &[bool_, tt]);
        b.op("Omega.unsat", &[rho, cs_list, ms_list, hf, hc])
    }
    /// `Omega.unsat_steps ρ cs steps hf rfl` for a derivation over `facts`.
    fn derivation(&mut self, ctx: &mut Ctx, facts: &[PFact], d: &Derivation) -> Expr {
        let mut b = Build { ctx };
        let nat = b.c("Nat");
        let rho = b.list(nat, &self.atoms.list);
        let constr = b.c("Omega.Constr");
        let mut used = Vec::new();
        for f in d.facts.iter().filter_map(|&j| facts.get(j)) {
            let (l, r) = (b.term(&f.fact.lhs), b.term(&f.fact.rhs));
            let c = b.op("Omega.Constr.mk", &[l, r]);
            used.push((c, f.proof));
        }
        let cs: Vec<Expr> = used.iter().map(|u| u.0).collect();
        let cs_list = b.list(constr, &cs);
        let nums = |b: &mut Build, xs: &[u64]| {
            let ls: Vec<Expr> = xs.iter().map(|&x| b.lit(x)).collect();
            b.list(nat, &ls)
        };
        let mut steps = Vec::new();
        for s in &d.steps {
            let (ms, lhs, rhs) = (
                nums(&mut b, &s.mults),
                nums(&mut b, &s.lhs),
                nums(&mut b, &s.rhs),
            );
            let g = b.lit(s.g);
            let row = b.op("Omega.Row.mk", &[lhs, rhs]);
            steps.push(b.op("Omega.Step.mk", &[ms, g, row]));
        }
        let step = b.c("Omega.Step");
        let steps_list = b.list(step, &steps);
        let mut hf = b.c("True.intro");
        for i in (0..used.len()).rev() {
            let rest = b.list(constr, &cs[i + 1..]);
            let head = b.op("Omega.holds", &[rho, cs[i]]);
            let tail = b.op("Omega.Facts", &[rho, rest]);
            hf = b.op("And.intro", &[head, tail, used[i].1, hf]);
        }
        let (refl, bool_, tt) = (
            b.cl("Eq.refl", vec![Level::one()]),
            b.c("Bool"),
            b.c("Bool.true"),
        );
        let hc = b.ap(refl, &[bool_, tt]);
        b.op("Omega.unsat_steps", &[rho, cs_list, steps_list, hf, hc])
    }
}

/// A fact as the failure message lists it: the `Nat.lt`/`Nat.le` facts `omega` makes
/// itself (from a negated target or `≠`) in the notation of the user's own facts.
fn fact_text(ctx: &mut Ctx, t: Expr) -> String {
    use crate::tactic::display::pp;
    for (head, op) in [("Nat.lt", "<"), ("Nat.le", "≤")] {
        if let Some(a) = app_of(ctx, t, head, 2) {
            return format!("{} {op} {}", pp(ctx, a[0]), pp(ctx, a[1]));
        }
    }
    pp(ctx, t)
}
