//! `cedrus difftest`: differential testing of the production engine against other
//! oracles on generated cases, or the replay of one recorded case.

use std::path::PathBuf;

use cedrus_difftest::gen::{GenConfig, Generator};
use cedrus_difftest::oracle::{Model, Mutant, Oracle, Production, RoundTrip};
use cedrus_difftest::replay::Replay;
use cedrus_difftest::report::{self, Totals};
use cedrus_difftest::runner::{all_agree, outcomes, run, RunConfig, RunReport, Shard};
use indicatif::{ProgressBar, ProgressStyle};

use super::{CommandResult, Outcome as Exit};
use crate::diagnostics::Diagnostic;

/// An oracle to compare the production engine against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OracleArg {
    /// The executable Cedar model (`spec/`), run on the language's evaluator.
    Model,
    /// Upstream `cedar-policy` (needs a build with the `cedar-oracle` feature).
    Cedar,
    /// The production engine after a JSON round trip of each case.
    Roundtrip,
    /// The production engine with `<` deliberately read as `<=` (shows the harness fails).
    Mutant,
}

/// Arguments of `cedrus difftest`.
#[derive(clap::Args, Debug)]
pub struct DifftestArgs {
    /// Cases per generator in the whole run (all shards together).
    #[arg(long, default_value_t = 1000)]
    cases: u64,
    /// The run's seed.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// The generator; every generator in turn when absent.
    #[arg(long, value_parser = parse_generator)]
    generator: Option<Generator>,
    /// Oracles compared with the production engine (default: `model`).
    #[arg(long, value_enum)]
    oracle: Vec<OracleArg>,
    /// Run only cases k with k % n == i.
    #[arg(long, value_name = "i/n", value_parser = parse_shard)]
    shard: Option<Shard>,
    /// Write a report: `--report json FILE` or `--report junit FILE`.
    #[arg(long, num_args = 2, value_names = ["FORMAT", "FILE"])]
    report: Vec<String>,
    /// Re-run a replay file and print every oracle's answer.
    #[arg(long, value_name = "FILE")]
    replay: Option<PathBuf>,
    /// Merge the JSON reports of shards (with `--report` for the merged report) instead
    /// of running cases.
    #[arg(long, value_name = "FILES", num_args = 1..)]
    merge: Vec<PathBuf>,
    /// Where replays of mismatches are written.
    #[arg(long, value_name = "DIR", default_value = "difftest/out")]
    out: PathBuf,
    /// At most this many entities per case.
    #[arg(long, default_value_t = GenConfig::default().max_entities)]
    max_entities: usize,
    /// At most this many policies per case.
    #[arg(long, default_value_t = GenConfig::default().max_policies)]
    max_policies: usize,
    /// Depth of generated conditions.
    #[arg(long, default_value_t = GenConfig::default().max_depth)]
    max_depth: u32,
    /// Never leave out an empty `attrs`/`parents` or list an entity twice in entity data.
    #[arg(long)]
    no_entity_quirks: bool,
    /// Stop a generator's run after this many mismatches.
    #[arg(long, default_value_t = 20)]
    max_mismatches: usize,
    /// Oracle evaluations spent shrinking each mismatch.
    #[arg(long, default_value_t = 2000)]
    shrink_budget: usize,
}

fn parse_generator(s: &str) -> Result<Generator, String> {
    s.parse()
        .map_err(|e: cedrus_difftest::gen::UnknownGenerator| e.to_string())
}

fn parse_shard(s: &str) -> Result<Shard, String> {
    s.parse()
}

/// The production engine followed by the oracles asked for (the model by default).
pub(crate) fn oracles(args: &[OracleArg]) -> Result<Vec<Box<dyn Oracle>>, Diagnostic> {
    let mut out: Vec<Box<dyn Oracle>> = vec![Box::new(Production::new())];
    let wanted = if args.is_empty() {
        &[OracleArg::Model][..]
    } else {
        args
    };
    for a in wanted {
        out.push(match a {
            OracleArg::Model => Box::new(
                Model::new().map_err(|e| Diagnostic::new(format!("cannot load the model: {e}")))?,
            ),
            OracleArg::Roundtrip => Box::new(RoundTrip::new()),
            OracleArg::Mutant => Box::new(Mutant::new()),
            OracleArg::Cedar => cedrus_difftest::cedar_oracle().ok_or_else(|| {
                Diagnostic::new(
                    "`--oracle cedar` needs upstream cedar-policy, which this build lacks",
                )
                .with_note("rebuild with `--features cedar-oracle`")
            })?,
        });
    }
    Ok(out)
}

