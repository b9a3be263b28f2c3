//! Patterns over kernel terms, their conversion to terms, and printing of counterexamples.

use cedrus_kernel::{Expr, Level, Literal, Name, Node, Store};
use num_bigint::BigUint;

/// A pattern of an equation, over kernel terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pat {
    /// A pattern variable: an fvar listed in [`super::Equation::vars`].
    Var(Expr),
    /// A constructor applied to its parameters (informative only: they are determined by
    /// the scrutinee's type) and to sub-patterns for its fields.
    Ctor {
        /// Constructor name, e.g. `List.cons`.
        ctor: Name,
        /// Its universe arguments.
        levels: Vec<Level>,
        /// Its parameters, as terms.
        params: Vec<Expr>,
        /// Patterns for its fields.
        args: Vec<Pat>,
    },
    /// A Nat literal, meaning `Nat.succ^n Nat.zero` (`n + 1` patterns are `Nat.succ`).
    Lit(BigUint),
    /// An inaccessible pattern `.(e)`: matches anything, binds nothing; `e` is only used to
    /// state the equation lemma.
    Inaccessible(Expr),
}

impl Pat {
    /// The pattern as a term (for equation lemmas).
    pub fn to_term(&self, store: &mut Store) -> Expr {
        match self {
            Pat::Var(e) | Pat::Inaccessible(e) => *e,
            Pat::Lit(n) => store.nat(n.clone()),
            Pat::Ctor {
                ctor,
                levels,
                params,
                args,
            } => {
                let mut out = store.cnst(ctor.clone(), levels.clone());
                out = store.apps(out, params);
                for a in args {
                    let t = a.to_term(store);
                    out = store.app(out, t);
                }
                out
            }
        }
    }

    /// Rewrites every term in the pattern.
    pub(crate) fn map_terms(&self, f: &mut dyn FnMut(Expr) -> Expr) -> Pat {
        match self {
            Pat::Var(e) => Pat::Var(f(*e)),
            Pat::Inaccessible(e) => Pat::Inaccessible(f(*e)),
            Pat::Lit(n) => Pat::Lit(n.clone()),
            Pat::Ctor {
                ctor,
                levels,
                params,
                args,
            } => Pat::Ctor {
                ctor: ctor.clone(),
                levels: levels.clone(),
                params: params.iter().map(|&p| f(p)).collect(),
                args: args.iter().map(|a| a.map_terms(f)).collect(),
            },
        }
    }

    /// The inductive-constructor names used anywhere in the pattern (`Nat.zero`/`Nat.succ`
    /// for literals).
    pub(crate) fn ctors(&self, out: &mut Vec<Name>) {
        match self {
            Pat::Var(_) | Pat::Inaccessible(_) => {}
            Pat::Lit(_) => out.push(Name::new("Nat.succ")),
            Pat::Ctor { ctor, args, .. } => {
                out.push(ctor.clone());
                for a in args {
                    a.ctors(out);
                }
            }
        }
    }
}

/// Literals above this are refused as patterns (each unit is one `Nat.casesOn`).
pub const MAX_LIT_PATTERN: u32 = 4096;

/// Unfolds one step of a Nat literal pattern: `0` is `Nat.zero`, `n+1` is `Nat.succ n`.
pub(crate) fn unfold_lit(n: &BigUint) -> Pat {
    if *n == BigUint::ZERO {
        Pat::Ctor {
            ctor: Name::new("Nat.zero"),
            levels: vec![],
            params: vec![],
            args: vec![],
        }
    } else {
        Pat::Ctor {
            ctor: Name::new("Nat.succ"),
            levels: vec![],
            params: vec![],
            args: vec![Pat::Lit(n - 1u32)],
        }
    }
}

/// How many leading arguments of a constructor application are parameters.
pub(crate) type ParamCount<'a> = &'a dyn Fn(&Name) -> Option<usize>;

/// Prints a partially refined argument as a pattern: constructor applications without
/// their parameters, free variables as `_`, `::`/`[]` for lists and `n`/`_ + n` for Nat.
pub(crate) fn show_example(store: &Store, e: Expr, params: ParamCount<'_>) -> String {
    show(store, e, params, 0, false)
}

