//! The cut as a picture: a Mermaid `gantt` chart of the release jobs (each bar from its start
//! for its duration, failed runs in red) and of the steps' completion times from the ledger
//! (milestones), and the compact progress line of the status comment.
//!
//! GitHub renders a ```` ```mermaid ```` block in comments. Mermaid's gantt lexer reads a task
//! line as a name (`[^:\n]+`), a colon and task data (`[^#\n;]+`) split on commas into tags
//! (`done`, `crit`, `milestone`), an id, a start and a duration; keywords (`title`, `section`,
//! `click`, ...) are matched before names. Every name relcut writes goes through [`task_name`],
//! so no `:`, `#`, `;` or keyword in a step label or a table cell can break the chart.
//!
//! ```
//! use relcut_core::gantt::task_name;
//! assert_eq!(task_name("stage: retry #2; again"), "stage - retry no. 2, again");
//! assert_eq!(task_name("section 3"), "_section 3");
//! ```

use std::fmt::Write;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

use crate::checklist::CutIssue;
use crate::history::HistoryRow;
use crate::ledger::Ledger;
use crate::plan::StepId;

/// The date format of every start in the chart; mermaid reads it with dayjs.
const DATE_FORMAT: &str = "YYYY-MM-DD HH:mm:ss";
const CHRONO_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// Words mermaid's gantt lexer matches before a task name: a name starting with one of them
/// would be read as that statement.
const KEYWORDS: [&str; 17] = [
    "gantt",
    "dateformat",
    "inclusiveenddates",
    "topaxis",
    "axisformat",
    "tickinterval",
    "includes",
    "excludes",
    "todaymarker",
    "weekday",
    "weekend",
    "title",
    "section",
    "acc",
    "click",
    "call",
    "href",
];

/// A task name mermaid reads as written: one line, no `:` (ends the name), no `#` or `;`
/// (entity and statement delimiters), no `%` (comment), no backtick or angle bracket (the
/// chart sits in a Markdown fence and mermaid renders labels as HTML), and never starting with a
/// keyword or a date.
pub fn task_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            ':' => out.push_str(" -"),
            '#' => out.push_str("no. "),
            ';' => out.push(','),
            '%' => out.push_str(" pct"),
            '`' | '"' => out.push('\''),
            '<' => out.push('('),
            '>' => out.push(')'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    let mut name = out.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return "(unnamed)".to_string();
    }
    let lower = name.to_ascii_lowercase();
    let starts_with_date = name.len() >= 10
        && name.bytes().take(10).enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if starts_with_date || KEYWORDS.iter().any(|k| lower.starts_with(k)) {
        name.insert(0, '_');
    }
    name
}

/// A start cell as a UTC time: krel's RFC 3339 (`2026-08-26T07:01:10.101Z`), an ISO time
/// without a zone (taken as UTC), the hand-written `December 4, 2021 at 3:14:16 AM UTC` (with an
/// optional `UTC+1` offset), or a clock time (`2:25:49 AM UTC`, `14:05:00 UTC`) on `day`.
/// Clock times without a zone are not guessed.
pub fn start_time(cell: &str, day: Option<NaiveDate>) -> Option<NaiveDateTime> {
    let s = cell.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.naive_utc());
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(t);
        }
    }
    // The zone: `UTC`, `GMT`, `Z`, `UTC+1`, `UTC-07:00`, as the last word.
    let (rest, zone) = s.rsplit_once(' ')?;
    let offset_minutes = zone_offset(zone)?;
    let rest = rest.trim();
    let local = if let Some((date, time)) = rest.split_once(" at ") {
        let date = NaiveDate::parse_from_str(date.trim(), "%B %d, %Y").ok()?;
        date.and_time(clock(time)?)
    } else {
        day?.and_time(clock(rest)?)
    };
    local.checked_sub_signed(TimeDelta::minutes(offset_minutes))
}

