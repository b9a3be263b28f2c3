//! Tactics: procedures that close or refine goals (metavariables of a [`crate::elab::ctx::Ctx`]).
pub mod omega;
