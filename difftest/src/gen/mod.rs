//! Case generators, as proptest strategies.
//!
//! * [`Generator::Abac`]: a fixed universe with attributes of every value type and tags;
//!   policies with scopes and `when`/`unless` conditions using every operator.
//! * [`Generator::Rbac`]: attribute-free hierarchies of users, groups, roles, documents
//!   and folders; scope-only policies, templates and their links.
//! * [`Generator::Typed`]: a small schema drawn first, then entities, a request and
//!   policies meant to validate against it (see [`validation_rate`]).
//!
//! Each strategy draws choice streams (see [`choose`]) and decodes them; shrinking the
//! streams shrinks the case. Case `k` of a run is drawn from an RNG seeded with
//! `(seed, k)` alone (see [`case_tree`]), so shards of a run are independent.

pub mod choose;
pub mod expr;
pub mod scope;
pub mod universe;

use std::fmt;
use std::str::FromStr;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::strategy::{BoxedStrategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use crate::case::{Case, CaseRequest};
use choose::Chooser;
use expr::ExprGen;
use scope::Slots;
use universe::{uid_json, Universe, ACTIONS, IDS};

/// Which kind of cases to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Generator {
    /// Attribute-based policies over entities with attributes and tags.
    Abac,
    /// Role-based, scope-only policies, templates and links.
    Rbac,
    /// Schema-directed policies meant to validate.
    Typed,
}

impl Generator {
    /// Every generator.
    pub const ALL: [Generator; 3] = [Generator::Abac, Generator::Rbac, Generator::Typed];

    /// The generator's name (`abac`, `rbac`, `typed`).
    pub fn name(self) -> &'static str {
        match self {
            Generator::Abac => "abac",
            Generator::Rbac => "rbac",
            Generator::Typed => "typed",
        }
    }
}

impl fmt::Display for Generator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An unknown generator name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownGenerator(pub String);

impl fmt::Display for UnknownGenerator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown generator `{}` (expected abac, rbac or typed)",
            self.0
        )
    }
}

impl std::error::Error for UnknownGenerator {}

impl FromStr for Generator {
    type Err = UnknownGenerator;

    fn from_str(s: &str) -> Result<Generator, UnknownGenerator> {
        Generator::ALL
            .into_iter()
            .find(|g| g.name() == s)
            .ok_or_else(|| UnknownGenerator(s.to_string()))
    }
}

/// Sizes of generated cases.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GenConfig {
    /// At most this many entities (besides the action entities).
    pub max_entities: usize,
    /// At most this many policies (templates included).
    pub max_policies: usize,
    /// Depth of condition expressions (at most `cedrus_policy::ast::MAX_EXPR_DEPTH`).
    pub max_depth: u32,
    /// Length of each policy's choice stream; longer streams make larger policies.
    pub policy_choices: usize,
    /// Whether loose (ABAC, RBAC) entity data may take the JSON format's odd shapes:
    /// an empty `attrs` or `parents` left out, an entity listed twice.
    pub entity_quirks: bool,
}

impl Default for GenConfig {
    fn default() -> GenConfig {
        GenConfig {
            max_entities: 8,
            max_policies: 4,
            max_depth: 3,
            policy_choices: 64,
            entity_quirks: true,
        }
    }
}

/// The raw choice streams a case is decoded from.
type Streams = (Vec<u32>, Vec<u32>, Vec<Vec<u32>>, Vec<u32>);

/// The strategy for cases of `generator` (seed and index left at 0; see [`case_tree`]).
pub fn strategy(generator: Generator, cfg: &GenConfig) -> BoxedStrategy<Case> {
    let cfg = cfg.clone();
    let entity_len = 8 + cfg.max_entities * 24;
    (
        vec(any::<u32>(), 0..24),
        vec(any::<u32>(), 0..entity_len),
        vec(
            vec(any::<u32>(), 0..cfg.policy_choices.max(1)),
            1..cfg.max_policies.max(1) + 1,
        ),
        vec(any::<u32>(), 0..48),
    )
        .prop_map(move |streams: Streams| decode(generator, &cfg, &streams))
        .boxed()
}

