//! Natural numbers, recursors, laziness, errors and limits.

use super::*;
use crate::eval::{EvalConfig, EvalError, Evaluator, Value};
use num_bigint::BigUint;

fn eval_in(env: &mut Environment, src: &str) -> Result<Value, EvalError> {
    let e = term(env, src);
    Evaluator::new(env).eval(e)
}

#[test]
fn library_is_accepted() {
    let env = library_env();
    assert!(env.builtins().string);
}

#[test]
fn nat_arithmetic_is_native() {
    let mut env = nat_env();
    let v = eval_in(&mut env, "(Nat.add 2 3)").unwrap();
    assert_eq!(v.as_u64(), Some(5));
    let v = eval_in(&mut env, "(Nat.pow 2 200)").unwrap();
    assert_eq!(v.as_nat(), Some(BigUint::from(2u32).pow(200)));
    assert_eq!(v.to_string(), BigUint::from(2u32).pow(200).to_string());
    let v = eval_in(&mut env, "(Nat.sub 3 5)").unwrap();
    assert_eq!(v.as_u64(), Some(0));
    let v = eval_in(&mut env, "(Nat.beq 4 4)").unwrap();
    assert_eq!(v.as_bool(), Some(true));
    let v = eval_in(&mut env, "(Nat.ble 5 4)").unwrap();
    assert_eq!(v.as_bool(), Some(false));
    let cases = [
        ("(Nat.div 17 5)", 3u64),
        ("(Nat.div 17 0)", 0),
        ("(Nat.mod 17 5)", 2),
        ("(Nat.mod 17 0)", 17),
        ("(Nat.gcd 12 18)", 6),
        ("(Nat.land 12 10)", 8),
        ("(Nat.lor 12 10)", 14),
        ("(Nat.xor 12 10)", 6),
        ("(Nat.shiftLeft 3 4)", 48),
        ("(Nat.shiftRight 100 2)", 25),
        ("(Nat.log2 1024)", 10),
        ("(Nat.log2 0)", 0),
        ("(Nat.succ 41)", 42),
        ("Nat.zero", 0),
    ];
    for (src, want) in cases {
        assert_eq!(
            eval_in(&mut env, src).unwrap().as_u64(),
            Some(want),
            "{src}"
        );
    }
}

#[test]
fn word_overflow_becomes_big() {
    let mut env = nat_env();
    let max = u64::MAX.to_string();
    let v = eval_in(&mut env, &format!("(Nat.add {max} 1)")).unwrap();
    assert_eq!(v.as_nat(), Some(BigUint::from(u64::MAX) + 1u32));
    assert_eq!(v.as_u64(), None);
    let v = eval_in(&mut env, &format!("(Nat.mul {max} {max})")).unwrap();
    assert_eq!(v.as_nat(), Some(BigUint::from(u64::MAX) * u64::MAX));
    let v = eval_in(&mut env, &format!("(Nat.sub (Nat.add {max} 5) {max})")).unwrap();
    assert_eq!(v.as_u64(), Some(5));
    let v = eval_in(&mut env, &format!("(Nat.succ {max})")).unwrap();
    assert_eq!(v.as_nat(), Some(BigUint::from(u64::MAX) + 1u32));
    let v = eval_in(&mut env, "(Nat.shiftLeft 1 100)").unwrap();
    assert_eq!(v.as_nat(), Some(BigUint::from(1u32) << 100));
}

#[test]
fn recursors_compute() {
    let mut env = library_env();
    assert_eq!(
        eval_in(&mut env, "(Nat.double 21)").unwrap().as_u64(),
        Some(42)
    );
    assert_eq!(
        eval_in(&mut env, "(Nat.fact 20)").unwrap().as_u64(),
        Some(2_432_902_008_176_640_000)
    );
    let fact30: BigUint = (1u32..=30).map(BigUint::from).product();
    assert_eq!(
        eval_in(&mut env, "(Nat.fact 30)").unwrap().as_nat(),
        Some(fact30)
    );
    assert_eq!(
        eval_in(&mut env, "(cond.{0} Nat Bool.true 1 2)")
            .unwrap()
            .as_u64(),
        Some(1)
    );
}

#[test]
fn let_lambda_and_partial_application() {
    let mut env = library_env();
    let v = eval_in(
        &mut env,
        "(let f (-> Nat Nat Nat) (fun (a : Nat) (b : Nat) (Nat.sub a b))
           (let g (-> Nat Nat) (f 10) (Nat.add (g 3) (f 4 1))))",
    )
    .unwrap();
    assert_eq!(v.as_u64(), Some(10));
    let v = eval_in(&mut env, "(fun (x : Nat) x)").unwrap();
    assert!(v.is_fun());
    assert_eq!(v.to_string(), "<fun>");
}

