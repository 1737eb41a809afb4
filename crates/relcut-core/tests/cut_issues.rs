//! One fixture per template era and per quirk of real cut issues (docs/cut-issue.md section 3),
//! each with its expected reading. The fixtures are written after the real issues' shapes.

use relcut_core::checklist::{self, CutIssue, IssueInput, StepState};
use relcut_core::StepId;

fn read(name: &str) -> CutIssue {
    let path = format!(
        "{}/tests/fixtures/cut-issues/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let doc = checklist::split_front_matter(&text);
    checklist::read(IssueInput {
        title: doc.title.as_deref(),
        body: &doc.body,
        created_at: doc.created_at.as_deref(),
    })
}

/// `id=state` for every step, in process order: `done`, `open`, `skip`.
fn states(issue: &CutIssue) -> String {
    issue
        .steps
        .iter()
        .map(|s| {
            let st = match s.state {
                StepState::Done => "done",
                StepState::InProgress => "in-progress",
                StepState::Open => "open",
                StepState::Skipped => "skip",
            };
            format!("{}={st}", s.id)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn links(issue: &CutIssue, id: StepId) -> Vec<String> {
    issue.step(id).map(|s| s.links.clone()).unwrap_or_default()
}

fn has_warning(issue: &CutIssue, needle: &str) -> bool {
    issue
        .warnings
        .iter()
        .any(|w| w.to_string().contains(needle))
}

#[track_caller]
fn expect(
    issue: &CutIssue,
    version: Option<&str>,
    steps: &str,
    next: Option<StepId>,
    warnings: &[&str],
) {
    assert_eq!(
        issue.version.map(|v| v.to_string()).as_deref(),
        version,
        "version"
    );
    assert_eq!(states(issue), steps, "steps");
    assert_eq!(issue.next, next, "next");
    for w in warnings {
        assert!(
            has_warning(issue, w),
            "missing warning {w:?} in {:#?}",
            issue.warnings
        );
    }
}

const ALL_STAGES_DONE: &str =
    "mock-stage=done mock-release=done nomock-stage=done nomock-release=done";

#[test]
fn e0_2019_lower_case_items_and_combined_stage_release() {
    let i = read("e0-2019-beta.md");
    expect(
        &i,
        Some("v1.14.0-beta.1"),
        &format!("testgrid=done {ALL_STAGES_DONE} email=done slack-notify=done metrics=done"),
        None,
        &["`email` is ticked but has no link"],
    );
    // The template of 2019 had none of release-signal, slack-thread, publishing-bot or
    // image-promotion: nothing is missing.
    assert!(!has_warning(&i, "no item for"), "{:#?}", i.warnings);
    assert_eq!(i.scheduled.as_deref(), Some("2019-02-26"));
    assert!(
        links(&i, StepId::SlackNotify).is_empty(),
        "a channel link is no evidence"
    );
    assert!(
        !has_warning(&i, "Release Tools Version"),
        "2019 had no version block"
    );
}

#[test]
fn e1_2019_links_in_markdown_targets_and_upper_case_x() {
    let i = read("e1-2019-markdown-links.md");
    expect(
        &i,
        Some("v1.15.0-beta.1"),
        &format!("testgrid=done {ALL_STAGES_DONE} email=done slack-notify=done metrics=done"),
        None,
        &["not in the canonical form `Cut v1.15.0-beta.1 release`"],
    );
    assert_eq!(
        links(&i, StepId::Email),
        ["https://groups.google.com/d/topic/kubernetes-announce/AbCdEf12345"]
    );
    assert_eq!(
        links(&i, StepId::SlackNotify),
        ["https://kubernetes.slack.com/archives/C2C40FMNF/p1559030000012300"]
    );
}

#[test]
fn e2_2020_hand_table_retries_wrong_year_malformed_link() {
    let i = read("e2-2020-hand-table.md");
    expect(
        &i,
        Some("v1.18.0-beta.2"),
        &format!("testgrid=done {ALL_STAGES_DONE} email=done slack-notify=done metrics=done"),
        None,
        &["scheduled date 2019-03-10 is 360 days before the issue was opened (2020-03-04)"],
    );
    assert_eq!(
        links(&i, StepId::SlackNotify),
        ["https://kubernetes.slack.com/archives/CJH2GBF7Y/p1583300000045600"]
    );
    let mock_stages: Vec<Option<bool>> = i
        .history
        .iter()
        .filter(|r| r.step == StepId::MockStage)
        .map(|r| r.succeeded)
        .collect();
    assert_eq!(
        mock_stages,
        [Some(false), Some(true)],
        "the retry row is kept and decides"
    );
    assert!(
        !has_warning(&i, "failed"),
        "the failed row was retried successfully"
    );
    assert_eq!(
        i.history[0].link.as_deref(),
        Some("https://console.cloud.google.com/cloud-build/builds/0a1b")
    );
    assert_eq!(
        i.history[2].build_version.as_deref(),
        Some("v1.18.0-beta.1.120+aabbccddeeff00")
    );
}

#[test]
fn e2_2020_placeholder_link_is_no_link() {
    let i = read("e2-2020-placeholder-links.md");
    assert!(i.step(StepId::Email).unwrap().links.is_empty());
    assert!(
        has_warning(&i, "line 14: `email` is ticked but has no link"),
        "{:#?}",
        i.warnings
    );
    assert!(has_warning(&i, "wrong year"));
    assert_eq!(
        i.history[0].build_version, None,
        "a $(curl ...) substitution is not a build version"
    );
    assert!(!states(&i).contains("packages"));
}

#[test]
fn e2_2020_krel_version_inside_a_comment() {
    let i = read("e2-2020-version-in-comment.md");
    let k = i.krel_version.as_ref().unwrap();
    assert_eq!(k.git_version, "v0.4.3");
    assert_eq!(k.git_tree_state.as_deref(), Some("clean"));
    assert_eq!(i.history.len(), 4);
    assert!(i.history.iter().all(|r| r.succeeded == Some(true)));
    assert_eq!(i.history[3].duration_seconds, Some(990));
}

#[test]
fn placeholder_title_gives_no_version() {
    let i = read("placeholder-title.md");
    assert_eq!(i.version, None);
    assert_eq!(i.release_type, None);
    assert!(has_warning(&i, "still the template placeholder"));
}

#[test]
fn e3_2021_rc0_hand_table_and_unfilled_version_block() {
    let i = read("e3-2021-rc0-hand-table.md");
    expect(
        &i,
        Some("v1.23.0-rc.0"),
        "slack-thread=done testgrid=done mock-stage=done mock-release=done nomock-stage=done image-promotion=done promotion-job=done nomock-release=done email=done slack-notify=done metrics=open",
        Some(StepId::Metrics),
        &[
            "`image-promotion` is ticked but has no link",
            "post-release branch creation item is still commented out",
            "Release Tools Version block is not filled in",
        ],
    );
    assert_eq!(
        i.krel_version, None,
        "the template placeholder is not a version"
    );
    assert_eq!(i.scheduled, None);
    assert_eq!(
        i.history[1].step,
        StepId::MockRelease,
        "the Step cell wins over a copy-pasted command"
    );
    assert_eq!(i.history[0].duration_seconds, Some(6000));
}

#[test]
fn e3_2021_title_without_release_word_and_end_time_in_duration() {
    let i = read("e3-2021-rc1-no-release-word.md");
    assert_eq!(i.version.unwrap().to_string(), "v1.23.0-rc.1");
    assert!(has_warning(
        &i,
        "not in the canonical form `Cut v1.23.0-rc.1 release`"
    ));
    assert_eq!(i.step(StepId::Testgrid).unwrap().state, StepState::Open);
    assert_eq!(i.next, Some(StepId::Testgrid));
    assert!(has_warning(
        &i,
        "still open although `slack-notify` is done: testgrid"
    ));
    assert_eq!(i.history[0].duration_seconds, None);
    assert_eq!(i.history[0].build_version.as_deref(), Some("v1.23.0"));
}

#[test]
fn e3_2022_two_promotion_prs_and_dirty_krel() {
    let i = read("e3-2022-two-promo-prs-dirty.md");
    assert_eq!(
        links(&i, StepId::ImagePromotion),
        [
            "https://github.com/kubernetes/k8s.io/pull/3775",
            "https://github.com/kubernetes/k8s.io/pull/3774"
        ]
    );
    assert!(has_warning(
        &i,
        "krel was built from a dirty tree (v0.13.0)"
    ));
    assert_eq!(i.next, None);
    // 2022: release-signal (2025), publishing-bot (2023-02) and schedule (2023-07, patches
    // only) came later.
    assert!(!has_warning(&i, "no item for"), "{:#?}", i.warnings);
}

#[test]
fn e3_2022_go_signal_is_not_testgrid_evidence_and_doubled_colon() {
    let i = read("e3-2022-go-signal-doubled-colon.md");
    assert_eq!(i.step(StepId::Testgrid).unwrap().state, StepState::Open);
    assert!(has_warning(&i, "`testgrid` links only a Slack message"));
    assert_eq!(
        links(&i, StepId::ImagePromotion),
        ["https://github.com/kubernetes/k8s.io/pull/4063"]
    );
    assert_eq!(
        i.step(StepId::ImagePromotion).unwrap().state,
        StepState::Done
    );
    assert_eq!(
        i.step(StepId::BranchCreationTasks).unwrap().state,
        StepState::Open
    );
    assert_eq!(i.next, Some(StepId::Testgrid));
}

#[test]
fn e3_2022_email_step_with_a_slack_link() {
    let i = read("e3-2022-email-is-slack.md");
    assert!(has_warning(
        &i,
        "`email` links only a Slack message, not a groups.google.com thread"
    ));
}

#[test]
fn e3_2023_official_ticked_without_links_schedule_not_applicable() {
    let i = read("e3-2023-official-no-links.md");
    expect(
        &i,
        Some("v1.28.0"),
        "slack-thread=done testgrid=done publishing-bot=done mock-stage=done mock-release=done nomock-stage=done image-promotion=done promotion-job=done nomock-release=done email=done slack-notify=done schedule=skip metrics=done",
        None,
        &["`slack-notify` is ticked but has no link", "`email` is ticked but has no link"],
    );
    assert!(
        !has_warning(&i, "no item for"),
        "2023: before release-signal and code-thaw items"
    );
    assert!(
        links(&i, StepId::PublishingBot).is_empty(),
        "#56876 is a reference, not evidence"
    );
    assert!(!has_warning(&i, "`schedule` is ticked"));
}

#[test]
fn e3_2023_rc0_parent_unticked_children_ticked() {
    let i = read("e3-2023-rc0-nested-subtasks.md");
    let b = i.step(StepId::BranchCreationTasks).unwrap();
    assert_eq!(b.state, StepState::Done);
    assert!(!b.checked);
    assert_eq!(
        b.links,
        [
            "https://github.com/kubernetes/kubernetes/pull/122001",
            "https://github.com/kubernetes/test-infra/pull/31234"
        ]
    );
    assert_eq!(
        i.step(StepId::PublishingBot).unwrap().state,
        StepState::Done,
        "`Looks Good!` free text"
    );
    assert_eq!(i.next, None);
}

#[test]
fn e3_2024_promotion_evidence_in_child_bullets() {
    let i = read("e3-2024-promo-child-bullets.md");
    let p = i.step(StepId::ImagePromotion).unwrap();
    assert_eq!(p.links.len(), 3);
    assert_eq!(
        p.evidence[1].kind,
        relcut_core::evidence::LinkKind::PromotionJob
    );
    // The promotion PR is merged, the release not done: the gate comes first.
    assert_eq!(i.next, Some(StepId::PromotionJob));
    assert_eq!(
        i.step(StepId::PromotionJob).unwrap().links.len(),
        2,
        "the prow links of the promotion item"
    );
    assert_eq!(i.step(StepId::Schedule).unwrap().state, StepState::Skipped);
    assert_eq!(
        links(&i, StepId::Testgrid),
        ["https://github.com/kubernetes/sig-release/issues/2431#issuecomment-1940000001"]
    );
}

#[test]
fn e3_2024_hand_added_code_thaw_item() {
    let i = read("e3-2024-code-thaw-by-hand.md");
    let c = i.step(StepId::CodeThaw).unwrap();
    assert_eq!(c.state, StepState::Done);
    assert_eq!(
        c.links,
        ["https://github.com/kubernetes/test-infra/pull/32458"]
    );
    assert_eq!(i.scheduled_text, None);
    assert!(!has_warning(&i, "code-thaw"));
}

#[test]
fn e3_2024_unticked_box_with_a_link_counts_as_done() {
    let i = read("e3-2024-unticked-with-link.md");
    let n = i.step(StepId::SlackNotify).unwrap();
    assert_eq!(n.state, StepState::Done);
    assert!(!n.checked);
    assert!(n.reason.as_deref().unwrap().contains("links its evidence"));
    assert_eq!(
        links(&i, StepId::Schedule),
        ["https://github.com/kubernetes/website/pull/48700"],
        "template file links are no evidence"
    );
    assert_eq!(i.next, Some(StepId::PublishingBot));
}

#[test]
fn e3_2025_skip_markers_strike_through_and_action_items() {
    let i = read("e3-2025-skip-markers.md");
    expect(
        &i,
        Some("v1.33.0-alpha.3"),
        "release-signal=skip slack-thread=done testgrid=done publishing-bot=skip mock-stage=done mock-release=done nomock-stage=done image-promotion=done promotion-job=done nomock-release=open email=done slack-notify=done schedule=skip metrics=open",
        Some(StepId::NomockRelease),
        &["`schedule` is ticked, but only patch releases update the website schedule"],
    );
    assert!(i
        .step(StepId::ReleaseSignal)
        .unwrap()
        .reason
        .as_deref()
        .unwrap()
        .contains("n/a"));
    assert!(i
        .step(StepId::PublishingBot)
        .unwrap()
        .reason
        .as_deref()
        .unwrap()
        .contains("struck"));
}

#[test]
fn e4_2025_schedule_ticked_on_an_rc() {
    let i = read("e4-2025-rc-schedule-ticked.md");
    assert_eq!(i.step(StepId::Schedule).unwrap().state, StepState::Skipped);
    assert!(has_warning(&i, "line 28: `schedule` is ticked"));
    assert_eq!(i.next, None);
    assert_eq!(i.progress(), (13, 13), "the promotion-job gate counts");
}

#[test]
fn e5_2026_patch_skips_its_mock_group_crlf() {
    let i = read("e5-2026-patch-crlf-mock-skip.md");
    expect(
        &i,
        Some("v1.35.4"),
        "slack-thread=done testgrid=done publishing-bot=done mock-stage=skip mock-release=skip nomock-stage=open image-promotion=open promotion-job=open nomock-release=open email=open slack-notify=open schedule=open metrics=open",
        Some(StepId::NomockStage),
        &[],
    );
    assert!(
        !has_warning(&i, "no item for"),
        "release-signal is optional for patches: {:#?}",
        i.warnings
    );
}

/// A patch opened after kubernetes/sig-release#2981 (2026-03-26) from the older template (its
/// Mock Run group unmarked, as on kubernetes/sig-release#2977): the unticked mock items are not
/// needed, cite #2981 and are never next; before that day a patch needed them.
#[test]
fn e5_2026_patch_from_an_older_template_does_not_need_its_unticked_mock_items() {
    let name = "e5-2026-patch-older-template-mock-unticked.md";
    let i = read(name);
    expect(
        &i,
        Some("v1.34.7"),
        "release-signal=done slack-thread=done testgrid=done publishing-bot=done mock-stage=skip mock-release=skip nomock-stage=done image-promotion=open promotion-job=open nomock-release=open email=open slack-notify=open schedule=open metrics=open",
        Some(StepId::ImagePromotion),
        &[],
    );
    for id in [StepId::MockStage, StepId::MockRelease] {
        let s = i.step(id).unwrap();
        assert_eq!(
            s.reason_source.unwrap().reference,
            "kubernetes/sig-release#2981"
        );
        assert!(
            s.reason
                .as_deref()
                .unwrap()
                .starts_with("patch releases skip the mock runs since kubernetes/sig-release#2981 (2026-03-26): not needed"),
            "{:?}",
            s.reason
        );
    }
    assert!(!has_warning(&i, "still open although"), "{:#?}", i.warnings);
    assert_eq!(i.progress(), (5, 12), "the skipped mock runs do not count");

    // The same issue read by its scheduled day alone, and with no date at all (today's rules).
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/cut-issues/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let doc = checklist::split_front_matter(&text);
    let read_body = |body: &str, created_at: Option<&str>| {
        checklist::read(IssueInput {
            title: doc.title.as_deref(),
            body,
            created_at,
        })
    };
    let undated = doc.body.replace("Wed, 2026-04-15", "");
    for (body, created_at) in [(doc.body.as_str(), None), (undated.as_str(), None)] {
        let i = read_body(body, created_at);
        assert_eq!(i.step(StepId::MockStage).unwrap().state, StepState::Skipped);
        assert_eq!(i.next, Some(StepId::ImagePromotion));
    }

    // Opened before #2981 (by created_at, or by the scheduled day): a patch still ran its mock
    // stage and release, so they stay open, and next.
    let scheduled_before = doc.body.replace("Wed, 2026-04-15", "Wed, 2026-03-18");
    for (body, created_at) in [
        (doc.body.as_str(), Some("2026-03-25T23:00:00Z")),
        (scheduled_before.as_str(), None),
    ] {
        let i = read_body(body, created_at);
        let s = i.step(StepId::MockStage).unwrap();
        assert_eq!(s.state, StepState::Open);
        assert!(s.reason.is_none() && s.reason_source.is_none());
        assert_eq!(i.next, Some(StepId::MockStage));
        assert!(has_warning(
            &i,
            "still open although `nomock-stage` is done: mock-stage, mock-release"
        ));
        let plan = i.plan(None).unwrap();
        let notes = &plan.step(StepId::MockStage).unwrap().notes;
        assert!(
            notes.iter().any(|n| n.starts_with(
                "this issue was opened before kubernetes/sig-release#2981 (2026-03-26)"
            )),
            "{notes:?}"
        );
        assert!(
            !notes.iter().any(|n| n.contains("--with-mock")),
            "{notes:?}"
        );
    }

    // A ticked mock item stays done; only the unticked one is not needed.
    let ticked = doc.body.replacen("  - [ ] Stage", "  - [x] Stage", 1);
    let i = read_body(&ticked, doc.created_at.as_deref());
    assert_eq!(i.step(StepId::MockStage).unwrap().state, StepState::Done);
    assert_eq!(
        i.step(StepId::MockRelease).unwrap().state,
        StepState::Skipped
    );
    assert_eq!(i.next, Some(StepId::ImagePromotion));
}

#[test]
fn e5_2026_rc_mock_group_label_is_only_a_label() {
    let i = read("e5-2026-rc-mock-checked.md");
    assert_eq!(i.step(StepId::MockStage).unwrap().state, StepState::Done);
    assert_eq!(i.step(StepId::MockRelease).unwrap().state, StepState::Done);
    assert_eq!(i.next, None);
    assert!(i.warnings.is_empty(), "{:#?}", i.warnings);
}

#[test]
fn e6_2026_alpha_with_the_mock_block_still_commented() {
    let i = read("e6-2026-alpha-mock-still-commented.md");
    assert!(i.step(StepId::MockStage).is_none());
    assert!(has_warning(&i, "the Mock Run block is still commented out"));
    assert_eq!(i.next, Some(StepId::ReleaseSignal));
    assert_eq!(
        i.krel_version.as_ref().unwrap().git_version,
        "v0.20.1-0.20260226070826-29b1a9894813"
    );
}

#[test]
fn e6_2026_patch_boxes_silent_history_speaks() {
    let i = read("e6-2026-patch-history-only.md");
    assert_eq!(i.step(StepId::NomockStage).unwrap().state, StepState::Done);
    assert_eq!(
        i.step(StepId::NomockRelease).unwrap().state,
        StepState::Done
    );
    assert!(
        i.step(StepId::MockStage).is_none(),
        "a patch has no mock runs"
    );
    assert!(has_warning(
        &i,
        "still open although `nomock-release` is done"
    ));
    assert_eq!(
        i.history[0].build_version.as_deref(),
        Some("v1.35.7-31+9a8b7c6d5e4f30")
    );
    assert_eq!(i.history[0].duration_seconds, Some(2822));
}

#[test]
fn e6_2026_official_in_progress_next_is_the_gate_then_the_release_with_its_build_version() {
    let i = read("e6-2026-official-in-progress.md");
    expect(
        &i,
        Some("v1.37.0"),
        "release-signal=done slack-thread=done testgrid=done publishing-bot=done mock-stage=done mock-release=done nomock-stage=done image-promotion=done promotion-job=open nomock-release=open email=open slack-notify=open metrics=open code-thaw=open",
        Some(StepId::PromotionJob),
        &[],
    );
    assert!(i.warnings.is_empty(), "{:#?}", i.warnings);
    assert_eq!(i.scheduled.as_deref(), Some("2026-08-26"));
    assert_eq!(i.krel_version.as_ref().unwrap().git_version, "v0.20.3");
    let plan = i.plan(Some("alice")).unwrap();
    assert_eq!(
        plan.step(StepId::NomockRelease).unwrap().commands,
        ["krel release --type official --branch release-1.37 --build-version v1.37.0-rc.1.40+1a2b3c4d5e6f70 --nomock"]
    );
    assert_eq!(
        plan.step(StepId::Metrics).unwrap().commands,
        ["krel history --branch release-1.37 --date-from 2026-08-26"]
    );
}

#[test]
fn every_fixture_reads_and_reports_lines_inside_the_file() {
    let dir = format!("{}/tests/fixtures/cut-issues", env!("CARGO_MANIFEST_DIR"));
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let issue = read(path.file_name().unwrap().to_str().unwrap());
        let lines = text.lines().count();
        for s in &issue.steps {
            assert!(
                s.line >= 1 && s.line <= lines,
                "{}: {} at line {}",
                path.display(),
                s.id,
                s.line
            );
        }
        n += 1;
    }
    assert!(n >= 20, "only {n} fixtures");
}

#[test]
fn e2_2021_console_fence_tool_repo_prefix_and_sentence_outcome() {
    let i = read("e2-2021-console-fence-tool-repo.md");
    assert_eq!(
        i.krel_version.as_ref().unwrap().git_version,
        "v0.6.0",
        "a ```console fence with a prompt line"
    );
    assert_eq!(i.history.len(), 3);
    assert_eq!(
        i.history[0].succeeded,
        Some(false),
        "`No. Fix in ...` is a failure"
    );
    assert_eq!(
        i.history[0].step,
        relcut_core::StepId::MockStage,
        "a RELEASE_TOOL_REPO= prefix keeps the row"
    );
    assert_eq!(
        i.history[2].duration_seconds,
        Some(760),
        "`12:40` is minutes and seconds"
    );
    assert_eq!(
        i.history[2].build_version.as_deref(),
        Some("v1.21.0-alpha.2.308+2f0a3c1e9d8b7a")
    );
    assert_eq!(i.step(StepId::Email).unwrap().state, StepState::Open);
    assert!(i.step(StepId::Email).unwrap().links.is_empty());
    assert_eq!(i.next, Some(StepId::Email));
}

#[test]
fn e4_2025_free_text_schedule_and_deleted_items() {
    let i = read("e4-2025-free-text-schedule-deleted-items.md");
    assert_eq!(i.scheduled, None);
    assert_eq!(
        i.scheduled_text.as_deref(),
        Some("ASAP/Unscheduled (rc.0 broke ci)")
    );
    assert_eq!(
        i.step(StepId::ReleaseSignal).unwrap().state,
        StepState::Skipped
    );
    assert!(has_warning(&i, "`slack-thread` is ticked but has no link"));
    // the author deleted the trailing items: unknown, reported as missing, never as skipped
    assert!(
        has_warning(&i, "no item for: email, slack-notify, metrics"),
        "{:#?}",
        i.warnings
    );
    assert!(i.step(StepId::Email).is_none());
    assert_eq!(i.next, Some(StepId::Testgrid));
}

#[test]
fn e4_2026_the_metrics_line_names_the_day_that_was_cut() {
    let i = read("e4-2026-metrics-line-edited.md");
    assert_eq!(i.scheduled, None);
    assert_eq!(i.history_date().as_deref(), Some("2026-03-18"));
    assert_eq!(i.next, Some(StepId::Metrics));
    let plan = i.plan(None).unwrap();
    assert_eq!(
        plan.step(StepId::Metrics).unwrap().commands,
        ["krel history --branch release-1.35 --date-from 2026-03-18"]
    );
    assert_eq!(
        links(&i, StepId::Schedule),
        ["https://github.com/kubernetes/website/pull/54958"]
    );
}

/// A linked but unticked promotion PR proves the PR was opened, not merged: the step is in
/// progress, and what is left of it (the merge) is what the promotion-job gate's check follows,
/// so the gate is next, between it and the no-mock release (before: done, and next was the
/// no-mock release).
#[test]
fn e6_2026_promotion_pr_linked_but_unticked_is_in_progress() {
    let i = read("e6-2026-rc0-one-promo-pr-unticked.md");
    expect(
        &i,
        Some("v1.37.0-rc.0"),
        "release-signal=done slack-thread=done testgrid=done publishing-bot=done mock-stage=done mock-release=done nomock-stage=done image-promotion=in-progress promotion-job=open nomock-release=open email=open slack-notify=open metrics=open branch-creation-tasks=open",
        Some(StepId::PromotionJob),
        &[],
    );
    let p = i.step(StepId::ImagePromotion).unwrap();
    assert!(p
        .reason
        .as_deref()
        .unwrap()
        .contains("the promotion PR is merged"));
    assert_eq!(i.promotion_prs(), [9811]);
    let report = relcut_core::checklist::StatusReport::build(&i, None, None).text();
    assert!(report.contains("  [~] image-promotion"), "{report}");
    assert!(report.contains("Next: Wait for the image promotion job of your merge [promotion-job]\n  kubernetes/k8s.io#9811 is linked but `image-promotion` is not ticked"), "{report}");
    assert!(
        report.contains("  $ relcut check promotion-job --pr 9811\n"),
        "{report}"
    );
    let json = serde_json::to_value(&i).unwrap();
    assert_eq!(json["steps"][7]["state"], "in-progress");
    let md = relcut_core::checklist::StatusReport::build(&i, None, None).markdown();
    assert!(md.contains("| 🔄 | `image-promotion` |"), "{md}");
}

/// kubernetes/sig-release#675's shapes: a word before `release`, the superseded date struck
/// through with the new one on the next line, one notify item per channel, the retired
/// packages item (shown as history, no warning).
#[test]
fn e0_2019_official_word_superseded_date_and_two_notify_items() {
    let i = read("e0-2019-official-word-superseded-date-two-notify.md");
    expect(
        &i,
        Some("v1.15.0"),
        &format!("testgrid=done {ALL_STAGES_DONE} email=done slack-notify=done metrics=done"),
        None,
        &[],
    );
    assert_eq!(i.retired.len(), 1, "{:#?}", i.retired);
    assert_eq!(
        (i.retired[0].item, i.retired[0].line, i.retired[0].checked),
        ("packages", 18, true)
    );
    assert!(
        !has_warning(&i, "no step relcut knows"),
        "{:#?}",
        i.warnings
    );
    assert_eq!(i.scheduled.as_deref(), Some("2019-06-19"), "the new date");
    let notify = i.step(StepId::SlackNotify).unwrap();
    assert_eq!(
        notify.links,
        [
            "https://kubernetes.slack.com/archives/C2C40FMNF/p1560970236479500",
            "https://kubernetes.slack.com/archives/CJH2GBF7Y/p1560970358153400"
        ],
        "both notify items kept"
    );
    assert_eq!(notify.more_lines, [14]);
    assert!(!has_warning(&i, "no item for"), "{:#?}", i.warnings);
    let plan = i.plan(None).unwrap();
    assert_eq!(
        plan.step(StepId::Metrics).unwrap().commands,
        ["krel history --branch release-1.15 --date-from 2019-06-19"]
    );
    let report = relcut_core::checklist::StatusReport::build(&i, None, None).text();
    assert!(
        report.contains(
            "p1560970236479500  https://kubernetes.slack.com/archives/CJH2GBF7Y/p1560970358153400"
        ),
        "{report}"
    );
}

/// kubernetes/sig-release#888's shape: `https://kubernetes.slack.com/messages/<channel>/p<ts>`
/// is a message, so the ticked notify step has its evidence.
#[test]
fn e1_2019_slack_messages_link_is_a_message() {
    let i = read("e1-2019-slack-messages-link.md");
    assert_eq!(
        links(&i, StepId::SlackNotify),
        ["https://kubernetes.slack.com/messages/CJH2GBF7Y/p1576065500000100"]
    );
    assert!(
        !has_warning(&i, "has no link to a Slack message"),
        "{:#?}",
        i.warnings
    );
    // The channel link is part of the sentence; `: [see notification](...)` only stands as
    // the evidence, so it goes with its colon.
    assert_eq!(
        i.step(StepId::SlackNotify).unwrap().label,
        "Notify #release-management"
    );
    // The packages item of that era is retired, not unknown.
    assert!(!has_warning(&i, "is no step"), "{:#?}", i.warnings);
    assert_eq!(i.retired[0].item, "packages");
}

/// A moved date written with an arrow counts as the new date (it feeds `krel history
/// --date-from` and the wrong-year check); `Send release announcement:` is the email step.
#[test]
fn e2_2021_new_date_after_an_arrow_and_release_announcement() {
    let i = read("e2-2021-new-date-arrow-release-announcement.md");
    assert_eq!(i.scheduled.as_deref(), Some("2021-02-17"));
    assert_eq!(
        links(&i, StepId::Email),
        ["https://groups.google.com/g/kubernetes-announce/c/AbCdEf12345"]
    );
    assert_eq!(i.step(StepId::Email).unwrap().state, StepState::Done);
    assert_eq!(i.next, Some(StepId::Metrics));
    assert_eq!(
        i.plan(None)
            .unwrap()
            .step(StepId::Metrics)
            .unwrap()
            .commands,
        ["krel history --branch release-1.20 --date-from 2021-02-17"]
    );
    assert!(!has_warning(&i, "no item for"), "{:#?}", i.warnings);
}

/// The template of the issue's day: from `created_at`, else the scheduled date, else today's
/// (which names every item the current template has).
#[test]
fn era_from_created_at_else_scheduled_date_else_today() {
    let path = format!(
        "{}/tests/fixtures/cut-issues/e3-2022-two-promo-prs-dirty.md",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).unwrap();
    let doc = checklist::split_front_matter(&text);
    let no_created = checklist::read(IssueInput {
        title: doc.title.as_deref(),
        body: &doc.body,
        created_at: None,
    });
    assert!(
        !has_warning(&no_created, "no item for"),
        "the scheduled 2022-05-24 dates it: {:#?}",
        no_created.warnings
    );
    let undated_body = doc.body.replace(
        "## Scheduled to happen: Tue, 2022-05-24",
        "## Scheduled to happen:",
    );
    let undated = checklist::read(IssueInput {
        title: doc.title.as_deref(),
        body: &undated_body,
        created_at: None,
    });
    assert!(
        has_warning(&undated, "no item for: publishing-bot, schedule"),
        "today's template: {:#?}",
        undated.warnings
    );
}

/// The packages item of every era it had (E0 `build & publish`, E2 commented, E3 `Publish
/// packages`) is a retired item: in `status` text and JSON with its era and source, never an
/// `unknown-item` warning; an item no template ever had still is one.
#[test]
fn retired_packages_items_are_history_and_unknown_items_still_warn() {
    for name in [
        "e0-2019-official-word-superseded-date-two-notify.md",
        "e1-2019-slack-messages-link.md",
        "e3-2022-two-promo-prs-dirty.md",
    ] {
        let i = read(name);
        assert!(
            i.warnings
                .iter()
                .all(|w| w.id != relcut_core::checklist::WarningId::UnknownItem),
            "{name}: {:#?}",
            i.warnings
        );
        let r = i
            .retired
            .first()
            .unwrap_or_else(|| panic!("{name}: no retired item"));
        assert_eq!(r.item, "packages", "{name}");
        let json = serde_json::to_value(&i).unwrap();
        assert_eq!(json["retired"][0]["item"], "packages", "{name}");
        assert_eq!(json["retired"][0]["in_template_until"], "2023-10-17");
        assert_eq!(json["retired"][0]["source"]["date"], "2023-10-18");
        let text = relcut_core::checklist::StatusReport::build(&i, None, None).text();
        assert!(text.contains("Retired template items"), "{name}: {text}");
        assert!(
            !states(&i).contains("packages"),
            "{name}: a retired item is no step"
        );
    }
    let body = "- [x] Screenshot unhealthy release branch testgrid boards\n- [x] Water the office plants\n- [x] Publish packages (debs & rpms)\n";
    let i = checklist::read(IssueInput {
        title: Some("Cut v1.26.0 release"),
        body,
        created_at: Some("2022-12-08T00:00:00Z"),
    });
    let unknown: Vec<String> = i
        .warnings
        .iter()
        .filter(|w| w.id == relcut_core::checklist::WarningId::UnknownItem)
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        unknown,
        ["line 2: `Water the office plants` is ticked but is no step relcut knows, so it is not counted"]
    );
    assert_eq!(i.retired.len(), 1);
    assert_eq!(i.retired[0].line, 3);
}

/// The linked promotion PRs against the cut's tags (promotion.rs `accepts`), from what the issue
/// says of them: kubernetes/k8s.io#9811's one-PR title as link text, the two-PR form with a
/// kpromo title beside each link, one tag missing, and a bare link (unknown: check the titles).
#[test]
fn promotion_prs_are_checked_against_the_cut_tags_when_the_issue_names_them() {
    use relcut_core::checklist::{Coverage, WarningId};
    let read_body = |promo: &str| {
        let body = format!(
            "- NoMock Run\n  - [x] Stage\n{promo}  - [ ] Release\n- [ ] Send email notification:\n"
        );
        checklist::read(IssueInput {
            title: Some("Cut v1.37.0-rc.0 release"),
            body: &body,
            created_at: Some("2026-08-04T09:00:00Z"),
        })
    };
    let tags_warning = |i: &CutIssue| {
        i.warnings
            .iter()
            .find(|w| w.id == WarningId::PromotionTags)
            .cloned()
    };

    let one = read_body("  - [x] Image Promotion PR: [releng: Image promotion for kubernetes v1.37.0-rc.0 / v1.38.0-alpha.0](https://github.com/kubernetes/k8s.io/pull/9811)\n");
    let c = one.promotion_check.as_ref().unwrap();
    assert_eq!(c.coverage, Coverage::Exact, "{c:#?}");
    assert_eq!(c.source.reference, "kubernetes/k8s.io#9811");
    assert_eq!(
        c.message,
        "PR kubernetes/k8s.io#9811 promotes exactly v1.37.0-rc.0 / v1.38.0-alpha.0"
    );
    assert!(tags_warning(&one).is_none());

    let two = read_body("  - [x] Image Promotion PR:\n    - https://github.com/kubernetes/k8s.io/pull/9810 releng: Image promotion for kubernetes v1.37.0-rc.0\n    - https://github.com/kubernetes/k8s.io/pull/9812 releng: Image promotion for kubernetes v1.38.0-alpha.0\n");
    let c = two.promotion_check.as_ref().unwrap();
    assert_eq!(c.coverage, Coverage::Exact, "{c:#?}");
    assert_eq!(c.prs.len(), 2);
    assert_eq!(
        c.source.reference,
        "kubernetes-sigs/promo-tools:docs/promotion-pull-requests.md"
    );

    let short = read_body("  - [x] Image Promotion PR: [releng: Image promotion for kubernetes v1.37.0-rc.0](https://github.com/kubernetes/k8s.io/pull/9810)\n");
    let c = short.promotion_check.as_ref().unwrap();
    assert_eq!(c.coverage, Coverage::Mismatch);
    let w = tags_warning(&short).expect("a promotion-tags warning");
    assert!(w.message.contains("no PR promotes v1.38.0-alpha.0"), "{w}");
    assert_eq!(w.line, Some(3));
    assert!(w.source.is_some());

    let bare = read("e6-2026-rc0-one-promo-pr-unticked.md");
    let c = bare.promotion_check.as_ref().unwrap();
    assert_eq!(c.coverage, Coverage::Unknown);
    assert_eq!(c.prs[0].number, 9811);
    assert!(c.prs[0].tags.is_none());
    assert!(
        c.message.contains(
            "`releng: Image promotion for kubernetes v1.37.0-rc.0 / v1.38.0-alpha.0` (one PR"
        ),
        "{}",
        c.message
    );
    assert!(tags_warning(&bare).is_none(), "unknown is no mismatch");
    assert!(
        relcut_core::checklist::StatusReport::build(&bare, None, None)
            .text()
            .contains("Promotion PRs (unknown): ")
    );

    // Before kubernetes/release#2765 (2023-03-09) a patch also promoted the next rc.0, as krel
    // built it since kubernetes/release#1286: the check cites that rule, not the PR ending it.
    let old = read("e3-2022-two-promo-prs-dirty.md");
    let check = old.promotion_check.unwrap();
    let tags: Vec<String> = check.expected.iter().map(ToString::to_string).collect();
    assert_eq!(tags, ["v1.23.7", "v1.23.8-rc.0"]);
    assert_eq!(check.source.reference, "kubernetes/release#1286");
    assert_eq!(check.source.date, "2020-05-14");
}

/// Real issues wrap a pasted PR title or link text onto the next line of the same item (a soft
/// break): the tags are read from the item's whole text, and a title still belongs to a PR only
/// when the item links exactly one.
#[test]
fn promotion_pr_tags_split_across_lines_are_read() {
    use relcut_core::checklist::Coverage;
    let read_body = |promo: &str| {
        let body = format!(
            "- NoMock Run\n  - [x] Stage\n{promo}  - [ ] Release\n- [ ] Send email notification:\n"
        );
        checklist::read(IssueInput {
            title: Some("Cut v1.37.0-rc.0 release"),
            body: &body,
            created_at: Some("2026-08-04T09:00:00Z"),
        })
    };
    let both = ["v1.37.0-rc.0", "v1.38.0-alpha.0"];
    let tags_of = |i: &CutIssue| -> Vec<Option<Vec<String>>> {
        i.promotion_check
            .as_ref()
            .unwrap()
            .prs
            .iter()
            .map(|p| {
                p.tags
                    .as_ref()
                    .map(|t| t.iter().map(ToString::to_string).collect())
            })
            .collect()
    };
    let wrapped = [
        // The title continues on an indented line.
        "  - [x] Image Promotion PR: https://github.com/kubernetes/k8s.io/pull/9811 releng: Image promotion for kubernetes v1.37.0-rc.0 /\n    v1.38.0-alpha.0\n",
        // A lazy continuation line, less indented than the item's text.
        "  - [x] Image Promotion PR: https://github.com/kubernetes/k8s.io/pull/9811 releng: Image promotion for kubernetes v1.37.0-rc.0 /\n  v1.38.0-alpha.0\n",
        // The wrap inside kpromo's words.
        "  - [x] Image Promotion PR: https://github.com/kubernetes/k8s.io/pull/9811 releng: Image promotion for\n    kubernetes v1.37.0-rc.0 / v1.38.0-alpha.0\n",
        // The link text wraps.
        "  - [x] Image Promotion PR: [releng: Image promotion for kubernetes v1.37.0-rc.0 /\n    v1.38.0-alpha.0](https://github.com/kubernetes/k8s.io/pull/9811)\n",
        // The URL on the second line, the title on the first.
        "  - [x] Image Promotion PR: releng: Image promotion for kubernetes v1.37.0-rc.0 / v1.38.0-alpha.0\n    https://github.com/kubernetes/k8s.io/pull/9811\n",
    ];
    for promo in wrapped {
        for eol in ["\n", "\r\n"] {
            let i = read_body(&promo.replace('\n', eol));
            let c = i.promotion_check.as_ref().unwrap();
            assert_eq!(c.coverage, Coverage::Exact, "{promo:?} {c:#?}");
            assert_eq!(
                tags_of(&i),
                [Some(both.map(String::from).to_vec())],
                "{promo:?}"
            );
        }
    }

    // Two PRs in the item's text: the one title cannot be told apart, across lines too.
    let two = read_body("  - [x] Image Promotion PR: https://github.com/kubernetes/k8s.io/pull/9810\n    https://github.com/kubernetes/k8s.io/pull/9812 releng: Image promotion for kubernetes v1.37.0-rc.0 / v1.38.0-alpha.0\n");
    assert_eq!(tags_of(&two), [None, None]);
    assert_eq!(
        two.promotion_check.as_ref().unwrap().coverage,
        Coverage::Unknown
    );
    // Each link's own text still names its own tags, on whatever line.
    let texts = read_body("  - [x] Image Promotion PR: [v1.37.0-rc.0](https://github.com/kubernetes/k8s.io/pull/9810) and\n    [v1.38.0-alpha.0](https://github.com/kubernetes/k8s.io/pull/9812)\n");
    assert_eq!(
        tags_of(&texts),
        [
            Some(vec!["v1.37.0-rc.0".to_string()]),
            Some(vec!["v1.38.0-alpha.0".to_string()])
        ]
    );
    // A child item's title is the child's, not its parent's: the parent's text ends where the
    // child starts.
    let child = read_body("  - [x] Image Promotion PR: https://github.com/kubernetes/k8s.io/pull/9811\n    - releng: Image promotion for kubernetes v1.37.0-rc.0 / v1.38.0-alpha.0\n");
    assert_eq!(tags_of(&child), [None]);

    let i = read("e6-2026-rc0-promo-title-wrapped.md");
    let c = i.promotion_check.as_ref().unwrap();
    assert_eq!(c.coverage, Coverage::Exact, "{c:#?}");
    assert_eq!(c.source.reference, "kubernetes/k8s.io#9811");
    assert_eq!(
        c.message,
        "PR kubernetes/k8s.io#9811 promotes exactly v1.37.0-rc.0 / v1.38.0-alpha.0"
    );
    assert_eq!(i.next, Some(StepId::PromotionJob));
}

/// Review of issue 12, item 6: `Image Promotion PR: kubernetes/k8s.io#9811` (GitHub autolinks
/// the short reference) is evidence of PR 9811, and the gate is checked with its number. Only
/// that repository's form: a bare `#N` on a cut issue is a kubernetes/sig-release issue.
#[test]
fn a_k8s_io_short_reference_is_the_promotion_pr() {
    let i = read("e6-2026-rc0-promo-short-reference.md");
    assert_eq!(
        links(&i, StepId::ImagePromotion),
        ["https://github.com/kubernetes/k8s.io/pull/9811"]
    );
    assert!(!has_warning(&i, "has no link"), "{:#?}", i.warnings);
    assert_eq!(i.promotion_prs(), [9811]);
    let gate = i.plan(None).unwrap();
    assert_eq!(
        gate.step(StepId::PromotionJob).unwrap().commands,
        ["relcut check promotion-job --pr 9811"]
    );
    assert_eq!(
        i.promotion_check.as_ref().unwrap().prs[0].url,
        "https://github.com/kubernetes/k8s.io/pull/9811"
    );
    // The reference is the link: it leaves the label with its colon.
    assert_eq!(
        i.step(StepId::ImagePromotion).unwrap().label,
        "Image Promotion PR"
    );

    let bare = checklist::read(IssueInput {
        title: Some("Cut v1.37.0-rc.0 release"),
        body: "- NoMock Run\n  - [x] Stage\n  - [x] Image Promotion PR: #9811 and kubernetes/release#9812\n  - [ ] Release\n",
        created_at: Some("2026-08-04T09:00:00Z"),
    });
    assert!(links(&bare, StepId::ImagePromotion).is_empty());
    assert!(has_warning(
        &bare,
        "has no link to a kubernetes/k8s.io pull request"
    ));
}

/// Review of issue 12, item 16: tags in parentheses right after the one PR link name what it
/// promotes, as its link text would.
#[test]
fn tags_in_parentheses_after_the_one_promotion_link_count() {
    use relcut_core::checklist::Coverage;
    let i = read("e6-2026-rc0-promo-tags-in-parentheses.md");
    let c = i.promotion_check.as_ref().unwrap();
    assert_eq!(c.coverage, Coverage::Exact, "{c:#?}");
    assert_eq!(
        c.message,
        "PR kubernetes/k8s.io#9811 promotes exactly v1.37.0-rc.0 / v1.38.0-alpha.0"
    );
    // Two PRs on the text: a parenthesis after one of them is that one's, not the other's.
    let two = checklist::read(IssueInput {
        title: Some("Cut v1.37.0-rc.0 release"),
        body: "- NoMock Run\n  - [x] Stage\n  - [x] Image Promotion PR: https://github.com/kubernetes/k8s.io/pull/9810 (v1.37.0-rc.0) https://github.com/kubernetes/k8s.io/pull/9812\n  - [ ] Release\n",
        created_at: Some("2026-08-04T09:00:00Z"),
    });
    let c = two.promotion_check.as_ref().unwrap();
    let tags: Vec<Option<Vec<String>>> = c
        .prs
        .iter()
        .map(|p| {
            p.tags
                .as_ref()
                .map(|t| t.iter().map(ToString::to_string).collect())
        })
        .collect();
    assert_eq!(tags, [Some(vec!["v1.37.0-rc.0".to_string()]), None]);
    assert_eq!(c.coverage, Coverage::Unknown);
}

/// Review 2 of issue 12, item 6: an rc.0 item linking both PRs, each with its tags in
/// parentheses right after its own link, or one PR with its tags after `for`: the tags are
/// known and the coverage exact (or a mismatch when a PR names the wrong tag).
#[test]
fn each_promotion_pr_has_the_tags_written_right_after_its_own_link() {
    use relcut_core::checklist::Coverage;
    let pr = |n: u32| format!("https://github.com/kubernetes/k8s.io/pull/{n}");
    let check = |item: String| {
        let body = format!("- NoMock Run\n  - [x] Stage\n  - [x] {item}\n  - [ ] Release\n");
        checklist::read(IssueInput {
            title: Some("Cut v1.37.0-rc.0 release"),
            body: &body,
            created_at: Some("2026-08-04T09:00:00Z"),
        })
        .promotion_check
        .unwrap()
    };
    let tags = |c: &checklist::PromotionCheck| -> Vec<Option<Vec<String>>> {
        c.prs
            .iter()
            .map(|p| {
                p.tags
                    .as_ref()
                    .map(|t| t.iter().map(ToString::to_string).collect())
            })
            .collect()
    };
    let c = check(format!(
        "Image Promotion PR: {} (v1.37.0-rc.0) and {} (v1.38.0-alpha.0)",
        pr(9811),
        pr(9812)
    ));
    assert_eq!(
        tags(&c),
        [
            Some(vec!["v1.37.0-rc.0".to_string()]),
            Some(vec!["v1.38.0-alpha.0".to_string()])
        ]
    );
    assert_eq!(c.coverage, Coverage::Exact, "{c:#?}");
    assert_eq!(
        c.message,
        "PRs kubernetes/k8s.io#9811, kubernetes/k8s.io#9812 promote exactly v1.37.0-rc.0 / v1.38.0-alpha.0"
    );
    let c = check(format!(
        "Image Promotion PR: [#9811]({}) (v1.37.0-rc.0), [#9812]({}) (v1.37.0-rc.0)",
        pr(9811),
        pr(9812)
    ));
    assert_eq!(c.coverage, Coverage::Mismatch, "{c:#?}");
    assert!(
        c.message.starts_with(
            "PRs kubernetes/k8s.io#9811, kubernetes/k8s.io#9812 do not fit the v1.37.0-rc.0 cut"
        ),
        "{}",
        c.message
    );
    // One PR: the verb agrees.
    let c = check(format!("Image Promotion PR: {} (v1.37.0-rc.0)", pr(9811)));
    assert_eq!(c.coverage, Coverage::Mismatch, "{c:#?}");
    assert!(
        c.message
            .starts_with("PR kubernetes/k8s.io#9811 does not fit the v1.37.0-rc.0 cut"),
        "{}",
        c.message
    );
    let c = check(format!(
        "Image Promotion PR: {} for v1.37.0-rc.0 and v1.38.0-alpha.0",
        pr(9811)
    ));
    assert_eq!(
        tags(&c),
        [Some(vec![
            "v1.37.0-rc.0".to_string(),
            "v1.38.0-alpha.0".to_string()
        ])]
    );
    assert_eq!(c.coverage, Coverage::Exact, "{c:#?}");
    let c = check(format!(
        "Image Promotion PR: {} for v1.37.0-rc.0, {} for v1.38.0-alpha.0",
        pr(9811),
        pr(9812)
    ));
    assert_eq!(c.coverage, Coverage::Exact, "{c:#?}");
}

/// Review of issue 12, items 9 and 12: a 2019 issue's date moved with a Unicode arrow is the new
/// date, and the missing-items warning cites the template of that day, not today's.
#[test]
fn e0_2019_unicode_arrow_and_the_template_of_its_day() {
    use relcut_core::checklist::WarningId;
    let i = read("e0-2019-official-unicode-arrow.md");
    assert_eq!(i.scheduled.as_deref(), Some("2019-03-07"));
    assert_eq!(i.opened.as_deref(), Some("2019-03-07"));
    let w = i
        .warnings
        .iter()
        .find(|w| w.id == WarningId::MissingItems)
        .expect("testgrid and metrics are missing");
    let src = w.source.unwrap();
    assert_eq!(
        src.reference,
        "kubernetes/sig-release:.github/ISSUE_TEMPLATE/cut-release.md"
    );
    // kubernetes/sig-release#527, merged 2019-03-02: the template in force on 2019-03-07.
    assert_eq!(src.date, "2019-03-02");
    assert!(
        src.url
            .contains("/blob/ec164f2b42b9b7317ba6bc3a5535420822061b71/"),
        "{src:?}"
    );
    for arrow in ["→", "⇒", "⟶", "->"] {
        let body = format!("## Scheduled to happen: Tue, 2019-03-05 {arrow} Wed, 2019-03-07\n");
        let i = checklist::read(IssueInput {
            title: Some("Cut v1.14.0 release"),
            body: &body,
            created_at: None,
        });
        assert_eq!(i.scheduled.as_deref(), Some("2019-03-07"), "{arrow}");
    }
}

/// Review of issue 12, item 11 (its inputs t3 and t7): removing links keeps the label's meaning
/// and the links keep the order of the text.
#[test]
fn labels_keep_their_meaning_and_links_their_order() {
    let i = read("e3-2024-labels-around-links.md");
    let label = |id: StepId| i.step(id).unwrap().label.clone();
    assert_eq!(
        label(StepId::SlackNotify),
        "Notify #release-management, and #kubernetes-dev"
    );
    assert_eq!(
        label(StepId::SlackThread),
        "Create a thread on #release-management"
    );
    assert_eq!(
        label(StepId::Email),
        "Send notification (dev@) and announce"
    );
    assert_eq!(
        links(&i, StepId::Email),
        [
            "https://groups.google.com/a/kubernetes.io/g/dev/c/abc123",
            "https://groups.google.com/g/kubernetes-announce/c/def"
        ]
    );
    assert_eq!(label(StepId::ImagePromotion), "Image Promotion");
    // Links that are part of the sentence keep their text.
    assert_eq!(
        label(StepId::Schedule),
        "Update schedule.yaml file with the latest release using schedule-builder"
    );
    // A link text that names something (here the tags, as on kubernetes/sig-release#2916's
    // shape) stays, and so does a colon that words follow.
    let tags = checklist::read(IssueInput {
        title: Some("Cut v1.35.0-rc.0 release"),
        body: "- NoMock Run\n  - [x] Image Promotion PR: [v1.35.0-rc.0](https://github.com/kubernetes/k8s.io/pull/8830), [v1.36.0-alpha.0](https://github.com/kubernetes/k8s.io/pull/8831)\n",
        created_at: Some("2025-12-02T00:00:00Z"),
    });
    assert_eq!(
        tags.step(StepId::ImagePromotion).unwrap().label,
        "Image Promotion PR: v1.35.0-rc.0, v1.36.0-alpha.0"
    );
    assert_eq!(
        read("e6-2026-rc0-promo-title-wrapped.md")
            .step(StepId::ImagePromotion)
            .unwrap()
            .label,
        "Image Promotion PR: releng: Image promotion for kubernetes v1.37.0-rc.0"
    );
}

/// Review of issue 12, item 14: a warning quotes a short prefix of a huge item, not the item.
#[test]
fn a_huge_unknown_item_is_quoted_short() {
    use relcut_core::checklist::WarningId;
    let huge = format!("- [x] Water the plants {}\n", "x".repeat(150_000));
    let i = checklist::read(IssueInput {
        title: Some("Cut v1.35.3 release"),
        body: &huge,
        created_at: Some("2026-05-12T08:10:00Z"),
    });
    let w = i
        .warnings
        .iter()
        .find(|w| w.id == WarningId::UnknownItem)
        .unwrap();
    assert!(w.message.len() < 200, "{}", w.message.len());
    assert!(
        w.message.starts_with("`Water the plants xxx"),
        "{}",
        w.message
    );
    assert!(w.message.contains("...` is ticked"), "{}", w.message);
}

/// Review of issue 12, item 7: an alpha.0 is never cut on its own; status warns with `plan`'s
/// words.
#[test]
fn an_alpha_0_cut_issue_is_warned_about_as_plan_refuses_it() {
    let i = checklist::read(IssueInput {
        title: Some("Cut v1.36.0-alpha.0 release"),
        body: "- [ ] Create a thread on #release-management:\n",
        created_at: Some("2026-09-17T07:00:00Z"),
    });
    let w = i
        .warnings
        .iter()
        .find(|w| w.id.as_str() == "never-cut-alone")
        .expect("a never-cut-alone warning");
    let refusal = relcut_core::version::Tag::parse("v1.36.0-alpha.0")
        .unwrap()
        .cut_kind()
        .unwrap_err();
    assert_eq!(w.message, refusal.to_string());
    assert!(w.message.contains("is never cut on its own"));
    assert!(w
        .message
        .contains("cut that rc.0, or the next alpha `v1.36.0-alpha.1`"));
}

/// Review of issue 12, item 15 (its input t6, `Cut 1.15.0-beta.1 release` of 2019): until the
/// 1.20 cycle (kubernetes/sig-release#1300, 2020-10-20) beta.0 created the release branch, so a
/// beta of 1.19 or older was cut from `release-1.X`; later betas come from master.
#[test]
fn betas_before_1_20_were_cut_from_the_release_branch() {
    let i = read("e0-2019-beta.md");
    assert_eq!(i.version.unwrap().to_string(), "v1.14.0-beta.1");
    assert_eq!(i.branch.unwrap().to_string(), "release-1.14");
    let branch = |title: &str| {
        checklist::read(IssueInput {
            title: Some(title),
            body: "",
            created_at: None,
        })
        .branch
        .unwrap()
        .to_string()
    };
    assert_eq!(branch("Cut 1.15.0-beta.1 release"), "release-1.15");
    assert_eq!(branch("Cut v1.19.0-beta.0 release"), "release-1.19");
    assert_eq!(branch("Cut v1.20.0-beta.0 release"), "master");
    assert_eq!(branch("Cut v1.15.0-alpha.3 release"), "master");
    assert_eq!(branch("Cut v1.15.0-rc.1 release"), "release-1.15");
}

/// Postponed cuts written the other ways release managers write them (the strike-through in
/// HTML, the new date in words, an arrow with no date after it yet): the date in
/// force is the new one, it feeds `krel history --date-from`, and the header shows neither
/// `~~` nor a dangling arrow. A date that cannot be read is said so.
#[test]
fn postponed_dates_in_html_or_words_read_the_new_date_and_unreadable_ones_warn() {
    let read_header = |header: &str| {
        let body = format!("{header}\n\n- [ ] Mock Run\n  - [ ] Stage\n");
        checklist::read(IssueInput {
            title: Some("Cut v1.13.4 release"),
            body: &body,
            created_at: Some("2019-03-01T09:00:00Z"),
        })
    };
    for (header, want) in [
        (
            "## Scheduled to happen: <del>Tue, 2019-03-05</del> Wed, 2019-03-07",
            "2019-03-07",
        ),
        (
            "## Scheduled to happen: <s>Tue, 2019-03-05</s> Wed, 2019-03-07",
            "2019-03-07",
        ),
        (
            "## Scheduled to happen: Mon, March 4th 2019 (moved to Wed, March 6 2019)",
            "2019-03-06",
        ),
        (
            "## Scheduled to happen: Tue, 2019-03-05 (postponed to 2019-03-07)",
            "2019-03-07",
        ),
        ("## Scheduled to happen: Wed, 2019-03-07 →", "2019-03-07"),
    ] {
        let i = read_header(header);
        assert_eq!(i.scheduled.as_deref(), Some(want), "{header}");
        assert_eq!(
            i.plan(None)
                .unwrap()
                .step(StepId::Metrics)
                .unwrap()
                .commands,
            [format!(
                "krel history --branch release-1.13 --date-from {want}"
            )],
            "{header}"
        );
        let report = relcut_core::checklist::StatusReport::build(&i, None, None).text();
        assert!(report.contains(&format!("scheduled {want}")), "{report}");
        assert!(!has_warning(&i, "scheduled"), "{header}: {:#?}", i.warnings);
    }
    for (header, why) in [
        (
            "## Scheduled to happen: Tue, 2019-02-30",
            "`2019-02-30` is no day of the calendar",
        ),
        (
            "## Scheduled to happen: ~~Tue, 2019-03-05~~",
            "`Tue, 2019-03-05` is struck through and no new date follows",
        ),
    ] {
        let i = read_header(header);
        assert_eq!(i.scheduled, None, "{header}");
        let report = relcut_core::checklist::StatusReport::build(&i, None, None).text();
        assert!(!report.contains("~~"), "{report}");
        assert!(has_warning(&i, why), "{header}: {:#?}", i.warnings);
    }
}

/// Ticked items of a 2024 patch issue written with the links in the sentence: what the removed
/// links leave (a colon before `and`, a `see`/`also` that pointed at them, a full stop after a
/// reference) goes with them.
#[test]
fn labels_lose_the_words_that_only_pointed_at_removed_links() {
    let slack = "https://kubernetes.slack.com/archives/CJH2GBF7Y/p1718100000009999";
    let dev = "https://kubernetes.slack.com/archives/C0EG7JC6T/p1718100000009998";
    let pr = "https://github.com/kubernetes/k8s.io/pull/6800";
    let pr2 = "https://github.com/kubernetes/k8s.io/pull/6801";
    let mail = "https://groups.google.com/a/kubernetes.io/g/dev/c/abc123";
    for (item, id, want) in [
        (
            format!("- [x] Notify #release-management: {slack} and #kubernetes-dev: {dev}"),
            StepId::SlackNotify,
            "Notify #release-management and #kubernetes-dev",
        ),
        (
            format!("- [x] Send email notification: (see {mail})"),
            StepId::Email,
            "Send email notification",
        ),
        (
            format!("- NoMock Run\n  - [x] Image Promotion PR: see {pr}, also {pr2}"),
            StepId::ImagePromotion,
            "Image Promotion PR",
        ),
        (
            "- NoMock Run\n  - [x] Image Promotion PR: kubernetes/k8s.io#9811.".to_string(),
            StepId::ImagePromotion,
            "Image Promotion PR",
        ),
        (
            format!("- NoMock Run\n  - [x] Image Promotion PR: {pr}."),
            StepId::ImagePromotion,
            "Image Promotion PR",
        ),
    ] {
        let body = format!("## Scheduled to happen: Tue, 2024-06-11\n\n{item}\n");
        let i = checklist::read(IssueInput {
            title: Some("Cut v1.30.2 release"),
            body: &body,
            created_at: Some("2024-06-11T00:00:00Z"),
        });
        let step = i.step(id).unwrap();
        assert_eq!(step.label, want, "{item}");
        assert!(!step.links.is_empty(), "{item}: the links are still read");
    }
}

/// Review 2 of issue 12, item 8: GitHub links neither `kubernetes/k8s.io#0` (its numbers
/// start at one) nor a reference or URL inside a code span, so neither is the promotion PR's
/// evidence, and status never suggests `--pr 0`; the same reference written plainly still is.
#[test]
fn pr_zero_and_references_in_code_spans_are_no_links() {
    let read_item = |item: &str| {
        let body = format!("- NoMock Run\n  - [x] Stage\n  - [ ] {item}\n  - [ ] Release\n");
        checklist::read(IssueInput {
            title: Some("Cut v1.37.0-rc.0 release"),
            body: &body,
            created_at: Some("2026-08-04T09:00:00Z"),
        })
    };
    for item in [
        "Image Promotion PR: kubernetes/k8s.io#0",
        "Image Promotion PR: https://github.com/kubernetes/k8s.io/pull/0",
        "Image Promotion PR: `kubernetes/k8s.io#9811`",
        "Image Promotion PR: `https://github.com/kubernetes/k8s.io/pull/9811` (v1.37.0-rc.0 / v1.38.0-alpha.0)",
    ] {
        let i = read_item(item);
        let step = i.step(StepId::ImagePromotion).unwrap();
        assert!(
            step.links.iter().all(|l| !l.contains("k8s.io/pull/")) || item.contains("/pull/0"),
            "{item}: {:?}",
            step.links
        );
        assert!(i.promotion_check.is_none(), "{item}: {:#?}", i.promotion_check);
        assert_eq!(step.state, StepState::Open, "{item}");
        let report = relcut_core::checklist::StatusReport::build(&i, None, None).text();
        assert!(!report.contains("--pr 0"), "{item}: {report}");
    }
    let plain = read_item("Image Promotion PR: kubernetes/k8s.io#9811 and `#9811` in code");
    assert_eq!(
        plain.step(StepId::ImagePromotion).unwrap().links,
        ["https://github.com/kubernetes/k8s.io/pull/9811"]
    );
    assert_eq!(
        plain.step(StepId::ImagePromotion).unwrap().state,
        StepState::InProgress
    );
}

/// The first template (kubernetes/sig-release 092167e0, 2019-02-25) had no Slack notify item:
/// kubernetes/sig-release#527 added it on 2019-03-02. An issue of the first days lacks nothing.
#[test]
fn e0_2019_first_template_is_not_warned_for_slack_notify() {
    let i = read("e0-2019-first-template-no-notify.md");
    assert_eq!(
        i.version.map(|v| v.to_string()).as_deref(),
        Some("v1.14.0-beta.1")
    );
    assert!(i.step(StepId::SlackNotify).is_none(), "{}", states(&i));
    assert!(!has_warning(&i, "no item for"), "{:#?}", i.warnings);
    assert!(!has_warning(&i, "slack-notify"), "{:#?}", i.warnings);
}

/// Until kubernetes/sig-release#1524 (merged 2021-04-28) image promotion was a row of the jobs
/// table, not a checkbox: an issue of January 2021 is not warned for lacking the item, and the
/// row's PR still counts as the step's link.
#[test]
fn e2_2021_promotion_only_in_the_jobs_table_is_not_missing() {
    let i = read("e2-2020-promotion-only-in-jobs-table.md");
    assert_eq!(i.version.map(|v| v.to_string()).as_deref(), Some("v1.20.2"));
    assert!(!has_warning(&i, "image-promotion"), "{:#?}", i.warnings);
    assert!(!has_warning(&i, "no item for"), "{:#?}", i.warnings);
}

/// The same issue shape opened the day the item arrived is warned: the era rule is a date.
#[test]
fn image_promotion_is_missing_from_2021_04_28_on() {
    let path = format!(
        "{}/tests/fixtures/cut-issues/e2-2020-promotion-only-in-jobs-table.md",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).unwrap();
    let doc = checklist::split_front_matter(&text);
    let later = checklist::read(IssueInput {
        title: doc.title.as_deref(),
        body: &doc.body,
        created_at: Some("2021-04-28T12:00:00Z"),
    });
    assert!(
        later
            .warnings
            .iter()
            .any(|w| w.to_string().contains("no item for")
                && w.to_string().contains("image-promotion")),
        "{:#?}",
        later.warnings
    );
}

/// A patch's green-signal item is optional (the handbook asks for it on pre-releases and
/// minors): left unticked behind done steps, it is not "still open" noise.
#[test]
fn e6_2026_patch_optional_green_signal_is_not_still_open() {
    let i = read("e6-2026-patch-green-signal-untouched.md");
    assert_eq!(i.version.map(|v| v.to_string()).as_deref(), Some("v1.34.4"));
    assert!(i.step(StepId::ReleaseSignal).is_some(), "{}", states(&i));
    assert!(!has_warning(&i, "release-signal"), "{:#?}", i.warnings);
    assert!(!has_warning(&i, "still open although"), "{:#?}", i.warnings);

    // A required step left behind is still named, and the optional one still is not.
    let path = format!(
        "{}/tests/fixtures/cut-issues/e6-2026-patch-green-signal-untouched.md",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).unwrap();
    let doc = checklist::split_front_matter(&text);
    let body = doc.body.replace("- [x] Screenshot", "- [ ] Screenshot");
    let i = checklist::read(IssueInput {
        title: doc.title.as_deref(),
        body: &body,
        created_at: doc.created_at.as_deref(),
    });
    assert!(
        has_warning(&i, "still open although `nomock-stage` is done: testgrid;"),
        "{:#?}",
        i.warnings
    );
}
