//! `cedrus validate` and `cedrus translate-schema`: commands over schemas.

use std::path::PathBuf;

use cedrus_policy::ast::Loc;
use cedrus_policy::request::Request;
use cedrus_policy::schema::Schema;
use cedrus_policy::validator::{self, Validator};

use super::{CommandResult, Outcome};
use crate::diagnostics::{Diagnostic, Diagnostics, ErrorFormat};
use crate::input::{self, PolicyArgs};

/// Arguments of `cedrus validate`.
#[derive(clap::Args, Debug)]
pub struct ValidateArgs {
    /// The schema (Cedar syntax, or JSON for `*.json` files).
    #[arg(short = 's', long, value_name = "FILE")]
    schema: PathBuf,
    /// Read the schema as JSON whatever its extension.
    #[arg(long)]
    schema_json: bool,
    #[command(flatten)]
    policies: PolicyArgs,
    /// Treat warnings as errors.
    #[arg(long)]
    deny_warnings: bool,
}

/// Runs `cedrus validate`: exit 0 valid, 3 invalid, 1 on any other error.
pub fn run(args: ValidateArgs, format: ErrorFormat) -> CommandResult {
    let schema = input::load_schema(&args.schema, args.schema_json.then_some(true))?;
    let (source, set) = args.policies.load_with_source()?;
    let result = Validator::new(&schema).validate(set.policies().chain(set.templates()));
    let at = |prefix: &str, id: &str, kind: &dyn std::fmt::Display, loc: Loc| {
        let span = loc.start as usize..loc.end as usize;
        Diagnostic::at(format!("{prefix}policy `{id}`: {kind}"), &source, span)
    };
    let report: Vec<Diagnostic> = (result.errors.iter())
        .map(|e| at("", &e.policy_id, &e.kind, e.loc))
        .chain(
            result
                .warnings
                .iter()
                .map(|w| at("warning: ", &w.policy_id, &w.kind, w.loc)),
        )
        .collect();
    let failed = !result.errors.is_empty() || (args.deny_warnings && !result.warnings.is_empty());
    if !report.is_empty() {
        Diagnostics(report).report(format);
    }
    if failed {
        Ok(Outcome::Invalid)
    } else {
        println!("policies are valid");
        Ok(Outcome::Success)
    }
}

/// Checks a request against a schema, for `authorize --schema`.
pub fn check_request(schema: &Schema, request: &Request) -> Result<(), Diagnostics> {
    validator::validate_request(
        schema,
        &request.principal,
        &request.action,
        &request.resource,
        &request.context,
    )
    .map_err(|e| {
        Diagnostics::from(Diagnostic::new(format!(
            "request is not valid for the schema: {e}"
        )))
    })
}

/// The direction of `cedrus translate-schema`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Direction {
    /// From the Cedar schema syntax to JSON.
    CedarToJson,
    /// From JSON to the Cedar schema syntax.
    JsonToCedar,
}

/// Arguments of `cedrus translate-schema`.
#[derive(clap::Args, Debug)]
pub struct TranslateSchemaArgs {
    /// Which way to translate.
    #[arg(long, value_enum)]
    direction: Direction,
    /// The schema file (standard input when absent).
    #[arg(short = 's', long, value_name = "FILE")]
    schema: Option<PathBuf>,
}

/// Runs `cedrus translate-schema`, printing the translated schema.
pub fn translate_schema(args: TranslateSchemaArgs) -> CommandResult {
    let source = input::read_source(args.schema.as_deref())?;
    match args.direction {
        Direction::CedarToJson => {
            let schema = Schema::from_cedar_str(&source.text)
                .map_err(|e| input::schema_diagnostic(&source, &e))?;
            println!("{}", schema.to_json_string());
        }
        Direction::JsonToCedar => {
            let schema = Schema::from_json_str(&source.text)
                .map_err(|e| input::schema_diagnostic(&source, &e))?;
            print!("{}", schema.to_cedar_string());
        }
    }
    Ok(Outcome::Success)
}
