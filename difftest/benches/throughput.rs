//! Difftest throughput: cases per second per generator, for the production engine
//! against its JSON round trip, against the executable model, and against upstream
//! `cedar-policy` with `--features cedar-oracle`.
//!
//! `cargo bench -p cedrus-difftest --bench throughput [--features cedar-oracle]`

use std::time::Instant;

use cedrus_difftest::gen::Generator;
use cedrus_difftest::oracle::{Model, Oracle, Production, RoundTrip};
use cedrus_difftest::runner::{run, RunConfig};
use criterion::{Criterion, Throughput};

/// Cases per measured batch.
const BATCH: u64 = 200;

/// Makes a fresh set of oracles, the production engine first.
type MakeOracles = fn() -> Vec<Box<dyn Oracle>>;

fn oracle_sets() -> Vec<(&'static str, MakeOracles)> {
    let mut sets: Vec<(&'static str, MakeOracles)> = vec![("roundtrip", || {
        vec![Box::new(Production::new()), Box::new(RoundTrip::new())]
    })];
    if Model::new().is_ok() {
        sets.push(("model", || {
            let mut v: Vec<Box<dyn Oracle>> = vec![Box::new(Production::new())];
            v.extend(Model::new().ok().map(|m| Box::new(m) as Box<dyn Oracle>));
            v
        }));
    }
    if cedrus_difftest::HAS_CEDAR_ORACLE {
        sets.push(("cedar", || {
            let mut v: Vec<Box<dyn Oracle>> = vec![Box::new(Production::new())];
            v.extend(cedrus_difftest::cedar_oracle());
            v
        }));
    }
    sets
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    let mut summary = Vec::new();
    for g in Generator::ALL {
        let mut group = criterion.benchmark_group(format!("difftest/{g}"));
        group.throughput(Throughput::Elements(BATCH));
        for (name, make) in oracle_sets() {
            let mut oracles = make();
            let cfg = RunConfig::new(g, BATCH, 1);
            group.bench_function(name, |b| b.iter(|| run(&cfg, &mut oracles, &mut |_| {})));
            let start = Instant::now();
            let r = run(&RunConfig::new(g, 1_000, 2), &mut oracles, &mut |_| {});
            summary.push((g, name, r.cases as f64 / start.elapsed().as_secs_f64()));
        }
        group.finish();
    }
    println!("\ndifftest throughput (cases per second):");
    for (g, name, rate) in summary {
        println!("  {g:<6} vs {name:<10} {rate:>10.0}");
    }
}
