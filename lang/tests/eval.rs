//! The evaluator through its public API only, on the kernel's test library.

use cedrus_kernel::*;
use cedrus_lang::eval::{EvalConfig, EvalError, Evaluator, Value};

#[path = "../../kernel/tests/common/mod.rs"]
mod common;
use common::*;

fn library() -> Environment {
    let mut env = Environment::new();
    prelude(&mut env);
    def(
        &mut env,
        "List.length",
        &["u"],
        "(pi (α : Type.{u}) (-> (List.{u} α) Nat))",
        "(fun (α : Type.{u}) (xs : (List.{u} α))
           (List.rec.{1,u} α (fun (l : (List.{u} α)) Nat) 0
              (fun (x : α) (t : (List.{u} α)) (ih : Nat) (Nat.succ ih)) xs))",
    )
    .expect("length");
    def(
        &mut env,
        "List.range",
        &[],
        "(-> Nat (List.{0} Nat))",
        "(fun (n : Nat) (Nat.rec.{1} (fun (k : Nat) (List.{0} Nat)) (List.nil.{0} Nat)
            (fun (k : Nat) (ih : (List.{0} Nat)) (List.cons.{0} Nat k ih)) n))",
    )
    .expect("range");
    env
}

#[test]
fn evaluates_prints_and_reads_back() {
    let mut env = library();
    let e = term(env.store_mut(), "(List.range 4)");
    let v = Evaluator::new(&env).eval(e).expect("evaluates");
    assert_eq!(v.to_string(), "[3, 2, 1, 0]");
    let items: Vec<u64> = v
        .list_items()
        .expect("a list")
        .iter()
        .filter_map(|x| x.as_u64())
        .collect();
    assert_eq!(items, [3, 2, 1, 0]);
    let ty = term(env.store_mut(), "(List.{0} Nat)");
    let back = v.to_expr(&mut env, ty).expect("first-order");
    let want = term(
        env.store_mut(),
        "(List.cons.{0} Nat 3 (List.cons.{0} Nat 2 (List.cons.{0} Nat 1 (List.cons.{0} Nat 0 (List.nil.{0} Nat)))))",
    );
    assert_eq!(back, want);
}

#[test]
fn rust_values_in_and_out() {
    let env = library();
    let mut ev = Evaluator::new(&env);
    let xs = ev.list(vec![Value::nat(5), Value::nat(6)]).expect("list");
    let n = ev
        .eval_const("List.length", &[Value::Erased, xs])
        .expect("evaluates");
    assert_eq!(n.as_u64(), Some(2));
    let pair = ev
        .ctor("Prod.mk", vec![Value::nat(1), Value::nat(2)])
        .expect("pair");
    assert_eq!(pair.to_string(), "(1, 2)");
    assert_eq!(pair.ctor_name().map(Name::as_str), Some("Prod.mk"));
    assert_eq!(pair.fields().count(), 2);
}

#[test]
fn limits_give_errors() {
    let mut env = library();
    let e = term(env.store_mut(), "(List.length.{0} Nat (List.range 100000))");
    let config = EvalConfig {
        max_depth: 10_000,
        ..EvalConfig::default()
    };
    let err = Evaluator::with_config(&env, config).eval(e).unwrap_err();
    assert!(matches!(err, EvalError::StackOverflow { .. }), "{err}");
    let v = Evaluator::new(&env)
        .eval(e)
        .expect("within the default limits");
    assert_eq!(v.as_u64(), Some(100_000));
}
