//! The connections of `serve`: accepting them, a thread for each, reading their requests one after the
//! other and closing them.
//!
//! A connection stays open after an answer (keep-alive), so a browser loads a page's files over the same
//! few connections, unless the client says `Connection: close` (or speaks HTTP/1.0 without asking to keep
//! it), the request has a body (never read), the request head was refused, or the answer is an event
//! stream.
//!
//! Each request head has a deadline: [`HEAD_TIMEOUT`] (or `ServeOptions::head_timeout`) from when the
//! server starts waiting for it, that is from when the connection opens or the previous answer has been
//! written. Every read waits only for what is left of it, so a client that sends a byte now and then
//! cannot stretch it. A connection that has sent nothing of a request by then is closed without an
//! answer (it was idle); one that is in the middle of a head is answered `408` and closed. A connection
//! whose client reads nothing of an answer for [`WRITE_TIMEOUT`] is closed too.
//!
//! At most [`MAX_CONNECTIONS`] connections are served at once. Past that, a new connection is still read
//! (up to [`MAX_REFUSING`] of them at once, until a deadline of [`REFUSING_READ`] from its acceptance, or
//! the head deadline if that is shorter) and answered `503`, then closed; past that too, it is closed at
//! once. A connection closed by the server is closed the lingering way: the server shuts its sending
//! side first, so that the client reads the whole answer and then the end of the stream, and reads and
//! discards what the client still sends for a moment, because closing a socket with unread bytes resets
//! the connection, and a reset can destroy the answer on its way.

use std::io::{self, BufReader, BufWriter, Read};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::http::{self, Answer, Parts, Reply};
use super::reload::{self, StreamSlot};
use super::request::{self, Method};
use super::state::State;

/// How many connections are served at once, each by a thread of its own.
const MAX_CONNECTIONS: usize = 512;

/// How many connections past [`MAX_CONNECTIONS`] are read and answered `503` at once.
const MAX_REFUSING: usize = 64;

/// How long a connection may take to send a whole request head, from when the server starts waiting for
/// it (the default of `ServeOptions::head_timeout`). An idle connection is closed after as long.
pub(crate) const HEAD_TIMEOUT: Duration = Duration::from_secs(15);

/// How long a connection refused with `503` may take to send its request head, from its acceptance.
const REFUSING_READ: Duration = Duration::from_secs(2);

/// How long writing an answer may wait for a client that does not read it.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a closing connection is read (and discarded) at most, and how many bytes.
const LINGER: Duration = Duration::from_secs(2);
const LINGER_BYTES: usize = 16 << 20;

