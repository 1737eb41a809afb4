//! Links found on a cut issue, classified by what they prove.

use serde::Serialize;

/// What a link is evidence of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkKind {
    /// A Slack message (#release-management, or #sig-release in 2019).
    Slack,
    /// A kubernetes/k8s.io pull request (`kpromo pr`).
    PromotionPr,
    /// A prow run of `post-k8sio-image-promo`.
    PromotionJob,
    /// A Google Groups thread (dev@kubernetes.io, kubernetes-announce).
    Email,
    /// A kubernetes/website pull request (schedule-builder).
    WebsitePr,
    /// A kubernetes/test-infra pull request (code thaw, branch creation).
    TestInfraPr,
    /// A Cloud Build job log.
    CloudBuild,
    /// kubernetes/kubernetes#56876, the publishing-bot's report issue: a reference, not evidence.
    PublishingBotIssue,
    /// A link to a file, a folder or a Slack channel: part of the item's text, not evidence.
    Reference,
    /// A testgrid dashboard.
    Testgrid,
    /// Anything else on GitHub.
    GitHub,
    Other,
}

impl LinkKind {
    /// How a warning or a refusal names it ("a Cloud Build log").
    pub(crate) fn describe(self) -> &'static str {
        match self {
            LinkKind::Slack => "a Slack message",
            LinkKind::PromotionPr => "a kubernetes/k8s.io pull request",
            LinkKind::PromotionJob => "a post-k8sio-image-promo run",
            LinkKind::Email => "a groups.google.com thread",
            LinkKind::WebsitePr => "a kubernetes/website pull request",
            LinkKind::TestInfraPr => "a kubernetes/test-infra pull request",
            LinkKind::CloudBuild => "a Cloud Build log",
            LinkKind::PublishingBotIssue => "the publishing-bot issue",
            LinkKind::Reference => "a file or channel link",
            LinkKind::Testgrid => "a testgrid dashboard",
            LinkKind::GitHub => "a GitHub link",
            LinkKind::Other => "a link",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub url: String,
    pub kind: LinkKind,
}

impl Link {
    pub fn new(url: &str) -> Link {
        Link {
            url: url.to_string(),
            kind: classify(url),
        }
    }
}

pub fn classify(url: &str) -> LinkKind {
    let u = url.to_ascii_lowercase();
    let after_scheme = u.split_once("://").map(|(_, r)| r).unwrap_or(&u);
    let host = after_scheme.split(['/', '?', '#']).next().unwrap_or("");
    let path = &after_scheme[host.len()..];
    let file_link = host == "github.com" && (path.contains("/blob/") || path.contains("/tree/"));
    // `/archives/<channel>/p<ts>` and the older `/messages/<channel>/p<ts>` both point at one
    // message; without the `p<ts>` segment they only open the channel.
    let channel_link = host.ends_with("slack.com")
        && (path.starts_with("/messages/") || path.starts_with("/archives/"))
        && !path.split(['/', '?', '#']).any(is_slack_message_id);
    if file_link || channel_link {
        LinkKind::Reference
    } else if host.ends_with("slack.com") {
        LinkKind::Slack
    } else if host == "github.com"
        // GitHub numbers pull requests from 1: `/pull/0` is no PR.
        && path
            .strip_prefix("/kubernetes/k8s.io/pull/")
            .is_some_and(|n| {
                n.split(['/', '?', '#'])
                    .next()
                    .is_some_and(|n| n.bytes().any(|b| b.is_ascii_digit() && b != b'0'))
            })
    {
        LinkKind::PromotionPr
    } else if host == "prow.k8s.io" && path.contains("post-k8sio-image-promo") {
        LinkKind::PromotionJob
    } else if host == "groups.google.com" {
        LinkKind::Email
    } else if host == "github.com" && path.starts_with("/kubernetes/website/pull/") {
        LinkKind::WebsitePr
    } else if host == "github.com" && path.starts_with("/kubernetes/test-infra/pull/") {
        LinkKind::TestInfraPr
    } else if host == "console.cloud.google.com" && path.contains("cloud-build") {
        LinkKind::CloudBuild
    } else if host == "github.com"
        && path.trim_end_matches('/') == "/kubernetes/kubernetes/issues/56876"
    {
        LinkKind::PublishingBotIssue
    } else if host == "testgrid.k8s.io" {
        LinkKind::Testgrid
    } else if host == "github.com" || host.ends_with(".github.com") {
        LinkKind::GitHub
    } else {
        LinkKind::Other
    }
}

/// `p1576065571419200`: Slack's message timestamp without its dot.
fn is_slack_message_id(segment: &str) -> bool {
    segment
        .strip_prefix('p')
        .is_some_and(|ts| !ts.is_empty() && ts.bytes().all(|b| b.is_ascii_digit()))
}

/// `https://link-to-...` and `/link-to-...` are the old template's placeholders, not links.
pub(crate) fn is_placeholder(url: &str) -> bool {
    let u = url.to_ascii_lowercase();
    u.contains("link-to-") || u.contains("://xxx") || u.ends_with("/pull/xxxx")
}

/// Every http(s) URL in free text, in order, trailing punctuation trimmed, placeholders left out.
pub(crate) fn urls_in(text: &str) -> Vec<String> {
    // A set beside the list: a line of thousands of links stays linear.
    let mut seen = std::collections::HashSet::new();
    url_spans(text)
        .map(|r| &text[r])
        .filter(|url| !is_placeholder(url) && seen.insert(*url))
        .map(str::to_string)
        .collect()
}

/// Every link in free text, in order, as [`link_spans`] finds them, placeholders left out.
pub(crate) fn links_in(text: &str) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    link_spans(text)
        .into_iter()
        .map(|(_, url)| url)
        .filter(|url| !is_placeholder(url) && seen.insert(url.clone()))
        .collect()
}

