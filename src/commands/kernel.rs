//! `cedrus kernel-check`: re-check an exported environment with the kernel alone.

use std::path::PathBuf;

use cedrus_kernel::export;

use super::{CommandResult, Outcome};
use crate::diagnostics::Diagnostic;
use crate::input;

/// Arguments of `cedrus kernel-check`.
#[derive(clap::Args, Debug)]
pub struct KernelCheckArgs {
    /// The exported environment.
    file: PathBuf,
}

/// Runs `cedrus kernel-check`: rebuilds the environment from the file, checking every
/// declaration, and prints what was checked and which axioms each theorem uses.
pub fn run(args: KernelCheckArgs) -> CommandResult {
    let source = input::read_source(Some(&args.file))?;
    let report = export::check_file(&source.text)
        .map_err(|e| Diagnostic::new(e.to_string()).in_file(source.name.clone()))?;
    println!("{report}");
    Ok(Outcome::Success)
}
