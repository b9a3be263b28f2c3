//! The entity store: entities with attributes, parents and tags, loaded from Cedar's
//! entities JSON format or built directly.
//!
//! The transitive closure of the parent relation is computed once, when the store is
//! built, so that `in` is a single hash lookup during evaluation. As in Cedar, a
//! hierarchy with a cycle is rejected, duplicate UIDs are rejected, and a parent that is
//! not itself in the store is still an ancestor (with no known ancestors of its own).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;

use smol_str::SmolStr;

use crate::json::{self, Json, JsonError, JsonErrorKind, Path};
use crate::value::{EntityUid, Value};

/// One entity: its UID, attributes, direct parents, transitive ancestors and tags.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    /// The entity's UID.
    pub uid: EntityUid,
    /// Its attributes.
    pub attrs: BTreeMap<SmolStr, Value>,
    /// Its direct parents.
    pub parents: BTreeSet<EntityUid>,
    /// Its parents, their parents, and so on (filled in by [`Entities`]).
    pub ancestors: HashSet<EntityUid>,
    /// Its tags.
    pub tags: BTreeMap<SmolStr, Value>,
}

impl Entity {
    /// An entity with the given attributes, parents and tags; its ancestors are computed
    /// when it is added to an [`Entities`] store.
    pub fn new(
        uid: EntityUid,
        attrs: BTreeMap<SmolStr, Value>,
        parents: BTreeSet<EntityUid>,
        tags: BTreeMap<SmolStr, Value>,
    ) -> Entity {
        Entity {
            uid,
            attrs,
            parents,
            ancestors: HashSet::new(),
            tags,
        }
    }

    /// An entity with no attributes, parents or tags.
    pub fn with_uid(uid: EntityUid) -> Entity {
        Entity::new(uid, BTreeMap::new(), BTreeSet::new(), BTreeMap::new())
    }

    /// Whether `ancestor` is a (transitive) ancestor of this entity.
    pub fn is_descendant_of(&self, ancestor: &EntityUid) -> bool {
        self.ancestors.contains(ancestor)
    }

    /// This entity in Cedar's entities JSON format.
    pub fn to_json_value(&self) -> serde_json::Value {
        let mut obj = serde_json::Map::new();
        obj.insert("uid".into(), json::uid_to_json(&self.uid));
        obj.insert("attrs".into(), map_to_json(&self.attrs));
        obj.insert(
            "parents".into(),
            serde_json::Value::Array(self.parents.iter().map(json::uid_to_json).collect()),
        );
        if !self.tags.is_empty() {
            obj.insert("tags".into(), map_to_json(&self.tags));
        }
        serde_json::Value::Object(obj)
    }
}

fn map_to_json(map: &BTreeMap<SmolStr, Value>) -> serde_json::Value {
    serde_json::Value::Object(
        map.iter()
            .map(|(k, v)| (k.to_string(), json::value_to_json(v)))
            .collect(),
    )
}

/// Why an entity store could not be built.
#[derive(Clone, Debug, PartialEq)]
pub enum EntitiesError {
    /// The JSON is malformed or describes an invalid entity (with its location).
    Json(JsonError),
    /// Two entities have the same UID.
    Duplicate(EntityUid),
    /// The parent relation has a cycle through this entity.
    Cycle(EntityUid),
    /// An action has a parent that is not an action.
    ActionParentNotAction {
        /// The action.
        action: EntityUid,
        /// Its offending parent.
        parent: EntityUid,
    },
}

impl fmt::Display for EntitiesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EntitiesError::Json(e) => write!(f, "{e}"),
            EntitiesError::Duplicate(uid) => write!(f, "duplicate entity `{uid}`"),
            EntitiesError::Cycle(uid) => {
                write!(f, "the entity hierarchy has a cycle through `{uid}`")
            }
            EntitiesError::ActionParentNotAction { action, parent } => write!(
                f,
                "action `{action}` has the parent `{parent}`, which is not an action"
            ),
        }
    }
}

impl std::error::Error for EntitiesError {}

impl From<JsonError> for EntitiesError {
    fn from(e: JsonError) -> EntitiesError {
        EntitiesError::Json(e)
    }
}

