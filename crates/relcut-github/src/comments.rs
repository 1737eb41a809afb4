//! One comment per purpose: found by a hidden marker, updated in place, and converged to a
//! single comment when two runs race.
//!
//! **Which comments are relcut's own.** Every workflow of a repository that uses
//! `GITHUB_TOKEN` writes as `github-actions[bot]`, so the login alone says little. A comment
//! is relcut's for a marker only if all of these hold ([`is_ours`]):
//!
//! - its author is the token's identity (`bot-login`, `GET /user`, GraphQL `viewer`, or the
//!   author GitHub gave the comment relcut just wrote);
//! - its body opens with the marker as a whole line, and ends with relcut's footer line
//!   ([`footer`]) or the note [`fit`] puts after a body it cut: the shape every relcut comment
//!   has had since the Action's first release. A workflow that quotes, prefixes or frames
//!   someone's text (a greeting, a `> quote`, a summary) cannot produce it;
//! - of several such comments the **earliest wins**: a look-alike posted after relcut's own is
//!   never read, and one posted before it is rewritten with relcut's text on relcut's next
//!   write (the same login may edit it), then later duplicates are deleted.
//!
//! What is left: a workflow of the same repository that posts someone's text verbatim, before
//! relcut first writes that comment, can supply its body for one read. `performed_via_github_app`
//! does not narrow it: it names the GitHub Actions app for every workflow of the repository (and
//! a GitHub App's token already writes as its own `<app>[bot]`).
//!
//! Finding them is bounded: [`crate::api::Repo::comments_after`] reads the oldest page and the
//! newest pages, never every comment.

use crate::api::{Comment, Repo};
use crate::client::GitHubError;

/// GitHub's limit on comment and issue bodies, in characters.
pub const MAX_BODY: usize = 65_536;

pub fn status_marker() -> String {
    crate::api::STATUS_MARKER.to_string()
}

/// The marker of the answer to one command comment and verb: a rerun of the same event finds it.
pub fn answer_marker(comment_id: u64, verb: &str) -> String {
    format!("<!-- relcut:answer:{comment_id}:{verb} -->")
}

/// How relcut's footer line ends; [`footer`] writes it, [`is_ours`] looks for it.
const FOOTER_END: &str = " · `/relcut help` lists the commands</sub>";
/// The note [`fit`] ends a cut body with.
const CUT_NOTE: &str =
    "_… cut to fit GitHub's 65,536-character limit; the whole text is in the workflow log._";

/// The last line of every comment relcut writes: `what` it is, and where the commands are.
pub fn footer(what: &str) -> String {
    // A paragraph of its own, whether or not the answer ended its last line.
    format!("\n\n<sub>{what}{FOOTER_END}\n")
}

/// Cuts a body to GitHub's limit at a character boundary, with a note saying so.
pub fn fit(body: &str) -> String {
    if body.chars().count() <= MAX_BODY {
        return body.to_string();
    }
    let note = format!("\n\n{CUT_NOTE}\n");
    // Room for the note and for closing a code fence left open by the cut.
    let keep = MAX_BODY - note.chars().count() - 4;
    let mut out: String = body.chars().take(keep).collect();
    if out.matches("```").count() % 2 == 1 {
        out.push_str("\n```");
    }
    out.push_str(&note);
    out
}

/// Whether `body` has the shape relcut writes for `marker`: the marker as its whole first line,
/// relcut's footer (or [`fit`]'s note) as its last.
pub fn shaped(body: &str, marker: &str) -> bool {
    let mut lines = body.lines();
    let first = lines.next().map(|l| l.trim_end_matches('\r'));
    let last = body
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .rfind(|l| !l.trim().is_empty());
    first == Some(marker)
        && last
            .is_some_and(|l| (l.starts_with("<sub>") && l.ends_with(FOOTER_END)) || l == CUT_NOTE)
}

/// Whether `c` is relcut's own comment for `marker`: written by `me` (the token's identity)
/// and [`shaped`] as relcut writes it. A marker anywhere else, a body framed otherwise, or
/// anyone else's comment is a quote or a forgery: adopting it would make relcut edit a comment
/// it may not edit, or trust text someone else wrote.
pub fn is_ours(c: &Comment, marker: &str, me: &str) -> bool {
    let by_me = c
        .user
        .as_ref()
        .is_some_and(|u| u.login.eq_ignore_ascii_case(me));
    by_me && c.body.as_deref().is_some_and(|b| shaped(b, marker))
}

