//! Term elaboration: surface terms to kernel terms, bidirectionally.

use cedrus_kernel::{BinderInfo, ConstantKind, Expr, Level, Name, Node};
use num_bigint::BigUint;

use super::ctx::Ctx;
use super::error::{ElabError, ElabErrorKind, Result};
use super::term_app::AppArg;
use crate::syntax::{self, Arg, Binder, LevelKind, Projection, SortKind, Span, Term, TermKind};

/// Heterogeneous operators whose operands are elaborated with a shared type.
const BINOPS: &[&str] = &[
    "HAdd.hAdd",
    "HSub.hSub",
    "HMul.hMul",
    "HDiv.hDiv",
    "HMod.hMod",
    "HAppend.hAppend",
    "HAnd.hAnd",
    "HOr.hOr",
    "HXor.hXor",
];
/// Relations whose operands are elaborated with a shared type.
const RELATIONS: &[&str] = &[
    "LE.le", "LT.lt", "GE.ge", "GT.gt", "Eq", "Ne", "BEq.beq", "bne",
];

/// What a name resolves to.
pub(crate) enum Resolved {
    /// A local variable.
    Local(Expr),
    /// A constant.
    Const(Name),
}

/// Converts the binder annotation of the syntax to the kernel's.
pub(crate) fn binder_info(bi: syntax::BinderInfo) -> BinderInfo {
    match bi {
        syntax::BinderInfo::Explicit => BinderInfo::Default,
        syntax::BinderInfo::Implicit => BinderInfo::Implicit,
        syntax::BinderInfo::StrictImplicit => BinderInfo::StrictImplicit,
        syntax::BinderInfo::InstImplicit => BinderInfo::InstImplicit,
    }
}

/// Parses a numeral as written (`42`, `0x2a`, `0b101010`).
pub(crate) fn parse_numeral(s: &str) -> Option<BigUint> {
    let s = s.replace('_', "");
    if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        BigUint::parse_bytes(h.as_bytes(), 16)
    } else if let Some(b) = s.strip_prefix("0b").or_else(|| s.strip_prefix("0B")) {
        BigUint::parse_bytes(b.as_bytes(), 2)
    } else if let Some(o) = s.strip_prefix("0o") {
        BigUint::parse_bytes(o.as_bytes(), 8)
    } else {
        BigUint::parse_bytes(s.as_bytes(), 10)
    }
}

fn mk(kind: TermKind, span: Span) -> Term {
    Term::new(kind, span)
}

/// Whether an unbound name may become an auto-bound implicit (`α`, `β`, `x`).
fn auto_bound_candidate(name: &str) -> bool {
    let mut cs = name.chars();
    match cs.next() {
        Some(c) => c.is_lowercase() && !name.contains('.') && name.chars().count() <= 2,
        None => false,
    }
}

