//! The runner: generate each case of a shard, ask every oracle, compare, shrink
//! mismatches and write replays.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Instant;

use proptest::strategy::ValueTree;
use serde::{Deserialize, Serialize};

use crate::case::{Case, Decision};
use crate::gen::{case_tree, GenConfig, Generator};
use crate::oracle::Oracle;
use crate::replay::{Outcome, Replay};

/// Which cases of a run a process takes: those `k` with `k % count == index`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// This shard's number, below `count`.
    pub index: u64,
    /// How many shards the run is split into.
    pub count: u64,
}

impl Default for Shard {
    fn default() -> Shard {
        Shard { index: 0, count: 1 }
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("`{s}` is not a shard: expected `i/n` with i < n");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u64 = i.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

/// What to run.
#[derive(Clone, Debug)]
pub struct RunConfig {
    /// The generator.
    pub generator: Generator,
    /// Cases in the whole run (all shards together).
    pub cases: u64,
    /// The run's seed.
    pub seed: u64,
    /// This process's shard.
    pub shard: Shard,
    /// Case sizes.
    pub gen: GenConfig,
    /// Where replays of mismatches go; `None` writes none.
    pub out_dir: Option<PathBuf>,
    /// At most this many oracle evaluations of candidate cases while shrinking one mismatch.
    pub shrink_budget: usize,
    /// Stop after this many mismatches (shrinking is slow).
    pub max_mismatches: usize,
}

impl RunConfig {
    /// A run of `cases` cases from `seed`, one shard, no replays written.
    pub fn new(generator: Generator, cases: u64, seed: u64) -> RunConfig {
        RunConfig {
            generator,
            cases,
            seed,
            shard: Shard::default(),
            gen: GenConfig::default(),
            out_dir: None,
            shrink_budget: 2_000,
            max_mismatches: 20,
        }
    }
}

/// One disagreement between oracles.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mismatch {
    /// The case's index in the run.
    pub index: u64,
    /// The replay file, when one was written.
    pub replay: Option<PathBuf>,
    /// Each oracle's outcome on the shrunk case, one line per oracle.
    pub summary: String,
    /// The shrunk case.
    pub case: Case,
}

/// What the reference oracle (the first) answered, over the run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Cases allowed.
    pub allow: u64,
    /// Cases denied.
    pub deny: u64,
    /// Cases with at least one erroring policy.
    pub with_errors: u64,
    /// Cases whose inputs did not load.
    pub load_errors: u64,
}

/// The result of running one shard of one generator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunReport {
    /// The generator.
    pub generator: Generator,
    /// The run's seed.
    pub seed: u64,
    /// The shard.
    pub shard: Shard,
    /// The oracles compared, by name.
    pub oracles: Vec<String>,
    /// Cases run.
    pub cases: u64,
    /// Cases whose oracles disagreed (shrunk).
    pub mismatches: Vec<Mismatch>,
    /// What the reference oracle answered.
    pub tally: Tally,
    /// Wall-clock seconds.
    pub seconds: f64,
}

impl RunReport {
    /// Cases per second.
    pub fn throughput(&self) -> f64 {
        if self.seconds > 0.0 {
            self.cases as f64 / self.seconds
        } else {
            0.0
        }
    }

    /// Cases without a mismatch.
    pub fn passed(&self) -> u64 {
        self.cases.saturating_sub(self.mismatches.len() as u64)
    }
}

/// Every oracle's outcome on `case`.
pub fn outcomes(case: &Case, oracles: &mut [Box<dyn Oracle>]) -> Vec<Outcome> {
    oracles
        .iter_mut()
        .map(|o| Outcome::from(o.answer(case)))
        .collect()
}

/// Whether all outcomes agree.
pub fn all_agree(outs: &[Outcome]) -> bool {
    match outs.split_first() {
        Some((first, rest)) => rest.iter().all(|o| first.agrees_with(o)),
        None => true,
    }
}

/// Shrinks a failing value tree, keeping the disagreement, within `budget` evaluations;
/// returns the smallest failing case found.
pub fn shrink(
    tree: &mut dyn ValueTree<Value = Case>,
    oracles: &mut [Box<dyn Oracle>],
    budget: usize,
) -> Case {
    let mut best = tree.current();
    let mut spent = 0;
    if !tree.simplify() {
        return best;
    }
    while spent < budget {
        spent += 1;
        let candidate = tree.current();
        if !all_agree(&outcomes(&candidate, oracles)) {
            best = candidate;
            if !tree.simplify() {
                break;
            }
        } else if !tree.complicate() {
            break;
        }
    }
    best
}

