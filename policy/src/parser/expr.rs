//! Expressions, from `if … then … else …` down to literals.
//!
//! A recursive-descent parser with one function per precedence level. Only
//! [`Parser::expr`] recurses into sub-expressions (through parentheses, sets,
//! records, arguments and `if`), and it counts its nesting, so the parser's stack
//! use is bounded. Every node also records the depth of the tree below it, so
//! long left-deep chains (`1 + 1 + …`, `a.b.c…`) are caught as well: no tree
//! deeper than [`MAX_EXPR_DEPTH`] leaves the parser.

use std::collections::HashSet;

use super::error::ParseError;
use super::lexer::{Punct, Tok, Token};
use super::stream::{check_ident, too_deep, PResult, Parser};
use super::unescape::{unescape_pattern, unescape_str};
use crate::ast::{
    BinaryOp, Builtin, Expr, ExprKind, ExtFn, Literal, Loc, UnaryOp, Var, MAX_EXPR_DEPTH,
};
use crate::value::Name;

/// Cedar allows at most this many `!` (or `-`) in a row.
const MAX_PREFIX_OPS: usize = 4;

/// A parsed expression and the depth of its tree (a leaf has depth 1).
pub(crate) struct Tree {
    /// The expression.
    pub expr: Expr,
    /// The depth of its tree.
    pub depth: usize,
}

/// A node over children whose deepest tree is `child_depth` deep.
fn node(kind: ExprKind, loc: Loc, child_depth: usize) -> PResult<Tree> {
    let depth = child_depth + 1;
    if depth > MAX_EXPR_DEPTH {
        return Err(too_deep(loc));
    }
    Ok(Tree {
        expr: Expr::at(kind, loc),
        depth,
    })
}

fn leaf(kind: ExprKind, loc: Loc) -> Tree {
    Tree {
        expr: Expr::at(kind, loc),
        depth: 1,
    }
}

/// What the member level produced: a tree, or an integer literal not yet
/// range-checked (a `-` directly before it folds into it, as in Cedar).
enum Operand<'a> {
    Tree(Tree),
    Number { text: &'a str, loc: Loc },
}

/// Converts the digits of an integer literal, negated or not.
fn integer(text: &str, loc: Loc, negative: bool) -> PResult<i64> {
    let magnitude = text.parse::<u64>().ok();
    let value = magnitude.and_then(|n| {
        let n = i128::from(n);
        i64::try_from(if negative { -n } else { n }).ok()
    });
    value.ok_or_else(|| {
        let sign = if negative { "-" } else { "" };
        ParseError::new(
            loc,
            format!("integer literal `{sign}{text}` does not fit in 64 bits"),
        )
    })
}

fn relational_op(tok: Tok<'_>) -> Option<BinaryOp> {
    Some(match tok {
        Tok::Punct(Punct::EqEq) => BinaryOp::Eq,
        Tok::Punct(Punct::NotEq) => BinaryOp::NotEq,
        Tok::Punct(Punct::Less) => BinaryOp::Less,
        Tok::Punct(Punct::LessEq) => BinaryOp::LessEq,
        Tok::Punct(Punct::Greater) => BinaryOp::Greater,
        Tok::Punct(Punct::GreaterEq) => BinaryOp::GreaterEq,
        Tok::Ident("in") => BinaryOp::In,
        _ => return None,
    })
}

fn boxed(t: Tree) -> Box<Expr> {
    Box::new(t.expr)
}

/// Binding strength of the binary operators (higher binds tighter).
const OR: u8 = 1;
const AND: u8 = 2;
const REL: u8 = 3;
const ADD: u8 = 4;
const MUL: u8 = 5;

/// An infix operator token.
#[derive(Clone, Copy)]
enum InfixOp {
    Or,
    And,
    Binary(BinaryOp),
    Has,
    Like,
    Is,
}

/// The infix operator `tok` stands for, with its binding strength.
fn infix(tok: Tok<'_>) -> Option<(u8, InfixOp)> {
    if let Some(op) = relational_op(tok) {
        return Some((REL, InfixOp::Binary(op)));
    }
    Some(match tok {
        Tok::Punct(Punct::OrOr) => (OR, InfixOp::Or),
        Tok::Punct(Punct::AndAnd) => (AND, InfixOp::And),
        Tok::Ident("has") => (REL, InfixOp::Has),
        Tok::Ident("like") => (REL, InfixOp::Like),
        Tok::Ident("is") => (REL, InfixOp::Is),
        Tok::Punct(Punct::Plus) => (ADD, InfixOp::Binary(BinaryOp::Add)),
        Tok::Punct(Punct::Minus) => (ADD, InfixOp::Binary(BinaryOp::Sub)),
        Tok::Punct(Punct::Star) => (MUL, InfixOp::Binary(BinaryOp::Mul)),
        _ => return None,
    })
}

