//! Pattern-match compilation and structural recursion, on kernel terms.
//!
//! The elaborator hands over definitions by equations ([`EqnDef`]): a closed function
//! type and ordered equations whose patterns ([`Pat`]) and right-hand sides are kernel
//! terms over the equation's pattern variables ([`LocalVar`], free variables with their
//! types; the free-variable ids may come from any local context, they are renamed here).
//! Recursive calls appear as `Const(f, levels)` applied to arguments. [`compile()`] turns
//! them into ordinary kernel definitions and adds them with [`Environment::add`], which
//! re-checks everything:
//!
//! * **Matching** ([`compile`](mod@compile) module): a decision tree over `T.casesOn`
//!   ([`cases`]), first matching equation wins, nested and overlapping patterns, Nat
//!   literals and `n + 1` (as `Nat.succ`), inaccessible patterns. Missing cases give
//!   [`MatchError::Missing`] with printed examples; an equation used by no case gives
//!   [`MatchError::Redundant`] (as in Lean, an error). `T.casesOn` is generated once per
//!   type and added to the environment.
//! * **Structural recursion** ([`structural`]): a decreasing argument is searched among
//!   the arguments of inductive type, in order (all combinations for a mutual group), as
//!   Lean does. The function is compiled through the recursors with a course-of-values
//!   table (`below`, built inline from `T.rec` with `PProd`/`PUnit`, Lean's technique),
//!   so calls on any structurally smaller value reached by the patterns are allowed
//!   (`f (x :: y :: xs) = … f xs …`). Mutual groups recurse over a mutual block, or over
//!   one type (`isEven`/`isOdd` on `Nat`: the results are then tupled); nested
//!   inductives work through the auxiliary recursors (`Tree.rec_1` for `List Tree`). A
//!   call on anything else is [`MatchError::NotStructural`], naming the call.
//! * **Equation lemmas** ([`equations`]): `f.eq_i : ∀ vars, f pats = rhs` proved by
//!   `Eq.refl`, added (and so checked) by the kernel. A lemma that does not hold by
//!   definitional unfolding (an equation shadowed in part by an earlier overlapping one,
//!   e.g. `f n = …` after `f 0 = …`) is not added; its index is reported in
//!   [`Compiled::unproved_equations`] and, as Lean splits such equations, one lemma per
//!   case of the decision tree where it applies is added instead
//!   ([`Compiled::case_lemmas`], `f.eq_<i>_<k> : ∀ n, f (n + 1) = …`).
//! * **Evaluation terms** ([`Compiled::eval_value`]): for a recursive group, each
//!   function's decision tree is also built with its recursive calls left as direct
//!   references to the functions, for the evaluator to run the equations directly
//!   rather than through the course-of-values tables. These terms are never given to
//!   the kernel (they are not well-founded) and are trusted by nothing.
//!
//! Indexed families (`Vector α n`, `Even n`) can be matched when the scrutinee's indices
//! are distinct local variables: they are generalised in the motive and replaced by each
//! constructor's indices. Limits ([`MatchError::Unsupported`]): indices that are not
//! distinct variables (no unification, no `noConfusion` for impossible cases), splitting
//! a variable after it was refined to a non-variable term, and structural recursion over
//! a `Prop` or through function-typed recursive fields (calls through them are reported
//! as not structural). Structural recursion over an indexed family works when the
//! decreasing argument's indices are distinct, non-fixed arguments
//! (`Vector.toList α n v`). No `f.match_n` auxiliary definitions are generated: the
//! decision tree is inlined. The environment must contain `Eq` for the lemmas, and
//! `PUnit`/`PProd` (Lean core shapes) for recursion and for `casesOn` of mutual or nested
//! types.

mod brec;
pub mod cases;
pub mod compile;
pub mod equations;
pub mod error;
pub mod pattern;
pub mod structural;
#[cfg(test)]
mod testlib;

pub use cases::ensure_cases_on;
pub use error::MatchError;
pub use pattern::Pat;

use cedrus_kernel::tc::TypeChecker;
use cedrus_kernel::{
    ConstantKind, Declaration, Environment, Expr, Level, Name, Node, ReducibilityHints,
};
use compile::{Alt, CaseLemma, Matcher, Problem};

/// A source span (byte offsets), carried into errors.
pub type Span = (usize, usize);

/// A pattern variable: a free variable with its binder name and type (which may mention
/// earlier variables of the same equation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalVar {
    /// The free variable as it occurs in patterns and right-hand side.
    pub fvar: Expr,
    /// Binder name (for lemmas and messages).
    pub name: Name,
    /// Its type.
    pub ty: Expr,
}

