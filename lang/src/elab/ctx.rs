//! The term-elaboration context: locals, metavariables and their assignments.
//!
//! Locals and metavariables are both free variables of one kernel [`TypeChecker`], so
//! the kernel can infer types and reduce terms that mention them. A metavariable is a
//! free variable listed in [`Ctx::mvars`]; its assignment is substituted by
//! [`Ctx::instantiate`]. Universe metavariables are level parameters named `?u.N`.

use std::collections::{HashMap, HashSet};

use cedrus_kernel::level::LevelNode;
use cedrus_kernel::tc::TypeChecker;
use cedrus_kernel::{BinderInfo, Expr, Level, Name, Node, Store};

use super::error::{ElabError, ElabErrorKind, Result};
use super::Meta;
use crate::syntax::Span;

/// A local variable visible to name resolution.
#[derive(Clone, Debug)]
pub struct LocalEntry {
    /// Its surface name.
    pub name: String,
    /// Its free variable.
    pub fvar: Expr,
}

/// A metavariable.
#[derive(Clone, Debug)]
pub struct MVarInfo {
    /// Its type.
    pub ty: Expr,
    /// Its assignment, once known.
    pub val: Option<Expr>,
    /// The locals it may mention.
    pub scope: Vec<Expr>,
    /// Where it comes from (for errors).
    pub span: Span,
    /// What it stands for (for errors), e.g. "the implicit argument `α` of `List.nil`".
    pub origin: String,
}

/// A point in the assignment trail, to undo a failed attempt.
#[derive(Clone, Copy, Debug)]
pub struct Snapshot(usize);

/// An assignment that can be undone.
#[derive(Clone, Debug)]
enum Undo {
    /// A term metavariable was assigned.
    Term(Expr),
    /// A universe metavariable was assigned.
    Level(Name),
}

/// The state of elaborating one declaration or command.
pub struct Ctx<'a> {
    /// The kernel checker whose local context holds locals and metavariables.
    pub tc: TypeChecker<'a>,
    /// Front-end metadata.
    pub meta: &'a Meta,
    /// Locals in scope for name resolution, innermost last.
    pub locals: Vec<LocalEntry>,
    /// Binder annotations of locals.
    pub binfo: HashMap<Expr, BinderInfo>,
    /// Values of `let`-bound locals.
    pub let_vals: HashMap<Expr, Expr>,
    /// Metavariables.
    pub mvars: HashMap<Expr, MVarInfo>,
    /// Universe metavariables and their assignments.
    pub lmvars: HashMap<Name, Option<Level>>,
    trail: Vec<Undo>,
    next_lmvar: u32,
    /// Instance metavariables waiting to be synthesized.
    pub pending: Vec<Expr>,
    /// When elaborating a signature: auto-bound implicits created so far.
    pub auto_bound: Option<Vec<Expr>>,
    /// When elaborating a signature: universe names bound automatically.
    pub auto_levels: Option<Vec<Name>>,
    /// Universe names in scope.
    pub level_names: Vec<Name>,
    /// Names of the declarations being defined (a use is a recursive call).
    pub rec_names: Vec<String>,
    /// Locals standing for the functions being defined by equations (their uses are
    /// recorded in `rec_calls`).
    pub rec_locals: Vec<Expr>,
    /// Spans of the uses of `rec_locals` since the list was last emptied.
    pub rec_calls: Vec<Span>,
    /// Namespaces opened for this declaration only (`def Nat.f` sees `Nat.*`).
    pub extra_opens: Vec<Name>,
    /// Current recursion depth of elaboration and unification.
    pub depth: u32,
    /// `by` blocks waiting to run once the rest of the term is elaborated.
    pub tactic_blocks: Vec<crate::tactic::PendingBlock>,
    /// Goal assignments under binders, completed when their tactic block ends.
    pub tactic_delayed: Vec<crate::tactic::Delayed>,
    /// Names under which goal views show universe metavariables (`u_1`, …, as Lean
    /// names the universes of auto-bound implicits); the declaration's universe
    /// parameters get the same names.
    pub level_display: Vec<(Name, Name)>,
}

/// Deepest elaboration / unification recursion accepted.
pub const MAX_DEPTH: u32 = 2_000;

