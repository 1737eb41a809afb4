//! YAML for the website's `schedule.yaml` and `eol.yaml`, kept behind this one module.
//!
//! Reading goes through yaml-rust2, which keeps an unquoted `1.30` as the text `1.30` (Go reads it
//! as the float 1.3). Writing is a small emitter for this fixed schema that reproduces what
//! schedule-builder writes through sigs.k8s.io/yaml: keys in alphabetical order, sequences not
//! indented under their key, empty values left out, date- and number-like strings double-quoted,
//! long strings folded after column 80.

use yaml_rust2::{Yaml, YamlLoader};

use super::{EolBranch, EolFile, PatchRelease, PatchSchedule, Schedule, ScheduleError};

pub(crate) const HEADER: &str = "# Use \"schedule-builder\" to maintain this file:\n# https://github.com/kubernetes/release/tree/master/cmd/schedule-builder\n# For example by running:\n# schedule-builder -uc data/releases/schedule.yaml -e data/releases/eol.yaml\n---\n";

fn load(text: &str, file: &str) -> Result<Yaml, ScheduleError> {
    let docs = YamlLoader::load_from_str(text).map_err(|e| ScheduleError::Yaml {
        file: file.to_string(),
        message: e.to_string(),
    })?;
    Ok(docs.into_iter().next().unwrap_or(Yaml::Null))
}

fn mapping<'a>(
    y: &'a Yaml,
    path: &str,
    allowed: &[&str],
) -> Result<Vec<(&'a str, &'a Yaml)>, ScheduleError> {
    let Yaml::Hash(h) = y else {
        if matches!(y, Yaml::Null) {
            return Ok(Vec::new());
        }
        return Err(ScheduleError::Shape {
            path: path.to_string(),
            expected: "a mapping",
        });
    };
    let mut out = Vec::new();
    for (k, v) in h {
        let key = match k {
            Yaml::String(s) => s.as_str(),
            _ => {
                return Err(ScheduleError::Shape {
                    path: path.to_string(),
                    expected: "string keys",
                })
            }
        };
        if !allowed.contains(&key) {
            return Err(ScheduleError::UnknownKey {
                path: path.to_string(),
                key: key.to_string(),
                allowed: allowed.join(", "),
            });
        }
        out.push((key, v));
    }
    Ok(out)
}

fn list<'a>(y: &'a Yaml, path: &str) -> Result<&'a [Yaml], ScheduleError> {
    match y {
        Yaml::Array(a) => Ok(a),
        Yaml::Null => Ok(&[]),
        _ => Err(ScheduleError::Shape {
            path: path.to_string(),
            expected: "a list",
        }),
    }
}

/// A scalar as the text it was written with; empty and null are "not set".
fn scalar(y: &Yaml, path: &str) -> Result<Option<String>, ScheduleError> {
    let s = match y {
        Yaml::String(s) | Yaml::Real(s) => s.clone(),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        Yaml::Null => return Ok(None),
        _ => {
            return Err(ScheduleError::Shape {
                path: path.to_string(),
                expected: "a text value",
            })
        }
    };
    Ok((!s.is_empty()).then_some(s))
}

fn patch(y: &Yaml, path: &str) -> Result<PatchRelease, ScheduleError> {
    let mut p = PatchRelease::default();
    for (k, v) in mapping(
        y,
        path,
        &["release", "cherryPickDeadline", "targetDate", "note"],
    )? {
        let val = scalar(v, &format!("{path}.{k}"))?;
        match k {
            "release" => p.release = val,
            "cherryPickDeadline" => p.cherry_pick_deadline = val,
            "targetDate" => p.target_date = val,
            _ => p.note = val,
        }
    }
    Ok(p)
}

