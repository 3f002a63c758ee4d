//! Printing diagnostics: rustc-style for people, JSON for tools, workflow commands for GitHub Actions,
//! SARIF for code scanning and JUnit XML for CI test views.

mod escape;
mod junit;
mod sarif;
mod snippet;

use std::borrow::Cow;
use std::collections::HashMap;
use std::io;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::term::{self, termcolor};
use serde::Serialize;

pub use escape::{is_unsafe, stderr_line, stdout_line, terminal_safe};
pub use junit::to_junit;
pub use sarif::{to_sarif, ROOT_BASE_ID};
use snippet::{Snippets, Source};

use crate::check::Report;
use crate::content::Playbook;
use crate::diagnostic::{Diagnostic, Severity};

/// How to print diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// rustc-style, with the source line and a caret.
    #[default]
    Human,
    /// One JSON object.
    Json,
    /// GitHub Actions workflow commands.
    Github,
    /// SARIF 2.1.0 (GitHub code scanning and other SARIF viewers).
    Sarif,
    /// JUnit XML (GitLab, Jenkins, Azure DevOps test views): a test case per file.
    Junit,
}

/// Whether warnings fail (`check --strict`): the exit status, and in JUnit XML whether a warning is a
/// `<failure>` or standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warnings {
    /// Warnings pass: only errors fail.
    Pass,
    /// Warnings fail too.
    Fail,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Color {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The stream diagnostics are printed to, standard error, coloured as [`Color`] says: the one place that
/// decides, for `check`, `build` and `serve`.
pub fn stderr(color: Color) -> termcolor::StandardStream {
    use std::io::IsTerminal;
    let no_color = std::env::var_os("NO_COLOR").is_some();
    termcolor::StandardStream::stderr(color_choice(color, io::stderr().is_terminal(), no_color))
}

/// `Auto` colours only a terminal, and only when `NO_COLOR` is not set (to any value).
fn color_choice(color: Color, is_terminal: bool, no_color: bool) -> termcolor::ColorChoice {
    match color {
        Color::Always => termcolor::ColorChoice::Always,
        Color::Never => termcolor::ColorChoice::Never,
        Color::Auto if is_terminal && !no_color => termcolor::ColorChoice::Auto,
        Color::Auto => termcolor::ColorChoice::Never,
    }
}

/// Writes `report` in the human format, coloured when `out` supports it. Texts from content and file
/// names are escaped (`escape`), each source line is cut to a window around its caret (`snippet`) and
/// each message, label and help line to [`MAX_TEXT`] characters.
pub fn write_human(
    out: &mut dyn termcolor::WriteColor,
    report: &Report,
    pb: &Playbook,
) -> io::Result<()> {
    let sources = sources(report.diagnostics.iter(), pb);
    let config = term::Config::default();
    for d in &report.diagnostics {
        write_diagnostic(out, &config, d, &sources)?;
    }
    writeln!(out, "{}", summary(report))
}

/// Each error of `report` as [`write_human`] prints it, without colour: the code and message, the file,
/// line and column, the source line with its caret, the related place, and the help lines ("did you
/// mean"). Texts are escaped for the terminal as there; `serve`'s error overlay shows them (escaped for
/// HTML on top).
pub fn errors_as_text(report: &Report, pb: &Playbook) -> Vec<String> {
    let errors = || {
        report
            .diagnostics
            .iter()
            .filter(|d| d.severity() == Severity::Error)
    };
    let sources = sources(errors(), pb);
    let config = term::Config::default();
    errors()
        .map(|d| {
            let mut out = termcolor::NoColor::new(Vec::new());
            // Writing to memory does not fail; a diagnostic that could not be written shows what was.
            let _ = write_diagnostic(&mut out, &config, d, &sources);
            String::from_utf8_lossy(&out.into_inner())
                .trim_end()
                .to_string()
        })
        .collect()
}

/// The source of each file `diagnostics` show lines of, read once.
fn sources<'a, 'p>(
    diagnostics: impl Iterator<Item = &'a Diagnostic>,
    pb: &'p Playbook,
) -> HashMap<&'a str, Option<Source<'p>>> {
    let mut sources = HashMap::new();
    for d in diagnostics {
        let primary = d.pos.map(|_| d.file.as_str());
        let related = d.related.as_ref().map(|r| r.file.as_str());
        for path in primary.into_iter().chain(related) {
            sources.entry(path).or_insert_with(|| read_source(pb, path));
        }
    }
    sources
}

/// The text of `path` for its source lines: the copy loading kept, or the file read again (a file
/// unreadable now shows no lines).
fn read_source<'a>(pb: &'a Playbook, path: &str) -> Option<Source<'a>> {
    let file = pb.file(path)?;
    let text = match &file.text {
        Some(text) => Cow::Borrowed(text.as_str()),
        None => Cow::Owned(std::fs::read_to_string(pb.root.join(path)).ok()?),
    };
    Some(Source::new(text))
}

