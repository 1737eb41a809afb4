//! The trusted-cut rule of a run ([`relcut_core::trust`]) with what it reads from GitHub: the
//! permissions and the issue's label events, each read once per run and cached, so that many
//! events or issues by the same people cost one permission request each.
//!
//! Requests per issue: one permission read for its author (cached per login); only when the
//! title names a release and the author is below `min-permission`, the issue's events (at most
//! `relcut_github::events::MAX_EVENT_PAGES` pages) and one permission read per distinct person
//! who applied the cut label (at most [`MAX_LABELLERS`]).

use std::collections::HashMap;
use std::sync::Mutex;

use relcut_core::trust::{self, CutTrust, LabelEvent, Permission, Person};
use relcut_github::api::Repo;
use relcut_github::client::GitHubError;
use relcut_github::event::EventIssue;

use crate::config::Config;

/// Appliers of the cut label whose permission is read per issue at most.
pub const MAX_LABELLERS: usize = 3;

/// The run's trust checks: the repository, the bar, and what was read.
pub struct TrustCheck<'a> {
    pub repo: &'a Repo<'a>,
    pub min: Permission,
    /// The label a maintainer applies to make a stranger's issue a cut.
    pub cut_label: Option<String>,
    permissions: Mutex<HashMap<String, Permission>>,
    issues: Mutex<HashMap<u64, CutTrust>>,
}

impl<'a> TrustCheck<'a> {
    pub fn new(repo: &'a Repo<'a>, min: Permission, cut_label: Option<String>) -> Self {
        TrustCheck {
            repo,
            min,
            cut_label,
            permissions: Mutex::new(HashMap::new()),
            issues: Mutex::new(HashMap::new()),
        }
    }

    /// The run's check: `min-permission` as the bar and, when the workflow narrows cuts to a
    /// label, the first one as the label a maintainer applies to vouch for a stranger's issue.
    pub fn for_run(cfg: &Config, repo: &'a Repo<'a>) -> Self {
        // Config::from_env refused a `min-permission` off the ladder; `write` is its default.
        let min = Permission::parse(&cfg.min_permission).unwrap_or(Permission::Write);
        TrustCheck::new(repo, min, cfg.labels.first().cloned())
    }

    /// Whether the issue of an event or a listing is a cut relcut acts on. An issue whose
    /// author GitHub did not name is never one.
    pub async fn issue(&self, issue: &EventIssue) -> Result<CutTrust, GitHubError> {
        match &issue.user {
            Some(user) => self.cut(issue.number, &issue.title, &user.login).await,
            None => Ok(CutTrust::Untrusted {
                reason: "GitHub named no author for the issue".into(),
            }),
        }
    }

    /// Takes `login`'s role as already read this run (the commenter's, by the permission
    /// check): no second request for it.
    #[must_use]
    pub fn knowing(self, login: &str, role: &str) -> Self {
        let p = Permission::parse(role).unwrap_or(Permission::None);
        lock(&self.permissions).insert(login.to_ascii_lowercase(), p);
        self
    }

    /// `login`'s permission on the repository, read once per run.
    pub async fn permission(&self, login: &str) -> Result<Permission, GitHubError> {
        let key = login.to_ascii_lowercase();
        if let Some(p) = lock(&self.permissions).get(&key) {
            return Ok(*p);
        }
        let role = self.repo.permission(login).await?;
        let p = Permission::parse(&role).unwrap_or(Permission::None);
        lock(&self.permissions).insert(key, p);
        Ok(p)
    }

    /// Whether issue `number` (titled `title`, opened by `author`) is a cut relcut acts on;
    /// decided once per run.
    pub async fn cut(
        &self,
        number: u64,
        title: &str,
        author: &str,
    ) -> Result<CutTrust, GitHubError> {
        if let Some(t) = lock(&self.issues).get(&number) {
            return Ok(t.clone());
        }
        let author = Person {
            login: author.to_string(),
            permission: self.permission(author).await?,
        };
        let mut labellers = Vec::new();
        // Events cost requests: only when the title and the author do not settle it.
        let settled = author.permission >= self.min
            || relcut_core::checklist::version_from_title(title).is_none();
        if let (false, Some(label)) = (settled, self.cut_label.as_deref()) {
            let events: Vec<LabelEvent> = self
                .repo
                .label_changes(number)
                .await?
                .into_iter()
                .map(|c| LabelEvent {
                    actor: c.actor,
                    label: c.label,
                    added: c.added,
                })
                .collect();
            // GitHub records `labeled` only when the label was absent, so one applier since
            // the last removal is the rule; the cap bounds what odd event lists can cost.
            for login in trust::label_appliers(&events, label)
                .into_iter()
                .take(MAX_LABELLERS)
            {
                let permission = self.permission(&login).await?;
                labellers.push(Person { login, permission });
            }
        }
        let t = trust::cut_trust(title, &author, &labellers, self.min);
        lock(&self.issues).insert(number, t.clone());
        Ok(t)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
