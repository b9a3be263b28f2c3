//! Parse errors, and the conversion of byte offsets into lines and columns.

use std::fmt;

use crate::ast::Loc;

/// One problem found while parsing, with the source range it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Where the problem is (not where the enclosing policy starts).
    pub loc: Loc,
    /// A message meant for a policy author, e.g. "expected `;` after policy".
    pub message: String,
}

impl ParseError {
    /// An error with `message` at `loc`.
    pub fn new(loc: Loc, message: impl Into<String>) -> ParseError {
        ParseError {
            loc,
            message: message.into(),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}

/// The errors of one parse: never empty, in source order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseErrors(pub Vec<ParseError>);

impl ParseErrors {
    /// The first error (there always is one).
    pub fn first(&self) -> Option<&ParseError> {
        self.0.first()
    }

    /// All the errors, in source order.
    pub fn iter(&self) -> std::slice::Iter<'_, ParseError> {
        self.0.iter()
    }

    /// How many errors there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none (never the case for errors returned by the parser).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<ParseError> for ParseErrors {
    fn from(e: ParseError) -> ParseErrors {
        ParseErrors(vec![e])
    }
}

impl<'a> IntoIterator for &'a ParseErrors {
    type Item = &'a ParseError;
    type IntoIter = std::slice::Iter<'a, ParseError>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for ParseErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseErrors {}

/// The 1-based line and column of byte `offset` in `src`, the column counted in
/// characters. An offset past the end points just after the last character; an
/// offset inside a multi-byte character points at that character.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(src.len());
    while !src.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = src.get(..offset).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    let col = before.get(line_start..).unwrap_or("").chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn line_col_counts_lines_and_characters() {
        let src = "ab\ncdé\nf";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 2), (1, 3));
        assert_eq!(line_col(src, 3), (2, 1));
        // `é` is two bytes; the `\n` after it is the third character of line 2.
        assert_eq!(line_col(src, 7), (2, 4));
        assert_eq!(line_col(src, 6), (2, 3)); // inside `é`
        assert_eq!(line_col(src, 8), (3, 1));
        assert_eq!(line_col(src, 100), (3, 2));
    }

    #[test]
    fn errors_display_their_messages() {
        let es = ParseErrors(vec![
            ParseError::new(Loc::new(0, 1), "unexpected `)`"),
            ParseError::new(Loc::new(2, 3), "expected `;` after policy"),
        ]);
        assert_eq!(es.to_string(), "unexpected `)`\nexpected `;` after policy");
        assert_eq!(es.len(), 2);
    }

    proptest! {
        #[test]
        fn line_col_never_panics(src in ".{0,40}", offset in 0usize..60) {
            let (line, col) = line_col(&src, offset);
            prop_assert!(line >= 1 && col >= 1);
            prop_assert!(line <= src.lines().count().max(1) + 1);
        }
    }
}
