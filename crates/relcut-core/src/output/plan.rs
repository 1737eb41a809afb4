//! plan: the runbook; the text is [`Plan::runbook`].

use crate::md;
use crate::plan::Plan;

impl Plan {
    /// For a terminal: the numbered runbook.
    pub fn text(&self) -> String {
        self.runbook()
    }

    /// For a comment: the same runbook, in a code block so every command copies as is.
    pub fn markdown(&self) -> String {
        format!(
            "Runbook for **{}**:\n\n{}",
            self.version,
            md::fence("", &self.runbook())
        )
    }
}
