//! Pattern-match compilation: non-recursive matching, coverage errors, `casesOn`.

mod matchc_util;

use cedrus_kernel::*;
use cedrus_lang::matchc::{compile, ensure_cases_on, MatchError};
use matchc_util::*;

#[test]
fn nat_pred_by_literal_and_successor_patterns() {
    let mut env = lib();
    let d = eqn_def(
        &mut env,
        "Nat.pred",
        &[],
        "(-> Nat Nat)",
        &[
            E("", vec![P::L(0)], "0"),
            E("(n : Nat)", vec![succ(P::V("n"))], "n"),
        ],
    );
    let out = compile(&mut env, &[d]).unwrap();
    assert_eq!(out[0].equation_lemmas.len(), 2);
    assert!(out[0].unproved_equations.is_empty());
    assert_eq!(out[0].decreasing, None);
    check_eq(&mut env, "p5", "Nat", "(Nat.pred 5)", "4");
    check_eq(&mut env, "p0", "Nat", "(Nat.pred 0)", "0");
    refute_eq(&mut env, "p5bad", "Nat", "(Nat.pred 5)", "5");
    assert!(env.get(&Name::new("Nat.casesOn")).is_some());
    assert!(env.get(&Name::new("Nat.pred.eq_2")).is_some());
}

#[test]
fn overlapping_patterns_first_match_wins() {
    let mut env = lib();
    let d = eqn_def(
        &mut env,
        "f",
        &[],
        "(-> Nat Nat Nat)",
        &[
            E("(b : Nat)", vec![P::L(0), P::V("b")], "1"),
            E("(a : Nat)", vec![P::V("a"), P::L(0)], "2"),
            E(
                "(a : Nat) (b : Nat)",
                vec![succ(P::V("a")), succ(P::V("b"))],
                "(Nat.add a b)",
            ),
        ],
    );
    let out = compile(&mut env, &[d]).unwrap();
    // `f a 0 = 2` needs `a` split first: not a definitional equation.
    assert_eq!(out[0].unproved_equations, vec![1]);
    // `f (a + 1) 0 = 2`: one case.
    let names: Vec<&str> = out[0].case_lemmas.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, vec!["f.eq_2_1"]);
    check_eq(&mut env, "f00", "Nat", "(f 0 0)", "1");
    check_eq(&mut env, "f30", "Nat", "(f 3 0)", "2");
    check_eq(&mut env, "f35", "Nat", "(f 3 5)", "6");
}

#[test]
fn missing_cases_are_listed_as_patterns() {
    let mut env = lib();
    let d = eqn_def(
        &mut env,
        "headD",
        &[],
        "(-> (List.{0} Nat) Nat)",
        &[E(
            "(x : Nat) (xs : (List.{0} Nat))",
            vec![cons(P::V("x"), P::V("xs"))],
            "x",
        )],
    );
    match compile(&mut env, &[d]) {
        Err(MatchError::Missing { function, examples }) => {
            assert_eq!(function.as_str(), "headD");
            assert_eq!(examples, vec!["[]".to_string()]);
        }
        r => panic!("{r:?}"),
    }
    assert!(env.get(&Name::new("headD")).is_none());
    // Nested: `Tree.node _ []` and a literal gap.
    add_tree(&mut env);
    let d = eqn_def(
        &mut env,
        "g",
        &[],
        "(-> Tree Nat Nat)",
        &[E(
            "(n : Nat) (c : Tree) (cs : (List.{0} Tree)) (k : Nat)",
            vec![
                P::C(
                    "Tree.node",
                    "",
                    vec![],
                    vec![
                        P::V("n"),
                        P::C("List.cons", "0", vec!["Tree"], vec![P::V("c"), P::V("cs")]),
                    ],
                ),
                succ(P::V("k")),
            ],
            "n",
        )],
    );
    let err = compile(&mut env, &[d]).unwrap_err();
    match &err {
        MatchError::Missing { examples, .. } => {
            assert_eq!(
                examples,
                &vec![
                    "Tree.node _ [], _".to_string(),
                    "Tree.node _ (_ :: _), 0".to_string()
                ]
            );
        }
        e => panic!("{e}"),
    }
    assert!(err.to_string().contains("missing cases"));
}

