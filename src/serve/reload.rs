//! Live reload without websockets: a server-sent event stream that announces every build, and the
//! script, injected into every page `serve` sends (never into `build` output), that reloads the page when
//! the site changed and shows the diagnostics over the page while the last build failed.
//!
//! Every event carries the state after one build attempt:
//! `{"server", "build", "attempt", "errors", "warnings", "fatal"}`. `build` is the number of the site
//! being served. A page knows the `server` and `build` it was served from; an event with others (also the
//! first event after reconnecting, `hello`) reloads it. Event names: `hello` on connecting, `reload` when
//! the site changed, `status` when only the diagnostics did.

use std::io::{self, Write};
use std::sync::atomic::Ordering;
use std::time::Duration;

use super::path::{ERRORS_PATH, EVENTS_PATH, SCRIPT_PATH};
use super::state::{Snapshot, State, Wait};

/// How many event streams may be open at once; more get `503`.
const MAX_STREAMS: usize = 256;

/// How often an idle stream sends a comment, so that dead connections are noticed and proxies keep it.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The script, served at [`SCRIPT_PATH`].
pub(crate) const SCRIPT: &str = include_str!("reload.js");

/// What is injected into a page: the script tag, with the server and build the page comes from.
pub(crate) fn snippet(snapshot: &Snapshot) -> String {
    format!(
        "<script src=\"{SCRIPT_PATH}\" data-server=\"{}\" data-build=\"{}\" data-events=\"{EVENTS_PATH}\" data-errors=\"{ERRORS_PATH}\"></script>",
        snapshot.server, snapshot.build
    )
}

/// Where the snippet goes: before the last `</body` (any case), else at the end.
pub(crate) fn injection_point(html: &[u8]) -> usize {
    const TAG: &[u8] = b"</body";
    html.windows(TAG.len())
        .rposition(|w| w.eq_ignore_ascii_case(TAG))
        .unwrap_or(html.len())
}

/// The page served for every path while no build has succeeded yet: the overlay shows the errors on it.
pub(crate) fn fallback_page(snapshot: &Snapshot) -> String {
    let status = if snapshot.attempt == 0 {
        "The first build has not finished yet."
    } else {
        "The playbook has errors, so there is no site to show yet. Fix them: this page reloads by itself."
    };
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>playbook serve</title>\n</head>\n\
         <body style=\"font-family: system-ui, sans-serif; margin: 2rem;\">\n\
         <h1>playbook serve</h1>\n<p>{status}</p>\n\
         <p>The errors are also listed at <a href=\"{ERRORS_PATH}\">{ERRORS_PATH}</a> and in the terminal.</p>\n\
         {}\n</body>\n</html>\n",
        snippet(snapshot)
    )
}

