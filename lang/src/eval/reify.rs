//! Turning first-order values back into kernel terms ([`Value::to_expr`]).
//!
//! Values do not carry the parameters of their inductive types (they are erased), so the
//! conversion is guided by the expected type: `List Nat` gives the parameter `Nat` and the
//! universe levels of `List.cons`, and each field's type is read off the constructor's
//! type. The walk uses an explicit stack, so long lists convert without deep recursion.

use super::value::Value;
use super::EvalError;
use cedrus_kernel::{ConstantKind, Environment, Expr, Node};

/// How many δ/β/ζ steps are spent exposing the head of a type.
const MAX_TYPE_UNFOLD: u32 = 10_000;

/// A constructor application being rebuilt.
struct Frame<'v> {
    head: Expr,
    args: Vec<Expr>,
    /// The constructor's type with the parameters and rebuilt fields instantiated.
    rest_ty: Expr,
    fields: Vec<&'v Value>,
    next: usize,
}

enum Start<'v> {
    Done(Expr),
    Frame(Frame<'v>),
}

impl Value {
    /// The kernel term for a first-order value of type `ty` (a closed type of `env`):
    /// natural numbers and strings become literals, constructor applications get their
    /// parameters from `ty`. Functions, erased proofs and types cannot be converted.
    pub fn to_expr(&self, env: &mut Environment, ty: Expr) -> Result<Expr, EvalError> {
        let mut stack: Vec<Frame<'_>> = Vec::new();
        let mut done = match start(env, self, ty)? {
            Start::Done(e) => return Ok(e),
            Start::Frame(fr) => {
                stack.push(fr);
                None
            }
        };
        loop {
            let Some(top) = stack.last_mut() else {
                return done.ok_or_else(|| EvalError::Unexpected("nothing was rebuilt".into()));
            };
            if let Some(e) = done.take() {
                let s = env.store_mut();
                let Node::Pi(_, _, _, body) = *s.node(top.rest_ty) else {
                    return Err(not_first_order("a field of an unexpected type"));
                };
                top.rest_ty = s.instantiate1(body, e);
                top.args.push(e);
                top.next += 1;
            }
            if top.next == top.fields.len() {
                let fr = stack
                    .pop()
                    .ok_or_else(|| not_first_order("an empty stack"))?;
                done = Some(env.store_mut().apps(fr.head, &fr.args));
                continue;
            }
            let Node::Pi(_, _, field_ty, _) = *env.store().node(top.rest_ty) else {
                return Err(not_first_order("a constructor with too many fields"));
            };
            let field = top.fields[top.next];
            match start(env, field, field_ty)? {
                Start::Done(e) => done = Some(e),
                Start::Frame(fr) => stack.push(fr),
            }
        }
    }
}

fn not_first_order(what: &str) -> EvalError {
    EvalError::NotFirstOrder(what.to_owned())
}

/// Exposes the head of a type by unfolding definitions, β and ζ.
fn whnf_type(env: &mut Environment, mut ty: Expr) -> Expr {
    for _ in 0..MAX_TYPE_UNFOLD {
        let (head, args) = env.store().unfold_apps(ty);
        let next = match env.store().node(head).clone() {
            Node::Const(n, ls) => match env.get(&n) {
                Some(info) => match &info.kind {
                    ConstantKind::Definition { value, .. } => {
                        let (value, lps) = (*value, info.lparams.clone());
                        let s = env.store_mut();
                        let v = s.instantiate_levels(value, &lps, &ls);
                        s.apps(v, &args)
                    }
                    _ => return ty,
                },
                None => return ty,
            },
            Node::Lam(_, _, _, body) if !args.is_empty() => {
                let s = env.store_mut();
                let b = s.instantiate1(body, args[0]);
                s.apps(b, &args[1..])
            }
            Node::Let(_, _, v, body) => {
                let s = env.store_mut();
                let b = s.instantiate1(body, v);
                s.apps(b, &args)
            }
            _ => return ty,
        };
        ty = next;
    }
    ty
}

fn start<'v>(env: &mut Environment, v: &'v Value, ty: Expr) -> Result<Start<'v>, EvalError> {
    let ty = whnf_type(env, ty);
    let (head, targs) = env.store().unfold_apps(ty);
    let Node::Const(ind, ls) = env.store().node(head).clone() else {
        return Err(not_first_order(
            "a value whose type is not an inductive type",
        ));
    };
    let c = match v.whnf_ref() {
        Value::Nat(n) if ind.as_str() == "Nat" => {
            return Ok(Start::Done(env.store_mut().nat(n.to_big())))
        }
        Value::Int(n) if ind.as_str() == "Int" => {
            let big = n.to_big();
            let (ctor, m) = match big.to_biguint() {
                Some(m) => ("Int.ofNat", m),
                None => {
                    let k: num_bigint::BigInt = -(big + 1u32);
                    ("Int.negSucc", k.to_biguint().unwrap_or_default())
                }
            };
            let s = env.store_mut();
            let (c, lit) = (s.cnst(ctor, vec![]), s.nat(m));
            return Ok(Start::Done(s.app(c, lit)));
        }
        Value::Str(s) if ind.as_str() == "String" => {
            let s = s.clone();
            return Ok(Start::Done(env.store_mut().str_lit(&s)));
        }
        Value::Ctor(c) => c,
        Value::Fun(_) => return Err(not_first_order("a function")),
        Value::Erased => return Err(not_first_order("an erased type or proof")),
        Value::Thunk(_) => return Err(not_first_order("an unevaluated computation")),
        Value::Stuck(n) => return Err(EvalError::Axiom(n.clone())),
        Value::Nat(_) | Value::Int(_) | Value::Str(_) => {
            return Err(not_first_order(&format!("a literal of type `{ind}`")))
        }
    };
    let info = env
        .get(&c.name)
        .cloned()
        .ok_or_else(|| EvalError::UnknownConstant(c.name.clone()))?;
    let ConstantKind::Constructor(ci) = &info.kind else {
        return Err(not_first_order(&format!(
            "`{}` (not a constructor)",
            c.name
        )));
    };
    if ci.induct != ind {
        return Err(not_first_order(&format!(
            "a `{}` value at type `{ind}`",
            c.name
        )));
    }
    let np = ci.num_params as usize;
    let params = targs
        .get(..np)
        .ok_or_else(|| not_first_order("a value of a partially applied type"))?
        .to_vec();
    let s = env.store_mut();
    let mut cty = s.instantiate_levels(info.ty, &info.lparams, &ls);
    for &p in &params {
        let Node::Pi(_, _, _, body) = *s.node(cty) else {
            return Err(not_first_order("a constructor with too few parameters"));
        };
        cty = s.instantiate1(body, p);
    }
    let head = s.cnst(c.name.clone(), ls);
    let fields: Vec<&'v Value> = v.fields().collect();
    if fields.is_empty() {
        return Ok(Start::Done(s.apps(head, &params)));
    }
    Ok(Start::Frame(Frame {
        head,
        args: params,
        rest_ty: cty,
        fields,
        next: 0,
    }))
}
