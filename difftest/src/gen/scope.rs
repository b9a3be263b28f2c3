//! Policy heads: effects, scopes (with `==`, `in`, `is`, `is … in`, action lists and
//! groups, template slots) and template links.

use std::collections::BTreeMap;

use super::choose::Chooser;
use super::universe::{Universe, IDS};
use crate::case::Link;

/// Which slots a template uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Slots {
    /// The principal constraint uses `?principal`.
    pub principal: bool,
    /// The resource constraint uses `?resource`.
    pub resource: bool,
}

fn uid(ch: &mut Chooser<'_>, types: &[&'static str]) -> String {
    let t = ch.pick(types).copied().unwrap_or("User");
    format!("{t}::\"{}\"", ch.word(IDS))
}

/// One of `principal`/`resource` constraints over the given types: `==`, `in`, `is`,
/// `is … in`, or unconstrained; with `slot`, the entity may be the template slot.
pub fn entity_constraint(
    ch: &mut Chooser<'_>,
    var: &str,
    types: &[&'static str],
    u: &Universe,
    slot: bool,
    used: &mut bool,
) -> String {
    let mut groups: Vec<&'static str> = types.to_vec();
    for t in types {
        if let Some(et) = u.entity_type(t) {
            groups.extend(et.parents.iter().copied());
        }
    }
    let mut target = |ch: &mut Chooser<'_>, pool: &[&'static str]| {
        if slot && ch.chance(60) {
            *used = true;
            format!("?{var}")
        } else {
            uid(ch, pool)
        }
    };
    match ch.below(5) {
        0 => var.to_string(),
        1 => format!("{var} == {}", target(ch, types)),
        2 => format!("{var} in {}", target(ch, &groups)),
        3 => format!("{var} is {}", ch.pick(types).copied().unwrap_or("User")),
        _ => {
            let t = ch.pick(types).copied().unwrap_or("User");
            format!("{var} is {t} in {}", target(ch, &groups))
        }
    }
}

/// An action constraint over [`super::universe::ACTIONS`].
pub fn action_constraint(ch: &mut Chooser<'_>, actions: &[&'static str]) -> String {
    match ch.below(4) {
        0 => "action".into(),
        1 => format!("action == Action::\"{}\"", ch.word(actions)),
        2 => {
            let n = ch.below(3);
            let items: Vec<String> = (0..n)
                .map(|_| format!("Action::\"{}\"", ch.word(actions)))
                .collect();
            format!("action in [{}]", items.join(", "))
        }
        _ => "action in Action::\"read\"".into(),
    }
}

/// `permit` usually, `forbid` sometimes.
pub fn effect(ch: &mut Chooser<'_>) -> &'static str {
    if ch.chance(30) {
        "forbid"
    } else {
        "permit"
    }
}

/// Up to two links of a template with the given slots, named `{template}_l{n}`.
pub fn links(ch: &mut Chooser<'_>, template: &str, slots: Slots, u: &Universe) -> Vec<Link> {
    let all: Vec<&'static str> = u.types.iter().map(|t| t.name).collect();
    let n = ch.below(3);
    (0..n)
        .map(|i| {
            let mut args = BTreeMap::new();
            if slots.principal {
                args.insert("?principal".to_string(), uid(ch, &all));
            }
            if slots.resource {
                args.insert("?resource".to_string(), uid(ch, &all));
            }
            Link {
                template_id: template.to_string(),
                link_id: format!("{template}_l{i}"),
                args,
            }
        })
        .collect()
}
