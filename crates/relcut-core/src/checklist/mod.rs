//! The sig-release cut issue: read any generation of it since 2019, say where the cut stands and
//! what comes next, write a new one, tick a step.
//!
//! Checkbox state on real issues is unreliable (closed issues with nothing ticked, links next to
//! unticked boxes, ticked boxes with no links), so each step reports what was seen (`checked`,
//! its evidence links) beside the conclusion (`state`), and doubts become warnings.

mod parse;
mod render;
mod report;
mod tick;

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::evidence::{self, Link, LinkKind};
use crate::history::{self, HistoryRow};
use crate::plan::{self, PlanRequest, StepId};
use crate::version::{Branch, CutKind, ReleaseType, Tag};

pub use render::{render, title};
pub use tick::{tick, TickError};

/// What the reader concludes for a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepState {
    Done,
    Open,
    Skipped,
}

impl StepState {
    pub fn mark(self) -> &'static str {
        match self {
            Self::Done => "[x]",
            Self::Open => "[ ]",
            Self::Skipped => "[-]",
        }
    }
}

/// Where a step was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// A checklist item.
    Checkbox,
    /// A plain bullet (the E3+ groups have none; some hand-edited items lost theirs).
    Bullet,
    /// Only the jobs history table shows it.
    History,
    /// An item still inside an HTML comment.
    Comment,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepReading {
    pub id: StepId,
    pub label: String,
    pub state: StepState,
    pub checked: bool,
    /// Evidence URLs on the item and its plain child bullets (placeholders and references left out).
    pub links: Vec<String>,
    pub evidence: Vec<Link>,
    /// 1-based line in the body.
    pub line: usize,
    pub source: Source,
    /// Why the step counts as skipped, or done without a tick.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip)]
    item: Option<usize>,
}

/// The output of `krel version`, as pasted into the issue.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct KrelVersion {
    pub git_version: String,
    pub git_commit: Option<String>,
    pub git_tree_state: Option<String>,
    pub build_date: Option<String>,
    pub go_version: Option<String>,
    pub compiler: Option<String>,
    pub platform: Option<String>,
    pub line: usize,
}

/// A cut issue, as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CutIssue {
    pub title: Option<String>,
    pub version: Option<Tag>,
    pub release_type: Option<ReleaseType>,
    pub branch: Option<Branch>,
    pub cut: Option<CutKind>,
    /// `YYYY-MM-DD` when a date could be read.
    pub scheduled: Option<String>,
    /// The text after "Scheduled to happen", as written.
    pub scheduled_text: Option<String>,
    pub krel_version: Option<KrelVersion>,
    pub steps: Vec<StepReading>,
    pub next: Option<StepId>,
    pub warnings: Vec<String>,
    pub history: Vec<HistoryRow>,
}

/// What to read: the body, and what the issue says besides.
#[derive(Debug, Clone, Copy, Default)]
pub struct IssueInput<'a> {
    pub title: Option<&'a str>,
    pub body: &'a str,
    /// The issue's `created_at` (RFC 3339), to catch a scheduled date from the wrong year.
    pub created_at: Option<&'a str>,
}

/// A Markdown file with GitHub-style front matter (`title:`, `created_at:`), as relcut's
/// examples and test fixtures keep a cut issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub title: Option<String>,
    pub created_at: Option<String>,
    /// The file with its front matter blanked out (spaces, line breaks kept), so that byte
    /// offsets and line numbers of the body stay those of the file.
    pub body: String,
    /// Where the body starts in the file.
    pub body_offset: usize,
}

pub fn split_front_matter(text: &str) -> Document {
    let plain = Document {
        title: None,
        created_at: None,
        body: text.to_string(),
        body_offset: 0,
    };
    let first_end = match text.find('\n') {
        Some(i) if text[..i].trim_end_matches('\r') == "---" => i + 1,
        _ => return plain,
    };
    let mut title = None;
    let mut created_at = None;
    let mut pos = first_end;
    for line in text[first_end..].split_inclusive('\n') {
        pos += line.len();
        let l = line.trim_end_matches(['\n', '\r']);
        if l == "---" {
            // Byte by byte, so that a multi-byte character keeps its length.
            let blank: String = text[..pos]
                .bytes()
                .map(|b| {
                    if b == b'\n' || b == b'\r' {
                        b as char
                    } else {
                        ' '
                    }
                })
                .collect();
            return Document {
                title,
                created_at,
                body: blank + &text[pos..],
                body_offset: pos,
            };
        }
        if let Some((k, v)) = l.split_once(':') {
            let v = v.trim().trim_matches(['"', '\'']).to_string();
            match k.trim() {
                "title" => title = Some(v),
                "created_at" => created_at = Some(v),
                _ => {}
            }
        }
    }
    plain
}

