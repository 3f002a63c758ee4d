//! The HTML policy: what HTML from content may reach a page. Every Markdown text (bodies and the front-matter
//! fields rendered as Markdown) goes through [`clean`] unless the playbook trusts its authors
//! (`markdown: {raw_html: trusted}` in `playbook.yaml`).
//!
//! The sanitizer is ammonia (html5ever's parser, an allowlist of tags, attributes and URL schemes). It keeps
//! the HTML authors use in a playbook (tables, `<details>`/`<summary>`, `<kbd>`, images, `<video>` and
//! `<audio>` with `<source>`, headings with ids, highlighted code's `class="hl-…"` spans, footnotes, task-list
//! checkboxes) and drops the rest: `<script>` and `<style>` with their content, other elements keeping their
//! text (`<iframe>`, `<form>`, `<svg>`), event handlers and every attribute not listed, `style` (except the
//! `text-align` Markdown tables write), URLs other than `http:`, `https:`, `mailto:`, `tel:` and relative ones
//! (`data:image/…` only in `<img src>`), comments. Ids the theme's scripts look up (`pb-…`, `main`, `top`)
//! get an `h-` prefix, so that no text can stand in for the page's own elements.
//!
//! Most texts have no raw HTML: [`needs_cleaning`] tells from the parsed Markdown when pulldown-cmark's own
//! output is already within the policy, and the renderer then skips the sanitizer. [`removals`] says what
//! [`clean`] removes from a piece of HTML, for `check` to warn about.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use ammonia::{Builder, UrlRelative};
use pulldown_cmark::{Event, Tag};

/// Elements kept.
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "audio",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "source",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "track",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
];

/// Attributes kept on every element.
const GENERIC_ATTRIBUTES: &[&str] = &["class", "dir", "id", "lang", "title"];

/// Attributes kept on some elements.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    ("img", &["src", "alt", "width", "height", "loading"]),
    (
        "video",
        &[
            "src",
            "poster",
            "controls",
            "width",
            "height",
            "loop",
            "muted",
            "playsinline",
            "preload",
            "autoplay",
        ],
    ),
    ("audio", &["src", "controls", "loop", "muted", "preload"]),
    ("source", &["src", "type", "media"]),
    ("track", &["src", "kind", "srclang", "label", "default"]),
    ("ol", &["start", "reversed", "type"]),
    ("li", &["value"]),
    ("td", &["colspan", "rowspan", "headers"]),
    ("th", &["colspan", "rowspan", "headers", "scope", "abbr"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("details", &["open"]),
    ("input", &["checked", "disabled"]),
    ("time", &["datetime"]),
];

/// Attributes kept only with one of these values (compared without case): the alignment Markdown tables
/// write, and task-list checkboxes.
const TAG_ATTRIBUTE_VALUES: &[(&str, &str, &[&str])] = &[
    (
        "td",
        "style",
        &[
            "text-align: left",
            "text-align: center",
            "text-align: right",
        ],
    ),
    (
        "th",
        "style",
        &[
            "text-align: left",
            "text-align: center",
            "text-align: right",
        ],
    ),
    ("input", "type", &["checkbox"]),
];

/// URL schemes kept (`data:` only for `data:image/…` in `<img src>`), besides relative URLs.
const URL_SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "data"];

/// Schemes a Markdown link may have without its text going through the sanitizer.
const PLAIN_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Ids the theme's templates and scripts use; the prefix `pb-` is reserved as a whole.
const RESERVED_IDS: &[&str] = &["main", "top", "search-status", "search-page-results"];

/// Whether `id` is one the theme uses (or may use): an element of a text must not take it.
pub fn is_reserved_id(id: &str) -> bool {
    id.starts_with("pb-") || RESERVED_IDS.contains(&id)
}

/// `id`, or `h-id` when it is reserved.
pub fn safe_id(id: &str) -> Cow<'_, str> {
    if is_reserved_id(id) {
        Cow::Owned(format!("h-{id}"))
    } else {
        Cow::Borrowed(id)
    }
}

/// The scheme of `url` as a browser reads it (lowercase), or `None` for a relative URL: leading and trailing
/// control characters and spaces do not count, nor do tabs and newlines anywhere (the URL standard).
pub fn url_scheme(url: &str) -> Option<String> {
    let url = url.trim_matches(|c: char| c <= ' ');
    let mut scheme = String::new();
    for c in url.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')) {
        match c {
            ':' if !scheme.is_empty() => return Some(scheme),
            c if c.is_ascii_alphabetic() => scheme.push(c.to_ascii_lowercase()),
            c if !scheme.is_empty() && (c.is_ascii_digit() || matches!(c, '+' | '-' | '.')) => {
                scheme.push(c)
            }
            _ => return None,
        }
    }
    None
}

