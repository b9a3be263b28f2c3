//! The course-of-values construction (`below`/`brecOn`, inlined) for a structurally
//! recursive group with chosen decreasing arguments; see [`super::structural`].
//!
//! Indexed families are handled by generalising the decreasing argument's indices, which
//! must be distinct variables among the function's (non-fixed) arguments: every motive
//! takes the indices then the value, `M_j is t := (extra) → R[idx := is, x := t]`.

use super::cases::Block;
use super::compile::{BelowState, CaseLemma, Matcher, Problem, RecCtx, RecFn};
use super::error::MatchError;
use super::{check_coverage, intro_args, lemma_head, open_alts, EqnDef};
use cedrus_kernel::tc::TypeChecker;
use cedrus_kernel::{ConstantKind, Environment, Expr, KernelError, Level, Name, Node};

fn kerr(decl: &Name) -> impl Fn(KernelError) -> MatchError + '_ {
    move |error| MatchError::Kernel {
        decl: decl.clone(),
        error,
    }
}

/// The inductive type heading `ty` after weak-head normalisation.
pub(crate) fn inductive_head(
    tc: &mut TypeChecker<'_>,
    ty: Expr,
) -> Option<(Name, Vec<Level>, Vec<Expr>)> {
    let w = tc.whnf(ty).ok()?;
    let (head, args) = tc.store.unfold_apps(w);
    let Node::Const(n, ls) = tc.store.node(head).clone() else {
        return None;
    };
    match tc.table.consts.get(&n).map(|i| &i.kind) {
        Some(ConstantKind::Inductive(_)) => Some((n, ls, args)),
        _ => None,
    }
}

/// One function of the group, opened in the checker.
struct Opened {
    /// All arguments (fixed prefix first).
    args: Vec<Expr>,
    /// Result type.
    goal: Expr,
    /// Position of the decreasing argument.
    dec: usize,
    /// The decreasing argument's indices (arguments of the function).
    idx: Vec<Expr>,
    /// The arguments the motive abstracts: neither fixed, nor indices, nor decreasing.
    extra: Vec<Expr>,
    /// Block member of the decreasing argument's type.
    member: usize,
}

impl Opened {
    fn x(&self) -> Expr {
        self.args[self.dec]
    }
}

/// Fresh locals for a motive's binders `(is) (t : T ps is)`.
fn open_dom(tc: &mut TypeChecker<'_>, mut ty: Expr) -> Vec<Expr> {
    let mut xs = Vec::new();
    while let Node::Pi(n, _, d, b) = tc.store.node(ty).clone() {
        let x = tc.fresh_local(n, d);
        xs.push(x);
        ty = tc.store.instantiate1(b, x);
    }
    xs
}

/// The type `T ps idx` of member `mdom` (a motive type) at the given indices.
fn member_type(tc: &mut TypeChecker<'_>, mut ty: Expr, idx: &[Expr]) -> Option<Expr> {
    for &i in idx {
        let Node::Pi(_, _, _, b) = tc.store.node(ty).clone() else {
            return None;
        };
        ty = tc.store.instantiate1(b, i);
    }
    match tc.store.node(ty) {
        Node::Pi(_, _, d, _) => Some(*d),
        _ => None,
    }
}

