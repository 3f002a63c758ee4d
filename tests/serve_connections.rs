//! `playbook serve` under load and against malformed requests, talked to over raw TCP: keep-alive
//! connections, many connections one after the other, the cap on the request head (`431`), closing the
//! socket after `Connection: close`, request lines with raw bytes (`400`), and the deadline of a request
//! head against a client that sends it a byte at a time (`408`, and `503` past the connection cap). Nothing
//! asserts on timing: reads have a timeout only so that a server that never answers fails a test instead
//! of hanging it.

mod common;
#[path = "serve/harness.rs"]
mod harness;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::Tree;
use harness::{
    assert_closed, read_one_response, read_response, request, request_bytes, says_close, Serve,
    PATIENCE,
};

/// The server's cap on a request head (request line and headers).
const MAX_HEAD: usize = 64 * 1024;

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect_timeout(&addr, PATIENCE).expect("connects");
    stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
    stream
}

/// A playbook whose site has 40 more files, as a page with its stylesheets, scripts and images.
fn forty_files() -> Tree {
    (0..40).fold(Tree::minimal(), |tree, i| {
        tree.file(&format!("static/f{i}.css"), &format!("/* file {i} */"))
    })
}

/// What a browser does on every reload of a page with 40 files: it sends the requests over at most six
/// connections, reuses a connection the server kept open, and opens a new one when the server said
/// `Connection: close`. Fifteen reloads are 600 requests.
#[test]
fn a_browser_reloading_a_40_file_page_reuses_its_connections_and_never_sees_a_503() {
    let tree = forty_files();
    let serve = Serve::start(tree.path());
    let mut pool: Vec<Option<TcpStream>> = (0..6).map(|_| None).collect();
    let mut opened = 0;
    let mut statuses = Vec::new();
    for _reload in 0..15 {
        for i in 0..40 {
            let slot = &mut pool[i % 6];
            let stream = slot.get_or_insert_with(|| {
                opened += 1;
                connect(serve.addr)
            });
            let request = format!("GET /static/f{i}.css HTTP/1.1\r\nHost: localhost\r\n\r\n");
            stream.write_all(request.as_bytes()).expect("sends");
            let response = read_response(stream);
            if response.status == 200 {
                assert_eq!(response.text(), format!("/* file {i} */"));
            }
            statuses.push(response.status);
            if says_close(&response) {
                *slot = None;
            }
        }
    }
    assert_eq!(statuses.len(), 600);
    let refused = statuses.iter().filter(|&&s| s != 200).count();
    assert_eq!(
        refused, 0,
        "{refused} of 600 requests were not answered 200"
    );
    assert_eq!(opened, 6, "the six connections are kept open and reused");
}