/// Whether a Markdown link or image to `url` is within the policy as pulldown-cmark writes it.
fn is_plain_url(url: &str) -> bool {
    url_scheme(url).is_none_or(|s| PLAIN_SCHEMES.contains(&s.as_str()))
}

/// Whether the HTML pulldown-cmark writes for `event` may fall outside the policy: raw HTML, a link or image
/// whose URL has another scheme, a heading with attributes (`{onclick=…}`), a footnote with a reserved id.
/// Heading ids are the renderer's business (it gives reserved ones an `h-` prefix).
pub fn needs_cleaning(event: &Event<'_>) -> bool {
    match event {
        Event::Html(_) | Event::InlineHtml(_) => true,
        Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => {
            !is_plain_url(dest_url)
        }
        Event::Start(Tag::Heading { attrs, .. }) => !attrs.is_empty(),
        Event::Start(Tag::FootnoteDefinition(label)) | Event::FootnoteReference(label) => {
            is_reserved_id(label)
        }
        _ => false,
    }
}

/// The policy's settings, besides the URL schemes and the tags (which [`removals`] widens).
fn configure<'a>(b: &mut Builder<'a>) {
    b.url_relative(UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(true)
        .id_prefix(None);
}

fn strict() -> &'static Builder<'static> {
    static STRICT: OnceLock<Builder<'static>> = OnceLock::new();
    STRICT.get_or_init(|| {
        let mut b = Builder::empty();
        configure(&mut b);
        b.tags(TAGS.iter().copied().collect())
            .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
            .tag_attributes(
                TAG_ATTRIBUTES
                    .iter()
                    .map(|(t, a)| (*t, a.iter().copied().collect()))
                    .collect(),
            )
            .tag_attribute_values(TAG_ATTRIBUTE_VALUES.iter().fold(
                HashMap::new(),
                |mut m: HashMap<&str, HashMap<&str, HashSet<&str>>>, (t, a, v)| {
                    m.entry(*t)
                        .or_default()
                        .insert(*a, v.iter().copied().collect());
                    m
                },
            ))
            .url_schemes(URL_SCHEMES.iter().copied().collect())
            .attribute_filter(|element, attribute, value| match attribute {
                "id" => Some(safe_id(value)),
                // Only URLs of the allowed schemes reach the filter: `data:` stays for images.
                _ if url_scheme(value).as_deref() == Some("data") => (element == "img"
                    && attribute == "src"
                    && value
                        .trim_start_matches(|c: char| c <= ' ')
                        .get(..11)
                        .is_some_and(|p| p.eq_ignore_ascii_case("data:image/")))
                .then_some(Cow::Borrowed(value)),
                _ => Some(Cow::Borrowed(value)),
            });
        b
    })
}

/// `html` with everything outside the policy removed.
pub fn clean(html: &str) -> String {
    strict().clean(html).to_string()
}

/// Schemes [`removals`] lets through besides those written in the text, so that entity-encoded or
/// tab-split ones (`jav&#x61;script:`) are seen as removed too.
const KNOWN_SCHEMES: &[&str] = &[
    "javascript",
    "vbscript",
    "livescript",
    "data",
    "file",
    "blob",
    "filesystem",
    "about",
    "ftp",
    "ws",
    "wss",
];

/// What [`clean`] removes from a piece of HTML: descriptions for an author (`` `onerror` of `<img>` ``) with
/// how many times each is removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Removals(pub BTreeMap<String, usize>);

impl Removals {
    /// Whether nothing is removed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many things are removed in all.
    pub fn count(&self) -> usize {
        self.0.values().sum()
    }

    /// The descriptions, sorted.
    pub fn items(&self) -> Vec<&str> {
        self.0.keys().map(String::as_str).collect()
    }

    /// What is removed more often here than in `before`.
    pub fn since(&self, before: &Removals) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, n)| **n > before.0.get(*k).copied().unwrap_or(0))
            .map(|(k, _)| k.as_str())
            .collect()
    }
}

