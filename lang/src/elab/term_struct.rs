//! Anonymous constructors `⟨a, b⟩` and structure instances `{ x := 1, y := 2 }`.

use cedrus_kernel::{BinderInfo, ConstantKind, Expr, Name, Node};

use super::ctx::Ctx;
use super::error::{ElabError, Result};
use super::term_app::AppArg;
use crate::syntax::{Projection, Span, Term, TermKind};

impl Ctx<'_> {
    /// The single constructor of the structure-like type `ty`, with its number of
    /// parameters and of explicit fields.
    pub fn structure_like(&mut self, ty: Expr, span: Span) -> Result<Option<(Name, usize)>> {
        let Some(i) = self.type_head(ty, span)? else {
            return Ok(None);
        };
        let Some(ConstantKind::Inductive(info)) = self.tc.table.consts.get(&i).map(|c| &c.kind)
        else {
            return Ok(None);
        };
        let [ctor] = info.ctors.as_slice() else {
            return Ok(None);
        };
        let ctor = ctor.clone();
        let np = info.num_params;
        let Some(ci) = self.tc.table.consts.get(&ctor) else {
            return Ok(None);
        };
        let mut t = ci.ty;
        let mut k = 0;
        let mut explicit = 0;
        while let Node::Pi(_, bi, _, b) = self.tc.store.node(t) {
            if k >= np && *bi == BinderInfo::Default {
                explicit += 1;
            }
            k += 1;
            t = *b;
        }
        Ok(Some((ctor, explicit)))
    }

    pub(crate) fn elab_anon_ctor(
        &mut self,
        args: &[Term],
        expected: Option<Expr>,
        span: Span,
    ) -> Result<Expr> {
        let Some(exp) = expected else {
            return Err(ElabError::invalid(
                span,
                "anonymous constructor `⟨…⟩` needs a known expected type",
            ));
        };
        let Some((ctor, nf)) = self.structure_like(exp, span)? else {
            let t = self.pp(exp);
            return Err(ElabError::invalid(
                span,
                format!("anonymous constructor: `{t}` is not a type with one constructor"),
            ));
        };
        let mut items: Vec<Term> = args.to_vec();
        if nf >= 1 && items.len() > nf {
            let rest = items.split_off(nf - 1);
            let sp = rest.iter().map(|t| t.span).reduce(Span::to).unwrap_or(span);
            items.push(Term::new(TermKind::AnonCtor(rest), sp));
        }
        let f = self.mk_const(&ctor);
        let args = items.iter().map(AppArg::syn).collect();
        self.apply(f, args, Some(exp), false, span)
    }

    pub(crate) fn elab_struct_inst(
        &mut self,
        src_syntax: Option<&Term>,
        fields: &[(String, Term)],
        expected: Option<Expr>,
        span: Span,
    ) -> Result<Expr> {
        let Some(exp) = expected else {
            return Err(ElabError::invalid(
                span,
                "structure instance `{ … }` needs a known expected type",
            ));
        };
        let s = self.type_head(exp, span)?;
        let Some((s, info)) = s.and_then(|s| self.meta.structures.get(&s).map(|i| (s, i.clone())))
        else {
            let t = self.pp(exp);
            return Err(ElabError::invalid(
                span,
                format!("structure instance: `{t}` is not a structure"),
            ));
        };
        // Fields of parents go to the parent's own structure instance.
        let mut nested: Vec<Term> = Vec::new();
        let mut parent_of: Vec<Option<usize>> = Vec::new();
        for (f, t) in fields {
            if info.fields.contains(f) {
                parent_of.push(None);
                continue;
            }
            let owner = info
                .parents
                .iter()
                .position(|(_, p)| self.all_fields(p).contains(f));
            if owner.is_none() {
                return Err(ElabError::invalid(
                    t.span,
                    format!("`{s}` has no field `{f}`"),
                ));
            }
            parent_of.push(owner);
        }
        for (k, (pf, _)) in info.parents.iter().enumerate() {
            let given: Vec<(String, Term)> = fields
                .iter()
                .zip(&parent_of)
                .filter(|(_, o)| **o == Some(k))
                .map(|((n, t), _)| (n.clone(), t.clone()))
                .collect();
            if given.is_empty() {
                nested.push(Term::new(TermKind::Hole, span));
                continue;
            }
            let psrc = src_syntax.map(|t| {
                Box::new(Term::new(
                    TermKind::Proj(Box::new(t.clone()), Projection::Named(pf.clone())),
                    t.span,
                ))
            });
            nested.push(Term::new(TermKind::StructInst(psrc, given), span));
        }
        let src = match src_syntax {
            Some(t) => Some(self.elab_check(t, exp)?),
            None => None,
        };
        let mut args = Vec::new();
        for (i, f) in info.fields.iter().enumerate() {
            let parent = info.parents.iter().position(|(pf, _)| pf == f);
            if let Some((_, t)) = fields.iter().find(|(n, _)| n == f) {
                args.push(AppArg::syn(t).named(f));
            } else if let Some(t) = parent
                .and_then(|k| nested.get(k))
                .filter(|t| !matches!(t.kind, TermKind::Hole))
            {
                args.push(AppArg::syn(t).named(f));
            } else if let Some(src) = src {
                let p = self.store().proj(s.clone(), i as u32, src);
                args.push(AppArg::elab(p, span).named(f));
            } else if let Some(d) = info.defaults.get(f) {
                args.push(AppArg::syn(d).named(f));
            } else {
                return Err(ElabError::invalid(span, format!("missing field `{f}`")));
            }
        }
        let f = self.mk_const(&info.ctor);
        self.apply(f, args, Some(exp), false, span)
    }

    /// The fields of structure `s`, including its parents' (transitively).
    pub(crate) fn all_fields(&self, s: &Name) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![s.clone()];
        let mut seen = 0;
        while let Some(n) = stack.pop() {
            seen += 1;
            if seen > 64 {
                break;
            }
            if let Some(info) = self.meta.structures.get(&n) {
                out.extend(info.fields.iter().cloned());
                stack.extend(info.parents.iter().map(|(_, p)| p.clone()));
            }
        }
        out
    }
}
