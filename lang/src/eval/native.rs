//! Native implementations of the Nat and String functions.
//!
//! A constant is run natively only when the environment guarantees it means what the
//! native code computes: for the Nat functions the kernel accelerates, when the kernel has
//! verified the declaration against its reference definition ([`Environment::builtins`]);
//! for the others (`Nat.decEq`, `Nat.decLt`, `Nat.decLe`, the String functions, the Int
//! functions), when the constant is a definition with the expected type. Integers are
//! native when `Int` is declared as Lean declares it (`Int.ofNat`, `Int.negSucc`, both
//! `Nat → Int`); only the Int functions whose meaning is fixed by their Lean name are
//! accelerated (`Int.add sub mul neg ediv emod natAbs toNat decEq decLt decLe`), not the
//! division variants whose naming changed across Lean versions.

use super::value::{Int, Nat, Value};
use super::EvalError;
use cedrus_kernel::{ConstantKind, Environment, Expr, Name, Node};
use num_bigint::{BigInt, BigUint, Sign};

/// The kernel's limit on accelerated exponents and shifts (larger ones are refused here
/// rather than attempted).
const MAX_SHIFT: u64 = 1 << 24;

/// A natively implemented function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Native {
    /// `Nat.succ`.
    Succ,
    /// A binary Nat function (`Nat.add`, …) by its kernel name.
    NatBin(NatOp),
    /// `Nat.log2`.
    Log2,
    /// `Nat.decEq`, `Nat.decLt`, `Nat.decLe`.
    NatDec(Cmp),
    /// `String.append`.
    StrAppend,
    /// `String.length`.
    StrLength,
    /// `String.decEq`, `String.decLt`.
    StrDec(Cmp),
    /// The constructor `Int.ofNat`.
    IntOfNat,
    /// The constructor `Int.negSucc` (`n ↦ -(n+1)`).
    IntNegSucc,
    /// A binary Int function.
    IntBin(IntOp),
    /// A unary Int function.
    IntUn(IntUnOp),
    /// `Int.decEq`, `Int.decLt`, `Int.decLe`.
    IntDec(Cmp),
}

/// The binary Int functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IntOp {
    Add,
    Sub,
    Mul,
    /// Euclidean division (`x / 0 = 0`), Lean's `/` on `Int`.
    Ediv,
    /// Euclidean remainder (`x % 0 = x`), Lean's `%` on `Int`.
    Emod,
}

/// The unary Int functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IntUnOp {
    Neg,
    NatAbs,
    ToNat,
}

/// A comparison decided natively.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cmp {
    Eq,
    Lt,
    Le,
}

/// The binary Nat functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NatOp {
    Add,
    Sub,
    Mul,
    Pow,
    Beq,
    Ble,
    Div,
    Mod,
    Gcd,
    Land,
    Lor,
    Xor,
    ShiftLeft,
    ShiftRight,
}

impl Native {
    /// Number of arguments.
    pub(crate) fn arity(self) -> usize {
        match self {
            Native::Succ
            | Native::Log2
            | Native::StrLength
            | Native::IntOfNat
            | Native::IntNegSucc
            | Native::IntUn(_) => 1,
            _ => 2,
        }
    }
}

impl Native {
    /// The constant a string function implements: it is run from its definition when
    /// an argument is a string built with `String.mk` rather than a native string.
    pub(crate) fn string_fallback(self) -> Option<&'static str> {
        Some(match self {
            Native::StrAppend => "String.append",
            Native::StrLength => "String.length",
            Native::StrDec(Cmp::Eq) => "String.decEq",
            Native::StrDec(_) => "String.decLt",
            _ => return None,
        })
    }
}

fn nat_op(name: &str) -> Option<NatOp> {
    Some(match name {
        "Nat.add" => NatOp::Add,
        "Nat.sub" => NatOp::Sub,
        "Nat.mul" => NatOp::Mul,
        "Nat.pow" => NatOp::Pow,
        "Nat.beq" => NatOp::Beq,
        "Nat.ble" => NatOp::Ble,
        "Nat.div" => NatOp::Div,
        "Nat.mod" => NatOp::Mod,
        "Nat.gcd" => NatOp::Gcd,
        "Nat.land" => NatOp::Land,
        "Nat.lor" => NatOp::Lor,
        "Nat.xor" => NatOp::Xor,
        "Nat.shiftLeft" => NatOp::ShiftLeft,
        "Nat.shiftRight" => NatOp::ShiftRight,
        _ => return None,
    })
}

