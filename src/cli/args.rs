//! Argument checks shared by every command that takes the argument, so that `--fork` or
//! `--date` means the same everywhere and a bad value is a usage error (exit 2) before any
//! work starts.

use chrono::NaiveDate;
use relcut_core::promotion::Fork;

/// `--fork`: a GitHub login, as kpromo takes it.
pub fn fork(s: &str) -> Result<String, String> {
    Fork::parse(s)
        .map(|_| s.to_string())
        .map_err(|e| e.to_string())
}

/// `--date`, `--today`: a calendar day written `YYYY-MM-DD`, nothing else (it is pasted into
/// commands such as `krel history --date-from`).
pub fn date(s: &str) -> Result<String, String> {
    let shaped = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if shaped && NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() {
        Ok(s.to_string())
    } else {
        Err(format!(
            "`{s}` is not a day: write it YYYY-MM-DD, for example 2026-04-07"
        ))
    }
}

/// `--repo`: `OWNER/NAME`, as GitHub allows the names.
pub fn repo(s: &str) -> Result<String, String> {
    relcut_core::issue_ref::Repo::parse(s)
        .map(|r| r.to_string())
        .map_err(|e| e.to_string())
}

/// `testgrid --states`: a comma-separated list of FAILING, FLAKY, PASSING.
pub fn testgrid_states(s: &str) -> Result<String, String> {
    relcut_core::testgrid::testgrid_states(s).map(|v| v.join(","))
}

/// `testgrid --branch`: `1.35` or `master`.
pub fn testgrid_branch(s: &str) -> Result<String, String> {
    relcut_core::testgrid::testgrid_branch(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_days_and_nothing_else() {
        assert_eq!(date("2026-04-07").as_deref(), Ok("2026-04-07"));
        for bad in [
            "2026-13-01",
            "2026-02-30",
            "x; rm -rf ~",
            "2026-4-7",
            "2026-04-07 ",
            "",
        ] {
            let e = date(bad).unwrap_err();
            assert!(e.contains("YYYY-MM-DD"), "{bad}: {e}");
        }
    }

    #[test]
    fn forks_as_kpromo_takes_them() {
        assert!(fork("alice").is_ok());
        assert!(fork("alice_smith").unwrap_err().contains("alice"));
    }
}
