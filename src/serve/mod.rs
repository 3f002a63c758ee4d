//! `playbook serve`: builds the site in memory, serves it over HTTP, rebuilds when a source changes and
//! reloads every open page.
//!
//! The pieces: [`watch`] turns file events into debounced change sets; a builder thread runs the same
//! check-and-render pipeline as `build` (but never writes `public/`) and swaps the result into the shared
//! [`state`] only once it is complete; [`connection`] accepts connections and reads their requests
//! ([`request`]), which [`http`] answers from whatever snapshot is current;
//! [`reload`] pushes an event per build to the pages, whose injected script reloads them or shows the
//! errors over the last good site.

mod build;
mod connection;
mod http;
mod path;
mod reload;
mod request;
mod state;
mod watch;

use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::check::Report;
use crate::content::{Date, Playbook};
use crate::report::stdout_line;
use crate::report::{self, Color};
pub use build::BuildError;
use build::{Builder, Changed, Outcome};
use state::{Snapshot, State};
use watch::{ChangeSet, WatchHandle};

/// The default port.
pub const DEFAULT_PORT: u16 = 1111;

/// What `serve` needs.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ServeOptions {
    /// The playbook folder.
    pub root: PathBuf,
    /// The address to listen on (loopback unless the user says otherwise).
    pub bind: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// The date `review_by` dates are compared with.
    pub today: Date,
    /// Colours of the diagnostics printed on stderr.
    pub color: Color,
    /// How long a connection may take to send a whole request head, counted from when the server starts
    /// waiting for it (the connection opened, or the previous answer was written): past it, a connection
    /// that sent nothing is closed and one in the middle of a head is answered `408` and closed. 15 s.
    pub head_timeout: Duration,
}

impl ServeOptions {
    /// Options for `root` on the loopback address and the default port, without colours.
    pub fn new(root: PathBuf, today: Date) -> ServeOptions {
        ServeOptions {
            root,
            bind: IpAddr::from([127, 0, 0, 1]),
            port: DEFAULT_PORT,
            today,
            color: Color::Never,
            head_timeout: connection::HEAD_TIMEOUT,
        }
    }
}

/// `serve` could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address is taken, or not this machine's.
    #[error("cannot listen on {addr}: {message}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// What the system said.
        message: String,
    },
    /// The file watcher could not be set up.
    #[error("cannot watch `{}` for changes: {source}", path.display())]
    Watch {
        /// The folder.
        path: PathBuf,
        /// Why.
        #[source]
        source: notify::Error,
    },
    /// A thread could not be started.
    #[error("cannot start a thread: {0}")]
    Thread(#[source] io::Error),
}

/// A running server. Dropping it without [`Server::stop`] leaves the threads running until the process
/// ends.
pub struct Server {
    addr: SocketAddr,
    state: Arc<State>,
    watch: Option<WatchHandle>,
    threads: Vec<JoinHandle<()>>,
}

impl Server {
    /// Binds the address, starts watching, prints the URL, builds the site once (printing how that went)
    /// and starts answering requests and rebuilding on changes.
    pub fn start(options: ServeOptions) -> Result<Server, ServeError> {
        let wanted = SocketAddr::new(options.bind, options.port);
        let bind_error = |e: io::Error| ServeError::Bind {
            addr: wanted,
            message: e.to_string(),
        };
        let listener = TcpListener::bind(wanted).map_err(bind_error)?;
        let addr = listener.local_addr().map_err(bind_error)?;
        // The watcher reports absolute, resolved paths: compare them with an absolute, resolved root
        // (`.` by default), or no change is ever recognised.
        let root = std::fs::canonicalize(&options.root).unwrap_or_else(|_| options.root.clone());
        let (watch, changes) = watch::watch(&root)?;
        let url = url_of(addr);
        stdout_line(&format!("Serving {url} (Ctrl-C to stop)"));
        if !options.bind.is_loopback() {
            eprintln!(
                "warning: listening on {}: other machines can read the playbook",
                options.bind
            );
        }

        let mut builder = Builder::new(root, options.today);
        let started = Instant::now();
        let outcome = builder.build(Changed::Anything, &[], None);
        let first = next_snapshot(&Snapshot::empty(server_id()), outcome, started);
        let state = Arc::new(State::new(first.snapshot));
        stdout_line(&first.line);
        print_diagnostics(first.diagnostics.as_ref(), options.color);

        let mut threads = Vec::new();
        threads.push(spawn("playbook-accept", {
            let state = Arc::clone(&state);
            let local_only = options.bind.is_loopback();
            let head_timeout = options.head_timeout;
            move || connection::accept_loop(&listener, &state, local_only, head_timeout)
        })?);
        let (index_tx, index_rx) = std::sync::mpsc::channel();
        threads.push(spawn("playbook-search-index", {
            let state = Arc::clone(&state);
            move || index_loop(&index_rx, &state)
        })?);
        threads.push(spawn("playbook-build", {
            let state = Arc::clone(&state);
            move || rebuild_loop(&changes, builder, &state, &options, &index_tx)
        })?);
        Ok(Server {
            addr,
            state,
            watch: Some(watch),
            threads,
        })
    }

    /// The address listened on (with the real port when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:1111/`.
    pub fn url(&self) -> String {
        url_of(self.addr)
    }

