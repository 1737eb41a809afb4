//! Known failure texts of the tools a cut runs (krel, kpromo, Cloud Build, OBS, prow and the
//! publishing-bot), each with its cause, its fix, where that is written down and the step of the
//! cut it belongs to: `relcut explain` and `/relcut explain`.
//!
//! The entries are data, not code: `failures.yaml` beside this file, embedded at build time and
//! read once. Matching is one [`RegexSet`] pass over the text, linear in its length whatever it
//! holds (the `regex` crate has no backtracking), so a whole build log can be pasted.
//!
//! ```
//! use relcut_core::explain;
//!
//! let e = explain::explain("FATA growing manifest with image filter [] and tag [1.29.0-alpha.1]: \
//!     no images survived filtering; double-check your --filter_* flag(s) for typos");
//! let failure = e.failure.unwrap();
//! assert_eq!(failure.id, "kpromo-no-images-survived");
//! assert_eq!(failure.step.as_str(), "image-promotion");
//! ```

use std::fmt::Write as _;
use std::sync::OnceLock;

use regex::{Regex, RegexSet};
use serde::Serialize;
use yaml_rust2::{Yaml, YamlLoader};

use crate::md;
use crate::step::StepId;

/// The channel where release managers answer.
pub(crate) const SLACK_CHANNEL_URL: &str = "https://kubernetes.slack.com/archives/CJH2GBF7Y";

/// Where to ask when relcut does not know a text.
pub(crate) const WHERE_TO_ASK: &str = "ask in #release-management on Kubernetes Slack (https://kubernetes.slack.com/archives/CJH2GBF7Y) with the failing lines and the link to the job";

/// The table's text, as committed.
const TABLE: &str = include_str!("failures.yaml");

/// Where a failure's cause and fix are written down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cite {
    /// `kubernetes/k8s.io#9563`, or `owner/repo:path` for a file.
    pub reference: String,
    /// YYYY-MM-DD: the day of the issue or PR, the last change of the file as relcut read it.
    pub date: String,
    pub url: String,
}

impl Cite {
    /// The reference as a link, then the date: for comments.
    pub fn markdown(&self) -> String {
        format!(
            "{} ({})",
            md::link(&self.reference, &self.url),
            md::plain(&self.date)
        )
    }
}

/// One known failure.
#[derive(Debug, Clone)]
pub struct Failure {
    /// Stable kebab-case id (`krel-checkout-behind-remote`).
    pub id: String,
    /// The tool that prints it (`krel`, `kpromo`, `Cloud Build`, `OBS`, `prow`, `publishing-bot`).
    pub tool: String,
    pub step: StepId,
    /// The regex that finds it in a text.
    pub pattern: String,
    /// A message as the tool prints it; the tests resolve it to this entry.
    pub sample: String,
    pub cause: String,
    pub fix: String,
    pub source: Cite,
}

/// A table that does not load: a bug in `failures.yaml`, which the tests catch.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum TableError {
    #[error("failures.yaml does not parse: {0}: fix its YAML syntax")]
    Yaml(String),
    #[error("failures.yaml entry {index}: {message}")]
    Entry { index: usize, message: String },
    #[error("failures.yaml entry `{id}`: its pattern does not compile: {message}")]
    Pattern { id: String, message: String },
}

/// The table and its compiled patterns.
pub struct Table {
    pub failures: Vec<Failure>,
    set: RegexSet,
}

/// Reads a table in the format of `failures.yaml` (used for the embedded one; public so the
/// tests can feed it broken tables).
pub(crate) fn parse_table(text: &str) -> Result<Table, TableError> {
    let docs = YamlLoader::load_from_str(text).map_err(|e| TableError::Yaml(e.to_string()))?;
    let Some(Yaml::Array(items)) = docs.into_iter().next() else {
        return Err(TableError::Yaml(
            "the document is not a list of entries".into(),
        ));
    };
    let mut failures = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        failures.push(entry(item).map_err(|message| TableError::Entry { index, message })?);
    }
    for f in &failures {
        Regex::new(&f.pattern).map_err(|e| TableError::Pattern {
            id: f.id.clone(),
            message: e.to_string(),
        })?;
    }
    let set =
        RegexSet::new(failures.iter().map(|f| &f.pattern)).map_err(|e| TableError::Pattern {
            id: "(the set)".into(),
            message: e.to_string(),
        })?;
    Ok(Table { failures, set })
}

fn field<'a>(y: &'a Yaml, key: &str) -> Result<&'a str, String> {
    y[key]
        .as_str()
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| format!("`{key}` is missing or not a non-empty string"))
}

