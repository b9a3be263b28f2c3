//! The driver: loads files and folders, orders them by their imports, elaborates them
//! after the prelude, and reports what was declared, or diagnostics with locations.
//!
//! `import A.B` names the file `A/B.cdr` under the root of the file that imports it (the
//! folder given on the command line, or the file's own folder), or else under another
//! folder given on the command line (so `spec proofs` lets `proofs` import `spec`'s
//! modules). Imports must come first
//! in a file. Files are elaborated in dependency order, each at most once; a cycle is an
//! error naming the files on it.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cedrus_kernel::{Environment, Name};

use crate::elab::{ElabError, Elaborator, Message};
use crate::syntax::{self, Parser};

/// The prelude, embedded in the binary: `(path, source)` in load order.
pub const PRELUDE: &[(&str, &str)] = &[
    (
        "Prelude/Core.cdr",
        include_str!("../prelude/Prelude/Core.cdr"),
    ),
    (
        "Prelude/Data.cdr",
        include_str!("../prelude/Prelude/Data.cdr"),
    ),
    (
        "Prelude/Logic.cdr",
        include_str!("../prelude/Prelude/Logic.cdr"),
    ),
    (
        "Prelude/Bool.cdr",
        include_str!("../prelude/Prelude/Bool.cdr"),
    ),
    (
        "Prelude/List.cdr",
        include_str!("../prelude/Prelude/List.cdr"),
    ),
    (
        "Prelude/Option.cdr",
        include_str!("../prelude/Prelude/Option.cdr"),
    ),
    (
        "Prelude/Nat.cdr",
        include_str!("../prelude/Prelude/Nat.cdr"),
    ),
    (
        "Prelude/Omega.cdr",
        include_str!("../prelude/Prelude/Omega.cdr"),
    ),
    (
        "Prelude/Int.cdr",
        include_str!("../prelude/Prelude/Int.cdr"),
    ),
];

/// Options of [`check_paths`].
#[derive(Clone, Debug)]
pub struct Options {
    /// Load the prelude first (`prelude false` turns it off).
    pub prelude: bool,
    /// Accept declarations that depend on `sorryAx`.
    pub allow_sorry: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            prelude: true,
            allow_sorry: false,
        }
    }
}

/// A located error, ready to print.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file.
    pub file: String,
    /// 1-based line (0 when the error has no location).
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// The message.
    pub message: String,
    /// `file:line:col: error: message`, the source line and a caret.
    pub rendered: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rendered)
    }
}

impl Diagnostic {
    fn at(file: &str, src: &str, start: usize, end: usize, message: String) -> Self {
        let pe = syntax::ParseError::new(start, end, message.clone());
        let (line, col) = pe.line_col(src);
        Diagnostic {
            file: file.to_string(),
            line,
            col,
            rendered: pe.render(file, src),
            message,
        }
    }

    fn plain(file: &str, message: String) -> Self {
        Diagnostic {
            file: file.to_string(),
            line: 0,
            col: 0,
            rendered: format!("{file}: error: {message}"),
            message,
        }
    }

    fn from_elab(file: &str, src: &str, e: &ElabError) -> Self {
        Diagnostic::at(file, src, e.span.start, e.span.end, e.kind.to_string())
    }
}

/// One declaration of a checked file.
#[derive(Clone, Debug)]
pub struct DeclReport {
    /// The file it comes from.
    pub file: String,
    /// Its name.
    pub name: Name,
    /// `def`, `theorem`, `inductive`, ….
    pub kind: &'static str,
    /// Elaboration and checking time.
    pub time: Duration,
    /// The axioms it depends on.
    pub axioms: Vec<Name>,
    /// Whether it depends on `sorryAx`.
    pub uses_sorry: bool,
}

/// What [`check_paths`] found.
pub struct CheckReport {
    /// The user's declarations (not the prelude's), in order.
    pub decls: Vec<DeclReport>,
    /// Output of `#check`, `#eval` and `#print`, with the file it came from.
    pub messages: Vec<(String, Message)>,
    /// The files elaborated, in order.
    pub files: Vec<PathBuf>,
    /// Total time.
    pub time: Duration,
    /// The elaborator, with the environment of everything checked.
    pub elaborator: Elaborator,
}

impl CheckReport {
    /// The kernel environment of everything checked.
    pub fn env(&self) -> &Environment {
        &self.elaborator.env
    }

    /// Declarations that depend on `sorry`.
    pub fn sorries(&self) -> Vec<&Name> {
        self.decls
            .iter()
            .filter(|d| d.uses_sorry)
            .map(|d| &d.name)
            .collect()
    }
}

