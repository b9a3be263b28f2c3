//! Parsing terms: a Pratt parser over Lean's precedences, driven by the notation table.

use std::sync::Arc;

use super::ast::*;
use super::lexer::TokKind;
use super::notation::{Item, Notation, ARG_PREC, LEAD_PREC, MAX_PREC};
use super::parser::{PResult, Parser};
use super::pattern::to_pattern;

impl Parser<'_> {
    /// A term at the lowest precedence.
    pub(crate) fn term(&mut self) -> PResult<Term> {
        self.term_prec(0)
    }

    /// A term whose precedence is at least `min`.
    pub(crate) fn term_prec(&mut self, min: u32) -> PResult<Term> {
        self.enter()?;
        let result = self.term_inner(min);
        self.leave();
        result
    }

    fn term_inner(&mut self, min: u32) -> PResult<Term> {
        let start = self.peek().span.start;
        let (mut lhs, mut prec) = self.leading(min)?;
        if prec < min {
            return Err(crate::syntax::ParseError::new(
                start,
                self.prev_end(),
                "this term must be parenthesized here",
            ));
        }
        let mut chain = 0;
        while !self.stops_here() {
            match self.trailing(lhs, prec, min)? {
                Ok((term, p)) => {
                    chain += 1;
                    self.check_chain(chain)?;
                    lhs = term;
                    prec = p;
                }
                Err(term) => {
                    lhs = term;
                    break;
                }
            }
        }
        Ok(lhs)
    }

    pub(crate) fn span_from(&self, start: usize) -> Span {
        Span::new(start, self.prev_end().max(start))
    }

    pub(crate) fn mk(&self, kind: TermKind, start: usize) -> Term {
        Term::new(kind, self.span_from(start))
    }

    /// Whether the next token can start a term.
    pub(crate) fn can_start_term(&self) -> bool {
        match &self.peek().kind {
            TokKind::Ident(_) | TokKind::Num(_) | TokKind::Str(_) | TokKind::Char(_) => true,
            TokKind::Sym(s) => {
                matches!(
                    s.as_str(),
                    "(" | "["
                        | "⟨"
                        | "{"
                        | "⦃"
                        | "_"
                        | "?"
                        | "@"
                        | "."
                        | "·"
                        | "sorry"
                        | "Prop"
                        | "Type"
                        | "Sort"
                        | "fun"
                        | "λ"
                        | "∀"
                        | "forall"
                        | "∃"
                        | "exists"
                        | "let"
                        | "have"
                        | "show"
                        | "if"
                        | "match"
                        | "do"
                        | "by"
                        | "calc"
                ) || self.table.leading(s).next().is_some()
            }
            _ => false,
        }
    }

    /// Whether the next token can start an application argument.
    fn can_start_arg(&self) -> bool {
        let tok = self.peek();
        match &tok.kind {
            TokKind::Ident(_) | TokKind::Num(_) | TokKind::Str(_) | TokKind::Char(_) => true,
            TokKind::Sym(s) => match s.as_str() {
                "(" | "[" | "⟨" | "{" | "_" | "?" | "@" | "·" | "sorry" | "Prop" | "Type"
                | "Sort" | "fun" | "λ" => true,
                "do" => !self.no_do,
                "." => {
                    tok.space_before
                        && matches!(self.peek_at(1).kind, TokKind::Ident(_))
                        && !self.peek_at(1).space_before
                }
                _ => self.table.leading(s).any(|n| n.prec >= ARG_PREC),
            },
            _ => false,
        }
    }

    fn leading(&mut self, min: u32) -> PResult<(Term, u32)> {
        let tok = self.peek().clone();
        let start = tok.span.start;
        let sym = match &tok.kind {
            TokKind::Ident(name) => {
                self.advance();
                return Ok((Term::new(TermKind::Ident(name.clone()), tok.span), MAX_PREC));
            }
            TokKind::Num(n) => {
                self.advance();
                return Ok((Term::new(TermKind::Num(n.clone()), tok.span), MAX_PREC));
            }
            TokKind::Str(s) => {
                self.advance();
                return Ok((Term::new(TermKind::Str(s.clone()), tok.span), MAX_PREC));
            }
            TokKind::Char(c) => {
                self.advance();
                return Ok((Term::new(TermKind::Char(*c), tok.span), MAX_PREC));
            }
            TokKind::Sym(s) => s.clone(),
            _ => return Err(self.unexpected("a term")),
        };
        let atom = |p: &mut Self, kind: TermKind| {
            p.advance();
            Ok((Term::new(kind, tok.span), MAX_PREC))
        };
        match sym.as_str() {
            "_" => atom(self, TermKind::Hole),
            "sorry" => atom(self, TermKind::Sorry),
            "·" => atom(self, TermKind::Cdot),
            "Prop" => atom(self, TermKind::Sort(SortKind::Prop, None)),
            "?" | "@" | "." => self.leading_prefixed_name(&sym, start),
            "Type" | "Sort" => self.leading_sort(&sym, start, min),
            "(" => self.paren(min),
            "[" => self.bracket(min),
            "{" => self.brace(min),
            "⦃" => self.leading_strict_pi(start, min),
            "⟨" => self.leading_anon_ctor(start),
            "fun" | "λ" => self.leading_fun(start),
            "∀" | "forall" | "∃" | "exists" => self.leading_quantifier(&sym, start),
            "let" | "have" => self.leading_let_have(&sym, start),
            "show" => self.leading_show(start),
            "if" => self.leading_if_then_else(start),
            "match" => self.leading_match(start),
            "do" => self.leading_do_block(start),
            "by" => self.leading_by_block(start),
            "calc" => self.leading_calc(start),
            _ => {
                let candidate = self.table.leading(&sym).find(|n| n.prec >= min).cloned();
                match candidate {
                    Some(n) => {
                        self.advance();
                        let args = self.notation_rest(&n, 1)?;
                        let prec = n.prec;
                        Ok((self.mk(TermKind::Notation(n, args), start), prec))
                    }
                    None => Err(self.unexpected("a term")),
                }
            }
        }
    }

    /// Parses the items of `n` from index `from` on, returning the sub-terms.
    fn notation_rest(&mut self, n: &Arc<Notation>, from: usize) -> PResult<Vec<Term>> {
        let mut args = Vec::new();
        for item in n.items.iter().skip(from) {
            match item {
                Item::Atom(a) => {
                    self.expect(a)?;
                }
                Item::Var(p) => args.push(self.term_prec(*p)?),
            }
        }
        Ok(args)
    }

    /// Tries one trailing construct; gives `lhs` back when none applies.
    fn trailing(
        &mut self,
        lhs: Term,
        lhs_prec: u32,
        min: u32,
    ) -> PResult<Result<(Term, u32), Term>> {
        let start = lhs.span.start;
        let tok = self.peek().clone();
        // Projection: `e.1`, `e.field` with no spaces around the dot.
        if tok.is(".") && !tok.space_before && !self.peek_at(1).space_before {
            let next = self.peek_at(1).clone();
            let fields: Vec<Projection> = match &next.kind {
                TokKind::Num(n) => match n.parse::<u32>() {
                    Ok(i) if i >= 1 => vec![Projection::Index(i)],
                    _ => return Err(self.error_at(&next, "invalid projection index")),
                },
                TokKind::Ident(name) => name
                    .split('.')
                    .map(|f| Projection::Named(f.to_string()))
                    .collect(),
                _ => return Ok(Err(lhs)),
            };
            self.advance();
            self.advance();
            let span = self.span_from(start);
            let term = fields.into_iter().fold(lhs, |acc, field| {
                Term::new(TermKind::Proj(Box::new(acc), field), span)
            });
            return Ok(Ok((term, MAX_PREC)));
        }
        let sym = match &tok.kind {
            TokKind::Sym(sym) => sym.as_str(),
            _ => "",
        };
        // A declared trailing notation takes priority over application (`n !` with a
        // postfix `!`, even though `!` also starts a prefix notation).
        let candidate = self
            .table
            .trailing(sym)
            .find(|n| n.prec >= min && n.trailing_atom().is_some_and(|(p, _)| lhs_prec >= p))
            .cloned();
        if let Some(n) = candidate {
            self.advance();
            let mut args = vec![lhs];
            args.extend(self.notation_rest(&n, 2)?);
            let prec = n.prec;
            return Ok(Ok((self.mk(TermKind::Notation(n, args), start), prec)));
        }
        if lhs_prec >= MAX_PREC && min <= LEAD_PREC && self.can_start_arg() {
            let mut args = Vec::new();
            while !self.stops_here() && self.can_start_arg() {
                args.push(self.arg()?);
            }
            let term = self.mk(TermKind::App(Box::new(lhs), args), start);
            return Ok(Ok((term, LEAD_PREC)));
        }
        let builtin = match sym {
            "→" | "->" => Some((25, 26, 25)),
            "<|" | "$" => Some((10, 11, 10)),
            "|>" => Some((10, 10, 11)),
            _ => None,
        };
        if let Some((prec, lhs_min, rhs_min)) = builtin {
            if prec < min || lhs_prec < lhs_min {
                return Ok(Err(lhs));
            }
            self.advance();
            let rhs = Box::new(self.term_prec(rhs_min)?);
            let lhs = Box::new(lhs);
            let kind = match sym {
                "|>" => TermKind::PipeRight(lhs, rhs),
                "<|" | "$" => TermKind::PipeLeft(lhs, rhs),
                _ => TermKind::Arrow(lhs, rhs),
            };
            return Ok(Ok((self.mk(kind, start), prec)));
        }
        Ok(Err(lhs))
    }

    pub(crate) fn error_at(&self, tok: &super::lexer::Token, msg: &str) -> super::ParseError {
        super::ParseError::new(tok.span.start, tok.span.end, msg)
    }

    fn arg(&mut self) -> PResult<Arg> {
        let named = self.is("(")
            && matches!(&self.peek_at(1).kind, TokKind::Ident(n) if !n.contains('.'))
            && self.is_at(2, ":=");
        if !named {
            return Ok(Arg::Positional(self.term_prec(ARG_PREC)?));
        }
        self.advance();
        let name = self.binder_name()?;
        self.advance();
        let value = self.with_pos(None, |p| p.term())?;
        self.expect(")")?;
        Ok(Arg::Named(name, value))
    }

    /// Terms separated by `,` up to the closing token (which is consumed).
    pub(crate) fn comma_terms(&mut self, close: &str) -> PResult<Vec<Term>> {
        let mut elems = Vec::new();
        if self.eat(close) {
            return Ok(elems);
        }
        loop {
            elems.push(self.term()?);
            if !self.eat(",") {
                break;
            }
        }
        self.expect(close)?;
        Ok(elems)
    }

    fn paren(&mut self, min: u32) -> PResult<(Term, u32)> {
        let start = self.advance().span.start;
        enum Inner {
            Plain(Term),
            Typed(Term, Term),
            Tuple(Vec<Term>),
        }
        let inner = self.with_pos(None, |p| {
            if p.eat(")") {
                return Ok(Inner::Tuple(Vec::new()));
            }
            let e = p.term()?;
            if p.eat(":") {
                let ty = p.term()?;
                p.expect(")")?;
                return Ok(Inner::Typed(e, ty));
            }
            if p.is(",") {
                let mut elems = vec![e];
                while p.eat(",") {
                    elems.push(p.term()?);
                }
                p.expect(")")?;
                return Ok(Inner::Tuple(elems));
            }
            p.expect(")")?;
            Ok(Inner::Plain(e))
        })?;
        match inner {
            Inner::Plain(e) => Ok((e, MAX_PREC)),
            Inner::Tuple(elems) => Ok((self.mk(TermKind::Tuple(elems), start), MAX_PREC)),
            Inner::Typed(e, ty) => {
                if min <= 25 && self.at_arrow() {
                    if let Some(names) = binder_names(&e) {
                        let binder = Binder {
                            names,
                            ty: Some(ty),
                            info: BinderInfo::Explicit,
                            span: self.span_from(start),
                        };
                        return self.pi_after_binder(binder, start, min);
                    }
                }
                let kind = TermKind::Ascription(Box::new(e), Box::new(ty));
                Ok((self.mk(kind, start), MAX_PREC))
            }
        }
    }

    fn at_arrow(&self) -> bool {
        !self.stops_here() && (self.is("→") || self.is("->"))
    }

    /// After a binder, `→ body` making a dependent arrow.
    pub(crate) fn pi_after_binder(
        &mut self,
        binder: Binder,
        start: usize,
        min: u32,
    ) -> PResult<(Term, u32)> {
        if min > 25 || !self.at_arrow() {
            return Err(self.unexpected("`→` after a binder"));
        }
        self.advance();
        let body = self.term_prec(25)?;
        Ok((
            self.mk(TermKind::Pi(Box::new(binder), Box::new(body)), start),
            25,
        ))
    }

    fn bracket(&mut self, min: u32) -> PResult<(Term, u32)> {
        let start = self.peek().span.start;
        if self.is_binder_name_at(1) && self.is_at(2, ":") {
            let binder = self.bracketed_binder()?;
            return self.pi_after_binder(binder, start, min);
        }
        self.advance();
        let elems = self.with_pos(None, |p| p.comma_terms("]"))?;
        if elems.len() == 1 && min <= 25 && self.at_arrow() {
            let binder = Binder {
                names: Vec::new(),
                ty: elems.into_iter().next(),
                info: BinderInfo::InstImplicit,
                span: self.span_from(start),
            };
            return self.pi_after_binder(binder, start, min);
        }
        Ok((self.mk(TermKind::List(elems), start), MAX_PREC))
    }

    fn brace(&mut self, min: u32) -> PResult<(Term, u32)> {
        let start = self.peek().span.start;
        // `{x y : T} → U` or `{x} → U`.
        let mut k = 1;
        while self.is_binder_name_at(k) {
            k += 1;
        }
        if k > 1 && (self.is_at(k, ":") || self.is_at(k, "}")) {
            let binder = self.bracketed_binder()?;
            return self.pi_after_binder(binder, start, min);
        }
        self.advance();
        let (base, fields) = self.with_pos(None, |p| {
            if p.eat("}") {
                return Ok((None, Vec::new()));
            }
            let base = if p.is_binder_name_at(0) && p.is_at(1, ":=") {
                None
            } else {
                let b = p.term()?;
                p.expect("with")?;
                Some(Box::new(b))
            };
            let col = p.peek().col;
            let mut fields = Vec::new();
            while !p.is("}") {
                let (name, _) = p.expect_ident()?;
                p.expect(":=")?;
                let value = p.with_pos(Some(col), |p| p.term())?;
                fields.push((name, value));
                if !p.eat(",") && !p.peek().first_on_line {
                    break;
                }
            }
            p.expect("}")?;
            Ok((base, fields))
        })?;
        Ok((self.mk(TermKind::StructInst(base, fields), start), MAX_PREC))
    }

    /// A bracketed binder `(x y : T)`, `{x}`, `⦃x : T⦄`, `[C α]` or `[inst : C α]`.
    pub(crate) fn bracketed_binder(&mut self) -> PResult<Binder> {
        let open = self.advance();
        let (info, close) = match &open.kind {
            TokKind::Sym(s) if s == "(" => (BinderInfo::Explicit, ")"),
            TokKind::Sym(s) if s == "{" => (BinderInfo::Implicit, "}"),
            TokKind::Sym(s) if s == "⦃" => (BinderInfo::StrictImplicit, "⦄"),
            TokKind::Sym(s) if s == "[" => (BinderInfo::InstImplicit, "]"),
            _ => return Err(self.error_at(&open, "expected a binder")),
        };
        let start = open.span.start;
        let (names, ty) = self.with_pos(None, |p| {
            if info == BinderInfo::InstImplicit {
                let names = if p.is_binder_name_at(0) && p.is_at(1, ":") {
                    let n = p.binder_name()?;
                    p.advance();
                    vec![n]
                } else {
                    Vec::new()
                };
                let ty = p.term()?;
                p.expect(close)?;
                return Ok((names, Some(ty)));
            }
            let mut names = vec![p.binder_name()?];
            while p.is_binder_name_at(0) {
                names.push(p.binder_name()?);
            }
            let ty = if p.eat(":") { Some(p.term()?) } else { None };
            p.expect(close)?;
            Ok((names, ty))
        })?;
        Ok(Binder {
            names,
            ty,
            info,
            span: self.span_from(start),
        })
    }

    fn is_bracket_open(&self) -> bool {
        self.is("(") || self.is("{") || self.is("⦃") || self.is("[")
    }

    /// Whether a `(` starts a binder: `(x y : T)` or `(x)`.
    fn paren_is_binder(&self) -> bool {
        let mut k = 1;
        while self.is_binder_name_at(k) {
            k += 1;
        }
        k > 1 && (self.is_at(k, ":") || self.is_at(k, ")"))
    }

    /// Binders of a declaration signature: bracketed binders or bare names.
    pub(crate) fn signature_binders(&mut self) -> PResult<Vec<Binder>> {
        let mut binders = Vec::new();
        while !self.stops_here() {
            if self.is_bracket_open() {
                binders.push(self.bracketed_binder()?);
            } else if self.is_binder_name_at(0) {
                let span = self.peek().span;
                let name = self.binder_name()?;
                binders.push(Binder {
                    names: vec![name],
                    ty: None,
                    info: BinderInfo::Explicit,
                    span,
                });
            } else {
                break;
            }
        }
        Ok(binders)
    }

    /// Binders of `∀`/`∃`: bracketed binders, bare names, optionally `x y : T`.
    pub(crate) fn quantifier_binders(&mut self) -> PResult<Vec<Binder>> {
        let mut binders = Vec::new();
        loop {
            if self.is_bracket_open() {
                binders.push(self.bracketed_binder()?);
            } else if self.is_binder_name_at(0) {
                let start = self.peek().span.start;
                let mut names = Vec::new();
                while self.is_binder_name_at(0) {
                    names.push(self.binder_name()?);
                }
                if self.eat(":") {
                    let ty = Some(self.term()?);
                    let span = self.span_from(start);
                    binders.push(Binder {
                        names,
                        ty,
                        info: BinderInfo::Explicit,
                        span,
                    });
                    break;
                }
                for name in names {
                    let span = self.span_from(start);
                    binders.push(Binder {
                        names: vec![name],
                        ty: None,
                        info: BinderInfo::Explicit,
                        span,
                    });
                }
            } else {
                break;
            }
        }
        if binders.is_empty() {
            return Err(self.unexpected("a binder"));
        }
        Ok(binders)
    }

    pub(crate) fn fun_binders(&mut self) -> PResult<Vec<FunBinder>> {
        let mut binders = Vec::new();
        loop {
            if self.is("=>") || self.is("↦") {
                break;
            }
            if self.is_binder_name_at(0) {
                let start = self.peek().span.start;
                let mut names = Vec::new();
                while self.is_binder_name_at(0) {
                    names.push(self.binder_name()?);
                }
                if self.eat(":") {
                    let ty = Some(self.term()?);
                    let span = self.span_from(start);
                    let b = Binder {
                        names,
                        ty,
                        info: BinderInfo::Explicit,
                        span,
                    };
                    binders.push(FunBinder::Binder(b));
                    break;
                }
                for name in names {
                    let span = self.span_from(start);
                    let b = Binder {
                        names: vec![name],
                        ty: None,
                        info: BinderInfo::Explicit,
                        span,
                    };
                    binders.push(FunBinder::Binder(b));
                }
            } else if (self.is("(") && self.paren_is_binder())
                || self.is("{")
                || self.is("⦃")
                || self.is("[")
            {
                binders.push(FunBinder::Binder(self.bracketed_binder()?));
            } else if self.is("(") || self.is("⟨") {
                let t = self.term_prec(MAX_PREC)?;
                binders.push(FunBinder::Pattern(to_pattern(t)?));
            } else {
                break;
            }
        }
        if binders.is_empty() {
            return Err(self.unexpected("a binder"));
        }
        Ok(binders)
    }

    pub(crate) fn let_decl(&mut self, is_have: bool) -> PResult<LetDecl> {
        let lhs = if self.is_binder_name_at(0) {
            LetLhs::Name(Some(self.binder_name()?))
        } else if self.is("⟨") || (self.is("(") && !is_have) {
            LetLhs::Pattern(to_pattern(self.term_prec(MAX_PREC)?)?)
        } else if is_have {
            LetLhs::Name(None)
        } else {
            return Err(self.unexpected("a name or pattern"));
        };
        let binders = if matches!(lhs, LetLhs::Name(Some(_))) {
            let mut bs = Vec::new();
            while self.is_bracket_open() {
                bs.push(self.bracketed_binder()?);
            }
            bs
        } else {
            Vec::new()
        };
        let ty = if self.eat(":") {
            Some(self.term()?)
        } else {
            None
        };
        self.expect(":=")?;
        let value = self.term()?;
        Ok(LetDecl {
            lhs,
            binders,
            ty,
            value,
        })
    }

    /// `| pats => rhs` alternatives (at least one).
    pub(crate) fn match_alts(&mut self) -> PResult<Vec<MatchAlt>> {
        let mut alts = Vec::new();
        if !self.is("|") {
            return Err(self.unexpected("`|`"));
        }
        while self.is("|") {
            let start = self.advance().span.start;
            let mut patterns = Vec::new();
            loop {
                patterns.push(to_pattern(self.term()?)?);
                if !self.eat(",") {
                    break;
                }
            }
            self.expect("=>")?;
            let rhs = self.term()?;
            alts.push(MatchAlt {
                patterns,
                rhs,
                span: self.span_from(start),
            });
        }
        Ok(alts)
    }

    pub(crate) fn can_start_level(&self) -> bool {
        !self.stops_here()
            && match &self.peek().kind {
                TokKind::Ident(_) | TokKind::Num(_) => true,
                TokKind::Sym(s) => s == "_" || s == "(",
                _ => false,
            }
    }

    /// A universe level: `u`, `0`, `_`, `u + 1`, `max u v`, `imax u v`, `(l)`.
    pub(crate) fn level(&mut self) -> PResult<Level> {
        self.nested(|p| {
            let start = p.peek().span.start;
            let mut level = if p.is_ident("max") || p.is_ident("imax") {
                let is_max = p.is_ident("max");
                p.advance();
                let mut args = vec![p.level_atom()?];
                while p.can_start_level() {
                    args.push(p.level_atom()?);
                }
                let kind = if is_max {
                    LevelKind::Max(args)
                } else {
                    LevelKind::IMax(args)
                };
                Level::new(kind, p.span_from(start))
            } else {
                p.level_atom()?
            };
            while p.is("+") && matches!(p.peek_at(1).kind, TokKind::Num(_)) {
                p.advance();
                let n = p.level_num()?;
                level = Level::new(LevelKind::Add(Box::new(level), n), p.span_from(start));
            }
            Ok(level)
        })
    }

    fn level_num(&mut self) -> PResult<u32> {
        let tok = self.advance();
        match &tok.kind {
            TokKind::Num(n) => n
                .parse::<u32>()
                .map_err(|_| self.error_at(&tok, "universe level literal is too large")),
            _ => Err(self.error_at(&tok, "expected a number")),
        }
    }

    /// A level in argument position: a name, a number, `_` or a parenthesized level.
    pub(crate) fn level_atom(&mut self) -> PResult<Level> {
        let tok = self.peek().clone();
        match &tok.kind {
            TokKind::Num(_) => {
                let n = self.level_num()?;
                Ok(Level::new(LevelKind::Num(n), tok.span))
            }
            TokKind::Ident(name) if name != "max" && name != "imax" => {
                self.advance();
                Ok(Level::new(LevelKind::Param(name.clone()), tok.span))
            }
            TokKind::Sym(s) if s == "_" => {
                self.advance();
                Ok(Level::new(LevelKind::Hole, tok.span))
            }
            TokKind::Sym(s) if s == "(" => {
                self.advance();
                let level = self.with_pos(None, |p| p.level())?;
                self.expect(")")?;
                Ok(level)
            }
            _ => Err(self.unexpected("a universe level")),
        }
    }
}

/// The names of `x`, `_` or `x y z` used as the names of a binder `(x y : T) → U`.
fn binder_names(t: &Term) -> Option<Vec<Name>> {
    let name = |t: &Term| match &t.kind {
        TermKind::Ident(n) if !n.contains('.') => Some(n.clone()),
        TermKind::Hole => Some("_".to_string()),
        _ => None,
    };
    match &t.kind {
        TermKind::App(f, args) => {
            let mut names = vec![name(f)?];
            for a in args {
                match a {
                    Arg::Positional(t) => names.push(name(t)?),
                    Arg::Named(..) => return None,
                }
            }
            Some(names)
        }
        _ => Some(vec![name(t)?]),
    }
}
