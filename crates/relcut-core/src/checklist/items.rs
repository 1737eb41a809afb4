//! The first pass of reading: list items to steps, by what their text means in any template era
//! (the step table's recognition rules) and the group they sit under.
//!
//! Linear in the body whatever its shape: each item's meaning is computed once, its group and
//! enclosing step come from its parent's, and a step's evidence is read from its own subtree, a
//! contiguous run of items.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex_lite::Regex;

use super::parse::Doc;
use super::warning::{Warning, WarningId};
use super::{RetiredReading, Source, StepReading, StepState};
use crate::evidence::{self, Link, LinkKind};
use crate::step::{Group, RetiredItem, StepId, RETIRED, STEPS};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Meaning {
    Group(Group),
    Step(StepId),
    /// The E0–E2 `Stage & release` item: every grouped step at once.
    StageAndRelease,
    /// `Stage` or `Release`, whose step depends on the group it sits under.
    GroupWord(&'static str),
    /// An item of an older template that relcut has no step for (index in [`RETIRED`]).
    Retired(usize),
    Nothing,
}

pub(super) fn meaning(text: &str) -> Meaning {
    let t = text.trim().to_ascii_lowercase();
    let t = t.trim_start_matches(['*', '_', '~', ' ']);
    let first = t
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .find(|w| !w.is_empty())
        .unwrap_or("");
    if let Some(g) = Group::of(t) {
        return Meaning::Group(g);
    }
    if let Some(spec) = STEPS.iter().find(|s| s.named_by(t, first, true)) {
        return Meaning::Step(spec.id);
    }
    if [
        "stage & release",
        "stage and release",
        "stage &amp; release",
    ]
    .iter()
    .any(|k| t.contains(k))
    {
        return Meaning::StageAndRelease;
    }
    if let Some(spec) = STEPS.iter().find(|s| s.named_by(t, first, false)) {
        return Meaning::Step(spec.id);
    }
    if let Some(r) = RetiredItem::named_by(t) {
        return Meaning::Retired(RETIRED.iter().position(|x| std::ptr::eq(x, r)).unwrap_or(0));
    }
    STEPS
        .iter()
        .filter_map(|s| s.recognise.in_group)
        .find(|(_, w)| *w == first)
        .map_or(Meaning::Nothing, |(_, w)| Meaning::GroupWord(w))
}

/// The grouped step a `Stage`/`Release` item names under `group`.
fn grouped_step(group: Group, word: &str) -> Option<StepId> {
    STEPS
        .iter()
        .find(|s| s.recognise.in_group == Some((group, word)))
        .map(|s| s.id)
}

/// Sections whose items are not steps.
fn ignored_section(s: &str) -> bool {
    let s = s.to_ascii_lowercase();
    s.contains("action item") || s.contains("open question") || s.contains("blocking")
}

/// What the walk knows about each item, computed in one pass (parents precede children).
struct Tree {
    meanings: Vec<Meaning>,
    /// The nearest enclosing group (or `Stage & release`) item.
    group: Vec<Option<usize>>,
    /// A step encloses the item: it is a sub-task, not a step (a "Publishing Bot Update"
    /// under the branch creation tasks is not the publishing-bot check).
    under_step: Vec<bool>,
    /// The item's subtree is `i + 1..end[i]`.
    end: Vec<usize>,
}

impl Tree {
    fn new(doc: &Doc) -> Tree {
        let n = doc.items.len();
        let meanings: Vec<Meaning> = doc.items.iter().map(|i| meaning(&i.text)).collect();
        let mut group = vec![None; n];
        let mut under_step = vec![false; n];
        let mut end = vec![n; n];
        let mut open: Vec<usize> = Vec::new();
        for (i, item) in doc.items.iter().enumerate() {
            if let Some(p) = item.parent {
                group[i] = match meanings[p] {
                    Meaning::Group(_) | Meaning::StageAndRelease => Some(p),
                    _ => group[p],
                };
                under_step[i] = matches!(meanings[p], Meaning::Step(_)) || under_step[p];
            }
            while let Some(&top) = open.last() {
                if Some(top) == item.parent {
                    break;
                }
                end[top] = i;
                open.pop();
            }
            open.push(i);
        }
        Tree {
            meanings,
            group,
            under_step,
            end,
        }
    }
}

/// What the items name: the steps, each from its first item; the retired items of older
/// templates; the warnings of the mapping.
pub(super) struct Mapped {
    pub steps: Vec<StepReading>,
    pub retired: Vec<RetiredReading>,
    pub warnings: Vec<Warning>,
}

pub(super) fn map(doc: &Doc, is_patch: bool) -> Mapped {
    let tree = Tree::new(doc);
    let mut steps: Vec<StepReading> = Vec::new();
    let mut retired: Vec<RetiredReading> = Vec::new();
    // Each step's links as a set, beside it: a step of thousands of items stays linear.
    let mut links: Vec<HashSet<String>> = Vec::new();
    let mut warnings = Vec::new();
    for (idx, item) in doc.items.iter().enumerate() {
        if tree.under_step[idx] || ignored_section(&item.section) {
            continue;
        }
        let ids: Vec<StepId> = match tree.meanings[idx] {
            Meaning::Step(id) => vec![id],
            Meaning::StageAndRelease => STEPS
                .iter()
                .filter(|s| s.recognise.in_group.is_some())
                .map(|s| s.id)
                .collect(),
            Meaning::GroupWord(word) => match tree.group[idx].map(|g| tree.meanings[g]) {
                Some(Meaning::Group(g)) => grouped_step(g, word).into_iter().collect(),
                _ => {
                    if item.checkbox.is_some() {
                        warnings.push(Warning::new(
                            WarningId::OutsideGroup,
                            Some(item.line),
                            format!(
                                "`{}` is outside a Mock Run / NoMock Run group, so it is not counted",
                                quoted(&first_line(&item.text))
                            ),
                        ));
                    }
                    vec![]
                }
            },
            Meaning::Nothing => {
                let ticked = item.checkbox.as_ref().is_some_and(|c| c.0);
                if ticked && tree.group[idx].is_none() {
                    warnings.push(Warning::new(
                        WarningId::UnknownItem,
                        Some(item.line),
                        format!(
                            "`{}` is ticked but is no step relcut knows, so it is not counted",
                            quoted(&clean_label(&first_line(&item.text)))
                        ),
                    ));
                }
                vec![]
            }
            Meaning::Retired(r) => {
                let (evidence, _) = evidence_of(doc, &tree, idx);
                retired.push(RetiredReading::new(
                    &RETIRED[r],
                    label_of(doc, &tree, idx),
                    item.checkbox.as_ref().is_some_and(|c| c.0),
                    item.line,
                    evidence.into_iter().map(|l| l.url).collect(),
                ));
                vec![]
            }
            Meaning::Group(_) => vec![],
        };
        for id in ids {
            let reading = step_from_item(doc, &tree, idx, id, is_patch);
            match steps.iter().position(|s| s.id == id) {
                Some(at) => merge(&mut steps[at], &mut links[at], reading),
                None => {
                    links.push(reading.links.iter().cloned().collect());
                    steps.push(reading);
                }
            }
        }
    }
    Mapped {
        steps,
        retired,
        warnings,
    }
}

/// A second item for a step already read (a notify item per channel): its links join the
/// first's (`seen` holds the first's links), and the step is only as far as its least finished
/// item.
fn merge(first: &mut StepReading, seen: &mut HashSet<String>, more: StepReading) {
    let rank = |s: StepState| match s {
        StepState::Open => 0,
        StepState::InProgress => 1,
        StepState::Done => 2,
        StepState::Skipped => 3,
    };
    for link in more.evidence {
        if seen.insert(link.url.clone()) {
            first.links.push(link.url.clone());
            first.evidence.push(link);
        }
    }
    first.more_lines.push(more.line);
    if more.state != StepState::Skipped
        && (first.state == StepState::Skipped || rank(more.state) < rank(first.state))
    {
        first.state = more.state;
        first.reason = more.reason;
    }
    first.checked &= more.checked;
}

fn skip_marker(text: &str, is_patch: bool) -> Option<String> {
    static MARKER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i-u)(\bn/a\b|\bnot relevant\b|\bnot applicable\b|\bnot needed\b|\bskip(ped)?\b|\bnot required\b)")
            .expect("static regex")
    });
    let lower = text.to_ascii_lowercase();
    // Every marker holds one of these: most labels are done without running the pattern.
    if !(lower.contains("n/a") || lower.contains("not ") || lower.contains("skip")) {
        return None;
    }
    if lower.contains("skip for patch releases") {
        if is_patch {
            return Some("skip for patch releases".into());
        }
        let rest = lower.replace("skip for patch releases", "");
        return MARKER.find(&rest).map(|m| m.as_str().to_string());
    }
    MARKER.find(text).map(|m| m.as_str().to_string())
}

