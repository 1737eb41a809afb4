//! The release packaging and the action's installer, end to end: `scripts/dist.sh` packages the
//! binary these tests run (`RELCUT_DIST_BIN`, no release build), `scripts/install-relcut.sh`
//! installs it from the `file://` URLs dist wrote, exactly as action.yml runs it. A good archive
//! runs; a tampered archive or list is refused by name; a binary planted where the Actions cache
//! used to restore relcut never runs; the build from source gets no token and no file commands.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{root, Run};

/// A scratch directory of its own per test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("relcut-dist-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes an executable file through a child process: a file this (multi-threaded) process
/// held open for writing could be inherited by a child another test forks meanwhile, and
/// executing it would then fail with "Text file busy".
fn write_executable(path: &Path, text: &str) {
    let status = Command::new("sh")
        .args([
            "-c",
            "printf '%s' \"$1\" > \"$2\" && chmod 755 \"$2\"",
            "sh",
            text,
        ])
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

/// A foreign program: running it leaves `marker` behind.
fn foreign_binary(path: &Path, marker: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    write_executable(
        path,
        &format!(
            "#!/bin/sh\necho planted >> '{}'\necho 'relcut 0.1.0'\n",
            marker.display()
        ),
    );
}

/// bash, found once on the test's own PATH (some tests give the scripts a PATH without it).
fn bash() -> PathBuf {
    std::env::split_paths(&std::env::var_os("PATH").unwrap())
        .map(|d| d.join("bash"))
        .find(|p| p.is_file())
        .expect("bash on PATH")
}

/// `scripts/dist.sh OUT` packaging the binary these tests run, stripped first (its 130 MB of
/// debug info would be copied and hashed three times per test; the code is the same).
fn dist(out: &Path) -> Run {
    std::fs::create_dir_all(out).unwrap();
    let bin = out.with_extension("bin");
    let stripped = Command::new("strip")
        .arg("--strip-all")
        .arg("-o")
        .arg(&bin)
        .arg(env!("CARGO_BIN_EXE_relcut"))
        .status()
        .is_ok_and(|s| s.success());
    if !stripped {
        std::fs::copy(env!("CARGO_BIN_EXE_relcut"), &bin).unwrap();
    }
    Command::new(bash())
        .arg(root().join("scripts/dist.sh"))
        .arg(out)
        .env("RELCUT_DIST_BIN", &bin)
        .env_remove("RELCUT_DIST_BASE_URL")
        .env_remove("RELCUT_DIST_TARGET")
        .output()
        .expect("bash")
        .into()
}

/// The one archive line dist wrote: (target, URL, SHA-256).
fn entry(list: &str) -> (String, String, String) {
    let lines: Vec<&str> = list.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(lines.len(), 1, "{list}");
    let f: Vec<&str> = lines[0].split(' ').collect();
    assert_eq!(f.len(), 3, "{list}");
    (f[0].to_string(), f[1].to_string(), f[2].to_string())
}

/// `install-relcut.sh STEP` the way action.yml runs it: the action's directory, the runner's
/// temporary directory and the step's output file, plus `env`.
fn installer(step: &str, action: &Path, runner_temp: &Path, env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(bash());
    cmd.arg(root().join("scripts/install-relcut.sh"))
        .arg(step)
        .env("RELCUT_ACTION_PATH", action)
        .env("RUNNER_TEMP", runner_temp)
        .env("GITHUB_OUTPUT", runner_temp.join("github_output"))
        .env("GITHUB_ACTIONS", "true")
        .env_remove("RUNNER_OS")
        .env_remove("RUNNER_ARCH");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("bash").into()
}

fn outputs(runner_temp: &Path) -> String {
    std::fs::read_to_string(runner_temp.join("github_output")).unwrap_or_default()
}

fn output(runner_temp: &Path, key: &str) -> Option<String> {
    outputs(runner_temp)
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix(&format!("{key}=")).map(str::to_string))
}

/// Where the action's old `actions/cache` step restored `bin/relcut` (and any workflow of the
/// repository could have saved its own program under that public key).
fn cache_path(runner_temp: &Path) -> PathBuf {
    runner_temp.join("relcut-bin/bin/relcut")
}

