//! Tests of policy sets, linking, the links format and the scope index.

use std::collections::BTreeSet;

use proptest::prelude::*;

use super::*;
use crate::ast::{ActionConstraint, Effect, Loc};
use crate::entities::Entity;
use crate::value::Name;

fn uid(t: &str, id: &str) -> EntityUid {
    EntityUid::new(Name::new(t), id)
}

fn policy(
    id: &str,
    principal: ScopeConstraint,
    action: ActionConstraint,
    resource: ScopeConstraint,
) -> Policy {
    Policy {
        id: id.into(),
        annotations: Vec::new(),
        effect: Effect::Permit,
        principal,
        action,
        resource,
        conditions: Vec::new(),
        template_id: None,
        loc: Loc::NONE,
        scope_locs: Default::default(),
    }
}

fn any(id: &str) -> Policy {
    policy(
        id,
        ScopeConstraint::Any,
        ActionConstraint::Any,
        ScopeConstraint::Any,
    )
}

fn template(id: &str) -> Policy {
    policy(
        id,
        ScopeConstraint::Eq(EntityRef::Slot(SlotId::Principal)),
        ActionConstraint::Any,
        ScopeConstraint::IsIn(Name::new("Photo"), EntityRef::Slot(SlotId::Resource)),
    )
}

fn both_slots(p: &str, r: &str) -> BTreeMap<SlotId, EntityUid> {
    BTreeMap::from([
        (SlotId::Principal, uid("User", p)),
        (SlotId::Resource, uid("Album", r)),
    ])
}

#[test]
fn static_policies_and_templates_are_separated() {
    let set = PolicySet::from_policies(vec![any("p0"), template("t0"), any("p1")]).unwrap();
    let ids: Vec<_> = set.policies().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["p0", "p1"]);
    let tids: Vec<_> = set.templates().map(|p| p.id.as_str()).collect();
    assert_eq!(tids, ["t0"]);
    assert_eq!(set.len(), 2);
    assert!(set.get("t0").is_some_and(Policy::is_template));
    assert!(set.get("nope").is_none());
}

#[test]
fn duplicate_ids_are_rejected_everywhere() {
    assert_eq!(
        PolicySet::from_policies(vec![any("a"), template("a")]).unwrap_err(),
        PolicySetError::DuplicateId("a".into())
    );
    let mut set = PolicySet::from_policies(vec![any("a"), template("t")]).unwrap();
    assert_eq!(
        set.link("t", "a", both_slots("u", "r")),
        Err(PolicySetError::DuplicateId("a".into()))
    );
    set.link("t", "l", both_slots("u", "r")).unwrap();
    assert_eq!(
        set.add(any("l")),
        Err(PolicySetError::DuplicateId("l".into()))
    );
}

#[test]
fn linking_fills_the_scope() {
    let mut set = PolicySet::from_policies(vec![any("p"), template("t")]).unwrap();
    set.link("t", "link1", both_slots("alice", "trip")).unwrap();
    let linked = set.get("link1").unwrap();
    assert_eq!(linked.template_id.as_deref(), Some("t"));
    assert_eq!(
        linked.principal,
        ScopeConstraint::Eq(EntityRef::Uid(uid("User", "alice")))
    );
    assert_eq!(
        linked.resource,
        ScopeConstraint::IsIn(Name::new("Photo"), EntityRef::Uid(uid("Album", "trip")))
    );
    assert!(!linked.is_template());
    let ids: Vec<_> = set.policies().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["p", "link1"]);
    assert_eq!(set.links().len(), 1);
    assert_eq!(set.links()[0].template_id, "t");
}

#[test]
fn linking_errors() {
    let half = policy(
        "half",
        ScopeConstraint::In(EntityRef::Slot(SlotId::Principal)),
        ActionConstraint::Any,
        ScopeConstraint::Any,
    );
    let mut set = PolicySet::from_policies(vec![any("p"), template("t"), half]).unwrap();
    assert_eq!(
        set.link("zz", "l", BTreeMap::new()),
        Err(PolicySetError::NoSuchTemplate("zz".into()))
    );
    assert_eq!(
        set.link("p", "l", BTreeMap::new()),
        Err(PolicySetError::NotATemplate("p".into()))
    );
    let mut only_principal = both_slots("a", "b");
    only_principal.remove(&SlotId::Resource);
    assert_eq!(
        set.link("t", "l", only_principal.clone()),
        Err(PolicySetError::MissingSlot {
            template_id: "t".into(),
            slot: SlotId::Resource
        })
    );
    assert_eq!(
        set.link("half", "l", both_slots("a", "b")),
        Err(PolicySetError::UnexpectedSlot {
            template_id: "half".into(),
            slot: SlotId::Resource
        })
    );
    set.link("half", "l", only_principal).unwrap();
    assert!(set.get("l").is_some());
}

#[test]
fn links_json_round_trip() {
    let text = r#"[
      {"template_id": "t", "link_id": "l1", "args": {"?principal": "User::\"alice\"", "?resource": "Album::\"trip\""}},
      {"template_id": "t", "link_id": "l2", "args": {"?principal": {"type": "User", "id": "bob"}, "?resource": "Album::\"x\""}}
    ]"#;
    let links = links_from_json_str(text).unwrap();
    assert_eq!(links.len(), 2);
    assert_eq!(links[0].values, both_slots("alice", "trip"));
    assert_eq!(
        links[1].values.get(&SlotId::Principal),
        Some(&uid("User", "bob"))
    );
    let again = links_from_json_str(&links_to_json_string(&links)).unwrap();
    assert_eq!(again, links);
    assert!(links_from_json_str("  ").unwrap().is_empty());
    let mut set = PolicySet::from_policies(vec![template("t")]).unwrap();
    set.link_all(links).unwrap();
    assert_eq!(set.len(), 2);
}

