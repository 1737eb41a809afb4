//! `relcut --version`: the package version and, built from a git checkout, the commit and
//! whether the tree was dirty (build.rs), as krel prints them.

use std::process::Command;

use crate::common::{relcut, root};

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root())
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[test]
fn version_names_the_commit_and_the_tree_state() {
    let r = relcut(&["--version"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let line = r.stdout.trim_end();
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
    assert_eq!(relcut(&["-V"]).stdout, r.stdout, "-V says the same");

    let commit = if root().join(".git").exists() {
        git(&["rev-parse", "--short=12", "HEAD"])
    } else {
        None
    };
    let Some(commit) = commit else {
        // A tarball or a crates.io package without its VCS note: the version alone.
        assert_eq!(line, format!("relcut {version}"));
        return;
    };
    let clean = format!("relcut {version} (commit {commit}, clean tree)");
    let dirty = format!("relcut {version} (commit {commit}, dirty tree)");
    assert!(line == clean || line == dirty, "{line:?}, HEAD is {commit}");
    // A tree clean now was clean when build.rs last ran (it re-runs on every commit, checkout
    // and change of the index), unless an edit came and went with none of those in between. A
    // tree dirty now may have been edited after the build: either word is right then.
    let status = git(&["status", "--porcelain", "--untracked-files=no"]).unwrap();
    if status.is_empty() {
        assert_eq!(line, clean);
    }
}
