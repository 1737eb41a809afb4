//! The Markdown walk: list items with their checkbox, own text, links and source offsets, the
//! HTML comments, and the "Scheduled to happen" value. Offsets index the original body, so that
//! ticking a box edits exactly the bytes it means to.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::evidence;

#[derive(Debug, Clone, Default)]
pub(crate) struct Item {
    /// 1-based line of the item's marker.
    pub line: usize,
    pub parent: Option<usize>,
    pub checkbox: Option<(bool, Range<usize>)>,
    /// The item's own text (not its children's), HTML comments left out.
    pub text: String,
    /// Where the item's own text is written in the body, from its marker to the end of its
    /// last own paragraph, continuation lines included and its child items left out: link
    /// targets and titles wrapped onto the next line are read from here.
    pub span: Range<usize>,
    pub struck_chars: usize,
    /// Link targets and bare URLs in the item's own text, placeholders included.
    pub urls: Vec<String>,
    /// Where each Markdown link's text is in `text`, with its target: labels drop the text of
    /// a link that only stands as evidence (`on #release-management: [thread](url)`).
    pub link_texts: Vec<(Range<usize>, String)>,
    /// The first `<!-- Paste ... -->` comment on the item's first line.
    pub placeholder: Option<Range<usize>>,
    /// The heading the item sits under.
    pub section: String,
    /// Where its code spans are, in `text` and in the body: GitHub links nothing inside them
    /// (`` `kubernetes/k8s.io#9811` `` is no link), so neither does relcut.
    pub code: Vec<Range<usize>>,
    pub code_in_body: Vec<Range<usize>>,
}

impl Item {
    fn push_text(&mut self, t: &str, struck: bool, code_in_body: Option<Range<usize>>) {
        let at = self.text.len();
        self.text.push_str(t);
        if struck {
            self.struck_chars += t.chars().filter(|c| c.is_alphanumeric()).count();
        }
        if let Some(r) = code_in_body {
            self.code.push(at..self.text.len());
            self.code_in_body.push(r);
        }
    }

    fn start_link(&mut self, dest_url: &str) {
        self.urls.push(dest_url.to_string());
        let at = self.text.len();
        self.link_texts.push((at..at, dest_url.to_string()));
    }