/// What [`clean`] removes from `html`; empty when it removes nothing. It compares the policy's output with
/// that of a sanitizer that lets every element, attribute and scheme of `html` through: the same parser and
/// serializer, so that nothing differs but what the policy drops (comments are dropped by both: they are
/// never shown, and removing them is not worth a warning).
pub fn removals(html: &str) -> Removals {
    let kept = clean(html);
    let (names, schemes) = names_in(html);
    let mut b = Builder::empty();
    configure(&mut b);
    b.tags(
        TAGS.iter()
            .copied()
            .chain(names.iter().map(String::as_str))
            .collect(),
    )
    .clean_content_tags(HashSet::new())
    .generic_attribute_prefixes(std::iter::once("").collect())
    .url_schemes(
        URL_SCHEMES
            .iter()
            .chain(KNOWN_SCHEMES)
            .copied()
            .chain(schemes.iter().map(String::as_str))
            .collect(),
    );
    let all = b.clean(html).to_string();
    if all == kept {
        return Removals::default();
    }
    describe(&elements(&all), &elements(&kept))
}

/// The tag names (as written and lowercased) and the URL schemes candidates written in `html`: every run of
/// letters after `<`, and every run of scheme characters before `:`.
fn names_in(html: &str) -> (Vec<String>, Vec<String>) {
    let is_name = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.');
    let mut names = Vec::new();
    for (i, _) in html.match_indices('<') {
        let rest = &html[i + 1..];
        if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let end = rest.find(|c: char| !is_name(c)).unwrap_or(rest.len());
            names.push(rest[..end].to_string());
            names.push(rest[..end].to_ascii_lowercase());
        }
    }
    let mut schemes = Vec::new();
    for (i, _) in html.match_indices(':') {
        let before = &html[..i];
        let start = before
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
            .map_or(0, |j| j + 1);
        if start < i {
            schemes.push(before[start..].to_ascii_lowercase());
        }
    }
    names.sort();
    names.dedup();
    schemes.sort();
    schemes.dedup();
    (names, schemes)
}

/// An element of serialized HTML: its name and attributes `(name, value)`.
type Element = (String, Vec<(String, String)>);

/// The start tags of `html` as html5ever serializes it (attribute values in double quotes, `<` escaped in
/// text), skipping the content of raw-text elements.
fn elements(html: &str) -> Vec<Element> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..end].to_ascii_lowercase();
        rest = &rest[end..];
        let mut attrs = Vec::new();
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if rest.is_empty() || rest.starts_with('>') {
                break;
            }
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>')
                .unwrap_or(rest.len());
            let attr = rest[..end].to_string();
            rest = &rest[end..];
            let mut value = String::new();
            if let Some(r) = rest.strip_prefix("=\"") {
                let close = r.find('"').unwrap_or(r.len());
                value = r[..close].to_string();
                rest = r.get(close + 1..).unwrap_or("");
            }
            attrs.push((attr, value));
        }
        if matches!(
            name.as_str(),
            "script"
                | "style"
                | "xmp"
                | "iframe"
                | "noembed"
                | "noframes"
                | "noscript"
                | "textarea"
        ) {
            let close = format!("</{name}");
            rest = rest.find(&close).map_or("", |j| &rest[j..]);
        }
        out.push((name, attrs));
    }
    out
}

