//! Checks that every entity type, entity and action a policy names is declared, with
//! "did you mean" suggestions. This runs over the whole policy, including branches the
//! typechecker never reaches.

use super::diagnostics::ValidationErrorKind as K;
use crate::ast::{
    ActionConstraint, EntityRef, Expr, ExprKind, Literal, Loc, Policy, ScopeConstraint,
    MAX_EXPR_DEPTH,
};
use crate::schema::{EntityKind, Schema};
use crate::value::{EntityUid, Name};

/// The edit distance between two strings (in characters).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The candidate closest to `name`, if it is close enough to be a likely typo.
pub(crate) fn suggest<'a>(
    name: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .map(|c| (distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

struct Checker<'a> {
    schema: &'a Schema,
    errors: &'a mut Vec<(Loc, K)>,
}

impl Checker<'_> {
    fn entity_type(&mut self, name: &Name, loc: Loc) -> bool {
        if self.schema.entity_type(name).is_some() || self.schema.is_action_type(name) {
            return true;
        }
        let suggestion = suggest(
            name.as_str(),
            self.schema.entity_types.keys().map(Name::as_str),
        )
        .map(Name::new);
        self.errors.push((
            loc,
            K::UnrecognizedEntityType {
                name: name.clone(),
                suggestion,
            },
        ));
        false
    }

    fn uid(&mut self, uid: &EntityUid, loc: Loc) {
        if uid.ty.is_action() || self.schema.is_action_type(&uid.ty) {
            if self.schema.action(uid).is_none() {
                let wanted = uid.to_string();
                let names: Vec<String> =
                    self.schema.actions.keys().map(|u| u.to_string()).collect();
                let suggestion = suggest(&wanted, names.iter().map(String::as_str)).and_then(|s| {
                    self.schema
                        .actions
                        .keys()
                        .find(|u| u.to_string() == s)
                        .cloned()
                });
                self.errors.push((
                    loc,
                    K::UnrecognizedActionId {
                        uid: uid.clone(),
                        suggestion,
                    },
                ));
            }
            return;
        }
        if !self.entity_type(&uid.ty, loc) {
            return;
        }
        if let Some(def) = self.schema.entity_type(&uid.ty) {
            if let EntityKind::Enum(ids) = &def.kind {
                if !def.allows_id(&uid.eid) {
                    self.errors.push((
                        loc,
                        K::InvalidEnumEntity {
                            uid: uid.clone(),
                            choices: ids.clone(),
                        },
                    ));
                }
            }
        }
    }

    fn scope(&mut self, c: &ScopeConstraint, loc: Loc) {
        let r = match c {
            ScopeConstraint::Any => None,
            ScopeConstraint::Eq(r) | ScopeConstraint::In(r) => Some(r),
            ScopeConstraint::Is(t) => {
                self.entity_type(t, loc);
                None
            }
            ScopeConstraint::IsIn(t, r) => {
                self.entity_type(t, loc);
                Some(r)
            }
        };
        if let Some(EntityRef::Uid(u)) = r {
            self.uid(u, loc);
        }
    }

    fn expr(&mut self, e: &Expr, depth: usize) {
        if depth > MAX_EXPR_DEPTH + 8 {
            return;
        }
        let d = depth + 1;
        match &e.kind {
            ExprKind::Lit(Literal::Entity(u)) => self.uid(u, e.loc),
            ExprKind::Lit(_) | ExprKind::Var(_) | ExprKind::Slot(_) => {}
            ExprKind::If {
                cond,
                then_expr,
                else_expr,
            } => {
                self.expr(cond, d);
                self.expr(then_expr, d);
                self.expr(else_expr, d);
            }
            ExprKind::And(a, b) | ExprKind::Or(a, b) | ExprKind::Binary(_, a, b) => {
                self.expr(a, d);
                self.expr(b, d);
            }
            ExprKind::Unary(_, a)
            | ExprKind::Like(a, _)
            | ExprKind::GetAttr { expr: a, .. }
            | ExprKind::HasAttr { expr: a, .. } => self.expr(a, d),
            ExprKind::Is {
                expr,
                entity_type,
                in_expr,
            } => {
                self.expr(expr, d);
                self.entity_type(entity_type, e.loc);
                if let Some(i) = in_expr {
                    self.expr(i, d);
                }
            }
            ExprKind::Set(items) | ExprKind::Call { args: items, .. } => {
                for i in items {
                    self.expr(i, d);
                }
            }
            ExprKind::Record(fields) => {
                for (_, v) in fields {
                    self.expr(v, d);
                }
            }
            ExprKind::MethodCall { receiver, args, .. } => {
                self.expr(receiver, d);
                for a in args {
                    self.expr(a, d);
                }
            }
        }
    }
}

/// Records an error for every undeclared entity type, entity or action in `policy`.
pub(crate) fn check_names(schema: &Schema, policy: &Policy, errors: &mut Vec<(Loc, K)>) {
    let mut c = Checker { schema, errors };
    c.scope(
        &policy.principal,
        scope_loc(policy, policy.scope_locs.principal),
    );
    c.scope(
        &policy.resource,
        scope_loc(policy, policy.scope_locs.resource),
    );
    match &policy.action {
        ActionConstraint::Any => {}
        ActionConstraint::Eq(u) | ActionConstraint::In(u) => {
            c.uid(u, scope_loc(policy, policy.scope_locs.action))
        }
        ActionConstraint::InList(us) => {
            for u in us {
                c.uid(u, scope_loc(policy, policy.scope_locs.action));
            }
        }
    }
    for cond in &policy.conditions {
        c.expr(&cond.body, 0);
    }
}

/// The location of a scope constraint, or the whole policy's when the policy was not
/// parsed from text.
fn scope_loc(policy: &Policy, constraint: Loc) -> Loc {
    if constraint.is_none() {
        policy.loc
    } else {
        constraint
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_pick_close_names() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        let names = ["User", "Photo", "Album"];
        assert_eq!(suggest("Usr", names.iter().copied()), Some("User"));
        assert_eq!(suggest("Phto", names.iter().copied()), Some("Photo"));
        assert_eq!(suggest("Zebra", names.iter().copied()), None);
    }
}
