//! Recursive definitions by equations run from their evaluation terms (direct recursive
//! calls) give the same `#eval` results as their kernel definitions (course-of-values
//! tables), and the evaluator really uses the evaluation terms when given them.

use std::cell::RefCell;
use std::collections::HashMap;

use cedrus_kernel::Name;
use cedrus_lang::driver::{self, Diagnostic};
use cedrus_lang::elab::Elaborator;
use cedrus_lang::eval::Evaluator;
use proptest::prelude::*;

/// The recursive functions of the integration tests.
const FUNCTIONS: &str = "\
def append (xs ys : List α) : List α :=
  match xs with
  | [] => ys
  | x :: xs => x :: append xs ys
def len : List Nat → Nat → Nat
  | [], acc => acc
  | _ :: xs, acc => len xs (acc + 1)
def myMap (f : α → β) : List α → List β
  | [] => []
  | x :: xs => f x :: myMap f xs
mutual
def isEven : Nat → Bool
  | 0 => true
  | n + 1 => isOdd n
def isOdd : Nat → Bool
  | 0 => false
  | n + 1 => isEven n
end
inductive Tree where
  | node : Nat → List Tree → Tree
mutual
def Tree.size : Tree → Nat
  | .node _ ts => 1 + sizes ts
def sizes : List Tree → Nat
  | [] => 0
  | t :: ts => t.size + sizes ts
end
def fib : Nat → Nat
  | 0 => 0
  | 1 => 1
  | n + 2 => fib n + fib (n + 1)
def zipSum : List Nat → List Nat → List Nat
  | x :: xs, y :: ys => (x + y) :: zipSum xs ys
  | _, _ => []
def pairs : List Nat → List Nat
  | x :: y :: rest => (x + y) :: pairs rest
  | _ => []
";

