//! The model against the production engine on the `examples/docs` files: expressions
//! over every operator, and the authorization of the example request.

use std::path::PathBuf;

use cedrus_policy::entities::Entities;
use cedrus_policy::error::EvalError;
use cedrus_policy::parser::parse_policies;
use cedrus_policy::policy_set::{links_from_json_str, PolicySet};
use cedrus_policy::request::Request;
use cedrus_policy::{eval, Authorizer};
use cedrus_spec::{Model, ModelError, ModelResponse};

fn read(f: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/docs")
        .join(f);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn docs() -> (PolicySet, Entities, Request) {
    let mut ps =
        PolicySet::from_policies(parse_policies(&read("policies.cedar")).unwrap()).unwrap();
    ps.link_all(links_from_json_str(&read("links.json")).unwrap())
        .unwrap();
    let es = Entities::from_json_str(&read("entities.json")).unwrap();
    let req = Request::from_json_str(&read("request.json")).unwrap();
    (ps, es, req)
}

/// The model's kind of a production evaluation error.
fn kind(e: &EvalError) -> Option<ModelError> {
    Some(match e {
        EvalError::Type { .. } => ModelError::TypeError,
        EvalError::EntityDoesNotExist(_) => ModelError::EntityDoesNotExist,
        EvalError::EntityAttrDoesNotExist { .. } | EvalError::RecordAttrDoesNotExist { .. } => {
            ModelError::AttrDoesNotExist
        }
        EvalError::TagDoesNotExist { .. } => ModelError::TagDoesNotExist,
        EvalError::Overflow { .. } => ModelError::ArithBoundsError,
        EvalError::Extension { .. } | EvalError::Arity { .. } => ModelError::ExtensionError,
        _ => return None,
    })
}

/// Expressions over the example's entities and request, without extension functions.
const CORE: &[&str] = &[
    "1 + 2 * 3 - -4",
    "9223372036854775807 + 1",
    "-9223372036854775807 - 2",
    "3 < 4 && 4 <= 4 && 5 > 4 && 4 >= 5",
    "\"a\" < 1",
    "principal == User::\"bo\" && principal != User::\"ana\"",
    "principal in Team::\"engineering\"",
    "principal in [Team::\"engineering\", Folder::\"x\"]",
    "resource in Folder::\"engineering\"",
    "Team::\"nobody\" in Team::\"nobody\"",
    "1 in Team::\"engineering\"",
    "principal.name",
    "principal.missing",
    "principal has level && principal.level > 2",
    "User::\"nobody\".name",
    "User::\"nobody\" has name",
    "context.now",
    "context has network",
    "context[\"network\"]",
    "{a: 1, b: [true, \"x\"]}.b",
    "{a: 1} has a.b",
    "[1, 2, 2].contains(2) && [1, 2].containsAll([2, 2]) && [1].containsAny([3])",
    "[].isEmpty() && ![1].isEmpty()",
    "1.isEmpty()",
    "resource.owner == User::\"ana\"",
    "resource.owner.name like \"A*a\"",
    "\"a*b\" like \"a\\*b\"",
    "principal is User && !(principal is Team)",
    "principal is User in Team::\"engineering\"",
    "resource is Document in Folder::\"other\"",
    "if principal.level > 5 then \"senior\" else \"junior\"",
    "if 1 then 2 else 3",
    "false && 1",
    "true || 1",
    "true && 1",
    "principal.hasTag(\"x\")",
    "principal.getTag(\"x\")",
    "[1, [2, {c: User::\"bo\"}]] == [[2, {c: User::\"bo\"}], 1, 1]",
    "{x: 1, y: 2} == {y: 2, x: 1}",
];

fn expr_of(text: &str) -> cedrus_policy::ast::Expr {
    let p = format!("permit(principal, action, resource) when {{ {text} }};");
    let mut ps = parse_policies(&p).unwrap_or_else(|e| panic!("{text}: {e}"));
    ps.remove(0).conditions.remove(0).body
}

#[test]
fn expressions_agree_with_the_engine() {
    let (_, es, req) = docs();
    let mut model = Model::load().unwrap();
    let mut failures = Vec::new();
    for text in CORE {
        let e = expr_of(text);
        let ours = eval::evaluate(&e, &req, &es);
        let theirs = model
            .evaluate(&e, &req, &es)
            .unwrap_or_else(|err| panic!("{text}: {err}"));
        let agree = match (&ours, &theirs) {
            (Ok(a), Ok(b)) => a == b,
            (Err(a), Err(b)) => kind(a) == Some(*b),
            _ => false,
        };
        if !agree {
            failures.push(format!("{text}: engine {ours:?}, model {theirs:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_example_request_is_authorized_alike() {
    let (ps, es, req) = docs();
    let mut model = Model::load().unwrap();
    let ours = ModelResponse::of_production(&Authorizer::new().is_authorized(&req, &ps, &es));
    assert_eq!(model.authorize(&ps, &es, &req).unwrap(), ours);
}

/// Arbitrary expressions (every form and operator, extension calls included) give the
/// same value, or an error of the same kind, in the model and in the engine.
#[test]
fn arbitrary_expressions_agree_with_the_engine() {
    use proptest::strategy::{Strategy, ValueTree};
    use proptest::test_runner::TestRunner;
    let (_, es, req) = docs();
    let mut model = Model::load().unwrap();
    let strategy = cedrus_policy::arbitrary::expr(4);
    let mut runner = TestRunner::deterministic();
    let mut failures = Vec::new();
    for _ in 0..1_000 {
        let e = strategy.new_tree(&mut runner).unwrap().current();
        let ours = eval::evaluate(&e, &req, &es);
        let theirs = match model.evaluate(&e, &req, &es) {
            Ok(r) => r,
            Err(err) => {
                failures.push(format!(
                    "{}: the model failed: {err}",
                    cedrus_policy::format::format_expr(&e)
                ));
                continue;
            }
        };
        let agree = match (&ours, &theirs) {
            (Ok(a), Ok(b)) => a == b,
            (Err(a), Err(b)) => kind(a) == Some(*b),
            _ => false,
        };
        if !agree {
            failures.push(format!(
                "{}: engine {ours:?}, model {theirs:?}",
                cedrus_policy::format::format_expr(&e)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
