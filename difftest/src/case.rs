//! Cases and answers: what every oracle is given and what it says.
//!
//! A [`Case`] is self-contained: policy text, entities in Cedar's JSON format (with
//! `__entity` / `__extn` escapes, so no schema is needed to read them), a request, the
//! template links, and optionally the schema it was generated against. It also records
//! where it came from (generator, seed, index) so it can be generated again.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

/// One differential-testing input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Case {
    /// The generator that produced the case (`abac`, `rbac`, `typed`, or `manual`).
    pub generator: String,
    /// The run's seed.
    pub seed: u64,
    /// The case's index in the run; with the seed it determines the case.
    pub index: u64,
    /// Policies, templates included, in Cedar syntax.
    pub policies: String,
    /// Template links, in the Cedar CLI's order.
    #[serde(default)]
    pub links: Vec<Link>,
    /// Entities in Cedar's JSON format.
    pub entities: serde_json::Value,
    /// The request.
    pub request: CaseRequest,
    /// The schema the case was generated against, in Cedar schema syntax.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
}

/// A request: entity references in Cedar's JSON form (`{"type": …, "id": …}`) and a
/// context record in Cedar's JSON value format.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseRequest {
    /// The principal.
    pub principal: serde_json::Value,
    /// The action.
    pub action: serde_json::Value,
    /// The resource.
    pub resource: serde_json::Value,
    /// The context record.
    pub context: serde_json::Value,
}

/// A template link: the template, the new policy's id, and the slot values
/// (`?principal` / `?resource` to an entity reference in Cedar syntax).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The template's id.
    pub template_id: String,
    /// The id of the linked policy.
    pub link_id: String,
    /// Slot name to entity uid in Cedar syntax, e.g. `"?principal": "User::\"a\""`.
    pub args: BTreeMap<String, String>,
}

/// Allow or deny.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// The request is allowed.
    Allow,
    /// The request is denied.
    Deny,
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Decision::Allow => "allow",
            Decision::Deny => "deny",
        })
    }
}

/// What an oracle says about a case: the parts that are compared (never error text).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// The decision.
    pub decision: Decision,
    /// The ids of the policies that determined the decision.
    pub determining: BTreeSet<String>,
    /// The ids of the policies whose evaluation errored.
    pub erroring: BTreeSet<String>,
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(", ");
        write!(
            f,
            "{} (determining: [{}], erroring: [{}])",
            self.decision,
            list(&self.determining),
            list(&self.erroring)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_round_trips_through_json() {
        let case = Case {
            generator: "manual".into(),
            seed: 3,
            index: 7,
            policies: "permit(principal, action, resource);".into(),
            links: vec![Link {
                template_id: "t".into(),
                link_id: "l".into(),
                args: BTreeMap::from([("?principal".into(), "User::\"a\"".into())]),
            }],
            entities: serde_json::json!([]),
            request: CaseRequest {
                principal: serde_json::json!({"type": "User", "id": "a"}),
                action: serde_json::json!({"type": "Action", "id": "view"}),
                resource: serde_json::json!({"type": "Doc", "id": "d"}),
                context: serde_json::json!({}),
            },
            schema: None,
        };
        let text = serde_json::to_string(&case).unwrap();
        let back: Case = serde_json::from_str(&text).unwrap();
        assert_eq!(back, case);
    }

    #[test]
    fn answers_print_their_sets() {
        let a = Answer {
            decision: Decision::Allow,
            determining: BTreeSet::from(["p0".to_string(), "p1".to_string()]),
            erroring: BTreeSet::new(),
        };
        assert_eq!(a.to_string(), "allow (determining: [p0, p1], erroring: [])");
    }
}
