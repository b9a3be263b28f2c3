//! Definitions by equations: elaborating patterns into the pattern-match compiler's input.
//!
//! Patterns are the compiler's [`Pat`]s over kernel terms whose variables are locals of
//! the elaboration context. [`Ctx::equations_input`] elaborates the alternatives of a
//! definition by equations (or of a `match` on the definition's parameters) into
//! [`RawEquations`], still over the context's locals, with recursive calls as a local
//! standing for the function. [`RawEquations::close`] turns them into a closed
//! [`EqnDef`] once the declaration's type and universe parameters are known; the
//! declaration is then compiled by [`crate::matchc::compile`] (see
//! [`super::command`]), outside the context, since the compiler adds to the
//! environment.

use cedrus_kernel::{BinderInfo, ConstantKind, Expr, Level, Name, Node};
use num_bigint::BigUint;

use super::ctx::Ctx;
use super::error::{ElabError, ElabErrorKind, Result};
use super::term::parse_numeral;
use crate::matchc::{EqnDef, Equation, LocalVar, Pat};
use crate::syntax::{MatchAlt, Pattern, PatternKind, Span};

/// One elaborated alternative, over the context's locals.
#[derive(Clone, Debug)]
pub struct RawEquation {
    /// The variables its patterns bind, in order.
    pub bound: Vec<Expr>,
    /// One pattern per parameter of the function (after the section's `variable`s).
    pub patterns: Vec<Pat>,
    /// The right-hand side; recursive calls are [`RawEquations::me`].
    pub rhs: Expr,
    /// The alternative's span.
    pub span: Span,
    /// Where its right-hand side names the function (or a sibling of a mutual group).
    pub calls: Vec<Span>,
}

/// What [`RawEquations::close`] needs to know about the closed declaration.
#[derive(Clone, Copy, Debug)]
pub struct Signature<'s> {
    /// The function's full name.
    pub name: &'s Name,
    /// Its closed type.
    pub fn_type: Expr,
    /// Its universe parameters.
    pub lparams: &'s [Name],
    /// The locals its type abstracts: the kept section variables, then its parameters.
    pub fixed: &'s [Expr],
    /// How many of `fixed` are section variables.
    pub n_vars: usize,
    /// The other functions of a mutual group: their locals and names.
    pub siblings: &'s [(Expr, Name)],
}

/// A definition's elaborated alternatives, before closing.
#[derive(Clone, Debug)]
pub struct RawEquations {
    /// The local standing for the function in right-hand sides.
    pub me: Expr,
    /// The alternatives, in order.
    pub equations: Vec<RawEquation>,
}

impl RawEquations {
    /// Every term the equations mention (for universe and variable bookkeeping).
    pub fn terms(&self, cx: &mut Ctx<'_>) -> Vec<Expr> {
        let mut out = Vec::new();
        for e in &self.equations {
            out.push(e.rhs);
            for p in &e.patterns {
                out.push(p.to_term(cx.tc.store));
            }
            for &b in &e.bound {
                if let Some(t) = cx.tc.local_type(b) {
                    out.push(t);
                }
            }
        }
        out
    }

    /// The compiler's input, once the declaration is closed (see [`Signature`]): `me`
    /// becomes `name.{lparams} vars` where `vars` are the kept section variables, and
    /// each sibling local of a mutual group becomes its constant.
    pub fn close(&self, cx: &mut Ctx<'_>, sig: &Signature<'_>) -> EqnDef {
        let Signature {
            name,
            fn_type,
            lparams,
            fixed,
            n_vars,
            siblings,
        } = *sig;
        let levels: Vec<Level> = lparams.iter().map(|p| Level::param(p.clone())).collect();
        let head = cx.store().cnst(name.clone(), levels.clone());
        let me_val = cx.store().apps(head, &fixed[..n_vars.min(fixed.len())]);
        let mut from = vec![self.me];
        let mut to = vec![me_val];
        for (x, n) in siblings {
            from.push(*x);
            let c = cx.store().cnst(n.clone(), levels.clone());
            let c = cx.store().apps(c, &fixed[..n_vars.min(fixed.len())]);
            to.push(c);
        }
        let mut equations = Vec::new();
        for e in &self.equations {
            let mut vars = Vec::new();
            for &x in fixed.iter().chain(&e.bound) {
                let ty = cx.tc.local_type(x).unwrap_or(x);
                let ty = cx.instantiate(ty);
                vars.push(LocalVar {
                    fvar: x,
                    name: cx.tc.local_name(x),
                    ty,
                });
            }
            let mut patterns: Vec<Pat> = fixed[..n_vars.min(fixed.len())]
                .iter()
                .map(|&x| Pat::Var(x))
                .collect();
            for p in &e.patterns {
                patterns.push(instantiate_pat(cx, p));
            }
            let rhs = cx.instantiate(e.rhs);
            let abs = cx.tc.store.abstract_fvars(rhs, &from);
            let rhs = cx.tc.store.instantiate_rev(abs, &to);
            equations.push(Equation {
                vars,
                patterns,
                rhs,
                span: (e.span.start, e.span.end),
            });
        }
        EqnDef {
            name: name.clone(),
            lparams: lparams.to_vec(),
            fn_type,
            equations,
        }
    }
}

