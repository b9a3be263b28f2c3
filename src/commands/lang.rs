//! `cedrus check`, `cedrus eval`, `cedrus export` and `cedrus axioms`: commands over
//! files of the embedded language (`.cdr`), each elaborated after the prelude and
//! checked by the kernel.

use std::path::PathBuf;

use cedrus_lang::driver::{self, CheckReport, Options};

use super::{CommandResult, Outcome};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Flags shared by the commands that load `.cdr` files.
#[derive(clap::Args, Debug, Clone)]
pub struct LoadArgs {
    /// Accept declarations that depend on `sorry` (they are still reported).
    #[arg(long)]
    allow_sorry: bool,
    /// Do not load the prelude first.
    #[arg(long)]
    no_prelude: bool,
}

impl LoadArgs {
    fn options(&self) -> Options {
        Options {
            prelude: !self.no_prelude,
            allow_sorry: self.allow_sorry,
        }
    }
}

/// Turns the driver's located errors into the CLI's diagnostics.
fn diagnostics(errors: Vec<driver::Diagnostic>) -> Diagnostics {
    Diagnostics(
        errors
            .into_iter()
            .map(|d| {
                let position = (d.line > 0).then_some((d.line, d.col));
                Diagnostic::prerendered(d.message, d.file, position, d.rendered)
            })
            .collect(),
    )
}

fn load(paths: &[PathBuf], args: &LoadArgs) -> Result<CheckReport, Diagnostics> {
    driver::check_paths(paths, &args.options()).map_err(diagnostics)
}

/// Arguments of `cedrus check`.
#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files and folders (searched for `*.cdr`).
    #[arg(required_unless_present = "goals", value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    load: LoadArgs,
    /// Print the time taken by each declaration.
    #[arg(long)]
    timings: bool,
    /// Print the goals before the tactic at FILE:LINE (for editors) instead of checking.
    #[arg(long, value_name = "FILE:LINE")]
    goals: Option<String>,
}

/// `cedrus check --goals FILE:LINE`: prints the goal view at that line.
fn print_goals(args: &CheckArgs, spec: &str) -> CommandResult {
    let Some((file, line)) = spec
        .rsplit_once(':')
        .and_then(|(f, l)| l.parse::<usize>().ok().map(|l| (PathBuf::from(f), l)))
    else {
        return Err(Diagnostic::new(format!("`--goals` expects FILE:LINE, not `{spec}`")).into());
    };
    match driver::goals_at(&args.paths, &args.load.options(), &file, line).map_err(diagnostics)? {
        Some(goals) => println!("{goals}"),
        None => println!("no tactic starts at {}:{line}", file.display()),
    }
    Ok(Outcome::Success)
}

/// Runs `cedrus check`: elaborates and kernel-checks the files, prints the output of
/// `#check`/`#eval`/`#print`, and fails on any error or (without `--allow-sorry`) any
/// use of `sorry`.
pub fn check(args: CheckArgs) -> CommandResult {
    if let Some(spec) = &args.goals {
        return print_goals(&args, spec);
    }
    let report = load(&args.paths, &args.load)?;
    for (file, message) in &report.messages {
        println!("{file}: {}", message.text);
    }
    if args.timings {
        for d in &report.decls {
            println!(
                "{:>9.3} ms  {} {}",
                d.time.as_secs_f64() * 1e3,
                d.kind,
                d.name
            );
        }
    }
    let theorems = report.decls.iter().filter(|d| d.kind == "theorem").count();
    let sorries = report.sorries();
    println!(
        "checked {} declarations ({theorems} theorems) in {} files in {:.2} s",
        report.decls.len(),
        report.files.len(),
        report.time.as_secs_f64()
    );
    if !sorries.is_empty() {
        let names: Vec<String> = sorries.iter().map(|n| n.to_string()).collect();
        eprintln!(
            "warning: these declarations use `sorry`: {}",
            names.join(", ")
        );
    }
    Ok(Outcome::Success)
}

/// Arguments of `cedrus eval`.
#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// The file whose definitions the expression may use.
    file: PathBuf,
    /// The expression to evaluate.
    expr: String,
    #[command(flatten)]
    load: LoadArgs,
}

/// Runs `cedrus eval`: prints the value of the expression.
pub fn eval(args: EvalArgs) -> CommandResult {
    let mut report = load(std::slice::from_ref(&args.file), &args.load)?;
    let value =
        driver::eval_expr(&mut report.elaborator, &args.expr).map_err(|d| diagnostics(vec![d]))?;
    println!("{value}");
    Ok(Outcome::Success)
}

/// Arguments of `cedrus export`.
#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// Files and folders (searched for `*.cdr`).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Where to write the environment, in the kernel's export format.
    #[arg(short = 'o', long, value_name = "FILE")]
    output: PathBuf,
    #[command(flatten)]
    load: LoadArgs,
}

/// Runs `cedrus export`: checks the files and writes the whole environment (prelude
/// included) for `cedrus kernel-check`.
pub fn export(args: ExportArgs) -> CommandResult {
    let report = driver::export_paths(&args.paths, &args.load.options(), &args.output)
        .map_err(diagnostics)?;
    println!(
        "wrote {} constants to {}",
        report.env().num_constants(),
        args.output.display()
    );
    Ok(Outcome::Success)
}

/// Arguments of `cedrus axioms`.
#[derive(clap::Args, Debug)]
pub struct AxiomsArgs {
    /// The constant's full name, e.g. `List.append`.
    name: String,
    /// Files and folders to load first (the prelude alone when none are given).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    load: LoadArgs,
}

/// Runs `cedrus axioms`: lists the axioms a constant depends on.
pub fn axioms(args: AxiomsArgs) -> CommandResult {
    let elaborator = if args.paths.is_empty() {
        driver::new_elaborator(!args.load.no_prelude).map_err(diagnostics)?
    } else {
        load(&args.paths, &args.load)?.elaborator
    };
    let axioms = driver::axioms(&elaborator, &args.name)
        .ok_or_else(|| Diagnostic::new(format!("unknown constant `{}`", args.name)))?;
    if axioms.is_empty() {
        println!("`{}` depends on no axioms", args.name);
    } else {
        let names: Vec<String> = axioms.iter().map(|n| n.to_string()).collect();
        println!("`{}` depends on axioms: {}", args.name, names.join(", "));
    }
    Ok(Outcome::Success)
}