impl Ctx<'_> {
    /// Elaborates `t`, using `expected` as a hint (the result is not checked against it).
    pub fn elab(&mut self, t: &Term, expected: Option<Expr>) -> Result<Expr> {
        self.enter(t.span)?;
        let r = self.elab_core(t, expected);
        self.leave();
        r
    }

    /// Elaborates `t` and checks that its type is `expected`.
    pub fn elab_check(&mut self, t: &Term, expected: Expr) -> Result<Expr> {
        let e = self.elab(t, Some(expected))?;
        self.check_type(e, expected, t.span)?;
        Ok(e)
    }

    /// Checks that `e` has type `expected`, reporting a mismatch at `span`.
    pub fn check_type(&mut self, e: Expr, expected: Expr, span: Span) -> Result<()> {
        let ty = self.infer(e, span)?;
        if self.unify(ty, expected)? {
            return Ok(());
        }
        Err(ElabError::new(
            span,
            ElabErrorKind::TypeMismatch {
                term: self.pp(e),
                expected: self.pp(expected),
                actual: self.pp(ty),
            },
        ))
    }

    /// Elaborates a type (a term whose type is a sort).
    pub fn elab_type(&mut self, t: &Term) -> Result<Expr> {
        let e = self.elab(t, None)?;
        let ty = self.infer(e, t.span)?;
        let w = self.whnf(ty, t.span)?;
        match self.tc.store.node(w) {
            Node::Sort(_) => Ok(e),
            _ => {
                let l = self.new_level_mvar();
                let s = self.store().sort(l);
                if self.unify(w, s)? {
                    return Ok(e);
                }
                let printed = self.pp(e);
                let ty = self.pp(ty);
                Err(ElabError::invalid(
                    t.span,
                    format!("type expected, but `{printed}` has type `{ty}`"),
                ))
            }
        }
    }

    /// Elaborates binder groups, pushing their locals; returns the new locals in order,
    /// with any auto-bound implicits created on the way placed before the binder that
    /// needed them.
    pub fn elab_binders(&mut self, bs: &[Binder]) -> Result<Vec<Expr>> {
        let mut out = Vec::new();
        for b in bs {
            let before = self.auto_bound.as_ref().map_or(0, Vec::len);
            let ty = match &b.ty {
                Some(t) => self.elab_type(t)?,
                None => self.new_type_mvar(b.span, "the type of a binder"),
            };
            if let Some(ab) = &self.auto_bound {
                out.extend(ab[before..].iter().copied());
            }
            let bi = binder_info(b.info);
            if b.names.is_empty() {
                out.push(self.push_local("inst", ty, bi));
            }
            for n in &b.names {
                out.push(self.push_local(n, ty, bi));
            }
        }
        Ok(out)
    }

    /// Drops locals back to `n` entries, keeping auto-bound implicits visible.
    pub fn pop_locals(&mut self, n: usize) {
        let keep: Vec<_> = self.locals[n.min(self.locals.len())..]
            .iter()
            .filter(|l| {
                self.auto_bound
                    .as_ref()
                    .is_some_and(|a| a.contains(&l.fvar))
            })
            .cloned()
            .collect();
        self.locals.truncate(n);
        self.locals.extend(keep);
    }

    /// Elaborates a universe level.
    pub fn elab_level(&mut self, l: &syntax::Level) -> Result<Level> {
        Ok(match &l.kind {
            LevelKind::Num(n) => (0..*n).fold(Level::zero(), |acc, _| acc.succ()),
            LevelKind::Param(p) => {
                let n = Name::new(p);
                if !self.level_names.contains(&n) {
                    match &mut self.auto_levels {
                        Some(v) => {
                            v.push(n.clone());
                            self.level_names.push(n.clone());
                        }
                        None => {
                            return Err(ElabError::new(
                                l.span,
                                ElabErrorKind::Universe(format!("unknown universe `{p}`")),
                            ))
                        }
                    }
                }
                Level::param(n)
            }
            LevelKind::Add(b, k) => {
                let b = self.elab_level(b)?;
                (0..*k).fold(b, |acc, _| acc.succ())
            }
            LevelKind::Max(ls) | LevelKind::IMax(ls) => {
                let imax = matches!(l.kind, LevelKind::IMax(_));
                let mut it = ls.iter();
                let Some(first) = it.next() else {
                    return Err(ElabError::new(
                        l.span,
                        ElabErrorKind::Universe("empty `max`".into()),
                    ));
                };
                let mut acc = self.elab_level(first)?;
                for x in it {
                    let x = self.elab_level(x)?;
                    acc = if imax {
                        Level::imax(&acc, &x)
                    } else {
                        Level::max(&acc, &x)
                    };
                }
                acc
            }
            LevelKind::Hole => self.new_level_mvar(),
        })
    }

    /// A constant with fresh universe metavariables.
    pub fn mk_const(&mut self, n: &Name) -> Expr {
        let k = self.tc.table.consts.get(n).map_or(0, |c| c.lparams.len());
        let ls = (0..k).map(|_| self.new_level_mvar()).collect();
        self.store().cnst(n.clone(), ls)
    }

    /// Whether the environment has constant `n`.
    pub fn has_const(&self, n: &str) -> bool {
        self.tc.table.consts.contains_key(&Name::new(n))
    }

    /// Resolves a constant name through the current namespaces and `open`s.
    pub fn resolve_const(&self, s: &str) -> Option<Name> {
        let exists = |n: &Name| self.tc.table.consts.contains_key(n);
        if let Some(root) = s.strip_prefix("_root_.") {
            let n = Name::new(root);
            return exists(&n).then_some(n);
        }
        let mut ns = self.meta.scope().namespace.clone();
        loop {
            let n = ns.child(s);
            if exists(&n) {
                return Some(n);
            }
            if ns.is_anonymous() {
                break;
            }
            ns = ns.prefix();
        }
        for o in self.extra_opens.iter().rev() {
            let n = o.child(s);
            if exists(&n) {
                return Some(n);
            }
        }
        for sc in self.meta.scopes.iter().rev() {
            for o in sc.opens.iter().rev() {
                let n = o.child(s);
                if exists(&n) {
                    return Some(n);
                }
            }
        }
        let n = Name::new(s);
        if exists(&n) {
            return Some(n);
        }
        match self.meta.aliases.get(s) {
            Some(n) if exists(n) => Some(n.clone()),
            _ => None,
        }
    }

    /// `s` qualified by each enclosing namespace (innermost first) and by the
    /// definition's own namespace: the names `s` may stand for besides itself.
    fn relative_names(&self, s: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut ns = self.meta.scope().namespace.clone();
        while !ns.is_anonymous() {
            out.push(ns.child(s).as_str().to_string());
            ns = ns.prefix();
        }
        out.extend(
            self.extra_opens
                .iter()
                .rev()
                .map(|o| o.child(s).as_str().to_string()),
        );
        out
    }

    /// The local named `s`, or a function being defined (a local named in full) that
    /// `s` names relative to the current namespace or the definition's own namespace
    /// (`Foo.bar` inside `namespace Outer` for `Outer.Foo.bar`).
    fn find_local(&self, s: &str) -> Option<Expr> {
        let named = |n: &str| self.locals.iter().rev().find(|l| l.name == n);
        if let Some(l) = named(s) {
            return Some(l.fvar);
        }
        if !self.locals.iter().any(|l| l.name.contains('.')) {
            return None;
        }
        self.relative_names(s)
            .iter()
            .find_map(|n| named(n))
            .map(|l| l.fvar)
    }

    /// Whether `s` names a function being defined, directly or relative to a namespace.
    fn names_rec(&self, s: &str) -> bool {
        !self.rec_names.is_empty()
            && (self.rec_names.iter().any(|n| n == s)
                || self
                    .relative_names(s)
                    .iter()
                    .any(|n| self.rec_names.contains(n)))
    }

    /// Resolves a dotted name: the longest prefix naming a local or constant, and the
    /// remaining components (field accesses).
    pub(crate) fn resolve(&mut self, name: &str, span: Span) -> Result<(Resolved, Vec<String>)> {
        let comps: Vec<&str> = name.split('.').collect();
        for i in (1..=comps.len()).rev() {
            let prefix = comps[..i].join(".");
            let rest: Vec<String> = comps[i..].iter().map(|s| s.to_string()).collect();
            if let Some(x) = self.find_local(&prefix) {
                if self.rec_locals.contains(&x) {
                    self.rec_calls.push(span);
                }
                return Ok((Resolved::Local(x), rest));
            }
            if self.names_rec(&prefix) {
                return Err(ElabError::unsupported(
                    span,
                    format!(
                        "recursive call to `{prefix}`: recursive definitions need the \
                         pattern-match compiler"
                    ),
                ));
            }
            if let Some(c) = self.resolve_const(&prefix) {
                return Ok((Resolved::Const(c), rest));
            }
        }
        if self.auto_bound.is_some() && auto_bound_candidate(name) {
            // A Greek letter names a type (`α : Sort ?u`, so that the kernel sees a sort
            // when `α` is a binder type before anything fixes its universe); other
            // names get their type from their uses (`n : Nat` in `Vector α n`).
            let greek = name
                .chars()
                .next()
                .is_some_and(|c| ('α'..='ω').contains(&c));
            let ty = if greek {
                let l = self.new_level_mvar();
                self.store().sort(l)
            } else {
                self.new_type_mvar(span, "the universe of an auto-bound implicit")
            };
            let x = self.push_local(name, ty, BinderInfo::Implicit);
            if let Some(ab) = &mut self.auto_bound {
                ab.push(x);
            }
            return Ok((Resolved::Local(x), Vec::new()));
        }
        Err(ElabError::new(
            span,
            ElabErrorKind::UnknownName {
                name: name.to_string(),
                suggestions: self.suggestions(name),
            },
        ))
    }

    /// The head constant of a type, reducing it if needed.
    pub fn type_head(&mut self, ty: Expr, span: Span) -> Result<Option<Name>> {
        let ty = self.instantiate(ty);
        if let Some((n, _)) = self.tc.store.head_const(ty) {
            if matches!(
                self.tc.table.consts.get(n).map(|c| &c.kind),
                Some(ConstantKind::Inductive(_)) | Some(ConstantKind::Axiom)
            ) {
                return Ok(Some(n.clone()));
            }
        }
        let w = self.whnf(ty, span)?;
        Ok(self.tc.store.head_const(w).map(|(n, _)| n.clone()))
    }

    fn elab_core(&mut self, t: &Term, expected: Option<Expr>) -> Result<Expr> {
        if let Some(f) = cdot_function(t) {
            return self.elab(&f, expected);
        }
        let span = t.span;
        match &t.kind {
            TermKind::Ident(_)
            | TermKind::Explicit(_)
            | TermKind::DotIdent(_)
            | TermKind::Proj(_, Projection::Named(_)) => self.elab_app(t, &[], expected, span),
            TermKind::App(f, args) => self.elab_app(f, args, expected, span),
            TermKind::Hole | TermKind::SyntheticHole(_) => {
                let ty = match expected {
                    Some(e) => e,
                    None => self.new_type_mvar(span, "the type of a hole"),
                };
                let origin = if matches!(t.kind, TermKind::Hole) {
                    "the hole `_`"
                } else {
                    crate::tactic::SYNTHETIC_HOLE
                };
                Ok(self.new_mvar(ty, span, origin))
            }
            TermKind::Sorry => {
                let ty = match expected {
                    Some(e) => e,
                    None => self.new_type_mvar(span, "the type of `sorry`"),
                };
                if !self.has_const("sorryAx") {
                    return Err(ElabError::invalid(span, "`sorry` needs `sorryAx` declared"));
                }
                let f = self.mk_const(&Name::new("sorryAx"));
                let arg = AppArg::elab(ty, span);
                self.apply(f, vec![arg], None, true, span)
            }
            TermKind::Num(s) => {
                let v = parse_numeral(s)
                    .ok_or_else(|| ElabError::invalid(span, format!("bad numeral `{s}`")))?;
                self.elab_numeral(v, expected, span)
            }
            TermKind::Str(s) => Ok(self.store().str_lit(s)),
            TermKind::Char(c) => {
                let n = self.store().nat(u32::from(*c));
                let f = self.mk_const(&Name::new("Char.ofNat"));
                Ok(self.store().app(f, n))
            }
            TermKind::Sort(kind, lvl) => {
                let l = match lvl {
                    Some(l) => Some(self.elab_level(l)?),
                    None => None,
                };
                let l = match (kind, l) {
                    (SortKind::Prop, _) => Level::zero(),
                    (SortKind::Type, Some(l)) => l.succ(),
                    (SortKind::Type, None) => Level::one(),
                    (SortKind::Sort, Some(l)) => l,
                    (SortKind::Sort, None) => self.new_level_mvar(),
                };
                Ok(self.store().sort(l))
            }
            TermKind::Notation(n, args) => self.elab_notation(n, args, expected, span),
            TermKind::Arrow(a, b) => {
                let ta = self.elab_type(a)?;
                let ta = self.instantiate(ta);
                let x = self.tc.fresh_local(Name::new("a"), ta);
                let tb = self.elab_type(b)?;
                Ok(self.close(false, &[x], tb))
            }
            TermKind::Pi(b, body) => self.elab_forall(std::slice::from_ref(b.as_ref()), body),
            TermKind::Forall(bs, body) => self.elab_forall(bs, body),
            TermKind::Exists(bs, body) => self.elab_exists(bs, body, span),
            TermKind::Fun(bs, body) => self.elab_fun(bs, body, expected, span),
            TermKind::Let(d, body) | TermKind::Have(d, body) => {
                let is_have = matches!(t.kind, TermKind::Have(..));
                self.elab_let(d, body, expected, is_have)
            }
            TermKind::Show(ty, e) | TermKind::Ascription(e, ty) => {
                let ty = self.elab_type(ty)?;
                self.elab_check(e, ty)
            }
            TermKind::If(h, c, a, b) => self.elab_if(h.as_deref(), c, a, b, expected, span),
            TermKind::Match(ds, alts) => self.elab_match(ds, alts, expected, span),
            TermKind::AnonCtor(args) => self.elab_anon_ctor(args, expected, span),
            TermKind::Tuple(items) => {
                let t = match items.as_slice() {
                    [] => mk(TermKind::Ident("Unit.unit".into()), span),
                    [x] => x.clone(),
                    [x, rest @ ..] => {
                        let tail = mk(TermKind::Tuple(rest.to_vec()), span);
                        let f = mk(TermKind::Ident("Prod.mk".into()), span);
                        let args = vec![Arg::Positional(x.clone()), Arg::Positional(tail)];
                        mk(TermKind::App(Box::new(f), args), span)
                    }
                };
                self.elab(&t, expected)
            }
            TermKind::List(items) => {
                let mut acc = mk(TermKind::Ident("List.nil".into()), span);
                for x in items.iter().rev() {
                    let f = mk(TermKind::Ident("List.cons".into()), x.span);
                    let args = vec![Arg::Positional(x.clone()), Arg::Positional(acc)];
                    acc = mk(TermKind::App(Box::new(f), args), span);
                }
                self.elab(&acc, expected)
            }
            TermKind::StructInst(src, fields) => {
                self.elab_struct_inst(src.as_deref(), fields, expected, span)
            }
            TermKind::Proj(e, Projection::Index(i)) => {
                let base = self.elab(e, None)?;
                let ty = self.infer(base, e.span)?;
                let s = self.type_head(ty, e.span)?;
                let info = s.as_ref().and_then(|s| self.meta.structures.get(s));
                match (s.clone(), info) {
                    (Some(s), Some(info)) if *i >= 1 && (*i as usize) <= info.fields.len() => {
                        Ok(self.store().proj(s, i - 1, base))
                    }
                    _ => Err(ElabError::invalid(
                        span,
                        format!("`.{i}` needs a structure with at least {i} fields"),
                    )),
                }
            }
            TermKind::PipeLeft(f, x) | TermKind::PipeRight(x, f) => {
                self.elab_app(f, &[Arg::Positional(x.as_ref().clone())], expected, span)
            }
            TermKind::FunMatch(alts) => {
                let n = alts.first().map_or(0, |a| a.patterns.len());
                if n != 1 {
                    return Err(ElabError::unsupported(
                        span,
                        "`fun` alternatives on several arguments need the pattern-match compiler",
                    ));
                }
                let x = "x✝".to_string();
                let t = super::term_binders::fun_match(&x, alts.clone(), span);
                self.elab(&t, expected)
            }
            TermKind::Do(elems) => self.elab_do(elems, expected, span),
            TermKind::By(tactics) => {
                let ty = match expected {
                    Some(e) => e,
                    None => self.new_type_mvar(span, "the type of a `by` block"),
                };
                let goal = self.new_mvar(ty, span, "the goal of a `by` block");
                self.tactic_blocks.push(crate::tactic::PendingBlock {
                    goal,
                    tactics: tactics.clone(),
                    span,
                });
                Ok(goal)
            }
            TermKind::Calc(steps) => crate::tactic::calc::elab_calc(self, steps, expected, span),
            TermKind::Cdot => Err(ElabError::unsupported(
                span,
                "`·` outside the arguments of an operator or application",
            )),
        }
    }

    fn elab_numeral(&mut self, v: BigUint, expected: Option<Expr>, span: Span) -> Result<Expr> {
        let lit = self.store().nat(v);
        let Some(exp) = expected else {
            return Ok(lit);
        };
        if !self.has_const("OfNat.ofNat") {
            return Ok(lit);
        }
        let exp = self.instantiate(exp);
        let w = self.whnf(exp, span)?;
        let is_nat = matches!(self.tc.store.head_const(w), Some((n, _)) if n.as_str() == "Nat");
        let unknown = self.is_unassigned(self.tc.store.app_fn(w));
        if is_nat || unknown {
            return Ok(lit);
        }
        let f = self.mk_const(&Name::new("OfNat.ofNat"));
        let args = vec![AppArg::elab(exp, span), AppArg::elab(lit, span)];
        // `@OfNat.ofNat T n inst`.
        let inst_ty = {
            let c = self.mk_const(&Name::new("OfNat"));
            self.store().apps(c, &[exp, lit])
        };
        let inst = self.new_mvar(inst_ty, span, "an `OfNat` instance");
        self.pending.push(inst);
        let mut all = args;
        all.push(AppArg::elab(inst, span));
        let r = self.apply(f, all, None, true, span)?;
        self.synth_pending(false)?;
        Ok(r)
    }

    fn elab_notation(
        &mut self,
        n: &syntax::Notation,
        args: &[Term],
        expected: Option<Expr>,
        span: Span,
    ) -> Result<Expr> {
        if let TermKind::App(f, fargs) = &n.expansion.kind {
            if let (TermKind::Ident(h), 2, 2) = (&f.kind, fargs.len(), args.len()) {
                let same = fargs.iter().zip(&n.vars).all(
                    |(a, v)| matches!(a, Arg::Positional(t) if matches!(&t.kind, TermKind::Ident(x) if x == v)),
                );
                let arith = BINOPS.contains(&h.as_str());
                if same && (arith || RELATIONS.contains(&h.as_str())) {
                    return self.elab_binop(h, &args[0], &args[1], arith, expected, span);
                }
            }
        }
        let t = subst(&n.expansion, &n.vars, args, span);
        self.elab(&t, expected)
    }

    fn elab_binop(
        &mut self,
        op: &str,
        l: &Term,
        r: &Term,
        arith: bool,
        expected: Option<Expr>,
        span: Span,
    ) -> Result<Expr> {
        let is_num = |t: &Term| matches!(t.kind, TermKind::Num(_));
        let hint = if arith { expected } else { None };
        let (le, re) = if is_num(l) && !is_num(r) {
            let re = self.elab(r, hint)?;
            let rt = self.infer(re, r.span)?;
            (self.elab(l, Some(rt))?, re)
        } else {
            let le = self.elab(l, hint)?;
            let lt = self.infer(le, l.span)?;
            (le, self.elab(r, Some(lt))?)
        };
        // As Lean's `binop%`, the operands get one type when they can (`xs ++ []`: the
        // `[]` is a `List` of the elements of `xs`), so that the instance is found
        // before the result is used (`(xs ++ []).length`). Operands of different types
        // are left to a heterogeneous instance.
        if arith {
            let lt = self.infer(le, l.span)?;
            let rt = self.infer(re, r.span)?;
            let snap = self.snapshot();
            if !matches!(self.unify(lt, rt), Ok(true)) {
                self.restore(snap);
            }
        }
        let Some(c) = self.resolve_const(op) else {
            return Err(ElabError::new(
                span,
                ElabErrorKind::UnknownName {
                    name: op.to_string(),
                    suggestions: vec![],
                },
            ));
        };
        let f = self.mk_const(&c);
        let args = vec![AppArg::elab(le, l.span), AppArg::elab(re, r.span)];
        self.apply(f, args, expected, false, span)
    }

    /// A constant that must exist (declared by the prelude).
    pub fn named_const(&mut self, n: &str, span: Span) -> Result<Expr> {
        match self.resolve_const(n) {
            Some(c) => Ok(self.mk_const(&c)),
            None => Err(ElabError::invalid(
                span,
                format!("this needs `{n}` declared"),
            )),
        }
    }
}

