//! Evaluator tests on hand-built expression trees.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use smol_str::SmolStr;

use super::*;
use crate::ast::{BinaryOp, ExtFn, Pattern, PatternElem, SlotId};
use crate::entities::Entity;
use crate::value::Name;

// ---- builders -------------------------------------------------------------------------

fn e(kind: ExprKind) -> Expr {
    Expr::new(kind)
}
fn b(kind: ExprKind) -> Box<Expr> {
    Box::new(e(kind))
}
fn lit_long(n: i64) -> Expr {
    e(ExprKind::Lit(Literal::Long(n)))
}
fn lit_bool(v: bool) -> Expr {
    e(ExprKind::Lit(Literal::Bool(v)))
}
fn lit_str(s: &str) -> Expr {
    e(ExprKind::Lit(Literal::String(s.into())))
}
fn lit_uid(t: &str, id: &str) -> Expr {
    e(ExprKind::Lit(Literal::Entity(uid(t, id))))
}
fn var(v: Var) -> Expr {
    e(ExprKind::Var(v))
}
fn bin(op: BinaryOp, x: Expr, y: Expr) -> Expr {
    e(ExprKind::Binary(op, Box::new(x), Box::new(y)))
}
fn and(x: Expr, y: Expr) -> Expr {
    e(ExprKind::And(Box::new(x), Box::new(y)))
}
fn or(x: Expr, y: Expr) -> Expr {
    e(ExprKind::Or(Box::new(x), Box::new(y)))
}
fn not(x: Expr) -> Expr {
    e(ExprKind::Unary(UnaryOp::Not, Box::new(x)))
}
fn neg(x: Expr) -> Expr {
    e(ExprKind::Unary(UnaryOp::Neg, Box::new(x)))
}
fn get(x: Expr, attr: &str) -> Expr {
    e(ExprKind::GetAttr {
        expr: Box::new(x),
        attr: attr.into(),
        bracket: false,
    })
}
fn has(x: Expr, attr: &str) -> Expr {
    e(ExprKind::HasAttr {
        expr: Box::new(x),
        attr: attr.into(),
        quoted: false,
    })
}
fn set(items: Vec<Expr>) -> Expr {
    e(ExprKind::Set(items))
}
fn record(fields: Vec<(&str, Expr)>) -> Expr {
    e(ExprKind::Record(
        fields
            .into_iter()
            .map(|(k, v)| (SmolStr::from(k), v))
            .collect(),
    ))
}
fn method(m: Builtin, recv: Expr, args: Vec<Expr>) -> Expr {
    e(ExprKind::MethodCall {
        method: m,
        receiver: Box::new(recv),
        args,
    })
}
fn is(x: Expr, ty: &str, in_expr: Option<Expr>) -> Expr {
    e(ExprKind::Is {
        expr: Box::new(x),
        entity_type: Name::new(ty),
        in_expr: in_expr.map(Box::new),
    })
}
fn like(x: Expr, pattern: &str) -> Expr {
    let elems = pattern
        .chars()
        .map(|c| {
            if c == '*' {
                PatternElem::Wildcard
            } else {
                PatternElem::Char(c)
            }
        })
        .collect();
    e(ExprKind::Like(Box::new(x), Pattern { elems }))
}
/// An expression that always errors (`1 + true`), to test short-circuiting.
fn boom() -> Expr {
    bin(BinaryOp::Add, lit_long(1), lit_bool(true))
}

fn uid(t: &str, id: &str) -> EntityUid {
    EntityUid::new(Name::new(t), id)
}

// ---- fixture --------------------------------------------------------------------------

