//! check: the publishing-bot, a promotion job, a promotion's images.yaml change.

use crate::gate::{PromotionJob, PublishingBot};
use crate::images::Verification;
use crate::md;

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