/// How much of an item a warning quotes: enough to find it, as the status table cuts labels;
/// a line of 150 KB is not repeated whole.
const QUOTE_CHARS: usize = 60;

/// `text`, cut to [`QUOTE_CHARS`] with `...` when longer.
pub(super) fn quoted(text: &str) -> String {
    match text.char_indices().nth(QUOTE_CHARS) {
        None => text.to_string(),
        Some(_) => {
            let end = text
                .char_indices()
                .nth(QUOTE_CHARS - 3)
                .map_or(text.len(), |(i, _)| i);
            format!("{}...", &text[..end])
        }
    }
}

pub(super) fn first_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .to_string()
}

/// The evidence URLs of an item: its own and those of descendants that are not steps
/// themselves, deduplicated, placeholders and references left out; and its sub-task boxes.
fn evidence_of(doc: &Doc, tree: &Tree, idx: usize) -> (Vec<Link>, Vec<bool>) {
    let own_step = matches!(tree.meanings[idx], Meaning::Step(_));
    let mut urls: Vec<&str> = doc.items[idx].urls.iter().map(String::as_str).collect();
    let mut child_boxes = Vec::new();
    for j in idx + 1..tree.end[idx] {
        if own_step || tree.meanings[j] == Meaning::Nothing {
            let other = &doc.items[j];
            urls.extend(other.urls.iter().map(String::as_str));
            if let Some((c, _)) = &other.checkbox {
                child_boxes.push(*c);
            }
        }
    }
    let mut seen = HashSet::new();
    let evidence = urls
        .into_iter()
        .filter(|u| !evidence::is_placeholder(u) && u.starts_with("http") && seen.insert(*u))
        .map(Link::new)
        .filter(|l| !matches!(l.kind, LinkKind::PublishingBotIssue | LinkKind::Reference))
        .collect();
    (evidence, child_boxes)
}