#[test]
fn unused_branches_are_not_computed() {
    let mut env = library_env();
    axiom(&mut env, "boom", &[], "Nat");
    let v = eval_in(&mut env, "(cond.{0} Nat Bool.true 1 boom)").unwrap();
    assert_eq!(v.as_u64(), Some(1));
    let err = eval_in(&mut env, "(cond.{0} Nat Bool.false 1 boom)").unwrap_err();
    assert_eq!(err, EvalError::Axiom(Name::new("boom")));
    assert_eq!(err.to_string(), "evaluation is stuck on the axiom `boom`");
    // The induction hypothesis of the last step is never needed by `head?`.
    let v = eval_in(
        &mut env,
        "(List.head?.{0} Nat (List.cons.{0} Nat 7 (List.replicate.{0} Nat 5 boom)))",
    )
    .unwrap();
    assert_eq!(v.to_string(), "some 7");
}

#[test]
fn sorry_is_reported() {
    let mut env = library_env();
    axiom(&mut env, "sorryAx", &["u"], "(pi (α : Sort.u) α)");
    let err = eval_in(&mut env, "(Nat.add 1 (sorryAx.{1} Nat))").unwrap_err();
    assert_eq!(err, EvalError::Sorry);
    // Stuck data inside a result is reported too.
    let err = eval_in(&mut env, "(Option.some.{0} Nat (sorryAx.{1} Nat))").unwrap_err();
    assert_eq!(err, EvalError::Sorry);
}

#[test]
fn step_limit_stops_evaluation() {
    let mut env = library_env();
    let e = term(
        &mut env,
        "(List.length.{0} Nat (List.replicate.{0} Nat 10000 0))",
    );
    let config = EvalConfig {
        max_steps: 1000,
        ..EvalConfig::default()
    };
    let err = Evaluator::with_config(&env, config).eval(e).unwrap_err();
    assert!(matches!(err, EvalError::StepLimit { .. }), "{err}");
}

#[test]
fn long_lists_are_fast() {
    let mut env = library_env();
    let e = term(
        &mut env,
        "(List.length.{0} Nat (List.replicate.{0} Nat 100000 7))",
    );
    let start = std::time::Instant::now();
    let v = Evaluator::new(&env).eval(e).unwrap();
    assert_eq!(v.as_u64(), Some(100_000));
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
}

/// Runs `f` on a thread with a 2 MiB stack, as test threads have.
fn on_small_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn_scoped(s, f)
            .expect("thread")
            .join()
            .expect("no panic")
    })
}

#[test]
fn million_deep_recursion_is_an_error_or_a_result() {
    let mut env = library_env();
    let e = term(
        &mut env,
        "(List.length.{0} Nat (List.replicate.{0} Nat 1000000 7))",
    );
    let r = on_small_stack(|| Evaluator::new(&env).eval(e));
    match r {
        Ok(v) => assert_eq!(v.as_u64(), Some(1_000_000)),
        Err(e) => assert!(matches!(e, EvalError::StackOverflow { .. }), "{e}"),
    }
}

#[test]
fn depth_limit_gives_a_clear_error() {
    let mut env = library_env();
    let e = term(&mut env, "(Nat.double 100000)");
    let config = EvalConfig {
        max_depth: 1000,
        ..EvalConfig::default()
    };
    let err = Evaluator::with_config(&env, config).eval(e).unwrap_err();
    assert!(matches!(err, EvalError::StackOverflow { .. }), "{err}");
    assert!(err.to_string().contains("stack overflow"));
}

#[test]
fn long_results_are_dropped_without_recursion() {
    let mut env = library_env();
    let e = term(
        &mut env,
        "(List.map.{0,0} Nat Nat Nat.succ (List.replicate.{0} Nat 100000 1))",
    );
    let v = Evaluator::new(&env).eval(e).unwrap();
    on_small_stack(move || {
        assert_eq!(v.ctor_name().map(|n| n.as_str()), Some("List.cons"));
        drop(v);
    });
}

