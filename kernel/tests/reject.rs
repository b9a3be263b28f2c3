//! Declarations the kernel must refuse, each with the error it must give.

mod common;
use cedrus_kernel::*;
use common::*;

macro_rules! rejects {
    ($r:expr, $p:pat) => {{
        let r = $r;
        assert!(matches!(r, Err($p)), "unexpected result: {r:?}");
    }};
    ($r:expr, $p:pat if $g:expr) => {{
        let r = $r;
        assert!(matches!(&r, Err($p) if $g), "unexpected result: {r:?}");
    }};
}

fn lib() -> Environment {
    let mut env = Environment::new();
    prelude(&mut env);
    env
}

fn nat_bool_only() -> Environment {
    let mut env = Environment::new();
    ind(
        &mut env,
        &[],
        0,
        &[(
            "Nat",
            "Type",
            &[("Nat.zero", "Nat"), ("Nat.succ", "(-> Nat Nat)")],
        )],
    )
    .unwrap();
    ind(
        &mut env,
        &[],
        0,
        &[(
            "Bool",
            "Type",
            &[("Bool.false", "Bool"), ("Bool.true", "Bool")],
        )],
    )
    .unwrap();
    env
}

// ---- universes -------------------------------------------------------------------------

#[test]
fn type_in_type() {
    let mut env = lib();
    rejects!(
        def(&mut env, "bad", &["u"], "Sort.{u}", "Sort.{u}"),
        KernelError::TypeMismatch { .. }
    );
    rejects!(
        def(&mut env, "bad", &[], "Type", "Type"),
        KernelError::TypeMismatch { .. }
    );
}

#[test]
fn impredicativity_only_for_prop() {
    let mut env = lib();
    rejects!(
        def(&mut env, "bad", &["u"], "Prop", "(pi (α : Sort.{u}) α)"),
        KernelError::TypeMismatch { .. }
    );
}

#[test]
fn undeclared_universe_param() {
    let mut env = lib();
    rejects!(
        axiom(&mut env, "bad", &[], "Sort.{v}"),
        KernelError::UnknownLevelParam { .. }
    );
    rejects!(
        axiom(&mut env, "bad", &["u"], "(List.{v} Nat)"),
        KernelError::UnknownLevelParam { .. }
    );
}

#[test]
fn duplicate_universe_param() {
    let mut env = lib();
    rejects!(
        axiom(&mut env, "bad", &["u", "u"], "Sort.{u}"),
        KernelError::DuplicateLevelParam { .. }
    );
    rejects!(
        ind(&mut env, &["u", "u"], 0, &[("B", "Type", &[])]),
        KernelError::DuplicateLevelParam { .. }
    );
}

#[test]
fn wrong_number_of_universe_args() {
    let mut env = lib();
    rejects!(
        axiom(&mut env, "bad", &[], "(List Nat)"),
        KernelError::WrongLevelCount { .. }
    );
    rejects!(
        axiom(&mut env, "bad", &[], "(List.{0,0} Nat)"),
        KernelError::WrongLevelCount { .. }
    );
}

// ---- names -----------------------------------------------------------------------------

#[test]
fn duplicate_names() {
    let mut env = lib();
    rejects!(
        def(&mut env, "Nat.zero", &[], "Nat", "0"),
        KernelError::DuplicateConstant { .. }
    );
    rejects!(
        axiom(&mut env, "Nat", &[], "Type"),
        KernelError::DuplicateConstant { .. }
    );
    rejects!(
        ind(
            &mut env,
            &[],
            0,
            &[("D", "Type", &[("D.a", "D"), ("D.a", "D")])]
        ),
        KernelError::DuplicateConstant { .. }
    );
    rejects!(
        ind(&mut env, &[], 0, &[("D", "Type", &[("Nat.succ", "D")])]),
        KernelError::DuplicateConstant { .. }
    );
}

#[test]
fn recursor_name_clash() {
    let mut env = lib();
    axiom(&mut env, "Foo.rec", &[], "Nat").unwrap();
    rejects!(
        ind(&mut env, &[], 0, &[("Foo", "Type", &[("Foo.mk", "Foo")])]),
        KernelError::DuplicateConstant { decl } if decl.as_str() == "Foo.rec"
    );
    // The failed block left nothing behind.
    assert!(env.get(&Name::new("Foo")).is_none());
}