/// An operator waiting for its right operand on the operator stack.
enum Pending {
    /// `||`, `&&` or a binary operator.
    Infix(u8, InfixOp),
    /// `is T in`: the right operand is the `in` part.
    IsIn(Name),
}

impl Pending {
    fn prec(&self) -> u8 {
        match self {
            Pending::Infix(p, _) => *p,
            Pending::IsIn(_) => REL,
        }
    }
}

/// An operand on the operand stack, and whether it was built by a relational
/// operator in the same chain (which another relational operator cannot follow).
struct Operand2 {
    tree: Tree,
    relation: bool,
}

/// The error for a token that looks like an operator Cedar does not have.
#[cold]
#[inline(never)]
fn bad_operator(t: Token<'_>) -> Option<ParseError> {
    let msg = match t.tok {
        Tok::Punct(Punct::Eq) => "unexpected `=`: use `==` to compare values",
        Tok::Punct(Punct::Pipe) => "unexpected `|`: use `||` for \"or\"",
        Tok::Punct(Punct::Amp) => "unexpected `&`: use `&&` for \"and\"",
        Tok::Punct(Punct::Slash) => "unsupported operator `/`: Cedar has only `+`, `-` and `*`",
        Tok::Punct(Punct::Percent) => "unsupported operator `%`: Cedar has only `+`, `-` and `*`",
        _ => return None,
    };
    Some(ParseError::new(t.loc(), msg))
}

#[cold]
#[inline(never)]
fn not_associative(t: Token<'_>) -> ParseError {
    ParseError::new(
        t.loc(),
        "relational operators are not associative: use parentheses",
    )
}

/// The result of a postfix relation (`has`, `like`, `is`).
enum Postfix {
    /// The relation is complete.
    Done(Tree),
    /// `lhs is T in`: the `in` operand comes next.
    IsIn(Tree, Name),
}

/// The operand and operator stacks of an operator-precedence parse.
#[derive(Default)]
struct Chain {
    operands: Vec<Operand2>,
    pending: Vec<Pending>,
}

impl Chain {
    /// Reduces every pending operator that binds at least as tightly as `prec`.
    #[inline(never)]
    fn reduce_down_to(&mut self, prec: u8) -> PResult<()> {
        while self.pending.last().is_some_and(|top| top.prec() >= prec) {
            if let Some(top) = self.pending.pop() {
                self.reduce(top)?;
            }
        }
        Ok(())
    }

    /// Reduces everything and returns the single remaining tree.
    #[inline(never)]
    fn finish(mut self) -> PResult<Tree> {
        self.reduce_down_to(0)?;
        match self.operands.pop() {
            Some(o) if self.operands.is_empty() => Ok(o.tree),
            _ => Err(ParseError::new(
                Loc::NONE,
                "internal error: unbalanced operand stack",
            )),
        }
    }

    /// Pops operator `op`'s two operands and pushes the node they make.
    fn reduce(&mut self, op: Pending) -> PResult<()> {
        let (Some(rhs), Some(lhs)) = (self.operands.pop(), self.operands.pop()) else {
            // Every operator is pushed after its left operand and before its right.
            return Err(ParseError::new(
                Loc::NONE,
                "internal error: operand stack underflow",
            ));
        };
        let (lhs, rhs) = (lhs.tree, rhs.tree);
        let relation = op.prec() == REL;
        let tree = match op {
            Pending::IsIn(entity_type) => {
                let loc = lhs.expr.loc.join(rhs.expr.loc);
                let depth = lhs.depth.max(rhs.depth);
                node(
                    ExprKind::Is {
                        expr: boxed(lhs),
                        entity_type,
                        in_expr: Some(boxed(rhs)),
                    },
                    loc,
                    depth,
                )?
            }
            Pending::Infix(_, InfixOp::Or) => Parser::join(lhs, rhs, ExprKind::Or)?,
            Pending::Infix(_, InfixOp::And) => Parser::join(lhs, rhs, ExprKind::And)?,
            Pending::Infix(_, InfixOp::Binary(op)) => {
                Parser::join(lhs, rhs, |a, b| ExprKind::Binary(op, a, b))?
            }
            Pending::Infix(_, InfixOp::Has | InfixOp::Like | InfixOp::Is) => {
                return Err(ParseError::new(
                    Loc::NONE,
                    "internal error: postfix operator pending",
                ))
            }
        };
        self.operands.push(Operand2 { tree, relation });
        Ok(())
    }
}

