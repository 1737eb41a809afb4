//! The passes between mapping items and checking: what the jobs history and the commented-out
//! template items add, and what the cut's kind rules out. Every rule comes from the step table.

use super::parse::Doc;
use super::warning::{Warning, WarningId};
use super::{Source, StepReading, StepState};
use crate::evidence::{Link, LinkKind};
use crate::history::{self, HistoryRow};
use crate::step::{cut_phrase, Applies, Options, Presence, StepId, StepSpec, STEPS};
use crate::version::{CutKind, Tag};

/// The line of the HTML comment that holds the step's item, unticked: a template item left
/// commented out (a whole group's block, for grouped steps).
pub(super) fn commented_line(doc: &Doc, spec: &StepSpec) -> Option<usize> {
    let group = spec
        .template
        .and_then(|t| t.group)
        .map(|g| g.title().to_ascii_lowercase());
    let needles: Vec<&str> = match &group {
        Some(g) => vec![g.as_str()],
        None => spec.recognise.contains.to_vec(),
    };
    if needles.is_empty() {
        return None;
    }
    doc.comments
        .iter()
        .find(|c| {
            let lower = c.text.to_ascii_lowercase();
            c.text.contains("[ ]") && needles.iter().any(|n| lower.contains(n))
        })
        .map(|c| c.line)
}

/// The jobs history decides the stage and release steps: a success marks an open step done, a
/// failure is a warning, a job with no item becomes a step of its own.
pub(super) fn merge_history(steps: &mut Vec<StepReading>, hist: &[HistoryRow]) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for spec in &STEPS {
        let Some(label) = spec.history_label() else {
            continue;
        };
        let Some(row) = history::last_for(hist, spec.id) else {
            continue;
        };
        let Some(step) = steps.iter_mut().find(|s| s.id == spec.id) else {
            steps.push(StepReading {
                id: spec.id,
                label: format!("history: `{label}`"),
                state: if row.succeeded == Some(true) {
                    StepState::Done
                } else {
                    StepState::Open
                },
                checked: false,
                links: row.link.iter().cloned().collect(),
                evidence: row.link.iter().map(|l| Link::new(l)).collect(),
                line: row.line,
                source: Source::History,
                reason: Some("only the jobs history table shows this step".into()),
                reason_source: None,
                more_lines: Vec::new(),
                item: None,
            });
            continue;
        };
        match row.succeeded {
            Some(true) if step.state == StepState::Open => {
                step.state = StepState::Done;
                step.reason = Some(format!(
                    "the jobs history (line {}) shows it succeeded",
                    row.line
                ));
            }
            Some(false) if step.state != StepState::Skipped => warnings.push(Warning::new(
                WarningId::JobFailed,
                Some(row.line),
                format!("the last `{label}` job in the history failed: rerun it before going on"),
            )),
            _ => {}
        }
    }
    warnings
}

/// Template items left in HTML comments: skipped steps when this cut may leave them out (the
/// mock block of a patch release), warnings when it needs them.
pub(super) fn commented(
    steps: &mut Vec<StepReading>,
    doc: &Doc,
    version: Option<Tag>,
) -> Vec<Warning> {
    let mut warnings: Vec<Warning> = Vec::new();
    let Some(kind) = version.and_then(|v| v.cut_kind().ok()) else {
        return warnings;
    };
    for spec in &STEPS {
        if steps.iter().any(|s| s.id == spec.id) {
            continue;
        }
        let Some(line) = commented_line(doc, spec) else {
            continue;
        };
        match (spec.presence(kind), spec.applies(kind, Options::default())) {
            (Presence::Commented, Applies::Optional { reason, source, .. }) => {
                steps.push(StepReading {
                    id: spec.id,
                    label: format!("{} (commented out)", spec.title),
                    state: StepState::Skipped,
                    checked: false,
                    links: vec![],
                    evidence: vec![],
                    line,
                    source: Source::Comment,
                    reason: Some(match source {
                        Some(src) => format!(
                            "{reason} since {src}: the template comments the block out ({})",
                            crate::source::TEMPLATE_MOCK_COMMENTED_OUT
                        ),
                        None => format!("{reason}: the template comments the block out"),
                    }),
                    reason_source: source,
                    more_lines: Vec::new(),
                    item: None,
                });
            }
            (Presence::Item, _) => {
                let warning = match spec.template.and_then(|t| t.group) {
                    Some(g) => Warning::new(WarningId::BlockCommented, Some(line), format!(
                        "the {} block is still commented out, but only patch releases skip it: uncomment it for {}",
                        g.title(),
                        version.map(|v| v.to_string()).unwrap_or_default()
                    )).citing(crate::source::TEMPLATE_MOCK_COMMENTED_OUT),
                    None => Warning::new(WarningId::ItemCommented, Some(line), format!(
                        "the {} item is still commented out: uncomment it for {}",
                        spec.recognise.contains.first().copied().unwrap_or(spec.name),
                        cut_phrase(kind)
                    )).citing(crate::source::CUT_ISSUE_TEMPLATE),
                };
                if !warnings.contains(&warning) {
                    warnings.push(warning);
                }
            }
            _ => {}
        }
    }
    warnings
}

