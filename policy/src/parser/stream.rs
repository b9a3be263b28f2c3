//! The token cursor shared by the expression and policy parsers, with the pieces
//! both need: identifiers, names and entity UIDs.

use smol_str::SmolStr;

use super::error::ParseError;
use super::lexer::{Punct, Tok, Token};
use super::unescape::unescape_str;
use crate::ast::{Loc, MAX_EXPR_DEPTH};
use crate::value::{EntityUid, Name};

/// Words that can never be identifiers (attribute names after `.` or `has`, record
/// keys, name components).
pub(crate) const RESERVED: &[&str] = &[
    "true", "false", "if", "then", "else", "in", "like", "has", "is",
];

/// The name component reserved for Cedar's own use.
pub(crate) const RESERVED_COMPONENT: &str = "__cedar";

/// Whether `s` can be written as a bare identifier (an attribute after `.`, a
/// record key, a name component) and read back.
pub fn is_valid_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
        && !RESERVED.contains(&s)
        && s != RESERVED_COMPONENT
}

/// The result type of the parser's internal functions.
pub(crate) type PResult<T> = Result<T, ParseError>;

/// A cursor over the tokens of one source text.
pub(crate) struct Parser<'a> {
    tokens: Vec<Token<'a>>,
    pos: usize,
    /// How many expression parsers are active; bounded by [`MAX_EXPR_DEPTH`].
    nesting: usize,
}

impl<'a> Parser<'a> {
    /// A parser over `tokens`, which end with [`Tok::Eof`].
    pub(crate) fn new(tokens: Vec<Token<'a>>) -> Parser<'a> {
        Parser {
            tokens,
            pos: 0,
            nesting: 0,
        }
    }

    /// The current token (the final `Eof` once the input is exhausted).
    pub(crate) fn peek(&self) -> Token<'a> {
        self.peek_at(0)
    }