fn show(store: &Store, e: Expr, params: ParamCount<'_>, depth: u32, nested: bool) -> String {
    if depth > 32 {
        return "…".into();
    }
    let (head, args) = store.unfold_apps(e);
    let paren = |s: String, needs: bool| if nested && needs { format!("({s})") } else { s };
    match store.node(head) {
        Node::Lit(Literal::Nat(n)) => n.to_string(),
        Node::Const(c, _) => {
            let np = params(c).unwrap_or(0).min(args.len());
            let fields = args.get(np..).unwrap_or(&[]);
            match (c.as_str(), fields) {
                ("Nat.zero", []) => "0".into(),
                ("Nat.succ", [_]) => {
                    let mut k = 0u32;
                    let mut cur = e;
                    loop {
                        let (h, a) = store.unfold_apps(cur);
                        match (store.node(h), a.as_slice()) {
                            (Node::Const(n, _), [x]) if n.as_str() == "Nat.succ" => {
                                k += 1;
                                cur = *x;
                            }
                            _ => break,
                        }
                    }
                    let (h, a) = store.unfold_apps(cur);
                    match store.node(h) {
                        Node::Const(n, _) if n.as_str() == "Nat.zero" && a.is_empty() => {
                            k.to_string()
                        }
                        _ => {
                            let base = show(store, cur, params, depth + 1, true);
                            paren(format!("{base} + {k}"), true)
                        }
                    }
                }
                ("List.nil", []) => "[]".into(),
                ("List.cons", [h, t]) => {
                    let h = show(store, *h, params, depth + 1, true);
                    let t = show(store, *t, params, depth + 1, false);
                    paren(format!("{h} :: {t}"), true)
                }
                (_, []) => c.to_string(),
                (_, fs) => {
                    let mut s = c.to_string();
                    for &f in fs {
                        s.push(' ');
                        s.push_str(&show(store, f, params, depth + 1, true));
                    }
                    paren(s, true)
                }
            }
        }
        _ => "_".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_unfold_to_succ() {
        assert_eq!(unfold_lit(&BigUint::from(0u32)), {
            Pat::Ctor {
                ctor: Name::new("Nat.zero"),
                levels: vec![],
                params: vec![],
                args: vec![],
            }
        });
        match unfold_lit(&BigUint::from(3u32)) {
            Pat::Ctor { ctor, args, .. } => {
                assert_eq!(ctor.as_str(), "Nat.succ");
                assert_eq!(args, vec![Pat::Lit(BigUint::from(2u32))]);
            }
            p => panic!("{p:?}"),
        }
    }

    #[test]
    fn examples_print_like_patterns() {
        let mut s = Store::new();
        let x = s.mk(Node::FVar(0));
        let y = s.mk(Node::FVar(1));
        let nat = s.cnst("Nat", vec![]);
        let cons = s.cnst("List.cons", vec![Level::zero()]);
        let nil = s.cnst("List.nil", vec![Level::zero()]);
        let nil = s.app(nil, nat);
        let inner = s.apps(cons, &[nat, x, nil]);
        let outer = s.apps(cons, &[nat, inner, y]);
        let np = |c: &Name| match c.as_str() {
            "List.cons" | "List.nil" => Some(1),
            _ => Some(0),
        };
        assert_eq!(show_example(&s, outer, &np), "(_ :: []) :: _");
        let succ = s.cnst("Nat.succ", vec![]);
        let zero = s.cnst("Nat.zero", vec![]);
        let two = s.app(succ, zero);
        let two = s.app(succ, two);
        assert_eq!(show_example(&s, two, &np), "2");
        let x1 = s.app(succ, x);
        let x2 = s.app(succ, x1);
        assert_eq!(show_example(&s, x2, &np), "_ + 2");
        let tree = s.cnst("Tree.node", vec![]);
        let t = s.apps(tree, &[x, inner]);
        assert_eq!(show_example(&s, t, &np), "Tree.node _ (_ :: [])");
    }
}