#[test]
fn undeclared_constants() {
    let mut env = lib();
    rejects!(
        axiom(&mut env, "bad", &[], "Foo"),
        KernelError::UnknownConstant { .. }
    );
    rejects!(
        def(&mut env, "loop", &[], "Nat", "loop"),
        KernelError::UnknownConstant { .. }
    );
}

// ---- terms -----------------------------------------------------------------------------

#[test]
fn theorem_must_be_prop() {
    let mut env = lib();
    rejects!(
        thm(&mut env, "bad", &[], "Nat", "0"),
        KernelError::TheoremNotProp { .. }
    );
}

#[test]
fn value_must_match_type() {
    let mut env = lib();
    rejects!(
        def(&mut env, "bad", &[], "Nat", "Bool.true"),
        KernelError::TypeMismatch { .. }
    );
    rejects!(
        thm(
            &mut env,
            "bad",
            &[],
            "(Eq.{1} Nat (Nat.add 2 2) 5)",
            "(Eq.refl.{1} Nat 4)"
        ),
        KernelError::TypeMismatch { .. }
    );
}

#[test]
fn bad_let() {
    let mut env = lib();
    let r = def(&mut env, "bad", &[], "Nat", "(let y Nat Bool.true y)");
    rejects!(r.clone(), KernelError::TypeMismatch { .. });
    assert!(r.unwrap_err().to_string().contains("`let`"));
    rejects!(
        def(&mut env, "bad", &[], "Nat", "(let y 3 3 y)"),
        KernelError::NotASort { .. }
    );
}

#[test]
fn literals_at_wrong_type() {
    let mut env = lib();
    rejects!(
        def(&mut env, "bad", &[], "Bool", "5"),
        KernelError::TypeMismatch { .. }
    );
    rejects!(
        def(&mut env, "bad", &[], "Nat", "\"five\""),
        KernelError::LiteralTypeMissing { .. }
    );
    let mut empty = Environment::new();
    axiom(&mut empty, "A", &[], "Type").unwrap();
    rejects!(
        axiom(&mut empty, "bad", &[], "(-> A 5)"),
        KernelError::LiteralTypeMissing { .. }
    );
}

#[test]
fn loose_and_free_variables() {
    let mut env = lib();
    let b = env.store_mut().bvar(0);
    rejects!(
        env.add(Declaration::Axiom {
            name: Name::new("bad"),
            lparams: vec![],
            ty: b
        }),
        KernelError::LooseBoundVariable { .. }
    );
    let nat = env.store_mut().cnst("Nat", vec![]);
    let b1 = env.store_mut().bvar(1);
    let lam = env.store_mut().lam("x", nat, b1);
    let ty = env.store_mut().arrow(nat, nat);
    rejects!(
        env.add(Declaration::Definition {
            name: Name::new("bad"),
            lparams: vec![],
            ty,
            value: lam,
            hints: ReducibilityHints::Regular
        }),
        KernelError::LooseBoundVariable { .. }
    );
    let fv = env.store_mut().mk(Node::FVar(0));
    rejects!(
        env.add(Declaration::Axiom {
            name: Name::new("bad"),
            lparams: vec![],
            ty: fv
        }),
        KernelError::UnexpectedFreeVariable { .. }
    );
}

#[test]
fn ill_typed_application() {
    let mut env = lib();
    let r = def(&mut env, "bad", &[], "Nat", "(Nat.succ Bool.true)");
    rejects!(r.clone(), KernelError::TypeMismatch { .. });
    let msg = r.unwrap_err().to_string();
    assert!(
        msg.contains("application of `Nat.succ`") && msg.contains("expected Nat, got Bool"),
        "{msg}"
    );
    rejects!(
        def(&mut env, "bad", &[], "Nat", "(0 0)"),
        KernelError::NotAFunction { .. }
    );
}

#[test]
fn non_sort_binder_types() {
    let mut env = lib();
    rejects!(
        axiom(&mut env, "bad", &[], "(pi (x : 0) Nat)"),
        KernelError::NotASort { .. }
    );
    rejects!(
        axiom(&mut env, "bad", &[], "0"),
        KernelError::NotASort { .. }
    );
    rejects!(
        def(
            &mut env,
            "bad",
            &[],
            "(-> Nat Nat)",
            "(fun (x : Nat.zero) x)"
        ),
        KernelError::NotASort { .. }
    );
}