/// Stack size of the thread that elaborates (elaboration and the kernel's reduction
/// recurse; their depth is bounded, and this makes the bound safe).
const ELAB_STACK_BYTES: usize = 256 << 20;

/// Runs `f` on a helper thread with a large stack.
fn with_big_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("cedrus-elab".into())
            .stack_size(ELAB_STACK_BYTES)
            .spawn_scoped(scope, f);
        match handle {
            Ok(h) => match h.join() {
                Ok(v) => v,
                Err(p) => std::panic::resume_unwind(p),
            },
            Err(e) => panic!("cannot start the elaboration thread: {e}"),
        }
    })
}

/// Elaborates one source text (already ordered after its imports) into `elab`.
pub fn elab_source(elab: &mut Elaborator, file: &str, src: &str) -> Result<(), Vec<Diagnostic>> {
    with_big_stack(|| elab_source_here(elab, file, src))
}

fn elab_source_here(elab: &mut Elaborator, file: &str, src: &str) -> Result<(), Vec<Diagnostic>> {
    elab.reset_scopes();
    let mut parser = Parser::new(src, elab.meta.notations.clone());
    let mut diags = Vec::new();
    let mut past_imports = false;
    while let Some(cmd) = parser.next_command() {
        match cmd {
            Err(e) => {
                diags.push(Diagnostic::at(file, src, e.span.0, e.span.1, e.message));
                break;
            }
            Ok(cmd) => {
                elab.meta.notations = parser.table().clone();
                if matches!(cmd.kind, syntax::CommandKind::Import(_)) {
                    if past_imports {
                        let msg = "`import` must come before every other command of the file";
                        diags.push(Diagnostic::at(
                            file,
                            src,
                            cmd.span.start,
                            cmd.span.end,
                            msg.into(),
                        ));
                    }
                    continue;
                }
                past_imports = true;
                if let Err(e) = elab.elab_command(&cmd) {
                    diags.push(Diagnostic::from_elab(file, src, &e));
                }
            }
        }
    }
    elab.meta.notations = parser.into_table();
    if diags.is_empty() {
        Ok(())
    } else {
        Err(diags)
    }
}

/// A fresh elaborator with the prelude loaded (or not).
pub fn new_elaborator(prelude: bool) -> Result<Elaborator, Vec<Diagnostic>> {
    let mut elab = Elaborator::new();
    if prelude {
        for (path, src) in PRELUDE {
            elab_source(&mut elab, path, src)?;
        }
    }
    Ok(elab)
}

/// Collects the `.cdr` files under `path` (recursively, sorted), with their root.
fn collect(path: &Path, out: &mut Vec<(PathBuf, PathBuf)>) -> Result<(), Diagnostic> {
    let shown = path.display().to_string();
    if path.is_dir() {
        let mut stack = vec![path.to_path_buf()];
        let mut found = Vec::new();
        while let Some(dir) = stack.pop() {
            let rd = std::fs::read_dir(&dir)
                .map_err(|e| Diagnostic::plain(&dir.display().to_string(), e.to_string()))?;
            for entry in rd {
                let p = entry
                    .map_err(|e| Diagnostic::plain(&shown, e.to_string()))?
                    .path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "cdr") {
                    found.push(p);
                }
            }
        }
        found.sort();
        out.extend(found.into_iter().map(|f| (f, path.to_path_buf())));
        Ok(())
    } else if path.is_file() {
        let root = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        out.push((path.to_path_buf(), root));
        Ok(())
    } else {
        Err(Diagnostic::plain(
            &shown,
            "no such file or directory".into(),
        ))
    }
}

/// The modules a source imports (its leading `import` lines).
pub fn imports_of(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Depth of `/- … -/` comments (they nest) at the start of the current line.
    let mut comment_depth = 0usize;
    for line in src.lines() {
        let l = line.trim();
        if comment_depth > 0 || l.starts_with("/-") {
            comment_depth += l.matches("/-").count();
            comment_depth = comment_depth.saturating_sub(l.matches("-/").count());
            continue;
        }
        if l.is_empty() || l.starts_with("--") {
            continue;
        }
        match l.strip_prefix("import ") {
            Some(rest) => out.extend(rest.split_whitespace().map(str::to_string)),
            None => break,
        }
    }
    out
}

/// Loads `paths` (files or folders), orders them by imports, and elaborates them.
pub fn check_paths(paths: &[PathBuf], options: &Options) -> Result<CheckReport, Vec<Diagnostic>> {
    check_paths_probing(paths, options, None).0
}

