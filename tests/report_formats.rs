//! `check --format sarif` and `--format junit`, read back by independent parsers: the SARIF log is
//! validated against the official SARIF 2.1.0 JSON schema (tests/fixtures/sarif, with the `jsonschema`
//! crate), and the JUnit XML is parsed with `roxmltree`. Positions are compared with `--format json`.

mod common;

use assert_cmd::Command;
use common::{Tree, TODAY};
use playbook::diagnostic::Code;
use serde_json::Value;

fn playbook() -> Command {
    let mut cmd = Command::cargo_bin("playbook").expect("binary");
    cmd.env("PLAYBOOK_TODAY", TODAY);
    cmd
}

/// Runs `check` with `args` at `root`; returns stdout and the exit code.
fn check(root: &std::path::Path, args: &[&str]) -> (String, Option<i32>) {
    let out = playbook()
        .arg("check")
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .expect("runs");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    (stdout, out.status.code())
}

/// Two errors (missing actions, an unknown reference), a warning (an unused persona), a duplicate id (a
/// related location) and a file whose name needs percent-encoding.
fn broken_tree() -> Tree {
    Tree::minimal()
        .file(
            "content/stages/qualify.md",
            "---\ntitle: Qualify\norder: 2\npersonas: [cfo]\n---\nBody.\n",
        )
        .file(
            "content/objections/too late #2.md",
            "---\nobjection: Too late\nstages: [nowhere]\n---\nAsk what changes then.\n",
        )
        .file(
            "content/personas/it.md",
            "---\nname: IT\nrole: technical-buyer\n---\n",
        )
        .file(
            "content/personas/cfo2.md",
            "---\nid: cfo\nname: CFO again\nrole: economic-buyer\n---\n",
        )
}

fn sarif_schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sarif/sarif-2.1.0-rtm.5.json"
    ))
    .expect("the vendored SARIF schema");
    let schema: Value = serde_json::from_str(&text).expect("schema JSON");
    jsonschema::validator_for(&schema).expect("a valid schema")
}

#[track_caller]
fn assert_valid(validator: &jsonschema::Validator, instance: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{instance:#}");
}

/// (code, file, line, column) of every diagnostic of `--format json`.
fn json_places(root: &std::path::Path) -> Vec<(String, String, u64, u64)> {
    let (json, _) = check(root, &["--format", "json"]);
    let json: Value = serde_json::from_str(&json).expect("JSON");
    json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().expect("code").to_string(),
                d["file"].as_str().expect("file").to_string(),
                d["line"].as_u64().expect("line"),
                d["column"].as_u64().expect("column"),
            )
        })
        .collect()
}

