//! Tests of the strict validator, on policies built directly as syntax trees.

use smol_str::SmolStr;

use super::*;
use crate::ast::{
    ActionConstraint, BinaryOp, Builtin, Condition, ConditionKind, Effect, EntityRef, Expr,
    ExprKind, ExtFn, Literal, Loc, Pattern, PatternElem, Policy, ScopeConstraint, UnaryOp, Var,
};
use crate::schema::Schema;
use crate::value::{EntityUid, Name};

const SCHEMA: &str = r#"
entity Group;
entity User in [Group] {
    name: String,
    age?: Long,
    manager?: User,
    emails: Set<String>,
} tags String;
entity Album;
entity Photo in [Album] {
    owner: User,
    private: Bool,
    ip: ipaddr,
    meta: { size: Long, kind?: String },
};
entity Color enum ["red", "green"];
action read;
action view, comment in [read] appliesTo {
    principal: [User],
    resource: [Photo],
    context: { authenticated: Bool, when?: datetime },
};
action list appliesTo { principal: User, resource: Album };
"#;

fn schema() -> Schema {
    Schema::from_cedar_str(SCHEMA).unwrap()
}

fn e(kind: ExprKind) -> Expr {
    Expr::new(kind)
}
fn var(v: Var) -> Expr {
    e(ExprKind::Var(v))
}
fn principal() -> Expr {
    var(Var::Principal)
}
fn resource() -> Expr {
    var(Var::Resource)
}
fn context() -> Expr {
    var(Var::Context)
}
fn long(n: i64) -> Expr {
    e(ExprKind::Lit(Literal::Long(n)))
}
fn string(s: &str) -> Expr {
    e(ExprKind::Lit(Literal::String(s.into())))
}
fn boolean(b: bool) -> Expr {
    e(ExprKind::Lit(Literal::Bool(b)))
}
fn euid(ty: &str, id: &str) -> EntityUid {
    EntityUid::new(Name::new(ty), id)
}
fn entity(ty: &str, id: &str) -> Expr {
    e(ExprKind::Lit(Literal::Entity(euid(ty, id))))
}
fn attr(x: Expr, a: &str) -> Expr {
    e(ExprKind::GetAttr {
        expr: Box::new(x),
        attr: a.into(),
        bracket: false,
    })
}
fn has(x: Expr, a: &str) -> Expr {
    e(ExprKind::HasAttr {
        expr: Box::new(x),
        attr: a.into(),
        quoted: false,
    })
}
fn and(a: Expr, b: Expr) -> Expr {
    e(ExprKind::And(Box::new(a), Box::new(b)))
}
fn or(a: Expr, b: Expr) -> Expr {
    e(ExprKind::Or(Box::new(a), Box::new(b)))
}
fn not(a: Expr) -> Expr {
    e(ExprKind::Unary(UnaryOp::Not, Box::new(a)))
}
fn bin(op: BinaryOp, a: Expr, b: Expr) -> Expr {
    e(ExprKind::Binary(op, Box::new(a), Box::new(b)))
}
fn ite(c: Expr, t: Expr, f: Expr) -> Expr {
    e(ExprKind::If {
        cond: Box::new(c),
        then_expr: Box::new(t),
        else_expr: Box::new(f),
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
fn call(f: ExtFn, args: Vec<Expr>) -> Expr {
    e(ExprKind::Call { func: f, args })
}
fn like(x: Expr, prefix: &str) -> Expr {
    let mut elems: Vec<PatternElem> = prefix.chars().map(PatternElem::Char).collect();
    elems.push(PatternElem::Wildcard);
    e(ExprKind::Like(Box::new(x), Pattern { elems }))
}
fn is(x: Expr, ty: &str) -> Expr {
    e(ExprKind::Is {
        expr: Box::new(x),
        entity_type: Name::new(ty),
        in_expr: None,
    })
}
fn at(mut x: Expr, start: usize, end: usize) -> Expr {
    x.loc = Loc::new(start, end);
    x
}

fn policy(
    principal: ScopeConstraint,
    action: ActionConstraint,
    resource: ScopeConstraint,
    conditions: Vec<(ConditionKind, Expr)>,
) -> Policy {
    Policy {
        id: "p0".into(),
        annotations: Vec::new(),
        effect: Effect::Permit,
        principal,
        action,
        resource,
        conditions: conditions
            .into_iter()
            .map(|(kind, body)| Condition {
                kind,
                body,
                loc: Loc::NONE,
            })
            .collect(),
        template_id: None,
        loc: Loc::new(0, 100),
        scope_locs: Default::default(),
    }
}

/// A policy for `view` on photos with one `when` condition.
fn when(body: Expr) -> Policy {
    policy(
        ScopeConstraint::Any,
        ActionConstraint::Eq(euid("Action", "view")),
        ScopeConstraint::Any,
        vec![(ConditionKind::When, body)],
    )
}

fn check(p: &Policy) -> ValidationResult {
    let s = schema();
    Validator::new(&s).validate([p])
}

fn kinds(p: &Policy) -> Vec<ValidationErrorKind> {
    check(p).errors.into_iter().map(|e| e.kind).collect()
}

fn assert_valid(p: &Policy) {
    let r = check(p);
    assert!(r.errors.is_empty(), "unexpected errors: {:?}", r.errors);
}

fn assert_one_error(p: &Policy, pred: impl Fn(&ValidationErrorKind) -> bool) -> ValidationError {
    let r = check(p);
    assert_eq!(r.errors.len(), 1, "expected one error, got {:?}", r.errors);
    let err = r.errors[0].clone();
    assert!(pred(&err.kind), "unexpected error: {err}");
    err
}

#[test]
fn well_typed_policies_validate() {
    assert_valid(&when(bin(
        BinaryOp::Eq,
        principal(),
        attr(resource(), "owner"),
    )));
    assert_valid(&when(and(
        attr(context(), "authenticated"),
        not(attr(resource(), "private")),
    )));
    assert_valid(&when(like(attr(principal(), "name"), "al")));
    assert_valid(&when(bin(
        BinaryOp::Less,
        bin(
            BinaryOp::Add,
            attr(attr(resource(), "meta"), "size"),
            long(1),
        ),
        long(100),
    )));
    assert_valid(&when(method(
        Builtin::Contains,
        attr(principal(), "emails"),
        vec![string("a@b.c")],
    )));
    assert_valid(&when(method(
        Builtin::Ext(ExtFn::IsInRange),
        attr(resource(), "ip"),
        vec![call(ExtFn::Ip, vec![string("10.0.0.0/8")])],
    )));
    assert_valid(&when(bin(
        BinaryOp::In,
        principal(),
        entity("Group", "admins"),
    )));
    assert_valid(&when(bin(
        BinaryOp::In,
        resource(),
        set(vec![entity("Album", "a"), entity("Album", "b")]),
    )));
    assert_valid(&when(
        bin(
            BinaryOp::Eq,
            entity("Color", "red"),
            entity("Color", "green"),
        )
        .pipe(|x| or(x, boolean(true))),
    ));
}

/// Lets tests chain a wrapper after building an expression.
trait Pipe: Sized {
    fn pipe(self, f: impl FnOnce(Self) -> Self) -> Self {
        f(self)
    }
}
impl Pipe for Expr {}

#[test]
fn unknown_attributes_are_reported_with_suggestions() {
    let err = assert_one_error(&when(at(attr(resource(), "ownr"), 10, 20)), |k| {
        matches!(k, ValidationErrorKind::AttributeNotFound { .. })
    });
    assert_eq!(err.loc, Loc::new(10, 20));
    assert_eq!(err.policy_id, "p0");
    assert_eq!(
        err.kind.to_string(),
        "attribute `ownr` not found on entity type `Photo`, did you mean `owner`?"
    );
    let k = kinds(&when(attr(attr(resource(), "meta"), "colour")));
    assert!(matches!(
        &k[..],
        [ValidationErrorKind::AttributeNotFound { .. }]
    ));
}

#[test]
fn optional_attributes_need_a_has_guard() {
    let age = || attr(principal(), "age");
    let gt = || bin(BinaryOp::Greater, age(), long(18));
    let err = assert_one_error(&when(gt()), |k| {
        matches!(k, ValidationErrorKind::OptionalAttribute { .. })
    });
    assert!(err.kind.to_string().contains("optional"));
    assert_valid(&when(and(has(principal(), "age"), gt())));
    assert_valid(&when(ite(has(principal(), "age"), gt(), boolean(false))));
    // The guard does not flow into the `else` branch nor through `||`.
    assert_one_error(
        &when(ite(has(principal(), "age"), boolean(false), gt())),
        |k| matches!(k, ValidationErrorKind::OptionalAttribute { .. }),
    );
    assert_one_error(&when(or(has(principal(), "age"), gt())), |k| {
        matches!(k, ValidationErrorKind::OptionalAttribute { .. })
    });
    // Guards flow from one `when` clause to the next, but not out of `unless`.
    let mut p = when(has(principal(), "age"));
    p.conditions.push(Condition {
        kind: ConditionKind::When,
        body: gt(),
        loc: Loc::NONE,
    });
    assert_valid(&p);
    // Nested records: the guard is on the inner record.
    let kind = || attr(attr(resource(), "meta"), "kind");
    assert_valid(&when(and(
        has(attr(resource(), "meta"), "kind"),
        bin(BinaryOp::Eq, kind(), string("jpeg")),
    )));
    // Both sides of `||` guarding gives the guard.
    assert_valid(&when(and(
        or(
            and(has(principal(), "age"), boolean(true)),
            and(has(principal(), "age"), attr(context(), "authenticated")),
        ),
        gt(),
    )));
}

#[test]
fn operators_require_their_operand_types() {
    let err = assert_one_error(
        &when(bin(BinaryOp::Less, attr(principal(), "name"), string("b"))),
        |k| matches!(k, ValidationErrorKind::InvalidOperands { .. }),
    );
    assert_eq!(
        err.kind.to_string(),
        "operator `<` requires Long, datetime or duration operands, found String and String"
    );
    assert_one_error(&when(bin(BinaryOp::Add, long(1), string("a"))), |k| {
        matches!(k, ValidationErrorKind::InvalidOperands { .. })
    });
    let err = assert_one_error(&when(not(long(1))), |k| {
        matches!(k, ValidationErrorKind::UnexpectedType { .. })
    });
    assert_eq!(err.kind.to_string(), "expected Bool, found Long");
    assert_one_error(&when(long(1)), |k| {
        matches!(
            k,
            ValidationErrorKind::UnexpectedType {
                expected: "Bool",
                ..
            }
        )
    });
    assert_one_error(&when(like(long(1), "a")), |k| {
        matches!(
            k,
            ValidationErrorKind::UnexpectedType {
                expected: "String",
                ..
            }
        )
    });
    assert_one_error(&when(bin(BinaryOp::In, long(1), principal())), |k| {
        matches!(k, ValidationErrorKind::UnexpectedType { .. })
    });
    assert_one_error(&when(method(Builtin::IsEmpty, long(1), vec![])), |k| {
        matches!(k, ValidationErrorKind::InvalidOperands { .. })
    });
}

#[test]
fn equality_requires_compatible_types() {
    assert_one_error(
        &when(bin(BinaryOp::Eq, attr(principal(), "name"), long(1))),
        |k| matches!(k, ValidationErrorKind::IncompatibleTypes { .. }),
    );
    // Records: no width subtyping.
    assert_one_error(
        &when(bin(
            BinaryOp::Eq,
            record(vec![("a", long(1))]),
            record(vec![("a", long(1)), ("b", long(2))]),
        )),
        |k| matches!(k, ValidationErrorKind::IncompatibleTypes { .. }),
    );
    // Literals of different types compare as `false`; so do distinct entity types.
    let r = check(&when(bin(BinaryOp::Eq, long(1), string("a"))));
    assert!(r.errors.is_empty());
    assert_eq!(r.warnings.len(), 1);
    let r = check(&when(bin(BinaryOp::Eq, principal(), entity("Album", "a"))));
    assert!(r.errors.is_empty());
    assert_eq!(r.warnings[0].kind, ValidationWarningKind::ImpossiblePolicy);
}

#[test]
fn sets_need_compatible_elements_and_no_empty_literal() {
    assert_one_error(&when(method(Builtin::IsEmpty, set(vec![]), vec![])), |k| {
        *k == ValidationErrorKind::EmptySetLiteral
    });
    assert_one_error(
        &when(method(
            Builtin::Contains,
            set(vec![long(1), string("a")]),
            vec![long(1)],
        )),
        |k| matches!(k, ValidationErrorKind::IncompatibleTypes { .. }),
    );
    assert_one_error(
        &when(method(
            Builtin::Contains,
            set(vec![long(1)]),
            vec![string("a")],
        )),
        |k| matches!(k, ValidationErrorKind::IncompatibleTypes { .. }),
    );
    assert_one_error(
        &when(bin(
            BinaryOp::In,
            principal(),
            set(vec![entity("Group", "g"), entity("Album", "a")]),
        )),
        |k| matches!(k, ValidationErrorKind::IncompatibleTypes { .. }),
    );
    assert_valid(&when(method(
        Builtin::ContainsAny,
        attr(principal(), "emails"),
        vec![set(vec![string("x")])],
    )));
}

#[test]
fn short_circuiting_skips_unreachable_code() {
    let bad = || bin(BinaryOp::Add, long(1), string("a"));
    let r = check(&when(and(
        boolean(false),
        bin(BinaryOp::Eq, bad(), long(1)),
    )));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let r = check(&when(or(boolean(true), bin(BinaryOp::Eq, bad(), long(1)))));
    assert!(r.errors.is_empty());
    assert_valid(&when(bin(
        BinaryOp::Eq,
        ite(boolean(true), long(1), string("a")),
        long(1),
    )));
    assert_one_error(
        &when(bin(
            BinaryOp::Eq,
            ite(attr(context(), "authenticated"), long(1), string("a")),
            long(1),
        )),
        |k| matches!(k, ValidationErrorKind::IncompatibleTypes { .. }),
    );
    // `is` gives a singleton type, so an impossible branch is skipped.
    assert_valid(&when(and(
        is(principal(), "Album"),
        bin(BinaryOp::Eq, bad(), long(1)),
    )));
}

#[test]
fn unknown_names_are_reported_once_with_suggestions() {
    let err = assert_one_error(
        &when(bin(BinaryOp::Eq, principal(), entity("Usr", "a"))),
        |k| matches!(k, ValidationErrorKind::UnrecognizedEntityType { .. }),
    );
    assert_eq!(
        err.kind.to_string(),
        "unrecognized entity type `Usr`, did you mean `User`?"
    );
    // Reported even in an unreachable branch.
    assert_one_error(&when(and(boolean(false), is(principal(), "Usr"))), |k| {
        matches!(k, ValidationErrorKind::UnrecognizedEntityType { .. })
    });
    let p = policy(
        ScopeConstraint::Any,
        ActionConstraint::Eq(euid("Action", "viw")),
        ScopeConstraint::Any,
        vec![],
    );
    let err = assert_one_error(&p, |k| {
        matches!(k, ValidationErrorKind::UnrecognizedActionId { .. })
    });
    assert!(err
        .kind
        .to_string()
        .contains("did you mean `Action::\"view\"`?"));
    assert_one_error(
        &when(bin(
            BinaryOp::Eq,
            entity("Color", "blue"),
            entity("Color", "red"),
        )),
        |k| matches!(k, ValidationErrorKind::InvalidEnumEntity { .. }),
    );
}

#[test]
fn tags_need_has_tag_guards() {
    let get = || method(Builtin::GetTag, principal(), vec![string("team")]);
    assert_one_error(&when(like(get(), "x")), |k| {
        matches!(k, ValidationErrorKind::UnsafeTagAccess { .. })
    });
    assert_valid(&when(and(
        method(Builtin::HasTag, principal(), vec![string("team")]),
        like(get(), "x"),
    )));
    // A guard for another tag does not help.
    assert_one_error(
        &when(and(
            method(Builtin::HasTag, principal(), vec![string("other")]),
            like(get(), "x"),
        )),
        |k| matches!(k, ValidationErrorKind::UnsafeTagAccess { .. }),
    );
    assert_one_error(
        &when(like(
            method(Builtin::GetTag, resource(), vec![string("t")]),
            "x",
        )),
        |k| matches!(k, ValidationErrorKind::NoTags { .. }),
    );
    // `hasTag` on a type without tags is simply false.
    let r = check(&when(method(
        Builtin::HasTag,
        resource(),
        vec![string("t")],
    )));
    assert!(r.errors.is_empty());
    assert_eq!(r.warnings.len(), 1);
}

#[test]
fn extension_constructors_check_their_literals() {
    let err = assert_one_error(
        &when(method(
            Builtin::Ext(ExtFn::LessThan),
            call(ExtFn::Decimal, vec![string("bad")]),
            vec![call(ExtFn::Decimal, vec![string("1.0")])],
        )),
        |k| {
            matches!(
                k,
                ValidationErrorKind::ExtensionArgument {
                    func: "decimal",
                    ..
                }
            )
        },
    );
    assert!(err
        .kind
        .to_string()
        .starts_with("invalid argument to `decimal`"));
    assert_one_error(
        &when(method(
            Builtin::Ext(ExtFn::IsIpv4),
            call(ExtFn::Ip, vec![attr(principal(), "name")]),
            vec![],
        )),
        |k| {
            matches!(
                k,
                ValidationErrorKind::NonLiteralExtensionArgument { func: "ip" }
            )
        },
    );
    assert_one_error(
        &when(method(Builtin::Ext(ExtFn::IsIpv4), long(1), vec![])),
        |k| matches!(k, ValidationErrorKind::InvalidOperands { .. }),
    );
    // Datetimes compare with `<`, guarded because `when` is optional.
    assert_valid(&when(and(
        has(context(), "when"),
        bin(
            BinaryOp::Less,
            attr(context(), "when"),
            call(ExtFn::Datetime, vec![string("2024-01-01")]),
        ),
    )));
    assert_valid(&when(bin(
        BinaryOp::Greater,
        method(
            Builtin::Ext(ExtFn::ToDays),
            call(ExtFn::Duration, vec![string("2d")]),
            vec![],
        ),
        long(1),
    )));
}

#[test]
fn actions_have_no_attributes_and_typed_membership() {
    assert_one_error(&when(attr(var(Var::Action), "name")), |k| {
        matches!(k, ValidationErrorKind::ActionAttribute { .. })
    });
    let r = check(&when(has(var(Var::Action), "name")));
    assert!(r.errors.is_empty() && r.warnings.len() == 1);
    // `action in read` is true for `view`; `action in list` false.
    assert_valid(&when(bin(
        BinaryOp::In,
        var(Var::Action),
        entity("Action", "read"),
    )));
    let r = check(&when(bin(
        BinaryOp::In,
        var(Var::Action),
        entity("Action", "list"),
    )));
    assert!(r.errors.is_empty());
    assert_eq!(r.warnings.len(), 1);
    // `action == …` is decided by the environment's action.
    let r = check(&when(bin(
        BinaryOp::Eq,
        var(Var::Action),
        entity("Action", "list"),
    )));
    assert!(r.errors.is_empty());
    assert_eq!(r.warnings.len(), 1);
    let bad = bin(BinaryOp::Add, long(1), string("a"));
    let p = when(and(
        bin(BinaryOp::Eq, var(Var::Action), entity("Action", "list")),
        bin(BinaryOp::Eq, bad, long(1)),
    ));
    assert!(check(&p).errors.is_empty());
}

#[test]
fn scopes_select_environments() {
    // No action applies to a User principal and an Album resource… except `list`.
    let p = policy(
        ScopeConstraint::Any,
        ActionConstraint::Eq(euid("Action", "view")),
        ScopeConstraint::Is(Name::new("Album")),
        vec![],
    );
    assert_one_error(&p, |k| *k == ValidationErrorKind::InvalidActionApplication);
    let p = policy(
        ScopeConstraint::Any,
        ActionConstraint::Any,
        ScopeConstraint::Is(Name::new("Album")),
        vec![(ConditionKind::When, attr(resource(), "private"))],
    );
    // In the `list` environment the resource is an Album, which has no `private`.
    assert_one_error(&p, |k| {
        matches!(k, ValidationErrorKind::AttributeNotFound { .. })
    });
    let p = policy(
        ScopeConstraint::IsIn(Name::new("User"), EntityRef::Uid(euid("Group", "admins"))),
        ActionConstraint::In(euid("Action", "read")),
        ScopeConstraint::In(EntityRef::Uid(euid("Album", "a"))),
        vec![(ConditionKind::Unless, attr(resource(), "private"))],
    );
    assert_valid(&p);
    assert!(check(&p).warnings.is_empty());
    // Templates: slots match any environment.
    let p = policy(
        ScopeConstraint::Eq(EntityRef::Slot(crate::ast::SlotId::Principal)),
        ActionConstraint::Any,
        ScopeConstraint::In(EntityRef::Slot(crate::ast::SlotId::Resource)),
        vec![],
    );
    assert_valid(&p);
}

#[test]
fn errors_are_reported_once_across_environments() {
    // `view` and `comment` both apply: the error is found twice but reported once.
    let p = policy(
        ScopeConstraint::Any,
        ActionConstraint::In(euid("Action", "read")),
        ScopeConstraint::Any,
        vec![(ConditionKind::When, at(attr(resource(), "nope"), 3, 7))],
    );
    let r = check(&p);
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
}

#[test]
fn records_and_unless_clauses() {
    assert_valid(&when(bin(
        BinaryOp::Eq,
        attr(record(vec![("a", long(1))]), "a"),
        long(1),
    )));
    let p = policy(
        ScopeConstraint::Any,
        ActionConstraint::Eq(euid("Action", "view")),
        ScopeConstraint::Any,
        vec![(
            ConditionKind::Unless,
            bin(BinaryOp::Greater, attr(principal(), "age"), long(1)),
        )],
    );
    assert_one_error(&p, |k| {
        matches!(k, ValidationErrorKind::OptionalAttribute { .. })
    });
}

mod props {
    use super::*;
    use proptest::prelude::*;

    /// Boolean expressions that are well typed in the `view` environment.
    fn well_typed_bool() -> impl Strategy<Value = Expr> {
        let leaf = prop_oneof![
            any::<bool>().prop_map(boolean),
            Just(attr(context(), "authenticated")),
            Just(attr(resource(), "private")),
            "[a-z]{0,3}".prop_map(|p| like(attr(principal(), "name"), &p)),
            (any::<i32>(), any::<i32>()).prop_map(|(a, b)| bin(
                BinaryOp::LessEq,
                bin(
                    BinaryOp::Add,
                    attr(attr(resource(), "meta"), "size"),
                    long(a.into())
                ),
                long(b.into())
            )),
            any::<i32>().prop_map(|n| and(
                has(principal(), "age"),
                bin(
                    BinaryOp::GreaterEq,
                    attr(principal(), "age"),
                    long(n.into())
                )
            )),
            Just(bin(BinaryOp::In, principal(), entity("Group", "g"))),
            Just(bin(BinaryOp::Eq, principal(), attr(resource(), "owner"))),
        ];
        leaf.prop_recursive(5, 40, 3, |inner| {
            prop_oneof![
                (inner.clone(), inner.clone()).prop_map(|(a, b)| and(a, b)),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| or(a, b)),
                inner.clone().prop_map(not),
                (inner.clone(), inner.clone(), inner.clone()).prop_map(|(a, b, c)| ite(a, b, c)),
                (inner.clone(), inner).prop_map(|(a, b)| bin(BinaryOp::NotEq, a, b)),
            ]
        })
    }

    /// Arbitrary (mostly ill-typed) expressions.
    fn arbitrary_expr() -> impl Strategy<Value = Expr> {
        let leaf = prop_oneof![
            any::<i64>().prop_map(long),
            "[a-z]{0,3}".prop_map(|s| string(&s)),
            any::<bool>().prop_map(boolean),
            Just(principal()),
            Just(resource()),
            Just(context()),
            Just(var(Var::Action)),
            Just(entity("User", "u")),
            Just(entity("Action", "read")),
            Just(set(vec![])),
        ];
        leaf.prop_recursive(6, 64, 3, |inner| {
            prop_oneof![
                (inner.clone(), inner.clone()).prop_map(|(a, b)| and(a, b)),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| or(a, b)),
                (inner.clone(), inner.clone(), inner.clone()).prop_map(|(a, b, c)| ite(a, b, c)),
                (inner.clone(), "[a-z]{1,5}").prop_map(|(a, s)| attr(a, &s)),
                (inner.clone(), "[a-z]{1,5}").prop_map(|(a, s)| has(a, &s)),
                prop::collection::vec(inner.clone(), 0..3).prop_map(set),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| bin(BinaryOp::In, a, b)),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| bin(BinaryOp::Eq, a, b)),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| bin(BinaryOp::Less, a, b)),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| method(
                    Builtin::Contains,
                    a,
                    vec![b]
                )),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| method(
                    Builtin::GetTag,
                    a,
                    vec![b]
                )),
                inner.clone().prop_map(|a| call(ExtFn::Decimal, vec![a])),
                (inner.clone(), inner).prop_map(|(a, b)| record(vec![("a", a), ("b", b)])),
            ]
        })
    }

    proptest! {
        #[test]
        fn well_typed_expressions_validate(body in well_typed_bool()) {
            let r = check(&when(body));
            prop_assert!(r.errors.is_empty(), "{:?}", r.errors);
        }

        #[test]
        fn validation_never_panics(body in arbitrary_expr()) {
            let _ = check(&when(body));
        }
    }
}
