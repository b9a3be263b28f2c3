//! The Cedar schema syntax (`.cedarschema`), parsed with nom into a [`RawSchema`].
//!
//! The grammar, informally:
//!
//! ```text
//! schema    := { annotations ( 'namespace' path '{' { decl } '}' | decl ) }
//! decl      := 'entity' idents [ 'in' types ] ( 'enum' '[' strs ']' | [ '=' ] [ record ] [ 'tags' type ] ) ';'
//!            | 'action' names [ 'in' refs ] [ 'appliesTo' '{' applies '}' ] ';'
//!            | 'type' ident '=' type ';'
//! type      := 'Set' '<' type '>' | record | path
//! record    := '{' [ annotations name [ '?' ] ':' type { ',' … } [ ',' ] ] '}'
//! ```
//!
//! Comments run from `//` to the end of the line. Type nesting is bounded by
//! [`super::MAX_TYPE_DEPTH`], so no input can overflow the stack.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::{anychar, satisfy};
use nom::combinator::{opt, recognize};
use nom::error::{ErrorKind, ParseError};
use nom::sequence::pair;
use nom::{IResult, Parser};
use smol_str::SmolStr;

use super::error::{Origin, SchemaError, SchemaErrorKind};
use super::raw::{
    RawAction, RawActionRef, RawAppliesTo, RawAttr, RawCommon, RawEntity, RawNamespace, RawRef,
    RawSchema, RawType, RawTypeKind,
};
use super::types::Annotations;
use crate::ast::Loc;

/// A parse error: the input remaining where it happened and what was expected.
#[derive(Debug)]
struct PErr<'a> {
    at: &'a str,
    msg: String,
}

impl<'a> ParseError<&'a str> for PErr<'a> {
    fn from_error_kind(input: &'a str, kind: ErrorKind) -> Self {
        PErr {
            at: input,
            msg: format!("unexpected input ({})", kind.description()),
        }
    }

    fn append(_: &'a str, _: ErrorKind, other: Self) -> Self {
        other
    }
}

type PResult<'a, T> = IResult<&'a str, T, PErr<'a>>;

/// A committed failure: `expected …` at `at`.
fn fail<'a, T>(at: &'a str, msg: impl Into<String>) -> PResult<'a, T> {
    Err(nom::Err::Failure(PErr {
        at,
        msg: msg.into(),
    }))
}

/// What the next token looks like, for error messages.
fn found(i: &str) -> String {
    match i.chars().next() {
        None => "end of input".to_string(),
        Some(c) if c.is_alphanumeric() || c == '_' => {
            let word: String = i
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .take(40)
                .collect();
            format!("`{word}`")
        }
        Some(c) => format!("`{c}`"),
    }
}

/// The parsing context: the length of the whole source, to turn remaining input into
/// byte offsets.
struct Cx {
    len: usize,
}

impl Cx {
    fn off(&self, i: &str) -> usize {
        self.len - i.len()
    }

    fn origin(&self, start: &str, end: &str) -> Origin {
        Origin::Span(Loc::new(self.off(start), self.off(end)))
    }
}

/// Skips whitespace and `//` comments.
fn ws(mut i: &str) -> PResult<'_, ()> {
    loop {
        let t = i.trim_start();
        if let Some(rest) = t.strip_prefix("//") {
            i = rest.find('\n').map_or("", |n| &rest[n..]);
        } else {
            return Ok((t, ()));
        }
    }
}

/// The punctuation `s`, after whitespace; a recoverable error if absent.
fn punct<'a>(s: &'static str) -> impl Parser<&'a str, Output = &'a str, Error = PErr<'a>> {
    move |i: &'a str| {
        let (i, _) = ws(i)?;
        tag(s).parse(i)
    }
}

