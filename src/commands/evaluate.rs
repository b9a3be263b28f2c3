//! `cedrus evaluate`: evaluate one expression against a request and entities.

use std::path::PathBuf;

use cedrus_policy::ast::{Expr, ExprKind, Var};
use cedrus_policy::eval::Evaluator;
use cedrus_policy::parser;

use super::{CommandResult, Outcome};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::input::{self, RequestArgs};

/// Arguments of `cedrus evaluate`.
#[derive(clap::Args, Debug)]
pub struct EvaluateArgs {
    /// The expression, in Cedar syntax.
    expression: String,
    #[command(flatten)]
    request: RequestArgs,
    /// The entities, in Cedar's JSON format.
    #[arg(long, value_name = "FILE")]
    entities: Option<PathBuf>,
    /// A schema, used to read entity-typed attributes in their implicit JSON form.
    #[arg(short = 's', long, value_name = "FILE")]
    schema: Option<PathBuf>,
}

/// Runs `cedrus evaluate`: prints the value, or the evaluation error and exit 1.
pub fn run(args: EvaluateArgs) -> CommandResult {
    let source = input::argument_source("expression", &args.expression);
    let expr =
        parser::parse_expr(&args.expression).map_err(|e| input::parse_diagnostics(&source, &e))?;
    let schema = match &args.schema {
        Some(path) => Some(input::load_schema(path, None)?),
        None => None,
    };
    let entities = input::load_entities(args.entities.as_deref(), schema.as_ref())?;
    let request = args.request.load_for(|var| uses_var(&expr, var))?;
    match Evaluator::new(&request, &entities).evaluate(&expr) {
        Ok(value) => {
            println!("{value}");
            Ok(Outcome::Success)
        }
        Err(err) => {
            let span = expr.loc.start as usize..expr.loc.end as usize;
            Err(Diagnostics::from(Diagnostic::at(
                format!("evaluation failed: {err}"),
                &source,
                span,
            )))
        }
    }
}

/// Whether `expr` mentions the request variable `var` (so that the request part must be
/// given). Expressions are at most `MAX_EXPR_DEPTH` deep, so recursion is bounded.
fn uses_var(expr: &Expr, var: Var) -> bool {
    let any = |es: &[Expr]| es.iter().any(|e| uses_var(e, var));
    match &expr.kind {
        ExprKind::Var(v) => *v == var,
        ExprKind::Lit(_) | ExprKind::Slot(_) => false,
        ExprKind::If {
            cond,
            then_expr,
            else_expr,
        } => uses_var(cond, var) || uses_var(then_expr, var) || uses_var(else_expr, var),
        ExprKind::And(a, b) | ExprKind::Or(a, b) | ExprKind::Binary(_, a, b) => {
            uses_var(a, var) || uses_var(b, var)
        }
        ExprKind::Unary(_, e)
        | ExprKind::GetAttr { expr: e, .. }
        | ExprKind::HasAttr { expr: e, .. }
        | ExprKind::Like(e, _) => uses_var(e, var),
        ExprKind::Is { expr, in_expr, .. } => {
            uses_var(expr, var) || in_expr.as_deref().is_some_and(|e| uses_var(e, var))
        }
        ExprKind::Set(es) | ExprKind::Call { args: es, .. } => any(es),
        ExprKind::Record(fields) => fields.iter().any(|(_, e)| uses_var(e, var)),
        ExprKind::MethodCall { receiver, args, .. } => uses_var(receiver, var) || any(args),
    }
}
