//! The prelude through the whole pipeline: time to parse, elaborate and kernel-check
//! it, and `#eval` throughput of list functions defined by equations in it (run by the
//! evaluator on the elaborated environment), running the recursive functions from their
//! equations (`eqns`, the default) or from their kernel definitions through the
//! course-of-values tables (`kernel`, with `Elaborator::eval_code` cleared).

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
    let mut eqns = elaborator();
    let mut kernel = elaborator();
    kernel.eval_code.clear();
    let mut g = c.benchmark_group("eval");
    g.sample_size(10);
    for n in [1_000u32, 10_000] {
        let map_foldl =
            format!("((List.replicate {n} 3).map (fun x => x * 2)).foldl (fun a x => a + x) 0");
        let reverse_length = format!("(List.replicate {n} 1).reverse.length");
        let cases = [
            ("map_foldl", map_foldl, (6 * u64::from(n)).to_string()),
            ("reverse_length", reverse_length, n.to_string()),
        ];
        for (name, expr, expected) in cases {
            for (way, e) in [("eqns", &mut eqns), ("kernel", &mut kernel)] {
                let id = BenchmarkId::new(format!("{name}/{way}"), n);
                g.bench_with_input(id, &expr, |b, expr| {
                    b.iter(|| {
                        let out = driver::eval_expr(e, expr);
                        assert_eq!(out.as_deref().ok(), Some(expected.as_str()));
                    })
                });
            }
        }
    }
    g.finish();
}

criterion_group!(benches, load_prelude, eval_list_functions);
criterion_main!(benches);
