//! Parsing commands. Notation commands extend the parser's table (and re-tokenize the
//! rest of the input) as soon as they are parsed.

use super::ast::*;
use super::lexer::TokKind;
use super::notation::{self, Fixity, Item, Notation, ARG_PREC, LEAD_PREC, MAX_PREC, MIN_PREC};
use super::parser::{PResult, Parser};

impl Parser<'_> {
    /// One command.
    pub(crate) fn command(&mut self) -> PResult<Command> {
        let start = self.peek().span.start;
        let modifiers = self.modifiers()?;
        let has_modifiers = modifiers != Modifiers::default();
        let kw = match &self.peek().kind {
            TokKind::Sym(s) => s.clone(),
            _ => return Err(self.unexpected("a command")),
        };
        let decl_kind = match kw.as_str() {
            "def" => Some(DefKind::Def),
            "theorem" => Some(DefKind::Theorem),
            "abbrev" => Some(DefKind::Abbrev),
            "instance" => Some(DefKind::Instance),
            "opaque" => Some(DefKind::Opaque),
            "axiom" => Some(DefKind::Axiom),
            "example" => Some(DefKind::Example),
            _ => None,
        };
        let kind = if let Some(kind) = decl_kind {
            self.advance();
            CommandKind::Def(Box::new(self.def(kind, modifiers)?))
        } else {
            match kw.as_str() {
                "inductive" => {
                    self.advance();
                    CommandKind::Inductive(Box::new(self.inductive(modifiers, false)?))
                }
                "class" if self.is_at(1, "inductive") => {
                    self.advance();
                    self.advance();
                    CommandKind::Inductive(Box::new(self.inductive(modifiers, true)?))
                }
                "structure" | "class" => {
                    self.advance();
                    CommandKind::Structure(Box::new(self.structure(modifiers, kw == "class")?))
                }
                "infixl" | "infixr" | "infix" | "prefix" | "postfix" | "notation" => {
                    CommandKind::Notation(Box::new(self.notation_cmd(modifiers)?))
                }
                _ if has_modifiers => {
                    return Err(self.unexpected("a declaration after modifiers"));
                }
                _ => self.simple_command(&kw)?,
            }
        };
        Ok(Command::new(
            kind,
            Span::new(start, self.prev_end().max(start)),
        ))
    }

    fn simple_command(&mut self, kw: &str) -> PResult<CommandKind> {
        let kind = match kw {
            "import" => {
                self.advance();
                let names = self.idents_on_line();
                if names.is_empty() {
                    return Err(self.unexpected("a module name"));
                }
                CommandKind::Import(names)
            }
            "namespace" => {
                self.advance();
                CommandKind::Namespace(self.expect_ident()?.0)
            }
            "section" | "end" => {
                self.advance();
                let name = if !self.stops_here() && matches!(self.peek().kind, TokKind::Ident(_)) {
                    Some(self.expect_ident()?.0)
                } else {
                    None
                };
                if kw == "section" {
                    CommandKind::Section(name)
                } else {
                    CommandKind::End(name)
                }
            }
            "open" => {
                self.advance();
                let names = self.idents_on_line();
                if names.is_empty() {
                    return Err(self.unexpected("a namespace"));
                }
                CommandKind::Open(names)
            }
            "variable" => {
                self.advance();
                let binders = self.signature_binders()?;
                if binders.is_empty() {
                    return Err(self.unexpected("a binder"));
                }
                CommandKind::Variable(binders)
            }
            "universe" => {
                self.advance();
                let names = self.idents_on_line();
                if names.is_empty() {
                    return Err(self.unexpected("a universe name"));
                }
                CommandKind::Universe(names)
            }
            "mutual" => {
                self.advance();
                let mut commands = Vec::new();
                while !self.is("end") {
                    if matches!(self.peek().kind, TokKind::Eof) {
                        return Err(self.unexpected("`end` closing `mutual`"));
                    }
                    let col = self.peek().col;
                    commands.push(self.with_pos(Some(col), |p| p.command())?);
                }
                self.advance();
                CommandKind::Mutual(commands)
            }
            "attribute" => {
                self.advance();
                self.expect("[")?;
                let attrs = self.attributes()?;
                let names = self.idents_on_line();
                if names.is_empty() {
                    return Err(self.unexpected("a declaration name"));
                }
                CommandKind::Attribute(attrs, names)
            }
            "#check" | "#eval" | "#reduce" => {
                self.advance();
                let t = self.term()?;
                match kw {
                    "#check" => CommandKind::Check(t),
                    "#eval" => CommandKind::Eval(t),
                    _ => CommandKind::Reduce(t),
                }
            }
            "#print" => {
                self.advance();
                if self.is_ident("axioms") && matches!(self.peek_at(1).kind, TokKind::Ident(_)) {
                    self.advance();
                    CommandKind::PrintAxioms(self.expect_ident()?.0)
                } else {
                    CommandKind::Print(self.expect_ident()?.0)
                }
            }
            "set_option" => {
                self.advance();
                let name = self.expect_ident()?.0;
                let tok = self.advance();
                let value = match tok.kind {
                    TokKind::Ident(v) if v == "true" => OptionValue::Bool(true),
                    TokKind::Ident(v) if v == "false" => OptionValue::Bool(false),
                    TokKind::Ident(v) => OptionValue::Ident(v),
                    TokKind::Num(n) => OptionValue::Num(n),
                    TokKind::Str(s) => OptionValue::Str(s),
                    _ => {
                        return Err(super::ParseError::new(
                            tok.span.start,
                            tok.span.end,
                            "expected an option value",
                        ))
                    }
                };
                CommandKind::SetOption(name, value)
            }
            _ => return Err(self.unexpected("a command")),
        };
        Ok(kind)
    }

    /// Identifiers up to the end of the command's line structure.
    fn idents_on_line(&mut self) -> Vec<Name> {
        let mut names = Vec::new();
        while !self.stops_here() {
            match &self.peek().kind {
                TokKind::Ident(n) => {
                    names.push(n.clone());
                    self.advance();
                }
                _ => break,
            }
        }
        names
    }

    fn modifiers(&mut self) -> PResult<Modifiers> {
        let mut m = Modifiers::default();
        if let TokKind::Doc(doc) = &self.peek().kind {
            m.doc = Some(doc.clone());
            self.advance();
        }
        if self.eat("@[") {
            m.attrs = self.attributes()?;
        }
        loop {
            if self.eat("private") {
                m.visibility = Visibility::Private;
            } else if self.eat("protected") {
                m.visibility = Visibility::Protected;
            } else if self.eat("noncomputable") {
                m.noncomputable = true;
            } else if self.eat("partial") {
                m.partial = true;
            } else {
                return Ok(m);
            }
        }
    }

    /// Attributes after `@[` or `attribute [`, through the closing `]`.
    fn attributes(&mut self) -> PResult<Vec<Attribute>> {
        self.with_pos(None, |p| {
            let mut attrs = Vec::new();
            loop {
                let name = match &p.peek().kind {
                    TokKind::Ident(n) => n.clone(),
                    TokKind::Sym(s) if s.chars().all(char::is_alphabetic) => s.clone(),
                    _ => return Err(p.unexpected("an attribute")),
                };
                p.advance();
                let mut args = Vec::new();
                while !p.is(",") && !p.is("]") {
                    args.push(p.term_prec(MAX_PREC)?);
                }
                attrs.push(Attribute { name, args });
                if !p.eat(",") {
                    break;
                }
            }
            p.expect("]")?;
            Ok(attrs)
        })
    }

    fn def(&mut self, kind: DefKind, modifiers: Modifiers) -> PResult<Def> {
        let priority = if kind == DefKind::Instance
            && self.is("(")
            && self.peek_at(1).kind == TokKind::Ident("priority".into())
            && self.is_at(2, ":=")
        {
            self.advance();
            self.advance();
            self.advance();
            let p = self.with_pos(None, |p| p.term())?;
            self.expect(")")?;
            Some(p)
        } else {
            None
        };
        let name = match kind {
            DefKind::Example => None,
            DefKind::Instance => match &self.peek().kind {
                TokKind::Ident(_) => Some(self.expect_ident()?.0),
                _ => None,
            },
            _ => Some(self.expect_ident()?.0),
        };
        let binders = self.signature_binders()?;
        let ty = if self.eat(":") {
            Some(self.term()?)
        } else {
            None
        };
        let body = if self.eat(":=") {
            DefBody::Term(self.term()?)
        } else if self.is("|") {
            DefBody::Equations(self.match_alts()?)
        } else if self.eat("where") {
            DefBody::Fields(self.where_fields()?)
        } else if matches!(kind, DefKind::Axiom | DefKind::Opaque) {
            DefBody::None
        } else {
            return Err(self.unexpected("`:=`, `|` or `where`"));
        };
        let mut def = Def {
            kind,
            modifiers,
            name,
            priority,
            binders,
            ty,
            body,
            where_decls: Vec::new(),
            termination_by: None,
            decreasing_by: None,
        };
        self.termination(&mut def)?;
        if matches!(def.body, DefBody::Term(_) | DefBody::Equations(_)) && self.eat("where") {
            def.where_decls = self.where_decls()?;
        }
        Ok(def)
    }

    fn termination(&mut self, def: &mut Def) -> PResult<()> {
        if self.eat("termination_by") {
            let structural = if self.is_ident("structural") {
                self.advance();
                true
            } else {
                false
            };
            let mut k = 0;
            while self.is_binder_name_at(k) {
                k += 1;
            }
            let mut vars = Vec::new();
            if k > 0 && self.is_at(k, "=>") {
                for _ in 0..k {
                    vars.push(self.binder_name()?);
                }
                self.advance();
            }
            let measure = self.term()?;
            def.termination_by = Some(Termination {
                structural,
                vars,
                measure,
            });
        }
        if self.eat("decreasing_by") {
            def.decreasing_by = Some(self.tactic_seq()?);
        }
        Ok(())
    }

    /// `name := value` lines after `where`, aligned at the first one's column.
    fn where_fields(&mut self) -> PResult<Vec<(Name, Term)>> {
        let col = self.peek().col;
        self.with_pos(Some(col), |p| {
            let mut fields = Vec::new();
            loop {
                let name = p.binder_name()?;
                p.expect(":=")?;
                fields.push((name, p.term()?));
                p.eat(",");
                let tok = p.peek();
                if !(tok.first_on_line && tok.col == col && p.is_binder_name_at(0)) {
                    return Ok(fields);
                }
            }
        })
    }

    /// Local definitions after `where`, aligned at the first one's column.
    fn where_decls(&mut self) -> PResult<Vec<Def>> {
        let col = self.peek().col;
        self.with_pos(Some(col), |p| {
            let mut decls = Vec::new();
            loop {
                let name = p.expect_ident()?.0;
                let binders = p.signature_binders()?;
                let ty = if p.eat(":") { Some(p.term()?) } else { None };
                let body = if p.eat(":=") {
                    DefBody::Term(p.term()?)
                } else if p.is("|") {
                    DefBody::Equations(p.match_alts()?)
                } else {
                    return Err(p.unexpected("`:=` or `|`"));
                };
                let mut def = Def {
                    kind: DefKind::Def,
                    modifiers: Modifiers::default(),
                    name: Some(name),
                    priority: None,
                    binders,
                    ty,
                    body,
                    where_decls: Vec::new(),
                    termination_by: None,
                    decreasing_by: None,
                };
                p.termination(&mut def)?;
                decls.push(def);
                let tok = p.peek();
                let more =
                    tok.first_on_line && tok.col == col && matches!(tok.kind, TokKind::Ident(_));
                if !more {
                    return Ok(decls);
                }
            }
        })
    }

    fn deriving(&mut self) -> PResult<Vec<Name>> {
        let mut names = Vec::new();
        if self.eat("deriving") {
            loop {
                names.push(self.expect_ident()?.0);
                if !self.eat(",") {
                    break;
                }
            }
        }
        Ok(names)
    }

    fn inductive(&mut self, modifiers: Modifiers, is_class: bool) -> PResult<Inductive> {
        let name = self.expect_ident()?.0;
        let binders = self.signature_binders()?;
        let ty = if self.eat(":") {
            Some(self.term()?)
        } else {
            None
        };
        self.eat("where");
        let mut ctors = Vec::new();
        loop {
            let doc = match &self.peek().kind {
                TokKind::Doc(d) if self.is_at(1, "|") => {
                    let d = d.clone();
                    self.advance();
                    Some(d)
                }
                _ => None,
            };
            if !self.eat("|") {
                break;
            }
            let name = self.binder_name()?;
            let mut binders = Vec::new();
            while ["(", "{", "⦃", "["].iter().any(|b| self.is(b)) {
                binders.push(self.bracketed_binder()?);
            }
            let ty = if self.eat(":") {
                Some(self.term()?)
            } else {
                None
            };
            ctors.push(Ctor {
                doc,
                name,
                binders,
                ty,
            });
        }
        let deriving = self.deriving()?;
        Ok(Inductive {
            modifiers,
            is_class,
            name,
            binders,
            ty,
            ctors,
            deriving,
        })
    }

    fn structure(&mut self, modifiers: Modifiers, is_class: bool) -> PResult<Structure> {
        let name = self.expect_ident()?.0;
        let binders = self.signature_binders()?;
        let mut extends = Vec::new();
        if self.eat("extends") {
            loop {
                extends.push(self.term()?);
                if !self.eat(",") {
                    break;
                }
            }
        }
        let ty = if self.eat(":") {
            Some(self.term()?)
        } else {
            None
        };
        let mut ctor = None;
        let mut fields = Vec::new();
        if self.eat("where") {
            if self.is_binder_name_at(0) && self.is_at(1, "::") {
                ctor = Some(self.binder_name()?);
                self.advance();
            } else if self.is_binder_name_at(0)
                && self.is_at(1, ":")
                && self.is_at(2, ":")
                && self.peek_at(2).span.start == self.peek_at(1).span.end
            {
                ctor = Some(self.binder_name()?);
                self.advance();
                self.advance();
            }
            fields = self.fields()?;
        }
        let deriving = self.deriving()?;
        Ok(Structure {
            modifiers,
            is_class,
            name,
            binders,
            extends,
            ty,
            ctor,
            fields,
            deriving,
        })
    }

    fn fields(&mut self) -> PResult<Vec<Field>> {
        let col = self.peek().col;
        let starts_field = |p: &Self| {
            p.is_binder_name_at(0)
                || ["(", "{", "⦃", "["].iter().any(|b| p.is(b))
                || matches!(p.peek().kind, TokKind::Doc(_))
        };
        if !starts_field(self) || self.stops_here() {
            return Ok(Vec::new());
        }
        self.with_pos(Some(col), |p| {
            let mut fields = Vec::new();
            loop {
                let doc = match &p.peek().kind {
                    TokKind::Doc(d) => {
                        let d = d.clone();
                        p.advance();
                        Some(d)
                    }
                    _ => None,
                };
                if ["(", "{", "⦃", "["].iter().any(|b| p.is(b)) {
                    let b = p.bracketed_binder()?;
                    fields.push(Field {
                        doc,
                        names: b.names,
                        info: b.info,
                        ty: b.ty,
                        default: None,
                    });
                } else {
                    let mut names = vec![p.binder_name()?];
                    while p.is_binder_name_at(0) {
                        names.push(p.binder_name()?);
                    }
                    let ty = if p.eat(":") { Some(p.term()?) } else { None };
                    let default = if p.eat(":=") { Some(p.term()?) } else { None };
                    if ty.is_none() && default.is_none() {
                        return Err(p.unexpected("`:` or `:=`"));
                    }
                    let info = BinderInfo::Explicit;
                    fields.push(Field {
                        doc,
                        names,
                        info,
                        ty,
                        default,
                    });
                }
                let tok = p.peek();
                if !(tok.first_on_line && tok.col == col && starts_field(p)) {
                    return Ok(fields);
                }
            }
        })
    }

    fn precedence(&mut self) -> PResult<u32> {
        let tok = self.advance();
        let value = match &tok.kind {
            TokKind::Num(n) => n.parse::<u32>().ok(),
            TokKind::Ident(n) => match n.as_str() {
                "max" => Some(MAX_PREC),
                "arg" => Some(ARG_PREC),
                "lead" => Some(LEAD_PREC),
                "min" => Some(MIN_PREC),
                "min1" => Some(MIN_PREC + 1),
                _ => None,
            },
            _ => None,
        };
        value.filter(|&p| p <= MAX_PREC).ok_or_else(|| {
            super::ParseError::new(
                tok.span.start,
                tok.span.end,
                "expected a precedence (0–1024)",
            )
        })
    }

    fn notation_cmd(&mut self, modifiers: Modifiers) -> PResult<NotationDecl> {
        let kw = self.advance();
        let start = kw.span.start;
        let kind = match &kw.kind {
            TokKind::Sym(s) => match s.as_str() {
                "infixl" => NotationCmdKind::Infixl,
                "infixr" => NotationCmdKind::Infixr,
                "infix" => NotationCmdKind::Infix,
                "prefix" => NotationCmdKind::Prefix,
                "postfix" => NotationCmdKind::Postfix,
                _ => NotationCmdKind::Notation,
            },
            _ => NotationCmdKind::Notation,
        };
        let prec = if self.eat(":") {
            Some(self.precedence()?)
        } else {
            None
        };
        let mut name = None;
        let mut priority = None;
        while self.is("(") && self.is_at(2, ":=") {
            self.advance();
            let key = self.expect_ident()?.0;
            self.advance();
            match key.as_str() {
                "name" => name = Some(self.expect_ident()?.0),
                "priority" => priority = Some(self.precedence()?),
                _ => return Err(self.error_here(format!("unknown notation option `{key}`"))),
            }
            self.expect(")")?;
        }
        let mut items = Vec::new();
        while !self.is("=>") {
            let tok = self.advance();
            match &tok.kind {
                TokKind::Str(s) => items.push(NotationItem::Atom(s.trim().to_string())),
                TokKind::Ident(v) if kind == NotationCmdKind::Notation && !v.contains('.') => {
                    let p = if self.eat(":") {
                        Some(self.precedence()?)
                    } else {
                        None
                    };
                    items.push(NotationItem::Var(v.clone(), p));
                }
                _ => {
                    return Err(super::ParseError::new(
                        tok.span.start,
                        tok.span.end,
                        "expected a quoted token or a variable in the notation",
                    ))
                }
            }
        }
        self.advance();
        let rhs = self.term()?;
        let notation = self.build_notation(kind, prec, &items, &rhs, start)?;
        let notation = self.table.add(notation);
        self.relex();
        Ok(NotationDecl {
            modifiers,
            kind,
            prec,
            name,
            priority,
            items,
            rhs,
            notation,
        })
    }

    fn build_notation(
        &self,
        kind: NotationCmdKind,
        prec: Option<u32>,
        items: &[NotationItem],
        rhs: &Term,
        start: usize,
    ) -> PResult<Notation> {
        let err = |msg: &str| super::ParseError::new(start, self.prev_end(), msg.to_string());
        let fixity = match kind {
            NotationCmdKind::Infixl => Some(Fixity::Infixl),
            NotationCmdKind::Infixr => Some(Fixity::Infixr),
            NotationCmdKind::Infix => Some(Fixity::Infix),
            NotationCmdKind::Prefix => Some(Fixity::Prefix),
            NotationCmdKind::Postfix => Some(Fixity::Postfix),
            NotationCmdKind::Notation => None,
        };
        let n = if let Some(fixity) = fixity {
            let prec =
                prec.ok_or_else(|| err("this command needs a precedence, as in `infixl:65`"))?;
            let atom = match items {
                [NotationItem::Atom(a)] => a,
                _ => return Err(err("expected exactly one quoted token")),
            };
            notation::operator(fixity, prec, atom, rhs.clone())
        } else {
            let default_prec = if matches!(items.last(), Some(NotationItem::Atom(_))) {
                MAX_PREC
            } else {
                LEAD_PREC
            };
            let mut shape = Vec::new();
            let mut vars = Vec::new();
            for item in items {
                match item {
                    NotationItem::Atom(a) => shape.push(Item::Atom(a.clone())),
                    NotationItem::Var(v, p) => {
                        if vars.contains(v) {
                            return Err(err(&format!("notation variable `{v}` appears twice")));
                        }
                        vars.push(v.clone());
                        shape.push(Item::Var(p.unwrap_or(0)));
                    }
                }
            }
            Notation {
                prec: prec.unwrap_or(default_prec),
                items: shape,
                vars,
                expansion: rhs.clone(),
            }
        };
        n.validate().map_err(|msg| err(&msg))?;
        Ok(n)
    }
}
