//! The parser state: a token cursor, the notation table, the nesting bound and the
//! layout position.
//!
//! Layout follows Lean 4: constructs such as tactic blocks, `do` blocks and structure
//! fields save a *position column*; a token that starts a line at or left of that column
//! cannot continue the current term (as an argument or an operator operand). Inside
//! brackets the position is cleared.

use super::ast::{Command, Name, Span, Term};
use super::error::ParseError;
use super::lexer::{tokenize, TokKind, Token};
use super::notation::NotationTable;

/// Result of a parsing step.
pub type PResult<T> = Result<T, ParseError>;

/// The default bound on syntactic nesting.
pub const DEFAULT_MAX_DEPTH: usize = 512;

/// The default stack budget of a parse (1 MiB). Nesting is reported as too deep when
/// either the depth bound or this budget is exceeded, so that unoptimised builds, whose
/// frames are much larger, also fail cleanly instead of overflowing the stack.
pub const DEFAULT_STACK_BUDGET: usize = 1 << 20;

/// An incremental parser yielding one command at a time. Notation commands extend the
/// parser's table for the commands that follow.
pub struct Parser<'s> {
    pub(crate) src: &'s str,
    pub(crate) table: NotationTable,
    toks: Vec<Token>,
    idx: usize,
    eof: Token,
    depth: usize,
    max_depth: usize,
    /// The layout position column, if any.
    pub(crate) pos_col: Option<u32>,
    /// Stack address at the start of the current public call.
    stack_base: usize,
    /// How much stack the parser may use before reporting excessive nesting.
    stack_budget: usize,
    /// Whether `do` may start an application argument (false in `for … in e do`).
    pub(crate) no_do: bool,
    failed: bool,
}

impl<'s> Parser<'s> {
    /// A parser for `src` starting with the notations of `table`.
    pub fn new(src: &'s str, table: NotationTable) -> Self {
        let toks = tokenize(src, 0, &table);
        let eof = Token {
            kind: TokKind::Eof,
            span: Span::new(src.len(), src.len()),
            col: 0,
            first_on_line: true,
            space_before: true,
        };
        Parser {
            src,
            table,
            toks,
            idx: 0,
            eof,
            depth: 0,
            max_depth: DEFAULT_MAX_DEPTH,
            stack_base: 0,
            stack_budget: DEFAULT_STACK_BUDGET,
            pos_col: None,
            no_do: false,
            failed: false,
        }
    }

    /// Sets the bound on syntactic nesting (default [`DEFAULT_MAX_DEPTH`]).
    pub fn with_max_depth(mut self, max_depth: usize) -> Self {
        self.max_depth = max_depth;
        self
    }

    /// Sets the stack budget in bytes (default [`DEFAULT_STACK_BUDGET`]).
    pub fn with_stack_budget(mut self, bytes: usize) -> Self {
        self.stack_budget = bytes;
        self
    }

    /// The notation table as extended by the commands parsed so far.
    pub fn table(&self) -> &NotationTable {
        &self.table
    }

    /// Consumes the parser, returning its notation table.
    pub fn into_table(self) -> NotationTable {
        self.table
    }

    /// Parses the next command; `None` at the end of input or after an error.
    pub fn next_command(&mut self) -> Option<Result<Command, ParseError>> {
        if self.failed || matches!(self.peek().kind, TokKind::Eof) {
            return None;
        }
        self.pos_col = Some(self.peek().col);
        self.no_do = false;
        self.mark_stack_base();
        let result = self.command();
        if result.is_err() {
            self.failed = true;
        }
        Some(result)
    }

    /// Parses the whole input as a single term.
    pub fn parse_term_to_end(&mut self) -> Result<Term, ParseError> {
        self.mark_stack_base();
        let term = self.term()?;
        self.expect_eof()?;
        Ok(term)
    }

    pub(crate) fn expect_eof(&self) -> PResult<()> {
        if matches!(self.peek().kind, TokKind::Eof) {
            Ok(())
        } else {
            Err(self.unexpected("end of input"))
        }
    }

    // ----- token cursor -----

    pub(crate) fn peek(&self) -> &Token {
        self.peek_at(0)
    }

    pub(crate) fn peek_at(&self, k: usize) -> &Token {
        self.toks
            .get(self.idx + k)
            .or(self.toks.last())
            .unwrap_or(&self.eof)
    }

    pub(crate) fn advance(&mut self) -> Token {
        let tok = self.peek().clone();
        if self.idx + 1 < self.toks.len() {
            self.idx += 1;
        }
        tok
    }

    /// The end offset of the last consumed token.
    pub(crate) fn prev_end(&self) -> usize {
        match self.idx.checked_sub(1).and_then(|i| self.toks.get(i)) {
            Some(t) => t.span.end,
            None => 0,
        }
    }

    /// Re-tokenizes the input after the current position (after the table changed).
    pub(crate) fn relex(&mut self) {
        let start = self.prev_end();
        self.toks.truncate(self.idx);
        self.toks.extend(tokenize(self.src, start, &self.table));
    }

    pub(crate) fn is(&self, s: &str) -> bool {
        self.peek().is(s)
    }

