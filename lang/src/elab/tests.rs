//! Unit tests of the elaborator on small sources, with and without the prelude.

use crate::driver::{elab_source, new_elaborator, Diagnostic};
use crate::elab::Elaborator;

fn prelude() -> Elaborator {
    match new_elaborator(true) {
        Ok(e) => e,
        Err(ds) => panic!("prelude failed:\n{}", render(&ds)),
    }
}

fn render(ds: &[Diagnostic]) -> String {
    ds.iter()
        .map(|d| d.rendered.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn prelude_loads() {
    let e = prelude();
    assert!(e.env.builtins().nat && e.env.builtins().string);
    assert_eq!(e.env.builtins().nat_ops.len(), 15);
}

fn run(src: &str) -> Result<Elaborator, String> {
    let mut e = prelude();
    elab_source(&mut e, "test.cdr", src).map_err(|ds| render(&ds))?;
    Ok(e)
}

fn outputs(src: &str) -> Vec<String> {
    match run(src) {
        Ok(e) => e.messages.iter().map(|m| m.text.clone()).collect(),
        Err(m) => panic!("{m}"),
    }
}

fn err(src: &str) -> String {
    match run(src) {
        Ok(_) => panic!("expected an error for:\n{src}"),
        Err(m) => m,
    }
}

#[test]
fn arithmetic_lists_and_strings_evaluate() {
    let out = outputs(
        "#eval 2 + 3 * 4\n#eval [1, 2, 3].length\n#eval [1, 2] ++ [3]\n#eval \"hi\"\n\
         #eval (2, 3).1\n#eval (2, 3)\n#eval Nat.pred 10\n#eval 7 - 9\n#eval 2 ^ 10\n#eval ()",
    );
    assert_eq!(
        out,
        [
            "14",
            "3",
            "[1, 2, 3]",
            "\"hi\"",
            "2",
            "(2, 3)",
            "9",
            "0",
            "1024",
            "()"
        ]
    );
}

#[test]
fn check_prints_terms_and_signatures() {
    let out = outputs("#check fun (x : Nat) => x + 1\n#check Nat.add\n#check 'a'");
    assert_eq!(out[0], "fun (x : Nat) => HAdd.hAdd.{0, 0, 0} Nat Nat Nat (instHAdd.{0} Nat instAddNat) x 1 : Nat → Nat");
    assert_eq!(out[1], "Nat.add : Nat → Nat → Nat");
    assert!(out[2].ends_with(": Char"), "{}", out[2]);
}

#[test]
fn implicit_arguments_are_inferred() {
    let out = outputs(
        "def twice {α : Type} (f : α → α) (x : α) : α := f (f x)\n\
         #eval twice (fun n => n + 1) 0\n#eval twice (fun b => not b) true\n\
         #eval @twice Nat (fun n => n * 3) 1",
    );
    assert_eq!(out, ["2", "true", "9"]);
}

#[test]
fn auto_bound_implicits_and_universe_polymorphism() {
    let e = run(
        "def myid (x : α) : α := x\ndef first (xs : List α) (d : α) : α := \
                 match xs with | List.nil => d | List.cons y _ => y\n#eval first [5, 6] 0",
    )
    .unwrap_or_else(|m| panic!("{m}"));
    let c = e.env.get(&cedrus_kernel::Name::new("myid")).expect("myid");
    assert_eq!(c.lparams.len(), 1);
    match e.env.store().node(c.ty) {
        cedrus_kernel::Node::Pi(n, bi, _, _) => {
            assert_eq!(n.as_str(), "α");
            assert_eq!(*bi, cedrus_kernel::BinderInfo::Implicit);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(e.messages[0].text, "5");
}

#[test]
fn higher_order_pattern_unification() {
    let out = outputs(
        "def app {α : Type} {β : α → Type} (f : (x : α) → β x) (a : α) : β a := f a\n\
         #check app (fun (n : Nat) => n + 1) 3\n#eval app (fun (n : Nat) => n + 1) 3",
    );
    assert!(out[0].ends_with(": Nat"), "{}", out[0]);
    assert_eq!(out[1], "4");
}

#[test]
fn structures_instances_projections_and_dot_notation() {
    let out = outputs(
        "structure Point where\n  x : Nat\n  y : Nat\n\
         def p : Point := { x := 1, y := 2 }\n\
         def q : Point := { p with x := 10 }\n\
         #eval p.y\n#eval (⟨3, 4⟩ : Point).x\n#eval q.x + q.y\n#eval Point.x p\n\
         #eval [1, 2, 3].length\n#eval p.2",
    );
    assert_eq!(out, ["2", "3", "12", "1", "3", "2"]);
}

#[test]
fn classes_and_instances() {
    let src = "class Size (α : Type) where\n  size : α → Nat\n\
               instance : Size Bool := ⟨fun b => cond b 1 0⟩\n\
               instance instSizeList {α : Type} [Size α] : Size (List α) := \
               ⟨fun xs => List.length xs⟩\n\
               #eval Size.size true\n#eval Size.size [true, false]\n\
               def total {α : Type} [Size α] (x : α) : Nat := Size.size x + 1\n#eval total false";
    let e = run(src).unwrap_or_else(|m| panic!("{m}"));
    let out: Vec<&str> = e.messages.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(out, ["1", "2", "1"]);
    assert!(e
        .env
        .get(&cedrus_kernel::Name::new("instSizeBool"))
        .is_some());
}

#[test]
fn design_decision_and_non_recursive_matches() {
    let out = outputs(
        "inductive Decision where\n  | allow\n  | deny\n\
         def flip : Decision → Decision\n  | .allow => .deny\n  | .deny => .allow\n\
         def isAllow (d : Decision) : Bool := match d with\n  | .allow => true\n  | _ => false\n\
         #eval flip .allow\n#eval isAllow (flip .allow)\n#eval isAllow Decision.allow",
    );
    assert_eq!(out, ["Decision.deny", "false", "true"]);
}

#[test]
fn recursion_through_a_match_on_a_parameter() {
    let out = outputs("def append (xs ys : List α) : List α :=\n  match xs with\n  | [] => ys\n  | x :: xs => x :: append xs ys\n#eval append [true] [false]");
    assert_eq!(out, ["[true, false]"]);
}

#[test]
fn namespaces_open_and_variables() {
    let e = run(
        "namespace Foo\ndef a : Nat := 1\ndef b : Nat := a + 1\nend Foo\n\
                 open Foo\n#eval b\n\
                 section\nvariable (n : Nat) {α : Type} (unused : List α)\n\
                 def addn (m : Nat) : Nat := n + m\nend\n#check addn\n#eval Foo.a",
    )
    .unwrap_or_else(|m| panic!("{m}"));
    let out: Vec<&str> = e.messages.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(out, ["2", "addn : Nat → Nat → Nat", "1"]);
}

#[test]
fn theorems_let_if_and_axioms() {
    let out = outputs(
        "theorem two : 2 + 2 = 4 := rfl\n#print axioms two\n\
         theorem s : 1 = 2 := sorry\n#print axioms s\n\
         #eval let x := 3; x * x\ntheorem l : (let n := 3; n) = 3 := rfl\n\
         instance : Decidable True := .isTrue True.intro\n\
         #eval if True then 1 else 2\n#eval if 2 == 3 then 1 else 2\n\
         theorem ex : ∃ n : Nat, n = 2 := ⟨2, rfl⟩\ntheorem both : True ∧ True := ⟨True.intro, True.intro⟩\n\
         theorem ne (h : 1 = 2) : False := sorry",
    );
    assert_eq!(out[0], "'two' does not depend on any axioms");
    assert_eq!(out[1], "'s' depends on axioms: [sorryAx]");
    assert_eq!(&out[2..], ["9", "1", "2"]);
}

#[test]
fn mutual_and_nested_inductives() {
    let e = run(
        "mutual\ninductive Even : Type\n  | zero : Even\n  | succ : Odd → Even\n\
                 inductive Odd : Type\n  | succ : Even → Odd\nend\n\
                 inductive Tree where\n  | node : List Tree → Tree\n\
                 #check Tree.node [Tree.node []]\n#check Odd.succ Even.zero",
    )
    .unwrap_or_else(|m| panic!("{m}"));
    assert!(e.env.get(&cedrus_kernel::Name::new("Tree.rec")).is_some());
    assert!(e.env.get(&cedrus_kernel::Name::new("Odd.rec")).is_some());
    assert_eq!(e.messages.len(), 2);
}

/// The line and column of the first diagnostic of a failing source.
fn location(m: &str) -> (usize, usize) {
    let first = m.lines().next().unwrap_or_default();
    let mut parts = first.split(':').skip(1);
    let line = parts.next().and_then(|x| x.parse().ok()).unwrap_or(0);
    let col = parts.next().and_then(|x| x.parse().ok()).unwrap_or(0);
    (line, col)
}

#[test]
fn unknown_names_have_suggestions_and_locations() {
    let m = err("def f (xs : List Nat) : Nat :=\n  List.lenght xs");
    assert!(m.contains("unknown identifier `List.lenght`"), "{m}");
    assert!(m.contains("List.length"), "{m}");
    assert_eq!(location(&m), (2, 3));
}

#[test]
fn type_mismatches_print_both_types() {
    let m = err("def f : Nat := true");
    assert!(m.contains("type mismatch"), "{m}");
    assert!(m.contains("Bool") && m.contains("Nat"), "{m}");
    assert_eq!(location(&m), (1, 16));
    let m = err("def g (n : Nat) : Bool := n");
    assert_eq!(location(&m), (1, 27));
}

#[test]
fn missing_instances_are_reported() {
    let m = err("class Size (α : Type) where\n  size : α → Nat\n#eval Size.size 3");
    assert!(
        m.contains("failed to synthesize instance `Size Nat`"),
        "{m}"
    );
    assert_eq!(location(&m).0, 3);
}

#[test]
fn unsolved_metavariables_are_reported() {
    let m = err("def e := List.nil");
    assert!(m.contains("could not determine"), "{m}");
    assert!(m.contains("List.nil"), "{m}");
}

#[test]
fn missing_match_cases_are_reported() {
    let m = err("inductive D where\n  | a\n  | b\n  | c\ndef f (d : D) : Nat := match d with\n  | .a => 1\n  | .b => 2");
    assert!(m.contains("missing case: `D.c`"), "{m}");
}

#[test]
fn kernel_rejections_are_wrapped() {
    let m = err("inductive Bad where\n  | mk : (Bad → Nat) → Bad");
    assert!(m.contains("the kernel rejected"), "{m}");
    assert_eq!(location(&m), (1, 1));
}

#[test]
fn universe_errors_are_reported() {
    let m = err("def g : Type 1 := Type v");
    assert!(m.contains("unknown universe `v`"), "{m}");
}

#[test]
fn anonymous_constructor_needs_expected_type() {
    let m = err("#check ⟨1, 2⟩");
    assert!(m.contains("expected type"), "{m}");
}

#[test]
fn do_notation_for_option_and_except() {
    let out = outputs(
        "def half (n : Nat) : Option Nat := if n % 2 == 0 then some (n / 2) else none\n\
         def quarter (n : Nat) : Option Nat := do\n  let h ← half n\n  let q ← half h\n  return q + 0\n\
         #eval quarter 12\n#eval quarter 6\n\
         def check (n : Nat) : Except String Nat := do\n  let m := n + 1\n  \
         if m == 3 then Except.error \"three\" else return m\n\
         #eval check 1\n#eval check 2",
    );
    assert_eq!(
        out,
        ["some 3", "none", "Except.ok 2", "Except.error \"three\""]
    );
}

#[test]
fn integers_with_numerals_through_of_nat() {
    let out = outputs(
        "#eval (3 : Int) - 5\n#eval (-4 : Int) * 3\n#eval (2 : Int) + 2\n\
         def i : Int := 7\n#eval i - 10 + 1\n#eval (5 : Int) == 5\n\
         theorem neg : (2 : Int) - 3 = -1 := rfl",
    );
    assert_eq!(out, ["-2", "-12", "4", "-2", "true"]);
}

#[test]
fn defaults_where_instances_and_dependent_if() {
    let out = outputs(
        "structure Config where\n  size : Nat := 10\n  verbose : Bool := false\n\
         def c : Config := { verbose := true }\n#eval c.size\n#eval c.verbose\n\
         class Zero (α : Type) where\n  zero : α\n\
         instance : Zero Nat where\n  zero := 0\n#eval (Zero.zero : Nat)\n\
         instance : Decidable True := .isTrue True.intro\n\
         def pick : Nat := if h : True then 1 else 2\n#eval pick",
    );
    assert_eq!(out, ["10", "true", "0", "1"]);
}

#[test]
fn matches_on_nested_and_mutual_types() {
    let out = outputs(
        "inductive Tree where\n  | leaf (n : Nat)\n  | node (kids : List Tree)\n\
         def Tree.isLeaf (t : Tree) : Bool := match t with\n  | .leaf _ => true\n  | .node _ => false\n\
         def Tree.kids (t : Tree) : List Tree := match t with\n  | .leaf _ => []\n  | .node ks => ks\n\
         #eval (Tree.node [.leaf 1, .leaf 2]).kids.length\n#eval (Tree.leaf 3).isLeaf\n\
         mutual\ninductive A where\n  | base\n  | fromB (b : B)\ninductive B where\n  | fromA (a : A)\nend\n\
         def A.depth0 (a : A) : Nat := match a with\n  | .base => 0\n  | .fromB _ => 1\n\
         #eval (A.fromB (.fromA .base)).depth0",
    );
    assert_eq!(out, ["2", "true", "1"]);
}

#[test]
fn nat_literal_and_successor_patterns() {
    let out = outputs(
        "def isZero (n : Nat) : Bool := match n with\n  | 0 => true\n  | _ + 1 => false\n\
         def pred' (n : Nat) : Nat := match n with\n  | 0 => 0\n  | k + 1 => k\n\
         #eval isZero 0\n#eval isZero 5\n#eval pred' 8",
    );
    assert_eq!(out, ["true", "false", "7"]);
    let out = outputs(
        "def f (n : Nat) : Nat := match n with\n  | 0 => 0\n  | 1 => 1\n  | _ => 2\n#eval f 1\n#eval f 9",
    );
    assert_eq!(out, ["1", "2"]);
}

#[test]
fn structures_and_classes_extend_parents() {
    let out = outputs(
        "structure P2 where\n  x : Nat\n  y : Nat\n\
         structure P3 extends P2 where\n  z : Nat\n\
         def p : P3 := { x := 1, y := 2, z := 3 }\n\
         #eval p.x + p.y + p.z\n#eval p.toP2.y\n\
         def q : P3 := { p with y := 20 }\n#eval q.y + q.x\n\
         class HasZero (α : Type) where\n  zero : α\n\
         class HasZeroOne (α : Type) extends HasZero α where\n  one : α\n\
         instance : HasZeroOne Nat := { zero := 0, one := 1 }\n\
         #eval (HasZero.zero : Nat)\n#eval (HasZeroOne.one : Nat)",
    );
    assert_eq!(out, ["6", "2", "21", "0", "1"]);
}

#[test]
fn unknown_fields_suggest_close_ones() {
    let m = err("structure Point where\n  xval : Nat\ndef f (p : Point) : Nat := p.xvla");
    assert!(m.contains("unknown identifier `Point.xvla`"), "{m}");
    assert!(m.contains("`xval`"), "{m}");
}

/// A ground Nat term, with the positions a pattern may replace by a metavariable.
#[derive(Clone, Debug)]
enum G {
    Lit(u32),
    Succ(Box<G>),
    Add(Box<G>, Box<G>),
}

fn ground() -> impl proptest::strategy::Strategy<Value = G> {
    use proptest::prelude::*;
    let leaf = (0u32..5).prop_map(G::Lit);
    leaf.prop_recursive(4, 12, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|g| G::Succ(Box::new(g))),
            (inner.clone(), inner).prop_map(|(a, b)| G::Add(Box::new(a), Box::new(b))),
        ]
    })
}

/// Builds `g`; where `holes` says so (consumed in order), a fresh metavariable instead.
fn build(
    cx: &mut crate::elab::ctx::Ctx<'_>,
    g: &G,
    holes: &mut dyn Iterator<Item = bool>,
) -> cedrus_kernel::Expr {
    use cedrus_kernel::Name;
    if holes.next().unwrap_or(false) {
        let nat = cx.store().cnst("Nat", vec![]);
        return cx.new_mvar(nat, crate::syntax::Span::default(), "a test hole");
    }
    match g {
        G::Lit(n) => cx.store().nat(*n),
        G::Succ(a) => {
            let a = build(cx, a, holes);
            let f = cx.store().cnst(Name::new("Nat.succ"), vec![]);
            cx.store().app(f, a)
        }
        G::Add(a, b) => {
            let a = build(cx, a, holes);
            let b = build(cx, b, holes);
            let f = cx.store().cnst(Name::new("Nat.add"), vec![]);
            cx.store().apps(f, &[a, b])
        }
    }
}

#[test]
fn first_order_unification_solves_holes() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    let elab = std::cell::RefCell::new(prelude());
    let mut runner = TestRunner::new(Config::with_cases(64));
    let strategy = (ground(), prop::collection::vec(any::<bool>(), 0..24));
    runner
        .run(&strategy, |(g, holes)| {
            let mut e = elab.borrow_mut();
            let Elaborator { env, meta, .. } = &mut *e;
            let tc = env.type_checker(cedrus_kernel::Name::new("_test"), Vec::new());
            let mut cx = crate::elab::ctx::Ctx::new(tc, meta);
            let target = build(&mut cx, &g, &mut std::iter::repeat(false));
            let pattern = build(&mut cx, &g, &mut holes.into_iter());
            prop_assert!(cx
                .unify(pattern, target)
                .map_err(|e| TestCaseError::fail(e.to_string()))?);
            let solved = cx.instantiate(pattern);
            prop_assert_eq!(solved, target);
            prop_assert!(cx.unassigned_in(pattern).is_empty());
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn unification_fails_on_different_constructors_and_undoes_assignments() {
    let mut e = prelude();
    let Elaborator { env, meta, .. } = &mut e;
    let tc = env.type_checker(cedrus_kernel::Name::new("_test"), Vec::new());
    let mut cx = crate::elab::ctx::Ctx::new(tc, meta);
    let nat = cx.store().cnst("Nat", vec![]);
    let m = cx.new_mvar(nat, crate::syntax::Span::default(), "m");
    let succ = cx.store().cnst("Nat.succ", vec![]);
    let add = cx.store().cnst("Nat.add", vec![]);
    // `Nat.add ?m (succ ?m) =?= Nat.add 1 (succ 2)` fails, and leaves `?m` unassigned.
    let sm = cx.store().app(succ, m);
    let lhs = cx.store().apps(add, &[m, sm]);
    let one = cx.store().nat(1u32);
    let two = cx.store().nat(2u32);
    let s2 = cx.store().app(succ, two);
    let rhs = cx.store().apps(add, &[one, s2]);
    assert_eq!(cx.unify(lhs, rhs).ok(), Some(false));
    assert!(cx.is_unassigned(m));
}

#[test]
fn proofs_by_terms() {
    let e = run(
        "theorem and_swap (p q : Prop) (h : p ∧ q) : q ∧ p := ⟨h.right, h.left⟩\n\
         theorem or_swap (p q : Prop) (h : p ∨ q) : q ∨ p := match h with\n  | .inl hp => .inr hp\n  | .inr hq => .inl hq\n\
         theorem not_false : ¬ False := fun h => h\n\
         theorem ex_intro : ∃ n : Nat, n + 1 = 3 := ⟨2, rfl⟩\n\
         theorem imp_trans {p q r : Prop} (f : p → q) (g : q → r) : p → r := fun x => g (f x)\n\
         theorem eq_symm' {α : Type} {a b : α} (h : a = b) : b = a := \
         @Eq.rec α (fun x y _ => y = x) (fun x => rfl) a b h\n\
         theorem iff_refl' (p : Prop) : p ↔ p := ⟨fun h => h, fun h => h⟩\n\
         theorem ne_example : (1 : Nat) ≠ 2 := fun h => nomatch h",
    );
    let m = match e {
        Ok(_) => panic!("`nomatch` is not supported yet"),
        Err(m) => m,
    };
    // Everything but the last theorem elaborates and is checked.
    assert_eq!(m.lines().filter(|l| l.contains("error")).count(), 1, "{m}");
    assert!(
        m.contains("test.cdr:10:48: error: unknown identifier `nomatch`"),
        "{m}"
    );
}

#[test]
fn dependent_matches_on_locals() {
    let out = outputs(
        "theorem not_not (b : Bool) : not (not b) = b := match b with\n  | true => rfl\n  | false => rfl\n\
         def same (a b : Bool) : Nat := if a = b then 1 else 0\n\
         #eval same true true\n#eval same true false\n#print axioms not_not",
    );
    assert_eq!(out, ["1", "0", "'not_not' does not depend on any axioms"]);
}

#[test]
fn equations_become_the_match_compilers_input() {
    use crate::matchc::Pat;
    use crate::syntax::{parse_file, CommandKind, DefBody};
    use cedrus_kernel::Name;
    let mut e = prelude();
    let src = "def len : List Nat → Nat → Nat\n  | [], acc => acc\n  | _ :: xs, 0 => len xs 1\n  | _ :: xs, n + 1 => n";
    let (cmds, _) = parse_file(src, &e.meta.notations).unwrap_or_else(|err| panic!("{err}"));
    let CommandKind::Def(d) = &cmds[0].kind else {
        panic!("a def")
    };
    let DefBody::Equations(alts) = &d.body else {
        panic!("equations")
    };
    let Elaborator { env, meta, .. } = &mut e;
    let tc = env.type_checker(Name::new("len"), Vec::new());
    let mut cx = crate::elab::ctx::Ctx::new(tc, meta);
    let ty = match &d.ty {
        Some(t) => cx.elab_type(t).unwrap_or_else(|err| panic!("{err}")),
        None => panic!("a type"),
    };
    let def = cx
        .equations_input(&Name::new("len"), &[], ty, alts, None)
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(def.equations.len(), 3);
    let nat = cx.store().cnst("Nat", vec![]);
    match &def.equations[0].patterns[..] {
        [Pat::Ctor {
            ctor, params, args, ..
        }, Pat::Var(_)] => {
            assert_eq!(ctor.as_str(), "List.nil");
            assert_eq!(params, &[nat]);
            assert!(args.is_empty());
        }
        other => panic!("{other:?}"),
    }
    match &def.equations[1].patterns[..] {
        [Pat::Ctor { ctor, args, .. }, Pat::Lit(n)] => {
            assert_eq!(ctor.as_str(), "List.cons");
            assert!(matches!(args[..], [Pat::Var(_), Pat::Var(_)]));
            assert_eq!(*n, num_bigint::BigUint::ZERO);
        }
        other => panic!("{other:?}"),
    }
    match &def.equations[2].patterns[1] {
        Pat::Ctor { ctor, args, .. } => {
            assert_eq!(ctor.as_str(), "Nat.succ");
            assert!(matches!(args[..], [Pat::Var(_)]));
        }
        other => panic!("{other:?}"),
    }
    let names: Vec<String> = def.equations[2]
        .bound
        .iter()
        .map(|&x| cx.tc.local_name(x).as_str().to_string())
        .collect();
    assert_eq!(names, ["_", "xs", "n"]);
    let me = def.me;
    assert!(cx
        .tc
        .store
        .any_subterm(def.equations[1].rhs, &mut |_, x| x == me));
    assert!(!cx
        .tc
        .store
        .any_subterm(def.equations[0].rhs, &mut |_, x| x == me));
}

#[test]
fn recursive_equations_go_through_the_match_compiler() {
    let out = outputs(
        "def append : List α → List α → List α\n  | [], ys => ys\n  | x :: xs, ys => x :: append xs ys\n\
         #eval append [1] [2, 3]\n\
         def both : Bool → Bool → Bool\n  | true, true => true\n  | _, _ => false\n\
         #eval both true true\n#eval both true false",
    );
    assert_eq!(out, ["[1, 2, 3]", "true", "false"]);
    let m = err("def f : List Nat → Nat\n  | [] => 0\n  | [x] => x\n  | _ => 1\n  | [_, _] => 2");
    assert!(m.contains("equation 4 is redundant"), "{m}");
}

#[test]
fn destructuring_fun_let_and_fun_alternatives() {
    let out = outputs(
        "def swap (p : Prod Nat Bool) : Prod Bool Nat := let (a, b) := p; (b, a)\n\
         #eval swap (1, true)\n\
         def addPair : Prod Nat Nat → Nat := fun ⟨a, b⟩ => a + b\n#eval addPair (3, 4)\n\
         def isNone : Option Nat → Bool := fun\n  | none => true\n  | some _ => false\n\
         #eval isNone none\n#eval isNone (some 2)\n\
         theorem and_left (p q : Prop) : p ∧ q → p := fun ⟨hp, _⟩ => hp",
    );
    assert_eq!(out, ["(true, 1)", "7", "true", "false"]);
}

#[test]
fn decidable_integer_comparisons() {
    let out = outputs(
        "def sign (i : Int) : Int := if i < 0 then -1 else if i == 0 then 0 else 1\n\
         #eval sign (-5)\n#eval sign 0\n#eval sign 7",
    );
    assert_eq!(out, ["-1", "0", "1"]);
}

#[test]
fn opening_an_unknown_namespace_is_an_error() {
    let m = err("open Nowhere");
    assert!(m.contains("unknown namespace `Nowhere`"), "{m}");
    assert!(run("namespace A.B\ndef c : Nat := 1\nend A.B\nopen A.B\n#eval c").is_ok());
}