/// The version a cut issue's title names, old forms included:
/// `Cut v1.35.0-rc.1 release`, `Cut 1.15.0-beta.0 release`, `Cut 1.16-beta.1 release`,
/// `Cut v1.33.3. release`, `Cut v1.32.10`.
pub fn version_from_title(title: &str) -> Option<Tag> {
    static TITLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i-u)^\s*cut\s+v?(\d+)\.(\d+)(?:\.(\d+))?(?:-(alpha|beta|rc)\.(\d+))?\.?(?:\s+release)?\.?\s*$")
            .expect("static regex")
    });
    let c = TITLE.captures(title)?;
    let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u64>().ok());
    let pre = match (c.get(4).map(|m| m.as_str().to_ascii_lowercase()), n(5)) {
        (Some(l), Some(num)) => Some(match l.as_str() {
            "alpha" => crate::version::PreRelease::Alpha(num),
            "beta" => crate::version::PreRelease::Beta(num),
            _ => crate::version::PreRelease::Rc(num),
        }),
        _ => None,
    };
    Some(Tag::new(n(1)?, n(2)?, n(3).unwrap_or(0), pre))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meaning {
    MockGroup,
    NomockGroup,
    Step(StepId),
    StageAndRelease,
    Stage,
    Release,
    Nothing,
}

fn meaning(text: &str) -> Meaning {
    let t = text.trim().to_ascii_lowercase();
    let t = t.trim_start_matches(['*', '_', '~', ' ']);
    let words: String = t
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let first = words.split_whitespace().next().unwrap_or("");
    let has = |s: &str| t.contains(s);
    if t.starts_with("nomock run") || t.starts_with("no-mock run") || t.starts_with("no mock run") {
        return Meaning::NomockGroup;
    }
    if t.starts_with("mock run") {
        return Meaning::MockGroup;
    }
    if has("green signal") {
        Meaning::Step(StepId::ReleaseSignal)
    } else if has("create a thread") || has("slack thread") {
        Meaning::Step(StepId::SlackThread)
    } else if has("publishing-bot") || has("publishing bot") {
        Meaning::Step(StepId::PublishingBot)
    } else if has("screenshot") || has("screen shot") || has("testgrid") {
        Meaning::Step(StepId::Testgrid)
    } else if has("image promotion") || has("promotion pr") || has("promote images") {
        Meaning::Step(StepId::ImagePromotion)
    } else if has("stage & release") || has("stage and release") || has("stage &amp; release") {
        Meaning::StageAndRelease
    } else if has("post-release branch creation") || has("branch creation task") {
        Meaning::Step(StepId::BranchCreationTasks)
    } else if has("code thaw") {
        Meaning::Step(StepId::CodeThaw)
    } else if has("schedule.yaml") || has("schedule-builder") {
        Meaning::Step(StepId::Schedule)
    } else if has("collect metrics") {
        Meaning::Step(StepId::Metrics)
    } else if (first == "send" && (has("notification") || has("email") || has("mail")))
        || has("notification [email]")
    {
        Meaning::Step(StepId::Email)
    } else if first == "notify" {
        Meaning::Step(StepId::SlackNotify)
    } else if first == "stage" {
        Meaning::Stage
    } else if first == "release" {
        Meaning::Release
    } else {
        Meaning::Nothing
    }
}

/// The kinds of link that prove a step was done.
fn proof_kinds(id: StepId) -> &'static [LinkKind] {
    use LinkKind::*;
    match id {
        StepId::ReleaseSignal | StepId::SlackThread | StepId::SlackNotify => &[Slack],
        StepId::Testgrid => &[GitHub, Testgrid],
        StepId::PublishingBot => &[],
        StepId::MockStage | StepId::MockRelease | StepId::NomockStage | StepId::NomockRelease => {
            &[CloudBuild]
        }
        StepId::ImagePromotion => &[PromotionPr],
        StepId::PromotionJob => &[PromotionJob],
        StepId::Email => &[Email],
        StepId::Schedule => &[WebsitePr],
        StepId::Metrics => &[GitHub, CloudBuild],
        StepId::BranchCreationTasks => &[GitHub, TestInfraPr],
        StepId::CodeThaw => &[TestInfraPr, GitHub],
    }
}

