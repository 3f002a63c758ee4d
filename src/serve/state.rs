//! What the server shows, shared by the request threads and the builder: the current [`Snapshot`] behind
//! one lock. A rebuild prepares a whole new snapshot and swaps it in at once, so a request never sees a
//! half-built site; waiting event streams are woken by a condition variable.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::{json, Value};

use crate::check::Report;
use crate::lock::{lock, unpoisoned};
use crate::render::Site;
use crate::report;

/// Everything a request may need, as of one build attempt.
#[derive(Debug, Clone)]
pub(crate) struct Snapshot {
    /// Identifies this server process, so that a page served by an earlier `serve` reloads too.
    pub server: u64,
    /// The number of the site served: 1 for the first good build, +1 per good build; 0 when none yet.
    pub build: u64,
    /// The number of build attempts so far, good or not.
    pub attempt: u64,
    /// The last good site; `None` when no build has succeeded yet.
    pub site: Option<Arc<Site>>,
    /// Errors of the last attempt.
    pub errors: usize,
    /// Warnings of the last attempt.
    pub warnings: usize,
    /// Why the last attempt could not build at all (no theme, a template error, no root).
    pub fatal: Option<String>,
    /// The body of `/__playbook/errors`: `check --format json`'s object, plus `fatal`, plus `overlay`
    /// when the errors were shown with their source lines ([`Snapshot::with_overlay`]).
    pub errors_json: String,
}

impl Snapshot {
    /// Before the first build: nothing to serve yet.
    pub fn empty(server: u64) -> Snapshot {
        Snapshot {
            server,
            build: 0,
            attempt: 0,
            site: None,
            errors: 0,
            warnings: 0,
            fatal: None,
            errors_json: errors_json(None, None),
        }
    }

    /// The snapshot after the next attempt: a new site when `site` is given, else the last good one with
    /// the new diagnostics.
    pub fn next(
        &self,
        site: Option<Site>,
        report: Option<&Report>,
        fatal: Option<String>,
    ) -> Snapshot {
        let (build, site) = match site {
            Some(site) => (self.build + 1, Some(Arc::new(site))),
            None => (self.build, self.site.clone()),
        };
        Snapshot {
            server: self.server,
            build,
            attempt: self.attempt + 1,
            site,
            errors: report.map_or(0, Report::errors),
            warnings: report.map_or(0, Report::warnings),
            errors_json: errors_json(report, fatal.as_deref()),
            fatal,
        }
    }

    /// The snapshot with `overlay` (the errors as the terminal shows them, as HTML: see
    /// [`super::reload::overlay_html`]) in its errors object, under the key `overlay`.
    pub fn with_overlay(mut self, overlay: String) -> Snapshot {
        self.errors_json = with_key(self.errors_json, "overlay", Value::from(overlay));
        self
    }

    /// The data of an event: `{"server", "build", "attempt", "errors", "warnings", "fatal"}`.
    pub fn event_data(&self) -> String {
        json!({
            "server": self.server.to_string(),
            "build": self.build,
            "attempt": self.attempt,
            "errors": self.errors,
            "warnings": self.warnings,
            "fatal": self.fatal.is_some(),
        })
        .to_string()
    }
}

/// `check --format json`'s object for `report` (an empty one when there is none), with one more key:
/// `fatal`, the message of a failure that is not a diagnostic, or `null`.
pub(crate) fn errors_json(report: Option<&Report>, fatal: Option<&str>) -> String {
    let empty = Report {
        diagnostics: Vec::new(),
        files: 0,
    };
    let text = report::to_json(report.unwrap_or(&empty));
    with_key(text, "fatal", fatal.map_or(Value::Null, Value::from))
}

/// The JSON object `object` with `key: value` added last, keeping its other keys as they are, in their
/// order (`check`'s object).
fn with_key(object: String, key: &str, value: Value) -> String {
    let value = report::escape_json_controls(value.to_string());
    match object.trim_end().strip_suffix('}') {
        Some(open) => format!("{},\n  \"{key}\": {value}\n}}", open.trim_end()),
        None => object,
    }
}

/// What [`State::wait_newer`] saw.
pub(crate) enum Wait {
    /// A snapshot newer than the one the caller had.
    Newer(Arc<Snapshot>),
    /// Nothing new before the timeout.
    Timeout,
    /// The server is stopping.
    Stopping,
}

