//! Lists, products, options, strings and nested trees.

use super::*;
use crate::eval::{EvalError, Evaluator, Value};

fn show(env: &mut Environment, src: &str) -> String {
    let e = term(env, src);
    match Evaluator::new(env).eval(e) {
        Ok(v) => v.to_string(),
        Err(err) => panic!("{src}: {err}"),
    }
}

/// Asks the kernel whether `lhs` and the read-back value are definitionally equal, by
/// checking `Eq.refl` as a proof of `lhs = value`.
pub(super) fn kernel_agrees(env: &mut Environment, name: &str, ty: &str, lhs: Expr) -> bool {
    let ty = term(env, ty);
    let v = Evaluator::new(env).eval(lhs).expect("evaluates");
    let back = v.to_expr(env, ty).expect("first-order value");
    let s = env.store_mut();
    let eq = s.cnst("Eq", vec![Level::one()]);
    let stmt = s.apps(eq, &[ty, lhs, back]);
    let refl = s.cnst("Eq.refl", vec![Level::one()]);
    let proof = s.apps(refl, &[ty, back]);
    env.add(Declaration::Theorem {
        name: Name::new(name),
        lparams: vec![],
        ty: stmt,
        value: proof,
    })
    .is_ok()
}

#[test]
fn lists_print_and_compute() {
    let mut env = library_env();
    let xs = "(List.cons.{0} Nat 1 (List.cons.{0} Nat 2 (List.cons.{0} Nat 3 (List.nil.{0} Nat))))";
    assert_eq!(show(&mut env, xs), "[1, 2, 3]");
    assert_eq!(
        show(
            &mut env,
            &format!("(List.map.{{0,0}} Nat Nat Nat.double {xs})")
        ),
        "[2, 4, 6]"
    );
    assert_eq!(
        show(&mut env, &format!("(List.append.{{0}} Nat {xs} {xs})")),
        "[1, 2, 3, 1, 2, 3]"
    );
    assert_eq!(show(&mut env, &format!("(List.sum {xs})")), "6");
    assert_eq!(show(&mut env, "(List.nil.{0} Nat)"), "[]");
    assert_eq!(
        show(
            &mut env,
            "(List.replicate.{0} (List.{0} Nat) 2 (List.nil.{0} Nat))"
        ),
        "[[], []]"
    );
}

