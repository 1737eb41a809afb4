//! The cut issue's title: the version it names, and whether krel would find it.

use std::sync::LazyLock;

use regex_lite::Regex;

use super::render::title;
use super::warning::{Warning, WarningId};
use crate::version::{PreRelease, Tag};

/// The version a cut issue's title names, old forms included:
/// `Cut v1.35.0-rc.1 release`, `Cut 1.15.0-beta.0 release`, `Cut 1.16-beta.1 release`,
/// `Cut v1.33.3. release`, `Cut v1.32.10`, and a word before `release` (`Cut 1.15.0 official
/// release`, kubernetes/sig-release#675), and the words release managers add around a title:
/// a `[WIP]` tag before it, a `(rescheduled)` note after it, `release candidate`.
/// Anything else (`Cut v1.30.2 two words release`, a sentence that mentions a cut) is no cut
/// title: the Action's filter of cut issues is this function.
pub fn version_from_title(title: &str) -> Option<Tag> {
    // One pass of a finite automaton over a short string: linear whatever the title holds.
    static TITLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i-u)^\s*(?:\[[^\]\[]*\]\s*)*cut\s+v?(\d+)\.(\d+)(?:\.(\d+))?(?:-(alpha|beta|rc)\.(\d+))?\.?(?:\s+(?:[a-z]+\s+)?release(?:\s+candidate)?)?\.?\s*(?:(?:\([^()]*\)|\[[^\]\[]*\])\s*)*$")
            .expect("static regex")
    });
    let c = TITLE.captures(title)?;
    let n = |i: usize| {
        c.get(i)
            .and_then(|m| m.as_str().parse::<u64>().ok())
            .filter(|v| *v <= crate::version::MAX_NUMBER)
    };
    let pre = match (c.get(4).map(|m| m.as_str().to_ascii_lowercase()), n(5)) {
        (Some(l), Some(num)) => Some(match l.as_str() {
            "alpha" => PreRelease::Alpha(num),
            "beta" => PreRelease::Beta(num),
            _ => PreRelease::Rc(num),
        }),
        _ => None,
    };
    Some(Tag::new(n(1)?, n(2)?, n(3).unwrap_or(0), pre))
}

/// A title naming a tag no cut makes (`alpha.0`): the same words as `plan`'s refusal, from the
/// one place that states the rule ([`Tag::cut_kind`]).
pub(super) fn never_cut(version: Option<Tag>) -> Option<Warning> {
    let e = version?.cut_kind().err()?;
    Some(
        Warning::new(WarningId::NeverCutAlone, None, e.to_string())
            .citing(crate::validate::TAG_RULE),
    )
}

/// What is wrong with the title, if anything.
pub(super) fn check(given: Option<&str>, version: Option<Tag>) -> Option<Warning> {
    let Some(t) = given else {
        return Some(Warning::new(WarningId::NoTitle, None, "no title given, so the version is unknown: pass the issue title (`--title`) or the issue JSON"));
    };
    if t.contains("1.x.y") || t.contains("{alpha") {
        return Some(Warning::new(WarningId::PlaceholderTitle, None, format!(
            "the title `{t}` is still the template placeholder, so no version can be read: rename the issue `Cut vX.Y.Z[-rc.N] release`"
        )));
    }
    let Some(v) = version else {
        return Some(Warning::new(
            WarningId::TitleNamesNoRelease,
            None,
            format!("the title `{t}` names no release: use `Cut vX.Y.Z[-rc.N] release`"),
        ));
    };
    let canonical = title(&v);
    if t.trim() == canonical {
        return None;
    }
    let why = if v.pre.is_none() && v.patch == 0 {
        " (krel fast-forward only pauses for an open issue titled exactly so)"
    } else {
        ""
    };
    Some(Warning::new(
        WarningId::NonCanonicalTitle,
        None,
        format!(
            "the title `{}` is not in the canonical form `{canonical}`{why}",
            t.trim()
        ),
    ))
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
        assert_eq!(v("Cut 1.15.0 official release").as_deref(), Some("v1.15.0"));
        assert_eq!(
            v("Cut v1.20.0 official release").as_deref(),
            Some("v1.20.0")
        );
        assert_eq!(v("Cut v1.30.2 patch release").as_deref(), Some("v1.30.2"));
        assert_eq!(v("Cut v1.30.2 two words release"), None);
        // The reviewer's shapes of #12: words release managers add around the title.
        assert_eq!(
            v("Cut v1.35.3 release (rescheduled)").as_deref(),
            Some("v1.35.3")
        );
        assert_eq!(v("[WIP] Cut v1.35.3 release").as_deref(), Some("v1.35.3"));
        assert_eq!(
            v("Cut v1.35.3-rc.1 release candidate").as_deref(),
            Some("v1.35.3-rc.1")
        );
        assert_eq!(
            v("[WIP] Cut v1.36.0-rc.1 release [blocked] (moved to Thursday)").as_deref(),
            Some("v1.36.0-rc.1")
        );
        for not_a_cut in [
            "Cut v1.35.3 release candidate two",
            "Cut v1.35.3 release rescheduled",
            "Cut v1.35.3 release (rescheduled",
            "Why did we Cut v1.35.3 release",
            "[WIP Cut v1.35.3 release",
            "Cut v1.35.3 release (a) trailing words",
        ] {
            assert_eq!(v(not_a_cut), None, "{not_a_cut}");
        }
        assert_eq!(v("Cut v1.x.y-{alpha,beta,rc}.z release"), None);
        assert_eq!(v("Update GH template for release cuts"), None);
    }
}
