use crate::common::{relcut, root};

#[test]
fn render_title_and_body() {
    let r = relcut(&["checklist", "render", "v1.36.0-rc.0", "--title"]);
    assert_eq!(r.stdout, "Cut v1.36.0-rc.0 release\n");
    let r = relcut(&["checklist", "render", "v1.36.0-rc.0"]);
    assert_eq!(r.code, 0);
    assert!(r
        .stdout
        .contains("- [ ] Post-release branch creation tasks"));
    assert!(r
        .stdout
        .contains("| Mock stage | `krel stage --type rc --branch release-1.36` |"));
    let r = relcut(&["checklist", "render", "1.36.0"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("use `v1.36.0`"));
}

#[test]
fn tick_in_place_changes_one_line() {
    let dir = std::env::temp_dir().join(format!("relcut-tick-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("cut.md");
    let original =
        std::fs::read_to_string(root().join("examples/cut-v1.36.0-rc.1-in-progress.md")).unwrap();
    std::fs::write(&path, &original).unwrap();
    let p = path.to_str().unwrap();
    let url = "https://github.com/kubernetes/k8s.io/pull/9350";
    let r = relcut(&[
        "checklist",
        "tick",
        p,
        "--step",
        "image-promotion",
        "--link",
        url,
        "--in-place",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let after = std::fs::read_to_string(&path).unwrap();
    let diff: Vec<(&str, &str)> = original
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        diff,
        [(
            "  - [ ] Image Promotion PR: <!-- Paste Pull Request URL here -->",
            "  - [x] Image Promotion PR: https://github.com/kubernetes/k8s.io/pull/9350"
        )]
    );
    assert!(
        after.starts_with("---\ntitle: Cut v1.36.0-rc.1 release\n"),
        "front matter kept"
    );
    let v = relcut(&["status", p, "--json"]).json();
    assert_eq!(
        v["next"], "promotion-job",
        "the gate before the no-mock release"
    );

    let r = relcut(&["checklist", "tick", p, "--step", "schedule"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("this issue has no item for `schedule`: it has `release-signal`"),
        "{}",
        r.stderr
    );
}
