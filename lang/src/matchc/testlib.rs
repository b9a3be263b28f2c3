//! A tiny kernel library for the unit tests of this module, built through the kernel API.

use cedrus_kernel::{Constructor, Declaration, Environment, InductiveBlock, InductiveType, Level};

/// `Nat`, `List.{u}` and the nested `Tree` (`Tree.node : Nat → List Tree → Tree`).
pub(crate) fn nat_list_tree() -> Environment {
    let mut env = Environment::new();
    let s = env.store_mut();
    let ty = s.sort(Level::one());
    let nat = s.cnst("Nat", vec![]);
    let succ_ty = s.arrow(nat, nat);
    let nat_block = InductiveBlock {
        lparams: vec![],
        num_params: 0,
        types: vec![InductiveType {
            name: "Nat".into(),
            ty,
            ctors: vec![
                Constructor {
                    name: "Nat.zero".into(),
                    ty: nat,
                },
                Constructor {
                    name: "Nat.succ".into(),
                    ty: succ_ty,
                },
            ],
        }],
    };
    // List.{u} (α : Type u) : Type u
    let u = Level::param("u");
    let tu = s.sort(u.succ());
    let list_ty = s.arrow(tu, tu);
    let list_c = s.cnst("List", vec![u.clone()]);
    let a0 = s.bvar(0);
    let list_a = s.app(list_c, a0);
    let nil_ty = s.pi("α", tu, list_a);
    // (α : Type u) → α → List α → List α
    let a1 = s.bvar(1);
    let list_a1 = s.app(list_c, a1);
    let inner = s.arrow(list_a1, list_a1);
    let inner = s.pi("x", a0, inner);
    let cons_ty = s.pi("α", tu, inner);
    let list_block = InductiveBlock {
        lparams: vec!["u".into()],
        num_params: 1,
        types: vec![InductiveType {
            name: "List".into(),
            ty: list_ty,
            ctors: vec![
                Constructor {
                    name: "List.nil".into(),
                    ty: nil_ty,
                },
                Constructor {
                    name: "List.cons".into(),
                    ty: cons_ty,
                },
            ],
        }],
    };
    let tree = s.cnst("Tree", vec![]);
    let list0 = s.cnst("List", vec![Level::zero()]);
    let list_tree = s.app(list0, tree);
    let node_ty = s.arrow(list_tree, tree);
    let node_ty = s.arrow(nat, node_ty);
    let ty0 = s.sort(Level::one());
    let tree_block = InductiveBlock {
        lparams: vec![],
        num_params: 0,
        types: vec![InductiveType {
            name: "Tree".into(),
            ty: ty0,
            ctors: vec![Constructor {
                name: "Tree.node".into(),
                ty: node_ty,
            }],
        }],
    };
    for b in [nat_block, list_block, tree_block] {
        env.add(Declaration::Inductive(b)).expect("library");
    }
    // PUnit.{u} : Sort u, for casesOn of nested types.
    let s = env.store_mut();
    let sort_u = s.sort(Level::param("u"));
    let punit = s.cnst("PUnit", vec![Level::param("u")]);
    env.add(Declaration::Inductive(InductiveBlock {
        lparams: vec!["u".into()],
        num_params: 0,
        types: vec![InductiveType {
            name: "PUnit".into(),
            ty: sort_u,
            ctors: vec![Constructor {
                name: "PUnit.unit".into(),
                ty: punit,
            }],
        }],
    }))
    .expect("PUnit");
    env
}
