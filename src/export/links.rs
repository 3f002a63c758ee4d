//! The links of a package's pages: which files of the site a page refers to, and the page with every
//! relative link that leaves the package made inert, so that nothing in a package leads to a missing file.
//!
//! The pages are the renderer's own output: every URL attribute is double-quoted (the templates and the
//! sanitizer write them so), and inside the quiz's JSON data (feedback HTML) the quotes are escaped (`\"`).
//! A link to a file outside the package loses its `href` (the text stays, no longer a link); a form whose
//! `action` leaves the package is hidden (the site's search box: the search index is not packaged).

/// The attributes that hold a URL.
const ATTRS: [&str; 3] = ["href", "src", "action"];

/// A URL attribute in a page: its byte range (from the attribute's name to the closing quote).
struct Attr {
    start: usize,
    end: usize,
    name: &'static str,
    value: String,
    /// The quote around the value: `"`, or `\"` inside JSON.
    quote: &'static str,
}

/// Every URL attribute of `html`, in order.
fn scan(html: &str) -> Vec<Attr> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('=') {
        let eq = i + off;
        i = eq + 1;
        let rest = &html[eq + 1..];
        let close = if rest.starts_with("\\\"") {
            "\\\""
        } else if rest.starts_with('"') {
            "\""
        } else {
            continue;
        };
        let Some(name) = ATTRS.iter().find(|a| html[..eq].ends_with(*a)) else {
            continue;
        };
        let start = eq - name.len();
        if start == 0 || !bytes[start - 1].is_ascii_whitespace() {
            continue;
        }
        let value_start = eq + 1 + close.len();
        let Some(len) = html[value_start..].find(close) else {
            continue;
        };
        let value_end = value_start + len;
        out.push(Attr {
            start,
            end: value_end + close.len(),
            name,
            value: html[value_start..value_end].to_string(),
            quote: close,
        });
        i = value_end + close.len();
    }
    out
}

/// What a URL in a page points to.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// The page itself (`#frag`, empty) or another site (a scheme, `//host`): left as it is.
    Keep,
    /// A file of the site, by its path (query and fragment dropped, percent-decoded).
    Site(String),
    /// A path no package can hold (above the root, root-relative, not UTF-8).
    Outside,
}

