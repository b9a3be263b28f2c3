//! `inductive` (also `mutual`, nested, `class inductive`), `structure` and `class`.

use std::time::Instant;

use cedrus_kernel::{
    BinderInfo, Constructor, Declaration, Expr, InductiveBlock, InductiveType, Level, Name, Node,
    ReducibilityHints,
};

use super::command::finish_levels;
use super::ctx::Ctx;
use super::error::{ElabError, Result};
use super::{ClassInfo, DeclRecord, Elaborator, StructInfo};
use crate::syntax::{Binder, Inductive, Span, Structure, TermKind};

/// Whether a parameter's type is written `outParam …`.
fn is_out_param(b: &Binder) -> bool {
    match b.ty.as_ref().map(|t| &t.kind) {
        Some(TermKind::App(f, _)) => matches!(&f.kind, TermKind::Ident(n) if n == "outParam"),
        _ => false,
    }
}

/// The universe level of the sort a type lives in.
fn sort_level(cx: &mut Ctx<'_>, ty: Expr, span: Span) -> Result<Level> {
    let t = cx.infer(ty, span)?;
    let w = cx.whnf(t, span)?;
    match cx.tc.store.node(w) {
        Node::Sort(l) => Ok(l.clone()),
        _ => Err(ElabError::invalid(span, "type expected")),
    }
}

/// The result level for a type whose fields live at `levels`: at least `Type`.
fn result_level(levels: &[Level]) -> Level {
    let mut acc = Level::one();
    for l in levels {
        if !l.leq(&acc) {
            acc = if acc.leq(l) {
                l.clone()
            } else {
                Level::max(&acc, l)
            };
        }
    }
    acc
}

