//! Differential testing for Cedrus: generated Cedar cases, answered by several oracles,
//! compared on decision, determining policies and erroring policies (never on error
//! messages).
//!
//! * [`case`]: the self-contained [`Case`] and the compared [`Answer`].
//! * [`gen`]: proptest strategies for ABAC, RBAC and schema-directed (typed) cases,
//!   sized by [`GenConfig`]; case `k` of a run depends only on the seed and `k`.
//! * [`oracle`]: the [`Oracle`] trait and its implementations: the production engine,
//!   a JSON round trip of it, a deliberately broken mutant, and (feature
//!   `cedar-oracle`) upstream `cedar-policy`. The executable formal model becomes one
//!   more implementation.
//! * [`runner`]: runs a shard of a run, shrinks mismatches with proptest's
//!   `simplify`/`complicate` loop and writes [`Replay`] files.
//! * [`report`]: JSON and JUnit reports and the closing lines CI reads.
//!
//! # Showing that the harness can fail
//!
//! The fault is injected by a wrapper oracle, [`oracle::Mutant`], which rewrites every
//! `<` of the policies to `<=` before handing them to the production engine. It is not a
//! feature of `cedrus-policy`: a feature there could be switched on for every test
//! binary of the workspace by feature unification, while a wrapper here cannot leak
//! into any other build. A test checks that a run of production engine against the
//! mutant reports a mismatch within 10,000 cases.

pub mod case;
pub mod gen;
pub mod oracle;
pub mod replay;
pub mod report;
pub mod runner;
#[cfg(feature = "cedar-oracle")]
pub mod upstream;

pub use case::{Answer, Case, CaseRequest, Decision, Link};
pub use gen::{GenConfig, Generator};
pub use oracle::{Mutant, Oracle, OracleError, Production, RoundTrip};
pub use replay::{Outcome, Replay};
pub use runner::{run, RunConfig, RunReport, Shard};

/// Whether this build includes the upstream `cedar-policy` oracle.
pub const HAS_CEDAR_ORACLE: bool = cfg!(feature = "cedar-oracle");

/// The upstream oracle, when this build has it.
pub fn cedar_oracle() -> Option<Box<dyn Oracle>> {
    #[cfg(feature = "cedar-oracle")]
    {
        Some(Box::new(upstream::Upstream::new()))
    }
    #[cfg(not(feature = "cedar-oracle"))]
    {
        None
    }
}
