//! Where the process rules relcut states come from, so a release manager can check each one
//! against its primary source instead of taking relcut's word for it.

use std::fmt;

use serde::Serialize;

/// A pull request or a file that states a rule, and the day it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Source {
    /// `kubernetes/sig-release#2981`, or `owner/repo:path` for a file.
    pub reference: &'static str,
    /// YYYY-MM-DD: the merge day of a PR, the last change of a file as relcut read it.
    pub date: &'static str,
    pub url: &'static str,
}

impl Source {
    /// The reference as a link, then the date: for comments.
    pub fn markdown(&self) -> String {
        format!(
            "{} ({})",
            crate::md::link(self.reference, self.url),
            self.date
        )
    }
}

impl Source {
    /// The pull request or issue the source is (`kubernetes/k8s.io#9811`), to link where a
    /// message names it; `None` for a file.
    pub fn issue_ref(&self) -> Option<crate::md::Ref<'static>> {
        let (repo, number) = self.reference.split_once('#')?;
        Some(crate::md::Ref {
            repo,
            number: number.parse().ok()?,
            pull: self.url.contains("/pull/"),
        })
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.reference, self.date)
    }
}

/// Officials promote only their own tag (no more `vX.Y.(Z+1)-rc.0`).
pub(crate) const OFFICIAL_PROMOTES_OWN_TAG: Source = Source {
    reference: "kubernetes/release#2765",
    date: "2023-03-09",
    url: "https://github.com/kubernetes/release/pull/2765",
};

/// The handbook's "Skip this step for patch releases" for the mock runs.
pub(crate) const PATCH_SKIPS_MOCK: Source = Source {
    reference: "kubernetes/sig-release#2981",
    date: "2026-03-26",
    url: "https://github.com/kubernetes/sig-release/pull/2981",
};

/// The cut-issue template comments the mock block out ("Uncomment for non-patch releases").
pub(crate) const TEMPLATE_MOCK_COMMENTED_OUT: Source = Source {
    reference: "kubernetes/sig-release#3036",
    date: "2026-05-28",
    url: "https://github.com/kubernetes/sig-release/pull/3036",
};

/// The release-cut handbook relcut's plan follows (tools, `krel version`, OBS, cleanup).
pub(crate) const RELEASE_CUTS_HANDBOOK: Source = Source {
    reference: "kubernetes/sig-release:release-engineering/handbooks/release-cuts.md",
    date: "2026-05-28",
    url: "https://github.com/kubernetes/sig-release/blob/master/release-engineering/handbooks/release-cuts.md",
};

/// The release-cut handbook's note before a pre-release: "Ensure that there are no patch
/// releases in progress, coordinating with @release-managers" (kubernetes/sig-release#2954,
/// v1.36.0-alpha.1, was held by a "Conflict with January patch releases").
pub const NO_PATCH_IN_PROGRESS: Source = Source {
    reference: "kubernetes/sig-release#2819",
    date: "2025-08-20",
    url: "https://github.com/kubernetes/sig-release/pull/2819",
};

/// Release engineering's recurring work: each month's patch releases "cut the three most
/// recent minor versions", together.
pub const PATCHES_CUT_TOGETHER: Source = Source {
    reference: "kubernetes/sig-release:release-engineering/README.md",
    date: "2026-03-26",
    url: "https://github.com/kubernetes/sig-release/blob/master/release-engineering/README.md",
};

/// The cut-issue template relcut renders and reads against.
pub(crate) const CUT_ISSUE_TEMPLATE: Source = Source {
    reference: "kubernetes/sig-release:.github/ISSUE_TEMPLATE/cut-release.md",
    date: "2026-05-28",
    url: "https://github.com/kubernetes/sig-release/blob/master/.github/ISSUE_TEMPLATE/cut-release.md",
};

/// The cut-issue template as of the day it dropped the packages item (debs & rpms).
pub(crate) const TEMPLATE_DROPPED_PACKAGES: Source = Source {
    reference: "kubernetes/sig-release:.github/ISSUE_TEMPLATE/cut-release.md",
    date: "2023-10-18",
    url: "https://github.com/kubernetes/sig-release/commits/master/.github/ISSUE_TEMPLATE/cut-release.md",
};

