//! `calc` chains (as a term and as a tactic): each step `_ R c := proof` continues from
//! the previous right-hand side; steps are combined with `Eq.trans`, or by rewriting
//! the other relation along an equation (`a = b`, `b R c` give `a R c`).

use cedrus_kernel::{Expr, Name, Node};

use crate::elab::ctx::Ctx;
use crate::elab::{AppArg, ElabError, Result};
use crate::syntax::{CalcStep, Span};

/// A relation `R … a b`: its head with the arguments before the two sides, and the
/// sides.
struct Rel {
    ty: Expr,
    prefix: Expr,
    lhs: Expr,
    rhs: Expr,
    is_eq: bool,
}

fn relation(ctx: &mut Ctx<'_>, ty: Expr, span: Span) -> Result<Rel> {
    let ty = ctx.instantiate(ty);
    let (h, args) = ctx.tc.store.unfold_apps(ty);
    let n = args.len();
    if n < 2 {
        let t = super::display::pp(ctx, ty);
        return Err(ElabError::invalid(
            span,
            format!("`calc` step is not a relation: `{t}`"),
        ));
    }
    let prefix = ctx.tc.store.apps(h, &args[..n - 2]);
    let is_eq = matches!(ctx.tc.store.node(h), Node::Const(c, _) if c.as_str() == "Eq");
    Ok(Rel {
        ty,
        prefix,
        lhs: args[n - 2],
        rhs: args[n - 1],
        is_eq,
    })
}

/// Elaborates a `calc` chain, checking it against `expected` when given.
pub fn elab_calc(
    ctx: &mut Ctx<'_>,
    steps: &[CalcStep],
    expected: Option<Expr>,
    span: Span,
) -> Result<Expr> {
    let mut acc: Option<(Rel, Expr)> = None;
    for step in steps {
        let ty = ctx.elab_type(&step.term)?;
        let rel = relation(ctx, ty, step.term.span)?;
        if let Some((prev, _)) = &acc {
            if !ctx.unify(rel.lhs, prev.rhs)? {
                let (a, b) = (
                    super::display::pp(ctx, rel.lhs),
                    super::display::pp(ctx, prev.rhs),
                );
                return Err(ElabError::invalid(
                    step.term.span,
                    format!("`calc` step starts with `{a}` but the previous step ends with `{b}`"),
                ));
            }
        }
        let Some(proof_term) = &step.proof else {
            return Err(ElabError::invalid(
                step.term.span,
                "`calc` step needs `:= proof`",
            ));
        };
        let proof = ctx.elab_check(proof_term, rel.ty)?;
        acc = Some(match acc {
            None => (rel, proof),
            Some((prev, p1)) => combine(ctx, prev, p1, rel, proof, step.term.span)?,
        });
    }
    let Some((rel, proof)) = acc else {
        return Err(ElabError::invalid(span, "empty `calc`"));
    };
    if let Some(exp) = expected {
        if !ctx.unify(rel.ty, exp)? {
            let (a, b) = (
                super::display::pp(ctx, rel.ty),
                super::display::pp(ctx, exp),
            );
            return Err(ElabError::invalid(
                span,
                format!("`calc` proves\n  {a}\nbut the goal is\n  {b}"),
            ));
        }
    }
    Ok(proof)
}