fn show(ds: &[Diagnostic]) -> String {
    ds.iter()
        .map(|d| d.rendered.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The prelude plus [`FUNCTIONS`].
fn elaborator() -> Elaborator {
    let mut e = driver::new_elaborator(true).unwrap_or_else(|d| panic!("prelude: {}", show(&d)));
    if let Err(d) = driver::elab_source(&mut e, "functions.cdr", FUNCTIONS) {
        panic!("{}", show(&d));
    }
    e
}

/// `expr` evaluated from the evaluation terms, then from the kernel definitions.
fn both_ways(e: &mut Elaborator, expr: &str) -> (Result<String, String>, Result<String, String>) {
    let fast = driver::eval_expr(e, expr).map_err(|d| d.rendered);
    let code = std::mem::take(&mut e.eval_code);
    let slow = driver::eval_expr(e, expr).map_err(|d| d.rendered);
    e.eval_code = code;
    (fast, slow)
}

#[test]
fn recursive_definitions_get_evaluation_terms_with_direct_calls() {
    let e = elaborator();
    for f in [
        "append",
        "len",
        "myMap",
        "isEven",
        "isOdd",
        "Tree.size",
        "sizes",
        "fib",
        "zipSum",
        "pairs",
    ] {
        let n = Name::new(f);
        let Some(&code) = e.eval_code.get(&n) else {
            panic!("no evaluation term for `{f}`");
        };
        let s = e.env.store();
        assert!(
            !s.has_fvar(code) && s.loose_range(code) == 0,
            "`{f}`: open term"
        );
        let value = e.env.get(&n).and_then(|c| c.value());
        assert_ne!(value, Some(code), "`{f}`: the kernel value itself");
        // The mutual siblings call each other directly.
        let callee = match f {
            "isEven" => "isOdd",
            "isOdd" => "isEven",
            "Tree.size" => "sizes",
            _ => f,
        };
        assert!(
            s.mentions_const(code, &Name::new(callee)),
            "`{f}` does not call `{callee}` directly"
        );
    }
    // Non-recursive definitions run their kernel value, which is already the tree.
    assert!(!e.eval_code.contains_key(&Name::new("List.head?")));
}

#[test]
fn results_agree_with_and_without_evaluation_terms() {
    let mut e = elaborator();
    let cases = [
        ("append [1, 2] [3]", "[1, 2, 3]"),
        ("len [5, 6, 7] 0", "3"),
        ("myMap (fun x => x * 3) [1, 2, 3]", "[3, 6, 9]"),
        ("isEven 10", "true"),
        ("isOdd 7", "true"),
        ("isOdd 4", "false"),
        (
            "(Tree.node 1 [Tree.node 2 [], Tree.node 3 [Tree.node 4 []]]).size",
            "4",
        ),
        ("fib 15", "610"),
        ("zipSum [1, 2, 3] [10, 20]", "[11, 22]"),
        ("pairs [1, 2, 3, 4, 5]", "[3, 7]"),
        ("[1, 2, 3].zip [\"a\", \"b\"]", "[(1, \"a\"), (2, \"b\")]"),
        ("[1, 2, 3].length", "3"),
        ("[1, 2].append [3]", "[1, 2, 3]"),
        ("[1, 2, 3].map (fun x => x + 1)", "[2, 3, 4]"),
        ("[1, 2, 3].reverse", "[3, 2, 1]"),
    ];
    for (expr, expected) in cases {
        let (fast, slow) = both_ways(&mut e, expr);
        assert_eq!(fast.as_deref(), Ok(expected), "{expr}");
        assert_eq!(fast, slow, "{expr}");
    }
}

#[test]
fn deep_direct_recursion_runs_and_too_deep_recursion_is_an_error() {
    let mut e = elaborator();
    let (fast, slow) = both_ways(&mut e, "(append (List.replicate 50000 1) [2]).length");
    assert_eq!(fast.as_deref(), Ok("50001"));
    assert_eq!(fast, slow);
    let config = cedrus_lang::eval::EvalConfig {
        max_depth: 1000,
        ..Default::default()
    };
    // `append` is not tail recursive: each element costs frames.
    assert!(e.env.get(&Name::new("List.replicate")).is_some());
    let deep = {
        let s = e.env.store_mut();
        let nat = s.cnst("Nat", vec![]);
        let rep = s.cnst("List.replicate", vec![cedrus_kernel::Level::zero()]);
        let (n, one) = (s.nat(100_000u64), s.nat(1u32));
        let xs = s.apps(rep, &[nat, n, one]);
        let app = s.cnst("append", vec![cedrus_kernel::Level::zero()]);
        s.apps(app, &[nat, xs, xs])
    };
    let mut ev = Evaluator::with_config(&e.env, config).with_overrides(&e.eval_code);
    match ev.eval(deep) {
        Err(cedrus_lang::eval::EvalError::StackOverflow { .. }) => {}
        other => panic!("expected a stack overflow, got {other:?}"),
    }
    // Direct tail calls (`isEven n = isOdd (n - 1)`) push no frame.
    let s = e.env.store_mut();
    let n = s.nat(100_000u64);
    let f = s.cnst("isEven", vec![]);
    let call = s.app(f, n);
    let mut ev = Evaluator::with_config(&e.env, config).with_overrides(&e.eval_code);
    assert_eq!(ev.eval(call).map(|v| v.to_string()), Ok("true".to_string()));
}

#[test]
fn the_evaluator_runs_an_override_instead_of_the_kernel_value() {
    let mut e = elaborator();
    if let Err(d) = driver::elab_source(&mut e, "c.cdr", "def c : Nat := 1\n") {
        panic!("{}", show(&d));
    }
    let s = e.env.store_mut();
    let two = s.nat(2u32);
    let c = s.cnst("c", vec![]);
    let mut overrides = HashMap::new();
    overrides.insert(Name::new("c"), two);
    // Names that are not definitions (here a constructor) are ignored.
    overrides.insert(Name::new("Nat.succ"), two);
    let succ_one = {
        let s = e.env.store_mut();
        let succ = s.cnst("Nat.succ", vec![]);
        s.app(succ, c)
    };
    let mut ev = Evaluator::new(&e.env).with_overrides(&overrides);
    assert_eq!(ev.eval(c).map(|v| v.to_string()), Ok("2".to_string()));
    assert_eq!(
        ev.eval(succ_one).map(|v| v.to_string()),
        Ok("3".to_string())
    );
    let mut plain = Evaluator::new(&e.env);
    assert_eq!(plain.eval(c).map(|v| v.to_string()), Ok("1".to_string()));
}

thread_local! {
    /// One elaborator per test thread (elaborating the prelude is the slow part).
    static ELAB: RefCell<Option<Elaborator>> = const { RefCell::new(None) };
}

/// `expr` both ways, on the thread's elaborator.
fn both(expr: &str) -> (Result<String, String>, Result<String, String>) {
    ELAB.with(|cell| {
        let mut slot = cell.borrow_mut();
        let e = slot.get_or_insert_with(elaborator);
        both_ways(e, expr)
    })
}

/// A list literal, typed so that `[]` elaborates.
fn typed(xs: &[u64]) -> String {
    let items: Vec<String> = xs.iter().map(u64::to_string).collect();
    format!("([{}] : List Nat)", items.join(", "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn evaluation_terms_agree_with_kernel_definitions_on_random_lists(
        xs in proptest::collection::vec(0u64..1000, 0..14),
        ys in proptest::collection::vec(0u64..1000, 0..8),
        k in 0u64..30,
    ) {
        let (sx, sy) = (typed(&xs), typed(&ys));
        for expr in [
            format!("append {sx} {sy}"),
            format!("len {sx} {k}"),
            format!("myMap (fun x => x + {k}) {sx}"),
            format!("zipSum {sx} {sy}"),
            format!("pairs {sx}"),
            format!("List.zip {sx} {sy}"),
            format!("{sx}.length"),
            format!("{sx}.reverse"),
            format!("{sx}.map (fun x => x * 2)"),
            format!("{sx}.filter (fun x => decide (x < 500))"),
            format!("({sx}.foldl (fun a x => a + x) 0, {sx}.foldr (fun x a => x + a) {k})"),
            format!("(isEven {k}, isOdd {k}, fib {k})"),
        ] {
            let (fast, slow) = both(&expr);
            prop_assert!(fast.is_ok(), "{}: {:?}", expr, fast);
            prop_assert_eq!(fast, slow, "{}", expr);
        }
    }
}
