//! The example workflow's job-level `if:` (issue #19 item 5): strangers cost no runner time.
//! The expression is read from `examples/workflows/relcut.yml` and evaluated, with the part of
//! GitHub's expression language it uses (`||`, `&&`, `!`, `==`, parentheses, `startsWith`,
//! `contains`, `fromJSON`, property paths with `.*`; string comparisons ignore case, as GitHub's
//! do), against events shaped as GitHub sends them.

use serde_json::{json, Value};

use crate::common::root;

/// The job's `if:` as one line (a folded `>-` scalar: its lines joined by spaces).
fn job_filter() -> String {
    let text = std::fs::read_to_string(root().join("examples/workflows/relcut.yml")).unwrap();
    let mut lines = text.lines().skip_while(|l| l.trim() != "if: >-");
    let head = lines.next().expect("the job has an `if: >-`");
    let indent = head.len() - head.trim_start().len();
    lines
        .take_while(|l| l.len() - l.trim_start().len() > indent)
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Str(String),
    Ident(String),
    Op(&'static str),
}

fn lex(s: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '\'' {
            // '' is a quote inside a string.
            let mut v = String::new();
            i += 1;
            loop {
                match (chars[i], chars.get(i + 1)) {
                    ('\'', Some('\'')) => {
                        v.push('\'');
                        i += 2;
                    }
                    ('\'', _) => break,
                    (c, _) => {
                        v.push(c);
                        i += 1;
                    }
                }
            }
            i += 1;
            out.push(Tok::Str(v));
        } else if let Some(op) = ["||", "&&", "==", "!=", "(", ")", ",", "!"]
            .into_iter()
            .find(|op| chars[i..].starts_with(&op.chars().collect::<Vec<_>>()))
        {
            i += op.len();
            out.push(Tok::Op(op));
        } else {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_alphanumeric() || matches!(chars[i], '_' | '.' | '*' | '-'))
            {
                i += 1;
            }
            assert!(i > start, "unexpected {c:?} in {s}");
            out.push(Tok::Ident(chars[start..i].iter().collect()));
        }
    }
    out
}

struct Eval<'a> {
    toks: Vec<Tok>,
    at: usize,
    github: &'a Value,
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.eq_ignore_ascii_case(y),
        _ => a == b,
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_lowercase(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

impl Eval<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn eat(&mut self, op: &str) -> bool {
        let found = matches!(self.peek(), Some(Tok::Op(o)) if *o == op);
        if found {
            self.at += 1;
        }
        found
    }

    fn or(&mut self) -> Value {
        let mut v = self.and();
        while self.eat("||") {
            let r = self.and();
            if !truthy(&v) {
                v = r;
            }
        }
        v
    }

    fn and(&mut self) -> Value {
        let mut v = self.unary();
        while self.eat("&&") {
            let r = self.unary();
            if truthy(&v) {
                v = r;
            }
        }
        v
    }

    fn unary(&mut self) -> Value {
        if self.eat("!") {
            return Value::Bool(!truthy(&self.unary()));
        }
        let left = self.primary();
        if self.eat("==") {
            let right = self.primary();
            return Value::Bool(same(&left, &right));
        }
        if self.eat("!=") {
            let right = self.primary();
            return Value::Bool(!same(&left, &right));
        }
        left
    }

    fn primary(&mut self) -> Value {
        let tok = self.toks[self.at].clone();
        self.at += 1;
        match tok {
            Tok::Op("(") => {
                let v = self.or();
                assert!(self.eat(")"), "unclosed parenthesis");
                v
            }
            Tok::Str(s) => Value::String(s),
            Tok::Ident(name) if self.eat("(") => {
                let mut args = vec![self.or()];
                while self.eat(",") {
                    args.push(self.or());
                }
                assert!(self.eat(")"), "unclosed call of {name}");
                call(&name, &args)
            }
            Tok::Ident(word) => match word.as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                "null" => Value::Null,
                path => self.lookup(path),
            },
            Tok::Op(op) => panic!("unexpected {op}"),
        }
    }

    fn lookup(&self, path: &str) -> Value {
        let mut parts = path.split('.');
        assert_eq!(
            parts.next(),
            Some("github"),
            "only the github context: {path}"
        );
        let mut v = vec![self.github.clone()];
        let mut filtered = false;
        for part in parts {
            if part == "*" {
                v = v
                    .into_iter()
                    .flat_map(|x| x.as_array().cloned().unwrap_or_default())
                    .collect();
                filtered = true;
            } else {
                v = v
                    .into_iter()
                    .map(|x| x.get(part).cloned().unwrap_or(Value::Null))
                    .collect();
            }
        }
        if filtered {
            Value::Array(v)
        } else {
            v.pop().unwrap_or(Value::Null)
        }
    }
}