/// A name from content as a message shows it: at most 40 characters, without control characters or
/// backticks.
fn shown(name: &str) -> String {
    let mut out: String = name
        .chars()
        .take(40)
        .map(|c| if c.is_control() || c == '`' { '?' } else { c })
        .collect();
    if name.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

/// How many times each element name and each `(element, attribute, value)` occurs in `els`.
#[allow(clippy::type_complexity)]
fn count(els: &[Element]) -> (BTreeMap<&str, isize>, BTreeMap<(&str, &str, &str), isize>) {
    let mut tags: BTreeMap<&str, isize> = BTreeMap::new();
    let mut attrs: BTreeMap<(&str, &str, &str), isize> = BTreeMap::new();
    for (name, list) in els {
        *tags.entry(name).or_default() += 1;
        for (a, v) in list {
            *attrs.entry((name, a, v)).or_default() += 1;
        }
    }
    (tags, attrs)
}

/// What is in `all` but not in `kept`: whole elements, and attributes of elements that stay.
fn describe(all: &[Element], kept: &[Element]) -> Removals {
    let (all_tags, all_attrs) = count(all);
    let (kept_tags, kept_attrs) = count(kept);
    let mut out: BTreeMap<String, usize> = BTreeMap::new();
    let mut gone_tags = HashSet::new();
    for (tag, n) in &all_tags {
        let gone = *n - kept_tags.get(tag).copied().unwrap_or(0);
        if gone > 0 {
            gone_tags.insert(*tag);
            *out.entry(format!("the `<{}>` element", shown(tag)))
                .or_default() += gone as usize;
        }
    }
    for ((tag, attr, value), n) in &all_attrs {
        let gone = *n - kept_attrs.get(&(tag, attr, value)).copied().unwrap_or(0);
        if gone <= 0 || gone_tags.contains(tag) {
            continue;
        }
        let (attr, tag) = (shown(attr), shown(tag));
        let item = match url_scheme(value) {
            Some(s) if matches!(attr.as_str(), "href" | "src" | "poster") => {
                format!("`{attr}` of `<{tag}>` (a `{}:` URL)", shown(&s))
            }
            _ => format!("`{attr}` of `<{tag}>`"),
        };
        *out.entry(item).or_default() += gone as usize;
    }
    Removals(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_script_urls_are_removed() {
        let html = "<p><img src=\"x\" onerror=\"alert(1)\"><script>alert(2)</script>\
                    <a href=\"javascript:alert(3)\">x</a><a href=\" JaVa\tScRiPt:alert(4)\">y</a></p>";
        let out = clean(html);
        for bad in ["onerror", "<script", "alert(2)", "javascript", "ScRiPt"] {
            assert!(!out.contains(bad), "{bad} in {out}");
        }
        assert!(out.contains("<img src=\"x\">"), "{out}");
        let removed = removals(html);
        assert_eq!(
            removed.items(),
            [
                "`href` of `<a>` (a `javascript:` URL)",
                "`onerror` of `<img>`",
                "the `<script>` element",
            ],
            "{removed:?}"
        );
        assert_eq!(removed.count(), 4);
        let odd = removals("<p on\u{1b}[31mx=\"1\">x</p>");
        assert_eq!(odd.items(), ["`on?[31mx` of `<p>`"]);
    }

    #[test]
    fn the_html_authors_use_is_kept_whole() {
        let html = "<table><thead><tr><th style=\"text-align: center\">a</th></tr></thead><tbody><tr>\
                    <td>1</td></tr></tbody></table><details open=\"\"><summary>More</summary><p>Press <kbd>Ctrl</kbd>.\
                    </p></details><video controls=\"\" width=\"320\"><source src=\"v.mp4\" type=\"video/mp4\"></video>\
                    <h2 id=\"price\" class=\"x\">P</h2><pre class=\"code\"><code class=\"language-rust\">\
                    <span class=\"hl-source hl-rust\">fn</span></code></pre><ul><li><input disabled=\"\" \
                    type=\"checkbox\" checked=\"\">done</li></ul><img src=\"data:image/png;base64,AAAA\" alt=\"dot\">\
                    <a href=\"https://example.com/a?b=1&amp;c=2\">e</a> <a href=\"../objections/price.html#x\">p</a>";
        assert_eq!(clean(html), html);
        assert!(removals(html).is_empty());
    }

    #[test]
    fn reserved_ids_and_risky_styles_and_data_urls_are_changed() {
        let out = clean("<div id=\"pb-quiz-data\" style=\"position:fixed\">x</div><a href=\"data:text/html,x\">y</a>");
        assert_eq!(out, "<div id=\"h-pb-quiz-data\">x</div><a>y</a>");
        assert!(
            removals("<td style=\"position:fixed\">x</td>").is_empty(),
            "a cell outside a table is dropped by the parser, not by the policy"
        );
        assert_eq!(
            removals("<table><tr><td style=\"position:fixed\">x</td></tr></table>").items(),
            ["`style` of `<td>`"]
        );
    }

    #[test]
    fn schemes_are_read_as_browsers_read_them() {
        assert_eq!(
            url_scheme(" \u{1}java\tscript:x").as_deref(),
            Some("javascript")
        );
        assert_eq!(url_scheme("HTTPS://a").as_deref(), Some("https"));
        assert_eq!(url_scheme("../a.md#x:y"), None);
        assert_eq!(url_scheme("a b:c"), None);
        assert_eq!(url_scheme(":x"), None);
        assert!(is_plain_url("mailto:a@b.c") && !is_plain_url("data:image/png,x"));
    }
}
