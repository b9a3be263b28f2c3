//! Positive tests: a small library checked through the Rust API.

mod common;
use cedrus_kernel::*;
use common::*;

#[test]
fn prelude_is_accepted() {
    let mut env = Environment::new();
    prelude(&mut env);
    assert!(env.builtins().nat && env.builtins().bool_);
    assert_eq!(env.builtins().nat_ops.len(), 15);
    let rec = env.get(&Name::new("Nat.rec")).unwrap();
    assert_eq!(rec.lparams.len(), 1);
    assert!(env.get(&Name::new("Eq.rec")).is_some());
}

#[test]
fn two_plus_two_by_reduction() {
    let mut env = Environment::new();
    prelude(&mut env);
    thm(
        &mut env,
        "two_add_two",
        &[],
        "(Eq.{1} Nat (Nat.add 2 2) 4)",
        "(Eq.refl.{1} Nat 4)",
    )
    .unwrap();
    // The same through the unary constructors.
    thm(
        &mut env,
        "two_add_two'",
        &[],
        "(Eq.{1} Nat (Nat.add (Nat.succ (Nat.succ Nat.zero)) 2) (Nat.succ 3))",
        "(Eq.refl.{1} Nat 4)",
    )
    .unwrap();
    let bad = thm(
        &mut env,
        "two_add_two_bad",
        &[],
        "(Eq.{1} Nat (Nat.add 2 2) 5)",
        "(Eq.refl.{1} Nat 4)",
    );
    assert!(
        matches!(bad, Err(KernelError::TypeMismatch { .. })),
        "{bad:?}"
    );
    assert!(env.axioms_of(&Name::new("two_add_two")).is_empty());
}