/// Whether `e` is the constant `n` (without universe arguments).
fn is_const(env: &Environment, e: Expr, n: &str) -> bool {
    matches!(env.store().node(e), Node::Const(c, ls) if c.as_str() == n && ls.is_empty())
}

/// Whether `ty` is `A₁ → … → Aₙ → R` with the given argument constants, and returns `R`.
fn arrow_result(env: &Environment, mut ty: Expr, args: &[&str]) -> Option<Expr> {
    for a in args {
        match env.store().node(ty) {
            Node::Pi(_, _, d, b) if is_const(env, *d, a) => ty = *b,
            _ => return None,
        }
    }
    Some(ty)
}

/// Whether `e` is `Decidable p` for some `p`.
fn is_decidable(env: &Environment, e: Expr) -> bool {
    matches!(env.store().node(e), Node::App(f, _) if is_const(env, *f, "Decidable"))
}

/// Whether `Int` is declared as Lean declares it: `Int : Type` with constructors
/// `Int.ofNat : Nat → Int` and `Int.negSucc : Nat → Int`, in this order.
pub(crate) fn has_int(env: &Environment) -> bool {
    let Some(info) = env.get(&Name::new("Int")) else {
        return false;
    };
    let ConstantKind::Inductive(i) = &info.kind else {
        return false;
    };
    let ctor_ok = |c: &str| {
        env.get(&Name::new(c)).is_some_and(|ci| {
            ci.lparams.is_empty()
                && arrow_result(env, ci.ty, &["Nat"]).is_some_and(|r| is_const(env, r, "Int"))
        })
    };
    env.builtins().nat
        && info.lparams.is_empty()
        && i.num_params == 0
        && i.num_indices == 0
        && i.ctors
            .iter()
            .map(Name::as_str)
            .eq(["Int.ofNat", "Int.negSucc"])
        && ctor_ok("Int.ofNat")
        && ctor_ok("Int.negSucc")
}

/// The native implementation of constant `n`, if it may be used.
pub(crate) fn lookup(env: &Environment, n: &Name) -> Option<Native> {
    let b = env.builtins();
    if n.as_str().starts_with("Int.") && !has_int(env) {
        return None;
    }
    match n.as_str() {
        "Int.ofNat" => return Some(Native::IntOfNat),
        "Int.negSucc" => return Some(Native::IntNegSucc),
        _ => {}
    }
    if n.as_str() == "Nat.succ" && b.nat {
        return Some(Native::Succ);
    }
    if b.nat_ops.contains(n) {
        if n.as_str() == "Nat.log2" {
            return Some(Native::Log2);
        }
        return nat_op(n.as_str()).map(Native::NatBin);
    }
    let info = env.get(n)?;
    if !matches!(info.kind, ConstantKind::Definition { .. }) || !info.lparams.is_empty() {
        return None;
    }
    let ty = info.ty;
    let (args, native): (&[&str], Native) = match n.as_str() {
        "Nat.decEq" if b.nat => (&["Nat", "Nat"], Native::NatDec(Cmp::Eq)),
        "Nat.decLt" if b.nat => (&["Nat", "Nat"], Native::NatDec(Cmp::Lt)),
        "Nat.decLe" if b.nat => (&["Nat", "Nat"], Native::NatDec(Cmp::Le)),
        "String.decEq" if b.string => (&["String", "String"], Native::StrDec(Cmp::Eq)),
        "String.decLt" if b.string => (&["String", "String"], Native::StrDec(Cmp::Lt)),
        "String.append" if b.string => (&["String", "String"], Native::StrAppend),
        "String.length" if b.string => (&["String"], Native::StrLength),
        "Int.add" => (&["Int", "Int"], Native::IntBin(IntOp::Add)),
        "Int.sub" => (&["Int", "Int"], Native::IntBin(IntOp::Sub)),
        "Int.mul" => (&["Int", "Int"], Native::IntBin(IntOp::Mul)),
        "Int.ediv" => (&["Int", "Int"], Native::IntBin(IntOp::Ediv)),
        "Int.emod" => (&["Int", "Int"], Native::IntBin(IntOp::Emod)),
        "Int.neg" => (&["Int"], Native::IntUn(IntUnOp::Neg)),
        "Int.natAbs" => (&["Int"], Native::IntUn(IntUnOp::NatAbs)),
        "Int.toNat" => (&["Int"], Native::IntUn(IntUnOp::ToNat)),
        "Int.decEq" => (&["Int", "Int"], Native::IntDec(Cmp::Eq)),
        "Int.decLt" => (&["Int", "Int"], Native::IntDec(Cmp::Lt)),
        "Int.decLe" => (&["Int", "Int"], Native::IntDec(Cmp::Le)),
        _ => return None,
    };
    let r = arrow_result(env, ty, args)?;
    let ok = match native {
        Native::NatDec(_) | Native::StrDec(_) | Native::IntDec(_) => is_decidable(env, r),
        Native::IntBin(_) | Native::IntUn(IntUnOp::Neg) => is_const(env, r, "Int"),
        Native::IntUn(_) => is_const(env, r, "Nat"),
        Native::StrAppend => is_const(env, r, "String"),
        Native::StrLength => is_const(env, r, "Nat"),
        _ => false,
    };
    ok.then_some(native)
}

