//! Where a cut stands, for people: the checklist with marks, the next step with its commands,
//! and the warnings.

use std::fmt::Write;

use serde::Serialize;

use super::{CutIssue, Source, StepState};
use crate::gate::{Decision, Known, Light, Live, Seen};
use crate::hold::{self, not_yet, Standing};
use crate::md;
use crate::plan::{self, StepId};

/// A step as read for the report: its id, its title and, when the version is known, its plan.
type Step = (StepId, String, Option<plan::Step>);

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
    fn next_step(&self, fork: Option<&str>) -> Option<Step> {
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
    fn next_context(&self, fork: Option<&str>) -> (Option<String>, Option<Step>) {
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

    /// The cut, its kind and its facts, for a terminal.
    fn header_text(&self, out: &mut String) {
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
    }

    /// The steps with their marks, the promotion PRs' check and the retired items, for a
    /// terminal.
    fn steps_text(&self, out: &mut String) {
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
    }
}

/// A step the report shows: its id, its title, its plan when the version is known, and whether
/// its commands may run now.
#[derive(Debug, Clone)]
pub struct Shown {
    pub id: StepId,
    pub title: String,
    pub plan: Option<plan::Step>,
    /// `None`: its commands may run now, and show copy-ready (`$ ` on a terminal, a fenced
    /// block in a comment). `Some(after)`: they are what comes after that (Markdown: the step
    /// before is done, its gate says go, a hold is lifted), shown by [`not_yet`], never as a
    /// block to copy.
    pub after: Option<String>,
}

impl Shown {
    fn commands(&self) -> &[String] {
        self.plan.as_ref().map_or(&[], |p| &p.commands)
    }
}

/// The live gates as a [`StatusReport`] shows them, when their facts were fetched.
#[derive(Debug, Clone, Serialize)]
pub struct GateReport {
    /// Each step a gate holds now, and its light.
    pub lights: Vec<GateLight>,
    /// The gates' lines under the next step (Markdown; plain text in `--json`).
    #[serde(serialize_with = "as_text")]
    pub lines: Vec<String>,
}

/// The light of a step a gate holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GateLight {
    pub step: StepId,
    #[serde(serialize_with = "light_name")]
    pub light: Light,
}

fn as_text<S: serde::Serializer>(lines: &[String], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(lines.iter().map(|l| md::to_text(l).trim_end().to_string()))
}

// serde's `serialize_with` hands a reference.
#[allow(clippy::trivially_copy_pass_by_ref)]
fn light_name<S: serde::Serializer>(light: &Light, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(match light {
        Light::Go => "go",
        Light::Stop => "stop",
        Light::Waiting => "waiting",
    })
}

/// Where a cut stands: the one report of `relcut status`, `/relcut status` and the status
/// comment, built once by [`StatusReport::build`] from the cut issue and, when they were
/// fetched, the live gates' facts; [`StatusReport::text`] for a terminal,
/// [`StatusReport::markdown`] for GitHub, serde for `--json` (the reading's fields, and
/// `gates` when a gate was in question).
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    /// The reading, settled by the live facts when there are any (a merged PR is done
    /// whatever its box says).
    #[serde(flatten)]
    pub reading: CutIssue,
    /// Paragraphs at the very top (Markdown): a hold's or a no-go's banner, the gates' go and
    /// stop lines (only the stop lines while a call stands), the lines of gates over for good.
    #[serde(skip)]
    pub top: Vec<String>,
    #[serde(skip)]
    pub next: Option<Shown>,
    /// What finishes the next step when it is in progress.
    #[serde(skip)]
    pub finish: Option<String>,
    /// The step after the next one, when the next one waits on something.
    #[serde(skip)]
    pub then: Option<Shown>,
    /// `None`: no live facts, or no gate in question.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gates: Option<GateReport>,
    /// The login in the kpromo commands.
    #[serde(skip)]
    pub fork: Option<String>,
}