/// dist packages the binary with its checksum and list; the installer accepts exactly that and
/// the installed relcut runs. A binary planted where the cache restored relcut is not touched.
#[test]
fn dist_writes_what_the_installer_accepts_and_the_archive_runs() {
    let tmp = scratch("good");
    let out = tmp.join("out");
    let r = dist(&out);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let list = std::fs::read_to_string(out.join("relcut-binaries.txt")).unwrap();
    let (target, url, sum) = entry(&list);
    let archive = out.join(format!("relcut-{target}.tar"));
    assert_eq!(url, format!("file://{}", archive.display()));
    let side = std::fs::read_to_string(out.join(format!("relcut-{target}.tar.sha256"))).unwrap();
    assert_eq!(side, format!("{sum}  relcut-{target}.tar\n"));
    // `sha256sum -c` reads the .sha256 as the README's install command does.
    let check = Command::new("sha256sum")
        .args(["-c", &format!("relcut-{target}.tar.sha256")])
        .current_dir(&out)
        .output()
        .unwrap();
    assert!(check.status.success(), "{check:?}");

    let action = tmp.join("action");
    std::fs::create_dir_all(&action).unwrap();
    std::fs::copy(
        out.join("relcut-binaries.txt"),
        action.join("relcut-binaries.txt"),
    )
    .unwrap();
    let runner_temp = tmp.join("runner");
    let marker = tmp.join("planted-ran");
    foreign_binary(&cache_path(&runner_temp), &marker);

    let r = installer("install", &action, &runner_temp, &[]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let bin = PathBuf::from(output(&runner_temp, "bin").expect("bin output"));
    assert!(
        bin.starts_with(&runner_temp) && bin != cache_path(&runner_temp),
        "{bin:?}"
    );
    assert_eq!(output(&runner_temp, "url").as_deref(), Some(url.as_str()));
    assert!(!marker.exists(), "the planted binary ran");

    // The installed binary is the packaged one, and it works.
    let ours = Command::new(env!("CARGO_BIN_EXE_relcut"))
        .arg("--version")
        .output()
        .unwrap();
    let installed = Command::new(&bin).arg("--version").output().unwrap();
    assert_eq!(installed.stdout, ours.stdout);
    assert!(
        r.stdout
            .contains(String::from_utf8_lossy(&ours.stdout).trim()),
        "{}",
        r.stdout
    );
    let status = Command::new(&bin)
        .args(["status", "examples/cut-v1.36.0-rc.1-in-progress.md"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    assert!(String::from_utf8_lossy(&status.stdout).contains("Cut v1.36.0-rc.1"));

    // A dist dry run is no GitHub release: nothing to attest, said once, not an error.
    let archive_out = output(&runner_temp, "archive").unwrap();
    let r = installer(
        "attest",
        &action,
        &runner_temp,
        &[
            ("RELCUT_ARCHIVE", &archive_out),
            ("RELCUT_ARCHIVE_URL", &url),
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("not a GitHub release asset"),
        "{}",
        r.stdout
    );
    assert!(!marker.exists());
    let _ = std::fs::remove_dir_all(&tmp);
}

/// An archive changed after dist wrote it, or a list changed after it, is refused, the message
/// says which of the two, and nothing from the archive runs.
#[test]
fn a_tampered_archive_or_list_is_refused_by_name() {
    let tmp = scratch("tampered");
    let out = tmp.join("out");
    let r = dist(&out);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let good_list = std::fs::read_to_string(out.join("relcut-binaries.txt")).unwrap();
    let (target, url, sum) = entry(&good_list);
    let action = tmp.join("action");
    std::fs::create_dir_all(&action).unwrap();
    let marker = tmp.join("planted-ran");
    let install = |list: &str, name: &str| -> (Run, PathBuf) {
        std::fs::write(action.join("relcut-binaries.txt"), list).unwrap();
        let runner_temp = tmp.join(name);
        std::fs::create_dir_all(&runner_temp).unwrap();
        (
            installer("install", &action, &runner_temp, &[]),
            runner_temp,
        )
    };

    // The archive swapped for one holding another program under relcut's name.
    let archive = out.join(format!("relcut-{target}.tar"));
    let good_archive = std::fs::read(&archive).unwrap();
    let evil = tmp.join("evil");
    foreign_binary(&evil.join("relcut"), &marker);
    let tar = Command::new("tar")
        .arg("-cf")
        .arg(&archive)
        .arg("-C")
        .arg(&evil)
        .arg("relcut")
        .status()
        .unwrap();
    assert!(tar.success());
    let (r, runner_temp) = install(&good_list, "archive");
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains(&format!(
            "the archive for {target} does not match its SHA-256: relcut-binaries.txt and the published .sha256 say {sum}"
        )),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Nothing was run") || r.stdout.contains("nothing was run"));
    assert_eq!(output(&runner_temp, "bin"), None);
    assert!(!marker.exists(), "the tampered archive's program ran");
    std::fs::write(&archive, &good_archive).unwrap();

    // The list's checksum changed (the archive and its .sha256 are as dist wrote them).
    let forged = format!("{:0>64}", "1");
    let (r, runner_temp) = install(&good_list.replace(&sum, &forged), "list");
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains(&format!(
            "relcut-binaries.txt does not match the archive for {target}: the list says SHA-256 {forged}, the archive and its published .sha256 both say {sum}"
        )),
        "{}",
        r.stdout
    );
    assert_eq!(output(&runner_temp, "bin"), None);

    // Lines dist never writes are refused with their line number.
    let line = good_list.lines().count() + 1;
    for (extra, says) in [
        (
            "x86_64-pc-windows-msvc https://example.com/relcut-x86_64-pc-windows-msvc.tar"
                .to_string(),
            "expected `TARGET URL SHA256`".to_string(),
        ),
        (
            format!(
                "aarch64-apple-darwin https://example.com/relcut-aarch64-apple-darwin.tar {}",
                &sum[..63]
            ),
            "is not 64 lowercase hex digits".to_string(),
        ),
        (
            format!(
                "aarch64-apple-darwin http://example.com/relcut-aarch64-apple-darwin.tar {sum}"
            ),
            "must be https://".to_string(),
        ),
        (
            format!(
                "aarch64-apple-darwin https://example.com/relcut-x86_64-apple-darwin.tar {sum}"
            ),
            "must name relcut-aarch64-apple-darwin.tar".to_string(),
        ),
        (
            format!("{target} {url} {sum}"),
            format!("{target} is listed twice"),
        ),
    ] {
        let (r, _) = install(&format!("{good_list}{extra}\n"), "syntax");
        assert_eq!(r.code, 1, "{extra}: {}{}", r.stdout, r.stderr);
        assert!(
            r.stdout
                .contains(&format!("relcut-binaries.txt line {line}: "))
                && r.stdout.contains(&says),
            "{extra}: {}",
            r.stdout
        );
    }
    assert!(!marker.exists());
    let _ = std::fs::remove_dir_all(&tmp);
}

/// A pin without a prebuilt binary builds the action's own source; a program planted where the
/// Actions cache restored relcut (any workflow of the repository can write that public key) is
/// never executed, and cargo (here a stand-in that records what it was given and "builds" the
/// binary these tests run) sees no token and no GITHUB_ENV/GITHUB_PATH to reach the next step.
#[test]
fn a_binary_planted_in_the_cache_path_never_runs_and_the_build_gets_no_token() {
    let tmp = scratch("source");
    let action = tmp.join("action");
    std::fs::create_dir_all(&action).unwrap();
    // main's list: comments only, no binary for any target.
    std::fs::copy(
        root().join("relcut-binaries.txt"),
        action.join("relcut-binaries.txt"),
    )
    .unwrap();
    let runner_temp = tmp.join("runner");
    let marker = tmp.join("planted-ran");
    foreign_binary(&cache_path(&runner_temp), &marker);

    let tools = tmp.join("tools");
    std::fs::create_dir_all(&tools).unwrap();
    let seen = tmp.join("cargo-saw");
    write_executable(
        &tools.join("cargo"),
        &format!(
            "#!/bin/sh\n{{ pwd; echo \"$*\"; env; }} > '{}'\nmkdir -p \"$CARGO_TARGET_DIR/action\"\nln -s '{}' \"$CARGO_TARGET_DIR/action/relcut\"\n",
            seen.display(),
            env!("CARGO_BIN_EXE_relcut")
        ),
    );
    let path = format!("{}:{}", tools.display(), std::env::var("PATH").unwrap());
    let env_file = tmp.join("github_env");
    let path_file = tmp.join("github_path");
    let r = installer(
        "install",
        &action,
        &runner_temp,
        &[
            ("PATH", &path),
            ("GITHUB_TOKEN", "ghs_job_token"),
            ("GH_TOKEN", "ghs_job_token"),
            ("INPUT_TOKEN", "ghs_job_token"),
            ("GITHUB_ENV", env_file.to_str().unwrap()),
            ("GITHUB_PATH", path_file.to_str().unwrap()),
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("building relcut from the action's source"),
        "{}",
        r.stdout
    );
    assert!(!marker.exists(), "the planted binary ran");
    let bin = PathBuf::from(output(&runner_temp, "bin").expect("bin output"));
    assert!(
        bin.starts_with(&runner_temp) && bin.ends_with("target/action/relcut"),
        "{bin:?}"
    );
    assert_ne!(bin, cache_path(&runner_temp));
    assert_eq!(output(&runner_temp, "archive"), None, "nothing to attest");

    let saw = std::fs::read_to_string(&seen).unwrap();
    let mut lines = saw.lines();
    assert_eq!(
        lines.next(),
        Some(action.to_str().unwrap()),
        "builds the action's source"
    );
    assert_eq!(
        lines.next(),
        Some("build --locked --quiet --profile action --bin relcut")
    );
    for var in [
        "GITHUB_TOKEN=",
        "GH_TOKEN=",
        "INPUT_TOKEN=",
        "GITHUB_ENV=",
        "GITHUB_PATH=",
        "GITHUB_OUTPUT=",
    ] {
        assert!(
            !saw.lines().any(|l| l.starts_with(var)),
            "cargo saw {var}: {saw}"
        );
    }
    assert!(!saw.contains("ghs_job_token"), "{saw}");
    assert!(!env_file.exists() && !path_file.exists());

    // Every run builds afresh: a second run does not reuse the first one's directory either.
    let r = installer("install", &action, &runner_temp, &[("PATH", &path)]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let again = PathBuf::from(output(&runner_temp, "bin").unwrap());
    assert_ne!(again, bin);
    assert!(!marker.exists());
    let _ = std::fs::remove_dir_all(&tmp);
}

/// action.yml restores nothing from a cache, gives the install step no token, and runs only the
/// binary the install step names.
#[test]
fn the_action_restores_nothing_and_installs_without_the_token() {
    let action = std::fs::read_to_string(root().join("action.yml")).unwrap();
    assert!(
        !action.contains("actions/cache"),
        "no binary may come from the Actions cache"
    );
    let steps = &action[action.find("  steps:").unwrap()..];
    let install = &steps[steps.find("- name: Install relcut").unwrap()..];
    let install = &install[..install
        .find("\n    #")
        .or(install[2..].find("- name:"))
        .unwrap()];
    assert!(install.contains("install-relcut.sh\" install"), "{install}");
    assert!(!install.to_lowercase().contains("token"), "{install}");
    assert!(action.contains("RELCUT_BIN: ${{ steps.install.outputs.bin }}"));
    assert!(action.contains("run: '\"$RELCUT_BIN\" action'"));
}

/// `attest` runs `gh attestation verify` for a GitHub release asset, against relcut's release
/// workflow, and refuses when gh does; without gh it says so and goes on. (gh here is a
/// stand-in that records its arguments; the real one needs the network.)
#[test]
fn the_installer_verifies_build_provenance_with_gh() {
    let tmp = scratch("attest");
    let archive = tmp.join("relcut-x86_64-unknown-linux-musl.tar");
    std::fs::write(&archive, b"archive").unwrap();
    let url = "https://github.com/relcut/relcut/releases/download/v0.2.0/relcut-x86_64-unknown-linux-musl.tar";
    let env = |path: &str| -> Vec<(String, String)> {
        vec![
            ("RELCUT_ARCHIVE".into(), archive.display().to_string()),
            ("RELCUT_ARCHIVE_URL".into(), url.into()),
            ("PATH".into(), path.into()),
        ]
    };
    let run = |path: &str| {
        let e = env(path);
        let e: Vec<(&str, &str)> = e.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        installer("attest", &tmp, &tmp, &e)
    };

    // No gh: a notice, exit 0 (the SHA-256 was checked by `install`).
    let empty = tmp.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let r = run(empty.to_str().unwrap());
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("::notice title=relcut install::gh is not installed"),
        "{}",
        r.stdout
    );

    let tools = tmp.join("tools");
    std::fs::create_dir_all(&tools).unwrap();
    let args = tmp.join("gh-args");
    for (exit, code) in [(0, 0), (1, 1)] {
        write_executable(
            &tools.join("gh"),
            &format!(
                "#!/bin/sh\necho \"$*\" > '{}'\nexit {exit}\n",
                args.display()
            ),
        );
        let r = run(tools.to_str().unwrap());
        assert_eq!(r.code, code, "{}{}", r.stdout, r.stderr);
        assert_eq!(
            std::fs::read_to_string(&args).unwrap().trim(),
            format!(
                "attestation verify {} --repo relcut/relcut --signer-workflow relcut/relcut/.github/workflows/release.yml --deny-self-hosted-runners",
                archive.display()
            )
        );
        if code == 1 {
            assert!(
                r.stdout.contains("gh attestation verify refused"),
                "{}",
                r.stdout
            );
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
}
