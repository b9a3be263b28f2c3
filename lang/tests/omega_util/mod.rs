//! The driver shared by the `omega` test files: a statement is elaborated, its premises
//! become the goal's hypotheses, `omega` runs, and the proof is added to the environment
//! as a theorem, so the kernel checks it.

use cedrus_kernel::{BinderInfo, Declaration, Name, Node};
use cedrus_lang::driver;
use cedrus_lang::elab::ctx::Ctx;
pub use cedrus_lang::elab::Elaborator;
use cedrus_lang::syntax::{self, Span};
use cedrus_lang::tactic::omega;

/// Elaborates `stmt`, introduces its leading binders as hypotheses (if `intro`), runs
/// `omega` and adds the result as theorem `name`.
pub fn prove(elab: &mut Elaborator, name: &str, stmt: &str, intro: bool) -> Result<(), String> {
    let term = syntax::parse_term(stmt, &elab.meta.notations).map_err(|e| e.to_string())?;
    let Elaborator { env, meta, .. } = elab;
    let (ty, value) = {
        let tc = env.type_checker(Name::new(name), Vec::new());
        let mut cx = Ctx::new(tc, meta);
        let ty = cx.elab_type(&term).map_err(|e| e.to_string())?;
        let ty = cx.instantiate(ty);
        let mut locals = Vec::new();
        let mut target = ty;
        while let (true, Node::Pi(n, _, dom, body)) = (intro, cx.tc.store.node(target).clone()) {
            let x = cx.push_local(n.as_str(), dom, BinderInfo::Default);
            locals.push(x);
            target = cx.tc.store.instantiate1(body, x);
        }
        let goal = cx.new_mvar(target, Span::default(), "the goal");
        let goals = omega::run(&mut cx, goal, Span::default()).map_err(|e| e.to_string())?;
        assert!(goals.is_empty(), "omega leaves no goals");
        let proof = cx.instantiate(goal);
        (ty, cx.abstract_locals(true, &locals, proof))
    };
    env.add(Declaration::Theorem {
        name: Name::new(name),
        lparams: Vec::new(),
        ty,
        value,
    })
    .map_err(|e| e.to_string())
}

/// The printed proof of theorem `name`.
#[allow(dead_code)]
pub fn proof_text(elab: &Elaborator, name: &str) -> String {
    let value = elab
        .env
        .get(&Name::new(name))
        .and_then(|c| c.value())
        .unwrap_or_else(|| panic!("{name} has no proof"));
    cedrus_kernel::pp::pp_closed(elab.env.store(), value)
}

/// A fresh elaborator with the prelude loaded.
pub fn prelude() -> Elaborator {
    driver::new_elaborator(true).unwrap_or_else(|d| panic!("prelude: {d:?}"))
}