    pub(crate) fn is_at(&self, k: usize, s: &str) -> bool {
        self.peek_at(k).is(s)
    }

    pub(crate) fn is_ident(&self, name: &str) -> bool {
        matches!(&self.peek().kind, TokKind::Ident(n) if n == name)
    }

    pub(crate) fn eat(&mut self, s: &str) -> bool {
        if self.is(s) {
            self.advance();
            true
        } else {
            false
        }
    }

    pub(crate) fn expect(&mut self, s: &str) -> PResult<Span> {
        if self.is(s) {
            Ok(self.advance().span)
        } else {
            Err(self.unexpected(&format!("`{s}`")))
        }
    }

    /// An identifier (possibly dotted).
    pub(crate) fn expect_ident(&mut self) -> PResult<(Name, Span)> {
        match &self.peek().kind {
            TokKind::Ident(name) => {
                let name = name.clone();
                Ok((name, self.advance().span))
            }
            _ => Err(self.unexpected("an identifier")),
        }
    }

    /// Whether the token at `k` is a binder name: an undotted identifier or `_`.
    pub(crate) fn is_binder_name_at(&self, k: usize) -> bool {
        match &self.peek_at(k).kind {
            TokKind::Ident(n) => !n.contains('.'),
            TokKind::Sym(s) => s == "_",
            _ => false,
        }
    }

    /// A binder name: an undotted identifier or `_`.
    pub(crate) fn binder_name(&mut self) -> PResult<Name> {
        if !self.is_binder_name_at(0) {
            return Err(self.unexpected("a name"));
        }
        Ok(match self.advance().kind {
            TokKind::Ident(n) => n,
            _ => "_".to_string(),
        })
    }

    /// Whether the next token starts a line at or left of the layout position.
    pub(crate) fn stops_here(&self) -> bool {
        let tok = self.peek();
        tok.first_on_line && self.pos_col.is_some_and(|c| tok.col <= c)
    }

    /// Runs `f` with the layout position set to `col`, restoring it afterwards.
    pub(crate) fn with_pos<T>(
        &mut self,
        col: Option<u32>,
        f: impl FnOnce(&mut Self) -> PResult<T>,
    ) -> PResult<T> {
        let saved = std::mem::replace(&mut self.pos_col, col);
        let saved_no_do = std::mem::replace(&mut self.no_do, false);
        let result = f(self);
        self.pos_col = saved;
        self.no_do = saved_no_do;
        result
    }

    // ----- nesting bound -----

    pub(crate) fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > self.max_depth || self.stack_used() > self.stack_budget {
            self.depth -= 1;
            return Err(self.too_deep());
        }
        Ok(())
    }

    fn too_deep(&self) -> ParseError {
        self.error_here(format!(
            "nesting too deep (the maximum depth is {} levels within a {} KiB stack budget)",
            self.max_depth,
            self.stack_budget / 1024
        ))
    }

    /// Marks the current stack position as the base for [`Self::stack_used`].
    fn mark_stack_base(&mut self) {
        let marker = 0u8;
        self.stack_base = std::ptr::addr_of!(marker) as usize;
    }

    /// An estimate of the stack used since the last public entry point.
    fn stack_used(&self) -> usize {
        let marker = 0u8;
        let here = std::ptr::addr_of!(marker) as usize;
        here.abs_diff(self.stack_base)
    }

    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Runs `f` one nesting level deeper.
    pub(crate) fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        self.enter()?;
        let result = f(self);
        self.leave();
        result
    }

    /// Checks that a left-nested chain of `len` operators stays within the depth bound.
    pub(crate) fn check_chain(&self, len: usize) -> PResult<()> {
        if self.depth + len > self.max_depth {
            return Err(self.too_deep());
        }
        Ok(())
    }

    // ----- errors -----

    /// An error at the next token.
    pub(crate) fn error_here(&self, message: impl Into<String>) -> ParseError {
        let tok = self.peek();
        ParseError::new(tok.span.start, tok.span.end, message)
    }

    /// "expected …, found …" at the next token (or the lexical error found there).
    pub(crate) fn unexpected(&self, expected: &str) -> ParseError {
        let tok = self.peek();
        let found = match &tok.kind {
            TokKind::Error(msg) => return self.error_here(msg.clone()),
            TokKind::Ident(n) => format!("identifier `{n}`"),
            TokKind::Sym(s) => format!("`{s}`"),
            TokKind::Num(n) => format!("number `{n}`"),
            TokKind::Str(_) => "a string literal".to_string(),
            TokKind::Char(_) => "a character literal".to_string(),
            TokKind::Doc(_) => "a doc comment".to_string(),
            TokKind::Eof => "end of input".to_string(),
        };
        self.error_here(format!("expected {expected}, found {found}"))
    }
}

impl Iterator for Parser<'_> {
    type Item = Result<Command, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_command()
    }
}

impl Parser<'_> {
    /// Parses the whole input as a tactic sequence.
    pub fn parse_tactics_to_end(&mut self) -> Result<Vec<super::ast::Tactic>, ParseError> {
        self.mark_stack_base();
        let tactics = self.tactic_seq()?;
        self.expect_eof()?;
        Ok(tactics)
    }
}
