//! Unit tests: every node kind both ways, the scope and policy-set forms, and
//! errors with their paths.

use serde_json::{json, Value};

use super::*;
use crate::ast::{
    ActionConstraint, Annotation, BinaryOp, Builtin, Condition, ConditionKind, Effect, EntityRef,
    ExprKind, ExtFn, Literal, Loc, Pattern, PatternElem, ScopeConstraint, SlotId, UnaryOp, Var,
    MAX_EXPR_DEPTH,
};
use crate::value::{EntityUid, Name};

pub(super) fn uid(ty: &str, id: &str) -> EntityUid {
    EntityUid::new(Name::new(ty), id)
}

fn e(kind: ExprKind) -> Expr {
    Expr::new(kind)
}

fn b(kind: ExprKind) -> Box<Expr> {
    Box::new(Expr::new(kind))
}

fn long(n: i64) -> ExprKind {
    ExprKind::Lit(Literal::Long(n))
}

fn string(s: &str) -> ExprKind {
    ExprKind::Lit(Literal::String(s.into()))
}

fn ctx() -> ExprKind {
    ExprKind::Var(Var::Context)
}

/// Asserts that `expr` writes as `json` and `json` reads as `expr`.
fn both_ways(expr: ExprKind, json: Value) {
    let expr = e(expr);
    assert_eq!(expr_to_json(&expr), json, "writing {expr:?}");
    assert_eq!(expr_from_json(&json), Ok(expr), "reading {json}");
}

/// The error reading `json` as an expression, as `(path, message)`.
fn expr_error(json: Value) -> (String, PolicyJsonErrorKind) {
    match expr_from_json(&json) {
        Ok(e) => panic!("expected an error for {json}, got {e:?}"),
        Err(err) => (err.path.to_string(), err.kind),
    }
}

