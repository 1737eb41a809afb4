//! announce: the email, the krel command that sends it, and the Slack posts.

use crate::announce::Announcement;
use crate::md;

impl Announcement {
    /// For a terminal; each part followed by where its rule is written down.
    pub fn text(&self) -> String {
        format!(
            "Subject: {}\nTo: {}\n  per {}\n\n{}  per {}\n\nSend it (Gmail sign-in in the browser since {}; --no-browser on a headless machine):\n  $ {}\nor print the HTML and send it yourself:\n  $ {}\n\nSlack thread opener (per {}):\n{}\nSlack post once live (per {}):\n{}\n",
            self.subject,
            self.to.join(", "),
            self.send_source,
            self.text,
            self.source,
            self.sign_in_source,
            self.command,
            self.print_command,
            self.slack_source,
            self.slack_thread,
            self.slack_source,
            self.slack
        )
    }

    /// For a comment.
    pub fn markdown(&self) -> String {
        format!(
            "**Subject:** {}\n**To:** {}\n(per {})\n\nSend it (Gmail sign-in since {}; `--no-browser` on a headless machine):\n{}or print the HTML and send it yourself:\n{}\n<details><summary>Email text</summary>\n\n{}\nper {}\n\n</details>\n\nSlack post once live (per {}):\n{}\n<details><summary>Slack thread opener</summary>\n\n{}</details>\n",
            md::plain(&self.subject),
            self.to.join(", "),
            self.send_source.markdown(),
            self.sign_in_source.markdown(),
            md::fence("sh", &self.command),
            md::fence("sh", &self.print_command),
            md::fence("", &self.text),
            self.source.markdown(),
            self.slack_source.markdown(),
            md::fence("", &self.slack),
            md::fence("", &self.slack_thread)
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::announce::{announce, AnnounceRequest};

    #[test]
    fn text_and_markdown_carry_the_same_parts() {
        let a = announce(&AnnounceRequest {
            tag: "v1.35.2".into(),
            go_version: Some("1.25.5".into()),
            ..AnnounceRequest::default()
        })
        .unwrap();
        let (text, md) = (a.text(), a.markdown());
        for part in [&a.command, &a.print_command, &a.slack] {
            assert!(
                text.contains(part.as_str()) && md.contains(part.as_str()),
                "{part}"
            );
        }
        assert!(text.contains(&a.subject) && md.contains("**Subject:**"));
    }

    /// Each part names where its rule is written down, in the text and the comment.
    #[test]
    fn each_part_cites_its_source() {
        let a = announce(&AnnounceRequest {
            tag: "v1.35.2".into(),
            ..AnnounceRequest::default()
        })
        .unwrap();
        let text = a.text();
        assert!(
            text.contains("To: kubernetes-announce@googlegroups.com, dev@kubernetes.io\n  per kubernetes/release:cmd/krel/cmd/announce_send.go (2026-03-20)\n"),
            "{text}"
        );
        assert!(
            text.contains("Release Managers (https://git.k8s.io/website/content/en/releases/release-managers.md).\n  per kubernetes/release:pkg/announce/announce.go (2026-03-06)\n"),
            "{text}"
        );
        assert!(
            text.contains(
                "Gmail sign-in in the browser since kubernetes/release#4268 (2026-02-12)"
            ),
            "{text}"
        );
        assert!(
            text.contains("Slack post once live (per kubernetes/sig-release:release-engineering/handbooks/release-cuts.md (2026-05-28)):"),
            "{text}"
        );
        let md = a.markdown();
        assert!(
            md.contains("Gmail sign-in since [kubernetes/release#\u{2060}4268](https://github.com/kubernetes/release/pull/4268) (2026-02-12)"),
            "{md}"
        );
        assert!(md.contains("(https://github.com/kubernetes/release/blob/master/pkg/announce/announce.go) (2026-03-06)"), "{md}");
    }
}
