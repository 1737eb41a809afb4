//! The website's patch release schedule, as schedule-builder maintains it: roll each minor's
//! `next` patch forward, retire minors past end of life into `eol.yaml`, keep the upcoming
//! monthly releases, and render the patch-schedule Markdown.
//!
//! The port keeps schedule-builder's quirks that shape the website diff (its "first Friday" and
//! "second Tuesday" counted from the first Monday, Go's month normalisation, the EOL date taken
//! from the final patch's target date) and drops its traps (the prompt that blocks CI, the
//! unquoted `1.30` read as `1.3`).

mod yaml;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, Weekday};
use serde::Serialize;

use crate::source::{self, Source};
use crate::version::SemVer;

/// One patch release: `next`, a previous patch, or an upcoming monthly slot.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PatchRelease {
    pub release: Option<String>,
    pub cherry_pick_deadline: Option<String>,
    pub target_date: Option<String>,
    pub note: Option<String>,
}

/// One supported minor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Schedule {
    pub release: Option<String>,
    pub release_date: Option<String>,
    pub next: Option<PatchRelease>,
    pub end_of_life_date: Option<String>,
    pub maintenance_mode_start_date: Option<String>,
    pub previous_patches: Vec<PatchRelease>,
}

/// `data/releases/schedule.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PatchSchedule {
    pub schedules: Vec<Schedule>,
    pub upcoming_releases: Vec<PatchRelease>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EolBranch {
    pub release: Option<String>,
    pub final_patch_release: Option<String>,
    pub end_of_life_date: Option<String>,
    pub note: Option<String>,
}

/// `data/releases/eol.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EolFile {
    pub branches: Vec<EolBranch>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("the {file} file is not valid YAML: {message}: fix the syntax (nothing was written)")]
    Yaml { file: String, message: String },
    #[error("unknown key `{key}` in `{path}`: schedule-builder accepts only {allowed} there; fix or remove the key (nothing was written)")]
    UnknownKey {
        path: String,
        key: String,
        allowed: String,
    },
    #[error("`{path}` must be {expected} (nothing was written)")]
    Shape {
        path: String,
        expected: &'static str,
    },
    #[error("parse {field} of {release}: `{value}` is not a YYYY-MM-DD date: set a real date (schedule-builder stops here too; nothing was written)")]
    Date {
        release: String,
        field: &'static str,
        value: String,
    },
    #[error("parse semver version of {release}: `{value}`: {reason} (nothing was written)")]
    Version {
        release: String,
        value: String,
        reason: String,
    },
    #[error("read confirmation: {0} (nothing was written)")]
    Prompt(String),
}

impl PatchSchedule {
    pub fn parse(text: &str) -> Result<PatchSchedule, ScheduleError> {
        yaml::read_schedule(text)
    }

    /// The file as schedule-builder writes it: header, `---`, sorted keys, quoted dates.
    pub fn to_yaml(&self) -> String {
        yaml::write_schedule(self)
    }
}

impl EolFile {
    pub fn parse(text: &str) -> Result<EolFile, ScheduleError> {
        yaml::read_eol(text)
    }

    pub fn to_yaml(&self) -> String {
        yaml::write_eol(self)
    }
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// Go's `time.Parse("2006-01-02", s)`: no surrounding spaces allowed.
fn go_date(s: &str) -> Option<NaiveDate> {
    (s.len() == 10).then(|| date(s)).flatten()
}

fn midnight(d: NaiveDate) -> NaiveDateTime {
    d.and_hms_opt(0, 0, 0).unwrap_or_default()
}

/// Go's `AddDate(0, 1, 0)`: the same day number one month later, overflow rolling into the
/// month after (Jan 31 → Mar 2 or 3).
pub(crate) fn add_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    let first = NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(d);
    first
        .checked_add_days(Days::new(u64::from(d.day() - 1)))
        .unwrap_or(first)
}

fn first_monday(year: i32, month: u32) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
    let offset = (7 + i64::from(Weekday::Mon.num_days_from_monday())
        - i64::from(first.weekday().num_days_from_monday()))
        % 7;
    first
        .checked_add_days(Days::new(offset as u64))
        .unwrap_or(first)
}

/// schedule-builder's "first Friday": the Friday after the month's first Monday (the 11th when
/// the month starts on a Tuesday).
pub(crate) fn first_friday(d: NaiveDate) -> NaiveDate {
    let m = first_monday(d.year(), d.month());
    m.checked_add_days(Days::new(4)).unwrap_or(m)
}

