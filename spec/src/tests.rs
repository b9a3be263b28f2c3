//! Tests of loading and of the conversions (the model's functions are tested against
//! the production engine in `tests/`).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use cedrus_kernel::Name;
use cedrus_lang::eval::Value as V;
use cedrus_policy::ext::{ExtValue, IpNet};
use cedrus_policy::parser::parse_policies;
use cedrus_policy::value::{EntityUid, Value};
use proptest::prelude::*;

use super::*;

fn uid(t: &str, id: &str) -> EntityUid {
    EntityUid::new(cedrus_policy::value::Name::new(t), id)
}

fn examples() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/docs")
}

fn docs_inputs() -> (PolicySet, Entities, Request) {
    let read = |f: &str| std::fs::read_to_string(examples().join(f)).unwrap();
    let mut ps =
        PolicySet::from_policies(parse_policies(&read("policies.cedar")).unwrap()).unwrap();
    let links = cedrus_policy::policy_set::links_from_json_str(&read("links.json")).unwrap();
    ps.link_all(links).unwrap();
    let es = Entities::from_json_str(&read("entities.json")).unwrap();
    let req = Request::from_json_str(&read("request.json")).unwrap();
    (ps, es, req)
}

/// Policies using every operator and extension function.
const EVERY_OPERATOR: &str = r#"
permit(principal == User::"a", action in [Action::"r", Action::"w"], resource is Doc in Folder::"f")
when { (1 + 2 - 3) * -4 < 5 && 6 <= 7 && 8 > 9 && 10 >= 11 && "x" != "y" && !false }
unless { if principal has name then principal.name like "a*\*b" else context["k"] == {a: [1, true]} };
forbid(principal in Team::"t", action == Action::"r", resource)
when { principal is User && [1].contains(1) && [1].containsAll([]) && [2].containsAny([2]) }
when { [].isEmpty() && resource.hasTag("t") && resource.getTag("t") == principal || false };
permit(principal, action, resource == ?resource)
when { decimal("1.5").lessThan(decimal("2.0")) && ip("::1").isLoopback() && ip("10.0.0.1").isInRange(ip("10.0.0.0/8")) }
when { datetime("2024-01-01").offset(duration("1h")).toDate() == datetime("2024-01-01") && duration("1d").toHours() == 24 }
when { ip("1.2.3.4").isIpv4() && ip("::").isIpv6() && ip("224.0.0.1").isMulticast() && decimal("1.0").greaterThanOrEqual(decimal("0.5")) }
when { datetime("2024-01-02").durationSince(datetime("2024-01-01")).toMilliseconds() > 0 && datetime("2024-01-01T01:00:00Z").toTime().toSeconds() + duration("1m").toMinutes() + duration("1d").toDays() > 0 }
when { decimal("1.0").lessThanOrEqual(decimal("1.0")) && decimal("3.0").greaterThan(decimal("2.0")) };
"#;

fn sample_values() -> Vec<Value> {
    vec![
        Value::Bool(true),
        Value::Long(i64::MIN),
        Value::Long(i64::MAX),
        Value::string("é\"\\"),
        Value::Entity(uid("App::User", "ana")),
        Value::set([Value::Long(1), Value::string("x")]),
        Value::record([("a", Value::set([])), ("b", Value::empty_record())]),
        Value::Ext(Arc::new(ExtValue::Decimal(-12345))),
        Value::Ext(Arc::new(ExtValue::Ip(IpNet::V4(0x0a00_0001, 8)))),
        Value::Ext(Arc::new(ExtValue::Ip(IpNet::V6(u128::MAX, 128)))),
        Value::Ext(Arc::new(ExtValue::Datetime(-1))),
        Value::Ext(Arc::new(ExtValue::Duration(86_400_000))),
    ]
}

#[test]
fn the_model_loads_once_with_every_constructor() {
    let m = Model::load().unwrap();
    let stats = m.stats().clone();
    assert!(
        stats.files.iter().any(|f| f == "Cedar/Data.cdr"),
        "{stats:?}"
    );
    assert!(stats.declarations > 20, "{stats:?}");
    // A second model shares the first one's checked environment.
    let again = Model::load().unwrap();
    assert!(std::ptr::eq(m.loaded, again.loaded));
}