/// Where the first non-empty line of `text` is, trimmed.
fn first_line_range(text: &str) -> std::ops::Range<usize> {
    let mut at = 0;
    for line in text.split('\n') {
        let t = line.trim();
        if !t.is_empty() {
            let start = at + (line.len() - line.trim_start().len());
            return start..start + t.len();
        }
        at += line.len() + 1;
    }
    0..0
}

/// Only what stands between two links: `and`, `,`, `/`, `also`.
fn only_connectors(gap: &str) -> bool {
    gap.split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|w| !w.is_empty())
        .all(|w| is_connector(w) || is_pointer(w))
}

/// A word that only points at the link after it (`see <url>`, `also <url>`): it goes with the
/// link.
fn is_pointer(w: &str) -> bool {
    let w = w.trim_start_matches(['(', '[']).trim_end_matches(':');
    ["see", "also", "at", "via", "cf", "cf.", "here"]
        .iter()
        .any(|p| w.eq_ignore_ascii_case(p))
}

/// `gap` without the pointer words at its end, an opening bracket before them kept (`(see `
/// leaves `(`, which `clean_label` drops with its `)` once nothing stands between them).
fn without_pointers(gap: &str) -> &str {
    let mut kept = gap.trim_end();
    loop {
        let start = kept.rfind(char::is_whitespace).map_or(0, |i| i + 1);
        let word = &kept[start..];
        if word.is_empty() || !is_pointer(word) {
            return if kept.len() == gap.trim_end().len() {
                gap
            } else {
                kept
            };
        }
        let brackets = word.len() - word.trim_start_matches(['(', '[']).len();
        kept = &kept[..start + brackets];
        if brackets > 0 {
            return kept;
        }
        kept = kept.trim_end();
    }
}

