//! Printing a resolved [`Schema`] in the Cedar schema syntax.
//!
//! Declarations are grouped by namespace; every type is written with fully qualified
//! names and common types expanded, so the text resolves back to the same schema.

use std::fmt::{self, Write as _};

use super::types::{Annotations, EntityKind, RecordType, SchemaType};
use super::Schema;
use crate::value::{write_quoted, EntityUid, Name};

fn is_ident(s: &str) -> bool {
    let mut cs = s.chars();
    matches!(cs.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Writes an attribute or action name: bare when it is an identifier, quoted otherwise.
fn write_name(out: &mut String, s: &str) -> fmt::Result {
    if is_ident(s) {
        out.write_str(s)
    } else {
        write_quoted(out, s)
    }
}

fn write_annotations(out: &mut String, anns: &Annotations, indent: &str) -> fmt::Result {
    for (k, v) in anns {
        write!(out, "{indent}@{k}(")?;
        write_quoted(out, v)?;
        out.write_str(")\n")?;
    }
    Ok(())
}

/// What a type is printed inside of: the schema and the namespace whose block holds it.
struct Cx<'a> {
    schema: &'a Schema,
    ns: &'a str,
}

impl Cx<'_> {
    /// Writes builtin `name`, qualified with `__cedar::` only when a declared type of
    /// the same name would shadow it.
    fn builtin(&self, out: &mut String, name: &str) -> fmt::Result {
        let local = if self.ns.is_empty() {
            Name::new(name)
        } else {
            Name::new(format!("{}::{name}", self.ns))
        };
        let global = Name::new(name);
        let declared = |n: &Name| {
            self.schema.entity_types.contains_key(n) || self.schema.common_types.contains_key(n)
        };
        if declared(&local) || declared(&global) {
            out.write_str("__cedar::")?;
        }
        out.write_str(name)
    }
}

/// Writes a type; `indent` is the indentation of the line the type starts on.
fn write_type(cx: &Cx<'_>, out: &mut String, t: &SchemaType, indent: &str) -> fmt::Result {
    match t {
        SchemaType::Bool => cx.builtin(out, "Bool"),
        SchemaType::Long => cx.builtin(out, "Long"),
        SchemaType::String => cx.builtin(out, "String"),
        SchemaType::Extension(x) => cx.builtin(out, x.name()),
        SchemaType::Entity(n) => out.write_str(n.as_str()),
        SchemaType::Set(e) => {
            out.write_str("Set<")?;
            write_type(cx, out, e, indent)?;
            out.write_str(">")
        }
        SchemaType::Record(r) => write_record(cx, out, r, indent),
    }
}

fn write_record(cx: &Cx<'_>, out: &mut String, r: &RecordType, indent: &str) -> fmt::Result {
    if r.attrs.is_empty() {
        return out.write_str("{}");
    }
    out.write_str("{\n")?;
    let inner = format!("{indent}  ");
    for (k, a) in &r.attrs {
        write_annotations(out, &a.annotations, &inner)?;
        out.write_str(&inner)?;
        write_name(out, k)?;
        out.write_str(if a.required { ": " } else { "?: " })?;
        write_type(cx, out, &a.ty, &inner)?;
        out.write_str(",\n")?;
    }
    write!(out, "{indent}}}")
}

fn write_names(out: &mut String, names: impl IntoIterator<Item = impl AsRef<str>>) -> fmt::Result {
    out.write_char('[')?;
    for (i, n) in names.into_iter().enumerate() {
        if i > 0 {
            out.write_str(", ")?;
        }
        out.write_str(n.as_ref())?;
    }
    out.write_char(']')
}

fn write_action_ref(out: &mut String, uid: &EntityUid) -> fmt::Result {
    write!(out, "{}::", uid.ty)?;
    write_quoted(out, &uid.eid)
}

fn write_namespace(out: &mut String, schema: &Schema, ns: &str) -> fmt::Result {
    let indent = if ns.is_empty() { "" } else { "  " };
    let cx = &Cx { schema, ns };
    let in_ns = |n: &Name| n.namespace() == ns;
    for c in schema.common_types.values().filter(|c| in_ns(&c.name)) {
        write_annotations(out, &c.annotations, indent)?;
        write!(out, "{indent}type {} = ", c.name.basename())?;
        write_type(cx, out, &c.ty, indent)?;
        out.write_str(";\n")?;
    }
    for e in schema.entity_types.values().filter(|e| in_ns(&e.name)) {
        write_annotations(out, &e.annotations, indent)?;
        write!(out, "{indent}entity {}", e.name.basename())?;
        if !e.member_of.is_empty() {
            out.write_str(" in ")?;
            write_names(out, e.member_of.iter().map(Name::as_str))?;
        }
        match &e.kind {
            EntityKind::Enum(ids) => {
                out.write_str(" enum [")?;
                for (i, id) in ids.iter().enumerate() {
                    if i > 0 {
                        out.write_str(", ")?;
                    }
                    write_quoted(out, id)?;
                }
                out.write_char(']')?;
            }
            EntityKind::Standard { shape, tags } => {
                if !shape.attrs.is_empty() {
                    out.write_str(" = ")?;
                    write_record(cx, out, shape, indent)?;
                }
                if let Some(t) = tags {
                    out.write_str(" tags ")?;
                    write_type(cx, out, t, indent)?;
                }
            }
        }
        out.write_str(";\n")?;
    }
    for a in schema.actions.values().filter(|a| in_ns(&a.uid.ty)) {
        write_annotations(out, &a.annotations, indent)?;
        write!(out, "{indent}action ")?;
        write_name(out, &a.uid.eid)?;
        if !a.member_of.is_empty() {
            out.write_str(" in [")?;
            for (i, m) in a.member_of.iter().enumerate() {
                if i > 0 {
                    out.write_str(", ")?;
                }
                write_action_ref(out, m)?;
            }
            out.write_char(']')?;
        }
        if let Some(at) = &a.applies_to {
            writeln!(out, " appliesTo {{")?;
            write!(out, "{indent}  principal: ")?;
            write_names(out, at.principals.iter().map(Name::as_str))?;
            write!(out, ",\n{indent}  resource: ")?;
            write_names(out, at.resources.iter().map(Name::as_str))?;
            write!(out, ",\n{indent}  context: ")?;
            write_record(cx, out, &at.context, &format!("{indent}  "))?;
            write!(out, "\n{indent}}}")?;
        }
        out.write_str(";\n")?;
    }
    Ok(())
}

/// The schema in Cedar schema syntax.
pub(crate) fn to_cedar(schema: &Schema) -> Result<String, fmt::Error> {
    let mut out = String::new();
    let mut namespaces: Vec<&str> = schema.namespaces.keys().map(|s| s.as_str()).collect();
    namespaces.extend(schema.entity_types.keys().map(Name::namespace));
    namespaces.extend(schema.common_types.keys().map(Name::namespace));
    namespaces.extend(schema.actions.keys().map(|u| u.ty.namespace()));
    namespaces.sort_unstable();
    namespaces.dedup();
    for ns in namespaces {
        if ns.is_empty() {
            write_namespace(&mut out, schema, ns)?;
        } else {
            if let Some(anns) = schema.namespaces.get(ns) {
                write_annotations(&mut out, anns, "")?;
            }
            writeln!(out, "namespace {ns} {{")?;
            write_namespace(&mut out, schema, ns)?;
            out.write_str("}\n")?;
        }
    }
    Ok(out)
}