/// The goal view before the first tactic on line `line` (1-based) of `file`, for
/// `cedrus check --goals FILE:LINE`: `paths` (and `file`) are elaborated as by
/// [`check_paths`], and errors after that point do not matter. `Ok(None)` when no
/// tactic starts on that line.
pub fn goals_at(
    paths: &[PathBuf],
    options: &Options,
    file: &Path,
    line: usize,
) -> Result<Option<String>, Vec<Diagnostic>> {
    let all = if paths.is_empty() {
        vec![file.to_path_buf()]
    } else {
        paths.to_vec()
    };
    let opts = Options {
        allow_sorry: true,
        ..options.clone()
    };
    let (result, seen) = check_paths_probing(&all, &opts, Some((file, line)));
    match (seen, result) {
        (Some(s), _) => Ok(Some(s)),
        (None, Ok(_)) => Ok(None),
        (None, Err(d)) => Err(d),
    }
}

/// The byte range of line `line` (1-based) of `src`.
fn line_range(src: &str, line: usize) -> Option<(usize, usize)> {
    let mut start = 0;
    for (i, l) in src.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return Some((start, start + l.trim_end_matches('\n').len()));
        }
        start += l.len();
    }
    None
}

/// Elaborates one source with a goal probe set on the elaboration thread.
fn elab_source_probed(
    elab: &mut Elaborator,
    file: &str,
    src: &str,
    probe: Option<crate::tactic::probe::Probe>,
) -> (Result<(), Vec<Diagnostic>>, Option<String>) {
    with_big_stack(|| {
        crate::tactic::probe::set(probe);
        let r = elab_source_here(elab, file, src);
        let seen = crate::tactic::probe::set(None).and_then(|p| p.seen);
        (r, seen)
    })
}

type Probing = (Result<CheckReport, Vec<Diagnostic>>, Option<String>);

fn check_paths_probing(
    paths: &[PathBuf],
    options: &Options,
    probe: Option<(&Path, usize)>,
) -> Probing {
    let mut seen = None;
    let r = check_paths_inner(paths, options, probe, &mut seen);
    (r, seen)
}

fn check_paths_inner(
    paths: &[PathBuf],
    options: &Options,
    probe: Option<(&Path, usize)>,
    seen: &mut Option<String>,
) -> Result<CheckReport, Vec<Diagnostic>> {
    let start = Instant::now();
    let mut files = Vec::new();
    for p in paths {
        collect(p, &mut files).map_err(|d| vec![d])?;
    }
    // The folders given on the command line: an import not found under the importing
    // file's own root is looked up under these, in order.
    let mut roots: Vec<PathBuf> = Vec::new();
    for p in paths.iter().filter(|p| p.is_dir()) {
        if !roots.contains(p) {
            roots.push(p.clone());
        }
    }
    // Load sources and resolve imports, adding imported files not listed.
    let mut sources: BTreeMap<PathBuf, (String, PathBuf)> = BTreeMap::new();
    let mut queue: Vec<(PathBuf, PathBuf)> = files.clone();
    let mut deps: HashMap<PathBuf, Vec<PathBuf>> = HashMap::new();
    while let Some((f, root)) = queue.pop() {
        if sources.contains_key(&f) {
            continue;
        }
        let shown = f.display().to_string();
        let src = std::fs::read_to_string(&f)
            .map_err(|e| vec![Diagnostic::plain(&shown, e.to_string())])?;
        let mut ds = Vec::new();
        for m in imports_of(&src) {
            if m == "Prelude" || m.starts_with("Prelude.") {
                continue;
            }
            let found = import_roots(&root, &roots).into_iter().find_map(|r| {
                let p = module_path(&r, &m);
                p.is_file().then_some((p, r))
            });
            let Some((p, proot)) = found else {
                let looked = module_path(&root, &m);
                let msg = format!("cannot find module `{m}` (looked for {})", looked.display());
                return Err(vec![Diagnostic::plain(&shown, msg)]);
            };
            ds.push(p.clone());
            queue.push((p, proot));
        }
        deps.insert(f.clone(), ds);
        sources.insert(f, (src, root));
    }
    let order = topo_order(&sources.keys().cloned().collect::<Vec<_>>(), &deps)?;
    let mut elab = new_elaborator(options.prelude)?;
    let first_user = elab.records.len();
    let mut messages = Vec::new();
    let mut origin: Vec<String> = Vec::new();
    for f in &order {
        let Some((src, _)) = sources.get(f) else {
            continue;
        };
        let shown = f.display().to_string();
        let before = elab.messages.len();
        let probed = probe
            .filter(|(pf, _)| same_file(pf, f))
            .and_then(|(_, line)| line_range(src, line))
            .map(|(start, end)| crate::tactic::probe::Probe {
                start,
                end,
                seen: None,
            });
        let (r, s) = elab_source_probed(&mut elab, &shown, src, probed);
        if s.is_some() {
            *seen = s;
        }
        r?;
        for m in &elab.messages[before..] {
            messages.push((shown.clone(), m.clone()));
        }
        origin.resize(elab.records.len() - first_user, shown.clone());
    }
    let mut decls = Vec::new();
    for (i, r) in elab.records[first_user..].iter().enumerate() {
        let axioms: Vec<Name> = elab.env.axioms_of(&r.name).into_iter().collect();
        let uses_sorry = axioms.iter().any(|a| a.as_str() == "sorryAx");
        decls.push(DeclReport {
            file: origin.get(i).cloned().unwrap_or_default(),
            name: r.name.clone(),
            kind: r.kind,
            time: r.time,
            axioms,
            uses_sorry,
        });
    }
    if !options.allow_sorry {
        let bad: Vec<Diagnostic> = decls
            .iter()
            .filter(|d| d.uses_sorry)
            .map(|d| {
                Diagnostic::plain(
                    &d.file,
                    format!(
                        "declaration `{}` uses `sorry` (pass --allow-sorry to accept)",
                        d.name
                    ),
                )
            })
            .collect();
        if !bad.is_empty() {
            return Err(bad);
        }
    }
    Ok(CheckReport {
        decls,
        messages,
        files: order,
        time: start.elapsed(),
        elaborator: elab,
    })
}

