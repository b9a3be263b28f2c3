//! Reading hypotheses and targets as linear facts over natural numbers, and building the
//! kernel terms (`Omega.Term`, `Omega.Constr`, lists, literals) that reflect them.
//!
//! Every fact keeps a proof whose type is, up to definitional unfolding, the fact's
//! denotation `Omega.denote ρ lhs ≤ Omega.denote ρ rhs`; the kernel checks that
//! agreement when the declaration is added, so a wrong reading can only make a proof
//! fail.

use std::collections::HashMap;

use cedrus_kernel::{Expr, Level, Literal, Name, Node};
use num_bigint::BigUint;

use super::linear::{Fact, LTerm};
use crate::elab::ctx::Ctx;

/// A linear fact with its proof.
#[derive(Clone, Debug)]
pub struct PFact {
    /// The fact, over the atoms of the [`Atoms`] table.
    pub fact: Fact,
    /// A proof of `denote lhs ≤ denote rhs` (up to unfolding).
    pub proof: Expr,
}

/// A disjunction to split on: a proof of `left ∨ right`.
#[derive(Clone, Copy, Debug)]
pub struct Disj {
    /// The left proposition.
    pub left: Expr,
    /// The right proposition.
    pub right: Expr,
    /// A proof of `Or left right`.
    pub proof: Expr,
}

/// What a hypothesis contributes.
#[derive(Clone, Debug, Default)]
pub struct Reading {
    /// Linear facts.
    pub facts: Vec<PFact>,
    /// Disjunctions.
    pub disjs: Vec<Disj>,
    /// A proof of `False`, if a hypothesis is one.
    pub absurd: Option<Expr>,
    /// How many of [`Atoms::extra`] are among `facts`.
    pub extra_seen: usize,
}

/// The atoms seen so far (non-linear subterms), shared by all case splits.
#[derive(Debug, Default)]
pub struct Atoms {
    /// Atom `i` is `list[i]`.
    pub list: Vec<Expr>,
    index: HashMap<Expr, usize>,
    /// Truncated subtractions `a - b` seen as atoms, with the split describing them.
    pub subs: Vec<Disj>,
    /// Facts that hold everywhere, describing atoms `x / k` and `x % k`.
    pub extra: Vec<PFact>,
    /// The `(x, k)` whose division facts are in `extra`.
    divmods: Vec<(Expr, u64)>,
    /// Integer terms read so far ([`super::int`]).
    pub(super) int: super::int::IntState,
}

/// Deepest nesting of terms and connectives read.
const MAX_DEPTH: u32 = 256;

/// `head args` if `e` is an application of the constant `name` to `n` arguments.
pub fn app_of(ctx: &Ctx, e: Expr, name: &str, n: usize) -> Option<Vec<Expr>> {
    let (h, args) = ctx.tc.store.unfold_apps(e);
    match ctx.tc.store.node(h) {
        Node::Const(c, _) if c.as_str() == name && args.len() == n => Some(args),
        _ => None,
    }
}

/// Whether `e` is the constant `Nat`.
pub fn is_nat(ctx: &Ctx, e: Expr) -> bool {
    matches!(ctx.tc.store.node(e), Node::Const(c, _) if c.as_str() == "Nat")
}

/// A small natural-number literal.
fn nat_lit(ctx: &Ctx, e: Expr) -> Option<u64> {
    match ctx.tc.store.node(e) {
        Node::Lit(Literal::Nat(n)) => u64::try_from(n).ok(),
        _ => None,
    }
}

/// Builders for kernel terms.
pub struct Build<'c, 'a> {
    /// The context whose store receives the terms.
    pub ctx: &'c mut Ctx<'a>,
}

