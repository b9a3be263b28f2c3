//! The Cedar policy parser.
//!
//! Text is split into tokens by a `nom` lexer ([`lexer`](self)) and parsed by a
//! hand-written recursive-descent parser that follows Cedar 4's grammar:
//!
//! ```text
//! Policy     := {Annotation} ('permit' | 'forbid') '(' Scope ')' {Condition} ';'
//! Annotation := '@' Ident ['(' String ')']
//! Scope      := 'principal' [('==' | 'in') (Entity | '?principal')
//!                           | 'is' Path ['in' (Entity | '?principal')]] ','
//!               'action' [('==' Entity) | 'in' (Entity | '[' Entity,* ']')] ','
//!               'resource' [… as principal, with '?resource' …] [',']
//! Condition  := ('when' | 'unless') '{' Expr '}'
//! Expr       := 'if' Expr 'then' Expr 'else' Expr | Or
//! Or         := And {'||' And}
//! And        := Relation {'&&' Relation}
//! Relation   := Add [RelOp Add | 'has' (Ident {'.' Ident} | String)
//!                   | 'like' String | 'is' Path ['in' Add]]      (no chaining)
//! Add        := Mult {('+' | '-') Mult}
//! Mult       := Unary {'*' Unary}
//! Unary      := ['!'{1,4} | '-'{1,4}] Member
//! Member     := Primary {'.' Ident ['(' Expr,* ')'] | '[' String ']'}
//! Primary    := Int | String | 'true' | 'false' | Var | Entity | ExtFn '(' Expr,* ')'
//!             | '(' Expr ')' | '[' Expr,* ']' | '{' ((Ident | String) ':' Expr),* '}'
//! ```
//!
//! Lists accept a trailing comma. Every error carries the byte range of the
//! offending token ([`ParseError::loc`]); [`line_col`] turns it into a line and
//! column. Trees deeper than [`crate::ast::MAX_EXPR_DEPTH`] are rejected, and the
//! parser's own recursion is bounded the same way, so no input can overflow the
//! stack.

mod error;
mod expr;
mod lexer;
mod policy;
mod stream;
mod unescape;

#[cfg(test)]
mod tests;

pub use error::{line_col, ParseError, ParseErrors};
pub use stream::is_valid_ident;

use crate::ast::{Expr, Loc, Policy, PolicyId};
use crate::value::{EntityUid, Name};
use lexer::{Punct, Tok};
use stream::Parser;

/// A parser over `src`, or the lexical error that stopped it.
fn parser_for(src: &str) -> Result<Parser<'_>, ParseErrors> {
    Ok(Parser::new(lexer::tokenize(src)?))
}

/// Fails unless the whole input has been consumed.
fn expect_end(p: &Parser<'_>, what: &str) -> Result<(), ParseError> {
    let t = p.peek();
    if t.tok == Tok::Eof {
        Ok(())
    } else {
        Err(ParseError::new(
            t.loc(),
            format!("unexpected {} after {what}", t.tok.describe()),
        ))
    }
}

/// Parses a policy set: every policy and template in file order, with ids
/// `policy0`, `policy1`, … (an `@id` annotation does not change the id).
///
/// After an error the parser skips to the next `;` and carries on, so one call
/// reports the first error of every broken policy.
pub fn parse_policies(src: &str) -> Result<Vec<Policy>, ParseErrors> {
    let mut p = parser_for(src)?;
    let mut policies = Vec::new();
    let mut errors = Vec::new();
    while p.peek().tok != Tok::Eof {
        let id = PolicyId::from(format!("policy{}", policies.len() + errors.len()));
        match p.policy(id) {
            Ok(policy) => policies.push(policy),
            Err(e) => {
                errors.push(e);
                while !matches!(p.advance().tok, Tok::Punct(Punct::Semi) | Tok::Eof) {}
            }
        }
    }
    if errors.is_empty() {
        Ok(policies)
    } else {
        Err(ParseErrors(errors))
    }
}

/// Parses exactly one policy or template and gives it `id`.
pub fn parse_policy(src: &str, id: PolicyId) -> Result<Policy, ParseErrors> {
    let mut p = parser_for(src)?;
    if p.peek().tok == Tok::Eof {
        return Err(
            ParseError::new(Loc::new(0, src.len()), "expected a policy, found nothing").into(),
        );
    }
    let policy = p.policy(id)?;
    expect_end(&p, "the policy: expected exactly one policy")?;
    Ok(policy)
}

/// Parses one expression.
pub fn parse_expr(src: &str) -> Result<Expr, ParseErrors> {
    let mut p = parser_for(src)?;
    let tree = p.expr()?;
    expect_end(&p, "the expression")?;
    Ok(tree.expr)
}

/// Parses an entity UID such as `PhotoApp::Photo::"vacation.jpg"`.
pub fn parse_entity_uid(src: &str) -> Result<EntityUid, ParseErrors> {
    let mut p = parser_for(src)?;
    let (uid, _) = p.entity_uid("an entity UID")?;
    expect_end(&p, "the entity UID")?;
    Ok(uid)
}

/// Parses a possibly namespaced name such as `PhotoApp::Photo`.
pub fn parse_name(src: &str) -> Result<Name, ParseErrors> {
    let mut p = parser_for(src)?;
    let (name, _) = p.path("a name")?;
    expect_end(&p, "the name")?;
    Ok(name)
}
