//! Parsing tactic blocks.
//!
//! A tactic sequence continues while lines start exactly at the column of its first
//! tactic; `;` separates tactics on one line and `<;>` runs a tactic on all goals produced
//! by the previous one.

use super::ast::*;
use super::lexer::TokKind;
use super::notation::MAX_PREC;
use super::parser::{PResult, Parser};
use super::pattern::to_pattern;

/// The tactic names the parser knows.
pub const TACTIC_NAMES: &[&str] = &[
    "intro",
    "intros",
    "exact",
    "apply",
    "refine",
    "rfl",
    "cases",
    "rcases",
    "obtain",
    "induction",
    "constructor",
    "left",
    "right",
    "exists",
    "contradiction",
    "exfalso",
    "assumption",
    "trivial",
    "have",
    "show",
    "change",
    "calc",
    "unfold",
    "rw",
    "rewrite",
    "rwa",
    "simp",
    "simp_all",
    "simpa",
    "split",
    "injection",
    "subst",
    "generalize",
    "specialize",
    "symm",
    "revert",
    "clear",
    "by_cases",
    "decide",
    "omega",
    "sorry",
    "admit",
    "done",
    "case",
    "next",
    "all_goals",
    "any_goals",
    "first",
    "try",
    "repeat",
    "·",
    "(",
];

