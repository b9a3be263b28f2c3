//! The surface syntax of the embedded language: lexer, parser, AST and pretty-printer.
//!
//! The syntax is Lean 4's, restricted to what the language needs. Operators are not
//! built in: they come from a [`NotationTable`], which `infixl`/`notation`/… commands
//! extend as a file is parsed. Use [`parse_file`] for a whole file, or [`Parser`] to
//! obtain one command at a time (so that an elaborator can interleave), and
//! [`parse_term`] for a single term. Printing any node with `Display` gives source text
//! that parses back to the same tree.

pub mod ast;
mod command;
pub mod error;
pub mod lexer;
pub mod notation;
mod parser;
pub mod pattern;
mod print;
mod tactic;
mod term;
mod term_forms;

pub use ast::*;
pub use error::ParseError;
pub use notation::{Notation, NotationTable};
pub use parser::{Parser, DEFAULT_MAX_DEPTH, DEFAULT_STACK_BUDGET};
pub use tactic::TACTIC_NAMES;

/// Parses a whole file with the notations of `table` in scope. Returns the commands and
/// the table extended by the file's notation commands.
pub fn parse_file(
    src: &str,
    table: &NotationTable,
) -> Result<(Vec<Command>, NotationTable), ParseError> {
    let mut parser = Parser::new(src, table.clone());
    let mut commands = Vec::new();
    while let Some(command) = parser.next_command() {
        commands.push(command?);
    }
    Ok((commands, parser.into_table()))
}

/// Parses `src` as a single term.
pub fn parse_term(src: &str, table: &NotationTable) -> Result<Term, ParseError> {
    Parser::new(src, table.clone()).parse_term_to_end()
}

/// Parses `src` as a tactic sequence (the contents of a `by` block).
pub fn parse_tactics(src: &str, table: &NotationTable) -> Result<Vec<Tactic>, ParseError> {
    Parser::new(src, table.clone()).parse_tactics_to_end()
}

#[cfg(test)]
mod tests;
