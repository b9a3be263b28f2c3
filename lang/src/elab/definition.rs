//! Definitions: elaborating a signature and a body and closing them over the section's
//! `variable`s, and the path of definitions by equations to the pattern-match compiler
//! (single definitions, `mutual` groups, and auxiliary `f.match_n` functions).

use std::time::Instant;

use cedrus_kernel::{BinderInfo, Expr, Level, Name};

use super::command::finish_levels;
use super::ctx::Ctx;
use super::error::{ElabError, ElabErrorKind, Result};
use super::{DeclRecord, Elaborator};
use crate::syntax::{Binder, Def, DefBody, DefKind, Discriminant, FunBinder, Span, Term, TermKind};

/// The result of elaborating a signature and body.
pub(crate) struct Closed {
    pub ty: Expr,
    pub value: Option<Expr>,
    pub lparams: Vec<Name>,
    /// A definition by equations, for the pattern-match compiler (then `value` is `None`).
    pub eqns: Option<crate::matchc::EqnDef>,
    /// For each equation, its span and the spans of its recursive calls.
    pub calls: Vec<(Span, Vec<Span>)>,
}

/// A sibling of a mutual group, visible in the bodies of the others: its short and full
/// names and its closed type.
#[derive(Clone, Debug)]
pub(crate) struct Sibling {
    pub short: String,
    pub full: Name,
    pub ty: Expr,
}

impl Elaborator {
    /// Compiles definitions by equations (one, or a mutual group) with the pattern-match
    /// compiler, which adds them and their equation lemmas to the environment. `theorems`
    /// names those declared with `theorem`, for the report.
    pub(crate) fn compile_equations(
        &mut self,
        defs: Vec<crate::matchc::EqnDef>,
        theorems: &[Name],
        calls: &[(Span, Vec<Span>)],
        span: Span,
        start: Instant,
    ) -> Result<()> {
        let compiled = crate::matchc::compile(&mut self.env, &defs).map_err(|e| {
            let at = match &e {
                // At the recursive call when the equation has one, else at the equation.
                crate::matchc::MatchError::NotStructural { span: (a, b), .. } if a < b => {
                    let eq = Span::new(*a, *b);
                    match calls.iter().find(|(s, _)| *s == eq) {
                        Some((_, cs)) if cs.len() == 1 => cs[0],
                        _ => eq,
                    }
                }
                crate::matchc::MatchError::Redundant { span: (a, b), .. } if a < b => {
                    Span::new(*a, *b)
                }
                _ => span,
            };
            ElabError::new(at, ElabErrorKind::Match(e.to_string()))
        })?;
        for c in compiled {
            self.meta.names.insert(c.name.clone());
            if let Some(v) = c.eval_value {
                self.eval_code.insert(c.name.clone(), v);
            }
            for l in c.equation_lemmas.iter().chain(&c.case_lemmas) {
                self.meta.names.insert(l.name.clone());
            }
            let kind = if theorems.contains(&c.name) {
                "theorem"
            } else {
                "def"
            };
            self.records.push(DeclRecord {
                name: c.name,
                kind,
                time: start.elapsed(),
            });
        }
        Ok(())
    }

    /// `mutual def … def … end`: the signatures first, then each body with the others
    /// in scope, then one call to the pattern-match compiler for the group.
    pub(crate) fn elab_mutual_defs(&mut self, defs: &[(&Def, Span)], span: Span) -> Result<()> {
        let start = Instant::now();
        let variables = self.all_variables();
        let mut siblings = Vec::new();
        for (d, dspan) in defs {
            let Some(short) = &d.name else {
                return Err(ElabError::invalid(
                    *dspan,
                    "a mutual definition needs a name",
                ));
            };
            let full = self.full_name(short);
            let mut sig = (*d).clone();
            sig.body = DefBody::None;
            let sig_span = d.ty.as_ref().map_or(*dspan, |t| t.span);
            let tc = self.env.type_checker(full.clone(), Vec::new());
            let mut cx = Ctx::new(tc, &self.meta);
            let closed =
                elab_signature_and_body(&mut cx, variables.clone(), &sig, sig_span, *dspan, &[])?;
            if !closed.lparams.is_empty() {
                return Err(ElabError::unsupported(
                    *dspan,
                    "universe-polymorphic mutual definitions",
                ));
            }
            siblings.push(Sibling {
                short: short.clone(),
                full,
                ty: closed.ty,
            });
        }
        let mut eqn_defs = Vec::new();
        let mut calls = Vec::new();
        let mut theorems = Vec::new();
        for ((d, dspan), me) in defs.iter().zip(&siblings) {
            let others: Vec<Sibling> = siblings
                .iter()
                .filter(|s| s.full != me.full)
                .cloned()
                .collect();
            let sig_span = d.ty.as_ref().map_or(*dspan, |t| t.span);
            let tc = self.env.type_checker(me.full.clone(), Vec::new());
            let mut cx = Ctx::new(tc, &self.meta);
            let ns = me.full.prefix();
            if !ns.is_anonymous() {
                cx.extra_opens.push(ns);
            }
            let closed =
                elab_signature_and_body(&mut cx, variables.clone(), d, sig_span, *dspan, &others)?;
            calls.extend(closed.calls);
            if matches!(d.kind, DefKind::Theorem) {
                theorems.push(me.full.clone());
            }
            match closed.eqns {
                Some(e) => eqn_defs.push(e),
                None => {
                    return Err(ElabError::unsupported(
                        *dspan,
                        "a mutual definition must be by equations or a `match` on its parameters",
                    ))
                }
            }
        }
        self.compile_equations(eqn_defs, &theorems, &calls, span, start)
    }
}

