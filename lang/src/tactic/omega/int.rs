//! `omega` over `Int`, reduced to the natural-number machinery.
//!
//! An integer term `a` is read as two natural-number terms `P` and `N` together with a
//! proof of `a = Int.subNatNat P N`, built compositionally from the prelude's `Int`
//! lemmas: an atom `x` is `subNatNat (toNat x) (toNat (-x))`; sums, differences,
//! negations and products by literals combine the pairs; `Int.ofNat t`,
//! `Int.negSucc t` and `Int.negOfNat t` keep the natural-number term `t` (so Nat and
//! Int facts share atoms); `Int.subNatNat p n` is read as it stands. A relation
//! `a ≤ b` (`<`, `=`, `≥`, `>`) is then equivalent to the natural-number relation
//! `P_a + N_b ≤ P_b + N_a`; [`Atoms::int_translate`] returns that relation with a proof
//! of the equivalence, which hypotheses use forwards and targets backwards. `x / k` and
//! `x % k` by a positive literal `k` are atoms described by `Int.emod_add_ediv`,
//! `Int.emod_nonneg` and `Int.emod_lt_of_pos`.
//!
//! Nothing here is trusted: every step is a lemma application the kernel checks, so a
//! wrong reading can only make a proof fail. Without the lemmas (a prelude without
//! `Prelude/Int.cdr`, or while it is being checked) `Int` support is off.

use std::collections::HashMap;

use cedrus_kernel::{Expr, Level, Literal, Name, Node};
use num_bigint::BigUint;

use super::reify::{app_of, negated, Atoms, Build};
use crate::elab::ctx::Ctx;

/// Deepest nesting of integer terms read; deeper subterms are atoms.
const MAX_DEPTH: u32 = 256;

/// The lemmas the translation needs.
const LEMMAS: &[&str] = &[
    "Int.ofNat_eq_subNatNat",
    "Int.negSucc_eq_subNatNat",
    "Int.toNat_sub_toNat_neg",
    "Int.subNatNat_add_subNatNat",
    "Int.neg_subNatNat",
    "Int.subNatNat_sub_subNatNat",
    "Int.ofNat_mul_subNatNat",
    "Int.negSucc_mul_subNatNat",
    "Int.mul_comm",
    "Int.subNatNat_le_subNatNat_iff",
    "Int.subNatNat_lt_subNatNat_iff",
    "Int.subNatNat_eq_subNatNat_iff",
    "Int.toNat",
    "Eq.trans",
    "Eq.symm",
    "congrArg",
    "congr",
    "Omega.transport",
];

/// The lemmas describing `x / k` and `x % k`.
const DIV_LEMMAS: &[&str] = &[
    "Int.emod_add_ediv",
    "Int.emod_nonneg",
    "Int.emod_lt_of_pos",
    "Bool.true_ne_false",
];

/// An integer term read as `subNatNat pos neg`.
#[derive(Clone, Copy, Debug)]
pub struct IntTerm {
    /// The positive part, a natural-number term.
    pub pos: Expr,
    /// The negative part, a natural-number term.
    pub neg: Expr,
    /// A proof of `term = Int.subNatNat pos neg`.
    pub proof: Expr,
}

/// What one `omega` call knows about integers.
#[derive(Debug, Default)]
pub struct IntState {
    /// Whether the lemmas are present (`None` until first asked).
    enabled: Option<bool>,
    /// Whether the division lemmas are present (`None` until first asked).
    div_enabled: Option<bool>,
    /// Terms read so far.
    cache: HashMap<Expr, IntTerm>,
    /// Relations translated so far, with their `Nat` equivalents and the proofs.
    relations: HashMap<Expr, (Expr, Expr)>,
    /// The `(x, k)` whose division facts are recorded, with the canonical `x % k` and
    /// `x / k`.
    divmods: Vec<(Expr, Expr, Expr, Expr)>,
}

/// The three relations the lemmas translate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rel {
    Le,
    Lt,
    Eq,
}

/// A relation between two integers, as written: `head a b`.
struct IntRel {
    /// The proposition without its last two arguments.
    head: Expr,
    rel: Rel,
    /// `a ≥ b` and `a > b` state `b ≤ a` and `b < a`.
    flip: bool,
    a: Expr,
    b: Expr,
}

