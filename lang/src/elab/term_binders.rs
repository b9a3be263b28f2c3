//! Binding forms: `∀`/`Π`, `∃`, `fun` (with destructuring), `let`/`have` and
//! `if … then … else`.

use cedrus_kernel::{BinderInfo, Expr, Node};

use super::ctx::Ctx;
use super::error::{ElabError, ElabErrorKind, Result};
use super::term::binder_info;
use super::term_app::AppArg;
use crate::syntax::{self, Binder, FunBinder, LetLhs, Span, Term, TermKind};

fn mk(kind: TermKind, span: Span) -> Term {
    Term::new(kind, span)
}

impl Ctx<'_> {
    pub(crate) fn elab_forall(&mut self, bs: &[Binder], body: &Term) -> Result<Expr> {
        let n = self.locals.len();
        let xs = self.elab_binders(bs)?;
        let b = self.elab_type(body)?;
        let r = self.close(false, &xs, b);
        self.pop_locals(n);
        Ok(r)
    }

    pub(crate) fn elab_exists(&mut self, bs: &[Binder], body: &Term, span: Span) -> Result<Expr> {
        let n = self.locals.len();
        let xs = self.elab_binders(bs)?;
        let mut acc = self.elab_type(body)?;
        for &x in xs.iter().rev() {
            let lam = self.close(true, &[x], acc);
            let Some(c) = self.resolve_const("Exists") else {
                return Err(ElabError::invalid(span, "`∃` needs `Exists` declared"));
            };
            let f = self.mk_const(&c);
            acc = self.apply(f, vec![AppArg::elab(lam, span)], None, false, span)?;
        }
        self.pop_locals(n);
        Ok(acc)
    }

    pub(crate) fn elab_fun(
        &mut self,
        bs: &[FunBinder],
        body: &Term,
        expected: Option<Expr>,
        span: Span,
    ) -> Result<Expr> {
        // `fun ⟨a, b⟩ => e` is `fun x => match x with | ⟨a, b⟩ => e`.
        if bs.iter().any(|b| matches!(b, FunBinder::Pattern(_))) {
            let mut binders = Vec::new();
            let mut matches = Vec::new();
            for (k, b) in bs.iter().enumerate() {
                match b {
                    FunBinder::Binder(b) => binders.push(FunBinder::Binder(b.clone())),
                    FunBinder::Pattern(p) => {
                        let x = format!("x✝{k}");
                        binders.push(FunBinder::Binder(Binder {
                            names: vec![x.clone()],
                            ty: None,
                            info: syntax::BinderInfo::Explicit,
                            span: p.span,
                        }));
                        matches.push((x, p.clone()));
                    }
                }
            }
            let mut inner = body.clone();
            for (x, p) in matches.into_iter().rev() {
                inner = match_one(&x, p, inner, span);
            }
            let t = mk(TermKind::Fun(binders, Box::new(inner)), span);
            return self.elab(&t, expected);
        }
        let n = self.locals.len();
        let mut exp = expected;
        let mut xs = Vec::new();
        for fb in bs {
            let b = match fb {
                FunBinder::Binder(b) => b,
                FunBinder::Pattern(p) => {
                    return Err(ElabError::unsupported(p.span, "patterns in `fun` binders"))
                }
            };
            let given = match &b.ty {
                Some(t) => Some(self.elab_type(t)?),
                None => None,
            };
            for name in &b.names {
                // Introduce the expected type's implicit binders the syntax omits.
                if b.info == syntax::BinderInfo::Explicit {
                    while let Some(e) = exp {
                        let w = self.whnf(e, span)?;
                        match self.tc.store.node(w).clone() {
                            Node::Pi(n, bi, d, body) if bi != BinderInfo::Default => {
                                let x = self.push_local(n.as_str(), d, bi);
                                xs.push(x);
                                exp = Some(self.tc.store.instantiate1(body, x));
                            }
                            _ => break,
                        }
                    }
                }
                let pi = match exp {
                    Some(e) => {
                        let w = self.whnf(e, span)?;
                        match self.tc.store.node(w).clone() {
                            Node::Pi(_, _, d, body) => Some((d, body)),
                            _ => None,
                        }
                    }
                    None => None,
                };
                let ty = match (given, pi) {
                    (Some(g), Some((d, _))) => {
                        if !self.unify(g, d)? {
                            return Err(ElabError::new(
                                b.span,
                                ElabErrorKind::TypeMismatch {
                                    term: name.clone(),
                                    expected: self.pp(d),
                                    actual: self.pp(g),
                                },
                            ));
                        }
                        g
                    }
                    (Some(g), None) => g,
                    (None, Some((d, _))) => d,
                    (None, None) => self.new_type_mvar(b.span, "the type of a `fun` binder"),
                };
                let x = self.push_local(name, ty, binder_info(b.info));
                xs.push(x);
                exp = pi.map(|(_, body)| self.tc.store.instantiate1(body, x));
            }
        }
        let b = match exp {
            Some(t) => self.elab_check(body, t)?,
            None => self.elab(body, None)?,
        };
        self.synth_pending(false)?;
        let r = self.close(true, &xs, b);
        self.pop_locals(n);
        Ok(r)
    }

    pub(crate) fn elab_let(
        &mut self,
        d: &syntax::LetDecl,
        body: &Term,
        expected: Option<Expr>,
        is_have: bool,
    ) -> Result<Expr> {
        let name = match &d.lhs {
            LetLhs::Name(Some(n)) => n.clone(),
            LetLhs::Name(None) => "this".to_string(),
            LetLhs::Pattern(p) => {
                // `let ⟨a, b⟩ := v; e` is `match v with | ⟨a, b⟩ => e`.
                if !d.binders.is_empty() {
                    return Err(ElabError::invalid(
                        p.span,
                        "a pattern `let` takes no parameters",
                    ));
                }
                let value = match &d.ty {
                    Some(t) => mk(
                        TermKind::Ascription(Box::new(d.value.clone()), Box::new(t.clone())),
                        d.value.span,
                    ),
                    None => d.value.clone(),
                };
                let alt = syntax::MatchAlt {
                    patterns: vec![p.clone()],
                    rhs: body.clone(),
                    span: p.span,
                };
                let disc = syntax::Discriminant {
                    name: None,
                    term: value,
                };
                let t = mk(TermKind::Match(vec![disc], vec![alt]), p.span.to(body.span));
                return self.elab(&t, expected);
            }
        };
        let n = self.locals.len();
        let ps = self.elab_binders(&d.binders)?;
        let ty = match &d.ty {
            Some(t) => Some(self.elab_type(t)?),
            None => None,
        };
        let val = match ty {
            Some(t) => self.elab_check(&d.value, t)?,
            None => self.elab(&d.value, None)?,
        };
        let ty = match ty {
            Some(t) => t,
            None => self.infer(val, d.value.span)?,
        };
        self.synth_pending(false)?;
        let val = self.close(true, &ps, val);
        let ty = self.close(false, &ps, ty);
        self.pop_locals(n);
        let x = self.push_local(&name, ty, BinderInfo::Default);
        if !is_have {
            self.let_vals.insert(x, val);
        }
        let b = self.elab(body, expected)?;
        self.synth_pending(false)?;
        let r = self.close(true, &[x], b);
        self.pop_locals(n);
        if is_have {
            return Ok(self.store().app(r, val));
        }
        Ok(r)
    }

    pub(crate) fn elab_if(
        &mut self,
        h: Option<&str>,
        c: &Term,
        a: &Term,
        b: &Term,
        expected: Option<Expr>,
        span: Span,
    ) -> Result<Expr> {
        let ce = self.elab(c, None)?;
        let ct = self.infer(ce, c.span)?;
        let w = self.whnf(ct, c.span)?;
        let is_bool = matches!(self.tc.store.head_const(w), Some((n, _)) if n.as_str() == "Bool");
        if is_bool && h.is_none() {
            let f = self.named_const("cond", span)?;
            let args = vec![AppArg::elab(ce, c.span), AppArg::syn(a), AppArg::syn(b)];
            return self.apply(f, args, expected, false, span);
        }
        let prop = self.store().prop();
        self.check_type(ce, prop, c.span)?;
        let Some(h) = h else {
            let f = self.named_const("ite", span)?;
            let args = vec![AppArg::elab(ce, c.span), AppArg::syn(a), AppArg::syn(b)];
            return self.apply(f, args, expected, false, span);
        };
        let n = self.locals.len();
        let ht = self.push_local(h, ce, BinderInfo::Default);
        let ae = self.elab(a, expected)?;
        let at = self.close(true, &[ht], ae);
        self.pop_locals(n);
        let not = self.named_const("Not", span)?;
        let nc = self.store().app(not, ce);
        let hf = self.push_local(h, nc, BinderInfo::Default);
        let be = self.elab(b, expected)?;
        let bf = self.close(true, &[hf], be);
        self.pop_locals(n);
        let f = self.named_const("dite", span)?;
        let args = vec![
            AppArg::elab(ce, c.span),
            AppArg::elab(at, a.span),
            AppArg::elab(bf, b.span),
        ];
        self.apply(f, args, expected, false, span)
    }
}

/// `fun x => match x with alts`.
pub(crate) fn fun_match(x: &str, alts: Vec<syntax::MatchAlt>, span: Span) -> Term {
    let disc = syntax::Discriminant {
        name: None,
        term: mk(TermKind::Ident(x.to_string()), span),
    };
    let b = Binder {
        names: vec![x.to_string()],
        ty: None,
        info: syntax::BinderInfo::Explicit,
        span,
    };
    let m = mk(TermKind::Match(vec![disc], alts), span);
    mk(TermKind::Fun(vec![FunBinder::Binder(b)], Box::new(m)), span)
}

/// `match x with | p => body`.
fn match_one(x: &str, p: syntax::Pattern, body: Term, span: Span) -> Term {
    let disc = syntax::Discriminant {
        name: None,
        term: mk(TermKind::Ident(x.to_string()), span),
    };
    let alt = syntax::MatchAlt {
        patterns: vec![p],
        rhs: body,
        span,
    };
    mk(TermKind::Match(vec![disc], vec![alt]), span)
}
