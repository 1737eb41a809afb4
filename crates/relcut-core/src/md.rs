//! GitHub-Flavored Markdown, written safely: the one place that escapes text for the comments
//! relcut posts. Every value that comes from a person or a service (a tag someone typed, a PR
//! title, a step label) goes through one of these before it lands in Markdown.
//!
//! - [`code_span`]: inline code for any text, backticks included;
//! - [`fence`]: a fenced block that no line of the body can close;
//! - [`table_cell`]: one cell of a GFM table (`|` escaped, one line);
//! - [`link`]: a link whose URL is `http(s)` only;
//! - [`plain`]: text shown as written: no Markdown, no HTML, nobody pinged, no issue linked,
//!   no bare URL or address turned into a link;
//! - [`plain_with_code`]: text whose backtick-quoted parts (the convention of every error and
//!   warning message) show as code, each part escaped for its context.
//!
//! Characters that reorder or hide text (bidirectional controls, zero-width characters) are
//! shown by name (`<U+202E>`) in every context, so a quoted value reads as it is stored.

/// The longest run of `c` in `s`.
fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut cur) = (0, 0);
    for ch in s.chars() {
        if ch == c {
            cur += 1;
            best = best.max(cur);
        } else {
            cur = 0;
        }
    }
    best
}

/// Characters that change how the text around them reads without showing themselves:
/// bidirectional embeddings, overrides, isolates and marks, and the zero-width characters.
fn is_hidden(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{FEFF}'
    )
}

/// `c` named, for a hidden character: `U+202E`.
fn hidden_name(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// Inline code showing `s` as written. Newlines become spaces (a code span is one line); hidden
/// characters show by name (`<U+202E>`).
///
/// ```
/// use relcut_core::md::code_span;
/// assert_eq!(code_span("v1.36.0"), "`v1.36.0`");
/// assert_eq!(code_span("a`b"), "``a`b``");
/// assert_eq!(code_span("`x`"), "`` `x` ``");
/// ```
pub fn code_span(s: &str) -> String {
    let s = s.replace("\r\n", " ").replace(['\n', '\r'], " ");
    let s = if s.contains(is_hidden) {
        s.chars()
            .map(|c| {
                if is_hidden(c) {
                    format!("<{}>", hidden_name(c))
                } else {
                    c.to_string()
                }
            })
            .collect()
    } else {
        s
    };
    let ticks = "`".repeat(longest_run(&s, '`') + 1);
    // CommonMark strips one space on each side when both are there, so pad when the content
    // would otherwise touch the delimiters or lose its own padding.
    let pad = s.starts_with('`')
        || s.ends_with('`')
        || (s.len() >= 2 && s.starts_with(' ') && s.ends_with(' ') && !s.trim().is_empty());
    if s.is_empty() {
        // An empty code span does not exist in CommonMark; a space shows as nothing.
        return "` `".to_string();
    }
    if pad {
        format!("{ticks} {s} {ticks}")
    } else {
        format!("{ticks}{s}{ticks}")
    }
}

/// A fenced code block (`lang` may be empty) whose fence is longer than any backtick run in
/// the body, so no line of the body can end it; hidden characters show by name. Ends with a
/// newline.
///
/// ```
/// use relcut_core::md::fence;
/// assert_eq!(fence("sh", "krel stage"), "```sh\nkrel stage\n```\n");
/// ```
pub fn fence(lang: &str, body: &str) -> String {
    let shown: String;
    let body = if body.contains(is_hidden) {
        shown = body
            .chars()
            .map(|c| {
                if is_hidden(c) {
                    format!("<{}>", hidden_name(c))
                } else {
                    c.to_string()
                }
            })
            .collect();
        shown.as_str()
    } else {
        body
    };
    let ticks = "`".repeat((longest_run(body, '`') + 1).max(3));
    let body = body.strip_suffix('\n').unwrap_or(body);
    // The info string of a backtick fence may not hold a backtick.
    let lang: String = lang
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '`')
        .collect();
    format!("{ticks}{lang}\n{body}\n{ticks}\n")
}

