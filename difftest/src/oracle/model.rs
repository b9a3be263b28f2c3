//! The executable model as an oracle.

use cedrus_policy::authorizer;
use cedrus_spec::{ModelResponse, SpecError};

use super::{load, Oracle, OracleError};
use crate::case::{Answer, Case, Decision};

/// The executable Cedar model (`cedrus-spec`), run on the language's evaluator.
///
/// The case's inputs are read by the production engine's loaders (policy text, links,
/// entities JSON, request JSON), so both oracles see the same data; the model then
/// links the templates and authorizes. A model that cannot run on a case (it lacks a
/// function, runs out of steps, …) answers with an error at stage `model`, which the
/// runner reports as a mismatch.
#[derive(Debug)]
pub struct Model {
    model: cedrus_spec::Model,
}

impl Model {
    /// The model as an oracle (loading and checking it on the first call in the process).
    pub fn new() -> Result<Model, SpecError> {
        Ok(Model {
            model: cedrus_spec::Model::load()?,
        })
    }
}

fn answer_from(r: ModelResponse) -> Answer {
    Answer {
        decision: match r.decision {
            authorizer::Decision::Allow => Decision::Allow,
            authorizer::Decision::Deny => Decision::Deny,
        },
        determining: r.determining,
        erroring: r.erroring,
    }
}

impl Oracle for Model {
    fn name(&self) -> &str {
        "model"
    }

    fn answer(&mut self, case: &Case) -> Result<Answer, OracleError> {
        let l = load(case, &case.policies)?;
        self.model
            .authorize(&l.policies, &l.entities, &l.request)
            .map(answer_from)
            .map_err(|e| OracleError::new("model", e))
    }
}
