//! Positive tests: a small library checked through the Rust API.

mod common;
use cedrus_kernel::*;
use common::*;

#[test]
fn prelude_is_accepted() {
    let mut env = Environment::new();
    prelude(&mut env);
    assert!(env.builtins().nat && env.builtins().bool_);
    assert_eq!(env.builtins().nat_ops.len(), 15);
    let rec = env.get(&Name::new("Nat.rec")).unwrap();
    assert_eq!(rec.lparams.len(), 1);
    assert!(env.get(&Name::new("Eq.rec")).is_some());
}

#[test]
fn two_plus_two_by_reduction() {
    let mut env = Environment::new();
    prelude(&mut env);
    thm(
        &mut env,
        "two_add_two",
        &[],
        "(Eq.{1} Nat (Nat.add 2 2) 4)",
        "(Eq.refl.{1} Nat 4)",
    )
    .unwrap();
    // The same through the unary constructors.
    thm(
        &mut env,
        "two_add_two'",
        &[],
        "(Eq.{1} Nat (Nat.add (Nat.succ (Nat.succ Nat.zero)) 2) (Nat.succ 3))",
        "(Eq.refl.{1} Nat 4)",
    )
    .unwrap();
    let bad = thm(
        &mut env,
        "two_add_two_bad",
        &[],
        "(Eq.{1} Nat (Nat.add 2 2) 5)",
        "(Eq.refl.{1} Nat 4)",
    );
    assert!(
        matches!(bad, Err(KernelError::TypeMismatch { .. })),
        "{bad:?}"
    );
    assert!(env.axioms_of(&Name::new("two_add_two")).is_empty());
}

fn lib() -> Environment {
    let mut env = Environment::new();
    prelude(&mut env);
    env
}

#[test]
fn list_length_and_append_compute() {
    let mut env = lib();
    def(
        &mut env,
        "List.length",
        &["u"],
        "(pi (α : Type.{u}) (-> (List.{u} α) Nat))",
        "(fun (α : Type.{u}) (xs : (List.{u} α))
           (List.rec.{1,u} α (fun (l : (List.{u} α)) Nat) 0
              (fun (x : α) (t : (List.{u} α)) (ih : Nat) (Nat.succ ih)) xs))",
    )
    .unwrap();
    def(
        &mut env,
        "List.append",
        &["u"],
        "(pi (α : Type.{u}) (-> (List.{u} α) (List.{u} α) (List.{u} α)))",
        "(fun (α : Type.{u}) (xs : (List.{u} α)) (ys : (List.{u} α))
           (List.rec.{u+1,u} α (fun (l : (List.{u} α)) (List.{u} α)) ys
              (fun (x : α) (t : (List.{u} α)) (ih : (List.{u} α)) (List.cons.{u} α x ih)) xs))",
    )
    .unwrap();
    thm(
        &mut env,
        "length_append",
        &[],
        "(Eq.{1} Nat (List.length.{0} Nat (List.append.{0} Nat
            (List.cons.{0} Nat 1 (List.cons.{0} Nat 2 (List.nil.{0} Nat)))
            (List.cons.{0} Nat 3 (List.nil.{0} Nat)))) 3)",
        "(Eq.refl.{1} Nat 3)",
    )
    .unwrap();
    thm(
        &mut env,
        "append_compute",
        &[],
        "(Eq.{1} (List.{0} Nat) (List.append.{0} Nat (List.cons.{0} Nat 1 (List.nil.{0} Nat))
            (List.cons.{0} Nat 2 (List.nil.{0} Nat)))
            (List.cons.{0} Nat 1 (List.cons.{0} Nat 2 (List.nil.{0} Nat))))",
        "(Eq.refl.{1} (List.{0} Nat) (List.cons.{0} Nat 1 (List.cons.{0} Nat 2 (List.nil.{0} Nat))))",
    )
    .unwrap();
}

