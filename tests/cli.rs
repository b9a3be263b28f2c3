//! End-to-end tests of the `cedrus` binary: exit codes, output and error reports.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn example(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/docs")
        .join(file)
}

fn cedrus(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cedrus"))
        .args(args)
        .output()
        .expect("the cedrus binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A scratch directory unique to one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cedrus-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn authorize(extra: &[&str]) -> Output {
    let policies = example("policies.cedar");
    let entities = example("entities.json");
    let mut args = vec![
        "authorize",
        "--policies",
        path_str(&policies),
        "--entities",
        path_str(&entities),
    ];
    args.extend_from_slice(extra);
    cedrus(&args)
}

#[test]
fn the_readme_example_is_allowed_by_team_membership() {
    let request = example("request.json");
    let out = authorize(&["--request-json", path_str(&request), "--verbose"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("ALLOW"), "{text}");
    assert!(text.contains("policy0"), "{text}");
}

#[test]
fn a_forbid_gives_exit_code_two() {
    let context = scratch("forbid").join("context.json");
    std::fs::write(
        &context,
        r#"{"now": {"__extn": {"fn": "datetime", "arg": "2027-01-02"}}}"#,
    )
    .expect("write context");
    let out = authorize(&[
        "--principal",
        r#"User::"bo""#,
        "--action",
        r#"Action::"read""#,
        "--resource",
        r#"Document::"design.md""#,
        "--context",
        path_str(&context),
        "-v",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("DENY"), "{text}");
    assert!(text.contains("policy3"), "{text}");
}

#[test]
fn erroring_policies_are_reported_and_skipped() {
    // `context.now` is missing, so the contract policy errors; team access still allows.
    let out = authorize(&[
        "--principal",
        r#"User::"bo""#,
        "--action",
        r#"Action::"read""#,
        "--resource",
        r#"Document::"design.md""#,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("policy3"), "{text}");
    assert!(text.contains("now"), "{text}");
}

#[test]
fn template_links_grant_access() {
    let links = example("links.json");
    let args = [
        "--principal",
        r#"User::"bo""#,
        "--action",
        r#"Action::"comment""#,
        "--resource",
        r#"Document::"design.md""#,
    ];
    let without = authorize(&args);
    assert_eq!(without.status.code(), Some(2), "{}", stderr(&without));
    let mut with_links = args.to_vec();
    with_links.extend(["--template-linked", path_str(&links), "-v"]);
    let with = authorize(&with_links);
    assert_eq!(with.status.code(), Some(0), "{}", stderr(&with));
    assert!(stdout(&with).contains("bo-reviews-design"));
}

#[test]
fn a_parse_error_names_file_line_and_column() {
    let file = scratch("parse").join("bad.cedar");
    std::fs::write(
        &file,
        "permit(principal, action, resource)\nwhen { 1 + };\n",
    )
    .expect("write");
    let out = cedrus(&["check-parse", "--policies", path_str(&file)]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("bad.cedar:2:"), "{err}");

    let json = cedrus(&[
        "--error-format",
        "json",
        "check-parse",
        "--policies",
        path_str(&file),
    ]);
    assert_eq!(json.status.code(), Some(1));
    let line = stderr(&json);
    let first: serde_json::Value =
        serde_json::from_str(line.lines().next().expect("one line")).expect("json diagnostic");
    assert_eq!(first["line"], 2);
    assert!(first["message"].as_str().is_some());
}

#[test]
fn check_parse_accepts_the_example() {
    let policies = example("policies.cedar");
    let out = cedrus(&["check-parse", "-p", path_str(&policies)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("1 templates"), "{}", stdout(&out));
}

#[test]
fn format_is_idempotent_and_check_mode_agrees() {
    let dir = scratch("format");
    let policies = example("policies.cedar");
    let first = cedrus(&["format", "-p", path_str(&policies)]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let formatted = dir.join("formatted.cedar");
    std::fs::write(&formatted, &first.stdout).expect("write");
    let second = cedrus(&["format", "-p", path_str(&formatted)]);
    assert_eq!(stdout(&first), stdout(&second));
    assert_eq!(
        cedrus(&["format", "--check", "-p", path_str(&formatted)])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        cedrus(&["format", "--check", "-p", path_str(&policies)])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn link_appends_to_the_links_file_and_rejects_bad_links() {
    let dir = scratch("link");
    let links = dir.join("links.json");
    let _ = std::fs::remove_file(&links);
    let policies = example("policies.cedar");
    let base = [
        "link",
        "-p",
        path_str(&policies),
        "-k",
        path_str(&links),
        "--template-id",
        "policy4",
    ];
    let mut ok = base.to_vec();
    ok.extend([
        "--new-id",
        "ana-reviews",
        "--arguments",
        r#"{"?principal": "User::\"ana\"", "?resource": "Document::\"budget.xlsx\""}"#,
    ]);
    let out = cedrus(&ok);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(&links).expect("links written");
    assert!(text.contains("ana-reviews"));

    let mut missing_slot = base.to_vec();
    missing_slot.extend([
        "--new-id",
        "x",
        "--arguments",
        r#"{"?principal": "User::\"ana\""}"#,
    ]);
    assert_eq!(cedrus(&missing_slot).status.code(), Some(1));

    let mut duplicate = ok.clone();
    let last = duplicate.len() - 1;
    duplicate[last] = r#"{"?principal": "User::\"bo\"", "?resource": "Document::\"budget.xlsx\""}"#;
    assert_eq!(cedrus(&duplicate).status.code(), Some(1));
}

#[test]
fn evaluate_prints_values_and_reports_errors() {
    let entities = example("entities.json");
    let out = cedrus(&[
        "evaluate",
        "[1, 2].contains(2).toString()",
        "--principal",
        r#"User::"ana""#,
        "--entities",
        path_str(&entities),
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "an unknown method is a parse error"
    );
    assert!(stderr(&out).contains("toString"), "{}", stderr(&out));

    let ok = cedrus(&[
        "evaluate",
        r#"{ twice: principal.level * 2, team: principal in Team::"engineering" }"#,
        "--principal",
        r#"User::"ana""#,
        "--entities",
        path_str(&entities),
    ]);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    let text = stdout(&ok);
    assert!(text.contains("14") && text.contains("true"), "{text}");

    let overflow = cedrus(&["evaluate", "9223372036854775807 + 1"]);
    assert_eq!(overflow.status.code(), Some(1));
    assert!(
        stderr(&overflow).contains("overflow"),
        "{}",
        stderr(&overflow)
    );

    let missing = cedrus(&["evaluate", "principal"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("--principal"));
}

#[test]
fn validate_distinguishes_valid_invalid_and_broken_inputs() {
    let schema = example("schema.cedarschema");
    let policies = example("policies.cedar");
    let ok = cedrus(&[
        "validate",
        "-s",
        path_str(&schema),
        "-p",
        path_str(&policies),
    ]);
    assert_eq!(ok.status.code(), Some(0), "{}{}", stdout(&ok), stderr(&ok));

    let bad = scratch("validate").join("bad.cedar");
    std::fs::write(
        &bad,
        "permit(principal, action, resource) when { principal.nmae == \"x\" };\n",
    )
    .expect("write");
    let invalid = cedrus(&["validate", "-s", path_str(&schema), "-p", path_str(&bad)]);
    assert_eq!(invalid.status.code(), Some(3));
    assert!(stderr(&invalid).contains("nmae"), "{}", stderr(&invalid));

    let missing = cedrus(&["validate", "-s", "no/such/schema", "-p", path_str(&bad)]);
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn schemas_translate_both_ways() {
    let schema = example("schema.cedarschema");
    let json = cedrus(&[
        "translate-schema",
        "--direction",
        "cedar-to-json",
        "-s",
        path_str(&schema),
    ]);
    assert_eq!(json.status.code(), Some(0), "{}", stderr(&json));
    let file = scratch("translate").join("schema.json");
    std::fs::write(&file, &json.stdout).expect("write");
    let back = cedrus(&[
        "translate-schema",
        "--direction",
        "json-to-cedar",
        "-s",
        path_str(&file),
    ]);
    assert_eq!(back.status.code(), Some(0), "{}", stderr(&back));
    assert!(stdout(&back).contains("contractEnds"));
}

#[test]
fn unreadable_inputs_fail_cleanly() {
    let out = cedrus(&["check-parse", "-p", "/no/such/file.cedar"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("cannot read"));
    let entities = scratch("entities").join("e.json");
    std::fs::write(&entities, "[{\"uid\": 3}]").expect("write");
    let policies = example("policies.cedar");
    let out = cedrus(&[
        "authorize",
        "-p",
        path_str(&policies),
        "--entities",
        path_str(&entities),
        "--principal",
        r#"User::"a""#,
        "--action",
        r#"Action::"read""#,
        "--resource",
        r#"Document::"d""#,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("e.json"), "{}", stderr(&out));
}

/// `True`, a theorem proved by its constructor, an axiom and a theorem that uses it.
const EXPORT: &str = "cedrus-kernel-export 1
N 0 \"True\"
L 0 Z
E 0 S 0
N 1 \"True.intro\"
E 1 C 0
IND 0 1
TYPE 0 0 1
CTOR 1 1
N 2 \"trivial\"
E 2 C 1
THM 2 1 2
N 3 \"ax\"
AXIOM 3 1
N 4 \"by_ax\"
E 3 C 3
THM 4 1 3
";

#[test]
fn kernel_check_rechecks_an_export_and_lists_axioms() {
    let dir = scratch("kernel");
    let good = dir.join("library.export");
    std::fs::write(&good, EXPORT).expect("write");
    let out = cedrus(&["kernel-check", path_str(&good)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("trivial"), "{text}");
    assert!(text.contains("by_ax") && text.contains("ax"), "{text}");

    // `trivial : Prop := True.intro` does not type-check: the checker must refuse it.
    let tampered = dir.join("tampered.export");
    std::fs::write(&tampered, EXPORT.replace("THM 2 1 2", "THM 2 0 2")).expect("write");
    let out = cedrus(&["kernel-check", path_str(&tampered)]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("line 12"), "{err}");
}

#[test]
fn policies_translate_to_json_and_back() {
    let dir = scratch("translate-policy");
    let policies = example("policies.cedar");
    let json = cedrus(&[
        "translate-policy",
        "--direction",
        "cedar-to-json",
        "-p",
        path_str(&policies),
    ]);
    assert_eq!(json.status.code(), Some(0), "{}", stderr(&json));
    let json_file = dir.join("policies.json");
    std::fs::write(&json_file, &json.stdout).expect("write");
    let parsed: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON output");
    assert!(parsed["templates"]["policy4"].is_object(), "{parsed}");

    let back = cedrus(&[
        "translate-policy",
        "--direction",
        "json-to-cedar",
        "-p",
        path_str(&json_file),
    ]);
    assert_eq!(back.status.code(), Some(0), "{}", stderr(&back));
    let formatted = cedrus(&["format", "-p", path_str(&policies)]);
    assert_eq!(stdout(&back), stdout(&formatted));

    // The JSON form authorizes exactly as the text form does.
    let request = example("request.json");
    let entities = example("entities.json");
    let out = cedrus(&[
        "authorize",
        "--policy-format",
        "json",
        "-p",
        path_str(&json_file),
        "--entities",
        path_str(&entities),
        "--request-json",
        path_str(&request),
        "-v",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("policy0"));
}

#[test]
fn validate_reads_policies_from_standard_input_once() {
    use std::io::Write;
    let schema = example("schema.cedarschema");
    let mut child = Command::new(env!("CARGO_BIN_EXE_cedrus"))
        .args(["validate", "-s", path_str(&schema)])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the cedrus binary runs");
    child
        .stdin
        .take()
        .expect("a stdin pipe")
        .write_all(b"permit(principal, action, resource) when { principal.nmae == \"x\" };\n")
        .expect("write stdin");
    let out = child.wait_with_output().expect("cedrus exits");
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    assert!(stderr(&out).contains("nmae"), "{}", stderr(&out));
}

#[test]
fn validate_reports_json_diagnostics_when_asked() {
    let schema = example("schema.cedarschema");
    let bad = scratch("validate-json").join("bad.cedar");
    std::fs::write(
        &bad,
        "permit(principal, action, resource)\nwhen { principal.nmae == \"x\" };\n",
    )
    .expect("write");
    let out = cedrus(&[
        "--error-format",
        "json",
        "validate",
        "-s",
        path_str(&schema),
        "-p",
        path_str(&bad),
    ]);
    assert_eq!(out.status.code(), Some(3));
    let first: serde_json::Value =
        serde_json::from_str(stderr(&out).lines().next().expect("a line")).expect("json");
    assert_eq!(first["line"], 2);
    assert!(first["message"]
        .as_str()
        .is_some_and(|m| m.contains("nmae")));
}
