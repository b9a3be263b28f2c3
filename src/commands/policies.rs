//! `cedrus check-parse`, `cedrus format` and `cedrus link`: commands over policy files.

use std::collections::BTreeMap;
use std::path::PathBuf;

use cedrus_policy::ast::{SlotId, TemplateLink};
use cedrus_policy::format::format_policies;
use cedrus_policy::parser;
use cedrus_policy::policy_set;

use super::{CommandResult, Outcome};
use crate::diagnostics::Diagnostic;
use crate::input::{self, PolicyArgs, PolicyFormat};

/// Arguments of `cedrus check-parse`.
#[derive(clap::Args, Debug)]
pub struct CheckParseArgs {
    #[command(flatten)]
    policies: PolicyArgs,
}

/// Runs `cedrus check-parse`: exit 0 when the file parses, 1 with diagnostics otherwise.
pub fn check_parse(args: CheckParseArgs) -> CommandResult {
    let set = args.policies.load()?;
    let templates = set.templates().count();
    let policies = set.policies().count();
    println!("parsed {policies} static policies and {templates} templates");
    Ok(Outcome::Success)
}

/// Arguments of `cedrus format`.
#[derive(clap::Args, Debug)]
pub struct FormatArgs {
    /// The policy file (standard input when absent).
    #[arg(short = 'p', long, value_name = "FILE")]
    policies: Option<PathBuf>,
    /// Rewrite the file in place instead of printing.
    #[arg(short = 'w', long, requires = "policies")]
    write: bool,
    /// Print nothing; exit 1 if the file is not already formatted.
    #[arg(short = 'c', long, conflicts_with = "write")]
    check: bool,
}

/// Runs `cedrus format`. Comments are not kept: the output is the canonical text of
/// the parsed policies, and it parses back to the same policies.
pub fn format(args: FormatArgs) -> CommandResult {
    let source = input::read_source(args.policies.as_deref())?;
    let policies =
        parser::parse_policies(&source.text).map_err(|e| input::parse_diagnostics(&source, &e))?;
    let formatted = format_policies(&policies);
    if args.check {
        if formatted == *source.text {
            return Ok(Outcome::Success);
        }
        eprintln!("{} is not formatted", source.name);
        return Ok(Outcome::Failure);
    }
    match (&args.policies, args.write) {
        (Some(path), true) => std::fs::write(path, formatted)
            .map_err(|e| Diagnostic::new(format!("cannot write `{}`: {e}", path.display())))?,
        _ => print!("{formatted}"),
    }
    Ok(Outcome::Success)
}

/// Arguments of `cedrus link`.
#[derive(clap::Args, Debug)]
pub struct LinkArgs {
    /// The policy file holding the template.
    #[arg(short = 'p', long, value_name = "FILE")]
    policies: PathBuf,
    /// The template-links file to add the link to (created if missing).
    #[arg(short = 'k', long, value_name = "FILE")]
    template_linked: PathBuf,
    /// The id of the template.
    #[arg(long)]
    template_id: String,
    /// The id of the new linked policy.
    #[arg(long)]
    new_id: String,
    /// The slot values as JSON: `{"?principal": "User::\"alice\""}`.
    #[arg(short = 'a', long)]
    arguments: String,
}

/// Runs `cedrus link`: checks that the link is valid against the policies and the
/// existing links, then appends it to the template-links file.
pub fn link(args: LinkArgs) -> CommandResult {
    let links_exist = args.template_linked.exists();
    let mut set = input::load_policies(
        Some(&args.policies),
        links_exist.then_some(args.template_linked.as_path()),
        PolicyFormat::Cedar,
    )?;
    let values = parse_slot_arguments(&args.arguments)?;
    set.link(&args.template_id, args.new_id.as_str(), values)
        .map_err(|e| Diagnostic::new(e.to_string()))?;
    let links: Vec<TemplateLink> = set.links().to_vec();
    let json = policy_set::links_to_json_string(&links);
    std::fs::write(&args.template_linked, json).map_err(|e| {
        Diagnostic::new(format!(
            "cannot write `{}`: {e}",
            args.template_linked.display()
        ))
    })?;
    Ok(Outcome::Success)
}

/// Reads `{"?principal": "User::\"alice\"", "?resource": …}`.
fn parse_slot_arguments(
    text: &str,
) -> Result<BTreeMap<SlotId, cedrus_policy::EntityUid>, Diagnostic> {
    let json: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| Diagnostic::new(format!("--arguments is not valid JSON: {e}")))?;
    let obj = json
        .as_object()
        .ok_or_else(|| Diagnostic::new("--arguments must be a JSON object"))?;
    let mut values = BTreeMap::new();
    for (key, value) in obj {
        let slot = match key.as_str() {
            "?principal" => SlotId::Principal,
            "?resource" => SlotId::Resource,
            other => {
                return Err(Diagnostic::new(format!(
                    "`{other}` is not a slot: use `?principal` or `?resource`"
                )))
            }
        };
        let text = value.as_str().ok_or_else(|| {
            Diagnostic::new(format!(
                "the value of `{key}` must be a string such as \"User::\\\"alice\\\"\""
            ))
        })?;
        let uid = parser::parse_entity_uid(text)
            .map_err(|e| Diagnostic::new(format!("invalid entity for `{key}`: {e}")))?;
        values.insert(slot, uid);
    }
    Ok(values)
}

/// The direction of `cedrus translate-policy`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum PolicyDirection {
    /// From Cedar's policy syntax to its JSON policy format.
    CedarToJson,
    /// From the JSON policy format to Cedar's policy syntax.
    JsonToCedar,
}

/// Arguments of `cedrus translate-policy`.
#[derive(clap::Args, Debug)]
pub struct TranslatePolicyArgs {
    /// Which way to translate.
    #[arg(long, value_enum)]
    direction: PolicyDirection,
    /// The policy file (standard input when absent).
    #[arg(short = 'p', long, value_name = "FILE")]
    policies: Option<PathBuf>,
}

/// Runs `cedrus translate-policy`. Cedar's policy syntax has no place for policy ids or
/// template links: translating JSON to Cedar syntax prints static policies and templates
/// in order (so they read back as `policy0`, `policy1`, …) and says how many links were
/// left out.
pub fn translate_policy(args: TranslatePolicyArgs) -> CommandResult {
    match args.direction {
        PolicyDirection::CedarToJson => {
            let set = input::load_policies(args.policies.as_deref(), None, PolicyFormat::Cedar)?;
            let policies: Vec<_> = set.policies().chain(set.templates()).cloned().collect();
            let json = cedrus_policy::policy_json::policy_set_to_json(&policies, set.links());
            println!(
                "{}",
                serde_json::to_string_pretty(&json).unwrap_or_else(|_| json.to_string())
            );
        }
        PolicyDirection::JsonToCedar => {
            let set = input::load_policies(args.policies.as_deref(), None, PolicyFormat::Json)?;
            let policies: Vec<_> = set
                .policies()
                .filter(|p| p.template_id.is_none())
                .chain(set.templates())
                .cloned()
                .collect();
            print!("{}", format_policies(&policies));
            let links = set.links().len();
            if links > 0 {
                eprintln!("note: {links} template links have no Cedar syntax and were left out");
            }
        }
    }
    Ok(Outcome::Success)
}