/// Runs one shard: `progress` is called with the number of cases done so far.
pub fn run(
    cfg: &RunConfig,
    oracles: &mut [Box<dyn Oracle>],
    progress: &mut dyn FnMut(u64),
) -> RunReport {
    let start = Instant::now();
    let mut report = RunReport {
        generator: cfg.generator,
        seed: cfg.seed,
        shard: cfg.shard,
        oracles: oracles.iter().map(|o| o.name().to_string()).collect(),
        cases: 0,
        mismatches: Vec::new(),
        tally: Tally::default(),
        seconds: 0.0,
    };
    let count = cfg.shard.count.max(1);
    let mut k = cfg.shard.index;
    while k < cfg.cases && report.mismatches.len() < cfg.max_mismatches {
        if let Ok(mut tree) = case_tree(cfg.generator, &cfg.gen, cfg.seed, k) {
            let case = tree.current();
            let outs = outcomes(&case, oracles);
            tally(&mut report.tally, outs.first());
            if !all_agree(&outs) {
                let small = shrink(tree.as_mut(), oracles, cfg.shrink_budget);
                report
                    .mismatches
                    .push(record_mismatch(cfg, small, k, oracles));
            }
        }
        report.cases += 1;
        progress(report.cases);
        k += count;
    }
    report.seconds = start.elapsed().as_secs_f64();
    report
}

fn tally(t: &mut Tally, reference: Option<&Outcome>) {
    match reference {
        Some(Outcome::Answer(a)) => {
            match a.decision {
                Decision::Allow => t.allow += 1,
                Decision::Deny => t.deny += 1,
            }
            if !a.erroring.is_empty() {
                t.with_errors += 1;
            }
        }
        Some(Outcome::Error { .. }) => t.load_errors += 1,
        None => {}
    }
}

fn record_mismatch(
    cfg: &RunConfig,
    case: Case,
    k: u64,
    oracles: &mut [Box<dyn Oracle>],
) -> Mismatch {
    let replay = Replay::record(case.clone(), oracles);
    let summary = replay
        .answers
        .iter()
        .map(|(name, o)| format!("{name}: {o}"))
        .collect::<Vec<_>>()
        .join("\n");
    let path = cfg.out_dir.as_ref().and_then(|dir| {
        let path = dir.join(format!("{}-s{}-k{k}.json", cfg.generator, cfg.seed));
        replay.save(&path).ok().map(|()| path)
    });
    Mismatch {
        index: k,
        replay: path,
        summary,
        case,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oracle::{Mutant, Production, RoundTrip};

    fn engines() -> Vec<Box<dyn Oracle>> {
        vec![Box::new(Production::new()), Box::new(RoundTrip::new())]
    }

    #[test]
    fn shards_parse_and_reject_nonsense() {
        assert_eq!("2/4".parse::<Shard>(), Ok(Shard { index: 2, count: 4 }));
        for bad in ["4/4", "1/0", "x/2", "3"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn bounded_runs_agree_with_the_round_trip() {
        for g in Generator::ALL {
            let report = run(&RunConfig::new(g, 2_000, 11), &mut engines(), &mut |_| {});
            assert_eq!(report.cases, 2_000);
            assert!(report.mismatches.is_empty(), "{g}: {:?}", report.mismatches);
            let t = report.tally;
            // The generators exercise both decisions and evaluation errors.
            assert!(t.allow > 100 && t.deny > 100, "{g}: {t:?}");
            if g == Generator::Abac {
                assert!(t.with_errors > 100, "{g}: {t:?}");
            }
            eprintln!("{g}: {t:?}, {:.0} cases/s", report.throughput());
        }
    }

    #[test]
    fn the_mutant_is_caught_and_shrunk() {
        let mut oracles: Vec<Box<dyn Oracle>> =
            vec![Box::new(Production::new()), Box::new(Mutant::new())];
        let mut cfg = RunConfig::new(Generator::Abac, 10_000, 1);
        cfg.max_mismatches = 1;
        let report = run(&cfg, &mut oracles, &mut |_| {});
        let m = report
            .mismatches
            .first()
            .expect("the mutant is caught within 10,000 cases");
        assert!(m.summary.contains("mutant"));
        // The shrunk case still disagrees, and uses `<`.
        assert!(!all_agree(&outcomes(&m.case, &mut oracles)));
        assert!(m.case.policies.contains(" < "), "{}", m.case.policies);
    }

    #[test]
    fn shards_partition_the_run() {
        let whole = run(
            &RunConfig::new(Generator::Rbac, 90, 3),
            &mut engines(),
            &mut |_| {},
        );
        let mut tally = Tally::default();
        let mut cases = 0;
        for i in 0..3 {
            let mut cfg = RunConfig::new(Generator::Rbac, 90, 3);
            cfg.shard = Shard { index: i, count: 3 };
            let r = run(&cfg, &mut engines(), &mut |_| {});
            cases += r.cases;
            tally.allow += r.tally.allow;
            tally.deny += r.tally.deny;
            tally.with_errors += r.tally.with_errors;
            tally.load_errors += r.tally.load_errors;
        }
        assert_eq!(cases, whole.cases);
        assert_eq!(tally, whole.tally);
    }
}
