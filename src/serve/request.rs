//! Reading one HTTP/1.1 request head off a connection, within limits, and what `serve` needs of it.
//!
//! The head (request line and headers) is read up to its empty line and never past [`MAX_HEAD`] bytes:
//! a longer one is refused (`431`, or `414` when the request line alone is that long) without reading
//! the rest. The whole head is then parsed by `httparse` (the parser under hyper), which holds at most
//! [`MAX_HEADERS`] header lines: a head with more is refused `431` too. The request line must be
//! `METHOD SP TARGET SP HTTP/1.x` in printable ASCII (`400` otherwise: httparse would let bytes above
//! 0x7F through in the target, so the line is checked first; `505` for another `HTTP/x.y`); header
//! lines must be `name: value` with a token for a name, no folding and no control characters in the
//! value (bytes above 0x7F are allowed there, as RFC 9112 says). Lines may end with CRLF or a bare LF;
//! empty lines before the request line are skipped. Only the headers `serve` acts on are kept, so a
//! head costs no more memory than its bytes.
//!
//! How long a head may take is up to the reader: [`connection`](super::connection) gives each read only
//! what is left of a deadline, so a read that times out means the deadline has passed. Before the first
//! byte of a head that is an idle connection (nothing to answer); within a head it is `408`.

use std::io::{self, BufRead};
use std::mem::MaybeUninit;

/// The most bytes a request head may have, request line and headers together.
pub(crate) const MAX_HEAD: usize = 64 * 1024;

/// The most header lines a request head may have (`431` past that): httparse fills an array of this
/// many, on the stack. Browsers send about 20.
const MAX_HEADERS: usize = 100;

/// A request method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Method {
    /// `GET`.
    Get,
    /// `HEAD`.
    Head,
    /// Any other method (answered `405`).
    Other(String),
}

/// The protocol version of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Version {
    /// `HTTP/1.0`: the connection closes after the answer unless the client asks to keep it.
    Http10,
    /// `HTTP/1.1`: the connection stays open unless the client says `Connection: close`.
    Http11,
}

/// What `serve` needs of a request head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Head {
    /// The method.
    pub method: Method,
    /// The request target, as sent (printable ASCII).
    pub target: String,
    /// The protocol version.
    pub version: Version,
    /// The `Host` header, if there is one (bytes above 0x7F replaced).
    pub host: Option<String>,
    /// Whether the client lets the connection stay open after this request.
    pub keep_alive: bool,
    /// Whether a body follows the head (`Content-Length` other than 0, or `Transfer-Encoding`): it is
    /// never read, so the connection is closed after the answer.
    pub has_body: bool,
}

/// Why no request head could be read.
#[derive(Debug, thiserror::Error)]
pub(crate) enum HeadError {
    /// The connection ended, or stayed idle past its read timeout, before a request began. Nothing to
    /// answer.
    #[error("the connection ended before a request")]
    Closed,
    /// The connection failed or ended in the middle of a head. Nothing can be answered.
    #[error("reading the request failed: {0}")]
    Io(#[source] io::Error),
    /// The reader timed out in the middle of a head: the client took too long to send it (`408`).
    #[error("the request head did not arrive in time")]
    TimedOut,
    /// The request line is longer than [`MAX_HEAD`] (`414`).
    #[error("the request line is longer than {MAX_HEAD} bytes")]
    LineTooLong,
    /// The head is longer than [`MAX_HEAD`] (`431`).
    #[error("the request head is longer than {MAX_HEAD} bytes")]
    TooLarge,
    /// The head has more than [`MAX_HEADERS`] header lines (`431`).
    #[error("the request head has more than {MAX_HEADERS} header lines")]
    TooManyHeaders,
    /// Not an HTTP/1.x request head (`400`).
    #[error("{0}")]
    Malformed(&'static str),
    /// An HTTP version other than 1.0 and 1.1 (`505`).
    #[error("only HTTP/1.0 and HTTP/1.1 are supported")]
    Version,
}

impl HeadError {
    /// The status to answer with, or `None` when nothing can be answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            HeadError::Closed | HeadError::Io(_) => None,
            HeadError::TimedOut => Some(408),
            HeadError::LineTooLong => Some(414),
            HeadError::TooLarge | HeadError::TooManyHeaders => Some(431),
            HeadError::Malformed(_) => Some(400),
            HeadError::Version => Some(505),
        }
    }
}

