//! Property tests: prelude functions defined by equations, run by `#eval` through the
//! elaborator, agree with the same functions computed in Rust.

use std::cell::RefCell;

use cedrus_lang::driver;
use cedrus_lang::elab::Elaborator;
use proptest::prelude::*;

thread_local! {
    /// One elaborated prelude per test thread (elaborating it is the slow part).
    static PRELUDE: RefCell<Option<Elaborator>> = const { RefCell::new(None) };
}

/// Evaluates `expr` after the prelude.
fn eval(expr: &str) -> Result<String, TestCaseError> {
    PRELUDE.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let e =
                driver::new_elaborator(true).map_err(|d| TestCaseError::fail(format!("{d:?}")))?;
            *slot = Some(e);
        }
        match slot.as_mut() {
            Some(e) => driver::eval_expr(e, expr).map_err(|d| TestCaseError::fail(d.rendered)),
            None => Err(TestCaseError::fail("no elaborator")),
        }
    })
}

/// A list as Lean prints it.
fn show(xs: &[u64]) -> String {
    let items: Vec<String> = xs.iter().map(u64::to_string).collect();
    format!("[{}]", items.join(", "))
}

/// A list literal, typed so that `[]` elaborates.
fn typed(xs: &[u64]) -> String {
    format!("({} : List Nat)", show(xs))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn list_functions_agree_with_rust(
        xs in proptest::collection::vec(0u64..1000, 0..12),
        ys in proptest::collection::vec(0u64..1000, 0..6),
        k in 0u64..1000,
    ) {
        let (sx, sy) = (typed(&xs), typed(&ys));
        let rev: Vec<u64> = xs.iter().rev().copied().collect();
        prop_assert_eq!(eval(&format!("List.reverse {sx}"))?, show(&rev));
        let app: Vec<u64> = xs.iter().chain(&ys).copied().collect();
        prop_assert_eq!(eval(&format!("List.append {sx} {sy}"))?, show(&app));
        let mapped: Vec<u64> = xs.iter().map(|x| x * 2 + k).collect();
        prop_assert_eq!(eval(&format!("{sx}.map (fun x => x * 2 + {k})"))?, show(&mapped));
        let kept: Vec<u64> = xs.iter().copied().filter(|&x| x < k).collect();
        prop_assert_eq!(eval(&format!("{sx}.filter (fun x => decide (x < {k}))"))?, show(&kept));
        let sum: u64 = xs.iter().sum();
        prop_assert_eq!(eval(&format!("{sx}.foldl (· + ·) 0"))?, sum.to_string());
        prop_assert_eq!(eval(&format!("{sx}.elem {k}"))?, xs.contains(&k).to_string());
        let m = xs.iter().copied().fold(k, u64::min);
        prop_assert_eq!(eval(&format!("{sx}.foldl min {k}"))?, m.to_string());
        prop_assert_eq!(eval(&format!("{sx} == {sy}"))?, (xs == ys).to_string());
    }
}
