//! Parse errors with source locations.

use std::fmt;

/// A syntax error: a byte range of the source and a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// `(start, end)` byte offsets of the offending text.
    pub span: (usize, usize),
    /// What went wrong.
    pub message: String,
}

impl ParseError {
    /// An error covering `start..end`.
    pub fn new(start: usize, end: usize, message: impl Into<String>) -> Self {
        ParseError {
            span: (start, end),
            message: message.into(),
        }
    }

    /// The 1-based line and column (in characters) of the start of the error in `src`.
    pub fn line_col(&self, src: &str) -> (usize, usize) {
        line_col(src, self.span.0)
    }

    /// Renders the error as `file:line:col: error: message`, followed by the source line
    /// and a caret under the error's start.
    pub fn render(&self, file: &str, src: &str) -> String {
        let (line, col) = self.line_col(src);
        let start = floor_char_boundary(src, self.span.0);
        let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
        let text = src[line_start..line_end].trim_end_matches('\r');
        let end = floor_char_boundary(src, self.span.1.max(start)).min(line_end);
        let width = src[start..end].chars().count().max(1);
        format!(
            "{file}:{line}:{col}: error: {}\n{text}\n{}{}",
            self.message,
            " ".repeat(col - 1),
            "^".repeat(width)
        )
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (at bytes {}..{})",
            self.message, self.span.0, self.span.1
        )
    }
}

impl std::error::Error for ParseError {}

/// The largest char boundary of `src` that is at most `i`.
fn floor_char_boundary(src: &str, i: usize) -> usize {
    let mut i = i.min(src.len());
    while !src.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The 1-based line and character column of byte offset `offset` in `src`.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(src, offset);
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let src = "abc\nαβ x\n";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 4), (2, 1));
        // `x` is after two two-byte letters and a space.
        assert_eq!(line_col(src, 9), (2, 4));
    }

    #[test]
    fn render_shows_snippet_and_caret() {
        let src = "def f :=\n  foo )\n";
        let err = ParseError::new(15, 16, "unexpected `)`");
        assert_eq!(
            err.render("a.cdr", src),
            "a.cdr:2:7: error: unexpected `)`\n  foo )\n      ^"
        );
    }

    #[test]
    fn render_survives_offsets_out_of_range() {
        let err = ParseError::new(100, 200, "eof");
        let out = err.render("f", "ab");
        assert!(out.starts_with("f:1:3: error: eof"));
    }
}
