//! Rewrite rules and first-order matching.
//!
//! A rule is a proof whose type, after its `∀`s, is `lhs = rhs`, `lhs ↔ rhs`, `¬p`
//! (`p` to `False`), `a ≠ b` (`a = b` to `False`) or another proposition `p` (`p` to
//! `True`). Applying it opens the `∀`s with metavariables, matches `lhs` against the term
//! syntactically (instances and closed subterms up to definitional equality), then
//! fills the remaining arguments: instances by instance search, propositions by
//! simplifying them to `True`.

use cedrus_kernel::{BinderInfo, ConstantKind, Expr, Level, Literal, Name, Node};
use num_bigint::BigUint;

use super::proof;
use super::set::{shape, RuleShape};
use crate::elab::ctx::Ctx;
use crate::elab::Result;
use crate::syntax::Span;

/// A rewrite rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    /// A theorem or axiom by name (its universe parameters are instantiated afresh).
    Const {
        /// The constant.
        name: Name,
        /// Rewrite right to left.
        reverse: bool,
    },
    /// A proof term (a hypothesis, or an elaborated term) and its type.
    Term {
        /// The proof.
        proof: Expr,
        /// Its type.
        ty: Expr,
        /// Rewrite right to left.
        reverse: bool,
    },
}

/// A rule opened with metavariables for its `∀`s.
pub struct Opened {
    /// The proof applied to the metavariables.
    pub proof: Expr,
    /// The metavariables and their binder annotations.
    pub mvars: Vec<(Expr, BinderInfo)>,
    /// The statement's shape.
    pub shape: RuleShape,
    /// The side to match.
    pub lhs: Expr,
    /// The side to rewrite to.
    pub rhs: Expr,
    /// Whether it is used right to left.
    pub reverse: bool,
}

/// Opens `rule`; `None` when it cannot be used in the requested direction.
pub fn open(ctx: &mut Ctx<'_>, rule: &Rule, span: Span) -> Result<Option<Opened>> {
    let (mut pf, mut ty, reverse) = match rule {
        Rule::Const { name, reverse } => {
            let Some(info) = ctx.tc.table.consts.get(name) else {
                return Ok(None);
            };
            let (lps, ty0) = (info.lparams.clone(), info.ty);
            let c = ctx.mk_const(name);
            let ls = match ctx.tc.store.node(c) {
                Node::Const(_, ls) => ls.clone(),
                _ => Vec::new(),
            };
            let ty = ctx.tc.store.instantiate_levels(ty0, &lps, &ls);
            (c, ty, *reverse)
        }
        Rule::Term { proof, ty, reverse } => (*proof, ctx.instantiate(*ty), *reverse),
    };
    let mut mvars = Vec::new();
    while let Node::Pi(_, bi, d, b) = ctx.tc.store.node(ty).clone() {
        let m = ctx.new_mvar(d, span, "an argument of a simp lemma");
        pf = ctx.store().app(pf, m);
        ty = ctx.tc.store.instantiate1(b, m);
        mvars.push((m, bi));
    }
    let sh = shape(ctx.tc.store, ty);
    let (h, args) = ctx.tc.store.unfold_apps(ty);
    let (lhs, rhs) = match sh {
        RuleShape::Eq => (args[1], args[2]),
        RuleShape::Iff => (args[0], args[1]),
        RuleShape::Not => (args[0], proof::prop_const(ctx, "False")),
        RuleShape::Ne => {
            let ls = match ctx.tc.store.node(h) {
                Node::Const(_, ls) => ls.clone(),
                _ => Vec::new(),
            };
            let eq = ctx.store().cnst("Eq", ls);
            let lhs = ctx.store().apps(eq, &args);
            (lhs, proof::prop_const(ctx, "False"))
        }
        RuleShape::Prop => (ty, proof::prop_const(ctx, "True")),
    };
    if reverse && !matches!(sh, RuleShape::Eq | RuleShape::Iff) {
        return Ok(None);
    }
    let (lhs, rhs) = if reverse { (rhs, lhs) } else { (lhs, rhs) };
    // A rule whose left side is a bare variable would rewrite everything.
    let lhs_head = ctx.tc.store.app_fn(lhs);
    if mvars.iter().any(|(m, _)| *m == lhs_head) {
        return Ok(None);
    }
    Ok(Some(Opened {
        proof: pf,
        mvars,
        shape: sh,
        lhs,
        rhs,
        reverse,
    }))
}

