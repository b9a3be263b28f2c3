//! Cedar's JSON policy format, both ways: policies, templates, expressions and
//! policy sets with template links.
//!
//! A policy is an object with `effect`, `principal`, `action`, `resource`,
//! `conditions` and optionally `annotations`; scope constraints have an `op` (`All`,
//! `==`, `in`, `is`) and an `entity`, `entities`, `slot` or `entity_type`/`in`;
//! expressions are objects with a single key naming the operator (`Value`, `Var`,
//! `==`, `.`, `like`, `if-then-else`, …) or an extension function (`{"decimal":
//! [args]}`, a method's receiver first). See Cedar's "JSON policy format" page.
//!
//! # Canonical choices
//!
//! JSON does not record some surface details that the [AST](crate::ast) keeps.
//! Reading JSON therefore picks a canonical form, and writing then reading a
//! policy gives back the same policy up to these points:
//!
//! - **Locations** are [`Loc::NONE`](crate::ast::Loc::NONE) everywhere.
//! - **Attribute syntax**: `e.a` and `e["a"]` are both `.` in JSON, `e has a` and
//!   `e has "a"` both `has`. Reading uses the bare form (`bracket`/`quoted` false)
//!   whenever the attribute is an identifier that is not a reserved word, and the
//!   quoted form otherwise.
//! - **Key order**: annotations and record literals come back in the order of the
//!   JSON object, which serde_json sorts by key (unless its `preserve_order`
//!   feature is on). Repeated keys cannot be represented; the last one wins.
//! - **Literals**: a `Value` that is an array or object is read as a set or record
//!   literal of literals (`{"Value": [1, 2]}` is `[1, 2]`), and the `__extn` escape
//!   as the constructor call it stands for (`decimal("1.5")`). Writing always uses
//!   `Set`, `Record` and the call form, as Cedar does.
//! - **Patterns**: runs of literal characters are written as one
//!   `{"Literal": "…"}` element; any split is accepted when reading.
//! - **Annotations** without a value (`@key`) are written as `null`, so they read
//!   back as such; Cedar writes `""` there, which reads back as `@key("")`.
//! - **Links**: the template id of a linked policy is not part of a single
//!   policy's JSON; in the set form, links are written from the
//!   [`TemplateLink`]s given.
//!
//! # Limits
//!
//! Reading rejects expressions nested more than
//! [`MAX_EXPR_DEPTH`](crate::ast::MAX_EXPR_DEPTH) levels deep, whatever the depth
//! of the JSON value (serde_json's own limit of 128 applies only to parsing text).
//! Writing relies on the AST contract that trees are within that bound. Each
//! expression level takes two levels of JSON objects, so a deep expression written
//! as text may need serde_json's `unbounded_depth` feature to be parsed back.

mod error;
mod expr_from_json;
mod from_json;
mod ident;
mod reader;
mod set;
mod to_json;

#[cfg(test)]
mod set_tests;
#[cfg(test)]
mod tests;

#[cfg(test)]
mod proptests;

use serde_json::Value;

pub use error::{JsonPath, PathSegment, PolicyJsonError, PolicyJsonErrorKind};
pub use set::PolicySetJson;

use crate::ast::{Expr, Policy, PolicyId, TemplateLink};
use reader::At;

/// The JSON form of a policy or template. The id is not part of it.
pub fn policy_to_json(policy: &Policy) -> Value {
    to_json::policy(policy)
}

/// Reads a policy or template from its JSON form and gives it the id `id`.
///
/// Errors carry the path of the offending value, such as
/// `conditions[0].body.&&.left`.
pub fn policy_from_json(id: PolicyId, json: &Value) -> Result<Policy, PolicyJsonError> {
    from_json::policy(id, json, &At::root())
}

/// The JSON form of an expression.
pub fn expr_to_json(expr: &Expr) -> Value {
    to_json::expr(expr)
}

/// Reads an expression from its JSON form. Slots are rejected: they may appear
/// only in a template's scope.
pub fn expr_from_json(json: &Value) -> Result<Expr, PolicyJsonError> {
    expr_from_json::expr(json, &At::root(), 1)
}

/// The policy-set form: `{"staticPolicies": {id: policy}, "templates": {id:
/// template}, "templateLinks": [{"templateId", "newId", "values"}]}`.
///
/// Each policy goes under `templates` if its scope has a slot and under
/// `staticPolicies` otherwise; policies produced by linking (those with a
/// `template_id`) are left out, since their entries in `links` stand for them.
pub fn policy_set_to_json(policies: &[Policy], links: &[TemplateLink]) -> Value {
    set::to_json(policies, links)
}

/// Reads the policy-set form. Each of the three keys may be absent (meaning
/// empty). Static policies may not have slots; ids must be unique across static
/// policies, templates and links; every link must name a template and give a value
/// for exactly the slots that template uses.
pub fn policy_set_from_json(json: &Value) -> Result<PolicySetJson, PolicyJsonError> {
    set::from_json(json)
}
