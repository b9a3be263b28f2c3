//! The evaluator: runs the definitions of a kernel
//! [`Environment`](cedrus_kernel::Environment) fast.
//!
//! It serves `#eval`, the Rust API and the executable model of Cedar. It is **not**
//! trusted: proofs never depend on it, and tests check that it agrees with kernel
//! reduction.
//!
//! ## How it works
//!
//! Each constant is compiled once, on first use, into a compact code (module `code`)
//! where types, proofs and universe levels are erased and de Bruijn indices address a
//! linked environment. A definition given an *override*
//! ([`Evaluator::with_overrides`]) is compiled from the override instead of its kernel
//! value: the elaborator passes the evaluation terms of definitions by equations, so
//! recursive functions run from their equations (direct recursive calls) rather than
//! through the course-of-values tables of their kernel definitions. The code runs on a
//! call-by-value machine (module `machine`) with:
//! * native natural numbers (a `u64` fast path, big integers on overflow), strings, and
//!   integers when the environment declares Lean's `Int`; the Nat functions the kernel
//!   accelerates, `Nat.decEq`/`decLt`/`decLe`, the String functions and the Int
//!   arithmetic run natively (module `native`) when the environment's declarations allow
//!   it; a string function given a string built with `String.mk` runs its definition;
//! * recursors reduced natively: the machine selects the rule of the major premise's
//!   constructor and passes the recursive results as memoised thunks, so a branch that
//!   does not use an induction hypothesis never computes it, and structural recursion
//!   compiled through `T.rec` costs what the equations cost;
//! * `T.casesOn` run natively when its definition is the usual case analysis through
//!   `T.rec` (checked on its shape: minor premises in constructor order, fields passed
//!   in order): the major premise's constructor selects the minor premise, which gets
//!   the fields, without the recursor's induction hypotheses and wrappers;
//! * lazy minor premises (of recursors, `casesOn`, `recOn`) and lazy `ite`/`dite`/`cond`
//!   branches;
//! * theorems, axioms stating propositions, types and sorts erased; other axioms and
//!   opaque constants are stuck values, which fail ([`EvalError::Axiom`],
//!   [`EvalError::Sorry`], [`EvalError::Opaque`]) only when inspected.
//!
//! Deep recursion never touches the Rust stack: the machine keeps its continuation in a
//! heap-allocated stack of frames and stops with [`EvalError::StackOverflow`] past
//! [`EvalConfig::max_depth`] frames. [`EvalConfig::max_steps`] bounds the work. Values
//! are dropped without recursion, and read back ([`Value::to_expr`]) with an explicit
//! stack.
//!
//! ```text
//! let mut ev = Evaluator::new(&env);
//! let v = ev.eval(expr)?;                       // a closed term
//! let xs = ev.list(vec![Value::nat(1), Value::nat(2)])?;
//! let n = ev.eval_const("List.length", &[Value::Erased, xs])?;
//! println!("{v}");                              // [1, 2, 3], some 4, (1, "a"), …
//! drop(ev);
//! let e = v.to_expr(&mut env, ty)?;             // back to a kernel term (first-order data)
//! ```

mod code;
mod constants;
mod display;
mod machine;
mod native;
mod reify;
mod value;

#[cfg(test)]
mod tests;

pub use machine::Evaluator;
pub use value::{CtorVal, FunVal, Int, Nat, Thunk, Value};

use cedrus_kernel::Name;
use std::fmt;

/// Limits of an evaluation.
#[derive(Clone, Copy, Debug)]
pub struct EvalConfig {
    /// Most continuation frames (pending calls, forced thunks, …) the machine may hold:
    /// the object program's recursion depth, roughly, times a small factor.
    pub max_depth: usize,
    /// Machine steps allowed per call of [`Evaluator::eval`] (`u64::MAX`: unbounded).
    pub max_steps: u64,
    /// Deepest term compiled (compilation recurses on the term; terms deeper than a few
    /// hundred levels are compiled on a helper thread with a stack to match).
    pub max_term_depth: u32,
}

impl Default for EvalConfig {
    fn default() -> Self {
        EvalConfig {
            max_depth: 4_000_000,
            max_steps: u64::MAX,
            max_term_depth: 100_000,
        }
    }
}

/// Why an evaluation failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EvalError {
    /// Evaluation needed the value of an axiom.
    Axiom(Name),
    /// Evaluation reached `sorry` (`sorryAx`).
    Sorry,
    /// Evaluation needed the value of an opaque constant.
    Opaque(Name),
    /// A constant that is not in the environment.
    UnknownConstant(Name),
    /// The step budget ran out.
    StepLimit {
        /// Steps taken.
        steps: u64,
    },
    /// The machine nested deeper than allowed (deep recursion).
    StackOverflow {
        /// The nesting reached.
        depth: u32,
    },
    /// A term too deep to compile.
    DeepTerm {
        /// Its depth.
        depth: u32,
    },
    /// The term has free or loose bound variables.
    OpenTerm,
    /// A value cannot be turned back into a term (a function, a proof, …).
    NotFirstOrder(String),
    /// The machine met a value of an unexpected shape (the term is ill-typed, or uses a
    /// feature the evaluator does not support).
    Unexpected(String),
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvalError::Axiom(n) => write!(f, "evaluation is stuck on the axiom `{n}`"),
            EvalError::Sorry => write!(f, "evaluation reached `sorry`"),
            EvalError::Opaque(n) => write!(f, "evaluation is stuck on the opaque constant `{n}`"),
            EvalError::UnknownConstant(n) => write!(f, "unknown constant `{n}`"),
            EvalError::StepLimit { steps } => {
                write!(f, "evaluation stopped after {steps} steps (step limit)")
            }
            EvalError::StackOverflow { depth } => write!(
                f,
                "evaluation nested {depth} calls deep (stack overflow): the recursion is too deep"
            ),
            EvalError::DeepTerm { depth } => {
                write!(f, "the term is too deep to evaluate (depth {depth})")
            }
            EvalError::OpenTerm => write!(f, "only closed terms can be evaluated"),
            EvalError::NotFirstOrder(what) => {
                write!(f, "cannot turn {what} back into a term")
            }
            EvalError::Unexpected(what) => write!(f, "evaluation failed: {what}"),
        }
    }
}

impl std::error::Error for EvalError {}

/// A recursor as the machine runs it.
#[derive(Debug)]
pub(crate) struct RecShape {
    /// The recursor's name (for errors).
    pub(crate) name: Name,
    /// Number of parameters, motives and minor premises (the prefix the rules reuse).
    pub(crate) prefix: usize,
    /// Position of the major premise.
    pub(crate) major_idx: usize,
    /// K-like: the rule applies whatever the major premise.
    pub(crate) k: bool,
    /// Whether an erased major premise may be taken apart (an inductive proposition
    /// with one constructor: its fields are erased too).
    pub(crate) erasable: bool,
    /// Whether the inductive type is a proposition (an erased major premise of another
    /// shape gives a stuck value: the motive is a proposition, or the code unreachable).
    pub(crate) prop: bool,
    /// The rules: constructor and compiled right-hand side.
    pub(crate) rules: Vec<(Name, usize, Value)>,
}
