//! check: the publishing-bot, a promotion job, a promotion's images.yaml change, and
//! [`CheckReport`], the whole `/relcut check` built once from the cut issue and the live facts.

use crate::checklist::CutIssue;
pub use crate::gate::PrFacts;
use crate::gate::{self, JobState, Live, Needs, PromotionJob, PublishingBot};
use crate::images::Verification;
use crate::md;
use crate::promotion;
use crate::version::Tag;

/// What a check was asked for: `/relcut check [publishing-bot|promotion|all]` and `relcut
/// check publishing-bot`, `relcut check promotion ISSUE` (the jobs and the changes, as the
/// comment) or `--pr N` (the job alone: no cut issue to hold its tags against).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Asked {
    pub publishing_bot: bool,
    pub promotion_jobs: bool,
    pub promotion_changes: bool,
}

/// One linked promotion PR, checked: its change (or why it could not be verified; `None`: not
/// asked) and its promotion job (or why it could not be checked).
#[derive(Debug, Clone)]
pub struct PrCheck {
    pub pr: u64,
    pub verified: Option<Result<PrFacts, String>>,
    pub job: Result<PromotionJob, String>,
}

/// What `/relcut check` and `relcut check` found: the publishing-bot when asked, and each
/// promotion PR linked on the cut issue when asked. Built once from `(issue, live facts)` by
/// [`CheckReport::build`]; the comment shows [`CheckReport::markdown`], the terminal
/// [`CheckReport::text`].
#[derive(Debug, Clone)]
pub struct CheckReport {
    /// `None`: not asked.
    pub publishing_bot: Option<Result<PublishingBot, String>>,
    /// `None`: not asked.
    pub promotion: Option<PromotionReport>,
}

/// The promotion part of a [`CheckReport`].
#[derive(Debug, Clone)]
pub struct PromotionReport {
    /// The cut's tags (none without a cut issue).
    pub tags: Vec<Tag>,
    pub prs: Vec<PrCheck>,
    /// The fetched PRs' titles against the cut's tags ([`gate::titles_fit`]); `Ok` while a PR
    /// could not be fetched or the cut's version is unknown.
    pub titles: Result<(), String>,
}

const NOT_FETCHED: &str = "not fetched";

impl PromotionReport {
    pub fn of(issue: Option<&CutIssue>, prs: Vec<PrCheck>) -> PromotionReport {
        let promo = issue.and_then(CutIssue::promotion);
        let fetched: Option<Vec<&PromotionJob>> = prs.iter().map(|p| p.job.as_ref().ok()).collect();
        let titles = match (&promo, fetched) {
            (Some(promo), Some(f)) => gate::titles_fit(promo, &f),
            _ => Ok(()),
        };
        PromotionReport {
            tags: promo.map(|p| p.tags).unwrap_or_default(),
            prs,
            titles,
        }
    }

    /// Whether the PR's own title names only this cut's tags.
    fn in_cut(&self, facts: &PrFacts) -> bool {
        promotion::tags_of_title(&facts.title)
            .iter()
            .all(|t| self.tags.contains(t))
    }

    fn ok(&self) -> bool {
        self.titles.is_ok()
            && self.prs.iter().all(|p| {
                p.verified
                    .as_ref()
                    .is_none_or(|v| v.as_ref().is_ok_and(|f| f.ok && self.in_cut(f)))
                    && p.job.as_ref().is_ok_and(|j| j.state == JobState::Succeeded)
            })
    }

    /// `(mark, note)` of a verified change: ✅ or 🚫, and why its tags are not the cut's.
    fn change_note(&self, f: &PrFacts) -> (&'static str, String) {
        let in_cut = self.in_cut(f);
        let note = if in_cut {
            String::new()
        } else {
            let cut: Vec<String> = self.tags.iter().map(ToString::to_string).collect();
            format!("; its tags are not this cut's ({})", cut.join(", "))
        };
        (if f.ok && in_cut { "✅" } else { "🚫" }, note)
    }

    fn markdown(&self) -> String {
        let mut md = String::new();
        if self.prs.is_empty() {
            md.push_str(
                "- promotion: no kubernetes/k8s.io PR is linked on the Image Promotion item yet\n",
            );
        }
        for p in &self.prs {
            let pr = md::reference("kubernetes/k8s.io", p.pr, true);
            match &p.verified {
                Some(Ok(f)) => {
                    let (mark, note) = self.change_note(f);
                    md.push_str(&format!(
                        "- {mark} {pr} {}: {} digest(s) added{note}{}\n",
                        md::code_span(&f.title),
                        f.verification.added,
                        f.verification.markdown_problems()
                    ));
                }
                Some(Err(e)) => md.push_str(&format!(
                    "- ⚠️ {pr}: could not verify ({})\n",
                    md::plain_with_code(e)
                )),
                None => md.push_str(&format!("- {pr}\n")),
            }
            match &p.job {
                Ok(job) => md.push_str(&format!("  - promotion job: {}\n", job.markdown())),
                Err(e) => md.push_str(&format!(
                    "  - ⚠️ promotion job: could not check ({})\n",
                    md::plain_with_code(e)
                )),
            }
        }
        // Each PR's tags may be the cut's and still leave one of its tags unpromoted.
        if let Err(e) = &self.titles {
            md.push_str(&format!("- 🚫 {e}\n"));
        }
        md
    }

