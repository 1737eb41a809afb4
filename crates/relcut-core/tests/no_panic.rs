//! The fuzz targets' entry points (fuzz/fuzz_targets) as proptest properties, so that the
//! normal test suite on a stable toolchain exercises them: no input may panic, and what relcut
//! writes reads back the same.

use proptest::prelude::*;
use relcut_core::schedule::{EolBranch, EolFile, PatchRelease, PatchSchedule, Schedule};
use relcut_core::version::{BuildVersion, PreRelease, Tag};
use relcut_core::{command, images, krel, schedule, ReleaseType};

fn texty() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            ".{0,8}",
            proptest::sample::select(vec![
                "/relcut ",
                "status",
                "\n",
                "\r\n",
                "```",
                "> ",
                "    ",
                "<!--",
                "-->",
                "`",
                "tick ",
                "fork=",
                "\"",
                "v1.36.0",
                "-rc.",
                "+",
                "0123456789abcdef",
                "V",
                ".",
                "-",
                "release-1.",
                "- name: ",
                "  dmap:\n",
                "\"sha256:",
                "\": [\"",
                "\"]",
                "schedules:\n",
                "- release: ",
                "  next:\n",
                "    targetDate: ",
                "2026-02-30",
                "1.30",
                ": ",
                "é",
            ])
            .prop_map(str::to_string),
        ],
        0..40,
    )
    .prop_map(|v| v.concat())
}

fn tag() -> impl Strategy<Value = Tag> {
    (
        0u64..3,
        0u64..60,
        0u64..20,
        proptest::option::of((0u8..3, 0u64..10)),
    )
        .prop_map(|(ma, mi, pa, pre)| {
            let pre = pre.map(|(k, n)| match k {
                0 => PreRelease::Alpha(n),
                1 => PreRelease::Beta(n),
                _ => PreRelease::Rc(n),
            });
            Tag::new(ma, mi, pa, pre)
        })
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(prop_oneof![
        "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        "1\\.[0-9]{1,2}(\\.[0-9]{1,2})?",
        "[A-Za-z0-9 ,.:#()\\[\\]/'-]{1,120}",
        Just("TBD".to_string()),
        Just("N/A".to_string()),
    ])
}

fn patch() -> impl Strategy<Value = PatchRelease> {
    (opt_text(), opt_text(), opt_text(), opt_text()).prop_map(
        |(release, cherry_pick_deadline, target_date, note)| PatchRelease {
            release,
            cherry_pick_deadline,
            target_date,
            note,
        },
    )
}

