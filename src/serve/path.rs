//! Request targets: which file of the in-memory site a path names, if any, and its `Content-Type`.
//!
//! A target is accepted only when it is an absolute path whose percent-decoding is UTF-8 without NUL,
//! control characters or backslashes, and none of whose segments is empty, `.` or `..` (encoded or not).
//! The result is a key of the site, never a file system path: nothing here touches the disk.

/// The event stream the pages listen to.
pub(crate) const EVENTS_PATH: &str = "/__playbook/events";
/// The diagnostics of the last build, as JSON.
pub(crate) const ERRORS_PATH: &str = "/__playbook/errors";
/// The reload and overlay script.
pub(crate) const SCRIPT_PATH: &str = "/__playbook/reload.js";

/// Where a well-formed request target leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Route {
    /// The event stream.
    Events,
    /// The diagnostics.
    Errors,
    /// The reload script.
    Script,
    /// A file of the site: its path in the site (`index.html`, `stages/价格.html`).
    File(String),
}

/// Why a request target was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum PathError {
    /// Not a path starting with `/` (`*`, `http://host/x`, `x`).
    #[error("the request target is not an absolute path")]
    NotAbsolute,
    /// A `%` not followed by two hexadecimal digits.
    #[error("the path has a malformed percent-encoding")]
    BadEncoding,
    /// The decoded bytes are not UTF-8.
    #[error("the path is not UTF-8")]
    NotUtf8,
    /// NUL, another control character or a backslash.
    #[error("the path has a forbidden character")]
    ForbiddenCharacter,
    /// An empty, `.` or `..` segment.
    #[error("the path has an empty, `.` or `..` segment")]
    BadSegment,
}

/// Maps a request target (path and query, as sent) to a route.
pub(crate) fn route(target: &str) -> Result<Route, PathError> {
    let path = target.split_once('?').map_or(target, |(p, _)| p);
    match path {
        EVENTS_PATH => return Ok(Route::Events),
        ERRORS_PATH => return Ok(Route::Errors),
        SCRIPT_PATH => return Ok(Route::Script),
        _ => {}
    }
    let rest = path.strip_prefix('/').ok_or(PathError::NotAbsolute)?;
    let decoded = percent_decode(rest).ok_or(PathError::BadEncoding)?;
    let decoded = String::from_utf8(decoded).map_err(|_| PathError::NotUtf8)?;
    if decoded.chars().any(|c| c.is_control() || c == '\\') {
        return Err(PathError::ForbiddenCharacter);
    }
    let (dir, file) = match decoded.rsplit_once('/') {
        Some((dir, file)) => (Some(dir), file),
        None => (None, decoded.as_str()),
    };
    let segments = dir.into_iter().flat_map(|d| d.split('/'));
    if segments
        .chain([file].into_iter().filter(|f| !f.is_empty()))
        .any(|s| s.is_empty() || s == "." || s == "..")
    {
        return Err(PathError::BadSegment);
    }
    if file.is_empty() {
        Ok(Route::File(format!("{decoded}index.html")))
    } else {
        Ok(Route::File(decoded))
    }
}

/// Decodes `%XX` escapes; `None` for a `%` without two hex digits after it.
pub(crate) fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Percent-encodes a site path for a URL, keeping `/` and the unreserved characters.
pub(crate) fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The `Content-Type` of a site file, by extension; text types say `charset=utf-8`.
pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "yaml" | "yml" => "application/yaml; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// Whether a `Host` header names this machine the way a person would type it: `localhost`, a name under
/// `.localhost`, or an IP address (with or without a port). A DNS name is not: it could be an attacker's
/// name that resolves to 127.0.0.1.
pub(crate) fn is_local_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        // `[::1]:1111`
        match rest.split_once(']') {
            Some((ip, _)) => return ip.parse::<std::net::Ipv6Addr>().is_ok(),
            None => return false,
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            _ => host,
        }
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost") || name.parse::<std::net::IpAddr>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_site_files() {
        let ok = |t: &str| route(t).expect(t);
        assert_eq!(ok("/"), Route::File(String::from("index.html")));
        assert_eq!(ok("/?x=1"), Route::File(String::from("index.html")));
        assert_eq!(
            ok("/objections/"),
            Route::File(String::from("objections/index.html"))
        );
        assert_eq!(
            ok("/stages/discovery.html"),
            Route::File(String::from("stages/discovery.html"))
        );
        assert_eq!(
            ok("/objections/%E4%BB%B7%E6%A0%BC.html"),
            Route::File(String::from("objections/价格.html"))
        );
        assert_eq!(ok("/a%20b.html"), Route::File(String::from("a b.html")));
        assert_eq!(ok(EVENTS_PATH), Route::Events);
        assert_eq!(ok("/__playbook/events?build=3"), Route::Events);
        assert_eq!(ok(ERRORS_PATH), Route::Errors);
    }

    #[test]
    fn traversal_and_malformed_paths_are_refused() {
        for (target, error) in [
            ("/../Cargo.toml", PathError::BadSegment),
            ("/%2e%2e/", PathError::BadSegment),
            ("/%2E%2E/Cargo.toml", PathError::BadSegment),
            ("/..%2fCargo.toml", PathError::BadSegment),
            ("/a/../../Cargo.toml", PathError::BadSegment),
            ("/./index.html", PathError::BadSegment),
            ("/..", PathError::BadSegment),
            ("//etc/passwd", PathError::BadSegment),
            ("/a//b", PathError::BadSegment),
            ("/%00", PathError::ForbiddenCharacter),
            ("/..\\Cargo.toml", PathError::ForbiddenCharacter),
            ("/..%5cCargo.toml", PathError::ForbiddenCharacter),
            ("/a%0d%0aSet-Cookie:x", PathError::ForbiddenCharacter),
            ("/%zz", PathError::BadEncoding),
            ("/%2", PathError::BadEncoding),
            ("/%ff.html", PathError::NotUtf8),
            ("*", PathError::NotAbsolute),
            ("http://example.com/", PathError::NotAbsolute),
            ("Cargo.toml", PathError::NotAbsolute),
        ] {
            assert_eq!(route(target), Err(error), "{target}");
        }
    }

    #[test]
    fn text_types_say_utf8_and_others_do_not() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("assets/site.JS"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("favicon.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("logo.png"), "image/png");
        assert_eq!(content_type("README"), "application/octet-stream");
    }

    #[test]
    fn only_local_names_and_addresses_are_local_hosts() {
        for host in [
            "localhost",
            "localhost:1111",
            "LOCALHOST.",
            "app.localhost:80",
            "127.0.0.1:1111",
            "127.0.0.1",
            "192.168.1.20:1111",
            "[::1]:1111",
            "[::1]",
        ] {
            assert!(is_local_host(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "[::1",
            "",
        ] {
            assert!(!is_local_host(host), "{host}");
        }
    }
}
