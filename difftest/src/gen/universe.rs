//! The world a case lives in: entity types with typed attributes and tags, actions, the
//! context's shape; and the entities and values drawn from it.
//!
//! ABAC cases use one fixed universe that has an attribute of every value type; typed
//! cases draw a small universe from the choice stream and print it as a schema.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde_json::{json, Map, Value as Json};

use super::choose::Chooser;

/// A Cedar type, as far as the generators need one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ty {
    /// `Bool`.
    Bool,
    /// `Long`.
    Long,
    /// `String`.
    String,
    /// An entity of the named type.
    Entity(&'static str),
    /// A set of the element type.
    Set(Box<Ty>),
    /// A record with these attributes.
    Record(Vec<Attr>),
    /// `decimal`.
    Decimal,
    /// `ipaddr`.
    Ip,
    /// `datetime`.
    Datetime,
    /// `duration`.
    Duration,
}

/// A named, typed attribute; optional ones may be absent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attr {
    /// The attribute's name.
    pub name: &'static str,
    /// Its type.
    pub ty: Ty,
    /// Whether every value has it.
    pub required: bool,
}

/// An entity type.
#[derive(Clone, Debug)]
pub struct EntityType {
    /// Its name.
    pub name: &'static str,
    /// Its attributes.
    pub attrs: Vec<Attr>,
    /// The types its entities may be members of.
    pub parents: Vec<&'static str>,
    /// The type of its tags, if it has tags.
    pub tags: Option<Ty>,
}

/// Entity types, actions and the context's attributes.
#[derive(Clone, Debug)]
pub struct Universe {
    /// The entity types.
    pub types: Vec<EntityType>,
    /// The context's attributes.
    pub context: Vec<Attr>,
    /// Principal types of requests.
    pub principals: Vec<&'static str>,
    /// Resource types of requests.
    pub resources: Vec<&'static str>,
}

/// Entity ids; policies use the same ids, so references often hit real entities.
pub const IDS: &[&str] = &["a", "b", "c", "d"];
/// Request actions, and the action group `read` that `view` and `edit` belong to.
pub const ACTIONS: &[&str] = &["view", "edit", "delete", "read"];
/// Tag keys.
pub const TAG_KEYS: &[&str] = &["t0", "t1", "t2"];
/// String values (also written in policies).
pub const STRINGS: &[&str] = &[
    "",
    "a",
    "alice",
    "bob",
    "ab",
    "x y",
    "a*c",
    "caf\u{e9}",
    "tab\there",
    "q\"uo\\te",
    "\u{1F600}",
    "nul\0",
];
/// Long values, small ones most often, with the extremes for overflow.
pub const LONGS: &[i64] = &[0, 1, 2, 3, 5, -1, 10, 100, i64::MAX, i64::MIN];
/// Malformed arguments of extension constructors, by constructor.
pub const MALFORMED: &[(&str, &str)] = &[
    ("decimal", "1.23456"),
    ("decimal", "1e3"),
    ("decimal", "922337203685477.5808"),
    ("ip", "192.168.1.300"),
    ("ip", "::ffff:10.0.0.1"),
    ("ip", "10.0.0.1/33"),
    ("datetime", "2024-13-01"),
    ("datetime", "2024-01-01T24:00:00Z"),
    ("duration", "1x"),
    ("duration", "1h1d"),
    ("duration", "9223372036854775808ms"),
];
/// Arguments of `decimal(…)`.
pub const DECIMALS: &[&str] = &[
    "0.0",
    "1.5",
    "-2.25",
    "1.2345",
    "922337203685477.5807",
    "-922337203685477.5808",
    "-0.0001",
    "1.0",
];
/// Arguments of `ip(…)`.
pub const IPS: &[&str] = &[
    "10.0.0.1",
    "10.0.0.0/8",
    "127.0.0.1",
    "::1",
    "224.0.0.1",
    "ffee::/64",
    "0.0.0.0/0",
    "10.0.0.1/32",
    "::/0",
];
/// Arguments of `datetime(…)`.
pub const DATETIMES: &[&str] = &[
    "2024-01-01",
    "2024-01-01T10:00:00Z",
    "2024-02-29T23:59:59.123+0100",
    "1970-01-01",
    "1969-12-31T23:59:59.999Z",
    "2024-01-01T00:00:00-2359",
];
/// Arguments of `duration(…)`.
pub const DURATIONS: &[&str] = &[
    "1h",
    "1d2h",
    "-3m",
    "90s",
    "1ms",
    "2h30m",
    "1d2h3m4s5ms",
    "9223372036854775807ms",
    "-1d",
];