impl Build<'_, '_> {
    /// A constant without universe arguments.
    pub fn c(&mut self, n: &str) -> Expr {
        self.ctx.tc.store.cnst(Name::new(n), vec![])
    }
    /// A constant with universe arguments.
    pub fn cl(&mut self, n: &str, ls: Vec<Level>) -> Expr {
        self.ctx.tc.store.cnst(Name::new(n), ls)
    }
    /// `f args`.
    pub fn ap(&mut self, f: Expr, args: &[Expr]) -> Expr {
        self.ctx.tc.store.apps(f, args)
    }
    /// `n args` for a constant `n` without universe arguments.
    pub fn op(&mut self, n: &str, args: &[Expr]) -> Expr {
        let f = self.c(n);
        self.ap(f, args)
    }
    /// A natural-number literal.
    pub fn lit(&mut self, n: u64) -> Expr {
        self.ctx.tc.store.nat(BigUint::from(n))
    }
    /// `[x₁, …]` at element type `ty` (a `Type`).
    pub fn list(&mut self, ty: Expr, xs: &[Expr]) -> Expr {
        let nil = self.cl("List.nil", vec![Level::zero()]);
        let cons = self.cl("List.cons", vec![Level::zero()]);
        let mut out = self.ap(nil, &[ty]);
        for &x in xs.iter().rev() {
            out = self.ap(cons, &[ty, x, out]);
        }
        out
    }
    /// The `Omega.Term` reflecting `t`.
    pub fn term(&mut self, t: &LTerm) -> Expr {
        match t {
            LTerm::Atom(i) => {
                let i = self.lit(*i as u64);
                self.op("Omega.Term.atom", &[i])
            }
            LTerm::Lit(n) => {
                let n = self.lit(*n);
                self.op("Omega.Term.lit", &[n])
            }
            LTerm::Add(a, b) => {
                let (a, b) = (self.term(a), self.term(b));
                self.op("Omega.Term.add", &[a, b])
            }
            LTerm::MulL(c, a) => {
                let (c, a) = (self.lit(*c), self.term(a));
                self.op("Omega.Term.mulL", &[c, a])
            }
            LTerm::MulR(a, c) => {
                let (a, c) = (self.term(a), self.lit(*c));
                self.op("Omega.Term.mulR", &[a, c])
            }
        }
    }
    /// `Nat.lt a b`.
    pub fn lt(&mut self, a: Expr, b: Expr) -> Expr {
        self.op("Nat.lt", &[a, b])
    }
    /// `Nat.le a b`.
    pub fn le(&mut self, a: Expr, b: Expr) -> Expr {
        self.op("Nat.le", &[a, b])
    }
}

impl Atoms {
    /// The index of atom `e`, adding it if new.
    fn atom(&mut self, e: Expr) -> usize {
        if let Some(&i) = self.index.get(&e) {
            return i;
        }
        let i = self.list.len();
        self.list.push(e);
        self.index.insert(e, i);
        i
    }

    /// Reads a natural-number term as a linear term.
    pub fn term(&mut self, ctx: &mut Ctx, e: Expr, depth: u32) -> LTerm {
        if depth > MAX_DEPTH {
            return LTerm::Atom(self.atom(e));
        }
        let d = depth + 1;
        if let Some(n) = nat_lit(ctx, e) {
            return LTerm::Lit(n);
        }
        if let Some(a) = app_of(ctx, e, "OfNat.ofNat", 3) {
            if is_nat(ctx, a[0]) {
                if let Some(n) = nat_lit(ctx, a[1]) {
                    return LTerm::Lit(n);
                }
            }
        }
        if app_of(ctx, e, "Nat.zero", 0).is_some() {
            return LTerm::Lit(0);
        }
        if let Some(a) = app_of(ctx, e, "Nat.succ", 1) {
            return LTerm::Add(Box::new(self.term(ctx, a[0], d)), Box::new(LTerm::Lit(1)));
        }
        if let Some((x, y)) = binop(ctx, e, "HAdd.hAdd", "Add.add", "Nat.add") {
            return LTerm::Add(
                Box::new(self.term(ctx, x, d)),
                Box::new(self.term(ctx, y, d)),
            );
        }
        if let Some((x, y)) = binop(ctx, e, "HMul.hMul", "Mul.mul", "Nat.mul") {
            let (tx, ty) = (self.term(ctx, x, d), self.term(ctx, y, d));
            return match (tx, ty) {
                (LTerm::Lit(c), t) => LTerm::MulL(c, Box::new(t)),
                (t, LTerm::Lit(c)) => LTerm::MulR(Box::new(t), c),
                _ => LTerm::Atom(self.atom(e)),
            };
        }
        for (h, homo, nat) in [
            ("HDiv.hDiv", "Div.div", "Nat.div"),
            ("HMod.hMod", "Mod.mod", "Nat.mod"),
        ] {
            if let Some((x, y)) = binop(ctx, e, h, homo, nat) {
                let i = self.atom(e);
                self.div_facts(ctx, x, y, d);
                return LTerm::Atom(i);
            }
        }
        if let Some((x, y)) = binop(ctx, e, "HSub.hSub", "Sub.sub", "Nat.sub") {
            if let Some(&i) = self.index.get(&e) {
                return LTerm::Atom(i);
            }
            let i = self.atom(e);
            self.sub_split(ctx, x, y);
            return LTerm::Atom(i);
        }
        LTerm::Atom(self.atom(e))
    }