    fn end_link(&mut self) {
        let end = self.text.len();
        if let Some((r, _)) = self.link_texts.last_mut() {
            r.end = end;
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Comment {
    pub text: String,
    pub line: usize,
}

#[derive(Debug, Default)]
pub(crate) struct Doc {
    pub items: Vec<Item>,
    pub comments: Vec<Comment>,
    /// The text after "Scheduled to happen", and its line.
    pub scheduled: Option<(String, usize)>,
}

pub(crate) struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    /// 1-based line of a byte offset.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    /// Byte range of a 1-based line, without its `\n` or `\r\n`.
    pub fn range(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.starts[line - 1];
        let mut end = self.starts.get(line).map(|s| s - 1).unwrap_or(text.len());
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }
}

/// How deep relcut looks into nested lists. The templates nest two levels and hand-edited issues
/// three or four; deeper items (a line of thousands of `- ` markers) are not read at all, so
/// that nothing downstream pays for their depth.
pub(crate) const MAX_DEPTH: usize = 16;

pub(crate) fn parse(body: &str) -> Doc {
    let lines = Lines::new(body);
    let mut doc = Doc::default();
    let mut stack: Vec<usize> = Vec::new();
    // List items open, read or not: those past MAX_DEPTH are not on `stack`.
    let mut depth = 0usize;
    let mut strike = 0usize;
    let mut section = String::new();
    let mut block = String::new();
    let mut block_line = 0usize;
    let mut in_heading = false;
    let mut html_block: Option<(String, usize)> = None;
    // The item whose Markdown link the walk is in.
    let mut link_in: Option<usize> = None;

    let options = Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        grow_span(&mut doc, &stack, depth, &event, &range);
        match event {
            Event::Start(Tag::Item) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    continue;
                }
                doc.items.push(Item {
                    line: lines.line_of(range.start),
                    parent: stack.last().copied(),
                    section: section.clone(),
                    span: range.start..range.start,
                    ..Item::default()
                });
                stack.push(doc.items.len() - 1);
            }
            Event::End(TagEnd::Item) => {
                if depth <= MAX_DEPTH {
                    stack.pop();
                }
                depth = depth.saturating_sub(1);
            }
            Event::TaskListMarker(checked) => {
                if let Some(top) = item_at(&stack, depth) {
                    doc.items[top].checkbox = Some((checked, range));
                }
            }
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                block.clear();
                block_line = lines.line_of(range.start);
            }
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                section = block.trim().to_string();
                note_scheduled(&mut doc, &block, block_line);
            }
            Event::Start(Tag::Paragraph) => {
                block.clear();
                block_line = lines.line_of(range.start);
            }
            Event::End(TagEnd::Paragraph) => note_scheduled(&mut doc, &block, block_line),
            // Kept in the block, so that a superseded date stays visible but is not read.
            Event::Start(Tag::Strikethrough) => strike_edge(&mut strike, &mut block, true),
            Event::End(TagEnd::Strikethrough) => strike_edge(&mut strike, &mut block, false),
            Event::Start(Tag::Link { dest_url, .. }) => {
                link_in = item_at(&stack, depth);
                if let Some(top) = link_in {
                    doc.items[top].start_link(&dest_url);
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some(top) = link_in.take() {
                    doc.items[top].end_link();
                }
            }
            Event::Text(t) => {
                block.push_str(&t);
                if let Some(top) = item_at(&stack, depth).filter(|_| !in_heading) {
                    doc.items[top].push_text(&t, strike > 0, None);
                }
            }
            Event::Code(t) => {
                block.push_str(&t);
                if let Some(top) = item_at(&stack, depth).filter(|_| !in_heading) {
                    doc.items[top].push_text(&t, strike > 0, Some(range));
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                block.push('\n');
                if let Some(top) = item_at(&stack, depth) {
                    doc.items[top].text.push('\n');
                }
            }
            Event::Start(Tag::HtmlBlock) => {
                html_block = Some((String::new(), lines.line_of(range.start)));
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((text, line)) = html_block.take() {
                    push_comments(&mut doc, &text, line);
                }
            }
            Event::Html(h) => match &mut html_block {
                Some((text, _)) => text.push_str(&h),
                None => push_comments(&mut doc, &h, lines.line_of(range.start)),
            },
            Event::InlineHtml(h) => {
                // `<del>`/`<s>` strike through like `~~`: a postponed date is often written so.
                if let Some(open) = strike_tag(&h) {
                    strike_edge(&mut strike, &mut block, open);
                }
                let line = lines.line_of(range.start);
                if let Some(top) = item_at(&stack, depth) {
                    note_placeholder(&mut doc.items[top], &h, line, &range);
                }
                push_comments(&mut doc, &h, line);
            }
            _ => {}
        }
    }
    add_text_urls(&mut doc, body);
    doc
}

/// The innermost item's own text reaches at least to the end of `event`, until its first child
/// item starts (a child comes after its parent, so the parent is then no longer the last item
/// read). Constant work per event.
fn grow_span(
    doc: &mut Doc,
    stack: &[usize],
    depth: usize,
    event: &Event<'_>,
    range: &Range<usize>,
) {
    if matches!(
        event,
        Event::Start(Tag::Item | Tag::List(_)) | Event::End(TagEnd::Item | TagEnd::List(_))
    ) {
        return;
    }
    let Some(top) = item_at(stack, depth) else {
        return;
    };
    if top + 1 == doc.items.len() {
        let span = &mut doc.items[top].span;
        span.end = span.end.max(range.end);
    }
}

/// Bare URLs (and `kubernetes/k8s.io#N` references) in an item's text join its link targets
/// (a set, so that thousands stay linear), all in the order the item's text has them: the
/// parser reports link targets before the text's bare URLs are found.
fn add_text_urls(doc: &mut Doc, body: &str) {
    for item in &mut doc.items {
        let targets = item.urls.len();
        let mut seen: HashSet<String> = item.urls.iter().cloned().collect();
        for url in evidence::links_in(&blank(&item.text, &item.code, 0)) {
            if seen.insert(url.clone()) {
                item.urls.push(url);
            }
        }
        // Without link targets the text's own order is the order already: no second scan.
        if targets == 0 || item.urls.len() < 2 {
            continue;
        }
        let raw = body.get(item.span.clone()).unwrap_or_default();
        let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (r, url) in evidence::link_spans(raw) {
            at.entry(url).or_insert(r.start);
        }
        // Stable: a URL not found as written (an entity in it, say) keeps its place at the end.
        item.urls
            .sort_by_key(|u| at.get(u).copied().unwrap_or(usize::MAX));
    }
}

