//! The open cut issues of a repository, weighed against each other: `relcut cuts` lists them,
//! and `relcut preflight` finds the cut it checks among them (one reading for both).

use relcut_core::cuts::{self, Cuts, Listed};
use relcut_github::issues::OpenIssues;

use crate::scheduled::GO_LABEL;

/// The cuts among `open` (the repository `repo`'s open issues), as `relcut cuts` reports them.
pub fn weigh(repo: &str, open: &OpenIssues) -> Cuts {
    let listed: Vec<Listed<'_>> = open
        .issues
        .iter()
        .map(|i| Listed {
            number: i.number,
            title: &i.title,
            body: &i.body,
            created_at: i.created_at.as_deref(),
            assignees: &i.assignees,
            go_labelled: i.labels.iter().any(|l| l == GO_LABEL),
        })
        .collect();
    cuts::cuts(repo, &listed)
}