/// `· + 1` as `fun x => x + 1`: an operator or application with a `·` among its direct
/// arguments becomes a function of one argument per `·` in it (searched through nested
/// operators, applications and tuples), in order. The parser does not keep parentheses,
/// so the function is made at the innermost operator or application with a direct `·`,
/// which is where Lean's enclosing parentheses usually are.
fn cdot_function(t: &Term) -> Option<Term> {
    let is_cdot = |x: &Term| matches!(x.kind, TermKind::Cdot);
    let has = match &t.kind {
        TermKind::Notation(_, xs) => xs.iter().any(is_cdot),
        TermKind::App(_, xs) => xs.iter().any(|a| match a {
            Arg::Positional(x) | Arg::Named(_, x) => is_cdot(x),
        }),
        _ => false,
    };
    if !has {
        return None;
    }
    let mut names = Vec::new();
    let body = replace_cdots(t, &mut names);
    let binders = names
        .into_iter()
        .map(|n| {
            crate::syntax::FunBinder::Binder(crate::syntax::Binder {
                names: vec![n],
                ty: None,
                info: crate::syntax::BinderInfo::Explicit,
                span: t.span,
            })
        })
        .collect();
    Some(Term::new(TermKind::Fun(binders, Box::new(body)), t.span))
}

/// Replaces each `·` of `t` (through operators, applications and tuples) by a fresh
/// variable, recording the names.
fn replace_cdots(t: &Term, names: &mut Vec<String>) -> Term {
    let kind = match &t.kind {
        TermKind::Cdot => {
            let n = format!("x✝·{}", names.len() + 1);
            names.push(n.clone());
            TermKind::Ident(n)
        }
        TermKind::Notation(n, xs) => TermKind::Notation(
            n.clone(),
            xs.iter().map(|x| replace_cdots(x, names)).collect(),
        ),
        TermKind::App(f, xs) => TermKind::App(
            Box::new(replace_cdots(f, names)),
            xs.iter()
                .map(|a| match a {
                    Arg::Positional(x) => Arg::Positional(replace_cdots(x, names)),
                    Arg::Named(n, x) => Arg::Named(n.clone(), replace_cdots(x, names)),
                })
                .collect(),
        ),
        TermKind::Tuple(xs) => {
            TermKind::Tuple(xs.iter().map(|x| replace_cdots(x, names)).collect())
        }
        k => k.clone(),
    };
    Term::new(kind, t.span)
}