/// The value tree of case `index` of the run with `seed`: depends on nothing else.
pub fn case_tree(
    generator: Generator,
    cfg: &GenConfig,
    seed: u64,
    index: u64,
) -> Result<Box<dyn ValueTree<Value = Case>>, String> {
    let mut bytes = [0u8; 32];
    let mut state = seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (generator as u64) << 56;
    for chunk in bytes.chunks_mut(8) {
        state = splitmix(state);
        chunk.copy_from_slice(&state.to_le_bytes());
    }
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let tree = strategy(generator, cfg)
        .new_tree(&mut runner)
        .map_err(|e| e.to_string())?;
    Ok(Box::new(Stamped { tree, seed, index }))
}

fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A value tree whose cases carry their seed and index.
struct Stamped {
    tree: Box<dyn ValueTree<Value = Case>>,
    seed: u64,
    index: u64,
}

impl ValueTree for Stamped {
    type Value = Case;

    fn current(&self) -> Case {
        let mut c = self.tree.current();
        c.seed = self.seed;
        c.index = self.index;
        c
    }

    fn simplify(&mut self) -> bool {
        self.tree.simplify()
    }

    fn complicate(&mut self) -> bool {
        self.tree.complicate()
    }
}

/// Decodes the streams into a case.
fn decode(generator: Generator, cfg: &GenConfig, (us, es, ps, rs): &Streams) -> Case {
    let strict = generator == Generator::Typed;
    let universe = match generator {
        Generator::Abac => Universe::abac(),
        Generator::Rbac => Universe::rbac(),
        Generator::Typed => Universe::typed(&mut Chooser::new(us)),
    };
    let entities = universe::entities(
        &universe,
        &mut Chooser::new(es),
        cfg.max_entities,
        strict,
        cfg.entity_quirks && !strict,
    );
    let mut text = String::new();
    let mut links = Vec::new();
    for (i, p) in ps.iter().enumerate() {
        let mut ch = Chooser::new(p);
        let policy = match generator {
            Generator::Rbac => {
                let (policy, slots) = rbac_policy(&universe, &mut ch);
                if slots != Slots::default() {
                    links.extend(scope::links(
                        &mut ch,
                        &format!("policy{i}"),
                        slots,
                        &universe,
                    ));
                }
                policy
            }
            Generator::Abac | Generator::Typed => abac_policy(&universe, &mut ch, cfg, strict),
        };
        text.push_str(&policy);
        text.push('\n');
    }
    let request = request(&universe, &mut Chooser::new(rs), strict);
    Case {
        generator: generator.name().to_string(),
        seed: 0,
        index: 0,
        policies: text,
        links,
        entities,
        request,
        schema: strict.then(|| universe.to_schema()),
    }
}

fn abac_policy(u: &Universe, ch: &mut Chooser<'_>, cfg: &GenConfig, strict: bool) -> String {
    let effect = scope::effect(ch);
    let mut unused = false;
    let principal =
        scope::entity_constraint(ch, "principal", &u.principals[..1], u, false, &mut unused);
    let actions: &[&str] = if strict { &["view", "edit"] } else { ACTIONS };
    let action = if strict {
        match ch.below(3) {
            0 => "action in Action::\"read\"".to_string(),
            1 => "action in [Action::\"view\", Action::\"edit\"]".to_string(),
            _ => format!("action == Action::\"{}\"", ch.word(actions)),
        }
    } else {
        scope::action_constraint(ch, actions)
    };
    let resource =
        scope::entity_constraint(ch, "resource", &u.resources[..1], u, false, &mut unused);
    let mut out = format!("{effect}(\n  {principal},\n  {action},\n  {resource}\n)");
    let n = ch.below(3);
    let depth = cfg
        .max_depth
        .min(cedrus_policy::ast::MAX_EXPR_DEPTH as u32 / 4);
    let p = u.principals.first().copied().unwrap_or("User");
    let r = u.resources.first().copied().unwrap_or("Doc");
    for _ in 0..n {
        let kw = if ch.chance(25) { "unless" } else { "when" };
        let cond = ExprGen::new(u, ch, strict, p, r).bool_expr(depth);
        out.push_str(&format!("\n{kw} {{ {cond} }}"));
    }
    out.push(';');
    out
}

