//! Notation tables: the operators and mixfix notations the parser knows.
//!
//! Operators are not built into the parser. Each `infixl`/`infixr`/`infix`/`prefix`/
//! `postfix`/`notation` command adds a [`Notation`] to a [`NotationTable`], which then
//! governs how the rest of the file (and files importing it) is tokenised and parsed.
//! Precedences follow Lean 4: `max` is 1024, application arguments are parsed at 1023,
//! and `infixl:65 " + " => f` stands for `notation:65 a:65 " + " b:66 => f a b`.

use std::collections::HashMap;
use std::sync::Arc;

use super::ast::{Name, Span, Term, TermKind};

/// The highest precedence of term parsers (identifiers, parentheses, …).
pub const MAX_PREC: u32 = 1024;
/// The precedence at which application arguments are parsed.
pub const ARG_PREC: u32 = 1023;
/// The precedence of terms that cannot be arguments (`let`, `if`, applications, …).
pub const LEAD_PREC: u32 = 1022;
/// The smallest conventional precedence (`min` in Lean).
pub const MIN_PREC: u32 = 10;

/// One element of a notation's shape.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Item {
    /// A token that must appear literally.
    Atom(String),
    /// A sub-term parsed at the given precedence.
    Var(u32),
}

/// A notation: its shape, its precedence and what it stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notation {
    /// The precedence of the whole notation (what the enclosing context sees).
    pub prec: u32,
    /// The shape, e.g. `[Var(65), Atom("+"), Var(66)]`.
    pub items: Vec<Item>,
    /// Names of the variables, in order of appearance; `expansion` refers to them.
    pub vars: Vec<Name>,
    /// The term the notation stands for, mentioning the variables by name.
    pub expansion: Term,
}

impl Notation {
    /// The first token of a notation that starts with an atom (`¬ p`, `- x`).
    pub fn leading_atom(&self) -> Option<&str> {
        match self.items.first() {
            Some(Item::Atom(a)) => Some(a),
            _ => None,
        }
    }

    /// For a notation that starts with a sub-term followed by an atom (`a + b`, `n !`),
    /// the precedence required of that sub-term and the atom.
    pub fn trailing_atom(&self) -> Option<(u32, &str)> {
        match (self.items.first(), self.items.get(1)) {
            (Some(Item::Var(p)), Some(Item::Atom(a))) => Some((*p, a)),
            _ => None,
        }
    }

    /// The atoms of the notation.
    pub fn atoms(&self) -> impl Iterator<Item = &str> {
        self.items.iter().filter_map(|i| match i {
            Item::Atom(a) => Some(a.as_str()),
            Item::Var(_) => None,
        })
    }

    /// A readable description of the shape, such as `_ + _`.
    pub fn shape(&self) -> String {
        let parts: Vec<&str> = self
            .items
            .iter()
            .map(|i| match i {
                Item::Atom(a) => a.as_str(),
                Item::Var(_) => "_",
            })
            .collect();
        parts.join(" ")
    }

    /// Whether the notation ends with a sub-term (and so extends to the right).
    pub fn ends_with_var(&self) -> bool {
        matches!(self.items.last(), Some(Item::Var(_)))
    }

    /// Checks that the shape can be parsed: at least one atom, no empty atom, and two
    /// sub-terms never adjacent.
    pub fn validate(&self) -> Result<(), String> {
        if self.atoms().next().is_none() {
            return Err("a notation needs at least one token".into());
        }
        if self
            .atoms()
            .any(|a| a.is_empty() || a.chars().any(char::is_whitespace))
        {
            return Err("notation tokens must be non-empty and contain no spaces".into());
        }
        let adjacent = self
            .items
            .windows(2)
            .any(|w| matches!(w, [Item::Var(_), Item::Var(_)]));
        if adjacent {
            return Err("two notation arguments must be separated by a token".into());
        }
        let nvars = self
            .items
            .iter()
            .filter(|i| matches!(i, Item::Var(_)))
            .count();
        if nvars != self.vars.len() {
            return Err("notation variables and names disagree".into());
        }
        Ok(())
    }
}

/// The set of notations in scope, in declaration order. Later notations take priority
/// over earlier ones that start with the same token.
#[derive(Clone, Debug, Default)]
pub struct NotationTable {
    entries: Vec<Arc<Notation>>,
    leading: HashMap<String, Vec<usize>>,
    trailing: HashMap<String, Vec<usize>>,
}

impl NotationTable {
    /// An empty table: no operators at all.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a notation and returns the shared handle stored in the table. Adding a
    /// notation equal to one already present returns the existing handle.
    pub fn add(&mut self, notation: Notation) -> Arc<Notation> {
        if let Some(existing) = self.entries.iter().find(|n| ***n == notation) {
            return Arc::clone(existing);
        }
        let arc = Arc::new(notation);
        self.push(Arc::clone(&arc));
        arc
    }