/// Every converted datum, read back as a kernel term, has the type `Data.cdr` gives it:
/// the evaluator values are well-formed data of the model.
#[test]
fn converted_data_is_well_typed() {
    let mut fresh = load::load().unwrap();
    let ctors = fresh.ctors.clone();
    let tm = ToModel { c: &ctors };
    let (ps, es, req) = docs_inputs();
    let mut data: Vec<(&str, V)> = Vec::new();
    for v in sample_values() {
        data.push(("Cedar.Value", tm.value(&v).unwrap()));
    }
    for p in parse_policies(EVERY_OPERATOR)
        .unwrap()
        .iter()
        .chain(ps.policies())
    {
        data.push(("Cedar.Policy", tm.policy(p).unwrap()));
    }
    for t in ps.templates() {
        data.push(("Cedar.Policy", tm.policy(t).unwrap()));
    }
    for l in ps.links() {
        data.push(("Cedar.Link", tm.link(l).unwrap()));
    }
    data.push(("Cedar.Request", tm.request(&req).unwrap()));
    let entities = tm.entities(&es).unwrap();
    let env = &mut fresh.env;
    let ety = {
        let s = env.store_mut();
        let list = s.cnst("List", vec![cedrus_kernel::Level::zero()]);
        let prod = s.cnst(
            "Prod",
            vec![cedrus_kernel::Level::zero(), cedrus_kernel::Level::zero()],
        );
        let uid = s.cnst("Cedar.EntityUID", vec![]);
        let ed = s.cnst("Cedar.EntityData", vec![]);
        let pair = s.apps(prod, &[uid, ed]);
        s.app(list, pair)
    };
    let mut typed = vec![(entities, ety)];
    for (ty, v) in data {
        let t = env.store_mut().cnst(ty, vec![]);
        typed.push((v, t));
    }
    for (v, ty) in typed {
        let e = v
            .to_expr(env, ty)
            .unwrap_or_else(|err| panic!("{v}: {err}"));
        let mut tc = env.type_checker(Name::new("_test"), Vec::new());
        let inferred = tc.check(e).unwrap_or_else(|err| panic!("{v}: {err}"));
        assert!(tc.is_def_eq(inferred, ty).unwrap(), "{v}");
    }
}

/// Arbitrary policies and templates (every expression form and operator) convert to
/// well-typed `Cedar.Policy` data.
#[test]
fn arbitrary_policies_convert_to_well_typed_data() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut fresh = load::load().unwrap();
    let ctors = fresh.ctors.clone();
    let tm = ToModel { c: &ctors };
    let strategy = cedrus_policy::arbitrary::policy(4);
    let mut runner = TestRunner::deterministic();
    for _ in 0..128 {
        let p = strategy.new_tree(&mut runner).unwrap().current();
        let v = tm.policy(&p).unwrap_or_else(|e| panic!("{p:?}: {e}"));
        let env = &mut fresh.env;
        let ty = env.store_mut().cnst("Cedar.Policy", vec![]);
        let e = v
            .to_expr(env, ty)
            .unwrap_or_else(|err| panic!("{v}: {err}"));
        let mut tc = env.type_checker(Name::new("_test"), Vec::new());
        let inferred = tc.check(e).unwrap_or_else(|err| panic!("{v}: {err}"));
        assert!(tc.is_def_eq(inferred, ty).unwrap(), "{v}");
    }
}

fn expr_of(text: &str) -> cedrus_policy::ast::Expr {
    let p = format!("permit(principal, action, resource) when {{ {text} }};");
    let mut ps = parse_policies(&p).unwrap();
    ps.remove(0).conditions.remove(0).body
}

