//! The executable Cedar model, run on production-engine data.
//!
//! The model is the embedded-language source in `spec/Cedar/*.cdr`, embedded in this
//! crate at build time. [`Model::load`] elaborates it after the prelude, in import
//! order, every declaration checked by the kernel; that happens once per process, and
//! later calls share the checked environment. The model then runs on the language's
//! evaluator (`cedrus_lang::eval`), from the equations of its definitions.
//!
//! Production data (parsed policies with their templates and links, entities with their
//! ancestor closure, requests) is converted into the model's data as evaluator values
//! directly (module `to_model`), and the model's answers back (module `from_model`).
//!
//! ```no_run
//! # fn main() -> Result<(), cedrus_spec::SpecError> {
//! use cedrus_policy::{entities::Entities, parser::parse_policies, request::Request, PolicySet};
//! let mut model = cedrus_spec::Model::load()?;
//! let policies = PolicySet::from_policies(
//!     parse_policies("permit(principal, action, resource);").unwrap(),
//! ).unwrap();
//! let request = Request::from_json_str(
//!     r#"{"principal": {"type": "User", "id": "a"}, "action": {"type": "Action", "id": "v"},
//!         "resource": {"type": "Doc", "id": "d"}, "context": {}}"#,
//! ).unwrap();
//! let answer = model.authorize(&policies, &Entities::new(), &request)?;
//! assert!(answer.determining.contains("policy0"));
//! # Ok(()) }
//! ```

mod ctors;
mod from_model;
mod load;
mod to_model;

use std::collections::BTreeSet;
use std::fmt;

use cedrus_lang::eval::{EvalConfig, EvalError, Evaluator, Value as V};
use cedrus_policy::ast::Expr;
use cedrus_policy::authorizer::Decision;
use cedrus_policy::entities::Entities;
use cedrus_policy::policy_set::PolicySet;
use cedrus_policy::request::Request;
use cedrus_policy::value::Value;

pub use load::{files_in_import_order, LoadStats, MODEL_FILES};
pub use to_model::MAX_DEPTH;

use load::Loaded;
use to_model::ToModel;

/// The model's evaluator: `Cedar.evaluate (x : Expr) (req : Request) (es : Entities)`.
pub const EVALUATE: &str = "Cedar.evaluate";
/// The model's authorizer: `Cedar.isAuthorized (req : Request) (es : Entities) (ps : List Policy)`.
pub const IS_AUTHORIZED: &str = "Cedar.isAuthorized";
/// The model's template linking:
/// `Cedar.linkPolicies (ps : List Policy) (links : List Link) : Except LinkError (List Policy)`,
/// the policies to authorize with: the static policies of `ps`, then those the links
/// make of its templates.
pub const LINK_POLICIES: &str = "Cedar.linkPolicies";

/// Machine steps allowed for one call into the model.
const MAX_STEPS: u64 = 200_000_000;

/// Why the model could not be loaded or run on some input. (An evaluation error of
/// Cedar, such as a type error, is not a `SpecError`: it is the model's answer,
/// [`ModelError`].)
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpecError {
    /// The model's files did not elaborate or check (the rendered diagnostics).
    Load(String),
    /// Something the conversions need is not in the model (a constructor, a function,
    /// or a constructor with another number of fields).
    Missing(String),
    /// The input cannot be expressed in the model's data (a slot in a condition, nesting
    /// deeper than [`MAX_DEPTH`], …).
    Unsupported(String),
    /// The evaluator failed (step limit, stuck on an axiom, …).
    Eval(EvalError),
    /// The model answered with a value of an unexpected shape.
    Shape(String),
    /// The model refused the template links.
    Link,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpecError::Load(d) => write!(f, "the model does not load:\n{d}"),
            SpecError::Missing(what) => write!(f, "the model lacks {what}"),
            SpecError::Unsupported(what) => write!(f, "the model cannot express {what}"),
            SpecError::Eval(e) => write!(f, "running the model failed: {e}"),
            SpecError::Shape(what) => write!(f, "the model's answer is malformed: {what}"),
            SpecError::Link => write!(f, "the model refused the template links"),
        }
    }
}

impl std::error::Error for SpecError {}

impl From<EvalError> for SpecError {
    fn from(e: EvalError) -> SpecError {
        SpecError::Eval(e)
    }
}

/// The errors of the model's evaluator (`Cedar.Error`): the kinds of Cedar's evaluation
/// errors, without messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ModelError {
    /// An entity that is not in the store.
    EntityDoesNotExist,
    /// A missing attribute.
    AttrDoesNotExist,
    /// A missing tag.
    TagDoesNotExist,
    /// An operand of the wrong type.
    TypeError,
    /// Arithmetic overflow.
    ArithBoundsError,
    /// An extension function's error (a bad literal, an overflow, a wrong arity).
    ExtensionError,
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ModelError::EntityDoesNotExist => "entity does not exist",
            ModelError::AttrDoesNotExist => "attribute does not exist",
            ModelError::TagDoesNotExist => "tag does not exist",
            ModelError::TypeError => "type error",
            ModelError::ArithBoundsError => "arithmetic overflow",
            ModelError::ExtensionError => "extension function error",
        })
    }
}

/// The model's authorization answer: what the production engine's
/// [`Response`](cedrus_policy::authorizer::Response) says, without error messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelResponse {
    /// Allow or deny.
    pub decision: Decision,
    /// The policies that determined the decision.
    pub determining: BTreeSet<String>,
    /// The policies whose evaluation raised an error.
    pub erroring: BTreeSet<String>,
}

