//! The leading term constructs introduced by a keyword or bracket (`fun`, `∀`, `let`,
//! `match`, `do`, `by`, …). Each has its own function so that the parser's recursion
//! keeps small stack frames. Also `do` sequences and `calc` chains.

use super::ast::*;
use super::lexer::TokKind;
use super::notation::{ARG_PREC, LEAD_PREC, MAX_PREC};
use super::parser::{PResult, Parser};
use super::pattern::to_pattern;

impl Parser<'_> {
    /// The leading construct introduced by `?` | `@` | `.`.
    #[inline(never)]
    pub(crate) fn leading_prefixed_name(
        &mut self,
        sym: &str,
        start: usize,
    ) -> PResult<(Term, u32)> {
        self.advance();
        let next = self.peek().clone();
        if next.space_before {
            return Err(self.unexpected(&format!("a name right after `{sym}`")));
        }
        let kind = match (&next.kind, sym) {
            (TokKind::Sym(u), "?") if u == "_" => TermKind::SyntheticHole(None),
            (TokKind::Ident(n), "?") => TermKind::SyntheticHole(Some(n.clone())),
            (TokKind::Ident(n), "@") => TermKind::Explicit(n.clone()),
            (TokKind::Ident(n), _) => TermKind::DotIdent(n.clone()),
            _ => return Err(self.unexpected(&format!("a name after `{sym}`"))),
        };
        self.advance();
        Ok((self.mk(kind, start), MAX_PREC))
    }

    /// The leading construct introduced by `Type` | `Sort`.
    #[inline(never)]
    pub(crate) fn leading_sort(
        &mut self,
        sym: &str,
        start: usize,
        min: u32,
    ) -> PResult<(Term, u32)> {
        self.advance();
        let kind = if sym == "Type" {
            SortKind::Type
        } else {
            SortKind::Sort
        };
        if min <= LEAD_PREC && self.can_start_level() {
            let level = self.level_atom()?;
            Ok((self.mk(TermKind::Sort(kind, Some(level)), start), LEAD_PREC))
        } else {
            Ok((self.mk(TermKind::Sort(kind, None), start), MAX_PREC))
        }
    }

    /// The leading construct introduced by `⦃`.
    #[inline(never)]
    pub(crate) fn leading_strict_pi(&mut self, start: usize, min: u32) -> PResult<(Term, u32)> {
        let binder = self.bracketed_binder()?;
        self.pi_after_binder(binder, start, min)
    }

    /// The leading construct introduced by `⟨`.
    #[inline(never)]
    pub(crate) fn leading_anon_ctor(&mut self, start: usize) -> PResult<(Term, u32)> {
        self.advance();
        let elems = self.with_pos(None, |p| p.comma_terms("⟩"))?;
        Ok((self.mk(TermKind::AnonCtor(elems), start), MAX_PREC))
    }

    /// The leading construct introduced by `fun` | `λ`.
    #[inline(never)]
    pub(crate) fn leading_fun(&mut self, start: usize) -> PResult<(Term, u32)> {
        self.advance();
        let kind = if self.is("|") {
            TermKind::FunMatch(self.match_alts()?)
        } else {
            let binders = self.fun_binders()?;
            if !self.eat("=>") && !self.eat("↦") {
                return Err(self.unexpected("`=>`"));
            }
            TermKind::Fun(binders, Box::new(self.term()?))
        };
        Ok((self.mk(kind, start), MAX_PREC))
    }

    /// The leading construct introduced by `∀` | `forall` | `∃` | `exists`.
    #[inline(never)]
    pub(crate) fn leading_quantifier(&mut self, sym: &str, start: usize) -> PResult<(Term, u32)> {
        self.advance();
        let binders = self.quantifier_binders()?;
        self.expect(",")?;
        let body = Box::new(self.term()?);
        let kind = if sym == "∀" || sym == "forall" {
            TermKind::Forall(binders, body)
        } else {
            TermKind::Exists(binders, body)
        };
        Ok((self.mk(kind, start), LEAD_PREC))
    }

    /// The leading construct introduced by `let` | `have`.
    #[inline(never)]
    pub(crate) fn leading_let_have(&mut self, sym: &str, start: usize) -> PResult<(Term, u32)> {
        let col = self.advance().col;
        let decl = self.with_pos(Some(col), |p| p.let_decl(sym == "have"))?;
        if !self.eat(";") && !self.peek().first_on_line {
            return Err(self.unexpected("`;` or a line break"));
        }
        let body = Box::new(self.term()?);
        let decl = Box::new(decl);
        let kind = if sym == "let" {
            TermKind::Let(decl, body)
        } else {
            TermKind::Have(decl, body)
        };
        Ok((self.mk(kind, start), LEAD_PREC))
    }

    /// The leading construct introduced by `show`.
    #[inline(never)]
    pub(crate) fn leading_show(&mut self, start: usize) -> PResult<(Term, u32)> {
        self.advance();
        let ty = Box::new(self.term()?);
        let proof = if self.eat("from") {
            self.term()?
        } else if self.is("by") {
            let by_start = self.advance().span.start;
            let tactics = self.tactic_seq()?;
            self.mk(TermKind::By(tactics), by_start)
        } else {
            return Err(self.unexpected("`from` or `by`"));
        };
        Ok((
            self.mk(TermKind::Show(ty, Box::new(proof)), start),
            LEAD_PREC,
        ))
    }

    /// The leading construct introduced by `if`.
    #[inline(never)]
    pub(crate) fn leading_if_then_else(&mut self, start: usize) -> PResult<(Term, u32)> {
        self.advance();
        let hyp = if self.is_binder_name_at(0) && self.is_at(1, ":") {
            let name = self.binder_name()?;
            self.advance();
            Some(name)
        } else {
            None
        };
        let cond = Box::new(self.term()?);
        self.expect("then")?;
        let then = Box::new(self.term()?);
        self.expect("else")?;
        let els = Box::new(self.term()?);
        Ok((
            self.mk(TermKind::If(hyp, cond, then, els), start),
            LEAD_PREC,
        ))
    }

    /// The leading construct introduced by `match`.
    #[inline(never)]
    pub(crate) fn leading_match(&mut self, start: usize) -> PResult<(Term, u32)> {
        self.advance();
        let mut discrs = Vec::new();
        loop {
            let name = if self.is_binder_name_at(0) && self.is_at(1, ":") {
                let name = self.binder_name()?;
                self.advance();
                Some(name)
            } else {
                None
            };
            discrs.push(Discriminant {
                name,
                term: self.term()?,
            });
            if !self.eat(",") {
                break;
            }
        }
        self.expect("with")?;
        let alts = self.match_alts()?;
        Ok((self.mk(TermKind::Match(discrs, alts), start), LEAD_PREC))
    }

    /// The leading construct introduced by `do`.
    #[inline(never)]
    pub(crate) fn leading_do_block(&mut self, start: usize) -> PResult<(Term, u32)> {
        self.advance();
        let elems = self.do_seq()?;
        Ok((self.mk(TermKind::Do(elems), start), ARG_PREC))
    }

    /// The leading construct introduced by `by`.
    #[inline(never)]
    pub(crate) fn leading_by_block(&mut self, start: usize) -> PResult<(Term, u32)> {
        self.advance();
        let tactics = self.tactic_seq()?;
        Ok((self.mk(TermKind::By(tactics), start), LEAD_PREC))
    }

    /// The leading construct introduced by `calc`.
    #[inline(never)]
    pub(crate) fn leading_calc(&mut self, start: usize) -> PResult<(Term, u32)> {
        self.advance();
        let steps = self.calc_steps()?;
        Ok((self.mk(TermKind::Calc(steps), start), LEAD_PREC))
    }

    /// A `do` sequence: elements aligned at the column of the first one, or separated by `;`.
    pub(crate) fn do_seq(&mut self) -> PResult<Vec<DoElem>> {
        self.nested(|p| {
            let col = p.peek().col;
            p.with_pos(Some(col), |p| {
                let mut elems = Vec::new();
                loop {
                    elems.push(p.do_elem()?);
                    if p.eat(";") {
                        continue;
                    }
                    let tok = p.peek();
                    let aligned = tok.first_on_line && tok.col == col;
                    if !(aligned && (p.can_start_term() || p.starts_do_keyword())) {
                        break;
                    }
                }
                Ok(elems)
            })
        })
    }

    fn starts_do_keyword(&self) -> bool {
        ["return", "unless", "for"].iter().any(|k| self.is(k))
    }

    fn do_elem(&mut self) -> PResult<DoElem> {
        if self.eat("let") {
            let mutable = self.eat("mut");
            let lhs = to_pattern(self.term_prec(MAX_PREC)?)?;
            let ty = if self.eat(":") {
                Some(self.term()?)
            } else {
                None
            };
            if self.eat(":=") {
                let value = self.term()?;
                return Ok(DoElem::Let {
                    mutable,
                    lhs,
                    ty,
                    value,
                });
            }
            if self.eat("←") || self.eat("<-") {
                let value = self.term()?;
                return Ok(DoElem::Bind {
                    mutable,
                    lhs,
                    ty,
                    value,
                });
            }
            return Err(self.unexpected("`:=` or `←`"));
        }
        if self.eat("return") {
            if self.stops_here() || !self.can_start_term() {
                return Ok(DoElem::Return(None));
            }
            return Ok(DoElem::Return(Some(self.term()?)));
        }
        if self.eat("if") {
            let cond = self.term()?;
            self.expect("then")?;
            let then = self.do_seq()?;
            let els = if self.eat("else") {
                Some(self.do_seq()?)
            } else {
                None
            };
            return Ok(DoElem::If(cond, then, els));
        }
        if self.eat("unless") {
            let cond = self.term_no_do()?;
            self.expect("do")?;
            return Ok(DoElem::Unless(cond, self.do_seq()?));
        }
        if self.eat("for") {
            let pat = to_pattern(self.term_prec(MAX_PREC)?)?;
            self.expect("in")?;
            let iter = self.term_no_do()?;
            self.expect("do")?;
            return Ok(DoElem::For(pat, iter, self.do_seq()?));
        }
        if self.is_binder_name_at(0) && self.is_at(1, ":=") {
            let name = self.binder_name()?;
            self.advance();
            return Ok(DoElem::Reassign(name, self.term()?));
        }
        Ok(DoElem::Expr(self.term()?))
    }

    fn term_no_do(&mut self) -> PResult<Term> {
        let saved = std::mem::replace(&mut self.no_do, true);
        let result = self.term();
        self.no_do = saved;
        result
    }

    /// The steps of a `calc` chain.
    pub(crate) fn calc_steps(&mut self) -> PResult<Vec<CalcStep>> {
        let outer = self.pos_col;
        let first_col = self.peek().col;
        let mut steps = vec![self.with_pos(Some(first_col), |p| p.calc_step())?];
        let tok = self.peek();
        let more = tok.first_on_line
            && outer.is_none_or(|o| tok.col > o)
            && tok.col <= first_col
            && self.can_start_term();
        if more {
            let col = tok.col;
            loop {
                steps.push(self.with_pos(Some(col), |p| p.calc_step())?);
                let tok = self.peek();
                if !(tok.first_on_line && tok.col == col && self.can_start_term()) {
                    break;
                }
            }
        }
        Ok(steps)
    }

    fn calc_step(&mut self) -> PResult<CalcStep> {
        let term = self.term()?;
        let proof = if self.eat(":=") {
            Some(self.term()?)
        } else {
            None
        };
        Ok(CalcStep { term, proof })
    }
}
