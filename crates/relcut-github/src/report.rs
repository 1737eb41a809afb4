//! Where the library's lines go: relcut-github never prints, the binary (or a test) gives a
//! [`Reporter`].

use std::sync::Mutex;

/// Where the library's progress lines go: retry notices and dry-run output. Libraries never
/// print; the binary provides one. Lines are already safe for a workflow log: outside text in
/// them has CR, LF and `%` escaped, and multi-line text is inside `::stop-commands::`.
pub trait Reporter: Send + Sync {
    /// Progress: retry notices, dry-run output (stderr in the binary).
    fn note(&self, line: &str);
    /// The Action's own log and workflow commands (stdout in the binary).
    fn out(&self, line: &str) {
        self.note(line);
    }
}

/// Drops every line.
pub struct Silent;

impl Reporter for Silent {
    fn note(&self, _: &str) {}
}

/// Keeps every line (tests, and callers that print later).
#[derive(Default)]
pub struct Collect(pub Mutex<Vec<String>>);

impl Reporter for Collect {
    fn note(&self, line: &str) {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(line.to_string());
    }
}
