//! The validator on policies read by the policy parser: messages and source locations.

use cedrus_policy::parser::{line_col, parse_policies};
use cedrus_policy::schema::Schema;
use cedrus_policy::validator::{ValidationErrorKind, ValidationWarningKind, Validator};

const SCHEMA: &str = r#"
namespace App {
    entity User { name: String, age?: Long };
    entity Photo { owner: User, tags: Set<String> };
    action view appliesTo { principal: User, resource: Photo, context: { mfa: Bool } };
}
"#;

fn validate(src: &str) -> (cedrus_policy::validator::ValidationResult, String) {
    let schema = Schema::from_cedar_str(SCHEMA).unwrap();
    let policies = parse_policies(src).unwrap();
    (Validator::new(&schema).validate(&policies), src.to_string())
}

#[test]
fn errors_point_at_the_offending_expression() {
    let src = "permit(principal, action == App::Action::\"view\", resource)\nwhen { resource.ownr == principal };";
    let (r, src) = validate(src);
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    let e = &r.errors[0];
    assert_eq!(e.policy_id, "policy0");
    let start = e.loc.start as usize;
    assert_eq!(line_col(&src, start), (2, 8));
    assert_eq!(&src[start..e.loc.end as usize], "resource.ownr");
    assert_eq!(
        e.to_string(),
        "policy `policy0`: attribute `ownr` not found on entity type `App::Photo`, did you mean `owner`?"
    );
}

#[test]
fn guarded_optional_attributes_validate() {
    let (r, _) = validate(
        "permit(principal is App::User, action, resource is App::Photo)
         when { principal has age && principal.age >= 18 && context.mfa }
         unless { resource.tags.contains(\"private\") };",
    );
    assert!(r.is_ok(), "{:?}", r.errors);
    assert!(r.warnings.is_empty());
}

#[test]
fn unguarded_and_mistyped_expressions_are_rejected() {
    let (r, _) = validate(
        "permit(principal, action, resource) when { principal.age > 1 };
         permit(principal, action, resource) when { principal.name < \"b\" };
         permit(principal, action, resource) when { [] == [] };
         permit(principal, action, resource) when { decimal(\"1.23456\") == decimal(\"1.0\") };
         permit(principal == App::Usr::\"a\", action, resource);",
    );
    let of = |id: &str| -> Vec<&ValidationErrorKind> {
        r.errors
            .iter()
            .filter(|e| e.policy_id == id)
            .map(|e| &e.kind)
            .collect()
    };
    assert!(matches!(
        of("policy0")[..],
        [ValidationErrorKind::OptionalAttribute { .. }]
    ));
    assert!(matches!(
        of("policy1")[..],
        [ValidationErrorKind::InvalidOperands { op: "<", .. }]
    ));
    // Each empty set literal is reported.
    assert!(matches!(
        of("policy2")[..],
        [
            ValidationErrorKind::EmptySetLiteral,
            ValidationErrorKind::EmptySetLiteral
        ]
    ));
    assert!(matches!(
        of("policy3")[..],
        [ValidationErrorKind::ExtensionArgument { .. }]
    ));
    assert!(matches!(
        of("policy4")[..],
        [ValidationErrorKind::UnrecognizedEntityType { .. }]
    ));
    assert_eq!(
        of("policy4")[0].to_string(),
        "unrecognized entity type `App::Usr`, did you mean `App::User`?"
    );
}

#[test]
fn impossible_policies_draw_a_warning() {
    let (r, _) = validate("permit(principal, action, resource) when { principal is App::Photo };");
    assert!(r.is_ok());
    assert_eq!(r.warnings.len(), 1);
    assert_eq!(r.warnings[0].kind, ValidationWarningKind::ImpossiblePolicy);
}

#[test]
fn scope_errors_point_at_their_constraint() {
    let src = "permit(\n  principal in App::Grup::\"a\",\n  action == App::Action::\"veiw\",\n  resource\n);";
    let (r, src) = validate(src);
    let spans: Vec<&str> = r
        .errors
        .iter()
        .map(|e| &src[e.loc.start as usize..e.loc.end as usize])
        .collect();
    assert!(
        spans.contains(&"principal in App::Grup::\"a\""),
        "{spans:?}"
    );
    assert!(
        spans.contains(&"action == App::Action::\"veiw\""),
        "{spans:?}"
    );
}
