//! Benchmark workloads: the applications of the Cedar OOPSLA 2024 evaluation
//! (`gdrive`, `github`, `tinytodo` and the template variants), read in place from
//! `../shared/bench`, with entities and requests generated here.
//!
//! The generator follows the workload shape of that evaluation, driven by each app's
//! JSON schema rather than by per-app code:
//!
//! - `n` entities of every entity type;
//! - a *permission* type (one that only serves as the target of an entity-typed
//!   attribute: no attributes of its own, never a principal or resource) also gets a
//!   fresh entity per attribute that points at it (`Repository::"r3"`'s `readers`
//!   becomes `RepoPermission::"r3.readers"`), as the apps' own data models do;
//! - every edge the schema allows (`A in B` for `B` among `A`'s `memberOfTypes`) is
//!   present independently with probability [`EDGE_PROBABILITY`]; edges between two
//!   entities of the same type only go from lower to higher index, so the hierarchy is
//!   acyclic;
//! - for the template variants, every (template, principal, resource) triple is linked
//!   with the same probability;
//! - requests draw an action uniformly, then a principal and a resource uniformly from
//!   the entities of the types the action applies to.
//!
//! Everything is produced as Cedar JSON and policy text so that every engine under
//! measurement loads exactly the same inputs.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use cedrus_policy::ast::ScopeConstraint;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value as Json};

/// The probability of each possible hierarchy edge and template link.
pub const EDGE_PROBABILITY: f64 = 0.05;

/// The applications in `../shared/bench`, with their policy and schema files.
pub const APPS: &[(&str, &str, &str)] = &[
    ("gdrive", "policies.cedar", "gdrive.cedarschema.json"),
    ("github", "policies.cedar", "github.cedarschema.json"),
    ("tinytodo", "tinytodo.cedar", "tinytodo.cedarschema.json"),
    (
        "gdrive-templates",
        "policies.cedar",
        "gdrive-templates.cedarschema.json",
    ),
    (
        "github-templates",
        "policies.cedar",
        "github-templates.cedarschema.json",
    ),
];

/// Where the shared benchmark data is expected, relative to the workspace root.
pub fn default_bench_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/bench")
}

/// Why a workload could not be built.
#[derive(Debug)]
pub enum WorkloadError {
    /// A file could not be read.
    Io(PathBuf, std::io::Error),
    /// The schema is not JSON, or uses a shape the generator does not know.
    Schema(String),
    /// The policies do not parse.
    Policies(String),
}

impl fmt::Display for WorkloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorkloadError::Io(path, e) => write!(f, "cannot read `{}`: {e}", path.display()),
            WorkloadError::Schema(m) => write!(f, "schema: {m}"),
            WorkloadError::Policies(m) => write!(f, "policies: {m}"),
        }
    }
}

impl std::error::Error for WorkloadError {}

/// One application: its policy text and what the generator needs of its schema.
#[derive(Clone, Debug)]
pub struct App {
    /// The app's folder name.
    pub name: String,
    /// The policy text.
    pub policies: String,
    /// The JSON schema text.
    pub schema_json: String,
    model: SchemaModel,
    templates: Vec<TemplateSlots>,
}

/// A type of attribute, as far as generation needs it.
#[derive(Clone, Debug)]
enum AttrType {
    Bool,
    Long,
    String,
    Entity(String),
    Set(Box<AttrType>),
    Record(Vec<(String, AttrType)>),
}

#[derive(Clone, Debug, Default)]
struct EntityTypeModel {
    member_of: Vec<String>,
    attrs: Vec<(String, AttrType)>,
}

#[derive(Clone, Debug)]
struct ActionModel {
    id: String,
    member_of: Vec<String>,
    principals: Vec<String>,
    resources: Vec<String>,
}

#[derive(Clone, Debug, Default)]
struct SchemaModel {
    entity_types: BTreeMap<String, EntityTypeModel>,
    actions: Vec<ActionModel>,
}

/// Which slots a template has.
#[derive(Clone, Debug)]
struct TemplateSlots {
    id: String,
    principal: bool,
    resource: bool,
}