/// alice ∈ admins ∈ staff; bob ∈ ghost (not in the store); photo has tags.
fn store() -> Entities {
    let mut alice_attrs = BTreeMap::new();
    alice_attrs.insert(SmolStr::from("age"), Value::Long(30));
    alice_attrs.insert(
        SmolStr::from("manager"),
        Value::Entity(uid("User", "carol")),
    );
    let alice = Entity::new(
        uid("User", "alice"),
        alice_attrs,
        BTreeSet::from([uid("Group", "admins")]),
        BTreeMap::new(),
    );
    let admins = Entity::new(
        uid("Group", "admins"),
        BTreeMap::new(),
        BTreeSet::from([uid("Group", "staff")]),
        BTreeMap::new(),
    );
    let bob = Entity::new(
        uid("User", "bob"),
        BTreeMap::new(),
        BTreeSet::from([uid("Group", "ghost")]),
        BTreeMap::new(),
    );
    let mut tags = BTreeMap::new();
    tags.insert(SmolStr::from("color"), Value::string("red"));
    let photo = Entity::new(uid("Photo", "p"), BTreeMap::new(), BTreeSet::new(), tags);
    Entities::from_entities([alice, admins, bob, photo]).unwrap()
}

fn request() -> Request {
    Request::new(
        uid("User", "alice"),
        uid("Action", "view"),
        uid("Photo", "p"),
        Value::record([
            ("n", Value::Long(7)),
            ("s", Value::string("hello")),
            ("r", Value::record([("x", Value::Bool(true))])),
        ]),
    )
    .unwrap()
}

fn run(expr: &Expr) -> Result<Value, EvalError> {
    evaluate(expr, &request(), &store())
}

fn ok(expr: &Expr) -> Value {
    run(expr).unwrap_or_else(|err| panic!("unexpected error {err}"))
}

fn type_err(expr: &Expr) -> (Vec<ValueKind>, ValueKind) {
    match run(expr) {
        Err(EvalError::Type { expected, got, .. }) => (expected, got),
        other => panic!("expected a type error, got {other:?}"),
    }
}

// ---- tests ----------------------------------------------------------------------------

#[test]
fn literals_and_variables() {
    assert_eq!(ok(&lit_long(-3)), Value::Long(-3));
    assert_eq!(ok(&lit_str("x")), Value::string("x"));
    assert_eq!(
        ok(&var(Var::Principal)),
        Value::Entity(uid("User", "alice"))
    );
    assert_eq!(ok(&var(Var::Action)), Value::Entity(uid("Action", "view")));
    assert_eq!(ok(&var(Var::Resource)), Value::Entity(uid("Photo", "p")));
    assert_eq!(ok(&get(var(Var::Context), "n")), Value::Long(7));
}

#[test]
fn slots_are_unlinked() {
    assert_eq!(
        run(&e(ExprKind::Slot(SlotId::Principal))),
        Err(EvalError::UnlinkedSlot(SlotId::Principal))
    );
}

#[test]
fn boolean_operators_short_circuit() {
    assert_eq!(ok(&and(lit_bool(false), boom())), Value::Bool(false));
    assert_eq!(ok(&or(lit_bool(true), boom())), Value::Bool(true));
    assert!(run(&and(lit_bool(true), boom())).is_err());
    assert!(run(&or(lit_bool(false), boom())).is_err());
    // Operands must be booleans, the right one only when it is evaluated.
    assert_eq!(
        type_err(&and(lit_long(1), lit_bool(true))).1,
        ValueKind::Long
    );
    assert_eq!(
        type_err(&and(lit_bool(true), lit_long(1))).1,
        ValueKind::Long
    );
    assert_eq!(ok(&and(lit_bool(false), lit_long(1))), Value::Bool(false));
    assert_eq!(ok(&or(lit_bool(true), lit_long(1))), Value::Bool(true));
    assert_eq!(
        type_err(&or(lit_bool(false), lit_str("x"))).1,
        ValueKind::String
    );
    assert_eq!(ok(&not(lit_bool(false))), Value::Bool(true));
    assert_eq!(type_err(&not(lit_long(0))).1, ValueKind::Long);
}

