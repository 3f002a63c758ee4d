//! `check --format junit`: the report as JUnit XML, which GitLab, Jenkins and Azure DevOps show as test
//! results. One test case per file checked (named by its path relative to the root), a `<failure>` per
//! error in it; warnings are the test case's `<system-out>`, or failures too under `--strict` (so the
//! test results fail exactly when `check` does).

use std::collections::BTreeMap;

use crate::check::Report;
use crate::content::Playbook;
use crate::diagnostic::{Diagnostic, Severity};

use super::{terminal_safe, Warnings};

/// `text` for XML content or an attribute value: characters that act on a terminal escaped as in the
/// human format (XML 1.0 cannot hold most control characters at all, even as references), then `&`,
/// `<`, `>`, `"` and `'` as entities.
fn xml_text(text: &str) -> String {
    crate::xml::escape(&terminal_safe(text))
}

/// `file:line:column: error[code]: message`, then `help:` lines: one diagnostic as text.
fn describe(d: &Diagnostic) -> String {
    let place = match d.pos {
        Some(p) => format!("{}:{}:{}", d.file, p.line, p.column),
        None => d.file.clone(),
    };
    let severity = match d.severity() {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut lines = vec![xml_text(&format!(
        "{place}: {severity}[{}]: {}",
        d.code, d.message
    ))];
    lines.extend(d.notes.iter().map(|n| xml_text(&format!("help: {n}"))));
    lines.join("\n")
}

/// The JUnit XML of `report` on `pb`. Test cases are sorted by path: every file read, and any file a
/// diagnostic names that was not read. The output has no timestamps or durations, so two runs on the same
/// playbook print the same bytes.
pub fn to_junit(report: &Report, pb: &Playbook, warnings: Warnings) -> String {
    let mut cases: BTreeMap<&str, Vec<&Diagnostic>> = pb
        .files
        .iter()
        .map(|f| (f.path.as_str(), Vec::new()))
        .collect();
    for d in &report.diagnostics {
        cases.entry(d.file.as_str()).or_default().push(d);
    }
    let fails = |d: &&Diagnostic| d.severity() == Severity::Error || warnings == Warnings::Fail;
    let failed = cases.values().filter(|ds| ds.iter().any(&fails)).count();
    let counts = format!(
        "tests=\"{}\" failures=\"{failed}\" errors=\"0\"",
        cases.len()
    );
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"playbook check\" {counts}>\n  <testsuite name=\"playbook check\" {counts} skipped=\"0\">\n"
    ));
    for (file, diagnostics) in &cases {
        let file = xml_text(file);
        out.push_str(&format!(
            "    <testcase classname=\"playbook check\" name=\"{file}\" file=\"{file}\""
        ));
        if diagnostics.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        let (failures, others): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
            diagnostics.iter().partition(|d| fails(d));
        for d in failures {
            let line = d
                .pos
                .map(|p| format!(" (line {})", p.line))
                .unwrap_or_default();
            out.push_str(&format!(
                "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                d.code,
                xml_text(&format!("{}{line}: {}", d.code, d.message)),
                describe(d)
            ));
        }
        if !others.is_empty() {
            let text: Vec<String> = others.iter().map(|d| describe(d)).collect();
            out.push_str(&format!(
                "      <system-out>{}</system-out>\n",
                text.join("\n")
            ));
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_escapes_markup_and_terminal_characters() {
        assert_eq!(
            xml_text("a<b>&\"c'\u{1b}[2J\n"),
            "a&lt;b&gt;&amp;&quot;c&apos;\\u{1b}[2J\\n"
        );
    }
}
