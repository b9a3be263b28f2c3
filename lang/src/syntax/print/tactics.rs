//! Printing tactics and tactic blocks.

use super::*;

impl Printer {
    /// A tactic sequence after `by`, `=>`, `try`, …: inline if it is a single one-line
    /// tactic, otherwise on indented lines.
    pub(super) fn seq_after(&mut self, tacs: &[Tactic]) {
        if let [t] = tacs {
            let inline = render(|p| p.tactic(t));
            if !inline.contains('\n') {
                self.s(" ");
                self.s(&inline);
                return;
            }
        }
        self.indent += 2;
        for t in tacs {
            self.nl();
            self.tactic(t);
        }
        self.indent -= 2;
    }

    /// A tactic sequence starting at the current column.
    pub(super) fn seq_here(&mut self, tacs: &[Tactic]) {
        let saved = self.indent;
        self.indent = self.col();
        for (i, t) in tacs.iter().enumerate() {
            if i > 0 {
                self.nl();
            }
            self.tactic(t);
        }
        self.indent = saved;
    }

    pub(super) fn location(&mut self, loc: &Option<Location>) {
        match loc {
            None => {}
            Some(Location::Wildcard) => self.s(" at *"),
            Some(Location::Targets { hyps, goal }) => {
                self.s(" at");
                self.names(hyps);
                if *goal {
                    self.s(" ⊢");
                }
            }
        }
    }

    pub(super) fn rw_rule(&mut self, r: &RwRule) {
        if r.reverse {
            self.s("← ");
        }
        self.term_end(&r.term);
    }

    pub(super) fn induction_alts(&mut self, alts: &[InductionAlt]) {
        for alt in alts {
            self.nl();
            self.s(&format!("| {}", name(&alt.ctor)));
            self.names(&alt.names);
            self.s(" =>");
            self.seq_after(&alt.tactics);
        }
    }

    pub(super) fn rcases(&mut self, p: &RcasesPat) {
        match p {
            RcasesPat::Name(n) => self.s(if n == "-" { "-" } else { n }),
            RcasesPat::Tuple(ps) => {
                self.s("⟨");
                for (i, p) in ps.iter().enumerate() {
                    if i > 0 {
                        self.s(", ");
                    }
                    self.rcases(p);
                }
                self.s("⟩");
            }
            RcasesPat::Alts(ps) => {
                for (i, p) in ps.iter().enumerate() {
                    if i > 0 {
                        self.s(" | ");
                    }
                    if matches!(p, RcasesPat::Alts(_)) {
                        self.s("(");
                        self.rcases(p);
                        self.s(")");
                    } else {
                        self.rcases(p);
                    }
                }
            }
        }
    }

    /// ` only` and ` [lemmas]` of `simp`, `simp_all` and `simpa`.
    fn simp_args(&mut self, only: bool, lemmas: &[SimpLemma]) {
        if only {
            self.s(" only");
        }
        if lemmas.is_empty() {
            return;
        }
        self.s(" [");
        for (i, l) in lemmas.iter().enumerate() {
            if i > 0 {
                self.s(", ");
            }
            match l {
                SimpLemma::Star => self.s("*"),
                SimpLemma::Rule(r) => self.rw_rule(r),
            }
        }
        self.s("]");
    }

    pub(super) fn tactic(&mut self, t: &Tactic) {
        let saved = self.indent;
        self.indent = self.col();
        self.tactic_inner(t);
        self.indent = saved;
    }

