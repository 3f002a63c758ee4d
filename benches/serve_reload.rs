//! Save → reload latency of `playbook serve` on the example playbook (`playbook.yaml` and `content/` at the
//! repository root, copied to a temporary folder so the repository is not touched), or with
//! `SERVE_ENTRIES=N` on a generated playbook of N entries (the defaults of `playbook_bench::corpus`, the
//! benchmark tooling in bench/tools). `SERVE_PAUSE_MS` sets the pause between saves. `SERVE_GIT=N` makes
//! the playbook a Git repository of N + 1 commits (see [`commit_history`]), as an author's checkout is.
//!
//! `cargo bench --bench serve_reload` starts the real binary (release build) on a free loopback port,
//! opens the event stream the pages listen to, then 20 times: appends a line to a content file's body
//! (one `write`, as an editor's save) and measures the time from just before the write until (1) the
//! `reload` event for the resulting build has been read off the stream and (2) the edited page, fetched
//! as the reloading browser does, shows the new line. It prints the median (and min, p90, max) of both,
//! and the median build time the server reported for the same rebuilds. It asserts only that the edit
//! arrived: it is a measurement.

#[path = "../tests/common/mod.rs"]
mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const EDITS: usize = 20;
const WARM_UP: usize = 2;

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let entries: Option<usize> = std::env::var("SERVE_ENTRIES")
        .ok()
        .map(|n| n.parse().expect("SERVE_ENTRIES is a number"));
    // The file edited, and its page.
    let (file, page, what) = match entries {
        None => {
            std::fs::copy(repo.join("playbook.yaml"), root.join("playbook.yaml")).expect("copy");
            common::copy_dir(&repo.join("content"), &root.join("content"));
            (
                "content/stages/health-check.md".to_string(),
                "stages/health-check.html".to_string(),
                "example playbook".to_string(),
            )
        }
        Some(n) => {
            let options = playbook_bench::corpus::CorpusOptions {
                entries: n,
                ..Default::default()
            };
            playbook_bench::corpus::generate(root, &options).expect("generates");
            (
                "content/objections/g000/objection-000100.md".to_string(),
                "objections/objection-000100.html".to_string(),
                format!("generated playbook of {n} entries"),
            )
        }
    };
    // `SERVE_GIT=N`: the playbook is committed into a Git repository, then N more commits each change three
    // of its Markdown files, as in an author's checkout (every rebuild reads the files' last changes).
    let what = match std::env::var("SERVE_GIT").ok() {
        Some(n) => {
            let commits: usize = n.parse().expect("SERVE_GIT is a number");
            commit_history(root, commits);
            format!("{what}, in Git with {} commits", commits + 1)
        }
        None => what,
    };
    let file = file.as_str();
    // Between saves (`SERVE_PAUSE_MS`): 250 ms by default, 1 s on a generated playbook, where the search
    // index of one edit is rebuilt in the background for a few hundred milliseconds (an author saves every
    // few seconds; a shorter pause measures saves that compete with that rebuild).
    let pause = Duration::from_millis(
        std::env::var("SERVE_PAUSE_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(if entries.is_some() { 1000 } else { 250 }),
    );

    let mut child = Command::new(env!("CARGO_BIN_EXE_playbook"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts playbook serve");
    let (lines_tx, lines) = mpsc::channel();
    let stdout = child.stdout.take().expect("stdout");
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines_tx.send(line);
        }
    });
    let first = lines
        .recv_timeout(Duration::from_secs(60))
        .expect("the URL");
    let addr: SocketAddr = first
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://"))
        .map(|a| a.trim_end_matches('/'))
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("no URL in {first:?}"));

    let mut stream = TcpStream::connect(addr).expect("connects");
    stream
        .write_all(b"GET /__playbook/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .expect("sends");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let mut events = BufReader::new(stream);
    let mut attempt = next_event(&mut events).1;

    let path = root.join(file);
    let original = std::fs::read_to_string(&path).expect("read");
    let mut latencies = Vec::new();
    let mut on_page = Vec::new();
    for i in 0..WARM_UP + EDITS {
        // Let the previous rebuild settle, so that each save is a burst of its own.
        std::thread::sleep(pause);
        let mark = format!("Edit number {i} of the benchmark.");
        let text = format!("{original}\n{mark}\n");
        let start = Instant::now();
        std::fs::write(&path, text).expect("write");
        let (name, seen) = loop {
            let (name, seen) = next_event(&mut events);
            if seen > attempt {
                break (name, seen);
            }
        };
        let elapsed = start.elapsed();
        assert_eq!(name, "reload", "the edit did not build");
        attempt = seen;
        let html = get(addr, &page);
        let shown = start.elapsed();
        assert!(html.contains(&mark), "{page} does not show the edit");
        if i >= WARM_UP {
            latencies.push(elapsed);
            on_page.push(shown);
        }
    }
    std::fs::write(&path, original).expect("restore");
    let _ = child.kill();
    let _ = child.wait();

    let mut builds: Vec<u64> = lines
        .try_iter()
        .filter(|l| l.starts_with(file))
        .filter_map(|l| {
            let after = l.split(" in ").nth(1)?;
            after.split(" ms").next()?.parse().ok()
        })
        .collect();
    builds.drain(..WARM_UP.min(builds.len()));
    builds.sort_unstable();
    latencies.sort_unstable();
    on_page.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let summary = |v: &[Duration]| {
        let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
        format!(
            "median {:.1} ms, min {:.1} ms, p90 {:.1} ms, max {:.1} ms",
            ms(at(0.5)),
            ms(at(0.0)),
            ms(at(0.9)),
            ms(at(1.0)),
        )
    };
    println!(
        "serve_reload: {EDITS} edits of {file} ({what}), {} ms apart: save → reload event: {}",
        pause.as_millis(),
        summary(&latencies)
    );
    println!(
        "serve_reload: save → the edited page served with the edit: {}",
        summary(&on_page)
    );
    if let Some(median) = builds.get(builds.len() / 2) {
        println!(
            "serve_reload: of which the rebuild (check + render) the server reported: median {median} ms; \
             the debounce waits {} ms of quiet",
            50
        );
    }
}

