//! The machine: an explicit-stack (CEK-style) evaluator of compiled code.
//!
//! The machine is a loop over two states, *evaluate this code in this environment* and
//! *return this value to the topmost continuation frame*, so the object program's
//! recursion lives in a heap-allocated stack of [`Frame`]s, never on the Rust stack; its
//! size is bounded by [`EvalConfig::max_depth`]. Calls in tail position push no frame.
//! Thunks are forced by pushing an update frame; recursors force their major premise with
//! a frame that then selects the rule.

use super::code::{lookup, push, push_all, Code, CodeId, Compiler, Env, GlobalNames, Program};
use super::native::{self, Native};
use super::value::{FunKind, Nat, Pending, Thunk, Value};
use super::{EvalConfig, EvalError, RecShape};
use cedrus_kernel::{ConstantKind, Environment, Expr, Name};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

type R<T> = Result<T, EvalError>;

/// Terms up to this depth are compiled on the calling thread.
const SHALLOW_TERM: u32 = 500;

/// Stack reserved per level of term depth when compiling a deep term.
const STACK_PER_TERM_LEVEL: usize = 4 << 10;

/// What the machine does next.
pub(super) enum State {
    /// Evaluate code in an environment.
    Eval(CodeId, Env),
    /// Return a value to the topmost frame.
    Ret(Value),
}

/// A continuation frame: what to do with the value being returned.
pub(super) enum Frame {
    /// Evaluating the arguments of an application (`vals` are done).
    Args {
        head: CodeId,
        start: u32,
        len: u32,
        env: Env,
        vals: Vec<Value>,
    },
    /// Apply the returned function to these arguments.
    ApplyTo(Vec<Value>),
    /// Evaluate a `let` body with the returned value bound.
    LetBody(CodeId, Env),
    /// Project a field out of the returned value.
    Proj(u32),
    /// Store the returned value in a thunk (whose computation is kept, to be restored
    /// if evaluation fails before it completes).
    Update(Arc<Thunk>, CodeId, Env),
    /// The returned value is the major premise of a recursor applied to `args`.
    Iota(Arc<RecShape>, Vec<Value>),
    /// The returned value is the major premise of a `T.casesOn` with these minor
    /// premises.
    Cases(Arc<RecShape>, Vec<Value>),
    /// Forcing the arguments of a native operation one at a time.
    NativeArgs {
        op: Native,
        done: Vec<Value>,
        rest: Vec<Value>,
    },
    /// Cache the returned value as the value of a constant.
    SetGlobal(u32),
}

/// Evaluates closed terms of one environment, caching compiled constants.
///
/// Function values (closures) refer to code owned by the evaluator that made them: apply
/// them with the same evaluator. Data values are independent of it.
pub struct Evaluator<'e> {
    pub(super) env: &'e Environment,
    pub(super) config: EvalConfig,
    pub(super) names: GlobalNames,
    pub(super) program: Program,
    pub(super) slots: Vec<Option<Value>>,
    pub(super) stack: Vec<Frame>,
    /// `Decidable.isFalse`, `Decidable.isTrue` (index in the type) if declared.
    pub(super) decidable: Option<[(Name, u32); 2]>,
    /// `Char.ofNat #0`, to turn native strings into lists of characters.
    pub(super) char_of_nat: Option<CodeId>,
    /// Compiled closed terms (top-level terms, definitions, constants by slot).
    pub(super) compiled: HashMap<Expr, CodeId>,
    /// Code that is just a constant, by slot.
    pub(super) global_code: HashMap<u32, CodeId>,
    /// Machine steps taken by the current public call.
    pub(super) steps: u64,
    /// Terms run in place of some definitions' kernel values (see
    /// [`Evaluator::with_overrides`]).
    pub(super) overrides: Option<&'e HashMap<Name, Expr>>,
}

/// Frames kept allocated between evaluations (a deep evaluation's stack is released).
const KEPT_FRAMES: usize = 1 << 12;

impl<'e> Evaluator<'e> {
    /// An evaluator with default limits.
    pub fn new(env: &'e Environment) -> Self {
        Evaluator::with_config(env, EvalConfig::default())
    }