/// A pattern with its metavariables (terms and universe levels) substituted.
fn instantiate_pat(cx: &mut Ctx<'_>, p: &Pat) -> Pat {
    match p {
        Pat::Var(x) => Pat::Var(cx.instantiate(*x)),
        Pat::Inaccessible(x) => Pat::Inaccessible(cx.instantiate(*x)),
        Pat::Lit(n) => Pat::Lit(n.clone()),
        Pat::Ctor {
            ctor,
            levels,
            params,
            args,
        } => Pat::Ctor {
            ctor: ctor.clone(),
            levels: levels.iter().map(|l| cx.instantiate_level(l)).collect(),
            params: params.iter().map(|&x| cx.instantiate(x)).collect(),
            args: args.iter().map(|a| instantiate_pat(cx, a)).collect(),
        },
    }
}

impl Ctx<'_> {
    /// Elaborates the alternatives `alts` of the function `name`, whose own parameters
    /// are the locals `params` and whose type after them is `ty`.
    ///
    /// With `discs = None`, the alternatives are equations: their patterns match the
    /// arguments of `ty`. With `discs = Some(ix)`, they are the alternatives of a
    /// `match` on the parameters `params[ix[k]]`: each discriminant is replaced by its
    /// pattern in the right-hand side and in its expected type.
    pub fn equations_input(
        &mut self,
        name: &Name,
        params: &[Expr],
        ty: Expr,
        alts: &[MatchAlt],
        discs: Option<&[usize]>,
    ) -> Result<RawEquations> {
        let arity = match discs {
            Some(ix) => ix.len(),
            None => alts.first().map_or(0, |a| a.patterns.len()),
        };
        let fn_type = self.abstract_locals(false, params, ty);
        // The function itself, for recursive calls.
        let n0 = self.locals.len();
        let short = name.last().to_string();
        let me = self.push_local(&short, fn_type, BinderInfo::Default);
        self.locals.push(super::ctx::LocalEntry {
            name: name.as_str().to_string(),
            fvar: me,
        });
        let saved_rec = std::mem::take(&mut self.rec_names);
        self.rec_locals.push(me);
        let r = self.equations_loop(params, ty, alts, discs, arity);
        self.pop_locals(n0);
        self.rec_names = saved_rec;
        self.rec_locals.clear();
        Ok(RawEquations { me, equations: r? })
    }

    fn equations_loop(
        &mut self,
        params: &[Expr],
        ty: Expr,
        alts: &[MatchAlt],
        discs: Option<&[usize]>,
        arity: usize,
    ) -> Result<Vec<RawEquation>> {
        let mut equations = Vec::new();
        for alt in alts {
            if alt.patterns.len() != arity {
                return Err(ElabError::invalid(
                    alt.span,
                    format!("expected {arity} patterns, found {}", alt.patterns.len()),
                ));
            }
            let a0 = self.locals.len();
            let mut patterns: Vec<Pat> = Vec::new();
            let mut t = ty;
            let mut from = Vec::new();
            let mut to = Vec::new();
            match discs {
                None => {
                    patterns.extend(params.iter().map(|&p| Pat::Var(p)));
                    for p in &alt.patterns {
                        let w = self.whnf(t, p.span)?;
                        let Node::Pi(_, _, dom, body) = self.tc.store.node(w).clone() else {
                            return Err(ElabError::invalid(p.span, "too many patterns"));
                        };
                        let (pat, term) = self.elab_pattern(p, dom)?;
                        patterns.push(pat);
                        t = self.tc.store.instantiate1(body, term);
                    }
                }
                Some(ix) => {
                    for (i, &x) in params.iter().enumerate() {
                        let Some(k) = ix.iter().position(|&j| j == i) else {
                            patterns.push(Pat::Var(x));
                            continue;
                        };
                        let Some(p) = alt.patterns.get(k) else {
                            return Err(ElabError::invalid(alt.span, "missing pattern"));
                        };
                        let xt = self.tc.local_type(x).unwrap_or(x);
                        let xt = self.instantiate(xt);
                        let abs = self.tc.store.abstract_fvars(xt, &from);
                        let xt = self.tc.store.instantiate_rev(abs, &to);
                        let (pat, term) = self.elab_pattern(p, xt)?;
                        patterns.push(pat);
                        from.push(x);
                        to.push(term);
                    }
                    let t0 = self.instantiate(ty);
                    let abs = self.tc.store.abstract_fvars(t0, &from);
                    t = self.tc.store.instantiate_rev(abs, &to);
                }
            }
            self.rec_calls.clear();
            let rhs = self.elab_check(&alt.rhs, t)?;
            let calls = std::mem::take(&mut self.rec_calls);
            self.synth_pending(true)?;
            let rhs = self.ensure_solved(rhs, alt.rhs.span)?;
            let abs = self.tc.store.abstract_fvars(rhs, &from);
            let rhs = self.tc.store.instantiate_rev(abs, &to);
            let bound: Vec<Expr> = self.locals[a0..].iter().map(|l| l.fvar).collect();
            equations.push(RawEquation {
                bound,
                patterns,
                rhs,
                span: alt.span,
                calls,
            });
            self.pop_locals(a0);
        }
        Ok(equations)
    }

    /// Elaborates a pattern against the type `expected`: the pattern and its term.
    pub fn elab_pattern(&mut self, p: &Pattern, expected: Expr) -> Result<(Pat, Expr)> {
        self.enter(p.span)?;
        let r = self.elab_pattern_core(p, expected);
        self.leave();
        r
    }

    fn elab_pattern_core(&mut self, p: &Pattern, expected: Expr) -> Result<(Pat, Expr)> {
        let span = p.span;
        match &p.kind {
            PatternKind::Wildcard => {
                let x = self.push_local("_", expected, BinderInfo::Default);
                Ok((Pat::Var(x), x))
            }
            PatternKind::Ident(n) | PatternKind::Explicit(n) => {
                match self.pattern_ctor(n, expected, span)? {
                    Some(c) => self.ctor_pattern(&c, &[], expected, span),
                    None if !n.contains('.') => {
                        let x = self.push_local(n, expected, BinderInfo::Default);
                        Ok((Pat::Var(x), x))
                    }
                    None => Err(ElabError::invalid(
                        span,
                        format!("`{n}` is not a constructor"),
                    )),
                }
            }
            PatternKind::DotIdent(n) => match self.pattern_ctor(n, expected, span)? {
                Some(c) => self.ctor_pattern(&c, &[], expected, span),
                None => Err(ElabError::invalid(
                    span,
                    format!("`.{n}` is not a constructor here"),
                )),
            },
            PatternKind::App(h, args) => {
                let n = match &h.kind {
                    PatternKind::Ident(n) | PatternKind::DotIdent(n) | PatternKind::Explicit(n) => {
                        n
                    }
                    _ => return Err(ElabError::invalid(h.span, "constructor expected")),
                };
                match self.pattern_ctor(n, expected, h.span)? {
                    Some(c) => self.ctor_pattern(&c, args, expected, span),
                    None => Err(ElabError::invalid(
                        h.span,
                        format!("`{n}` is not a constructor"),
                    )),
                }
            }
            PatternKind::Num(v) => {
                let n = parse_numeral(v)
                    .ok_or_else(|| ElabError::invalid(span, format!("bad numeral `{v}`")))?;
                self.expect_nat(expected, span)?;
                let e = self.store().nat(n.clone());
                Ok((Pat::Lit(n), e))
            }
            PatternKind::Notation(n, args) => {
                // `p + k` on Nat is `k` successors of `p`.
                if let ([a, b], true) = (args.as_slice(), n.atoms().eq(["+"])) {
                    if let PatternKind::Num(k) = &b.kind {
                        self.expect_nat(expected, span)?;
                        let k = parse_numeral(k).unwrap_or_default();
                        let (mut pat, mut term) = self.elab_pattern(a, expected)?;
                        let succ = self.store().cnst("Nat.succ", Vec::new());
                        let mut i = BigUint::ZERO;
                        while i < k {
                            pat = Pat::Ctor {
                                ctor: Name::new("Nat.succ"),
                                levels: Vec::new(),
                                params: Vec::new(),
                                args: vec![pat],
                            };
                            term = self.store().app(succ, term);
                            i += 1u32;
                        }
                        return Ok((pat, term));
                    }
                }
                // A notation standing for a constructor application (`x :: xs`).
                if let crate::syntax::TermKind::App(f, fargs) = &n.expansion.kind {
                    if let crate::syntax::TermKind::Ident(c) = &f.kind {
                        let mut ordered = Vec::new();
                        for fa in fargs {
                            let crate::syntax::Arg::Positional(t) = fa else {
                                return Err(ElabError::unsupported(
                                    span,
                                    "this notation in a pattern",
                                ));
                            };
                            let crate::syntax::TermKind::Ident(v) = &t.kind else {
                                return Err(ElabError::unsupported(
                                    span,
                                    "this notation in a pattern",
                                ));
                            };
                            let i = n.vars.iter().position(|x| x == v);
                            match i.and_then(|i| args.get(i)) {
                                Some(a) => ordered.push(a.clone()),
                                None => {
                                    return Err(ElabError::unsupported(
                                        span,
                                        "this notation in a pattern",
                                    ))
                                }
                            }
                        }
                        if let Some(ctor) = self.pattern_ctor(c, expected, span)? {
                            return self.ctor_pattern(&ctor, &ordered, expected, span);
                        }
                    }
                }
                Err(ElabError::unsupported(span, "this notation in a pattern"))
            }
            PatternKind::List(items) => {
                let mut acc = Pattern::new(PatternKind::Ident("List.nil".into()), span);
                for x in items.iter().rev() {
                    let head = Pattern::new(PatternKind::Ident("List.cons".into()), x.span);
                    acc =
                        Pattern::new(PatternKind::App(Box::new(head), vec![x.clone(), acc]), span);
                }
                self.elab_pattern(&acc, expected)
            }
            PatternKind::Tuple(items) => {
                let q = match items.as_slice() {
                    [] => Pattern::new(PatternKind::Ident("Unit.unit".into()), span),
                    [x] => x.clone(),
                    [x, rest @ ..] => {
                        let head = Pattern::new(PatternKind::Ident("Prod.mk".into()), span);
                        let tail = Pattern::new(PatternKind::Tuple(rest.to_vec()), span);
                        Pattern::new(
                            PatternKind::App(Box::new(head), vec![x.clone(), tail]),
                            span,
                        )
                    }
                };
                self.elab_pattern(&q, expected)
            }
            PatternKind::AnonCtor(items) => {
                let Some((c, _)) = self.structure_like(expected, span)? else {
                    let t = self.pp(expected);
                    return Err(ElabError::invalid(
                        span,
                        format!("`⟨…⟩`: `{t}` has not exactly one constructor"),
                    ));
                };
                self.ctor_pattern(&c, items, expected, span)
            }
            PatternKind::Typed(q, t) => {
                let ty = self.elab_type(t)?;
                if !self.unify(ty, expected)? {
                    return Err(ElabError::new(
                        t.span,
                        ElabErrorKind::TypeMismatch {
                            term: "the pattern".into(),
                            expected: self.pp(expected),
                            actual: self.pp(ty),
                        },
                    ));
                }
                self.elab_pattern(q, ty)
            }
            PatternKind::Str(_) | PatternKind::Char(_) => Err(ElabError::unsupported(
                span,
                "string and character patterns",
            )),
        }
    }

    fn expect_nat(&mut self, expected: Expr, span: Span) -> Result<()> {
        let nat = self.store().cnst("Nat", Vec::new());
        if self.unify(expected, nat)? {
            return Ok(());
        }
        Err(ElabError::new(
            span,
            ElabErrorKind::TypeMismatch {
                term: "a numeral pattern".into(),
                expected: self.pp(expected),
                actual: "Nat".into(),
            },
        ))
    }

    /// The constructor a pattern name denotes, if any (`nil`, `List.nil`, `.nil`).
    fn pattern_ctor(&mut self, n: &str, expected: Expr, span: Span) -> Result<Option<Name>> {
        let is_ctor = |cx: &Self, c: &Name| {
            matches!(
                cx.tc.table.consts.get(c).map(|i| &i.kind),
                Some(ConstantKind::Constructor(_))
            )
        };
        if let Some(h) = self.type_head(expected, span)? {
            let c = h.child(n);
            if is_ctor(self, &c) {
                return Ok(Some(c));
            }
        }
        Ok(self.resolve_const(n).filter(|c| is_ctor(self, c)))
    }

    fn ctor_pattern(
        &mut self,
        ctor: &Name,
        args: &[Pattern],
        expected: Expr,
        span: Span,
    ) -> Result<(Pat, Expr)> {
        let w = self.whnf(expected, span)?;
        let (head, iargs) = self.tc.store.unfold_apps(w);
        let levels = match self.tc.store.node(head) {
            Node::Const(_, ls) => ls.clone(),
            _ => Vec::new(),
        };
        let Some(info) = self.tc.table.consts.get(ctor).cloned() else {
            return Err(ElabError::invalid(span, format!("`{ctor}` is missing")));
        };
        let ConstantKind::Constructor(ci) = &info.kind else {
            return Err(ElabError::invalid(
                span,
                format!("`{ctor}` is not a constructor"),
            ));
        };
        let np = ci.num_params as usize;
        if iargs.len() < np || levels.len() != info.lparams.len() {
            let t = self.pp(expected);
            return Err(ElabError::invalid(
                span,
                format!("`{ctor}` does not build a value of type `{t}`"),
            ));
        }
        let params = iargs[..np].to_vec();
        let mut t = self
            .tc
            .store
            .instantiate_levels(info.ty, &info.lparams, &levels);
        for &p in &params {
            let Node::Pi(_, _, _, b) = self.tc.store.node(t).clone() else {
                return Err(ElabError::invalid(span, "malformed constructor type"));
            };
            t = self.tc.store.instantiate1(b, p);
        }
        let mut subs = Vec::new();
        let mut terms = Vec::new();
        let mut next = 0;
        while let Node::Pi(_, bi, dom, body) = self.tc.store.node(t).clone() {
            let (pat, term) = if bi == BinderInfo::Default {
                let Some(a) = args.get(next) else {
                    return Err(ElabError::invalid(
                        span,
                        format!("`{ctor}` expects more arguments in this pattern"),
                    ));
                };
                next += 1;
                self.elab_pattern(a, dom)?
            } else {
                let x = self.push_local("_", dom, BinderInfo::Default);
                (Pat::Var(x), x)
            };
            subs.push(pat);
            terms.push(term);
            t = self.tc.store.instantiate1(body, term);
        }
        if next != args.len() {
            return Err(ElabError::invalid(
                span,
                format!(
                    "`{ctor}` takes {next} explicit arguments, the pattern gives {}",
                    args.len()
                ),
            ));
        }
        if !self.unify(t, expected)? {
            return Err(ElabError::new(
                span,
                ElabErrorKind::TypeMismatch {
                    term: format!("the pattern `{ctor} …`"),
                    expected: self.pp(expected),
                    actual: self.pp(t),
                },
            ));
        }
        let info_levels = levels.clone();
        let c = self.store().cnst(ctor.clone(), levels);
        let mut all = params.clone();
        all.extend(terms);
        let term = self.store().apps(c, &all);
        Ok((
            Pat::Ctor {
                ctor: ctor.clone(),
                levels: info_levels,
                params,
                args: subs,
            },
            term,
        ))
    }
}
