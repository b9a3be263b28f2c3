//! Decision-tree compilation of ordered, overlapping, nested patterns into `casesOn`.
//!
//! A `Problem` is a list of scrutinees (free variables of the local context), the
//! remaining equations with one pattern per scrutinee, and a goal type. If every
//! remaining equation has a variable (or inaccessible pattern) for the first scrutinee,
//! the variables are bound to it and the column is dropped. Otherwise the first scrutinee
//! `y` is split with `I.casesOn`: `y`'s indices (which must be distinct local variables)
//! and the locals whose types depend on them or on `y` (later arguments, the
//! course-of-values table of structural recursion) are reverted into the motive, and
//! in the branch of each constructor `c` the equations with `c` (or a variable) at `y`
//! continue, with `c`'s sub-patterns as new columns. When no scrutinee is left the first
//! remaining equation wins (as soon as its remaining patterns are all variables); when no
//! equation is left the case is missing and recorded.
//! Nat literals are `Nat.zero`/`Nat.succ` patterns.

use super::cases::Block;
use super::error::MatchError;
use super::pattern::{show_example, unfold_lit, Pat, MAX_LIT_PATTERN};
use super::Span;
use cedrus_kernel::tc::TypeChecker;
use cedrus_kernel::{ConstantKind, Expr, KernelError, Level, Name, Node};
use std::collections::HashMap;

/// One equation during compilation.
#[derive(Clone, Debug)]
pub(crate) struct Alt {
    /// Position of the equation in the definition.
    pub idx: usize,
    /// Remaining patterns, one per scrutinee.
    pub pats: Vec<Pat>,
    /// Pattern variables bound so far, with their values in the local context.
    pub subst: Vec<(Expr, Expr)>,
    /// Right-hand side, over the equation's pattern variables.
    pub rhs: Expr,
}

/// A structurally smaller value and where its recursive result is stored.
#[derive(Clone, Debug)]
pub(crate) struct IhEntry {
    /// The local variable (a field reached by case analysis).
    pub var: Expr,
    /// Projections from the table `b` reaching `PProd (motive var) (below var)`.
    pub path: Vec<u32>,
    /// Block member of its type.
    pub member: usize,
}

/// The course-of-values table of structural recursion.
#[derive(Clone, Debug)]
pub(crate) struct BelowState {
    /// The local `b : below x` (replaced when reverted).
    pub b: Expr,
    /// The decreasing argument `x`.
    pub root: Expr,
    /// Block member of `x`'s type.
    pub root_member: usize,
    /// Smaller values reached so far.
    pub entries: Vec<IhEntry>,
}

/// A matching problem.
#[derive(Clone, Debug)]
pub(crate) struct Problem {
    /// Local context, in dependency order.
    pub ctx: Vec<Expr>,
    /// Scrutinees, one per pattern column.
    pub vars: Vec<Expr>,
    /// Remaining equations, in order.
    pub alts: Vec<Alt>,
    /// Type of the result.
    pub goal: Expr,
    /// The arguments as refined so far (to print missing cases).
    pub examples: Vec<Expr>,
    /// Course-of-values table, under structural recursion.
    pub below: Option<BelowState>,
}

/// A function of a structurally recursive group, as seen at recursive calls.
#[derive(Clone, Debug)]
pub(crate) struct RecFn {
    /// Its name.
    pub name: Name,
    /// Number of arguments.
    pub arity: usize,
    /// Position of the decreasing argument.
    pub dec: usize,
    /// Positions of the decreasing argument's indices (not passed to the table entry).
    pub skip: Vec<usize>,
    /// Block member of the decreasing argument's type.
    pub member: usize,
    /// Position among the functions recursing on the same member, when there are several
    /// (their results are then a tuple).
    pub slot: Option<usize>,
}

/// What the compiler needs to replace recursive calls.
#[derive(Clone, Debug)]
pub(crate) struct RecCtx {
    /// The functions of the group.
    pub fns: Vec<RecFn>,
    /// The shared fixed prefix (locals).
    pub fixed: Vec<Expr>,
    /// The block recursed over.
    pub block: Block,
}

/// Deepest right-hand side traversed when replacing recursive calls.
const MAX_RHS_DEPTH: u32 = 2000;

