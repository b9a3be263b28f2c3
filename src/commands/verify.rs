//! `cedrus verify`: the project's main job on built-in defaults.
//!
//! 1. **kernel check**: elaborate and kernel-check the model (`spec/`) and the proofs
//!    (`proofs/`, reported as missing when absent), failing on any declaration that
//!    depends on `sorryAx` or on an axiom other than Lean's standard three;
//! 2. **difftest**: a round of production engine against the model over every
//!    generator, with a fixed seed;
//! 3. **conformance**: Cedar's integration tests, when their folder exists;
//! 4. a summary table. Exit 0 only if no step failed.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cedrus_difftest::gen::Generator;
use cedrus_difftest::report::Totals;
use cedrus_difftest::runner::{run, RunConfig, RunReport};
use cedrus_lang::driver::{self, Options};
use indicatif::{ProgressBar, ProgressStyle};

use super::difftest::{oracles, OracleArg};
use super::{CommandResult, Outcome};

/// The axioms a declaration may depend on: Lean's standard three.
pub const STANDARD_AXIOMS: [&str; 3] = ["propext", "Quot.sound", "Classical.choice"];

/// Arguments of `cedrus verify`.
#[derive(clap::Args, Debug)]
pub struct VerifyArgs {
    /// The model's folder.
    #[arg(long, value_name = "DIR", default_value = "spec")]
    spec: PathBuf,
    /// The proofs' folder (reported as missing when absent).
    #[arg(long, value_name = "DIR", default_value = "proofs")]
    proofs: PathBuf,
    /// Cases per generator in the difftest round (0 skips the round).
    #[arg(long, default_value_t = 2000)]
    cases: u64,
    /// The difftest round's seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Where replays of mismatches are written.
    #[arg(long, value_name = "DIR", default_value = "difftest/out")]
    out: PathBuf,
    /// Cedar's conformance tests: the folder holding `tests/` (skipped when absent).
    #[arg(long, value_name = "DIR", default_value = "../shared/conformance")]
    conformance: PathBuf,
}

/// How a step ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepResult {
    /// It ran and everything held.
    Pass,
    /// It ran and something failed.
    Fail,
    /// It did not run (its inputs are absent).
    Skipped,
}

impl fmt::Display for StepResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StepResult::Pass => "pass",
            StepResult::Fail => "FAIL",
            StepResult::Skipped => "skipped",
        })
    }
}

/// One row of the summary table.
#[derive(Clone, Debug)]
pub struct Step {
    /// The step's name.
    pub name: &'static str,
    /// How it ended.
    pub result: StepResult,
    /// What it counted.
    pub counts: String,
    /// How long it took.
    pub time: Duration,
}