#[test]
fn eval_const_applies_arguments() {
    let env = library_env();
    let mut ev = Evaluator::new(&env);
    let v = ev.eval_const("Nat.fact", &[Value::nat(5)]).unwrap();
    assert_eq!(v.as_u64(), Some(120));
    let xs = ev
        .eval_const(
            "List.replicate",
            &[Value::Erased, Value::nat(3), Value::nat(4)],
        )
        .unwrap();
    assert_eq!(xs.to_string(), "[4, 4, 4]");
    let n = ev.eval_const("List.length", &[Value::Erased, xs]).unwrap();
    assert_eq!(n.as_u64(), Some(3));
    let err = ev.eval_const("nope", &[]).unwrap_err();
    assert_eq!(err, EvalError::UnknownConstant(Name::new("nope")));
}

#[test]
fn deep_terms_compile_on_a_small_stack() {
    let mut env = library_env();
    // A list literal 20,000 elements long: a term about 40,000 deep.
    let s = env.store_mut();
    let mut e = {
        let nat = s.cnst("Nat", vec![]);
        let nil = s.cnst("List.nil", vec![Level::zero()]);
        s.app(nil, nat)
    };
    for i in 0..20_000u32 {
        let nat = s.cnst("Nat", vec![]);
        let cons = s.cnst("List.cons", vec![Level::zero()]);
        let x = s.nat(i % 10);
        e = s.apps(cons, &[nat, x, e]);
    }
    let len = {
        let nat = s.cnst("Nat", vec![]);
        let f = s.cnst("List.length", vec![Level::zero()]);
        s.apps(f, &[nat, e])
    };
    let r = on_small_stack(|| Evaluator::new(&env).eval(len));
    assert_eq!(r.unwrap().as_u64(), Some(20_000));
    let config = EvalConfig {
        max_term_depth: 100,
        ..EvalConfig::default()
    };
    let err = Evaluator::with_config(&env, config).eval(len).unwrap_err();
    assert!(matches!(err, EvalError::DeepTerm { .. }), "{err}");
}

#[test]
fn integers_are_native() {
    let mut env = int_env();
    let cases = [
        ("(Int.add (Int.ofNat 3) (Int.negSucc 4))", "-2"),
        ("(Int.sub (Int.ofNat 3) (Int.ofNat 10))", "-7"),
        ("(Int.mul (Int.negSucc 2) (Int.negSucc 3))", "12"),
        ("(Int.neg (Int.ofNat 0))", "0"),
        ("(Int.natAbs (Int.negSucc 41))", "42"),
        ("(Int.toNat (Int.negSucc 41))", "0"),
        ("(Option.some.{0} Int (Int.negSucc 0))", "some (-1)"),
    ];
    for (src, want) in cases {
        assert_eq!(eval_in(&mut env, src).unwrap().to_string(), want, "{src}");
    }
    let v = eval_in(&mut env, "(Int.negSucc 4)").unwrap();
    assert_eq!(v.as_i64(), Some(-5));
    // Case analysis on a native integer sees the constructors.
    let v = eval_in(
        &mut env,
        "(Ref.natAbs (Int.mul (Int.negSucc 2) (Int.ofNat 5)))",
    )
    .unwrap();
    assert_eq!(v.as_u64(), Some(15));
    let big = format!("(Int.mul (Int.negSucc {m}) (Int.ofNat {m}))", m = i64::MAX);
    let v = eval_in(&mut env, &big).unwrap();
    let m = num_bigint::BigInt::from(i64::MAX);
    let want: num_bigint::BigInt = -(&m + 1u32) * &m;
    assert_eq!(v.as_int(), Some(want));
    assert_eq!(v.as_i64(), None);
}

#[test]
fn proofs_are_erased_and_casts_compute() {
    let mut env = library_env();
    ind(
        &mut env,
        &[],
        0,
        &[("True", "Prop", &[("True.intro", "True")])],
    );
    ind(
        &mut env,
        &[],
        2,
        &[(
            "And",
            "(-> Prop Prop Prop)",
            &[("And.intro", "(pi (a : Prop) (b : Prop) (-> a b (And a b)))")],
        )],
    );
    let stmt = term(&mut env, "(And True True)");
    let proof = term(&mut env, "(And.intro True True True.intro True.intro)");
    env.add(Declaration::Theorem {
        name: Name::new("both"),
        lparams: vec![],
        ty: stmt,
        value: proof,
    })
    .unwrap();
    let stmt = term(&mut env, "(Eq.{1} Nat 3 3)");
    let proof = term(&mut env, "(Eq.refl.{1} Nat 3)");
    env.add(Declaration::Theorem {
        name: Name::new("three"),
        lparams: vec![],
        ty: stmt,
        value: proof,
    })
    .unwrap();
    // `Eq.rec` is K-like: the proof is never inspected.
    for proof in ["(Eq.refl.{1} Nat 3)", "three"] {
        let src = format!(
            "(Eq.rec.{{1,1}} Nat 3 (fun (b : Nat) (h : (Eq.{{1}} Nat 3 b)) Nat) 7 3 {proof})"
        );
        assert_eq!(eval_in(&mut env, &src).unwrap().as_u64(), Some(7), "{src}");
    }
    // Eliminating an erased proof of a structure-like proposition into data.
    let v = eval_in(
        &mut env,
        "(And.rec.{1} True True (fun (t : (And True True)) Nat) (fun (l : True) (r : True) 5) both)",
    )
    .unwrap();
    assert_eq!(v.as_u64(), Some(5));
    assert!(matches!(eval_in(&mut env, "both").unwrap(), Value::Erased));
    assert!(matches!(
        eval_in(&mut env, "(List.{0} Nat)").unwrap(),
        Value::Erased
    ));
}