fn kind_name(kind: LinkKind) -> &'static str {
    match kind {
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

fn skip_marker(text: &str, is_patch: bool) -> Option<String> {
    static MARKER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i-u)(\bn/a\b|\bnot relevant\b|\bnot applicable\b|\bnot needed\b|\bskip(ped)?\b|\bnot required\b)")
            .expect("static regex")
    });
    let lower = text.to_ascii_lowercase();
    if lower.contains("skip for patch releases") {
        if is_patch {
            return Some("skip for patch releases".into());
        }
        let rest = lower.replace("skip for patch releases", "");
        return MARKER.find(&rest).map(|m| m.as_str().to_string());
    }
    MARKER.find(text).map(|m| m.as_str().to_string())
}

fn first_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .to_string()
}

/// Reads a cut issue.
pub fn read(input: IssueInput<'_>) -> CutIssue {
    let body = input.body;
    let doc = parse::parse(body);
    let mut warnings = Vec::new();

    let version = input.title.and_then(version_from_title);
    match input.title {
        None => warnings.push("no title given, so the version is unknown: pass the issue title (`--title`) or the issue JSON".into()),
        Some(t) if t.contains("1.x.y") || t.contains("{alpha") => warnings.push(format!(
            "the title `{t}` is still the template placeholder, so no version can be read: rename the issue `Cut vX.Y.Z[-rc.N] release`"
        )),
        Some(t) => match &version {
            None => warnings.push(format!("the title `{t}` names no release: use `Cut vX.Y.Z[-rc.N] release`")),
            Some(v) => {
                let canonical = title(v);
                if t.trim() != canonical {
                    let why = if v.pre.is_none() && v.patch == 0 {
                        " (krel fast-forward only pauses for an open issue titled exactly so)"
                    } else {
                        ""
                    };
                    warnings.push(format!("the title `{}` is not in the canonical form `{canonical}`{why}", t.trim()));
                }
            }
        },
    }
    let cut = version.and_then(|v| v.cut_kind().ok());
    let is_patch = cut == Some(CutKind::Patch);

    // Items to steps.
    let mut steps: Vec<StepReading> = Vec::new();
    let group_of = |idx: usize| -> Option<(Meaning, usize)> {
        let mut p = doc.items[idx].parent;
        while let Some(i) = p {
            match meaning(&doc.items[i].text) {
                m @ (Meaning::MockGroup | Meaning::NomockGroup | Meaning::StageAndRelease) => {
                    return Some((m, i))
                }
                _ => p = doc.items[i].parent,
            }
        }
        None
    };
    let ignored_section = |s: &str| {
        let s = s.to_ascii_lowercase();
        s.contains("action item") || s.contains("open question") || s.contains("blocking")
    };
    // Children of a step are its sub-tasks (a "Publishing Bot Update" under the branch creation
    // tasks is not the publishing-bot check); only groups hold steps.
    let under_step = |idx: usize| {
        let mut p = doc.items[idx].parent;
        while let Some(i) = p {
            if matches!(meaning(&doc.items[i].text), Meaning::Step(_)) {
                return true;
            }
            p = doc.items[i].parent;
        }
        false
    };
    for (idx, item) in doc.items.iter().enumerate() {
        if ignored_section(&item.section) || under_step(idx) {
            continue;
        }
        let ids: Vec<StepId> = match meaning(&item.text) {
            Meaning::Step(id) => vec![id],
            Meaning::StageAndRelease => vec![
                StepId::MockStage,
                StepId::MockRelease,
                StepId::NomockStage,
                StepId::NomockRelease,
            ],
            Meaning::Stage | Meaning::Release => {
                let stage = meaning(&item.text) == Meaning::Stage;
                match group_of(idx) {
                    Some((Meaning::MockGroup, _)) => vec![if stage {
                        StepId::MockStage
                    } else {
                        StepId::MockRelease
                    }],
                    Some((Meaning::NomockGroup, _)) => vec![if stage {
                        StepId::NomockStage
                    } else {
                        StepId::NomockRelease
                    }],
                    _ => {
                        if item.checkbox.is_some() {
                            warnings.push(format!(
                                "line {}: `{}` is outside a Mock Run / NoMock Run group, so it is not counted",
                                item.line,
                                first_line(&item.text)
                            ));
                        }
                        vec![]
                    }
                }
            }
            _ => vec![],
        };
        for id in ids {
            if steps.iter().any(|s| s.id == id) {
                continue;
            }
            steps.push(step_from_item(
                &doc,
                idx,
                id,
                is_patch,
                group_of(idx).map(|g| g.1),
            ));
        }
    }

    // A commented-out mock block (template since 2026-05-28).
    let commented = |needle: &str| {
        doc.comments
            .iter()
            .find(|c| c.text.to_ascii_lowercase().contains(needle) && c.text.contains("[ ]"))
            .map(|c| c.line)
    };
    let mock_comment = commented("mock run");
    let hist = history::parse(body);

    for (id, label) in [
        (StepId::MockStage, "mock stage"),
        (StepId::MockRelease, "mock release"),
        (StepId::NomockStage, "stage"),
        (StepId::NomockRelease, "release"),
    ] {
        let last = history::last_for(&hist, id);
        match (steps.iter_mut().find(|s| s.id == id), last) {
            (Some(step), Some(row)) => match row.succeeded {
                Some(true) if step.state == StepState::Open => {
                    step.state = StepState::Done;
                    step.reason = Some(format!("the jobs history (line {}) shows it succeeded", row.line));
                }
                Some(false) if step.state != StepState::Skipped => warnings.push(format!(
                    "the last `{label}` job in the history (line {}) failed: rerun it before going on",
                    row.line
                )),
                _ => {}
            },
            (None, Some(row)) => steps.push(StepReading {
                id,
                label: format!("history: `{label}`"),
                state: if row.succeeded == Some(true) { StepState::Done } else { StepState::Open },
                checked: false,
                links: row.link.iter().cloned().collect(),
                evidence: row.link.iter().map(|l| Link::new(l)).collect(),
                line: row.line,
                source: Source::History,
                reason: Some("only the jobs history table shows this step".into()),
                item: None,
            }),
            (None, None) if matches!(id, StepId::MockStage | StepId::MockRelease) && is_patch => {
                if let Some(line) = mock_comment {
                    steps.push(StepReading {
                        id,
                        label: format!("{} (commented out)", if id == StepId::MockStage { "Mock Stage" } else { "Mock Release" }),
                        state: StepState::Skipped,
                        checked: false,
                        links: vec![],
                        evidence: vec![],
                        line,
                        source: Source::Comment,
                        reason: Some("patch releases skip mock runs (the mock block is commented out)".into()),
                        item: None,
                    });
                }
            }
            _ => {}
        }
    }
    if let (Some(line), false) = (mock_comment, is_patch || version.is_none()) {
        if !hist
            .iter()
            .any(|r| matches!(r.step, StepId::MockStage | StepId::MockRelease))
        {
            warnings.push(format!(
                "line {line}: the Mock Run block is still commented out, but only patch releases skip the mock runs: uncomment it for {}",
                version.map(|v| v.to_string()).unwrap_or_default()
            ));
        }
    }
    if cut == Some(CutKind::FirstRc) && !steps.iter().any(|s| s.id == StepId::BranchCreationTasks) {
        if let Some(line) = commented("post-release branch creation") {
            warnings.push(format!("line {line}: the post-release branch creation item is still commented out: uncomment it for an rc.0 cut"));
        }
    }
    if cut == Some(CutKind::Minor) && !steps.iter().any(|s| s.id == StepId::CodeThaw) {
        if let Some(line) = commented("code thaw") {
            warnings.push(format!("line {line}: the Code Thaw item is still commented out: uncomment it for an x.y.0 cut"));
        }
    }

    // Steps that do not apply to this cut.
    for step in &mut steps {
        let not_for = match step.id {
            StepId::Schedule if cut.is_some() && !is_patch => {
                Some("only patch releases update the website schedule")
            }
            StepId::BranchCreationTasks if cut.is_some() && cut != Some(CutKind::FirstRc) => {
                Some("only rc.0 cuts create a release branch")
            }
            StepId::CodeThaw if cut.is_some() && cut != Some(CutKind::Minor) => {
                Some("only x.y.0 cuts lift the code freeze")
            }
            _ => None,
        };
        if let Some(why) = not_for {
            if step.checked {
                warnings.push(format!(
                    "line {}: `{}` is ticked, but {why}; counted as skipped",
                    step.line, step.id
                ));
            }
            step.state = StepState::Skipped;
            step.reason = Some(why.into());
        }
    }

    // Evidence checks.
    for step in &steps {
        if step.source != Source::Checkbox && step.source != Source::Bullet {
            continue;
        }
        let kinds = proof_kinds(step.id);
        let wants_link = matches!(
            step.id,
            StepId::SlackThread
                | StepId::ImagePromotion
                | StepId::Email
                | StepId::SlackNotify
                | StepId::Schedule
        );
        if step.state == StepState::Skipped || kinds.is_empty() {
            continue;
        }
        if !step.evidence.is_empty() && !step.evidence.iter().any(|l| kinds.contains(&l.kind)) {
            let seen: Vec<&str> = step.evidence.iter().map(|l| kind_name(l.kind)).collect();
            warnings.push(format!(
                "line {}: `{}` links only {}, not {}",
                step.line,
                step.id,
                seen.join(" and "),
                kind_name(kinds[0])
            ));
        } else if wants_link && step.checked && step.links.is_empty() {
            warnings.push(format!(
                "line {}: `{}` is ticked but has no link to {}",
                step.line,
                step.id,
                kind_name(kinds[0])
            ));
        }
    }

    // Steps the current template has for this cut but the issue lacks.
    if let Some(kind) = cut {
        let expected: Vec<StepId> = StepId::ALL
            .into_iter()
            .filter(|id| match id {
                StepId::PromotionJob => false,
                StepId::MockStage | StepId::MockRelease => kind != CutKind::Patch,
                StepId::Schedule => kind == CutKind::Patch,
                StepId::BranchCreationTasks => kind == CutKind::FirstRc,
                StepId::CodeThaw => kind == CutKind::Minor,
                _ => true,
            })
            .collect();
        let missing: Vec<&str> = expected
            .iter()
            .filter(|id| !steps.iter().any(|s| s.id == **id))
            .filter(|id| {
                !(mock_comment.is_some() && matches!(id, StepId::MockStage | StepId::MockRelease))
            })
            .filter(|id| {
                !(**id == StepId::BranchCreationTasks
                    && commented("post-release branch creation").is_some())
            })
            .filter(|id| !(**id == StepId::CodeThaw && commented("code thaw").is_some()))
            .map(|id| id.as_str())
            .collect();
        if !missing.is_empty() && !steps.is_empty() {
            warnings.push(format!("the issue has no item for: {}", missing.join(", ")));
        }
    }

    steps.sort_by_key(|s| s.id);

    let krel_version = krel_version(body);
    match &krel_version {
        Some(k) if k.git_tree_state.as_deref() == Some("dirty") => warnings.push(format!(
            "line {}: krel was built from a dirty tree ({}): rebuild krel from a clean kubernetes/release master",
            k.line, k.git_version
        )),
        None if (body.contains("Release Tools Version") || body.contains("krel version") || body.contains(") version:"))
            && steps.iter().any(|s| s.state == StepState::Done && s.id >= StepId::MockStage) =>
        {
            warnings.push(
                "the Release Tools Version block is not filled in: paste the output of `krel version`".into(),
            )
        }
        _ => {}
    }

    let (scheduled, scheduled_text) = match &doc.scheduled {
        Some((text, line)) if !text.is_empty() => {
            let date = parse_date(text);
            if let (Some(d), Some(created)) = (
                &date,
                input
                    .created_at
                    .and_then(|c| c.get(..10))
                    .and_then(parse_date),
            ) {
                if let (Ok(a), Ok(b)) = (
                    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d"),
                    chrono::NaiveDate::parse_from_str(&created, "%Y-%m-%d"),
                ) {
                    let days = (a - b).num_days();
                    if days.abs() > 60 {
                        warnings.push(format!(
                            "line {line}: the scheduled date {d} is {} days {} the issue was opened ({created}): wrong year or month?",
                            days.abs(),
                            if days < 0 { "before" } else { "after" }
                        ));
                    }
                }
            }
            (date, Some(text.clone()))
        }
        _ => (None, None),
    };

    // Boxes left open behind the cut's progress are usually untracked, not undone.
    if let Some(last_done) = steps
        .iter()
        .filter(|s| s.state == StepState::Done)
        .map(|s| s.id)
        .max()
    {
        let behind: Vec<&str> = steps
            .iter()
            .filter(|s| s.state == StepState::Open && s.id < last_done)
            .map(|s| s.id.as_str())
            .collect();
        if !behind.is_empty() {
            warnings.push(format!(
                "still open although `{last_done}` is done: {}; tick them or mark them n/a",
                behind.join(", ")
            ));
        }
    }

    let mut issue = CutIssue {
        title: input.title.map(|t| t.trim().to_string()),
        version,
        release_type: version.map(|v| v.release_type()),
        branch: version.map(|v| v.branch()),
        cut,
        scheduled,
        scheduled_text,
        krel_version,
        steps,
        next: None,
        warnings,
        history: hist,
    };
    issue.next = issue.compute_next();
    issue
}