fn clock(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    ["%I:%M:%S %p", "%I:%M %p", "%H:%M:%S", "%H:%M"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(s, f).ok())
}

/// Minutes east of UTC for `UTC`, `GMT`, `Z`, `UTC+1`, `UTC-07:00`, `UTC+0530`.
fn zone_offset(zone: &str) -> Option<i64> {
    let z = zone.trim().to_ascii_uppercase();
    let rest = z
        .strip_prefix("UTC")
        .or_else(|| z.strip_prefix("GMT"))
        .or_else(|| (z == "Z").then_some(""))?;
    if rest.is_empty() {
        return Some(0);
    }
    let (sign, digits) = match rest.as_bytes().first()? {
        b'+' => (1, &rest[1..]),
        b'-' => (-1, &rest[1..]),
        _ => return None,
    };
    let digits = digits.replace(':', "");
    let (h, m) = match digits.len() {
        1 | 2 => (digits.parse::<i64>().ok()?, 0),
        3 | 4 => {
            let split = digits.len() - 2;
            (
                digits[..split].parse::<i64>().ok()?,
                digits[split..].parse::<i64>().ok()?,
            )
        }
        _ => return None,
    };
    (h <= 14 && m < 60).then_some(sign * (h * 60 + m))
}

/// The day a clock-only start cell belongs to: the date of a row that has one, else the cut's
/// scheduled day (`YYYY-MM-DD`), else the first day in the ledger.
pub fn reference_day(
    rows: &[HistoryRow],
    scheduled: Option<&str>,
    ledger: &Ledger,
) -> Option<NaiveDate> {
    rows.iter()
        .filter_map(|r| start_time(r.start.as_deref()?, None))
        .map(|t| t.date())
        .next()
        .or_else(|| scheduled.and_then(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()))
        .or_else(|| ledger.steps().map(|(_, t)| t.naive_utc().date()).min())
}

/// A chart, and what could not be put on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    /// The mermaid sources, each `gantt` first: one chart, or two when the jobs and the steps
    /// relcut saw done are more than a day apart (relcut added mid-cut), each on its own time
    /// scale. Empty when there is nothing to draw.
    pub sources: Vec<String>,
    /// Jobs left off the chart, with why (`mock stage (line 12): no start time`).
    pub left_out: Vec<String>,
}

impl Chart {
    /// Each chart in a ```` ```mermaid ```` fence, then a line naming the jobs left off. Empty
    /// when there is nothing at all (no job, no ledger).
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        for source in &self.sources {
            out.push_str(&crate::md::fence("mermaid", source));
            out.push('\n');
        }
        if !self.left_out.is_empty() {
            let _ = writeln!(
                out,
                "{}: {}.",
                if self.sources.is_empty() {
                    "No chart: cannot place"
                } else {
                    "Not on the chart"
                },
                self.left_out
                    .iter()
                    .map(|s| crate::md::plain(s))
                    .collect::<Vec<_>>()
                    .join("; ")
            );
        }
        out
    }
}

/// One task line, with the span it covers.
struct Task {
    start: NaiveDateTime,
    end: NaiveDateTime,
    line: String,
}

/// `26 h 5 min`, for a bar longer than a day (the axis alone does not say it).
fn long_duration(seconds: u64) -> String {
    let minutes = seconds / 60;
    format!("{} h {} min", minutes / 60, minutes % 60)
}