#[test]
fn proof_irrelevance_is_only_for_proofs() {
    let mut env = lib();
    rejects!(
        thm(
            &mut env,
            "bad",
            &[],
            "(pi (a : Nat) (b : Nat) (Eq.{1} Nat a b))",
            "(fun (a : Nat) (b : Nat) (Eq.refl.{1} Nat a))"
        ),
        KernelError::TypeMismatch { .. }
    );
}

#[test]
fn opaque_and_hints_do_not_change_meaning() {
    let mut env = lib();
    let ty = term(env.store_mut(), "Nat");
    let value = term(env.store_mut(), "1");
    env.add(Declaration::Opaque {
        name: Name::new("c"),
        lparams: vec![],
        ty,
        value,
    })
    .unwrap();
    // Opaque constants never unfold.
    rejects!(
        thm(
            &mut env,
            "bad",
            &[],
            "(Eq.{1} Nat c 1)",
            "(Eq.refl.{1} Nat 1)"
        ),
        KernelError::TypeMismatch { .. }
    );
    // Unfolding hints are only heuristics: a definition claimed to be opaque or an abbreviation
    // still means its value and no other.
    for hints in [ReducibilityHints::Opaque, ReducibilityHints::Abbrev] {
        let name = Name::new(&format!("d{hints:?}"));
        let ty = term(env.store_mut(), "Nat");
        let value = term(env.store_mut(), "2");
        env.add(Declaration::Definition {
            name: name.clone(),
            lparams: vec![],
            ty,
            value,
            hints,
        })
        .unwrap();
        let stmt = format!("(Eq.{{1}} Nat {name} 3)");
        rejects!(
            thm(&mut env, "bad", &[], &stmt, "(Eq.refl.{1} Nat 3)"),
            KernelError::TypeMismatch { .. }
        );
        let stmt = format!("(Eq.{{1}} Nat {name} 2)");
        thm(
            &mut env,
            &format!("ok{hints:?}"),
            &[],
            &stmt,
            "(Eq.refl.{1} Nat 2)",
        )
        .unwrap();
    }
}

// ---- inductive types -------------------------------------------------------------------

#[test]
fn non_positive_occurrence() {
    let mut env = lib();
    rejects!(
        ind(
            &mut env,
            &[],
            0,
            &[("Bad", "Type", &[("Bad.mk", "(-> (-> Bad Nat) Bad)")])]
        ),
        KernelError::NonPositive { .. }
    );
}

#[test]
fn non_strictly_positive_occurrence() {
    let mut env = lib();
    rejects!(
        ind(
            &mut env,
            &[],
            0,
            &[(
                "Bad",
                "Type",
                &[("Bad.mk", "(-> (-> (-> Bad Nat) Nat) Bad)")]
            )]
        ),
        KernelError::NonPositive { .. }
    );
}

#[test]
fn negative_nested_occurrence() {
    let mut env = lib();
    rejects!(
        ind(
            &mut env,
            &[],
            0,
            &[(
                "Bad",
                "Type",
                &[("Bad.mk", "(-> (List.{0} (-> Bad Nat)) Bad)")]
            )]
        ),
        KernelError::NonPositive { .. }
    );
}

#[test]
fn occurrence_as_argument_of_non_inductive() {
    let mut env = lib();
    axiom(&mut env, "F", &[], "(-> Type Type)").unwrap();
    rejects!(
        ind(
            &mut env,
            &[],
            0,
            &[("Bad", "Type", &[("Bad.mk", "(-> (F Bad) Bad)")])]
        ),
        KernelError::NonPositive { .. }
    );
}

#[test]
fn universe_too_small() {
    let mut env = lib();
    rejects!(
        ind(
            &mut env,
            &[],
            0,
            &[("Big", "Type", &[("Big.mk", "(-> Type Big)")])]
        ),
        KernelError::UniverseTooSmall { .. }
    );
    rejects!(
        ind(
            &mut env,
            &["u"],
            0,
            &[("Box", "Type", &[("Box.mk", "(-> Type.{u} Box.{u})")])]
        ),
        KernelError::UniverseTooSmall { .. }
    );
    // A Prop may have large fields (impredicativity): accepted.
    ind(
        &mut env,
        &[],
        0,
        &[("PBig", "Prop", &[("PBig.mk", "(-> Type PBig)")])],
    )
    .unwrap();
}

