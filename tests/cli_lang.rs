//! End-to-end tests of the embedded-language commands: `check`, `eval`, `export`
//! (re-checked by `kernel-check`) and `axioms`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn cedrus(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cedrus"))
        .args(args)
        .output()
        .expect("the cedrus binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A scratch directory holding one file `name` with `contents`.
fn file(test: &str, name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cedrus-lang-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write");
    path
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

const DECISIONS: &str = "inductive Decision where
  | allow
  | deny

def flip (d : Decision) : Decision :=
  match d with
  | .allow => .deny
  | .deny => .allow

theorem flip_allow : flip Decision.allow = Decision.deny := rfl

#eval flip Decision.allow
";

#[test]
fn check_elaborates_runs_and_reports() {
    let path = file("check", "Decisions.cdr", DECISIONS);
    let out = cedrus(&["check", s(&path), "--timings"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("Decision.deny"), "{stdout}");
    assert!(stdout.contains("theorem flip_allow"), "{stdout}");
    assert!(stdout.contains("1 theorems"), "{stdout}");

    let value = cedrus(&["eval", s(&path), "flip (flip Decision.deny)"]);
    assert_eq!(value.status.code(), Some(0), "{}", text(&value.stderr));
    assert_eq!(text(&value.stdout).trim(), "Decision.deny");

    let axioms = cedrus(&["axioms", "flip_allow", s(&path)]);
    assert_eq!(axioms.status.code(), Some(0), "{}", text(&axioms.stderr));
    assert!(text(&axioms.stdout).contains("no axioms"));
    assert_eq!(
        cedrus(&["axioms", "no_such_constant"]).status.code(),
        Some(1)
    );
}

#[test]
fn errors_have_file_line_column_and_expected_types() {
    let path = file(
        "errors",
        "Bad.cdr",
        "def ok : Nat := 1\ndef x : Nat := \"s\"\n",
    );
    let out = cedrus(&["check", s(&path)]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("Bad.cdr:2:16"), "{err}");
    assert!(err.contains("String") && err.contains("Nat"), "{err}");

    let json = cedrus(&["--error-format", "json", "check", s(&path)]);
    let first: serde_json::Value =
        serde_json::from_str(text(&json.stderr).lines().next().expect("a line")).expect("json");
    assert_eq!(first["line"], 2);
    assert_eq!(first["column"], 16);
}

#[test]
fn sorry_fails_the_check_unless_allowed() {
    let path = file("sorry", "Sorry.cdr", "theorem cheat : 1 = 2 := sorry\n");
    assert_eq!(cedrus(&["check", s(&path)]).status.code(), Some(1));
    let allowed = cedrus(&["check", "--allow-sorry", s(&path)]);
    assert_eq!(allowed.status.code(), Some(0), "{}", text(&allowed.stderr));
    assert!(text(&allowed.stderr).contains("cheat"));
}

#[test]
fn exported_prelude_is_rechecked_and_tampering_is_refused() {
    let path = file("export", "Decisions.cdr", DECISIONS);
    let export = path.with_file_name("library.export");
    let out = cedrus(&["export", s(&path), "-o", s(&export)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let checked = cedrus(&["kernel-check", s(&export)]);
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked.stderr));
    assert!(text(&checked.stdout).contains("theorem flip_allow: no axioms"));

    // Make the first theorem's statement its own proof: the checker must refuse it.
    let original = std::fs::read_to_string(&export).expect("export written");
    let mut tampered = Vec::new();
    let mut done = false;
    for line in original.lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        if !done && fields.len() >= 4 && fields[0] == "THM" {
            let mut changed = fields.clone();
            changed[2] = fields[3];
            tampered.push(changed.join(" "));
            done = true;
        } else {
            tampered.push(line.to_string());
        }
    }
    assert!(done, "the export holds a theorem");
    let bad = path.with_file_name("tampered.export");
    std::fs::write(&bad, tampered.join("\n")).expect("write");
    let refused = cedrus(&["kernel-check", s(&bad)]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        text(&refused.stderr).contains("line"),
        "{}",
        text(&refused.stderr)
    );
}

#[test]
fn goals_at_a_line_for_editors() {
    let src =
        "theorem swap (p q : Prop) : p ∧ q → q ∧ p := by\n  intro ⟨hp, hq⟩\n  exact ⟨hq, hp⟩\n";
    let path = file("goals", "Swap.cdr", src);
    let spec = format!("{}:3", s(&path));
    let out = cedrus(&["check", "--goals", &spec]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout).trim_end(),
        "p q : Prop\nhp : p\nhq : q\n⊢ q ∧ p"
    );
    let bad = cedrus(&["check", "--goals", "no-line-number"]);
    assert_ne!(bad.status.code(), Some(0));
}
