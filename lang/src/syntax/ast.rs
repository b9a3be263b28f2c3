//! The surface syntax tree.
//!
//! Every node that corresponds to a source region carries a [`Span`]. Equality on nodes is
//! structural and ignores spans, so that a tree can be compared with the tree obtained by
//! printing and re-parsing it.

use std::sync::Arc;

use super::notation::Notation;

/// A half-open range of byte offsets into the source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The smallest span covering both `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// A possibly dotted name such as `List.cons`, stored with `.` separators.
pub type Name = String;

/// Declares a node type `$node { kind: $kind, span: Span }` whose equality ignores the span.
macro_rules! spanned_node {
    ($(#[$doc:meta])* $node:ident, $kind:ty) => {
        $(#[$doc])*
        #[derive(Clone, Debug)]
        pub struct $node {
            /// What the node is.
            pub kind: $kind,
            /// Where the node is in the source.
            pub span: Span,
        }

        impl $node {
            /// A node of the given kind at the given span.
            pub fn new(kind: $kind, span: Span) -> Self {
                $node { kind, span }
            }
        }

        impl PartialEq for $node {
            fn eq(&self, other: &Self) -> bool {
                self.kind == other.kind
            }
        }

        impl Eq for $node {}
    };
}

spanned_node!(
    /// A term (expression, type or proof).
    Term,
    TermKind
);
spanned_node!(
    /// A pattern of a `match` alternative, an equation or a `fun` binder.
    Pattern,
    PatternKind
);
spanned_node!(
    /// A top-level command.
    Command,
    CommandKind
);
spanned_node!(
    /// A tactic of a `by` block.
    Tactic,
    TacticKind
);
spanned_node!(
    /// A universe level.
    Level,
    LevelKind
);

/// The kinds of terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TermKind {
    /// A (possibly dotted) identifier: `x`, `List.cons`, `xs.length`.
    Ident(Name),
    /// A leading-dot name resolved against the expected type: `.allow`.
    DotIdent(Name),
    /// A name with all arguments explicit: `@f`.
    Explicit(Name),
    /// A hole `_` to be filled by unification.
    Hole,
    /// A synthetic hole `?_` (`None`) or `?x`.
    SyntheticHole(Option<Name>),
    /// `sorry`.
    Sorry,
    /// The placeholder `·` of a section such as `(· + 1)`.
    Cdot,
    /// A natural-number literal, as written (decimal, `0x…` or `0b…`).
    Num(String),
    /// A string literal (escapes already decoded).
    Str(String),
    /// A character literal.
    Char(char),
    /// `Prop`, `Type`, `Type u`, `Sort u`.
    Sort(SortKind, Option<Level>),
    /// Application by juxtaposition: `f a (x := b)`.
    App(Box<Term>, Vec<Arg>),
    /// A use of a declared notation (`a + b`, `¬ p`, `x :: xs`).
    Notation(Arc<Notation>, Vec<Term>),
    /// A non-dependent arrow `A → B`.
    Arrow(Box<Term>, Box<Term>),
    /// A dependent arrow `(x : A) → B` (also `{x : A} → B`, `[C α] → B`).
    Pi(Box<Binder>, Box<Term>),
    /// `∀ binders, body`.
    Forall(Vec<Binder>, Box<Term>),
    /// `∃ binders, body`.
    Exists(Vec<Binder>, Box<Term>),
    /// `fun binders => body`.
    Fun(Vec<FunBinder>, Box<Term>),
    /// `fun | pats => rhs …`.
    FunMatch(Vec<MatchAlt>),
    /// `let lhs := value; body`.
    Let(Box<LetDecl>, Box<Term>),
    /// `have name : type := value; body`.
    Have(Box<LetDecl>, Box<Term>),
    /// `show T from e` or `show T by tac`.
    Show(Box<Term>, Box<Term>),
    /// `if cond then a else b`, or `if h : cond then a else b` when the name is given.
    If(Option<Name>, Box<Term>, Box<Term>, Box<Term>),
    /// `match discriminants with | alts`.
    Match(Vec<Discriminant>, Vec<MatchAlt>),
    /// A `do` block.
    Do(Vec<DoElem>),
    /// A `by` block.
    By(Vec<Tactic>),
    /// A `calc` chain.
    Calc(Vec<CalcStep>),
    /// An anonymous constructor `⟨a, b⟩`.
    AnonCtor(Vec<Term>),
    /// A tuple `(a, b)`; the empty tuple is `()`.
    Tuple(Vec<Term>),
    /// A list literal `[a, b, c]`.
    List(Vec<Term>),
    /// A structure instance `{ x := 1 }` or `{ s with x := 1 }`.
    StructInst(Option<Box<Term>>, Vec<(Name, Term)>),
    /// A projection `e.field` or `e.1`.
    Proj(Box<Term>, Projection),
    /// A type ascription `(e : T)`.
    Ascription(Box<Term>, Box<Term>),
    /// `f <| x` (also written `f $ x`).
    PipeLeft(Box<Term>, Box<Term>),
    /// `x |> f`.
    PipeRight(Box<Term>, Box<Term>),
}

/// `Prop`, `Type` or `Sort`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKind {
    /// `Prop`.
    Prop,
    /// `Type`, optionally with a level.
    Type,
    /// `Sort`, optionally with a level.
    Sort,
}

