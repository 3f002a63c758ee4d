//! Markdown texts as the playbook parses them: its extensions, the links inside a text (found with their
//! file line, resolved to files), and heads of long texts that parse like the whole.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag};

use crate::yaml::Pos;

/// The Markdown extensions the playbook uses everywhere (the renderer uses the same set).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The level a text's heading has on its page: the page has its own `<h1>`, so a text's `#` heading is an
/// `<h2>` (the renderer makes it so, and `check` renders as it does).
pub fn page_heading_level(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        level => level,
    }
}

/// A head of `text` that Markdown parses exactly as the same part of the whole text: up to the first
/// paragraph that starts after a blank line past `at_least` bytes. Blocks before it end at that blank
/// line whatever follows, except that a reference definition or footnote (`[x]: …`) anywhere can turn
/// earlier text into a link: a text with `]:` is returned whole, and so is a text without such a line.
pub(crate) fn head(text: &str, at_least: usize) -> &str {
    if text.len() <= at_least || text.contains("]:") {
        return text;
    }
    // Bytes, not characters: `at_least` may fall inside one, a newline never does.
    let mut at = match text.as_bytes()[at_least..].iter().position(|&b| b == b'\n') {
        Some(i) => at_least + i + 1,
        None => return text,
    };
    let mut after_blank = false;
    while at < text.len() {
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        let line = &text[at..end];
        if line.trim().is_empty() {
            after_blank = true;
        } else if after_blank && starts_a_paragraph(line) {
            return &text[..at];
        } else {
            after_blank = false;
        }
        at = end;
    }
    text
}

/// Whether a line after a blank line can only start a paragraph: it starts with a letter or digit, and
/// is not an ordered list item (`12.`, `3)`). Then whatever came before is closed by the blank line and
/// does not depend on what follows: a list, for one, cannot go on and become loose.
fn starts_a_paragraph(line: &str) -> bool {
    if !line.chars().next().is_some_and(char::is_alphanumeric) {
        return false;
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    !(digits > 0 && matches!(line.as_bytes().get(digits), Some(b'.' | b')')))
}

/// A link or image in a Markdown text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The destination as written.
    pub dest: String,
    /// Where the link starts in the file.
    pub pos: Pos,
}

/// What one parse of a Markdown text finds at load: its links and images, and whether it has anything the
/// HTML policy may remove.
pub(crate) struct Scan {
    /// The links and images, with their positions in the file.
    pub links: Vec<Link>,
    /// Whether an event of the text is one [`crate::sanitize::needs_cleaning`] flags (raw HTML, a link
    /// scheme other than a plain one, heading attributes, a reserved footnote label).
    pub needs_cleaning: bool,
}

/// Scans a Markdown text starting on line `first_line` of its file: its links and images, with their
/// positions in the file, and whether it may hold HTML the policy removes. A text with none of the
/// characters that can start such things is not parsed.
pub(crate) fn scan(text: &str, first_line: usize) -> Scan {
    let mut out = Scan {
        links: Vec::new(),
        needs_cleaning: false,
    };
    if !may_hold_links_or_html(text) {
        return out;
    }
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        out.needs_cleaning |= crate::sanitize::needs_cleaning(&event);
        let dest = match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        // Point at the destination itself when it is written out in the link (it is, unless escaped).
        let start = text[range.clone()]
            .find(dest.as_ref())
            .map_or(range.start, |i| range.start + i);
        let before = &text[..start];
        let line = before.matches('\n').count();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..start].chars().count() + 1;
        out.links.push(Link {
            dest: dest.to_string(),
            pos: Pos::new(first_line + line, column),
        });
    }
    out
}

/// Whether `text` has `](`, `]:`, `<`, `{` or `[^`, without which it has no link, image, raw HTML,
/// heading attributes or footnote.
fn may_hold_links_or_html(text: &str) -> bool {
    // Each search is a `memchr`: faster than one pass that looks at every byte.
    let b = text.as_bytes();
    let followed_by = |c: char, next: &[u8]| {
        text.match_indices(c)
            .any(|(i, _)| b.get(i + 1).is_some_and(|n| next.contains(n)))
    };
    followed_by(']', b"(:") || text.contains('<') || text.contains('{') || followed_by('[', b"^")
}

/// Where a link destination leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Another site (`https:`, `mailto:`), a site-absolute path, or a fragment of the same page.
    NotLocal,
    /// A file of the playbook, relative to the root, `/`-separated, with the fragment if any.
    File {
        /// The path relative to the root.
        path: String,
        /// The part after `#`, percent-decoded.
        fragment: Option<String>,
    },
    /// A relative path that climbs out of the root.
    OutsideRoot,
}

