//! Which image tags `kpromo pr` must promote for a cut, and the exact commands, branches and PR
//! titles that kpromo will produce.

use std::fmt;

use serde::Serialize;

use crate::source::{self, Source};
use crate::version::{CutKind, Tag, VersionError};

/// Which promotion rules to follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rules {
    /// Since kubernetes/release#2765 (2023-03-09): officials promote only their own tag, and
    /// rc.0 promotes itself and the next minor's alpha.0 in two separate PRs.
    #[default]
    Current,
    /// Before March 2023, as the seed guide still describes: an official `vX.Y.Z` also promoted
    /// `vX.Y.(Z+1)-rc.0`, which krel built with it (kubernetes/release#1286, 2020-05-14), and
    /// rc.0 promoted both tags in one PR (kubernetes/sig-release#1367, 2020-12-01). Only for
    /// reading history.
    Legacy,
}

impl Rules {
    /// The rules in force on `day` (an issue's `created_at` or a `YYYY-MM-DD`): today's when
    /// the day is not known.
    pub fn on(day: Option<&str>) -> Rules {
        match day.and_then(|d| d.get(..10)) {
            Some(d) if d < source::OFFICIAL_PROMOTES_OWN_TAG.date => Rules::Legacy,
            _ => Rules::Current,
        }
    }
}

/// A fork as `kpromo pr --fork` takes it: a GitHub login, optionally `/repo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fork(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PromotionError {
    #[error(transparent)]
    Version(#[from] VersionError),
    #[error("checking user's fork: {reason} (`{input}`): {hint}")]
    Fork {
        input: String,
        reason: &'static str,
        hint: String,
    },
}

impl PromotionError {
    pub fn hint(&self) -> String {
        match self {
            Self::Version(e) => e.hint.clone(),
            Self::Fork { hint, .. } => hint.clone(),
        }
    }
}

impl Fork {
    /// The placeholder used when no login was given, visible enough not to be run by accident.
    pub(crate) const PLACEHOLDER: &'static str = "<your-github-login>";

