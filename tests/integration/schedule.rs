use std::path::{Path, PathBuf};

use crate::common::{relcut, root, Run};

fn copy_fixture(name: &str, tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("relcut-sched-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let dst = dir.join(name);
    std::fs::copy(root().join("tests/fixtures/website").join(name), &dst).unwrap();
    dst
}

/// `relcut schedule update` on `schedule` (and `eol`) as of `today`, plus `extra` arguments.
fn update(schedule: &Path, eol: Option<&Path>, today: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "schedule",
        "update",
        "--schedule",
        schedule.to_str().unwrap(),
    ];
    if let Some(e) = eol {
        args.extend(["--eol", e.to_str().unwrap()]);
    }
    args.extend(["--today", today]);
    args.extend(extra);
    relcut(&args)
}

/// How many upcoming releases the schedule file lists.
fn upcoming(schedule: &Path) -> usize {
    let out = std::fs::read_to_string(schedule).unwrap();
    out.split("upcoming_releases:")
        .nth(1)
        .unwrap_or("")
        .matches("targetDate")
        .count()
}

#[test]
fn current_files_stay_byte_identical() {
    let s = copy_fixture("schedule-2024-10.yaml", "same");
    let e = copy_fixture("eol-2024.yaml", "same");
    let before = (std::fs::read(&s).unwrap(), std::fs::read(&e).unwrap());
    let r = update(&s, Some(&e), "2024-10-01", &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        (std::fs::read(&s).unwrap(), std::fs::read(&e).unwrap()),
        before
    );
}

