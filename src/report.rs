//! Printing diagnostics: rustc-style for people, JSON for tools, workflow commands for GitHub Actions.

use std::io;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};
use serde::Serialize;

use crate::check::Report;
use crate::content::Playbook;
use crate::diagnostic::{Diagnostic, Severity};
use crate::yaml::Pos;

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
}

/// Writes `report` in the human format, coloured when `color` is set. `sources` gives file texts.
pub fn write_human(
    out: &mut dyn termcolor::WriteColor,
    report: &Report,
    pb: &Playbook,
) -> io::Result<()> {
    let mut files = SimpleFiles::new();
    let mut ids = std::collections::HashMap::new();
    let mut id_of = |path: &str| -> Option<usize> {
        if let Some(id) = ids.get(path) {
            return Some(*id);
        }
        let file = pb.file(path)?;
        // Loading keeps only some texts: read the others again (a file unreadable now shows no lines).
        let text = match &file.text {
            Some(text) => text.clone(),
            None => std::fs::read_to_string(pb.root.join(path)).ok()?,
        };
        let id = files.add(path.to_string(), text);
        ids.insert(path.to_string(), id);
        Some(id)
    };
    let mut prepared = Vec::new();
    for d in &report.diagnostics {
        let primary = d.pos.and_then(|p| id_of(&d.file).map(|id| (id, p)));
        let related = d
            .related
            .as_ref()
            .and_then(|r| id_of(&r.file).map(|id| (id, r.pos, r.label.clone())));
        prepared.push((d, primary, related));
    }
    let config = term::Config::default();
    for (d, primary, related) in prepared {
        let severity = match d.severity() {
            Severity::Error => CsSeverity::Error,
            Severity::Warning => CsSeverity::Warning,
        };
        let mut cs = CsDiagnostic::new(severity)
            .with_code(d.code.as_str())
            .with_message(&d.message);
        let mut notes = Vec::new();
        match primary {
            Some((id, pos)) => {
                let range = span(
                    files.get(id).map(|f| f.source().as_str()).unwrap_or(""),
                    pos,
                );
                cs = cs.with_labels(vec![
                    Label::primary(id, range).with_message(d.label.clone().unwrap_or_default())
                ]);
            }
            None => notes.push(match d.pos {
                Some(p) => format!("in {}:{}:{}", d.file, p.line, p.column),
                None => format!("in {}", d.file),
            }),
        }
        if let Some((id, pos, label)) = related {
            let range = span(
                files.get(id).map(|f| f.source().as_str()).unwrap_or(""),
                pos,
            );
            cs.labels
                .push(Label::secondary(id, range).with_message(label));
        }
        notes.extend(d.notes.iter().map(|n| format!("help: {n}")));
        cs = cs.with_notes(notes);
        term::emit_to_write_style(out, &config, &files, &cs).map_err(io::Error::other)?;
    }
    writeln!(out, "{}", summary(report))
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

/// The byte range to underline at `pos`: the word (key, value, id) that starts there.
fn span(source: &str, pos: Pos) -> std::ops::Range<usize> {
    let mut start = 0;
    for _ in 1..pos.line {
        match source[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return source.len()..source.len(),
        }
    }
    let line_end = source[start..]
        .find('\n')
        .map_or(source.len(), |i| start + i);
    let line = &source[start..line_end];
    let col = line
        .char_indices()
        .nth(pos.column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let rest = &line[col..];
    let len = rest
        .char_indices()
        .find(|&(i, c)| i > 0 && matches!(c, ':' | ',' | ']' | '}' | '#') || c == '\r')
        .map_or(rest.trim_end().len(), |(i, _)| rest[..i].trim_end().len());
    start + col..start + col + len.max(usize::from(!rest.is_empty()))
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
}

/// The JSON object `{"errors", "warnings", "files", "diagnostics": [...]}`. Line and column are 0 when
/// unknown (a whole-file problem).
pub fn to_json(report: &Report) -> String {
    let json = JsonReport {
        errors: report.errors(),
        warnings: report.warnings(),
        files: report.files,
        diagnostics: report.diagnostics.iter().map(json_diagnostic).collect(),
    };
    serde_json::to_string_pretty(&json).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
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
    }
}

/// GitHub Actions workflow commands, one line per diagnostic, then a notice with the summary.
pub fn to_github(report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let level = match d.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = format!("file={}", escape_property(&d.file));
        if let Some(p) = d.pos {
            props.push_str(&format!(",line={},col={}", p.line, p.column));
        }
        props.push_str(&format!(",title={}", escape_property(d.code.as_str())));
        let mut message = d.message.clone();
        for n in &d.notes {
            message.push_str("\nhelp: ");
            message.push_str(n);
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
    fn spans_cover_the_word_at_the_position() {
        let src = "a: 1\nsegments: [smb, entreprise]\n";
        let r = span(src, Pos::new(2, 17));
        assert_eq!(&src[r], "entreprise");
        let r = span(src, Pos::new(2, 1));
        assert_eq!(&src[r], "segments");
    }

    #[test]
    fn github_commands_escape_newlines_and_separators() {
        assert_eq!(escape_data("a\nb%"), "a%0Ab%25");
        assert_eq!(escape_property("a,b:c"), "a%2Cb%3Ac");
    }
}
