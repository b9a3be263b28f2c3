//! Terms, hash-consed in an arena ([`Store`]) and addressed by [`Expr`] ids.
//!
//! Every node is created once: structurally identical terms get the same id, so equality of
//! ids is equality of terms, caches are cheap, and dropping a term never recurses. Each node
//! caches its loose bound-variable range, whether it contains free variables or universe
//! parameters, and its depth.

use crate::hash::FxHashMap;
use crate::level::Level;
use crate::name::Name;
use num_bigint::BigUint;
use std::fmt;

/// A term: an index into a [`Store`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Expr(u32);

impl Expr {
    /// The position of the node in its store (nodes only point to smaller positions).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl fmt::Debug for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// How a binder was written; kept for printing and elaboration, ignored by typing.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub enum BinderInfo {
    /// `(x : A)`
    #[default]
    Default,
    /// `{x : A}`
    Implicit,
    /// `⦃x : A⦄`
    StrictImplicit,
    /// `[x : A]`
    InstImplicit,
}

/// A literal value.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum Literal {
    /// A natural number, of type `Nat`.
    Nat(BigUint),
    /// A string, of type `String`.
    Str(String),
}

/// The shape of a term.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum Node {
    /// A bound variable, as a de Bruijn index (0 is the innermost binder).
    BVar(u32),
    /// A free variable of the checker's local context (never part of a declaration).
    FVar(u32),
    /// `Sort l`: `Prop` is `Sort 0`, `Type u` is `Sort (u+1)`.
    Sort(Level),
    /// A constant applied to universe levels.
    Const(Name, Vec<Level>),
    /// Application `f a`.
    App(Expr, Expr),
    /// `fun (x : A) => b`.
    Lam(Name, BinderInfo, Expr, Expr),
    /// `(x : A) → B`.
    Pi(Name, BinderInfo, Expr, Expr),
    /// `let x : A := v; b`.
    Let(Name, Expr, Expr, Expr),
    /// A literal.
    Lit(Literal),
    /// `e.i`: field `i` (from 0) of a value of the structure `S`.
    Proj(Name, u32, Expr),
}

#[derive(Clone, Copy, Debug)]
struct Data {
    loose: u32,
    depth: u32,
    has_fvar: bool,
    has_lparam: bool,
}

/// The arena of hash-consed terms.
#[derive(Default)]
pub struct Store {
    nodes: Vec<Node>,
    data: Vec<Data>,
    table: FxHashMap<Node, Expr>,
}

impl Store {
    /// An empty store.
    pub fn new() -> Store {
        Store::default()
    }

    /// Number of distinct nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the store holds no node.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The shape of `e`.
    pub fn node(&self, e: Expr) -> &Node {
        &self.nodes[e.index()]
    }

    /// One past the largest loose bound variable (0 for a closed term).
    pub fn loose_range(&self, e: Expr) -> u32 {
        self.data[e.index()].loose
    }

    /// Depth of the term tree (1 for a leaf).
    pub fn depth(&self, e: Expr) -> u32 {
        self.data[e.index()].depth
    }

    /// Whether `e` contains a free variable.
    pub fn has_fvar(&self, e: Expr) -> bool {
        self.data[e.index()].has_fvar
    }

    /// Whether `e` mentions a universe parameter.
    pub fn has_level_param(&self, e: Expr) -> bool {
        self.data[e.index()].has_lparam
    }

    /// Interns a node.
    pub fn mk(&mut self, node: Node) -> Expr {
        if let Some(&e) = self.table.get(&node) {
            return e;
        }
        let d = |s: &Store, e: Expr| s.data[e.index()];
        let lp = |ls: &[Level]| ls.iter().any(Level::has_param);
        let data = match &node {
            Node::BVar(i) => Data {
                loose: i.saturating_add(1),
                depth: 1,
                has_fvar: false,
                has_lparam: false,
            },
            Node::FVar(_) => Data {
                loose: 0,
                depth: 1,
                has_fvar: true,
                has_lparam: false,
            },
            Node::Sort(l) => Data {
                loose: 0,
                depth: 1,
                has_fvar: false,
                has_lparam: l.has_param(),
            },
            Node::Const(_, ls) => Data {
                loose: 0,
                depth: 1,
                has_fvar: false,
                has_lparam: lp(ls),
            },
            Node::Lit(_) => Data {
                loose: 0,
                depth: 1,
                has_fvar: false,
                has_lparam: false,
            },
            Node::App(a, b) => join(d(self, *a), d(self, *b), 0),
            Node::Lam(_, _, a, b) | Node::Pi(_, _, a, b) => join(d(self, *a), d(self, *b), 1),
            Node::Let(_, t, v, b) => {
                let tv = join(d(self, *t), d(self, *v), 0);
                join(tv, d(self, *b), 1)
            }
            Node::Proj(_, _, a) => {
                let a = d(self, *a);
                Data {
                    depth: a.depth.saturating_add(1),
                    ..a
                }
            }
        };
        let id = Expr(u32::try_from(self.nodes.len()).unwrap_or(u32::MAX));
        self.nodes.push(node.clone());
        self.data.push(data);
        self.table.insert(node, id);
        id
    }