fn step_from_item(
    doc: &parse::Doc,
    idx: usize,
    id: StepId,
    is_patch: bool,
    group: Option<usize>,
) -> StepReading {
    let item = &doc.items[idx];
    // Evidence: the item's own URLs and those of descendants that are not steps themselves.
    let mut urls: Vec<String> = item.urls.clone();
    let mut child_boxes = Vec::new();
    for (j, other) in doc.items.iter().enumerate().skip(idx + 1) {
        let mut p = other.parent;
        let mut is_descendant = false;
        while let Some(pi) = p {
            if pi == idx {
                is_descendant = true;
                break;
            }
            p = doc.items[pi].parent;
        }
        if !is_descendant {
            continue;
        }
        let own_step = matches!(meaning(&doc.items[idx].text), Meaning::Step(_));
        if own_step || matches!(meaning(&other.text), Meaning::Nothing) {
            urls.extend(other.urls.iter().cloned());
            if let Some((c, _)) = &other.checkbox {
                child_boxes.push((*c, j));
            }
        }
    }
    let links: Vec<String> = urls
        .into_iter()
        .filter(|u| !evidence::is_placeholder(u) && u.starts_with("http"))
        .fold(Vec::new(), |mut acc, u| {
            if !acc.contains(&u) {
                acc.push(u);
            }
            acc
        });
    let evidence: Vec<Link> = links
        .iter()
        .map(|u| Link::new(u))
        .filter(|l| !matches!(l.kind, LinkKind::PublishingBotIssue | LinkKind::Reference))
        .collect();
    let links: Vec<String> = evidence.iter().map(|l| l.url.clone()).collect();
    let checked = item.checkbox.as_ref().map(|c| c.0).unwrap_or(false);
    let alnum = item.text.chars().filter(|c| c.is_alphanumeric()).count();
    let struck = item.struck_chars > 0 && item.struck_chars * 2 >= alnum;
    let group_text = group.map(|g| doc.items[g].text.as_str()).unwrap_or("");
    let kinds = proof_kinds(id);
    let proven = evidence.iter().any(|l| kinds.contains(&l.kind));

    let (state, reason) = if struck {
        (StepState::Skipped, Some("struck through".to_string()))
    } else if let Some(m) =
        skip_marker(&item.text, is_patch).or_else(|| skip_marker(group_text, is_patch))
    {
        (StepState::Skipped, Some(format!("marked `{m}`")))
    } else if checked {
        (StepState::Done, None)
    } else if proven {
        (
            StepState::Done,
            Some("not ticked, but it links its evidence".to_string()),
        )
    } else if !child_boxes.is_empty() && child_boxes.iter().all(|(c, _)| *c) {
        (
            StepState::Done,
            Some("every sub-task is ticked".to_string()),
        )
    } else {
        (StepState::Open, None)
    };
    let mut label = first_line(&item.text);
    for u in &item.urls {
        label = label.replace(u.as_str(), "");
    }
    let mut label = label.split_whitespace().collect::<Vec<_>>().join(" ");
    label = label.trim_end_matches([':', ' ', '/', '-']).to_string();
    if let Some(g) = group {
        if matches!(meaning(&item.text), Meaning::Stage | Meaning::Release) {
            label = format!("{} > {label}", first_line(&doc.items[g].text));
        }
    }
    StepReading {
        id,
        label,
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
        reason,
        item: Some(idx),
    }
}

