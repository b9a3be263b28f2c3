//! `omega` over the integers: facts that have rational but no integer solutions are
//! refuted through tightening derivations (`Omega.unsat_steps`), each proof re-checked by
//! the kernel when it is added as a theorem; false statements are refused.

mod omega_util;

use cedrus_kernel::Name;
use omega_util::{prelude, proof_text, prove as prove_with};

/// Proves `stmt` with its premises introduced.
fn prove(elab: &mut omega_util::Elaborator, name: &str, stmt: &str) -> Result<(), String> {
    prove_with(elab, name, stmt, true)
}

/// True on `Nat`, but not on the rationals: each needs tightening.
const INTEGER_GOALS: &[&str] = &[
    "∀ (x : Nat), 2 * x ≠ 1",
    "∀ (x y : Nat), 2 * x + 4 * y ≠ 3",
    "∀ (x : Nat), 3 ≤ 2 * x → 2 * x ≤ 3 → False",
    "∀ (x y : Nat), x % 2 = 1 → x = 2 * y → False",
    "∀ (x y : Nat), 2 * x = 2 * y + 1 → False",
    "∀ (x y : Nat), 6 * x + 9 * y ≠ 4",
    "∀ (x : Nat), 4 * x + 2 ≠ 8 * x",
    "∀ (x : Nat), x % 2 = 1 → (x + 1) % 2 = 0",
    "∀ (x : Nat), x % 2 = 0 → (x + 2) % 2 = 0",
    "∀ (x : Nat), (2 * x) % 2 = 0",
    "∀ (x : Nat), (2 * x + 1) / 2 = x",
    "∀ (x y : Nat), 2 * x ≤ 2 * y + 1 → x ≤ y",
    "∀ (x y : Nat), 3 * x + 1 ≤ 3 * y → x + 1 ≤ y",
    "∀ (x y z : Nat), x = 2 * y → x = 2 * z + 1 → False",
    "∀ (x : Nat), x % 4 = 3 → x % 2 = 1",
];

/// False statements near the ones above: `omega` must refuse them.
const FALSE_GOALS: &[&str] = &[
    "∀ (x : Nat), 2 * x ≠ 4",
    "∀ (x y : Nat), 2 * x + 3 * y ≠ 5",
    "∀ (x : Nat), x % 3 = 1 → (x + 1) % 3 = 0",
    "∀ (x y : Nat), 2 * x = y + 1 → False",
    "∀ (x y : Nat), 2 * x ≤ 2 * y + 2 → x ≤ y",
    "∀ (x : Nat), x % 2 = 1 → x % 4 = 1",
];

#[test]
fn the_derivation_checker_is_in_the_prelude() {
    let elab = prelude();
    for n in [
        "Omega.Step",
        "Omega.runSteps",
        "Omega.unsat_steps",
        "Omega.unsat",
    ] {
        assert!(elab.env.get(&Name::new(n)).is_some(), "{n} is missing");
    }
}

#[test]
fn proves_goals_that_need_tightening() {
    let mut e = prelude();
    for (i, g) in INTEGER_GOALS.iter().enumerate() {
        let name = format!("omega_int_{i}");
        if let Err(err) = prove(&mut e, &name, g) {
            panic!("`{g}`: {err}");
        }
    }
    let text = proof_text(&e, "omega_int_0");
    assert!(text.contains("Omega.unsat_steps"), "{text}");
}

#[test]
fn rational_refutations_keep_the_single_combination_certificate() {
    let mut e = prelude();
    prove(&mut e, "omega_rat", "∀ (x y : Nat), x < y → y ≤ x → False").expect("proved");
    let text = proof_text(&e, "omega_rat");
    assert!(text.contains("Omega.unsat"), "{text}");
    assert!(!text.contains("Omega.unsat_steps"), "{text}");
}

#[test]
fn refuses_false_goals() {
    let mut e = prelude();
    for (i, g) in FALSE_GOALS.iter().enumerate() {
        match prove(&mut e, &format!("omega_int_false_{i}"), g) {
            Ok(()) => panic!("`{g}` was proved"),
            Err(msg) => assert!(
                msg.contains("omega could not prove the goal"),
                "`{g}`: unexpected error {msg}"
            ),
        }
    }
}