#[test]
fn redundant_equations_are_errors() {
    let mut env = lib();
    let d = eqn_def(
        &mut env,
        "r",
        &[],
        "(-> Nat Nat)",
        &[
            E("(n : Nat)", vec![P::V("n")], "0"),
            E("", vec![P::L(0)], "1"),
        ],
    );
    match compile(&mut env, &[d]) {
        Err(MatchError::Redundant { equation, span, .. }) => {
            assert_eq!(equation, 1);
            assert_eq!(span, (10, 15));
        }
        r => panic!("{r:?}"),
    }
}

#[test]
fn dependent_prop_valued_match() {
    let mut env = lib();
    let ty = "(pi (n : Nat) (Or (Eq.{1} Nat n 0)
                 (Exists.{1} Nat (fun (m : Nat) (Eq.{1} Nat n (Nat.succ m))))))";
    let d = eqn_def(
        &mut env,
        "zeroOrSucc",
        &[],
        ty,
        &[
            E(
                "",
                vec![P::L(0)],
                "(Or.inl (Eq.{1} Nat 0 0)
                   (Exists.{1} Nat (fun (m : Nat) (Eq.{1} Nat 0 (Nat.succ m))))
                   (Eq.refl.{1} Nat 0))",
            ),
            E(
                "(k : Nat)",
                vec![succ(P::V("k"))],
                "(Or.inr (Eq.{1} Nat (Nat.succ k) 0)
                   (Exists.{1} Nat (fun (m : Nat) (Eq.{1} Nat (Nat.succ k) (Nat.succ m))))
                   (Exists.intro.{1} Nat (fun (m : Nat) (Eq.{1} Nat (Nat.succ k) (Nat.succ m)))
                     k (Eq.refl.{1} Nat (Nat.succ k))))",
            ),
        ],
    );
    let out = compile(&mut env, &[d]).unwrap();
    assert_eq!(out.len(), 1);
}

#[test]
fn cases_on_for_prop_and_mutual_and_parameterised_types() {
    let mut env = lib();
    add_mutual(&mut env);
    for t in ["Even", "Odd", "Tm", "List", "Or", "Eq", "PProd"] {
        let n = ensure_cases_on(&mut env, &Name::new(t)).unwrap();
        assert_eq!(n.as_str(), format!("{t}.casesOn"));
    }
    // Prop-only elimination: no universe parameter.
    assert!(env
        .get(&Name::new("Even.casesOn"))
        .unwrap()
        .lparams
        .is_empty());
    assert_eq!(
        env.get(&Name::new("List.casesOn")).unwrap().lparams.len(),
        2
    );
    // Idempotent.
    ensure_cases_on(&mut env, &Name::new("List")).unwrap();
    // `List.casesOn` computes.
    thm(
        &mut env,
        "cases_nil",
        &[],
        "(Eq.{1} Nat (List.casesOn.{1,0} Nat (fun (l : (List.{0} Nat)) Nat)
            (List.nil.{0} Nat) 7 (fun (x : Nat) (xs : (List.{0} Nat)) x)) 7)",
        "(Eq.refl.{1} Nat 7)",
    )
    .unwrap();
    thm(
        &mut env,
        "cases_cons",
        &[],
        "(Eq.{1} Nat (List.casesOn.{1,0} Nat (fun (l : (List.{0} Nat)) Nat)
            (List.cons.{0} Nat 3 (List.nil.{0} Nat)) 7 (fun (x : Nat) (xs : (List.{0} Nat)) x)) 3)",
        "(Eq.refl.{1} Nat 3)",
    )
    .unwrap();
    assert!(matches!(
        ensure_cases_on(&mut env, &Name::new("Nat.add")),
        Err(MatchError::Malformed { .. })
    ));
}

#[test]
fn malformed_equations_are_reported() {
    let mut env = lib();
    let d = eqn_def(
        &mut env,
        "m",
        &[],
        "(-> Nat Nat)",
        &[E("", vec![P::L(0), P::L(1)], "0")],
    );
    assert!(matches!(
        compile(&mut env, &[d]),
        Err(MatchError::Malformed { .. })
    ));
    let d = eqn_def(
        &mut env,
        "m2",
        &[],
        "(-> Nat Nat)",
        &[E("", vec![P::C("List.nil", "0", vec!["Nat"], vec![])], "0")],
    );
    let err = compile(&mut env, &[d]).unwrap_err();
    assert!(
        err.to_string()
            .contains("`List.nil` is not a constructor of `Nat`"),
        "{err}"
    );
    let d = eqn_def(
        &mut env,
        "m3",
        &[],
        "(-> Bool Nat)",
        &[E("", vec![P::L(0)], "0")],
    );
    assert!(matches!(
        compile(&mut env, &[d]),
        Err(MatchError::Malformed { .. })
    ));
    assert!(matches!(
        compile(&mut env, &[]),
        Err(MatchError::Malformed { .. })
    ));
}

