//! Commands: scopes, definitions, theorems, instances, and the `#` commands. Signatures
//! and bodies of definitions are elaborated in the `definition` module, inductive types
//! and structures in the `inductive` module.

use std::time::Instant;

use cedrus_kernel::{Declaration, Expr, Level, Name, Node, ReducibilityHints};

use super::ctx::Ctx;
use super::definition::{elab_signature_and_body, Closed};
use super::error::{ElabError, ElabErrorKind, Result};
use super::{DeclRecord, Elaborator, Message, Scope};
use crate::syntax::{Binder, Command, CommandKind, Def, DefKind, Span, Term, TermKind};

impl Elaborator {
    /// Elaborates one command, adding what it declares to the environment.
    pub fn elab_command(&mut self, cmd: &Command) -> Result<()> {
        let span = cmd.span;
        match &cmd.kind {
            CommandKind::Import(_) | CommandKind::SetOption(..) => Ok(()),
            CommandKind::Attribute(attrs, names) => self.attribute_command(attrs, names, span),
            CommandKind::Notation(_) => Ok(()),
            CommandKind::Namespace(n) => {
                let cur = self.meta.scope().clone();
                let mut ns = cur.namespace.clone();
                for c in n.split('.') {
                    ns = ns.child(c);
                }
                self.meta.scopes.push(Scope {
                    header: Some(n.clone()),
                    is_namespace: true,
                    namespace: ns,
                    opens: Vec::new(),
                    variables: Vec::new(),
                    universes: Vec::new(),
                });
                Ok(())
            }
            CommandKind::Section(n) => {
                let ns = self.meta.scope().namespace.clone();
                self.meta.scopes.push(Scope {
                    header: n.clone(),
                    is_namespace: false,
                    namespace: ns,
                    ..Scope::default()
                });
                Ok(())
            }
            CommandKind::End(n) => {
                if self.meta.scopes.len() <= 1 {
                    return Err(ElabError::invalid(span, "`end` without an open scope"));
                }
                let top = self.meta.scope();
                if top.header != *n {
                    let want = top.header.clone().unwrap_or_default();
                    return Err(ElabError::invalid(
                        span,
                        format!(
                            "`end {}` does not close the innermost scope `{want}`",
                            n.clone().unwrap_or_default()
                        ),
                    ));
                }
                self.meta.scopes.pop();
                Ok(())
            }
            CommandKind::Open(ns) => {
                for n in ns {
                    let Some(full) = self.resolve_namespace(n) else {
                        return Err(ElabError::invalid(span, format!("unknown namespace `{n}`")));
                    };
                    self.meta.scope_mut().opens.push(full);
                }
                Ok(())
            }
            CommandKind::Variable(bs) => {
                // Check the binders elaborate now; they are re-elaborated per declaration.
                let mut all = self.all_variables();
                all.extend(bs.iter().cloned());
                {
                    let tc = self.env.type_checker(Name::new("variable"), Vec::new());
                    let mut cx = Ctx::new(tc, &self.meta);
                    cx.auto_bound = Some(Vec::new());
                    cx.auto_levels = Some(Vec::new());
                    cx.elab_binders(&all)?;
                }
                self.meta.scope_mut().variables.extend(bs.iter().cloned());
                Ok(())
            }
            CommandKind::Universe(us) => {
                let sc = self.meta.scope_mut();
                sc.universes.extend(us.iter().map(|u| Name::new(u)));
                Ok(())
            }
            CommandKind::Def(d) => {
                self.elab_def(d, span)?;
                self.register_simp_attr(d, span)
            }
            CommandKind::Inductive(i) => self.elab_inductives(&[i.as_ref()], span),
            CommandKind::Structure(s) => self.elab_structure(s, span),
            CommandKind::Mutual(cmds) => {
                let mut inds = Vec::new();
                let mut defs = Vec::new();
                for c in cmds {
                    match &c.kind {
                        CommandKind::Inductive(i) => inds.push(i.as_ref()),
                        CommandKind::Def(d) => defs.push((d.as_ref(), c.span)),
                        _ => {
                            return Err(ElabError::invalid(
                                c.span,
                                "only inductive types and definitions may be `mutual`",
                            ))
                        }
                    }
                }
                match (inds.is_empty(), defs.is_empty()) {
                    (_, true) => self.elab_inductives(&inds, span),
                    (true, false) => self.elab_mutual_defs(&defs, span),
                    (false, false) => Err(ElabError::unsupported(
                        span,
                        "a `mutual` block mixing inductive types and definitions",
                    )),
                }
            }
            CommandKind::Check(t) => {
                let text = self.check_term(t)?;
                self.messages.push(Message { span, text });
                Ok(())
            }
            CommandKind::Eval(t) | CommandKind::Reduce(t) => {
                let text = self.eval_term(t)?;
                self.messages.push(Message { span, text });
                Ok(())
            }
            CommandKind::Print(n) => {
                let c = self.resolve_global(n, span)?;
                let text = match self.env.get(&c) {
                    Some(info) => {
                        let ty = cedrus_kernel::pp::pp_closed(self.env.store(), info.ty);
                        format!("{} {c} : {ty}", info.kind_name())
                    }
                    None => String::new(),
                };
                self.messages.push(Message { span, text });
                Ok(())
            }
            CommandKind::PrintAxioms(n) => {
                let c = self.resolve_global(n, span)?;
                let axioms = self.env.axioms_of(&c);
                let text = if axioms.is_empty() {
                    format!("'{c}' does not depend on any axioms")
                } else {
                    let list: Vec<&str> = axioms.iter().map(Name::as_str).collect();
                    format!("'{c}' depends on axioms: [{}]", list.join(", "))
                };
                self.messages.push(Message { span, text });
                Ok(())
            }
        }
    }

