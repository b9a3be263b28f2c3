//! Weak-head reduction: β, ζ, δ, ι (recursors), projections and Nat literal acceleration.

use crate::decl::{ConstantKind, RecursorInfo};
use crate::error::KernelError;
use crate::expr::{Expr, Literal, Node};
use crate::tc::TypeChecker;
use num_bigint::BigUint;

impl TypeChecker<'_> {
    pub(crate) fn tick(&mut self) -> Result<(), KernelError> {
        if self.fuel == 0 {
            return Err(KernelError::ResourceLimit {
                decl: self.decl.clone(),
                what: format!("more than {} reduction steps", self.table.limits.fuel),
            });
        }
        self.fuel -= 1;
        Ok(())
    }

    /// Weak-head normal form without unfolding definitions (β, ζ, ι, projections).
    pub fn whnf_core(&mut self, e: Expr) -> Result<Expr, KernelError> {
        match self.store.node(e) {
            Node::App(..) | Node::Let(..) | Node::Proj(..) => {}
            _ => return Ok(e),
        }
        if let Some(&r) = self.whnf_core_cache.get(&e) {
            return Ok(r);
        }
        self.enter()?;
        let r = self.whnf_core_loop(e);
        self.leave();
        let r = r?;
        self.whnf_core_cache.insert(e, r);
        Ok(r)
    }

    fn whnf_core_loop(&mut self, mut e: Expr) -> Result<Expr, KernelError> {
        loop {
            self.tick()?;
            self.check_depth(e)?;
            match self.store.node(e).clone() {
                Node::Let(_, _, v, b) => e = self.store.instantiate1(b, v),
                Node::App(..) => {
                    let (f, args) = self.store.unfold_apps(e);
                    let f2 = self.whnf_core(f)?;
                    if let Node::Lam(..) = self.store.node(f2) {
                        e = self.beta(f2, &args);
                    } else if f2 != f {
                        e = self.store.apps(f2, &args);
                    } else if let Some(r) = self.reduce_recursor(f, &args)? {
                        e = r;
                    } else {
                        return Ok(e);
                    }
                }
                Node::Proj(_, i, x) => match self.reduce_proj(i, x)? {
                    Some(r) => e = r,
                    None => return Ok(e),
                },
                _ => return Ok(e),
            }
        }
    }

    /// Applies a λ to arguments, consuming as many binders as possible.
    pub fn beta(&mut self, mut f: Expr, args: &[Expr]) -> Expr {
        let mut used = 0;
        while used < args.len() {
            match *self.store.node(f) {
                Node::Lam(_, _, _, b) => {
                    f = b;
                    used += 1;
                }
                _ => break,
            }
        }
        let body = self.store.instantiate_rev(f, &args[..used]);
        self.store.apps(body, &args[used..])
    }

    fn reduce_proj(&mut self, i: u32, x: Expr) -> Result<Option<Expr>, KernelError> {
        let x = self.whnf(x)?;
        let x = match self.store.node(x) {
            Node::Lit(Literal::Str(_)) => self.string_to_ctor(x).unwrap_or(x),
            _ => x,
        };
        let (head, args) = self.store.unfold_apps(x);
        if let Node::Const(n, _) = self.store.node(head) {
            if let Some(ConstantKind::Constructor(c)) = self.table.consts.get(n).map(|c| &c.kind) {
                let k = c.num_params as usize + i as usize;
                return Ok(args.get(k).copied());
            }
        }
        Ok(None)
    }

    /// Weak-head normal form, unfolding definitions and computing on Nat literals.
    pub fn whnf(&mut self, e: Expr) -> Result<Expr, KernelError> {
        match self.store.node(e) {
            Node::Sort(_) | Node::Pi(..) | Node::Lam(..) | Node::Lit(_) | Node::BVar(_) => {
                return Ok(e)
            }
            _ => {}
        }
        if let Some(&r) = self.whnf_cache.get(&e) {
            return Ok(r);
        }
        self.enter()?;
        let r = self.whnf_loop(e);
        self.leave();
        let r = r?;
        self.whnf_cache.insert(e, r);
        Ok(r)
    }

    fn whnf_loop(&mut self, mut e: Expr) -> Result<Expr, KernelError> {
        loop {
            e = self.whnf_core(e)?;
            if let Some(r) = self.reduce_nat(e)? {
                return Ok(r);
            }
            match self.unfold_definition(e) {
                Some(u) => {
                    self.tick()?;
                    e = u;
                }
                None => return Ok(e),
            }
        }
    }

    /// The definitional height of the head constant of `e`, if it unfolds.
    pub(crate) fn unfold_height(&self, e: Expr) -> Option<u32> {
        let (n, _) = self.store.head_const(e)?;
        match &self.table.consts.get(n)?.kind {
            ConstantKind::Definition { height, .. } => Some(*height),
            _ => None,
        }
    }

    /// Unfolds the head definition of `e` once (δ), if any.
    pub fn unfold_definition(&mut self, e: Expr) -> Option<Expr> {
        let (head, args) = self.store.unfold_apps(e);
        let Node::Const(n, ls) = self.store.node(head).clone() else {
            return None;
        };
        let info = self.table.consts.get(&n)?;
        let ConstantKind::Definition { value, .. } = &info.kind else {
            return None;
        };
        if info.lparams.len() != ls.len() {
            return None;
        }
        let (value, lparams) = (*value, info.lparams.clone());
        let v = self.instantiate_lparams(value, &lparams, &ls);
        Some(self.store.apps(v, &args))
    }

    fn reduce_recursor(&mut self, f: Expr, args: &[Expr]) -> Result<Option<Expr>, KernelError> {
        let Node::Const(n, ls) = self.store.node(f).clone() else {
            return Ok(None);
        };
        let Some(info) = self.table.consts.get(&n) else {
            return Ok(None);
        };
        let ConstantKind::Recursor(rec) = &info.kind else {
            return Ok(None);
        };
        let major_idx = rec.major_idx();
        let Some(&major) = args.get(major_idx) else {
            return Ok(None);
        };
        let mut major = major;
        if rec.k {
            major = self.major_for_k(rec, major)?;
        }
        major = self.whnf(major)?;
        match self.store.node(major) {
            Node::Lit(Literal::Nat(v)) => {
                let v = v.clone();
                major = self.nat_lit_to_ctor(&v);
            }
            Node::Lit(Literal::Str(_)) => {
                major = self.string_to_ctor(major).unwrap_or(major);
            }
            _ => major = self.major_by_struct_eta(&rec.induct, major)?,
        }
        let (mhead, margs) = self.store.unfold_apps(major);
        let Node::Const(cname, _) = self.store.node(mhead) else {
            return Ok(None);
        };
        let Some(rule) = rec.rules.iter().find(|r| &r.ctor == cname) else {
            return Ok(None);
        };
        let nfields = rule.num_fields as usize;
        if margs.len() < nfields {
            return Ok(None);
        }
        let (rule_rhs, lparams) = (rule.rhs, info.lparams.clone());
        let rhs = self.instantiate_lparams(rule_rhs, &lparams, &ls);
        let pmm = (rec.num_params + rec.num_motives + rec.num_minors) as usize;
        let mut r = self.store.apps(rhs, &args[..pmm]);
        r = self.store.apps(r, &margs[margs.len() - nfields..]);
        r = self.store.apps(r, &args[major_idx + 1..]);
        Ok(Some(r))
    }

    /// For K-like recursors, replaces the major premise by the constructor its type forces.
    fn major_for_k(&mut self, rec: &RecursorInfo, major: Expr) -> Result<Expr, KernelError> {
        let mt = self.infer(major, true)?;
        let mt = self.whnf(mt)?;
        let (head, args) = self.store.unfold_apps(mt);
        let Node::Const(n, ls) = self.store.node(head).clone() else {
            return Ok(major);
        };
        if n != rec.induct {
            return Ok(major);
        }
        let Some(ConstantKind::Inductive(ind)) = self.table.consts.get(&n).map(|c| &c.kind) else {
            return Ok(major);
        };
        let Some(cn) = ind.ctors.first() else {
            return Ok(major);
        };
        let np = ind.num_params as usize;
        if args.len() < np {
            return Ok(major);
        }
        let c = self.store.cnst(cn.clone(), ls);
        let candidate = self.store.apps(c, &args[..np]);
        let ct = self.infer(candidate, true)?;
        if self.is_def_eq(mt, ct)? {
            Ok(candidate)
        } else {
            Ok(major)
        }
    }

    /// η for structures: a value `x` of a structure type becomes `S.mk params x.1 … x.n`.
    fn major_by_struct_eta(
        &mut self,
        induct: &crate::Name,
        major: Expr,
    ) -> Result<Expr, KernelError> {
        let Some(ConstantKind::Inductive(ind)) = self.table.consts.get(induct).map(|c| &c.kind)
        else {
            return Ok(major);
        };
        if ind.ctors.len() != 1 || ind.num_indices != 0 || ind.is_rec {
            return Ok(major);
        }
        let (h, _) = self.store.unfold_apps(major);
        if matches!(self.store.node(h), Node::Const(c, _) if c == &ind.ctors[0]) {
            return Ok(major);
        }
        let mt = self.infer(major, true)?;
        let mt = self.whnf(mt)?;
        let (head, args) = self.store.unfold_apps(mt);
        let Node::Const(n, ls) = self.store.node(head).clone() else {
            return Ok(major);
        };
        if &n != induct || self.is_prop(mt)? {
            return Ok(major);
        }
        let Some(ConstantKind::Constructor(c)) =
            self.table.consts.get(&ind.ctors[0]).map(|c| &c.kind)
        else {
            return Ok(major);
        };
        let nf = c.num_fields;
        let ctor = self.store.cnst(ind.ctors[0].clone(), ls);
        let mut r = self.store.apps(ctor, &args);
        for i in 0..nf {
            let p = self.store.proj(induct.clone(), i, major);
            r = self.store.app(r, p);
        }
        Ok(r)
    }

    /// `0` becomes `Nat.zero`, `n+1` becomes `Nat.succ n`.
    pub fn nat_lit_to_ctor(&mut self, v: &BigUint) -> Expr {
        if *v == BigUint::ZERO {
            self.store.cnst("Nat.zero", vec![])
        } else {
            let s = self.store.cnst("Nat.succ", vec![]);
            let p = self.store.nat(v - 1u32);
            self.store.app(s, p)
        }
    }

    /// Expands a string literal to `String.mk [Char.ofNat c₁, …]` if the built-ins exist.
    pub fn string_to_ctor(&mut self, e: Expr) -> Option<Expr> {
        let Node::Lit(Literal::Str(s)) = self.store.node(e).clone() else {
            return None;
        };
        if !self.table.builtins.string {
            return None;
        }
        let char_ty = self.store.cnst("Char", vec![]);
        let lz = crate::Level::zero();
        let nil = self.store.cnst("List.nil", vec![lz.clone()]);
        let mut list = self.store.app(nil, char_ty);
        let cons = self.store.cnst("List.cons", vec![lz]);
        let of_nat = self.store.cnst("Char.ofNat", vec![]);
        for c in s.chars().rev() {
            let code = self.store.nat(u32::from(c));
            let ch = self.store.app(of_nat, code);
            list = self.store.apps(cons, &[char_ty, ch, list]);
        }
        let mk = self.store.cnst("String.mk", vec![]);
        Some(self.store.app(mk, list))
    }

    /// The value of `e` as a Nat literal (`Nat.zero` counts as `0`).
    pub(crate) fn as_nat_lit(&self, e: Expr) -> Option<BigUint> {
        match self.store.node(e) {
            Node::Lit(Literal::Nat(v)) => Some(v.clone()),
            Node::Const(n, _) if n.as_str() == "Nat.zero" && self.table.builtins.nat => {
                Some(BigUint::ZERO)
            }
            _ => None,
        }
    }

    /// Computes accelerated Nat functions on literal arguments.
    fn reduce_nat(&mut self, e: Expr) -> Result<Option<Expr>, KernelError> {
        if !self.table.builtins.nat {
            return Ok(None);
        }
        let (head, args) = self.store.unfold_apps(e);
        let Node::Const(n, _) = self.store.node(head).clone() else {
            return Ok(None);
        };
        if args.len() == 1 && n.as_str() == "Nat.succ" {
            let a = self.whnf(args[0])?;
            return Ok(self.as_nat_lit(a).map(|v| self.store.nat(v + 1u32)));
        }
        if args.len() != 2 || !self.table.builtins.nat_ops.contains(&n) {
            return Ok(None);
        }
        let a = self.whnf(args[0])?;
        let Some(x) = self.as_nat_lit(a) else {
            return Ok(None);
        };
        let b = self.whnf(args[1])?;
        let Some(y) = self.as_nat_lit(b) else {
            return Ok(None);
        };
        let Some(r) = crate::builtins::compute(n.as_str(), &x, &y) else {
            return Ok(None);
        };
        Ok(Some(match r {
            crate::builtins::NatResult::Nat(v) => self.store.nat(v),
            crate::builtins::NatResult::Bool(b) => {
                let c = if b { "Bool.true" } else { "Bool.false" };
                self.store.cnst(c, vec![])
            }
        }))
    }
}