fn entry(y: &Yaml) -> Result<Failure, String> {
    const KEYS: [&str; 8] = [
        "id", "tool", "step", "pattern", "sample", "cause", "fix", "source",
    ];
    let Yaml::Hash(h) = y else {
        return Err("not a mapping".into());
    };
    for k in h.keys() {
        let known = k.as_str().is_some_and(|k| KEYS.contains(&k));
        if !known {
            return Err(format!("unknown key {k:?} (known: {})", KEYS.join(", ")));
        }
    }
    let id = field(y, "id")?;
    let step = field(y, "step")?
        .parse::<StepId>()
        .map_err(|e| format!("`{id}`: {e}"))?;
    let s = &y["source"];
    Ok(Failure {
        id: id.to_string(),
        tool: field(y, "tool")?.to_string(),
        step,
        pattern: field(y, "pattern")?.to_string(),
        sample: field(y, "sample")?.to_string(),
        cause: field(y, "cause")?.trim().to_string(),
        fix: field(y, "fix")?.trim().to_string(),
        source: Cite {
            reference: field(s, "reference")?.to_string(),
            date: field(s, "date")?.to_string(),
            url: field(s, "url")?.to_string(),
        },
    })
}

/// The embedded table, loaded once.
pub fn table() -> &'static Table {
    static TABLE_CELL: OnceLock<Table> = OnceLock::new();
    TABLE_CELL.get_or_init(|| {
        // The tests load the same text, so a broken table never ships.
        parse_table(TABLE).unwrap_or_else(|e| panic!("{e}"))
    })
}

/// What relcut knows about a text.
#[derive(Debug, Clone)]
pub struct Explanation {
    /// The first entry (in table order) whose pattern matches, if any.
    pub failure: Option<&'static Failure>,
    /// The ids of the other entries that match too, in table order.
    pub also: Vec<&'static str>,
}

impl Table {
    /// The entries whose pattern occurs in `text`, in table order: one pass over the text.
    pub fn matching(&self, text: &str) -> Vec<&Failure> {
        self.set
            .matches(text)
            .into_iter()
            .map(|i| &self.failures[i])
            .collect()
    }
}

/// Explains `text` (a line, a message or a whole log) with the embedded table.
pub fn explain(text: &str) -> Explanation {
    let mut found = table().matching(text).into_iter();
    let failure = found.next();
    Explanation {
        failure,
        also: found.map(|f| f.id.as_str()).collect(),
    }
}

/// The `--json` shape: exactly `matched`, `id`, `step`, `cause`, `fix`, `source`.
#[derive(Debug, Serialize)]
pub struct Json<'a> {
    pub matched: bool,
    pub id: Option<&'a str>,
    pub step: Option<StepId>,
    pub cause: Option<&'a str>,
    /// The fix, or where to ask when nothing matched.
    pub fix: &'a str,
    pub source: Option<&'a Cite>,
}

impl Explanation {
    pub fn matched(&self) -> bool {
        self.failure.is_some()
    }

    pub fn json(&self) -> Json<'_> {
        match self.failure {
            Some(f) => Json {
                matched: true,
                id: Some(&f.id),
                step: Some(f.step),
                cause: Some(&f.cause),
                fix: &f.fix,
                source: Some(&f.source),
            },
            None => Json {
                matched: false,
                id: None,
                step: None,
                cause: None,
                fix: WHERE_TO_ASK,
                source: None,
            },
        }
    }

    /// For a terminal.
    pub fn text(&self) -> String {
        let Some(f) = self.failure else {
            return format!("no known failure matches this text: {WHERE_TO_ASK}\n");
        };
        let mut out = format!(
            "{}: a known {} failure, at step {} ({})\n",
            f.id,
            f.tool,
            f.step,
            f.step.spec().title
        );
        let _ = writeln!(out, "  cause: {}", f.cause);
        let _ = writeln!(out, "  fix:   {}", f.fix);
        let _ = writeln!(
            out,
            "  per {} ({}) {}",
            f.source.reference, f.source.date, f.source.url
        );
        if !self.also.is_empty() {
            let _ = writeln!(out, "  the text also matches: {}", self.also.join(", "));
        }
        out
    }

    /// For a comment: every value goes through [`md`], links stay clickable.
    pub fn markdown(&self) -> String {
        let Some(f) = self.failure else {
            return format!(
                "No known failure matches this text: ask in {} with the failing lines and the link to the job.\n",
                md::link("#release-management on Kubernetes Slack", SLACK_CHANNEL_URL)
            );
        };
        let mut out = format!(
            "**{}**: a known {} failure, at step {} ({})\n\n",
            md::code_span(&f.id),
            md::plain(&f.tool),
            md::code_span(f.step.as_str()),
            md::plain_with_code(f.step.spec().title)
        );
        let _ = writeln!(out, "- **cause**: {}", md::plain_with_code(&f.cause));
        let _ = writeln!(out, "- **fix**: {}", md::plain_with_code(&f.fix));
        let _ = writeln!(out, "- **source**: {}", f.source.markdown());
        if !self.also.is_empty() {
            let ids: Vec<String> = self.also.iter().map(|id| md::code_span(id)).collect();
            let _ = writeln!(out, "- the text also matches: {}", ids.join(", "));
        }
        out
    }
}

#[cfg(test)]
mod tests;
