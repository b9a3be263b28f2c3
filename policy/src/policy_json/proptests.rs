//! Property tests: writing then reading gives back the policy up to the documented
//! normalisation, through `serde_json::Value` and through JSON text; reading never
//! panics on arbitrary JSON.

use std::collections::BTreeMap;

use proptest::prelude::*;
use serde_json::{Map, Value};

use super::ident::{attr_needs_quotes, is_ident};
use super::*;
use crate::ast::{
    ActionConstraint, Annotation, BinaryOp, Builtin, Condition, ConditionKind, Effect, EntityRef,
    ExprKind, ExtFn, Literal, Loc, Pattern, PatternElem, ScopeConstraint, SlotId, UnaryOp, Var,
};
use crate::value::{EntityUid, Name};

fn ident() -> impl Strategy<Value = String> {
    "[a-zA-Z_][a-zA-Z0-9_]{0,4}".prop_filter("not reserved", |s| is_ident(s))
}

fn name() -> impl Strategy<Value = Name> {
    prop::collection::vec(ident(), 1..3).prop_map(|parts| Name::from_parts(&parts))
}

fn uid() -> impl Strategy<Value = EntityUid> {
    (name(), "\\PC{0,5}").prop_map(|(ty, id)| EntityUid::new(ty, id))
}

fn action_uid() -> impl Strategy<Value = EntityUid> {
    (prop::option::of(ident()), "\\PC{0,5}").prop_map(|(ns, id)| {
        let ty = match ns {
            Some(ns) => Name::from_parts(&[ns.as_str(), "Action"]),
            None => Name::new("Action"),
        };
        EntityUid::new(ty, id)
    })
}

/// Attribute names: identifiers, reserved words and arbitrary strings.
fn attr() -> impl Strategy<Value = String> {
    prop_oneof![ident(), Just("if".to_string()), "\\PC{0,4}"]
}

fn literal() -> impl Strategy<Value = Literal> {
    prop_oneof![
        any::<bool>().prop_map(Literal::Bool),
        any::<i64>().prop_map(Literal::Long),
        "\\PC{0,6}".prop_map(|s| Literal::String(s.into())),
        uid().prop_map(Literal::Entity),
    ]
}

fn var() -> impl Strategy<Value = Var> {
    prop_oneof![
        Just(Var::Principal),
        Just(Var::Action),
        Just(Var::Resource),
        Just(Var::Context),
    ]
}

fn binary_op() -> impl Strategy<Value = BinaryOp> {
    use BinaryOp as B;
    prop::sample::select(vec![
        B::Eq,
        B::NotEq,
        B::Less,
        B::LessEq,
        B::Greater,
        B::GreaterEq,
        B::Add,
        B::Sub,
        B::Mul,
        B::In,
    ])
}

fn pattern() -> impl Strategy<Value = Pattern> {
    let elem = prop_oneof![
        Just(PatternElem::Wildcard),
        any::<char>().prop_map(PatternElem::Char),
    ];
    prop::collection::vec(elem, 0..6).prop_map(|elems| Pattern { elems })
}

/// Every built-in method and extension function with the right number of
/// arguments, in the form the parser produces (methods as `MethodCall`,
/// functions as `Call`).
fn call(inner: BoxedStrategy<Expr>) -> impl Strategy<Value = ExprKind> {
    let builtins = prop::sample::select(vec![
        Builtin::Contains,
        Builtin::ContainsAll,
        Builtin::ContainsAny,
        Builtin::IsEmpty,
        Builtin::HasTag,
        Builtin::GetTag,
    ]);
    let funcs = prop::sample::select(ExtFn::ALL.to_vec());
    let builtin_call = (
        builtins,
        inner.clone(),
        prop::collection::vec(inner.clone(), 1),
    )
        .prop_map(|(method, receiver, args)| {
            let args = if method.arity() == 0 {
                Vec::new()
            } else {
                args
            };
            ExprKind::MethodCall {
                method,
                receiver: Box::new(receiver),
                args,
            }
        });
    let ext_call = (funcs, prop::collection::vec(inner, 2)).prop_map(|(func, mut args)| {
        args.truncate(func.arity());
        if func.is_method() {
            let receiver = Box::new(args.remove(0));
            ExprKind::MethodCall {
                method: Builtin::Ext(func),
                receiver,
                args,
            }
        } else {
            ExprKind::Call { func, args }
        }
    });
    prop_oneof![builtin_call, ext_call]
}