    /// Validates like kpromo: letters, digits, `-` and at most one `/`.
    pub fn parse(input: &str) -> Result<Fork, PromotionError> {
        let s = input.trim().trim_start_matches('@');
        let err = |reason, hint: String| {
            Err(PromotionError::Fork {
                input: input.to_string(),
                reason,
                hint,
            })
        };
        if s.is_empty() {
            return err(
                "cannot start promotion --fork is required",
                "pass your GitHub login, for example `--fork alice`".into(),
            );
        }
        let login = s.split('/').next().unwrap_or(s);
        if !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/')
        {
            let login_ok =
                !login.is_empty() && login.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            // Never offer the refused text back as the fix: suggest the login only when it is
            // one (`alice/k8s.io` → `alice`), else say what a login is.
            let hint = if login_ok {
                format!("kpromo refuses dots and underscores in the slug; pass only your login, `{login}`, and kpromo uses `{login}/k8s.io`")
            } else {
                format!(
                    "`{login}` is not a GitHub login (logins have only letters, digits and `-`): pass yours, and kpromo uses `LOGIN/k8s.io`"
                )
            };
            return err("repository slug contains invalid characters", hint);
        }
        let parts: Vec<&str> = s.split('/').collect();
        if parts.len() > 2 || parts.iter().any(|p| p.is_empty()) {
            return err(
                "string is not a well formed org/repo slug",
                format!(
                    "pass your login alone, for example `{}`",
                    parts
                        .iter()
                        .find(|p| !p.is_empty())
                        .copied()
                        .unwrap_or("alice")
                ),
            );
        }
        Ok(Fork(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Fork {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One `kpromo pr` run and the PR it opens in kubernetes/k8s.io.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PullRequest {
    pub branch: String,
    pub title: String,
    pub tags: Vec<Tag>,
    pub command: String,
}

/// Everything to promote for one cut.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Promotion {
    pub version: Tag,
    pub rules: Rules,
    pub tags: Vec<Tag>,
    pub pull_requests: Vec<PullRequest>,
    /// Where the rule for these tags and PRs is written down.
    pub source: Source,
    /// An rc.0's other accepted form: both tags in one `kpromo pr` run, as recent cuts did.
    pub one_pr: Option<OnePr>,
}

/// The one-PR alternative of an rc.0 promotion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OnePr {
    pub pull_request: PullRequest,
    pub source: Source,
}

impl Promotion {
    /// For the legacy rules: which rule they follow and which PR ended it, so that the old rule
    /// is checked against its own source.
    pub(crate) fn legacy_note(&self) -> Option<String> {
        (self.rules == Rules::Legacy).then(|| {
            format!(
                "LEGACY rules (before 2023-03-09): {}, ended by {}; krel no longer builds the extra tags, for reading old cuts only",
                self.source,
                source::OFFICIAL_PROMOTES_OWN_TAG
            )
        })
    }

    pub fn commands(&self) -> Vec<String> {
        self.pull_requests
            .iter()
            .map(|p| p.command.clone())
            .collect()
    }

    /// The title(s) the cut's promotion PRs should carry, in each form relcut knows, with the
    /// source of each form.
    pub(crate) fn title_forms(&self) -> String {
        match &self.one_pr {
            Some(one) => format!(
                "{} (two PRs, {}) or `{}` (one PR, {})",
                self.pull_requests
                    .iter()
                    .map(|p| format!("`{}`", p.title))
                    .collect::<Vec<_>>()
                    .join(" and "),
                self.source,
                one.pull_request.title,
                one.source
            ),
            None => format!("`{}` ({})", pr_title(&self.tags), self.source),
        }
    }

    /// Whether these PRs, each given by the tags of its title, promote exactly this cut's tags
    /// in a form relcut knows: one PR per tag, or (rc.0) both tags in one PR. `Err` says what
    /// is missing or extra.
    pub fn accepts(&self, prs: &[Vec<Tag>]) -> Result<(), String> {
        // A set beside the list, so that PRs naming thousands of tags stay linear.
        let mut seen: Vec<Tag> = Vec::new();
        let mut set: std::collections::HashSet<Tag> = std::collections::HashSet::new();
        for pr in prs {
            for t in pr {
                if !set.insert(*t) {
                    return Err(format!("{t} is promoted by two PRs; one is enough"));
                }
                seen.push(*t);
            }
        }
        let missing: Vec<String> = self
            .tags
            .iter()
            .filter(|t| !set.contains(t))
            .map(Tag::to_string)
            .collect();
        let extra: Vec<String> = seen
            .iter()
            .filter(|t| !self.tags.contains(t))
            .map(Tag::to_string)
            .collect();
        match (missing.is_empty(), extra.is_empty()) {
            (true, true) => Ok(()),
            (false, true) => Err(format!("no PR promotes {}", missing.join(", "))),
            (true, false) => Err(format!(
                "{} is not a tag of the {} cut",
                extra.join(", "),
                self.version
            )),
            (false, false) => Err(format!(
                "{} is not a tag of the {} cut, and no PR promotes {}",
                extra.join(", "),
                self.version,
                missing.join(", ")
            )),
        }
    }
}

/// The tags a kpromo title names (`releng: Image promotion for kubernetes v1 / v2`), in order:
/// empty when the title is not kpromo's shape, so a renamed PR never passes for a promotion.
/// Words a person added after the tags (`(retry)`) are not tags and are passed over.
pub fn tags_of_title(title: &str) -> Vec<Tag> {
    const HEAD: &str = "image promotion for kubernetes ";
    let lower = title.to_ascii_lowercase();
    let Some(at) = lower.find(HEAD) else {
        return Vec::new();
    };
    let mut seen = std::collections::HashSet::new();
    title[at + HEAD.len()..]
        .split(|c: char| c.is_whitespace() || c == '/')
        .filter_map(|word| {
            let word =
                word.trim_matches(|c: char| matches!(c, ',' | ';' | '(' | ')' | '[' | ']' | '`'));
            Tag::parse(word).ok()
        })
        .filter(|t| seen.insert(*t))
        .collect()
}

/// The tag list of a kpromo run, in the order kpromo writes it into the title.
pub(crate) fn pr_title(tags: &[Tag]) -> String {
    let joined: Vec<String> = tags.iter().map(Tag::to_string).collect();
    format!(
        "releng: Image promotion for kubernetes {}",
        joined.join(" / ")
    )
}

/// kpromo names the branch after the first tag only, so a re-run with the same first tag needs
/// the old branch deleted from the fork first.
pub(crate) fn pr_branch(tags: &[Tag]) -> String {
    match tags.first() {
        Some(t) => format!("kubernetes-{t}-image-promotion"),
        None => "kubernetes--image-promotion".to_string(),
    }
}

pub(crate) fn kpromo_command(fork: Option<&Fork>, tags: &[Tag]) -> String {
    let fork = fork.map(Fork::as_str).unwrap_or(Fork::PLACEHOLDER);
    let mut cmd = format!("kpromo pr --fork {fork}");
    for t in tags {
        cmd.push_str(&format!(" --tag {t}"));
    }
    cmd.push_str(" --interactive=true");
    cmd
}

/// The tags to promote for a cut of `tag`, grouped into kpromo runs.
pub fn promotion(
    tag: &Tag,
    rules: Rules,
    fork: Option<&Fork>,
) -> Result<Promotion, PromotionError> {
    let kind = tag.cut_kind()?;
    let groups: Vec<Vec<Tag>> = match (kind, rules) {
        (CutKind::FirstRc, Rules::Current) => vec![vec![*tag], vec![tag.next_minor_alpha0()]],
        (CutKind::FirstRc, Rules::Legacy) => vec![vec![*tag, tag.next_minor_alpha0()]],
        (CutKind::Minor | CutKind::Patch, Rules::Legacy) => {
            let next_rc = Tag::new(
                tag.major,
                tag.minor,
                tag.patch.saturating_add(1),
                Some(crate::version::PreRelease::Rc(0)),
            );
            vec![vec![*tag, next_rc]]
        }
        _ => vec![vec![*tag]],
    };
    let pull_requests = groups
        .into_iter()
        .map(|tags| PullRequest {
            branch: pr_branch(&tags),
            title: pr_title(&tags),
            command: kpromo_command(fork, &tags),
            tags,
        })
        .collect::<Vec<_>>();
    let tags: Vec<Tag> = pull_requests
        .iter()
        .flat_map(|p| p.tags.iter().copied())
        .collect();
    let one_pr = (kind == CutKind::FirstRc && pull_requests.len() > 1).then(|| OnePr {
        pull_request: PullRequest {
            branch: pr_branch(&tags),
            title: pr_title(&tags),
            command: kpromo_command(fork, &tags),
            tags: tags.clone(),
        },
        source: source::RC0_ONE_PR,
    });
    let source = match (kind, rules) {
        (CutKind::Minor | CutKind::Patch, Rules::Legacy) => source::OFFICIAL_ALSO_PROMOTED_NEXT_RC0,
        (CutKind::FirstRc, Rules::Legacy) => source::RC0_PROMOTED_WITH_ALPHA0_IN_ONE_RUN,
        (CutKind::FirstRc, Rules::Current) => source::RC0_TWO_PRS,
        (CutKind::Minor | CutKind::Patch, Rules::Current) => source::OFFICIAL_PROMOTES_OWN_TAG,
        // A pre-release has always promoted just its own tag: kubernetes/release#2765 changed
        // only the officials, so the handbook's promotion step is the rule's source.
        (CutKind::Alpha | CutKind::Beta | CutKind::Rc, _) => source::RELEASE_CUTS_HANDBOOK,
    };
    Ok(Promotion {
        version: *tag,
        rules,
        tags,
        pull_requests,
        source,
        one_pr,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn promo(tag: &str, rules: Rules) -> Promotion {
        let fork = Fork::parse("alice").unwrap();
        promotion(&Tag::parse(tag).unwrap(), rules, Some(&fork)).unwrap()
    }

    fn tags(p: &Promotion) -> Vec<String> {
        p.tags.iter().map(Tag::to_string).collect()
    }

    #[test]
    fn rules_of_the_day() {
        assert_eq!(Rules::on(Some("2023-03-08T23:59:59Z")), Rules::Legacy);
        assert_eq!(Rules::on(Some("2023-03-09")), Rules::Current);
        assert_eq!(Rules::on(Some("2026-11-26T10:00:00Z")), Rules::Current);
        assert_eq!(Rules::on(Some("bad")), Rules::Current);
        assert_eq!(Rules::on(None), Rules::Current);
    }

    #[test]
    fn tags_read_from_kpromo_titles() {
        let t = |s: &str| -> Vec<String> { tags_of_title(s).iter().map(Tag::to_string).collect() };
        assert_eq!(
            t("releng: Image promotion for kubernetes v1.37.0-rc.0 / v1.38.0-alpha.0"),
            ["v1.37.0-rc.0", "v1.38.0-alpha.0"]
        );
        assert_eq!(
            t("releng: image promotion for Kubernetes v1.35.3"),
            ["v1.35.3"]
        );
        // What kpromo writes is read back as written.
        let both = [
            Tag::parse("v1.23.3").unwrap(),
            Tag::parse("v1.23.4-rc.0").unwrap(),
        ];
        assert_eq!(tags_of_title(&pr_title(&both)), both);
        // Words added by hand are passed over; what is not kpromo's shape names no tag.
        assert_eq!(
            t("releng: Image promotion for kubernetes v1.35.3 (retry)"),
            ["v1.35.3"]
        );
        assert_eq!(
            t("releng: Image promotion for kubernetes v1.35.3 | `x`"),
            ["v1.35.3"]
        );
        assert!(t("Bump images for kubernetes v1.35.3").is_empty());
        assert!(t("releng: Image promotion for kubernetes 1.35.3").is_empty());
    }

    #[test]
    fn current_rules() {
        for t in [
            "v1.35.0-alpha.2",
            "v1.35.0-beta.0",
            "v1.35.0-rc.1",
            "v1.35.0",
            "v1.35.3",
        ] {
            let p = promo(t, Rules::Current);
            assert_eq!(tags(&p), [t]);
            assert_eq!(p.pull_requests.len(), 1);
        }
        let p = promo("v1.35.0-rc.0", Rules::Current);
        assert_eq!(tags(&p), ["v1.35.0-rc.0", "v1.36.0-alpha.0"]);
        assert_eq!(
            p.commands(),
            [
                "kpromo pr --fork alice --tag v1.35.0-rc.0 --interactive=true",
                "kpromo pr --fork alice --tag v1.36.0-alpha.0 --interactive=true"
            ]
        );
        assert_eq!(
            p.pull_requests[1].branch,
            "kubernetes-v1.36.0-alpha.0-image-promotion"
        );
        assert_eq!(
            p.pull_requests[1].title,
            "releng: Image promotion for kubernetes v1.36.0-alpha.0"
        );
    }

    /// kubernetes/k8s.io#9811 (2026-08-06): `releng: Image promotion for kubernetes
    /// v1.37.0-rc.0 / v1.38.0-alpha.0`, from `kpromo pr --tag A --tag B`.
    #[test]
    fn rc0_one_pr_form() {
        let p = promo("v1.37.0-rc.0", Rules::Current);
        assert_eq!(p.pull_requests.len(), 2, "the two-PR form stays first");
        let one = p.one_pr.as_ref().expect("rc.0 offers the one-PR form");
        assert_eq!(
            one.pull_request.title,
            "releng: Image promotion for kubernetes v1.37.0-rc.0 / v1.38.0-alpha.0"
        );
        assert_eq!(
            one.pull_request.command,
            "kpromo pr --fork alice --tag v1.37.0-rc.0 --tag v1.38.0-alpha.0 --interactive=true"
        );
        assert_eq!(
            one.pull_request.branch,
            "kubernetes-v1.37.0-rc.0-image-promotion"
        );
        assert_eq!(one.source.reference, "kubernetes/k8s.io#9811");
        assert!(promo("v1.37.0-rc.1", Rules::Current).one_pr.is_none());
        assert!(promo("v1.37.0-rc.0", Rules::Legacy).one_pr.is_none());

        let t = |s: &str| Tag::parse(s).unwrap();
        let (rc, alpha) = (t("v1.37.0-rc.0"), t("v1.38.0-alpha.0"));
        assert_eq!(p.accepts(&[vec![rc, alpha]]), Ok(()));
        assert_eq!(p.accepts(&[vec![rc], vec![alpha]]), Ok(()));
        assert_eq!(p.accepts(&[vec![alpha], vec![rc]]), Ok(()));
        assert_eq!(
            p.accepts(&[vec![rc]]),
            Err("no PR promotes v1.38.0-alpha.0".into())
        );
        assert_eq!(
            p.accepts(&[vec![rc, alpha], vec![alpha]]),
            Err("v1.38.0-alpha.0 is promoted by two PRs; one is enough".into())
        );
        let patch = promo("v1.35.3", Rules::Current);
        assert_eq!(patch.source.reference, "kubernetes/release#2765");
        assert_eq!(
            patch.accepts(&[vec![t("v1.35.3"), t("v1.35.4-rc.0")]]),
            Err("v1.35.4-rc.0 is not a tag of the v1.35.3 cut".into())
        );
    }

    #[test]
    fn worked_example_alpha() {
        let p = promo("v1.35.0-alpha.2", Rules::Current);
        let pr = &p.pull_requests[0];
        assert_eq!(
            pr.command,
            "kpromo pr --fork alice --tag v1.35.0-alpha.2 --interactive=true"
        );
        assert_eq!(pr.branch, "kubernetes-v1.35.0-alpha.2-image-promotion");
        assert_eq!(
            pr.title,
            "releng: Image promotion for kubernetes v1.35.0-alpha.2"
        );
    }

    #[test]
    fn legacy_rules() {
        let p = promo("v1.23.3", Rules::Legacy);
        assert_eq!(tags(&p), ["v1.23.3", "v1.23.4-rc.0"]);
        assert_eq!(p.pull_requests.len(), 1);
        assert_eq!(
            p.pull_requests[0].title,
            "releng: Image promotion for kubernetes v1.23.3 / v1.23.4-rc.0"
        );
        let p = promo("v1.20.0", Rules::Legacy);
        assert_eq!(tags(&p), ["v1.20.0", "v1.20.1-rc.0"]);
        let p = promo("v1.20.0-rc.0", Rules::Legacy);
        assert_eq!(p.pull_requests.len(), 1);
        assert_eq!(
            p.pull_requests[0].branch,
            "kubernetes-v1.20.0-rc.0-image-promotion"
        );
        assert_eq!(
            tags(&promo("v1.20.0-beta.1", Rules::Legacy)),
            ["v1.20.0-beta.1"]
        );
    }

    /// The pre-2023 rule has its own source: kubernetes/release#2765 ended it, it did not
    /// state it. krel built `vX.Y.(Z+1)-rc.0` with an official since kubernetes/release#1286.
    #[test]
    fn legacy_rules_cite_their_own_source() {
        for t in ["v1.23.3", "v1.20.0"] {
            let p = promo(t, Rules::Legacy);
            assert_eq!(p.source, source::OFFICIAL_ALSO_PROMOTED_NEXT_RC0, "{t}");
            assert_eq!(p.source.reference, "kubernetes/release#1286");
            assert_eq!(p.source.date, "2020-05-14");
            let note = p.legacy_note().unwrap();
            assert!(
                note.contains("kubernetes/release#1286 (2020-05-14), ended by kubernetes/release#2765 (2023-03-09)"),
                "{note}"
            );
        }
        let rc0 = promo("v1.20.0-rc.0", Rules::Legacy);
        assert_eq!(rc0.source.reference, "kubernetes/sig-release#1367");
        for t in ["v1.23.3", "v1.23.0", "v1.23.0-rc.0"] {
            let p = promo(t, Rules::Current);
            assert_ne!(p.source, source::OFFICIAL_ALSO_PROMOTED_NEXT_RC0, "{t}");
            assert!(p.legacy_note().is_none());
        }
        assert_eq!(
            promo("v1.23.3", Rules::Current).source.reference,
            "kubernetes/release#2765"
        );
        // Every legacy source is older than the change that ended the legacy rules.
        for s in [
            source::OFFICIAL_ALSO_PROMOTED_NEXT_RC0,
            source::RC0_PROMOTED_WITH_ALPHA0_IN_ONE_RUN,
        ] {
            assert!(s.date < source::OFFICIAL_PROMOTES_OWN_TAG.date, "{s}");
        }
    }

    #[test]
    fn alpha0_alone_is_an_error() {
        let e = promotion(
            &Tag::parse("v1.36.0-alpha.0").unwrap(),
            Rules::Current,
            None,
        )
        .unwrap_err();
        assert!(e.to_string().contains("v1.35.0-rc.0"), "{e}");
    }

    #[test]
    fn forks() {
        assert_eq!(Fork::parse("alice").unwrap().as_str(), "alice");
        assert_eq!(
            Fork::parse("alice/k8s-io").unwrap().as_str(),
            "alice/k8s-io"
        );
        assert_eq!(Fork::parse("@alice").unwrap().as_str(), "alice");
        let e = Fork::parse("alice/k8s.io").unwrap_err();
        assert!(
            e.to_string()
                .contains("repository slug contains invalid characters"),
            "{e}"
        );
        assert!(e.hint().contains("`alice`"), "{e}");
        assert!(Fork::parse("a/b/c")
            .unwrap_err()
            .to_string()
            .contains("well formed"));
        assert!(Fork::parse("").is_err());
        assert!(Fork::parse("alice/").is_err());
    }

    /// Issue #22 item 5: a refused value is never offered back as its own fix.
    #[test]
    fn a_refused_fork_is_not_suggested_back() {
        for input in [
            "alice_smith",
            "alice.smith",
            "alice_smith/k8s.io",
            "al!ce",
            "_",
        ] {
            let e = Fork::parse(input).unwrap_err();
            let login = input.split('/').next().unwrap();
            assert!(
                !e.hint()
                    .contains(&format!("pass only your login, `{login}`")),
                "{input}: {}",
                e.hint()
            );
            assert!(
                e.hint().contains("is not a GitHub login"),
                "{input}: {}",
                e.hint()
            );
        }
        // A valid login with a repository part is offered alone.
        assert!(Fork::parse("alice/k8s.io")
            .unwrap_err()
            .hint()
            .contains("pass only your login, `alice`"));
    }

    #[test]
    fn placeholder_fork() {
        let p = promotion(&Tag::parse("v1.35.1").unwrap(), Rules::Current, None).unwrap();
        assert_eq!(
            p.commands(),
            ["kpromo pr --fork <your-github-login> --tag v1.35.1 --interactive=true"]
        );
    }
}
