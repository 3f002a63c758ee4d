//! Line breaks inside Chinese (and Japanese) paragraphs: a soft break in the Markdown source between two CJK
//! characters or CJK punctuation marks is dropped, as CJK-aware renderers do, because a browser shows it as a
//! space ("12,600 元。 只要"). A break next to a Latin letter, a digit or an ambiguous mark (curly quotes,
//! dashes) stays, so spaces between CJK and Latin text remain as authored.

use pulldown_cmark::{Event, Tag, TagEnd};

/// Whether `c` is a CJK character or a CJK punctuation mark: Han (with extensions and compatibility
/// ideographs), kana, CJK symbols and punctuation (`。`, `、`, `「`), and full-width forms (`，`, `：`, `（`).
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303f // CJK symbols and punctuation
        | 0x3040..=0x30ff // hiragana, katakana
        | 0x31f0..=0x31ff
        | 0x3400..=0x4dbf
        | 0x4e00..=0x9fff
        | 0xf900..=0xfaff
        | 0xfe30..=0xfe4f // CJK compatibility forms
        | 0xff00..=0xffef // half-width and full-width forms
        | 0x20000..=0x3134f)
}

/// Inline markup a break's neighbour may sit inside: `*强调*` next to a break still counts as CJK.
fn is_inline_tag(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
            | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link)
    )
}

/// The character of text next to position `at`, looking back (`before`) or forward, across inline tags.
fn neighbour(events: &[Event<'_>], at: usize, before: bool) -> Option<char> {
    let mut i = at;
    loop {
        i = if before { i.checked_sub(1)? } else { i + 1 };
        match events.get(i)? {
            Event::Text(t) | Event::Code(t) => {
                return if before {
                    t.chars().next_back()
                } else {
                    t.chars().next()
                };
            }
            e if is_inline_tag(e) => continue,
            _ => return None,
        }
    }
}

/// `events` without the soft breaks that sit between two CJK characters.
pub(crate) fn join_lines(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    if !events.iter().any(|e| matches!(e, Event::SoftBreak)) {
        return events;
    }
    let drop: Vec<bool> = (0..events.len())
        .map(|i| {
            matches!(events[i], Event::SoftBreak)
                && neighbour(&events, i, true).is_some_and(is_cjk)
                && neighbour(&events, i, false).is_some_and(is_cjk)
        })
        .collect();
    events
        .into_iter()
        .zip(drop)
        .filter_map(|(e, d)| (!d).then_some(e))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{html, Parser};

    fn render(md: &str) -> String {
        let mut out = String::new();
        html::push_html(&mut out, join_lines(Parser::new(md).collect()).into_iter());
        out
    }

    #[test]
    fn breaks_between_cjk_characters_and_punctuation_are_dropped() {
        assert_eq!(
            render("每月 12,600 元。\n只要一次"),
            "<p>每月 12,600 元。只要一次</p>\n"
        );
        assert_eq!(render("客户说\n太贵了"), "<p>客户说太贵了</p>\n");
        assert_eq!(render("先问预算，\n再报价"), "<p>先问预算，再报价</p>\n");
        assert_eq!(
            render("这是*重点*\n**强调**"),
            "<p>这是<em>重点</em><strong>强调</strong></p>\n"
        );
    }

    #[test]
    fn breaks_next_to_latin_text_or_ambiguous_marks_stay() {
        assert_eq!(render("用 Backup\n服务"), "<p>用 Backup\n服务</p>\n");
        assert_eq!(render("价格\nPro 版"), "<p>价格\nPro 版</p>\n");
        assert_eq!(render("他说“好”\n然后"), "<p>他说“好”\n然后</p>\n");
        assert_eq!(render("one\ntwo"), "<p>one\ntwo</p>\n");
        assert_eq!(
            render("价格  \n太贵"),
            "<p>价格<br />\n太贵</p>\n",
            "a hard break stays"
        );
    }
}