#[test]
fn logic_connectives() {
    let mut env = lib();
    thm(&mut env, "t", &[], "True", "True.intro").unwrap();
    thm(
        &mut env,
        "and_swap",
        &[],
        "(pi (a : Prop) (b : Prop) (-> (And a b) (And b a)))",
        "(fun (a : Prop) (b : Prop) (h : (And a b))
           (And.intro b a (proj And 1 h) (proj And 0 h)))",
    )
    .unwrap();
    thm(
        &mut env,
        "or_swap",
        &[],
        "(pi (a : Prop) (b : Prop) (-> (Or a b) (Or b a)))",
        "(fun (a : Prop) (b : Prop) (h : (Or a b))
           (Or.rec a b (fun (x : (Or a b)) (Or b a))
             (fun (ha : a) (Or.inr b a ha)) (fun (hb : b) (Or.inl b a hb)) h))",
    )
    .unwrap();
    thm(
        &mut env,
        "false_elim",
        &[],
        "(pi (p : Prop) (-> False p))",
        "(fun (p : Prop) (h : False) (False.rec.{0} (fun (x : False) p) h))",
    )
    .unwrap();
    thm(
        &mut env,
        "exists_two",
        &[],
        "(Exists.{1} Nat (fun (n : Nat) (Eq.{1} Nat (Nat.mul n n) 4)))",
        "(Exists.intro.{1} Nat (fun (n : Nat) (Eq.{1} Nat (Nat.mul n n) 4)) 2 (Eq.refl.{1} Nat 4))",
    )
    .unwrap();
    // False eliminates into any universe; Eq into any universe (subsingletons).
    assert_eq!(env.get(&Name::new("False.rec")).unwrap().lparams.len(), 1);
    assert_eq!(env.get(&Name::new("Eq.rec")).unwrap().lparams.len(), 2);
    assert_eq!(env.get(&Name::new("And.rec")).unwrap().lparams.len(), 1);
    assert_eq!(env.get(&Name::new("Or.rec")).unwrap().lparams.len(), 0);
    assert_eq!(env.get(&Name::new("Exists.rec")).unwrap().lparams.len(), 1);
}

#[test]
fn axioms_are_reported() {
    let mut env = lib();
    axiom(&mut env, "sorryAx", &["u"], "(pi (α : Sort.{u}) α)").unwrap();
    thm(
        &mut env,
        "cheat",
        &[],
        "(Eq.{1} Nat 1 2)",
        "(sorryAx.{0} (Eq.{1} Nat 1 2))",
    )
    .unwrap();
    thm(&mut env, "uses_cheat", &[], "(Eq.{1} Nat 1 2)", "cheat").unwrap();
    let ax = env.axioms_of(&Name::new("uses_cheat"));
    assert_eq!(
        ax.into_iter().collect::<Vec<_>>(),
        vec![Name::new("sorryAx")]
    );
}

#[test]
fn mutual_even_odd() {
    let mut env = lib();
    ind(
        &mut env,
        &[],
        0,
        &[
            (
                "Even",
                "(-> Nat Prop)",
                &[
                    ("Even.zero", "(Even 0)"),
                    (
                        "Even.succ",
                        "(pi (n : Nat) (-> (Odd n) (Even (Nat.succ n))))",
                    ),
                ],
            ),
            (
                "Odd",
                "(-> Nat Prop)",
                &[(
                    "Odd.succ",
                    "(pi (n : Nat) (-> (Even n) (Odd (Nat.succ n))))",
                )],
            ),
        ],
    )
    .unwrap();
    assert!(env.get(&Name::new("Odd.rec")).is_some());
    thm(
        &mut env,
        "even_two",
        &[],
        "(Even 2)",
        "(Even.succ 1 (Odd.succ 0 Even.zero))",
    )
    .unwrap();
    // A mutual Type-valued pair with computing recursors.
    ind(
        &mut env,
        &[],
        0,
        &[
            (
                "Tm",
                "Type",
                &[("Tm.leaf", "Tm"), ("Tm.node", "(-> Forest Tm)")],
            ),
            (
                "Forest",
                "Type",
                &[
                    ("Forest.nil", "Forest"),
                    ("Forest.cons", "(-> Tm Forest Forest)"),
                ],
            ),
        ],
    )
    .unwrap();
    def(
        &mut env,
        "Tm.size",
        &[],
        "(-> Tm Nat)",
        "(fun (t : Tm) (Tm.rec.{1} (fun (x : Tm) Nat) (fun (x : Forest) Nat)
            1 (fun (f : Forest) (ih : Nat) (Nat.succ ih))
            0 (fun (a : Tm) (f : Forest) (ia : Nat) (ib : Nat) (Nat.add ia ib)) t))",
    )
    .unwrap();
    thm(
        &mut env,
        "size3",
        &[],
        "(Eq.{1} Nat (Tm.size (Tm.node (Forest.cons Tm.leaf (Forest.cons Tm.leaf Forest.nil)))) 3)",
        "(Eq.refl.{1} Nat 3)",
    )
    .unwrap();
}

