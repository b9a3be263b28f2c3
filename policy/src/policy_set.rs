//! Policy sets: static policies, templates and template links, indexed by scope.
//!
//! Ids are unique across the whole set (policies, templates and links alike). Linking a
//! template fills its slots in the scope and adds the result as an ordinary policy with
//! [`Policy::template_id`] set. The Cedar CLI's template-links JSON format
//! (`[{"template_id": …, "link_id": …, "args": {"?principal": "User::\"a\""}}]`) is read
//! by [`links_from_json_str`] and written by [`links_to_json_string`].

mod index;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use crate::ast::{EntityRef, Policy, PolicyId, ScopeConstraint, SlotId, TemplateLink};
use crate::entities::Entities;
use crate::json::{self, Json, JsonError, JsonErrorKind, Path};
use crate::request::Request;
use crate::value::EntityUid;

use index::ScopeIndex;

/// Why a policy set operation failed.
#[derive(Clone, Debug, PartialEq)]
pub enum PolicySetError {
    /// The id is already used by a policy, template or link.
    DuplicateId(PolicyId),
    /// No template has this id.
    NoSuchTemplate(PolicyId),
    /// The id names a static policy, which cannot be linked.
    NotATemplate(PolicyId),
    /// The template has this slot but the link gives no value for it.
    MissingSlot {
        /// The template.
        template_id: PolicyId,
        /// The unfilled slot.
        slot: SlotId,
    },
    /// The link gives a value for a slot the template does not have.
    UnexpectedSlot {
        /// The template.
        template_id: PolicyId,
        /// The superfluous slot.
        slot: SlotId,
    },
}

impl fmt::Display for PolicySetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicySetError::DuplicateId(id) => write!(f, "duplicate policy id `{id}`"),
            PolicySetError::NoSuchTemplate(id) => write!(f, "no template with id `{id}`"),
            PolicySetError::NotATemplate(id) => {
                write!(f, "`{id}` is a static policy, not a template")
            }
            PolicySetError::MissingSlot { template_id, slot } => write!(
                f,
                "linking template `{template_id}` requires a value for `{slot}`"
            ),
            PolicySetError::UnexpectedSlot { template_id, slot } => {
                write!(f, "template `{template_id}` has no slot `{slot}`")
            }
        }
    }
}

impl std::error::Error for PolicySetError {}

#[derive(Clone, Copy, Debug)]
enum Entry {
    Policy(usize),
    Template(usize),
}

/// A set of static policies, templates and template-linked policies.
#[derive(Clone, Debug, Default)]
pub struct PolicySet {
    /// Static and linked policies, in insertion order.
    policies: Vec<Policy>,
    templates: Vec<Policy>,
    links: Vec<TemplateLink>,
    ids: HashMap<PolicyId, Entry>,
    index: ScopeIndex,
}

impl PolicySet {
    /// The empty set.
    pub fn new() -> PolicySet {
        PolicySet::default()
    }

    /// A set of the given policies; those whose scope has a slot become templates.
    pub fn from_policies(policies: Vec<Policy>) -> Result<PolicySet, PolicySetError> {
        let mut set = PolicySet::new();
        for p in policies {
            set.add(p)?;
        }
        Ok(set)
    }

    /// Adds a policy, or a template if its scope has a slot.
    pub fn add(&mut self, policy: Policy) -> Result<(), PolicySetError> {
        if self.ids.contains_key(&policy.id) {
            return Err(PolicySetError::DuplicateId(policy.id));
        }
        if policy.is_template() {
            self.ids
                .insert(policy.id.clone(), Entry::Template(self.templates.len()));
            self.templates.push(policy);
        } else {
            self.push_policy(policy);
        }
        Ok(())
    }

    fn push_policy(&mut self, policy: Policy) {
        let pos = self.policies.len();
        self.index.insert(pos, &policy);
        self.ids.insert(policy.id.clone(), Entry::Policy(pos));
        self.policies.push(policy);
    }

    /// Links template `template_id` as a new policy `new_id`, filling every slot of the
    /// template (and only those) from `values`.
    pub fn link(
        &mut self,
        template_id: &str,
        new_id: impl Into<PolicyId>,
        values: BTreeMap<SlotId, EntityUid>,
    ) -> Result<(), PolicySetError> {
        let new_id = new_id.into();
        let template = match self.ids.get(template_id) {
            Some(Entry::Template(i)) => self
                .templates
                .get(*i)
                .ok_or_else(|| PolicySetError::NoSuchTemplate(template_id.into()))?,
            Some(Entry::Policy(_)) => return Err(PolicySetError::NotATemplate(template_id.into())),
            None => return Err(PolicySetError::NoSuchTemplate(template_id.into())),
        };
        if self.ids.contains_key(&new_id) {
            return Err(PolicySetError::DuplicateId(new_id));
        }
        let wanted = template_slots(template);
        for slot in wanted.iter().flatten() {
            if !values.contains_key(slot) {
                return Err(PolicySetError::MissingSlot {
                    template_id: template.id.clone(),
                    slot: *slot,
                });
            }
        }
        if let Some(extra) = values.keys().find(|s| !wanted.contains(&Some(**s))) {
            return Err(PolicySetError::UnexpectedSlot {
                template_id: template.id.clone(),
                slot: *extra,
            });
        }
        let mut linked = template.clone();
        linked.id = new_id.clone();
        linked.template_id = Some(template.id.clone());
        fill(&mut linked.principal, &values);
        fill(&mut linked.resource, &values);
        self.links.push(TemplateLink {
            id: new_id,
            template_id: template.id.clone(),
            values,
        });
        self.push_policy(linked);
        Ok(())
    }