#[test]
fn mutual_inductives_and_projections() {
    let mut env = library_env();
    ind(
        &mut env,
        &[],
        0,
        &[
            (
                "Ev",
                "Type",
                &[("Ev.zero", "Ev"), ("Ev.succ", "(-> Od Ev)")],
            ),
            ("Od", "Type", &[("Od.succ", "(-> Ev Od)")]),
        ],
    );
    def(
        &mut env,
        "Ev.toNat",
        &[],
        "(-> Ev Nat)",
        "(fun (t : Ev) (Ev.rec.{1} (fun (e : Ev) Nat) (fun (o : Od) Nat) 0
           (fun (o : Od) (ih : Nat) (Nat.succ ih))
           (fun (e : Ev) (ih : Nat) (Nat.succ ih)) t))",
    );
    let v = eval_in(
        &mut env,
        "(Ev.toNat (Ev.succ (Od.succ (Ev.succ (Od.succ Ev.zero)))))",
    )
    .unwrap();
    assert_eq!(v.as_u64(), Some(4));
    let v = eval_in(&mut env, "(proj Prod 1 (Prod.mk.{0,0} Nat Nat 1 2))").unwrap();
    assert_eq!(v.as_u64(), Some(2));
    let v = eval_in(&mut env, "(Ev.succ (Od.succ Ev.zero))").unwrap();
    assert_eq!(v.to_string(), "Ev.succ (Od.succ Ev.zero)");
    assert_eq!(v.ctor_name().map(|n| n.as_str()), Some("Ev.succ"));
    assert_eq!(
        v.field(0).and_then(|f| f.ctor_name()).map(|n| n.as_str()),
        Some("Od.succ")
    );
}

#[test]
fn opaque_constants_are_stuck() {
    let mut env = library_env();
    let (ty, value) = (term(&mut env, "Nat"), term(&mut env, "5"));
    env.add(Declaration::Opaque {
        name: Name::new("secret"),
        lparams: vec![],
        ty,
        value,
    })
    .unwrap();
    let err = eval_in(&mut env, "(Nat.add secret 1)").unwrap_err();
    assert_eq!(err, EvalError::Opaque(Name::new("secret")));
    let open = env.store_mut().bvar(0);
    let err = Evaluator::new(&env).eval(open).unwrap_err();
    assert_eq!(err, EvalError::OpenTerm);
    let err = eval_in(&mut env, "(Nat.add 1 nowhere)").unwrap_err();
    assert_eq!(err.to_string(), "unknown constant `nowhere`");
}

#[test]
fn a_failed_evaluation_leaves_the_evaluator_usable() {
    let mut env = library_env();
    // A constant whose value is a long computation, cached once computed.
    def(
        &mut env,
        "bigList",
        &[],
        "(List.{0} Nat)",
        "(List.replicate.{0} Nat 2000 3)",
    );
    let e = term(&mut env, "(List.sum bigList)");
    let mut ev = Evaluator::with_config(
        &env,
        EvalConfig {
            max_steps: 500,
            ..EvalConfig::default()
        },
    );
    assert!(matches!(ev.eval(e), Err(EvalError::StepLimit { .. })));
    assert!(matches!(ev.eval(e), Err(EvalError::StepLimit { .. })));
    // The constant's list (cached, with lazily computed tails) is computed again from
    // where the failed runs left it.
    ev.set_config(EvalConfig::default());
    assert_eq!(ev.eval(e).unwrap().as_u64(), Some(6000));
    assert_eq!(format!("{:?}", Value::nat(3)), "Value(3)");
}