/// The punctuation `s`, after whitespace; a committed error if absent.
fn expect<'a>(i: &'a str, s: &'static str) -> PResult<'a, &'a str> {
    let (i, _) = ws(i)?;
    match tag::<_, _, PErr<'a>>(s).parse(i) {
        Ok(r) => Ok(r),
        Err(_) => fail(i, format!("expected `{s}`, found {}", found(i))),
    }
}

fn ident(i: &str) -> PResult<'_, &str> {
    let (i, _) = ws(i)?;
    recognize(pair(
        satisfy(|c: char| c.is_ascii_alphabetic() || c == '_'),
        take_while(|c: char| c.is_ascii_alphanumeric() || c == '_'),
    ))
    .parse(i)
}

/// The keyword `k` (an identifier equal to `k`).
fn keyword<'a>(k: &'static str) -> impl Parser<&'a str, Output = &'a str, Error = PErr<'a>> {
    move |i: &'a str| {
        let (rest, id) = ident(i)?;
        if id == k {
            Ok((rest, id))
        } else {
            Err(nom::Err::Error(PErr::from_error_kind(i, ErrorKind::Tag)))
        }
    }
}

fn expect_ident<'a>(i: &'a str, what: &str) -> PResult<'a, &'a str> {
    let (i, _) = ws(i)?;
    match ident(i) {
        Ok(r) => Ok(r),
        Err(_) => fail(i, format!("expected {what}, found {}", found(i))),
    }
}

/// A string literal with Cedar's escapes decoded.
fn string(i: &str) -> PResult<'_, SmolStr> {
    let (i, _) = ws(i)?;
    let (mut i, _) = tag("\"").parse(i)?;
    let mut out = String::new();
    loop {
        let (rest, c) = match anychar::<_, PErr<'_>>(i) {
            Ok(r) => r,
            Err(_) => return fail(i, "unterminated string literal"),
        };
        match c {
            '"' => return Ok((rest, out.into())),
            '\\' => {
                let (rest2, e) = match anychar::<_, PErr<'_>>(rest) {
                    Ok(r) => r,
                    Err(_) => return fail(i, "unterminated string literal"),
                };
                let (rest3, decoded) = match e {
                    'n' => (rest2, '\n'),
                    'r' => (rest2, '\r'),
                    't' => (rest2, '\t'),
                    '0' => (rest2, '\0'),
                    '\\' => (rest2, '\\'),
                    '"' => (rest2, '"'),
                    '\'' => (rest2, '\''),
                    'u' => {
                        let Ok((r, hex)) = nom::sequence::delimited(
                            tag::<_, _, PErr<'_>>("{"),
                            take_while1(|c: char| c.is_ascii_hexdigit()),
                            tag("}"),
                        )
                        .parse(rest2) else {
                            return fail(i, "invalid `\\u{…}` escape");
                        };
                        match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                            Some(c) if hex.len() <= 6 => (r, c),
                            _ => return fail(i, "invalid `\\u{…}` escape"),
                        }
                    }
                    _ => return fail(i, format!("invalid escape `\\{e}`")),
                };
                out.push(decoded);
                i = rest3;
            }
            c => {
                out.push(c);
                i = rest;
            }
        }
    }
}

/// `A::B::C` (stops before `::"…"`).
fn path(i: &str) -> PResult<'_, SmolStr> {
    let (mut i, first) = ident(i)?;
    let mut s = String::from(first);
    loop {
        let r: PResult<'_, &str> = (|j| {
            let (j, _) = tag("::").parse(j)?;
            ident(j)
        })(i);
        match r {
            Ok((rest, part)) if !part.is_empty() => {
                s.push_str("::");
                s.push_str(part);
                i = rest;
            }
            _ => return Ok((i, s.into())),
        }
    }
}

fn expect_path<'a>(i: &'a str, what: &str) -> PResult<'a, SmolStr> {
    let (i, _) = ws(i)?;
    match path(i) {
        Ok(r) => Ok(r),
        Err(_) => fail(i, format!("expected {what}, found {}", found(i))),
    }
}

