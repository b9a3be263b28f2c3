//! Applications: implicit and instance arguments, named arguments, `@f`, dot notation
//! (`x.field`, `xs.length`, `.ctor`) and propagation of the expected type.

use std::collections::VecDeque;

use cedrus_kernel::{BinderInfo, Expr, Node};

use super::ctx::Ctx;
use super::error::{ElabError, ElabErrorKind, Result};
use super::term::Resolved;
use crate::syntax::{Arg, Projection, Span, Term, TermKind};

/// The value of an argument: syntax to elaborate, or an already elaborated term.
#[derive(Clone, Copy)]
pub(crate) enum ArgVal<'t> {
    /// Surface syntax.
    Syn(&'t Term),
    /// An elaborated term.
    Elab(Expr),
}

/// An argument of an application.
#[derive(Clone)]
pub(crate) struct AppArg<'t> {
    /// For `(x := e)`: the binder name.
    pub name: Option<String>,
    /// The value.
    pub val: ArgVal<'t>,
    /// Where it is.
    pub span: Span,
}

impl<'t> AppArg<'t> {
    /// A positional argument from syntax.
    pub fn syn(t: &'t Term) -> Self {
        AppArg {
            name: None,
            val: ArgVal::Syn(t),
            span: t.span,
        }
    }

    /// A positional elaborated argument.
    pub fn elab(e: Expr, span: Span) -> Self {
        AppArg {
            name: None,
            val: ArgVal::Elab(e),
            span,
        }
    }

    /// The same argument, passed by name.
    pub fn named(mut self, n: &str) -> Self {
        self.name = Some(n.to_string());
        self
    }
}