/// The decision-tree compiler for one function.
pub(crate) struct Matcher<'t, 'a> {
    /// Type checker owning the local context.
    pub tc: &'t mut TypeChecker<'a>,
    /// The function being compiled (for errors).
    pub function: Name,
    /// Source spans of the equations.
    pub spans: Vec<Span>,
    /// Which equations were used at some leaf.
    pub used: Vec<bool>,
    /// Printed missing cases.
    pub missing: Vec<String>,
    /// Structural recursion context, if the group is recursive.
    pub rec: Option<RecCtx>,
    /// The function applied to nothing (`f.{us}`), to state one lemma per leaf.
    pub lemma_head: Option<Expr>,
    /// `∀ xs, f args = rhs` for each leaf of the tree (see [`CaseLemma`]).
    pub case_lemmas: Vec<CaseLemma>,
}

/// The equation of one leaf of the decision tree: the arguments refined by the splits on
/// the path to the leaf, and the right-hand side chosen there. It holds by unfolding.
#[derive(Clone, Debug)]
pub(crate) struct CaseLemma {
    /// The equation used at the leaf.
    pub alt: usize,
    /// `∀ xs, f args = rhs`.
    pub statement: Expr,
    /// `fun xs => Eq.refl (f args)`.
    pub proof: Expr,
}

fn kerr(decl: &Name) -> impl Fn(KernelError) -> MatchError + '_ {
    move |error| MatchError::Kernel {
        decl: decl.clone(),
        error,
    }
}

impl<'t, 'a> Matcher<'t, 'a> {
    /// A compiler for `function` with `n` equations.
    pub fn new(tc: &'t mut TypeChecker<'a>, function: Name, spans: Vec<Span>) -> Self {
        let n = spans.len();
        Matcher {
            tc,
            function,
            spans,
            used: vec![false; n],
            missing: Vec::new(),
            rec: None,
            lemma_head: None,
            case_lemmas: Vec::new(),
        }
    }

    fn malformed(&self, detail: String) -> MatchError {
        MatchError::Malformed {
            function: self.function.clone(),
            detail,
        }
    }

    /// Replaces the locals `from` by the terms `to`.
    fn replace(&mut self, e: Expr, from: &[Expr], to: &[Expr]) -> Expr {
        let a = self.tc.store.abstract_fvars(e, from);
        self.tc.store.instantiate_rev(a, to)
    }

    /// Compiles a problem into a term of type `goal`.
    pub fn run(&mut self, p: Problem, depth: u32) -> Result<Expr, MatchError> {
        if depth > MAX_RHS_DEPTH {
            return Err(MatchError::Unsupported {
                function: self.function.clone(),
                detail: "decision tree too deep".into(),
            });
        }
        if p.alts.is_empty() {
            let tc = &*self.tc;
            let params = |c: &Name| match tc.table.consts.get(c).map(|i| &i.kind) {
                Some(ConstantKind::Constructor(ci)) => Some(ci.num_params as usize),
                _ => None,
            };
            let shown: Vec<String> = p
                .examples
                .iter()
                .map(|&e| show_example(tc.store, e, &params))
                .collect();
            self.missing.push(shown.join(", "));
            return Ok(p.goal);
        }
        if p.vars.is_empty() {
            return self.leaf(p);
        }
        // The first equation matches whatever is left: no need to split further (this
        // also keeps its lemma provable by unfolding).
        if p.alts[0]
            .pats
            .iter()
            .all(|q| matches!(q, Pat::Var(_) | Pat::Inaccessible(_)))
        {
            let mut p = p;
            let mut alt = p.alts.swap_remove(0);
            for (q, &x) in alt.pats.iter().zip(&p.vars) {
                if let Pat::Var(v) = q {
                    alt.subst.push((*v, x));
                }
            }
            alt.pats.clear();
            p.vars.clear();
            p.alts = vec![alt];
            return self.leaf(p);
        }
        let splits = p
            .alts
            .iter()
            .any(|a| matches!(a.pats.first(), Some(Pat::Ctor { .. } | Pat::Lit(_))));
        if !splits {
            let mut p = p;
            let x = p.vars.remove(0);
            for alt in &mut p.alts {
                if alt.pats.is_empty() {
                    return Err(self.malformed("too few patterns".into()));
                }
                if let Pat::Var(v) = alt.pats.remove(0) {
                    alt.subst.push((v, x));
                }
            }
            return self.run(p, depth + 1);
        }
        self.split(p, depth)
    }