fn attr(name: &'static str, ty: Ty, required: bool) -> Attr {
    Attr { name, ty, required }
}

impl Universe {
    /// The fixed ABAC universe: users in groups, documents in folders, an attribute of
    /// every value type, tags on users (longs) and documents (strings).
    pub fn abac() -> Universe {
        let profile = Ty::Record(vec![
            attr("level", Ty::Long, true),
            attr("dept", Ty::String, false),
        ]);
        Universe {
            types: vec![
                EntityType {
                    name: "User",
                    attrs: vec![
                        attr("age", Ty::Long, true),
                        attr("name", Ty::String, true),
                        attr("active", Ty::Bool, false),
                        attr("roles", Ty::Set(Box::new(Ty::String)), true),
                        attr("manager", Ty::Entity("User"), false),
                        attr("profile", profile, true),
                        attr("score", Ty::Decimal, false),
                        attr("addr", Ty::Ip, false),
                        attr("joined", Ty::Datetime, false),
                        attr("session", Ty::Duration, false),
                    ],
                    parents: vec!["Group", "User"],
                    tags: Some(Ty::Long),
                },
                EntityType {
                    name: "Group",
                    attrs: vec![
                        attr("name", Ty::String, true),
                        attr("level", Ty::Long, false),
                    ],
                    parents: vec!["Group"],
                    tags: None,
                },
                EntityType {
                    name: "Doc",
                    attrs: vec![
                        attr("owner", Ty::Entity("User"), true),
                        attr("level", Ty::Long, true),
                        attr("title", Ty::String, false),
                        attr("labels", Ty::Set(Box::new(Ty::String)), false),
                        attr("readers", Ty::Set(Box::new(Ty::Entity("User"))), false),
                        attr("created", Ty::Datetime, false),
                        attr("net", Ty::Ip, false),
                        attr("price", Ty::Decimal, false),
                    ],
                    parents: vec!["Folder"],
                    tags: Some(Ty::String),
                },
                EntityType {
                    name: "Folder",
                    attrs: vec![attr("name", Ty::String, false)],
                    parents: vec!["Folder"],
                    tags: None,
                },
            ],
            context: vec![
                attr("authenticated", Ty::Bool, true),
                attr("level", Ty::Long, true),
                attr("src", Ty::Ip, false),
                attr("now", Ty::Datetime, false),
                attr("reason", Ty::String, false),
                attr("groups", Ty::Set(Box::new(Ty::Entity("Group"))), false),
            ],
            principals: vec!["User", "User", "Group"],
            resources: vec!["Doc", "Doc", "Folder"],
        }
    }

    /// A small universe drawn from the stream: users and documents get a few attributes
    /// each (from a pool of every type), users may have tags; principals are users and
    /// resources documents.
    pub fn typed(ch: &mut Chooser<'_>) -> Universe {
        let pool: Vec<(&'static str, Ty)> = vec![
            ("age", Ty::Long),
            ("name", Ty::String),
            ("active", Ty::Bool),
            ("roles", Ty::Set(Box::new(Ty::String))),
            ("friend", Ty::Entity("User")),
            (
                "info",
                Ty::Record(vec![
                    attr("level", Ty::Long, true),
                    attr("dept", Ty::String, false),
                ]),
            ),
            ("score", Ty::Decimal),
            ("addr", Ty::Ip),
            ("when", Ty::Datetime),
            ("ttl", Ty::Duration),
            ("group", Ty::Entity("Group")),
        ];
        let attrs = |ch: &mut Chooser<'_>, first: &'static str, ty: Ty| {
            let mut out = vec![attr(first, ty, true)];
            let n = ch.below(5);
            let mut seen = BTreeSet::new();
            for _ in 0..n {
                if let Some((name, ty)) = ch.pick(&pool) {
                    if seen.insert(*name) {
                        out.push(attr(name, ty.clone(), !ch.chance(40)));
                    }
                }
            }
            out
        };
        let user = attrs(ch, "level", Ty::Long);
        let doc = attrs(ch, "owner", Ty::Entity("User"));
        let ctx = attrs(ch, "authenticated", Ty::Bool);
        let tags = ch.chance(50).then_some(Ty::Long);
        Universe {
            types: vec![
                EntityType {
                    name: "User",
                    attrs: user,
                    parents: vec!["Group"],
                    tags,
                },
                EntityType {
                    name: "Group",
                    attrs: vec![],
                    parents: vec!["Group"],
                    tags: None,
                },
                EntityType {
                    name: "Doc",
                    attrs: doc,
                    parents: vec!["Folder"],
                    tags: None,
                },
                EntityType {
                    name: "Folder",
                    attrs: vec![],
                    parents: vec!["Folder"],
                    tags: None,
                },
            ],
            context: ctx,
            principals: vec!["User"],
            resources: vec!["Doc"],
        }
    }

