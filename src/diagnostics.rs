//! Error reports for people and for machines.
//!
//! Every failure the CLI reports is a [`Diagnostic`]: a message, optionally a place in
//! a source file (rendered as `file:line:col` with a snippet in human mode), and notes.
//! `--error-format json` prints each diagnostic as one JSON object per line instead.

use std::fmt;
use std::io::IsTerminal;
use std::ops::Range;
use std::sync::Arc;

use cedrus_policy::parser::line_col;
use codespan_reporting::diagnostic::{Diagnostic as CodespanDiagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{
    self,
    termcolor::{ColorChoice, StandardStream},
};

/// How errors are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorFormat {
    /// Messages with source snippets, for a terminal.
    Human,
    /// One JSON object per diagnostic, for tools.
    Json,
}

/// A source text that a diagnostic points into.
#[derive(Clone, Debug)]
pub struct Source {
    /// The file name as given on the command line (or `<stdin>`, `<argument>`).
    pub name: String,
    /// The whole text.
    pub text: Arc<str>,
}

/// One reported problem.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// What went wrong.
    pub message: String,
    /// Where, if it points into a source text.
    pub location: Option<Box<(Source, Range<usize>)>>,
    /// A file name without a span (for I/O errors and JSON errors with their own position).
    pub file: Option<String>,
    /// Further explanation.
    pub notes: Vec<String>,
    /// The producer's own rendering, when it drew the snippet itself.
    pub rendered: Option<Box<Rendered>>,
}

/// A diagnostic's human form as its producer (the language driver) rendered it.
#[derive(Clone, Debug)]
pub struct Rendered {
    /// The line and column it points at, if any.
    pub position: Option<(usize, usize)>,
    /// The text: location, message, source line and caret.
    pub text: String,
}

impl Diagnostic {
    /// A diagnostic with only a message.
    pub fn new(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            message: message.into(),
            location: None,
            file: None,
            notes: Vec::new(),
            rendered: None,
        }
    }

    /// A diagnostic already rendered by its producer, with its file and position.
    pub fn prerendered(
        message: impl Into<String>,
        file: impl Into<String>,
        position: Option<(usize, usize)>,
        rendered: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            file: Some(file.into()),
            rendered: Some(Box::new(Rendered {
                position,
                text: rendered.into(),
            })),
            ..Diagnostic::new(message)
        }
    }

    /// A diagnostic pointing at `span` in `source`.
    pub fn at(message: impl Into<String>, source: &Source, span: Range<usize>) -> Diagnostic {
        let len = source.text.len();
        let span = span.start.min(len)..span.end.clamp(span.start.min(len), len);
        Diagnostic {
            message: message.into(),
            location: Some(Box::new((source.clone(), span))),
            file: None,
            notes: Vec::new(),
            rendered: None,
        }
    }

    /// The same diagnostic, naming `file`.
    pub fn in_file(mut self, file: impl Into<String>) -> Diagnostic {
        self.file = Some(file.into());
        self
    }

    /// The same diagnostic with one more note.
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    fn line_col(&self) -> Option<(usize, usize)> {
        match self.location.as_deref() {
            Some((source, span)) => Some(line_col(&source.text, span.start)),
            None => self.rendered.as_ref().and_then(|r| r.position),
        }
    }

    fn to_json(&self) -> serde_json::Value {
        let mut obj = serde_json::Map::new();
        obj.insert("message".into(), self.message.clone().into());
        let file = self
            .location
            .as_ref()
            .map(|l| l.0.name.clone())
            .or_else(|| self.file.clone());
        if let Some(file) = file {
            obj.insert("file".into(), file.into());
        }
        if let Some((line, col)) = self.line_col() {
            obj.insert("line".into(), line.into());
            obj.insert("column".into(), col.into());
        }
        if !self.notes.is_empty() {
            obj.insert("notes".into(), self.notes.clone().into());
        }
        serde_json::Value::Object(obj)
    }

    fn emit_human(&self, out: &mut StandardStream) {
        if let Some(rendered) = &self.rendered {
            eprintln!("{}", rendered.text);
            return;
        }
        let mut diag = CodespanDiagnostic::error().with_message(self.message.clone());
        if !self.notes.is_empty() {
            diag = diag.with_notes(self.notes.clone());
        }
        let config = term::Config::default();
        let written = match self.location.as_deref() {
            Some((source, span)) => {
                let file = SimpleFile::new(source.name.as_str(), source.text.as_ref());
                let diag = diag.with_labels(vec![Label::primary((), span.clone())]);
                term::emit(&mut out.lock(), &config, &file, &diag)
            }
            None => {
                let name = self.file.as_deref().unwrap_or("");
                let file = SimpleFile::new(name, "");
                let diag = match &self.file {
                    Some(f) => diag.with_message(format!("{f}: {}", self.message)),
                    None => diag,
                };
                term::emit(&mut out.lock(), &config, &file, &diag)
            }
        };
        if written.is_err() {
            eprintln!("error: {self}");
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self
            .location
            .as_deref()
            .map(|l| l.0.name.as_str())
            .or(self.file.as_deref());
        match (file, self.line_col()) {
            (Some(file), Some((line, col))) => write!(f, "{file}:{line}:{col}: {}", self.message)?,
            _ => match &self.file {
                Some(file) => write!(f, "{file}: {}", self.message)?,
                None => write!(f, "{}", self.message)?,
            },
        }
        for note in &self.notes {
            write!(f, "\n  note: {note}")?;
        }
        Ok(())
    }
}

/// A non-empty list of diagnostics: the error type of every command.
#[derive(Debug)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Prints every diagnostic to standard error in the chosen format.
    pub fn report(&self, format: ErrorFormat) {
        match format {
            ErrorFormat::Json => {
                for d in &self.0 {
                    eprintln!("{}", d.to_json());
                }
            }
            ErrorFormat::Human => {
                let color = if std::io::stderr().is_terminal() {
                    ColorChoice::Auto
                } else {
                    ColorChoice::Never
                };
                let mut out = StandardStream::stderr(color);
                for d in &self.0 {
                    d.emit_human(&mut out);
                }
            }
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Diagnostics {
        Diagnostics(vec![d])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_and_column() {
        let src = Source {
            name: "p.cedar".into(),
            text: "permit(\n  oops".into(),
        };
        let d = Diagnostic::at("unexpected `oops`", &src, 10..14).with_note("expected `principal`");
        assert_eq!(
            d.to_string(),
            "p.cedar:2:3: unexpected `oops`\n  note: expected `principal`"
        );
        let json = d.to_json();
        assert_eq!(json["line"], 2);
        assert_eq!(json["column"], 3);
    }
}
