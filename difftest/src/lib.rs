//! Differential testing for Cedrus: generated Cedar cases, answered by several oracles,
//! compared on decision, determining policies and erroring policies (never on error
//! messages).
//!
//! * [`case`]: the self-contained [`Case`] and the compared [`Answer`].
//! * [`gen`]: proptest strategies for ABAC, RBAC and schema-directed (typed) cases,
//!   sized by [`GenConfig`]; case `k` of a run depends only on the seed and `k`.
//! * [`oracle`]: the [`Oracle`] trait and its implementations: the production engine,
//!   the executable model ([`Model`], through `cedrus-spec`), a JSON round trip of the
//!   engine, a deliberately broken mutant, and (feature `cedar-oracle`) upstream
//!   `cedar-policy`.
//! * [`runner`]: runs a shard of a run, shrinks mismatches with proptest's
//!   `simplify`/`complicate` loop and writes [`Replay`] files.
//! * [`report`]: JSON and JUnit reports and the closing lines CI reads.
//!
//! # Showing that the harness can fail
//!
//! Two ways. The `fault-injection` feature of `cedrus-policy`, enabled only in this
//! crate's dev-dependencies so that no release binary has it, compiles in a runtime
//! switch (`cedrus_policy::fault::inject`) that makes `<=` behave as `<` on the current
//! thread; `tests/fault_injection.rs` runs the engine against itself with the fault
//! switched on and checks that a mismatch is reported within 10,000 cases. The wrapper
//! oracle [`oracle::Mutant`] rewrites every `<` of the policies to `<=` before parsing,
//! which needs no feature at all.

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
pub use oracle::{Model, Mutant, Oracle, OracleError, Production, RoundTrip};
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
