//! announce: the email, the krel command that sends it, and the Slack posts.

use crate::announce::Announcement;
use crate::md;

impl Announcement {
    /// For a terminal.
    pub fn text(&self) -> String {
        format!(
            "Subject: {}\nTo: {}\n\n{}\nSend it (Gmail sign-in in the browser; --no-browser on a headless machine):\n  $ {}\nor print the HTML and send it yourself:\n  $ {}\n\nSlack thread opener:\n{}\nSlack post once live:\n{}\n",
            self.subject,
            self.to.join(", "),
            self.text,
            self.command,
            self.print_command,
            self.slack_thread,
            self.slack
        )
    }

    /// For a comment.
    pub fn markdown(&self) -> String {
        format!(
            "**Subject:** {}\n**To:** {}\n\nSend it (Gmail sign-in; `--no-browser` on a headless machine):\n{}or print the HTML and send it yourself:\n{}\n<details><summary>Email text</summary>\n\n{}</details>\n\nSlack post once live:\n{}\n<details><summary>Slack thread opener</summary>\n\n{}</details>\n",
            md::plain(&self.subject),
            self.to.join(", "),
            md::fence("sh", &self.command),
            md::fence("sh", &self.print_command),
            md::fence("", &self.text),
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
}
