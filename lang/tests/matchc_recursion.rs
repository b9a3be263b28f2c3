//! Structural recursion: immediate and deeper subterms, fixed parameters, mutual and
//! nested types, and the errors for non-structural calls.

mod matchc_util;

use cedrus_kernel::*;
use cedrus_lang::matchc::{compile, MatchError};
use matchc_util::*;

fn poly_cons(h: P, t: P) -> P {
    P::C("List.cons", "u", vec!["α"], vec![h, t])
}

#[test]
fn append_is_structural_on_its_first_list() {
    let mut env = lib();
    let d = eqn_def(
        &mut env,
        "append",
        &["u"],
        "(pi (α : Type.{u}) (-> (List.{u} α) (List.{u} α) (List.{u} α)))",
        &[
            E(
                "(α : Type.{u}) (ys : (List.{u} α))",
                vec![
                    P::V("α"),
                    P::C("List.nil", "u", vec!["α"], vec![]),
                    P::V("ys"),
                ],
                "ys",
            ),
            E(
                "(α : Type.{u}) (x : α) (xs : (List.{u} α)) (ys : (List.{u} α))",
                vec![P::V("α"), poly_cons(P::V("x"), P::V("xs")), P::V("ys")],
                "(List.cons.{u} α x (append.{u} α xs ys))",
            ),
        ],
    );
    let out = compile(&mut env, &[d]).unwrap();
    assert_eq!(out[0].decreasing, Some(1));
    assert_eq!(out[0].equation_lemmas.len(), 2);
    check_eq(
        &mut env,
        "app12",
        "(List.{0} Nat)",
        &format!("(append.{{0}} Nat {} {})", nat_list(&[1]), nat_list(&[2])),
        &nat_list(&[1, 2]),
    );
    check_eq(
        &mut env,
        "app_long",
        "(List.{0} Nat)",
        &format!(
            "(append.{{0}} Nat {} {})",
            nat_list(&[1, 2, 3]),
            nat_list(&[4, 5])
        ),
        &nat_list(&[1, 2, 3, 4, 5]),
    );
    // The lemma for the cons equation is stated over variables.
    let lemma = &out[0].equation_lemmas[1];
    assert_eq!(lemma.name.as_str(), "append.eq_2");
}

#[test]
fn length_and_map_with_a_fixed_function_argument() {
    let mut env = lib();
    let len = eqn_def(
        &mut env,
        "length",
        &[],
        "(-> (List.{0} Nat) Nat)",
        &[
            E("", vec![nil()], "0"),
            E(
                "(x : Nat) (xs : (List.{0} Nat))",
                vec![cons(P::V("x"), P::V("xs"))],
                "(Nat.succ (length xs))",
            ),
        ],
    );
    compile(&mut env, &[len]).unwrap();
    check_eq(
        &mut env,
        "len3",
        "Nat",
        &format!("(length {})", nat_list(&[7, 8, 9])),
        "3",
    );
    let map = eqn_def(
        &mut env,
        "map",
        &[],
        "(-> (-> Nat Nat) (List.{0} Nat) (List.{0} Nat))",
        &[
            E(
                "(f : (-> Nat Nat))",
                vec![P::V("f"), nil()],
                "(List.nil.{0} Nat)",
            ),
            E(
                "(f : (-> Nat Nat)) (x : Nat) (xs : (List.{0} Nat))",
                vec![P::V("f"), cons(P::V("x"), P::V("xs"))],
                "(List.cons.{0} Nat (f x) (map f xs))",
            ),
        ],
    );
    let out = compile(&mut env, &[map]).unwrap();
    assert_eq!(out[0].decreasing, Some(1));
    check_eq(
        &mut env,
        "map_succ",
        "(List.{0} Nat)",
        &format!("(map Nat.succ {})", nat_list(&[1, 2])),
        &nat_list(&[2, 3]),
    );
}

