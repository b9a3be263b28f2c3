//! A tiny s-expression syntax for writing kernel terms in tests.
//!
//! `(fun (x : A) (y : B) body)`, `(pi (x : A) body)`, `(-> A B C)`, `(let x A v body)`,
//! `(proj S i e)`, `(f a b)`, `Prop`, `Type`, `Sort.{u}`, `c.{u, v+1, max(u v)}`, numbers
//! (Nat literals) and `"strings"`. Names bound by `fun`/`pi`/`let` become de Bruijn indices.
#![allow(dead_code)]

use cedrus_kernel::*;

#[derive(Debug, Clone)]
enum Sx {
    Atom(String),
    List(Vec<Sx>),
}

fn tokenize(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let cs: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' || c == ')' {
            out.push(c.to_string());
            i += 1;
        } else if c == '"' {
            let mut j = i + 1;
            while cs[j] != '"' {
                j += 1;
            }
            out.push(cs[i..=j].iter().collect());
            i = j + 1;
        } else {
            let mut j = i;
            let mut brace = 0;
            while j < cs.len()
                && (brace > 0 || !(cs[j].is_whitespace() || cs[j] == '(' || cs[j] == ')'))
            {
                if cs[j] == '{' {
                    brace += 1;
                }
                if cs[j] == '}' {
                    brace -= 1;
                }
                j += 1;
            }
            out.push(cs[i..j].iter().collect());
            i = j;
        }
    }
    out
}

fn parse_sx(toks: &[String], pos: &mut usize) -> Sx {
    let t = toks[*pos].clone();
    *pos += 1;
    if t == "(" {
        let mut v = Vec::new();
        while toks[*pos] != ")" {
            v.push(parse_sx(toks, pos));
        }
        *pos += 1;
        Sx::List(v)
    } else {
        Sx::Atom(t)
    }
}

/// Parses a level: `0`, `u`, `u+1`, `max(a b)`, `imax(a b)`.
pub fn level(s: &str) -> Level {
    let s = s.trim();
    for (kw, f) in [
        ("imax(", Level::imax as fn(&Level, &Level) -> Level),
        ("max(", Level::max),
    ] {
        if let Some(rest) = s.strip_prefix(kw) {
            let inner = &rest[..rest.len() - 1];
            let mut depth = 0;
            let mut split = 0;
            for (i, c) in inner.char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    ' ' if depth == 0 => {
                        split = i;
                        break;
                    }
                    _ => {}
                }
            }
            return f(&level(&inner[..split]), &level(&inner[split + 1..]));
        }
    }
    if let Some((a, k)) = s.split_once('+') {
        let mut l = level(a);
        for _ in 0..k.parse::<u32>().unwrap() {
            l = l.succ();
        }
        return l;
    }
    if let Ok(n) = s.parse::<u32>() {
        let mut l = Level::zero();
        for _ in 0..n {
            l = l.succ();
        }
        return l;
    }
    Level::param(s)
}