/// Reads the `krel version` block, from the body or from inside an HTML comment, skipping the
/// template's placeholder (`vM.m.p`, commit `191ddd0b…`).
fn krel_version(body: &str) -> Option<KrelVersion> {
    static KV: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"^[ \t]*"?(GitVersion|GitCommit|GitTreeState|BuildDate|GoVersion|Compiler|Platform|gitVersion|gitCommit|gitTreeState|buildDate|goVersion|compiler|platform)"?[ \t]*:[ \t]*"?([^",]*)"?,?[ \t]*$"#)
            .expect("static regex")
    });
    let mut found: Option<KrelVersion> = None;
    let mut current: Option<KrelVersion> = None;
    let finish = |k: Option<KrelVersion>, found: &mut Option<KrelVersion>| {
        if let Some(k) = k {
            let placeholder = k.git_version == "vM.m.p"
                || k.git_commit.as_deref() == Some("191ddd0b0b49af1adb04a98e45cebdd36cae9307");
            if !placeholder && !k.git_version.is_empty() && found.is_none() {
                *found = Some(k);
            }
        }
    };
    for (i, line) in body.lines().enumerate() {
        let Some(c) = KV.captures(line) else {
            if line.trim().is_empty()
                || line.contains("krel")
                || line.contains("```")
                || line.trim_start().starts_with('{')
            {
                continue;
            }
            if current
                .as_ref()
                .is_some_and(|k| k.compiler.is_some() || k.platform.is_some())
            {
                finish(current.take(), &mut found);
            }
            continue;
        };
        let key = c[1].to_ascii_lowercase();
        let value = c[2].trim().to_string();
        if key == "gitversion" {
            finish(current.take(), &mut found);
            current = Some(KrelVersion {
                git_version: value,
                line: i + 1,
                ..KrelVersion::default()
            });
            continue;
        }
        let Some(k) = current.as_mut() else { continue };
        let v = Some(value);
        match key.as_str() {
            "gitcommit" => k.git_commit = v,
            "gittreestate" => k.git_tree_state = v,
            "builddate" => k.build_date = v,
            "goversion" => k.go_version = v,
            "compiler" => k.compiler = v,
            _ => k.platform = v,
        }
    }
    finish(current, &mut found);
    found
}

