//! Unit tests of the policy-set form: sorting policies into static ones and
//! templates, links, and the errors of inconsistent sets.

use serde_json::{json, Value};

use super::tests::{any_policy, policy, uid};
use super::*;
use crate::ast::{ActionConstraint, EntityRef, ScopeConstraint, SlotId};
use crate::value::Name;

fn template() -> Policy {
    let mut t = policy(
        ScopeConstraint::Eq(EntityRef::Slot(SlotId::Principal)),
        ActionConstraint::Any,
        ScopeConstraint::IsIn(Name::new("Doc"), EntityRef::Slot(SlotId::Resource)),
    );
    t.id = "t".into();
    t
}

fn link() -> TemplateLink {
    TemplateLink {
        id: "l".into(),
        template_id: "t".into(),
        values: [
            (SlotId::Principal, uid("User", "alice")),
            (SlotId::Resource, uid("Folder", "f")),
        ]
        .into_iter()
        .collect(),
    }
}

#[test]
fn policy_sets_both_ways() {
    let statics = any_policy();
    let mut linked = template();
    linked.id = "l".into();
    linked.template_id = Some("t".into());
    let json = policy_set_to_json(&[statics.clone(), template(), linked], &[link()]);
    assert_eq!(
        json["templateLinks"],
        json!([{
            "templateId": "t",
            "newId": "l",
            "values": {
                "?principal": { "type": "User", "id": "alice" },
                "?resource": { "type": "Folder", "id": "f" },
            }
        }])
    );
    assert!(json["staticPolicies"].get("p").is_some());
    assert!(json["templates"].get("t").is_some());
    assert!(json["staticPolicies"].get("l").is_none());

    let set = policy_set_from_json(&json).unwrap();
    assert_eq!(set.static_policies, vec![statics]);
    assert_eq!(set.templates, vec![template()]);
    assert_eq!(set.links, vec![link()]);
    let linked = set.linked_policies();
    assert_eq!(linked.len(), 1);
    assert_eq!(linked[0].id, "l");
    assert_eq!(linked[0].template_id.as_deref(), Some("t"));
    assert_eq!(
        linked[0].principal,
        ScopeConstraint::Eq(EntityRef::Uid(uid("User", "alice")))
    );
    assert_eq!(
        linked[0].resource,
        ScopeConstraint::IsIn(Name::new("Doc"), EntityRef::Uid(uid("Folder", "f")))
    );
    assert_eq!(set.policies().len(), 2);
    assert_eq!(
        policy_set_from_json(&json!({})),
        Ok(PolicySetJson::default())
    );
}

#[test]
fn policy_set_errors() {
    use PolicyJsonErrorKind as K;
    let good = || policy_set_to_json(&[any_policy(), template()], &[link()]);
    let set_error = |json: Value| match policy_set_from_json(&json) {
        Ok(s) => panic!("expected an error, got {s:?}"),
        Err(err) => (err.path.to_string(), err.kind),
    };

    let mut bad = good();
    bad["templateLinks"][0]["templateId"] = json!("nope");
    assert_eq!(
        set_error(bad),
        (
            "templateLinks[0].templateId".into(),
            K::UnknownTemplate("nope".into())
        )
    );

    let mut bad = good();
    bad["templateLinks"][0]["newId"] = json!("p");
    assert_eq!(
        set_error(bad),
        ("templateLinks[0].newId".into(), K::DuplicateId("p".into()))
    );

    let mut bad = good();
    let t = bad["templates"]["t"].clone();
    bad["templates"]["p"] = t;
    assert_eq!(
        set_error(bad),
        ("templates.p".into(), K::DuplicateId("p".into()))
    );

    let mut bad = good();
    bad["templateLinks"][0]["values"]
        .as_object_mut()
        .unwrap()
        .remove("?resource");
    assert_eq!(
        set_error(bad),
        (
            "templateLinks[0].values".into(),
            K::MissingSlotValue(SlotId::Resource)
        )
    );

    let mut bad = good();
    let t = bad["templates"]["t"].clone();
    bad["staticPolicies"]["p"] = t;
    bad["templates"] = json!({});
    bad["templateLinks"] = json!([]);
    assert_eq!(
        set_error(bad),
        (
            "staticPolicies.p".into(),
            K::SlotInStaticPolicy(SlotId::Principal)
        )
    );

    let mut bad = good();
    bad["templateLinks"][0]["values"]["?other"] = json!({ "type": "U", "id": "x" });
    assert_eq!(set_error(bad).0, "templateLinks[0].values.?other");

    let mut bad = good();
    bad["links"] = json!([]);
    assert_eq!(
        set_error(bad),
        ("links".into(), K::UnexpectedKey("links".into()))
    );

    let mut bad = good();
    bad["staticPolicies"]["p"]["conditions"] = json!([{ "kind": "when", "body": { "Var": 1 } }]);
    assert_eq!(set_error(bad).0, "staticPolicies.p.conditions[0].body.Var");
}

#[test]
fn unused_slot_values_are_rejected() {
    let mut only_principal = template();
    only_principal.resource = ScopeConstraint::Any;
    let json = policy_set_to_json(&[only_principal], &[link()]);
    let err = policy_set_from_json(&json).unwrap_err();
    assert_eq!(err.path.to_string(), "templateLinks[0].values.?resource");
    assert_eq!(
        err.kind,
        PolicyJsonErrorKind::UnusedSlotValue(SlotId::Resource)
    );
}
