//! Canonical printing of policies and expressions.
//!
//! The output follows the style of Cedar's own formatter: annotations on their
//! own lines, the scope on one line when it fits in 80 columns and one
//! constraint per line otherwise, each condition on its own line, and only the
//! parentheses that precedence and the non-associative relations require.
//! Expressions are printed on one line.
//!
//! Parsing the output gives back the same policies (equal up to source
//! locations, with ids in order). Comments are not part of the syntax tree, so
//! they are not preserved.

use std::fmt::Write as _;

use crate::ast::{
    ActionConstraint, BinaryOp, ConditionKind, EntityRef, Expr, ExprKind, Literal, Pattern,
    PatternElem, Policy, ScopeConstraint, UnaryOp,
};
use crate::parser::is_valid_ident;
use crate::value::{write_quoted, EntityUid};

/// Lines longer than this are split where the layout allows.
const WIDTH: usize = 80;

/// Cedar accepts at most this many `!` or `-` in a row.
const MAX_PREFIX_RUN: usize = 4;

/// Binding strengths, loosest first.
const IF: u8 = 0;
const OR: u8 = 1;
const AND: u8 = 2;
const REL: u8 = 3;
const ADD: u8 = 4;
const MUL: u8 = 5;
const UNARY: u8 = 6;
const MEMBER: u8 = 7;
const PRIMARY: u8 = 8;

/// Formats a policy set: policies in order, separated by blank lines.
pub fn format_policies(policies: &[Policy]) -> String {
    let mut out = String::new();
    for (i, p) in policies.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format_policy(p));
        out.push('\n');
    }
    out
}

/// Formats one policy or template, without a trailing newline.
pub fn format_policy(p: &Policy) -> String {
    let mut out = String::new();
    for a in &p.annotations {
        out.push('@');
        out.push_str(&a.key);
        if let Some(v) = &a.value {
            out.push('(');
            quote(&mut out, v);
            out.push(')');
        }
        out.push('\n');
    }
    let scope = [
        scope_constraint("principal", &p.principal),
        action_constraint(&p.action),
        scope_constraint("resource", &p.resource),
    ];
    let one_line = format!("{} ({})", p.effect, scope.join(", "));
    if one_line.len() <= WIDTH {
        out.push_str(&one_line);
    } else {
        let _ = write!(out, "{} (\n  {}\n)", p.effect, scope.join(",\n  "));
    }
    for c in &p.conditions {
        let word = match c.kind {
            ConditionKind::When => "when",
            ConditionKind::Unless => "unless",
        };
        let body = format_expr(&c.body);
        if word.len() + body.len() + 6 <= WIDTH {
            let _ = write!(out, "\n{word} {{ {body} }}");
        } else {
            let _ = write!(out, "\n{word} {{\n  {body}\n}}");
        }
    }
    out.push(';');
    out
}

/// Formats an expression on one line.
pub fn format_expr(e: &Expr) -> String {
    let mut out = String::new();
    write_expr(&mut out, e, IF);
    out
}

fn quote(out: &mut String, s: &str) {
    // Writing to a `String` cannot fail.
    let _ = write_quoted(out, s);
}

fn uid(u: &EntityUid) -> String {
    u.to_string()
}

fn entity_ref(r: &EntityRef) -> String {
    match r {
        EntityRef::Uid(u) => uid(u),
        EntityRef::Slot(s) => s.to_string(),
    }
}

fn scope_constraint(var: &str, c: &ScopeConstraint) -> String {
    match c {
        ScopeConstraint::Any => var.to_owned(),
        ScopeConstraint::Eq(r) => format!("{var} == {}", entity_ref(r)),
        ScopeConstraint::In(r) => format!("{var} in {}", entity_ref(r)),
        ScopeConstraint::Is(t) => format!("{var} is {t}"),
        ScopeConstraint::IsIn(t, r) => format!("{var} is {t} in {}", entity_ref(r)),
    }
}

fn action_constraint(c: &ActionConstraint) -> String {
    match c {
        ActionConstraint::Any => "action".to_owned(),
        ActionConstraint::Eq(u) => format!("action == {}", uid(u)),
        ActionConstraint::In(u) => format!("action in {}", uid(u)),
        ActionConstraint::InList(us) => {
            let items: Vec<String> = us.iter().map(uid).collect();
            format!("action in [{}]", items.join(", "))
        }
    }
}

/// How tightly `e` binds when printed without parentheses.
fn precedence(e: &Expr) -> u8 {
    match &e.kind {
        ExprKind::If { .. } => IF,
        ExprKind::Or(..) => OR,
        ExprKind::And(..) => AND,
        ExprKind::Binary(op, ..) => binary_precedence(*op),
        ExprKind::HasAttr { .. } | ExprKind::Like(..) | ExprKind::Is { .. } => REL,
        ExprKind::Unary(..) => UNARY,
        ExprKind::Lit(Literal::Long(n)) if *n < 0 => UNARY,
        ExprKind::GetAttr { .. } | ExprKind::MethodCall { .. } => MEMBER,
        _ => PRIMARY,
    }
}