/// `2026-04-14`, `Tue, 2026-04-14`, `Wednesday, 2026 August 26th`, `14th April 2026`,
/// `April 14, 2026`.
pub fn parse_date(text: &str) -> Option<String> {
    static ISO: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?-u)(\d{4})-(\d{1,2})-(\d{1,2})").expect("static regex"));
    static YMD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i-u)(\d{4})\s+([a-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?\b").expect("static regex")
    });
    static DMY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i-u)\b(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+),?\s+(\d{4})")
            .expect("static regex")
    });
    static MDY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i-u)\b([a-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
            .expect("static regex")
    });
    let month = |m: &str| -> Option<u32> {
        let m = m.to_ascii_lowercase();
        let names = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        if m.len() < 3 {
            return None;
        }
        names
            .iter()
            .position(|n| m.starts_with(n))
            .map(|i| i as u32 + 1)
    };
    let make = |y: &str, m: u32, d: &str| -> Option<String> {
        let date = chrono::NaiveDate::from_ymd_opt(y.parse().ok()?, m, d.parse().ok()?)?;
        Some(date.format("%Y-%m-%d").to_string())
    };
    if let Some(c) = ISO.captures(text) {
        return make(&c[1], c[2].parse().ok()?, &c[3]);
    }
    if let Some(c) = YMD.captures(text) {
        if let Some(m) = month(&c[2]) {
            return make(&c[1], m, &c[3]);
        }
    }
    if let Some(c) = DMY.captures(text) {
        if let Some(m) = month(&c[2]) {
            return make(&c[3], m, &c[1]);
        }
    }
    if let Some(c) = MDY.captures(text) {
        if let Some(m) = month(&c[1]) {
            return make(&c[3], m, &c[2]);
        }
    }
    None
}

