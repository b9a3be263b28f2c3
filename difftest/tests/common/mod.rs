//! Helpers shared by the tests that run the executable model.

/// Whether the model evaluates extension functions yet (`decimal("1.0")` is a value).
/// While it does not, cases calling them are expected to disagree and are counted
/// apart; once it does, every case must agree.
pub fn model_has_extensions() -> bool {
    let text = r#"permit(principal, action, resource) when { decimal("1.0") == decimal("1.0") };"#;
    let Ok(policies) = cedrus_policy::parser::parse_policies(text) else {
        return false;
    };
    let Some(cond) = policies.first().and_then(|p| p.conditions.first()) else {
        return false;
    };
    let Ok(req) = cedrus_policy::Request::from_json_str(
        r#"{"principal": {"type": "U", "id": "a"}, "action": {"type": "Action", "id": "a"},
            "resource": {"type": "D", "id": "d"}, "context": {}}"#,
    ) else {
        return false;
    };
    let Ok(mut m) = cedrus_spec::Model::load() else {
        return false;
    };
    matches!(
        m.evaluate(&cond.body, &req, &cedrus_policy::Entities::new()),
        Ok(Ok(cedrus_policy::Value::Bool(true)))
    )
}

/// Whether policy text calls an extension function or method.
pub fn uses_extensions(policies: &str) -> bool {
    cedrus_policy::ast::ExtFn::ALL
        .iter()
        .any(|f| policies.contains(&format!("{}(", f.name())))
}