/// Reads the next request head from `reader` into `buf` (cleared first) and parses it. Bytes after the
/// head (the next request of a client that sends several at once) stay in `reader`.
pub(crate) fn read_head(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> Result<Head, HeadError> {
    buf.clear();
    let mut skipped = 0;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) if buf.is_empty() && skipped == 0 => return Err(HeadError::Closed),
            // A socket's read timeout is `WouldBlock` on Unix, `TimedOut` on Windows.
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Err(HeadError::TimedOut)
            }
            Err(e) => return Err(HeadError::Io(e)),
        };
        if chunk.is_empty() {
            return Err(if buf.is_empty() && skipped == 0 {
                HeadError::Closed
            } else {
                HeadError::Io(io::ErrorKind::UnexpectedEof.into())
            });
        }
        let mut used = 0;
        if buf.is_empty() {
            // Empty lines before a request line are allowed (RFC 9112, section 2.2).
            used = chunk
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
            skipped += used;
            if skipped > MAX_HEAD {
                return Err(HeadError::TooLarge);
            }
        }
        let start = buf.len();
        let take = (chunk.len() - used).min(MAX_HEAD - start);
        buf.extend_from_slice(&chunk[used..used + take]);
        let end = head_end(buf, start.saturating_sub(2));
        if let Some(end) = end {
            buf.truncate(end);
        }
        used += buf.len() - start;
        reader.consume(used);
        if end.is_some() {
            return parse(buf);
        }
        if buf.len() >= MAX_HEAD {
            return Err(if buf.contains(&b'\n') {
                HeadError::TooLarge
            } else {
                HeadError::LineTooLong
            });
        }
    }
}

/// Where the head in `buf` ends (after its empty line), looking at line ends from `from` on.
fn head_end(buf: &[u8], from: usize) -> Option<usize> {
    (from..buf.len())
        .find(|&i| {
            buf[i] == b'\n'
                && i >= 1
                && (buf[i - 1] == b'\n' || (i >= 2 && buf[i - 1] == b'\r' && buf[i - 2] == b'\n'))
        })
        .map(|i| i + 1)
}

/// Parses a whole head, empty line included.
fn parse(head: &[u8]) -> Result<Head, HeadError> {
    // httparse lets bytes above 0x7F through in the target; `serve` wants them percent-encoded.
    let line = request_line(head);
    if !line.iter().all(|b| (0x20..0x7f).contains(b)) {
        return Err(HeadError::Malformed(
            "the request line has a byte that is not printable ASCII",
        ));
    }
    let mut headers = [MaybeUninit::<httparse::Header>::uninit(); MAX_HEADERS];
    let mut request = httparse::Request::new(&mut []);
    match request.parse_with_uninit_headers(head, &mut headers) {
        Ok(httparse::Status::Complete(_)) => {}
        // `head` ends with its empty line, so this does not happen.
        Ok(httparse::Status::Partial) => {
            return Err(HeadError::Malformed("the request head is incomplete"))
        }
        Err(e) => return Err(refusal(e, line)),
    }
    let (Some(method), Some(target), Some(version)) =
        (request.method, request.path, request.version)
    else {
        return Err(HeadError::Malformed("the request head is incomplete"));
    };
    let version = if version == 0 {
        Version::Http10
    } else {
        Version::Http11
    };
    let mut fields = Fields::default();
    for header in request.headers.iter() {
        fields.add(header.name, header.value)?;
    }
    if fields.hosts > 1 {
        return Err(HeadError::Malformed("more than one `Host` header"));
    }
    let keep_alive = match version {
        _ if fields.close => false,
        Version::Http11 => true,
        Version::Http10 => fields.keep_alive,
    };
    let method = match method {
        "GET" => Method::Get,
        "HEAD" => Method::Head,
        other => Method::Other(other.to_string()),
    };
    Ok(Head {
        method,
        target: target.to_string(),
        version,
        host: fields.host,
        keep_alive,
        has_body: fields.has_body,
    })
}

