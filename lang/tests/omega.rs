//! `omega` on goals built through the elaborator: each statement is elaborated, its
//! premises become the goal's hypotheses, `omega` runs, and the proof is added to the
//! environment as a theorem (so the kernel checks it). False statements must be refused.

mod omega_util;

use cedrus_lang::driver;
use omega_util::{prelude, prove};

const TRUE_GOALS: &[&str] = &[
    "∀ (x y : Nat), x < y → x + 1 ≤ y",
    "∀ (x : Nat), x ≤ x + 1",
    "∀ (x y z : Nat), x ≤ y → y ≤ z → x ≤ z",
    "∀ (x y : Nat), x + y = y + x",
    "∀ (a b : Nat), a + b + 1 = a + 1 + b",
    "∀ (x y : Nat), 2 * x + 1 ≠ 2 * y + 1 → x ≠ y",
    "∀ (x : Nat), x * 3 = x + x + x",
    "∀ (x y : Nat), x < y → ¬ y ≤ x",
    "∀ (x y : Nat), x > y → x ≥ y + 1",
    "∀ (x : Nat), x ≠ 0 → x ≥ 1",
    "∀ (x y : Nat), x - y ≤ x",
    "∀ (x y : Nat), y ≤ x → x - y + y = x",
    "∀ (x y : Nat), x ≤ y → x - y = 0",
    "∀ (x y : Nat), x < y ∨ x = y → x ≤ y",
    "∀ (x y : Nat), x ≤ y ∧ y ≤ x → x = y",
    "∀ (x : Nat), Nat.succ x > 0",
    "∀ (x y : Nat), x + 2 ≤ y → 0 < y ∧ x < y",
    "∀ (a b c d e : Nat), a ≤ b → b ≤ c → c ≤ d → d ≤ e → e ≤ a + 3 → a + 4 ≤ e → False",
    "∀ (a b c d e f : Nat), a + b ≤ c → c + d ≤ e → e ≤ f → f < a + b + d → False",
    "∀ (xs ys : List Nat), xs.length + ys.length + 1 = xs.length + 1 + ys.length",
    "∀ (x y : Nat), x * y + 1 > x * y",
    "∀ (x y : Nat), x ≤ y ∨ y < x",
    "∀ (x : Nat), x = 0 ∨ x ≥ 1",
    "∀ (x y : Nat), x ≤ y + 1 → x ≤ y ∨ x = y + 1",
    "∀ (x y : Nat), x - y - 1 ≤ x - 1",
    "∀ (x : Nat), x % 2 = 0 ∨ x % 2 = 1",
    "∀ (x : Nat), 2 * (x / 2) ≤ x",
    "∀ (x : Nat), x % 3 < 3",
    "∀ (x y : Nat), x / 4 + y % 4 < x + 4",
];

const FALSE_GOALS: &[&str] = &[
    "∀ (x y : Nat), x ≤ y",
    "∀ (x : Nat), x - 1 + 1 = x",
    "∀ (x y : Nat), x < y + 1 → x < y",
    "∀ (x y : Nat), x ≠ y",
    "∀ (x : Nat), x * 2 = x",
    "∀ (x y : Nat), x < y ∨ y < x",
    "∀ (x y : Nat), x - y + y = x",
    "∀ (x : Nat), x / 2 < x",
    "∀ (x : Nat), x % 2 = 0",
    "∀ (a b c d e : Nat), a ≤ b → b ≤ c → c ≤ d → d ≤ e → e ≤ a + 3 → a + 3 ≤ e → False",
];