    /// An evaluator with the given limits.
    pub fn with_config(env: &'e Environment, config: EvalConfig) -> Self {
        let ctor = |n: &str| match env.get(&Name::new(n)).map(|c| &c.kind) {
            Some(ConstantKind::Constructor(c)) => Some((Name::new(n), c.idx)),
            _ => None,
        };
        let decidable = match (ctor("Decidable.isFalse"), ctor("Decidable.isTrue")) {
            (Some(f), Some(t)) => Some([f, t]),
            _ => None,
        };
        Evaluator {
            env,
            config,
            names: GlobalNames::default(),
            program: Program::default(),
            slots: Vec::new(),
            stack: Vec::new(),
            decidable,
            char_of_nat: None,
            compiled: HashMap::new(),
            global_code: HashMap::new(),
            steps: 0,
            overrides: None,
        }
    }

    /// Runs the definitions named in `overrides` from the given closed terms of the
    /// environment's store instead of their kernel values: typically the evaluation terms
    /// of definitions by equations ([`crate::matchc::Compiled::eval_value`]), whose
    /// recursive calls refer to the functions directly. Names that are not definitions of
    /// the environment are ignored. The terms are not checked: they must compute what
    /// the definitions compute (a wrong term gives wrong results, never unsafety).
    pub fn with_overrides(mut self, overrides: &'e HashMap<Name, Expr>) -> Self {
        self.overrides = Some(overrides);
        self
    }

    /// The limits in force.
    pub fn config(&self) -> &EvalConfig {
        &self.config
    }

    /// Changes the limits for the next evaluations (compiled code and computed constants
    /// are kept).
    pub fn set_config(&mut self, config: EvalConfig) {
        self.config = config;
    }

    /// Evaluates a closed term of the environment's store to a value whose data (the
    /// fields of constructor applications, transitively) is fully computed.
    pub fn eval(&mut self, e: Expr) -> Result<Value, EvalError> {
        self.steps = 0;
        let r = self
            .compile(e)
            .and_then(|code| self.run(State::Eval(code, None)))
            .and_then(|v| self.deep_force(v));
        self.stack.shrink_to(KEPT_FRAMES);
        r
    }

    /// Applies constant `name` to arguments (type arguments may be [`Value::Erased`]) and
    /// evaluates the result fully, as [`Evaluator::eval`] does.
    pub fn eval_const(&mut self, name: &str, args: &[Value]) -> Result<Value, EvalError> {
        self.steps = 0;
        let g = self.names.slot(&Name::new(name));
        let code = match self.global_code.get(&g) {
            Some(&c) => c,
            None => {
                let c = self.program.add(Code::Global(g));
                self.global_code.insert(g, c);
                c
            }
        };
        let r = self
            .run(State::Eval(code, None))
            .and_then(|f| self.apply_fully(&f, args));
        self.stack.shrink_to(KEPT_FRAMES);
        r
    }

    /// Applies a function value (made by this evaluator) to arguments and evaluates the
    /// result fully.
    pub fn apply_value(&mut self, f: &Value, args: &[Value]) -> Result<Value, EvalError> {
        self.steps = 0;
        let r = self.apply_fully(f, args);
        self.stack.shrink_to(KEPT_FRAMES);
        r
    }

    fn apply_fully(&mut self, f: &Value, args: &[Value]) -> Result<Value, EvalError> {
        let base = self.stack.len();
        let st = self.apply(f.clone(), args.to_vec());
        let v = match st {
            Ok(st) => self.run_from(st, base)?,
            Err(e) => {
                self.unwind(base);
                return Err(e);
            }
        };
        self.deep_force(v)
    }

    /// Compiles a closed term. Compilation recurses on the term, so deep terms are
    /// compiled on a helper thread whose stack fits their depth.
    pub(super) fn compile(&mut self, e: Expr) -> R<CodeId> {
        if let Some(&c) = self.compiled.get(&e) {
            return Ok(c);
        }
        let c = self.compile_new(e)?;
        self.compiled.insert(e, c);
        Ok(c)
    }

    fn compile_new(&mut self, e: Expr) -> R<CodeId> {
        let depth = self.env.store().depth(e);
        let mut compiler = Compiler {
            env: self.env,
            globals: &mut self.names,
            program: &mut self.program,
            max_depth: self.config.max_term_depth,
        };
        if depth <= SHALLOW_TERM || depth > self.config.max_term_depth {
            return compiler.compile(e, 0);
        }
        let stack = STACK_PER_TERM_LEVEL.saturating_mul(depth as usize) + (8 << 20);
        let spawned = std::thread::scope(|scope| {
            std::thread::Builder::new()
                .name("cedrus-eval-compile".into())
                .stack_size(stack)
                .spawn_scoped(scope, || compiler.compile(e, 0))
                .ok()
                .map(|h| h.join())
        });
        match spawned {
            Some(Ok(r)) => r,
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            None => Err(EvalError::DeepTerm { depth }),
        }
    }