    /// Stops serving: event streams end, no request is taken any more, watching stops, and the builder
    /// finishes the build it is running, if any.
    pub fn stop(mut self) {
        self.state.stop();
        // Wake the accepting thread, which sees that it is to stop.
        let _ = TcpStream::connect_timeout(&reachable(self.addr), Duration::from_secs(1));
        self.watch = None;
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

fn spawn(name: &str, f: impl FnOnce() + Send + 'static) -> Result<JoinHandle<()>, ServeError> {
    std::thread::Builder::new()
        .name(name.to_string())
        .spawn(f)
        .map_err(ServeError::Thread)
}

/// `http://ADDR/`, with `localhost`-reachable loopback for an unspecified bind address.
fn url_of(addr: SocketAddr) -> String {
    format!("http://{}/", reachable(addr))
}

/// The address to connect to for a server listening on `addr`: loopback for an unspecified address.
fn reachable(addr: SocketAddr) -> SocketAddr {
    if addr.ip().is_unspecified() {
        SocketAddr::new(
            match addr.ip() {
                IpAddr::V4(_) => IpAddr::from([127, 0, 0, 1]),
                IpAddr::V6(_) => IpAddr::from([0, 0, 0, 0, 0, 0, 0, 1]),
            },
            addr.port(),
        )
    } else {
        addr
    }
}

/// A number that differs between two runs of `serve`, so that a page from an earlier run reloads.
fn server_id() -> u64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    (nanos as u64) ^ u64::from(std::process::id()).rotate_left(32)
}

/// Rebuilds after every change set until the watcher or the server stops. Change sets that arrived
/// during a build are merged into one rebuild.
fn rebuild_loop(
    changes: &Receiver<ChangeSet>,
    mut builder: Builder,
    state: &State,
    options: &ServeOptions,
    index: &Sender<IndexJob>,
) {
    while let Ok(mut set) = changes.recv() {
        while let Ok(more) = changes.try_recv() {
            set.merge(more);
        }
        if state.is_stopping() {
            return;
        }
        if set.is_empty() {
            continue;
        }
        let started = Instant::now();
        let served = state.snapshot().site.clone();
        let paths: Vec<String> = set.paths.keys().cloned().collect();
        let outcome = builder.build(set.changed(), &paths, served);
        let next = next_snapshot(&state.snapshot(), outcome, started);
        let build = next.snapshot.build;
        // The pages first; then the search index, the terminal.
        state.publish(next.snapshot);
        if let Some(playbook) = next.index {
            let _ = index.send(IndexJob { build, playbook });
        }
        stdout_line(&format!("{}: {}", set.summary(), next.line));
        print_diagnostics(next.diagnostics.as_ref(), options.color);
    }
}

/// A search index to build in the background, for the site of build `build`.
struct IndexJob {
    build: u64,
    playbook: Arc<Playbook>,
}

/// Builds the search index of incremental builds, the latest first (older jobs are skipped), and puts
/// each into the site it belongs to, if that is still the one served.
fn index_loop(jobs: &Receiver<IndexJob>, state: &State) {
    while let Ok(mut job) = jobs.recv() {
        while let Ok(newer) = jobs.try_recv() {
            job = newer;
        }
        if state.is_stopping() {
            return;
        }
        if state.snapshot().build != job.build {
            continue;
        }
        let index = crate::render::search_index(&job.playbook);
        state.replace_search_index(job.build, index);
    }
}

/// What a build attempt gives the server and the terminal.
struct Next {
    /// What to serve now.
    snapshot: Snapshot,
    /// The playbook whose search index is still to be built for this snapshot.
    index: Option<Arc<Playbook>>,
    /// How the build went, in one line.
    line: String,
    /// Content errors to print, with the playbook that has their source lines.
    diagnostics: Option<(Report, Box<Playbook>)>,
}

/// Prints the diagnostics of a build that found errors on stderr, as `check` does.
fn print_diagnostics(diagnostics: Option<&(Report, Box<Playbook>)>, color: Color) {
    if let Some((report, playbook)) = diagnostics {
        let stream = report::stderr(color);
        let _ = report::write_human(&mut stream.lock(), report, playbook);
    }
}

/// The snapshot after `outcome` of a build that began at `started`, and what to tell the terminal.
fn next_snapshot(previous: &Snapshot, outcome: Outcome, started: Instant) -> Next {
    let counts = |r: Option<&Report>| {
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        r.map_or_else(String::new, |r| {
            format!(
                ": {}, {}",
                plural(r.errors(), "error"),
                plural(r.warnings(), "warning")
            )
        })
    };
    let ms = |at: Instant| at.elapsed().as_millis();
    let keeping = if previous.site.is_some() {
        "; still serving the last good build"
    } else {
        ""
    };
    match outcome {
        Outcome::Built {
            site,
            report,
            index,
        } => {
            let how = if index.is_some() {
                " (changed pages only)"
            } else {
                ""
            };
            let line = format!(
                "built {} pages in {} ms{how}{}",
                site.pages(),
                ms(started),
                counts(Some(&report))
            );
            Next {
                snapshot: previous.next(Some(site), Some(&report), None),
                index,
                line,
                diagnostics: None,
            }
        }
        Outcome::Refused { report, playbook } => {
            let line = format!(
                "not built ({} ms){}{keeping}",
                ms(started),
                counts(Some(&report))
            );
            let overlay = reload::overlay_html(&report::errors_as_text(&report, &playbook));
            Next {
                snapshot: previous
                    .next(None, Some(&report), None)
                    .with_overlay(overlay),
                index: None,
                line,
                diagnostics: Some((report, playbook)),
            }
        }
        Outcome::Failed { error, report } => {
            let message = crate::theme::describe(&error);
            let line = format!("build failed ({} ms): {message}{keeping}", ms(started));
            Next {
                snapshot: previous.next(None, report.as_ref(), Some(message)),
                index: None,
                line,
                diagnostics: None,
            }
        }
    }
}

/// Opens `url` in the default browser, without waiting for it.
pub fn open_in_browser(url: &str) -> io::Result<()> {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(drop)
}
