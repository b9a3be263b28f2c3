//! The harness can fail: with `<=` deliberately broken in the production engine (the
//! `fault-injection` feature of `cedrus-policy`, switched on here only), a run of the
//! engine against itself with the fault, and the model against it, report a mismatch
//! within 10,000 cases.

use cedrus_difftest::oracle::{Oracle, OracleError, Production};
use cedrus_difftest::runner::{all_agree, outcomes, run, RunConfig};
use cedrus_difftest::{Answer, Case, Generator};
use cedrus_policy::fault::{inject, Fault};

/// The production engine with `<=` evaluated as `<` while it answers.
struct Faulty(Production);

impl Oracle for Faulty {
    fn name(&self) -> &str {
        "cedrus-faulty"
    }

    fn answer(&mut self, case: &Case) -> Result<Answer, OracleError> {
        let _fault = inject(Fault::LessEqIsLess);
        self.0.answer(case)
    }
}

#[test]
fn a_broken_operator_is_reported_within_ten_thousand_cases() {
    let mut oracles: Vec<Box<dyn Oracle>> = vec![
        Box::new(Production::new()),
        Box::new(Faulty(Production::new())),
    ];
    let mut cfg = RunConfig::new(Generator::Abac, 10_000, 1);
    cfg.max_mismatches = 1;
    let report = run(&cfg, &mut oracles, &mut |_| {});
    let m = report
        .mismatches
        .first()
        .expect("the broken `<=` is caught within 10,000 cases");
    assert!(m.summary.contains("cedrus-faulty"), "{}", m.summary);
    // The shrunk case still disagrees and uses `<=`; the fault is off again afterwards.
    assert!(!all_agree(&outcomes(&m.case, &mut oracles)));
    assert!(m.case.policies.contains("<="), "{}", m.case.policies);
    let mut plain: Vec<Box<dyn Oracle>> =
        vec![Box::new(Production::new()), Box::new(Production::new())];
    assert!(all_agree(&outcomes(&m.case, &mut plain)));
}

/// The model, as the reference, catches the engine with the fault too.
#[test]
fn the_model_catches_the_broken_operator() {
    let mut oracles: Vec<Box<dyn Oracle>> = vec![
        Box::new(cedrus_difftest::oracle::Model::new().expect("the model loads")),
        Box::new(Faulty(Production::new())),
    ];
    let mut cfg = RunConfig::new(Generator::Abac, 10_000, 1);
    cfg.max_mismatches = 1;
    cfg.shrink_budget = 300;
    let report = run(&cfg, &mut oracles, &mut |_| {});
    let m = report
        .mismatches
        .first()
        .expect("the model and the broken engine disagree within 10,000 cases");
    assert!(m.summary.contains("model") && m.summary.contains("cedrus-faulty"));
    assert!(m.case.policies.contains("<="), "{}", m.case.policies);
}
