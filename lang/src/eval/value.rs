//! Runtime values of the evaluator: native numbers and strings, constructor applications
//! with shared fields, functions (closures, partial applications of constructors,
//! recursors and native operations), memoised thunks, and erased types and proofs.
//!
//! Values are reference counted (`Arc`), so sharing a sub-structure is free. Dropping a
//! value never recurses: a long list is released with an explicit work list.

use super::code::{CodeId, Env};
use super::native::Native;
use super::RecShape;
use cedrus_kernel::Name;
use num_bigint::{BigInt, BigUint};
use std::sync::{Arc, Mutex, OnceLock};

/// A natural number: a machine word when it fits, a big integer otherwise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Nat {
    /// A value below 2⁶⁴.
    Small(u64),
    /// A value of at least 2⁶⁴ (never used for smaller values).
    Big(Arc<BigUint>),
}

impl Nat {
    /// Normalises a big integer (small values become [`Nat::Small`]).
    pub fn from_big(b: BigUint) -> Nat {
        match u64::try_from(&b) {
            Ok(v) => Nat::Small(v),
            Err(_) => Nat::Big(Arc::new(b)),
        }
    }

    /// The value as a big integer.
    pub fn to_big(&self) -> BigUint {
        match self {
            Nat::Small(v) => BigUint::from(*v),
            Nat::Big(b) => (**b).clone(),
        }
    }

    /// The value if it fits in a `u64`.
    pub fn to_u64(&self) -> Option<u64> {
        match self {
            Nat::Small(v) => Some(*v),
            Nat::Big(b) => u64::try_from(&**b).ok(),
        }
    }

    /// Whether the value is zero.
    pub fn is_zero(&self) -> bool {
        self.to_u64() == Some(0)
    }
}

impl std::fmt::Display for Nat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Nat::Small(v) => write!(f, "{v}"),
            Nat::Big(b) => write!(f, "{b}"),
        }
    }
}

/// An integer (Lean's `Int`): a machine word when it fits, a big integer otherwise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Int {
    /// A value that fits in an `i64`.
    Small(i64),
    /// A value outside the `i64` range (never used for smaller values).
    Big(Arc<BigInt>),
}

impl Int {
    /// Normalises a big integer (small values become [`Int::Small`]).
    pub fn from_big(b: BigInt) -> Int {
        match i64::try_from(&b) {
            Ok(v) => Int::Small(v),
            Err(_) => Int::Big(Arc::new(b)),
        }
    }

    /// The value as a big integer.
    pub fn to_big(&self) -> BigInt {
        match self {
            Int::Small(v) => BigInt::from(*v),
            Int::Big(b) => (**b).clone(),
        }
    }

    /// The value if it fits in an `i64`.
    pub fn to_i64(&self) -> Option<i64> {
        match self {
            Int::Small(v) => Some(*v),
            Int::Big(b) => i64::try_from(&**b).ok(),
        }
    }
}

impl std::fmt::Display for Int {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Int::Small(v) => write!(f, "{v}"),
            Int::Big(b) => write!(f, "{b}"),
        }
    }
}

/// A constructor application; the inductive's parameters are erased.
#[derive(Debug)]
pub struct CtorVal {
    /// Full name of the constructor (`List.cons`).
    pub name: Name,
    /// Position of the constructor in its inductive type.
    pub idx: u32,
    /// The fields (may contain thunks, see [`Value::whnf_ref`]).
    pub(crate) fields: Vec<Value>,
}

/// What a function value does once it has all its arguments.
#[derive(Clone, Debug)]
pub(crate) enum FunKind {
    /// A λ of `arity` binders with its captured environment.
    Closure { arity: u32, body: CodeId, env: Env },
    /// A constructor: `params + fields` arguments, the parameters are dropped.
    Ctor {
        name: Name,
        idx: u32,
        params: u32,
        fields: u32,
    },
    /// A recursor: reduces once the major premise is supplied.
    Rec(Arc<RecShape>),
    /// A native operation.
    Native(Native),
    /// `T.casesOn` run natively: selects the minor premise of the major premise's
    /// constructor (`rules` give the constructors and field counts, `major_idx` the
    /// major premise's position, the minor premises follow it).
    Cases(Arc<RecShape>),
}

