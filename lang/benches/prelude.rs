//! The prelude through the whole pipeline: time to parse, elaborate and kernel-check
//! it, and `#eval` throughput of list functions defined by equations in it (run by the
//! evaluator on the elaborated environment).

use cedrus_lang::driver;
use cedrus_lang::elab::Elaborator;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

fn elaborator() -> Elaborator {
    match driver::new_elaborator(true) {
        Ok(e) => e,
        Err(d) => panic!("the prelude does not check: {d:?}"),
    }
}

fn load_prelude(c: &mut Criterion) {
    let mut g = c.benchmark_group("prelude");
    g.sample_size(10);
    g.bench_function("elaborate_and_check", |b| b.iter(elaborator));
    g.finish();
}

fn eval_list_functions(c: &mut Criterion) {
    let mut e = elaborator();
    let mut g = c.benchmark_group("eval");
    g.sample_size(10);
    for n in [1_000u32, 10_000] {
        let expr =
            format!("((List.replicate {n} 3).map (fun x => x * 2)).foldl (fun a x => a + x) 0");
        let expected = (6 * u64::from(n)).to_string();
        g.bench_with_input(BenchmarkId::new("map_foldl", n), &expr, |b, expr| {
            b.iter(|| {
                let out = driver::eval_expr(&mut e, expr);
                assert_eq!(out.as_deref().ok(), Some(expected.as_str()));
            })
        });
        let expr = format!("(List.replicate {n} 1).reverse.length");
        let expected = n.to_string();
        g.bench_with_input(BenchmarkId::new("reverse_length", n), &expr, |b, expr| {
            b.iter(|| {
                let out = driver::eval_expr(&mut e, expr);
                assert_eq!(out.as_deref().ok(), Some(expected.as_str()));
            })
        });
    }
    g.finish();
}

criterion_group!(benches, load_prelude, eval_list_functions);
criterion_main!(benches);
