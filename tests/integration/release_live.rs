//! The release-live gate: `relcut action` on `schedule` events after the no-mock release of a
//! v1.35.3 patch, against the GitHub stand-in (issues, comments) and the verify-release
//! stand-ins of `verify_release.rs` (registry.k8s.io and two regional backends, dl.k8s.io,
//! pkgs.k8s.io; GitHub's release, CHANGELOG, images.yaml and schedule answers mounted on the
//! GitHub stand-in). Run after run: what is missing waits, then "live everywhere" and no more
//! checks; past the watchdog's time one ping naming the missing check, and never a second.

use chrono::{SecondsFormat, TimeDelta, Utc};
use serde_json::{json, Value};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{root, Run};
use crate::fake_github::{Fake, OWNER, REPO};
use crate::verify_release::World;
use relcut_core::ledger::{Ledger, Record, Told};
use relcut_core::StepId;

const TITLE: &str = "Cut v1.35.3 release";

/// The bundled patch cut issue as v1.35.3, its no-mock release done.
fn released_body() -> String {
    let text = std::fs::read_to_string(root().join("examples/cut-v1.35.5-patch.md")).unwrap();
    text.splitn(3, "---\n")
        .nth(2)
        .unwrap()
        .replace(
            "- [ ] Check the health of the publishing-bot",
            "- [x] Check the health of the publishing-bot",
        )
        .replace("  - [ ] Stage", "  - [x] Stage")
        .replace(
            "  - [ ] Image Promotion PR: <!-- Paste Pull Request URL here -->",
            "  - [x] Image Promotion PR: https://github.com/kubernetes/k8s.io/pull/9350",
        )
        .replace("  - [ ] Release", "  - [x] Release")
}

