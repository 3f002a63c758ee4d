//! Small text rules shared by the loader: placeholders and ids.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

const PLACEHOLDERS: &[&str] = &[
    "todo",
    "tbd",
    "tba",
    "fixme",
    "xxx",
    "...",
    "…",
    "……",
    "?",
    "？",
    "n/a",
    "待定",
    "待补充",
    "待完善",
    "暂无",
    "未定",
    "待填写",
];

/// Characters of a text enough to tell whether it starts with a placeholder (the longest has five).
const HEAD_CHARS: usize = 16;

/// Whether `text` is empty or only a placeholder: `TODO`, `TBD`, `FIXME`, `...`, `待定`, `待补充` and the like,
/// alone or starting a one-line text (`TODO: write the answer`).
pub fn is_placeholder(text: &str) -> bool {
    let t = text
        .trim()
        .trim_start_matches(['#', '>', '-', '*', '_', ' '])
        .trim_end_matches(['*', '_', ' '])
        .trim();
    if t.is_empty() {
        return true;
    }
    // Placeholders are a few characters long: lower-case only the start of a text (a body can be long),
    // enough for the longest placeholder and the character after it, even where lower-casing one
    // character gives two.
    let head: String = t.chars().take(HEAD_CHARS).collect();
    let whole = head.len() == t.len();
    let lower = head.to_lowercase();
    if whole && PLACEHOLDERS.contains(&lower.as_str()) {
        return true;
    }
    if t.contains('\n') {
        return false;
    }
    PLACEHOLDERS.iter().filter(|p| p.len() > 1).any(|p| {
        lower.strip_prefix(p).is_some_and(|rest| {
            rest.chars()
                .next()
                .is_some_and(|c| !c.is_alphanumeric() && c != '-' && c != '_')
        })
    })
}

/// Whether `id` is a valid id: letters of any script, digits, `-` and `_`, not empty.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// `s` in Unicode Normalization Form C (composed: `é` is one code point, not `e` and a combining accent).
/// Ids and id references are compared in this form, so that a file name saved in NFD (as macOS
/// file systems may return it) names the same entry as its NFC spelling. Borrows when `s` is NFC already.
pub fn nfc(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        return Cow::Borrowed(s);
    }
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => Cow::Borrowed(s),
        _ => {
            let composed: String = s.nfc().collect();
            if composed == s {
                Cow::Borrowed(s)
            } else {
                Cow::Owned(composed)
            }
        }
    }
}

/// `s` in NFC, owned (see [`nfc`]).
pub(crate) fn nfc_string(s: String) -> String {
    match nfc(&s) {
        Cow::Borrowed(_) => s,
        Cow::Owned(composed) => composed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_judged_by_their_start() {
        let body = "A real answer. ".repeat(1000);
        assert!(!is_placeholder(&body));
        assert!(is_placeholder(&format!(
            "TODO: {}",
            "write it ".repeat(100)
        )));
        assert!(!is_placeholder(&format!("TODOS {}", "x".repeat(100))));
        assert!(!is_placeholder("Todo-list owner"));
        assert!(is_placeholder("  FIXME  "));
        assert!(is_placeholder("待补充：价格异议的回答"));
        assert!(!is_placeholder(&"İ".repeat(40)));
    }

    #[test]
    fn placeholders_are_recognised() {
        for p in [
            "",
            "  ",
            "TODO",
            "todo",
            "TBD",
            "FIXME",
            "...",
            "…",
            "待定",
            "待补充",
            "**TODO**",
            "TODO: write the answer",
            "TBD - ask legal",
            "待定：等产品确认",
            "- TODO",
        ] {
            assert!(is_placeholder(p), "{p:?} should be a placeholder");
        }
    }

    #[test]
    fn real_text_is_not_a_placeholder() {
        for p in [
            "Todos los clientes",
            "Totally fair question.",
            "Ask what the budget covers... then listen.",
            "TODO list apps are a competitor:\nwe win on price.",
            "价格确实不低，但我们可以算一笔账",
            "Tbdx",
        ] {
            assert!(!is_placeholder(p), "{p:?} is real text");
        }
    }

    #[test]
    fn nfc_composes_and_borrows_when_it_can() {
        assert_eq!(nfc("cafe\u{301}"), "caf\u{e9}");
        assert!(matches!(nfc("caf\u{e9}"), Cow::Borrowed(_)));
        // 한국 decomposed into conjoining jamo.
        assert_eq!(
            nfc("\u{1112}\u{1161}\u{11ab}\u{1100}\u{116e}\u{11a8}"),
            "한국"
        );
        assert_eq!(nfc_string("plain".to_string()), "plain");
    }

    #[test]
    fn ids_allow_any_script() {
        assert!(is_valid_id("too-expensive_2"));
        assert!(is_valid_id("价格太贵"));
        assert!(!is_valid_id("price.v2"));
        assert!(!is_valid_id("two words"));
        assert!(!is_valid_id(""));
    }
}
