//! Validation against the data beside the repository, when it is present: Cedar's
//! conformance tests (`shouldValidate`, and their requests against the schema), the
//! sample entities and the benchmark policies. Without
//! `../shared` these tests say so and pass.

use std::path::{Path, PathBuf};

use cedrus_policy::parser::parse_policies;
use cedrus_policy::schema::Schema;
use cedrus_policy::validator::{conform_record, validate_request, Validator};
use cedrus_policy::{EntityUid, Name};

fn shared() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    ["../../shared", "../../../shared"]
        .iter()
        .map(|r| manifest.join(r))
        .find(|p| p.is_dir())
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            json_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

/// Checks one request of a conformance test against the schema, reading its context as
/// the schema directs.
fn check_request(schema: &Schema, req: &serde_json::Value) -> Result<(), String> {
    let uid = |k: &str| -> Result<EntityUid, String> {
        let ty = req[k]["type"].as_str().ok_or(format!("no {k} type"))?;
        let id = req[k]["id"].as_str().ok_or(format!("no {k} id"))?;
        Ok(EntityUid::new(Name::new(ty), id))
    };
    let (principal, action, resource) = (uid("principal")?, uid("action")?, uid("resource")?);
    let context = cedrus_policy::request::context_from_json_str(&req["context"].to_string())
        .map_err(|e| e.to_string())?;
    let ctx_type = schema
        .action(&action)
        .and_then(|a| a.applies_to.as_ref())
        .map(|a| a.context.clone())
        .unwrap_or_default();
    let context = conform_record(schema, &context, &ctx_type).map_err(|e| e.to_string())?;
    validate_request(schema, &principal, &action, &resource, &context).map_err(|e| e.to_string())
}

#[test]
fn conformance_should_validate() {
    let Some(shared) = shared() else {
        eprintln!("../shared not found: skipping the conformance expectations");
        return;
    };
    let root = shared.join("conformance");
    let mut files = Vec::new();
    json_files(&root.join("tests"), &mut files);
    files.sort();
    let mut failures = Vec::new();
    let mut requests = 0;
    for f in &files {
        let test: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        let path = |k: &str| root.join(test[k].as_str().unwrap_or_default());
        let policies = parse_policies(&std::fs::read_to_string(path("policies")).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e:?}", f.display()));
        let schema = Schema::from_cedar_str(&std::fs::read_to_string(path("schema")).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for req in test["requests"].as_array().into_iter().flatten() {
            requests += 1;
            if let Err(e) = check_request(&schema, req) {
                failures.push(format!(
                    "{}: request {}: {e}",
                    f.display(),
                    req["description"]
                ));
            }
        }
        let result = Validator::new(&schema).validate(&policies);
        let expected = test["shouldValidate"].as_bool().unwrap_or(true);
        if result.is_ok() != expected {
            failures.push(format!(
                "{}: expected shouldValidate={expected}, errors: {:?}",
                f.display(),
                result
                    .errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
            ));
        }
    }
    eprintln!(
        "checked {} conformance tests and {requests} requests",
        files.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn bench_policies_validate() {
    let Some(shared) = shared() else {
        eprintln!("../shared not found: skipping the benchmark policies");
        return;
    };
    let mut checked = 0;
    for entry in std::fs::read_dir(shared.join("bench"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let dir = entry.path().join("cedar");
        let (mut schema, mut policies) = (None, None);
        for f in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let name = f.file_name().to_string_lossy().into_owned();
            if name.ends_with(".cedarschema.json") {
                schema = Some(f.path());
            } else if name.ends_with(".cedar") {
                policies = Some(f.path());
            }
        }
        let (Some(schema), Some(policies)) = (schema, policies) else {
            continue;
        };
        let schema = Schema::from_json_str(&std::fs::read_to_string(&schema).unwrap()).unwrap();
        let policies = parse_policies(&std::fs::read_to_string(&policies).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e:?}", dir.display()));
        let result = Validator::new(&schema).validate(&policies);
        let errors: Vec<String> = result.errors.iter().map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", dir.display());
        checked += 1;
    }
    eprintln!("validated {checked} benchmark policy sets");
}

#[test]
fn sample_entities_conform_to_their_schemas() {
    let Some(shared) = shared() else {
        eprintln!("../shared not found: skipping the sample entities");
        return;
    };
    let mut checked = 0;
    let samples = shared.join("conformance/sample-data");
    for entry in std::fs::read_dir(&samples).into_iter().flatten().flatten() {
        let dir = entry.path();
        let Ok(text) = std::fs::read_to_string(dir.join("entities.json")) else {
            continue;
        };
        let entities = cedrus_policy::entities::Entities::from_json_str(&text).unwrap();
        for f in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            if !f.file_name().to_string_lossy().ends_with(".cedarschema") {
                continue;
            }
            let schema =
                Schema::from_cedar_str(&std::fs::read_to_string(f.path()).unwrap()).unwrap();
            // Entity references in attributes are written `{"type", "id"}`: read them
            // as the schema directs.
            let errors = match cedrus_policy::validator::conform_entities(&schema, &entities) {
                Ok(_) => Vec::new(),
                Err(errors) => errors.iter().map(|e| e.to_string()).collect(),
            };
            assert!(errors.is_empty(), "{}: {errors:#?}", f.path().display());
            checked += 1;
        }
    }
    eprintln!("checked entities against {checked} sample schemas");
}