/// Builds the values of the group for the given decreasing arguments, with each
/// function's leaf lemmas.
pub(crate) fn build(
    env: &mut Environment,
    defs: &[EqnDef],
    decs: &[usize],
    nfixed: usize,
    block: Block,
) -> Result<(Vec<Expr>, Vec<Vec<CaseLemma>>), MatchError> {
    let fname = defs[0].name.clone();
    let unsupported = |detail: String| MatchError::Unsupported {
        function: fname.clone(),
        detail,
    };
    if !block.elim_param {
        return Err(unsupported(
            "structural recursion over a proposition".into(),
        ));
    }
    let main_rec = block.members[0].rec.clone();
    let main_ty = env
        .get(&main_rec)
        .map(|i| i.ty)
        .ok_or_else(|| unsupported(format!("missing `{main_rec}`")))?;
    let mut tc = env.type_checker(fname.clone(), defs[0].lparams.clone());
    // The shared fixed prefix.
    let mut fixed = Vec::new();
    {
        let mut ty = defs[0].fn_type;
        for _ in 0..nfixed {
            let Node::Pi(n, _, d, b) = tc.store.node(ty).clone() else {
                break;
            };
            let x = tc.fresh_local(n, d);
            fixed.push(x);
            ty = tc.store.instantiate1(b, x);
        }
    }
    // Open each function.
    let mut opened = Vec::new();
    let mut block_args: Option<(Vec<Level>, Vec<Expr>)> = None;
    for (d, &dec) in defs.iter().zip(decs) {
        let mut ty = d.fn_type;
        for &fx in &fixed {
            let Node::Pi(_, _, dom, b) = tc.store.node(ty).clone() else {
                return Err(unsupported("fixed arguments differ".into()));
            };
            let a = tc.store.abstract_fvars(dom, &fixed);
            let a2 = tc
                .local_type(fx)
                .map(|t| tc.store.abstract_fvars(t, &fixed));
            if Some(a) != a2 {
                return Err(unsupported(
                    "the mutual functions have different fixed arguments".into(),
                ));
            }
            ty = tc.store.instantiate1(b, fx);
        }
        let (rest, goal) = intro_args(&mut tc, ty);
        let mut args = fixed.clone();
        args.extend(rest);
        let Some(&x) = args.get(dec) else {
            return Err(unsupported("no such decreasing argument".into()));
        };
        let xty = tc.local_type(x).unwrap_or(x);
        let Some((ind, ls, targs)) = inductive_head(&mut tc, xty) else {
            return Err(unsupported(
                "the decreasing argument is not inductive".into(),
            ));
        };
        let nidx = match tc.table.consts.get(&ind).map(|i| &i.kind) {
            Some(ConstantKind::Inductive(ii)) => ii.num_indices as usize,
            _ => 0,
        };
        let idx: Vec<Expr> = targs[targs.len().saturating_sub(nidx)..].to_vec();
        let movable = &args[nfixed..dec];
        for (k, i) in idx.iter().enumerate() {
            if !movable.contains(i) || idx[..k].contains(i) {
                let shown = tc.pp(*i);
                return Err(unsupported(format!(
                    "the index `{shown}` of the decreasing argument is not a distinct \
                     non-fixed argument"
                )));
            }
        }
        let extra: Vec<Expr> = args[nfixed..]
            .iter()
            .copied()
            .filter(|a| *a != x && !idx.contains(a))
            .collect();
        // The indices and the value may not depend on the abstracted arguments.
        for &h in idx.iter().chain([&x]) {
            let t = tc.local_type(h).unwrap_or(h);
            let store = &*tc.store;
            if store.any_subterm(t, &mut |_, e| extra.contains(&e)) {
                return Err(unsupported(
                    "the decreasing argument's type depends on other varying arguments".into(),
                ));
            }
        }
        if block_args.is_none() && block.members.iter().any(|m| m.rec == ind.child("rec")) {
            let ps = targs.iter().take(block.num_params).copied().collect();
            block_args = Some((ls, ps));
        }
        opened.push(Opened {
            args,
            goal,
            dec,
            idx,
            extra,
            member: usize::MAX,
        });
    }
    let Some((ls, ps)) = block_args else {
        return Err(unsupported(
            "no function recurses on a type of the block".into(),
        ));
    };
    if ps.len() != block.num_params || ls.len() + 1 != block.rec_lparams.len() {
        return Err(unsupported("unexpected parameters of the block".into()));
    }
    if ps.iter().any(|&p| {
        let store = &*tc.store;
        store.any_subterm(p, &mut |_, e| {
            matches!(store.node(e), Node::FVar(_)) && !fixed.contains(&e)
        })
    }) {
        return Err(unsupported(
            "the parameters of the decreasing argument's type vary".into(),
        ));
    }
    // Motive types `(is) → T_j ps is → Sort _` of the members.
    let rec_ty = {
        let mut lv = vec![Level::zero()];
        lv.extend(ls.iter().cloned());
        tc.store
            .instantiate_levels(main_ty, &block.rec_lparams, &lv)
    };
    let mut t = rec_ty;
    for &p in &ps {
        let Node::Pi(_, _, _, b) = tc.store.node(t).clone() else {
            return Err(unsupported("unexpected recursor type".into()));
        };
        t = tc.store.instantiate1(b, p);
    }
    let after_params = t;
    let mut mdom = Vec::new();
    for _ in 0..block.members.len() {
        let Node::Pi(n, _, d, b) = tc.store.node(t).clone() else {
            return Err(unsupported("unexpected recursor type".into()));
        };
        mdom.push(d);
        let dummy = tc.fresh_local(n, d);
        t = tc.store.instantiate1(b, dummy);
    }
    // Assign members.
    for o in &mut opened {
        let xty = tc.local_type(o.x()).unwrap_or(o.x());
        let xty = tc.whnf(xty).map_err(kerr(&fname))?;
        let mut found = None;
        for (j, &md) in mdom.iter().enumerate() {
            if block.members[j].num_indices as usize == o.idx.len()
                && member_type(&mut tc, md, &o.idx) == Some(xty)
            {
                found = Some(j);
                break;
            }
        }
        let Some(j) = found else {
            return Err(unsupported(format!(
                "`{}` is not a type of the recursor's block",
                tc.pp(xty)
            )));
        };
        o.member = j;
    }
    // The functions recursing on each member.
    let on: Vec<Vec<usize>> = (0..block.members.len())
        .map(|j| {
            (0..opened.len())
                .filter(|&q| opened[q].member == j)
                .collect()
        })
        .collect();
    // Motives: `F_q is t := (extra) → R_q[idx := is, x := t]` per function, and per
    // member `M_j` = the only `F_q`, a tuple of them, or `PUnit`.
    let one = Level::one();
    let punit1 = tc.store.cnst("PUnit", vec![one.clone()]);
    let mut fmot = Vec::new();
    let mut flev = Vec::new();
    for o in &opened {
        let g = tc.mk_binding(false, &o.extra, o.goal);
        let s = tc.infer(g, true).map_err(kerr(&fname))?;
        let s = tc.whnf(s).map_err(kerr(&fname))?;
        let Node::Sort(u) = tc.store.node(s).clone() else {
            return Err(unsupported("the result type is not a type".into()));
        };
        let bs = open_dom(&mut tc, mdom[o.member]);
        let mut from = o.idx.clone();
        from.push(o.x());
        let a = tc.store.abstract_fvars(g, &from);
        let body = tc.store.instantiate_rev(a, &bs);
        fmot.push(tc.mk_binding(true, &bs, body));
        flev.push(u);
    }
    let mut motives = Vec::new();
    let mut mlevels = Vec::new();
    for (j, &md) in mdom.iter().enumerate() {
        match on[j].as_slice() {
            [q] => {
                motives.push(fmot[*q]);
                mlevels.push(flev[*q].clone());
            }
            qs => {
                let bs = open_dom(&mut tc, md);
                let (mut ty, mut lev) = (punit1, one.clone());
                for &q in qs.iter().rev() {
                    let fq = tc.store.apps(fmot[q], &bs);
                    let c = tc.store.cnst("PProd", vec![flev[q].clone(), lev.clone()]);
                    ty = tc.store.apps(c, &[fq, ty]);
                    lev = Level::max(&Level::max(&one, &flev[q]), &lev);
                }
                motives.push(tc.mk_binding(true, &bs, ty));
                mlevels.push(lev);
            }
        }
    }
    let big_u = mlevels.iter().fold(one.clone(), |a, b| Level::max(&a, b));
    let pprod = |tc: &mut TypeChecker<'_>, l1: &Level, l2: &Level, a: Expr, b: Expr| {
        let c = tc.store.cnst("PProd", vec![l1.clone(), l2.clone()]);
        tc.store.apps(c, &[a, b])
    };
    let rec_c = |tc: &mut TypeChecker<'_>, j: usize, elim: &Level| {
        let mut lv = vec![elim.clone()];
        lv.extend(ls.iter().cloned());
        tc.store.cnst(block.members[j].rec.clone(), lv)
    };
    // `below_j is t`: the table of results for the values below `t`.
    let sort_u = tc.store.sort(big_u.clone());
    let below_motives: Vec<Expr> = mdom
        .iter()
        .map(|&md| {
            let bs = open_dom(&mut tc, md);
            tc.mk_binding(true, &bs, sort_u)
        })
        .collect();
    let minors_below = minors(
        &mut tc,
        &block,
        after_params,
        &below_motives,
        &mut |tc, m, c, ihs, _| {
            let shape = &block.members[m].ctors[c];
            let mut ty = tc.store.cnst("PUnit", vec![big_u.clone()]);
            for (ih, &h) in shape.ihs.iter().zip(ihs).rev() {
                if !ih.simple {
                    continue;
                }
                // `h : (fun is t => Sort U) ts f`: the spine gives the indices and value.
                let ht = tc.local_type(h).unwrap_or(h);
                let (_, hargs) = tc.store.unfold_apps(ht);
                let mf = tc.store.apps(motives[ih.member], &hargs);
                let entry = pprod(tc, &mlevels[ih.member], &big_u, mf, h);
                ty = pprod(tc, &big_u, &big_u, entry, ty);
            }
            Ok(ty)
        },
    )?;
    let succ_u = big_u.succ();
    let mut belows = Vec::new();
    for (j, &md) in mdom.iter().enumerate() {
        let r = rec_c(&mut tc, j, &succ_u);
        let mut args = ps.clone();
        args.extend(&below_motives);
        args.extend(&minors_below);
        let r = tc.store.apps(r, &args);
        let bs = open_dom(&mut tc, md);
        let body = tc.store.apps(r, &bs);
        belows.push(tc.mk_binding(true, &bs, body));
    }
    // The functionals `G_q is x b (extra)`, by pattern matching.
    let slot_of = |q: usize| {
        let here = &on[opened[q].member];
        if here.len() > 1 {
            here.iter().position(|&k| k == q)
        } else {
            None
        }
    };
    let rec_ctx = RecCtx {
        fns: defs
            .iter()
            .zip(&opened)
            .enumerate()
            .map(|(q, (d, o))| RecFn {
                name: d.name.clone(),
                arity: o.args.len(),
                dec: o.dec,
                skip: o
                    .idx
                    .iter()
                    .filter_map(|i| o.args.iter().position(|a| a == i))
                    .collect(),
                member: o.member,
                slot: slot_of(q),
            })
            .collect(),
        fixed: fixed.clone(),
        block: block.clone(),
    };
    let mut fn_functionals = Vec::new();
    let mut all_cases = Vec::new();
    for (d, o) in defs.iter().zip(&opened) {
        let j = o.member;
        let mut heads = o.idx.clone();
        heads.push(o.x());
        let bty = tc.store.apps(belows[j], &heads);
        let b = tc.fresh_local(Name::new("b"), bty);
        let alts = open_alts(&mut tc, d);
        let spans = d.equations.iter().map(|e| e.span).collect();
        let mut ctx = fixed.clone();
        ctx.extend(&heads);
        ctx.push(b);
        ctx.extend(&o.extra);
        let p = Problem {
            ctx,
            vars: o.args.clone(),
            alts,
            goal: o.goal,
            examples: o.args.clone(),
            below: Some(BelowState {
                b,
                root: o.x(),
                root_member: j,
                entries: Vec::new(),
            }),
        };
        let head = lemma_head(&mut tc, d);
        let mut m = Matcher::new(&mut tc, d.name.clone(), spans);
        m.rec = Some(rec_ctx.clone());
        m.lemma_head = Some(head);
        let body = m.run(p, 0)?;
        check_coverage(&m, d)?;
        all_cases.push(std::mem::take(&mut m.case_lemmas));
        let mut bs = heads;
        bs.push(b);
        bs.extend(&o.extra);
        fn_functionals.push(tc.mk_binding(true, &bs, body));
    }
    // Per member: `G_j is t b : M_j is t`.
    let mut functionals = Vec::new();
    for (j, &md) in mdom.iter().enumerate() {
        let g = match on[j].as_slice() {
            [q] => fn_functionals[*q],
            qs => {
                let mut bs = open_dom(&mut tc, md);
                let bty = tc.store.apps(belows[j], &bs);
                let b = tc.fresh_local(Name::new("b"), bty);
                let mut val = tc.store.cnst("PUnit.unit", vec![one.clone()]);
                let (mut ty, mut lev) = (punit1, one.clone());
                let mut gargs = bs.clone();
                gargs.push(b);
                for &q in qs.iter().rev() {
                    let gq = tc.store.apps(fn_functionals[q], &gargs);
                    let fq = tc.store.apps(fmot[q], &bs);
                    let mk = tc
                        .store
                        .cnst("PProd.mk", vec![flev[q].clone(), lev.clone()]);
                    val = tc.store.apps(mk, &[fq, ty, gq, val]);
                    let c = tc.store.cnst("PProd", vec![flev[q].clone(), lev.clone()]);
                    ty = tc.store.apps(c, &[fq, ty]);
                    lev = Level::max(&Level::max(&one, &flev[q]), &lev);
                }
                bs.push(b);
                tc.mk_binding(true, &bs, val)
            }
        };
        functionals.push(g);
    }
    // `brec_j is t : PProd (M_j is t) (below_j is t)`.
    let brec_motives: Vec<Expr> = mdom
        .iter()
        .enumerate()
        .map(|(j, &md)| {
            let bs = open_dom(&mut tc, md);
            let mx = tc.store.apps(motives[j], &bs);
            let bx = tc.store.apps(belows[j], &bs);
            let body = pprod(&mut tc, &mlevels[j], &big_u, mx, bx);
            tc.mk_binding(true, &bs, body)
        })
        .collect();
    let minors_brec = minors(
        &mut tc,
        &block,
        after_params,
        &brec_motives,
        &mut |tc, m, c, ihs, concl| {
            let shape = &block.members[m].ctors[c];
            let mut ty = tc.store.cnst("PUnit", vec![big_u.clone()]);
            let mut val = tc.store.cnst("PUnit.unit", vec![big_u.clone()]);
            for (ih, &h) in shape.ihs.iter().zip(ihs).rev() {
                if !ih.simple {
                    continue;
                }
                let ht = tc.local_type(h).unwrap_or(h);
                let (_, hargs) = tc.store.unfold_apps(ht);
                let mf = tc.store.apps(motives[ih.member], &hargs);
                let bf = tc.store.apps(belows[ih.member], &hargs);
                let entry = pprod(tc, &mlevels[ih.member], &big_u, mf, bf);
                let mk = tc
                    .store
                    .cnst("PProd.mk", vec![big_u.clone(), big_u.clone()]);
                val = tc.store.apps(mk, &[entry, ty, h, val]);
                ty = pprod(tc, &big_u, &big_u, entry, ty);
            }
            // The conclusion `motive_m ts (c fs)` gives the indices and the value.
            let mc = tc.store.apps(motives[m], concl);
            let bc = tc.store.apps(belows[m], concl);
            let mut gargs = concl.to_vec();
            gargs.push(val);
            let g = tc.store.apps(functionals[m], &gargs);
            let mk = tc
                .store
                .cnst("PProd.mk", vec![mlevels[m].clone(), big_u.clone()]);
            Ok(tc.store.apps(mk, &[mc, bc, g, val]))
        },
    )?;
    let mut values = Vec::new();
    for (q, o) in opened.iter().enumerate() {
        let r = rec_c(&mut tc, o.member, &big_u);
        let mut args = ps.clone();
        args.extend(&brec_motives);
        args.extend(&minors_brec);
        args.extend(&o.idx);
        args.push(o.x());
        let fx = tc.store.apps(r, &args);
        let mut body = tc.store.proj("PProd", 0, fx);
        if let Some(slot) = slot_of(q) {
            for _ in 0..slot {
                body = tc.store.proj("PProd", 1, body);
            }
            body = tc.store.proj("PProd", 0, body);
        }
        body = tc.store.apps(body, &o.extra);
        values.push(tc.mk_binding(true, &o.args, body));
    }
    Ok((values, all_cases))
}