/// The head constant of the side `rule` rewrites (`None`: unknown, try it everywhere).
pub fn rule_head(ctx: &mut Ctx<'_>, rule: &Rule) -> Option<Name> {
    let (ty, reverse) = match rule {
        Rule::Const { name, reverse } => (ctx.tc.table.consts.get(name)?.ty, *reverse),
        Rule::Term { ty, reverse, .. } => (ctx.instantiate(*ty), *reverse),
    };
    let s = &ctx.tc.store;
    let mut body = ty;
    while let Node::Pi(_, _, _, b) = s.node(body) {
        body = *b;
    }
    let (_, args) = s.unfold_apps(body);
    let side = match (shape(s, body), reverse) {
        (RuleShape::Eq, false) => args.get(1).copied(),
        (RuleShape::Eq, true) => args.get(2).copied(),
        (RuleShape::Iff, false) | (RuleShape::Not, _) => args.first().copied(),
        (RuleShape::Iff, true) => args.get(1).copied(),
        (RuleShape::Ne, _) => return Some(Name::new("Eq")),
        (RuleShape::Prop, _) => Some(body),
    }?;
    s.head_const(side).map(|(n, _)| n.clone())
}

/// Matches pattern `p` (mentioning the metavariables of an opened rule) against `t`,
/// assigning metavariables. Closed instance subterms are compared up to definitional
/// equality.
pub fn pmatch(ctx: &mut Ctx<'_>, p: Expr, t: Expr, span: Span) -> Result<bool> {
    ctx.enter(span)?;
    let r = pmatch_core(ctx, p, t, span);
    ctx.leave();
    r
}

fn pmatch_core(ctx: &mut Ctx<'_>, p: Expr, t: Expr, span: Span) -> Result<bool> {
    if p == t {
        return Ok(true);
    }
    if ctx.is_mvar(p) {
        if ctx.is_unassigned(p) {
            if ctx.tc.store.loose_range(t) > 0 {
                return Ok(false);
            }
            let pty = ctx.mvars.get(&p).map(|i| i.ty);
            ctx.assign(p, t);
            if let Some(pty) = pty {
                if !ctx.unassigned_in(pty).is_empty() || !ctx.level_mvars_in(pty).is_empty() {
                    let tty = ctx.infer(t, span)?;
                    if !ctx.unify(pty, tty)? {
                        return Ok(false);
                    }
                }
            }
            return Ok(true);
        }
        let v = ctx.instantiate(p);
        return pmatch(ctx, v, t, span);
    }
    if let Some(r) = match_nat_succ(ctx, p, t, span)? {
        return Ok(r);
    }
    let np = ctx.tc.store.node(p).clone();
    let nt = ctx.tc.store.node(t).clone();
    match (&np, &nt) {
        (Node::App(..), Node::App(..)) => {
            let (hp, ap) = ctx.tc.store.unfold_apps(p);
            let (ht, at) = ctx.tc.store.unfold_apps(t);
            let snap = ctx.snapshot();
            if ap.len() == at.len() && pmatch(ctx, hp, ht, span)? {
                let mut ok = true;
                for (&x, &y) in ap.iter().zip(&at) {
                    if !pmatch(ctx, x, y, span)? {
                        ok = false;
                        break;
                    }
                }
                if ok {
                    return Ok(true);
                }
            }
            ctx.restore(snap);
            defeq_fallback(ctx, p, t)
        }
        (Node::Const(n1, l1), Node::Const(n2, l2)) => {
            if n1 != n2 || l1.len() != l2.len() {
                return Ok(false);
            }
            Ok(l1.iter().zip(l2).all(|(a, b)| ctx.unify_level(a, b)))
        }
        (Node::Sort(a), Node::Sort(b)) => Ok(ctx.unify_level(a, b)),
        (Node::Lam(_, _, d1, b1), Node::Lam(_, _, d2, b2))
        | (Node::Pi(_, _, d1, b1), Node::Pi(_, _, d2, b2)) => {
            Ok(pmatch(ctx, *d1, *d2, span)? && pmatch(ctx, *b1, *b2, span)?)
        }
        _ => defeq_fallback(ctx, p, t),
    }
}

