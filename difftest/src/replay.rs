//! Replay files: a case with every oracle's outcome, as pretty JSON.
//!
//! The runner writes one per shrunk mismatch; `cedrus difftest --replay FILE` runs one
//! again. Files kept in `difftest/regressions/` also carry the `expected` outcome (the
//! right answer) and run in `cargo test`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::case::{Answer, Case};
use crate::oracle::{Oracle, OracleError};

/// What an oracle made of a case: an answer, or an error loading it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The oracle answered.
    Answer(Answer),
    /// The oracle could not load the inputs.
    Error {
        /// The input that failed to load.
        stage: String,
        /// The oracle's message (never compared).
        message: String,
    },
}

impl Outcome {
    /// Whether two outcomes agree: equal answers, or both errors (whatever the message).
    pub fn agrees_with(&self, other: &Outcome) -> bool {
        match (self, other) {
            (Outcome::Answer(a), Outcome::Answer(b)) => a == b,
            (Outcome::Error { .. }, Outcome::Error { .. }) => true,
            _ => false,
        }
    }
}

impl From<Result<Answer, OracleError>> for Outcome {
    fn from(r: Result<Answer, OracleError>) -> Outcome {
        match r {
            Ok(a) => Outcome::Answer(a),
            Err(e) => Outcome::Error {
                stage: e.stage.to_string(),
                message: e.message,
            },
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Answer(a) => a.fmt(f),
            Outcome::Error { stage, message } => write!(f, "error loading the {stage}: {message}"),
        }
    }
}

/// A replay file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Replay {
    /// The case.
    pub case: Case,
    /// Each oracle's outcome when the replay was written, by oracle name.
    pub answers: BTreeMap<String, Outcome>,
    /// The right outcome, for regressions: what the production engine must answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<Outcome>,
    /// For a regression the production engine still gets wrong: what is wrong. While
    /// this is set, a wrong answer is reported but does not fail the test.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub known_divergence: Option<String>,
}

/// Why a replay file could not be read or written.
#[derive(Debug)]
pub enum ReplayError {
    /// The file could not be read or written.
    Io(std::io::Error),
    /// The file is not a replay.
    Json(serde_json::Error),
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplayError::Io(e) => write!(f, "replay file: {e}"),
            ReplayError::Json(e) => write!(f, "replay file is not valid: {e}"),
        }
    }
}

impl std::error::Error for ReplayError {}

impl Replay {
    /// Runs every oracle on the case and records the outcomes.
    pub fn record(case: Case, oracles: &mut [Box<dyn Oracle>]) -> Replay {
        let answers = oracles
            .iter_mut()
            .map(|o| (o.name().to_string(), Outcome::from(o.answer(&case))))
            .collect();
        Replay {
            case,
            answers,
            expected: None,
            known_divergence: None,
        }
    }

    /// Reads a replay file.
    pub fn load(path: &Path) -> Result<Replay, ReplayError> {
        let text = std::fs::read_to_string(path).map_err(ReplayError::Io)?;
        serde_json::from_str(&text).map_err(ReplayError::Json)
    }

    /// Writes the replay as pretty JSON, creating the folder if needed.
    pub fn save(&self, path: &Path) -> Result<(), ReplayError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(ReplayError::Io)?;
        }
        let mut text = serde_json::to_string_pretty(self).map_err(ReplayError::Json)?;
        text.push('\n');
        std::fs::write(path, text).map_err(ReplayError::Io)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gen::{case_tree, GenConfig, Generator};
    use crate::oracle::Production;

    #[test]
    fn replays_round_trip_through_files() {
        let case = case_tree(Generator::Abac, &GenConfig::default(), 5, 1)
            .unwrap()
            .current();
        let mut oracles: Vec<Box<dyn Oracle>> = vec![Box::new(Production::new())];
        let replay = Replay::record(case, &mut oracles);
        let dir = std::env::temp_dir().join(format!("cedrus-difftest-{}", std::process::id()));
        let path = dir.join("r.json");
        replay.save(&path).unwrap();
        let back = Replay::load(&path).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(back, replay);
        let again = Replay::record(back.case.clone(), &mut oracles);
        assert_eq!(again.answers, replay.answers);
    }

    #[test]
    fn errors_agree_whatever_their_message() {
        let e = |m: &str| Outcome::Error {
            stage: "policies".into(),
            message: m.into(),
        };
        assert!(e("x").agrees_with(&e("y")));
        let a = Outcome::Answer(Answer {
            decision: crate::case::Decision::Deny,
            determining: Default::default(),
            erroring: Default::default(),
        });
        assert!(!a.agrees_with(&e("x")));
        assert!(a.agrees_with(&a.clone()));
    }
}
