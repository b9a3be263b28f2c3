//! Patterns are parsed as terms and converted; printing converts them back.

use super::ast::*;
use super::error::ParseError;
use super::parser::PResult;

/// Converts a parsed term into a pattern, rejecting terms that are not patterns.
pub fn to_pattern(t: Term) -> PResult<Pattern> {
    let span = t.span;
    let invalid =
        |what: &str| ParseError::new(span.start, span.end, format!("invalid pattern: {what}"));
    let kind = match t.kind {
        TermKind::Hole => PatternKind::Wildcard,
        TermKind::Ident(n) => PatternKind::Ident(n),
        TermKind::DotIdent(n) => PatternKind::DotIdent(n),
        TermKind::Explicit(n) => PatternKind::Explicit(n),
        TermKind::Num(n) => PatternKind::Num(n),
        TermKind::Str(s) => PatternKind::Str(s),
        TermKind::Char(c) => PatternKind::Char(c),
        TermKind::App(head, args) => {
            if !matches!(
                head.kind,
                TermKind::Ident(_) | TermKind::DotIdent(_) | TermKind::Explicit(_)
            ) {
                return Err(invalid(
                    "the head of an application must be a constructor name",
                ));
            }
            let head = to_pattern(*head)?;
            let args = args
                .into_iter()
                .map(|a| match a {
                    Arg::Positional(t) => to_pattern(t),
                    Arg::Named(..) => Err(invalid("named arguments are not allowed")),
                })
                .collect::<PResult<Vec<_>>>()?;
            PatternKind::App(Box::new(head), args)
        }
        TermKind::Notation(n, args) => {
            PatternKind::Notation(n, args.into_iter().map(to_pattern).collect::<PResult<_>>()?)
        }
        TermKind::AnonCtor(elems) => {
            PatternKind::AnonCtor(elems.into_iter().map(to_pattern).collect::<PResult<_>>()?)
        }
        TermKind::Tuple(elems) => {
            PatternKind::Tuple(elems.into_iter().map(to_pattern).collect::<PResult<_>>()?)
        }
        TermKind::List(elems) => {
            PatternKind::List(elems.into_iter().map(to_pattern).collect::<PResult<_>>()?)
        }
        TermKind::Ascription(p, ty) => PatternKind::Typed(Box::new(to_pattern(*p)?), ty),
        _ => return Err(invalid("expected a constructor, variable, literal or `_`")),
    };
    Ok(Pattern::new(kind, span))
}

/// The term a pattern was parsed from (used for printing).
pub fn to_term(p: &Pattern) -> Term {
    let terms = |ps: &[Pattern]| ps.iter().map(to_term).collect::<Vec<_>>();
    let kind = match &p.kind {
        PatternKind::Wildcard => TermKind::Hole,
        PatternKind::Ident(n) => TermKind::Ident(n.clone()),
        PatternKind::DotIdent(n) => TermKind::DotIdent(n.clone()),
        PatternKind::Explicit(n) => TermKind::Explicit(n.clone()),
        PatternKind::Num(n) => TermKind::Num(n.clone()),
        PatternKind::Str(s) => TermKind::Str(s.clone()),
        PatternKind::Char(c) => TermKind::Char(*c),
        PatternKind::App(head, args) => TermKind::App(
            Box::new(to_term(head)),
            args.iter().map(|a| Arg::Positional(to_term(a))).collect(),
        ),
        PatternKind::Notation(n, args) => TermKind::Notation(n.clone(), terms(args)),
        PatternKind::AnonCtor(elems) => TermKind::AnonCtor(terms(elems)),
        PatternKind::Tuple(elems) => TermKind::Tuple(terms(elems)),
        PatternKind::List(elems) => TermKind::List(terms(elems)),
        PatternKind::Typed(p, ty) => TermKind::Ascription(Box::new(to_term(p)), ty.clone()),
    };
    Term::new(kind, p.span)
}