#[test]
fn if_evaluates_only_the_chosen_branch() {
    let pick = |c| {
        e(ExprKind::If {
            cond: Box::new(c),
            then_expr: b(ExprKind::Lit(Literal::Long(1))),
            else_expr: Box::new(boom()),
        })
    };
    assert_eq!(ok(&pick(lit_bool(true))), Value::Long(1));
    assert!(run(&pick(lit_bool(false))).is_err());
    assert_eq!(type_err(&pick(lit_str("yes"))).1, ValueKind::String);
}

#[test]
fn equality_never_errors() {
    assert_eq!(
        ok(&bin(BinaryOp::Eq, lit_long(1), lit_long(1))),
        Value::Bool(true)
    );
    assert_eq!(
        ok(&bin(BinaryOp::Eq, lit_long(1), lit_str("1"))),
        Value::Bool(false)
    );
    assert_eq!(
        ok(&bin(BinaryOp::NotEq, lit_long(1), lit_str("1"))),
        Value::Bool(true)
    );
    assert_eq!(
        ok(&bin(
            BinaryOp::Eq,
            set(vec![lit_long(1), lit_long(2), lit_long(1)]),
            set(vec![lit_long(2), lit_long(1)])
        )),
        Value::Bool(true)
    );
    assert_eq!(
        ok(&bin(
            BinaryOp::Eq,
            lit_uid("User", "alice"),
            var(Var::Principal)
        )),
        Value::Bool(true)
    );
    assert_eq!(
        ok(&bin(
            BinaryOp::Eq,
            record(vec![("a", lit_long(1))]),
            record(vec![("a", lit_long(1))])
        )),
        Value::Bool(true)
    );
}

#[test]
fn comparisons_on_longs() {
    let cases = [
        (BinaryOp::Less, 1, 2, true),
        (BinaryOp::Less, 2, 2, false),
        (BinaryOp::LessEq, 2, 2, true),
        (BinaryOp::Greater, 3, 2, true),
        (BinaryOp::Greater, 2, 2, false),
        (BinaryOp::GreaterEq, 2, 2, true),
        (BinaryOp::GreaterEq, 1, 2, false),
    ];
    for (op, x, y, want) in cases {
        assert_eq!(
            ok(&bin(op, lit_long(x), lit_long(y))),
            Value::Bool(want),
            "{op:?}"
        );
    }
    let (expected, got) = type_err(&bin(BinaryOp::Less, lit_long(1), lit_str("2")));
    assert_eq!((expected, got), (vec![ValueKind::Long], ValueKind::String));
    let (expected, got) = type_err(&bin(BinaryOp::Less, lit_str("1"), lit_long(2)));
    assert_eq!(got, ValueKind::String);
    assert!(expected.contains(&ValueKind::Long) && expected.contains(&ValueKind::Datetime));
}

#[test]
fn comparisons_on_datetimes_and_durations() {
    let dt = |ms| Value::Ext(Arc::new(crate::ext::ExtValue::Datetime(ms)));
    let dur = |ms| Value::Ext(Arc::new(crate::ext::ExtValue::Duration(ms)));
    let dec = Value::Ext(Arc::new(crate::ext::ExtValue::Decimal(1)));
    let entities = store();
    let check = |x: Value, y: Value| {
        let r = Request::new(
            uid("User", "alice"),
            uid("Action", "view"),
            uid("Photo", "p"),
            Value::record([("x", x), ("y", y)]),
        )
        .unwrap();
        evaluate(
            &bin(
                BinaryOp::Less,
                get(var(Var::Context), "x"),
                get(var(Var::Context), "y"),
            ),
            &r,
            &entities,
        )
    };
    assert_eq!(check(dt(1), dt(2)), Ok(Value::Bool(true)));
    assert_eq!(check(dur(5), dur(-5)), Ok(Value::Bool(false)));
    assert!(matches!(
        check(dt(1), dur(2)),
        Err(EvalError::Type {
            got: ValueKind::Duration,
            ..
        })
    ));
    assert!(matches!(
        check(dur(1), Value::Long(2)),
        Err(EvalError::Type {
            got: ValueKind::Long,
            ..
        })
    ));
    assert!(matches!(
        check(Value::Long(1), dt(2)),
        Err(EvalError::Type {
            got: ValueKind::Datetime,
            ..
        })
    ));
    assert!(matches!(
        check(dec.clone(), dec),
        Err(EvalError::Type {
            got: ValueKind::Decimal,
            ..
        })
    ));
}

