//! The embedded language of Cedrus: a Lean 4-flavoured functional language whose
//! definitions are executable and whose theorems are checked by the kernel.
//!
//! The crate provides the surface syntax ([`syntax`]: lexing, parsing with a growable
//! notation table, the surface AST and a pretty-printer), the elaborator ([`elab`]),
//! which turns commands into declarations checked by the kernel, the pattern-match
//! compiler ([`matchc`]), which turns definitions by equations (and structural
//! recursion) into recursor applications with equation lemmas, the evaluator
//! ([`eval`]), which runs definitions outside the trusted base, the tactics ([`tactic`]),
//! which build proof terms for `by` blocks, and the [`driver`],
//! which loads files and folders after the prelude (`lang/prelude`) and reports
//! declarations or located diagnostics.

pub mod driver;
pub mod elab;
pub mod eval;
pub mod matchc;
pub mod syntax;
pub mod tactic;