/// `text` (which starts at byte `offset` of what `spans` index) with the bytes of `spans`
/// blanked out, offsets kept: for finding links outside code spans. Borrowed when there is
/// nothing to blank.
pub(crate) fn blank<'a>(
    text: &'a str,
    spans: &[Range<usize>],
    offset: usize,
) -> std::borrow::Cow<'a, str> {
    let end = offset + text.len();
    let inside: Vec<Range<usize>> = spans
        .iter()
        .filter(|r| r.start >= offset && r.end <= end)
        .map(|r| r.start - offset..r.end - offset)
        .collect();
    if inside.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in inside {
        // Spans come from the parser, in order and on char boundaries; a stray one is skipped.
        let (Some(before), Some(code)) = (text.get(at..r.start), text.get(r.clone())) else {
            continue;
        };
        out.push_str(before);
        out.extend(std::iter::repeat_n(' ', code.len()));
        at = r.end;
    }
    out.push_str(&text[at..]);
    std::borrow::Cow::Owned(out)
}

/// The first `<!-- Paste ... -->` on the item's own line is where its evidence link goes.
fn note_placeholder(item: &mut Item, html: &str, line: usize, range: &Range<usize>) {
    if html.starts_with("<!--")
        && item.placeholder.is_none()
        && line == item.line
        && html.to_ascii_lowercase().contains("paste")
    {
        item.placeholder = Some(range.clone());
    }
}

/// The item the walk is in, unless it is deeper than relcut looks.
fn item_at(stack: &[usize], depth: usize) -> Option<usize> {
    if depth > MAX_DEPTH {
        None
    } else {
        stack.last().copied()
    }
}

fn push_comments(doc: &mut Doc, html: &str, line: usize) {
    let mut rest = html;
    let mut line = line;
    while let Some(start) = rest.find("<!--") {
        line += rest[..start].matches('\n').count();
        let after = &rest[start + 4..];
        let (text, next) = match after.find("-->") {
            Some(end) => (&after[..end], &after[end + 3..]),
            None => (after, ""),
        };
        doc.comments.push(Comment {
            text: text.to_string(),
            line,
        });
        line += text.matches('\n').count();
        rest = next;
    }
}

fn note_scheduled(doc: &mut Doc, block: &str, line: usize) {
    if doc.scheduled.is_some() {
        return;
    }
    let trimmed = block.trim_start();
    let lower = trimmed.to_ascii_lowercase();
    let key = "scheduled to happen";
    if let Some(pos) = lower.find(key) {
        if pos > 20 {
            return;
        }
        let rest = trimmed[pos + key.len()..].trim_start_matches([':', ' ', '*', '_']);
        // Lines that only hold a struck-through (superseded) date lead to the line with the
        // date in force: `~~Mon, June 17th 2019~~` then `**Wed, June 19 2019**`.
        let mut value = String::new();
        for l in rest.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if !value.is_empty() {
                value.push(' ');
            }
            value.push_str(l);
            if !without_struck(l).trim().is_empty() {
                break;
            }
        }
        doc.scheduled = Some((value.trim_end_matches(['*', '_']).trim().to_string(), line));
    }
}

fn strike_edge(strike: &mut usize, block: &mut String, open: bool) {
    *strike = if open {
        *strike + 1
    } else {
        strike.saturating_sub(1)
    };
    block.push_str("~~");
}

/// `Some(true)` for an opening `<del>`, `<s>` or `<strike>` tag, `Some(false)` for its closing
/// tag, `None` for any other HTML.
fn strike_tag(html: &str) -> Option<bool> {
    let t = html.trim();
    let (open, rest) = match t.strip_prefix("</") {
        Some(rest) => (false, rest),
        None => (true, t.strip_prefix('<')?),
    };
    let end = rest
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    let closed_well = rest[end..].starts_with(['>', ' ', '\t', '\n']);
    (closed_well
        && ["del", "s", "strike"]
            .iter()
            .any(|n| rest[..end].eq_ignore_ascii_case(n)))
    .then_some(open)
}