/// schedule-builder's "second Tuesday": the Tuesday of the week after the first Monday.
pub(crate) fn second_tuesday(d: NaiveDate) -> NaiveDate {
    let m = first_monday(d.year(), d.month());
    m.checked_add_days(Days::new(8)).unwrap_or(m)
}

fn fmt(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// What the update asks a person when the oldest minor is in its maintenance window.
pub(crate) type Confirm<'a> = &'a mut dyn FnMut(&str) -> Result<bool, String>;

/// How many upcoming releases to keep.
pub enum ExtraUpcoming<'a> {
    /// Three, like schedule-builder without a terminal.
    No,
    /// Four, without asking (`--extra-upcoming`).
    Yes,
    /// Ask, as schedule-builder does, when the oldest minor is in its maintenance window.
    Ask(Confirm<'a>),
}

/// What an update did, for the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UpdateReport {
    pub added: Vec<String>,
    pub retired: Vec<String>,
    pub skipped: Vec<String>,
    pub upcoming_dropped: Vec<String>,
    pub upcoming_added: Vec<String>,
    /// Things a person should know (the maintenance window question not asked, for one).
    pub notes: Vec<String>,
    /// schedule-builder's update, which this one replays.
    pub source: Source,
    /// The fourth upcoming release's rule, when the maintenance window or `--extra-upcoming`
    /// came into play.
    pub extra_upcoming_source: Option<Source>,
}

impl Default for UpdateReport {
    fn default() -> Self {
        Self {
            added: Vec::new(),
            retired: Vec::new(),
            skipped: Vec::new(),
            upcoming_dropped: Vec::new(),
            upcoming_added: Vec::new(),
            notes: Vec::new(),
            source: source::SCHEDULE_BUILDER,
            extra_upcoming_source: None,
        }
    }
}

/// schedule-builder's update mode (`-u`), as of `now` (UTC). `eol` is `None` when no eol.yaml is
/// given: minors past end of life then stay where they are.
pub fn update(
    schedule: &mut PatchSchedule,
    mut eol: Option<&mut EolFile>,
    now: NaiveDateTime,
    extra: ExtraUpcoming<'_>,
) -> Result<UpdateReport, ScheduleError> {
    let mut report = UpdateReport::default();
    let mut retire = Vec::new();
    let upcoming = schedule.upcoming_releases.clone();
    for (idx, sched) in schedule.schedules.iter_mut().enumerate() {
        let name = sched.release.clone().unwrap_or_default();
        loop {
            // kubernetes/release#4510: the end of life check comes first, so a minor whose
            // final patch shipped and whose `next` was removed still retires.
            let eol_text = sched.end_of_life_date.clone().unwrap_or_default();
            let eol_date = date(&eol_text).ok_or_else(|| ScheduleError::Date {
                release: name.clone(),
                field: "end of life date",
                value: eol_text.clone(),
            })?;
            if now > midnight(eol_date) {
                match eol.as_deref_mut() {
                    None => report
                        .skipped
                        .push(format!("Skipping end of life release: {name}")),
                    Some(e) => {
                        let branch = retired_branch(sched, &mut report);
                        e.branches.insert(0, branch);
                        retire.push(idx);
                    }
                }
                break;
            }
            let Some(next) = sched.next.clone() else {
                report
                    .skipped
                    .push(format!("Next release not set for {name}, skipping"));
                break;
            };
            let target_text = next.target_date.clone().unwrap_or_default();
            let target = date(&target_text).ok_or_else(|| ScheduleError::Date {
                release: name.clone(),
                field: "next target date",
                value: target_text.clone(),
            })?;
            if midnight(target) > now {
                break;
            }
            let rel = next.release.clone().unwrap_or_default();
            let v = SemVer::parse_tag_string(&rel).map_err(|reason| ScheduleError::Version {
                release: name.clone(),
                value: rel.clone(),
                reason,
            })?;
            let patch = v
                .patch
                .checked_add(1)
                .ok_or_else(|| ScheduleError::Version {
                    release: name.clone(),
                    value: rel.clone(),
                    reason: "the patch number is too large to count on from".into(),
                })?;
            let bumped = SemVer {
                patch,
                build: Vec::new(),
                ..v
            };
            let cpd_text = next.cherry_pick_deadline.clone().unwrap_or_default();
            let cpd = date(&cpd_text).ok_or_else(|| ScheduleError::Date {
                release: name.clone(),
                field: "next cherry pick deadline",
                value: cpd_text.clone(),
            })?;
            let wanted = add_month(cpd);
            let from_upcoming = upcoming.iter().find(|u| {
                u.cherry_pick_deadline
                    .as_deref()
                    .and_then(date)
                    .is_some_and(|d| d.year() == wanted.year() && d.month() == wanted.month())
            });
            let new_next = match from_upcoming {
                Some(u) => PatchRelease {
                    release: Some(bumped.to_string()),
                    cherry_pick_deadline: u.cherry_pick_deadline.clone(),
                    target_date: u.target_date.clone(),
                    note: None,
                },
                None => PatchRelease {
                    release: Some(bumped.to_string()),
                    cherry_pick_deadline: Some(fmt(first_friday(wanted))),
                    target_date: Some(fmt(second_tuesday(add_month(target)))),
                    note: None,
                },
            };
            report.added.push(format!(
                "{} (cherry pick deadline {}, target {})",
                bumped,
                new_next.cherry_pick_deadline.clone().unwrap_or_default(),
                new_next.target_date.clone().unwrap_or_default()
            ));
            sched.previous_patches.insert(0, next);
            sched.next = Some(new_next);
        }
    }
    for idx in retire.into_iter().rev() {
        schedule.schedules.remove(idx);
    }

    let cap = upcoming_cap(schedule, now, extra, &mut report)?;
    refill_upcoming(schedule, cap, now, &mut report);
    Ok(report)
}

