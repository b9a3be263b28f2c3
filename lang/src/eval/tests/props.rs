//! Property tests: agreement with the kernel.

use super::library::kernel_agrees;
use super::*;
use crate::eval::{Evaluator, Value};
use proptest::prelude::*;
use std::cell::RefCell;

/// A random closed first-order term of type `Nat`, `Bool` or `List Nat`.
#[derive(Clone, Debug)]
enum T {
    Lit(u64),
    NatOp(&'static str, Box<T>, Box<T>),
    Succ(Box<T>),
    Double(Box<T>),
    Length(Box<T>),
    Sum(Box<T>),
    Cond(&'static str, Box<T>, Box<T>, Box<T>),
    BoolLit(bool),
    Cmp(&'static str, Box<T>, Box<T>),
    Nil,
    Cons(Box<T>, Box<T>),
    Append(Box<T>, Box<T>),
    MapSucc(Box<T>),
    Replicate(Box<T>, Box<T>),
}

impl T {
    /// The term in the test syntax.
    fn render(&self) -> String {
        match self {
            T::Lit(n) => n.to_string(),
            T::NatOp(op, a, b) => format!("({op} {} {})", a.render(), b.render()),
            T::Succ(a) => format!("(Nat.succ {})", a.render()),
            T::Double(a) => format!("(Nat.double (Nat.mod {} 16))", a.render()),
            T::Length(xs) => format!("(List.length.{{0}} Nat {})", xs.render()),
            T::Sum(xs) => format!("(List.sum {})", xs.render()),
            T::Cond(ty, c, a, b) => {
                format!(
                    "(cond.{{0}} {ty} {} {} {})",
                    c.render(),
                    a.render(),
                    b.render()
                )
            }
            T::BoolLit(b) => if *b { "Bool.true" } else { "Bool.false" }.to_owned(),
            T::Cmp(op, a, b) => format!("({op} {} {})", a.render(), b.render()),
            T::Nil => "(List.nil.{0} Nat)".to_owned(),
            T::Cons(x, xs) => format!("(List.cons.{{0}} Nat {} {})", x.render(), xs.render()),
            T::Append(a, b) => format!("(List.append.{{0}} Nat {} {})", a.render(), b.render()),
            T::MapSucc(xs) => format!("(List.map.{{0,0}} Nat Nat Nat.succ {})", xs.render()),
            T::Replicate(n, x) => format!(
                "(List.replicate.{{0}} Nat (Nat.mod {} 4) {})",
                n.render(),
                x.render()
            ),
        }
    }
}

fn nat_term() -> impl Strategy<Value = T> {
    let leaf = (0u64..20).prop_map(T::Lit);
    leaf.prop_recursive(4, 24, 3, |inner| {
        let b = |t: T| Box::new(t);
        let bools = bool_term(inner.clone());
        let lists = list_term(inner.clone());
        prop_oneof![
            (
                prop::sample::select(vec![
                    "Nat.add", "Nat.sub", "Nat.mul", "Nat.div", "Nat.mod", "Nat.gcd", "Nat.land",
                    "Nat.lor", "Nat.xor",
                ]),
                inner.clone(),
                inner.clone()
            )
                .prop_map(move |(op, x, y)| T::NatOp(op, b(x), b(y))),
            inner.clone().prop_map(move |x| T::Succ(b(x))),
            inner.clone().prop_map(move |x| T::Double(b(x))),
            lists.clone().prop_map(move |xs| T::Length(b(xs))),
            lists.prop_map(move |xs| T::Sum(b(xs))),
            (bools, inner.clone(), inner).prop_map(move |(c, x, y)| T::Cond(
                "Nat",
                b(c),
                b(x),
                b(y)
            )),
        ]
    })
}

fn bool_term(nat: BoxedStrategy<T>) -> impl Strategy<Value = T> + Clone {
    prop_oneof![
        any::<bool>().prop_map(T::BoolLit),
        (
            prop::sample::select(vec!["Nat.beq", "Nat.ble"]),
            nat.clone(),
            nat
        )
            .prop_map(|(op, x, y)| T::Cmp(op, Box::new(x), Box::new(y))),
    ]
}

fn list_term(nat: BoxedStrategy<T>) -> impl Strategy<Value = T> + Clone {
    let leaf = prop_oneof![
        Just(T::Nil),
        (nat.clone(), nat.clone()).prop_map(|(n, x)| T::Replicate(Box::new(n), Box::new(x))),
    ];
    leaf.prop_recursive(3, 12, 2, move |inner| {
        prop_oneof![
            (nat.clone(), inner.clone()).prop_map(|(x, xs)| T::Cons(Box::new(x), Box::new(xs))),
            (inner.clone(), inner.clone()).prop_map(|(a, c)| T::Append(Box::new(a), Box::new(c))),
            inner.prop_map(|xs| T::MapSucc(Box::new(xs))),
        ]
    })
}

thread_local! {
    static ENV: RefCell<(Environment, u32)> = RefCell::new((library_env(), 0));
}

/// Evaluates `t`, reads the value back and asks the kernel to check `t = value` by `rfl`.
fn agrees(t: &T, ty: &str) -> bool {
    ENV.with(|cell| {
        let (env, counter) = &mut *cell.borrow_mut();
        *counter += 1;
        let e = term(env, &t.render());
        kernel_agrees(env, &format!("prop{counter}"), ty, e)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn nat_terms_agree_with_the_kernel(t in nat_term()) {
        prop_assert!(agrees(&t, "Nat"), "{}", t.render());
    }

    #[test]
    fn list_terms_agree_with_the_kernel(t in list_term(nat_term().boxed())) {
        prop_assert!(agrees(&t, "(List.{0} Nat)"), "{}", t.render());
    }

    #[test]
    fn bool_terms_agree_with_the_kernel(t in bool_term(nat_term().boxed())) {
        prop_assert!(agrees(&t, "Bool"), "{}", t.render());
    }

    /// The native Nat functions agree with their reference definitions run by the
    /// evaluator itself (declared under other names, so not accelerated).
    #[test]
    fn natives_agree_with_reference_definitions(x in 0u64..40, y in 0u64..12) {
        REF_ENV.with(|env| {
            let mut ev = Evaluator::new(env);
            for op in REF_OPS {
                let args = [Value::nat(x), Value::nat(y)];
                let native = ev.eval_const(op, &args).map(|v| v.to_string());
                let slow = ev.eval_const(&format!("Ref.{op}"), &args).map(|v| v.to_string());
                prop_assert_eq!(native, slow, "{} {} {}", op, x, y);
            }
            Ok(())
        })?;
    }
}

const REF_OPS: [&str; 13] = [
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
];

thread_local! {
    static REF_ENV: Environment = {
        let mut env = nat_env();
        for op in REF_OPS {
            let (ty, value) = builtins::reference_definition(&mut env, op).expect("reference");
            env.add(Declaration::Definition {
                name: Name::new(&format!("Ref.{op}")),
                lparams: vec![],
                ty,
                value,
                hints: ReducibilityHints::Regular,
            })
            .expect("reference definition");
        }
        env
    };
}

thread_local! {
    static INT_ENV: RefCell<(Environment, u32)> = RefCell::new((int_env(), 0));
}

fn int_lit(n: i64) -> String {
    if n >= 0 {
        format!("(Int.ofNat {n})")
    } else {
        format!("(Int.negSucc {})", -(n + 1))
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Native integer functions agree with Lean-style definitions run by the evaluator,
    /// and the kernel accepts the read-back results.
    #[test]
    fn integers_agree_with_definitions_and_the_kernel(
        x in -40i64..40,
        y in -40i64..40,
        op in prop::sample::select(vec!["add", "sub", "mul"]),
    ) {
        INT_ENV.with(|cell| {
            let (env, counter) = &mut *cell.borrow_mut();
            *counter += 1;
            let native = term(env, &format!("(Int.{op} {} {})", int_lit(x), int_lit(y)));
            let slow = term(env, &format!("(Ref.{op} {} {})", int_lit(x), int_lit(y)));
            let mut ev = Evaluator::new(env);
            let (a, b) = (ev.eval(native).unwrap(), ev.eval(slow).unwrap());
            prop_assert_eq!(a.to_string(), b.to_string());
            let want = match op {
                "add" => x + y,
                "sub" => x - y,
                _ => x * y,
            };
            prop_assert_eq!(a.as_i64(), Some(want));
            let name = format!("int{counter}");
            prop_assert!(kernel_agrees(env, &name, "Int", slow));
            Ok(())
        })?;
    }
}

/// A random closed term of type `String`.
#[derive(Clone, Debug)]
enum S {
    Lit(String),
    Append(Box<S>, Box<S>),
}

impl S {
    fn render(&self) -> String {
        match self {
            S::Lit(s) => format!("\"{s}\""),
            S::Append(a, b) => format!("(String.append {} {})", a.render(), b.render()),
        }
    }
}

fn string_term() -> impl Strategy<Value = S> {
    // Letters, a space and multi-byte characters (the test syntax has no escapes).
    let lit = "[a-cé→ ]{0,4}".prop_map(S::Lit);
    lit.prop_recursive(3, 8, 2, |inner| {
        (inner.clone(), inner).prop_map(|(a, b)| S::Append(Box::new(a), Box::new(b)))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Native string functions agree with the kernel, which computes them from their
    /// definitions over lists of characters.
    #[test]
    fn strings_agree_with_the_kernel(s in string_term(), measure in any::<bool>()) {
        let src = if measure {
            format!("(String.length {})", s.render())
        } else {
            s.render()
        };
        let ty = if measure { "Nat" } else { "String" };
        ENV.with(|cell| {
            let (env, counter) = &mut *cell.borrow_mut();
            *counter += 1;
            let e = term(env, &src);
            let name = format!("str{counter}");
            prop_assert!(kernel_agrees(env, &name, ty, e), "{}", src);
            Ok(())
        })?;
    }
}