impl<'a> Ctx<'a> {
    /// A fresh context over a checker.
    pub fn new(tc: TypeChecker<'a>, meta: &'a Meta) -> Self {
        let level_names = meta
            .scopes
            .iter()
            .flat_map(|s| s.universes.iter().cloned())
            .collect();
        Ctx {
            tc,
            meta,
            locals: Vec::new(),
            binfo: HashMap::new(),
            let_vals: HashMap::new(),
            mvars: HashMap::new(),
            lmvars: HashMap::new(),
            trail: Vec::new(),
            next_lmvar: 0,
            pending: Vec::new(),
            auto_bound: None,
            auto_levels: None,
            level_names,
            rec_names: Vec::new(),
            rec_locals: Vec::new(),
            rec_calls: Vec::new(),
            extra_opens: Vec::new(),
            depth: 0,
            tactic_blocks: Vec::new(),
            tactic_delayed: Vec::new(),
            level_display: Vec::new(),
        }
    }

    /// The term store.
    pub fn store(&mut self) -> &mut Store {
        self.tc.store
    }

    /// Enters one level of recursion, failing past [`MAX_DEPTH`].
    pub fn enter(&mut self, span: Span) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ElabError::invalid(
                span,
                "term too deeply nested to elaborate",
            ));
        }
        Ok(())
    }

    /// Leaves one level of recursion.
    pub fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Current locals, as free variables.
    pub fn scope_fvars(&self) -> Vec<Expr> {
        self.locals.iter().map(|l| l.fvar).collect()
    }

    /// A new local of type `ty`, visible under `name`.
    pub fn push_local(&mut self, name: &str, ty: Expr, bi: BinderInfo) -> Expr {
        let ty = self.instantiate(ty);
        let x = self.tc.fresh_local(Name::new(name), ty);
        self.binfo.insert(x, bi);
        self.locals.push(LocalEntry {
            name: name.to_string(),
            fvar: x,
        });
        x
    }

    /// A new metavariable of type `ty`.
    pub fn new_mvar(&mut self, ty: Expr, span: Span, origin: impl Into<String>) -> Expr {
        let scope = self.scope_fvars();
        self.new_mvar_in(ty, span, origin.into(), scope)
    }

    /// A new metavariable of type `ty` that may mention the locals `scope`.
    pub(crate) fn new_mvar_in(
        &mut self,
        ty: Expr,
        span: Span,
        origin: String,
        scope: Vec<Expr>,
    ) -> Expr {
        let ty = self.instantiate(ty);
        let m = self.tc.fresh_local(Name::new("?m"), ty);
        self.mvars.insert(
            m,
            MVarInfo {
                ty,
                val: None,
                scope,
                span,
                origin,
            },
        );
        m
    }

    /// A new universe metavariable.
    pub fn new_level_mvar(&mut self) -> Level {
        let n = Name::new(&format!("?u.{}", self.next_lmvar));
        self.next_lmvar += 1;
        self.lmvars.insert(n.clone(), None);
        Level::param(n)
    }

    /// A new type metavariable `?T : Sort ?u`.
    pub fn new_type_mvar(&mut self, span: Span, origin: &str) -> Expr {
        let l = self.new_level_mvar();
        let s = self.store().sort(l);
        self.new_mvar(s, span, origin)
    }

    /// Whether `e` is a metavariable.
    pub fn is_mvar(&self, e: Expr) -> bool {
        self.mvars.contains_key(&e)
    }

    /// Whether `e` is an unassigned metavariable.
    pub fn is_unassigned(&self, e: Expr) -> bool {
        matches!(self.mvars.get(&e), Some(m) if m.val.is_none())
    }

    /// Marks the current assignments.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot(self.trail.len())
    }

    /// Undoes the assignments made since `s`.
    pub fn restore(&mut self, s: Snapshot) {
        while self.trail.len() > s.0 {
            match self.trail.pop() {
                Some(Undo::Term(m)) => {
                    if let Some(mi) = self.mvars.get_mut(&m) {
                        mi.val = None;
                    }
                }
                Some(Undo::Level(n)) => {
                    self.lmvars.insert(n, None);
                }
                None => break,
            }
        }
    }

    /// Assigns a term metavariable (undoably).
    pub fn assign(&mut self, m: Expr, v: Expr) {
        if let Some(mi) = self.mvars.get_mut(&m) {
            mi.val = Some(v);
            self.trail.push(Undo::Term(m));
        }
    }

    /// Assigns a universe metavariable (undoably).
    pub fn assign_level(&mut self, n: &Name, l: Level) {
        self.lmvars.insert(n.clone(), Some(l));
        self.trail.push(Undo::Level(n.clone()));
    }

    /// Whether a level is a universe metavariable name.
    pub fn is_level_mvar(n: &Name) -> bool {
        n.as_str().starts_with("?u.")
    }

    /// Substitutes assigned universe metavariables in a level.
    pub fn instantiate_level(&self, l: &Level) -> Level {
        let mut cur = l.clone();
        for _ in 0..64 {
            let (names, vals) = self.assigned_levels(&cur);
            if names.is_empty() {
                break;
            }
            cur = cur.instantiate(&names, &vals);
        }
        cur
    }

    /// A level as goal views show it: assigned metavariables substituted and the
    /// others named `u_k` (the first `k` free among the universe names in scope),
    /// numbered in the order they are first shown.
    pub fn display_level(&mut self, l: &Level) -> Level {
        let l = self.instantiate_level(l);
        let mut open = Vec::new();
        l.for_each_param(&mut |p| {
            if Self::is_level_mvar(p) && !open.contains(p) {
                open.push(p.clone());
            }
        });
        if open.is_empty() {
            return l;
        }
        let vals: Vec<Level> = open
            .iter()
            .map(|m| Level::param(self.level_display_name(m)))
            .collect();
        l.instantiate(&open, &vals)
    }

    /// The name under which the universe metavariable `m` is shown (allocated on
    /// first use).
    pub fn level_display_name(&mut self, m: &Name) -> Name {
        if let Some((_, n)) = self.level_display.iter().find(|(x, _)| x == m) {
            return n.clone();
        }
        let n = self.fresh_level_name(&[]);
        self.level_display.push((m.clone(), n.clone()));
        n
    }

    /// The first `u_k` that names no universe in scope, shown, or in `taken`.
    pub fn fresh_level_name(&self, taken: &[Name]) -> Name {
        (1u32..)
            .map(|k| Name::new(&format!("u_{k}")))
            .find(|n| {
                !self.level_names.contains(n)
                    && !taken.contains(n)
                    && !self.level_display.iter().any(|(_, d)| d == n)
            })
            .unwrap_or_else(|| Name::new("u"))
    }

    fn assigned_levels(&self, l: &Level) -> (Vec<Name>, Vec<Level>) {
        let mut names = Vec::new();
        let mut vals = Vec::new();
        l.for_each_param(&mut |p| {
            if let Some(Some(v)) = self.lmvars.get(p) {
                if !names.contains(p) {
                    names.push(p.clone());
                    vals.push(v.clone());
                }
            }
        });
        (names, vals)
    }

    /// Substitutes all assigned metavariables (term and universe) in `e`, β-reducing
    /// applications of instantiated metavariables.
    pub fn instantiate(&mut self, e: Expr) -> Expr {
        let mut cur = e;
        for _ in 0..10_000 {
            let next = self.instantiate_once(cur);
            if next == cur {
                break;
            }
            cur = next;
        }
        cur
    }

    fn instantiate_once(&mut self, e: Expr) -> Expr {
        let store = &mut *self.tc.store;
        let mut e = e;
        if store.has_level_param(e) {
            let mut names = Vec::new();
            let mut vals = Vec::new();
            for (n, v) in &self.lmvars {
                if let Some(v) = v {
                    names.push(n.clone());
                    vals.push(v.clone());
                }
            }
            if !names.is_empty() {
                e = store.instantiate_levels(e, &names, &vals);
            }
        }
        if !store.has_fvar(e) {
            return e;
        }
        let mvars = &self.mvars;
        let assigned = |x: Expr| mvars.get(&x).and_then(|m| m.val);
        store.rewrite(e, &mut |s, x, _| {
            if !s.has_fvar(x) {
                return Some(x);
            }
            match s.node(x) {
                Node::FVar(_) => assigned(x),
                Node::App(..) => {
                    let (h, args) = s.unfold_apps(x);
                    let v = assigned(h)?;
                    Some(beta(s, v, &args))
                }
                _ => None,
            }
        })
    }

    /// The unassigned metavariables of `e` (after instantiation), in order of discovery.
    pub fn unassigned_in(&mut self, e: Expr) -> Vec<Expr> {
        let e = self.instantiate(e);
        let mut out = Vec::new();
        let mvars = &self.mvars;
        self.tc.store.any_subterm(e, &mut |s, x| {
            if matches!(s.node(x), Node::FVar(_))
                && matches!(mvars.get(&x), Some(m) if m.val.is_none())
                && !out.contains(&x)
            {
                out.push(x);
            }
            false
        });
        out
    }

    /// The universe metavariables left in `e`.
    pub fn level_mvars_in(&mut self, e: Expr) -> Vec<Name> {
        let e = self.instantiate(e);
        let mut out: Vec<Name> = Vec::new();
        self.tc.store.any_subterm(e, &mut |s, x| {
            let mut f = |p: &Name| {
                if Ctx::is_level_mvar(p) && !out.contains(p) {
                    out.push(p.clone());
                }
            };
            match s.node(x) {
                Node::Sort(l) => l.for_each_param(&mut f),
                Node::Const(_, ls) => ls.iter().for_each(|l| l.for_each_param(&mut f)),
                _ => {}
            }
            false
        });
        out
    }

    /// Replaces `let`-bound locals by their values (for reduction and conversion).
    pub fn zeta_locals(&mut self, e: Expr) -> Expr {
        if self.let_vals.is_empty() {
            return e;
        }
        let mut cur = e;
        for _ in 0..1_000 {
            if !self.tc.store.has_fvar(cur) {
                break;
            }
            let vals = &self.let_vals;
            let next = self.tc.store.rewrite(cur, &mut |s, x, _| {
                if !s.has_fvar(x) {
                    return Some(x);
                }
                vals.get(&x).copied()
            });
            if next == cur {
                break;
            }
            cur = next;
        }
        cur
    }

    /// Infers the type of an elaborated term.
    pub fn infer(&mut self, e: Expr, span: Span) -> Result<Expr> {
        let e = self.instantiate(e);
        self.tc
            .infer(e, true)
            .map_err(|k| ElabError::kernel(span, k))
    }

    /// Weak-head normal form (after instantiating metavariables and `let` locals).
    pub fn whnf(&mut self, e: Expr, span: Span) -> Result<Expr> {
        let e = self.instantiate(e);
        let e = self.zeta_locals(e);
        self.tc.whnf(e).map_err(|k| ElabError::kernel(span, k))
    }

    /// Prints a term with locals by name and metavariables as `?m`.
    pub fn pp(&mut self, e: Expr) -> String {
        let e = self.instantiate(e);
        self.tc.pp(e)
    }

    /// Closes `body` over the locals `fvars` as λs (`is_lam`) or Πs, with their binder
    /// annotations. Unassigned metavariables of `body` that may mention some of `fvars`
    /// are first replaced by new ones applied to those locals, so that later
    /// assignments stay well scoped.
    pub fn close(&mut self, is_lam: bool, fvars: &[Expr], body: Expr) -> Expr {
        let mut body = self.instantiate(body);
        let mut targets = vec![body];
        for &x in fvars {
            if let Some(t) = self.tc.local_type(x) {
                targets.push(t);
            }
        }
        for t in targets {
            for m in self.unassigned_in(t) {
                self.elim_locals_from_mvar(m, fvars);
            }
        }
        body = self.instantiate(body);
        self.abstract_locals(is_lam, fvars, body)
    }

    fn elim_locals_from_mvar(&mut self, m: Expr, fvars: &[Expr]) {
        let Some(info) = self.mvars.get(&m).cloned() else {
            return;
        };
        if info.val.is_some() {
            return;
        }
        let deps: Vec<Expr> = fvars
            .iter()
            .copied()
            .filter(|x| info.scope.contains(x))
            .collect();
        if deps.is_empty() {
            return;
        }
        let scope: Vec<Expr> = info
            .scope
            .iter()
            .copied()
            .filter(|x| !deps.contains(x))
            .collect();
        let ty = self.instantiate(info.ty);
        let fty = self.abstract_locals(false, &deps, ty);
        let n = self.new_mvar_in(fty, info.span, info.origin.clone(), scope);
        let val = self.store().apps(n, &deps);
        self.assign(m, val);
        if self.pending.contains(&m) {
            self.pending.push(n);
        }
    }

    /// Abstracts `fvars` out of `body` with their (instantiated) types and annotations;
    /// `let`-bound locals become `let`s.
    pub fn abstract_locals(&mut self, is_lam: bool, fvars: &[Expr], body: Expr) -> Expr {
        let body = self.instantiate(body);
        let mut r = self.tc.store.abstract_fvars(body, fvars);
        for i in (0..fvars.len()).rev() {
            let x = fvars[i];
            let name = self.tc.local_name(x);
            let ty = self.tc.local_type(x).unwrap_or(x);
            let ty = self.instantiate(ty);
            let ty = self.tc.store.abstract_fvars(ty, &fvars[..i]);
            let bi = self.binfo.get(&x).copied().unwrap_or_default();
            r = if let Some(&v) = self.let_vals.get(&x) {
                let v = self.instantiate(v);
                let v = self.tc.store.abstract_fvars(v, &fvars[..i]);
                self.tc.store.let_(name, ty, v, r)
            } else if is_lam {
                self.tc.store.lam_with(name, bi, ty, r)
            } else {
                self.tc.store.pi_with(name, bi, ty, r)
            };
        }
        r
    }

    /// Fails if `e` still mentions unassigned metavariables.
    pub fn ensure_solved(&mut self, e: Expr, span: Span) -> Result<Expr> {
        let e = self.instantiate(e);
        if let Some(m) = self.unassigned_in(e).first().copied() {
            let info = self.mvars.get(&m).cloned();
            let (sp, origin, ty) = match info {
                Some(i) => (i.span, i.origin, i.ty),
                None => (span, "a hole".to_string(), m),
            };
            let ty = self.pp(ty);
            return Err(ElabError::new(
                if sp == Span::default() { span } else { sp },
                ElabErrorKind::Unsolved {
                    what: format!("{origin} (of type `{ty}`)"),
                },
            ));
        }
        Ok(e)
    }

    /// Names of the constants in scope that resemble `name` (for suggestions).
    pub fn suggestions(&self, name: &str) -> Vec<String> {
        let last = name.rsplit('.').next().unwrap_or(name);
        let mut out: Vec<(usize, String)> = Vec::new();
        let mut seen = HashSet::new();
        let locals = self.locals.iter().map(|l| l.name.clone());
        let consts = self.meta.names.iter().map(|n| n.as_str().to_string());
        for cand in locals.chain(consts) {
            let cl = cand.rsplit('.').next().unwrap_or(&cand).to_string();
            let d = super::error::edit_distance(last, &cl);
            if d <= 2 && d < last.chars().count().max(2) && seen.insert(cand.clone()) {
                out.push((d, cand));
            }
        }
        out.sort();
        out.into_iter().take(3).map(|(_, s)| s).collect()
    }
}