/// A word follows the link (`PR: <url> releng: Image promotion…`), not a connector or a pointer
/// to the next link (`<url> and #kubernetes-dev: <url>`).
fn words_follow(after: &str) -> bool {
    after
        .split_whitespace()
        .next()
        .is_some_and(|w| w.starts_with(char::is_alphanumeric) && !is_connector(w) && !is_pointer(w))
}

fn is_connector(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().as_str(),
        "and" | "or" | "&" | "&amp;" | "|" | "/" | "-" | "," | "+"
    )
}

/// The item's first line without its links, whitespace collapsed. A bare URL always goes; a
/// Markdown link's text goes when it only stands as evidence: after the colon that introduces
/// it (`on #release-management: [thread](url)`) or after another removed link with only a
/// connector between; elsewhere it is part of the sentence (`Notify [#sig-release](url)`).
/// The colon that introduced a removed link goes with it, and what stood between two removed
/// links; all other words stay where they were, so the label keeps its meaning.
fn label_of(doc: &Doc, tree: &Tree, idx: usize) -> String {
    let item = &doc.items[idx];
    let range = first_line_range(&item.text);
    let first = &item.text[range.clone()];
    let own: HashSet<&str> = item.urls.iter().map(String::as_str).collect();
    // (where, removed whatever precedes it)
    let mut pieces: Vec<(std::ops::Range<usize>, bool)> = evidence::link_spans(first)
        .into_iter()
        .filter(|(_, url)| own.contains(url.as_str()))
        .map(|(r, _)| (r, true))
        .collect();
    pieces.extend(
        item.link_texts
            .iter()
            .filter(|(r, _)| !r.is_empty() && r.start >= range.start && r.end <= range.end)
            .map(|(r, _)| (r.start - range.start..r.end - range.start, false)),
    );
    pieces.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    // A URL written as a link's text makes the whole link text a URL.
    let mut merged: Vec<(std::ops::Range<usize>, bool)> = Vec::with_capacity(pieces.len());
    for (r, always) in pieces {
        match merged.last_mut() {
            Some((last, last_always)) if r.start < last.end => *last_always |= always,
            _ => merged.push((r, always)),
        }
    }
    let mut label = String::with_capacity(first.len());
    let mut at = 0;
    let mut removed_before = false;
    for (r, always) in merged {
        let gap = &first[at..r.start];
        let bare_gap = without_pointers(gap);
        let introduced = bare_gap.trim_end().strip_suffix(':');
        let between = removed_before && only_connectors(gap);
        // A link text that names something (a tag, a channel, a person) says more than
        // `thread` or `link`: it stays.
        let names =
            !always && first[r.clone()].contains(|c: char| c.is_ascii_digit() || "#@".contains(c));
        // The colon stays when words follow the link.
        let words_follow = words_follow(&first[r.end..]);
        if !names && (always || introduced.is_some() || between) {
            match introduced {
                _ if between => {}
                Some(before) if !words_follow => label.push_str(before),
                _ => label.push_str(bare_gap),
            }
            removed_before = true;
        } else {
            label.push_str(gap);
            label.push_str(&first[r.clone()]);
            removed_before = false;
        }
        at = r.end;
    }
    let tail = &first[at..];
    // The full stop after a removed link ends the sentence the link ended.
    if !(removed_before && tail.chars().all(|c| c.is_whitespace() || ".;!".contains(c))) {
        label.push_str(tail);
    }
    let label = clean_label(&label);
    match tree.group[idx] {
        Some(g) if matches!(tree.meanings[idx], Meaning::GroupWord(_)) => {
            format!("{} > {label}", first_line(&doc.items[g].text))
        }
        _ => label,
    }
}

