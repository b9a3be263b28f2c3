//! Nested inductive types: occurrences such as `List Tree` in a constructor of `Tree` are
//! replaced by auxiliary types of a larger mutual block (one per distinct occurrence, with
//! the constructors of `List` specialised), the extended block is checked as usual, and the
//! generated recursors are translated back (`Tree.rec_1` eliminates `List Tree`).

use crate::decl::{ConstantKind, Constructor, InductiveBlock, InductiveType};
use crate::env::Environment;
use crate::error::KernelError;
use crate::expr::{BinderInfo, Expr, Node, Store};
use crate::level::Level;
use crate::name::Name;
use std::collections::{HashMap, HashSet};

/// One auxiliary type standing for `J Ds`.
struct Aux {
    name: Name,
    target: Name,
    levels: Vec<Level>,
    /// The parameters of `J`, abstracted over the block's parameters.
    ds: Vec<Expr>,
}

/// The extended block and how to map its auxiliary constants back.
pub(crate) struct Translated {
    /// Original types followed by auxiliary ones.
    pub block: InductiveBlock,
    /// Number of indices of every type of `block`.
    pub nidx: Vec<u32>,
    orig: usize,
    aux: Vec<Aux>,
    /// Auxiliary constructor name → (original constructor, auxiliary type position).
    ctor_map: HashMap<Name, (Name, usize)>,
}

impl Translated {
    /// Name of the recursor of type `j` of the extended block.
    pub fn rec_name(&self, j: usize, names: &[Name]) -> Name {
        if j < self.orig {
            names[j].child("rec")
        } else {
            names[0].child(&format!("rec_{}", j - self.orig + 1))
        }
    }

    /// The constructor a rule of the translated recursor matches on.
    pub fn ctor_name(&self, c: &Name) -> Name {
        self.ctor_map
            .get(c)
            .map(|(n, _)| n.clone())
            .unwrap_or_else(|| c.clone())
    }

    /// The inductive type a translated recursor eliminates.
    pub fn induct_name(&self, t: &Name) -> Name {
        match self.aux.iter().find(|a| &a.name == t) {
            Some(a) => a.target.clone(),
            None => t.clone(),
        }
    }

    /// Replaces auxiliary types and constructors by the nested applications they stand for.
    pub fn untranslate(&self, store: &mut Store, e: Expr) -> Expr {
        if self.aux.is_empty() {
            return e;
        }
        let np = self.block.num_params as usize;
        let mut f = |s: &mut Store, x: Expr, _: u32| -> Option<Expr> {
            let (h, args) = s.unfold_apps(x);
            let Node::Const(n, _) = s.node(h) else {
                return None;
            };
            let (target, aux) = if let Some(i) = self.aux.iter().position(|a| &a.name == n) {
                (self.aux[i].target.clone(), &self.aux[i])
            } else if let Some((c, i)) = self.ctor_map.get(n) {
                (c.clone(), &self.aux[*i])
            } else {
                return None;
            };
            if args.len() < np {
                return None;
            }
            let ps: Vec<Expr> = args[..np].to_vec();
            let head = s.cnst(target, aux.levels.clone());
            let ds: Vec<Expr> = aux.ds.iter().map(|&d| s.instantiate_rev(d, &ps)).collect();
            let mut r = s.apps(head, &ds);
            for &a in &args[np..] {
                let a = self.untranslate(s, a);
                r = s.app(r, a);
            }
            Some(r)
        };
        store.rewrite(e, &mut f)
    }
}

/// A binder's name, annotation and domain.
type Binder = (Name, BinderInfo, Expr);

/// Peels `n` leading Π binders syntactically.
fn peel(store: &Store, mut e: Expr, n: usize) -> Option<(Vec<Binder>, Expr)> {
    let mut bs = Vec::new();
    while bs.len() < n {
        match store.node(e) {
            Node::Pi(x, bi, d, b) => {
                bs.push((x.clone(), *bi, *d));
                e = *b;
            }
            _ => return None,
        }
    }
    Some((bs, e))
}

/// Whether `e` (seen under `depth` binders) has a loose bound variable below `k`.
fn refs_below(store: &Store, e: Expr, k: u32, depth: u32) -> bool {
    if store.loose_range(e) <= depth {
        return false;
    }
    match store.node(e) {
        Node::BVar(i) => *i >= depth && *i - depth < k,
        Node::App(a, b) => refs_below(store, *a, k, depth) || refs_below(store, *b, k, depth),
        Node::Lam(_, _, a, b) | Node::Pi(_, _, a, b) => {
            refs_below(store, *a, k, depth) || refs_below(store, *b, k, depth + 1)
        }
        Node::Let(_, t, v, b) => {
            refs_below(store, *t, k, depth)
                || refs_below(store, *v, k, depth)
                || refs_below(store, *b, k, depth + 1)
        }
        Node::Proj(_, _, a) => refs_below(store, *a, k, depth),
        _ => false,
    }
}

