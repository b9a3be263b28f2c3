//! The tokenizer.
//!
//! Tokens are recognised with the longest match against the built-in punctuation plus
//! every token of the current [`NotationTable`], so that a newly declared operator such as
//! `<$>` becomes a single token. Each token records its line, its column (in characters)
//! and whether it is the first token on its line, which the parser uses for Lean's
//! column-based layout rules. Lexical errors become an [`TokKind::Error`] token that ends
//! the stream, so a file can still be parsed command by command up to the error.

use std::collections::HashSet;

use nom::branch::alt;
use nom::bytes::complete::{is_a, tag};
use nom::character::complete::{digit1, hex_digit1};
use nom::combinator::recognize;
use nom::{IResult, Parser as _};

use super::ast::Span;
use super::notation::NotationTable;

/// The kinds of tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokKind {
    /// An identifier, possibly dotted (`List.cons`).
    Ident(String),
    /// A keyword or a punctuation/operator token.
    Sym(String),
    /// A natural-number literal, as written.
    Num(String),
    /// A string literal, escapes decoded.
    Str(String),
    /// A character literal.
    Char(char),
    /// A doc comment `/-- … -/` (its trimmed contents).
    Doc(String),
    /// End of input.
    Eof,
    /// A lexical error; always the last token.
    Error(String),
}

/// A token with its position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// What the token is.
    pub kind: TokKind,
    /// Its byte range.
    pub span: Span,
    /// 0-based column, in characters.
    pub col: u32,
    /// Whether no other token precedes it on its line.
    pub first_on_line: bool,
    /// Whether whitespace or a comment precedes it.
    pub space_before: bool,
}

impl Token {
    /// Whether the token is the symbol or keyword `s`.
    pub fn is(&self, s: &str) -> bool {
        matches!(&self.kind, TokKind::Sym(t) if t == s)
    }
}

/// Reserved words: they are never identifiers.
pub const KEYWORDS: &[&str] = &[
    "fun",
    "let",
    "have",
    "show",
    "from",
    "if",
    "then",
    "else",
    "match",
    "with",
    "do",
    "by",
    "at",
    "return",
    "for",
    "in",
    "unless",
    "calc",
    "where",
    "deriving",
    "extends",
    "forall",
    "exists",
    "Type",
    "Sort",
    "Prop",
    "sorry",
    "mut",
    "def",
    "theorem",
    "abbrev",
    "instance",
    "opaque",
    "axiom",
    "example",
    "inductive",
    "structure",
    "class",
    "namespace",
    "section",
    "end",
    "open",
    "variable",
    "universe",
    "import",
    "mutual",
    "infixl",
    "infixr",
    "infix",
    "prefix",
    "postfix",
    "notation",
    "set_option",
    "attribute",
    "private",
    "protected",
    "noncomputable",
    "partial",
    "termination_by",
    "generalizing",
    "decreasing_by",
    "#check",
    "#eval",
    "#print",
    "#reduce",
];

/// Built-in punctuation (operators come from the notation table).
const SYMBOLS: &[&str] = &[
    "(", ")", "[", "]", "{", "}", "⟨", "⟩", "⦃", "⦄", ",", ":", ":=", "=>", "↦", "->", "→", "<-",
    "←", "@", "@[", ".", "·", ";", "<;>", "|", "?", "$", "<|", "|>", "⊢", "∀", "∃", "λ", "=", "*",
];

/// Whether `c` can start an identifier.
pub fn is_id_start(c: char) -> bool {
    (c.is_alphabetic() && !matches!(c, 'λ' | 'Π' | 'Σ')) || c == '_'
}

/// Whether `c` can continue an identifier.
pub fn is_id_rest(c: char) -> bool {
    is_id_start(c)
        || c.is_ascii_digit()
        || ('\u{2080}'..='\u{2089}').contains(&c)
        || matches!(c, '\'' | '!' | '?')
}

/// Whether `s` is a plain identifier segment (needs no `«»` quoting) and not a keyword.
pub fn is_plain_segment(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if is_id_start(c)) && chars.all(is_id_rest) && s != "_"
}