/// relcut's own comments carrying `marker`, oldest first: the first one is the one that counts.
pub fn marked<'a>(comments: &'a [Comment], marker: &str, me: &str) -> Vec<&'a Comment> {
    let mut v: Vec<&Comment> = comments.iter().filter(|c| is_ours(c, marker, me)).collect();
    v.sort_by_key(|c| c.id);
    v
}

/// `known` brought up to date with the comments written since the issue was listed (ours just
/// now, a racing run's): the newest pages re-read and merged in, in id order.
async fn refresh(repo: &Repo<'_>, issue: u64, known: &mut Vec<Comment>) -> Result<(), GitHubError> {
    let fresh = repo.comments_since_listed(issue).await?;
    let from = fresh.iter().map(|c| c.id).min();
    if let Some(from) = from {
        known.retain(|c| c.id < from);
    }
    known.extend(fresh);
    known.sort_by_key(|c| c.id);
    known.dedup_by_key(|c| c.id);
    Ok(())
}

/// Posts `body` exactly once. A create whose outcome is unknown (a 5xx, a dropped connection)
/// is checked before it is retried: list the comments; if ours is there, it happened; if not,
/// wait (the one backoff) and create again, until the retry policy's attempts or the run's
/// time run out.
async fn create_once(
    repo: &Repo<'_>,
    issue: u64,
    marker: &str,
    body: &str,
    known: &mut Vec<Comment>,
) -> Result<Option<Comment>, GitHubError> {
    let policy = repo.client.policy;
    let mut attempt = 0u32;
    loop {
        attempt += 1;
        let last = match repo.create_comment(issue, body).await {
            Ok(c) => {
                // The token wrote this comment, so its author is who the token is (a GitHub
                // App's installation token writes as `<app>[bot]`, which nothing else says).
                if let Some(login) = c.as_ref().and_then(|c| c.user.as_ref()).map(|u| &u.login) {
                    let assumed = repo.me();
                    if repo.learn(login) {
                        repo.client.session.note(&format!(
                            "relcut: the token writes as `{login}`, not `{assumed}`: set the `bot-login` input to `{login}` so that later runs find relcut's comments"
                        ));
                    }
                }
                return Ok(c);
            }
            Err(GitHubError::Ambiguous { last, .. }) => last,
            Err(e) => return Err(e),
        };
        refresh(repo, issue, known).await?;
        if !marked(known, marker, &repo.me()).is_empty() {
            return Ok(None);
        }
        let wait = crate::client::backoff(policy.backoff_base, attempt);
        let session = &repo.client.session;
        if attempt >= policy.max_attempts || session.remaining().is_some_and(|r| wait >= r) {
            return Err(GitHubError::Ambiguous {
                service: crate::client::Service::GitHub,
                what: format!(
                    "POST a comment on #{issue} (tried {attempt} times, checking each time)"
                ),
                last,
            });
        }
        session.note(&format!(
            "relcut: creating the comment failed ({last}) and it is not there; creating it again in {:.1} s",
            wait.as_secs_f64()
        ));
        tokio::time::sleep(wait).await;
    }
}

/// What an upsert did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upserted {
    pub id: Option<u64>,
    pub url: Option<String>,
    pub created: bool,
    pub unchanged: bool,
}

