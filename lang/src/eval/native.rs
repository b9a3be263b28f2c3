//! Native implementations of the Nat and String functions.
//!
//! A constant is run natively only when the environment guarantees it means what the
//! native code computes: for the Nat functions the kernel accelerates, when the kernel has
//! verified the declaration against its reference definition ([`Environment::builtins`]);
//! for the others (`Nat.decEq`, `Nat.decLt`, `Nat.decLe`, the String functions), when the
//! constant is a definition with the expected type.

use super::value::{Nat, Value};
use super::EvalError;
use cedrus_kernel::{ConstantKind, Environment, Expr, Name, Node};
use num_bigint::BigUint;

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
            Native::Succ | Native::Log2 | Native::StrLength => 1,
            _ => 2,
        }
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

/// The native implementation of constant `n`, if it may be used.
pub(crate) fn lookup(env: &Environment, n: &Name) -> Option<Native> {
    let b = env.builtins();
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
        _ => return None,
    };
    let r = arrow_result(env, ty, args)?;
    let ok = match native {
        Native::NatDec(_) | Native::StrDec(_) => is_decidable(env, r),
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

fn want_str(op: Native, v: &Value) -> Result<&str, EvalError> {
    match v {
        Value::Str(s) => Ok(s),
        other => Err(EvalError::Unexpected(format!(
            "{op:?} expects a native string, got {}",
            other.shape()
        ))),
    }
}

/// Runs a native function on evaluated arguments (`args.len() == op.arity()`).
pub(crate) fn run(op: Native, args: &[Value]) -> Result<Out, EvalError> {
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
