//! `playbook export json`: the whole loaded playbook as one JSON document, for other tools. Settings,
//! motions, and every entry with its kind, id, source file, fields, Markdown texts with their HTML (rendered
//! as the site renders them), and references and backlinks from the entry graph. Its JSON Schema is
//! [`crate::schema::export_schema`]; `version` is the version of this format.
//!
//! Ordering is the playbook's (kinds in their order, entries by file then position, references as the graph
//! keeps them) and object keys are sorted, so the same playbook gives the same bytes on every run.

use serde_json::{json, Value};

use crate::content::{
    Action, Choice, Edge, Entry, Kind, Markdown, Meta, Node, Playbook, Question, QuestionAnswer,
    Ref, SellingMode, Via, STEP_FIELDS,
};
use crate::decimal::Decimal;

/// The version of the export format: raised when a field changes meaning or is removed (adding one does
/// not raise it).
pub const VERSION: u32 = 1;

type Render<'r> = &'r dyn Fn(&str, &str) -> String;

/// The export of `pb`, pretty-printed, ending in a newline. Characters that act on a terminal are written
/// as `\u` escapes, as in `check --format json`.
pub fn to_json(pb: &Playbook) -> String {
    let document = crate::render::markdown::with_renderer(pb, |render| document(pb, render));
    let text = serde_json::to_string_pretty(&document).unwrap_or_default();
    format!("{}\n", crate::report::escape_json_controls(text))
}

fn document(pb: &Playbook, render: Render<'_>) -> Value {
    let config = &pb.config;
    let raw_html = match config.raw_html {
        crate::content::RawHtml::Sanitized => "sanitized",
        crate::content::RawHtml::Trusted => "trusted",
    };
    let motions: Vec<Value> = config
        .motions
        .iter()
        .map(|m| {
            json!({
                "id": m.id,
                "title": m.title,
                "description": m.description,
                "deal_size": m.deal_size.map(decimal),
                "currency": m.currency,
            })
        })
        .collect();
    let entries: Vec<Value> = Kind::ALL
        .into_iter()
        .flat_map(|kind| {
            pb.entries_of(kind)
                .enumerate()
                .map(move |(index, entry)| (Node { kind, index }, entry))
        })
        .map(|(node, entry)| entry_json(pb, node, entry, render))
        .collect();
    json!({
        "version": VERSION,
        "generator": { "name": "playbook", "version": env!("CARGO_PKG_VERSION") },
        "settings": {
            "title": config.title,
            "description": config.description,
            "language": config.language,
            "output": config.output,
            "theme": config.theme,
            "markdown": { "raw_html": raw_html },
        },
        "motions": motions,
        "entries": entries,
    })
}

/// A decimal as its exact text (`"33.3"`): JSON numbers are read as floating point by most tools.
fn decimal(d: Decimal) -> String {
    d.to_string()
}

fn ids(refs: &[Ref]) -> Vec<&str> {
    refs.iter().map(|r| r.id.as_str()).collect()
}

fn id(r: &Option<Ref>) -> Option<&str> {
    r.as_ref().map(|r| r.id.as_str())
}

/// A Markdown text and its HTML.
fn text(md: &Markdown, file: &str, render: Render<'_>) -> Value {
    json!({ "markdown": md.text, "html": render(&md.text, file) })
}

fn edges(pb: &Playbook, edges: &[Edge]) -> Vec<Value> {
    edges
        .iter()
        .filter_map(|e| {
            let target = pb.entry_at(e.node.kind, e.node.index)?;
            let via = match e.via {
                Via::Field(field) => field,
                Via::Link => "link",
            };
            Some(json!({ "kind": e.node.kind.key(), "id": target.id(), "via": via }))
        })
        .collect()
}

fn common(meta: &Meta) -> Value {
    json!({
        "owner": meta.owner,
        "review_by": meta.review_by.map(|(d, _)| d.to_string()),
        "tags": meta.tags,
        "visibility": meta.visibility.map(|v| v.name()),
    })
}

