//! Equations between constructor applications, as Lean's `simp` treats them through
//! the `reduceCtorEq` simproc and the `injEq` lemma of every constructor:
//!
//! - `C a = D b` with different constructors is `False`;
//! - `C a₁ … aₙ = C b₁ … bₙ` is `a₁ = b₁ ∧ … ∧ aₙ = bₙ` (proof fields left out).
//!
//! Both sides must be constructor applications as they stand (Nat literals and `n + k`
//! count as `Nat.succ …`): nothing is unfolded to find a constructor. The proofs are
//! built here, not looked up: `Simp.eq_false` over the no-confusion proof of
//! [`equality::false_from`], and `propext` over an `Iff` whose directions are field
//! projections (`congrArg`) and congruence (`Simp.congr`).

use cedrus_kernel::{ConstantKind, Expr, Level, Name, Node};

use super::engine::Step;
use super::proof::{self, app, sort_level};
use crate::elab::ctx::Ctx;
use crate::elab::Result;
use crate::syntax::Span;
use crate::tactic::equality;

/// The constants the proofs are built from; without them (early in the prelude) the
/// step does nothing.
const NEEDED: &[&str] = &[
    "propext",
    "Iff.intro",
    "And",
    "And.intro",
    "And.left",
    "And.right",
    "congrArg",
    "Eq.refl",
    "Simp.congr",
    "Simp.eq_false",
];

/// One field equation of an injectivity step.
struct Field {
    /// The field's type.
    ty: Expr,
    /// Its universe level.
    level: Level,
    /// The equation `aᵢ = bᵢ`.
    eq: Expr,
    /// `fun z => field i of z` through the recursor.
    projection: Expr,
}

/// Rewrites the equation `e` when both of its sides are constructor applications.
pub fn ctor_eq(ctx: &mut Ctx<'_>, e: Expr, span: Span) -> Result<Option<Step>> {
    let (f, args) = ctx.tc.store.unfold_apps(e);
    let eq_levels = match ctx.tc.store.node(f) {
        Node::Const(n, ls) if n.as_str() == "Eq" && args.len() == 3 => ls.clone(),
        _ => return Ok(None),
    };
    let is_lit = |ctx: &Ctx<'_>, x: Expr| matches!(ctx.tc.store.node(x), Node::Lit(_));
    // Closed literal comparisons are decided more cheaply.
    if is_lit(ctx, args[1]) && is_lit(ctx, args[2]) {
        return Ok(None);
    }
    let (Some(a), Some(b)) = (
        equality::ctor_view_syntactic(ctx, args[1]),
        equality::ctor_view_syntactic(ctx, args[2]),
    ) else {
        return Ok(None);
    };
    if NEEDED
        .iter()
        .any(|n| !ctx.tc.table.consts.contains_key(&Name::new(n)))
    {
        return Ok(None);
    }
    let (Some((ca, ind, _)), Some((cb, _, _))) =
        (equality::ctor_of(ctx, a), equality::ctor_of(ctx, b))
    else {
        return Ok(None);
    };
    if ca != cb {
        return distinct(ctx, e, span);
    }
    injective(ctx, e, &eq_levels, &ind, (a, b), span)
}

/// `C a = D b` is `False`: `Simp.eq_false (fun h => no-confusion h)`.
fn distinct(ctx: &mut Ctx<'_>, e: Expr, span: Span) -> Result<Option<Step>> {
    let h = ctx.tc.fresh_local(Name::new("h"), e);
    let Some(absurd) = equality::false_from(ctx, h, e, span)? else {
        return Ok(None);
    };
    let refutation = ctx.abstract_locals(true, &[h], absurd);
    let pf = app(ctx, "Simp.eq_false", &[], &[e, refutation], span)?;
    Ok(Some(Step {
        expr: proof::prop_const(ctx, "False"),
        proof: Some(pf),
    }))
}

