//! Checking inductive blocks and generating their recursors.
//!
//! A block is checked as in Lean 4's kernel: the types share their parameters and result
//! universe; each constructor takes the parameters, then fields, and returns one of the
//! block's types applied to exactly those parameters; fields are strictly positive and
//! live in a universe no larger than the type's (unless it is a `Prop`). Nested occurrences
//! (`List T` inside `T`) are first translated to an auxiliary mutual block (the private `nested` module).

use crate::decl::{
    ConstantInfo, ConstantKind, ConstructorInfo, InductiveBlock, InductiveInfo, RecRule,
    RecursorInfo,
};
use crate::env::{check_lparams, Environment};
use crate::error::KernelError;
use crate::expr::{Expr, Node};
use crate::level::Level;
use crate::name::Name;
use crate::tc::TypeChecker;
use std::collections::HashSet;

/// Per-constructor facts gathered while checking.
struct CtorData {
    name: Name,
    fields: Vec<Expr>,
    indices: Vec<Expr>,
}

/// Per-type facts gathered while checking.
struct TypeData {
    name: Name,
    indices: Vec<Expr>,
    ctors: Vec<CtorData>,
}

/// Checks a block and adds its types, constructors and recursors. Returns the added names.
pub(crate) fn add_inductive(
    env: &mut Environment,
    block: &InductiveBlock,
) -> Result<Vec<Name>, KernelError> {
    let decl =
        block
            .types
            .first()
            .map(|t| t.name.clone())
            .ok_or_else(|| KernelError::BadInductive {
                decl: Name::anonymous(),
                detail: "empty inductive block".into(),
            })?;
    check_lparams(&decl, &block.lparams)?;
    let mut fresh = HashSet::new();
    for t in &block.types {
        let mut ns = vec![t.name.clone(), t.name.child("rec")];
        ns.extend(t.ctors.iter().map(|c| c.name.clone()));
        for n in ns {
            if env.get(&n).is_some() || !fresh.insert(n.clone()) {
                return Err(KernelError::DuplicateConstant { decl: n });
            }
        }
    }
    // Header checks: every type and constructor type is closed; the types are types.
    let mut levels = Vec::new();
    {
        let (store, table) = env.parts();
        let mut tc = TypeChecker::new(store, table, decl.clone(), block.lparams.clone());
        for t in &block.types {
            tc.check_closed(t.ty)?;
            tc.ensure_type(t.ty, "type of an inductive type")?;
            let (_, idx, l) = walk_type(&mut tc, t.ty, block.num_params, None)?;
            levels.push((l, idx.len() as u32));
            for c in &t.ctors {
                tc.check_closed(c.ty)?;
            }
        }
    }
    let result_level = levels[0].0.clone();
    if levels.iter().any(|(l, _)| !l.equiv(&result_level)) {
        return Err(KernelError::BadInductive {
            decl,
            detail: "the types of a mutual block must live in the same universe".into(),
        });
    }
    let mut translated = crate::nested::eliminate(env, block)?;
    for (i, (_, n)) in levels.iter().enumerate() {
        translated.nidx[i] = *n;
    }
    let ext = &translated.block;
    // The types of the extended block are visible while checking constructors.
    let all: Vec<Name> = block.types.iter().map(|t| t.name.clone()).collect();
    let ext_names: Vec<Name> = ext.types.iter().map(|t| t.name.clone()).collect();
    let is_prop = result_level.is_zero();
    for (t, &nidx) in ext.types.iter().zip(&translated.nidx) {
        env.insert_checked(ConstantInfo {
            name: t.name.clone(),
            lparams: block.lparams.clone(),
            ty: t.ty,
            kind: ConstantKind::Inductive(InductiveInfo {
                num_params: block.num_params,
                num_indices: nidx,
                all: all.clone(),
                ctors: t.ctors.iter().map(|c| c.name.clone()).collect(),
                is_rec: false,
                is_prop,
            }),
        });
    }
    let generated = check_and_generate(env, ext, &decl, &result_level, &translated);
    env.remove_constants(&ext_names);
    let generated = generated?;
    let mut added = Vec::new();
    // Originals: types, constructors (with the user's types), recursors.
    for (ti, t) in block.types.iter().enumerate() {
        let is_rec = generated.is_rec;
        env.insert_checked(ConstantInfo {
            name: t.name.clone(),
            lparams: block.lparams.clone(),
            ty: t.ty,
            kind: ConstantKind::Inductive(InductiveInfo {
                num_params: block.num_params,
                num_indices: levels[ti].1,
                all: all.clone(),
                ctors: t.ctors.iter().map(|c| c.name.clone()).collect(),
                is_rec,
                is_prop,
            }),
        });
        added.push(t.name.clone());
        for (ci, c) in t.ctors.iter().enumerate() {
            let num_fields = generated.num_fields[ti][ci];
            env.insert_checked(ConstantInfo {
                name: c.name.clone(),
                lparams: block.lparams.clone(),
                ty: c.ty,
                kind: ConstantKind::Constructor(ConstructorInfo {
                    induct: t.name.clone(),
                    idx: ci as u32,
                    num_params: block.num_params,
                    num_fields,
                }),
            });
            added.push(c.name.clone());
        }
    }
    for r in generated.recursors {
        added.push(r.name.clone());
        env.insert_checked(r);
    }
    // The translated recursor types must be well formed in the final environment.
    let rec_names: Vec<Name> = added
        .iter()
        .filter(|n| matches!(env.get(n).map(|c| &c.kind), Some(ConstantKind::Recursor(_))))
        .cloned()
        .collect();
    for rn in &rec_names {
        let Some(info) = env.get(rn).cloned() else {
            continue;
        };
        let (store, table) = env.parts();
        let mut tc = TypeChecker::new(store, table, rn.clone(), info.lparams.clone());
        if let Err(e) = tc.ensure_type(info.ty, "generated recursor type") {
            env.remove_constants(&added);
            return Err(e);
        }
    }
    Ok(added)
}