#[test]
fn large_elimination_from_non_subsingleton_prop() {
    let mut env = lib();
    // `Or.rec` has no universe parameter: it only eliminates into Prop.
    rejects!(
        def(&mut env, "bad", &[], "(-> (Or True True) Nat)",
            "(fun (h : (Or True True)) (Or.rec.{1} True True (fun (x : (Or True True)) Nat) (fun (a : True) 0) (fun (b : True) 1) h))"),
        KernelError::WrongLevelCount { .. }
    );
    rejects!(
        def(&mut env, "bad", &[], "(-> (Or True True) Nat)",
            "(fun (h : (Or True True)) (Or.rec True True (fun (x : (Or True True)) Nat) (fun (a : True) 0) (fun (b : True) 1) h))"),
        KernelError::TypeMismatch { .. }
    );
    // `Exists` hides its witness: no large elimination either.
    rejects!(
        def(&mut env, "bad", &[], "(-> (Exists.{1} Nat (fun (n : Nat) True)) Nat)",
            "(fun (h : (Exists.{1} Nat (fun (n : Nat) True))) (Exists.rec.{1} Nat (fun (n : Nat) True) (fun (x : (Exists.{1} Nat (fun (n : Nat) True))) Nat) (fun (w : Nat) (p : True) w) h))"),
        KernelError::TypeMismatch { .. }
    );
    // A Prop with a data field has a Prop-only recursor.
    ind(
        &mut env,
        &[],
        0,
        &[("PBox", "Prop", &[("PBox.mk", "(-> Nat PBox)")])],
    )
    .unwrap();
    assert!(env.get(&Name::new("PBox.rec")).unwrap().lparams.is_empty());
}

#[test]
fn constructor_with_wrong_parameters() {
    let mut env = lib();
    rejects!(
        ind(
            &mut env,
            &[],
            1,
            &[(
                "W",
                "(-> Type Type)",
                &[("W.mk", "(pi (α : Type) (W Nat))")]
            )]
        ),
        KernelError::BadConstructor { .. }
    );
    rejects!(
        ind(
            &mut env,
            &[],
            1,
            &[(
                "W",
                "(-> Type Type)",
                &[("W.mk", "(pi (α : Prop) (W Nat))")]
            )]
        ),
        KernelError::BadConstructor { .. }
    );
}

#[test]
fn constructor_result_not_the_inductive() {
    let mut env = lib();
    rejects!(
        ind(&mut env, &[], 0, &[("W", "Type", &[("W.mk", "Nat")])]),
        KernelError::BadConstructor { .. }
    );
    rejects!(
        ind(
            &mut env,
            &[],
            0,
            &[
                ("A", "Type", &[("A.mk", "B")]),
                ("B", "Type", &[("B.mk", "B")]),
            ]
        ),
        KernelError::BadConstructor { .. }
    );
}

#[test]
fn index_used_as_parameter() {
    let mut env = lib();
    // `n` is declared a parameter, so constructors may not vary it.
    rejects!(
        ind(
            &mut env,
            &[],
            1,
            &[("P", "(-> Nat Prop)", &[("P.zero", "(pi (n : Nat) (P 0))"),])]
        ),
        KernelError::BadConstructor { .. }
    );
    // An index mentioning the type being defined.
    rejects!(
        ind(
            &mut env,
            &[],
            0,
            &[("Q", "(-> Type Type)", &[("Q.mk", "(Q (Q Nat))")])]
        ),
        KernelError::BadConstructor { .. }
    );
}

#[test]
fn mutual_blocks_must_agree() {
    let mut env = lib();
    rejects!(
        ind(
            &mut env,
            &[],
            1,
            &[("E2", "(-> Nat Prop)", &[]), ("O2", "(-> Bool Prop)", &[]),]
        ),
        KernelError::BadInductive { .. }
    );
    rejects!(
        ind(&mut env, &[], 0, &[("A", "Type", &[]), ("B", "Prop", &[])]),
        KernelError::BadInductive { .. }
    );
    rejects!(
        ind(&mut env, &[], 0, &[("N2", "Nat", &[])]),
        KernelError::BadInductive { .. }
    );
    rejects!(
        ind(&mut env, &[], 2, &[("N3", "(-> Type Type)", &[])]),
        KernelError::BadInductive { .. }
    );
}