impl CutIssue {
    pub fn step(&self, id: StepId) -> Option<&StepReading> {
        self.steps.iter().find(|s| s.id == id)
    }

    /// The first open step that this cut needs, in process order. Optional steps (a patch's mock
    /// runs, its release signal) are not "next".
    fn compute_next(&self) -> Option<StepId> {
        let plan = self.version.and_then(|v| {
            plan::plan(&PlanRequest {
                tag: v.to_string(),
                ..PlanRequest::default()
            })
            .ok()
        });
        self.steps
            .iter()
            .filter(|s| s.state == StepState::Open)
            .find(|s| match plan.as_ref().and_then(|p| p.step(s.id)) {
                Some(p) => p.applies && !p.optional,
                None => true,
            })
            .map(|s| s.id)
    }

    /// The plan of this cut, with what the issue knows filled in: the build versions from the
    /// jobs history, the scheduled date.
    pub fn plan(&self, fork: Option<&str>) -> Option<plan::Plan> {
        let v = self.version?;
        let req = PlanRequest {
            tag: v.to_string(),
            fork: fork.map(str::to_string),
            date: self.history_date().or_else(|| self.scheduled.clone()),
            ..PlanRequest::default()
        };
        let base = plan::plan(&req).ok()?;
        // Each release uses the build version of its own stage job.
        let mut out = base.clone();
        for (release, stage) in [
            (StepId::MockRelease, StepId::MockStage),
            (StepId::NomockRelease, StepId::NomockStage),
        ] {
            let Some(bv) =
                history::last_for(&self.history, stage).and_then(|r| r.build_version.clone())
            else {
                continue;
            };
            if let Ok(p) = plan::plan(&PlanRequest {
                build_version: Some(bv),
                ..req.clone()
            }) {
                if let (Some(dst), Some(src)) = (
                    out.steps.iter_mut().find(|s| s.id == release),
                    p.step(release),
                ) {
                    dst.commands = src.commands.clone();
                }
            }
        }
        Some(out)
    }

