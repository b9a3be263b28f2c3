//! `cedrus conformance`: runs Cedar's integration tests.
//!
//! Each test file is a JSON object naming a policy file, an entities file and a
//! schema (paths relative to `--root`), whether the policies should validate against
//! the schema, and a list of requests with the expected decision, determining
//! policies (`reason`) and erroring policies (`errors`). Policy, entity and schema
//! files shared between tests are loaded once.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Instant;

use cedrus_policy::authorizer::{Authorizer, Decision};
use cedrus_policy::entities::Entities;
use cedrus_policy::parser;
use cedrus_policy::policy_set::PolicySet;
use cedrus_policy::request::{self, Request};
use cedrus_policy::schema::Schema;
use cedrus_policy::validator::{self, Validator};
use cedrus_policy::EntityUid;
use serde::Deserialize;

use super::{CommandResult, Outcome};
use crate::diagnostics::Diagnostic;

/// Arguments of `cedrus conformance`.
#[derive(clap::Args, Debug)]
pub struct ConformanceArgs {
    /// The folder that paths inside test files are relative to.
    #[arg(long, value_name = "DIR")]
    root: PathBuf,
    /// Test files, or folders searched recursively for `*.json` test files.
    #[arg(required = true, value_name = "FILES_OR_DIRS")]
    paths: Vec<PathBuf>,
}

/// One test file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TestFile {
    policies: String,
    entities: String,
    schema: String,
    #[serde(rename = "shouldValidate")]
    should_validate: bool,
    requests: Vec<TestRequest>,
}

/// One request of a test file, with its expected answer.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TestRequest {
    description: String,
    principal: serde_json::Value,
    action: serde_json::Value,
    resource: serde_json::Value,
    context: serde_json::Value,
    #[serde(rename = "validateRequest")]
    validate_request: Option<bool>,
    decision: String,
    reason: Vec<String>,
    errors: Vec<String>,
}

/// Pass/fail/skip counts for one kind of expectation.
#[derive(Default)]
struct Tally {
    passed: usize,
    failed: usize,
    skipped: usize,
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} passed, {} failed", self.passed, self.failed)
    }
}

/// Files loaded once and shared between the tests that name them.
#[derive(Default)]
struct Cache {
    schemas: HashMap<PathBuf, Rc<Schema>>,
    entities: HashMap<(PathBuf, PathBuf), Rc<Entities>>,
    policies: HashMap<PathBuf, Rc<PolicySet>>,
}

/// What a conformance run found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Test files run.
    pub files: usize,
    /// Expectations that held (authorization and validation).
    pub passed: usize,
    /// Expectations that failed, and files that could not be run.
    pub failed: usize,
}

/// Runs every test file under `paths` (paths inside test files relative to `root`),
/// printing failures and the authorization and validation tallies.
pub fn run_tests(root: &Path, paths: &[PathBuf]) -> Result<Summary, Diagnostic> {
    let mut files = Vec::new();
    for path in paths {
        collect_tests(path, &mut files)?;
    }
    files.sort();
    let mut cache = Cache::default();
    let mut authz = Tally::default();
    let mut validation = Tally::default();
    let authorizer = Authorizer::new();
    for file in &files {
        if let Err(message) = run_file(
            file,
            root,
            &mut cache,
            &authorizer,
            &mut authz,
            &mut validation,
        ) {
            println!("{}: {message}", file.display());
            authz.failed += 1;
        }
    }
    println!(
        "authorization: {authz}\nvalidation: {validation}, {} skipped",
        validation.skipped
    );
    Ok(Summary {
        files: files.len(),
        passed: authz.passed + validation.passed,
        failed: authz.failed + validation.failed,
    })
}

/// Runs `cedrus conformance`: exit 0 when every expectation holds, 1 otherwise.
pub fn run(args: ConformanceArgs) -> CommandResult {
    let start = Instant::now();
    let summary = run_tests(&args.root, &args.paths)?;
    eprintln!(
        "ran {} test files in {:.2} s",
        summary.files,
        start.elapsed().as_secs_f64()
    );
    println!("{} passed, {} failed", summary.passed, summary.failed);
    Ok(if summary.failed == 0 {
        Outcome::Success
    } else {
        Outcome::Failure
    })
}

/// Adds `path` (a test file) or every `*.json` below it (a folder) to `out`.
fn collect_tests(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), Diagnostic> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Diagnostic::new(format!("cannot read `{}`: {e}", path.display())))?;
    if !meta.is_dir() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let entries = std::fs::read_dir(path)
        .map_err(|e| Diagnostic::new(format!("cannot list `{}`: {e}", path.display())))?;
    for entry in entries {
        let entry =
            entry.map_err(|e| Diagnostic::new(format!("cannot list `{}`: {e}", path.display())))?;
        let child = entry.path();
        if child.is_dir() {
            collect_tests(&child, out)?;
        } else if child.extension().is_some_and(|e| e == "json") {
            out.push(child);
        }
    }
    Ok(())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))
}

