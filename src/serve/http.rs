//! Answering requests from the in-memory site: the status and headers of every response, and the reload
//! script injected into pages.
//!
//! A target [`route`] refuses is `400 Bad Request`; a well-formed path that names no file of the site is
//! `404` with the site's `404.html`; a folder without its trailing slash is redirected to it. Only `GET`
//! and `HEAD` are answered (`405` with `Allow` otherwise). Nothing is read from disk at request time.
//! Responses are written by hand: [`connection`](super::connection) reads the requests.

use std::io::{self, Cursor, Read, Write};
use std::sync::Arc;
use std::time::Duration;

use super::path::{content_type, is_local_host, percent_encode_path, route, Route};
use super::reload;
use super::request::{Head, Method};
use super::state::Snapshot;
use crate::render::Site;

/// A response body.
pub(crate) enum Body {
    /// Bytes made for this response.
    Owned(Vec<u8>),
    /// Bytes compiled into the binary.
    Static(&'static [u8]),
    /// A file of the site, served from the shared site without copying.
    File { site: Arc<Site>, index: usize },
    /// A page of the site with `insert` spliced in at byte `at`.
    Page {
        site: Arc<Site>,
        index: usize,
        at: usize,
        insert: String,
    },
}

/// A response, before it is written.
pub(crate) struct Answer {
    /// The status code.
    pub status: u16,
    /// Headers besides the ones every response has.
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Body,
}

impl Answer {
    fn new(status: u16, content_type: &str, body: Body) -> Answer {
        Answer {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body,
        }
    }

    fn text(status: u16, text: &str) -> Answer {
        Answer::new(
            status,
            "text/plain; charset=utf-8",
            Body::Owned(format!("{text}\n").into_bytes()),
        )
    }

    /// The body's length in bytes.
    pub fn len(&self) -> usize {
        match &self.body {
            Body::Owned(b) => b.len(),
            Body::Static(b) => b.len(),
            Body::File { site, index } => site.files[*index].1.len(),
            Body::Page {
                site,
                index,
                insert,
                ..
            } => site.files[*index].1.len() + insert.len(),
        }
    }

    /// The body's bytes, in one piece (for tests and small bodies).
    #[cfg(test)]
    pub fn bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let _ = self.reader().read_to_end(&mut out);
        out
    }

    fn reader(&self) -> Box<dyn Read + Send> {
        match &self.body {
            Body::Owned(b) => Box::new(Cursor::new(b.clone())),
            Body::Static(b) => Box::new(Cursor::new(*b)),
            Body::File { site, index } => Box::new(SiteSlice::new(site, *index, 0, usize::MAX)),
            Body::Page {
                site,
                index,
                at,
                insert,
            } => Box::new(
                SiteSlice::new(site, *index, 0, *at)
                    .chain(Cursor::new(insert.clone().into_bytes()))
                    .chain(SiteSlice::new(site, *index, *at, usize::MAX)),
            ),
        }
    }
}

/// A byte range of one file of a shared site, readable without copying the file.
struct SiteSlice {
    site: Arc<Site>,
    index: usize,
    pos: usize,
    end: usize,
}

impl SiteSlice {
    fn new(site: &Arc<Site>, index: usize, start: usize, end: usize) -> SiteSlice {
        let len = site.files.get(index).map_or(0, |f| f.1.len());
        SiteSlice {
            site: Arc::clone(site),
            index,
            pos: start.min(len),
            end: end.min(len),
        }
    }
}

impl Read for SiteSlice {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let Some((_, bytes)) = self.site.files.get(self.index) else {
            return Ok(0);
        };
        let rest = bytes.get(self.pos..self.end).unwrap_or_default();
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.pos += n;
        Ok(n)
    }
}

/// What to do with a request.
pub(crate) enum Reply {
    /// Stream events on a thread of its own.
    Events,
    /// Answer this.
    Answer(Answer),
}

