//! Decoding of escapes in string literals and `like` patterns.
//!
//! Cedar follows Rust's string escapes: `\n \r \t \\ \0 \' \"`, `\xHH` (at most
//! `\x7f`), `\u{H…}` (one to six hex digits, a Unicode scalar value), and a `\` at
//! the end of a line, which skips the line break and the indentation after it. A
//! bare carriage return is not allowed. In a `like` pattern `*` is a wildcard and
//! `\*` a literal star; elsewhere `\*` is an invalid escape.

use smol_str::SmolStr;

use super::error::ParseError;
use crate::ast::{Loc, Pattern, PatternElem};

/// A decoded piece of a literal.
enum Piece {
    /// A character, written directly or as an ordinary escape.
    Char(char),
    /// `\*` (accepted only in patterns).
    EscapedStar,
}

/// Decodes `raw` (the text between the quotes, which starts at byte `base` of the
/// source), calling `emit` for each piece.
fn decode(
    raw: &str,
    base: usize,
    allow_star: bool,
    mut emit: impl FnMut(Piece),
) -> Result<(), ParseError> {
    let mut chars = raw.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {}
            '\r' => {
                return Err(ParseError::new(
                    Loc::new(base + i, base + i + 1),
                    "bare carriage return in string: write `\\r`",
                ))
            }
            c => {
                emit(Piece::Char(c));
                continue;
            }
        }
        let Some((_, e)) = chars.next() else {
            // The lexer never ends a literal on a lone backslash.
            return Err(ParseError::new(
                Loc::new(base + i, base + i + 1),
                "invalid escape `\\` in string",
            ));
        };
        let bad = |end: usize, text: &str| {
            ParseError::new(
                Loc::new(base + i, base + end),
                format!("invalid escape `{text}` in string"),
            )
        };
        match e {
            'n' => emit(Piece::Char('\n')),
            'r' => emit(Piece::Char('\r')),
            't' => emit(Piece::Char('\t')),
            '\\' => emit(Piece::Char('\\')),
            '0' => emit(Piece::Char('\0')),
            '\'' => emit(Piece::Char('\'')),
            '"' => emit(Piece::Char('"')),
            '*' if allow_star => emit(Piece::EscapedStar),
            '\n' => {
                while chars
                    .next_if(|&(_, c)| matches!(c, ' ' | '\t' | '\n' | '\r'))
                    .is_some()
                {}
            }
            'x' => {
                let digits: String = (0..2)
                    .map_while(|_| chars.next_if(|(_, c)| c.is_ascii_hexdigit()))
                    .map(|(_, c)| c)
                    .collect();
                let end = i + 2 + digits.len();
                let text = raw.get(i..end).unwrap_or("\\x");
                match u8::from_str_radix(&digits, 16) {
                    Ok(v) if digits.len() == 2 && v <= 0x7f => emit(Piece::Char(char::from(v))),
                    Ok(_) if digits.len() == 2 => {
                        return Err(ParseError::new(
                            Loc::new(base + i, base + end),
                            format!("invalid escape `{text}` in string: `\\x` escapes go up to `\\x7f`; use `\\u{{…}}` for other characters"),
                        ))
                    }
                    _ => return Err(bad(end, text)),
                }
            }
            'u' => {
                let (v, end) = unicode_escape(raw, i, &mut chars)
                    .map_err(|end| bad(end, raw.get(i..end).unwrap_or("\\u")))?;
                match char::from_u32(v) {
                    Some(c) => emit(Piece::Char(c)),
                    None => {
                        return Err(ParseError::new(
                            Loc::new(base + i, base + end),
                            format!(
                                "invalid escape `{}` in string: not a Unicode scalar value",
                                raw.get(i..end).unwrap_or("\\u")
                            ),
                        ))
                    }
                }
            }
            other => {
                return Err(bad(
                    i + 1 + other.len_utf8(),
                    raw.get(i..i + 1 + other.len_utf8()).unwrap_or("\\"),
                ))
            }
        }
    }
    Ok(())
}

