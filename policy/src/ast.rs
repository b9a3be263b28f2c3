//! The abstract syntax of Cedar policies.
//!
//! The tree keeps the surface operators (`!=`, `>`, `.contains(…)`, `e["a"]` versus
//! `e.a` aside) so that the formatter can print a policy back in the form its author
//! wrote it, and every node carries the byte range it came from ([`Loc`]) so that
//! evaluation and validation errors can point into the source.
//!
//! Trees produced by the parser are at most [`MAX_EXPR_DEPTH`] levels deep; code that
//! walks them recursively relies on that bound.

use std::collections::BTreeMap;
use std::fmt;

use smol_str::SmolStr;

use crate::value::{EntityUid, Name};

/// The deepest expression tree the parser accepts. Every recursive walk over an
/// expression (evaluation, formatting, validation, conversion) stays within this
/// many frames, so a hostile policy gets a parse error instead of a stack overflow.
pub const MAX_EXPR_DEPTH: usize = 256;

/// A byte range `start..end` in the source text a node was parsed from.
///
/// Nodes built by hand (in tests or by generators) use [`Loc::NONE`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc {
    /// Offset of the first byte.
    pub start: u32,
    /// Offset one past the last byte.
    pub end: u32,
}

impl Loc {
    /// The location of a node that has no source text.
    pub const NONE: Loc = Loc { start: 0, end: 0 };

    /// The range `start..end`.
    pub fn new(start: usize, end: usize) -> Loc {
        Loc {
            start: start.min(u32::MAX as usize) as u32,
            end: end.min(u32::MAX as usize) as u32,
        }
    }

    /// The smallest range covering both `self` and `other`.
    pub fn join(self, other: Loc) -> Loc {
        Loc {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Whether this location points at real source text.
    pub fn is_none(self) -> bool {
        self == Loc::NONE
    }
}

/// The identifier of a policy, template or template link.
pub type PolicyId = SmolStr;

/// Whether a satisfied policy grants or refuses access.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Effect {
    /// `permit`
    Permit,
    /// `forbid`
    Forbid,
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Effect::Permit => "permit",
            Effect::Forbid => "forbid",
        })
    }
}

/// A template slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SlotId {
    /// `?principal`
    Principal,
    /// `?resource`
    Resource,
}

impl fmt::Display for SlotId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SlotId::Principal => "?principal",
            SlotId::Resource => "?resource",
        })
    }
}

/// One of the four request variables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Var {
    /// `principal`
    Principal,
    /// `action`
    Action,
    /// `resource`
    Resource,
    /// `context`
    Context,
}

impl fmt::Display for Var {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Var::Principal => "principal",
            Var::Action => "action",
            Var::Resource => "resource",
            Var::Context => "context",
        })
    }
}

/// The right-hand side of a principal or resource scope constraint: a literal
/// entity or a template slot.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum EntityRef {
    /// A literal entity, `User::"alice"`.
    Uid(EntityUid),
    /// A slot filled in when the template is linked.
    Slot(SlotId),
}

/// The constraint a policy's scope puts on the principal or on the resource.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ScopeConstraint {
    /// No constraint: `principal`.
    Any,
    /// `principal == E`
    Eq(EntityRef),
    /// `principal in E`
    In(EntityRef),
    /// `principal is T`
    Is(Name),
    /// `principal is T in E`
    IsIn(Name, EntityRef),
}

/// The constraint a policy's scope puts on the action.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ActionConstraint {
    /// No constraint: `action`.
    Any,
    /// `action == A`
    Eq(EntityUid),
    /// `action in A`
    In(EntityUid),
    /// `action in [A, B, …]`
    InList(Vec<EntityUid>),
}

/// Whether a condition must hold (`when`) or must not hold (`unless`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConditionKind {
    /// `when { … }`
    When,
    /// `unless { … }`
    Unless,
}

/// One `when` or `unless` clause.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Condition {
    /// `when` or `unless`.
    pub kind: ConditionKind,
    /// The body.
    pub body: Expr,
    /// The whole clause, keyword to closing brace.
    pub loc: Loc,
}