/// Answers `method` on `target` from `snapshot`.
pub(crate) fn answer(method: &Method, target: &str, snapshot: &Snapshot) -> Reply {
    if !matches!(method, Method::Get | Method::Head) {
        let mut a = Answer::text(405, "405 Method Not Allowed: only GET and HEAD");
        a.headers.push(("Allow", "GET, HEAD".to_string()));
        return Reply::Answer(a);
    }
    let key = match route(target) {
        Ok(Route::Events) if *method == Method::Head => {
            return Reply::Answer(Answer::new(
                200,
                "text/event-stream; charset=utf-8",
                Body::Static(b""),
            ))
        }
        Ok(Route::Events) => return Reply::Events,
        Ok(Route::Errors) => {
            return Reply::Answer(Answer::new(
                200,
                "application/json; charset=utf-8",
                Body::Owned(snapshot.errors_json.clone().into_bytes()),
            ))
        }
        Ok(Route::Script) => {
            return Reply::Answer(Answer::new(
                200,
                "text/javascript; charset=utf-8",
                Body::Static(reload::SCRIPT.as_bytes()),
            ))
        }
        Ok(Route::File(key)) => key,
        Err(e) => return Reply::Answer(Answer::text(400, &format!("400 Bad Request: {e}"))),
    };
    let Some(site) = &snapshot.site else {
        // No good build yet: every page is the overlay's page.
        let status = if key == "index.html" { 200 } else { 404 };
        let page = reload::fallback_page(snapshot);
        return Reply::Answer(Answer::new(
            status,
            "text/html; charset=utf-8",
            Body::Owned(page.into_bytes()),
        ));
    };
    if let Some(index) = find(site, &key) {
        return Reply::Answer(file(site, index, 200, snapshot));
    }
    let last = key.rsplit('/').next().unwrap_or_default();
    if !last.contains('.') && find(site, &format!("{key}/index.html")).is_some() {
        let mut a = Answer::text(301, "301 Moved Permanently");
        let location = format!("/{}/", percent_encode_path(&key));
        a.headers.push(("Location", location));
        return Reply::Answer(a);
    }
    match find(site, "404.html") {
        Some(index) => Reply::Answer(not_found_page(&site.files[index].1, snapshot)),
        None => Reply::Answer(Answer::text(404, "404 Not Found")),
    }
}

/// The site's `404.html` for a request at any depth: its links are relative to the site root, so a
/// `<base href="/">` makes its stylesheet and links work under `/stages/nope.html` too.
fn not_found_page(page: &[u8], snapshot: &Snapshot) -> Answer {
    let head = page
        .windows(6)
        .position(|w| w.eq_ignore_ascii_case(b"<head>"))
        .map_or(0, |i| i + 6);
    let mut out = Vec::with_capacity(page.len() + 256);
    out.extend_from_slice(&page[..head]);
    out.extend_from_slice(b"<base href=\"/\">");
    let rest = &page[head..];
    let at = reload::injection_point(rest);
    out.extend_from_slice(&rest[..at]);
    out.extend_from_slice(reload::snippet(snapshot).as_bytes());
    out.extend_from_slice(&rest[at..]);
    Answer::new(404, "text/html; charset=utf-8", Body::Owned(out))
}

fn find(site: &Site, key: &str) -> Option<usize> {
    site.files
        .binary_search_by(|(p, _)| p.as_str().cmp(key))
        .ok()
}

/// The answer for file `index` of `site`: HTML pages get the reload script.
fn file(site: &Arc<Site>, index: usize, status: u16, snapshot: &Snapshot) -> Answer {
    let path = site.files[index].0.as_str();
    let kind = content_type(path);
    let body = if kind.starts_with("text/html") {
        let at = reload::injection_point(&site.files[index].1);
        Body::Page {
            site: Arc::clone(site),
            index,
            at,
            insert: reload::snippet(snapshot),
        }
    } else {
        Body::File {
            site: Arc::clone(site),
            index,
        }
    };
    Answer::new(status, kind, body)
}

/// What to do with a request whose head was read: `403` for a foreign `Host` when `local_only` (the
/// server listens on loopback: a web page whose own name an attacker pointed at 127.0.0.1, DNS
/// rebinding, cannot read the playbook), else [`answer`].
pub(crate) fn reply(head: &Head, snapshot: &Snapshot, local_only: bool) -> Reply {
    if local_only && !head.host.as_deref().is_none_or(is_local_host) {
        return Reply::Answer(Answer::text(
            403,
            "403 Forbidden: use http://localhost or an IP address",
        ));
    }
    answer(&head.method, &head.target, snapshot)
}

/// The answer to a request head that could not be read: `400`, `408`, `414`, `431` or `505`.
pub(crate) fn refusal(status: u16, why: &str) -> Answer {
    Answer::text(status, &format!("{status} {}: {why}", reason(status)))
}

/// The answer when every connection is taken.
pub(crate) fn busy() -> Answer {
    Answer::text(503, "503 Service Unavailable: too many connections")
}

/// The answer when every event stream is taken.
pub(crate) fn too_many_streams() -> Answer {
    Answer::text(503, "503 Service Unavailable: too many event streams")
}

/// Which parts of an answer are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Parts {
    /// The head and the body.
    All,
    /// The head only: the answer to a `HEAD` request (its `Content-Length` still the body's).
    HeadOnly,
}

