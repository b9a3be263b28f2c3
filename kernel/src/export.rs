//! The export format: writing a whole environment as text, and re-checking such a text
//! from scratch. The format is specified in the crate documentation (`FORMAT.md`).

use crate::decl::{
    ConstantKind, Constructor, Declaration, InductiveBlock, InductiveType, ReducibilityHints,
};
use crate::env::Environment;
use crate::error::KernelError;
use crate::expr::{BinderInfo, Expr, Literal, Node};
use crate::level::{Level, LevelNode};
use crate::name::Name;
use num_bigint::BigUint;
use std::collections::{BTreeSet, HashMap};
use std::fmt::{self, Write};

/// The first line of every export file.
pub const HEADER: &str = "cedrus-kernel-export 1";

/// Deepest universe level the reader accepts.
const MAX_LEVEL_DEPTH: usize = 256;

/// An error while reading an export file, with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportError {
    /// Line of the file where the error was found.
    pub line: usize,
    /// What went wrong.
    pub kind: ExportErrorKind,
}

/// What went wrong while reading an export file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportErrorKind {
    /// The first line is not [`HEADER`] (or names an unsupported version).
    BadHeader(String),
    /// A line does not follow the grammar.
    Syntax(String),
    /// A line refers to a name, level or term that was not defined before it.
    BadReference(String),
    /// The kernel refused a declaration.
    Kernel(KernelError),
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: ", self.line)?;
        match &self.kind {
            ExportErrorKind::BadHeader(h) => {
                write!(f, "expected header `{HEADER}`, found `{h}`")
            }
            ExportErrorKind::Syntax(m) => write!(f, "syntax error: {m}"),
            ExportErrorKind::BadReference(m) => write!(f, "undefined reference: {m}"),
            ExportErrorKind::Kernel(e) => write!(f, "declaration rejected: {e}"),
        }
    }
}

impl std::error::Error for ExportError {}

/// What [`check_file`] checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// Number of declarations (an inductive block counts once).
    pub declarations: usize,
    /// Axioms.
    pub axioms: usize,
    /// Definitions.
    pub definitions: usize,
    /// Theorems.
    pub theorems: usize,
    /// Opaque definitions.
    pub opaques: usize,
    /// Inductive types (every type of every block).
    pub inductive_types: usize,
    /// Constructors.
    pub constructors: usize,
    /// Generated recursors.
    pub recursors: usize,
    /// Every theorem with the axioms it depends on, in file order.
    pub theorem_axioms: Vec<(Name, BTreeSet<Name>)>,
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "checked {} declarations:", self.declarations)?;
        writeln!(
            f,
            "  {} axioms, {} definitions, {} theorems, {} opaque",
            self.axioms, self.definitions, self.theorems, self.opaques
        )?;
        writeln!(
            f,
            "  {} inductive types, {} constructors, {} recursors (generated)",
            self.inductive_types, self.constructors, self.recursors
        )?;
        for (t, axs) in &self.theorem_axioms {
            if axs.is_empty() {
                writeln!(f, "theorem {t}: no axioms")?;
            } else {
                let list: Vec<String> = axs.iter().map(|a| a.to_string()).collect();
                writeln!(f, "theorem {t}: axioms {}", list.join(", "))?;
            }
        }
        Ok(())
    }
}

fn quote(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
}

struct Writer<'e> {
    env: &'e Environment,
    out: String,
    names: HashMap<Name, usize>,
    levels: HashMap<Level, usize>,
    exprs: HashMap<Expr, usize>,
}

