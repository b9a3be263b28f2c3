//! The lexer: turns source text into tokens, skipping whitespace and `//` comments.
//!
//! Token recognisers are small `nom` parsers over `&str`; string literals are
//! scanned by hand so that a megabyte-long literal costs one linear pass. Escapes
//! are decoded later (see [`super::unescape`]), because a `like` pattern decodes
//! them differently from an ordinary string.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::not_line_ending;
use nom::combinator::{recognize, value};
use nom::sequence::pair;
use nom::{IResult, Parser};

use super::error::ParseError;
use crate::ast::Loc;

/// A punctuation or operator token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Punct {
    At,
    Dot,
    Comma,
    Semi,
    ColonColon,
    Colon,
    LParen,
    RParen,
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    EqEq,
    NotEq,
    LessEq,
    Less,
    GreaterEq,
    Greater,
    OrOr,
    AndAnd,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Bang,
    Eq,
    Pipe,
    Amp,
}

impl Punct {
    /// The token as written.
    pub(crate) fn text(self) -> &'static str {
        match self {
            Punct::At => "@",
            Punct::Dot => ".",
            Punct::Comma => ",",
            Punct::Semi => ";",
            Punct::ColonColon => "::",
            Punct::Colon => ":",
            Punct::LParen => "(",
            Punct::RParen => ")",
            Punct::LBrace => "{",
            Punct::RBrace => "}",
            Punct::LBracket => "[",
            Punct::RBracket => "]",
            Punct::EqEq => "==",
            Punct::NotEq => "!=",
            Punct::LessEq => "<=",
            Punct::Less => "<",
            Punct::GreaterEq => ">=",
            Punct::Greater => ">",
            Punct::OrOr => "||",
            Punct::AndAnd => "&&",
            Punct::Plus => "+",
            Punct::Minus => "-",
            Punct::Star => "*",
            Punct::Slash => "/",
            Punct::Percent => "%",
            Punct::Bang => "!",
            Punct::Eq => "=",
            Punct::Pipe => "|",
            Punct::Amp => "&",
        }
    }
}

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tok<'a> {
    /// An identifier or keyword, `[_a-zA-Z][_a-zA-Z0-9]*`.
    Ident(&'a str),
    /// A non-negative integer, digits only (range checked by the parser).
    Int(&'a str),
    /// A string literal: the raw text between the quotes, escapes not decoded.
    Str(&'a str),
    /// A slot, `?name` (the name without `?`).
    Slot(&'a str),
    /// Punctuation.
    Punct(Punct),
    /// The end of the input.
    Eof,
}

impl Tok<'_> {
    /// How the token is named in an error message.
    pub(crate) fn describe(&self) -> String {
        match self {
            Tok::Ident(s) => format!("`{s}`"),
            Tok::Int(s) => format!("`{s}`"),
            Tok::Str(_) => "a string literal".to_owned(),
            Tok::Slot(s) => format!("`?{s}`"),
            Tok::Punct(p) => format!("`{}`", p.text()),
            Tok::Eof => "the end of the input".to_owned(),
        }
    }
}

/// A token and its byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    /// The token.
    pub tok: Tok<'a>,
    /// Offset of its first byte.
    pub start: usize,
    /// Offset one past its last byte.
    pub end: usize,
}

impl Token<'_> {
    /// The token's source range.
    pub(crate) fn loc(&self) -> Loc {
        Loc::new(self.start, self.end)
    }
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_ascii_alphabetic()
}

fn is_ident_char(c: char) -> bool {
    c == '_' || c.is_ascii_alphanumeric()
}

/// `[_a-zA-Z][_a-zA-Z0-9]*`
fn ident(i: &str) -> IResult<&str, &str> {
    recognize(pair(take_while1(is_ident_start), take_while(is_ident_char))).parse(i)
}

/// Whitespace and comments.
fn trivia(i: &str) -> IResult<&str, &str> {
    alt((
        take_while1(char::is_whitespace),
        recognize(pair(tag("//"), not_line_ending)),
    ))
    .parse(i)
}

fn punct(i: &str) -> IResult<&str, Punct> {
    // Two-character tokens first, so that `::` is not read as two `:`.
    let two = alt((
        value(Punct::ColonColon, tag("::")),
        value(Punct::EqEq, tag("==")),
        value(Punct::NotEq, tag("!=")),
        value(Punct::LessEq, tag("<=")),
        value(Punct::GreaterEq, tag(">=")),
        value(Punct::OrOr, tag("||")),
        value(Punct::AndAnd, tag("&&")),
    ));
    let brackets = alt((
        value(Punct::LParen, tag("(")),
        value(Punct::RParen, tag(")")),
        value(Punct::LBrace, tag("{")),
        value(Punct::RBrace, tag("}")),
        value(Punct::LBracket, tag("[")),
        value(Punct::RBracket, tag("]")),
    ));
    let one = alt((
        value(Punct::At, tag("@")),
        value(Punct::Dot, tag(".")),
        value(Punct::Comma, tag(",")),
        value(Punct::Semi, tag(";")),
        value(Punct::Colon, tag(":")),
        value(Punct::Less, tag("<")),
        value(Punct::Greater, tag(">")),
        value(Punct::Plus, tag("+")),
        value(Punct::Minus, tag("-")),
        value(Punct::Star, tag("*")),
        value(Punct::Slash, tag("/")),
        value(Punct::Percent, tag("%")),
        value(Punct::Bang, tag("!")),
        value(Punct::Eq, tag("=")),
        value(Punct::Pipe, tag("|")),
        value(Punct::Amp, tag("&")),
    ));
    alt((two, brackets, one)).parse(i)
}

