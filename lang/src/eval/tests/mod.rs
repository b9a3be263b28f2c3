//! Tests of the evaluator, on environments built through the kernel API.
//!
//! Terms are written in a small prefix syntax ([`TermReader`]): `(fun (x : T) body)`,
//! `(pi (x : T) body)`, `(-> A B)`, `(let x T v body)`, `(proj S i e)`, `(f a …)`,
//! `Type`, `Prop`, `Sort.u`, `Type.u|v` (`|` is `max`), `c` or `c.{u,1}`, numbers and
//! `"strings"`.

mod basics;
mod library;
mod props;

use cedrus_kernel::{
    builtins, Constructor, Declaration, Environment, Expr, InductiveBlock, InductiveType, Level,
    Name, ReducibilityHints, Store,
};

/// Reads the test syntax into kernel terms.
struct TermReader<'a> {
    toks: Vec<&'a str>,
    pos: usize,
}

fn tokens(src: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let mut in_str = false;
    for (i, ch) in src.char_indices() {
        if in_str {
            if ch == '"' {
                if let Some(s) = start.take() {
                    out.push(&src[s..=i]);
                }
                in_str = false;
            }
            continue;
        }
        match ch {
            '(' | ')' => {
                if let Some(s) = start.take() {
                    out.push(&src[s..i]);
                }
                out.push(&src[i..i + 1]);
            }
            '"' => {
                if let Some(s) = start.take() {
                    out.push(&src[s..i]);
                }
                start = Some(i);
                in_str = true;
            }
            c if c.is_whitespace() => {
                if let Some(s) = start.take() {
                    out.push(&src[s..i]);
                }
            }
            _ => {
                if start.is_none() {
                    start = Some(i);
                }
            }
        }
    }
    if let Some(s) = start {
        out.push(&src[s..]);
    }
    out
}

fn level(s: &str) -> Level {
    if let Some((base, k)) = s.split_once('+') {
        let mut l = level(base);
        for _ in 0..k.parse::<u32>().expect("level offset") {
            l = l.succ();
        }
        return l;
    }
    if let Some((a, b)) = s.split_once('|') {
        return Level::max(&level(a), &level(b));
    }
    match s.parse::<u32>() {
        Ok(n) => (0..n).fold(Level::zero(), |l, _| l.succ()),
        Err(_) => Level::param(s),
    }
}

impl<'a> TermReader<'a> {
    fn next(&mut self) -> &'a str {
        let t = self.toks[self.pos];
        self.pos += 1;
        t
    }

    fn read(&mut self, s: &mut Store, scope: &mut Vec<&'a str>) -> Expr {
        let t = self.next();
        if t != "(" {
            return atom(s, t, scope);
        }
        let head = self.toks[self.pos];
        let e = match head {
            "fun" | "pi" => {
                self.next();
                let mut binders = Vec::new();
                while self.toks[self.pos] == "(" && self.toks.get(self.pos + 2) == Some(&":") {
                    self.next();
                    let x = self.next();
                    self.next();
                    let ty = self.read(s, scope);
                    assert_eq!(self.next(), ")");
                    binders.push((x, ty));
                    scope.push(x);
                }
                let mut body = self.read(s, scope);
                for (x, ty) in binders.into_iter().rev() {
                    scope.pop();
                    body = if head == "fun" {
                        s.lam(x, ty, body)
                    } else {
                        s.pi(x, ty, body)
                    };
                }
                body
            }
            "->" => {
                self.next();
                let mut tys = Vec::new();
                while self.toks[self.pos] != ")" {
                    tys.push(self.read(s, scope));
                }
                let last = tys.pop().expect("arrow result");
                tys.into_iter().rev().fold(last, |r, a| s.arrow(a, r))
            }
            "let" => {
                self.next();
                let x = self.next();
                let ty = self.read(s, scope);
                let v = self.read(s, scope);
                scope.push(x);
                let b = self.read(s, scope);
                scope.pop();
                s.let_(x, ty, v, b)
            }
            "proj" => {
                self.next();
                let st = self.next();
                let i = self.next().parse().expect("field index");
                let e = self.read(s, scope);
                s.proj(st, i, e)
            }
            _ => {
                let f = self.read(s, scope);
                let mut e = f;
                while self.toks[self.pos] != ")" {
                    let a = self.read(s, scope);
                    e = s.app(e, a);
                }
                e
            }
        };
        assert_eq!(self.next(), ")");
        e
    }
}

