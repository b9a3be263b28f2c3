//! End-to-end tests of `cedrus verify`: the summary table and its exit code.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn cedrus(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cedrus"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the cedrus binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cedrus-verify-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn verify_checks_the_model_and_reports_missing_proofs() {
    let none = scratch("none").join("absent");
    let out = cedrus(&[
        "verify",
        "--proofs",
        s(&none),
        "--conformance",
        s(&none),
        "--cases",
        "0",
    ]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("step"), "{stdout}");
    assert!(stdout.contains("kernel check  pass"), "{stdout}");
    assert!(stdout.contains("declarations in spec"), "{stdout}");
    assert!(stdout.contains("absent missing"), "{stdout}");
    assert!(stdout.contains("difftest"), "{stdout}");
    assert!(stdout.contains("conformance"), "{stdout}");
}

#[test]
fn verify_fails_on_sorry_and_on_other_axioms() {
    let dir = scratch("bad");
    let spec = dir.join("spec");
    std::fs::create_dir_all(&spec).expect("spec dir");
    std::fs::write(
        spec.join("Bad.cdr"),
        "axiom magic : 1 = 2\ntheorem cheat : 1 = 2 := sorry\ntheorem uses : 1 = 2 := magic\n",
    )
    .expect("write");
    let none = dir.join("absent");
    let out = cedrus(&[
        "verify",
        "--spec",
        s(&spec),
        "--proofs",
        s(&none),
        "--conformance",
        s(&none),
        "--cases",
        "0",
    ]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("kernel check  FAIL"), "{stdout}");
    assert!(
        stderr.contains("cheat") && stderr.contains("sorryAx"),
        "{stderr}"
    );
    assert!(
        stderr.contains("uses") && stderr.contains("magic"),
        "{stderr}"
    );
}