/// The repository whose short references (`kubernetes/k8s.io#9811`, which GitHub autolinks)
/// count as links: the promotion PRs are pasted so. A bare `#N` on a cut issue is a
/// kubernetes/sig-release issue, and other repositories' references prove nothing relcut checks.
const SHORT_REF_REPO: &str = "kubernetes/k8s.io#";

/// The pull request URL GitHub links `kubernetes/k8s.io#N` to.
fn short_ref_url(number: u64) -> String {
    format!("https://github.com/kubernetes/k8s.io/pull/{number}")
}

/// Where `kubernetes/k8s.io#N` references stand in free text, with their number: not inside a
/// URL or a longer name (`github.com/kubernetes/k8s.io#readme`, `xkubernetes/k8s.io#1`).
fn short_ref_spans(text: &str) -> impl Iterator<Item = (std::ops::Range<usize>, u64)> + '_ {
    // Most texts have no reference at all: one byte search tells, before any copy.
    if !text.contains('#') {
        return Vec::new().into_iter();
    }
    // ASCII lower-casing keeps byte offsets.
    let lower = text.to_ascii_lowercase();
    let found: Vec<(std::ops::Range<usize>, u64)> = lower
        .match_indices(SHORT_REF_REPO)
        .filter_map(|(at, _)| {
            let before = lower[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || "/.-_".contains(c)) {
                return None;
            }
            let digits_at = at + SHORT_REF_REPO.len();
            let digits = lower[digits_at..]
                .bytes()
                .take_while(u8::is_ascii_digit)
                .count();
            let end = digits_at + digits;
            let after = lower[end..].chars().next();
            if digits == 0 || after.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                return None;
            }
            // GitHub numbers from 1: `#0` links nowhere.
            let number = lower[digits_at..end].parse().ok().filter(|&n| n > 0)?;
            Some((at..end, number))
        })
        .collect();
    found.into_iter()
}

/// Every link of free text in order, with its URL: http(s) URLs (trailing punctuation left
/// out) and `kubernetes/k8s.io#N` references as the pull request they name.
pub(crate) fn link_spans(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out: Vec<(std::ops::Range<usize>, String)> = url_spans(text)
        .map(|r| (r.clone(), text[r].to_string()))
        .collect();
    // A reference inside a URL (`...?q=kubernetes/k8s.io#1`) is part of that URL.
    let urls: Vec<std::ops::Range<usize>> = out.iter().map(|(r, _)| r.clone()).collect();
    let refs = short_ref_spans(text).filter(|(r, _)| {
        let i = urls.partition_point(|u| u.end <= r.start);
        urls.get(i).is_none_or(|u| u.start >= r.end)
    });
    out.extend(refs.map(|(r, n)| (r, short_ref_url(n))).collect::<Vec<_>>());
    out.sort_by_key(|(r, _)| r.start);
    out
}

