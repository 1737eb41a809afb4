//! Where a cut stands, for people: the checklist with marks, the next step with its commands,
//! and the warnings.

use std::fmt::Write;

use super::{CutIssue, Source, StepState};
use crate::hold::{not_yet, Standing};
use crate::md;
use crate::plan::{self, StepId};

/// A step to show: its id, its title and, when the version is known, its plan.
type Shown = (StepId, String, Option<plan::Step>);

impl CutIssue {
    /// The steps this cut needs that the issue has no item for, as the missing-items warning
    /// names them: "nothing left to do" would hide them.
    fn missing_items(&self) -> Option<&str> {
        self.warnings
            .iter()
            .find(|w| w.id == super::WarningId::MissingItems)
            .and_then(|w| w.message.strip_prefix(super::checks::MISSING_ITEMS))
    }

    /// What the terminal report says when no step is next.
    fn end_text(&self) -> String {
        if self.steps.is_empty() {
            return "No steps found: is this a cut issue?\n".into();
        }
        match self.missing_items() {
            Some(missing) => format!(
                "Every step the issue lists is done or skipped, but it has no item for: {missing}: were they done elsewhere? (`relcut plan {}` lists them)\n",
                self.version.map(|v| v.to_string()).unwrap_or_default()
            ),
            None => "Nothing left to do: every step is done or skipped.\n".into(),
        }
    }

    /// What the comment says when no step is next.
    fn end_markdown(&self) -> String {
        if self.steps.is_empty() {
            return "No checklist steps found in this issue.\n\n".into();
        }
        match self.missing_items() {
            Some(missing) => format!(
                "**Every step the issue lists is done or skipped**, but it has no item for: {}: were they done elsewhere?\n\n",
                md::plain(missing)
            ),
            None => "**Nothing left to do**: every step is done or skipped.\n\n".into(),
        }
    }

    /// The next step with its title and, when the version is known, its plan (commands, notes).
    fn next_step(&self, fork: Option<&str>) -> Option<Shown> {
        let id = self.next?;
        let mut step = self.plan(fork).and_then(|p| p.step(id).cloned());
        // Its evidence says the commands ran already: running them again duplicates the job or
        // the PR (`kpromo pr` fails on its existing branch). What finishes it is said instead.
        if self
            .step(id)
            .is_some_and(|s| s.state == StepState::InProgress)
        {
            if let Some(step) = step.as_mut() {
                step.commands.clear();
            }
        }
        let title = step
            .as_ref()
            .map(|s| s.title.clone())
            .unwrap_or_else(|| id.title().to_string());
        Some((id, title, step))
    }

    /// What to say beside the next step: what finishes it when it is in progress, and the step
    /// after it (with its plan) when the next one waits on something (its tick, or the gate).
    fn next_context(&self, fork: Option<&str>) -> (Option<String>, Option<Shown>) {
        let Some(next) = self.next.and_then(|id| self.step(id)) else {
            return (None, None);
        };
        let promotion_open = self
            .step(StepId::ImagePromotion)
            .filter(|s| s.state == StepState::InProgress && next.id == StepId::PromotionJob);
        let finish = if let Some(promo) = promotion_open {
            let prs: Vec<String> = self
                .promotion_prs()
                .iter()
                .map(|n| format!("kubernetes/k8s.io#{n}"))
                .collect();
            let (are, merges) = if prs.len() == 1 {
                ("is", "the merge, then the job of its merge commit")
            } else {
                ("are", "the merges, then the jobs of their merge commits")
            };
            Some(format!(
                "{} {are} linked but `{}` is not ticked: it is finished when {}; tick it then. The check below follows {merges}",
                prs.join(", "),
                promo.id,
                promo.id.spec().done_when
            ))
        } else {
            (next.state == StepState::InProgress).then(|| {
                format!(
                    "in progress: finished when {}; then tick `{}`",
                    next.id.spec().done_when,
                    next.id
                )
            })
        };
        let waits = next.state == StepState::InProgress || next.source == Source::Gate;
        let then = waits
            .then(|| {
                self.steps
                    .iter()
                    .filter(|s| s.id > next.id && s.state.is_pending())
                    .find(|s| self.requires(s.id))
            })
            .flatten()
            .map(|s| {
                let step = self.plan(fork).and_then(|p| p.step(s.id).cloned());
                let title = step
                    .as_ref()
                    .map(|p| p.title.clone())
                    .unwrap_or_else(|| s.id.title().to_string());
                (s.id, title, step)
            });
        (finish, then)
    }