/// Whether `e` is the constant `Int`.
fn is_int(ctx: &Ctx, e: Expr) -> bool {
    matches!(ctx.tc.store.node(e), Node::Const(c, _) if c.as_str() == "Int")
}

/// `(f, a, b)` for an application `f a b`.
fn split_last2(ctx: &mut Ctx, e: Expr) -> Option<(Expr, Expr, Expr)> {
    let (h, args) = ctx.tc.store.unfold_apps(e);
    let [init @ .., a, b] = args.as_slice() else {
        return None;
    };
    let head = ctx.tc.store.apps(h, init);
    Some((head, *a, *b))
}

/// `(f, a)` for an application `f a`.
fn split_last1(ctx: &mut Ctx, e: Expr) -> Option<(Expr, Expr)> {
    match ctx.tc.store.node(e) {
        Node::App(f, a) => Some((*f, *a)),
        _ => None,
    }
}

/// Reads `ty` as a relation between integers.
fn int_rel(ctx: &mut Ctx, ty: Expr) -> Option<IntRel> {
    let rel_of = |ctx: &mut Ctx, name: &str, arity: usize| -> Option<(Expr, Expr, Expr)> {
        let a = app_of(ctx, ty, name, arity)?;
        if !is_int(ctx, a[0]) {
            return None;
        }
        split_last2(ctx, ty)
    };
    for (name, rel, flip) in [
        ("LE.le", Rel::Le, false),
        ("GE.ge", Rel::Le, true),
        ("LT.lt", Rel::Lt, false),
        ("GT.gt", Rel::Lt, true),
    ] {
        if let Some((head, a, b)) = rel_of(ctx, name, 4) {
            return Some(IntRel {
                head,
                rel,
                flip,
                a,
                b,
            });
        }
    }
    let (head, a, b) = rel_of(ctx, "Eq", 3)?;
    Some(IntRel {
        head,
        rel: Rel::Eq,
        flip: false,
        a,
        b,
    })
}

/// `(a, b)` if `ty` is `a ≠ b` at `Int`.
pub fn int_ne(ctx: &Ctx, ty: Expr) -> Option<(Expr, Expr)> {
    let a = app_of(ctx, ty, "Ne", 3)?;
    is_int(ctx, a[0]).then(|| (a[1], a[2]))
}

/// The value of an integer literal: `n`, `Int.ofNat n`, `Int.negSucc n`, `-k`.
fn int_lit(ctx: &Ctx, e: Expr, depth: u32) -> Option<i128> {
    if depth > MAX_DEPTH {
        return None;
    }
    let raw = |e: Expr| match ctx.tc.store.node(e) {
        Node::Lit(Literal::Nat(n)) => i128::try_from(n).ok(),
        _ => None,
    };
    if let Some(a) = app_of(ctx, e, "OfNat.ofNat", 3) {
        return if is_int(ctx, a[0]) { raw(a[1]) } else { None };
    }
    if let Some(a) = app_of(ctx, e, "Int.ofNat", 1) {
        return raw(a[0]);
    }
    if let Some(a) = app_of(ctx, e, "Int.negSucc", 1) {
        return raw(a[0]).and_then(|n| n.checked_add(1)).map(|n| -n);
    }
    let inner = match app_of(ctx, e, "Neg.neg", 3) {
        Some(a) if is_int(ctx, a[0]) => a[2],
        Some(_) => return None,
        None => app_of(ctx, e, "Int.neg", 1)?[0],
    };
    int_lit(ctx, inner, depth + 1)?.checked_neg()
}

/// `x ⋆ y` at `Int` for the heterogeneous, homogeneous and `Int` spellings of an
/// operation, with the application's head (the term without `x` and `y`).
fn int_binop(ctx: &mut Ctx, e: Expr, h: &str, homo: &str, int: &str) -> Option<(Expr, Expr, Expr)> {
    let ok = if let Some(a) = app_of(ctx, e, h, 6) {
        is_int(ctx, a[0]) && is_int(ctx, a[1]) && is_int(ctx, a[2])
    } else if let Some(a) = app_of(ctx, e, homo, 4) {
        is_int(ctx, a[0])
    } else {
        app_of(ctx, e, int, 2).is_some()
    };
    if !ok {
        return None;
    }
    split_last2(ctx, e)
}

