//! The rewriting engine: simplifies a term bottom-up and proves the result equal.
//!
//! [`Simplifier::simp`] visits a term: first its arguments (congruence, skipping
//! implicit, instance, proof and dependent arguments), then the term itself, where it
//! tries the rewrite rules, then β/ι-reduction, unfolding of the requested definitions
//! and of `match` auxiliaries applied to constructors, Nat literal arithmetic, and
//! `decide` on closed propositions. Every change is either definitional (no proof
//! needed: the kernel checks it by conversion) or comes with a proof of `e = e'`.

use std::collections::{HashMap, HashSet};

use cedrus_kernel::{Expr, Level, Name, Node};

use super::proof::{self, app, is_const};
use super::rules::{self, Opened, Rule};
use super::set::{RuleShape, SimpEntry};
use crate::elab::ctx::Ctx;
use crate::elab::{ElabError, Result};
use crate::syntax::Span;

/// The outcome of simplifying `e`: the new term and a proof of `e = expr` (`None` when
/// the two are definitionally equal).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// The simplified term.
    pub expr: Expr,
    /// A proof of `original = expr`, or `None` when they are definitionally equal.
    pub proof: Option<Expr>,
}

impl Step {
    fn same(e: Expr) -> Step {
        Step {
            expr: e,
            proof: None,
        }
    }
}

/// How many rewriting steps one simp call may take.
pub const MAX_STEPS: u32 = 5_000;

/// Arithmetic and comparison heads computed on Nat literals.
const LITERAL_OPS: &[&str] = &[
    "HAdd.hAdd",
    "HSub.hSub",
    "HMul.hMul",
    "HDiv.hDiv",
    "HMod.hMod",
    "HPow.hPow",
    "Nat.add",
    "Nat.sub",
    "Nat.mul",
    "Nat.div",
    "Nat.mod",
    "Nat.pow",
    "Nat.succ",
    "Nat.beq",
    "Nat.ble",
    "BEq.beq",
    "bne",
    "Nat.min",
    "Nat.max",
];

/// Relations decided on closed arguments.
const DECIDED_RELS: &[&str] = &["Eq", "Ne", "LT.lt", "LE.le", "GT.gt", "GE.ge"];

/// A simplifier over one elaboration context.
pub struct Simplifier<'c, 'a> {
    /// The context (goals, locals, metavariables).
    pub ctx: &'c mut Ctx<'a>,
    span: Span,
    use_default: bool,
    rules: Vec<(Option<Name>, Rule)>,
    unfold: HashSet<Name>,
    cache: HashMap<Expr, Step>,
    steps: u32,
}

impl<'c, 'a> Simplifier<'c, 'a> {
    /// A simplifier using the default simp set when `use_default` is set.
    pub fn new(ctx: &'c mut Ctx<'a>, span: Span, use_default: bool) -> Self {
        let mut s = Simplifier {
            ctx,
            span,
            use_default,
            rules: Vec::new(),
            unfold: HashSet::new(),
            cache: HashMap::new(),
            steps: 0,
        };
        if use_default {
            let meta = s.ctx.meta;
            for e in meta.simp_set.entries() {
                if let SimpEntry::Unfold(n) = e {
                    s.add_definition(n);
                }
            }
        }
        s
    }

    /// Adds a rewrite rule.
    pub fn add_rule(&mut self, rule: Rule) {
        let head = rules::rule_head(self.ctx, &rule);
        self.rules.push((head, rule));
        self.cache.clear();
    }

    /// Adds a definition: its equation lemmas when it has some, δ-unfolding otherwise.
    pub fn add_definition(&mut self, f: &Name) {
        let eqns = {
            let consts = &self.ctx.tc.table.consts;
            let mut out = Vec::new();
            let mut misses = 0;
            let mut i = 1;
            while misses < 4 {
                let mut found = false;
                let n = f.child(&format!("eq_{i}"));
                if consts.contains_key(&n) {
                    out.push(n);
                    found = true;
                }
                let mut k = 1;
                loop {
                    let n = f.child(&format!("eq_{i}_{k}"));
                    if !consts.contains_key(&n) {
                        break;
                    }
                    out.push(n);
                    found = true;
                    k += 1;
                }
                misses = if found { 0 } else { misses + 1 };
                i += 1;
            }
            out
        };
        if eqns.is_empty() {
            self.unfold.insert(f.clone());
        }
        for name in eqns {
            self.add_rule(Rule::Const {
                name,
                reverse: false,
            });
        }
        self.cache.clear();
    }