    /// The namespace `open n` means: `n` relative to the current namespace or an
    /// enclosing one, or `None` if no declaration lives in it.
    fn resolve_namespace(&self, n: &str) -> Option<Name> {
        let mut ns = self.meta.scope().namespace.clone();
        loop {
            let cand = ns.child(n);
            let prefix = format!("{}.", cand.as_str());
            if self
                .meta
                .names
                .iter()
                .any(|x| x.as_str().starts_with(&prefix))
            {
                return Some(cand);
            }
            if ns.is_anonymous() {
                return None;
            }
            ns = ns.prefix();
        }
    }

    /// Resolves a global constant name as the term elaborator would.
    pub fn resolve_global(&mut self, n: &str, span: Span) -> Result<Name> {
        let tc = self.env.type_checker(Name::new("_resolve"), Vec::new());
        let cx = Ctx::new(tc, &self.meta);
        match cx.resolve_const(n) {
            Some(c) => Ok(c),
            None => Err(ElabError::new(
                span,
                ElabErrorKind::UnknownName {
                    name: n.to_string(),
                    suggestions: cx.suggestions(n),
                },
            )),
        }
    }

    pub(crate) fn all_variables(&self) -> Vec<Binder> {
        self.meta
            .scopes
            .iter()
            .flat_map(|s| s.variables.iter().cloned())
            .collect()
    }

    /// The full name of a declaration named `n` in the current namespace.
    pub(crate) fn full_name(&self, n: &str) -> Name {
        match n.strip_prefix("_root_.") {
            Some(r) => Name::new(r),
            None => self.meta.scope().namespace.child(n),
        }
    }

    /// Elaborates a closed term (for `#check`, `#eval`): returns it and its type.
    pub fn elab_closed_term(&mut self, t: &Term) -> Result<(Expr, Expr)> {
        let tc = self.env.type_checker(Name::new("_term"), Vec::new());
        let mut cx = Ctx::new(tc, &self.meta);
        let e = cx.elab(t, None)?;
        cx.synth_pending(true)?;
        let e = cx.ensure_solved(e, t.span)?;
        let ty = cx.infer(e, t.span)?;
        let ty = cx.ensure_solved(ty, t.span)?;
        // Leftover universe metavariables become `0`.
        for n in cx
            .level_mvars_in(e)
            .into_iter()
            .chain(cx.level_mvars_in(ty))
        {
            cx.lmvars.insert(n, Some(Level::zero()));
        }
        let e = cx.instantiate(e);
        let ty = cx.instantiate(ty);
        let ty = super::ctx::head_beta(cx.store(), ty);
        Ok((e, ty))
    }

    fn check_term(&mut self, t: &Term) -> Result<String> {
        if let TermKind::Ident(n) | TermKind::Explicit(n) = &t.kind {
            if let Ok(c) = self.resolve_global(n, t.span) {
                if let Some(info) = self.env.get(&c) {
                    let ty = cedrus_kernel::pp::pp_closed(self.env.store(), info.ty);
                    return Ok(format!("{c} : {ty}"));
                }
            }
        }
        let (e, ty) = self.elab_closed_term(t)?;
        let s = self.env.store();
        Ok(format!(
            "{} : {}",
            cedrus_kernel::pp::pp_closed(s, e),
            cedrus_kernel::pp::pp_closed(s, ty)
        ))
    }

