//! Instance resolution: a depth-bounded search over local instances and declared ones,
//! most recent first.

use cedrus_kernel::{BinderInfo, Expr, Name, Node};

use super::ctx::Ctx;
use super::error::{ElabError, ElabErrorKind, Result};
use crate::syntax::Span;

/// Deepest chain of instances tried (an instance needing an instance needing …).
const MAX_INSTANCE_DEPTH: u32 = 16;

impl Ctx<'_> {
    /// Tries to synthesize pending instance arguments. Arguments whose class arguments
    /// (other than `outParam`s) still contain metavariables wait, unless `force`; with
    /// `force`, pending `by` blocks then run (as Lean runs tactics last).
    pub fn synth_pending(&mut self, force: bool) -> Result<()> {
        self.synth_instances(force)?;
        if force && !self.tactic_blocks.is_empty() {
            crate::tactic::run_pending_blocks(self)?;
            self.synth_instances(true)?;
        }
        Ok(())
    }

    fn synth_instances(&mut self, force: bool) -> Result<()> {
        loop {
            let mut progress = false;
            let pending = std::mem::take(&mut self.pending);
            let mut keep = Vec::new();
            for m in pending {
                if !self.is_unassigned(m) {
                    continue;
                }
                let Some(info) = self.mvars.get(&m).cloned() else {
                    continue;
                };
                let ty = self.instantiate(info.ty);
                let ready = self.ready(ty);
                if !ready && !force {
                    keep.push(m);
                    continue;
                }
                match self.synth(ty, 0)? {
                    Some(v) => {
                        self.assign(m, v);
                        progress = true;
                    }
                    None if ready || force => {
                        return Err(ElabError::new(
                            info.span,
                            ElabErrorKind::NoInstance { class: self.pp(ty) },
                        ))
                    }
                    None => keep.push(m),
                }
            }
            self.pending.extend(keep);
            if !progress || self.pending.is_empty() {
                return Ok(());
            }
        }
    }

    /// Whether the non-`outParam` arguments of an instance type are known.
    fn ready(&mut self, ty: Expr) -> bool {
        let (h, args) = self.tc.store.unfold_apps(ty);
        let outs = match self.tc.store.node(h) {
            Node::Const(c, _) => self
                .meta
                .classes
                .get(c)
                .map(|ci| ci.out_params.clone())
                .unwrap_or_default(),
            _ => return false,
        };
        args.iter().enumerate().all(|(i, &a)| {
            outs.get(i).copied().unwrap_or(false) || self.unassigned_in(a).is_empty()
        })
    }

    /// Searches an instance of `ty`.
    pub fn synth(&mut self, ty: Expr, depth: u32) -> Result<Option<Expr>> {
        if depth > MAX_INSTANCE_DEPTH {
            return Ok(None);
        }
        let ty = self.instantiate(ty);
        // An instance of `(x : A) → C x` (e.g. after a local was abstracted away).
        if let Node::Pi(n, bi, d, b) = self.tc.store.node(ty).clone() {
            let n0 = self.locals.len();
            let x = self.push_local(n.as_str(), d, bi);
            let body = self.tc.store.instantiate1(b, x);
            let r = self.synth(body, depth + 1)?;
            let out = r.map(|v| self.abstract_locals(true, &[x], v));
            self.pop_locals(n0);
            return Ok(out);
        }
        let Some(class) = self.type_head(ty, Span::default())? else {
            return Ok(None);
        };
        // Local instances first.
        for l in self.locals.clone().iter().rev() {
            let Some(lt) = self.tc.local_type(l.fvar) else {
                continue;
            };
            let lt = self.instantiate(lt);
            if self.tc.store.head_const(lt).map(|(n, _)| n) == Some(&class) && self.unify(lt, ty)? {
                return Ok(Some(l.fvar));
            }
        }
        let candidates: Vec<Name> = self
            .meta
            .instances
            .iter()
            .rev()
            .filter(|(_, c)| *c == class)
            .map(|(i, _)| i.clone())
            .collect();
        for inst in candidates {
            let snap = self.snapshot();
            if let Some(v) = self.try_instance(&inst, ty, depth)? {
                return Ok(Some(v));
            }
            self.restore(snap);
        }
        Ok(None)
    }

    fn try_instance(&mut self, inst: &Name, ty: Expr, depth: u32) -> Result<Option<Expr>> {
        let mut e = self.mk_const(inst);
        let mut t = self.infer(e, Span::default())?;
        let mut subgoals = Vec::new();
        for _ in 0..256 {
            let w = if matches!(self.tc.store.node(t), Node::Pi(..)) {
                t
            } else {
                self.whnf(t, Span::default())?
            };
            let Node::Pi(n, bi, d, b) = self.tc.store.node(w).clone() else {
                t = w;
                break;
            };
            let origin = format!("argument `{n}` of instance `{inst}`");
            let m = self.new_mvar(d, Span::default(), origin);
            if bi == BinderInfo::InstImplicit {
                subgoals.push(m);
            }
            e = self.store().app(e, m);
            t = self.tc.store.instantiate1(b, m);
        }
        if !self.unify(t, ty)? {
            return Ok(None);
        }
        for g in subgoals {
            if !self.is_unassigned(g) {
                continue;
            }
            let gt = self.mvars.get(&g).map(|m| m.ty);
            let Some(gt) = gt else {
                return Ok(None);
            };
            match self.synth(gt, depth + 1)? {
                Some(v) => {
                    self.assign(g, v);
                }
                None => return Ok(None),
            }
        }
        Ok(Some(self.instantiate(e)))
    }
}