#[test]
fn indexed_vector() {
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
                ("Vector.cons", "(pi (α : Type.{u}) (n : Nat) (-> α (Vector.{u} α n) (Vector.{u} α (Nat.succ n))))"),
            ],
        )],
    )
    .unwrap();
    let rec = env.get(&Name::new("Vector.rec")).unwrap();
    let ConstantKind::Recursor(r) = &rec.kind else {
        panic!()
    };
    assert_eq!(
        (r.num_params, r.num_indices, r.num_motives, r.num_minors),
        (1, 1, 1, 2)
    );
    def(
        &mut env,
        "Vector.toLength",
        &[],
        "(pi (n : Nat) (-> (Vector.{0} Nat n) Nat))",
        "(fun (n : Nat) (v : (Vector.{0} Nat n))
           (Vector.rec.{1,0} Nat (fun (k : Nat) (x : (Vector.{0} Nat k)) Nat) 0
             (fun (k : Nat) (a : Nat) (t : (Vector.{0} Nat k)) (ih : Nat) (Nat.add ih a)) n v))",
    )
    .unwrap();
    thm(
        &mut env,
        "vec_sum",
        &[],
        "(Eq.{1} Nat (Vector.toLength 2 (Vector.cons.{0} Nat 1 5 (Vector.cons.{0} Nat 0 7 (Vector.nil.{0} Nat)))) 12)",
        "(Eq.refl.{1} Nat 12)",
    )
    .unwrap();
}

#[test]
fn nested_tree() {
    let mut env = lib();
    ind(
        &mut env,
        &[],
        0,
        &[(
            "Tree",
            "Type",
            &[("Tree.node", "(-> Nat (List.{0} Tree) Tree)")],
        )],
    )
    .unwrap();
    let rec = env.get(&Name::new("Tree.rec")).unwrap().clone();
    let ConstantKind::Recursor(r) = &rec.kind else {
        panic!()
    };
    assert_eq!(r.num_motives, 2);
    let rec1 = env.get(&Name::new("Tree.rec_1")).unwrap().clone();
    let ConstantKind::Recursor(r1) = &rec1.kind else {
        panic!()
    };
    assert_eq!(r1.induct, Name::new("List"));
    assert!(env.get(&Name::new("Tree._nested_List_1")).is_none());
    // Sum of all labels, by the nested recursor.
    def(
        &mut env,
        "Tree.sum",
        &[],
        "(-> Tree Nat)",
        "(fun (t : Tree) (Tree.rec.{1} (fun (x : Tree) Nat) (fun (x : (List.{0} Tree)) Nat)
            (fun (n : Nat) (cs : (List.{0} Tree)) (ih : Nat) (Nat.add n ih))
            0
            (fun (h : Tree) (tl : (List.{0} Tree)) (ih1 : Nat) (ih2 : Nat) (Nat.add ih1 ih2)) t))",
    )
    .unwrap();
    thm(
        &mut env,
        "tree_sum",
        &[],
        "(Eq.{1} Nat (Tree.sum (Tree.node 1 (List.cons.{0} Tree (Tree.node 2 (List.nil.{0} Tree))
            (List.cons.{0} Tree (Tree.node 3 (List.nil.{0} Tree)) (List.nil.{0} Tree))))) 6)",
        "(Eq.refl.{1} Nat 6)",
    )
    .unwrap();
}

#[test]
fn structure_projections_and_eta() {
    let mut env = lib();
    thm(
        &mut env,
        "fst_mk",
        &[],
        "(Eq.{1} Nat (proj Prod 0 (Prod.mk.{0,0} Nat Nat 1 2)) 1)",
        "(Eq.refl.{1} Nat 1)",
    )
    .unwrap();
    // η for structures: p = (p.1, p.2) by rfl.
    thm(
        &mut env,
        "prod_eta",
        &[],
        "(pi (p : (Prod.{0,0} Nat Nat)) (Eq.{1} (Prod.{0,0} Nat Nat) p (Prod.mk.{0,0} Nat Nat (proj Prod 0 p) (proj Prod 1 p))))",
        "(fun (p : (Prod.{0,0} Nat Nat)) (Eq.refl.{1} (Prod.{0,0} Nat Nat) p))",
    )
    .unwrap();
    // η for functions.
    thm(
        &mut env,
        "fun_eta",
        &[],
        "(pi (f : (-> Nat Nat)) (Eq.{1} (-> Nat Nat) f (fun (x : Nat) (f x))))",
        "(fun (f : (-> Nat Nat)) (Eq.refl.{1} (-> Nat Nat) f))",
    )
    .unwrap();
    // Recursor on a variable of structure type reduces by η.
    thm(
        &mut env,
        "rec_eta",
        &[],
        "(pi (p : (Prod.{0,0} Nat Nat)) (Eq.{1} Nat
            (Prod.rec.{1,0,0} Nat Nat (fun (x : (Prod.{0,0} Nat Nat)) Nat) (fun (a : Nat) (b : Nat) a) p)
            (proj Prod 0 p)))",
        "(fun (p : (Prod.{0,0} Nat Nat)) (Eq.refl.{1} Nat (proj Prod 0 p)))",
    )
    .unwrap();
}

