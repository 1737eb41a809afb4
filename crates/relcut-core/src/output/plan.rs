//! plan: the runbook; the text is [`Plan::runbook`], the comment is structured Markdown.

use std::fmt::Write as _;

use crate::md;
use crate::plan::{Plan, Precondition, Step};
use crate::source::Source;

impl Plan {
    /// For a terminal: the numbered runbook.
    pub fn text(&self) -> String {
        self.runbook()
    }

    /// For a comment: what the runbook says, read at a glance. A table of the steps with their
    /// estimates, then each step with its commands in a block of their own (each copies as
    /// is), and the sources listed once at the end, each place citing one by its number.
    pub fn markdown(&self) -> String {
        self.markdown_held(None)
    }

    /// [`Self::markdown`] while a hold or a no-go stands on the cut (`held`: what the commands
    /// wait for, [`crate::hold::Standing::what`]): no command copy-ready, each step's commands
    /// shown as what comes after it.
    pub fn markdown_held(&self, held: Option<&str>) -> String {
        let mut cite = Citations::default();
        let mut out = self.markdown_head();
        out.push_str(&self.markdown_before(&mut cite));
        out.push_str(&self.markdown_table());
        for (n, step) in self.steps.iter().filter(|s| s.applies).enumerate() {
            out.push_str(&step_markdown(n + 1, step, held, &mut cite));
        }
        out.push_str(&cite.markdown());
        out
    }

    fn markdown_head(&self) -> String {
        let tags: Vec<String> = self
            .tags
            .iter()
            .map(|t| md::code_span(&t.to_string()))
            .collect();
        let total: u32 = self
            .steps
            .iter()
            .filter(|s| s.applies && !s.optional)
            .map(|s| s.estimate_minutes)
            .sum();
        format!(
            "### Runbook for {}\n\n{}, {}; tags {}; about {}h{:02} of required steps.\n\n",
            md::code_span(&self.version.to_string()),
            crate::plan::cut_name(self.cut),
            md::code_span(&format!(
                "--type {} --branch {}",
                self.release_type, self.branch
            )),
            tags.join(", "),
            total / 60,
            total % 60
        )
    }

    /// What holds before the first step: preconditions, notes, prerequisites, cautions, and
    /// the steps the process skips unless asked (named, so their absence is a decision).
    fn markdown_before(&self, cite: &mut Citations) -> String {
        let mut out = String::new();
        let mut list = |title: &str, items: &[Precondition], cite: &mut Citations| {
            if items.is_empty() {
                return;
            }
            let _ = writeln!(out, "**{title}**\n");
            for p in items {
                let _ = writeln!(
                    out,
                    "- {} {}",
                    md::plain_with_code(&p.text),
                    cite.refer(&[p.source])
                );
            }
            out.push('\n');
        };
        list("Before you start", &self.preconditions, cite);
        let notes: Vec<Precondition> = self
            .notes
            .iter()
            .map(|n| Precondition {
                text: n.text.clone(),
                source: n.source,
            })
            .collect();
        list("Notes", &notes, cite);
        list(
            "Prerequisites (`relcut preflight TAG` checks most)",
            &self.prerequisites,
            cite,
        );
        list("Cautions", &self.cautions, cite);
        for step in self.steps.iter().filter(|s| !s.applies && s.optional) {
            for note in &step.notes {
                let _ = writeln!(
                    out,
                    "Not planned: {} {}: {}\n",
                    md::plain(&step.title),
                    md::code_span(step.id.as_str()),
                    md::plain_with_code(note)
                );
            }
        }
        out
    }

    fn markdown_table(&self) -> String {
        let mut out = md::table_head(&["#", "step", "id", "estimate"]);
        for (n, step) in self.steps.iter().filter(|s| s.applies).enumerate() {
            let optional = if step.optional { ", optional" } else { "" };
            out.push_str(&md::table_row(&[
                (n + 1).to_string(),
                md::table_cell(&step.title),
                md::code_span(step.id.as_str()),
                format!("~{} min{optional}", step.estimate_minutes),
            ]));
        }
        out.push('\n');
        out
    }
}