/// The `eol.yaml` entry for a minor past its end of life (kubernetes/release#4510): the final
/// patch is `next` with its target date when `next` is set, else the newest previous patch with
/// the minor's own end of life date; with neither, schedule-builder warns and still moves the
/// minor, without a final patch.
fn retired_branch(sched: &Schedule, report: &mut UpdateReport) -> EolBranch {
    let name = sched.release.clone().unwrap_or_default();
    let (final_patch, end_of_life) = if let Some(next) = &sched.next {
        (next.release.clone(), next.target_date.clone())
    } else if let Some(newest) = sched.previous_patches.first() {
        (newest.release.clone(), sched.end_of_life_date.clone())
    } else {
        report.notes.push(format!(
            "No patch release found for end of life release {name}: it moves to eol.yaml without a finalPatchRelease; add it by hand ({})",
            source::EOL_WITHOUT_NEXT
        ));
        (None, sched.end_of_life_date.clone())
    };
    // go-yaml's `omitempty`: an empty string is no key at all.
    let final_patch = final_patch.filter(|f| !f.is_empty());
    let end_of_life = end_of_life.filter(|d| !d.is_empty());
    report.retired.push(format!(
        "{name} (final patch {})",
        final_patch.as_deref().unwrap_or("none")
    ));
    EolBranch {
        release: sched.release.clone(),
        final_patch_release: final_patch,
        end_of_life_date: end_of_life,
        note: None,
    }
}