impl Parser<'_> {
    fn can_start_tactic(&self) -> bool {
        match &self.peek().kind {
            TokKind::Ident(_) => true,
            TokKind::Sym(s) => {
                matches!(
                    s.as_str(),
                    "·" | "." | "(" | "have" | "show" | "calc" | "exists" | "sorry"
                )
            }
            _ => false,
        }
    }

    /// A tactic sequence (the body of `by`, of an alternative, of `·`, …).
    pub(crate) fn tactic_seq(&mut self) -> PResult<Vec<Tactic>> {
        self.nested(|p| {
            if !p.can_start_tactic() {
                return Err(p.unexpected("a tactic"));
            }
            let col = p.peek().col;
            p.with_pos(Some(col), |p| {
                let mut tactics = Vec::new();
                loop {
                    tactics.push(p.tactic()?);
                    if p.eat(";") {
                        continue;
                    }
                    let tok = p.peek();
                    if !(tok.first_on_line && tok.col == col && p.can_start_tactic()) {
                        break;
                    }
                }
                Ok(tactics)
            })
        })
    }

    fn tactic(&mut self) -> PResult<Tactic> {
        let mut t = self.tactic_atom()?;
        let mut chain = 0;
        while self.is("<;>") && !self.stops_here() {
            self.advance();
            chain += 1;
            self.check_chain(chain)?;
            let rhs = self.tactic_atom()?;
            let span = t.span.to(rhs.span);
            t = Tactic::new(TacticKind::Then(Box::new(t), Box::new(rhs)), span);
        }
        Ok(t)
    }

    fn tactic_atom(&mut self) -> PResult<Tactic> {
        let tok = self.peek().clone();
        let start = tok.span.start;
        let name = match &tok.kind {
            TokKind::Ident(n) => n.clone(),
            TokKind::Sym(s) if s == "." => "·".to_string(),
            TokKind::Sym(s) => s.clone(),
            _ => return Err(self.unexpected("a tactic")),
        };
        if !TACTIC_NAMES.contains(&name.as_str()) {
            return Err(self.error_here(format!(
                "unknown tactic `{name}`; expected one of: {}",
                TACTIC_NAMES.join(", ")
            )));
        }
        self.advance();
        let kind = match name.as_str() {
            "·" => TacticKind::Focus(self.tactic_seq()?),
            "(" => {
                let seq = self.with_pos(None, |p| p.tactic_seq())?;
                self.expect(")")?;
                TacticKind::Paren(seq)
            }
            "intro" => {
                let mut pats = Vec::new();
                while !self.stops_here() && self.can_start_intro() {
                    pats.push(to_pattern(self.term_prec(MAX_PREC)?)?);
                }
                TacticKind::Intro(pats)
            }
            "intros" => TacticKind::Intros(self.names()?),
            "exact" => TacticKind::Exact(self.term()?),
            "apply" => TacticKind::Apply(self.term()?),
            "refine" => TacticKind::Refine(self.term()?),
            "specialize" => TacticKind::Specialize(self.term()?),
            "rfl" => TacticKind::Rfl,
            "constructor" => TacticKind::Constructor,
            "left" => TacticKind::Left,
            "right" => TacticKind::Right,
            "contradiction" => TacticKind::Contradiction,
            "exfalso" => TacticKind::Exfalso,
            "assumption" => TacticKind::Assumption,
            "trivial" => TacticKind::Trivial,
            "split" => TacticKind::Split,
            "decide" => TacticKind::Decide,
            "omega" => TacticKind::Omega,
            "sorry" => TacticKind::Sorry,
            "admit" => TacticKind::Admit,
            "done" => TacticKind::Done,
            "cases" => {
                let targets = self.cases_targets()?;
                let alts = if self.eat("with") {
                    self.induction_alts()?
                } else {
                    Vec::new()
                };
                TacticKind::Cases(targets, alts)
            }
            "rcases" => {
                let targets = self.cases_targets()?;
                self.expect("with")?;
                TacticKind::Rcases(targets, self.rcases_pat()?)
            }
            "obtain" => {
                let pat = self.rcases_pat()?;
                let value = if self.eat(":=") {
                    Some(self.term()?)
                } else {
                    None
                };
                TacticKind::Obtain(pat, value)
            }
            "induction" => {
                let targets = self.comma_separated_terms()?;
                let generalizing = if self.eat("generalizing") {
                    self.names()?
                } else {
                    Vec::new()
                };
                let alts = if self.eat("with") {
                    self.induction_alts()?
                } else {
                    Vec::new()
                };
                TacticKind::Induction(targets, generalizing, alts)
            }
            "exists" => TacticKind::Exists(self.comma_separated_terms()?),
            "have" => {
                let name =
                    if self.is_binder_name_at(0) && (self.is_at(1, ":") || self.is_at(1, ":=")) {
                        Some(self.binder_name()?)
                    } else {
                        None
                    };
                let ty = if self.eat(":") {
                    Some(self.term()?)
                } else {
                    None
                };
                let value = if self.eat(":=") {
                    Some(self.term()?)
                } else {
                    None
                };
                if ty.is_none() && value.is_none() {
                    return Err(self.unexpected("`:` or `:=`"));
                }
                TacticKind::Have(name, ty, value)
            }
            "show" => TacticKind::Show(self.term()?),
            // Lean's `change T` on the target is `show T`.
            "change" => TacticKind::Show(self.term()?),
            "symm" => TacticKind::Symm(self.location()?),
            "revert" | "clear" => {
                let names = self.names()?;
                if names.is_empty() {
                    return Err(self.unexpected("a hypothesis"));
                }
                if name == "revert" {
                    TacticKind::Revert(names)
                } else {
                    TacticKind::Clear(names)
                }
            }
            "by_cases" => {
                let name = self.named_prefix()?;
                TacticKind::ByCases(name, self.term()?)
            }
            "calc" => TacticKind::Calc(self.calc_steps()?),
            "unfold" => {
                let mut names = Vec::new();
                while !self.stops_here() && matches!(self.peek().kind, TokKind::Ident(_)) {
                    names.push(self.expect_ident()?.0);
                }
                if names.is_empty() {
                    return Err(self.unexpected("a name to unfold"));
                }
                TacticKind::Unfold(names, self.location()?)
            }
            "rw" | "rewrite" | "rwa" => {
                self.expect("[")?;
                let rules = self.with_pos(None, |p| {
                    let mut rules = Vec::new();
                    loop {
                        rules.push(p.rw_rule()?);
                        if !p.eat(",") {
                            break;
                        }
                    }
                    p.expect("]")?;
                    Ok(rules)
                })?;
                let rw = TacticKind::Rw(name == "rewrite", rules, self.location()?);
                if name == "rwa" {
                    // `rwa [rules] at loc` is `rw [rules] at loc; assumption`.
                    let span = Span::new(start, self.prev_end().max(start));
                    TacticKind::Paren(vec![
                        Tactic::new(rw, span),
                        Tactic::new(TacticKind::Assumption, span),
                    ])
                } else {
                    rw
                }
            }
            "simpa" => {
                let (only, lemmas) = self.simp_args()?;
                let using = if !self.stops_here() && self.is_ident("using") {
                    self.advance();
                    Some(self.term()?)
                } else {
                    None
                };
                TacticKind::Simpa {
                    only,
                    lemmas,
                    using,
                }
            }
            "simp" | "simp_all" => {
                let (only, lemmas) = self.simp_args()?;
                let loc = self.location()?;
                TacticKind::Simp {
                    all: name == "simp_all",
                    only,
                    lemmas,
                    loc,
                }
            }
            "injection" => {
                let term = self.term()?;
                let names = if self.eat("with") {
                    self.names()?
                } else {
                    Vec::new()
                };
                TacticKind::Injection(term, names)
            }
            "subst" => {
                let mut terms = Vec::new();
                while !self.stops_here() && self.can_start_intro() {
                    terms.push(self.term_prec(MAX_PREC)?);
                }
                if terms.is_empty() {
                    return Err(self.unexpected("a hypothesis"));
                }
                TacticKind::Subst(terms)
            }
            "generalize" => {
                let name = self.named_prefix()?;
                let term = self.term_prec(51)?;
                self.expect("=")?;
                let var = self.binder_name()?;
                TacticKind::Generalize(name, term, var)
            }
            "case" => {
                let tag = self.binder_name()?;
                let names = self.names()?;
                self.expect("=>")?;
                TacticKind::Case(tag, names, self.tactic_seq()?)
            }
            "next" => {
                let names = self.names()?;
                self.expect("=>")?;
                TacticKind::Next(names, self.tactic_seq()?)
            }
            "all_goals" => TacticKind::AllGoals(self.tactic_seq()?),
            "any_goals" => TacticKind::AnyGoals(self.tactic_seq()?),
            "try" => TacticKind::Try(self.tactic_seq()?),
            "repeat" => TacticKind::Repeat(self.tactic_seq()?),
            "first" => {
                let mut alts = Vec::new();
                while self.eat("|") {
                    alts.push(self.tactic_seq()?);
                }
                if alts.is_empty() {
                    return Err(self.unexpected("`|`"));
                }
                TacticKind::First(alts)
            }
            _ => return Err(self.error_here(format!("unsupported tactic `{name}`"))),
        };
        Ok(Tactic::new(
            kind,
            Span::new(start, self.prev_end().max(start)),
        ))
    }

    fn can_start_intro(&self) -> bool {
        match &self.peek().kind {
            TokKind::Ident(_) => true,
            TokKind::Sym(s) => matches!(s.as_str(), "_" | "⟨" | "(" | "@" | "."),
            _ => false,
        }
    }

    /// Binder names (identifiers or `_`) on the current logical line.
    fn names(&mut self) -> PResult<Vec<Name>> {
        let mut names = Vec::new();
        while !self.stops_here() && self.is_binder_name_at(0) {
            names.push(self.binder_name()?);
        }
        Ok(names)
    }

    fn comma_separated_terms(&mut self) -> PResult<Vec<Term>> {
        let mut terms = vec![self.term()?];
        while self.eat(",") {
            terms.push(self.term()?);
        }
        Ok(terms)
    }

    /// `only` and the lemma list `[…]` of `simp`, `simp_all` and `simpa`.
    fn simp_args(&mut self) -> PResult<(bool, Vec<SimpLemma>)> {
        let only = if self.is_ident("only") {
            self.advance();
            true
        } else {
            false
        };
        if !self.eat("[") {
            return Ok((only, Vec::new()));
        }
        let lemmas = self.with_pos(None, |p| {
            let mut lemmas = Vec::new();
            if p.eat("]") {
                return Ok(lemmas);
            }
            loop {
                if p.eat("*") {
                    lemmas.push(SimpLemma::Star);
                } else {
                    lemmas.push(SimpLemma::Rule(p.rw_rule()?));
                }
                if !p.eat(",") {
                    break;
                }
            }
            p.expect("]")?;
            Ok(lemmas)
        })?;
        Ok((only, lemmas))
    }

    /// The `h :` in front of the term of `cases h : e`, `by_cases h : p` or
    /// `generalize h : e = x`, if there is one.
    fn named_prefix(&mut self) -> PResult<Option<Name>> {
        if !(self.is_binder_name_at(0) && self.is_at(1, ":")) {
            return Ok(None);
        }
        let n = self.binder_name()?;
        self.advance();
        Ok(Some(n))
    }

    /// Targets `e` or `h : e` of `cases`/`rcases`, separated by commas.
    fn cases_targets(&mut self) -> PResult<Vec<CasesTarget>> {
        let mut out = Vec::new();
        loop {
            let eq_name = self.named_prefix()?;
            out.push(CasesTarget {
                eq_name,
                term: self.term()?,
            });
            if !self.eat(",") {
                return Ok(out);
            }
        }
    }

    fn rw_rule(&mut self) -> PResult<RwRule> {
        let reverse = self.eat("←") || self.eat("<-");
        Ok(RwRule {
            reverse,
            term: self.term()?,
        })
    }

    fn location(&mut self) -> PResult<Option<Location>> {
        if self.stops_here() || !self.eat("at") {
            return Ok(None);
        }
        if self.eat("*") {
            return Ok(Some(Location::Wildcard));
        }
        let mut hyps = Vec::new();
        let mut goal = false;
        loop {
            if self.stops_here() {
                break;
            }
            if self.eat("⊢") {
                goal = true;
            } else if matches!(self.peek().kind, TokKind::Ident(_)) {
                hyps.push(self.expect_ident()?.0);
            } else {
                break;
            }
        }
        if hyps.is_empty() && !goal {
            return Err(self.unexpected("a hypothesis, `⊢` or `*`"));
        }
        Ok(Some(Location::Targets { hyps, goal }))
    }

    fn induction_alts(&mut self) -> PResult<Vec<InductionAlt>> {
        let mut alts = Vec::new();
        if !self.is("|") {
            return Err(self.unexpected("`|`"));
        }
        // As Lean's `withPosition (colGe inductionAlt)+`: an alternative starting a line
        // left of the first one belongs to an enclosing `cases`.
        let first_col = self.peek().col;
        while self.is("|") && !(self.peek().first_on_line && self.peek().col < first_col) {
            let start = self.advance().span.start;
            let ctor = if self.eat("_") {
                "_".to_string()
            } else {
                self.expect_ident()?.0
            };
            let mut names = Vec::new();
            while self.is_binder_name_at(0) {
                names.push(self.binder_name()?);
            }
            self.expect("=>")?;
            let tactics = self.tactic_seq()?;
            let span = Span::new(start, self.prev_end());
            alts.push(InductionAlt {
                ctor,
                names,
                tactics,
                span,
            });
        }
        Ok(alts)
    }

    /// An `rcases` pattern with alternatives `p | q`.
    fn rcases_pat(&mut self) -> PResult<RcasesPat> {
        self.nested(|p| {
            let first = p.rcases_atom()?;
            if !p.is("|") {
                return Ok(first);
            }
            let mut alts = vec![first];
            while p.eat("|") {
                alts.push(p.rcases_atom()?);
            }
            Ok(RcasesPat::Alts(alts))
        })
    }

    fn rcases_atom(&mut self) -> PResult<RcasesPat> {
        if self.is_binder_name_at(0) {
            return Ok(RcasesPat::Name(self.binder_name()?));
        }
        if self.eat("-") {
            return Ok(RcasesPat::Name("-".to_string()));
        }
        if self.eat("⟨") {
            return self.with_pos(None, |p| {
                let mut elems = Vec::new();
                if !p.is("⟩") {
                    loop {
                        elems.push(p.rcases_pat()?);
                        if !p.eat(",") {
                            break;
                        }
                    }
                }
                p.expect("⟩")?;
                Ok(RcasesPat::Tuple(elems))
            });
        }
        if self.eat("(") {
            return self.with_pos(None, |p| {
                let pat = p.rcases_pat()?;
                p.expect(")")?;
                Ok(pat)
            });
        }
        Err(self.unexpected("an rcases pattern"))
    }
}
