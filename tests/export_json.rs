//! `playbook export json`: both example playbooks export to a document valid against the export's JSON
//! Schema (checked with the `jsonschema` crate), byte for byte the same on every run; entries carry their
//! fields, Markdown and the site's HTML, references and backlinks; a playbook with errors is not exported.

mod common;

use assert_cmd::Command;
use common::{Tree, TODAY};
use serde_json::Value;

fn export(root: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("playbook")
        .expect("binary")
        .env("PLAYBOOK_TODAY", TODAY)
        .args(["export", "json", "--root"])
        .arg(root)
        .args(args)
        .output()
        .expect("runs")
}

fn exported(root: &std::path::Path) -> (String, Value) {
    let out = export(root, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let json = serde_json::from_str(&text).expect("JSON");
    (text, json)
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&playbook::schema::export_schema()).expect("a valid schema")
}

#[test]
fn both_examples_export_valid_against_the_schema_and_identically_every_run() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let validator = validator();
    for dir in [root.to_path_buf(), root.join("examples/zh-CN")] {
        let (first, json) = exported(&dir);
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{e} at {}", e.instance_path))
            .take(10)
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", dir.display());
        assert_eq!(json["version"], 1);
        let kinds: std::collections::BTreeSet<&str> = json["entries"]
            .as_array()
            .expect("entries")
            .iter()
            .map(|e| e["kind"].as_str().expect("kind"))
            .collect();
        assert_eq!(kinds.len(), 7, "every kind: {kinds:?}");
        let (second, _) = exported(&dir);
        assert!(first == second, "two runs differ for {}", dir.display());

        let tree = Tree::empty();
        let file = tree.path().join("export.json");
        let out = export(&dir, &["--out", file.to_str().expect("path")]);
        assert!(out.status.success());
        assert!(out.stdout.is_empty(), "--out writes the file, not stdout");
        assert_eq!(std::fs::read_to_string(&file).expect("written"), first);
    }
}

#[test]
fn the_schema_rejects_an_export_that_lacks_or_adds_a_key() {
    let (_, json) = exported(env!("CARGO_MANIFEST_DIR").as_ref());
    let validator = validator();
    let mut missing = json.clone();
    missing.as_object_mut().expect("object").remove("version");
    assert!(!validator.is_valid(&missing));
    let mut extra = json.clone();
    extra["entries"][0]["fields"]["nickname"] = "x".into();
    assert!(!validator.is_valid(&extra));
    let mut wrong = json;
    wrong["entries"][0]["kind"] = "objection-ish".into();
    assert!(!validator.is_valid(&wrong));
}

#[test]
fn entries_carry_fields_markdown_html_references_backlinks_and_source() {
    let tree = Tree::minimal().file(
        "content/objections/price.md",
        "---\nobjection: It's too expensive\nstages: [discovery]\ntags: pricing\n---\nCompare with [the CFO](../personas/cfo.md).\n\n<script>alert(1)</script>\n",
    );
    let out = export(tree.path(), &[]);
    // The script is a warning (unsafe-html), not an error: the playbook is exported.
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let entries = json["entries"].as_array().expect("entries");
    let price = entries
        .iter()
        .find(|e| e["kind"] == "objection" && e["id"] == "price")
        .expect("price");
    assert_eq!(price["file"], "content/objections/price.md");
    assert_eq!(price["title"], "It's too expensive");
    assert_eq!(price["fields"]["stages"], serde_json::json!(["discovery"]));
    assert_eq!(price["fields"]["tags"], serde_json::json!(["pricing"]));
    let body = &price["body"];
    assert!(
        body["markdown"]
            .as_str()
            .is_some_and(|m| m.contains("[the CFO](../personas/cfo.md)")),
        "{body}"
    );
    let html = body["html"].as_str().expect("html");
    assert!(
        html.contains("href=\"personas/cfo.html\""),
        "links point at the site's pages: {html}"
    );
    assert!(
        !html.contains("<script"),
        "sanitized as on the site: {html}"
    );
    let references = price["references"].as_array().expect("references");
    assert!(references
        .contains(&serde_json::json!({"kind": "stage", "id": "discovery", "via": "stages"})));
    assert!(
        references.contains(&serde_json::json!({"kind": "persona", "id": "cfo", "via": "link"}))
    );
    let cfo = entries
        .iter()
        .find(|e| e["kind"] == "persona" && e["id"] == "cfo")
        .expect("cfo");
    assert!(
        cfo["backlinks"]
            .as_array()
            .expect("backlinks")
            .contains(&serde_json::json!({"kind": "objection", "id": "price", "via": "link"})),
        "{cfo:#}"
    );
    let basics = entries
        .iter()
        .find(|e| e["kind"] == "roleplay")
        .expect("roleplay");
    assert_eq!(basics["fields"]["pass_score"], 80);
    assert_eq!(
        basics["fields"]["questions"][0]["choices"][1]["correct"],
        true
    );
}

#[test]
fn a_playbook_with_errors_is_not_exported() {
    let tree = Tree::minimal().file(
        "content/objections/price.md",
        "---\nobjection: Too dear\n---\n",
    );
    let file = tree.path().join("out.json");
    let out = export(tree.path(), &["--out", file.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("missing-answer"), "{stderr}");
    assert!(stderr.contains("nothing was exported"), "{stderr}");
    assert!(!file.exists());
}