pub(crate) fn read_schedule(text: &str) -> Result<PatchSchedule, ScheduleError> {
    let doc = load(text, "schedule")?;
    let mut out = PatchSchedule::default();
    for (k, v) in mapping(&doc, "schedule", &["schedules", "upcoming_releases"])? {
        if k == "upcoming_releases" {
            for (i, u) in list(v, k)?.iter().enumerate() {
                out.upcoming_releases
                    .push(patch(u, &format!("upcoming_releases[{i}]"))?);
            }
            continue;
        }
        for (i, s) in list(v, k)?.iter().enumerate() {
            let path = format!("schedules[{i}]");
            let mut sched = Schedule::default();
            let fields = mapping(
                s,
                &path,
                &[
                    "release",
                    "releaseDate",
                    "next",
                    "endOfLifeDate",
                    "maintenanceModeStartDate",
                    "previousPatches",
                ],
            )?;
            for (fk, fv) in fields {
                let fpath = format!("{path}.{fk}");
                match fk {
                    "release" => sched.release = scalar(fv, &fpath)?,
                    "releaseDate" => sched.release_date = scalar(fv, &fpath)?,
                    "endOfLifeDate" => sched.end_of_life_date = scalar(fv, &fpath)?,
                    "maintenanceModeStartDate" => {
                        sched.maintenance_mode_start_date = scalar(fv, &fpath)?;
                    }
                    "next" => {
                        sched.next = if matches!(fv, Yaml::Null) {
                            None
                        } else {
                            Some(patch(fv, &fpath)?)
                        }
                    }
                    _ => {
                        for (j, p) in list(fv, &fpath)?.iter().enumerate() {
                            sched
                                .previous_patches
                                .push(patch(p, &format!("{fpath}[{j}]"))?);
                        }
                    }
                }
            }
            out.schedules.push(sched);
        }
    }
    Ok(out)
}

pub(crate) fn read_eol(text: &str) -> Result<EolFile, ScheduleError> {
    let doc = load(text, "eol")?;
    let mut out = EolFile::default();
    for (k, v) in mapping(&doc, "eol", &["branches"])? {
        for (i, b) in list(v, k)?.iter().enumerate() {
            let path = format!("branches[{i}]");
            let mut branch = EolBranch::default();
            for (bk, bv) in mapping(
                b,
                &path,
                &["release", "finalPatchRelease", "endOfLifeDate", "note"],
            )? {
                let val = scalar(bv, &format!("{path}.{bk}"))?;
                match bk {
                    "release" => branch.release = val,
                    "finalPatchRelease" => branch.final_patch_release = val,
                    "endOfLifeDate" => branch.end_of_life_date = val,
                    _ => branch.note = val,
                }
            }
            out.branches.push(branch);
        }
    }
    Ok(out)
}

/// Whether go-yaml would read the plain text as something other than a string (a number, a
/// bool, null, a date), so that it must be double-quoted to stay a string.
fn resolves_to_non_string(s: &str) -> bool {
    const SPECIAL: &[&str] = &[
        "", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
        ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan",
        ".NaN", ".NAN", "<<",
    ];
    if SPECIAL.contains(&s) {
        return true;
    }
    let first = s.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return false;
    }
    let plain: String = s.chars().filter(|c| *c != '_').collect();
    let unsigned = plain.trim_start_matches(['+', '-']);
    let int = !unsigned.is_empty()
        && (unsigned.bytes().all(|b| b.is_ascii_digit())
            || unsigned
                .strip_prefix("0x")
                .is_some_and(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit()))
            || unsigned
                .strip_prefix("0b")
                .is_some_and(|h| !h.is_empty() && h.bytes().all(|b| b == b'0' || b == b'1')));
    let float = {
        // Go's ParseFloat: digits with one dot and an optional exponent.
        let (mantissa, exp) = match unsigned.find(['e', 'E']) {
            Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
            None => (unsigned, None),
        };
        let digits = mantissa.chars().filter(char::is_ascii_digit).count();
        let mantissa_ok = digits > 0
            && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.')
            && mantissa.matches('.').count() <= 1;
        let exp_ok = exp.is_none_or(|e| {
            let e = e.trim_start_matches(['+', '-']);
            !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
        });
        mantissa_ok && exp_ok
    };
    let date = {
        let b = s.as_bytes();
        b.len() >= 8
            && b[..4].iter().all(u8::is_ascii_digit)
            && b[4] == b'-'
            && chrono::NaiveDate::parse_from_str(
                &s[..s.find(['T', 't', ' ']).unwrap_or(s.len())],
                "%Y-%m-%d",
            )
            .is_ok()
    };
    let base60 = {
        let parts: Vec<&str> = s.trim_start_matches(['+', '-']).split(':').collect();
        parts.len() > 1
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
    };
    int || float || date || base60
}