/// The result of a native function, before it becomes a value.
pub(crate) enum Out {
    /// A number.
    Nat(Nat),
    /// A boolean (`Bool.true`/`Bool.false`).
    Bool(bool),
    /// A decision (`Decidable.isTrue`/`isFalse` with an erased proof).
    Decide(bool),
    /// An integer.
    Int(Int),
    /// A string.
    Str(String),
}

fn want_nat(op: Native, v: &Value) -> Result<&Nat, EvalError> {
    match v {
        Value::Nat(n) => Ok(n),
        other => Err(EvalError::Unexpected(format!(
            "{op:?} expects a natural number, got {}",
            other.shape()
        ))),
    }
}

fn want_int(op: Native, v: &Value) -> Result<&Int, EvalError> {
    match v {
        Value::Int(n) => Ok(n),
        other => Err(EvalError::Unexpected(format!(
            "{op:?} expects an integer, got {}",
            other.shape()
        ))),
    }
}

fn want_str(op: Native, v: &Value) -> Result<&str, EvalError> {
    match v {
        Value::Str(s) => Ok(s),
        other => Err(EvalError::Unexpected(format!(
            "{op:?} expects a native string, got {}",
            other.shape()
        ))),
    }
}

/// Runs a native function on evaluated arguments (`args.len() == op.arity()`); `None`
/// when a string function receives a string that is not native.
pub(crate) fn run(op: Native, args: &[Value]) -> Result<Option<Out>, EvalError> {
    if op.string_fallback().is_some() && args.iter().any(|a| !matches!(a, Value::Str(_))) {
        return Ok(None);
    }
    run_native(op, args).map(Some)
}

fn run_native(op: Native, args: &[Value]) -> Result<Out, EvalError> {
    let arg = |i: usize| {
        args.get(i)
            .ok_or_else(|| EvalError::Unexpected(format!("{op:?} is missing an argument")))
    };
    Ok(match op {
        Native::Succ => Out::Nat(match want_nat(op, arg(0)?)? {
            Nat::Small(v) if *v < u64::MAX => Nat::Small(v + 1),
            n => Nat::from_big(n.to_big() + 1u32),
        }),
        Native::Log2 => {
            let bits = match want_nat(op, arg(0)?)? {
                Nat::Small(v) => u64::from(64 - v.leading_zeros()),
                Nat::Big(b) => b.bits(),
            };
            Out::Nat(Nat::Small(bits.saturating_sub(1)))
        }
        Native::NatBin(o) => nat_bin(o, want_nat(op, arg(0)?)?, want_nat(op, arg(1)?)?)?,
        Native::NatDec(c) => {
            let (x, y) = (want_nat(op, arg(0)?)?, want_nat(op, arg(1)?)?);
            let ord = match (x, y) {
                (Nat::Small(a), Nat::Small(b)) => a.cmp(b),
                _ => x.to_big().cmp(&y.to_big()),
            };
            Out::Decide(decide(c, ord))
        }
        Native::StrDec(c) => {
            let (x, y) = (want_str(op, arg(0)?)?, want_str(op, arg(1)?)?);
            Out::Decide(decide(c, x.cmp(y)))
        }
        Native::StrAppend => {
            let (x, y) = (want_str(op, arg(0)?)?, want_str(op, arg(1)?)?);
            Out::Str(format!("{x}{y}"))
        }
        Native::StrLength => {
            let n = want_str(op, arg(0)?)?.chars().count();
            Out::Nat(Nat::Small(n as u64))
        }
        Native::IntOfNat => {
            let n = want_nat(op, arg(0)?)?;
            Out::Int(Int::from_big(BigInt::from(n.to_big())))
        }
        Native::IntNegSucc => {
            let n = want_nat(op, arg(0)?)?;
            Out::Int(Int::from_big(-BigInt::from(n.to_big()) - 1))
        }
        Native::IntUn(u) => {
            let x = want_int(op, arg(0)?)?.to_big();
            match u {
                IntUnOp::Neg => Out::Int(Int::from_big(-x)),
                IntUnOp::NatAbs => Out::Nat(Nat::from_big(x.magnitude().clone())),
                IntUnOp::ToNat => Out::Nat(Nat::from_big(x.to_biguint().unwrap_or_default())),
            }
        }
        Native::IntBin(o) => Out::Int(int_bin(o, want_int(op, arg(0)?)?, want_int(op, arg(1)?)?)),
        Native::IntDec(c) => {
            let (x, y) = (want_int(op, arg(0)?)?, want_int(op, arg(1)?)?);
            let ord = match (x, y) {
                (Int::Small(a), Int::Small(b)) => a.cmp(b),
                _ => x.to_big().cmp(&y.to_big()),
            };
            Out::Decide(decide(c, ord))
        }
    })
}

