//! Nat literal arithmetic agrees with the unary definitions.
//!
//! The accelerated functions are declared from definitions written here with `Nat.rec`
//! (so they must pass the kernel's built-in check), and the same text is declared again
//! over a copy `N` of `Nat` that the kernel knows nothing about, where it can only compute
//! by unary reduction. Random small arguments must give the same result both ways.

mod common;
use cedrus_kernel::*;
use common::*;
use num_bigint::BigUint;
use proptest::prelude::*;

const Z: &str = "Nat.zero";
const TWO: &str = "(Nat.succ (Nat.succ Nat.zero))";

fn cond(b: &str, t: &str, f: &str) -> String {
    format!("(Bool.rec.{{1}} (fun (c : Bool) Nat) {f} {t} {b})")
}
fn and(a: &str, b: &str) -> String {
    format!("(Bool.rec.{{1}} (fun (c : Bool) Bool) Bool.false {b} {a})")
}
fn not(a: &str) -> String {
    format!("(Bool.rec.{{1}} (fun (c : Bool) Bool) Bool.true Bool.false {a})")
}

/// `(name, type, value)` of every accelerated function, over `Nat`.
fn definitions() -> Vec<(&'static str, String, String)> {
    let nnn = "(-> Nat Nat Nat)".to_owned();
    let nnb = "(-> Nat Nat Bool)".to_owned();
    let div_like = |is_div: bool| {
        let z = if is_div {
            format!("(fun (n : Nat) {Z})")
        } else {
            "(fun (n : Nat) n)".to_owned()
        };
        let go = and("(Nat.ble y n)", &not(&format!("(Nat.beq y {Z})")));
        let (t, f) = if is_div {
            ("(Nat.succ (ih (Nat.sub n y)))".to_owned(), Z.to_owned())
        } else {
            ("(ih (Nat.sub n y))".to_owned(), "n".to_owned())
        };
        format!(
            "(fun (x : Nat) (y : Nat) ((Nat.rec.{{1}} (fun (t : Nat) (-> Nat Nat)) {z}
               (fun (k : Nat) (ih : (-> Nat Nat)) (fun (n : Nat) {})) (Nat.succ x)) x))",
            cond(&go, &t, &f)
        )
    };
    let bitwise = |low: &str| {
        let done = and(&format!("(Nat.beq a {Z})"), &format!("(Nat.beq b {Z})"));
        let next =
            format!("(Nat.add (Nat.mul {TWO} (ih (Nat.div a {TWO}) (Nat.div b {TWO}))) {low})");
        format!(
            "(fun (x : Nat) (y : Nat) ((Nat.rec.{{1}} (fun (t : Nat) (-> Nat Nat Nat)) (fun (a : Nat) (b : Nat) {Z})
               (fun (k : Nat) (ih : (-> Nat Nat Nat)) (fun (a : Nat) (b : Nat) {}))
               (Nat.succ (Nat.add x y))) x y))",
            cond(&done, Z, &next)
        )
    };
    let (ba, bb) = (format!("(Nat.mod a {TWO})"), format!("(Nat.mod b {TWO})"));
    let both = format!("(Nat.mul {ba} {bb})");
    let sum = format!("(Nat.add {ba} {bb})");
    vec![
        ("Nat.add", nnn.clone(), "(fun (x : Nat) (y : Nat) (Nat.rec.{1} (fun (t : Nat) Nat) x (fun (n : Nat) (ih : Nat) (Nat.succ ih)) y))".into()),
        ("Nat.sub", nnn.clone(), format!("(fun (x : Nat) (y : Nat) (Nat.rec.{{1}} (fun (t : Nat) Nat) x (fun (n : Nat) (ih : Nat) (Nat.rec.{{1}} (fun (t : Nat) Nat) {Z} (fun (k : Nat) (r : Nat) k) ih)) y))")),
        ("Nat.mul", nnn.clone(), format!("(fun (x : Nat) (y : Nat) (Nat.rec.{{1}} (fun (t : Nat) Nat) {Z} (fun (n : Nat) (ih : Nat) (Nat.add ih x)) y))")),
        ("Nat.pow", nnn.clone(), "(fun (x : Nat) (y : Nat) (Nat.rec.{1} (fun (t : Nat) Nat) (Nat.succ Nat.zero) (fun (n : Nat) (ih : Nat) (Nat.mul ih x)) y))".into()),
        ("Nat.beq", nnb.clone(), "(fun (x : Nat) (y : Nat) ((Nat.rec.{1} (fun (t : Nat) (-> Nat Bool))
            (fun (m : Nat) (Nat.rec.{1} (fun (t : Nat) Bool) Bool.true (fun (k : Nat) (r : Bool) Bool.false) m))
            (fun (n : Nat) (ih : (-> Nat Bool)) (fun (m : Nat) (Nat.rec.{1} (fun (t : Nat) Bool) Bool.false (fun (k : Nat) (r : Bool) (ih k)) m))) x) y))".into()),
        ("Nat.ble", nnb, "(fun (x : Nat) (y : Nat) ((Nat.rec.{1} (fun (t : Nat) (-> Nat Bool))
            (fun (m : Nat) Bool.true)
            (fun (n : Nat) (ih : (-> Nat Bool)) (fun (m : Nat) (Nat.rec.{1} (fun (t : Nat) Bool) Bool.false (fun (k : Nat) (r : Bool) (ih k)) m))) x) y))".into()),
        ("Nat.div", nnn.clone(), div_like(true)),
        ("Nat.mod", nnn.clone(), div_like(false)),
        ("Nat.gcd", nnn.clone(), format!(
            "(fun (x : Nat) (y : Nat) ((Nat.rec.{{1}} (fun (t : Nat) (-> Nat Nat Nat)) (fun (a : Nat) (b : Nat) b)
               (fun (k : Nat) (ih : (-> Nat Nat Nat)) (fun (a : Nat) (b : Nat) {})) (Nat.succ x)) x y))",
            cond(&format!("(Nat.beq a {Z})"), "b", "(ih (Nat.mod b a) a)"))),
        ("Nat.land", nnn.clone(), bitwise(&both)),
        ("Nat.lor", nnn.clone(), bitwise(&format!("(Nat.sub {sum} {both})"))),
        ("Nat.xor", nnn.clone(), bitwise(&format!("(Nat.sub {sum} (Nat.mul {TWO} {both}))"))),
        ("Nat.shiftLeft", nnn.clone(), format!("(fun (x : Nat) (y : Nat) (Nat.mul x (Nat.pow {TWO} y)))")),
        ("Nat.shiftRight", nnn, format!("(fun (x : Nat) (y : Nat) (Nat.div x (Nat.pow {TWO} y)))")),
        ("Nat.log2", "(-> Nat Nat)".into(), format!(
            "(fun (x : Nat) ((Nat.rec.{{1}} (fun (t : Nat) (-> Nat Nat)) (fun (n : Nat) {Z})
               (fun (k : Nat) (ih : (-> Nat Nat)) (fun (n : Nat) {})) x) x))",
            cond(&format!("(Nat.ble {TWO} n)"), &format!("(Nat.succ (ih (Nat.div n {TWO})))"), Z))),
    ]
}