/// Runs `cedrus verify`.
pub fn run_command(args: VerifyArgs) -> CommandResult {
    let steps = vec![
        kernel_check(&args.spec, &args.proofs),
        difftest(&args),
        conformance(&args.conformance),
    ];
    print!("{}", table(&steps));
    Ok(if steps.iter().any(|s| s.result == StepResult::Fail) {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}

/// The summary table.
pub fn table(steps: &[Step]) -> String {
    let mut rows = vec![[
        "step".to_string(),
        "result".to_string(),
        "counts".to_string(),
        "time".to_string(),
    ]];
    for s in steps {
        rows.push([
            s.name.to_string(),
            s.result.to_string(),
            s.counts.clone(),
            format!("{:.2} s", s.time.as_secs_f64()),
        ]);
    }
    let width = |i: usize| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0);
    let widths = [width(0), width(1), width(2)];
    let mut out = String::from("\n");
    for r in &rows {
        out.push_str(&format!(
            "{:w0$}  {:w1$}  {:w2$}  {}\n",
            r[0],
            r[1],
            r[2],
            r[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2]
        ));
    }
    out
}

fn kernel_check(spec: &Path, proofs: &Path) -> Step {
    let start = Instant::now();
    let step = |result, counts: String| Step {
        name: "kernel check",
        result,
        counts,
        time: start.elapsed(),
    };
    if !spec.is_dir() {
        eprintln!("verify: the model's folder `{}` is missing", spec.display());
        return step(StepResult::Fail, format!("{} missing", spec.display()));
    }
    let have_proofs = proofs.is_dir();
    let mut paths = vec![spec.to_path_buf()];
    if have_proofs {
        paths.push(proofs.to_path_buf());
    }
    let options = Options {
        prelude: true,
        allow_sorry: true,
    };
    let report = match driver::check_paths(&paths, &options) {
        Ok(r) => r,
        Err(diags) => {
            for d in &diags {
                eprintln!("{d}");
            }
            return step(StepResult::Fail, format!("{} errors", diags.len()));
        }
    };
    let mut bad = Vec::new();
    let (mut spec_decls, mut proof_decls, mut theorems) = (0, 0, 0);
    for d in &report.decls {
        if Path::new(&d.file).starts_with(spec) {
            spec_decls += 1;
        } else {
            proof_decls += 1;
        }
        if d.kind == "theorem" {
            theorems += 1;
        }
        let outside: Vec<String> = d
            .axioms
            .iter()
            .filter(|a| !STANDARD_AXIOMS.contains(&a.as_str()))
            .map(|a| a.to_string())
            .collect();
        if !outside.is_empty() {
            bad.push(format!("{} ({}): {}", d.name, d.file, outside.join(", ")));
        }
    }
    for b in &bad {
        eprintln!("verify: a declaration depends on a non-standard axiom or sorry: {b}");
    }
    let proofs_note = if have_proofs {
        format!("{proof_decls} in {}", proofs.display())
    } else {
        format!("{} missing", proofs.display())
    };
    let counts = format!(
        "{spec_decls} declarations in {}, {proofs_note}; {theorems} theorems{}",
        spec.display(),
        if bad.is_empty() {
            String::new()
        } else {
            format!("; {} with non-standard axioms", bad.len())
        }
    );
    let result = if bad.is_empty() {
        StepResult::Pass
    } else {
        StepResult::Fail
    };
    step(result, counts)
}

fn difftest(args: &VerifyArgs) -> Step {
    let start = Instant::now();
    let step = |result, counts: String| Step {
        name: "difftest",
        result,
        counts,
        time: start.elapsed(),
    };
    if args.cases == 0 {
        return step(StepResult::Skipped, "--cases 0".into());
    }
    let mut oracles = match oracles(&[OracleArg::Model]) {
        Ok(o) => o,
        Err(d) => {
            eprintln!("verify: {}", d.message);
            return step(StepResult::Fail, "the model does not load".into());
        }
    };
    let bar = ProgressBar::new(args.cases * Generator::ALL.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} cases {per_sec} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut reports: Vec<RunReport> = Vec::new();
    for (i, g) in Generator::ALL.iter().enumerate() {
        let mut cfg = RunConfig::new(*g, args.cases, args.seed);
        cfg.out_dir = Some(args.out.clone());
        bar.set_message(g.name());
        let base = args.cases * i as u64;
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
    let totals = Totals::of(&reports);
    let per_sec = if totals.seconds > 0.0 {
        totals.cases as f64 / totals.seconds
    } else {
        0.0
    };
    let counts = format!(
        "{} cases (engine vs model, seed {}), {} mismatches, {per_sec:.0} cases/s",
        totals.cases, args.seed, totals.mismatches
    );
    let result = if totals.mismatches == 0 {
        StepResult::Pass
    } else {
        StepResult::Fail
    };
    step(result, counts)
}

fn conformance(dir: &Path) -> Step {
    let start = Instant::now();
    let step = |result, counts: String| Step {
        name: "conformance",
        result,
        counts,
        time: start.elapsed(),
    };
    let tests = dir.join("tests");
    if !tests.is_dir() {
        return step(
            StepResult::Skipped,
            format!("{} not present", tests.display()),
        );
    }
    match super::conformance::run_tests(dir, &[tests]) {
        Ok(s) => step(
            if s.failed == 0 {
                StepResult::Pass
            } else {
                StepResult::Fail
            },
            format!(
                "{} files, {} passed, {} failed",
                s.files, s.passed, s.failed
            ),
        ),
        Err(d) => {
            eprintln!("verify: {}", d.message);
            step(StepResult::Fail, "the tests could not be read".into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_lines_up_its_columns() {
        let steps = [
            Step {
                name: "kernel check",
                result: StepResult::Pass,
                counts: "3 declarations".into(),
                time: Duration::from_millis(1500),
            },
            Step {
                name: "conformance",
                result: StepResult::Skipped,
                counts: "x not present".into(),
                time: Duration::ZERO,
            },
        ];
        let t = table(&steps);
        let lines: Vec<&str> = t.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 3);
        assert!(
            lines[1].starts_with("kernel check  pass     3 declarations"),
            "{t}"
        );
        assert!(
            lines[2].contains("skipped") && lines[2].ends_with("0.00 s"),
            "{t}"
        );
    }

    #[test]
    fn a_missing_model_folder_fails_and_missing_proofs_do_not() {
        let s = kernel_check(Path::new("/nonexistent/spec"), Path::new("/nonexistent/p"));
        assert_eq!(s.result, StepResult::Fail);
        let c = conformance(Path::new("/nonexistent/conformance"));
        assert_eq!(c.result, StepResult::Skipped);
    }
}
