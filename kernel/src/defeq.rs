//! Definitional equality: structural rules, β/ζ/δ/ι by lazy unfolding, η for functions
//! and structures, proof irrelevance, unit-like types and literal expansion.

use crate::decl::ConstantKind;
use crate::error::KernelError;
use crate::expr::{Expr, Literal, Node};
use crate::tc::TypeChecker;
use std::cmp::Ordering;

impl TypeChecker<'_> {
    /// Whether `a` and `b` are definitionally equal.
    pub fn is_def_eq(&mut self, a: Expr, b: Expr) -> Result<bool, KernelError> {
        if a == b {
            return Ok(true);
        }
        let key = if a < b { (a, b) } else { (b, a) };
        if self.eq_cache.contains(&key) {
            return Ok(true);
        }
        self.enter()?;
        let r = self.def_eq_core(a, b);
        self.leave();
        let r = r?;
        if r {
            self.eq_cache.insert(key);
        }
        Ok(r)
    }

    fn quick(&mut self, a: Expr, b: Expr) -> Result<Option<bool>, KernelError> {
        if a == b {
            return Ok(Some(true));
        }
        match (self.store.node(a).clone(), self.store.node(b).clone()) {
            (Node::Sort(l), Node::Sort(m)) => Ok(Some(l.equiv(&m))),
            (Node::Lam(..), Node::Lam(..)) | (Node::Pi(..), Node::Pi(..)) => {
                self.binders_eq(a, b).map(Some)
            }
            (Node::Lit(x), Node::Lit(y)) => Ok(Some(x == y)),
            _ => Ok(None),
        }
    }

    fn binders_eq(&mut self, mut a: Expr, mut b: Expr) -> Result<bool, KernelError> {
        let mut fvars = Vec::new();
        while let (Node::Lam(n, _, d1, b1), Node::Lam(_, _, d2, b2))
        | (Node::Pi(n, _, d1, b1), Node::Pi(_, _, d2, b2)) =
            (self.store.node(a).clone(), self.store.node(b).clone())
        {
            let d1 = self.store.instantiate_rev(d1, &fvars);
            let d2 = self.store.instantiate_rev(d2, &fvars);
            if !self.is_def_eq(d1, d2)? {
                return Ok(false);
            }
            fvars.push(self.fresh_local(n, d1));
            a = b1;
            b = b2;
        }
        let a = self.store.instantiate_rev(a, &fvars);
        let b = self.store.instantiate_rev(b, &fvars);
        self.is_def_eq(a, b)
    }

    fn def_eq_core(&mut self, a: Expr, b: Expr) -> Result<bool, KernelError> {
        if let Some(r) = self.quick(a, b)? {
            return Ok(r);
        }
        // Proof irrelevance: two proofs of the same proposition are equal.
        let at = self.infer(a, true)?;
        if self.is_prop(at)? {
            let bt = self.infer(b, true)?;
            return self.is_def_eq(at, bt);
        }
        let a1 = self.whnf_core(a)?;
        let b1 = self.whnf_core(b)?;
        if a1 != a || b1 != b {
            if let Some(r) = self.quick(a1, b1)? {
                return Ok(r);
            }
        }
        let (a2, b2) = match self.lazy_delta(a1, b1)? {
            Ok(r) => return Ok(r),
            Err(pair) => pair,
        };
        match (self.store.node(a2).clone(), self.store.node(b2).clone()) {
            (Node::Const(n, ls), Node::Const(m, ms))
                if n == m
                    && ls.len() == ms.len()
                    && ls.iter().zip(&ms).all(|(l, m)| l.equiv(m)) =>
            {
                return Ok(true);
            }
            (Node::FVar(i), Node::FVar(j)) if i == j => return Ok(true),
            (Node::Proj(_, i, x), Node::Proj(_, j, y)) if i == j && self.is_def_eq(x, y)? => {
                return Ok(true);
            }
            _ => {}
        }
        let a3 = self.whnf_core(a2)?;
        let b3 = self.whnf_core(b2)?;
        if a3 != a2 || b3 != b2 {
            return self.is_def_eq(a3, b3);
        }
        if self.app_congruence(a3, b3)? {
            return Ok(true);
        }
        if self.eta(a3, b3)? || self.eta(b3, a3)? {
            return Ok(true);
        }
        if self.eta_struct(a3, b3)? || self.eta_struct(b3, a3)? {
            return Ok(true);
        }
        if let Some(r) = self.lit_expansion(a3, b3)? {
            return Ok(r);
        }
        self.unit_like(a3, b3)
    }

    /// Unfolds the side with the larger definitional height until heads agree or nothing
    /// unfolds. Returns `Ok(answer)` or the pair it got stuck on.
    #[allow(clippy::type_complexity)]
    fn lazy_delta(
        &mut self,
        mut a: Expr,
        mut b: Expr,
    ) -> Result<Result<bool, (Expr, Expr)>, KernelError> {
        loop {
            self.tick()?;
            if let Some(r) = self.nat_step(a, b)? {
                return Ok(Ok(r));
            }
            let ha = self.unfold_height(a);
            let hb = self.unfold_height(b);
            match (ha, hb) {
                (None, None) => return Ok(Err((a, b))),
                (Some(_), None) => a = self.unfold_and_core(a)?,
                (None, Some(_)) => b = self.unfold_and_core(b)?,
                (Some(x), Some(y)) => match x.cmp(&y) {
                    Ordering::Greater => a = self.unfold_and_core(a)?,
                    Ordering::Less => b = self.unfold_and_core(b)?,
                    Ordering::Equal => {
                        // Same constant: try the arguments before unfolding.
                        let same_head = matches!(
                            (self.store.head_const(a), self.store.head_const(b)),
                            (Some((n, _)), Some((m, _))) if n == m
                        );
                        if same_head && self.app_congruence(a, b)? {
                            return Ok(Ok(true));
                        }
                        a = self.unfold_and_core(a)?;
                        b = self.unfold_and_core(b)?;
                    }
                },
            }
            if let Some(r) = self.quick(a, b)? {
                return Ok(Ok(r));
            }
        }
    }

    fn unfold_and_core(&mut self, e: Expr) -> Result<Expr, KernelError> {
        match self.unfold_definition(e) {
            Some(u) => self.whnf_core(u),
            None => Ok(e),
        }
    }

    /// Literal arithmetic inside the lazy loop: reduce sides that compute to literals.
    fn nat_step(&mut self, a: Expr, b: Expr) -> Result<Option<bool>, KernelError> {
        if !self.table.builtins.nat {
            return Ok(None);
        }
        let is_nat_app = |tc: &Self, e: Expr| {
            tc.store.head_const(e).is_some_and(|(n, _)| {
                n.as_str() == "Nat.succ" || tc.table.builtins.nat_ops.contains(n)
            })
        };
        if !is_nat_app(self, a) && !is_nat_app(self, b) {
            return Ok(None);
        }
        let wa = self.whnf(a)?;
        let wb = self.whnf(b)?;
        match (self.as_nat_lit(wa), self.as_nat_lit(wb)) {
            (Some(x), Some(y)) => Ok(Some(x == y)),
            _ if wa != a || wb != b => self.is_def_eq(wa, wb).map(Some),
            _ => Ok(None),
        }
    }

    fn app_congruence(&mut self, a: Expr, b: Expr) -> Result<bool, KernelError> {
        let (fa, xs) = self.store.unfold_apps(a);
        let (fb, ys) = self.store.unfold_apps(b);
        if xs.is_empty() || xs.len() != ys.len() {
            return Ok(false);
        }
        if !self.is_def_eq(fa, fb)? {
            return Ok(false);
        }
        for (x, y) in xs.into_iter().zip(ys) {
            if !self.is_def_eq(x, y)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// η for functions: `fun x => b` = `f` when `b` = `f x`.
    fn eta(&mut self, a: Expr, b: Expr) -> Result<bool, KernelError> {
        let Node::Lam(n, bi, d, _) = self.store.node(a).clone() else {
            return Ok(false);
        };
        if matches!(self.store.node(b), Node::Lam(..)) {
            return Ok(false);
        }
        let bt = self.infer(b, true)?;
        let bt = self.whnf(bt)?;
        if !matches!(self.store.node(bt), Node::Pi(..)) {
            return Ok(false);
        }
        let lifted = self.store.lift(b, 1);
        let x = self.store.bvar(0);
        let body = self.store.app(lifted, x);
        let expanded = self.store.lam_with(n, bi, d, body);
        self.is_def_eq(a, expanded)
    }

    /// η for structures: `S.mk a₁ … aₙ` = `x` when each `aᵢ` = `x.i`.
    fn eta_struct(&mut self, a: Expr, b: Expr) -> Result<bool, KernelError> {
        let (head, args) = self.store.unfold_apps(a);
        let Node::Const(cn, _) = self.store.node(head).clone() else {
            return Ok(false);
        };
        let Some(ConstantKind::Constructor(c)) = self.table.consts.get(&cn).map(|c| &c.kind) else {
            return Ok(false);
        };
        let Some(ConstantKind::Inductive(ind)) = self.table.consts.get(&c.induct).map(|c| &c.kind)
        else {
            return Ok(false);
        };
        if ind.ctors.len() != 1 || ind.num_indices != 0 || ind.is_rec {
            return Ok(false);
        }
        if args.len() != (c.num_params + c.num_fields) as usize {
            return Ok(false);
        }
        let (induct, np) = (c.induct.clone(), c.num_params as usize);
        let at = self.infer(a, true)?;
        let bt = self.infer(b, true)?;
        if !self.is_def_eq(at, bt)? {
            return Ok(false);
        }
        for (i, &arg) in args[np..].iter().enumerate() {
            let p = self.store.proj(induct.clone(), i as u32, b);
            if !self.is_def_eq(arg, p)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Literals against constructor forms: `n+1` vs `Nat.succ x`, `0` vs `Nat.zero`, strings
    /// vs `String.mk l`. Only constructor forms are expanded, so this always makes progress.
    fn lit_expansion(&mut self, a: Expr, b: Expr) -> Result<Option<bool>, KernelError> {
        for (x, y) in [(a, b), (b, a)] {
            let head = self.store.head_const(y).map(|(n, _)| n.as_str().to_owned());
            match (self.store.node(x).clone(), head.as_deref()) {
                (Node::Lit(Literal::Nat(v)), Some("Nat.zero" | "Nat.succ"))
                    if self.table.builtins.nat =>
                {
                    let c = self.nat_lit_to_ctor(&v);
                    return self.is_def_eq(c, y).map(Some);
                }
                (Node::Lit(Literal::Str(_)), Some("String.mk")) => {
                    if let Some(c) = self.string_to_ctor(x) {
                        return self.is_def_eq(c, y).map(Some);
                    }
                }
                _ => {}
            }
        }
        Ok(None)
    }

    /// Values of a type with one constructor without fields (and no indices) are all equal.
    fn unit_like(&mut self, a: Expr, b: Expr) -> Result<bool, KernelError> {
        let at = self.infer(a, true)?;
        let at = self.whnf(at)?;
        let Some((n, _)) = self.store.head_const(at) else {
            return Ok(false);
        };
        let Some(ConstantKind::Inductive(ind)) = self.table.consts.get(n).map(|c| &c.kind) else {
            return Ok(false);
        };
        if ind.ctors.len() != 1 || ind.num_indices != 0 {
            return Ok(false);
        }
        let Some(ConstantKind::Constructor(c)) =
            self.table.consts.get(&ind.ctors[0]).map(|c| &c.kind)
        else {
            return Ok(false);
        };
        if c.num_fields != 0 {
            return Ok(false);
        }
        let bt = self.infer(b, true)?;
        self.is_def_eq(at, bt)
    }
}
