//! Anonymous constructors `⟨a, b⟩` and structure instances `{ x := 1, y := 2 }`.

use cedrus_kernel::{BinderInfo, ConstantKind, Expr, Name, Node};

use super::ctx::Ctx;
use super::error::{ElabError, Result};
use super::term_app::AppArg;
use crate::syntax::{Span, Term, TermKind};

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
        src: Option<&Term>,
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
        for (f, t) in fields {
            if !info.fields.contains(f) {
                return Err(ElabError::invalid(
                    t.span,
                    format!("`{s}` has no field `{f}`"),
                ));
            }
        }
        let src = match src {
            Some(t) => Some(self.elab_check(t, exp)?),
            None => None,
        };
        let mut args = Vec::new();
        for (i, f) in info.fields.iter().enumerate() {
            if let Some((_, t)) = fields.iter().find(|(n, _)| n == f) {
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
}
