//! `check --format sarif`: the report as a SARIF 2.1.0 log, for GitHub code scanning and other SARIF
//! viewers. One run; its rules are every diagnostic code (whether reported or not), its results the
//! diagnostics, each at its file (relative to the playbook root, named by the `PLAYBOOK_ROOT` base id)
//! and line and column.

use std::path::Path;

use serde::Serialize;

use crate::check::Report;
use crate::diagnostic::{Code, Diagnostic, Severity};

/// The base id artifact locations are relative to: the playbook root.
pub const ROOT_BASE_ID: &str = "PLAYBOOK_ROOT";

/// Where the codes are documented, relative to the tool's repository.
const DIAGNOSTICS_DOC: &str = "docs/diagnostics.md";

/// The tool's repository (`repository` in Cargo.toml), the base of each rule's `helpUri`; empty when
/// Cargo.toml names none, and then rules carry the link in their help text only.
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    #[serde(skip_serializing_if = "Option::is_none")]
    original_uri_base_ids: Option<serde_json::Value>,
    /// Our columns count characters (Unicode scalar values), not UTF-16 code units (SARIF's default).
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    short_description: Text,
    help: Help,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
}

/// The SARIF level of a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The link to `code`'s row in the diagnostics doc under `repository` (`…/blob/main/docs/diagnostics.md#code`),
/// `None` when the repository is unknown (a relative link is not a valid `helpUri`).
fn help_uri(repository: &str, code: Code) -> Option<String> {
    let repository = repository.trim_end_matches('/');
    (!repository.is_empty())
        .then(|| format!("{repository}/blob/main/{DIAGNOSTICS_DOC}#{}", code.as_str()))
}

fn rule(code: Code) -> Rule {
    let summary = code.summary();
    let name = code.as_str();
    Rule {
        id: name,
        short_description: Text {
            text: summary.to_string(),
        },
        help: Help {
            text: format!("{summary} See {DIAGNOSTICS_DOC}#{name} for how to fix it."),
            markdown: format!(
                "{summary} See [`{name}`]({DIAGNOSTICS_DOC}#{name}) for how to fix it."
            ),
        },
        help_uri: help_uri(REPOSITORY, code),
        default_configuration: Configuration {
            level: level(code.severity()),
        },
    }
}

/// `path` percent-encoded as a URI path: every byte but the unreserved characters and `/` as `%XX` (so
/// spaces, `#`, `%`, non-ASCII and control characters in file names make a valid URI reference).
fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The `file:` URI of the (absolute) root folder, ending in `/`; `None` when the root cannot be resolved.
fn root_uri(root: &Path) -> Option<String> {
    let absolute = std::fs::canonicalize(root).ok()?;
    let text = absolute.to_str()?.replace('\\', "/");
    let text = text.trim_end_matches('/');
    let lead = if text.starts_with('/') { "" } else { "/" };
    Some(format!("file://{lead}{}/", uri_path(text)))
}

fn location(file: &str, pos: Option<crate::yaml::Pos>) -> PhysicalLocation {
    PhysicalLocation {
        artifact_location: ArtifactLocation {
            uri: uri_path(file),
            uri_base_id: ROOT_BASE_ID,
        },
        // SARIF lines and columns start at 1; a whole-file problem (no position, or 0) has no region.
        region: pos.filter(|p| p.line > 0).map(|p| Region {
            start_line: p.line,
            start_column: p.column.max(1),
        }),
    }
}

fn result(d: &Diagnostic) -> SarifResult {
    let mut text = d.message.clone();
    for n in &d.notes {
        text.push_str("\nhelp: ");
        text.push_str(n);
    }
    let related = d.related.iter().map(|r| Location {
        id: Some(1),
        physical_location: location(&r.file, Some(r.pos)),
        message: Some(Text {
            text: r.label.clone(),
        }),
    });
    SarifResult {
        rule_id: d.code.as_str(),
        rule_index: Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0),
        level: level(d.severity()),
        message: Text { text },
        locations: [Location {
            id: None,
            physical_location: location(&d.file, d.pos),
            message: None,
        }],
        related_locations: related.collect(),
    }
}

/// The SARIF log of `report` on the playbook at `root`, pretty-printed. Texts are exact; as in the JSON
/// format, characters that act on a terminal are written as `\u` escapes.
pub fn to_sarif(report: &Report, root: &Path) -> String {
    let base = root_uri(root).map(|uri| serde_json::json!({ ROOT_BASE_ID: { "uri": uri } }));
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "playbook",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: (!REPOSITORY.is_empty()).then_some(REPOSITORY),
                    rules: Code::ALL.iter().copied().map(rule).collect(),
                },
            },
            original_uri_base_ids: base,
            column_kind: "unicodeCodePoints",
            results: report.diagnostics.iter().map(result).collect(),
        }],
    };
    let text =
        serde_json::to_string_pretty(&log).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    super::escape_json_controls(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_paths_keep_slashes_and_encode_the_rest() {
        assert_eq!(
            uri_path("content/a b#%é.md"),
            "content/a%20b%23%25%C3%A9.md"
        );
        assert_eq!(uri_path("ev\u{1b}[il\r"), "ev%1B%5Bil%0D");
    }

    #[test]
    fn help_uris_point_at_the_codes_row_when_the_repository_is_known() {
        assert_eq!(help_uri("", Code::MissingAnswer), None);
        assert_eq!(
            help_uri("https://example.invalid/acme/playbook/", Code::MissingAnswer).as_deref(),
            Some("https://example.invalid/acme/playbook/blob/main/docs/diagnostics.md#missing-answer")
        );
    }
}