    fn leaf(&mut self, p: Problem) -> Result<Expr, MatchError> {
        let Some(alt) = p.alts.first() else {
            return Ok(p.goal);
        };
        if let Some(u) = self.used.get_mut(alt.idx) {
            *u = true;
        }
        let (from, to): (Vec<Expr>, Vec<Expr>) = alt.subst.iter().copied().unzip();
        let rhs = self.replace(alt.rhs, &from, &to);
        if let Some(head) = self.lemma_head {
            self.case_lemma(&p, alt.idx, head, rhs);
        }
        if self.rec.is_some() {
            let mut cache = HashMap::new();
            self.replace_calls(rhs, &p, alt.idx, &mut cache, 0)
        } else {
            Ok(rhs)
        }
    }

    /// Records the equation of a leaf (skipped if its type has no level the checker can
    /// compute or `Eq` is missing).
    fn case_lemma(&mut self, p: &Problem, alt: usize, head: Expr, rhs: Expr) {
        if !self.tc.table.consts.contains_key(&Name::new("Eq")) {
            return;
        }
        let lhs = self.tc.store.apps(head, &p.examples);
        let Ok(sort) = self.tc.infer(p.goal, true) else {
            return;
        };
        let Ok(sort) = self.tc.whnf(sort) else {
            return;
        };
        let Node::Sort(l) = self.tc.store.node(sort).clone() else {
            return;
        };
        let eq = self.tc.store.cnst("Eq", vec![l.clone()]);
        let stmt = self.tc.store.apps(eq, &[p.goal, lhs, rhs]);
        let refl = self.tc.store.cnst("Eq.refl", vec![l]);
        let prf = self.tc.store.apps(refl, &[p.goal, lhs]);
        // The locals the statement needs, closed under their types' dependencies.
        let mut needed: Vec<Expr> = Vec::new();
        for &z in p.ctx.iter().rev() {
            let store = &*self.tc.store;
            let occurs = |e: Expr| store.any_subterm(e, &mut |_, x| x == z);
            let in_types = needed
                .iter()
                .any(|&w| self.tc.local_type(w).is_some_and(&occurs));
            if occurs(stmt) || in_types {
                needed.push(z);
            }
        }
        needed.reverse();
        let statement = self.tc.mk_binding(false, &needed, stmt);
        let proof = self.tc.mk_binding(true, &needed, prf);
        self.case_lemmas.push(CaseLemma {
            alt,
            statement,
            proof,
        });
    }

