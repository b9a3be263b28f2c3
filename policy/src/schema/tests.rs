//! Tests of both schema formats, name resolution and the round trip between them.

use super::*;

const PHOTOS: &str = r#"
// A photo-sharing app.
@doc("the app")
namespace PhotoApp {
    type Address = { street: String, "zip code"?: Long };
    @doc("a person")
    entity User in [Group] = {
        name: String,
        age?: Long,
        address: Address,
        ip: ipaddr,
        friends: Set<User>,
    } tags String;
    entity Group;
    entity Photo, Album in [Album] { owner: User, score: __cedar::decimal };
    entity Color enum ["red", "green"];
    action read;
    action "view photo", edit in [read] appliesTo {
        principal: [User, Group],
        resource: Photo,
        context: { ip: ipaddr, when?: datetime, span: duration },
    };
    action nothing;
}
entity Global;
action "top" appliesTo { principal: Global, resource: [PhotoApp::Photo] };
"#;

fn user() -> Name {
    Name::new("PhotoApp::User")
}

#[test]
fn parses_the_cedar_syntax() {
    let s = Schema::from_cedar_str(PHOTOS).unwrap();
    let u = s.entity_type(&user()).unwrap();
    assert_eq!(
        u.annotations.get("doc").map(|v| v.as_str()),
        Some("a person")
    );
    assert!(u.member_of.contains(&Name::new("PhotoApp::Group")));
    let shape = u.shape().unwrap();
    assert!(!shape.get("age").unwrap().required);
    assert_eq!(
        shape.get("ip").unwrap().ty,
        SchemaType::Extension(ExtType::IpAddr)
    );
    let SchemaType::Record(addr) = &shape.get("address").unwrap().ty else {
        panic!("address is a record")
    };
    assert!(!addr.get("zip code").unwrap().required);
    assert_eq!(
        shape.get("friends").unwrap().ty,
        SchemaType::Set(std::sync::Arc::new(SchemaType::Entity(user())))
    );
    assert_eq!(u.tags(), Some(&SchemaType::String));
    let color = s.entity_type(&Name::new("PhotoApp::Color")).unwrap();
    assert!(color.allows_id("red") && !color.allows_id("blue"));
    let view = EntityUid::new(Name::new("PhotoApp::Action"), "view photo");
    let read = EntityUid::new(Name::new("PhotoApp::Action"), "read");
    assert!(s.action_in(&view, &read));
    assert!(!s.action_in(&read, &view));
    let at = s.action(&view).unwrap().applies_to.as_ref().unwrap();
    assert_eq!(at.principals.len(), 2);
    assert!(!at.context.get("when").unwrap().required);
    let nothing = EntityUid::new(Name::new("PhotoApp::Action"), "nothing");
    assert!(s.action(&nothing).unwrap().applies_to.is_none());
    let top = EntityUid::new(Name::new("Action"), "top");
    assert!(s
        .action(&top)
        .unwrap()
        .applies_to
        .as_ref()
        .unwrap()
        .context
        .attrs
        .is_empty());
    assert!(s.type_may_be_in(&Name::new("PhotoApp::Photo"), &Name::new("PhotoApp::Album")));
    assert!(s.namespaces.contains_key("PhotoApp"));
}

#[test]
fn round_trips_through_both_formats() {
    let s = Schema::from_cedar_str(PHOTOS).unwrap();
    let via_json = Schema::from_json_str(&s.to_json_string()).unwrap();
    assert_eq!(s, via_json);
    let text = s.to_cedar_string();
    let via_cedar = Schema::from_cedar_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(s, via_cedar);
}

