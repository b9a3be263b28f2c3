//! The strict validator: checks policies against a [`Schema`] as Cedar's strict
//! typechecker does, and checks requests and entities against the schema.
//!
//! A policy is typed once per *request environment* — a principal type, an action and
//! a resource type that the action's `appliesTo` allows — whose scope it can match.
//! It is rejected when typing raises an error in any environment; it draws a warning
//! when it is `false` in every environment.
//!
//! - `types`: validator types and least upper bounds;
//! - `typecheck`: expression typing;
//! - `capabilities`: the facts `has` and `hasTag` guards establish;
//! - `names`: undeclared entity types, entities and actions, with suggestions;
//! - `diagnostics`: the errors and warnings;
//! - `request`: request and entity validation;
//! - `conform`: schema-directed reading of JSON-style entity and extension values.

mod capabilities;
mod conform;
mod diagnostics;
mod names;
mod request;
mod typecheck;
mod types;

#[cfg(test)]
mod tests;

use std::collections::HashSet;

pub use conform::{conform_entities, conform_record, conform_value};
pub use diagnostics::{
    ValidationError, ValidationErrorKind, ValidationWarning, ValidationWarningKind,
};
pub use request::{
    validate_entities, validate_entity, validate_request, EntityValidationError,
    RequestValidationError, ValueTypeError,
};
pub use types::{lub, AttrTy, Attrs, BoolType, Type};

use crate::ast::{ActionConstraint, ConditionKind, EntityRef, Loc, Policy, ScopeConstraint};
use crate::schema::{AppliesTo, Schema};
use crate::value::{EntityUid, Name};
use typecheck::{Caps, RequestEnv, Typer};

/// What validating a set of policies found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValidationResult {
    /// Errors: the policies they name are rejected.
    pub errors: Vec<ValidationError>,
    /// Warnings: worth a look, but not a rejection.
    pub warnings: Vec<ValidationWarning>,
}

impl ValidationResult {
    /// Whether no policy was rejected.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Validates policies against one schema.
#[derive(Clone, Copy, Debug)]
pub struct Validator<'a> {
    schema: &'a Schema,
}

/// One request environment: the types a request may have.
struct Env<'a> {
    principal: &'a Name,
    action: &'a EntityUid,
    resource: &'a Name,
    applies: &'a AppliesTo,
}

/// How a principal or resource scope constraint types for entities of type `ty`.
fn scope_type(schema: &Schema, c: &ScopeConstraint, ty: &Name) -> BoolType {
    let in_ty = |r: &EntityRef| match r {
        EntityRef::Uid(u) if schema.type_may_be_in(ty, &u.ty) => BoolType::Any,
        EntityRef::Uid(_) => BoolType::False,
        EntityRef::Slot(_) => BoolType::Any,
    };
    match c {
        ScopeConstraint::Any => BoolType::True,
        ScopeConstraint::Eq(EntityRef::Uid(u)) => {
            if &u.ty == ty {
                BoolType::Any
            } else {
                BoolType::False
            }
        }
        ScopeConstraint::Eq(EntityRef::Slot(_)) => BoolType::Any,
        ScopeConstraint::In(r) => in_ty(r),
        ScopeConstraint::Is(t) => BoolType::of(t == ty),
        ScopeConstraint::IsIn(t, r) if t == ty => match in_ty(r) {
            BoolType::False => BoolType::False,
            _ => BoolType::Any,
        },
        ScopeConstraint::IsIn(..) => BoolType::False,
    }
}

fn action_matches(schema: &Schema, c: &ActionConstraint, action: &EntityUid) -> bool {
    match c {
        ActionConstraint::Any => true,
        ActionConstraint::Eq(a) => a == action,
        ActionConstraint::In(g) => schema.action_in(action, g),
        ActionConstraint::InList(gs) => gs.iter().any(|g| schema.action_in(action, g)),
    }
}

