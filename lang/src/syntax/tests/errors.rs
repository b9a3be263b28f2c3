//! Errors, their locations, and robustness against pathological input.

use super::*;

fn error(src: &str) -> ParseError {
    match parse_file(src, &core()) {
        Ok(_) => panic!("expected an error for {src:?}"),
        Err(e) => e,
    }
}

#[test]
fn errors_point_at_the_offending_token() {
    let cases = [
        ("def f := (1 + 2", (1, 16), "expected `)`"),
        ("def f :=\n  x +\n", (3, 1), "expected a term"),
        (
            "theorem t : p := by\n  frobnicate h",
            (2, 3),
            "unknown tactic `frobnicate`",
        ),
        ("def f x := \"abc", (1, 12), "unterminated string"),
        ("def := 1", (1, 5), "expected an identifier"),
        ("wat", (1, 1), "expected a command"),
        ("infixl \" + \" => f", (1, 1), "needs a precedence"),
        (
            "def f := match x with | 1 => 2 | g (fun y => y) => 3",
            (1, 37),
            "invalid pattern",
        ),
        ("@[simp] #check 1", (1, 9), "declaration after modifiers"),
        ("mutual\ndef a := 1\n", (3, 1), "`end` closing `mutual`"),
    ];
    for (src, loc, msg) in cases {
        let e = error(src);
        assert!(e.message.contains(msg), "{src:?}: {}", e.message);
        assert_eq!(e.line_col(src), loc, "{src:?}: {}", e.message);
    }
}

#[test]
fn unknown_tactic_lists_the_valid_ones() {
    let e = error("example : p := by foo");
    for name in ["intro", "simp", "omega", "first"] {
        assert!(e.message.contains(name));
    }
}

#[test]
fn rendered_error_has_file_line_column_and_caret() {
    let src = "def f :=\n  (1 + )\n";
    let e = error(src);
    let rendered = e.render("m.cdr", src);
    assert!(
        rendered.starts_with("m.cdr:2:8: error: expected a term"),
        "{rendered}"
    );
    assert!(rendered.ends_with("  (1 + )\n       ^"), "{rendered}");
}

/// Runs `f` on a thread with a small stack, as a stand-in for a constrained caller.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let handle = std::thread::Builder::new().stack_size(2 << 20).spawn(f);
    match handle.map(|h| h.join()) {
        Ok(Ok(v)) => v,
        _ => panic!("thread failed"),
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let msgs = on_small_stack(|| {
        let table = NotationTable::lean_core();
        let deep_parens = format!("def x := {}1{}", "(".repeat(100_000), ")".repeat(100_000));
        let deep_lists = format!("#check {}", "[".repeat(100_000));
        let deep_funs = format!("#check {}x", "fun x => ".repeat(100_000));
        let long_chain = format!("#check 1{}", " + 1".repeat(100_000));
        let deep_tactics = format!("example : p := by {}rfl", "(".repeat(100_000));
        let deep_arrows = format!("#check {}", "A → ".repeat(100_000));
        [
            deep_parens,
            deep_lists,
            deep_funs,
            long_chain,
            deep_tactics,
            deep_arrows,
        ]
        .iter()
        .map(|src| match parse_file(src, &table) {
            Ok(_) => String::new(),
            Err(e) => e.message,
        })
        .collect::<Vec<_>>()
    });
    for m in msgs {
        assert!(m.contains("maximum depth is 512 levels"), "{m}");
    }
}

#[test]
fn depth_bound_is_configurable() {
    let src = "#check ((((x))))";
    let mut p = Parser::new(src, core()).with_max_depth(4);
    assert!(
        matches!(p.next_command(), Some(Err(e)) if e.message.contains("maximum depth is 4 levels"))
    );
    let mut p = Parser::new(src, core()).with_max_depth(8);
    assert!(matches!(p.next_command(), Some(Ok(_))));
}