/// A set of entities indexed by UID, with the ancestor relation closed transitively.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entities {
    entities: Vec<Entity>,
    index: HashMap<EntityUid, usize>,
}

impl Entities {
    /// The empty store.
    pub fn new() -> Entities {
        Entities::default()
    }

    /// A store of the given entities. Ancestors are recomputed from the parents (any
    /// `ancestors` already set are ignored).
    pub fn from_entities(
        entities: impl IntoIterator<Item = Entity>,
    ) -> Result<Entities, EntitiesError> {
        let mut store = Entities::default();
        for entity in entities {
            if store.index.contains_key(&entity.uid) {
                return Err(EntitiesError::Duplicate(entity.uid));
            }
            if let Some(parent) = bad_action_parent(&entity) {
                return Err(EntitiesError::ActionParentNotAction {
                    action: entity.uid.clone(),
                    parent: parent.clone(),
                });
            }
            store.index.insert(entity.uid.clone(), store.entities.len());
            store.entities.push(entity);
        }
        store.close_ancestors()?;
        Ok(store)
    }

    /// Parses Cedar's entities JSON format: an array of
    /// `{"uid": …, "attrs": {…}, "parents": […], "tags": {…}}`, where `tags` may be
    /// omitted and other fields are ignored. As in Cedar, an entity listed twice is
    /// accepted only when both entries are identical.
    pub fn from_json_str(text: &str) -> Result<Entities, EntitiesError> {
        let json = Json::parse(text)?;
        Entities::from_json(&json)
    }

    /// Like [`Entities::from_json_str`], from an already parsed `serde_json` value
    /// (whose objects can no longer show duplicate keys).
    pub fn from_json_value(value: serde_json::Value) -> Result<Entities, EntitiesError> {
        Entities::from_json(&Json::from(value))
    }

    fn from_json(json: &Json) -> Result<Entities, EntitiesError> {
        let root = Path::root("entities");
        let Json::Array(items) = json else {
            return Err(root
                .error(JsonErrorKind::Expected {
                    expected: "an array of entities",
                    got: json.type_name(),
                })
                .into());
        };
        let mut entities: Vec<Entity> = Vec::with_capacity(items.len());
        let mut seen: HashMap<EntityUid, usize> = HashMap::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let path = root.index(i);
            let entity = entity_from_json(item, path)?;
            match seen.get(&entity.uid) {
                Some(&earlier) if same_entry(&entities[earlier], &entity) => continue,
                Some(_) => {
                    return Err(path
                        .key("uid")
                        .error(JsonErrorKind::DuplicateEntity(entity.uid))
                        .into())
                }
                None => {
                    seen.insert(entity.uid.clone(), entities.len());
                    entities.push(entity);
                }
            }
        }
        Entities::from_entities(entities)
    }

    /// The entity with this UID, if it is in the store.
    #[inline]
    pub fn get(&self, uid: &EntityUid) -> Option<&Entity> {
        self.index.get(uid).and_then(|&i| self.entities.get(i))
    }

    /// Whether `a` is `b` or a descendant of `b` (Cedar's `a in b` on two entities).
    #[inline]
    pub fn is_in(&self, a: &EntityUid, b: &EntityUid) -> bool {
        a == b || self.get(a).is_some_and(|e| e.ancestors.contains(b))
    }

    /// The entities, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = &Entity> {
        self.entities.iter()
    }

    /// The number of entities.
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// The store in Cedar's entities JSON format.
    pub fn to_json_value(&self) -> serde_json::Value {
        serde_json::Value::Array(self.entities.iter().map(Entity::to_json_value).collect())
    }

    /// Computes every entity's ancestors: an iterative depth-first search over parent
    /// edges (no recursion, so deep hierarchies cannot overflow the stack), each entity
    /// finished after its parents so that its ancestors are the union of theirs.
    fn close_ancestors(&mut self) -> Result<(), EntitiesError> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Open,
            Done,
        }
        let n = self.entities.len();
        let parents: Vec<Vec<EntityUid>> = self
            .entities
            .iter()
            .map(|e| e.parents.iter().cloned().collect())
            .collect();
        let mut marks = vec![Mark::New; n];
        let mut closed: Vec<HashSet<EntityUid>> = vec![HashSet::new(); n];
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for root in 0..n {
            if marks.get(root) != Some(&Mark::New) {
                continue;
            }
            stack.push((root, 0));
            if let Some(m) = marks.get_mut(root) {
                *m = Mark::Open;
            }
            while let Some(top) = stack.last_mut() {
                let (node, next) = *top;
                let node_parents = parents.get(node).map(Vec::as_slice).unwrap_or(&[]);
                if let Some(parent) = node_parents.get(next) {
                    top.1 += 1;
                    if let Some(&j) = self.index.get(parent) {
                        match marks.get(j) {
                            Some(Mark::New) => {
                                if let Some(m) = marks.get_mut(j) {
                                    *m = Mark::Open;
                                }
                                stack.push((j, 0));
                            }
                            Some(Mark::Open) => return Err(EntitiesError::Cycle(parent.clone())),
                            _ => {}
                        }
                    }
                    continue;
                }
                let mut anc = HashSet::new();
                for parent in node_parents {
                    anc.insert(parent.clone());
                    if let Some(parent_anc) = self.index.get(parent).and_then(|&j| closed.get(j)) {
                        anc.extend(parent_anc.iter().cloned());
                    }
                }
                if let Some(slot) = closed.get_mut(node) {
                    *slot = anc;
                }
                if let Some(m) = marks.get_mut(node) {
                    *m = Mark::Done;
                }
                stack.pop();
            }
        }
        for (entity, anc) in self.entities.iter_mut().zip(closed) {
            entity.ancestors = anc;
        }
        Ok(())
    }
}

