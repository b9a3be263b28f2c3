//! Reading the CLI's inputs: policy files, template links, entities, requests and
//! schemas, each turned into engine values or into diagnostics that point at the
//! offending place.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use cedrus_policy::ast::Var;
use cedrus_policy::entities::Entities;
use cedrus_policy::parser::{self, ParseErrors};
use cedrus_policy::policy_json;
use cedrus_policy::policy_set::{self, PolicySet};
use cedrus_policy::request::{self, Request};
use cedrus_policy::schema::{Schema, SchemaError};
use cedrus_policy::validator;
use cedrus_policy::{EntityUid, Name, Value};

use crate::diagnostics::{Diagnostic, Diagnostics, Source};

/// Reads a file, or standard input when `path` is `None` or `-`.
pub fn read_source(path: Option<&Path>) -> Result<Source, Diagnostic> {
    match path {
        Some(p) if p != Path::new("-") => {
            let name = p.display().to_string();
            let text = std::fs::read_to_string(p)
                .map_err(|e| Diagnostic::new(format!("cannot read `{name}`: {e}")))?;
            Ok(Source {
                name,
                text: text.into(),
            })
        }
        _ => {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
                .map_err(|e| Diagnostic::new(format!("cannot read standard input: {e}")))?;
            Ok(Source {
                name: "<stdin>".into(),
                text: text.into(),
            })
        }
    }
}

/// Wraps a string given on the command line as a source, for error snippets.
pub fn argument_source(what: &str, text: &str) -> Source {
    Source {
        name: format!("<{what}>"),
        text: Arc::from(text),
    }
}

/// Turns parse errors into diagnostics pointing into `source`.
pub fn parse_diagnostics(source: &Source, errors: &ParseErrors) -> Diagnostics {
    Diagnostics(
        errors
            .iter()
            .map(|e| {
                Diagnostic::at(
                    e.message.clone(),
                    source,
                    e.loc.start as usize..e.loc.end as usize,
                )
            })
            .collect(),
    )
}

/// The syntax a policy file is written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum PolicyFormat {
    /// Cedar's policy syntax.
    #[default]
    Cedar,
    /// Cedar's JSON policy format (a policy set, or a single policy).
    Json,
}

/// Where a command's policies come from: the flags every policy-reading command shares.
#[derive(clap::Args, Debug, Clone)]
pub struct PolicyArgs {
    /// The policy file (standard input when absent).
    #[arg(short = 'p', long, value_name = "FILE")]
    pub policies: Option<PathBuf>,
    /// The syntax of the policy file.
    #[arg(long, value_enum, default_value_t = PolicyFormat::Cedar)]
    pub policy_format: PolicyFormat,
    /// A template-links file, as written by `cedrus link`.
    #[arg(short = 'k', long, value_name = "FILE")]
    pub template_linked: Option<PathBuf>,
}

impl PolicyArgs {
    /// Loads the policy set these flags name.
    pub fn load(&self) -> Result<PolicySet, Diagnostics> {
        self.load_with_source().map(|(_, set)| set)
    }

    /// Loads the policy set and returns the policy text too (read once, so that
    /// standard input works), for commands that point diagnostics into it.
    pub fn load_with_source(&self) -> Result<(Source, PolicySet), Diagnostics> {
        let source = read_source(self.policies.as_deref())?;
        let set =
            policies_from_source(&source, self.template_linked.as_deref(), self.policy_format)?;
        Ok((source, set))
    }
}

/// Parses a policy file into a policy set, adding the links of an optional
/// template-links file.
pub fn load_policies(
    path: Option<&Path>,
    links: Option<&Path>,
    format: PolicyFormat,
) -> Result<PolicySet, Diagnostics> {
    policies_from_source(&read_source(path)?, links, format)
}