/// β-reduces `f args` as far as `f` is a λ.
pub fn beta(s: &mut Store, f: Expr, args: &[Expr]) -> Expr {
    let mut body = f;
    let mut used = 0;
    while used < args.len() {
        match s.node(body) {
            Node::Lam(_, _, _, b) => {
                body = *b;
                used += 1;
            }
            _ => break,
        }
    }
    let r = s.instantiate_rev(body, &args[..used]);
    s.apps(r, &args[used..])
}

/// β-reduces the head of `e` while it is an applied λ.
pub fn head_beta(s: &mut Store, e: Expr) -> Expr {
    let mut cur = e;
    for _ in 0..10_000 {
        let (h, args) = s.unfold_apps(cur);
        if args.is_empty() || !matches!(s.node(h), Node::Lam(..)) {
            break;
        }
        cur = beta(s, h, &args);
    }
    cur
}

/// Whether a level mentions a universe metavariable.
pub fn level_has_mvar(l: &Level) -> bool {
    let mut found = false;
    l.for_each_param(&mut |p| found |= Ctx::is_level_mvar(p));
    found
}

/// The `Succ`-depth and base of a level: `l + k` ↦ `(l, k)`.
pub fn level_offset(l: &Level) -> (Level, u32) {
    let mut cur = l.clone();
    let mut k = 0;
    while let LevelNode::Succ(x) = cur.node() {
        let x = x.clone();
        cur = x;
        k += 1;
    }
    (cur, k)
}
