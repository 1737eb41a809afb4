//! The promotion-PR gate: the promotion PRs' titles, as GitHub has them now, promote exactly
//! the cut's tags. kpromo writes the tags it promotes into the title, so a PR titled for other
//! tags promoted other images, however green its job: the stop a rerun cannot fix, said before
//! any job's. It holds the no-mock release.

use crate::checklist::{Coverage, CutIssue, PromotionCheck};
use crate::images::Verification;
use crate::ledger::Told;
use crate::promotion::{self, Promotion};
use crate::step::StepId;
use crate::version::Tag;

use super::promotion_job::{in_question, PromotionJob};
use super::{Gate, GateId, Light, Needs, Seen};

/// A promotion PR's title and images.yaml change, as fetched (`/relcut check`).
#[derive(Debug, Clone)]
pub struct PrFacts {
    pub title: String,
    /// The change promotes exactly the title's tags, the title is kpromo's, no other file
    /// changes.
    pub ok: bool,
    pub verification: Verification,
}

/// The promotion PRs' titles, as GitHub has them, against the cut's tags: kpromo names the
/// tags it promotes in the title, so a PR titled for other tags promoted other images, however
/// green its job. `Ok`: they fit, or a title is not known. `Err`: what does not fit and
/// how the titles should read (no title text in it: tags are parsed, never echoed).
pub fn titles_fit(promo: &Promotion, jobs: &[&PromotionJob]) -> Result<(), String> {
    let mut sets = Vec::new();
    for job in jobs {
        let Some(title) = &job.title else {
            return Ok(());
        };
        let tags = promotion::tags_of_title(title);
        if tags.is_empty() {
            return Err(format!(
                "the title of kubernetes/k8s.io#{} names no tag the way kpromo writes it: it should read {}",
                job.pr,
                promo.title_forms()
            ));
        }
        sets.push(tags);
    }
    if sets.is_empty() {
        return Ok(());
    }
    promo.accepts(&sets).map_err(|e| {
        let numbers: Vec<String> = jobs
            .iter()
            .map(|j| format!("kubernetes/k8s.io#{}", j.pr))
            .collect();
        let tags: Vec<String> = sets.iter().flatten().map(Tag::to_string).collect();
        let whose = match numbers.as_slice() {
            [one] => format!("the title of {one} promotes"),
            many => format!("the titles of {} promote", many.join(", ")),
        };
        format!(
            "{whose} {}: {e}; the title(s) should read {}",
            tags.join(" / "),
            promo.title_forms()
        )
    })
}

/// The issue's check of its promotion PRs, settled by the titles GitHub has now: what a bare
/// link could not tell, the titles do. `fit` is [`titles_fit`] of the same jobs. Nothing
/// changes while a title is unknown.
pub fn settle_check(
    check: &mut PromotionCheck,
    promo: &Promotion,
    jobs: &[&PromotionJob],
    fit: &Result<(), String>,
) {
    let Some(titled) = jobs
        .iter()
        .map(|j| {
            j.title
                .as_deref()
                .map(|t| (j.pr, promotion::tags_of_title(t)))
        })
        .collect::<Option<Vec<_>>>()
    else {
        return;
    };
    if titled.is_empty() {
        return;
    }
    for (pr, tags) in &titled {
        if let Some(p) = check.prs.iter_mut().find(|p| p.number == *pr) {
            p.tags = Some(tags.clone());
        }
    }
    match fit {
        Ok(()) => {
            let numbers: Vec<String> = titled
                .iter()
                .map(|(pr, _)| format!("kubernetes/k8s.io#{pr}"))
                .collect();
            let tags: Vec<String> = promo.tags.iter().map(Tag::to_string).collect();
            check.coverage = Coverage::Exact;
            check.message = format!(
                "{} {} exactly {}, by {} on GitHub",
                numbers.join(", "),
                if numbers.len() == 1 {
                    "promotes"
                } else {
                    "promote"
                },
                tags.join(" / "),
                if numbers.len() == 1 {
                    "its title"
                } else {
                    "their titles"
                }
            );
        }
        Err(e) => {
            check.coverage = Coverage::Mismatch;
            check.message.clone_from(e);
        }
    }
}