/// Expressions of every kind (slots aside), a few levels deep.
fn expr() -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![
        literal().prop_map(ExprKind::Lit),
        var().prop_map(ExprKind::Var),
    ]
    .prop_map(Expr::new);
    leaf.prop_recursive(4, 32, 3, |inner| {
        let b = || inner.clone().prop_map(Box::new);
        let kind = prop_oneof![
            (b(), b(), b()).prop_map(|(cond, then_expr, else_expr)| ExprKind::If {
                cond,
                then_expr,
                else_expr
            }),
            (b(), b()).prop_map(|(l, r)| ExprKind::And(l, r)),
            (b(), b()).prop_map(|(l, r)| ExprKind::Or(l, r)),
            (any::<bool>(), b()).prop_map(|(not, e)| {
                ExprKind::Unary(if not { UnaryOp::Not } else { UnaryOp::Neg }, e)
            }),
            (binary_op(), b(), b()).prop_map(|(op, l, r)| ExprKind::Binary(op, l, r)),
            (b(), attr(), any::<bool>()).prop_map(|(expr, attr, bracket)| ExprKind::GetAttr {
                expr,
                attr: attr.into(),
                bracket
            }),
            (b(), attr(), any::<bool>()).prop_map(|(expr, attr, quoted)| ExprKind::HasAttr {
                expr,
                attr: attr.into(),
                quoted
            }),
            (b(), pattern()).prop_map(|(e, p)| ExprKind::Like(e, p)),
            (b(), name(), prop::option::of(b())).prop_map(|(expr, entity_type, in_expr)| {
                ExprKind::Is {
                    expr,
                    entity_type,
                    in_expr,
                }
            }),
            prop::collection::vec(inner.clone(), 0..3).prop_map(ExprKind::Set),
            prop::collection::btree_map(attr(), inner.clone(), 0..3).prop_map(
                |m| ExprKind::Record(m.into_iter().map(|(k, v)| (k.into(), v)).collect())
            ),
            call(inner.clone().boxed()),
        ];
        kind.prop_map(Expr::new)
    })
}

fn entity_ref(slot: SlotId) -> impl Strategy<Value = EntityRef> {
    prop_oneof![uid().prop_map(EntityRef::Uid), Just(EntityRef::Slot(slot)),]
}

fn scope(slot: SlotId) -> impl Strategy<Value = ScopeConstraint> {
    prop_oneof![
        Just(ScopeConstraint::Any),
        entity_ref(slot).prop_map(ScopeConstraint::Eq),
        entity_ref(slot).prop_map(ScopeConstraint::In),
        name().prop_map(ScopeConstraint::Is),
        (name(), entity_ref(slot)).prop_map(|(n, r)| ScopeConstraint::IsIn(n, r)),
    ]
}

fn action() -> impl Strategy<Value = ActionConstraint> {
    prop_oneof![
        Just(ActionConstraint::Any),
        action_uid().prop_map(ActionConstraint::Eq),
        action_uid().prop_map(ActionConstraint::In),
        prop::collection::vec(action_uid(), 0..3).prop_map(ActionConstraint::InList),
    ]
}

fn policy() -> impl Strategy<Value = Policy> {
    let annotations = prop::collection::btree_map(ident(), prop::option::of("\\PC{0,5}"), 0..3);
    let condition = (any::<bool>(), expr()).prop_map(|(when, body)| Condition {
        kind: if when {
            ConditionKind::When
        } else {
            ConditionKind::Unless
        },
        body,
        loc: Loc::NONE,
    });
    (
        annotations,
        any::<bool>(),
        scope(SlotId::Principal),
        action(),
        scope(SlotId::Resource),
        prop::collection::vec(condition, 0..3),
    )
        .prop_map(
            |(annotations, permit, principal, action, resource, conditions)| Policy {
                id: "p".into(),
                annotations: annotations
                    .into_iter()
                    .rev()
                    .map(|(key, value)| Annotation {
                        key: key.into(),
                        value: value.map(Into::into),
                        loc: Loc::NONE,
                    })
                    .collect(),
                effect: if permit {
                    Effect::Permit
                } else {
                    Effect::Forbid
                },
                principal,
                action,
                resource,
                conditions,
                template_id: None,
                loc: Loc::NONE,
                scope_locs: Default::default(),
            },
        )
}