/// Tokenizes `src` from byte offset `start` (which must follow a token or be 0) to the end.
pub fn tokenize(src: &str, start: usize, table: &NotationTable) -> Vec<Token> {
    let mut symbols: Vec<String> = SYMBOLS.iter().map(|s| s.to_string()).collect();
    let mut words: HashSet<String> = KEYWORDS.iter().map(|s| s.to_string()).collect();
    for tok in table.tokens() {
        if is_plain_segment(tok) {
            words.insert(tok.to_string());
        } else {
            symbols.push(tok.to_string());
        }
    }
    symbols.sort_by_key(|s| std::cmp::Reverse(s.len()));
    symbols.dedup();
    let start = start.min(src.len());
    let start = (0..=start)
        .rev()
        .find(|&i| src.is_char_boundary(i))
        .unwrap_or(0);
    let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
    let mut lexer = Lexer {
        src,
        pos: start,
        line_start,
        col_pos: line_start,
        col: 0,
        symbols,
        words,
    };
    let mut out = Vec::new();
    let mut first_on_line = start == 0;
    loop {
        let before = lexer.pos;
        let newline = match lexer.skip_trivia() {
            Ok(nl) => nl,
            Err(msg) => {
                out.push(lexer.error_token(before, msg));
                return out;
            }
        };
        first_on_line |= newline;
        let space_before = lexer.pos > before || lexer.pos == 0;
        let tok_start = lexer.pos;
        let col = lexer.column(tok_start);
        let kind = match lexer.next_kind() {
            Ok(kind) => kind,
            Err(msg) => {
                out.push(lexer.error_token(tok_start, msg));
                return out;
            }
        };
        let done = kind == TokKind::Eof;
        out.push(Token {
            kind,
            span: Span::new(tok_start, lexer.pos),
            col: if done { 0 } else { col },
            first_on_line: first_on_line || done,
            space_before,
        });
        if done {
            return out;
        }
        first_on_line = false;
    }
}

struct Lexer<'s> {
    src: &'s str,
    pos: usize,
    line_start: usize,
    col_pos: usize,
    col: u32,
    symbols: Vec<String>,
    words: HashSet<String>,
}

