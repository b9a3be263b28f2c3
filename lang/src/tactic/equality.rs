//! Equations between constructors: `False` from an equation of different
//! constructors (used by `contradiction` and `cases`), `injection`, and `subst`.

use cedrus_kernel::{ConstantKind, Expr, Level, Name, Node};

use super::basic::{cnst, sort_level};
use super::cases::{lam_of_pi, pi_body};
use super::goal::{self, target};
use crate::elab::ctx::Ctx;
use crate::elab::{ElabError, Result};
use crate::syntax::{Name as SName, Span, Term, TermKind};

/// A proof of `False` from `h : w` (`w` in weak-head normal form) when `w` is `False`
/// or an equation between different constructors.
pub fn false_from(ctx: &mut Ctx<'_>, h: Expr, w: Expr, span: Span) -> Result<Option<Expr>> {
    if matches!(ctx.tc.store.head_const(w), Some((n, _)) if n.as_str() == "False") {
        return Ok(Some(h));
    }
    let (f, args) = ctx.tc.store.unfold_apps(w);
    let eq_levels = match ctx.tc.store.node(f) {
        Node::Const(n, ls) if n.as_str() == "Eq" && args.len() == 3 => ls.clone(),
        _ => return Ok(None),
    };
    let a = ctx.whnf(args[1], span)?;
    let b = ctx.whnf(args[2], span)?;
    let (ca, cb) = (ctor_of(ctx, a), ctor_of(ctx, b));
    let (Some((ca, ind, ia)), Some((cb, _, ib))) = (ca, cb) else {
        return Ok(None);
    };
    if ca == cb || ia == ib {
        return Ok(None);
    }
    // `D x := T.rec (motive := fun _ => Prop) (a's case ↦ True) (others ↦ False) x`.
    let ty = args[0];
    let xty = ctx.whnf(ty, span)?;
    let Some(d) = discriminator(ctx, &ind, xty, ia, span)? else {
        return Ok(None);
    };
    // `@Eq.rec α (fun x y _ => D x → D y) (fun _ k => k) a b h True.intro : D b`.
    let motive = {
        let s = &mut *ctx.tc.store;
        let d2 = s.bvar(2);
        let dom = s.app(d, d2);
        let body = s.pi("_", dom, dom);
        let eqc = s.cnst(Name::new("Eq"), eq_levels.clone());
        let x1 = s.bvar(1);
        let y0 = s.bvar(0);
        let eq_ty = s.apps(eqc, &[ty, x1, y0]);
        let l3 = s.lam("e", eq_ty, body);
        let l2 = s.lam("y", ty, l3);
        s.lam("x", ty, l2)
    };
    let minor = {
        let s = &mut *ctx.tc.store;
        let x0 = s.bvar(0);
        let dx = s.app(d, x0);
        let k = s.bvar(0);
        let inner = s.lam("k", dx, k);
        s.lam("x", ty, inner)
    };
    let mut levels = vec![Level::zero()];
    levels.extend(eq_levels);
    let rec = ctx.tc.store.cnst(Name::new("Eq.rec"), levels);
    let triv = cnst(ctx, "True.intro", vec![]);
    let p = ctx
        .tc
        .store
        .apps(rec, &[ty, motive, minor, args[1], args[2], h, triv]);
    Ok(Some(p))
}

/// The constructor at the head of `e`, its type and its index.
pub(crate) fn ctor_of(ctx: &Ctx<'_>, e: Expr) -> Option<(Name, Name, u32)> {
    let s = &*ctx.tc.store;
    let e = match s.node(e) {
        Node::Lit(cedrus_kernel::Literal::Nat(n)) => {
            let zero = n.bits() == 0;
            return Some((
                Name::new(if zero { "Nat.zero" } else { "Nat.succ" }),
                Name::new("Nat"),
                u32::from(!zero),
            ));
        }
        _ => e,
    };
    let (n, _) = s.head_const(e)?;
    match ctx.tc.table.consts.get(n).map(|c| &c.kind) {
        Some(ConstantKind::Constructor(ci)) => Some((n.clone(), ci.induct.clone(), ci.idx)),
        _ => None,
    }
}

