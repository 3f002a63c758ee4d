//! `playbook schema`: every example file (both example playbooks and the `init` starter) is valid against its
//! kind's JSON Schema, checked with an independent validator (the `jsonschema` crate); and mutated files that
//! `check` rejects for a field's type, an unknown field, a missing required field or a value outside a
//! closed set are rejected by the schema too.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::{Tree, TODAY};
use playbook::content::Kind;
use playbook::diagnostic::Code;
use playbook::yaml::{Node, Value as Yaml};
use serde_json::Value;

/// The YAML tree as JSON, as the YAML language server sees it.
fn to_json(node: &Node) -> Value {
    match &node.value {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(*b),
        Yaml::Int(i) => Value::from(*i),
        Yaml::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        Yaml::Str(s) => Value::String(s.clone()),
        Yaml::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        Yaml::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.name.clone(), to_json(v)))
                .collect(),
        ),
    }
}

/// The YAML of an entry file: the front matter of a `.md` file, the whole of a `.yaml` file.
fn entry_yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("read");
    let yaml = if path.extension().is_some_and(|e| e == "md") {
        let rest = text.strip_prefix("---\n").expect("front matter");
        let end = rest.find("\n---").expect("closed front matter");
        rest[..end + 1].to_string()
    } else {
        text
    };
    let parsed = playbook::yaml::parse(&yaml, 0);
    assert!(parsed.problems.is_empty(), "{}", path.display());
    to_json(parsed.root.as_ref().expect("a document"))
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::validator_for(schema).expect("a valid draft 2020-12 schema")
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect()
}

/// Every entry file of the playbook at `root`, with its kind.
fn entry_files(root: &Path) -> Vec<(Kind, PathBuf)> {
    let mut out = Vec::new();
    for kind in Kind::ALL {
        let dir = root.join("content").join(kind.folder());
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            let path = entry.into_path();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if matches!(ext, "md" | "yaml" | "yml") {
                out.push((kind, path));
            }
        }
    }
    out
}

fn assert_playbook_valid(root: &Path) -> usize {
    let config = validator(&playbook::schema::config_schema());
    let yaml = entry_yaml(&root.join("playbook.yaml"));
    let found = errors(&config, &yaml);
    assert!(
        found.is_empty(),
        "{}/playbook.yaml: {found:#?}",
        root.display()
    );
    let files = entry_files(root);
    for (kind, path) in &files {
        let schema = validator(&playbook::schema::kind_schema(*kind));
        let found = errors(&schema, &entry_yaml(path));
        assert!(found.is_empty(), "{}: {found:#?}", path.display());
    }
    files.len()
}

#[test]
fn every_example_file_is_valid_against_its_kinds_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let en = assert_playbook_valid(root);
    let zh = assert_playbook_valid(&root.join("examples/zh-CN"));
    assert!(en > 20 && zh > 20, "the examples were found: {en}, {zh}");
    let covered: std::collections::BTreeSet<&str> = entry_files(root)
        .iter()
        .chain(&entry_files(&root.join("examples/zh-CN")))
        .map(|(k, _)| k.key())
        .collect();
    assert_eq!(covered.len(), Kind::ALL.len(), "every kind: {covered:?}");
}

#[test]
fn the_init_starter_is_valid_and_init_writes_the_schemas_and_the_vscode_mapping() {
    let tree = Tree::empty();
    playbook::scaffold::init(tree.path(), false).expect("init");
    assert_playbook_valid(tree.path());
    for (name, text) in playbook::schema::files() {
        let path = tree.path().join(".playbook/schemas").join(&name);
        assert_eq!(std::fs::read_to_string(&path).ok(), Some(text), "{name}");
    }
    let settings: Value = serde_json::from_str(
        &std::fs::read_to_string(tree.path().join(".vscode/settings.json")).expect("settings"),
    )
    .expect("JSON");
    let schemas = settings["yaml.schemas"].as_object().expect("yaml.schemas");
    assert_eq!(
        schemas["./.playbook/schemas/objection.schema.json"],
        serde_json::json!([
            "content/objections/**/*.yaml",
            "content/objections/**/*.yml"
        ])
    );
    assert_eq!(
        schemas["./.playbook/schemas/playbook.schema.json"],
        serde_json::json!(["playbook.yaml"])
    );
    for path in schemas.keys() {
        assert!(tree.path().join(path).is_file(), "{path} exists");
    }
}