    /// Runs the machine until the frames above the current top are consumed.
    fn run(&mut self, st: State) -> R<Value> {
        let base = self.stack.len();
        self.run_from(st, base)
    }

    fn run_from(&mut self, mut st: State, base: usize) -> R<Value> {
        loop {
            let next = match st {
                State::Eval(c, env) => self.eval_step(c, env),
                State::Ret(v) => {
                    if self.stack.len() <= base {
                        return Ok(v);
                    }
                    match self.stack.pop() {
                        Some(fr) => self.ret(fr, v),
                        None => return Ok(v),
                    }
                }
            };
            match next {
                Ok(s) => st = s,
                Err(e) => {
                    self.unwind(base);
                    return Err(e);
                }
            }
        }
    }

    /// Drops the frames above `base` after an error, giving the thunks being computed
    /// their computation back (so that a later evaluation can run them again).
    fn unwind(&mut self, base: usize) {
        while self.stack.len() > base {
            if let Some(Frame::Update(t, c, env)) = self.stack.pop() {
                if let Ok(mut p) = t.pending.lock() {
                    *p = Some(Pending::Eval(c, env));
                }
            }
        }
    }

    pub(super) fn push(&mut self, fr: Frame) -> R<()> {
        if self.stack.len() >= self.config.max_depth {
            return Err(EvalError::StackOverflow {
                depth: u32::try_from(self.stack.len()).unwrap_or(u32::MAX),
            });
        }
        self.stack.push(fr);
        Ok(())
    }

    fn eval_step(&mut self, c: CodeId, env: Env) -> R<State> {
        self.steps += 1;
        if self.steps > self.config.max_steps {
            return Err(EvalError::StepLimit { steps: self.steps });
        }
        Ok(match self.program.code(c) {
            Code::Global(g) => match self.slots.get(g as usize) {
                Some(Some(v)) => State::Ret(v.clone()),
                _ => self.resolve(g)?,
            },
            Code::App { head, start, len } => {
                self.continue_app(head, start, len, env, Vec::with_capacity(len as usize))?
            }
            Code::Let(v, b) => {
                self.push(Frame::LetBody(b, env.clone()))?;
                State::Eval(v, env)
            }
            Code::Proj(i, s) => {
                self.push(Frame::Proj(i))?;
                State::Eval(s, env)
            }
            _ => match self.atomic(c, &env) {
                Some(v) => State::Ret(v),
                None => return Err(EvalError::Unexpected("malformed code".into())),
            },
        })
    }

    /// The value of code that needs no machine step, if it is such code.
    pub(super) fn atomic(&self, c: CodeId, env: &Env) -> Option<Value> {
        Some(match self.program.code(c) {
            Code::Var(i) => lookup(env, i as usize)?.clone(),
            Code::Lit(i) => self.program.lit(i),
            Code::Erased => Value::Erased,
            Code::Lam(arity, body) => Value::fun(
                FunKind::Closure {
                    arity,
                    body,
                    env: env.clone(),
                },
                Vec::new(),
            ),
            Code::Delay(c) => Value::thunk(Pending::Eval(c, env.clone())),
            Code::Global(g) => self.slots.get(g as usize)?.clone()?,
            _ => return None,
        })
    }

    fn continue_app(
        &mut self,
        head: CodeId,
        start: u32,
        len: u32,
        env: Env,
        mut vals: Vec<Value>,
    ) -> R<State> {
        while vals.len() < len as usize {
            let a = self.program.arg(start, vals.len());
            match self.atomic(a, &env) {
                Some(v) => vals.push(v),
                None => {
                    self.push(Frame::Args {
                        head,
                        start,
                        len,
                        env: env.clone(),
                        vals,
                    })?;
                    return Ok(State::Eval(a, env));
                }
            }
        }
        match self.atomic(head, &env) {
            Some(f) => self.apply(f, vals),
            None => {
                self.push(Frame::ApplyTo(vals))?;
                Ok(State::Eval(head, env))
            }
        }
    }