#[test]
fn parses_the_json_format() {
    let src = r#"{
      "NS": {
        "commonTypes": { "Ctx": { "type": "Record", "attributes": {
            "flag": { "type": "Boolean", "required": false } } } },
        "entityTypes": {
          "User": { "memberOfTypes": ["Team"], "shape": { "type": "Record", "attributes": {
              "team": { "type": "Entity", "name": "Team" },
              "n": { "type": "EntityOrCommon", "name": "Long" },
              "tags": { "type": "Set", "element": { "type": "String" } },
              "d": { "type": "Extension", "name": "decimal" } } } },
          "Team": { "tags": { "type": "Long" }, "annotations": { "doc": "t" } },
          "E": { "enum": ["a"] }
        },
        "actions": {
          "read": {},
          "view": { "memberOf": [{ "id": "read" }], "appliesTo": {
              "principalTypes": ["User"], "resourceTypes": ["Team"], "context": { "type": "Ctx" } } }
        }
      }
    }"#;
    let s = Schema::from_json_str(src).unwrap();
    let u = s.entity_type(&Name::new("NS::User")).unwrap();
    assert_eq!(u.shape().unwrap().get("n").unwrap().ty, SchemaType::Long);
    let view = EntityUid::new(Name::new("NS::Action"), "view");
    let ctx = &s
        .action(&view)
        .unwrap()
        .applies_to
        .as_ref()
        .unwrap()
        .context;
    assert!(!ctx.get("flag").unwrap().required);
    let back = Schema::from_cedar_str(&s.to_cedar_string()).unwrap();
    assert_eq!(s, back);
}

fn err(src: &str) -> SchemaError {
    match Schema::from_cedar_str(src) {
        Ok(_) => panic!("expected an error for {src:?}"),
        Err(e) => e,
    }
}