/// One equation `f pats = rhs`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Equation {
    /// Variables bound by the patterns, in binding order.
    pub vars: Vec<LocalVar>,
    /// One pattern per argument of the function type (parameters included).
    pub patterns: Vec<Pat>,
    /// The right-hand side.
    pub rhs: Expr,
    /// Source span, for errors.
    pub span: Span,
}

/// A definition by equations (a `match` in a body is an auxiliary `EqnDef`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EqnDef {
    /// Name of the function.
    pub name: Name,
    /// Universe parameters.
    pub lparams: Vec<Name>,
    /// Its closed type `(xs : As) → R`.
    pub fn_type: Expr,
    /// Equations, in order (the first matching one wins).
    pub equations: Vec<Equation>,
}

/// An equation lemma added to the environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EquationLemma {
    /// Its name, `f.eq_<i>` (1-based, by equation).
    pub name: Name,
    /// Statement `∀ vars, f pats = rhs`.
    pub statement: Expr,
    /// Proof (`fun vars => Eq.refl (f pats)`).
    pub proof: Expr,
}

/// A compiled and added definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Compiled {
    /// Its name.
    pub name: Name,
    /// The kernel value added.
    pub value: Expr,
    /// The decreasing argument, for a recursive definition.
    pub decreasing: Option<usize>,
    /// For a recursive definition, its *evaluation term*: the same decision tree whose
    /// recursive calls are direct references `f.{us} args` to the function and its
    /// siblings (the term before the structural encoding). It is not well-founded as a
    /// kernel term, is never checked by the kernel and is untrusted: it only serves the
    /// evaluator, which runs it in place of [`Compiled::value`]. `None` when `value` is
    /// already the plain decision tree (non-recursive definitions), or when the tree
    /// could not be rebuilt.
    pub eval_value: Option<Expr>,
    /// Equation lemmas that the kernel accepted.
    pub equation_lemmas: Vec<EquationLemma>,
    /// Equations (0-based) whose lemma does not hold by `Eq.refl` and was not added.
    pub unproved_equations: Vec<usize>,
    /// For those equations, one lemma per case of the decision tree that uses them
    /// (`f.eq_<i>_<k>`: the arguments refined along the path, e.g. `zip (x :: xs) [] = []`).
    pub case_lemmas: Vec<EquationLemma>,
}

/// Compiles a definition by equations, or a mutual group (`defs.len() > 1`), adds the
/// definitions and their equation lemmas to `env`, and returns what was added.
///
/// Every generated declaration (`T.casesOn`, the functions, `f.eq_i`) goes through
/// [`Environment::add`]. On error nothing but `casesOn` definitions has been added.
pub fn compile(env: &mut Environment, defs: &[EqnDef]) -> Result<Vec<Compiled>, MatchError> {
    // The compiler recurses along decision trees and right-hand sides (both bounded):
    // give it a stack that makes the bounds safe, as the kernel does for checking.
    let result = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("cedrus-matchc".into())
            .stack_size(COMPILE_STACK_BYTES)
            .spawn_scoped(scope, || compile_here(env, defs))
            .map(|h| h.join())
    });
    match result {
        Ok(Ok(r)) => r,
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(_) => compile_here(env, defs),
    }
}

/// Stack size of the compiling thread.
const COMPILE_STACK_BYTES: usize = 64 << 20;

