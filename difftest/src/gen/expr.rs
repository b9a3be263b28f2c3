//! Expressions: conditions over the request, the entities' attributes and tags, using
//! every Cedar operator and extension function.
//!
//! Expressions are built by type. Leaves are literals and attribute paths that exist in
//! the universe, so most expressions evaluate; in loose mode (ABAC) optional attributes
//! are read without a guard, some operands have the wrong type and malformed extension
//! literals appear, so errors happen too. In strict mode (typed) every expression is
//! meant to pass the strict validator: optional attributes and tags are guarded by
//! `has` / `hasTag`, operands have the right types, and literals are well formed.

use super::choose::Chooser;
use super::universe::{
    Attr, Ty, Universe, DATETIMES, DECIMALS, DURATIONS, IDS, IPS, LONGS, MALFORMED, STRINGS,
    TAG_KEYS,
};

/// Patterns for `like`.
const PATTERNS: &[&str] = &[
    "*",
    "a*",
    "*b",
    "a*c*",
    "",
    "alice",
    "\\*",
    "x y",
    "a\\*c",
    "caf*",
    "\\u{e9}*",
    "*\\u{1F600}",
    "**",
    "\\t*",
];

/// Extension calls with the wrong number of arguments (loose mode only).
pub const WRONG_ARITY_CALLS: &[&str] = &[
    "ip()",
    "decimal(\"1.0\", \"2.0\")",
    "ip(\"10.0.0.1\").isIpv4(1)",
    "decimal(\"1.0\").lessThan()",
    "datetime(\"2024-01-01\").toDate(1)",
    "duration(\"1h\").toDays(1)",
];

/// An attribute path from `principal`, `resource` or `context`, with the `has` tests
/// that make reading it safe.
#[derive(Clone, Debug)]
struct Path {
    text: String,
    ty: Ty,
    guards: Vec<String>,
}

/// Generates expressions for one policy.
pub struct ExprGen<'g, 'd> {
    u: &'g Universe,
    ch: &'g mut Chooser<'d>,
    strict: bool,
    principal: &'static str,
    resource: &'static str,
    paths: Vec<Path>,
}

impl<'g, 'd> ExprGen<'g, 'd> {
    /// A generator for a policy whose principal and resource have the given types.
    pub fn new(
        u: &'g Universe,
        ch: &'g mut Chooser<'d>,
        strict: bool,
        principal: &'static str,
        resource: &'static str,
    ) -> ExprGen<'g, 'd> {
        let mut paths = Vec::new();
        let roots = [
            ("principal".to_string(), Ty::Entity(principal)),
            ("resource".to_string(), Ty::Entity(resource)),
            ("context".to_string(), Ty::Record(u.context.clone())),
        ];
        for (text, ty) in roots {
            collect_paths(u, &text, &ty, &[], 2, &mut paths);
        }
        ExprGen {
            u,
            ch,
            strict,
            principal,
            resource,
            paths,
        }
    }

    fn paths_of(&self, ty: &Ty) -> Vec<Path> {
        self.paths
            .iter()
            .filter(|p| &p.ty == ty && (!self.strict || p.guards.is_empty()))
            .cloned()
            .collect()
    }