#[test]
fn arithmetic_is_checked() {
    assert_eq!(
        ok(&bin(BinaryOp::Add, lit_long(2), lit_long(3))),
        Value::Long(5)
    );
    assert_eq!(
        ok(&bin(BinaryOp::Sub, lit_long(2), lit_long(3))),
        Value::Long(-1)
    );
    assert_eq!(
        ok(&bin(BinaryOp::Mul, lit_long(-4), lit_long(3))),
        Value::Long(-12)
    );
    assert_eq!(ok(&neg(lit_long(i64::MAX))), Value::Long(-i64::MAX));
    let overflow = |x: &Expr| matches!(run(x), Err(EvalError::Overflow { .. }));
    assert!(overflow(&bin(
        BinaryOp::Add,
        lit_long(i64::MAX),
        lit_long(1)
    )));
    assert!(overflow(&bin(
        BinaryOp::Sub,
        lit_long(i64::MIN),
        lit_long(1)
    )));
    assert!(overflow(&bin(
        BinaryOp::Mul,
        lit_long(i64::MIN),
        lit_long(-1)
    )));
    assert!(overflow(&bin(
        BinaryOp::Mul,
        lit_long(1 << 32),
        lit_long(1 << 32)
    )));
    assert!(overflow(&neg(lit_long(i64::MIN))));
    assert_eq!(
        ok(&bin(BinaryOp::Add, lit_long(i64::MIN), lit_long(i64::MAX))),
        Value::Long(-1)
    );
    assert_eq!(
        type_err(&bin(BinaryOp::Add, lit_str("a"), lit_long(1))).1,
        ValueKind::String
    );
    assert_eq!(
        type_err(&bin(BinaryOp::Mul, lit_long(1), lit_bool(true))).1,
        ValueKind::Bool
    );
    assert_eq!(type_err(&neg(lit_str("a"))).1, ValueKind::String);
    // Both operands are evaluated before either is checked.
    let err = run(&bin(BinaryOp::Add, lit_str("a"), boom()));
    assert!(
        matches!(
            err,
            Err(EvalError::Type {
                got: ValueKind::Bool,
                ..
            })
        ),
        "{err:?}"
    );
}

#[test]
fn membership_follows_the_closed_hierarchy() {
    let in_ = |x: Expr, y: Expr| ok(&bin(BinaryOp::In, x, y));
    assert_eq!(
        in_(var(Var::Principal), lit_uid("User", "alice")),
        Value::Bool(true)
    );
    assert_eq!(
        in_(var(Var::Principal), lit_uid("Group", "admins")),
        Value::Bool(true)
    );
    assert_eq!(
        in_(var(Var::Principal), lit_uid("Group", "staff")),
        Value::Bool(true)
    );
    assert_eq!(
        in_(var(Var::Principal), lit_uid("Group", "other")),
        Value::Bool(false)
    );
    // A parent missing from the store is still an ancestor.
    assert_eq!(
        in_(lit_uid("User", "bob"), lit_uid("Group", "ghost")),
        Value::Bool(true)
    );
    // An entity missing from the store is in only itself.
    assert_eq!(
        in_(lit_uid("User", "zed"), lit_uid("User", "zed")),
        Value::Bool(true)
    );
    assert_eq!(
        in_(lit_uid("User", "zed"), lit_uid("Group", "staff")),
        Value::Bool(false)
    );
    assert_eq!(
        in_(
            var(Var::Principal),
            set(vec![lit_uid("Group", "x"), lit_uid("Group", "staff")])
        ),
        Value::Bool(true)
    );
    assert_eq!(in_(var(Var::Principal), set(vec![])), Value::Bool(false));
}

