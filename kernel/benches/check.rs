//! Checking throughput on generated workloads: deep recursor computation, large Nat
//! literals, a wide inductive type, and re-checking an exported library.

use cedrus_kernel::*;
use criterion::{criterion_group, criterion_main, Criterion};

#[path = "../tests/common/mod.rs"]
mod common;
use common::*;

fn base() -> Environment {
    let mut env = Environment::new();
    prelude(&mut env);
    env
}

/// `double n` by the recursor, then a theorem forcing the unary computation of `double n`.
fn deep_recursion(env: &mut Environment, n: u32, tag: usize) {
    let name = format!("double{tag}");
    def(
        env,
        &name,
        &[],
        "(-> Nat Nat)",
        "(fun (n : Nat) (Nat.rec.{1} (fun (x : Nat) Nat) Nat.zero (fun (k : Nat) (ih : Nat) (Nat.succ (Nat.succ ih))) n))",
    )
    .unwrap();
    let stmt = format!("(Eq.{{1}} Nat ({name} {n}) {})", 2 * n);
    thm(
        env,
        &format!("deep{tag}"),
        &[],
        &stmt,
        &format!("(Eq.refl.{{1}} Nat {})", 2 * n),
    )
    .unwrap();
}

fn big_literals(env: &mut Environment, tag: usize) {
    let stmt = "(Eq.{1} Nat (Nat.mod (Nat.pow 3 5000) (Nat.sub (Nat.pow 2 4000) 1)) (Nat.mod (Nat.mul (Nat.pow 3 2500) (Nat.pow 3 2500)) (Nat.sub (Nat.pow 2 4000) 1)))";
    let proof = "(Eq.refl.{1} Nat (Nat.mod (Nat.pow 3 5000) (Nat.sub (Nat.pow 2 4000) 1)))";
    thm(env, &format!("big{tag}"), &[], stmt, proof).unwrap();
}

fn wide_inductive(env: &mut Environment, width: usize, tag: usize) {
    let ty = format!("Wide{tag}");
    let ctors: Vec<(String, String)> = (0..width)
        .map(|i| (format!("{ty}.c{i}"), format!("(-> Nat {ty} {ty})")))
        .chain(std::iter::once((format!("{ty}.leaf"), ty.clone())))
        .collect();
    let ctor_refs: Vec<(&str, &str)> = ctors
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    ind(env, &[], 0, &[(&ty, "Type", &ctor_refs)]).unwrap();
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("kernel-check");
    g.sample_size(10);
    g.bench_function("prelude (Nat built-ins, logic, List, Prod)", |b| {
        b.iter(base)
    });
    g.bench_function("deep recursor computation (unary 2000)", |b| {
        b.iter(|| {
            let mut env = base();
            deep_recursion(&mut env, 2000, 0);
        })
    });
    g.bench_function("large Nat literals (3^5000 mod 2^4000-1)", |b| {
        b.iter(|| {
            let mut env = base();
            big_literals(&mut env, 0);
        })
    });
    g.bench_function("wide inductive (150 constructors)", |b| {
        b.iter(|| {
            let mut env = base();
            wide_inductive(&mut env, 150, 0);
        })
    });
    let mut env = base();
    for i in 0..5 {
        deep_recursion(&mut env, 500, i);
        big_literals(&mut env, i);
        wide_inductive(&mut env, 40, i);
    }
    let text = export::write(&env);
    g.bench_function("re-check exported library", |b| {
        b.iter(|| export::check_file(&text).unwrap())
    });
    g.finish();
}

criterion_group!(check, benches);
criterion_main!(check);