impl<'a> Parser<'a> {
    /// `Expr := 'if' Expr 'then' Expr 'else' Expr | Or`
    pub(crate) fn expr(&mut self) -> PResult<Tree> {
        self.nested(|p| {
            if p.at_word("if") {
                p.if_expr()
            } else {
                p.binary()
            }
        })
    }

    #[inline(never)]
    fn if_expr(&mut self) -> PResult<Tree> {
        let if_tok = self.advance();
        let cond = self.expr()?;
        self.expect_word("then", "after the condition of `if`")?;
        let then_expr = self.expr()?;
        self.expect_word("else", "after the `then` branch")?;
        let else_expr = self.expr()?;
        let depth = cond.depth.max(then_expr.depth).max(else_expr.depth);
        let loc = if_tok.loc().join(else_expr.expr.loc);
        node(
            ExprKind::If {
                cond: boxed(cond),
                then_expr: boxed(then_expr),
                else_expr: boxed(else_expr),
            },
            loc,
            depth,
        )
    }

    /// A chain of operands and infix operators, `||` < `&&` < relations < `+ -`
    /// < `*`, all left-associative except relations, which do not chain.
    ///
    /// Precedence is resolved with explicit stacks ([`Chain`]) rather than one
    /// function per level, and this function only alternates between reading an
    /// operand and handing operators to helpers, so the parser's stack use per
    /// nested expression stays small.
    fn binary(&mut self) -> PResult<Tree> {
        let mut chain = Chain::default();
        loop {
            let operand = self.unary()?;
            chain.operands.push(Operand2 {
                tree: operand,
                relation: false,
            });
            if !self.operators(&mut chain)? {
                return chain.finish();
            }
        }
    }

    /// Reads operators after an operand until one that needs a right operand
    /// (`true`) or the end of the chain (`false`).
    #[inline(never)]
    fn operators(&mut self, chain: &mut Chain) -> PResult<bool> {
        loop {
            let t = self.peek();
            let Some((prec, op)) = infix(t.tok) else {
                return match bad_operator(t) {
                    Some(e) => Err(e),
                    None => Ok(false),
                };
            };
            chain.reduce_down_to(prec)?;
            if prec == REL && chain.operands.last().is_some_and(|o| o.relation) {
                return Err(not_associative(t));
            }
            self.advance();
            if !matches!(op, InfixOp::Has | InfixOp::Like | InfixOp::Is) {
                chain.pending.push(Pending::Infix(prec, op));
                return Ok(true);
            }
            let Some(lhs) = chain.operands.pop() else {
                return Err(ParseError::new(
                    t.loc(),
                    "internal error: operator without operand",
                ));
            };
            match self.postfix(lhs.tree, op)? {
                Postfix::Done(tree) => chain.operands.push(Operand2 {
                    tree,
                    relation: true,
                }),
                Postfix::IsIn(lhs, entity_type) => {
                    chain.operands.push(Operand2 {
                        tree: lhs,
                        relation: false,
                    });
                    chain.pending.push(Pending::IsIn(entity_type));
                    return Ok(true);
                }
            }
        }
    }

    /// After `lhs has`, `lhs like` or `lhs is`: the complete relation, or for
    /// `lhs is T in`, the operand and type, whose `in` part is still to be parsed.
    #[inline(never)]
    fn postfix(&mut self, lhs: Tree, op: InfixOp) -> PResult<Postfix> {
        match op {
            InfixOp::Has => self.has(lhs).map(Postfix::Done),
            InfixOp::Like => self.like(lhs).map(Postfix::Done),
            _ => {
                let (entity_type, ty_loc) = self.path("an entity type after `is`")?;
                if self.eat_word("in").is_some() {
                    return Ok(Postfix::IsIn(lhs, entity_type));
                }
                let loc = lhs.expr.loc.join(ty_loc);
                let depth = lhs.depth;
                node(
                    ExprKind::Is {
                        expr: boxed(lhs),
                        entity_type,
                        in_expr: None,
                    },
                    loc,
                    depth,
                )
                .map(Postfix::Done)
            }
        }
    }