/// An identifier or a string: attribute and action names.
fn name(i: &str) -> PResult<'_, SmolStr> {
    alt((string, |j| ident(j).map(|(r, s)| (r, SmolStr::from(s))))).parse(i)
}

fn annotations<'a>(cx: &Cx, mut i: &'a str) -> PResult<'a, Annotations> {
    let mut out = Annotations::new();
    loop {
        let (j, _) = ws(i)?;
        let Ok((j, _)) = tag::<_, _, PErr<'a>>("@").parse(j) else {
            return Ok((i, out));
        };
        let start = j;
        let (j, key) = expect_ident(j, "an annotation name")?;
        let (j, value) = match punct("(").parse(j) {
            Ok((k, _)) => {
                let (k, _) = ws(k)?;
                let Ok((k, v)) = string(k) else {
                    return fail(k, format!("expected a string, found {}", found(k)));
                };
                let (k, _) = expect(k, ")")?;
                (k, v)
            }
            Err(_) => (j, SmolStr::default()),
        };
        if out.insert(key.into(), value).is_some() {
            let _ = cx;
            return fail(start, format!("duplicate annotation `@{key}`"));
        }
        i = j;
    }
}

fn ty<'a>(cx: &Cx, i: &'a str, depth: usize) -> PResult<'a, RawType> {
    let (i, _) = ws(i)?;
    if depth > super::MAX_TYPE_DEPTH {
        return fail(i, "types are nested too deeply");
    }
    let start = i;
    if let Ok((j, _)) = punct("{").parse(i) {
        let (j, attrs) = record_body(cx, j, depth)?;
        return Ok((
            j,
            RawType {
                kind: RawTypeKind::Record(attrs),
                origin: cx.origin(start, j),
            },
        ));
    }
    let (j, p) = expect_path(i, "a type")?;
    if p == "Set" {
        if let Ok((k, _)) = punct("<").parse(j) {
            let (k, elem) = ty(cx, k, depth + 1)?;
            let (k, _) = expect(k, ">")?;
            return Ok((
                k,
                RawType {
                    kind: RawTypeKind::Set(Box::new(elem)),
                    origin: cx.origin(start, k),
                },
            ));
        }
    }
    Ok((
        j,
        RawType {
            kind: RawTypeKind::Named(p),
            origin: cx.origin(start, j),
        },
    ))
}

/// The attributes of a record type, after its `{`, through its `}`.
fn record_body<'a>(cx: &Cx, mut i: &'a str, depth: usize) -> PResult<'a, Vec<RawAttr>> {
    let mut attrs = Vec::new();
    loop {
        if let Ok((j, _)) = punct("}").parse(i) {
            return Ok((j, attrs));
        }
        let (j, anns) = annotations(cx, i)?;
        let (j, _) = ws(j)?;
        let start = j;
        let Ok((j, n)) = name(j) else {
            return fail(
                j,
                format!("expected an attribute name or `}}`, found {}", found(j)),
            );
        };
        let (j, optional) = opt(punct("?")).parse(j)?;
        let (j, _) = expect(j, ":")?;
        let (j, t) = ty(cx, j, depth + 1)?;
        attrs.push(RawAttr {
            name: n,
            ty: t,
            required: optional.is_none(),
            annotations: anns,
            origin: cx.origin(start, j),
        });
        match punct(",").parse(j) {
            Ok((k, _)) => i = k,
            Err(_) => {
                let (k, _) = expect(j, "}")?;
                return Ok((k, attrs));
            }
        }
    }
}

