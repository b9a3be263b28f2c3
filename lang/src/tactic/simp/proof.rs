//! Building the proof terms simp produces: congruence, transitivity and the logic
//! lemmas of `Prelude/Bool.cdr` (namespace `Simp`).

use cedrus_kernel::{Expr, Level, Name, Node};

use crate::elab::ctx::Ctx;
use crate::elab::{ElabError, Result};
use crate::syntax::Span;

/// The constant `name` with its universe parameters given by name (`("u", l)`);
/// parameters not listed get level zero.
pub fn cnst(ctx: &mut Ctx<'_>, name: &str, levels: &[(&str, &Level)], span: Span) -> Result<Expr> {
    let n = Name::new(name);
    let Some(info) = ctx.tc.table.consts.get(&n) else {
        return Err(ElabError::invalid(
            span,
            format!("simp needs `{name}`, which the prelude does not declare"),
        ));
    };
    let ls = info
        .lparams
        .iter()
        .map(|p| {
            levels
                .iter()
                .find(|(k, _)| p.as_str() == *k)
                .map_or(Level::zero(), |(_, l)| (*l).clone())
        })
        .collect();
    Ok(ctx.store().cnst(n, ls))
}

/// `cnst` applied to arguments.
pub fn app(
    ctx: &mut Ctx<'_>,
    name: &str,
    levels: &[(&str, &Level)],
    args: &[Expr],
    span: Span,
) -> Result<Expr> {
    let c = cnst(ctx, name, levels, span)?;
    Ok(ctx.store().apps(c, args))
}

/// The universe level `l` of a type `ty : Sort l`.
pub fn sort_level(ctx: &mut Ctx<'_>, ty: Expr, span: Span) -> Result<Level> {
    let s = ctx.infer(ty, span)?;
    let s = ctx.whnf(s, span)?;
    match ctx.tc.store.node(s) {
        Node::Sort(l) => Ok(ctx.instantiate_level(l)),
        _ => Err(ElabError::invalid(
            span,
            format!("simp: expected a type, got `{}`", ctx.pp(ty)),
        )),
    }
}

/// The type of `e` and its level.
pub fn type_and_level(ctx: &mut Ctx<'_>, e: Expr, span: Span) -> Result<(Expr, Level)> {
    let ty = ctx.infer(e, span)?;
    let ty = ctx.instantiate(ty);
    let l = sort_level(ctx, ty, span)?;
    Ok((ty, l))
}

/// Whether `e` is the constant `name`.
pub fn is_const(ctx: &Ctx<'_>, e: Expr, name: &str) -> bool {
    matches!(ctx.tc.store.node(e), Node::Const(n, _) if n.as_str() == name)
}

/// `True` / `False`.
pub fn prop_const(ctx: &mut Ctx<'_>, name: &str) -> Expr {
    ctx.store().cnst(name, Vec::new())
}

/// `@Eq.trans α a b c h₁ h₂`.
#[allow(clippy::too_many_arguments)]
pub fn trans(
    ctx: &mut Ctx<'_>,
    ty: Expr,
    l: &Level,
    a: Expr,
    b: Expr,
    c: Expr,
    h1: Expr,
    h2: Expr,
    span: Span,
) -> Result<Expr> {
    app(ctx, "Eq.trans", &[("u", l)], &[ty, a, b, c, h1, h2], span)
}

/// `@Eq.symm α a b h`.
pub fn symm(
    ctx: &mut Ctx<'_>,
    ty: Expr,
    l: &Level,
    a: Expr,
    b: Expr,
    h: Expr,
    span: Span,
) -> Result<Expr> {
    app(ctx, "Eq.symm", &[("u", l)], &[ty, a, b, h], span)
}

/// `@Eq.refl α a`.
pub fn refl(ctx: &mut Ctx<'_>, ty: Expr, l: &Level, a: Expr, span: Span) -> Result<Expr> {
    app(ctx, "Eq.refl", &[("u", l)], &[ty, a], span)
}

/// `Prop`, at level 1 (the level of equations between propositions).
pub fn prop_sort(ctx: &mut Ctx<'_>) -> (Expr, Level) {
    (ctx.store().prop(), Level::one())
}