/// A fenced code block of several lines.
pub fn fence_lines(lang: &str, lines: &[String]) -> String {
    fence(lang, &lines.join("\n"))
}

/// One cell of a GFM table from Markdown `s`: a `|` (also inside a code span) would end the
/// cell, a newline the row.
///
/// ```
/// use relcut_core::md::{code_span, table_cell};
/// assert_eq!(table_cell(&code_span("a|b")), "`a\\|b`");
/// ```
pub fn table_cell(s: &str) -> String {
    let one_line = s.replace("\r\n", " ").replace(['\n', '\r'], " ");
    let mut out = String::with_capacity(one_line.len());
    for c in one_line.chars() {
        if c == '|' {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A table row from cells that are already Markdown; each is made a safe cell.
pub fn table_row<S: AsRef<str>>(cells: &[S]) -> String {
    let mut out = String::from("|");
    for c in cells {
        out.push(' ');
        out.push_str(&table_cell(c.as_ref()));
        out.push_str(" |");
    }
    out.push('\n');
    out
}

/// A table's header and its separator.
pub fn table_head(headers: &[&str]) -> String {
    let mut out = table_row(headers);
    out.push('|');
    for _ in headers {
        out.push_str(" --- |");
    }
    out.push('\n');
    out
}

/// Whether `url` is an `http(s)` URL that can be linked as is.
pub fn is_web_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| {
        !r.is_empty() && !r.starts_with('/') && !url.chars().any(|c| c.is_control() || c == ' ')
    })
}

/// A link with `text` shown as written. A URL that is not `http(s)` (`javascript:`, a relative
/// path, anything with spaces) is not linked: the text is shown with the URL in code beside it.
///
/// ```
/// use relcut_core::md::link;
/// assert_eq!(link("PR", "https://github.com/kubernetes/k8s.io/pull/1"), "[PR](https://github.com/kubernetes/k8s.io/pull/1)");
/// assert_eq!(link("x", "javascript:alert(1)"), "x (`javascript:alert(1)`)");
/// ```
pub fn link(text: &str, url: &str) -> String {
    if !is_web_url(url) {
        return format!("{} ({})", plain(text), code_span(url));
    }
    // The href is the URL byte for byte (percent-encoding `(` would change it): renderers read
    // entities first (so `&` is written `&amp;`, or `&copy;` would become ©), then backslash
    // escapes, which end nothing early.
    let mut dest = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '&' => dest.push_str("&amp;"),
            '\\' | '(' | ')' | '<' | '>' => {
                dest.push('\\');
                dest.push(c);
            }
            _ => dest.push(c),
        }
    }
    format!("[{}]({dest})", plain(text))
}

/// A GitHub reference relcut writes (`kubernetes/k8s.io#9500`) as a link to its page on
/// github.com: `pull` for a pull request, else an issue.
///
/// ```
/// use relcut_core::md::reference;
/// assert_eq!(reference("kubernetes/k8s.io", 9500, true), "[kubernetes/k8s.io#\u{2060}9500](https://github.com/kubernetes/k8s.io/pull/9500)");
/// ```
pub fn reference(repo: &str, number: u64, pull: bool) -> String {
    let kind = if pull { "pull" } else { "issues" };
    link(
        &format!("{repo}#{number}"),
        &format!("https://github.com/{repo}/{kind}/{number}"),
    )
}