impl Writer<'_> {
    fn name(&mut self, n: &Name) -> usize {
        if let Some(&i) = self.names.get(n) {
            return i;
        }
        let i = self.names.len();
        let _ = write!(self.out, "N {i} ");
        quote(n.as_str(), &mut self.out);
        self.out.push('\n');
        self.names.insert(n.clone(), i);
        i
    }

    fn level(&mut self, l: &Level) -> usize {
        if let Some(&i) = self.levels.get(l) {
            return i;
        }
        let body = match l.node() {
            LevelNode::Zero => "Z".to_owned(),
            LevelNode::Succ(a) => format!("S {}", self.level(a)),
            LevelNode::Max(a, b) => format!("M {} {}", self.level(a), self.level(b)),
            LevelNode::IMax(a, b) => format!("I {} {}", self.level(a), self.level(b)),
            LevelNode::Param(n) => format!("P {}", self.name(n)),
        };
        let i = self.levels.len();
        let _ = writeln!(self.out, "L {i} {body}");
        self.levels.insert(l.clone(), i);
        i
    }

    /// Writes every node reachable from `root` (children have smaller ids, so ascending
    /// order is a valid definition order and no recursion is needed).
    fn expr(&mut self, root: Expr) -> usize {
        if let Some(&i) = self.exprs.get(&root) {
            return i;
        }
        let store = self.env.store();
        let mut todo = vec![root];
        let mut reach = BTreeSet::new();
        while let Some(e) = todo.pop() {
            if self.exprs.contains_key(&e) || !reach.insert(e) {
                continue;
            }
            match store.node(e) {
                Node::App(a, b) | Node::Lam(_, _, a, b) | Node::Pi(_, _, a, b) => {
                    todo.push(*a);
                    todo.push(*b);
                }
                Node::Let(_, t, v, b) => todo.extend([*t, *v, *b]),
                Node::Proj(_, _, a) => todo.push(*a),
                _ => {}
            }
        }
        for e in reach {
            let body = match store.node(e).clone() {
                Node::BVar(i) => format!("V {i}"),
                Node::FVar(_) => "F".to_owned(),
                Node::Sort(l) => format!("S {}", self.level(&l)),
                Node::Const(n, ls) => {
                    let mut s = format!("C {}", self.name(&n));
                    for l in &ls {
                        let _ = write!(s, " {}", self.level(l));
                    }
                    s
                }
                Node::App(a, b) => format!("A {} {}", self.exprs[&a], self.exprs[&b]),
                Node::Lam(n, bi, t, b) | Node::Pi(n, bi, t, b) => {
                    let tag = if matches!(store.node(e), Node::Lam(..)) {
                        "L"
                    } else {
                        "P"
                    };
                    let bi = match bi {
                        BinderInfo::Default => "d",
                        BinderInfo::Implicit => "i",
                        BinderInfo::StrictImplicit => "s",
                        BinderInfo::InstImplicit => "c",
                    };
                    let n = self.name(&n);
                    format!("{tag} {bi} {n} {} {}", self.exprs[&t], self.exprs[&b])
                }
                Node::Let(n, t, v, b) => {
                    let n = self.name(&n);
                    format!(
                        "Z {n} {} {} {}",
                        self.exprs[&t], self.exprs[&v], self.exprs[&b]
                    )
                }
                Node::Lit(Literal::Nat(v)) => format!("N {v}"),
                Node::Lit(Literal::Str(s)) => {
                    let mut q = String::from("T ");
                    quote(&s, &mut q);
                    q
                }
                Node::Proj(s, i, a) => format!("J {} {i} {}", self.name(&s), self.exprs[&a]),
            };
            let i = self.exprs.len();
            let _ = writeln!(self.out, "E {i} {body}");
            self.exprs.insert(e, i);
        }
        self.exprs[&root]
    }

    fn lparams(&mut self, lps: &[Name]) -> String {
        lps.iter().map(|p| format!(" {}", self.name(p))).collect()
    }

    fn decl(&mut self, d: &Declaration) {
        let line = match d {
            Declaration::Axiom { name, lparams, ty } => {
                let (n, t) = (self.name(name), self.expr(*ty));
                format!("AXIOM {n} {t}{}", self.lparams(lparams))
            }
            Declaration::Definition {
                name,
                lparams,
                ty,
                value,
                hints,
            } => {
                let (n, t, v) = (self.name(name), self.expr(*ty), self.expr(*value));
                let h = match hints {
                    ReducibilityHints::Regular => "R",
                    ReducibilityHints::Abbrev => "A",
                    ReducibilityHints::Opaque => "O",
                };
                format!("DEF {n} {t} {v} {h}{}", self.lparams(lparams))
            }
            Declaration::Theorem {
                name,
                lparams,
                ty,
                value,
            } => {
                let (n, t, v) = (self.name(name), self.expr(*ty), self.expr(*value));
                format!("THM {n} {t} {v}{}", self.lparams(lparams))
            }
            Declaration::Opaque {
                name,
                lparams,
                ty,
                value,
            } => {
                let (n, t, v) = (self.name(name), self.expr(*ty), self.expr(*value));
                format!("OPAQUE {n} {t} {v}{}", self.lparams(lparams))
            }
            Declaration::Inductive(b) => {
                let mut lines = Vec::new();
                for t in &b.types {
                    let (n, ty) = (self.name(&t.name), self.expr(t.ty));
                    lines.push(format!("TYPE {n} {ty} {}", t.ctors.len()));
                    for c in &t.ctors {
                        let (cn, ct) = (self.name(&c.name), self.expr(c.ty));
                        lines.push(format!("CTOR {cn} {ct}"));
                    }
                }
                let lps = self.lparams(&b.lparams);
                let mut s = format!("IND {} {}{lps}", b.num_params, b.types.len());
                for l in lines {
                    s.push('\n');
                    s.push_str(&l);
                }
                s
            }
        };
        self.out.push_str(&line);
        self.out.push('\n');
    }
}

