//! The texts that tell the world about a release: the announcement email in krel's structure,
//! the command that sends it with today's krel, and the Slack posts.

use serde::Serialize;

use crate::source::{self, Source};
use crate::version::{CutKind, Tag, VersionError};

/// What `relcut announce` produces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Announcement {
    pub subject: String,
    pub to: Vec<String>,
    pub text: String,
    pub html: String,
    /// The post in #release-management once the release is live.
    pub slack: String,
    /// The opener of the cut's thread in #release-management.
    pub slack_thread: String,
    /// The command that sends the email with krel (Gmail sign-in since 2026-02).
    pub command: String,
    /// The fallback that only prints the HTML, to send by hand.
    pub print_command: String,
    /// krel's announcement text (`text`, `html`) and its check of the Go version.
    pub source: Source,
    /// `krel announce send`: `subject`, `to`, `command`, `print_command`.
    pub send_source: Source,
    /// Since when `command` signs in to Gmail instead of taking `--name`/`--email`.
    pub sign_in_source: Source,
    /// The handbook's Slack texts (`slack`, `slack_thread`).
    pub slack_source: Source,
}

#[derive(Debug, Clone, Default)]
pub struct AnnounceRequest {
    pub tag: String,
    /// To the test list (`kubernetes-announce-test@googlegroups.com`), as krel without `--nomock`.
    pub mock: bool,
    /// People to thank in the Slack post, with or without `@`.
    pub shoutouts: Vec<String>,
    /// The Go version the release was built with (krel reads it from kube-cross).
    pub go_version: Option<String>,
}

/// Why no announcement can be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnnounceError {
    #[error(transparent)]
    Version(#[from] VersionError),
    /// krel stops with the same words when kube-cross yields no Go version.
    #[error("verifying Go version is not empty: `--go-version` has no version: {EMPTY_GO_HINT}")]
    EmptyGoVersion,
}

impl AnnounceError {
    pub fn hint(&self) -> String {
        match self {
            Self::Version(e) => e.hint.clone(),
            Self::EmptyGoVersion => EMPTY_GO_HINT.into(),
        }
    }

    /// The krel file whose check this is, when the refusal applies one of krel's rules.
    pub fn rule_source(&self) -> Option<Source> {
        match self {
            Self::Version(_) => None,
            Self::EmptyGoVersion => Some(source::KREL_ANNOUNCEMENT),
        }
    }
}

const EMPTY_GO_HINT: &str = "pass the Go version the release was built with, like `--go-version 1.25.5` (`go version` in the release's kube-cross image), or leave the flag out for a placeholder";
const GO_PLACEHOLDER: &str = "<Go version: `go version` in the release's kube-cross image>";
const DEV_LINK_PLACEHOLDER: &str = "<link to the announcement on dev@kubernetes.io>";

pub fn recipients(mock: bool) -> Vec<String> {
    if mock {
        vec!["kubernetes-announce-test@googlegroups.com".into()]
    } else {
        vec![
            "kubernetes-announce@googlegroups.com".into(),
            "dev@kubernetes.io".into(),
        ]
    }
}