/// How many upcoming releases to keep: 4 when the oldest minor is in its maintenance window and
/// the person wants the extra one, else 3.
fn upcoming_cap(
    schedule: &PatchSchedule,
    now: NaiveDateTime,
    extra: ExtraUpcoming<'_>,
    report: &mut UpdateReport,
) -> Result<usize, ScheduleError> {
    // schedule-builder's `isInMaintenanceWindow`: unparseable dates (commonly "TBD") are never
    // in the window, so nothing is asked and nothing is extended.
    let window = schedule.schedules.last().and_then(|oldest| {
        let start = oldest.maintenance_mode_start_date.as_deref().and_then(go_date)?;
        let end = oldest.end_of_life_date.as_deref().and_then(go_date)?;
        (midnight(start) <= now && now < midnight(end)).then(|| {
            format!(
                "Oldest supported release {} is in its maintenance window (maintenanceModeStartDate={}, endOfLifeDate={}).",
                oldest.release.clone().unwrap_or_default(),
                oldest.maintenance_mode_start_date.clone().unwrap_or_default(),
                oldest.end_of_life_date.clone().unwrap_or_default()
            )
        })
    });
    if window.is_some() || matches!(extra, ExtraUpcoming::Yes) {
        report.extra_upcoming_source = Some(source::EXTRA_UPCOMING);
    }
    let cap = match (extra, window) {
        (ExtraUpcoming::Yes, Some(_)) => 4,
        (ExtraUpcoming::Ask(ask), Some(w)) => {
            let question = format!("{w}\nGenerate an additional upcoming patch release entry (4 total instead of 3)? [y/N]: ");
            if ask(&question).map_err(ScheduleError::Prompt)? {
                4
            } else {
                3
            }
        }
        (ExtraUpcoming::No, Some(w)) => {
            report.notes.push(format!(
                "{w} Pass --extra-upcoming to keep 4 upcoming releases instead of 3 ({}).",
                source::EXTRA_UPCOMING
            ));
            3
        }
        (ExtraUpcoming::Yes, None) => {
            let oldest = schedule.schedules.last();
            report.notes.push(format!(
                "--extra-upcoming has no effect: the oldest supported release {} is not in its maintenance window (maintenanceModeStartDate={}, endOfLifeDate={}), so schedule-builder keeps 3 upcoming releases ({}).",
                oldest.and_then(|o| o.release.clone()).unwrap_or_else(|| "(none)".into()),
                oldest.and_then(|o| o.maintenance_mode_start_date.clone()).unwrap_or_default(),
                oldest.and_then(|o| o.end_of_life_date.clone()).unwrap_or_default(),
                source::EXTRA_UPCOMING
            ));
            3
        }
        (_, None) => 3,
    };
    Ok(cap)
}

/// Drops the upcoming releases already past and adds monthly ones up to `cap`.
fn refill_upcoming(
    schedule: &mut PatchSchedule,
    cap: usize,
    now: NaiveDateTime,
    report: &mut UpdateReport,
) {
    let mut kept = Vec::new();
    for u in schedule.upcoming_releases.drain(..) {
        match u.target_date.as_deref().and_then(date) {
            Some(t) if midnight(t) < now => report.upcoming_dropped.push(fmt(t)),
            _ => kept.push(u),
        }
    }
    let mut latest = kept
        .last()
        .and_then(|u| u.target_date.as_deref().and_then(date))
        .unwrap_or(now.date());
    while kept.len() < cap {
        latest = add_month(latest);
        let u = PatchRelease {
            release: None,
            cherry_pick_deadline: Some(fmt(first_friday(latest))),
            target_date: Some(fmt(second_tuesday(latest))),
            note: None,
        };
        report
            .upcoming_added
            .push(u.target_date.clone().unwrap_or_default());
        kept.push(u);
    }
    schedule.upcoming_releases = kept;
}