    /// Continues with `fr` once `v` is computed (forcing it if it is a thunk).
    fn demand(&mut self, v: Value, fr: Frame) -> R<State> {
        self.push(fr)?;
        match v {
            Value::Thunk(t) => match t.value.get() {
                Some(v) => Ok(State::Ret(v.clone())),
                None => self.enter_thunk(t),
            },
            v => Ok(State::Ret(v)),
        }
    }

    fn enter_thunk(&mut self, t: Arc<Thunk>) -> R<State> {
        let pending = match t.pending.lock() {
            Ok(mut p) => p.take(),
            Err(_) => None,
        };
        let Some(Pending::Eval(c, env)) = pending else {
            return Err(EvalError::Unexpected(
                "a suspended computation was re-entered (or failed before)".into(),
            ));
        };
        self.push(Frame::Update(t, c, env.clone()))?;
        Ok(State::Eval(c, env))
    }

    /// Applies a function to arguments (partial and over-application work).
    pub(super) fn apply(&mut self, mut f: Value, mut args: Vec<Value>) -> R<State> {
        loop {
            if args.is_empty() {
                return Ok(State::Ret(f));
            }
            let fv = match f {
                Value::Fun(fv) => fv,
                Value::Thunk(t) => match t.value.get() {
                    Some(v) => {
                        f = v.clone();
                        continue;
                    }
                    None => {
                        self.push(Frame::ApplyTo(args))?;
                        return self.enter_thunk(t);
                    }
                },
                Value::Erased => return Ok(State::Ret(Value::Erased)),
                Value::Stuck(n) => return Ok(State::Ret(Value::Stuck(n))),
                other => {
                    return Err(EvalError::Unexpected(format!(
                        "applied {} to an argument",
                        other.shape()
                    )))
                }
            };
            let arity = fv.kind.arity();
            let have = fv.args.len();
            if have + args.len() < arity {
                let mut all = fv.args.clone();
                all.append(&mut args);
                return Ok(State::Ret(Value::fun(fv.kind.clone(), all)));
            }
            let rest = args.split_off(arity - have);
            let all = if have == 0 {
                args
            } else {
                let mut all = Vec::with_capacity(arity);
                all.extend(fv.args.iter().cloned());
                all.append(&mut args);
                all
            };
            if !rest.is_empty() {
                self.push(Frame::ApplyTo(rest))?;
            }
            return self.saturated(&fv.kind, all);
        }
    }

    /// Runs a function that has exactly its arity in arguments.
    fn saturated(&mut self, kind: &FunKind, mut args: Vec<Value>) -> R<State> {
        match kind {
            FunKind::Closure { body, env, .. } => Ok(State::Eval(*body, push_all(env, args))),
            FunKind::Ctor {
                name, idx, params, ..
            } => {
                args.drain(..(*params as usize).min(args.len()));
                Ok(State::Ret(Value::ctor(name.clone(), *idx, args)))
            }
            FunKind::Rec(shape) => {
                if shape.k {
                    args.pop();
                    return self.reduce_rec(shape, args, 0, Vec::new());
                }
                let major = args.pop().unwrap_or_default();
                self.demand(major, Frame::Iota(shape.clone(), args))
            }
            FunKind::Cases(shape) => {
                let minors = args.split_off((shape.major_idx + 1).min(args.len()));
                let major = args.pop().unwrap_or_default();
                if shape.k {
                    let n = shape.rules.first().map_or(0, |r| r.1);
                    return self.run_minor(shape, minors, 0, vec![Value::Erased; n]);
                }
                self.demand(major, Frame::Cases(shape.clone(), minors))
            }
            FunKind::Native(op) => {
                let ready = args
                    .iter()
                    .all(|a| !matches!(a, Value::Thunk(_) | Value::Stuck(_)));
                if ready {
                    return self.finish_native(*op, args);
                }
                args.reverse();
                let first = args.pop().unwrap_or_default();
                self.demand(
                    first,
                    Frame::NativeArgs {
                        op: *op,
                        done: Vec::with_capacity(op.arity()),
                        rest: args,
                    },
                )
            }
        }
    }