/// Text shown exactly as written, on one line: Markdown and HTML characters are entities (which
/// work in Markdown and inside HTML blocks alike), `@` and `#` are followed by a word joiner
/// (U+2060, invisible) so that nobody is pinged and no issue is cross-linked, and bare URLs,
/// `www.` hosts and addresses get one too, so that GitHub does not make them links. Hidden
/// characters show by name.
///
/// ```
/// use relcut_core::md::plain;
/// assert_eq!(plain("a <b> *c*"), "a &lt;b&gt; &#42;c&#42;");
/// assert_eq!(plain("@alice #12"), "@\u{2060}alice #\u{2060}12");
/// assert_eq!(plain("1. x"), "1&#46; x");
/// ```
pub fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // A line that starts with digits then `.` or `)` would be an ordered list.
    let mut leading_digits = true;
    let mut chars = s.chars().peekable();
    let mut i = 0usize;
    while let Some(c) = chars.next() {
        let list_number_end = leading_digits && i > 0 && matches!(c, '.' | ')');
        leading_digits &= c.is_ascii_digit();
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '@' | '#' => {
                out.push(c);
                out.push('\u{2060}');
            }
            // `https://`: the autolink needs `://` whole.
            ':' if chars.peek() == Some(&'/') => {
                out.push(c);
                out.push('\u{2060}');
            }
            // `www.example.com`: the autolink needs `www.` whole.
            '.' if out.len() >= 3 && out[out.len() - 3..].eq_ignore_ascii_case("www") => {
                out.push('\u{2060}');
                out.push(c);
            }
            '.' | ')' if list_number_end => out.push_str(&format!("&#{};", c as u32)),
            '\r' => {}
            '\n' => out.push(' '),
            c if is_hidden(c) => out.push_str(&format!("&lt;{}&gt;", hidden_name(c))),
            // Emphasis, code, links, tables, escapes, strikethrough.
            '*' | '_' | '`' | '[' | ']' | '|' | '\\' | '~' | '!' => {
                out.push_str(&format!("&#{};", c as u32));
            }
            // These only matter where a line starts (list, quote, heading, rule).
            '-' | '+' | '=' if i == 0 => out.push_str(&format!("&#{};", c as u32)),
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// Plain text whose backtick-quoted parts (`` `relcut tick` ``, a PR title) are shown as code:
/// each part escaped for its context, so neither can break out of it. Code spans are found as
/// CommonMark finds them (a run of backticks ends at the next run of the same length), so a
/// value quoted with [`code_span`] reads back whole, backticks and all; a backtick without its
/// pair is shown as a backtick. Linear: each run is looked at once.
///
/// ```
/// use relcut_core::md::{code_span, plain_with_code};
/// assert_eq!(plain_with_code("tick `a*b` @x"), "tick `a*b` @\u{2060}x");
/// let quoted = format!("bad tag {}", code_span("v1`@x"));
/// assert_eq!(plain_with_code(&quoted), quoted);
/// assert_eq!(plain_with_code("a ` b"), "a &#96; b");
/// ```
pub fn plain_with_code(s: &str) -> String {
    plain_with_code_by(s, plain)
}

/// [`plain_with_code`], the parts outside code spans shown by `text`.
fn plain_with_code_by(s: &str, text: impl Fn(&str) -> String) -> String {
    // Each backtick run: where it starts, and its length.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let start = i;
            while i < bytes.len() && bytes[i] == b'`' {
                i += 1;
            }
            runs.push((start, i - start));
        } else {
            i += 1;
        }
    }
    // The runs of each length, in order, with a cursor: "the next run of this length" is found
    // by moving the cursor forward only.
    let mut by_len: std::collections::HashMap<usize, (Vec<usize>, usize)> =
        std::collections::HashMap::new();
    for (k, &(_, len)) in runs.iter().enumerate() {
        by_len.entry(len).or_default().0.push(k);
    }
    let mut out = String::with_capacity(s.len());
    let mut at = 0; // bytes of `s` written
    let mut k = 0;
    while k < runs.len() {
        let (start, len) = runs[k];
        let closing = by_len.get_mut(&len).and_then(|(list, cursor)| {
            while list.get(*cursor).is_some_and(|&j| j <= k) {
                *cursor += 1;
            }
            list.get(*cursor).copied()
        });
        let Some(j) = closing else {
            k += 1;
            continue;
        };
        out.push_str(&text(&s[at..start]));
        let inner = s[start + len..runs[j].0]
            .replace("\r\n", " ")
            .replace(['\n', '\r'], " ");
        // CommonMark strips one space each side when both are there and it is not all spaces.
        let inner = match inner.strip_prefix(' ').and_then(|x| x.strip_suffix(' ')) {
            Some(x) if !inner.trim().is_empty() => x.to_string(),
            _ => inner,
        };
        out.push_str(&code_span(&inner));
        at = runs[j].0 + runs[j].1;
        k = j + 1;
    }
    out.push_str(&text(&s[at..]));
    out
}

