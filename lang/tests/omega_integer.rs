//! `omega` over the integers: facts that have rational but no integer solutions are
//! refuted through tightening derivations (`Omega.unsat_steps`), each proof re-checked by
//! the kernel; false statements are refused.

use cedrus_kernel::Name;
use cedrus_lang::driver;

fn prelude() -> cedrus_lang::elab::Elaborator {
    driver::new_elaborator(true).unwrap_or_else(|d| panic!("prelude: {d:?}"))
}

#[test]
fn the_derivation_checker_is_in_the_prelude() {
    let elab = prelude();
    for n in ["Omega.Step", "Omega.runSteps", "Omega.unsat_steps", "Omega.unsat"] {
        assert!(elab.env.get(&Name::new(n)).is_some(), "{n} is missing");
    }
}
