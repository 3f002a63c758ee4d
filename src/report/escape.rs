//! Text on its way to a terminal: control characters and bidirectional overrides taken from content or
//! file names are written as Rust escapes (`\u{1b}`, `\r`), as rustc does, so a file cannot move the
//! cursor, ring the bell, recolour, erase or reorder what the terminal shows.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal as is: a C0 or C1 control character (tab and newline
/// included), DEL, or a bidirectional embedding, override or isolate (the "Trojan Source" characters
/// rustc lints against).
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Appends the escape of `c` (`\t`, `\r`, `\n`, `\0` or `\u{1b}`) to `out`.
pub(crate) fn push_escape(out: &mut String, c: char) {
    match c {
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        '\n' => out.push_str("\\n"),
        '\0' => out.push_str("\\0"),
        _ => out.extend(c.escape_unicode()),
    }
}

/// `text` with every unsafe character escaped, for one line of a terminal (a newline is escaped too).
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Prints `line` on stdout with [`terminal_safe`]. A closed stdout is not worth stopping for (a server
/// keeps serving when its log is piped into a pager that quit), so a failed write is ignored.
pub fn stdout_line(line: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", terminal_safe(line));
    let _ = out.flush();
}

/// Prints `line` on stderr with [`terminal_safe`]: every message that names a path, an id or a value
/// from `playbook.yaml` goes through here or [`stdout_line`], so none acts on the terminal.
pub fn stderr_line(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{}", terminal_safe(line));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_overrides_are_escaped_as_rustc_does() {
        assert_eq!(
            terminal_safe("a\u{1b}[31mb\u{7}\0\r\n\t\u{7f}\u{9b}\u{202e}"),
            "a\\u{1b}[31mb\\u{7}\\0\\r\\n\\t\\u{7f}\\u{9b}\\u{202e}"
        );
    }

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        let text = "价格太贵 — `objection` é";
        assert!(matches!(terminal_safe(text), Cow::Borrowed(t) if t == text));
    }
}
