//! Release jobs history tables: `krel history` output of every era and the hand-written tables of
//! 2019–2023, normalised to one row shape.
//!
//! The tables are pasted text, often broken (no leading pipes, `-- | --` separators, a comment
//! block in the middle, cells holding sentences), so this reads them line by line, keyed on the
//! header cells, rather than as Markdown tables, which would drop most of them.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::ledger::Ledger;
use crate::md;
use crate::step::{Job, StepId, STEPS};

/// One job of the cut, whatever table it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryRow {
    pub step: StepId,
    pub command: Option<String>,
    pub build_version: Option<String>,
    pub link: Option<String>,
    pub start: Option<String>,
    pub duration_seconds: Option<u64>,
    pub succeeded: Option<bool>,
    /// 1-based line in the input.
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Step,
    Command,
    Link,
    Start,
    End,
    Duration,
    Succeeded,
}

fn column(cell: &str) -> Option<Column> {
    // Header names are short: a long or empty cell is data (and a line of 60,000 empty cells
    // costs nothing).
    let t = cell.trim();
    if t.is_empty() || t.len() > 40 {
        return None;
    }
    let c = if t.contains('[') {
        clean_cell(t)
    } else {
        t.replace('`', "").replace("**", "")
    }
    .to_ascii_lowercase();
    Some(match c.trim_end_matches(['?', ':']).trim() {
        "step" => Column::Step,
        "command" => Column::Command,
        "link" | "links" | "logs" => Column::Link,
        "start" | "started" | "start time" => Column::Start,
        "end" | "end time" => Column::End,
        "duration" => Column::Duration,
        "succeeded" | "success" | "successful" | "status" | "result" => Column::Succeeded,
        _ => return None,
    })
}

fn split_cells(line: &str) -> Vec<&str> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').collect()
}

fn is_separator(line: &str) -> bool {
    let cells = split_cells(line);
    !cells.is_empty()
        && cells.iter().all(|c| {
            let c = c.trim();
            !c.is_empty() && c.trim_matches(':').chars().all(|ch| ch == '-') && c.contains('-')
        })
}

/// Strips back-ticks, markdown emphasis and turns `[text](url)` into `url`.
fn clean_cell(cell: &str) -> String {
    static MD_LINK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\(([^ \t\r\n]+?)\)").expect("static regex"));
    let s = MD_LINK.replace_all(cell, "$2");
    s.replace('`', "").replace("**", "").trim().to_string()
}

/// Blanks out HTML comments, keeping line breaks so that line numbers stay true.
pub(crate) fn blank_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 4..];
        match after.find("-->") {
            Some(end) => {
                let comment = &rest[start..start + 4 + end + 3];
                out.extend(comment.chars().filter(|c| *c == '\n'));
                rest = &after[end + 3..];
            }
            None => {
                out.extend(rest[start..].chars().filter(|c| *c == '\n'));
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The step a row of the jobs table is, by the step table's [`InHistory`]: a word of a
/// hand-written table (`Image promotion`), else the krel job its STEP cell (or its command)
/// names, mock or not.
fn step_of(cell: &str, command: &str) -> Option<StepId> {
    let s = cell.to_ascii_lowercase();
    let mock = s.contains("mock")
        && !s.contains("nomock")
        && !s.contains("no-mock")
        && !s.contains("no mock");
    let history = || {
        STEPS
            .iter()
            .filter_map(|spec| Some((spec.id, spec.history?)))
    };
    if let Some((id, _)) = history().find(|(_, h)| h.words.iter().any(|w| s.contains(w))) {
        return Some(id);
    }
    let job = if s.contains("stage") {
        Job::Stage
    } else if s.contains("release") {
        Job::Release
    } else if s.trim().is_empty() || s.trim() == "mock" {
        // krel prints an empty step for jobs that are neither stage nor release (fast-forward,
        // OBS); they are not steps of the cut.
        return None;
    } else {
        let c = command.to_ascii_lowercase();
        if c.contains(" stage") || c.contains("--stage") {
            Job::Stage
        } else if c.contains(" release ") || c.contains("--release") {
            Job::Release
        } else {
            return None;
        }
    };
    history()
        .find(|(_, h)| h.job == Some((job, mock)))
        .map(|(id, _)| id)
}

fn build_version_of(command: &str) -> Option<String> {
    static BV: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?-u)--build-?version[= ]+(v\d+\.\d+\.\d+[-.0-9A-Za-z]*(?:\+[0-9a-f]+)?)")
            .expect("static regex")
    });
    BV.captures(command).map(|c| c[1].to_string())
}

