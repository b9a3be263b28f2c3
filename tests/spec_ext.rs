//! The model's extension types (`spec/Cedar/Ext/*.cdr`) against the production engine
//! (`cedrus_policy::ext`).
//!
//! The model's files are elaborated after the prelude and their definitions run by the
//! language's evaluator (`model`). Tables of accepted and rejected literals pin the
//! rules down (`tables`); property tests draw near-valid literals from small grammars
//! (`grammar`, most literals one step away from a valid one) and random values, and
//! check that the model and the production engine agree on every parse and every
//! operation (`properties`).

#[path = "spec_ext/grammar.rs"]
mod grammar;
#[path = "spec_ext/model.rs"]
mod model;
#[path = "spec_ext/properties.rs"]
mod properties;
#[path = "spec_ext/tables.rs"]
mod tables;
