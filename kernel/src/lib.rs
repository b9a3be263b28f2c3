//! # cedrus-kernel: the trusted proof checker
//!
//! A small checker for a dependent type theory in the style of Lean 4's kernel: the
//! calculus of inductive constructions with a hierarchy of universes, an impredicative
//! `Prop` with definitional proof irrelevance, inductive families, structures with η, and
//! Nat/String literals. Everything else in Cedrus (parser, elaborator, tactics, evaluator)
//! produces terms that this crate re-checks, so only this crate must be trusted.
//!
//! ## Using it
//!
//! Terms live in the environment's hash-consed [`Store`] and are addressed by [`Expr`] ids;
//! build them with [`Environment::store_mut`] (`cnst`, `app`, `lam`, `pi`, `bvar`, …, with
//! de Bruijn indices). The only way to add a constant is [`Environment::add`], which checks
//! the [`Declaration`] (axiom, definition, theorem, opaque, inductive block) and returns a
//! [`KernelError`] naming the declaration and what failed. [`Environment::axioms_of`] lists
//! the axioms a constant depends on (transitively; `sorryAx` is an ordinary axiom and is
//! reported like any other). [`export::write`] writes a whole environment in the versioned
//! text format of the section below, and [`export::check_file`] re-checks such a file from
//! scratch and returns a [`export::CheckReport`] (what was checked, each theorem's axioms).
//!
//! ## Syntax
//!
//! ```text
//! l ::= 0 | l+1 | max l l | imax l l | u                      universe levels
//! e ::= #i | Sort l | c.{l…} | e e | fun (x : e) => e | (x : e) → e
//!     | let x : e := e; e | n (Nat literal) | "s" (String literal) | e.i (projection of S)
//! ```
//!
//! `Prop` is `Sort 0`, `Type u` is `Sort (u+1)`. Bound variables are de Bruijn indices;
//! while checking under a binder the kernel replaces the variable by a fresh free variable
//! of the local context Γ (locally nameless). Binder annotations (implicit, …) are ignored.
//!
//! ## Universes
//!
//! Levels denote natural numbers under every assignment of their parameters; `imax a b` is
//! `0` when `b` is `0` and `max a b` otherwise. `l ≤ l'` and `l ≡ l'` are decided exactly: by
//! case analysis on the parameters that decide an `imax` (zero or positive), after which
//! both sides are a maximum of `u + k` terms and a constant, compared term by term. A
//! declaration may only use its own, pairwise distinct, universe parameters, and each
//! constant must receive exactly as many universe arguments as it has parameters.
//!
//! ## Typing rules
//!
//! ```text
//! Γ ⊢ Sort l : Sort (l+1)
//! Γ ⊢ c.{ls} : T[us := ls]                   if c.{us} : T is in the environment
//! Γ ⊢ x : A                                  if (x : A) ∈ Γ
//! Γ ⊢ A : Sort l   Γ, x : A ⊢ B : Sort l'  ⟹  Γ ⊢ (x : A) → B : Sort (imax l l')
//! Γ ⊢ A : Sort l   Γ, x : A ⊢ b : B        ⟹  Γ ⊢ fun (x : A) => b : (x : A) → B
//! Γ ⊢ f : (x : A) → B   Γ ⊢ a : A'   A ≡ A' ⟹  Γ ⊢ f a : B[x := a]
//! Γ ⊢ T : Sort l   Γ ⊢ v : T'   T ≡ T'  Γ ⊢ b[x := v] : B  ⟹  Γ ⊢ let x : T := v; b : B
//! Γ ⊢ n : Nat     Γ ⊢ "s" : String           (only once the built-ins are declared)
//! Γ ⊢ e : S ps   S a structure   ⟹  Γ ⊢ e.i : type of field i, earlier fields := e.0 … e.(i-1)
//! ```
//!
//! Wherever a type is expected its type must reduce to a sort, and wherever a function type
//! is expected it must reduce to a Π. `imax` makes `Prop` impredicative: a Π into `Prop` is a
//! `Prop` whatever its domain. A projection out of a structure in `Prop` must itself be a
//! proof. Declarations: the type must be a type; a definition's, theorem's or opaque's value
//! must have a type definitionally equal to it; a theorem's type must be a proposition
//! (its type is `Prop`). Names must be fresh, terms closed (no loose bound variable, no free
//! variable). Definitions may not refer to themselves (recursion goes through recursors).
//!
//! ## Definitional equality
//!
//! `≡` is the least congruence containing:
//! * **β** `(fun x => b) a ≡ b[x := a]`; **ζ** `let x := v; b ≡ b[x := v]`;
//! * **δ** a definition unfolds to its value (theorems and opaque constants never unfold;
//!   unfolding is lazy, the side with the larger kernel-computed definitional height first,
//!   which only affects speed);
//! * **ι** `T.rec ps motives minors is (c ps fs) ≡ rhs_c ps motives minors fs` (see below);
//!   for a structure the major premise is first η-expanded (`x ≡ S.mk x.0 … x.n`), and for a
//!   K-like `Prop` (one constructor without fields) any major whose type matches reduces;
//! * **projections** `(S.mk ps a₀ … aₙ).i ≡ aᵢ`;
//! * **η** `fun x => f x ≡ f`; **structure η** `S.mk ps x.0 … x.n ≡ x`;
//! * **proof irrelevance** `p ≡ q` whenever `p, q : P` and `P : Prop`;
//! * **unit-like types**: any two values of a type with one constructor without fields and
//!   no indices are equal;
//! * **literals** `0 ≡ Nat.zero`, `n+1 ≡ Nat.succ n`, `"s" ≡ String.mk [Char.ofNat c, …]`,
//!   and the accelerated functions below compute on literals;
//! * sorts are equal when their levels are equivalent, constants when their levels are.
//!
//! ## Inductive types
//!
//! A block declares types `I₁ … Iₘ : (ps : Ps) → (is : Isⱼ) → Sort l` sharing parameters
//! `ps` (the first `num_params` binders, definitionally equal across the block) and the
//! result level `l`; the rest are indices. Each constructor has type
//! `(ps : Ps) → (fs : Fs) → Iⱼ ps ts`, whose result applies its own type to exactly the
//! parameter variables and to indices `ts` that do not mention the block. Each field type
//! must be **strictly positive**: either it does not mention the block, or it is
//! `(xs : Xs) → Iₖ ps ts'` where `Xs` and `ts'` do not mention the block. Each field's
//! universe must be `≤ l` unless `l` is `0` (a `Prop` may have fields of any universe).
//!
//! **Nested** occurrences (`List T` in a field of `T`, where `List` is an earlier inductive
//! whose parameters then mention the block) are translated as Lean 4 does: every distinct
//! `J Ds` becomes an auxiliary type of the block whose constructors are `J`'s with the
//! parameters instantiated by `Ds` (repeatedly, so `List (List T)` works); the extended
//! block is checked as above, and its recursors are translated back, so that `T.rec` has a
//! motive for `List T` too and `T.rec_1` eliminates `List T` (its rules match `List.nil`
//! and `List.cons`). Auxiliary types never enter the environment.
//!
//! **Recursors.** For each `Iⱼ` the kernel adds `Iⱼ.rec.{u, us}` of type
//! `(ps) → (motive_k : (is) → I_k ps is → Sort u)ₖ → (minor_c)_c → (is) → (t : Iⱼ ps is) →
//! motive_j is t`, where the minor premise of constructor `c : (fs) → Iₖ ps ts` is
//! `(fs) → (ih_f)_{f recursive} → motive_k ts (c ps fs)` and the induction hypothesis of a
//! recursive field `f : (xs) → Iₘ ps ts'` is `(xs) → motive_m ts' (f xs)`. The rule for
//! `c` rebuilds the hypotheses by calling the recursors on the recursive fields.
//!
//! **Elimination from `Prop`.** If `l` may be `0` (is not provably ≥ 1), the recursor gets
//! no universe parameter `u` and its motives land in `Prop`, unless the block is a
//! syntactic subsingleton: one type with no constructor, or with exactly one constructor
//! whose fields are all proofs or appear among the indices of its result (`Eq`, `And`,
//! `False`, `True` eliminate into every sort; `Or` and `Exists` only into `Prop`).
//!
//! A structure is a non-recursive type with one constructor and no indices: it has
//! projections and η.
//!
//! ## Literals and built-ins
//!
//! Nat literals are typed once `Nat` is declared exactly as `Nat : Type` with `Nat.zero`
//! and `Nat.succ`; any other declaration named `Nat` (or `Bool`, which must be `Bool.false`
//! then `Bool.true`) is refused. The functions `Nat.add sub mul pow beq ble div mod gcd land
//! lor xor shiftLeft shiftRight log2` are computed on literals only after their declaration
//! has been checked to be a definition of the expected type whose value is definitionally
//! equal to the kernel's reference definition by `Nat.rec` ([`builtins::reference_definition`]);
//! a different definition under one of these names is refused. String literals are typed
//! once `String` (one constructor `String.mk : List Char → String`), `Char`,
//! `Char.ofNat : Nat → Char` and `List` are declared, and unfold to `String.mk` of a list of
//! `Char.ofNat` code points. Exponents and shifts above 2²⁴ are not accelerated.
//!
//! ## What is trusted, and limits
//!
//! The trusted base is this crate (about 4,600 lines of code), `num-bigint` for literal
//! arithmetic, and the Rust compiler and standard library. Checking runs on a helper thread
//! with a large stack; terms deeper than [`Limits::max_term_depth`] are refused with
//! [`KernelError::DeepTerm`], checker recursion is bounded by [`Limits::max_recursion`], and
//! reduction by [`Limits::fuel`] steps per declaration ([`KernelError::ResourceLimit`]).
//! Terms are never dropped recursively (they live in an arena). Quotient types are not
//! built in. The export format follows.
//!
#![doc = include_str!("../FORMAT.md")]
#![warn(missing_docs)]
pub mod builtins;
pub mod decl;
pub mod defeq;
pub mod env;
pub mod error;
pub mod export;
pub mod expr;
pub mod hash;
pub mod inductive;
pub mod level;
pub mod name;
mod nested;
pub mod pp;
pub mod tc;
pub mod whnf;

pub use decl::*;
pub use env::Environment;
pub use error::KernelError;
pub use expr::{BinderInfo, Expr, Literal, Node, Store};
pub use level::Level;
pub use name::Name;

/// Resource limits of the checker.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Deepest term accepted.
    pub max_term_depth: u32,
    /// Deepest recursion of inference, reduction and conversion.
    pub max_recursion: u32,
    /// Reduction steps allowed per declaration.
    pub fuel: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_term_depth: 20_000,
            max_recursion: 20_000,
            fuel: 20_000_000,
        }
    }
}