/// Goals over `Int` (and `Nat` through `Int.ofNat`).
const INT_TRUE_GOALS: &[&str] = &[
    "∀ (x : Int), x ≤ x + 1",
    "∀ (x y z : Int), x + y ≤ z → z < x → y < 0",
    "∀ (x y : Int), x - y + y = x",
    "∀ (x : Int), -(-x) = x",
    "∀ (a b c d : Int), a ≤ b → c ≤ d → a + c ≤ b + d",
    "∀ (x : Int), 2 * x - x = x",
    "∀ (x : Int), x * (-3) + 3 * x = 0",
    "∀ (x : Int), x * 2 = x + x",
    "∀ (x : Int), (-5 : Int) < x → x < 5 → x * (-1) < 5",
    "∀ (x y : Int), x < y → x ≠ y",
    "∀ (x y : Int), x ≠ y → x < y ∨ y < x",
    "∀ (x y : Int), ¬ x ≤ y → y < x",
    "∀ (x y : Int), x ≤ y ∧ y ≤ x → x = y",
    "∀ (x y : Int), x > y → x ≥ y + 1",
    "∀ (a b c d e : Int), a ≤ b → b ≤ c → c ≤ d → d ≤ e → e ≤ a - 1 → False",
    "∀ (a b c d e f : Int), a + b ≤ c → c + d ≤ e → e ≤ f → f < a + b + d → False",
    "∀ (n : Nat), Int.ofNat n ≥ 0",
    "∀ (n m : Nat), n ≤ m → Int.ofNat n ≤ Int.ofNat m",
    "∀ (n : Nat) (x : Int), x = Int.ofNat n → x + 1 > 0",
    "∀ (x : Int), x < 0 ∨ 0 ≤ x",
    "∀ (a b : Nat), Int.ofNat (a - b) ≥ Int.ofNat a - Int.ofNat b",
    "∀ (n : Nat), Int.ofNat (n + 1) > 0 ∧ Int.negSucc n < 0",
    "∀ (n : Nat) (x : Int), Int.negSucc n = x → x + Int.ofNat n = -1",
    "∀ (a b : Nat), Int.subNatNat a b + Int.ofNat b = Int.ofNat a",
    "∀ (x y : Int), Int.add x (Int.neg y) = Int.sub x y",
    "∀ (x : Int), Int.mul x 3 = 3 * x",
    "∀ (n : Nat), Int.negOfNat n ≤ 0 ∧ Int.negOfNat n + Int.ofNat n = 0",
    "∀ (x : Int), x % 3 < 3",
    "∀ (x : Int), 0 ≤ x % 3",
    "∀ (x : Int), x / 2 * 2 ≤ x",
    "∀ (x : Int), x < x / 2 * 2 + 2",
    "∀ (x : Int), x % 2 = 0 ∨ x % 2 = 1",
    "∀ (x y : Int), x / 3 + y % 4 ≤ x / 3 + 3",
    "∀ (x : Int), 0 ≤ x → x / 2 ≤ x",
];

const INT_FALSE_GOALS: &[&str] = &[
    "∀ (x y : Int), x ≤ y",
    "∀ (x : Int), x ≥ 0",
    "∀ (x : Int), -x ≤ x",
    "∀ (x y : Int), x - y = y - x",
    "∀ (x : Int), x * 2 ≤ x",
    "∀ (x y : Int), x < y ∨ y < x",
    "∀ (x : Int), x % 3 < 2",
    "∀ (x : Int), x / 2 * 2 = x",
    "∀ (n : Nat), Int.ofNat n > 0",
    "∀ (a b : Nat), Int.ofNat (a - b) = Int.ofNat a - Int.ofNat b",
    "∀ (x y : Int), x * y = y * 2",
    "∀ (x : Int), x / 2 = x % 2",
    "∀ (a b c d e : Int), a ≤ b → b ≤ c → c ≤ d → d ≤ e → e ≤ a → False",
];

#[test]
fn proves_int_goals() {
    let mut e = prelude();
    for (i, g) in INT_TRUE_GOALS.iter().enumerate() {
        for intro in [true, false] {
            if let Err(err) = prove(&mut e, &format!("omega_int_{i}_{intro}"), g, intro) {
                panic!("`{g}`: {err}");
            }
        }
    }
}

#[test]
fn refuses_false_int_goals() {
    let mut e = prelude();
    for (i, g) in INT_FALSE_GOALS.iter().enumerate() {
        match prove(&mut e, &format!("omega_int_false_{i}"), g, true) {
            Ok(()) => panic!("`{g}` was proved"),
            Err(msg) => assert!(
                msg.contains("omega could not prove the goal"),
                "`{g}`: unexpected error {msg}"
            ),
        }
    }
}

#[test]
fn int_failure_lists_the_hypotheses_as_written() {
    let mut e = prelude();
    let err = prove(
        &mut e,
        "omega_int_msg",
        "∀ (x y : Int), x ≤ y → 2 * y < x + 1 → x = y",
        true,
    )
    .expect_err("not a theorem");
    assert!(err.contains("facts considered"), "{err}");
    assert!(err.contains("x ≤ y"), "{err}");
    assert!(err.contains("2 * y < x + 1"), "{err}");
}

/// Integer goals whose refutation needs tightening (dividing a fact by the gcd of its
/// coefficients).
#[test]
fn proves_int_goals_needing_tightening() {
    let mut e = prelude();
    for (i, g) in [
        "∀ (x y : Int), 2 * x + 1 ≠ 2 * y",
        "∀ (x : Int), x % 2 = 1 → x ≠ 2 * (x / 2)",
    ]
    .iter()
    .enumerate()
    {
        if let Err(err) = prove(&mut e, &format!("omega_int_tight_{i}"), g, true) {
            panic!("`{g}`: {err}");
        }
    }
}