    /// For a terminal: the same items as [`Self::markdown`], plain; a job alone (no change
    /// asked) is its message and its run's page, as `relcut check promotion --pr N` always
    /// printed it.
    fn text(&self) -> String {
        let mut out = String::new();
        if self.prs.is_empty() {
            out.push_str(
                "promotion: no kubernetes/k8s.io PR is linked on the Image Promotion item yet\n",
            );
        }
        for p in &self.prs {
            let pr = format!("kubernetes/k8s.io#{}", p.pr);
            match &p.verified {
                Some(Ok(f)) => {
                    let (mark, note) = self.change_note(f);
                    out.push_str(&format!(
                        "{mark} {pr} {}: {} digest(s) added{note}\n",
                        f.title, f.verification.added
                    ));
                    for problem in &f.verification.problems {
                        out.push_str(&format!("  - {}\n", problem.message));
                    }
                }
                Some(Err(e)) => out.push_str(&format!("⚠️ {pr}: could not verify ({e})\n")),
                None => {}
            }
            match (&p.job, p.verified.is_some()) {
                (Ok(job), false) => out.push_str(&job.text()),
                (Ok(job), true) => out.push_str(&format!(
                    "  promotion job: {} {}\n  {}\n",
                    job.state.as_str(),
                    job.message(),
                    job.url
                )),
                (Err(e), _) => {
                    out.push_str(&format!("  ⚠️ promotion job: could not check ({e})\n"));
                }
            }
        }
        if let Err(e) = &self.titles {
            out.push_str(&format!("🚫 {e}\n"));
        }
        out
    }
}

impl CheckReport {
    /// What a check asks the services, for the promotion PRs `prs`.
    pub fn needs(asked: Asked, prs: &[u64]) -> Needs {
        Needs {
            publishing_bot: asked.publishing_bot,
            promotion_jobs: if asked.promotion_jobs {
                prs.to_vec()
            } else {
                Vec::new()
            },
            promotion_changes: if asked.promotion_changes {
                prs.to_vec()
            } else {
                Vec::new()
            },
            // `relcut verify-release` is the check of where a release appears.
            release_live: None,
        }
    }

    /// The report of a check of `prs` (the cut issue's, when there is one), from the live
    /// facts fetched for [`CheckReport::needs`].
    pub fn build(
        asked: Asked,
        issue: Option<&CutIssue>,
        prs: &[u64],
        live: &dyn Live,
    ) -> CheckReport {
        let publishing_bot = asked.publishing_bot.then(|| match live.publishing_bot() {
            Some(b) => b.cloned(),
            None => Err(NOT_FETCHED.to_string()),
        });
        let promotion = (asked.promotion_jobs || asked.promotion_changes).then(|| {
            let checks = prs
                .iter()
                .map(|pr| PrCheck {
                    pr: *pr,
                    verified: asked
                        .promotion_changes
                        .then(|| match live.promotion_change(*pr) {
                            Some(c) => c.cloned(),
                            None => Err(NOT_FETCHED.to_string()),
                        }),
                    job: match live.promotion_job(*pr) {
                        Some(j) => j.cloned(),
                        None => Err(NOT_FETCHED.to_string()),
                    },
                })
                .collect();
            PromotionReport::of(issue, checks)
        });
        CheckReport {
            publishing_bot,
            promotion,
        }
    }

    /// Every gate asked is clear.
    pub fn ok(&self) -> bool {
        self.publishing_bot
            .as_ref()
            .is_none_or(|b| b.as_ref().is_ok_and(|b| b.healthy))
            && self.promotion.as_ref().is_none_or(PromotionReport::ok)
    }

    /// For a comment: one list item per gate, a nested one per promotion job.
    pub fn markdown(&self) -> String {
        let mut md = String::new();
        match &self.publishing_bot {
            Some(Ok(bot)) => md.push_str(&bot.markdown()),
            Some(Err(e)) => md.push_str(&format!(
                "- ⚠️ publishing-bot: could not check ({})\n",
                md::plain_with_code(e)
            )),
            None => {}
        }
        if let Some(p) = &self.promotion {
            md.push_str(&p.markdown());
        }
        md
    }