#[test]
fn proof_irrelevance_and_unit_eta() {
    let mut env = lib();
    thm(
        &mut env,
        "pi",
        &[],
        "(pi (p : Prop) (h1 : p) (h2 : p) (Eq.{0} p h1 h2))",
        "(fun (p : Prop) (h1 : p) (h2 : p) (Eq.refl.{0} p h1))",
    )
    .unwrap();
    ind(
        &mut env,
        &[],
        0,
        &[("Unit", "Type", &[("Unit.unit", "Unit")])],
    )
    .unwrap();
    thm(
        &mut env,
        "unit_eta",
        &[],
        "(pi (a : Unit) (b : Unit) (Eq.{1} Unit a b))",
        "(fun (a : Unit) (b : Unit) (Eq.refl.{1} Unit a))",
    )
    .unwrap();
}

#[test]
fn let_and_literals() {
    let mut env = lib();
    thm(
        &mut env,
        "let_zeta",
        &[],
        "(Eq.{1} Nat (let x Nat 20 (Nat.mul x x)) 400)",
        "(Eq.refl.{1} Nat 400)",
    )
    .unwrap();
    thm(
        &mut env,
        "big",
        &[],
        "(Eq.{1} Nat (Nat.pow 2 200) (Nat.mul (Nat.pow 2 100) (Nat.pow 2 100)))",
        "(Eq.refl.{1} Nat (Nat.pow 2 200))",
    )
    .unwrap();
    thm(
        &mut env,
        "beq",
        &[],
        "(Eq.{1} Bool (Nat.beq (Nat.gcd 12 18) 6) Bool.true)",
        "(Eq.refl.{1} Bool Bool.true)",
    )
    .unwrap();
}

/// A library exercising every declaration kind, nested and mutual blocks, and axioms.
fn full_library() -> Environment {
    let mut env = lib();
    ind(
        &mut env,
        &[],
        0,
        &[(
            "Tree",
            "Type",
            &[("Tree.node", "(-> Nat (List.{0} Tree) Tree)")],
        )],
    )
    .unwrap();
    ind(
        &mut env,
        &[],
        0,
        &[
            (
                "Even",
                "(-> Nat Prop)",
                &[
                    ("Even.zero", "(Even 0)"),
                    (
                        "Even.succ",
                        "(pi (n : Nat) (-> (Odd n) (Even (Nat.succ n))))",
                    ),
                ],
            ),
            (
                "Odd",
                "(-> Nat Prop)",
                &[(
                    "Odd.succ",
                    "(pi (n : Nat) (-> (Even n) (Odd (Nat.succ n))))",
                )],
            ),
        ],
    )
    .unwrap();
    axiom(&mut env, "sorryAx", &["u"], "(pi (α : Sort.{u}) α)").unwrap();
    thm(
        &mut env,
        "cheat",
        &[],
        "(Eq.{1} Nat 1 2)",
        "(sorryAx.{0} (Eq.{1} Nat 1 2))",
    )
    .unwrap();
    thm(
        &mut env,
        "four",
        &[],
        "(Eq.{1} Nat (Nat.add 2 2) 4)",
        "(Eq.refl.{1} Nat 4)",
    )
    .unwrap();
    let ty = term(env.store_mut(), "(-> Nat Nat)");
    let value = term(
        env.store_mut(),
        "(fun (n : Nat) (let k Nat 3 (Nat.mul n k)))",
    );
    env.add(Declaration::Opaque {
        name: Name::new("triple"),
        lparams: vec![],
        ty,
        value,
    })
    .unwrap();
    let ty = term(env.store_mut(), "(-> Nat Nat)");
    let value = term(env.store_mut(), "(fun (n : Nat) (Nat.succ n))");
    env.add(Declaration::Definition {
        name: Name::new("inc"),
        lparams: vec![],
        ty,
        value,
        hints: ReducibilityHints::Abbrev,
    })
    .unwrap();
    env
}