impl App {
    /// Loads app `name` from `bench_root` (normally [`default_bench_root`]).
    pub fn load(bench_root: &Path, name: &str) -> Result<App, WorkloadError> {
        let (_, policy_file, schema_file) = APPS
            .iter()
            .find(|(n, _, _)| *n == name)
            .ok_or_else(|| WorkloadError::Schema(format!("unknown app `{name}`")))?;
        let dir = bench_root.join(name).join("cedar");
        let read = |file: &str| {
            let path = dir.join(file);
            std::fs::read_to_string(&path).map_err(|e| WorkloadError::Io(path, e))
        };
        let policies = read(policy_file)?;
        let schema_json = read(schema_file)?;
        let model = SchemaModel::from_json(&schema_json)?;
        let parsed = cedrus_policy::parser::parse_policies(&policies)
            .map_err(|e| WorkloadError::Policies(e.to_string()))?;
        let is_slot = |c: &ScopeConstraint| {
            matches!(
                c,
                ScopeConstraint::Eq(cedrus_policy::ast::EntityRef::Slot(_))
                    | ScopeConstraint::In(cedrus_policy::ast::EntityRef::Slot(_))
                    | ScopeConstraint::IsIn(_, cedrus_policy::ast::EntityRef::Slot(_))
            )
        };
        let templates = parsed
            .iter()
            .filter(|p| p.is_template())
            .map(|p| TemplateSlots {
                id: p.id.to_string(),
                principal: is_slot(&p.principal),
                resource: is_slot(&p.resource),
            })
            .collect();
        Ok(App {
            name: name.to_string(),
            policies,
            schema_json,
            model,
            templates,
        })
    }

    /// Generates one hierarchy of `n` entities per type and `requests` requests over it.
    pub fn generate(&self, n: usize, requests: usize, seed: u64) -> Workload {
        Generator::new(&self.model, seed).run(n, requests, &self.templates)
    }
}

impl SchemaModel {
    fn from_json(text: &str) -> Result<SchemaModel, WorkloadError> {
        let json: Json =
            serde_json::from_str(text).map_err(|e| WorkloadError::Schema(e.to_string()))?;
        let namespaces = json
            .as_object()
            .ok_or_else(|| WorkloadError::Schema("the schema is not a JSON object".into()))?;
        let mut model = SchemaModel::default();
        for (ns, body) in namespaces {
            let qualify = |name: &str| {
                if ns.is_empty() || name.contains("::") {
                    name.to_string()
                } else {
                    format!("{ns}::{name}")
                }
            };
            let empty = serde_json::Map::new();
            let entity_types = body
                .get("entityTypes")
                .and_then(Json::as_object)
                .unwrap_or(&empty);
            for (name, decl) in entity_types {
                let member_of = string_list(decl.get("memberOfTypes"))
                    .iter()
                    .map(|t| qualify(t))
                    .collect();
                let attrs = match decl.get("shape") {
                    Some(shape) => match attr_type(shape, &qualify)? {
                        AttrType::Record(fields) => fields,
                        _ => {
                            return Err(WorkloadError::Schema(format!(
                                "`{name}`'s shape is not a record"
                            )))
                        }
                    },
                    None => Vec::new(),
                };
                model
                    .entity_types
                    .insert(qualify(name), EntityTypeModel { member_of, attrs });
            }
            let actions = body
                .get("actions")
                .and_then(Json::as_object)
                .unwrap_or(&empty);
            for (id, decl) in actions {
                let applies = decl.get("appliesTo");
                let member_of = decl
                    .get("memberOf")
                    .and_then(Json::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|m| m.get("id").and_then(Json::as_str))
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default();
                model.actions.push(ActionModel {
                    id: id.clone(),
                    member_of,
                    principals: string_list(applies.and_then(|a| a.get("principalTypes")))
                        .iter()
                        .map(|t| qualify(t))
                        .collect(),
                    resources: string_list(applies.and_then(|a| a.get("resourceTypes")))
                        .iter()
                        .map(|t| qualify(t))
                        .collect(),
                });
            }
        }
        Ok(model)
    }