#[test]
fn zip_splits_two_scrutinees_and_reports_unprovable_lemmas() {
    let mut env = lib();
    let pair = "(Prod.{0,0} Nat Nat)";
    let ty = format!("(-> (List.{{0}} Nat) (List.{{0}} Nat) (List.{{0}} {pair}))");
    let nil_pairs: &'static str = "(List.nil.{0} (Prod.{0,0} Nat Nat))";
    let d = eqn_def(
        &mut env,
        "zip",
        &[],
        Box::leak(ty.into_boxed_str()),
        &[
            E("(ys : (List.{0} Nat))", vec![nil(), P::V("ys")], nil_pairs),
            E("(xs : (List.{0} Nat))", vec![P::V("xs"), nil()], nil_pairs),
            E(
                "(x : Nat) (xs : (List.{0} Nat)) (y : Nat) (ys : (List.{0} Nat))",
                vec![cons(P::V("x"), P::V("xs")), cons(P::V("y"), P::V("ys"))],
                "(List.cons.{0} (Prod.{0,0} Nat Nat) (Prod.mk.{0,0} Nat Nat x y) (zip xs ys))",
            ),
        ],
    );
    let out = compile(&mut env, &[d]).unwrap();
    assert_eq!(out[0].decreasing, Some(0));
    // `zip xs [] = []` only holds once `xs` is split: no `Eq.refl` lemma.
    assert_eq!(out[0].unproved_equations, vec![1]);
    assert_eq!(out[0].equation_lemmas.len(), 2);
    // …but it holds in its one case `zip (x :: xs) [] = []`.
    assert_eq!(out[0].case_lemmas.len(), 1);
    assert_eq!(out[0].case_lemmas[0].name.as_str(), "zip.eq_2_1");
    assert!(env.get(&Name::new("zip.eq_2_1")).is_some());
    check_eq(
        &mut env,
        "zip_ex",
        "(List.{0} (Prod.{0,0} Nat Nat))",
        &format!("(zip {} {})", nat_list(&[1, 2, 3]), nat_list(&[4, 5])),
        "(List.cons.{0} (Prod.{0,0} Nat Nat) (Prod.mk.{0,0} Nat Nat 1 4)
           (List.cons.{0} (Prod.{0,0} Nat Nat) (Prod.mk.{0,0} Nat Nat 2 5)
             (List.nil.{0} (Prod.{0,0} Nat Nat))))",
    );
}

#[test]
fn fib_uses_course_of_values() {
    let mut env = lib();
    let d = eqn_def(
        &mut env,
        "fib",
        &[],
        "(-> Nat Nat)",
        &[
            E("", vec![P::L(0)], "0"),
            E("", vec![P::L(1)], "1"),
            E(
                "(n : Nat)",
                vec![succ(succ(P::V("n")))],
                "(Nat.add (fib n) (fib (Nat.succ n)))",
            ),
        ],
    );
    let out = compile(&mut env, &[d]).unwrap();
    assert_eq!(out[0].equation_lemmas.len(), 3);
    check_eq(&mut env, "fib10", "Nat", "(fib 10)", "55");
    check_eq(&mut env, "fib2", "Nat", "(fib 2)", "1");
    refute_eq(&mut env, "fib10bad", "Nat", "(fib 10)", "56");
}

#[test]
fn nested_list_patterns_recurse_two_levels_down() {
    let mut env = lib();
    let d = eqn_def(
        &mut env,
        "sumPairs",
        &[],
        "(-> (List.{0} Nat) Nat)",
        &[
            E(
                "(x : Nat) (y : Nat) (xs : (List.{0} Nat))",
                vec![cons(P::V("x"), cons(P::V("y"), P::V("xs")))],
                "(Nat.add (Nat.mul x y) (sumPairs xs))",
            ),
            E("(x : Nat)", vec![cons(P::V("x"), nil())], "x"),
            E("", vec![nil()], "0"),
        ],
    );
    let out = compile(&mut env, &[d]).unwrap();
    assert_eq!(out[0].equation_lemmas.len(), 3);
    // 1*2 + 3*4 + 5
    check_eq(
        &mut env,
        "sp",
        "Nat",
        &format!("(sumPairs {})", nat_list(&[1, 2, 3, 4, 5])),
        "19",
    );
}