/// The field of a projection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Projection {
    /// `e.name`.
    Named(Name),
    /// `e.1` (1-based).
    Index(u32),
}

/// An argument of an application.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    /// A positional argument.
    Positional(Term),
    /// A named argument `(x := e)`.
    Named(Name, Term),
}

/// How a binder's argument is supplied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinderInfo {
    /// `(x : T)` or a bare `x`.
    Explicit,
    /// `{x : T}`.
    Implicit,
    /// `⦃x : T⦄`.
    StrictImplicit,
    /// `[inst : C α]` or `[C α]`.
    InstImplicit,
}

/// A binder group such as `(x y : T)`.
#[derive(Clone, Debug)]
pub struct Binder {
    /// The bound names (`_` allowed); empty only for anonymous instance binders.
    pub names: Vec<Name>,
    /// The type, if given.
    pub ty: Option<Term>,
    /// Explicit, implicit, strict-implicit or instance-implicit.
    pub info: BinderInfo,
    /// Where the binder is in the source.
    pub span: Span,
}

impl PartialEq for Binder {
    fn eq(&self, other: &Self) -> bool {
        self.names == other.names && self.ty == other.ty && self.info == other.info
    }
}

impl Eq for Binder {}

/// A binder of `fun`: an ordinary binder or a pattern such as `⟨a, b⟩`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FunBinder {
    /// `x`, `(x : T)`, `{x}`, ….
    Binder(Binder),
    /// A destructuring pattern.
    Pattern(Pattern),
}

/// The declaration part of `let`/`have`: `x (y : A) : T := v`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LetDecl {
    /// What is bound.
    pub lhs: LetLhs,
    /// Parameters of a local function (`let f (x : Nat) := …`).
    pub binders: Vec<Binder>,
    /// The declared type.
    pub ty: Option<Term>,
    /// The value.
    pub value: Term,
}

/// The left-hand side of `let`/`have`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LetLhs {
    /// A name (`have` may omit it, which is `None`).
    Name(Option<Name>),
    /// A destructuring pattern `⟨a, b⟩`.
    Pattern(Pattern),
}

/// A `match` discriminant, optionally named: `h : e`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discriminant {
    /// The name of the equation hypothesis, if any.
    pub name: Option<Name>,
    /// The matched term.
    pub term: Term,
}

/// An alternative `| p, q => rhs`.
#[derive(Clone, Debug)]
pub struct MatchAlt {
    /// One pattern per discriminant.
    pub patterns: Vec<Pattern>,
    /// The right-hand side.
    pub rhs: Term,
    /// Where the alternative is in the source.
    pub span: Span,
}

impl PartialEq for MatchAlt {
    fn eq(&self, other: &Self) -> bool {
        self.patterns == other.patterns && self.rhs == other.rhs
    }
}