#[test]
fn links_json_errors_are_located() {
    let at = |text: &str| match links_from_json_str(text) {
        Err(JsonError::At { path, .. }) => path,
        other => panic!("{other:?}"),
    };
    assert_eq!(at(r#"[{"template_id": "t", "args": {}}]"#), "links[0]");
    assert_eq!(
        at(r#"[{"template_id": "t", "link_id": "l", "args": {"?other": "A::\"a\""}}]"#),
        "links[0].args[\"?other\"]"
    );
    assert_eq!(
        at(r#"[{"template_id": "t", "link_id": "l", "args": {"?principal": "nope"}}]"#),
        "links[0].args[\"?principal\"]"
    );
    assert_eq!(
        at(r#"[{"template_id": 1, "link_id": "l", "args": {}}]"#),
        "links[0].template_id"
    );
    assert!(matches!(
        links_from_json_str("[{"),
        Err(JsonError::Syntax { .. })
    ));
}

// ---- the scope index ------------------------------------------------------------------

fn scope_strategy(kind: &'static str) -> impl Strategy<Value = ScopeConstraint> {
    let ids = prop_oneof![Just("a"), Just("b"), Just("g"), Just("h")];
    let ty = move |id: &str| {
        if id.starts_with(['g', 'h']) {
            "G"
        } else {
            kind
        }
    };
    prop_oneof![
        Just(ScopeConstraint::Any),
        ids.clone()
            .prop_map(move |i| ScopeConstraint::Eq(EntityRef::Uid(uid(ty(i), i)))),
        ids.clone()
            .prop_map(move |i| ScopeConstraint::In(EntityRef::Uid(uid(ty(i), i)))),
        Just(ScopeConstraint::Is(Name::new(kind))),
        ids.prop_map(move |i| ScopeConstraint::IsIn(
            Name::new(kind),
            EntityRef::Uid(uid(ty(i), i))
        )),
    ]
}

fn action_strategy() -> impl Strategy<Value = ActionConstraint> {
    let a = prop_oneof![Just("read"), Just("write"), Just("all")];
    prop_oneof![
        Just(ActionConstraint::Any),
        a.clone()
            .prop_map(|i| ActionConstraint::Eq(uid("Action", i))),
        a.clone()
            .prop_map(|i| ActionConstraint::In(uid("Action", i))),
        proptest::collection::vec(a, 0..3).prop_map(|v| ActionConstraint::InList(
            v.into_iter().map(|i| uid("Action", i)).collect()
        )),
    ]
}

fn hierarchy() -> Entities {
    let e = |t: &str, id: &str, parents: &[(&str, &str)]| {
        Entity::new(
            uid(t, id),
            BTreeMap::new(),
            parents
                .iter()
                .map(|(t, i)| uid(t, i))
                .collect::<BTreeSet<_>>(),
            BTreeMap::new(),
        )
    };
    Entities::from_entities([
        e("P", "a", &[("G", "g")]),
        e("R", "b", &[("G", "h")]),
        e("G", "g", &[("G", "h")]),
        e("Action", "read", &[("Action", "all")]),
        e("Action", "write", &[("Action", "all")]),
    ])
    .unwrap()
}

fn matches_scope(p: &Policy, r: &Request, es: &Entities) -> bool {
    let m = |c: &ScopeConstraint, u: &EntityUid| match c {
        ScopeConstraint::Any => true,
        ScopeConstraint::Eq(EntityRef::Uid(x)) => u == x,
        ScopeConstraint::In(EntityRef::Uid(x)) => es.is_in(u, x),
        ScopeConstraint::Is(t) => &u.ty == t,
        ScopeConstraint::IsIn(t, EntityRef::Uid(x)) => &u.ty == t && es.is_in(u, x),
        _ => false,
    };
    let a = match &p.action {
        ActionConstraint::Any => true,
        ActionConstraint::Eq(x) => &r.action == x,
        ActionConstraint::In(x) => es.is_in(&r.action, x),
        ActionConstraint::InList(xs) => xs.iter().any(|x| es.is_in(&r.action, x)),
    };
    m(&p.principal, &r.principal) && a && m(&p.resource, &r.resource)
}

proptest! {
    /// Every policy whose scope matches is a candidate, and no candidate is repeated.
    #[test]
    fn index_candidates_cover_matching_scopes(
        scopes in proptest::collection::vec(
            (scope_strategy("P"), action_strategy(), scope_strategy("R")), 0..12),
        principal in prop_oneof![Just("a"), Just("z")],
        action in prop_oneof![Just("read"), Just("write"), Just("all")],
        resource in prop_oneof![Just("b"), Just("y")],
    ) {
        let policies: Vec<Policy> = scopes
            .into_iter()
            .enumerate()
            .map(|(i, (p, a, r))| policy(&format!("p{i}"), p, a, r))
            .collect();
        let set = PolicySet::from_policies(policies).unwrap();
        let es = hierarchy();
        let req = Request::with_empty_context(uid("P", principal), uid("Action", action), uid("R", resource));
        let mut seen = Vec::new();
        set.for_each_candidate(&req, &es, |p| seen.push(p.id.clone()));
        let unique: BTreeSet<_> = seen.iter().cloned().collect();
        prop_assert_eq!(unique.len(), seen.len());
        for p in set.policies() {
            if matches_scope(p, &req, &es) {
                prop_assert!(unique.contains(&p.id), "{} missing", p.id);
            }
        }
    }
}