/// A GitHub issue or pull request that relcut names in its own words (`kubernetes/k8s.io#9500`,
/// a promotion PR it read from the issue's links): [`plain_with_refs`] shows it as a link to
/// its page, where [`plain`] keeps any other `#N` from linking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ref<'a> {
    /// `owner/name`.
    pub repo: &'a str,
    pub number: u64,
    /// A pull request (else an issue; GitHub sends an issue's address of a pull request on to
    /// the pull request).
    pub pull: bool,
}

impl Ref<'static> {
    /// A kubernetes/k8s.io pull request: an image promotion PR.
    pub const fn promotion_pr(number: u64) -> Ref<'static> {
        Ref {
            repo: "kubernetes/k8s.io",
            number,
            pull: true,
        }
    }
}

impl Ref<'_> {
    /// The reference as a link ([`reference`]).
    pub fn markdown(&self) -> String {
        reference(self.repo, self.number, self.pull)
    }
}

impl std::fmt::Display for Ref<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}#{}", self.repo, self.number)
    }
}

/// [`plain_with_code`], with each of `refs` written `owner/name#N` outside the code spans shown
/// as a link ([`reference`]); nothing else becomes a link. A reference is found whole only: not
/// `kubernetes/k8s.io#95` in `kubernetes/k8s.io#9500`, nor `k8s.io#1` in `x/k8s.io#1`.
///
/// ```
/// use relcut_core::md::{plain_with_refs, Ref};
/// assert_eq!(
///     plain_with_refs("PR kubernetes/k8s.io#9500 `kubernetes/k8s.io#9500` #7", &[Ref::promotion_pr(9500)]),
///     "PR [kubernetes/k8s.io#\u{2060}9500](https://github.com/kubernetes/k8s.io/pull/9500) `kubernetes/k8s.io#9500` #\u{2060}7"
/// );
/// ```
pub fn plain_with_refs(s: &str, refs: &[Ref<'_>]) -> String {
    if refs.is_empty() {
        return plain_with_code(s);
    }
    let texts: Vec<(String, &Ref<'_>)> = refs.iter().map(|r| (r.to_string(), r)).collect();
    plain_with_code_by(s, |part| {
        let mut out = String::with_capacity(part.len());
        let mut at = 0;
        while let Some((start, text, r)) = texts
            .iter()
            .filter_map(|(t, r)| whole_match(part, at, t).map(|i| (i, t, r)))
            .min_by_key(|(i, _, _)| *i)
        {
            out.push_str(&plain(&part[at..start]));
            out.push_str(&r.markdown());
            at = start + text.len();
        }
        out.push_str(&plain(&part[at..]));
        out
    })
}

/// Where `needle` first occurs whole in `hay` from `from`: not inside a longer name or number.
fn whole_match(hay: &str, from: usize, needle: &str) -> Option<usize> {
    let name_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '.' | '_');
    hay[from..]
        .match_indices(needle)
        .map(|(i, _)| from + i)
        .find(|&i| {
            let before = hay[..i].chars().next_back();
            let after = hay[i + needle.len()..].chars().next();
            !before.is_some_and(name_char) && !after.is_some_and(|c| c.is_ascii_digit())
        })
}

/// The `owner/name#N` references written in `s` (`kubernetes/kubernetes#56876`), as GitHub
/// would link them: an owner of letters, digits and `-`, a name of those and `.` `_`, a number.
fn refs_in(s: &str) -> Vec<Ref<'_>> {
    let owner_char = |b: u8| b.is_ascii_alphanumeric() || b == b'-';
    let name_char = |b: u8| owner_char(b) || b == b'.' || b == b'_';
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    for (hash, _) in s.match_indices('#') {
        let digits = bytes[hash + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let name_start = (0..hash).rev().take_while(|&i| name_char(bytes[i])).last();
        let (Some(name_start), true) = (name_start, digits > 0) else {
            continue;
        };
        let Some(slash) = name_start.checked_sub(1).filter(|&i| bytes[i] == b'/') else {
            continue;
        };
        let owner_start = (0..slash)
            .rev()
            .take_while(|&i| owner_char(bytes[i]))
            .last();
        let Some(owner_start) = owner_start else {
            continue;
        };
        if owner_start > 0 && name_char(bytes[owner_start - 1]) {
            continue;
        }
        let Ok(number) = s[hash + 1..hash + 1 + digits].parse() else {
            continue;
        };
        out.push(Ref {
            repo: &s[owner_start..hash],
            number,
            pull: false,
        });
    }
    out
}

/// A sentence of relcut's own (a step's note, a hint): its web addresses and its
/// `owner/name#N` references as links, its backtick-quoted parts as code, the rest shown as
/// written ([`plain`]). For text relcut wrote, never for text it read.
///
/// ```
/// use relcut_core::md::note;
/// assert_eq!(
///     note("kubernetes/kubernetes#56876 must be CLOSED: see https://prow.k8s.io/?job=x"),
///     "[kubernetes/kubernetes#\u{2060}56876](https://github.com/kubernetes/kubernetes/issues/56876) must be CLOSED: see [prow.k8s.io/?job=x](https://prow.k8s.io/?job=x)"
/// );
/// ```
pub fn note(s: &str) -> String {
    let words = |part: &str| plain_with_refs(part, &refs_in(part));
    let mut out = String::new();
    let mut rest = s;
    loop {
        let at = rest.match_indices("https://").map(|(i, _)| i).find(|&i| {
            rest[..i].matches('`').count() % 2 == 0
                && (i == 0 || rest[..i].ends_with(char::is_whitespace))
        });
        let Some(at) = at else {
            out.push_str(&words(rest));
            return out;
        };
        let len = rest[at..]
            .find(char::is_whitespace)
            .unwrap_or(rest.len() - at);
        let url = rest[at..at + len].trim_end_matches(['.', ',', ';', ':', ')']);
        out.push_str(&words(&rest[..at]));
        // Shown without the scheme, which `plain` would break with a word joiner.
        out.push_str(&link(&url["https://".len()..], url));
        rest = &rest[at + url.len()..];
    }
}

/// The `@login` mention of a person on its own line, then a blank line, so that whatever
/// Markdown follows (a heading, a table) starts a block of its own.
pub fn mention_then(login: &str, body: &str) -> String {
    let login: String = login
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '[' | ']'))
        .collect();
    format!("@{login}\n\n{body}")
}