fn rbac_policy(u: &Universe, ch: &mut Chooser<'_>) -> (String, Slots) {
    let effect = scope::effect(ch);
    let template = ch.chance(35);
    let mut slots = Slots::default();
    let principals: Vec<&'static str> = vec!["User", "Group"];
    let resources: Vec<&'static str> = vec!["Doc", "Folder"];
    let principal = scope::entity_constraint(
        ch,
        "principal",
        &principals,
        u,
        template,
        &mut slots.principal,
    );
    let action = scope::action_constraint(ch, ACTIONS);
    let resource =
        scope::entity_constraint(ch, "resource", &resources, u, template, &mut slots.resource);
    (
        format!("{effect}({principal}, {action}, {resource});"),
        slots,
    )
}

fn request(u: &Universe, ch: &mut Chooser<'_>, strict: bool) -> CaseRequest {
    let p = ch.pick(&u.principals).copied().unwrap_or("User");
    let r = ch.pick(&u.resources).copied().unwrap_or("Doc");
    let actions: &[&str] = if strict { &["view", "edit"] } else { ACTIONS };
    let principal = uid_json(p, ch.word(IDS));
    let action = uid_json("Action", ch.word(actions));
    let resource = uid_json(r, ch.word(IDS));
    let made: Vec<(&'static str, &'static str)> = u
        .types
        .iter()
        .flat_map(|t| IDS.iter().map(move |id| (t.name, *id)))
        .collect();
    let mut context = Map::new();
    for a in &u.context {
        if (strict && a.required) || !ch.chance(15) {
            context.insert(a.name.into(), universe::value(&a.ty, ch, &made, strict, 2));
        }
    }
    CaseRequest {
        principal,
        action,
        resource,
        context: Json::Object(context),
    }
}

/// How many of `cases` typed cases (from `seed`) have policies that pass the strict
/// validator against their schema: `(valid, total)`.
pub fn validation_rate(cfg: &GenConfig, seed: u64, cases: u64) -> (u64, u64) {
    use cedrus_policy::parser::parse_policies;
    use cedrus_policy::schema::Schema;
    use cedrus_policy::validator::Validator;
    let mut valid = 0;
    for k in 0..cases {
        let Ok(tree) = case_tree(Generator::Typed, cfg, seed, k) else {
            continue;
        };
        let case = tree.current();
        let Some(schema) = case
            .schema
            .as_deref()
            .and_then(|s| Schema::from_cedar_str(s).ok())
        else {
            continue;
        };
        let Ok(policies) = parse_policies(&case.policies) else {
            continue;
        };
        if Validator::new(&schema).validate(&policies).is_ok() {
            valid += 1;
        }
    }
    (valid, cases)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generator_names_round_trip() {
        for g in Generator::ALL {
            assert_eq!(g.name().parse::<Generator>(), Ok(g));
        }
        assert!("nope".parse::<Generator>().is_err());
    }

    #[test]
    fn cases_depend_only_on_seed_and_index() {
        let cfg = GenConfig::default();
        for g in Generator::ALL {
            let a = case_tree(g, &cfg, 9, 4).unwrap().current();
            let b = case_tree(g, &cfg, 9, 4).unwrap().current();
            let c = case_tree(g, &cfg, 9, 5).unwrap().current();
            assert_eq!(a, b);
            assert_ne!(a, c);
            assert_eq!((a.seed, a.index), (9, 4));
        }
    }

    #[test]
    fn generated_policies_parse() {
        let cfg = GenConfig::default();
        for g in Generator::ALL {
            for k in 0..200 {
                let case = case_tree(g, &cfg, 1, k).unwrap().current();
                let parsed = cedrus_policy::parser::parse_policies(&case.policies);
                let deliberate = expr::WRONG_ARITY_CALLS
                    .iter()
                    .any(|c| case.policies.contains(c));
                assert!(
                    deliberate || parsed.is_ok(),
                    "{g} case {k}:\n{}",
                    case.policies
                );
            }
        }
    }

    #[test]
    fn most_typed_policies_validate() {
        let (valid, total) = validation_rate(&GenConfig::default(), 1, 300);
        eprintln!("typed: {valid}/{total} validate");
        assert!(
            valid * 10 >= total * 6,
            "only {valid}/{total} typed cases validate"
        );
    }
}
