//! The one live status line of `--wait` on a terminal, and the lines kept above it.
//!
//! On a terminal the status line is redrawn in place: a carriage return and "clear line"
//! (`ESC [2K`) before each draw, cut to the terminal's width so that it never wraps (a wrapped
//! line could not be cleared that way and would stay behind). A line to keep (a change of
//! state, a retry notice from the client) clears the status line, is printed, and the status
//! line is drawn again below it. Elsewhere (CI logs, pipes, `TERM=dumb`) there is no status
//! line: kept lines are printed as they are.
//!
//! While a wait shows its line, [`note`] (the client's retry notices, through `out::Console`)
//! goes through it too, so no notice is written over the status line.

use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex, PoisonError};

/// Back to the start of the line, and clear it.
pub const CLEAR: &str = "\r\x1b[2K";

/// The spinner's frames.
const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/// Where a wait shows itself.
pub struct Screen {
    out: Box<dyn Write + Send>,
    /// The terminal's width when the status line is drawn; `None` for plain lines.
    width: Option<usize>,
    status: Option<String>,
    frame: usize,
    drawn: bool,
}

impl Screen {
    /// Plain lines into `out`.
    pub fn lines(out: Box<dyn Write + Send>) -> Screen {
        Screen {
            out,
            width: None,
            status: None,
            frame: 0,
            drawn: false,
        }
    }

    /// A status line redrawn in place in `out`, a terminal `width` columns wide.
    pub fn live(out: Box<dyn Write + Send>, width: usize) -> Screen {
        Screen {
            width: Some(width.max(10)),
            ..Screen::lines(out)
        }
    }

    /// stderr: live when it is a terminal that understands the clear-line sequence.
    pub fn stderr() -> Screen {
        let err = std::io::stderr();
        let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        if !err.is_terminal() || dumb {
            return Screen::lines(Box::new(err));
        }
        let width = terminal_size::terminal_size_of(&err).map_or(80, |(w, _)| usize::from(w.0));
        Screen::live(Box::new(err), width)
    }

    pub fn is_live(&self) -> bool {
        self.width.is_some()
    }

    fn write(&mut self, s: &str) {
        // Nowhere to say that stderr failed; the wait goes on.
        let _ = self.out.write_all(s.as_bytes());
        let _ = self.out.flush();
    }

    /// The status line as drawn: the spinner, then `status` cut to fit.
    fn drawing(&self, status: &str, width: usize) -> String {
        let line = format!("{} {status}", FRAMES[self.frame % FRAMES.len()]);
        // One column spare: a line that fills the last column makes some terminals wrap.
        line.chars().take(width - 1).collect()
    }

    /// A line to keep: above the status line on a terminal, as it is elsewhere.
    pub fn keep(&mut self, line: &str) {
        let mut out = String::new();
        if self.drawn {
            out.push_str(CLEAR);
        }
        out.push_str(line);
        out.push('\n');
        self.drawn = false;
        if let (Some(width), Some(status)) = (self.width, &self.status) {
            out.push_str(&self.drawing(status, width));
            self.drawn = true;
        }
        self.write(&out);
    }

    /// Shows `status` on the live line with the spinner's next frame (nothing elsewhere).
    pub fn status(&mut self, status: &str) {
        let Some(width) = self.width else { return };
        self.frame = self.frame.wrapping_add(1);
        let line = format!("{CLEAR}{}", self.drawing(status, width));
        self.status = Some(status.to_string());
        self.drawn = true;
        self.write(&line);
    }

    /// Clears the status line: the wait is over.
    pub fn clear(&mut self) {
        self.status = None;
        if std::mem::take(&mut self.drawn) {
            self.write(CLEAR);
        }
    }
}

/// The screen of the wait in progress, for [`note`].
static SHOWN: Mutex<Option<Arc<Mutex<Screen>>>> = Mutex::new(None);

/// A screen shown for the length of a wait; dropping it clears the status line.
pub struct Shown(Arc<Mutex<Screen>>);

