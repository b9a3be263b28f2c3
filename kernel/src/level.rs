//! Universe levels: `0`, `succ l`, `max l l'`, `imax l l'` and parameters, with a complete
//! decision procedure for `≤` and equivalence.

use crate::name::Name;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// A universe level. Cheap to clone; compared structurally.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Level(Arc<LevelNode>);

/// The shape of a level.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum LevelNode {
    /// The level of `Prop`.
    Zero,
    /// The successor `l + 1`.
    Succ(Level),
    /// The larger of two levels.
    Max(Level, Level),
    /// `imax a b` is `0` when `b` is `0` and `max a b` otherwise (the level of a Π type).
    IMax(Level, Level),
    /// A universe parameter of the enclosing declaration.
    Param(Name),
}

impl Level {
    /// Level `0`.
    pub fn zero() -> Level {
        Level(Arc::new(LevelNode::Zero))
    }
    /// Level `1` (the level of `Type`).
    pub fn one() -> Level {
        Level::zero().succ()
    }
    /// `self + 1`.
    pub fn succ(&self) -> Level {
        Level(Arc::new(LevelNode::Succ(self.clone())))
    }
    /// `max a b`.
    pub fn max(a: &Level, b: &Level) -> Level {
        Level(Arc::new(LevelNode::Max(a.clone(), b.clone())))
    }
    /// `imax a b`.
    pub fn imax(a: &Level, b: &Level) -> Level {
        Level(Arc::new(LevelNode::IMax(a.clone(), b.clone())))
    }
    /// The universe parameter `n`.
    pub fn param(n: impl Into<Name>) -> Level {
        Level(Arc::new(LevelNode::Param(n.into())))
    }
    /// The shape of this level.
    pub fn node(&self) -> &LevelNode {
        &self.0
    }

    /// Nesting depth of the level tree (1 for a leaf).
    pub fn depth(&self) -> usize {
        match self.node() {
            LevelNode::Zero | LevelNode::Param(_) => 1,
            LevelNode::Succ(a) => 1 + a.depth(),
            LevelNode::Max(a, b) | LevelNode::IMax(a, b) => 1 + a.depth().max(b.depth()),
        }
    }

    /// Whether the level is syntactically `0`.
    pub fn is_zero_lit(&self) -> bool {
        matches!(self.node(), LevelNode::Zero)
    }

    /// Calls `f` on every parameter occurring in the level.
    pub fn for_each_param(&self, f: &mut impl FnMut(&Name)) {
        match self.node() {
            LevelNode::Zero => {}
            LevelNode::Param(n) => f(n),
            LevelNode::Succ(a) => a.for_each_param(f),
            LevelNode::Max(a, b) | LevelNode::IMax(a, b) => {
                a.for_each_param(f);
                b.for_each_param(f);
            }
        }
    }

    /// Whether any parameter occurs in the level.
    pub fn has_param(&self) -> bool {
        let mut found = false;
        self.for_each_param(&mut |_| found = true);
        found
    }

    /// Substitutes parameters: `names[i] := values[i]`.
    pub fn instantiate(&self, names: &[Name], values: &[Level]) -> Level {
        if !self.has_param() {
            return self.clone();
        }
        match self.node() {
            LevelNode::Zero => self.clone(),
            LevelNode::Param(n) => names
                .iter()
                .position(|m| m == n)
                .and_then(|i| values.get(i).cloned())
                .unwrap_or_else(|| self.clone()),
            LevelNode::Succ(a) => a.instantiate(names, values).succ(),
            LevelNode::Max(a, b) => {
                Level::max(&a.instantiate(names, values), &b.instantiate(names, values))
            }
            LevelNode::IMax(a, b) => {
                Level::imax(&a.instantiate(names, values), &b.instantiate(names, values))
            }
        }
    }

    /// Whether `self ≤ other` for every assignment of natural numbers to the parameters.
    pub fn leq(&self, other: &Level) -> bool {
        leq_under(self, other, &mut BTreeMap::new())
    }

    /// Whether the two levels denote the same number under every assignment.
    pub fn equiv(&self, other: &Level) -> bool {
        self == other || (self.leq(other) && other.leq(self))
    }

    /// Whether the level is `0` under every assignment.
    pub fn is_zero(&self) -> bool {
        self.leq(&Level::zero())
    }

    /// Whether the level is at least `1` under every assignment.
    pub fn is_never_zero(&self) -> bool {
        Level::one().leq(self)
    }
}

/// What a case split has decided about a parameter.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Case {
    Zero,
    Positive,
}

/// Three-valued "is this level zero" under the current case split.
fn zeroness(l: &Level, cases: &BTreeMap<Name, Case>) -> Option<bool> {
    match l.node() {
        LevelNode::Zero => Some(true),
        LevelNode::Succ(_) => Some(false),
        LevelNode::Param(n) => cases.get(n).map(|c| *c == Case::Zero),
        LevelNode::Max(a, b) => match (zeroness(a, cases), zeroness(b, cases)) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        },
        LevelNode::IMax(_, b) => match zeroness(b, cases) {
            Some(true) => Some(true),
            Some(false) => Some(false),
            None => None,
        },
    }
}

/// Finds a parameter whose value decides an undecided `imax`.
fn undecided_param(l: &Level, cases: &BTreeMap<Name, Case>) -> Option<Name> {
    match l.node() {
        LevelNode::Zero | LevelNode::Param(_) => None,
        LevelNode::Succ(a) => undecided_param(a, cases),
        LevelNode::Max(a, b) => undecided_param(a, cases).or_else(|| undecided_param(b, cases)),
        LevelNode::IMax(a, b) => {
            if zeroness(b, cases).is_none() {
                let mut found = None;
                b.for_each_param(&mut |n| {
                    if found.is_none() && !cases.contains_key(n) {
                        found = Some(n.clone());
                    }
                });
                if found.is_some() {
                    return found;
                }
            }
            undecided_param(a, cases).or_else(|| undecided_param(b, cases))
        }
    }
}