/// Accepts connections until the state says stop, and serves each on a thread of its own.
///
/// With `local_only` (the server listens on loopback), requests for a foreign `Host` are refused (see
/// [`http::reply`]). Each request head must arrive within `head_timeout` (see the module's comment).
pub(crate) fn accept_loop(
    listener: &TcpListener,
    state: &Arc<State>,
    local_only: bool,
    head_timeout: Duration,
) {
    let open = Arc::new(AtomicUsize::new(0));
    let refusing = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        if state.is_stopping() {
            return;
        }
        let stream = match stream {
            Ok(stream) => stream,
            Err(e) => {
                // Out of file descriptors, say: give the system a moment rather than spin.
                eprintln!("warning: accepting a connection: {e}");
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        let job: Box<dyn FnOnce() + Send> = if let Some(place) = Place::take(&open, MAX_CONNECTIONS)
        {
            let state = Arc::clone(state);
            Box::new(move || {
                let _place = place;
                serve(stream, &state, local_only, head_timeout);
            })
        } else if let Some(place) = Place::take(&refusing, MAX_REFUSING) {
            Box::new(move || {
                let _place = place;
                refuse(stream, head_timeout.min(REFUSING_READ));
            })
        } else {
            // Closed at once: the client sees the connection end without an answer.
            continue;
        };
        let spawned = std::thread::Builder::new()
            .name("playbook-http".to_string())
            .spawn(job);
        if let Err(e) = spawned {
            // The job went down with its connection and its place.
            eprintln!("warning: cannot start a thread for a connection: {e}");
        }
    }
}

/// A place among the connections served at once, given back when dropped.
struct Place {
    count: Arc<AtomicUsize>,
}

impl Place {
    /// Takes a place of `count`, or `None` when `max` are taken.
    fn take(count: &Arc<AtomicUsize>, max: usize) -> Option<Place> {
        if count.fetch_add(1, Ordering::SeqCst) >= max {
            count.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        Some(Place {
            count: Arc::clone(count),
        })
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        self.count.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A connection read against a deadline: each read waits only for what is left of it, and fails with
/// `TimedOut` once it has passed, however often the client sends a byte.
struct Deadlined<'a> {
    stream: &'a TcpStream,
    deadline: Instant,
}

impl Read for Deadlined<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        (&*self.stream).read(buf)
    }
}

/// Answers the requests of one connection, one after the other, until it is to be closed.
fn serve(stream: TcpStream, state: &State, local_only: bool, head_timeout: Duration) {
    // A silent or slow client ends its own connection; it never holds its thread for ever.
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let _ = stream.set_nodelay(true);
    let mut reader = BufReader::new(Deadlined {
        stream: &stream,
        deadline: Instant::now(),
    });
    let mut buf = Vec::new();
    loop {
        // Bytes of the next request may be here already (a client that sent several at once).
        reader.get_mut().deadline = Instant::now() + head_timeout;
        let head = match request::read_head(&mut reader, &mut buf) {
            Ok(head) => head,
            Err(e) => {
                // A refused head is answered; a connection that ended, failed or stayed idle is just
                // closed.
                if let Some(status) = e.status() {
                    let answer = http::refusal(status, &e.to_string());
                    if write(&stream, &answer, Parts::All, None) {
                        close(&stream);
                    }
                }
                return;
            }
        };
        let keep_alive = head.keep_alive && !head.has_body && !state.is_stopping();
        let reply = http::reply(&head, &state.snapshot(), local_only);
        match reply {
            Reply::Answer(answer) => {
                let parts = if head.method == Method::Head {
                    Parts::HeadOnly
                } else {
                    Parts::All
                };
                let kept = keep_alive.then_some(head_timeout);
                if !write(&stream, &answer, parts, kept) {
                    return;
                }
                if !keep_alive {
                    break;
                }
            }
            Reply::Events => {
                match StreamSlot::take(state) {
                    // An error means the client went away: the stream just ends.
                    Some(slot) => drop(reload::stream(&mut &stream, state, &slot)),
                    None => drop(write(&stream, &http::too_many_streams(), Parts::All, None)),
                }
                break;
            }
        }
    }
    close(&stream);
}

/// Reads the request head of a connection past [`MAX_CONNECTIONS`] (until `within` has passed), answers
/// `503` and closes.
fn refuse(stream: TcpStream, within: Duration) {
    let _ = stream.set_write_timeout(Some(REFUSING_READ));
    let mut reader = BufReader::new(Deadlined {
        stream: &stream,
        deadline: Instant::now() + within,
    });
    // A head that was read, well-formed, malformed or late, is answered; a client that sent none is
    // just closed.
    let answerable = match request::read_head(&mut reader, &mut Vec::new()) {
        Ok(_) => true,
        Err(e) => e.status().is_some(),
    };
    if answerable && write(&stream, &http::busy(), Parts::All, None) {
        close(&stream);
    }
}

/// Writes `answer`, saying whether the connection stays open (and for how long it may then be idle);
/// `false` if the client went away.
fn write(stream: &TcpStream, answer: &Answer, parts: Parts, keep_alive: Option<Duration>) -> bool {
    let mut out = BufWriter::with_capacity(16 * 1024, stream);
    http::write_answer(&mut out, answer, parts, keep_alive).is_ok()
}

/// Closes a connection after its last answer, the lingering way (see the module's comment).
fn close(stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + LINGER;
    let mut sink = vec![0; 16 * 1024];
    let mut discarded = 0;
    while discarded < LINGER_BYTES {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match (&*stream).read(&mut sink) {
            Ok(0) => return,
            Ok(n) => discarded += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}
