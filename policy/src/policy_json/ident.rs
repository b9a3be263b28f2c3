//! Identifier rules shared by both directions of the conversion: which names are
//! valid, and which attributes need the quoted surface forms `e["a"]` / `has "a"`.

use crate::value::Name;

/// Words that the Cedar grammar does not accept as identifiers.
const RESERVED: &[&str] = &[
    "true", "false", "if", "then", "else", "in", "is", "like", "has", "__cedar",
];

/// Whether `s` matches `[_a-zA-Z][_a-zA-Z0-9]*` (reserved words included).
pub(crate) fn is_any_ident(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c == '_' || c.is_ascii_alphabetic() => {
            chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
        }
        _ => false,
    }
}

/// Whether `s` is an identifier that is not a reserved word.
pub(crate) fn is_ident(s: &str) -> bool {
    is_any_ident(s) && !RESERVED.contains(&s)
}

/// Whether an attribute must be written in the quoted form (`e["a b"]`,
/// `e has "a b"`) rather than the bare form (`e.ab`, `e has ab`).
///
/// This is the canonical choice when reading JSON, which does not record which form
/// the author used: the bare form whenever it is allowed.
pub(crate) fn attr_needs_quotes(attr: &str) -> bool {
    !is_ident(attr)
}

/// The name spelled `s` (`User`, `PhotoApp::Photo`), if every `::`-separated part is
/// an identifier.
pub(crate) fn parse_name(s: &str) -> Option<Name> {
    if s.split("::").all(is_ident) {
        Some(Name::new(s))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert!(is_ident("_a1"));
        assert!(is_ident("User"));
        assert!(!is_ident("1a"));
        assert!(!is_ident(""));
        assert!(!is_ident("a-b"));
        assert!(!is_ident("if"));
        assert!(is_any_ident("if"));
        assert!(!is_ident("é"));
    }

    #[test]
    fn names() {
        assert_eq!(
            parse_name("A::B").map(|n| n.to_string()),
            Some("A::B".into())
        );
        assert!(parse_name("A::").is_none());
        assert!(parse_name("A:B").is_none());
        assert!(parse_name(" A").is_none());
        assert!(parse_name("").is_none());
        assert!(parse_name("A::in").is_none());
    }

    #[test]
    fn quoting() {
        assert!(!attr_needs_quotes("name"));
        assert!(attr_needs_quotes("a b"));
        assert!(attr_needs_quotes("in"));
        assert!(attr_needs_quotes(""));
    }
}
