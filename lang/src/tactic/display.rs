//! The goal view: goals printed as an IDE shows them, with notation restored.
//!
//! ```text
//! case cons
//! α : Type
//! x : α
//! xs ys : List α
//! ih : (xs ++ ys).length = xs.length + ys.length
//! ⊢ (x :: xs ++ ys).length = (x :: xs).length + ys.length
//! ```
//!
//! Terms are printed from kernel terms: operators of the prelude (`+`, `::`, `=`, `∧`, …)
//! with their precedences, numerals, list literals, implicit and instance arguments
//! hidden, and names shortened by the namespaces that are open.

use cedrus_kernel::{BinderInfo, Expr, Literal, Name, Node};

use super::goal;
use super::state::State;
use crate::elab::ctx::Ctx;

/// Deepest term printed in full; deeper subterms print as `⋯`.
const MAX_DEPTH: u32 = 200;

/// Prints every goal of `st`, separated by blank lines.
pub fn show_goals(ctx: &mut Ctx<'_>, st: &State) -> String {
    let goals: Vec<Expr> = st
        .goals
        .iter()
        .copied()
        .filter(|&g| goal::is_open(ctx, g))
        .collect();
    if goals.is_empty() {
        return "no goals".to_string();
    }
    goals
        .iter()
        .map(|&g| show_goal(ctx, g, st.tag(g)))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Prints one goal: its tag line, hypotheses (consecutive ones of the same type
/// grouped) and `⊢ target`.
pub fn show_goal(ctx: &mut Ctx<'_>, g: Expr, tag: Option<&str>) -> String {
    let mut lines = Vec::new();
    if let Some(t) = tag {
        lines.push(format!("case {t}"));
    }
    let mut group: Vec<String> = Vec::new();
    let mut group_ty: Option<String> = None;
    for h in goal::hyps(ctx, g) {
        let name = goal::hyp_name(ctx, h);
        let ty = goal::hyp_type(ctx, h);
        let ty = pp(ctx, ty);
        let val = ctx.let_vals.get(&h).copied();
        if let Some(v) = val {
            flush(&mut lines, &mut group, &mut group_ty);
            let v = ctx.instantiate(v);
            let v = pp(ctx, v);
            lines.push(format!("{name} : {ty} := {v}"));
            continue;
        }
        if group_ty.as_deref() != Some(ty.as_str()) {
            flush(&mut lines, &mut group, &mut group_ty);
            group_ty = Some(ty);
        }
        group.push(name);
    }
    flush(&mut lines, &mut group, &mut group_ty);
    let t = goal::target(ctx, g);
    lines.push(format!("⊢ {}", pp(ctx, t)));
    lines.join("\n")
}

fn flush(lines: &mut Vec<String>, group: &mut Vec<String>, ty: &mut Option<String>) {
    if let Some(t) = ty.take() {
        if !group.is_empty() {
            lines.push(format!("{} : {t}", group.join(" ")));
        }
    }
    group.clear();
}

/// Prints a term of the goal's context with notation.
pub fn pp(ctx: &mut Ctx<'_>, e: Expr) -> String {
    let e = ctx.instantiate(e);
    let mut p = Printer {
        ctx,
        names: Vec::new(),
    };
    p.term(e, 0, 0)
}

struct Printer<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    /// Names of the enclosing binders, innermost last.
    names: Vec<String>,
}

/// An infix operator: symbol, precedence, and the precedences of its operands.
struct Infix {
    sym: &'static str,
    prec: u32,
    lhs: u32,
    rhs: u32,
}

const fn infixl(sym: &'static str, prec: u32) -> Infix {
    Infix {
        sym,
        prec,
        lhs: prec,
        rhs: prec + 1,
    }
}
const fn infixr(sym: &'static str, prec: u32) -> Infix {
    Infix {
        sym,
        prec,
        lhs: prec + 1,
        rhs: prec,
    }
}
const fn infix(sym: &'static str, prec: u32) -> Infix {
    Infix {
        sym,
        prec,
        lhs: prec + 1,
        rhs: prec + 1,
    }
}

/// Operators: the constant, its number of arguments, and the notation of its last two.
fn infix_of(n: &str, nargs: usize) -> Option<Infix> {
    Some(match (n, nargs) {
        ("HAdd.hAdd", 6) => infixl("+", 65),
        ("HSub.hSub", 6) => infixl("-", 65),
        ("HMul.hMul", 6) => infixl("*", 70),
        ("HDiv.hDiv", 6) => infixl("/", 70),
        ("HMod.hMod", 6) => infixl("%", 70),
        ("HPow.hPow", 6) => infixr("^", 75),
        ("HAppend.hAppend", 6) => infixl("++", 65),
        ("Eq", 3) => infix("=", 50),
        ("Ne", 3) => infix("≠", 50),
        ("LE.le", 4) => infix("≤", 50),
        ("LT.lt", 4) => infix("<", 50),
        ("GE.ge", 4) => infix("≥", 50),
        ("GT.gt", 4) => infix(">", 50),
        ("BEq.beq", 4) => infix("==", 50),
        ("bne", 4) => infix("!=", 50),
        ("And", 2) => infixr("∧", 35),
        ("Or", 2) => infixr("∨", 30),
        ("Iff", 2) => infix("↔", 20),
        ("List.cons", 3) => infixr("::", 67),
        ("and", 2) => infixl("&&", 35),
        ("or", 2) => infixl("||", 30),
        _ => return None,
    })
}

fn paren(s: String, needed: bool) -> String {
    if needed {
        format!("({s})")
    } else {
        s
    }
}

impl Printer<'_, '_> {
    fn term(&mut self, e: Expr, prec: u32, depth: u32) -> String {
        if depth > MAX_DEPTH {
            return "⋯".to_string();
        }
        let d = depth + 1;
        let node = self.ctx.tc.store.node(e).clone();
        match node {
            Node::BVar(i) => {
                let k = self.names.len() as i64 - 1 - i64::from(i);
                match usize::try_from(k).ok().and_then(|k| self.names.get(k)) {
                    Some(n) => n.clone(),
                    None => format!("#{i}"),
                }
            }
            Node::FVar(_) => {
                if self.ctx.is_mvar(e) {
                    "?_".to_string()
                } else {
                    self.ctx.tc.local_name(e).as_str().to_string()
                }
            }
            Node::Sort(l) => {
                let l = self.ctx.display_level(&l);
                if l.is_zero() {
                    return "Prop".into();
                }
                if let cedrus_kernel::level::LevelNode::Succ(inner) = l.node() {
                    if inner.is_zero() {
                        return "Type".into();
                    }
                    return paren(format!("Type {}", level_arg(inner)), prec > 1000);
                }
                paren(format!("Sort {}", level_arg(&l)), prec > 1000)
            }
            Node::Const(n, _) => self.short(&n),
            Node::Lit(Literal::Nat(n)) => n.to_string(),
            Node::Lit(Literal::Str(s)) => format!("{s:?}"),
            Node::Proj(_, i, x) => format!("{}.{}", self.term(x, 1024, d), i + 1),
            Node::Lam(..) => {
                let mut bs = Vec::new();
                let mut cur = e;
                let base = self.names.len();
                while let Node::Lam(n, _, _, b) = self.ctx.tc.store.node(cur).clone() {
                    let n = self.fresh(n.as_str());
                    bs.push(n.clone());
                    self.names.push(n);
                    cur = b;
                }
                let body = self.term(cur, 0, d);
                self.names.truncate(base);
                paren(format!("fun {} => {body}", bs.join(" ")), prec > 0)
            }
            Node::Pi(n, bi, dom, b) => {
                let dep =
                    self.ctx.tc.store.loose_range(b) > 0 && mentions_bvar0(self.ctx.tc.store, b);
                let ds = self.term(dom, if dep { 0 } else { 26 }, d);
                if !dep {
                    self.names.push("_".into());
                    let body = self.term(b, 25, d);
                    self.names.pop();
                    let not = self.is_false(b);
                    if not && bi == BinderInfo::Default {
                        return paren(format!("¬{}", self.term(dom, 40, d)), prec > 1000);
                    }
                    return paren(format!("{ds} → {body}"), prec > 25);
                }
                let n = self.fresh(n.as_str());
                self.names.push(n.clone());
                let body = self.term(b, 0, d);
                self.names.pop();
                let binder = match bi {
                    BinderInfo::Implicit => format!("{{{n} : {ds}}}"),
                    BinderInfo::StrictImplicit => format!("⦃{n} : {ds}⦄"),
                    BinderInfo::InstImplicit => format!("[{ds}]"),
                    BinderInfo::Default => format!("({n} : {ds})"),
                };
                paren(format!("∀ {binder}, {body}"), prec > 0)
            }
            Node::Let(n, ty, v, b) => {
                let ts = self.term(ty, 0, d);
                let vs = self.term(v, 0, d);
                let n = self.fresh(n.as_str());
                self.names.push(n.clone());
                let body = self.term(b, 0, d);
                self.names.pop();
                paren(format!("let {n} : {ts} := {vs}; {body}"), prec > 0)
            }
            Node::App(..) => self.app(e, prec, d),
        }
    }

    fn is_false(&self, b: Expr) -> bool {
        matches!(self.ctx.tc.store.node(b), Node::Const(n, _) if n.as_str() == "False")
    }

    fn fresh(&self, base: &str) -> String {
        let base = if base.is_empty() { "x" } else { base };
        let mut n = base.to_string();
        let mut k = 1;
        while self.names.contains(&n) {
            n = format!("{base}_{k}");
            k += 1;
        }
        n
    }

    /// A constant's name without the namespaces that are open.
    fn short(&self, n: &Name) -> String {
        let s = n.as_str();
        let meta = self.ctx.meta;
        if let Some((alias, _)) = meta.aliases.iter().find(|(_, v)| *v == n) {
            return alias.clone();
        }
        let mut opens: Vec<&Name> = meta.scopes.iter().flat_map(|sc| sc.opens.iter()).collect();
        let ns: Vec<&Name> = meta.scopes.iter().map(|sc| &sc.namespace).collect();
        opens.extend(ns);
        opens.extend(self.ctx.extra_opens.iter());
        for o in opens {
            if o.is_anonymous() {
                continue;
            }
            if let Some(rest) = s.strip_prefix(o.as_str()).and_then(|r| r.strip_prefix('.')) {
                if !rest.is_empty() {
                    return rest.to_string();
                }
            }
        }
        s.to_string()
    }

    fn app(&mut self, e: Expr, prec: u32, d: u32) -> String {
        let (h, args) = self.ctx.tc.store.unfold_apps(e);
        let head_name = match self.ctx.tc.store.node(h) {
            Node::Const(n, _) => Some(n.clone()),
            _ => None,
        };
        if let Some(n) = &head_name {
            if let Some(s) = self.notation(n.as_str(), &args, prec, d) {
                return s;
            }
        }
        let explicit = self.explicit_mask(h, args.len());
        let receiver = head_name
            .as_ref()
            .and_then(|n| self.field_receiver(n, &args, &explicit));
        let mut parts = Vec::new();
        match receiver {
            Some((i, ref field)) => {
                let x = self.term(args[i], 1024, d);
                parts.push(format!("{x}.{field}"));
            }
            None => parts.push(self.term(h, 1024, d)),
        }
        for (k, (a, keep)) in args.iter().zip(explicit).enumerate() {
            if keep && receiver.as_ref().is_none_or(|(i, _)| *i != k) {
                parts.push(self.term(*a, 1024, d));
            }
        }
        if parts.len() == 1 {
            return parts.remove(0);
        }
        paren(parts.join(" "), prec >= 1024)
    }

    /// Field notation, as Lean's goal view prints `T.f x a` as `x.f a`: the index of the
    /// receiver `x` (the first explicit argument, when the binder's type is headed by
    /// `T`) and the field name `f`. Not for literal receivers (`2.succ` would read as a
    /// number).
    fn field_receiver(
        &mut self,
        n: &Name,
        args: &[Expr],
        explicit: &[bool],
    ) -> Option<(usize, String)> {
        let (ns, field) = n.as_str().rsplit_once('.')?;
        let i = explicit.iter().position(|&e| e)?;
        if matches!(self.ctx.tc.store.node(args[i]), Node::Lit(_)) {
            return None;
        }
        let mut ty = self.ctx.tc.table.consts.get(n)?.ty;
        for _ in 0..i {
            match self.ctx.tc.store.node(ty) {
                Node::Pi(_, _, _, b) => ty = *b,
                _ => return None,
            }
        }
        let Node::Pi(_, _, dom, _) = self.ctx.tc.store.node(ty) else {
            return None;
        };
        let (t, _) = self.ctx.tc.store.head_const(*dom)?;
        (t.as_str() == ns).then(|| (i, field.to_string()))
    }

    /// Which arguments of `h` are explicit (by the binders of its type).
    fn explicit_mask(&mut self, h: Expr, n: usize) -> Vec<bool> {
        let ty = match self.ctx.tc.store.node(h).clone() {
            Node::Const(c, _) => self.ctx.tc.table.consts.get(&c).map(|i| i.ty),
            Node::FVar(_) => self.ctx.tc.local_type(h),
            _ => None,
        };
        let mut out = Vec::with_capacity(n);
        let mut cur = ty;
        for _ in 0..n {
            match cur.map(|t| self.ctx.tc.store.node(t).clone()) {
                Some(Node::Pi(_, bi, _, b)) => {
                    out.push(bi == BinderInfo::Default);
                    cur = Some(b);
                }
                _ => {
                    out.push(true);
                    cur = None;
                }
            }
        }
        out
    }

    fn notation(&mut self, n: &str, args: &[Expr], prec: u32, d: u32) -> Option<String> {
        if let Some(op) = infix_of(n, args.len()) {
            let k = args.len();
            if n == "List.cons" {
                if let Some(items) = self.list_literal(args[2]) {
                    let mut all = vec![self.term(args[1], 0, d)];
                    all.extend(items.into_iter().map(|x| self.term(x, 0, d)));
                    return Some(format!("[{}]", all.join(", ")));
                }
            }
            let l = self.term(args[k - 2], op.lhs, d);
            let r = self.term(args[k - 1], op.rhs, d);
            return Some(paren(format!("{l} {} {r}", op.sym), prec > op.prec));
        }
        match (n, args) {
            ("List.nil", [_]) => Some("[]".into()),
            ("OfNat.ofNat", [_, lit, _]) => Some(self.term(*lit, prec, d)),
            ("Not", [a]) => Some(paren(format!("¬{}", self.term(*a, 40, d)), prec > 1000)),
            ("Neg.neg", [_, _, a]) => {
                Some(paren(format!("-{}", self.term(*a, 1024, d)), prec > 75))
            }
            ("ite", [_, c, _, a, b]) => Some(paren(
                format!(
                    "if {} then {} else {}",
                    self.term(*c, 0, d),
                    self.term(*a, 0, d),
                    self.term(*b, 0, d)
                ),
                prec > 0,
            )),
            ("Exists", [_, p]) => {
                let p = *p;
                if let Node::Lam(x, _, _, b) = self.ctx.tc.store.node(p).clone() {
                    let x = self.fresh(x.as_str());
                    self.names.push(x.clone());
                    let body = self.term(b, 0, d);
                    self.names.pop();
                    Some(paren(format!("∃ {x}, {body}"), prec > 0))
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// The elements of a list built from `List.cons` and `List.nil`.
    fn list_literal(&self, e: Expr) -> Option<Vec<Expr>> {
        let mut out = Vec::new();
        let mut cur = e;
        for _ in 0..10_000 {
            let (h, args) = self.ctx.tc.store.unfold_apps(cur);
            match (self.ctx.tc.store.node(h), args.as_slice()) {
                (Node::Const(n, _), [_]) if n.as_str() == "List.nil" => return Some(out),
                (Node::Const(n, _), [_, x, rest]) if n.as_str() == "List.cons" => {
                    out.push(*x);
                    cur = *rest;
                }
                _ => return None,
            }
        }
        None
    }
}

/// A level as the argument of `Sort`/`Type` (parenthesized unless atomic).
fn level_arg(l: &cedrus_kernel::Level) -> String {
    let s = l.to_string();
    if s.chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '?' || c == '.')
    {
        s
    } else {
        format!("({s})")
    }
}

/// Whether bound variable 0 occurs in `e`.
fn mentions_bvar0(s: &cedrus_kernel::Store, e: Expr) -> bool {
    fn go(s: &cedrus_kernel::Store, e: Expr, k: u32, fuel: &mut u32) -> bool {
        if *fuel == 0 || s.loose_range(e) <= k {
            return false;
        }
        *fuel -= 1;
        match s.node(e) {
            Node::BVar(i) => *i == k,
            Node::App(f, a) => go(s, *f, k, fuel) || go(s, *a, k, fuel),
            Node::Lam(_, _, t, b) | Node::Pi(_, _, t, b) => {
                go(s, *t, k, fuel) || go(s, *b, k + 1, fuel)
            }
            Node::Let(_, t, v, b) => {
                go(s, *t, k, fuel) || go(s, *v, k, fuel) || go(s, *b, k + 1, fuel)
            }
            Node::Proj(_, _, x) => go(s, *x, k, fuel),
            _ => false,
        }
    }
    let mut fuel = 100_000;
    go(s, e, 0, &mut fuel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_have_lean_precedences() {
        let add = infix_of("HAdd.hAdd", 6).map(|o| (o.sym, o.prec, o.lhs, o.rhs));
        assert_eq!(add, Some(("+", 65, 65, 66)));
        let cons = infix_of("List.cons", 3).map(|o| (o.sym, o.prec, o.lhs, o.rhs));
        assert_eq!(cons, Some(("::", 67, 68, 67)));
        let and = infix_of("And", 2).map(|o| (o.sym, o.prec, o.lhs, o.rhs));
        assert_eq!(and, Some(("∧", 35, 36, 35)));
        // Partial applications print as ordinary applications.
        assert!(infix_of("HAdd.hAdd", 5).is_none());
        assert!(infix_of("Eq", 2).is_none());
    }

    #[test]
    fn levels_are_parenthesized_unless_atomic() {
        let u = cedrus_kernel::Level::param(Name::new("u"));
        assert_eq!(level_arg(&u), "u");
        assert_eq!(level_arg(&u.succ()), format!("({})", u.succ()));
    }

    #[test]
    fn parentheses_only_when_needed() {
        assert_eq!(paren("a + b".into(), true), "(a + b)");
        assert_eq!(paren("a + b".into(), false), "a + b");
    }
}