    /// Splits the first scrutinee by `casesOn`.
    fn split(&mut self, p: Problem, depth: u32) -> Result<Expr, MatchError> {
        let fname = self.function.clone();
        let y = p.vars[0];
        let yty = self
            .tc
            .local_type(y)
            .ok_or_else(|| self.malformed("a scrutinee is not a local variable".into()))?;
        let yty = self.tc.whnf(yty).map_err(kerr(&fname))?;
        let (head, targs) = self.tc.store.unfold_apps(yty);
        let (ind, ls) = match self.tc.store.node(head) {
            Node::Const(n, ls) => (n.clone(), ls.clone()),
            _ => {
                let shown = self.tc.pp(yty);
                return Err(
                    self.malformed(format!("constructor pattern for a value of type `{shown}`"))
                );
            }
        };
        let info = self.tc.constant(&ind).map_err(kerr(&fname))?;
        let ConstantKind::Inductive(ii) = &info.kind else {
            return Err(self.malformed(format!("`{ind}` is not an inductive type")));
        };
        let ctors = ii.ctors.clone();
        for alt in &p.alts {
            if let Some(Pat::Ctor { ctor, .. }) = alt.pats.first() {
                if !ctors.contains(ctor) {
                    return Err(self.malformed(format!(
                        "`{ctor}` is not a constructor of `{ind}` (equation {})",
                        alt.idx + 1
                    )));
                }
            }
            if matches!(alt.pats.first(), Some(Pat::Lit(_))) && ind.as_str() != "Nat" {
                return Err(self.malformed(format!(
                    "a number pattern for a value of type `{ind}` (equation {})",
                    alt.idx + 1
                )));
            }
        }
        let nparams = ii.num_params as usize;
        let params: Vec<Expr> = targs.iter().take(nparams).copied().collect();
        // Indices must be distinct local variables: they are generalised in the motive
        // and replaced by each constructor's indices (no unification is attempted).
        let idx: Vec<Expr> = targs.iter().skip(nparams).copied().collect();
        for (k, &i) in idx.iter().enumerate() {
            let ok = matches!(self.tc.store.node(i), Node::FVar(_))
                && p.ctx.contains(&i)
                && !idx[..k].contains(&i)
                && !params.iter().any(|&q| {
                    let store = &*self.tc.store;
                    store.any_subterm(q, &mut |_, e| e == i)
                });
            if !ok {
                let shown = self.tc.pp(i);
                return Err(MatchError::Unsupported {
                    function: fname,
                    detail: format!(
                        "matching on `{ind}` whose index `{shown}` is not a distinct variable"
                    ),
                });
            }
        }
        let mut heads = idx.clone();
        heads.push(y);
        let cases_name = ind.child("casesOn");
        let cases_info = self.tc.constant(&cases_name).map_err(kerr(&fname))?;
        let cases_has_u = cases_info.lparams.len() > ls.len();
        // Revert the locals that depend on `y` or its indices.
        let pos = p
            .ctx
            .iter()
            .position(|z| heads.contains(z))
            .unwrap_or(p.ctx.len());
        let mut delta: Vec<Expr> = Vec::new();
        for &z in p.ctx.iter().skip(pos + 1) {
            if heads.contains(&z) {
                continue;
            }
            let zt = self.tc.local_type(z).unwrap_or(z);
            let deps: Vec<Expr> = heads.iter().chain(delta.iter()).copied().collect();
            let mentions = {
                let store = &*self.tc.store;
                store.any_subterm(zt, &mut |_, e| deps.contains(&e))
            };
            if mentions {
                delta.push(z);
            }
        }
        let gen_goal = self.tc.mk_binding(false, &delta, p.goal);
        let sort = self.tc.infer(gen_goal, true).map_err(kerr(&fname))?;
        let sort = self.tc.whnf(sort).map_err(kerr(&fname))?;
        let Node::Sort(u) = self.tc.store.node(sort).clone() else {
            return Err(self.malformed("the result type is not a type".into()));
        };
        if !cases_has_u && !u.is_zero() {
            return Err(MatchError::Unsupported {
                function: fname,
                detail: format!("`{ind}` only eliminates into `Prop`"),
            });
        }
        let mut levels: Vec<Level> = Vec::new();
        if cases_has_u {
            levels.push(u);
        }
        levels.extend(ls.iter().cloned());
        let motive = self.tc.mk_binding(true, &heads, gen_goal);
        let cases_c = self.tc.store.cnst(cases_name, levels);
        let mut term = self.tc.store.apps(cases_c, &params);
        term = self.tc.store.app(term, motive);
        term = self.tc.store.apps(term, &heads);
        // Where `y`'s course-of-values entries start, if it is the decreasing argument
        // or a smaller value.
        let below_base: Option<(Vec<u32>, usize)> = p.below.as_ref().and_then(|b| {
            if b.root == y {
                Some((vec![], b.root_member))
            } else {
                b.entries.iter().find(|e| e.var == y).map(|e| {
                    let mut path = e.path.clone();
                    path.push(1);
                    (path, e.member)
                })
            }
        });
        for c in &ctors {
            let cinfo = self.tc.constant(c).map_err(kerr(&fname))?;
            let mut cty = self
                .tc
                .store
                .instantiate_levels(cinfo.ty, &cinfo.lparams, &ls);
            for &a in &params {
                let Node::Pi(_, _, _, b) = self.tc.store.node(cty).clone() else {
                    return Err(self.malformed(format!("bad constructor type for `{c}`")));
                };
                cty = self.tc.store.instantiate1(b, a);
            }
            let mut fields = Vec::new();
            while let Node::Pi(n, _, d, b) = self.tc.store.node(cty).clone() {
                let f = self.tc.fresh_local(n, d);
                fields.push(f);
                cty = self.tc.store.instantiate1(b, f);
            }
            let nf = fields.len();
            let cc = self.tc.store.cnst(c.clone(), ls.clone());
            let cc = self.tc.store.apps(cc, &params);
            let cval = self.tc.store.apps(cc, &fields);
            let (_, result_args) = self.tc.store.unfold_apps(cty);
            let ts: Vec<Expr> = result_args.iter().skip(nparams).copied().collect();
            if ts.len() != idx.len() {
                return Err(self.malformed(format!("bad constructor type for `{c}`")));
            }
            let mut from = heads.clone();
            let mut to = ts;
            to.push(cval);
            let mut delta2 = Vec::new();
            for &z in &delta {
                let zt = self.tc.local_type(z).unwrap_or(z);
                let zt = self.replace(zt, &from, &to);
                let zn = self.tc.local_name(z);
                let z2 = self.tc.fresh_local(zn, zt);
                from.push(z);
                to.push(z2);
                delta2.push(z2);
            }
            let mut q = Problem {
                ctx: p
                    .ctx
                    .iter()
                    .copied()
                    .filter(|z| !heads.contains(z) && !delta.contains(z))
                    .chain(fields.iter().copied())
                    .chain(delta2.iter().copied())
                    .collect(),
                vars: Vec::new(),
                alts: Vec::new(),
                goal: p.goal,
                examples: Vec::new(),
                below: None,
            };
            q.goal = self.replace(p.goal, &from, &to);
            q.vars = fields.clone();
            for &v in p.vars.iter().skip(1) {
                let v2 = self.replace(v, &from, &to);
                q.vars.push(v2);
            }
            q.examples = p
                .examples
                .iter()
                .map(|&e| self.replace(e, &from, &to))
                .collect();
            for alt in &p.alts {
                let Some(first) = alt.pats.first() else {
                    return Err(self.malformed("too few patterns".into()));
                };
                let first = match first {
                    Pat::Lit(n) => {
                        if *n > MAX_LIT_PATTERN.into() {
                            return Err(MatchError::Unsupported {
                                function: fname,
                                detail: format!("literal pattern {n} is too large"),
                            });
                        }
                        unfold_lit(n)
                    }
                    other => other.clone(),
                };
                let mut subst: Vec<(Expr, Expr)> = alt
                    .subst
                    .iter()
                    .map(|&(v, e)| (v, self.replace(e, &from, &to)))
                    .collect();
                let mut pats = match first {
                    Pat::Ctor { ctor, args, .. } => {
                        if &ctor != c {
                            continue;
                        }
                        if args.len() != nf {
                            return Err(self.malformed(format!(
                                "`{ctor}` has {nf} fields, the pattern gives {}",
                                args.len()
                            )));
                        }
                        args
                    }
                    Pat::Var(v) => {
                        subst.push((v, cval));
                        vec![Pat::Inaccessible(cval); nf]
                    }
                    Pat::Inaccessible(_) | Pat::Lit(_) => vec![Pat::Inaccessible(cval); nf],
                };
                pats.extend(alt.pats.iter().skip(1).cloned());
                q.alts.push(Alt {
                    idx: alt.idx,
                    pats,
                    subst,
                    rhs: alt.rhs,
                });
            }
            if let Some(b) = &p.below {
                let b2 = self.replace(b.b, &from, &to);
                let mut entries: Vec<IhEntry> = b
                    .entries
                    .iter()
                    .map(|e| IhEntry {
                        var: self.replace(e.var, &from, &to),
                        path: e.path.clone(),
                        member: e.member,
                    })
                    .collect();
                if let (Some((base, member)), Some(rec)) = (&below_base, &self.rec) {
                    let shape = rec
                        .block
                        .members
                        .get(*member)
                        .and_then(|m| m.ctors.iter().find(|s| &s.ctor == c));
                    if let Some(shape) = shape {
                        for (k, ih) in shape.ihs.iter().filter(|ih| ih.simple).enumerate() {
                            let mut path = base.clone();
                            path.extend(std::iter::repeat_n(1, k));
                            path.push(0);
                            if let Some(&f) = fields.get(ih.field) {
                                entries.push(IhEntry {
                                    var: f,
                                    path,
                                    member: ih.member,
                                });
                            }
                        }
                    }
                }
                q.below = Some(BelowState {
                    b: b2,
                    root: self.replace(b.root, &from, &to),
                    root_member: b.root_member,
                    entries,
                });
            }
            let body = self.run(q, depth + 1)?;
            let mut bs = fields;
            bs.extend(&delta2);
            let minor = self.tc.mk_binding(true, &bs, body);
            term = self.tc.store.app(term, minor);
        }
        Ok(self.tc.store.apps(term, &delta))
    }

