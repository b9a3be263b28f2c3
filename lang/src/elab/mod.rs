//! The elaborator: turns surface commands into kernel declarations.
//!
//! An [`Elaborator`] owns the kernel [`Environment`] and the front-end metadata the kernel
//! does not know about: namespaces and `open`s, `variable`s, universe names, the notation
//! table, structures, classes and instances. Terms are elaborated in a [`ctx::Ctx`], which
//! wraps a kernel type checker: local variables are the checker's free variables, and
//! metavariables (holes, implicit arguments, instances to synthesize) are free variables
//! too, with assignments kept in a table and substituted before anything is added to the
//! environment. Everything produced goes through [`Environment::add`], which re-checks it.
//!
//! Choices worth knowing:
//! * numerals are `Nat` literals unless the expected type is known to be another type and
//!   the environment declares `OfNat`, in which case they become `OfNat.ofNat T n`;
//!   operands of arithmetic operators and relations share a type (as Lean's `binop%`);
//! * `if c then a else b` is `ite c a b` (with a `Decidable c` instance) when `c` is a
//!   proposition and `cond c a b` when `c` is a `Bool`; `if h : c then …` is `dite`;
//! * `let` is kept as a kernel `let`; `have` is a β-redex; `do` blocks become
//!   `Bind.bind`/`Pure.pure` applications;
//! * `@[builtin] axiom Nat.add : Nat → Nat → Nat` declares an accelerated Nat function
//!   with the kernel's reference definition instead of an axiom;
//! * `true`, `false`, `none`, `some` and `pure` resolve to `Bool.true`, …, as Lean's
//!   `export`s make them; a declaration `A.f` sees the names of namespace `A`;
//! * auto-bound implicits are unbound names of at most two characters starting with a
//!   lowercase letter (`α`, `β₁`, `n`, `xs`), and unknown universe names, in a
//!   signature;
//! * `match` (and definitions by equations on one argument) on an inductive type without
//!   indices, with constructor patterns over variables, `0`, `n + 1`, `⟨a, b⟩`, and
//!   catch-alls, is built from the recursor directly (dependent when the discriminant is
//!   a local). Definitions by equations, and definitions whose body is a `match` on
//!   their parameters, that are recursive or need more (nested or overlapping patterns,
//!   several discriminants) are compiled by [`crate::matchc`] after elaboration
//!   ([`equations`]): structural recursion, `mutual … end` groups and equation lemmas
//!   `f.eq_i` come from there; the evaluation terms of recursive ones (direct
//!   recursive calls) are kept in [`Elaborator::eval_code`] for `#eval`. A body
//!   `match` on other terms becomes an auxiliary
//!   function `f.match_1` over the parameters and the discriminants (not recursive). A
//!   `match` elsewhere in a term must still be simple;
//! * `·` makes a function at the innermost operator or application that has a `·` among
//!   its direct arguments (`(· + 1)`, `(f · x)`, `(· + ·)`), since parentheses are not
//!   kept by the parser;
//! * auto-bound implicits named by a Greek letter are types (`α : Sort ?u`); other
//!   auto-bound names get their type from their uses;
//! * structures' constructors take the parameters implicitly; `extends P` adds a first
//!   field `toP`; class projections take the instance as `[self : C α]`;
//! * instance search tries local instances, then declared ones most recent first, to a
//!   depth of 16; it waits until the class arguments that are not `outParam`s are known.
//!
//! `by` blocks are postponed and run by [`crate::tactic`] when pending instances are
//! forced at the end of a declaration; `calc` chains are elaborated by
//! [`crate::tactic::calc`].
//!
//! Not supported yet: `nomatch`, mutable
//! variables and loops in `do`, `deriving`, `private`/`protected` (ignored), `variable`s
//! in inductive types and structures, non-simple `match` terms that are not the body of
//! a definition, and universe-polymorphic `mutual` definitions.
//!
//! The entry points of the [`crate::driver`] run on a thread with a large stack;
//! [`Elaborator::elab_command`] runs on the caller's.
pub mod command;
pub mod ctx;
mod definition;
mod do_notation;
pub mod equations;
pub mod error;
pub mod eval;
mod inductive;
mod instances;
pub mod matching;
mod term;
mod term_app;
mod term_binders;
mod term_struct;
mod unify;

#[cfg(test)]
mod tests;

use std::collections::{BTreeSet, HashMap};
use std::time::Duration;

use cedrus_kernel::{ConstantKind, Declaration, Environment, Expr, Name};

use crate::syntax::{Binder, NotationTable, Span};
pub use error::{ElabError, ElabErrorKind, Result};
pub use eval::{Evaluate, KernelEvaluator, MachineEvaluator};
pub(crate) use term_app::AppArg;

/// Field layout of a structure (a one-constructor inductive type without indices).
#[derive(Clone, Debug)]
pub struct StructInfo {
    /// The constructor.
    pub ctor: Name,
    /// Number of parameters.
    pub num_params: u32,
    /// Field names, in order.
    pub fields: Vec<String>,
    /// Default values of fields (`x : Nat := 0`), used when an instance omits them.
    pub defaults: HashMap<String, crate::syntax::Term>,
    /// Parent structures: the field holding each (`toP`) and its structure.
    pub parents: Vec<(String, Name)>,
}

/// What the elaborator knows about a class.
#[derive(Clone, Debug, Default)]
pub struct ClassInfo {
    /// For each parameter, whether it is an `outParam` (not needed to start a search).
    pub out_params: Vec<bool>,
}