/// Parses policy text already read into a policy set, adding the links of an optional
/// template-links file.
fn policies_from_source(
    source: &Source,
    links: Option<&Path>,
    format: PolicyFormat,
) -> Result<PolicySet, Diagnostics> {
    let mut set = match format {
        PolicyFormat::Cedar => {
            let policies =
                parser::parse_policies(&source.text).map_err(|e| parse_diagnostics(source, &e))?;
            PolicySet::from_policies(policies)
                .map_err(|e| Diagnostic::new(e.to_string()).in_file(source.name.clone()))?
        }
        PolicyFormat::Json => policies_from_json(source)?,
    };
    if let Some(links) = links {
        let links_source = read_source(Some(links))?;
        let links = policy_set::links_from_json_str(&links_source.text)
            .map_err(|e| Diagnostic::new(e.to_string()).in_file(links_source.name.clone()))?;
        for link in links {
            set.link(&link.template_id, link.id.clone(), link.values.clone())
                .map_err(|e| Diagnostic::new(e.to_string()).in_file(links_source.name.clone()))?;
        }
    }
    Ok(set)
}

/// Reads Cedar's JSON policy format: a policy set (`staticPolicies`, `templates`,
/// `templateLinks`) or one policy (which gets the id `policy0`).
fn policies_from_json(source: &Source) -> Result<PolicySet, Diagnostics> {
    let json: serde_json::Value = serde_json::from_str(&source.text).map_err(|e| {
        Diagnostic::new(format!(
            "invalid JSON at line {}, column {}: {e}",
            e.line(),
            e.column()
        ))
        .in_file(source.name.clone())
    })?;
    let in_file =
        |e: &dyn std::fmt::Display| Diagnostic::new(e.to_string()).in_file(source.name.clone());
    if json.get("effect").is_some() {
        let policy =
            policy_json::policy_from_json("policy0".into(), &json).map_err(|e| in_file(&e))?;
        return Ok(PolicySet::from_policies(vec![policy]).map_err(|e| in_file(&e))?);
    }
    let parsed = policy_json::policy_set_from_json(&json).map_err(|e| in_file(&e))?;
    let mut set = PolicySet::from_policies(
        parsed
            .static_policies
            .iter()
            .chain(&parsed.templates)
            .cloned()
            .collect(),
    )
    .map_err(|e| in_file(&e))?;
    for link in &parsed.links {
        set.link(&link.template_id, link.id.clone(), link.values.clone())
            .map_err(|e| in_file(&e))?;
    }
    Ok(set)
}

/// Loads an entities file in Cedar's JSON format. With a schema, attributes and tags
/// are read as their declared types (the implicit `{"type", "id"}` entity form, strings
/// for extension values) and every entity is validated against its declaration.
pub fn load_entities(
    path: Option<&Path>,
    schema: Option<&Schema>,
) -> Result<Entities, Diagnostics> {
    let Some(path) = path else {
        return Ok(Entities::default());
    };
    let source = read_source(Some(path))?;
    let entities = Entities::from_json_str(&source.text)
        .map_err(|e| Diagnostic::new(e.to_string()).in_file(source.name.clone()))?;
    match schema {
        None => Ok(entities),
        Some(schema) => validator::conform_entities(schema, &entities).map_err(|errors| {
            Diagnostics(
                errors
                    .iter()
                    .map(|e| {
                        Diagnostic::new(format!("entity does not conform to the schema: {e}"))
                            .in_file(source.name.clone())
                    })
                    .collect(),
            )
        }),
    }
}

/// Reads a request's context as the schema declares it for the request's action
/// (the context is returned unchanged when the schema does not know the action).
pub fn conform_context(
    schema: &Schema,
    action: &EntityUid,
    context: &Value,
) -> Result<Value, Diagnostic> {
    let declared = schema
        .action(action)
        .and_then(|a| a.applies_to.as_ref())
        .map(|a| a.context.clone());
    match declared {
        Some(ty) => validator::conform_record(schema, context, &ty)
            .map_err(|e| Diagnostic::new(format!("context does not conform to the schema: {e}"))),
        None => Ok(context.clone()),
    }
}

