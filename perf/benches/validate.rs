//! Strict validation of the OOPSLA 2024 applications' policies against their schemas:
//! Cedrus side by side with upstream `cedar-policy` (with `--features cedar-oracle`).
//!
//! `cargo bench -p cedrus-perf --bench validate [--features cedar-oracle]`

use std::hint::black_box;
use std::time::Duration;

use cedrus_perf::{default_bench_root, median_latency, print_comparison, time_call, App, APPS};
use cedrus_policy::parser::parse_policies;
use cedrus_policy::schema::Schema;
use cedrus_policy::validator::Validator;
use criterion::Criterion;

#[cfg(feature = "cedar-oracle")]
mod upstream {
    use std::str::FromStr;

    use cedar_policy::{PolicySet, Schema, ValidationMode, Validator};

    /// One app loaded into upstream Cedar.
    pub struct Loaded {
        pub validator: Validator,
        pub policies: PolicySet,
    }

    pub fn load(app: &cedrus_perf::App) -> Loaded {
        let schema = Schema::from_json_str(&app.schema_json).expect("bench schema loads");
        Loaded {
            validator: Validator::new(schema),
            policies: PolicySet::from_str(&app.policies).expect("bench policies parse"),
        }
    }

    pub fn validates(l: &Loaded) -> bool {
        l.validator
            .validate(&l.policies, ValidationMode::Strict)
            .validation_passed()
    }
}

fn main() {
    let root = default_bench_root();
    if !root.is_dir() {
        eprintln!(
            "validate bench: {} is not present; nothing to measure",
            root.display()
        );
        return;
    }
    let mut criterion = Criterion::default().configure_from_args();
    let mut summary = Vec::new();
    for (name, _, _) in APPS {
        let app = App::load(&root, name).expect("bench app loads");
        let schema = Schema::from_json_str(&app.schema_json).expect("bench schema loads");
        let policies = parse_policies(&app.policies).expect("bench policies parse");
        let validator = Validator::new(&schema);
        let valid = validator.validate(&policies).errors.is_empty();
        #[cfg(feature = "cedar-oracle")]
        let theirs = upstream::load(&app);
        #[cfg(feature = "cedar-oracle")]
        if upstream::validates(&theirs) != valid {
            eprintln!("{name}: the validators disagree (cedrus says valid = {valid})");
        }
        eprintln!("{name}: {} policies, valid = {valid}", policies.len());

        let mut group = criterion.benchmark_group(format!("validate/{name}"));
        group.bench_function("cedrus", |b| {
            b.iter(|| black_box(validator.validate(&policies)))
        });
        #[cfg(feature = "cedar-oracle")]
        group.bench_function("cedar-policy", |b| {
            b.iter(|| black_box(upstream::validates(&theirs)))
        });
        group.finish();

        let ours = median_latency(
            (0..200)
                .map(|_| time_call(5, || drop(black_box(validator.validate(&policies)))))
                .collect(),
        );
        #[cfg(feature = "cedar-oracle")]
        let other = Some(median_latency(
            (0..200)
                .map(|_| time_call(5, || drop(black_box(upstream::validates(&theirs)))))
                .collect(),
        ));
        #[cfg(not(feature = "cedar-oracle"))]
        let other: Option<Duration> = None;
        summary.push((*name, ours, other));
    }
    criterion.final_summary();
    // `cargo test --benches` runs this binary without `--bench`, as a smoke test only.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    print_comparison(
        "median time to validate an app's whole policy set",
        &summary,
    );
}