    /// Runs a native operation on computed arguments.
    fn finish_native(&mut self, op: Native, args: Vec<Value>) -> R<State> {
        match native::run(op, &args)? {
            Some(out) => Ok(State::Ret(self.native_value(out)?)),
            None => self.fallback(op, args),
        }
    }

    /// Handles a value returned to a frame.
    fn ret(&mut self, fr: Frame, v: Value) -> R<State> {
        if let Value::Thunk(t) = &v {
            if t.value.get().is_none() {
                return self.demand(v, fr);
            }
        }
        let v = match v {
            Value::Thunk(t) => t.value.get().cloned().unwrap_or_default(),
            v => v,
        };
        match fr {
            Frame::Args {
                head,
                start,
                len,
                env,
                mut vals,
            } => {
                vals.push(v);
                self.continue_app(head, start, len, env, vals)
            }
            Frame::ApplyTo(args) => self.apply(v, args),
            Frame::LetBody(b, env) => Ok(State::Eval(b, push(&env, v))),
            Frame::Proj(i) => self.project(i, v),
            Frame::Update(t, _, _) => {
                let _ = t.value.set(v.clone());
                Ok(State::Ret(v))
            }
            Frame::Iota(shape, args) => self.iota(&shape, args, v),
            Frame::Cases(shape, minors) => match self.select_rule(&shape, v)? {
                Ok((rule, fields)) => self.run_minor(&shape, minors, rule, fields),
                Err(st) => Ok(st),
            },
            Frame::NativeArgs {
                op,
                mut done,
                mut rest,
            } => {
                if let Value::Stuck(n) = &v {
                    return Err(self.stuck(n));
                }
                done.push(v);
                match rest.pop() {
                    Some(next) => self.demand(next, Frame::NativeArgs { op, done, rest }),
                    None => self.finish_native(op, done),
                }
            }
            Frame::SetGlobal(g) => {
                self.set_slot(g, v.clone());
                Ok(State::Ret(v))
            }
        }
    }

    /// Reduces a recursor whose major premise has been computed.
    fn iota(&mut self, shape: &RecShape, args: Vec<Value>, major: Value) -> R<State> {
        match self.select_rule(shape, major)? {
            Ok((rule, fields)) => self.reduce_rec(shape, args, rule, fields),
            Err(st) => Ok(st),
        }
    }

    /// The rule of `shape` that applies to a computed major premise and the premise's
    /// fields, or the state to return at once (a stuck proof).
    fn select_rule(
        &mut self,
        shape: &RecShape,
        major: Value,
    ) -> R<Result<(usize, Vec<Value>), State>> {
        Ok(Ok(match major {
            Value::Ctor(c) => {
                let i = match shape.rules.get(c.idx as usize) {
                    Some((n, _, _)) if *n == c.name => c.idx as usize,
                    _ => rule_named(shape, c.name.as_str())?,
                };
                (i, c.fields.clone())
            }
            Value::Nat(n) if n.is_zero() => (rule_named(shape, "Nat.zero")?, Vec::new()),
            Value::Nat(n) => {
                let pred = match n {
                    Nat::Small(v) => Value::nat(v.saturating_sub(1)),
                    Nat::Big(b) => Value::big_nat((*b).clone() - 1u32),
                };
                (rule_named(shape, "Nat.succ")?, vec![pred])
            }
            Value::Int(n) => {
                let big = n.to_big();
                match big.to_biguint() {
                    Some(m) => (rule_named(shape, "Int.ofNat")?, vec![Value::big_nat(m)]),
                    None => {
                        let k: num_bigint::BigInt = -(big + 1u32);
                        let k = k.to_biguint().unwrap_or_default();
                        (rule_named(shape, "Int.negSucc")?, vec![Value::big_nat(k)])
                    }
                }
            }
            Value::Str(s) => {
                let i = rule_named(shape, "String.mk")?;
                (i, vec![self.string_to_list(&s)?])
            }
            Value::Erased if shape.prop && !shape.erasable => {
                return Ok(Err(State::Ret(Value::Stuck(shape.name.clone()))))
            }
            Value::Erased if shape.erasable => {
                let n = shape.rules.first().map_or(0, |r| r.1);
                (0, vec![Value::Erased; n])
            }
            Value::Stuck(n) => return Err(self.stuck(&n)),
            other => {
                return Err(EvalError::Unexpected(format!(
                    "`{}` applied to {}",
                    shape.name,
                    other.shape()
                )))
            }
        }))
    }