/// Builders for the terms of the translation.
impl Build<'_, '_> {
    /// `Int`.
    fn int(&mut self) -> Expr {
        self.c("Int")
    }
    /// `Int.subNatNat p n`.
    fn sub_nat_nat(&mut self, p: Expr, n: Expr) -> Expr {
        self.op("Int.subNatNat", &[p, n])
    }
    /// `x + y` on `Nat`, as the elaborator writes it.
    fn nat_add(&mut self, x: Expr, y: Expr) -> Expr {
        self.nat_op("HAdd.hAdd", "instHAdd", "instAddNat", x, y)
    }
    /// `x * y` on `Nat`, as the elaborator writes it.
    fn nat_mul(&mut self, x: Expr, y: Expr) -> Expr {
        self.nat_op("HMul.hMul", "instHMul", "instMulNat", x, y)
    }
    fn nat_op(&mut self, h: &str, inst: &str, base: &str, x: Expr, y: Expr) -> Expr {
        let nat = self.c("Nat");
        let base = self.c(base);
        let inst = self.cl(inst, vec![Level::zero()]);
        let inst = self.ap(inst, &[nat, base]);
        let f = self.cl(h, vec![Level::zero(); 3]);
        self.ap(f, &[nat, nat, nat, inst, x, y])
    }
    /// `x ⋈ y` on `Nat` for a relation.
    fn nat_rel(&mut self, rel: Rel, x: Expr, y: Expr) -> Expr {
        let nat = self.c("Nat");
        match rel {
            Rel::Le => {
                let (f, i) = (self.cl("LE.le", vec![Level::zero()]), self.c("instLENat"));
                self.ap(f, &[nat, i, x, y])
            }
            Rel::Lt => {
                let (f, i) = (self.cl("LT.lt", vec![Level::zero()]), self.c("instLTNat"));
                self.ap(f, &[nat, i, x, y])
            }
            Rel::Eq => {
                let f = self.cl("Eq", vec![Level::one()]);
                self.ap(f, &[nat, x, y])
            }
        }
    }
    /// `Eq.trans h₁ h₂ : a = c` at `Int`, with `h₁ : a = b`.
    fn trans(&mut self, a: Expr, b: Expr, c: Expr, h1: Expr, h2: Expr) -> Expr {
        let int = self.int();
        let f = self.cl("Eq.trans", vec![Level::one()]);
        self.ap(f, &[int, a, b, c, h1, h2])
    }
    /// `congrArg f h : f a = f b` for `f : Int → β` (`β` a `Type` or `Prop`'s type).
    fn congr_arg(&mut self, beta: Expr, a: Expr, b: Expr, f: Expr, h: Expr) -> Expr {
        let int = self.int();
        let c = self.cl("congrArg", vec![Level::one(), Level::one()]);
        self.ap(c, &[int, beta, a, b, f, h])
    }
    /// `head a b = head a' b'` from `ha : a = a'` and `hb : b = b'`, for
    /// `head : Int → Int → β`.
    fn congr2(&mut self, beta: Expr, head: Expr, a: [Expr; 2], b: [Expr; 2], h: [Expr; 2]) -> Expr {
        let int = self.int();
        let to_beta = self.ctx.tc.store.arrow(int, beta);
        let hf = self.congr_arg(to_beta, a[0], a[1], head, h[0]);
        let (f1, f2) = (self.ap(head, &[a[0]]), self.ap(head, &[a[1]]));
        let c = self.cl("congr", vec![Level::one(), Level::one()]);
        self.ap(c, &[int, beta, f1, f2, b[0], b[1], hf, h[1]])
    }
}

impl Atoms {
    /// Whether the `Int` lemmas are available.
    fn int_enabled(&mut self, ctx: &Ctx) -> bool {
        *self
            .int
            .enabled
            .get_or_insert_with(|| LEMMAS.iter().all(|n| ctx.has_const(n)))
    }