fn write_diagnostic(
    out: &mut dyn termcolor::WriteColor,
    config: &term::Config,
    d: &Diagnostic,
    sources: &HashMap<&str, Option<Source<'_>>>,
) -> io::Result<()> {
    let source_of = |path: &str| sources.get(path).and_then(Option::as_ref);
    let primary = d
        .pos
        .and_then(|p| snippet::place(&d.file, source_of(&d.file)?, p));
    let related = d.related.as_ref().and_then(|r| {
        Some((
            snippet::place(&r.file, source_of(&r.file)?, r.pos)?,
            &r.label,
        ))
    });
    let mut notes = Vec::new();
    if primary.is_none() {
        let file = terminal_safe(&d.file);
        notes.push(match d.pos {
            Some(p) => format!("in {file}:{}:{}", p.line, p.column),
            None => format!("in {file}"),
        });
    }
    notes.extend(
        d.notes
            .iter()
            .map(|n| format!("help: {}", terminal_text(n))),
    );
    let has_primary = primary.is_some();
    let places: Vec<_> = primary
        .into_iter()
        .chain(related.as_ref().map(|(p, _)| p.clone()))
        .collect();
    let (files, ranges) = Snippets::new(&places, |path, n| source_of(path)?.line(n));
    let mut labels = Vec::new();
    let mut ranges = ranges.into_iter();
    if has_primary {
        if let Some((id, range)) = ranges.next() {
            let label = d.label.as_deref().map(terminal_text).unwrap_or_default();
            labels.push(Label::primary(id, range).with_message(label));
        }
    }
    if let (Some((_, label)), Some((id, range))) = (&related, ranges.next()) {
        labels.push(Label::secondary(id, range).with_message(terminal_text(label)));
    }
    let severity = match d.severity() {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
    };
    let cs = CsDiagnostic::new(severity)
        .with_code(d.code.as_str())
        .with_message(terminal_text(&d.message))
        .with_labels(labels)
        .with_notes(notes);
    term::emit_to_write_style(out, config, &files, &cs).map_err(io::Error::other)
}

/// Characters of a message, label or help line shown in the human format; the rest is cut with `…`
/// (a value quoted from a 2 MB line must not print 2 MB). JSON and GitHub output keep the whole text.
pub const MAX_TEXT: usize = 300;

/// `text` cut to [`MAX_TEXT`] characters and escaped for the terminal.
fn terminal_text(text: &str) -> String {
    match text.char_indices().nth(MAX_TEXT) {
        Some((cut, _)) => format!("{}…", terminal_safe(&text[..cut])),
        None => terminal_safe(text).into_owned(),
    }
}

/// `2 errors, 1 warning in 31 files`.
pub fn summary(report: &Report) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {} in {}",
        plural(report.errors(), "error"),
        plural(report.warnings(), "warning"),
        plural(report.files, "file")
    )
}