#[test]
fn membership_type_errors() {
    assert_eq!(
        type_err(&bin(BinaryOp::In, lit_str("a"), lit_uid("G", "g"))),
        (vec![ValueKind::Entity], ValueKind::String)
    );
    assert_eq!(
        type_err(&bin(BinaryOp::In, var(Var::Principal), lit_long(1))),
        (vec![ValueKind::Set, ValueKind::Entity], ValueKind::Long)
    );
    // Every element of the set is checked, even after a match.
    assert_eq!(
        type_err(&bin(
            BinaryOp::In,
            var(Var::Principal),
            set(vec![lit_uid("User", "alice"), lit_long(1)])
        ))
        .1,
        ValueKind::Long
    );
}

#[test]
fn attribute_access() {
    assert_eq!(ok(&get(var(Var::Principal), "age")), Value::Long(30));
    assert_eq!(
        ok(&get(get(var(Var::Context), "r"), "x")),
        Value::Bool(true)
    );
    assert_eq!(
        run(&get(var(Var::Principal), "nope")),
        Err(EvalError::EntityAttrDoesNotExist {
            entity: uid("User", "alice"),
            attr: "nope".into()
        })
    );
    assert_eq!(
        run(&get(get(var(Var::Principal), "manager"), "age")),
        Err(EvalError::EntityDoesNotExist(uid("User", "carol")))
    );
    assert!(matches!(
        run(&get(var(Var::Context), "zz")),
        Err(EvalError::RecordAttrDoesNotExist { ref attr, ref available }) if attr == "zz" && available.len() == 3
    ));
    assert_eq!(
        type_err(&get(lit_long(1), "a")),
        (vec![ValueKind::Record, ValueKind::Entity], ValueKind::Long)
    );
}

#[test]
fn has_never_errors_on_missing_things() {
    assert_eq!(ok(&has(var(Var::Principal), "age")), Value::Bool(true));
    assert_eq!(ok(&has(var(Var::Principal), "nope")), Value::Bool(false));
    assert_eq!(ok(&has(lit_uid("User", "zed"), "age")), Value::Bool(false));
    assert_eq!(ok(&has(var(Var::Context), "n")), Value::Bool(true));
    assert_eq!(ok(&has(var(Var::Context), "m")), Value::Bool(false));
    assert_eq!(type_err(&has(lit_str("s"), "a")).1, ValueKind::String);
}

#[test]
fn like_on_strings() {
    assert_eq!(
        ok(&like(get(var(Var::Context), "s"), "h*o")),
        Value::Bool(true)
    );
    assert_eq!(ok(&like(lit_str("abc"), "a*d")), Value::Bool(false));
    assert_eq!(type_err(&like(lit_long(1), "*")).1, ValueKind::Long);
}

#[test]
fn is_and_is_in() {
    assert_eq!(
        ok(&is(var(Var::Principal), "User", None)),
        Value::Bool(true)
    );
    assert_eq!(
        ok(&is(var(Var::Principal), "Group", None)),
        Value::Bool(false)
    );
    assert_eq!(
        ok(&is(
            var(Var::Principal),
            "User",
            Some(lit_uid("Group", "staff"))
        )),
        Value::Bool(true)
    );
    // `is` fails first, so the `in` part is not evaluated.
    assert_eq!(
        ok(&is(var(Var::Principal), "Group", Some(boom()))),
        Value::Bool(false)
    );
    assert!(run(&is(var(Var::Principal), "User", Some(boom()))).is_err());
    assert_eq!(type_err(&is(lit_long(1), "User", None)).1, ValueKind::Long);
    assert_eq!(
        type_err(&is(var(Var::Principal), "User", Some(lit_long(1)))).1,
        ValueKind::Long
    );
}