/// Resolves `url` against the page at `page`.
pub(crate) fn resolve(page: &str, url: &str) -> Target {
    if url.is_empty() || url.starts_with('#') || url.starts_with("//") {
        return Target::Keep;
    }
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let path = &url[..end];
    if path.find(':').is_some_and(|c| !path[..c].contains('/')) {
        return Target::Keep;
    }
    if path.starts_with('/') {
        return Target::Outside;
    }
    if path.is_empty() {
        return Target::Keep;
    }
    let Some(decoded) = percent_decode(path) else {
        return Target::Outside;
    };
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Target::Outside;
                }
            }
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if decoded.ends_with('/') {
        joined.push_str(if joined.is_empty() {
            "index.html"
        } else {
            "/index.html"
        });
    }
    Target::Site(joined)
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A site path as a URL path: every byte but `A-Z a-z 0-9 - _ . ~` and `/` percent-encoded (the form the
/// site's own links use, and `imsmanifest.xml`'s `href`s).
pub(crate) fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The site files the page at `page` refers to (links, images, scripts, form actions), sorted, unique.
pub(crate) fn references(page: &str, html: &str) -> Vec<String> {
    let mut out: Vec<String> = scan(html)
        .into_iter()
        .filter_map(|a| match resolve(page, &a.value) {
            Target::Site(p) => Some(p),
            Target::Keep | Target::Outside => None,
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The page with every link that leaves the package made inert: `href`/`src` dropped, a form whose
/// `action` leaves the package hidden. `inside` says whether a site path is in the package.
pub(crate) fn confine(page: &str, html: &str, inside: impl Fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    for a in scan(html) {
        let leaves = match resolve(page, &a.value) {
            Target::Keep => false,
            Target::Site(p) => !inside(&p),
            Target::Outside => true,
        };
        if !leaves {
            continue;
        }
        out.push_str(&html[at..a.start]);
        if a.name == "action" {
            out.push_str("hidden");
        } else {
            out.push_str("data-outside-package");
        }
        at = a.end;
    }
    out.push_str(&html[at..]);
    out
}

/// The launch page with its links to the package's other pages opened in a new window (`target="_blank"`,
/// `rel="noopener"`): following one must not unload the launch page, which would end its LMS session.
/// `is_page` says whether a site path is a page of the package.
pub(crate) fn open_apart(page: &str, html: &str, is_page: impl Fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    for a in scan(html) {
        let other_page = a.name == "href"
            && matches!(resolve(page, &a.value), Target::Site(p) if p != page && p.ends_with(".html") && is_page(&p));
        if other_page {
            out.push_str(&html[at..a.end]);
            let q = a.quote;
            out.push_str(&format!(" target={q}_blank{q} rel={q}noopener{q}"));
            at = a.end;
        }
    }
    out.push_str(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_encoded_and_external_urls() {
        let page = "roleplays/a.html";
        assert_eq!(
            resolve(page, "../objections/b%20c.html#x"),
            Target::Site("objections/b c.html".into())
        );
        assert_eq!(
            resolve(page, "../drill.html?path=p&amp;step=1"),
            Target::Site("drill.html".into())
        );
        assert_eq!(resolve(page, "#pb-q1"), Target::Keep);
        assert_eq!(resolve(page, "https://example.com/x"), Target::Keep);
        assert_eq!(resolve(page, "mailto:a@b.c"), Target::Keep);
        assert_eq!(resolve(page, "../../up.html"), Target::Outside);
        assert_eq!(resolve(page, "/abs.html"), Target::Outside);
        assert_eq!(
            resolve(page, "../paths/"),
            Target::Site("paths/index.html".into())
        );
        assert_eq!(
            resolve("index.html", "%E7%94%B5.html"),
            Target::Site("电.html".into())
        );
    }

    #[test]
    fn confines_links_that_leave_the_package_and_keeps_the_others() {
        let html = r#"<a href="../index.html">home</a> <a href="b.html">b</a> <img src="../assets/x.svg"> <form class="s" action="../search.html"></form> <script type="application/json">{"f":"<a href=\"../objections/o.html\">o</a>"}</script> <a href="https://example.com">e</a>"#;
        let inside = |p: &str| p == "roleplays/b.html" || p == "assets/x.svg";
        let out = confine("roleplays/a.html", html, inside);
        assert_eq!(
            out,
            r#"<a data-outside-package>home</a> <a href="b.html">b</a> <img src="../assets/x.svg"> <form class="s" hidden></form> <script type="application/json">{"f":"<a data-outside-package>o</a>"}</script> <a href="https://example.com">e</a>"#
        );
        assert_eq!(
            references("roleplays/a.html", html),
            [
                "assets/x.svg",
                "index.html",
                "objections/o.html",
                "roleplays/b.html",
                "search.html"
            ]
        );
    }

    #[test]
    fn links_to_other_pages_of_the_package_open_apart() {
        let html = r##"<a href="../objections/o.html">o</a> <a href="a.html#x">self</a> <a href="#q">q</a> <link href="../assets/s.css"> {"f":"<a href=\"../objections/o.html\">"}"##;
        let out = open_apart("roleplays/a.html", html, |p| p == "objections/o.html");
        assert_eq!(
            out,
            r##"<a href="../objections/o.html" target="_blank" rel="noopener">o</a> <a href="a.html#x">self</a> <a href="#q">q</a> <link href="../assets/s.css"> {"f":"<a href=\"../objections/o.html\" target=\"_blank\" rel=\"noopener\">"}"##
        );
    }

    #[test]
    fn url_paths_are_percent_encoded_like_the_sites_links() {
        assert_eq!(url_path("paths/电 x.html"), "paths/%E7%94%B5%20x.html");
    }
}