/// An annotation `@key("value")`; `@key` alone has the empty string as its value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Annotation {
    /// The key, an identifier.
    pub key: SmolStr,
    /// The value; `None` for `@key` without a value.
    pub value: Option<SmolStr>,
    /// Where the annotation stands.
    pub loc: Loc,
}

/// Where the three constraints of a policy's scope stand in the source (each from the
/// variable to the end of its constraint, as `principal in Group::"a"`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ScopeLocs {
    /// The principal constraint.
    pub principal: Loc,
    /// The action constraint.
    pub action: Loc,
    /// The resource constraint.
    pub resource: Loc,
}

/// A policy or a template (a template is a policy whose scope mentions a slot).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Policy {
    /// `policy0`, `policy1`, … in file order, or the id given when linking.
    pub id: PolicyId,
    /// Annotations in source order (`@id` among them; it does not change `id`).
    pub annotations: Vec<Annotation>,
    /// `permit` or `forbid`.
    pub effect: Effect,
    /// The principal part of the scope.
    pub principal: ScopeConstraint,
    /// The action part of the scope.
    pub action: ActionConstraint,
    /// The resource part of the scope.
    pub resource: ScopeConstraint,
    /// The `when` and `unless` clauses, in order.
    pub conditions: Vec<Condition>,
    /// For a policy linked from a template: the template's id.
    pub template_id: Option<PolicyId>,
    /// The whole policy, first annotation to semicolon.
    pub loc: Loc,
    /// The scope constraints' own locations.
    pub scope_locs: ScopeLocs,
}

impl Policy {
    /// Whether the scope mentions a slot, making this a template.
    pub fn is_template(&self) -> bool {
        let slotted = |c: &ScopeConstraint| {
            matches!(
                c,
                ScopeConstraint::Eq(EntityRef::Slot(_))
                    | ScopeConstraint::In(EntityRef::Slot(_))
                    | ScopeConstraint::IsIn(_, EntityRef::Slot(_))
            )
        };
        slotted(&self.principal) || slotted(&self.resource)
    }

    /// The value of annotation `key`, if present (`Some("")` for a bare `@key`).
    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.annotations
            .iter()
            .find(|a| a.key == key)
            .map(|a| a.value.as_deref().unwrap_or(""))
    }
}

/// A link of a template: the template's id, the new policy's id and the slot values.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TemplateLink {
    /// The id of the linked policy.
    pub id: PolicyId,
    /// The id of the template.
    pub template_id: PolicyId,
    /// The entity each slot is filled with.
    pub values: BTreeMap<SlotId, EntityUid>,
}

/// An expression with its source location.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Expr {
    /// What kind of expression this is.
    pub kind: ExprKind,
    /// Where it stands in the source.
    pub loc: Loc,
}

impl Expr {
    /// An expression with no source location.
    pub fn new(kind: ExprKind) -> Expr {
        Expr {
            kind,
            loc: Loc::NONE,
        }
    }

    /// The same expression at `loc`.
    pub fn at(kind: ExprKind, loc: Loc) -> Expr {
        Expr { kind, loc }
    }
}

/// A literal value written in a policy.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Literal {
    /// `true`, `false`
    Bool(bool),
    /// A 64-bit integer (a leading `-` on a literal folds into it).
    Long(i64),
    /// A string, escapes already decoded.
    String(SmolStr),
    /// `Type::"id"`
    Entity(EntityUid),
}

/// A prefix operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `!e`
    Not,
    /// `-e`
    Neg,
}

/// An infix operator other than `&&` and `||` (which short-circuit).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `==`
    Eq,
    /// `!=`
    NotEq,
    /// `<`
    Less,
    /// `<=`
    LessEq,
    /// `>`
    Greater,
    /// `>=`
    GreaterEq,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `in`
    In,
}