/// A level in normal form: the max of `param + k` terms and a constant.
#[derive(Default, Debug)]
struct MaxForm {
    constant: u64,
    params: BTreeMap<Name, u64>,
}

fn to_max_form(l: &Level, cases: &BTreeMap<Name, Case>, k: u64, out: &mut MaxForm) {
    match l.node() {
        LevelNode::Zero => out.constant = out.constant.max(k),
        LevelNode::Succ(a) => to_max_form(a, cases, k + 1, out),
        LevelNode::Param(n) => match cases.get(n) {
            Some(Case::Zero) => out.constant = out.constant.max(k),
            // A positive parameter p is p' + 1 with p' ≥ 0; keep the name for p'.
            Some(Case::Positive) => {
                out.constant = out.constant.max(k + 1);
                let e = out.params.entry(n.clone()).or_insert(k + 1);
                *e = (*e).max(k + 1);
            }
            None => {
                out.constant = out.constant.max(k);
                let e = out.params.entry(n.clone()).or_insert(k);
                *e = (*e).max(k);
            }
        },
        LevelNode::Max(a, b) => {
            to_max_form(a, cases, k, out);
            to_max_form(b, cases, k, out);
        }
        LevelNode::IMax(a, b) => match zeroness(b, cases) {
            Some(true) => to_max_form(b, cases, k, out),
            _ => {
                to_max_form(a, cases, k, out);
                to_max_form(b, cases, k, out);
            }
        },
    }
}

fn leq_under(a: &Level, b: &Level, cases: &mut BTreeMap<Name, Case>) -> bool {
    if let Some(p) = undecided_param(a, cases).or_else(|| undecided_param(b, cases)) {
        let mut ok = true;
        for c in [Case::Zero, Case::Positive] {
            cases.insert(p.clone(), c);
            ok = ok && leq_under(a, b, cases);
            cases.remove(&p);
        }
        return ok;
    }
    let (mut fa, mut fb) = (MaxForm::default(), MaxForm::default());
    to_max_form(a, cases, 0, &mut fa);
    to_max_form(b, cases, 0, &mut fb);
    let const_ok = fa.constant <= fb.constant;
    const_ok
        && fa
            .params
            .iter()
            .all(|(p, k)| fb.params.get(p).is_some_and(|m| m >= k))
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut k = 0u64;
        let mut cur = self;
        while let LevelNode::Succ(a) = cur.node() {
            k += 1;
            cur = a;
        }
        match cur.node() {
            LevelNode::Zero => write!(f, "{k}"),
            _ if k > 0 => write!(f, "({cur}+{k})"),
            LevelNode::Param(n) => write!(f, "{n}"),
            LevelNode::Max(a, b) => write!(f, "(max {a} {b})"),
            LevelNode::IMax(a, b) => write!(f, "(imax {a} {b})"),
            LevelNode::Succ(_) => Ok(()),
        }
    }
}

impl fmt::Debug for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn u() -> Level {
        Level::param("u")
    }
    fn v() -> Level {
        Level::param("v")
    }

    #[test]
    fn basic_order() {
        assert!(Level::zero().leq(&u()));
        assert!(!u().leq(&Level::zero()));
        assert!(u().leq(&u().succ()));
        assert!(!u().succ().leq(&u()));
        assert!(u().leq(&Level::max(&u(), &v())));
        assert!(!u().leq(&v()));
        assert!(Level::imax(&u(), &Level::zero()).is_zero());
        assert!(Level::imax(&u(), &v()).leq(&Level::max(&u(), &v())));
        assert!(!Level::max(&u(), &v()).leq(&Level::imax(&u(), &v())));
        assert!(Level::imax(&u(), &v().succ()).equiv(&Level::max(&u(), &v().succ())));
        assert!(Level::imax(&u(), &u()).equiv(&u()));
        assert!(Level::one().is_never_zero());
        assert!(!u().is_never_zero());
        assert!(Level::max(&u().succ(), &v()).is_never_zero());
    }

    fn arb_level() -> impl Strategy<Value = Level> {
        let leaf = prop_oneof![
            Just(Level::zero()),
            Just(Level::param("a")),
            Just(Level::param("b"))
        ];
        leaf.prop_recursive(4, 16, 2, |inner| {
            prop_oneof![
                inner.clone().prop_map(|l| l.succ()),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| Level::max(&a, &b)),
                (inner.clone(), inner).prop_map(|(a, b)| Level::imax(&a, &b)),
            ]
        })
    }

    fn eval(l: &Level, a: u64, b: u64) -> u64 {
        match l.node() {
            LevelNode::Zero => 0,
            LevelNode::Succ(x) => eval(x, a, b) + 1,
            LevelNode::Max(x, y) => eval(x, a, b).max(eval(y, a, b)),
            LevelNode::IMax(x, y) => {
                let y = eval(y, a, b);
                if y == 0 {
                    0
                } else {
                    eval(x, a, b).max(y)
                }
            }
            LevelNode::Param(n) if n.as_str() == "a" => a,
            LevelNode::Param(_) => b,
        }
    }

    proptest! {
        /// `leq` agrees with evaluation on small assignments (soundness and, since the
        /// levels here have small offsets, completeness).
        #[test]
        fn leq_matches_evaluation(x in arb_level(), y in arb_level()) {
            let semantic = (0..6).all(|a| (0..6).all(|b| eval(&x, a, b) <= eval(&y, a, b)));
            prop_assert_eq!(x.leq(&y), semantic);
        }
    }
}
