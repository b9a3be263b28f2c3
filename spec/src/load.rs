//! Loading the model: the prelude, then the embedded `Cedar/*.cdr` files in import
//! order, every declaration checked by the kernel, once per process.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use cedrus_kernel::{Environment, Expr, Name};
use cedrus_lang::driver;

use crate::ctors::Ctors;
use crate::SpecError;

/// The model's source files, `(path, text)`, as embedded at build time (sorted by path).
pub const MODEL_FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/model_files.rs"));

/// The checked model, shared by every [`crate::Model`] of the process.
pub(crate) struct Loaded {
    /// The kernel environment: prelude and model.
    pub(crate) env: Environment,
    /// Evaluation terms of definitions by equations (run in place of kernel values).
    pub(crate) eval_code: HashMap<Name, Expr>,
    /// Constructors the conversions use.
    pub(crate) ctors: Ctors,
    /// What was loaded.
    pub(crate) stats: LoadStats,
}

/// What loading the model did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadStats {
    /// The model's files, in the order they were elaborated.
    pub files: Vec<String>,
    /// Declarations of the model (not the prelude's), each checked by the kernel.
    pub declarations: usize,
    /// Of those, theorems.
    pub theorems: usize,
    /// Time to elaborate and check the prelude and the model.
    pub time: Duration,
}

static LOADED: OnceLock<Result<Loaded, SpecError>> = OnceLock::new();

/// The process's model, loading it on first use.
pub(crate) fn loaded() -> Result<&'static Loaded, SpecError> {
    LOADED.get_or_init(load).as_ref().map_err(Clone::clone)
}

/// The module a model file defines: `Cedar/Data.cdr` is `Cedar.Data`.
fn module_of(path: &str) -> String {
    path.strip_suffix(".cdr").unwrap_or(path).replace('/', ".")
}

/// The model's entry modules: the model is what they import, directly or not. (Files
/// that none of them imports are work in progress; `cedrus verify` still checks them.)
pub const ROOT_MODULES: &[&str] = &["Cedar.Authorizer", "Cedar.Validator"];

/// The model's files in an order where each comes after the files it imports: the
/// files [`ROOT_MODULES`] import, or every file when no root module exists yet.
pub fn files_in_import_order() -> Result<Vec<(&'static str, &'static str)>, SpecError> {
    let by_module: BTreeMap<String, (&'static str, &'static str)> = MODEL_FILES
        .iter()
        .map(|&(p, s)| (module_of(p), (p, s)))
        .collect();
    let mut roots: Vec<String> = ROOT_MODULES
        .iter()
        .filter(|m| by_module.contains_key(**m))
        .map(|m| m.to_string())
        .collect();
    if roots.is_empty() {
        roots = by_module.keys().cloned().collect();
    }
    let mut order = Vec::new();
    let mut state: HashMap<String, bool> = HashMap::new(); // false: visiting, true: done
    for start in &roots {
        // Iterative depth-first search: (module, index of the next import to visit).
        let mut stack: Vec<(String, usize)> = vec![(start.clone(), 0)];
        while let Some((m, i)) = stack.pop() {
            if i == 0 {
                match state.get(&m) {
                    Some(true) => continue,
                    Some(false) => {
                        return Err(SpecError::Load(format!("import cycle through `{m}`")))
                    }
                    None => {
                        state.insert(m.clone(), false);
                    }
                }
            }
            let Some(&(path, src)) = by_module.get(&m) else {
                return Err(SpecError::Load(format!("cannot find module `{m}`")));
            };
            let imports: Vec<String> = driver::imports_of(src)
                .into_iter()
                .filter(|i| i != "Prelude" && !i.starts_with("Prelude."))
                .collect();
            match imports.get(i) {
                Some(next) => {
                    stack.push((m, i + 1));
                    if state.get(next) != Some(&true) {
                        stack.push((next.clone(), 0));
                    }
                }
                None => {
                    state.insert(m, true);
                    order.push((path, src));
                }
            }
        }
    }
    Ok(order)
}

pub(crate) fn load() -> Result<Loaded, SpecError> {
    let start = Instant::now();
    let render = |ds: Vec<driver::Diagnostic>| {
        SpecError::Load(
            ds.iter()
                .map(|d| d.rendered.clone())
                .collect::<Vec<_>>()
                .join("\n"),
        )
    };
    let mut elab = driver::new_elaborator(true).map_err(render)?;
    let first = elab.records.len();
    let mut files = Vec::new();
    for (path, src) in files_in_import_order()? {
        driver::elab_source(&mut elab, path, src).map_err(render)?;
        files.push(path.to_string());
    }
    let records = &elab.records[first..];
    for r in records {
        if elab
            .env
            .axioms_of(&r.name)
            .iter()
            .any(|a| a.as_str() == "sorryAx")
        {
            return Err(SpecError::Load(format!(
                "the model's declaration `{}` depends on `sorry`",
                r.name
            )));
        }
    }
    let stats = LoadStats {
        files,
        declarations: records.len(),
        theorems: records.iter().filter(|r| r.kind == "theorem").count(),
        time: start.elapsed(),
    };
    let ctors = Ctors::new(&elab.env)?;
    Ok(Loaded {
        env: elab.env,
        eval_code: elab.eval_code,
        ctors,
        stats,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_file_is_embedded_and_ordered_after_its_imports() {
        assert!(MODEL_FILES.iter().any(|(p, _)| *p == "Cedar/Data.cdr"));
        let order = files_in_import_order().unwrap();
        assert!(order.iter().any(|(p, _)| *p == "Cedar/Authorizer.cdr"));
        assert!(order.iter().any(|(p, _)| *p == "Cedar/Data.cdr"));
        let pos = |m: &str| order.iter().position(|(p, _)| module_of(p) == m);
        for (i, (_, src)) in order.iter().enumerate() {
            for imp in driver::imports_of(src) {
                if let Some(j) = pos(&imp) {
                    assert!(j < i, "{imp} comes after its importer");
                }
            }
        }
    }

    #[test]
    fn modules_are_named_by_path() {
        assert_eq!(module_of("Cedar/Data.cdr"), "Cedar.Data");
        assert_eq!(module_of("Cedar/Ext/Ip.cdr"), "Cedar.Ext.Ip");
    }
}