    /// Types that only serve as targets of entity-typed attributes.
    fn permission_types(&self) -> BTreeSet<String> {
        let mut targets = BTreeSet::new();
        for ty in self.entity_types.values() {
            for (_, t) in &ty.attrs {
                if let AttrType::Entity(target) = t {
                    targets.insert(target.clone());
                }
            }
        }
        let scoped: BTreeSet<&String> = self
            .actions
            .iter()
            .flat_map(|a| a.principals.iter().chain(&a.resources))
            .collect();
        targets
            .into_iter()
            .filter(|t| {
                !scoped.contains(t) && self.entity_types.get(t).is_some_and(|m| m.attrs.is_empty())
            })
            .collect()
    }

    /// `types` and every type reachable from them through `memberOfTypes`.
    fn with_ancestor_types(&self, types: impl IntoIterator<Item = String>) -> BTreeSet<String> {
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut stack: Vec<String> = types.into_iter().collect();
        while let Some(t) = stack.pop() {
            if seen.insert(t.clone()) {
                if let Some(m) = self.entity_types.get(&t) {
                    stack.extend(m.member_of.iter().cloned());
                }
            }
        }
        seen
    }
}

fn string_list(json: Option<&Json>) -> Vec<String> {
    json.and_then(Json::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Json::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn attr_type(json: &Json, qualify: &dyn Fn(&str) -> String) -> Result<AttrType, WorkloadError> {
    let ty = json.get("type").and_then(Json::as_str).unwrap_or("");
    Ok(match ty {
        "Boolean" | "Bool" => AttrType::Bool,
        "Long" => AttrType::Long,
        "String" => AttrType::String,
        "Entity" => AttrType::Entity(qualify(
            json.get("name")
                .and_then(Json::as_str)
                .ok_or_else(|| WorkloadError::Schema("entity type without a name".into()))?,
        )),
        "Set" => AttrType::Set(Box::new(attr_type(
            json.get("element")
                .ok_or_else(|| WorkloadError::Schema("set type without an element".into()))?,
            qualify,
        )?)),
        "Record" => {
            let mut fields = Vec::new();
            if let Some(attrs) = json.get("attributes").and_then(Json::as_object) {
                for (name, t) in attrs {
                    fields.push((name.clone(), attr_type(t, qualify)?));
                }
            }
            AttrType::Record(fields)
        }
        other => {
            return Err(WorkloadError::Schema(format!(
                "attribute type `{other}` is not supported by the workload generator"
            )))
        }
    })
}

/// An entity reference in a workload.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Uid {
    /// The entity type.
    pub ty: String,
    /// The entity id.
    pub id: String,
}

impl Uid {
    fn json(&self) -> Json {
        json!({ "type": self.ty, "id": self.id })
    }

    /// The UID in policy syntax, `Type::"id"`.
    pub fn to_cedar(&self) -> String {
        format!("{}::{:?}", self.ty, self.id)
    }
}

/// A template link: which template, the new policy's id, and the slot values.
#[derive(Clone, Debug)]
pub struct Link {
    /// The template's policy id (`policy0`, …).
    pub template_id: String,
    /// The linked policy's id.
    pub link_id: String,
    /// The value of `?principal`, if the template has that slot.
    pub principal: Option<Uid>,
    /// The value of `?resource`, if the template has that slot.
    pub resource: Option<Uid>,
}

/// A request with an empty context.
#[derive(Clone, Debug)]
pub struct RequestSpec {
    /// The principal.
    pub principal: Uid,
    /// The action (type `Action`).
    pub action: Uid,
    /// The resource.
    pub resource: Uid,
}

/// One generated hierarchy with its links and requests.
#[derive(Clone, Debug)]
pub struct Workload {
    /// The entities, as a Cedar entities JSON array.
    pub entities: Json,
    /// Template links (empty for apps without templates).
    pub links: Vec<Link>,
    /// The requests.
    pub requests: Vec<RequestSpec>,
}

impl Workload {
    /// The links in the template-links JSON format that `cedrus link` writes.
    pub fn links_json(&self) -> Json {
        Json::Array(
            self.links
                .iter()
                .map(|l| {
                    let mut args = serde_json::Map::new();
                    if let Some(p) = &l.principal {
                        args.insert("?principal".into(), p.to_cedar().into());
                    }
                    if let Some(r) = &l.resource {
                        args.insert("?resource".into(), r.to_cedar().into());
                    }
                    json!({ "template_id": l.template_id, "link_id": l.link_id, "args": args })
                })
                .collect(),
        )
    }
}

struct Generator<'m> {
    model: &'m SchemaModel,
    rng: StdRng,
}

