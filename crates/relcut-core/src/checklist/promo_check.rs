//! Whether the promotion PRs linked on the cut issue promote exactly the cut's tags, as far as
//! the issue itself tells: the tags of a PR are known offline only from its link text or a
//! kpromo title written beside it (`releng: Image promotion for kubernetes A / B`), in the
//! item's own text however its lines wrap.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex_lite::Regex;
use serde::Serialize;

use super::parse::Doc;
use super::warning::{Warning, WarningId};
use super::StepReading;
use crate::evidence::{self, Link, LinkKind};
use crate::promotion::{self, Rules};
use crate::source::Source;
use crate::step::StepId;
use crate::version::Tag;

/// A promotion PR the issue links, with the tags the issue says it promotes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkedPr {
    pub number: u64,
    pub url: String,
    /// `None` when the issue does not say (a bare link).
    pub tags: Option<Vec<Tag>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Coverage {
    /// The PRs promote exactly the cut's tags, in a form relcut knows.
    Exact,
    /// They promote too few or other tags.
    Mismatch,
    /// The issue does not say which tags a PR promotes: check the titles.
    Unknown,
}

impl Coverage {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Mismatch => "mismatch",
            Self::Unknown => "unknown",
        }
    }
}

/// The check of the linked promotion PRs against the cut's tags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PromotionCheck {
    pub prs: Vec<LinkedPr>,
    /// The tags the cut promotes.
    pub expected: Vec<Tag>,
    pub coverage: Coverage,
    pub message: String,
    /// The rule for the tags and the PR forms.
    pub source: Source,
    /// The pull requests `message` names (the linked PRs, the rules' PRs): links in Markdown.
    #[serde(skip)]
    pub refs: Vec<crate::md::Ref<'static>>,
}

/// Every kubernetes/k8s.io PR number the image-promotion step links, in order.
pub(super) fn all_prs(steps: &[StepReading]) -> Vec<u64> {
    steps
        .iter()
        .find(|s| s.id == StepId::ImagePromotion)
        .map(|s| {
            s.evidence
                .iter()
                .filter(|l| l.kind == LinkKind::PromotionPr)
                .filter_map(|l| pr_number(&l.url))
                .collect()
        })
        .unwrap_or_default()
}

/// A warning when the step links more promotion PRs than relcut checks.
pub(super) fn too_many(steps: &[StepReading]) -> Option<Warning> {
    let (_, warning) = promotion_prs_to_check(&all_prs(steps));
    let line = steps
        .iter()
        .find(|s| s.id == StepId::ImagePromotion)
        .map(|s| s.line);
    let named = all_prs(steps).into_iter().map(crate::md::Ref::promotion_pr);
    warning.map(|w| Warning::new(WarningId::TooManyPromotionPrs, line, w).naming(named))
}

/// The number of a kubernetes/k8s.io pull request URL; GitHub numbers from 1.
pub(super) fn pr_number(url: &str) -> Option<u64> {
    let path = url.split(['#', '?']).next()?;
    path.trim_end_matches('/')
        .split("/pull/")
        .nth(1)?
        .split('/')
        .next()?
        .parse()
        .ok()
        .filter(|&n| n > 0)
}

fn tags_in(text: &str) -> Vec<Tag> {
    static TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\bv?\d+\.\d+\.\d+(?:-(?:alpha|beta|rc)\.\d+)?\b").expect("static regex")
    });
    // A set beside the list: a title naming thousands of tags stays linear.
    let mut seen: HashSet<Tag> = HashSet::new();
    TAG.find_iter(text)
        .filter_map(|m| Tag::parse(m.as_str()).ok())
        .filter(|t| seen.insert(*t))
        .collect()
}

/// The tags a Markdown link names in its text, for the link whose target is at `url`;
/// `from` is where the text may start (the end of the URL before it), so that each link is
/// looked at once however many an item holds.
fn link_text_tags(text: &str, from: usize, url: &std::ops::Range<usize>) -> Option<Vec<Tag>> {
    let inner = text.get(from..url.start)?.strip_suffix("](")?;
    let open = inner.rfind('[')?;
    let tags = tags_in(&inner[open + 1..]);
    (!tags.is_empty()).then_some(tags)
}