/// Walks `(params) → (indices) → Sort l`. With `params`, the parameters are instantiated
/// with those free variables and their types must agree; otherwise fresh ones are made.
fn walk_type(
    tc: &mut TypeChecker<'_>,
    ty: Expr,
    np: u32,
    params: Option<&[Expr]>,
) -> Result<(Vec<Expr>, Vec<Expr>, Level), KernelError> {
    let mut cur = ty;
    let (mut ps, mut idx) = (Vec::new(), Vec::new());
    loop {
        let w = tc.whnf(cur)?;
        match tc.store.node(w).clone() {
            Node::Pi(n, _, d, b) => {
                let i = ps.len();
                let x = if (i as u32) < np {
                    match params {
                        Some(given) => {
                            let g = given[i];
                            let gt = tc.local_type(g).unwrap_or(g);
                            if !tc.is_def_eq(d, gt)? {
                                return Err(KernelError::BadInductive {
                                    decl: tc.decl.clone(),
                                    detail: format!(
                                        "parameter {} differs between the types of the block",
                                        i + 1
                                    ),
                                });
                            }
                            g
                        }
                        None => tc.fresh_local(n, d),
                    }
                } else {
                    tc.fresh_local(n, d)
                };
                if (ps.len() as u32) < np {
                    ps.push(x);
                } else {
                    idx.push(x);
                }
                cur = tc.store.instantiate1(b, x);
            }
            Node::Sort(l) => {
                if (ps.len() as u32) < np {
                    return Err(KernelError::BadInductive {
                        decl: tc.decl.clone(),
                        detail: format!("the type has fewer than {np} parameters"),
                    });
                }
                return Ok((ps, idx, l));
            }
            _ => {
                return Err(KernelError::BadInductive {
                    decl: tc.decl.clone(),
                    detail: "the type of an inductive type must end in a sort".into(),
                })
            }
        }
    }
}

/// What checking the extended block produced.
struct Generated {
    recursors: Vec<ConstantInfo>,
    num_fields: Vec<Vec<u32>>,
    is_rec: bool,
}

/// A recursive field's telescope, the block type it returns and that type's indices.
type RecField = (Vec<Expr>, usize, Vec<Expr>);

struct Ctx<'b> {
    names: &'b [Name],
    params: Vec<Expr>,
    nidx: Vec<usize>,
}

