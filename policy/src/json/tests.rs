//! Tests of Cedar's JSON value format.

use proptest::prelude::*;

use super::*;

fn parse(text: &str) -> Result<Value, JsonError> {
    value_from_json_str(text)
}

fn err_at(text: &str) -> (String, JsonErrorKind) {
    match parse(text) {
        Err(JsonError::At { path, kind }) => (path, kind),
        other => panic!("expected an error with a path, got {other:?}"),
    }
}

fn uid(t: &str, id: &str) -> EntityUid {
    EntityUid::new(Name::new(t), id)
}

#[test]
fn plain_values() {
    assert_eq!(parse("true"), Ok(Value::Bool(true)));
    assert_eq!(parse("-12"), Ok(Value::Long(-12)));
    assert_eq!(parse(&i64::MIN.to_string()), Ok(Value::Long(i64::MIN)));
    assert_eq!(parse(r#""a\nb""#), Ok(Value::string("a\nb")));
    assert_eq!(
        parse("[1, 2, 1]"),
        Ok(Value::set([Value::Long(1), Value::Long(2)]))
    );
    assert_eq!(
        parse(r#"{"a": {"b": []}}"#),
        Ok(Value::record([(
            "a",
            Value::record([("b", Value::set([]))])
        )]))
    );
}

#[test]
fn entity_escape() {
    assert_eq!(
        parse(r#"{"__entity": {"type": "A::B", "id": "x y"}}"#),
        Ok(Value::Entity(uid("A::B", "x y")))
    );
    // Extra fields in the body are ignored, as Cedar does.
    assert_eq!(
        parse(r#"{"__entity": {"type": "T", "id": "i", "note": 1}}"#),
        Ok(Value::Entity(uid("T", "i")))
    );
    // Without the escape, `{"type", "id"}` is just a record.
    assert_eq!(
        parse(r#"{"type": "T", "id": "i"}"#),
        Ok(Value::record([
            ("id", Value::string("i")),
            ("type", Value::string("T"))
        ]))
    );
    // An escape with a malformed body, or beside other keys, is a record too.
    assert!(matches!(
        parse(r#"{"__entity": {"type": "T"}}"#),
        Ok(Value::Record(_))
    ));
    assert!(matches!(
        parse(r#"{"__entity": {"type": "T", "id": "i"}, "x": 1}"#),
        Ok(Value::Record(_))
    ));
    let (path, kind) = err_at(r#"{"a": [{"__entity": {"type": "not valid", "id": "i"}}]}"#);
    assert_eq!(path, "value.a[0].__entity.type");
    assert_eq!(kind, JsonErrorKind::InvalidTypeName("not valid".into()));
    let (_, kind) = err_at(r#"{"__entity": {"type": "if", "id": "i"}}"#);
    assert!(matches!(kind, JsonErrorKind::InvalidTypeName(_)));
}

#[test]
fn extension_escape() {
    // The extension functions decide; whatever they answer is passed through, and their
    // errors are located at the escape.
    let via_json = parse(r#"{"__extn": {"fn": "decimal", "arg": "1.5"}}"#);
    let direct = crate::ext::call(ExtFn::Decimal, &[Value::string("1.5")]);
    match (via_json, direct) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Err(JsonError::At { path, kind }), Err(e)) => {
            assert_eq!(path, "value.__extn");
            assert_eq!(kind, JsonErrorKind::Extension(e));
        }
        (a, b) => panic!("JSON and direct calls disagree: {a:?} vs {b:?}"),
    }
    let multi = parse(r#"{"__extn": {"fn": "offset", "args": [1, 2]}}"#);
    let direct = crate::ext::call(ExtFn::Offset, &[Value::Long(1), Value::Long(2)]);
    assert_eq!(multi.is_ok(), direct.is_ok());
    let (path, kind) = err_at(r#"{"x": {"__extn": {"fn": "nope", "arg": "1"}}}"#);
    assert_eq!(path, "value.x.__extn.fn");
    assert_eq!(kind, JsonErrorKind::UnknownExtension("nope".into()));
    // Arguments are converted first, with their own paths.
    let (path, kind) = err_at(r#"{"__extn": {"fn": "ip", "args": ["a", null]}}"#);
    assert_eq!(
        (path.as_str(), kind),
        ("value.__extn.args[1]", JsonErrorKind::Null)
    );
    // Missing `arg`/`args`: an ordinary record.
    assert!(matches!(
        parse(r#"{"__extn": {"fn": "ip"}}"#),
        Ok(Value::Record(_))
    ));
}

#[test]
fn invalid_values_have_paths() {
    assert_eq!(err_at("null"), ("value".into(), JsonErrorKind::Null));
    assert_eq!(
        err_at(r#"{"a": [1, 2.5]}"#),
        ("value.a[1]".into(), JsonErrorKind::NotALong("2.5".into()))
    );
    assert_eq!(
        err_at(r#"{"a b": 18446744073709551615}"#),
        (
            r#"value["a b"]"#.into(),
            JsonErrorKind::NotALong("18446744073709551615".into())
        )
    );
    assert_eq!(
        err_at(r#"{"k": {"__expr": "1 + 1"}}"#),
        ("value.k".into(), JsonErrorKind::ExprEscape)
    );
}

#[test]
fn syntax_errors_have_line_and_column() {
    match parse("{\n  \"a\": 1,\n  \"a\": 2\n}") {
        Err(JsonError::Syntax {
            line,
            column,
            message,
        }) => {
            assert_eq!(line, 3);
            assert!(column > 0);
            assert_eq!(message, "duplicate key `a`");
        }
        other => panic!("{other:?}"),
    }
    let err = parse("[1,\n 2").unwrap_err();
    assert!(matches!(err, JsonError::Syntax { line: 2, .. }), "{err:?}");
    assert!(err.to_string().starts_with("invalid JSON at line 2"));
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(matches!(parse(&deep), Err(JsonError::Syntax { .. })));
}

#[test]
fn uid_forms() {
    let root = Path::root("uid");
    let json = |s: &str| Json::parse(s).unwrap();
    let expect = uid("User", "alice");
    for text in [
        r#"{"type": "User", "id": "alice"}"#,
        r#"{"__entity": {"type": "User", "id": "alice"}}"#,
        r#"{"type": "User", "id": "alice", "extra": true}"#,
    ] {
        assert_eq!(
            uid_from_json(&json(text), root, false),
            Ok(expect.clone()),
            "{text}"
        );
    }
    let s = json(r#""User::\"alice\"""#);
    assert_eq!(uid_from_json(&s, root, true), Ok(expect));
    assert!(uid_from_json(&s, root, false).is_err());
    assert!(matches!(
        uid_from_json(&json(r#"{"__expr": "User::\"a\""}"#), root, false),
        Err(JsonError::At {
            kind: JsonErrorKind::ExprEscape,
            ..
        })
    ));
    assert!(uid_from_json(&json(r#"{"type": "User"}"#), root, false).is_err());
    assert!(uid_from_json(&json(r#"{"type": "User", "id": 3}"#), root, false).is_err());
}

#[test]
fn uid_literals_use_the_policy_syntax() {
    let root = Path::root("uid");
    let parse_str = |s: &str| uid_from_json(&Json::String(s.into()), root, true);
    assert_eq!(parse_str(r#"A::B::"x""#), Ok(uid("A::B", "x")));
    assert_eq!(parse_str(r#"User::"a\"b\\c""#), Ok(uid("User", "a\"b\\c")));
    for bad in [
        r#"User::alice"#,
        r#"User"alice""#,
        r#"User::"a" x"#,
        r#"User::"a"#,
    ] {
        assert!(
            matches!(
                parse_str(bad),
                Err(JsonError::At {
                    kind: JsonErrorKind::InvalidUid(_),
                    ..
                })
            ),
            "{bad}"
        );
    }
}

#[test]
fn names() {
    assert!(is_valid_name("User"));
    assert!(is_valid_name("_a::B_2"));
    assert!(!is_valid_name(""));
    assert!(!is_valid_name("A::"));
    assert!(!is_valid_name("A:: B"));
    assert!(!is_valid_name("in"));
    assert!(!is_valid_name("__cedar::X"));
}

#[test]
fn extension_values_round_trip() {
    let cases = [
        r#"{"__extn": {"fn": "decimal", "arg": "-12.5"}}"#,
        r#"{"__extn": {"fn": "ip", "arg": "10.0.0.0/8"}}"#,
        r#"{"__extn": {"fn": "ip", "arg": "::1"}}"#,
        r#"{"__extn": {"fn": "datetime", "arg": "2024-10-15T11:35:00.123Z"}}"#,
        r#"{"__extn": {"fn": "duration", "arg": "-1d2h3ms"}}"#,
    ];
    for text in cases {
        let v = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert!(matches!(v, Value::Ext(_)), "{text}");
        assert_eq!(parse(&value_to_json(&v).to_string()), Ok(v), "{text}");
    }
    // An instant no literal spells goes out (and back) through `offset`.
    let far = Value::Ext(Arc::new(ExtValue::Datetime(i64::MAX / 2)));
    let json = value_to_json(&far);
    assert_eq!(json["__extn"]["fn"], "offset");
    assert_eq!(parse(&json.to_string()), Ok(far));
}

#[test]
fn extension_escape_with_several_arguments() {
    let v = parse(
        r#"{"__extn": {"fn": "offset", "args": [
             {"__extn": {"fn": "datetime", "arg": "1970-01-01"}},
             {"__extn": {"fn": "duration", "arg": "1s"}}]}}"#,
    );
    assert_eq!(v, Ok(Value::Ext(Arc::new(ExtValue::Datetime(1000)))));
    let (path, kind) = err_at(r#"{"__extn": {"fn": "decimal", "arg": "1.23456"}}"#);
    assert_eq!(path, "value.__extn");
    assert!(matches!(kind, JsonErrorKind::Extension(_)));
}

#[test]
fn values_print_in_the_escaped_format() {
    let v = Value::record([
        ("e", Value::Entity(uid("User", "a"))),
        ("s", Value::set([Value::Long(1), Value::string("x")])),
        ("d", Value::Ext(Arc::new(ExtValue::Decimal(10_000)))),
    ]);
    assert_eq!(
        value_to_json(&v),
        serde_json::json!({
            "e": {"__entity": {"type": "User", "id": "a"}},
            "s": [1, "x"],
            "d": {"__extn": {"fn": "decimal", "arg": "1.0000"}},
        })
    );
}

/// Values without extension values (whose construction belongs to `ext`).
fn plain_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::Long),
        "[a-z\"\\\\é]{0,5}".prop_map(Value::string),
        ("[A-Z][a-z]{0,3}", "[a-z ]{0,4}").prop_map(|(t, i)| Value::Entity(uid(&t, &i))),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::set),
            proptest::collection::vec(("[a-z]{1,3}", inner), 0..4).prop_map(Value::record),
        ]
    })
}

proptest! {
    #[test]
    fn values_round_trip_through_json(v in plain_value()) {
        let text = value_to_json(&v).to_string();
        prop_assert_eq!(parse(&text), Ok(v));
    }
}

#[test]
fn uid_strings_must_be_normalized() {
    let root = Path::root("uid");
    let ok = Json::String(r#"NS::User::"a b""#.into());
    assert!(uid_from_json(&ok, root, true).is_ok());
    for bad in [
        r#"User :: "a""#,
        r#" User::"a""#,
        r#"User::"\u{61}""#,
        r#"User::"\x61""#,
    ] {
        match uid_from_json(&Json::String(bad.into()), Path::root("uid"), true) {
            Err(JsonError::At {
                kind: JsonErrorKind::InvalidUid(m),
                ..
            }) => assert!(m.contains("normalized"), "{m}"),
            other => panic!("`{bad}` should be refused, got {other:?}"),
        }
    }
}