    /// Replaces the recursive calls of a right-hand side by look-ups in the table.
    fn replace_calls(
        &mut self,
        e: Expr,
        p: &Problem,
        alt: usize,
        cache: &mut HashMap<Expr, Expr>,
        depth: u32,
    ) -> Result<Expr, MatchError> {
        if let Some(&r) = cache.get(&e) {
            return Ok(r);
        }
        if depth > MAX_RHS_DEPTH {
            return Err(MatchError::Unsupported {
                function: self.function.clone(),
                detail: "right-hand side too deep".into(),
            });
        }
        let Some(rec) = self.rec.clone() else {
            return Ok(e);
        };
        let (head, args) = self.tc.store.unfold_apps(e);
        let called = match self.tc.store.node(head) {
            Node::Const(n, _) => rec.fns.iter().find(|f| &f.name == n).cloned(),
            _ => None,
        };
        let r = if let Some(g) = called {
            let fail = |m: &mut Self, argument: Option<usize>, reason: &str| {
                let call = m.tc.pp(e);
                MatchError::NotStructural {
                    span: m.spans.get(alt).copied().unwrap_or((0, 0)),
                    function: g.name.clone(),
                    call,
                    argument,
                    reason: reason.into(),
                }
            };
            if args.len() != g.arity {
                return Err(fail(self, Some(g.dec), "the call is not fully applied"));
            }
            for (k, &fx) in rec.fixed.iter().enumerate() {
                if args.get(k) != Some(&fx) {
                    return Err(fail(self, Some(g.dec), "a fixed argument is changed"));
                }
            }
            let a = args[g.dec];
            let below = p.below.as_ref();
            let mut entry = below.and_then(|b| b.entries.iter().find(|en| en.var == a));
            if entry.is_none() && self.tc.store.loose_range(a) == 0 {
                // `n + 1` written differently from the pattern: compare up to reduction.
                for en in below.map(|b| b.entries.as_slice()).unwrap_or(&[]) {
                    if self.tc.is_def_eq(a, en.var).unwrap_or(false) {
                        entry = Some(en);
                        break;
                    }
                }
            }
            let (Some(b), Some(entry)) = (below, entry) else {
                return Err(fail(
                    self,
                    Some(g.dec),
                    "the argument is not a structurally smaller value",
                ));
            };
            if entry.member != g.member {
                return Err(fail(self, Some(g.dec), "the argument has the wrong type"));
            }
            let mut t = b.b;
            for &i in &entry.path {
                t = self.tc.store.proj("PProd", i, t);
            }
            let mut out = self.tc.store.proj("PProd", 0, t);
            if let Some(slot) = g.slot {
                for _ in 0..slot {
                    out = self.tc.store.proj("PProd", 1, out);
                }
                out = self.tc.store.proj("PProd", 0, out);
            }
            for (k, &x) in args.iter().enumerate() {
                if k < rec.fixed.len() || k == g.dec || g.skip.contains(&k) {
                    continue;
                }
                let x2 = self.replace_calls(x, p, alt, cache, depth + 1)?;
                out = self.tc.store.app(out, x2);
            }
            out
        } else {
            match self.tc.store.node(e).clone() {
                Node::App(f, x) => {
                    let f2 = self.replace_calls(f, p, alt, cache, depth + 1)?;
                    let x2 = self.replace_calls(x, p, alt, cache, depth + 1)?;
                    self.tc.store.app(f2, x2)
                }
                Node::Lam(n, bi, d, b) => {
                    let d2 = self.replace_calls(d, p, alt, cache, depth + 1)?;
                    let b2 = self.replace_calls(b, p, alt, cache, depth + 1)?;
                    self.tc.store.lam_with(n, bi, d2, b2)
                }
                Node::Pi(n, bi, d, b) => {
                    let d2 = self.replace_calls(d, p, alt, cache, depth + 1)?;
                    let b2 = self.replace_calls(b, p, alt, cache, depth + 1)?;
                    self.tc.store.pi_with(n, bi, d2, b2)
                }
                Node::Let(n, t, v, b) => {
                    let t2 = self.replace_calls(t, p, alt, cache, depth + 1)?;
                    let v2 = self.replace_calls(v, p, alt, cache, depth + 1)?;
                    let b2 = self.replace_calls(b, p, alt, cache, depth + 1)?;
                    self.tc.store.let_(n, t2, v2, b2)
                }
                Node::Proj(s, i, x) => {
                    let x2 = self.replace_calls(x, p, alt, cache, depth + 1)?;
                    self.tc.store.proj(s, i, x2)
                }
                Node::Const(n, _) if rec.fns.iter().any(|f| f.name == n) => {
                    let g = rec.fns.iter().find(|f| f.name == n).cloned();
                    let call = self.tc.pp(e);
                    return Err(MatchError::NotStructural {
                        span: self.spans.get(alt).copied().unwrap_or((0, 0)),
                        function: n,
                        call,
                        argument: g.map(|g| g.dec),
                        reason: "the function is used without arguments".into(),
                    });
                }
                _ => e,
            }
        };
        cache.insert(e, r);
        Ok(r)
    }
}
