//! The authorizer: decides a request against a policy set and an entity store.
//!
//! A policy is satisfied when its scope matches the request and every `when` condition
//! is true and every `unless` condition false, checked in that order with
//! short-circuiting, as Cedar evaluates a policy. A policy whose evaluation errors is
//! skipped and reported. Any satisfied `forbid` denies (the satisfied forbids are the
//! reasons); otherwise any satisfied `permit` allows (the satisfied permits are the
//! reasons); otherwise the request is denied with no reasons.

use std::fmt;

use crate::ast::{
    ActionConstraint, ConditionKind, Effect, EntityRef, Policy, PolicyId, ScopeConstraint,
};
use crate::entities::Entities;
use crate::error::EvalError;
use crate::eval::Evaluator;
use crate::policy_set::PolicySet;
use crate::request::Request;
use crate::value::EntityUid;

/// The answer to an authorization request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Decision {
    /// The request is allowed.
    Allow,
    /// The request is denied.
    Deny,
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Decision::Allow => "ALLOW",
            Decision::Deny => "DENY",
        })
    }
}

/// A policy that could not be evaluated, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyError {
    /// The policy's id.
    pub policy_id: PolicyId,
    /// The error its evaluation raised.
    pub error: EvalError,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "error while evaluating policy `{}`: {}",
            self.policy_id, self.error
        )
    }
}

impl std::error::Error for PolicyError {}

/// The decision, the policies that determined it, and the policies that errored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// Allow or deny.
    pub decision: Decision,
    /// The satisfied policies of the deciding effect, sorted by id.
    pub reasons: Vec<PolicyId>,
    /// The policies whose evaluation errored, sorted by id.
    pub errors: Vec<PolicyError>,
}

impl Response {
    /// Whether the decision is [`Decision::Allow`].
    pub fn is_allowed(&self) -> bool {
        self.decision == Decision::Allow
    }
}

/// Answers authorization requests.
#[derive(Clone, Copy, Debug, Default)]
pub struct Authorizer {
    _private: (),
}

impl Authorizer {
    /// An authorizer.
    pub fn new() -> Authorizer {
        Authorizer::default()
    }

    /// Decides `request` against `policies` and `entities`.
    pub fn is_authorized(
        &self,
        request: &Request,
        policies: &PolicySet,
        entities: &Entities,
    ) -> Response {
        let eval = Evaluator::new(request, entities);
        let mut permits = Vec::new();
        let mut forbids = Vec::new();
        let mut errors = Vec::new();
        policies.for_each_candidate(request, entities, |policy| {
            match is_satisfied(&eval, policy) {
                Ok(true) => match policy.effect {
                    Effect::Permit => permits.push(policy.id.clone()),
                    Effect::Forbid => forbids.push(policy.id.clone()),
                },
                Ok(false) => {}
                Err(error) => errors.push(PolicyError {
                    policy_id: policy.id.clone(),
                    error,
                }),
            }
        });
        let (decision, mut reasons) = if !forbids.is_empty() {
            (Decision::Deny, forbids)
        } else if !permits.is_empty() {
            (Decision::Allow, permits)
        } else {
            (Decision::Deny, Vec::new())
        };
        reasons.sort_unstable();
        errors.sort_unstable_by(|a, b| a.policy_id.cmp(&b.policy_id));
        Response {
            decision,
            reasons,
            errors,
        }
    }
}

/// Whether `policy` is satisfied by the evaluator's request: scope, then conditions.
pub fn is_satisfied(eval: &Evaluator<'_>, policy: &Policy) -> Result<bool, EvalError> {
    let request = eval.request();
    let entities = eval.entities();
    if !scope_matches(&policy.principal, &request.principal, entities)?
        || !action_matches(&policy.action, &request.action, entities)
        || !scope_matches(&policy.resource, &request.resource, entities)?
    {
        return Ok(false);
    }
    for condition in &policy.conditions {
        let holds = match condition.kind {
            ConditionKind::When => eval.eval_bool(&condition.body, "when condition")?,
            ConditionKind::Unless => !eval.eval_bool(&condition.body, "unless condition")?,
        };
        if !holds {
            return Ok(false);
        }
    }
    Ok(true)
}

fn entity_ref(r: &EntityRef) -> Result<&EntityUid, EvalError> {
    match r {
        EntityRef::Uid(uid) => Ok(uid),
        EntityRef::Slot(slot) => Err(EvalError::UnlinkedSlot(*slot)),
    }
}

fn scope_matches(
    c: &ScopeConstraint,
    uid: &EntityUid,
    entities: &Entities,
) -> Result<bool, EvalError> {
    Ok(match c {
        ScopeConstraint::Any => true,
        ScopeConstraint::Eq(r) => uid == entity_ref(r)?,
        ScopeConstraint::In(r) => entities.is_in(uid, entity_ref(r)?),
        ScopeConstraint::Is(ty) => uid.ty == *ty,
        ScopeConstraint::IsIn(ty, r) => uid.ty == *ty && entities.is_in(uid, entity_ref(r)?),
    })
}

fn action_matches(c: &ActionConstraint, action: &EntityUid, entities: &Entities) -> bool {
    match c {
        ActionConstraint::Any => true,
        ActionConstraint::Eq(a) => action == a,
        ActionConstraint::In(a) => entities.is_in(action, a),
        ActionConstraint::InList(list) => list.iter().any(|a| entities.is_in(action, a)),
    }
}

#[cfg(test)]
mod tests;
