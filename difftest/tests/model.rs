//! A bounded run of the production engine against the executable model over the three
//! generators: they must agree on every case.

use cedrus_difftest::oracle::{Model, Oracle, Production};
use cedrus_difftest::runner::{run, RunConfig};
use cedrus_difftest::Generator;

/// Cases per generator.
const CASES: u64 = 1_000;

/// Whether the model evaluates extension functions yet (`decimal("1.0")` is a value).
fn model_has_extensions() -> bool {
    let text = r#"permit(principal, action, resource) when { decimal("1.0") == decimal("1.0") };"#;
    let policies = cedrus_policy::parser::parse_policies(text).expect("parses");
    let Some(cond) = policies.first().and_then(|p| p.conditions.first()) else {
        return false;
    };
    let req = cedrus_policy::Request::from_json_str(
        r#"{"principal": {"type": "U", "id": "a"}, "action": {"type": "Action", "id": "a"},
            "resource": {"type": "D", "id": "d"}, "context": {}}"#,
    )
    .expect("a request");
    let mut m = cedrus_spec::Model::load().expect("the model loads");
    matches!(
        m.evaluate(&cond.body, &req, &cedrus_policy::Entities::new()),
        Ok(Ok(cedrus_policy::Value::Bool(true)))
    )
}

/// Whether a case's policies call an extension function.
fn uses_extensions(policies: &str) -> bool {
    cedrus_policy::ast::ExtFn::ALL
        .iter()
        .any(|f| policies.contains(&format!("{}(", f.name())))
}

#[test]
fn the_engine_and_the_model_agree_on_bounded_runs() {
    let extensions = model_has_extensions();
    let mut failures = Vec::new();
    for g in Generator::ALL {
        let mut oracles: Vec<Box<dyn Oracle>> = vec![
            Box::new(Production::new()),
            Box::new(Model::new().expect("the model loads")),
        ];
        let mut cfg = RunConfig::new(g, CASES, 11);
        cfg.shrink_budget = 0;
        cfg.max_mismatches = usize::MAX;
        let report = run(&cfg, &mut oracles, &mut |_| {});
        assert_eq!(report.cases, CASES);
        let (skipped, real): (Vec<_>, Vec<_>) = report
            .mismatches
            .iter()
            .partition(|m| !extensions && uses_extensions(&m.case.policies));
        eprintln!(
            "{g}: {} cases, {:.0} cases/s, {} mismatches, {} of them on extension functions \
             the model does not have yet",
            report.cases,
            report.throughput(),
            report.mismatches.len(),
            skipped.len()
        );
        for m in real {
            failures.push(format!(
                "{g} case {}:\n{}\n{}",
                m.index, m.case.policies, m.summary
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
