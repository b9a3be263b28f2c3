//! `match` before the pattern-match compiler: one discriminant of an inductive type
//! without indices (mutual and nested types included), alternatives whose patterns are a
//! constructor applied to variables (or `_`), or a variable / `_` catching the remaining
//! constructors. The term is built from the type's recursor with a non-dependent motive
//! `fun _ => T`; the motives of the other types of a mutual or nested block are
//! `fun _ => T → T`, with identity minor premises.
//! Anything else goes to the pattern-match compiler (see [`super::equations`]).

use cedrus_kernel::{BinderInfo, ConstantKind, Expr, Level, Name, Node};

use super::ctx::Ctx;
use super::error::{ElabError, Result};
use crate::syntax::{Discriminant, MatchAlt, Pattern, PatternKind, Span};

/// What one alternative matches.
enum AltShape<'p> {
    /// A constructor applied to variable names (`None` for `_`).
    Ctor(Name, Vec<Option<&'p str>>),
    /// Anything, optionally bound to a name.
    Any(Option<&'p str>),
}

/// Whether the simple `match` of this module handles a pattern (a variable, `_`, a
/// constructor applied to variables, `0` or `n + 1`).
pub fn is_simple_pattern(p: &Pattern) -> bool {
    let var = |p: &Pattern| match &p.kind {
        PatternKind::Wildcard => true,
        PatternKind::Ident(n) => !n.contains('.'),
        _ => false,
    };
    match &p.kind {
        PatternKind::Wildcard
        | PatternKind::Ident(_)
        | PatternKind::DotIdent(_)
        | PatternKind::Explicit(_) => true,
        PatternKind::App(_, args) => args.iter().all(var),
        PatternKind::AnonCtor(items) => !items.is_empty() && items.iter().all(var),
        PatternKind::Tuple(items) => items.len() == 2 && items.iter().all(var),
        PatternKind::Num(v) => v == "0",
        PatternKind::Notation(n, args) => {
            n.atoms().eq(["+"])
                && args.first().is_some_and(var)
                && matches!(args.get(1).map(|a| &a.kind), Some(PatternKind::Num(one)) if one == "1")
        }
        _ => false,
    }
}

impl Ctx<'_> {
    fn pattern_var<'p>(&self, p: &'p Pattern) -> Result<Option<&'p str>> {
        match &p.kind {
            PatternKind::Wildcard => Ok(None),
            PatternKind::Ident(n) if !n.contains('.') => Ok(Some(n.as_str())),
            _ => Err(ElabError::unsupported(
                p.span,
                "nested patterns need the pattern-match compiler",
            )),
        }
    }

    fn ctor_of(&self, ind: &Name, ctors: &[Name], n: &str) -> Option<Name> {
        let cand = ind.child(n);
        if ctors.contains(&cand) {
            return Some(cand);
        }
        self.resolve_const(n).filter(|c| ctors.contains(c))
    }

    fn alt_shape<'p>(&self, p: &'p Pattern, ind: &Name, ctors: &[Name]) -> Result<AltShape<'p>> {
        match &p.kind {
            PatternKind::Wildcard => Ok(AltShape::Any(None)),
            PatternKind::Ident(n) | PatternKind::DotIdent(n) | PatternKind::Explicit(n) => {
                match self.ctor_of(ind, ctors, n) {
                    Some(c) => Ok(AltShape::Ctor(c, Vec::new())),
                    None if matches!(p.kind, PatternKind::Ident(_)) && !n.contains('.') => {
                        Ok(AltShape::Any(Some(n)))
                    }
                    None => Err(ElabError::invalid(
                        p.span,
                        format!("`{n}` is not a constructor of `{ind}`"),
                    )),
                }
            }
            PatternKind::App(h, args) => {
                let n = match &h.kind {
                    PatternKind::Ident(n) | PatternKind::DotIdent(n) | PatternKind::Explicit(n) => {
                        n
                    }
                    _ => return Err(ElabError::invalid(h.span, "constructor expected")),
                };
                let Some(c) = self.ctor_of(ind, ctors, n) else {
                    return Err(ElabError::invalid(
                        h.span,
                        format!("`{n}` is not a constructor of `{ind}`"),
                    ));
                };
                let vars = args
                    .iter()
                    .map(|a| self.pattern_var(a))
                    .collect::<Result<Vec<_>>>()?;
                Ok(AltShape::Ctor(c, vars))
            }
            // `⟨a, b⟩` and `(a, b)` on a type with one constructor.
            PatternKind::AnonCtor(items) | PatternKind::Tuple(items)
                if ctors.len() == 1 && !items.is_empty() =>
            {
                let vars = items
                    .iter()
                    .map(|a| self.pattern_var(a))
                    .collect::<Result<Vec<_>>>()?;
                Ok(AltShape::Ctor(ctors[0].clone(), vars))
            }
            // `0` and `n + 1` on `Nat`.
            PatternKind::Num(v) if ind.as_str() == "Nat" && v.as_str() == "0" => {
                Ok(AltShape::Ctor(Name::new("Nat.zero"), Vec::new()))
            }
            PatternKind::Notation(n, args)
                if ind.as_str() == "Nat"
                    && n.atoms().eq(["+"])
                    && matches!(args.get(1).map(|a| &a.kind), Some(PatternKind::Num(one)) if one == "1") =>
            {
                let v = match args.first() {
                    Some(a) => self.pattern_var(a)?,
                    None => None,
                };
                Ok(AltShape::Ctor(Name::new("Nat.succ"), vec![v]))
            }
            _ => Err(ElabError::unsupported(
                p.span,
                "this pattern needs the pattern-match compiler",
            )),
        }
    }

    /// Elaborates `match d with alts` (see the module documentation for what is handled).
    pub(crate) fn elab_match(
        &mut self,
        ds: &[Discriminant],
        alts: &[MatchAlt],
        expected: Option<Expr>,
        span: Span,
    ) -> Result<Expr> {
        let [d] = ds else {
            return Err(ElabError::unsupported(
                span,
                "`match` on several values needs the pattern-match compiler",
            ));
        };
        let de = self.elab(&d.term, None)?;
        let dt = self.infer(de, d.term.span)?;
        let dt = self.whnf(dt, d.term.span)?;
        let (head, args) = self.tc.store.unfold_apps(dt);
        let (ind, ind_levels) = match self.tc.store.node(head) {
            Node::Const(n, ls) => (n.clone(), ls.clone()),
            _ => {
                let t = self.pp(dt);
                return Err(ElabError::invalid(
                    d.term.span,
                    format!("cannot match on a value of type `{t}`"),
                ));
            }
        };
        let Some(ConstantKind::Inductive(info)) =
            self.tc.table.consts.get(&ind).map(|c| c.kind.clone())
        else {
            let t = self.pp(dt);
            return Err(ElabError::invalid(
                d.term.span,
                format!("cannot match on a value of type `{t}` (not an inductive type)"),
            ));
        };
        if info.num_indices > 0 {
            return Err(ElabError::unsupported(
                span,
                "matching on indexed families needs the pattern-match compiler",
            ));
        }
        let params = args[..(info.num_params as usize).min(args.len())].to_vec();
        let rec_name = ind.child("rec");
        let Some(rec_info) = self.tc.table.consts.get(&rec_name).cloned() else {
            return Err(ElabError::invalid(span, format!("`{rec_name}` is missing")));
        };
        let ConstantKind::Recursor(rinfo) = rec_info.kind.clone() else {
            return Err(ElabError::invalid(
                span,
                format!("`{rec_name}` is not a recursor"),
            ));
        };
        let motive_ty = match expected {
            Some(e) => e,
            None => self.new_type_mvar(span, "the type of the `match`"),
        };
        let mut shapes = Vec::new();
        for a in alts {
            let [p] = a.patterns.as_slice() else {
                return Err(ElabError::invalid(a.span, "expected one pattern"));
            };
            shapes.push(self.alt_shape(p, &ind, &info.ctors)?);
        }
        // Choose, for each constructor, the first alternative covering it.
        let mut chosen = Vec::new();
        let mut used = vec![false; alts.len()];
        for c in &info.ctors {
            let Some(k) = shapes.iter().position(|s| match s {
                AltShape::Ctor(n, _) => n == c,
                AltShape::Any(_) => true,
            }) else {
                return Err(ElabError::invalid(
                    span,
                    format!("missing case: `{c}` is not covered by the `match`"),
                ));
            };
            used[k] = true;
            chosen.push(k);
        }
        if let Some(k) = used.iter().position(|u| !u) {
            return Err(ElabError::invalid(alts[k].span, "redundant alternative"));
        }
        // Universe of the motive.
        let mt = self.instantiate(motive_ty);
        let mty = self.infer(mt, span)?;
        let mty = self.whnf(mty, span)?;
        let lvl = match self.tc.store.node(mty) {
            Node::Sort(l) => l.clone(),
            _ => self.new_level_mvar(),
        };
        let mut levels: Vec<Level> = Vec::new();
        if rec_info.lparams.len() > ind_levels.len() {
            levels.push(lvl);
        }
        levels.extend(ind_levels.iter().cloned());
        // Walk the recursor's type: parameters, motives, minor premises.
        let mut rty = self
            .tc
            .store
            .instantiate_levels(rec_info.ty, &rec_info.lparams, &levels);
        for &p in &params {
            let Node::Pi(_, _, _, b) = self.tc.store.node(rty).clone() else {
                return Err(ElabError::invalid(span, "malformed recursor type"));
            };
            rty = self.tc.store.instantiate1(b, p);
        }
        let ours = rinfo.all.iter().position(|n| *n == ind).unwrap_or(0);
        let mut motive_vars = Vec::new();
        let mut motives = Vec::new();
        for k in 0..rinfo.num_motives as usize {
            let Node::Pi(n, _, dom, b) = self.tc.store.node(rty).clone() else {
                return Err(ElabError::invalid(span, "malformed recursor type"));
            };
            let m = self.tc.fresh_local(n, dom);
            motive_vars.push(m);
            // `fun is x => T` for ours, `fun is x => T → T` for the others.
            // When the discriminant is a local the type mentions, the motive abstracts
            // it (dependent elimination): `fun x => T[d := x]`.
            let dependent = k == ours
                && matches!(self.tc.store.node(de), Node::FVar(_))
                && !self.is_mvar(de)
                && !self.let_vals.contains_key(&de)
                && self.tc.store.any_subterm(mt, &mut |_, x| x == de);
            if dependent {
                let Node::Pi(xn, _, xd, _) = self.tc.store.node(dom).clone() else {
                    return Err(ElabError::invalid(span, "malformed recursor type"));
                };
                let body = self.tc.store.abstract_fvars(mt, &[de]);
                motives.push(self.tc.store.lam(xn, xd, body));
            } else {
                let body = if k == ours {
                    mt
                } else {
                    let lifted = self.tc.store.lift(mt, 1);
                    self.tc.store.pi("t", mt, lifted)
                };
                motives.push(self.lambda_over_telescope(dom, body));
            }
            rty = self.tc.store.instantiate1(b, m);
        }
        let mut minors = Vec::new();
        let mut next_ctor = 0;
        for _ in 0..rinfo.num_minors {
            let Node::Pi(_, _, dom, b) = self.tc.store.node(rty).clone() else {
                return Err(ElabError::invalid(span, "malformed recursor type"));
            };
            rty = b;
            let abs = self.tc.store.abstract_fvars(dom, &motive_vars);
            let dom = self.tc.store.instantiate_rev(abs, &motives);
            let mut tail = dom;
            while let Node::Pi(_, _, _, b) = self.tc.store.node(tail) {
                tail = *b;
            }
            let target = self.tc.store.app_fn(tail);
            let is_ours = Some(&target) == motives.get(ours);
            if is_ours {
                let c = info
                    .ctors
                    .get(next_ctor)
                    .cloned()
                    .unwrap_or_else(Name::anonymous);
                let k = chosen.get(next_ctor).copied().unwrap_or(0);
                next_ctor += 1;
                let m = self.match_minor(&c, dom, &shapes[k], &alts[k], de)?;
                minors.push(m);
            } else {
                let v = self.tc.store.bvar(0);
                let id = self.tc.store.lam("t", mt, v);
                minors.push(self.lambda_over_telescope(dom, id));
            }
        }
        let rec = self.store().cnst(rec_name, levels);
        let mut all = params;
        all.extend(motives);
        all.extend(minors);
        all.push(de);
        Ok(self.store().apps(rec, &all))
    }

    /// `fun (binders of the Π telescope ty) => body`, where `body` is closed over the
    /// telescope (it is lifted under the binders).
    fn lambda_over_telescope(&mut self, ty: Expr, body: Expr) -> Expr {
        let mut binders = Vec::new();
        let mut t = ty;
        while let Node::Pi(n, bi, d, b) = self.tc.store.node(t).clone() {
            binders.push((n, bi, d));
            t = b;
        }
        let mut r = self.tc.store.lift(body, binders.len() as u32);
        for (n, bi, d) in binders.into_iter().rev() {
            r = self.tc.store.lam_with(n, bi, d, r);
        }
        r
    }

    /// The minor premise for constructor `ctor`, whose type (with the motives
    /// substituted) is `minor_ty`: `fun fields ihs => rhs`.
    fn match_minor(
        &mut self,
        ctor: &Name,
        minor_ty: Expr,
        shape: &AltShape,
        alt: &MatchAlt,
        discr: Expr,
    ) -> Result<Expr> {
        let n0 = self.locals.len();
        let (num_fields, ctor_ty) = match self.tc.table.consts.get(ctor).map(|c| (&c.kind, c.ty)) {
            Some((ConstantKind::Constructor(ci), ty)) => (ci.num_fields as usize, ty),
            _ => return Err(ElabError::invalid(alt.span, format!("`{ctor}` is missing"))),
        };
        // Which fields are explicit (named by the pattern's variables).
        let mut explicit = Vec::new();
        let mut t = ctor_ty;
        while let Node::Pi(_, bi, _, b) = self.tc.store.node(t) {
            explicit.push(*bi == BinderInfo::Default);
            t = *b;
        }
        let explicit = explicit[explicit.len().saturating_sub(num_fields)..].to_vec();
        let names: Vec<Option<&str>> = match shape {
            AltShape::Ctor(_, vs) => vs.clone(),
            AltShape::Any(_) => Vec::new(),
        };
        let n_explicit = explicit.iter().filter(|e| **e).count();
        if matches!(shape, AltShape::Ctor(..)) && n_explicit != names.len() {
            return Err(ElabError::invalid(
                alt.span,
                format!(
                    "`{ctor}` takes {n_explicit} explicit arguments, the pattern gives {}",
                    names.len()
                ),
            ));
        }
        let mut bound = Vec::new();
        let mut t = minor_ty;
        let mut explicit_i = 0;
        let mut i = 0;
        while let Node::Pi(bn, _, dom, body) = self.tc.store.node(t).clone() {
            let x = if i < num_fields {
                let name = if explicit.get(i).copied().unwrap_or(false) {
                    let n = names.get(explicit_i).copied().flatten();
                    explicit_i += 1;
                    n.map(str::to_string)
                } else {
                    None
                };
                let local_name = name.unwrap_or_else(|| format!("{}✝{i}", bn.as_str()));
                self.push_local(&local_name, dom, BinderInfo::Default)
            } else {
                self.tc.fresh_local(Name::new(&format!("ih✝{i}")), dom)
            };
            bound.push(x);
            t = self.tc.store.instantiate1(body, x);
            i += 1;
        }
        // The type of this case: the motive applied to the constructor.
        let motive_ty = super::ctx::head_beta(self.tc.store, t);
        let rhs = if let AltShape::Any(Some(v)) = shape {
            let dt = self.infer(discr, alt.span)?;
            let x = self.push_local(v, dt, BinderInfo::Default);
            self.let_vals.insert(x, discr);
            let rhs = self.elab_check(&alt.rhs, motive_ty)?;
            self.synth_pending(false)?;
            self.close(true, &[x], rhs)
        } else {
            let rhs = self.elab_check(&alt.rhs, motive_ty)?;
            self.synth_pending(false)?;
            rhs
        };
        let r = self.close(true, &bound, rhs);
        self.pop_locals(n0);
        Ok(r)
    }
}
