//! Validation against the data beside the repository, when it is present: Cedar's
//! conformance tests (`shouldValidate`) and the benchmark policies. Without
//! `../shared` these tests say so and pass.

use std::path::{Path, PathBuf};

use cedrus_policy::parser::parse_policies;
use cedrus_policy::schema::Schema;
use cedrus_policy::validator::Validator;

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
    for f in &files {
        let test: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        let path = |k: &str| root.join(test[k].as_str().unwrap_or_default());
        let policies = parse_policies(&std::fs::read_to_string(path("policies")).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e:?}", f.display()));
        let schema = Schema::from_cedar_str(&std::fs::read_to_string(path("schema")).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
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
    eprintln!("checked {} conformance tests", files.len());
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