    /// The RBAC universe: no attributes, deep hierarchies of groups, roles and folders.
    pub fn rbac() -> Universe {
        let ty = |name, parents| EntityType {
            name,
            attrs: Vec::new(),
            parents,
            tags: None,
        };
        Universe {
            types: vec![
                ty("User", vec!["Group", "Role"]),
                ty("Group", vec!["Group", "Role"]),
                ty("Role", vec!["Role"]),
                ty("Doc", vec!["Folder"]),
                ty("Folder", vec!["Folder"]),
            ],
            context: Vec::new(),
            principals: vec!["User", "User", "Group"],
            resources: vec!["Doc", "Doc", "Folder"],
        }
    }

    /// The entity type with this name.
    pub fn entity_type(&self, name: &str) -> Option<&EntityType> {
        self.types.iter().find(|t| t.name == name)
    }

    /// The universe as a schema in Cedar syntax: `view` and `edit` (members of `read`)
    /// apply to the principal and resource types with the context's shape.
    pub fn to_schema(&self) -> String {
        let mut out = String::new();
        for t in &self.types {
            let parents = if t.parents.is_empty() {
                String::new()
            } else {
                format!(" in [{}]", t.parents.join(", "))
            };
            let _ = write!(
                out,
                "entity {}{} {}",
                t.name,
                parents,
                record_type(&t.attrs)
            );
            if let Some(tags) = &t.tags {
                let _ = write!(out, " tags {}", type_text(tags));
            }
            out.push_str(";\n");
        }
        out.push_str("action read;\n");
        for a in ["view", "edit"] {
            let _ = writeln!(
                out,
                "action {a} in [read] appliesTo {{ principal: [{}], resource: [{}], context: {} }};",
                self.principals.join(", "),
                self.resources.join(", "),
                record_type(&self.context)
            );
        }
        out
    }
}

fn record_type(attrs: &[Attr]) -> String {
    let fields: Vec<String> = attrs
        .iter()
        .map(|a| {
            format!(
                "{}{}: {}",
                a.name,
                if a.required { "" } else { "?" },
                type_text(&a.ty)
            )
        })
        .collect();
    format!("{{{}}}", fields.join(", "))
}

fn type_text(ty: &Ty) -> String {
    match ty {
        Ty::Bool => "Bool".into(),
        Ty::Long => "Long".into(),
        Ty::String => "String".into(),
        Ty::Entity(n) => (*n).into(),
        Ty::Set(t) => format!("Set<{}>", type_text(t)),
        Ty::Record(attrs) => record_type(attrs),
        Ty::Decimal => "decimal".into(),
        Ty::Ip => "ipaddr".into(),
        Ty::Datetime => "datetime".into(),
        Ty::Duration => "duration".into(),
    }
}

/// An entity reference in Cedar's JSON form.
pub fn uid_json(ty: &str, id: &str) -> Json {
    json!({"type": ty, "id": id})
}