impl Shown {
    /// Shows `screen` until the [`Shown`] is dropped: [`note`] writes through it meanwhile.
    pub fn new(screen: Screen) -> Shown {
        let screen = Arc::new(Mutex::new(screen));
        *SHOWN.lock().unwrap_or_else(PoisonError::into_inner) = Some(Arc::clone(&screen));
        Shown(screen)
    }

    pub fn screen(&self) -> &Mutex<Screen> {
        &self.0
    }
}

impl Drop for Shown {
    fn drop(&mut self) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
        let mut shown = SHOWN.lock().unwrap_or_else(PoisonError::into_inner);
        if shown.as_ref().is_some_and(|s| Arc::ptr_eq(s, &self.0)) {
            *shown = None;
        }
    }
}

/// A progress note on stderr (a retry, a dry run): above the status line while a wait shows
/// one, a plain line otherwise.
pub fn note(line: &str) {
    let shown = SHOWN.lock().unwrap_or_else(PoisonError::into_inner).clone();
    match shown {
        Some(screen) => screen
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .keep(line),
        None => eprintln!("{line}"),
    }
}

/// A terminal, for tests: applies what a screen writes (text, `\r`, `\n`, clear line) and
/// shows the lines a person would see.
#[cfg(test)]
pub mod fake {
    use std::sync::{Arc, Mutex};

    /// What was written, shared with the test.
    #[derive(Clone, Default)]
    pub struct Written(pub Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Written {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Written {
        pub fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }

        /// The terminal's lines after all that was written, `width` columns wide (a longer
        /// line wraps, as on a terminal).
        pub fn screen(&self, width: usize) -> Vec<String> {
            let text = self.text();
            let mut lines: Vec<Vec<char>> = vec![Vec::new()];
            let mut col = 0;
            let mut rest = text.as_str();
            while let Some(c) = rest.chars().next() {
                if let Some(after) = rest.strip_prefix("\x1b[2K") {
                    lines.last_mut().unwrap().clear();
                    rest = after;
                    continue;
                }
                rest = &rest[c.len_utf8()..];
                match c {
                    '\r' => col = 0,
                    '\n' => {
                        lines.push(Vec::new());
                        col = 0;
                    }
                    c => {
                        if col == width {
                            lines.push(Vec::new());
                            col = 0;
                        }
                        let line = lines.last_mut().unwrap();
                        if col < line.len() {
                            line[col] = c;
                        } else {
                            line.push(c);
                        }
                        col += 1;
                    }
                }
            }
            lines.into_iter().map(|l| l.into_iter().collect()).collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_line_is_redrawn_in_place_and_kept_lines_stay_above_it() {
        let w = fake::Written::default();
        let mut s = Screen::live(Box::new(w.clone()), 40);
        s.keep("0s waiting for the promotion job");
        s.status("promotion job: waited 0s · queued");
        s.status("promotion job: waited 1s · queued");
        s.keep("2s running: the job runs");
        s.status(
            "promotion job: waited 2s · running · https://prow.k8s.io/view/gs/a-very-long-link",
        );
        s.keep("3s retrying GitHub in 1s");
        s.status("promotion job: waited 3s · running");
        assert_eq!(
            w.screen(40),
            [
                "0s waiting for the promotion job",
                "2s running: the job runs",
                "3s retrying GitHub in 1s",
                "⠼ promotion job: waited 3s · running",
            ]
        );
        s.clear();
        assert_eq!(w.screen(40).last().map(String::as_str), Some(""), "cleared");
        // No draw was wider than the terminal: none wrapped onto a line of its own.
        for draw in w.text().split(CLEAR) {
            let status = draw.rsplit('\n').next().unwrap();
            assert!(status.chars().count() < 40, "{status}");
        }
    }

    #[test]
    fn elsewhere_lines_are_plain() {
        let w = fake::Written::default();
        let mut s = Screen::lines(Box::new(w.clone()));
        s.keep("one");
        s.status("ignored");
        s.keep("two");
        s.clear();
        assert_eq!(w.text(), "one\ntwo\n");
    }
}