    /// `(N, J)` if `prop` is a relation between integers: the natural-number relation
    /// `N` and a proof `J : prop ↔ N`.
    pub fn int_translate(&mut self, ctx: &mut Ctx, prop: Expr, depth: u32) -> Option<(Expr, Expr)> {
        if let Some(&t) = self.int.relations.get(&prop) {
            return Some(t);
        }
        let r = int_rel(ctx, prop)?;
        if !self.int_enabled(ctx) {
            return None;
        }
        let d = depth + 1;
        let (ta, tb) = (self.int_term(ctx, r.a, d), self.int_term(ctx, r.b, d));
        let mut b = Build { ctx };
        let (sa, sb) = (b.sub_nat_nat(ta.pos, ta.neg), b.sub_nat_nat(tb.pos, tb.neg));
        let prop_s = b.ap(r.head, &[sa, sb]);
        let p = b.ctx.tc.store.prop();
        let e = b.congr2(p, r.head, [r.a, sa], [r.b, sb], [ta.proof, tb.proof]);
        let (x, y) = if r.flip { (tb, ta) } else { (ta, tb) };
        let lemma = match r.rel {
            Rel::Le => "Int.subNatNat_le_subNatNat_iff",
            Rel::Lt => "Int.subNatNat_lt_subNatNat_iff",
            Rel::Eq => "Int.subNatNat_eq_subNatNat_iff",
        };
        let iff = b.op(lemma, &[x.pos, x.neg, y.pos, y.neg]);
        let (l, rr) = (b.nat_add(x.pos, y.neg), b.nat_add(y.pos, x.neg));
        let n = b.nat_rel(r.rel, l, rr);
        // `transport (fun q => q ↔ N) (Eq.symm E) I : prop ↔ N`.
        let q = b.ctx.tc.fresh_local(Name::new("q"), p);
        let body = b.op("Iff", &[q, n]);
        let motive = b.ctx.tc.mk_binding(true, &[q], body);
        let symm = b.cl("Eq.symm", vec![Level::one()]);
        let back = b.ap(symm, &[p, prop, prop_s, e]);
        let tr = b.cl("Omega.transport", vec![Level::one()]);
        let j = b.ap(tr, &[p, prop_s, prop, motive, back, iff]);
        self.int.relations.insert(prop, (n, j));
        Some((n, j))
    }

    /// A hypothesis `proof : ty` about integers as one about natural numbers:
    /// `(proof', ty')`.
    pub fn int_hyp(
        &mut self,
        ctx: &mut Ctx,
        proof: Expr,
        ty: Expr,
        depth: u32,
    ) -> Option<(Expr, Expr)> {
        if let Some((n, j)) = self.int_translate(ctx, ty, depth) {
            let p = Build { ctx }.op("Iff.mp", &[ty, n, j, proof]);
            return Some((p, n));
        }
        let p = match ne_as_eq(ctx, ty) {
            Some(eq) => eq,
            None => negated(ctx, ty)?,
        };
        let (n, j) = self.int_translate(ctx, p, depth)?;
        // `fun y : N => proof (J.mpr y) : ¬ N`.
        let y = ctx.tc.fresh_local(Name::new("h"), n);
        let mut b = Build { ctx };
        let back = b.op("Iff.mpr", &[p, n, j, y]);
        let body = b.ap(proof, &[back]);
        let lam = ctx.tc.mk_binding(true, &[y], body);
        let not_n = Build { ctx }.op("Not", &[n]);
        Some((lam, not_n))
    }

    /// `a = subNatNat pos neg` for an integer term `e`.
    pub fn int_term(&mut self, ctx: &mut Ctx, e: Expr, depth: u32) -> IntTerm {
        if let Some(t) = self.int.cache.get(&e) {
            return *t;
        }
        let t = self.int_term_uncached(ctx, e, depth);
        self.int.cache.insert(e, t);
        t
    }