    /// A plain-text report for a terminal.
    pub fn report(&self, fork: Option<&str>) -> String {
        let mut out = String::new();
        match self.version {
            Some(v) => {
                let kind = self.cut.map_or(
                    "not a cut of its own: the previous minor's rc.0 tags it",
                    plan::cut_name,
                );
                let _ = writeln!(
                    out,
                    "Cut {v} ({kind}, --type {} --branch {})",
                    v.release_type(),
                    self.branch.unwrap_or_else(|| v.branch())
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
            for link in &s.links {
                let _ = write!(line, "  {link}");
            }
            if let Some(r) = &s.reason {
                if s.state == StepState::Skipped || !s.checked {
                    let _ = write!(line, "  ({r})");
                }
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }

        if let Some(c) = &self.promotion_check {
            let _ = writeln!(
                out,
                "\nPromotion PRs ({}): {}",
                c.coverage.as_str(),
                c.message
            );
        }
        if !self.retired.is_empty() {
            out.push_str("\nRetired template items (no step today, not counted):\n");
            for r in &self.retired {
                let mut line = format!(
                    "  {} {}  {}",
                    if r.checked { "[x]" } else { "[ ]" },
                    r.item,
                    r.label
                );
                for link in &r.links {
                    let _ = write!(line, "  {link}");
                }
                let _ = writeln!(
                    out,
                    "{line}  (template item {} to {}: {}; {})",
                    r.in_template_from, r.in_template_until, r.reason, r.source
                );
            }
        }

        out.push('\n');
        match self.next_step(fork) {
            Some((id, title, step)) => {
                let (finish, then) = self.next_context(fork);
                let _ = writeln!(out, "Next: {title} [{id}]");
                if let Some(f) = &finish {
                    let _ = writeln!(out, "  {f}");
                }
                if let Some(step) = step {
                    for c in &step.commands {
                        let _ = writeln!(out, "  $ {c}");
                    }
                    for n in &step.notes {
                        let _ = writeln!(out, "  - {n}");
                    }
                    if !step.sources.is_empty() {
                        let per: Vec<String> =
                            step.sources.iter().map(ToString::to_string).collect();
                        let _ = writeln!(out, "  per {}", per.join("; "));
                    }
                }
                if let Some((then_id, then_title, then_step)) = then {
                    // Not to run yet (no `$`): it waits on the step above.
                    let _ = writeln!(out, "Then: {then_title} [{then_id}], after {id}:");
                    for c in then_step.iter().flat_map(|s| &s.commands) {
                        let _ = writeln!(out, "    {c}");
                    }
                }
            }
            None => out.push_str(&self.end_text()),
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
        self.report_markdown_in(fork, gates, Standing::Clear)
    }

    /// The status comment under a call (hold, no-go): the next step's commands are shown as
    /// what comes after it, never copy-ready. The caller puts the call's banner on top.
    pub fn report_markdown_in(
        &self,
        fork: Option<&str>,
        gates: &[String],
        standing: Standing<'_>,
    ) -> String {
        let mut out = String::new();
        let (done, total) = self.progress();
        match self.version {
            Some(v) => {
                let kind = self.cut.map_or(
                    "not a cut of its own: the previous minor's rc.0 tags it",
                    plan::cut_name,
                );
                let _ = writeln!(
                    out,
                    "### Cut {v}: {done}/{total} steps done\n\n{kind}, `--type {} --branch {}`{}{}\n",
                    v.release_type(),
                    self.branch.unwrap_or_else(|| v.branch()),
                    self.scheduled.as_ref().map(|s| format!(", scheduled {s}")).unwrap_or_default(),
                    self.krel_version.as_ref().map(|k| format!(", krel {}", md::code_span(&k.git_version))).unwrap_or_default(),
                );
            }
            None => out.push_str("### Cut of an unknown version\n\n"),
        }
        if !self.steps.is_empty() {
            let _ = writeln!(out, "{}\n", crate::gantt::progress_line(self, fork));
        }
        match self.next_step(fork) {
            Some((id, title, step)) => {
                let (finish, then) = self.next_context(fork);
                let _ = writeln!(out, "**Next: {title}** (`{id}`)\n");
                if let Some(f) = &finish {
                    let prs = self.promotion_prs().into_iter().map(md::Ref::promotion_pr);
                    let _ = writeln!(
                        out,
                        "🔄 {}\n",
                        md::plain_with_refs(f, &prs.collect::<Vec<_>>())
                    );
                }
                if let Some(step) = step {
                    match standing.what() {
                        None if !step.commands.is_empty() => {
                            let _ = writeln!(out, "```sh\n{}\n```", step.commands.join("\n"));
                        }
                        None => {}
                        Some(what) => out.push_str(&not_yet(what, &step.commands)),
                    }
                    for n in &step.notes {
                        let _ = writeln!(out, "- {}", md::note(n));
                    }
                    if !step.sources.is_empty() {
                        let per: Vec<String> = step
                            .sources
                            .iter()
                            .map(crate::source::Source::markdown)
                            .collect();
                        let _ = writeln!(out, "\nper {}", per.join("; "));
                    }
                }
                for g in gates {
                    let _ = writeln!(out, "\n{g}");
                }
                if let Some((then_id, then_title, then_step)) = &then {
                    let _ = writeln!(out, "\nThen: **{then_title}** (`{then_id}`)\n");
                    let commands = then_step
                        .as_ref()
                        .map(|s| s.commands.clone())
                        .unwrap_or_default();
                    // It waits on the step above (a tick, or the gate): never copy-ready.
                    let after = match standing.what() {
                        None => format!("`{id}` is done"),
                        Some(what) => format!("`{id}` is done and {what}"),
                    };
                    out.push_str(&not_yet(&after, &commands));
                }
                match (self.step(id).map(|s| s.source), &then) {
                    // The gate has no box: the release after it is what gets ticked.
                    (Some(Source::Gate), Some((then_id, _, _))) => {
                        let _ = writeln!(out, "\nOnce the job succeeded and the release is done: `/relcut tick {then_id} <link>`\n");
                    }
                    _ => {
                        let _ = writeln!(out, "\nWhen it is done: `/relcut tick {id} <link>`\n");
                    }
                }
            }
            None => out.push_str(&self.end_markdown()),
        }
        if !self.steps.is_empty() {
            out.push_str(&md::table_head(&["", "step", "", "evidence"]));
            for s in &self.steps {
                let mark = match s.state {
                    StepState::Done => "✅",
                    StepState::InProgress => "🔄",
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
                    .map(|r| format!(" _({})_", md::plain_with_code(r)))
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
        out.push_str(&self.promotion_markdown());
        out.push_str(&self.retired_markdown());
        out.push_str(&self.warnings_markdown());
        out
    }

    /// The warnings, folded away: each quotes the issue as written and links what relcut names.
    fn warnings_markdown(&self) -> String {
        let mut out = String::new();
        if !self.warnings.is_empty() {
            let _ = writeln!(
                out,
                "<details><summary>{} warning(s)</summary>\n",
                self.warnings.len()
            );
            // Warnings quote the issue's own text: every part escaped, quoted parts as code.
            for w in &self.warnings {
                let _ = writeln!(out, "- {}", w.markdown());
            }
            out.push_str("\n</details>\n");
        }
        out
    }

    /// The retired template items the issue still has, in one line.
    fn retired_markdown(&self) -> String {
        if self.retired.is_empty() {
            return String::new();
        }
        let items: Vec<String> = self
            .retired
            .iter()
            .map(|r| {
                format!(
                    "{} ({}, template item until {})",
                    md::code_span(r.item),
                    if r.checked { "ticked" } else { "not ticked" },
                    r.in_template_until
                )
            })
            .collect();
        format!(
            "Retired template items, not counted: {}\n\n",
            items.join(", ")
        )
    }

    /// The promotion PRs' check, in the comment only while the cut waits at the promotion:
    /// afterwards it is history.
    fn promotion_markdown(&self) -> String {
        let pending = self
            .step(StepId::PromotionJob)
            .is_some_and(|s| s.state.is_pending());
        let Some(c) = self.promotion_check.as_ref().filter(|_| pending) else {
            return String::new();
        };
        // The message quotes PR titles between backticks: code spans here.
        let message = md::plain_with_refs(&c.message, &c.refs);
        format!("Promotion PRs ({}): {message}\n\n", c.coverage.as_str())
    }
}

#[cfg(test)]
mod tests {
    use crate::checklist::{read, IssueInput};

    /// An issue whose few items are all done is not "nothing left to do" while the cut's
    /// required steps have no item (shape of a 2025 rc issue cut down to three items).
    #[test]
    fn done_items_with_required_steps_missing_are_not_the_end() {
        let issue = read(IssueInput {
            title: Some("Cut v1.33.0-rc.1 release"),
            body: "## Release Steps\n\n- [x] Create a thread on #release-management: https://kubernetes.slack.com/archives/CJH2GBF7Y/p1718100000001234\n- [x] Screenshot unhealthy release branch testgrid boards\n- [x] Check the health of the publishing-bot\n",
            created_at: Some("2025-06-01T08:00:00Z"),
        });
        let text = issue.report(None);
        assert!(!text.contains("Nothing left to do"), "{text}");
        assert!(
            text.contains("Every step the issue lists is done or skipped, but it has no item for: release-signal, mock-stage,"),
            "{text}"
        );
        let md = issue.report_markdown(None);
        assert!(!md.contains("Nothing left to do"), "{md}");
    }

    /// The references relcut names in its warnings and its promotion line are links in the
    /// comment (the PRs it read, the rule's source), and nothing the issue says becomes one.
    #[test]
    fn warnings_link_the_references_relcut_names() {
        let body = "- NoMock Run\n  - [x] Stage\n  - [x] Image Promotion PR: [releng: Image promotion for kubernetes v1.37.0-rc.0](https://github.com/kubernetes/k8s.io/pull/9810)\n  - [ ] Release\n- [x] Ask kubernetes/k8s.io#9810 and #12 about it\n";
        let issue = read(IssueInput {
            title: Some("Cut v1.37.0-rc.0 release"),
            body,
            created_at: Some("2026-08-04T09:00:00Z"),
        });
        let md = issue.report_markdown(None);
        let from = md.find("Promotion PRs").expect("the promotion line");
        insta::assert_snapshot!(&md[from..]);
        let html = crate::md::tests::render(&md[from..]);
        let pr = "<a href=\"https://github.com/kubernetes/k8s.io/pull/9810\">kubernetes/k8s.io#\u{2060}9810</a>";
        assert_eq!(
            html.matches(pr).count(),
            2,
            "the promotion line and the warning: {html}"
        );
        assert!(
            html.contains("(per <a href=\"https://github.com/kubernetes-sigs/promo-tools/blob/main/docs/promotion-pull-requests.md\">"),
            "{html}"
        );
        // The issue's own words stay inert, even where they name the same PR.
        assert!(
            html.contains("<code>Ask kubernetes/k8s.io#9810 and #12 about it</code>"),
            "{html}"
        );
        assert_eq!(html.matches("<a ").count(), 6, "{html}");
    }

    /// Quoted parts of reasons and warnings show as code in the comment, never as `&#96;`, and
    /// whatever else they quote from the issue stays inert.
    #[test]
    fn reasons_and_warnings_quote_as_code() {
        let issue = read(IssueInput {
            title: Some("Cut v1.35.5 release"),
            body: "## Release Steps\n\n- [ ] Ensure a green signal has been given by Release Signal (n/a for patches)\n- [x] Ping @alice <b>now</b> | here\n- NoMock Run\n  - [ ] Stage\n",
            created_at: Some("2026-05-12T08:00:00Z"),
        });
        let md = issue.report_markdown(None);
        assert!(!md.contains("&#96;"), "{md}");
        assert!(md.contains("_(marked `n/a`)_"), "{md}");
        let warning = md
            .lines()
            .find(|l| l.contains("is ticked but is no step"))
            .unwrap_or_else(|| panic!("{md}"));
        assert!(
            warning.starts_with("- line 4: `Ping @alice now | here`"),
            "{warning}"
        );
        assert!(!md.contains("<b>"), "{md}");
    }
}
