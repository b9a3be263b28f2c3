//! The correctness proofs of the model's authorizer (`proofs/`, about `spec/`): they
//! elaborate with no `sorry`, every named theorem exists and depends on no axiom beyond
//! Lean's standard ones, and the exported environment re-checks with the kernel alone
//! (in process and through `cedrus export` and `cedrus kernel-check`).

use std::path::{Path, PathBuf};
use std::process::Command;

use cedrus_lang::driver::{self, CheckReport, Options};

/// The theorems the README's "What is proved" section names.
const THEOREMS: &[&str] = &[
    "Cedar.Proofs.forbid_trumps_permit",
    "Cedar.Proofs.default_deny",
    "Cedar.Proofs.allowed_only_if_explicitly_permitted",
    "Cedar.Proofs.allowed_iff_explicitly_permitted_and_not_denied",
    "Cedar.Proofs.order_and_dup_independent",
    "Cedar.Proofs.determining_sound",
    "Cedar.Proofs.determining_complete",
    "Cedar.Proofs.slicing_sound",
    "Cedar.Proofs.scope_slicing_sound",
];

/// Lean's standard axioms: the only ones a proof may use.
const STANDARD_AXIOMS: &[&str] = &["propext", "Quot.sound", "Classical.choice"];

fn roots() -> Vec<PathBuf> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    vec![repo.join("spec"), repo.join("proofs")]
}

fn check() -> CheckReport {
    match driver::check_paths(&roots(), &Options::default()) {
        Ok(r) => r,
        Err(ds) => panic!(
            "spec + proofs do not check:\n{}",
            ds.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

#[test]
fn proofs_check_without_sorry_and_with_standard_axioms_only() {
    let report = check();
    assert!(report.sorries().is_empty(), "{:?}", report.sorries());
    for name in THEOREMS {
        let decl = report
            .decls
            .iter()
            .find(|d| d.name.as_str() == *name)
            .unwrap_or_else(|| panic!("theorem `{name}` is missing"));
        assert_eq!(decl.kind, "theorem", "`{name}` is a {}", decl.kind);
        assert!(
            decl.file.contains("proofs"),
            "`{name}` comes from {}",
            decl.file
        );
        let axioms = driver::axioms(&report.elaborator, name)
            .unwrap_or_else(|| panic!("`{name}` is not in the environment"));
        for a in &axioms {
            assert!(
                STANDARD_AXIOMS.contains(&a.as_str()),
                "`{name}` depends on the non-standard axiom `{a}`"
            );
        }
    }
    // Every declaration of the proofs, lemmas included, is free of `sorry` and of
    // non-standard axioms.
    for d in report.decls.iter().filter(|d| d.file.contains("proofs")) {
        for a in &d.axioms {
            assert!(
                STANDARD_AXIOMS.contains(&a.as_str()),
                "`{}` depends on `{a}`",
                d.name
            );
        }
    }

    // The environment, exported and re-read, checks with the kernel alone.
    let text = cedrus_kernel::export::write(report.env());
    let kernel = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || cedrus_kernel::export::check_file(&text))
        .map(|h| h.join());
    let checked = match kernel {
        Ok(Ok(Ok(r))) => r,
        Ok(Ok(Err(e))) => panic!("the kernel rejects the export: {e}"),
        Ok(Err(_)) => panic!("the kernel check panicked"),
        Err(e) => panic!("cannot start the kernel check: {e}"),
    };
    for name in THEOREMS {
        let found = checked
            .theorem_axioms
            .iter()
            .find(|(n, _)| n.as_str() == *name);
        let Some((_, axioms)) = found else {
            panic!("the export has no theorem `{name}`");
        };
        assert!(
            axioms.iter().all(|a| STANDARD_AXIOMS.contains(&a.as_str())),
            "`{name}`: {axioms:?}"
        );
    }
}

#[test]
fn export_then_kernel_check_through_the_cli() {
    let out = std::env::temp_dir().join(format!("cedrus-proofs-{}.export", std::process::id()));
    let bin = env!("CARGO_BIN_EXE_cedrus");
    let export = Command::new(bin)
        .arg("export")
        .args(roots())
        .arg("-o")
        .arg(&out)
        .output()
        .expect("cedrus runs");
    assert_eq!(
        export.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let check = Command::new(bin)
        .arg("kernel-check")
        .arg(&out)
        .output()
        .expect("cedrus runs");
    let _ = std::fs::remove_file(&out);
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    for name in THEOREMS {
        let prefix = format!("theorem {name}: ");
        let line = stdout
            .lines()
            .find_map(|l| l.strip_prefix(prefix.as_str()))
            .unwrap_or_else(|| panic!("kernel-check does not report `{name}`"));
        if line != "no axioms" {
            let list = line.strip_prefix("axioms ").unwrap_or(line);
            for a in list.split(", ") {
                assert!(STANDARD_AXIOMS.contains(&a), "`{name}` depends on `{a}`");
            }
        }
    }
}