/// Reads `{H…}` after `\u` (at byte `start` of `raw`): one to six hex digits,
/// underscores allowed after the first. Returns the value and the end offset, or
/// the end offset of the malformed escape.
fn unicode_escape(
    raw: &str,
    start: usize,
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
) -> Result<(u32, usize), usize> {
    let after_u = start + 2;
    if chars.next_if(|&(_, c)| c == '{').is_none() {
        return Err(after_u);
    }
    let mut value: u32 = 0;
    let mut digits = 0;
    loop {
        let Some((j, c)) = chars.next() else {
            return Err(raw.len());
        };
        let end = j + c.len_utf8();
        match c {
            '}' if digits > 0 => return Ok((value, end)),
            '_' if digits > 0 => {}
            c if c.is_ascii_hexdigit() && digits < 6 => {
                digits += 1;
                value = value * 16 + c.to_digit(16).unwrap_or(0);
            }
            _ => return Err(end),
        }
    }
}

/// Decodes a string literal's raw text, which starts at byte `base`.
pub(crate) fn unescape_str(raw: &str, base: usize) -> Result<SmolStr, ParseError> {
    // Most literals have no escapes: borrow them as they are.
    if !raw.contains(['\\', '\r']) {
        return Ok(SmolStr::new(raw));
    }
    let mut out = String::with_capacity(raw.len());
    decode(raw, base, false, |p| {
        if let Piece::Char(c) = p {
            out.push(c);
        }
    })?;
    Ok(SmolStr::from(out))
}

/// Decodes a `like` pattern's raw text, which starts at byte `base`.
///
/// As in Cedar, any `*` character that does not come from `\*` is a wildcard,
/// including one written `\u{2a}`.
pub(crate) fn unescape_pattern(raw: &str, base: usize) -> Result<Pattern, ParseError> {
    let mut elems = Vec::with_capacity(raw.len());
    decode(raw, base, true, |p| {
        elems.push(match p {
            Piece::Char('*') => PatternElem::Wildcard,
            Piece::Char(c) => PatternElem::Char(c),
            Piece::EscapedStar => PatternElem::Char('*'),
        })
    })?;
    Ok(Pattern { elems })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn decodes_every_escape() {
        assert_eq!(
            unescape_str(r#"a\n\r\t\\\0\'\"\x41\u{48}\u{1F600}\u{10_FFFF}"#, 0).unwrap(),
            "a\n\r\t\\\0'\"AH\u{1F600}\u{10FFFF}"
        );
        assert_eq!(unescape_str("a\\\n    b", 0).unwrap(), "ab");
        assert_eq!(unescape_str("plain é", 0).unwrap(), "plain é");
    }

    #[test]
    fn rejects_invalid_escapes_with_their_location() {
        let e = unescape_str(r"ab\qc", 10).unwrap_err();
        assert_eq!(e.message, r"invalid escape `\q` in string");
        assert_eq!(e.loc, Loc::new(12, 14));
        let e = unescape_str(r"\*", 0).unwrap_err();
        assert_eq!(e.message, r"invalid escape `\*` in string");
        for bad in [
            r"\x8f",
            r"\xg",
            r"\u{}",
            r"\u{1234567}",
            r"\u{D800}",
            r"\u{110000}",
            r"\u12",
            r"\u{_1}",
            r"\u{12",
        ] {
            assert!(unescape_str(bad, 0).is_err(), "{bad} should be rejected");
        }
        assert!(unescape_str("a\rb", 0).is_err());
    }

    #[test]
    fn patterns_distinguish_wildcards_from_escaped_stars() {
        let p = unescape_pattern(r"a*\*\u{2a}", 0).unwrap();
        assert_eq!(
            p.elems,
            vec![
                PatternElem::Char('a'),
                PatternElem::Wildcard,
                PatternElem::Char('*'),
                PatternElem::Wildcard,
            ]
        );
        assert!(unescape_pattern(r"\q", 0).is_err());
    }

    proptest! {
        #[test]
        fn never_panics(raw in "\\PC{0,30}") {
            let _ = unescape_str(&raw, 0);
            let _ = unescape_pattern(&raw, 0);
        }

        #[test]
        fn escaping_round_trips(s in "(?s).{0,30}") {
            let mut quoted = String::new();
            crate::value::write_quoted(&mut quoted, &s).unwrap();
            let inner = &quoted[1..quoted.len() - 1];
            let decoded = unescape_str(inner, 0).unwrap();
            prop_assert_eq!(decoded.as_str(), s.as_str());
        }
    }
}