    /// For a terminal: the same, plain.
    pub fn text(&self) -> String {
        let mut out = String::new();
        match &self.publishing_bot {
            Some(Ok(bot)) => out.push_str(&bot.text()),
            Some(Err(e)) => out.push_str(&format!("⚠️ publishing-bot: could not check ({e})\n")),
            None => {}
        }
        if let Some(p) = &self.promotion {
            out.push_str(&p.text());
        }
        out
    }
}

impl PublishingBot {
    /// For a terminal.
    pub fn text(&self) -> String {
        format!("{}\n", self.message)
    }

    /// One list item for a comment: the issue and the bot's latest failure are links, their
    /// URLs as GitHub gave them.
    pub fn markdown(&self) -> String {
        let mut message = self.message.replace(
            "kubernetes/kubernetes#56876",
            &md::link("kubernetes/kubernetes#56876", &self.url),
        );
        if let Some(c) = &self.failure_comment {
            message = message.replace(
                &format!("latest failure: {c}"),
                &md::link("latest failure", c),
            );
        }
        format!(
            "- {} publishing-bot: {message}\n",
            if self.healthy { "✅" } else { "🚫" }
        )
    }
}

impl PromotionJob {
    /// For a terminal: what to do, and the run's page.
    pub fn text(&self) -> String {
        format!("{}\n{}\n", self.message(), self.url)
    }
}

impl Verification {
    /// For a terminal: what was expected, what was added, each problem.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (tag, (prev, n)) in &self.expected {
            out.push_str(&format!(
                "{tag}: {n} image(s) expected, as in {}\n",
                prev.as_deref().unwrap_or("no earlier release")
            ));
        }
        out.push_str(&format!("{} image digest(s) added\n", self.added));
        if self.ok {
            out.push_str("ok: the promotion adds exactly the release's images\n");
        }
        for p in &self.problems {
            out.push_str(&format!("problem: {}\n", p.message));
        }
        out
    }

    /// The problems as a nested list under a PR's item of a comment.
    pub fn markdown_problems(&self) -> String {
        self.problems
            .iter()
            .map(|p| format!("\n  - {}", md::plain(&p.message)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::gate::publishing_bot;
    use crate::md::tests::{href, render};

    #[test]
    fn the_bots_text_is_shown_as_written() {
        let ok = publishing_bot("closed", None);
        assert_eq!(ok.text(), format!("{}\n", ok.message));
        assert!(ok
            .markdown()
            .starts_with("- ✅ publishing-bot: the publishing-bot is healthy"));
        let bad = publishing_bot("open", Some("@alice broke `x` | y".into()));
        let md = bad.markdown();
        assert!(md.starts_with("- 🚫 publishing-bot:"), "{md}");
        // Not a web address: shown in code, nobody pinged, nothing linked.
        let html = render(&md);
        assert!(
            html.contains("latest failure (<code>@alice broke `x` | y</code>)"),
            "{html}"
        );
        assert_eq!(html.matches("<a ").count(), 1, "{html}");
        assert!(bad.text().contains("@alice broke `x` | y"));
    }

    /// The failure link GitHub gave is the href, byte for byte (a word joiner after `https:`
    /// broke it), and the issue is a link too.
    #[test]
    fn the_bots_failure_link_is_not_altered() {
        let url = "https://github.com/kubernetes/kubernetes/issues/56876#issuecomment-2712345678";
        let bad = publishing_bot("open", Some(url.into()));
        let html = render(&bad.markdown());
        let hrefs: Vec<String> = html
            .split("<a ")
            .skip(1)
            .map(|a| href(&format!("<a {a}")))
            .collect();
        assert_eq!(hrefs, [crate::gate::PUBLISHING_BOT_ISSUE, url], "{html}");
        assert!(html.contains(">latest failure</a>"), "{html}");
    }

    #[test]
    fn a_promotion_job_links_its_run_and_its_pr() {
        let job = crate::gate::PromotionJob {
            pr: 9500,
            merged: true,
            merge_sha: Some("0123abc".into()),
            state: crate::gate::JobState::Failed,
            url: "https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/post-k8sio-image-promo/1963212345678901234".into(),
            title: None,
        };
        let html = render(&job.markdown());
        let hrefs: Vec<String> = html
            .split("<a ")
            .skip(1)
            .map(|a| href(&format!("<a {a}")))
            .collect();
        assert_eq!(
            hrefs,
            [
                job.url.as_str(),
                "https://github.com/kubernetes/k8s.io/pull/9500"
            ],
            "{html}"
        );
    }
}