    fn push(&mut self, arc: Arc<Notation>) {
        let index = self.entries.len();
        if let Some(atom) = arc.leading_atom() {
            self.leading
                .entry(atom.to_string())
                .or_default()
                .push(index);
        } else if let Some((_, atom)) = arc.trailing_atom() {
            self.trailing
                .entry(atom.to_string())
                .or_default()
                .push(index);
        }
        self.entries.push(arc);
    }

    /// Adds every notation of `other` that is not already present (as `import` does).
    pub fn merge(&mut self, other: &NotationTable) {
        for n in &other.entries {
            if !self.entries.iter().any(|m| m == n) {
                self.push(Arc::clone(n));
            }
        }
    }

    /// All notations, oldest first.
    pub fn notations(&self) -> &[Arc<Notation>] {
        &self.entries
    }

    /// Number of notations.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every token mentioned by some notation.
    pub fn tokens(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().flat_map(|n| n.atoms())
    }

    /// Notations starting with `atom`, newest first.
    pub fn leading(&self, atom: &str) -> impl Iterator<Item = &Arc<Notation>> {
        self.lookup(&self.leading, atom)
    }

    /// Notations whose first atom (after a leading sub-term) is `atom`, newest first.
    pub fn trailing(&self, atom: &str) -> impl Iterator<Item = &Arc<Notation>> {
        self.lookup(&self.trailing, atom)
    }

    fn lookup<'a>(
        &'a self,
        map: &'a HashMap<String, Vec<usize>>,
        atom: &str,
    ) -> impl Iterator<Item = &'a Arc<Notation>> {
        map.get(atom)
            .into_iter()
            .flat_map(|v| v.iter().rev())
            .filter_map(|&i| self.entries.get(i))
    }

    /// The standard operators of Lean 4's core library with Lean's precedences.
    pub fn lean_core() -> Self {
        use Fixity::*;
        let ops: &[(Fixity, u32, &str, &str)] = &[
            (Infixr, 90, "∘", "Function.comp"),
            (Infixr, 35, "×", "Prod"),
            (Infix, 50, "∣", "Dvd.dvd"),
            (Infixl, 55, "|||", "HOr.hOr"),
            (Infixl, 58, "^^^", "HXor.hXor"),
            (Infixl, 60, "&&&", "HAnd.hAnd"),
            (Infixl, 65, "+", "HAdd.hAdd"),
            (Infixl, 65, "-", "HSub.hSub"),
            (Infixl, 70, "*", "HMul.hMul"),
            (Infixl, 70, "/", "HDiv.hDiv"),
            (Infixl, 70, "%", "HMod.hMod"),
            (Infixl, 75, "<<<", "HShiftLeft.hShiftLeft"),
            (Infixl, 75, ">>>", "HShiftRight.hShiftRight"),
            (Infixr, 80, "^", "HPow.hPow"),
            (Infixl, 65, "++", "HAppend.hAppend"),
            (Prefix, 75, "-", "Neg.neg"),
            (Prefix, 100, "~~~", "Complement.complement"),
            (Postfix, MAX_PREC, "⁻¹", "Inv.inv"),
            (Infix, 50, "<=", "LE.le"),
            (Infix, 50, "≤", "LE.le"),
            (Infix, 50, "<", "LT.lt"),
            (Infix, 50, ">=", "GE.ge"),
            (Infix, 50, "≥", "GE.ge"),
            (Infix, 50, ">", "GT.gt"),
            (Infix, 50, "=", "Eq"),
            (Infix, 50, "==", "BEq.beq"),
            (Infix, 50, "≠", "Ne"),
            (Infix, 50, "!=", "bne"),
            (Infixr, 35, "/\\", "And"),
            (Infixr, 35, "∧", "And"),
            (Infixr, 30, "\\/", "Or"),
            (Infixr, 30, "∨", "Or"),
            (Infix, 20, "<->", "Iff"),
            (Infix, 20, "↔", "Iff"),
            (Infixl, 35, "&&", "and"),
            (Infixl, 30, "||", "or"),
            (Infixr, 67, "::", "List.cons"),
            (Infixr, 100, "<$>", "Functor.map"),
            (Infixl, 55, ">>=", "Bind.bind"),
            (Infixr, 20, "<|>", "HOrElse.hOrElse"),
            (Infixr, 60, ">>", "HAndThen.hAndThen"),
            (Infixl, 60, "<*>", "Seq.seq"),
            (Infixl, 60, "<*", "SeqLeft.seqLeft"),
            (Infixl, 60, "*>", "SeqRight.seqRight"),
            (Infixl, 65, "∪", "Union.union"),
            (Infixl, 70, "∩", "Inter.inter"),
            (Infix, 50, "⊆", "HasSubset.Subset"),
        ];
        let mut table = NotationTable::new();
        for &(fixity, prec, atom, func) in ops {
            table.add(operator(fixity, prec, atom, ident(func)));
        }
        // `¬ p` and `! b` are `notation:max "¬" p:40`.
        for (atom, func) in [("¬", "Not"), ("!", "not")] {
            table.add(Notation {
                prec: MAX_PREC,
                items: vec![Item::Atom(atom.into()), Item::Var(40)],
                vars: vec![var_name(0)],
                expansion: app(ident(func), vec![ident(&var_name(0))]),
            });
        }
        // `a ∈ s` is `notation:50 a:50 " ∈ " b:50 => Membership.mem b a`.
        table.add(Notation {
            prec: 50,
            items: vec![Item::Var(50), Item::Atom("∈".into()), Item::Var(50)],
            vars: vec![var_name(0), var_name(1)],
            expansion: app(
                ident("Membership.mem"),
                vec![ident(&var_name(1)), ident(&var_name(0))],
            ),
        });
        table
    }
}

