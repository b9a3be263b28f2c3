//! The embedded language of Cedrus: a Lean 4-flavoured functional language whose
//! definitions are executable and whose theorems are checked by the kernel.
//!
//! This crate currently provides the surface syntax ([`syntax`]): lexing, parsing with a
//! growable notation table, the surface AST and a pretty-printer.

pub mod driver;
pub mod elab;
pub mod syntax;
