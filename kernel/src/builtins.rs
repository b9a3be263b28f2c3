//! The Nat and String built-ins: shape checks for their declarations, the reference
//! definitions accelerated functions must match, and literal arithmetic.
//!
//! Literal acceleration is sound only if the accelerated constants mean what the kernel
//! computes. So `Nat` must be declared exactly as `Nat : Type` with `Nat.zero : Nat` and
//! `Nat.succ : Nat → Nat`; each accelerated function (`Nat.add`, …) must be a definition
//! with the expected type whose value is definitionally equal to the kernel's reference
//! definition (by `Nat.rec`, see [`reference_definition`]); only then is it computed on
//! literals. A declaration of one of these names with another shape is refused.

use crate::decl::{ConstantKind, Declaration};
use crate::env::Environment;
use crate::error::KernelError;
use crate::expr::{Expr, Node, Store};
use crate::level::Level;
use crate::name::Name;
use crate::tc::TypeChecker;
use num_bigint::BigUint;

/// The accelerated binary functions on `Nat`, in the order their references depend on.
pub const NAT_BINOPS: [&str; 14] = [
    "Nat.add",
    "Nat.sub",
    "Nat.mul",
    "Nat.pow",
    "Nat.beq",
    "Nat.ble",
    "Nat.div",
    "Nat.mod",
    "Nat.gcd",
    "Nat.land",
    "Nat.lor",
    "Nat.xor",
    "Nat.shiftLeft",
    "Nat.shiftRight",
];

/// The accelerated unary function on `Nat`.
pub const NAT_LOG2: &str = "Nat.log2";

/// Largest exponent or shift computed on literals (beyond it, reduction falls back to the
/// unary definition and normally runs out of fuel).
const MAX_SHIFT: u64 = 1 << 24;

/// The result of an accelerated function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NatResult {
    /// A number.
    Nat(BigUint),
    /// A boolean (`Nat.beq`, `Nat.ble`).
    Bool(bool),
}

/// Computes an accelerated function on literals (`y` is ignored by `Nat.log2`).
pub fn compute(op: &str, x: &BigUint, y: &BigUint) -> Option<NatResult> {
    use NatResult::{Bool, Nat};
    let zero = BigUint::ZERO;
    let small = |v: &BigUint| u64::try_from(v).ok().filter(|&v| v <= MAX_SHIFT);
    Some(match op {
        "Nat.add" => Nat(x + y),
        "Nat.sub" => Nat(if x >= y { x - y } else { zero }),
        "Nat.mul" => Nat(x * y),
        "Nat.pow" => Nat(x.pow(u32::try_from(small(y)?).ok()?)),
        "Nat.beq" => Bool(x == y),
        "Nat.ble" => Bool(x <= y),
        "Nat.div" => Nat(if *y == zero { zero } else { x / y }),
        "Nat.mod" => Nat(if *y == zero { x.clone() } else { x % y }),
        "Nat.gcd" => Nat(gcd(x.clone(), y.clone())),
        "Nat.land" => Nat(x & y),
        "Nat.lor" => Nat(x | y),
        "Nat.xor" => Nat(x ^ y),
        "Nat.shiftLeft" => Nat(x << small(y)?),
        "Nat.shiftRight" => Nat(match u64::try_from(y) {
            Ok(s) => x >> s,
            Err(_) => zero,
        }),
        "Nat.log2" => Nat(BigUint::from(x.bits().saturating_sub(1))),
        _ => return None,
    })
}

fn gcd(mut a: BigUint, mut b: BigUint) -> BigUint {
    while a != BigUint::ZERO {
        let r = &b % &a;
        b = a;
        a = r;
    }
    b
}

/// Whether `a` and `b` are the same term up to binder names and annotations.
fn same_shape(s: &Store, a: Expr, b: Expr) -> bool {
    if a == b {
        return true;
    }
    match (s.node(a), s.node(b)) {
        (Node::Pi(_, _, d1, b1), Node::Pi(_, _, d2, b2))
        | (Node::Lam(_, _, d1, b1), Node::Lam(_, _, d2, b2)) => {
            same_shape(s, *d1, *d2) && same_shape(s, *b1, *b2)
        }
        (Node::App(f1, a1), Node::App(f2, a2)) => {
            same_shape(s, *f1, *f2) && same_shape(s, *a1, *a2)
        }
        _ => false,
    }
}