#[test]
fn set_methods() {
    let s = || set(vec![lit_long(1), lit_long(2)]);
    assert_eq!(
        ok(&method(Builtin::Contains, s(), vec![lit_long(2)])),
        Value::Bool(true)
    );
    assert_eq!(
        ok(&method(Builtin::Contains, s(), vec![lit_str("2")])),
        Value::Bool(false)
    );
    assert_eq!(
        ok(&method(
            Builtin::ContainsAll,
            s(),
            vec![set(vec![lit_long(1)])]
        )),
        Value::Bool(true)
    );
    assert_eq!(
        ok(&method(
            Builtin::ContainsAll,
            s(),
            vec![set(vec![lit_long(1), lit_long(3)])]
        )),
        Value::Bool(false)
    );
    assert_eq!(
        ok(&method(Builtin::ContainsAll, s(), vec![set(vec![])])),
        Value::Bool(true)
    );
    assert_eq!(
        ok(&method(
            Builtin::ContainsAny,
            s(),
            vec![set(vec![lit_long(3), lit_long(2)])]
        )),
        Value::Bool(true)
    );
    assert_eq!(
        ok(&method(Builtin::ContainsAny, s(), vec![set(vec![])])),
        Value::Bool(false)
    );
    assert_eq!(
        ok(&method(Builtin::IsEmpty, set(vec![]), vec![])),
        Value::Bool(true)
    );
    assert_eq!(
        ok(&method(Builtin::IsEmpty, s(), vec![])),
        Value::Bool(false)
    );
    assert_eq!(
        type_err(&method(Builtin::Contains, lit_long(1), vec![lit_long(1)])).1,
        ValueKind::Long
    );
    assert_eq!(
        type_err(&method(Builtin::ContainsAll, s(), vec![lit_long(1)])).1,
        ValueKind::Long
    );
    assert_eq!(
        type_err(&method(Builtin::ContainsAny, lit_str("x"), vec![s()])).1,
        ValueKind::String
    );
    assert_eq!(
        type_err(&method(Builtin::IsEmpty, lit_str(""), vec![])).1,
        ValueKind::String
    );
}

#[test]
fn tags() {
    let photo = || var(Var::Resource);
    assert_eq!(
        ok(&method(Builtin::HasTag, photo(), vec![lit_str("color")])),
        Value::Bool(true)
    );
    assert_eq!(
        ok(&method(Builtin::HasTag, photo(), vec![lit_str("size")])),
        Value::Bool(false)
    );
    assert_eq!(
        ok(&method(
            Builtin::HasTag,
            lit_uid("Photo", "missing"),
            vec![lit_str("color")]
        )),
        Value::Bool(false)
    );
    assert_eq!(
        ok(&method(Builtin::GetTag, photo(), vec![lit_str("color")])),
        Value::string("red")
    );
    assert_eq!(
        run(&method(Builtin::GetTag, photo(), vec![lit_str("size")])),
        Err(EvalError::TagDoesNotExist {
            entity: uid("Photo", "p"),
            tag: "size".into()
        })
    );
    assert_eq!(
        run(&method(
            Builtin::GetTag,
            lit_uid("Photo", "missing"),
            vec![lit_str("c")]
        )),
        Err(EvalError::EntityDoesNotExist(uid("Photo", "missing")))
    );
    assert_eq!(
        type_err(&method(Builtin::GetTag, lit_str("p"), vec![lit_str("c")])).1,
        ValueKind::String
    );
    assert_eq!(
        type_err(&method(Builtin::HasTag, photo(), vec![lit_long(1)])).1,
        ValueKind::Long
    );
}

#[test]
fn set_and_record_literals() {
    assert_eq!(
        ok(&set(vec![lit_long(1), lit_str("a")])),
        Value::set([Value::Long(1), Value::string("a")])
    );
    assert!(run(&set(vec![lit_long(1), boom()])).is_err());
    assert_eq!(
        ok(&record(vec![("b", lit_long(1)), ("a", lit_bool(true))])),
        Value::record([("a", Value::Bool(true)), ("b", Value::Long(1))])
    );
    // Fields are evaluated in key order, as Cedar stores them: `a`'s error wins.
    let err = run(&record(vec![
        ("b", get(var(Var::Context), "zz")),
        ("a", get(var(Var::Principal), "nope")),
    ]));
    assert!(
        matches!(err, Err(EvalError::EntityAttrDoesNotExist { .. })),
        "{err:?}"
    );
}