    /// Runs minor premise `rule` of a `casesOn` on the fields of the major premise.
    fn run_minor(
        &mut self,
        shape: &RecShape,
        mut minors: Vec<Value>,
        rule: usize,
        fields: Vec<Value>,
    ) -> R<State> {
        if rule >= minors.len() || shape.rules.get(rule).map(|r| r.1) != Some(fields.len()) {
            return Err(EvalError::Unexpected(format!(
                "`{}`: no minor premise for the major premise",
                shape.name
            )));
        }
        let minor = minors.swap_remove(rule);
        match minor {
            Value::Thunk(t) if fields.is_empty() => match t.value.get() {
                Some(v) => Ok(State::Ret(v.clone())),
                None => self.enter_thunk(t),
            },
            m => self.apply(m, fields),
        }
    }

    fn reduce_rec(
        &mut self,
        shape: &RecShape,
        mut args: Vec<Value>,
        rule: usize,
        fields: Vec<Value>,
    ) -> R<State> {
        let Some((_, nfields, rhs)) = shape.rules.get(rule) else {
            return Err(EvalError::Unexpected(format!(
                "`{}` has no rule",
                shape.name
            )));
        };
        if fields.len() != *nfields {
            return Err(EvalError::Unexpected(format!(
                "`{}`: wrong number of fields",
                shape.name
            )));
        }
        args.truncate(shape.prefix);
        args.extend(fields);
        self.apply(rhs.clone(), args)
    }

    fn project(&mut self, i: u32, s: Value) -> R<State> {
        Ok(State::Ret(match s {
            Value::Ctor(c) => {
                c.fields.get(i as usize).cloned().ok_or_else(|| {
                    EvalError::Unexpected(format!("`{}` has no field {i}", c.name))
                })?
            }
            Value::Str(s) if i == 0 => self.string_to_list(&s)?,
            Value::Erased => Value::Erased,
            Value::Stuck(n) => return Err(self.stuck(&n)),
            other => {
                return Err(EvalError::Unexpected(format!(
                    "projected field {i} out of {}",
                    other.shape()
                )))
            }
        }))
    }

    /// Computes every thunk reachable through constructor fields (iteratively), and fails
    /// if the data is stuck on an axiom.
    fn deep_force(&mut self, v: Value) -> R<Value> {
        let v = self.force(v)?;
        let mut seen = HashSet::new();
        let mut todo = vec![v.clone()];
        while let Some(x) = todo.pop() {
            match x {
                Value::Ctor(c) => {
                    if !seen.insert(Arc::as_ptr(&c)) {
                        continue;
                    }
                    for f in &c.fields {
                        todo.push(self.force(f.clone())?);
                    }
                }
                Value::Stuck(n) => return Err(self.stuck(&n)),
                _ => {}
            }
        }
        Ok(v)
    }

    /// Computes a thunk; other values are returned as they are.
    fn force(&mut self, v: Value) -> R<Value> {
        match v {
            Value::Thunk(t) => match t.value.get() {
                Some(v) => Ok(v.clone()),
                None => {
                    let base = self.stack.len();
                    match self.enter_thunk(t) {
                        Ok(st) => self.run_from(st, base),
                        Err(e) => {
                            self.unwind(base);
                            Err(e)
                        }
                    }
                }
            },
            v => Ok(v),
        }
    }
}

fn rule_named(shape: &RecShape, ctor: &str) -> R<usize> {
    shape
        .rules
        .iter()
        .position(|(n, _, _)| n.as_str() == ctor)
        .ok_or_else(|| {
            EvalError::Unexpected(format!("`{}` applied to a `{ctor}` value", shape.name))
        })
}

impl Value {
    /// A short description of the value's kind, for errors.
    pub(crate) fn shape(&self) -> String {
        match self.whnf_ref() {
            Value::Nat(n) => format!("the number {n}"),
            Value::Int(n) => format!("the integer {n}"),
            Value::Str(_) => "a string".into(),
            Value::Ctor(c) => format!("a `{}` value", c.name),
            Value::Fun(_) => "a function".into(),
            Value::Thunk(_) => "a suspended computation".into(),
            Value::Erased => "an erased type or proof".into(),
            Value::Stuck(n) => format!("the stuck constant `{n}`"),
        }
    }
}
