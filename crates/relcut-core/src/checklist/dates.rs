//! Dates in a cut issue: the free-text "Scheduled to happen" value.

use std::sync::LazyLock;

use regex_lite::Regex;

use super::parse::Doc;
use super::warning::{Warning, WarningId};

/// A date shape found in a text: the date, or the text as written when no such day exists
/// (`2019-02-30`).
fn find_date(text: &str) -> Option<Result<chrono::NaiveDate, String>> {
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
    let make = |written: &str, y: &str, m: Option<u32>, d: &str| {
        let date = m.zip(y.parse().ok()).zip(d.parse().ok());
        date.and_then(|((m, y), d)| chrono::NaiveDate::from_ymd_opt(y, m, d))
            .ok_or_else(|| written.to_string())
    };
    if let Some(c) = ISO.captures(text) {
        return Some(make(&c[0], &c[1], c[2].parse().ok(), &c[3]));
    }
    if let Some(c) = YMD.captures(text) {
        if let Some(m) = month(&c[2]) {
            return Some(make(&c[0], &c[1], Some(m), &c[3]));
        }
    }
    if let Some(c) = DMY.captures(text) {
        if let Some(m) = month(&c[2]) {
            return Some(make(&c[0], &c[3], Some(m), &c[1]));
        }
    }
    if let Some(c) = MDY.captures(text) {
        if let Some(m) = month(&c[1]) {
            return Some(make(&c[0], &c[3], Some(m), &c[2]));
        }
    }
    None
}

/// `2026-04-14`, `Tue, 2026-04-14`, `Wednesday, 2026 August 26th`, `14th April 2026`,
/// `April 14, 2026`.
pub(crate) fn parse_date(text: &str) -> Option<String> {
    find_date(text)?
        .ok()
        .map(|d| d.format("%Y-%m-%d").to_string())
}

/// What introduces a new date: an arrow, ASCII or Unicode (`Tue, 2021-02-16 -> New date
/// (reason): Wed, 2021-02-17`), or words (`Mon, March 4th 2019 (moved to Wed, March 6 2019)`).
/// Lower case: the text is searched lower-cased.
const NEW_DATE_MARKS: [&str; 16] = [
    "->",
    "=>",
    "→",
    "⇒",
    "⟶",
    "⟹",
    "➔",
    "➡",
    "moved to",
    "postponed to",
    "postponed until",
    "rescheduled to",
    "rescheduled for",
    "delayed to",
    "delayed until",
    "new date",
];

/// `text` cut where a new date is introduced, first piece first. One pass per mark: linear.
fn pieces(text: &str) -> Vec<&str> {
    // ASCII lower-casing keeps every byte offset.
    let lower = text.to_ascii_lowercase();
    let mut cuts: Vec<(usize, usize)> = NEW_DATE_MARKS
        .iter()
        .flat_map(|m| lower.match_indices(m).map(|(i, m)| (i, i + m.len())))
        .collect();
    cuts.sort_unstable();
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut from = 0;
    for (start, end) in cuts {
        if start < from {
            continue;
        }
        out.push(&text[from..start]);
        from = end;
    }
    out.push(&text[from..]);
    out
}

/// The date a scheduled text holds in force, or why it holds none.
#[derive(Debug, PartialEq, Eq)]
enum InForce {
    Date(chrono::NaiveDate),
    /// A date shape naming no day of the calendar, as written.
    NoSuchDay(String),
    /// Only struck-through (superseded) dates, as written.
    AllStruck(String),
    NoDate,
}

/// Struck-through dates are superseded (`~~Mon, March 4th 2019~~ **Wed, March 6 2019**`, HTML
/// `<del>`/`<s>` arrive as `~~` too), and so is a date a later one replaces (`… -> Wed,
/// 2021-02-17`, `… (postponed to 2019-03-07)`): the last piece with words in it decides, so
/// that an arrow with nothing after it yet leaves the date before it in force, and `postponed
/// to TBD` leaves none.
fn in_force(text: &str) -> InForce {
    let kept = super::parse::without_struck(text);
    let last = pieces(&kept)
        .into_iter()
        .rev()
        .find(|p| p.chars().any(char::is_alphanumeric));
    match last.and_then(find_date) {
        Some(Ok(date)) => InForce::Date(date),
        Some(Err(written)) => InForce::NoSuchDay(written),
        None => {
            let struck = struck_parts(text);
            if struck.iter().any(|s| find_date(s).is_some()) {
                InForce::AllStruck(struck.join(", "))
            } else {
                InForce::NoDate
            }
        }
    }
}

