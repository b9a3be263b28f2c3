//! The Cedrus production engine for the Cedar policy language.
//!
//! Parse policies with [`parser`], load entities and requests from Cedar's JSON formats
//! with [`entities`] and [`request`], and ask [`authorizer::Authorizer`] for a decision.
//! [`format`](mod@format) prints policies back in canonical style.
//!
//! Nothing here depends on the Cedrus kernel or language: this crate is the fast,
//! idiomatic half of verification-guided development, tied to the executable model by
//! differential testing.

#[cfg(any(test, feature = "arbitrary"))]
pub mod arbitrary;
pub mod ast;
pub mod authorizer;
pub mod entities;
pub mod error;
pub mod eval;
pub mod ext;
#[cfg(feature = "fault-injection")]
pub mod fault;
pub mod format;
pub mod json;
pub mod parser;
pub mod policy_json;
pub mod policy_set;
pub mod request;
pub mod schema;
pub mod validator;
pub mod value;

pub use ast::{Effect, Expr, ExprKind, Loc, Policy, PolicyId};
pub use authorizer::{Authorizer, Decision, PolicyError, Response};
pub use entities::{Entities, EntitiesError, Entity};
pub use error::EvalError;
pub use eval::Evaluator;
pub use json::JsonError;
pub use policy_set::{PolicySet, PolicySetError};
pub use request::{Request, RequestError};
pub use value::{EntityUid, Name, Value};