    /// `BVar i`.
    pub fn bvar(&mut self, i: u32) -> Expr {
        self.mk(Node::BVar(i))
    }
    /// `Sort l`.
    pub fn sort(&mut self, l: Level) -> Expr {
        self.mk(Node::Sort(l))
    }
    /// `Prop`.
    pub fn prop(&mut self) -> Expr {
        self.sort(Level::zero())
    }
    /// A constant with universe arguments.
    pub fn cnst(&mut self, n: impl Into<Name>, ls: Vec<Level>) -> Expr {
        self.mk(Node::Const(n.into(), ls))
    }
    /// `f a`.
    pub fn app(&mut self, f: Expr, a: Expr) -> Expr {
        self.mk(Node::App(f, a))
    }
    /// `f a₁ … aₙ`.
    pub fn apps(&mut self, f: Expr, args: &[Expr]) -> Expr {
        args.iter().fold(f, |f, &a| self.app(f, a))
    }
    /// `fun (x : ty) => body` (`body` refers to `x` as `BVar 0`).
    pub fn lam(&mut self, x: impl Into<Name>, ty: Expr, body: Expr) -> Expr {
        self.mk(Node::Lam(x.into(), BinderInfo::Default, ty, body))
    }
    /// `(x : ty) → body` (`body` refers to `x` as `BVar 0`).
    pub fn pi(&mut self, x: impl Into<Name>, ty: Expr, body: Expr) -> Expr {
        self.mk(Node::Pi(x.into(), BinderInfo::Default, ty, body))
    }
    /// A Π with an explicit binder annotation.
    pub fn pi_with(&mut self, x: impl Into<Name>, bi: BinderInfo, ty: Expr, body: Expr) -> Expr {
        self.mk(Node::Pi(x.into(), bi, ty, body))
    }
    /// A λ with an explicit binder annotation.
    pub fn lam_with(&mut self, x: impl Into<Name>, bi: BinderInfo, ty: Expr, body: Expr) -> Expr {
        self.mk(Node::Lam(x.into(), bi, ty, body))
    }
    /// The non-dependent arrow `a → b` (`b` is lifted under the binder).
    pub fn arrow(&mut self, a: Expr, b: Expr) -> Expr {
        let b = self.lift(b, 1);
        self.pi("a", a, b)
    }
    /// `let x : ty := val; body`.
    pub fn let_(&mut self, x: impl Into<Name>, ty: Expr, val: Expr, body: Expr) -> Expr {
        self.mk(Node::Let(x.into(), ty, val, body))
    }
    /// A natural-number literal.
    pub fn nat(&mut self, n: impl Into<BigUint>) -> Expr {
        self.mk(Node::Lit(Literal::Nat(n.into())))
    }
    /// A string literal.
    pub fn str_lit(&mut self, s: &str) -> Expr {
        self.mk(Node::Lit(Literal::Str(s.to_owned())))
    }
    /// Projection of field `i` of structure `s`.
    pub fn proj(&mut self, s: impl Into<Name>, i: u32, e: Expr) -> Expr {
        self.mk(Node::Proj(s.into(), i, e))
    }

    /// The head of an application spine.
    pub fn app_fn(&self, mut e: Expr) -> Expr {
        while let Node::App(f, _) = self.node(e) {
            e = *f;
        }
        e
    }

    /// Head and arguments of an application spine.
    pub fn unfold_apps(&self, mut e: Expr) -> (Expr, Vec<Expr>) {
        let mut args = Vec::new();
        while let Node::App(f, a) = self.node(e) {
            args.push(*a);
            e = *f;
        }
        args.reverse();
        (e, args)
    }

    /// The constant at the head of `e`, if any.
    pub fn head_const(&self, e: Expr) -> Option<(&Name, &[Level])> {
        match self.node(self.app_fn(e)) {
            Node::Const(n, ls) => Some((n, ls)),
            _ => None,
        }
    }