fn bad_action_parent(entity: &Entity) -> Option<&EntityUid> {
    if entity.uid.ty.is_action() {
        entity.parents.iter().find(|p| !p.ty.is_action())
    } else {
        None
    }
}

fn entity_from_json(json: &Json, path: Path<'_>) -> Result<Entity, JsonError> {
    let Json::Object(fields) = json else {
        return Err(path.error(JsonErrorKind::Expected {
            expected: "an entity object",
            got: json.type_name(),
        }));
    };
    let uid = match fields.get("uid") {
        Some(u) => json::uid_from_json(u, path.key("uid"), false)?,
        None => return Err(path.error(JsonErrorKind::MissingField("uid"))),
    };
    let attrs = match fields.get("attrs") {
        Some(attrs) => value_map(attrs, path.key("attrs"))?,
        None => return Err(path.error(JsonErrorKind::MissingField("attrs"))),
    };
    let tags = match fields.get("tags") {
        Some(tags) => value_map(tags, path.key("tags"))?,
        None => BTreeMap::new(),
    };
    let mut parents = BTreeSet::new();
    match fields.get("parents") {
        None => return Err(path.error(JsonErrorKind::MissingField("parents"))),
        Some(Json::Array(items)) => {
            let ppath = path.key("parents");
            for (i, p) in items.iter().enumerate() {
                let parent = json::uid_from_json(p, ppath.index(i), false)?;
                if uid.ty.is_action() && !parent.ty.is_action() {
                    return Err(ppath.index(i).error(JsonErrorKind::ActionParentNotAction {
                        action: uid.clone(),
                        parent,
                    }));
                }
                parents.insert(parent);
            }
        }
        Some(other) => {
            return Err(path.key("parents").error(JsonErrorKind::Expected {
                expected: "an array of entity references",
                got: other.type_name(),
            }))
        }
    }
    Ok(Entity::new(uid, attrs, parents, tags))
}

/// Whether two entries for the same UID say the same thing.
fn same_entry(a: &Entity, b: &Entity) -> bool {
    a.attrs == b.attrs && a.parents == b.parents && a.tags == b.tags
}

fn value_map(json: &Json, path: Path<'_>) -> Result<BTreeMap<SmolStr, Value>, JsonError> {
    match json {
        Json::Object(map) => map
            .iter()
            .map(|(k, v)| Ok((k.clone(), json::value_from_json(v, path.key(k))?)))
            .collect(),
        other => Err(path.error(JsonErrorKind::Expected {
            expected: "an object",
            got: other.type_name(),
        })),
    }
}

#[cfg(test)]
mod tests;