impl StatusReport {
    /// The report of `issue`, with `fork` in the kpromo commands; with `live`, the gates in
    /// question decided (`decision`) from the facts fetched for [`crate::gate::needs`] and
    /// what relcut knows.
    pub fn build(
        issue: &CutIssue,
        fork: Option<&str>,
        live: Option<(&Decision, &dyn Live, Known<'_>)>,
    ) -> StatusReport {
        Self::build_in(issue, fork, live, Standing::Clear)
    }

    /// The report under a call (`/relcut hold`, `/relcut no-go`, from the ledger): its banner
    /// first, no go line, and no command copy-ready.
    pub fn build_in(
        issue: &CutIssue,
        fork: Option<&str>,
        live: Option<(&Decision, &dyn Live, Known<'_>)>,
        standing: Standing<'_>,
    ) -> StatusReport {
        let (reading, mut top, gates) = match live {
            Some((decision, live, known)) => {
                let seen = Seen { issue, live, known };
                let mut lights: Vec<GateLight> = Vec::new();
                for (g, _) in &decision.decided {
                    if let Some(light) = decision.light(g.guards()) {
                        let step = g.guards();
                        if !lights.iter().any(|l| l.step == step) {
                            lights.push(GateLight { step, light });
                        }
                    }
                }
                // A call withholds every go (a stop still stops); the gates' lines stay the
                // live decision's.
                let top = if standing.holds() {
                    hold::without_go(decision).top(seen)
                } else {
                    decision.top(seen)
                };
                let gates = GateReport {
                    lights,
                    lines: decision.lines(seen),
                };
                (
                    decision.settle(seen),
                    (!top.is_empty()).then_some(top).into_iter().collect(),
                    (!gates.lights.is_empty() || !gates.lines.is_empty()).then_some(gates),
                )
            }
            None => (issue.clone(), Vec::new(), None),
        };
        let stopped = |id: StepId| {
            gates.as_ref().is_some_and(|g| {
                g.lights.contains(&GateLight {
                    step: id,
                    light: Light::Stop,
                })
            })
        };
        top.splice(0..0, standing.banner());
        let what = standing.what();
        let next = reading.next_step(fork).map(|(id, title, plan)| Shown {
            id,
            title,
            plan,
            after: what
                .map(str::to_string)
                .or_else(|| stopped(id).then(|| "its gate says go".to_string())),
        });
        let (finish, then) = reading.next_context(fork);
        let then = then.map(|(id, title, plan)| {
            // It waits on the next step (a tick, or the gate): never a command to run now.
            let step = next.as_ref().map_or_else(String::new, |n| n.id.to_string());
            let after = match what {
                None => format!("`{step}` is done"),
                Some(what) => format!("`{step}` is done and {what}"),
            };
            Shown {
                id,
                title,
                plan,
                after: Some(after),
            }
        });
        StatusReport {
            reading,
            top,
            next,
            finish,
            then,
            gates,
            fork: fork.map(str::to_string),
        }
    }

    /// The gates' lines (Markdown), none without live facts.
    fn gate_lines(&self) -> &[String] {
        self.gates.as_ref().map_or(&[], |g| &g.lines)
    }

    /// A plain-text report for a terminal.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for t in &self.top {
            let _ = writeln!(out, "{}", md::to_text(t));
        }
        let r = &self.reading;
        r.header_text(&mut out);
        r.steps_text(&mut out);
        out.push('\n');
        match &self.next {
            Some(next) => self.next_text(next, &mut out),
            None => out.push_str(&r.end_text()),
        }
        if !r.warnings.is_empty() {
            out.push_str("\nWarnings:\n");
            for w in &r.warnings {
                let _ = writeln!(out, "  - {w}");
            }
        }
        out
    }