/// `Σ kᵢ·xᵢ + k ⋈ Σ lᵢ·xᵢ + l` over `x y`, with the relation `≤`, `=` or `≠`.
#[derive(Clone, Debug)]
struct RFact {
    l: [u8; 3],
    r: [u8; 3],
    rel: u8,
}

impl RFact {
    fn text(&self) -> String {
        let side = |cs: &[u8; 3]| {
            let mut parts: Vec<String> = ["x", "y"]
                .iter()
                .zip(cs)
                .filter(|(_, &k)| k > 0)
                .map(|(v, k)| format!("{k} * {v}"))
                .collect();
            parts.push(cs[2].to_string());
            parts.join(" + ")
        };
        let op = ["≤", "=", "≠"][usize::from(self.rel % 3)];
        format!("{} {op} {}", side(&self.l), side(&self.r))
    }

    fn holds(&self, x: [i64; 2]) -> bool {
        let side =
            |cs: &[u8; 3]| i64::from(cs[0]) * x[0] + i64::from(cs[1]) * x[1] + i64::from(cs[2]);
        let (l, r) = (side(&self.l), side(&self.r));
        match self.rel % 3 {
            0 => l <= r,
            1 => l == r,
            _ => l != r,
        }
    }
}

/// Random small systems against a brute-force oracle: `omega` never refutes a system
/// with a solution in the box, and every proof it gives passes the kernel. Systems on
/// one atom with only `≤` and `=` are decided exactly (their solutions, if any, include
/// one inside the box), so there `omega` must succeed whenever the oracle finds none.
#[test]
fn random_systems_against_an_integer_oracle() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    let elab = std::cell::RefCell::new(prelude());
    let mut runner = TestRunner::new(Config::with_cases(48));
    let fact = (
        prop::array::uniform3(0u8..4),
        prop::array::uniform3(0u8..4),
        0u8..3,
        any::<bool>(),
    )
        .prop_map(|(mut l, mut r, rel, one_atom)| {
            if one_atom {
                l[1] = 0;
                r[1] = 0;
            }
            RFact { l, r, rel }
        });
    let n = std::cell::Cell::new(0u32);
    runner
        .run(&prop::collection::vec(fact, 1..4), |facts| {
            let premises: Vec<String> = facts.iter().map(RFact::text).collect();
            let stmt = format!("∀ (x y : Nat), {} → False", premises.join(" → "));
            n.set(n.get() + 1);
            let name = format!("omega_int_rand_{}", n.get());
            let res = prove(&mut elab.borrow_mut(), &name, &stmt);
            let solution = (0..12)
                .flat_map(|x| (0..12).map(move |y| [x, y]))
                .find(|&p| facts.iter().all(|f| f.holds(p)));
            match (&res, solution) {
                (Ok(()), Some(p)) => {
                    prop_assert!(false, "`{}` proved but holds at {:?}", stmt, p)
                }
                (Err(e), _) => prop_assert!(
                    e.contains("omega could not prove the goal"),
                    "`{}`: {}",
                    stmt,
                    e
                ),
                (Ok(()), None) => {}
            }
            let decidable = facts
                .iter()
                .all(|f| f.l[1] == 0 && f.r[1] == 0 && f.rel % 3 != 2);
            if decidable && solution.is_none() {
                prop_assert!(res.is_ok(), "`{}` has no solution but was not proved", stmt);
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn large_literals_are_within_bounds() {
    let mut e = prelude();
    for (i, g) in [
        "∀ (x : Nat), x ≤ 10000000000000000000 → x < 10000000000000000001",
        "∀ (x : Nat), 2 * x ≠ 10000000000000000001",
    ]
    .iter()
    .enumerate()
    {
        if let Err(err) = prove(&mut e, &format!("omega_big_{i}"), g) {
            panic!("`{g}`: {err}");
        }
    }
}
