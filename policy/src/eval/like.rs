//! Wildcard matching for `like`.
//!
//! A greedy two-pointer matcher: on a mismatch it backtracks only to the most recent `*`,
//! letting it absorb one more character. Earlier stars never need revisiting (whatever
//! they could absorb, the latest star can absorb too), so the worst case is
//! O(|text| · |pattern|) with no allocation.

use crate::ast::PatternElem;

/// Whether `text` matches `pattern`, where [`PatternElem::Wildcard`] matches any sequence
/// of characters (including none) and [`PatternElem::Char`] exactly that character.
pub fn wildcard_match(pattern: &[PatternElem], text: &str) -> bool {
    // `t` is a byte offset into `text` (always on a char boundary), `p` an index into
    // `pattern`; `star` remembers the last `*` seen: the pattern index just after it and
    // the text offset it currently extends to.
    let (mut t, mut p) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    loop {
        let next_char = text.get(t..).and_then(|rest| rest.chars().next());
        match pattern.get(p) {
            Some(PatternElem::Wildcard) => {
                star = Some((p + 1, t));
                p += 1;
                continue;
            }
            Some(PatternElem::Char(c)) => {
                if let Some(tc) = next_char {
                    if tc == *c {
                        t += tc.len_utf8();
                        p += 1;
                        continue;
                    }
                }
            }
            None if next_char.is_none() => return true,
            None => {}
        }
        // Mismatch: let the last star absorb one more character, or fail.
        let Some((after_star, absorbed_to)) = star else {
            return false;
        };
        let Some(c) = text.get(absorbed_to..).and_then(|rest| rest.chars().next()) else {
            return false;
        };
        let resume = absorbed_to + c.len_utf8();
        star = Some((after_star, resume));
        p = after_star;
        t = resume;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pat(s: &str) -> Vec<PatternElem> {
        s.chars()
            .map(|c| {
                if c == '*' {
                    PatternElem::Wildcard
                } else {
                    PatternElem::Char(c)
                }
            })
            .collect()
    }

    /// The obvious exponential recursive definition, as a reference.
    fn reference(pattern: &[PatternElem], text: &[char]) -> bool {
        match pattern.split_first() {
            None => text.is_empty(),
            Some((PatternElem::Wildcard, rest)) => {
                (0..=text.len()).any(|i| reference(rest, text.get(i..).unwrap_or(&[])))
            }
            Some((PatternElem::Char(c), rest)) => match text.split_first() {
                Some((t, more)) => t == c && reference(rest, more),
                None => false,
            },
        }
    }

    #[test]
    fn examples() {
        assert!(wildcard_match(&pat(""), ""));
        assert!(!wildcard_match(&pat(""), "a"));
        assert!(wildcard_match(&pat("*"), ""));
        assert!(wildcard_match(&pat("*"), "anything"));
        assert!(wildcard_match(&pat("a*c"), "abbbc"));
        assert!(wildcard_match(&pat("a*c"), "ac"));
        assert!(!wildcard_match(&pat("a*c"), "abcd"));
        assert!(wildcard_match(&pat("*.jpg"), "photo.jpg.jpg"));
        assert!(wildcard_match(&pat("**a**"), "bab"));
        assert!(!wildcard_match(&pat("a"), "A"));
        assert!(wildcard_match(&pat("h*é*ü"), "héllo wörld ü"));
        assert!(wildcard_match(&pat("日*本"), "日本"));
        // A literal star in the pattern matches only a star.
        let lit_star = [PatternElem::Char('a'), PatternElem::Char('*')];
        assert!(wildcard_match(&lit_star, "a*"));
        assert!(!wildcard_match(&lit_star, "ab"));
    }

    #[test]
    fn pathological_pattern_is_fast() {
        let text = "a".repeat(5000);
        let pattern = pat(&format!("{}b", "*a".repeat(200)));
        assert!(!wildcard_match(&pattern, &text));
    }

    proptest! {
        #[test]
        fn agrees_with_reference(p in "[ab*é]{0,8}", t in "[abé]{0,10}") {
            let pattern = pat(&p);
            let chars: Vec<char> = t.chars().collect();
            prop_assert_eq!(wildcard_match(&pattern, &t), reference(&pattern, &chars));
        }

        #[test]
        fn a_pattern_without_stars_is_equality(s in "[ab]{0,6}", t in "[ab]{0,6}") {
            prop_assert_eq!(wildcard_match(&pat(&s), &t), s == t);
        }
    }
}
