//! Tests of the entity store and its JSON format.

use std::collections::VecDeque;

use proptest::prelude::*;

use super::*;
use crate::value::Name;

fn uid(t: &str, id: &str) -> EntityUid {
    EntityUid::new(Name::new(t), id)
}

fn json_err(text: &str) -> (String, JsonErrorKind) {
    match Entities::from_json_str(text) {
        Err(EntitiesError::Json(JsonError::At { path, kind })) => (path, kind),
        other => panic!("expected a located JSON error, got {other:?}"),
    }
}

const SAMPLE: &str = r#"[
  {"uid": {"type": "User", "id": "alice"},
   "attrs": {"age": 30, "boss": {"__entity": {"type": "User", "id": "bob"}}},
   "parents": [{"type": "Group", "id": "admins"}, {"__entity": {"type": "Group", "id": "x"}}],
   "tags": {"level": 3}},
  {"uid": {"__entity": {"type": "Group", "id": "admins"}}, "attrs": {},
   "parents": [{"type": "Group", "id": "staff"}]},
  {"uid": {"type": "Group", "id": "staff"}, "attrs": {}, "parents": [], "comment": "ignored"}
]"#;

#[test]
fn loads_the_json_format() {
    let es = Entities::from_json_str(SAMPLE).unwrap();
    assert_eq!(es.len(), 3);
    let alice = es.get(&uid("User", "alice")).unwrap();
    assert_eq!(alice.attrs.get("age"), Some(&Value::Long(30)));
    assert_eq!(
        alice.attrs.get("boss"),
        Some(&Value::Entity(uid("User", "bob")))
    );
    assert_eq!(alice.tags.get("level"), Some(&Value::Long(3)));
    assert_eq!(alice.parents.len(), 2);
    let expected: HashSet<EntityUid> = [
        uid("Group", "admins"),
        uid("Group", "x"),
        uid("Group", "staff"),
    ]
    .into_iter()
    .collect();
    assert_eq!(alice.ancestors, expected);
    assert!(es.is_in(&uid("User", "alice"), &uid("Group", "staff")));
    assert!(es.is_in(&uid("User", "alice"), &uid("User", "alice")));
    assert!(!es.is_in(&uid("Group", "staff"), &uid("User", "alice")));
    let staff = es.get(&uid("Group", "staff")).unwrap();
    assert!(staff.attrs.is_empty() && staff.parents.is_empty() && staff.ancestors.is_empty());
    assert!(es.get(&uid("Group", "x")).is_none());
    let order: Vec<_> = es.iter().map(|e| e.uid.eid.as_str()).collect();
    assert_eq!(order, ["alice", "admins", "staff"]);
}

#[test]
fn round_trips_through_json() {
    let es = Entities::from_json_str(SAMPLE).unwrap();
    let again = Entities::from_json_value(es.to_json_value()).unwrap();
    assert_eq!(again, es);
    let staff = es.get(&uid("Group", "staff")).unwrap().to_json_value();
    assert!(staff.get("tags").is_none());
}

