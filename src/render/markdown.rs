//! Markdown to HTML: the playbook's extensions, links to other entries rewritten to their pages, ids on
//! headings, fenced code highlighted with CSS classes.
//!
//! Every text (bodies and the front-matter fields rendered as Markdown) goes through the HTML policy of
//! [`crate::sanitize`] here, once per rendering, unless the playbook sets `markdown: {raw_html: trusted}`:
//! raw HTML, link URLs and heading attributes outside the policy are removed. A text whose parsed Markdown
//! has nothing the policy could remove ([`sanitize::needs_cleaning`]) skips the sanitizer: pulldown-cmark
//! escapes text and attribute values itself. Role-play fields reach `quiz.js` as this HTML (in the page's
//! JSON), so the browser never renders HTML that did not come through here.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use super::index::{SiteIndex, SiteTarget};
use crate::content::markdown::{head, options, page_heading_level};
use crate::content::RawHtml;
use crate::sanitize;

/// The prefix of the CSS classes of highlighted code (`hl-keyword`), matching the theme's stylesheet.
pub const HIGHLIGHT_PREFIX: &str = "hl-";

/// How to render one Markdown text on one page.
pub(crate) struct MdContext<'i, 'a> {
    /// The lookups for link rewriting.
    pub index: &'i SiteIndex<'a>,
    /// The file the text comes from (relative to the playbook root), links are relative to it.
    pub file: &'i str,
    /// From the page to the site root (`""` or `"../"`).
    pub root: &'i str,
    /// Prepended to heading and footnote ids, to keep them unique when a page shows several texts.
    pub id_prefix: &'i str,
    /// Whether the HTML is sanitized.
    pub raw_html: RawHtml,
}

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Renders `text` to HTML.
pub(crate) fn to_html(text: &str, cx: &MdContext<'_, '_>) -> String {
    write_html(
        Parser::new_ext(text, options()).collect(),
        cx,
        text.len() * 3 / 2,
    )
}

/// Calls `f` with a function that renders a Markdown text of `file` in `pb` outside any page (the JSON
/// export): the site's one transform and HTML policy (`playbook.yaml`'s `raw_html`), links to entries
/// rewritten to their pages relative to the site's root, no id prefix.
pub(crate) fn with_renderer<R>(
    pb: &crate::content::Playbook,
    f: impl FnOnce(&dyn Fn(&str, &str) -> String) -> R,
) -> R {
    let lookups = super::index::Lookups::new(pb);
    let index = SiteIndex::unrecorded(&lookups);
    let render = |text: &str, file: &str| {
        let cx = MdContext {
            index: &index,
            file,
            root: "",
            id_prefix: "",
            raw_html: pb.config.raw_html,
        };
        to_html(text, &cx)
    };
    f(&render)
}

/// The HTML of `events` (as parsed), transformed, then sanitized when the policy may remove something.
fn write_html(events: Vec<Event<'_>>, cx: &MdContext<'_, '_>, capacity: usize) -> String {
    let clean = cx.raw_html == RawHtml::Sanitized && events.iter().any(sanitize::needs_cleaning);
    let events = transform(super::cjk::join_lines(events), cx);
    let mut out = String::with_capacity(capacity);
    html::push_html(&mut out, events.into_iter());
    if clean {
        sanitize::clean(&out)
    } else {
        out
    }
}

/// Renders the first paragraph (or first block, when the text starts with something else) of `text`.
pub(crate) fn first_block_html(text: &str, cx: &MdContext<'_, '_>) -> String {
    first_block_with_head(text, cx, HEAD_BYTES)
}

/// [`first_block_html`], parsing `head_bytes` (and up to the next blank line) first.
fn first_block_with_head(text: &str, cx: &MdContext<'_, '_>, head_bytes: usize) -> String {
    // Most first blocks end long before the text does: parse a head of the text first, and the whole
    // text only when the head does not show where the first block ends.
    let head = head(text, head_bytes);
    if head.len() < text.len() {
        if let Some(html) = first_block_of(head, cx, Extent::Head) {
            return html;
        }
    }
    first_block_of(text, cx, Extent::Whole).unwrap_or_default()
}

/// Whether a text given to [`first_block_of`] is all there is or the head of a longer text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Extent {
    /// The whole text.
    Whole,
    /// A head of it: its first block counts only when another block starts after it (which proves that
    /// the rest of the text cannot change it).
    Head,
}