#[test]
fn mutual_recursion_over_a_mutual_block() {
    let mut env = lib();
    add_mutual(&mut env);
    let tm = eqn_def(
        &mut env,
        "Tm.size",
        &[],
        "(-> Tm Nat)",
        &[
            E("", vec![P::C("Tm.leaf", "", vec![], vec![])], "1"),
            E(
                "(f : Forest)",
                vec![P::C("Tm.node", "", vec![], vec![P::V("f")])],
                "(Nat.succ (Forest.size f))",
            ),
        ],
    );
    let forest = eqn_def(
        &mut env,
        "Forest.size",
        &[],
        "(-> Forest Nat)",
        &[
            E("", vec![P::C("Forest.nil", "", vec![], vec![])], "0"),
            E(
                "(t : Tm) (f : Forest)",
                vec![P::C("Forest.cons", "", vec![], vec![P::V("t"), P::V("f")])],
                "(Nat.add (Tm.size t) (Forest.size f))",
            ),
        ],
    );
    let out = compile(&mut env, &[tm, forest]).unwrap();
    assert_eq!(out.len(), 2);
    assert!(out.iter().all(|c| c.equation_lemmas.len() == 2));
    check_eq(
        &mut env,
        "size3",
        "Nat",
        "(Tm.size (Tm.node (Forest.cons Tm.leaf (Forest.cons Tm.leaf Forest.nil))))",
        "3",
    );
    assert!(env.get(&Name::new("Tm.casesOn")).is_some());
    assert!(env.get(&Name::new("Forest.casesOn")).is_some());
}

#[test]
fn nested_tree_size_through_the_auxiliary_recursor() {
    let mut env = lib();
    add_tree(&mut env);
    let tree_l = "(List.{0} Tree)";
    let _ = tree_l;
    let size = eqn_def(
        &mut env,
        "Tree.size",
        &[],
        "(-> Tree Nat)",
        &[E(
            "(n : Nat) (cs : (List.{0} Tree))",
            vec![P::C("Tree.node", "", vec![], vec![P::V("n"), P::V("cs")])],
            "(Nat.succ (Tree.sizes cs))",
        )],
    );
    let sizes = eqn_def(
        &mut env,
        "Tree.sizes",
        &[],
        "(-> (List.{0} Tree) Nat)",
        &[
            E("", vec![P::C("List.nil", "0", vec!["Tree"], vec![])], "0"),
            E(
                "(t : Tree) (ts : (List.{0} Tree))",
                vec![P::C(
                    "List.cons",
                    "0",
                    vec!["Tree"],
                    vec![P::V("t"), P::V("ts")],
                )],
                "(Nat.add (Tree.size t) (Tree.sizes ts))",
            ),
        ],
    );
    let out = compile(&mut env, &[size, sizes]).unwrap();
    assert_eq!(out[0].equation_lemmas.len(), 1);
    assert_eq!(out[1].equation_lemmas.len(), 2);
    check_eq(
        &mut env,
        "tree_size",
        "Nat",
        "(Tree.size (Tree.node 1 (List.cons.{0} Tree (Tree.node 2 (List.nil.{0} Tree))
            (List.cons.{0} Tree (Tree.node 3 (List.nil.{0} Tree)) (List.nil.{0} Tree)))))",
        "3",
    );
}

#[test]
fn non_structural_recursion_names_the_call() {
    let mut env = lib();
    let d = eqn_def(
        &mut env,
        "bad",
        &[],
        "(-> Nat Nat)",
        &[
            E("", vec![P::L(0)], "0"),
            E(
                "(n : Nat)",
                vec![succ(P::V("n"))],
                "(bad (Nat.succ (Nat.succ n)))",
            ),
        ],
    );
    let err = compile(&mut env, &[d]).unwrap_err();
    match &err {
        MatchError::NotStructural {
            function,
            call,
            argument,
            span,
            ..
        } => {
            assert_eq!(function.as_str(), "bad");
            assert!(call.contains("bad"), "{call}");
            assert_eq!(*argument, Some(0));
            assert_eq!(*span, (10, 15));
        }
        e => panic!("{e}"),
    }
    assert!(err.to_string().contains("structural recursion failed"));
    assert!(env.get(&Name::new("bad")).is_none());
}

