//! The trees produced for individual constructs.

use super::*;

#[test]
fn precedence_and_associativity_follow_lean() {
    let cases = [
        ("a + b * c", "(a + (b * c))"),
        ("a * b + c", "((a * b) + c)"),
        ("a - b - c", "((a - b) - c)"),
        ("x :: y :: zs", "(x :: (y :: zs))"),
        ("a ^ b ^ c", "(a ^ (b ^ c))"),
        ("f x y + g z", "((f x y) + (g z))"),
        ("¬ a = b", "(¬ (a = b))"),
        ("¬ a ∧ b", "((¬ a) ∧ b)"),
        ("a ∧ b ∨ c ↔ d", "(((a ∧ b) ∨ c) ↔ d)"),
        ("A → B → C", "(A → (B → C))"),
        ("a = b → c", "((a = b) → c)"),
        ("f -1", "(f - 1)"),
        ("- a + b", "((- a) + b)"),
        ("xs ++ ys = zs", "((xs ++ ys) = zs)"),
        ("f <$> x <*> y", "((f <$> x) <*> y)"),
        ("a ∈ s ∧ b ≠ c", "((a ∈ s) ∧ (b ≠ c))"),
    ];
    for (src, expected) in cases {
        assert_eq!(grouping(&term(src)), expected, "{src}");
    }
}

#[test]
fn non_associative_operators_do_not_chain() {
    assert!(parse_term("a = b = c", &core()).is_err());
}

#[test]
fn application_arguments_and_projections() {
    let t = term("f (x := 1) y.1 (g z).foo.bar @h .ctor");
    let TermKind::App(f, args) = &t.kind else {
        panic!("{t:?}")
    };
    assert_eq!(f.kind, TermKind::Ident("f".into()));
    assert_eq!(args.len(), 5);
    assert!(matches!(&args[0], Arg::Named(n, _) if n == "x"));
    let Arg::Positional(p) = &args[1] else {
        panic!()
    };
    assert!(matches!(&p.kind, TermKind::Proj(_, Projection::Index(1))));
    let Arg::Positional(p) = &args[2] else {
        panic!()
    };
    let TermKind::Proj(inner, Projection::Named(bar)) = &p.kind else {
        panic!("{p:?}")
    };
    assert_eq!(bar, "bar");
    assert!(matches!(&inner.kind, TermKind::Proj(_, Projection::Named(foo)) if foo == "foo"));
    let Arg::Positional(p) = &args[3] else {
        panic!()
    };
    assert_eq!(p.kind, TermKind::Explicit("h".into()));
    let Arg::Positional(p) = &args[4] else {
        panic!()
    };
    assert_eq!(p.kind, TermKind::DotIdent("ctor".into()));
    // Dotted names stay single identifiers for the elaborator to resolve.
    assert_eq!(term("xs.length").kind, TermKind::Ident("xs.length".into()));
}

#[test]
fn binders_and_dependent_arrows() {
    let t = term("(x y : Nat) → {α : Type u} → [BEq α] → P x");
    let TermKind::Pi(b, body) = &t.kind else {
        panic!("{t:?}")
    };
    assert_eq!(b.names, vec!["x", "y"]);
    assert_eq!(b.info, BinderInfo::Explicit);
    let TermKind::Pi(b2, body2) = &body.kind else {
        panic!()
    };
    assert_eq!(b2.info, BinderInfo::Implicit);
    assert!(matches!(
        &b2.ty,
        Some(Term {
            kind: TermKind::Sort(SortKind::Type, Some(_)),
            ..
        })
    ));
    let TermKind::Pi(b3, _) = &body2.kind else {
        panic!()
    };
    assert_eq!(b3.info, BinderInfo::InstImplicit);
    assert!(b3.names.is_empty());
    // An ascription not followed by an arrow stays an ascription.
    assert!(matches!(term("(x : Nat)").kind, TermKind::Ascription(..)));
    let t = term("∀ x y : Nat, ∃ (z : Nat) (w : Nat), x = z");
    let TermKind::Forall(bs, body) = &t.kind else {
        panic!()
    };
    assert_eq!(bs.len(), 1);
    assert_eq!(bs[0].names, vec!["x", "y"]);
    assert!(matches!(&body.kind, TermKind::Exists(bs, _) if bs.len() == 2));
    assert!(matches!(
        term("forall x, exists y, x").kind,
        TermKind::Forall(..)
    ));
}