impl Eq for MatchAlt {}

/// A step `lhs = rhs := proof` of a `calc` chain (the first step may omit the proof).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalcStep {
    /// The relation proved by this step; later steps usually start with `_`.
    pub term: Term,
    /// The proof.
    pub proof: Option<Term>,
}

/// An element of a `do` block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DoElem {
    /// `let x : T := e` (`mutable` for `let mut`).
    Let {
        /// `let mut`.
        mutable: bool,
        /// The bound pattern or name.
        lhs: Pattern,
        /// The declared type.
        ty: Option<Term>,
        /// The value.
        value: Term,
    },
    /// `let x : T ← e`.
    Bind {
        /// `let mut`.
        mutable: bool,
        /// The bound pattern or name.
        lhs: Pattern,
        /// The declared type.
        ty: Option<Term>,
        /// The action.
        value: Term,
    },
    /// `x := e` (reassignment of a mutable variable).
    Reassign(Name, Term),
    /// `return e` or a bare `return`.
    Return(Option<Term>),
    /// `if c then … else …` with `do`-sequences as branches.
    If(Term, Vec<DoElem>, Option<Vec<DoElem>>),
    /// `unless c do …`.
    Unless(Term, Vec<DoElem>),
    /// `for x in e do …`.
    For(Pattern, Term, Vec<DoElem>),
    /// An action or final value.
    Expr(Term),
}

/// The kinds of patterns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatternKind {
    /// `_`.
    Wildcard,
    /// A variable or a constant constructor, resolved later: `x`, `nil`, `List.nil`.
    Ident(Name),
    /// `.ctor`.
    DotIdent(Name),
    /// `@ctor`.
    Explicit(Name),
    /// A constructor application `ctor p q` (the head is an identifier form).
    App(Box<Pattern>, Vec<Pattern>),
    /// A notation such as `x :: xs` or `n + 1`.
    Notation(Arc<Notation>, Vec<Pattern>),
    /// A natural-number literal.
    Num(String),
    /// A string literal.
    Str(String),
    /// A character literal.
    Char(char),
    /// `⟨p, q⟩`.
    AnonCtor(Vec<Pattern>),
    /// `(p, q)`; `()` is the empty tuple.
    Tuple(Vec<Pattern>),
    /// `[p, q]`.
    List(Vec<Pattern>),
    /// `(p : T)`.
    Typed(Box<Pattern>, Box<Term>),
}

/// The kinds of universe levels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LevelKind {
    /// A literal `0`, `1`, ….
    Num(u32),
    /// A universe variable `u`.
    Param(Name),
    /// `l + n`.
    Add(Box<Level>, u32),
    /// `max l₁ l₂ …`.
    Max(Vec<Level>),
    /// `imax l₁ l₂ …`.
    IMax(Vec<Level>),
    /// `_`.
    Hole,
}

/// A location `at h₁ h₂ ⊢` or `at *`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// `at *`.
    Wildcard,
    /// `at h₁ h₂` with `⊢` when `goal` is set.
    Targets {
        /// The hypotheses.
        hyps: Vec<Name>,
        /// Whether `⊢` was given.
        goal: bool,
    },
}

/// A rewrite rule `h` or `← h`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RwRule {
    /// `←`: rewrite right to left.
    pub reverse: bool,
    /// The equation.
    pub term: Term,
}

/// An entry of a `simp` lemma list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SimpLemma {
    /// `*`: all hypotheses.
    Star,
    /// A lemma or definition to unfold, possibly reversed.
    Rule(RwRule),
}

/// An `rcases` pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RcasesPat {
    /// A name, `_` or `-` (clear).
    Name(Name),
    /// `⟨p, q⟩`.
    Tuple(Vec<RcasesPat>),
    /// `p | q`.
    Alts(Vec<RcasesPat>),
}

/// A target `e` or `h : e` of `cases`/`rcases`: with a name, each case gets the
/// hypothesis `h : e = ctor fields`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CasesTarget {
    /// The name of the equation hypothesis, if given.
    pub eq_name: Option<Name>,
    /// The term analysed.
    pub term: Term,
}