/// A comma-separated list of `item`s in brackets, or a single `item`.
fn one_or_list<'a, T>(
    i: &'a str,
    mut item: impl FnMut(&'a str) -> PResult<'a, T>,
) -> PResult<'a, Vec<T>> {
    let Ok((mut i, _)) = punct("[").parse(i) else {
        return item(i).map(|(r, t)| (r, vec![t]));
    };
    let mut out = Vec::new();
    if let Ok((j, _)) = punct("]").parse(i) {
        return Ok((j, out));
    }
    loop {
        let (j, t) = item(i)?;
        out.push(t);
        match punct(",").parse(j) {
            Ok((k, _)) => {
                if let Ok((k2, _)) = punct("]").parse(k) {
                    return Ok((k2, out));
                }
                i = k;
            }
            Err(_) => {
                let (k, _) = expect(j, "]")?;
                return Ok((k, out));
            }
        }
    }
}

fn type_ref<'a>(cx: &Cx, i: &'a str) -> PResult<'a, RawRef> {
    let (i, _) = ws(i)?;
    let (j, p) = expect_path(i, "an entity type")?;
    Ok((
        j,
        RawRef {
            path: p,
            origin: cx.origin(i, j),
        },
    ))
}

fn action_ref<'a>(cx: &Cx, i: &'a str) -> PResult<'a, RawActionRef> {
    let (i, _) = ws(i)?;
    if let Ok((j, id)) = string(i) {
        return Ok((
            j,
            RawActionRef {
                ty: None,
                id,
                origin: cx.origin(i, j),
            },
        ));
    }
    let (j, p) = expect_path(i, "an action name")?;
    if let Ok((k, _)) = tag::<_, _, PErr<'a>>("::").parse(j) {
        let Ok((k, id)) = string(k) else {
            return fail(k, "expected a quoted action id after `::`");
        };
        return Ok((
            k,
            RawActionRef {
                ty: Some(p),
                id,
                origin: cx.origin(i, k),
            },
        ));
    }
    if p.contains("::") {
        return fail(
            i,
            "a qualified action reference needs a quoted id: `NS::Action::\"name\"`",
        );
    }
    Ok((
        j,
        RawActionRef {
            ty: None,
            id: p,
            origin: cx.origin(i, j),
        },
    ))
}

fn comma_list<'a, T>(
    mut i: &'a str,
    mut item: impl FnMut(&'a str) -> PResult<'a, T>,
) -> PResult<'a, Vec<T>> {
    let mut out = Vec::new();
    loop {
        let (j, t) = item(i)?;
        out.push(t);
        match punct(",").parse(j) {
            Ok((k, _)) => i = k,
            Err(_) => return Ok((j, out)),
        }
    }
}

fn entity_decl<'a>(
    cx: &Cx,
    i: &'a str,
    anns: &Annotations,
    start: &'a str,
    out: &mut RawNamespace,
) -> PResult<'a, ()> {
    let (i, names) = comma_list(i, |j| expect_ident(j, "an entity type name"))?;
    let (i, member_of) = match keyword("in").parse(i) {
        Ok((j, _)) => one_or_list(j, |k| type_ref(cx, k))?,
        Err(_) => (i, Vec::new()),
    };
    let (i, enum_ids, shape, tags) = if let Ok((j, _)) = keyword("enum").parse(i) {
        let (j, _) = expect(j, "[")?;
        let (j, ids) = comma_list(j, |k| {
            let (k, _) = ws(k)?;
            match string(k) {
                Ok(r) => Ok(r),
                Err(_) => fail(k, format!("expected a quoted id, found {}", found(k))),
            }
        })?;
        let (j, _) = expect(j, "]")?;
        (j, Some(ids), None, None)
    } else {
        let (j, eq) = opt(punct("=")).parse(i)?;
        let (j, _) = ws(j)?;
        let shape_start = j;
        let (j, shape) = match punct("{").parse(j) {
            Ok((k, _)) => {
                let (k, attrs) = record_body(cx, k, 0)?;
                let t = RawType {
                    kind: RawTypeKind::Record(attrs),
                    origin: cx.origin(shape_start, k),
                };
                (k, Some(t))
            }
            Err(_) if eq.is_some() => return fail(j, format!("expected `{{`, found {}", found(j))),
            Err(_) => (j, None),
        };
        let (j, tags) = match keyword("tags").parse(j) {
            Ok((k, _)) => {
                let (k, t) = ty(cx, k, 0)?;
                (k, Some(t))
            }
            Err(_) => (j, None),
        };
        (j, None, shape, tags)
    };
    let (i, _) = expect(i, ";")?;
    for n in names {
        out.entities.push(RawEntity {
            name: n.into(),
            member_of: member_of.clone(),
            shape: shape.clone(),
            tags: tags.clone(),
            enum_ids: enum_ids.clone(),
            annotations: anns.clone(),
            origin: cx.origin(start, i),
        });
    }
    Ok((i, ()))
}

