//! An `issues` event on a cut issue: the status comment kept current.

use relcut_core::hold::Standing;
use relcut_github::api::Repo;
use relcut_github::event::EventIssue;

use crate::config::{ActionError, Config, Outcome};
use crate::live::Services;
use crate::status::{gated, issue_outputs, ledger_of, read_issue, upsert_status};
use crate::trust::TrustCheck;

pub(crate) async fn on_issue(
    cfg: &Config,
    repo: &Repo<'_>,
    issue: &EventIssue,
    out: &mut Outcome,
) -> Result<(), ActionError> {
    let body = issue.body.clone().unwrap_or_default();
    let reading = read_issue(issue, &body);
    // A stranger's issue with a cut title costs one permission read and nothing visible.
    let trust = TrustCheck::for_run(cfg, repo).issue(issue).await?;
    if !trust.is_trusted() {
        issue_outputs(out, &reading);
        out.log.push(format!(
            "#{}: not a trusted cut ({}): no status comment, no ping, no label",
            issue.number,
            trust.reason()
        ));
        return Ok(());
    }
    // Every gate in question, re-derived from the services: the go or stop lines at the top
    // are the live checks', never the ledger's.
    let mut known = repo.comments(issue.number).await?;
    let ledger = ledger_of(&known, &repo.me(), &mut Vec::new());
    let g = gated(&mut Services::new(&cfg.endpoints), &reading, &ledger).await;
    let up = upsert_status(repo, issue, &g, &[], &mut known, &mut out.log).await?;
    issue_outputs(out, &g.report.reading);
    out.outputs
        .push(("comment-url", up.url.clone().unwrap_or_default()));
    // The status comment's report, under the call the ledger says stands.
    out.summary = Some(g.report_in(Standing::of(&ledger)).markdown());
    out.log.push(format!(
        "status comment {} for #{}",
        if up.unchanged {
            "already current"
        } else if up.created {
            "created"
        } else {
            "updated"
        },
        issue.number
    ));
    Ok(())
}