#[test]
fn branches_not_taken_cost_nothing() {
    let mut env = library_env();
    def(
        &mut env,
        "Bool.casesOn",
        &["u"],
        "(pi (motive : (-> Bool Sort.u)) (t : Bool) (-> (motive Bool.false) (motive Bool.true) (motive t)))",
        "(fun (motive : (-> Bool Sort.u)) (t : Bool) (f : (motive Bool.false)) (tt : (motive Bool.true))
           (Bool.rec.{u} motive f tt t))",
    );
    let costly = "(List.length.{0} Nat (List.replicate.{0} Nat 100000 0))";
    let budget = EvalConfig {
        max_steps: 2_000,
        ..EvalConfig::default()
    };
    for src in [
        format!("(cond.{{0}} Nat Bool.true 1 {costly})"),
        format!("(Bool.casesOn.{{1}} (fun (b : Bool) Nat) Bool.true {costly} 1)"),
        format!("(Bool.rec.{{1}} (fun (b : Bool) Nat) {costly} 1 Bool.true)"),
    ] {
        let e = term(&mut env, &src);
        let v = Evaluator::with_config(&env, budget).eval(e);
        assert_eq!(v.map(|v| v.as_u64()), Ok(Some(1)), "{src}");
    }
    // The same budget is too small for the costly branch itself.
    let e = term(&mut env, costly);
    let r = Evaluator::with_config(&env, budget).eval(e);
    assert!(matches!(r, Err(EvalError::StepLimit { .. })));
}

#[test]
fn eliminating_erased_proofs_of_disjunctions_is_lazy() {
    let mut env = library_env();
    ind(
        &mut env,
        &[],
        2,
        &[(
            "Or",
            "(-> Prop Prop Prop)",
            &[
                ("Or.inl", "(pi (a : Prop) (b : Prop) (-> a (Or a b)))"),
                ("Or.inr", "(pi (a : Prop) (b : Prop) (-> b (Or a b)))"),
            ],
        )],
    );
    axiom(&mut env, "either", &[], "(Or False False)");
    // An axiom stating a proposition is an erased proof, and so is what `Or.rec` builds
    // from it: passing it around is fine.
    let v = eval_in(
        &mut env,
        "((fun (h : False) 3) (Or.rec False False (fun (t : (Or False False)) False)
            (fun (x : False) x) (fun (y : False) y) either))",
    );
    assert_eq!(v.map(|v| v.as_u64()), Ok(Some(3)));
    // `False.rec` into data on an erased proof is unreachable code: an error once used.
    let err = eval_in(
        &mut env,
        "(Nat.add 1 (False.rec.{1} (fun (f : False) Nat) (Or.rec False False
            (fun (t : (Or False False)) False) (fun (x : False) x) (fun (y : False) y) either)))",
    )
    .unwrap_err();
    assert!(err.to_string().contains("unreachable"), "{err}");
}

#[test]
fn cases_on_runs_natively_only_when_it_is_the_usual_case_analysis() {
    let mut env = library_env();
    // Generated by the match compiler: runs natively, on native naturals too.
    for t in ["Nat", "List"] {
        let r = crate::matchc::ensure_cases_on(&mut env, &Name::new(t));
        assert!(r.is_ok(), "{t}: {r:?}");
    }
    for (src, expected) in [
        ("(Nat.casesOn.{1} (fun (n : Nat) Nat) 5 0 (fun (k : Nat) k))", 4),
        ("(Nat.casesOn.{1} (fun (n : Nat) Nat) 0 7 (fun (k : Nat) k))", 7),
        (
            "(List.casesOn.{1,0} Nat (fun (l : (List.{0} Nat)) Nat) (List.cons.{0} Nat 3 (List.nil.{0} Nat)) 0 (fun (x : Nat) (xs : (List.{0} Nat)) x))",
            3,
        ),
    ] {
        let e = term(&mut env, src);
        assert_eq!(Evaluator::new(&env).eval(e).map(|v| v.as_u64()), Ok(Some(expected)), "{src}");
    }
    // A `casesOn` of the right type whose minor premises are swapped is run from its
    // definition, as the kernel reduces it.
    def(
        &mut env,
        "Bool.casesOn",
        &["u"],
        "(pi (motive : Sort.u) (t : Bool) (-> motive motive motive))",
        "(fun (motive : Sort.u) (t : Bool) (f : motive) (tt : motive)
           (Bool.rec.{u} (fun (b : Bool) motive) tt f t))",
    );
    let e = term(&mut env, "(Bool.casesOn.{1} Nat Bool.true 0 1)");
    assert_eq!(
        Evaluator::new(&env).eval(e).map(|v| v.as_u64()),
        Ok(Some(0))
    );
}
