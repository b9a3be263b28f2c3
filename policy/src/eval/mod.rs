//! The expression evaluator.
//!
//! [`Evaluator`] evaluates an [`Expr`] against one request and one entity store, with
//! Cedar's semantics: strict left-to-right evaluation, short-circuiting `&&`, `||` and
//! `if`, dynamic type errors, checked 64-bit arithmetic, and entity dereferencing through
//! the store (whose ancestor relation is already transitively closed, so `in` is a hash
//! lookup). Trees are at most [`crate::ast::MAX_EXPR_DEPTH`] deep, so plain recursion is
//! safe.
//!
//! The evaluator is split by concern: `ops` holds the operators on values (equality,
//! comparison, arithmetic, `in`, set methods), `like` the wildcard matcher, and this
//! module the walk over the tree with attribute, tag and extension access.

mod like;
mod ops;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::ast::{Builtin, Expr, ExprKind, Literal, UnaryOp, Var};
use crate::entities::Entities;
use crate::error::EvalError;
use crate::request::Request;
use crate::value::{EntityUid, Value, ValueKind};

pub use like::wildcard_match;

/// Evaluates expressions for one request against one entity store.
#[derive(Clone, Debug)]
pub struct Evaluator<'e> {
    request: &'e Request,
    entities: &'e Entities,
    /// `principal`, `action` and `resource` as values, built once so that reading a
    /// variable borrows instead of cloning.
    vars: [Value; 3],
}

/// Evaluates `expr` for `request` against `entities` (a one-off [`Evaluator`]).
pub fn evaluate(expr: &Expr, request: &Request, entities: &Entities) -> Result<Value, EvalError> {
    Evaluator::new(request, entities).evaluate(expr)
}

/// A type error: `got` is not one of `expected` in `context`.
pub(crate) fn type_error(expected: &[ValueKind], got: &Value, context: &'static str) -> EvalError {
    EvalError::Type {
        expected: expected.to_vec(),
        got: got.kind(),
        context,
    }
}