/// Runs `cedrus difftest`.
pub fn run_command(args: DifftestArgs) -> CommandResult {
    if !args.merge.is_empty() {
        return merge(&args.merge, &args.report);
    }
    let mut oracles = oracles(&args.oracle)?;
    if let Some(path) = &args.replay {
        return replay(path, &mut oracles);
    }
    let gen = GenConfig {
        max_entities: args.max_entities,
        max_policies: args.max_policies,
        max_depth: args.max_depth,
        entity_quirks: !args.no_entity_quirks,
        ..GenConfig::default()
    };
    let generators = match args.generator {
        Some(g) => vec![g],
        None => Generator::ALL.to_vec(),
    };
    let shard = args.shard.unwrap_or_default();
    let per_shard = (args.cases + shard.count - 1 - shard.index) / shard.count;
    let bar = ProgressBar::new(per_shard * generators.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} cases {per_sec} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut reports: Vec<RunReport> = Vec::new();
    for (i, g) in generators.iter().enumerate() {
        let mut cfg = RunConfig::new(*g, args.cases, args.seed);
        cfg.shard = shard;
        cfg.gen = gen.clone();
        cfg.out_dir = Some(args.out.clone());
        cfg.max_mismatches = args.max_mismatches;
        cfg.shrink_budget = args.shrink_budget;
        bar.set_message(g.name());
        let base = per_shard * i as u64;
        let r = run(&cfg, &mut oracles, &mut |done| {
            bar.set_position(base + done)
        });
        for m in &r.mismatches {
            let at = m
                .replay
                .as_ref()
                .map(|p| format!(", replay {}", p.display()))
                .unwrap_or_default();
            bar.suspend(|| eprintln!("mismatch: {g} case {}{at}\n{}", m.index, m.summary));
        }
        reports.push(r);
    }
    bar.finish_and_clear();
    if generators.contains(&Generator::Typed) {
        let (valid, total) =
            cedrus_difftest::gen::validation_rate(&gen, args.seed, args.cases.min(500));
        if total > 0 {
            println!(
                "typed: {valid} of {total} generated policy sets validate ({:.0}%)",
                100.0 * valid as f64 / total as f64
            );
        }
    }
    write_report(&args.report, &reports)?;
    let totals = Totals::of(&reports);
    println!("{}", totals.closing_lines());
    Ok(if totals.mismatches > 0 {
        Exit::Failure
    } else {
        Exit::Success
    })
}

fn merge(files: &[PathBuf], report_spec: &[String]) -> CommandResult {
    let mut reports = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(f)
            .map_err(|e| Diagnostic::new(format!("cannot read `{}`: {e}", f.display())))?;
        let runs = report::from_json(&text).map_err(|e| {
            Diagnostic::new(format!(
                "`{}` is not a difftest JSON report: {e}",
                f.display()
            ))
        })?;
        reports.extend(runs);
    }
    write_report(report_spec, &reports)?;
    let totals = Totals::of(&reports);
    println!("{}", totals.closing_lines());
    Ok(if totals.mismatches > 0 {
        Exit::Failure
    } else {
        Exit::Success
    })
}

fn write_report(spec: &[String], reports: &[RunReport]) -> Result<(), Diagnostic> {
    let [format, file] = spec else { return Ok(()) };
    let text = match format.as_str() {
        "json" => report::to_json(reports),
        "junit" => report::to_junit(reports),
        other => {
            return Err(Diagnostic::new(format!(
                "unknown report format `{other}` (expected json or junit)"
            )))
        }
    };
    std::fs::write(file, text).map_err(|e| Diagnostic::new(format!("cannot write `{file}`: {e}")))
}

fn replay(path: &std::path::Path, oracles: &mut [Box<dyn Oracle>]) -> CommandResult {
    let replay = Replay::load(path)
        .map_err(|e| Diagnostic::new(e.to_string()).in_file(path.display().to_string()))?;
    let outs = outcomes(&replay.case, oracles);
    for (o, out) in oracles.iter().zip(&outs) {
        println!("{}: {out}", o.name());
    }
    for (name, out) in &replay.answers {
        println!("recorded {name}: {out}");
    }
    let mut ok = all_agree(&outs);
    if let (Some(expected), Some(first)) = (&replay.expected, outs.first()) {
        println!("expected: {expected}");
        ok &= first.agrees_with(expected);
    }
    if let Some(note) = &replay.known_divergence {
        println!("known divergence: {note}");
    }
    Ok(if ok { Exit::Success } else { Exit::Failure })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_oracles_are_the_engine_and_the_model() {
        let names = |args: &[OracleArg]| -> Vec<String> {
            oracles(args)
                .unwrap()
                .iter()
                .map(|o| o.name().to_string())
                .collect()
        };
        assert_eq!(names(&[]), ["cedrus", "model"]);
        assert_eq!(
            names(&[OracleArg::Roundtrip]),
            ["cedrus", "cedrus-roundtrip"]
        );
    }

    #[test]
    fn cedar_is_available_only_with_the_feature() {
        assert_eq!(
            oracles(&[OracleArg::Cedar]).is_ok(),
            cedrus_difftest::HAS_CEDAR_ORACLE
        );
    }

    #[test]
    fn unknown_report_formats_are_refused() {
        let spec = ["xml".to_string(), "/nonexistent/x".to_string()];
        assert!(write_report(&spec, &[]).is_err());
        assert!(write_report(&[], &[]).is_ok());
    }

    #[test]
    fn shard_reports_merge() {
        let dir = std::env::temp_dir().join(format!("cedrus-merge-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut files = Vec::new();
        for i in 0..2 {
            let mut cfg = RunConfig::new(Generator::Rbac, 20, 4);
            cfg.shard = Shard { index: i, count: 2 };
            let mut o = oracles(&[OracleArg::Roundtrip]).unwrap();
            let r = run(&cfg, &mut o, &mut |_| {});
            let f = dir.join(format!("s{i}.json"));
            std::fs::write(&f, report::to_json(&[r])).unwrap();
            files.push(f);
        }
        let merged = dir.join("all.json");
        let spec = ["json".to_string(), merged.display().to_string()];
        let outcome = merge(&files, &spec).unwrap();
        let runs = report::from_json(&std::fs::read_to_string(&merged).unwrap()).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(outcome, Exit::Success);
        assert_eq!(runs.iter().map(|r| r.cases).sum::<u64>(), 20);
    }
}
