//! The trusted kernel.
pub mod builtins;
pub mod decl;
pub mod defeq;
pub mod env;
pub mod error;
pub mod export;
pub mod expr;
pub mod inductive;
pub mod level;
pub mod name;
mod nested;
pub mod pp;
pub mod tc;
pub mod whnf;

pub use decl::*;
pub use env::Environment;
pub use error::KernelError;
pub use expr::{BinderInfo, Expr, Literal, Node, Store};
pub use level::Level;
pub use name::Name;

/// Resource limits of the checker.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Deepest term accepted.
    pub max_term_depth: u32,
    /// Deepest recursion of inference, reduction and conversion.
    pub max_recursion: u32,
    /// Reduction steps allowed per declaration.
    pub fuel: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_term_depth: 20_000,
            max_recursion: 20_000,
            fuel: 20_000_000,
        }
    }
}
