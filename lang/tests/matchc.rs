//! Pattern-match compilation: non-recursive matching, coverage errors, `casesOn`.

mod matchc_util;

use cedrus_kernel::*;
use cedrus_lang::matchc::{compile, ensure_cases_on, MatchError};
use matchc_util::*;

#[test]
fn nat_pred_by_literal_and_successor_patterns() {
    let mut env = lib();
    let d = eqn_def(
        &mut env,
        "Nat.pred",
        &[],
        "(-> Nat Nat)",
        &[
            E("", vec![P::L(0)], "0"),
            E("(n : Nat)", vec![succ(P::V("n"))], "n"),
        ],
    );
    let out = compile(&mut env, &[d]).unwrap();
    assert_eq!(out[0].equation_lemmas.len(), 2);
    assert!(out[0].unproved_equations.is_empty());
    assert_eq!(out[0].decreasing, None);
    check_eq(&mut env, "p5", "Nat", "(Nat.pred 5)", "4");
    check_eq(&mut env, "p0", "Nat", "(Nat.pred 0)", "0");
    refute_eq(&mut env, "p5bad", "Nat", "(Nat.pred 5)", "5");
    assert!(env.get(&Name::new("Nat.casesOn")).is_some());
    assert!(env.get(&Name::new("Nat.pred.eq_2")).is_some());
}
