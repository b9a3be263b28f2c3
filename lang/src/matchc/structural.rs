//! Structural recursion compiled through the recursors with a course-of-values table.
//!
//! For a group of functions `f_q (fixed) (pre) (x_q : T_j ps) (post) : R_q` recursing on
//! `x_q`, each over a type `T_j` of one block (mutual, or nested: `List Tree` is a type of
//! `Tree`'s block), with `M_j t := (pre) → (post) → R_q[x_q := t]` (a `PProd` tuple of
//! these when several functions recurse on `T_j`, `PUnit` when none does) and
//! `U := max 1 u_j`:
//!
//! ```text
//! below_j t := T_j.rec.{U+1} (fun _ => Sort U)…
//!                (fun fs ihs => PProd (PProd (M_k f) ih_f) (… PUnit))…  t
//! brec_j t  := T_j.rec.{U} (fun t => PProd (M_j t) (below_j t))…
//!                (fun fs ihs => let b := ⟨ih_f, …, ()⟩ ; ⟨G_j (c fs) b, b⟩)…  t
//! f_q fixed pre x post := (brec_j x).1 pre post
//! ```
//!
//! where `ih_f` ranges over the recursive fields of constructor `c` and `G_j x b` is the
//! decision tree of `f_q` in which `b : below_j x` is reverted at each case split (so its
//! type unfolds along the patterns) and a recursive call `f_k … y …` on a value `y`
//! reached through the patterns becomes a projection of `b`. This is Lean's
//! `below`/`brecOn` construction, with `below` and `brecOn` inlined instead of being
//! separate constants. Calls on anything else are [`MatchError::NotStructural`].

use super::cases::{block_of, Block};
use super::compile::{BelowState, CaseLemma, Matcher, Problem, RecCtx, RecFn};
use super::error::MatchError;
use super::{check_coverage, intro_args, lemma_head, open_alts, EqnDef, Pat};
use cedrus_kernel::tc::TypeChecker;
use cedrus_kernel::{ConstantKind, Environment, Expr, KernelError, Level, Name, Node, Store};

/// Largest number of combinations of decreasing arguments tried for a mutual group.
const MAX_COMBINATIONS: usize = 256;

fn kerr(decl: &Name) -> impl Fn(KernelError) -> MatchError + '_ {
    move |error| MatchError::Kernel {
        decl: decl.clone(),
        error,
    }
}

/// The recursive calls in `e` (to any of `names`): callee index and arguments.
fn calls(store: &Store, e: Expr, names: &[Name]) -> Vec<(usize, Vec<Expr>)> {
    let mut out = Vec::new();
    let mut stack = vec![e];
    let mut seen = std::collections::HashSet::new();
    while let Some(e) = stack.pop() {
        if !seen.insert(e) {
            continue;
        }
        let (head, args) = store.unfold_apps(e);
        if let Node::Const(n, _) = store.node(head) {
            if let Some(i) = names.iter().position(|m| m == n) {
                out.push((i, args.clone()));
                stack.extend(args);
                continue;
            }
        }
        match store.node(e) {
            Node::App(f, x) => stack.extend([*f, *x]),
            Node::Lam(_, _, d, b) | Node::Pi(_, _, d, b) => stack.extend([*d, *b]),
            Node::Let(_, t, v, b) => stack.extend([*t, *v, *b]),
            Node::Proj(_, _, x) => stack.push(*x),
            _ => {}
        }
    }
    out
}

/// Length of the prefix of arguments passed unchanged by every recursive call.
fn fixed_prefix(env: &Environment, defs: &[EqnDef]) -> usize {
    let names: Vec<Name> = defs.iter().map(|d| d.name.clone()).collect();
    let mut n = defs
        .iter()
        .map(|d| super::arity(env, d.fn_type))
        .min()
        .unwrap_or(0);
    for d in defs {
        for e in &d.equations {
            for (_, args) in calls(env.store(), e.rhs, &names) {
                let k = args
                    .iter()
                    .zip(&e.patterns)
                    .take_while(|(a, p)| matches!(p, Pat::Var(v) if v == *a))
                    .count();
                n = n.min(k);
            }
        }
    }
    n
}