/// The request line at the start of `head`, without its line end.
fn request_line(head: &[u8]) -> &[u8] {
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// The refusal for what httparse found wrong with a head whose request line is `line`.
fn refusal(error: httparse::Error, line: &[u8]) -> HeadError {
    match error {
        httparse::Error::TooManyHeaders => HeadError::TooManyHeaders,
        // httparse knows HTTP/1.0 and HTTP/1.1 only: another well-formed version is `505`, anything
        // else in its place `400`.
        httparse::Error::Version => match line.splitn(3, |&b| b == b' ').nth(2) {
            Some([b'H', b'T', b'T', b'P', b'/', major, b'.', minor])
                if major.is_ascii_digit() && minor.is_ascii_digit() =>
            {
                HeadError::Version
            }
            _ => HeadError::Malformed("the HTTP version is malformed"),
        },
        httparse::Error::Token => HeadError::Malformed(
            "the request line is not `METHOD TARGET HTTP/1.1` with single spaces and a token for a method",
        ),
        httparse::Error::NewLine => HeadError::Malformed(
            "a line of the head does not end with CRLF or LF where it should",
        ),
        httparse::Error::HeaderName => HeadError::Malformed(
            "a header line has no `:`, a name that is not a token, or is folded onto the previous one",
        ),
        httparse::Error::HeaderValue => {
            HeadError::Malformed("a header value has a control character")
        }
        httparse::Error::Status => HeadError::Malformed("the request head is malformed"),
    }
}

/// The headers `serve` acts on.
#[derive(Default)]
struct Fields {
    host: Option<String>,
    hosts: usize,
    close: bool,
    keep_alive: bool,
    has_body: bool,
}

impl Fields {
    /// Reads one header, checked by httparse: `name` is a token, `value` has no control character.
    fn add(&mut self, name: &str, value: &[u8]) -> Result<(), HeadError> {
        let value = value.trim_ascii();
        if name.eq_ignore_ascii_case("host") {
            self.hosts += 1;
            self.host = Some(String::from_utf8_lossy(value).into_owned());
        } else if name.eq_ignore_ascii_case("connection") {
            for option in value.split(|&b| b == b',').map(<[u8]>::trim_ascii) {
                self.close |= option.eq_ignore_ascii_case(b"close");
                self.keep_alive |= option.eq_ignore_ascii_case(b"keep-alive");
            }
        } else if name.eq_ignore_ascii_case("content-length") {
            if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
                return Err(HeadError::Malformed("`Content-Length` is not a number"));
            }
            self.has_body |= value.iter().any(|&b| b != b'0');
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            self.has_body = true;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufReader, Cursor, Read};

    fn read(bytes: &[u8]) -> Result<Head, HeadError> {
        read_head(&mut BufReader::new(bytes), &mut Vec::new())
    }

    fn status(bytes: &[u8]) -> Option<u16> {
        read(bytes).err().and_then(|e| e.status())
    }

    #[test]
    fn a_simple_request_is_read() {
        let head = read(b"GET /a?b=1 HTTP/1.1\r\nHost: localhost:1111\r\nAccept: */*\r\n\r\n")
            .expect("head");
        assert_eq!(
            head,
            Head {
                method: Method::Get,
                target: "/a?b=1".to_string(),
                version: Version::Http11,
                host: Some("localhost:1111".to_string()),
                keep_alive: true,
                has_body: false,
            }
        );
    }

    #[test]
    fn connection_options_decide_whether_the_connection_stays_open() {
        let keep = |raw: &[u8]| read(raw).expect("head").keep_alive;
        assert!(keep(b"GET / HTTP/1.1\r\n\r\n"));
        assert!(!keep(b"GET / HTTP/1.1\r\nConnection: Close\r\n\r\n"));
        assert!(!keep(
            b"GET / HTTP/1.1\r\nConnection: upgrade, close\r\n\r\n"
        ));
        assert!(!keep(b"GET / HTTP/1.0\r\n\r\n"));
        assert!(keep(b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
        let body = |raw: &[u8]| read(raw).expect("head").has_body;
        assert!(!body(b"GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"));
        assert!(body(b"POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n"));
        assert!(body(
            b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
        ));
    }

    #[test]
    fn requests_sent_at_once_are_read_one_by_one() {
        let raw =
            b"\r\nGET /a HTTP/1.1\r\n\r\nHEAD /b HTTP/1.1\nHost: x\n\nPUT /c HTTP/1.0\r\n\r\n";
        // A reader that gives one byte at a time finds the same heads as one that gives them all.
        for capacity in [1, 3, 8192] {
            let mut reader = BufReader::with_capacity(capacity, &raw[..]);
            let mut buf = Vec::new();
            let a = read_head(&mut reader, &mut buf).expect("a");
            assert_eq!((a.method, a.target.as_str()), (Method::Get, "/a"));
            let b = read_head(&mut reader, &mut buf).expect("b");
            assert_eq!((b.method, b.target.as_str()), (Method::Head, "/b"));
            assert_eq!(b.host.as_deref(), Some("x"));
            let c = read_head(&mut reader, &mut buf).expect("c");
            assert_eq!(c.method, Method::Other("PUT".to_string()));
            assert!(matches!(
                read_head(&mut reader, &mut buf),
                Err(HeadError::Closed)
            ));
        }
    }

    #[test]
    fn a_connection_that_ends_before_or_within_a_head_gets_no_answer() {
        assert!(matches!(read(b""), Err(HeadError::Closed)));
        assert!(matches!(
            read(b"GET / HTTP/1.1\r\nHost"),
            Err(HeadError::Io(_))
        ));
    }

    /// A reader that gives `bytes`, one at a time, then fails with `kind` (as a socket whose read
    /// timeout runs out does).
    struct ThenFails {
        bytes: &'static [u8],
        kind: io::ErrorKind,
    }

    impl Read for ThenFails {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            match self.bytes.split_first() {
                Some((&first, rest)) if !out.is_empty() => {
                    out[0] = first;
                    self.bytes = rest;
                    Ok(1)
                }
                _ => Err(self.kind.into()),
            }
        }
    }

    #[test]
    fn a_read_timeout_within_a_head_is_408_and_before_one_no_answer() {
        let read = |bytes, kind| {
            read_head(
                &mut BufReader::new(ThenFails { bytes, kind }),
                &mut Vec::new(),
            )
        };
        for kind in [io::ErrorKind::WouldBlock, io::ErrorKind::TimedOut] {
            for partial in [&b"G"[..], b"\r\n", b"GET / HTTP/1.1\r\nHost: x\r\n"] {
                let error = read(partial, kind).err();
                assert_eq!(
                    error.as_ref().and_then(HeadError::status),
                    Some(408),
                    "{kind:?} after {partial:?}: {error:?}"
                );
            }
            assert!(
                matches!(read(b"", kind), Err(HeadError::Closed)),
                "{kind:?}"
            );
        }
        // Another failure within a head is no timeout: nothing is answered.
        assert!(matches!(
            read(b"GET /", io::ErrorKind::ConnectionReset),
            Err(HeadError::Io(_))
        ));
    }

    #[test]
    fn heads_over_the_cap_are_refused_without_reading_the_rest() {
        let mut big = b"GET / HTTP/1.1\r\nX: ".to_vec();
        big.extend(std::iter::repeat_n(b'a', 4 * MAX_HEAD));
        big.extend(b"\r\n\r\n");
        let mut reader = BufReader::new(Cursor::new(&big));
        let mut buf = Vec::new();
        assert_eq!(
            read_head(&mut reader, &mut buf)
                .err()
                .and_then(|e| e.status()),
            Some(431)
        );
        assert_eq!(buf.len(), MAX_HEAD);
        let mut rest = Vec::new();
        let unread = reader.read_to_end(&mut rest).expect("read");
        assert_eq!(unread, big.len() - MAX_HEAD);

        let mut long = b"GET /".to_vec();
        long.extend(std::iter::repeat_n(b'a', MAX_HEAD));
        assert_eq!(status(&long), Some(414));
        let blank = vec![b'\n'; MAX_HEAD + 1];
        assert_eq!(status(&blank), Some(431));

        // Exactly at the cap is fine.
        let mut fits = b"GET / HTTP/1.1\r\nX: ".to_vec();
        fits.extend(std::iter::repeat_n(b'a', MAX_HEAD - fits.len() - 4));
        fits.extend(b"\r\n\r\n");
        assert_eq!(fits.len(), MAX_HEAD);
        assert!(read(&fits).is_ok());
    }

    #[test]
    fn malformed_heads_are_400_and_other_versions_505() {
        for raw in [
            &b"GET /\xff HTTP/1.1\r\n\r\n"[..],
            b"GET /caf\xc3\xa9 HTTP/1.1\r\n\r\n",
            b"GET /\x00 HTTP/1.1\r\n\r\n",
            b"GET /\r HTTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1\r\r\n\r\n",
            b"GET /\r\n\r\n",
            b"GET  / HTTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1 \r\n\r\n",
            b" GET / HTTP/1.1\r\n\r\n",
            b"G(T / HTTP/1.1\r\n\r\n",
            b"GET / http/1.1\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost : x\r\n\r\n",
            b"GET / HTTP/1.1\r\n: x\r\n\r\n",
            b"GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n",
            b"GET / HTTP/1.1\r\nA: b\x00c\r\n\r\n",
            b"GET / HTTP/1.1\r\nA: b\rc\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n",
            b"GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
            b"GET / HTTP/1.1\r\nContent-Length: 1, 1\r\n\r\n",
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",
        ] {
            assert_eq!(status(raw), Some(400), "{:?}", String::from_utf8_lossy(raw));
        }
        assert_eq!(status(b"GET / HTTP/2.0\r\n\r\n"), Some(505));
        assert_eq!(status(b"GET / HTTP/0.9\r\n\r\n"), Some(505));
        // A version in the wrong place is no version.
        assert_eq!(status(b"GET /a b HTTP/2.0\r\n\r\n"), Some(400));
        assert_eq!(status(b"GET / HTTP/2.0 \r\n\r\n"), Some(400));
    }

    #[test]
    fn heads_with_more_header_lines_than_the_parser_holds_are_431() {
        let with = |n: usize| {
            let mut raw = b"GET / HTTP/1.1\r\n".to_vec();
            for i in 0..n {
                raw.extend(format!("X-{i}: 1\r\n").as_bytes());
            }
            raw.extend(b"\r\n");
            raw
        };
        assert!(read(&with(MAX_HEADERS)).is_ok());
        assert_eq!(status(&with(MAX_HEADERS + 1)), Some(431));
    }

    #[test]
    fn raw_bytes_and_tabs_in_header_values_are_allowed() {
        let head = read(b"GET / HTTP/1.1\r\nUser-Agent: \xff\tx\r\nHost:\tcaf\xc3\xa9 \r\n\r\n")
            .expect("head");
        assert_eq!(head.host.as_deref(), Some("café"));
    }
}