#[test]
fn sorts_and_levels() {
    let t = term("Sort (max u (v + 1))");
    let TermKind::Sort(SortKind::Sort, Some(l)) = &t.kind else {
        panic!("{t:?}")
    };
    let LevelKind::Max(args) = &l.kind else {
        panic!()
    };
    assert!(matches!(&args[1].kind, LevelKind::Add(_, 1)));
    // In argument position `Type` takes no level.
    let t = term("List Type");
    assert!(matches!(&t.kind, TermKind::App(_, args) if args.len() == 1));
    assert_eq!(term("Prop").kind, TermKind::Sort(SortKind::Prop, None));
    assert_eq!(l.to_string(), "max u (v + 1)");
}

#[test]
fn fun_forms() {
    for src in [
        "fun x y => x",
        "λ x y ↦ x",
        "fun (x : Nat) {y} => x",
        "fun x : Nat => x",
    ] {
        assert!(matches!(term(src).kind, TermKind::Fun(..)), "{src}");
    }
    let t = term("fun ⟨a, b⟩ (c, d) => a");
    let TermKind::Fun(bs, _) = &t.kind else {
        panic!()
    };
    assert!(matches!(&bs[0], FunBinder::Pattern(p) if matches!(p.kind, PatternKind::AnonCtor(_))));
    assert!(matches!(&bs[1], FunBinder::Pattern(p) if matches!(p.kind, PatternKind::Tuple(_))));
    let t = term("fun | 0 => 1 | n + 1 => n");
    let TermKind::FunMatch(alts) = &t.kind else {
        panic!()
    };
    assert!(
        matches!(&alts[1].patterns[0].kind, PatternKind::Notation(n, _) if n.shape() == "_ + _")
    );
    // `fun` extends as far right as possible.
    let t = term("f fun x => x + 1");
    assert!(matches!(&t.kind, TermKind::App(_, args) if args.len() == 1));
}

#[test]
fn patterns_are_converted_from_terms() {
    let t = term(
        "match xs, n with | x :: .cons y [], n + 1 => 0 | _, (k : Nat) => 1 | ⟨a, b⟩, 'c' => 2",
    );
    let TermKind::Match(discrs, alts) = &t.kind else {
        panic!()
    };
    assert_eq!(discrs.len(), 2);
    let PatternKind::Notation(_, args) = &alts[0].patterns[0].kind else {
        panic!()
    };
    let PatternKind::App(head, inner) = &args[1].kind else {
        panic!("{:?}", args[1])
    };
    assert_eq!(head.kind, PatternKind::DotIdent("cons".into()));
    assert_eq!(inner[1].kind, PatternKind::List(vec![]));
    assert!(matches!(alts[1].patterns[1].kind, PatternKind::Typed(..)));
    assert_eq!(alts[2].patterns[1].kind, PatternKind::Char('c'));
    let err = parse_term("match x with | fun y => y => 1", &core());
    assert!(err.is_err_and(|e| e.message.contains("invalid pattern")));
}

#[test]
fn let_have_show_if() {
    let t = term("let x := 1\nlet y : Nat := x\nx + y");
    let TermKind::Let(d, body) = &t.kind else {
        panic!()
    };
    assert_eq!(d.lhs, LetLhs::Name(Some("x".into())));
    assert!(matches!(&body.kind, TermKind::Let(d, _) if d.ty.is_some()));
    let t = term("have h : p := hp; have := h; h");
    assert!(matches!(&t.kind, TermKind::Have(..)));
    assert!(matches!(term("show T from e").kind, TermKind::Show(..)));
    let t = term("show T by simp");
    assert!(matches!(&t.kind, TermKind::Show(_, p) if matches!(p.kind, TermKind::By(_))));
    let t = term("if h : a = b then x else y");
    assert!(matches!(&t.kind, TermKind::If(Some(h), ..) if h == "h"));
    let t = term("let ⟨a, b⟩ := p; a");
    assert!(matches!(&t.kind, TermKind::Let(d, _) if matches!(d.lhs, LetLhs::Pattern(_))));
}

