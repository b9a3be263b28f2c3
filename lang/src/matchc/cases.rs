//! The shape of an inductive block (read off its recursors) and `T.casesOn`, built from
//! `T.rec` by ignoring the induction hypotheses.
//!
//! `T.casesOn.{u, us} : (ps) → (motive : (is) → T ps is → Sort u) → (is) → (t : T ps is) →
//! (minor_c : (fs) → motive ts (c ps fs))_c → motive is t` is the definition
//! `fun ps motive is t minors => T.rec ps motives' minors' is t` where the motive of every
//! other type of the block (mutual or nested) is `fun _ _ => PUnit.{u}` and each minor
//! premise drops its hypotheses. For a `Prop`-only recursor there is no `u` and the motive
//! lands in `Prop`.

use super::error::MatchError;
use cedrus_kernel::{
    ConstantKind, Declaration, Environment, KernelError, Level, Name, Node, ReducibilityHints,
};

/// A recursive field of a constructor and the induction hypothesis the recursor gives it.
#[derive(Clone, Debug)]
pub(crate) struct IhShape {
    /// Position of the field among the constructor's fields.
    pub field: usize,
    /// The block member the field belongs to.
    pub member: usize,
    /// Whether the field is a plain value (not a function returning the type).
    pub simple: bool,
}

/// A constructor as the recursor sees it.
#[derive(Clone, Debug)]
pub(crate) struct CtorShape {
    /// Its name.
    pub ctor: Name,
    /// Number of fields.
    pub num_fields: usize,
    /// Induction hypotheses, in the order of the minor premise's binders.
    pub ihs: Vec<IhShape>,
}

/// One type of a block (an auxiliary nested type such as `List Tree` included).
#[derive(Clone, Debug)]
pub(crate) struct Member {
    /// Its recursor (`Tree.rec`, `Tree.rec_1`, …).
    pub rec: Name,
    /// The inductive type the recursor eliminates (`List` for `List Tree`).
    pub induct: Name,
    /// Number of indices.
    pub num_indices: u32,
    /// Its constructors.
    pub ctors: Vec<CtorShape>,
}

/// A block of inductive types with the shape of their recursors.
#[derive(Clone, Debug)]
pub(crate) struct Block {
    /// Members in recursor order (motives are in this order).
    pub members: Vec<Member>,
    /// Number of parameters.
    pub num_params: usize,
    /// Universe parameters of the recursors.
    pub rec_lparams: Vec<Name>,
    /// Whether the recursors have a universe parameter for the motive (first).
    pub elim_param: bool,
}

fn kerr(decl: &Name, error: KernelError) -> MatchError {
    MatchError::Kernel {
        decl: decl.clone(),
        error,
    }
}

fn malformed(decl: &Name, detail: String) -> MatchError {
    MatchError::Malformed {
        function: decl.clone(),
        detail,
    }
}

