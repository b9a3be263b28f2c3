//! The environment: checked constants, and the only way to add them.

use crate::decl::{ConstantInfo, ConstantKind, Declaration, ReducibilityHints};
use crate::error::KernelError;
use crate::expr::{Expr, Node, Store};
use crate::name::Name;
use crate::tc::{Builtins, Table, TypeChecker};
use crate::Limits;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Stack size of the thread that checks a declaration. Recursion in the checker is also
/// bounded by [`Limits::max_recursion`] and term depth by [`Limits::max_term_depth`].
const CHECK_STACK_BYTES: usize = 256 << 20;

/// A set of checked declarations with the term store they live in.
pub struct Environment {
    store: Store,
    table: Table,
    decls: Vec<Declaration>,
    deps: HashMap<Name, Vec<Name>>,
}

impl Default for Environment {
    fn default() -> Self {
        Environment::new()
    }
}

impl Environment {
    /// An empty environment with default limits.
    pub fn new() -> Environment {
        Environment::with_limits(Limits::default())
    }

    /// An empty environment with the given resource limits.
    pub fn with_limits(limits: Limits) -> Environment {
        Environment {
            store: Store::new(),
            table: Table {
                consts: crate::hash::FxHashMap::default(),
                builtins: Builtins::default(),
                limits,
            },
            decls: Vec::new(),
            deps: HashMap::new(),
        }
    }

    /// The term store (read-only).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The term store, to build terms. Adding terms never changes existing ones.
    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// Looks a constant up.
    pub fn get(&self, n: &Name) -> Option<&ConstantInfo> {
        self.table.consts.get(n)
    }

    /// Number of constants (including generated constructors and recursors).
    pub fn num_constants(&self) -> usize {
        self.table.consts.len()
    }

    /// The accepted declarations, in order.
    pub fn declarations(&self) -> &[Declaration] {
        &self.decls
    }

    /// Which built-in extensions are enabled.
    pub fn builtins(&self) -> &Builtins {
        &self.table.builtins
    }