/// `fun x => T.rec (fun _ => Prop) (True for constructor `idx`, False otherwise) x` for
/// the type `xty` (an applied inductive type without indices).
fn discriminator(
    ctx: &mut Ctx<'_>,
    ind: &Name,
    xty: Expr,
    idx: u32,
    span: Span,
) -> Result<Option<Expr>> {
    let prop = ctx.tc.store.prop();
    let tru = cnst(ctx, "True", vec![]);
    let fal = cnst(ctx, "False", vec![]);
    eliminate_into(ctx, ind, xty, prop, Level::one(), span, |ctx, k, dom| {
        let body = if k == idx as usize { tru } else { fal };
        Ok(lam_of_pi(ctx, dom, body))
    })
}

/// `fun x => T.rec.{level, us…} params (fun _ => motive) minor₀ … x` for `xty = T.{us…}
/// params`, an inductive type without indices and with one motive; `minor(ctx, k, dom)`
/// builds the `k`-th minor premise from its expected type `dom`. `None` when `T` is not
/// such a type.
fn eliminate_into(
    ctx: &mut Ctx<'_>,
    ind: &Name,
    xty: Expr,
    motive: Expr,
    level: Level,
    span: Span,
    mut minor: impl FnMut(&mut Ctx<'_>, usize, Expr) -> Result<Expr>,
) -> Result<Option<Expr>> {
    let Some(rec) = ctx.tc.table.consts.get(&ind.child("rec")).cloned() else {
        return Ok(None);
    };
    let ConstantKind::Recursor(rinfo) = &rec.kind else {
        return Ok(None);
    };
    if rinfo.num_indices > 0 || rinfo.num_motives != 1 || rec.lparams.is_empty() {
        return Ok(None);
    }
    let (_, params) = ctx.tc.store.unfold_apps(xty);
    let Some((_, ls)) = ctx.tc.store.head_const(xty) else {
        return Ok(None);
    };
    let mut levels = vec![level];
    levels.extend(ls.iter().cloned());
    if levels.len() != rec.lparams.len() {
        return Ok(None);
    }
    let x = ctx.tc.fresh_local(Name::new("x"), xty);
    let mut rt = ctx
        .tc
        .store
        .instantiate_levels(rec.ty, &rec.lparams, &levels);
    let mut rargs = Vec::new();
    for &p in &params {
        rt = pi_body(ctx, rt, p, span)?;
        rargs.push(p);
    }
    let motive = ctx.tc.store.lam("_", xty, motive);
    rt = pi_body(ctx, rt, motive, span)?;
    rargs.push(motive);
    for k in 0..rinfo.num_minors as usize {
        let Node::Pi(_, _, dom, _) = ctx.tc.store.node(rt).clone() else {
            return Ok(None);
        };
        let m = minor(ctx, k, dom)?;
        rt = pi_body(ctx, rt, m, span)?;
        rargs.push(m);
    }
    rargs.push(x);
    let f = ctx.tc.store.cnst(ind.child("rec"), levels);
    let body = ctx.tc.store.apps(f, &rargs);
    Ok(Some(ctx.abstract_locals(true, &[x], body)))
}

/// `subst h` for `h : a = b` with `b` (or `a`) a variable; `subst x` for a variable.
pub fn subst(ctx: &mut Ctx<'_>, g: Expr, es: &[Term], span: Span) -> Result<Vec<Expr>> {
    let mut g = g;
    for e in es {
        let h = match &e.kind {
            TermKind::Ident(n) => goal::find_hyp(ctx, g, n),
            _ => None,
        };
        let Some(h) = h else {
            return Err(ElabError::invalid(
                e.span,
                "`subst` expects a hypothesis or a variable",
            ));
        };
        let ty = goal::hyp_type(ctx, h);
        let is_eq = matches!(ctx.tc.store.head_const(ty), Some((n, _)) if n.as_str() == "Eq");
        let h = if is_eq {
            h
        } else {
            // A variable: find an equation about it.
            let mut found = None;
            for k in goal::hyps(ctx, g).into_iter().rev() {
                let kt = goal::hyp_type(ctx, k);
                let (f, a) = ctx.tc.store.unfold_apps(kt);
                let eq = matches!(ctx.tc.store.node(f), Node::Const(n, _) if n.as_str() == "Eq");
                if eq && a.len() == 3 && (a[1] == h || a[2] == h) {
                    found = Some(k);
                    break;
                }
            }
            found.ok_or_else(|| ElabError::invalid(e.span, "no equation about this variable"))?
        };
        let gs = subst_hyp(ctx, g, h, e.span)?;
        let [ng] = gs.as_slice() else {
            return Err(ElabError::invalid(span, "`subst` failed"));
        };
        g = *ng;
    }
    Ok(vec![g])
}

/// Substitutes using the equation `h : a = b` where `b` (or `a`) is a variable the
/// other side does not mention: `Eq.recAt` with the motive over `b` and `h`.
pub fn subst_hyp(ctx: &mut Ctx<'_>, g: Expr, h: Expr, span: Span) -> Result<Vec<Expr>> {
    subst_keeping(ctx, g, h, None, span)
}

/// [`subst_hyp`], keeping the variable `keep` when both sides are variables.
pub fn subst_keeping(
    ctx: &mut Ctx<'_>,
    g: Expr,
    h: Expr,
    keep: Option<Expr>,
    span: Span,
) -> Result<Vec<Expr>> {
    super::basic::need(ctx, "Eq.recAt", span)?;
    let ty = goal::hyp_type(ctx, h);
    let ty = ctx.whnf(ty, span)?;
    let (f, args) = ctx.tc.store.unfold_apps(ty);
    let eq_levels = match ctx.tc.store.node(f) {
        Node::Const(n, ls) if n.as_str() == "Eq" && args.len() == 3 => ls.clone(),
        _ => return Err(ElabError::invalid(span, "`subst` needs an equation")),
    };
    let scope = goal::hyps(ctx, g);
    let var_ok = |ctx: &Ctx<'_>, v: Expr, other: Expr| {
        scope.contains(&v)
            && !goal::mentions(ctx.tc.store, other, v)
            && !ctx.let_vals.contains_key(&v)
    };
    let keep_rhs = keep == Some(args[2]) && var_ok(ctx, args[1], args[2]);
    let (g, h, a, b) = if var_ok(ctx, args[2], args[1]) && !keep_rhs {
        (g, h, args[1], args[2])
    } else if var_ok(ctx, args[1], args[2]) {
        let symm = ctx.tc.store.cnst(Name::new("Eq.symm"), eq_levels.clone());
        let proof = ctx.tc.store.apps(symm, &[args[0], args[1], args[2], h]);
        let eqc = ctx.tc.store.cnst(Name::new("Eq"), eq_levels.clone());
        let sty = ctx.tc.store.apps(eqc, &[args[0], args[2], args[1]]);
        let name = goal::hyp_name(ctx, h);
        let (g2, h2) = super::structural::add_hyp(ctx, g, &name, sty, proof)?;
        let g2 = goal::clear(ctx, g2, &[h]);
        (g2, h2, args[2], args[1])
    } else {
        let t = super::display::pp(ctx, ty);
        return Err(ElabError::invalid(
            span,
            format!("`subst` needs an equation with a variable side that the other side does not mention, not\n  {t}"),
        ));
    };
    let deps: Vec<Expr> = goal::dependents(ctx, g, &[b, h]);
    let deps = goal::in_scope_order(ctx, g, &deps);
    let names: Vec<Option<String>> = deps.iter().map(|&d| Some(goal::hyp_name(ctx, d))).collect();
    let g1 = goal::revert(ctx, g, &deps);
    let t1 = target(ctx, g1);
    let u = sort_level(ctx, t1, span)?;
    let motive = ctx.abstract_locals(true, &[b, h], t1);
    let refl = ctx.tc.store.cnst(Name::new("Eq.refl"), eq_levels.clone());
    let ra = ctx.tc.store.apps(refl, &[args[0], a]);
    let m_ty = {
        let s = &mut *ctx.tc.store;
        let m = s.apps(motive, &[a, ra]);
        goal::beta_all(s, m)
    };
    let scope2: Vec<Expr> = goal::hyps(ctx, g1)
        .into_iter()
        .filter(|&x| x != b && x != h)
        .collect();
    let g2 = goal::new_goal(ctx, m_ty, scope2, span);
    let rec_params = ctx
        .tc
        .table
        .consts
        .get(&Name::new("Eq.recAt"))
        .map(|c| c.lparams.clone())
        .unwrap_or_default();
    let levels: Vec<Level> = rec_params
        .iter()
        .map(|p| {
            if p.as_str() == "u" {
                u.clone()
            } else {
                eq_levels.first().cloned().unwrap_or_else(Level::zero)
            }
        })
        .collect();
    let rec = ctx.tc.store.cnst(Name::new("Eq.recAt"), levels);
    let v = ctx.tc.store.apps(rec, &[args[0], a, motive, g2, b, h]);
    ctx.assign(g1, v);
    let (g3, _) = goal::intro_names(ctx, g2, &names, span)?;
    Ok(vec![g3])
}