fn call(name: &str, args: &[Value]) -> Value {
    match (name, args) {
        ("startsWith", [a, b]) => Value::Bool(text(a).starts_with(&text(b))),
        ("contains", [Value::Array(items), b]) => Value::Bool(items.iter().any(|i| same(i, b))),
        ("contains", [a, b]) => Value::Bool(text(a).contains(&text(b))),
        ("fromJSON", [Value::String(s)]) => serde_json::from_str(s).unwrap(),
        _ => panic!("{name} with {args:?} is not in this evaluator"),
    }
}

/// Whether the job runs for `event_name` with `event` (the payload GitHub sends).
fn runs(filter: &str, event_name: &str, event: Value) -> bool {
    let github = json!({"event_name": event_name, "event": event});
    let mut e = Eval {
        toks: lex(filter),
        at: 0,
        github: &github,
    };
    let v = e.or();
    assert_eq!(e.at, e.toks.len(), "the whole filter was read: {filter}");
    truthy(&v)
}

fn issue(title: &str, labels: &[&str]) -> Value {
    json!({"action": "edited", "issue": {"number": 7, "title": title, "labels": labels.iter().map(|l| json!({"name": l})).collect::<Vec<_>>(), "user": {"login": "mallory"}}})
}

fn comment(association: &str, body: &str, on_pr: bool) -> Value {
    let mut v = json!({"action": "created", "issue": {"number": 7, "title": "Cut v1.36.0-rc.1 release", "labels": [{"name": "sig/release"}]},
                       "comment": {"id": 1, "body": body, "author_association": association, "user": {"login": "someone"}}});
    if on_pr {
        v["issue"]["pull_request"] =
            json!({"url": "https://api.github.com/repos/kubernetes/sig-release/pulls/7"});
    }
    v
}

#[test]
fn the_example_workflow_admits_cut_issues_and_members_commands_only() {
    let f = job_filter();
    // Scheduled and manual runs: always.
    assert!(runs(&f, "schedule", json!({"schedule": "*/10 * * * *"})));
    assert!(runs(&f, "workflow_dispatch", json!({})));
    // Issue events: the title AND the label (nearly every sig-release issue carries the label).
    let cut = "Cut v1.36.0-rc.1 release";
    assert!(runs(
        &f,
        "issues",
        issue(cut, &["sig/release", "area/release-eng"])
    ));
    assert!(!runs(
        &f,
        "issues",
        issue("Flaky test in release-blocking job", &["sig/release"])
    ));
    assert!(!runs(&f, "issues", issue(cut, &["kind/bug"])));
    assert!(!runs(
        &f,
        "issues",
        issue("Re: Cut v1.36.0-rc.1 release", &["sig/release"])
    ));
    // Comment events: the repository's owner, members and collaborators, a line starting
    // `/relcut`, and not on a pull request.
    for association in ["OWNER", "MEMBER", "COLLABORATOR"] {
        assert!(runs(
            &f,
            "issue_comment",
            comment(association, "/relcut status", false)
        ));
        assert!(runs(
            &f,
            "issue_comment",
            comment(association, "Thanks!\n/relcut plan", false)
        ));
        assert!(!runs(
            &f,
            "issue_comment",
            comment(association, "Thanks, will do", false)
        ));
        assert!(!runs(
            &f,
            "issue_comment",
            comment(association, "/relcut status", true)
        ));
    }
    for stranger in [
        "NONE",
        "CONTRIBUTOR",
        "FIRST_TIME_CONTRIBUTOR",
        "FIRST_TIMER",
        "MANNEQUIN",
    ] {
        assert!(
            !runs(
                &f,
                "issue_comment",
                comment(stranger, "/relcut status", false)
            ),
            "{stranger}"
        );
    }
    // Other events do not run the job.
    assert!(!runs(&f, "pull_request", json!({})));
}

#[test]
fn the_evaluator_reads_what_the_filter_uses() {
    let github = json!({"event_name": "issues", "event": {"issue": {"labels": [{"name": "A"}, {"name": "b"}]}}});
    let eval = |s: &str| {
        let mut e = Eval {
            toks: lex(s),
            at: 0,
            github: &github,
        };
        truthy(&e.or())
    };
    assert!(eval("contains(github.event.issue.labels.*.name, 'a')"));
    assert!(!eval("contains(github.event.issue.labels.*.name, 'c')"));
    assert!(eval(
        "github.event_name == 'ISSUES' && !github.event.issue.pull_request"
    ));
    assert!(!eval(
        "github.event_name == 'issues' && (false || github.event.nothing)"
    ));
    assert!(eval("contains(fromJSON('[\"x\", \"y\"]'), 'Y')"));
    assert!(eval("contains('a\nb', fromJSON('\"\\nB\"'))"));
}