/// The promotion-PR gate (see the module docs).
pub struct PromotionPrGate;

/// The fetched PRs' titles against the cut's tags; `None` while a PR is not fetched (or none
/// is linked), `Ok` while the cut's version is unknown.
fn fit(seen: Seen<'_>) -> Option<Result<(), String>> {
    let fetched: Option<Vec<&PromotionJob>> = seen
        .issue
        .promotion_prs()
        .into_iter()
        .map(|pr| seen.live.promotion_job(pr).and_then(Result::ok))
        .collect();
    let fetched = fetched.filter(|f| !f.is_empty())?;
    Some(
        seen.issue
            .promotion()
            .map_or(Ok(()), |promo| titles_fit(&promo, &fetched)),
    )
}

fn stop_line(message: &str) -> String {
    format!(
        "🔴 **stop: the promotion PRs do not promote this cut's tags**: {message}. Open a promotion PR with `kpromo pr` for the missing tags (see `relcut promo-tags`) before the no-mock release.\n\n"
    )
}

impl Gate for PromotionPrGate {
    fn id(&self) -> GateId {
        GateId::PromotionPr
    }

    fn guards(&self) -> StepId {
        StepId::NomockRelease
    }

    fn needs(&self, issue: &CutIssue) -> Option<Needs> {
        in_question(issue).then(|| Needs {
            promotion_jobs: issue.promotion_prs(),
            ..Needs::default()
        })
    }

    fn decide(&self, seen: Seen<'_>) -> Light {
        match fit(seen) {
            Some(Ok(())) => Light::Go,
            Some(Err(_)) => Light::Stop,
            None => Light::Waiting,
        }
    }

    fn said(&self, light: Light) -> Option<&'static str> {
        (light == Light::Stop).then_some("promotion of other tags")
    }

    fn head(&self, _seen: Seen<'_>, light: Light) -> Option<String> {
        (light == Light::Stop).then(|| "🚫 **Gate:** `nomock-release` is blocked: the promotion PRs do not promote this cut's tags.".to_string())
    }

    fn lines(&self, seen: Seen<'_>) -> Vec<String> {
        match fit(seen) {
            Some(Err(e)) => vec![format!("- 🚫 {e}")],
            _ => Vec::new(),
        }
    }

    fn top(&self, seen: Seen<'_>, light: Light) -> Option<String> {
        match (light, fit(seen)) {
            (Light::Stop, Some(Err(e))) => Some(stop_line(&e)),
            _ => None,
        }
    }

    fn told(&self, light: Light, _told: &dyn Fn(Told) -> bool) -> Option<Told> {
        (light == Light::Stop).then_some(Told::PromotionMismatch)
    }

    fn tell(&self, seen: Seen<'_>, _what: Told) -> String {
        let v = seen
            .issue
            .version
            .map(|v| format!(" of {v}"))
            .unwrap_or_default();
        let stop = match fit(seen) {
            Some(Err(e)) => stop_line(&e),
            _ => String::new(),
        };
        format!("**stop**{v}: {}", stop.trim_start_matches("🔴 "))
    }

    fn settle(&self, seen: Seen<'_>, issue: &mut CutIssue, _held: bool) {
        let Some(titles) = fit(seen) else {
            return;
        };
        let fetched: Vec<&PromotionJob> = seen
            .issue
            .promotion_prs()
            .into_iter()
            .filter_map(|pr| seen.live.promotion_job(pr).and_then(Result::ok))
            .collect();
        if let (Some(promo), Some(check)) = (issue.promotion(), issue.promotion_check.as_mut()) {
            settle_check(check, &promo, &fetched, &titles);
        }
    }
}