impl BinaryOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Eq => "==",
            BinaryOp::NotEq => "!=",
            BinaryOp::Less => "<",
            BinaryOp::LessEq => "<=",
            BinaryOp::Greater => ">",
            BinaryOp::GreaterEq => ">=",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::In => "in",
        }
    }
}

/// A built-in method of sets and entities, or an extension function or method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Builtin {
    /// `set.contains(x)`
    Contains,
    /// `set.containsAll(set)`
    ContainsAll,
    /// `set.containsAny(set)`
    ContainsAny,
    /// `set.isEmpty()`
    IsEmpty,
    /// `entity.hasTag(string)`
    HasTag,
    /// `entity.getTag(string)`
    GetTag,
    /// An extension function or method.
    Ext(ExtFn),
}

impl Builtin {
    /// The method name as written.
    pub fn name(self) -> &'static str {
        match self {
            Builtin::Contains => "contains",
            Builtin::ContainsAll => "containsAll",
            Builtin::ContainsAny => "containsAny",
            Builtin::IsEmpty => "isEmpty",
            Builtin::HasTag => "hasTag",
            Builtin::GetTag => "getTag",
            Builtin::Ext(f) => f.name(),
        }
    }

    /// The built-in or extension method called `name`, if any.
    pub fn method(name: &str) -> Option<Builtin> {
        Some(match name {
            "contains" => Builtin::Contains,
            "containsAll" => Builtin::ContainsAll,
            "containsAny" => Builtin::ContainsAny,
            "isEmpty" => Builtin::IsEmpty,
            "hasTag" => Builtin::HasTag,
            "getTag" => Builtin::GetTag,
            other => match ExtFn::from_name(other) {
                Some(f) if f.is_method() => Builtin::Ext(f),
                _ => return None,
            },
        })
    }

    /// The number of arguments the method takes besides its receiver.
    pub fn arity(self) -> usize {
        match self {
            Builtin::IsEmpty => 0,
            Builtin::Contains
            | Builtin::ContainsAll
            | Builtin::ContainsAny
            | Builtin::HasTag
            | Builtin::GetTag => 1,
            Builtin::Ext(f) => f.arity() - 1,
        }
    }
}

macro_rules! ext_functions {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $arity:literal, $style:ident; )*) => {
        /// The functions and methods of the `decimal`, `ipaddr` and `datetime` extensions.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ExtFn {
            $( $(#[$doc])* $variant, )*
        }

        impl ExtFn {
            /// Every extension function, in declaration order.
            pub const ALL: &'static [ExtFn] = &[ $( ExtFn::$variant, )* ];

            /// The name as written in policies.
            pub fn name(self) -> &'static str {
                match self { $( ExtFn::$variant => $name, )* }
            }

            /// The number of arguments, counting a method's receiver.
            pub fn arity(self) -> usize {
                match self { $( ExtFn::$variant => $arity, )* }
            }

            /// Whether it is called as a method (`a.lessThan(b)`) rather than as a
            /// function (`decimal("1.0")`).
            pub fn is_method(self) -> bool {
                match self { $( ExtFn::$variant => ext_functions!(@method $style), )* }
            }

            /// The extension function called `name`, if any.
            pub fn from_name(name: &str) -> Option<ExtFn> {
                match name { $( $name => Some(ExtFn::$variant), )* _ => None }
            }
        }
    };
    (@method method) => { true };
    (@method function) => { false };
}