    /// The token `n` places ahead.
    pub(crate) fn peek_at(&self, n: usize) -> Token<'a> {
        let last = self.tokens.len().saturating_sub(1);
        let at = self.pos.saturating_add(n).min(last);
        self.tokens.get(at).copied().unwrap_or(Token {
            tok: Tok::Eof,
            start: 0,
            end: 0,
        })
    }

    /// Consumes and returns the current token (never moves past `Eof`).
    pub(crate) fn advance(&mut self) -> Token<'a> {
        let t = self.peek();
        if t.tok != Tok::Eof {
            self.pos += 1;
        }
        t
    }

    /// The end offset of the last consumed token.
    pub(crate) fn prev_end(&self) -> usize {
        self.pos
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .map_or(0, |t| t.end)
    }

    /// Whether the current token is punctuation `p`.
    pub(crate) fn at(&self, p: Punct) -> bool {
        self.peek().tok == Tok::Punct(p)
    }

    /// Whether the current token is the identifier or keyword `word`.
    pub(crate) fn at_word(&self, word: &str) -> bool {
        self.peek().tok == Tok::Ident(word)
    }

    /// Consumes punctuation `p` if it is next.
    pub(crate) fn eat(&mut self, p: Punct) -> Option<Token<'a>> {
        self.at(p).then(|| self.advance())
    }

    /// Consumes the keyword `word` if it is next.
    pub(crate) fn eat_word(&mut self, word: &str) -> Option<Token<'a>> {
        self.at_word(word).then(|| self.advance())
    }

    /// An error at the current token: "expected X, found Y".
    pub(crate) fn expected(&self, what: &str) -> ParseError {
        let t = self.peek();
        ParseError::new(
            t.loc(),
            format!("expected {what}, found {}", t.tok.describe()),
        )
    }

    /// Consumes `p`, or fails with "expected `p` `context`".
    pub(crate) fn expect(&mut self, p: Punct, context: &str) -> PResult<Token<'a>> {
        match self.eat(p) {
            Some(t) => Ok(t),
            None => {
                let t = self.peek();
                let found = t.tok.describe();
                let msg = if context.is_empty() {
                    format!("expected `{}`, found {found}", p.text())
                } else {
                    format!("expected `{}` {context}, found {found}", p.text())
                };
                Err(ParseError::new(t.loc(), msg))
            }
        }
    }

    /// Consumes the keyword `word`, or fails with "expected `word` `context`".
    pub(crate) fn expect_word(&mut self, word: &str, context: &str) -> PResult<Token<'a>> {
        match self.eat_word(word) {
            Some(t) => Ok(t),
            None => Err(self.expected(&format!("`{word}` {context}"))),
        }
    }

    /// Runs `f` one expression level deeper, failing if the nesting limit is hit.
    pub(crate) fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        if self.nesting >= MAX_EXPR_DEPTH {
            return Err(too_deep(self.peek().loc()));
        }
        self.nesting += 1;
        let r = f(self);
        self.nesting -= 1;
        r
    }

    /// Consumes an identifier usable as an attribute, record key or name
    /// component: not a reserved word.
    pub(crate) fn ident(&mut self, what: &str) -> PResult<(SmolStr, Loc)> {
        let t = self.peek();
        match t.tok {
            Tok::Ident(name) => {
                check_ident(name, t.loc())?;
                self.advance();
                Ok((SmolStr::new(name), t.loc()))
            }
            _ => Err(self.expected(what)),
        }
    }

    /// Parses a name `A::B::C`, stopping before a `::` that is not followed by an
    /// identifier (as in the entity UID `A::B::"id"`).
    pub(crate) fn path(&mut self, what: &str) -> PResult<(Name, Loc)> {
        let (first, first_loc) = self.ident(what)?;
        let mut parts = vec![first];
        let mut loc = first_loc;
        while self.at(Punct::ColonColon) && matches!(self.peek_at(1).tok, Tok::Ident(_)) {
            self.advance();
            let (part, part_loc) = self.ident("an identifier")?;
            parts.push(part);
            loc = loc.join(part_loc);
        }
        Ok((Name::from_parts(&parts), loc))
    }

    /// Parses an entity UID `A::B::"id"`.
    pub(crate) fn entity_uid(&mut self, what: &str) -> PResult<(EntityUid, Loc)> {
        if !matches!(self.peek().tok, Tok::Ident(_)) {
            return Err(self.expected(what));
        }
        let (ty, loc) = self.path(what)?;
        self.expect_uid_tail(ty, loc)
    }

    /// After the type of an entity UID: `::"id"`.
    pub(crate) fn expect_uid_tail(&mut self, ty: Name, loc: Loc) -> PResult<(EntityUid, Loc)> {
        if self.eat(Punct::ColonColon).is_none() {
            return Err(ParseError::new(
                self.peek().loc(),
                format!("expected `::` and a quoted id after `{ty}`, as in `{ty}::\"id\"`"),
            ));
        }
        let t = self.peek();
        match t.tok {
            Tok::Str(raw) => {
                self.advance();
                let eid = unescape_str(raw, t.start + 1)?;
                Ok((EntityUid::new(ty, eid), loc.join(t.loc())))
            }
            Tok::Punct(Punct::LBrace) => Err(ParseError::new(
                t.loc(),
                "entities cannot be written as records: write `Type::\"id\"`",
            )),
            _ => Err(self.expected(&format!("a quoted entity id after `{ty}::`"))),
        }
    }
}

/// Fails if `name` is a reserved word or `__cedar`.
pub(crate) fn check_ident(name: &str, loc: Loc) -> PResult<()> {
    if RESERVED.contains(&name) {
        Err(ParseError::new(
            loc,
            format!("`{name}` is a reserved word and cannot be an identifier"),
        ))
    } else if name == RESERVED_COMPONENT {
        Err(ParseError::new(
            loc,
            format!("`{RESERVED_COMPONENT}` is reserved for Cedar's own use"),
        ))
    } else {
        Ok(())
    }
}

/// The error for input nested beyond [`MAX_EXPR_DEPTH`].
pub(crate) fn too_deep(loc: Loc) -> ParseError {
    ParseError::new(
        loc,
        format!("expression is nested too deeply (limit {MAX_EXPR_DEPTH})"),
    )
}
