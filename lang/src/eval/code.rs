//! The compact intermediate code the evaluator runs, and the compiler from kernel terms.
//!
//! Compilation erases what has no computational content (sorts and Π-types become
//! [`Code::Erased`], universe levels are dropped), turns de Bruijn
//! indices into positions in a linked environment, collapses nested λs into one
//! multi-argument closure, and marks arguments that should be computed lazily: the minor
//! premises of recursors and of `T.casesOn`/`T.recOn`, the branches of `ite`/`dite`/`cond`,
//! and recursive calls through a recursor passed as an argument (the induction hypotheses
//! of recursor rules). Laziness never changes a result (the language is total); it only
//! avoids work, and errors from stuck branches that are not taken.

use super::value::Value;
use super::EvalError;
use cedrus_kernel::{ConstantKind, Environment, Expr, Literal, Name, Node};
use std::collections::HashMap;
use std::sync::Arc;

/// A group of bindings of a runtime environment (the arguments of one call, in order:
/// the last one is the innermost).
#[derive(Debug)]
pub(crate) struct EnvNode {
    pub(crate) values: Vec<Value>,
    pub(crate) next: Env,
}

/// A runtime environment: innermost group first.
pub(crate) type Env = Option<Arc<EnvNode>>;

impl Drop for EnvNode {
    fn drop(&mut self) {
        let mut stack = std::mem::take(&mut self.values);
        super::value::take_env(&mut self.next, &mut stack);
        super::value::dispose(stack);
    }
}

/// Extends an environment with one binding.
pub(crate) fn push(env: &Env, value: Value) -> Env {
    push_all(env, vec![value])
}

/// Extends an environment with bindings (the last one becomes the innermost).
pub(crate) fn push_all(env: &Env, values: Vec<Value>) -> Env {
    Some(Arc::new(EnvNode {
        values,
        next: env.clone(),
    }))
}

/// Bound variable `i` (0 is the innermost binding).
pub(crate) fn lookup(env: &Env, mut i: usize) -> Option<&Value> {
    let mut node = env.as_ref()?;
    loop {
        let n = node.values.len();
        if i < n {
            return node.values.get(n - 1 - i);
        }
        i -= n;
        node = node.next.as_ref()?;
    }
}

/// A position in a [`Program`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CodeId(u32);

/// Compiled code (one node; children are [`CodeId`]s).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Code {
    /// A bound variable (0 is the innermost binding).
    Var(u32),
    /// A constant, by its slot in the evaluator's table of globals.
    Global(u32),
    /// A literal, by its position in [`Program::lits`].
    Lit(u32),
    /// A type, a proof or a universe: no content.
    Erased,
    /// A closure over `n` arguments.
    Lam(u32, CodeId),
    /// An application: the head and `len` arguments from position `start` of
    /// [`Program::args`].
    App { head: CodeId, start: u32, len: u32 },
    /// `let x := v; b` (call by value).
    Let(CodeId, CodeId),
    /// Field `i` of a structure value.
    Proj(u32, CodeId),
    /// Code run only when its value is needed (at most once).
    Delay(CodeId),
}

/// All compiled code of an evaluator, in flat arenas (code is never freed while the
/// evaluator lives, so values can refer to it by position).
#[derive(Default)]
pub(crate) struct Program {
    codes: Vec<Code>,
    args: Vec<CodeId>,
    lits: Vec<Value>,
}

impl Program {
    /// The node at `id`.
    pub(crate) fn code(&self, id: CodeId) -> Code {
        self.codes
            .get(id.0 as usize)
            .copied()
            .unwrap_or(Code::Erased)
    }

    /// Argument `i` of an application whose arguments start at `start`.
    pub(crate) fn arg(&self, start: u32, i: usize) -> CodeId {
        self.args
            .get(start as usize + i)
            .copied()
            .unwrap_or(CodeId(u32::MAX))
    }

    /// Literal `i`.
    pub(crate) fn lit(&self, i: u32) -> Value {
        self.lits.get(i as usize).cloned().unwrap_or_default()
    }

    /// Adds a node.
    pub(crate) fn add(&mut self, c: Code) -> CodeId {
        let id = CodeId(u32::try_from(self.codes.len()).unwrap_or(u32::MAX));
        self.codes.push(c);
        id
    }

    fn add_lit(&mut self, v: Value) -> CodeId {
        let i = u32::try_from(self.lits.len()).unwrap_or(u32::MAX);
        self.lits.push(v);
        self.add(Code::Lit(i))
    }

    /// Adds an application node.
    pub(crate) fn add_app(&mut self, head: CodeId, args: &[CodeId]) -> CodeId {
        let start = u32::try_from(self.args.len()).unwrap_or(u32::MAX);
        self.args.extend_from_slice(args);
        let len = u32::try_from(args.len()).unwrap_or(u32::MAX);
        self.add(Code::App { head, start, len })
    }
}

/// Slots of the constants mentioned by compiled code.
#[derive(Default)]
pub(crate) struct GlobalNames {
    pub(crate) index: HashMap<Name, u32>,
    pub(crate) names: Vec<Name>,
}