/// An alternative `| ctor x y => tacs` of `cases`/`induction`.
#[derive(Clone, Debug)]
pub struct InductionAlt {
    /// The constructor name, or `_`.
    pub ctor: Name,
    /// Names given to the new hypotheses.
    pub names: Vec<Name>,
    /// The tactics proving this case.
    pub tactics: Vec<Tactic>,
    /// Where the alternative is in the source.
    pub span: Span,
}

impl PartialEq for InductionAlt {
    fn eq(&self, other: &Self) -> bool {
        self.ctor == other.ctor && self.names == other.names && self.tactics == other.tactics
    }
}

impl Eq for InductionAlt {}

/// The kinds of tactics.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TacticKind {
    /// `intro p q …`.
    Intro(Vec<Pattern>),
    /// `intros x y`.
    Intros(Vec<Name>),
    /// `exact e`.
    Exact(Term),
    /// `apply e`.
    Apply(Term),
    /// `refine e`.
    Refine(Term),
    /// `rfl`.
    Rfl,
    /// `cases e, h : f with | alts`.
    Cases(Vec<CasesTarget>, Vec<InductionAlt>),
    /// `rcases e, h : f with pat`.
    Rcases(Vec<CasesTarget>, RcasesPat),
    /// `obtain pat := e`.
    Obtain(RcasesPat, Option<Term>),
    /// `induction x generalizing y with | alts`.
    Induction(Vec<Term>, Vec<Name>, Vec<InductionAlt>),
    /// `constructor`.
    Constructor,
    /// `left`.
    Left,
    /// `right`.
    Right,
    /// `exists e, f`.
    Exists(Vec<Term>),
    /// `contradiction`.
    Contradiction,
    /// `exfalso`.
    Exfalso,
    /// `assumption`.
    Assumption,
    /// `trivial`.
    Trivial,
    /// `have h : T := e` (the value may be omitted, which leaves a new goal).
    Have(Option<Name>, Option<Term>, Option<Term>),
    /// `show T`.
    Show(Term),
    /// `calc` steps.
    Calc(Vec<CalcStep>),
    /// `unfold f g at h`.
    Unfold(Vec<Name>, Option<Location>),
    /// `rw [rules] at loc` (`rewrite` when the flag is set).
    Rw(bool, Vec<RwRule>, Option<Location>),
    /// `simp only? [lemmas] at loc`; `simp_all` when `all` is set.
    Simp {
        /// `simp_all`.
        all: bool,
        /// `only`.
        only: bool,
        /// The lemma list.
        lemmas: Vec<SimpLemma>,
        /// Where to simplify.
        loc: Option<Location>,
    },
    /// `split`.
    Split,
    /// `injection e with h₁ h₂`.
    Injection(Term, Vec<Name>),
    /// `subst h …`.
    Subst(Vec<Term>),
    /// `generalize h : e = x`.
    Generalize(Option<Name>, Term, Name),
    /// `specialize h a b`.
    Specialize(Term),
    /// `decide`.
    Decide,
    /// `symm at loc`: `a = b` (`a ≠ b`, `a ↔ b`) becomes `b = a` (`b ≠ a`, `b ↔ a`).
    Symm(Option<Location>),
    /// `simpa only? [lemmas] using e`.
    Simpa {
        /// `only`.
        only: bool,
        /// The lemma list.
        lemmas: Vec<SimpLemma>,
        /// The term whose simplified type closes the simplified goal.
        using: Option<Term>,
    },
    /// `revert h …`.
    Revert(Vec<Name>),
    /// `clear h …`.
    Clear(Vec<Name>),
    /// `by_cases h : p`: goals `pos` with `h : p` and `neg` with `h : ¬p`.
    ByCases(Option<Name>, Term),
    /// `omega`.
    Omega,
    /// `sorry`.
    Sorry,
    /// `admit`.
    Admit,
    /// `done`.
    Done,
    /// `t₁ <;> t₂`.
    Then(Box<Tactic>, Box<Tactic>),
    /// `· tacs`.
    Focus(Vec<Tactic>),
    /// `case tag x y => tacs`.
    Case(Name, Vec<Name>, Vec<Tactic>),
    /// `next x y => tacs`.
    Next(Vec<Name>, Vec<Tactic>),
    /// `all_goals tacs`.
    AllGoals(Vec<Tactic>),
    /// `any_goals tacs`.
    AnyGoals(Vec<Tactic>),
    /// `first | tacs | tacs`.
    First(Vec<Vec<Tactic>>),
    /// `try tacs`.
    Try(Vec<Tactic>),
    /// `repeat tacs`.
    Repeat(Vec<Tactic>),
    /// `(tacs)`.
    Paren(Vec<Tactic>),
}

