//! Type inference and checking with a local context.

use crate::decl::{ConstantInfo, ConstantKind};
use crate::error::KernelError;
use crate::expr::{Expr, Literal, Node, Store};
use crate::hash::{FxHashMap, FxHashSet};
use crate::level::Level;
use crate::name::Name;
use crate::pp;
use crate::Limits;

/// Which Nat/String built-ins the environment declared with their expected shape.
#[derive(Clone, Debug, Default)]
pub struct Builtins {
    /// `Nat`, `Nat.zero`, `Nat.succ` are declared as expected: literals have type `Nat`.
    pub nat: bool,
    /// `Bool`, `Bool.false`, `Bool.true` are declared as expected.
    pub bool_: bool,
    /// Accelerated Nat functions whose declarations were verified.
    pub nat_ops: FxHashSet<Name>,
    /// `String`, `String.mk`, `Char`, `Char.ofNat`, `List` are declared as expected.
    pub string: bool,
}

/// The constants a checker can see.
pub struct Table {
    /// Constants by name.
    pub consts: FxHashMap<Name, ConstantInfo>,
    /// Enabled built-in extensions.
    pub builtins: Builtins,
    /// Resource limits.
    pub limits: Limits,
}

/// A free variable of the local context.
#[derive(Clone, Debug)]
pub struct Local {
    /// Binder name, for printing.
    pub name: Name,
    /// Type.
    pub ty: Expr,
}

/// A key of the universe-instantiation cache: the term and the substitution.
#[derive(Clone, PartialEq, Eq, Hash)]
struct LevelInstance {
    expr: Expr,
    names: Vec<Name>,
    levels: Vec<Level>,
}

/// A type checker for one declaration, with its local context and caches.
pub struct TypeChecker<'a> {
    /// The term store.
    pub store: &'a mut Store,
    /// The environment's constants.
    pub table: &'a Table,
    /// Declaration being checked (for errors).
    pub decl: Name,
    /// Universe parameters in scope.
    pub lparams: Vec<Name>,
    locals: FxHashMap<u32, Local>,
    next_fvar: u32,
    infer_cache: FxHashMap<(Expr, bool), Expr>,
    pub(crate) whnf_core_cache: FxHashMap<Expr, Expr>,
    pub(crate) whnf_cache: FxHashMap<Expr, Expr>,
    pub(crate) eq_cache: FxHashSet<(Expr, Expr)>,
    /// Universe instantiations of constants' types, values and recursor rules.
    level_cache: FxHashMap<LevelInstance, Expr>,
    pub(crate) fuel: u64,
    pub(crate) rec_depth: u32,
}

impl<'a> TypeChecker<'a> {
    /// A checker for declaration `decl` with universe parameters `lparams`.
    pub fn new(store: &'a mut Store, table: &'a Table, decl: Name, lparams: Vec<Name>) -> Self {
        let fuel = table.limits.fuel;
        TypeChecker {
            store,
            table,
            decl,
            lparams,
            locals: FxHashMap::default(),
            next_fvar: 0,
            infer_cache: FxHashMap::default(),
            whnf_core_cache: FxHashMap::default(),
            whnf_cache: FxHashMap::default(),
            eq_cache: FxHashSet::default(),
            level_cache: FxHashMap::default(),
            fuel,
            rec_depth: 0,
        }
    }

    /// Prints a term, naming free variables after their binders.
    pub fn pp(&self, e: Expr) -> String {
        pp::pp(self.store, e, &|i| {
            self.locals.get(&i).map(|l| l.name.clone())
        })
    }

    /// Creates a free variable of type `ty`.
    pub fn fresh_local(&mut self, name: Name, ty: Expr) -> Expr {
        let id = self.next_fvar;
        self.next_fvar += 1;
        self.locals.insert(id, Local { name, ty });
        self.store.mk(Node::FVar(id))
    }