#[test]
fn export_round_trip() {
    let env = full_library();
    let text = export::write(&env);
    assert!(text.starts_with(export::HEADER));
    let report = export::check_file(&text).unwrap();
    assert_eq!(report.declarations, env.declarations().len());
    assert_eq!(report.axioms, 1);
    assert_eq!(report.theorems, 2);
    assert_eq!(report.opaques, 1);
    assert!(report.inductive_types >= 10);
    let cheat = report
        .theorem_axioms
        .iter()
        .find(|(n, _)| n.as_str() == "cheat")
        .unwrap();
    assert!(cheat.1.contains(&Name::new("sorryAx")));
    let shown = report.to_string();
    assert!(shown.contains("theorem cheat: axioms sorryAx"), "{shown}");
    assert!(shown.contains("theorem four: no axioms"), "{shown}");
    // Reading and writing again gives the same text: the format is canonical.
    let env2 = export::read(&text).unwrap();
    assert_eq!(export::write(&env2), text);
    assert!(env2.get(&Name::new("Tree.rec_1")).is_some());
}

#[test]
fn export_errors_carry_line_numbers() {
    let env = full_library();
    let text = export::write(&env);
    // Corrupt the `four` theorem: claim 2 + 2 = 5.
    let bad = text.replace("cedrus-kernel-export 1", "cedrus-kernel-export 9");
    let e = export::check_file(&bad).unwrap_err();
    assert!(matches!(e.kind, export::ExportErrorKind::BadHeader(_)));
    assert_eq!(e.line, 1);
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let pos = lines.iter().position(|l| l.starts_with("THM")).unwrap();
    lines[pos] = "THM 0 0 999999".to_owned();
    let e = export::check_file(&lines.join("\n")).unwrap_err();
    assert_eq!(e.line, pos + 1);
    assert!(
        matches!(e.kind, export::ExportErrorKind::BadReference(_)),
        "{e}"
    );
    assert!(e.to_string().starts_with(&format!("line {}:", pos + 1)));
}

#[test]
fn string_literals_expand_to_string_mk() {
    let mut env = lib();
    ind(
        &mut env,
        &[],
        0,
        &[("Char", "Type", &[("Char.mk", "(-> Nat Char)")])],
    )
    .unwrap();
    def(
        &mut env,
        "Char.ofNat",
        &[],
        "(-> Nat Char)",
        "(fun (n : Nat) (Char.mk n))",
    )
    .unwrap();
    ind(
        &mut env,
        &[],
        0,
        &[(
            "String",
            "Type",
            &[("String.mk", "(-> (List.{0} Char) String)")],
        )],
    )
    .unwrap();
    assert!(env.builtins().string);
    thm(
        &mut env,
        "ab",
        &[],
        "(Eq.{1} String \"ab\" (String.mk (List.cons.{0} Char (Char.ofNat 97) (List.cons.{0} Char (Char.mk 98) (List.nil.{0} Char)))))",
        "(Eq.refl.{1} String \"ab\")",
    )
    .unwrap();
    // The data of a literal is reachable by projection.
    thm(
        &mut env,
        "ab_data",
        &[],
        "(Eq.{1} (List.{0} Char) (proj String 0 \"a\") (List.cons.{0} Char (Char.mk 97) (List.nil.{0} Char)))",
        "(Eq.refl.{1} (List.{0} Char) (proj String 0 \"a\"))",
    )
    .unwrap();
    let bad = thm(
        &mut env,
        "ab_bad",
        &[],
        "(Eq.{1} String \"ab\" \"ba\")",
        "(Eq.refl.{1} String \"ab\")",
    );
    assert!(matches!(bad, Err(KernelError::TypeMismatch { .. })));
}

#[test]
fn format_example_checks() {
    let text = "cedrus-kernel-export 1\nN 0 \"Nat\"\nL 0 Z\nL 1 S 0\nE 0 S 1\nN 1 \"Nat.zero\"\nE 1 C 0\nN 2 \"Nat.succ\"\nN 3 \"a\"\nE 2 P d 3 1 1\nIND 0 1\nTYPE 0 0 2\nCTOR 1 1\nCTOR 2 2\n";
    let report = export::check_file(text).unwrap();
    assert_eq!(
        (
            report.inductive_types,
            report.constructors,
            report.recursors
        ),
        (1, 2, 1)
    );
}