/// An attribute `simp` or `instance 100` in `@[…]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribute {
    /// The attribute name.
    pub name: Name,
    /// Arguments, as terms.
    pub args: Vec<Term>,
}

/// Visibility of a declaration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visibility {
    /// The default.
    Public,
    /// `private`.
    Private,
    /// `protected`.
    Protected,
}

/// Modifiers in front of a declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Modifiers {
    /// The doc comment `/-- … -/`, without delimiters.
    pub doc: Option<String>,
    /// `@[…]` attributes.
    pub attrs: Vec<Attribute>,
    /// `private` / `protected`.
    pub visibility: Visibility,
    /// `noncomputable`.
    pub noncomputable: bool,
    /// `partial`.
    pub partial: bool,
}

impl Default for Modifiers {
    fn default() -> Self {
        Modifiers {
            doc: None,
            attrs: Vec::new(),
            visibility: Visibility::Public,
            noncomputable: false,
            partial: false,
        }
    }
}

/// Which keyword introduced a definition-like declaration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefKind {
    /// `def`.
    Def,
    /// `theorem`.
    Theorem,
    /// `abbrev`.
    Abbrev,
    /// `instance`.
    Instance,
    /// `opaque`.
    Opaque,
    /// `axiom`.
    Axiom,
    /// `example`.
    Example,
}

/// The body of a definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DefBody {
    /// No body (axioms, opaque constants).
    None,
    /// `:= term`.
    Term(Term),
    /// Pattern-matching equations `| p => rhs`.
    Equations(Vec<MatchAlt>),
    /// `where field := value …` (structure-instance style, used by instances).
    Fields(Vec<(Name, Term)>),
}

/// `termination_by` clause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Termination {
    /// `termination_by structural`.
    pub structural: bool,
    /// Names bound for the unnamed trailing parameters (`x y =>`).
    pub vars: Vec<Name>,
    /// The measure.
    pub measure: Term,
}

/// `def`, `theorem`, `abbrev`, `instance`, `opaque`, `axiom`, `example`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Def {
    /// Which keyword.
    pub kind: DefKind,
    /// Doc comment, attributes and modifiers.
    pub modifiers: Modifiers,
    /// The name; instances and examples may omit it.
    pub name: Option<Name>,
    /// `instance (priority := p)`.
    pub priority: Option<Term>,
    /// The parameters.
    pub binders: Vec<Binder>,
    /// The declared type.
    pub ty: Option<Term>,
    /// The body.
    pub body: DefBody,
    /// `where` local definitions.
    pub where_decls: Vec<Def>,
    /// `termination_by`.
    pub termination_by: Option<Termination>,
    /// `decreasing_by`.
    pub decreasing_by: Option<Vec<Tactic>>,
}

/// A constructor of an inductive type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ctor {
    /// Doc comment.
    pub doc: Option<String>,
    /// Constructor name (unqualified).
    pub name: Name,
    /// Constructor parameters.
    pub binders: Vec<Binder>,
    /// The constructor's type after the parameters.
    pub ty: Option<Term>,
}