/// `:thread: Release Cut ...` with one line per step to answer later; patches have no mock runs.
pub fn slack_thread(tag: &Tag) -> Result<String, VersionError> {
    let kind = tag.cut_kind()?;
    let mut s = format!(":thread: Release Cut {tag} (GH Issue)\n\n");
    if kind != CutKind::Patch {
        s.push_str(":hourglass_flowing_sand: Mock Stage (logs)\n-> :white_check_mark:\n\n");
        s.push_str(":hourglass_flowing_sand: Mock Release (logs)\n-> :white_check_mark:\n\n");
    }
    s.push_str(":hourglass_flowing_sand: No-mock Stage (logs)\n-> :white_check_mark:\n\n");
    s.push_str("https://github.com/kubernetes/k8s.io/pull/xxxx\n\n");
    s.push_str("Image Promotion PR (link)\ncc: @release-managers\n-> Image promotion is :white_check_mark:\n\n");
    s.push_str(":hourglass_flowing_sand: No-mock Release (logs)\n-> :white_check_mark:\n");
    Ok(s)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn announce(req: &AnnounceRequest) -> Result<Announcement, AnnounceError> {
    let tag = Tag::parse(&req.tag)?;
    tag.cut_kind()?;
    let minor = format!("{}.{}", tag.major, tag.minor);
    let changelog = format!("https://git.k8s.io/kubernetes/CHANGELOG/CHANGELOG-{minor}.md");
    let github = format!("https://github.com/kubernetes/kubernetes/releases/tag/{tag}");
    let managers = "https://git.k8s.io/website/content/en/releases/release-managers.md";
    let go = match req.go_version.as_deref() {
        None => GO_PLACEHOLDER.to_string(),
        Some(v) => {
            let v = v.trim();
            let v = v.strip_prefix("go").unwrap_or(v).trim();
            if v.is_empty() {
                return Err(AnnounceError::EmptyGoVersion);
            }
            v.to_string()
        }
    };

    let html = format!(
        "Kubernetes Community,\n\
         <p>Kubernetes <b>{tag}</b> has been built and pushed using Golang version <b>{go_html}</b>.</p>\n\
         <p>The release notes have been updated in <a href=\"{changelog}\">CHANGELOG-{minor}.md</a>, with a pointer to them on <a href=\"{github}\">GitHub</a>:</p>\n\
         <hr>\n\
         <p>(the release notes of {tag}, as krel renders them from CHANGELOG-{minor}.md)</p>\n\
         <hr>\n\
         <p><br>Contributors, the <a href=\"{changelog}\">CHANGELOG-{minor}.md</a> has been bootstrapped with {tag} release notes and you may edit now as needed.</p>\n\
         <p><br><br>Published by your <a href=\"{managers}\">Kubernetes Release Managers</a>.</p>\n",
        go_html = esc(&go),
    );
    let text = format!(
        "Kubernetes Community,\n\n\
         Kubernetes {tag} has been built and pushed using Golang version {go}.\n\n\
         The release notes have been updated in CHANGELOG-{minor}.md ({changelog}), with a pointer to them on GitHub ({github}).\n\n\
         Contributors, the CHANGELOG-{minor}.md has been bootstrapped with {tag} release notes and you may edit now as needed.\n\n\
         Published by your Kubernetes Release Managers ({managers}).\n"
    );
    let names: Vec<String> = req
        .shoutouts
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .map(|n| format!("@{}", n.trim_start_matches('@')))
        .collect();
    let thanks = if names.is_empty() {
        String::new()
    } else {
        format!(
            " (shoutout to {} for helping cut the release)",
            names.join(" & ")
        )
    };
    let slack = format!(":kubernetes: Kubernetes {tag} is live!{thanks}\n{DEV_LINK_PLACEHOLDER}");
    let nomock = if req.mock { "" } else { " --nomock" };
    Ok(Announcement {
        subject: format!("Kubernetes {tag} is live!"),
        to: recipients(req.mock),
        text,
        html,
        slack,
        slack_thread: slack_thread(&tag)?,
        command: format!("krel announce send --tag {tag}{nomock}"),
        print_command: format!("krel announce send -p --tag {tag} > announce.html"),
        source: source::KREL_ANNOUNCEMENT,
        send_source: source::KREL_ANNOUNCE_SEND,
        sign_in_source: source::KREL_ANNOUNCE_GMAIL,
        slack_source: source::RELEASE_CUTS_HANDBOOK,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(tag: &str) -> AnnounceRequest {
        AnnounceRequest {
            tag: tag.into(),
            ..AnnounceRequest::default()
        }
    }

    #[test]
    fn nomock_patch() {
        let a = announce(&AnnounceRequest {
            shoutouts: vec!["alice".into(), "@Bob K".into()],
            go_version: Some("go1.25.5".into()),
            ..req("v1.35.1")
        })
        .unwrap();
        assert_eq!(a.subject, "Kubernetes v1.35.1 is live!");
        assert_eq!(
            a.to,
            ["kubernetes-announce@googlegroups.com", "dev@kubernetes.io"]
        );
        assert_eq!(a.command, "krel announce send --tag v1.35.1 --nomock");
        assert_eq!(
            a.print_command,
            "krel announce send -p --tag v1.35.1 > announce.html"
        );
        assert!(a.slack.starts_with(":kubernetes: Kubernetes v1.35.1 is live! (shoutout to @alice & @Bob K for helping cut the release)\n"));
        assert!(
            !a.slack_thread.contains("Mock Stage"),
            "patches run no mock"
        );
        assert!(a
            .slack_thread
            .starts_with(":thread: Release Cut v1.35.1 (GH Issue)"));
        assert!(a.html.contains("Golang version <b>1.25.5</b>"));
        assert!(a.html.contains("<a href=\"https://git.k8s.io/kubernetes/CHANGELOG/CHANGELOG-1.35.md\">CHANGELOG-1.35.md</a>"));
        assert!(a
            .html
            .contains("https://github.com/kubernetes/kubernetes/releases/tag/v1.35.1"));
        assert!(a
            .text
            .contains("Kubernetes v1.35.1 has been built and pushed using Golang version 1.25.5."));
    }

    #[test]
    fn mock_rc_and_errors() {
        let a = announce(&AnnounceRequest {
            mock: true,
            ..req("v1.36.0-rc.1")
        })
        .unwrap();
        assert_eq!(a.to, ["kubernetes-announce-test@googlegroups.com"]);
        assert_eq!(a.command, "krel announce send --tag v1.36.0-rc.1");
        assert!(a
            .slack_thread
            .contains(":hourglass_flowing_sand: Mock Stage (logs)"));
        assert!(
            a.html.contains("&lt;Go version"),
            "placeholder escaped in HTML"
        );
        assert!(a
            .slack
            .starts_with(":kubernetes: Kubernetes v1.36.0-rc.1 is live!\n"));
        assert!(announce(&req("1.36.0"))
            .unwrap_err()
            .hint()
            .contains("v1.36.0"));
    }

    /// krel `pkg/announce/announce.go`: an empty Go version stops the announcement instead of
    /// writing `<b></b>`.
    #[test]
    fn empty_go_version_fails_like_krel() {
        for empty in ["", "  ", "go"] {
            let e = announce(&AnnounceRequest {
                go_version: Some(empty.into()),
                ..req("v1.35.1")
            })
            .unwrap_err();
            assert_eq!(e, AnnounceError::EmptyGoVersion, "{empty:?}");
            assert_eq!(e.rule_source(), Some(source::KREL_ANNOUNCEMENT));
            assert!(
                e.to_string()
                    .starts_with("verifying Go version is not empty"),
                "{e}"
            );
            assert!(e.hint().contains("--go-version 1.25.5"), "{e}");
        }
        let a = announce(&AnnounceRequest {
            go_version: Some(" go1.25.5 ".into()),
            ..req("v1.35.1")
        })
        .unwrap();
        assert!(a.html.contains("Golang version <b>1.25.5</b>"));
    }
}