/// Resolves `dest`, written in the file `from` (relative to the root), to the file it names.
pub fn resolve_link(from: &str, dest: &str) -> LinkTarget {
    let dest = dest.trim();
    if dest.is_empty() || dest.starts_with('#') || dest.starts_with('/') || has_scheme(dest) {
        return LinkTarget::NotLocal;
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode(f))),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    let path = percent_decode(path);
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return LinkTarget::OutsideRoot;
                }
            }
            s => parts.push(s),
        }
    }
    LinkTarget::File {
        path: parts.join("/"),
        fragment: fragment.filter(|f| !f.is_empty()),
    }
}

fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Decodes `%XX` escapes; invalid escapes and invalid UTF-8 are kept as written.
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Markdown texts built from lines that end blocks in every way (blank lines, loose and tight lists,
/// fences, quotes, tables, HTML, rules, reference definitions, Chinese), for the property tests of what
/// reads a [`head`] of a text instead of the whole.
#[cfg(test)]
pub(crate) fn markdownish() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::strategy::Strategy as _;
    let line = proptest::sample::select(vec![
        "",
        "",
        "",
        "Plain words in a sentence that goes on for a while.",
        "价格太贵了，我们再想想。",
        "- item one",
        "- item two",
        "  continued item",
        "1. first",
        "2. second",
        "> quoted",
        "```",
        "```rust",
        "fn main() {}",
        "    indented code",
        "| a | b |",
        "|---|---|",
        "| 1 | 2 |",
        "<div>",
        "</div>",
        "<!-- note",
        "-->",
        "---",
        "Heading",
        "===",
        "# Title",
        "[link][ref]",
        "[ref]: https://example.com",
        "Footnote[^1].",
        "[^1]: The note.",
        "**bold** and *em*",
        "- [](u)",
        "- [](u)",
        "- [](u)",
        "* word",
        "3) third",
        "   ",
        "  - nested item",
        "价格太贵价格太贵价格太贵价格太贵价格太贵价格太贵价格太贵价格太贵",
        "他说：“太贵了”（真的）、再想想",
        "`code`word and a-very-long-hyphenated-word-without-any-space-in-it",
    ]);
    proptest::collection::vec(line, 0..60).prop_map(|lines| lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Markdown;

    #[test]
    fn finds_links_with_file_lines() {
        let md = Markdown::new(
            "Intro\n\nSee [price](../objections/price.md) and\n![chart](img/c.png)\n".to_string(),
            10,
        );
        let links = &md.links;
        assert_eq!(links.len(), 2);
        assert_eq!(links[0].dest, "../objections/price.md");
        assert_eq!(links[0].pos, Pos::new(12, 13));
        assert_eq!(links[1].pos, Pos::new(13, 10));
    }

    #[test]
    fn resolves_relative_paths_like_github() {
        let from = "content/stages/visit.md";
        assert_eq!(
            resolve_link(from, "../objections/price.md#script"),
            LinkTarget::File {
                path: "content/objections/price.md".into(),
                fragment: Some("script".into())
            }
        );
        assert_eq!(
            resolve_link(from, "../objections/%E4%BB%B7%E6%A0%BC.md"),
            LinkTarget::File {
                path: "content/objections/价格.md".into(),
                fragment: None
            }
        );
        assert_eq!(
            resolve_link(from, "../../../../etc/passwd"),
            LinkTarget::OutsideRoot
        );
        for not_local in ["https://example.com", "mailto:a@b.c", "#top", "/abs", ""] {
            assert_eq!(
                resolve_link(from, not_local),
                LinkTarget::NotLocal,
                "{not_local}"
            );
        }
    }

    #[test]
    fn percent_decoding_keeps_broken_escapes() {
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%ff"), "%ff");
    }

    #[test]
    fn heads_end_at_a_blank_line_and_never_inside_a_character() {
        let text = format!("{}\n\n第二段。\n", "价格太贵".repeat(100));
        // 1,200 bytes of Chinese: byte 10 is inside a character.
        assert_eq!(head(&text, 10), "价格太贵".repeat(100) + "\n\n");
        assert_eq!(head("short", 10), "short");
        let with_reference = format!("{text}\n[x]: https://example.com\n");
        assert_eq!(
            head(&with_reference, 10),
            with_reference,
            "definitions reach back"
        );
        assert_eq!(
            head("one paragraph\nwithout a blank line", 3),
            "one paragraph\nwithout a blank line"
        );
    }
}