fn base(env: &mut Environment, nat: &str) {
    let r = |s: &str| s.replace("Nat", nat);
    ind(
        env,
        &[],
        0,
        &[(
            nat,
            "Type",
            &[
                (&r("Nat.zero"), &r("Nat")),
                (&r("Nat.succ"), &r("(-> Nat Nat)")),
            ],
        )],
    )
    .unwrap();
    if env.get(&Name::new("Bool")).is_none() {
        ind(
            env,
            &[],
            0,
            &[(
                "Bool",
                "Type",
                &[("Bool.false", "Bool"), ("Bool.true", "Bool")],
            )],
        )
        .unwrap();
        ind(
            env,
            &["u"],
            2,
            &[(
                "Eq",
                "(pi (α : Sort.{u}) (a : α) (b : α) Prop)",
                &[("Eq.refl", "(pi (α : Sort.{u}) (a : α) (Eq.{u} α a a))")],
            )],
        )
        .unwrap();
    }
    for (n, ty, val) in definitions() {
        def(env, &r(n), &[], &r(&ty), &r(&val)).unwrap();
    }
}

fn unary(v: u64) -> String {
    let mut s = "N.zero".to_owned();
    for _ in 0..v {
        s = format!("(N.succ {s})");
    }
    s
}

fn environments() -> Environment {
    let mut env = Environment::new();
    base(&mut env, "Nat");
    base(&mut env, "N");
    env
}

#[test]
fn handwritten_definitions_enable_acceleration() {
    let env = environments();
    assert_eq!(env.builtins().nat_ops.len(), 15);
}

fn agree(env: &mut Environment, op: &str, x: u64, y: u64) {
    let r = builtins::compute(op, &BigUint::from(x), &BigUint::from(y)).unwrap();
    let args_lit = if op == builtins::NAT_LOG2 {
        format!("{x}")
    } else {
        format!("{x} {y}")
    };
    let args_un = if op == builtins::NAT_LOG2 {
        unary(x)
    } else {
        format!("{} {}", unary(x), unary(y))
    };
    let uop = op.replace("Nat", "N");
    let (lit_stmt, un_stmt, proof_lit, proof_un) = match r {
        builtins::NatResult::Nat(v) => {
            let v = u64::try_from(&v).unwrap();
            (
                format!("(Eq.{{1}} Nat ({op} {args_lit}) {v})"),
                format!("(Eq.{{1}} N ({uop} {args_un}) {})", unary(v)),
                format!("(Eq.refl.{{1}} Nat {v})"),
                format!("(Eq.refl.{{1}} N {})", unary(v)),
            )
        }
        builtins::NatResult::Bool(b) => {
            let c = if b { "Bool.true" } else { "Bool.false" };
            (
                format!("(Eq.{{1}} Bool ({op} {args_lit}) {c})"),
                format!("(Eq.{{1}} Bool ({uop} {args_un}) {c})"),
                format!("(Eq.refl.{{1}} Bool {c})"),
                format!("(Eq.refl.{{1}} Bool {c})"),
            )
        }
    };
    thm(
        env,
        &format!("lit_{op}_{x}_{y}"),
        &[],
        &lit_stmt,
        &proof_lit,
    )
    .unwrap();
    thm(env, &format!("un_{op}_{x}_{y}"), &[], &un_stmt, &proof_un)
        .unwrap_or_else(|e| panic!("{op} {x} {y}: unary reduction disagrees: {e}"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
    #[test]
    fn literal_arithmetic_matches_unary_reduction(x in 0u64..9, y in 0u64..6) {
        let mut env = environments();
        let mut ops: Vec<&str> = builtins::NAT_BINOPS.to_vec();
        ops.push(builtins::NAT_LOG2);
        for op in ops {
            let y = if matches!(op, "Nat.pow" | "Nat.shiftLeft") { y.min(3) } else { y };
            agree(&mut env, op, x, y);
        }
    }
}

#[test]
fn large_literals_compute_fast() {
    let mut env = environments();
    let big = "123456789012345678901234567890";
    thm(
        &mut env,
        "big_mul",
        &[],
        &format!("(Eq.{{1}} Nat (Nat.div (Nat.mul {big} {big}) {big}) {big})"),
        &format!("(Eq.refl.{{1}} Nat {big})"),
    )
    .unwrap();
}