/// promo-tools' docs: "please open two separate PRs" when a cut needs several tags.
pub(crate) const RC0_TWO_PRS: Source = Source {
    reference: "kubernetes-sigs/promo-tools:docs/promotion-pull-requests.md",
    date: "2026-04-29",
    url: "https://github.com/kubernetes-sigs/promo-tools/blob/main/docs/promotion-pull-requests.md",
};

/// A recent rc.0 promoted both tags in one PR, from `kpromo pr --tag A --tag B`.
pub(crate) const RC0_ONE_PR: Source = Source {
    reference: "kubernetes/k8s.io#9811",
    date: "2026-08-06",
    url: "https://github.com/kubernetes/k8s.io/pull/9811",
};

/// schedule-builder asks for a fourth upcoming release only in the oldest minor's maintenance
/// window.
pub(crate) const EXTRA_UPCOMING: Source = Source {
    reference: "kubernetes/release#4413",
    date: "2026-05-26",
    url: "https://github.com/kubernetes/release/pull/4413",
};

/// Before kubernetes/release#2765 an official stage on a `release-X.Y` branch also built
/// `vX.Y.(Z+1)-rc.0` ("Only primary branches get rc releases" in anago's
/// `release::set_release_version`, ported to krel's `pkg/release/release_version.go`), so the
/// official cut promoted that tag beside its own; this PR made the extra tag an rc.0 (it was a
/// beta.0 before). The image promotion handbook said so from kubernetes/sig-release#1166
/// (2020-08-24).
pub(crate) const OFFICIAL_ALSO_PROMOTED_NEXT_RC0: Source = Source {
    reference: "kubernetes/release#1286",
    date: "2020-05-14",
    url: "https://github.com/kubernetes/release/pull/1286",
};

/// The image promotion handbook of 2020-2021 had an rc.0 promote itself and the next minor's
/// alpha.0 in one `krel promote-images --tag A --tag B` run: the rc.0 half of relcut's rules
/// for cuts before 2023-03-09.
pub(crate) const RC0_PROMOTED_WITH_ALPHA0_IN_ONE_RUN: Source = Source {
    reference: "kubernetes/sig-release#1367",
    date: "2020-12-01",
    url: "https://github.com/kubernetes/sig-release/pull/1367",
};

// krel and schedule-builder files: the date is the merge day of the last PR that changed the
// file on kubernetes/release's master (first-parent history), as relcut last read it.

/// krel's `GenerateReleaseVersion`: the versions each `--type` cuts from a build version, rc.0
/// on a new branch also tagging the next minor's `alpha.0`, every tag written `vX.Y.Z[-label.N]`.
pub(crate) const KREL_RELEASE_VERSION: Source = Source {
    reference: "kubernetes/release:pkg/release/release_version.go",
    date: "2025-08-12",
    url: "https://github.com/kubernetes/release/blob/master/pkg/release/release_version.go",
};

/// anago's option checks, shared by `krel stage` and `krel release`: the four release types and
/// a release branch name.
pub(crate) const KREL_OPTIONS: Source = Source {
    reference: "kubernetes/release:pkg/anago/anago.go",
    date: "2026-06-11",
    url: "https://github.com/kubernetes/release/blob/master/pkg/anago/anago.go",
};

/// krel's `IsValidReleaseBuild`: a build version is `vX.Y.Z[-label.N]`, then `.C+<commit>` with
/// 5 to 40 lower-case hex characters when it has a `+`.
pub(crate) const KREL_BUILD_VERSION: Source = Source {
    reference: "kubernetes/release:pkg/release/release.go",
    date: "2026-03-25",
    url: "https://github.com/kubernetes/release/blob/master/pkg/release/release.go",
};

