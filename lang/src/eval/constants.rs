//! The constants of an evaluator: how each kind of constant becomes a value (definitions
//! are evaluated once and cached, recursors become native reducers, constructors and
//! natives become functions, axioms and opaque constants stuck values), and values built
//! for Rust callers.

use super::code::{push, Code};
use super::machine::{Evaluator, Frame, State};
use super::native::{self, Native, Out};
use super::value::{FunKind, Pending, Value};
use super::{EvalError, RecShape};
use cedrus_kernel::{ConstantKind, Environment, Expr, Name, Node};
use std::sync::Arc;

type R<T> = Result<T, EvalError>;

impl Evaluator<'_> {
    /// A constructor application built from Rust: checks that `name` is a constructor of
    /// the environment taking `fields.len()` fields (its type's parameters are erased).
    pub fn ctor(&self, name: &str, fields: Vec<Value>) -> Result<Value, EvalError> {
        let n = Name::new(name);
        match self.env.get(&n).map(|c| &c.kind) {
            Some(ConstantKind::Constructor(c)) if c.num_fields as usize == fields.len() => {
                Ok(Value::ctor(n, c.idx, fields))
            }
            Some(ConstantKind::Constructor(c)) => Err(EvalError::Unexpected(format!(
                "`{name}` takes {} fields, not {}",
                c.num_fields,
                fields.len()
            ))),
            Some(_) => Err(EvalError::Unexpected(format!(
                "`{name}` is not a constructor"
            ))),
            None => Err(EvalError::UnknownConstant(n)),
        }
    }

    /// A list (`List.cons x₁ (… List.nil)`) built from Rust.
    pub fn list(&self, items: Vec<Value>) -> Result<Value, EvalError> {
        let mut out = self.ctor("List.nil", Vec::new())?;
        for x in items.into_iter().rev() {
            out = self.ctor("List.cons", vec![x, out])?;
        }
        Ok(out)
    }

    /// Runs the definition of a native string function (for a non-native argument).
    pub(super) fn fallback(&mut self, op: Native, args: Vec<Value>) -> R<State> {
        let name = op.string_fallback().ok_or_else(|| {
            EvalError::Unexpected(format!("{op:?} received an argument of the wrong shape"))
        })?;
        let value = self
            .env
            .get(&Name::new(name))
            .and_then(|c| c.value())
            .ok_or_else(|| EvalError::UnknownConstant(Name::new(name)))?;
        let code = self.compile(value)?;
        match self.atomic(code, &None) {
            Some(f) => self.apply(f, args),
            None => {
                self.push(Frame::ApplyTo(args))?;
                Ok(State::Eval(code, None))
            }
        }
    }

    pub(super) fn native_value(&self, out: Out) -> R<Value> {
        Ok(match out {
            Out::Nat(n) => Value::Nat(n),
            Out::Int(n) => Value::Int(n),
            Out::Str(s) => Value::Str(Arc::from(s)),
            Out::Bool(b) => Value::ctor(
                if b { "Bool.true" } else { "Bool.false" },
                u32::from(b),
                vec![],
            ),
            Out::Decide(b) => match &self.decidable {
                Some(ctors) => {
                    let (n, i) = &ctors[usize::from(b)];
                    Value::ctor(n.clone(), *i, vec![Value::Erased])
                }
                None => return Err(EvalError::Unexpected("`Decidable` is not declared".into())),
            },
        })
    }

    /// The list of characters of a native string, as `List.cons (Char.ofNat c) …` (the
    /// characters are computed when needed).
    pub(super) fn string_to_list(&mut self, s: &str) -> R<Value> {
        let ctor_idx = |n: &str| match self.env.get(&Name::new(n)).map(|c| &c.kind) {
            Some(ConstantKind::Constructor(c)) => Ok(c.idx),
            _ => Err(EvalError::UnknownConstant(Name::new(n))),
        };
        let (nil, cons) = (ctor_idx("List.nil")?, ctor_idx("List.cons")?);
        let of_nat = match self.char_of_nat {
            Some(c) => c,
            None => {
                let g = self.names.slot(&Name::new("Char.ofNat"));
                let f = self.program.add(Code::Global(g));
                let x = self.program.add(Code::Var(0));
                let c = self.program.add_app(f, &[x]);
                self.char_of_nat = Some(c);
                c
            }
        };
        let mut list = Value::ctor("List.nil", nil, vec![]);
        for ch in s.chars().rev() {
            let code = Value::nat(u64::from(u32::from(ch)));
            let ch = Value::thunk(Pending::Eval(of_nat, push(&None, code)));
            list = Value::ctor("List.cons", cons, vec![ch, list]);
        }
        Ok(list)
    }

    pub(super) fn stuck(&self, n: &Name) -> EvalError {
        match self.env.get(n).map(|c| &c.kind) {
            _ if n.as_str() == "sorryAx" => EvalError::Sorry,
            Some(ConstantKind::Opaque { .. }) => EvalError::Opaque(n.clone()),
            Some(ConstantKind::Recursor(_)) => EvalError::Unexpected(format!(
                "`{n}` eliminated an erased proof of a proposition with several or no \
                 constructors into data (unreachable code was reached)"
            )),
            _ => EvalError::Axiom(n.clone()),
        }
    }

    pub(super) fn set_slot(&mut self, g: u32, v: Value) {
        let g = g as usize;
        if self.slots.len() <= g {
            self.slots.resize(g + 1, None);
        }
        self.slots[g] = Some(v);
    }

    /// Computes the value of the constant in slot `g`: directly, or by evaluating its
    /// definition (the result is cached by a [`Frame::SetGlobal`]).
    pub(super) fn resolve(&mut self, g: u32) -> R<State> {
        let name = self
            .names
            .names
            .get(g as usize)
            .cloned()
            .ok_or_else(|| EvalError::Unexpected("bad constant slot".into()))?;
        let env = self.env;
        let info = env
            .get(&name)
            .ok_or_else(|| EvalError::UnknownConstant(name.clone()))?;
        let v = if let Some(op) = native::lookup(env, &name) {
            Value::fun(FunKind::Native(op), Vec::new())
        } else if let Some(shape) = cases_on_shape(env, &name) {
            Value::fun(FunKind::Cases(Arc::new(shape)), Vec::new())
        } else {
            match &info.kind {
                ConstantKind::Definition { value, .. } => {
                    let value = self
                        .overrides
                        .and_then(|o| o.get(&name))
                        .copied()
                        .unwrap_or(*value);
                    let code = self.compile(value)?;
                    self.push(Frame::SetGlobal(g))?;
                    return Ok(State::Eval(code, None));
                }
                ConstantKind::Theorem { .. } | ConstantKind::Inductive(_) => Value::Erased,
                ConstantKind::Axiom if states_a_proposition(env, info.ty) => Value::Erased,
                ConstantKind::Axiom | ConstantKind::Opaque { .. } => Value::Stuck(name.clone()),
                ConstantKind::Constructor(c) => {
                    if name.as_str() == "Nat.zero" && env.builtins().nat {
                        Value::nat(0)
                    } else if c.num_params + c.num_fields == 0 {
                        Value::ctor(name.clone(), c.idx, Vec::new())
                    } else {
                        Value::fun(
                            FunKind::Ctor {
                                name: name.clone(),
                                idx: c.idx,
                                params: c.num_params,
                                fields: c.num_fields,
                            },
                            Vec::new(),
                        )
                    }
                }
                ConstantKind::Recursor(r) => {
                    let mut rules = Vec::with_capacity(r.rules.len());
                    for rule in &r.rules {
                        let code = self.compile(rule.rhs)?;
                        let rhs = self.atomic(code, &None).ok_or_else(|| {
                            EvalError::Unexpected(format!("a rule of `{name}` is not a function"))
                        })?;
                        rules.push((rule.ctor.clone(), rule.num_fields as usize, rhs));
                    }
                    let is_prop = matches!(
                        env.get(&r.induct).map(|c| &c.kind),
                        Some(ConstantKind::Inductive(i)) if i.is_prop
                    );
                    let shape = RecShape {
                        name: name.clone(),
                        prefix: (r.num_params + r.num_motives + r.num_minors) as usize,
                        major_idx: r.major_idx(),
                        k: r.k,
                        erasable: is_prop && rules.len() == 1,
                        prop: is_prop,
                        rules,
                    };
                    Value::fun(FunKind::Rec(Arc::new(shape)), Vec::new())
                }
            }
        };
        self.set_slot(g, v.clone());
        Ok(State::Ret(v))
    }
}