impl FunKind {
    /// Number of arguments needed before the function runs.
    pub(crate) fn arity(&self) -> usize {
        match self {
            FunKind::Closure { arity, .. } => *arity as usize,
            FunKind::Ctor { params, fields, .. } => (*params + *fields) as usize,
            FunKind::Rec(r) => r.major_idx + 1,
            FunKind::Cases(r) => r.major_idx + 1 + r.rules.len(),
            FunKind::Native(n) => n.arity(),
        }
    }
}

/// A function value: what it does, and the arguments received so far (fewer than its
/// arity).
#[derive(Debug)]
pub struct FunVal {
    pub(crate) kind: FunKind,
    pub(crate) args: Vec<Value>,
}

/// The computation a thunk still has to run.
#[derive(Debug)]
pub(crate) enum Pending {
    /// Evaluate code in an environment.
    Eval(CodeId, Env),
}

/// A suspended computation, run at most once.
#[derive(Debug)]
pub struct Thunk {
    pub(crate) pending: Mutex<Option<Pending>>,
    pub(crate) value: OnceLock<Value>,
}

/// A value computed by the evaluator. `Debug` shows the (bounded) `Display` form.
#[derive(Clone, Default)]
pub enum Value {
    /// A natural number.
    Nat(Nat),
    /// An integer, when the environment declares Lean's `Int` (`Int.ofNat`,
    /// `Int.negSucc`).
    Int(Int),
    /// A string.
    Str(Arc<str>),
    /// A constructor application.
    Ctor(Arc<CtorVal>),
    /// A function (closure or partial application).
    Fun(Arc<FunVal>),
    /// A suspended computation (recursive results of recursors, lazy branches).
    Thunk(Arc<Thunk>),
    /// A type, a proof or a universe: no computational content.
    #[default]
    Erased,
    /// An axiom or opaque constant (applied to arguments): evaluation is stuck on it, and
    /// fails when the value is inspected.
    Stuck(Name),
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Value({self})")
    }
}

impl Value {
    /// A natural number.
    pub fn nat(n: u64) -> Value {
        Value::Nat(Nat::Small(n))
    }

    /// A natural number from a big integer.
    pub fn big_nat(n: BigUint) -> Value {
        Value::Nat(Nat::from_big(n))
    }

    /// An integer.
    pub fn int(n: i64) -> Value {
        Value::Int(Int::Small(n))
    }

    /// A string.
    pub fn string(s: &str) -> Value {
        Value::Str(Arc::from(s))
    }

    /// A constructor application (`idx` is the constructor's position in its type; the
    /// parameters of the type are not part of a value).
    pub fn ctor(name: impl Into<Name>, idx: u32, fields: Vec<Value>) -> Value {
        Value::Ctor(Arc::new(CtorVal {
            name: name.into(),
            idx,
            fields,
        }))
    }

    /// Follows evaluated thunks (an unevaluated thunk is returned as is).
    pub fn whnf_ref(&self) -> &Value {
        let mut v = self;
        while let Value::Thunk(t) = v {
            match t.value.get() {
                Some(inner) => v = inner,
                None => break,
            }
        }
        v
    }

    /// The number, if this is a natural number.
    pub fn as_nat(&self) -> Option<BigUint> {
        match self.whnf_ref() {
            Value::Nat(n) => Some(n.to_big()),
            _ => None,
        }
    }

    /// The number, if this is a natural number below 2⁶⁴.
    pub fn as_u64(&self) -> Option<u64> {
        match self.whnf_ref() {
            Value::Nat(n) => n.to_u64(),
            _ => None,
        }
    }

    /// The number, if this is an integer.
    pub fn as_int(&self) -> Option<BigInt> {
        match self.whnf_ref() {
            Value::Int(n) => Some(n.to_big()),
            _ => None,
        }
    }

    /// The number, if this is an integer in the `i64` range.
    pub fn as_i64(&self) -> Option<i64> {
        match self.whnf_ref() {
            Value::Int(n) => n.to_i64(),
            _ => None,
        }
    }