fn first_url(s: &str) -> Option<String> {
    crate::evidence::urls_in(s).into_iter().next()
}

/// `01:19:35`, `1:19:35`, `43 min 37 sec`, `1 hr 40 min`, `(1 hr, 2 min)`, `1h20m`, `36 min`, `45s`.
/// A clock time (`3:20:07 AM UTC`), as seen in a Duration cell holding the end time, is not a
/// duration.
pub fn parse_duration(cell: &str) -> Option<u64> {
    static HMS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?-u)^(\d{1,3}):(\d{2})(?::(\d{2}))?$").expect("static regex")
    });
    static UNIT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?-u)(\d+(?:\.\d+)?)\s*([a-z]+)").expect("static regex"));
    let s = cell.trim();
    if s.is_empty() {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    if lower.contains(" am") || lower.contains(" pm") {
        // A clock time; a duration in brackets may still follow it.
        let inner = lower
            .split_once('(')
            .map(|(_, r)| r.trim_end_matches(')').to_string())?;
        return parse_duration(&inner);
    }
    if let Some(c) = HMS.captures(s) {
        let h: u64 = c[1].parse().ok()?;
        let m: u64 = c[2].parse().ok()?;
        return Some(match c.get(3) {
            Some(sec) => h * 3600 + m * 60 + sec.as_str().parse::<u64>().ok()?,
            // `12:34` is minutes and seconds
            None => h * 60 + m,
        });
    }
    let mut total = 0f64;
    let mut found = false;
    for c in UNIT.captures_iter(&lower) {
        let n: f64 = c[1].parse().ok()?;
        let factor = match &c[2] {
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
            "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
            "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
            _ => continue,
        };
        total += n * factor;
        found = true;
    }
    found.then_some(total.round() as u64)
}

/// `Yes`, `yes!`, `YES`, `No`, `No, Timeout`, `No. PR to fix the issue: …`, `:white_check_mark:`.
pub(crate) fn parse_succeeded(cell: &str) -> Option<bool> {
    let s = cell.trim().to_ascii_lowercase();
    if s.starts_with("yes")
        || s.starts_with("success")
        || s.contains("white_check_mark")
        || s.starts_with('✅')
        || s == "ok"
    {
        Some(true)
    } else if s.starts_with("no")
        || s.starts_with("fail")
        || s.starts_with("cancel")
        || s.starts_with("timeout")
        || s.contains(":x:")
        || s.starts_with('❌')
    {
        Some(false)
    } else {
        None
    }
}

/// Reads every history table in `text` (a cut issue body, or a pasted table).
pub fn parse(text: &str) -> Vec<HistoryRow> {
    let text = blank_comments(text);
    let mut rows = Vec::new();
    let mut columns: Option<Vec<Option<Column>>> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if !line.contains('|') {
            if line.starts_with('#')
                || (!line.is_empty() && columns.is_some() && !line.starts_with('<'))
            {
                columns = None;
            }
            continue;
        }
        let cells = split_cells(line);
        // A header names both a step and a command column: other lines (the data rows of a
        // long table) are never read as headers, cell by cell.
        let has = |word: &[u8]| {
            line.as_bytes()
                .windows(word.len())
                .any(|w| w[0] | 0x20 == word[0] && w.eq_ignore_ascii_case(word))
        };
        if has(b"command") && has(b"step") {
            let cols: Vec<Option<Column>> = cells.iter().map(|c| column(c)).collect();
            if cols.contains(&Some(Column::Step)) && cols.contains(&Some(Column::Command)) {
                columns = Some(cols);
                continue;
            }
        }
        let Some(cols) = &columns else { continue };
        if is_separator(line) {
            continue;
        }
        let raw_cell = |want: Column| -> &str {
            cols.iter()
                .position(|c| *c == Some(want))
                .and_then(|p| cells.get(p))
                .copied()
                .unwrap_or("")
        };
        let cell = |want: Column| clean_cell(raw_cell(want));
        let command = cell(Column::Command);
        let Some(step) = step_of(&cell(Column::Step), &command) else {
            continue;
        };
        let link = first_url(raw_cell(Column::Link));
        let start = cell(Column::Start);
        let duration = cell(Column::Duration);
        let succeeded = cell(Column::Succeeded);
        // Rows with nothing but a step and a command (the template's `krel stage [arguments]`,
        // relcut's pre-filled commands) are jobs not run yet.
        if link.is_none()
            && start.is_empty()
            && duration.trim().is_empty()
            && succeeded.trim().is_empty()
        {
            continue;
        }
        let command_opt = (!command.is_empty()).then(|| command.clone());
        rows.push(HistoryRow {
            step,
            build_version: build_version_of(&command),
            command: command_opt,
            link,
            start: (!start.is_empty()).then_some(start),
            duration_seconds: parse_duration(&duration),
            succeeded: parse_succeeded(&succeeded),
            line: i + 1,
        });
    }
    rows
}

