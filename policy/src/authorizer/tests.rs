//! Tests of the authorizer's decision rules.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use super::*;
use crate::ast::{BinaryOp, Condition, Expr, ExprKind, Literal, Loc, SlotId, Var};
use crate::entities::Entity;
use crate::value::Name;

fn uid(t: &str, id: &str) -> EntityUid {
    EntityUid::new(Name::new(t), id)
}

fn lit(b: bool) -> Expr {
    Expr::new(ExprKind::Lit(Literal::Bool(b)))
}

/// `1 + true`: a type error.
fn boom() -> Expr {
    Expr::new(ExprKind::Binary(
        BinaryOp::Add,
        Box::new(Expr::new(ExprKind::Lit(Literal::Long(1)))),
        Box::new(lit(true)),
    ))
}

fn cond(kind: ConditionKind, body: Expr) -> Condition {
    Condition {
        kind,
        body,
        loc: Loc::NONE,
    }
}

fn policy(id: &str, effect: Effect, conditions: Vec<Condition>) -> Policy {
    Policy {
        id: id.into(),
        annotations: Vec::new(),
        effect,
        principal: ScopeConstraint::Any,
        action: ActionConstraint::Any,
        resource: ScopeConstraint::Any,
        conditions,
        template_id: None,
        loc: Loc::NONE,
        scope_locs: Default::default(),
    }
}

fn permit(id: &str, c: Vec<Condition>) -> Policy {
    policy(id, Effect::Permit, c)
}

fn forbid(id: &str, c: Vec<Condition>) -> Policy {
    policy(id, Effect::Forbid, c)
}

fn when(b: bool) -> Vec<Condition> {
    vec![cond(ConditionKind::When, lit(b))]
}

fn request() -> Request {
    Request::with_empty_context(
        uid("User", "alice"),
        uid("Action", "view"),
        uid("Photo", "p"),
    )
}

fn store() -> Entities {
    Entities::from_entities([
        Entity::new(
            uid("User", "alice"),
            BTreeMap::new(),
            BTreeSet::from([uid("Group", "g")]),
            BTreeMap::new(),
        ),
        Entity::new(
            uid("Action", "view"),
            BTreeMap::new(),
            BTreeSet::from([uid("Action", "read")]),
            BTreeMap::new(),
        ),
    ])
    .unwrap()
}

fn decide(policies: Vec<Policy>) -> Response {
    let set = PolicySet::from_policies(policies).unwrap();
    Authorizer::new().is_authorized(&request(), &set, &store())
}

fn ids(v: &[&str]) -> Vec<PolicyId> {
    v.iter().map(|s| PolicyId::from(*s)).collect()
}

#[test]
fn default_deny() {
    let r = decide(vec![]);
    assert_eq!(r.decision, Decision::Deny);
    assert!(r.reasons.is_empty() && r.errors.is_empty());
    assert_eq!(
        decide(vec![permit("p", when(false))]).decision,
        Decision::Deny
    );
}

#[test]
fn permits_allow_and_forbids_win() {
    let r = decide(vec![
        permit("p2", vec![]),
        permit("p1", when(true)),
        permit("p0", when(false)),
    ]);
    assert_eq!(r.decision, Decision::Allow);
    assert!(r.is_allowed());
    assert_eq!(r.reasons, ids(&["p1", "p2"]));
    let r = decide(vec![
        permit("p", vec![]),
        forbid("f1", vec![]),
        forbid("f0", vec![]),
        forbid("f2", when(false)),
    ]);
    assert_eq!(r.decision, Decision::Deny);
    assert_eq!(r.reasons, ids(&["f0", "f1"]));
}

#[test]
fn all_conditions_must_hold() {
    let both = |w: bool, u: bool| {
        permit(
            "p",
            vec![
                cond(ConditionKind::When, lit(w)),
                cond(ConditionKind::Unless, lit(u)),
            ],
        )
    };
    assert!(decide(vec![both(true, false)]).is_allowed());
    assert!(!decide(vec![both(true, true)]).is_allowed());
    assert!(!decide(vec![both(false, false)]).is_allowed());
    // A false condition short-circuits the ones after it.
    let r = decide(vec![permit(
        "p",
        vec![
            cond(ConditionKind::When, lit(false)),
            cond(ConditionKind::When, boom()),
        ],
    )]);
    assert!(r.errors.is_empty());
}

#[test]
fn erroring_policies_are_skipped_and_reported() {
    let r = decide(vec![
        permit("ok", vec![]),
        forbid("bad", vec![cond(ConditionKind::When, boom())]),
        permit("bad2", vec![cond(ConditionKind::Unless, boom())]),
    ]);
    assert_eq!(r.decision, Decision::Allow);
    assert_eq!(r.reasons, ids(&["ok"]));
    let errs: Vec<_> = r.errors.iter().map(|e| e.policy_id.as_str()).collect();
    assert_eq!(errs, ["bad", "bad2"]);
    assert!(r.errors[0]
        .to_string()
        .starts_with("error while evaluating policy `bad`: type error"));
}

