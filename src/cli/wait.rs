//! `--wait`: check a gate again and again until it settles, showing where it stands.
//!
//! The first check is immediate, then every 30 s, doubling while the gate has not settled, up to
//! one check every 5 min: a promotion job takes 20 to 60 min and `prowjobs.js` is large, so
//! polling faster would cost prow and GitHub without telling anyone anything sooner. Rate limits
//! are the client's to honour (it waits out `Retry-After` and GitHub's reset). Three failed
//! checks in a row mean the service is down: exit 3.
//!
//! On a terminal one live line shows the state, the time waited and the prow link, with every
//! change of state printed above it; elsewhere (CI logs, pipes) one timestamped line per change.
//! All of it goes to stderr: stdout carries only the verdict, as without `--wait`.

use std::future::Future;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use relcut_action::checks::CheckError;

use super::exit::TimedOut;
use super::live::{Screen, Shown};

/// Consecutive failed checks that end the wait with exit 3.
const MAX_FAILED_CHECKS: u32 = 3;

/// The longest `--timeout`: a day (a promotion job takes an hour; a longer wait is a mistake,
/// and the bound keeps the deadline representable).
pub const MAX_TIMEOUT: Duration = Duration::from_secs(24 * 3600);

/// How often to check: `first`, doubling to `cap`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub first: Duration,
    pub cap: Duration,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule {
            first: Duration::from_secs(30),
            cap: Duration::from_secs(300),
        }
    }
}

impl Schedule {
    /// `RELCUT_POLL_INTERVAL_MS` replaces the first interval (tests use milliseconds); the cap
    /// stays ten times the first, as by default.
    pub fn from_env() -> Schedule {
        match std::env::var("RELCUT_POLL_INTERVAL_MS")
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
            .filter(|ms| *ms > 0)
        {
            Some(ms) => Schedule {
                first: Duration::from_millis(ms),
                cap: Duration::from_millis(ms.saturating_mul(10)),
            },
            None => Schedule::default(),
        }
    }

    /// The interval after `current`.
    pub fn next(&self, current: Duration) -> Duration {
        current.saturating_mul(2).min(self.cap).max(self.first)
    }
}

/// `--timeout`: `2h`, `90m`, `1h30m`, `45s`, `90 min`.
pub fn duration(s: &str) -> Result<Duration, String> {
    let has_unit = s.chars().any(|c| c.is_ascii_alphabetic());
    match relcut_core::history::parse_duration(s) {
        Some(secs) if secs > MAX_TIMEOUT.as_secs() && has_unit => Err(format!(
            "`{s}` is longer than a day: wait at most 24h, and run the command again to keep waiting"
        )),
        Some(secs) if secs > 0 && has_unit => Ok(Duration::from_secs(secs)),
        // `0s` reads fine; it is the amount that is wrong.
        Some(0) if has_unit => Err(format!(
            "`{s}` is no time at all: the timeout must be positive, like 2h, 90m, 1h30m or 45s"
        )),
        _ => Err(format!(
            "`{s}` is not a duration: write it like 2h, 90m, 1h30m or 45s"
        )),
    }
}

/// `1h 02m 03s`, `2m 05s`, `42s`; `40ms` under a second (test intervals).
pub fn elapsed(d: Duration) -> String {
    if d < Duration::from_secs(1) && !d.is_zero() {
        return format!("{}ms", d.as_millis());
    }
    let s = d.as_secs();
    match (s / 3600, (s / 60) % 60, s % 60) {
        (0, 0, s) => format!("{s}s"),
        (0, m, s) => format!("{m}m {s:02}s"),
        (h, m, s) => format!("{h}h {m:02}m {s:02}s"),
    }
}

/// One look at the gate.
#[derive(Debug, Clone)]
pub struct Look<T> {
    /// A short state: `queued`, `running`, `open`.
    pub state: String,
    /// The sentence saying what it means.
    pub message: String,
    pub url: String,
    /// `Some(true)` succeeded, `Some(false)` failed: the wait is over.
    pub settled: Option<bool>,
    /// The full answer, for the verdict.
    pub value: T,
}

