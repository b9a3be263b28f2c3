//! One module per subcommand. Each `run` returns an [`Outcome`] (the exit code) or the
//! diagnostics that explain why it could not do its job.

use std::process::ExitCode;

pub mod authorize;
pub mod conformance;
pub mod difftest;
pub mod evaluate;
pub mod kernel;
pub mod lang;
pub mod policies;
pub mod validate;

/// How a command ended; the exit codes are those of Cedar's CLI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0: success, or `ALLOW`.
    Success,
    /// Exit 1: the command failed (bad input, failed expectations).
    Failure,
    /// Exit 2: the request was denied.
    Deny,
    /// Exit 3: validation found errors.
    Invalid,
}

impl From<Outcome> for ExitCode {
    fn from(o: Outcome) -> ExitCode {
        ExitCode::from(match o {
            Outcome::Success => 0,
            Outcome::Failure => 1,
            Outcome::Deny => 2,
            Outcome::Invalid => 3,
        })
    }
}

/// What every command returns.
pub type CommandResult = Result<Outcome, crate::diagnostics::Diagnostics>;