fn compile_here(env: &mut Environment, defs: &[EqnDef]) -> Result<Vec<Compiled>, MatchError> {
    let Some(first) = defs.first() else {
        return Err(MatchError::Malformed {
            function: Name::anonymous(),
            detail: "no definition".into(),
        });
    };
    for d in defs {
        validate(env, d)?;
        if d.lparams != first.lparams {
            return Err(MatchError::Unsupported {
                function: d.name.clone(),
                detail: "mutual definitions with different universe parameters".into(),
            });
        }
    }
    // `casesOn` for every type matched on.
    let mut ctors = Vec::new();
    for d in defs {
        for e in &d.equations {
            for p in &e.patterns {
                p.ctors(&mut ctors);
            }
        }
    }
    ctors.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    ctors.dedup();
    for c in &ctors {
        let induct = match env.get(c).map(|i| &i.kind) {
            Some(ConstantKind::Constructor(ci)) => ci.induct.clone(),
            _ => {
                return Err(MatchError::Malformed {
                    function: first.name.clone(),
                    detail: format!("`{c}` is not a constructor"),
                })
            }
        };
        ensure_cases_on(env, &induct)?;
    }
    let names: Vec<Name> = defs.iter().map(|d| d.name.clone()).collect();
    let recursive = defs.iter().any(|d| {
        d.equations
            .iter()
            .any(|e| names.iter().any(|n| env.store().mentions_const(e.rhs, n)))
    });
    let (values, decs, cases) = if recursive {
        let (vals, decs, cases) = structural::compile_group(env, defs)?;
        (vals, decs.into_iter().map(Some).collect(), cases)
    } else {
        let mut vals = Vec::new();
        let mut cases = Vec::new();
        for d in defs {
            let (v, c) = compile_plain(env, d, true)?;
            vals.push(v);
            cases.push(c);
        }
        let n = vals.len();
        (vals, vec![None; n], cases)
    };
    let mut out = Vec::new();
    for ((d, value), dec) in defs.iter().zip(values).zip(decs) {
        env.add(Declaration::Definition {
            name: d.name.clone(),
            lparams: d.lparams.clone(),
            ty: d.fn_type,
            value,
            hints: ReducibilityHints::Regular,
        })
        .map_err(|error| MatchError::Kernel {
            decl: d.name.clone(),
            error,
        })?;
        out.push(Compiled {
            name: d.name.clone(),
            value,
            decreasing: dec,
            eval_value: None,
            equation_lemmas: Vec::new(),
            unproved_equations: Vec::new(),
            case_lemmas: Vec::new(),
        });
    }
    if recursive {
        for (d, c) in defs.iter().zip(out.iter_mut()) {
            // The same matching as the kernel value, recursive calls left as they are.
            c.eval_value = compile_plain(env, d, false).ok().map(|(v, _)| v);
        }
    }
    for ((d, c), leaves) in defs.iter().zip(out.iter_mut()).zip(cases) {
        let (lemmas, unproved) = equations::add_lemmas(env, d)?;
        c.case_lemmas = equations::add_case_lemmas(env, d, &unproved, &leaves);
        c.equation_lemmas = lemmas;
        c.unproved_equations = unproved;
    }
    Ok(out)
}

/// Number of leading Π binders of a type, looking through nothing.
pub(crate) fn arity(env: &Environment, mut ty: Expr) -> usize {
    let mut n = 0;
    while let Node::Pi(_, _, _, b) = env.store().node(ty) {
        n += 1;
        ty = *b;
    }
    n
}

fn validate(env: &Environment, d: &EqnDef) -> Result<(), MatchError> {
    let n = arity(env, d.fn_type);
    let bad = |detail: String| MatchError::Malformed {
        function: d.name.clone(),
        detail,
    };
    if d.equations.is_empty() {
        return Err(bad("no equations".into()));
    }
    let store = env.store();
    if store.has_fvar(d.fn_type) || store.loose_range(d.fn_type) != 0 {
        return Err(bad("the function type is not closed".into()));
    }
    for (i, e) in d.equations.iter().enumerate() {
        if e.patterns.len() != n {
            return Err(bad(format!(
                "equation {} has {} patterns, the type has {n} arguments",
                i + 1,
                e.patterns.len()
            )));
        }
        if e.vars
            .iter()
            .any(|v| !matches!(env.store().node(v.fvar), Node::FVar(_)))
        {
            return Err(bad(format!(
                "equation {}: a pattern variable is not a free variable",
                i + 1
            )));
        }
        let listed: Vec<Expr> = e.vars.iter().map(|v| v.fvar).collect();
        let mut bound = Vec::new();
        let mut terms = vec![e.rhs];
        terms.extend(e.vars.iter().map(|v| v.ty));
        for p in &e.patterns {
            collect_pattern(p, &mut bound, &mut terms);
        }
        let mut seen = Vec::new();
        for &v in &bound {
            if seen.contains(&v) {
                return Err(bad(format!(
                    "equation {}: a variable is bound twice (non-linear pattern)",
                    i + 1
                )));
            }
            seen.push(v);
        }
        if listed
            .iter()
            .enumerate()
            .any(|(k, v)| listed[..k].contains(v))
        {
            return Err(bad(format!(
                "equation {}: a variable is listed twice",
                i + 1
            )));
        }
        if bound.iter().any(|b| !listed.contains(b)) {
            return Err(bad(format!(
                "equation {}: a pattern variable is not listed in `vars`",
                i + 1
            )));
        }
        let foreign = |t: Expr, allowed: &[Expr]| {
            store.any_subterm(t, &mut |s, x| {
                matches!(s.node(x), Node::FVar(_)) && !allowed.contains(&x)
            })
        };
        if terms.iter().any(|&t| foreign(t, &listed)) {
            return Err(bad(format!(
                "equation {}: a term mentions a free variable that is not a pattern variable",
                i + 1
            )));
        }
        if foreign(e.rhs, &bound) {
            return Err(bad(format!(
                "equation {}: the right-hand side uses a variable no pattern binds",
                i + 1
            )));
        }
    }
    Ok(())
}

