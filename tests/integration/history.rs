use crate::common::relcut;

#[test]
fn parse_json_rows() {
    let v = relcut(&[
        "history",
        "parse",
        "examples/cut-v1.36.0-finished.md",
        "--json",
    ])
    .json();
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0]["step"], "mock-stage");
    assert_eq!(rows[3]["step"], "nomock-release");
    assert_eq!(rows[3]["build_version"], "v1.36.0-rc.1.52+8f7e6d5c4b3a21");
    assert_eq!(rows[3]["duration_seconds"], 810);
    assert_eq!(rows[3]["succeeded"], true);
    assert_eq!(rows[3]["start"], "2026-04-22T11:40:05.400000004Z");
    for key in [
        "step",
        "command",
        "build_version",
        "link",
        "start",
        "duration_seconds",
        "succeeded",
    ] {
        assert!(rows[0].get(key).is_some(), "{key}");
    }
}

#[test]
fn render_in_krel_format() {
    let r = relcut(&["history", "render", "examples/cut-v1.36.0-finished.md"]);
    assert_eq!(r.code, 0);
    insta::assert_snapshot!("history_render_finished", r.stdout);
    let none = relcut(&["history", "parse", "examples/cut-v1.35.5-patch.md"]);
    assert_eq!(none.stdout, "no jobs found\n");
}

#[test]
fn render_mermaid_adds_the_gantt_chart() {
    let r = relcut(&[
        "history",
        "render",
        "--mermaid",
        "tests/fixtures/history/official-in-progress-with-ledger.md",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("#### Release jobs"), "{}", r.stdout);
    insta::assert_snapshot!("history_render_mermaid_in_progress", r.stdout);
    let finished = relcut(&[
        "history",
        "render",
        "--mermaid",
        "examples/cut-v1.36.0-finished.md",
    ]);
    assert_eq!(finished.code, 0);
    assert!(finished.stdout.contains("```mermaid\ngantt\n"));
    insta::assert_snapshot!("history_render_mermaid_finished", finished.stdout);
    let plain = relcut(&["history", "render", "examples/cut-v1.36.0-finished.md"]);
    assert!(
        !plain.stdout.contains("mermaid"),
        "the chart only on request"
    );
    let none = relcut(&[
        "history",
        "render",
        "--mermaid",
        "examples/cut-v1.35.5-patch.md",
    ]);
    assert_eq!(none.code, 0);
    assert!(none.stdout.contains("No chart"), "{}", none.stdout);
}