#[test]
fn products_options_and_bools_print_like_lean() {
    let mut env = library_env();
    assert_eq!(show(&mut env, "(Prod.mk.{0,0} Nat Nat 1 2)"), "(1, 2)");
    assert_eq!(
        show(
            &mut env,
            "(Prod.mk.{0,0} Nat (Prod.{0,0} Nat String) 1 (Prod.mk.{0,0} Nat String 2 \"x\"))"
        ),
        "(1, 2, \"x\")"
    );
    assert_eq!(show(&mut env, "(Option.some.{0} Nat 3)"), "some 3");
    assert_eq!(show(&mut env, "(Option.none.{0} Nat)"), "none");
    assert_eq!(
        show(
            &mut env,
            "(Option.some.{0} (Option.{0} Nat) (Option.some.{0} Nat 3))"
        ),
        "some (some 3)"
    );
    assert_eq!(show(&mut env, "(Nat.beq 1 1)"), "true");
    assert_eq!(
        show(
            &mut env,
            "(Tree.node (List.cons.{0} Tree (Tree.node (List.nil.{0} Tree)) (List.nil.{0} Tree)))"
        ),
        "Tree.node [Tree.node []]"
    );
    let lit = env.store_mut().str_lit("a\"b\\\n");
    let v = Evaluator::new(&env).eval(lit).unwrap();
    assert_eq!(v.to_string(), r#""a\"b\\\n""#);
}

#[test]
fn strings_are_native_and_agree_with_their_definitions() {
    let mut env = library_env();
    let e = term(&mut env, "(String.append \"ab\" \"cé\")");
    let v = Evaluator::new(&env).eval(e).unwrap();
    assert_eq!(v.as_str(), Some("abcé"));
    assert_eq!(show(&mut env, "(String.length \"héllo\")"), "5");
    // Taking a native string apart gives its characters.
    assert_eq!(
        show(&mut env, "(List.length.{0} Char (proj String 0 \"héllo\"))"),
        "5"
    );
    assert_eq!(
        show(&mut env, "(List.head?.{0} Char (proj String 0 \"A\"))"),
        "some 'A'"
    );
    let e = term(&mut env, "(String.length (String.append \"ab\" \"c\"))");
    assert!(kernel_agrees(&mut env, "string_length_agrees", "Nat", e));
    let e = term(&mut env, "(String.append \"ab\" \"c\")");
    assert!(kernel_agrees(&mut env, "string_append_agrees", "String", e));
}

#[test]
fn nested_inductives_compute() {
    let mut env = library_env();
    let leaf = "(Tree.node (List.nil.{0} Tree))";
    let t = format!(
        "(Tree.node (List.cons.{{0}} Tree {leaf} (List.cons.{{0}} Tree (Tree.node (List.cons.{{0}} Tree {leaf} (List.nil.{{0}} Tree))) (List.nil.{{0}} Tree))))"
    );
    assert_eq!(show(&mut env, &format!("(Tree.size {t})")), "4");
    let e = term(&mut env, &format!("(Tree.size {t})"));
    assert!(kernel_agrees(&mut env, "tree_size_agrees", "Nat", e));
}

#[test]
fn read_back_terms_are_accepted_by_the_kernel() {
    let mut env = library_env();
    let cases = [
        (
            "(List.map.{0,0} Nat Nat Nat.fact (List.replicate.{0} Nat 3 4))",
            "(List.{0} Nat)",
        ),
        (
            "(Prod.mk.{0,0} Nat Bool (Nat.pow 2 70) (Nat.ble 3 2))",
            "(Prod.{0,0} Nat Bool)",
        ),
        (
            "(List.head?.{0} Nat (List.nil.{0} Nat))",
            "(Option.{0} Nat)",
        ),
        ("(Nat.gcd (Nat.fact 6) 84)", "Nat"),
    ];
    for (i, (src, ty)) in cases.into_iter().enumerate() {
        let e = term(&mut env, src);
        assert!(
            kernel_agrees(&mut env, &format!("agree{i}"), ty, e),
            "{src}"
        );
    }
    // A wrong value is refused by the same check (the check can fail).
    let ty = term(&mut env, "Nat");
    let lhs = term(&mut env, "(Nat.add 2 2)");
    let wrong = Value::nat(5).to_expr(&mut env, ty).unwrap();
    let s = env.store_mut();
    let eq = s.cnst("Eq", vec![Level::one()]);
    let stmt = s.apps(eq, &[ty, lhs, wrong]);
    let refl = s.cnst("Eq.refl", vec![Level::one()]);
    let proof = s.apps(refl, &[ty, wrong]);
    let r = env.add(Declaration::Theorem {
        name: Name::new("wrong"),
        lparams: vec![],
        ty: stmt,
        value: proof,
    });
    assert!(r.is_err());
}

#[test]
fn functions_and_proofs_do_not_read_back() {
    let mut env = library_env();
    let e = term(&mut env, "(fun (x : Nat) x)");
    let v = Evaluator::new(&env).eval(e).unwrap();
    let ty = term(&mut env, "(-> Nat Nat)");
    assert!(matches!(
        v.to_expr(&mut env, ty),
        Err(EvalError::NotFirstOrder(_))
    ));
    let ty = term(&mut env, "Nat");
    let err = Value::Erased.to_expr(&mut env, ty).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot turn an erased type or proof back into a term"
    );
    let ty = term(&mut env, "Bool");
    assert!(Value::nat(1).to_expr(&mut env, ty).is_err());
}

#[test]
fn long_lists_read_back_without_recursion() {
    let mut env = library_env();
    let e = term(&mut env, "(List.replicate.{0} Nat 50000 1)");
    let v = Evaluator::new(&env).eval(e).unwrap();
    let ty = term(&mut env, "(List.{0} Nat)");
    let back = std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn_scoped(s, || v.to_expr(&mut env, ty))
            .expect("thread")
            .join()
            .expect("no panic")
    })
    .unwrap();
    assert!(env.store().depth(back) > 50000);
}