    /// Records `k * (x / k) + x % k = x` and `x % k < k` for a literal `k > 0`.
    fn div_facts(&mut self, ctx: &mut Ctx, x: Expr, y: Expr, d: u32) {
        let k = match self.term(ctx, y, d) {
            LTerm::Lit(k) if k > 0 => k,
            _ => return,
        };
        if self.divmods.contains(&(x, k)) {
            return;
        }
        self.divmods.push((x, k));
        let mut b = Build { ctx };
        let recompose = b.op("Nat.div_add_mod", &[x, y]);
        let (one, refl, bool_, tt) = (
            b.lit(1),
            b.cl("Eq.refl", vec![Level::one()]),
            b.c("Bool"),
            b.c("Bool.true"),
        );
        let computed = b.ap(refl, &[bool_, tt]);
        let pos = b.op("Nat.le_of_ble_eq_true", &[one, y, computed]);
        let bound = b.op("Nat.mod_lt", &[x, y, pos]);
        let mut r = Reading::default();
        for p in [recompose, bound] {
            if let Ok(ty) = ctx.tc.infer(p, true) {
                self.hyp(ctx, p, ty, &mut r, d);
            }
        }
        self.extra.extend(r.facts);
    }

    /// Records `Omega.sub_cases x y` for a new atom `x - y`.
    fn sub_split(&mut self, ctx: &mut Ctx, x: Expr, y: Expr) {
        let mut b = Build { ctx };
        let proof = b.op("Omega.sub_cases", &[x, y]);
        let Ok(ty) = b.ctx.tc.infer(proof, true) else {
            return;
        };
        if let Some(a) = app_of(b.ctx, ty, "Or", 2) {
            self.subs.push(Disj {
                left: a[0],
                right: a[1],
                proof,
            });
        }
    }

    /// Reads a hypothesis `proof : ty`.
    pub fn hyp(&mut self, ctx: &mut Ctx, proof: Expr, ty: Expr, out: &mut Reading, depth: u32) {
        if depth > MAX_DEPTH || out.absurd.is_some() {
            return;
        }
        let ty = ctx.instantiate(ty);
        if app_of(ctx, ty, "False", 0).is_some() {
            out.absurd = Some(proof);
            return;
        }
        if let Some(a) = app_of(ctx, ty, "And", 2) {
            let mut b = Build { ctx };
            let l = b.op("And.left", &[a[0], a[1], proof]);
            let r = b.op("And.right", &[a[0], a[1], proof]);
            self.hyp(ctx, l, a[0], out, depth + 1);
            self.hyp(ctx, r, a[1], out, depth + 1);
            return;
        }
        if let Some(a) = app_of(ctx, ty, "Or", 2) {
            out.disjs.push(Disj {
                left: a[0],
                right: a[1],
                proof,
            });
            return;
        }
        if let Some((x, y)) = nat_ne(ctx, ty) {
            out.disjs.push(ne_split(ctx, x, y, proof));
            return;
        }
        if let Some((p, t)) = self.int_hyp(ctx, proof, ty, depth) {
            self.hyp(ctx, p, t, out, depth + 1);
            return;
        }
        if let Some(p) = negated(ctx, ty) {
            self.negated_hyp(ctx, proof, p, out, depth);
            return;
        }
        if let Some((x, y)) = self.relation(ctx, ty, depth) {
            out.facts.push(PFact {
                fact: Fact { lhs: x, rhs: y },
                proof,
            });
            return;
        }
        if let Some((x, y)) = nat_eq(ctx, ty) {
            let mut b = Build { ctx };
            let l = b.op("Omega.le_of_eq_left", &[x, y, proof]);
            let r = b.op("Omega.le_of_eq_right", &[x, y, proof]);
            let (tx, ty) = (self.term(ctx, x, depth), self.term(ctx, y, depth));
            out.facts.push(PFact {
                fact: Fact {
                    lhs: tx.clone(),
                    rhs: ty.clone(),
                },
                proof: l,
            });
            out.facts.push(PFact {
                fact: Fact { lhs: ty, rhs: tx },
                proof: r,
            });
        }
    }

    /// Reads a hypothesis `proof : ¬ p`.
    fn negated_hyp(&mut self, ctx: &mut Ctx, proof: Expr, p: Expr, out: &mut Reading, d: u32) {
        let p = ctx.instantiate(p);
        if let Some((x, y)) = nat_eq(ctx, p) {
            out.disjs.push(ne_split(ctx, x, y, proof));
            return;
        }
        // `¬ x ≤ y` gives `y + 1 ≤ x`; `¬ x < y` gives `y ≤ x`.
        let Some((strict, x, y)) = nat_rel(ctx, p) else {
            return;
        };
        let mut b = Build { ctx };
        let (tx, ty) = (self.term(b.ctx, x, d), self.term(b.ctx, y, d));
        let fact = if strict {
            let pr = b.op("Nat.le_of_not_lt", &[x, y, proof]);
            PFact {
                fact: Fact { lhs: ty, rhs: tx },
                proof: pr,
            }
        } else {
            let pr = b.op("Nat.gt_of_not_le", &[x, y, proof]);
            PFact {
                fact: Fact {
                    lhs: LTerm::Add(Box::new(ty), Box::new(LTerm::Lit(1))),
                    rhs: tx,
                },
                proof: pr,
            }
        };
        out.facts.push(fact);
    }

