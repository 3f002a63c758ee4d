//! A light English stemmer: plurals, `-ing`, `-ed`, `-ly` and a final `-e`, so that `price`, `prices`,
//! `priced` and `pricing` meet at `pric`. It is deliberately small so that `search.js` can do exactly the
//! same (both are pinned by `vectors.json`); a full Porter stemmer in two languages is two chances to
//! disagree. Only words of four or more ASCII letters are touched.

fn has_vowel(s: &str) -> bool {
    s.bytes()
        .any(|b| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y'))
}

/// The stem of a lower-case word.
pub fn stem(word: &str) -> String {
    if word.len() < 4 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    let mut w = word.to_string();
    // Plurals.
    if w.ends_with("sses") {
        w.truncate(w.len() - 2);
    } else if w.ends_with("ies") {
        w.truncate(w.len() - 3);
        w.push_str(if word.len() > 4 { "y" } else { "ie" });
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w.pop();
    }
    // Verb and adverb endings.
    let mut verb = false;
    for (suffix, min) in [("ing", 3), ("ed", 3), ("ly", 4)] {
        if let Some(rest) = w.strip_suffix(suffix) {
            if rest.len() >= min && has_vowel(rest) {
                verb = suffix != "ly";
                w.truncate(rest.len());
                break;
            }
        }
    }
    if verb {
        let b = w.as_bytes();
        let n = b.len();
        if n >= 2
            && b[n - 1] == b[n - 2]
            && !matches!(
                b[n - 1],
                b'l' | b's' | b'z' | b'a' | b'e' | b'i' | b'o' | b'u'
            )
        {
            w.pop();
        }
    }
    if w.len() > 4 && w.ends_with('e') {
        w.pop();
    }
    w
}