#[test]
fn recursion_on_a_variable_that_was_not_split_is_refused() {
    let mut env = lib();
    let d = eqn_def(
        &mut env,
        "loop",
        &[],
        "(-> (List.{0} Nat) Nat)",
        &[E("(xs : (List.{0} Nat))", vec![P::V("xs")], "(loop xs)")],
    );
    assert!(matches!(
        compile(&mut env, &[d]),
        Err(MatchError::NotStructural { .. })
    ));
}

#[test]
fn the_second_argument_is_tried_when_the_first_does_not_decrease() {
    let mut env = lib();
    // `f a b` recurses on `b`, passing a bigger `a`.
    let d = eqn_def(
        &mut env,
        "addAcc",
        &[],
        "(-> Nat Nat Nat)",
        &[
            E("(a : Nat)", vec![P::V("a"), P::L(0)], "a"),
            E(
                "(a : Nat) (b : Nat)",
                vec![P::V("a"), succ(P::V("b"))],
                "(addAcc (Nat.succ a) b)",
            ),
        ],
    );
    let out = compile(&mut env, &[d]).unwrap();
    assert_eq!(out[0].decreasing, Some(1));
    check_eq(&mut env, "acc", "Nat", "(addAcc 3 4)", "7");
}

#[test]
fn mutual_is_even_is_odd_over_one_type() {
    let mut env = lib();
    let even = eqn_def(
        &mut env,
        "isEven",
        &[],
        "(-> Nat Bool)",
        &[
            E("", vec![P::L(0)], "Bool.true"),
            E("(n : Nat)", vec![succ(P::V("n"))], "(isOdd n)"),
        ],
    );
    let odd = eqn_def(
        &mut env,
        "isOdd",
        &[],
        "(-> Nat Bool)",
        &[
            E("", vec![P::L(0)], "Bool.false"),
            E("(n : Nat)", vec![succ(P::V("n"))], "(isEven n)"),
        ],
    );
    let out = compile(&mut env, &[even, odd]).unwrap();
    assert!(out.iter().all(|c| c.equation_lemmas.len() == 2));
    check_eq(&mut env, "e10", "Bool", "(isEven 10)", "Bool.true");
    check_eq(&mut env, "o7", "Bool", "(isOdd 7)", "Bool.true");
    check_eq(&mut env, "e7", "Bool", "(isEven 7)", "Bool.false");
    refute_eq(&mut env, "e7bad", "Bool", "(isEven 7)", "Bool.true");
}

#[test]
fn recursion_over_an_indexed_family_generalises_the_index() {
    let mut env = lib();
    ind(
        &mut env,
        &["u"],
        1,
        &[(
            "Vector",
            "(-> Type.{u} Nat Type.{u})",
            &[
                ("Vector.nil", "(pi (α : Type.{u}) (Vector.{u} α 0))"),
                (
                    "Vector.cons",
                    "(pi (α : Type.{u}) (n : Nat) (-> α (Vector.{u} α n) (Vector.{u} α (Nat.succ n))))",
                ),
            ],
        )],
    )
    .unwrap();
    let d = eqn_def(
        &mut env,
        "Vector.toList",
        &["u"],
        "(pi (α : Type.{u}) (n : Nat) (-> (Vector.{u} α n) (List.{u} α)))",
        &[
            E(
                "(α : Type.{u}) (n : Nat)",
                vec![
                    P::V("α"),
                    P::V("n"),
                    P::C("Vector.nil", "u", vec!["α"], vec![]),
                ],
                "(List.nil.{u} α)",
            ),
            E(
                "(α : Type.{u}) (m : Nat) (k : Nat) (a : α) (tl : (Vector.{u} α k))",
                vec![
                    P::V("α"),
                    P::V("m"),
                    P::C(
                        "Vector.cons",
                        "u",
                        vec!["α"],
                        vec![P::V("k"), P::V("a"), P::V("tl")],
                    ),
                ],
                "(List.cons.{u} α a (Vector.toList.{u} α k tl))",
            ),
        ],
    );
    let out = compile(&mut env, &[d]).unwrap();
    assert_eq!(out[0].decreasing, Some(2));
    assert_eq!(
        out[0].equation_lemmas.len() + out[0].case_lemmas.len(),
        2,
        "{:?}",
        out[0].unproved_equations
    );
    check_eq(
        &mut env,
        "vtl",
        "(List.{0} Nat)",
        "(Vector.toList.{0} Nat 2 (Vector.cons.{0} Nat 1 5 (Vector.cons.{0} Nat 0 7 (Vector.nil.{0} Nat))))",
        &nat_list(&[5, 7]),
    );
}