fn atom(s: &mut Store, t: &str, scope: &[&str]) -> Expr {
    if let Some(p) = scope.iter().rposition(|x| *x == t) {
        return s.bvar((scope.len() - 1 - p) as u32);
    }
    if let Some(lit) = t.strip_prefix('"') {
        return s.str_lit(lit.strip_suffix('"').expect("closing quote"));
    }
    if let Ok(n) = t.parse::<u64>() {
        return s.nat(n);
    }
    match t {
        "Prop" => return s.prop(),
        "Type" => return s.sort(Level::one()),
        _ => {}
    }
    if let Some(u) = t.strip_prefix("Sort.") {
        return s.sort(level(u));
    }
    if let Some(u) = t.strip_prefix("Type.") {
        return s.sort(level(u).succ());
    }
    match t.split_once(".{") {
        Some((n, ls)) => {
            let ls = ls.strip_suffix('}').expect("closing brace");
            s.cnst(n, ls.split(',').map(|l| level(l.trim())).collect())
        }
        None => s.cnst(t, vec![]),
    }
}

/// Reads a closed term.
pub(super) fn term(env: &mut Environment, src: &str) -> Expr {
    let mut r = TermReader {
        toks: tokens(src),
        pos: 0,
    };
    let e = r.read(env.store_mut(), &mut Vec::new());
    assert_eq!(r.pos, r.toks.len(), "trailing tokens in {src}");
    e
}

fn names(xs: &[&str]) -> Vec<Name> {
    xs.iter().map(|x| Name::new(x)).collect()
}

/// Declares a definition (panics if the kernel refuses it).
pub(super) fn def(env: &mut Environment, name: &str, lps: &[&str], ty: &str, value: &str) {
    let ty = term(env, ty);
    let value = term(env, value);
    let r = env.add(Declaration::Definition {
        name: Name::new(name),
        lparams: names(lps),
        ty,
        value,
        hints: ReducibilityHints::Regular,
    });
    if let Err(e) = r {
        panic!("{name}: {e}");
    }
}

/// Declares an axiom.
pub(super) fn axiom(env: &mut Environment, name: &str, lps: &[&str], ty: &str) {
    let ty = term(env, ty);
    let r = env.add(Declaration::Axiom {
        name: Name::new(name),
        lparams: names(lps),
        ty,
    });
    if let Err(e) = r {
        panic!("{name}: {e}");
    }
}

/// One type of an inductive block: name, type, and constructors with their types.
type TypeSpec<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