/// `C a₁ … aₙ = C b₁ … bₙ` is the conjunction of the field equations (`a`, `b`: the
/// two sides as constructor applications). `None` for an inductive family, for fields
/// whose types depend on earlier fields, and for constructors without data fields.
fn injective(
    ctx: &mut Ctx<'_>,
    e: Expr,
    eq_levels: &[Level],
    ind: &Name,
    (a, b): (Expr, Expr),
    span: Span,
) -> Result<Option<Step>> {
    let num_params = match ctx.tc.table.consts.get(ind).map(|c| &c.kind) {
        Some(ConstantKind::Inductive(i)) if i.num_indices == 0 => i.num_params as usize,
        _ => return Ok(None),
    };
    let (_, args) = ctx.tc.store.unfold_apps(e);
    let (ty, lhs, rhs) = (args[0], args[1], args[2]);
    let (ctor, fa) = ctx.tc.store.unfold_apps(a);
    let (_, fb) = ctx.tc.store.unfold_apps(b);
    if fa.len() != fb.len() || fa.len() <= num_params {
        return Ok(None);
    }
    let head = ctx.tc.store.apps(ctor, &fa[..num_params]);
    // The data fields, and the right-hand arguments with proof fields taken from the
    // left (equal to the right's by proof irrelevance), so congruence lines up.
    let mut fields = Vec::new();
    let mut rhs_args = Vec::new();
    let mut is_data = Vec::new();
    for i in num_params..fa.len() {
        let (x, y) = (fa[i], fb[i]);
        let xt = ctx.infer(x, span)?;
        let is_proof = ctx.tc.is_prop(xt).unwrap_or(false);
        is_data.push(!is_proof);
        if is_proof {
            rhs_args.push(x);
            continue;
        }
        let yt = ctx.infer(y, span)?;
        if !ctx.tc.is_def_eq(xt, yt).unwrap_or(false) {
            return Ok(None);
        }
        let Some(projection) = equality::field_projection(ctx, ind, ty, i - num_params, x, span)?
        else {
            return Ok(None);
        };
        let level = sort_level(ctx, xt, span)?;
        let eqc = ctx.store().cnst("Eq", vec![level.clone()]);
        let eq = ctx.store().apps(eqc, &[xt, x, y]);
        fields.push(Field {
            ty: xt,
            level,
            eq,
            projection,
        });
        rhs_args.push(y);
    }
    if fields.is_empty() {
        return Ok(None);
    }
    let conj = conjunction_from(ctx, &fields);

    // `fun h : lhs = rhs => ⟨congrArg proj₁ h, …⟩`.
    let h = ctx.tc.fresh_local(Name::new("h"), e);
    let mut parts = Vec::new();
    for f in &fields {
        let mut ls = eq_levels.to_vec();
        ls.push(f.level.clone());
        let congr_arg = ctx.store().cnst("congrArg", ls);
        parts.push(
            ctx.store()
                .apps(congr_arg, &[ty, f.ty, lhs, rhs, f.projection, h]),
        );
    }
    let intro = ctx.store().cnst("And.intro", Vec::new());
    let mut tuple = parts[parts.len() - 1];
    for k in (0..fields.len() - 1).rev() {
        let rest = conjunction_from(ctx, &fields[k + 1..]);
        tuple = ctx
            .tc
            .store
            .apps(intro, &[fields[k].eq, rest, parts[k], tuple]);
    }
    let mp = ctx.abstract_locals(true, &[h], tuple);

    // `fun hc : conj => Simp.congr (… (Simp.congr rfl hc.1) …) hcₙ`.
    let hc = ctx.tc.fresh_local(Name::new("h"), conj);
    let components = components(ctx, &fields, hc);
    let head_ty = ctx.infer(head, span)?;
    let head_level = sort_level(ctx, head_ty, span)?;
    let refl = ctx.store().cnst("Eq.refl", vec![head_level]);
    let mut acc = ctx.store().apps(refl, &[head_ty, head]);
    let (mut f1, mut f2) = (head, head);
    let mut data = components.into_iter();
    for ((&x, &y), &data_field) in fa[num_params..].iter().zip(&rhs_args).zip(&is_data) {
        let fty = ctx.infer(f1, span)?;
        let fty = ctx.whnf(fty, span)?;
        let Node::Pi(_, _, dom, body) = ctx.tc.store.node(fty).clone() else {
            return Ok(None);
        };
        if ctx.tc.store.loose_range(body) > 0 {
            return Ok(None);
        }
        // No loose variable: `body` is the codomain as it stands.
        let cod = body;
        let (u, v) = (sort_level(ctx, dom, span)?, sort_level(ctx, cod, span)?);
        let eq_xy = if data_field {
            match data.next() {
                Some(c) => c,
                None => return Ok(None),
            }
        } else {
            let r = ctx.store().cnst("Eq.refl", vec![u.clone()]);
            ctx.store().apps(r, &[dom, x])
        };
        let congr = proof::cnst(ctx, "Simp.congr", &[("u", &u), ("v", &v)], span)?;
        acc = ctx
            .tc
            .store
            .apps(congr, &[dom, cod, f1, f2, x, y, acc, eq_xy]);
        f1 = ctx.store().app(f1, x);
        f2 = ctx.store().app(f2, y);
    }
    let mpr = ctx.abstract_locals(true, &[hc], acc);
    let iff = app(ctx, "Iff.intro", &[], &[e, conj, mp, mpr], span)?;
    let pf = app(ctx, "propext", &[], &[e, conj, iff], span)?;
    Ok(Some(Step {
        expr: conj,
        proof: Some(pf),
    }))
}

/// `E₁ ∧ (E₂ ∧ … Eₙ)` for the fields' equations.
fn conjunction_from(ctx: &mut Ctx<'_>, fields: &[Field]) -> Expr {
    let and = ctx.store().cnst("And", Vec::new());
    let mut out = fields[fields.len() - 1].eq;
    for f in fields[..fields.len() - 1].iter().rev() {
        out = ctx.store().apps(and, &[f.eq, out]);
    }
    out
}

/// The proofs of each field equation from `hc : E₁ ∧ (E₂ ∧ … Eₙ)`.
fn components(ctx: &mut Ctx<'_>, fields: &[Field], hc: Expr) -> Vec<Expr> {
    let left = ctx.store().cnst("And.left", Vec::new());
    let right = ctx.store().cnst("And.right", Vec::new());
    let mut out = Vec::new();
    let mut cur = hc;
    for k in 0..fields.len() {
        if k + 1 == fields.len() {
            out.push(cur);
            break;
        }
        let rest = conjunction_from(ctx, &fields[k + 1..]);
        out.push(ctx.store().apps(left, &[fields[k].eq, rest, cur]));
        cur = ctx.store().apps(right, &[fields[k].eq, rest, cur]);
    }
    out
}