/// A builder of one minor premise's body from its member, constructor, hypotheses and
/// the arguments of its conclusion's motive (indices, then the constructor application).
type MinorBody<'x> = dyn FnMut(&mut TypeChecker<'_>, usize, usize, &[Expr], &[Expr]) -> Result<Expr, MatchError>
    + 'x;

/// Builds every minor premise of a recursor whose type, after the parameters, is `t`,
/// for the given motives.
fn minors(
    tc: &mut TypeChecker<'_>,
    block: &Block,
    mut t: Expr,
    motives: &[Expr],
    body: &mut MinorBody<'_>,
) -> Result<Vec<Expr>, MatchError> {
    let bad = || MatchError::Malformed {
        function: block.members[0].rec.clone(),
        detail: "unexpected recursor type".into(),
    };
    for &m in motives {
        let Node::Pi(_, _, _, b) = tc.store.node(t).clone() else {
            return Err(bad());
        };
        t = tc.store.instantiate1(b, m);
    }
    let mut out = Vec::new();
    for (mi, member) in block.members.iter().enumerate() {
        for (ci, c) in member.ctors.iter().enumerate() {
            let Node::Pi(_, _, d, b) = tc.store.node(t).clone() else {
                return Err(bad());
            };
            let mut mt = d;
            let mut xs = Vec::new();
            for _ in 0..c.num_fields + c.ihs.len() {
                let Node::Pi(n, _, fd, fb) = tc.store.node(mt).clone() else {
                    return Err(bad());
                };
                let x = tc.fresh_local(n, fd);
                xs.push(x);
                mt = tc.store.instantiate1(fb, x);
            }
            let (_, concl) = tc.store.unfold_apps(mt);
            let ihs = xs.get(c.num_fields..).unwrap_or(&[]);
            let v = body(tc, mi, ci, ihs, &concl)?;
            let v = tc.mk_binding(true, &xs, v);
            out.push(v);
            t = tc.store.instantiate1(b, v);
        }
    }
    Ok(out)
}