/// Renders rows in krel's current `history` format (tablewriter v1.1 markdown, left-aligned).
/// Cells read from an issue are escaped: the command as code ([`md::code_span`], whatever
/// backticks it holds), the start as plain text; a link that is not a web URL shows as code.
pub fn render(rows: &[HistoryRow]) -> String {
    let header = ["STEP", "COMMAND", "LINK", "START", "DURATION", "SUCCEEDED?"];
    let body: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            let step = r
                .step
                .spec()
                .history_label()
                .map_or_else(|| r.step.as_str().to_string(), |l| format!("`{l}`"));
            [
                step,
                r.command
                    .as_ref()
                    .map(|c| md::code_span(c))
                    .unwrap_or_default(),
                r.link
                    .as_deref()
                    .map(|l| {
                        if md::is_web_url(l) {
                            l.to_string()
                        } else {
                            md::code_span(l)
                        }
                    })
                    .unwrap_or_default(),
                r.start.as_deref().map(md::plain).unwrap_or_default(),
                r.duration_seconds
                    .map(|d| format!("{:02}:{:02}:{:02}", (d / 3600) % 24, (d / 60) % 60, d % 60))
                    .unwrap_or_default(),
                match r.succeeded {
                    Some(true) => "Yes".into(),
                    Some(false) => "No".into(),
                    None => String::new(),
                },
            ]
        })
        .collect();
    let rows: Vec<Vec<String>> = body.into_iter().map(|r| r.to_vec()).collect();
    crate::table::markdown(&header, &rows)
}

/// The history comment: the jobs table in krel's format and the timeline relcut saw.
pub fn report(rows: &[HistoryRow], ledger: &Ledger) -> String {
    let mut out = String::new();
    if rows.is_empty() {
        out.push_str("No release jobs in the issue yet: paste the output of `krel history` into its Release Jobs History.\n");
    } else {
        out.push_str("#### Release jobs\n\n");
        out.push_str(&render(rows));
    }
    let mut seen: Vec<(StepId, chrono::DateTime<chrono::Utc>)> = ledger.steps().collect();
    if !seen.is_empty() {
        seen.sort_by_key(|(s, t)| (*t, *s));
        out.push_str("\n#### Timeline (when relcut saw each step done)\n\n");
        let rows: Vec<Vec<String>> = seen
            .into_iter()
            .map(|(s, t)| {
                vec![
                    md::code_span(s.as_str()),
                    md::plain(&crate::ledger::time_text(t)),
                ]
            })
            .collect();
        out.push_str(&crate::table::markdown(&["STEP", "DONE BY"], &rows));
    }
    out
}