#[test]
fn brackets_and_structure_instances() {
    assert!(matches!(term("[1, 2, 3]").kind, TermKind::List(v) if v.len() == 3));
    assert!(matches!(term("⟨a, b⟩").kind, TermKind::AnonCtor(v) if v.len() == 2));
    assert!(matches!(term("(a, b, c)").kind, TermKind::Tuple(v) if v.len() == 3));
    assert_eq!(term("()").kind, TermKind::Tuple(vec![]));
    let t = term("{ x := 1, y := 2 }");
    assert!(matches!(&t.kind, TermKind::StructInst(None, f) if f.len() == 2));
    let t = term("{ s with\n  x := 1\n  y := f\n    2 }");
    let TermKind::StructInst(Some(_), fields) = &t.kind else {
        panic!()
    };
    assert_eq!(fields.len(), 2);
    assert!(matches!(&fields[1].1.kind, TermKind::App(..)));
    assert_eq!(term("{}").kind, TermKind::StructInst(None, vec![]));
    assert!(matches!(term("(· + 1)").kind, TermKind::Notation(..)));
}

#[test]
fn do_blocks() {
    let t = term("do\n  let x ← f\n  if x then\n    return 1\n  pure x");
    let TermKind::Do(elems) = &t.kind else {
        panic!()
    };
    assert_eq!(elems.len(), 3);
    assert!(matches!(&elems[0], DoElem::Bind { .. }));
    assert!(matches!(&elems[1], DoElem::If(_, then, None) if then.len() == 1));
    assert!(matches!(&elems[2], DoElem::Expr(_)));
    let t = term("do let x ← f; pure x");
    assert!(matches!(&t.kind, TermKind::Do(e) if e.len() == 2));
    let t = term("do\n  for x in xs do\n    pure x\n  return");
    assert!(matches!(&t.kind, TermKind::Do(e) if matches!(e[1], DoElem::Return(None))));
}

#[test]
fn layout_of_tactic_blocks() {
    let tacs = parse_tactics("intro h\nexact f\n  h\napply g", &core()).unwrap_or_default();
    assert_eq!(tacs.len(), 3);
    assert!(matches!(&tacs[1].kind, TacticKind::Exact(t) if matches!(t.kind, TermKind::App(..))));
    let src = "constructor\n· simp\n  rfl\n· exact h <;> simp; omega";
    let tacs = parse_tactics(src, &core()).unwrap_or_default();
    assert_eq!(tacs.len(), 3);
    assert!(matches!(&tacs[1].kind, TacticKind::Focus(ts) if ts.len() == 2));
    let TacticKind::Focus(ts) = &tacs[2].kind else {
        panic!()
    };
    assert!(matches!(&ts[0].kind, TacticKind::Then(..)));
    assert_eq!(ts.len(), 2);
    let src = "cases h with\n| inl a =>\n  simp\n  exact a\n| inr b => exact b\nrfl";
    let tacs = parse_tactics(src, &core()).unwrap_or_default();
    assert_eq!(tacs.len(), 2);
    let TacticKind::Cases(_, alts) = &tacs[0].kind else {
        panic!()
    };
    assert_eq!(alts[0].tactics.len(), 2);
    assert_eq!(alts[1].names, vec!["b"]);
}

#[test]
fn nested_cases_keep_the_outer_alternatives() {
    let src = "cases h with\n| inl a =>\n  cases a with\n  | inl x => exact x\n  | inr y => exact y\n| inr b => exact b\nrfl";
    let tacs = parse_tactics(src, &core()).unwrap_or_default();
    assert_eq!(tacs.len(), 2);
    let TacticKind::Cases(_, outer) = &tacs[0].kind else {
        panic!("not a `cases`: {:?}", tacs[0].kind)
    };
    let ctors: Vec<&str> = outer.iter().map(|a| a.ctor.as_str()).collect();
    assert_eq!(ctors, ["inl", "inr"]);
    let TacticKind::Cases(_, inner) = &outer[0].tactics[0].kind else {
        panic!("not a nested `cases`")
    };
    assert_eq!(inner.len(), 2);
    // Indented alternatives.
    let src = "cases h with\n  | inl a => exact a\n  | inr b => exact b";
    let tacs = parse_tactics(src, &core()).unwrap_or_default();
    assert!(matches!(&tacs[0].kind, TacticKind::Cases(_, alts) if alts.len() == 2));
}