pub(super) fn policy(
    principal: ScopeConstraint,
    action: ActionConstraint,
    resource: ScopeConstraint,
) -> Policy {
    Policy {
        id: "p".into(),
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

pub(super) fn any_policy() -> Policy {
    policy(
        ScopeConstraint::Any,
        ActionConstraint::Any,
        ScopeConstraint::Any,
    )
}

#[test]
fn literals_and_variables() {
    both_ways(long(-7), json!({ "Value": -7 }));
    both_ways(ExprKind::Lit(Literal::Bool(true)), json!({ "Value": true }));
    both_ways(string("a\"b"), json!({ "Value": "a\"b" }));
    both_ways(
        ExprKind::Lit(Literal::Entity(uid("NS::User", "alice"))),
        json!({ "Value": { "__entity": { "type": "NS::User", "id": "alice" } } }),
    );
    for (v, s) in [
        (Var::Principal, "principal"),
        (Var::Action, "action"),
        (Var::Resource, "resource"),
        (Var::Context, "context"),
    ] {
        both_ways(ExprKind::Var(v), json!({ "Var": s }));
    }
}

#[test]
fn value_sets_records_and_extension_escapes() {
    let set = expr_from_json(&json!({ "Value": [1, "a", [true]] })).unwrap();
    assert_eq!(
        set,
        e(ExprKind::Set(vec![
            e(long(1)),
            e(string("a")),
            e(ExprKind::Set(vec![e(ExprKind::Lit(Literal::Bool(true)))])),
        ]))
    );
    let record = expr_from_json(
        &json!({ "Value": { "b": 2, "a": { "__entity": { "type": "U", "id": "x" } } } }),
    )
    .unwrap();
    assert_eq!(
        record,
        e(ExprKind::Record(vec![
            ("a".into(), e(ExprKind::Lit(Literal::Entity(uid("U", "x"))))),
            ("b".into(), e(long(2))),
        ]))
    );
    let extn = expr_from_json(&json!({ "Value": { "__extn": { "fn": "decimal", "arg": "1.5" } } }))
        .unwrap();
    assert_eq!(
        extn,
        e(ExprKind::Call {
            func: ExtFn::Decimal,
            args: vec![e(string("1.5"))],
        })
    );
    // An object with other keys besides `__entity` is a record.
    let not_escape = expr_from_json(&json!({ "Value": { "__entity": 1, "x": 2 } })).unwrap();
    assert!(matches!(not_escape.kind, ExprKind::Record(ref f) if f.len() == 2));
}

#[test]
fn unary_and_binary_operators() {
    both_ways(
        ExprKind::Unary(UnaryOp::Not, b(ctx())),
        json!({ "!": { "arg": { "Var": "context" } } }),
    );
    both_ways(
        ExprKind::Unary(UnaryOp::Neg, b(long(3))),
        json!({ "neg": { "arg": { "Value": 3 } } }),
    );
    let ops = [
        (BinaryOp::Eq, "=="),
        (BinaryOp::NotEq, "!="),
        (BinaryOp::Less, "<"),
        (BinaryOp::LessEq, "<="),
        (BinaryOp::Greater, ">"),
        (BinaryOp::GreaterEq, ">="),
        (BinaryOp::Add, "+"),
        (BinaryOp::Sub, "-"),
        (BinaryOp::Mul, "*"),
        (BinaryOp::In, "in"),
    ];
    for (op, key) in ops {
        both_ways(
            ExprKind::Binary(op, b(long(1)), b(long(2))),
            json!({ key: { "left": { "Value": 1 }, "right": { "Value": 2 } } }),
        );
    }
    both_ways(
        ExprKind::And(b(long(1)), b(ctx())),
        json!({ "&&": { "left": { "Value": 1 }, "right": { "Var": "context" } } }),
    );
    both_ways(
        ExprKind::Or(b(long(1)), b(ctx())),
        json!({ "||": { "left": { "Value": 1 }, "right": { "Var": "context" } } }),
    );
}

#[test]
fn builtin_methods() {
    for (method, key) in [
        (Builtin::Contains, "contains"),
        (Builtin::ContainsAll, "containsAll"),
        (Builtin::ContainsAny, "containsAny"),
        (Builtin::GetTag, "getTag"),
        (Builtin::HasTag, "hasTag"),
    ] {
        both_ways(
            ExprKind::MethodCall {
                method,
                receiver: b(ctx()),
                args: vec![e(string("x"))],
            },
            json!({ key: { "left": { "Var": "context" }, "right": { "Value": "x" } } }),
        );
    }
    both_ways(
        ExprKind::MethodCall {
            method: Builtin::IsEmpty,
            receiver: b(ctx()),
            args: vec![],
        },
        json!({ "isEmpty": { "arg": { "Var": "context" } } }),
    );
}

#[test]
fn extension_functions_and_methods() {
    both_ways(
        ExprKind::Call {
            func: ExtFn::Ip,
            args: vec![e(string("10.0.0.0/8"))],
        },
        json!({ "ip": [{ "Value": "10.0.0.0/8" }] }),
    );
    both_ways(
        ExprKind::MethodCall {
            method: Builtin::Ext(ExtFn::IsInRange),
            receiver: b(ctx()),
            args: vec![e(ExprKind::Call {
                func: ExtFn::Ip,
                args: vec![e(string("10.0.0.0/8"))],
            })],
        },
        json!({ "isInRange": [{ "Var": "context" }, { "ip": [{ "Value": "10.0.0.0/8" }] }] }),
    );
    both_ways(
        ExprKind::MethodCall {
            method: Builtin::Ext(ExtFn::ToDays),
            receiver: b(ctx()),
            args: vec![],
        },
        json!({ "toDays": [{ "Var": "context" }] }),
    );
    // Every extension function has a JSON form that reads back.
    for &func in ExtFn::ALL {
        let args: Vec<Expr> = (0..func.arity()).map(|_| e(ctx())).collect();
        let kind = if func.is_method() {
            let mut args = args;
            let receiver = Box::new(args.remove(0));
            ExprKind::MethodCall {
                method: Builtin::Ext(func),
                receiver,
                args,
            }
        } else {
            ExprKind::Call { func, args }
        };
        let expr = e(kind);
        assert_eq!(expr_from_json(&expr_to_json(&expr)), Ok(expr), "{func:?}");
    }
}

#[test]
fn attributes_and_canonical_surface_forms() {
    both_ways(
        ExprKind::GetAttr {
            expr: b(ctx()),
            attr: "ip".into(),
            bracket: false,
        },
        json!({ ".": { "left": { "Var": "context" }, "attr": "ip" } }),
    );
    both_ways(
        ExprKind::GetAttr {
            expr: b(ctx()),
            attr: "a b".into(),
            bracket: true,
        },
        json!({ ".": { "left": { "Var": "context" }, "attr": "a b" } }),
    );
    both_ways(
        ExprKind::HasAttr {
            expr: b(ctx()),
            attr: "x".into(),
            quoted: false,
        },
        json!({ "has": { "left": { "Var": "context" }, "attr": "x" } }),
    );
    both_ways(
        ExprKind::HasAttr {
            expr: b(ctx()),
            attr: "if".into(),
            quoted: true,
        },
        json!({ "has": { "left": { "Var": "context" }, "attr": "if" } }),
    );
    // `e["x"]` loses its brackets: it reads back as `e.x`.
    let written = expr_to_json(&e(ExprKind::GetAttr {
        expr: b(ctx()),
        attr: "x".into(),
        bracket: true,
    }));
    assert_eq!(
        expr_from_json(&written),
        Ok(e(ExprKind::GetAttr {
            expr: b(ctx()),
            attr: "x".into(),
            bracket: false,
        }))
    );
}

#[test]
fn like_is_if_sets_and_records() {
    use PatternElem::{Char, Wildcard};
    both_ways(
        ExprKind::Like(
            b(ctx()),
            Pattern {
                elems: vec![
                    Wildcard,
                    Char('a'),
                    Char('*'),
                    Wildcard,
                    Wildcard,
                    Char('b'),
                ],
            },
        ),
        json!({ "like": { "left": { "Var": "context" }, "pattern": [
            "Wildcard", { "Literal": "a*" }, "Wildcard", "Wildcard", { "Literal": "b" }
        ] } }),
    );
    // Literals split any way read the same; an empty pattern is fine.
    let split = json!({ "like": { "left": { "Var": "context" }, "pattern": [
        { "Literal": "a" }, { "Literal": "" }, { "Literal": "bc" }
    ] } });
    assert_eq!(
        expr_from_json(&split).unwrap().kind,
        ExprKind::Like(
            b(ctx()),
            Pattern {
                elems: vec![Char('a'), Char('b'), Char('c')],
            }
        )
    );
    both_ways(
        ExprKind::Like(b(ctx()), Pattern::default()),
        json!({ "like": { "left": { "Var": "context" }, "pattern": [] } }),
    );
    both_ways(
        ExprKind::Is {
            expr: b(ExprKind::Var(Var::Principal)),
            entity_type: Name::new("NS::User"),
            in_expr: None,
        },
        json!({ "is": { "left": { "Var": "principal" }, "entity_type": "NS::User" } }),
    );
    both_ways(
        ExprKind::Is {
            expr: b(ExprKind::Var(Var::Principal)),
            entity_type: Name::new("User"),
            in_expr: Some(b(ExprKind::Lit(Literal::Entity(uid("Group", "g"))))),
        },
        json!({ "is": {
            "left": { "Var": "principal" },
            "entity_type": "User",
            "in": { "Value": { "__entity": { "type": "Group", "id": "g" } } },
        } }),
    );
    both_ways(
        ExprKind::If {
            cond: b(ExprKind::Lit(Literal::Bool(true))),
            then_expr: b(long(1)),
            else_expr: b(long(2)),
        },
        json!({ "if-then-else": {
            "if": { "Value": true }, "then": { "Value": 1 }, "else": { "Value": 2 }
        } }),
    );
    both_ways(
        ExprKind::Set(vec![e(long(1)), e(ctx())]),
        json!({ "Set": [{ "Value": 1 }, { "Var": "context" }] }),
    );
    both_ways(ExprKind::Set(vec![]), json!({ "Set": [] }));
    both_ways(
        ExprKind::Record(vec![("a".into(), e(long(1))), ("b c".into(), e(ctx()))]),
        json!({ "Record": { "a": { "Value": 1 }, "b c": { "Var": "context" } } }),
    );
}

#[test]
fn slots_write_but_do_not_read_in_expressions() {
    let json = expr_to_json(&e(ExprKind::Slot(SlotId::Principal)));
    assert_eq!(json, json!({ "Slot": "?principal" }));
    assert_eq!(
        expr_error(json),
        (
            "Slot".into(),
            PolicyJsonErrorKind::SlotInCondition(SlotId::Principal)
        )
    );
}

#[test]
fn the_documented_example_policy() {
    let json = json!({
        "effect": "permit",
        "principal": { "op": "==", "entity": { "type": "User", "id": "12UA45" } },
        "action": { "op": "==", "entity": { "type": "Action", "id": "view" } },
        "resource": { "op": "in", "entity": { "type": "Folder", "id": "abc" } },
        "conditions": [{
            "kind": "when",
            "body": { "==": {
                "left": { ".": { "left": { "Var": "context" }, "attr": "tls_version" } },
                "right": { "Value": "1.3" }
            } }
        }]
    });
    let p = policy_from_json("policy0".into(), &json).unwrap();
    assert_eq!(p.id, "policy0");
    assert_eq!(
        p.principal,
        ScopeConstraint::Eq(EntityRef::Uid(uid("User", "12UA45")))
    );
    assert_eq!(p.action, ActionConstraint::Eq(uid("Action", "view")));
    assert_eq!(
        p.resource,
        ScopeConstraint::In(EntityRef::Uid(uid("Folder", "abc")))
    );
    assert_eq!(p.conditions.len(), 1);
    assert_eq!(policy_to_json(&p), json);
}

#[test]
fn every_scope_form_both_ways() {
    let user = || EntityRef::Uid(uid("User", "u"));
    let cases = vec![
        (ScopeConstraint::Any, json!({ "op": "All" })),
        (
            ScopeConstraint::Eq(user()),
            json!({ "op": "==", "entity": { "type": "User", "id": "u" } }),
        ),
        (
            ScopeConstraint::In(EntityRef::Slot(SlotId::Principal)),
            json!({ "op": "in", "slot": "?principal" }),
        ),
        (
            ScopeConstraint::Is(Name::new("User")),
            json!({ "op": "is", "entity_type": "User" }),
        ),
        (
            ScopeConstraint::IsIn(Name::new("User"), user()),
            json!({ "op": "is", "entity_type": "User",
                    "in": { "entity": { "type": "User", "id": "u" } } }),
        ),
        (
            ScopeConstraint::IsIn(Name::new("User"), EntityRef::Slot(SlotId::Principal)),
            json!({ "op": "is", "entity_type": "User", "in": { "slot": "?principal" } }),
        ),
    ];
    for (constraint, json) in cases {
        let p = policy(constraint, ActionConstraint::Any, ScopeConstraint::Any);
        let written = policy_to_json(&p);
        assert_eq!(written["principal"], json);
        assert_eq!(policy_from_json("p".into(), &written), Ok(p));
    }
    let view = || uid("Action", "view");
    let actions = vec![
        (ActionConstraint::Any, json!({ "op": "All" })),
        (
            ActionConstraint::Eq(view()),
            json!({ "op": "==", "entity": { "type": "Action", "id": "view" } }),
        ),
        (
            ActionConstraint::In(view()),
            json!({ "op": "in", "entity": { "type": "Action", "id": "view" } }),
        ),
        (
            ActionConstraint::InList(vec![view(), uid("NS::Action", "edit")]),
            json!({ "op": "in", "entities": [
                { "type": "Action", "id": "view" }, { "type": "NS::Action", "id": "edit" }
            ] }),
        ),
    ];
    for (constraint, json) in actions {
        let p = policy(ScopeConstraint::Any, constraint, ScopeConstraint::Any);
        let written = policy_to_json(&p);
        assert_eq!(written["action"], json);
        assert_eq!(policy_from_json("p".into(), &written), Ok(p));
    }
}

#[test]
fn lenient_spellings_are_accepted() {
    let json = json!({
        "effect": "forbid",
        "principal": { "op": "all" },
        "action": { "op": "==", "entity": { "__entity": { "type": "Action", "id": "a" } } },
        "resource": { "op": "All" },
    });
    let p = policy_from_json("p".into(), &json).unwrap();
    assert_eq!(p.effect, Effect::Forbid);
    assert_eq!(p.action, ActionConstraint::Eq(uid("Action", "a")));
    assert!(p.conditions.is_empty());
}

#[test]
fn conditions_and_annotations_both_ways() {
    let mut p = any_policy();
    p.annotations = vec![
        Annotation {
            key: "id".into(),
            value: Some("first".into()),
            loc: Loc::NONE,
        },
        Annotation {
            key: "bare".into(),
            value: None,
            loc: Loc::NONE,
        },
    ];
    p.conditions = vec![
        Condition {
            kind: ConditionKind::When,
            body: e(ExprKind::Lit(Literal::Bool(true))),
            loc: Loc::NONE,
        },
        Condition {
            kind: ConditionKind::Unless,
            body: e(ctx()),
            loc: Loc::NONE,
        },
    ];
    let written = policy_to_json(&p);
    assert_eq!(
        written["annotations"],
        json!({ "id": "first", "bare": null })
    );
    assert_eq!(written["conditions"][1]["kind"], "unless");
    let read = policy_from_json("p".into(), &written).unwrap();
    // Annotations come back in key order.
    p.annotations.reverse();
    assert_eq!(read, p);
    // No annotations: no key.
    assert!(policy_to_json(&any_policy()).get("annotations").is_none());
}

/// Reads `json` as a policy and returns the error as `(path, kind)`.
fn policy_error(json: Value) -> (String, PolicyJsonErrorKind) {
    match policy_from_json("p".into(), &json) {
        Ok(p) => panic!("expected an error for {json}, got {p:?}"),
        Err(err) => (err.path.to_string(), err.kind),
    }
}

/// A valid policy JSON with `body` as its only condition.
fn with_body(body: Value) -> Value {
    json!({
        "effect": "permit",
        "principal": { "op": "All" },
        "action": { "op": "All" },
        "resource": { "op": "All" },
        "conditions": [{ "kind": "when", "body": body }],
    })
}

#[test]
fn expression_errors_have_paths() {
    use PolicyJsonErrorKind as K;
    let (path, kind) = policy_error(with_body(json!({ "&&": {
        "left": { "frobnicate": [] },
        "right": { "Value": true },
    } })));
    assert_eq!(path, "conditions[0].body.&&.left.frobnicate");
    assert_eq!(kind, K::UnknownOperator("frobnicate".into()));

    // A wrong number of arguments is an evaluation error, as in Cedar; a method
    // without even a receiver cannot be read.
    assert!(policy_from_json("p".into(), &with_body(json!({ "decimal": [] }))).is_ok());
    let (path, kind) = policy_error(with_body(json!({ "lessThan": [] })));
    assert_eq!(path, "conditions[0].body.lessThan");
    assert_eq!(
        kind,
        K::WrongArity {
            func: "lessThan",
            expected: 2,
            found: 0
        }
    );

    assert_eq!(
        expr_error(json!({ "Var": "x", "Value": 1 })),
        ("<root>".into(), K::NotSingleKey(2))
    );
    assert_eq!(
        expr_error(json!({ ".": { "left": { "Var": "context" } } })),
        (r#"["."]"#.into(), K::MissingKey("attr"))
    );
    assert_eq!(
        expr_error(json!({ "==": { "left": { "Value": 1 }, "right": { "Value": 2 }, "x": 0 } })),
        ("==.x".into(), K::UnexpectedKey("x".into()))
    );
    assert_eq!(
        expr_error(json!({ "Set": [{ "Value": 1 }, { "Value": null }] })),
        (
            "Set[1].Value".into(),
            K::WrongType {
                expected: "a Cedar value",
                found: "null"
            }
        )
    );
    assert_eq!(
        expr_error(json!({ "Value": 1.5 })),
        ("Value".into(), K::InvalidNumber("1.5".into()))
    );
    assert_eq!(
        expr_error(json!({ "Value": 9_223_372_036_854_775_808u64 })),
        (
            "Value".into(),
            K::InvalidNumber("9223372036854775808".into())
        )
    );
    assert_eq!(
        expr_error(json!({ "Value": { "__entity": { "type": "Bad Type", "id": "x" } } })),
        (
            "Value.__entity.type".into(),
            K::InvalidName("Bad Type".into())
        )
    );
    assert_eq!(
        expr_error(json!({ "Value": { "__extn": { "fn": "lessThan", "arg": "1" } } })),
        (
            "Value.__extn.fn".into(),
            K::NotAConstructor("lessThan".into())
        )
    );
    assert_eq!(
        expr_error(json!({ "like": { "left": { "Var": "context" }, "pattern": ["*"] } })).0,
        "like.pattern[0]"
    );
    assert_eq!(
        expr_error(json!({ "Unknown": { "name": "u" } })).1,
        K::Unsupported("partial-evaluation unknowns (`Unknown`)")
    );
    assert_eq!(expr_error(json!({ "Var": "subject" })).0, "Var",);
    assert_eq!(
        expr_error(json!({ ".": { "left": { "Var": "context" }, "attr": 3 } })),
        (
            r#"["."].attr"#.into(),
            K::WrongType {
                expected: "a string",
                found: "a number"
            }
        )
    );
    assert_eq!(
        expr_error(json!([])),
        (
            "<root>".into(),
            K::WrongType {
                expected: "an expression object",
                found: "an array"
            }
        )
    );
}

#[test]
fn scope_and_policy_errors_have_paths() {
    use PolicyJsonErrorKind as K;
    let base = || with_body(json!({ "Value": true }));
    let with = |key: &str, value: Value| {
        let mut json = base();
        json[key] = value;
        json
    };
    assert_eq!(policy_error(with("effect", json!("allow"))).0, "effect");
    assert_eq!(
        policy_error(with(
            "principal",
            json!({ "op": "==", "slot": "?resource" })
        )),
        (
            "principal.slot".into(),
            K::WrongSlot {
                expected: SlotId::Principal,
                found: SlotId::Resource
            }
        )
    );
    assert_eq!(
        policy_error(with(
            "resource",
            json!({ "op": "is", "entity_type": "T", "in": { "slot": "?principal" } })
        )),
        (
            "resource.in.slot".into(),
            K::WrongSlot {
                expected: SlotId::Resource,
                found: SlotId::Principal
            }
        )
    );
    assert_eq!(
        policy_error(with("action", json!({ "op": "==", "slot": "?principal" }))).0,
        "action.slot"
    );
    assert_eq!(
        policy_error(with(
            "action",
            json!({ "op": "in", "entities": [
            { "type": "Action", "id": "a" }, { "type": "User", "id": "b" }
        ] })
        )),
        (
            "action.entities[1]".into(),
            K::NotAnAction(uid("User", "b"))
        )
    );
    assert_eq!(
        policy_error(with("principal", json!({ "op": "like" }))).0,
        "principal.op"
    );
    assert_eq!(
        policy_error(with("principal", json!({ "op": "==" }))),
        ("principal".into(), K::MissingKey("entity"))
    );
    assert_eq!(
        policy_error(with("principal", json!({ "op": "All", "entity": {} }))),
        ("principal.entity".into(), K::UnexpectedKey("entity".into()))
    );
    assert_eq!(
        policy_error(with("annotations", json!({ "not an id": "x" }))),
        (
            r#"annotations["not an id"]"#.into(),
            K::InvalidAnnotationKey("not an id".into())
        )
    );
    assert_eq!(
        policy_error(with("annotations", json!({ "a": 1 }))).0,
        "annotations.a"
    );
    assert_eq!(
        policy_error(with("conditions", json!([{ "kind": "if", "body": {} }]))).0,
        "conditions[0].kind"
    );
    assert_eq!(
        policy_error(with("extra", json!(1))),
        ("extra".into(), K::UnexpectedKey("extra".into()))
    );
    let mut missing = base();
    missing.as_object_mut().unwrap().remove("action");
    assert_eq!(
        policy_error(missing),
        ("<root>".into(), K::MissingKey("action"))
    );
}

/// `{"!": {"arg": … {"Value": true} …}}` with `n` negations, built by moving
/// (`json!` would serialise the inner value again at every level).
fn nested_not(n: usize) -> Value {
    let wrap =
        |key: &str, inner: Value| Value::Object([(key.to_string(), inner)].into_iter().collect());
    let mut json = wrap("Value", Value::Bool(true));
    for _ in 0..n {
        json = wrap("!", wrap("arg", json));
    }
    json
}

#[test]
fn depth_is_bounded() {
    assert!(expr_from_json(&nested_not(MAX_EXPR_DEPTH - 1)).is_ok());
    let err = expr_from_json(&nested_not(MAX_EXPR_DEPTH)).unwrap_err();
    assert_eq!(err.kind, PolicyJsonErrorKind::TooDeep);
    // Much deeper than any parser would allow, built in memory: still an error.
    // serde_json builds and drops such values recursively, so give that a big
    // stack; reading stops at the bound whatever the depth.
    let deep = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(|| expr_from_json(&nested_not(20_000)).map_err(|e| e.kind))
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(deep, Err(PolicyJsonErrorKind::TooDeep));
    // Deep literal values count too.
    let mut value = json!(1);
    for _ in 0..MAX_EXPR_DEPTH {
        value = Value::Array(vec![value]);
    }
    assert_eq!(
        expr_from_json(&json!({ "Value": value })).unwrap_err().kind,
        PolicyJsonErrorKind::TooDeep
    );
}

#[test]
fn malformed_builtin_calls_do_not_read_back_as_something_else() {
    let bad = e(ExprKind::MethodCall {
        method: Builtin::Contains,
        receiver: b(ctx()),
        args: vec![],
    });
    let json = expr_to_json(&bad);
    assert_eq!(json, json!({ "contains": [{ "Var": "context" }] }));
    assert!(expr_from_json(&json).is_err());
}

#[test]
fn the_deepest_allowed_expression_writes_and_reads_back() {
    let mut deep = e(long(1));
    for i in 0..MAX_EXPR_DEPTH - 1 {
        let kind = if i % 2 == 0 {
            ExprKind::Unary(UnaryOp::Not, Box::new(deep))
        } else {
            ExprKind::Set(vec![deep])
        };
        deep = e(kind);
    }
    let json = expr_to_json(&deep);
    assert_eq!(expr_from_json(&json), Ok(deep));
}