fn trimmed(p: PatchRelease) -> PatchRelease {
    let t = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    PatchRelease {
        release: t(p.release),
        cherry_pick_deadline: t(p.cherry_pick_deadline),
        target_date: t(p.target_date),
        note: t(p.note),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn commands_never_panic(body in texty()) {
        for c in command::parse(&body) {
            prop_assert!(c.line >= 1);
            if let Err(command::CommandError::Unknown { word: Some(w) }) = &c.request {
                prop_assert_eq!(w.to_ascii_lowercase(), w.clone());
            }
        }
    }

    #[test]
    fn versions_never_panic(s in texty()) {
        if let Ok(t) = Tag::parse(&s) {
            prop_assert_eq!(Tag::parse(&t.to_string()), Ok(t));
        }
        let _ = BuildVersion::parse(&s);
        for t in ReleaseType::ALL {
            let _ = krel::generate_release_version(t, &s, "release-1.35", false);
            let _ = krel::generate_release_version(t, &s, &s, true);
        }
    }

    /// Numbers at the edges (the largest u64, the bound relcut parses, just above it) never
    /// panic anywhere a tag is counted on from: a title, a tag argument, a build version.
    #[test]
    fn huge_numbers_never_panic(
        parts in proptest::collection::vec(
            prop_oneof![
                Just(u64::MAX),
                Just(u64::MAX - 1),
                Just(u64::from(u32::MAX)),
                Just(u64::from(u32::MAX) + 1),
                0u64..40,
            ],
            4,
        ),
        kind in 0usize..4,
    ) {
        let pre = ["", "-alpha.", "-rc.", "-beta."][kind];
        let tag = if pre.is_empty() {
            format!("v{}.{}.{}", parts[0], parts[1], parts[2])
        } else {
            format!("v{}.{}.{}{pre}{}", parts[0], parts[1], 0, parts[3])
        };
        let title = format!("Cut {tag} release");
        let issue = relcut_core::checklist::read(relcut_core::checklist::IssueInput {
            title: Some(&title),
            body: "- [x] Image Promotion PR: https://github.com/kubernetes/k8s.io/pull/1\n- [ ] Release\n",
            created_at: Some("2026-11-26T00:00:00Z"),
        });
        let _ = relcut_core::checklist::StatusReport::build(&issue, None, None).text();
        let _ = relcut_core::checklist::StatusReport::build(&issue, None, None).markdown();
        let _ = issue.promotion();
        for rules in [relcut_core::Rules::Current, relcut_core::Rules::Legacy] {
            if let Ok(t) = Tag::parse(&tag) {
                let _ = relcut_core::promotion::promotion(&t, rules, None);
            }
        }
        let _ = relcut_core::plan::plan(&relcut_core::plan::PlanRequest {
            tag: tag.clone(),
            ..relcut_core::plan::PlanRequest::default()
        });
        let build = format!("{tag}.{}+0123456789abcdef", parts[3]);
        for t in ReleaseType::ALL {
            let _ = krel::generate_release_version(t, &build, "release-1.35", false);
            let _ = krel::generate_release_version(t, &build, &format!("release-{}.{}", parts[0], parts[1]), true);
            let _ = krel::generate_release_version(t, &build, "master", false);
        }
    }

    #[test]
    fn tags_round_trip(t in tag()) {
        prop_assert_eq!(Tag::parse(&t.to_string()), Ok(t));
        let _ = t.cut_kind();
    }

    #[test]
    fn yaml_inputs_never_panic(s in texty()) {
        if let Ok(sched) = PatchSchedule::parse(&s) {
            let _ = schedule::render_markdown(&sched);
            prop_assert_eq!(PatchSchedule::parse(&sched.to_yaml()), Ok(sched));
        }
        let _ = EolFile::parse(&s);
        if let Ok(set) = images::parse(&s, "prop") {
            let _ = images::verify(&set, &set, &[Tag::new(1, 36, 0, None)]);
        }
    }

    /// Whatever relcut writes into schedule.yaml and eol.yaml reads back to the same data.
    #[test]
    fn schedule_yaml_round_trips(
        scheds in proptest::collection::vec((opt_text(), opt_text(), proptest::option::of(patch()), opt_text(), opt_text(), proptest::collection::vec(patch(), 0..3)), 0..3),
        upcoming in proptest::collection::vec(patch(), 0..3),
        branches in proptest::collection::vec((opt_text(), opt_text(), opt_text(), opt_text()), 0..3),
    ) {
        let t = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let s = PatchSchedule {
            schedules: scheds.into_iter().map(|(release, release_date, next, eol, maint, prev)| Schedule {
                release: t(release),
                release_date: t(release_date),
                next: next.map(trimmed),
                end_of_life_date: t(eol),
                maintenance_mode_start_date: t(maint),
                previous_patches: prev.into_iter().map(trimmed).collect(),
            }).collect(),
            upcoming_releases: upcoming.into_iter().map(trimmed).collect(),
        };
        let back = PatchSchedule::parse(&s.to_yaml());
        prop_assert_eq!(back.as_ref(), Ok(&s), "{}", s.to_yaml());
        let e = EolFile {
            branches: branches.into_iter().map(|(r, f, d, n)| EolBranch { release: t(r), final_patch_release: t(f), end_of_life_date: t(d), note: t(n) }).collect(),
        };
        let back = EolFile::parse(&e.to_yaml());
        prop_assert_eq!(back.as_ref(), Ok(&e), "{}", e.to_yaml());
    }
}
