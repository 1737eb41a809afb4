use std::path::PathBuf;
use std::process::{Command, Output};

/// The repository root, for fixtures and examples.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A gh that is not installed: no test asks the real one for a token.
pub const NO_GH: &str = "/nonexistent/relcut-test-gh";

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(out: Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

pub fn relcut(args: &[&str]) -> Run {
    Command::new(env!("CARGO_BIN_EXE_relcut"))
        .args(args)
        .current_dir(root())
        .env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN")
        // Colour in a pipe only when asked (tests/integration/colour.rs asks).
        .env_remove("CLICOLOR_FORCE")
        .env("RELCUT_GH", NO_GH)
        .output()
        .expect("run relcut")
        .into()
}

/// Runs relcut with every service (GitHub, prow, GCS, testgrid) pointed at the stand-in `uri`,
/// plus `extra` environment variables, off the async runtime the stand-in serves on.
pub async fn relcut_against(args: &[&str], uri: &str, extra: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_relcut"));
    cmd.args(args)
        .env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN")
        .env_remove("CLICOLOR_FORCE")
        .env("RELCUT_GH", NO_GH);
    for var in [
        "GITHUB_API_URL",
        "RELCUT_PROW_URL",
        "RELCUT_GCS_URL",
        "RELCUT_TESTGRID_URL",
    ] {
        cmd.env(var, uri);
    }
    for (k, v) in extra {
        cmd.env(k, v);
    }
    tokio::task::spawn_blocking(move || cmd.output().expect("run relcut"))
        .await
        .unwrap()
        .into()
}
