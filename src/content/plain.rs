//! Markdown as plain text, and excerpts of it: the words without markup, and their first characters with
//! white space collapsed, cut at a word (or, in Chinese and Japanese, between two characters).
//!
//! The objection finder and the search index both show an excerpt of an objection's answer; both make it
//! here, so they show the same one: [`excerpt`] of a Markdown text equals [`cut`] of its [`plain_text`].

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::markdown::{head, options};

/// How long an excerpt is, in characters (the ellipsis aside).
pub const EXCERPT_CHARS: usize = 160;

/// Markdown as plain text: the words of its text and code, without markup, with white space where a line
/// break, a paragraph, a heading or a list item ends a word. White space is left as it comes (indexing
/// skips it; [`cut`] collapses it).
pub fn plain_text(md: &str) -> String {
    let mut out = Plain::new(md.len(), false);
    for event in Parser::new_ext(md, options()) {
        out.push(&event);
    }
    out.text
}

/// The plain text of the Markdown `md` ([`plain_text`]), [`cut`] to `max` characters. Reads only as much
/// of a long text as the excerpt needs.
pub fn excerpt(md: &str, max: usize) -> String {
    excerpt_with_head(md, max, max * 4)
}

/// [`excerpt`], parsing `head_bytes` (and up to the next blank line) first.
fn excerpt_with_head(md: &str, max: usize, head_bytes: usize) -> String {
    // A head of the text parses as the same part of the whole text (see `head`): when its plain text
    // reaches past `max` characters once collapsed, the whole text's would have too, at the same event,
    // and the cut depends on nothing after it.
    let head = head(md, head_bytes);
    if head.len() < md.len() {
        let plain = plain_prefix(head, max);
        if plain.chars > max {
            return cut(&plain.text, max);
        }
    }
    cut(&plain_prefix(md, max).text, max)
}

/// The plain text of `md` up to the first event after which it has more than `max` characters once its
/// white space is collapsed.
fn plain_prefix(md: &str, max: usize) -> Plain {
    let mut out = Plain::new(max * 3, true);
    for event in Parser::new_ext(md, options()) {
        out.push(&event);
        if out.chars > max {
            break;
        }
    }
    out
}

/// Plain text being written, and (when asked) how many characters it has once white space is collapsed.
struct Plain {
    text: String,
    /// Whether `chars` is kept.
    count: bool,
    /// Characters of `text` up to `counted` (a byte offset), white space collapsed, none at the start.
    chars: usize,
    counted: usize,
    /// White space came after the last character counted.
    space: bool,
}

impl Plain {
    fn new(bytes: usize, count: bool) -> Plain {
        Plain {
            text: String::with_capacity(bytes),
            count,
            chars: 0,
            counted: 0,
            space: false,
        }
    }

    fn push(&mut self, event: &Event<'_>) {
        match event {
            Event::Text(t) | Event::Code(t) => self.text.push_str(t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Item)
            | Event::End(TagEnd::Heading(_))
            | Event::Start(Tag::Item) => self.text.push(' '),
            _ => return,
        }
        if self.count {
            for c in self.text[self.counted..].chars() {
                if c.is_whitespace() {
                    self.space = true;
                } else {
                    if self.space && self.chars > 0 {
                        self.chars += 1;
                    }
                    self.space = false;
                    self.chars += 1;
                }
            }
            self.counted = self.text.len();
        }
    }
}

/// `text` with its white space collapsed and, when it has more than `max` characters, cut with `…` at the
/// last place within them, past their half, where a line could break: before a space, or next to a
/// Chinese or Japanese character (written without spaces). With no such place (one long word, a URL), at
/// `max` characters. Punctuation left at the end of a cut text (`,`, `。`, an opening bracket) goes.
/// Reads `text` only as far as the cut.
pub fn cut(text: &str, max: usize) -> String {
    // The first `max + 1` characters, collapsed, and whether the text goes on after them.
    let mut collapsed = String::with_capacity(text.len().min(max.saturating_mul(4)));
    let mut chars = 0;
    let mut more = false;
    for word in text.split_whitespace() {
        if chars > max {
            more = true;
            break;
        }
        if chars > 0 {
            collapsed.push(' ');
            chars += 1;
        }
        collapsed.push_str(word);
        chars += word.chars().count();
    }
    if chars <= max && !more {
        return collapsed;
    }
    let Some((end, _)) = collapsed.char_indices().nth(max) else {
        return collapsed;
    };
    // The places between two of the first `max + 1` characters, with the count of characters before.
    let mut keep = end;
    let mut places = collapsed.char_indices().take(max + 1).enumerate();
    if let Some((_, (_, mut before))) = places.next() {
        for (count, (at, c)) in places {
            if count > max / 2 && breaks_between(before, c) {
                keep = at;
            }
            before = c;
        }
    }
    let kept = collapsed[..keep]
        .trim_end_matches(|c: char| c.is_whitespace() || TRIMMED_AT_END.contains(&c));
    format!("{kept}…")
}