/// Writes every accepted declaration of `env`, in order, in the export format.
pub fn write(env: &Environment) -> String {
    let mut w = Writer {
        env,
        out: format!("{HEADER}\n"),
        names: HashMap::new(),
        levels: HashMap::new(),
        exprs: HashMap::new(),
    };
    for d in env.declarations() {
        w.decl(d);
    }
    w.out
}

/// Writes the export of `env` to `out`.
pub fn write_to(env: &Environment, out: &mut impl std::io::Write) -> std::io::Result<()> {
    out.write_all(write(env).as_bytes())
}

struct Reader {
    env: Environment,
    names: Vec<Name>,
    levels: Vec<Level>,
    exprs: Vec<Expr>,
    line: usize,
}

fn unquote(s: &str) -> Option<(String, &str)> {
    let mut chars = s.strip_prefix('"')?.char_indices();
    let mut out = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &s[i + 2..])),
            '\\' => match chars.next()?.1 {
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                c @ ('"' | '\\') => out.push(c),
                _ => return None,
            },
            c => out.push(c),
        }
    }
    None
}

impl Reader {
    fn err(&self, kind: ExportErrorKind) -> ExportError {
        ExportError {
            line: self.line,
            kind,
        }
    }
    fn syntax(&self, m: impl Into<String>) -> ExportError {
        self.err(ExportErrorKind::Syntax(m.into()))
    }
    fn num<T: std::str::FromStr>(&self, tok: Option<&str>) -> Result<T, ExportError> {
        let t = tok.ok_or_else(|| self.syntax("missing field"))?;
        t.parse()
            .map_err(|_| self.syntax(format!("`{t}` is not a number")))
    }
    fn get<T: Clone>(&self, table: &[T], what: &str, tok: Option<&str>) -> Result<T, ExportError> {
        let i: usize = self.num(tok)?;
        table
            .get(i)
            .cloned()
            .ok_or_else(|| self.err(ExportErrorKind::BadReference(format!("{what} {i}"))))
    }
    fn fresh_index(&self, tok: Option<&str>, len: usize) -> Result<(), ExportError> {
        let i: usize = self.num(tok)?;
        if i != len {
            return Err(self.syntax(format!("expected index {len}, found {i}")));
        }
        Ok(())
    }
    fn lparams<'a>(&self, toks: impl Iterator<Item = &'a str>) -> Result<Vec<Name>, ExportError> {
        toks.map(|t| self.get(&self.names, "name", Some(t)))
            .collect()
    }
    fn end<'a>(&self, mut toks: impl Iterator<Item = &'a str>) -> Result<(), ExportError> {
        match toks.next() {
            Some(t) => Err(self.syntax(format!("unexpected `{t}`"))),
            None => Ok(()),
        }
    }

    fn level_line(&mut self, rest: &str) -> Result<(), ExportError> {
        let mut t = rest.split_ascii_whitespace();
        self.fresh_index(t.next(), self.levels.len())?;
        let l = match t.next() {
            Some("Z") => Level::zero(),
            Some("S") => self.get(&self.levels, "level", t.next())?.succ(),
            Some(k @ ("M" | "I")) => {
                let a = self.get(&self.levels, "level", t.next())?;
                let b = self.get(&self.levels, "level", t.next())?;
                if k == "M" {
                    Level::max(&a, &b)
                } else {
                    Level::imax(&a, &b)
                }
            }
            Some("P") => Level::param(self.get(&self.names, "name", t.next())?),
            other => return Err(self.syntax(format!("unknown level kind {other:?}"))),
        };
        self.end(t)?;
        if l.depth() > MAX_LEVEL_DEPTH {
            return Err(self.syntax("universe level nested too deeply"));
        }
        self.levels.push(l);
        Ok(())
    }

    fn expr_line(&mut self, rest: &str) -> Result<(), ExportError> {
        let (idx, rest) = rest
            .split_once(' ')
            .ok_or_else(|| self.syntax("missing fields"))?;
        self.fresh_index(Some(idx), self.exprs.len())?;
        let (kind, rest) = rest.split_once(' ').unwrap_or((rest, ""));
        if kind == "T" {
            let (s, tail) = unquote(rest).ok_or_else(|| self.syntax("bad string literal"))?;
            self.end(tail.split_ascii_whitespace())?;
            let e = self.env.store_mut().str_lit(&s);
            self.exprs.push(e);
            return Ok(());
        }
        let mut t = rest.split_ascii_whitespace();
        let ex = |r: &Self, tok: Option<&str>| r.get(&r.exprs, "term", tok);
        let node = match kind {
            "V" => Node::BVar(self.num(t.next())?),
            "S" => Node::Sort(self.get(&self.levels, "level", t.next())?),
            "C" => {
                let n = self.get(&self.names, "name", t.next())?;
                let ls = t
                    .by_ref()
                    .map(|x| self.get(&self.levels, "level", Some(x)))
                    .collect::<Result<_, _>>()?;
                Node::Const(n, ls)
            }
            "A" => Node::App(ex(self, t.next())?, ex(self, t.next())?),
            "L" | "P" => {
                let bi = match t.next() {
                    Some("d") => BinderInfo::Default,
                    Some("i") => BinderInfo::Implicit,
                    Some("s") => BinderInfo::StrictImplicit,
                    Some("c") => BinderInfo::InstImplicit,
                    other => return Err(self.syntax(format!("bad binder info {other:?}"))),
                };
                let n = self.get(&self.names, "name", t.next())?;
                let (ty, b) = (ex(self, t.next())?, ex(self, t.next())?);
                if kind == "L" {
                    Node::Lam(n, bi, ty, b)
                } else {
                    Node::Pi(n, bi, ty, b)
                }
            }
            "Z" => {
                let n = self.get(&self.names, "name", t.next())?;
                Node::Let(
                    n,
                    ex(self, t.next())?,
                    ex(self, t.next())?,
                    ex(self, t.next())?,
                )
            }
            "N" => {
                let tok = t.next().ok_or_else(|| self.syntax("missing literal"))?;
                let v = BigUint::parse_bytes(tok.as_bytes(), 10)
                    .filter(|_| tok.bytes().all(|b| b.is_ascii_digit()))
                    .ok_or_else(|| self.syntax(format!("bad natural number `{tok}`")))?;
                Node::Lit(Literal::Nat(v))
            }
            "J" => {
                let n = self.get(&self.names, "name", t.next())?;
                Node::Proj(n, self.num(t.next())?, ex(self, t.next())?)
            }
            other => return Err(self.syntax(format!("unknown term kind `{other}`"))),
        };
        self.end(t)?;
        let e = self.env.store_mut().mk(node);
        self.exprs.push(e);
        Ok(())
    }

    fn add(&mut self, d: Declaration) -> Result<(), ExportError> {
        self.env
            .add(d)
            .map_err(|e| self.err(ExportErrorKind::Kernel(e)))
    }
}