/// The job tasks of `rows`, in time order, and the rows that cannot be placed.
fn job_tasks(rows: &[HistoryRow], day: Option<NaiveDate>) -> (Vec<Task>, Vec<String>) {
    let mut tasks = Vec::new();
    let mut left_out = Vec::new();
    // Runs of each step so far: one count per step, not a scan of the rows before.
    let mut runs: std::collections::HashMap<StepId, usize> = std::collections::HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        let label = r.step.spec().chart_label();
        let runs_before = runs.entry(r.step).or_insert(0);
        let retry = *runs_before;
        *runs_before += 1;
        let Some(start) = r.start.as_deref().and_then(|s| start_time(s, day)) else {
            left_out.push(format!(
                "{label} (line {}): {}",
                r.line,
                match r.start.as_deref() {
                    None => "no start time".to_string(),
                    Some(s)
                        if day.is_none()
                            && start_time(s, NaiveDate::from_ymd_opt(2000, 1, 1)).is_some() =>
                    {
                        format!(
                            "start {} has no date and the issue names no cut day",
                            s.trim()
                        )
                    }
                    Some(s) => format!("start {} is not a UTC time", s.trim()),
                }
            ));
            continue;
        };
        let mut name = label.to_string();
        if retry > 0 {
            let _ = write!(name, " (run {})", retry + 1);
        }
        // The colour alone does not tell everyone: the name says it too.
        let tag = match r.succeeded {
            Some(true) => "done, ",
            Some(false) => {
                name.push_str(", failed");
                "crit, "
            }
            None => "",
        };
        let (tag, duration, seconds) = match r.duration_seconds {
            Some(d) if d > 0 => {
                if d > 86_400 {
                    let _ = write!(name, ", {}", long_duration(d));
                }
                (
                    tag.to_string(),
                    format!("{d}s"),
                    i64::try_from(d).unwrap_or(i64::MAX),
                )
            }
            _ => {
                name.push_str(", duration unknown");
                (format!("{tag}milestone, "), "0s".to_string(), 0)
            }
        };
        tasks.push(Task {
            start,
            end: TimeDelta::try_seconds(seconds)
                .and_then(|d| start.checked_add_signed(d))
                .unwrap_or(start),
            line: format!(
                "    {} :{tag}job{}, {}, {duration}\n",
                task_name(&name),
                i + 1,
                start.format(CHRONO_FORMAT)
            ),
        });
    }
    // Rows in time order (a retry pasted above its first run, a table sorted by step).
    tasks.sort_by_key(|t| t.start);
    (tasks, left_out)
}

/// One gantt source: its title, an axis that shows dates when the chart spans more than a day,
/// and its sections.
fn gantt_source(title: &str, sections: &[(&str, &[Task])]) -> String {
    let all = || sections.iter().flat_map(|(_, tasks)| tasks.iter());
    let first = all().map(|t| t.start).min();
    let last = all().map(|t| t.end).max();
    let long = matches!((first, last), (Some(a), Some(b)) if b - a > TimeDelta::hours(24));
    let mut source = String::new();
    let _ = writeln!(source, "gantt");
    let _ = writeln!(source, "    title {} (UTC)", task_name(title));
    let _ = writeln!(source, "    dateFormat {DATE_FORMAT}");
    let _ = writeln!(
        source,
        "    axisFormat {}",
        if long { "%m-%d %H:%M" } else { "%H:%M" }
    );
    for (name, tasks) in sections {
        if tasks.is_empty() {
            continue;
        }
        let _ = writeln!(source, "    section {name}");
        for t in *tasks {
            source.push_str(&t.line);
        }
    }
    source
}