/// Reads the block of inductive type `ind` from its recursors.
pub(crate) fn block_of(env: &mut Environment, ind: &Name) -> Result<Block, MatchError> {
    let rec_name = ind.child("rec");
    let info = env
        .get(&rec_name)
        .ok_or_else(|| malformed(ind, format!("`{ind}` is not an inductive type")))?
        .clone();
    let ConstantKind::Recursor(r) = &info.kind else {
        return Err(malformed(ind, format!("`{rec_name}` is not a recursor")));
    };
    let ind_lparams = env.get(ind).map(|i| i.lparams.len()).unwrap_or(0);
    let orig = r
        .all
        .iter()
        .filter(|n| {
            matches!(
                env.get(n).map(|i| &i.kind),
                Some(ConstantKind::Inductive(_))
            )
        })
        .count();
    let first = r.all.first().cloned().unwrap_or_else(|| ind.clone());
    let mut members = Vec::new();
    for (j, n) in r.all.iter().enumerate() {
        let rn = if j < orig {
            n.child("rec")
        } else {
            first.child(&format!("rec_{}", j - orig + 1))
        };
        let Some(ConstantKind::Recursor(rj)) = env.get(&rn).map(|i| &i.kind) else {
            return Err(malformed(ind, format!("missing recursor `{rn}`")));
        };
        members.push(Member {
            rec: rn.clone(),
            induct: rj.induct.clone(),
            num_indices: rj.num_indices,
            ctors: rj
                .rules
                .iter()
                .map(|rule| CtorShape {
                    ctor: rule.ctor.clone(),
                    num_fields: rule.num_fields as usize,
                    ihs: vec![],
                })
                .collect(),
        });
    }
    let mut block = Block {
        members,
        num_params: r.num_params as usize,
        rec_lparams: info.lparams.clone(),
        elim_param: info.lparams.len() > ind_lparams,
    };
    // Read the induction hypotheses off the minor premises of the first recursor.
    let main = block.members[0].rec.clone();
    let main_ty = env.get(&main).map(|i| i.ty).unwrap_or(info.ty);
    let nmembers = block.members.len();
    let mut tc = env.type_checker(main.clone(), block.rec_lparams.clone());
    let mut ty = main_ty;
    let bad = |what: &str| malformed(&main, format!("unexpected recursor type ({what})"));
    for _ in 0..block.num_params {
        let Node::Pi(n, _, d, b) = tc.store.node(ty).clone() else {
            return Err(bad("parameters"));
        };
        let x = tc.fresh_local(n, d);
        ty = tc.store.instantiate1(b, x);
    }
    let mut motives = Vec::new();
    for _ in 0..nmembers {
        let Node::Pi(n, _, d, b) = tc.store.node(ty).clone() else {
            return Err(bad("motives"));
        };
        let x = tc.fresh_local(n, d);
        motives.push(x);
        ty = tc.store.instantiate1(b, x);
    }
    for m in 0..nmembers {
        for c in 0..block.members[m].ctors.len() {
            let Node::Pi(n, _, d, b) = tc.store.node(ty).clone() else {
                return Err(bad("minor premises"));
            };
            let mut mt = d;
            let mut fields = Vec::new();
            for _ in 0..block.members[m].ctors[c].num_fields {
                let Node::Pi(fname, _, fd, fb) = tc.store.node(mt).clone() else {
                    return Err(bad("fields"));
                };
                let f = tc.fresh_local(fname, fd);
                fields.push(f);
                mt = tc.store.instantiate1(fb, f);
            }
            let mut ihs = Vec::new();
            while let Node::Pi(ihn, _, ihd, ihb) = tc.store.node(mt).clone() {
                let mut body = ihd;
                let mut simple = true;
                while let Node::Pi(_, _, _, bb) = tc.store.node(body) {
                    body = *bb;
                    simple = false;
                }
                let (head, args) = tc.store.unfold_apps(body);
                let member = motives.iter().position(|&x| x == head);
                let field = args
                    .last()
                    .map(|&a| tc.store.app_fn(a))
                    .and_then(|h| fields.iter().position(|&f| f == h));
                let (Some(member), Some(field)) = (member, field) else {
                    return Err(bad("induction hypotheses"));
                };
                ihs.push(IhShape {
                    field,
                    member,
                    simple,
                });
                let h = tc.fresh_local(ihn, ihd);
                mt = tc.store.instantiate1(ihb, h);
            }
            block.members[m].ctors[c].ihs = ihs;
            let x = tc.fresh_local(n, d);
            ty = tc.store.instantiate1(b, x);
        }
    }
    Ok(block)
}