#[test]
fn the_schema_command_writes_one_file_per_kind_one_for_playbook_yaml_and_the_exports() {
    let tree = Tree::empty();
    let out = tree.path().join("schemas");
    Command::cargo_bin("playbook")
        .expect("binary")
        .args(["schema", "--out"])
        .arg(&out)
        .assert()
        .success();
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = Kind::ALL
        .iter()
        .map(|k| format!("{}.schema.json", k.key()))
        .collect();
    expected.push("playbook.schema.json".into());
    expected.push("export.schema.json".into());
    expected.sort();
    assert_eq!(names, expected);
    let objection: Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("objection.schema.json")).expect("read"),
    )
    .expect("JSON");
    assert_eq!(
        objection["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert!(
        objection["$defs"]["entry"]["properties"]["objection"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("customer's words")),
        "descriptions from the content model"
    );
    let persona: Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("persona.schema.json")).expect("read"),
    )
    .expect("JSON");
    assert_eq!(
        persona["$defs"]["entry"]["properties"]["role"]["enum"],
        serde_json::json!(playbook::content::ROLES)
    );
}

/// A file of `Tree::minimal()` replaced by a mutant: (path, text, the code `check` reports).
const MUTANTS: &[(&str, &str, Code)] = &[
    (
        "content/stages/discovery.md",
        "---\ntitle: Discovery\norder: first\nactions: [Ask]\npersonas: [cfo]\n---\n",
        Code::WrongType,
    ),
    (
        "content/objections/price.md",
        "---\nobjection: Too dear\nstagse: [discovery]\n---\nAnswer.\n",
        Code::UnknownField,
    ),
    (
        "content/segments/smb.md",
        "---\nname: SMB\nmode: intensive\ncriteria: {size: small}\n---\n",
        Code::WrongType,
    ),
    (
        "content/segments/smb.md",
        "---\nname: SMB\nmode: relaxed\n---\n",
        Code::InvalidValue,
    ),
    (
        "content/personas/cfo.md",
        "---\nname: CFO\nrole: boss\n---\n",
        Code::InvalidValue,
    ),
    (
        "content/selling-points/fast.md",
        "---\nsegments: [smb]\n---\nBody.\n",
        Code::MissingField,
    ),
    (
        "content/stages/discovery.md",
        "---\ntitle: Discovery\norder: 1\nactions:\n  - {do: Ask, when: early}\npersonas: [cfo]\n---\n",
        Code::UnknownField,
    ),
    (
        "content/stages/discovery.md",
        "---\ntitle: Discovery\norder: 1\nactions: [Ask]\npersonas: [cfo]\nconversion: many\n---\n",
        Code::InvalidValue,
    ),
    (
        "content/roleplays/basics.md",
        "---\ntitle: Basics\npass_score: 150\nquestions:\n  - prompt: Why?\n    choices: [a, {text: b, correct: true}]\n---\n",
        Code::InvalidValue,
    ),
    (
        "content/roleplays/basics.md",
        "---\ntitle: Basics\nquestions:\n  - prompt: Why?\n    choices: [a, {text: b, correct: yes}]\n---\n",
        Code::WrongType,
    ),
    (
        "content/roleplays/basics.md",
        "---\ntitle: Basics\nquestions:\n  - prompt: Why?\n    hint: think\n    choices: [a, {text: b, correct: true}]\n---\n",
        Code::UnknownField,
    ),
    (
        "content/roleplays/basics.md",
        "---\ntitle: Basics\nquestions: {prompt: Why?}\n---\n",
        Code::WrongType,
    ),
    (
        "content/objections/price.md",
        "---\nobjection: Too dear\nreview_by: next week\n---\nAnswer.\n",
        Code::InvalidValue,
    ),
    (
        "content/objections/price.md",
        "---\nobjection: [Too, dear]\n---\nAnswer.\n",
        Code::WrongType,
    ),
    (
        "content/paths/first-week.yaml",
        "title: First week\nsteps:\n  - title: Day one\n    day: 0\n    stages: [discovery]\n",
        Code::InvalidValue,
    ),
    (
        "content/paths/first-week.yaml",
        "title: First week\nsteps:\n  - title: Day one\n    drill: often\n    objections: [price]\n",
        Code::WrongType,
    ),
    (
        "content/paths/first-week.yaml",
        "- title: No id in a list\n  steps:\n    - {title: Day one, stages: [discovery]}\n",
        Code::MissingField,
    ),
    ("playbook.yaml", "titel: Minimal\n", Code::UnknownField),
    (
        "playbook.yaml",
        "title: Minimal\nmotions:\n  - {id: new, deal_sise: 100}\n",
        Code::UnknownField,
    ),
    (
        "playbook.yaml",
        "title: Minimal\nmarkdown: {raw_html: raw}\n",
        Code::InvalidValue,
    ),
    (
        "playbook.yaml",
        "title: Minimal\nlanguage: English (US)\n",
        Code::InvalidValue,
    ),
];