    /// Generic sharing-aware rewriting. `f(e, depth)` may return a replacement; `skip(e, depth)`
    /// says a subterm cannot change.
    fn replace(
        &mut self,
        e: Expr,
        depth: u32,
        cache: &mut FxHashMap<(Expr, u32), Expr>,
        f: &mut dyn FnMut(&mut Store, Expr, u32) -> Option<Expr>,
        skip: &dyn Fn(&Store, Expr, u32) -> bool,
    ) -> Expr {
        if skip(self, e, depth) {
            return e;
        }
        if let Some(&r) = cache.get(&(e, depth)) {
            return r;
        }
        if let Some(r) = f(self, e, depth) {
            cache.insert((e, depth), r);
            return r;
        }
        let r = match self.node(e).clone() {
            Node::App(a, b) => {
                let a = self.replace(a, depth, cache, f, skip);
                let b = self.replace(b, depth, cache, f, skip);
                self.app(a, b)
            }
            Node::Lam(n, bi, a, b) => {
                let a = self.replace(a, depth, cache, f, skip);
                let b = self.replace(b, depth + 1, cache, f, skip);
                self.mk(Node::Lam(n, bi, a, b))
            }
            Node::Pi(n, bi, a, b) => {
                let a = self.replace(a, depth, cache, f, skip);
                let b = self.replace(b, depth + 1, cache, f, skip);
                self.mk(Node::Pi(n, bi, a, b))
            }
            Node::Let(n, t, v, b) => {
                let t = self.replace(t, depth, cache, f, skip);
                let v = self.replace(v, depth, cache, f, skip);
                let b = self.replace(b, depth + 1, cache, f, skip);
                self.mk(Node::Let(n, t, v, b))
            }
            Node::Proj(s, i, a) => {
                let a = self.replace(a, depth, cache, f, skip);
                self.mk(Node::Proj(s, i, a))
            }
            _ => e,
        };
        cache.insert((e, depth), r);
        r
    }

    /// Rewrites `e` top-down: `f(store, e, binder_depth)` returns a replacement or `None` to
    /// descend (results are shared across identical subterms).
    pub fn rewrite(
        &mut self,
        e: Expr,
        f: &mut dyn FnMut(&mut Store, Expr, u32) -> Option<Expr>,
    ) -> Expr {
        self.replace(e, 0, &mut FxHashMap::default(), f, &|_, _, _| false)
    }

    /// Lowers every loose bound variable by `k` (they must all be at least `k`).
    pub fn lower(&mut self, e: Expr, k: u32) -> Expr {
        if k == 0 || self.loose_range(e) == 0 {
            return e;
        }
        let mut f = |s: &mut Store, e: Expr, depth: u32| match *s.node(e) {
            Node::BVar(i) if i >= depth => Some(s.bvar(i.saturating_sub(k))),
            _ => None,
        };
        let skip = |s: &Store, e: Expr, depth: u32| s.loose_range(e) <= depth;
        self.replace(e, 0, &mut FxHashMap::default(), &mut f, &skip)
    }

    /// Replaces loose `BVar i` by `subst[len-1-i]` (so the last element is `BVar 0`), and
    /// lowers the remaining loose variables by `len`.
    pub fn instantiate_rev(&mut self, e: Expr, subst: &[Expr]) -> Expr {
        if subst.is_empty() || self.loose_range(e) == 0 {
            return e;
        }
        let n = subst.len() as u32;
        let mut f = |s: &mut Store, e: Expr, depth: u32| match *s.node(e) {
            Node::BVar(i) if i >= depth => {
                let j = i - depth;
                if j < n {
                    let v = subst[(n - 1 - j) as usize];
                    Some(s.lift(v, depth))
                } else {
                    Some(s.bvar(i - n))
                }
            }
            _ => None,
        };
        let skip = |s: &Store, e: Expr, depth: u32| s.loose_range(e) <= depth;
        self.replace(e, 0, &mut FxHashMap::default(), &mut f, &skip)
    }

    /// Replaces `BVar 0` by `v`.
    pub fn instantiate1(&mut self, e: Expr, v: Expr) -> Expr {
        self.instantiate_rev(e, &[v])
    }

    /// Adds `k` to every loose bound variable.
    pub fn lift(&mut self, e: Expr, k: u32) -> Expr {
        if k == 0 || self.loose_range(e) == 0 {
            return e;
        }
        let mut f = |s: &mut Store, e: Expr, depth: u32| match *s.node(e) {
            Node::BVar(i) if i >= depth => Some(s.bvar(i + k)),
            _ => None,
        };
        let skip = |s: &Store, e: Expr, depth: u32| s.loose_range(e) <= depth;
        self.replace(e, 0, &mut FxHashMap::default(), &mut f, &skip)
    }