/// krel's submit checks: rcs and officials from `release-X.Y`, alphas and betas from master.
/// The same file asks `Really submit a --nomock release job against the … branch? (yes/no)`
/// and, when a stage is submitted without `--build-version`, gives it the branch's latest CI
/// build as its BUILDVERSION: each stage gets its own, and the release must name it.
pub(crate) const KREL_SUBMIT_CHECKS: Source = Source {
    reference: "kubernetes/release:pkg/gcp/gcb/gcb.go",
    date: "2026-02-24",
    url: "https://github.com/kubernetes/release/blob/master/pkg/gcp/gcb/gcb.go",
};

/// krel's `NeedsCreation`: a missing branch is created (never by an official), and
/// `release-X.Y` must match the build version.
pub(crate) const KREL_BRANCH_CHECKER: Source = Source {
    reference: "kubernetes/release:pkg/release/branch_checker.go",
    date: "2025-01-28",
    url: "https://github.com/kubernetes/release/blob/master/pkg/release/branch_checker.go",
};

/// krel's announcement email text, and its stop on an empty Go version.
pub(crate) const KREL_ANNOUNCEMENT: Source = Source {
    reference: "kubernetes/release:pkg/announce/announce.go",
    date: "2026-03-06",
    url: "https://github.com/kubernetes/release/blob/master/pkg/announce/announce.go",
};

/// `krel announce send`: subject, recipients (the test list without `--nomock`), `-p`.
pub(crate) const KREL_ANNOUNCE_SEND: Source = Source {
    reference: "kubernetes/release:cmd/krel/cmd/announce_send.go",
    date: "2026-03-20",
    url: "https://github.com/kubernetes/release/blob/master/cmd/krel/cmd/announce_send.go",
};

/// `krel announce send` signs in to Gmail in a browser (`--no-browser` prints the URL); SendGrid
/// and its `--name`/`--email` flags are gone.
pub(crate) const KREL_ANNOUNCE_GMAIL: Source = Source {
    reference: "kubernetes/release#4268",
    date: "2026-02-12",
    url: "https://github.com/kubernetes/release/pull/4268",
};

/// schedule-builder's update (`-u`) and patch Markdown, as of kubernetes/release#4510.
pub(crate) const SCHEDULE_BUILDER: Source = Source {
    reference: "kubernetes/release:cmd/schedule-builder/cmd/markdown.go",
    date: "2026-08-31",
    url: "https://github.com/kubernetes/release/blob/master/cmd/schedule-builder/cmd/markdown.go",
};

/// schedule-builder checks end of life before `next`: a minor past its end of life without a
/// `next` patch moves to `eol.yaml` with its newest previous patch (fixes kubernetes/release#4450).
pub(crate) const EOL_WITHOUT_NEXT: Source = Source {
    reference: "kubernetes/release#4510",
    date: "2026-08-31",
    url: "https://github.com/kubernetes/release/pull/4510",
};

// The handbook's prerequisites, one section each (release-cuts.md as of 2026-05-28): what
// `relcut preflight` checks and `plan` lists before the first command.

/// "Download or update `krel`": clone kubernetes/release, pull master, `./compile-release-tools
/// krel`, validate with `krel version`.
pub(crate) const HANDBOOK_KREL: Source = Source {
    reference: "kubernetes/sig-release:release-engineering/handbooks/release-cuts.md",
    date: "2026-05-28",
    url: "https://github.com/kubernetes/sig-release/blob/master/release-engineering/handbooks/release-cuts.md#download-or-update-krel",
};

/// "1. Release cut issue": paste `krel version` (`GitTreeState: clean`); "Always recompile
/// `krel` before cutting a release."
pub(crate) const HANDBOOK_KREL_VERSION: Source = Source {
    reference: "kubernetes/sig-release:release-engineering/handbooks/release-cuts.md",
    date: "2026-05-28",
    url: "https://github.com/kubernetes/sig-release/blob/master/release-engineering/handbooks/release-cuts.md#1-release-cut-issue",
};

/// krel's own check before it submits a job: the local HEAD of kubernetes/release must equal
/// the remote branch's latest commit.
pub(crate) const KREL_REPOSITORY_STATE: Source = Source {
    reference: "kubernetes/release:pkg/release/repository.go",
    date: "2026-03-25",
    url: "https://github.com/kubernetes/release/blob/master/pkg/release/repository.go",
};

