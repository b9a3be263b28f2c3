//! The policy-set form of Cedar's JSON policy format:
//!
//! ```json
//! {
//!     "staticPolicies": { "policy0": { … } },
//!     "templates": { "template0": { … } },
//!     "templateLinks": [
//!         { "templateId": "template0", "newId": "link0",
//!           "values": { "?principal": { "type": "User", "id": "alice" } } }
//!     ]
//! }
//! ```

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use super::error::{PolicyJsonError, PolicyJsonErrorKind};
use super::from_json;
use super::reader::{array, entity_uid, object, only_keys, required, slot_id, string, At};
use super::to_json;
use crate::ast::{EntityRef, Policy, PolicyId, ScopeConstraint, SlotId, TemplateLink};

/// A policy set read from JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PolicySetJson {
    /// The static policies, in id order.
    pub static_policies: Vec<Policy>,
    /// The templates, in id order.
    pub templates: Vec<Policy>,
    /// The template links, in document order. Each names a template of
    /// [`templates`](Self::templates) and gives exactly the slots it uses.
    pub links: Vec<TemplateLink>,
}

impl PolicySetJson {
    /// The policies the links stand for: each link's template with its slots
    /// filled in, `id` the link's id and `template_id` the template's, in link order.
    pub fn linked_policies(&self) -> Vec<Policy> {
        self.links
            .iter()
            .filter_map(|link| {
                let template = self.templates.iter().find(|t| t.id == link.template_id)?;
                Some(instantiate(template, link))
            })
            .collect()
    }

    /// Every policy that takes part in authorization: the static policies, then
    /// the linked ones.
    pub fn policies(&self) -> Vec<Policy> {
        let mut all = self.static_policies.clone();
        all.extend(self.linked_policies());
        all
    }
}

/// The slots `p`'s scope uses.
fn slots(p: &Policy) -> BTreeSet<SlotId> {
    [&p.principal, &p.resource]
        .into_iter()
        .filter_map(|c| match c {
            ScopeConstraint::Eq(EntityRef::Slot(s))
            | ScopeConstraint::In(EntityRef::Slot(s))
            | ScopeConstraint::IsIn(_, EntityRef::Slot(s)) => Some(*s),
            _ => None,
        })
        .collect()
}

/// `template` with the slots filled from `link` (a slot without a value stays).
fn instantiate(template: &Policy, link: &TemplateLink) -> Policy {
    let fill = |r: &EntityRef| match r {
        EntityRef::Slot(s) => match link.values.get(s) {
            Some(uid) => EntityRef::Uid(uid.clone()),
            None => r.clone(),
        },
        EntityRef::Uid(_) => r.clone(),
    };
    let fill_scope = |c: &ScopeConstraint| match c {
        ScopeConstraint::Eq(r) => ScopeConstraint::Eq(fill(r)),
        ScopeConstraint::In(r) => ScopeConstraint::In(fill(r)),
        ScopeConstraint::IsIn(ty, r) => ScopeConstraint::IsIn(ty.clone(), fill(r)),
        other => other.clone(),
    };
    Policy {
        id: link.id.clone(),
        principal: fill_scope(&template.principal),
        resource: fill_scope(&template.resource),
        template_id: Some(link.template_id.clone()),
        ..template.clone()
    }
}

/// Writes the set form. Policies whose scope has a slot go under `templates`, the
/// others under `staticPolicies`; policies produced by linking (with a
/// `template_id`) are left out, since `links` stands for them.
pub(crate) fn to_json(policies: &[Policy], links: &[TemplateLink]) -> Value {
    let mut statics = Map::new();
    let mut templates = Map::new();
    for p in policies.iter().filter(|p| p.template_id.is_none()) {
        let target = if p.is_template() {
            &mut templates
        } else {
            &mut statics
        };
        target.insert(p.id.to_string(), to_json::policy(p));
    }
    let links: Vec<Value> = links
        .iter()
        .map(|link| {
            let values: Map<String, Value> = link
                .values
                .iter()
                .map(|(slot, uid)| (slot.to_string(), to_json::entity_uid(uid)))
                .collect();
            json!({
                "templateId": link.template_id.as_str(),
                "newId": link.id.as_str(),
                "values": values,
            })
        })
        .collect();
    json!({
        "staticPolicies": statics,
        "templates": templates,
        "templateLinks": links,
    })
}