/// `a && b` on boolean types.
fn and(a: BoolType, b: BoolType) -> BoolType {
    match (a, b) {
        (BoolType::False, _) | (_, BoolType::False) => BoolType::False,
        (BoolType::True, BoolType::True) => BoolType::True,
        _ => BoolType::Any,
    }
}

impl<'a> Validator<'a> {
    /// A validator for `schema`.
    pub fn new(schema: &'a Schema) -> Validator<'a> {
        Validator { schema }
    }

    /// The schema policies are validated against.
    pub fn schema(&self) -> &'a Schema {
        self.schema
    }

    /// Every request environment the schema allows.
    fn environments(&self) -> impl Iterator<Item = Env<'a>> + 'a {
        self.schema.actions.values().flat_map(|a| {
            a.applies_to.iter().flat_map(move |at| {
                at.principals.iter().flat_map(move |p| {
                    at.resources.iter().map(move |r| Env {
                        principal: p,
                        action: &a.uid,
                        resource: r,
                        applies: at,
                    })
                })
            })
        })
    }

    /// Validates each policy (or template) and collects what was found.
    pub fn validate<'p>(&self, policies: impl IntoIterator<Item = &'p Policy>) -> ValidationResult {
        let mut result = ValidationResult::default();
        for p in policies {
            self.validate_policy(p, &mut result);
        }
        result
    }

    /// Validates one policy, adding its errors and warnings to `out`.
    pub fn validate_policy(&self, policy: &Policy, out: &mut ValidationResult) {
        let mut errors: Vec<(Loc, ValidationErrorKind)> = Vec::new();
        names::check_names(self.schema, policy, &mut errors);
        let names_ok = errors.is_empty();
        let mut applicable = 0usize;
        let mut all_false = true;
        for env in self.environments() {
            if !action_matches(self.schema, &policy.action, env.action) {
                continue;
            }
            let scope = and(
                scope_type(self.schema, &policy.principal, env.principal),
                scope_type(self.schema, &policy.resource, env.resource),
            );
            if scope == BoolType::False {
                continue;
            }
            applicable += 1;
            let mut typer = Typer {
                schema: self.schema,
                env: RequestEnv {
                    principal: env.principal,
                    action: env.action,
                    resource: env.resource,
                    context: &env.applies.context,
                },
                errors: &mut errors,
            };
            if let Some(b) = type_conditions(&mut typer, policy, scope) {
                all_false &= b == BoolType::False;
            } else {
                all_false = false;
            }
        }
        if applicable == 0 && names_ok {
            errors.push((policy.loc, ValidationErrorKind::InvalidActionApplication));
        }
        let mut seen = HashSet::new();
        let had_errors = !errors.is_empty();
        for (loc, kind) in errors {
            if seen.insert((loc, kind.clone())) {
                out.errors.push(ValidationError {
                    policy_id: policy.id.clone(),
                    loc,
                    kind,
                });
            }
        }
        if !had_errors && all_false {
            out.warnings.push(ValidationWarning {
                policy_id: policy.id.clone(),
                loc: policy.loc,
                kind: ValidationWarningKind::ImpossiblePolicy,
            });
        }
    }
}

/// Types the conditions of `policy` in sequence, as the conjunction Cedar evaluates
/// (`scope && when₁ && !unless₁ && …`); `None` after an error.
fn type_conditions(typer: &mut Typer<'_>, policy: &Policy, scope: BoolType) -> Option<BoolType> {
    let mut acc = scope;
    let mut caps = Caps::new();
    for cond in &policy.conditions {
        if acc == BoolType::False {
            return Some(acc);
        }
        let (t, c) = typer.type_of(&cond.body, &caps, 0)?;
        let Some(b) = t.as_bool() else {
            typer.errors.push((
                cond.body.loc,
                ValidationErrorKind::UnexpectedType {
                    expected: "Bool",
                    found: t,
                },
            ));
            return None;
        };
        let b = match cond.kind {
            ConditionKind::When => {
                caps.extend(c);
                b
            }
            ConditionKind::Unless => !b,
        };
        acc = and(acc, b);
    }
    Some(acc)
}