/// `injection h with h₁ h₂`: for `h : C a₁ a₂ = C b₁ b₂`, new hypotheses `aᵢ = bᵢ`.
pub fn injection(
    ctx: &mut Ctx<'_>,
    g: Expr,
    e: &Term,
    names: &[SName],
    span: Span,
) -> Result<Vec<Expr>> {
    let (h, _) = goal::elab_in(ctx, g, e, None)?;
    let Some(out) = inject(ctx, g, h, names, span)? else {
        return Ok(Vec::new());
    };
    let g = out.goal;
    // As Lean does, close the goal when it is one of the new equations.
    let snap = ctx.snapshot();
    if super::basic::assumption(ctx, g, span).is_ok() {
        return Ok(Vec::new());
    }
    ctx.restore(snap);
    Ok(vec![g])
}

/// The result of [`inject`]: the goal with the new equations.
pub struct Injected {
    /// The goal.
    pub goal: Expr,
    /// The new hypotheses `aᵢ = bᵢ`, in field order.
    pub equations: Vec<Expr>,
}

/// For the proof `h : C a₁ a₂ = C b₁ b₂`, adds the hypotheses `aᵢ = bᵢ` (named from
/// `names`, else inaccessible; proof fields are skipped) to `g`. Different
/// constructors close `g` (`None`); an equation that is not between constructor
/// applications is an error.
pub fn inject(
    ctx: &mut Ctx<'_>,
    g: Expr,
    h: Expr,
    names: &[SName],
    span: Span,
) -> Result<Option<Injected>> {
    let ty = ctx.infer(h, span)?;
    let ty = ctx.whnf(ty, span)?;
    let (f, args) = ctx.tc.store.unfold_apps(ty);
    let eq_levels = match ctx.tc.store.node(f) {
        Node::Const(n, ls) if n.as_str() == "Eq" && args.len() == 3 => ls.clone(),
        _ => return Err(ElabError::invalid(span, "`injection` needs an equation")),
    };
    let a = ctor_view(ctx, args[1], span)?;
    let b = ctor_view(ctx, args[2], span)?;
    let (Some((ca, ind, _)), Some((cb, _, _))) = (ctor_of(ctx, a), ctor_of(ctx, b)) else {
        return Err(ElabError::invalid(
            span,
            "`injection` needs an equation between constructor applications",
        ));
    };
    if ca != cb {
        if let Some(p) = false_from(ctx, h, ty, span)? {
            super::basic::close_by_false(ctx, g, p, span)?;
            return Ok(None);
        }
        return Err(ElabError::invalid(span, "different constructors"));
    }
    let np = match ctx.tc.table.consts.get(&ind).map(|c| &c.kind) {
        Some(ConstantKind::Inductive(i)) => i.num_params as usize,
        _ => 0,
    };
    let (_, fa) = ctx.tc.store.unfold_apps(a);
    let (_, fb) = ctx.tc.store.unfold_apps(b);
    let mut g = g;
    let mut equations = Vec::new();
    for i in np..fa.len().min(fb.len()) {
        let (x, y) = (fa[i], fb[i]);
        let xt = ctx.infer(x, span)?;
        if ctx.tc.is_prop(xt).unwrap_or(false) {
            continue;
        }
        // `congrArg (fun z => proj z) h` with a projection through the recursor.
        let Some(proj) = field_projection(ctx, &ind, args[0], i - np, x, span)? else {
            continue;
        };
        let l = sort_level(ctx, xt, span)?;
        let mut ls = eq_levels.clone();
        ls.push(l.clone());
        let ca_fn = ctx.tc.store.cnst(Name::new("congrArg"), ls);
        let p = ctx
            .tc
            .store
            .apps(ca_fn, &[args[0], xt, args[1], args[2], proj, h]);
        let eqc = ctx.tc.store.cnst(Name::new("Eq"), vec![l]);
        let hty = ctx.tc.store.apps(eqc, &[xt, x, y]);
        let name = names
            .get(equations.len())
            .cloned()
            .unwrap_or_else(|| goal::inaccessible("h"));
        let (ng, nh) = super::structural::add_hyp(ctx, g, &name, hty, p)?;
        g = ng;
        equations.push(nh);
    }
    Ok(Some(Injected { goal: g, equations }))
}