    /// The `--date-from` a release manager wrote into the metrics item (`krel history --branch
    /// release-1.35 --date-from 2026-03-18`): the day actually cut, when the template's
    /// `yyyy-mm-dd` was replaced.
    pub fn history_date(&self) -> Option<String> {
        let label = &self.step(StepId::Metrics)?.label;
        let rest = label.split("--date-from").nth(1)?.trim_start();
        parse_date(rest.get(..10)?)
    }

    /// Steps done out of the steps that count (not skipped).
    pub fn progress(&self) -> (usize, usize) {
        let counted: Vec<&StepReading> = self
            .steps
            .iter()
            .filter(|s| s.state != StepState::Skipped)
            .collect();
        (
            counted
                .iter()
                .filter(|s| s.state == StepState::Done)
                .count(),
            counted.len(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        let v = |t: &str| version_from_title(t).map(|v| v.to_string());
        assert_eq!(
            v("Cut v1.35.0-rc.1 release").as_deref(),
            Some("v1.35.0-rc.1")
        );
        assert_eq!(
            v("Cut 1.15.0-beta.0 release").as_deref(),
            Some("v1.15.0-beta.0")
        );
        assert_eq!(
            v("Cut 1.16-beta.1 release").as_deref(),
            Some("v1.16.0-beta.1")
        );
        assert_eq!(v("Cut v1.33.3. release").as_deref(), Some("v1.33.3"));
        assert_eq!(v("Cut v1.32.10").as_deref(), Some("v1.32.10"));
        assert_eq!(v("cut V1.34.6 Release").as_deref(), Some("v1.34.6"));
        assert_eq!(v("Cut v1.x.y-{alpha,beta,rc}.z release"), None);
        assert_eq!(v("Update GH template for release cuts"), None);
    }

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
            Meaning::MockGroup
        );
        assert_eq!(meaning("NoMock Run"), Meaning::NomockGroup);
        assert_eq!(meaning("Release"), Meaning::Release);
        assert_eq!(
            meaning("Image Promotion PR: "),
            Meaning::Step(StepId::ImagePromotion)
        );
        assert_eq!(
            meaning("Update [`schedule.yaml` file](x) with the latest release"),
            Meaning::Step(StepId::Schedule)
        );
        assert_eq!(meaning("Publish packages (debs & rpms)"), Meaning::Nothing);
        assert_eq!(
            meaning("PR for Code thaw: https://x"),
            Meaning::Step(StepId::CodeThaw)
        );
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("Tue, 2026-04-14").as_deref(), Some("2026-04-14"));
        assert_eq!(
            parse_date("Wednesday, 2026 August 26th").as_deref(),
            Some("2026-08-26")
        );
        assert_eq!(parse_date("14th April 2026").as_deref(), Some("2026-04-14"));
        assert_eq!(parse_date("April 14, 2026").as_deref(), Some("2026-04-14"));
        assert_eq!(parse_date("ASAP/Unscheduled (rc.0 broke ci)"), None);
        assert_eq!(parse_date("2026-02-30"), None);
    }

    #[test]
    fn krel_version_blocks() {
        let placeholder = "GitVersion:    vM.m.p\nGitCommit:     191ddd0b0b49af1adb04a98e45cebdd36cae9307\nGitTreeState:  clean\n";
        assert_eq!(krel_version(placeholder), None);
        let banner = "```\n    __ __    ____     ______    __\n   / //_/   / __ \\   / ____/   / /\nkrel: The Kubernetes Release toolbox\n\nGitVersion:    v0.20.1-0.20260226070826-29b1a9894813\nGitCommit:     29b1a9894813\nGitTreeState:  dirty\nBuildDate:     2026-02-26T07:08:26Z\nGoVersion:     go1.26.0\nCompiler:      gc\nPlatform:      linux/amd64\n```\n";
        let k = krel_version(&format!("<!--\n{placeholder}-->\n{banner}")).unwrap();
        assert_eq!(k.git_version, "v0.20.1-0.20260226070826-29b1a9894813");
        assert_eq!(k.git_tree_state.as_deref(), Some("dirty"));
        assert_eq!(k.platform.as_deref(), Some("linux/amd64"));
        let json = "{\n  \"gitVersion\": \"v0.19.0\",\n  \"gitCommit\": \"abc\",\n  \"gitTreeState\": \"clean\"\n}";
        assert_eq!(krel_version(json).unwrap().git_version, "v0.19.0");
    }
}