/// The documented normalisation: canonical attribute syntax, annotations and
/// record fields in key order.
fn normalise_expr(e: &mut Expr) {
    match &mut e.kind {
        ExprKind::GetAttr {
            expr,
            attr,
            bracket,
        } => {
            *bracket = attr_needs_quotes(attr);
            normalise_expr(expr);
        }
        ExprKind::HasAttr { expr, attr, quoted } => {
            *quoted = attr_needs_quotes(attr);
            normalise_expr(expr);
        }
        ExprKind::Record(fields) => {
            fields.sort_by(|a, b| a.0.cmp(&b.0));
            fields.iter_mut().for_each(|(_, v)| normalise_expr(v));
        }
        ExprKind::Lit(_) | ExprKind::Var(_) | ExprKind::Slot(_) => {}
        ExprKind::If {
            cond,
            then_expr,
            else_expr,
        } => {
            normalise_expr(cond);
            normalise_expr(then_expr);
            normalise_expr(else_expr);
        }
        ExprKind::And(l, r) | ExprKind::Or(l, r) | ExprKind::Binary(_, l, r) => {
            normalise_expr(l);
            normalise_expr(r);
        }
        ExprKind::Unary(_, e) | ExprKind::Like(e, _) => normalise_expr(e),
        ExprKind::Is { expr, in_expr, .. } => {
            normalise_expr(expr);
            if let Some(e) = in_expr {
                normalise_expr(e);
            }
        }
        ExprKind::Set(items) | ExprKind::Call { args: items, .. } => {
            items.iter_mut().for_each(normalise_expr)
        }
        ExprKind::MethodCall { receiver, args, .. } => {
            normalise_expr(receiver);
            args.iter_mut().for_each(normalise_expr);
        }
    }
}

fn normalise(mut p: Policy) -> Policy {
    p.annotations.sort_by(|a, b| a.key.cmp(&b.key));
    for c in &mut p.conditions {
        normalise_expr(&mut c.body);
    }
    p
}