/// `e` as a constructor application if it is one: `n + k` (a literal `k ≥ 1`) and a
/// literal `k ≥ 1` as `Nat.succ …` (keeping `+` in the fields, rather than what
/// reducing `Nat.add` would show), else `e`'s weak-head normal form.
fn ctor_view(ctx: &mut Ctx<'_>, e: Expr, span: Span) -> Result<Expr> {
    if let Some(v) = ctor_view_syntactic(ctx, e) {
        return Ok(v);
    }
    let w = ctx.whnf(e, span)?;
    Ok(lit_to_ctor(ctx, w))
}

/// `e` as a constructor application without unfolding anything: a constructor applied
/// to arguments, a Nat literal (`k ≥ 1` as `Nat.succ (k - 1)`), or `n + k` on Nat with a
/// literal `k ≥ 1` as `Nat.succ (n + (k - 1))`; `None` for any other term.
pub(crate) fn ctor_view_syntactic(ctx: &mut Ctx<'_>, e: Expr) -> Option<Expr> {
    let e = lit_to_ctor(ctx, e);
    if ctor_of(ctx, e).is_some() {
        return Some(e);
    }
    let (f, args) = ctx.tc.store.unfold_apps(e);
    let is_add = matches!(ctx.tc.store.node(f), Node::Const(n, _) if n.as_str() == "HAdd.hAdd");
    let ([t, _, _, _, x, k], true) = (&args[..], is_add) else {
        return None;
    };
    let kv = match ctx.tc.store.node(*k) {
        Node::Lit(cedrus_kernel::Literal::Nat(k)) if k.bits() > 0 => k.clone(),
        _ => return None,
    };
    if !matches!(ctx.tc.store.node(*t), Node::Const(n, _) if n.as_str() == "Nat") {
        return None;
    }
    let pred = if kv == 1u32.into() {
        *x
    } else {
        let k1 = ctx.tc.store.nat(kv - 1u32);
        let mut a2 = args.clone();
        a2[5] = k1;
        ctx.tc.store.apps(f, &a2)
    };
    let s = cnst(ctx, "Nat.succ", vec![]);
    Some(ctx.tc.store.app(s, pred))
}

