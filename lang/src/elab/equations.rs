//! Definitions by equations: elaborating patterns into the pattern-match compiler's input.
//!
//! [`EqnDef`], [`Equation`] and [`Pat`] mirror the interface planned for the compiler in
//! `lang/src/matchc`: patterns over kernel terms whose variables are locals of the
//! elaboration context, and recursive calls as the constant being defined. The compiler
//! is called from one place, [`compile`]; until it is available that function reports
//! the definition as unsupported.

use cedrus_kernel::{BinderInfo, ConstantKind, Expr, Name, Node};
use num_bigint::BigUint;

use super::ctx::Ctx;
use super::error::{ElabError, ElabErrorKind, Result};
use super::term::parse_numeral;
use crate::syntax::{MatchAlt, Pattern, PatternKind, Span};

/// A pattern over kernel terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pat {
    /// A variable (a local of the elaboration context).
    Var(Expr),
    /// A constructor applied to the type's parameters and to sub-patterns for its fields.
    Ctor {
        /// The constructor.
        ctor: Name,
        /// The inductive type's parameters.
        params: Vec<Expr>,
        /// One pattern per field (implicit fields are variables).
        args: Vec<Pat>,
    },
    /// A natural-number literal.
    Lit(BigUint),
    /// A term determined by the other patterns.
    Inaccessible(Expr),
}

/// One equation `f p₁ … pₙ = rhs`.
#[derive(Clone, Debug)]
pub struct Equation {
    /// The pattern variables (and the definition's parameters), with their types.
    pub vars: Vec<(Name, Expr)>,
    /// One pattern per argument of the function.
    pub patterns: Vec<Pat>,
    /// The right-hand side; recursive calls are the constant being defined.
    pub rhs: Expr,
}

/// A definition by equations, as the pattern-match compiler takes it.
#[derive(Clone, Debug)]
pub struct EqnDef {
    /// The definition's name.
    pub name: Name,
    /// Its universe parameters.
    pub lparams: Vec<Name>,
    /// Its type, over the parameters and the matched arguments.
    pub fn_type: Expr,
    /// The equations, in order (earlier ones take precedence).
    pub equations: Vec<Equation>,
}

/// Compiles a definition by equations (matching `matched` arguments after the
/// parameters) into its value. This is the one place to call
/// the pattern-match compiler from; until it is merged, definitions that need it are
/// reported as unsupported, naming the first recursive call when there is one.
pub fn compile(def: &EqnDef, recursive: bool, matched: usize, span: Span) -> Result<Expr> {
    let arity = matched;
    let what = if recursive { "recursive " } else { "" };
    Err(ElabError::unsupported(
        span,
        format!(
            "`{}` is a {what}definition by {} equations over {arity} arguments: it needs the \
             pattern-match compiler",
            def.name,
            def.equations.len()
        ),
    ))
}

impl Ctx<'_> {
    /// Builds the compiler's input for `name`, whose parameters are the locals `params`
    /// and whose type after them is `ty`, defined by the alternatives `alts`. Also says
    /// whether a right-hand side calls the function.
    pub fn equations_input(
        &mut self,
        name: &Name,
        params: &[Expr],
        ty: Expr,
        alts: &[MatchAlt],
    ) -> Result<(EqnDef, bool)> {
        let arity = alts.first().map_or(0, |a| a.patterns.len());
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
        let me_const = self.store().cnst(name.clone(), Vec::new());
        let mut equations = Vec::new();
        let mut recursive = false;
        for alt in alts {
            if alt.patterns.len() != arity {
                self.rec_names = saved_rec;
                return Err(ElabError::invalid(
                    alt.span,
                    format!("expected {arity} patterns, found {}", alt.patterns.len()),
                ));
            }
            let a0 = self.locals.len();
            let mut patterns: Vec<Pat> = params.iter().map(|&p| Pat::Var(p)).collect();
            let mut t = ty;
            for p in &alt.patterns {
                let w = self.whnf(t, p.span)?;
                let Node::Pi(_, _, dom, body) = self.tc.store.node(w).clone() else {
                    self.rec_names = saved_rec;
                    return Err(ElabError::invalid(p.span, "too many patterns"));
                };
                let (pat, term) = self.elab_pattern(p, dom)?;
                patterns.push(pat);
                t = self.tc.store.instantiate1(body, term);
            }
            let rhs = self.elab_check(&alt.rhs, t)?;
            self.synth_pending(true)?;
            let rhs = self.ensure_solved(rhs, alt.rhs.span)?;
            recursive |= self.tc.store.any_subterm(rhs, &mut |_, x| x == me);
            let abs = self.tc.store.abstract_fvars(rhs, &[me]);
            let rhs = self.tc.store.instantiate1(abs, me_const);
            let mut vars = Vec::new();
            for &p in params {
                let ty = self.tc.local_type(p).unwrap_or(p);
                vars.push((self.tc.local_name(p), self.instantiate(ty)));
            }
            let bound: Vec<(String, Expr)> = self.locals[a0..]
                .iter()
                .map(|l| (l.name.clone(), l.fvar))
                .collect();
            for (n, x) in bound {
                let ty = self.tc.local_type(x).unwrap_or(x);
                vars.push((Name::new(&n), self.instantiate(ty)));
            }
            equations.push(Equation {
                vars,
                patterns,
                rhs,
            });
            self.pop_locals(a0);
        }
        self.pop_locals(n0);
        self.rec_names = saved_rec;
        Ok((
            EqnDef {
                name: name.clone(),
                lparams: Vec::new(),
                fn_type,
                equations,
            },
            recursive,
        ))
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
        let c = self.store().cnst(ctor.clone(), levels);
        let mut all = params.clone();
        all.extend(terms);
        let term = self.store().apps(c, &all);
        Ok((
            Pat::Ctor {
                ctor: ctor.clone(),
                params,
                args: subs,
            },
            term,
        ))
    }
}