    /// The string, if this is a native string.
    pub fn as_str(&self) -> Option<&str> {
        match self.whnf_ref() {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The constructor's full name, if this is a constructor application.
    pub fn ctor_name(&self) -> Option<&Name> {
        match self.whnf_ref() {
            Value::Ctor(c) => Some(&c.name),
            _ => None,
        }
    }

    /// The fields of a constructor application (empty for anything else), with
    /// evaluated thunks looked through.
    pub fn fields(&self) -> impl Iterator<Item = &Value> {
        let fs: &[Value] = match self.whnf_ref() {
            Value::Ctor(c) => &c.fields,
            _ => &[],
        };
        fs.iter().map(Value::whnf_ref)
    }

    /// Field `i` of a constructor application.
    pub fn field(&self, i: usize) -> Option<&Value> {
        self.fields().nth(i)
    }

    /// The boolean, if this is `Bool.true` or `Bool.false`.
    pub fn as_bool(&self) -> Option<bool> {
        match self.ctor_name()?.as_str() {
            "Bool.true" => Some(true),
            "Bool.false" => Some(false),
            _ => None,
        }
    }

    /// The elements of a list value (`List.cons`/`List.nil`), walking the spine without
    /// recursion; `None` if this is not a fully computed list.
    pub fn list_items(&self) -> Option<Vec<&Value>> {
        let mut out = Vec::new();
        let mut cur = self.whnf_ref();
        loop {
            match cur.ctor_name()?.as_str() {
                "List.nil" => return Some(out),
                "List.cons" => {
                    out.push(cur.field(0)?);
                    cur = cur.field(1)?;
                }
                _ => return None,
            }
        }
    }

    /// Whether this is a function (closure or partial application).
    pub fn is_fun(&self) -> bool {
        matches!(self.whnf_ref(), Value::Fun(_))
    }

    pub(crate) fn fun(kind: FunKind, args: Vec<Value>) -> Value {
        Value::Fun(Arc::new(FunVal { kind, args }))
    }

    pub(crate) fn thunk(p: Pending) -> Value {
        Value::Thunk(Arc::new(Thunk {
            pending: Mutex::new(Some(p)),
            value: OnceLock::new(),
        }))
    }
}

/// Moves the children of `v` into `out` when `v` holds the last reference to them, so
/// that they are dropped by the caller's loop instead of recursively.
pub(crate) fn take_children(v: &mut Value, out: &mut Vec<Value>) {
    match v {
        Value::Ctor(c) => {
            if let Some(c) = Arc::get_mut(c) {
                out.append(&mut c.fields);
            }
        }
        Value::Fun(f) => {
            if let Some(f) = Arc::get_mut(f) {
                out.append(&mut f.args);
                if let FunKind::Closure { env, .. } = &mut f.kind {
                    take_env(env, out);
                }
            }
        }
        Value::Thunk(t) => {
            if let Some(t) = Arc::get_mut(t) {
                if let Some(v) = t.value.take() {
                    out.push(v);
                }
                if let Ok(p) = t.pending.get_mut() {
                    if let Some(Pending::Eval(_, mut env)) = p.take() {
                        take_env(&mut env, out);
                    }
                }
            }
        }
        _ => {}
    }
}

/// Moves the values of an environment chain into `out`, as far as it is unshared.
pub(crate) fn take_env(env: &mut Env, out: &mut Vec<Value>) {
    let mut next = env.take();
    while let Some(node) = next {
        match Arc::try_unwrap(node) {
            Ok(mut n) => {
                out.append(&mut n.values);
                next = n.next.take();
            }
            Err(_) => break,
        }
    }
}

/// Drops values without recursion.
pub(crate) fn dispose(mut stack: Vec<Value>) {
    if stack.is_empty() {
        return;
    }
    while let Some(mut v) = stack.pop() {
        take_children(&mut v, &mut stack);
    }
}

impl Drop for CtorVal {
    fn drop(&mut self) {
        dispose(std::mem::take(&mut self.fields));
    }
}

impl Drop for FunVal {
    fn drop(&mut self) {
        let mut stack = std::mem::take(&mut self.args);
        if let FunKind::Closure { env, .. } = &mut self.kind {
            take_env(env, &mut stack);
        }
        dispose(stack);
    }
}

impl Drop for Thunk {
    fn drop(&mut self) {
        let mut stack = Vec::new();
        if let Some(v) = self.value.take() {
            stack.push(v);
        }
        if let Ok(p) = self.pending.get_mut() {
            if let Some(Pending::Eval(_, mut env)) = p.take() {
                take_env(&mut env, &mut stack);
            }
        }
        dispose(stack);
    }
}
