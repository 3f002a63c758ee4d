//! The JSON Schema of `playbook export json` ([`crate::export::json`]): every key the export writes, each
//! required (the export writes `null` or `[]` for what an entry leaves out), no other key allowed.

use serde_json::{json, Map, Value};

use crate::content::{Kind, ROLES, STEP_FIELDS};

use super::fields::MODES;

/// An object of exactly `props`, each required.
fn object(props: Vec<(&str, Value)>) -> Value {
    let required: Vec<&str> = props.iter().map(|(name, _)| *name).collect();
    let properties: Map<String, Value> = props
        .into_iter()
        .map(|(name, schema)| (name.to_string(), schema))
        .collect();
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false
    })
}

fn string() -> Value {
    json!({ "type": "string" })
}

fn nullable_string() -> Value {
    json!({ "type": ["string", "null"] })
}

fn strings() -> Value {
    json!({ "type": "array", "items": { "type": "string" } })
}

fn text() -> Value {
    json!({ "$ref": "#/$defs/text" })
}

fn nullable_text() -> Value {
    json!({ "anyOf": [{ "$ref": "#/$defs/text" }, { "type": "null" }] })
}

fn decimal() -> Value {
    json!({ "$ref": "#/$defs/decimal" })
}

fn nullable_enum(values: &[&str]) -> Value {
    let mut all: Vec<Value> = values.iter().map(|v| json!(v)).collect();
    all.push(Value::Null);
    json!({ "enum": all })
}

/// The `fields` of an entry of `kind`: its own fields as the loader read them, then `owner`, `review_by`
/// and `tags`.
pub(crate) fn kind_fields(kind: Kind) -> Value {
    let mut props: Vec<(&str, Value)> = match kind {
        Kind::Segment => vec![
            ("name", string()),
            ("mode", nullable_enum(MODES)),
            ("criteria", strings()),
        ],
        Kind::Persona => vec![
            ("name", string()),
            ("role", nullable_enum(ROLES)),
            ("cares_about", strings()),
        ],
        Kind::SellingPoint => vec![
            ("title", string()),
            ("segments", strings()),
            ("feature", nullable_string()),
            ("benefit", nullable_string()),
            ("proof", strings()),
        ],
        Kind::Stage => vec![
            ("title", string()),
            ("motion", string()),
            ("order", json!({ "type": ["integer", "null"] })),
            ("goal", nullable_string()),
            ("entry", strings()),
            ("exit", strings()),
            (
                "actions",
                json!({ "type": "array", "items": object(vec![
                    ("do", string()),
                    ("owner", nullable_string()),
                    ("materials", strings()),
                    ("evidence", nullable_string()),
                ]) }),
            ),
            ("personas", strings()),
            ("conversion", decimal()),
            ("days", decimal()),
            ("stall_after", decimal()),
            ("review_questions", strings()),
        ],
        Kind::Objection => vec![
            ("objection", string()),
            ("aliases", strings()),
            ("stages", strings()),
            ("segments", strings()),
            ("personas", strings()),
            ("explore", strings()),
            ("proof", strings()),
            ("avoid", strings()),
        ],
        Kind::Roleplay => vec![
            ("title", string()),
            ("scenario", nullable_text()),
            ("persona", nullable_string()),
            ("segment", nullable_string()),
            ("stage", nullable_string()),
            (
                "pass_score",
                json!({ "type": "integer", "minimum": 0, "maximum": 100 }),
            ),
            (
                "questions",
                json!({ "type": "array", "items": { "$ref": "#/$defs/question" } }),
            ),
        ],
        Kind::Path => {
            let mut step = vec![
                ("title", string()),
                ("day", json!({ "type": ["integer", "null"], "minimum": 1 })),
                ("body", nullable_text()),
                ("drill", json!({ "type": "boolean" })),
            ];
            step.extend(STEP_FIELDS.iter().map(|(name, _, _)| (*name, strings())));
            vec![
                ("title", string()),
                ("audience", nullable_string()),
                ("steps", json!({ "type": "array", "items": object(step) })),
            ]
        }
    };
    props.extend([
        ("owner", nullable_string()),
        (
            "review_by",
            json!({ "type": ["string", "null"], "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" }),
        ),
        ("tags", strings()),
        (
            "visibility",
            json!({ "enum": ["public", "internal", null] }),
        ),
    ]);
    object(props)
}

