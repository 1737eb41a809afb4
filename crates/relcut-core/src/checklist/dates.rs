//! Dates in a cut issue: the free-text "Scheduled to happen" value.

use std::sync::LazyLock;

use regex_lite::Regex;

use super::parse::Doc;
use super::warning::{Warning, WarningId};

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

/// The part of a scheduled-date text that holds the date in force: struck-through dates are
/// superseded (`~~Mon, March 4th 2019~~ **Wed, March 6 2019**`), and so is whatever precedes an
/// arrow (`Tue, 2021-02-16 -> New date (reason): Wed, 2021-02-17`), ASCII or Unicode
/// (`Tue, 2019-03-05 → Wed, 2019-03-07`).
fn in_force(text: &str) -> &str {
    const ARROWS: [&str; 8] = ["->", "=>", "→", "⇒", "⟶", "⟹", "➔", "➡"];
    let after_last = ARROWS
        .iter()
        .filter_map(|a| text.rfind(a).map(|i| i + a.len()))
        .max();
    let kept = after_last.map_or(text, |i| &text[i..]);
    match (kept.rfind("~~"), kept.find("~~")) {
        (Some(last), Some(first)) if last != first => &kept[last + 2..],
        _ => kept,
    }
}

/// The scheduled date (`YYYY-MM-DD` when readable) and the text as written, with a warning
/// when the date is far from the day the issue was opened (a wrong year or month).
pub(super) fn scheduled(
    doc: &Doc,
    created_at: Option<&str>,
) -> (Option<String>, Option<String>, Option<Warning>) {
    let Some((text, line)) = doc.scheduled.as_ref().filter(|(t, _)| !t.is_empty()) else {
        return (None, None, None);
    };
    let date = parse_date(in_force(text));
    let created = created_at.and_then(|c| c.get(..10)).and_then(parse_date);
    let warning = date.as_ref().zip(created).and_then(|(d, created)| {
        let a = chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()?;
        let b = chrono::NaiveDate::parse_from_str(&created, "%Y-%m-%d").ok()?;
        let days = (a - b).num_days();
        (days.abs() > 60).then(|| {
            Warning::new(WarningId::ScheduledDateFar, Some(*line), format!(
                "the scheduled date {d} is {} days {} the issue was opened ({created}): wrong year or month?",
                days.abs(),
                if days < 0 { "before" } else { "after" }
            ))
        })
    });
    (date, Some(text.clone()), warning)
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
            assert_eq!(parse_date(in_force(text)).as_deref(), Some(want), "{text}");
        }
    }
}