impl Ctx<'_> {
    fn mentions(&self, tc: &TypeChecker<'_>, e: Expr) -> bool {
        tc.store.any_subterm(
            e,
            &mut |s, x| matches!(s.node(x), Node::Const(n, _) if self.names.contains(n)),
        )
    }

    /// `I_k params indices` with the block's own parameters: returns `k` and the indices.
    fn valid_app(&self, tc: &TypeChecker<'_>, e: Expr) -> Option<(usize, Vec<Expr>)> {
        let (h, args) = tc.store.unfold_apps(e);
        let Node::Const(n, _) = tc.store.node(h) else {
            return None;
        };
        let k = self.names.iter().position(|m| m == n)?;
        let np = self.params.len();
        if args.len() != np + self.nidx[k] || args[..np] != self.params[..] {
            return None;
        }
        let idx = args[np..].to_vec();
        if idx.iter().any(|&i| self.mentions(tc, i)) {
            return None;
        }
        Some((k, idx))
    }

    /// A recursive field `(xs) → I_k params idx`: returns `xs`, `k`, `idx`.
    fn recursive_field(
        &self,
        tc: &mut TypeChecker<'_>,
        ty: Expr,
    ) -> Result<Option<RecField>, KernelError> {
        let mut xs = Vec::new();
        let mut cur = tc.whnf(ty)?;
        while let Node::Pi(n, _, d, b) = tc.store.node(cur).clone() {
            let x = tc.fresh_local(n, d);
            xs.push(x);
            let next = tc.store.instantiate1(b, x);
            cur = tc.whnf(next)?;
        }
        Ok(self.valid_app(tc, cur).map(|(k, idx)| (xs, k, idx)))
    }
}