impl ModelResponse {
    /// The production engine's response in the same terms (reasons and erroring ids).
    pub fn of_production(r: &cedrus_policy::authorizer::Response) -> ModelResponse {
        ModelResponse {
            decision: r.decision,
            determining: r.reasons.iter().map(|p| p.to_string()).collect(),
            erroring: r.errors.iter().map(|e| e.policy_id.to_string()).collect(),
        }
    }
}

/// Policies (linked) and entities converted into the model's data once, for several
/// requests ([`Model::prepare`]). Use it with the `Model` that prepared it.
#[derive(Clone, Debug)]
pub struct Prepared {
    policies: V,
    entities: V,
}

/// The loaded model with an evaluator of its own (compiled code is kept between calls).
pub struct Model {
    loaded: &'static Loaded,
    ev: Evaluator<'static>,
}

impl fmt::Debug for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Model")
            .field("stats", &self.loaded.stats)
            .finish_non_exhaustive()
    }
}

impl Model {
    /// The model: elaborated and kernel-checked on the first call in the process, shared
    /// afterwards. Each `Model` has its own evaluator.
    pub fn load() -> Result<Model, SpecError> {
        let loaded = load::loaded()?;
        let config = EvalConfig {
            max_steps: MAX_STEPS,
            ..EvalConfig::default()
        };
        let ev = Evaluator::with_config(&loaded.env, config).with_overrides(&loaded.eval_code);
        Ok(Model { loaded, ev })
    }

    /// What loading the model did (files, declarations, time).
    pub fn stats(&self) -> &LoadStats {
        &self.loaded.stats
    }

    /// A production value as the model's `Cedar.Value`, an evaluator value.
    pub fn value_to_model(&self, v: &Value) -> Result<V, SpecError> {
        self.to_model().value(v)
    }

    /// A model `Cedar.Value` (as the evaluator computed it) as a production value.
    pub fn value_from_model(v: &V) -> Result<Value, SpecError> {
        from_model::value(v)
    }

    fn to_model(&self) -> ToModel<'static> {
        ToModel {
            c: &self.loaded.ctors,
        }
    }

    fn run(&mut self, name: &str, args: &[V]) -> Result<V, SpecError> {
        if self
            .loaded
            .env
            .get(&cedrus_kernel::Name::new(name))
            .is_none()
        {
            return Err(SpecError::Missing(format!("the function `{name}`")));
        }
        Ok(self.ev.eval_const(name, args)?)
    }

    /// Authorizes `request` against `policies` (static policies, templates and links:
    /// the model links the templates itself) and `entities`.
    pub fn authorize(
        &mut self,
        policies: &PolicySet,
        entities: &Entities,
        request: &Request,
    ) -> Result<ModelResponse, SpecError> {
        let prepared = self.prepare(policies, entities)?;
        self.authorize_prepared(&prepared, request)
    }

    /// Converts policies (linked by the model) and entities once, for several requests.
    pub fn prepare(
        &mut self,
        policies: &PolicySet,
        entities: &Entities,
    ) -> Result<Prepared, SpecError> {
        let tm = self.to_model();
        let mut ps = Vec::new();
        for p in policies.policies().filter(|p| p.template_id.is_none()) {
            ps.push(tm.policy(p)?);
        }
        for t in policies.templates() {
            ps.push(tm.policy(t)?);
        }
        let ls = policies
            .links()
            .iter()
            .map(|l| tm.link(l))
            .collect::<Result<_, _>>()?;
        let (ps, ls) = (tm.c.list(ps)?, tm.c.list(ls)?);
        let linked = self.run(LINK_POLICIES, &[ps, ls])?;
        let policies = link_result(&linked)?;
        Ok(Prepared {
            policies,
            entities: tm.entities(entities)?,
        })
    }

    /// Authorizes `request` against prepared policies and entities.
    pub fn authorize_prepared(
        &mut self,
        prepared: &Prepared,
        request: &Request,
    ) -> Result<ModelResponse, SpecError> {
        let req = self.to_model().request(request)?;
        let args = [req, prepared.entities.clone(), prepared.policies.clone()];
        let answer = self.run(IS_AUTHORIZED, &args)?;
        from_model::response(&answer)
    }

    /// Evaluates `expr` for `request` and `entities`: the model's value, or the model's
    /// evaluation error.
    pub fn evaluate(
        &mut self,
        expr: &Expr,
        request: &Request,
        entities: &Entities,
    ) -> Result<Result<Value, ModelError>, SpecError> {
        let tm = self.to_model();
        let x = tm.expr(expr)?;
        let req = tm.request(request)?;
        let es = tm.entities(entities)?;
        let answer = self.run(EVALUATE, &[x, req, es])?;
        from_model::result(&answer)
    }
}

/// The policies of a successful link (`ok ps`).
fn link_result(v: &V) -> Result<V, SpecError> {
    match v.ctor_name().map(|n| n.as_str()) {
        Some("Except.ok") => v.field(0).cloned().ok_or(SpecError::Link),
        Some("Except.error") => Err(SpecError::Link),
        _ => Err(SpecError::Shape(format!(
            "expected the linked policies, got {v}"
        ))),
    }
}

#[cfg(test)]
mod tests;