/// `Nat.succ x` (as equation lemmas of definitions by patterns `n + 1` state them)
/// against `t + 1` or a nonzero literal; `Nat.zero` against `0`.
fn match_nat_succ(ctx: &mut Ctx<'_>, p: Expr, t: Expr, span: Span) -> Result<Option<bool>> {
    let (hp, ap) = ctx.tc.store.unfold_apps(p);
    let p_succ = matches!(ctx.tc.store.node(hp), Node::Const(n, _) if n.as_str() == "Nat.succ")
        && ap.len() == 1;
    if !p_succ {
        let p_zero = matches!(ctx.tc.store.node(p), Node::Const(n, _) if n.as_str() == "Nat.zero");
        let t_zero =
            matches!(ctx.tc.store.node(t), Node::Lit(Literal::Nat(v)) if *v == BigUint::from(0u32));
        return Ok((p_zero && t_zero).then_some(true));
    }
    if let Node::Lit(Literal::Nat(v)) = ctx.tc.store.node(t).clone() {
        if v == BigUint::from(0u32) {
            return Ok(Some(false));
        }
        let pred = ctx.store().nat(v - 1u32);
        return Ok(Some(pmatch(ctx, ap[0], pred, span)?));
    }
    let (ht, at) = ctx.tc.store.unfold_apps(t);
    let t_add = matches!(ctx.tc.store.node(ht), Node::Const(n, _) if n.as_str() == "HAdd.hAdd")
        && at.len() == 6
        && matches!(ctx.tc.store.node(at[5]), Node::Lit(Literal::Nat(v)) if *v == BigUint::from(1u32))
        && matches!(ctx.tc.store.node(at[0]), Node::Const(n, _) if n.as_str() == "Nat");
    if t_add {
        return Ok(Some(pmatch(ctx, ap[0], at[4], span)?));
    }
    Ok(None)
}

/// Closed instances may be written differently in a lemma and in a goal: they are
/// compared by the kernel's conversion check.
fn defeq_fallback(ctx: &mut Ctx<'_>, p: Expr, t: Expr) -> Result<bool> {
    let p = ctx.instantiate(p);
    if !ctx.unassigned_in(p).is_empty()
        || ctx.tc.store.loose_range(p) > 0
        || ctx.tc.store.loose_range(t) > 0
    {
        return Ok(false);
    }
    if !(is_instance(ctx, p) || is_instance(ctx, t)) {
        return Ok(false);
    }
    Ok(ctx.tc.is_def_eq(p, t).unwrap_or(false))
}

/// Whether `e` is an application of a declared instance.
fn is_instance(ctx: &Ctx<'_>, e: Expr) -> bool {
    let Some((n, _)) = ctx.tc.store.head_const(e) else {
        return false;
    };
    ctx.meta.instances.iter().any(|(i, _)| i == n)
}

/// Whether the left side and right side of an opened rule have the same shape up to
/// its metavariables (commutativity-like rules, applied only when they make the term
/// smaller in a fixed order, so that they cannot loop).
pub fn is_permutation(ctx: &Ctx<'_>, o: &Opened) -> bool {
    fn same(ctx: &Ctx<'_>, a: Expr, b: Expr, depth: u32) -> bool {
        if a == b {
            return true;
        }
        if depth > 64 {
            return false;
        }
        if ctx.is_mvar(a) && ctx.is_mvar(b) {
            return true;
        }
        let s = &ctx.tc.store;
        match (s.node(a), s.node(b)) {
            (Node::App(f1, x1), Node::App(f2, x2)) => {
                same(ctx, *f1, *f2, depth + 1) && same(ctx, *x1, *x2, depth + 1)
            }
            _ => false,
        }
    }
    !ctx.is_mvar(o.lhs) && same(ctx, o.lhs, o.rhs, 0)
}

/// Whether `n` names a kernel recursor.
pub fn is_recursor(ctx: &Ctx<'_>, n: &Name) -> bool {
    matches!(
        ctx.tc.table.consts.get(n).map(|c| &c.kind),
        Some(ConstantKind::Recursor(_))
    )
}

/// Levels of a constant term.
pub fn const_levels(ctx: &Ctx<'_>, e: Expr) -> Vec<Level> {
    match ctx.tc.store.node(e) {
        Node::Const(_, ls) => ls.clone(),
        _ => Vec::new(),
    }
}