    /// A call of the extension constructor `f` on an argument from `pool`, or in loose
    /// mode sometimes on a malformed one.
    fn extension_literal(&mut self, f: &str, pool: &[&'static str]) -> String {
        let bad: Vec<&str> = MALFORMED
            .iter()
            .filter(|(g, _)| *g == f)
            .map(|(_, a)| *a)
            .collect();
        let arg = if !self.strict && self.ch.chance(8) {
            self.ch.word(&bad)
        } else {
            self.ch.word(pool)
        };
        format!("{f}(\"{arg}\")")
    }

    /// A type for operands whose type is free (`==`, `if`).
    fn any_ty(&mut self) -> Ty {
        match self.ch.below(9) {
            0 => Ty::Long,
            1 => Ty::String,
            2 => Ty::Bool,
            3 => Ty::Entity(self.principal),
            4 => Ty::Set(Box::new(Ty::Long)),
            5 => Ty::Decimal,
            6 => Ty::Ip,
            7 => Ty::Datetime,
            _ => Ty::Duration,
        }
    }

    /// An expression of type `ty` (in loose mode, occasionally of another type).
    pub fn expr(&mut self, ty: &Ty, depth: u32) -> String {
        if !self.strict && depth > 0 && self.ch.chance(3) {
            let other = self.any_ty();
            return self.expr(&other, depth - 1);
        }
        // Half the time (and always at depth 0) a leaf: a literal or an attribute path.
        let paths = self.paths_of(ty);
        if depth == 0 || !self.ch.chance(60) {
            if !paths.is_empty() && self.ch.chance(60) {
                if let Some(p) = self.ch.pick(&paths) {
                    return p.text.clone();
                }
            }
            return self.literal(ty);
        }
        let d = depth - 1;
        if self.ch.chance(8) {
            let c = self.bool_expr(d);
            let a = self.expr(ty, d);
            let b = self.expr(ty, d);
            return format!("(if {c} then {a} else {b})");
        }
        match ty {
            Ty::Bool => self.bool_expr(depth),
            Ty::Long => self.long_expr(d),
            Ty::Datetime => match self.ch.below(3) {
                0 => self.literal(ty),
                1 => format!(
                    "{}.offset({})",
                    self.expr(&Ty::Datetime, d),
                    self.expr(&Ty::Duration, d)
                ),
                _ => format!("{}.toDate()", self.expr(&Ty::Datetime, d)),
            },
            Ty::Duration => match self.ch.below(3) {
                0 => self.literal(ty),
                1 => format!("{}.toTime()", self.expr(&Ty::Datetime, d)),
                _ => format!(
                    "{}.durationSince({})",
                    self.expr(&Ty::Datetime, d),
                    self.expr(&Ty::Datetime, d)
                ),
            },
            Ty::Set(elem) => {
                let n = 1 + self.ch.below(3);
                let items: Vec<String> = (0..n).map(|_| self.expr(elem, d)).collect();
                format!("[{}]", items.join(", "))
            }
            Ty::Record(attrs) => self.record_literal(attrs, d),
            _ => self.literal(ty),
        }
    }

    fn literal(&mut self, ty: &Ty) -> String {
        match ty {
            Ty::Bool => if self.ch.chance(50) { "true" } else { "false" }.into(),
            Ty::Long => {
                let n = self.ch.pick(LONGS).copied().unwrap_or(0);
                // `i64::MIN` has no literal of its own; write it as Cedar does.
                // Negative literals in parentheses: `-1.isEmpty()` is `-(1.isEmpty())`.
                if n < 0 {
                    format!("({n})")
                } else {
                    n.to_string()
                }
            }
            Ty::String => {
                let raw = self.ch.word(STRINGS);
                let escape_all = self.ch.chance(30);
                quote(raw, escape_all)
            }
            Ty::Entity(t) => {
                if *t == self.principal && self.ch.chance(50) {
                    "principal".into()
                } else if *t == self.resource && self.ch.chance(50) {
                    "resource".into()
                } else {
                    format!("{t}::\"{}\"", self.ch.word(IDS))
                }
            }
            Ty::Set(elem) => {
                let n = if self.strict { 1 } else { 0 } + self.ch.below(3);
                let items: Vec<String> = (0..n).map(|_| self.literal(elem)).collect();
                format!("[{}]", items.join(", "))
            }
            Ty::Record(attrs) => {
                if attrs == &self.u.context && self.ch.chance(50) {
                    "context".into()
                } else {
                    self.record_literal(attrs, 0)
                }
            }
            Ty::Decimal => self.extension_literal("decimal", DECIMALS),
            Ty::Ip => self.extension_literal("ip", IPS),
            Ty::Datetime => self.extension_literal("datetime", DATETIMES),
            Ty::Duration => self.extension_literal("duration", DURATIONS),
        }
    }

    fn record_literal(&mut self, attrs: &[Attr], depth: u32) -> String {
        let mut fields = Vec::new();
        for a in attrs {
            if a.required || self.ch.chance(50) {
                let v = self.expr(&a.ty, depth);
                fields.push(format!("{}: {v}", a.name));
            }
        }
        format!("{{{}}}", fields.join(", "))
    }

    fn long_expr(&mut self, d: u32) -> String {
        match self.ch.below(8) {
            0 => self.literal(&Ty::Long),
            7 => format!(
                "({} + {})",
                self.expr(&Ty::Long, d),
                self.expr(&Ty::Long, d)
            ),
            1 => format!(
                "({} - {})",
                self.expr(&Ty::Long, d),
                self.expr(&Ty::Long, d)
            ),
            2 => format!(
                "({} * {})",
                self.expr(&Ty::Long, d),
                self.expr(&Ty::Long, d)
            ),
            3 => format!("(-{})", self.expr(&Ty::Long, d)),
            4 => {
                let m = self.ch.word(&[
                    "toMilliseconds",
                    "toSeconds",
                    "toMinutes",
                    "toHours",
                    "toDays",
                ]);
                format!("{}.{m}()", self.expr(&Ty::Duration, d))
            }
            5 if !self.strict => {
                let e = self.expr(&Ty::Entity(self.principal), d);
                format!("{e}.getTag(\"{}\")", self.ch.word(TAG_KEYS))
            }
            _ => self.literal(&Ty::Long),
        }
    }

    /// A boolean expression: the condition of a `when` or `unless`.
    pub fn bool_expr(&mut self, depth: u32) -> String {
        if depth == 0 {
            return self.bool_leaf();
        }
        let d = depth - 1;
        match self.ch.below(if self.strict { 16 } else { 20 }) {
            0 => self.bool_leaf(),
            1 => format!("({} && {})", self.bool_expr(d), self.bool_expr(d)),
            2 => format!("({} || {})", self.bool_expr(d), self.bool_expr(d)),
            3 => format!("!{}", self.bool_expr(d)),
            4 | 5 => {
                let ty = self.any_ty();
                let op = if self.ch.chance(50) { "!=" } else { "==" };
                format!("({} {op} {})", self.expr(&ty, d), self.expr(&ty, d))
            }
            6 | 7 => {
                let op = self.ch.word(&["<", "<=", ">", ">="]);
                let ty = if !self.strict && self.ch.chance(25) {
                    if self.ch.chance(50) {
                        Ty::Datetime
                    } else {
                        Ty::Duration
                    }
                } else {
                    Ty::Long
                };
                format!("({} {op} {})", self.expr(&ty, d), self.expr(&ty, d))
            }
            8 => self.in_expr(d),
            9 => format!(
                "({} like \"{}\")",
                self.expr(&Ty::String, d),
                self.ch.word(PATTERNS)
            ),
            10 => self.is_expr(d),
            11 => self.set_method(d),
            12 => self.has_expr(),
            13 => self.tag_expr(d),
            14 => self.extension_test(d),
            15 => self.guarded(d),
            16 => {
                let (a, b) = (self.any_ty(), self.any_ty());
                format!("({} == {})", self.expr(&a, d), self.expr(&b, d))
            }
            17 => self.odd_access(d),
            18 => {
                let ty = self.any_ty();
                let m = self.ch.word(&["contains", "containsAll", "containsAny"]);
                format!("{}.{m}({})", self.expr(&ty, d), self.expr(&ty, d))
            }
            _ => {
                let ty = self.any_ty();
                let rhs = self.expr(&ty, d);
                format!("({} in {rhs})", self.entity_operand(d))
            }
        }
    }

    fn bool_leaf(&mut self) -> String {
        match self.ch.below(5) {
            0 => self.literal(&Ty::Bool),
            1 => {
                let paths = self.paths_of(&Ty::Bool);
                match self.ch.pick(&paths) {
                    Some(p) => p.text.clone(),
                    None => "true".into(),
                }
            }
            2 => self.has_expr(),
            3 => self.is_expr(0),
            _ => self.in_expr(0),
        }
    }

    fn entity_operand(&mut self, d: u32) -> String {
        let t = if self.ch.chance(50) {
            self.principal
        } else {
            self.resource
        };
        self.expr(&Ty::Entity(t), d)
    }

    fn parent_literal(&mut self, of: &'static str) -> String {
        let mut options = vec![of];
        if let Some(t) = self.u.entity_type(of) {
            options.extend(t.parents.iter().copied());
        }
        let t = self.ch.pick(&options).copied().unwrap_or(of);
        format!("{t}::\"{}\"", self.ch.word(IDS))
    }

    fn in_expr(&mut self, d: u32) -> String {
        let t = if self.ch.chance(50) {
            self.principal
        } else {
            self.resource
        };
        let lhs = self.expr(&Ty::Entity(t), d);
        if self.ch.chance(30) {
            let n = 1 + self.ch.below(3);
            let items: Vec<String> = (0..n).map(|_| self.parent_literal(t)).collect();
            format!("({lhs} in [{}])", items.join(", "))
        } else {
            format!("({lhs} in {})", self.parent_literal(t))
        }
    }

    fn is_expr(&mut self, d: u32) -> String {
        let lhs = self.entity_operand(d);
        let names: Vec<&'static str> = self.u.types.iter().map(|t| t.name).collect();
        let t = self.ch.pick(&names).copied().unwrap_or("User");
        if self.ch.chance(30) {
            let rhs = self.parent_literal(t);
            format!("({lhs} is {t} in {rhs})")
        } else {
            format!("({lhs} is {t})")
        }
    }

    fn set_method(&mut self, d: u32) -> String {
        let elem = match self.ch.below(3) {
            0 => Ty::String,
            1 => Ty::Long,
            _ => Ty::Entity(self.principal),
        };
        let set_ty = Ty::Set(Box::new(elem.clone()));
        let set = self.expr(&set_ty, d);
        match self.ch.below(4) {
            0 => format!("{set}.contains({})", self.expr(&elem, d)),
            1 => format!("{set}.containsAll({})", self.expr(&set_ty, d)),
            2 => format!("{set}.containsAny({})", self.expr(&set_ty, d)),
            _ => format!("{set}.isEmpty()"),
        }
    }

    fn has_expr(&mut self) -> String {
        let (root, attrs) = match self.ch.below(3) {
            0 => ("principal", self.attrs_of(self.principal)),
            1 => ("resource", self.attrs_of(self.resource)),
            _ => ("context", self.u.context.clone()),
        };
        let name = match self.ch.pick(&attrs) {
            Some(a) if !self.ch.chance(10) => a.name,
            _ => "missing",
        };
        format!("({root} has {name})")
    }

    /// Attribute access in its other spellings: `e["name"]`, `e has "name"`, and on
    /// values that are not entities or records.
    fn odd_access(&mut self, d: u32) -> String {
        let attrs = self.attrs_of(self.principal);
        let name = self.ch.pick(&attrs).map_or("age", |a| a.name);
        match self.ch.below(4) {
            0 => format!("(principal has \"{name}\")"),
            1 => format!("(principal[\"{name}\"] == {})", self.expr(&Ty::Long, d)),
            2 => {
                let ty = self.any_ty();
                format!("({} has {name})", self.expr(&ty, d))
            }
            _ => format!("(context[\"level\"] == {})", self.expr(&Ty::Long, d)),
        }
    }

    fn attrs_of(&self, ty: &str) -> Vec<Attr> {
        self.u
            .entity_type(ty)
            .map(|t| t.attrs.clone())
            .unwrap_or_default()
    }

    fn tag_expr(&mut self, d: u32) -> String {
        let tagged: Vec<(&'static str, Ty)> = [self.principal, self.resource]
            .iter()
            .filter_map(|n| {
                self.u
                    .entity_type(n)
                    .and_then(|t| Some((t.name, t.tags.clone()?)))
            })
            .collect();
        let key = self.ch.word(TAG_KEYS);
        let Some((t, ty)) = self.ch.pick(&tagged).cloned() else {
            return self.has_expr();
        };
        let root = if t == self.principal {
            "principal"
        } else {
            "resource"
        };
        let v = self.expr(&ty, d);
        if self.strict || self.ch.chance(50) {
            format!("({root}.hasTag(\"{key}\") && {root}.getTag(\"{key}\") == {v})")
        } else if self.ch.chance(50) {
            format!("({root}.getTag(\"{key}\") == {v})")
        } else {
            format!("{root}.hasTag(\"{key}\")")
        }
    }

    fn extension_test(&mut self, d: u32) -> String {
        // Loose policies sometimes call an extension function with the wrong arity.
        if !self.strict && self.ch.chance(3) {
            return self.ch.word(WRONG_ARITY_CALLS).to_string();
        }
        if self.ch.chance(50) {
            let m = self.ch.word(&[
                "lessThan",
                "lessThanOrEqual",
                "greaterThan",
                "greaterThanOrEqual",
            ]);
            format!(
                "{}.{m}({})",
                self.expr(&Ty::Decimal, d),
                self.expr(&Ty::Decimal, d)
            )
        } else {
            let ip = self.expr(&Ty::Ip, d);
            match self.ch.below(5) {
                0 => format!("{ip}.isInRange({})", self.expr(&Ty::Ip, d)),
                1 => format!("{ip}.isIpv4()"),
                2 => format!("{ip}.isIpv6()"),
                3 => format!("{ip}.isLoopback()"),
                _ => format!("{ip}.isMulticast()"),
            }
        }
    }

    /// An optional attribute read behind its `has` tests (how strict policies reach
    /// optional attributes); in loose mode the guard is sometimes dropped.
    fn guarded(&mut self, d: u32) -> String {
        let optional: Vec<Path> = self
            .paths
            .iter()
            .filter(|p| !p.guards.is_empty())
            .cloned()
            .collect();
        let Some(p) = self.ch.pick(&optional).cloned() else {
            return self.has_expr();
        };
        let test = match &p.ty {
            Ty::Bool => p.text.clone(),
            Ty::Long => format!("({} < {})", p.text, self.expr(&Ty::Long, d)),
            Ty::String => format!("({} like \"{}\")", p.text, self.ch.word(PATTERNS)),
            Ty::Set(elem) => format!("{}.contains({})", p.text, self.expr(elem, d)),
            Ty::Entity(t) => format!("({} in {})", p.text, self.parent_literal(t)),
            ty => format!("({} == {})", p.text, self.expr(ty, d)),
        };
        if !self.strict && self.ch.chance(30) {
            test
        } else {
            format!("({} && {test})", p.guards.join(" && "))
        }
    }
}

/// A Cedar string literal for `raw`: quotes, backslashes and control characters
/// escaped; other characters outside ASCII escaped as `\u{…}` when `escape_all`.
fn quote(raw: &str, escape_all: bool) -> String {
    let mut out = String::from("\"");
    for c in raw.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\0' => out.push_str("\\0"),
            c if (c as u32) < 0x20 || (escape_all && !c.is_ascii()) => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Adds every attribute path below `text` (of type `ty`) to `out`, `hops` levels deep.
fn collect_paths(
    u: &Universe,
    text: &str,
    ty: &Ty,
    guards: &[String],
    hops: u32,
    out: &mut Vec<Path>,
) {
    if hops == 0 {
        return;
    }
    let attrs = match ty {
        Ty::Entity(t) => u
            .entity_type(t)
            .map(|t| t.attrs.clone())
            .unwrap_or_default(),
        Ty::Record(attrs) if text != "context" || hops == 2 => attrs.clone(),
        _ => return,
    };
    for a in attrs {
        let mut g = guards.to_vec();
        if !a.required {
            g.push(format!("{text} has {}", a.name));
        }
        let path = format!("{text}.{}", a.name);
        collect_paths(u, &path, &a.ty, &g, hops - 1, out);
        out.push(Path {
            text: path,
            ty: a.ty,
            guards: g,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cedrus_policy::parser::parse_policies;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn conditions_parse(data in proptest::collection::vec(any::<u32>(), 0..300), strict: bool) {
            let u = Universe::abac();
            let mut ch = Chooser::new(&data);
            let cond = ExprGen::new(&u, &mut ch, strict, "User", "Doc").bool_expr(4);
            let text = format!("permit(principal, action, resource) when {{ {cond} }};");
            let deliberate = WRONG_ARITY_CALLS.iter().any(|c| text.contains(c));
            prop_assert!(deliberate || parse_policies(&text).is_ok(), "{}", text);
        }
    }

    #[test]
    fn paths_carry_their_guards() {
        let u = Universe::abac();
        let mut ch = Chooser::new(&[]);
        let g = ExprGen::new(&u, &mut ch, true, "User", "Doc");
        let p = g.paths.iter().find(|p| p.text == "principal.manager.age");
        assert_eq!(
            p.map(|p| p.guards.clone()),
            Some(vec!["principal has manager".to_string()])
        );
    }
}