#[test]
fn proves_linear_goals_with_hypotheses_in_context() {
    let mut e = prelude();
    for (i, g) in TRUE_GOALS.iter().enumerate() {
        if let Err(err) = prove(&mut e, &format!("omega_ctx_{i}"), g, true) {
            panic!("`{g}`: {err}");
        }
    }
}

#[test]
fn proves_linear_goals_by_introducing_premises() {
    let mut e = prelude();
    for (i, g) in TRUE_GOALS.iter().enumerate() {
        if let Err(err) = prove(&mut e, &format!("omega_intro_{i}"), g, false) {
            panic!("`{g}`: {err}");
        }
    }
}

#[test]
fn refuses_false_goals() {
    let mut e = prelude();
    for (i, g) in FALSE_GOALS.iter().enumerate() {
        match prove(&mut e, &format!("omega_false_{i}"), g, true) {
            Ok(()) => panic!("`{g}` was proved"),
            Err(msg) => assert!(
                msg.contains("omega could not prove the goal"),
                "`{g}`: unexpected error {msg}"
            ),
        }
    }
}

#[test]
fn failure_lists_the_facts_considered() {
    let mut e = prelude();
    let err = prove(&mut e, "omega_msg", "∀ (x y : Nat), x ≤ y → y ≤ x", true)
        .expect_err("not a theorem");
    assert!(err.contains("facts considered"), "{err}");
    assert!(err.contains('≤') || err.contains("LE.le"), "{err}");
}

#[test]
fn proof_files_check() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tactics");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("omega_") && n.ends_with(".cdr"))
    });
    assert!(
        !files.is_empty(),
        "no omega proof files in {}",
        dir.display()
    );
    let options = driver::Options::default();
    if let Err(d) = driver::check_paths(&files, &options) {
        panic!("{d:?}");
    }
}

/// A random fact over `a b c`: `Σ kᵢ·xᵢ + k ⋈ Σ lᵢ·xᵢ + l`.
fn fact_text(coeffs: &[u8], rel: u8) -> String {
    let side = |cs: &[u8]| {
        let mut parts: Vec<String> = ["a", "b", "c"]
            .iter()
            .zip(cs)
            .filter(|(_, &k)| k > 0)
            .map(|(v, k)| {
                if *k == 1 {
                    v.to_string()
                } else {
                    format!("{k} * {v}")
                }
            })
            .collect();
        parts.push(cs[3].to_string());
        parts.join(" + ")
    };
    let op = ["≤", "<", "=", "≠", "≥"][usize::from(rel % 5)];
    format!("{} {op} {}", side(&coeffs[..4]), side(&coeffs[4..]))
}

/// Whether the fact of `fact_text`/`int_fact_text` holds at `a b c := x`.
fn holds_at<T: Copy + Into<i64>>(coeffs: &[T], rel: u8, x: [i64; 3]) -> bool {
    let side =
        |cs: &[T]| -> i64 { (0..3).map(|i| cs[i].into() * x[i]).sum::<i64>() + cs[3].into() };
    let (l, r) = (side(&coeffs[..4]), side(&coeffs[4..]));
    match rel % 5 {
        0 => l <= r,
        1 => l < r,
        2 => l == r,
        3 => l != r,
        _ => l >= r,
    }
}