/// `text` without its `~~struck~~` parts.
pub(super) fn without_struck(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split("~~").enumerate() {
        if i % 2 == 0 {
            out.push_str(part);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_checkboxes_and_offsets() {
        let body = "## Release Steps\r\n\r\n- [X] One: <!-- Paste link to slack -->\r\n- NoMock Run\r\n  - [ ] Stage\r\n";
        let doc = parse(body);
        assert_eq!(doc.items.len(), 3);
        let one = &doc.items[0];
        assert_eq!(one.line, 3);
        let (checked, r) = one.checkbox.clone().unwrap();
        assert!(checked, "upper-case X counts");
        assert_eq!(&body[r], "[X]");
        assert_eq!(
            &body[one.placeholder.clone().unwrap()],
            "<!-- Paste link to slack -->"
        );
        assert_eq!(one.section, "Release Steps");
        assert_eq!(doc.items[2].parent, Some(1));
        assert_eq!(doc.items[2].text.trim(), "Stage");
        let lines = Lines::new(body);
        assert_eq!(&body[lines.range(body, 5)], "  - [ ] Stage");
    }

    #[test]
    fn commented_checkboxes_are_not_items() {
        let body = "- [ ] Real\n<!-- Uncomment for non-patch releases\n- Mock Run\n  - [ ] Stage\n-->\n- [ ] Also real\n<!-- ONLY FOR RC.0 RELEASES - [ ] Post-release branch creation tasks -->\n";
        let doc = parse(body);
        let texts: Vec<&str> = doc.items.iter().map(|i| i.text.trim()).collect();
        assert_eq!(texts, ["Real", "Also real"]);
        assert_eq!(doc.comments.len(), 2);
        assert_eq!(doc.comments[0].line, 2);
        assert!(doc.comments[1].text.contains("Post-release"));
        assert_eq!(doc.comments[1].line, 7);
    }

    #[test]
    fn scheduled_forms() {
        let d = parse("## Scheduled to happen: Tue, 2026-04-14 <!-- x -->\n");
        assert_eq!(d.scheduled, Some(("Tue, 2026-04-14".into(), 1)));
        let d = parse("/assign\n\nScheduled to happen Tue, 2019-02-26\n");
        assert_eq!(d.scheduled.unwrap().0, "Tue, 2019-02-26");
        let d = parse("## Scheduled to happen: <!-- Tue, YYYY-MM-DD -->\n");
        assert_eq!(d.scheduled.unwrap().0, "");
    }

    #[test]
    fn an_items_span_holds_its_wrapped_lines_not_its_children() {
        let body = "- [x] Image Promotion PR: https://github.com/kubernetes/k8s.io/pull/9811 releng: Image promotion for kubernetes v1.37.0-rc.0 /\n  v1.38.0-alpha.0\n  - child https://x.example/c\n- [ ] Next\n";
        let doc = parse(body);
        assert_eq!(
            &body[doc.items[0].span.clone()],
            "- [x] Image Promotion PR: https://github.com/kubernetes/k8s.io/pull/9811 releng: Image promotion for kubernetes v1.37.0-rc.0 /\n  v1.38.0-alpha.0"
        );
        assert_eq!(
            &body[doc.items[1].span.clone()],
            "- child https://x.example/c"
        );
        assert_eq!(&body[doc.items[2].span.clone()], "- [ ] Next");
        let deep = format!("{}x\n", "- ".repeat(MAX_DEPTH + 4));
        let doc = parse(&deep);
        assert_eq!(doc.items.len(), MAX_DEPTH);
        assert!(doc.items.iter().all(|i| i.span.end <= deep.len()));
    }

    #[test]
    fn strike_and_links() {
        let d = parse("- [ ] ~~Send notification~~\n- [x] Notify [#release-management](https://kubernetes.slack.com/archives/CJH2GBF7Y/p1): see https://x.example/y\n");
        assert!(d.items[0].struck_chars > 0);
        assert_eq!(
            d.items[1].urls,
            [
                "https://kubernetes.slack.com/archives/CJH2GBF7Y/p1",
                "https://x.example/y"
            ]
        );
    }
}
