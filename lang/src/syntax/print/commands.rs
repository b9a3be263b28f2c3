//! Printing commands.

use super::*;

/// A notation token as a string literal with the conventional surrounding spaces.
fn quote_atom(a: &str) -> String {
    string_lit(&format!(" {a} "))
}

impl Printer {
    /// `[a, b x]`.
    fn attributes(&mut self, attrs: &[Attribute]) {
        self.s("[");
        for (i, a) in attrs.iter().enumerate() {
            if i > 0 {
                self.s(", ");
            }
            self.s(&a.name);
            for arg in &a.args {
                self.s(" ");
                self.term(arg, MAX_PREC, Follow::Prec(LEAD_PREC));
            }
        }
        self.s("]");
    }

    fn modifiers(&mut self, m: &Modifiers) {
        if let Some(doc) = &m.doc {
            self.s(&format!("/-- {doc} -/"));
            self.nl();
        }
        if !m.attrs.is_empty() {
            self.s("@");
            self.attributes(&m.attrs);
            self.s(" ");
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
                self.attributes(attrs);
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
            for b in &c.binders {
                self.s(" ");
                self.binder_bracketed(b);
            }
            self.signature(&[], &c.ty, false);
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