/// The gantt chart of `rows` (the jobs of the cut, retries included) and of the ledger's steps
/// done. `title` is plain text (escaped here); `day` places clock-only start cells
/// ([`reference_day`]). Jobs and steps more than a day apart get a chart each.
pub fn chart(title: &str, rows: &[HistoryRow], ledger: &Ledger, day: Option<NaiveDate>) -> Chart {
    let (jobs, left_out) = job_tasks(rows, day);
    let mut seen: Vec<(NaiveDateTime, StepId)> =
        ledger.steps().map(|(id, t)| (t.naive_utc(), id)).collect();
    seen.sort();
    let steps: Vec<Task> = seen
        .iter()
        .enumerate()
        .map(|(i, (t, id))| Task {
            start: *t,
            end: *t,
            line: format!(
                "    {} :milestone, step{}, {}, 0s\n",
                task_name(id.as_str()),
                i + 1,
                t.format(CHRONO_FORMAT)
            ),
        })
        .collect();
    if jobs.is_empty() && steps.is_empty() {
        return Chart {
            sources: vec![],
            left_out,
        };
    }
    let span = |tasks: &[Task]| {
        (
            tasks.iter().map(|t| t.start).min(),
            tasks.iter().map(|t| t.end).max(),
        )
    };
    let apart = match (span(&jobs), span(&steps)) {
        ((Some(j0), Some(j1)), (Some(s0), Some(s1))) => {
            s0 - j1 > TimeDelta::hours(24) || j0 - s1 > TimeDelta::hours(24)
        }
        _ => false,
    };
    let sources = if apart {
        vec![
            gantt_source(
                &format!("{title}, release jobs"),
                &[("Release jobs", &jobs)],
            ),
            gantt_source(
                &format!("{title}, steps relcut saw done"),
                &[("Steps done", &steps)],
            ),
        ]
    } else {
        vec![gantt_source(
            title,
            &[("Release jobs", &jobs), ("Steps done", &steps)],
        )]
    };
    Chart { sources, left_out }
}

/// The chart of a cut issue as read, with its ledger.
pub(crate) fn chart_of(issue: &CutIssue, ledger: &Ledger) -> Chart {
    let title = match issue.version {
        Some(v) => format!("Cut {v}"),
        None => "Cut".to_string(),
    };
    let day = reference_day(&issue.history, issue.scheduled.as_deref(), ledger);
    chart(&title, &issue.history, ledger, day)
}

/// `▰▰▰▰▰▰▰▱▱▱▱▱ 7/12 steps`: one block per step when they fit, else scaled to 20.
pub(crate) fn progress_bar(done: usize, total: usize) -> String {
    let width = total.min(20);
    let filled = if total == 0 {
        0
    } else {
        (done * width).div_ceil(total).min(width)
    };
    // Never a full bar before every step is done.
    let filled = if done < total {
        filled.min(width.saturating_sub(1))
    } else {
        filled
    };
    let bar = format!("{}{}", "▰".repeat(filled), "▱".repeat(width - filled));
    if bar.is_empty() {
        format!("{done}/{total} steps")
    } else {
        format!("{bar} {done}/{total} steps")
    }
}

/// Minutes left by the plan's estimates: the open steps the plan applies to this cut.
pub(crate) fn minutes_left(issue: &CutIssue, fork: Option<&str>) -> Option<u32> {
    let plan = issue.plan(fork)?;
    Some(
        issue
            .steps
            .iter()
            .filter(|s| s.state.is_pending())
            .filter_map(|s| plan.step(s.id))
            .filter(|p| p.applies)
            .map(|p| p.estimate_minutes)
            .sum(),
    )
}

/// `2 h 05 min`, `45 min`.
pub(crate) fn human_minutes(m: u32) -> String {
    match (m / 60, m % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m:02} min"),
    }
}