    /// Turns the free variables `fvars` into bound variables (the last one is `BVar 0`).
    pub fn abstract_fvars(&mut self, e: Expr, fvars: &[Expr]) -> Expr {
        if fvars.is_empty() || !self.has_fvar(e) {
            return e;
        }
        let n = fvars.len() as u32;
        let mut f = |s: &mut Store, e: Expr, depth: u32| {
            if !matches!(s.node(e), Node::FVar(_)) {
                return None;
            }
            let pos = fvars.iter().rposition(|&x| x == e)?;
            Some(s.bvar(depth + n - 1 - pos as u32))
        };
        let skip = |s: &Store, e: Expr, _: u32| !s.has_fvar(e);
        self.replace(e, 0, &mut FxHashMap::default(), &mut f, &skip)
    }

    /// Substitutes universe parameters.
    pub fn instantiate_levels(&mut self, e: Expr, names: &[Name], levels: &[Level]) -> Expr {
        if names.is_empty() || !self.has_level_param(e) {
            return e;
        }
        let mut f = |s: &mut Store, e: Expr, _: u32| match s.node(e).clone() {
            Node::Sort(l) => Some(s.sort(l.instantiate(names, levels))),
            Node::Const(c, ls) => {
                let ls = ls.iter().map(|l| l.instantiate(names, levels)).collect();
                Some(s.cnst(c, ls))
            }
            _ => None,
        };
        let skip = |s: &Store, e: Expr, _: u32| !s.has_level_param(e);
        self.replace(e, 0, &mut FxHashMap::default(), &mut f, &skip)
    }

    /// Whether `pred` holds for some subterm (sharing-aware, visits each node once).
    pub fn any_subterm(&self, e: Expr, pred: &mut dyn FnMut(&Store, Expr) -> bool) -> bool {
        let mut seen = crate::hash::FxHashSet::default();
        let mut stack = vec![e];
        while let Some(e) = stack.pop() {
            if !seen.insert(e) {
                continue;
            }
            if pred(self, e) {
                return true;
            }
            match self.node(e) {
                Node::App(a, b) | Node::Lam(_, _, a, b) | Node::Pi(_, _, a, b) => {
                    stack.push(*a);
                    stack.push(*b);
                }
                Node::Let(_, t, v, b) => stack.extend([*t, *v, *b]),
                Node::Proj(_, _, a) => stack.push(*a),
                _ => {}
            }
        }
        false
    }

    /// Whether the constant `n` occurs in `e`.
    pub fn mentions_const(&self, e: Expr, n: &Name) -> bool {
        self.any_subterm(
            e,
            &mut |s, x| matches!(s.node(x), Node::Const(c, _) if c == n),
        )
    }
}

fn join(a: Data, b: Data, binds: u32) -> Data {
    Data {
        loose: a.loose.max(b.loose.saturating_sub(binds)),
        depth: a.depth.max(b.depth).saturating_add(1),
        has_fvar: a.has_fvar || b.has_fvar,
        has_lparam: a.has_lparam || b.has_lparam,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_consing_shares() {
        let mut s = Store::new();
        let a = s.cnst("A", vec![]);
        let x = s.bvar(0);
        let l1 = s.lam("x", a, x);
        let l2 = s.lam("x", a, x);
        assert_eq!(l1, l2);
        assert_eq!(s.loose_range(l1), 0);
        assert_eq!(s.loose_range(x), 1);
        assert_eq!(s.depth(l1), 2);
    }

    #[test]
    fn instantiate_and_abstract_are_inverse() {
        let mut s = Store::new();
        let f = s.cnst("f", vec![]);
        let b0 = s.bvar(0);
        let b1 = s.bvar(1);
        let body = s.apps(f, &[b0, b1]);
        let x = s.mk(Node::FVar(1));
        let y = s.mk(Node::FVar(2));
        let inst = s.instantiate_rev(body, &[x, y]);
        let expect = s.apps(f, &[y, x]);
        assert_eq!(inst, expect);
        assert_eq!(s.abstract_fvars(inst, &[x, y]), body);
    }

    #[test]
    fn instantiate_under_binder_lifts() {
        let mut s = Store::new();
        let a = s.cnst("A", vec![]);
        let b1 = s.bvar(1);
        let lam = s.lam("y", a, b1); // fun y => x   (x is loose 0 outside)
        let v = s.bvar(5);
        let r = s.instantiate1(lam, v);
        let b6 = s.bvar(6);
        let expect = s.lam("y", a, b6);
        assert_eq!(r, expect);
    }

    #[test]
    fn level_instantiation() {
        let mut s = Store::new();
        let u = Level::param("u");
        let t = s.sort(u.clone());
        let r = s.instantiate_levels(t, &[Name::new("u")], &[Level::one()]);
        assert_eq!(s.node(r), &Node::Sort(Level::one()));
        assert!(s.has_level_param(t) && !s.has_level_param(r));
    }
}
