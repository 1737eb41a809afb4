//! check: the publishing-bot, a promotion job, a promotion's images.yaml change.

use crate::gate::{PromotionJob, PublishingBot};
use crate::images::Verification;
use crate::md;

impl PublishingBot {
    /// For a terminal.
    pub fn text(&self) -> String {
        format!("{}\n", self.message)
    }

    /// One list item for a comment. The bot's failure text is shown as written (it is the
    /// bot's, not ours: no mention, no Markdown).
    pub fn markdown(&self) -> String {
        let message = match &self.failure_comment {
            Some(c) => self.message.replace(c.as_str(), &md::plain(c)),
            None => self.message.clone(),
        };
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
        assert!(
            !md.contains("@alice") && !md.contains('`') && !md.contains('|'),
            "{md}"
        );
        assert!(bad.text().contains("@alice broke `x` | y"));
    }
}