    /// A binary node `lhs op rhs` spanning both operands.
    fn join(
        lhs: Tree,
        rhs: Tree,
        make: impl FnOnce(Box<Expr>, Box<Expr>) -> ExprKind,
    ) -> PResult<Tree> {
        let loc = lhs.expr.loc.join(rhs.expr.loc);
        let depth = lhs.depth.max(rhs.depth);
        node(make(boxed(lhs), boxed(rhs)), loc, depth)
    }

    /// After `e has`: `ident`, `"string"` or the path `a.b.c`, which means
    /// `e has a && e.a has b && e.a.b has c`.
    fn has(&mut self, lhs: Tree) -> PResult<Tree> {
        let t = self.peek();
        match t.tok {
            Tok::Str(raw) => {
                self.advance();
                let attr = unescape_str(raw, t.start + 1)?;
                let loc = lhs.expr.loc.join(t.loc());
                let depth = lhs.depth;
                node(
                    ExprKind::HasAttr {
                        expr: boxed(lhs),
                        attr,
                        quoted: true,
                    },
                    loc,
                    depth,
                )
            }
            Tok::Ident(_) => {
                let mut path = vec![self.ident("an attribute name after `has`")?];
                while self.at(Punct::Dot) && matches!(self.peek_at(1).tok, Tok::Ident(_)) {
                    self.advance();
                    path.push(self.ident("an attribute name")?);
                }
                let mut target = lhs;
                let mut result: Option<Tree> = None;
                let last = path.len() - 1;
                for (i, (attr, attr_loc)) in path.into_iter().enumerate() {
                    let loc = target.expr.loc.join(attr_loc);
                    let has = node(
                        ExprKind::HasAttr {
                            expr: Box::new(target.expr.clone()),
                            attr: attr.clone(),
                            quoted: false,
                        },
                        loc,
                        target.depth,
                    )?;
                    result = Some(match result {
                        None => has,
                        Some(prev) => Self::join(prev, has, ExprKind::And)?,
                    });
                    if i < last {
                        let depth = target.depth;
                        target = node(
                            ExprKind::GetAttr {
                                expr: boxed(target),
                                attr,
                                bracket: false,
                            },
                            loc,
                            depth,
                        )?;
                    }
                }
                result.ok_or_else(|| self.expected("an attribute name after `has`"))
            }
            _ => Err(self.expected("an attribute name or a string after `has`")),
        }
    }

    /// After `e like`: a string pattern.
    fn like(&mut self, lhs: Tree) -> PResult<Tree> {
        let t = self.peek();
        let Tok::Str(raw) = t.tok else {
            return Err(self.expected("a quoted pattern after `like`"));
        };
        self.advance();
        let pattern = unescape_pattern(raw, t.start + 1)?;
        let loc = lhs.expr.loc.join(t.loc());
        let depth = lhs.depth;
        node(ExprKind::Like(boxed(lhs), pattern), loc, depth)
    }

    /// `Unary := ['!'{1..4} | '-'{1..4}] Member`; a `-` directly before an integer
    /// literal becomes part of the literal.
    fn unary(&mut self) -> PResult<Tree> {
        match self.peek().tok {
            Tok::Punct(Punct::Bang) => self.prefixed(UnaryOp::Not, Punct::Bang),
            Tok::Punct(Punct::Minus) => self.prefixed(UnaryOp::Neg, Punct::Minus),
            _ => {
                let operand = self.member()?;
                Self::operand_tree(operand)
            }
        }
    }

    /// A member expression after a run of `punct`.
    #[inline(never)]
    fn prefixed(&mut self, op: UnaryOp, punct: Punct) -> PResult<Tree> {
        let ops = self.prefix_run(punct)?;
        let operand = self.member()?;
        Self::apply_prefix(op, &ops, operand)
    }