fn binary_precedence(op: BinaryOp) -> u8 {
    match op {
        BinaryOp::Add | BinaryOp::Sub => ADD,
        BinaryOp::Mul => MUL,
        _ => REL,
    }
}

/// Writes `e`, in parentheses if it binds more loosely than `min`.
fn write_expr(out: &mut String, e: &Expr, min: u8) {
    if precedence(e) < min {
        out.push('(');
        write_bare(out, e);
        out.push(')');
    } else {
        write_bare(out, e);
    }
}

fn write_list(out: &mut String, items: &[Expr]) {
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_expr(out, x, IF);
    }
}

/// Writes an attribute name after `.`, or as `["…"]` if it is not an identifier.
fn write_attr(out: &mut String, attr: &str, bracket: bool) {
    if bracket || !is_valid_ident(attr) {
        out.push('[');
        quote(out, attr);
        out.push(']');
    } else {
        out.push('.');
        out.push_str(attr);
    }
}

fn write_bare(out: &mut String, e: &Expr) {
    match &e.kind {
        ExprKind::Lit(lit) => match lit {
            Literal::Bool(b) => {
                let _ = write!(out, "{b}");
            }
            Literal::Long(n) => {
                let _ = write!(out, "{n}");
            }
            Literal::String(s) => quote(out, s),
            Literal::Entity(u) => out.push_str(&uid(u)),
        },
        ExprKind::Var(v) => {
            let _ = write!(out, "{v}");
        }
        ExprKind::Slot(s) => {
            let _ = write!(out, "{s}");
        }
        ExprKind::If {
            cond,
            then_expr,
            else_expr,
        } => {
            out.push_str("if ");
            write_expr(out, cond, IF);
            out.push_str(" then ");
            write_expr(out, then_expr, IF);
            out.push_str(" else ");
            write_expr(out, else_expr, IF);
        }
        ExprKind::Or(l, r) => {
            write_expr(out, l, OR);
            out.push_str(" || ");
            write_expr(out, r, OR + 1);
        }
        ExprKind::And(l, r) => {
            write_expr(out, l, AND);
            out.push_str(" && ");
            write_expr(out, r, AND + 1);
        }
        ExprKind::Binary(op, l, r) => {
            let p = binary_precedence(*op);
            // Relations do not chain: both sides bind tighter. The others are
            // left-associative.
            let left = if p == REL { REL + 1 } else { p };
            write_expr(out, l, left);
            let _ = write!(out, " {} ", op.symbol());
            write_expr(out, r, p + 1);
        }
        ExprKind::Unary(op, x) => write_unary(out, *op, x, 1),
        ExprKind::GetAttr {
            expr,
            attr,
            bracket,
        } => {
            write_expr(out, expr, MEMBER);
            write_attr(out, attr, *bracket);
        }
        ExprKind::HasAttr { expr, attr, quoted } => {
            write_expr(out, expr, REL + 1);
            out.push_str(" has ");
            if *quoted || !is_valid_ident(attr) {
                quote(out, attr);
            } else {
                out.push_str(attr);
            }
        }
        ExprKind::Like(x, pattern) => {
            write_expr(out, x, REL + 1);
            out.push_str(" like ");
            write_pattern(out, pattern);
        }
        ExprKind::Is {
            expr,
            entity_type,
            in_expr,
        } => {
            write_expr(out, expr, REL + 1);
            let _ = write!(out, " is {entity_type}");
            if let Some(x) = in_expr {
                out.push_str(" in ");
                write_expr(out, x, REL + 1);
            }
        }
        ExprKind::Set(items) => {
            out.push('[');
            write_list(out, items);
            out.push(']');
        }
        ExprKind::Record(entries) => {
            if entries.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push_str("{ ");
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                if is_valid_ident(k) {
                    out.push_str(k);
                } else {
                    quote(out, k);
                }
                out.push_str(": ");
                write_expr(out, v, IF);
            }
            out.push_str(" }");
        }
        ExprKind::MethodCall {
            method,
            receiver,
            args,
        } => {
            write_expr(out, receiver, MEMBER);
            let _ = write!(out, ".{}(", method.name());
            write_list(out, args);
            out.push(')');
        }
        ExprKind::Call { func, args } => {
            let _ = write!(out, "{}(", func.name());
            write_list(out, args);
            out.push(')');
        }
    }
}

/// Writes `op x`, where `run` counts the `op`s already written in a row: Cedar
/// allows four, a `-` folds into a following integer literal, and `!` and `-`
/// cannot be adjacent, so parentheses go wherever the text would read otherwise.
fn write_unary(out: &mut String, op: UnaryOp, x: &Expr, run: usize) {
    out.push(match op {
        UnaryOp::Not => '!',
        UnaryOp::Neg => '-',
    });
    match (&x.kind, op) {
        (ExprKind::Unary(inner, y), _) if *inner == op && run < MAX_PREFIX_RUN => {
            write_unary(out, op, y, run + 1)
        }
        (ExprKind::Lit(Literal::Long(n)), UnaryOp::Neg) if *n < 0 && run < MAX_PREFIX_RUN => {
            write_bare(out, x)
        }
        // `-5` would be read as the literal -5.
        (ExprKind::Lit(Literal::Long(_)), UnaryOp::Neg) => {
            out.push('(');
            write_bare(out, x);
            out.push(')');
        }
        _ => write_expr(out, x, MEMBER),
    }
}

