//! Ticking one step: its box becomes `[x]`, its evidence link goes where the placeholder was.
//! Exactly one line changes, and every byte outside the edit (line endings included) stays.

use crate::evidence::{self, LinkKind};
use crate::plan::StepId;

use super::{parse, read, IssueInput, Source};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TickError {
    #[error("unknown step `{step}`: this issue has {}", list(.present))]
    Unknown { step: String, present: Vec<StepId> },
    #[error("this issue has no item for `{step}`: it has {}", list(.present))]
    Absent { step: StepId, present: Vec<StepId> },
    #[error(
        "`{step}` has no checkbox of its own ({where_}): add or uncomment `- [ ] ...` for it first"
    )]
    NoCheckbox { step: StepId, where_: String },
    #[error("the link is not a plain http(s) URL (no spaces, brackets, quotes, `@`, `*` or `<`): pass the page's address as the browser shows it")]
    BadLink,
    #[error("`{step}` is proven by {}, not by {}: pass {0}", want(*.step), link_kind(*.got))]
    WrongLink { step: StepId, got: LinkKind },
}

fn link_kind(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Other => "a link to that host",
        k => k.describe(),
    }
}

fn want(step: StepId) -> String {
    step.spec()
        .tick_kinds()
        .iter()
        .map(|k| k.describe())
        .collect::<Vec<_>>()
        .join(" or ")
}

/// A link `tick` may write as the proof of `step`, whichever front end ticks: `http(s)`, no
/// user or port, no character that means something to Markdown or HTML (so it cannot become a
/// different link, a heading, a mention or markup in the issue body), and of a kind the step
/// table lists as the step's proof ([`crate::step::StepSpec::tick_kinds`]), the kinds the
/// reader takes as evidence.
pub fn check_link(step: StepId, link: &str) -> Result<(), TickError> {
    let rest = link
        .strip_prefix("https://")
        .or_else(|| link.strip_prefix("http://"))
        .ok_or(TickError::BadLink)?;
    let safe = |c: char| {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                '-' | '.' | '_' | '/' | '?' | '#' | '=' | '&' | '%' | '+' | ':' | ';' | ','
            )
    };
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    if link.len() > 500 || !rest.chars().all(safe) || rest[..host_end].contains(':') {
        return Err(TickError::BadLink);
    }
    let got = evidence::classify(link);
    if step.spec().tick_kinds().contains(&got) {
        Ok(())
    } else {
        Err(TickError::WrongLink { step, got })
    }
}

fn list(ids: &[StepId]) -> String {
    if ids.is_empty() {
        return "no steps".into();
    }
    ids.iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Ticks `step` in `body` and, with `link`, records the evidence.
pub fn tick(body: &str, step: &str, link: Option<&str>) -> Result<String, TickError> {
    // Read with a neutral title: which steps exist does not depend on the version, and a patch
    // title would turn the commented mock block into steps without boxes.
    let issue = read(IssueInput {
        body,
        ..IssueInput::default()
    });
    // The promotion-job gate has no item to tick: it is done once a later step is.
    let present: Vec<StepId> = issue
        .steps
        .iter()
        .filter(|s| s.source != Source::Gate)
        .map(|s| s.id)
        .collect();
    let id: StepId = step.parse().map_err(|_| TickError::Unknown {
        step: step.to_string(),
        present: present.clone(),
    })?;
    if let Some(l) = link {
        check_link(id, l)?;
    }
    let reading = issue
        .step(id)
        .filter(|s| s.source != Source::Gate)
        .ok_or(TickError::Absent { step: id, present })?;
    let doc = parse::parse(body);
    let Some(item) = reading.item.map(|i| &doc.items[i]) else {
        let where_ = match reading.source {
            Source::History => format!("only the jobs history at line {} shows it", reading.line),
            _ => format!("it is inside an HTML comment at line {}", reading.line),
        };
        return Err(TickError::NoCheckbox { step: id, where_ });
    };
    let Some((_, checkbox)) = item.checkbox.clone() else {
        return Err(TickError::NoCheckbox {
            step: id,
            where_: format!("line {} is a plain bullet", item.line),
        });
    };
    let lines = parse::Lines::new(body);
    let line = lines.range(body, item.line);
    let mut edits: Vec<(std::ops::Range<usize>, String)> = vec![(checkbox, "[x]".to_string())];
    if let Some(l) = link {
        let line_text = &body[line.clone()];
        if !line_text.contains(l) {
            let old_url =
                evidence_placeholder(line_text).map(|(s, e)| line.start + s..line.start + e);
            match (item.placeholder.clone(), old_url) {
                (Some(p), _) if p.end <= line.end => edits.push((p, l.to_string())),
                (_, Some(u)) => edits.push((u, l.to_string())),
                _ => {
                    let trimmed = line_text.trim_end();
                    let at = line.start + trimmed.len();
                    let sep = if trimmed.ends_with(':') { " " } else { ": " };
                    edits.push((at..at, format!("{sep}{l}")));
                }
            }
        }
    }
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut out = body.to_string();
    for (r, text) in edits {
        out.replace_range(r, &text);
    }
    Ok(out)
}

/// The old template's `https://link-to-...` placeholder target, as a byte range in the line.
fn evidence_placeholder(line: &str) -> Option<(usize, usize)> {
    let start = line
        .find("https://link-to-")
        .or_else(|| line.find("/link-to-"))?;
    let len = line[start..]
        .find([')', ' ', ']'])
        .unwrap_or(line.len() - start);
    let url = &line[start..start + len];
    evidence::is_placeholder(url).then_some((start, start + len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_links_are_plain_urls_of_the_steps_host() {
        assert!(check_link(
            StepId::ImagePromotion,
            "https://github.com/kubernetes/k8s.io/pull/9350"
        )
        .is_ok());
        assert!(check_link(
            StepId::NomockStage,
            "https://console.cloud.google.com/cloud-build/builds;region=global/aaaa?project=1"
        )
        .is_ok());
        for (step, bad) in [
            (StepId::ImagePromotion, "https://evil.example/x"),
            (StepId::ImagePromotion, "https://github.com@evil.example/x"),
            (
                StepId::ImagePromotion,
                "https://github.com/x)[**a**](https://evil.example/",
            ),
            (StepId::ImagePromotion, "https://github.com/x <b>"),
            (StepId::Email, "https://github.com/kubernetes/k8s.io/pull/1"),
            (StepId::Email, "ftp://groups.google.com/x"),
            (StepId::Email, "https://groups.google.com/@team"),
        ] {
            assert!(check_link(step, bad).is_err(), "{bad}");
        }
        // Issue 20: what tick takes is what the reader takes as evidence (the step table).
        assert!(check_link(
            StepId::Metrics,
            "https://console.cloud.google.com/cloud-build/builds;region=global/b?project=1"
        )
        .is_ok());
        let e = check_link(StepId::Metrics, "https://docs.google.com/document/d/x").unwrap_err();
        assert_eq!(
            e.to_string(),
            "`metrics` is proven by a GitHub link or a Cloud Build log, not by a link to that host: pass a GitHub link or a Cloud Build log"
        );
        for step in StepId::ALL {
            for kind in step.spec().proof {
                assert!(step.spec().tick_kinds().contains(kind), "{step}: {kind:?}");
            }
        }
    }
}