/// The inductive type heading `ty` after weak-head normalisation.
fn inductive_head(tc: &mut TypeChecker<'_>, ty: Expr) -> Option<(Name, Vec<Level>, Vec<Expr>)> {
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

/// Compiles a structurally recursive group; returns the values and decreasing arguments.
pub(crate) fn compile_group(
    env: &mut Environment,
    defs: &[EqnDef],
) -> Result<GroupOutput, MatchError> {
    let first = &defs[0].name;
    for c in ["PProd", "PProd.mk", "PUnit", "PUnit.unit"] {
        if env.get(&Name::new(c)).is_none() {
            return Err(MatchError::Unsupported {
                function: first.clone(),
                detail: format!("structural recursion needs `{c}` in the environment"),
            });
        }
    }
    let nfixed = fixed_prefix(env, defs);
    // Candidate decreasing arguments and their types' heads.
    let mut cands: Vec<Vec<(usize, Name)>> = Vec::new();
    {
        let mut tc = env.type_checker(first.clone(), defs[0].lparams.clone());
        for d in defs {
            let (args, _) = intro_args(&mut tc, d.fn_type);
            let mut cs = Vec::new();
            for (k, &a) in args.iter().enumerate().skip(nfixed) {
                let ty = tc.local_type(a).unwrap_or(a);
                if let Some((n, _, _)) = inductive_head(&mut tc, ty) {
                    cs.push((k, n));
                }
            }
            cands.push(cs);
        }
    }
    if let Some(i) = cands.iter().position(|c| c.is_empty()) {
        let d = &defs[i];
        let names: Vec<Name> = defs.iter().map(|d| d.name.clone()).collect();
        let mut found = None;
        for e in &d.equations {
            if let Some((g, args)) = calls(env.store(), e.rhs, &names).into_iter().next() {
                let mut s = defs[g].name.to_string();
                for &a in &args {
                    s.push(' ');
                    s.push_str(&cedrus_kernel::pp::pp_closed(env.store(), a));
                }
                found = Some((s, e.span));
                break;
            }
        }
        let (call, span) = found.unwrap_or_default();
        return Err(MatchError::NotStructural {
            span,
            function: d.name.clone(),
            call,
            argument: None,
            reason: "no argument of an inductive type can decrease".into(),
        });
    }
    let mut choice = vec![0usize; defs.len()];
    let mut first_err: Option<MatchError> = None;
    for _ in 0..MAX_COMBINATIONS {
        let decs: Vec<usize> = choice.iter().zip(&cands).map(|(&i, c)| c[i].0).collect();
        let mut heads: Vec<Name> = choice
            .iter()
            .zip(&cands)
            .map(|(&i, c)| c[i].1.clone())
            .collect();
        heads.dedup();
        let mut block: Option<Block> = None;
        for h in &heads {
            let b = block_of(env, h)?;
            if block
                .as_ref()
                .is_none_or(|cur| b.members.len() > cur.members.len())
            {
                block = Some(b);
            }
        }
        if let Some(block) = block {
            match build(env, defs, &decs, nfixed, block) {
                Ok((values, cases)) => return Ok((values, decs, cases)),
                Err(e @ MatchError::NotStructural { .. }) => {
                    first_err.get_or_insert(e);
                }
                Err(e @ MatchError::Unsupported { .. }) if defs.len() > 1 => {
                    first_err.get_or_insert(e);
                }
                Err(e) => return Err(e),
            }
        }
        // Next combination (odometer).
        let mut i = 0;
        loop {
            if i == choice.len() {
                return Err(first_err.unwrap_or_else(|| MatchError::Unsupported {
                    function: first.clone(),
                    detail: "no decreasing argument found".into(),
                }));
            }
            choice[i] += 1;
            if choice[i] < cands[i].len() {
                break;
            }
            choice[i] = 0;
            i += 1;
        }
    }
    Err(first_err.unwrap_or_else(|| MatchError::Unsupported {
        function: first.clone(),
        detail: "too many combinations of decreasing arguments".into(),
    }))
}

/// Values, decreasing arguments and leaf lemmas of each function of a group.
pub(crate) type GroupOutput = (Vec<Expr>, Vec<usize>, Vec<Vec<CaseLemma>>);

/// One function of the group, opened in the checker.
struct Opened {
    args: Vec<Expr>,
    goal: Expr,
    dec: usize,
    member: usize,
}

/// Builds the values of the group for the given decreasing arguments.
fn build(
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
    if block.members.iter().any(|m| m.num_indices != 0) {
        return Err(unsupported(
            "structural recursion over an indexed family".into(),
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
            if Some(dom) != tc.local_type(fx) && defs.len() > 1 {
                let a = tc.store.abstract_fvars(dom, &fixed);
                let a2 = tc
                    .local_type(fx)
                    .map(|t| tc.store.abstract_fvars(t, &fixed));
                if Some(a) != a2 {
                    return Err(unsupported(
                        "the mutual functions have different fixed arguments".into(),
                    ));
                }
            }
            ty = tc.store.instantiate1(b, fx);
        }
        let (rest, goal) = intro_args(&mut tc, ty);
        let mut args = fixed.clone();
        args.extend(rest);
        let x = args[dec];
        let xty = tc.local_type(x).unwrap_or(x);
        let Some((ind, ls, targs)) = inductive_head(&mut tc, xty) else {
            return Err(unsupported(
                "the decreasing argument is not inductive".into(),
            ));
        };
        if block_args.is_none() && block.members.iter().any(|m| m.rec == ind.child("rec")) {
            let ps = targs.iter().take(block.num_params).copied().collect();
            block_args = Some((ls, ps));
        }
        opened.push(Opened {
            args,
            goal,
            dec,
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
    // Member types `D_j`.
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
    let mut dom = Vec::new();
    for _ in 0..block.members.len() {
        let Node::Pi(n, _, d, b) = tc.store.node(t).clone() else {
            return Err(unsupported("unexpected recursor type".into()));
        };
        let Node::Pi(_, _, dj, _) = tc.store.node(d).clone() else {
            return Err(unsupported("unexpected motive type".into()));
        };
        dom.push(dj);
        let dummy = tc.fresh_local(n, d);
        t = tc.store.instantiate1(b, dummy);
    }
    // Assign members.
    for o in &mut opened {
        let x = o.args[o.dec];
        let xty = tc.local_type(x).unwrap_or(x);
        let xty = tc.whnf(xty).map_err(kerr(&fname))?;
        let Some(j) = dom.iter().position(|&d| d == xty) else {
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
    // Motives: `F_q t := (pre) → (post) → R_q[x := t]` per function, and per member
    // `M_j` = the only `F_q`, a tuple of them, or `PUnit`.
    let one = Level::one();
    let punit1 = tc.store.cnst("PUnit", vec![one.clone()]);
    let mut fmot = Vec::new();
    let mut flev = Vec::new();
    for o in &opened {
        let x = o.args[o.dec];
        let mut pp: Vec<Expr> = o.args[nfixed..o.dec].to_vec();
        pp.extend(&o.args[o.dec + 1..]);
        let g = tc.mk_binding(false, &pp, o.goal);
        let s = tc.infer(g, true).map_err(kerr(&fname))?;
        let s = tc.whnf(s).map_err(kerr(&fname))?;
        let Node::Sort(u) = tc.store.node(s).clone() else {
            return Err(unsupported("the result type is not a type".into()));
        };
        let body = tc.store.abstract_fvars(g, &[x]);
        fmot.push(tc.store.lam("t", dom[o.member], body));
        flev.push(u);
    }
    let mut motives = Vec::new();
    let mut mlevels = Vec::new();
    for (j, &dj) in dom.iter().enumerate() {
        match on[j].as_slice() {
            [] => {
                let body = tc.store.lift(punit1, 1);
                motives.push(tc.store.lam("t", dj, body));
                mlevels.push(one.clone());
            }
            [q] => {
                motives.push(fmot[*q]);
                mlevels.push(flev[*q].clone());
            }
            qs => {
                let t = tc.fresh_local(Name::new("t"), dj);
                let (mut ty, mut lev) = (punit1, one.clone());
                for &q in qs.iter().rev() {
                    let fq = tc.store.app(fmot[q], t);
                    let c = tc.store.cnst("PProd", vec![flev[q].clone(), lev.clone()]);
                    ty = tc.store.apps(c, &[fq, ty]);
                    lev = Level::max(&Level::max(&one, &flev[q]), &lev);
                }
                motives.push(tc.mk_binding(true, &[t], ty));
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
    // `below_j`.
    let sort_u = tc.store.sort(big_u.clone());
    let below_motives: Vec<Expr> = dom
        .iter()
        .map(|&dj| {
            let b = tc.store.lift(sort_u, 1);
            tc.store.lam("t", dj, b)
        })
        .collect();
    let minors_below = minors(
        &mut tc,
        &block,
        after_params,
        &below_motives,
        &mut |tc, m, c, fields, ihs| {
            let shape = &block.members[m].ctors[c];
            let mut ty = tc.store.cnst("PUnit", vec![big_u.clone()]);
            for (ih, &h) in shape.ihs.iter().zip(ihs).rev() {
                if !ih.simple {
                    continue;
                }
                let f = fields[ih.field];
                let mf = tc.store.app(motives[ih.member], f);
                let entry = pprod(tc, &mlevels[ih.member], &big_u, mf, h);
                ty = pprod(tc, &big_u, &big_u, entry, ty);
            }
            Ok(ty)
        },
    )?;
    let succ_u = big_u.succ();
    let mut belows = Vec::new();
    for (j, &dj) in dom.iter().enumerate() {
        let r = rec_c(&mut tc, j, &succ_u);
        let mut args = ps.clone();
        args.extend(&below_motives);
        args.extend(&minors_below);
        let r = tc.store.apps(r, &args);
        let x = tc.fresh_local(Name::new("t"), dj);
        let body = tc.store.app(r, x);
        belows.push(tc.mk_binding(true, &[x], body));
    }
    // The functionals `G_j x b`, by pattern matching.
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
        let x = o.args[o.dec];
        let bty = tc.store.app(belows[j], x);
        let b = tc.fresh_local(Name::new("b"), bty);
        let alts = open_alts(&mut tc, d);
        let spans = d.equations.iter().map(|e| e.span).collect();
        let mut ctx = fixed.clone();
        ctx.push(x);
        ctx.push(b);
        ctx.extend(&o.args[nfixed..o.dec]);
        ctx.extend(&o.args[o.dec + 1..]);
        let p = Problem {
            ctx,
            vars: o.args.clone(),
            alts,
            goal: o.goal,
            examples: o.args.clone(),
            below: Some(BelowState {
                b,
                root: x,
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
        let mut bs = vec![x, b];
        bs.extend(&o.args[nfixed..o.dec]);
        bs.extend(&o.args[o.dec + 1..]);
        fn_functionals.push(tc.mk_binding(true, &bs, body));
    }
    let mut functionals = Vec::new();
    for (j, &dj) in dom.iter().enumerate() {
        let g = match on[j].as_slice() {
            [q] => fn_functionals[*q],
            qs => {
                let x = tc.fresh_local(Name::new("t"), dj);
                let bty = tc.store.app(belows[j], x);
                let b = tc.fresh_local(Name::new("b"), bty);
                let mut val = tc.store.cnst("PUnit.unit", vec![one.clone()]);
                let (mut ty, mut lev) = (punit1, one.clone());
                for &q in qs.iter().rev() {
                    let gq = tc.store.apps(fn_functionals[q], &[x, b]);
                    let fq = tc.store.app(fmot[q], x);
                    let mk = tc
                        .store
                        .cnst("PProd.mk", vec![flev[q].clone(), lev.clone()]);
                    val = tc.store.apps(mk, &[fq, ty, gq, val]);
                    let c = tc.store.cnst("PProd", vec![flev[q].clone(), lev.clone()]);
                    ty = tc.store.apps(c, &[fq, ty]);
                    lev = Level::max(&Level::max(&one, &flev[q]), &lev);
                }
                tc.mk_binding(true, &[x, b], val)
            }
        };
        functionals.push(g);
    }
    // `brec_j`.
    let brec_motives: Vec<Expr> = dom
        .iter()
        .enumerate()
        .map(|(j, &dj)| {
            let x = tc.fresh_local(Name::new("t"), dj);
            let mx = tc.store.app(motives[j], x);
            let bx = tc.store.app(belows[j], x);
            let body = pprod(&mut tc, &mlevels[j], &big_u, mx, bx);
            tc.mk_binding(true, &[x], body)
        })
        .collect();
    let minors_brec = minors(
        &mut tc,
        &block,
        after_params,
        &brec_motives,
        &mut |tc, m, c, fields, ihs| {
            let shape = &block.members[m].ctors[c];
            let cval = {
                let ctor = shape.ctor.clone();
                let (head_ls, head_ps) = {
                    let (h, a) = tc.store.unfold_apps(dom[m]);
                    match tc.store.node(h) {
                        Node::Const(_, l) => (l.clone(), a),
                        _ => (vec![], a),
                    }
                };
                let cc = tc.store.cnst(ctor, head_ls);
                let cc = tc.store.apps(cc, &head_ps);
                tc.store.apps(cc, fields)
            };
            let mut ty = tc.store.cnst("PUnit", vec![big_u.clone()]);
            let mut val = tc.store.cnst("PUnit.unit", vec![big_u.clone()]);
            for (ih, &h) in shape.ihs.iter().zip(ihs).rev() {
                if !ih.simple {
                    continue;
                }
                let f = fields[ih.field];
                let mf = tc.store.app(motives[ih.member], f);
                let bf = tc.store.app(belows[ih.member], f);
                let entry = pprod(tc, &mlevels[ih.member], &big_u, mf, bf);
                let mk = tc
                    .store
                    .cnst("PProd.mk", vec![big_u.clone(), big_u.clone()]);
                val = tc.store.apps(mk, &[entry, ty, h, val]);
                ty = pprod(tc, &big_u, &big_u, entry, ty);
            }
            let mc = tc.store.app(motives[m], cval);
            let bc = tc.store.app(belows[m], cval);
            let g = tc.store.apps(functionals[m], &[cval, val]);
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
        let r = tc.store.apps(r, &args);
        let x = o.args[o.dec];
        let fx = tc.store.app(r, x);
        let mut body = tc.store.proj("PProd", 0, fx);
        if let Some(slot) = slot_of(q) {
            for _ in 0..slot {
                body = tc.store.proj("PProd", 1, body);
            }
            body = tc.store.proj("PProd", 0, body);
        }
        body = tc.store.apps(body, &o.args[nfixed..o.dec]);
        body = tc.store.apps(body, &o.args[o.dec + 1..]);
        values.push(tc.mk_binding(true, &o.args, body));
    }
    Ok((values, all_cases))
}

/// A builder of one minor premise's body from its member, constructor, fields and
/// hypotheses.
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
            let (fields, ihs) = xs.split_at(c.num_fields);
            let v = body(tc, mi, ci, fields, ihs)?;
            let v = tc.mk_binding(true, &xs, v);
            out.push(v);
            t = tc.store.instantiate1(b, v);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matchc::testlib::nat_list_tree;
    use crate::matchc::{Equation, LocalVar};

    #[test]
    fn calls_finds_nested_recursive_calls_with_their_arguments() {
        let mut env = nat_list_tree();
        let s = env.store_mut();
        let f = s.cnst("f", vec![]);
        let x = s.mk(Node::FVar(7));
        let succ = s.cnst("Nat.succ", vec![]);
        let inner = s.app(f, x);
        let sx = s.app(succ, inner);
        let outer = s.app(f, sx);
        let lam = s.lam("y", x, outer);
        let found = calls(env.store(), lam, &[Name::new("f")]);
        assert_eq!(found.len(), 2);
        assert!(found.iter().any(|(_, a)| a == &vec![x]));
        assert!(found.iter().any(|(_, a)| a == &vec![sx]));
        assert!(calls(env.store(), x, &[Name::new("f")]).is_empty());
    }

    #[test]
    fn fixed_prefix_stops_at_the_first_changed_argument() {
        let mut env = nat_list_tree();
        let s = env.store_mut();
        let nat = s.cnst("Nat", vec![]);
        let ty = s.arrow(nat, nat);
        let ty = s.arrow(nat, ty);
        let a = s.mk(Node::FVar(1));
        let n = s.mk(Node::FVar(2));
        let g = s.cnst("g", vec![]);
        let succ = s.cnst("Nat.succ", vec![]);
        let keep = s.apps(g, &[a, n]);
        let sa = s.app(succ, a);
        let change = s.apps(g, &[sa, n]);
        let var = |fvar, name: &str| LocalVar {
            fvar,
            name: Name::new(name),
            ty: nat,
        };
        let eqn = |rhs| Equation {
            vars: vec![var(a, "a"), var(n, "n")],
            patterns: vec![Pat::Var(a), Pat::Var(n)],
            rhs,
            span: (0, 0),
        };
        let def = |rhs| EqnDef {
            name: Name::new("g"),
            lparams: vec![],
            fn_type: ty,
            equations: vec![eqn(rhs)],
        };
        assert_eq!(fixed_prefix(&env, &[def(keep)]), 2);
        assert_eq!(fixed_prefix(&env, &[def(change)]), 0);
    }
}