    /// Simplifies `e`.
    pub fn simp(&mut self, e: Expr) -> Result<Step> {
        let e = self.ctx.instantiate(e);
        self.visit(e)
    }

    fn tick(&mut self) -> Result<()> {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return Err(ElabError::invalid(
                self.span,
                format!("simp failed: more than {MAX_STEPS} steps (a lemma may loop)"),
            ));
        }
        Ok(())
    }

    fn visit(&mut self, e: Expr) -> Result<Step> {
        if let Some(s) = self.cache.get(&e) {
            return Ok(*s);
        }
        self.tick()?;
        self.ctx.enter(self.span)?;
        let r = self.visit_core(e);
        self.ctx.leave();
        let r = r?;
        self.cache.insert(e, r);
        Ok(r)
    }

    fn visit_core(&mut self, e: Expr) -> Result<Step> {
        let inner = self.congr(e)?;
        let Some(step) = self.post(inner.expr)? else {
            return Ok(inner);
        };
        let first = self.trans(e, inner, step)?;
        let rest = self.visit(first.expr)?;
        self.trans(e, first, rest)
    }

    /// Composes `e = a.expr` and `a.expr = b.expr`.
    fn trans(&mut self, e: Expr, a: Step, b: Step) -> Result<Step> {
        let proof = match (a.proof, b.proof) {
            (None, p) | (p, None) => p,
            (Some(h1), Some(h2)) => {
                let (ty, l) = proof::type_and_level(self.ctx, e, self.span)?;
                Some(proof::trans(
                    self.ctx, ty, &l, e, a.expr, b.expr, h1, h2, self.span,
                )?)
            }
        };
        Ok(Step {
            expr: b.expr,
            proof,
        })
    }

    /// Simplifies the immediate subterms of `e`.
    fn congr(&mut self, e: Expr) -> Result<Step> {
        match self.ctx.tc.store.node(e).clone() {
            Node::App(..) => self.congr_app(e),
            Node::Pi(n, _, d, b) => self.congr_pi(e, n, d, b),
            _ => Ok(Step::same(e)),
        }
    }

    fn congr_app(&mut self, e: Expr) -> Result<Step> {
        let (f, args) = self.ctx.tc.store.unfold_apps(e);
        if let Some(s) = self.congr_ite(e, f, &args)? {
            return Ok(s);
        }
        let span = self.span;
        let mut fty = self.ctx.infer(f, span)?;
        let mut old = f;
        let mut new = f;
        let mut hf: Option<Expr> = None;
        for &a in &args {
            if !matches!(self.ctx.tc.store.node(fty), Node::Pi(..)) {
                fty = self.ctx.whnf(fty, span)?;
            }
            let Node::Pi(_, bi, dom, body) = self.ctx.tc.store.node(fty).clone() else {
                return Ok(Step::same(e));
            };
            let dependent = self.ctx.tc.store.loose_range(body) > 0;
            let explicit = bi == cedrus_kernel::BinderInfo::Default;
            let s = if !dependent && explicit && !self.is_proof_type(dom)? {
                self.visit(a)?
            } else {
                Step::same(a)
            };
            let body_a = self.ctx.tc.store.instantiate1(body, a);
            hf = match (hf, s.proof) {
                (None, None) => None,
                (None, Some(h)) => {
                    let lu = proof::sort_level(self.ctx, dom, span)?;
                    let lv = proof::sort_level(self.ctx, body_a, span)?;
                    Some(app(
                        self.ctx,
                        "congrArg",
                        &[("u", &lu), ("v", &lv)],
                        &[dom, body_a, a, s.expr, new, h],
                        span,
                    )?)
                }
                (Some(h1), Some(h2)) => {
                    let lu = proof::sort_level(self.ctx, dom, span)?;
                    let lv = proof::sort_level(self.ctx, body_a, span)?;
                    Some(app(
                        self.ctx,
                        "Simp.congr",
                        &[("u", &lu), ("v", &lv)],
                        &[dom, body_a, old, new, a, s.expr, h1, h2],
                        span,
                    )?)
                }
                (Some(h1), None) => {
                    let lu = proof::sort_level(self.ctx, dom, span)?;
                    let lv = proof::sort_level(self.ctx, body_a, span)?;
                    let beta = self.ctx.store().lam("x", dom, body);
                    Some(app(
                        self.ctx,
                        "Simp.congrFun",
                        &[("u", &lu), ("v", &lv)],
                        &[dom, beta, old, new, h1, s.expr],
                        span,
                    )?)
                }
            };
            old = self.ctx.store().app(old, a);
            new = self.ctx.store().app(new, s.expr);
            fty = body_a;
        }
        Ok(Step {
            expr: new,
            proof: hf,
        })
    }

    fn is_proof_type(&mut self, ty: Expr) -> Result<bool> {
        let ty = self.ctx.instantiate(ty);
        self.ctx
            .tc
            .is_prop(ty)
            .map_err(|k| ElabError::kernel(self.span, k))
    }

    /// `ite c a b` whose condition simplifies to `True` or `False`.
    fn congr_ite(&mut self, e: Expr, f: Expr, args: &[Expr]) -> Result<Option<Step>> {
        if args.len() != 5 || !is_const(self.ctx, f, "ite") {
            return Ok(None);
        }
        let (ty, c, inst, t, el) = (args[0], args[1], args[2], args[3], args[4]);
        let sc = self.visit(c)?;
        let (lemma, chosen) = if is_const(self.ctx, sc.expr, "True") {
            ("Simp.ite_cond_eq_true", t)
        } else if is_const(self.ctx, sc.expr, "False") {
            ("Simp.ite_cond_eq_false", el)
        } else {
            return Ok(None);
        };
        let span = self.span;
        let h = match sc.proof {
            Some(h) => h,
            None => {
                let (p, l1) = proof::prop_sort(self.ctx);
                proof::refl(self.ctx, p, &l1, c, span)?
            }
        };
        let l = proof::sort_level(self.ctx, ty, span)?;
        let pf = app(
            self.ctx,
            lemma,
            &[("u", &l)],
            &[ty, c, inst, t, el, h],
            span,
        )?;
        let step = Step {
            expr: chosen,
            proof: Some(pf),
        };
        let rest = self.visit(chosen)?;
        Ok(Some(self.trans(e, step, rest)?))
    }

    /// Implications `p → q` and `∀ x, p x` between propositions.
    fn congr_pi(&mut self, e: Expr, n: Name, d: Expr, b: Expr) -> Result<Step> {
        let span = self.span;
        if !self.is_proof_type(e)? {
            return Ok(Step::same(e));
        }
        if self.ctx.tc.store.loose_range(b) == 0 && self.is_proof_type(d)? {
            let q = self.ctx.tc.store.lower(b, 1);
            let sp = self.visit(d)?;
            let sq = self.visit(q)?;
            let new = self.ctx.store().arrow(sp.expr, sq.expr);
            if sp.proof.is_none() && sq.proof.is_none() {
                return Ok(Step::same(new));
            }
            let (pr, l1) = proof::prop_sort(self.ctx);
            let hp = match sp.proof {
                Some(h) => h,
                None => proof::refl(self.ctx, pr, &l1, d, span)?,
            };
            let hq = match sq.proof {
                Some(h) => h,
                None => proof::refl(self.ctx, pr, &l1, q, span)?,
            };
            let pf = app(
                self.ctx,
                "Simp.implies_congr",
                &[],
                &[d, sp.expr, q, sq.expr, hp, hq],
                span,
            )?;
            return Ok(Step {
                expr: new,
                proof: Some(pf),
            });
        }
        let x = self.ctx.tc.fresh_local(n.clone(), d);
        let body = self.ctx.tc.store.instantiate1(b, x);
        let sb = self.visit(body)?;
        let nb = self.ctx.tc.store.abstract_fvars(sb.expr, &[x]);
        let new = self.ctx.store().pi(n.clone(), d, nb);
        let Some(h) = sb.proof else {
            return Ok(Step::same(new));
        };
        let lu = proof::sort_level(self.ctx, d, span)?;
        let pl = self.ctx.store().lam(n.clone(), d, b);
        let ql = self.ctx.store().lam(n, d, nb);
        let hl = self.ctx.abstract_locals(true, &[x], h);
        let pf = app(
            self.ctx,
            "Simp.forall_congr",
            &[("u", &lu)],
            &[d, pl, ql, hl],
            span,
        )?;
        Ok(Step {
            expr: new,
            proof: Some(pf),
        })
    }

    /// One rewrite at the root of `e`, if any applies.
    fn post(&mut self, e: Expr) -> Result<Option<Step>> {
        if let Some(s) = self.rewrite(e)? {
            return Ok(Some(s));
        }
        let span = self.span;
        let w = self
            .ctx
            .tc
            .whnf_core(e)
            .map_err(|k| ElabError::kernel(span, k))?;
        if w != e && !self.is_stuck(w) {
            return Ok(Some(Step::same(w)));
        }
        let head = self.ctx.tc.store.head_const(e).map(|(n, _)| n.clone());
        let Some(head) = head else {
            return Ok(None);
        };
        if let Some(s) = self.unfold_head(e, &head)? {
            return Ok(Some(s));
        }
        if let Some(s) = self.eq_self(e, &head)? {
            return Ok(Some(s));
        }
        if let Some(s) = super::ctor::ctor_eq(self.ctx, e, span)? {
            return Ok(Some(s));
        }
        if let Some(s) = self.literal(e, &head)? {
            return Ok(Some(s));
        }
        self.decide(e, &head)
    }

    /// Tries the rules (the given ones, then the default set) at the root of `e`.
    fn rewrite(&mut self, e: Expr) -> Result<Option<Step>> {
        let head = self.ctx.tc.store.head_const(e).map(|(n, _)| n.clone());
        let mut candidates: Vec<Rule> = self
            .rules
            .iter()
            .filter(|(h, _)| h.is_none() || *h == head)
            .map(|(_, r)| r.clone())
            .collect();
        if self.use_default {
            let meta = self.ctx.meta;
            for entry in meta.simp_set.candidates(head.as_ref()) {
                if let SimpEntry::Lemma(name) = entry {
                    candidates.push(Rule::Const {
                        name: name.clone(),
                        reverse: false,
                    });
                }
            }
        }
        for r in candidates {
            if let Some(s) = self.try_rule(&r, e)? {
                if s.expr != e {
                    return Ok(Some(s));
                }
            }
        }
        Ok(None)
    }

    fn try_rule(&mut self, rule: &Rule, e: Expr) -> Result<Option<Step>> {
        let snap = self.ctx.snapshot();
        let r = self.try_rule_core(rule, e);
        match r {
            Ok(Some(s)) => Ok(Some(s)),
            Ok(None) => {
                self.ctx.restore(snap);
                Ok(None)
            }
            Err(err) => {
                self.ctx.restore(snap);
                Err(err)
            }
        }
    }

    fn try_rule_core(&mut self, rule: &Rule, e: Expr) -> Result<Option<Step>> {
        let span = self.span;
        // Universe metavariables of the goal itself (auto-bound universes) may appear in
        // the proof; only the lemma's own universes must be determined by the match.
        let known_levels: Vec<Name> = self.ctx.lmvars.keys().cloned().collect();
        let Some(o) = rules::open(self.ctx, rule, span)? else {
            return Ok(None);
        };
        if !rules::pmatch(self.ctx, o.lhs, e, span)? {
            return Ok(None);
        }
        if !self.fill_arguments(&o)? {
            return Ok(None);
        }
        let rhs = self.ctx.instantiate(o.rhs);
        let pf = self.ctx.instantiate(o.proof);
        if !self.ctx.unassigned_in(rhs).is_empty()
            || !self.ctx.unassigned_in(pf).is_empty()
            || self
                .ctx
                .level_mvars_in(pf)
                .iter()
                .any(|l| !known_levels.contains(l))
        {
            return Ok(None);
        }
        if rules::is_permutation(self.ctx, &o) && rhs.index() >= e.index() {
            return Ok(None);
        }
        let proof = self.rule_proof(&o, e, rhs, pf)?;
        Ok(Some(Step {
            expr: rhs,
            proof: Some(proof),
        }))
    }

    /// Instances by search, propositions by simplification to `True`.
    fn fill_arguments(&mut self, o: &Opened) -> Result<bool> {
        let span = self.span;
        for &(m, bi) in &o.mvars {
            if !self.ctx.is_unassigned(m) {
                continue;
            }
            let Some(ty) = self.ctx.mvars.get(&m).map(|i| i.ty) else {
                return Ok(false);
            };
            let ty = self.ctx.instantiate(ty);
            if bi == cedrus_kernel::BinderInfo::InstImplicit {
                match self.ctx.synth(ty, 0)? {
                    Some(v) => self.ctx.assign(m, v),
                    None => return Ok(false),
                }
                continue;
            }
            if !self.ctx.unassigned_in(ty).is_empty() {
                return Ok(false);
            }
            if !self.is_proof_type(ty)? {
                // An argument the statement does not use (equation lemmas of a definition
                // by `match` keep the discriminant): any value of its type will do.
                if !self.fill_unused(o, m, ty)? {
                    return Ok(false);
                }
                continue;
            }
            let s = self.visit(ty)?;
            if !is_const(self.ctx, s.expr, "True") {
                return Ok(false);
            }
            let v = match s.proof {
                Some(h) => app(self.ctx, "Simp.of_eq_true", &[], &[ty, h], span)?,
                None => self.ctx.store().cnst("True.intro", Vec::new()),
            };
            self.ctx.assign(m, v);
        }
        Ok(true)
    }

    /// Assigns `m : ty`, which neither side of the rule mentions, the value of another
    /// argument of the same type.
    fn fill_unused(&mut self, o: &Opened, m: Expr, ty: Expr) -> Result<bool> {
        let lhs = self.ctx.instantiate(o.lhs);
        let rhs = self.ctx.instantiate(o.rhs);
        let s = &self.ctx.tc.store;
        if s.any_subterm(lhs, &mut |_, x| x == m) || s.any_subterm(rhs, &mut |_, x| x == m) {
            return Ok(false);
        }
        for &(other, _) in &o.mvars {
            if other == m || self.ctx.is_unassigned(other) {
                continue;
            }
            let v = self.ctx.instantiate(other);
            let vty = self.ctx.infer(v, self.span)?;
            let snap = self.ctx.snapshot();
            if self.ctx.unify(vty, ty)? {
                self.ctx.assign(m, v);
                return Ok(true);
            }
            self.ctx.restore(snap);
        }
        Ok(false)
    }

    /// A proof of `e = rhs` from the instantiated proof of an opened rule.
    fn rule_proof(&mut self, o: &Opened, e: Expr, rhs: Expr, pf: Expr) -> Result<Expr> {
        let span = self.span;
        let lhs = self.ctx.instantiate(o.lhs);
        // The sides as the rule states them.
        let (l, r) = if o.reverse { (rhs, lhs) } else { (lhs, rhs) };
        let stated = match o.shape {
            RuleShape::Eq => pf,
            RuleShape::Iff => app(self.ctx, "propext", &[], &[l, r, pf], span)?,
            RuleShape::Not | RuleShape::Ne => app(self.ctx, "Simp.eq_false", &[], &[l, pf], span)?,
            RuleShape::Prop => app(self.ctx, "Simp.eq_true", &[], &[l, pf], span)?,
        };
        if !o.reverse {
            return Ok(stated);
        }
        let (ty, lv): (Expr, Level) = match o.shape {
            RuleShape::Eq => proof::type_and_level(self.ctx, e, span)?,
            _ => proof::prop_sort(self.ctx),
        };
        proof::symm(self.ctx, ty, &lv, l, r, stated, span)
    }

    /// Whether `e` is a recursor application that did not reduce.
    fn is_stuck(&self, e: Expr) -> bool {
        match self.ctx.tc.store.head_const(e) {
            Some((n, _)) => {
                rules::is_recursor(self.ctx, n)
                    || n.as_str().ends_with(".casesOn")
                    || n.as_str().ends_with(".brecOn")
            }
            None => false,
        }
    }

    /// δ-unfolds the requested definitions, and `match` auxiliaries, when the result
    /// reduces (ι) rather than getting stuck on a variable.
    fn unfold_head(&mut self, e: Expr, head: &Name) -> Result<Option<Step>> {
        let last = head.as_str().rsplit('.').next().unwrap_or("");
        if !self.unfold.contains(head) && !last.starts_with("match_") {
            return Ok(None);
        }
        let Some(u) = self.ctx.tc.unfold_definition(e) else {
            return Ok(None);
        };
        let span = self.span;
        let w = self
            .ctx
            .tc
            .whnf_core(u)
            .map_err(|k| ElabError::kernel(span, k))?;
        if self.is_stuck(w) {
            return Ok(None);
        }
        Ok(Some(Step::same(w)))
    }

    /// `a = a` is `True` (also under `simp only`).
    fn eq_self(&mut self, e: Expr, head: &Name) -> Result<Option<Step>> {
        if head.as_str() != "Eq" {
            return Ok(None);
        }
        let (h, args) = self.ctx.tc.store.unfold_apps(e);
        if args.len() != 3 || args[1] != args[2] {
            return Ok(None);
        }
        let ls = rules::const_levels(self.ctx, h);
        let Some(l) = ls.first() else {
            return Ok(None);
        };
        let pf = app(
            self.ctx,
            "eq_self",
            &[("u", l)],
            &[args[0], args[1]],
            self.span,
        )?;
        let t = proof::prop_const(self.ctx, "True");
        Ok(Some(Step {
            expr: t,
            proof: Some(pf),
        }))
    }

    /// Nat arithmetic and comparisons on literals.
    fn literal(&mut self, e: Expr, head: &Name) -> Result<Option<Step>> {
        if !LITERAL_OPS.contains(&head.as_str()) {
            return Ok(None);
        }
        let (_, args) = self.ctx.tc.store.unfold_apps(e);
        let lits = args
            .iter()
            .rev()
            .take(if head.as_str() == "Nat.succ" { 1 } else { 2 })
            .all(|&a| {
                matches!(
                    self.ctx.tc.store.node(a),
                    Node::Lit(cedrus_kernel::Literal::Nat(_))
                )
            });
        if !lits || args.is_empty() {
            return Ok(None);
        }
        let span = self.span;
        let w = self.ctx.whnf(e, span)?;
        let done = match self.ctx.tc.store.node(w) {
            Node::Lit(_) => true,
            Node::Const(n, _) => n.as_str() == "Bool.true" || n.as_str() == "Bool.false",
            _ => false,
        };
        Ok(done.then(|| Step::same(w)))
    }

    /// `decide p` and the relations `=`, `≠`, `<`, `≤` on closed terms, by evaluation.
    fn decide(&mut self, e: Expr, head: &Name) -> Result<Option<Step>> {
        if self.ctx.tc.store.has_fvar(e) {
            return Ok(None);
        }
        let span = self.span;
        if head.as_str() == "decide" {
            let w = self.ctx.whnf(e, span)?;
            let b = matches!(self.ctx.tc.store.node(w),
                Node::Const(n, _) if n.as_str() == "Bool.true" || n.as_str() == "Bool.false");
            return Ok(b.then(|| Step::same(w)));
        }
        if !DECIDED_RELS.contains(&head.as_str()) {
            return Ok(None);
        }
        let dec = self.ctx.store().cnst("Decidable", Vec::new());
        let dty = self.ctx.store().app(dec, e);
        let snap = self.ctx.snapshot();
        let Some(inst) = self.ctx.synth(dty, 0)? else {
            self.ctx.restore(snap);
            return Ok(None);
        };
        let inst = self.ctx.instantiate(inst);
        let d = app(self.ctx, "decide", &[], &[e, inst], span)?;
        let w = match self.ctx.tc.whnf(d) {
            Ok(w) => w,
            Err(_) => return Ok(None),
        };
        let (lemma, result, b) = if is_const(self.ctx, w, "Bool.true") {
            ("Simp.eq_true_of_decide", "True", "Bool.true")
        } else if is_const(self.ctx, w, "Bool.false") {
            ("Simp.eq_false_of_decide", "False", "Bool.false")
        } else {
            return Ok(None);
        };
        let bool_ty = self.ctx.store().cnst("Bool", Vec::new());
        let bv = self.ctx.store().cnst(b, Vec::new());
        let one = Level::one();
        let h = proof::refl(self.ctx, bool_ty, &one, bv, span)?;
        let pf = app(self.ctx, lemma, &[], &[e, inst, h], span)?;
        let r = proof::prop_const(self.ctx, result);
        Ok(Some(Step {
            expr: r,
            proof: Some(pf),
        }))
    }
}
