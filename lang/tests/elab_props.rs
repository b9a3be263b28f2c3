//! Property tests: elaborated arithmetic agrees with Rust's, the kernel accepts the
//! corresponding `rfl` proofs, and arbitrary token soup never makes the elaborator panic.

use cedrus_lang::driver::{elab_source, eval_expr, new_elaborator};
use cedrus_lang::elab::Elaborator;
use std::cell::{Cell, RefCell};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// A Nat expression and its value under Lean's Nat semantics.
#[derive(Clone, Debug)]
enum E {
    Lit(u64),
    Bin(&'static str, Box<E>, Box<E>),
}

impl E {
    fn value(&self) -> u64 {
        match self {
            E::Lit(n) => *n,
            E::Bin(op, a, b) => {
                let (x, y) = (a.value(), b.value());
                match *op {
                    "+" => x + y,
                    "*" => x * y,
                    "-" => x.saturating_sub(y),
                    "/" => x.checked_div(y).unwrap_or(0),
                    _ => x.checked_rem(y).unwrap_or(x),
                }
            }
        }
    }

    fn source(&self) -> String {
        match self {
            E::Lit(n) => n.to_string(),
            E::Bin(op, a, b) => format!("({} {op} {})", a.source(), b.source()),
        }
    }
}

fn expr() -> impl Strategy<Value = E> {
    let leaf = (0u64..40).prop_map(E::Lit);
    leaf.prop_recursive(4, 16, 2, |inner| {
        (
            prop::sample::select(vec!["+", "*", "-", "/", "%"]),
            inner.clone(),
            inner,
        )
            .prop_map(|(op, a, b)| E::Bin(op, Box::new(a), Box::new(b)))
    })
}

fn prelude() -> Elaborator {
    new_elaborator(true).unwrap_or_else(|ds| panic!("{ds:?}"))
}

#[test]
fn arithmetic_agrees_with_rust_and_the_kernel() {
    let elab = RefCell::new(prelude());
    let mut runner = TestRunner::new(Config::with_cases(48));
    let k = Cell::new(0);
    runner
        .run(&expr(), |e| {
            let v = eval_expr(&mut elab.borrow_mut(), &e.source())
                .map_err(|d| TestCaseError::fail(format!("{}: {}", e.source(), d.message)))?;
            prop_assert_eq!(v, e.value().to_string());
            k.set(k.get() + 1);
            let k = k.get();
            let thm = format!("theorem t{k} : {} = {} := rfl\n", e.source(), e.value());
            let r = elab_source(&mut elab.borrow_mut(), "props.cdr", &thm);
            prop_assert!(r.is_ok(), "{thm}: {r:?}");
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn list_operations_agree_with_rust() {
    let elab = RefCell::new(prelude());
    let mut runner = TestRunner::new(Config::with_cases(32));
    let lists = (
        prop::collection::vec(0u64..100, 0..8),
        prop::collection::vec(0u64..100, 0..8),
    );
    runner
        .run(&lists, |(xs, ys)| {
            let show = |v: &[u64]| {
                let items: Vec<String> = v.iter().map(u64::to_string).collect();
                format!("[{}]", items.join(", "))
            };
            let src = format!("({} ++ {} : List Nat)", show(&xs), show(&ys));
            let v = eval_expr(&mut elab.borrow_mut(), &src)
                .map_err(|d| TestCaseError::fail(d.message))?;
            let mut all = xs.clone();
            all.extend(&ys);
            prop_assert_eq!(v, show(&all));
            let n = eval_expr(&mut elab.borrow_mut(), &format!("List.length {src}"))
                .map_err(|d| TestCaseError::fail(d.message))?;
            prop_assert_eq!(n, all.len().to_string());
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn token_soup_never_panics() {
    let tokens = prop::sample::select(vec![
        "def",
        "f",
        "x",
        ":",
        ":=",
        "Nat",
        "(",
        ")",
        "fun",
        "=>",
        "⟨",
        "⟩",
        ",",
        "1",
        "+",
        "match",
        "with",
        "|",
        "_",
        "{",
        "}",
        "Type",
        "→",
        "List",
        ".length",
        "theorem",
        "rfl",
        "=",
        "let",
        ";",
        "if",
        "then",
        "else",
        "true",
        "structure",
        "where",
        "\n",
        "@id",
        "α",
        "instance",
        "class",
        "do",
        "←",
        "return",
        "#eval",
        "#check",
    ]);
    let elab = RefCell::new(prelude());
    let mut runner = TestRunner::new(Config::with_cases(200));
    runner
        .run(&prop::collection::vec(tokens, 1..24), |ts| {
            let src = ts.join(" ");
            // Errors are expected; panics are not (the runner reports them).
            let _ = elab_source(&mut elab.borrow_mut(), "soup.cdr", &src);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}
