//! The simp set: theorems registered with `@[simp]` (or `attribute [simp]`), indexed by
//! the head constant of the side they rewrite.

use std::collections::HashMap;

use cedrus_kernel::{ConstantKind, Environment, Expr, Name, Node, Store};

/// What a registered name contributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SimpEntry {
    /// A theorem or axiom used as a rewrite rule, oriented left to right.
    Lemma(Name),
    /// A definition unfolded by its equation lemmas, or by δ-reduction when it has none.
    Unfold(Name),
}

/// Why a name cannot be registered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegisterError {
    /// No constant has that name.
    Unknown(Name),
    /// The constant is neither a theorem, an axiom nor a definition.
    NotALemma(Name),
}

impl std::fmt::Display for RegisterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RegisterError::Unknown(n) => write!(f, "unknown constant `{n}` in `simp` attribute"),
            RegisterError::NotALemma(n) => write!(
                f,
                "`{n}` cannot be a simp lemma: only theorems, axioms and definitions can"
            ),
        }
    }
}

impl std::error::Error for RegisterError {}

/// The default simp set, kept in the elaborator's metadata.
#[derive(Clone, Debug, Default)]
pub struct SimpSet {
    entries: Vec<SimpEntry>,
    by_head: HashMap<Name, Vec<usize>>,
    /// Entries whose rewritten side has no constant head (tried everywhere).
    anywhere: Vec<usize>,
}

impl SimpSet {
    /// Registers `name` (a theorem, axiom or definition of `env`). A definition whose
    /// type is a proposition (a theorem proved by equations) is a lemma.
    pub fn register(&mut self, env: &mut Environment, name: &Name) -> Result<(), RegisterError> {
        let info = env
            .get(name)
            .ok_or_else(|| RegisterError::Unknown(name.clone()))?;
        let (ty, lparams, kind) = (info.ty, info.lparams.clone(), info.kind.clone());
        let entry = match kind {
            ConstantKind::Theorem { .. } | ConstantKind::Axiom => SimpEntry::Lemma(name.clone()),
            ConstantKind::Definition { .. } => {
                let mut tc = env.type_checker(name.clone(), lparams);
                if tc.is_prop(ty).unwrap_or(false) {
                    SimpEntry::Lemma(name.clone())
                } else {
                    SimpEntry::Unfold(name.clone())
                }
            }
            _ => return Err(RegisterError::NotALemma(name.clone())),
        };
        if self.entries.contains(&entry) {
            return Ok(());
        }
        let key = match &entry {
            SimpEntry::Lemma(_) => lhs_head(env.store(), ty),
            SimpEntry::Unfold(n) => Some(n.clone()),
        };
        let i = self.entries.len();
        self.entries.push(entry);
        match key {
            Some(k) => self.by_head.entry(k).or_default().push(i),
            None => self.anywhere.push(i),
        }
        Ok(())
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// All entries, in registration order.
    pub fn entries(&self) -> &[SimpEntry] {
        &self.entries
    }

    /// The entries that may rewrite a term whose head constant is `head`.
    pub fn candidates<'s>(&'s self, head: Option<&Name>) -> impl Iterator<Item = &'s SimpEntry> {
        let keyed = head
            .and_then(|h| self.by_head.get(h))
            .map(|v| v.as_slice())
            .unwrap_or(&[]);
        keyed
            .iter()
            .chain(self.anywhere.iter())
            .filter_map(move |&i| self.entries.get(i))
    }
}

/// The statement shape of a rewrite rule after its `∀`s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleShape {
    /// `@Eq α lhs rhs`.
    Eq,
    /// `lhs ↔ rhs`.
    Iff,
    /// `¬ p`: rewrites `p` to `False`.
    Not,
    /// `a ≠ b`: rewrites `a = b` to `False`.
    Ne,
    /// Any other proposition `p`: rewrites `p` to `True`.
    Prop,
}

