//! Property tests: printing then parsing gives the same tree, and the parser never
//! panics.

use proptest::prelude::*;

use super::*;

fn ident() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("x".to_string()),
        Just("y".to_string()),
        Just("f".to_string()),
        Just("α".to_string()),
        Just("h₁".to_string()),
        Just("List.cons".to_string()),
        Just("x'".to_string()),
    ]
}

fn t(kind: TermKind) -> Term {
    Term::new(kind, Span::default())
}

fn binder() -> impl Strategy<Value = Binder> {
    (
        prop::collection::vec(
            prop_oneof![Just("a".to_string()), Just("b".to_string())],
            1..3,
        ),
        prop_oneof![
            Just(BinderInfo::Explicit),
            Just(BinderInfo::Implicit),
            Just(BinderInfo::StrictImplicit)
        ],
    )
        .prop_map(|(names, info)| Binder {
            names,
            ty: Some(t(TermKind::Ident("Nat".into()))),
            info,
            span: Span::default(),
        })
}

fn leaf() -> impl Strategy<Value = Term> {
    prop_oneof![
        ident().prop_map(|n| t(TermKind::Ident(n))),
        (0u32..1000).prop_map(|n| t(TermKind::Num(n.to_string()))),
        "[a-z\"\\\\\n]{0,4}".prop_map(|s| t(TermKind::Str(s))),
        Just(t(TermKind::Hole)),
        Just(t(TermKind::Sorry)),
        Just(t(TermKind::SyntheticHole(None))),
        Just(t(TermKind::DotIdent("none".into()))),
        Just(t(TermKind::Explicit("id".into()))),
        Just(t(TermKind::Sort(SortKind::Prop, None))),
        Just(t(TermKind::Sort(SortKind::Type, None))),
        Just(t(TermKind::Char('\''))),
    ]
}

fn notation_term(table: &NotationTable, args: Vec<Term>, pick: usize) -> Option<Term> {
    let arity = args.len();
    let candidates: Vec<_> = table
        .notations()
        .iter()
        .filter(|n| n.vars.len() == arity)
        .cloned()
        .collect();
    let n = candidates.get(pick % candidates.len().max(1))?.clone();
    Some(t(TermKind::Notation(n, args)))
}