/// The tags written right after the link whose URL is at `url`, before the next link (at
/// `next`): in parentheses (`https://github.com/kubernetes/k8s.io/pull/9811 (v1.37.0-rc.0 /
/// v1.38.0-alpha.0)`, after a Markdown link's closing `)` too) or after `for` (`… for
/// v1.37.0-rc.0 and v1.38.0-alpha.0`), each link its own; when the item links only this PR,
/// any tags written after it. Only the text up to the next link is looked at: linear.
fn tags_after(
    text: &str,
    url: &std::ops::Range<usize>,
    next: usize,
    only_pr: bool,
) -> Option<Vec<Tag>> {
    let mut rest = text.get(url.end..next)?;
    if text[..url.start].ends_with("](") {
        rest = rest.strip_prefix(')')?;
    }
    // A Markdown link's text that follows belongs to that link.
    let rest = &rest[..rest.find('[').unwrap_or(rest.len())];
    let rest = rest.trim_start();
    let tags = if let Some(inner) = rest.strip_prefix('(') {
        tags_in(&inner[..inner.find(')')?])
    } else if only_pr
        || rest
            .get(..4)
            .is_some_and(|w| w.eq_ignore_ascii_case("for "))
    {
        tags_in(rest)
    } else {
        return None;
    };
    (!tags.is_empty()).then_some(tags)
}

/// The tags of a kpromo title written in an item's text (`releng: Image promotion for
/// kubernetes A / B`), wherever its lines wrap, without what URLs hold.
fn title_tags(text: &str) -> Option<Vec<Tag>> {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let at = flat
        .to_ascii_lowercase()
        .find("image promotion for kubernetes")?;
    // One pass: the text between the URLs, each URL a space (not a rewrite per URL).
    let title = &flat[at..];
    let mut rest = String::with_capacity(title.len());
    let mut from = 0;
    for r in evidence::url_spans(title) {
        rest.push_str(&title[from..r.start]);
        rest.push(' ');
        from = r.end;
    }
    rest.push_str(&title[from..]);
    let tags = tags_in(&rest);
    (!tags.is_empty()).then_some(tags)
}

/// The items of a step: its first item with its subtree, and its further items.
fn step_items(doc: &Doc, step: &StepReading) -> Vec<usize> {
    let mut out = Vec::new();
    if let Some(idx) = step.item {
        out.push(idx);
        let mut inside: HashSet<usize> = HashSet::from([idx]);
        for j in idx + 1..doc.items.len() {
            match doc.items[j].parent {
                Some(p) if inside.contains(&p) => {
                    inside.insert(j);
                    out.push(j);
                }
                _ => break,
            }
        }
    }
    let more: HashSet<usize> = step.more_lines.iter().copied().collect();
    out.extend(
        doc.items
            .iter()
            .enumerate()
            .filter(|(_, i)| more.contains(&i.line))
            .map(|(j, _)| j),
    );
    out
}

/// The promotion PRs the step's items link, with the tags their text names: each item's own
/// text as written (the parsed text has lost the link targets), continuation lines included,
/// since real issues wrap a long title onto the next line. A kpromo title belongs to a PR only
/// when the item links no other.
fn linked_prs(body: &str, doc: &Doc, step: &StepReading) -> Vec<LinkedPr> {
    let mut prs: Vec<LinkedPr> = Vec::new();
    // Each PR's place in `prs`, so that thousands of links stay linear.
    let mut known: HashMap<u64, usize> = HashMap::new();
    for idx in step_items(doc, step) {
        let item = &doc.items[idx];
        let Some(text) = body.get(item.span.clone()) else {
            continue;
        };
        // Links are found outside code spans, tags anywhere (`` `v1.37.0-rc.0` ``).
        let linkable = super::parse::blank(text, &item.code_in_body, item.span.start);
        let urls: Vec<(std::ops::Range<usize>, String, bool)> = evidence::link_spans(&linkable)
            .into_iter()
            .map(|(r, url)| {
                let promo = Link::new(&url).kind == LinkKind::PromotionPr;
                (r, url, promo)
            })
            .collect();
        let count = urls.iter().filter(|(_, _, promo)| *promo).count();
        let title = if count == 1 { title_tags(text) } else { None };
        let mut from = 0;
        for (k, (r, url, promo)) in urls.iter().enumerate() {
            let before = from;
            from = r.end;
            if !promo {
                continue;
            }
            let Some(number) = pr_number(url) else {
                continue;
            };
            let next = urls.get(k + 1).map_or(text.len(), |(n, _, _)| n.start);
            let tags = link_text_tags(text, before, r)
                .or_else(|| tags_after(text, r, next, count == 1))
                .or_else(|| title.clone());
            let url = url.as_str();
            match known.get(&number) {
                Some(&i) => {
                    if prs[i].tags.is_none() {
                        prs[i].tags = tags;
                    }
                }
                None => {
                    known.insert(number, prs.len());
                    prs.push(LinkedPr {
                        number,
                        url: url.to_string(),
                        tags,
                    });
                }
            }
        }
    }
    prs
}