fn applies_to<'a>(cx: &Cx, i: &'a str) -> PResult<'a, RawAppliesTo> {
    let (mut i, _) = expect(i, "{")?;
    let open = i;
    let mut at = RawAppliesTo {
        principals: Vec::new(),
        resources: Vec::new(),
        context: None,
    };
    let (mut seen_principal, mut seen_resource, mut seen_context) = (false, false, false);
    loop {
        if let Ok((j, _)) = punct("}").parse(i) {
            return if seen_principal && seen_resource {
                Ok((j, at))
            } else {
                fail(
                    open,
                    "`appliesTo` must declare both `principal` and `resource`",
                )
            };
        }
        let (j, _) = ws(i)?;
        let (j, key) = expect_ident(j, "`principal`, `resource` or `context`")?;
        let (j, _) = expect(j, ":")?;
        let seen = match key {
            "principal" => &mut seen_principal,
            "resource" => &mut seen_resource,
            _ => &mut seen_context,
        };
        if std::mem::replace(seen, true) {
            return fail(i, format!("`{key}` is declared twice in `appliesTo`"));
        }
        let j = match key {
            "principal" => {
                let (j, v) = one_or_list(j, |k| type_ref(cx, k))?;
                at.principals = v;
                j
            }
            "resource" => {
                let (j, v) = one_or_list(j, |k| type_ref(cx, k))?;
                at.resources = v;
                j
            }
            "context" => {
                let (j, t) = ty(cx, j, 0)?;
                at.context = Some(t);
                j
            }
            _ => {
                return fail(
                    i,
                    format!("expected `principal`, `resource` or `context`, found `{key}`"),
                )
            }
        };
        match punct(",").parse(j) {
            Ok((k, _)) => i = k,
            Err(_) => {
                let (_, _) = expect(j, "}")?;
                i = j;
            }
        }
    }
}

fn action_decl<'a>(
    cx: &Cx,
    i: &'a str,
    anns: &Annotations,
    start: &'a str,
    out: &mut RawNamespace,
) -> PResult<'a, ()> {
    let (i, names) = comma_list(i, |j| {
        let (j, _) = ws(j)?;
        match name(j) {
            Ok(r) => Ok(r),
            Err(_) => fail(j, format!("expected an action name, found {}", found(j))),
        }
    })?;
    let (i, member_of) = match keyword("in").parse(i) {
        Ok((j, _)) => one_or_list(j, |k| action_ref(cx, k))?,
        Err(_) => (i, Vec::new()),
    };
    let (i, at) = match keyword("appliesTo").parse(i) {
        Ok((j, _)) => {
            let (j, at) = applies_to(cx, j)?;
            (j, Some(at))
        }
        Err(_) => (i, None),
    };
    let (i, _) = expect(i, ";")?;
    for n in names {
        out.actions.push(RawAction {
            name: n,
            member_of: member_of.clone(),
            applies_to: at.clone(),
            annotations: anns.clone(),
            origin: cx.origin(start, i),
        });
    }
    Ok((i, ()))
}

