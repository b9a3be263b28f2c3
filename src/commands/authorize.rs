//! `cedrus authorize`: decide one request.

use std::path::PathBuf;
use std::time::Instant;

use cedrus_policy::authorizer::{Authorizer, Decision};

use super::{CommandResult, Outcome};
use crate::input::{self, PolicyArgs, RequestArgs};

/// Arguments of `cedrus authorize`.
#[derive(clap::Args, Debug)]
pub struct AuthorizeArgs {
    #[command(flatten)]
    request: RequestArgs,
    #[command(flatten)]
    policies: PolicyArgs,
    /// The entities, in Cedar's JSON format.
    #[arg(long, value_name = "FILE")]
    entities: Option<PathBuf>,
    /// A schema: entities are read with it, and the request is validated against it.
    #[arg(short = 's', long, value_name = "FILE")]
    schema: Option<PathBuf>,
    /// Read the schema as JSON (default: by the file's extension).
    #[arg(long)]
    schema_json: bool,
    /// With a schema: check the request's types against it (`--request-validation false`
    /// to skip).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, value_name = "BOOL")]
    request_validation: bool,
    /// Also print the determining policies.
    #[arg(short = 'v', long)]
    verbose: bool,
    /// Print how long authorization took.
    #[arg(short = 't', long)]
    timing: bool,
}

/// Runs `cedrus authorize`: exit 0 on allow, 2 on deny, 1 on error.
pub fn run(args: AuthorizeArgs) -> CommandResult {
    let schema = match &args.schema {
        Some(path) => Some(input::load_schema(path, args.schema_json.then_some(true))?),
        None => None,
    };
    let policies = args.policies.load()?;
    let entities = input::load_entities(args.entities.as_deref(), schema.as_ref())?;
    let mut request = args.request.load()?;
    if let Some(schema) = &schema {
        request.context = input::conform_context(schema, &request.action, &request.context)?;
        if args.request_validation {
            crate::commands::validate::check_request(schema, &request)?;
        }
    }
    let start = Instant::now();
    let response = Authorizer::new().is_authorized(&request, &policies, &entities);
    let elapsed = start.elapsed();

    println!("{}", response.decision);
    if args.verbose && !response.reasons.is_empty() {
        println!("\nnote: this decision was due to the following policies:");
        for id in &response.reasons {
            println!("  {id}");
        }
    }
    if !response.errors.is_empty() {
        println!("\nnote: these policies raised errors and were skipped:");
        for err in &response.errors {
            println!("  {}: {}", err.policy_id, err.error);
        }
    }
    if args.timing {
        println!("\nauthorization took {} µs", elapsed.as_micros());
    }
    Ok(match response.decision {
        Decision::Allow => Outcome::Success,
        Decision::Deny => Outcome::Deny,
    })
}