/// How a wait ended.
pub enum End<T> {
    Settled(Look<T>),
    Interrupted,
}

/// How the wait shows itself: the kept lines and the live status line of [`Screen`].
struct Display<'a> {
    screen: &'a Mutex<Screen>,
    what: &'a str,
    started: Instant,
}

impl Display<'_> {
    fn screen(&self) -> std::sync::MutexGuard<'_, Screen> {
        self.screen.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A change worth keeping in the scroll-back (live) or the log (lines).
    fn line(&self, text: &str, waited: Duration) {
        let mut screen = self.screen();
        if screen.is_live() {
            screen.keep(&format!("{} {text}", elapsed(waited)));
        } else {
            let stamp = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
            screen.keep(&format!("{stamp} [{}] {text}", elapsed(waited)));
        }
    }

    /// The live line: what is awaited, the time waited (whole seconds), the state and its link.
    fn status(&self, state: &str) {
        let waited = Duration::from_secs(self.started.elapsed().as_secs());
        let line = if state.is_empty() {
            format!("{}: waited {}", self.what, elapsed(waited))
        } else {
            format!("{}: waited {} · {state}", self.what, elapsed(waited))
        };
        self.screen().status(&line);
    }

    /// `fut`, with the live line redrawn every [`TICK`] meanwhile (the time waited moves
    /// between checks that are minutes apart).
    async fn ticking<O>(&self, state: &str, fut: impl Future<Output = O>) -> O {
        tokio::pin!(fut);
        if !self.screen().is_live() {
            return fut.await;
        }
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            tokio::select! {
                out = &mut fut => return out,
                _ = tick.tick() => self.status(state),
            }
        }
    }

    fn done(&self) {
        self.screen().clear();
    }

    /// A last line, after the live line is gone.
    fn end(&self, text: &str) {
        let mut screen = self.screen();
        screen.clear();
        screen.keep(text);
    }
}

/// How often the live line is redrawn.
const TICK: Duration = Duration::from_millis(250);

/// Checks with `check` until it settles, `timeout` passes (exit 4 via [`TimedOut`]), the service
/// fails [`MAX_FAILED_CHECKS`] times in a row (its error, exit 3) or Ctrl-C.
///
/// The deadline holds whatever the services do: a check still running when `timeout` passes
/// (a service that hangs, a rate limit waited out, retries) is dropped there, so the wait ends
/// within `timeout` and the time to say so.
pub async fn until_settled<T, F, Fut>(
    what: &str,
    timeout: Duration,
    schedule: Schedule,
    check: F,
) -> anyhow::Result<End<T>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Look<T>, CheckError>>,
{
    let shown = Shown::new(Screen::stderr());
    watch(
        shown.screen(),
        what,
        timeout,
        schedule,
        check,
        tokio::signal::ctrl_c(),
    )
    .await
}