/// One step: its heading, its commands in one block, its notes, its sources by number.
fn step_markdown(n: usize, step: &Step, held: Option<&str>, cite: &mut Citations) -> String {
    let mut out = format!(
        "#### {n}. {} {}\n\n",
        md::plain_with_code(&step.title),
        md::code_span(step.id.as_str())
    );
    match held {
        _ if step.commands.is_empty() => {}
        None => {
            out.push_str(&md::fence_lines("sh", &step.commands));
            out.push('\n');
        }
        Some(what) => {
            out.push_str(&crate::hold::not_yet(what, &step.commands));
            out.push('\n');
        }
    }
    for note in &step.notes {
        let _ = writeln!(out, "- {}", md::note(note));
    }
    if !step.sources.is_empty() {
        if !step.notes.is_empty() {
            out.push('\n');
        }
        let _ = writeln!(out, "Per {}", cite.refer(&step.sources));
    }
    out.push('\n');
    out
}

/// Sources numbered in the order first cited, listed once at the end of the comment.
#[derive(Default)]
struct Citations {
    sources: Vec<Source>,
}

impl Citations {
    /// `[1], [3]`: each number links to its source.
    fn refer(&mut self, sources: &[Source]) -> String {
        let mut refs = Vec::new();
        for s in sources {
            let n = match self.sources.iter().position(|known| known == s) {
                Some(i) => i + 1,
                None => {
                    self.sources.push(*s);
                    self.sources.len()
                }
            };
            let r = md::link(&format!("{n}"), s.url);
            if !refs.contains(&r) {
                refs.push(r);
            }
        }
        refs.iter()
            .map(|r| format!("\\[{r}\\]"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn markdown(&self) -> String {
        if self.sources.is_empty() {
            return String::new();
        }
        let mut out = String::from("**Sources**\n\n");
        for (i, s) in self.sources.iter().enumerate() {
            let _ = writeln!(out, "{}. {}", i + 1, s.markdown());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::md::tests::render;
    use crate::plan::{plan, PlanRequest};

    fn rc1() -> crate::plan::Plan {
        plan(&PlanRequest {
            tag: "v1.36.0-rc.1".into(),
            fork: Some("alice".into()),
            date: Some("2026-04-07".into()),
            ..PlanRequest::default()
        })
        .unwrap()
    }

    #[test]
    fn the_plan_comment_is_a_table_then_a_block_per_step() {
        let p = rc1();
        let md = p.markdown();
        insta::assert_snapshot!("plan_markdown_rc1", md);
        let html = render(&md);
        let applied: Vec<_> = p.steps.iter().filter(|s| s.applies).collect();
        // One table: a row per step, with its estimate.
        assert_eq!(html.matches("<table>").count(), 1, "{html}");
        assert_eq!(
            html.matches("<tr>").count(),
            applied.len() + 1,
            "a header and a row per step"
        );
        // A code block per step with commands, each holding exactly that step's commands.
        let blocks: Vec<&str> = html.split("<pre>").skip(1).collect();
        let with_commands: Vec<_> = applied.iter().filter(|s| !s.commands.is_empty()).collect();
        assert_eq!(blocks.len(), with_commands.len(), "{html}");
        for (block, step) in blocks.iter().zip(&with_commands) {
            let code = block.split("</pre>").next().unwrap();
            for cmd in &step.commands {
                let shown = cmd
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
                    .replace('"', "&quot;");
                assert!(code.contains(&shown), "{} lacks {cmd}", step.id);
            }
        }
        // Each source is named once, in the list at the end; every number links to it.
        let mut sources: Vec<crate::source::Source> = Vec::new();
        for s in applied.iter().flat_map(|s| s.sources.iter()).chain(
            p.prerequisites
                .iter()
                .chain(&p.cautions)
                .chain(&p.preconditions)
                .map(|c| &c.source),
        ) {
            if !sources.contains(s) {
                sources.push(*s);
            }
        }
        assert!(!sources.is_empty());
        for s in &sources {
            assert_eq!(md.matches(&s.markdown()).count(), 1, "{s} is named once");
            assert!(html.contains(&format!("href=\"{}\"", s.url.replace('&', "&amp;"))));
        }
        // No block is a whole runbook.
        assert!(
            blocks
                .iter()
                .all(|b| b.split("</pre>").next().unwrap().len() < 1500),
            "{html}"
        );
        // relcut's own notes link their addresses, byte for byte.
        assert!(
            html.contains("<a href=\"https://prow.k8s.io/?job=post-k8sio-image-promo\">"),
            "{html}"
        );
    }

    #[test]
    fn notes_link_their_addresses_and_nothing_in_code() {
        assert_eq!(
            super::md::note("watch https://prow.k8s.io/?job=x, then `curl https://a.example/b` @bob"),
            "watch [prow.k8s.io/?job=x](https://prow.k8s.io/?job=x), then `curl https://a.example/b` @\u{2060}bob"
        );
        assert_eq!(super::md::note("no address"), "no address");
    }
}
