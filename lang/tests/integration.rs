//! End-to-end tests of the elaborator with the pattern-match compiler and the evaluator:
//! recursive definitions, equation lemmas, `#eval` output, errors with locations, and
//! export of the resulting environment.

use cedrus_kernel::Name;
use cedrus_lang::driver::{self, Diagnostic};
use cedrus_lang::elab::Elaborator;

fn show(ds: &[Diagnostic]) -> String {
    ds.iter()
        .map(|d| d.rendered.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The prelude plus `src`, or the rendered diagnostics.
fn run(src: &str) -> Elaborator {
    let mut e = driver::new_elaborator(true).unwrap_or_else(|d| panic!("prelude: {}", show(&d)));
    if let Err(d) = driver::elab_source(&mut e, "test.cdr", src) {
        panic!("{}", show(&d));
    }
    e
}

/// The diagnostics of `src` (which must fail).
fn fails(src: &str) -> Vec<Diagnostic> {
    let mut e = driver::new_elaborator(true).unwrap_or_else(|d| panic!("prelude: {}", show(&d)));
    match driver::elab_source(&mut e, "test.cdr", src) {
        Ok(()) => panic!("expected an error"),
        Err(d) => d,
    }
}

fn outputs(e: &Elaborator) -> Vec<String> {
    e.messages.iter().map(|m| m.text.clone()).collect()
}

fn has(e: &Elaborator, n: &str) -> bool {
    e.env.get(&Name::new(n)).is_some()
}

#[test]
fn append_from_the_design_document() {
    let e = run("def append (xs ys : List α) : List α :=\n  match xs with\n  | [] => ys\n  | x :: xs => x :: append xs ys\n#eval append [1, 2] [3]\n");
    assert_eq!(outputs(&e), ["[1, 2, 3]"]);
    assert!(has(&e, "append"));
    assert!(has(&e, "append.eq_1"));
    assert!(has(&e, "append.eq_2"));
}

#[test]
fn equations_with_recursion_and_several_patterns() {
    let e = run("def len : List Nat → Nat → Nat\n  | [], acc => acc\n  | _ :: xs, acc => len xs (acc + 1)\n#eval len [5, 6, 7] 0\n");
    assert_eq!(outputs(&e), ["3"]);
    assert!(has(&e, "len.eq_1") && has(&e, "len.eq_2"));
}

#[test]
fn mutual_even_and_odd() {
    let e = run("mutual\ndef isEven : Nat → Bool\n  | 0 => true\n  | n + 1 => isOdd n\ndef isOdd : Nat → Bool\n  | 0 => false\n  | n + 1 => isEven n\nend\n#eval isEven 10\n#eval isOdd 7\n#eval isOdd 4\n");
    assert_eq!(outputs(&e), ["true", "true", "false"]);
    assert!(has(&e, "isEven.eq_2") && has(&e, "isOdd.eq_1"));
}

#[test]
fn nested_inductive_tree_size() {
    let e = run("inductive Tree where\n  | node : Nat → List Tree → Tree\n\nmutual\ndef Tree.size : Tree → Nat\n  | .node _ ts => 1 + sizes ts\ndef sizes : List Tree → Nat\n  | [] => 0\n  | t :: ts => t.size + sizes ts\nend\n#eval (Tree.node 1 [Tree.node 2 [], Tree.node 3 [Tree.node 4 []]]).size\n");
    assert_eq!(outputs(&e), ["4"]);
}

#[test]
fn fib_with_successor_patterns() {
    let e = run("def fib : Nat → Nat\n  | 0 => 0\n  | 1 => 1\n  | n + 2 => fib n + fib (n + 1)\n#eval fib 20\n");
    assert_eq!(outputs(&e), ["6765"]);
    assert!(has(&e, "fib.eq_1") && has(&e, "fib.eq_3"));
}

#[test]
fn overlapping_patterns_on_several_discriminants() {
    let e = run("def zipSum : List Nat → List Nat → List Nat\n  | x :: xs, y :: ys => (x + y) :: zipSum xs ys\n  | _, _ => []\n#eval zipSum [1, 2, 3] [10, 20]\ndef both (a b : Bool) : Nat :=\n  match a, b with\n  | true, true => 3\n  | true, _ => 2\n  | _, true => 1\n  | _, _ => 0\n#eval both false true\n#eval both true false\n");
    assert_eq!(outputs(&e), ["[11, 22]", "1", "2"]);
}

#[test]
fn missing_cases_are_located_errors() {
    let d = fails("def f : List Nat → Nat\n  | [] => 0\n  | [_] => 1\n");
    assert_eq!(d.len(), 1, "{}", show(&d));
    assert_eq!((d[0].line, d[0].col), (1, 1));
    assert!(d[0].message.contains("missing cases"), "{}", d[0].message);
    assert!(d[0].message.contains("::"), "{}", d[0].message);
}

#[test]
fn non_structural_recursion_is_located_at_the_call() {
    let d = fails("def f : Nat → Nat\n  | 0 => 0\n  | n + 1 => f (n + 2)\n");
    assert_eq!(d.len(), 1, "{}", show(&d));
    // At the call (the equation's only recursive call).
    assert_eq!((d[0].line, d[0].col), (3, 14), "{}", show(&d));
    assert!(
        d[0].message.contains("f (n + 2)") || d[0].message.contains("structural"),
        "{}",
        d[0].message
    );
}

#[test]
fn eval_uses_the_machine_and_prints_as_lean() {
    let mut e = run("def count : Nat → Nat\n  | 0 => 0\n  | n + 1 => count n + 1\n#eval count 100000\n#eval (some 3, [none, some true])\n#eval fun (x : Nat) => x + 1\n");
    let out = outputs(&e);
    assert_eq!(out[..2], ["100000", "(some 3, [none, some true])"]);
    // A function has no printed form in the machine: the kernel's fallback prints it.
    assert!(!out[2].contains("<fun>"), "{}", out[2]);
    let v = driver::eval_expr(&mut e, "count 12 + 1").unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(v, "13");
}

#[test]
fn prelude_list_and_option_functions_evaluate() {
    let e = run(r#"#eval [1, 2, 3].map (fun x => x + 1)
#eval [1, 2, 3, 4].filter (fun x => Nat.beq (x % 2) 0)
#eval [1, 2, 3].filterMap (fun x => if x = 2 then none else some (x * 10))
#eval [1, 2, 3].foldl (fun a x => a + x) 0
#eval [1, 2, 3].foldr (fun x a => x :: x :: a) []
#eval [1, 2, 3].any (fun x => Nat.beq x 2)
#eval [1, 2, 3].all (fun x => Nat.ble x 2)
#eval [1, 2, 3].elem 3
#eval [1, 2, 3].contains 5
#eval [1, 2, 3].reverse
#eval [1, 2, 3].find? (fun x => Nat.blt 1 x)
#eval [(1, "a"), (2, "b")].lookup 2
#eval [1, 2, 3].length
#eval [1, 2].append [3]
#eval ([] : List Nat).head?
#eval [4, 5, 6].get? 1
#eval [1, 2, 3].zip ["a", "b"]
#eval List.replicate 3 true
#eval (some 2).map (fun x => x + 1)
#eval (some 2).bind (fun x => if x < 3 then some x else none)
#eval (none : Option Nat).getD 7
#eval (some 1).isSome
"#);
    assert_eq!(
        outputs(&e),
        [
            "[2, 3, 4]",
            "[2, 4]",
            "[10, 30]",
            "6",
            "[1, 1, 2, 2, 3, 3]",
            "true",
            "false",
            "true",
            "false",
            "[3, 2, 1]",
            "some 2",
            "some \"b\"",
            "3",
            "[1, 2, 3]",
            "none",
            "some 5",
            "[(1, \"a\"), (2, \"b\")]",
            "[true, true, true]",
            "some 3",
            "some 2",
            "7",
            "true",
        ]
    );
}

#[test]
fn prelude_comparisons_integers_and_strings() {
    let e = run(r#"#eval if 3 < 5 then "lt" else "ge"
#eval if 5 ≤ 5 then 1 else 0
#eval if 4 = 4 then 1 else 0
#eval (min 3 8, max 3 8)
#eval decide (2 < 1)
#eval ((3 : Int) - 5) * 2
#eval Int.natAbs (-4)
#eval ((-7 : Int) / 2, (-7 : Int) % 2, (7 : Int) / (-2), (7 : Int) % (-2))
theorem ediv_by_kernel : (-7 : Int) / 2 = -4 := rfl
theorem emod_by_kernel : (7 : Int) % (-2) = 1 := rfl
#eval "ab".append "cd"
#eval "hello".length
#eval "ab" == "ab"
#eval String.blt "ab" "b"
#eval [some 1, none] == [some 1, none]
#eval [1, 2] == [1, 3]
"#);
    assert_eq!(
        outputs(&e),
        [
            "\"lt\"",
            "1",
            "1",
            "(3, 8)",
            "false",
            "-4",
            "4",
            "(-4, 1, -3, 1)",
            "\"abcd\"",
            "5",
            "true",
            "true",
            "true",
            "false"
        ]
    );
}

#[test]
fn do_notation_with_recursion() {
    let e = run(r#"def sumAll : List (Option Nat) → Option Nat
  | [] => some 0
  | x :: xs => do
      let a ← x
      let b ← sumAll xs
      pure (a + b)
#eval sumAll [some 1, some 2, some 3]
#eval sumAll [some 1, none]
def divAll : List Nat → Except String (List Nat)
  | [] => pure []
  | 0 :: _ => Except.error "division by zero"
  | n :: ns => do
      let rest ← divAll ns
      pure ((100 / n) :: rest)
#eval divAll [5, 10]
#eval divAll [5, 0, 10]
"#);
    assert_eq!(
        outputs(&e),
        [
            "some 6",
            "none",
            "Except.ok [20, 10]",
            "Except.error \"division by zero\""
        ]
    );
}

const DESIGN_APPEND: &str = "def append (xs ys : List α) : List α :=\n  match xs with\n  | [] => ys\n  | x :: xs => x :: append xs ys\n";

/// The export of the prelude and `append`, written by the driver.
fn export_with_append(tag: &str) -> String {
    let dir = std::env::temp_dir().join(format!("cedrus-integration-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let src = dir.join("Append.cdr");
    std::fs::write(&src, DESIGN_APPEND).unwrap_or_else(|e| panic!("{e}"));
    let out = dir.join("out.export");
    driver::export_paths(&[src], &driver::Options::default(), &out)
        .unwrap_or_else(|d| panic!("{}", show(&d)));
    let text = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_dir_all(&dir);
    text
}

#[test]
fn export_of_prelude_and_user_file_is_rechecked() {
    let text = export_with_append("ok");
    let report = cedrus_kernel::export::check_file(&text).unwrap_or_else(|e| panic!("{e}"));
    assert!(report.definitions > 20, "{report:?}");
    assert!(report.theorems >= 2, "{report:?}");
    let env = cedrus_kernel::export::read(&text).unwrap_or_else(|e| panic!("{e}"));
    for n in [
        "append",
        "append.eq_1",
        "append.eq_2",
        "List.map",
        "Nat.decEq",
    ] {
        assert!(env.get(&Name::new(n)).is_some(), "{n} missing");
    }
}

#[test]
fn a_tampered_export_is_refused() {
    let text = export_with_append("tampered");
    // Swap the proofs of `append.eq_1` and `append.eq_2`: each proves the other statement.
    let mut names = std::collections::HashMap::new();
    for line in text.lines() {
        let mut w = line.splitn(3, ' ');
        if let (Some("N"), Some(i), Some(s)) = (w.next(), w.next(), w.next()) {
            names.insert(i.to_string(), s.trim_matches('"').to_string());
        }
    }
    let thm_line = |name: &str| {
        text.lines().position(|l| {
            let f: Vec<&str> = l.split(' ').collect();
            f.first() == Some(&"THM")
                && f.get(1).and_then(|i| names.get(*i)).map(String::as_str) == Some(name)
        })
    };
    let (Some(a), Some(b)) = (thm_line("append.eq_1"), thm_line("append.eq_2")) else {
        panic!("equation lemmas not exported");
    };
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut fa: Vec<String> = lines[a].split(' ').map(str::to_string).collect();
    let mut fb: Vec<String> = lines[b].split(' ').map(str::to_string).collect();
    std::mem::swap(&mut fa[3], &mut fb[3]);
    lines[a] = fa.join(" ");
    lines[b] = fb.join(" ");
    let tampered = lines.join("\n") + "\n";
    assert!(cedrus_kernel::export::check_file(&tampered).is_err());
    assert!(cedrus_kernel::export::check_file(&text).is_ok());
}

#[test]
fn match_on_terms_that_are_not_parameters() {
    let e = run("def classify (n : Nat) : String :=\n  match n % 3, n with\n  | 0, 0 => \"zero\"\n  | 0, _ => \"three\"\n  | _, _ + 1 => \"other\"\n  | _, 0 => \"impossible\"\n#eval classify 0\n#eval classify 9\n#eval classify 7\ndef firstTwo (xs : List Nat) : Option (Prod Nat Nat) :=\n  match xs.reverse with\n  | a :: b :: _ => some (a, b)\n  | _ => none\n#eval firstTwo [1, 2, 3]\n#eval firstTwo [1]\n");
    assert_eq!(
        outputs(&e),
        ["\"zero\"", "\"three\"", "\"other\"", "some (3, 2)", "none"]
    );
    assert!(has(&e, "classify.match_1") && has(&e, "classify.match_1.eq_1"));
}

#[test]
fn auto_bound_type_variables_in_function_binders() {
    let e = run("def mapTwice (f : α → α) : List α → List α\n  | [] => []\n  | x :: xs => f (f x) :: mapTwice f xs\n#eval mapTwice (fun n => n * 3) [1, 2]\n");
    assert_eq!(outputs(&e), ["[9, 18]"]);
}

#[test]
fn cdot_sections() {
    let e = run("#eval [1, 2, 3].map (· + 1)\n#eval [1, 2, 3].foldl (· + ·) 10\n#eval [1, 2].map (Nat.add 10 ·)\n");
    assert_eq!(outputs(&e), ["[2, 3, 4]", "16", "[11, 12]"]);
}