/// Reads an export file into a fresh environment, checking every declaration.
pub fn read(text: &str) -> Result<Environment, ExportError> {
    let mut r = Reader {
        env: Environment::new(),
        names: Vec::new(),
        levels: Vec::new(),
        exprs: Vec::new(),
        line: 1,
    };
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')));
    match lines.next() {
        Some((_, h)) if h.trim_end() == HEADER => {}
        Some((_, h)) => return Err(r.err(ExportErrorKind::BadHeader(h.to_owned()))),
        None => return Err(r.err(ExportErrorKind::BadHeader(String::new()))),
    }
    // An inductive block being read: (start line, block, types still expected, ctors still
    // expected for the current type).
    let mut pending: Option<(usize, InductiveBlock, usize, usize)> = None;
    for (no, line) in lines {
        r.line = no;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (kw, rest) = line.split_once(' ').unwrap_or((line, ""));
        if let Some((start, mut block, types_left, ctors_left)) = pending.take() {
            let mut t = rest.split_ascii_whitespace();
            match kw {
                "TYPE" if ctors_left == 0 && types_left > 0 => {
                    let name = r.get(&r.names, "name", t.next())?;
                    let ty = r.get(&r.exprs, "term", t.next())?;
                    let n: usize = r.num(t.next())?;
                    r.end(t)?;
                    block.types.push(InductiveType {
                        name,
                        ty,
                        ctors: Vec::new(),
                    });
                    pending = Some((start, block, types_left - 1, n));
                }
                "CTOR" if ctors_left > 0 => {
                    let name = r.get(&r.names, "name", t.next())?;
                    let ty = r.get(&r.exprs, "term", t.next())?;
                    r.end(t)?;
                    if let Some(last) = block.types.last_mut() {
                        last.ctors.push(Constructor { name, ty });
                    }
                    pending = Some((start, block, types_left, ctors_left - 1));
                }
                _ => return Err(r.syntax(format!("expected TYPE or CTOR, found `{kw}`"))),
            }
            if let Some((start, _, 0, 0)) = &pending {
                let start = *start;
                if let Some((_, block, _, _)) = pending.take() {
                    let here = r.line;
                    r.line = start;
                    r.add(Declaration::Inductive(block))?;
                    r.line = here;
                }
            }
            continue;
        }
        match kw {
            "N" => {
                let mut t = rest.splitn(2, ' ');
                r.fresh_index(t.next(), r.names.len())?;
                let (s, tail) = t
                    .next()
                    .and_then(unquote)
                    .ok_or_else(|| r.syntax("bad quoted name"))?;
                r.end(tail.split_ascii_whitespace())?;
                r.names.push(Name::new(&s));
            }
            "L" => r.level_line(rest)?,
            "E" => r.expr_line(rest)?,
            "AXIOM" | "DEF" | "THM" | "OPAQUE" => {
                let mut t = rest.split_ascii_whitespace();
                let name = r.get(&r.names, "name", t.next())?;
                let ty = r.get(&r.exprs, "term", t.next())?;
                let decl = match kw {
                    "AXIOM" => Declaration::Axiom {
                        name,
                        lparams: r.lparams(t)?,
                        ty,
                    },
                    _ => {
                        let value = r.get(&r.exprs, "term", t.next())?;
                        match kw {
                            "THM" => Declaration::Theorem {
                                name,
                                lparams: r.lparams(t)?,
                                ty,
                                value,
                            },
                            "OPAQUE" => Declaration::Opaque {
                                name,
                                lparams: r.lparams(t)?,
                                ty,
                                value,
                            },
                            _ => {
                                let hints = match t.next() {
                                    Some("R") => ReducibilityHints::Regular,
                                    Some("A") => ReducibilityHints::Abbrev,
                                    Some("O") => ReducibilityHints::Opaque,
                                    other => return Err(r.syntax(format!("bad hint {other:?}"))),
                                };
                                Declaration::Definition {
                                    name,
                                    lparams: r.lparams(t)?,
                                    ty,
                                    value,
                                    hints,
                                }
                            }
                        }
                    }
                };
                r.add(decl)?;
            }
            "IND" => {
                let mut t = rest.split_ascii_whitespace();
                let num_params: u32 = r.num(t.next())?;
                let ntypes: usize = r.num(t.next())?;
                let lparams = r.lparams(t)?;
                if ntypes == 0 {
                    return Err(r.syntax("an inductive block needs at least one type"));
                }
                let block = InductiveBlock {
                    lparams,
                    num_params,
                    types: Vec::new(),
                };
                pending = Some((no, block, ntypes, 0));
            }
            other => return Err(r.syntax(format!("unknown line kind `{other}`"))),
        }
    }
    if pending.is_some() {
        return Err(r.syntax("file ends inside an inductive block"));
    }
    Ok(r.env)
}