/// The check, when the issue links promotion PRs for a known version; a warning when they
/// promote the wrong tags. `opened` (YYYY-MM-DD) picks the rules of the issue's day.
pub(super) fn check(
    body: &str,
    doc: &Doc,
    steps: &[StepReading],
    version: Option<Tag>,
    opened: Option<&str>,
) -> (Option<PromotionCheck>, Option<Warning>) {
    let (Some(v), Some(step)) = (
        version,
        steps.iter().find(|s| s.id == StepId::ImagePromotion),
    ) else {
        return (None, None);
    };
    let Ok(promo) = promotion::promotion(&v, Rules::on(opened), None) else {
        return (None, None);
    };
    let prs = linked_prs(body, doc, step);
    if prs.is_empty() {
        return (None, None);
    }
    let one_pr = promo.one_pr.as_ref();
    let forms = promo.title_forms();
    let numbers = format!(
        "{} {}",
        if prs.len() == 1 { "PR" } else { "PRs" },
        prs.iter()
            .map(|p| format!("kubernetes/k8s.io#{}", p.number))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let (promote, fit) = if prs.len() == 1 {
        ("promotes", "does not fit")
    } else {
        ("promote", "do not fit")
    };
    let known: Option<Vec<Vec<Tag>>> = prs.iter().map(|p| p.tags.clone()).collect();
    let (coverage, message, source) = match known {
        None => (
            Coverage::Unknown,
            format!(
                "the issue does not say which tags {numbers} {promote}: check the title(s) read {forms}"
            ),
            promo.source,
        ),
        Some(sets) => {
            let source = match (one_pr, sets.as_slice()) {
                (Some(one), [only]) if only.len() > 1 => one.source,
                _ => promo.source,
            };
            match promo.accepts(&sets) {
                Ok(()) => (
                    Coverage::Exact,
                    format!(
                        "{numbers} {promote} exactly {}",
                        promo
                            .tags
                            .iter()
                            .map(Tag::to_string)
                            .collect::<Vec<_>>()
                            .join(" / ")
                    ),
                    source,
                ),
                Err(e) => (
                    Coverage::Mismatch,
                    format!("{numbers} {fit} the {v} cut: {e}; the title(s) should read {forms}"),
                    promo.source,
                ),
            }
        }
    };
    let refs: Vec<crate::md::Ref<'static>> = prs
        .iter()
        .map(|p| crate::md::Ref::promotion_pr(p.number))
        .chain(
            std::iter::once(promo.source)
                .chain(one_pr.map(|o| o.source))
                .filter_map(|s| s.issue_ref()),
        )
        .collect();
    let warning = (coverage == Coverage::Mismatch).then(|| {
        Warning::new(WarningId::PromotionTags, Some(step.line), message.clone())
            .citing(source)
            .naming(refs.clone())
    });
    (
        Some(PromotionCheck {
            prs,
            expected: promo.tags.clone(),
            coverage,
            message,
            source,
            refs,
        }),
        warning,
    )
}

/// Promotion PRs checked per issue: a cut links one or two (an rc.0 may link the two-PR form
/// and a retry); each costs a pull-request read and the prow job it started.
pub const MAX_PROMOTION_PRS: usize = 4;

/// The promotion PRs to check, and a warning naming the rest when there are more than
/// [`MAX_PROMOTION_PRS`].
pub(crate) fn promotion_prs_to_check(prs: &[u64]) -> (Vec<u64>, Option<String>) {
    if prs.len() <= MAX_PROMOTION_PRS {
        return (prs.to_vec(), None);
    }
    let (checked, rest) = prs.split_at(MAX_PROMOTION_PRS);
    let named: Vec<String> = rest
        .iter()
        .take(20)
        .map(|n| format!("kubernetes/k8s.io#{n}"))
        .collect();
    let more = rest.len().saturating_sub(named.len());
    let tail = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    (
        checked.to_vec(),
        Some(format!(
            "the issue links {} promotion PRs; relcut checks the first {MAX_PROMOTION_PRS} and not {}{tail}: a cut needs one or two, remove the others",
            prs.len(),
            named.join(", ")
        )),
    )
}

#[cfg(test)]
mod cap_tests {
    use super::*;

    #[test]
    fn four_promotion_prs_at_most() {
        assert_eq!(promotion_prs_to_check(&[1, 2]), (vec![1, 2], None));
        let many: Vec<u64> = (1..=300).collect();
        let (checked, warning) = promotion_prs_to_check(&many);
        assert_eq!(checked, [1, 2, 3, 4]);
        let w = warning.unwrap();
        assert!(w.starts_with("the issue links 300 promotion PRs; relcut checks the first 4 and not kubernetes/k8s.io#5, "), "{w}");
        assert!(w.contains("and 276 more"), "{w}");
    }
}