/// Runs one test file, counting each expectation; an `Err` means the file itself
/// could not be run (bad JSON, a referenced file that does not load).
fn run_file(
    file: &Path,
    root: &Path,
    cache: &mut Cache,
    authorizer: &Authorizer,
    authz: &mut Tally,
    validation: &mut Tally,
) -> Result<(), String> {
    let test: TestFile = serde_json::from_str(&read(file)?)
        .map_err(|e| format!("not a conformance test file: {e}"))?;
    let schema = load_schema(cache, &root.join(&test.schema))?;
    let policies = load_policies(cache, &root.join(&test.policies))?;
    let entities = load_entities(
        cache,
        &root.join(&test.entities),
        &root.join(&test.schema),
        &schema,
    )?;

    let validator = Validator::new(&schema);
    let result = validator.validate(policies.policies());
    let valid = result.errors.is_empty();
    if valid == test.should_validate {
        validation.passed += 1;
    } else {
        validation.failed += 1;
        let first = result
            .errors
            .first()
            .map(|e| format!(" (first error: {e})"))
            .unwrap_or_default();
        println!(
            "{}: validation: expected {}, got {}{first}",
            file.display(),
            verdict(test.should_validate),
            verdict(valid),
        );
    }

    for req in &test.requests {
        let request = match build_request(req, &schema) {
            Ok(request) => request,
            Err(message) => {
                authz.failed += 1;
                println!("{}: {:?}: {message}", file.display(), req.description);
                continue;
            }
        };
        if let Some(expected) = req.validate_request {
            let ok = validator::validate_request(
                &schema,
                &request.principal,
                &request.action,
                &request.resource,
                &request.context,
            )
            .is_ok();
            if ok == expected {
                validation.passed += 1;
            } else {
                validation.failed += 1;
                println!(
                    "{}: {:?}: request validation: expected {}, got {}",
                    file.display(),
                    req.description,
                    verdict(expected),
                    verdict(ok)
                );
            }
        }
        let response = authorizer.is_authorized(&request, &policies, &entities);
        let decision = match response.decision {
            Decision::Allow => "allow",
            Decision::Deny => "deny",
        };
        let reasons: BTreeSet<&str> = response.reasons.iter().map(|r| r.as_str()).collect();
        let errors: BTreeSet<&str> = response
            .errors
            .iter()
            .map(|e| e.policy_id.as_str())
            .collect();
        let want_reasons: BTreeSet<&str> = req.reason.iter().map(String::as_str).collect();
        let want_errors: BTreeSet<&str> = req.errors.iter().map(String::as_str).collect();
        if decision == req.decision && reasons == want_reasons && errors == want_errors {
            authz.passed += 1;
        } else {
            authz.failed += 1;
            println!(
                "{}: {:?}: expected {} reasons {:?} errors {:?}, got {} reasons {:?} errors {:?}",
                file.display(),
                req.description,
                req.decision,
                want_reasons,
                want_errors,
                decision,
                reasons,
                errors
            );
        }
    }
    Ok(())
}

fn verdict(valid: bool) -> &'static str {
    if valid {
        "valid"
    } else {
        "invalid"
    }
}

fn load_schema(cache: &mut Cache, path: &Path) -> Result<Rc<Schema>, String> {
    if let Some(s) = cache.schemas.get(path) {
        return Ok(s.clone());
    }
    let text = read(path)?;
    let schema = if path.extension().is_some_and(|e| e == "json") {
        Schema::from_json_str(&text).map_err(|e| format!("{}: {e}", path.display()))?
    } else {
        Schema::from_cedar_str(&text).map_err(|e| format!("{}: {e}", path.display()))?
    };
    let schema = Rc::new(schema);
    cache.schemas.insert(path.to_path_buf(), schema.clone());
    Ok(schema)
}

fn load_policies(cache: &mut Cache, path: &Path) -> Result<Rc<PolicySet>, String> {
    if let Some(p) = cache.policies.get(path) {
        return Ok(p.clone());
    }
    let text = read(path)?;
    let policies = parser::parse_policies(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let set = Rc::new(PolicySet::from_policies(policies).map_err(|e| e.to_string())?);
    cache.policies.insert(path.to_path_buf(), set.clone());
    Ok(set)
}

fn load_entities(
    cache: &mut Cache,
    path: &Path,
    schema_path: &Path,
    schema: &Schema,
) -> Result<Rc<Entities>, String> {
    let key = (path.to_path_buf(), schema_path.to_path_buf());
    if let Some(e) = cache.entities.get(&key) {
        return Ok(e.clone());
    }
    let text = read(path)?;
    let plain = Entities::from_json_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let entities = Rc::new(
        validator::conform_entities(schema, &plain).map_err(|errors| {
            let first = errors.first().map(ToString::to_string).unwrap_or_default();
            format!(
                "{}: {} entities do not conform to the schema (first: {first})",
                path.display(),
                errors.len()
            )
        })?,
    );
    cache.entities.insert(key, entities.clone());
    Ok(entities)
}

/// Reads `{"type": "User", "id": "alice"}`.
fn uid_of(json: &serde_json::Value, what: &str) -> Result<EntityUid, String> {
    let ty = json.get("type").and_then(|t| t.as_str());
    let id = json.get("id").and_then(|t| t.as_str());
    match (ty, id) {
        (Some(ty), Some(id)) => {
            let name = parser::parse_name(ty).map_err(|e| format!("{what}: {e}"))?;
            Ok(EntityUid::new(name, id))
        }
        _ => Err(format!(
            "{what} must be an object with string fields `type` and `id`"
        )),
    }
}

fn build_request(req: &TestRequest, schema: &Schema) -> Result<Request, String> {
    let principal = uid_of(&req.principal, "principal")?;
    let action = uid_of(&req.action, "action")?;
    let resource = uid_of(&req.resource, "resource")?;
    let context = request::context_from_json_value(req.context.clone())
        .map_err(|e| format!("context: {e}"))?;
    let context =
        crate::input::conform_context(schema, &action, &context).map_err(|d| d.message)?;
    Request::new(principal, action, resource, context).map_err(|e| e.to_string())
}
