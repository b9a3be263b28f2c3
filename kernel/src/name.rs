//! Hierarchical names such as `List.cons`.

use std::fmt;
use std::sync::Arc;

/// A hierarchical name: components separated by `.` (`Nat.add`, `List.rec`).
///
/// The anonymous name is the empty string. Names are cheap to clone.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name(Arc<str>);

impl Name {
    /// Builds a name from its dotted spelling, e.g. `Name::new("Nat.succ")`.
    pub fn new(s: &str) -> Name {
        Name(Arc::from(s))
    }

    /// The anonymous (empty) name.
    pub fn anonymous() -> Name {
        Name::new("")
    }

    /// Whether this is the anonymous name.
    pub fn is_anonymous(&self) -> bool {
        self.0.is_empty()
    }

    /// The dotted spelling.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Appends one component: `Nat` + `succ` = `Nat.succ`.
    pub fn child(&self, component: &str) -> Name {
        if self.is_anonymous() {
            Name::new(component)
        } else {
            Name(Arc::from(format!("{}.{}", self.0, component)))
        }
    }

    /// Everything but the last component (anonymous for a one-component name).
    pub fn prefix(&self) -> Name {
        match self.0.rfind('.') {
            Some(i) => Name::new(&self.0[..i]),
            None => Name::anonymous(),
        }
    }

    /// The last component.
    pub fn last(&self) -> &str {
        match self.0.rfind('.') {
            Some(i) => &self.0[i + 1..],
            None => &self.0,
        }
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Name {
        Name::new(s)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_anonymous() {
            f.write_str("[anonymous]")
        } else {
            f.write_str(&self.0)
        }
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components() {
        let n = Name::new("List.cons");
        assert_eq!(n.prefix(), Name::new("List"));
        assert_eq!(n.last(), "cons");
        assert_eq!(Name::new("List").child("rec"), Name::new("List.rec"));
        assert_eq!(Name::anonymous().child("x"), Name::new("x"));
        assert_eq!(Name::new("x").prefix(), Name::anonymous());
        assert_eq!(n.to_string(), "List.cons");
    }
}