fn check_and_generate(
    env: &mut Environment,
    ext: &InductiveBlock,
    decl: &Name,
    result_level: &Level,
    translated: &crate::nested::Translated,
) -> Result<Generated, KernelError> {
    let (store, table) = env.parts();
    let mut tc = TypeChecker::new(store, table, decl.clone(), ext.lparams.clone());
    let names: Vec<Name> = ext.types.iter().map(|t| t.name.clone()).collect();
    let lvls: Vec<Level> = ext
        .lparams
        .iter()
        .map(|p| Level::param(p.clone()))
        .collect();
    let (params, _, _) = walk_type(&mut tc, ext.types[0].ty, ext.num_params, None)?;
    let mut types = Vec::new();
    for t in &ext.types {
        let (_, indices, _) = walk_type(&mut tc, t.ty, ext.num_params, Some(&params))?;
        types.push(TypeData {
            name: t.name.clone(),
            indices,
            ctors: Vec::new(),
        });
    }
    let ctx = Ctx {
        names: &names,
        params: params.clone(),
        nidx: types.iter().map(|t| t.indices.len()).collect(),
    };
    let mut is_rec = false;
    for (j, t) in ext.types.iter().enumerate() {
        for c in &t.ctors {
            let data = check_ctor(&mut tc, &ctx, j, &c.name, c.ty, result_level, &lvls)?;
            for &f in &data.fields {
                let ft = tc.local_type(f).unwrap_or(f);
                if ctx.mentions(&tc, ft) {
                    is_rec = true;
                }
            }
            types[j].ctors.push(data);
        }
    }
    // Elimination: a Prop that is not a syntactic subsingleton only eliminates into Prop.
    let nctors: usize = types.iter().map(|t| t.ctors.len()).sum();
    let elim_prop_only = !result_level.is_never_zero()
        && (types.len() > 1
            || nctors > 1
            || match types[0].ctors.first() {
                None => false,
                Some(c) => {
                    let mut bad = false;
                    for &f in &c.fields {
                        let ft = tc.local_type(f).unwrap_or(f);
                        if !tc.is_prop(ft)? && !c.indices.contains(&f) {
                            bad = true;
                        }
                    }
                    bad
                }
            });
    let k_like = result_level.is_zero()
        && types.len() == 1
        && nctors == 1
        && types[0].ctors[0].fields.is_empty();
    let mut rec_lparams = ext.lparams.clone();
    let elim = if elim_prop_only {
        Level::zero()
    } else {
        let mut u = Name::new("u");
        let mut i = 1;
        while rec_lparams.contains(&u) {
            u = Name::new(&format!("u_{i}"));
            i += 1;
        }
        rec_lparams.insert(0, u.clone());
        Level::param(u)
    };
    let rec_levels: Vec<Level> = rec_lparams
        .iter()
        .map(|p| Level::param(p.clone()))
        .collect();
    let elim_sort = tc.store.sort(elim);
    // Motives.
    let mut motives = Vec::new();
    let mut majors = Vec::new();
    for (j, t) in types.iter().enumerate() {
        let c = tc.store.cnst(t.name.clone(), lvls.clone());
        let c = tc.store.apps(c, &params);
        let it = tc.store.apps(c, &t.indices);
        let major = tc.fresh_local(Name::new("t"), it);
        let mut bs = t.indices.clone();
        bs.push(major);
        let mt = tc.mk_binding(false, &bs, elim_sort);
        let mname = if types.len() == 1 {
            Name::new("motive")
        } else {
            Name::new(&format!("motive_{}", j + 1))
        };
        motives.push(tc.fresh_local(mname, mt));
        majors.push(major);
    }
    // Minor premises.
    let mut minors = Vec::new();
    let mut rec_fields = Vec::new();
    for (j, t) in types.iter().enumerate() {
        for c in &t.ctors {
            let mut ihs = Vec::new();
            let mut recs = Vec::new();
            for &f in &c.fields {
                let ft = tc.local_type(f).unwrap_or(f);
                if let Some((xs, k, idx)) = ctx.recursive_field(&mut tc, ft)? {
                    let fx = tc.store.apps(f, &xs);
                    let m = tc.store.apps(motives[k], &idx);
                    let body = tc.store.app(m, fx);
                    let iht = tc.mk_binding(false, &xs, body);
                    let ihn = Name::new(&format!("{}_ih", tc.local_name(f)));
                    ihs.push(tc.fresh_local(ihn, iht));
                    recs.push((f, xs, k, idx));
                }
            }
            let ctor = tc.store.cnst(c.name.clone(), lvls.clone());
            let ctor = tc.store.apps(ctor, &params);
            let ctor = tc.store.apps(ctor, &c.fields);
            let m = tc.store.apps(motives[j], &c.indices);
            let concl = tc.store.app(m, ctor);
            let mut bs = c.fields.clone();
            bs.extend(&ihs);
            let minor_ty = tc.mk_binding(false, &bs, concl);
            minors.push(tc.fresh_local(Name::new(c.name.last()), minor_ty));
            rec_fields.push(recs);
        }
    }
    let mut prefix = params.clone();
    prefix.extend(&motives);
    prefix.extend(&minors);
    let rec_name = |j: usize| -> Name { translated.rec_name(j, &names) };
    let mut recursors = Vec::new();
    let mut minor_i = 0;
    for (j, t) in types.iter().enumerate() {
        let mut bs = prefix.clone();
        bs.extend(&t.indices);
        bs.push(majors[j]);
        let m = tc.store.apps(motives[j], &t.indices);
        let concl = tc.store.app(m, majors[j]);
        let rec_ty = tc.mk_binding(false, &bs, concl);
        let mut rules = Vec::new();
        for c in &t.ctors {
            let mut rhs = tc.store.apps(minors[minor_i], &c.fields);
            for (f, xs, k, idx) in rec_fields[minor_i].clone() {
                let r = tc.store.cnst(rec_name(k), rec_levels.clone());
                let r = tc.store.apps(r, &prefix);
                let r = tc.store.apps(r, &idx);
                let fx = tc.store.apps(f, &xs);
                let r = tc.store.app(r, fx);
                let ih = tc.mk_binding(true, &xs, r);
                rhs = tc.store.app(rhs, ih);
            }
            let mut bs = prefix.clone();
            bs.extend(&c.fields);
            let rhs = tc.mk_binding(true, &bs, rhs);
            rules.push(RecRule {
                ctor: translated.ctor_name(&c.name),
                num_fields: c.fields.len() as u32,
                rhs: translated.untranslate(tc.store, rhs),
            });
            minor_i += 1;
        }
        recursors.push(ConstantInfo {
            name: rec_name(j),
            lparams: rec_lparams.clone(),
            ty: translated.untranslate(tc.store, rec_ty),
            kind: ConstantKind::Recursor(RecursorInfo {
                all: names.clone(),
                induct: translated.induct_name(&t.name),
                num_params: ext.num_params,
                num_indices: t.indices.len() as u32,
                num_motives: types.len() as u32,
                num_minors: minors.len() as u32,
                rules,
                k: k_like,
            }),
        });
    }
    let num_fields = types
        .iter()
        .map(|t| t.ctors.iter().map(|c| c.fields.len() as u32).collect())
        .collect();
    Ok(Generated {
        recursors,
        num_fields,
        is_rec,
    })
}