    pub(super) fn tactic_inner(&mut self, t: &Tactic) {
        use TacticKind as K;
        match &t.kind {
            K::Intro(ps) => {
                self.s("intro");
                for p in ps {
                    self.s(" ");
                    self.term(&to_term(p), MAX_PREC, Follow::Prec(LEAD_PREC));
                }
            }
            K::Intros(ns) => {
                self.s("intros");
                self.names(ns);
            }
            K::Exact(e) | K::Apply(e) | K::Refine(e) | K::Specialize(e) | K::Show(e) => {
                self.s(match &t.kind {
                    K::Exact(_) => "exact ",
                    K::Apply(_) => "apply ",
                    K::Refine(_) => "refine ",
                    K::Specialize(_) => "specialize ",
                    _ => "show ",
                });
                self.term_end(e);
            }
            K::Rfl => self.s("rfl"),
            K::Constructor => self.s("constructor"),
            K::Left => self.s("left"),
            K::Right => self.s("right"),
            K::Contradiction => self.s("contradiction"),
            K::Exfalso => self.s("exfalso"),
            K::Assumption => self.s("assumption"),
            K::Trivial => self.s("trivial"),
            K::Split => self.s("split"),
            K::Decide => self.s("decide"),
            K::Omega => self.s("omega"),
            K::Sorry => self.s("sorry"),
            K::Admit => self.s("admit"),
            K::Done => self.s("done"),
            K::Cases(targets, alts) => {
                self.s("cases ");
                self.cases_targets(targets, !alts.is_empty());
                if !alts.is_empty() {
                    self.s(" with");
                    self.induction_alts(alts);
                }
            }
            K::Induction(targets, gen, alts) => {
                self.s("induction ");
                self.targets(targets, !alts.is_empty() || !gen.is_empty());
                if !gen.is_empty() {
                    self.s(" generalizing");
                    self.names(gen);
                }
                if !alts.is_empty() {
                    self.s(" with");
                    self.induction_alts(alts);
                }
            }
            K::Rcases(targets, pat) => {
                self.s("rcases ");
                self.cases_targets(targets, true);
                self.s(" with ");
                self.rcases(pat);
            }
            K::Obtain(pat, value) => {
                self.s("obtain ");
                self.rcases(pat);
                if let Some(v) = value {
                    self.s(" := ");
                    self.term_end(v);
                }
            }
            K::Exists(ts) => {
                self.s("exists ");
                self.targets(ts, false);
            }
            K::Have(n, ty, v) => {
                self.s("have");
                if let Some(n) = n {
                    self.s(&format!(" {}", name(n)));
                }
                if let Some(ty) = ty {
                    self.s(" : ");
                    self.term(
                        ty,
                        0,
                        if v.is_some() {
                            Follow::Open
                        } else {
                            Follow::End
                        },
                    );
                }
                if let Some(v) = v {
                    self.s(" := ");
                    self.term_end(v);
                }
            }
            K::Calc(steps) => {
                self.s("calc");
                self.calc(steps);
            }
            K::Unfold(ns, loc) => {
                self.s("unfold");
                self.names(ns);
                self.location(loc);
            }
            K::Rw(rewrite, rules, loc) => {
                self.s(if *rewrite { "rewrite [" } else { "rw [" });
                for (i, r) in rules.iter().enumerate() {
                    if i > 0 {
                        self.s(", ");
                    }
                    self.rw_rule(r);
                }
                self.s("]");
                self.location(loc);
            }
            K::Simp {
                all,
                only,
                lemmas,
                loc,
            } => {
                self.s(if *all { "simp_all" } else { "simp" });
                self.simp_args(*only, lemmas);
                self.location(loc);
            }
            K::Simpa {
                only,
                lemmas,
                using,
            } => {
                self.s("simpa");
                self.simp_args(*only, lemmas);
                if let Some(e) = using {
                    self.s(" using ");
                    self.term_end(e);
                }
            }
            K::Injection(e, ns) => {
                self.s("injection ");
                self.term(
                    e,
                    0,
                    if ns.is_empty() {
                        Follow::End
                    } else {
                        Follow::Open
                    },
                );
                if !ns.is_empty() {
                    self.s(" with");
                    self.names(ns);
                }
            }
            K::Subst(ts) => {
                self.s("subst");
                for t in ts {
                    self.s(" ");
                    self.term(t, MAX_PREC, Follow::Prec(LEAD_PREC));
                }
            }
            K::Generalize(h, e, x) => {
                self.s("generalize ");
                if let Some(h) = h {
                    self.s(&format!("{} : ", name(h)));
                }
                self.term(e, 51, Follow::Prec(50));
                self.s(&format!(" = {}", name(x)));
            }
            K::Symm(loc) => {
                self.s("symm");
                self.location(loc);
            }
            K::Revert(ns) | K::Clear(ns) => {
                self.s(if matches!(t.kind, K::Revert(_)) {
                    "revert"
                } else {
                    "clear"
                });
                self.names(ns);
            }
            K::ByCases(h, e) => {
                self.s("by_cases ");
                if let Some(h) = h {
                    self.s(&format!("{} : ", name(h)));
                }
                self.term_end(e);
            }
            K::Then(a, b) => {
                self.tactic(a);
                self.s(" <;> ");
                self.tactic(b);
            }
            K::Focus(ts) => {
                self.s("· ");
                self.seq_here(ts);
            }
            K::Case(tag, ns, ts) => {
                self.s(&format!("case {}", name(tag)));
                self.names(ns);
                self.s(" =>");
                self.seq_after(ts);
            }
            K::Next(ns, ts) => {
                self.s("next");
                self.names(ns);
                self.s(" =>");
                self.seq_after(ts);
            }
            K::AllGoals(ts) | K::AnyGoals(ts) | K::Try(ts) | K::Repeat(ts) => {
                self.s(match &t.kind {
                    K::AllGoals(_) => "all_goals",
                    K::AnyGoals(_) => "any_goals",
                    K::Try(_) => "try",
                    _ => "repeat",
                });
                self.seq_after(ts);
            }
            K::First(alts) => {
                self.s("first");
                for a in alts {
                    self.s(" |");
                    self.seq_after(a);
                }
            }
            K::Paren(ts) => {
                self.s("(");
                self.seq_here(ts);
                self.s(")");
            }
        }
    }

    /// `cases`/`rcases` targets, each with its equation name.
    fn cases_targets(&mut self, ts: &[CasesTarget], followed: bool) {
        for (i, t) in ts.iter().enumerate() {
            if i > 0 {
                self.s(", ");
            }
            if let Some(n) = &t.eq_name {
                self.s(n);
                self.s(" : ");
            }
            let last = i + 1 == ts.len();
            let follow = if last && !followed {
                Follow::End
            } else {
                Follow::Open
            };
            self.term(&t.term, 0, follow);
        }
    }

    pub(super) fn targets(&mut self, ts: &[Term], followed: bool) {
        for (i, t) in ts.iter().enumerate() {
            if i > 0 {
                self.s(", ");
            }
            let last = i + 1 == ts.len();
            self.term(
                t,
                0,
                if last && !followed {
                    Follow::End
                } else {
                    Follow::Open
                },
            );
        }
    }
}