/// Declares an inductive block.
pub(super) fn ind(env: &mut Environment, lps: &[&str], num_params: u32, types: &[TypeSpec<'_>]) {
    let types = types
        .iter()
        .map(|(n, ty, ctors)| InductiveType {
            name: Name::new(n),
            ty: term(env, ty),
            ctors: ctors
                .iter()
                .map(|(c, t)| Constructor {
                    name: Name::new(c),
                    ty: term(env, t),
                })
                .collect(),
        })
        .collect();
    let r = env.add(Declaration::Inductive(InductiveBlock {
        lparams: names(lps),
        num_params,
        types,
    }));
    if let Err(e) = r {
        panic!("{}: {e}", types_name(lps));
    }
}

fn types_name(lps: &[&str]) -> String {
    format!("inductive block with levels {lps:?}")
}

/// `Nat`, `Bool` and the accelerated Nat functions from the kernel's references.
pub(super) fn nat_env() -> Environment {
    let mut env = Environment::new();
    ind(
        &mut env,
        &[],
        0,
        &[(
            "Nat",
            "Type",
            &[("Nat.zero", "Nat"), ("Nat.succ", "(-> Nat Nat)")],
        )],
    );
    ind(
        &mut env,
        &[],
        0,
        &[(
            "Bool",
            "Type",
            &[("Bool.false", "Bool"), ("Bool.true", "Bool")],
        )],
    );
    let mut ops = builtins::NAT_BINOPS.to_vec();
    ops.push(builtins::NAT_LOG2);
    for op in ops {
        let (ty, value) = builtins::reference_definition(&mut env, op).expect("reference");
        env.add(Declaration::Definition {
            name: Name::new(op),
            lparams: vec![],
            ty,
            value,
            hints: ReducibilityHints::Regular,
        })
        .expect("accelerated definition");
    }
    env
}

/// [`nat_env`] plus `Eq`, `Decidable`, `List`, `Prod`, `Option`, `Char`, `String`, a
/// nested `Tree`, and functions on them defined through recursors.
pub(super) fn library_env() -> Environment {
    let mut env = nat_env();
    let e = &mut env;
    ind(
        e,
        &["u"],
        2,
        &[(
            "Eq",
            "(pi (α : Sort.u) (a : α) (b : α) Prop)",
            &[("Eq.refl", "(pi (α : Sort.u) (a : α) (Eq.{u} α a a))")],
        )],
    );
    ind(e, &[], 0, &[("False", "Prop", &[])]);
    ind(
        e,
        &[],
        1,
        &[(
            "Decidable",
            "(-> Prop Type)",
            &[
                (
                    "Decidable.isFalse",
                    "(pi (p : Prop) (-> (-> p False) (Decidable p)))",
                ),
                ("Decidable.isTrue", "(pi (p : Prop) (-> p (Decidable p)))"),
            ],
        )],
    );
    ind(
        e,
        &["u"],
        1,
        &[(
            "List",
            "(-> Type.u Type.u)",
            &[
                ("List.nil", "(pi (α : Type.u) (List.{u} α))"),
                (
                    "List.cons",
                    "(pi (α : Type.u) (-> α (List.{u} α) (List.{u} α)))",
                ),
            ],
        )],
    );
    ind(
        e,
        &["u", "v"],
        2,
        &[(
            "Prod",
            "(-> Type.u Type.v Type.u|v)",
            &[(
                "Prod.mk",
                "(pi (α : Type.u) (β : Type.v) (-> α β (Prod.{u,v} α β)))",
            )],
        )],
    );
    ind(
        e,
        &["u"],
        1,
        &[(
            "Option",
            "(-> Type.u Type.u)",
            &[
                ("Option.none", "(pi (α : Type.u) (Option.{u} α))"),
                ("Option.some", "(pi (α : Type.u) (-> α (Option.{u} α)))"),
            ],
        )],
    );
    ind(
        e,
        &[],
        0,
        &[("Char", "Type", &[("Char.mk", "(-> Nat Char)")])],
    );
    def(
        e,
        "Char.ofNat",
        &[],
        "(-> Nat Char)",
        "(fun (n : Nat) (Char.mk n))",
    );
    ind(
        e,
        &[],
        0,
        &[(
            "String",
            "Type",
            &[("String.mk", "(-> (List.{0} Char) String)")],
        )],
    );
    ind(
        e,
        &[],
        0,
        &[(
            "Tree",
            "Type",
            &[("Tree.node", "(-> (List.{0} Tree) Tree)")],
        )],
    );
    def(
        e,
        "List.length",
        &["u"],
        "(pi (α : Type.u) (-> (List.{u} α) Nat))",
        "(fun (α : Type.u) (xs : (List.{u} α))
           (List.rec.{1,u} α (fun (l : (List.{u} α)) Nat) 0
              (fun (x : α) (t : (List.{u} α)) (ih : Nat) (Nat.succ ih)) xs))",
    );
    def(
        e,
        "List.append",
        &["u"],
        "(pi (α : Type.u) (-> (List.{u} α) (List.{u} α) (List.{u} α)))",
        "(fun (α : Type.u) (xs : (List.{u} α)) (ys : (List.{u} α))
           (List.rec.{u+1,u} α (fun (l : (List.{u} α)) (List.{u} α)) ys
              (fun (x : α) (t : (List.{u} α)) (ih : (List.{u} α)) (List.cons.{u} α x ih)) xs))",
    );
    def(
        e,
        "List.map",
        &["u", "v"],
        "(pi (α : Type.u) (β : Type.v) (-> (-> α β) (List.{u} α) (List.{v} β)))",
        "(fun (α : Type.u) (β : Type.v) (f : (-> α β)) (xs : (List.{u} α))
           (List.rec.{v+1,u} α (fun (l : (List.{u} α)) (List.{v} β)) (List.nil.{v} β)
              (fun (x : α) (t : (List.{u} α)) (ih : (List.{v} β)) (List.cons.{v} β (f x) ih)) xs))",
    );
    def(
        e,
        "List.replicate",
        &["u"],
        "(pi (α : Type.u) (-> Nat α (List.{u} α)))",
        "(fun (α : Type.u) (n : Nat) (x : α)
           (Nat.rec.{u+1} (fun (k : Nat) (List.{u} α)) (List.nil.{u} α)
              (fun (k : Nat) (ih : (List.{u} α)) (List.cons.{u} α x ih)) n))",
    );
    def(
        e,
        "List.sum",
        &[],
        "(-> (List.{0} Nat) Nat)",
        "(fun (xs : (List.{0} Nat))
           (List.rec.{1,0} Nat (fun (l : (List.{0} Nat)) Nat) 0
              (fun (x : Nat) (t : (List.{0} Nat)) (ih : Nat) (Nat.add x ih)) xs))",
    );
    def(
        e,
        "List.head?",
        &["u"],
        "(pi (α : Type.u) (-> (List.{u} α) (Option.{u} α)))",
        "(fun (α : Type.u) (xs : (List.{u} α))
           (List.rec.{u+1,u} α (fun (l : (List.{u} α)) (Option.{u} α)) (Option.none.{u} α)
              (fun (x : α) (t : (List.{u} α)) (ih : (Option.{u} α)) (Option.some.{u} α x)) xs))",
    );
    def(
        e,
        "cond",
        &["u"],
        "(pi (α : Type.u) (-> Bool α α α))",
        "(fun (α : Type.u) (b : Bool) (t : α) (f : α)
           (Bool.rec.{u+1} (fun (x : Bool) α) f t b))",
    );
    def(
        e,
        "Nat.double",
        &[],
        "(-> Nat Nat)",
        "(fun (n : Nat) (Nat.rec.{1} (fun (k : Nat) Nat) 0
           (fun (k : Nat) (ih : Nat) (Nat.succ (Nat.succ ih))) n))",
    );
    def(
        e,
        "Nat.fact",
        &[],
        "(-> Nat Nat)",
        "(fun (n : Nat) (Nat.rec.{1} (fun (k : Nat) Nat) 1
           (fun (k : Nat) (ih : Nat) (Nat.mul (Nat.succ k) ih)) n))",
    );
    def(
        e,
        "String.length",
        &[],
        "(-> String Nat)",
        "(fun (s : String) (List.length.{0} Char (proj String 0 s)))",
    );
    def(
        e,
        "String.append",
        &[],
        "(-> String String String)",
        "(fun (a : String) (b : String)
           (String.mk (List.append.{0} Char (proj String 0 a) (proj String 0 b))))",
    );
    def(
        e,
        "Tree.size",
        &[],
        "(-> Tree Nat)",
        "(fun (t : Tree)
           (Tree.rec.{1} (fun (x : Tree) Nat) (fun (l : (List.{0} Tree)) Nat)
              (fun (cs : (List.{0} Tree)) (ih : Nat) (Nat.succ ih))
              0
              (fun (h : Tree) (r : (List.{0} Tree)) (ih1 : Nat) (ih2 : Nat) (Nat.add ih1 ih2))
              t))",
    );
    env
}