#[test]
fn reports_schema_errors_with_locations() {
    let e = err("entity A in [B];");
    assert_eq!(e.kind, SchemaErrorKind::UndeclaredEntityType("B".into()));
    assert_eq!(e.loc().map(|l| l.start), Some(13));
    assert!(matches!(
        err("entity A; entity A;").kind,
        SchemaErrorKind::Duplicate { .. }
    ));
    assert!(matches!(
        err("type T = { x: U }; type U = Set<T>;").kind,
        SchemaErrorKind::CommonTypeCycle(_)
    ));
    assert!(matches!(
        err("action a in b; action b in a;").kind,
        SchemaErrorKind::ActionCycle(_)
    ));
    assert!(matches!(
        err("action a in nope;").kind,
        SchemaErrorKind::UndeclaredAction(_)
    ));
    assert!(matches!(
        err("entity A { x: Nope };").kind,
        SchemaErrorKind::UndeclaredType(_)
    ));
    assert!(matches!(
        err("type Long = String;").kind,
        SchemaErrorKind::ReservedName(_)
    ));
    assert!(matches!(
        err("entity A { x: Long, x: String };").kind,
        SchemaErrorKind::Duplicate { .. }
    ));
    assert!(matches!(
        err("type T = Long; entity A = T;").kind,
        SchemaErrorKind::Syntax(_)
    ));
    assert!(matches!(
        err("type T = Long; entity A; action a appliesTo { principal: A, resource: A, context: T };").kind,
        SchemaErrorKind::NotARecord(_)
    ));
    assert!(matches!(
        err("namespace A { entity X; } namespace A { entity Y; }").kind,
        SchemaErrorKind::Duplicate { .. }
    ));
    assert!(matches!(
        err("namespace __cedar { entity X; }").kind,
        SchemaErrorKind::ReservedName(_)
    ));
    assert!(matches!(
        err("entity U; action a appliesTo { principal: U };").kind,
        SchemaErrorKind::Syntax(_)
    ));
    assert!(matches!(
        err("entity U; action a appliesTo { principal: U, resource: U, principal: U };").kind,
        SchemaErrorKind::Syntax(_)
    ));
    assert!(Schema::from_json_str(
        r#"{"": {"entityTypes": {}, "actions": {"a": {"appliesTo": {"principalTypes": []}}}}}"#
    )
    .is_err());
    // An empty list is allowed and applies to nothing.
    let s = Schema::from_cedar_str("action a appliesTo { principal: [], resource: [] };").unwrap();
    assert!(s.actions.values().all(|a| a
        .applies_to
        .as_ref()
        .is_some_and(|t| t.principals.is_empty())));
    let e = err("entity A {\n  x: Long\n  y: Long };");
    assert!(matches!(e.kind, SchemaErrorKind::Syntax(_)));
    let (line, col) = line_col(
        "entity A {\n  x: Long\n  y: Long };",
        e.loc().unwrap().start as usize,
    );
    assert_eq!((line, col), (3, 3));
    let j = Schema::from_json_str(r#"{"": {"entityTypes": {"A": {"shape": {"type": "Extension", "name": "money"}}}, "actions": {}}}"#)
        .unwrap_err();
    assert_eq!(
        j.kind,
        SchemaErrorKind::UnknownExtensionType("money".into())
    );
    assert_eq!(
        j.origin,
        Some(Origin::Path("/entityTypes/A/shape".into())).map(|_| j.origin.clone().unwrap())
    );
    assert!(j.to_string().contains("/entityTypes/A/shape"));
    let j = Schema::from_json_str("{\"\": {\"entityTypes\": 3}}").unwrap_err();
    assert!(j.loc().is_some());
}

#[test]
fn resolves_names_with_cedar_priorities() {
    // A common type shadows an entity type of the same name in an outer namespace,
    // and the local entity type shadows the global one.
    let s = Schema::from_cedar_str(
        "entity T; entity G;
         namespace N { type T = Long; entity E { a: T, b: G, c: N::T, d: String }; }",
    )
    .unwrap();
    let e = s
        .entity_type(&Name::new("N::E"))
        .unwrap()
        .shape()
        .unwrap()
        .clone();
    assert_eq!(e.get("a").unwrap().ty, SchemaType::Long);
    assert_eq!(e.get("b").unwrap().ty, SchemaType::Entity(Name::new("G")));
    assert_eq!(e.get("c").unwrap().ty, SchemaType::Long);
    assert_eq!(e.get("d").unwrap().ty, SchemaType::String);
    let s = Schema::from_cedar_str("entity String; entity E { s: String, t: __cedar::String };")
        .unwrap();
    let e = s
        .entity_type(&Name::new("E"))
        .unwrap()
        .shape()
        .unwrap()
        .clone();
    assert_eq!(
        e.get("s").unwrap().ty,
        SchemaType::Entity(Name::new("String"))
    );
    assert_eq!(e.get("t").unwrap().ty, SchemaType::String);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let src = format!(
        "type T = {}Long{};",
        "Set<".repeat(10_000),
        ">".repeat(10_000)
    );
    assert!(Schema::from_cedar_str(&src).is_err());
    let src = format!("type T = {}{};", "{a: ".repeat(10_000), "}".repeat(10_000));
    assert!(Schema::from_cedar_str(&src).is_err());
    let mut j = String::from(r#"{"": {"commonTypes": {"T": "#);
    j.push_str(&r#"{"type": "Set", "element": "#.repeat(100));
    j.push_str(r#"{"type": "Long"}"#);
    j.push_str(&"}".repeat(100));
    j.push_str("}}}");
    assert!(Schema::from_json_str(&j).is_err());
}

#[test]
fn exponential_common_types_are_refused() {
    let mut src = String::from("type T0 = Long;\n");
    for i in 1..40 {
        src.push_str(&format!("type T{i} = {{ a: T{0}, b: T{0} }};\n", i - 1));
    }
    assert!(matches!(err(&src).kind, SchemaErrorKind::TooLarge(_)));
}

/// The schema files beside the repository, when present.
fn shared_schemas(dir: &str, suffix: &str) -> Vec<std::path::PathBuf> {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    // `../shared` beside the workspace root (or beside the worktree directory).
    let Some(root) = ["../../shared", "../../../shared"]
        .iter()
        .map(|r| manifest.join(r).join(dir))
        .find(|p| p.is_dir())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for sub in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        for p in [sub.path(), sub.path().join("cedar")] {
            for f in std::fs::read_dir(&p).into_iter().flatten().flatten() {
                if f.path().to_string_lossy().ends_with(suffix) {
                    out.push(f.path());
                }
            }
        }
    }
    out
}

#[test]
fn shared_schemas_round_trip() {
    let mut seen = 0;
    for p in shared_schemas("bench", ".cedarschema.json") {
        let src = std::fs::read_to_string(&p).unwrap();
        let s = Schema::from_json_str(&src).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let back = Schema::from_cedar_str(&s.to_cedar_string()).unwrap();
        assert_eq!(s, back, "{}", p.display());
        seen += 1;
    }
    for p in shared_schemas("conformance/sample-data", ".cedarschema") {
        let src = std::fs::read_to_string(&p).unwrap();
        let s = Schema::from_cedar_str(&src).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let back = Schema::from_json_str(&s.to_json_string()).unwrap();
        assert_eq!(s, back, "{}", p.display());
        seen += 1;
    }
    eprintln!("round-tripped {seen} shared schemas");
}

mod props {
    use super::*;
    use proptest::prelude::*;

    /// A type over entity types `E0`…`E3`, written in Cedar syntax.
    fn type_text() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            Just("Bool".to_string()),
            Just("Long".to_string()),
            Just("String".to_string()),
            Just("ipaddr".to_string()),
            Just("__cedar::duration".to_string()),
            (0..4u8).prop_map(|i| format!("E{i}")),
        ];
        leaf.prop_recursive(3, 16, 3, |inner| {
            prop_oneof![
                inner.clone().prop_map(|t| format!("Set<{t}>")),
                prop::collection::vec((inner, any::<bool>(), any::<bool>()), 0..3).prop_map(
                    |attrs| {
                        let body: Vec<String> = attrs
                            .iter()
                            .enumerate()
                            .map(|(i, (t, opt, ann))| {
                                let ann = if *ann { "@doc(\"x\") " } else { "" };
                                format!("{ann}\"a {i}\"{}: {t}", if *opt { "?" } else { "" })
                            })
                            .collect();
                        format!("{{ {} }}", body.join(", "))
                    }
                ),
            ]
        })
    }

    /// A schema in Cedar syntax: four entity types, common types, actions.
    fn schema_text() -> impl Strategy<Value = String> {
        (
            prop::collection::vec((prop::collection::vec(0..4u8, 0..3), type_text(), prop::option::of(type_text())), 4),
            prop::collection::vec((prop::collection::vec(0..4u8, 0..3), prop::collection::vec(0..4u8, 0..3), type_text()), 0..3),
            any::<bool>(),
        )
            .prop_map(|(entities, actions, namespaced)| {
                let mut out = String::new();
                for (i, (parents, shape, tags)) in entities.iter().enumerate() {
                    let parents: Vec<String> = parents.iter().map(|p| format!("E{p}")).collect();
                    out.push_str(&format!("entity E{i} in [{}] {{ s: {shape} }}", parents.join(", ")));
                    if let Some(t) = tags {
                        out.push_str(&format!(" tags {t}"));
                    }
                    out.push_str(";\n");
                }
                out.push_str("type C = { c: E0 };\n");
                for (i, (ps, rs, ctx)) in actions.iter().enumerate() {
                    let list = |v: &Vec<u8>| v.iter().map(|p| format!("E{p}")).collect::<Vec<_>>().join(", ");
                    let member = if i > 0 { " in [\"a0\"]" } else { "" };
                    out.push_str(&format!(
                        "action \"a{i}\"{member} appliesTo {{ principal: [{}], resource: [{}], context: {{ x: {ctx}, y: C }} }};\n",
                        list(ps),
                        list(rs)
                    ));
                }
                if namespaced {
                    format!("@doc(\"ns\") namespace N {{\n{out}}}\n")
                } else {
                    out
                }
            })
    }

    proptest! {
        #[test]
        fn generated_schemas_round_trip(src in schema_text()) {
            let s = Schema::from_cedar_str(&src).unwrap_or_else(|e| panic!("{e}\n{src}"));
            let via_json = Schema::from_json_str(&s.to_json_string()).unwrap();
            prop_assert_eq!(&s, &via_json);
            let text = s.to_cedar_string();
            let via_cedar = Schema::from_cedar_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
            prop_assert_eq!(&s, &via_cedar);
        }

        #[test]
        fn cedar_parser_never_panics(s in "\\PC{0,200}") {
            let _ = Schema::from_cedar_str(&s);
        }

        #[test]
        fn mutated_schemas_never_panic(cut in 0usize..PHOTOS.len(), insert in "[{}<>;,:@\"a-z ]{0,6}") {
            let mut s = PHOTOS.to_string();
            let mut at = cut;
            while !s.is_char_boundary(at) { at -= 1; }
            s.insert_str(at, &insert);
            if let Ok(schema) = Schema::from_cedar_str(&s) {
                let back = Schema::from_json_str(&schema.to_json_string()).unwrap();
                prop_assert_eq!(&schema, &back);
                let again = Schema::from_cedar_str(&schema.to_cedar_string()).unwrap();
                prop_assert_eq!(schema, again);
            }
        }

        #[test]
        fn json_parser_never_panics(s in "[{}\\[\\]:,\" a-zA-Z]{0,120}") {
            let _ = Schema::from_json_str(&s);
        }
    }
}