/// Where the http(s) URLs of free text are, trailing punctuation left out.
///
/// The shape is that of `https?://[^S]+(?:\([^ \t\r\n()]*\)[^S]*)*`, with `S` the characters
/// that end a URL in Markdown text (whitespace, `<>"'`, backtick, brackets, parentheses, `|`): a
/// balanced `(...)` stays in the URL (Wikipedia-style). It is scanned by hand because it runs
/// over every item of every issue: finding `http` first and walking bytes from there is a
/// single forward pass, where the regex needed a forward and a reverse search per URL (a fifth
/// of reading a 1 MB issue). A property test holds it to that regex.
pub(crate) fn url_spans(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    // Every stop is ASCII, so a scan that stops on one stays on a char boundary. Tables: the
    // scan is one lookup per byte.
    const fn stops(set: &[u8]) -> [bool; 256] {
        let mut t = [false; 256];
        let mut i = 0;
        while i < set.len() {
            t[set[i] as usize] = true;
            i += 1;
        }
        t
    }
    const ENDS_URL: [bool; 256] = stops(b" \t\r\n<>\"'`[]()|");
    const ENDS_GROUP: [bool; 256] = stops(b" \t\r\n()");
    let bytes = text.as_bytes();
    let run = move |mut i: usize, stop: &[bool; 256]| {
        while i < bytes.len() && !stop[usize::from(bytes[i])] {
            i += 1;
        }
        i
    };
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(found) = text.get(from..).and_then(|rest| rest.find("http")) {
            let start = from + found;
            let scheme = &bytes[start + 4..];
            let host = if scheme.starts_with(b"://") {
                start + 7
            } else if scheme.starts_with(b"s://") {
                start + 8
            } else {
                from = start + 1;
                continue;
            };
            let mut end = run(host, &ENDS_URL);
            if end == host {
                from = start + 1;
                continue;
            }
            while bytes.get(end) == Some(&b'(') {
                let close = run(end + 1, &ENDS_GROUP);
                if bytes.get(close) != Some(&b')') {
                    break;
                }
                end = run(close + 1, &ENDS_URL);
            }
            from = end;
            let url =
                text[start..end].trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_', '~']);
            return Some(start..start + url.len());
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use regex::Regex;

    use super::*;

    /// The regex `url_spans` was, as the oracle its hand scan is held to.
    fn url_spans_by_regex(text: &str) -> Vec<std::ops::Range<usize>> {
        static URL: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(
                r#"https?://[^ \t\r\n<>"'`\]\[()|]+(?:\([^ \t\r\n()]*\)[^ \t\r\n<>"'`\]\[()|]*)*"#,
            )
            .expect("static regex")
        });
        URL.find_iter(text)
            .map(|m| {
                let url = m
                    .as_str()
                    .trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_', '~']);
                m.start()..m.start() + url.len()
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn url_spans_match_the_regex(parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "http", "https", "://", "s", "h", "ttp", "(", ")", " ", "\n", ".", ",", "~", "[", "]",
                "|", "<", "`", "a", "/", "é", "#", "?", "x.example", "(x)",
            ]),
            0..40,
        )) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(url_spans(&text).collect::<Vec<_>>(), url_spans_by_regex(&text));
        }
    }

    #[test]
    fn url_spans_of_real_shapes() {
        for text in [
            "see https://kubernetes.slack.com/archives/CJH2GBF7Y/p1775548800100002.",
            "[x](https://github.com/kubernetes/k8s.io/pull/9811) and https://a.example/b_(c)_d, done",
            "https://en.wikipedia.org/wiki/Foo_(bar) (https://x.example/y)",
            "httpss://no http:// https:/x https://é.example/ü|next",
            "https://a.example/(unclosed https://b.example/",
        ] {
            assert_eq!(url_spans(text).collect::<Vec<_>>(), url_spans_by_regex(text), "{text}");
        }
    }

    #[test]
    fn classes() {
        for (url, kind) in [
            ("https://kubernetes.slack.com/archives/CJH2GBF7Y/p1712345678901234", LinkKind::Slack),
            ("https://github.com/kubernetes/k8s.io/pull/8428", LinkKind::PromotionPr),
            ("https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/post-k8sio-image-promo/1790000000000000000", LinkKind::PromotionJob),
            ("https://groups.google.com/a/kubernetes.io/g/dev/c/abcDEF", LinkKind::Email),
            ("https://groups.google.com/forum/#!topic/kubernetes-announce/xyz", LinkKind::Email),
            ("https://github.com/kubernetes/website/pull/54958", LinkKind::WebsitePr),
            ("https://github.com/kubernetes/test-infra/pull/37705", LinkKind::TestInfraPr),
            ("https://console.cloud.google.com/cloud-build/builds;region=global/abc?project=1", LinkKind::CloudBuild),
            ("https://github.com/kubernetes/kubernetes/issues/56876", LinkKind::PublishingBotIssue),
            ("https://github.com/kubernetes/sig-release/issues/2719#issuecomment-1", LinkKind::GitHub),
            ("https://example.com/x", LinkKind::Other),
            ("https://github.com/kubernetes/website/blob/main/data/releases/schedule.yaml", LinkKind::Reference),
            ("https://kubernetes.slack.com/messages/CJH2GBF7Y", LinkKind::Reference),
            ("https://kubernetes.slack.com/messages/C2C40FMNF/", LinkKind::Reference),
            // kubernetes/sig-release#888 (2019-12): the message form of the older links.
            ("https://kubernetes.slack.com/messages/CJH2GBF7Y/p1576065571419200", LinkKind::Slack),
            ("https://kubernetes.slack.com/archives/CJH2GBF7Y/p1626395399222000?thread_ts=1626367789.173800&cid=CJH2GBF7Y", LinkKind::Slack),
            // A channel whose name starts with `p` is still only a channel.
            ("https://kubernetes.slack.com/archives/prow-alerts", LinkKind::Reference),
            ("https://kubernetes.slack.com/messages/provider-aws/", LinkKind::Reference),
        ] {
            assert_eq!(classify(url), kind, "{url}");
        }
    }

    /// `- [x] Image Promotion PR: kubernetes/k8s.io#9811`: GitHub autolinks the reference to
    /// the PR (the reviewer's shape of kubernetes/sig-release cut issues, 2026).
    #[test]
    fn k8s_io_short_references_are_their_pull_requests() {
        assert_eq!(
            links_in("Image Promotion PR: kubernetes/k8s.io#9811"),
            ["https://github.com/kubernetes/k8s.io/pull/9811"]
        );
        assert_eq!(
            links_in("kubernetes/k8s.io#9811, Kubernetes/K8s.io#9812 and https://x.example/a"),
            [
                "https://github.com/kubernetes/k8s.io/pull/9811",
                "https://github.com/kubernetes/k8s.io/pull/9812",
                "https://x.example/a"
            ]
        );
        for not_a_ref in [
            "#9811",
            "kubernetes/sig-release#9811",
            "xkubernetes/k8s.io#9811",
            "kubernetes/k8s.io#9811x",
            "kubernetes/k8s.io#",
            "https://github.com/kubernetes/k8s.io#9811",
        ] {
            assert!(
                link_spans(not_a_ref)
                    .iter()
                    .all(|(_, u)| !u.contains("/pull/")),
                "{not_a_ref}"
            );
        }
        assert_eq!(classify(&short_ref_url(9811)), LinkKind::PromotionPr);
    }

    #[test]
    fn urls_from_text() {
        assert_eq!(
            urls_in("Image Promotion: https://github.com/kubernetes/k8s.io/pull/3775 / https://github.com/kubernetes/k8s.io/pull/3774."),
            ["https://github.com/kubernetes/k8s.io/pull/3775", "https://github.com/kubernetes/k8s.io/pull/3774"]
        );
        assert_eq!(
            urls_in("[Link](https://a.example/x) and [https://b.example/y](https://b.example/y)"),
            ["https://a.example/x", "https://b.example/y"]
        );
        assert_eq!(
            urls_in("Image Promotion:https://github.com/kubernetes/k8s.io/pull/1"),
            ["https://github.com/kubernetes/k8s.io/pull/1"]
        );
        assert!(
            urls_in("[email](https://link-to-email-on-kubernetes-announce-google-group)")
                .is_empty()
        );
        assert_eq!(
            urls_in("[see notification]https://kubernetes.slack.com/archives/C/p1)"),
            ["https://kubernetes.slack.com/archives/C/p1"]
        );
    }
}
