//! The `krel version` block pasted into the issue (Release Tools Version).

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

/// The output of `krel version`, as pasted into the issue.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct KrelVersion {
    pub git_version: String,
    pub git_commit: Option<String>,
    pub git_tree_state: Option<String>,
    pub build_date: Option<String>,
    pub go_version: Option<String>,
    pub compiler: Option<String>,
    pub platform: Option<String>,
    pub line: usize,
}

impl KrelVersion {
    /// Reads what `krel version` printed on a terminal (`relcut preflight` runs it).
    pub fn from_output(out: &str) -> Option<KrelVersion> {
        find(out)
    }
}

/// Reads the `krel version` block, from the body or from inside an HTML comment, skipping the
/// template's placeholder (`vM.m.p`, commit `191ddd0b…`).
pub(super) fn find(body: &str) -> Option<KrelVersion> {
    static KV: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"^[ \t]*"?(GitVersion|GitCommit|GitTreeState|BuildDate|GoVersion|Compiler|Platform|gitVersion|gitCommit|gitTreeState|buildDate|goVersion|compiler|platform)"?[ \t]*:[ \t]*"?([^",]*)"?,?[ \t]*$"#)
            .expect("static regex")
    });
    let mut found: Option<KrelVersion> = None;
    let mut current: Option<KrelVersion> = None;
    let finish = |k: Option<KrelVersion>, found: &mut Option<KrelVersion>| {
        if let Some(k) = k {
            let placeholder = k.git_version == "vM.m.p"
                || k.git_commit.as_deref() == Some("191ddd0b0b49af1adb04a98e45cebdd36cae9307");
            if !placeholder && !k.git_version.is_empty() && found.is_none() {
                *found = Some(k);
            }
        }
    };
    for (i, line) in body.lines().enumerate() {
        let Some(c) = KV.captures(line) else {
            if line.trim().is_empty()
                || line.contains("krel")
                || line.contains("```")
                || line.trim_start().starts_with('{')
            {
                continue;
            }
            if current
                .as_ref()
                .is_some_and(|k| k.compiler.is_some() || k.platform.is_some())
            {
                finish(current.take(), &mut found);
            }
            continue;
        };
        let key = c[1].to_ascii_lowercase();
        let value = c[2].trim().to_string();
        if key == "gitversion" {
            finish(current.take(), &mut found);
            current = Some(KrelVersion {
                git_version: value,
                line: i + 1,
                ..KrelVersion::default()
            });
            continue;
        }
        let Some(k) = current.as_mut() else { continue };
        let v = Some(value);
        match key.as_str() {
            "gitcommit" => k.git_commit = v,
            "gittreestate" => k.git_tree_state = v,
            "builddate" => k.build_date = v,
            "goversion" => k.go_version = v,
            "compiler" => k.compiler = v,
            _ => k.platform = v,
        }
    }
    finish(current, &mut found);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn krel_version_blocks() {
        let placeholder = "GitVersion:    vM.m.p\nGitCommit:     191ddd0b0b49af1adb04a98e45cebdd36cae9307\nGitTreeState:  clean\n";
        assert_eq!(find(placeholder), None);
        let banner = "```\n    __ __    ____     ______    __\n   / //_/   / __ \\   / ____/   / /\nkrel: The Kubernetes Release toolbox\n\nGitVersion:    v0.20.1-0.20260226070826-29b1a9894813\nGitCommit:     29b1a9894813\nGitTreeState:  dirty\nBuildDate:     2026-02-26T07:08:26Z\nGoVersion:     go1.26.0\nCompiler:      gc\nPlatform:      linux/amd64\n```\n";
        let k = find(&format!("<!--\n{placeholder}-->\n{banner}")).unwrap();
        assert_eq!(k.git_version, "v0.20.1-0.20260226070826-29b1a9894813");
        assert_eq!(k.git_tree_state.as_deref(), Some("dirty"));
        assert_eq!(k.platform.as_deref(), Some("linux/amd64"));
        let json = "{\n  \"gitVersion\": \"v0.19.0\",\n  \"gitCommit\": \"abc\",\n  \"gitTreeState\": \"clean\"\n}";
        assert_eq!(find(json).unwrap().git_version, "v0.19.0");
    }
}