fn schema_of(path: &str) -> Value {
    if path == "playbook.yaml" {
        return playbook::schema::config_schema();
    }
    let folder = path.split('/').nth(1).expect("kind folder");
    let kind = Kind::ALL
        .into_iter()
        .find(|k| k.folder() == folder)
        .expect("kind");
    playbook::schema::kind_schema(kind)
}

#[test]
fn what_check_rejects_for_types_fields_and_closed_sets_the_schema_rejects_too() {
    let _ = TODAY;
    for (path, text, code) in MUTANTS {
        let tree = Tree::minimal().file(path, text);
        let report = tree.check();
        assert!(
            report
                .diagnostics
                .iter()
                .any(|d| d.code == *code && d.file == *path),
            "check reports {code} in {path}:\n{text}\n{:#?}",
            report.diagnostics
        );
        let yaml = entry_yaml(&tree.path().join(path));
        let schema = validator(&schema_of(path));
        assert!(
            !schema.is_valid(&yaml),
            "the schema rejects the mutant of {path} ({code}):\n{text}"
        );
    }
}

#[test]
fn the_unmutated_minimal_tree_is_valid_so_each_mutant_fails_for_its_mutation() {
    let tree = Tree::minimal().file(
        "content/paths/first-week.yaml",
        "title: First week\nsteps:\n  - {title: Day one, day: 1, drill: true, stages: [discovery], objections: [price], roleplays: [basics]}\n",
    );
    common::expect_clean(&tree.check());
    assert_playbook_valid(tree.path());
}

/// Whether some object in `schema` has a `$ref` beside other keywords.
fn ref_with_siblings(schema: &Value) -> Option<String> {
    match schema {
        Value::Object(map) => {
            if map.contains_key("$ref") && map.len() > 1 {
                return Some(format!("{map:?}"));
            }
            map.values().find_map(ref_with_siblings)
        }
        Value::Array(items) => items.iter().find_map(ref_with_siblings),
        _ => None,
    }
}

#[test]
fn editor_schemas_put_no_keyword_beside_a_ref() {
    // The YAML language server reads draft 7, which ignores a `description` beside a `$ref`.
    let mut schemas = vec![playbook::schema::config_schema()];
    schemas.extend(Kind::ALL.map(playbook::schema::kind_schema));
    for schema in &schemas {
        assert_eq!(ref_with_siblings(schema), None, "{}", schema["title"]);
    }
}
