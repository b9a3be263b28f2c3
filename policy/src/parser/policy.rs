//! Policies: annotations, effect, scope and conditions.

use smol_str::SmolStr;

use super::error::ParseError;
use super::lexer::{Punct, Tok};
use super::stream::{PResult, Parser};
use super::unescape::unescape_str;
use crate::ast::{
    ActionConstraint, Annotation, Condition, ConditionKind, Effect, EntityRef, Loc, Policy,
    PolicyId, ScopeConstraint, ScopeLocs, SlotId,
};
use crate::value::EntityUid;

/// The principal or the resource part of a scope.
#[derive(Clone, Copy)]
enum ScopeVar {
    Principal,
    Resource,
}

impl ScopeVar {
    fn word(self) -> &'static str {
        match self {
            ScopeVar::Principal => "principal",
            ScopeVar::Resource => "resource",
        }
    }

    fn slot(self) -> SlotId {
        match self {
            ScopeVar::Principal => SlotId::Principal,
            ScopeVar::Resource => SlotId::Resource,
        }
    }
}

impl<'a> Parser<'a> {
    /// `Policy := {Annotation} Effect '(' Scope ')' {Condition} ';'`
    pub(crate) fn policy(&mut self, id: PolicyId) -> PResult<Policy> {
        let start = self.peek().start;
        let annotations = self.annotations()?;
        let t = self.peek();
        let effect = match t.tok {
            Tok::Ident("permit") => Effect::Permit,
            Tok::Ident("forbid") => Effect::Forbid,
            _ => return Err(self.expected("`permit` or `forbid`")),
        };
        self.advance();
        self.expect(Punct::LParen, "after the effect")?;
        let (principal, action, resource, scope_locs) = self.scope()?;
        let mut conditions = Vec::new();
        while let Some(c) = self.condition()? {
            conditions.push(c);
        }
        if self.eat(Punct::Semi).is_none() {
            return Err(self.expected("`;` after policy"));
        }
        Ok(Policy {
            id,
            annotations,
            effect,
            principal,
            action,
            resource,
            conditions,
            template_id: None,
            loc: Loc::new(start, self.prev_end()),
            scope_locs,
        })
    }

    /// `{'@' Ident ['(' String ')']}`, rejecting a key given twice.
    fn annotations(&mut self) -> PResult<Vec<Annotation>> {
        let mut annotations: Vec<Annotation> = Vec::new();
        while let Some(at) = self.eat(Punct::At) {
            let t = self.peek();
            // Any identifier, reserved words included, can be an annotation key.
            let Tok::Ident(key) = t.tok else {
                return Err(self.expected("an annotation name after `@`"));
            };
            self.advance();
            let value = if self.eat(Punct::LParen).is_some() {
                let v = self.peek();
                let Tok::Str(raw) = v.tok else {
                    return Err(self.expected("a quoted annotation value"));
                };
                self.advance();
                let value = unescape_str(raw, v.start + 1)?;
                self.expect(Punct::RParen, "after the annotation value")?;
                Some(value)
            } else {
                None
            };
            if annotations.iter().any(|a| a.key == key) {
                return Err(ParseError::new(
                    t.loc(),
                    format!("duplicate annotation `@{key}`"),
                ));
            }
            annotations.push(Annotation {
                key: SmolStr::new(key),
                value,
                loc: Loc::new(at.start, self.prev_end()),
            });
        }
        Ok(annotations)
    }

    /// `principal [...], action [...], resource [...] [,] )`; the `(` is consumed.
    fn scope(
        &mut self,
    ) -> PResult<(
        ScopeConstraint,
        ActionConstraint,
        ScopeConstraint,
        ScopeLocs,
    )> {
        if self.at(Punct::RParen) {
            return Err(ParseError::new(
                self.peek().loc(),
                "the scope must list `principal`, `action` and `resource`",
            ));
        }
        let mut locs = ScopeLocs::default();
        let at = self.peek().start;
        self.scope_var("principal", "first")?;
        let principal = self.entity_constraint(ScopeVar::Principal)?;
        locs.principal = Loc::new(at, self.prev_end());
        self.expect(Punct::Comma, "after the principal constraint")?;
        let at = self.peek().start;
        self.scope_var("action", "second")?;
        let action = self.action_constraint()?;
        locs.action = Loc::new(at, self.prev_end());
        self.expect(Punct::Comma, "after the action constraint")?;
        let at = self.peek().start;
        self.scope_var("resource", "third")?;
        let resource = self.entity_constraint(ScopeVar::Resource)?;
        locs.resource = Loc::new(at, self.prev_end());
        self.eat(Punct::Comma);
        if self.eat(Punct::RParen).is_none() {
            let t = self.peek();
            let msg = match t.tok {
                Tok::Ident(_) => format!(
                    "unexpected {} in the scope: it has exactly three parts, `principal`, `action` and `resource`",
                    t.tok.describe()
                ),
                _ => format!("expected `)` after the scope, found {}", t.tok.describe()),
            };
            return Err(ParseError::new(t.loc(), msg));
        }
        Ok((principal, action, resource, locs))
    }