ext_functions! {
    /// `decimal("1.23")`
    Decimal = "decimal", 1, function;
    /// `d.lessThan(e)` on decimals
    LessThan = "lessThan", 2, method;
    /// `d.lessThanOrEqual(e)` on decimals
    LessThanOrEqual = "lessThanOrEqual", 2, method;
    /// `d.greaterThan(e)` on decimals
    GreaterThan = "greaterThan", 2, method;
    /// `d.greaterThanOrEqual(e)` on decimals
    GreaterThanOrEqual = "greaterThanOrEqual", 2, method;
    /// `ip("10.0.0.1/8")`
    Ip = "ip", 1, function;
    /// `a.isIpv4()`
    IsIpv4 = "isIpv4", 1, method;
    /// `a.isIpv6()`
    IsIpv6 = "isIpv6", 1, method;
    /// `a.isLoopback()`
    IsLoopback = "isLoopback", 1, method;
    /// `a.isMulticast()`
    IsMulticast = "isMulticast", 1, method;
    /// `a.isInRange(b)`
    IsInRange = "isInRange", 2, method;
    /// `datetime("2024-10-15T11:35:00Z")`
    Datetime = "datetime", 1, function;
    /// `duration("1d2h")`
    Duration = "duration", 1, function;
    /// `dt.offset(dur)`
    Offset = "offset", 2, method;
    /// `dt.durationSince(dt2)`
    DurationSince = "durationSince", 2, method;
    /// `dt.toDate()`
    ToDate = "toDate", 1, method;
    /// `dt.toTime()`
    ToTime = "toTime", 1, method;
    /// `dur.toMilliseconds()`
    ToMilliseconds = "toMilliseconds", 1, method;
    /// `dur.toSeconds()`
    ToSeconds = "toSeconds", 1, method;
    /// `dur.toMinutes()`
    ToMinutes = "toMinutes", 1, method;
    /// `dur.toHours()`
    ToHours = "toHours", 1, method;
    /// `dur.toDays()`
    ToDays = "toDays", 1, method;
}

/// One element of a `like` pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PatternElem {
    /// A literal character (`\*` in the source is a literal `*`).
    Char(char),
    /// `*`, matching any sequence of characters.
    Wildcard,
}

/// The pattern of a `like` expression.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Pattern {
    /// The elements, in order.
    pub elems: Vec<PatternElem>,
}

/// The kinds of expression.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ExprKind {
    /// A literal.
    Lit(Literal),
    /// `principal`, `action`, `resource` or `context`.
    Var(Var),
    /// `?principal` or `?resource` (only in template scopes before linking).
    Slot(SlotId),
    /// `if c then a else b`
    If {
        /// The condition.
        cond: Box<Expr>,
        /// The value when the condition holds.
        then_expr: Box<Expr>,
        /// The value otherwise.
        else_expr: Box<Expr>,
    },
    /// `a && b`
    And(Box<Expr>, Box<Expr>),
    /// `a || b`
    Or(Box<Expr>, Box<Expr>),
    /// `!e` or `-e`
    Unary(UnaryOp, Box<Expr>),
    /// `a op b`
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `e.attr` (`bracket`: written `e["attr"]`)
    GetAttr {
        /// The record or entity.
        expr: Box<Expr>,
        /// The attribute.
        attr: SmolStr,
        /// Whether the source used the `e["attr"]` form.
        bracket: bool,
    },
    /// `e has attr` (`quoted`: written `e has "attr"`). The `e has a.b` form is
    /// parsed as `e has a && e.a has b`.
    HasAttr {
        /// The record or entity.
        expr: Box<Expr>,
        /// The attribute.
        attr: SmolStr,
        /// Whether the attribute was written as a string.
        quoted: bool,
    },
    /// `e like "pat*"`
    Like(Box<Expr>, Pattern),
    /// `e is T` or `e is T in x`
    Is {
        /// The tested expression.
        expr: Box<Expr>,
        /// The entity type.
        entity_type: Name,
        /// The `in` part, if present.
        in_expr: Option<Box<Expr>>,
    },
    /// `[a, b, …]`
    Set(Vec<Expr>),
    /// `{ a: x, "b": y }`; keys in source order, duplicates rejected by the parser.
    Record(Vec<(SmolStr, Expr)>),
    /// `receiver.method(args)`
    MethodCall {
        /// The method.
        method: Builtin,
        /// The receiver.
        receiver: Box<Expr>,
        /// The arguments after the receiver.
        args: Vec<Expr>,
    },
    /// `f(args)` for an extension function written in function style.
    Call {
        /// The function.
        func: ExtFn,
        /// The arguments.
        args: Vec<Expr>,
    },
}
