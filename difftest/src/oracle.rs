//! Oracles: anything that can answer a [`Case`].
//!
//! An oracle loads the case's inputs its own way and answers with an [`Answer`]; the
//! runner compares answers. Adding an oracle is one new `impl Oracle`; the executable
//! model's is [`Model`] (module `model`).

use std::fmt;

use cedrus_policy::authorizer::{self, Authorizer};
use cedrus_policy::entities::Entities;
use cedrus_policy::parser::parse_policies;
use cedrus_policy::policy_set::{links_from_json_str, PolicySet};
use cedrus_policy::request::Request;

use crate::case::{Answer, Case, Decision};

mod model;
pub use model::Model;

/// Why an oracle could not answer: the inputs did not load (policies, links, entities or
/// the request). Two oracles that both fail agree; the messages are not compared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OracleError {
    /// Which input failed to load (`"policies"`, `"links"`, `"entities"`, `"request"`).
    pub stage: &'static str,
    /// The oracle's own message.
    pub message: String,
}

impl OracleError {
    /// An error at `stage` with the given message.
    pub fn new(stage: &'static str, message: impl fmt::Display) -> OracleError {
        OracleError {
            stage,
            message: message.to_string(),
        }
    }
}

impl fmt::Display for OracleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not load the {}: {}", self.stage, self.message)
    }
}

impl std::error::Error for OracleError {}

/// Something that answers cases.
pub trait Oracle {
    /// A short name for reports (`cedrus`, `cedar`, `mutant`, …).
    fn name(&self) -> &str;
    /// Answers the case, or says why its inputs could not be loaded.
    fn answer(&mut self, case: &Case) -> Result<Answer, OracleError>;
}

/// The Cedrus production engine (`cedrus-policy`).
#[derive(Debug, Default)]
pub struct Production {
    authorizer: Authorizer,
}

impl Production {
    /// The production engine as an oracle.
    pub fn new() -> Production {
        Production::default()
    }
}

/// The case's inputs, loaded into the production engine.
pub(crate) struct Loaded {
    pub(crate) policies: PolicySet,
    pub(crate) entities: Entities,
    pub(crate) request: Request,
}

pub(crate) fn load(case: &Case, policy_text: &str) -> Result<Loaded, OracleError> {
    let parsed = parse_policies(policy_text).map_err(|e| OracleError::new("policies", e))?;
    let mut policies =
        PolicySet::from_policies(parsed).map_err(|e| OracleError::new("policies", e))?;
    let links_json =
        serde_json::to_string(&case.links).map_err(|e| OracleError::new("links", e))?;
    let links = links_from_json_str(&links_json).map_err(|e| OracleError::new("links", e))?;
    policies
        .link_all(links)
        .map_err(|e| OracleError::new("links", e))?;
    let entities = Entities::from_json_value(case.entities.clone())
        .map_err(|e| OracleError::new("entities", e))?;
    let request_json =
        serde_json::to_value(&case.request).map_err(|e| OracleError::new("request", e))?;
    let request =
        Request::from_json_value(request_json).map_err(|e| OracleError::new("request", e))?;
    Ok(Loaded {
        policies,
        entities,
        request,
    })
}

pub(crate) fn answer_from(response: authorizer::Response) -> Answer {
    Answer {
        decision: match response.decision {
            authorizer::Decision::Allow => Decision::Allow,
            authorizer::Decision::Deny => Decision::Deny,
        },
        determining: response.reasons.iter().map(|p| p.to_string()).collect(),
        erroring: response
            .errors
            .iter()
            .map(|e| e.policy_id.to_string())
            .collect(),
    }
}

impl Production {
    fn answer_text(&self, case: &Case, policy_text: &str) -> Result<Answer, OracleError> {
        let l = load(case, policy_text)?;
        Ok(answer_from(self.authorizer.is_authorized(
            &l.request,
            &l.policies,
            &l.entities,
        )))
    }
}

impl Oracle for Production {
    fn name(&self) -> &str {
        "cedrus"
    }

    fn answer(&mut self, case: &Case) -> Result<Answer, OracleError> {
        self.answer_text(case, &case.policies)
    }
}

/// The production engine after a JSON round trip of the case: the case is serialised,
/// read back, and answered. Checks that cases (and so replay files) are self-contained.
#[derive(Debug, Default)]
pub struct RoundTrip {
    inner: Production,
}

impl RoundTrip {
    /// The round-trip oracle.
    pub fn new() -> RoundTrip {
        RoundTrip::default()
    }
}

impl Oracle for RoundTrip {
    fn name(&self) -> &str {
        "cedrus-roundtrip"
    }

    fn answer(&mut self, case: &Case) -> Result<Answer, OracleError> {
        let text = serde_json::to_string(case).map_err(|e| OracleError::new("case", e))?;
        let back: Case = serde_json::from_str(&text).map_err(|e| OracleError::new("case", e))?;
        self.inner.answer(&back)
    }
}

/// The production engine on deliberately broken policies: every `<` comparison is
/// rewritten to `<=` before parsing. Used to show that the harness finds a wrong
/// operator. The mutation lives here, in a wrapper, rather than behind a feature of
/// `cedrus-policy`, so that it can never leak into other builds through feature
/// unification.
#[derive(Debug, Default)]
pub struct Mutant {
    inner: Production,
}

impl Mutant {
    /// The mutant oracle.
    pub fn new() -> Mutant {
        Mutant::default()
    }

    /// The mutation: ` < ` becomes ` <= ` (generated policies print operators spaced).
    pub fn mutate(policies: &str) -> String {
        policies.replace(" < ", " <= ")
    }
}

impl Oracle for Mutant {
    fn name(&self) -> &str {
        "mutant"
    }

    fn answer(&mut self, case: &Case) -> Result<Answer, OracleError> {
        self.inner.answer_text(case, &Self::mutate(&case.policies))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::CaseRequest;
    use serde_json::json;

    fn case(policies: &str) -> Case {
        Case {
            generator: "manual".into(),
            seed: 0,
            index: 0,
            policies: policies.into(),
            links: Vec::new(),
            entities: json!([{"uid": {"type": "User", "id": "a"}, "attrs": {"age": 3}, "parents": []}]),
            request: CaseRequest {
                principal: json!({"type": "User", "id": "a"}),
                action: json!({"type": "Action", "id": "view"}),
                resource: json!({"type": "Doc", "id": "d"}),
                context: json!({}),
            },
            schema: None,
        }
    }

    #[test]
    fn production_answers_with_reasons_and_errors() {
        let c = case(
            "permit(principal, action, resource) when { principal.age < 4 };\n\
             permit(principal, action, resource) when { resource.age < 4 };",
        );
        let a = Production::new().answer(&c).unwrap();
        assert_eq!(a.decision, Decision::Allow);
        assert!(a.determining.contains("policy0"));
        assert!(a.erroring.contains("policy1"));
    }

    #[test]
    fn mutant_differs_on_equal_operands() {
        let c = case("permit(principal, action, resource) when { principal.age < 3 };");
        assert_eq!(
            Production::new().answer(&c).unwrap().decision,
            Decision::Deny
        );
        assert_eq!(Mutant::new().answer(&c).unwrap().decision, Decision::Allow);
    }

    #[test]
    fn bad_inputs_are_errors_not_panics() {
        let mut c = case("permit(principal, action, resource) when {");
        assert_eq!(Production::new().answer(&c).unwrap_err().stage, "policies");
        c.policies = "permit(principal, action, resource);".into();
        c.entities = json!({"not": "entities"});
        assert_eq!(Production::new().answer(&c).unwrap_err().stage, "entities");
    }
}