/// Draws entities of the universe: up to `max` entities with ids from [`IDS`], members
/// only of earlier entities (so the hierarchy is acyclic), plus the action entities
/// (`view` and `edit` in `read`). `strict` keeps required attributes present and
/// entity references pointing at existing entities; `quirks` allows the odd shapes
/// (see [`super::GenConfig::entity_quirks`]).
pub fn entities(
    u: &Universe,
    ch: &mut Chooser<'_>,
    max: usize,
    strict: bool,
    quirks: bool,
) -> Json {
    let mut made: Vec<(&'static str, &'static str)> = Vec::new();
    let n = ch.below(max + 1);
    for _ in 0..n {
        let Some(t) = ch.pick(&u.types) else { break };
        let id = ch.word(IDS);
        if !made.contains(&(t.name, id)) {
            made.push((t.name, id));
        }
    }
    let mut out = Vec::new();
    for (i, (ty, id)) in made.iter().enumerate() {
        let Some(t) = u.entity_type(ty) else { continue };
        let mut parents = Vec::new();
        for (pty, pid) in made.iter().take(i) {
            if t.parents.contains(pty) && ch.chance(40) {
                parents.push(uid_json(pty, pid));
            }
        }
        // Loose data also has parents that are not entities of the store, and cycles.
        if !strict && ch.chance(10) {
            if let Some((pty, pid)) = ch.pick(&made) {
                parents.push(uid_json(pty, pid));
            }
        }
        if !strict && ch.chance(5) {
            parents.push(uid_json(
                t.parents.first().copied().unwrap_or("Group"),
                "ghost",
            ));
        }
        let mut attrs = Map::new();
        for a in &t.attrs {
            if (strict && a.required) || !ch.chance(15) {
                attrs.insert(a.name.into(), value(&a.ty, ch, &made, strict, 2));
            }
        }
        let mut e = Map::new();
        e.insert("uid".into(), uid_json(ty, id));
        // Loose data sometimes leaves out an empty `attrs` or `parents`.
        if !quirks || !attrs.is_empty() || !ch.chance(5) {
            e.insert("attrs".into(), Json::Object(attrs));
        }
        if !quirks || !parents.is_empty() || !ch.chance(5) {
            e.insert("parents".into(), Json::Array(parents));
        }
        if let Some(tt) = &t.tags {
            let mut tags = Map::new();
            for k in TAG_KEYS {
                if ch.chance(50) {
                    tags.insert((*k).into(), value(tt, ch, &made, strict, 1));
                }
            }
            e.insert("tags".into(), Json::Object(tags));
        }
        let e = Json::Object(e);
        // And sometimes lists an entity twice, identically.
        if quirks && ch.chance(3) {
            out.push(e.clone());
        }
        out.push(e);
    }
    out.push(json!({"uid": uid_json("Action", "read"), "attrs": {}, "parents": []}));
    for a in ["view", "edit"] {
        out.push(json!({"uid": uid_json("Action", a), "attrs": {}, "parents": [uid_json("Action", "read")]}));
    }
    Json::Array(out)
}

/// A value of type `ty` in Cedar's JSON value format.
pub fn value(
    ty: &Ty,
    ch: &mut Chooser<'_>,
    made: &[(&'static str, &'static str)],
    strict: bool,
    depth: u32,
) -> Json {
    let extn = |f: &str, arg: &str| json!({"__extn": {"fn": f, "arg": arg}});
    match ty {
        Ty::Bool => Json::Bool(ch.chance(50)),
        Ty::Long => json!(ch.pick(LONGS).copied().unwrap_or(0)),
        Ty::String => json!(ch.word(STRINGS)),
        Ty::Entity(t) => {
            let existing: Vec<&str> = made
                .iter()
                .filter(|(mt, _)| mt == t)
                .map(|(_, id)| *id)
                .collect();
            let id = match ch.pick(&existing) {
                Some(id) if strict || !ch.chance(10) => id,
                _ => ch.word(IDS),
            };
            // Without `__entity`, the same object is a record when there is no schema.
            if !strict && ch.chance(5) {
                json!({"type": t, "id": id})
            } else {
                json!({"__entity": {"type": t, "id": id}})
            }
        }
        Ty::Set(elem) => {
            let n = if depth == 0 { 0 } else { ch.below(4) };
            Json::Array(
                (0..n)
                    .map(|_| value(elem, ch, made, strict, depth.saturating_sub(1)))
                    .collect(),
            )
        }
        Ty::Record(attrs) => {
            let mut m = Map::new();
            for a in attrs {
                if (strict && a.required) || !ch.chance(15) {
                    m.insert(
                        a.name.into(),
                        value(&a.ty, ch, made, strict, depth.saturating_sub(1)),
                    );
                }
            }
            Json::Object(m)
        }
        Ty::Decimal => extn("decimal", ch.word(DECIMALS)),
        Ty::Ip => extn("ip", ch.word(IPS)),
        Ty::Datetime => extn("datetime", ch.word(DATETIMES)),
        Ty::Duration => extn("duration", ch.word(DURATIONS)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cedrus_policy::entities::Entities;
    use cedrus_policy::schema::Schema;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn strict_entities_load(data in proptest::collection::vec(any::<u32>(), 0..200)) {
            let mut ch = Chooser::new(&data);
            let u = Universe::abac();
            let e = entities(&u, &mut ch, 8, true, false);
            let loaded = Entities::from_json_value(e.clone());
            prop_assert!(loaded.is_ok(), "{:?}\n{}", loaded.err(), e);
        }

        #[test]
        fn typed_schemas_parse(data in proptest::collection::vec(any::<u32>(), 0..50)) {
            let mut ch = Chooser::new(&data);
            let schema = Universe::typed(&mut ch).to_schema();
            prop_assert!(Schema::from_cedar_str(&schema).is_ok(), "{}", schema);
        }
    }
}