/// Loads a schema in the Cedar syntax or, for files ending in `.json` (or when
/// `json` is set), in the JSON format.
pub fn load_schema(path: &Path, json: Option<bool>) -> Result<Schema, Diagnostics> {
    let source = read_source(Some(path))?;
    let json = json.unwrap_or_else(|| path.extension().is_some_and(|e| e == "json"));
    if json {
        Schema::from_json_str(&source.text).map_err(|e| schema_diagnostic(&source, &e).into())
    } else {
        Schema::from_cedar_str(&source.text).map_err(|e| schema_diagnostic(&source, &e).into())
    }
}

/// A schema error, pointing into the schema's source when it has a location.
pub fn schema_diagnostic(source: &Source, error: &SchemaError) -> Diagnostic {
    match error.loc() {
        Some(loc) => Diagnostic::at(
            error.kind.to_string(),
            source,
            loc.start as usize..loc.end as usize,
        ),
        None => Diagnostic::new(error.to_string()).in_file(source.name.clone()),
    }
}

/// Parses an entity UID given on the command line (`User::"alice"`).
pub fn parse_uid(what: &str, text: &str) -> Result<EntityUid, Diagnostics> {
    parser::parse_entity_uid(text).map_err(|e| parse_diagnostics(&argument_source(what, text), &e))
}

/// The parts of a request as the CLI flags give them.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct RequestArgs {
    /// The principal, e.g. `User::"alice"`.
    #[arg(short = 'l', long)]
    pub principal: Option<String>,
    /// The action, e.g. `Action::"view"`.
    #[arg(short = 'a', long)]
    pub action: Option<String>,
    /// The resource, e.g. `Photo::"vacation.jpg"`.
    #[arg(short = 'r', long)]
    pub resource: Option<String>,
    /// A JSON file holding the context record.
    #[arg(short = 'c', long, value_name = "FILE")]
    pub context: Option<PathBuf>,
    /// A JSON file holding the whole request (principal, action, resource, context);
    /// flags given as well override its fields.
    #[arg(long, value_name = "FILE")]
    pub request_json: Option<PathBuf>,
}

impl RequestArgs {
    /// Builds the request from a request file and/or the individual flags; every part
    /// must be given.
    pub fn load(&self) -> Result<Request, Diagnostics> {
        self.load_for(|_| true)
    }

    /// Builds the request, requiring only the parts for which `needed` holds; a part
    /// that is not needed and not given is a placeholder entity of the reserved type
    /// `__cedar::Unspecified`, which no policy can name.
    pub fn load_for(&self, needed: impl Fn(Var) -> bool) -> Result<Request, Diagnostics> {
        let base = match &self.request_json {
            Some(path) => {
                let source = read_source(Some(path))?;
                Some(
                    Request::from_json_str(&source.text)
                        .map_err(|e| Diagnostic::new(e.to_string()).in_file(source.name))?,
                )
            }
            None => None,
        };
        let part = |var: Var, flag: &Option<String>, from_file: Option<&EntityUid>| {
            let what = var.to_string();
            match (flag, from_file) {
                (Some(text), _) => parse_uid(&what, text),
                (None, Some(uid)) => Ok(uid.clone()),
                (None, None) if !needed(var) => Ok(EntityUid::new(
                    Name::new("__cedar::Unspecified"),
                    what.as_str(),
                )),
                (None, None) => Err(Diagnostics::from(
                    Diagnostic::new(format!("no {what} given")).with_note(format!(
                        "pass --{what}, or --request-json with a request file"
                    )),
                )),
            }
        };
        let principal = part(
            Var::Principal,
            &self.principal,
            base.as_ref().map(|r| &r.principal),
        )?;
        let action = part(Var::Action, &self.action, base.as_ref().map(|r| &r.action))?;
        let resource = part(
            Var::Resource,
            &self.resource,
            base.as_ref().map(|r| &r.resource),
        )?;
        let context = match &self.context {
            Some(path) => {
                let source = read_source(Some(path))?;
                request::context_from_json_str(&source.text)
                    .map_err(|e| Diagnostic::new(e.to_string()).in_file(source.name))?
            }
            None => base.map(|r| r.context).unwrap_or_else(Value::empty_record),
        };
        Request::new(principal, action, resource, context)
            .map_err(|e| Diagnostic::new(e.to_string()).into())
    }
}