#[test]
fn decidable_natives_decide() {
    let mut env = library_env();
    axiom(
        &mut env,
        "ne_of_beq",
        &[],
        "(pi (n : Nat) (m : Nat) (-> (Eq.{1} Nat n m) False))",
    );
    axiom(
        &mut env,
        "eq_of_beq",
        &[],
        "(pi (n : Nat) (m : Nat) (Eq.{1} Nat n m))",
    );
    def(
        &mut env,
        "Nat.decEq",
        &[],
        "(pi (n : Nat) (m : Nat) (Decidable (Eq.{1} Nat n m)))",
        "(fun (n : Nat) (m : Nat)
           (Bool.rec.{1} (fun (b : Bool) (Decidable (Eq.{1} Nat n m)))
              (Decidable.isFalse (Eq.{1} Nat n m) (ne_of_beq n m))
              (Decidable.isTrue (Eq.{1} Nat n m) (eq_of_beq n m))
              (Nat.beq n m)))",
    );
    assert_eq!(show(&mut env, "(Nat.decEq 3 3)"), "Decidable.isTrue _");
    assert_eq!(show(&mut env, "(Nat.decEq 3 4)"), "Decidable.isFalse _");
}

#[test]
fn string_functions_accept_strings_built_from_characters() {
    let mut env = library_env();
    let built = "(String.mk (List.cons.{0} Char (Char.ofNat 104) (List.cons.{0} Char (Char.ofNat 105) (List.nil.{0} Char))))";
    assert_eq!(show(&mut env, built), "\"hi\"");
    assert_eq!(show(&mut env, &format!("(String.length {built})")), "2");
    let e = term(
        &mut env,
        &format!("(String.length (String.append {built} \"!\"))"),
    );
    assert!(kernel_agrees(&mut env, "built_string_length", "Nat", e));
    // Evaluating the same term twice reuses its compiled code.
    let e = term(&mut env, &format!("(String.length {built})"));
    let mut ev = Evaluator::new(&env);
    assert_eq!(ev.eval(e).unwrap().as_u64(), Some(2));
    assert_eq!(ev.eval(e).unwrap().as_u64(), Some(2));
}

#[test]
fn evaluators_and_values_can_move_between_threads() {
    fn send<T: Send>() {}
    fn sync<T: Sync>() {}
    send::<Evaluator<'static>>();
    send::<Value>();
    sync::<Value>();
    let mut env = library_env();
    let e = term(&mut env, "(List.replicate.{0} Nat 3 7)");
    let v = std::thread::scope(|s| {
        s.spawn(|| Evaluator::new(&env).eval(e))
            .join()
            .expect("no panic")
    })
    .unwrap();
    assert_eq!(v.to_string(), "[7, 7, 7]");
}

#[test]
fn rust_callers_build_and_read_values() {
    let env = library_env();
    let mut ev = Evaluator::new(&env);
    let xs = ev
        .list(vec![Value::nat(1), Value::nat(2), Value::nat(3)])
        .unwrap();
    let double = ev.eval_const("Nat.double", &[]).unwrap();
    let ys = ev
        .eval_const("List.map", &[Value::Erased, Value::Erased, double, xs])
        .unwrap();
    let items: Vec<u64> = ys
        .list_items()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_u64())
        .collect();
    assert_eq!(items, [2, 4, 6]);
    let pair = ev
        .ctor("Prod.mk", vec![Value::nat(1), Value::string("a")])
        .unwrap();
    assert_eq!(pair.to_string(), "(1, \"a\")");
    assert_eq!(pair.field(1).and_then(Value::as_str), Some("a"));
    assert!(ev.ctor("Prod.mk", vec![]).is_err());
    assert!(ev.ctor("List.length", vec![]).is_err());
    assert_eq!(
        ev.ctor("Nope", vec![]).unwrap_err(),
        EvalError::UnknownConstant(Name::new("Nope"))
    );
    assert!(Value::nat(3).list_items().is_none());
}