/// `a R b` and `b S c` into `a T c`.
fn combine(
    ctx: &mut Ctx<'_>,
    r1: Rel,
    p1: Expr,
    r2: Rel,
    p2: Expr,
    span: Span,
) -> Result<(Rel, Expr)> {
    let a = ctx.instantiate(r1.lhs);
    let c = ctx.instantiate(r2.rhs);
    // The chain's relation `a R c` for the relation `prefix` (`R` applied to its implicit
    // arguments).
    let joined = |ctx: &mut Ctx<'_>, prefix: Expr, is_eq: bool| Rel {
        ty: ctx.tc.store.apps(prefix, &[a, c]),
        prefix,
        lhs: a,
        rhs: c,
        is_eq,
    };
    if r1.is_eq && r2.is_eq {
        let f = ctx.named_const("Eq.trans", span)?;
        let v = ctx.apply(
            f,
            vec![AppArg::elab(p1, span), AppArg::elab(p2, span)],
            None,
            false,
            span,
        )?;
        return Ok((joined(ctx, r1.prefix, true), v));
    }
    if r1.is_eq {
        // a = b, b S c: rewrite `b` to `a` in `b S c`.
        let v = transport(ctx, p1, r2.prefix, c, true, p2, span)?;
        return Ok((joined(ctx, r2.prefix, false), v));
    }
    if r2.is_eq {
        // a R b, b = c: rewrite `b` to `c` in `a R b`.
        let v = transport(ctx, p2, r1.prefix, a, false, p1, span)?;
        return Ok((joined(ctx, r1.prefix, false), v));
    }
    // Two order relations: the transitivity lemma of the carrier type (`Nat.le_trans`,
    // `Nat.lt_of_le_of_lt`, … as Lean names them).
    let rel_name = |ctx: &Ctx<'_>, r: &Rel| {
        let (h, args) = ctx.tc.store.unfold_apps(r.prefix);
        let rel = match ctx.tc.store.node(h) {
            Node::Const(n, _) => n.as_str().to_string(),
            _ => String::new(),
        };
        let carrier = args.first().and_then(|t| {
            ctx.tc
                .store
                .head_const(*t)
                .map(|(n, _)| n.as_str().to_string())
        });
        (rel, carrier)
    };
    let (n1, c1) = rel_name(ctx, &r1);
    let (n2, c2) = rel_name(ctx, &r2);
    let lemma = match (n1.as_str(), n2.as_str()) {
        ("LE.le", "LE.le") => Some(("le_trans", r1.prefix)),
        ("LE.le", "LT.lt") => Some(("lt_of_le_of_lt", r2.prefix)),
        ("LT.lt", "LE.le") => Some(("lt_of_lt_of_le", r1.prefix)),
        ("LT.lt", "LT.lt") => Some(("lt_trans", r1.prefix)),
        _ => None,
    };
    if let (Some((lemma, prefix)), Some(carrier), true) = (lemma, c1.clone(), c1 == c2) {
        let full = format!("{carrier}.{lemma}");
        if ctx.has_const(&full) {
            let f = ctx.named_const(&full, span)?;
            let v = ctx.apply(
                f,
                vec![AppArg::elab(p1, span), AppArg::elab(p2, span)],
                None,
                false,
                span,
            )?;
            return Ok((joined(ctx, prefix, false), v));
        }
        return Err(ElabError::invalid(
            span,
            format!("`calc` needs `{full}` to chain these relations"),
        ));
    }
    Err(ElabError::unsupported(
        span,
        "`calc` chaining these relations (only `=`, and `≤`/`<` with the carrier's transitivity lemmas)",
    ))
}

/// From `e : x = y` and a proof of `R y k` (`left`) or `R k x` (not `left`), a proof of
/// `R x k` or `R k y`, by `Eq.mpr`/`Eq.mp` along `congrArg`.
fn transport(
    ctx: &mut Ctx<'_>,
    e: Expr,
    prefix: Expr,
    k: Expr,
    left: bool,
    p: Expr,
    span: Span,
) -> Result<Expr> {
    let ety = ctx.infer(e, span)?;
    let ety = ctx.instantiate(ety);
    let (_, eargs) = ctx.tc.store.unfold_apps(ety);
    let [alpha, _, _] = eargs.as_slice() else {
        return Err(ElabError::invalid(span, "`calc`: expected an equation"));
    };
    let alpha = *alpha;
    let v = ctx.tc.fresh_local(Name::new("x"), alpha);
    let body = if left {
        ctx.tc.store.apps(prefix, &[v, k])
    } else {
        ctx.tc.store.apps(prefix, &[k, v])
    };
    let motive = ctx.abstract_locals(true, &[v], body);
    let cong = ctx.named_const("congrArg", span)?;
    let eq_fn = AppArg::elab(motive, span);
    let c = ctx.apply(cong, vec![eq_fn, AppArg::elab(e, span)], None, false, span)?;
    let name = if left { "Eq.mpr" } else { "Eq.mp" };
    let f = ctx.named_const(name, span)?;
    ctx.apply(
        f,
        vec![AppArg::elab(c, span), AppArg::elab(p, span)],
        None,
        false,
        span,
    )
}