    /// Adds every link in order (see [`PolicySet::link`]); stops at the first error.
    pub fn link_all(
        &mut self,
        links: impl IntoIterator<Item = TemplateLink>,
    ) -> Result<(), PolicySetError> {
        for l in links {
            self.link(&l.template_id, l.id, l.values)?;
        }
        Ok(())
    }

    /// The static and linked policies, in insertion order.
    pub fn policies(&self) -> impl Iterator<Item = &Policy> {
        self.policies.iter()
    }

    /// The templates, in insertion order.
    pub fn templates(&self) -> impl Iterator<Item = &Policy> {
        self.templates.iter()
    }

    /// The links made so far, in order.
    pub fn links(&self) -> &[TemplateLink] {
        &self.links
    }

    /// The policy, linked policy or template with this id.
    pub fn get(&self, id: &str) -> Option<&Policy> {
        match self.ids.get(id)? {
            Entry::Policy(i) => self.policies.get(*i),
            Entry::Template(i) => self.templates.get(*i),
        }
    }

    /// The number of static and linked policies (templates not counted).
    pub fn len(&self) -> usize {
        self.policies.len()
    }

    /// Whether there are no static or linked policies.
    pub fn is_empty(&self) -> bool {
        self.policies.is_empty()
    }

    /// Calls `f` on every static or linked policy whose scope may match `request`
    /// (a superset of those that do; the caller still checks the scope).
    pub(crate) fn for_each_candidate<'s>(
        &'s self,
        request: &Request,
        entities: &Entities,
        mut f: impl FnMut(&'s Policy),
    ) {
        self.index.for_each_candidate(request, entities, |pos| {
            if let Some(p) = self.policies.get(pos) {
                f(p);
            }
        });
    }
}

/// The slots a template's scope uses: `?principal` in the principal part and
/// `?resource` in the resource part.
fn template_slots(t: &Policy) -> [Option<SlotId>; 2] {
    let slot = |c: &ScopeConstraint| match c {
        ScopeConstraint::Eq(EntityRef::Slot(s))
        | ScopeConstraint::In(EntityRef::Slot(s))
        | ScopeConstraint::IsIn(_, EntityRef::Slot(s)) => Some(*s),
        _ => None,
    };
    [slot(&t.principal), slot(&t.resource)]
}

fn fill(c: &mut ScopeConstraint, values: &BTreeMap<SlotId, EntityUid>) {
    let r = match c {
        ScopeConstraint::Eq(r) | ScopeConstraint::In(r) | ScopeConstraint::IsIn(_, r) => r,
        ScopeConstraint::Any | ScopeConstraint::Is(_) => return,
    };
    if let EntityRef::Slot(s) = r {
        if let Some(uid) = values.get(s) {
            *r = EntityRef::Uid(uid.clone());
        }
    }
}

fn slot_from_name(name: &str) -> Option<SlotId> {
    match name {
        "?principal" => Some(SlotId::Principal),
        "?resource" => Some(SlotId::Resource),
        _ => None,
    }
}

/// Parses the Cedar CLI's template-links file: an array of
/// `{"template_id": "t", "link_id": "l", "args": {"?principal": "User::\"a\""}}`.
/// Slot values may also be JSON entity references. An empty file means no links.
pub fn links_from_json_str(text: &str) -> Result<Vec<TemplateLink>, JsonError> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let root = Path::root("links");
    let json = Json::parse(text)?;
    let Json::Array(items) = &json else {
        return Err(root.error(JsonErrorKind::Expected {
            expected: "an array of template links",
            got: json.type_name(),
        }));
    };
    let mut links = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let path = root.index(i);
        let Json::Object(fields) = item else {
            return Err(path.error(JsonErrorKind::Expected {
                expected: "a template link object",
                got: item.type_name(),
            }));
        };
        let string_field = |name: &'static str| match fields.get(name) {
            Some(Json::String(s)) => Ok(s.clone()),
            Some(other) => Err(path.key(name).error(JsonErrorKind::Expected {
                expected: "a string",
                got: other.type_name(),
            })),
            None => Err(path.error(JsonErrorKind::MissingField(name))),
        };
        let template_id = string_field("template_id")?;
        let id = string_field("link_id")?;
        let args_path = path.key("args");
        let args = match fields.get("args") {
            Some(Json::Object(args)) => args,
            Some(other) => {
                return Err(args_path.error(JsonErrorKind::Expected {
                    expected: "an object mapping slots to entities",
                    got: other.type_name(),
                }))
            }
            None => return Err(path.error(JsonErrorKind::MissingField("args"))),
        };
        let mut values = BTreeMap::new();
        for (name, v) in args {
            let vpath = args_path.key(name);
            let slot = slot_from_name(name).ok_or_else(|| {
                vpath.error(JsonErrorKind::Other(format!(
                    "`{name}` is not a slot (expected `?principal` or `?resource`)"
                )))
            })?;
            values.insert(slot, json::uid_from_json(v, vpath, true)?);
        }
        links.push(TemplateLink {
            id,
            template_id,
            values,
        });
    }
    Ok(links)
}

/// Writes links in the Cedar CLI's template-links format (slot values in Cedar syntax).
pub fn links_to_json_string(links: &[TemplateLink]) -> String {
    let value = serde_json::Value::Array(
        links
            .iter()
            .map(|l| {
                let args: serde_json::Map<String, serde_json::Value> = l
                    .values
                    .iter()
                    .map(|(slot, uid)| {
                        (slot.to_string(), serde_json::Value::String(uid.to_string()))
                    })
                    .collect();
                serde_json::json!({
                    "template_id": l.template_id.as_str(),
                    "link_id": l.id.as_str(),
                    "args": args,
                })
            })
            .collect(),
    );
    // Serialising a `serde_json::Value` cannot fail.
    serde_json::to_string_pretty(&value).unwrap_or_default()
}