/// The `~~struck~~` parts of a text, trimmed.
fn struck_parts(text: &str) -> Vec<&str> {
    text.split("~~")
        .skip(1)
        .step_by(2)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// The text for people: struck parts marked in words instead of `~~`, no dangling arrow.
fn readable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split("~~").enumerate() {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(part);
        if i % 2 == 1 {
            out.push_str(" (struck through)");
        }
    }
    let mut out = out.trim_end();
    while let Some(rest) = NEW_DATE_MARKS[..8].iter().find_map(|a| out.strip_suffix(a)) {
        out = rest.trim_end();
    }
    out.to_string()
}

/// The scheduled date (`YYYY-MM-DD` when readable) and the text for people, with a warning
/// when no date can be read from it (no such day, only superseded dates, none at all) or the
/// date is far from the day the issue was opened (a wrong year or month).
pub(super) fn scheduled(
    doc: &Doc,
    created_at: Option<&str>,
) -> (Option<String>, Option<String>, Option<Warning>) {
    let Some((text, line)) = doc.scheduled.as_ref().filter(|(t, _)| !t.is_empty()) else {
        return (None, None, None);
    };
    let readable_text = readable(text);
    let unreadable = |why: String| {
        Some(Warning::new(
            WarningId::ScheduledDateUnreadable,
            Some(*line),
            format!(
                "{why}: `krel history --date-from` and the wrong-year check go without it; \
                 write the date in force like `Tue, 2026-04-14` (a superseded one struck through \
                 before it)"
            ),
        ))
    };
    let date = match in_force(text) {
        InForce::Date(d) => d,
        InForce::NoSuchDay(written) => {
            let why = format!("the scheduled date `{written}` is no day of the calendar");
            return (None, Some(readable_text), unreadable(why));
        }
        InForce::AllStruck(struck) => {
            let why =
                format!("the scheduled date `{struck}` is struck through and no new date follows");
            return (None, Some(readable_text), unreadable(why));
        }
        InForce::NoDate => {
            let why =
                format!("`{readable_text}` after \"Scheduled to happen\" holds no date in force");
            return (None, Some(readable_text), unreadable(why));
        }
    };
    let d = date.format("%Y-%m-%d").to_string();
    let created = created_at.and_then(|c| c.get(..10)).and_then(parse_date);
    let warning = created.and_then(|created| {
        let b = chrono::NaiveDate::parse_from_str(&created, "%Y-%m-%d").ok()?;
        let days = (date - b).num_days();
        (days.abs() > 60).then(|| {
            Warning::new(WarningId::ScheduledDateFar, Some(*line), format!(
                "the scheduled date {d} is {} days {} the issue was opened ({created}): wrong year or month?",
                days.abs(),
                if days < 0 { "before" } else { "after" }
            ))
        })
    });
    (Some(d), Some(readable_text), warning)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// kubernetes/sig-release#675 and #1477-era shapes: the new date wins.
    #[test]
    fn superseded_dates() {
        for (text, want) in [
            (
                "~~Mon, March 4th 2019~~ **Wed, March 6 2019**",
                "2019-03-06",
            ),
            ("~~Mon, March 4th 2019~~ Wed, March 6 2019", "2019-03-06"),
            (
                "Tue, 2021-02-16 -> New date (reason): Wed, 2021-02-17",
                "2021-02-17",
            ),
            ("~~Tue, 2021-02-16~~ -> Wed, 2021-02-17", "2021-02-17"),
            ("Tue, 2021-02-16", "2021-02-16"),
        ] {
            assert_eq!(
                in_force(text),
                InForce::Date(chrono::NaiveDate::parse_from_str(want, "%Y-%m-%d").unwrap()),
                "{text}"
            );
        }
    }

    fn read(header: &str) -> (Option<String>, Option<String>, Option<Warning>) {
        let doc = super::super::parse::parse(&format!("{header}\n\n- [ ] Stage\n"));
        scheduled(&doc, Some("2019-03-01T10:00:00Z"))
    }

    /// Postponements as release managers write them: HTML strike-through, a new date in
    /// words or after an arrow; the date in force is the new one, and the text for people
    /// carries no Markdown or dangling arrow.
    #[test]
    fn postponed_dates_read_the_new_one() {
        for (header, date, text) in [
            (
                "## Scheduled to happen: <del>Tue, 2019-03-05</del> Wed, 2019-03-07",
                "2019-03-07",
                "Tue, 2019-03-05 (struck through) Wed, 2019-03-07",
            ),
            (
                "## Scheduled to happen: <s>Tue, 2019-03-05</s> Wed, 2019-03-07",
                "2019-03-07",
                "Tue, 2019-03-05 (struck through) Wed, 2019-03-07",
            ),
            (
                "Scheduled to happen: <STRIKE>Tue, 2019-03-05</STRIKE> **Wed, 2019-03-07**",
                "2019-03-07",
                "Tue, 2019-03-05 (struck through) Wed, 2019-03-07",
            ),
            (
                "## Scheduled to happen: Mon, March 4th 2019 (moved to Wed, March 6 2019)",
                "2019-03-06",
                "Mon, March 4th 2019 (moved to Wed, March 6 2019)",
            ),
            (
                "## Scheduled to happen: Tue, 2019-03-05 (postponed to 2019-03-07)",
                "2019-03-07",
                "Tue, 2019-03-05 (postponed to 2019-03-07)",
            ),
            (
                "## Scheduled to happen: Wed, 2019-03-07 →",
                "2019-03-07",
                "Wed, 2019-03-07",
            ),
            (
                "## Scheduled to happen: Wed, 2019-03-07 ~~Tue, 2019-03-05~~",
                "2019-03-07",
                "Wed, 2019-03-07 Tue, 2019-03-05 (struck through)",
            ),
        ] {
            let (d, t, w) = read(header);
            assert_eq!(d.as_deref(), Some(date), "{header}");
            assert_eq!(t.as_deref(), Some(text), "{header}");
            assert_eq!(w, None, "{header}");
        }
    }

    /// A scheduled text with no date in force says so, and why, instead of going quiet.
    #[test]
    fn an_unreadable_scheduled_date_warns() {
        for (header, text, why) in [
            (
                "## Scheduled to happen: Tue, 2019-02-30",
                "Tue, 2019-02-30",
                "`2019-02-30` is no day of the calendar",
            ),
            (
                "## Scheduled to happen: ~~Tue, 2019-03-05~~",
                "Tue, 2019-03-05 (struck through)",
                "`Tue, 2019-03-05` is struck through and no new date follows",
            ),
            (
                "## Scheduled to happen: Tue, 2019-03-05 (postponed to TBD)",
                "Tue, 2019-03-05 (postponed to TBD)",
                "holds no date in force",
            ),
            (
                "## Scheduled to happen: ASAP/Unscheduled (rc.0 broke ci)",
                "ASAP/Unscheduled (rc.0 broke ci)",
                "holds no date in force",
            ),
        ] {
            let (d, t, w) = read(header);
            assert_eq!(d, None, "{header}");
            assert_eq!(t.as_deref(), Some(text), "{header}");
            let w = w.unwrap_or_else(|| panic!("no warning for {header}"));
            assert_eq!(w.id, WarningId::ScheduledDateUnreadable);
            assert_eq!(w.line, Some(1));
            assert!(w.message.contains(why), "{header}: {}", w.message);
            assert!(w.message.contains("`Tue, 2026-04-14`"), "{}", w.message);
        }
    }

    #[test]
    fn new_date_marks_cut_linearly() {
        assert_eq!(pieces("a -> b moved to c"), ["a ", " b ", " c"]);
        let many = "x->".repeat(10_000);
        assert_eq!(pieces(&many).len(), 10_001);
    }
}