/// Creates or updates the comment carrying `marker`. `known` is a listing of the issue's
/// comments made earlier in this run ([`Repo::comments_after`]: saves a request); it is
/// refreshed after a create. `text` ends with a [`footer`].
pub async fn upsert(
    repo: &Repo<'_>,
    issue: u64,
    marker: &str,
    text: &str,
    known: &mut Vec<Comment>,
) -> Result<Upserted, GitHubError> {
    let body = fit(&format!("{marker}\n{text}"));
    if let Some(existing) = marked(known, marker, &repo.me()).first().copied().cloned() {
        if existing.body.as_deref() == Some(body.as_str()) {
            return Ok(Upserted {
                id: Some(existing.id),
                url: existing.html_url.clone(),
                created: false,
                unchanged: true,
            });
        }
        let updated = repo.update_comment(existing.id, &body).await?;
        if let Some(c) = known.iter_mut().find(|c| c.id == existing.id) {
            c.body = Some(body.clone());
        }
        return Ok(Upserted {
            id: Some(existing.id),
            url: updated.and_then(|c| c.html_url).or(existing.html_url),
            created: false,
            unchanged: false,
        });
    }
    let created = create_once(repo, issue, marker, &body, known).await?;
    if repo.dry_run {
        return Ok(Upserted {
            id: None,
            url: None,
            created: true,
            unchanged: false,
        });
    }
    // Converge with racing runs: the oldest marked comment wins and carries our text; newer
    // ones are deleted.
    refresh(repo, issue, known).await?;
    let all: Vec<Comment> = marked(known, marker, &repo.me())
        .into_iter()
        .cloned()
        .collect();
    let Some(winner) = all.first().cloned() else {
        return Err(GitHubError::Decode {
            what: "comment list".into(),
            message: format!(
                "the comment just created is not listed as written by `{}`: set the `bot-login` input to the login relcut's comments show",
                repo.me()
            ),
        });
    };
    for dup in &all[1..] {
        repo.delete_comment(dup.id).await?;
    }
    known.retain(|c| !all[1..].iter().any(|d| d.id == c.id));
    if winner.body.as_deref() != Some(body.as_str()) {
        repo.update_comment(winner.id, &body).await?;
    }
    let url = winner
        .html_url
        .clone()
        .or_else(|| created.and_then(|c| c.html_url));
    Ok(Upserted {
        id: Some(winner.id),
        url,
        created: true,
        unchanged: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_fit_the_limit() {
        let short = "hello";
        assert_eq!(fit(short), short);
        let long = format!("```\n{}", "é".repeat(70_000));
        let f = fit(&long);
        assert!(f.chars().count() <= MAX_BODY);
        assert!(f.contains("65,536-character limit"));
        assert_eq!(f.matches("```").count() % 2, 0, "fences closed");
    }

    #[test]
    fn only_our_comments_with_the_marker_first_are_ours() {
        let c = |login: &str, body: &str| Comment {
            id: 1,
            body: Some(body.into()),
            user: Some(crate::api::User {
                login: login.into(),
                kind: None,
            }),
            html_url: None,
            created_at: None,
        };
        let m = status_marker();
        let me = "github-actions[bot]";
        let end = footer("relcut keeps this comment current");
        assert!(is_ours(&c(me, &format!("{m}\ntext{end}")), &m, me));
        assert!(is_ours(
            &c(me, &format!("{m}\r\ntext{}", end.replace('\n', "\r\n"))),
            &m,
            me
        ));
        assert!(!is_ours(&c("mallory", &format!("{m}\ntext{end}")), &m, me));
        assert!(!is_ours(&c(me, &format!("quote:\n{m}{end}")), &m, me));
        assert!(!is_ours(&c(me, &format!("{m} trailing{end}")), &m, me));
        // Another workflow of the repository writes as the same login: a body it frames (an
        // echo with a greeting after it, a marker and no footer) is not relcut's.
        assert!(!is_ours(&c(me, &format!("{m}\ntext")), &m, me));
        assert!(!is_ours(
            &c(me, &format!("{m}\ntext{end}\nThanks for your comment!")),
            &m,
            me
        ));
        // A body relcut cut to fit ends with fit's note instead.
        let long = fit(&format!("{m}\n{}{end}", "x".repeat(MAX_BODY)));
        assert!(is_ours(&c(me, &long), &m, me));
    }

    #[test]
    fn the_earliest_of_our_comments_comes_first() {
        let m = status_marker();
        let me = "github-actions[bot]";
        let body = format!("{m}\nx{}", footer("f"));
        let c = |id: u64| Comment {
            id,
            body: Some(body.clone()),
            user: Some(crate::api::User {
                login: me.into(),
                kind: Some("Bot".into()),
            }),
            html_url: None,
            created_at: None,
        };
        let listed = [c(30), c(10), c(20)];
        let ids: Vec<u64> = marked(&listed, &m, me).iter().map(|c| c.id).collect();
        assert_eq!(ids, [10, 20, 30]);
    }

    #[test]
    fn markers_are_distinct_per_comment_and_verb() {
        assert_ne!(answer_marker(1, "status"), answer_marker(1, "plan"));
        assert_ne!(answer_marker(1, "status"), answer_marker(2, "status"));
        assert!(!answer_marker(1, "status").contains(&status_marker()));
    }
}