/// A role-play question: a choice question (`choices`) or a free-text one (`model_answer`, `rubric`).
fn question() -> Value {
    let choice = object(vec![
        ("text", string()),
        ("correct", json!({ "type": "boolean" })),
        ("feedback", nullable_text()),
    ]);
    let base = || {
        vec![
            ("prompt", text()),
            ("objection", nullable_string()),
            ("explanation", nullable_text()),
        ]
    };
    let mut choices = base();
    choices.push(("choices", json!({ "type": "array", "items": choice })));
    let mut free = base();
    free.push(("model_answer", text()));
    free.push(("rubric", strings()));
    json!({ "oneOf": [object(choices), object(free)] })
}

/// An edge of the entry graph.
fn edge() -> Value {
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.key()).collect();
    object(vec![
        ("kind", json!({ "enum": kinds })),
        ("id", string()),
        (
            "via",
            json!({
                "description": "The field that names the entry (`segments`, `questions.objection`), or `link` for a Markdown link.",
                "type": "string"
            }),
        ),
    ])
}

fn entry(kind: Kind) -> Value {
    object(vec![
        ("kind", json!({ "const": kind.key() })),
        ("id", string()),
        ("title", string()),
        (
            "file",
            json!({ "description": "The source file, relative to the root.", "type": "string" }),
        ),
        (
            "line",
            json!({ "description": "The line where the entry starts.", "type": "integer", "minimum": 0 }),
        ),
        ("fields", kind_fields(kind)),
        (
            "body",
            json!({
                "description": "The Markdown body (an objection's answer) and its HTML.",
                "$ref": "#/$defs/text"
            }),
        ),
        (
            "references",
            json!({ "type": "array", "items": { "$ref": "#/$defs/edge" } }),
        ),
        (
            "backlinks",
            json!({ "type": "array", "items": { "$ref": "#/$defs/edge" } }),
        ),
    ])
}

/// The schema of the export.
pub fn export_schema() -> Value {
    let mut defs = Map::new();
    defs.insert(
        "text".into(),
        json!({
            "description": "A Markdown text and its HTML, rendered and sanitized as on the site (links to entries point at their pages, relative to the site's root).",
            "type": "object",
            "properties": { "markdown": { "type": "string" }, "html": { "type": "string" } },
            "required": ["markdown", "html"],
            "additionalProperties": false
        }),
    );
    defs.insert(
        "decimal".into(),
        json!({
            "description": "An exact decimal as text (`33.3`), or null.",
            "type": ["string", "null"],
            "pattern": "^[0-9]+(\\.[0-9]+)?$"
        }),
    );
    defs.insert("question".into(), question());
    defs.insert("edge".into(), edge());
    for kind in Kind::ALL {
        defs.insert(format!("{}Entry", kind.key()), entry(kind));
    }
    let entries: Vec<Value> = Kind::ALL
        .iter()
        .map(|k| json!({ "$ref": format!("#/$defs/{}Entry", k.key()) }))
        .collect();
    let motion = object(vec![
        ("id", string()),
        ("title", string()),
        ("description", nullable_string()),
        ("deal_size", decimal()),
        ("currency", nullable_string()),
    ]);
    let settings = object(vec![
        ("title", string()),
        ("description", nullable_string()),
        ("language", string()),
        ("output", string()),
        ("theme", string()),
        (
            "markdown",
            object(vec![(
                "raw_html",
                json!({ "enum": ["sanitized", "trusted"] }),
            )]),
        ),
    ]);
    let mut schema = object(vec![
        (
            "version",
            json!({
                "description": "The version of the export format.",
                "const": crate::export::json::VERSION
            }),
        ),
        (
            "generator",
            object(vec![
                ("name", json!({ "const": "playbook" })),
                ("version", string()),
            ]),
        ),
        ("settings", settings),
        ("motions", json!({ "type": "array", "items": motion })),
        (
            "entries",
            json!({ "type": "array", "items": { "oneOf": entries } }),
        ),
    ]);
    if let Some(object) = schema.as_object_mut() {
        object.insert("$schema".into(), json!(super::DRAFT));
        object.insert("title".into(), json!("playbook export json"));
        object.insert(
            "description".into(),
            json!("The whole playbook as one document (`playbook export json`): settings, motions, and every entry with its fields, Markdown texts and their HTML, references and backlinks."),
        );
        object.insert("$defs".into(), Value::Object(defs));
    }
    schema
}