    /// The next step, the gates' lines and the step after, for a terminal.
    fn next_text(&self, next: &Shown, out: &mut String) {
        let _ = writeln!(out, "Next: {} [{}]", next.title, next.id);
        if let Some(f) = &self.finish {
            let _ = writeln!(out, "  {f}");
        }
        if let Some(step) = &next.plan {
            match &next.after {
                None => {
                    for c in &step.commands {
                        let _ = writeln!(out, "  $ {c}");
                    }
                }
                Some(after) if !step.commands.is_empty() => {
                    let _ = writeln!(
                        out,
                        "  not to run yet: after {}:",
                        md::to_text(after).trim_end()
                    );
                    for c in &step.commands {
                        let _ = writeln!(out, "    {c}");
                    }
                }
                Some(_) => {}
            }
            for n in &step.notes {
                let _ = writeln!(out, "  - {n}");
            }
            if !step.sources.is_empty() {
                let per: Vec<String> = step.sources.iter().map(ToString::to_string).collect();
                let _ = writeln!(out, "  per {}", per.join("; "));
            }
        }
        for g in self.gate_lines() {
            out.push_str(&md::to_text(g));
        }
        if let Some(then) = &self.then {
            let commands = then.commands();
            if commands.is_empty() {
                let _ = writeln!(out, "Then: {} [{}]", then.title, then.id);
            } else {
                // Not to run yet (no `$`): it waits on the step above.
                let _ = writeln!(
                    out,
                    "Then: {} [{}], after {}:",
                    then.title, then.id, next.id
                );
                for c in commands {
                    let _ = writeln!(out, "    {c}");
                }
            }
        }
    }

    /// The status as a GitHub comment: the gates' go or stop lines, the next step with its
    /// commands (copy-ready only when they may run now) and the gates' lines, the checklist,
    /// the warnings folded away.
    pub fn markdown(&self) -> String {
        let mut out: String = self.top.concat();
        let r = &self.reading;
        let (done, total) = r.progress();
        match r.version {
            Some(v) => {
                let kind = r.cut.map_or(
                    "not a cut of its own: the previous minor's rc.0 tags it",
                    plan::cut_name,
                );
                let _ = writeln!(
                    out,
                    "### Cut {v}: {done}/{total} steps done\n\n{kind}, `--type {} --branch {}`{}{}\n",
                    v.release_type(),
                    r.branch.unwrap_or_else(|| v.branch()),
                    r.scheduled.as_ref().map(|s| format!(", scheduled {s}")).unwrap_or_default(),
                    r.krel_version.as_ref().map(|k| format!(", krel {}", md::code_span(&k.git_version))).unwrap_or_default(),
                );
            }
            None => out.push_str("### Cut of an unknown version\n\n"),
        }
        if !r.steps.is_empty() {
            let _ = writeln!(
                out,
                "{}\n",
                crate::gantt::progress_line(r, self.fork.as_deref())
            );
        }
        match &self.next {
            Some(next) => self.next_markdown(next, &mut out),
            None => out.push_str(&r.end_markdown()),
        }
        r.table_markdown(&mut out);
        out.push_str(&r.promotion_markdown());
        out.push_str(&r.retired_markdown());
        out.push_str(&r.warnings_markdown());
        out
    }