/// Markdown relcut wrote (a gate's lines), as a terminal shows it: emphasis and code marks
/// dropped, a link as its text and then its address (once, when they differ), list items as
/// `  - ` lines, a fenced command as a copy-ready `  $ ` line, word joiners removed. The one
/// text renderer of what is written once as Markdown; never for text relcut did not write.
pub fn to_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut out = String::new();
    let mut depth = 0usize;
    let mut in_code = false;
    // The link being written: its address and where its text starts.
    let mut link: Option<(String, usize)> = None;
    for event in Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    ) {
        match event {
            Event::Start(Tag::List(_)) => {
                if depth == 0 && !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                depth += 1;
            }
            Event::End(TagEnd::List(_)) => depth = depth.saturating_sub(1),
            Event::Start(Tag::Item) => {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str(&"  ".repeat(depth));
                out.push_str("- ");
            }
            Event::End(TagEnd::Item | TagEnd::Paragraph | TagEnd::Heading(_))
                if !out.ends_with('\n') =>
            {
                out.push('\n');
            }
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(Tag::Link { dest_url, .. }) => {
                link = Some((dest_url.to_string(), out.len()));
            }
            Event::End(TagEnd::Link) => {
                if let Some((url, from)) = link.take() {
                    if out[from..] != url {
                        out.push_str(&format!(" ({url})"));
                    }
                }
            }
            Event::Text(t) if in_code => {
                for line in t.lines().filter(|l| !l.trim().is_empty()) {
                    out.push_str(&format!("  $ {line}\n"));
                }
            }
            Event::Text(t) | Event::Code(t) => out.push_str(&t.replace('\u{2060}', "")),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// As GitHub renders a comment (cmark-gfm, whose port comrak is).
    pub(crate) fn render(md: &str) -> String {
        let mut o = comrak::Options::default();
        o.extension.table = true;
        o.extension.strikethrough = true;
        o.extension.autolink = true;
        o.extension.tasklist = true;
        o.render.r#unsafe = true;
        comrak::markdown_to_html(md, &o)
    }

    /// relcut's own notes link the references they name, and only well-formed ones.
    #[test]
    fn notes_link_whole_references_only() {
        let html = render(&note("see kubernetes/release#4268 (2026-02-12) and #release-management, not a.b/c#1, x/y#, `kubernetes/k8s.io#1` or @release-managers"));
        assert!(
            html.contains("<a href=\"https://github.com/kubernetes/release/issues/4268\">kubernetes/release#\u{2060}4268</a> (2026-02-12)"),
            "{html}"
        );
        assert_eq!(html.matches("<a ").count(), 1, "{html}");
        assert!(html.contains("<code>kubernetes/k8s.io#1</code>"), "{html}");
        let refs: Vec<String> = refs_in("a/b#1 c/d#22x e-f/g.h_i#3 /j#4 k/#5")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(refs, ["a/b#1", "c/d#22", "e-f/g.h_i#3"]);
    }

    /// What relcut writes as Markdown, for a terminal: marks dropped, links with their
    /// address, list items indented, a fenced command copy-ready.
    #[test]
    fn markdown_as_text() {
        let md = format!(
            "🟢 **go: release** for {}: {}.\n\n```sh\nkrel release --nomock\n```\n\n- {} ran\n  - nested `code`\n",
            reference("kubernetes/k8s.io", 9350, true),
            link("the run", "https://prow.k8s.io/view/7"),
            link("https://prow.k8s.io/x", "https://prow.k8s.io/x"),
        );
        assert_eq!(
            to_text(&md),
            "🟢 go: release for kubernetes/k8s.io#9350 (https://github.com/kubernetes/k8s.io/pull/9350): the run (https://prow.k8s.io/view/7).\n  $ krel release --nomock\n  - https://prow.k8s.io/x ran\n    - nested code\n"
        );
    }

    #[test]
    fn code_spans_show_any_text() {
        for s in [
            "v1.36.0", "a`b", "``", "`x`", "a ``` b", " lead", "  both  ", "x|y", "<b>",
        ] {
            let html = render(&code_span(s));
            let shown = html
                .trim()
                .strip_prefix("<p><code>")
                .and_then(|h| h.strip_suffix("</code></p>"))
                .unwrap_or_else(|| panic!("{s:?} -> {html}"));
            let unescaped = shown
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            assert_eq!(unescaped, s, "{s:?}");
        }
        assert_eq!(code_span("a\nb"), "`a b`");
        assert_eq!(code_span(""), "` `");
    }

    #[test]
    fn fences_cannot_be_closed_from_inside() {
        let body = "echo\n```\n/relcut help\n````";
        let f = fence("sh", body);
        assert!(f.starts_with("`````sh\n"), "{f}");
        let html = render(&f);
        assert!(html.contains("/relcut help"));
        assert_eq!(html.matches("<pre>").count(), 1, "{html}");
        assert_eq!(fence("", "x\n"), "```\nx\n```\n");
    }

    #[test]
    fn cells_keep_their_columns() {
        let md = format!(
            "{}{}",
            table_head(&["value", "verdict"]),
            table_row(&[code_span("a|b"), "x | y\nz".to_string()])
        );
        let html = render(&md);
        assert_eq!(html.matches("<td>").count(), 2, "{html}");
        assert!(html.contains("<code>a|b</code>"), "{html}");
        assert!(html.contains("x | y z"), "{html}");
    }

    /// The `href` of the one link in `html`, as a browser reads the attribute.
    pub(crate) fn href(html: &str) -> String {
        let start = html.find("<a href=\"").expect("a link") + 9;
        let end = start + html[start..].find('"').expect("a closing quote");
        html[start..end]
            .replace("&amp;", "&")
            .replace("&quot;", "\"")
    }

    #[test]
    fn urls_reach_the_href_byte_for_byte() {
        for url in [
            "https://github.com/kubernetes/kubernetes/issues/56876#issuecomment-2712345678",
            "https://console.cloud.google.com/cloud-build/builds/7b0a3c1e-0d3f?project=648026197307",
            "https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/post-k8sio-image-promo/1963212345678901234",
            "https://en.wikipedia.org/wiki/Gantt_(chart)",
            "https://example.com/a_(b",
            "https://example.com/?a=1&copy;=2&amp;b=3",
            "https://groups.google.com/a/kubernetes.io/g/dev/c/AbC-_d~e*f%20g",
            "https://kubernetes.slack.com/archives/CJH2GBF7Y/p1770714000123400?thread_ts=1770714000.123400&cid=CJH2GBF7Y",
        ] {
            let md = link("the run", url);
            assert!(!md.contains('\u{2060}'), "{md}");
            let html = render(&md);
            assert_eq!(href(&html), url, "{md} -> {html}");
            assert!(html.contains(">the run</a>"), "{html}");
        }
    }

    #[test]
    fn links_only_to_the_web() {
        assert!(render(&link("a [b]", "https://example.com/a_(b)"))
            .contains("<a href=\"https://example.com/a_(b)\">a [b]</a>"));
        for bad in [
            "javascript:alert(1)",
            "/relative",
            "ftp://x",
            "https://",
            "https://a b",
        ] {
            let html = render(&link("t", bad));
            assert!(!html.contains("<a "), "{bad}: {html}");
        }
    }

    #[test]
    fn plain_is_inert() {
        let s = "# @alice *b* _c_ `d` [e](f) <img src=x> | ~~g~~ #123 kubernetes/k8s.io#1 \\";
        let html = render(&plain(s));
        assert!(html.starts_with("<p>"), "{html}");
        for tag in ["<em>", "<code>", "<a ", "<img", "<del>", "<h1>"] {
            assert!(!html.contains(tag), "{tag}: {html}");
        }
        let text = html.replace('\u{2060}', "");
        assert!(text.contains("@alice"), "{text}");
        assert!(!html.contains("@alice"));
        assert!(!html.contains("#123"));
        assert!(!render(&plain("- item")).contains("<li>"));
        assert!(!render(&plain("a\n# b")).contains("<h1>"));
    }

    #[test]
    fn plain_links_nothing_and_hides_nothing() {
        for s in [
            "https://evil.example/a",
            "see www.evil.example now",
            "x@evil.example",
            "HTTP://EVIL.EXAMPLE",
        ] {
            let html = render(&plain(s));
            assert!(!html.contains("<a "), "{s}: {html}");
            assert_eq!(html.replace('\u{2060}', ""), format!("<p>{s}</p>\n"));
        }
        assert!(!render(&plain("1. item")).contains("<ol"));
        assert!(!render(&plain("12) item")).contains("<ol"));
        assert_eq!(plain("a\u{202E}b"), "a&lt;U+202E&gt;b");
        assert_eq!(code_span("a\u{200B}b"), "`a<U+200B>b`");
        assert_eq!(fence("", "\u{2066}x"), "```\n<U+2066>x\n```\n");
    }

    #[test]
    fn quoted_parts_pair_as_commonmark_pairs_them() {
        for value in ["v1`@x", "``", "a ``` b", "`", " `x` "] {
            let quoted = format!("bad {}", code_span(value));
            assert_eq!(plain_with_code(&quoted), quoted, "{value:?}");
        }
        // Unpaired or mismatched runs are backticks, shown as such.
        assert_eq!(plain_with_code("a `` b ` c"), "a &#96;&#96; b &#96; c");
        let html = render(&plain_with_code("x `a`@bob` y"));
        assert!(
            !html.replace("<code>a</code>", "").contains("@bob"),
            "{html}"
        );
    }

    #[test]
    fn mention_is_a_line_of_its_own() {
        let html = render(&mention_then(
            "alice",
            "### Cut v1.36.0\n\n| a |\n| --- |\n| b |\n",
        ));
        assert!(html.contains("<h3>"), "{html}");
        assert!(html.contains("<table>"), "{html}");
        assert!(mention_then("a b\n#", "x").starts_with("@ab\n\n"));
    }
}