impl Lexer<'_> {
    fn rest(&self) -> &str {
        &self.src[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn peek2(&self) -> Option<char> {
        self.rest().chars().nth(1)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line_start = self.pos;
            self.col_pos = self.pos;
            self.col = 0;
        }
        Some(c)
    }

    fn column(&mut self, at: usize) -> u32 {
        if at < self.line_start {
            // Only error tokens point back before the current line.
            let line_start = self.src[..at].rfind('\n').map_or(0, |i| i + 1);
            let n = self.src[line_start..at].chars().count();
            return u32::try_from(n).unwrap_or(u32::MAX);
        }
        if self.col_pos < self.line_start || self.col_pos > at {
            self.col_pos = self.line_start;
            self.col = 0;
        }
        let n = self.src[self.col_pos..at].chars().count();
        self.col = self
            .col
            .saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
        self.col_pos = at;
        self.col
    }

    fn error_token(&mut self, at: usize, msg: String) -> Token {
        let col = self.column(at);
        let end = self.src[at..]
            .chars()
            .next()
            .map_or(at, |c| at + c.len_utf8());
        Token {
            kind: TokKind::Error(msg),
            span: Span::new(at, end),
            col,
            first_on_line: false,
            space_before: true,
        }
    }

    /// Skips whitespace and comments (not doc comments); reports whether a newline was seen.
    fn skip_trivia(&mut self) -> Result<bool, String> {
        let mut newline = false;
        loop {
            let rest = self.rest();
            if rest.starts_with("--") {
                let len = rest.find('\n').unwrap_or(rest.len());
                self.pos += len;
            } else if rest.starts_with("/-") && !is_doc_comment(rest) {
                let comment_start = self.pos;
                self.pos += 2;
                self.skip_block_comment().map_err(|()| {
                    format!("unterminated comment starting at byte {comment_start}")
                })?;
                if self.src[comment_start..self.pos].contains('\n') {
                    newline = true;
                }
            } else {
                match self.peek() {
                    Some('\n') => {
                        newline = true;
                        self.bump();
                    }
                    Some(c) if c.is_whitespace() => {
                        self.bump();
                    }
                    _ => return Ok(newline),
                }
            }
        }
    }

    /// Skips the rest of a (possibly nested) block comment whose `/-` was consumed.
    fn skip_block_comment(&mut self) -> Result<(), ()> {
        let mut depth = 1usize;
        while depth > 0 {
            let rest = self.rest();
            if rest.starts_with("/-") {
                depth += 1;
                self.pos += 2;
            } else if rest.starts_with("-/") {
                depth -= 1;
                self.pos += 2;
            } else if self.bump().is_none() {
                return Err(());
            }
        }
        Ok(())
    }

    fn next_kind(&mut self) -> Result<TokKind, String> {
        let Some(c) = self.peek() else {
            return Ok(TokKind::Eof);
        };
        let rest = self.rest();
        if is_doc_comment(rest) {
            self.pos += 3;
            let body_start = self.pos;
            self.skip_block_comment()
                .map_err(|()| "unterminated doc comment".to_string())?;
            let body = &self.src[body_start..self.pos - 2];
            return Ok(TokKind::Doc(body.trim().to_string()));
        }
        if c.is_ascii_digit() {
            let (len, text) = match number(rest) {
                Ok((after, text)) => (rest.len() - after.len(), text.to_string()),
                Err(_) => return Err("invalid number literal".into()),
            };
            self.pos += len;
            return Ok(TokKind::Num(text));
        }
        if c == '"' {
            self.bump();
            return self.string().map(TokKind::Str);
        }
        if c == '\'' {
            self.bump();
            let ch = match self.bump() {
                Some('\\') => self.escape()?,
                Some(ch) if ch != '\'' && ch != '\n' => ch,
                _ => return Err("invalid character literal".into()),
            };
            if self.bump() != Some('\'') {
                return Err("unterminated character literal".into());
            }
            return Ok(TokKind::Char(ch));
        }
        if is_id_start(c) || c == '«' {
            let name = self.ident()?;
            if name == "_" || self.words.contains(&name) {
                return Ok(TokKind::Sym(name));
            }
            return Ok(TokKind::Ident(name));
        }
        if c == '#' && self.peek2().is_some_and(is_id_start) {
            self.bump();
            let word = self.ident()?;
            return Ok(TokKind::Sym(format!("#{word}")));
        }
        if let Some(sym) = self.symbols.iter().find(|s| rest.starts_with(s.as_str())) {
            let sym = sym.clone();
            self.pos += sym.len();
            return Ok(TokKind::Sym(sym));
        }
        if c.is_control() {
            return Err(format!("unexpected character U+{:04X}", u32::from(c)));
        }
        self.bump();
        Ok(TokKind::Sym(c.to_string()))
    }

    fn ident(&mut self) -> Result<String, String> {
        let mut name = String::new();
        loop {
            if self.peek() == Some('«') {
                self.bump();
                let rest = self.rest();
                let Some(end) = rest.find('»') else {
                    return Err("unterminated `«` identifier".into());
                };
                let segment = &rest[..end];
                if segment.is_empty() || segment.contains(['.', '\n']) {
                    return Err(
                        "a `«»` identifier must be non-empty, without `.` or newline".into(),
                    );
                }
                name.push_str(segment);
                self.pos += end + '»'.len_utf8();
            } else {
                while let Some(c) = self.peek().filter(|&c| is_id_rest(c)) {
                    name.push(c);
                    self.bump();
                }
            }
            let continues = self.peek() == Some('.')
                && self.peek2().is_some_and(|c| is_id_start(c) || c == '«');
            if !continues {
                return Ok(name);
            }
            self.bump();
            name.push('.');
        }
    }

    fn string(&mut self) -> Result<String, String> {
        let mut out = String::new();
        loop {
            match self.bump() {
                None => return Err("unterminated string literal".into()),
                Some('"') => return Ok(out),
                Some('\\') => out.push(self.escape()?),
                Some(c) => out.push(c),
            }
        }
    }

    fn escape(&mut self) -> Result<char, String> {
        let c = self.bump().ok_or("unterminated escape sequence")?;
        let hex = |lexer: &mut Self, n: usize| -> Result<char, String> {
            let digits: String = lexer.rest().chars().take(n).collect();
            if digits.len() != n || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
                return Err(format!("expected {n} hexadecimal digits in escape"));
            }
            lexer.pos += n;
            u32::from_str_radix(&digits, 16)
                .ok()
                .and_then(char::from_u32)
                .ok_or_else(|| "escape is not a Unicode scalar value".to_string())
        };
        match c {
            'n' => Ok('\n'),
            't' => Ok('\t'),
            'r' => Ok('\r'),
            '\\' => Ok('\\'),
            '"' => Ok('"'),
            '\'' => Ok('\''),
            'x' => hex(self, 2),
            'u' => hex(self, 4),
            other => Err(format!("unknown escape `\\{other}`")),
        }
    }
}

/// Whether `rest` starts a doc comment `/-- … -/` (but not the empty comment `/--/`).
fn is_doc_comment(rest: &str) -> bool {
    rest.starts_with("/--") && !rest.starts_with("/--/")
}