/// Substitutes the notation variables `vars` by `args` in a notation's expansion.
pub(crate) fn subst(t: &Term, vars: &[String], args: &[Term], span: Span) -> Term {
    let go = |x: &Term| subst(x, vars, args, span);
    let kind = match &t.kind {
        TermKind::Ident(n) => match vars.iter().position(|v| v == n) {
            Some(i) => match args.get(i) {
                Some(a) => return a.clone(),
                None => t.kind.clone(),
            },
            None => t.kind.clone(),
        },
        TermKind::App(f, xs) => TermKind::App(
            Box::new(go(f)),
            xs.iter()
                .map(|a| match a {
                    Arg::Positional(x) => Arg::Positional(go(x)),
                    Arg::Named(n, x) => Arg::Named(n.clone(), go(x)),
                })
                .collect(),
        ),
        TermKind::Notation(n, xs) => TermKind::Notation(n.clone(), xs.iter().map(go).collect()),
        TermKind::Arrow(a, b) => TermKind::Arrow(Box::new(go(a)), Box::new(go(b))),
        TermKind::Ascription(a, b) => TermKind::Ascription(Box::new(go(a)), Box::new(go(b))),
        TermKind::Tuple(xs) => TermKind::Tuple(xs.iter().map(go).collect()),
        TermKind::AnonCtor(xs) => TermKind::AnonCtor(xs.iter().map(go).collect()),
        TermKind::List(xs) => TermKind::List(xs.iter().map(go).collect()),
        TermKind::If(h, c, a, b) => {
            TermKind::If(h.clone(), Box::new(go(c)), Box::new(go(a)), Box::new(go(b)))
        }
        k => k.clone(),
    };
    Term::new(kind, span)
}