fn entry_json(pb: &Playbook, node: Node, entry: Entry<'_>, render: Render<'_>) -> Value {
    let meta = entry.meta();
    let file = meta.file.as_str();
    let (fields, body) = match entry {
        Entry::Segment(e) => (
            json!({
                "name": e.name,
                "mode": e.mode.map(|m| match m {
                    SellingMode::Expert => "expert",
                    SellingMode::Intensive => "intensive",
                }),
                "criteria": e.criteria,
            }),
            &e.body,
        ),
        Entry::Persona(e) => (
            json!({ "name": e.name, "role": e.role, "cares_about": e.cares_about }),
            &e.body,
        ),
        Entry::SellingPoint(e) => (
            json!({
                "title": e.title,
                "segments": ids(&e.segments),
                "feature": e.feature,
                "benefit": e.benefit,
                "proof": e.proof,
            }),
            &e.body,
        ),
        Entry::Stage(e) => (
            json!({
                "title": e.title,
                "motion": e.motion,
                "order": e.order,
                "goal": e.goal,
                "entry": e.entry,
                "exit": e.exit,
                "actions": e.actions.iter().map(action).collect::<Vec<_>>(),
                "personas": ids(&e.personas),
                "conversion": e.conversion.map(|(d, _)| decimal(d)),
                "days": e.days.map(decimal),
                "stall_after": e.stall_after.map(decimal),
                "review_questions": e.review_questions,
            }),
            &e.body,
        ),
        Entry::Objection(e) => (
            json!({
                "objection": e.objection,
                "aliases": e.aliases,
                "stages": ids(&e.stages),
                "segments": ids(&e.segments),
                "personas": ids(&e.personas),
                "explore": e.explore,
                "proof": e.proof,
                "avoid": e.avoid,
            }),
            &e.answer,
        ),
        Entry::Roleplay(e) => (
            json!({
                "title": e.title,
                "scenario": e.scenario.as_ref().map(|m| text(m, file, render)),
                "persona": id(&e.persona),
                "segment": id(&e.segment),
                "stage": id(&e.stage),
                "pass_score": e.pass_score,
                "questions": e.questions.iter().map(|q| question(q, file, render)).collect::<Vec<_>>(),
            }),
            &e.body,
        ),
        Entry::Path(e) => (
            json!({
                "title": e.title,
                "audience": e.audience,
                "steps": e.steps.iter().map(|s| {
                    let mut step = json!({
                        "title": s.title,
                        "day": s.day,
                        "body": s.body.as_ref().map(|m| text(m, file, render)),
                        "drill": s.drill,
                    });
                    for (name, _, kind) in STEP_FIELDS {
                        let listed: Vec<&str> = s
                            .study
                            .iter()
                            .filter(|(k, _)| *k == kind)
                            .flat_map(|(_, refs)| ids(refs))
                            .collect();
                        step[name] = json!(listed);
                    }
                    step
                }).collect::<Vec<_>>(),
            }),
            &e.body,
        ),
    };
    let mut fields = fields;
    if let (Some(fields), Value::Object(common)) = (fields.as_object_mut(), common(meta)) {
        fields.extend(common);
    }
    let graph = pb.graph();
    json!({
        "kind": entry.kind().key(),
        "id": meta.id,
        "title": entry.title(),
        "file": file,
        "line": meta.pos.line,
        "fields": fields,
        "body": text(body, file, render),
        "references": edges(pb, graph.references(node)),
        "backlinks": edges(pb, graph.backlinks(node)),
    })
}

fn action(a: &Action) -> Value {
    json!({ "do": a.text, "owner": a.owner, "materials": a.materials, "evidence": a.evidence })
}

fn question(q: &Question, file: &str, render: Render<'_>) -> Value {
    let mut out = json!({
        "prompt": text(&q.prompt, file, render),
        "objection": id(&q.objection),
        "explanation": q.explanation.as_ref().map(|m| text(m, file, render)),
    });
    match &q.answer {
        QuestionAnswer::Choices(choices) => {
            out["choices"] = json!(choices
                .iter()
                .map(|c| choice(c, file, render))
                .collect::<Vec<_>>());
        }
        QuestionAnswer::FreeText {
            model_answer,
            rubric,
        } => {
            out["model_answer"] = text(model_answer, file, render);
            out["rubric"] = json!(rubric);
        }
    }
    out
}

fn choice(c: &Choice, file: &str, render: Render<'_>) -> Value {
    json!({
        "text": c.text,
        "correct": c.correct,
        "feedback": c.feedback.as_ref().map(|m| text(m, file, render)),
    })
}