impl Elaborator {
    /// Elaborates a block of inductive types (one, or several from `mutual`).
    pub(crate) fn elab_inductives(&mut self, inds: &[&Inductive], span: Span) -> Result<()> {
        let start = Instant::now();
        let Some(first) = inds.first() else {
            return Ok(());
        };
        let names: Vec<Name> = inds.iter().map(|i| self.full_name(&i.name)).collect();
        let block = {
            let tc = self.env.type_checker(names[0].clone(), Vec::new());
            let mut cx = Ctx::new(tc, &self.meta);
            cx.auto_bound = Some(Vec::new());
            cx.auto_levels = Some(Vec::new());
            let ps = cx.elab_binders(&first.binders)?;
            for i in &inds[1..] {
                if i.binders.len() != first.binders.len() {
                    return Err(ElabError::invalid(
                        span,
                        "the types of a `mutual` block must have the same parameters",
                    ));
                }
            }
            // The types, as locals the constructors refer to.
            let mut tys = Vec::new();
            let mut locals = Vec::new();
            let mut auto_sort = Vec::new();
            for (i, ind) in inds.iter().enumerate() {
                let ty = match &ind.ty {
                    Some(t) => cx.elab_type(t)?,
                    None => {
                        let l = cx.new_level_mvar();
                        auto_sort.push((i, l.clone()));
                        cx.store().sort(l)
                    }
                };
                let full = cx.abstract_locals(false, &ps, ty);
                let x = cx.push_local(&ind.name, full, BinderInfo::Default);
                cx.locals.push(super::ctx::LocalEntry {
                    name: names[i].as_str().to_string(),
                    fvar: x,
                });
                tys.push(ty);
                locals.push(x);
            }
            cx.auto_bound = None;
            let mut ctors: Vec<Vec<(Name, Expr)>> = Vec::new();
            let mut field_levels: Vec<Vec<Level>> = vec![Vec::new(); inds.len()];
            for (i, ind) in inds.iter().enumerate() {
                let mut cs = Vec::new();
                for c in &ind.ctors {
                    let n0 = cx.locals.len();
                    let fs = cx.elab_binders(&c.binders)?;
                    let result = match &c.ty {
                        Some(t) => cx.elab_type(t)?,
                        None => cx.store().apps(locals[i], &ps),
                    };
                    // Trailing arrows in the written type are fields too.
                    let mut fields_levels = Vec::new();
                    for &f in &fs {
                        if let Some(ft) = cx.tc.local_type(f) {
                            fields_levels.push(sort_level(
                                &mut cx,
                                ft,
                                c.ty.as_ref().map_or(span, |t| t.span),
                            )?);
                        }
                    }
                    let mut t = cx.instantiate(result);
                    while let Node::Pi(_, _, d, b) = cx.tc.store.node(t).clone() {
                        if cx.tc.store.loose_range(d) == 0 {
                            fields_levels.push(sort_level(&mut cx, d, span)?);
                        }
                        t = b;
                    }
                    field_levels[i].extend(fields_levels);
                    let cty = cx.close(false, &fs, result);
                    cx.pop_locals(n0);
                    cs.push((names[i].child(&c.name), cty));
                }
                ctors.push(cs);
            }
            // Infer omitted result sorts from the fields.
            for (i, l) in auto_sort {
                let own: Vec<Level> = field_levels[i]
                    .iter()
                    .map(|x| cx.instantiate_level(x))
                    .filter(|x| !super::ctx::level_has_mvar(x))
                    .collect();
                let r = result_level(&own);
                cx.unify_level(&l, &r);
            }
            cx.synth_pending(true)?;
            // Close over the parameters (implicit in constructors).
            let mut types = Vec::new();
            let mut all_terms = Vec::new();
            for (i, ty) in tys.iter().enumerate() {
                let ty = cx.ensure_solved(*ty, span)?;
                let full = cx.abstract_locals(false, &ps, ty);
                let mut cs = Vec::new();
                for (cn, cty) in &ctors[i] {
                    let cty = cx.ensure_solved(*cty, span)?;
                    let saved: Vec<_> = ps.iter().map(|p| cx.binfo.get(p).copied()).collect();
                    for p in &ps {
                        cx.binfo.insert(*p, BinderInfo::Implicit);
                    }
                    let c_full = cx.abstract_locals(false, &ps, cty);
                    for (p, b) in ps.iter().zip(saved) {
                        cx.binfo.insert(*p, b.unwrap_or_default());
                    }
                    cs.push((cn.clone(), c_full));
                    all_terms.push(Some(c_full));
                }
                all_terms.push(Some(full));
                types.push((names[i].clone(), full, cs));
            }
            let lparams = finish_levels(&mut cx, &all_terms)?;
            let levels: Vec<Level> = lparams.iter().map(|n| Level::param(n.clone())).collect();
            let consts: Vec<Expr> = names
                .iter()
                .map(|n| cx.store().cnst(n.clone(), levels.clone()))
                .collect();
            let mut out = Vec::new();
            for (n, ty, cs) in types {
                let ty = cx.instantiate(ty);
                let mut ctors = Vec::new();
                for (cn, cty) in cs {
                    let cty = cx.instantiate(cty);
                    let abs = cx.tc.store.abstract_fvars(cty, &locals);
                    let cty = cx.tc.store.instantiate_rev(abs, &consts);
                    ctors.push(Constructor { name: cn, ty: cty });
                }
                out.push(InductiveType { name: n, ty, ctors });
            }
            InductiveBlock {
                lparams,
                num_params: ps.len() as u32,
                types: out,
            }
        };
        let struct_like: Vec<(Name, Name, Vec<String>)> = block
            .types
            .iter()
            .filter(|t| t.ctors.len() == 1)
            .filter_map(|t| {
                let c = t.ctors.first()?;
                let s = self.env.store();
                let mut ty = c.ty;
                let mut k = 0;
                let mut fields = Vec::new();
                while let Node::Pi(n, bi, _, b) = s.node(ty) {
                    if k >= block.num_params && *bi == BinderInfo::Default {
                        fields.push(n.as_str().to_string());
                    }
                    k += 1;
                    ty = *b;
                }
                Some((t.name.clone(), c.name.clone(), fields))
            })
            .collect();
        let num_params = block.num_params;
        self.add_decl(span, Declaration::Inductive(block))?;
        for (n, ctor, fields) in struct_like {
            let structure = self
                .env
                .get(&n)
                .is_some_and(|c| matches!(&c.kind, cedrus_kernel::ConstantKind::Inductive(i) if i.num_indices == 0 && !i.is_rec));
            if structure {
                self.meta.structures.insert(
                    n,
                    StructInfo {
                        ctor,
                        num_params,
                        fields,
                        defaults: Default::default(),
                        parents: Vec::new(),
                    },
                );
            }
        }
        for (i, ind) in inds.iter().enumerate() {
            if ind.is_class {
                let out_params = ind.binders.iter().flat_map(|b| {
                    let o = is_out_param(b);
                    std::iter::repeat_n(o, b.names.len().max(1))
                });
                self.meta.classes.insert(
                    names[i].clone(),
                    ClassInfo {
                        out_params: out_params.collect(),
                    },
                );
            }
            self.records.push(DeclRecord {
                name: names[i].clone(),
                kind: "inductive",
                time: start.elapsed(),
            });
        }
        Ok(())
    }