    /// Consumes the scope variable `word`, which must come `nth`.
    fn scope_var(&mut self, word: &str, nth: &str) -> PResult<()> {
        if self.eat_word(word).is_some() {
            return Ok(());
        }
        let t = self.peek();
        let msg = match t.tok {
            Tok::Ident(w @ ("principal" | "action" | "resource")) => {
                format!("expected `{word}` {nth} in the scope, found `{w}`: the scope lists `principal`, `action` and `resource` in that order")
            }
            Tok::Punct(Punct::RParen) => format!("the scope is missing `{word}`"),
            _ => format!("expected `{word}` in the scope, found {}", t.tok.describe()),
        };
        Err(ParseError::new(t.loc(), msg))
    }

    /// The constraint after `principal` or `resource`.
    fn entity_constraint(&mut self, var: ScopeVar) -> PResult<ScopeConstraint> {
        if self.eat(Punct::EqEq).is_some() {
            return Ok(ScopeConstraint::Eq(self.entity_ref(var, "`==`")?));
        }
        if self.eat_word("in").is_some() {
            return Ok(ScopeConstraint::In(self.entity_ref(var, "`in`")?));
        }
        if self.eat_word("is").is_none() {
            return Ok(ScopeConstraint::Any);
        }
        let (ty, _) = self.path("an entity type after `is`")?;
        if self.eat_word("in").is_some() {
            return Ok(ScopeConstraint::IsIn(ty, self.entity_ref(var, "`in`")?));
        }
        if self.at(Punct::EqEq) {
            return Err(ParseError::new(
                self.peek().loc(),
                format!(
                    "`is` cannot be combined with `==` in the scope: write `{0} == E` or `{0} is T in E`",
                    var.word()
                ),
            ));
        }
        Ok(ScopeConstraint::Is(ty))
    }

    /// An entity UID, or the slot of `var`, after `op`.
    fn entity_ref(&mut self, var: ScopeVar, op: &str) -> PResult<EntityRef> {
        let t = self.peek();
        if let Tok::Slot(s) = t.tok {
            self.advance();
            return if s == var.word() {
                Ok(EntityRef::Slot(var.slot()))
            } else {
                Err(ParseError::new(
                    t.loc(),
                    format!(
                        "`?{s}` cannot appear in the {} constraint: only `{}` can",
                        var.word(),
                        var.slot()
                    ),
                ))
            };
        }
        let what = format!("an entity UID or `{}` after {op}", var.slot());
        Ok(EntityRef::Uid(self.entity_uid(&what)?.0))
    }

    /// The constraint after `action`.
    fn action_constraint(&mut self) -> PResult<ActionConstraint> {
        if self.eat(Punct::EqEq).is_some() {
            return Ok(ActionConstraint::Eq(self.action_uid("`==`")?));
        }
        if self.eat_word("in").is_some() {
            if self.eat(Punct::LBracket).is_none() {
                return Ok(ActionConstraint::In(self.action_uid("`in`")?));
            }
            let mut uids = Vec::new();
            loop {
                if self.eat(Punct::RBracket).is_some() {
                    break;
                }
                uids.push(self.action_uid("`[`")?);
                if self.eat(Punct::RBracket).is_some() {
                    break;
                }
                if self.eat(Punct::Comma).is_none() {
                    return Err(self.expected("`,` or `]`"));
                }
            }
            return Ok(ActionConstraint::InList(uids));
        }
        if self.at_word("is") {
            return Err(ParseError::new(
                self.peek().loc(),
                "`is` is not allowed on the action in the scope",
            ));
        }
        Ok(ActionConstraint::Any)
    }

    /// An action entity UID (of type `Action` or `NS::Action`).
    fn action_uid(&mut self, after: &str) -> PResult<EntityUid> {
        let t = self.peek();
        if let Tok::Slot(s) = t.tok {
            return Err(ParseError::new(
                t.loc(),
                format!("`?{s}` cannot appear in the action constraint: actions have no slot"),
            ));
        }
        let (uid, loc) = self.entity_uid(&format!("an action entity UID after {after}"))?;
        if !uid.ty.is_action() {
            return Err(ParseError::new(
                loc,
                format!(
                    "expected an action, of type `Action` or `Namespace::Action`, found `{uid}`"
                ),
            ));
        }
        Ok(uid)
    }

    /// `('when' | 'unless') '{' Expr '}'`, or `None` before `;`.
    fn condition(&mut self) -> PResult<Option<Condition>> {
        let t = self.peek();
        let kind = match t.tok {
            Tok::Ident("when") => ConditionKind::When,
            Tok::Ident("unless") => ConditionKind::Unless,
            Tok::Ident(_) | Tok::Punct(Punct::LBrace) => {
                return Err(self.expected("`when`, `unless` or `;`"))
            }
            _ => return Ok(None),
        };
        self.advance();
        let word = if kind == ConditionKind::When {
            "when"
        } else {
            "unless"
        };
        self.expect(Punct::LBrace, &format!("after `{word}`"))?;
        if self.at(Punct::RBrace) {
            return Err(ParseError::new(
                t.loc().join(self.peek().loc()),
                format!("the `{word}` condition is empty"),
            ));
        }
        let body = self.expr()?.expr;
        let close = self.expect(Punct::RBrace, &format!("to close the `{word}` condition"))?;
        Ok(Some(Condition {
            kind,
            body,
            loc: t.loc().join(close.loc()),
        }))
    }
}