/// [`until_settled`] on `screen`, ending early when `interrupt` completes.
async fn watch<T, F, Fut, I>(
    screen: &Mutex<Screen>,
    what: &str,
    timeout: Duration,
    schedule: Schedule,
    mut check: F,
    interrupt: I,
) -> anyhow::Result<End<T>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Look<T>, CheckError>>,
    I: Future,
{
    let started = Instant::now();
    let deadline = tokio::time::Instant::from_std(started) + timeout.min(MAX_TIMEOUT);
    let display = Display {
        screen,
        what,
        started,
    };
    let mut interval = schedule.first;
    let mut failed = 0;
    let mut last: Option<(String, String, String)> = None;
    tokio::pin!(interrupt);
    display.line(
        &format!(
            "waiting for {what}: checking every {} at first, at most every {}, for up to {}",
            elapsed(schedule.first),
            elapsed(schedule.cap),
            elapsed(timeout)
        ),
        Duration::ZERO,
    );
    let mut state = String::new();
    loop {
        let result = tokio::select! {
            r = display.ticking(&state, tokio::time::timeout_at(deadline, check())) => match r {
                Ok(r) => r,
                Err(_) => {
                    display.done();
                    return Err(timed_out(what, started.elapsed(), last, " (a check was still running)"));
                }
            },
            _ = &mut interrupt => return Ok(interrupted(&display, last.as_ref())),
        };
        let waited = started.elapsed();
        match result {
            Ok(look) => {
                failed = 0;
                let changed = last.as_ref().map(|l| &l.0) != Some(&look.state);
                if changed {
                    display.line(
                        &format!("{}: {} {}", look.state, look.message, look.url),
                        waited,
                    );
                }
                if look.settled.is_some() {
                    display.done();
                    return Ok(End::Settled(look));
                }
                state = format!("{} · {}", look.state, look.url);
                display.status(&state);
                last = Some((look.state, look.message, look.url));
            }
            Err(e) => {
                failed += 1;
                // A PR that does not exist will not appear by waiting: its error, as it is.
                if matches!(e, CheckError::MissingPr(_)) {
                    display.done();
                    return Err(e.into());
                }
                if failed >= MAX_FAILED_CHECKS {
                    display.done();
                    return Err(anyhow::Error::new(e).context(format!(
                        "{what}: {MAX_FAILED_CHECKS} checks in a row failed; the last state seen was {}",
                        last.as_ref().map(|l| l.0.as_str()).unwrap_or("none")
                    )));
                }
                display.line(
                    &format!(
                        "could not check ({e}); trying again in {}",
                        elapsed(interval)
                    ),
                    waited,
                );
            }
        }
        let Some(left) = timeout.checked_sub(waited).filter(|d| !d.is_zero()) else {
            display.done();
            return Err(timed_out(what, waited, last, ""));
        };
        let nap = interval.min(left);
        tokio::select! {
            () = display.ticking(&state, tokio::time::sleep(nap)) => {}
            _ = &mut interrupt => return Ok(interrupted(&display, last.as_ref())),
        }
        interval = schedule.next(interval);
    }
}

/// The `--timeout` passed: exit 4, saying the last state seen.
fn timed_out(
    what: &str,
    waited: Duration,
    last: Option<(String, String, String)>,
    note: &str,
) -> anyhow::Error {
    let (state, message, url) =
        last.unwrap_or_else(|| ("unchecked".into(), String::new(), String::new()));
    TimedOut(format!(
        "{what}: still {state} after {} (the --timeout){note}: {message} {url}; run the command again to keep waiting",
        elapsed(waited)
    ))
    .into()
}