/// The variables a pattern binds and the terms it contains.
fn collect_pattern(p: &Pat, bound: &mut Vec<Expr>, terms: &mut Vec<Expr>) {
    match p {
        Pat::Var(v) => bound.push(*v),
        Pat::Inaccessible(t) => terms.push(*t),
        Pat::Lit(_) => {}
        Pat::Ctor { params, args, .. } => {
            terms.extend(params);
            for a in args {
                collect_pattern(a, bound, terms);
            }
        }
    }
}

/// Introduces the arguments of a closed function type as locals; returns them and the
/// result type.
pub(crate) fn intro_args(tc: &mut TypeChecker<'_>, mut ty: Expr) -> (Vec<Expr>, Expr) {
    let mut xs = Vec::new();
    while let Node::Pi(n, _, d, b) = tc.store.node(ty).clone() {
        let x = tc.fresh_local(n, d);
        xs.push(x);
        ty = tc.store.instantiate1(b, x);
    }
    (xs, ty)
}

/// Renames an equation's variables to fresh locals of `tc`.
pub(crate) fn open_equation(tc: &mut TypeChecker<'_>, e: &Equation) -> (Vec<Expr>, Vec<Pat>, Expr) {
    let from: Vec<Expr> = e.vars.iter().map(|v| v.fvar).collect();
    let mut to = Vec::new();
    for (i, v) in e.vars.iter().enumerate() {
        let a = tc.store.abstract_fvars(v.ty, &from[..i]);
        let ty = tc.store.instantiate_rev(a, &to);
        to.push(tc.fresh_local(v.name.clone(), ty));
    }
    let rename = |tc: &mut TypeChecker<'_>, x: Expr| {
        let a = tc.store.abstract_fvars(x, &from);
        tc.store.instantiate_rev(a, &to)
    };
    let pats = e
        .patterns
        .iter()
        .map(|p| p.map_terms(&mut |x| rename(tc, x)))
        .collect();
    let rhs = rename(tc, e.rhs);
    (to, pats, rhs)
}

/// The alternatives of a definition, opened in `tc`.
pub(crate) fn open_alts(tc: &mut TypeChecker<'_>, d: &EqnDef) -> Vec<Alt> {
    d.equations
        .iter()
        .enumerate()
        .map(|(idx, e)| {
            let (_, pats, rhs) = open_equation(tc, e);
            Alt {
                idx,
                pats,
                subst: Vec::new(),
                rhs,
            }
        })
        .collect()
}

/// Reports missing cases, then redundant equations.
pub(crate) fn check_coverage(m: &Matcher<'_, '_>, d: &EqnDef) -> Result<(), MatchError> {
    if !m.missing.is_empty() {
        return Err(MatchError::Missing {
            function: d.name.clone(),
            examples: m.missing.clone(),
        });
    }
    if let Some(i) = m.used.iter().position(|u| !u) {
        return Err(MatchError::Redundant {
            function: d.name.clone(),
            equation: i,
            span: d.equations.get(i).map(|e| e.span).unwrap_or((0, 0)),
        });
    }
    Ok(())
}

/// Compiles a definition to its decision tree, leaving recursive calls as they are (the
/// value of a non-recursive definition, the evaluation term of a recursive one), with
/// the lemmas of its leaves when `lemmas` is set.
fn compile_plain(
    env: &mut Environment,
    d: &EqnDef,
    lemmas: bool,
) -> Result<(Expr, Vec<CaseLemma>), MatchError> {
    let mut tc = env.type_checker(d.name.clone(), d.lparams.clone());
    let (args, goal) = intro_args(&mut tc, d.fn_type);
    let alts = open_alts(&mut tc, d);
    let spans = d.equations.iter().map(|e| e.span).collect();
    let head = lemmas.then(|| lemma_head(&mut tc, d));
    let mut m = Matcher::new(&mut tc, d.name.clone(), spans);
    m.lemma_head = head;
    let p = Problem {
        ctx: args.clone(),
        vars: args.clone(),
        alts,
        goal,
        examples: args.clone(),
        below: None,
    };
    let body = m.run(p, 0)?;
    check_coverage(&m, d)?;
    let cases = std::mem::take(&mut m.case_lemmas);
    Ok((tc.mk_binding(true, &args, body), cases))
}

/// `f.{us}`, the head of the equation lemmas of `d`.
pub(crate) fn lemma_head(tc: &mut TypeChecker<'_>, d: &EqnDef) -> Expr {
    let levels = d.lparams.iter().map(|p| Level::param(p.clone())).collect();
    tc.store.cnst(d.name.clone(), levels)
}