/// A natural-number literal: decimal, `0x` hexadecimal or `0b` binary.
fn number(input: &str) -> IResult<&str, &str> {
    alt((
        recognize((tag("0x"), hex_digit1)),
        recognize((tag("0b"), is_a("01"))),
        digit1,
    ))
    .parse(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<TokKind> {
        tokenize(src, 0, &NotationTable::lean_core())
            .into_iter()
            .map(|t| t.kind)
            .collect()
    }

    fn id(s: &str) -> TokKind {
        TokKind::Ident(s.into())
    }

    fn sym(s: &str) -> TokKind {
        TokKind::Sym(s.into())
    }

    #[test]
    fn identifiers_with_unicode_dots_and_suffixes() {
        assert_eq!(
            kinds("α h₁ x' List.cons find? «weird name» _x"),
            vec![
                id("α"),
                id("h₁"),
                id("x'"),
                id("List.cons"),
                id("find?"),
                id("weird name"),
                id("_x"),
                TokKind::Eof
            ]
        );
    }

    #[test]
    fn projections_and_leading_dots_are_separate_tokens() {
        assert_eq!(
            kinds("x.1"),
            vec![id("x"), sym("."), TokKind::Num("1".into()), TokKind::Eof]
        );
        assert_eq!(kinds(".allow"), vec![sym("."), id("allow"), TokKind::Eof]);
    }

    #[test]
    fn literals_and_escapes() {
        assert_eq!(
            kinds(r#"42 0xFF 0b101 "a\n\"\u03B1" 'c' '\n'"#),
            vec![
                TokKind::Num("42".into()),
                TokKind::Num("0xFF".into()),
                TokKind::Num("0b101".into()),
                TokKind::Str("a\n\"α".into()),
                TokKind::Char('c'),
                TokKind::Char('\n'),
                TokKind::Eof
            ]
        );
    }

    #[test]
    fn comments_nest_and_doc_comments_are_kept() {
        assert_eq!(
            kinds("a -- c\n/- x /- y -/ z -/ b /-- doc -/ c /--/ d"),
            vec![
                id("a"),
                id("b"),
                TokKind::Doc("doc".into()),
                id("c"),
                id("d"),
                TokKind::Eof
            ]
        );
    }

    #[test]
    fn longest_match_uses_the_table() {
        assert_eq!(
            kinds("a<$>b <;> c ≤ d <-> e"),
            vec![
                id("a"),
                sym("<$>"),
                id("b"),
                sym("<;>"),
                id("c"),
                sym("≤"),
                id("d"),
                sym("<->"),
                id("e"),
                TokKind::Eof
            ]
        );
        // Without the table, `<$>` is three tokens.
        let plain: Vec<_> = tokenize("<$>", 0, &NotationTable::new())
            .into_iter()
            .map(|t| t.kind)
            .collect();
        assert_eq!(plain, vec![sym("<"), sym("$"), sym(">"), TokKind::Eof]);
    }

    #[test]
    fn keywords_and_commands() {
        assert_eq!(
            kinds("fun λ #check _ theorem"),
            vec![
                sym("fun"),
                sym("λ"),
                sym("#check"),
                sym("_"),
                sym("theorem"),
                TokKind::Eof
            ]
        );
    }

    #[test]
    fn layout_information() {
        let toks = tokenize("def f :=\n  αβ x\n-- c\n  y", 0, &NotationTable::new());
        let info: Vec<(u32, bool)> = toks.iter().map(|t| (t.col, t.first_on_line)).collect();
        assert_eq!(
            info,
            vec![
                (0, true),
                (4, false),
                (6, false),
                (2, true),
                (5, false),
                (2, true),
                (0, true)
            ]
        );
        assert!(!toks[1].space_before || toks[1].span.start == 4);
    }

    #[test]
    fn errors_end_the_stream() {
        for (src, msg) in [
            ("a \"abc", "unterminated string"),
            ("/- a", "unterminated comment"),
            ("'ab'", "unterminated character"),
            ("\"\\q\"", "unknown escape"),
            ("a \u{1} b", "unexpected character"),
        ] {
            let toks = tokenize(src, 0, &NotationTable::new());
            match toks.last().map(|t| &t.kind) {
                Some(TokKind::Error(m)) => assert!(m.contains(msg), "{src}: {m}"),
                other => panic!("{src}: expected an error, got {other:?}"),
            }
        }
    }
}