/// The overlay's body for `errors`, each as the terminal shows it ([`crate::report::errors_as_text`]):
/// a `<pre>` per error, its text escaped for HTML by the escaping the site's templates use.
pub(crate) fn overlay_html(errors: &[String]) -> String {
    let mut out = Vec::new();
    for text in errors {
        out.extend_from_slice(b"<pre class=\"diagnostic\">");
        // Writing to memory does not fail.
        let _ = tera::escape_html(text, &mut out);
        out.extend_from_slice(b"</pre>\n");
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// One event, as sent on the stream.
pub(crate) fn event(name: &str, snapshot: &Snapshot) -> String {
    format!(
        "id: {}\nevent: {name}\ndata: {}\n\n",
        snapshot.attempt,
        snapshot.event_data()
    )
}

/// A place among the [`MAX_STREAMS`] event streams that may be open at once, given back when dropped.
pub(crate) struct StreamSlot<'a> {
    state: &'a State,
}

impl<'a> StreamSlot<'a> {
    /// Takes a place, or `None` when [`MAX_STREAMS`] streams are open (answered `503`).
    pub fn take(state: &'a State) -> Option<StreamSlot<'a>> {
        let open = state.streams.fetch_add(1, Ordering::SeqCst);
        if open >= MAX_STREAMS {
            state.streams.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        Some(StreamSlot { state })
    }
}

impl Drop for StreamSlot<'_> {
    fn drop(&mut self) {
        self.state.streams.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Writes the response head, the current state as `hello`, then one event per build attempt until the
/// server stops or the client goes away (an error). The stream is the last answer on its connection.
pub(crate) fn stream(out: &mut dyn Write, state: &State, _slot: &StreamSlot<'_>) -> io::Result<()> {
    out.write_all(
        b"HTTP/1.1 200 OK\r\n\
          Content-Type: text/event-stream; charset=utf-8\r\n\
          Cache-Control: no-store\r\n\
          X-Content-Type-Options: nosniff\r\n\
          Connection: close\r\n\r\n\
          retry: 1000\n\n",
    )?;
    let mut seen = state.snapshot();
    out.write_all(event("hello", &seen).as_bytes())?;
    out.flush()?;
    loop {
        match state.wait_newer(seen.attempt, KEEP_ALIVE) {
            Wait::Newer(next) => {
                let name = if next.build == seen.build {
                    "status"
                } else {
                    "reload"
                };
                out.write_all(event(name, &next).as_bytes())?;
                seen = next;
            }
            Wait::Timeout => out.write_all(b": keep-alive\n\n")?,
            Wait::Stopping => return Ok(()),
        }
        out.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn the_snippet_goes_before_the_last_closing_body_tag() {
        assert_eq!(injection_point(b"<body>a</body></html>"), 7);
        assert_eq!(injection_point(b"<body>a</BODY ></html>"), 7);
        assert_eq!(injection_point(b"</body><p>x</body>"), 11);
        assert_eq!(injection_point(b"<p>no body"), 10);
    }

    #[test]
    fn events_carry_the_build_and_the_error_count() {
        let s = Snapshot::empty(9).next(None, None, Some("no theme".into()));
        let e = event("status", &s);
        assert!(e.starts_with("id: 1\nevent: status\ndata: {"), "{e}");
        assert!(e.ends_with("}\n\n"), "{e}");
        assert!(
            e.contains("\"build\":0") && e.contains("\"fatal\":true"),
            "{e}"
        );
    }

    #[test]
    fn the_overlay_escapes_each_error_in_its_own_block() {
        let html = overlay_html(&["error[E1]: <b>\n  | x & \"y\"".into(), "two".into()]);
        assert_eq!(
            html,
            "<pre class=\"diagnostic\">error[E1]: &lt;b&gt;\n  | x &amp; &quot;y&quot;</pre>\n\
             <pre class=\"diagnostic\">two</pre>\n"
        );
    }

    #[test]
    fn the_fallback_page_carries_the_script() {
        let s = Snapshot::empty(9);
        let page = fallback_page(&s);
        assert!(page.contains(SCRIPT_PATH) && page.contains("data-build=\"0\""));
    }

    #[cfg(unix)]
    #[test]
    fn streams_say_hello_then_announce_builds() {
        let state = Arc::new(State::new(Snapshot::empty(3)));
        let (reader, writer) = std::os::unix::net::UnixStream::pair().expect("pair");
        let s = Arc::clone(&state);
        let thread = std::thread::spawn(move || {
            let mut writer = writer;
            let slot = StreamSlot::take(&s).expect("a place");
            stream(&mut writer, &s, &slot)
        });
        let first = state.snapshot().next(Some(Default::default()), None, None);
        let mut lines = io::BufRead::lines(io::BufReader::new(reader));
        let mut saw_hello = false;
        for line in lines.by_ref() {
            let line = line.expect("line");
            if line == "event: hello" {
                saw_hello = true;
                state.publish(first);
                break;
            }
        }
        assert!(saw_hello);
        let reload = lines
            .by_ref()
            .map(|l| l.expect("line"))
            .find(|l| l.starts_with("event: "));
        assert_eq!(reload.as_deref(), Some("event: reload"));
        state.stop();
        thread.join().expect("joins").expect("ends cleanly");
        assert_eq!(
            state.streams.load(Ordering::SeqCst),
            0,
            "the place is given back"
        );
    }

    #[test]
    fn streams_past_the_cap_get_no_place() {
        let state = State::new(Snapshot::empty(3));
        let slots: Vec<_> = (0..MAX_STREAMS)
            .map(|_| StreamSlot::take(&state).expect("a place"))
            .collect();
        assert!(StreamSlot::take(&state).is_none());
        drop(slots);
        assert!(StreamSlot::take(&state).is_some());
    }
}
