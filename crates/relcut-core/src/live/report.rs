//! The one answer of `verify-release`, rendered for the terminal and for GitHub.

use super::{Report, State};
use crate::md;

impl Report {
    /// One line per check (state, id, what was seen), then for each check that is not ok the
    /// URL asked and the fix, indented.
    pub fn text(&self) -> String {
        let width = self.checks.iter().map(|c| c.id.len()).max().unwrap_or(0);
        let mut out = String::new();
        for c in &self.checks {
            out.push_str(&format!(
                "{:<7} {:<width$}  {}\n",
                c.state.as_str(),
                c.id,
                c.detail
            ));
            if c.state != State::Ok {
                out.push_str(&format!("        asked: {}\n", c.url));
                for (i, line) in c.fix.lines().enumerate() {
                    let lead = if i == 0 { "fix:  " } else { "      " };
                    out.push_str(&format!("        {lead}{line}\n"));
                }
            }
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// `v1.35.3 is live everywhere`, or what is left.
    pub fn summary(&self) -> String {
        if self.live {
            return format!("{} is live everywhere", self.tag);
        }
        let parts: Vec<String> = [State::Missing, State::Wrong, State::Unknown]
            .iter()
            .filter_map(|s| {
                let n = self.count(*s);
                (n > 0).then(|| format!("{n} {}", s.as_str()))
            })
            .collect();
        format!(
            "{} is not live everywhere yet: {} of {} checks ok, {}",
            self.tag,
            self.count(State::Ok),
            self.checks.len(),
            parts.join(", ")
        )
    }

    /// A table of the checks that are not ok (each with its fix below it), or the one line
    /// saying the release is live. Every value from a service is escaped.
    pub fn markdown(&self) -> String {
        if self.live {
            return format!("{}\n", md::plain(&self.summary()));
        }
        let mut out = format!("{}\n\n", md::plain(&self.summary()));
        out.push_str(&md::table_head(&["check", "state", "seen", "asked"]));
        let bad: Vec<_> = self
            .checks
            .iter()
            .filter(|c| c.state != State::Ok)
            .collect();
        for c in &bad {
            out.push_str(&md::table_row(&[
                md::code_span(&c.id),
                c.state.as_str().to_string(),
                md::plain(&c.detail),
                md::link("URL", &c.url),
            ]));
        }
        for c in &bad {
            out.push_str(&format!(
                "\n{}:\n\n{}",
                md::code_span(&c.id),
                md::fence("", &c.fix)
            ));
        }
        out
    }
}
