//! `cedrus`: the command-line front end of the Cedrus toolkit.
//!
//! A thin layer over the library crates: it parses arguments (clap), reads files,
//! calls the engine or the kernel, and turns results into output and exit codes.
//! Command names, flags and exit codes follow Cedar's own CLI where it has a
//! counterpart, so scripts written for one work with the other.

mod commands;
mod diagnostics;
mod input;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostics::ErrorFormat;

/// Cedrus: a verified toolkit for the Cedar policy language.
#[derive(Parser, Debug)]
#[command(name = "cedrus", version, about, long_about = None)]
struct Cli {
    /// How errors are reported: `human` (with source snippets) or `json` (one object per line).
    #[arg(long, global = true, value_enum, default_value_t = ErrorFormatArg::Human)]
    error_format: ErrorFormatArg,

    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ErrorFormatArg {
    Human,
    Json,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Decide a request against policies and entities (exit 0 allow, 2 deny, 1 error).
    Authorize(commands::authorize::AuthorizeArgs),
    /// Evaluate one Cedar expression in the context of a request.
    Evaluate(commands::evaluate::EvaluateArgs),
    /// Check that a policy file parses.
    CheckParse(commands::policies::CheckParseArgs),
    /// Print policies in canonical style.
    Format(commands::policies::FormatArgs),
    /// Link a template into a template-links file.
    Link(commands::policies::LinkArgs),
    /// Translate policies between Cedar's policy syntax and its JSON policy format.
    TranslatePolicy(commands::policies::TranslatePolicyArgs),
    /// Validate policies against a schema (exit 0 valid, 3 invalid, 1 error).
    Validate(commands::validate::ValidateArgs),
    /// Translate a schema between the Cedar schema syntax and JSON.
    TranslateSchema(commands::validate::TranslateSchemaArgs),
    /// Run Cedar integration tests (the conformance JSON format).
    Conformance(commands::conformance::ConformanceArgs),
    /// Re-check an exported environment with the kernel alone.
    KernelCheck(commands::kernel::KernelCheckArgs),
    /// Elaborate and kernel-check `.cdr` files and folders.
    Check(commands::lang::CheckArgs),
    /// Evaluate an expression of the embedded language in the context of a file.
    Eval(commands::lang::EvalArgs),
    /// Check `.cdr` files and write the environment in the kernel's export format.
    Export(commands::lang::ExportArgs),
    /// List the axioms a constant depends on.
    Axioms(commands::lang::AxiomsArgs),
    /// Compare the engine with other oracles on generated cases (exit 1 on any mismatch).
    Difftest(commands::difftest::DifftestArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let format = match cli.error_format {
        ErrorFormatArg::Human => ErrorFormat::Human,
        ErrorFormatArg::Json => ErrorFormat::Json,
    };
    let result = match cli.command {
        Command::Authorize(args) => commands::authorize::run(args),
        Command::Evaluate(args) => commands::evaluate::run(args),
        Command::CheckParse(args) => commands::policies::check_parse(args),
        Command::Format(args) => commands::policies::format(args),
        Command::Link(args) => commands::policies::link(args),
        Command::TranslatePolicy(args) => commands::policies::translate_policy(args),
        Command::Validate(args) => commands::validate::run(args, format),
        Command::TranslateSchema(args) => commands::validate::translate_schema(args),
        Command::Conformance(args) => commands::conformance::run(args),
        Command::KernelCheck(args) => commands::kernel::run(args),
        Command::Check(args) => commands::lang::check(args),
        Command::Eval(args) => commands::lang::eval(args),
        Command::Export(args) => commands::lang::export(args),
        Command::Axioms(args) => commands::lang::axioms(args),
        Command::Difftest(args) => commands::difftest::run_command(args),
    };
    match result {
        Ok(code) => code.into(),
        Err(errors) => {
            errors.report(format);
            commands::Outcome::Failure.into()
        }
    }
}