/// Whether the emitter may write the text as a plain scalar.
fn plain_allowed(s: &str) -> bool {
    let b = s.as_bytes();
    if b.is_empty()
        || s.starts_with(' ')
        || s.ends_with(' ')
        || s.contains('\n')
        || s.contains('\t')
    {
        return false;
    }
    let first = b[0];
    if b"#,[]{}&*!|>'\"%@`".contains(&first) {
        return false;
    }
    if b"-?:".contains(&first) && (b.len() == 1 || b[1] == b' ') {
        return false;
    }
    if s.starts_with("---") || s.starts_with("...") {
        return false;
    }
    !(s.contains(": ") || s.contains(" #") || s.ends_with(':'))
}

struct Writer {
    out: String,
}

impl Writer {
    /// `key: value` at `indent` (the mapping's column); continuation lines of a folded value sit
    /// two columns deeper.
    fn field(&mut self, indent: usize, first_prefix: &str, key: &str, value: Option<&str>) {
        let Some(v) = value else { return };
        self.out.push_str(first_prefix);
        self.out.push_str(key);
        self.out.push_str(": ");
        let column = first_prefix.len() + key.len() + 2;
        if resolves_to_non_string(v) {
            self.out.push('"');
            self.out
                .push_str(&v.replace('\\', "\\\\").replace('"', "\\\""));
            self.out.push('"');
        } else if plain_allowed(v) {
            self.folded(v, column, indent + 2, "");
        } else {
            self.out.push('\'');
            self.folded(&v.replace('\'', "''"), column + 1, indent + 2, "'");
        }
        self.out.push('\n');
    }

    fn folded(&mut self, v: &str, mut column: usize, cont: usize, close: &str) {
        let chars: Vec<char> = v.chars().collect();
        let mut prev_space = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let next_space = chars.get(i + 1) == Some(&' ');
                if !prev_space && column > 80 && !next_space && i + 1 < chars.len() {
                    self.out.push('\n');
                    self.out.push_str(&" ".repeat(cont));
                    column = cont;
                } else {
                    self.out.push(c);
                    column += 1;
                }
                prev_space = true;
            } else {
                self.out.push(c);
                column += 1;
                prev_space = false;
            }
        }
        self.out.push_str(close);
    }

    fn patch(&mut self, indent: usize, first_prefix: &str, p: &PatchRelease) {
        let pad = " ".repeat(indent);
        let fields = [
            ("cherryPickDeadline", &p.cherry_pick_deadline),
            ("note", &p.note),
            ("release", &p.release),
            ("targetDate", &p.target_date),
        ];
        self.mapping(indent, first_prefix, &pad, &fields);
    }

    fn mapping(
        &mut self,
        indent: usize,
        first_prefix: &str,
        pad: &str,
        fields: &[(&str, &Option<String>)],
    ) {
        let mut first = true;
        for (k, v) in fields {
            if v.is_none() {
                continue;
            }
            let prefix = if first { first_prefix } else { pad };
            self.field(indent, prefix, k, v.as_deref());
            first = false;
        }
        if first {
            // Every field empty: go-yaml writes `{}`.
            self.out.push_str(first_prefix);
            self.out.push_str("{}\n");
        }
    }
}

