//! Unit tests for the parser: one or more per grammar rule and per error message.

use super::*;
use crate::arbitrary::{expr_without_locs, without_locs};
use crate::ast::*;
use crate::value::{EntityUid, Name};

fn e(src: &str) -> Expr {
    match parse_expr(src) {
        Ok(x) => expr_without_locs(&x),
        Err(errs) => panic!("{src:?} failed to parse: {errs}"),
    }
}

fn err(src: &str) -> ParseError {
    match parse_expr(src) {
        Ok(x) => panic!("{src:?} parsed as {x:?}"),
        Err(errs) => errs.0.into_iter().next().expect("at least one error"),
    }
}

fn perr(src: &str) -> ParseError {
    match parse_policies(src) {
        Ok(ps) => panic!("{src:?} parsed as {ps:?}"),
        Err(errs) => errs.0.into_iter().next().expect("at least one error"),
    }
}

fn policy(src: &str) -> Policy {
    match parse_policy(src, "p".into()) {
        Ok(p) => without_locs(&p),
        Err(errs) => panic!("{src:?} failed to parse: {errs}"),
    }
}

fn same(a: &str, b: &str) {
    assert_eq!(e(a), e(b), "{a:?} and {b:?} should parse alike");
}

fn long(n: i64) -> Expr {
    Expr::new(ExprKind::Lit(Literal::Long(n)))
}

fn var(v: Var) -> Expr {
    Expr::new(ExprKind::Var(v))
}

fn bx(e: Expr) -> Box<Expr> {
    Box::new(e)
}

fn uid(ty: &str, id: &str) -> EntityUid {
    EntityUid::new(Name::new(ty), id)
}

/// The source text an error points at.
fn at<'s>(src: &'s str, e: &ParseError) -> &'s str {
    &src[e.loc.start as usize..e.loc.end as usize]
}