fn int_bin(op: IntOp, x: &Int, y: &Int) -> Int {
    if let (Int::Small(a), Int::Small(b)) = (x, y) {
        let (a, b) = (*a, *b);
        let r = match op {
            IntOp::Add => a.checked_add(b),
            IntOp::Sub => a.checked_sub(b),
            IntOp::Mul => a.checked_mul(b),
            IntOp::Ediv if b == 0 => Some(0),
            IntOp::Ediv => a.checked_div_euclid(b),
            IntOp::Emod if b == 0 => Some(a),
            IntOp::Emod => a.checked_rem_euclid(b),
        };
        if let Some(r) = r {
            return Int::Small(r);
        }
    }
    let (a, b) = (x.to_big(), y.to_big());
    Int::from_big(match op {
        IntOp::Add => a + b,
        IntOp::Sub => a - b,
        IntOp::Mul => a * b,
        IntOp::Ediv | IntOp::Emod if b.sign() == Sign::NoSign => {
            if op == IntOp::Ediv {
                BigInt::ZERO
            } else {
                a
            }
        }
        IntOp::Ediv | IntOp::Emod => {
            // Truncated division, then moved so that the remainder is non-negative.
            let (mut q, mut r) = (&a / &b, &a % &b);
            if r.sign() == Sign::Minus {
                if b.sign() == Sign::Plus {
                    q -= 1;
                    r += &b;
                } else {
                    q += 1;
                    r -= &b;
                }
            }
            if op == IntOp::Ediv {
                q
            } else {
                r
            }
        }
    })
}

fn decide(c: Cmp, ord: std::cmp::Ordering) -> bool {
    match c {
        Cmp::Eq => ord.is_eq(),
        Cmp::Lt => ord.is_lt(),
        Cmp::Le => ord.is_le(),
    }
}

/// Small exponents/shifts only, as the kernel does.
fn small_shift(y: &Nat) -> Result<u64, EvalError> {
    y.to_u64()
        .filter(|&v| v <= MAX_SHIFT)
        .ok_or_else(|| EvalError::Unexpected(format!("exponent or shift {y} is too large")))
}

fn nat_bin(op: NatOp, x: &Nat, y: &Nat) -> Result<Out, EvalError> {
    if let (Nat::Small(a), Nat::Small(b)) = (x, y) {
        if let Some(out) = small_bin(op, *a, *b) {
            return Ok(out);
        }
    }
    let (a, b) = (x.to_big(), y.to_big());
    let zero = BigUint::ZERO;
    let n = match op {
        NatOp::Add => a + b,
        NatOp::Sub => {
            if a >= b {
                a - b
            } else {
                zero
            }
        }
        NatOp::Mul => a * b,
        NatOp::Pow => {
            let e = u32::try_from(small_shift(y)?).unwrap_or(u32::MAX);
            a.pow(e)
        }
        NatOp::Beq => return Ok(Out::Bool(a == b)),
        NatOp::Ble => return Ok(Out::Bool(a <= b)),
        NatOp::Div => {
            if b == zero {
                zero
            } else {
                a / b
            }
        }
        NatOp::Mod => {
            if b == zero {
                a
            } else {
                a % b
            }
        }
        NatOp::Gcd => gcd(a, b),
        NatOp::Land => a & b,
        NatOp::Lor => a | b,
        NatOp::Xor => a ^ b,
        NatOp::ShiftLeft => a << small_shift(y)?,
        NatOp::ShiftRight => match y.to_u64() {
            Some(s) => a >> s,
            None => zero,
        },
    };
    Ok(Out::Nat(Nat::from_big(n)))
}