/// The first block of `text` as HTML; for a [`Extent::Head`], `None` unless another block starts after
/// it.
fn first_block_of(text: &str, cx: &MdContext<'_, '_>, extent: Extent) -> Option<String> {
    let must_end = extent == Extent::Head;
    let mut depth = 0usize;
    let mut block = Vec::new();
    let (mut ended, mut next) = (false, false);
    for event in Parser::new_ext(text, options()) {
        if ended {
            next = true;
            break;
        }
        let is_start = matches!(event, Event::Start(_));
        let is_end = matches!(event, Event::End(_));
        if is_start {
            depth += 1;
        }
        if depth > 0 || !is_end {
            block.push(event);
        }
        if is_end {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                ended = true;
                if !must_end {
                    break;
                }
            }
        }
    }
    if must_end && !next {
        return None;
    }
    Some(write_html(block, cx, 0))
}

/// Bytes of a text parsed first for its first block.
const HEAD_BYTES: usize = 1024;

/// Turns a heading text into an id: letters of any script and digits kept (lowercased), the rest `-`.
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

fn rewrite(dest: CowStr<'_>, cx: &MdContext<'_, '_>) -> CowStr<'static> {
    match cx.index.link_target(cx.file, &dest) {
        SiteTarget::Page(path) => CowStr::from(format!("{}{}", cx.root, path)),
        SiteTarget::Unchanged => CowStr::from(dest.into_string()),
    }
}

fn transform<'e>(events: Vec<Event<'e>>, cx: &MdContext<'_, '_>) -> Vec<Event<'e>> {
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::with_capacity(events.len());
    let mut iter = events.into_iter().peekable();
    while let Some(event) = iter.next() {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                // Collect the heading's events to name it after its text.
                let mut inner = Vec::new();
                let mut text = String::new();
                for e in iter.by_ref() {
                    if matches!(e, Event::End(TagEnd::Heading(_))) {
                        break;
                    }
                    if let Event::Text(t) | Event::Code(t) = &e {
                        text.push_str(t);
                    }
                    inner.push(e);
                }
                let base = match id {
                    Some(id) => format!("{}{}", cx.id_prefix, id),
                    None => format!("{}{}", cx.id_prefix, slug(&text)),
                };
                // An id the theme uses gets the `h-` prefix, as the sanitizer gives one in raw HTML.
                let base = sanitize::safe_id(&base).into_owned();
                let mut unique = base.clone();
                let mut n = 1;
                while used.contains(&unique) {
                    unique = format!("{base}-{n}");
                    n += 1;
                }
                used.insert(unique.clone());
                let level = page_heading_level(level);
                out.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(unique)),
                    classes,
                    attrs,
                }));
                out.extend(transform_inline(inner, cx));
                out.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let mut code = String::new();
                for e in iter.by_ref() {
                    match e {
                        Event::End(TagEnd::CodeBlock) => break,
                        Event::Text(t) => code.push_str(&t),
                        _ => {}
                    }
                }
                let lang = match &kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split([' ', ',', '{']).next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                out.push(Event::Html(CowStr::from(highlight(&code, &lang))));
            }
            other => out.extend(transform_inline(vec![other], cx)),
        }
    }
    out
}

fn transform_inline<'e>(events: Vec<Event<'e>>, cx: &MdContext<'_, '_>) -> Vec<Event<'e>> {
    events
        .into_iter()
        .map(|event| match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: rewrite(dest_url, cx),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: rewrite(dest_url, cx),
                title,
                id,
            }),
            Event::FootnoteReference(label) if !cx.id_prefix.is_empty() => {
                Event::FootnoteReference(CowStr::from(format!("{}{}", cx.id_prefix, label)))
            }
            Event::Start(Tag::FootnoteDefinition(label)) if !cx.id_prefix.is_empty() => {
                Event::Start(Tag::FootnoteDefinition(CowStr::from(format!(
                    "{}{}",
                    cx.id_prefix, label
                ))))
            }
            other => other,
        })
        .collect()
}

/// A code block as HTML: highlighted with classes when the language is known, escaped text otherwise.
fn highlight(code: &str, lang: &str) -> String {
    let lang_attr = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escape(lang))
    };
    if !lang.is_empty() {
        let ss = syntaxes();
        if let Some(syntax) = ss.find_syntax_by_token(lang) {
            let mut gen = ClassedHTMLGenerator::new_with_class_style(
                syntax,
                ss,
                ClassStyle::SpacedPrefixed {
                    prefix: HIGHLIGHT_PREFIX,
                },
            );
            let ok = LinesWithEndings::from(code)
                .all(|line| gen.parse_html_for_line_which_includes_newline(line).is_ok());
            if ok {
                return format!(
                    "<pre class=\"code\"><code{lang_attr}>{}</code></pre>\n",
                    gen.finalize()
                );
            }
        }
    }
    format!(
        "<pre class=\"code\"><code{lang_attr}>{}</code></pre>\n",
        escape(code)
    )
}