/// Whenever `omega` answers, the kernel accepts its proof, and the statement has no
/// counterexample on a small grid.
#[test]
fn random_problems_give_kernel_checked_proofs() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    let elab = std::cell::RefCell::new(prelude());
    let mut runner = TestRunner::new(Config::with_cases(24));
    let fact = (prop::collection::vec(0u8..3, 8), 0u8..5);
    let n = std::cell::Cell::new(0u32);
    runner
        .run(&prop::collection::vec(fact, 1..4), |facts| {
            let premises: Vec<String> = facts.iter().map(|(c, r)| fact_text(c, *r)).collect();
            let stmt = format!("∀ (a b c : Nat), {} → False", premises.join(" → "));
            n.set(n.get() + 1);
            let res = prove(
                &mut elab.borrow_mut(),
                &format!("omega_rand_{}", n.get()),
                &stmt,
                true,
            );
            match res {
                Ok(()) => {
                    for a in 0..5 {
                        for b in 0..5 {
                            for c in 0..5 {
                                let all = facts.iter().all(|(cs, r)| holds_at(cs, *r, [a, b, c]));
                                prop_assert!(
                                    !all,
                                    "`{}` proved but holds at {:?}",
                                    stmt,
                                    [a, b, c]
                                );
                            }
                        }
                    }
                }
                Err(e) => prop_assert!(
                    e.contains("omega could not prove the goal"),
                    "`{}`: {}",
                    stmt,
                    e
                ),
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

/// `Σ kᵢ·xᵢ + k` over `a b c : Int`, written with literal factors on either side, unary
/// minus and subtraction.
fn int_side(cs: &[i8]) -> String {
    let mut out = String::new();
    for (i, (v, &k)) in ["a", "b", "c"].iter().zip(cs).enumerate() {
        let term = match k {
            0 => continue,
            1 => v.to_string(),
            -1 => format!("-{v}"),
            k if i % 2 == 0 && k < 0 => format!("({k} : Int) * {v}"),
            k if i % 2 == 0 => format!("{k} * {v}"),
            k => format!("{v} * ({k})"),
        };
        out = if out.is_empty() {
            term
        } else {
            format!("{out} + {term}")
        };
    }
    let c = cs[3];
    match (out.is_empty(), c) {
        (true, c) => format!("({c} : Int)"),
        (false, c) if c < 0 => format!("{out} - {}", -c),
        (false, c) => format!("{out} + {c}"),
    }
}

/// A random fact `Σ kᵢ·xᵢ + k ⋈ Σ lᵢ·xᵢ + l` over `a b c : Int`.
fn int_fact_text(coeffs: &[i8], rel: u8) -> String {
    let op = ["≤", "<", "=", "≠", "≥"][usize::from(rel % 5)];
    format!("{} {op} {}", int_side(&coeffs[..4]), int_side(&coeffs[4..]))
}

/// Over `Int` too: whenever `omega` answers, the kernel accepts its proof and the
/// statement has no counterexample on a grid around zero.
#[test]
fn random_int_problems_give_kernel_checked_proofs() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    let elab = std::cell::RefCell::new(prelude());
    let mut runner = TestRunner::new(Config::with_cases(24));
    let fact = (prop::collection::vec(-2i8..=2, 8), 0u8..5);
    let n = std::cell::Cell::new(0u32);
    let proved = std::cell::Cell::new(0u32);
    runner
        .run(&prop::collection::vec(fact, 2..7), |facts| {
            let premises: Vec<String> = facts.iter().map(|(c, r)| int_fact_text(c, *r)).collect();
            let stmt = format!("∀ (a b c : Int), {} → False", premises.join(" → "));
            n.set(n.get() + 1);
            let res = prove(
                &mut elab.borrow_mut(),
                &format!("omega_int_rand_{}", n.get()),
                &stmt,
                true,
            );
            match res {
                Ok(()) => {
                    proved.set(proved.get() + 1);
                    for a in -4..=4 {
                        for b in -4..=4 {
                            for c in -4..=4 {
                                let all = facts.iter().all(|(cs, r)| holds_at(cs, *r, [a, b, c]));
                                prop_assert!(
                                    !all,
                                    "`{}` proved but holds at {:?}",
                                    stmt,
                                    [a, b, c]
                                );
                            }
                        }
                    }
                }
                Err(e) => prop_assert!(
                    e.contains("omega could not prove the goal"),
                    "`{}`: {}",
                    stmt,
                    e
                ),
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    eprintln!("proved {} of {}", proved.get(), n.get());
}

/// Valid by construction: from facts `Lᵢ ⋈ᵢ cᵢ` (`≤`, `<` or `=`), the combination
/// `Σ mᵢ * (Lᵢ) ≤ Σ mᵢ·cᵢ` (strict when a strict fact has a multiplier) follows, so
/// `omega` must prove it.
#[test]
fn random_int_consequences_are_proved() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    let elab = std::cell::RefCell::new(prelude());
    let mut runner = TestRunner::new(Config::with_cases(16));
    let fact = (prop::collection::vec(-2i8..=2, 3), -3i8..=3, 0u8..3, 0u8..3);
    let n = std::cell::Cell::new(0u32);
    runner
        .run(&prop::collection::vec(fact, 1..4), |facts| {
            let mut premises = Vec::new();
            let (mut combo, mut total, mut strict) = (Vec::new(), 0i32, false);
            for (ks, c, rel, m) in &facts {
                let lhs = int_side(&[ks[0], ks[1], ks[2], 0]);
                let op = ["≤", "<", "="][usize::from(*rel)];
                premises.push(format!("{lhs} {op} {c}"));
                if *m > 0 {
                    combo.push(format!("{m} * ({lhs})"));
                    total += i32::from(*m) * i32::from(*c);
                    strict |= *rel == 1;
                }
            }
            if combo.is_empty() {
                return Ok(());
            }
            let op = if strict { "<" } else { "≤" };
            let stmt = format!(
                "∀ (a b c : Int), {} → {} {op} {total}",
                premises.join(" → "),
                combo.join(" + ")
            );
            n.set(n.get() + 1);
            let res = prove(
                &mut elab.borrow_mut(),
                &format!("omega_int_combo_{}", n.get()),
                &stmt,
                true,
            );
            prop_assert!(res.is_ok(), "`{}`: {:?}", stmt, res);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}