/// The body of `GET /path`, on a connection of its own: the request says `Connection: close`, so the server
/// closes the connection after the answer and the body is read to the end of the stream.
fn get(addr: SocketAddr, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connects");
    write!(
        stream,
        "GET /{path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("sends");
    let mut response = Vec::new();
    std::io::Read::read_to_end(&mut stream, &mut response).expect("reads");
    String::from_utf8_lossy(&response).into_owned()
}

/// Makes `root` a Git repository: everything committed, then `commits` more commits (written with
/// `git fast-import`, one process for all of them), each adding a line to three Markdown files, the work
/// tree checked out at the last one.
fn commit_history(root: &Path, commits: usize) {
    common::git::init(root);
    common::git::commit_all(root, "2026-01-01", "The playbook");
    let mut files: Vec<String> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| {
            let rel = e.path().strip_prefix(root).ok()?;
            Some(rel.to_string_lossy().replace('\\', "/"))
        })
        .collect();
    files.sort();
    let mut stream = Vec::new();
    for i in 0..commits {
        let subject = format!("Revision {i}");
        // One hour apart, from 2026-01-01.
        let time = 1_767_225_600 + 3600 * i;
        write!(
            stream,
            "commit refs/heads/main\ncommitter Bench <bench@example.invalid> {time} +0000\ndata {}\n{subject}\n",
            subject.len()
        )
        .expect("writes");
        if i == 0 {
            writeln!(stream, "from refs/heads/main^0").expect("writes");
        }
        for j in 0..3 {
            let rel = &files[(i * 7919 + j * 104_729) % files.len()];
            let text = std::fs::read_to_string(root.join(rel)).expect("reads");
            let text = format!("{text}\n{subject}.\n");
            write!(
                stream,
                "M 100644 inline {rel}\ndata {}\n{text}\n",
                text.len()
            )
            .expect("writes");
        }
    }
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["fast-import", "--quiet"])
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .stdin(Stdio::piped())
        .spawn()
        .expect("git fast-import starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&stream)
        .expect("writes the commits");
    assert!(
        child.wait().expect("waits").success(),
        "git fast-import failed"
    );
    common::git::git_at(root, "2026-06-01T00:00:00Z", &["reset", "-q", "--hard"]);
}

/// Reads the next event: its name and its attempt number.
fn next_event(events: &mut BufReader<TcpStream>) -> (String, u64) {
    let (mut name, mut attempt) = (String::new(), None);
    loop {
        let mut line = String::new();
        let n = events.read_line(&mut line).expect("the stream goes on");
        assert!(n > 0, "the event stream ended");
        let line = line.trim_end();
        if let Some(v) = line.strip_prefix("event: ") {
            name = v.to_string();
        } else if let Some(v) = line.strip_prefix("id: ") {
            attempt = v.parse().ok();
        } else if line.is_empty() {
            if let Some(attempt) = attempt {
                return (name, attempt);
            }
        }
    }
}