    /// The binder name of a free variable.
    pub fn local_name(&self, e: Expr) -> Name {
        match self.store.node(e) {
            Node::FVar(i) => self.locals.get(i).map(|l| l.name.clone()),
            _ => None,
        }
        .unwrap_or_else(|| Name::new("x"))
    }

    /// The type of a free variable.
    pub fn local_type(&self, e: Expr) -> Option<Expr> {
        match self.store.node(e) {
            Node::FVar(i) => self.locals.get(i).map(|l| l.ty),
            _ => None,
        }
    }

    /// Looks a constant up.
    pub fn constant(&self, n: &Name) -> Result<&'a ConstantInfo, KernelError> {
        self.table
            .consts
            .get(n)
            .ok_or_else(|| KernelError::UnknownConstant {
                decl: self.decl.clone(),
                name: n.clone(),
            })
    }

    /// Enters one level of checker recursion, failing past the limit.
    pub(crate) fn enter(&mut self) -> Result<(), KernelError> {
        self.rec_depth += 1;
        if self.rec_depth > self.table.limits.max_recursion {
            return Err(KernelError::ResourceLimit {
                decl: self.decl.clone(),
                what: format!(
                    "checker recursion deeper than {}",
                    self.table.limits.max_recursion
                ),
            });
        }
        Ok(())
    }

    /// Leaves one level of checker recursion.
    pub(crate) fn leave(&mut self) {
        self.rec_depth -= 1;
    }

    /// Refuses terms deeper than the limit.
    pub fn check_depth(&self, e: Expr) -> Result<(), KernelError> {
        let depth = self.store.depth(e);
        let limit = self.table.limits.max_term_depth;
        if depth > limit {
            return Err(KernelError::DeepTerm {
                decl: self.decl.clone(),
                depth,
                limit,
            });
        }
        Ok(())
    }

    fn check_level(&self, l: &Level) -> Result<(), KernelError> {
        if l.depth() > 256 {
            return Err(KernelError::Malformed {
                decl: self.decl.clone(),
                detail: "universe level nested too deeply".into(),
            });
        }
        let mut bad = None;
        l.for_each_param(&mut |p| {
            if bad.is_none() && !self.lparams.contains(p) {
                bad = Some(p.clone());
            }
        });
        match bad {
            Some(param) => Err(KernelError::UnknownLevelParam {
                decl: self.decl.clone(),
                param,
            }),
            None => Ok(()),
        }
    }

    /// Checks that a declaration-level term is closed and not too deep.
    pub fn check_closed(&self, e: Expr) -> Result<(), KernelError> {
        self.check_depth(e)?;
        if self.store.loose_range(e) > 0 {
            return Err(KernelError::LooseBoundVariable {
                decl: self.decl.clone(),
            });
        }
        if self.store.has_fvar(e) {
            return Err(KernelError::UnexpectedFreeVariable {
                decl: self.decl.clone(),
            });
        }
        Ok(())
    }

    /// Infers the type of `e`, checking it fully.
    pub fn check(&mut self, e: Expr) -> Result<Expr, KernelError> {
        self.infer(e, false)
    }

    /// Infers the type of `e`; with `infer_only` the term is assumed well typed.
    pub fn infer(&mut self, e: Expr, infer_only: bool) -> Result<Expr, KernelError> {
        if let Some(&t) = self.infer_cache.get(&(e, infer_only)) {
            return Ok(t);
        }
        if !infer_only {
            if let Some(&t) = self.infer_cache.get(&(e, false)) {
                return Ok(t);
            }
        }
        self.enter()?;
        let r = self.infer_core(e, infer_only);
        self.leave();
        let t = r?;
        self.infer_cache.insert((e, infer_only), t);
        Ok(t)
    }

    fn infer_core(&mut self, e: Expr, infer_only: bool) -> Result<Expr, KernelError> {
        match self.store.node(e).clone() {
            Node::BVar(_) => Err(KernelError::LooseBoundVariable {
                decl: self.decl.clone(),
            }),
            Node::FVar(_) => {
                self.local_type(e)
                    .ok_or_else(|| KernelError::UnexpectedFreeVariable {
                        decl: self.decl.clone(),
                    })
            }
            Node::Sort(l) => {
                if !infer_only {
                    self.check_level(&l)?;
                }
                Ok(self.store.sort(l.succ()))
            }
            Node::Const(n, ls) => self.infer_const(&n, &ls, infer_only),
            Node::App(..) => self.infer_app(e, infer_only),
            Node::Lam(..) => self.infer_lambda(e, infer_only),
            Node::Pi(..) => self.infer_pi(e, infer_only),
            Node::Let(_, ty, val, body) => {
                if !infer_only {
                    self.ensure_type(ty, "type of a `let`")?;
                    let vt = self.infer(val, false)?;
                    if !self.is_def_eq(vt, ty)? {
                        return Err(self.mismatch("the value of a `let`".into(), ty, vt));
                    }
                }
                let b = self.store.instantiate1(body, val);
                self.check_depth(b)?;
                self.infer(b, infer_only)
            }
            Node::Lit(Literal::Nat(_)) => {
                if !self.table.builtins.nat {
                    return Err(KernelError::LiteralTypeMissing {
                        decl: self.decl.clone(),
                        ty: Name::new("Nat"),
                    });
                }
                Ok(self.store.cnst("Nat", vec![]))
            }
            Node::Lit(Literal::Str(_)) => {
                if !self.table.builtins.string {
                    return Err(KernelError::LiteralTypeMissing {
                        decl: self.decl.clone(),
                        ty: Name::new("String"),
                    });
                }
                Ok(self.store.cnst("String", vec![]))
            }
            Node::Proj(s, i, x) => self.infer_proj(&s, i, x, infer_only),
        }
    }

    fn infer_const(
        &mut self,
        n: &Name,
        ls: &[Level],
        infer_only: bool,
    ) -> Result<Expr, KernelError> {
        let info = self.constant(n)?;
        if !infer_only {
            if info.lparams.len() != ls.len() {
                return Err(KernelError::WrongLevelCount {
                    decl: self.decl.clone(),
                    name: n.clone(),
                    expected: info.lparams.len(),
                    got: ls.len(),
                });
            }
            for l in ls {
                self.check_level(l)?;
            }
        }
        let ty = info.ty;
        let lparams = info.lparams.clone();
        Ok(self.instantiate_lparams(ty, &lparams, ls))
    }

    /// `e` with the universe parameters `names` replaced by `levels`, remembered for the
    /// rest of this check: unfolding a definition instantiates the same value again and
    /// again. Instantiating the parameters by themselves changes nothing.
    pub(crate) fn instantiate_lparams(
        &mut self,
        e: Expr,
        names: &[Name],
        levels: &[Level],
    ) -> Expr {
        let identity = names.len() == levels.len()
            && names
                .iter()
                .zip(levels)
                .all(|(n, l)| *l == Level::param(n.clone()));
        if identity || !self.store.has_level_param(e) {
            return e;
        }
        let key = LevelInstance {
            expr: e,
            names: names.to_vec(),
            levels: levels.to_vec(),
        };
        if let Some(&r) = self.level_cache.get(&key) {
            return r;
        }
        let r = self.store.instantiate_levels(e, names, levels);
        self.level_cache.insert(key, r);
        r
    }

    fn infer_app(&mut self, e: Expr, infer_only: bool) -> Result<Expr, KernelError> {
        let (f, args) = self.store.unfold_apps(e);
        let mut fty = self.infer(f, infer_only)?;
        let mut pending: Vec<Expr> = Vec::new();
        for (k, &a) in args.iter().enumerate() {
            let (dom, body) = match *self.store.node(fty) {
                Node::Pi(_, _, d, b) => (d, b),
                _ => {
                    let inst = self.store.instantiate_rev(fty, &pending);
                    pending.clear();
                    let w = self.whnf(inst)?;
                    match *self.store.node(w) {
                        Node::Pi(_, _, d, b) => (d, b),
                        _ => {
                            let head = self.store.apps(f, &args[..k]);
                            return Err(KernelError::NotAFunction {
                                decl: self.decl.clone(),
                                term: self.pp(head),
                                ty: self.pp(w),
                            });
                        }
                    }
                }
            };
            if !infer_only {
                let dom = self.store.instantiate_rev(dom, &pending);
                let at = self.infer(a, false)?;
                if !self.is_def_eq(at, dom)? {
                    let fname = match self.store.node(f) {
                        Node::Const(n, _) => format!("`{n}`"),
                        _ => format!("`{}`", self.pp(f)),
                    };
                    return Err(self.mismatch(
                        format!("argument {} of application of {fname}", k + 1),
                        dom,
                        at,
                    ));
                }
            }
            pending.push(a);
            fty = body;
        }
        let r = self.store.instantiate_rev(fty, &pending);
        self.check_depth(r)?;
        Ok(r)
    }

    /// Builds a type-mismatch error.
    pub fn mismatch(&self, context: String, expected: Expr, got: Expr) -> KernelError {
        KernelError::TypeMismatch {
            decl: self.decl.clone(),
            context,
            expected: self.pp(expected),
            got: self.pp(got),
        }
    }

    fn infer_lambda(&mut self, e: Expr, infer_only: bool) -> Result<Expr, KernelError> {
        let mut fvars = Vec::new();
        let mut cur = e;
        while let Node::Lam(n, _, ty, body) = self.store.node(cur).clone() {
            let ty = self.store.instantiate_rev(ty, &fvars);
            if !infer_only {
                self.ensure_type(ty, "binder type of a `fun`")?;
            }
            let x = self.fresh_local(n, ty);
            fvars.push(x);
            cur = body;
        }
        let body = self.store.instantiate_rev(cur, &fvars);
        let bt = self.infer(body, infer_only)?;
        Ok(self.mk_binding(false, &fvars, bt))
    }

    fn infer_pi(&mut self, e: Expr, infer_only: bool) -> Result<Expr, KernelError> {
        let mut fvars = Vec::new();
        let mut levels = Vec::new();
        let mut cur = e;
        while let Node::Pi(n, _, ty, body) = self.store.node(cur).clone() {
            let ty = self.store.instantiate_rev(ty, &fvars);
            levels.push(self.ensure_type_infer(ty, infer_only, "binder type of a Π")?);
            let x = self.fresh_local(n, ty);
            fvars.push(x);
            cur = body;
        }
        let body = self.store.instantiate_rev(cur, &fvars);
        let mut l = self.ensure_type_infer(body, infer_only, "body of a Π")?;
        for d in levels.iter().rev() {
            l = Level::imax(d, &l);
        }
        Ok(self.store.sort(l))
    }

    fn ensure_type_infer(
        &mut self,
        ty: Expr,
        infer_only: bool,
        ctx: &str,
    ) -> Result<Level, KernelError> {
        let t = self.infer(ty, infer_only)?;
        self.ensure_sort(t, ty, ctx)
    }

    /// Checks that `ty` is a type and returns its universe level.
    pub fn ensure_type(&mut self, ty: Expr, ctx: &str) -> Result<Level, KernelError> {
        self.ensure_type_infer(ty, false, ctx)
    }

    /// Reduces `t` (the type of `of`) to a sort and returns its level.
    pub fn ensure_sort(&mut self, t: Expr, of: Expr, ctx: &str) -> Result<Level, KernelError> {
        if let Node::Sort(l) = self.store.node(t) {
            return Ok(l.clone());
        }
        let w = self.whnf(t)?;
        match self.store.node(w) {
            Node::Sort(l) => Ok(l.clone()),
            _ => Err(KernelError::NotASort {
                decl: self.decl.clone(),
                context: ctx.to_owned(),
                term: self.pp(of),
            }),
        }
    }

    /// Reduces `t` to a Π type.
    pub fn ensure_pi(&mut self, t: Expr) -> Result<Option<(Name, Expr, Expr)>, KernelError> {
        let w = match self.store.node(t) {
            Node::Pi(..) => t,
            _ => self.whnf(t)?,
        };
        match self.store.node(w) {
            Node::Pi(n, _, d, b) => Ok(Some((n.clone(), *d, *b))),
            _ => Ok(None),
        }
    }

    /// Abstracts `fvars` out of `body` as λs (`is_lam`) or Πs, with their context types.
    pub fn mk_binding(&mut self, is_lam: bool, fvars: &[Expr], body: Expr) -> Expr {
        let mut r = self.store.abstract_fvars(body, fvars);
        for i in (0..fvars.len()).rev() {
            let Some(Node::FVar(id)) = Some(self.store.node(fvars[i]).clone()) else {
                continue;
            };
            let Some(local) = self.locals.get(&id).cloned() else {
                continue;
            };
            let ty = self.store.abstract_fvars(local.ty, &fvars[..i]);
            r = if is_lam {
                self.store.lam(local.name, ty, r)
            } else {
                self.store.pi(local.name, ty, r)
            };
        }
        r
    }

    /// Whether `e` is a proof (its type is a proposition).
    pub fn is_proof(&mut self, e: Expr) -> Result<bool, KernelError> {
        let t = self.infer(e, true)?;
        self.is_prop(t)
    }

    /// Whether `t` is a proposition (its type is `Prop`).
    pub fn is_prop(&mut self, t: Expr) -> Result<bool, KernelError> {
        let tt = self.infer(t, true)?;
        let w = self.whnf(tt)?;
        Ok(matches!(self.store.node(w), Node::Sort(l) if l.is_zero()))
    }

    fn infer_proj(
        &mut self,
        s: &Name,
        i: u32,
        x: Expr,
        infer_only: bool,
    ) -> Result<Expr, KernelError> {
        let xt = self.infer(x, infer_only)?;
        let xt = self.whnf(xt)?;
        let (head, args) = self.store.unfold_apps(xt);
        let bad = |tc: &Self, detail: String| KernelError::BadProjection {
            decl: tc.decl.clone(),
            detail,
        };
        let (hn, ls) = match self.store.node(head) {
            Node::Const(n, ls) if n == s => (n.clone(), ls.clone()),
            _ => {
                let d = format!("`{}` has type `{}`, not `{s}`", self.pp(x), self.pp(xt));
                return Err(bad(self, d));
            }
        };
        let info = self.constant(&hn)?;
        let ConstantKind::Inductive(ind) = &info.kind else {
            return Err(bad(self, format!("`{s}` is not an inductive type")));
        };
        if ind.ctors.len() != 1 || ind.num_indices != 0 || args.len() != ind.num_params as usize {
            return Err(bad(self, format!("`{s}` is not a structure")));
        }
        let ctor = self.constant(&ind.ctors[0])?;
        let mut ct = self.store.instantiate_levels(ctor.ty, &ctor.lparams, &ls);
        for &a in &args {
            match self.ensure_pi(ct)? {
                Some((_, _, b)) => ct = self.store.instantiate1(b, a),
                None => return Err(bad(self, "malformed constructor type".into())),
            }
        }
        let is_prop_struct = self.is_prop(xt)?;
        for j in 0..=i {
            let Some((_, d, b)) = self.ensure_pi(ct)? else {
                return Err(bad(self, format!("`{s}` has no field {i}")));
            };
            if j == i {
                if is_prop_struct && !self.is_prop(d)? {
                    let m = format!("field {i} of the proposition `{s}` is not a proof");
                    return Err(bad(self, m));
                }
                return Ok(d);
            }
            let p = self.store.proj(s.clone(), j, x);
            ct = self.store.instantiate1(b, p);
        }
        Err(bad(self, format!("`{s}` has no field {i}")))
    }
}