fn write_pattern(out: &mut String, p: &Pattern) {
    let mut s = String::from("\"");
    for elem in &p.elems {
        match elem {
            PatternElem::Wildcard => s.push('*'),
            PatternElem::Char('*') => s.push_str("\\*"),
            PatternElem::Char(c) => {
                let mut one = String::new();
                quote(&mut one, c.encode_utf8(&mut [0; 4]));
                s.push_str(one.get(1..one.len() - 1).unwrap_or(""));
            }
        }
    }
    s.push('"');
    out.push_str(&s);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arbitrary::{self, expr_without_locs, without_locs};
    use crate::parser::{parse_expr, parse_policies};
    use proptest::prelude::*;

    fn round_trip(src: &str) -> String {
        let e = parse_expr(src).unwrap();
        let out = format_expr(&e);
        assert_eq!(
            expr_without_locs(&parse_expr(&out).unwrap()),
            expr_without_locs(&e),
            "{src} printed as {out}"
        );
        out
    }

    #[test]
    fn minimal_parentheses() {
        assert_eq!(round_trip("(1 + 2) * 3"), "(1 + 2) * 3");
        assert_eq!(round_trip("1 + (2 * 3)"), "1 + 2 * 3");
        assert_eq!(round_trip("1 - (2 - 3)"), "1 - (2 - 3)");
        assert_eq!(round_trip("(1 < 2) == true"), "(1 < 2) == true");
        assert_eq!(
            round_trip("(true || false) && true"),
            "(true || false) && true"
        );
        assert_eq!(round_trip("-(5)"), "-(5)");
        assert_eq!(round_trip("--5"), "--5");
        assert_eq!(round_trip("(-5).foo"), "(-5).foo");
        assert_eq!(round_trip("!(-5)"), "!(-5)");
        assert_eq!(
            round_trip("1 + (if true then 1 else 2)"),
            "1 + (if true then 1 else 2)"
        );
        assert_eq!(round_trip("context[\"a b\"].c"), "context[\"a b\"].c");
        assert_eq!(round_trip("{\"a b\": 1, c: [2]}"), "{ \"a b\": 1, c: [2] }");
        assert_eq!(
            round_trip(r#"context like "a*\*""#),
            r#"context like "a*\*""#
        );
        assert_eq!(
            round_trip("principal is NS::User in (Group::\"g\")"),
            "principal is NS::User in Group::\"g\""
        );
    }

    #[test]
    fn long_prefix_runs_get_parentheses() {
        let mut e = parse_expr("true").unwrap();
        for _ in 0..6 {
            e = Expr::new(ExprKind::Unary(UnaryOp::Not, Box::new(e)));
        }
        let out = format_expr(&e);
        assert_eq!(out, "!!!!(!!true)");
        assert_eq!(
            expr_without_locs(&parse_expr(&out).unwrap()),
            expr_without_locs(&e)
        );
    }

    #[test]
    fn policy_layout() {
        let src = "@id(\"a\") @advice permit(principal == User::\"alice\", action, resource) when { context.x == 1 } unless { false };";
        let ps = parse_policies(src).unwrap();
        assert_eq!(
            format_policies(&ps),
            "@id(\"a\")\n@advice\npermit (principal == User::\"alice\", action, resource)\nwhen { context.x == 1 }\nunless { false };\n"
        );
        let long = "permit(principal in Organization::\"a rather long organization name\", action in [Action::\"view\", Action::\"edit\"], resource is Photo in ?resource);";
        let out = format_policies(&parse_policies(long).unwrap());
        assert_eq!(
            out,
            "permit (\n  principal in Organization::\"a rather long organization name\",\n  action in [Action::\"view\", Action::\"edit\"],\n  resource is Photo in ?resource\n);\n"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn expressions_round_trip(e in arbitrary::expr(6)) {
            let out = format_expr(&e);
            let parsed = parse_expr(&out).map_err(|err| TestCaseError::fail(format!("{out}: {err}")))?;
            prop_assert_eq!(expr_without_locs(&parsed), e, "printed as {}", out);
        }

        #[test]
        fn policies_round_trip(ps in proptest::collection::vec(arbitrary::policy(4), 0..4)) {
            let ps: Vec<Policy> = ps
                .into_iter()
                .enumerate()
                .map(|(i, p)| Policy { id: format!("policy{i}").into(), ..p })
                .collect();
            let out = format_policies(&ps);
            let parsed = parse_policies(&out).map_err(|err| TestCaseError::fail(format!("{out}: {err}")))?;
            let parsed: Vec<Policy> = parsed.iter().map(without_locs).collect();
            prop_assert_eq!(parsed, ps, "printed as {}", out);
        }
    }
}