/// Makes sure `ind.casesOn` exists (building and adding it if needed) and returns its name.
pub fn ensure_cases_on(env: &mut Environment, ind: &Name) -> Result<Name, MatchError> {
    let name = ind.child("casesOn");
    if env.get(&name).is_some() {
        return Ok(name);
    }
    let block = block_of(env, ind)?;
    let j = block
        .members
        .iter()
        .position(|m| &m.induct == ind && m.rec == ind.child("rec"))
        .ok_or_else(|| malformed(ind, format!("`{ind}` is not in its own block")))?;
    if block.members.len() > 1 && env.get(&Name::new("PUnit")).is_none() {
        return Err(MatchError::Unsupported {
            function: name,
            detail: "`casesOn` for a mutual or nested type needs `PUnit` in the environment".into(),
        });
    }
    let rec = &block.members[j].rec;
    let rec_ty = env
        .get(rec)
        .map(|i| i.ty)
        .ok_or_else(|| malformed(ind, format!("missing `{rec}`")))?;
    let levels: Vec<Level> = block
        .rec_lparams
        .iter()
        .map(|p| Level::param(p.clone()))
        .collect();
    let elim = if block.elim_param {
        levels.first().cloned().unwrap_or_else(Level::zero)
    } else {
        Level::zero()
    };
    let mut tc = env.type_checker(name.clone(), block.rec_lparams.clone());
    let bad = |what: &str| malformed(ind, format!("unexpected recursor type ({what})"));
    let mut ty = rec_ty;
    let mut params = Vec::new();
    for _ in 0..block.num_params {
        let Node::Pi(n, _, d, b) = tc.store.node(ty).clone() else {
            return Err(bad("parameters"));
        };
        let x = tc.fresh_local(n, d);
        params.push(x);
        ty = tc.store.instantiate1(b, x);
    }
    let punit = tc.store.cnst("PUnit", vec![elim.clone()]);
    let punit_unit = tc.store.cnst("PUnit.unit", vec![elim.clone()]);
    let mut motive = None;
    let mut motive_vals = Vec::new();
    for k in 0..block.members.len() {
        let Node::Pi(n, _, d, b) = tc.store.node(ty).clone() else {
            return Err(bad("motives"));
        };
        let v = if k == j {
            let m = tc.fresh_local(Name::new("motive"), d);
            motive = Some(m);
            m
        } else {
            let _ = n;
            let mut xs = Vec::new();
            let mut dt = d;
            while let Node::Pi(xn, _, xd, xb) = tc.store.node(dt).clone() {
                let x = tc.fresh_local(xn, xd);
                xs.push(x);
                dt = tc.store.instantiate1(xb, x);
            }
            tc.mk_binding(true, &xs, punit)
        };
        motive_vals.push(v);
        ty = tc.store.instantiate1(b, v);
    }
    let motive = motive.ok_or_else(|| bad("motive"))?;
    let mut minor_locals = Vec::new();
    let mut minor_vals = Vec::new();
    for (mi, member) in block.members.iter().enumerate() {
        for c in &member.ctors {
            let Node::Pi(n, _, d, b) = tc.store.node(ty).clone() else {
                return Err(bad("minor premises"));
            };
            let mut mt = d;
            let mut xs = Vec::new();
            for _ in 0..c.num_fields {
                let Node::Pi(fname, _, fd, fb) = tc.store.node(mt).clone() else {
                    return Err(bad("fields"));
                };
                let f = tc.fresh_local(fname, fd);
                xs.push(f);
                mt = tc.store.instantiate1(fb, f);
            }
            let fields = xs.clone();
            for _ in 0..c.ihs.len() {
                let Node::Pi(hn, _, hd, hb) = tc.store.node(mt).clone() else {
                    return Err(bad("hypotheses"));
                };
                let h = tc.fresh_local(hn, hd);
                xs.push(h);
                mt = tc.store.instantiate1(hb, h);
            }
            let v = if mi == j {
                let mty = tc.mk_binding(false, &fields, mt);
                let m = tc.fresh_local(n, mty);
                minor_locals.push(m);
                let body = tc.store.apps(m, &fields);
                tc.mk_binding(true, &xs, body)
            } else {
                tc.mk_binding(true, &xs, punit_unit)
            };
            minor_vals.push(v);
            ty = tc.store.instantiate1(b, v);
        }
    }
    let mut tail = Vec::new();
    for _ in 0..=block.members[j].num_indices {
        let Node::Pi(n, _, d, b) = tc.store.node(ty).clone() else {
            return Err(bad("indices and major premise"));
        };
        let x = tc.fresh_local(n, d);
        tail.push(x);
        ty = tc.store.instantiate1(b, x);
    }
    let mut binders = params.clone();
    binders.push(motive);
    binders.extend(&tail);
    binders.extend(&minor_locals);
    let cases_ty = tc.mk_binding(false, &binders, ty);
    let rec_c = tc.store.cnst(rec.clone(), levels);
    let mut args = params;
    args.extend(&motive_vals);
    args.extend(&minor_vals);
    args.extend(&tail);
    let body = tc.store.apps(rec_c, &args);
    let value = tc.mk_binding(true, &binders, body);
    drop(tc);
    env.add(Declaration::Definition {
        name: name.clone(),
        lparams: block.rec_lparams.clone(),
        ty: cases_ty,
        value,
        hints: ReducibilityHints::Abbrev,
    })
    .map_err(|e| kerr(&name, e))?;
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matchc::testlib::nat_list_tree;

    #[test]
    fn block_of_a_nested_type_lists_the_auxiliary_member() {
        let mut env = nat_list_tree();
        let b = block_of(&mut env, &Name::new("Tree")).unwrap();
        assert_eq!(b.members.len(), 2);
        assert_eq!(b.members[0].rec.as_str(), "Tree.rec");
        assert_eq!(b.members[1].rec.as_str(), "Tree.rec_1");
        assert_eq!(b.members[1].induct.as_str(), "List");
        let node = &b.members[0].ctors[0];
        assert_eq!((node.ctor.as_str(), node.num_fields), ("Tree.node", 2));
        // The children list is recursive, into the auxiliary member.
        assert_eq!(node.ihs.len(), 1);
        assert_eq!((node.ihs[0].field, node.ihs[0].member), (1, 1));
        let cons = &b.members[1].ctors[1];
        assert_eq!(cons.ctor.as_str(), "List.cons");
        let targets: Vec<(usize, usize)> = cons.ihs.iter().map(|i| (i.field, i.member)).collect();
        assert_eq!(targets, vec![(0, 0), (1, 1)]);
        assert!(b.elim_param);
    }

    #[test]
    fn block_of_nat_and_errors() {
        let mut env = nat_list_tree();
        let b = block_of(&mut env, &Name::new("Nat")).unwrap();
        assert_eq!(b.members.len(), 1);
        assert_eq!(b.members[0].ctors[1].ihs.len(), 1);
        assert!(b.members[0].ctors[1].ihs[0].simple);
        assert!(matches!(
            block_of(&mut env, &Name::new("Nat.succ")),
            Err(MatchError::Malformed { .. })
        ));
    }

    #[test]
    fn cases_on_is_added_once_with_the_motive_universe_first() {
        let mut env = nat_list_tree();
        let n = ensure_cases_on(&mut env, &Name::new("Tree")).unwrap();
        let info = env.get(&n).unwrap();
        assert_eq!(info.lparams.len(), 1);
        let before = env.num_constants();
        ensure_cases_on(&mut env, &Name::new("Tree")).unwrap();
        assert_eq!(env.num_constants(), before);
        let l = ensure_cases_on(&mut env, &Name::new("List")).unwrap();
        let names: Vec<&str> = env
            .get(&l)
            .unwrap()
            .lparams
            .iter()
            .map(|p| p.as_str())
            .collect();
        assert_eq!(names, vec!["u_1", "u"]);
    }
}
