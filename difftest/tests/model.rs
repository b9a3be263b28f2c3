//! A bounded run of the production engine against the executable model over the three
//! generators: they must agree on every case.

use cedrus_difftest::oracle::{Model, Oracle, Production};
use cedrus_difftest::runner::{run, RunConfig};
use cedrus_difftest::Generator;

/// Cases per generator.
const CASES: u64 = 1_000;

#[test]
fn the_engine_and_the_model_agree_on_bounded_runs() {
    let mut failures = Vec::new();
    for g in Generator::ALL {
        let mut oracles: Vec<Box<dyn Oracle>> = vec![
            Box::new(Production::new()),
            Box::new(Model::new().expect("the model loads")),
        ];
        let mut cfg = RunConfig::new(g, CASES, 11);
        cfg.shrink_budget = 200;
        cfg.max_mismatches = 3;
        let report = run(&cfg, &mut oracles, &mut |_| {});
        eprintln!(
            "{g}: {} cases, {:.0} cases/s, {} mismatches",
            report.cases,
            report.throughput(),
            report.mismatches.len()
        );
        for m in &report.mismatches {
            failures.push(format!(
                "{g} case {}:\n{}\n{}",
                m.index, m.case.policies, m.summary
            ));
        }
        if report.mismatches.is_empty() {
            assert_eq!(report.cases, CASES, "{g}: stopped early");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