#[test]
fn derived_operators_are_desugared() {
    let m = Model::load().unwrap();
    let tm = m.to_model();
    let same = |a: &str, b: &str| {
        let (x, y) = (tm.expr(&expr_of(a)).unwrap(), tm.expr(&expr_of(b)).unwrap());
        assert_eq!(x.to_string(), y.to_string(), "{a} vs {b}");
    };
    same("1 > principal", "principal < 1");
    same("1 >= principal", "principal <= 1");
    same("1 != principal", "!(1 == principal)");
    same(
        "principal is User in Team::\"t\"",
        "principal is User && principal in Team::\"t\"",
    );
    same("context[\"a\"]", "context.a");
    same("context has \"a\"", "context has a");
    same("context has a.b", "context has a && context.a has b");
    let (x, y) = (
        tm.expr(&expr_of("1 < 2")).unwrap(),
        tm.expr(&expr_of("2 < 1")).unwrap(),
    );
    assert_ne!(x.to_string(), y.to_string());
}

#[test]
fn bad_inputs_are_errors() {
    let m = Model::load().unwrap();
    let tm = m.to_model();
    let slot = cedrus_policy::ast::Expr::new(cedrus_policy::ast::ExprKind::Slot(
        cedrus_policy::ast::SlotId::Principal,
    ));
    assert!(matches!(tm.expr(&slot), Err(SpecError::Unsupported(_))));
    let mut deep = Value::Long(1);
    for _ in 0..=MAX_DEPTH + 1 {
        deep = Value::set([deep]);
    }
    assert!(matches!(tm.value(&deep), Err(SpecError::Unsupported(_))));
    assert!(matches!(
        from_model::value(&V::nat(3)),
        Err(SpecError::Shape(_))
    ));
}

#[test]
fn sample_values_round_trip() {
    let m = Model::load().unwrap();
    let tm = m.to_model();
    for v in sample_values() {
        let back = from_model::value(&tm.value(&v).unwrap()).unwrap();
        assert_eq!(back, v);
    }
    let u = uid("A::B", "x\ny");
    assert_eq!(from_model::uid(&tm.uid(&u).unwrap()).unwrap(), u);
}

fn arb_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::Long),
        ".{0,6}".prop_map(Value::string),
        ("[A-Z][a-z]{0,3}", ".{0,4}").prop_map(|(t, id)| Value::Entity(uid(&t, &id))),
        any::<i64>().prop_map(|d| Value::Ext(Arc::new(ExtValue::Decimal(d)))),
        (any::<u32>(), 0u8..=32)
            .prop_map(|(a, p)| Value::Ext(Arc::new(ExtValue::Ip(IpNet::V4(a, p))))),
        (any::<u128>(), 0u8..=128)
            .prop_map(|(a, p)| Value::Ext(Arc::new(ExtValue::Ip(IpNet::V6(a, p))))),
        any::<i64>().prop_map(|d| Value::Ext(Arc::new(ExtValue::Datetime(d)))),
        any::<i64>().prop_map(|d| Value::Ext(Arc::new(ExtValue::Duration(d)))),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::set),
            prop::collection::btree_map("[a-z]{0,3}", inner, 0..4)
                .prop_map(|m: BTreeMap<String, Value>| Value::record(m)),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Production value → model value → production value is the identity.
    #[test]
    fn values_round_trip(v in arb_value()) {
        let m = Model::load().unwrap();
        let tm = m.to_model();
        let back = from_model::value(&tm.value(&v).unwrap()).unwrap();
        prop_assert_eq!(back, v);
    }

    /// Model responses read back with their sets of ids.
    #[test]
    fn responses_read_back(allow in any::<bool>(), det in prop::collection::btree_set("[a-z]{1,3}", 0..4),
                           err in prop::collection::btree_set("[a-z]{1,3}", 0..4)) {
        let m = Model::load().unwrap();
        let c = &m.loaded.ctors;
        let ids = |s: &BTreeSet<String>| c.list(s.iter().map(|x| V::string(x)).collect()).unwrap();
        // `Cedar.Response.mk` is built by name: it is not among the conversions' inputs.
        let dec = V::ctor(
            if allow { "Cedar.Decision.allow" } else { "Cedar.Decision.deny" },
            if allow { 0 } else { 1 },
            vec![],
        );
        let r = V::ctor("Cedar.Response.mk", 0, vec![dec, ids(&det), ids(&err)]);
        let back = from_model::response(&r).unwrap();
        prop_assert_eq!(back.decision, if allow { Decision::Allow } else { Decision::Deny });
        prop_assert_eq!(back.determining, det);
        prop_assert_eq!(back.erroring, err);
    }
}
