//! `cedrus validate` and `cedrus translate-schema`: commands over schemas.

use std::path::PathBuf;

use cedrus_policy::request::Request;
use cedrus_policy::schema::Schema;
use cedrus_policy::validator::{self, Validator};

use super::{CommandResult, Outcome};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::input::{self, PolicyFormat};

/// Arguments of `cedrus validate`.
#[derive(clap::Args, Debug)]
pub struct ValidateArgs {
    /// The schema (Cedar syntax, or JSON for `*.json` files).
    #[arg(short = 's', long, value_name = "FILE")]
    schema: PathBuf,
    /// Read the schema as JSON whatever its extension.
    #[arg(long)]
    schema_json: bool,
    /// The policy file (standard input when absent).
    #[arg(short = 'p', long, value_name = "FILE")]
    policies: Option<PathBuf>,
    /// The syntax of the policy file.
    #[arg(long, value_enum, default_value_t = PolicyFormat::Cedar)]
    policy_format: PolicyFormat,
    /// A template-links file, as written by `cedrus link`.
    #[arg(short = 'k', long, value_name = "FILE")]
    template_linked: Option<PathBuf>,
    /// Treat warnings as errors.
    #[arg(long)]
    deny_warnings: bool,
}

/// Runs `cedrus validate`: exit 0 valid, 3 invalid, 1 on any other error.
pub fn run(args: ValidateArgs) -> CommandResult {
    let schema = input::load_schema(&args.schema, args.schema_json.then_some(true))?;
    let source = input::read_source(args.policies.as_deref())?;
    let set = input::load_policies(
        args.policies.as_deref(),
        args.template_linked.as_deref(),
        args.policy_format,
    )?;
    let result = Validator::new(&schema).validate(set.policies().chain(set.templates()));
    let mut report = Vec::new();
    for err in &result.errors {
        let d = Diagnostic::at(
            format!("policy `{}`: {}", err.policy_id, err.kind),
            &source,
            err.loc.start as usize..err.loc.end as usize,
        );
        report.push(d);
    }
    for warning in &result.warnings {
        let d = Diagnostic::at(
            format!("warning: policy `{}`: {}", warning.policy_id, warning.kind),
            &source,
            warning.loc.start as usize..warning.loc.end as usize,
        );
        report.push(d);
    }
    let failed = !result.errors.is_empty() || (args.deny_warnings && !result.warnings.is_empty());
    if !report.is_empty() {
        Diagnostics(report).report(crate::diagnostics::ErrorFormat::Human);
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