#[test]
fn extension_calls_go_through_ext() {
    // Whatever `ext::call` answers is passed through, including its errors.
    let direct = crate::ext::call(ExtFn::Decimal, &[Value::string("1.5")]);
    let via_eval = run(&e(ExprKind::Call {
        func: ExtFn::Decimal,
        args: vec![lit_str("1.5")],
    }));
    assert_eq!(via_eval, direct);
    // Argument errors come first.
    let err = run(&e(ExprKind::Call {
        func: ExtFn::Decimal,
        args: vec![boom()],
    }));
    assert!(matches!(err, Err(EvalError::Type { .. })));
    assert!(matches!(
        run(&method(Builtin::Ext(ExtFn::LessThan), lit_long(1), vec![])),
        Err(EvalError::Arity {
            expected: 1,
            got: 0,
            ..
        })
    ));
}

proptest! {
    #[test]
    fn addition_matches_checked_add(x: i64, y: i64) {
        let got = run(&bin(BinaryOp::Add, lit_long(x), lit_long(y)));
        match x.checked_add(y) {
            Some(z) => prop_assert_eq!(got, Ok(Value::Long(z))),
            None => prop_assert_eq!(got, Err(EvalError::Overflow { op: "+" })),
        }
    }

    #[test]
    fn comparisons_are_consistent(x: i64, y: i64) {
        let lt = ok(&bin(BinaryOp::Less, lit_long(x), lit_long(y)));
        let ge = ok(&bin(BinaryOp::GreaterEq, lit_long(x), lit_long(y)));
        prop_assert_eq!(lt, Value::Bool(x < y));
        prop_assert_eq!(ge, Value::Bool(x >= y));
    }
}

#[test]
fn extension_functions_and_methods() {
    let call = |func, arg: &str| {
        e(ExprKind::Call {
            func,
            args: vec![lit_str(arg)],
        })
    };
    let lt = method(
        Builtin::Ext(ExtFn::LessThan),
        call(ExtFn::Decimal, "1.5"),
        vec![call(ExtFn::Decimal, "2.25")],
    );
    assert_eq!(ok(&lt), Value::Bool(true));
    let in_range = method(
        Builtin::Ext(ExtFn::IsInRange),
        call(ExtFn::Ip, "10.1.2.3"),
        vec![call(ExtFn::Ip, "10.0.0.0/8")],
    );
    assert_eq!(ok(&in_range), Value::Bool(true));
    let loopback = method(
        Builtin::Ext(ExtFn::IsLoopback),
        call(ExtFn::Ip, "127.0.0.1"),
        vec![],
    );
    assert_eq!(ok(&loopback), Value::Bool(true));
    // `<` orders datetimes and durations built by the constructors.
    let before = bin(
        BinaryOp::Less,
        call(ExtFn::Datetime, "2024-01-01"),
        call(ExtFn::Datetime, "2024-01-02T00:00:00Z"),
    );
    assert_eq!(ok(&before), Value::Bool(true));
    let longer = bin(
        BinaryOp::GreaterEq,
        call(ExtFn::Duration, "1h"),
        call(ExtFn::Duration, "59m"),
    );
    assert_eq!(ok(&longer), Value::Bool(true));
    assert_eq!(
        ok(&bin(
            BinaryOp::Eq,
            call(ExtFn::Decimal, "1.50"),
            call(ExtFn::Decimal, "1.5")
        )),
        Value::Bool(true)
    );
    assert!(matches!(
        run(&call(ExtFn::Decimal, "x")),
        Err(EvalError::Extension { .. })
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever the expression, evaluation returns a value or an error, never a panic,
    /// and it is deterministic.
    #[test]
    fn evaluation_never_panics_and_is_deterministic(expr in crate::arbitrary::expr(4)) {
        let first = run(&expr);
        prop_assert_eq!(first, run(&expr));
    }
}
