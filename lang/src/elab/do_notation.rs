//! `do` notation, desugared to `Bind.bind` and `Pure.pure` (so it works for any monad
//! with those instances, such as `Option` and `Except ε` from the prelude).
//!
//! Handled: `let x ← e`, `let x := e`, `return e`, `if c then … else …` (as the last
//! element or followed by more), and plain actions. `let mut`, reassignment, `for` and
//! `unless` are reported as unsupported.

use cedrus_kernel::Expr;

use super::ctx::Ctx;
use super::error::{ElabError, Result};
use crate::syntax::{
    Arg, Binder, BinderInfo, DoElem, FunBinder, LetDecl, LetLhs, Pattern, PatternKind, Span, Term,
    TermKind,
};

fn mk(kind: TermKind, span: Span) -> Term {
    Term::new(kind, span)
}

fn ident(n: &str, span: Span) -> Term {
    mk(TermKind::Ident(n.to_string()), span)
}

fn app(f: &str, args: Vec<Term>, span: Span) -> Term {
    let args = args.into_iter().map(Arg::Positional).collect();
    mk(TermKind::App(Box::new(ident(f, span)), args), span)
}

/// The bound name of a `do` pattern (only names and `_` are supported).
fn pattern_name(p: &Pattern) -> Result<String> {
    match &p.kind {
        PatternKind::Ident(n) => Ok(n.clone()),
        PatternKind::Wildcard => Ok("_".to_string()),
        _ => Err(ElabError::unsupported(p.span, "patterns in `do` bindings")),
    }
}

fn lambda(name: String, ty: Option<Term>, body: Term, span: Span) -> Term {
    let b = Binder {
        names: vec![name],
        ty,
        info: BinderInfo::Explicit,
        span,
    };
    mk(
        TermKind::Fun(vec![FunBinder::Binder(b)], Box::new(body)),
        span,
    )
}

/// Desugars a `do` sequence into an ordinary term.
pub(crate) fn desugar(elems: &[DoElem], span: Span) -> Result<Term> {
    let Some((first, rest)) = elems.split_first() else {
        return Err(ElabError::invalid(span, "empty `do` block"));
    };
    let last = rest.is_empty();
    let then = |t: Term| -> Result<Term> {
        if last {
            return Ok(t);
        }
        let k = desugar(rest, span)?;
        Ok(app(
            "Bind.bind",
            vec![t, lambda("_".into(), None, k, span)],
            span,
        ))
    };
    match first {
        DoElem::Expr(e) => then(e.clone()),
        DoElem::Return(e) => {
            let v = e
                .clone()
                .unwrap_or_else(|| mk(TermKind::Tuple(Vec::new()), span));
            then(app("Pure.pure", vec![v], span))
        }
        DoElem::Bind {
            mutable: false,
            lhs,
            ty,
            value,
        } => {
            if last {
                return Err(ElabError::invalid(
                    value.span,
                    "a `do` block must end with an action",
                ));
            }
            let k = desugar(rest, span)?;
            let f = lambda(pattern_name(lhs)?, ty.clone(), k, span);
            Ok(app("Bind.bind", vec![value.clone(), f], span))
        }
        DoElem::Let {
            mutable: false,
            lhs,
            ty,
            value,
        } => {
            if last {
                return Err(ElabError::invalid(
                    value.span,
                    "a `do` block must end with an action",
                ));
            }
            let k = desugar(rest, span)?;
            let d = LetDecl {
                lhs: LetLhs::Name(Some(pattern_name(lhs)?)),
                binders: Vec::new(),
                ty: ty.clone(),
                value: value.clone(),
            };
            Ok(mk(TermKind::Let(Box::new(d), Box::new(k)), span))
        }
        DoElem::If(c, a, b) => {
            let a = desugar(a, span)?;
            let b = match b {
                Some(b) => desugar(b, span)?,
                None => app(
                    "Pure.pure",
                    vec![mk(TermKind::Tuple(Vec::new()), span)],
                    span,
                ),
            };
            then(mk(
                TermKind::If(None, Box::new(c.clone()), Box::new(a), Box::new(b)),
                span,
            ))
        }
        DoElem::Bind { .. } | DoElem::Let { .. } | DoElem::Reassign(..) => Err(
            ElabError::unsupported(span, "mutable variables in `do` blocks"),
        ),
        DoElem::Unless(..) => Err(ElabError::unsupported(span, "`unless` in `do` blocks")),
        DoElem::For(..) => Err(ElabError::unsupported(span, "`for` loops in `do` blocks")),
    }
}

impl Ctx<'_> {
    /// Elaborates a `do` block.
    pub(crate) fn elab_do(
        &mut self,
        elems: &[DoElem],
        expected: Option<Expr>,
        span: Span,
    ) -> Result<Expr> {
        let t = desugar(elems, span)?;
        self.elab(&t, expected)
    }
}
