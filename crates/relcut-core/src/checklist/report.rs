//! Where a cut stands, for people: the checklist with marks, the next step with its commands,
//! and the warnings.

use std::fmt::Write;

use super::{CutIssue, StepState};
use crate::md;
use crate::plan::{self, StepId};

impl CutIssue {
    /// The next step with its title and, when the version is known, its plan (commands, notes).
    fn next_step(&self, fork: Option<&str>) -> Option<(StepId, String, Option<plan::Step>)> {
        let id = self.next?;
        let step = self.plan(fork).and_then(|p| p.step(id).cloned());
        let title = step
            .as_ref()
            .map(|s| s.title.clone())
            .unwrap_or_else(|| id.title().to_string());
        Some((id, title, step))
    }

    /// A plain-text report for a terminal.
    pub fn report(&self, fork: Option<&str>) -> String {
        let mut out = String::new();
        match self.version {
            Some(v) => {
                let kind = self.cut.map(plan::cut_name).unwrap_or("cut");
                let _ = writeln!(
                    out,
                    "Cut {v} ({kind}, --type {} --branch {})",
                    v.release_type(),
                    v.branch()
                );
            }
            None => out.push_str("Cut of an unknown version\n"),
        }
        let mut facts = Vec::new();
        if let Some(s) = self.scheduled.as_ref().or(self.scheduled_text.as_ref()) {
            facts.push(format!("scheduled {s}"));
        }
        if let Some(k) = &self.krel_version {
            facts.push(format!(
                "krel {} ({})",
                k.git_version,
                k.git_tree_state.as_deref().unwrap_or("tree state unknown")
            ));
        }
        let (done, total) = self.progress();
        facts.push(format!("{done}/{total} steps done"));
        let _ = writeln!(out, "{}\n", facts.join(", "));

        let width = self
            .steps
            .iter()
            .map(|s| s.id.as_str().len())
            .max()
            .unwrap_or(0);
        for s in &self.steps {
            let label: String = if s.label.chars().count() > 60 {
                s.label.chars().take(57).collect::<String>() + "..."
            } else {
                s.label.clone()
            };
            let mut line = format!("  {} {:width$}  {label}", s.state.mark(), s.id.as_str());
            if let Some(link) = s.links.first() {
                let _ = write!(line, "  {link}");
            }
            if let Some(r) = &s.reason {
                if s.state == StepState::Skipped || !s.checked {
                    let _ = write!(line, "  ({r})");
                }
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }

        out.push('\n');
        match self.next_step(fork) {
            Some((id, title, step)) => {
                let _ = writeln!(out, "Next: {title} [{id}]");
                if let Some(step) = step {
                    for c in &step.commands {
                        let _ = writeln!(out, "  $ {c}");
                    }
                    for n in &step.notes {
                        let _ = writeln!(out, "  - {n}");
                    }
                }
            }
            None if self.steps.is_empty() => out.push_str("No steps found: is this a cut issue?\n"),
            None => out.push_str("Nothing left to do: every step is done or skipped.\n"),
        }
        if !self.warnings.is_empty() {
            out.push_str("\nWarnings:\n");
            for w in &self.warnings {
                let _ = writeln!(out, "  - {w}");
            }
        }
        out
    }
}

impl CutIssue {
    /// The status as a GitHub comment: the checklist, the next step with commands to copy, the
    /// warnings folded away.
    pub fn report_markdown(&self, fork: Option<&str>) -> String {
        self.report_markdown_with(fork, &[])
    }

    /// The status comment with the live gates (promotion job, publishing-bot) under the next step.
    pub fn report_markdown_with(&self, fork: Option<&str>, gates: &[String]) -> String {
        let mut out = String::new();
        let (done, total) = self.progress();
        match self.version {
            Some(v) => {
                let kind = self.cut.map(plan::cut_name).unwrap_or("cut");
                let _ = writeln!(
                    out,
                    "### Cut {v}: {done}/{total} steps done\n\n{kind}, `--type {} --branch {}`{}{}\n",
                    v.release_type(),
                    v.branch(),
                    self.scheduled.as_ref().map(|s| format!(", scheduled {s}")).unwrap_or_default(),
                    self.krel_version.as_ref().map(|k| format!(", krel `{}`", k.git_version)).unwrap_or_default(),
                );
            }
            None => out.push_str("### Cut of an unknown version\n\n"),
        }
        if !self.steps.is_empty() {
            let _ = writeln!(out, "{}\n", crate::gantt::progress_line(self, fork));
        }
        match self.next_step(fork) {
            Some((id, title, step)) => {
                let _ = writeln!(out, "**Next: {title}** (`{id}`)\n");
                if let Some(step) = step {
                    if !step.commands.is_empty() {
                        let _ = writeln!(out, "```sh\n{}\n```", step.commands.join("\n"));
                    }
                    for n in &step.notes {
                        let _ = writeln!(out, "- {n}");
                    }
                }
                for g in gates {
                    let _ = writeln!(out, "\n{g}");
                }
                let _ = writeln!(out, "\nWhen it is done: `/relcut tick {id} <link>`\n");
            }
            None if self.steps.is_empty() => {
                out.push_str("No checklist steps found in this issue.\n\n")
            }
            None => out.push_str("**Nothing left to do**: every step is done or skipped.\n\n"),
        }
        if !self.steps.is_empty() {
            out.push_str(&md::table_head(&["", "step", "", "evidence"]));
            for s in &self.steps {
                let mark = match s.state {
                    StepState::Done => "✅",
                    StepState::Open => "⬜",
                    StepState::Skipped => "➖",
                };
                let evidence: Vec<String> = s
                    .links
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        let text = if s.links.len() > 1 {
                            format!("link {}", i + 1)
                        } else {
                            "link".into()
                        };
                        md::link(&text, l)
                    })
                    .collect();
                // Labels and reasons are people's text: shown as written, pinging nobody.
                let note = s
                    .reason
                    .as_deref()
                    .map(|r| format!(" _({})_", md::plain(r)))
                    .unwrap_or_default();
                out.push_str(&md::table_row(&[
                    mark.to_string(),
                    md::code_span(s.id.as_str()),
                    format!("{}{note}", md::plain(&s.label)),
                    evidence.join(" "),
                ]));
            }
            out.push('\n');
        }
        if !self.warnings.is_empty() {
            let _ = writeln!(
                out,
                "<details><summary>{} warning(s)</summary>\n",
                self.warnings.len()
            );
            for w in &self.warnings {
                let _ = writeln!(out, "- {w}");
            }
            out.push_str("\n</details>\n");
        }
        out
    }
}