/// One scope opened by `namespace` or `section` (or the file itself).
#[derive(Clone, Debug)]
pub struct Scope {
    /// `Some(name)` for `namespace name` / `section name`; `None` for anonymous sections.
    pub header: Option<String>,
    /// Whether it was opened by `namespace`.
    pub is_namespace: bool,
    /// The full current namespace inside this scope.
    pub namespace: Name,
    /// Namespaces opened in this scope (and inherited).
    pub opens: Vec<Name>,
    /// `variable` binders in scope.
    pub variables: Vec<Binder>,
    /// Universe names declared in scope.
    pub universes: Vec<Name>,
}

impl Default for Scope {
    fn default() -> Self {
        Scope {
            header: None,
            is_namespace: false,
            namespace: Name::anonymous(),
            opens: Vec::new(),
            variables: Vec::new(),
            universes: Vec::new(),
        }
    }
}

/// Front-end metadata, kept next to the kernel environment.
#[derive(Default)]
pub struct Meta {
    /// The open scopes, innermost last (never empty).
    pub scopes: Vec<Scope>,
    /// The notation table in force.
    pub notations: NotationTable,
    /// Structures by name.
    pub structures: HashMap<Name, StructInfo>,
    /// Classes by name.
    pub classes: HashMap<Name, ClassInfo>,
    /// Instances in declaration order, with their class.
    pub instances: Vec<(Name, Name)>,
    /// Every constant name known (for suggestions).
    pub names: BTreeSet<Name>,
    /// Short names exported from a namespace, as Lean's `export Bool (true false)`.
    pub aliases: HashMap<String, Name>,
    /// The default simp set (`@[simp]` and `attribute [simp]`).
    pub simp_set: crate::tactic::simp::SimpSet,
}

impl Meta {
    /// The innermost scope.
    pub fn scope(&self) -> &Scope {
        // `scopes` is never empty: `Elaborator::new` pushes the file scope and `end`
        // never pops it.
        &self.scopes[self.scopes.len() - 1]
    }

    fn scope_mut(&mut self) -> &mut Scope {
        let n = self.scopes.len() - 1;
        &mut self.scopes[n]
    }
}

/// Something a command printed (`#check`, `#eval`, `#print axioms`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// The command's span.
    pub span: Span,
    /// The text.
    pub text: String,
}

/// A declaration that was added, for reports.
#[derive(Clone, Debug)]
pub struct DeclRecord {
    /// Its name.
    pub name: Name,
    /// `def`, `theorem`, `inductive`, ….
    pub kind: &'static str,
    /// Time spent elaborating and checking it.
    pub time: Duration,
}

/// The elaborator: a kernel environment plus front-end state.
pub struct Elaborator {
    /// The kernel environment (everything in it was checked by the kernel).
    pub env: Environment,
    /// Front-end metadata.
    pub meta: Meta,
    /// Output of `#check`, `#eval` and `#print`.
    pub messages: Vec<Message>,
    /// Declarations added, in order.
    pub records: Vec<DeclRecord>,
    /// Evaluation terms of recursive definitions by equations (`f` and `f.match_n`
    /// auxiliaries alike), by constant: the decision trees with direct recursive calls
    /// that `#eval` runs in place of the kernel values
    /// ([`crate::matchc::Compiled::eval_value`]). Untrusted, never seen by the kernel;
    /// clearing it makes `#eval` run the kernel definitions.
    pub eval_code: HashMap<Name, Expr>,
    evaluator: Box<dyn Evaluate + Send>,
}

impl Default for Elaborator {
    fn default() -> Self {
        Elaborator::new()
    }
}

impl Elaborator {
    /// An elaborator over an empty environment with Lean's core notations.
    pub fn new() -> Self {
        Elaborator {
            env: Environment::new(),
            meta: Meta {
                scopes: vec![Scope::default()],
                notations: NotationTable::lean_core(),
                aliases: [
                    ("true", "Bool.true"),
                    ("false", "Bool.false"),
                    ("none", "Option.none"),
                    ("some", "Option.some"),
                    ("pure", "Pure.pure"),
                ]
                .into_iter()
                .map(|(a, n)| (a.to_string(), Name::new(n)))
                .collect(),
                ..Meta::default()
            },
            messages: Vec::new(),
            records: Vec::new(),
            eval_code: HashMap::new(),
            evaluator: Box::new(MachineEvaluator::default()),
        }
    }

    /// Replaces the evaluator used by `#eval` and [`Elaborator::eval_term`].
    pub fn set_evaluator(&mut self, evaluator: Box<dyn Evaluate + Send>) {
        self.evaluator = evaluator;
    }

    /// Adds a declaration through the kernel and records the names it introduces.
    pub(crate) fn add_decl(&mut self, span: Span, decl: Declaration) -> Result<()> {
        let mut names = vec![decl.name()];
        if let Declaration::Inductive(b) = &decl {
            names.clear();
            for t in &b.types {
                names.push(t.name.clone());
                names.push(t.name.child("rec"));
                names.extend(t.ctors.iter().map(|c| c.name.clone()));
            }
        }
        self.env.add(decl).map_err(|e| ElabError::kernel(span, e))?;
        for n in names {
            if self.env.get(&n).is_some() {
                self.meta.names.insert(n);
            }
        }
        Ok(())
    }

    /// Resets the scope stack to a single file scope (between files).
    pub fn reset_scopes(&mut self) {
        self.meta.scopes = vec![Scope::default()];
    }

    /// Whether `n` is a definition the kernel can unfold.
    pub fn is_definition(&self, n: &Name) -> bool {
        matches!(
            self.env.get(n).map(|c| &c.kind),
            Some(ConstantKind::Definition { .. })
        )
    }
}