pub(crate) fn write_schedule(s: &PatchSchedule) -> String {
    let mut w = Writer {
        out: HEADER.to_string(),
    };
    if !s.schedules.is_empty() {
        w.out.push_str("schedules:\n");
        for sched in &s.schedules {
            let fields = [
                ("endOfLifeDate", &sched.end_of_life_date),
                (
                    "maintenanceModeStartDate",
                    &sched.maintenance_mode_start_date,
                ),
            ];
            let mut first = true;
            let prefix = |first: &mut bool| {
                if std::mem::take(first) {
                    "- "
                } else {
                    "  "
                }
            };
            for (k, v) in fields {
                if v.is_some() {
                    let p = prefix(&mut first);
                    w.field(2, p, k, v.as_deref());
                }
            }
            if let Some(next) = &sched.next {
                let p = prefix(&mut first);
                w.out.push_str(p);
                w.out.push_str("next:\n");
                w.patch(4, "    ", next);
            }
            if !sched.previous_patches.is_empty() {
                let p = prefix(&mut first);
                w.out.push_str(p);
                w.out.push_str("previousPatches:\n");
                for pp in &sched.previous_patches {
                    w.patch(4, "  - ", pp);
                }
            }
            for (k, v) in [
                ("release", &sched.release),
                ("releaseDate", &sched.release_date),
            ] {
                if v.is_some() {
                    let p = prefix(&mut first);
                    w.field(2, p, k, v.as_deref());
                }
            }
            if first {
                w.out.push_str("- {}\n");
            }
        }
    }
    if !s.upcoming_releases.is_empty() {
        w.out.push_str("upcoming_releases:\n");
        for u in &s.upcoming_releases {
            w.patch(2, "- ", u);
        }
    }
    if s.schedules.is_empty() && s.upcoming_releases.is_empty() {
        w.out.push_str("{}\n");
    }
    w.out
}

pub(crate) fn write_eol(e: &EolFile) -> String {
    let mut w = Writer {
        out: HEADER.to_string(),
    };
    if e.branches.is_empty() {
        w.out.push_str("{}\n");
        return w.out;
    }
    w.out.push_str("branches:\n");
    for b in &e.branches {
        let fields = [
            ("endOfLifeDate", &b.end_of_life_date),
            ("finalPatchRelease", &b.final_patch_release),
            ("note", &b.note),
            ("release", &b.release),
        ];
        w.mapping(2, "- ", "  ", &fields);
    }
    w.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_like_go_yaml() {
        for s in [
            "2024-10-11",
            "1.31",
            "1.3",
            "10",
            "yes",
            "N",
            "1e5",
            ".5",
            "0x1F",
            "2024-10-11T10:00:00Z",
            "1:20",
        ] {
            assert!(resolves_to_non_string(s), "{s}");
        }
        for s in [
            "1.31.2",
            "N/A",
            "TBD",
            "v1.31.0",
            "June 2020",
            "1.31.2-rc.0",
            "NOW",
            "1.2.3.4",
            "2024-13-45x",
        ] {
            assert!(!resolves_to_non_string(s), "{s}");
        }
        assert!(plain_allowed(
            "Out of band release to fix [CVE-2023-5528](https://groups.google.com/g/x)"
        ));
        assert!(!plain_allowed(
            "[Regression](https://groups.google.com/g/x)"
        ));
        assert!(!plain_allowed("note: with colon"));
    }

    #[test]
    fn folding_after_column_80() {
        let mut w = Writer { out: String::new() };
        let note = Some("1.26.15 was released in March 2024 (after the EOL date) to pick up a new version of Go to [address several Go CVEs](https://groups.google.com/g/golang-dev/c/o1I1Vv8Rfgs/m/Wr8tD1RlAgAJ)".to_string());
        w.field(2, "  ", "note", note.as_deref());
        assert_eq!(
            w.out,
            "  note: 1.26.15 was released in March 2024 (after the EOL date) to pick up a new version\n    of Go to [address several Go CVEs](https://groups.google.com/g/golang-dev/c/o1I1Vv8Rfgs/m/Wr8tD1RlAgAJ)\n"
        );
    }
}