/// The shape of `T.casesOn` when it is the usual case analysis generated from `T.rec`
/// (`fun ps motive is t minors => T.rec ps motive' (wrapped minors) is t`: a definition
/// with as many binders as parameters, motive, indices, major premise and minor premises,
/// whose body applies `T.rec`), to run it natively.
fn cases_on_shape(env: &Environment, name: &Name) -> Option<RecShape> {
    if name.last() != "casesOn" {
        return None;
    }
    let ind = name.prefix();
    let rec_name = ind.child("rec");
    let info = env.get(name)?;
    let ConstantKind::Definition { value, .. } = &info.kind else {
        return None;
    };
    let ConstantKind::Recursor(r) = &env.get(&rec_name)?.kind else {
        return None;
    };
    let ConstantKind::Inductive(ii) = &env.get(&ind)?.kind else {
        return None;
    };
    if r.induct != ind {
        return None;
    }
    let mut rules = Vec::with_capacity(ii.ctors.len());
    for c in &ii.ctors {
        let ConstantKind::Constructor(ci) = &env.get(c)?.kind else {
            return None;
        };
        rules.push((c.clone(), ci.num_fields as usize, Value::Erased));
    }
    let major_idx = (r.num_params + 1 + r.num_indices) as usize;
    let binders = major_idx + 1 + rules.len();
    let s = env.store();
    let (mut ty, mut body) = (info.ty, *value);
    for _ in 0..binders {
        let Node::Pi(_, _, _, t) = s.node(ty) else {
            return None;
        };
        let Node::Lam(_, _, _, b) = s.node(body) else {
            return None;
        };
        (ty, body) = (*t, *b);
    }
    if matches!(s.node(ty), Node::Pi(..)) || s.head_const(body).map(|(n, _)| n) != Some(&rec_name) {
        return None;
    }
    // `T.rec` is applied to the major premise last, and, in order, to one
    // `fun fields ihs => minor_k fields` per constructor (other minors do not matter).
    let (_, args) = s.unfold_apps(body);
    let n = rules.len();
    let is_bvar = |e: Expr, i: usize| matches!(s.node(e), Node::BVar(j) if *j as usize == i);
    if !args.last().is_some_and(|&t| is_bvar(t, n)) {
        return None;
    }
    let mut rest = args.iter();
    for (k, (_, nfields, _)) in rules.iter().enumerate() {
        let wraps_minor = |mut a: Expr| {
            let mut m = 0;
            while let Node::Lam(_, _, _, b) = s.node(a) {
                a = *b;
                m += 1;
            }
            let (h, xs) = s.unfold_apps(a);
            m >= *nfields
                && xs.len() == *nfields
                && is_bvar(h, n - 1 - k + m)
                && xs.iter().enumerate().all(|(i, &x)| is_bvar(x, m - 1 - i))
        };
        rest.find(|&&a| wraps_minor(a))?;
    }
    Some(RecShape {
        name: name.clone(),
        prefix: major_idx,
        major_idx,
        k: r.k,
        erasable: ii.is_prop && rules.len() == 1,
        prop: ii.is_prop,
        rules,
    })
}

/// Whether a type is syntactically a proposition: after its Π binders, an application
/// of an inductive type that lives in `Prop` (`Eq a b`, `Or p q`, …). Axioms of such
/// types are proofs, erased like theorems.
fn states_a_proposition(env: &Environment, mut ty: Expr) -> bool {
    let s = env.store();
    while let Node::Pi(_, _, _, body) = s.node(ty) {
        ty = *body;
    }
    match s.head_const(ty) {
        Some((n, _)) => matches!(
            env.get(n).map(|c| &c.kind),
            Some(ConstantKind::Inductive(i)) if i.is_prop
        ),
        None => false,
    }
}
