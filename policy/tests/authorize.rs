//! End-to-end authorization: policies from text, entities and requests from JSON.
//! (Cedar's own integration tests run through `cedrus conformance`, in `.ci/run`.)

use cedrus_policy::parser::parse_policies;
use cedrus_policy::policy_set::links_from_json_str;
use cedrus_policy::{Authorizer, Decision, Entities, PolicySet, Request};

const POLICIES: &str = r#"
permit (principal in Group::"admins", action, resource);

permit (principal, action == Action::"view", resource is Photo)
when { resource.public || resource.owner == principal };

forbid (principal, action, resource)
when { context.risk > 5 }
unless { principal in Group::"admins" };

permit (principal == ?principal, action in [Action::"view", Action::"edit"], resource in ?resource);

forbid (principal, action == Action::"edit", resource)
when { resource.locked };
"#;

const ENTITIES: &str = r#"[
  {"uid": {"type": "User", "id": "alice"}, "attrs": {}, "parents": [{"type": "Group", "id": "admins"}]},
  {"uid": {"type": "User", "id": "bob"}, "attrs": {}, "parents": []},
  {"uid": {"type": "Photo", "id": "beach"},
   "attrs": {"public": false, "owner": {"__entity": {"type": "User", "id": "bob"}}},
   "parents": [{"type": "Album", "id": "trip"}]},
  {"uid": {"type": "Photo", "id": "draft"}, "attrs": {"public": false}, "parents": []}
]"#;

const LINKS: &str = r#"[
  {"template_id": "policy3", "link_id": "bob_trip",
   "args": {"?principal": "User::\"bob\"", "?resource": "Album::\"trip\""}}
]"#;

fn setup() -> (PolicySet, Entities) {
    let mut set = PolicySet::from_policies(parse_policies(POLICIES).unwrap()).unwrap();
    set.link_all(links_from_json_str(LINKS).unwrap()).unwrap();
    (set, Entities::from_json_str(ENTITIES).unwrap())
}

fn ask(principal: &str, action: &str, resource: &str, context: &str) -> cedrus_policy::Response {
    let (set, entities) = setup();
    let request = Request::from_json_str(&format!(
        r#"{{"principal": {principal:?}, "action": {action:?}, "resource": {resource:?}, "context": {context}}}"#
    ))
    .unwrap();
    Authorizer::new().is_authorized(&request, &set, &entities)
}

#[test]
fn owners_and_admins() {
    let r = ask(
        r#"User::"bob""#,
        r#"Action::"view""#,
        r#"Photo::"beach""#,
        "{}",
    );
    assert_eq!(r.decision, Decision::Allow);
    assert_eq!(r.reasons, ["bob_trip", "policy1"]);
    let r = ask(
        r#"User::"alice""#,
        r#"Action::"delete""#,
        r#"Photo::"beach""#,
        "{}",
    );
    assert_eq!(r.decision, Decision::Allow);
    assert_eq!(r.reasons, ["policy0"]);
    // `policy2` errors (no `risk` in the context) and `policy4` (no `locked`).
    let errs: Vec<_> = r.errors.iter().map(|e| e.policy_id.as_str()).collect();
    assert_eq!(errs, ["policy2"]);
}

#[test]
fn forbids_and_errors() {
    let r = ask(
        r#"User::"bob""#,
        r#"Action::"view""#,
        r#"Photo::"beach""#,
        r#"{"risk": 9}"#,
    );
    assert_eq!(r.decision, Decision::Deny);
    assert_eq!(r.reasons, ["policy2"]);
    let r = ask(
        r#"User::"bob""#,
        r#"Action::"edit""#,
        r#"Photo::"beach""#,
        r#"{"risk": 0}"#,
    );
    // The link permits, but `policy4` errors on the missing `locked` attribute.
    assert_eq!(r.decision, Decision::Allow);
    assert_eq!(r.reasons, ["bob_trip"]);
    let errs: Vec<_> = r.errors.iter().map(|e| e.policy_id.as_str()).collect();
    assert_eq!(errs, ["policy4"]);
    assert!(r.errors[0].to_string().contains("`locked`"));
    let r = ask(
        r#"User::"carol""#,
        r#"Action::"view""#,
        r#"Photo::"draft""#,
        r#"{"risk": 1}"#,
    );
    assert_eq!(r.decision, Decision::Deny);
    assert!(r.reasons.is_empty());
    // `draft` has no owner: `policy1` errors for carol.
    assert_eq!(r.errors.len(), 1);
}

// ---- Cedar's integration tests, when available ----------------------------------------