fn levels(s: &str) -> Vec<Level> {
    let inner = s.trim_start_matches('{').trim_end_matches('}');
    if inner.trim().is_empty() {
        return vec![];
    }
    let mut out = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in inner.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(level(&inner[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(level(&inner[start..]));
    out
}

fn build(s: &mut Store, sx: &Sx, bound: &mut Vec<String>) -> Expr {
    match sx {
        Sx::Atom(a) => {
            if let Some(p) = bound.iter().rposition(|b| b == a) {
                return s.bvar((bound.len() - 1 - p) as u32);
            }
            if a.starts_with('"') {
                return s.str_lit(&a[1..a.len() - 1]);
            }
            if !a.is_empty() && a.bytes().all(|b| b.is_ascii_digit()) {
                return s.nat(num_bigint::BigUint::parse_bytes(a.as_bytes(), 10).unwrap());
            }
            if a == "Prop" {
                return s.prop();
            }
            if a == "Type" {
                return s.sort(Level::one());
            }
            let (name, ls) = match a.find(".{") {
                Some(i) => (&a[..i], levels(&a[i + 1..])),
                None => (a.as_str(), vec![]),
            };
            if name == "Sort" {
                return s.sort(ls[0].clone());
            }
            if name == "Type" {
                return s.sort(ls[0].succ());
            }
            s.cnst(name, ls)
        }
        Sx::List(items) => {
            let head = match &items[0] {
                Sx::Atom(h) => h.as_str(),
                _ => "",
            };
            match head {
                "fun" | "pi" => {
                    let mut binders = Vec::new();
                    for b in &items[1..items.len() - 1] {
                        let Sx::List(parts) = b else { panic!("binder") };
                        let Sx::Atom(x) = &parts[0] else {
                            panic!("binder name")
                        };
                        let ty = build(s, &parts[2], bound);
                        binders.push((x.clone(), ty));
                        bound.push(x.clone());
                    }
                    let mut body = build(s, &items[items.len() - 1], bound);
                    for (x, ty) in binders.into_iter().rev() {
                        bound.pop();
                        body = if head == "fun" {
                            s.lam(x.as_str(), ty, body)
                        } else {
                            s.pi(x.as_str(), ty, body)
                        };
                    }
                    body
                }
                "->" => {
                    let tys: Vec<Expr> = items[1..].iter().map(|i| build(s, i, bound)).collect();
                    let mut r = *tys.last().unwrap();
                    for &t in tys[..tys.len() - 1].iter().rev() {
                        r = s.arrow(t, r);
                    }
                    r
                }
                "let" => {
                    let Sx::Atom(x) = &items[1] else { panic!() };
                    let ty = build(s, &items[2], bound);
                    let v = build(s, &items[3], bound);
                    bound.push(x.clone());
                    let b = build(s, &items[4], bound);
                    bound.pop();
                    s.let_(x.as_str(), ty, v, b)
                }
                "proj" => {
                    let Sx::Atom(st) = &items[1] else { panic!() };
                    let Sx::Atom(i) = &items[2] else { panic!() };
                    let e = build(s, &items[3], bound);
                    s.proj(st.as_str(), i.parse().unwrap(), e)
                }
                _ => {
                    let f = build(s, &items[0], bound);
                    let args: Vec<Expr> = items[1..].iter().map(|i| build(s, i, bound)).collect();
                    s.apps(f, &args)
                }
            }
        }
    }
}

/// Parses a term into the store.
pub fn term(s: &mut Store, src: &str) -> Expr {
    let toks = tokenize(src);
    let mut pos = 0;
    let sx = parse_sx(&toks, &mut pos);
    build(s, &sx, &mut Vec::new())
}

fn lps(l: &[&str]) -> Vec<Name> {
    l.iter().map(|x| Name::new(x)).collect()
}

/// `axiom name.{lps} : ty`
pub fn axiom(env: &mut Environment, name: &str, lp: &[&str], ty: &str) -> Result<(), KernelError> {
    let ty = term(env.store_mut(), ty);
    env.add(Declaration::Axiom {
        name: Name::new(name),
        lparams: lps(lp),
        ty,
    })
}

/// `def name.{lps} : ty := value`
pub fn def(
    env: &mut Environment,
    name: &str,
    lp: &[&str],
    ty: &str,
    val: &str,
) -> Result<(), KernelError> {
    let ty = term(env.store_mut(), ty);
    let value = term(env.store_mut(), val);
    env.add(Declaration::Definition {
        name: Name::new(name),
        lparams: lps(lp),
        ty,
        value,
        hints: ReducibilityHints::Regular,
    })
}

/// `theorem name.{lps} : ty := value`
pub fn thm(
    env: &mut Environment,
    name: &str,
    lp: &[&str],
    ty: &str,
    val: &str,
) -> Result<(), KernelError> {
    let ty = term(env.store_mut(), ty);
    let value = term(env.store_mut(), val);
    env.add(Declaration::Theorem {
        name: Name::new(name),
        lparams: lps(lp),
        ty,
        value,
    })
}

/// One type of a block: name, type, constructors with their types.
pub type TypeSpec<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

/// An inductive block: `types` are `(name, type, [(ctor, type)])`.
pub fn ind(
    env: &mut Environment,
    lp: &[&str],
    num_params: u32,
    types: &[TypeSpec<'_>],
) -> Result<(), KernelError> {
    let types = types
        .iter()
        .map(|(n, ty, ctors)| InductiveType {
            name: Name::new(n),
            ty: term(env.store_mut(), ty),
            ctors: ctors
                .iter()
                .map(|(c, t)| Constructor {
                    name: Name::new(c),
                    ty: term(env.store_mut(), t),
                })
                .collect(),
        })
        .collect();
    env.add(Declaration::Inductive(InductiveBlock {
        lparams: lps(lp),
        num_params,
        types,
    }))
}

/// Declares `Nat`, `Bool` and every accelerated Nat function (from the kernel's references).
pub fn nat_prelude(env: &mut Environment) {
    ind(
        env,
        &[],
        0,
        &[(
            "Nat",
            "Type",
            &[("Nat.zero", "Nat"), ("Nat.succ", "(-> Nat Nat)")],
        )],
    )
    .unwrap();
    ind(
        env,
        &[],
        0,
        &[(
            "Bool",
            "Type",
            &[("Bool.false", "Bool"), ("Bool.true", "Bool")],
        )],
    )
    .unwrap();
    let mut ops: Vec<&str> = builtins::NAT_BINOPS.to_vec();
    ops.push(builtins::NAT_LOG2);
    for op in ops {
        let (ty, value) = builtins::reference_definition(env, op).unwrap();
        env.add(Declaration::Definition {
            name: Name::new(op),
            lparams: vec![],
            ty,
            value,
            hints: ReducibilityHints::Regular,
        })
        .unwrap();
    }
}

/// `Nat` prelude plus `Eq`, `True`, `False`, `And`, `Or`, `Exists`, `List`, `Prod`.
pub fn prelude(env: &mut Environment) {
    nat_prelude(env);
    ind(
        env,
        &["u"],
        2,
        &[(
            "Eq",
            "(pi (α : Sort.{u}) (a : α) (b : α) Prop)",
            &[("Eq.refl", "(pi (α : Sort.{u}) (a : α) (Eq.{u} α a a))")],
        )],
    )
    .unwrap();
    ind(env, &[], 0, &[("True", "Prop", &[("True.intro", "True")])]).unwrap();
    ind(env, &[], 0, &[("False", "Prop", &[])]).unwrap();
    ind(
        env,
        &[],
        2,
        &[(
            "And",
            "(-> Prop Prop Prop)",
            &[("And.intro", "(pi (a : Prop) (b : Prop) (-> a b (And a b)))")],
        )],
    )
    .unwrap();
    ind(
        env,
        &[],
        2,
        &[(
            "Or",
            "(-> Prop Prop Prop)",
            &[
                ("Or.inl", "(pi (a : Prop) (b : Prop) (-> a (Or a b)))"),
                ("Or.inr", "(pi (a : Prop) (b : Prop) (-> b (Or a b)))"),
            ],
        )],
    )
    .unwrap();
    ind(
        env,
        &["u"],
        2,
        &[(
            "Exists",
            "(pi (α : Sort.{u}) (p : (-> α Prop)) Prop)",
            &[(
                "Exists.intro",
                "(pi (α : Sort.{u}) (p : (-> α Prop)) (w : α) (h : (p w)) (Exists.{u} α p))",
            )],
        )],
    )
    .unwrap();
    ind(
        env,
        &["u"],
        1,
        &[(
            "List",
            "(-> Type.{u} Type.{u})",
            &[
                ("List.nil", "(pi (α : Type.{u}) (List.{u} α))"),
                (
                    "List.cons",
                    "(pi (α : Type.{u}) (-> α (List.{u} α) (List.{u} α)))",
                ),
            ],
        )],
    )
    .unwrap();
    ind(
        env,
        &["u", "v"],
        2,
        &[(
            "Prod",
            "(-> Type.{u} Type.{v} Type.{max(u v)})",
            &[(
                "Prod.mk",
                "(pi (α : Type.{u}) (β : Type.{v}) (-> α β (Prod.{u,v} α β)))",
            )],
        )],
    )
    .unwrap();
}