/// A label without what the removed links left behind: the `/p…` tail of a Slack URL, empty
/// `()` or `[]`, a bracket left unbalanced, and connectors with nothing after them (`Image
/// Promotion: <url> and <url>` reads `Image Promotion`).
pub(super) fn clean_label(text: &str) -> String {
    static SLACK_TAIL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"/p\d{6,}\S*").expect("static regex"));
    // Brackets holding nothing, or only what stood between two links.
    static EMPTY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\(\s*(?:(?:and|or|&|\||/|,|-)\s*)*\)|\[\s*(?:(?:and|or|&|\||/|,|-)\s*)*\]")
            .expect("static regex")
    });
    // The patterns need these literals; most labels have none and skip both searches.
    let mut t = if text.contains("/p") {
        SLACK_TAIL.replace_all(text, "").into_owned()
    } else {
        text.to_string()
    };
    if t.contains(['(', '[']) {
        t = EMPTY.replace_all(&t, "").into_owned();
    }
    for (open, close) in [('(', ')'), ('[', ']')] {
        if t.matches(open).count() != t.matches(close).count() {
            t = t.replace([open, close], "");
        }
    }
    let mut words: Vec<&str> = t.split_whitespace().collect();
    let connector = is_connector;
    // Connectors between nothing: doubled, first, or at the end (a word ending in `:` starts
    // a new part of the label, so `#release-management: and #kubernetes-dev` keeps its `and`).
    let mut kept: Vec<&str> = Vec::with_capacity(words.len());
    for w in words.drain(..) {
        if connector(w) && kept.last().is_none_or(|p| connector(p)) {
            continue;
        }
        kept.push(w);
    }
    while kept.last().is_some_and(|w| connector(w)) {
        kept.pop();
    }
    kept.join(" ")
        .trim_end_matches([':', ' ', '/', '-', ',', '|'])
        .to_string()
}