/// Builds the extended block (identical to `block` when nothing is nested).
pub(crate) fn eliminate(
    env: &mut Environment,
    block: &InductiveBlock,
) -> Result<Translated, KernelError> {
    let decl = block.types[0].name.clone();
    let np = block.num_params as usize;
    let (store, table) = env.parts();
    let bad = |detail: String| KernelError::BadNested {
        decl: decl.clone(),
        detail,
    };
    let mut types: Vec<InductiveType> = block.types.clone();
    let mut names: HashSet<Name> = types.iter().map(|t| t.name.clone()).collect();
    let mut nidx: Vec<u32> = Vec::new();
    for t in &types {
        let mut n = 0;
        let mut e = t.ty;
        while let Node::Pi(_, _, _, b) = store.node(e) {
            n += 1;
            e = *b;
        }
        nidx.push(n.max(np as u32) - np as u32);
    }
    let param_binders = peel(store, types[0].ty, np).map(|(bs, _)| bs);
    let lvls: Vec<Level> = block
        .lparams
        .iter()
        .map(|p| Level::param(p.clone()))
        .collect();
    let mut aux: Vec<Aux> = Vec::new();
    let mut ctor_map = HashMap::new();
    let mut t = 0;
    while t < types.len() {
        for ci in 0..types[t].ctors.len() {
            let ty = types[t].ctors[ci].ty;
            let mut err = None;
            let mut new_types = Vec::new();
            let mut f = |s: &mut Store, x: Expr, depth: u32| -> Option<Expr> {
                let (h, args) = s.unfold_apps(x);
                let Node::Const(j, ls) = s.node(h).clone() else {
                    return None;
                };
                if names.contains(&j) {
                    return None;
                }
                let info = table.consts.get(&j)?;
                let ConstantKind::Inductive(ind) = &info.kind else {
                    return None;
                };
                let npj = ind.num_params as usize;
                if args.len() < npj {
                    return None;
                }
                let mentions = args[..npj].iter().any(|&a| {
                    s.any_subterm(
                        a,
                        &mut |s, y| matches!(s.node(y), Node::Const(c, _) if names.contains(c)),
                    )
                });
                if !mentions {
                    return None;
                }
                if (depth as usize) < np
                    || args[..npj]
                        .iter()
                        .any(|&a| refs_below(s, a, depth - np as u32, 0))
                {
                    err = Some(format!(
                        "the parameters of nested `{j}` may only mention the block's parameters"
                    ));
                    return None;
                }
                let ds: Vec<Expr> = args[..npj]
                    .iter()
                    .map(|&a| s.lower(a, depth - np as u32))
                    .collect();
                let pos = match aux
                    .iter()
                    .position(|a| a.target == j && a.levels == ls && a.ds == ds)
                {
                    Some(p) => p,
                    None => {
                        let Some(pb) = &param_binders else {
                            err =
                                Some("the block's parameters must be written as Π binders".into());
                            return None;
                        };
                        let wrap = |s: &mut Store, body: Expr| {
                            pb.iter()
                                .rev()
                                .fold(body, |b, (n, bi, d)| s.mk(Node::Pi(n.clone(), *bi, *d, b)))
                        };
                        let name = decl.child(&format!("_nested_{}_{}", j, aux.len() + 1));
                        let jt = s.instantiate_levels(info.ty, &info.lparams, &ls);
                        let Some((_, body)) = peel(s, jt, npj) else {
                            err = Some(format!("the type of `{j}` is not a Π over its parameters"));
                            return None;
                        };
                        let body = s.instantiate_rev(body, &ds);
                        let aty = wrap(s, body);
                        let mut ctors = Vec::new();
                        for c in &ind.ctors {
                            let cinfo = table.consts.get(c)?;
                            let ct = s.instantiate_levels(cinfo.ty, &cinfo.lparams, &ls);
                            let Some((_, body)) = peel(s, ct, npj) else {
                                err = Some(format!(
                                    "the type of `{c}` is not a Π over its parameters"
                                ));
                                return None;
                            };
                            let body = s.instantiate_rev(body, &ds);
                            let cname = name.child(c.last());
                            ctor_map.insert(cname.clone(), (c.clone(), aux.len()));
                            ctors.push(Constructor {
                                name: cname,
                                ty: wrap(s, body),
                            });
                        }
                        names.insert(name.clone());
                        new_types.push((
                            InductiveType {
                                name: name.clone(),
                                ty: aty,
                                ctors,
                            },
                            ind.num_indices,
                        ));
                        aux.push(Aux {
                            name,
                            target: j.clone(),
                            levels: ls.clone(),
                            ds,
                        });
                        aux.len() - 1
                    }
                };
                let head = s.cnst(aux[pos].name.clone(), lvls.clone());
                let ps: Vec<Expr> = (0..np as u32).map(|i| s.bvar(depth - 1 - i)).collect();
                let r = s.apps(head, &ps);
                Some(s.apps(r, &args[npj..]))
            };
            let new_ty = store.rewrite(ty, &mut f);
            if let Some(e) = err {
                return Err(bad(e));
            }
            types[t].ctors[ci].ty = new_ty;
            for (nt, ni) in new_types {
                types.push(nt);
                nidx.push(ni);
            }
        }
        t += 1;
        if types.len() > 64 {
            return Err(bad("too many nested occurrences".into()));
        }
    }
    Ok(Translated {
        block: InductiveBlock {
            lparams: block.lparams.clone(),
            num_params: block.num_params,
            types,
        },
        nidx,
        orig: block.types.len(),
        aux,
        ctor_map,
    })
}