/// One declaration after its annotations; a recoverable error if `i` does not start one.
fn decl<'a>(cx: &Cx, i: &'a str, anns: &Annotations, out: &mut RawNamespace) -> PResult<'a, ()> {
    let (i, _) = ws(i)?;
    let start = i;
    if let Ok((j, _)) = keyword("entity").parse(i) {
        return entity_decl(cx, j, anns, start, out);
    }
    if let Ok((j, _)) = keyword("action").parse(i) {
        return action_decl(cx, j, anns, start, out);
    }
    if let Ok((j, _)) = keyword("type").parse(i) {
        let (j, n) = expect_ident(j, "a type name")?;
        let (j, _) = expect(j, "=")?;
        let (j, t) = ty(cx, j, 0)?;
        let (j, _) = expect(j, ";")?;
        out.commons.push(RawCommon {
            name: n.into(),
            ty: t,
            annotations: anns.clone(),
            origin: cx.origin(start, j),
        });
        return Ok((j, ()));
    }
    Err(nom::Err::Error(PErr::from_error_kind(i, ErrorKind::Alt)))
}

fn empty_namespace(name: SmolStr, annotations: Annotations) -> RawNamespace {
    RawNamespace {
        name,
        annotations,
        entities: Vec::new(),
        actions: Vec::new(),
        commons: Vec::new(),
    }
}

fn schema<'a>(cx: &Cx, mut i: &'a str) -> PResult<'a, RawSchema> {
    let mut top = empty_namespace(SmolStr::default(), Annotations::new());
    let mut namespaces = Vec::new();
    loop {
        let (j, anns) = annotations(cx, i)?;
        let (j, _) = ws(j)?;
        if j.is_empty() {
            if !anns.is_empty() {
                return fail(j, "expected a declaration after the annotations");
            }
            break;
        }
        if let Ok((k, _)) = keyword("namespace").parse(j) {
            let (k, ns_name) = expect_path(k, "a namespace name")?;
            let (mut k, _) = expect(k, "{")?;
            let mut ns = empty_namespace(ns_name, anns);
            loop {
                if let Ok((l, _)) = punct("}").parse(k) {
                    k = l;
                    break;
                }
                let (l, d_anns) = annotations(cx, k)?;
                match decl(cx, l, &d_anns, &mut ns) {
                    Ok((l, ())) => k = l,
                    Err(nom::Err::Error(_)) => {
                        let (l, _) = ws(l)?;
                        return fail(
                            l,
                            format!(
                                "expected `entity`, `action`, `type` or `}}`, found {}",
                                found(l)
                            ),
                        );
                    }
                    Err(e) => return Err(e),
                }
            }
            namespaces.push(ns);
            i = k;
            continue;
        }
        match decl(cx, j, &anns, &mut top) {
            Ok((k, ())) => i = k,
            Err(nom::Err::Error(_)) => {
                return fail(
                    j,
                    format!(
                        "expected `namespace`, `entity`, `action` or `type`, found {}",
                        found(j)
                    ),
                )
            }
            Err(e) => return Err(e),
        }
    }
    namespaces.insert(0, top);
    Ok((i, RawSchema { namespaces }))
}

/// Parses Cedar schema text into its unresolved form.
pub(crate) fn parse(src: &str) -> Result<RawSchema, SchemaError> {
    let cx = Cx { len: src.len() };
    match schema(&cx, src) {
        Ok((_, raw)) => Ok(raw),
        Err(nom::Err::Error(e) | nom::Err::Failure(e)) => {
            let off = cx.off(e.at);
            Err(SchemaError::new(
                SchemaErrorKind::Syntax(e.msg),
                &Origin::Span(Loc::new(off, (off + 1).min(src.len()))),
            ))
        }
        Err(nom::Err::Incomplete(_)) => Err(SchemaError::new(
            SchemaErrorKind::Syntax("unexpected end of input".into()),
            &Origin::Span(Loc::new(src.len(), src.len())),
        )),
    }
}