/// schedule-builder's patch Markdown (`--type patch` without `-u`).
pub fn render_markdown(s: &PatchSchedule) -> Result<String, ScheduleError> {
    let mut parts = Vec::new();
    let upcoming: Vec<[String; 3]> = s
        .upcoming_releases
        .iter()
        .filter_map(|u| {
            let t = u.target_date.as_deref().and_then(date)?;
            Some([
                t.format("%B %Y").to_string(),
                u.cherry_pick_deadline.clone().unwrap_or_default(),
                u.target_date.clone().unwrap_or_default(),
            ])
        })
        .collect();
    if !s.upcoming_releases.is_empty() {
        let rows: Vec<Vec<String>> = upcoming.into_iter().map(|r| r.to_vec()).collect();
        parts.push(format!(
            "### Upcoming Monthly Releases\n\n{}",
            crate::table::markdown(
                &[
                    "MONTHLY PATCH RELEASE",
                    "CHERRY PICK DEADLINE",
                    "TARGET DATE"
                ],
                &rows
            )
        ));
    }
    parts.push("### Timeline\n".to_string());
    for sched in &s.schedules {
        let name = sched.release.clone().unwrap_or_default();
        // schedule-builder crashes on a minor without `next`; its update mode skips it, so do we.
        let Some(next) = &sched.next else { continue };
        let next_rel = next.release.clone().unwrap_or_default();
        let mut rows: Vec<Vec<String>> = Vec::new();
        if !sched
            .previous_patches
            .iter()
            .any(|p| p.release == next.release)
        {
            rows.push(vec![
                next_rel.trim().to_string(),
                next.cherry_pick_deadline
                    .clone()
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
                next.target_date
                    .clone()
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
                String::new(),
            ]);
        }
        for p in &sched.previous_patches {
            rows.push(
                [&p.release, &p.cherry_pick_deadline, &p.target_date, &p.note]
                    .iter()
                    .map(|v| v.as_deref().unwrap_or_default().trim().to_string())
                    .collect(),
            );
        }
        parts.push(format!(
            "### {name}\n\nNext patch release is **{next_rel}**\n\n**{name}** enters maintenance mode on **{}** and End of Life is on **{}**.\n\n{}",
            sched.maintenance_mode_start_date.clone().unwrap_or_default(),
            sched.end_of_life_date.clone().unwrap_or_default(),
            crate::table::markdown(&["PATCH RELEASE", "CHERRY PICK DEADLINE", "TARGET DATE", "NOTE"], &rows)
        ));
    }
    Ok(parts.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        date(s).unwrap()
    }

    /// docs 7.5: each weekday a month can start on.
    #[test]
    fn weekday_table() {
        // (a month starting on that weekday, tool's first Friday, tool's second Tuesday)
        for (first, friday, tuesday) in [
            ("2024-09-01", 6, 10),  // Sun
            ("2024-07-01", 5, 9),   // Mon
            ("2024-10-01", 11, 15), // Tue
            ("2024-05-01", 10, 14), // Wed
            ("2024-02-01", 9, 13),  // Thu
            ("2024-03-01", 8, 12),  // Fri
            ("2024-06-01", 7, 11),  // Sat
        ] {
            assert_eq!(first_friday(d(first)).day(), friday, "{first}");
            assert_eq!(second_tuesday(d(first)).day(), tuesday, "{first}");
        }
    }

    #[test]
    fn derived_upcoming_dates() {
        for (month, cpd, target) in [
            ("2025-09", 5, 9),
            ("2025-10", 10, 14),
            ("2025-11", 7, 11),
            ("2025-12", 5, 9),
            ("2026-01", 9, 13),
            ("2026-02", 6, 10),
            ("2026-03", 6, 10),
            ("2026-04", 10, 14),
            ("2026-05", 8, 12),
            ("2026-06", 5, 9),
            ("2026-07", 10, 14),
            ("2026-08", 7, 11),
            ("2026-09", 11, 15),
            ("2026-10", 9, 13),
            ("2026-11", 6, 10),
            ("2026-12", 11, 15),
        ] {
            let m = d(&format!("{month}-01"));
            assert_eq!(
                (first_friday(m).day(), second_tuesday(m).day()),
                (cpd, target),
                "{month}"
            );
        }
    }

    /// schedule-builder's `TestUpdatePatchScheduleMaintenanceWindow` (cmd/schedule-builder/cmd/
    /// markdown_test.go, kubernetes/release): four minors, the oldest (1.30) in its maintenance
    /// window on 2026-05-24, every `next` still ahead.
    fn four_minors() -> PatchSchedule {
        let minor = |rel: &str, next: &str, eol: &str, mms: &str| Schedule {
            release: Some(rel.into()),
            next: Some(PatchRelease {
                release: Some(next.into()),
                cherry_pick_deadline: Some("2026-06-05".into()),
                target_date: Some("2026-06-09".into()),
                note: None,
            }),
            end_of_life_date: Some(eol.into()),
            maintenance_mode_start_date: Some(mms.into()),
            ..Schedule::default()
        };
        PatchSchedule {
            schedules: vec![
                minor("1.33", "1.33.1", "2027-06-01", "2027-03-01"),
                minor("1.32", "1.32.5", "2027-02-01", "2026-11-01"),
                minor("1.31", "1.31.10", "2026-10-01", "2026-08-01"),
                minor("1.30", "1.30.15", "2026-07-01", "2026-04-01"),
            ],
            upcoming_releases: Vec::new(),
        }
    }

    fn upcoming_after(mut s: PatchSchedule, extra: ExtraUpcoming<'_>) -> (usize, UpdateReport) {
        let now = midnight(d("2026-05-24"));
        let report = update(&mut s, None, now, extra).unwrap();
        assert_eq!(s.schedules.len(), 4, "schedules are unchanged");
        (s.upcoming_releases.len(), report)
    }

    #[test]
    fn extra_upcoming_only_in_the_maintenance_window() {
        let mut asked = Vec::new();
        let mut yes = |q: &str| {
            asked.push(q.to_string());
            Ok(true)
        };
        assert_eq!(
            upcoming_after(four_minors(), ExtraUpcoming::Ask(&mut yes)).0,
            4
        );
        assert_eq!(
            asked,
            ["Oldest supported release 1.30 is in its maintenance window (maintenanceModeStartDate=2026-04-01, endOfLifeDate=2026-07-01).\nGenerate an additional upcoming patch release entry (4 total instead of 3)? [y/N]: "]
        );
        let mut no = |_: &str| Ok(false);
        assert_eq!(
            upcoming_after(four_minors(), ExtraUpcoming::Ask(&mut no)).0,
            3
        );
        assert_eq!(upcoming_after(four_minors(), ExtraUpcoming::Yes).0, 4);
        assert_eq!(upcoming_after(four_minors(), ExtraUpcoming::No).0, 3);

        // Out of the window: --extra-upcoming changes nothing, and says so.
        let mut later = four_minors();
        later.schedules[3].maintenance_mode_start_date = Some("2026-06-01".into());
        let (n, report) = upcoming_after(later, ExtraUpcoming::Yes);
        assert_eq!(n, 3);
        assert!(
            report.notes[0].starts_with("--extra-upcoming has no effect: the oldest supported release 1.30 is not in its maintenance window"),
            "{:?}",
            report.notes
        );
    }

    #[test]
    fn extra_upcoming_never_with_a_tbd_date() {
        // "TBD", and a date Go's strict parse refuses: neither is in the window.
        for mms in ["TBD", " 2026-04-01"] {
            let mut s = four_minors();
            s.schedules[3].maintenance_mode_start_date = Some(mms.into());
            let mut never = |_: &str| -> Result<bool, String> {
                panic!("asked although maintenanceModeStartDate is {mms:?}")
            };
            assert_eq!(
                upcoming_after(s.clone(), ExtraUpcoming::Ask(&mut never)).0,
                3
            );
            assert_eq!(upcoming_after(s, ExtraUpcoming::Yes).0, 3, "{mms:?}");
        }
    }

    #[test]
    fn prompt_error_bubbles_up() {
        let mut boom = |_: &str| Err("boom".to_string());
        let e = update(
            &mut four_minors(),
            None,
            midnight(d("2026-05-24")),
            ExtraUpcoming::Ask(&mut boom),
        )
        .unwrap_err();
        assert_eq!(e, ScheduleError::Prompt("boom".into()));
    }

    /// Every update cites schedule-builder; the fourth upcoming release's rule is cited when the
    /// window or `--extra-upcoming` came into play, in the field and in the note.
    #[test]
    fn update_cites_schedule_builder() {
        let (_, in_window) = upcoming_after(four_minors(), ExtraUpcoming::No);
        assert_eq!(in_window.source, source::SCHEDULE_BUILDER);
        assert_eq!(
            in_window.extra_upcoming_source,
            Some(source::EXTRA_UPCOMING)
        );
        assert!(
            in_window.notes[0].ends_with("instead of 3 (kubernetes/release#4413 (2026-05-26))."),
            "{:?}",
            in_window.notes
        );
        let mut later = four_minors();
        later.schedules[3].maintenance_mode_start_date = Some("2026-06-01".into());
        let (_, outside) = upcoming_after(later.clone(), ExtraUpcoming::No);
        assert_eq!(outside.source, source::SCHEDULE_BUILDER);
        assert_eq!(outside.extra_upcoming_source, None);
        assert!(outside.notes.is_empty());
        let (_, flag) = upcoming_after(later, ExtraUpcoming::Yes);
        assert_eq!(flag.extra_upcoming_source, Some(source::EXTRA_UPCOMING));
        assert!(flag.notes[0].contains("(kubernetes/release#4413 (2026-05-26))"));
    }

    fn patch(release: &str, cpd: &str, target: &str) -> PatchRelease {
        PatchRelease {
            release: Some(release.into()),
            cherry_pick_deadline: Some(cpd.into()),
            target_date: Some(target.into()),
            note: None,
        }
    }

    fn minor(release: &str, eol: &str) -> Schedule {
        Schedule {
            release: Some(release.into()),
            end_of_life_date: Some(eol.into()),
            ..Schedule::default()
        }
    }

    /// schedule-builder's `TestUpdatePatchSchedule` (kubernetes/release
    /// cmd/schedule-builder/cmd/markdown_test.go) with the minors kubernetes/release#4462 added to
    /// it for #4450 (1.29 without `next` and not yet past end of life, 1.17 with neither `next`
    /// nor previous patches, 1.23 without `next` but with previous patches), under the rules
    /// kubernetes/release#4510 merged: `next` keeps giving the final patch and its target date
    /// (1.20), the newest previous patch and the minor's own end of life date stand in for it
    /// (1.23), and with neither the minor still moves, without a final patch (1.17).
    #[test]
    fn eol_without_next_follows_4510() {
        let mut s = PatchSchedule {
            schedules: vec![
                Schedule {
                    next: Some(patch("1.30.1", "2024-01-05", "2024-01-09")),
                    maintenance_mode_start_date: Some("2024-12-01".into()),
                    ..minor("1.30", "2025-01-01")
                },
                minor("1.29", "2025-02-28"),
                minor("1.17", "2021-01-13"),
                Schedule {
                    previous_patches: vec![
                        patch("1.23.17", "2023-02-10", "2023-02-15"),
                        patch("1.23.16", "2023-01-13", "2023-01-18"),
                        patch("1.23.15", "2022-12-02", "2022-12-08"),
                    ],
                    ..minor("1.23", "2023-02-28")
                },
                Schedule {
                    next: Some(patch("1.20.10", "2023-12-08", "2023-12-12")),
                    ..minor("1.20", "2023-01-01")
                },
            ],
            upcoming_releases: vec![
                patch("", "2024-03-08", "2024-03-12"),
                patch("", "2024-04-12", "2024-04-17"),
                patch("", "2024-05-10", "2024-05-14"),
            ]
            .into_iter()
            .map(|u| PatchRelease { release: None, ..u })
            .collect(),
        };
        let mut eol = EolFile::default();
        let now = midnight(d("2024-04-03"));
        let report = update(&mut s, Some(&mut eol), now, ExtraUpcoming::No).unwrap();

        let names: Vec<_> = s.schedules.iter().map(|m| m.release.clone()).collect();
        assert_eq!(names, [Some("1.30".to_string()), Some("1.29".to_string())]);
        assert_eq!(
            s.schedules[1],
            minor("1.29", "2025-02-28"),
            "not yet EOL: kept"
        );
        assert_eq!(
            s.schedules[0].next,
            Some(patch("1.30.4", "2024-04-12", "2024-04-17"))
        );
        let branch = |r: &str, f: Option<&str>, e: &str| EolBranch {
            release: Some(r.into()),
            final_patch_release: f.map(Into::into),
            end_of_life_date: Some(e.into()),
            note: None,
        };
        assert_eq!(
            eol.branches,
            [
                branch("1.20", Some("1.20.10"), "2023-12-12"),
                branch("1.23", Some("1.23.17"), "2023-02-28"),
                branch("1.17", None, "2021-01-13"),
            ]
        );
        assert_eq!(
            eol.to_yaml().split("---\n").nth(1).unwrap(),
            "branches:\n- endOfLifeDate: \"2023-12-12\"\n  finalPatchRelease: 1.20.10\n  release: \"1.20\"\n- endOfLifeDate: \"2023-02-28\"\n  finalPatchRelease: 1.23.17\n  release: \"1.23\"\n- endOfLifeDate: \"2021-01-13\"\n  release: \"1.17\"\n"
        );
        assert_eq!(report.skipped, ["Next release not set for 1.29, skipping"]);
        assert!(
            report.notes[0].starts_with("No patch release found for end of life release 1.17"),
            "{:?}",
            report.notes
        );
    }

    /// A minor without `next` whose end of life date is not a date stops the update, as
    /// schedule-builder's end-of-life-first order does (before #4510 it was skipped).
    #[test]
    fn eol_first_needs_an_end_of_life_date() {
        let mut s = PatchSchedule {
            schedules: vec![minor("1.29", "TBD")],
            upcoming_releases: Vec::new(),
        };
        let e = update(&mut s, None, midnight(d("2024-04-03")), ExtraUpcoming::No).unwrap_err();
        assert!(
            matches!(
                e,
                ScheduleError::Date {
                    field: "end of life date",
                    ..
                }
            ),
            "{e}"
        );
    }

    #[test]
    fn go_month_normalisation() {
        assert_eq!(add_month(d("2024-01-31")), d("2024-03-02"));
        assert_eq!(add_month(d("2023-01-31")), d("2023-03-03"));
        assert_eq!(add_month(d("2024-12-15")), d("2025-01-15"));
        assert_eq!(add_month(d("2024-03-31")), d("2024-05-01"));
    }
}