    fn int_term_uncached(&mut self, ctx: &mut Ctx, e: Expr, depth: u32) -> IntTerm {
        if depth > MAX_DEPTH {
            return int_atom(ctx, e);
        }
        let d = depth + 1;
        if let Some(a) = app_of(ctx, e, "OfNat.ofNat", 3) {
            if is_int(ctx, a[0]) && matches!(ctx.tc.store.node(a[1]), Node::Lit(_)) {
                return of_nat(ctx, a[1]);
            }
        }
        if let Some(a) = app_of(ctx, e, "Int.ofNat", 1) {
            return of_nat(ctx, a[0]);
        }
        if let Some(a) = app_of(ctx, e, "Int.subNatNat", 2) {
            let mut b = Build { ctx };
            let (int, refl) = (b.int(), b.cl("Eq.refl", vec![Level::one()]));
            let proof = b.ap(refl, &[int, e]);
            return IntTerm {
                pos: a[0],
                neg: a[1],
                proof,
            };
        }
        if let Some(a) = app_of(ctx, e, "Int.negOfNat", 1) {
            if ctx.has_const("Int.negOfNat_eq_subNatNat") {
                let mut b = Build { ctx };
                let zero = b.lit(0);
                let proof = b.op("Int.negOfNat_eq_subNatNat", &[a[0]]);
                return IntTerm {
                    pos: zero,
                    neg: a[0],
                    proof,
                };
            }
        }
        if let Some(a) = app_of(ctx, e, "Int.negSucc", 1) {
            let mut b = Build { ctx };
            let (zero, one) = (b.lit(0), b.lit(1));
            let neg = b.nat_add(a[0], one);
            let proof = b.op("Int.negSucc_eq_subNatNat", &[a[0]]);
            return IntTerm {
                pos: zero,
                neg,
                proof,
            };
        }
        let negated = match app_of(ctx, e, "Neg.neg", 3) {
            Some(a) if is_int(ctx, a[0]) => Some(a[2]),
            Some(_) => None,
            None => app_of(ctx, e, "Int.neg", 1).map(|a| a[0]),
        };
        if let Some(x) = negated {
            let tx = self.int_term(ctx, x, d);
            let Some((head, _)) = split_last1(ctx, e) else {
                return int_atom(ctx, e);
            };
            let mut b = Build { ctx };
            let int = b.int();
            let sx = b.sub_nat_nat(tx.pos, tx.neg);
            let mid = b.ap(head, &[sx]);
            let out = b.sub_nat_nat(tx.neg, tx.pos);
            let h1 = b.congr_arg(int, x, sx, head, tx.proof);
            let h2 = b.op("Int.neg_subNatNat", &[tx.pos, tx.neg]);
            let proof = b.trans(e, mid, out, h1, h2);
            return IntTerm {
                pos: tx.neg,
                neg: tx.pos,
                proof,
            };
        }
        for (h, homo, int, lemma, crossed) in [
            (
                "HAdd.hAdd",
                "Add.add",
                "Int.add",
                "Int.subNatNat_add_subNatNat",
                false,
            ),
            (
                "HSub.hSub",
                "Sub.sub",
                "Int.sub",
                "Int.subNatNat_sub_subNatNat",
                true,
            ),
        ] {
            if let Some((head, x, y)) = int_binop(ctx, e, h, homo, int) {
                let (tx, ty) = (self.int_term(ctx, x, d), self.int_term(ctx, y, d));
                let mut b = Build { ctx };
                let int = b.int();
                let (sx, sy) = (b.sub_nat_nat(tx.pos, tx.neg), b.sub_nat_nat(ty.pos, ty.neg));
                let mid = b.ap(head, &[sx, sy]);
                // `a + b` pairs the parts; `a - b` crosses them.
                let (pos, neg) = if crossed {
                    (b.nat_add(tx.pos, ty.neg), b.nat_add(tx.neg, ty.pos))
                } else {
                    (b.nat_add(tx.pos, ty.pos), b.nat_add(tx.neg, ty.neg))
                };
                let out = b.sub_nat_nat(pos, neg);
                let h1 = b.congr2(int, head, [x, sx], [y, sy], [tx.proof, ty.proof]);
                let h2 = b.op(lemma, &[tx.pos, tx.neg, ty.pos, ty.neg]);
                let proof = b.trans(e, mid, out, h1, h2);
                return IntTerm { pos, neg, proof };
            }
        }
        if let Some((head, x, y)) = int_binop(ctx, e, "HMul.hMul", "Mul.mul", "Int.mul") {
            if let Some(c) = int_lit(ctx, x, 0) {
                if let Some(t) = self.scale(ctx, head, x, c, y, d) {
                    return t;
                }
            } else if let Some(c) = int_lit(ctx, y, 0) {
                if let Some(t) = self.scale(ctx, head, y, c, x, d) {
                    // `x * k = k * x`, then the scaling.
                    let mut b = Build { ctx };
                    let swapped = b.ap(head, &[y, x]);
                    let comm = b.op("Int.mul_comm", &[x, y]);
                    let out = b.sub_nat_nat(t.pos, t.neg);
                    let proof = b.trans(e, swapped, out, comm, t.proof);
                    return IntTerm { proof, ..t };
                }
            }
            return int_atom(ctx, e);
        }
        for (h, homo, int) in [
            ("HDiv.hDiv", "Div.div", "Int.ediv"),
            ("HMod.hMod", "Mod.mod", "Int.emod"),
        ] {
            if let Some((_, x, k)) = int_binop(ctx, e, h, homo, int) {
                if let Some((m, q)) = self.int_div_facts(ctx, x, k, d) {
                    // The canonical spelling is the atom; `e` unfolds to it.
                    let canon = if h == "HMod.hMod" { m } else { q };
                    if canon == e {
                        return int_atom(ctx, e);
                    }
                    return self.int_term(ctx, canon, d);
                }
                return int_atom(ctx, e);
            }
        }
        int_atom(ctx, e)
    }