/// The shared state.
pub(crate) struct State {
    current: Mutex<Arc<Snapshot>>,
    changed: Condvar,
    stopping: AtomicBool,
    /// Open event streams.
    pub streams: AtomicUsize,
}

impl State {
    /// A state showing `snapshot`.
    pub fn new(snapshot: Snapshot) -> State {
        State {
            current: Mutex::new(Arc::new(snapshot)),
            changed: Condvar::new(),
            stopping: AtomicBool::new(false),
            streams: AtomicUsize::new(0),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Arc<Snapshot>> {
        // A panic elsewhere cannot leave a half-written `Arc` behind: keep serving.
        lock(&self.current)
    }

    /// The current snapshot.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.lock())
    }

    /// Swaps in a new snapshot and wakes the event streams.
    pub fn publish(&self, snapshot: Snapshot) {
        *self.lock() = Arc::new(snapshot);
        self.changed.notify_all();
    }

    /// Waits up to `timeout` for a snapshot of a later attempt than `attempt`.
    pub fn wait_newer(&self, attempt: u64, timeout: Duration) -> Wait {
        let guard = self.lock();
        let (guard, _) = unpoisoned(self.changed.wait_timeout_while(guard, timeout, |s| {
            s.attempt <= attempt && !self.stopping.load(Ordering::SeqCst)
        }));
        if self.stopping.load(Ordering::SeqCst) {
            Wait::Stopping
        } else if guard.attempt > attempt {
            Wait::Newer(Arc::clone(&guard))
        } else {
            Wait::Timeout
        }
    }

    /// Puts the search index made for build `build` into the site, unless a later build has been
    /// published meanwhile (that one has or will get its own). Pages already open are not told: the next
    /// search they load reads the new index.
    pub fn replace_search_index(&self, build: u64, index: Vec<(String, Vec<u8>)>) -> bool {
        let current = self.snapshot();
        let Some(site) = current.site.as_ref().filter(|_| current.build == build) else {
            return false;
        };
        let site = site.with_search_index(index);
        let mut guard = self.lock();
        if guard.build != build {
            return false;
        }
        let mut next = Snapshot::clone(&guard);
        next.site = Some(Arc::new(site));
        *guard = Arc::new(next);
        true
    }

    /// Tells every thread to stop.
    pub fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Taking the lock orders the store before any waiter's next check.
        drop(self.lock());
        self.changed.notify_all();
    }

    /// Whether the server is stopping.
    pub fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_errors_json_is_the_check_json_plus_fatal() {
        let v: Value = serde_json::from_str(&errors_json(None, Some("no theme"))).expect("json");
        assert_eq!(v["errors"], 0);
        assert_eq!(v["diagnostics"], json!([]));
        assert_eq!(v["fatal"], "no theme");
        let v: Value = serde_json::from_str(&errors_json(None, None)).expect("json");
        assert_eq!(v["fatal"], Value::Null);
        let s = Snapshot::empty(1).with_overlay("<pre>a \"b\"</pre>".into());
        let v: Value = serde_json::from_str(&s.errors_json).expect("json");
        assert_eq!(v["overlay"], "<pre>a \"b\"</pre>");
        assert_eq!(v["fatal"], Value::Null);
    }

    #[test]
    fn a_failed_attempt_keeps_the_last_good_site() {
        let first = Snapshot::empty(7).next(Some(Site::default()), None, None);
        assert_eq!((first.build, first.attempt), (1, 1));
        let failed = first.next(None, None, Some("broken".into()));
        assert_eq!((failed.build, failed.attempt), (1, 2));
        assert!(failed.site.is_some() && failed.fatal.is_some());
    }

    #[test]
    fn waiters_see_newer_snapshots_and_stop() {
        let state = Arc::new(State::new(Snapshot::empty(1)));
        assert!(matches!(
            state.wait_newer(0, Duration::from_millis(1)),
            Wait::Timeout
        ));
        let s = Arc::clone(&state);
        let waiter = std::thread::spawn(move || s.wait_newer(0, Duration::from_secs(30)));
        state.publish(state.snapshot().next(None, None, None));
        assert!(matches!(waiter.join().expect("joins"), Wait::Newer(_)));
        state.stop();
        assert!(matches!(
            state.wait_newer(5, Duration::from_secs(30)),
            Wait::Stopping
        ));
    }
}
