//! Property tests: coverage and first-match semantics against a brute-force oracle, and
//! compiled recursive functions against Rust on random inputs (checked by the kernel).

mod matchc_util;

use cedrus_lang::matchc::{compile, MatchError};
use matchc_util::*;
use proptest::prelude::*;

/// A pattern over `Bool`: `Some(b)` a constructor, `None` a variable.
type BoolPat = Option<bool>;

fn bool_pat(p: BoolPat, var: &'static str) -> P {
    match p {
        Some(true) => P::C("Bool.true", "", vec![], vec![]),
        Some(false) => P::C("Bool.false", "", vec![], vec![]),
        None => P::V(var),
    }
}

fn matches(p: BoolPat, v: bool) -> bool {
    p.is_none_or(|b| b == v)
}

const RHS: [&str; 6] = ["0", "1", "2", "3", "4", "5"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn bool_matches_follow_first_match_semantics(
        eqs in prop::collection::vec((prop::option::of(any::<bool>()), prop::option::of(any::<bool>())), 1..6)
    ) {
        let mut env = lib();
        let equations: Vec<E> = eqs
            .iter()
            .enumerate()
            .map(|(i, &(a, b))| {
                let binders = match (a, b) {
                    (None, None) => "(x : Bool) (y : Bool)",
                    (None, Some(_)) => "(x : Bool)",
                    (Some(_), None) => "(y : Bool)",
                    _ => "",
                };
                E(binders, vec![bool_pat(a, "x"), bool_pat(b, "y")], RHS[i])
            })
            .collect();
        let d = eqn_def(&mut env, "f", &[], "(-> Bool Bool Nat)", &equations);
        let inputs = [(false, false), (false, true), (true, false), (true, true)];
        let first: Vec<Option<usize>> = inputs
            .iter()
            .map(|&(x, y)| eqs.iter().position(|&(a, b)| matches(a, x) && matches(b, y)))
            .collect();
        let result = compile(&mut env, &[d]);
        if first.iter().any(Option::is_none) {
            let missing = first.iter().filter(|f| f.is_none()).count();
            match result {
                Err(MatchError::Missing { examples, .. }) => {
                    prop_assert!(!examples.is_empty() && examples.len() <= missing);
                }
                r => prop_assert!(false, "expected missing cases, got {:?}", r.map(|_| ())),
            }
        } else if let Some(unused) = (0..eqs.len()).find(|i| !first.contains(&Some(*i))) {
            match result {
                Err(MatchError::Redundant { equation, .. }) => prop_assert_eq!(equation, unused),
                r => prop_assert!(false, "expected a redundant equation, got {:?}", r.map(|_| ())),
            }
        } else {
            let out = match result {
                Ok(out) => out,
                Err(e) => return Err(TestCaseError::fail(e.to_string())),
            };
            // Every equation has its lemma, or one lemma per case where it is used.
            for i in 0..eqs.len() {
                let direct = format!("f.eq_{}", i + 1);
                let split = format!("f.eq_{}_", i + 1);
                let c = &out[0];
                prop_assert!(
                    c.equation_lemmas.iter().any(|l| l.name.as_str() == direct)
                        || c.case_lemmas.iter().any(|l| l.name.as_str().starts_with(&split)),
                    "no lemma for equation {}", i + 1
                );
            }
            let b = |v: bool| if v { "Bool.true" } else { "Bool.false" };
            for (k, (&(x, y), f)) in inputs.iter().zip(&first).enumerate() {
                let want = RHS[f.unwrap_or(0)];
                check_eq(&mut env, &format!("t{k}"), "Nat", &format!("(f {} {})", b(x), b(y)), want);
            }
        }
    }
}

fn append_def(env: &mut cedrus_kernel::Environment) {
    let d = eqn_def(
        env,
        "app",
        &[],
        "(-> (List.{0} Nat) (List.{0} Nat) (List.{0} Nat))",
        &[
            E("(ys : (List.{0} Nat))", vec![nil(), P::V("ys")], "ys"),
            E(
                "(x : Nat) (xs : (List.{0} Nat)) (ys : (List.{0} Nat))",
                vec![cons(P::V("x"), P::V("xs")), P::V("ys")],
                "(List.cons.{0} Nat x (app xs ys))",
            ),
        ],
    );
    compile(env, &[d]).unwrap();
}

fn rev_def(env: &mut cedrus_kernel::Environment) {
    // Reverse with an accumulator: the accumulator grows, the list shrinks.
    let d = eqn_def(
        env,
        "revAcc",
        &[],
        "(-> (List.{0} Nat) (List.{0} Nat) (List.{0} Nat))",
        &[
            E("(acc : (List.{0} Nat))", vec![nil(), P::V("acc")], "acc"),
            E(
                "(x : Nat) (xs : (List.{0} Nat)) (acc : (List.{0} Nat))",
                vec![cons(P::V("x"), P::V("xs")), P::V("acc")],
                "(revAcc xs (List.cons.{0} Nat x acc))",
            ),
        ],
    );
    compile(env, &[d]).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn compiled_list_functions_agree_with_rust(
        xs in prop::collection::vec(0u32..20, 0..5),
        ys in prop::collection::vec(0u32..20, 0..5),
    ) {
        let mut env = lib();
        append_def(&mut env);
        rev_def(&mut env);
        let mut both = xs.clone();
        both.extend(&ys);
        check_eq(&mut env, "a", "(List.{0} Nat)",
            &format!("(app {} {})", nat_list(&xs), nat_list(&ys)), &nat_list(&both));
        let mut r = xs.clone();
        r.reverse();
        r.extend(&ys);
        check_eq(&mut env, "r", "(List.{0} Nat)",
            &format!("(revAcc {} {})", nat_list(&xs), nat_list(&ys)), &nat_list(&r));
        if both != xs {
            refute_eq(&mut env, "a_bad", "(List.{0} Nat)",
                &format!("(app {} {})", nat_list(&xs), nat_list(&ys)), &nat_list(&xs));
        }
    }
}