fn step_from_item(doc: &Doc, tree: &Tree, idx: usize, id: StepId, is_patch: bool) -> StepReading {
    let item = &doc.items[idx];
    let (evidence, child_boxes) = evidence_of(doc, tree, idx);
    let links: Vec<String> = evidence.iter().map(|l| l.url.clone()).collect();
    let checked = item.checkbox.as_ref().is_some_and(|c| c.0);
    let alnum = item.text.chars().filter(|c| c.is_alphanumeric()).count();
    let struck = item.struck_chars > 0 && item.struck_chars * 2 >= alnum;
    let group_text = tree.group[idx].map_or("", |g| doc.items[g].text.as_str());
    let kinds = id.spec().proof;
    let proven = evidence.iter().any(|l| kinds.contains(&l.kind));

    let marker = skip_marker(&item.text, is_patch).or_else(|| skip_marker(group_text, is_patch));
    // The template's own `(skip for patch releases)` states the handbook's rule.
    let reason_source = marker
        .as_deref()
        .filter(|m| *m == "skip for patch releases")
        .map(|_| crate::source::PATCH_SKIPS_MOCK);
    let (state, reason) = if struck {
        (StepState::Skipped, Some("struck through".to_string()))
    } else if let Some(m) = marker {
        (StepState::Skipped, Some(format!("marked `{m}`")))
    } else if checked {
        (StepState::Done, None)
    } else if !child_boxes.is_empty() && child_boxes.iter().all(|c| *c) {
        (
            StepState::Done,
            Some("every sub-task is ticked".to_string()),
        )
    } else if proven && item.checkbox.is_some() {
        (
            StepState::InProgress,
            Some(format!(
                "links its evidence but is not ticked: tick it once {}",
                id.spec().done_when
            )),
        )
    } else if proven {
        // A bullet without a box (some eras' items) has nothing to tick: its link is all.
        (
            StepState::Done,
            Some("no box to tick, but it links its evidence".to_string()),
        )
    } else {
        (StepState::Open, None)
    };
    StepReading {
        id,
        label: label_of(doc, tree, idx),
        state,
        checked,
        links,
        evidence,
        line: item.line,
        source: if item.checkbox.is_some() {
            Source::Checkbox
        } else {
            Source::Bullet
        },
        reason_source: if struck { None } else { reason_source },
        reason,
        more_lines: Vec::new(),
        item: Some(idx),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meanings() {
        assert_eq!(
            meaning("Screenshot unhealthy release branch testgrid boards"),
            Meaning::Step(StepId::Testgrid)
        );
        assert_eq!(
            meaning("Send notification [email](https://link-to-email)"),
            Meaning::Step(StepId::Email)
        );
        assert_eq!(
            meaning("send notification mail"),
            Meaning::Step(StepId::Email)
        );
        // 2021-era issues (kubernetes/sig-release#1628's generation).
        assert_eq!(
            meaning(
                "Send release announcement: https://groups.google.com/g/kubernetes-announce/c/x"
            ),
            Meaning::Step(StepId::Email)
        );
        assert_eq!(
            meaning("Notify #release-management]: "),
            Meaning::Step(StepId::SlackNotify)
        );
        assert_eq!(
            meaning("notify [#sig-release](x)"),
            Meaning::Step(StepId::SlackNotify)
        );
        assert_eq!(meaning("stage & release"), Meaning::StageAndRelease);
        assert_eq!(
            meaning("Mock Run (skip for patch releases)"),
            Meaning::Group(Group::Mock)
        );
        assert_eq!(meaning("NoMock Run"), Meaning::Group(Group::Nomock));
        assert_eq!(meaning("Release"), Meaning::GroupWord("release"));
        assert_eq!(
            meaning("Image Promotion PR: "),
            Meaning::Step(StepId::ImagePromotion)
        );
        assert_eq!(
            meaning("Update [`schedule.yaml` file](x) with the latest release"),
            Meaning::Step(StepId::Schedule)
        );
        assert_eq!(
            meaning("Publish packages (debs & rpms)"),
            Meaning::Retired(0)
        );
        assert_eq!(meaning("Water the office plants"), Meaning::Nothing);
        assert_eq!(
            meaning("PR for Code thaw: https://x"),
            Meaning::Step(StepId::CodeThaw)
        );
    }

    /// Shapes of kubernetes/sig-release#1628 (2021) and #675 (2019).
    #[test]
    fn labels_lose_what_the_links_left() {
        for (raw, want) in [
            ("Image Promotion:  and ", "Image Promotion"),
            ("Send release announcement: ()", "Send release announcement"),
            (
                "Notify #release-management]: ",
                "Notify #release-management",
            ),
            ("notify #sig-release | ", "notify #sig-release"),
            (
                "Notify #release-management: see /p1626395399222000?thread_ts=1",
                "Notify #release-management: see",
            ),
            ("Image Promotion PR ( & )", "Image Promotion PR"),
            ("Stage & release", "Stage & release"),
        ] {
            assert_eq!(clean_label(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn quotes_are_cut_short() {
        assert_eq!(quoted("Water the plants"), "Water the plants");
        let long = "é".repeat(200);
        let q = quoted(&long);
        assert_eq!(q.chars().count(), QUOTE_CHARS);
        assert!(q.ends_with("..."));
        assert_eq!(quoted(&"x".repeat(QUOTE_CHARS)), "x".repeat(QUOTE_CHARS));
    }

    #[test]
    fn every_template_line_is_recognised_as_its_step() {
        for spec in &STEPS {
            let Some(t) = spec.template else { continue };
            let want = match spec.recognise.in_group {
                Some((_, w)) => Meaning::GroupWord(w),
                None => Meaning::Step(spec.id),
            };
            assert_eq!(meaning(t.text), want, "{}", spec.name);
        }
    }
}