#[test]
fn sarif_is_valid_against_the_sarif_2_1_0_schema_with_every_code_as_a_rule() {
    let tree = broken_tree();
    let (sarif, code) = check(tree.path(), &["--format", "sarif"]);
    assert_eq!(code, Some(1), "exit status as for the other formats");
    let log: Value = serde_json::from_str(&sarif).expect("SARIF is JSON");
    assert_valid(&sarif_schema(), &log);
    assert_eq!(log["version"], "2.1.0");

    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(ids, codes, "one rule per code, in documentation order");
    for (rule, code) in rules.iter().zip(Code::ALL) {
        let help = rule["help"]["text"].as_str().expect("help text");
        assert!(
            help.contains(&format!("docs/diagnostics.md#{}", code.as_str())),
            "{help}"
        );
        assert!(help.starts_with(code.summary()), "{help}");
        assert!(!code.summary().is_empty(), "{code} has a summary");
        let level = match code.severity() {
            playbook::diagnostic::Severity::Error => "error",
            playbook::diagnostic::Severity::Warning => "warning",
        };
        assert_eq!(rule["defaultConfiguration"]["level"], level, "{code}");
    }

    let base = run["originalUriBaseIds"]["PLAYBOOK_ROOT"]["uri"]
        .as_str()
        .expect("the root's base id");
    assert!(
        base.starts_with("file:///") && base.ends_with('/'),
        "{base}"
    );

    let results = run["results"].as_array().expect("results");
    let places: Vec<(String, String, u64, u64)> = results
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            assert_eq!(loc["artifactLocation"]["uriBaseId"], "PLAYBOOK_ROOT");
            let rule_index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
            assert_eq!(
                rules[rule_index]["id"], r["ruleId"],
                "ruleIndex names the rule"
            );
            (
                r["ruleId"].as_str().expect("ruleId").to_string(),
                loc["artifactLocation"]["uri"]
                    .as_str()
                    .expect("uri")
                    .replace("%20", " ")
                    .replace("%23", "#"),
                loc["region"]["startLine"].as_u64().unwrap_or(0),
                loc["region"]["startColumn"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        places,
        json_places(tree.path()),
        "the same places as --format json"
    );
    let codes: Vec<&str> = places.iter().map(|p| p.0.as_str()).collect();
    for expected in [
        "missing-actions",
        "unknown-reference",
        "unused-persona",
        "duplicate-id",
    ] {
        assert!(codes.contains(&expected), "{expected} in {codes:?}");
    }
    let levels: Vec<(&str, &str)> = results
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap_or(""),
                r["level"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert!(
        levels.contains(&("unused-persona", "warning")),
        "{levels:?}"
    );
    assert!(levels.contains(&("missing-actions", "error")), "{levels:?}");
    assert!(
        sarif.contains("\"uri\": \"content/objections/too%20late%20%232.md\""),
        "file names are percent-encoded URI references:\n{sarif}"
    );
    let duplicate = results
        .iter()
        .find(|r| r["ruleId"] == "duplicate-id")
        .expect("duplicate-id");
    let related = &duplicate["relatedLocations"][0]["physicalLocation"];
    assert!(
        related["artifactLocation"]["uri"]
            .as_str()
            .is_some_and(|u| u.starts_with("content/personas/")),
        "{duplicate:#}"
    );
}

#[test]
fn the_sarif_schema_check_rejects_a_log_the_spec_does_not_allow() {
    // The validator is not vacuous: an unknown level and a missing message fail it.
    let tree = broken_tree();
    let (sarif, _) = check(tree.path(), &["--format", "sarif"]);
    let validator = sarif_schema();
    let mut log: Value = serde_json::from_str(&sarif).expect("JSON");
    log["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&log));
    let mut log: Value = serde_json::from_str(&sarif).expect("JSON");
    log["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] = "docs/diagnostics.md".into();
    assert!(!validator.is_valid(&log), "a relative helpUri is not a URI");
}

#[test]
fn a_clean_playbook_gives_a_valid_sarif_log_without_results() {
    let (sarif, code) = check(env!("CARGO_MANIFEST_DIR").as_ref(), &["--format", "sarif"]);
    assert_eq!(code, Some(0));
    let log: Value = serde_json::from_str(&sarif).expect("JSON");
    assert_valid(&sarif_schema(), &log);
    assert_eq!(log["runs"][0]["results"], Value::Array(Vec::new()));
}

#[test]
fn every_code_has_an_anchor_in_the_diagnostics_doc() {
    // SARIF rules link to docs/diagnostics.md#<code>.
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/diagnostics.md"))
        .expect("docs");
    for code in Code::ALL {
        let anchor = format!("<a id=\"{code}\"></a>");
        assert!(docs.contains(&anchor), "{anchor} in docs/diagnostics.md");
    }
}

/// (test case name, [(failure type, failure text)], system-out) of each test case.
type Case = (String, Vec<(String, String)>, Option<String>);

fn junit_cases(xml: &str) -> (roxmltree::Document<'_>, Vec<Case>) {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{e}:\n{xml}"));
    let cases = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .map(|case| {
            let failures = case
                .children()
                .filter(|n| n.has_tag_name("failure"))
                .map(|f| {
                    (
                        f.attribute("type").unwrap_or("").to_string(),
                        f.text().unwrap_or("").to_string(),
                    )
                })
                .collect();
            let out = case
                .children()
                .find(|n| n.has_tag_name("system-out"))
                .and_then(|n| n.text())
                .map(str::to_string);
            (
                case.attribute("name").unwrap_or("").to_string(),
                failures,
                out,
            )
        })
        .collect();
    (doc, cases)
}

#[test]
fn junit_has_a_test_case_per_file_and_a_failure_per_error() {
    let tree = broken_tree();
    let (json, _) = check(tree.path(), &["--format", "json"]);
    let json: Value = serde_json::from_str(&json).expect("JSON");
    let (xml, code) = check(tree.path(), &["--format", "junit"]);
    assert_eq!(code, Some(1));
    let (doc, cases) = junit_cases(&xml);
    assert_eq!(
        cases.len() as u64,
        json["files"].as_u64().expect("files"),
        "one test case per file read:\n{xml}"
    );
    let names: Vec<&str> = cases.iter().map(|c| c.0.as_str()).collect();
    assert!(names.contains(&"playbook.yaml"), "{names:?}");
    assert!(
        names.contains(&"content/objections/too late #2.md"),
        "{names:?}"
    );
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted, "sorted by path");

    let errors = json["errors"].as_u64().expect("errors") as usize;
    let failures: usize = cases.iter().map(|c| c.1.len()).sum();
    assert_eq!(failures, errors, "a failure per error, none per warning");
    let (_, qualify, _) = cases
        .iter()
        .find(|c| c.0 == "content/stages/qualify.md")
        .expect("qualify");
    assert_eq!(qualify.len(), 1, "{xml}");
    assert_eq!(qualify[0].0, "missing-actions");
    assert!(
        qualify[0]
            .1
            .starts_with("content/stages/qualify.md:2:1: error[missing-actions]: "),
        "{}",
        qualify[0].1
    );
    let (_, it_failures, it_out) = cases
        .iter()
        .find(|c| c.0 == "content/personas/it.md")
        .expect("it");
    assert!(it_failures.is_empty(), "a warning is no failure");
    assert!(
        it_out
            .as_deref()
            .is_some_and(|o| o.contains("warning[unused-persona]")),
        "{xml}"
    );
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .expect("testsuite");
    let failed_cases = cases.iter().filter(|c| !c.1.is_empty()).count();
    assert_eq!(
        suite.attribute("tests"),
        Some(cases.len().to_string().as_str())
    );
    assert_eq!(
        suite.attribute("failures"),
        Some(failed_cases.to_string().as_str())
    );
}

#[test]
fn junit_under_strict_makes_warnings_failures() {
    let tree = Tree::minimal().file(
        "content/personas/it.md",
        "---\nname: IT\nrole: technical-buyer\n---\n",
    );
    let (xml, code) = check(tree.path(), &["--format", "junit"]);
    assert_eq!(code, Some(0));
    let (_, cases) = junit_cases(&xml);
    assert!(cases.iter().all(|c| c.1.is_empty()), "{xml}");
    let (xml, code) = check(tree.path(), &["--format", "junit", "--strict"]);
    assert_eq!(code, Some(1));
    let (_, cases) = junit_cases(&xml);
    let failures: Vec<&(String, String)> = cases.iter().flat_map(|c| &c.1).collect();
    assert_eq!(failures.len(), 1, "{xml}");
    assert_eq!(failures[0].0, "unused-persona");
}

#[test]
fn junit_escapes_markup_and_control_characters_in_names_and_messages() {
    let tree = Tree::minimal().file(
        "content/objections/a<b>&\u{1b}[2J.md",
        "---\nobjection: x\nstages: [\"<nowhere>&\u{7}\"]\n---\nAnswer.\n",
    );
    let (xml, code) = check(tree.path(), &["--format", "junit"]);
    assert_eq!(code, Some(1));
    assert!(!xml.chars().any(|c| c.is_control() && c != '\n'), "{xml:?}");
    let (_, cases) = junit_cases(&xml);
    let case = cases
        .iter()
        .find(|c| c.0.starts_with("content/objections/a<b>&"))
        .unwrap_or_else(|| panic!("the file's case, its name unescaped by the parser:\n{xml}"));
    assert_eq!(case.0, "content/objections/a<b>&\\u{1b}[2J.md");
    assert!(
        case.1.iter().any(|f| f.1.contains("<nowhere>&\\u{7}")),
        "{xml}"
    );
}