/// The status comment's progress line: the bar and, when the plan is known, the time left.
pub(crate) fn progress_line(issue: &CutIssue, fork: Option<&str>) -> String {
    let (done, total) = issue.progress();
    let mut line = format!("`{}`", progress_bar(done, total));
    if let Some(m) = minutes_left(issue, fork).filter(|m| *m > 0) {
        let _ = write!(
            line,
            " · about {} left by the plan's estimates",
            human_minutes(m)
        );
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history;
    use crate::ledger::{Record, Told};

    /// Mermaid's gantt grammar as documented (and as its jison lexer reads it), for the lines
    /// relcut writes: one statement per line; a task is `name :[tags,] id, start, duration` with
    /// tags from `done`, `crit`, `active`, `milestone`, a start in the declared date format and
    /// a duration like `90s`. The real parser runs in `.ci/run`; this keeps `cargo test` honest
    /// without node.
    fn check_gantt(src: &str) -> Result<usize, String> {
        let mut lines = src.lines();
        if lines.next().map(str::trim) != Some("gantt") {
            return Err("the first line is not `gantt`".into());
        }
        let mut tasks = 0;
        let mut ids = std::collections::BTreeSet::new();
        for (n, raw) in lines.enumerate() {
            let line = raw.trim();
            let err = |m: &str| Err(format!("line {}: {m}: `{line}`", n + 2));
            if line.is_empty() || line.starts_with("%%") {
                continue;
            }
            let word = line.split_whitespace().next().unwrap_or("");
            match word {
                "title" | "section" => continue,
                "dateFormat" | "axisFormat" => {
                    if line.contains(['#', ';']) {
                        return err("`#` or `;` in a format");
                    }
                    continue;
                }
                _ => {}
            }
            let Some((name, data)) = line.split_once(':') else {
                return err("a task line without `:`");
            };
            let name = name.trim();
            if name.is_empty() || name.contains(['#', ';', '%', '`']) {
                return err("a bad task name");
            }
            let lower = name.to_ascii_lowercase();
            if KEYWORDS.iter().any(|k| lower.starts_with(k)) {
                return err("a task name starting with a keyword");
            }
            if data.contains(['#', ';']) {
                return err("`#` or `;` in task data");
            }
            let parts: Vec<&str> = data.split(',').map(str::trim).collect();
            let tags = parts
                .iter()
                .take_while(|p| matches!(**p, "done" | "crit" | "active" | "milestone"))
                .count();
            let rest = &parts[tags..];
            let [id, start, duration] = rest else {
                return err("task data is not `[tags,] id, start, duration`");
            };
            if !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                || !ids.insert(id.to_string())
            {
                return err("a bad or repeated id");
            }
            if NaiveDateTime::parse_from_str(start, CHRONO_FORMAT).is_err() {
                return err("a start not in the date format");
            }
            let unit = duration.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
            let number = &duration[..duration.len() - unit.len()];
            if number.parse::<f64>().is_err() || !matches!(unit, "ms" | "s" | "m" | "h" | "d" | "w")
            {
                return err("a bad duration");
            }
            tasks += 1;
        }
        Ok(tasks)
    }

    /// krel's current `history` output for an official cut: mock stage and release, a no-mock
    /// stage that timed out and its rerun, and the no-mock release (shape of
    /// kubernetes/sig-release cut issues of 2025-2026).
    const KREL_TABLE: &str = "\
| STEP           | COMMAND                                                                                                    | LINK                                                                             | START                          | DURATION | SUCCEEDED?  |
|:---------------|:-----------------------------------------------------------------------------------------------------------|:---------------------------------------------------------------------------------|:-------------------------------|:---------|:------------|
| `mock stage`   | `krel stage --type official --branch release-1.37 --build-version v1.37.0-rc.1.40+1a2b3c4d5e6f70`          | https://console.cloud.google.com/cloud-build/builds/7b8c-01?project=648026197307 | 2026-08-26T07:01:10.101010101Z | 01:15:20 | Yes         |
| `mock release` | `krel release --type official --branch release-1.37 --build-version v1.37.0-rc.1.40+1a2b3c4d5e6f70`        | https://console.cloud.google.com/cloud-build/builds/7b8c-02?project=648026197307 | 2026-08-26T08:30:00.202020202Z | 00:14:05 | Yes         |
| `stage`        | `krel stage --type official --branch release-1.37 --build-version v1.37.0-rc.1.40+1a2b3c4d5e6f70 --nomock` | https://console.cloud.google.com/cloud-build/builds/7b8c-03?project=648026197307 | 2026-08-26T09:00:00.303030303Z | 01:02:03 | No, Timeout |
| `stage`        | `krel stage --type official --branch release-1.37 --build-version v1.37.0-rc.1.40+1a2b3c4d5e6f70 --nomock` | https://console.cloud.google.com/cloud-build/builds/7b8c-04?project=648026197307 | 2026-08-26T10:10:00.404040404Z | 01:20:44 | Yes         |
| `release`      | `krel release --type official --branch release-1.37 --build-version v1.37.0-rc.1.40+1a2b3c4d5e6f70 --nomock` | https://console.cloud.google.com/cloud-build/builds/7b8c-05?project=648026197307 | 2026-08-26T13:40:00.505050505Z | 00:16:30 | Yes         |
";

    /// A hand-written table of 2021 (clock times on the cut day, a missing start).
    const HAND_TABLE: &str = "\
Step | Command | Link | Start | Duration | Succeeded?
--- | --- | --- | --- | --- | ---
Mock stage | krel stage --type rc --branch release-1.23 --build-version v1.23.0-beta.0.88+c3e6b666437b25 | https://console.cloud.google.com/cloud-build/builds/abc | 2:25:49 AM UTC| 1 hr 40 min | YES|
Mock release | krel release --type rc --branch release-1.23 | | December 4, 2021 at 4:14:16 AM UTC+1 | 15 min | NO
Stage | krel stage --type rc --nomock | https://console.cloud.google.com/cloud-build/builds/def | | 1 hr 45 min | Yes
";

    fn ledger() -> Ledger {
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().to_utc();
        let mut l = Ledger::new();
        l.record_done(&[StepId::SlackThread], t("2026-08-26T06:40:00Z"));
        l.record_done(&[StepId::MockStage], t("2026-08-26T08:20:00Z"));
        l.record_done(&[StepId::NomockStage], t("2026-08-26T11:35:12Z"));
        // Not a step: relcut's own records share the ledger and stay off the chart.
        l.insert(
            Record::Told(Told::PromotionSucceeded),
            t("2026-08-26T12:00:00Z"),
        );
        l
    }

    #[test]
    fn krel_history_chart() {
        let rows = history::parse(KREL_TABLE);
        let l = ledger();
        let c = chart("Cut v1.37.0", &rows, &l, reference_day(&rows, None, &l));
        assert!(c.left_out.is_empty(), "{:?}", c.left_out);
        assert_eq!(check_gantt(&c.sources[0]), Ok(8), "{}", c.sources[0]);
        insta::assert_snapshot!(c.markdown());
    }

    #[test]
    fn hand_written_chart_places_clock_times_on_the_day() {
        let rows = history::parse(HAND_TABLE);
        let day = reference_day(&rows, Some("2021-12-04"), &Ledger::new());
        assert_eq!(day, NaiveDate::from_ymd_opt(2021, 12, 4));
        let c = chart("Cut v1.23.0-rc.0", &rows, &Ledger::new(), day);
        assert_eq!(check_gantt(&c.sources[0]), Ok(2), "{}", c.sources[0]);
        insta::assert_snapshot!(c.markdown());
        assert_eq!(c.left_out, ["stage (no-mock) (line 5): no start time"]);
    }

    /// relcut was added to the cut three days after the jobs ran: the jobs and the steps it saw
    /// done each get a chart on their own scale, not one axis of hours across four days.
    #[test]
    fn a_mid_cut_chart_keeps_jobs_and_steps_readable() {
        let rows = history::parse(KREL_TABLE);
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().to_utc();
        let mut l = Ledger::new();
        l.record_done(&[StepId::Email], t("2026-08-29T15:10:00Z"));
        l.record_done(&[StepId::SlackNotify], t("2026-08-29T15:20:00Z"));
        l.record_done(&[StepId::Metrics], t("2026-08-30T16:00:00Z"));
        let c = chart("Cut v1.37.0", &rows, &l, reference_day(&rows, None, &l));
        assert_eq!(c.sources.len(), 2, "{:#?}", c.sources);
        assert_eq!(check_gantt(&c.sources[0]), Ok(5), "{}", c.sources[0]);
        assert_eq!(check_gantt(&c.sources[1]), Ok(3), "{}", c.sources[1]);
        // The jobs fit in a day: hours. The steps span more than a day: dates on the axis.
        assert!(
            c.sources[0].contains("axisFormat %H:%M\n"),
            "{}",
            c.sources[0]
        );
        assert!(
            c.sources[1].contains("axisFormat %m-%d %H:%M\n"),
            "{}",
            c.sources[1]
        );
        insta::assert_snapshot!(c.markdown());

        // Within a day of each other they stay one chart.
        let mut near = Ledger::new();
        near.record_done(&[StepId::Email], t("2026-08-26T15:10:00Z"));
        let one = chart(
            "Cut v1.37.0",
            &rows,
            &near,
            reference_day(&rows, None, &near),
        );
        assert_eq!(one.sources.len(), 1);
        assert_eq!(check_gantt(&one.sources[0]), Ok(6), "{}", one.sources[0]);
    }

    /// A table pasted out of order is drawn in time order; a job over 24 h says so, and the
    /// axis shows dates.
    #[test]
    fn rows_in_time_order_and_long_jobs_say_so() {
        let table = "\
| STEP | COMMAND | LINK | START | DURATION | SUCCEEDED? |
|:-----|:--------|:-----|:------|:---------|:-----------|
| `stage` | `krel stage --nomock` | | 2026-08-27T10:00:00Z | 26:05:00 | Yes |
| `mock stage` | `krel stage` | | 2026-08-26T07:00:00Z | 01:00:00 | Yes |
";
        let rows = history::parse(table);
        let c = chart("Cut v1.37.0", &rows, &Ledger::new(), None);
        let src = &c.sources[0];
        assert_eq!(check_gantt(src), Ok(2), "{src}");
        let mock = src.find("mock stage").unwrap();
        let stage = src.find("stage (no-mock)").unwrap();
        assert!(mock < stage, "{src}");
        assert!(src.contains("stage (no-mock), 26 h 5 min :done"), "{src}");
        assert!(src.contains("axisFormat %m-%d %H:%M\n"), "{src}");
    }

    #[test]
    fn nothing_to_draw() {
        let c = chart("Cut v1.35.1", &[], &Ledger::new(), None);
        assert!(c.sources.is_empty());
        assert_eq!(c.markdown(), "");
    }

    #[test]
    fn hostile_names_cannot_break_the_chart() {
        for s in [
            "a: b",
            "#12; x",
            "click me",
            "Section x",
            "2026-01-01 x",
            "%% comment",
            "```\n```",
            "<b>x</b>",
            "",
            "title",
        ] {
            let src = format!(
                "gantt\n    dateFormat {DATE_FORMAT}\n    {} :done, j1, 2026-01-01 00:00:00, 10s\n",
                task_name(s)
            );
            assert_eq!(check_gantt(&src), Ok(1), "{s:?} gave {src}");
        }
        let rows = vec![HistoryRow {
            step: StepId::NomockStage,
            command: None,
            build_version: None,
            link: None,
            start: Some("2026-01-01T00:00:00Z".into()),
            duration_seconds: None,
            succeeded: Some(false),
            line: 1,
        }];
        let c = chart("v1: #1; %% x", &rows, &Ledger::new(), None);
        assert_eq!(check_gantt(&c.sources[0]), Ok(1), "{}", c.sources[0]);
        assert!(c.sources[0].contains("stage (no-mock), failed, duration unknown :crit, milestone, job1, 2026-01-01 00:00:00, 0s"), "{}", c.sources[0]);
        assert!(
            c.sources[0].contains("title v1 - no. 1, pct pct x (UTC)"),
            "{}",
            c.sources[0]
        );
    }

    #[test]
    fn the_checker_catches_what_mermaid_refuses() {
        assert!(check_gantt("flowchart LR\n").is_err());
        assert!(check_gantt("gantt\n    a :b: c, d\n").is_err());
        assert!(check_gantt("gantt\n    a :done, j1, yesterday, 10s\n").is_err());
        assert!(check_gantt("gantt\n    a :done, j1, 2026-01-01 00:00:00, 10x\n").is_err());
        assert!(check_gantt("gantt\n    title : x\n    a :j1, 2026-01-01 00:00:00, 1h\n    b :j1, 2026-01-01 00:00:00, 1h\n").is_err());
        assert!(check_gantt("gantt\n    click x :j1, 2026-01-01 00:00:00, 1h\n").is_err());
    }

    #[test]
    fn start_cells() {
        let day = NaiveDate::from_ymd_opt(2021, 12, 4);
        let t = |s: &str| start_time(s, day).map(|t| t.format(CHRONO_FORMAT).to_string());
        assert_eq!(
            t("2026-08-26T07:01:10.101010101Z").as_deref(),
            Some("2026-08-26 07:01:10")
        );
        assert_eq!(
            t("2026-08-26T09:01:10+02:00").as_deref(),
            Some("2026-08-26 07:01:10")
        );
        assert_eq!(t("2:25:49 AM UTC").as_deref(), Some("2021-12-04 02:25:49"));
        assert_eq!(
            t("November 18, 2019 at 4:50:46 PM UTC+1").as_deref(),
            Some("2019-11-18 15:50:46")
        );
        assert_eq!(t("14:05 GMT").as_deref(), Some("2021-12-04 14:05:00"));
        assert_eq!(t("10:00"), None, "no zone: not guessed");
        assert_eq!(t("3:20:07 AM PDT"), None);
        assert_eq!(t("soon"), None);
        assert_eq!(start_time("2:25:49 AM UTC", None), None, "no day");
        assert_eq!(t("1:00 AM UTC+99"), None);
    }

    #[test]
    fn progress() {
        assert_eq!(progress_bar(7, 12), "▰▰▰▰▰▰▰▱▱▱▱▱ 7/12 steps");
        assert_eq!(progress_bar(0, 3), "▱▱▱ 0/3 steps");
        assert_eq!(progress_bar(3, 3), "▰▰▰ 3/3 steps");
        assert_eq!(progress_bar(39, 40), "▰▰▰▰▰▰▰▰▰▰▰▰▰▰▰▰▰▰▰▱ 39/40 steps");
        assert_eq!(progress_bar(1, 40), "▰▱▱▱▱▱▱▱▱▱▱▱▱▱▱▱▱▱▱▱ 1/40 steps");
        assert_eq!(progress_bar(0, 0), "0/0 steps");
        assert_eq!(human_minutes(125), "2 h 05 min");
        assert_eq!(human_minutes(45), "45 min");
        assert_eq!(human_minutes(120), "2 h");
    }

    #[test]
    fn status_comment_shows_the_bar_and_the_time_left() {
        let text = include_str!("../tests/fixtures/cut-issues/e6-2026-official-in-progress.md");
        let doc = crate::checklist::split_front_matter(text);
        let issue = crate::checklist::read(crate::checklist::IssueInput {
            title: doc.title.as_deref(),
            body: &doc.body,
            created_at: doc.created_at.as_deref(),
        });
        let (done, total) = issue.progress();
        let left = minutes_left(&issue, None).expect("the version is known");
        let plan = issue.plan(None).expect("plan");
        let open: u32 = issue
            .steps
            .iter()
            .filter(|s| s.state.is_pending())
            .filter_map(|s| plan.step(s.id))
            .map(|s| s.estimate_minutes)
            .sum();
        assert!(left > 0 && left <= open, "{left} of {open}");
        let line = progress_line(&issue, None);
        assert_eq!(
            line,
            format!(
                "`{}` · about {} left by the plan's estimates",
                progress_bar(done, total),
                human_minutes(left)
            )
        );
        let md = crate::checklist::StatusReport::build(&issue, None, None).markdown();
        assert!(md.contains(&format!("\n{line}\n")), "{md}");
        insta::assert_snapshot!(line);
    }
}
