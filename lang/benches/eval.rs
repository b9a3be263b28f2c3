//! The evaluator against kernel reduction on a list computation: the length of a list
//! built by `List.replicate`, both defined through recursors. The kernel side checks
//! `length (replicate n 1) = n` by `rfl`, which forces the same computation by
//! reduction.

use cedrus_kernel::*;
use cedrus_lang::eval::Evaluator;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

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
        "List.replicate",
        &["u"],
        "(pi (α : Type.{u}) (-> Nat α (List.{u} α)))",
        "(fun (α : Type.{u}) (n : Nat) (x : α)
           (Nat.rec.{u+1} (fun (k : Nat) (List.{u} α)) (List.nil.{u} α)
              (fun (k : Nat) (ih : (List.{u} α)) (List.cons.{u} α x ih)) n))",
    )
    .expect("replicate");
    env
}

fn length_of_replicate(c: &mut Criterion) {
    let mut env = library();
    let mut group = c.benchmark_group("length_of_replicate");
    for n in [100u32, 1000] {
        let src = format!("(List.length.{{0}} Nat (List.replicate.{{0}} Nat {n} 1))");
        let e = term(env.store_mut(), &src);
        group.bench_with_input(BenchmarkId::new("evaluator", n), &e, |b, &e| {
            b.iter(|| Evaluator::new(&env).eval(e).expect("evaluates"))
        });
        let mut tag = 0usize;
        group.bench_with_input(BenchmarkId::new("kernel_rfl", n), &src, |b, src| {
            b.iter(|| {
                tag += 1;
                thm(
                    &mut env,
                    &format!("len{n}_{tag}"),
                    &[],
                    &format!("(Eq.{{1}} Nat {src} {n})"),
                    &format!("(Eq.refl.{{1}} Nat {n})"),
                )
                .expect("kernel agrees")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, length_of_replicate);
criterion_main!(benches);