/// `inductive` (or `class inductive`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inductive {
    /// Doc comment, attributes and modifiers.
    pub modifiers: Modifiers,
    /// `class inductive`.
    pub is_class: bool,
    /// The type's name.
    pub name: Name,
    /// Parameters.
    pub binders: Vec<Binder>,
    /// The type (indices and sort) after the parameters.
    pub ty: Option<Term>,
    /// Constructors.
    pub ctors: Vec<Ctor>,
    /// `deriving` classes.
    pub deriving: Vec<Name>,
}

/// A field of a structure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// Doc comment.
    pub doc: Option<String>,
    /// Field names (several share one type in `x y : T`).
    pub names: Vec<Name>,
    /// Binder kind (for `{x : T}` / `[inst : C]` fields).
    pub info: BinderInfo,
    /// The type (omitted when only a default is overridden).
    pub ty: Option<Term>,
    /// The default value.
    pub default: Option<Term>,
}

/// `structure` or `class`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Structure {
    /// Doc comment, attributes and modifiers.
    pub modifiers: Modifiers,
    /// `class` rather than `structure`.
    pub is_class: bool,
    /// The type's name.
    pub name: Name,
    /// Parameters.
    pub binders: Vec<Binder>,
    /// Parent structures.
    pub extends: Vec<Term>,
    /// The resulting sort.
    pub ty: Option<Term>,
    /// An explicit constructor name `mk ::`.
    pub ctor: Option<Name>,
    /// Fields.
    pub fields: Vec<Field>,
    /// `deriving` classes.
    pub deriving: Vec<Name>,
}

/// Which notation command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotationCmdKind {
    /// `infixl`.
    Infixl,
    /// `infixr`.
    Infixr,
    /// `infix`.
    Infix,
    /// `prefix`.
    Prefix,
    /// `postfix`.
    Postfix,
    /// `notation`.
    Notation,
}

/// An item of a `notation` command: `" ≤ "` or `b:51`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotationItem {
    /// A token (stored without surrounding spaces).
    Atom(String),
    /// A variable with an optional precedence.
    Var(Name, Option<u32>),
}

/// An `infixl`/`infixr`/`infix`/`prefix`/`postfix`/`notation` command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotationDecl {
    /// Attributes (`@[simp]`, rarely used).
    pub modifiers: Modifiers,
    /// Which command.
    pub kind: NotationCmdKind,
    /// The precedence after `:`.
    pub prec: Option<u32>,
    /// `(name := n)`.
    pub name: Option<Name>,
    /// `(priority := p)`.
    pub priority: Option<u32>,
    /// For `notation`, the items; for the others, the single atom.
    pub items: Vec<NotationItem>,
    /// The right-hand side after `=>`.
    pub rhs: Term,
    /// The notation this command declares, as added to the table.
    pub notation: Arc<Notation>,
}

/// The value of a `set_option`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OptionValue {
    /// `true` / `false`.
    Bool(bool),
    /// A number.
    Num(String),
    /// A string.
    Str(String),
    /// Any other identifier.
    Ident(Name),
}

/// The kinds of commands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandKind {
    /// `import A.B C`.
    Import(Vec<Name>),
    /// `namespace X`.
    Namespace(Name),
    /// `section` or `section X`.
    Section(Option<Name>),
    /// `end` or `end X`.
    End(Option<Name>),
    /// `open X Y`.
    Open(Vec<Name>),
    /// `variable binders`.
    Variable(Vec<Binder>),
    /// `universe u v`.
    Universe(Vec<Name>),
    /// A definition-like declaration.
    Def(Box<Def>),
    /// An inductive type.
    Inductive(Box<Inductive>),
    /// A structure or class.
    Structure(Box<Structure>),
    /// `mutual … end`.
    Mutual(Vec<Command>),
    /// A notation declaration.
    Notation(Box<NotationDecl>),
    /// `attribute [simp] a b`.
    Attribute(Vec<Attribute>, Vec<Name>),
    /// `#check e`.
    Check(Term),
    /// `#eval e`.
    Eval(Term),
    /// `#reduce e`.
    Reduce(Term),
    /// `#print n`.
    Print(Name),
    /// `#print axioms n`.
    PrintAxioms(Name),
    /// `set_option name value` (kept, not interpreted).
    SetOption(Name, OptionValue),
}
