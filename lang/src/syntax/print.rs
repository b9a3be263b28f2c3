//! Pretty-printing: `Display` for terms, patterns, levels, binders, tactics and commands.
//!
//! The output re-parses to the same tree (spans aside) with the notation table the tree
//! was parsed with. Parentheses are inserted only where precedence or the extent of
//! open-ended constructs (`fun`, `match`, `by`, …) requires them. `by` and `do` blocks
//! with more than one element are laid out on indented lines.

use std::fmt;

use super::ast::*;
use super::lexer::{is_plain_segment, KEYWORDS};
use super::notation::{Item, ARG_PREC, LEAD_PREC, MAX_PREC};
use super::pattern::to_term;

/// What follows a sub-term in its context.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Follow {
    /// Nothing, or a closing bracket.
    End,
    /// A keyword or separator that open-ended terms would swallow.
    Open,
    /// A trailing construct of the given precedence (an operator, arguments, …).
    Prec(u32),
}

/// The precedence of a trailing projection: everything open to the right absorbs it.
const PROJ_FOLLOW: u32 = u32::MAX - 1;

#[derive(Default)]
struct Printer {
    out: String,
    indent: usize,
}

/// A name, with `«»` around segments that are not plain identifiers.
fn name(n: &str) -> String {
    n.split('.')
        .map(|seg| {
            if is_plain_segment(seg) && !KEYWORDS.contains(&seg) || seg == "_" {
                seg.to_string()
            } else {
                format!("«{seg}»")
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn escape_char(c: char, quote: char, out: &mut String) {
    match c {
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        '\\' => out.push_str("\\\\"),
        c if c == quote => {
            out.push('\\');
            out.push(c);
        }
        c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
        c if c.is_control() && (c as u32) <= 0xFFFF => {
            out.push_str(&format!("\\u{:04x}", c as u32))
        }
        c => out.push(c),
    }
}

fn string_lit(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        escape_char(c, '"', &mut out);
    }
    out.push('"');
    out
}

/// Precedence of a term as printed, and whether it extends as far right as possible.
fn info(t: &Term) -> (u32, bool) {
    match &t.kind {
        TermKind::Sort(_, Some(_)) | TermKind::App(..) => (LEAD_PREC, false),
        TermKind::Notation(n, _) => (n.prec, false),
        TermKind::Arrow(..) | TermKind::Pi(..) => (25, false),
        TermKind::PipeLeft(..) | TermKind::PipeRight(..) => (10, false),
        TermKind::Forall(..)
        | TermKind::Exists(..)
        | TermKind::Let(..)
        | TermKind::Have(..)
        | TermKind::Show(..)
        | TermKind::If(..)
        | TermKind::Match(..)
        | TermKind::By(..)
        | TermKind::Calc(..) => (LEAD_PREC, true),
        TermKind::Fun(..) | TermKind::FunMatch(..) => (MAX_PREC, true),
        TermKind::Do(..) => (ARG_PREC, true),
        _ => (MAX_PREC, false),
    }
}

/// The precedence at which the rightmost sub-term of `t` is parsed, if `t` ends with one.
fn right_var_prec(t: &Term) -> Option<u32> {
    match &t.kind {
        TermKind::Notation(n, _) => match n.items.last() {
            Some(Item::Var(q)) => Some(*q),
            _ => None,
        },
        TermKind::App(..) => Some(ARG_PREC),
        TermKind::Arrow(..) | TermKind::Pi(..) => Some(25),
        TermKind::PipeLeft(..) => Some(10),
        TermKind::PipeRight(..) => Some(11),
        _ => None,
    }
}

fn needs_parens(t: &Term, min: u32, follow: Follow) -> bool {
    let (prec, open) = info(t);
    prec < min
        || match follow {
            Follow::End => false,
            Follow::Open => open,
            Follow::Prec(r) => open || right_var_prec(t).is_some_and(|q| q <= r),
        }
}

impl Printer {
    fn s(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn nl(&mut self) {
        self.out.push('\n');
        for _ in 0..self.indent {
            self.out.push(' ');
        }
    }

    /// The current column (in characters).
    fn col(&self) -> usize {
        let line_start = self.out.rfind('\n').map_or(0, |i| i + 1);
        self.out[line_start..].chars().count()
    }

    fn term(&mut self, t: &Term, min: u32, follow: Follow) {
        if needs_parens(t, min, follow) {
            self.s("(");
            self.term_bare(t, Follow::End);
            self.s(")");
        } else {
            self.term_bare(t, follow);
        }
    }

    fn term_end(&mut self, t: &Term) {
        self.term(t, 0, Follow::End);
    }

    fn terms_sep(&mut self, ts: &[Term], sep: &str) {
        for (i, t) in ts.iter().enumerate() {
            if i > 0 {
                self.s(sep);
            }
            self.term_end(t);
        }
    }

    fn term_bare(&mut self, t: &Term, follow: Follow) {
        match &t.kind {
            TermKind::Ident(n) => self.s(&name(n)),
            TermKind::DotIdent(n) => self.s(&format!(".{}", name(n))),
            TermKind::Explicit(n) => self.s(&format!("@{}", name(n))),
            TermKind::Hole => self.s("_"),
            TermKind::SyntheticHole(None) => self.s("?_"),
            TermKind::SyntheticHole(Some(n)) => self.s(&format!("?{}", name(n))),
            TermKind::Sorry => self.s("sorry"),
            TermKind::Cdot => self.s("·"),
            TermKind::Num(n) => self.s(n),
            TermKind::Str(s) => self.s(&string_lit(s)),
            TermKind::Char(c) => {
                let mut out = String::from("'");
                escape_char(*c, '\'', &mut out);
                out.push('\'');
                self.s(&out);
            }
            TermKind::Sort(kind, level) => {
                self.s(match kind {
                    SortKind::Prop => "Prop",
                    SortKind::Type => "Type",
                    SortKind::Sort => "Sort",
                });
                if let Some(l) = level {
                    self.s(" ");
                    self.level(l, true);
                }
            }
            TermKind::App(f, args) => {
                if matches!(
                    f.kind,
                    TermKind::Sort(SortKind::Type | SortKind::Sort, None)
                ) {
                    // `Type x` would read `x` as a universe level.
                    self.s("(");
                    self.term_end(f);
                    self.s(")");
                } else {
                    self.term(f, MAX_PREC, Follow::Prec(LEAD_PREC));
                }
                for (i, a) in args.iter().enumerate() {
                    self.s(" ");
                    let last = i + 1 == args.len();
                    let fl = if last {
                        follow
                    } else {
                        Follow::Prec(LEAD_PREC)
                    };
                    match a {
                        Arg::Positional(t) => self.term(t, ARG_PREC, fl),
                        Arg::Named(n, t) => {
                            self.s(&format!("({} := ", name(n)));
                            self.term_end(t);
                            self.s(")");
                        }
                    }
                }
            }
            TermKind::Notation(n, args) => {
                let mut args = args.iter();
                let len = n.items.len();
                for (i, item) in n.items.iter().enumerate() {
                    if i > 0 {
                        self.s(" ");
                    }
                    match item {
                        Item::Atom(a) => self.s(a),
                        Item::Var(q) => {
                            let fl = match n.items.get(i + 1) {
                                None => follow,
                                Some(_) if i == 0 => Follow::Prec(n.prec),
                                Some(_) => Follow::Open,
                            };
                            debug_assert!(i < len);
                            match args.next() {
                                Some(a) => self.term(a, *q, fl),
                                None => self.s("_"),
                            }
                        }
                    }
                }
            }
            TermKind::Arrow(a, b) => {
                let dom_is_binder_like = match &a.kind {
                    TermKind::List(es) => es.len() == 1,
                    TermKind::Ascription(..) => true,
                    _ => false,
                };
                if dom_is_binder_like {
                    self.s("(");
                    self.term_end(a);
                    self.s(")");
                } else {
                    self.term(a, 26, Follow::Prec(25));
                }
                self.s(" → ");
                self.term(b, 25, follow);
            }
            TermKind::Pi(b, body) => {
                self.binder(b);
                self.s(" → ");
                self.term(body, 25, follow);
            }
            TermKind::Forall(bs, body) | TermKind::Exists(bs, body) => {
                self.s(if matches!(t.kind, TermKind::Forall(..)) {
                    "∀ "
                } else {
                    "∃ "
                });
                self.binders(bs);
                self.s(", ");
                self.term_end(body);
            }
            TermKind::Fun(bs, body) => {
                self.s("fun ");
                for (i, b) in bs.iter().enumerate() {
                    if i > 0 {
                        self.s(" ");
                    }
                    match b {
                        FunBinder::Binder(b) => self.binder(b),
                        FunBinder::Pattern(p) => self.term(&to_term(p), MAX_PREC, Follow::Open),
                    }
                }
                self.s(" => ");
                self.term_end(body);
            }
            TermKind::FunMatch(alts) => {
                self.s("fun");
                self.alts(alts);
            }
            TermKind::Let(d, body) | TermKind::Have(d, body) => {
                self.s(if matches!(t.kind, TermKind::Let(..)) {
                    "let"
                } else {
                    "have"
                });
                self.let_decl(d);
                self.s("; ");
                self.term_end(body);
            }
            TermKind::Show(ty, proof) => {
                self.s("show ");
                self.term(ty, 0, Follow::Open);
                if let TermKind::By(tacs) = &proof.kind {
                    self.s(" by");
                    self.seq_after(tacs);
                } else {
                    self.s(" from ");
                    self.term_end(proof);
                }
            }
            TermKind::If(h, c, a, b) => {
                self.s("if ");
                if let Some(h) = h {
                    self.s(&format!("{} : ", name(h)));
                }
                self.term(c, 0, Follow::Open);
                self.s(" then ");
                self.term(a, 0, Follow::Open);
                self.s(" else ");
                self.term_end(b);
            }
            TermKind::Match(discrs, alts) => {
                self.s("match ");
                for (i, d) in discrs.iter().enumerate() {
                    if i > 0 {
                        self.s(", ");
                    }
                    if let Some(h) = &d.name {
                        self.s(&format!("{} : ", name(h)));
                    }
                    self.term(&d.term, 0, Follow::Open);
                }
                self.s(" with");
                self.alts(alts);
            }
            TermKind::Do(elems) => {
                self.s("do");
                self.do_block(elems);
            }
            TermKind::By(tacs) => {
                self.s("by");
                self.seq_after(tacs);
            }
            TermKind::Calc(steps) => {
                self.s("calc");
                self.calc(steps);
            }
            TermKind::AnonCtor(es) => {
                self.s("⟨");
                self.terms_sep(es, ", ");
                self.s("⟩");
            }
            TermKind::Tuple(es) => {
                self.s("(");
                self.terms_sep(es, ", ");
                self.s(")");
            }
            TermKind::List(es) => {
                self.s("[");
                self.terms_sep(es, ", ");
                self.s("]");
            }
            TermKind::StructInst(base, fields) => {
                if base.is_none() && fields.is_empty() {
                    self.s("{}");
                    return;
                }
                self.s("{ ");
                if let Some(b) = base {
                    self.term(b, 0, Follow::Open);
                    self.s(" with ");
                }
                for (i, (n, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        self.s(", ");
                    }
                    self.s(&format!("{} := ", name(n)));
                    self.term_end(v);
                }
                self.s(" }");
            }
            TermKind::Proj(e, field) => {
                let wordlike = matches!(
                    e.kind,
                    TermKind::Ident(_)
                        | TermKind::DotIdent(_)
                        | TermKind::Explicit(_)
                        | TermKind::SyntheticHole(_)
                        | TermKind::Sort(..)
                        | TermKind::Hole
                        | TermKind::Sorry
                ) && matches!(field, Projection::Named(_));
                if wordlike {
                    self.s("(");
                    self.term_end(e);
                    self.s(")");
                } else {
                    self.term(e, MAX_PREC, Follow::Prec(PROJ_FOLLOW));
                }
                match field {
                    Projection::Named(n) => self.s(&format!(".{}", name(n))),
                    Projection::Index(i) => self.s(&format!(".{i}")),
                }
            }
            TermKind::Ascription(e, ty) => {
                self.s("(");
                self.term(e, 0, Follow::Open);
                self.s(" : ");
                self.term_end(ty);
                self.s(")");
            }
            TermKind::PipeLeft(f, x) => {
                self.term(f, 11, Follow::Prec(10));
                self.s(" <| ");
                self.term(x, 10, follow);
            }
            TermKind::PipeRight(x, f) => {
                self.term(x, 10, Follow::Prec(10));
                self.s(" |> ");
                self.term(f, 11, follow);
            }
        }
    }

    fn alts(&mut self, alts: &[MatchAlt]) {
        for (i, alt) in alts.iter().enumerate() {
            self.s(" | ");
            for (j, p) in alt.patterns.iter().enumerate() {
                if j > 0 {
                    self.s(", ");
                }
                self.term(&to_term(p), 0, Follow::Open);
            }
            self.s(" => ");
            let last = i + 1 == alts.len();
            self.term(&alt.rhs, 0, if last { Follow::End } else { Follow::Open });
        }
    }

    fn let_decl(&mut self, d: &LetDecl) {
        match &d.lhs {
            LetLhs::Name(Some(n)) => self.s(&format!(" {}", name(n))),
            LetLhs::Name(None) => {}
            LetLhs::Pattern(p) => {
                self.s(" ");
                self.term(&to_term(p), MAX_PREC, Follow::Open);
            }
        }
        for b in &d.binders {
            self.s(" ");
            self.binder(b);
        }
        if let Some(ty) = &d.ty {
            self.s(" : ");
            self.term(ty, 0, Follow::Open);
        }
        self.s(" := ");
        self.term(&d.value, 0, Follow::Open);
    }

    fn binders(&mut self, bs: &[Binder]) {
        for (i, b) in bs.iter().enumerate() {
            if i > 0 {
                self.s(" ");
            }
            self.binder(b);
        }
    }

    fn binder(&mut self, b: &Binder) {
        let names: Vec<String> = b.names.iter().map(|n| name(n)).collect();
        let names = names.join(" ");
        let (open, close) = match b.info {
            BinderInfo::Explicit => ("(", ")"),
            BinderInfo::Implicit => ("{", "}"),
            BinderInfo::StrictImplicit => ("⦃", "⦄"),
            BinderInfo::InstImplicit => ("[", "]"),
        };
        if b.info == BinderInfo::Explicit && b.ty.is_none() && b.names.len() == 1 {
            self.s(&names);
            return;
        }
        self.s(open);
        match (&b.ty, b.info) {
            (Some(ty), BinderInfo::InstImplicit) if b.names.is_empty() => self.term_end(ty),
            (Some(ty), _) => {
                self.s(&names);
                self.s(" : ");
                self.term_end(ty);
            }
            (None, _) => self.s(&names),
        }
        self.s(close);
    }

    fn level(&mut self, l: &Level, atomic: bool) {
        let compound = matches!(
            l.kind,
            LevelKind::Add(..) | LevelKind::Max(_) | LevelKind::IMax(_)
        );
        if atomic && compound {
            self.s("(");
            self.level(l, false);
            self.s(")");
            return;
        }
        match &l.kind {
            LevelKind::Num(n) => self.s(&n.to_string()),
            LevelKind::Param(n) => self.s(&name(n)),
            LevelKind::Hole => self.s("_"),
            LevelKind::Add(base, n) => {
                self.level(base, !matches!(base.kind, LevelKind::Add(..)));
                self.s(&format!(" + {n}"));
            }
            LevelKind::Max(ls) | LevelKind::IMax(ls) => {
                self.s(if matches!(l.kind, LevelKind::Max(_)) {
                    "max"
                } else {
                    "imax"
                });
                for l in ls {
                    self.s(" ");
                    self.level(l, true);
                }
            }
        }
    }

    fn do_block(&mut self, elems: &[DoElem]) {
        if let [e @ DoElem::Expr(_)] = elems {
            let inline = render(|p| p.do_elem(e));
            if !inline.contains('\n') {
                self.s(" ");
                self.s(&inline);
                return;
            }
        }
        self.indent += 2;
        for e in elems {
            self.nl();
            self.do_elem(e);
        }
        self.indent -= 2;
    }

    fn do_elem(&mut self, e: &DoElem) {
        let saved = self.indent;
        self.indent = self.col();
        match e {
            DoElem::Let {
                mutable,
                lhs,
                ty,
                value,
            }
            | DoElem::Bind {
                mutable,
                lhs,
                ty,
                value,
            } => {
                self.s(if *mutable { "let mut " } else { "let " });
                self.term(&to_term(lhs), MAX_PREC, Follow::Open);
                if let Some(ty) = ty {
                    self.s(" : ");
                    self.term(ty, 0, Follow::Open);
                }
                self.s(if matches!(e, DoElem::Let { .. }) {
                    " := "
                } else {
                    " ← "
                });
                self.term_end(value);
            }
            DoElem::Reassign(n, v) => {
                self.s(&format!("{} := ", name(n)));
                self.term_end(v);
            }
            DoElem::Return(None) => self.s("return"),
            DoElem::Return(Some(v)) => {
                self.s("return ");
                self.term_end(v);
            }
            DoElem::If(c, a, b) => {
                self.s("if ");
                self.term(c, 0, Follow::Open);
                self.s(" then");
                self.indent += 2;
                for e in a {
                    self.nl();
                    self.do_elem(e);
                }
                self.indent -= 2;
                if let Some(b) = b {
                    self.nl();
                    self.s("else");
                    self.indent += 2;
                    for e in b {
                        self.nl();
                        self.do_elem(e);
                    }
                    self.indent -= 2;
                }
            }
            DoElem::Unless(c, body) => {
                self.s("unless ");
                self.term(c, 0, Follow::Open);
                self.s(" do");
                self.do_block(body);
            }
            DoElem::For(p, iter, body) => {
                self.s("for ");
                self.term(&to_term(p), MAX_PREC, Follow::Open);
                self.s(" in ");
                self.term(iter, 0, Follow::Open);
                self.s(" do");
                self.do_block(body);
            }
            DoElem::Expr(t) if matches!(t.kind, TermKind::If(..) | TermKind::Let(..)) => {
                // Unparenthesized, these would read as `do` elements.
                self.s("(");
                self.term_end(t);
                self.s(")");
            }
            DoElem::Expr(t) => self.term_end(t),
        }
        self.indent = saved;
    }

    fn calc(&mut self, steps: &[CalcStep]) {
        self.indent += 2;
        for step in steps {
            self.nl();
            self.term(&step.term, 0, Follow::Open);
            if let Some(p) = &step.proof {
                self.s(" := ");
                self.term_end(p);
            }
        }
        self.indent -= 2;
    }

    /// A tactic sequence after `by`, `=>`, `try`, …: inline if it is a single one-line
    /// tactic, otherwise on indented lines.
    fn seq_after(&mut self, tacs: &[Tactic]) {
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
    fn seq_here(&mut self, tacs: &[Tactic]) {
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

    fn names(&mut self, ns: &[Name]) {
        for n in ns {
            self.s(" ");
            self.s(&name(n));
        }
    }

    fn location(&mut self, loc: &Option<Location>) {
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

    fn rw_rule(&mut self, r: &RwRule) {
        if r.reverse {
            self.s("← ");
        }
        self.term_end(&r.term);
    }

    fn induction_alts(&mut self, alts: &[InductionAlt]) {
        for alt in alts {
            self.nl();
            self.s(&format!("| {}", name(&alt.ctor)));
            self.names(&alt.names);
            self.s(" =>");
            self.seq_after(&alt.tactics);
        }
    }

    fn rcases(&mut self, p: &RcasesPat) {
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

    fn tactic(&mut self, t: &Tactic) {
        let saved = self.indent;
        self.indent = self.col();
        self.tactic_inner(t);
        self.indent = saved;
    }

    fn tactic_inner(&mut self, t: &Tactic) {
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
                self.targets(targets, !alts.is_empty());
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
                self.targets(targets, true);
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
                if *only {
                    self.s(" only");
                }
                if !lemmas.is_empty() {
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
                self.location(loc);
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

    fn targets(&mut self, ts: &[Term], followed: bool) {
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

/// Runs `f` on a fresh printer and returns its output.
fn render(f: impl FnOnce(&mut Printer)) -> String {
    let mut p = Printer::default();
    f(&mut p);
    p.out
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&render(|p| p.term_end(self)))
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        to_term(self).fmt(f)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&render(|p| p.level(self, false)))
    }
}

impl fmt::Display for Binder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&render(|p| p.binder(self)))
    }
}

impl fmt::Display for Tactic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&render(|p| p.tactic(self)))
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&render(|p| p.command(self)))
    }
}

mod commands {
    //! Printing commands.

    use super::*;

    /// A notation token as a string literal with the conventional surrounding spaces.
    fn quote_atom(a: &str) -> String {
        string_lit(&format!(" {a} "))
    }

    impl Printer {
        fn modifiers(&mut self, m: &Modifiers) {
            if let Some(doc) = &m.doc {
                self.s(&format!("/-- {doc} -/"));
                self.nl();
            }
            if !m.attrs.is_empty() {
                self.s("@[");
                for (i, a) in m.attrs.iter().enumerate() {
                    if i > 0 {
                        self.s(", ");
                    }
                    self.s(&a.name);
                    for arg in &a.args {
                        self.s(" ");
                        self.term(arg, MAX_PREC, Follow::Prec(LEAD_PREC));
                    }
                }
                self.s("] ");
            }
            match m.visibility {
                Visibility::Public => {}
                Visibility::Private => self.s("private "),
                Visibility::Protected => self.s("protected "),
            }
            if m.noncomputable {
                self.s("noncomputable ");
            }
            if m.partial {
                self.s("partial ");
            }
        }

        /// Binders and type; `followed` tells whether more syntax follows on the line.
        fn signature(&mut self, binders: &[Binder], ty: &Option<Term>, followed: bool) {
            for b in binders {
                self.s(" ");
                self.binder(b);
            }
            if let Some(ty) = ty {
                self.s(" : ");
                self.term(ty, 0, if followed { Follow::Open } else { Follow::End });
            }
        }

        pub(super) fn command(&mut self, c: &Command) {
            match &c.kind {
                CommandKind::Import(ns) => {
                    self.s("import");
                    self.names(ns);
                }
                CommandKind::Namespace(n) => self.s(&format!("namespace {}", name(n))),
                CommandKind::Section(n) | CommandKind::End(n) => {
                    self.s(if matches!(c.kind, CommandKind::Section(_)) {
                        "section"
                    } else {
                        "end"
                    });
                    if let Some(n) = n {
                        self.s(&format!(" {}", name(n)));
                    }
                }
                CommandKind::Open(ns) => {
                    self.s("open");
                    self.names(ns);
                }
                CommandKind::Variable(bs) => {
                    self.s("variable");
                    for b in bs {
                        self.s(" ");
                        self.binder(b);
                    }
                }
                CommandKind::Universe(ns) => {
                    self.s("universe");
                    self.names(ns);
                }
                CommandKind::Def(d) => self.def(d),
                CommandKind::Inductive(i) => self.inductive(i),
                CommandKind::Structure(s) => self.structure(s),
                CommandKind::Mutual(cs) => {
                    self.s("mutual");
                    for c in cs {
                        self.nl();
                        self.command(c);
                    }
                    self.nl();
                    self.s("end");
                }
                CommandKind::Notation(n) => self.notation(n),
                CommandKind::Attribute(attrs, ns) => {
                    self.s("attribute ");
                    let m = Modifiers {
                        attrs: attrs.clone(),
                        ..Modifiers::default()
                    };
                    self.modifiers(&m);
                    let printed = self.out.trim_end().to_string();
                    self.out = printed;
                    let at = self.out.rfind("@[").unwrap_or(0);
                    self.out.replace_range(at..at + 2, "[");
                    self.names(ns);
                }
                CommandKind::Check(t) | CommandKind::Eval(t) | CommandKind::Reduce(t) => {
                    self.s(match c.kind {
                        CommandKind::Check(_) => "#check ",
                        CommandKind::Eval(_) => "#eval ",
                        _ => "#reduce ",
                    });
                    self.term_end(t);
                }
                CommandKind::Print(n) => self.s(&format!("#print {}", name(n))),
                CommandKind::PrintAxioms(n) => self.s(&format!("#print axioms {}", name(n))),
                CommandKind::SetOption(n, v) => {
                    self.s(&format!("set_option {} ", name(n)));
                    match v {
                        OptionValue::Bool(b) => self.s(&b.to_string()),
                        OptionValue::Num(n) => self.s(n),
                        OptionValue::Str(s) => self.s(&string_lit(s)),
                        OptionValue::Ident(i) => self.s(&name(i)),
                    }
                }
            }
        }

        fn def(&mut self, d: &Def) {
            self.modifiers(&d.modifiers);
            self.s(match d.kind {
                DefKind::Def => "def",
                DefKind::Theorem => "theorem",
                DefKind::Abbrev => "abbrev",
                DefKind::Instance => "instance",
                DefKind::Opaque => "opaque",
                DefKind::Axiom => "axiom",
                DefKind::Example => "example",
            });
            if let Some(p) = &d.priority {
                self.s(" (priority := ");
                self.term_end(p);
                self.s(")");
            }
            if let Some(n) = &d.name {
                self.s(&format!(" {}", name(n)));
            }
            self.def_rest(d);
        }

        fn def_rest(&mut self, d: &Def) {
            let followed = !matches!(d.body, DefBody::None | DefBody::Equations(_));
            self.signature(&d.binders, &d.ty, followed);
            match &d.body {
                DefBody::None => {}
                DefBody::Term(t) => {
                    self.s(" := ");
                    self.term_end(t);
                }
                DefBody::Equations(alts) => {
                    self.indent += 2;
                    for alt in alts {
                        self.nl();
                        self.s("| ");
                        for (j, p) in alt.patterns.iter().enumerate() {
                            if j > 0 {
                                self.s(", ");
                            }
                            self.term(&to_term(p), 0, Follow::Open);
                        }
                        self.s(" => ");
                        self.term_end(&alt.rhs);
                    }
                    self.indent -= 2;
                }
                DefBody::Fields(fields) => {
                    self.s(" where");
                    self.indent += 2;
                    for (n, v) in fields {
                        self.nl();
                        self.s(&format!("{} := ", name(n)));
                        self.term_end(v);
                    }
                    self.indent -= 2;
                }
            }
            if let Some(t) = &d.termination_by {
                self.nl();
                self.s("termination_by");
                if t.structural {
                    self.s(" structural");
                }
                if !t.vars.is_empty() {
                    self.names(&t.vars);
                    self.s(" =>");
                }
                self.s(" ");
                self.term_end(&t.measure);
            }
            if let Some(tacs) = &d.decreasing_by {
                self.nl();
                self.s("decreasing_by");
                self.seq_after(tacs);
            }
            if !d.where_decls.is_empty() {
                self.nl();
                self.s("where");
                self.indent += 2;
                for w in &d.where_decls {
                    self.nl();
                    if let Some(n) = &w.name {
                        self.s(&name(n));
                    }
                    self.def_rest(w);
                }
                self.indent -= 2;
            }
        }

        fn inductive(&mut self, i: &Inductive) {
            self.modifiers(&i.modifiers);
            self.s(if i.is_class {
                "class inductive "
            } else {
                "inductive "
            });
            self.s(&name(&i.name));
            self.signature(&i.binders, &i.ty, true);
            self.s(" where");
            self.indent += 2;
            for c in &i.ctors {
                if let Some(doc) = &c.doc {
                    self.nl();
                    self.s(&format!("/-- {doc} -/"));
                }
                self.nl();
                self.s(&format!("| {}", name(&c.name)));
                self.signature(&c.binders, &c.ty, false);
            }
            self.indent -= 2;
            self.deriving(&i.deriving);
        }

        fn deriving(&mut self, names: &[Name]) {
            if !names.is_empty() {
                self.nl();
                let names: Vec<String> = names.iter().map(|n| name(n)).collect();
                self.s(&format!("deriving {}", names.join(", ")));
            }
        }

        fn structure(&mut self, s: &Structure) {
            self.modifiers(&s.modifiers);
            self.s(if s.is_class { "class " } else { "structure " });
            self.s(&name(&s.name));
            for b in &s.binders {
                self.s(" ");
                self.binder(b);
            }
            if !s.extends.is_empty() {
                self.s(" extends ");
                for (i, t) in s.extends.iter().enumerate() {
                    if i > 0 {
                        self.s(", ");
                    }
                    self.term(t, 0, Follow::Open);
                }
            }
            if let Some(ty) = &s.ty {
                self.s(" : ");
                self.term(ty, 0, Follow::Open);
            }
            if s.ctor.is_some() || !s.fields.is_empty() {
                self.s(" where");
                self.indent += 2;
                if let Some(c) = &s.ctor {
                    self.nl();
                    self.s(&format!("{} ::", name(c)));
                }
                for f in &s.fields {
                    if let Some(doc) = &f.doc {
                        self.nl();
                        self.s(&format!("/-- {doc} -/"));
                    }
                    self.nl();
                    if f.info == BinderInfo::Explicit {
                        let names: Vec<String> = f.names.iter().map(|n| name(n)).collect();
                        self.s(&names.join(" "));
                        if let Some(ty) = &f.ty {
                            self.s(" : ");
                            self.term(ty, 0, Follow::Open);
                        }
                        if let Some(d) = &f.default {
                            self.s(" := ");
                            self.term_end(d);
                        }
                    } else {
                        let b = Binder {
                            names: f.names.clone(),
                            ty: f.ty.clone(),
                            info: f.info,
                            span: Span::default(),
                        };
                        self.binder(&b);
                    }
                }
                self.indent -= 2;
            }
            self.deriving(&s.deriving);
        }

        fn notation(&mut self, n: &NotationDecl) {
            self.modifiers(&n.modifiers);
            self.s(match n.kind {
                NotationCmdKind::Infixl => "infixl",
                NotationCmdKind::Infixr => "infixr",
                NotationCmdKind::Infix => "infix",
                NotationCmdKind::Prefix => "prefix",
                NotationCmdKind::Postfix => "postfix",
                NotationCmdKind::Notation => "notation",
            });
            if let Some(p) = n.prec {
                self.s(&format!(":{p}"));
            }
            if let Some(nm) = &n.name {
                self.s(&format!(" (name := {})", name(nm)));
            }
            if let Some(p) = n.priority {
                self.s(&format!(" (priority := {p})"));
            }
            for item in &n.items {
                self.s(" ");
                match item {
                    NotationItem::Atom(a) => self.s(&quote_atom(a)),
                    NotationItem::Var(v, p) => {
                        self.s(&name(v));
                        if let Some(p) = p {
                            self.s(&format!(":{p}"));
                        }
                    }
                }
            }
            self.s(" => ");
            self.term_end(&n.rhs);
        }
    }
}