#[derive(Serialize)]
struct JsonReport<'a> {
    errors: usize,
    warnings: usize,
    files: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    code: &'a str,
    message: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    /// The help lines ("did you mean `stages`?") joined by newlines, `null` when there are none.
    help: Option<String>,
}

/// The JSON object `{"errors", "warnings", "files", "diagnostics": [...]}`. Line and column are 0 when
/// unknown (a whole-file problem). Texts are exact; besides the control characters JSON escapes anyway,
/// DEL, C1 controls and bidirectional overrides are written as `\u` escapes, so the output holds no
/// character that acts on a terminal.
pub fn to_json(report: &Report) -> String {
    let json = JsonReport {
        errors: report.errors(),
        warnings: report.warnings(),
        files: report.files,
        diagnostics: report.diagnostics.iter().map(json_diagnostic).collect(),
    };
    let text =
        serde_json::to_string_pretty(&json).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    escape_json_controls(text)
}

/// `json` with the unsafe characters serde_json leaves as they are (DEL, C1, bidirectional overrides:
/// everything unsafe at or above U+0020) written as `\u` escapes. They can only stand inside strings,
/// where an escape means the same character.
pub(crate) fn escape_json_controls(json: String) -> String {
    if !json.chars().any(|c| c >= ' ' && is_unsafe(c)) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if c >= ' ' && is_unsafe(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

fn json_diagnostic(d: &Diagnostic) -> JsonDiagnostic<'_> {
    let pos = d.pos.unwrap_or_default();
    JsonDiagnostic {
        severity: d.severity(),
        code: d.code.as_str(),
        message: &d.message,
        file: &d.file,
        line: pos.line,
        column: pos.column,
        help: (!d.notes.is_empty()).then(|| d.notes.join("\n")),
    }
}

/// GitHub Actions workflow commands, one line per diagnostic (the help lines appended to the message),
/// then a notice with the summary. Control characters from content or file names are escaped as in the
/// human format (the log viewer interprets ANSI escapes).
pub fn to_github(report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let level = match d.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = format!("file={}", escape_property(&terminal_safe(&d.file)));
        if let Some(p) = d.pos {
            props.push_str(&format!(",line={},col={}", p.line, p.column));
        }
        props.push_str(&format!(",title={}", escape_property(d.code.as_str())));
        let mut message = terminal_safe(&d.message).into_owned();
        for n in &d.notes {
            message.push_str("\nhelp: ");
            message.push_str(&terminal_safe(n));
        }
        out.push_str(&format!("::{level} {props}::{}\n", escape_data(&message)));
    }
    out.push_str(&format!(
        "::notice title=playbook check::{}\n",
        summary(report)
    ));
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_colours_only_a_terminal_without_no_color() {
        use termcolor::ColorChoice as C;
        assert_eq!(color_choice(Color::Auto, true, false), C::Auto);
        assert_eq!(color_choice(Color::Auto, false, false), C::Never);
        assert_eq!(color_choice(Color::Auto, true, true), C::Never);
        assert_eq!(color_choice(Color::Always, false, true), C::Always);
        assert_eq!(color_choice(Color::Never, true, false), C::Never);
    }

    #[test]
    fn github_commands_escape_newlines_and_separators() {
        assert_eq!(escape_data("a\nb%"), "a%0Ab%25");
        assert_eq!(escape_property("a,b:c"), "a%2Cb%3Ac");
    }

    #[test]
    fn json_escapes_what_serde_json_leaves_and_stays_the_same_text() {
        let text = serde_json::to_string("a\u{1b}b\u{7f}c\u{9b}d\u{202e}e\n").expect("json");
        let escaped = escape_json_controls(text);
        assert_eq!(escaped, r#""a\u001bb\u007fc\u009bd\u202ee\n""#);
        let back: String = serde_json::from_str(&escaped).expect("still JSON");
        assert_eq!(back, "a\u{1b}b\u{7f}c\u{9b}d\u{202e}e\n");
    }
}