fn add_vector(env: &mut Environment) {
    ind(
        env,
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
}

#[test]
fn indexed_families_with_variable_indices() {
    let mut env = lib();
    add_vector(&mut env);
    let d = eqn_def(
        &mut env,
        "Vector.headD",
        &[],
        "(pi (n : Nat) (-> (Vector.{0} Nat n) Nat))",
        &[
            E(
                "(n : Nat)",
                vec![P::V("n"), P::C("Vector.nil", "0", vec!["Nat"], vec![])],
                "0",
            ),
            E(
                "(m : Nat) (k : Nat) (a : Nat) (tl : (Vector.{0} Nat k))",
                vec![
                    P::V("m"),
                    P::C(
                        "Vector.cons",
                        "0",
                        vec!["Nat"],
                        vec![P::V("k"), P::V("a"), P::V("tl")],
                    ),
                ],
                // `m` is the index, refined to `k + 1` in this case.
                "(Nat.add a m)",
            ),
        ],
    );
    let out = compile(&mut env, &[d]).unwrap();
    assert!(env.get(&Name::new("Vector.casesOn")).is_some());
    assert_eq!(out[0].equation_lemmas.len() + out[0].case_lemmas.len(), 2);
    check_eq(
        &mut env,
        "vh",
        "Nat",
        "(Vector.headD 2 (Vector.cons.{0} Nat 1 5 (Vector.cons.{0} Nat 0 7 (Vector.nil.{0} Nat))))",
        "7",
    );
    check_eq(
        &mut env,
        "vh0",
        "Nat",
        "(Vector.headD 0 (Vector.nil.{0} Nat))",
        "0",
    );
}

#[test]
fn prop_families_eliminate_into_prop_only() {
    let mut env = lib();
    add_mutual(&mut env);
    let concl =
        "(Or (Eq.{1} Nat n 0) (Exists.{1} Nat (fun (m : Nat) (Eq.{1} Nat n (Nat.succ m)))))";
    let ty = format!("(pi (n : Nat) (-> (Even n) {concl}))");
    let d = eqn_def(
        &mut env,
        "Even.zeroOrSucc",
        &[],
        Box::leak(ty.into_boxed_str()),
        &[
            E(
                "(n : Nat)",
                vec![P::V("n"), P::C("Even.zero", "", vec![], vec![])],
                "(Or.inl (Eq.{1} Nat 0 0)
                   (Exists.{1} Nat (fun (m : Nat) (Eq.{1} Nat 0 (Nat.succ m))))
                   (Eq.refl.{1} Nat 0))",
            ),
            E(
                "(n : Nat) (k : Nat) (h : (Odd k))",
                vec![
                    P::V("n"),
                    P::C("Even.succ", "", vec![], vec![P::V("k"), P::V("h")]),
                ],
                "(Or.inr (Eq.{1} Nat (Nat.succ k) 0)
                   (Exists.{1} Nat (fun (m : Nat) (Eq.{1} Nat (Nat.succ k) (Nat.succ m))))
                   (Exists.intro.{1} Nat (fun (m : Nat) (Eq.{1} Nat (Nat.succ k) (Nat.succ m)))
                     k (Eq.refl.{1} Nat (Nat.succ k))))",
            ),
        ],
    );
    compile(&mut env, &[d]).unwrap();
    // Into `Nat`: refused, `Even` only eliminates into `Prop`.
    let d = eqn_def(
        &mut env,
        "e",
        &[],
        "(pi (n : Nat) (-> (Even n) Nat))",
        &[E(
            "(n : Nat)",
            vec![P::V("n"), P::C("Even.zero", "", vec![], vec![])],
            "0",
        )],
    );
    let err = compile(&mut env, &[d]).unwrap_err();
    assert!(
        err.to_string().contains("only eliminates into `Prop`"),
        "{err}"
    );
}