/// The length in bytes of the string literal at the start of `rest` (which begins
/// with `"`), closing quote included, or `None` if it is not terminated.
fn string_len(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    let mut i = 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => return Some(i + 1),
            // Skip the escaped byte; a multi-byte character after `\` leaves
            // continuation bytes, which are never `"` or `\`.
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    None
}

/// Splits `src` into tokens, ending with [`Tok::Eof`].
pub(crate) fn tokenize(src: &str) -> Result<Vec<Token<'_>>, ParseError> {
    let mut tokens = Vec::new();
    let mut rest = src;
    loop {
        while let Ok((after, _)) = trivia(rest) {
            rest = after;
        }
        let start = src.len() - rest.len();
        let Some(c) = rest.chars().next() else {
            tokens.push(Token {
                tok: Tok::Eof,
                start,
                end: start,
            });
            return Ok(tokens);
        };
        let (tok, len) = if c == '"' {
            let len = string_len(rest).ok_or_else(|| {
                ParseError::new(Loc::new(start, src.len()), "unterminated string literal")
            })?;
            (Tok::Str(rest.get(1..len - 1).unwrap_or("")), len)
        } else if c.is_ascii_digit() {
            let (_, digits) =
                take_while1::<_, _, nom::error::Error<&str>>(|c: char| c.is_ascii_digit())
                    .parse(rest)
                    .map_err(|_| ParseError::new(Loc::new(start, start + 1), "invalid number"))?;
            (Tok::Int(digits), digits.len())
        } else if let Ok((_, name)) = ident(rest) {
            (Tok::Ident(name), name.len())
        } else if c == '?' {
            let name = rest.get(1..).and_then(|r| ident(r).ok()).map(|(_, n)| n);
            match name {
                Some(name) => (Tok::Slot(name), name.len() + 1),
                None => {
                    return Err(ParseError::new(
                        Loc::new(start, start + 1),
                        "`?` must be followed by a slot name, as in `?principal`",
                    ))
                }
            }
        } else if let Ok((_, p)) = punct(rest) {
            (Tok::Punct(p), p.text().len())
        } else {
            return Err(ParseError::new(
                Loc::new(start, start + c.len_utf8()),
                format!("unexpected character `{}`", c.escape_debug()),
            ));
        };
        tokens.push(Token {
            tok,
            start,
            end: start + len,
        });
        rest = rest.get(len..).unwrap_or("");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn toks(src: &str) -> Vec<Tok<'_>> {
        tokenize(src).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn lexes_every_kind_of_token() {
        assert_eq!(
            toks("permit(principal == User::\"a\\\"b\", ?resource) 12 <= != // c\n!"),
            vec![
                Tok::Ident("permit"),
                Tok::Punct(Punct::LParen),
                Tok::Ident("principal"),
                Tok::Punct(Punct::EqEq),
                Tok::Ident("User"),
                Tok::Punct(Punct::ColonColon),
                Tok::Str("a\\\"b"),
                Tok::Punct(Punct::Comma),
                Tok::Slot("resource"),
                Tok::Punct(Punct::RParen),
                Tok::Int("12"),
                Tok::Punct(Punct::LessEq),
                Tok::Punct(Punct::NotEq),
                Tok::Punct(Punct::Bang),
                Tok::Eof,
            ]
        );
    }

    #[test]
    fn records_byte_ranges() {
        let ts = tokenize("  ab \"é\"").unwrap();
        assert_eq!((ts[0].start, ts[0].end), (2, 4));
        assert_eq!((ts[1].start, ts[1].end), (5, 9));
        assert_eq!((ts[2].start, ts[2].end), (9, 9));
    }

    #[test]
    fn comment_at_end_of_input() {
        assert_eq!(toks("a // no newline"), vec![Tok::Ident("a"), Tok::Eof]);
    }

    #[test]
    fn reports_bad_characters_and_unterminated_strings() {
        let e = tokenize("a # b").unwrap_err();
        assert_eq!(e.message, "unexpected character `#`");
        assert_eq!(e.loc, Loc::new(2, 3));
        let e = tokenize("x \"abc").unwrap_err();
        assert_eq!(e.message, "unterminated string literal");
        assert_eq!(e.loc.start, 2);
        let e = tokenize("\"\\\"").unwrap_err();
        assert_eq!(e.message, "unterminated string literal");
        let e = tokenize("? x").unwrap_err();
        assert!(e.message.contains("slot name"));
    }

    #[test]
    fn long_string_is_one_token() {
        let s = format!("\"{}\"", "x".repeat(1 << 20));
        let ts = tokenize(&s).unwrap();
        assert_eq!(ts.len(), 2);
    }

    proptest! {
        #[test]
        fn never_panics_and_tokens_are_in_order(src in "\\PC{0,60}") {
            if let Ok(ts) = tokenize(&src) {
                let mut last = 0;
                for t in &ts {
                    prop_assert!(t.start >= last && t.end >= t.start && t.end <= src.len());
                    last = t.end;
                }
                prop_assert_eq!(ts.last().map(|t| t.tok), Some(Tok::Eof));
            }
        }
    }
}