#[test]
fn non_boolean_conditions_are_type_errors() {
    let r = decide(vec![permit(
        "p",
        vec![cond(
            ConditionKind::When,
            Expr::new(ExprKind::Lit(Literal::Long(1))),
        )],
    )]);
    assert_eq!(r.decision, Decision::Deny);
    assert!(matches!(
        r.errors[0].error,
        EvalError::Type {
            got: crate::value::ValueKind::Long,
            ..
        }
    ));
}

#[test]
fn scopes_use_the_hierarchy() {
    let mut p = permit("p", vec![]);
    p.principal = ScopeConstraint::In(EntityRef::Uid(uid("Group", "g")));
    p.action = ActionConstraint::InList(vec![uid("Action", "write"), uid("Action", "read")]);
    p.resource = ScopeConstraint::Is(Name::new("Photo"));
    assert!(decide(vec![p.clone()]).is_allowed());
    p.resource = ScopeConstraint::IsIn(Name::new("Photo"), EntityRef::Uid(uid("Album", "a")));
    assert!(!decide(vec![p.clone()]).is_allowed());
    p.resource = ScopeConstraint::Eq(EntityRef::Uid(uid("Photo", "p")));
    p.action = ActionConstraint::In(uid("Action", "read"));
    assert!(decide(vec![p.clone()]).is_allowed());
    p.principal = ScopeConstraint::Eq(EntityRef::Uid(uid("User", "bob")));
    assert!(!decide(vec![p]).is_allowed());
}

#[test]
fn scope_is_checked_before_conditions() {
    let mut p = forbid("f", vec![cond(ConditionKind::When, boom())]);
    p.action = ActionConstraint::Eq(uid("Action", "edit"));
    let r = decide(vec![p]);
    assert!(r.errors.is_empty());
}

#[test]
fn linked_templates_take_part() {
    let mut t = permit(
        "t",
        vec![cond(
            ConditionKind::When,
            Expr::new(ExprKind::Binary(
                BinaryOp::Eq,
                Box::new(Expr::new(ExprKind::Var(Var::Resource))),
                Box::new(Expr::new(ExprKind::Lit(Literal::Entity(uid("Photo", "p"))))),
            )),
        )],
    );
    t.principal = ScopeConstraint::Eq(EntityRef::Slot(SlotId::Principal));
    let mut set = PolicySet::from_policies(vec![t]).unwrap();
    let auth = Authorizer::new();
    assert!(!auth.is_authorized(&request(), &set, &store()).is_allowed());
    set.link(
        "t",
        "for_bob",
        BTreeMap::from([(SlotId::Principal, uid("User", "bob"))]),
    )
    .unwrap();
    assert!(!auth.is_authorized(&request(), &set, &store()).is_allowed());
    set.link(
        "t",
        "for_alice",
        BTreeMap::from([(SlotId::Principal, uid("User", "alice"))]),
    )
    .unwrap();
    let r = auth.is_authorized(&request(), &set, &store());
    assert_eq!(r.reasons, ids(&["for_alice"]));
}

#[test]
fn decisions_print_like_the_cli() {
    assert_eq!(Decision::Allow.to_string(), "ALLOW");
    assert_eq!(Decision::Deny.to_string(), "DENY");
}

/// One of a few policy shapes, by number.
fn shaped(i: usize, shape: u8) -> Policy {
    let id = format!("p{i}");
    match shape % 6 {
        0 => permit(&id, vec![]),
        1 => permit(&id, when(false)),
        2 => forbid(&id, vec![]),
        3 => forbid(&id, when(false)),
        4 => permit(&id, vec![cond(ConditionKind::When, boom())]),
        _ => {
            let mut p = permit(&id, vec![]);
            p.principal = ScopeConstraint::In(EntityRef::Uid(uid("Group", "g")));
            p
        }
    }
}

proptest! {
    #[test]
    fn decision_ignores_policy_order(shapes in proptest::collection::vec(any::<u8>(), 0..10), seed: u64) {
        let policies: Vec<Policy> = shapes.iter().enumerate().map(|(i, s)| shaped(i, *s)).collect();
        let mut shuffled = policies.clone();
        // A deterministic shuffle driven by `seed`.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let a = decide(policies.clone());
        let b = decide(shuffled);
        prop_assert_eq!(&a, &b);
        // Forbid trumps permit; allowed only if some permit holds.
        let any_forbid = shapes.iter().any(|s| s % 6 == 2);
        let any_permit = shapes.iter().any(|s| s % 6 == 0 || s % 6 == 5);
        prop_assert_eq!(a.is_allowed(), any_permit && !any_forbid);
        prop_assert_eq!(a.errors.len(), shapes.iter().filter(|s| *s % 6 == 4).count());
    }
}