/// RFC 3339, `hours` ago.
fn ago(hours: i64) -> String {
    (Utc::now() - TimeDelta::hours(hours)).to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The cut issue, its status comment written by an issue event whose no-mock release GitHub
/// dates `released_hours_ago` (the ledger's record of it), and the listing the scheduled run
/// reads.
async fn setup(world: &World, released_hours_ago: i64) -> Fake {
    let body = released_body();
    let fake = Fake::start(TITLE, &body).await;
    World::github_answers(&fake.server, 1).await;
    let updated = ago(released_hours_ago);
    fake.state().extra.insert(
        format!("/repos/{OWNER}/{REPO}/issues"),
        json!([{"number": 1, "title": TITLE, "body": body, "state": "open",
            "created_at": ago(200), "updated_at": updated,
            "user": {"login": "Codertocat", "type": "User"}, "labels": [],
            "assignees": [{"login": "alice", "type": "User"}],
            "html_url": format!("https://github.com/{OWNER}/{REPO}/issues/1")}]),
    );
    let edited = fake.event("issues.edited.json", |v: &mut Value| {
        v["issue"]["title"] = TITLE.into();
        v["issue"]["body"] = body.clone().into();
        v["issue"]["updated_at"] = updated.clone().into();
    });
    let r = run(&fake, world, "issues", &edited).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let status = status(&fake);
    assert!(
        status.contains(
            "⏳ **Release live:** relcut's scheduled run checks every place v1.35.3 must appear"
        ),
        "an issue event does not probe the world: {status}"
    );
    assert!(Ledger::from_text(&status)
        .get(Record::Done(StepId::NomockRelease))
        .is_some());
    fake
}

async fn run(fake: &Fake, world: &World, event_name: &str, event: &std::path::PathBuf) -> Run {
    let mut cmd = fake.command(event_name, event, &[], &fake.server.uri());
    cmd.env("RELCUT_REGISTRY_URL", world.registry.uri())
        .env("RELCUT_DL_URL", world.dl.uri())
        .env("RELCUT_PKGS_URL", world.pkgs.uri())
        .env("RELCUT_REGISTRY_MIRRORS", world.mirrors())
        .env("RELCUT_VERIFY_TIMEOUT_MS", "20000");
    tokio::task::spawn_blocking(move || cmd.output().expect("run relcut action"))
        .await
        .unwrap()
        .into()
}

fn schedule_event(fake: &Fake) -> std::path::PathBuf {
    let path = fake.output_file().with_file_name("schedule.json");
    std::fs::write(&path, r#"{"schedule": "*/30 * * * *"}"#).unwrap();
    path
}

fn status(fake: &Fake) -> String {
    fake.bot_comments()
        .iter()
        .find(|c| c.body.contains("<!-- relcut:status -->"))
        .map(|c| c.body.clone())
        .unwrap_or_default()
}

/// Requests the world's stand-ins have answered so far.
async fn asked(world: &World) -> usize {
    let mut n = 0;
    for s in [&world.registry, &world.dl, &world.pkgs] {
        n += s.received_requests().await.unwrap_or_default().len();
    }
    n
}

/// pkgs.k8s.io has no v1.35.3 yet for the next `times` asks: an index without it.
async fn packages_missing(pkgs: &MockServer, times: u64) {
    let old = std::fs::read_to_string(root().join("tests/fixtures/verify/Packages"))
        .unwrap()
        .replace("1.35.3-1.1", "1.35.2-1.1");
    Mock::given(path("/core:/stable:/v1.35/deb/Packages"))
        .respond_with(ResponseTemplate::new(200).set_body_string(old))
        .with_priority(1)
        .up_to_n_times(times)
        .mount(pkgs)
        .await;
}

#[tokio::test]
async fn missing_waits_then_live_everywhere_and_no_more_checks() {
    let world = World::live().await;
    packages_missing(&world.pkgs, 1).await;
    let fake = setup(&world, 1).await;
    let ev = schedule_event(&fake);

    // Run 1: packages missing an hour after the release: shown, nobody pinged (due at 24 h).
    let before = fake.requests().len();
    let r = run(&fake, &world, "schedule", &ev).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    // The run's count holds the check's five GitHub requests (images.yaml, the release, the
    // latest release, the CHANGELOG, the schedule), answered beside the stand-in's log.
    let counted: usize = r
        .stdout
        .lines()
        .find_map(|l| {
            l.strip_prefix("relcut: ")?
                .split_once(" request(s) to GitHub")
        })
        .and_then(|(n, _)| n.parse().ok())
        .expect("the run's request count");
    assert_eq!(counted, fake.requests().len() - before + 5, "{}", r.stdout);
    assert!(
        r.stdout.contains("release not live everywhere yet"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("#1: v1.35.3 is not live everywhere yet: 27 of 28 checks ok, 1 missing (at most 8 requests in flight, 800 in all, 6666 ms each, 20000 ms for the whole check)"),
        "each refresh states its bounds: {}",
        r.stdout
    );
    let s = status(&fake);
    assert!(s.contains("⏳ **Release live:** not everywhere yet"), "{s}");
    assert!(s.contains("`pkgs/deb`"), "the missing check is named: {s}");
    assert!(!s.contains("is live everywhere"), "{s}");
    assert_eq!(fake.bot_comments().len(), 1, "no ping before the deadline");
    assert!(!Ledger::from_text(&s).contains(Record::Told(Told::ReleaseMissing)));

    // Run 2: everything is there: one line at the top, recorded, nobody pinged.
    let r = run(&fake, &world, "schedule", &ev).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("release live everywhere"), "{}", r.stdout);
    let s = status(&fake);
    let top = s.split("### Cut").next().unwrap();
    assert!(
        top.contains("✅ **v1.35.3 is live everywhere**"),
        "the line is at the top: {s}"
    );
    assert!(!s.contains("`pkgs/deb`"), "{s}");
    assert!(Ledger::from_text(&s).contains(Record::Told(Told::ReleaseLive)));
    assert_eq!(fake.bot_comments().len(), 1, "good news mentions nobody");

    // Run 3: over: not one probe, the line stays, nothing written.
    let probes = asked(&world).await;
    let writes = fake.writes();
    let r = run(&fake, &world, "schedule", &ev).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(asked(&world).await, probes, "no more checks: {}", r.stdout);
    assert_eq!(fake.writes(), writes, "{}", r.stdout);
    assert!(status(&fake).contains("✅ **v1.35.3 is live everywhere**"));
}

#[tokio::test]
async fn the_watchdog_pings_once_naming_what_is_missing() {
    let world = World::live().await;
    // kubectl's image is not on registry.k8s.io, three hours after the release (due at 2 h).
    World::answer(
        &world.registry,
        "/v2/kubectl/manifests/v1.35.3",
        ResponseTemplate::new(404)
            .insert_header("content-type", "application/json")
            .set_body_string(
                r#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"@kubernetes/release-managers <b>see</b> [x](javascript:alert(1))"}]}"#,
            ),
    )
    .await;
    let fake = setup(&world, 3).await;
    let ev = schedule_event(&fake);

    let r = run(&fake, &world, "schedule", &ev).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let bot = fake.bot_comments();
    assert_eq!(bot.len(), 2, "the status comment and one ping: {bot:#?}");
    let ping = &bot[1].body;
    assert!(
        ping.starts_with("<!-- relcut:gate:release-live:missing -->\n@alice\n"),
        "{ping}"
    );
    assert!(ping.contains("`registry/kubectl` missing"), "{ping}");
    let url = format!("{}/v2/kubectl/manifests/v1.35.3", world.registry.uri());
    assert!(ping.contains(&format!("([asked]({url}))")), "{ping}");
    assert!(ping.contains("```"), "with its fix: {ping}");
    assert!(!ping.contains("pkgs/deb"), "only what is missing: {ping}");
    for line in ping.lines().chain(status(&fake).lines()) {
        assert!(!line.contains("@kubernetes"), "{line}");
        assert!(!line.contains("<b>"), "{line}");
        assert!(!line.contains("](javascript:"), "{line}");
    }
    let s = status(&fake);
    assert!(
        s.contains(
            "🔴 **v1.35.3 is not live everywhere** past its time: `registry/kubectl` missing"
        ),
        "{s}"
    );
    assert!(Ledger::from_text(&s).contains(Record::Told(Told::ReleaseMissing)));

    // Still missing: never a second ping.
    let r = run(&fake, &world, "schedule", &ev).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(fake.bot_comments().len(), 2, "{}", r.stdout);
    assert_eq!(fake.bot_comments()[1].body, *ping);
    assert!(
        r.stdout.contains("release still missing past its time"),
        "{}",
        r.stdout
    );
}

#[tokio::test]
async fn a_slow_world_leaves_the_next_issue_for_the_next_run() {
    let world = World::live().await;
    // registry.k8s.io hangs: the check waits at most its request timeout, within max-wait.
    Mock::given(path("/v2/kube-proxy/manifests/v1.35.3"))
        .respond_with(ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(30)))
        .with_priority(1)
        .mount(&world.registry)
        .await;
    let fake = setup(&world, 1).await;
    {
        let mut st = fake.state();
        let listing = st
            .extra
            .get_mut(&format!("/repos/{OWNER}/{REPO}/issues"))
            .unwrap();
        let mut second = listing[0].clone();
        second["number"] = 2.into();
        second["created_at"] = ago(100).into();
        listing.as_array_mut().unwrap().push(second);
    }
    let ev = schedule_event(&fake);
    let started = std::time::Instant::now();
    let mut cmd = fake.command("schedule", &ev, &[("max-wait", "12")], &fake.server.uri());
    cmd.env("RELCUT_REGISTRY_URL", world.registry.uri())
        .env("RELCUT_DL_URL", world.dl.uri())
        .env("RELCUT_PKGS_URL", world.pkgs.uri())
        .env("RELCUT_REGISTRY_MIRRORS", world.mirrors());
    let r: Run = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
        .into();
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(12 + 5 + 5),
        "within max-wait and the write grace: {:?}",
        started.elapsed()
    );
    assert!(
        r.stdout.contains("#1: v1.35.3 is not live everywhere yet"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("#2: left for the next run (less than 10 s of the run's max-wait left)"),
        "{}",
        r.stdout
    );
}