/// A client that opens a new connection for every request and closes it after the answer (as scripts and
/// `curl` in a loop do) never runs into the connection cap: a closed connection frees its place at once.
#[test]
fn six_hundred_requests_on_fresh_connections_one_after_the_other_never_see_a_503() {
    let tree = Tree::minimal();
    let serve = Serve::start(tree.path());
    let mut statuses = Vec::new();
    for i in 0..600 {
        let response = if i % 2 == 0 {
            // Closed by the server, as the request asks.
            request(
                serve.addr,
                "GET /assets/style.css HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            )
        } else {
            // Closed by the client once it has the answer.
            let mut stream = connect(serve.addr);
            stream
                .write_all(b"GET /assets/style.css HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .expect("sends");
            read_response(&mut stream)
        };
        statuses.push(response.status);
    }
    let refused = statuses.iter().filter(|&&s| s != 200).count();
    assert_eq!(
        refused, 0,
        "{refused} of 600 requests were not answered 200"
    );
}

#[test]
fn requests_sent_at_once_on_one_connection_are_answered_in_order() {
    let tree = forty_files();
    let serve = Serve::start(tree.path());
    let mut stream = connect(serve.addr);
    let all: String = (0..40)
        .map(|i| format!("GET /static/f{i}.css HTTP/1.1\r\nHost: localhost\r\n\r\n"))
        .collect();
    stream.write_all(all.as_bytes()).expect("sends");
    for i in 0..40 {
        let response = read_response(&mut stream);
        assert_eq!(response.status, 200);
        assert_eq!(response.text(), format!("/* file {i} */"));
        assert!(!says_close(&response));
    }
}

/// Sends `head` on a new connection from a thread of its own (the server may stop reading it) and reads
/// the response until the server closes the connection.
fn send_head(addr: SocketAddr, head: Vec<u8>) -> (u16, String) {
    let stream = connect(addr);
    let mut writer = stream.try_clone().expect("clone");
    let sender = std::thread::spawn(move || {
        // The server may close the connection before it has read everything: that is the point.
        let _ = writer.write_all(&head);
    });
    let mut reader = stream;
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .expect("an answer, and the connection closed, in time");
    let _ = sender.join();
    let response = harness::parse(&bytes)
        .unwrap_or_else(|| panic!("not HTTP: {:?}", String::from_utf8_lossy(&bytes)));
    assert!(says_close(&response));
    (response.status, response.text())
}

#[test]
fn a_request_head_over_64_kib_is_answered_431() {
    let tree = Tree::minimal();
    let serve = Serve::start(tree.path());

    let mut big = b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ".to_vec();
    big.extend(std::iter::repeat_n(b'a', 1 << 20));
    big.extend(b"\r\n\r\n");
    assert_eq!(send_head(serve.addr, big).0, 431, "one header of 1 MiB");

    let mut many = b"GET / HTTP/1.1\r\nHost: localhost\r\n".to_vec();
    for i in 0..20_000 {
        many.extend(format!("X-{i}: 1\r\n").as_bytes());
    }
    many.extend(b"\r\n");
    assert_eq!(send_head(serve.addr, many).0, 431, "20,000 headers");

    let long_target = format!(
        "GET /{} HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "a".repeat(MAX_HEAD)
    );
    let (status, _) = send_head(serve.addr, long_target.into_bytes());
    assert!(status == 414 || status == 431, "a 64 KiB path: {status}");

    // Below the cap is fine: a big cookie is not a reason to refuse.
    let cookie = format!(
        "GET /assets/style.css HTTP/1.1\r\nHost: localhost\r\nCookie: c={}\r\nConnection: close\r\n\r\n",
        "b".repeat(MAX_HEAD - 200)
    );
    assert_eq!(request(serve.addr, &cookie).status, 200);
}

/// The server stops reading at the cap: it answers a head that never ends, instead of reading on (and
/// growing) for as long as the client sends.
#[test]
fn a_head_that_never_ends_is_answered_431_once_past_the_cap() {
    let tree = Tree::minimal();
    let serve = Serve::start(tree.path());
    let mut endless = b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ".to_vec();
    endless.extend(std::iter::repeat_n(b'a', 1 << 20));
    // No line end: the head is not over when the client stops sending and waits for the answer.
    let (status, text) = send_head(serve.addr, endless);
    assert_eq!(status, 431, "{text}");
}

/// The most memory the server process has held resident so far (its peak), in KiB, from `/proc`.
#[cfg(target_os = "linux")]
fn peak_resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM")
}

/// A 100 MiB header does not make the server hold 100 MiB.
#[cfg(target_os = "linux")]
#[test]
fn a_100_mib_header_does_not_grow_the_server() {
    let tree = Tree::minimal();
    let serve = Serve::start(tree.path());
    assert_eq!(serve.get("/").status, 200);
    let before = peak_resident_kib(serve.child.id());
    let mut stream = connect(serve.addr);
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ")
        .expect("sends");
    let chunk = vec![b'a'; 1 << 16];
    for _ in 0..(100 << 4) {
        // The server closes the connection once it has had enough: stop sending then.
        if stream.write_all(&chunk).is_err() {
            break;
        }
    }
    let _ = stream.write_all(b"\r\n\r\n");
    let mut rest = Vec::new();
    let _ = stream.read_to_end(&mut rest);
    // A request after that one is answered: the server is still there.
    assert_eq!(serve.get("/").status, 200);
    let after = peak_resident_kib(serve.child.id());
    let grown = after.saturating_sub(before);
    assert!(
        grown < 32 * 1024,
        "the server grew by {grown} KiB ({before} KiB before, {after} KiB after)"
    );
}

/// After a response that says `Connection: close` the server closes the socket, whatever made it say
/// so; a response that does not say it leaves the connection open for the next request.
#[test]
fn the_socket_is_closed_after_a_response_that_says_close() {
    let tree = Tree::minimal();
    let serve = Serve::start(tree.path());
    for (what, raw) in [
        (
            "the client asked",
            "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        ),
        (
            "a request with a body",
            "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello",
        ),
        ("HTTP/1.0", "GET / HTTP/1.0\r\nHost: localhost\r\n\r\n"),
    ] {
        let mut stream = connect(serve.addr);
        stream.write_all(raw.as_bytes()).expect("sends");
        let (_, close) = read_one_response(&mut stream);
        assert!(close, "{what}: the response says `Connection: close`");
        assert_closed(&mut stream, what);
    }
    // A plain request: either the connection is closed, as the response says, or it takes the next one.
    for target in [
        "/",
        "/assets/style.css",
        "/nope.html",
        "/%zz",
        "/__playbook/errors",
    ] {
        let mut stream = connect(serve.addr);
        let raw = format!("GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n");
        stream.write_all(raw.as_bytes()).expect("sends");
        let (_, close) = read_one_response(&mut stream);
        if close {
            assert_closed(&mut stream, target);
        } else {
            stream.write_all(raw.as_bytes()).expect("sends again");
            read_one_response(&mut stream);
        }
    }
}

#[test]
fn request_lines_with_raw_non_ascii_bytes_are_answered_400() {
    let tree = Tree::minimal();
    let serve = Serve::start(tree.path());
    for line in [
        b"GET /\xff HTTP/1.1".to_vec(),
        b"GET /caf\xc3\xa9.html HTTP/1.1".to_vec(),
        b"GET /\x00 HTTP/1.1".to_vec(),
        b"G\xffT / HTTP/1.1".to_vec(),
        b"GET / HTTP/1.1\xff".to_vec(),
    ] {
        let mut raw = line.clone();
        raw.extend(b"\r\nHost: localhost\r\n\r\n");
        let response = request_bytes(serve.addr, &raw);
        assert_eq!(
            response.status,
            400,
            "{:?}: {}",
            String::from_utf8_lossy(&line),
            response.text()
        );
        assert!(says_close(&response));
    }
}

#[test]
fn malformed_request_heads_are_answered_400_and_unknown_versions_505() {
    let tree = Tree::minimal();
    let serve = Serve::start(tree.path());
    for (raw, status) in [
        ("GET /\r\nHost: localhost\r\n\r\n", 400),
        ("GET  / HTTP/1.1\r\nHost: localhost\r\n\r\n", 400),
        ("GET / HTTP/1.1 x\r\nHost: localhost\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost localhost\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost : localhost\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: localhost\r\n folded\r\n\r\n", 400),
        (
            "GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n\r\n",
            400,
        ),
        (
            "GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: x\r\n\r\n",
            400,
        ),
        ("\u{16}\u{3}\u{1}\u{2}\u{0}\u{1}\r\n\r\n", 400),
        ("GET / HTTP/2.0\r\nHost: localhost\r\n\r\n", 505),
    ] {
        let response = request(serve.addr, raw);
        assert_eq!(response.status, status, "{raw:?}: {}", response.text());
        assert!(says_close(&response), "{raw:?}");
    }
    // Raw bytes in a header value are allowed (obs-text); bare line feeds end lines too.
    let response = request_bytes(
        serve.addr,
        b"GET /assets/style.css HTTP/1.1\nHost: localhost\nUser-Agent: \xff\nConnection: close\n\n",
    );
    assert_eq!(response.status, 200, "{}", response.text());
}

/// The cap on connections: past 512 open at once, a new one is answered `503` (and closed); a connection
/// that closes gives its place back. (The open connections stay well within the server's 15 s head
/// timeout: they are opened one after the other in well under a second.)
#[test]
fn past_512_open_connections_a_new_one_gets_503_until_one_closes() {
    let tree = Tree::minimal();
    let serve = Serve::start(tree.path());
    let get = "GET /assets/style.css HTTP/1.1\r\nHost: localhost\r\n\r\n";
    let mut open: Vec<TcpStream> = (0..512)
        .map(|_| {
            let mut stream = connect(serve.addr);
            stream.write_all(get.as_bytes()).expect("sends");
            let (status, close) = read_one_response(&mut stream);
            assert_eq!((status, close), (200, false));
            stream
        })
        .collect();
    let close = "GET /assets/style.css HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    let refused = request(serve.addr, close);
    assert_eq!(refused.status, 503, "{}", refused.text());
    assert!(says_close(&refused));
    // The open connections are still served.
    open[0].write_all(get.as_bytes()).expect("sends");
    assert_eq!(read_one_response(&mut open[0]).0, 200);

    drop(open.pop());
    let start = std::time::Instant::now();
    while request(serve.addr, close).status != 200 {
        assert!(
            start.elapsed() < PATIENCE,
            "no place after a connection closed"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// `serve` in this process, with `head_timeout` for a request head (the binary always has 15 s).
fn serve_in_process(tree: &Tree, head_timeout: Duration) -> playbook::serve::Server {
    let today = playbook::content::Date::parse(common::TODAY).expect("date");
    let mut options = playbook::serve::ServeOptions::new(tree.root(), today);
    options.port = 0;
    options.head_timeout = head_timeout;
    playbook::serve::Server::start(options).expect("serve starts")
}

/// How long the trickling client waits between two bytes.
const STEP: Duration = Duration::from_millis(100);

/// Sends a request head that never ends on `stream`, one byte every [`STEP`] for [`PATIENCE`], from a
/// thread of its own, and reads until the server closes the connection. Returns what the server sent
/// and whether it closed the connection while the client was still sending (a server whose only limit
/// is a timeout on each read waits for as long as the bytes keep coming, and closes only once they stop).
fn trickle(mut stream: TcpStream) -> (Vec<u8>, bool) {
    stream
        .set_read_timeout(Some(PATIENCE * 3))
        .expect("timeout");
    let mut writer = stream.try_clone().expect("clone");
    let answered = Arc::new(AtomicBool::new(false));
    let sender = std::thread::spawn({
        let answered = Arc::clone(&answered);
        move || {
            let start = b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".iter();
            let steps = (PATIENCE.as_millis() / STEP.as_millis()) as usize;
            for &byte in start.chain(std::iter::repeat(&b'a')).take(steps) {
                if answered.load(Ordering::SeqCst) || writer.write_all(&[byte]).is_err() {
                    return true;
                }
                std::thread::sleep(STEP);
            }
            false
        }
    });
    let mut bytes = Vec::new();
    let read = stream.read_to_end(&mut bytes);
    answered.store(true, Ordering::SeqCst);
    let still_sending = sender.join().expect("the sender ends");
    read.expect("the connection closed in time");
    (bytes, still_sending)
}

/// A request head has a deadline, not just a timeout on each read: a client that sends a byte more
/// often than that (here ten times as often) is answered `408` and closed once the deadline has passed.
#[test]
fn a_head_sent_a_byte_at_a_time_is_answered_408_once_its_deadline_has_passed() {
    let tree = Tree::minimal();
    let server = serve_in_process(&tree, STEP * 10);
    let (bytes, still_sending) = trickle(connect(server.addr()));
    let response = harness::parse(&bytes).unwrap_or_else(|| {
        panic!(
            "no answer, only {:?}: was the connection closed when the client stopped sending?",
            String::from_utf8_lossy(&bytes)
        )
    });
    assert_eq!(response.status, 408, "{}", response.text());
    assert!(says_close(&response));
    assert!(
        still_sending,
        "the server answered only once the client had stopped sending"
    );
    server.stop();
}

/// A connection that sends nothing is closed without an answer once the deadline has passed, and one
/// kept open after an answer gets the same time for its next request.
#[test]
fn an_idle_connection_is_closed_without_an_answer_at_the_head_deadline() {
    let tree = Tree::minimal();
    let server = serve_in_process(&tree, STEP * 5);
    for first in [
        None,
        Some("GET /assets/style.css HTTP/1.1\r\nHost: localhost\r\n\r\n"),
    ] {
        let mut stream = connect(server.addr());
        if let Some(request) = first {
            stream.write_all(request.as_bytes()).expect("sends");
            assert_eq!(read_one_response(&mut stream), (200, false));
        }
        assert_closed(&mut stream, "an idle connection");
    }
    server.stop();
}

/// Past the connection cap, the head of a connection that is to be answered `503` has a deadline too
/// (2 s): a client that sends it a byte at a time does not keep one of the 64 places for refusals.
#[test]
fn past_512_connections_a_head_sent_a_byte_at_a_time_is_still_answered_503() {
    let tree = Tree::minimal();
    // The 512 connections stay open, idle, for the whole test.
    let server = serve_in_process(&tree, PATIENCE * 6);
    let get = "GET /assets/style.css HTTP/1.1\r\nHost: localhost\r\n\r\n";
    let open: Vec<TcpStream> = (0..512)
        .map(|_| {
            let mut stream = connect(server.addr());
            stream.write_all(get.as_bytes()).expect("sends");
            assert_eq!(read_one_response(&mut stream), (200, false));
            stream
        })
        .collect();
    let (bytes, still_sending) = trickle(connect(server.addr()));
    let response = harness::parse(&bytes)
        .unwrap_or_else(|| panic!("no answer, only {:?}", String::from_utf8_lossy(&bytes)));
    assert_eq!(response.status, 503, "{}", response.text());
    assert!(
        still_sending,
        "the server answered only once the client had stopped sending"
    );
    drop(open);
    server.stop();
}