/// The fixity of an operator declared by `infixl`, `infixr`, `infix`, `prefix` or `postfix`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fixity {
    /// Left-associative infix.
    Infixl,
    /// Right-associative infix.
    Infixr,
    /// Non-associative infix.
    Infix,
    /// Prefix.
    Prefix,
    /// Postfix.
    Postfix,
}

/// The name of the `i`-th argument of an operator; it cannot be written in source, so the
/// expansion never captures a user's variable.
pub fn var_name(i: usize) -> Name {
    format!("{}✝", char::from(b'a' + (i % 26) as u8))
}

fn ident(name: &str) -> Term {
    Term::new(TermKind::Ident(name.to_string()), Span::default())
}

fn app(func: Term, args: Vec<Term>) -> Term {
    let args = args.into_iter().map(super::ast::Arg::Positional).collect();
    Term::new(TermKind::App(Box::new(func), args), Span::default())
}

/// The notation declared by `infixl:prec " atom " => func` (and the other fixities):
/// the expansion applies `func` to the operands.
pub fn operator(fixity: Fixity, prec: u32, atom: &str, func: Term) -> Notation {
    let p1 = prec.saturating_add(1);
    let atom = Item::Atom(atom.to_string());
    let (items, arity) = match fixity {
        Fixity::Infixl => (vec![Item::Var(prec), atom, Item::Var(p1)], 2),
        Fixity::Infixr => (vec![Item::Var(p1), atom, Item::Var(prec)], 2),
        Fixity::Infix => (vec![Item::Var(p1), atom, Item::Var(p1)], 2),
        Fixity::Prefix => (vec![atom, Item::Var(prec)], 1),
        Fixity::Postfix => (vec![Item::Var(prec), atom], 1),
    };
    let vars: Vec<Name> = (0..arity).map(var_name).collect();
    let expansion = app(func, vars.iter().map(|v| ident(v)).collect());
    Notation {
        prec,
        items,
        vars,
        expansion,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_table_has_lean_precedences() {
        let t = NotationTable::lean_core();
        let plus = t.trailing("+").next().map(|n| (n.prec, n.items.clone()));
        assert_eq!(
            plus,
            Some((
                65,
                vec![Item::Var(65), Item::Atom("+".into()), Item::Var(66)]
            ))
        );
        let cons = t.trailing("::").next().map(|n| n.items.clone());
        assert_eq!(
            cons,
            Some(vec![Item::Var(68), Item::Atom("::".into()), Item::Var(67)])
        );
        let neg = t.leading("-").next().map(|n| n.prec);
        assert_eq!(neg, Some(75));
        assert!(t.tokens().any(|tok| tok == "≤"));
    }

    #[test]
    fn newest_notation_wins_and_merge_dedups() {
        let mut a = NotationTable::new();
        a.add(operator(Fixity::Infixl, 65, "+", ident("f")));
        let mut b = NotationTable::new();
        b.add(operator(Fixity::Infixl, 65, "+", ident("f")));
        b.add(operator(Fixity::Infixr, 30, "+", ident("g")));
        a.merge(&b);
        assert_eq!(a.len(), 2);
        assert_eq!(a.trailing("+").next().map(|n| n.prec), Some(30));
    }

    #[test]
    fn validation_rejects_bad_shapes() {
        let mut n = operator(Fixity::Infix, 50, "=", ident("Eq"));
        assert!(n.validate().is_ok());
        n.items = vec![Item::Var(0), Item::Var(0)];
        assert!(n.validate().is_err());
        n.items = vec![Item::Atom("a b".into())];
        assert!(n.validate().is_err());
    }
}