    /// `head k y = subNatNat (|c| * …) (|c| * …)` for a literal `k` of value `c`.
    fn scale(
        &mut self,
        ctx: &mut Ctx,
        head: Expr,
        k: Expr,
        c: i128,
        y: Expr,
        d: u32,
    ) -> Option<IntTerm> {
        let abs = u128::try_from(c.checked_abs()?).ok()?;
        let ty = self.int_term(ctx, y, d);
        let mut b = Build { ctx };
        let int = b.int();
        let hk = b.ap(head, &[k]);
        let sy = b.sub_nat_nat(ty.pos, ty.neg);
        let mid = b.ap(hk, &[sy]);
        let lit = b.ctx.tc.store.nat(BigUint::from(abs));
        let (pos, neg, h2) = if c >= 0 {
            let h2 = b.op("Int.ofNat_mul_subNatNat", &[lit, ty.pos, ty.neg]);
            (b.nat_mul(lit, ty.pos), b.nat_mul(lit, ty.neg), h2)
        } else {
            let m = b.ctx.tc.store.nat(BigUint::from(abs - 1));
            let h2 = b.op("Int.negSucc_mul_subNatNat", &[m, ty.pos, ty.neg]);
            (b.nat_mul(lit, ty.neg), b.nat_mul(lit, ty.pos), h2)
        };
        let out = b.sub_nat_nat(pos, neg);
        let lhs = b.ap(hk, &[y]);
        let h1 = b.congr_arg(int, y, sy, hk, ty.proof);
        let proof = b.trans(lhs, mid, out, h1, h2);
        Some(IntTerm { pos, neg, proof })
    }

