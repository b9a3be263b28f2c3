//! Unification: definitional equality with metavariables.
//!
//! First-order structural unification, Miller patterns (`?m x y =?= t` with distinct
//! locals `x y` assigns `?m := fun x y => t`), lazy δ-unfolding through the kernel's
//! reduction, and the kernel's own conversion check as a last resort (which is sound
//! whatever metavariables remain: a `true` answer holds for every assignment).

use cedrus_kernel::level::LevelNode;
use cedrus_kernel::{ConstantKind, Expr, Level, Literal, Node};

use super::ctx::{level_has_mvar, level_offset, Ctx};
use super::error::{ElabError, Result};
use crate::syntax::Span;

impl Ctx<'_> {
    /// Whether `a` and `b` can be made definitionally equal, assigning metavariables.
    /// On failure, assignments made along the way are undone.
    pub fn unify(&mut self, a: Expr, b: Expr) -> Result<bool> {
        let snap = self.snapshot();
        let r = self.unify_core(a, b)?;
        if !r {
            self.restore(snap);
        }
        Ok(r)
    }

    fn unify_core(&mut self, a: Expr, b: Expr) -> Result<bool> {
        self.enter(Span::default())?;
        let r = self.unify_step(a, b);
        self.leave();
        r
    }

    fn unify_step(&mut self, a: Expr, b: Expr) -> Result<bool> {
        let a = self.instantiate(a);
        let b = self.instantiate(b);
        if a == b {
            return Ok(true);
        }
        if let Some(r) = self.try_assign(a, b)? {
            return Ok(r);
        }
        if let Some(r) = self.try_assign(b, a)? {
            return Ok(r);
        }
        let na = self.tc.store.node(a).clone();
        let nb = self.tc.store.node(b).clone();
        match (&na, &nb) {
            (Node::Sort(l1), Node::Sort(l2)) => return Ok(self.unify_level(l1, l2)),
            (Node::Const(n1, ls1), Node::Const(n2, ls2)) if n1 == n2 && ls1.len() == ls2.len() => {
                let snap = self.snapshot();
                if ls1.iter().zip(ls2).all(|(x, y)| self.unify_level(x, y)) {
                    return Ok(true);
                }
                self.restore(snap);
            }
            (Node::Pi(_, _, d1, b1), Node::Pi(_, _, d2, b2))
            | (Node::Lam(_, _, d1, b1), Node::Lam(_, _, d2, b2)) => {
                if !self.unify_core(*d1, *d2)? {
                    return Ok(false);
                }
                let x = self.tc.fresh_local(cedrus_kernel::Name::new("x"), *d1);
                let b1 = self.tc.store.instantiate1(*b1, x);
                let b2 = self.tc.store.instantiate1(*b2, x);
                return self.unify_core(b1, b2);
            }
            (Node::App(..), Node::App(..)) => {
                let (h1, a1) = self.tc.store.unfold_apps(a);
                let (h2, a2) = self.tc.store.unfold_apps(b);
                let rigid = match (self.tc.store.node(h1), self.tc.store.node(h2)) {
                    (Node::Const(x, _), Node::Const(y, _)) => x == y,
                    (Node::FVar(_), Node::FVar(_)) => h1 == h2 && !self.is_mvar(h1),
                    _ => false,
                };
                if rigid && a1.len() == a2.len() {
                    let snap = self.snapshot();
                    let mut ok = self.unify_core(h1, h2)?;
                    for (x, y) in a1.iter().zip(&a2) {
                        if !ok {
                            break;
                        }
                        ok = self.unify_core(*x, *y)?;
                    }
                    if ok {
                        return Ok(true);
                    }
                    self.restore(snap);
                }
            }
            _ => {}
        }
        if let Some(r) = self.unify_nat_lit(a, b)? {
            return Ok(r);
        }
        // Reduction without unfolding definitions (β, ι, projections, ζ).
        let a0 = self.zeta_locals(a);
        let b0 = self.zeta_locals(b);
        let wa = self.whnf_core(a0)?;
        let wb = self.whnf_core(b0)?;
        if wa != a || wb != b {
            return self.unify_core(wa, wb);
        }
        // Without metavariables the kernel decides (with its literal arithmetic).
        let closed = |cx: &mut Self, e: Expr| {
            cx.unassigned_in(e).is_empty() && cx.level_mvars_in(e).is_empty()
        };
        if closed(self, wa) && closed(self, wb) {
            return self
                .tc
                .is_def_eq(wa, wb)
                .map_err(|k| ElabError::kernel(Span::default(), k));
        }
        // Accelerated Nat functions on literals compute.
        for (x, y) in [(wa, wb), (wb, wa)] {
            let fast = self
                .tc
                .store
                .head_const(x)
                .is_some_and(|(n, _)| self.tc.table.builtins.nat_ops.contains(n));
            if fast {
                let r = self
                    .tc
                    .whnf(x)
                    .map_err(|k| ElabError::kernel(Span::default(), k))?;
                if r != x {
                    return self.unify_core(r, y);
                }
            }
        }
        // Lazy δ: unfold the side whose head is the higher definition.
        let ha = self.def_height(wa);
        let hb = self.def_height(wb);
        if ha.is_some() || hb.is_some() {
            let (ua, ub) = match (ha, hb) {
                (Some(x), Some(y)) if x == y => (true, true),
                (Some(x), Some(y)) => (x > y, y > x),
                (Some(_), None) => (true, false),
                _ => (false, true),
            };
            let na = if ua {
                self.tc.unfold_definition(wa)
            } else {
                None
            };
            let nb = if ub {
                self.tc.unfold_definition(wb)
            } else {
                None
            };
            if na.is_some() || nb.is_some() {
                return self.unify_core(na.unwrap_or(wa), nb.unwrap_or(wb));
            }
        }
        // η: `fun x => f x =?= g`.
        if let (Node::Lam(n, bi, d, _), false) = (
            self.tc.store.node(wa).clone(),
            matches!(self.tc.store.node(wb), Node::Lam(..)),
        ) {
            let b1 = self.tc.store.lift(wb, 1);
            let v = self.tc.store.bvar(0);
            let app = self.tc.store.app(b1, v);
            let eta = self.tc.store.mk(Node::Lam(n, bi, d, app));
            return self.unify_core(wa, eta);
        }
        if let (false, Node::Lam(..)) = (
            matches!(self.tc.store.node(wa), Node::Lam(..)),
            self.tc.store.node(wb).clone(),
        ) {
            return self.unify_core(wb, wa);
        }
        // The kernel's conversion check: sound whatever metavariables remain.
        self.tc
            .is_def_eq(wa, wb)
            .map_err(|k| ElabError::kernel(Span::default(), k))
    }

    fn whnf_core(&mut self, e: Expr) -> Result<Expr> {
        self.tc
            .whnf_core(e)
            .map_err(|k| ElabError::kernel(Span::default(), k))
    }

    fn def_height(&self, e: Expr) -> Option<u32> {
        let (n, _) = self.tc.store.head_const(e)?;
        match &self.tc.table.consts.get(n)?.kind {
            ConstantKind::Definition { height, .. } => Some(*height),
            _ => None,
        }
    }

    /// `n+1 =?= Nat.succ x` and `0 =?= Nat.zero`.
    fn unify_nat_lit(&mut self, a: Expr, b: Expr) -> Result<Option<bool>> {
        for (x, y) in [(a, b), (b, a)] {
            let Node::Lit(Literal::Nat(v)) = self.tc.store.node(x).clone() else {
                continue;
            };
            let (h, args) = self.tc.store.unfold_apps(y);
            let Some((hn, _)) = self.tc.store.head_const(h) else {
                continue;
            };
            match (hn.as_str(), args.as_slice()) {
                ("Nat.succ", [arg]) if v > num_bigint::BigUint::ZERO => {
                    let arg = *arg;
                    let pred = self.tc.store.nat(v - 1u32);
                    return self.unify_core(pred, arg).map(Some);
                }
                ("Nat.zero", []) => return Ok(Some(v == num_bigint::BigUint::ZERO)),
                _ => {}
            }
        }
        Ok(None)
    }

    /// If `lhs` is an unassigned metavariable applied to arguments, tries to assign it.
    fn try_assign(&mut self, lhs: Expr, rhs: Expr) -> Result<Option<bool>> {
        let (h, args) = self.tc.store.unfold_apps(lhs);
        if !self.is_unassigned(h) {
            return Ok(None);
        }
        let Some(info) = self.mvars.get(&h).cloned() else {
            return Ok(None);
        };
        // `?a =?= ?b`: assign the metavariable that may see more locals, so that an
        // outer one never points to an inner one.
        if args.is_empty() && self.is_unassigned(rhs) && rhs != h {
            let rs = self.mvars.get(&rhs).map_or(0, |m| m.scope.len());
            if rs > info.scope.len() {
                self.assign(rhs, h);
                return Ok(Some(true));
            }
        }
        // Miller pattern: distinct locals (not metavariables) as arguments.
        let mut distinct = Vec::new();
        let pattern = args.iter().all(|&x| {
            let ok = matches!(self.tc.store.node(x), Node::FVar(_))
                && !self.is_mvar(x)
                && !distinct.contains(&x);
            distinct.push(x);
            ok
        });
        if !pattern {
            // First-order approximation: `?m a =?= f b` gives `?m := f`, `a =?= b`.
            let (rh, rargs) = self.tc.store.unfold_apps(rhs);
            if rargs.len() >= args.len() && !args.is_empty() {
                let k = rargs.len() - args.len();
                let f = self.tc.store.apps(rh, &rargs[..k]);
                let snap = self.snapshot();
                let mut ok = self.unify_core(h, f)?;
                for (x, y) in args.iter().zip(&rargs[k..]) {
                    if !ok {
                        break;
                    }
                    ok = self.unify_core(*x, *y)?;
                }
                if ok {
                    return Ok(Some(true));
                }
                self.restore(snap);
            }
            return Ok(None);
        }
        // Occurs and scope checks.
        let rhs = self.instantiate(rhs);
        let mut bad = false;
        {
            let mvars = &self.mvars;
            let auto: &[Expr] = self.auto_bound.as_deref().unwrap_or(&[]);
            self.tc.store.any_subterm(rhs, &mut |s, x| {
                if !matches!(s.node(x), Node::FVar(_)) {
                    return false;
                }
                if x == h
                    || (!mvars.contains_key(&x)
                        && !info.scope.contains(&x)
                        && !args.contains(&x)
                        && !auto.contains(&x))
                {
                    bad = true;
                }
                bad
            });
        }
        if bad {
            return Ok(Some(false));
        }
        let val = if args.is_empty() {
            // Check the types agree (this also solves universe metavariables).
            if let Ok(rt) = self.tc.infer(rhs, true) {
                if !self.unify_core(info.ty, rt)? {
                    return Ok(Some(false));
                }
            }
            rhs
        } else {
            self.abstract_locals(true, &args, rhs)
        };
        self.assign(h, val);
        Ok(Some(true))
    }

    /// Unifies two universe levels, assigning universe metavariables. Constraints it
    /// cannot decide while metavariables remain are accepted (the kernel re-checks).
    pub fn unify_level(&mut self, a: &Level, b: &Level) -> bool {
        let a = self.instantiate_level(a);
        let b = self.instantiate_level(b);
        if a == b || a.equiv(&b) {
            return true;
        }
        let (ba, ka) = level_offset(&a);
        let (bb, kb) = level_offset(&b);
        if (ka > 0 && b.is_zero_lit()) || (kb > 0 && a.is_zero_lit()) {
            return false;
        }
        let k = ka.min(kb);
        if k > 0 {
            let mut x = ba.clone();
            for _ in 0..ka - k {
                x = x.succ();
            }
            let mut y = bb.clone();
            for _ in 0..kb - k {
                y = y.succ();
            }
            return self.unify_level(&x, &y);
        }
        for (m, v) in [(&a, &b), (&b, &a)] {
            if let LevelNode::Param(n) = m.node() {
                if Ctx::is_level_mvar(n) {
                    let mut occurs = false;
                    v.for_each_param(&mut |p| occurs |= p == n);
                    if occurs {
                        return false;
                    }
                    self.assign_level(n, v.clone());
                    return true;
                }
            }
        }
        // `?m + k =?= l` where `l` is `k` more than something: `?m := l - k`.
        for ((m, km), other) in [((&ba, ka), &b), ((&bb, kb), &a)] {
            if let LevelNode::Param(n) = m.node() {
                if Ctx::is_level_mvar(n) && km > 0 {
                    if let Some(v) = level_sub(other, km) {
                        let mut occurs = false;
                        v.for_each_param(&mut |p| occurs |= p == n);
                        if !occurs {
                            self.assign_level(n, v);
                            return true;
                        }
                    }
                }
            }
        }
        level_has_mvar(&a) || level_has_mvar(&b)
    }
}

/// `l - k`, when every branch of `l` is at least `k` above a base.
fn level_sub(l: &Level, k: u32) -> Option<Level> {
    if k == 0 {
        return Some(l.clone());
    }
    match l.node() {
        LevelNode::Succ(x) => level_sub(x, k - 1),
        LevelNode::Max(x, y) => Some(Level::max(&level_sub(x, k)?, &level_sub(y, k)?)),
        _ => None,
    }
}