#[test]
fn literals_and_variables() {
    assert_eq!(e("true"), Expr::new(ExprKind::Lit(Literal::Bool(true))));
    assert_eq!(e("false"), Expr::new(ExprKind::Lit(Literal::Bool(false))));
    assert_eq!(e("42"), long(42));
    assert_eq!(
        e(r#""a\tb""#),
        Expr::new(ExprKind::Lit(Literal::String("a\tb".into())))
    );
    assert_eq!(e("context"), var(Var::Context));
    assert_eq!(e("principal"), var(Var::Principal));
    assert_eq!(
        e(r#"A::B::"x\"y""#),
        Expr::new(ExprKind::Lit(Literal::Entity(uid("A::B", "x\"y"))))
    );
}

#[test]
fn integer_limits_and_negative_folding() {
    assert_eq!(e("9223372036854775807"), long(i64::MAX));
    assert_eq!(e("-9223372036854775808"), long(i64::MIN));
    assert_eq!(e("- 5"), long(-5));
    assert_eq!(
        e("--5"),
        Expr::new(ExprKind::Unary(UnaryOp::Neg, bx(long(-5))))
    );
    assert_eq!(
        e("-(5)"),
        Expr::new(ExprKind::Unary(UnaryOp::Neg, bx(long(5))))
    );
    let src = "9223372036854775808";
    let x = err(src);
    assert_eq!(
        x.message,
        "integer literal `9223372036854775808` does not fit in 64 bits"
    );
    assert_eq!(at(src, &x), src);
    assert!(err("-9223372036854775809").message.contains("does not fit"));
    assert!(err("99999999999999999999999")
        .message
        .contains("does not fit"));
    // A minus before a member access is an operator, not part of the literal.
    assert!(matches!(e("-5.foo").kind, ExprKind::Unary(UnaryOp::Neg, _)));
}

#[test]
fn precedence_and_associativity() {
    same("1 + 2 * 3", "1 + (2 * 3)");
    same("1 - 2 + 3", "(1 - 2) + 3");
    same("1 * 2 * 3", "(1 * 2) * 3");
    same("true || false && true", "true || (false && true)");
    same("true || false || true", "(true || false) || true");
    same("1 + 1 == 2 && !false", "((1 + 1) == 2) && (!false)");
    same("-principal.x", "-(principal.x)");
    same(
        "if true then 1 else false || true",
        "if true then 1 else (false || true)",
    );
    same("!context.a.b", "!((context.a).b)");
    assert!(matches!(
        e("principal in resource").kind,
        ExprKind::Binary(BinaryOp::In, _, _)
    ));
    for (src, op) in [
        ("1 == 2", BinaryOp::Eq),
        ("1 != 2", BinaryOp::NotEq),
        ("1 < 2", BinaryOp::Less),
        ("1 <= 2", BinaryOp::LessEq),
        ("1 > 2", BinaryOp::Greater),
        ("1 >= 2", BinaryOp::GreaterEq),
    ] {
        assert_eq!(
            e(src),
            Expr::new(ExprKind::Binary(op, bx(long(1)), bx(long(2))))
        );
    }
}

#[test]
fn relations_are_not_associative() {
    for src in [
        "1 < 2 < 3",
        "1 == 2 == 3",
        "principal in resource in context",
        "context has a == true",
        "context like \"a\" == true",
        "principal is User in Group::\"g\" in resource",
        "principal is User is User",
    ] {
        let x = parse_expr(src).unwrap_err();
        assert_eq!(
            x.0[0].message, "relational operators are not associative: use parentheses",
            "{src}"
        );
    }
    let src = "1 < 2 < 3";
    assert_eq!(at(src, &err(src)), "<");
    same("(1 < 2) == true", "(1 < 2) == true");
}

#[test]
fn unary_operators() {
    assert_eq!(
        e("!!true"),
        Expr::new(ExprKind::Unary(
            UnaryOp::Not,
            bx(Expr::new(ExprKind::Unary(
                UnaryOp::Not,
                bx(Expr::new(ExprKind::Lit(Literal::Bool(true))))
            )))
        ))
    );
    assert!(parse_expr("!!!!true").is_ok());
    assert!(parse_expr("----1").is_ok());
    let src = "!!!!!true";
    let x = err(src);
    assert_eq!(x.message, "too many `!` in a row (at most 4)");
    assert_eq!(x.loc, Loc::new(4, 5));
    assert_eq!(err("-----1").message, "too many `-` in a row (at most 4)");
    assert!(err("!-1").message.contains("cannot directly follow `!`"));
    same("!(-1)", "!(-1)");
}

#[test]
fn member_access_and_methods() {
    assert_eq!(
        e("context.a"),
        Expr::new(ExprKind::GetAttr {
            expr: bx(var(Var::Context)),
            attr: "a".into(),
            bracket: false
        })
    );
    assert_eq!(
        e(r#"context["a b"]"#),
        Expr::new(ExprKind::GetAttr {
            expr: bx(var(Var::Context)),
            attr: "a b".into(),
            bracket: true
        })
    );
    assert_eq!(
        e("[1].contains(1)"),
        Expr::new(ExprKind::MethodCall {
            method: Builtin::Contains,
            receiver: bx(Expr::new(ExprKind::Set(vec![long(1)]))),
            args: vec![long(1)],
        })
    );
    assert!(matches!(
        e("principal.isEmpty()").kind,
        ExprKind::MethodCall {
            method: Builtin::IsEmpty,
            ..
        }
    ));
    assert!(matches!(
        e(r#"decimal("1.0").lessThan(decimal("2.0"))"#).kind,
        ExprKind::MethodCall {
            method: Builtin::Ext(ExtFn::LessThan),
            ..
        }
    ));
    assert!(matches!(
        e("resource.getTag(\"t\")").kind,
        ExprKind::MethodCall {
            method: Builtin::GetTag,
            ..
        }
    ));
    // Keywords that are not reserved are fine as attributes.
    assert!(parse_expr("context.principal.permit.when").is_ok());
    same("5.contains(1)", "(5).contains(1)");
}

#[test]
fn method_and_function_errors() {
    let src = "context.foo(1)";
    let x = err(src);
    assert_eq!(x.message, "`foo` is not a valid method");
    assert_eq!(at(src, &x), "foo");
    assert_eq!(err("foo(1)").message, "`foo` is not a valid function");
    assert_eq!(
        err("contains(1)").message,
        "`contains` is a method, not a function: write `e.contains(…)`"
    );
    assert_eq!(
        err("context.ip(\"1.1.1.1\")").message,
        "`ip` is a function, not a method: write `ip(…)`"
    );
    assert_eq!(
        err("[1].contains(1, 2)").message,
        "`contains` takes 1 argument but 2 were given"
    );
    // Extension calls are checked when evaluated, as in Cedar.
    assert!(parse_expr("decimal()").is_ok());
    assert!(parse_expr("ip(\"1.1.1.1\").isInRange()").is_ok());
    assert_eq!(
        err("context.isEmpty(1)").message,
        "`isEmpty` takes 0 arguments but 1 was given"
    );
    assert!(err("A::b(1)")
        .message
        .contains("`A::b` is not a valid function"));
    assert!(err("context[1]").message.contains("quoted attribute name"));
}

#[test]
fn extension_calls() {
    for f in ExtFn::ALL.iter().filter(|f| !f.is_method()) {
        let src = format!("{}(\"x\")", f.name());
        assert_eq!(
            e(&src),
            Expr::new(ExprKind::Call {
                func: *f,
                args: vec![Expr::new(ExprKind::Lit(Literal::String("x".into())))]
            })
        );
    }
    for f in ExtFn::ALL.iter().filter(|f| f.is_method()) {
        let args = vec!["1"; f.arity() - 1].join(", ");
        let src = format!("context.{}({args})", f.name());
        assert!(parse_expr(&src).is_ok(), "{src}");
    }
}

#[test]
fn sets_records_and_trailing_commas() {
    assert_eq!(e("[]"), Expr::new(ExprKind::Set(vec![])));
    assert_eq!(
        e("[1, 2,]"),
        Expr::new(ExprKind::Set(vec![long(1), long(2)]))
    );
    assert_eq!(
        e(r#"{a: 1, "b c": 2, principal: 3,}"#),
        Expr::new(ExprKind::Record(vec![
            ("a".into(), long(1)),
            ("b c".into(), long(2)),
            ("principal".into(), long(3)),
        ]))
    );
    assert_eq!(e("{}"), Expr::new(ExprKind::Record(vec![])));
    let src = r#"{a: 1, "a": 2}"#;
    let x = err(src);
    assert_eq!(x.message, "duplicate key `a` in record");
    assert_eq!(at(src, &x), "\"a\"");
    assert!(err("[,]").message.contains("expected an expression"));
    assert!(err("[1 2]").message.contains("expected `,` or `]`"));
    assert!(parse_expr("decimal(\"1\",)").is_ok());
}

#[test]
fn has_like_is() {
    assert_eq!(
        e("context has a"),
        Expr::new(ExprKind::HasAttr {
            expr: bx(var(Var::Context)),
            attr: "a".into(),
            quoted: false
        })
    );
    assert_eq!(
        e(r#"context has "a b""#),
        Expr::new(ExprKind::HasAttr {
            expr: bx(var(Var::Context)),
            attr: "a b".into(),
            quoted: true
        })
    );
    same(
        "context has a.b.c",
        "context has a && context.a has b && context.a.b has c",
    );
    assert_eq!(
        e(r#""x" like "a*\*""#),
        Expr::new(ExprKind::Like(
            bx(Expr::new(ExprKind::Lit(Literal::String("x".into())))),
            Pattern {
                elems: vec![
                    PatternElem::Char('a'),
                    PatternElem::Wildcard,
                    PatternElem::Char('*')
                ]
            }
        ))
    );
    assert_eq!(
        e(r#"principal is NS::User in Group::"g""#),
        Expr::new(ExprKind::Is {
            expr: bx(var(Var::Principal)),
            entity_type: Name::new("NS::User"),
            in_expr: Some(bx(Expr::new(ExprKind::Lit(Literal::Entity(uid(
                "Group", "g"
            ))))))
        })
    );
    assert!(matches!(
        e("principal is User").kind,
        ExprKind::Is { in_expr: None, .. }
    ));
    assert!(err("context like 1").message.contains("quoted pattern"));
    assert!(err("context has 1").message.contains("attribute name"));
    assert!(err("principal is \"User\"").message.contains("entity type"));
}

#[test]
fn if_then_else() {
    assert_eq!(
        e("if true then 1 else 2"),
        Expr::new(ExprKind::If {
            cond: bx(Expr::new(ExprKind::Lit(Literal::Bool(true)))),
            then_expr: bx(long(1)),
            else_expr: bx(long(2)),
        })
    );
    assert!(err("1 + if true then 1 else 2")
        .message
        .contains("parentheses"));
    assert!(parse_expr("1 + (if true then 1 else 2)").is_ok());
    assert!(err("if true then 1").message.contains("expected `else`"));
}

#[test]
fn reserved_words() {
    let src = "context.if";
    let x = err(src);
    assert_eq!(
        x.message,
        "`if` is a reserved word and cannot be an identifier"
    );
    assert_eq!(at(src, &x), "if");
    for src in [
        "{if: 1}",
        "context has then",
        "principal is in",
        "if::\"a\"",
        "A::true::\"x\"",
    ] {
        assert!(parse_expr(src).is_err(), "{src}");
    }
    assert!(err("context.__cedar").message.contains("reserved"));
    assert!(err("__cedar::A::\"x\"").message.contains("reserved"));
    assert!(parse_name("NS::__cedar").is_err());
    // Not reserved: usable as attributes and record keys.
    assert!(parse_expr("{permit: 1, when: 2, context: 3}.when").is_ok());
}

#[test]
fn strings_and_escapes() {
    let src = r#""ab\qc""#;
    let x = err(src);
    assert_eq!(x.message, r"invalid escape `\q` in string");
    assert_eq!(at(src, &x), r"\q");
    assert_eq!(
        e(r#""\u{1F600}\x41\0""#),
        Expr::new(ExprKind::Lit(Literal::String("\u{1F600}A\0".into())))
    );
    assert!(err(r#""\*""#).message.contains("invalid escape"));
    assert_eq!(err("\"abc").message, "unterminated string literal");
}

#[test]
fn variables_and_slots_in_expressions() {
    assert!(err("foo").message.starts_with("unknown variable `foo`"));
    assert_eq!(
        err("?principal == principal").message,
        "`?principal` can only appear in the policy scope"
    );
    assert!(err("?x").message.contains("not a valid slot"));
    assert!(err("A::B").message.contains("`::` and a quoted id"));
    assert!(err("User::{id: \"x\"}").message.contains("records"));
}

#[test]
fn expression_errors_point_at_the_problem() {
    let src = "(1 + 2))";
    let x = err(src);
    assert_eq!(x.message, "unexpected `)` after the expression");
    assert_eq!(x.loc, Loc::new(7, 8));
    assert_eq!(
        err("1 = 2").message,
        "unexpected `=`: use `==` to compare values"
    );
    assert!(err("1 / 2").message.contains("unsupported operator `/`"));
    assert_eq!(
        err("true | false").message,
        "unexpected `|`: use `||` for \"or\""
    );
    assert_eq!(
        err("true & false").message,
        "unexpected `&`: use `&&` for \"and\""
    );
    assert_eq!(
        err("").message,
        "expected an expression, found the end of the input"
    );
    assert_eq!(
        err("(1").message,
        "expected `)` to close `(`, found the end of the input"
    );
}

#[test]
fn locations_cover_the_source() {
    let src = "  principal.a + 1";
    let x = parse_expr(src).unwrap();
    assert_eq!(x.loc, Loc::new(2, 17));
    let ExprKind::Binary(_, l, r) = &x.kind else {
        panic!("expected +")
    };
    assert_eq!(l.loc, Loc::new(2, 13));
    assert_eq!(r.loc, Loc::new(16, 17));
    assert_eq!(parse_expr("-5").unwrap().loc, Loc::new(0, 2));
}

// ---- policies ----

#[test]
fn minimal_policy_and_ids() {
    let ps = parse_policies(
        "permit(principal, action, resource);\n// c\n@id(\"x\") forbid(principal,action,resource,) when { true };",
    )
    .unwrap();
    assert_eq!(ps.len(), 2);
    assert_eq!(ps[0].id, "policy0");
    assert_eq!(ps[1].id, "policy1");
    assert_eq!(ps[1].annotation("id"), Some("x"));
    assert_eq!(ps[0].effect, Effect::Permit);
    assert_eq!(ps[1].effect, Effect::Forbid);
    assert_eq!(ps[0].principal, ScopeConstraint::Any);
    assert_eq!(ps[0].action, ActionConstraint::Any);
    assert_eq!(ps[1].conditions.len(), 1);
    assert_eq!(ps[0].loc, Loc::new(0, 36));
    assert!(parse_policies("").unwrap().is_empty());
    assert!(parse_policies("  // only a comment").unwrap().is_empty());
}

#[test]
fn templates_share_the_id_counter() {
    let ps = parse_policies(
        "permit(principal == ?principal, action, resource);\npermit(principal, action, resource in ?resource);\npermit(principal, action, resource);",
    )
    .unwrap();
    let ids: Vec<_> = ps.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["policy0", "policy1", "policy2"]);
    assert!(ps[0].is_template() && ps[1].is_template() && !ps[2].is_template());
}

#[test]
fn scope_constraints() {
    let p = policy(
        r#"permit(principal is NS::User in Group::"g", action in [Action::"a", NS::Action::"b"], resource == Photo::"p");"#,
    );
    assert_eq!(
        p.principal,
        ScopeConstraint::IsIn(Name::new("NS::User"), EntityRef::Uid(uid("Group", "g")))
    );
    assert_eq!(
        p.action,
        ActionConstraint::InList(vec![uid("Action", "a"), uid("NS::Action", "b")])
    );
    assert_eq!(
        p.resource,
        ScopeConstraint::Eq(EntityRef::Uid(uid("Photo", "p")))
    );
    let p = policy(r#"permit(principal in ?principal, action == Action::"a", resource is Photo);"#);
    assert_eq!(
        p.principal,
        ScopeConstraint::In(EntityRef::Slot(SlotId::Principal))
    );
    assert_eq!(p.action, ActionConstraint::Eq(uid("Action", "a")));
    assert_eq!(p.resource, ScopeConstraint::Is(Name::new("Photo")));
    let p = policy(r#"permit(principal, action in Action::"a", resource is Photo in ?resource);"#);
    assert_eq!(p.action, ActionConstraint::In(uid("Action", "a")));
    assert_eq!(
        p.resource,
        ScopeConstraint::IsIn(Name::new("Photo"), EntityRef::Slot(SlotId::Resource))
    );
    assert_eq!(
        policy("permit(principal, action in [], resource);").action,
        ActionConstraint::InList(vec![])
    );
}

#[test]
fn scope_errors() {
    let cases = [
        (
            "permit();",
            "the scope must list `principal`, `action` and `resource`",
            ")",
        ),
        (
            "permit(action, principal, resource);",
            "expected `principal` first in the scope, found `action`",
            "action",
        ),
        (
            "permit(principal, action);",
            "expected `,` after the action constraint, found `)`",
            ")",
        ),
        (
            "permit(principal == ?resource, action, resource);",
            "`?resource` cannot appear in the principal constraint",
            "?resource",
        ),
        (
            "permit(principal, action == ?principal, resource);",
            "`?principal` cannot appear in the action constraint",
            "?principal",
        ),
        (
            "permit(principal is User == User::\"a\", action, resource);",
            "`is` cannot be combined with `==`",
            "==",
        ),
        (
            "permit(principal, action is Action, resource);",
            "`is` is not allowed on the action",
            "is",
        ),
        (
            "permit(principal, action == User::\"a\", resource);",
            "expected an action",
            "User::\"a\"",
        ),
        (
            "permit(principal, action, resource, context);",
            "unexpected `context` in the scope",
            "context",
        ),
        (
            "permit(principal in [User::\"a\"], action, resource);",
            "expected an entity UID or `?principal`",
            "[",
        ),
        (
            "permit(principal == ?x, action, resource);",
            "`?x` cannot appear",
            "?x",
        ),
    ];
    for (src, msg, loc) in cases {
        let x = perr(src);
        assert!(x.message.starts_with(msg), "{src}: got {:?}", x.message);
        assert_eq!(at(src, &x), loc, "{src}");
    }
}

#[test]
fn policy_errors() {
    let cases = [
        (
            "permit(principal, action, resource)",
            "expected `;` after policy, found the end of the input",
            "",
        ),
        (
            "allow(principal, action, resource);",
            "expected `permit` or `forbid`, found `allow`",
            "allow",
        ),
        (
            "permit(principal, action, resource) when { };",
            "the `when` condition is empty",
            "when { }",
        ),
        (
            "permit(principal, action, resource) if { true };",
            "expected `when`, `unless` or `;`, found `if`",
            "if",
        ),
        (
            "@a(\"1\") @a(\"2\") permit(principal, action, resource);",
            "duplicate annotation `@a`",
            "a",
        ),
        (
            "permit(principal, action, resource) when { principal == ?principal };",
            "`?principal` can only appear in the policy scope",
            "?principal",
        ),
        (
            "permit(principal, action, resource) when { true } unless { (1 };",
            "expected `)` to close `(`, found `}`",
            "}",
        ),
        (
            "permit(principal, action, resource) when { 1 < 2 < 3 };",
            "relational operators are not associative: use parentheses",
            "<",
        ),
    ];
    for (src, msg, loc) in cases {
        let x = perr(src);
        assert_eq!(x.message, msg, "{src}");
        assert_eq!(at(src, &x), loc, "{src}");
    }
}

#[test]
fn annotations() {
    let p = policy("@id(\"a\\n\") @advice @if(\"x\") permit(principal, action, resource);");
    let keys: Vec<_> = p
        .annotations
        .iter()
        .map(|a| (a.key.as_str(), a.value.clone()))
        .collect();
    assert_eq!(
        keys,
        [
            ("id", Some("a\n".into())),
            ("advice", None),
            ("if", Some("x".into()))
        ]
    );
    assert_eq!(p.annotation("advice"), Some(""));
    let ps = parse_policies("@x(\"1\") permit(principal, action, resource);").unwrap();
    assert_eq!(ps[0].annotations[0].loc, Loc::new(0, 7));
}

#[test]
fn conditions_in_order() {
    let p = policy(
        "permit(principal, action, resource) when { true } unless { false } when { 1 == 1 };",
    );
    let kinds: Vec<_> = p.conditions.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [
            ConditionKind::When,
            ConditionKind::Unless,
            ConditionKind::When
        ]
    );
}

#[test]
fn every_broken_policy_is_reported() {
    let errs = parse_policies(
        "permit(principal, action, resource) when { 1 + };\npermit(principal, action, resource);\nforbid(principal, action);",
    )
    .unwrap_err();
    assert_eq!(errs.len(), 2);
}

#[test]
fn parse_policy_wants_exactly_one() {
    assert!(parse_policy("permit(principal, action, resource);", "x".into()).is_ok());
    let two = "permit(principal, action, resource); permit(principal, action, resource);";
    assert!(parse_policy(two, "x".into()).is_err());
    assert!(parse_policy("", "x".into()).is_err());
}

#[test]
fn entity_uids_and_names() {
    assert_eq!(
        parse_entity_uid(r#"NS::User::"a""#).unwrap(),
        uid("NS::User", "a")
    );
    assert_eq!(parse_name("NS::User").unwrap(), Name::new("NS::User"));
    assert!(parse_entity_uid("User").is_err());
    assert!(parse_entity_uid(r#"User::"a" x"#).is_err());
    assert!(parse_name("NS::").is_err());
    assert!(parse_name("in").is_err());
}

// ---- depth and size limits ----

/// Runs `f` in a thread with a 2 MiB stack, like the test harness's default.
fn small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no stack overflow");
}

fn assert_too_deep(src: String) {
    let x = parse_expr(&src).unwrap_err();
    assert_eq!(
        x.0[0].message,
        format!("expression is nested too deeply (limit {MAX_EXPR_DEPTH})")
    );
}

#[test]
fn deep_inputs_are_errors_not_crashes() {
    small_stack(|| {
        let n = 100_000;
        assert_too_deep(format!("{}1{}", "(".repeat(n), ")".repeat(n)));
        assert_too_deep(format!("{}1{}", "[".repeat(n), "]".repeat(n)));
        assert_too_deep(format!("1{}", " + 1".repeat(n)));
        assert_too_deep(format!("context{}", ".a".repeat(n)));
        assert_too_deep(format!("{}true", "if true then 1 else ".repeat(n)));
        assert_too_deep(format!("{}true", "if ".repeat(n)));
        assert_too_deep(format!("{}1{}", "{a: ".repeat(n), "}".repeat(n)));
        assert_too_deep(format!("{}1{}", "(-".repeat(n), ")".repeat(n)));
        assert_too_deep(format!("{}1{}", "decimal(".repeat(n), ")".repeat(n)));
        // A run of 100,000 prefix operators is rejected at the fifth.
        assert!(parse_expr(&format!("{}true", "!".repeat(n))).is_err());
        assert!(parse_expr(&format!("{}1", "-".repeat(n))).is_err());
    });
}

#[test]
fn the_deepest_allowed_trees_parse() {
    small_stack(|| {
        // 255 `+` make a tree 256 deep; one more is too many.
        let ok = format!("1{}", " + 1".repeat(MAX_EXPR_DEPTH - 1));
        assert!(parse_expr(&ok).is_ok());
        assert_too_deep(format!("1{}", " + 1".repeat(MAX_EXPR_DEPTH)));
        let ok = format!(
            "{}1{}",
            "[".repeat(MAX_EXPR_DEPTH - 1),
            "]".repeat(MAX_EXPR_DEPTH - 1)
        );
        assert!(parse_expr(&ok).is_ok());
        assert_too_deep(format!(
            "{}1{}",
            "[".repeat(MAX_EXPR_DEPTH),
            "]".repeat(MAX_EXPR_DEPTH)
        ));
        // Parentheses add no node but still count against the parser's nesting.
        let ok = format!(
            "{}1{}",
            "(".repeat(MAX_EXPR_DEPTH - 1),
            ")".repeat(MAX_EXPR_DEPTH - 1)
        );
        assert!(parse_expr(&ok).is_ok());
    });
}

#[test]
fn every_nesting_construct_stays_within_the_stack() {
    // Each opener nests one expression inside another through a different path of
    // the parser; at the nesting limit they must fail cleanly, not overflow.
    let openers = [
        ("(", ")"),
        ("[", "]"),
        ("{a: ", "}"),
        ("decimal(", ")"),
        ("context.contains(", ")"),
        ("if true then 1 else (", ")"),
        ("if (", ") then 1 else 2"),
        ("!(", ")"),
        ("-(", ")"),
        ("1 || 1 && 1 == 1 + 1 * (", ")"),
        ("principal is User in (", ")"),
        ("(context has a.b.c) && (", ")"),
        ("[{a: if true then (", ") else 1}]"),
    ];
    small_stack(move || {
        for (open, close) in openers {
            for n in [MAX_EXPR_DEPTH - 1, MAX_EXPR_DEPTH, MAX_EXPR_DEPTH + 1] {
                let src = format!("{}true{}", open.repeat(n), close.repeat(n));
                let _ = parse_expr(&src);
            }
        }
    });
}

#[test]
fn huge_flat_inputs_parse() {
    let s = format!("\"{}\"", "x".repeat(1 << 20));
    assert!(matches!(e(&s).kind, ExprKind::Lit(Literal::String(ref v)) if v.len() == 1 << 20));
    let set = format!("[{}]", vec!["1"; 100_000].join(", "));
    assert!(matches!(e(&set).kind, ExprKind::Set(ref v) if v.len() == 100_000));
    let rec = format!(
        "{{{}}}",
        (0..20_000)
            .map(|i| format!("a{i}: {i}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    assert!(parse_expr(&rec).is_ok());
}

// ---- robustness ----

mod fuzz {
    use super::*;
    use crate::arbitrary;
    use crate::format::format_policy;
    use proptest::collection::vec;
    use proptest::prelude::*;
    use proptest::sample::select;

    const TOKENS: &[&str] = &[
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ",",
        ";",
        "::",
        ".",
        "@",
        "\"",
        "\\",
        "-",
        "!",
        "==",
        "<",
        "in",
        "is",
        "has",
        "like",
        "if",
        "then",
        "else",
        "when",
        "?principal",
        "?x",
        "9223372036854775808",
        "principal",
        "permit",
        "//",
        "\n",
        " ",
    ];

    /// The largest char boundary of `s` at or before `i`.
    fn boundary(s: &str, i: usize) -> usize {
        let mut i = i.min(s.len());
        while !s.is_char_boundary(i) {
            i -= 1;
        }
        i
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_text(src in "(?s).{0,200}") {
            let _ = parse_policies(&src);
            let _ = parse_expr(&src);
            let _ = parse_entity_uid(&src);
            let _ = parse_name(&src);
        }

        #[test]
        fn never_panics_on_arbitrary_bytes(bytes in vec(any::<u8>(), 0..200)) {
            let src = String::from_utf8_lossy(&bytes);
            let _ = parse_policies(&src);
        }

        #[test]
        fn never_panics_on_mutated_policies(
            p in arbitrary::policy(3),
            edits in vec((any::<usize>(), any::<bool>(), 1usize..6, select(TOKENS)), 1..6),
        ) {
            let mut src = format_policy(&p);
            for (at, insert, len, tok) in edits {
                let start = boundary(&src, at % (src.len() + 1));
                if insert {
                    src.insert_str(start, tok);
                } else {
                    let end = boundary(&src, start + len);
                    src.replace_range(start..end, "");
                }
            }
            if let Err(errs) = parse_policies(&src) {
                prop_assert!(!errs.is_empty());
                for e in &errs {
                    prop_assert!(e.loc.start <= e.loc.end && e.loc.end as usize <= src.len());
                }
            }
        }
    }
}