    /// Consumes a run of up to four `punct` tokens.
    #[inline(never)]
    fn prefix_run(&mut self, punct: Punct) -> PResult<Vec<Token<'a>>> {
        let mut ops = Vec::new();
        while let Some(t) = self.eat(punct) {
            if ops.len() == MAX_PREFIX_OPS {
                return Err(ParseError::new(
                    t.loc(),
                    format!(
                        "too many `{}` in a row (at most {MAX_PREFIX_OPS})",
                        punct.text()
                    ),
                ));
            }
            ops.push(t);
        }
        let next = self.peek();
        if matches!(next.tok, Tok::Punct(Punct::Bang | Punct::Minus)) {
            return Err(ParseError::new(
                next.loc(),
                format!(
                    "{} cannot directly follow `{}`: use parentheses",
                    next.tok.describe(),
                    punct.text()
                ),
            ));
        }
        Ok(ops)
    }

    /// Applies the prefix operators `ops` (outermost first) to `operand`.
    #[inline(never)]
    fn apply_prefix(op: UnaryOp, ops: &[Token<'_>], operand: Operand<'_>) -> PResult<Tree> {
        let (mut tree, rest) = match (op, operand, ops.split_last()) {
            (UnaryOp::Neg, Operand::Number { text, loc }, Some((minus, rest))) => {
                let loc = minus.loc().join(loc);
                let n = integer(text, loc, true)?;
                (leaf(ExprKind::Lit(Literal::Long(n)), loc), rest)
            }
            (_, operand, _) => (Self::operand_tree(operand)?, ops),
        };
        for t in rest.iter().rev() {
            let loc = t.loc().join(tree.expr.loc);
            let depth = tree.depth;
            tree = node(ExprKind::Unary(op, boxed(tree)), loc, depth)?;
        }
        Ok(tree)
    }

    fn operand_tree(operand: Operand<'_>) -> PResult<Tree> {
        match operand {
            Operand::Tree(t) => Ok(t),
            Operand::Number { text, loc } => Ok(leaf(
                ExprKind::Lit(Literal::Long(integer(text, loc, false)?)),
                loc,
            )),
        }
    }

    /// `Member := Primary {'.' Ident | '.' Ident '(' Args ')' | '[' String ']'}`
    fn member(&mut self) -> PResult<Operand<'a>> {
        let operand = self.primary()?;
        if self.at(Punct::Dot) || self.at(Punct::LBracket) {
            self.accesses(operand).map(Operand::Tree)
        } else {
            Ok(operand)
        }
    }

    /// The `.` and `[…]` accesses after `operand`.
    #[inline(never)]
    fn accesses(&mut self, mut operand: Operand<'a>) -> PResult<Tree> {
        loop {
            let bracket = match self.peek().tok {
                Tok::Punct(Punct::Dot) => false,
                Tok::Punct(Punct::LBracket) => true,
                _ => return Self::operand_tree(operand),
            };
            let receiver = Self::operand_tree(operand)?;
            self.advance();
            operand = Operand::Tree(if bracket {
                self.index_access(receiver)?
            } else {
                self.dot_access(receiver)?
            });
        }
    }

    /// After `receiver[`: a quoted attribute name and `]`.
    #[inline(never)]
    fn index_access(&mut self, receiver: Tree) -> PResult<Tree> {
        let t = self.peek();
        let Tok::Str(raw) = t.tok else {
            return Err(self.expected("a quoted attribute name inside `[…]`"));
        };
        self.advance();
        let attr = unescape_str(raw, t.start + 1)?;
        let close = self.expect(Punct::RBracket, "after the attribute name")?;
        let loc = receiver.expr.loc.join(close.loc());
        let depth = receiver.depth;
        node(
            ExprKind::GetAttr {
                expr: boxed(receiver),
                attr,
                bracket: true,
            },
            loc,
            depth,
        )
    }

    /// After `receiver.`: an attribute or a method call.
    #[inline(never)]
    fn dot_access(&mut self, receiver: Tree) -> PResult<Tree> {
        let t = self.peek();
        let Tok::Ident(name) = t.tok else {
            return Err(self.expected("an attribute or method name after `.`"));
        };
        if self.peek_at(1).tok != Tok::Punct(Punct::LParen) {
            check_ident(name, t.loc())?;
            self.advance();
            let loc = receiver.expr.loc.join(t.loc());
            let depth = receiver.depth;
            return node(
                ExprKind::GetAttr {
                    expr: boxed(receiver),
                    attr: name.into(),
                    bracket: false,
                },
                loc,
                depth,
            );
        }
        let Some(method) = Builtin::method(name) else {
            return Err(not_a_method(name, t.loc()));
        };
        self.advance();
        self.advance();
        let (args, close) = self.list(Punct::RParen)?;
        // Extension methods with the wrong number of arguments parse, as in Cedar, and
        // raise an evaluation error; built-in methods are checked here.
        if !matches!(method, Builtin::Ext(_)) {
            check_arity(name, method.arity(), args.len(), t.loc())?;
        }
        let loc = receiver.expr.loc.join(close.loc());
        let depth = args
            .iter()
            .map(|a| a.depth)
            .fold(receiver.depth, usize::max);
        node(
            ExprKind::MethodCall {
                method,
                receiver: boxed(receiver),
                args: args.into_iter().map(|a| a.expr).collect(),
            },
            loc,
            depth,
        )
    }

    #[cold]
    #[inline(never)]
    fn missing_separator(&self, close: Punct) -> ParseError {
        self.expected(&format!("`,` or `{}`", close.text()))
    }

    /// Comma-separated expressions up to `close` (a trailing comma is allowed);
    /// the opening bracket is already consumed.
    fn list(&mut self, close: Punct) -> PResult<(Vec<Tree>, Token<'a>)> {
        let mut items = Vec::new();
        loop {
            if let Some(c) = self.eat(close) {
                return Ok((items, c));
            }
            items.push(self.expr()?);
            if let Some(c) = self.eat(close) {
                return Ok((items, c));
            }
            if self.eat(Punct::Comma).is_none() {
                return Err(self.missing_separator(close));
            }
        }
    }

    /// `Primary := Literal | Var | Entity | ExtFun '(' Args ')' | '(' Expr ')'
    ///           | '[' Args ']' | '{' RecInits '}'`
    fn primary(&mut self) -> PResult<Operand<'a>> {
        let t = self.peek();
        let tree = match t.tok {
            Tok::Int(text) => {
                self.advance();
                return Ok(Operand::Number { text, loc: t.loc() });
            }
            Tok::Ident(name) => self.name_expr(name, t),
            Tok::Punct(Punct::LParen) => self.paren(t),
            Tok::Punct(Punct::LBracket) => self.set(t),
            Tok::Punct(Punct::LBrace) => self.record(t),
            _ => self.literal(t),
        };
        tree.map(Operand::Tree)
    }

    /// A string literal; anything else where an expression should start is an error.
    #[inline(never)]
    fn literal(&mut self, t: Token<'a>) -> PResult<Tree> {
        match t.tok {
            Tok::Str(raw) => {
                self.advance();
                let s = unescape_str(raw, t.start + 1)?;
                Ok(leaf(ExprKind::Lit(Literal::String(s)), t.loc()))
            }
            Tok::Slot(s) => {
                let msg = if s == "principal" || s == "resource" {
                    format!("`?{s}` can only appear in the policy scope")
                } else {
                    format!(
                        "`?{s}` is not a valid slot: the slots are `?principal` and `?resource`"
                    )
                };
                Err(ParseError::new(t.loc(), msg))
            }
            _ => Err(self.expected("an expression")),
        }
    }

    /// `'(' Expr ')'`; `open` is the `(`, not yet consumed.
    #[inline(never)]
    fn paren(&mut self, open: Token<'a>) -> PResult<Tree> {
        self.advance();
        let mut inner = self.expr()?;
        let close = self.expect(Punct::RParen, "to close `(`")?;
        inner.expr.loc = open.loc().join(close.loc());
        Ok(inner)
    }

    /// `'[' Args ']'`; `open` is the `[`, not yet consumed.
    #[inline(never)]
    fn set(&mut self, open: Token<'a>) -> PResult<Tree> {
        self.advance();
        let (items, close) = self.list(Punct::RBracket)?;
        let depth = items.iter().map(|i| i.depth).max().unwrap_or(0);
        node(
            ExprKind::Set(items.into_iter().map(|i| i.expr).collect()),
            open.loc().join(close.loc()),
            depth,
        )
    }

    /// A primary starting with the identifier `name` (token `t`): a literal
    /// `true` or `false`, a variable, an entity UID or an extension function call.
    #[inline(never)]
    fn name_expr(&mut self, name: &str, t: Token<'a>) -> PResult<Tree> {
        match self.peek_at(1).tok {
            Tok::Punct(Punct::LParen) => return self.call(name, t),
            Tok::Punct(Punct::ColonColon) => {
                let (ty, loc) = self.path("an entity type")?;
                if self.at(Punct::LParen) {
                    return Err(ParseError::new(
                        loc,
                        format!("`{ty}` is not a valid function"),
                    ));
                }
                let (uid, loc) = self.expect_uid_tail(ty, loc)?;
                return Ok(leaf(ExprKind::Lit(Literal::Entity(uid)), loc));
            }
            _ => {}
        }
        let var = match name {
            "true" | "false" => {
                self.advance();
                return Ok(leaf(ExprKind::Lit(Literal::Bool(name == "true")), t.loc()));
            }
            "principal" => Var::Principal,
            "action" => Var::Action,
            "resource" => Var::Resource,
            "context" => Var::Context,
            "if" => {
                return Err(ParseError::new(
                    t.loc(),
                    "an `if` expression must be wrapped in parentheses here",
                ))
            }
            "then" | "else" | "in" | "has" | "like" | "is" => {
                return Err(self.expected("an expression"))
            }
            _ => {
                return Err(ParseError::new(
                    t.loc(),
                    format!("unknown variable `{name}`: the variables are `principal`, `action`, `resource` and `context`"),
                ))
            }
        };
        self.advance();
        Ok(leaf(ExprKind::Var(var), t.loc()))
    }

    /// An extension function call `name(args)`; `t` is the name's token.
    #[inline(never)]
    fn call(&mut self, name: &str, t: Token<'a>) -> PResult<Tree> {
        let func = match ExtFn::from_name(name) {
            Some(f) if !f.is_method() => f,
            _ => {
                let msg = if Builtin::method(name).is_some() {
                    format!("`{name}` is a method, not a function: write `e.{name}(…)`")
                } else {
                    format!("`{name}` is not a valid function")
                };
                return Err(ParseError::new(t.loc(), msg));
            }
        };
        self.advance();
        self.advance();
        let (args, close) = self.list(Punct::RParen)?;
        // As in Cedar, an extension function's arity is checked when it is evaluated
        // (and by the validator), so that one bad call does not reject a whole file.
        let depth = args.iter().map(|a| a.depth).max().unwrap_or(0);
        node(
            ExprKind::Call {
                func,
                args: args.into_iter().map(|a| a.expr).collect(),
            },
            t.loc().join(close.loc()),
            depth,
        )
    }

    /// A record literal; `open` is its `{`, not yet consumed.
    #[inline(never)]
    fn record(&mut self, open: Token<'a>) -> PResult<Tree> {
        self.advance();
        let mut entries = Vec::new();
        let mut seen = HashSet::new();
        let mut depth = 0;
        let close = loop {
            if let Some(c) = self.eat(Punct::RBrace) {
                break c;
            }
            let t = self.peek();
            let key = match t.tok {
                Tok::Str(raw) => {
                    self.advance();
                    unescape_str(raw, t.start + 1)?
                }
                Tok::Ident(_) => self.ident("a record key")?.0,
                _ => return Err(self.expected("a record key (an identifier or a quoted string)")),
            };
            self.expect(Punct::Colon, "after the record key")?;
            let value = self.expr()?;
            if !seen.insert(key.clone()) {
                return Err(ParseError::new(
                    t.loc(),
                    format!("duplicate key `{key}` in record"),
                ));
            }
            depth = depth.max(value.depth);
            entries.push((key, value.expr));
            if let Some(c) = self.eat(Punct::RBrace) {
                break c;
            }
            if self.eat(Punct::Comma).is_none() {
                return Err(self.expected("`,` or `}`"));
            }
        };
        node(
            ExprKind::Record(entries),
            open.loc().join(close.loc()),
            depth,
        )
    }
}

#[cold]
#[inline(never)]
fn not_a_method(name: &str, loc: Loc) -> ParseError {
    let msg = match ExtFn::from_name(name) {
        Some(_) => format!("`{name}` is a function, not a method: write `{name}(…)`"),
        None => format!("`{name}` is not a valid method"),
    };
    ParseError::new(loc, msg)
}

/// Fails unless `given` arguments match the `expected` count.
fn check_arity(name: &str, expected: usize, given: usize, loc: Loc) -> PResult<()> {
    if expected == given {
        return Ok(());
    }
    let plural = if expected == 1 { "" } else { "s" };
    let verb = if given == 1 { "was" } else { "were" };
    Err(ParseError::new(
        loc,
        format!("`{name}` takes {expected} argument{plural} but {given} {verb} given"),
    ))
}