impl<'e> Evaluator<'e> {
    /// An evaluator for `request` against `entities`.
    pub fn new(request: &'e Request, entities: &'e Entities) -> Evaluator<'e> {
        Evaluator {
            request,
            entities,
            vars: [
                Value::Entity(request.principal.clone()),
                Value::Entity(request.action.clone()),
                Value::Entity(request.resource.clone()),
            ],
        }
    }

    /// The request this evaluator answers.
    pub fn request(&self) -> &'e Request {
        self.request
    }

    /// The entity store this evaluator reads.
    pub fn entities(&self) -> &'e Entities {
        self.entities
    }

    /// Evaluates `expr` to a value, or the first error in Cedar's evaluation order.
    pub fn evaluate(&self, expr: &Expr) -> Result<Value, EvalError> {
        match &expr.kind {
            ExprKind::Lit(lit) => Ok(literal(lit)),
            ExprKind::Var(v) => Ok(self.var(*v).clone()),
            ExprKind::Slot(slot) => Err(EvalError::UnlinkedSlot(*slot)),
            ExprKind::If {
                cond,
                then_expr,
                else_expr,
            } => {
                if self.eval_bool(cond, "if condition")? {
                    self.evaluate(then_expr)
                } else {
                    self.evaluate(else_expr)
                }
            }
            ExprKind::And(a, b) => Ok(Value::Bool(
                self.eval_bool(a, "operator &&")? && self.eval_bool(b, "operator &&")?,
            )),
            ExprKind::Or(a, b) => Ok(Value::Bool(
                self.eval_bool(a, "operator ||")? || self.eval_bool(b, "operator ||")?,
            )),
            ExprKind::Unary(UnaryOp::Not, e) => Ok(Value::Bool(!self.eval_bool(e, "operator !")?)),
            ExprKind::Unary(UnaryOp::Neg, e) => match *self.operand(e)? {
                Value::Long(n) => n
                    .checked_neg()
                    .map(Value::Long)
                    .ok_or(EvalError::Overflow { op: "unary -" }),
                ref other => Err(type_error(&[ValueKind::Long], other, "unary operator -")),
            },
            ExprKind::Binary(op, a, b) => {
                let a = self.operand(a)?;
                let b = self.operand(b)?;
                ops::binary(*op, &a, &b, self.entities)
            }
            ExprKind::GetAttr { expr, attr, .. } => self.get_attr(expr, attr),
            ExprKind::HasAttr { expr, attr, .. } => match &*self.operand(expr)? {
                Value::Record(rec) => Ok(Value::Bool(rec.contains_key(attr))),
                Value::Entity(uid) => Ok(Value::Bool(
                    self.entities
                        .get(uid)
                        .is_some_and(|e| e.attrs.contains_key(attr)),
                )),
                other => Err(type_error(
                    &[ValueKind::Record, ValueKind::Entity],
                    other,
                    "operator has",
                )),
            },
            ExprKind::Like(e, pattern) => match &*self.operand(e)? {
                Value::String(s) => Ok(Value::Bool(wildcard_match(&pattern.elems, s))),
                other => Err(type_error(&[ValueKind::String], other, "operator like")),
            },
            ExprKind::Is {
                expr,
                entity_type,
                in_expr,
            } => {
                let v = self.operand(expr)?;
                let Value::Entity(uid) = &*v else {
                    return Err(type_error(&[ValueKind::Entity], &v, "operator is"));
                };
                if uid.ty != *entity_type {
                    return Ok(Value::Bool(false));
                }
                match in_expr {
                    None => Ok(Value::Bool(true)),
                    Some(target) => {
                        let target = self.operand(target)?;
                        ops::is_in(&v, &target, self.entities).map(Value::Bool)
                    }
                }
            }
            ExprKind::Set(items) => {
                let mut set = BTreeSet::new();
                for item in items {
                    set.insert(self.evaluate(item)?);
                }
                Ok(Value::Set(Arc::new(set)))
            }
            ExprKind::Record(fields) => {
                // Cedar keeps record literals as sorted maps, so their fields are
                // evaluated in key order; the first error in that order wins.
                let mut order: Vec<&(smol_str::SmolStr, Expr)> = fields.iter().collect();
                order.sort_by(|x, y| x.0.cmp(&y.0));
                let mut map = BTreeMap::new();
                for (k, e) in order {
                    map.insert(k.clone(), self.evaluate(e)?);
                }
                Ok(Value::Record(Arc::new(map)))
            }
            ExprKind::MethodCall {
                method,
                receiver,
                args,
            } => self.method_call(*method, receiver, args),
            ExprKind::Call { func, args } => {
                let values = args
                    .iter()
                    .map(|a| self.evaluate(a))
                    .collect::<Result<Vec<_>, _>>()?;
                crate::ext::call(*func, &values)
            }
        }
    }

    /// Evaluates `expr` and requires a boolean (a type error in `context` otherwise).
    #[inline]
    pub(crate) fn eval_bool(&self, expr: &Expr, context: &'static str) -> Result<bool, EvalError> {
        match self.evaluate(expr)? {
            Value::Bool(b) => Ok(b),
            other => Err(type_error(&[ValueKind::Bool], &other, context)),
        }
    }

    fn var(&self, v: Var) -> &Value {
        let [principal, action, resource] = &self.vars;
        match v {
            Var::Principal => principal,
            Var::Action => action,
            Var::Resource => resource,
            Var::Context => &self.request.context,
        }
    }

    /// Evaluates an operand, borrowing it when it is a variable (no clone on the
    /// common `principal.attr`, `resource in …`, `context.x` paths).
    #[inline]
    fn operand<'a>(&'a self, expr: &'a Expr) -> Result<Cow<'a, Value>, EvalError> {
        match &expr.kind {
            ExprKind::Var(v) => Ok(Cow::Borrowed(self.var(*v))),
            _ => self.evaluate(expr).map(Cow::Owned),
        }
    }

    fn get_attr(&self, expr: &Expr, attr: &smol_str::SmolStr) -> Result<Value, EvalError> {
        match &*self.operand(expr)? {
            Value::Record(rec) => {
                rec.get(attr)
                    .cloned()
                    .ok_or_else(|| EvalError::RecordAttrDoesNotExist {
                        attr: attr.clone(),
                        available: rec.keys().take(10).cloned().collect(),
                    })
            }
            Value::Entity(uid) => {
                let entity = self
                    .entities
                    .get(uid)
                    .ok_or_else(|| EvalError::EntityDoesNotExist(uid.clone()))?;
                entity
                    .attrs
                    .get(attr)
                    .cloned()
                    .ok_or_else(|| EvalError::EntityAttrDoesNotExist {
                        entity: uid.clone(),
                        attr: attr.clone(),
                    })
            }
            other => Err(type_error(
                &[ValueKind::Record, ValueKind::Entity],
                other,
                "attribute access",
            )),
        }
    }

    fn method_call(
        &self,
        method: Builtin,
        receiver: &Expr,
        args: &[Expr],
    ) -> Result<Value, EvalError> {
        let expected = method.arity();
        if args.len() != expected {
            return Err(EvalError::Arity {
                func: method.name(),
                expected,
                got: args.len(),
            });
        }
        let recv = self.evaluate(receiver)?;
        match (method, args) {
            (Builtin::IsEmpty, []) => match &recv {
                Value::Set(s) => Ok(Value::Bool(s.is_empty())),
                other => Err(type_error(&[ValueKind::Set], other, "method isEmpty")),
            },
            (Builtin::Contains, [arg]) => {
                let arg = self.evaluate(arg)?;
                ops::contains(&recv, &arg)
            }
            (Builtin::ContainsAll, [arg]) => {
                let arg = self.evaluate(arg)?;
                ops::contains_all_any(&recv, &arg, true)
            }
            (Builtin::ContainsAny, [arg]) => {
                let arg = self.evaluate(arg)?;
                ops::contains_all_any(&recv, &arg, false)
            }
            (Builtin::HasTag, [arg]) => {
                let arg = self.evaluate(arg)?;
                let (uid, tag) = entity_and_tag(&recv, &arg, "method hasTag")?;
                Ok(Value::Bool(
                    self.entities
                        .get(uid)
                        .is_some_and(|e| e.tags.contains_key(tag)),
                ))
            }
            (Builtin::GetTag, [arg]) => {
                let arg = self.evaluate(arg)?;
                let (uid, tag) = entity_and_tag(&recv, &arg, "method getTag")?;
                let entity = self
                    .entities
                    .get(uid)
                    .ok_or_else(|| EvalError::EntityDoesNotExist(uid.clone()))?;
                entity
                    .tags
                    .get(tag)
                    .cloned()
                    .ok_or_else(|| EvalError::TagDoesNotExist {
                        entity: uid.clone(),
                        tag: tag.clone(),
                    })
            }
            (Builtin::Ext(f), []) => crate::ext::call(f, std::slice::from_ref(&recv)),
            (Builtin::Ext(f), [arg]) => {
                let arg = self.evaluate(arg)?;
                crate::ext::call(f, &[recv, arg])
            }
            (Builtin::Ext(f), rest) => {
                let mut values = Vec::with_capacity(rest.len() + 1);
                values.push(recv);
                for a in rest {
                    values.push(self.evaluate(a)?);
                }
                crate::ext::call(f, &values)
            }
            // The arity was checked above, so the built-in methods cannot get here.
            (m, _) => Err(EvalError::Arity {
                func: m.name(),
                expected,
                got: args.len(),
            }),
        }
    }
}

/// The receiver of `hasTag`/`getTag` must be an entity and the argument a string,
/// checked in that order once both are evaluated.
fn entity_and_tag<'v>(
    recv: &'v Value,
    arg: &'v Value,
    context: &'static str,
) -> Result<(&'v EntityUid, &'v smol_str::SmolStr), EvalError> {
    let Value::Entity(uid) = recv else {
        return Err(type_error(&[ValueKind::Entity], recv, context));
    };
    let Value::String(tag) = arg else {
        return Err(type_error(&[ValueKind::String], arg, context));
    };
    Ok((uid, tag))
}

fn literal(lit: &Literal) -> Value {
    match lit {
        Literal::Bool(b) => Value::Bool(*b),
        Literal::Long(n) => Value::Long(*n),
        Literal::String(s) => Value::String(s.clone()),
        Literal::Entity(uid) => Value::Entity(uid.clone()),
    }
}
