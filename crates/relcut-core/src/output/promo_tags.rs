//! promo-tags: the tags to promote and one `kpromo pr` per PR.

use serde_json::{json, Value};

use crate::md;
use crate::promotion::{Promotion, PullRequest};
use crate::Tag;

fn tags(p: &Promotion) -> String {
    p.tags
        .iter()
        .map(Tag::to_string)
        .collect::<Vec<_>>()
        .join(" and ")
}

fn one_per_tag(p: &Promotion) -> String {
    format!(
        "One PR per tag ({}); the promotion job must succeed for each before `krel release --nomock`.",
        p.source
    )
}

fn pr_text(pr: &PullRequest) -> String {
    format!(
        "\n  $ {}\n    PR title: {}\n    branch:   {}\n",
        pr.command, pr.title, pr.branch
    )
}

fn pr_markdown(pr: &PullRequest) -> String {
    format!(
        "{}PR {} from branch {}.\n\n",
        md::fence("sh", &pr.command),
        md::code_span(&pr.title),
        md::code_span(&pr.branch)
    )
}

impl Promotion {
    /// For a terminal.
    pub fn text(&self) -> String {
        let mut out = String::new();
        if let Some(note) = self.legacy_note() {
            out.push_str(&format!("{note}.\n"));
        }
        out.push_str(&format!("{} promotes {}\n", self.version, tags(self)));
        for pr in &self.pull_requests {
            out.push_str(&pr_text(pr));
        }
        if self.pull_requests.len() > 1 {
            out.push_str(&format!("\n{}\n", one_per_tag(self)));
        }
        if let Some(one) = &self.one_pr {
            out.push_str(&format!(
                "\nOr both tags in one PR, as recent cuts did ({}):\n",
                one.source
            ));
            out.push_str(&pr_text(&one.pull_request));
        }
        out
    }

    /// For a comment.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        if let Some(note) = self.legacy_note() {
            let rest = note.trim_start_matches("LEGACY rules ");
            out.push_str(&format!("**Legacy rules** {}.\n\n", md::plain(rest)));
        }
        out.push_str(&format!(
            "**{}** promotes {}.\n\n",
            self.version,
            self.tags
                .iter()
                .map(|t| md::code_span(&t.to_string()))
                .collect::<Vec<_>>()
                .join(" and ")
        ));
        for pr in &self.pull_requests {
            out.push_str(&pr_markdown(pr));
        }
        if self.pull_requests.len() > 1 {
            out.push_str(&format!("{}\n", md::plain(&one_per_tag(self))));
        }
        if let Some(one) = &self.one_pr {
            out.push_str(&format!(
                "\nOr both tags in one PR, as recent cuts did ({}):\n",
                md::plain(&one.source.to_string())
            ));
            out.push_str(&pr_markdown(&one.pull_request));
        }
        out
    }

    /// The `--json` object (its field names are the CLI's contract).
    pub fn json(&self) -> Value {
        json!({
            "version": self.version.to_string(),
            "rules": self.rules,
            "tags": self.tags.iter().map(Tag::to_string).collect::<Vec<_>>(),
            "commands": self.commands(),
            "pull_requests": self.pull_requests,
            "source": self.source,
            "one_pr": self.one_pr,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::promotion::{promotion, Fork, Rules};
    use crate::Tag;

    #[test]
    fn text_and_markdown_say_the_same() {
        let tag = Tag::parse("v1.35.0-rc.0").unwrap();
        let fork = Fork::parse("alice").unwrap();
        let p = promotion(&tag, Rules::Current, Some(&fork)).unwrap();
        let (text, md) = (p.text(), p.markdown());
        for pr in &p.pull_requests {
            assert!(text.contains(&pr.command) && md.contains(&pr.command));
            assert!(text.contains(&pr.title) && md.contains(&pr.title));
        }
        assert!(text.contains("v1.35.0-rc.0 promotes v1.35.0-rc.0 and v1.36.0-alpha.0"));
        assert!(md.contains("**v1.35.0-rc.0** promotes `v1.35.0-rc.0` and `v1.36.0-alpha.0`."));
        assert!(text.contains("One PR per tag") && md.contains("One PR per tag"));
        assert_eq!(p.json()["tags"][1], "v1.36.0-alpha.0");
        let legacy = promotion(&Tag::parse("v1.23.3").unwrap(), Rules::Legacy, None).unwrap();
        assert!(legacy.text().starts_with("LEGACY") && legacy.markdown().contains("Legacy"));
    }
}
