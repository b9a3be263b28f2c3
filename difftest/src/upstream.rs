//! Upstream `cedar-policy` as an oracle (feature `cedar-oracle`).
//!
//! Inputs are loaded exactly as the production oracle loads them: policy text with
//! default ids (`policy0`, …), links in order, entities and context from Cedar JSON
//! without a schema.

use std::collections::HashMap;
use std::str::FromStr;

use cedar_policy::{
    Authorizer, Context, Entities, EntityUid, PolicyId, PolicySet, Request, SlotId,
};

use crate::case::{Answer, Case, Decision};
use crate::oracle::{Oracle, OracleError};

/// Upstream `cedar-policy` 4.x.
#[derive(Debug, Default)]
pub struct Upstream {
    authorizer: Authorizer,
}

impl Upstream {
    /// The upstream engine as an oracle.
    pub fn new() -> Upstream {
        Upstream::default()
    }
}

fn uid(v: &serde_json::Value) -> Result<EntityUid, OracleError> {
    EntityUid::from_json(v.clone()).map_err(|e| OracleError::new("request", e))
}

impl Oracle for Upstream {
    fn name(&self) -> &str {
        "cedar"
    }

    fn answer(&mut self, case: &Case) -> Result<Answer, OracleError> {
        let mut policies =
            PolicySet::from_str(&case.policies).map_err(|e| OracleError::new("policies", e))?;
        for l in &case.links {
            let mut vals = HashMap::new();
            for (slot, value) in &l.args {
                let slot = match slot.as_str() {
                    "?principal" => SlotId::principal(),
                    "?resource" => SlotId::resource(),
                    other => {
                        return Err(OracleError::new("links", format!("unknown slot {other}")))
                    }
                };
                let v = EntityUid::from_str(value).map_err(|e| OracleError::new("links", e))?;
                vals.insert(slot, v);
            }
            policies
                .link(
                    PolicyId::new(&l.template_id),
                    PolicyId::new(&l.link_id),
                    vals,
                )
                .map_err(|e| OracleError::new("links", e))?;
        }
        let entities = Entities::from_json_value(case.entities.clone(), None)
            .map_err(|e| OracleError::new("entities", e))?;
        let context = Context::from_json_value(case.request.context.clone(), None)
            .map_err(|e| OracleError::new("request", e))?;
        let request = Request::new(
            uid(&case.request.principal)?,
            uid(&case.request.action)?,
            uid(&case.request.resource)?,
            context,
            None,
        )
        .map_err(|e| OracleError::new("request", e))?;
        let response = self
            .authorizer
            .is_authorized(&request, &policies, &entities);
        Ok(Answer {
            decision: match response.decision() {
                cedar_policy::Decision::Allow => Decision::Allow,
                cedar_policy::Decision::Deny => Decision::Deny,
            },
            determining: response
                .diagnostics()
                .reason()
                .map(|p| p.to_string())
                .collect(),
            erroring: response
                .diagnostics()
                .errors()
                .map(|e| match e {
                    cedar_policy::AuthorizationError::PolicyEvaluationError(e) => {
                        e.policy_id().to_string()
                    }
                })
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gen::Generator;
    use crate::oracle::Production;
    use crate::runner::{run, RunConfig};

    #[test]
    fn upstream_agrees_on_rbac_and_typed_cases() {
        for g in [Generator::Rbac, Generator::Typed] {
            let mut oracles: Vec<Box<dyn Oracle>> =
                vec![Box::new(Production::new()), Box::new(Upstream::new())];
            let mut cfg = RunConfig::new(g, 1_000, 2);
            // Entity files in the JSON format's odd shapes are known to differ.
            cfg.gen.entity_quirks = false;
            let report = run(&cfg, &mut oracles, &mut |_| {});
            assert_eq!(report.cases, 1_000);
            assert!(report.tally.allow > 0);
            assert!(report.mismatches.is_empty(), "{g}: {:?}", report.mismatches);
        }
    }
}