fn arb_term() -> impl Strategy<Value = Term> {
    let table = NotationTable::lean_core();
    leaf().prop_recursive(5, 48, 4, move |inner| {
        let table = table.clone();
        let table2 = table.clone();
        let b = |x: Term| Box::new(x);
        prop_oneof![
            (inner.clone(), prop::collection::vec(inner.clone(), 1..3)).prop_map(|(f, args)| {
                t(TermKind::App(
                    Box::new(f),
                    args.into_iter().map(Arg::Positional).collect(),
                ))
            }),
            (inner.clone(), inner.clone(), any::<usize>()).prop_filter_map(
                "binary notation",
                move |(a, c, k)| notation_term(&table, vec![a, c], k)
            ),
            (inner.clone(), any::<usize>()).prop_filter_map("unary notation", move |(a, k)| {
                notation_term(&table2, vec![a], k)
            }),
            (inner.clone(), inner.clone()).prop_map(move |(a, c)| t(TermKind::Arrow(b(a), b(c)))),
            (binder(), inner.clone())
                .prop_map(|(bd, body)| t(TermKind::Pi(Box::new(bd), Box::new(body)))),
            (prop::collection::vec(binder(), 1..3), inner.clone())
                .prop_map(|(bs, body)| t(TermKind::Forall(bs, Box::new(body)))),
            (prop::collection::vec(binder(), 1..3), inner.clone()).prop_map(|(bs, body)| {
                let bs = bs.into_iter().map(FunBinder::Binder).collect();
                t(TermKind::Fun(bs, Box::new(body)))
            }),
            (inner.clone(), inner.clone(), inner.clone()).prop_map(|(c, x, y)| {
                t(TermKind::If(None, Box::new(c), Box::new(x), Box::new(y)))
            }),
            (inner.clone(), inner.clone()).prop_map(|(v, body)| {
                let decl = LetDecl {
                    lhs: LetLhs::Name(Some("v".into())),
                    binders: vec![],
                    ty: None,
                    value: v,
                };
                t(TermKind::Let(Box::new(decl), Box::new(body)))
            }),
            (inner.clone(), inner.clone(), inner.clone()).prop_map(|(d, r1, r2)| {
                let alt = |p: &str, rhs: Term| MatchAlt {
                    patterns: vec![Pattern::new(PatternKind::Ident(p.into()), Span::default())],
                    rhs,
                    span: Span::default(),
                };
                let discr = Discriminant {
                    name: None,
                    term: d,
                };
                t(TermKind::Match(
                    vec![discr],
                    vec![alt("a", r1), alt("b", r2)],
                ))
            }),
            prop::collection::vec(inner.clone(), 0..3).prop_map(|v| t(TermKind::List(v))),
            prop::collection::vec(inner.clone(), 2..4).prop_map(|v| t(TermKind::Tuple(v))),
            prop::collection::vec(inner.clone(), 0..3).prop_map(|v| t(TermKind::AnonCtor(v))),
            (inner.clone(), inner.clone())
                .prop_map(|(e, ty)| t(TermKind::Ascription(Box::new(e), Box::new(ty)))),
            (inner.clone(), 1u32..4)
                .prop_map(|(e, i)| t(TermKind::Proj(Box::new(e), Projection::Index(i)))),
            (inner.clone(), ident()).prop_map(|(e, f)| {
                let f = f.replace('.', "_");
                t(TermKind::Proj(Box::new(e), Projection::Named(f)))
            }),
            (inner.clone(), inner.clone())
                .prop_map(|(f, x)| t(TermKind::PipeLeft(Box::new(f), Box::new(x)))),
            (inner.clone(), inner.clone())
                .prop_map(|(x, f)| t(TermKind::PipeRight(Box::new(x), Box::new(f)))),
            inner.clone().prop_map(|e| {
                let tac = Tactic::new(TacticKind::Exact(e), Span::default());
                t(TermKind::By(vec![tac.clone(), tac]))
            }),
            inner.clone().prop_map(|e| t(TermKind::Do(vec![
                DoElem::Bind {
                    mutable: false,
                    lhs: Pattern::new(PatternKind::Ident("r".into()), Span::default()),
                    ty: None,
                    value: e.clone(),
                },
                DoElem::Expr(e),
            ]))),
            (inner.clone(), inner).prop_map(|(base, v)| t(TermKind::StructInst(
                Some(Box::new(base)),
                vec![("x".into(), v)]
            ))),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn printing_then_parsing_is_the_identity(term in arb_term()) {
        let printed = term.to_string();
        let reparsed = parse_term(&printed, &core());
        prop_assert!(reparsed.is_ok(), "{printed}\n{:?}", reparsed.err().map(|e| e.render("p", &printed)));
        prop_assert_eq!(reparsed.ok(), Some(term), "{}", printed);
    }

    #[test]
    fn parser_never_panics_on_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let src = String::from_utf8_lossy(&bytes);
        let _ = parse_file(&src, &core());
        let _ = parse_term(&src, &core());
    }

    #[test]
    fn parser_never_panics_on_mutated_files(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, "[ (){}\\[\\]⟨⟩|:=,.\\n a-z0-9·←→\"'-]{0,3}"), 1..6)
    ) {
        let mut src = super::KITCHEN_SINK.to_string();
        for (at, op, text) in edits {
            let mut i = at.index(src.len() + 1);
            while !src.is_char_boundary(i) {
                i -= 1;
            }
            let end = (i..=src.len()).find(|&j| j >= i + 3 && src.is_char_boundary(j)).unwrap_or(src.len());
            match op {
                0 => src.insert_str(i, &text),
                1 => src.replace_range(i..end, ""),
                2 => src.replace_range(i..end, &text),
                _ => src.insert(i, '\n'),
            }
        }
        if let Ok((cmds, _)) = parse_file(&src, &core()) {
            // Whatever parsed must print and re-parse to the same commands.
            let printed: Vec<String> = cmds.iter().map(|c| c.to_string()).collect();
            let printed = printed.join("\n\n");
            let again = parse_file(&printed, &core()).map(|(c, _)| c);
            prop_assert_eq!(again.ok(), Some(cmds), "{}", printed);
        }
    }
}