/// The machine-word fast path; `None` when the result needs a big integer.
fn small_bin(op: NatOp, a: u64, b: u64) -> Option<Out> {
    let n = |v: u64| Some(Out::Nat(Nat::Small(v)));
    match op {
        NatOp::Add => n(a.checked_add(b)?),
        NatOp::Sub => n(a.saturating_sub(b)),
        NatOp::Mul => n(a.checked_mul(b)?),
        NatOp::Pow => n(a.checked_pow(u32::try_from(b).ok()?)?),
        NatOp::Beq => Some(Out::Bool(a == b)),
        NatOp::Ble => Some(Out::Bool(a <= b)),
        NatOp::Div => n(a.checked_div(b).unwrap_or(0)),
        NatOp::Mod => n(if b == 0 { a } else { a % b }),
        NatOp::Gcd => {
            let (mut x, mut y) = (a, b);
            while x != 0 {
                (x, y) = (y % x, x);
            }
            n(y)
        }
        NatOp::Land => n(a & b),
        NatOp::Lor => n(a | b),
        NatOp::Xor => n(a ^ b),
        NatOp::ShiftLeft => {
            let s = u32::try_from(b).ok().filter(|&s| s < 64)?;
            (a.leading_zeros() >= s).then(|| Out::Nat(Nat::Small(a << s)))
        }
        NatOp::ShiftRight => n(if b >= 64 { 0 } else { a >> b }),
    }
}

fn gcd(mut a: BigUint, mut b: BigUint) -> BigUint {
    while a != BigUint::ZERO {
        let r = &b % &a;
        b = a;
        a = r;
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::Arc;

    fn big_nat(v: u64) -> Nat {
        Nat::Big(Arc::new(BigUint::from(v)))
    }

    fn big_int(v: i64) -> Int {
        Int::Big(Arc::new(BigInt::from(v)))
    }

    fn nat_out(o: Out) -> Option<BigUint> {
        match o {
            Out::Nat(n) => Some(n.to_big()),
            _ => None,
        }
    }

    #[test]
    fn euclidean_division_follows_lean() {
        let cases = [
            (-7, 2, -4, 1),
            (7, -2, -3, 1),
            (-7, -2, 4, 1),
            (7, 2, 3, 1),
            (5, 0, 0, 5),
            (-5, 0, 0, -5),
            (i64::MIN, -1, 0, 0),
        ];
        for (x, y, q, r) in cases {
            let (x, y) = (Int::Small(x), Int::Small(y));
            let want_q = if q == 0 && r == 0 {
                // i64::MIN / -1 overflows the word: the big path gives 2^63.
                Int::from_big(BigInt::from(i64::MIN) / BigInt::from(-1))
            } else {
                Int::Small(q)
            };
            assert_eq!(int_bin(IntOp::Ediv, &x, &y), want_q, "{x} / {y}");
            assert_eq!(int_bin(IntOp::Emod, &x, &y), Int::Small(r), "{x} % {y}");
        }
    }

    proptest! {
        /// The machine-word fast paths agree with big-integer arithmetic.
        #[test]
        fn word_and_big_nat_paths_agree(x in any::<u64>(), y in 0u64..200) {
            for op in [
                NatOp::Add, NatOp::Sub, NatOp::Mul, NatOp::Div, NatOp::Mod, NatOp::Gcd,
                NatOp::Land, NatOp::Lor, NatOp::Xor, NatOp::ShiftLeft, NatOp::ShiftRight,
            ] {
                let small = nat_bin(op, &Nat::Small(x), &Nat::Small(y)).map(nat_out);
                let big = nat_bin(op, &big_nat(x), &big_nat(y)).map(nat_out);
                prop_assert_eq!(small, big, "{:?}", op);
            }
        }

        #[test]
        fn word_and_big_int_paths_agree(x in any::<i64>(), y in any::<i64>()) {
            for op in [IntOp::Add, IntOp::Sub, IntOp::Mul, IntOp::Ediv, IntOp::Emod] {
                let small = int_bin(op, &Int::Small(x), &Int::Small(y));
                let big = int_bin(op, &big_int(x), &big_int(y));
                prop_assert_eq!(small, big.clone(), "{:?}", op);
                // Euclid: x = y * q + r with 0 <= r < |y| (when y != 0).
                if op == IntOp::Emod && y != 0 {
                    let r = big.to_big();
                    prop_assert!(r >= BigInt::ZERO && r < BigInt::from(y).magnitude().clone().into());
                }
            }
        }
    }
}