#[test]
fn projections_on_non_structures() {
    let mut env = lib();
    rejects!(
        def(&mut env, "bad", &[], "Nat", "(proj Nat 0 5)"),
        KernelError::BadProjection { .. }
    );
    rejects!(
        def(
            &mut env,
            "bad",
            &[],
            "(-> (Or True True) True)",
            "(fun (h : (Or True True)) (proj Or 0 h))"
        ),
        KernelError::BadProjection { .. }
    );
    rejects!(
        def(
            &mut env,
            "bad",
            &[],
            "(-> (Prod.{0,0} Nat Nat) Nat)",
            "(fun (p : (Prod.{0,0} Nat Nat)) (proj Prod 2 p))"
        ),
        KernelError::BadProjection { .. }
    );
    rejects!(
        def(
            &mut env,
            "bad",
            &[],
            "(-> (Prod.{0,0} Nat Nat) Nat)",
            "(fun (p : (Prod.{0,0} Nat Nat)) (proj And 0 p))"
        ),
        KernelError::BadProjection { .. }
    );
    // No data out of a proof.
    rejects!(
        def(
            &mut env,
            "bad",
            &[],
            "(-> (Exists.{1} Nat (fun (n : Nat) True)) Nat)",
            "(fun (h : (Exists.{1} Nat (fun (n : Nat) True))) (proj Exists 0 h))"
        ),
        KernelError::BadProjection { .. }
    );
}

#[test]
fn eta_only_for_structures() {
    let mut env = lib();
    rejects!(
        thm(
            &mut env,
            "bad",
            &[],
            "(pi (b : Bool) (Eq.{1} Bool b Bool.true))",
            "(fun (b : Bool) (Eq.refl.{1} Bool Bool.true))"
        ),
        KernelError::TypeMismatch { .. }
    );
    // One constructor but an index: not unit-like.
    ind(
        &mut env,
        &[],
        0,
        &[("Wr", "(-> Nat Type)", &[("Wr.mk", "(-> Nat (Wr 0))")])],
    )
    .unwrap();
    rejects!(
        thm(
            &mut env,
            "bad",
            &[],
            "(pi (a : (Wr 0)) (b : (Wr 0)) (Eq.{1} (Wr 0) a b))",
            "(fun (a : (Wr 0)) (b : (Wr 0)) (Eq.refl.{1} (Wr 0) a))"
        ),
        KernelError::TypeMismatch { .. }
    );
    rejects!(
        thm(
            &mut env,
            "bad",
            &[],
            "(pi (l : (List.{0} Nat)) (Eq.{1} (List.{0} Nat) l (List.nil.{0} Nat)))",
            "(fun (l : (List.{0} Nat)) (Eq.refl.{1} (List.{0} Nat) l))"
        ),
        KernelError::TypeMismatch { .. }
    );
}

// ---- built-ins -------------------------------------------------------------------------

#[test]
fn wrong_nat_add_with_literal_extension() {
    let mut env = nat_bool_only();
    rejects!(
        def(
            &mut env,
            "Nat.add",
            &[],
            "(-> Nat Nat Nat)",
            "(fun (x : Nat) (y : Nat) x)"
        ),
        KernelError::BuiltinMismatch { .. }
    );
    rejects!(
        axiom(&mut env, "Nat.add", &[], "(-> Nat Nat Nat)"),
        KernelError::BuiltinMismatch { .. }
    );
    assert!(env.get(&Name::new("Nat.add")).is_none());
    // Without the acceleration the wrong definition would let us prove 2 + 2 = 2.
    let (ty, value) = builtins::reference_definition(&mut env, "Nat.add").unwrap();
    env.add(Declaration::Definition {
        name: Name::new("Nat.add"),
        lparams: vec![],
        ty,
        value,
        hints: ReducibilityHints::Regular,
    })
    .unwrap();
    assert!(env.builtins().nat_ops.contains(&Name::new("Nat.add")));
}