/// A literal `n + 1` as `Nat.succ n` (for constructor matching).
fn lit_to_ctor(ctx: &mut Ctx<'_>, e: Expr) -> Expr {
    if let Node::Lit(cedrus_kernel::Literal::Nat(n)) = ctx.tc.store.node(e).clone() {
        if n.bits() > 0 {
            let p = ctx.tc.store.nat(n - 1u32);
            let s = cnst(ctx, "Nat.succ", vec![]);
            return ctx.tc.store.app(s, p);
        }
    }
    e
}

/// `fun z => T.rec … z` returning field `k` of the constructor case and `dflt` in the
/// others (field types must not depend on earlier fields).
pub(crate) fn field_projection(
    ctx: &mut Ctx<'_>,
    ind: &Name,
    xty: Expr,
    k: usize,
    dflt: Expr,
    span: Span,
) -> Result<Option<Expr>> {
    let xty = ctx.whnf(xty, span)?;
    let fty = ctx.infer(dflt, span)?;
    let l = sort_level(ctx, fty, span)?;
    eliminate_into(ctx, ind, xty, fty, l, span, |ctx, _, dom| {
        // Field k of this constructor if it has the right type, else the default.
        let mut xs = Vec::new();
        let mut cur = dom;
        while let Node::Pi(n, _, d, b) = ctx.tc.store.node(cur).clone() {
            let v = ctx.tc.fresh_local(n, d);
            xs.push(v);
            cur = ctx.tc.store.instantiate1(b, v);
        }
        let body = match xs.get(k) {
            Some(&v) => {
                let vt = goal::hyp_type(ctx, v);
                let snap = ctx.snapshot();
                if ctx.tc.is_def_eq(vt, fty).unwrap_or(false) {
                    v
                } else {
                    ctx.restore(snap);
                    dflt
                }
            }
            None => dflt,
        };
        Ok(ctx.abstract_locals(true, &xs, body))
    })
}

