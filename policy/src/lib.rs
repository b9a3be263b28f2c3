//! The Cedrus production engine for the Cedar policy language.
//!
//! Parse policies with [`parser`], load entities and requests from Cedar's JSON formats
//! with [`entities`] and [`request`], and ask [`authorizer::Authorizer`] for a decision.
//! [`format`] prints policies back in canonical style.
//!
//! Nothing here depends on the Cedrus kernel or language: this crate is the fast,
//! idiomatic half of verification-guided development, tied to the executable model by
//! differential testing.

#[cfg(any(test, feature = "arbitrary"))]
pub mod arbitrary;
pub mod ast;
pub mod error;
pub mod ext;
pub mod format;
pub mod parser;
pub mod policy_json;
pub mod value;

pub use ast::{Effect, Expr, ExprKind, Loc, Policy, PolicyId};
pub use error::EvalError;
pub use value::{EntityUid, Name, Value};
