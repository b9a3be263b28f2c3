//! `rcases`/`obtain` patterns (`⟨a, b⟩`, `a | b`, `rfl`, `-`, `_`) over [`elim`].

use cedrus_kernel::{ConstantKind, Expr, Name};

use super::cases::{cases_target_local, elim};
use super::equality::subst_hyp;
use super::goal;
use crate::elab::ctx::Ctx;
use crate::elab::{ElabError, Result};
use crate::syntax::{CasesTarget, RcasesPat, Span, Term};

/// The name a pattern gives a field directly (`x`, not `_`, `-`, `rfl` or a nested
/// pattern).
fn direct_name(p: &RcasesPat) -> Option<String> {
    match p {
        RcasesPat::Name(n) if n != "_" && n != "-" && n != "rfl" => Some(n.clone()),
        RcasesPat::Tuple(ps) if ps.len() == 1 => direct_name(&ps[0]),
        _ => None,
    }
}

/// The number of fields of each constructor of `h`'s type.
fn ctor_field_counts(ctx: &mut Ctx<'_>, h: Expr, span: Span) -> Result<Vec<usize>> {
    let ty = goal::hyp_type(ctx, h);
    let ty = ctx.whnf(ty, span)?;
    let Some((ind, _)) = ctx.tc.store.head_const(ty) else {
        return Ok(Vec::new());
    };
    let ctors = match ctx.tc.table.consts.get(ind).map(|c| &c.kind) {
        Some(ConstantKind::Inductive(i)) => i.ctors.clone(),
        _ => return Ok(Vec::new()),
    };
    Ok(ctors
        .iter()
        .map(|c| match ctx.tc.table.consts.get(c).map(|i| &i.kind) {
            Some(ConstantKind::Constructor(ci)) => ci.num_fields as usize,
            _ => 0,
        })
        .collect())
}

/// The sub-patterns for each constructor's fields.
fn split_pattern(pat: &RcasesPat, counts: &[usize]) -> Vec<Vec<RcasesPat>> {
    counts
        .iter()
        .enumerate()
        .map(|(k, &nf)| {
            let p = match pat {
                // More alternatives than constructors: the last constructor takes the
                // rest (`a | b | c` on `p ∨ q ∨ r`).
                RcasesPat::Alts(ps) if k + 1 == counts.len() && ps.len() > counts.len() => {
                    RcasesPat::Alts(ps[k..].to_vec())
                }
                RcasesPat::Alts(ps) => ps.get(k).cloned().unwrap_or(RcasesPat::Name("_".into())),
                other => other.clone(),
            };
            let mut subs = match p {
                RcasesPat::Tuple(qs) => qs,
                other => vec![other],
            };
            if nf >= 1 && subs.len() > nf {
                let rest = subs.split_off(nf - 1);
                subs.push(RcasesPat::Tuple(rest));
            }
            subs
        })
        .collect()
}

/// `rcases h with pat` on a hypothesis.
pub fn rcases_hyp(
    ctx: &mut Ctx<'_>,
    g: Expr,
    h: Expr,
    pat: &RcasesPat,
    span: Span,
) -> Result<Vec<Expr>> {
    match pat {
        RcasesPat::Name(n) if n == "_" => Ok(vec![g]),
        RcasesPat::Name(n) if n == "-" => Ok(vec![goal::clear(ctx, g, &[h])]),
        RcasesPat::Name(n) if n == "rfl" => subst_hyp(ctx, g, h, span),
        RcasesPat::Name(n) => Ok(vec![super::structural::rename(ctx, g, h, n, span)?]),
        RcasesPat::Tuple(ps) if ps.len() == 1 => rcases_hyp(ctx, g, h, &ps[0], span),
        RcasesPat::Tuple(_) | RcasesPat::Alts(_) => {
            let counts = ctor_field_counts(ctx, h, span)?;
            let per_ctor = split_pattern(pat, &counts);
            let ctor_names: Vec<Name> = {
                let ty = goal::hyp_type(ctx, h);
                let ty = ctx.whnf(ty, span)?;
                match ctx
                    .tc
                    .store
                    .head_const(ty)
                    .and_then(|(n, _)| ctx.tc.table.consts.get(n))
                {
                    Some(c) => match &c.kind {
                        ConstantKind::Inductive(i) => i.ctors.clone(),
                        _ => Vec::new(),
                    },
                    None => Vec::new(),
                }
            };
            let namer = |c: &Name| {
                let k = ctor_names.iter().position(|x| x == c).unwrap_or(0);
                per_ctor
                    .get(k)
                    .map(|subs| subs.iter().map(direct_name).collect())
                    .unwrap_or_default()
            };
            let cases = elim(ctx, g, h, false, &[], &namer, span)?;
            let mut out = Vec::new();
            for c in cases {
                let k = ctor_names.iter().position(|x| *x == c.ctor).unwrap_or(0);
                let subs = per_ctor.get(k).cloned().unwrap_or_default();
                out.extend(rcases_fields(ctx, c.goal, &c.fields, &subs, span)?);
            }
            Ok(out)
        }
    }
}

/// Applies sub-patterns to the fields of a case, last field first (so earlier
/// hypotheses stay valid while later ones are split).
fn rcases_fields(
    ctx: &mut Ctx<'_>,
    g: Expr,
    fields: &[Expr],
    pats: &[RcasesPat],
    span: Span,
) -> Result<Vec<Expr>> {
    let mut goals = vec![g];
    for (k, &f) in fields.iter().enumerate().rev() {
        let Some(p) = pats.get(k) else { continue };
        if direct_name(p).is_some() {
            continue;
        }
        let mut next = Vec::new();
        for cg in goals {
            if goal::hyps(ctx, cg).contains(&f) {
                next.extend(rcases_hyp(ctx, cg, f, p, span)?);
            } else {
                next.push(cg);
            }
        }
        goals = next;
    }
    Ok(goals)
}

/// `rcases e with pat`.
pub fn rcases(
    ctx: &mut Ctx<'_>,
    g: Expr,
    targets: &[CasesTarget],
    pat: &RcasesPat,
    span: Span,
) -> Result<Vec<Expr>> {
    let [t] = targets else {
        return Err(ElabError::unsupported(span, "`rcases` on several targets"));
    };
    let (g, x) = cases_target_local(ctx, g, t, span)?;
    rcases_hyp(ctx, g, x, pat, span)
}

/// `obtain pat := e`.
pub fn obtain(
    ctx: &mut Ctx<'_>,
    g: Expr,
    pat: &RcasesPat,
    val: Option<&Term>,
    span: Span,
) -> Result<Vec<Expr>> {
    let Some(val) = val else {
        return Err(ElabError::unsupported(span, "`obtain` without `:= value`"));
    };
    let (e, _) = goal::elab_in(ctx, g, val, None)?;
    let ty = ctx.infer(e, span)?;
    let (g, h) = super::structural::add_hyp(ctx, g, "h✝", ty, e)?;
    rcases_hyp(ctx, g, h, pat, span)
}
