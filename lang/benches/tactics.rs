//! Tactic proofs through the whole pipeline: the time to load the prelude and check each
//! proof file of `tests/tactics` (its `by` blocks run and their terms kernel-checked).

use std::path::{Path, PathBuf};

use cedrus_lang::driver::{self, Options};
use criterion::{criterion_group, criterion_main, Criterion};

fn proof_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tactics");
    let mut out: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "cdr"))
            .collect(),
        Err(e) => panic!("{}: {e}", dir.display()),
    };
    out.sort();
    out
}

fn check_proofs(c: &mut Criterion) {
    let mut g = c.benchmark_group("tactics");
    g.sample_size(10);
    for f in proof_files() {
        let name = f
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        g.bench_function(format!("prelude_and_{name}"), |b| {
            b.iter(|| {
                let r = driver::check_paths(std::slice::from_ref(&f), &Options::default());
                assert!(r.is_ok(), "{} does not check", f.display());
            })
        });
    }
    g.finish();
}

criterion_group!(benches, check_proofs);
criterion_main!(benches);