/// Escapes `&`, `<`, `>`, `"` and `'` for HTML text and attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy as _;

    #[test]
    fn slugs_keep_any_script() {
        assert_eq!(slug("What to say"), "what-to-say");
        assert_eq!(slug("价格 异议"), "价格-异议");
        assert_eq!(slug("!!"), "section");
    }

    proptest::proptest! {
        #[test]
        fn first_blocks_read_from_the_head_equal_those_of_the_whole_text(text in crate::content::markdown::markdownish()) {
            let pb = crate::content::Playbook::default();
            let lookups = crate::render::index::Lookups::new(&pb);
            let ix = SiteIndex::unrecorded(&lookups);
            let cx = MdContext { index: &ix, file: "content/stages/x.md", root: "", id_prefix: "", raw_html: RawHtml::Sanitized };
            let whole = first_block_of(&text, &cx, Extent::Whole).unwrap_or_default();
            proptest::prop_assert_eq!(first_block_with_head(&text, &cx, 64), whole);
        }
    }

    /// Markdown with everything pulldown-cmark writes attributes for: links and images of many schemes,
    /// autolinks, aligned tables, footnotes, task lists, headings with ids, classes and attributes, code.
    fn attributed_markdown() -> impl proptest::strategy::Strategy<Value = String> {
        let line = proptest::sample::select(vec![
            "",
            "Text with [a link](https://example.com/a?b=1&c=2 \"title\").",
            "[local](../objections/price.md#script) and [mail](mailto:a@b.c) and [tel](tel:+1)",
            "![img](chart.png) ![abs](https://example.com/x.png \"t\")",
            "<https://example.com> and <someone@example.com>",
            "[bad](javascript:alert(1)) [data](data:text/html,x)",
            "[ref][r]",
            "[r]: https://example.com",
            "[s]: javascript:alert(1)",
            "| a | b | c |",
            "|:--|:-:|--:|",
            "| 1 | 2 | 3 |",
            "Note[^n] and[^pb-x].",
            "[^n]: The note.",
            "- [ ] todo",
            "- [x] done",
            "# Heading {#pb-quiz .wide}",
            "## Other {#main}",
            "### Attr {data-x=1}",
            "```rust",
            "fn main() { let s = \"<b>\"; }",
            "```",
            "> quote `code` ~~del~~ **b** *i*",
            "a &amp; b &lt;c&gt; &#x3C;",
            "<span onclick=x>raw</span>",
            "1. one",
            "3) three",
        ]);
        proptest::collection::vec(line, 0..30).prop_map(|lines| lines.join("\n"))
    }

    proptest::proptest! {
        /// The flag found at load, which lets `check` and the renderer skip a text, is exactly "some event
        /// of the parsed text needs cleaning".
        #[test]
        fn the_flag_found_at_load_matches_the_parse(text in attributed_markdown()) {
            let parsed = Parser::new_ext(&text, options()).any(|e| sanitize::needs_cleaning(&e));
            let md = crate::content::Markdown::new(text, 1);
            proptest::prop_assert_eq!(md.needs_cleaning, parsed);
        }
    }

    proptest::proptest! {
        /// What the renderer makes is within the policy: texts `needs_cleaning` lets skip the sanitizer
        /// (pulldown-cmark's own HTML), and sanitized ones.
        #[test]
        fn rendered_texts_are_within_the_policy(text in attributed_markdown()) {
            let pb = crate::content::Playbook::default();
            let lookups = crate::render::index::Lookups::new(&pb);
            let ix = SiteIndex::unrecorded(&lookups);
            for id_prefix in ["", "q1-"] {
                let cx = MdContext { index: &ix, file: "content/stages/x.md", root: "../", id_prefix, raw_html: RawHtml::Sanitized };
                let html = to_html(&text, &cx);
                let removed = sanitize::removals(&html);
                proptest::prop_assert!(removed.is_empty(), "{:?} in {}", removed, html);
            }
        }
    }

    #[test]
    fn headings_get_the_prefix_raw_html_gets_for_an_id_the_theme_uses() {
        let pb = crate::content::Playbook::default();
        let lookups = crate::render::index::Lookups::new(&pb);
        let ix = SiteIndex::unrecorded(&lookups);
        for raw_html in [RawHtml::Sanitized, RawHtml::Trusted] {
            let cx = MdContext {
                index: &ix,
                file: "content/stages/x.md",
                root: "../",
                id_prefix: "",
                raw_html,
            };
            let html = to_html(
                "# Main {#main}\n\n## Top\n\n## pb-quiz-data\n\n## Top\n",
                &cx,
            );
            for id in ["h-main", "h-top", "h-pb-quiz-data", "h-top-1"] {
                assert!(html.contains(&format!("id=\"{id}\"")), "{id} in {html}");
            }
        }
    }

    #[test]
    fn highlights_with_classes_not_styles() {
        let html = highlight("fn main() {}\n", "rust");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="));
        let plain = highlight("<b>\n", "no-such-language");
        assert!(plain.contains("&lt;b&gt;"));
    }
}
