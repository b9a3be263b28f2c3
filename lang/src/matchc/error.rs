//! Errors of pattern-match compilation and structural recursion.

use super::Span;
use cedrus_kernel::{KernelError, Name};
use std::fmt;

/// Why a set of equations could not be compiled.
#[derive(Clone, Debug)]
pub enum MatchError {
    /// Some argument values are matched by no equation.
    Missing {
        /// The function being defined.
        function: Name,
        /// Example unmatched argument lists, printed as patterns (`_ :: _, []`).
        examples: Vec<String>,
    },
    /// An equation can never be used: earlier equations cover every case it matches.
    Redundant {
        /// The function being defined.
        function: Name,
        /// Position of the equation (0-based).
        equation: usize,
        /// Its source span.
        span: Span,
    },
    /// A recursive call is not on a structurally smaller argument, for every candidate
    /// decreasing argument (the error names the call that defeated the first candidate).
    NotStructural {
        /// Span of the equation containing the call.
        span: Span,
        /// The function being defined.
        function: Name,
        /// The offending call, printed.
        call: String,
        /// The candidate decreasing argument (0-based), if there was one.
        argument: Option<usize>,
        /// What is wrong with the call.
        reason: String,
    },
    /// The equations are ill-formed (wrong number of patterns, unknown constructor, …).
    Malformed {
        /// The function being defined.
        function: Name,
        /// What is wrong.
        detail: String,
    },
    /// A feature this compiler does not handle (documented in the module docs).
    Unsupported {
        /// The function being defined.
        function: Name,
        /// What is not supported.
        detail: String,
    },
    /// The kernel rejected a generated declaration or a type query failed.
    Kernel {
        /// The declaration being built or added.
        decl: Name,
        /// The kernel's error.
        error: KernelError,
    },
}

impl fmt::Display for MatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MatchError::Missing { function, examples } => {
                write!(f, "`{function}`: missing cases:")?;
                for e in examples {
                    write!(f, "\n  {e}")?;
                }
                Ok(())
            }
            MatchError::Redundant {
                function, equation, ..
            } => write!(
                f,
                "`{function}`: equation {} is redundant (earlier equations match all its cases)",
                equation + 1
            ),
            MatchError::NotStructural {
                function,
                call,
                argument,
                reason,
                ..
            } => {
                write!(
                    f,
                    "`{function}`: structural recursion failed: call `{call}`"
                )?;
                if let Some(a) = argument {
                    write!(f, " (decreasing argument #{})", a + 1)?;
                }
                write!(f, ": {reason}")
            }
            MatchError::Malformed { function, detail } => {
                write!(f, "`{function}`: malformed equations: {detail}")
            }
            MatchError::Unsupported { function, detail } => {
                write!(f, "`{function}`: unsupported: {detail}")
            }
            MatchError::Kernel { decl, error } => {
                write!(f, "while building `{decl}`: {error}")
            }
        }
    }
}

impl std::error::Error for MatchError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_lists_missing_examples() {
        let e = MatchError::Missing {
            function: Name::new("f"),
            examples: vec!["_ :: _".into(), "[]".into()],
        };
        assert_eq!(e.to_string(), "`f`: missing cases:\n  _ :: _\n  []");
        let r = MatchError::Redundant {
            function: Name::new("g"),
            equation: 2,
            span: (0, 1),
        };
        assert!(r.to_string().contains("equation 3 is redundant"));
    }
}
