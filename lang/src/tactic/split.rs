//! `split`: case analysis on the first `if … then … else …` or `match` of the target,
//! with the `if` or `match` reduced in each case.

use cedrus_kernel::{Expr, Node};

use super::goal::{self, target};
use super::rewrite::closed_subterms;
use super::Goals;
use crate::elab::ctx::Ctx;
use crate::elab::{ElabError, Result};
use crate::syntax::Span;

/// `split`: case analysis on the first `if … then … else …` or `match` (a recursor
/// application, as `match` elaborates) of the target; in each case the `if` or `match`
/// is reduced.
pub fn split(ctx: &mut Ctx<'_>, g: Expr, span: Span) -> Result<Goals> {
    let t = target(ctx, g);
    let mut found = None;
    for x in closed_subterms(ctx.tc.store, t) {
        let (h, args) = ctx.tc.store.unfold_apps(x);
        let Node::Const(n, _) = ctx.tc.store.node(h) else {
            continue;
        };
        if (n.as_str() == "ite" || n.as_str() == "dite") && args.len() == 5 {
            found = Some(Split::If(args[2]));
            break;
        }
        if let Some(cedrus_kernel::ConstantKind::Recursor(r)) =
            ctx.tc.table.consts.get(n).map(|c| &c.kind)
        {
            if let Some(&major) = args.get(r.major_idx()) {
                if r.num_indices == 0 {
                    found = Some(Split::Match(major));
                    break;
                }
            }
        }
    }
    match found {
        Some(Split::If(inst)) => split_if(ctx, g, inst, span),
        Some(Split::Match(major)) => split_match(ctx, g, major, span),
        None => Err(ElabError::invalid(
            span,
            "`split` found no `if … then … else` or `match` in the goal",
        )),
    }
}

/// What `split` splits on.
enum Split {
    /// An `if` with this `Decidable` instance.
    If(Expr),
    /// A `match` on this discriminant.
    Match(Expr),
}

/// `split` on a `match`: cases on the discriminant, then the `match` is reduced.
fn split_match(ctx: &mut Ctx<'_>, g: Expr, major: Expr, span: Span) -> Result<Goals> {
    let (g, x) = if goal::hyps(ctx, g).contains(&major) {
        (g, major)
    } else {
        super::structural::generalize_term(ctx, g, major, "x✝", span)?
    };
    let cases = super::cases::elim(ctx, g, x, false, &[], &|_| Vec::new(), span)?;
    let mut out = Vec::new();
    for cg in cases {
        let t = target(ctx, cg.goal);
        let n = reduce_iota(ctx, t, span)?;
        let ng = if n != t {
            goal::change_target(ctx, cg.goal, n)
        } else {
            cg.goal
        };
        out.push((ng, Some(cg.ctor.last().to_string())));
    }
    Ok(out)
}

/// Reduces the recursor applications of `e` whose major premise is a constructor.
fn reduce_iota(ctx: &mut Ctx<'_>, e: Expr, span: Span) -> Result<Expr> {
    let mut todo = Vec::new();
    for x in closed_subterms(ctx.tc.store, e) {
        let (h, args) = ctx.tc.store.unfold_apps(x);
        let Node::Const(n, _) = ctx.tc.store.node(h) else {
            continue;
        };
        if let Some(cedrus_kernel::ConstantKind::Recursor(r)) =
            ctx.tc.table.consts.get(n).map(|c| &c.kind)
        {
            if let Some(&major) = args.get(r.major_idx()) {
                let mh = ctx.tc.store.unfold_apps(major).0;
                let is_ctor = matches!(ctx.tc.store.node(mh), Node::Const(c, _)
                    if matches!(ctx.tc.table.consts.get(c).map(|i| &i.kind), Some(cedrus_kernel::ConstantKind::Constructor(_))))
                    || matches!(ctx.tc.store.node(major), Node::Lit(_));
                if is_ctor {
                    todo.push(x);
                }
            }
        }
    }
    let mut cur = e;
    for x in todo {
        let v = ctx
            .tc
            .whnf_core(x)
            .map_err(|k| ElabError::kernel(span, k))?;
        let v = goal::beta_all(ctx.tc.store, v);
        cur = ctx
            .tc
            .store
            .rewrite(cur, &mut |_, y, _| if y == x { Some(v) } else { None });
    }
    Ok(goal::beta_all(ctx.tc.store, cur))
}

/// `split` on an `if`: cases on its `Decidable` instance.
fn split_if(ctx: &mut Ctx<'_>, g: Expr, inst: Expr, span: Span) -> Result<Goals> {
    // `cases inst`, with the instance generalized first.
    let (g2, x) = super::structural::generalize_term(ctx, g, inst, "h✝", span)?;
    let cases = super::cases::elim(
        ctx,
        g2,
        x,
        false,
        &[],
        &|_| vec![Some("h✝".to_string())],
        span,
    )?;
    let mut out = Vec::new();
    // The `then` branch first, as Lean orders them.
    let mut cases = cases;
    cases.reverse();
    for cg in cases {
        let t = target(ctx, cg.goal);
        let w = {
            let s = &mut *ctx.tc.store;
            goal::beta_all(s, t)
        };
        let ng = match simplify_ite(ctx, w, span) {
            Ok(n) if n != t => goal::change_target(ctx, cg.goal, n),
            _ => cg.goal,
        };
        let tag = if cg.ctor.last() == "isTrue" {
            "isTrue"
        } else {
            "isFalse"
        };
        out.push((ng, Some(tag.to_string())));
    }
    Ok(out)
}

/// Reduces `ite`/`dite` applications whose instance is a constructor.
fn simplify_ite(ctx: &mut Ctx<'_>, e: Expr, span: Span) -> Result<Expr> {
    let mut err = None;
    let r = {
        let tc = &mut ctx.tc;
        let mut todo = Vec::new();
        tc.store.any_subterm(e, &mut |s, x| {
            let (h, args) = s.unfold_apps(x);
            if let Node::Const(n, _) = s.node(h) {
                if (n.as_str() == "ite" || n.as_str() == "dite") && args.len() == 5 && s.loose_range(x) == 0 {
                    let ih = s.unfold_apps(args[2]).0;
                    if matches!(s.node(ih), Node::Const(c, _) if c.as_str().starts_with("Decidable.is")) {
                        todo.push(x);
                    }
                }
            }
            false
        });
        let mut cur = e;
        for x in todo {
            match tc.whnf(x) {
                Ok(v) => {
                    cur = tc
                        .store
                        .rewrite(cur, &mut |_, y, _| if y == x { Some(v) } else { None });
                }
                Err(k) => err = Some(ElabError::kernel(span, k)),
            }
        }
        cur
    };
    match err {
        Some(e) => Err(e),
        None => Ok(r),
    }
}