/// Steps this cut does not have are skipped, whatever the issue says.
pub(super) fn apply_cut(steps: &mut [StepReading], cut: Option<CutKind>) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let Some(kind) = cut else {
        return warnings;
    };
    for step in steps {
        let Applies::NotApplicable { reason } = step.id.spec().applies(kind, Options::default())
        else {
            continue;
        };
        if step.checked {
            warnings.push(
                Warning::new(
                    WarningId::TickedNotApplicable,
                    Some(step.line),
                    format!("`{}` is ticked, but {reason}; counted as skipped", step.id),
                )
                .citing(crate::source::CUT_ISSUE_TEMPLATE),
            );
        }
        step.state = StepState::Skipped;
        step.reason = Some(reason.into());
        // The template has the item only for the cuts that need it.
        step.reason_source = Some(crate::source::CUT_ISSUE_TEMPLATE);
    }
    warnings
}

/// Steps the process skips unless asked (a patch's mock runs since kubernetes/sig-release#2981)
/// are not needed when their item is left unticked, even on an issue made from an older
/// template that lists them without a skip marker. Ticked or linked items keep what they say.
pub(super) fn skip_unasked(steps: &mut [StepReading], cut: Option<CutKind>, options: Options) {
    let Some(kind) = cut else {
        return;
    };
    for step in steps.iter_mut().filter(|s| {
        s.state == StepState::Open && matches!(s.source, Source::Checkbox | Source::Bullet)
    }) {
        let Applies::Optional {
            reason,
            source,
            planned: false,
        } = step.id.spec().applies(kind, options)
        else {
            continue;
        };
        step.state = StepState::Skipped;
        step.reason = Some(match source {
            Some(src) => format!(
                "{reason} since {src}: not needed, although this issue's template still lists it"
            ),
            None => format!("{reason}: not needed"),
        });
        step.reason_source = source;
    }
}

/// An unticked step with its evidence waits for its tick, unless a later step is done: then
/// the box was only forgotten (finished cuts often leave boxes unticked).
pub(super) fn settle_in_progress(steps: &mut [StepReading]) {
    let Some(last_done) = steps
        .iter()
        .filter(|s| s.state == StepState::Done)
        .map(|s| s.id)
        .max()
    else {
        return;
    };
    for step in steps
        .iter_mut()
        .filter(|s| s.state == StepState::InProgress && s.id < last_done)
    {
        step.state = StepState::Done;
        step.reason = Some(format!(
            "not ticked, but it links its evidence and `{last_done}` is done"
        ));
    }
}

/// The promotion job between the promotion PR and the no-mock release: no template item has
/// it, so it is added wherever the issue has an image-promotion step. Done once a later step
/// is; otherwise open, and checked live (`relcut check promotion-job`, or the Action's gate).
pub(super) fn promotion_gate(steps: &mut Vec<StepReading>) {
    if steps.iter().any(|s| s.id == StepId::PromotionJob) {
        return;
    }
    let Some(promo) = steps.iter().find(|s| s.id == StepId::ImagePromotion) else {
        return;
    };
    if promo.state == StepState::Skipped {
        return;
    }
    let later_done = steps
        .iter()
        .any(|s| s.id > StepId::PromotionJob && s.state == StepState::Done);
    let evidence: Vec<Link> = promo
        .evidence
        .iter()
        .filter(|l| l.kind == LinkKind::PromotionJob)
        .cloned()
        .collect();
    let gate = StepReading {
        id: StepId::PromotionJob,
        label: "post-k8sio-image-promo of the merged PR".into(),
        state: if later_done {
            StepState::Done
        } else {
            StepState::Open
        },
        checked: false,
        links: evidence.iter().map(|l| l.url.clone()).collect(),
        evidence,
        line: promo.line,
        source: Source::Gate,
        reason: Some(if later_done {
            "a later step is done, so the job had succeeded".into()
        } else {
            "relcut's gate: the no-mock release waits for this job".into()
        }),
        reason_source: Some(crate::source::RELEASE_CUTS_HANDBOOK),
        more_lines: Vec::new(),
        item: None,
    };
    steps.push(gate);
}