/// `symm at loc`: turns `a = b`, `a ≠ b` or `a ↔ b` around, through `Eq.symm`,
/// `Ne.symm` or `Iff.symm`, in the target (no location, or `⊢`) and in the hypotheses
/// named.
pub fn symm(
    ctx: &mut Ctx<'_>,
    g: Expr,
    loc: Option<&crate::syntax::Location>,
    span: Span,
) -> Result<Vec<Expr>> {
    use crate::syntax::Location;
    let (hyps, at_goal) = match loc {
        None => (&[][..], true),
        Some(Location::Targets { hyps, goal }) => (&hyps[..], *goal),
        Some(Location::Wildcard) => {
            return Err(ElabError::invalid(span, "`symm at *` is not supported"));
        }
    };
    let mut g = g;
    for name in hyps {
        // Looked up in the current goal: a name given twice flips the replacement back.
        let h = goal::find_hyp(ctx, g, name)
            .ok_or_else(|| ElabError::invalid(span, format!("unknown hypothesis `{name}`")))?;
        let ty = goal::hyp_type(ctx, h);
        let (flipped, symm) = flip(ctx, ty, span)?;
        let proof = ctx.tc.store.app(symm, h);
        g = goal::replace_hyp(ctx, g, h, flipped, proof).0;
    }
    if !at_goal {
        return Ok(vec![g]);
    }
    let t = target(ctx, g);
    let (flipped, _) = flip(ctx, t, span)?;
    let ng = goal::sibling_goal(ctx, g, flipped);
    let (_, back) = flip(ctx, flipped, span)?;
    let proof = ctx.tc.store.app(back, ng);
    ctx.assign(g, proof);
    Ok(vec![ng])
}

/// For `rel` = `a R b` (`=`, `≠` or `↔`): `b R a`, and `R.symm` applied up to its
/// hypothesis (a function from `a R b` to `b R a`).
fn flip(ctx: &mut Ctx<'_>, rel: Expr, span: Span) -> Result<(Expr, Expr)> {
    let rel = ctx.instantiate(rel);
    let (f, args) = ctx.tc.store.unfold_apps(rel);
    let (lemma, levels, prefix, a, b) = match (ctx.tc.store.node(f).clone(), &args[..]) {
        (Node::Const(n, ls), [ty, a, b]) if n.as_str() == "Eq" || n.as_str() == "Ne" => {
            let lemma = if n.as_str() == "Eq" {
                "Eq.symm"
            } else {
                "Ne.symm"
            };
            (lemma, ls, vec![*ty], *a, *b)
        }
        (Node::Const(n, _), [a, b]) if n.as_str() == "Iff" => ("Iff.symm", vec![], vec![], *a, *b),
        _ => {
            let shown = super::display::pp(ctx, rel);
            return Err(ElabError::invalid(
                span,
                format!("`symm` needs `a = b`, `a ≠ b` or `a ↔ b`, not\n  {shown}"),
            ));
        }
    };
    super::basic::need(ctx, lemma, span)?;
    let mut flipped_args = prefix.clone();
    flipped_args.extend([b, a]);
    let flipped = ctx.tc.store.apps(f, &flipped_args);
    let c = cnst(ctx, lemma, levels);
    let mut symm_args = prefix;
    symm_args.extend([a, b]);
    Ok((flipped, ctx.tc.store.apps(c, &symm_args)))
}
