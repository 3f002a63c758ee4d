//! XML text and attribute values: the one escaping every XML file the tool writes goes through (the Atom
//! feed, SCORM's `imsmanifest.xml`, JUnit reports).

/// `s` as XML text or an attribute value: the five markup characters as entities, and the characters XML 1.0
/// does not allow at all, not even as references (control characters other than tab and line breaks,
/// U+FFFE, U+FFFF), left out.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_is_escaped_and_what_xml_forbids_is_dropped() {
        assert_eq!(
            escape("a<b>&\"c'\u{1b}\u{0}d\u{ffff}\te\n"),
            "a&lt;b&gt;&amp;&quot;c&apos;d\te\n"
        );
    }
}