impl<'m> Generator<'m> {
    fn new(model: &'m SchemaModel, seed: u64) -> Generator<'m> {
        Generator {
            model,
            rng: StdRng::seed_from_u64(seed),
        }
    }

    fn run(&mut self, n: usize, requests: usize, templates: &[TemplateSlots]) -> Workload {
        let permission = self.model.permission_types();
        // Entities of each type, in creation order.
        let mut by_type: BTreeMap<String, Vec<Uid>> = BTreeMap::new();
        for ty in self.model.entity_types.keys() {
            let prefix = ty.rsplit("::").next().unwrap_or(ty).to_lowercase();
            by_type.insert(
                ty.clone(),
                (0..n)
                    .map(|i| Uid {
                        ty: ty.clone(),
                        id: format!("{prefix}{i}"),
                    })
                    .collect(),
            );
        }
        // Attributes; permission-typed attributes get a fresh entity each.
        let mut attrs: BTreeMap<Uid, serde_json::Map<String, Json>> = BTreeMap::new();
        let owners: Vec<Uid> = by_type.values().flatten().cloned().collect();
        for uid in owners {
            let Some(decl) = self.model.entity_types.get(&uid.ty) else {
                continue;
            };
            let mut map = serde_json::Map::new();
            for (name, ty) in &decl.attrs {
                let value = match ty {
                    AttrType::Entity(target) if permission.contains(target) => {
                        let fresh = Uid {
                            ty: target.clone(),
                            id: format!("{}.{name}", uid.id),
                        };
                        by_type
                            .entry(target.clone())
                            .or_default()
                            .push(fresh.clone());
                        json!({ "__entity": fresh.json() })
                    }
                    other => self.value(other, &by_type, 0),
                };
                map.insert(name.clone(), value);
            }
            attrs.insert(uid, map);
        }
        // Hierarchy edges.
        let mut parents: BTreeMap<Uid, Vec<Uid>> = BTreeMap::new();
        for (ty, members) in &by_type {
            let Some(decl) = self.model.entity_types.get(ty) else {
                continue;
            };
            for (i, child) in members.iter().enumerate() {
                let mut ps = Vec::new();
                for parent_ty in &decl.member_of {
                    let candidates = by_type.get(parent_ty).map(Vec::as_slice).unwrap_or(&[]);
                    for (j, parent) in candidates.iter().enumerate() {
                        if (parent_ty != ty || j > i) && self.rng.random_bool(EDGE_PROBABILITY) {
                            ps.push(parent.clone());
                        }
                    }
                }
                parents.insert(child.clone(), ps);
            }
        }
        let mut entities: Vec<Json> = Vec::new();
        for members in by_type.values() {
            for uid in members {
                let ps: Vec<Json> = parents
                    .get(uid)
                    .into_iter()
                    .flatten()
                    .map(Uid::json)
                    .collect();
                let a = attrs.remove(uid).unwrap_or_default();
                entities.push(json!({ "uid": uid.json(), "attrs": a, "parents": ps }));
            }
        }
        for action in &self.model.actions {
            let ps: Vec<Json> = action
                .member_of
                .iter()
                .map(|p| json!({ "type": "Action", "id": p }))
                .collect();
            entities.push(
                json!({ "uid": { "type": "Action", "id": action.id }, "attrs": {}, "parents": ps }),
            );
        }
        let links = self.links(templates, &by_type, &permission);
        let requests = self.requests(requests, &by_type);
        Workload {
            entities: Json::Array(entities),
            links,
            requests,
        }
    }

    fn value(&mut self, ty: &AttrType, by_type: &BTreeMap<String, Vec<Uid>>, depth: usize) -> Json {
        match ty {
            AttrType::Bool => Json::Bool(self.rng.random()),
            AttrType::Long => json!(self.rng.random_range(0..1000)),
            AttrType::String => json!(format!("s{}", self.rng.random_range(0..100))),
            AttrType::Entity(target) => match by_type.get(target).filter(|v| !v.is_empty()) {
                Some(c) => json!({ "__entity": c[self.rng.random_range(0..c.len())].json() }),
                None => json!({ "__entity": { "type": target, "id": "none" } }),
            },
            AttrType::Set(element) => {
                let items: Vec<Json> = match element.as_ref() {
                    AttrType::Entity(target) => by_type
                        .get(target)
                        .map(Vec::as_slice)
                        .unwrap_or(&[])
                        .iter()
                        .filter(|_| self.rng.random_bool(EDGE_PROBABILITY))
                        .map(|u| json!({ "__entity": u.json() }))
                        .collect(),
                    other if depth < 2 => {
                        let len = self.rng.random_range(0..4);
                        (0..len)
                            .map(|_| self.value(other, by_type, depth + 1))
                            .collect()
                    }
                    _ => Vec::new(),
                };
                Json::Array(items)
            }
            AttrType::Record(fields) => {
                let mut map = serde_json::Map::new();
                for (name, t) in fields {
                    map.insert(name.clone(), self.value(t, by_type, depth + 1));
                }
                Json::Object(map)
            }
        }
    }

    fn links(
        &mut self,
        templates: &[TemplateSlots],
        by_type: &BTreeMap<String, Vec<Uid>>,
        permission: &BTreeSet<String>,
    ) -> Vec<Link> {
        let model = self.model;
        let side = |pick: fn(&ActionModel) -> &Vec<String>| -> Vec<Uid> {
            model
                .with_ancestor_types(model.actions.iter().flat_map(|a| pick(a).iter().cloned()))
                .into_iter()
                .filter(|t| !permission.contains(t))
                .flat_map(|t| by_type.get(&t).cloned().unwrap_or_default())
                .collect()
        };
        let principals = side(|a| &a.principals);
        let resources = side(|a| &a.resources);
        let mut links = Vec::new();
        for t in templates {
            let ps: Vec<Option<&Uid>> = if t.principal {
                principals.iter().map(Some).collect()
            } else {
                vec![None]
            };
            let rs: Vec<Option<&Uid>> = if t.resource {
                resources.iter().map(Some).collect()
            } else {
                vec![None]
            };
            for p in &ps {
                for r in &rs {
                    if self.rng.random_bool(EDGE_PROBABILITY) {
                        links.push(Link {
                            template_id: t.id.clone(),
                            link_id: format!("{}-link{}", t.id, links.len()),
                            principal: p.cloned(),
                            resource: r.cloned(),
                        });
                    }
                }
            }
        }
        links
    }

    fn requests(&mut self, count: usize, by_type: &BTreeMap<String, Vec<Uid>>) -> Vec<RequestSpec> {
        let candidates = |types: &[String]| -> Vec<Uid> {
            types
                .iter()
                .flat_map(|t| by_type.get(t).cloned().unwrap_or_default())
                .collect()
        };
        let actions: Vec<(&ActionModel, Vec<Uid>, Vec<Uid>)> = self
            .model
            .actions
            .iter()
            .map(|a| (a, candidates(&a.principals), candidates(&a.resources)))
            .filter(|(_, p, r)| !p.is_empty() && !r.is_empty())
            .collect();
        if actions.is_empty() {
            return Vec::new();
        }
        (0..count)
            .map(|_| {
                let (action, ps, rs) = &actions[self.rng.random_range(0..actions.len())];
                RequestSpec {
                    principal: ps[self.rng.random_range(0..ps.len())].clone(),
                    action: Uid {
                        ty: "Action".into(),
                        id: action.id.clone(),
                    },
                    resource: rs[self.rng.random_range(0..rs.len())].clone(),
                }
            })
            .collect()
    }
}

/// The median of a list of latencies (the upper median for an even count; zero for none).
pub fn median_latency(mut calls: Vec<std::time::Duration>) -> std::time::Duration {
    calls.sort();
    calls.get(calls.len() / 2).copied().unwrap_or_default()
}

/// Prints one row per app: our time, upstream's (when measured) and the speed-up.
pub fn print_comparison(
    title: &str,
    rows: &[(&str, std::time::Duration, Option<std::time::Duration>)],
) {
    println!("\n{title}");
    println!(
        "{:<18} {:>12} {:>14} {:>10}",
        "app", "cedrus", "cedar-policy", "speed-up"
    );
    for (name, ours, theirs) in rows {
        let ours_us = ours.as_secs_f64() * 1e6;
        match theirs {
            Some(t) => println!(
                "{name:<18} {ours_us:>10.2}µs {:>12.2}µs {:>9.1}×",
                t.as_secs_f64() * 1e6,
                t.as_secs_f64() / ours.as_secs_f64().max(1e-12)
            ),
            None => println!(
                "{name:<18} {ours_us:>10.2}µs {:>14} {:>10}",
                "(no oracle)", "-"
            ),
        }
    }
}

/// Runs `f` `reps` times and returns the mean time of one run.
pub fn time_call(reps: u32, mut f: impl FnMut()) -> std::time::Duration {
    let start = std::time::Instant::now();
    for _ in 0..reps {
        f();
    }
    start.elapsed() / reps.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn median_of_odd_and_even_lists() {
        let ms = |v: &[u64]| {
            v.iter()
                .map(|&m| Duration::from_millis(m))
                .collect::<Vec<_>>()
        };
        assert_eq!(median_latency(ms(&[3, 1, 2])), Duration::from_millis(2));
        assert_eq!(median_latency(ms(&[4, 1, 3, 2])), Duration::from_millis(3));
        assert_eq!(median_latency(Vec::new()), Duration::ZERO);
    }

    const SCHEMA: &str = r#"{"": {
        "entityTypes": {
            "User": {"memberOfTypes": ["Team", "Perm"]},
            "Team": {"memberOfTypes": ["Team"]},
            "Perm": {},
            "Doc": {"shape": {"type": "Record", "attributes": {
                "readers": {"type": "Entity", "name": "Perm"},
                "owner": {"type": "Entity", "name": "User"},
                "public": {"type": "Boolean"}
            }}}
        },
        "actions": {
            "read": {"appliesTo": {"principalTypes": ["User"], "resourceTypes": ["Doc"]}, "memberOf": [{"id": "write"}]},
            "write": {"appliesTo": {"principalTypes": ["User"], "resourceTypes": ["Doc"]}}
        }
    }}"#;

    #[test]
    fn permission_types_get_one_entity_per_referencing_attribute() {
        let model = SchemaModel::from_json(SCHEMA).expect("schema");
        assert_eq!(
            model.permission_types().into_iter().collect::<Vec<_>>(),
            vec!["Perm".to_string()]
        );
        let w = Generator::new(&model, 7).run(10, 50, &[]);
        let ids: Vec<&str> = w
            .entities
            .as_array()
            .expect("array")
            .iter()
            .filter(|e| e["uid"]["type"] == "Perm")
            .filter_map(|e| e["uid"]["id"].as_str())
            .collect();
        assert!(ids.contains(&"doc3.readers"));
        assert_eq!(w.requests.len(), 50);
        assert!(w
            .requests
            .iter()
            .all(|r| r.principal.ty == "User" && r.resource.ty == "Doc"));
    }

    #[test]
    fn same_type_edges_point_forward_so_the_hierarchy_is_acyclic() {
        let model = SchemaModel::from_json(SCHEMA).expect("schema");
        let w = Generator::new(&model, 1).run(40, 0, &[]);
        for e in w.entities.as_array().expect("array") {
            if e["uid"]["type"] != "Team" {
                continue;
            }
            let index = |id: &str| id.trim_start_matches("team").parse::<usize>().unwrap_or(0);
            let me = index(e["uid"]["id"].as_str().unwrap_or(""));
            for p in e["parents"].as_array().expect("parents") {
                assert!(index(p["id"].as_str().unwrap_or("")) > me);
            }
        }
    }

    #[test]
    fn generation_is_reproducible_from_the_seed() {
        let model = SchemaModel::from_json(SCHEMA).expect("schema");
        let a = Generator::new(&model, 42).run(10, 20, &[]);
        let b = Generator::new(&model, 42).run(10, 20, &[]);
        assert_eq!(a.entities, b.entities);
        let c = Generator::new(&model, 43).run(10, 20, &[]);
        assert_ne!(a.entities, c.entities);
    }
}