    /// For `x / k` or `x % k` with `k` a positive literal: records (once) the facts
    /// `x % k + k * (x / k) = x`, `0 ≤ x % k` and `x % k < k` among the extra facts,
    /// and returns the canonical `x % k` and `x / k` (as the lemmas spell them).
    fn int_div_facts(&mut self, ctx: &mut Ctx, x: Expr, k: Expr, d: u32) -> Option<(Expr, Expr)> {
        if !matches!(int_lit(ctx, k, 0), Some(c) if c > 0) {
            return None;
        }
        if let Some(&(_, _, m, q)) = self.int.divmods.iter().find(|t| t.0 == x && t.1 == k) {
            return Some((m, q));
        }
        let enabled = *self
            .int
            .div_enabled
            .get_or_insert_with(|| DIV_LEMMAS.iter().all(|n| ctx.has_const(n)));
        if !enabled {
            return None;
        }
        let mut b = Build { ctx };
        let recompose = b.op("Int.emod_add_ediv", &[x, k]);
        let ty = b.ctx.tc.infer(recompose, true).ok()?;
        // `x % k + k * (x / k) = x`.
        let lhs = app_of(b.ctx, ty, "Eq", 3)?[1];
        let (_, m, prod) = split_last2(b.ctx, lhs)?;
        let (_, _, q) = split_last2(b.ctx, prod)?;
        // `k ≠ 0`: `Int.ble 1 k` computes to `true` and `Int.ble 1 0` to `false`.
        let int = b.int();
        let zero = b.lit(0);
        let zero = b.op("Int.ofNat", &[zero]);
        let one = b.lit(1);
        let one = b.op("Int.ofNat", &[one]);
        let eq = b.cl("Eq", vec![Level::one()]);
        let eq_k0 = b.ap(eq, &[int, k, zero]);
        let h = b.ctx.tc.fresh_local(Name::new("h"), eq_k0);
        let ble1 = b.op("Int.ble", &[one]);
        let bool_ = b.c("Bool");
        let img = b.congr_arg(bool_, k, zero, ble1, h);
        let absurd = b.op("Bool.true_ne_false", &[img]);
        let ne = b.ctx.tc.mk_binding(true, &[h], absurd);
        let nonneg = b.op("Int.emod_nonneg", &[x, k, ne]);
        // `0 < k` is `Int.ble k 0 = false`, which computes.
        let refl = b.cl("Eq.refl", vec![Level::one()]);
        let ff = b.c("Bool.false");
        let pos = b.ap(refl, &[bool_, ff]);
        let bound = b.op("Int.emod_lt_of_pos", &[x, k, pos]);
        self.int.divmods.push((x, k, m, q));
        let mut r = super::reify::Reading::default();
        for p in [recompose, nonneg, bound] {
            if let Ok(t) = ctx.tc.infer(p, true) {
                self.hyp(ctx, p, t, &mut r, d);
            }
        }
        self.extra.extend(r.facts);
        Some((m, q))
    }
}

/// `Int.ofNat t = subNatNat t 0`.
fn of_nat(ctx: &mut Ctx, t: Expr) -> IntTerm {
    let mut b = Build { ctx };
    let zero = b.lit(0);
    let proof = b.op("Int.ofNat_eq_subNatNat", &[t]);
    IntTerm {
        pos: t,
        neg: zero,
        proof,
    }
}

/// An atom `x = subNatNat (toNat x) (toNat (-x))`.
fn int_atom(ctx: &mut Ctx, e: Expr) -> IntTerm {
    let mut b = Build { ctx };
    let int = b.int();
    let neg_f = b.cl("Neg.neg", vec![Level::zero()]);
    let inst = b.c("instNegInt");
    let minus = b.ap(neg_f, &[int, inst, e]);
    let pos = b.op("Int.toNat", &[e]);
    let neg = b.op("Int.toNat", &[minus]);
    let s = b.sub_nat_nat(pos, neg);
    let lemma = b.op("Int.toNat_sub_toNat_neg", &[e]);
    let symm = b.cl("Eq.symm", vec![Level::one()]);
    let proof = b.ap(symm, &[int, s, e, lemma]);
    IntTerm { pos, neg, proof }
}

/// `a = b` at `Int` if `ty` is `a ≠ b` at `Int`.
pub fn ne_as_eq(ctx: &mut Ctx, ty: Expr) -> Option<Expr> {
    let (a, b) = int_ne(ctx, ty)?;
    let mut bd = Build { ctx };
    let (eq, int) = (bd.cl("Eq", vec![Level::one()]), bd.int());
    Some(bd.ap(eq, &[int, a, b]))
}

/// `p ∨ q` from a proof of `N ∨ q`, given `j : p ↔ N`.
pub fn or_back(ctx: &mut Ctx, p: Expr, n: Expr, q: Expr, j: Expr, proof: Expr) -> Expr {
    let (hn, hq) = (
        ctx.tc.fresh_local(Name::new("h"), n),
        ctx.tc.fresh_local(Name::new("h"), q),
    );
    let mut b = Build { ctx };
    let back = b.op("Iff.mpr", &[p, n, j, hn]);
    let left = b.op("Or.inl", &[p, q, back]);
    let right = b.op("Or.inr", &[p, q, hq]);
    let target = b.op("Or", &[p, q]);
    let left = ctx.tc.mk_binding(true, &[hn], left);
    let right = ctx.tc.mk_binding(true, &[hq], right);
    Build { ctx }.op("Omega.or_elim", &[n, q, target, proof, left, right])
}

#[cfg(test)]
#[path = "int_tests.rs"]
mod tests;
