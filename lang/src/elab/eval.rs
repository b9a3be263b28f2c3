//! `#eval`: running closed terms. The [`Evaluate`] trait lets the elaborator use any
//! evaluator; the default is [`MachineEvaluator`], which runs the fast evaluator of
//! [`crate::eval`] and falls back on [`KernelEvaluator`] (normalisation by the kernel's
//! reduction) for values it cannot print: functions, and terms it does not handle.

use cedrus_kernel::pp::pp_closed;
use cedrus_kernel::{ConstantKind, Environment, Expr, Literal, Name, Node};
use std::collections::HashMap;

/// Something that can run a closed, well-typed term and print its value.
pub trait Evaluate {
    /// Evaluates `e` (closed, already checked) in `env` and prints the result.
    fn eval(&mut self, env: &mut Environment, e: Expr) -> Result<String, String>;

    /// Like [`Evaluate::eval`], given the evaluation terms of recursive definitions by
    /// equations (`Elaborator::eval_code`) that may be run in place of their kernel
    /// values. The default ignores them.
    fn eval_with_code(
        &mut self,
        env: &mut Environment,
        e: Expr,
        code: &HashMap<Name, Expr>,
    ) -> Result<String, String> {
        let _ = code;
        self.eval(env, e)
    }
}

/// Evaluation by the machine of [`crate::eval`], printing values as Lean does.
///
/// A new [`Evaluator`](crate::eval::Evaluator) is made for each term (it borrows the
/// environment, which `#eval` commands between declarations keep extending). When the
/// result is a function or another value with no printed form, or when the machine
/// meets a term it does not support, the term is evaluated again by the kernel. Through
/// [`Evaluate::eval_with_code`] (as `#eval` calls it), recursive definitions by equations
/// run from their evaluation terms, with direct recursive calls.
#[derive(Clone, Copy, Debug, Default)]
pub struct MachineEvaluator {
    /// The machine's limits.
    pub config: crate::eval::EvalConfig,
    /// The fallback.
    pub kernel: KernelEvaluator,
}

impl Evaluate for MachineEvaluator {
    fn eval(&mut self, env: &mut Environment, e: Expr) -> Result<String, String> {
        self.eval_with_code(env, e, &HashMap::new())
    }

    /// Runs the definitions that have an evaluation term from it (see
    /// [`Evaluator::with_overrides`](crate::eval::Evaluator::with_overrides)).
    fn eval_with_code(
        &mut self,
        env: &mut Environment,
        e: Expr,
        code: &HashMap<Name, Expr>,
    ) -> Result<String, String> {
        let printed = {
            let mut ev = crate::eval::Evaluator::with_config(env, self.config).with_overrides(code);
            match ev.eval(e) {
                Ok(v) => {
                    let s = v.to_string();
                    (!s.contains("<fun>") && !s.contains("<thunk>")).then_some(s)
                }
                Err(
                    crate::eval::EvalError::Unexpected(_) | crate::eval::EvalError::DeepTerm { .. },
                ) => None,
                Err(err) => return Err(err.to_string()),
            }
        };
        match printed {
            Some(s) => Ok(s),
            None => self.kernel.eval(env, e),
        }
    }
}

/// Evaluation by kernel reduction: weak-head normalisation, then the arguments of the
/// resulting constructor, recursively (deep values give an error, not a crash).
#[derive(Clone, Copy, Debug)]
pub struct KernelEvaluator {
    /// Deepest value printed.
    pub max_depth: u32,
}

impl Default for KernelEvaluator {
    fn default() -> Self {
        KernelEvaluator { max_depth: 512 }
    }
}

impl Evaluate for KernelEvaluator {
    fn eval(&mut self, env: &mut Environment, e: Expr) -> Result<String, String> {
        let mut tc = env.type_checker(Name::new("_eval"), Vec::new());
        let v = normalize(&mut tc, e, self.max_depth)?;
        let mut out = String::new();
        print_value(&tc, v, &mut out, false);
        Ok(out)
    }
}

fn normalize(
    tc: &mut cedrus_kernel::tc::TypeChecker<'_>,
    e: Expr,
    depth: u32,
) -> Result<Expr, String> {
    if depth == 0 {
        return Err("value too deep to print".into());
    }
    let w = tc.whnf(e).map_err(|k| k.to_string())?;
    let (h, args) = tc.store.unfold_apps(w);
    let is_ctor = match tc.store.node(h) {
        Node::Const(n, _) => matches!(
            tc.table.consts.get(n).map(|c| &c.kind),
            Some(ConstantKind::Constructor(_))
        ),
        _ => false,
    };
    if !is_ctor {
        return Ok(w);
    }
    let mut out = Vec::with_capacity(args.len());
    for a in args {
        // Types and proofs are printed as they are.
        let keep = matches!(tc.is_proof(a), Ok(true))
            || matches!(
                tc.infer(a, true).map(|t| tc.store.node(t).clone()),
                Ok(Node::Sort(_))
            );
        out.push(if keep {
            a
        } else {
            normalize(tc, a, depth - 1)?
        });
    }
    Ok(tc.store.apps(h, &out))
}

/// Prints a normalised value: literals, `[a, b]` for lists, `(a, b)` for pairs, and
/// constructors applied to their fields (parameters omitted) otherwise.
fn print_value(tc: &cedrus_kernel::tc::TypeChecker<'_>, e: Expr, out: &mut String, nested: bool) {
    let s = &*tc.store;
    if let Node::Lit(l) = s.node(e) {
        match l {
            Literal::Nat(n) => out.push_str(&n.to_string()),
            Literal::Str(x) => out.push_str(&format!("{x:?}")),
        }
        return;
    }
    let (h, args) = s.unfold_apps(e);
    let info = match s.node(h) {
        Node::Const(n, _) => match tc.table.consts.get(n).map(|c| &c.kind) {
            Some(ConstantKind::Constructor(ci)) => Some((n.clone(), ci.num_params as usize)),
            _ => None,
        },
        _ => None,
    };
    let Some((name, np)) = info else {
        out.push_str(&pp_closed(s, e));
        return;
    };
    let fields = &args[np.min(args.len())..];
    match (name.as_str(), fields) {
        ("Int.ofNat", [n]) => print_value(tc, *n, out, nested),
        ("Int.negSucc", [n]) => match s.node(*n) {
            Node::Lit(Literal::Nat(k)) => out.push_str(&format!("-{}", k + 1u32)),
            _ => {
                out.push_str("Int.negSucc ");
                print_value(tc, *n, out, true);
            }
        },
        ("Bool.true", []) => out.push_str("true"),
        ("Bool.false", []) => out.push_str("false"),
        ("List.nil", []) | ("List.cons", [_, _]) => {
            let mut items = Vec::new();
            let mut cur = e;
            loop {
                let (h, a) = s.unfold_apps(cur);
                match (s.head_const(h).map(|(n, _)| n.as_str()), a.as_slice()) {
                    (Some("List.cons"), [_, x, rest]) => {
                        items.push(*x);
                        cur = *rest;
                    }
                    _ => break,
                }
            }
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                print_value(tc, *x, out, false);
            }
            out.push(']');
        }
        ("Prod.mk", [a, b]) => {
            out.push('(');
            print_value(tc, *a, out, false);
            out.push_str(", ");
            print_value(tc, *b, out, false);
            out.push(')');
        }
        (_, []) => out.push_str(name.as_str()),
        (_, fs) => {
            if nested {
                out.push('(');
            }
            out.push_str(name.as_str());
            for f in fs {
                out.push(' ');
                print_value(tc, *f, out, true);
            }
            if nested {
                out.push(')');
            }
        }
    }
}
