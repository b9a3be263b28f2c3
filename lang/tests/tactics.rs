//! Tactic proofs: every `tests/tactics/*.cdr` file must check without `sorry`, and every
//! `tests/tactics/fail/*.cdr` file must fail with the errors (goal views included) in the
//! `.expected` file beside it (`line:col: message` per error). Run with
//! `CEDRUS_BLESS=1` to rewrite the expected files after an intended change.

use std::path::{Path, PathBuf};

use cedrus_lang::driver::{self, Diagnostic, Options};

fn folder(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/tactics")
        .join(sub)
}

fn cdr_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "cdr"))
        .collect();
    out.sort();
    out
}

fn render(ds: &[Diagnostic]) -> String {
    ds.iter()
        .map(|d| format!("{}:{}: {}", d.line, d.col, d.message))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn proofs_check_without_sorry() {
    let files = cdr_files(&folder(""));
    assert!(files.len() >= 3, "proof files missing");
    let mut failures = Vec::new();
    for f in files {
        match driver::check_paths(std::slice::from_ref(&f), &Options::default()) {
            Ok(r) => assert!(r.sorries().is_empty(), "{}: uses sorry", f.display()),
            Err(d) => failures.push(format!("{}:\n{}", f.display(), render(&d))),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn failing_proofs_show_their_goals() {
    let bless = std::env::var_os("CEDRUS_BLESS").is_some();
    let files = cdr_files(&folder("fail"));
    assert!(files.len() >= 5, "failure files missing");
    let mut mismatches = Vec::new();
    for f in files {
        let got = match driver::check_paths(std::slice::from_ref(&f), &Options::default()) {
            Ok(_) => "(checked without errors)".to_string(),
            Err(d) => render(&d),
        };
        let exp_path = f.with_extension("expected");
        if bless {
            std::fs::write(&exp_path, format!("{got}\n")).expect("write expected file");
            continue;
        }
        let expected = std::fs::read_to_string(&exp_path)
            .unwrap_or_else(|e| panic!("{}: {e}", exp_path.display()));
        if expected.trim_end() != got.trim_end() {
            mismatches.push(format!(
                "{}:\n--- expected\n{}\n--- got\n{got}",
                f.display(),
                expected.trim_end()
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n\n"));
}

#[test]
fn goals_at_a_line() {
    let f = folder("fail").join("unsolved_case.cdr");
    let shown = driver::goals_at(&[], &Options::default(), &f, 9)
        .unwrap_or_else(|d| panic!("{}", render(&d)))
        .expect("a tactic starts on line 9");
    assert_eq!(
        shown,
        "case cons\nα : Type u_1\nx : α\nxs : List α\nih : append xs [] = xs\n⊢ append (x :: xs) [] = x :: xs"
    );
    let ok_file = folder("").join("basics.cdr");
    let none = driver::goals_at(&[], &Options::default(), &ok_file, 1)
        .unwrap_or_else(|d| panic!("{}", render(&d)));
    assert_eq!(none, None);
}

#[test]
fn goal_view_inside_a_focused_block() {
    let f = folder("").join("basics.cdr");
    let shown = driver::goals_at(&[], &Options::default(), &f, 7)
        .unwrap_or_else(|d| panic!("{}", render(&d)))
        .expect("a tactic starts on line 7");
    assert_eq!(
        shown,
        "case left\np q : Prop\nhp : p\nhq : q\n⊢ q\n\ncase right\np q : Prop\nhp : p\nhq : q\n⊢ p"
    );
}

/// DESIGN.md's example, checked as written there.
#[test]
fn append_length_from_the_design_document() {
    let src = "def append (xs ys : List α) : List α :=\n  match xs with\n  | [] => ys\n  | x :: xs => x :: append xs ys\n\ntheorem append_length (xs ys : List α) :\n    (append xs ys).length = xs.length + ys.length := by\n  induction xs with\n  | nil => simp [append]\n  | cons x xs ih => simp [append, ih]; omega\n";
    let mut e = driver::new_elaborator(true).unwrap_or_else(|d| panic!("{}", render(&d)));
    if let Err(d) = driver::elab_source(&mut e, "design.cdr", src) {
        panic!("{}", render(&d));
    }
}

/// `decide` and `rfl` prove a closed arithmetic statement exactly when it is true (a
/// false one is refused by the tactic, and nothing false reaches the kernel).
#[test]
fn decide_and_rfl_agree_with_arithmetic() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    use std::cell::RefCell;

    let e = RefCell::new(driver::new_elaborator(true).unwrap_or_else(|d| panic!("{}", render(&d))));
    let counter = RefCell::new(0u32);
    let mut runner = TestRunner::new(Config::with_cases(48));
    let ops = prop_oneof![Just("+"), Just("*"), Just("-")];
    let rels = prop_oneof![Just("="), Just("≤"), Just("<")];
    let strategy = (0u64..40, ops, 0u64..40, rels, 0u64..90, any::<bool>());
    runner
        .run(&strategy, |(a, op, b, rel, c, use_rfl)| {
            let lhs = match op {
                "+" => a + b,
                "*" => a * b,
                _ => a.saturating_sub(b),
            };
            let truth = match rel {
                "=" => lhs == c,
                "≤" => lhs <= c,
                _ => lhs < c,
            };
            let tactic = if use_rfl && rel == "=" {
                "rfl"
            } else {
                "decide"
            };
            let k = {
                let mut n = counter.borrow_mut();
                *n += 1;
                *n
            };
            let src = format!("theorem arith_{k} : {a} {op} {b} {rel} {c} := by {tactic}\n");
            let ok = driver::elab_source(&mut e.borrow_mut(), "prop.cdr", &src).is_ok();
            prop_assert_eq!(ok, truth, "{}", src);
            Ok(())
        })
        .unwrap_or_else(|f| panic!("{f}"));
}

#[test]
fn sorry_and_admit_close_goals_with_sorry_ax() {
    let mut e = driver::new_elaborator(true).unwrap_or_else(|d| panic!("{}", render(&d)));
    let src = "theorem s₁ (p : Prop) : p := by\n  sorry\ntheorem s₂ (p q : Prop) (hq : q) : p ∧ q := by\n  constructor\n  · admit\n  · exact hq\ntheorem s₃ : True := by trivial\n";
    driver::elab_source(&mut e, "sorry.cdr", src).unwrap_or_else(|d| panic!("{}", render(&d)));
    for (n, uses) in [("s₁", true), ("s₂", true), ("s₃", false)] {
        let ax = driver::axioms(&e, n).unwrap_or_else(|| panic!("{n} not declared"));
        assert_eq!(ax.iter().any(|a| a.as_str() == "sorryAx"), uses, "{n}");
    }
}

/// The term built by a proof file is the one the kernel checked: exported and re-checked
/// by the kernel alone, the environment still holds the tactic proofs.
#[test]
fn tactic_proofs_survive_export_and_recheck() {
    let f = folder("").join("structure.cdr");
    let report = driver::check_paths(std::slice::from_ref(&f), &Options::default())
        .unwrap_or_else(|d| panic!("{}", render(&d)));
    let env = report.env();
    assert!(env
        .get(&cedrus_kernel::Name::new("rcases_and_or"))
        .is_some());
    let text = cedrus_kernel::export::write(env);
    let back = cedrus_kernel::export::read(&text).unwrap_or_else(|e| panic!("{e}"));
    assert!(back.get(&cedrus_kernel::Name::new("split_match")).is_some());
}
