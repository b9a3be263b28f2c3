//! Errors reported by the kernel.

use crate::name::Name;
use std::fmt;

/// Why a declaration was refused. Every variant names the declaration being checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KernelError {
    /// A constant with this name already exists.
    DuplicateConstant {
        /// The declaration being checked.
        decl: Name,
    },
    /// A term mentions a constant that is not in the environment.
    UnknownConstant {
        /// The declaration being checked.
        decl: Name,
        /// The constant concerned.
        name: Name,
    },
    /// A level mentions a universe parameter the declaration does not bind.
    UnknownLevelParam {
        /// The declaration being checked.
        decl: Name,
        /// The universe parameter concerned.
        param: Name,
    },
    /// A universe parameter is listed twice.
    DuplicateLevelParam {
        /// The declaration being checked.
        decl: Name,
        /// The universe parameter concerned.
        param: Name,
    },
    /// A constant is used with the wrong number of universe arguments.
    WrongLevelCount {
        /// The declaration being checked.
        decl: Name,
        /// The constant concerned.
        name: Name,
        /// What was expected.
        expected: usize,
        /// What was found.
        got: usize,
    },
    /// Two types that must be definitionally equal are not.
    TypeMismatch {
        /// The declaration being checked.
        decl: Name,
        /// Where the mismatch happened.
        context: String,
        /// What was expected.
        expected: String,
        /// What was found.
        got: String,
    },
    /// A term used as a type (binder domain, declaration type) is not a type.
    NotASort {
        /// The declaration being checked.
        decl: Name,
        /// Where the mismatch happened.
        context: String,
        /// The offending term, printed.
        term: String,
    },
    /// A term is applied but its type is not a function type.
    NotAFunction {
        /// The declaration being checked.
        decl: Name,
        /// The offending term, printed.
        term: String,
        /// Its type, printed (or the missing type's name).
        ty: String,
    },
    /// A theorem's statement is not a proposition.
    TheoremNotProp {
        /// The declaration being checked.
        decl: Name,
    },
    /// A term has a loose bound variable.
    LooseBoundVariable {
        /// The declaration being checked.
        decl: Name,
    },
    /// A declaration contains a free variable (only the checker creates them).
    UnexpectedFreeVariable {
        /// The declaration being checked.
        decl: Name,
    },
    /// A literal is used but its type (`Nat`, `String`, …) is not declared with the expected shape.
    LiteralTypeMissing {
        /// The declaration being checked.
        decl: Name,
        /// Its type, printed (or the missing type's name).
        ty: Name,
    },
    /// A projection is applied to a value whose type is not a structure, or out of range.
    BadProjection {
        /// The declaration being checked.
        decl: Name,
        /// What exactly is wrong.
        detail: String,
    },
    /// An inductive declaration is malformed (types, parameters, universes, names).
    BadInductive {
        /// The declaration being checked.
        decl: Name,
        /// What exactly is wrong.
        detail: String,
    },
    /// A constructor's type is malformed (result, parameters, fields).
    BadConstructor {
        /// The declaration being checked.
        decl: Name,
        /// The constructor concerned.
        ctor: Name,
        /// What exactly is wrong.
        detail: String,
    },
    /// A constructor field mentions an inductive being defined in a non-positive position.
    NonPositive {
        /// The declaration being checked.
        decl: Name,
        /// The constructor concerned.
        ctor: Name,
        /// What exactly is wrong.
        detail: String,
    },
    /// A constructor field lives in a universe larger than the inductive's.
    UniverseTooSmall {
        /// The declaration being checked.
        decl: Name,
        /// The constructor concerned.
        ctor: Name,
        /// What exactly is wrong.
        detail: String,
    },
    /// A nested occurrence that the kernel cannot translate.
    BadNested {
        /// The declaration being checked.
        decl: Name,
        /// What exactly is wrong.
        detail: String,
    },
    /// A declaration of a built-in (`Nat`, `Nat.add`, `String`, …) does not have the shape
    /// the literal extension relies on.
    BuiltinMismatch {
        /// The declaration being checked.
        decl: Name,
        /// What exactly is wrong.
        detail: String,
    },
    /// A term is nested more deeply than the kernel accepts.
    DeepTerm {
        /// The declaration being checked.
        decl: Name,
        /// Depth of the term.
        depth: u32,
        /// The limit in force.
        limit: u32,
    },
    /// Checking needed more reduction steps or recursion than allowed.
    ResourceLimit {
        /// The declaration being checked.
        decl: Name,
        /// Which limit was reached.
        what: String,
    },
    /// A term violates an invariant (e.g. a universe level nested too deeply).
    Malformed {
        /// The declaration being checked.
        decl: Name,
        /// What exactly is wrong.
        detail: String,
    },
}

