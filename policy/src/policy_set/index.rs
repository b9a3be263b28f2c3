//! An index of policies by scope, so that authorization only looks at policies whose
//! scope can match the request.
//!
//! Every policy goes into exactly one bucket, chosen by its most selective scope
//! constraint: `principal ==`, `resource ==`, `action ==`, `principal in`, `resource in`,
//! `action in`, or the catch-all list. A request visits each bucket key at most once, so
//! no policy is produced twice; candidates still have their whole scope checked.

use std::collections::HashMap;

use crate::ast::{ActionConstraint, EntityRef, Policy, ScopeConstraint};
use crate::entities::Entities;
use crate::request::Request;
use crate::value::EntityUid;

type Buckets = HashMap<EntityUid, Vec<usize>>;

/// Policy positions (indices into the policy list) grouped by scope.
#[derive(Clone, Debug, Default)]
pub(super) struct ScopeIndex {
    principal_eq: Buckets,
    resource_eq: Buckets,
    action_eq: Buckets,
    principal_in: Buckets,
    resource_in: Buckets,
    action_in: Buckets,
    rest: Vec<usize>,
}

fn literal_eq(c: &ScopeConstraint) -> Option<&EntityUid> {
    match c {
        ScopeConstraint::Eq(EntityRef::Uid(uid)) => Some(uid),
        _ => None,
    }
}

fn literal_in(c: &ScopeConstraint) -> Option<&EntityUid> {
    match c {
        ScopeConstraint::In(EntityRef::Uid(uid))
        | ScopeConstraint::IsIn(_, EntityRef::Uid(uid)) => Some(uid),
        _ => None,
    }
}

impl ScopeIndex {
    /// Records that the policy at position `pos` has this scope.
    pub(super) fn insert(&mut self, pos: usize, policy: &Policy) {
        let (bucket, key) = if let Some(uid) = literal_eq(&policy.principal) {
            (&mut self.principal_eq, uid)
        } else if let Some(uid) = literal_eq(&policy.resource) {
            (&mut self.resource_eq, uid)
        } else if let ActionConstraint::Eq(uid) = &policy.action {
            (&mut self.action_eq, uid)
        } else if let Some(uid) = literal_in(&policy.principal) {
            (&mut self.principal_in, uid)
        } else if let Some(uid) = literal_in(&policy.resource) {
            (&mut self.resource_in, uid)
        } else if let ActionConstraint::In(uid) = &policy.action {
            (&mut self.action_in, uid)
        } else {
            self.rest.push(pos);
            return;
        };
        bucket.entry(key.clone()).or_default().push(pos);
    }

    /// Calls `f` with the position of every policy whose scope may match `request`.
    pub(super) fn for_each_candidate(
        &self,
        request: &Request,
        entities: &Entities,
        mut f: impl FnMut(usize),
    ) {
        let mut visit = |bucket: Option<&Vec<usize>>| {
            for &pos in bucket.into_iter().flatten() {
                f(pos);
            }
        };
        visit(self.principal_eq.get(&request.principal));
        visit(self.resource_eq.get(&request.resource));
        visit(self.action_eq.get(&request.action));
        for (buckets, uid) in [
            (&self.principal_in, &request.principal),
            (&self.resource_in, &request.resource),
            (&self.action_in, &request.action),
        ] {
            if buckets.is_empty() {
                continue;
            }
            let ancestors = entities.get(uid).map(|e| &e.ancestors);
            let lineage = 1 + ancestors.map_or(0, |a| a.len());
            if buckets.len() <= lineage {
                // Few distinct targets: test each against the hierarchy.
                for (target, bucket) in buckets {
                    if target == uid || ancestors.is_some_and(|a| a.contains(target)) {
                        visit(Some(bucket));
                    }
                }
            } else {
                // Few ancestors: look each one up.
                visit(buckets.get(uid));
                for anc in ancestors.into_iter().flatten() {
                    visit(buckets.get(anc));
                }
            }
        }
        visit(Some(&self.rest));
    }
}