#[allow(clippy::too_many_arguments)]
fn check_ctor(
    tc: &mut TypeChecker<'_>,
    ctx: &Ctx<'_>,
    j: usize,
    name: &Name,
    ty: Expr,
    result_level: &Level,
    lvls: &[Level],
) -> Result<CtorData, KernelError> {
    let bad = |tc: &TypeChecker<'_>, detail: String| KernelError::BadConstructor {
        decl: tc.decl.clone(),
        ctor: name.clone(),
        detail,
    };
    tc.ensure_type(ty, "type of a constructor")?;
    let mut cur = ty;
    let mut fields = Vec::new();
    let np = ctx.params.len();
    let mut i = 0;
    loop {
        let w = tc.whnf(cur)?;
        let Node::Pi(n, _, d, b) = tc.store.node(w).clone() else {
            cur = w;
            break;
        };
        if i < np {
            let p = ctx.params[i];
            let pt = tc.local_type(p).unwrap_or(p);
            if !tc.is_def_eq(d, pt)? {
                return Err(bad(
                    tc,
                    format!("parameter {} does not match the type's", i + 1),
                ));
            }
            cur = tc.store.instantiate1(b, p);
        } else {
            check_positive(tc, ctx, name, d)?;
            let l = tc.ensure_type(d, "type of a constructor field")?;
            if !(result_level.is_zero() || l.leq(result_level)) {
                return Err(KernelError::UniverseTooSmall {
                    decl: tc.decl.clone(),
                    ctor: name.clone(),
                    detail: format!(
                        "field {} lives in universe {l}, the type in {result_level}",
                        fields.len() + 1
                    ),
                });
            }
            let x = tc.fresh_local(n, d);
            fields.push(x);
            cur = tc.store.instantiate1(b, x);
        }
        i += 1;
    }
    if i < np {
        return Err(bad(tc, "missing parameters".into()));
    }
    let (h, args) = tc.store.unfold_apps(cur);
    match tc.store.node(h) {
        Node::Const(n, ls) if *n == ctx.names[j] && ls[..] == lvls[..] => {}
        _ => {
            let d = format!("it must return `{}`, not `{}`", ctx.names[j], tc.pp(cur));
            return Err(bad(tc, d));
        }
    }
    if args.len() != np + ctx.nidx[j] || args[..np] != ctx.params[..] {
        let d = "its result must apply the type to exactly the block's parameters".to_owned();
        return Err(bad(tc, d));
    }
    let indices = args[np..].to_vec();
    if indices.iter().any(|&x| ctx.mentions(tc, x)) {
        return Err(bad(
            tc,
            "an index of its result mentions the type being defined".into(),
        ));
    }
    Ok(CtorData {
        name: name.clone(),
        fields,
        indices,
    })
}

fn check_positive(
    tc: &mut TypeChecker<'_>,
    ctx: &Ctx<'_>,
    ctor: &Name,
    ty: Expr,
) -> Result<(), KernelError> {
    let mut cur = tc.whnf(ty)?;
    loop {
        if !ctx.mentions(tc, cur) {
            return Ok(());
        }
        match tc.store.node(cur).clone() {
            Node::Pi(n, _, d, b) => {
                if ctx.mentions(tc, d) {
                    return Err(KernelError::NonPositive {
                        decl: tc.decl.clone(),
                        ctor: ctor.clone(),
                        detail: format!(
                            "the type being defined occurs to the left of an arrow in `{}`",
                            tc.pp(cur)
                        ),
                    });
                }
                let x = tc.fresh_local(n, d);
                let next = tc.store.instantiate1(b, x);
                cur = tc.whnf(next)?;
            }
            _ => {
                if ctx.valid_app(tc, cur).is_some() {
                    return Ok(());
                }
                return Err(KernelError::NonPositive {
                    decl: tc.decl.clone(),
                    ctor: ctor.clone(),
                    detail: format!(
                        "invalid occurrence of the type being defined in `{}`",
                        tc.pp(cur)
                    ),
                });
            }
        }
    }
}
