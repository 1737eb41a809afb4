//! Reading a cut issue from a file or stdin: Markdown (optionally with front matter), a GitHub
//! issue JSON, or a webhook payload holding one.

use std::io::{IsTerminal, Read};

use anyhow::Context;
use relcut_core::checklist;

pub struct Issue {
    pub title: Option<String>,
    pub created_at: Option<String>,
    /// The body, front matter blanked out so that line numbers are the file's.
    pub body: String,
    /// The raw text, for edits that write it back.
    pub raw: String,
    pub body_offset: usize,
    pub is_json: bool,
}

pub fn read_text(path: &str) -> anyhow::Result<String> {
    if path == "-" {
        if std::io::stdin().is_terminal() {
            // Otherwise a person sees a silent wait and thinks relcut hangs.
            eprintln!(
                "relcut: reading from stdin: paste the text, then press Ctrl-D (Ctrl-Z on Windows)"
            );
        }
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("reading stdin")?;
        return Ok(s);
    }
    std::fs::read_to_string(path).with_context(|| format!("cannot read `{path}`: check the path"))
}

pub fn load(path: &str) -> anyhow::Result<Issue> {
    let raw = read_text(path)?;
    if raw.trim_start().starts_with('{') {
        let v: serde_json::Value = serde_json::from_str(&raw)
            .with_context(|| format!("`{path}` starts like JSON but is not valid JSON"))?;
        let issue = v.get("issue").unwrap_or(&v);
        let field = |k: &str| issue.get(k).and_then(|x| x.as_str()).map(str::to_string);
        if issue.get("body").is_none() && issue.get("title").is_none() {
            anyhow::bail!("`{path}` is JSON without `title` or `body`: give a GitHub issue (or an `issues` event payload), or the issue body as Markdown");
        }
        let body = field("body").unwrap_or_default();
        return Ok(Issue {
            title: field("title"),
            created_at: field("created_at"),
            body: body.clone(),
            raw: body,
            body_offset: 0,
            is_json: true,
        });
    }
    let doc = checklist::split_front_matter(&raw);
    Ok(Issue {
        title: doc.title,
        created_at: doc.created_at,
        body: doc.body,
        body_offset: doc.body_offset,
        raw,
        is_json: false,
    })
}