    /// Elaborates a `structure` or `class`: a one-constructor inductive type, then one
    /// projection definition per field.
    pub(crate) fn elab_structure(&mut self, s: &Structure, span: Span) -> Result<()> {
        let start = Instant::now();
        let name = self.full_name(&s.name);
        let ctor_name = name.child(s.ctor.as_deref().unwrap_or("mk"));
        let mut field_names = Vec::new();
        let mut defaults = std::collections::HashMap::new();
        // Each parent `P args` becomes a first field `toP : P args`.
        let mut parents = Vec::new();
        let mut parent_binders = Vec::new();
        for e in &s.extends {
            let head = match &e.kind {
                TermKind::Ident(n) => n.clone(),
                TermKind::App(f, _) => match &f.kind {
                    TermKind::Ident(n) => n.clone(),
                    _ => return Err(ElabError::invalid(e.span, "a parent structure expected")),
                },
                _ => return Err(ElabError::invalid(e.span, "a parent structure expected")),
            };
            let pname = self.resolve_global(&head, e.span)?;
            if !self.meta.structures.contains_key(&pname) {
                return Err(ElabError::invalid(
                    e.span,
                    format!("`{pname}` is not a structure"),
                ));
            }
            let field = format!("to{}", pname.last());
            parent_binders.push(Binder {
                names: vec![field.clone()],
                ty: Some(e.clone()),
                info: crate::syntax::BinderInfo::Explicit,
                span: e.span,
            });
            field_names.push(field.clone());
            parents.push((field, pname));
        }
        for f in &s.fields {
            if let Some(d) = &f.default {
                for n in &f.names {
                    defaults.insert(n.clone(), d.clone());
                }
            }
            if f.ty.is_none() {
                return Err(ElabError::invalid(
                    span,
                    format!("field `{}` needs a type", f.names.join(" ")),
                ));
            }
            field_names.extend(f.names.iter().cloned());
        }
        // Build `inductive S params : Sort l | mk : fields → S params`.
        let mut ctor_binders = parent_binders;
        ctor_binders.extend(s.fields.iter().map(|f| Binder {
            names: f.names.clone(),
            ty: f.ty.clone(),
            info: match f.info {
                crate::syntax::BinderInfo::InstImplicit => crate::syntax::BinderInfo::InstImplicit,
                i => i,
            },
            span,
        }));
        let ind = Inductive {
            modifiers: s.modifiers.clone(),
            is_class: s.is_class,
            name: s.name.clone(),
            binders: s.binders.clone(),
            ty: s.ty.clone(),
            ctors: vec![crate::syntax::Ctor {
                doc: None,
                name: ctor_name.last().to_string(),
                binders: ctor_binders,
                ty: None,
            }],
            deriving: Vec::new(),
        };
        self.elab_inductives(&[&ind], span)?;
        self.meta.structures.insert(
            name.clone(),
            StructInfo {
                ctor: ctor_name.clone(),
                num_params: 0,
                fields: field_names.clone(),
                defaults,
                parents: parents.clone(),
            },
        );
        self.add_projections(&name, &ctor_name, &field_names, s.is_class, span)?;
        if s.is_class {
            // A `C` instance gives the parents' instances.
            for (field, pname) in &parents {
                if self.meta.classes.contains_key(pname) {
                    self.meta.instances.push((name.child(field), pname.clone()));
                }
            }
        }
        if let Some(r) = self.records.last_mut() {
            r.kind = if s.is_class { "class" } else { "structure" };
            r.time = start.elapsed();
        }
        Ok(())
    }

