//! `playbook schema`: JSON Schemas (draft 2020-12) of `playbook.yaml` and of each kind's front matter or YAML
//! file, made from the one field table in [`fields`], for the YAML language server (completion and validation
//! while an author types); and the schema of `playbook export json`.

mod export;
pub mod fields;

use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

use crate::content::Kind;
pub use export::export_schema;
use fields::{Field, Type};

/// The folder `playbook init` writes the schemas to, relative to the root, and `schema` writes them to
/// when no `--out` is given.
pub const DEFAULT_DIR: &str = ".playbook/schemas";

/// The file name of `playbook.yaml`'s schema.
pub const CONFIG_SCHEMA: &str = "playbook.schema.json";

/// The file name of the export's schema.
pub const EXPORT_SCHEMA: &str = "export.schema.json";

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The file name of `kind`'s schema: `objection.schema.json`.
pub fn kind_schema_name(kind: Kind) -> String {
    format!("{}.schema.json", kind.key())
}

/// A string of an integer, as the loader accepts one (`"3"`).
const INTEGER_TEXT: &str = r"^\s*[+-]?[0-9]+\s*$";
/// A string of a decimal (`"12.5"`).
const DECIMAL_TEXT: &str = r"^\s*[0-9]+(\.[0-9]+)?\s*$";
/// A string of a percentage (`"40%"`, `"33.3"`).
const PERCENT_TEXT: &str = r"^\s*[0-9]+(\.[0-9]+)?\s*%?\s*$";

/// A scalar read as text: a string, or a number or boolean, which counts as its text. Written out where it
/// is used, not as a `$ref`: the YAML language server reads JSON Schema draft 7, where keywords beside a
/// `$ref` (a field's `description`) are ignored.
fn scalar() -> Value {
    json!({ "type": ["string", "number", "boolean"] })
}

/// A list of scalars; a single scalar counts as a one-item list.
fn scalar_list() -> Value {
    json!({ "anyOf": [scalar(), { "type": "array", "items": scalar() }] })
}

/// The schema of one field's value.
fn type_schema(ty: Type) -> Value {
    match ty {
        Type::Text | Type::Markdown | Type::Id => scalar(),
        Type::TextList | Type::IdList => scalar_list(),
        Type::Integer(min, max) => {
            let mut number = json!({ "type": "integer" });
            if let Some(min) = min {
                number["minimum"] = min.into();
            }
            if let Some(max) = max {
                number["maximum"] = max.into();
            }
            json!({ "anyOf": [number, { "type": "string", "pattern": INTEGER_TEXT }] })
        }
        Type::Positive => json!({ "anyOf": [
            { "type": "number", "exclusiveMinimum": 0 },
            { "type": "string", "pattern": DECIMAL_TEXT }
        ] }),
        Type::Percent => json!({ "anyOf": [
            { "type": "number", "exclusiveMinimum": 0, "maximum": 100 },
            { "type": "string", "pattern": PERCENT_TEXT }
        ] }),
        Type::Bool => json!({ "type": "boolean" }),
        Type::OneOf(values) => json!({ "type": "string", "enum": values }),
        Type::Date => json!({ "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" }),
        Type::Language => {
            json!({ "type": "string", "pattern": "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$" })
        }
        Type::Currency => json!({ "type": "string", "pattern": "^[A-Z]{3}$" }),
        Type::Object(fields) => object_schema(fields.iter()),
        Type::Items {
            fields,
            bare_text,
            min,
        } => {
            let object = object_schema(fields.iter());
            let item = if bare_text {
                json!({ "anyOf": [scalar(), object] })
            } else {
                object
            };
            let mut list = json!({ "type": "array", "items": item });
            if min > 0 {
                list["minItems"] = min.into();
            }
            if bare_text {
                // A single text counts as a one-item list (a single mapping does not).
                json!({ "anyOf": [scalar(), list] })
            } else {
                list
            }
        }
    }
}

/// A mapping of `fields`, no other key allowed (as `check` reports `unknown-field`).
fn object_schema<'a>(fields: impl Iterator<Item = &'a Field>) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for f in fields {
        let mut schema = type_schema(f.ty);
        schema["description"] = f.doc.into();
        properties.insert(f.name.into(), schema);
        if f.required {
            required.push(f.name);
        }
    }
    let mut object = json!({
        "type": "object",
        "properties": properties,
        "additionalProperties": false
    });
    if !required.is_empty() {
        object["required"] = json!(required);
    }
    object
}

fn document(title: &str, description: String, defs: Map<String, Value>, body: Value) -> Value {
    let mut schema = json!({
        "$schema": DRAFT,
        "title": title,
        "description": description,
    });
    if !defs.is_empty() {
        schema["$defs"] = Value::Object(defs);
    }
    if let (Some(schema), Value::Object(body)) = (schema.as_object_mut(), body) {
        schema.extend(body);
    }
    schema
}