/// Reads the policies of one of the two id-to-policy objects.
fn policy_map(v: Option<&Value>, at: &At<'_>) -> Result<Vec<Policy>, PolicyJsonError> {
    let Some(v) = v else {
        return Ok(Vec::new());
    };
    let map = object(v, at, "an object from policy ids to policies")?;
    map.iter()
        .map(|(id, p)| from_json::policy(id.into(), p, &at.key(id)))
        .collect()
}

/// Reads the set form.
pub(crate) fn from_json(v: &Value) -> Result<PolicySetJson, PolicyJsonError> {
    let root = At::root();
    let map = object(v, &root, "a policy set object")?;
    only_keys(
        map,
        &["staticPolicies", "templates", "templateLinks"],
        &root,
    )?;

    let statics_at = root.key("staticPolicies");
    let static_policies = policy_map(map.get("staticPolicies"), &statics_at)?;
    for p in &static_policies {
        if let Some(slot) = slots(p).into_iter().next() {
            return Err(statics_at
                .key(&p.id)
                .err(PolicyJsonErrorKind::SlotInStaticPolicy(slot)));
        }
    }

    let templates_at = root.key("templates");
    let templates = policy_map(map.get("templates"), &templates_at)?;
    let mut ids: BTreeSet<PolicyId> = static_policies.iter().map(|p| p.id.clone()).collect();
    for t in &templates {
        if !ids.insert(t.id.clone()) {
            return Err(templates_at
                .key(&t.id)
                .err(PolicyJsonErrorKind::DuplicateId(t.id.clone())));
        }
    }

    let mut links = Vec::new();
    if let Some(v) = map.get("templateLinks") {
        let at = root.key("templateLinks");
        for (i, item) in array(v, &at, "an array of template links")?
            .iter()
            .enumerate()
        {
            let link = link(item, &at.index(i), &templates)?;
            if !ids.insert(link.id.clone()) {
                return Err(at
                    .index(i)
                    .key("newId")
                    .err(PolicyJsonErrorKind::DuplicateId(link.id)));
            }
            links.push(link);
        }
    }
    Ok(PolicySetJson {
        static_policies,
        templates,
        links,
    })
}

/// One template link, checked against its template.
fn link(v: &Value, at: &At<'_>, templates: &[Policy]) -> Result<TemplateLink, PolicyJsonError> {
    let map = object(v, at, "a template link object")?;
    only_keys(map, &["templateId", "newId", "values"], at)?;
    let template_at = at.key("templateId");
    let template_id = PolicyId::from(string(required(map, "templateId", at)?, &template_at)?);
    let id = PolicyId::from(string(required(map, "newId", at)?, &at.key("newId"))?);
    let template = templates
        .iter()
        .find(|t| t.id == template_id)
        .ok_or_else(|| {
            template_at.err(PolicyJsonErrorKind::UnknownTemplate(template_id.clone()))
        })?;

    let values_at = at.key("values");
    let mut values = BTreeMap::new();
    if let Some(v) = map.get("values") {
        let obj = object(v, &values_at, "an object from slots to entities")?;
        for (key, uid) in obj {
            let slot = slot_id(&Value::String(key.clone()), &values_at.key(key))?;
            values.insert(slot, entity_uid(uid, &values_at.key(key))?);
        }
    }
    let used = slots(template);
    if let Some(missing) = used.iter().find(|s| !values.contains_key(*s)) {
        let at = if map.contains_key("values") {
            values_at
        } else {
            *at
        };
        return Err(at.err(PolicyJsonErrorKind::MissingSlotValue(*missing)));
    }
    if let Some(extra) = values.keys().find(|s| !used.contains(*s)) {
        let key = extra.to_string();
        return Err(values_at
            .key(&key)
            .err(PolicyJsonErrorKind::UnusedSlotValue(*extra)));
    }
    Ok(TemplateLink {
        id,
        template_id,
        values,
    })
}