fn interrupted<T>(display: &Display<'_>, last: Option<&(String, String, String)>) -> End<T> {
    let waited = elapsed(display.started.elapsed());
    let what = display.what;
    display.end(&match last {
        Some((state, message, url)) => {
            format!("interrupted after {waited}: {what} was {state}: {message} {url}")
        }
        None => format!("interrupted after {waited} before the first answer about {what}"),
    });
    End::Interrupted
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A check that answers `states` one after the other.
    fn answers(
        states: &'static [&'static str],
    ) -> impl FnMut() -> std::future::Ready<Result<Look<()>, CheckError>> {
        let mut n = 0;
        move || {
            let state = states[n.min(states.len() - 1)];
            n += 1;
            std::future::ready(Ok(Look {
                state: state.into(),
                message: format!("the job is {state}"),
                url: "https://prow.k8s.io/view/1".into(),
                settled: (state == "succeeded").then_some(true),
                value: (),
            }))
        }
    }

    const EVERY_300MS: Schedule = Schedule {
        first: Duration::from_millis(300),
        cap: Duration::from_millis(300),
    };

    /// On a terminal: each change stays in the scroll-back, the status line is redrawn in
    /// place between checks (more often than the checks), and none is left when it ends.
    #[tokio::test]
    async fn a_terminal_keeps_the_changes_and_no_stale_status_line() {
        let w = crate::cli::live::fake::Written::default();
        let screen = Mutex::new(Screen::live(Box::new(w.clone()), 120));
        let end = watch(
            &screen,
            "promotion job",
            Duration::from_secs(10),
            EVERY_300MS,
            answers(&["queued", "queued", "running", "succeeded"]),
            std::future::pending::<()>(),
        )
        .await
        .unwrap();
        assert!(matches!(end, End::Settled(l) if l.state == "succeeded"));
        let raw = w.text();
        assert!(
            raw.matches("promotion job: waited").count() >= 4,
            "the live line was drawn between the checks: {raw:?}"
        );
        let shown: Vec<String> = w
            .screen(120)
            .iter()
            .map(|l| {
                l.split_once(' ')
                    .map_or(l.clone(), |(_, rest)| rest.to_string())
            })
            .collect();
        assert_eq!(
            shown,
            [
                "waiting for promotion job: checking every 300ms at first, at most every 300ms, for up to 10s",
                "queued: the job is queued https://prow.k8s.io/view/1",
                "running: the job is running https://prow.k8s.io/view/1",
                "succeeded: the job is succeeded https://prow.k8s.io/view/1",
                "",
            ],
            "{raw:?}"
        );
    }

    /// Elsewhere: one timestamped line per change, nothing redrawn.
    #[tokio::test]
    async fn a_log_gets_plain_timestamped_lines() {
        let w = crate::cli::live::fake::Written::default();
        let screen = Mutex::new(Screen::lines(Box::new(w.clone())));
        watch(
            &screen,
            "promotion job",
            Duration::from_secs(10),
            EVERY_300MS,
            answers(&["queued", "running", "succeeded"]),
            std::future::pending::<()>(),
        )
        .await
        .unwrap();
        let raw = w.text();
        assert!(!raw.contains('\r') && !raw.contains('\u{1b}'), "{raw:?}");
        let lines: Vec<&str> = raw.lines().collect();
        assert_eq!(lines.len(), 4, "{raw}");
        for l in &lines {
            assert!(l.as_bytes()[4] == b'-' && l.contains("Z ["), "{l}");
        }
    }

    /// Ctrl-C: the live line goes, the last state is said once.
    #[tokio::test]
    async fn an_interrupted_wait_clears_its_line() {
        let w = crate::cli::live::fake::Written::default();
        let screen = Mutex::new(Screen::live(Box::new(w.clone()), 120));
        let end = watch(
            &screen,
            "promotion job",
            Duration::from_secs(10),
            EVERY_300MS,
            answers(&["running"]),
            tokio::time::sleep(Duration::from_millis(400)),
        )
        .await
        .unwrap();
        assert!(matches!(end, End::Interrupted));
        let lines = w.screen(120);
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert!(lines[2].starts_with("interrupted after "), "{lines:?}");
        assert!(
            lines[2].ends_with(
                "promotion job was running: the job is running https://prow.k8s.io/view/1"
            ),
            "{lines:?}"
        );
        assert_eq!(lines[3], "");
    }

    #[test]
    fn backoff_doubles_to_the_cap() {
        let s = Schedule::default();
        let mut i = s.first;
        let mut seen = vec![i.as_secs()];
        for _ in 0..6 {
            i = s.next(i);
            seen.push(i.as_secs());
        }
        assert_eq!(seen, [30, 60, 120, 240, 300, 300, 300]);
    }

    #[test]
    fn timeouts() {
        assert_eq!(duration("2h"), Ok(Duration::from_secs(7200)));
        assert_eq!(duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(duration("90 min"), Ok(Duration::from_secs(5400)));
        assert_eq!(duration("45s"), Ok(Duration::from_secs(45)));
        assert!(duration("90").is_err(), "a unit is required");
        assert!(duration("0s").is_err());
        assert!(duration("soon").is_err());
        assert_eq!(duration("24h"), Ok(MAX_TIMEOUT));
        assert!(duration("25h").is_err_and(|e| e.contains("at most 24h")));
        assert!(duration("99999999999999999999h").is_err());
    }

    #[test]
    fn elapsed_times() {
        assert_eq!(elapsed(Duration::from_secs(42)), "42s");
        assert_eq!(elapsed(Duration::from_millis(40)), "40ms");
        assert_eq!(elapsed(Duration::ZERO), "0s");
        assert_eq!(elapsed(Duration::from_secs(125)), "2m 05s");
        assert_eq!(elapsed(Duration::from_secs(3723)), "1h 02m 03s");
    }
}
