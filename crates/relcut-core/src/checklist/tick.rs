//! Ticking one step: its box becomes `[x]`, its evidence link goes where the placeholder was.
//! Exactly one line changes, and every byte outside the edit (line endings included) stays.

use crate::evidence;
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
    #[error("`{link}` is not a link: pass one http(s) URL without spaces")]
    BadLink { link: String },
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
        let ok = (l.starts_with("https://") || l.starts_with("http://"))
            && !l
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '`'));
        if !ok {
            return Err(TickError::BadLink {
                link: l.to_string(),
            });
        }
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
