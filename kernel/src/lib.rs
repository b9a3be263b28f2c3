//! The trusted kernel.
pub mod expr;
pub mod level;
pub mod name;
