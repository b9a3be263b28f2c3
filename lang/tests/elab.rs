//! End-to-end tests of the driver: files, folders, imports, diagnostics, reports.

use std::path::{Path, PathBuf};

use cedrus_lang::driver::{self, check_paths, eval_expr, Options};

/// A fresh temporary folder for one test.
fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cedrus-elab-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("create temp dir");
    d
}

fn write(dir: &Path, rel: &str, src: &str) -> PathBuf {
    let p = dir.join(rel);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("create dirs");
    }
    std::fs::write(&p, src).expect("write file");
    p
}

fn show(ds: &[driver::Diagnostic]) -> String {
    ds.iter()
        .map(|d| d.rendered.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn folders_are_checked_in_import_order() {
    let d = temp_dir("imports");
    write(
        &d,
        "Main.cdr",
        "import Lib.Basic\ndef main : Nat := double 21\n#eval main\n",
    );
    write(&d, "Lib/Basic.cdr", "def double (n : Nat) : Nat := n + n\n");
    let report = check_paths(std::slice::from_ref(&d), &Options::default())
        .unwrap_or_else(|ds| panic!("{}", show(&ds)));
    let names: Vec<&str> = report.decls.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["double", "main"]);
    assert_eq!(report.messages.len(), 1);
    assert_eq!(report.messages[0].1.text, "42");
    assert!(report
        .decls
        .iter()
        .all(|d| d.axioms.is_empty() && !d.uses_sorry));
    assert!(report.files[0].ends_with("Lib/Basic.cdr"));
}

#[test]
fn import_cycles_are_errors() {
    let d = temp_dir("cycle");
    write(&d, "A.cdr", "import B\n");
    write(&d, "B.cdr", "import A\n");
    let ds = check_paths(&[d], &Options::default())
        .err()
        .unwrap_or_default();
    assert_eq!(ds.len(), 1);
    assert!(ds[0].message.contains("import cycle"), "{}", ds[0].message);
}

#[test]
fn missing_imports_are_errors() {
    let d = temp_dir("missing");
    let f = write(&d, "A.cdr", "import Nope.Gone\n");
    let ds = check_paths(&[f], &Options::default())
        .err()
        .unwrap_or_default();
    assert!(
        ds[0].message.contains("cannot find module `Nope.Gone`"),
        "{}",
        ds[0].message
    );
}

#[test]
fn diagnostics_carry_file_line_column_and_snippet() {
    let d = temp_dir("diag");
    let f = write(
        &d,
        "Bad.cdr",
        "def ok : Nat := 1\n\ndef bad : Nat :=\n  Nat.add ok true\n",
    );
    let ds = check_paths(&[f], &Options::default())
        .err()
        .unwrap_or_default();
    assert_eq!(ds.len(), 1, "{}", show(&ds));
    let diag = &ds[0];
    assert!(diag.file.ends_with("Bad.cdr"));
    assert_eq!((diag.line, diag.col), (4, 14), "{}", diag.rendered);
    assert!(
        diag.rendered.contains("Bad.cdr:4:14: error: type mismatch"),
        "{}",
        diag.rendered
    );
    assert!(
        diag.rendered
            .contains("  Nat.add ok true\n             ^^^^"),
        "{}",
        diag.rendered
    );
}

#[test]
fn operator_type_errors_name_the_missing_instance() {
    let d = temp_dir("binop");
    let f = write(
        &d,
        "B.cdr",
        "def ok : Nat := 1\ndef bad : Nat := ok + true\n",
    );
    let ds = check_paths(&[f], &Options::default())
        .err()
        .unwrap_or_default();
    assert_eq!((ds[0].line, ds[0].col), (2, 18));
    assert!(ds[0].message.contains("HAdd"), "{}", ds[0].message);
}

#[test]
fn parse_errors_are_diagnostics_too() {
    let d = temp_dir("parse");
    let f = write(&d, "P.cdr", "def x : Nat := (1 +\n");
    let ds = check_paths(&[f], &Options::default())
        .err()
        .unwrap_or_default();
    assert_eq!(ds.len(), 1);
    assert!(ds[0].line >= 1);
}

#[test]
fn sorry_is_reported_and_refused_unless_allowed() {
    let d = temp_dir("sorry");
    let f = write(
        &d,
        "S.cdr",
        "theorem t : 1 = 2 := sorry\ntheorem u : 1 = 1 := rfl\n",
    );
    let ds = check_paths(std::slice::from_ref(&f), &Options::default())
        .err()
        .unwrap_or_default();
    assert!(
        ds.iter().any(|d| d.message.contains("`t` uses `sorry`")),
        "{}",
        show(&ds)
    );
    assert!(ds[0].file.ends_with("S.cdr"), "{}", show(&ds));
    let opts = Options {
        allow_sorry: true,
        ..Options::default()
    };
    let report = check_paths(&[f], &opts).unwrap_or_else(|ds| panic!("{}", show(&ds)));
    let sorries: Vec<&str> = report.sorries().iter().map(|n| n.as_str()).collect();
    assert_eq!(sorries, ["t"]);
    assert_eq!(
        driver::axioms(&report.elaborator, "t")
            .unwrap_or_default()
            .len(),
        1
    );
    assert_eq!(driver::axioms(&report.elaborator, "u"), Some(vec![]));
}

#[test]
fn without_the_prelude_nothing_is_declared() {
    let d = temp_dir("noprelude");
    let f = write(
        &d,
        "N.cdr",
        "inductive MyBool where\n  | no\n  | yes\n\
         def neg (b : MyBool) : MyBool := match b with\n  | .no => .yes\n  | .yes => .no\n\
         #eval neg .no\n",
    );
    let opts = Options {
        prelude: false,
        ..Options::default()
    };
    let report = check_paths(&[f], &opts).unwrap_or_else(|ds| panic!("{}", show(&ds)));
    assert!(report.env().get(&cedrus_kernel::Name::new("Nat")).is_none());
    assert_eq!(report.messages[0].1.text, "MyBool.yes");
    let g = write(&d, "M.cdr", "def n : Nat := 1\n");
    let ds = check_paths(&[g], &opts).err().unwrap_or_default();
    assert!(
        ds[0].message.contains("unknown identifier `Nat`"),
        "{}",
        show(&ds)
    );
}

#[test]
fn eval_expr_runs_in_the_checked_environment() {
    let d = temp_dir("eval");
    let f = write(&d, "E.cdr", "def sq (n : Nat) : Nat := n * n\n");
    let mut report =
        check_paths(&[f], &Options::default()).unwrap_or_else(|ds| panic!("{}", show(&ds)));
    let v = eval_expr(&mut report.elaborator, "sq 12 + 1");
    assert_eq!(v, Ok("145".to_string()));
    let bad = eval_expr(&mut report.elaborator, "sq true").err();
    assert!(bad.is_some_and(|d| d.message.contains("type mismatch")));
}

#[test]
fn export_writes_a_file_the_kernel_rechecks() {
    let d = temp_dir("export");
    let f = write(
        &d,
        "X.cdr",
        "structure P where\n  a : Nat\ndef p : P := ⟨3⟩\ntheorem pa : p.a = 3 := rfl\n",
    );
    let out = d.join("out.txt");
    driver::export_paths(&[f], &Options::default(), &out)
        .unwrap_or_else(|ds| panic!("{}", show(&ds)));
    let text = std::fs::read_to_string(&out).expect("export written");
    let report = cedrus_kernel::export::check_file(&text);
    assert!(report.is_ok(), "{:?}", report.err());
}

/// A small Cedar-flavoured program exercising most constructs together.
const SAMPLE: &str = r#"namespace Cedar

inductive Effect where
  | permit
  | forbid
  deriving Repr

structure Request where
  principal : String
  action : String
  resource : String

inductive Value where
  | bool (b : Bool)
  | int (i : Int)
  | str (s : String)
  | set (vs : List Value)

def Value.asBool (v : Value) : Option Bool :=
  match v with
  | .bool b => some b
  | _ => none

def Effect.isPermit : Effect → Bool
  | .permit => true
  | .forbid => false

structure Policy where
  id : String
  effect : Effect
  cond : Request → Bool

def allowAll : Policy := { id := "p0", effect := .permit, cond := fun _ => true }

def decide (p : Policy) (r : Request) : Option Effect :=
  if p.cond r then some p.effect else none

def r : Request := ⟨"alice", "view", "photo"⟩

#eval decide allowAll r
#eval (decide allowAll r).getD .forbid
#check @decide
#eval Value.asBool (.bool true)
#eval r.principal

def both (a b : Option Nat) : Option Nat := do
  let x ← a
  let y ← b
  pure (x + y)

#eval both (some 1) (some 2)
#eval both none (some 2)

theorem isPermit_permit : Effect.permit.isPermit = true := rfl

def singleton {α : Type} (a : α) : List α := [a]

end Cedar

open Cedar
#eval (singleton 3).length
"#;

#[test]
fn a_realistic_program_checks_and_runs() {
    let d = temp_dir("sample");
    let f = write(&d, "Sample.cdr", SAMPLE);
    let report =
        check_paths(&[f], &Options::default()).unwrap_or_else(|ds| panic!("{}", show(&ds)));
    let out: Vec<&str> = report
        .messages
        .iter()
        .map(|(_, m)| m.text.as_str())
        .collect();
    assert_eq!(
        out,
        [
            "some Cedar.Effect.permit",
            "Cedar.Effect.permit",
            "Cedar.decide : Cedar.Policy → Cedar.Request → Option.{0} Cedar.Effect",
            "some true",
            "\"alice\"",
            "some 3",
            "none",
            "1",
        ]
    );
    assert!(report
        .decls
        .iter()
        .any(|d| d.name.as_str() == "Cedar.isPermit_permit" && d.kind == "theorem"));
}
