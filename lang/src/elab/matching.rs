//! `match` before the pattern-match compiler: one discriminant of a non-indexed,
//! non-mutual inductive type, alternatives whose patterns are a constructor applied to
//! variables (or `_`), or a variable / `_` catching the remaining constructors. The term
//! is built directly from the type's recursor with a non-dependent motive.
//!
//! [`compile_equations`] is the single place where definitions by equations or recursion
//! will call the pattern-match compiler; until then it reports them as unsupported.

use cedrus_kernel::{BinderInfo, ConstantKind, Expr, Level, Name, Node};

use super::ctx::Ctx;
use super::error::{ElabError, Result};
use crate::syntax::{Discriminant, MatchAlt, Pattern, PatternKind, Span};

/// What one alternative matches.
enum AltShape<'p> {
    /// A constructor applied to variable names (`None` for `_`).
    Ctor(Name, Vec<Option<&'p str>>),
    /// Anything, optionally bound to a name.
    Any(Option<&'p str>),
}

/// The error for a definition that needs the pattern-match compiler (recursive, or by
/// equations on several arguments). This is the one place to call the compiler from.
pub fn compile_equations(name: &str, span: Span) -> ElabError {
    ElabError::unsupported(
        span,
        format!("`{name}` needs the pattern-match compiler (recursion or several patterns)"),
    )
}

impl Ctx<'_> {
    fn pattern_var<'p>(&self, p: &'p Pattern) -> Result<Option<&'p str>> {
        match &p.kind {
            PatternKind::Wildcard => Ok(None),
            PatternKind::Ident(n) if !n.contains('.') => Ok(Some(n.as_str())),
            _ => Err(ElabError::unsupported(
                p.span,
                "nested patterns need the pattern-match compiler",
            )),
        }
    }

    fn ctor_of(&self, ind: &Name, ctors: &[Name], n: &str) -> Option<Name> {
        let cand = ind.child(n);
        if ctors.contains(&cand) {
            return Some(cand);
        }
        self.resolve_const(n).filter(|c| ctors.contains(c))
    }

    fn alt_shape<'p>(&self, p: &'p Pattern, ind: &Name, ctors: &[Name]) -> Result<AltShape<'p>> {
        match &p.kind {
            PatternKind::Wildcard => Ok(AltShape::Any(None)),
            PatternKind::Ident(n) | PatternKind::DotIdent(n) | PatternKind::Explicit(n) => {
                match self.ctor_of(ind, ctors, n) {
                    Some(c) => Ok(AltShape::Ctor(c, Vec::new())),
                    None if matches!(p.kind, PatternKind::Ident(_)) && !n.contains('.') => {
                        Ok(AltShape::Any(Some(n)))
                    }
                    None => Err(ElabError::invalid(
                        p.span,
                        format!("`{n}` is not a constructor of `{ind}`"),
                    )),
                }
            }
            PatternKind::App(h, args) => {
                let n = match &h.kind {
                    PatternKind::Ident(n) | PatternKind::DotIdent(n) | PatternKind::Explicit(n) => {
                        n
                    }
                    _ => return Err(ElabError::invalid(h.span, "constructor expected")),
                };
                let Some(c) = self.ctor_of(ind, ctors, n) else {
                    return Err(ElabError::invalid(
                        h.span,
                        format!("`{n}` is not a constructor of `{ind}`"),
                    ));
                };
                let vars = args
                    .iter()
                    .map(|a| self.pattern_var(a))
                    .collect::<Result<Vec<_>>>()?;
                Ok(AltShape::Ctor(c, vars))
            }
            _ => Err(ElabError::unsupported(
                p.span,
                "this pattern needs the pattern-match compiler",
            )),
        }
    }

    /// Elaborates `match d with alts` (see the module documentation for what is handled).
    pub(crate) fn elab_match(
        &mut self,
        ds: &[Discriminant],
        alts: &[MatchAlt],
        expected: Option<Expr>,
        span: Span,
    ) -> Result<Expr> {
        let [d] = ds else {
            return Err(ElabError::unsupported(
                span,
                "`match` on several values needs the pattern-match compiler",
            ));
        };
        let de = self.elab(&d.term, None)?;
        let dt = self.infer(de, d.term.span)?;
        let dt = self.whnf(dt, d.term.span)?;
        let (head, args) = self.tc.store.unfold_apps(dt);
        let (ind, ind_levels) = match self.tc.store.node(head) {
            Node::Const(n, ls) => (n.clone(), ls.clone()),
            _ => {
                let t = self.pp(dt);
                return Err(ElabError::invalid(
                    d.term.span,
                    format!("cannot match on a value of type `{t}`"),
                ));
            }
        };
        let Some(ConstantKind::Inductive(info)) =
            self.tc.table.consts.get(&ind).map(|c| c.kind.clone())
        else {
            let t = self.pp(dt);
            return Err(ElabError::invalid(
                d.term.span,
                format!("cannot match on a value of type `{t}` (not an inductive type)"),
            ));
        };
        if info.num_indices > 0 || info.all.len() > 1 {
            return Err(ElabError::unsupported(
                span,
                "matching on indexed or mutual types needs the pattern-match compiler",
            ));
        }
        let params = args[..(info.num_params as usize).min(args.len())].to_vec();
        let rec_name = ind.child("rec");
        let rec_info = self.tc.table.consts.get(&rec_name).cloned();
        let Some(rec_info) = rec_info else {
            return Err(ElabError::invalid(span, format!("`{rec_name}` is missing")));
        };
        if let ConstantKind::Recursor(r) = &rec_info.kind {
            if r.num_motives != 1 {
                return Err(ElabError::unsupported(
                    span,
                    "matching on nested inductive types needs the pattern-match compiler",
                ));
            }
        }
        let motive_ty = match expected {
            Some(e) => e,
            None => self.new_type_mvar(span, "the type of the `match`"),
        };
        let mut shapes = Vec::new();
        for a in alts {
            let [p] = a.patterns.as_slice() else {
                return Err(ElabError::invalid(a.span, "expected one pattern"));
            };
            shapes.push(self.alt_shape(p, &ind, &info.ctors)?);
        }
        let mut minors = Vec::new();
        let mut used = vec![false; alts.len()];
        for c in &info.ctors {
            let Some(k) = shapes.iter().position(|s| match s {
                AltShape::Ctor(n, _) => n == c,
                AltShape::Any(_) => true,
            }) else {
                return Err(ElabError::invalid(
                    span,
                    format!("missing case: `{c}` is not covered by the `match`"),
                ));
            };
            used[k] = true;
            let m = self.match_minor(
                c,
                &ind,
                &ind_levels,
                &params,
                &shapes[k],
                &alts[k],
                de,
                motive_ty,
            )?;
            minors.push(m);
        }
        if let Some(k) = used.iter().position(|u| !u) {
            return Err(ElabError::invalid(alts[k].span, "redundant alternative"));
        }
        // Universe of the motive.
        let mt = self.instantiate(motive_ty);
        let mty = self.infer(mt, span)?;
        let mty = self.whnf(mty, span)?;
        let lvl = match self.tc.store.node(mty) {
            Node::Sort(l) => l.clone(),
            _ => self.new_level_mvar(),
        };
        let mut levels: Vec<Level> = Vec::new();
        if rec_info.lparams.len() > ind_levels.len() {
            levels.push(lvl);
        }
        levels.extend(ind_levels.iter().cloned());
        let rec = self.store().cnst(rec_name, levels);
        let lifted = self.tc.store.lift(mt, 1);
        let motive = self.tc.store.lam("x", dt, lifted);
        let mut all = params;
        all.push(motive);
        all.extend(minors);
        all.push(de);
        Ok(self.store().apps(rec, &all))
    }

    #[allow(clippy::too_many_arguments)]
    fn match_minor(
        &mut self,
        ctor: &Name,
        ind: &Name,
        levels: &[Level],
        params: &[Expr],
        shape: &AltShape,
        alt: &MatchAlt,
        discr: Expr,
        motive_ty: Expr,
    ) -> Result<Expr> {
        let n0 = self.locals.len();
        let cty = match self.tc.table.consts.get(ctor) {
            Some(ci) => {
                let (ty, lps) = (ci.ty, ci.lparams.clone());
                self.tc.store.instantiate_levels(ty, &lps, levels)
            }
            None => return Err(ElabError::invalid(alt.span, format!("`{ctor}` is missing"))),
        };
        let mut t = cty;
        for &p in params {
            match self.tc.store.node(t).clone() {
                Node::Pi(_, _, _, b) => t = self.tc.store.instantiate1(b, p),
                _ => return Err(ElabError::invalid(alt.span, "malformed constructor type")),
            }
        }
        let names: Vec<Option<&str>> = match shape {
            AltShape::Ctor(_, vs) => vs.clone(),
            AltShape::Any(_) => Vec::new(),
        };
        let mut fields = Vec::new();
        let mut explicit_i = 0;
        let mut i = 0;
        while let Node::Pi(bn, bi, dom, body) = self.tc.store.node(t).clone() {
            let name = if bi == BinderInfo::Default {
                let n = names.get(explicit_i).copied().flatten();
                explicit_i += 1;
                n.map(str::to_string)
            } else {
                None
            };
            let local_name = name.unwrap_or_else(|| format!("{}✝{i}", bn.as_str()));
            let x = self.push_local(&local_name, dom, BinderInfo::Default);
            fields.push((x, dom));
            t = self.tc.store.instantiate1(body, x);
            i += 1;
        }
        if matches!(shape, AltShape::Ctor(..)) && explicit_i != names.len() {
            self.pop_locals(n0);
            return Err(ElabError::invalid(
                alt.span,
                format!(
                    "`{ctor}` takes {explicit_i} explicit arguments, the pattern gives {}",
                    names.len()
                ),
            ));
        }
        // Induction hypotheses of recursive fields (unused by the right-hand side).
        let mut ihs = Vec::new();
        for (k, &(_, fty)) in fields.iter().enumerate() {
            if let Some(ih_ty) = self.ih_type(fty, ind, motive_ty) {
                let h = self.tc.fresh_local(Name::new(&format!("ih✝{k}")), ih_ty);
                ihs.push(h);
            }
        }
        if let AltShape::Any(Some(v)) = shape {
            let dt = self.infer(discr, alt.span)?;
            let x = self.push_local(v, dt, BinderInfo::Default);
            self.let_vals.insert(x, discr);
            fields.push((x, dt));
        }
        let rhs = self.elab_check(&alt.rhs, motive_ty)?;
        self.synth_pending(false)?;
        let mut bound: Vec<Expr> = fields.iter().map(|(x, _)| *x).collect();
        let catch_all = if let AltShape::Any(Some(_)) = shape {
            bound.pop()
        } else {
            None
        };
        let rhs = match catch_all {
            Some(x) => self.close(true, &[x], rhs),
            None => rhs,
        };
        bound.extend(ihs);
        let r = self.close(true, &bound, rhs);
        self.pop_locals(n0);
        Ok(r)
    }

    /// The type of the induction hypothesis for a field of type `fty`, if recursive.
    fn ih_type(&mut self, fty: Expr, ind: &Name, motive_ty: Expr) -> Option<Expr> {
        let mut binders = Vec::new();
        let mut t = fty;
        while let Node::Pi(n, bi, d, b) = self.tc.store.node(t).clone() {
            binders.push((n, bi, d));
            t = b;
        }
        if self.tc.store.head_const(t).map(|(n, _)| n) != Some(ind) {
            return None;
        }
        let k = binders.len() as u32;
        let mut r = self.tc.store.lift(motive_ty, k);
        for (n, bi, d) in binders.into_iter().rev() {
            r = self.tc.store.pi_with(n, bi, d, r);
        }
        Some(r)
    }
}