/// Where the imports of a file under `root` are looked for, in order: `root` itself, the
/// other folders given, the folders above `root` (so that a file given alone, such as
/// `spec/Cedar/Authorizer.cdr`, finds `Cedar.Evaluator` under `spec`), and the folders
/// beside `root` (so that `proofs` finds the model in `spec` next to it).
fn import_roots(root: &Path, given: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = vec![root.to_path_buf()];
    out.extend(given.iter().filter(|r| r.as_path() != root).cloned());
    let absolute = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    out.extend(absolute.ancestors().skip(1).take(3).map(Path::to_path_buf));
    if let Some(Ok(entries)) = absolute.parent().map(std::fs::read_dir) {
        let mut siblings: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir() && *p != absolute)
            .collect();
        siblings.sort();
        out.extend(siblings);
    }
    out
}

/// The file that module `m` (`A.B`) names under `root`: `root/A/B.cdr`.
fn module_path(root: &Path, m: &str) -> PathBuf {
    let mut p = root.to_path_buf();
    for c in m.split('.') {
        p.push(c);
    }
    p.set_extension("cdr");
    p
}

/// Whether two paths name the same file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// Orders files so that each comes after its imports; a cycle is an error.
fn topo_order(
    files: &[PathBuf],
    deps: &HashMap<PathBuf, Vec<PathBuf>>,
) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Visiting,
        Done,
    }
    let mut marks: HashMap<PathBuf, Mark> = HashMap::new();
    let mut order = Vec::new();
    for f in files {
        // Iterative depth-first search with an explicit path (for cycle reports).
        let mut stack: Vec<(PathBuf, usize)> = vec![(f.clone(), 0)];
        while let Some((node, i)) = stack.pop() {
            if i == 0 {
                match marks.get(&node) {
                    Some(Mark::Done) => continue,
                    Some(Mark::Visiting) => {
                        let mut cycle: Vec<String> = stack
                            .iter()
                            .map(|(p, _)| p.display().to_string())
                            .skip_while(|p| *p != node.display().to_string())
                            .collect();
                        cycle.push(node.display().to_string());
                        let msg = format!("import cycle: {}", cycle.join(" → "));
                        return Err(vec![Diagnostic::plain(&node.display().to_string(), msg)]);
                    }
                    None => {
                        marks.insert(node.clone(), Mark::Visiting);
                    }
                }
            }
            let ds = deps.get(&node).cloned().unwrap_or_default();
            if let Some(d) = ds.get(i) {
                stack.push((node, i + 1));
                stack.push((d.clone(), 0));
            } else {
                marks.insert(node.clone(), Mark::Done);
                order.push(node);
            }
        }
    }
    Ok(order)
}

/// Elaborates and evaluates `expr` in the environment of `elab` (for `cedrus eval`).
pub fn eval_expr(elab: &mut Elaborator, expr: &str) -> Result<String, Diagnostic> {
    let t = syntax::parse_term(expr, &elab.meta.notations)
        .map_err(|e| Diagnostic::at("<expr>", expr, e.span.0, e.span.1, e.message))?;
    elab.reset_scopes();
    with_big_stack(|| elab.eval_term(&t)).map_err(|e| Diagnostic::from_elab("<expr>", expr, &e))
}