/// The last row of a step decides it (retries are listed too).
pub(crate) fn last_for(rows: &[HistoryRow], step: StepId) -> Option<&HistoryRow> {
    rows.iter().rev().find(|r| r.step == step)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every row the step table gives a step in the jobs history reads back as that step: the
    /// krel label, the chart's name and the hand-written word.
    #[test]
    fn the_step_tables_history_rows_read_back() {
        let mut seen = 0;
        for spec in &STEPS {
            let Some(h) = spec.history else { continue };
            for cell in h.label.iter().chain(h.chart.iter()).chain(h.words) {
                assert_eq!(step_of(cell, ""), Some(spec.id), "{cell}");
                seen += 1;
            }
        }
        assert_eq!(seen, 10);
        assert_eq!(
            step_of("Stage", "krel stage --nomock"),
            Some(StepId::NomockStage)
        );
        assert_eq!(
            step_of("", "krel stage --type rc"),
            None,
            "no step cell: not a step"
        );
        assert_eq!(
            step_of("x", "krel release --type rc --nomock"),
            Some(StepId::NomockRelease)
        );
    }

    #[test]
    fn the_timeline_lists_the_steps_seen_done_only() {
        use crate::ledger::{Record, Told};
        let t = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().to_utc();
        let mut l = Ledger::new();
        l.record_done(&[StepId::SlackThread], t("2026-04-07T08:00:00Z"));
        l.insert(
            Record::Told(Told::PromotionFailed),
            t("2026-04-07T10:00:00Z"),
        );
        let r = report(&[], &l);
        assert!(
            r.contains("| `slack-thread` | 2026-04-07T08:00:00Z |"),
            "{r}"
        );
        assert!(!r.contains("gate:") && !r.contains("promotion"), "{r}");
        let mut only_told = Ledger::new();
        only_told.insert(
            Record::Told(Told::PromotionFailed),
            t("2026-04-07T10:00:00Z"),
        );
        assert!(!report(&[], &only_told).contains("Timeline"));
    }

    #[test]
    fn krel_output_new_style() {
        let t = "\
| STEP           | COMMAND                                                                                          | LINK                                                                          | START                          | DURATION | SUCCEEDED? |
|:---------------|:-------------------------------------------------------------------------------------------------|:------------------------------------------------------------------------------|:-------------------------------|:---------|:-----------|
| `mock stage`   | `krel stage --type rc --branch release-1.34 --build-version v1.34.0-rc.0.12+0123456789abcd`        | https://console.cloud.google.com/cloud-build/builds/1111-2222?project=648026197307 | 2025-08-06T09:10:11.123456789Z | 00:45:12 | Yes        |
| `stage`        | `krel stage --type rc --branch release-1.34 --build-version v1.34.0-rc.0.12+0123456789abcd --nomock` | https://console.cloud.google.com/cloud-build/builds/3333-4444?project=648026197307 | 2025-08-06T11:00:00.5Z | 01:02:03 | No, Timeout |
";
        let rows = parse(t);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].step, StepId::MockStage);
        assert_eq!(
            rows[0].build_version.as_deref(),
            Some("v1.34.0-rc.0.12+0123456789abcd")
        );
        assert_eq!(rows[0].duration_seconds, Some(2712));
        assert_eq!(rows[0].succeeded, Some(true));
        assert!(rows[0]
            .link
            .as_deref()
            .unwrap()
            .starts_with("https://console.cloud.google.com/cloud-build/builds/1111"));
        assert_eq!(rows[1].step, StepId::NomockStage);
        assert_eq!(rows[1].succeeded, Some(false));
        assert_eq!(rows[1].duration_seconds, Some(3723));
        assert_eq!(rows[1].line, 4);
    }

    #[test]
    fn krel_output_old_centred() {
        let t = "\
|      STEP      |                                       COMMAND                                        |                                   LINK                                   |             START              | DURATION | SUCCEEDED? |
|----------------|--------------------------------------------------------------------------------------|--------------------------------------------------------------------------|--------------------------------|----------|------------|
| `mock release` | `krel release --type official --branch release-1.30 --build-version v1.30.6-45+0123456789abcd` | https://console.cloud.google.com/cloud-build/builds;region=global/aaaa?project=1 | 2024-11-19T10:00:00.1Z | 00:10:00 | Yes        |
| `release`      | `krel release --type official --branch release-1.30 --build-version v1.30.6-45+0123456789abcd --nomock` | https://console.cloud.google.com/cloud-build/builds/bbbb?project=1 | 2024-11-19T14:00:00.1Z | 00:12:30 | Yes |
";
        let rows = parse(t);
        assert_eq!(
            rows.iter().map(|r| r.step).collect::<Vec<_>>(),
            [StepId::MockRelease, StepId::NomockRelease]
        );
        assert_eq!(rows[1].duration_seconds, Some(750));
    }

    #[test]
    fn gcbmgr_upper_case_and_retries() {
        let t = "\
| STEP | COMMAND | LINK | START | DURATION | SUCCEEDED? |
|--- |---- |--- |--- |--- |--- |
| `MOCK STAGE` | `krel gcbmgr --stage --type official --branch release-1.19 --buildversion=v1.19.0-rc.4.197+594f888e19d8da` | https://console.cloud.google.com/cloud-build/builds/x1 | 2020-08-26T09:00:00Z | 00:10:00 | No |
| `MOCK STAGE` | `krel gcbmgr --stage --type official --branch release-1.19 --buildversion=v1.19.0-rc.4.197+594f888e19d8da` | https://console.cloud.google.com/cloud-build/builds/x2 | 2020-08-26T10:00:00Z | 01:19:35 | Yes |
";
        let rows = parse(t);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0].build_version.as_deref(),
            Some("v1.19.0-rc.4.197+594f888e19d8da")
        );
        assert_eq!(
            last_for(&rows, StepId::MockStage).unwrap().succeeded,
            Some(true)
        );
    }

    #[test]
    fn hand_written_tables() {
        let t = "\
Step | Command | Link | Start | Duration | Succeeded?
--- | --- | --- | --- | --- | ---
Mock stage | krel stage --type rc --branch release-1.23 --build-version v1.23.0-beta.0.88+c3e6b666437b25 | [https://console.cloud.google.com/cloud-build/builds/abc](https://console.cloud.google.com/cloud-build/builds/abc) | 2:25:49 AM UTC| 1 hr 40 min | YES|
Mock stage 2 | `./gcbmgr stage release-1.23 --buildversion=$(curl -Ls https://dl.k8s.io/ci/latest-1.23.txt)` | | `November 18, 2019 at 4:50:46 PM UTC+1` | `43 min 37 sec` | yes!
Mock release | krel stage --type rc | | December 4, 2021 at 3:14:16 AM UTC | 3:20:07 AM UTC | NO
Cut packages | | | | | Yes
Notify | | https://kubernetes.slack.com/archives/CJH2GBF7Y/p1234567890123456 | | | Yes
";
        let rows = parse(t);
        assert_eq!(rows.len(), 4, "{rows:#?}");
        assert_eq!(rows[0].step, StepId::MockStage);
        assert_eq!(rows[0].duration_seconds, Some(6000));
        assert_eq!(
            rows[0].link.as_deref(),
            Some("https://console.cloud.google.com/cloud-build/builds/abc")
        );
        assert_eq!(rows[1].step, StepId::MockStage);
        assert_eq!(
            rows[1].build_version, None,
            "a shell substitution is not a build version"
        );
        assert_eq!(rows[1].duration_seconds, Some(2617));
        assert_eq!(rows[1].succeeded, Some(true));
        assert_eq!(
            rows[2].step,
            StepId::MockRelease,
            "the step cell wins over the copy-pasted command"
        );
        assert_eq!(
            rows[2].duration_seconds, None,
            "an end time is not a duration"
        );
        assert_eq!(rows[2].succeeded, Some(false));
        assert_eq!(rows[3].step, StepId::SlackNotify);
    }

    #[test]
    fn template_rows_and_comments_are_skipped() {
        let t = "\
| Step | Command | Link | Start | Duration | Succeeded? |
| --- | --- | --- | --- | --- | --- |
<!-- Uncomment for non-patch releases
| Mock stage | `krel stage [arguments]` | | | | |
-->

| Stage | `krel stage [arguments]` | | | | |
| Release | `krel release [arguments]` | | | | |
";
        assert!(parse(t).is_empty());
    }

    #[test]
    fn old_comment_table_without_succeeded() {
        let t = "\
v1.15.0-beta.0 (+ v1.16.0-alpha.0) |  | | | |
-- | --
step | command | link | start | end | duration
mock stage | ./gcbmgr stage release-1.15 --build-at-head | https://console.cloud.google.com/cloud-build/builds/q | 10:00 | 11:00 | 1h
";
        let rows = parse(t);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].duration_seconds, Some(3600));
        assert_eq!(rows[0].succeeded, None);
    }

    #[test]
    fn durations_and_outcomes() {
        assert_eq!(parse_duration("01:19:35"), Some(4775));
        assert_eq!(
            parse_duration("March 16, 11:12:33 AM PDT (1 hr, 2 min)"),
            Some(3720)
        );
        assert_eq!(parse_duration("36 min"), Some(2160));
        assert_eq!(parse_duration("1h20m"), Some(4800));
        assert_eq!(parse_duration("soon"), None);
        assert_eq!(parse_succeeded("No, Canceled"), Some(false));
        assert_eq!(
            parse_succeeded("No. PR to fix the issue: https://x"),
            Some(false)
        );
        assert_eq!(parse_succeeded("Yes"), Some(true));
        assert_eq!(parse_succeeded(""), None);
    }

    #[test]
    fn render_is_krel_current_format_and_reparses() {
        let rows = vec![HistoryRow {
            step: StepId::NomockStage,
            command: Some("krel stage --type official --branch release-1.35 --build-version v1.35.1-4+0123456789abcd --nomock".into()),
            build_version: Some("v1.35.1-4+0123456789abcd".into()),
            link: Some("https://console.cloud.google.com/cloud-build/builds/zz?project=1".into()),
            start: Some("2026-04-15T10:00:00.5Z".into()),
            duration_seconds: Some(2760),
            succeeded: Some(true),
            line: 3,
        }];
        let out = render(&rows);
        assert!(out.starts_with("| STEP    | COMMAND"), "{out}");
        assert!(
            out.lines().nth(1).unwrap().starts_with("|:--------|:---"),
            "{out}"
        );
        assert!(out.contains("| `stage` |"));
        assert!(out.contains("| 00:46:00 |"));
        assert_eq!(parse(&out), rows);
    }
}