    fn add_projections(
        &mut self,
        s: &Name,
        ctor: &Name,
        fields: &[String],
        is_class: bool,
        span: Span,
    ) -> Result<()> {
        let Some(info) = self.env.get(s).cloned() else {
            return Ok(());
        };
        let Some(cinfo) = self.env.get(ctor).cloned() else {
            return Ok(());
        };
        let num_params = match &info.kind {
            cedrus_kernel::ConstantKind::Inductive(i) => i.num_params as usize,
            _ => 0,
        };
        if let Some(si) = self.meta.structures.get_mut(s) {
            si.num_params = num_params as u32;
        }
        let levels: Vec<Level> = info
            .lparams
            .iter()
            .map(|n| Level::param(n.clone()))
            .collect();
        for (i, field) in fields.iter().enumerate() {
            let decl = {
                let mut tc = self.env.type_checker(s.child(field), info.lparams.clone());
                // Parameters, from the type's Π binders.
                let mut ps = Vec::new();
                let mut pnames = Vec::new();
                let mut t = info.ty;
                for _ in 0..num_params {
                    let Node::Pi(n, _, d, b) = tc.store.node(t).clone() else {
                        break;
                    };
                    let d = tc.store.instantiate_rev(d, &ps);
                    let x = tc.fresh_local(n.clone(), d);
                    ps.push(x);
                    pnames.push(n);
                    t = b;
                }
                let head = tc.store.cnst(s.clone(), levels.clone());
                let sty = tc.store.apps(head, &ps);
                let this = tc.fresh_local(Name::new("self"), sty);
                let mut ct = cinfo.ty;
                for &p in &ps {
                    if let Node::Pi(_, _, _, b) = tc.store.node(ct).clone() {
                        ct = tc.store.instantiate1(b, p);
                    }
                }
                let mut dom = None;
                for j in 0..=i {
                    let Node::Pi(_, _, d, b) = tc.store.node(ct).clone() else {
                        break;
                    };
                    if j == i {
                        dom = Some(d);
                        break;
                    }
                    let pj = tc.store.proj(s.clone(), j as u32, this);
                    ct = tc.store.instantiate1(b, pj);
                }
                let Some(dom) = dom else {
                    return Err(ElabError::invalid(
                        span,
                        format!("field `{field}` is missing"),
                    ));
                };
                let body = tc.store.proj(s.clone(), i as u32, this);
                let mut all = ps.clone();
                all.push(this);
                let self_bi = if is_class {
                    BinderInfo::InstImplicit
                } else {
                    BinderInfo::Default
                };
                let mut ty = tc.store.abstract_fvars(dom, &all);
                let mut val = tc.store.abstract_fvars(body, &all);
                for k in (0..all.len()).rev() {
                    let x = all[k];
                    let xt = tc.local_type(x).unwrap_or(x);
                    let xt = tc.store.abstract_fvars(xt, &all[..k]);
                    let bi = if k == all.len() - 1 {
                        self_bi
                    } else {
                        BinderInfo::Implicit
                    };
                    let n = tc.local_name(x);
                    ty = tc.store.pi_with(n.clone(), bi, xt, ty);
                    val = tc.store.lam_with(n, bi, xt, val);
                }
                Declaration::Definition {
                    name: s.child(field),
                    lparams: info.lparams.clone(),
                    ty,
                    value: val,
                    hints: ReducibilityHints::Abbrev,
                }
            };
            self.add_decl(span, decl)?;
        }
        Ok(())
    }
}