impl Ctx<'_> {
    /// Elaborates `f args` where `f` is any term (identifiers get name resolution and dot
    /// notation).
    pub(crate) fn elab_app(
        &mut self,
        f: &Term,
        args: &[Arg],
        expected: Option<Expr>,
        span: Span,
    ) -> Result<Expr> {
        let app_args: Vec<AppArg> = args
            .iter()
            .map(|a| match a {
                Arg::Positional(t) => AppArg::syn(t),
                Arg::Named(n, t) => AppArg::syn(t).named(n),
            })
            .collect();
        match &f.kind {
            TermKind::Ident(n) => {
                let (r, fields) = self.resolve(n, f.span)?;
                let head = match r {
                    Resolved::Local(x) => x,
                    Resolved::Const(c) => self.mk_const(&c),
                };
                if fields.is_empty() {
                    return self.apply(head, app_args, expected, false, span);
                }
                let is_const = matches!(self.tc.store.node(head), Node::Const(..));
                match self.field_chain(head, &fields, app_args, expected, span) {
                    Err(ElabError {
                        kind: ElabErrorKind::UnknownName { .. },
                        ..
                    }) if is_const => Err(ElabError::new(
                        f.span,
                        ElabErrorKind::UnknownName {
                            name: n.clone(),
                            suggestions: self.suggestions(n),
                        },
                    )),
                    r => r,
                }
            }
            TermKind::Explicit(n) => match self.resolve(n, f.span)? {
                (Resolved::Const(c), fields) if fields.is_empty() => {
                    let head = self.mk_const(&c);
                    self.apply(head, app_args, expected, true, span)
                }
                (Resolved::Local(x), fields) if fields.is_empty() => {
                    self.apply(x, app_args, expected, true, span)
                }
                _ => Err(ElabError::invalid(f.span, "`@` needs a plain name")),
            },
            TermKind::DotIdent(n) => {
                let Some(exp) = expected else {
                    return Err(ElabError::invalid(
                        f.span,
                        format!("`.{n}` needs a known expected type"),
                    ));
                };
                let exp = self.instantiate(exp);
                // The expected type may be a function type returning the type.
                let mut target = exp;
                while let Node::Pi(_, _, _, b) = self.tc.store.node(target) {
                    target = *b;
                }
                let head = if self.tc.store.loose_range(target) == 0 {
                    self.type_head(target, f.span)?
                } else {
                    self.tc.store.head_const(target).map(|(n, _)| n.clone())
                };
                let Some(c) = head
                    .map(|h| h.child(n))
                    .filter(|c| self.tc.table.consts.contains_key(c))
                else {
                    let t = self.pp(exp);
                    return Err(ElabError::new(
                        f.span,
                        ElabErrorKind::UnknownName {
                            name: format!(".{n} (in the namespace of `{t}`)"),
                            suggestions: vec![],
                        },
                    ));
                };
                let head = self.mk_const(&c);
                self.apply(head, app_args, expected, false, span)
            }
            TermKind::Proj(e, Projection::Named(field)) => {
                let base = self.elab(e, None)?;
                let fields: Vec<String> = field.split('.').map(str::to_string).collect();
                self.field_chain(base, &fields, app_args, expected, span)
            }
            _ => {
                let head = self.elab(f, None)?;
                self.apply(head, app_args, expected, false, span)
            }
        }
    }

    /// `base.f₁.f₂ … args`: each field is generalized field notation.
    fn field_chain(
        &mut self,
        mut base: Expr,
        fields: &[String],
        args: Vec<AppArg>,
        expected: Option<Expr>,
        span: Span,
    ) -> Result<Expr> {
        let last = fields.len().saturating_sub(1);
        let mut args = Some(args);
        for (i, f) in fields.iter().enumerate() {
            let a = if i == last {
                args.take().unwrap_or_default()
            } else {
                Vec::new()
            };
            let exp = if i == last { expected } else { None };
            base = self.field_access(base, f, a, exp, span)?;
        }
        Ok(base)
    }

    /// `x.f args`: finds `C.f` for the head constant `C` of `x`'s type and passes `x` as
    /// its first explicit argument of type `C …`.
    fn field_access(
        &mut self,
        x: Expr,
        field: &str,
        mut args: Vec<AppArg>,
        expected: Option<Expr>,
        span: Span,
    ) -> Result<Expr> {
        let mut x = x;
        let mut ty = self.infer(x, span)?;
        ty = self.instantiate(ty);
        // `mem_cons.mp`: the implicit arguments of `x` come first, as in Lean.
        if matches!(self.tc.store.node(ty), Node::Pi(_, bi, _, _) if *bi != BinderInfo::Default) {
            x = self.apply(x, Vec::new(), None, false, span)?;
            ty = self.infer(x, span)?;
            ty = self.instantiate(ty);
        }
        let mut candidates = Vec::new();
        if let Some((n, _)) = self.tc.store.head_const(ty) {
            candidates.push(n.clone());
        }
        if let Some(n) = self.type_head(ty, span)? {
            if !candidates.contains(&n) {
                candidates.push(n);
            }
        }
        for c in &candidates {
            let fname = c.child(field);
            // A function of a mutual group being defined is a local named in full.
            let local = self
                .locals
                .iter()
                .rev()
                .find(|l| l.name == fname.as_str())
                .map(|l| l.fvar);
            let fty = match (local, self.tc.table.consts.get(&fname)) {
                (Some(l), _) => self.tc.local_type(l).unwrap_or(l),
                (None, Some(info)) => info.ty,
                (None, None) => continue,
            };
            // Find the binder that receives `x`.
            let mut t = fty;
            let mut binder = None;
            while let Node::Pi(n, bi, d, b) = self.tc.store.node(t) {
                let dh = self.tc.store.head_const(*d).map(|(h, _)| h.clone());
                if *bi == BinderInfo::Default && dh.as_ref() == Some(c) {
                    binder = Some(n.clone());
                    break;
                }
                t = *b;
            }
            let Some(bn) = binder else {
                continue;
            };
            let f = match local {
                Some(l) => l,
                None => self.mk_const(&fname),
            };
            args.push(AppArg::elab(x, span).named(bn.as_str()));
            return self.apply(f, args, expected, false, span);
        }
        // A field of a parent structure: go through `toP`.
        for c in &candidates {
            let parents = self
                .meta
                .structures
                .get(c)
                .map(|i| i.parents.clone())
                .unwrap_or_default();
            for (pf, p) in parents {
                if self.all_fields(&p).iter().any(|f| f == field) {
                    let up = self.field_access(x, &pf, Vec::new(), None, span)?;
                    return self.field_access(up, field, args, expected, span);
                }
            }
        }
        let t = self.pp(ty);
        Err(ElabError::new(
            span,
            ElabErrorKind::UnknownName {
                name: match candidates.first() {
                    Some(c) => c.child(field).as_str().to_string(),
                    None => format!("{field} (field of a value of type `{t}`)"),
                },
                suggestions: candidates
                    .iter()
                    .flat_map(|c| {
                        self.meta
                            .names
                            .iter()
                            .filter(move |n| n.prefix() == *c)
                            .filter(|n| super::error::edit_distance(n.last(), field) <= 2)
                            .map(|n| n.last().to_string())
                    })
                    .take(3)
                    .collect(),
            },
        ))
    }

    /// Applies `f` to `args`, inserting implicit and instance arguments (unless
    /// `explicit`), propagating `expected` into the arguments' types.
    pub(crate) fn apply(
        &mut self,
        f: Expr,
        args: Vec<AppArg>,
        expected: Option<Expr>,
        explicit: bool,
        span: Span,
    ) -> Result<Expr> {
        let mut positional: VecDeque<AppArg> = VecDeque::new();
        let mut named: Vec<AppArg> = Vec::new();
        for a in args {
            if a.name.is_some() {
                named.push(a);
            } else {
                positional.push_back(a);
            }
        }
        let fname = match self.tc.store.node(f) {
            Node::Const(n, _) => format!("`{n}`"),
            _ => "the function".to_string(),
        };
        let mut cur = f;
        let mut ty = self.infer(f, span)?;
        let mut todo: Vec<(Expr, AppArg, Expr)> = Vec::new();
        loop {
            let t = self.instantiate(ty);
            let mut t = if matches!(self.tc.store.node(t), Node::Pi(..)) {
                t
            } else if positional.is_empty() && named.is_empty() {
                // Only look for trailing implicit arguments in the type as written.
                t
            } else {
                self.whnf(t, span)?
            };
            let args_left = !positional.is_empty() || !named.is_empty();
            let is_pi = matches!(self.tc.store.node(t), Node::Pi(..));
            if !is_pi && args_left && !todo.is_empty() {
                // The rest of the type depends on arguments: elaborate those first.
                for (m, a, dom) in std::mem::take(&mut todo) {
                    self.elab_arg(m, a, dom)?;
                }
                t = self.whnf(ty, span)?;
            }
            let Node::Pi(bn, bi, dom, body) = self.tc.store.node(t).clone() else {
                if let Some(a) = positional.front().or(named.first()) {
                    let fty = self.pp(t);
                    let msg = match &a.name {
                        Some(n) => format!("{fname} has no argument named `{n}`"),
                        None => format!("too many arguments: {fname} has type `{fty}` here"),
                    };
                    return Err(ElabError::invalid(a.span, msg));
                }
                break;
            };
            let by_name = named
                .iter()
                .position(|a| a.name.as_deref() == Some(bn.as_str()));
            let a = if let Some(i) = by_name {
                let a = named.remove(i);
                let m = self.new_mvar(dom, a.span, format!("argument `{bn}` of {fname}"));
                todo.push((m, a, dom));
                m
            } else if !explicit && bi == BinderInfo::InstImplicit {
                let m = self.new_mvar(dom, span, format!("instance argument `{bn}` of {fname}"));
                self.pending.push(m);
                m
            } else if !explicit
                && (bi == BinderInfo::Implicit
                    || (bi == BinderInfo::StrictImplicit && !positional.is_empty()))
            {
                self.new_mvar(dom, span, format!("implicit argument `{bn}` of {fname}"))
            } else if let Some(a) = positional.pop_front() {
                let m = self.new_mvar(dom, a.span, format!("argument `{bn}` of {fname}"));
                todo.push((m, a, dom));
                m
            } else if !named.is_empty() && bi == BinderInfo::Default {
                // A later argument is given by name: this one becomes a hole... unless
                // nothing can determine it; Lean would make a λ here.
                self.new_mvar(dom, span, format!("argument `{bn}` of {fname}"))
            } else {
                break;
            };
            cur = self.store().app(cur, a);
            ty = self.tc.store.instantiate1(body, a);
        }
        // A result type applying an explicit argument (`motive n`, `f a = f b`) would be
        // solved first-order from the expected type: elaborate the arguments first then.
        let postpone = self.applies_any(ty, &todo);
        if let (Some(exp), false, false) = (expected, todo.is_empty(), postpone) {
            let _ = self.unify(ty, exp)?;
        }
        for (m, a, dom) in todo {
            self.elab_arg(m, a, dom)?;
        }
        if let (Some(exp), true) = (expected, postpone) {
            let _ = self.unify(ty, exp)?;
        }
        self.synth_pending(false)?;
        Ok(self.instantiate(cur))
    }

    /// Whether `ty` applies one of the placeholders of `todo` to arguments.
    fn applies_any(&mut self, ty: Expr, todo: &[(Expr, AppArg, Expr)]) -> bool {
        if todo.is_empty() {
            return false;
        }
        let ty = self.instantiate(ty);
        let heads: Vec<Expr> = todo.iter().map(|(m, _, _)| *m).collect();
        self.tc.store.any_subterm(ty, &mut |s, x| {
            matches!(s.node(x), Node::App(..)) && heads.contains(&s.unfold_apps(x).0)
        })
    }

    /// Elaborates argument `a` against `dom` and assigns its placeholder `m`.
    fn elab_arg(&mut self, m: Expr, a: AppArg, dom: Expr) -> Result<()> {
        let dom = self.instantiate(dom);
        let v = match a.val {
            ArgVal::Syn(t) => self.elab_check(t, dom)?,
            ArgVal::Elab(e) => {
                self.check_type(e, dom, a.span)?;
                e
            }
        };
        if self.unify(m, v)? {
            return Ok(());
        }
        let expected = self.pp(m);
        let term = self.pp(v);
        Err(ElabError::new(
            a.span,
            ElabErrorKind::TypeMismatch {
                term,
                expected: format!("the value `{expected}` (fixed by the other arguments)"),
                actual: self.pp(dom),
            },
        ))
    }
}
