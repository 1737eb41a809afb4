//! The Kubernetes release model behind relcut. Pure: no I/O, no clock, no network.
//!
//! - [`version`]: release tags, krel build versions, release types and branches;
//! - [`krel`]: krel's version rules (`GenerateReleaseVersion` and its checks);
//! - [`promotion`]: the tags `kpromo pr` must promote, and its commands;
//! - [`plan`]: the ordered steps of a cut with their commands;
//! - [`checklist`]: the sig-release cut issue: read, render, tick;
//! - [`history`]: the release jobs history tables;
//! - [`ledger`]: what relcut saw and told, and when, hidden in its status comment;
//! - [`hold`]: hold and no-go, the release managers' calls, and commands shown as not yet;
//! - [`evidence`]: links on a cut issue, by what they prove;
//! - [`schedule`]: the website's patch schedule, as schedule-builder maintains it;
//! - [`announce`]: the announcement email, its krel command and the Slack posts;
//! - [`images`]: kpromo's images.yaml and the check of a promotion PR;
//! - [`gate`]: the live gates (publishing-bot, promotion PR, promotion job): needs, decision, lines;
//! - [`testgrid`]: krel testgridshot's comment on the release dashboards;
//! - [`validate`]: tags and build versions checked, as a terminal line and a comment table;
//! - [`gantt`]: the cut as a Mermaid gantt chart, and the progress line;
//! - [`command`]: the `/relcut` comment commands;
//! - [`preflight`]: is the machine, the token and the cut ready: each check decided;
//! - [`explain`]: known failure texts of krel, kpromo, Cloud Build, OBS and prow, explained;
//! - [`issue_ref`]: where a cut issue is read from (a file, stdin, `kubernetes/sig-release#N`);
//! - [`cuts`]: every open cut of a repository at a glance, and their collisions;
//! - [`md`]: Markdown escaping for everything relcut writes on GitHub.
//!
//! The first release candidate of a minor creates its release branch and also tags the next
//! minor's `alpha.0`, so both are promoted, one `kpromo pr` each:
//!
//! ```
//! use relcut_core::{promotion, Rules, Tag};
//!
//! let tag = Tag::parse("v1.35.0-rc.0").unwrap();
//! assert_eq!(tag.branch_name(), "release-1.35");
//! let promo = promotion::promotion(&tag, Rules::Current, None).unwrap();
//! assert_eq!(promo.pull_requests.len(), 2);
//! assert_eq!(promo.tags[1].to_string(), "v1.36.0-alpha.0");
//! ```
//!
//! Every mistake comes back with its fix:
//!
//! ```
//! let err = relcut_core::Tag::parse("1.29.0-alpha.1").unwrap_err();
//! assert_eq!(err.to_string(), "tag `1.29.0-alpha.1` lacks the leading `v`: use `v1.29.0-alpha.1`");
//! ```
//!
//! krel's `GenerateReleaseVersion`, replayed: an official cut from a release-branch build with
//! only a commit count bumps the patch.
//!
//! ```
//! use relcut_core::{krel, ReleaseType};
//!
//! let v = krel::generate_release_version(
//!     ReleaseType::Official, "v1.25.8-1+3a14fe1af239a0", "release-1.25", false).unwrap();
//! assert_eq!(v.ordered(), ["v1.25.9"]);
//! ```

pub mod announce;
pub mod checklist;
pub mod command;
pub mod cuts;
pub mod evidence;
pub mod explain;
pub mod gantt;
pub mod gate;
pub mod history;
pub mod hold;
pub mod images;
pub mod issue_ref;
pub mod krel;
pub mod ledger;
pub mod live;
pub mod md;
pub mod output;
pub mod plan;
pub mod preflight;
pub mod promotion;
pub mod schedule;
pub mod source;
pub mod step;
mod table;
pub mod testgrid;
pub mod trust;
pub mod validate;
pub mod version;

pub use plan::{plan, Plan, PlanError, PlanRequest, Step, StepId};
pub use promotion::{Fork, Promotion, Rules};
pub use version::{Branch, BuildVersion, CutKind, ReleaseType, Tag, VersionError};
