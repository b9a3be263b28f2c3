//! Tests of the `simp` engine through the Rust API: a statement is elaborated into a goal,
//! its `∀`s are introduced, the tactics (`simp …` only) run on the first goal, and the
//! instantiated proof is added to the kernel as a theorem, which re-checks it.

use cedrus_kernel::{BinderInfo, Declaration, Name, Node};
use cedrus_lang::driver::{self, Diagnostic};
use cedrus_lang::elab::ctx::Ctx;
use cedrus_lang::elab::Elaborator;
use cedrus_lang::syntax;
use cedrus_lang::tactic::simp;

fn show(ds: &[Diagnostic]) -> String {
    ds.iter()
        .map(|d| d.rendered.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The prelude plus `src`.
fn load(src: &str) -> Elaborator {
    let mut e = driver::new_elaborator(true).unwrap_or_else(|d| panic!("prelude: {}", show(&d)));
    if let Err(d) = driver::elab_source(&mut e, "test.cdr", src) {
        panic!("{}", show(&d));
    }
    e
}

/// Proves `stmt` with `tactics` (each run on the first remaining goal) and adds it as
/// theorem `name`.
fn prove(e: &mut Elaborator, name: &str, stmt: &str, tactics: &str) -> Result<(), String> {
    let table = e.meta.notations.clone();
    let t = syntax::parse_term(stmt, &table).map_err(|x| x.to_string())?;
    let tacs = syntax::parse_tactics(tactics, &table).map_err(|x| x.to_string())?;
    let (ty, value) = {
        let tc = e.env.type_checker(Name::new(name), Vec::new());
        let mut ctx = Ctx::new(tc, &e.meta);
        let err = |x: cedrus_lang::elab::ElabError| x.to_string();
        let ty = ctx.elab_type(&t).map_err(err)?;
        ctx.synth_pending(true).map_err(err)?;
        let ty = ctx.ensure_solved(ty, t.span).map_err(err)?;
        let mut cur = ty;
        let mut locals = Vec::new();
        while let Node::Pi(n, _, d, b) = ctx.tc.store.node(cur).clone() {
            let x = ctx.push_local(n.as_str(), d, BinderInfo::Default);
            locals.push(x);
            cur = ctx.tc.store.instantiate1(b, x);
        }
        let goal = ctx.new_mvar(cur, t.span, "the goal");
        let mut goals = vec![goal];
        for tac in &tacs {
            if goals.is_empty() {
                return Err("no goals left".into());
            }
            let g = goals.remove(0);
            let mut new = simp::run(&mut ctx, g, tac).map_err(err)?;
            new.extend(goals);
            goals = new;
        }
        if !goals.is_empty() {
            let shown: Vec<String> = goals
                .iter()
                .map(|&g| {
                    let ty = ctx.mvars[&g].ty;
                    ctx.pp(ty)
                })
                .collect();
            return Err(format!("unsolved goals: {}", shown.join(" | ")));
        }
        let pf = ctx.ensure_solved(goal, t.span).map_err(err)?;
        let value = ctx.abstract_locals(true, &locals, pf);
        (ty, value)
    };
    e.env
        .add(Declaration::Theorem {
            name: Name::new(name),
            lparams: Vec::new(),
            ty,
            value,
        })
        .map_err(|k| format!("kernel: {k}"))
}

fn ok(e: &mut Elaborator, stmt: &str, tactics: &str) {
    let name = format!("t{}", e.env.num_constants());
    if let Err(m) = prove(e, &name, stmt, tactics) {
        panic!("`{stmt}` by `{tactics}`: {m}");
    }
}

fn err(e: &mut Elaborator, stmt: &str, tactics: &str) -> String {
    let name = format!("t{}", e.env.num_constants());
    match prove(e, &name, stmt, tactics) {
        Ok(()) => panic!("`{stmt}` by `{tactics}` should fail"),
        Err(m) => m,
    }
}

#[test]
fn logic_and_bool_basics() {
    let mut e = load("");
    ok(&mut e, "∀ (b : Bool), (true && b) = b", "simp");
    ok(&mut e, "∀ (b : Bool), (b && true) = b", "simp");
    ok(&mut e, "∀ (b : Bool), (!!b) = b", "simp");
    ok(&mut e, "∀ (p : Prop), (True ∧ p) = p", "simp");
    ok(&mut e, "∀ (n : Nat), n = n ∧ True", "simp");
    ok(&mut e, "¬False", "simp");
}

#[test]
fn literals_decide_and_if() {
    let mut e = load("");
    ok(&mut e, "2 + 3 = 5", "simp");
    ok(&mut e, "(10 - 4) * 2 = 12", "simp");
    ok(&mut e, "¬ (2 + 2 = 5)", "simp");
    ok(&mut e, "2 < 3", "simp");
    ok(&mut e, "(if 2 < 3 then 1 else 0) = 1", "simp");
    ok(&mut e, "∀ (n : Nat), (if 5 ≤ 3 then n else 7) = 7", "simp");
    ok(&mut e, "decide (3 = 3) = true", "simp");
    ok(&mut e, "∀ (b : Bool), cond true b false = b", "simp");
}

#[test]
fn hypotheses_in_the_list() {
    let mut e = load("");
    ok(
        &mut e,
        "∀ (a b : Nat) (h : a = b), a + 1 = b + 1",
        "simp [h]",
    );
    ok(
        &mut e,
        "∀ (p q : Prop) (hp : p), (p ∧ q → q) ∧ True",
        "simp [hp]",
    );
    ok(&mut e, "∀ (p : Prop) (hp : ¬p), p ∨ True", "simp [hp]");
    ok(
        &mut e,
        "∀ (a b : Nat) (h : a = b), b + 1 = a + 1",
        "simp [← h]",
    );
    ok(
        &mut e,
        "∀ (a b : Nat) (h : a = b), a + 1 = b + 1",
        "simp [*]",
    );
}

#[test]
fn at_hypotheses() {
    let mut e = load("");
    ok(&mut e, "∀ (n : Nat) (h : 2 + 2 = 5), n = 0", "simp at h");
    ok(
        &mut e,
        "∀ (a b : Nat) (h₁ : a = 2) (h₂ : b = 3), a + 1 = b",
        "simp_all",
    );
}

#[test]
fn failures_are_reported() {
    let mut e = load("");
    let m = err(&mut e, "∀ (x y : Nat), x = y", "simp");
    assert!(m.contains("simp made no progress"), "{m}");
    let m = err(&mut e, "∀ (b : Bool), (b && true) = false", "simp");
    assert!(m.contains("unsolved goals"), "{m}");
    let m = err(&mut e, "∀ (x y : Nat), x = y", "simp [nosuchlemma]");
    assert!(m.contains("nosuchlemma"), "{m}");
    let m = err(&mut e, "∀ (x : Nat) (h : x = x), x = 1", "simp at h");
    assert!(!m.is_empty());
}

#[test]
fn list_lemmas_by_default() {
    let mut e = load("");
    ok(
        &mut e,
        "∀ (xs ys : List Nat), (xs ++ ys).length = xs.length + ys.length",
        "simp",
    );
    ok(
        &mut e,
        "∀ (f : Nat → Nat) (xs ys : List Nat), List.map f (xs ++ ys) = List.map f xs ++ List.map f ys",
        "simp",
    );
    ok(&mut e, "∀ (xs : List Nat), xs.reverse.reverse = xs", "simp");
    ok(
        &mut e,
        "∀ (p : Nat → Bool) (xs ys : List Nat), List.filter p (xs ++ ys) = List.filter p xs ++ List.filter p ys",
        "simp",
    );
    ok(
        &mut e,
        "∀ (xs ys zs : List Nat), ((xs ++ []) ++ ys) ++ zs = xs ++ (ys ++ zs)",
        "simp",
    );
    ok(
        &mut e,
        "∀ (xs ys : List Nat), (xs ++ ys).reverse.length = ys.length + xs.length",
        "simp",
    );
    ok(
        &mut e,
        "∀ (a : Nat) (xs : List Nat), (a :: xs = []) = False",
        "simp",
    );
    ok(
        &mut e,
        "∀ (a : Nat) (f : Nat → Option Nat), Option.bind (some a) f = f a",
        "simp",
    );
    ok(&mut e, "∀ (a b : Nat), (some a = some b) = (a = b)", "simp");
}

const DEFS: &str = "
def append : List Nat → List Nat → List Nat
  | [], ys => ys
  | x :: xs, ys => x :: append xs ys

def sum : List Nat → Nat
  | [] => 0
  | x :: xs => x + sum xs

def double (n : Nat) : Nat := n + n
";

#[test]
fn definitions_in_the_list() {
    let mut e = load(DEFS);
    ok(
        &mut e,
        "∀ (ys : List Nat), append [] ys = ys",
        "simp [append]",
    );
    ok(
        &mut e,
        "∀ (x : Nat) (xs ys : List Nat) (ih : (append xs ys).length = xs.length + ys.length), \
         (append (x :: xs) ys).length = xs.length + ys.length + 1",
        "simp [append, ih]",
    );
    ok(&mut e, "sum [1, 2, 3] = 6", "simp [sum]");
    ok(&mut e, "double 4 = 8", "simp [double]");
    ok(
        &mut e,
        "∀ (ys : List Nat), sum ([] ++ ys) = 0 + sum ys",
        "simp",
    );
}

const MATCHES: &str = "
def pred0 (o : Option Nat) : Nat :=
  match o with
  | none => 0
  | some n => n + 1

def swap : Nat × Nat → Nat × Nat
  | (a, b) => (b, a)

def classify : Nat → Nat → Nat
  | 0, _ => 0
  | _ + 1, 0 => 1
  | _ + 1, _ + 1 => 2
";

#[test]
fn match_and_iota_reduction() {
    let mut e = load(MATCHES);
    ok(&mut e, "pred0 (some 2) = 3", "simp [pred0]");
    ok(
        &mut e,
        "∀ (n : Nat), pred0 (some n) = n + 1",
        "simp [pred0]",
    );
    ok(&mut e, "∀ (a b : Nat), swap (a, b) = (b, a)", "simp [swap]");
    ok(
        &mut e,
        "∀ (n : Nat), classify (n + 1) 0 = 1",
        "simp [classify]",
    );
    ok(
        &mut e,
        "∀ (n : Nat), (match some n with | none => 0 | some k => k) = n",
        "simp",
    );
    ok(
        &mut e,
        "∀ (b : Bool) (n : Nat), (if n = n then b else false) = b",
        "simp",
    );
}

#[test]
fn bool_list_lemmas() {
    let mut e = load("");
    ok(
        &mut e,
        "∀ (p : Nat → Bool) (xs ys : List Nat), (xs ++ ys).any p = (xs.any p || ys.any p)",
        "simp",
    );
    ok(
        &mut e,
        "∀ (p : Nat → Bool) (xs ys : List Nat), (xs ++ ys).all p = (xs.all p && ys.all p)",
        "simp",
    );
    ok(
        &mut e,
        "∀ (xs ys : List Nat), List.foldl (fun a b => a + b) 0 (xs ++ ys) = \
         List.foldl (fun a b => a + b) (List.foldl (fun a b => a + b) 0 xs) ys",
        "simp",
    );
    ok(&mut e, "∀ (b c : Bool), ((b || c) || true) = true", "simp");
    ok(
        &mut e,
        "List.lookup 2 [(1, 10), (2, 20)] = some 20",
        "simp [List.lookup_cons]",
    );
}

const ATTRS: &str = "
def dbl (n : Nat) : Nat := n + n

theorem dbl_eq (n : Nat) : dbl n = n + n := rfl

attribute [simp] dbl_eq

theorem add5 (n : Nat) (h : n = 0) : n + 5 = 5 := by
  subst h
  rfl
";

#[test]
fn attribute_and_conditional_lemmas() {
    let mut e = load(ATTRS);
    ok(&mut e, "dbl 3 = 6", "simp");
    ok(
        &mut e,
        "∀ (m : Nat) (h : m = 0), m + 5 = 5",
        "simp [add5, h]",
    );
    // The premise `m = 0` cannot be discharged, so `add5` does not fire; the equation
    // between successors still reduces to the one between their predecessors.
    let msg = err(&mut e, "∀ (m : Nat), m + 5 = 5", "simp only [add5]");
    assert!(msg.contains("unsolved goals: Eq.{1} Nat m 0"), "{msg}");
    let msg = err(&mut e, "∀ (m k : Nat), m + k = k", "simp only [add5]");
    assert!(msg.contains("no progress"), "{msg}");
}

#[test]
fn by_blocks_use_simp() {
    let mut e = load(
        "theorem t (p : Prop) (xs : List Nat) (h : xs ++ [] = [] ∧ p) : xs = [] ∧ p := by\n  \
         simp at h\n  exact h\n\
         theorem u (a b : Nat) (h₁ : a = 1) (h₂ : b = a + 1) : b = 2 := by\n  simp_all\n",
    );
    assert!(e.env.get(&Name::new("t")).is_some());
    assert!(e.env.get(&Name::new("u")).is_some());
    ok(&mut e, "True", "simp");
}

#[test]
fn membership_and_injectivity() {
    let mut e = load("");
    ok(
        &mut e,
        "∀ (a : Nat) (xs ys : List Nat), (a ∈ xs ++ ys) = (a ∈ xs ∨ a ∈ ys)",
        "simp",
    );
    ok(&mut e, "∀ (a : Nat), (a ∈ ([] : List Nat)) = False", "simp");
    ok(
        &mut e,
        "∀ (a b : Nat) (xs : List Nat), (a :: xs = b :: xs) = (a = b)",
        "simp",
    );
    ok(&mut e, "(3 ∈ [1, 2, 3]) = True", "simp");
}

/// A random closed expression over `+`, `*`, `-` (truncated) and `&&`-free Nat literals,
/// with its value.
fn arith() -> impl proptest::strategy::Strategy<Value = (String, u64)> {
    use proptest::prelude::*;
    let leaf = (0u64..20).prop_map(|n| (n.to_string(), n));
    leaf.prop_recursive(3, 12, 2, |inner| {
        (inner.clone(), inner, 0..3usize).prop_map(|((a, x), (b, y), op)| match op {
            0 => (format!("({a} + {b})"), x + y),
            1 => (format!("({a} * {b})"), x * y),
            _ => (format!("({a} - {b})"), x.saturating_sub(y)),
        })
    })
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config { cases: 24, ..Default::default() })]

    /// simp evaluates closed arithmetic: it proves `e = v` for the right value (the
    /// kernel accepting the proof) and never for a wrong one.
    #[test]
    fn closed_arithmetic_is_evaluated((e, v) in arith()) {
        thread_local! {
            static ELAB: std::cell::RefCell<Elaborator> = std::cell::RefCell::new(load(""));
        }
        ELAB.with(|cell| {
            let mut el = cell.borrow_mut();
            ok(&mut el, &format!("{e} = {v}"), "simp");
            let m = err(&mut el, &format!("{e} = {}", v + 1), "simp");
            proptest::prop_assert!(!m.is_empty());
            Ok(())
        })?;
    }
}