/// Elaborates a definition's `variable`s, binders, type and body, and closes them.
pub(crate) fn elab_signature_and_body(
    cx: &mut Ctx<'_>,
    variables: Vec<Binder>,
    d: &Def,
    sig_span: Span,
    span: Span,
    siblings: &[Sibling],
) -> Result<Closed> {
    cx.auto_bound = Some(Vec::new());
    cx.auto_levels = Some(Vec::new());
    let vars = cx.elab_binders(&variables)?;
    let mut bs = cx.elab_binders(&d.binders)?;
    let before = cx.auto_bound.as_ref().map_or(0, Vec::len);
    let ty = match &d.ty {
        Some(t) => Some(cx.elab_type(t)?),
        None => None,
    };
    if let Some(ab) = &cx.auto_bound {
        let extra: Vec<Expr> = ab[before..].to_vec();
        bs.splice(0..0, extra);
    }
    cx.synth_pending(false)?;
    cx.auto_bound = None;
    cx.auto_levels = None;
    let n_sib = cx.locals.len();
    cx.rec_locals.clear();
    let sib_fvars: Vec<(Expr, Name)> = siblings
        .iter()
        .map(|sb| {
            let x = cx.push_local(&sb.short, sb.ty, BinderInfo::Default);
            cx.locals.push(super::ctx::LocalEntry {
                name: sb.full.as_str().to_string(),
                fvar: x,
            });
            cx.rec_locals.push(x);
            (x, sb.full.clone())
        })
        .collect();
    let mut raw = None;
    // A `match` on other terms than parameters: an auxiliary function, its extra
    // parameters (one per discriminant) and the local standing for it in the value.
    let mut aux: Option<(Name, Vec<Expr>, Expr)> = None;
    let value = match &d.body {
        DefBody::None => None,
        DefBody::Term(t) => {
            let discs = match (&t.kind, ty) {
                (TermKind::Match(ds, alts), Some(ty)) => {
                    param_discriminants(cx, ds, &bs).map(|ix| (ix, alts, ty))
                }
                _ => None,
            };
            let snapshot = (cx.locals.len(), cx.pending.clone());
            let plain = match ty {
                _ if !siblings.is_empty() && discs.is_some() => {
                    Err(ElabError::unsupported(span, "mutual recursion"))
                }
                Some(ty) => cx.elab_check(t, ty),
                None => cx.elab(t, None),
            };
            match (plain, discs) {
                (Ok(v), _) => Some(v),
                (Err(e), Some((ix, alts, ty)))
                    if matches!(e.kind, ElabErrorKind::Unsupported(_)) =>
                {
                    cx.pop_locals(snapshot.0);
                    cx.pending = snapshot.1;
                    let name = cx.tc.decl.clone();
                    raw = Some(cx.equations_input(&name, &bs, ty, alts, Some(&ix))?);
                    None
                }
                (Err(e), None)
                    if matches!(e.kind, ElabErrorKind::Unsupported(_)) && siblings.is_empty() =>
                {
                    let (TermKind::Match(ds, alts), Some(ty)) = (&t.kind, ty) else {
                        return Err(e);
                    };
                    cx.pop_locals(snapshot.0);
                    cx.pending = snapshot.1;
                    let (v, r, extra, name) = elab_match_aux(cx, ds, alts, &bs, ty)?;
                    aux = Some((name, extra, r.me));
                    raw = Some(r);
                    Some(v)
                }
                (Err(e), _) => return Err(e),
            }
        }
        DefBody::Fields(fs) => {
            let Some(ty) = ty else {
                return Err(ElabError::invalid(span, "`where` needs a declared type"));
            };
            let t = Term::new(TermKind::StructInst(None, fs.clone()), span);
            Some(cx.elab_check(&t, ty)?)
        }
        DefBody::Equations(alts) => {
            let n = alts.first().map_or(0, |a| a.patterns.len());
            let Some(ty) = ty else {
                return Err(ElabError::invalid(span, "equations need a declared type"));
            };
            let simple = n == 1
                && siblings.is_empty()
                && alts
                    .iter()
                    .all(|a| a.patterns.iter().all(super::matching::is_simple_pattern));
            let attempt = if simple {
                let (n_locals, pending) = (cx.locals.len(), cx.pending.clone());
                let r = elab_simple_equations(cx, alts, ty, span);
                if r.is_err() {
                    cx.pop_locals(n_locals);
                    cx.pending = pending;
                }
                r
            } else {
                Err(ElabError::unsupported(span, "several patterns"))
            };
            match attempt {
                Ok(v) => Some(v),
                Err(e) if !matches!(e.kind, ElabErrorKind::Unsupported(_)) => return Err(e),
                Err(_) => {
                    let name = cx.tc.decl.clone();
                    raw = Some(cx.equations_input(&name, &bs, ty, alts, None)?);
                    None
                }
            }
        }
    };
    cx.pop_locals(n_sib);
    cx.synth_pending(true)?;
    let ty = match (ty, value) {
        (Some(t), _) => t,
        (None, Some(v)) => cx.infer(v, span)?,
        (None, None) => return Err(ElabError::invalid(span, "a type is needed")),
    };
    let ty = cx.ensure_solved(ty, sig_span)?;
    let value = match value {
        Some(v) => Some(cx.ensure_solved(v, span)?),
        None => None,
    };
    // Keep the `variable`s the declaration uses (and those they depend on, and instance
    // binders about kept ones).
    let mut keep = vec![false; vars.len()];
    let mut roots = vec![ty];
    roots.extend(value);
    let raw_terms = match &raw {
        Some(r) => r.terms(cx),
        None => Vec::new(),
    };
    roots.extend(raw_terms.iter().copied());
    roots.extend(bs.iter().filter_map(|&b| cx.tc.local_type(b)));
    loop {
        let mut changed = false;
        for (i, &v) in vars.iter().enumerate() {
            if keep[i] {
                continue;
            }
            let used = roots.iter().any(|&r| {
                let r = cx.instantiate(r);
                cx.tc.store.any_subterm(r, &mut |_, x| x == v)
            });
            let inst_about_kept = cx.binfo.get(&v) == Some(&BinderInfo::InstImplicit) && {
                let vt = cx.tc.local_type(v).unwrap_or(v);
                let vt = cx.instantiate(vt);
                let deps: Vec<usize> = (0..vars.len())
                    .filter(|&j| cx.tc.store.any_subterm(vt, &mut |_, x| x == vars[j]))
                    .collect();
                !deps.is_empty() && deps.iter().all(|&j| keep[j])
            };
            if used || inst_about_kept {
                keep[i] = true;
                if let Some(t) = cx.tc.local_type(v) {
                    roots.push(t);
                }
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut all: Vec<Expr> = vars
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(v, _)| *v)
        .collect();
    let n_vars = all.len();
    all.extend(bs);
    let closed_ty = cx.abstract_locals(false, &all, ty);
    let value = value.map(|v| cx.abstract_locals(true, &all, v));
    let mut level_roots = vec![Some(closed_ty), value];
    level_roots.extend(raw_terms.iter().map(|&t| Some(t)));
    let lparams = finish_levels(cx, &level_roots)?;
    let closed_ty = cx.instantiate(closed_ty);
    let value = value.map(|v| cx.instantiate(v));
    let calls = raw.as_ref().map_or(Vec::new(), |r| {
        r.equations
            .iter()
            .map(|e| (e.span, e.calls.clone()))
            .collect()
    });
    let mut value = value;
    let eqns = match (raw, aux) {
        (Some(r), Some((name, extra, me))) => {
            let mut fixed = all.clone();
            fixed.extend(extra);
            let fn_type = cx.abstract_locals(false, &fixed, ty);
            let fn_type = cx.instantiate(fn_type);
            let sig = super::equations::Signature {
                name: &name,
                fn_type,
                lparams: &lparams,
                fixed: &fixed,
                n_vars,
                siblings: &[],
            };
            let levels: Vec<Level> = lparams.iter().map(|p| Level::param(p.clone())).collect();
            let head = cx.store().cnst(name.clone(), levels);
            let me_val = cx.store().apps(head, &all[..n_vars]);
            value = value.map(|v| {
                let abs = cx.tc.store.abstract_fvars(v, &[me]);
                cx.tc.store.instantiate1(abs, me_val)
            });
            Some(r.close(cx, &sig))
        }
        (Some(r), None) => {
            let name = cx.tc.decl.clone();
            let sig = super::equations::Signature {
                name: &name,
                fn_type: closed_ty,
                lparams: &lparams,
                fixed: &all,
                n_vars,
                siblings: &sib_fvars,
            };
            Some(r.close(cx, &sig))
        }
        (None, _) => None,
    };
    Ok(Closed {
        ty: closed_ty,
        value,
        lparams,
        eqns,
        calls,
    })
}

/// A `match` whose discriminants are not all parameters, as the body of a definition
/// with parameters `params` and type `ty`: an auxiliary function `f.match_1` over the
/// parameters and one more argument per discriminant that is not a parameter, defined
/// by the alternatives. Returns the body (applying a local standing for the auxiliary
/// function), the alternatives, the extra arguments' locals and the function's name.
fn elab_match_aux(
    cx: &mut Ctx<'_>,
    ds: &[Discriminant],
    alts: &[crate::syntax::MatchAlt],
    params: &[Expr],
    ty: Expr,
) -> Result<(Expr, super::equations::RawEquations, Vec<Expr>, Name)> {
    let mut fixed = params.to_vec();
    let mut extra = Vec::new();
    let mut terms = Vec::new();
    let mut ix = Vec::new();
    for (k, d) in ds.iter().enumerate() {
        if d.name.is_some() {
            return Err(ElabError::unsupported(
                d.term.span,
                "`h : e` discriminants in a `match`",
            ));
        }
        if let Some(one) = param_discriminants(cx, std::slice::from_ref(d), params) {
            if let (Some(&i), false) = (one.first(), ix.contains(&one[0])) {
                ix.push(i);
                continue;
            }
        }
        let e = cx.elab(&d.term, None)?;
        let t = cx.infer(e, d.term.span)?;
        let t = cx.instantiate(t);
        let x = cx.tc.fresh_local(Name::new(&format!("x✝{}", k + 1)), t);
        ix.push(fixed.len());
        fixed.push(x);
        extra.push(x);
        terms.push(e);
    }
    cx.synth_pending(true)?;
    let base = cx.tc.decl.clone();
    let mut name = base.child("match_1");
    let mut k = 1;
    while cx.tc.table.consts.contains_key(&name) {
        k += 1;
        name = base.child(&format!("match_{k}"));
    }
    let raw = cx.equations_input(&name, &fixed, ty, alts, Some(&ix))?;
    if raw.equations.iter().any(|e| !e.calls.is_empty()) {
        return Err(ElabError::unsupported(
            ds.first().map_or(Span::default(), |d| d.term.span),
            "recursion through a `match` on terms that are not parameters",
        ));
    }
    let mut args = params.to_vec();
    args.extend(terms);
    let body = cx.store().apps(raw.me, &args);
    Ok((body, raw, extra, name))
}

/// The positions among `params` of the discriminants of a `match`, when each is a
/// distinct parameter named without an equation hypothesis.
fn param_discriminants(cx: &Ctx<'_>, ds: &[Discriminant], params: &[Expr]) -> Option<Vec<usize>> {
    let mut out = Vec::new();
    for d in ds {
        if d.name.is_some() {
            return None;
        }
        let TermKind::Ident(n) = &d.term.kind else {
            return None;
        };
        let l = cx.locals.iter().rev().find(|l| &l.name == n)?;
        let i = params.iter().position(|&p| p == l.fvar)?;
        if out.contains(&i) {
            return None;
        }
        out.push(i);
    }
    Some(out)
}

/// `fun x => match x with alts`, for equations on one argument with simple patterns.
fn elab_simple_equations(
    cx: &mut Ctx<'_>,
    alts: &[crate::syntax::MatchAlt],
    ty: Expr,
    span: Span,
) -> Result<Expr> {
    let x = "x✝".to_string();
    let xb = Binder {
        names: vec![x.clone()],
        ty: None,
        info: crate::syntax::BinderInfo::Explicit,
        span,
    };
    let disc = Discriminant {
        name: None,
        term: Term::new(TermKind::Ident(x), span),
    };
    let m = Term::new(TermKind::Match(vec![disc], alts.to_vec()), span);
    let f = Term::new(
        TermKind::Fun(vec![FunBinder::Binder(xb)], Box::new(m)),
        span,
    );
    cx.elab_check(&f, ty)
}