    /// The next step, the gates' lines, the step after and how to tick it, for a comment.
    fn next_markdown(&self, next: &Shown, out: &mut String) {
        let r = &self.reading;
        let id = next.id;
        let _ = writeln!(out, "**Next: {}** (`{id}`)\n", next.title);
        if let Some(f) = &self.finish {
            let prs = r.promotion_prs().into_iter().map(md::Ref::promotion_pr);
            let _ = writeln!(
                out,
                "🔄 {}\n",
                md::plain_with_refs(f, &prs.collect::<Vec<_>>())
            );
        }
        if let Some(step) = &next.plan {
            match &next.after {
                _ if step.commands.is_empty() => {}
                None => {
                    let _ = writeln!(out, "```sh\n{}\n```", step.commands.join("\n"));
                }
                Some(after) => out.push_str(&not_yet(after, &step.commands)),
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
        for g in self.gate_lines() {
            let _ = writeln!(out, "\n{g}");
        }
        if let Some(then) = &self.then {
            let _ = writeln!(out, "\nThen: **{}** (`{}`)\n", then.title, then.id);
            out.push_str(&not_yet(
                then.after.as_deref().unwrap_or_default(),
                then.commands(),
            ));
        }
        match (r.step(id).map(|s| s.source), &self.then) {
            // The gate has no box: the release after it is what gets ticked.
            (Some(Source::Gate), Some(then)) => {
                let _ = writeln!(
                    out,
                    "\nOnce the job succeeded and the release is done: `/relcut tick {} <link>`\n",
                    then.id
                );
            }
            _ => {
                let _ = writeln!(out, "\nWhen it is done: `/relcut tick {id} <link>`\n");
            }
        }
    }
}

impl CutIssue {
    /// The checklist as a table: mark, step, label (and reason), evidence links.
    fn table_markdown(&self, out: &mut String) {
        if self.steps.is_empty() {
            return;
        }
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
    use super::StatusReport;
    use crate::checklist::{read, CutIssue, IssueInput};
    use crate::gate::{self, JobState, Live, PrFacts, PromotionJob, PublishingBot};

    /// Live facts as a test states them.
    #[derive(Default)]
    struct Facts {
        bot: Option<PublishingBot>,
        job: Option<PromotionJob>,
    }

    impl Live for Facts {
        fn publishing_bot(&self) -> Option<Result<&PublishingBot, String>> {
            self.bot.as_ref().map(Ok)
        }
        fn promotion_job(&self, pr: u64) -> Option<Result<&PromotionJob, String>> {
            self.job.as_ref().filter(|j| j.pr == pr).map(Ok)
        }
        fn promotion_change(&self, _pr: u64) -> Option<Result<&PrFacts, String>> {
            None
        }
    }

    /// The bundled rc.1 cut with its promotion PR kubernetes/k8s.io#9350 ticked; the
    /// publishing-bot ticked or not.
    fn promoted(bot_ticked: bool) -> CutIssue {
        let text = include_str!("../../../../examples/cut-v1.36.0-rc.1-in-progress.md");
        let mut body = text.splitn(3, "---\n").nth(2).unwrap().replace(
            "  - [ ] Image Promotion PR: <!-- Paste Pull Request URL here -->",
            "  - [x] Image Promotion PR: https://github.com/kubernetes/k8s.io/pull/9350",
        );
        if !bot_ticked {
            body = body.replace(
                "- [x] Check the health of the publishing-bot",
                "- [ ] Check the health of the publishing-bot",
            );
        }
        read(IssueInput {
            title: Some("Cut v1.36.0-rc.1 release"),
            body: &body,
            created_at: Some("2026-04-06T08:00:00Z"),
        })
    }

    fn job(state: JobState) -> PromotionJob {
        PromotionJob {
            pr: 9350,
            merged: true,
            merge_sha: Some("m9350".into()),
            state,
            url: "https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/post-k8sio-image-promo/7"
                .into(),
            title: Some("releng: Image promotion for kubernetes v1.36.0-rc.1".into()),
        }
    }

    fn report(issue: &CutIssue, facts: &Facts) -> StatusReport {
        let ledger = crate::ledger::Ledger::new();
        let known = gate::Known {
            now: chrono::DateTime::parse_from_rfc3339("2026-04-07T12:00:00Z")
                .unwrap()
                .to_utc(),
            ledger: &ledger,
        };
        let decision = gate::decide(issue, facts, known);
        StatusReport::build(issue, None, Some((&decision, facts, known)))
    }

    /// While the promotion job runs, the release after it is what comes after: neither a `$ `
    /// line nor a fenced block, in the terminal and in the comment alike; the gate's lines
    /// show in both.
    #[test]
    fn a_running_job_leaves_the_release_as_what_comes_after() {
        let issue = promoted(true);
        let r = report(
            &issue,
            &Facts {
                job: Some(job(JobState::Running)),
                ..Facts::default()
            },
        );
        let (text, md) = (r.text(), r.markdown());
        assert!(r.top.is_empty());
        assert!(
            text.contains("  $ relcut check promotion-job --pr 9350\n"),
            "{text}"
        );
        assert!(
            text.contains("🚫 Gate: nomock-release is blocked until the promotion job of each merged promotion PR succeeded.\n  - running (https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/post-k8sio-image-promo/7) the post-k8sio-image-promo run for kubernetes/k8s.io#9350 (https://github.com/kubernetes/k8s.io/pull/9350) is running: wait for it\n"),
            "{text}"
        );
        assert!(
            text.contains("Then: No-mock release [nomock-release], after promotion-job:\n    krel release --type rc"),
            "{text}"
        );
        assert!(!text.contains("$ krel release"), "{text}");
        assert!(md.contains("- `krel release --type rc"), "{md}");
        assert!(!md.contains("```sh\nkrel release"), "{md}");
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["gates"]["lights"][0]["step"], "nomock-release");
        assert_eq!(v["gates"]["lights"][0]["light"], "waiting");
        assert_eq!(v["next"], "promotion-job");
    }

    /// A succeeded job: the go line at the top with the release copy-ready, and the release
    /// next, copy-ready too.
    #[test]
    fn a_succeeded_job_gives_the_go_line_and_the_release_to_run() {
        let issue = promoted(true);
        let r = report(
            &issue,
            &Facts {
                job: Some(job(JobState::Succeeded)),
                ..Facts::default()
            },
        );
        assert_eq!(r.reading.next, Some(crate::StepId::NomockRelease));
        let text = r.text();
        assert!(
            text.starts_with("🟢 go: no-mock release: every promotion job succeeded.\n  $ krel release --type rc"),
            "{text}"
        );
        let next = text.split("\nNext: ").nth(1).unwrap();
        assert!(next.contains("\n  $ krel release --type rc"), "{text}");
        let md = r.markdown();
        assert!(md.starts_with("🟢 **go: no-mock release**"), "{md}");
        assert_eq!(md.matches("```sh\nkrel release").count(), 2, "{md}");
    }

    /// A gate that says stop holds its step: its commands are what comes after its go.
    #[test]
    fn a_stopped_gate_holds_its_steps_commands() {
        let issue = promoted(false);
        let r = report(
            &issue,
            &Facts {
                bot: Some(gate::publishing_bot("open", None)),
                job: Some(job(JobState::Running)),
            },
        );
        assert_eq!(r.reading.next, Some(crate::StepId::PublishingBot));
        let text = r.text();
        assert!(
            text.starts_with("🔴 stop: the publishing-bot is failing (kubernetes/kubernetes#56876 (https://github.com/kubernetes/kubernetes/issues/56876) is open)"),
            "{text}"
        );
        assert!(
            text.contains("  not to run yet: after its gate says go:\n    gh issue view 56876"),
            "{text}"
        );
        assert!(!text.contains("$ gh issue view"), "{text}");
        let md = r.markdown();
        assert!(
            md.contains("Not to run yet: after its gate says go:\n\n- `gh issue view 56876"),
            "{md}"
        );
        assert!(!md.contains("```sh\ngh issue view"), "{md}");
    }

    /// The two renderers of one report say the same things: the next step, its commands
    /// copy-ready in both or in neither, the step after it, every step, every warning, every
    /// gate line. Over the bundled issues, and the running-job report.
    #[test]
    fn text_and_markdown_carry_the_same_facts() {
        let mut reports: Vec<StatusReport> = [
            include_str!("../../../../examples/cut-v1.35.5-patch.md"),
            include_str!("../../../../examples/cut-v1.36.0-finished.md"),
            include_str!("../../../../examples/cut-v1.36.0-rc.1-in-progress.md"),
        ]
        .iter()
        .map(|text| {
            let mut parts = text.splitn(3, "---\n");
            let front = parts.nth(1).unwrap();
            let title = front
                .lines()
                .find_map(|l| l.strip_prefix("title: "))
                .unwrap();
            let issue = read(IssueInput {
                title: Some(title),
                body: parts.next().unwrap(),
                created_at: None,
            });
            StatusReport::build(&issue, Some("alice"), None)
        })
        .collect();
        let running = Facts {
            job: Some(job(JobState::Running)),
            ..Facts::default()
        };
        reports.push(report(&promoted(true), &running));
        for r in &reports {
            let (text, md) = (r.text(), r.markdown());
            let both = |t: &str, m: &str| {
                assert!(text.contains(t), "{t}\n--- text\n{text}");
                assert!(md.contains(m), "{m}\n--- markdown\n{md}");
            };
            for s in &r.reading.steps {
                both(&format!(" {} ", s.id), &format!("`{}`", s.id));
            }
            if let Some(n) = &r.next {
                both(
                    &format!("Next: {} [{}]", n.title, n.id),
                    &format!("**Next: {}** (`{}`)", n.title, n.id),
                );
                for c in n.commands() {
                    match n.after {
                        None => both(&format!("  $ {c}\n"), &format!("{c}\n```")),
                        Some(_) => both(&format!("    {c}\n"), &format!("- `{c}`")),
                    }
                }
            }
            if let Some(t) = &r.then {
                both(
                    &format!("Then: {} [{}]", t.title, t.id),
                    &format!("Then: **{}** (`{}`)", t.title, t.id),
                );
                for c in t.commands() {
                    both(&format!("    {c}\n"), &format!("- `{c}`"));
                    assert!(!text.contains(&format!("$ {c}")), "{text}");
                }
            }
            let warnings = r.reading.warnings.len();
            if warnings > 0 {
                both("\nWarnings:\n", &format!("{warnings} warning(s)"));
            }
            for g in r.gates.iter().flat_map(|g| &g.lines) {
                both(&crate::md::to_text(g), g);
            }
        }
    }

    /// Without live facts the report is the reading's: no gates, nothing at the top, and
    /// `--json` is the reading's fields alone.
    #[test]
    fn without_live_facts_the_json_is_the_readings() {
        let issue = promoted(true);
        let r = StatusReport::build(&issue, Some("alice"), None);
        assert!(r.gates.is_none() && r.top.is_empty());
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            serde_json::to_value(&issue).unwrap()
        );
    }

    /// An issue whose few items are all done is not "nothing left to do" while the cut's
    /// required steps have no item (shape of a 2025 rc issue cut down to three items).
    #[test]
    fn done_items_with_required_steps_missing_are_not_the_end() {
        let issue = read(IssueInput {
            title: Some("Cut v1.33.0-rc.1 release"),
            body: "## Release Steps\n\n- [x] Create a thread on #release-management: https://kubernetes.slack.com/archives/CJH2GBF7Y/p1718100000001234\n- [x] Screenshot unhealthy release branch testgrid boards\n- [x] Check the health of the publishing-bot\n",
            created_at: Some("2025-06-01T08:00:00Z"),
        });
        let text = crate::checklist::StatusReport::build(&issue, None, None).text();
        assert!(!text.contains("Nothing left to do"), "{text}");
        assert!(
            text.contains("Every step the issue lists is done or skipped, but it has no item for: release-signal, mock-stage,"),
            "{text}"
        );
        let md = crate::checklist::StatusReport::build(&issue, None, None).markdown();
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
        let md = crate::checklist::StatusReport::build(&issue, None, None).markdown();
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
        let md = crate::checklist::StatusReport::build(&issue, None, None).markdown();
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