/// The schema of `playbook.yaml`.
pub fn config_schema() -> Value {
    document(
        "playbook.yaml",
        "The configuration of a playbook (docs/content-model.md). Unknown fields are errors."
            .into(),
        Map::new(),
        object_schema(fields::CONFIG.iter()),
    )
}

/// The schema of `kind`'s front matter (`.md`) or YAML file (`.yaml`: one entry, or a list of entries
/// each with an `id`).
pub fn kind_schema(kind: Kind) -> Value {
    let mut defs = Map::new();
    let body = fields::body_field(kind);
    let all = fields::own_fields(kind)
        .iter()
        .chain(fields::COMMON)
        .chain(std::iter::once(&body));
    defs.insert("entry".into(), object_schema(all));
    document(
        &format!("playbook {}", kind.name()),
        format!(
            "The front matter of a Markdown file under `content/{}/`, or a YAML file there: one entry, or a \
             list of entries each with an `id` (docs/content-model.md). Unknown fields are errors.",
            kind.folder()
        ),
        defs,
        json!({
            "anyOf": [
                { "$ref": "#/$defs/entry" },
                {
                    "type": "array",
                    "items": { "allOf": [{ "$ref": "#/$defs/entry" }, { "required": ["id"] }] }
                }
            ]
        }),
    )
}

/// Every schema file: its name and its text (pretty JSON, keys sorted, ending in a newline).
pub fn files() -> Vec<(String, String)> {
    let mut out = vec![(CONFIG_SCHEMA.to_string(), config_schema())];
    out.extend(
        Kind::ALL
            .iter()
            .map(|&k| (kind_schema_name(k), kind_schema(k))),
    );
    out.push((EXPORT_SCHEMA.to_string(), export_schema()));
    out.into_iter()
        .map(|(name, schema)| {
            let text = serde_json::to_string_pretty(&schema).unwrap_or_default();
            (name, format!("{text}\n"))
        })
        .collect()
}

/// Writes every schema file into `dir` (created if missing), replacing older versions of them (they are
/// generated); returns the paths written.
pub fn write(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for (name, text) in files() {
        let path = dir.join(name);
        std::fs::write(&path, text)?;
        written.push(path);
    }
    Ok(written)
}

/// The `.vscode/settings.json` of a new playbook: `yaml.schemas` maps each schema in [`DEFAULT_DIR`] to the
/// YAML files it describes (the YAML language server does not read Markdown front matter).
pub fn vscode_settings() -> String {
    let mut schemas = Map::new();
    schemas.insert(
        format!("./{DEFAULT_DIR}/{CONFIG_SCHEMA}"),
        json!(["playbook.yaml"]),
    );
    for kind in Kind::ALL {
        let folder = kind.folder();
        schemas.insert(
            format!("./{DEFAULT_DIR}/{}", kind_schema_name(kind)),
            json!([
                format!("content/{folder}/**/*.yaml"),
                format!("content/{folder}/**/*.yml")
            ]),
        );
    }
    let settings = json!({ "yaml.schemas": schemas });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&settings).unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(fields: &[Field]) -> Vec<&'static str> {
        let mut names: Vec<&str> = fields.iter().map(|f| f.name).collect();
        names.sort_unstable();
        names
    }

    fn sorted(list: &[&'static str]) -> Vec<&'static str> {
        let mut list = list.to_vec();
        list.sort_unstable();
        list
    }

    #[test]
    fn the_table_names_exactly_the_fields_the_loader_knows() {
        for kind in Kind::ALL {
            let mut table: Vec<Field> = fields::own_fields(kind).to_vec();
            table.extend(fields::COMMON);
            table.push(fields::body_field(kind));
            assert_eq!(
                names(&table),
                sorted(&crate::content::known_fields(kind, true)),
                "{kind:?}"
            );
        }
        use crate::content::field_lists as loader;
        assert_eq!(names(fields::CONFIG), sorted(loader::CONFIG));
        assert_eq!(names(fields::MOTION), sorted(loader::MOTION));
        assert_eq!(names(fields::MARKDOWN), sorted(loader::MARKDOWN));
        assert_eq!(names(fields::REVIEW), sorted(loader::REVIEW));
        assert_eq!(names(fields::ACTION), sorted(loader::ACTION));
        assert_eq!(names(fields::QUESTION), sorted(loader::QUESTION));
        assert_eq!(names(fields::CHOICE), sorted(loader::CHOICE));
        assert_eq!(names(fields::STEP), sorted(&loader::step()));
    }

    #[test]
    fn the_exports_fields_are_the_fields_authors_write() {
        for kind in Kind::ALL {
            let fields = export::kind_fields(kind);
            let mut exported: Vec<&str> = fields["properties"]
                .as_object()
                .map(|p| p.keys().map(String::as_str).collect())
                .unwrap_or_default();
            exported.sort_unstable();
            let mut written: Vec<&str> = fields::own_fields(kind)
                .iter()
                .chain(fields::COMMON)
                .map(|f| f.name)
                .filter(|name| *name != "id")
                .collect();
            written.sort_unstable();
            assert_eq!(exported, written, "{kind:?}");
        }
    }
}