/// Checks `paths` and writes the resulting environment (prelude included) in the
/// kernel's export format to `out` (for `cedrus export`).
pub fn export_paths(
    paths: &[PathBuf],
    options: &Options,
    out: &Path,
) -> Result<CheckReport, Vec<Diagnostic>> {
    let report = check_paths(paths, options)?;
    let text = cedrus_kernel::export::write(report.env());
    std::fs::write(out, text)
        .map_err(|e| vec![Diagnostic::plain(&out.display().to_string(), e.to_string())])?;
    Ok(report)
}

/// The axioms a constant depends on, resolved by its full name.
pub fn axioms(elab: &Elaborator, name: &str) -> Option<Vec<Name>> {
    let n = Name::new(name);
    elab.env.get(&n)?;
    Some(elab.env.axioms_of(&n).into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_may_follow_comments_but_not_commands() {
        let src = "/-! A module.\n  /- nested -/ still a comment -/\nimport A\n-- c\nimport B";
        assert_eq!(imports_of(src), vec!["A", "B"]);
        let mut e = new_elaborator(false).expect("an empty elaborator");
        let err = elab_source(&mut e, "f.cdr", "universe u\nimport A").expect_err("refused");
        assert!(
            err[0].message.contains("must come before"),
            "{}",
            err[0].message
        );
    }

    #[test]
    fn imports_are_read_from_the_top() {
        let src = "-- c\nimport A.B C\nimport D\ndef x := 1\nimport E";
        assert_eq!(imports_of(src), vec!["A.B", "C", "D"]);
    }

    #[test]
    fn cycles_are_reported() {
        let a = PathBuf::from("a.cdr");
        let b = PathBuf::from("b.cdr");
        let mut deps = HashMap::new();
        deps.insert(a.clone(), vec![b.clone()]);
        deps.insert(b.clone(), vec![a.clone()]);
        let err = topo_order(&[a.clone(), b.clone()], &deps)
            .err()
            .unwrap_or_default();
        assert_eq!(err.len(), 1);
        assert!(
            err[0].message.contains("import cycle"),
            "{}",
            err[0].message
        );
    }

    #[test]
    fn imports_resolve_across_the_folders_given() {
        let base = std::env::temp_dir().join(format!("cedrus-roots-{}", std::process::id()));
        let (a, b, c) = (base.join("a"), base.join("b"), base.join("c"));
        let write = |p: &Path, s: &str| -> std::io::Result<()> {
            if let Some(d) = p.parent() {
                std::fs::create_dir_all(d)?;
            }
            std::fs::write(p, s)
        };
        write(&a.join("M/Defs.cdr"), "def M.one : Nat := 1\n").unwrap_or_default();
        write(
            &b.join("M/Facts.cdr"),
            "import M.Defs\ntheorem M.one_eq : M.one = 1 := rfl\n",
        )
        .unwrap_or_default();
        write(
            &a.join("M/Use.cdr"),
            "import M.Defs\ntheorem M.one_eq' : M.one = 1 := rfl\n",
        )
        .unwrap_or_default();
        write(&c.join("N.cdr"), "import M.Missing\n").unwrap_or_default();
        let both = check_paths(&[a.clone(), b.clone()], &Options::default());
        // Given alone, `b` finds `M.Defs` in the folder beside it.
        let alone = check_paths(std::slice::from_ref(&b), &Options::default());
        // A file given alone finds modules under the folders above its own.
        let nested = check_paths(&[a.join("M/Use.cdr")], &Options::default());
        let missing = check_paths(std::slice::from_ref(&c), &Options::default());
        let _ = std::fs::remove_dir_all(&base);
        for report in [both, alone, nested] {
            let report = report.unwrap_or_else(|e| panic!("{:?}", e));
            assert!(report.env().get(&Name::new("M.one")).is_some());
        }
        let err = missing.err().unwrap_or_default();
        assert!(
            err.iter()
                .any(|d| d.message.contains("cannot find module `M.Missing`")),
            "{err:?}"
        );
    }

    #[test]
    fn order_puts_imports_first() {
        let a = PathBuf::from("a.cdr");
        let b = PathBuf::from("b.cdr");
        let c = PathBuf::from("c.cdr");
        let mut deps = HashMap::new();
        deps.insert(a.clone(), vec![b.clone(), c.clone()]);
        deps.insert(b.clone(), vec![c.clone()]);
        let order = topo_order(&[a.clone(), b.clone(), c.clone()], &deps).unwrap_or_default();
        assert_eq!(order, vec![c, b, a]);
    }
}