/// Re-checks an export file from scratch and reports what it contained.
pub fn check_file(text: &str) -> Result<CheckReport, ExportError> {
    let env = read(text)?;
    let mut rep = CheckReport {
        declarations: env.declarations().len(),
        ..CheckReport::default()
    };
    for d in env.declarations() {
        match d {
            Declaration::Axiom { .. } => rep.axioms += 1,
            Declaration::Definition { .. } => rep.definitions += 1,
            Declaration::Theorem { name, .. } => {
                rep.theorems += 1;
                rep.theorem_axioms.push((name.clone(), env.axioms_of(name)));
            }
            Declaration::Opaque { .. } => rep.opaques += 1,
            Declaration::Inductive(b) => {
                rep.inductive_types += b.types.len();
                rep.constructors += b.types.iter().map(|t| t.ctors.len()).sum::<usize>();
                for t in &b.types {
                    rep.recursors += 1;
                    let _ = t;
                }
                // Auxiliary recursors of nested blocks.
                let first = &b.types[0].name;
                let mut k = 1;
                while matches!(
                    env.get(&first.child(&format!("rec_{k}"))).map(|c| &c.kind),
                    Some(ConstantKind::Recursor(_))
                ) {
                    rep.recursors += 1;
                    k += 1;
                }
            }
        }
    }
    Ok(rep)
}