#[test]
fn errors_are_located() {
    assert_eq!(
        json_err(r#"{"uid": 1}"#),
        (
            "entities".into(),
            JsonErrorKind::Expected {
                expected: "an array of entities",
                got: "an object"
            }
        )
    );
    assert_eq!(
        json_err(
            r#"[{"uid": {"type": "A", "id": "a"}, "attrs": {}, "parents": []}, {"attrs": {}}]"#
        ),
        ("entities[1]".into(), JsonErrorKind::MissingField("uid"))
    );
    assert_eq!(
        json_err(r#"[{"uid": {"type": "A", "id": "a"}, "parents": []}]"#),
        ("entities[0]".into(), JsonErrorKind::MissingField("attrs"))
    );
    assert_eq!(
        json_err(r#"[{"uid": {"type": "A", "id": "a"}, "attrs": {}}]"#),
        ("entities[0]".into(), JsonErrorKind::MissingField("parents"))
    );
    let (path, _) =
        json_err(r#"[{"uid": {"type": "A", "id": "a"}, "attrs": null, "parents": []}]"#);
    assert_eq!(path, "entities[0].attrs");
    let (path, kind) = json_err(
        r#"[{"uid": {"type": "A", "id": "a"}, "attrs": {}, "parents": []},
            {"uid": {"type": "B", "id": "b"}, "attrs": {}, "parents": []},
            {"uid": {"type": "B", "id": "b"}, "attrs": {"x": 1}, "parents": []}]"#,
    );
    assert_eq!(path, "entities[2].uid");
    assert_eq!(kind, JsonErrorKind::DuplicateEntity(uid("B", "b")));
    let (path, kind) =
        json_err(r#"[{"uid": {"type": "A", "id": "a"}, "attrs": {"owner": null}, "parents": []}]"#);
    assert_eq!(
        (path.as_str(), kind),
        ("entities[0].attrs.owner", JsonErrorKind::Null)
    );
    let (path, _) =
        json_err(r#"[{"uid": {"type": "A", "id": "a"}, "attrs": {}, "parents": ["A::\"b\""]}]"#);
    assert_eq!(path, "entities[0].parents[0]");
    let (path, _) =
        json_err(r#"[{"uid": {"type": "A", "id": "a"}, "attrs": {}, "parents": [], "tags": [1]}]"#);
    assert_eq!(path, "entities[0].tags");
    let (path, _) = json_err(r#"[{"uid": {"type": "A B", "id": "a"}}]"#);
    assert_eq!(path, "entities[0].uid.type");
    let (path, kind) = json_err(
        r#"[{"uid": {"type": "Action", "id": "a"}, "attrs": {}, "parents": [{"type": "Group", "id": "g"}]}]"#,
    );
    assert_eq!(path, "entities[0].parents[0]");
    assert!(matches!(kind, JsonErrorKind::ActionParentNotAction { .. }));
    assert!(matches!(
        Entities::from_json_str("[{\"uid\": "),
        Err(EntitiesError::Json(JsonError::Syntax { line: 1, .. }))
    ));
}

#[test]
fn an_entity_listed_twice_identically_is_accepted() {
    let es = Entities::from_json_str(
        r#"[{"uid": {"type": "A", "id": "a"}, "attrs": {"x": 1}, "parents": []},
            {"uid": {"type": "A", "id": "a"}, "attrs": {"x": 1}, "parents": []}]"#,
    )
    .unwrap();
    assert_eq!(es.len(), 1);
}

#[test]
fn namespaced_actions_may_have_action_parents() {
    let es = Entities::from_json_str(
        r#"[{"uid": {"type": "NS::Action", "id": "view"}, "attrs": {},
             "parents": [{"type": "NS::Action", "id": "read"}]}]"#,
    )
    .unwrap();
    assert!(es.is_in(&uid("NS::Action", "view"), &uid("NS::Action", "read")));
}

#[test]
fn cycles_are_rejected() {
    let self_loop = Entities::from_json_str(
        r#"[{"uid": {"type": "G", "id": "a"}, "attrs": {}, "parents": [{"type": "G", "id": "a"}]}]"#,
    );
    assert_eq!(self_loop, Err(EntitiesError::Cycle(uid("G", "a"))));
    let e = |id: &str, parent: &str| {
        Entity::new(
            uid("G", id),
            BTreeMap::new(),
            BTreeSet::from([uid("G", parent)]),
            BTreeMap::new(),
        )
    };
    let cycle = Entities::from_entities([e("a", "b"), e("b", "c"), e("c", "a"), e("d", "a")]);
    assert!(matches!(cycle, Err(EntitiesError::Cycle(_))));
}

#[test]
fn from_entities_checks_duplicates_and_actions() {
    let a = Entity::with_uid(uid("A", "a"));
    assert_eq!(
        Entities::from_entities([a.clone(), a]),
        Err(EntitiesError::Duplicate(uid("A", "a")))
    );
    let mut act = Entity::with_uid(uid("Action", "a"));
    act.parents.insert(uid("User", "u"));
    assert!(matches!(
        Entities::from_entities([act]),
        Err(EntitiesError::ActionParentNotAction { .. })
    ));
}

#[test]
fn long_chains_close_without_recursion() {
    let n = 2000;
    let chain = (0..n).map(|i| {
        Entity::new(
            uid("N", &i.to_string()),
            BTreeMap::new(),
            BTreeSet::from([uid("N", &(i + 1).to_string())]),
            BTreeMap::new(),
        )
    });
    let es = Entities::from_entities(chain).unwrap();
    let first = es.get(&uid("N", "0")).unwrap();
    assert_eq!(first.ancestors.len(), n);
    assert!(first.is_descendant_of(&uid("N", &n.to_string())));
}

/// Reachability by breadth-first search, as a reference for the closure.
fn naive_ancestors(edges: &[Vec<usize>], start: usize) -> HashSet<usize> {
    let mut seen = HashSet::new();
    let mut queue: VecDeque<usize> = edges[start].iter().copied().collect();
    while let Some(n) = queue.pop_front() {
        if seen.insert(n) {
            if let Some(next) = edges.get(n) {
                queue.extend(next.iter().copied());
            }
        }
    }
    seen
}

proptest! {
    #[test]
    fn closure_matches_breadth_first_search(
        // Nodes 0..8 are stored, 8..10 only appear as parents.
        raw in proptest::collection::vec(proptest::collection::vec(0usize..10, 0..3), 8)
    ) {
        let mut edges = raw.clone();
        edges.resize(10, Vec::new());
        let name = |i: usize| uid("N", &i.to_string());
        let entities = raw.iter().enumerate().map(|(i, ps)| {
            Entity::new(name(i), BTreeMap::new(), ps.iter().map(|&p| name(p)).collect(), BTreeMap::new())
        });
        let has_cycle = (0..8).any(|i| naive_ancestors(&edges, i).contains(&i));
        match Entities::from_entities(entities) {
            Err(EntitiesError::Cycle(_)) => prop_assert!(has_cycle),
            Err(other) => prop_assert!(false, "unexpected error {other}"),
            Ok(es) => {
                prop_assert!(!has_cycle);
                for i in 0..8 {
                    let want: HashSet<EntityUid> =
                        naive_ancestors(&edges, i).into_iter().map(name).collect();
                    prop_assert_eq!(&es.get(&name(i)).unwrap().ancestors, &want);
                }
            }
        }
    }
}