/// Writes the status line, the headers and (with [`Parts::All`]) the body. With `keep_alive` (how long
/// the connection may then stay idle) the response says the connection stays open, else
/// `Connection: close`.
pub(crate) fn write_answer(
    out: &mut dyn Write,
    answer: &Answer,
    parts: Parts,
    keep_alive: Option<Duration>,
) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", answer.status, reason(answer.status));
    let idle = keep_alive.map(|idle| format!("timeout={}", idle.as_secs()));
    let connection = match &idle {
        Some(idle) => [("Connection", "keep-alive"), ("Keep-Alive", idle.as_str())],
        None => [("Connection", "close"), ("", "")],
    };
    let common = [
        ("X-Content-Type-Options", "nosniff"),
        ("Cache-Control", "no-store"),
        ("Referrer-Policy", "no-referrer"),
    ];
    let extra = answer.headers.iter().map(|(n, v)| (*n, v.as_str()));
    for (name, value) in common.into_iter().chain(connection).chain(extra) {
        // Values are ours, but a line break would split the head: never write one.
        if !name.is_empty() && !value.contains(['\r', '\n']) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", answer.len()));
    out.write_all(head.as_bytes())?;
    if parts == Parts::All {
        io::copy(&mut answer.reader(), out)?;
    }
    out.flush()
}

/// The reason phrase of the statuses `serve` answers with.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot() -> Snapshot {
        let file = |path: &str, bytes: &[u8]| (path.to_string(), Arc::new(bytes.to_vec()));
        let site = Site {
            files: vec![
                file(
                    "404.html",
                    b"<html><head><title>x</title></head><body>nope</body></html>",
                ),
                file("assets/style.css", b"body{}"),
                file("index.html", b"<html><BODY>home</BODY></html>"),
                file("stages/index.html", b"<p>stages"),
            ],
            reads: None,
        };
        Snapshot::empty(1).next(Some(site), None, None)
    }

    fn get(target: &str) -> Answer {
        match answer(&Method::Get, target, &snapshot()) {
            Reply::Answer(a) => a,
            Reply::Events => panic!("events"),
        }
    }

    fn header<'a>(a: &'a Answer, name: &str) -> Option<&'a str> {
        a.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn pages_get_the_script_before_the_closing_body_tag() {
        let a = get("/");
        assert_eq!(a.status, 200);
        let body = String::from_utf8(a.bytes()).expect("utf-8");
        assert!(body.starts_with("<html><BODY>home<script"), "{body}");
        assert!(body.ends_with("</script></BODY></html>"), "{body}");
        assert_eq!(a.len(), body.len());
        let a = get("/stages/");
        let body = String::from_utf8(a.bytes()).expect("utf-8");
        assert!(body.starts_with("<p>stages<script"), "{body}");
    }

    #[test]
    fn assets_are_served_as_they_are() {
        let a = get("/assets/style.css");
        assert_eq!(a.bytes(), b"body{}");
        assert_eq!(header(&a, "Content-Type"), Some("text/css; charset=utf-8"));
    }

    #[test]
    fn missing_files_get_the_404_page_and_folders_a_redirect() {
        let a = get("/stages/nope.html");
        assert_eq!(a.status, 404);
        let body = String::from_utf8(a.bytes()).expect("utf-8");
        assert!(body.contains("nope<script"), "{body}");
        assert!(
            body.starts_with("<html><head><base href=\"/\"><title>"),
            "relative links resolve from the root at any depth: {body}"
        );
        let a = get("/stages");
        assert_eq!(a.status, 301);
        assert_eq!(header(&a, "Location"), Some("/stages/"));
        assert_eq!(get("/../x").status, 400);
    }

    #[test]
    fn only_get_and_head_are_allowed() {
        let Reply::Answer(a) = answer(&Method::Other("POST".to_string()), "/", &snapshot()) else {
            panic!("events");
        };
        assert_eq!(a.status, 405);
        assert_eq!(header(&a, "Allow"), Some("GET, HEAD"));
    }

    #[test]
    fn responses_say_whether_the_connection_stays_open() {
        let written = |keep_alive| {
            let mut out = Vec::new();
            write_answer(&mut out, &get("/assets/style.css"), Parts::All, keep_alive)
                .expect("write");
            String::from_utf8(out).expect("utf-8")
        };
        let kept = written(Some(Duration::from_secs(15)));
        assert!(kept.starts_with("HTTP/1.1 200 OK\r\n"), "{kept}");
        assert!(kept.contains("\r\nConnection: keep-alive\r\nKeep-Alive: timeout=15\r\n"));
        assert!(kept.ends_with("Content-Length: 6\r\n\r\nbody{}"), "{kept}");
        let closed = written(None);
        assert!(closed.contains("\r\nConnection: close\r\n"), "{closed}");
        assert!(
            !closed.contains("Keep-Alive") && !closed.contains("\r\n: "),
            "{closed}"
        );
        let refused = refusal(431, "too long");
        assert_eq!(refused.status, 431);
        assert_eq!(
            refused.bytes(),
            b"431 Request Header Fields Too Large: too long\n"
        );
    }
}