/// Whether a line may break between `a` and `b` (of a collapsed text): before a space, or next to a wide
/// character. (What is left at the end of a cut text is trimmed of punctuation, so a cut before a
/// closing `，` or after an opening `“` needs no rule of its own.)
fn breaks_between(a: char, b: char) -> bool {
    b == ' ' || (a != ' ' && (is_wide(a) || is_wide(b)))
}

/// Whether `c` is written without spaces around it: CJK ideographs, kana, CJK punctuation and full-width
/// forms (Korean is written with spaces).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0x20000..=0x2FA1F)
}

/// Punctuation an excerpt does not end with, before its `…`: it goes on with a sentence, or opens one.
const TRIMMED_AT_END: &[char] = &[
    ',', '.', ';', ':', '(', '[', '，', '。', '、', '；', '：', '（', '「', '『', '“', '‘', '《',
    '【',
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::markdown::markdownish;

    /// The words of the plain text of `md`, white space collapsed.
    fn words(md: &str) -> String {
        cut(&plain_text(md), 1_000_000)
    }

    #[test]
    fn plain_text_separates_blocks_and_drops_markup() {
        assert_eq!(
            words("# Why\nBecause **it** `works`.\n\n- one\n  - two\n\n<b>raw</b> tail\n"),
            "Why Because it works. one two raw tail"
        );
        assert_eq!(
            words("**bold**ly  \n\n\n  spaced   out  "),
            "boldly spaced out"
        );
        assert_eq!(words(""), "");
    }

    #[test]
    fn english_is_cut_at_a_word() {
        assert_eq!(excerpt("**Hello** world", 50), "Hello world");
        assert_eq!(cut(&"word ".repeat(50), 20), "word word word word…");
        // The word that ends right at the limit is kept; the punctuation after the last word goes.
        assert_eq!(cut("one two, three", 8), "one two…");
        assert_eq!(cut("one two three", 7), "one two…");
        let exact = "x".repeat(EXCERPT_CHARS);
        assert_eq!(
            cut(&exact, EXCERPT_CHARS),
            exact,
            "nothing cut, no ellipsis"
        );
        assert_eq!(cut("  a\n\n b  c ", 10), "a b c");
    }

    #[test]
    fn a_word_longer_than_half_the_excerpt_is_cut_inside() {
        let url = format!("see https://example.com/{}", "a".repeat(100));
        let e = cut(&url, 40);
        assert_eq!(e.chars().count(), 41, "{e}");
        assert!(
            e.starts_with("see https://example.com/aaa") && e.ends_with("a…"),
            "{e}"
        );
    }

    #[test]
    fn chinese_is_cut_between_characters_without_trailing_punctuation() {
        let text = "价格太贵了，我们再想想。".repeat(20);
        // 30 characters end with `，`: cut there, and the comma goes.
        assert_eq!(
            cut(&text, 30),
            "价格太贵了，我们再想想。价格太贵了，我们再想想。价格太贵了…"
        );
        assert_eq!(cut(&text, 29), cut(&text, 30));
        assert_eq!(
            cut("我们的系统叫CRMSOFT很好用", 10),
            "我们的系统叫…",
            "not inside a Latin word"
        );
        assert_eq!(
            cut("他说：“太贵了”", 4),
            "他说…",
            "no colon or opening quote before …"
        );
    }

    #[test]
    fn a_list_that_becomes_loose_after_the_head_is_read_whole() {
        // Tight in the first lines, loose in the whole text: its items end differently.
        let text = format!(
            "{}{}\n- z\n",
            "- [](u)\n".repeat(150),
            "- word\n".repeat(40)
        );
        assert_eq!(head(&text, 100), text);
        assert_eq!(excerpt(&text, 160), cut(&plain_text(&text), 160));
    }

    proptest::proptest! {
        /// The characters counted of texts pushed one after another are those of their concatenation
        /// with white space collapsed, whichever white space they have.
        #[test]
        fn pushed_texts_count_like_their_collapsed_concatenation(
            pieces in proptest::collection::vec("[a 价“\n\t\u{a0}\u{3000}\u{2028}]{0,6}", 0..8)
        ) {
            let mut plain = Plain::new(0, true);
            for p in &pieces {
                plain.push(&Event::Text(p.as_str().into()));
            }
            let collapsed = pieces.concat().split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(plain.chars, collapsed.chars().count());
            proptest::prop_assert_eq!(cut(&plain.text, 1000), collapsed);
        }

        /// The finder's excerpt (of the Markdown, read from its head) is the search index's (cut from
        /// the whole plain text).
        #[test]
        fn excerpts_read_from_the_head_equal_the_cut_plain_text(text in markdownish(), max in 5usize..40) {
            let plain = plain_text(&text);
            let whole = cut(&plain, max);
            proptest::prop_assert_eq!(excerpt_with_head(&text, max, 64), whole.clone());
            proptest::prop_assert_eq!(excerpt(&text, max), whole.clone());
            proptest::prop_assert!(whole.chars().count() <= max + 1);
            let collapsed = cut(&plain, 1_000_000);
            proptest::prop_assert!(collapsed.starts_with(whole.trim_end_matches('…')));
        }
    }
}
