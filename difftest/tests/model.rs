//! A bounded run of the production engine against the executable model over the three
//! generators: they must agree on every case.

use cedrus_difftest::oracle::{Model, Oracle, Production};
use cedrus_difftest::runner::{run, RunConfig};
use cedrus_difftest::Generator;

mod common;
use common::{model_has_extensions, uses_extensions};

/// Cases per generator.
const CASES: u64 = 1_000;

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
