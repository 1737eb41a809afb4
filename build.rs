//! `relcut --version`: the package version and, when built from a git checkout, the commit and
//! whether the tree was dirty (krel prints the same facts, and release managers compare them).
//!
//! Sources, first found wins: the checkout's git (only when this package's own directory holds
//! `.git`, so a crate unpacked under someone's git-tracked home never takes that repository's
//! commit); `.cargo_vcs_info.json`, which `cargo package` writes into a crates.io package; else
//! the version alone (a tarball, no git installed).
//!
//! Re-run only when HEAD moves (checkout, commit: HEAD, the branch's ref, packed-refs) or the
//! index changes (add, reset, commit), not on every edit, so the binary is not rebuilt needlessly.
//! The dirty flag is therefore the state when one of those last changed.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let version = std::env::var("CARGO_PKG_VERSION").expect("set by cargo");
    let build = from_git(&dir).or_else(|| from_vcs_info(&dir));
    let long = match build {
        Some((commit, dirty)) => {
            let state = if dirty { "dirty" } else { "clean" };
            format!("{version} (commit {commit}, {state} tree)")
        }
        None => version,
    };
    println!("cargo:rustc-env=RELCUT_LONG_VERSION={long}");
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        // Reading the status must not rewrite the index, or every build would re-run this.
        .arg("--no-optional-locks")
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn from_git(dir: &Path) -> Option<(String, bool)> {
    if !dir.join(".git").exists() {
        return None;
    }
    // In a worktree `.git` is a file; ask git where HEAD, the refs and the index live.
    let git_dir = PathBuf::from(git(dir, &["rev-parse", "--absolute-git-dir"])?);
    let common = git(dir, &["rev-parse", "--git-common-dir"])
        .map(|p| dir.join(p))
        .unwrap_or_else(|| git_dir.clone());
    println!("cargo:rerun-if-changed={}", git_dir.join("HEAD").display());
    println!("cargo:rerun-if-changed={}", git_dir.join("index").display());
    println!(
        "cargo:rerun-if-changed={}",
        common.join("packed-refs").display()
    );
    if let Some(branch) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
        println!("cargo:rerun-if-changed={}", common.join(branch).display());
    }
    let commit = git(dir, &["rev-parse", "--short=12", "HEAD"])?;
    let status = git(dir, &["status", "--porcelain", "--untracked-files=no"])?;
    Some((commit, !status.is_empty()))
}

/// `{"git": {"sha1": "…", "dirty": true}, "path_in_vcs": ""}`, read without a JSON crate.
fn from_vcs_info(dir: &Path) -> Option<(String, bool)> {
    let path = dir.join(".cargo_vcs_info.json");
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(path).ok()?;
    let sha = text.split("\"sha1\"").nth(1)?.split('"').nth(1)?;
    if sha.len() < 12 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let dirty = text
        .split("\"dirty\"")
        .nth(1)
        .is_some_and(|rest| rest.trim_start_matches([':', ' ']).starts_with("true"));
    Some((sha[..12].to_string(), dirty))
}
