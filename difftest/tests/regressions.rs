//! Every replay in `difftest/regressions/` runs here: the production engine must give
//! the file's `expected` outcome (or, without one, agree with every recorded answer),
//! and so must the executable model.
//! Files marked `known_divergence` document an engine bug that is not fixed yet: a
//! wrong answer is printed, not failed on, and a right one fails until the mark is
//! removed, so that a fixed bug becomes an ordinary regression test.

use std::path::Path;

use cedrus_difftest::oracle::{Model, Oracle, Production};
use cedrus_difftest::replay::{Outcome, Replay};

#[test]
fn regressions_replay() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the regressions folder exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no regressions in {}", dir.display());
    let mut failures = Vec::new();
    for path in &files {
        let replay = Replay::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let ours = Outcome::from(Production::new().answer(&replay.case));
        let right = match (&replay.expected, replay.answers.get("cedrus")) {
            (Some(expected), _) => ours.agrees_with(expected),
            (None, _) => replay.answers.values().all(|a| ours.agrees_with(a)),
        };
        match (&replay.known_divergence, right) {
            (None, true) => {}
            (None, false) => failures.push(format!("{}: cedrus says {ours}", path.display())),
            (Some(note), false) => eprintln!("known divergence, {}: {note}", path.display()),
            (Some(_), true) => failures.push(format!(
                "{} now passes: remove its `known_divergence`",
                path.display()
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The executable model must give every file's expected outcome.
#[test]
fn regressions_replay_on_the_model() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions");
    let mut model = Model::new().expect("the model loads");
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("the regressions folder exists") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let replay = Replay::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let theirs = Outcome::from(model.answer(&replay.case));
        let right = match &replay.expected {
            Some(expected) => theirs.agrees_with(expected),
            None => replay.answers.values().all(|a| theirs.agrees_with(a)),
        };
        if !right {
            failures.push(format!("{}: the model says {theirs}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// With upstream `cedar-policy` built in, it must give every file's `expected` outcome:
/// the expectations are upstream's answers.
#[cfg(feature = "cedar-oracle")]
#[test]
fn regressions_match_upstream() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions");
    let mut upstream = cedrus_difftest::cedar_oracle().expect("built with cedar-oracle");
    for entry in std::fs::read_dir(&dir).expect("the regressions folder exists") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let replay = Replay::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if let Some(expected) = &replay.expected {
            let theirs = Outcome::from(upstream.answer(&replay.case));
            assert!(
                theirs.agrees_with(expected),
                "{}: cedar says {theirs}",
                path.display()
            );
        }
    }
}
