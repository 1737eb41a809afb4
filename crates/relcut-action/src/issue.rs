//! An `issues` event on a cut issue: the status comment kept current.

use relcut_github::api::Repo;
use relcut_github::event::EventIssue;

use crate::config::{ActionError, Config, Outcome};
use crate::status::{
    gate_lines, issue_outputs, ledger_of, promotion_jobs, read_issue, settled, upsert_status, Top,
};
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
    let jobs = promotion_jobs(cfg, &reading).await;
    let reading = settled(reading, jobs.as_deref());
    let gates = gate_lines(&reading, jobs.as_deref());
    let mut known = repo.comments(issue.number).await?;
    // The go or stop line a scheduled run told stays while its outcome holds: an edit of the
    // issue must not drop it. Read from relcut's own ledger (its log line comes from the upsert).
    let ledger = ledger_of(&known, &repo.me(), &mut Vec::new());
    let top = crate::status::held_top(&reading, &ledger, jobs.as_deref());
    let top = Top {
        line: Some(&top),
        told: &[],
    };
    let up = upsert_status(
        repo,
        issue,
        &reading,
        &gates,
        Some(&top),
        &mut known,
        &mut out.log,
    )
    .await?;
    issue_outputs(out, &reading);
    out.outputs
        .push(("comment-url", up.url.clone().unwrap_or_default()));
    out.summary = Some(reading.report_markdown_with(None, &gates));
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