/// Arbitrary JSON, biased towards the keys and strings of the policy format so
/// that it gets past the first checks.
fn json() -> impl Strategy<Value = Value> {
    let word = prop::sample::select(vec![
        "effect",
        "permit",
        "principal",
        "action",
        "resource",
        "conditions",
        "annotations",
        "op",
        "All",
        "==",
        "in",
        "is",
        "entity",
        "entities",
        "slot",
        "entity_type",
        "type",
        "id",
        "?principal",
        "?resource",
        "kind",
        "when",
        "body",
        "Value",
        "Var",
        "Slot",
        "context",
        "!",
        "neg",
        "arg",
        "left",
        "right",
        "attr",
        ".",
        "has",
        "like",
        "pattern",
        "Wildcard",
        "Literal",
        "if-then-else",
        "if",
        "then",
        "else",
        "Set",
        "Record",
        "__entity",
        "__extn",
        "fn",
        "decimal",
        "ip",
        "isInRange",
        "contains",
        "isEmpty",
        "getTag",
        "&&",
        "staticPolicies",
        "templates",
        "templateLinks",
        "templateId",
        "newId",
        "values",
        "Action",
        "User",
    ])
    .prop_map(str::to_string);
    let key = prop_oneof![4 => word.clone(), 1 => "\\PC{0,3}"];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        word.prop_map(Value::String),
        "\\PC{0,4}".prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 4, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn policies_read_back_up_to_normalisation(p in policy()) {
        let json = policy_to_json(&p);
        let read = policy_from_json(p.id.clone(), &json);
        prop_assert_eq!(read, Ok(normalise(p)));
    }

    #[test]
    fn reading_is_idempotent_after_normalisation(p in policy()) {
        // Writing the normal form gives the same JSON as writing the original.
        let json = policy_to_json(&p);
        prop_assert_eq!(policy_to_json(&normalise(p)), json);
    }

    #[test]
    fn policies_survive_json_text(p in policy()) {
        let text = serde_json::to_string(&policy_to_json(&p)).unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(policy_from_json(p.id.clone(), &value), Ok(normalise(p)));
    }

    #[test]
    fn policy_sets_read_back(
        policies in prop::collection::vec(policy(), 0..4),
        links in prop::collection::vec((any::<prop::sample::Index>(), uid(), uid()), 0..3),
    ) {
        let policies: Vec<Policy> = policies
            .into_iter()
            .enumerate()
            .map(|(i, mut p)| {
                p.id = format!("policy{i}").into();
                p
            })
            .collect();
        let templates: Vec<&Policy> = policies.iter().filter(|p| p.is_template()).collect();
        let links: Vec<TemplateLink> = if templates.is_empty() {
            Vec::new()
        } else {
            links
                .into_iter()
                .enumerate()
                .map(|(i, (which, pu, ru))| {
                    let t = which.get(&templates);
                    let mut values = BTreeMap::new();
                    let uses = |c: &ScopeConstraint| matches!(
                        c,
                        ScopeConstraint::Eq(EntityRef::Slot(_))
                            | ScopeConstraint::In(EntityRef::Slot(_))
                            | ScopeConstraint::IsIn(_, EntityRef::Slot(_))
                    );
                    if uses(&t.principal) {
                        values.insert(SlotId::Principal, pu);
                    }
                    if uses(&t.resource) {
                        values.insert(SlotId::Resource, ru);
                    }
                    TemplateLink { id: format!("link{i}").into(), template_id: t.id.clone(), values }
                })
                .collect()
        };
        let json = policy_set_to_json(&policies, &links);
        let set = policy_set_from_json(&json).unwrap();
        let (templates, statics): (Vec<Policy>, Vec<Policy>) =
            policies.into_iter().map(normalise).partition(|p| p.is_template());
        prop_assert_eq!(set.static_policies, statics);
        prop_assert_eq!(set.templates, templates);
        prop_assert_eq!(set.links, links);
    }

    #[test]
    fn reading_arbitrary_json_never_panics(v in json()) {
        let _ = policy_from_json("p".into(), &v);
        let _ = expr_from_json(&v);
        let _ = policy_set_from_json(&v);
    }

    #[test]
    fn reading_corrupted_policies_never_panics(
        p in policy(),
        junk in json(),
        path in prop::collection::vec(any::<prop::sample::Index>(), 1..8),
    ) {
        // Replace one subtree of a valid policy's JSON with junk.
        let mut v = policy_to_json(&p);
        let mut pointer = String::new();
        let mut here = &v;
        for step in &path {
            let next = match here {
                Value::Object(map) if !map.is_empty() => {
                    let keys: Vec<&String> = map.keys().collect();
                    let key = *step.get(&keys);
                    pointer.push('/');
                    pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                    map.get(key)
                }
                Value::Array(items) if !items.is_empty() => {
                    let i = step.index(items.len());
                    pointer.push_str(&format!("/{i}"));
                    items.get(i)
                }
                _ => None,
            };
            match next {
                Some(n) => here = n,
                None => break,
            }
        }
        if let Some(target) = v.pointer_mut(&pointer) {
            *target = junk;
        }
        if let Err(e) = policy_from_json("p".into(), &v) {
            // The message always renders.
            prop_assert!(!e.to_string().is_empty());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// The parser's own generator (every operator, surface forms as parsed).
    #[test]
    fn parser_shaped_policies_read_back(p in crate::arbitrary::policy(4)) {
        let p = crate::arbitrary::without_locs(&p);
        let read = policy_from_json(p.id.clone(), &policy_to_json(&p));
        prop_assert_eq!(read, Ok(normalise(p)));
    }

    /// Text → JSON → text: formatting what JSON gives back and parsing it again
    /// yields the normalised policy.
    #[test]
    fn text_json_text(p in crate::arbitrary::policy(3)) {
        let p = crate::arbitrary::without_locs(&p);
        let read = policy_from_json(p.id.clone(), &policy_to_json(&p)).unwrap();
        let text = crate::format::format_policy(&read);
        let reparsed = crate::parser::parse_policy(&text, p.id.clone())
            .map(|q| crate::arbitrary::without_locs(&q));
        prop_assert_eq!(reparsed, Ok(normalise(p)), "text: {}", text);
    }
}

#[test]
fn policies_from_text_write_the_documented_json() {
    let src = r#"@id("example")
        permit (
            principal == User::"12UA45",
            action in [Action::"view", Action::"edit"],
            resource is Folder in Folder::"abc"
        ) when {
            context.tls_version == "1.3" && context["a b"] like "x*" && !(principal has email)
        } unless { decimal("1.0").lessThan(context.d) || [1, -2].contains(3) };"#;
    let p = crate::parser::parse_policy(src, "p0".into()).unwrap();
    let json = policy_to_json(&p);
    let expected = serde_json::json!({
        "effect": "permit",
        "principal": { "op": "==", "entity": { "type": "User", "id": "12UA45" } },
        "action": { "op": "in", "entities": [
            { "type": "Action", "id": "view" }, { "type": "Action", "id": "edit" }
        ] },
        "resource": { "op": "is", "entity_type": "Folder",
                      "in": { "entity": { "type": "Folder", "id": "abc" } } },
        "conditions": [
            { "kind": "when", "body": { "&&": {
                "left": { "&&": {
                    "left": { "==": {
                        "left": { ".": { "left": { "Var": "context" }, "attr": "tls_version" } },
                        "right": { "Value": "1.3" }
                    } },
                    "right": { "like": {
                        "left": { ".": { "left": { "Var": "context" }, "attr": "a b" } },
                        "pattern": [{ "Literal": "x" }, "Wildcard"]
                    } }
                } },
                "right": { "!": { "arg": { "has": { "left": { "Var": "principal" }, "attr": "email" } } } }
            } } },
            { "kind": "unless", "body": { "||": {
                "left": { "lessThan": [
                    { "decimal": [{ "Value": "1.0" }] },
                    { ".": { "left": { "Var": "context" }, "attr": "d" } }
                ] },
                "right": { "contains": {
                    "left": { "Set": [{ "Value": 1 }, { "Value": -2 }] },
                    "right": { "Value": 3 }
                } }
            } } }
        ],
        "annotations": { "id": "example" }
    });
    assert_eq!(json, expected);
    let read = policy_from_json("p0".into(), &json).unwrap();
    assert_eq!(read, normalise(crate::arbitrary::without_locs(&p)));
}