#[test]
fn proofs_by_structural_recursion_have_prop_motives() {
    let mut env = lib();
    common_axiom_congr(&mut env);
    let d = eqn_def(
        &mut env,
        "zero_add",
        &[],
        "(pi (n : Nat) (Eq.{1} Nat (Nat.add 0 n) n))",
        &[
            E("", vec![P::L(0)], "(Eq.refl.{1} Nat 0)"),
            E(
                "(n : Nat)",
                vec![succ(P::V("n"))],
                "(congr_succ (Nat.add 0 n) n (zero_add n))",
            ),
        ],
    );
    let out = compile(&mut env, &[d]).unwrap();
    assert_eq!(out[0].decreasing, Some(0));
    assert!(env.get(&Name::new("zero_add")).is_some());
}

fn common_axiom_congr(env: &mut Environment) {
    let ty = term(
        env.store_mut(),
        "(pi (a : Nat) (b : Nat) (-> (Eq.{1} Nat a b) (Eq.{1} Nat (Nat.succ a) (Nat.succ b))))",
    );
    env.add(Declaration::Axiom {
        name: Name::new("congr_succ"),
        lparams: vec![],
        ty,
    })
    .unwrap();
}

#[test]
fn recursive_definitions_come_with_an_evaluation_term_that_calls_them_directly() {
    let mut env = lib();
    let d = eqn_def(
        &mut env,
        "double",
        &[],
        "(-> Nat Nat)",
        &[
            E("", vec![P::L(0)], "0"),
            E(
                "(n : Nat)",
                vec![succ(P::V("n"))],
                "(Nat.succ (Nat.succ (double n)))",
            ),
        ],
    );
    let out = compile(&mut env, &[d]).unwrap();
    let code = out[0].eval_value.expect("an evaluation term");
    assert_ne!(code, out[0].value);
    let name = Name::new("double");
    assert!(env.store().mentions_const(code, &name));
    assert!(!env.store().mentions_const(out[0].value, &name));
    // The evaluator runs it in place of the kernel value, with the same result.
    let call = term(env.store_mut(), "(double 21)");
    let overrides = std::collections::HashMap::from([(name, code)]);
    let mut fast = cedrus_lang::eval::Evaluator::new(&env).with_overrides(&overrides);
    let mut slow = cedrus_lang::eval::Evaluator::new(&env);
    let a = fast.eval(call).map(|v| v.to_string());
    assert_eq!(a, Ok("42".to_string()));
    assert_eq!(a, slow.eval(call).map(|v| v.to_string()));
    // A non-recursive definition needs none: its value is the decision tree.
    let pred = eqn_def(
        &mut env,
        "pred2",
        &[],
        "(-> Nat Nat)",
        &[
            E("", vec![P::L(0)], "0"),
            E("(n : Nat)", vec![succ(P::V("n"))], "n"),
        ],
    );
    let out = compile(&mut env, &[pred]).unwrap();
    assert_eq!(out[0].eval_value, None);
}
