//! The GitHub Actions runtime protocol, the small part relcut needs: inputs, outputs, the step
//! summary, workflow commands with their escaping, masks and stop-commands.

use std::fmt::Write as _;
use std::io::Write;

/// Where the runtime's values come from: the process environment, or a map in tests.
pub trait Env {
    fn var(&self, key: &str) -> Option<String>;
}

pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, key: &str) -> Option<String> {
        std::env::var(key).ok()
    }
}

impl Env for std::collections::HashMap<String, String> {
    fn var(&self, key: &str) -> Option<String> {
        self.get(key).cloned()
    }
}

/// `INPUT_<NAME>`: upper-cased, spaces to `_`, hyphens kept (the runner's form for JavaScript
/// and Docker actions). A composite action cannot export that form to a shell step, so
/// `INPUT_MIN_PERMISSION` is read too. Empty means unset.
pub fn input(env: &dyn Env, name: &str) -> Option<String> {
    let key = format!("INPUT_{}", name.replace(' ', "_").to_ascii_uppercase());
    env.var(&key)
        .or_else(|| env.var(&key.replace('-', "_")))
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// The toolkit's booleans: `true|True|TRUE|false|False|FALSE`, anything else is an error.
pub fn input_bool(env: &dyn Env, name: &str, default: bool) -> Result<bool, String> {
    match input(env, name).as_deref() {
        None => Ok(default),
        Some("true" | "True" | "TRUE") => Ok(true),
        Some("false" | "False" | "FALSE") => Ok(false),
        Some(other) => Err(format!(
            "input `{name}` is `{other}`: use `true` or `false`"
        )),
    }
}

/// Comma- or newline-separated list input.
pub fn input_list(env: &dyn Env, name: &str) -> Vec<String> {
    input(env, name)
        .map(|v| {
            v.split([',', '\n'])
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// A heredoc delimiter that does not occur as a line of `value`.
pub fn delimiter(value: &str) -> String {
    use std::hash::{BuildHasher, RandomState};
    loop {
        let d = format!("ghadelimiter_{:016x}", RandomState::new().hash_one(value));
        if !value.lines().any(|l| l == d) {
            return d;
        }
    }
}

/// `name<<DELIM\nvalue\nDELIM\n`, the form that is safe for any value.
pub fn output_entry(name: &str, value: &str) -> String {
    let d = delimiter(value);
    format!("{name}<<{d}\n{value}\n{d}\n")
}

fn append(path: &str, text: &str) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    f.write_all(text.as_bytes())
}

/// Writes step outputs to `GITHUB_OUTPUT`; outside Actions, lists them through `report`.
pub fn set_outputs(
    env: &dyn Env,
    outputs: &[(&str, String)],
    report: &dyn crate::report::Reporter,
) -> std::io::Result<()> {
    let text: String = outputs.iter().map(|(k, v)| output_entry(k, v)).collect();
    match env.var("GITHUB_OUTPUT") {
        Some(path) if !path.is_empty() => append(&path, &text),
        _ => {
            for (k, v) in outputs {
                report.note(&format!("output {k}={}", escape_data(v)));
            }
            Ok(())
        }
    }
}

/// Appends Markdown to the step summary (`GITHUB_STEP_SUMMARY`), if there is one.
pub fn summary(env: &dyn Env, markdown: &str) -> std::io::Result<()> {
    match env.var("GITHUB_STEP_SUMMARY") {
        Some(path) if !path.is_empty() => append(&path, &format!("{markdown}\n")),
        _ => Ok(()),
    }
}

/// Escapes a workflow command's message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// `::error title=...::message` (or `warning`, `notice`).
pub fn annotation(level: &str, title: Option<&str>, message: &str) -> String {
    let mut s = format!("::{level}");
    if let Some(t) = title {
        let _ = write!(s, " title={}", escape_property(t));
    }
    let _ = write!(s, "::{}", escape_data(message));
    s
}

/// `::add-mask::` so the runner hides the value in every later log line.
pub fn mask(value: &str) -> String {
    format!("::add-mask::{}", escape_data(value))
}

/// Prints untrusted text (a comment body) with workflow commands switched off around it.
pub fn echo_untrusted(text: &str) -> String {
    let token = delimiter(text).replace("ghadelimiter_", "relcut-");
    format!("::stop-commands::{token}\n{text}\n::{token}::")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn inputs() {
        let e = env(&[
            ("INPUT_MIN-PERMISSION", " maintain "),
            ("INPUT_DRY-RUN", "True"),
            ("INPUT_LABELS", "sig/release,\narea/release-eng\n"),
            ("INPUT_ALLOW-EDITS", "yes"),
        ]);
        assert_eq!(input(&e, "min-permission").as_deref(), Some("maintain"));
        assert_eq!(input_bool(&e, "dry-run", false), Ok(true));
        assert_eq!(input_bool(&e, "missing", true), Ok(true));
        assert!(input_bool(&e, "allow-edits", false)
            .unwrap_err()
            .contains("`yes`"));
        assert_eq!(
            input_list(&e, "labels"),
            ["sig/release", "area/release-eng"]
        );
        let composite = env(&[("INPUT_MAX_WAIT", "30")]);
        assert_eq!(input(&composite, "max-wait").as_deref(), Some("30"));
    }

    #[test]
    fn outputs_use_a_delimiter_absent_from_the_value() {
        let v = "line 1\nline 2";
        let entry = output_entry("promo-tags", v);
        let d = entry
            .lines()
            .next()
            .unwrap()
            .strip_prefix("promo-tags<<")
            .unwrap()
            .to_string();
        assert!(d.starts_with("ghadelimiter_"));
        assert_eq!(entry, format!("promo-tags<<{d}\nline 1\nline 2\n{d}\n"));
        let dir = std::env::temp_dir().join(format!("relcut-rt-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join("out");
        let _ = std::fs::remove_file(&out);
        let e = env(&[("GITHUB_OUTPUT", out.to_str().unwrap())]);
        set_outputs(
            &e,
            &[("version", "v1.36.0".into()), ("next-step", "email".into())],
            &crate::report::Silent,
        )
        .unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.starts_with("version<<ghadelimiter_"));
        assert!(text.contains("\nv1.36.0\n"));
        assert!(text.contains("next-step<<"));
    }

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50%\r\ndone"), "50%25%0D%0Adone");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(
            annotation("error", Some("relcut: bad, tag"), "line1\nline2"),
            "::error title=relcut%3A bad%2C tag::line1%0Aline2"
        );
        assert_eq!(mask("s3cr%t"), "::add-mask::s3cr%25t");
        let echoed = echo_untrusted("::set-env name=X::y");
        let first = echoed.lines().next().unwrap();
        let token = first.strip_prefix("::stop-commands::").unwrap();
        assert!(echoed.ends_with(&format!("::{token}::")));
    }
}