fn mismatch(name: &Name, detail: &str) -> KernelError {
    KernelError::BuiltinMismatch {
        decl: name.clone(),
        detail: format!("`{name}` {detail}"),
    }
}

/// Checks the shape of built-in inductive types before they are added.
pub(crate) fn check_before(env: &mut Environment, decl: &Declaration) -> Result<(), KernelError> {
    let Declaration::Inductive(b) = decl else {
        return Ok(());
    };
    for t in &b.types {
        let expected: Option<Vec<(&str, Vec<&str>)>> = match t.name.as_str() {
            "Nat" => Some(vec![("Nat.zero", vec![]), ("Nat.succ", vec!["Nat"])]),
            "Bool" => Some(vec![("Bool.false", vec![]), ("Bool.true", vec![])]),
            _ => None,
        };
        let Some(expected) = expected else {
            continue;
        };
        let s = env.store_mut();
        let ty1 = s.sort(Level::one());
        let me = s.cnst(t.name.clone(), vec![]);
        let ok = b.types.len() == 1
            && b.lparams.is_empty()
            && b.num_params == 0
            && t.ty == ty1
            && t.ctors.len() == expected.len()
            && t.ctors.iter().zip(&expected).all(|(c, (cn, args))| {
                let mut want = me;
                for a in args.iter().rev() {
                    let a = s.cnst(*a, vec![]);
                    want = s.arrow(a, want);
                }
                c.name.as_str() == *cn && same_shape(s, c.ty, want)
            });
        if !ok {
            let list: Vec<&str> = expected.iter().map(|(c, _)| *c).collect();
            return Err(mismatch(
                &t.name,
                &format!(
                    "must be declared as `{} : Type` with constructors {}",
                    t.name,
                    list.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

/// After a declaration is added: verifies built-in definitions and enables extensions.
pub(crate) fn check_after(env: &mut Environment, decl: &Declaration) -> Result<(), KernelError> {
    let name = decl.name();
    match name.as_str() {
        "Nat" => env.parts().1.builtins.nat = true,
        "Bool" => env.parts().1.builtins.bool_ = true,
        n if (NAT_BINOPS.contains(&n) || n == NAT_LOG2) && env.builtins().nat => {
            verify_nat_op(env, decl, &name)?;
            env.parts().1.builtins.nat_ops.insert(name.clone());
        }
        _ => {}
    }
    if !env.builtins().string {
        enable_string(env);
    }
    Ok(())
}

fn verify_nat_op(
    env: &mut Environment,
    decl: &Declaration,
    name: &Name,
) -> Result<(), KernelError> {
    let Declaration::Definition {
        ty, value, lparams, ..
    } = decl
    else {
        return Err(mismatch(
            name,
            "must be a definition to be computed on literals",
        ));
    };
    if !lparams.is_empty() {
        return Err(mismatch(name, "must not have universe parameters"));
    }
    let (store, table) = env.parts();
    let mut tc = TypeChecker::new(store, table, name.clone(), vec![]);
    let Some((rty, rval)) = build_reference(&mut tc, name.as_str())? else {
        return Err(mismatch(
            name,
            "needs `Bool` and the built-ins it is defined from, declared first",
        ));
    };
    if !same_shape(tc.store, *ty, rty) {
        return Err(mismatch(name, &format!("must have type `{}`", tc.pp(rty))));
    }
    if !tc.is_def_eq(*value, rval)? {
        return Err(mismatch(
            name,
            "is not definitionally equal to the kernel's reference definition",
        ));
    }
    Ok(())
}

/// The type and reference value the kernel expects for an accelerated function, built in
/// `env`'s store; `None` if what it is defined from (`Nat`, `Bool`, earlier functions) is
/// not declared yet. An elaborator can use it to declare the built-ins.
pub fn reference_definition(env: &mut Environment, name: &str) -> Option<(Expr, Expr)> {
    let (store, table) = env.parts();
    let mut tc = TypeChecker::new(store, table, Name::new(name), vec![]);
    build_reference(&mut tc, name).ok().flatten()
}

struct B<'t, 'a> {
    tc: &'t mut TypeChecker<'a>,
}

impl B<'_, '_> {
    fn c(&mut self, n: &str) -> Expr {
        self.tc.store.cnst(n, vec![])
    }
    fn ap(&mut self, f: Expr, xs: &[Expr]) -> Expr {
        self.tc.store.apps(f, xs)
    }
    fn op(&mut self, n: &str, xs: &[Expr]) -> Expr {
        let f = self.c(n);
        self.ap(f, xs)
    }
    fn lit(&mut self, v: u32) -> Expr {
        self.tc.store.nat(v)
    }
    fn arrow(&mut self, a: Expr, b: Expr) -> Expr {
        self.tc.store.arrow(a, b)
    }
    /// `fun (x₁ : t₁) … => body(x₁, …)`.
    fn lam(&mut self, tys: &[Expr], body: impl FnOnce(&mut Self, &[Expr]) -> Expr) -> Expr {
        let xs: Vec<Expr> = tys
            .iter()
            .enumerate()
            .map(|(i, &t)| self.tc.fresh_local(Name::new(&format!("x{i}")), t))
            .collect();
        let b = body(self, &xs);
        self.tc.mk_binding(true, &xs, b)
    }
    /// `Nat.rec.{1} (motive := fun _ => m) z s major`.
    fn nat_rec(&mut self, m: Expr, z: Expr, s: Expr, major: Expr) -> Expr {
        let nat = self.c("Nat");
        let motive = self.lam(&[nat], |_, _| m);
        let r = self.tc.store.cnst("Nat.rec", vec![Level::one()]);
        self.ap(r, &[motive, z, s, major])
    }
    /// `Bool.rec.{1} (motive := fun _ => m) f t b`: `if b then t else f`.
    fn cond(&mut self, m: Expr, b: Expr, t: Expr, f: Expr) -> Expr {
        let bool_ = self.c("Bool");
        let motive = self.lam(&[bool_], |_, _| m);
        let r = self.tc.store.cnst("Bool.rec", vec![Level::one()]);
        self.ap(r, &[motive, f, t, b])
    }
    fn and(&mut self, a: Expr, b: Expr) -> Expr {
        let (bool_, ff) = (self.c("Bool"), self.c("Bool.false"));
        self.cond(bool_, a, b, ff)
    }
    fn not(&mut self, a: Expr) -> Expr {
        let (bool_, ff, tt) = (self.c("Bool"), self.c("Bool.false"), self.c("Bool.true"));
        self.cond(bool_, a, ff, tt)
    }
}

fn build_reference(
    tc: &mut TypeChecker<'_>,
    name: &str,
) -> Result<Option<(Expr, Expr)>, KernelError> {
    let needs: &[&str] = match name {
        "Nat.add" | "Nat.sub" => &[],
        "Nat.mul" => &["Nat.add"],
        "Nat.pow" => &["Nat.mul"],
        "Nat.beq" | "Nat.ble" => &["Bool"],
        "Nat.div" | "Nat.mod" => &["Bool", "Nat.ble", "Nat.beq", "Nat.sub"],
        "Nat.gcd" => &["Bool", "Nat.beq", "Nat.mod"],
        "Nat.log2" => &["Bool", "Nat.ble", "Nat.div"],
        "Nat.land" | "Nat.lor" | "Nat.xor" => &[
            "Bool", "Nat.beq", "Nat.add", "Nat.sub", "Nat.mul", "Nat.div", "Nat.mod",
        ],
        "Nat.shiftLeft" => &["Nat.mul", "Nat.pow"],
        "Nat.shiftRight" => &["Nat.div", "Nat.pow"],
        _ => return Ok(None),
    };
    let ready = |n: &str| match n {
        "Bool" => tc.table.builtins.bool_,
        n => tc.table.builtins.nat_ops.contains(&Name::new(n)),
    };
    if !tc.table.builtins.nat || !needs.iter().all(|n| ready(n)) {
        return Ok(None);
    }
    let mut b = B { tc };
    let nat = b.c("Nat");
    let bool_ = b.c("Bool");
    let nn = b.arrow(nat, nat);
    let nnn = b.arrow(nat, nn);
    let ret = if matches!(name, "Nat.beq" | "Nat.ble") {
        bool_
    } else {
        nat
    };
    let n_ret = b.arrow(nat, ret);
    let ty = if name == NAT_LOG2 {
        nn
    } else {
        b.arrow(nat, n_ret)
    };
    let val = match name {
        "Nat.add" | "Nat.sub" => {
            let step = if name == "Nat.add" {
                "Nat.succ"
            } else {
                "Nat.pred"
            };
            b.lam(&[nat, nat], |b, xs| {
                let s = b.lam(&[nat, nat], |b, ys| {
                    if step == "Nat.succ" {
                        b.op("Nat.succ", &[ys[1]])
                    } else {
                        let z = b.lit(0);
                        let p = b.lam(&[nat, nat], |_, zs| zs[0]);
                        b.nat_rec(nat, z, p, ys[1])
                    }
                });
                b.nat_rec(nat, xs[0], s, xs[1])
            })
        }
        "Nat.mul" | "Nat.pow" => {
            let (unit, step) = if name == "Nat.mul" {
                (0, "Nat.add")
            } else {
                (1, "Nat.mul")
            };
            b.lam(&[nat, nat], |b, xs| {
                let z = b.lit(unit);
                let s = b.lam(&[nat, nat], |b, ys| b.op(step, &[ys[1], xs[0]]));
                b.nat_rec(nat, z, s, xs[1])
            })
        }
        "Nat.beq" | "Nat.ble" => {
            let is_beq = name == "Nat.beq";
            b.lam(&[nat, nat], |b, xs| {
                let z = b.lam(&[nat], |b, ms| {
                    if is_beq {
                        let (tt, ff) = (b.c("Bool.true"), b.c("Bool.false"));
                        let k = b.lam(&[nat, bool_], |_, _| ff);
                        b.nat_rec(bool_, tt, k, ms[0])
                    } else {
                        b.c("Bool.true")
                    }
                });
                let s = b.lam(&[nat, n_ret], |b, ys| {
                    b.lam(&[nat], |b, ms| {
                        let ff = b.c("Bool.false");
                        let k = b.lam(&[nat, bool_], |b, zs| b.ap(ys[1], &[zs[0]]));
                        b.nat_rec(bool_, ff, k, ms[0])
                    })
                });
                let r = b.nat_rec(n_ret, z, s, xs[0]);
                b.ap(r, &[xs[1]])
            })
        }
        "Nat.div" | "Nat.mod" => {
            let is_div = name == "Nat.div";
            b.lam(&[nat, nat], |b, xs| {
                let z = b.lam(&[nat], |b, ns| if is_div { b.lit(0) } else { ns[0] });
                let s = b.lam(&[nat, nn], |b, ys| {
                    b.lam(&[nat], |b, ns| {
                        let le = b.op("Nat.ble", &[xs[1], ns[0]]);
                        let zero = b.lit(0);
                        let is0 = b.op("Nat.beq", &[xs[1], zero]);
                        let pos = b.not(is0);
                        let go = b.and(le, pos);
                        let rest = b.op("Nat.sub", &[ns[0], xs[1]]);
                        let rec = b.ap(ys[1], &[rest]);
                        let (t, f) = if is_div {
                            (b.op("Nat.succ", &[rec]), b.lit(0))
                        } else {
                            (rec, ns[0])
                        };
                        b.cond(nat, go, t, f)
                    })
                });
                let fuel = b.op("Nat.succ", &[xs[0]]);
                let r = b.nat_rec(nn, z, s, fuel);
                b.ap(r, &[xs[0]])
            })
        }
        "Nat.gcd" => b.lam(&[nat, nat], |b, xs| {
            let z = b.lam(&[nat, nat], |_, ab| ab[1]);
            let s = b.lam(&[nat, nnn], |b, ys| {
                b.lam(&[nat, nat], |b, ab| {
                    let zero = b.lit(0);
                    let is0 = b.op("Nat.beq", &[ab[0], zero]);
                    let m = b.op("Nat.mod", &[ab[1], ab[0]]);
                    let rec = b.ap(ys[1], &[m, ab[0]]);
                    b.cond(nat, is0, ab[1], rec)
                })
            });
            let fuel = b.op("Nat.succ", &[xs[0]]);
            let r = b.nat_rec(nnn, z, s, fuel);
            b.ap(r, &[xs[0], xs[1]])
        }),
        "Nat.log2" => b.lam(&[nat], |b, xs| {
            let z = b.lam(&[nat], |b, _| b.lit(0));
            let s = b.lam(&[nat, nn], |b, ys| {
                b.lam(&[nat], |b, ns| {
                    let two = b.lit(2);
                    let big = b.op("Nat.ble", &[two, ns[0]]);
                    let half = b.op("Nat.div", &[ns[0], two]);
                    let rec = b.ap(ys[1], &[half]);
                    let t = b.op("Nat.succ", &[rec]);
                    let f = b.lit(0);
                    b.cond(nat, big, t, f)
                })
            });
            let r = b.nat_rec(nn, z, s, xs[0]);
            b.ap(r, &[xs[0]])
        }),
        "Nat.land" | "Nat.lor" | "Nat.xor" => {
            let op = name.to_owned();
            b.lam(&[nat, nat], |b, xs| {
                let z = b.lam(&[nat, nat], |b, _| b.lit(0));
                let s = b.lam(&[nat, nnn], |b, ys| {
                    b.lam(&[nat, nat], |b, ab| {
                        let (zero, two) = (b.lit(0), b.lit(2));
                        let a0 = b.op("Nat.beq", &[ab[0], zero]);
                        let b0 = b.op("Nat.beq", &[ab[1], zero]);
                        let done = b.and(a0, b0);
                        let ha = b.op("Nat.div", &[ab[0], two]);
                        let hb = b.op("Nat.div", &[ab[1], two]);
                        let rec = b.ap(ys[1], &[ha, hb]);
                        let high = b.op("Nat.mul", &[two, rec]);
                        let ba = b.op("Nat.mod", &[ab[0], two]);
                        let bb = b.op("Nat.mod", &[ab[1], two]);
                        let both = b.op("Nat.mul", &[ba, bb]);
                        let low = match op.as_str() {
                            "Nat.land" => both,
                            "Nat.lor" => {
                                let sum = b.op("Nat.add", &[ba, bb]);
                                b.op("Nat.sub", &[sum, both])
                            }
                            _ => {
                                let sum = b.op("Nat.add", &[ba, bb]);
                                let twice = b.op("Nat.mul", &[two, both]);
                                b.op("Nat.sub", &[sum, twice])
                            }
                        };
                        let next = b.op("Nat.add", &[high, low]);
                        b.cond(nat, done, zero, next)
                    })
                });
                let sum = b.op("Nat.add", &[xs[0], xs[1]]);
                let fuel = b.op("Nat.succ", &[sum]);
                let r = b.nat_rec(nnn, z, s, fuel);
                b.ap(r, &[xs[0], xs[1]])
            })
        }
        "Nat.shiftLeft" | "Nat.shiftRight" => {
            let op = if name == "Nat.shiftLeft" {
                "Nat.mul"
            } else {
                "Nat.div"
            };
            b.lam(&[nat, nat], |b, xs| {
                let two = b.lit(2);
                let p = b.op("Nat.pow", &[two, xs[1]]);
                b.op(op, &[xs[0], p])
            })
        }
        _ => return Ok(None),
    };
    Ok(Some((ty, val)))
}

/// Enables string literals once `String`, `String.mk`, `Char`, `Char.ofNat` and `List`
/// are declared with the expected shapes.
fn enable_string(env: &mut Environment) {
    let kind = |env: &Environment, n: &str| env.get(&Name::new(n)).map(|c| c.kind.clone());
    let is_ind = |k: Option<ConstantKind>| matches!(k, Some(ConstantKind::Inductive(_)));
    if !env.builtins().nat
        || !is_ind(kind(env, "String"))
        || !is_ind(kind(env, "Char"))
        || !is_ind(kind(env, "List"))
    {
        return;
    }
    let (Some(mk), Some(of_nat), Some(string), Some(list)) = (
        env.get(&Name::new("String.mk")).cloned(),
        env.get(&Name::new("Char.ofNat")).cloned(),
        env.get(&Name::new("String")).cloned(),
        env.get(&Name::new("List")).cloned(),
    ) else {
        return;
    };
    let string_ok = matches!(&string.kind, ConstantKind::Inductive(i) if i.ctors.len() == 1 && i.num_params == 0 && i.num_indices == 0);
    let list_ok = matches!(&list.kind, ConstantKind::Inductive(i) if i.num_params == 1 && i.ctors.iter().map(Name::as_str).eq(["List.nil", "List.cons"]))
        && list.lparams.len() == 1;
    let s = env.store_mut();
    let (ch, st, nat) = (
        s.cnst("Char", vec![]),
        s.cnst("String", vec![]),
        s.cnst("Nat", vec![]),
    );
    let l = s.cnst("List", vec![Level::zero()]);
    let lc = s.app(l, ch);
    let mk_ty = s.arrow(lc, st);
    let of_ty = s.arrow(nat, ch);
    let ok = string_ok
        && list_ok
        && mk.lparams.is_empty()
        && of_nat.lparams.is_empty()
        && same_shape(s, mk.ty, mk_ty)
        && same_shape(s, of_nat.ty, of_ty);
    if ok {
        env.parts().1.builtins.string = true;
    }
}
