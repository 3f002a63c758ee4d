//! The harness of `tests/serve.rs` and `tests/serve_connections.rs`: `playbook serve` as a child process,
//! and a small HTTP and event-stream client over plain TCP (so that requests go out byte for byte as
//! written, `..` and all).

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::TODAY;

/// How long anything may take on a slow, busy machine.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// A running `playbook serve`, killed when dropped.
pub struct Serve {
    pub child: Child,
    pub addr: SocketAddr,
    /// Every line printed on stdout so far.
    stdout: Arc<Mutex<Vec<String>>>,
}

impl Serve {
    pub fn start(root: &Path) -> Serve {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("playbook"));
        cmd.args(["serve", "--port", "0", "--root"]).arg(root);
        Serve::spawn(cmd)
    }

    /// `playbook serve` run inside `root` with no `--root`, as a user runs it after `cd`.
    pub fn start_in(root: &Path) -> Serve {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("playbook"));
        cmd.args(["serve", "--port", "0"]).current_dir(root);
        Serve::spawn(cmd)
    }

    fn spawn(mut cmd: Command) -> Serve {
        let mut child = cmd
            .env("PLAYBOOK_TODAY", TODAY)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starts playbook serve");
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let (first_tx, first_rx) = mpsc::channel();
        let out = child.stdout.take().expect("stdout");
        let lines = Arc::clone(&stdout);
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let _ = first_tx.send(line.clone());
                lines.lock().expect("lock").push(line);
            }
        });
        // Drain stderr so that the diagnostics of a broken build never fill the pipe.
        let err = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            let _ = std::io::copy(&mut BufReader::new(err), &mut std::io::sink());
        });
        let first = first_rx
            .recv_timeout(PATIENCE * 3)
            .expect("serve prints its URL first");
        let url = first
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in the first line: {first}"));
        let addr = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .parse()
            .unwrap_or_else(|e| panic!("bad address in {url}: {e}"));
        Serve {
            child,
            addr,
            stdout,
        }
    }

    pub fn request(&self, raw: &str) -> Response {
        request(self.addr, raw)
    }

    pub fn get(&self, path: &str) -> Response {
        self.request(&format!(
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        ))
    }

    pub fn errors(&self) -> Value {
        let r = self.get("/__playbook/errors");
        assert_eq!(r.status, 200);
        assert_eq!(
            r.header("content-type"),
            Some("application/json; charset=utf-8")
        );
        serde_json::from_slice(&r.body).expect("errors are JSON")
    }

    /// Polls `path` until `ok` holds for the response, panicking with the last one after [`PATIENCE`].
    pub fn wait_for(&self, path: &str, what: &str, ok: impl Fn(&Response) -> bool) -> Response {
        let start = Instant::now();
        loop {
            let r = self.get(path);
            if ok(&r) {
                return r;
            }
            if start.elapsed() > PATIENCE {
                panic!(
                    "waited for {what} on {path}; last answer {} {}\nserve said: {:#?}",
                    r.status,
                    r.text(),
                    self.stdout.lock().expect("lock")
                );
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    pub fn wait_for_errors(&self, what: &str, ok: impl Fn(&Value) -> bool) -> Value {
        let r = self.wait_for("/__playbook/errors", what, |r| {
            serde_json::from_slice::<Value>(&r.body).is_ok_and(|v| ok(&v))
        });
        serde_json::from_slice(&r.body).expect("json")
    }

    pub fn events(&self) -> Events {
        Events::open(self.addr)
    }

    pub fn lines(&self) -> Vec<String> {
        self.stdout.lock().expect("lock").clone()
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A parsed response.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `raw` as it is and reads the response until the server closes the connection.
pub fn request(addr: SocketAddr, raw: &str) -> Response {
    request_bytes(addr, raw.as_bytes())
}

/// Sends `raw` as it is (any bytes) and reads the response until the server closes the connection.
pub fn request_bytes(addr: SocketAddr, raw: &[u8]) -> Response {
    let mut stream = TcpStream::connect_timeout(&addr, PATIENCE).expect("connects");
    stream
        .set_read_timeout(Some(PATIENCE * 3))
        .expect("timeout");
    stream.write_all(raw).expect("sends");
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).expect("reads the answer");
    parse(&bytes).unwrap_or_else(|| panic!("not HTTP: {:?}", String::from_utf8_lossy(&bytes)))
}

pub fn parse(bytes: &[u8]) -> Option<Response> {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&bytes[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Some(Response {
        status,
        headers,
        body: bytes[end + 4..].to_vec(),
    })
}

/// An open event stream.
pub struct Events {
    lines: Receiver<String>,
}

/// One event: its name and its data.
#[derive(Debug)]
pub struct Event {
    pub name: String,
    pub data: Value,
}

impl Events {
    fn open(addr: SocketAddr) -> Events {
        let mut stream = TcpStream::connect_timeout(&addr, PATIENCE).expect("connects");
        stream
            .write_all(
                b"GET /__playbook/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n",
            )
            .expect("sends");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        let events = Events { lines: rx };
        let status = events.line();
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
        loop {
            let header = events.line();
            if header.is_empty() {
                break;
            }
            if let Some(v) = header.strip_prefix("Content-Type:") {
                assert_eq!(v.trim(), "text/event-stream; charset=utf-8");
            }
        }
        events
    }

    pub fn line(&self) -> String {
        self.lines
            .recv_timeout(PATIENCE)
            .expect("the event stream goes on")
    }

    /// The next event (comments and `retry` skipped).
    pub fn next(&self) -> Event {
        let (mut name, mut data) = (String::new(), None);
        loop {
            let line = self.line();
            if line.is_empty() {
                if let Some(data) = data.take() {
                    return Event { name, data };
                }
            } else if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                data = Some(serde_json::from_str(d).expect("event data is JSON"));
            }
        }
    }

    /// Skips events until one satisfies `ok`.
    pub fn until(&self, what: &str, ok: impl Fn(&Event) -> bool) -> Event {
        let start = Instant::now();
        loop {
            let e = self.next();
            if ok(&e) {
                return e;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "no event with {what}: last {e:?}"
            );
        }
    }
}

pub fn write(root: &Path, path: &str, text: &str) {
    let full = root.join(path);
    std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
    std::fs::write(full, text).expect("write");
}

/// Reads one response by its `Content-Length`, without waiting for the connection to close; returns the
/// status and whether the server said `Connection: close`.
pub fn read_one_response(stream: &mut TcpStream) -> (u16, bool) {
    let response = read_response(stream);
    let close = says_close(&response);
    (response.status, close)
}

/// Whether the response says `Connection: close`.
pub fn says_close(response: &Response) -> bool {
    response
        .header("connection")
        .is_some_and(|v| v.eq_ignore_ascii_case("close"))
}

/// Reads one response to a `GET`, its body by its `Content-Length`, without waiting for the connection to
/// close.
pub fn read_response(stream: &mut TcpStream) -> Response {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        let n = stream.read(&mut byte).expect("a response in time");
        assert_eq!(
            n,
            1,
            "closed before the head ended: {:?}",
            String::from_utf8_lossy(&head)
        );
        head.push(byte[0]);
    }
    let mut response = parse(&head).expect("a response head");
    let length: usize = response
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .expect("Content-Length");
    let mut body = vec![0; length];
    stream.read_exact(&mut body).expect("the body");
    response.body = body;
    response
}

/// Whether the server closed the connection: the next read sees the end of the stream (a server that
/// keeps it open makes the read time out, and this panics).
pub fn assert_closed(stream: &mut TcpStream, what: &str) {
    stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
    let mut byte = [0u8; 1];
    match stream.read(&mut byte) {
        Ok(0) => {}
        Ok(_) => panic!("{what}: more bytes after the response"),
        Err(e) => panic!("{what}: the connection is still open ({e})"),
    }
}