#[test]
fn indices_that_are_not_variables_are_refused() {
    let mut env = lib();
    add_vector(&mut env);
    let d = eqn_def(
        &mut env,
        "Vector.head1",
        &[],
        "(pi (n : Nat) (-> (Vector.{0} Nat (Nat.succ n)) Nat))",
        &[E(
            "(n : Nat) (a : Nat) (tl : (Vector.{0} Nat n))",
            vec![
                P::V("n"),
                P::C(
                    "Vector.cons",
                    "0",
                    vec!["Nat"],
                    vec![P::I("n"), P::V("a"), P::V("tl")],
                ),
            ],
            "a",
        )],
    );
    let err = compile(&mut env, &[d]).unwrap_err();
    assert!(
        matches!(&err, MatchError::Unsupported { detail, .. } if detail.contains("not a distinct variable")),
        "{err}"
    );
}

#[test]
fn structure_patterns_and_nested_literals() {
    let mut env = lib();
    let pair = "(Prod.{0,0} Nat Nat)";
    let _ = pair;
    let d = eqn_def(
        &mut env,
        "swapIfZero",
        &[],
        "(-> (Prod.{0,0} Nat Nat) (Prod.{0,0} Nat Nat))",
        &[
            E(
                "(b : Nat)",
                vec![P::C(
                    "Prod.mk",
                    "0,0",
                    vec!["Nat", "Nat"],
                    vec![P::L(0), P::V("b")],
                )],
                "(Prod.mk.{0,0} Nat Nat b 0)",
            ),
            E("(p : (Prod.{0,0} Nat Nat))", vec![P::V("p")], "p"),
        ],
    );
    let out = compile(&mut env, &[d]).unwrap();
    assert_eq!(out[0].equation_lemmas.len(), 1);
    assert_eq!(out[0].case_lemmas.len(), 1);
    check_eq(
        &mut env,
        "sw",
        "(Prod.{0,0} Nat Nat)",
        "(swapIfZero (Prod.mk.{0,0} Nat Nat 0 5))",
        "(Prod.mk.{0,0} Nat Nat 5 0)",
    );
    check_eq(
        &mut env,
        "nosw",
        "(Prod.{0,0} Nat Nat)",
        "(swapIfZero (Prod.mk.{0,0} Nat Nat 2 5))",
        "(Prod.mk.{0,0} Nat Nat 2 5)",
    );
}

#[test]
fn inaccessible_patterns_match_anything() {
    let mut env = lib();
    let d = eqn_def(
        &mut env,
        "k",
        &[],
        "(-> Nat Nat Nat)",
        &[E("(n : Nat)", vec![P::V("n"), P::I("n")], "n")],
    );
    let out = compile(&mut env, &[d]).unwrap();
    // The lemma states `k n n = n`.
    assert_eq!(out[0].equation_lemmas.len(), 1);
    check_eq(&mut env, "k1", "Nat", "(k 4 9)", "4");
}

#[test]
fn ill_scoped_equations_are_refused() {
    let mut env = lib();
    // Non-linear pattern `f x x`.
    let mut d = eqn_def(
        &mut env,
        "nl",
        &[],
        "(-> Nat Nat Nat)",
        &[E("(x : Nat)", vec![P::V("x"), P::V("x")], "x")],
    );
    let err = compile(&mut env, &[d.clone()]).unwrap_err();
    assert!(err.to_string().contains("non-linear"), "{err}");
    // A right-hand side mentioning a variable no pattern binds.
    d.equations[0].patterns[1] = cedrus_lang::matchc::Pat::Lit(0u32.into());
    d.equations[0].patterns[0] = cedrus_lang::matchc::Pat::Lit(0u32.into());
    let err = compile(&mut env, &[d.clone()]).unwrap_err();
    assert!(err.to_string().contains("no pattern binds"), "{err}");
    // A stray free variable.
    let stray = env.store_mut().mk(Node::FVar(424_242));
    d.equations[0].rhs = stray;
    let err = compile(&mut env, &[d]).unwrap_err();
    assert!(err.to_string().contains("not a pattern variable"), "{err}");
    assert!(env.get(&Name::new("nl")).is_none());
}
