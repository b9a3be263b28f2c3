//! Printing values as Lean prints them: `[1, 2]`, `some 3`, `"str"`, `(1, 2)`, and
//! constructor applications with parenthesised arguments.

use super::value::Value;
use std::fmt::{self, Write};

/// Nesting beyond which sub-values are printed as `…` (list spines do not count).
const MAX_PRINT_DEPTH: u32 = 200;

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_value(f, self, false, 0)
    }
}

fn write_str_lit(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_char('"')?;
    for c in s.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\t' => f.write_str("\\t")?,
            '\r' => f.write_str("\\r")?,
            c if c.is_control() => write!(f, "\\x{:02x}", u32::from(c))?,
            c => f.write_char(c)?,
        }
    }
    f.write_char('"')
}

/// Writes `v`; `arg` says it is an argument of an application (so an application must be
/// parenthesised).
fn write_value(f: &mut fmt::Formatter<'_>, v: &Value, arg: bool, depth: u32) -> fmt::Result {
    if depth > MAX_PRINT_DEPTH {
        return f.write_str("…");
    }
    let v = v.whnf_ref();
    let c = match v {
        Value::Nat(n) => return write!(f, "{n}"),
        Value::Int(n) if arg && n.to_big().sign() == num_bigint::Sign::Minus => {
            return write!(f, "({n})")
        }
        Value::Int(n) => return write!(f, "{n}"),
        Value::Str(s) => return write_str_lit(f, s),
        Value::Fun(_) => return f.write_str("<fun>"),
        Value::Thunk(_) => return f.write_str("<thunk>"),
        Value::Erased => return f.write_str("_"),
        Value::Stuck(n) => return write!(f, "<{n}>"),
        Value::Ctor(c) => c,
    };
    if c.name.as_str() == "Char.mk" {
        if let Some(ch) = char_of(v) {
            return write!(f, "'{}'", ch.escape_debug());
        }
    }
    if c.name.as_str() == "String.mk" {
        if let Some(s) = string_of(v) {
            return write_str_lit(f, &s);
        }
    }
    let fields: Vec<&Value> = v.fields().collect();
    match (c.name.as_str(), fields.as_slice()) {
        ("List.nil", []) => f.write_str("[]"),
        ("List.cons", [_, _]) => write_list(f, v, depth),
        ("Prod.mk", [_, _]) => write_tuple(f, v, depth),
        ("Bool.true", []) => f.write_str("true"),
        ("Bool.false", []) => f.write_str("false"),
        ("Unit.unit" | "PUnit.unit", []) => f.write_str("()"),
        (name, fs) => {
            let name = match name {
                "Option.some" | "Option.none" => &name["Option.".len()..],
                n => n,
            };
            let paren = arg && !fs.is_empty();
            if paren {
                f.write_char('(')?;
            }
            f.write_str(name)?;
            for x in fs {
                f.write_char(' ')?;
                write_value(f, x, true, depth + 1)?;
            }
            if paren {
                f.write_char(')')?;
            }
            Ok(())
        }
    }
}

/// The character a `Char.mk …` value stands for: the first natural number found by
/// following first fields (`Char.mk n` or Lean's `Char.mk (UInt32.mk (Fin.mk n _)) _`).
fn char_of(v: &Value) -> Option<char> {
    let mut cur = v;
    for _ in 0..4 {
        cur = cur.field(0)?;
        if let Some(n) = cur.as_u64() {
            return char::from_u32(u32::try_from(n).ok()?);
        }
    }
    None
}

/// The text of a `String.mk [c₁, …]` value whose characters are all known.
fn string_of(v: &Value) -> Option<String> {
    v.field(0)?.list_items()?.into_iter().map(char_of).collect()
}

fn write_list(f: &mut fmt::Formatter<'_>, v: &Value, depth: u32) -> fmt::Result {
    f.write_char('[')?;
    let mut cur = v;
    let mut first = true;
    loop {
        match cur.ctor_name().map(|n| n.as_str()) {
            Some("List.cons") => {
                let (Some(x), Some(rest)) = (cur.field(0), cur.field(1)) else {
                    break;
                };
                if !first {
                    f.write_str(", ")?;
                }
                first = false;
                write_value(f, x, false, depth + 1)?;
                cur = rest;
            }
            Some("List.nil") => break,
            _ => {
                f.write_str(", …")?;
                break;
            }
        }
    }
    f.write_char(']')
}

fn write_tuple(f: &mut fmt::Formatter<'_>, v: &Value, depth: u32) -> fmt::Result {
    f.write_char('(')?;
    let mut cur = v;
    while let (Some(a), Some(b)) = (cur.field(0), cur.field(1)) {
        write_value(f, a, false, depth + 1)?;
        f.write_str(", ")?;
        if b.ctor_name().map(|n| n.as_str()) == Some("Prod.mk") && b.fields().count() == 2 {
            cur = b;
        } else {
            write_value(f, b, false, depth + 1)?;
            break;
        }
    }
    f.write_char(')')
}