impl KernelError {
    /// The declaration being checked when the error occurred.
    pub fn decl(&self) -> &Name {
        use KernelError::*;
        match self {
            DuplicateConstant { decl }
            | UnknownConstant { decl, .. }
            | UnknownLevelParam { decl, .. }
            | DuplicateLevelParam { decl, .. }
            | WrongLevelCount { decl, .. }
            | TypeMismatch { decl, .. }
            | NotASort { decl, .. }
            | NotAFunction { decl, .. }
            | TheoremNotProp { decl }
            | LooseBoundVariable { decl }
            | UnexpectedFreeVariable { decl }
            | LiteralTypeMissing { decl, .. }
            | BadProjection { decl, .. }
            | BadInductive { decl, .. }
            | BadConstructor { decl, .. }
            | NonPositive { decl, .. }
            | UniverseTooSmall { decl, .. }
            | BadNested { decl, .. }
            | BuiltinMismatch { decl, .. }
            | DeepTerm { decl, .. }
            | ResourceLimit { decl, .. }
            | Malformed { decl, .. } => decl,
        }
    }
}

impl fmt::Display for KernelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use KernelError::*;
        write!(f, "in `{}`: ", self.decl())?;
        match self {
            DuplicateConstant { .. } => write!(f, "a constant with this name already exists"),
            UnknownConstant { name, .. } => write!(f, "unknown constant `{name}`"),
            UnknownLevelParam { param, .. } => write!(f, "undeclared universe parameter `{param}`"),
            DuplicateLevelParam { param, .. } => {
                write!(f, "duplicate universe parameter `{param}`")
            }
            WrongLevelCount {
                name,
                expected,
                got,
                ..
            } => write!(
                f,
                "`{name}` expects {expected} universe argument(s), got {got}"
            ),
            TypeMismatch {
                context,
                expected,
                got,
                ..
            } => {
                write!(
                    f,
                    "type mismatch in {context}: expected {expected}, got {got}"
                )
            }
            NotASort { context, term, .. } => {
                write!(
                    f,
                    "{context}: `{term}` is not a type (its type is not a sort)"
                )
            }
            NotAFunction { term, ty, .. } => {
                write!(
                    f,
                    "`{term}` is applied but its type `{ty}` is not a function type"
                )
            }
            TheoremNotProp { .. } => write!(f, "the statement of a theorem must be a Prop"),
            LooseBoundVariable { .. } => write!(f, "term has a loose bound variable"),
            UnexpectedFreeVariable { .. } => write!(f, "term has a free variable"),
            LiteralTypeMissing { ty, .. } => {
                write!(
                    f,
                    "literal used but `{ty}` is not declared with its built-in shape"
                )
            }
            BadProjection { detail, .. } => write!(f, "invalid projection: {detail}"),
            BadInductive { detail, .. } => write!(f, "invalid inductive declaration: {detail}"),
            BadConstructor { ctor, detail, .. } => {
                write!(f, "invalid constructor `{ctor}`: {detail}")
            }
            NonPositive { ctor, detail, .. } => {
                write!(
                    f,
                    "non-positive occurrence in constructor `{ctor}`: {detail}"
                )
            }
            UniverseTooSmall { ctor, detail, .. } => {
                write!(
                    f,
                    "universe level too small for constructor `{ctor}`: {detail}"
                )
            }
            BadNested { detail, .. } => write!(f, "invalid nested inductive: {detail}"),
            BuiltinMismatch { detail, .. } => write!(f, "built-in declaration mismatch: {detail}"),
            DeepTerm { depth, limit, .. } => {
                write!(f, "term nested {depth} levels deep (limit {limit})")
            }
            ResourceLimit { what, .. } => write!(f, "resource limit reached: {what}"),
            Malformed { detail, .. } => write!(f, "malformed term: {detail}"),
        }
    }
}

impl std::error::Error for KernelError {}