#[test]
fn wrong_builtin_types() {
    let mut env = nat_bool_only();
    rejects!(
        def(
            &mut env,
            "Nat.sub",
            &[],
            "(-> Nat Nat)",
            "(fun (x : Nat) x)"
        ),
        KernelError::BuiltinMismatch { .. }
    );
    // Depends on `Nat.add`, which is not declared yet.
    rejects!(
        def(
            &mut env,
            "Nat.mul",
            &[],
            "(-> Nat Nat Nat)",
            "(fun (x : Nat) (y : Nat) x)"
        ),
        KernelError::BuiltinMismatch { .. }
    );
    let mut env = Environment::new();
    rejects!(
        ind(
            &mut env,
            &[],
            0,
            &[(
                "Nat",
                "Type",
                &[
                    ("Nat.zero", "Nat"),
                    ("Nat.succ", "(-> Nat Nat)"),
                    ("Nat.two", "Nat")
                ]
            )]
        ),
        KernelError::BuiltinMismatch { .. }
    );
    rejects!(
        ind(
            &mut env,
            &[],
            0,
            &[(
                "Nat",
                "Type",
                &[("Nat.succ", "(-> Nat Nat)"), ("Nat.zero", "Nat")]
            )]
        ),
        KernelError::BuiltinMismatch { .. }
    );
    rejects!(
        ind(
            &mut env,
            &[],
            0,
            &[(
                "Bool",
                "Type",
                &[("Bool.true", "Bool"), ("Bool.false", "Bool")]
            )]
        ),
        KernelError::BuiltinMismatch { .. }
    );
}

// ---- resources -------------------------------------------------------------------------

#[test]
fn million_nested_successors_are_refused() {
    let mut env = lib();
    let s = env.store_mut();
    let succ = s.cnst("Nat.succ", vec![]);
    let mut e = s.cnst("Nat.zero", vec![]);
    for _ in 0..1_000_000 {
        e = s.app(succ, e);
    }
    let ty = s.cnst("Nat", vec![]);
    rejects!(
        env.add(Declaration::Definition {
            name: Name::new("deep"),
            lparams: vec![],
            ty,
            value: e,
            hints: ReducibilityHints::Regular
        }),
        KernelError::DeepTerm { .. }
    );
}

#[test]
fn million_nested_lambdas_are_refused() {
    let mut env = lib();
    let s = env.store_mut();
    let nat = s.cnst("Nat", vec![]);
    let mut e = s.bvar(0);
    let mut ty = nat;
    for _ in 0..1_000_000 {
        e = s.lam("x", nat, e);
        ty = s.arrow(nat, ty);
    }
    rejects!(
        env.add(Declaration::Definition {
            name: Name::new("deep"),
            lparams: vec![],
            ty,
            value: e,
            hints: ReducibilityHints::Regular
        }),
        KernelError::DeepTerm { .. }
    );
}

#[test]
fn deep_term_in_export_file_is_refused() {
    let mut text = String::from("cedrus-kernel-export 1\nN 0 \"A\"\nN 1 \"deep\"\nL 0 Z\nL 1 S 0\nE 0 S 1\nIND 0 1\nTYPE 0 0 0\nE 1 C 0\nE 2 V 0\n");
    let n = 300_000;
    for i in 0..n {
        text.push_str(&format!("E {} L d 0 1 {}\n", i + 3, i + 2));
    }
    text.push_str(&format!("AXIOM 1 {}\n", n + 2));
    let e = export::check_file(&text).unwrap_err();
    assert!(
        matches!(
            e.kind,
            export::ExportErrorKind::Kernel(KernelError::DeepTerm { .. })
        ),
        "{e}"
    );
}

#[test]
fn long_unary_computation_hits_a_limit() {
    let mut env = Environment::with_limits(Limits {
        fuel: 50_000,
        ..Limits::default()
    });
    prelude(&mut env);
    def(&mut env, "id'", &[], "(-> Nat Nat)", "(fun (n : Nat) (Nat.rec.{1} (fun (x : Nat) Nat) 0 (fun (k : Nat) (ih : Nat) (Nat.succ ih)) n))").unwrap();
    rejects!(
        thm(
            &mut env,
            "slow",
            &[],
            "(Eq.{1} Nat (id' 1000000) 1000000)",
            "(Eq.refl.{1} Nat 1000000)"
        ),
        KernelError::ResourceLimit { .. }
    );
}