/// "Download or update the latest `kpromo` tool".
pub(crate) const HANDBOOK_KPROMO: Source = Source {
    reference: "kubernetes/sig-release:release-engineering/handbooks/release-cuts.md",
    date: "2026-05-28",
    url: "https://github.com/kubernetes/sig-release/blob/master/release-engineering/handbooks/release-cuts.md#download-or-update-the-latest-kpromo-tool",
};

/// "Download or update the `gcloud` CLI": `gcloud auth login` with the email that is in
/// k8s-infra-release-editors.
pub(crate) const HANDBOOK_GCLOUD: Source = Source {
    reference: "kubernetes/sig-release:release-engineering/handbooks/release-cuts.md",
    date: "2026-05-28",
    url: "https://github.com/kubernetes/sig-release/blob/master/release-engineering/handbooks/release-cuts.md#download-or-update-the-gcloud-cli-to-interact-with-gcp",
};

/// "Access to GCP": membership of k8s-infra-release-editors.
pub(crate) const HANDBOOK_GCP_ACCESS: Source = Source {
    reference: "kubernetes/sig-release:release-engineering/handbooks/release-cuts.md",
    date: "2026-05-28",
    url: "https://github.com/kubernetes/sig-release/blob/master/release-engineering/handbooks/release-cuts.md#access-to-gcp",
};

/// `krel history` reads Cloud Build through application-default credentials ("try running
/// gcloud auth application-default login").
pub(crate) const KREL_HISTORY_ADC: Source = Source {
    reference: "kubernetes/release:pkg/gcp/build/build.go",
    date: "2026-03-06",
    url: "https://github.com/kubernetes/release/blob/master/pkg/gcp/build/build.go",
};

/// "Configure GitHub Personal Access Token": scopes repo, gist, notifications and user, exported
/// as `GITHUB_TOKEN` for krel and kpromo.
pub(crate) const HANDBOOK_GITHUB_TOKEN: Source = Source {
    reference: "kubernetes/sig-release:release-engineering/handbooks/release-cuts.md",
    date: "2026-05-28",
    url: "https://github.com/kubernetes/sig-release/blob/master/release-engineering/handbooks/release-cuts.md#configure-github-personal-access-token",
};

/// "Next Release Branch Creation": branchprotector protects the new branch within the hour,
/// "However, it is important to ensure that the branch is protected".
pub(crate) const HANDBOOK_PROTECT_BRANCH: Source = Source {
    reference: "kubernetes/sig-release:release-engineering/handbooks/release-cuts.md",
    date: "2026-05-28",
    url: "https://github.com/kubernetes/sig-release/blob/master/release-engineering/handbooks/release-cuts.md#next-release-branch-creation",
};

/// "Image promotion": keep the promotion PR held while a blocking test is red, until
/// @release-managers agree the promotion can continue.
pub(crate) const HANDBOOK_HOLD_PROMOTION: Source = Source {
    reference: "kubernetes/sig-release:release-engineering/handbooks/release-cuts.md",
    date: "2026-05-28",
    url: "https://github.com/kubernetes/sig-release/blob/master/release-engineering/handbooks/release-cuts.md#7-image-promotion",
};

/// "9. Notify public dev Google group mailinglist": a moderator of dev@kubernetes.io and an
/// admin of kubernetes-announce, ideally from onboarding.
pub(crate) const HANDBOOK_EMAIL_ROLES: Source = Source {
    reference: "kubernetes/sig-release:release-engineering/handbooks/release-cuts.md",
    date: "2026-05-28",
    url: "https://github.com/kubernetes/sig-release/blob/master/release-engineering/handbooks/release-cuts.md#9-notify-public-dev-google-group-mailinglist",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_with_the_date() {
        assert_eq!(
            PATCH_SKIPS_MOCK.to_string(),
            "kubernetes/sig-release#2981 (2026-03-26)"
        );
        let v = serde_json::to_value(RC0_ONE_PR).unwrap();
        assert_eq!(v["reference"], "kubernetes/k8s.io#9811");
        assert_eq!(v["date"], "2026-08-06");
    }
}