#[test]
fn tactic_details() {
    let t = parse_tactics("simp only [foo, ← bar, *] at h₁ h₂ ⊢", &core()).unwrap_or_default();
    let TacticKind::Simp {
        all: false,
        only: true,
        lemmas,
        loc,
    } = &t[0].kind
    else {
        panic!()
    };
    assert_eq!(lemmas.len(), 3);
    assert!(matches!(&lemmas[1], SimpLemma::Rule(r) if r.reverse));
    assert_eq!(lemmas[2], SimpLemma::Star);
    assert_eq!(
        loc,
        &Some(Location::Targets {
            hyps: vec!["h₁".into(), "h₂".into()],
            goal: true
        })
    );
    let t = parse_tactics("rcases h with ⟨x, y | z⟩ | w", &core()).unwrap_or_default();
    let TacticKind::Rcases(_, RcasesPat::Alts(alts)) = &t[0].kind else {
        panic!()
    };
    assert_eq!(alts.len(), 2);
    let t = parse_tactics("induction xs generalizing ys zs", &core()).unwrap_or_default();
    assert!(
        matches!(&t[0].kind, TacticKind::Induction(_, g, alts) if g.len() == 2 && alts.is_empty())
    );
    let t = parse_tactics("generalize h : f x = y", &core()).unwrap_or_default();
    assert!(matches!(&t[0].kind, TacticKind::Generalize(Some(h), _, y) if h == "h" && y == "y"));
}

#[test]
fn notation_commands_extend_the_table_for_later_commands() {
    let src = "def a := x <+> y\n";
    assert!(parse_file(src, &NotationTable::new()).is_err());
    let src = "infixl:65 \" <+> \" => myAdd\ninfixr:70 \" <*!> \" => myMul\n\
               def a := x <+> y <*!> z <+> w\n";
    let (cmds, table) = match parse_file(src, &NotationTable::new()) {
        Ok(r) => r,
        Err(e) => panic!("{}", e.render("t", src)),
    };
    assert_eq!(table.len(), 2);
    let CommandKind::Def(d) = &cmds[2].kind else {
        panic!()
    };
    let DefBody::Term(t) = &d.body else { panic!() };
    assert_eq!(grouping(t), "((x <+> (y <*!> z)) <+> w)");
    // The returned table can be merged into another file's table.
    let mut other = NotationTable::new();
    other.merge(&table);
    assert!(parse_term("a <+> b", &other).is_ok());
}

#[test]
fn mixfix_notation() {
    let src = "notation:max \"⟦\" a \"⟧\" => denote a\nnotation:50 a:51 \" ≈[\" r \"] \" b:51 => Rel r a b\n\
               #check ⟦x⟧ ≈[R] ⟦y⟧";
    let cmds = match parse_file(src, &core()) {
        Ok((c, _)) => c,
        Err(e) => panic!("{}", e.render("t", src)),
    };
    let CommandKind::Check(t) = &cmds[2].kind else {
        panic!()
    };
    assert_eq!(grouping(t), "((⟦ x ⟧) ≈[ R ] (⟦ y ⟧))");
    assert_eq!(t.to_string(), "⟦ x ⟧ ≈[ R ] ⟦ y ⟧");
}

#[test]
fn commands_shapes() {
    let src = "structure P where\n  x : Nat\n  y : Nat := 0\nclass inductive C | a\n\
               instance : Inhabited P where\n  default := ⟨0, 0⟩";
    let cmds = file(src);
    let CommandKind::Structure(s) = &cmds[0].kind else {
        panic!()
    };
    assert_eq!(s.fields.len(), 2);
    assert!(s.fields[1].default.is_some());
    assert!(matches!(&cmds[1].kind, CommandKind::Inductive(i) if i.is_class && i.ctors.len() == 1));
    let CommandKind::Def(d) = &cmds[2].kind else {
        panic!()
    };
    assert!(matches!(&d.body, DefBody::Fields(f) if f.len() == 1));
    assert_eq!(d.name, None);
}

#[test]
fn incremental_parser_yields_commands_one_at_a_time() {
    let mut p = Parser::new("def a := 1\ndef b := 2\n)", core());
    assert!(matches!(p.next_command(), Some(Ok(_))));
    assert!(matches!(p.next_command(), Some(Ok(_))));
    assert!(matches!(p.next_command(), Some(Err(_))));
    assert!(p.next_command().is_none());
}