    /// Elaborates and evaluates a closed term with the configured evaluator.
    pub fn eval_term(&mut self, t: &Term) -> Result<String> {
        let (e, _) = self.elab_closed_term(t)?;
        self.evaluator
            .eval_with_code(&mut self.env, e, &self.eval_code)
            .map_err(|m| ElabError::invalid(t.span, format!("evaluation failed: {m}")))
    }

    fn elab_def(&mut self, d: &Def, span: Span) -> Result<()> {
        let start = Instant::now();
        let is_builtin = d.modifiers.attrs.iter().any(|a| a.name == "builtin");
        let short = d.name.clone();
        let provisional = match (&short, d.kind) {
            (Some(n), _) => self.full_name(n),
            (None, DefKind::Instance) => Name::new("_instance"),
            (None, _) => Name::new(&format!("_example.{}", self.records.len())),
        };
        if is_builtin {
            return self.add_builtin(&provisional, d, span, start);
        }
        let sig_span = d.ty.as_ref().map_or(span, |t| t.span);
        let rec_names: Vec<String> = short
            .iter()
            .flat_map(|s| [s.clone(), provisional.as_str().to_string()])
            .collect();
        let variables = self.all_variables();
        let closed = {
            let tc = self.env.type_checker(provisional.clone(), Vec::new());
            let mut cx = Ctx::new(tc, &self.meta);
            cx.rec_names = rec_names;
            let ns = provisional.prefix();
            if !ns.is_anonymous() {
                cx.extra_opens.push(ns);
            }
            elab_signature_and_body(&mut cx, variables, d, sig_span, span, &[])?
        };
        if let Some(def) = closed.eqns {
            let aux = closed.value.is_some();
            let theorems = if matches!(d.kind, DefKind::Theorem) {
                vec![def.name.clone()]
            } else {
                Vec::new()
            };
            self.compile_equations(vec![def], &theorems, &closed.calls, span, start)?;
            if !aux {
                return Ok(());
            }
        }
        let name = match (&short, d.kind) {
            (None, DefKind::Instance) => self.full_name(&self.instance_name(closed.ty)),
            _ => provisional,
        };
        let Closed {
            ty, value, lparams, ..
        } = closed;
        let decl = match (d.kind, value) {
            (DefKind::Axiom, _) => Declaration::Axiom {
                name: name.clone(),
                lparams,
                ty,
            },
            (DefKind::Theorem, Some(value)) => Declaration::Theorem {
                name: name.clone(),
                lparams,
                ty,
                value,
            },
            (DefKind::Opaque, Some(value)) => Declaration::Opaque {
                name: name.clone(),
                lparams,
                ty,
                value,
            },
            (k, Some(value)) => Declaration::Definition {
                name: name.clone(),
                lparams,
                ty,
                value,
                hints: if k == DefKind::Abbrev {
                    ReducibilityHints::Abbrev
                } else {
                    ReducibilityHints::Regular
                },
            },
            (_, None) => {
                return Err(ElabError::invalid(
                    span,
                    "this declaration needs a value `:= …`",
                ))
            }
        };
        self.add_decl(span, decl)?;
        if d.kind == DefKind::Instance {
            match self.class_of(ty) {
                Some(c) if self.meta.classes.contains_key(&c) => {
                    self.meta.instances.push((name.clone(), c))
                }
                _ => {
                    return Err(ElabError::invalid(
                        sig_span,
                        "an instance's type must be a class application",
                    ))
                }
            }
        }
        let kind = match d.kind {
            DefKind::Def => "def",
            DefKind::Theorem => "theorem",
            DefKind::Abbrev => "abbrev",
            DefKind::Instance => "instance",
            DefKind::Opaque => "opaque",
            DefKind::Axiom => "axiom",
            DefKind::Example => "example",
        };
        self.records.push(DeclRecord {
            name,
            kind,
            time: start.elapsed(),
        });
        Ok(())
    }

    /// The class an instance of type `ty` belongs to (through Πs and definitions).
    pub(crate) fn class_of(&mut self, ty: Expr) -> Option<Name> {
        let mut tc = self.env.type_checker(Name::new("_class"), Vec::new());
        let mut t = ty;
        for _ in 0..64 {
            let w = tc.whnf(t).ok()?;
            match tc.store.node(w).clone() {
                Node::Pi(n, _, d, b) => {
                    let x = tc.fresh_local(n, d);
                    t = tc.store.instantiate1(b, x);
                }
                _ => {
                    if let Some((h, _)) = tc.store.head_const(t) {
                        if self.meta.classes.contains_key(h) {
                            return Some(h.clone());
                        }
                    }
                    return tc.store.head_const(w).map(|(n, _)| n.clone());
                }
            }
        }
        None
    }