    /// A type checker over this environment's constants, for front ends that build and
    /// inspect terms (inference, reduction, conversion). It cannot add constants: only
    /// [`Environment::add`] can.
    pub fn type_checker(&mut self, decl: Name, lparams: Vec<Name>) -> TypeChecker<'_> {
        TypeChecker::new(&mut self.store, &self.table, decl, lparams)
    }

    pub(crate) fn parts(&mut self) -> (&mut Store, &mut Table) {
        (&mut self.store, &mut self.table)
    }

    /// Checks a declaration and adds it (with generated constructors and recursors).
    ///
    /// Checking runs on a helper thread with a large stack; recursion is also bounded, so
    /// deep or adversarial terms give an error, never a crash.
    pub fn add(&mut self, decl: Declaration) -> Result<(), KernelError> {
        let result = std::thread::scope(|scope| {
            let handle = std::thread::Builder::new()
                .name("cedrus-kernel-check".into())
                .stack_size(CHECK_STACK_BYTES)
                .spawn_scoped(scope, || self.add_here(&decl));
            match handle {
                Ok(h) => Some(h.join()),
                Err(_) => None,
            }
        });
        match result {
            Some(Ok(r)) => r,
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            // Could not start a thread: check on the current one (still bounded).
            None => self.add_here(&decl),
        }
    }

    fn add_here(&mut self, decl: &Declaration) -> Result<(), KernelError> {
        let name = decl.name();
        crate::builtins::check_before(self, decl)?;
        match decl {
            Declaration::Inductive(block) => {
                let names = crate::inductive::add_inductive(self, block)?;
                for n in names {
                    let d = match self.table.consts.get(&n).map(|c| &c.kind) {
                        Some(ConstantKind::Constructor(c)) => vec![c.induct.clone()],
                        Some(ConstantKind::Recursor(r)) => vec![r.induct.clone()],
                        _ => {
                            let mut d = BTreeSet::new();
                            for t in &block.types {
                                self.collect_consts(t.ty, &mut d);
                                for c in &t.ctors {
                                    self.collect_consts(c.ty, &mut d);
                                }
                            }
                            d.into_iter().collect()
                        }
                    };
                    self.deps.insert(n, d);
                }
            }
            Declaration::Axiom { name, lparams, ty } => {
                self.check_header(name, lparams, *ty)?;
                self.insert(name, lparams, *ty, ConstantKind::Axiom, None);
            }
            Declaration::Definition {
                name,
                lparams,
                ty,
                value,
                hints,
            } => {
                self.check_header(name, lparams, *ty)?;
                self.check_value(name, lparams, *ty, *value)?;
                let height = match hints {
                    ReducibilityHints::Abbrev => 0,
                    _ => 1 + self.max_height(*value),
                };
                let kind = ConstantKind::Definition {
                    value: *value,
                    height,
                    hints: *hints,
                };
                self.insert(name, lparams, *ty, kind, Some(*value));
            }
            Declaration::Theorem {
                name,
                lparams,
                ty,
                value,
            } => {
                self.check_header(name, lparams, *ty)?;
                let mut tc =
                    TypeChecker::new(&mut self.store, &self.table, name.clone(), lparams.clone());
                if !tc.is_prop(*ty)? {
                    return Err(KernelError::TheoremNotProp { decl: name.clone() });
                }
                self.check_value(name, lparams, *ty, *value)?;
                self.insert(
                    name,
                    lparams,
                    *ty,
                    ConstantKind::Theorem { value: *value },
                    Some(*value),
                );
            }
            Declaration::Opaque {
                name,
                lparams,
                ty,
                value,
            } => {
                self.check_header(name, lparams, *ty)?;
                self.check_value(name, lparams, *ty, *value)?;
                self.insert(
                    name,
                    lparams,
                    *ty,
                    ConstantKind::Opaque { value: *value },
                    Some(*value),
                );
            }
        }
        crate::builtins::check_after(self, decl).inspect_err(|_| self.remove_decl(decl))?;
        let _ = name;
        self.decls.push(decl.clone());
        Ok(())
    }

    fn remove_decl(&mut self, decl: &Declaration) {
        let mut names = vec![decl.name()];
        if let Declaration::Inductive(b) = decl {
            for t in &b.types {
                names.push(t.name.clone());
                names.push(t.name.child("rec"));
                names.extend(t.ctors.iter().map(|c| c.name.clone()));
            }
        }
        for n in names {
            self.table.consts.remove(&n);
            self.deps.remove(&n);
        }
    }

    /// Checks name freshness, universe parameters and that `ty` is a closed type.
    pub(crate) fn check_header(
        &mut self,
        name: &Name,
        lparams: &[Name],
        ty: Expr,
    ) -> Result<(), KernelError> {
        if self.table.consts.contains_key(name) {
            return Err(KernelError::DuplicateConstant { decl: name.clone() });
        }
        check_lparams(name, lparams)?;
        let mut tc = TypeChecker::new(&mut self.store, &self.table, name.clone(), lparams.to_vec());
        tc.check_closed(ty)?;
        tc.ensure_type(ty, "type of the declaration")?;
        Ok(())
    }

    fn check_value(
        &mut self,
        name: &Name,
        lparams: &[Name],
        ty: Expr,
        value: Expr,
    ) -> Result<(), KernelError> {
        let mut tc = TypeChecker::new(&mut self.store, &self.table, name.clone(), lparams.to_vec());
        tc.check_closed(value)?;
        let vt = tc.check(value)?;
        if !tc.is_def_eq(vt, ty)? {
            return Err(tc.mismatch(format!("the value of `{name}`"), ty, vt));
        }
        Ok(())
    }

    fn max_height(&self, e: Expr) -> u32 {
        let mut h = 0;
        self.store.any_subterm(e, &mut |s, x| {
            if let Node::Const(n, _) = s.node(x) {
                if let Some(ConstantKind::Definition { height, .. }) =
                    self.table.consts.get(n).map(|c| &c.kind)
                {
                    h = h.max(*height);
                }
            }
            false
        });
        h
    }

    fn collect_consts(&self, e: Expr, out: &mut BTreeSet<Name>) {
        self.store.any_subterm(e, &mut |s, x| {
            if let Node::Const(n, _) = s.node(x) {
                out.insert(n.clone());
            }
            false
        });
    }

    fn insert(
        &mut self,
        name: &Name,
        lparams: &[Name],
        ty: Expr,
        kind: ConstantKind,
        value: Option<Expr>,
    ) {
        let mut d = BTreeSet::new();
        self.collect_consts(ty, &mut d);
        if let Some(v) = value {
            self.collect_consts(v, &mut d);
        }
        self.deps.insert(name.clone(), d.into_iter().collect());
        let info = ConstantInfo {
            name: name.clone(),
            lparams: lparams.to_vec(),
            ty,
            kind,
        };
        self.table.consts.insert(name.clone(), info);
    }

    /// Inserts a constant produced by a checked inductive declaration.
    pub(crate) fn insert_checked(&mut self, info: ConstantInfo) {
        self.table.consts.insert(info.name.clone(), info);
    }

    /// Removes constants (used to roll back a failed inductive declaration).
    pub(crate) fn remove_constants(&mut self, names: &[Name]) {
        for n in names {
            self.table.consts.remove(n);
        }
    }

    /// The axioms `n` depends on, transitively (through types, values and inductive blocks).
    pub fn axioms_of(&self, n: &Name) -> BTreeSet<Name> {
        let mut out = BTreeSet::new();
        let mut seen = HashSet::new();
        let mut stack = vec![n.clone()];
        while let Some(c) = stack.pop() {
            if !seen.insert(c.clone()) {
                continue;
            }
            if let Some(ConstantKind::Axiom) = self.table.consts.get(&c).map(|i| &i.kind) {
                out.insert(c.clone());
            }
            if let Some(ds) = self.deps.get(&c) {
                stack.extend(ds.iter().cloned());
            }
        }
        out
    }
}

/// Rejects duplicate universe parameters.
pub(crate) fn check_lparams(name: &Name, lparams: &[Name]) -> Result<(), KernelError> {
    let mut seen = HashSet::new();
    for p in lparams {
        if !seen.insert(p) {
            return Err(KernelError::DuplicateLevelParam {
                decl: name.clone(),
                param: p.clone(),
            });
        }
    }
    Ok(())
}
