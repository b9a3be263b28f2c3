//! Hostile input: every loader returns an error (never a panic or a stack overflow) on
//! random, mutated, deeply nested and huge documents, and costs stay bounded.

use cedrus_policy::ast::PatternElem;
use cedrus_policy::entities::Entities;
use cedrus_policy::eval::wildcard_match;
use cedrus_policy::policy_set::links_from_json_str;
use cedrus_policy::request::{context_from_json_str, Request};
use cedrus_policy::schema::Schema;
use cedrus_policy::{parser, Value};
use proptest::prelude::*;

const ENTITIES: &str = r#"[
  {"uid": {"type": "User", "id": "alice"}, "attrs": {"age": 7, "tags": ["a", "b"],
   "ip": {"__extn": {"fn": "ip", "arg": "10.0.0.1"}},
   "boss": {"__entity": {"type": "User", "id": "bob"}}},
   "parents": [{"type": "Group", "id": "g"}], "tags": {"t": 1}},
  {"uid": {"type": "Group", "id": "g"}, "attrs": {}, "parents": []}
]"#;

const REQUEST: &str = r#"{"principal": "User::\"alice\"", "action": {"type": "Action", "id": "view"},
  "resource": {"__entity": {"type": "Photo", "id": "p"}}, "context": {"x": [1, {"y": true}]}}"#;

const LINKS: &str = r#"[{"template_id": "policy0", "link_id": "l",
  "args": {"?principal": "User::\"alice\""}}]"#;

/// Deletes `len` bytes at `at` and inserts `insert` there (at a char boundary).
fn mutate(doc: &str, at: usize, len: usize, insert: &str) -> String {
    let mut at = at.min(doc.len());
    while !doc.is_char_boundary(at) {
        at -= 1;
    }
    let mut end = (at + len).min(doc.len());
    while !doc.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{}{}", &doc[..at], insert, &doc[end..])
}

/// Runs every JSON loader on `text`, ignoring the result: only panics matter.
fn load_everything(text: &str) {
    let _ = Entities::from_json_str(text);
    let _ = Request::from_json_str(text);
    let _ = context_from_json_str(text);
    let _ = links_from_json_str(text);
    let _ = Schema::from_json_str(text);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn loaders_never_panic_on_arbitrary_text(text in "(?s).{0,200}") {
        load_everything(&text);
    }

    #[test]
    fn loaders_never_panic_on_json_like_text(text in r#"[\[\]{}":, 0-9a-z_\\-]{0,200}"#) {
        load_everything(&text);
    }

    #[test]
    fn loaders_never_panic_on_mutated_documents(
        which in 0usize..3,
        at in 0usize..400,
        len in 0usize..8,
        insert in r#"[\[\]{}":,0-9a-z_ -]{0,6}"#,
    ) {
        let doc = [ENTITIES, REQUEST, LINKS][which];
        load_everything(&mutate(doc, at, len, &insert));
    }
}

#[test]
fn the_reference_documents_load() {
    assert_eq!(
        Entities::from_json_str(ENTITIES).map(|e| e.len()).ok(),
        Some(2)
    );
    assert!(Request::from_json_str(REQUEST).is_ok());
    assert_eq!(links_from_json_str(LINKS).map(|l| l.len()).ok(), Some(1));
}

#[test]
fn deeply_nested_json_is_an_error() {
    let depth = 100_000;
    let nested = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    let entities = format!(
        r#"[{{"uid": {{"type": "A", "id": "a"}}, "attrs": {{"x": {nested}}}, "parents": []}}]"#
    );
    assert!(Entities::from_json_str(&entities).is_err());
    assert!(context_from_json_str(&format!(r#"{{"x": {nested}}}"#)).is_err());
    let records = format!("{}{}", r#"{"a":"#.repeat(depth), "}".repeat(depth));
    assert!(context_from_json_str(&records).is_err());
    assert!(Schema::from_json_str(&records).is_err());
}

#[test]
fn deeply_nested_policies_and_schemas_are_errors() {
    let depth = 100_000;
    let policy = format!(
        "permit(principal, action, resource) when {{ {}true{} }};",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    assert!(parser::parse_policies(&policy).is_err());
    let chain = format!(
        "permit(principal, action, resource) when {{ {} }};",
        vec!["1"; depth].join(" + ")
    );
    assert!(parser::parse_policies(&chain).is_err());
    let schema = format!(
        "entity A {{ a: {}Long{} }};",
        "Set<".repeat(depth),
        ">".repeat(depth)
    );
    assert!(Schema::from_cedar_str(&schema).is_err());
}

#[test]
fn huge_flat_documents_load() {
    let n = 100_000;
    let items: Vec<String> = (0..n).map(|i| i.to_string()).collect();
    let context = format!(
        r#"{{"big": [{}], "s": "{}"}}"#,
        items.join(","),
        "x".repeat(1 << 20)
    );
    let value = context_from_json_str(&context).expect("a large context loads");
    let Value::Record(attrs) = value else {
        panic!("a context is a record");
    };
    assert!(matches!(attrs.get("big"), Some(Value::Set(s)) if s.len() == n));

    let entities: Vec<String> = (0..2_000)
        .map(|i| {
            format!(
                r#"{{"uid": {{"type": "U", "id": "u{i}"}}, "attrs": {{}}, "parents": [{{"type": "U", "id": "u{}"}}]}}"#,
                i + 1
            )
        })
        .collect();
    let store = Entities::from_json_str(&format!("[{}]", entities.join(",")))
        .expect("a long chain of parents loads");
    assert_eq!(store.len(), 2_000);
}

#[test]
fn like_takes_polynomial_time_on_adversarial_patterns() {
    // `*a*a*…*b` against `aaaa…`: exponential for naive backtracking.
    let mut pattern = Vec::new();
    for _ in 0..200 {
        pattern.push(PatternElem::Wildcard);
        pattern.push(PatternElem::Char('a'));
    }
    pattern.push(PatternElem::Wildcard);
    pattern.push(PatternElem::Char('b'));
    let text = "a".repeat(20_000);
    assert!(!wildcard_match(&pattern, &text));
    assert!(wildcard_match(&pattern[..pattern.len() - 1], &text));
}
