//! `cedrus verify`: elaborate `.cdr` files (by default the model `spec` and its proofs
//! `proofs`), export the environment, re-check the export with the kernel alone, and
//! report how many theorems were kernel-checked, the axioms they use, and the time taken.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Instant;

use cedrus_kernel::export;
use cedrus_lang::driver::{self, Options};

use super::lang::diagnostics;
use super::{CommandResult, Outcome};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Lean's standard axioms: the only ones a verified theorem may depend on.
pub const STANDARD_AXIOMS: &[&str] = &["propext", "Quot.sound", "Classical.choice"];

/// Arguments of `cedrus verify`.
#[derive(clap::Args, Debug)]
pub struct VerifyArgs {
    /// Files and folders (searched for `*.cdr`); `spec` and `proofs` when none are given.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// Runs `cedrus verify`. Fails when a file does not check (`sorry` included), when the
/// kernel rejects the export, or when a theorem of the given files depends on an axiom
/// other than Lean's standard ones.
pub fn run(args: VerifyArgs) -> CommandResult {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("spec"), PathBuf::from("proofs")]
    } else {
        args.paths
    };
    let report = driver::check_paths(&paths, &Options::default()).map_err(diagnostics)?;
    let elab_time = report.time;
    let ours: BTreeSet<&str> = report.decls.iter().map(|d| d.name.as_str()).collect();

    let start = Instant::now();
    let text = export::write(report.env());
    let checked = export::check_file(&text)
        .map_err(|e| Diagnostic::new(format!("the kernel rejects the export: {e}")))?;
    let kernel_time = start.elapsed();

    let mut own_theorems = 0usize;
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut bad = Vec::new();
    for (name, axioms) in &checked.theorem_axioms {
        if !ours.contains(name.as_str()) {
            continue;
        }
        own_theorems += 1;
        for a in axioms {
            used.insert(a.to_string());
            if !STANDARD_AXIOMS.contains(&a.as_str()) {
                bad.push(format!("`{name}` depends on the axiom `{a}`"));
            }
        }
    }
    println!(
        "elaborated {} declarations from {} files in {:.2} s",
        report.decls.len(),
        report.files.len(),
        elab_time.as_secs_f64()
    );
    println!(
        "kernel re-checked the export ({} declarations, {} theorems, {} of them from the \
         given files) in {:.2} s",
        checked.declarations,
        checked.theorems,
        own_theorems,
        kernel_time.as_secs_f64()
    );
    if used.is_empty() {
        println!("axioms used by those theorems: none");
    } else {
        let names: Vec<String> = used.into_iter().collect();
        println!("axioms used by those theorems: {}", names.join(", "));
    }
    if bad.is_empty() {
        Ok(Outcome::Success)
    } else {
        Err(Diagnostics(bad.into_iter().map(Diagnostic::new).collect()))
    }
}