impl GlobalNames {
    /// The slot of a constant, allocating one on first use.
    pub(crate) fn slot(&mut self, n: &Name) -> u32 {
        if let Some(&i) = self.index.get(n) {
            return i;
        }
        let i = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(n.clone());
        self.index.insert(n.clone(), i);
        i
    }
}

/// Compiles closed kernel terms.
pub(crate) struct Compiler<'a> {
    pub(crate) env: &'a Environment,
    pub(crate) globals: &'a mut GlobalNames,
    pub(crate) program: &'a mut Program,
    pub(crate) max_depth: u32,
}

impl Compiler<'_> {
    /// Compiles a term whose loose bound variables are the `binders` enclosing ones.
    pub(crate) fn compile(&mut self, e: Expr, binders: u32) -> Result<CodeId, EvalError> {
        let depth = self.env.store().depth(e);
        if depth > self.max_depth {
            return Err(EvalError::DeepTerm { depth });
        }
        if self.env.store().loose_range(e) > binders {
            return Err(EvalError::OpenTerm);
        }
        self.go(e)
    }

    fn go(&mut self, e: Expr) -> Result<CodeId, EvalError> {
        let store = self.env.store();
        let p = &mut *self.program;
        Ok(match store.node(e) {
            Node::BVar(i) => p.add(Code::Var(*i)),
            Node::FVar(_) => return Err(EvalError::OpenTerm),
            Node::Sort(_) | Node::Pi(..) => p.add(Code::Erased),
            Node::Const(n, _) => {
                let g = self.globals.slot(n);
                p.add(Code::Global(g))
            }
            Node::Lit(Literal::Nat(n)) => p.add_lit(Value::big_nat(n.clone())),
            Node::Lit(Literal::Str(s)) => p.add_lit(Value::string(s)),
            Node::Lam(..) => {
                let mut body = e;
                let mut n = 0u32;
                while let Node::Lam(_, _, _, b) = store.node(body) {
                    body = *b;
                    n += 1;
                }
                let b = self.go(body)?;
                self.program.add(Code::Lam(n, b))
            }
            Node::Let(_, _, v, b) => {
                let v = self.go(*v)?;
                let b = self.go(*b)?;
                self.program.add(Code::Let(v, b))
            }
            Node::Proj(_, i, s) => {
                let s = self.go(*s)?;
                self.program.add(Code::Proj(*i, s))
            }
            Node::App(..) => {
                let (head, args) = store.unfold_apps(e);
                let lazy = self.lazy_positions(head);
                let f = self.go(head)?;
                let mut out = Vec::with_capacity(args.len());
                for (i, a) in args.into_iter().enumerate() {
                    let c = self.go(a)?;
                    let delay = lazy.is_some_and(|(lo, hi)| i >= lo && i < hi)
                        || matches!(head_kind(self.env, a), Some(HeadKind::Recursor));
                    out.push(if delay { self.delayed(c) } else { c });
                }
                self.program.add_app(f, &out)
            }
        })
    }

    /// Wraps code to run lazily, unless computing it now is free.
    fn delayed(&mut self, c: CodeId) -> CodeId {
        match self.program.code(c) {
            Code::Var(_) | Code::Lit(_) | Code::Erased | Code::Lam(..) | Code::Delay(_) => c,
            _ => self.program.add(Code::Delay(c)),
        }
    }
    /// The range of argument positions of `head` computed lazily.
    fn lazy_positions(&self, head: Expr) -> Option<(usize, usize)> {
        let Node::Const(n, _) = self.env.store().node(head) else {
            return None;
        };
        let rec_of = |t: &Name| match self.env.get(&t.child("rec")).map(|c| &c.kind) {
            Some(ConstantKind::Recursor(r)) => Some(r.clone()),
            _ => None,
        };
        match &self.env.get(n)?.kind {
            ConstantKind::Recursor(r) => {
                let lo = (r.num_params + r.num_motives) as usize;
                Some((lo, lo + r.num_minors as usize))
            }
            // `T.casesOn ps motive is t minors` and `T.recOn ps motives is t minors`.
            ConstantKind::Definition { .. } if n.last() == "casesOn" => {
                let r = rec_of(&n.prefix())?;
                let ctors = match self.env.get(&r.induct).map(|c| &c.kind) {
                    Some(ConstantKind::Inductive(i)) => i.ctors.len(),
                    _ => return None,
                };
                let lo = (r.num_params + 1 + r.num_indices + 1) as usize;
                Some((lo, lo + ctors))
            }
            ConstantKind::Definition { .. } if n.last() == "recOn" => {
                let r = rec_of(&n.prefix())?;
                let lo = (r.num_params + r.num_motives + r.num_indices + 1) as usize;
                Some((lo, lo + r.num_minors as usize))
            }
            _ => match n.as_str() {
                "ite" | "dite" => Some((3, 5)),
                "cond" => Some((2, 4)),
                _ => None,
            },
        }
    }
}

enum HeadKind {
    Recursor,
}

fn head_kind(env: &Environment, e: Expr) -> Option<HeadKind> {
    let (n, _) = env.store().head_const(e)?;
    match env.get(n)?.kind {
        ConstantKind::Recursor(_) => Some(HeadKind::Recursor),
        _ => None,
    }
}