    /// Reads `x ≤ y`, `x < y`, `x ≥ y`, `x > y` on `Nat` as `lhs ≤ rhs`.
    fn relation(&mut self, ctx: &mut Ctx, ty: Expr, d: u32) -> Option<(LTerm, LTerm)> {
        let (strict, x, y) = nat_rel(ctx, ty)?;
        let (tx, ty) = (self.term(ctx, x, d), self.term(ctx, y, d));
        Some(if strict {
            (LTerm::Add(Box::new(tx), Box::new(LTerm::Lit(1))), ty)
        } else {
            (tx, ty)
        })
    }
}

/// `x < y ∨ y < x` from a proof of `x ≠ y`.
fn ne_split(ctx: &mut Ctx, x: Expr, y: Expr, proof: Expr) -> Disj {
    let mut b = Build { ctx };
    let proof = b.op("Nat.lt_or_gt_of_ne", &[x, y, proof]);
    let (left, right) = (b.lt(x, y), b.lt(y, x));
    Disj { left, right, proof }
}

/// `x ⋆ y` for the heterogeneous, homogeneous and `Nat` spellings of an operation on
/// `Nat`.
fn binop(ctx: &Ctx, e: Expr, h: &str, homo: &str, nat: &str) -> Option<(Expr, Expr)> {
    if let Some(a) = app_of(ctx, e, h, 6) {
        return (is_nat(ctx, a[0]) && is_nat(ctx, a[1]) && is_nat(ctx, a[2])).then(|| (a[4], a[5]));
    }
    if let Some(a) = app_of(ctx, e, homo, 4) {
        return is_nat(ctx, a[0]).then(|| (a[2], a[3]));
    }
    app_of(ctx, e, nat, 2).map(|a| (a[0], a[1]))
}

/// `p` if `ty` is `¬ p` or `p → False`.
pub fn negated(ctx: &Ctx, ty: Expr) -> Option<Expr> {
    if let Some(a) = app_of(ctx, ty, "Not", 1) {
        return Some(a[0]);
    }
    match ctx.tc.store.node(ty) {
        Node::Pi(_, _, dom, body)
            if ctx.tc.store.loose_range(*body) == 0
                && matches!(ctx.tc.store.node(*body), Node::Const(c, _) if c.as_str() == "False") =>
        {
            Some(*dom)
        }
        _ => None,
    }
}

/// `(x, y)` if `ty` is `x = y` at `Nat`.
pub fn nat_eq(ctx: &Ctx, ty: Expr) -> Option<(Expr, Expr)> {
    let a = app_of(ctx, ty, "Eq", 3)?;
    is_nat(ctx, a[0]).then(|| (a[1], a[2]))
}

/// `(x, y)` if `ty` is `x ≠ y` at `Nat`.
pub fn nat_ne(ctx: &Ctx, ty: Expr) -> Option<(Expr, Expr)> {
    let a = app_of(ctx, ty, "Ne", 3)?;
    is_nat(ctx, a[0]).then(|| (a[1], a[2]))
}

/// `(strict, x, y)` if `ty` states `x ≤ y` (`strict` false) or `x < y` (true) on `Nat`,
/// in any of the spellings `LE.le`, `GE.ge`, `Nat.le`, `LT.lt`, `GT.gt`, `Nat.lt`.
pub fn nat_rel(ctx: &Ctx, ty: Expr) -> Option<(bool, Expr, Expr)> {
    for (name, strict, flip) in [
        ("LE.le", false, false),
        ("GE.ge", false, true),
        ("LT.lt", true, false),
        ("GT.gt", true, true),
    ] {
        if let Some(a) = app_of(ctx, ty, name, 4) {
            if !is_nat(ctx, a[0]) {
                return None;
            }
            return Some(if flip {
                (strict, a[3], a[2])
            } else {
                (strict, a[2], a[3])
            });
        }
    }
    if let Some(a) = app_of(ctx, ty, "Nat.le", 2) {
        return Some((false, a[0], a[1]));
    }
    app_of(ctx, ty, "Nat.lt", 2).map(|a| (true, a[0], a[1]))
}