    /// `instClassArg` for an anonymous instance of type `ty`.
    fn instance_name(&self, ty: Expr) -> String {
        let s = self.env.store();
        let mut t = ty;
        while let Node::Pi(_, _, _, b) = s.node(t) {
            t = *b;
        }
        let (h, args) = s.unfold_apps(t);
        let mut out = String::from("inst");
        if let Node::Const(c, _) = s.node(h) {
            out.push_str(c.last());
        }
        for a in args {
            if let Some((n, _)) = s.head_const(a) {
                out.push_str(n.last());
            }
        }
        let mut name = out.clone();
        let mut k = 1;
        while self.env.get(&self.full_name(&name)).is_some() {
            k += 1;
            name = format!("{out}_{k}");
        }
        name
    }

    /// `@[builtin] axiom Nat.add : Nat → Nat → Nat`: the kernel's reference definition.
    fn add_builtin(&mut self, name: &Name, d: &Def, span: Span, start: Instant) -> Result<()> {
        let Some((ty, value)) =
            cedrus_kernel::builtins::reference_definition(&mut self.env, name.as_str())
        else {
            return Err(ElabError::invalid(
                span,
                format!("`{name}` is not a built-in the kernel defines (or what it needs is not declared yet)"),
            ));
        };
        if let Some(t) = &d.ty {
            let tc = self.env.type_checker(name.clone(), Vec::new());
            let mut cx = Ctx::new(tc, &self.meta);
            let declared = cx.elab_type(t)?;
            if !cx.unify(declared, ty)? {
                return Err(ElabError::new(
                    t.span,
                    ElabErrorKind::TypeMismatch {
                        term: name.to_string(),
                        expected: cx.pp(ty),
                        actual: cx.pp(declared),
                    },
                ));
            }
        }
        self.add_decl(
            span,
            Declaration::Definition {
                name: name.clone(),
                lparams: Vec::new(),
                ty,
                value,
                hints: ReducibilityHints::Regular,
            },
        )?;
        self.records.push(DeclRecord {
            name: name.clone(),
            kind: "def",
            time: start.elapsed(),
        });
        Ok(())
    }
}

/// Turns the universe metavariables left in `terms` into parameters, and returns the
/// universe parameters the terms use (declared ones first, in order).
pub(crate) fn finish_levels(cx: &mut Ctx<'_>, terms: &[Option<Expr>]) -> Result<Vec<Name>> {
    let mut mvars = Vec::new();
    for t in terms.iter().flatten() {
        for m in cx.level_mvars_in(*t) {
            if !mvars.contains(&m) {
                mvars.push(m);
            }
        }
    }
    // Metavariables a goal view showed keep the name it showed them under.
    let mut params: Vec<Name> = Vec::new();
    for m in mvars {
        let n = match cx.level_display.iter().find(|(x, _)| *x == m) {
            Some((_, n)) => n.clone(),
            None => cx.fresh_level_name(&params),
        };
        cx.lmvars.insert(m, Some(Level::param(n.clone())));
        params.push(n);
    }
    let mut used: Vec<Name> = Vec::new();
    for t in terms.iter().flatten() {
        let t = cx.instantiate(*t);
        cx.tc.store.any_subterm(t, &mut |s, x| {
            let mut f = |p: &Name| {
                if !used.contains(p) {
                    used.push(p.clone());
                }
            };
            match s.node(x) {
                Node::Sort(l) => l.for_each_param(&mut f),
                Node::Const(_, ls) => ls.iter().for_each(|l| l.for_each_param(&mut f)),
                _ => {}
            }
            false
        });
    }
    let mut out: Vec<Name> = cx
        .level_names
        .iter()
        .filter(|n| used.contains(n))
        .cloned()
        .collect();
    for p in params {
        if used.contains(&p) && !out.contains(&p) {
            out.push(p);
        }
    }
    if let Some(bad) = used.iter().find(|p| !out.contains(p)) {
        return Err(ElabError::new(
            Span::default(),
            ElabErrorKind::Universe(format!("universe `{bad}` is not declared")),
        ));
    }
    Ok(out)
}
