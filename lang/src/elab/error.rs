//! Elaboration errors: what went wrong and where.

use std::fmt;

use cedrus_kernel::KernelError;

use crate::syntax::Span;

/// An elaboration error at a source span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ElabError {
    /// Where the error is.
    pub span: Span,
    /// What the error is.
    pub kind: ElabErrorKind,
}

/// The kinds of elaboration errors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ElabErrorKind {
    /// A name that resolves to nothing, with close names that do exist.
    UnknownName {
        /// The name as written.
        name: String,
        /// Similar names in scope.
        suggestions: Vec<String>,
    },
    /// A term whose type does not match the expected one.
    TypeMismatch {
        /// The term, printed.
        term: String,
        /// The expected type, printed.
        expected: String,
        /// The actual type, printed.
        actual: String,
    },
    /// No instance of a class was found.
    NoInstance {
        /// The instance type sought, printed.
        class: String,
    },
    /// Metavariables (holes, implicit arguments) that nothing determined.
    Unsolved {
        /// What could not be determined.
        what: String,
    },
    /// The kernel refused the elaborated declaration.
    Kernel(KernelError),
    /// A universe-level problem.
    Universe(String),
    /// The pattern-match compiler refused a definition by equations (missing cases,
    /// redundant equation, non-structural recursion, …), with its explanation.
    Match(String),
    /// A construct the elaborator does not handle yet.
    Unsupported(String),
    /// Any other ill-formed input, with an explanation.
    Invalid(String),
}

impl ElabError {
    /// An error of the given kind at `span`.
    pub fn new(span: Span, kind: ElabErrorKind) -> Self {
        ElabError { span, kind }
    }

    /// An [`ElabErrorKind::Invalid`] error.
    pub fn invalid(span: Span, msg: impl Into<String>) -> Self {
        ElabError::new(span, ElabErrorKind::Invalid(msg.into()))
    }

    /// An [`ElabErrorKind::Unsupported`] error.
    pub fn unsupported(span: Span, msg: impl Into<String>) -> Self {
        ElabError::new(span, ElabErrorKind::Unsupported(msg.into()))
    }

    /// A kernel rejection at `span`.
    pub fn kernel(span: Span, e: KernelError) -> Self {
        ElabError::new(span, ElabErrorKind::Kernel(e))
    }
}

impl fmt::Display for ElabErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ElabErrorKind::UnknownName { name, suggestions } => {
                write!(f, "unknown identifier `{name}`")?;
                if !suggestions.is_empty() {
                    let s: Vec<String> = suggestions.iter().map(|s| format!("`{s}`")).collect();
                    write!(f, " (did you mean {}?)", s.join(", "))?;
                }
                Ok(())
            }
            ElabErrorKind::TypeMismatch {
                term,
                expected,
                actual,
            } => write!(
                f,
                "type mismatch: `{term}` has type\n  {actual}\nbut is expected to have type\n  {expected}"
            ),
            ElabErrorKind::Match(m) => write!(f, "{m}"),
            ElabErrorKind::NoInstance { class } => {
                write!(f, "failed to synthesize instance `{class}`")
            }
            ElabErrorKind::Unsolved { what } => write!(f, "could not determine {what}"),
            ElabErrorKind::Kernel(e) => write!(f, "the kernel rejected the declaration: {e}"),
            ElabErrorKind::Universe(m) => write!(f, "universe error: {m}"),
            ElabErrorKind::Unsupported(m) => write!(f, "not yet supported: {m}"),
            ElabErrorKind::Invalid(m) => f.write_str(m),
        }
    }
}

impl fmt::Display for ElabError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (at bytes {}..{})",
            self.kind, self.span.start, self.span.end
        )
    }
}

impl std::error::Error for ElabError {}

/// The elaboration result type.
pub type Result<T> = std::result::Result<T, ElabError>;

/// Levenshtein distance between two strings (by characters), used for suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            let v = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
            cur.push(v);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("length", "lenght"), 2);
        assert_eq!(edit_distance("Nat.add", "Nat.add"), 0);
        assert_eq!(edit_distance("αβ", "αγ"), 1);
    }

    #[test]
    fn messages_name_the_problem() {
        let e = ElabErrorKind::UnknownName {
            name: "lenght".into(),
            suggestions: vec!["length".into()],
        };
        assert_eq!(
            e.to_string(),
            "unknown identifier `lenght` (did you mean `length`?)"
        );
        let m = ElabErrorKind::TypeMismatch {
            term: "x".into(),
            expected: "Nat".into(),
            actual: "Bool".into(),
        };
        assert!(m.to_string().contains("Bool") && m.to_string().contains("Nat"));
    }
}