/// Integer definitions in Lean 4's style (by cases on `Int.ofNat`/`Int.negSucc`), as
/// `(name, type, value)`.
const INT_DEFS: [(&str, &str, &str); 8] = [
    (
        "negOfNat",
        "(-> Nat Int)",
        "(fun (n : Nat) (Nat.rec.{1} (fun (k : Nat) Int) (Int.ofNat 0)
           (fun (m : Nat) (ih : Int) (Int.negSucc m)) n))",
    ),
    (
        "neg",
        "(-> Int Int)",
        "(fun (i : Int) (Int.rec.{1} (fun (k : Int) Int) (fun (n : Nat) (PFX.negOfNat n))
           (fun (n : Nat) (Int.ofNat (Nat.succ n))) i))",
    ),
    (
        "subNatNat",
        "(-> Nat Nat Int)",
        "(fun (m : Nat) (n : Nat) (Nat.rec.{1} (fun (k : Nat) Int) (Int.ofNat (Nat.sub m n))
           (fun (k : Nat) (ih : Int) (Int.negSucc k)) (Nat.sub n m)))",
    ),
    (
        "add",
        "(-> Int Int Int)",
        "(fun (a : Int) (b : Int) (Int.rec.{1} (fun (k : Int) Int)
           (fun (m : Nat) (Int.rec.{1} (fun (k : Int) Int)
              (fun (n : Nat) (Int.ofNat (Nat.add m n)))
              (fun (n : Nat) (PFX.subNatNat m (Nat.succ n))) b))
           (fun (m : Nat) (Int.rec.{1} (fun (k : Int) Int)
              (fun (n : Nat) (PFX.subNatNat n (Nat.succ m)))
              (fun (n : Nat) (Int.negSucc (Nat.succ (Nat.add m n)))) b)) a))",
    ),
    (
        "sub",
        "(-> Int Int Int)",
        "(fun (a : Int) (b : Int) (PFX.add a (PFX.neg b)))",
    ),
    (
        "mul",
        "(-> Int Int Int)",
        "(fun (a : Int) (b : Int) (Int.rec.{1} (fun (k : Int) Int)
           (fun (m : Nat) (Int.rec.{1} (fun (k : Int) Int)
              (fun (n : Nat) (Int.ofNat (Nat.mul m n)))
              (fun (n : Nat) (PFX.negOfNat (Nat.mul m (Nat.succ n)))) b))
           (fun (m : Nat) (Int.rec.{1} (fun (k : Int) Int)
              (fun (n : Nat) (PFX.negOfNat (Nat.mul (Nat.succ m) n)))
              (fun (n : Nat) (Int.ofNat (Nat.mul (Nat.succ m) (Nat.succ n)))) b)) a))",
    ),
    (
        "natAbs",
        "(-> Int Nat)",
        "(fun (i : Int) (Int.rec.{1} (fun (k : Int) Nat) (fun (n : Nat) n)
           (fun (n : Nat) (Nat.succ n)) i))",
    ),
    (
        "toNat",
        "(-> Int Nat)",
        "(fun (i : Int) (Int.rec.{1} (fun (k : Int) Nat) (fun (n : Nat) n)
           (fun (n : Nat) 0) i))",
    ),
];

/// [`library_env`] plus `Int` with its functions, declared twice: as `Int.*` (run
/// natively) and as `Ref.*` (the same definitions under names the evaluator does not
/// accelerate).
pub(super) fn int_env() -> Environment {
    let mut env = library_env();
    ind(
        &mut env,
        &[],
        0,
        &[(
            "Int",
            "Type",
            &[
                ("Int.ofNat", "(-> Nat Int)"),
                ("Int.negSucc", "(-> Nat Int)"),
            ],
        )],
    );
    for prefix in ["Int", "Ref"] {
        for (name, ty, value) in INT_DEFS {
            let value = value.replace("PFX", prefix);
            def(&mut env, &format!("{prefix}.{name}"), &[], ty, &value);
        }
    }
    env
}
