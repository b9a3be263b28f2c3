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
                        // The parser reads a pattern binder only after `(` or `⟨`.
                        FunBinder::Pattern(p) => match to_term(p) {
                            t @ Term {
                                kind: TermKind::AnonCtor(_),
                                ..
                            } => self.term(&t, MAX_PREC, Follow::Open),
                            t => {
                                self.s("(");
                                self.term_end(&t);
                                self.s(")");
                            }
                        },
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

    pub(super) fn names(&mut self, ns: &[Name]) {
        for n in ns {
            self.s(" ");
            self.s(&name(n));
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

    /// A binder, as a bare name where it is a lone untyped explicit one.
    fn binder(&mut self, b: &Binder) {
        if b.info == BinderInfo::Explicit && b.ty.is_none() && b.names.len() == 1 {
            self.s(&name(&b.names[0]));
            return;
        }
        self.binder_bracketed(b);
    }

    /// A binder always in its brackets (constructor binders admit no bare names).
    pub(super) fn binder_bracketed(&mut self, b: &Binder) {
        let names: Vec<String> = b.names.iter().map(|n| name(n)).collect();
        let names = names.join(" ");
        let (open, close) = match b.info {
            BinderInfo::Explicit => ("(", ")"),
            BinderInfo::Implicit => ("{", "}"),
            BinderInfo::StrictImplicit => ("⦃", "⦄"),
            BinderInfo::InstImplicit => ("[", "]"),
        };
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

mod commands;
mod tactics;