/// Classifies a statement (after its binders are opened) and returns its shape.
pub fn shape(s: &Store, body: Expr) -> RuleShape {
    let (h, args) = s.unfold_apps(body);
    let name = match s.node(h) {
        Node::Const(n, _) => n.as_str(),
        _ => return RuleShape::Prop,
    };
    match (name, args.len()) {
        ("Eq", 3) => RuleShape::Eq,
        ("Iff", 2) => RuleShape::Iff,
        ("Not", 1) => RuleShape::Not,
        ("Ne", 3) => RuleShape::Ne,
        _ => RuleShape::Prop,
    }
}

/// The head constant of the side a lemma of type `ty` rewrites (`None`: a variable or
/// no constant).
fn lhs_head(s: &Store, ty: Expr) -> Option<Name> {
    let mut body = ty;
    while let Node::Pi(_, _, _, b) = s.node(body) {
        body = *b;
    }
    let (_, args) = s.unfold_apps(body);
    let side = match shape(s, body) {
        RuleShape::Eq => args.get(1).copied(),
        RuleShape::Iff | RuleShape::Not => args.first().copied(),
        RuleShape::Ne => return Some(Name::new("Eq")),
        RuleShape::Prop => Some(body),
    }?;
    s.head_const(side).map(|(n, _)| n.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::driver;

    #[test]
    fn registration_sorts_constants_and_indexes_by_head() {
        let mut e = driver::new_elaborator(true).expect("prelude");
        let mut set = SimpSet::default();
        let n = |s: &str| Name::new(s);
        set.register(&mut e.env, &n("List.length_append")).unwrap();
        set.register(&mut e.env, &n("List.map")).unwrap();
        set.register(&mut e.env, &n("List.cons_ne_nil")).unwrap();
        // A theorem proved by equations is a definition of a proposition: a lemma.
        set.register(&mut e.env, &n("Bool.and_true")).unwrap();
        assert_eq!(
            set.register(&mut e.env, &n("List")),
            Err(RegisterError::NotALemma(n("List")))
        );
        assert_eq!(
            set.register(&mut e.env, &n("no.such")),
            Err(RegisterError::Unknown(n("no.such")))
        );
        // Registering twice changes nothing.
        set.register(&mut e.env, &n("List.map")).unwrap();
        assert_eq!(set.len(), 4);
        let len: Vec<_> = set.candidates(Some(&n("List.length"))).cloned().collect();
        assert_eq!(len, vec![SimpEntry::Lemma(n("List.length_append"))]);
        let map: Vec<_> = set.candidates(Some(&n("List.map"))).cloned().collect();
        assert_eq!(map, vec![SimpEntry::Unfold(n("List.map"))]);
        // `a :: l ≠ []` rewrites equations.
        let eq: Vec<_> = set.candidates(Some(&n("Eq"))).cloned().collect();
        assert_eq!(eq, vec![SimpEntry::Lemma(n("List.cons_ne_nil"))]);
        let and: Vec<_> = set.candidates(Some(&n("and"))).cloned().collect();
        assert_eq!(and, vec![SimpEntry::Lemma(n("Bool.and_true"))]);
        assert!(set.candidates(None).next().is_none());
    }

    #[test]
    fn shapes_of_statements() {
        let mut s = Store::new();
        let p = s.cnst("P", Vec::new());
        let not = s.cnst("Not", Vec::new());
        let not_p = s.app(not, p);
        assert_eq!(shape(&s, not_p), RuleShape::Not);
        assert_eq!(shape(&s, p), RuleShape::Prop);
        let iff = s.cnst("Iff", Vec::new());
        let iff_pp = s.apps(iff, &[p, p]);
        assert_eq!(shape(&s, iff_pp), RuleShape::Iff);
        let eq = s.cnst("Eq", Vec::new());
        let eq_pp = s.apps(eq, &[p, p, p]);
        assert_eq!(shape(&s, eq_pp), RuleShape::Eq);
        let ne = s.cnst("Ne", Vec::new());
        let ne_pp = s.apps(ne, &[p, p, p]);
        assert_eq!(shape(&s, ne_pp), RuleShape::Ne);
    }
}