#[test]
fn update_after_the_release_rolls_forward() {
    let s = copy_fixture("schedule-2024-10.yaml", "roll");
    let r = update(&s, None, "2024-10-16", &["--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    assert_eq!(v["added"].as_array().unwrap().len(), 4, "{v}");
    let out = std::fs::read_to_string(&s).unwrap();
    assert!(out.contains("    release: 1.31.3\n"));
    assert!(
        out.ends_with("- cherryPickDeadline: \"2025-01-10\"\n  targetDate: \"2025-01-14\"\n"),
        "{out}"
    );
}

#[test]
fn bad_input_leaves_the_files_untouched() {
    let s = copy_fixture("schedule-2024-10.yaml", "bad");
    let e = copy_fixture("eol-2024.yaml", "bad");
    std::fs::write(&e, "branches:\n- release: \"1.2\"\n  oops: x\n").unwrap();
    let before = std::fs::read(&s).unwrap();
    let r = update(&s, Some(&e), "2024-11-20", &[]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("unknown key `oops`"), "{}", r.stderr);
    assert_eq!(
        std::fs::read(&s).unwrap(),
        before,
        "schedule.yaml untouched"
    );
    assert_eq!(
        std::fs::read_to_string(&e).unwrap(),
        "branches:\n- release: \"1.2\"\n  oops: x\n"
    );

    std::fs::write(&s, "schedules:\n- release: \"1.30\"\n  endOfLifeDate: TBD\n  next:\n    release: 1.30.1\n    targetDate: \"2024-01-09\"\n").unwrap();
    let before = std::fs::read(&s).unwrap();
    let r = update(&s, None, "2024-11-20", &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("`TBD` is not a YYYY-MM-DD date"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read(&s).unwrap(), before);
}

#[test]
fn never_prompts_without_a_terminal() {
    // 2024-12-30: 1.28 retires, and the oldest minor left (1.29) is in its maintenance window;
    // stdin is not a terminal.
    let s = copy_fixture("schedule-2024-10.yaml", "prompt");
    let e = copy_fixture("eol-2024.yaml", "prompt");
    let r = update(&s, Some(&e), "2024-12-30", &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("Oldest supported release 1.29 is in its maintenance window"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("Pass --extra-upcoming"), "{}", r.stderr);
    assert!(
        r.stdout
            .contains("moved to end of life: 1.28 (final patch 1.28.15)"),
        "{}",
        r.stdout
    );
    assert!(std::fs::read_to_string(&e).unwrap().contains("branches:\n- endOfLifeDate: \"2024-10-15\"\n  finalPatchRelease: 1.28.15\n  release: \"1.28\"\n"));
    assert_eq!(upcoming(&s), 3);
    let r = update(&s, None, "2024-12-30", &["--extra-upcoming"]);
    assert_eq!(r.code, 0);
    assert_eq!(upcoming(&s), 4);
}

#[test]
fn render_markdown() {
    let r = relcut(&[
        "schedule",
        "render",
        "--schedule",
        "tests/fixtures/website/schedule-2024-10.yaml",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("schedule_render_2024_10", r.stdout);
}

/// `--json` cites schedule-builder, and kubernetes/release#4413 when the fourth upcoming
/// release's rule came into play; the text names both where it states them.
#[test]
fn update_cites_schedule_builder() {
    let s = copy_fixture("schedule-2024-10.yaml", "cite");
    let r = update(&s, None, "2024-10-16", &["--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    assert_eq!(
        v["source"]["reference"],
        "kubernetes/release:cmd/schedule-builder/cmd/markdown.go"
    );
    assert_eq!(v["source"]["date"], "2026-08-31");
    // The fields that were there before stay.
    for key in [
        "added",
        "retired",
        "skipped",
        "upcoming_dropped",
        "upcoming_added",
        "notes",
    ] {
        assert!(v.get(key).is_some(), "{key}");
    }

    // 2024-12-30: the oldest minor left (1.29) is in its maintenance window.
    let s = copy_fixture("schedule-2024-10.yaml", "cite-window");
    let e = copy_fixture("eol-2024.yaml", "cite-window");
    let v = update(&s, Some(&e), "2024-12-30", &["--json"]).json();
    assert_eq!(
        v["extra_upcoming_source"]["reference"],
        "kubernetes/release#4413"
    );
    assert_eq!(v["extra_upcoming_source"]["date"], "2026-05-26");

    let s = copy_fixture("schedule-2024-10.yaml", "cite-text");
    let e = copy_fixture("eol-2024.yaml", "cite-text");
    let r = update(&s, Some(&e), "2024-12-30", &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "as schedule-builder -u does\n  per kubernetes/release:cmd/schedule-builder/cmd/markdown.go (2026-08-31)\n"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr
            .contains("instead of 3 (kubernetes/release#4413 (2026-05-26))."),
        "{}",
        r.stderr
    );
}

/// kubernetes/release#4510 (fixes #4450, what happened to 1.33 in 2026: website#56216 moved its
/// final patch into `previousPatches` by hand and removed `next`, so schedule-builder skipped it
/// and it never reached eol.yaml until website#57353). Here 1.28 of the October 2024 file gets the
/// same edit; past its end of life (2024-10-28) it moves to eol.yaml with its newest previous patch
/// and its own end of life date, and both files come out byte for byte as schedule-builder writes
/// them (expected files in tests/fixtures/schedule/eol-no-next).
#[test]
fn eol_minor_without_next_moves_to_eol_yaml() {
    // Input and expected output: tests/fixtures/schedule/eol-no-next/README.md says which parts
    // of the expected files are derived from schedule-builder's code after #4510.
    let src = root().join("tests/fixtures/schedule/eol-no-next");
    let dir = std::env::temp_dir().join(format!("relcut-sched-eol-no-next-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (s, e) = (dir.join("schedule.yaml"), dir.join("eol.yaml"));
    std::fs::copy(src.join("schedule.yaml"), &s).unwrap();
    std::fs::copy(src.join("eol.yaml"), &e).unwrap();
    let input = std::fs::read_to_string(&s).unwrap();
    assert!(input.contains(
        "  previousPatches:\n  - cherryPickDeadline: \"2024-10-11\"\n    release: 1.28.15\n"
    ));
    assert!(!input.contains("release: 1.28.15\n    targetDate: \"2024-10-15\"\n  previousPatches:"));

    let r = update(&s, Some(&e), "2024-12-30", &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("moved to end of life: 1.28 (final patch 1.28.15)"),
        "{}",
        r.stdout
    );
    let eol_before = std::fs::read_to_string(src.join("eol.yaml")).unwrap();
    let eol_after = std::fs::read_to_string(&e).unwrap();
    let added = "branches:\n- endOfLifeDate: \"2024-10-28\"\n  finalPatchRelease: 1.28.15\n  release: \"1.28\"\n";
    assert_eq!(
        eol_after,
        eol_before.replacen("branches:\n", added, 1),
        "exactly one branch prepended"
    );
    let want_eol = std::fs::read_to_string(src.join("expected-eol.yaml")).unwrap();
    assert_eq!(eol_after, want_eol);
    let want = std::fs::read_to_string(src.join("expected-schedule.yaml")).unwrap();
    let sched = std::fs::read_to_string(&s).unwrap();
    assert_eq!(
        sched, want,
        "schedule.yaml byte for byte as schedule-builder writes it"
    );
    assert_ne!(sched, input);
}
