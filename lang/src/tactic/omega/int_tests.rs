//! Tests of the `Int` reading: literals, values of closed terms, kernel-checked
//! translations.

use super::*;
use crate::driver;
use crate::syntax;
use cedrus_kernel::BinderInfo;

/// Elaborates each `∀ (x y : Int) (n : Nat), stmt` against one prelude, introduces
/// the binders and runs `f` on the statement.
fn with_stmts(stmts: &[&str], mut f: impl FnMut(&str, &mut Ctx, Expr)) {
    let mut elab = driver::new_elaborator(true).expect("prelude");
    for stmt in stmts {
        let src = format!("∀ (x y : Int) (n : Nat), {stmt}");
        let term = syntax::parse_term(&src, &elab.meta.notations).expect("parses");
        let crate::elab::Elaborator { env, meta, .. } = &mut elab;
        let tc = env.type_checker(Name::new("t"), Vec::new());
        let mut cx = Ctx::new(tc, meta);
        let mut target = cx.elab_type(&term).expect("elaborates");
        target = cx.instantiate(target);
        while let Node::Pi(n, _, dom, body) = cx.tc.store.node(target).clone() {
            let x = cx.push_local(n.as_str(), dom, BinderInfo::Default);
            target = cx.tc.store.instantiate1(body, x);
        }
        f(stmt, &mut cx, target);
    }
}

/// The two sides of `a = b`.
fn sides(ctx: &Ctx, e: Expr) -> (Expr, Expr) {
    let a = app_of(ctx, e, "Eq", 3).expect("an equation");
    (a[1], a[2])
}

fn lit_value(ctx: &mut Ctx, e: Expr) -> u64 {
    let v = ctx.tc.whnf(e).expect("evaluates");
    match ctx.tc.store.node(v) {
        Node::Lit(Literal::Nat(n)) => u64::try_from(n).expect("small"),
        other => panic!("not a literal: {other:?}"),
    }
}

#[test]
fn integer_literals_in_their_spellings() {
    let cases = [
        ("(7 : Int) = -5", Some(7), Some(-5)),
        ("Int.negSucc 2 = -(-3)", Some(-3), Some(3)),
        ("Int.ofNat 4 = x", Some(4), None),
        ("-x = Int.ofNat n", None, None),
    ];
    let stmts: Vec<&str> = cases.iter().map(|c| c.0).collect();
    let mut i = 0;
    with_stmts(&stmts, |stmt, ctx, e| {
        let (a, b) = sides(ctx, e);
        assert_eq!(int_lit(ctx, a, 0), cases[i].1, "{stmt}");
        assert_eq!(int_lit(ctx, b, 0), cases[i].2, "{stmt}");
        i += 1;
    });
    assert_eq!(i, cases.len());
}

/// On closed terms the two parts evaluate to numbers whose difference is the value,
/// and the proof has the stated type.
#[test]
fn closed_terms_read_to_their_values() {
    let cases = [
        ("2 * ((3 : Int) - 5) + -(4 : Int) * (-1) = 0", 0i64),
        ("(7 : Int) - 10 = 0", -3),
        ("Int.negSucc 4 * 3 + 1 = 0", -14),
        ("((6 : Int) + -2) * (-2) - Int.ofNat 3 = 0", -11),
    ];
    let stmts: Vec<&str> = cases.iter().map(|c| c.0).collect();
    let mut i = 0;
    with_stmts(&stmts, |stmt, ctx, e| {
        let value = cases[i].1;
        i += 1;
        let (a, _) = sides(ctx, e);
        let mut atoms = Atoms::default();
        let t = atoms.int_term(ctx, a, 0);
        let (p, n) = (lit_value(ctx, t.pos), lit_value(ctx, t.neg));
        assert_eq!(p as i64 - n as i64, value, "{stmt}");
        let ty = ctx.tc.infer(t.proof, false).expect("the proof checks");
        let s = Build { ctx }.sub_nat_nat(t.pos, t.neg);
        let eq = {
            let mut b = Build { ctx };
            let (eq, int) = (b.cl("Eq", vec![Level::one()]), b.int());
            b.ap(eq, &[int, a, s])
        };
        assert!(ctx.tc.is_def_eq(ty, eq).expect("compares"), "{stmt}");
    });
    assert_eq!(i, cases.len());
}

/// Open terms: the proof checks, and atoms are `Int.toNat x`, `Int.toNat (-x)` or
/// the natural-number terms under `Int.ofNat`.
#[test]
fn open_terms_and_relations_translate() {
    let stmts = [
        "x - 2 * y + Int.ofNat n ≤ y * (-3) + x / 2",
        "x * y ≤ x",
        "n ≤ n",
    ];
    let mut seen = 0;
    with_stmts(&stmts, |stmt, ctx, e| {
        seen += 1;
        let mut atoms = Atoms::default();
        if stmt == "n ≤ n" {
            assert!(atoms.int_translate(ctx, e, 0).is_none());
            return;
        }
        let (n, j) = atoms.int_translate(ctx, e, 0).expect("an Int relation");
        let ty = ctx.tc.infer(j, false).expect("the proof checks");
        let iff = Build { ctx }.op("Iff", &[e, n]);
        assert!(ctx.tc.is_def_eq(ty, iff).expect("compares"), "{stmt}");
        let shown = crate::tactic::display::pp(ctx, n);
        if stmt == "x * y ≤ x" {
            assert!(shown.contains("(x * y).toNat"), "{shown}");
            return;
        }
        assert!(shown.contains("x.toNat"), "{shown}");
        assert!(shown.contains('n'), "{shown}");
        // `x / 2` is an atom described by three facts (when the lemmas exist).
        let div = ctx.has_const("Int.emod_add_ediv");
        assert_eq!(atoms.extra.len(), if div { 4 } else { 0 });
    });
    assert_eq!(seen, stmts.len());
}
