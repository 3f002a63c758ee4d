//! One entry's fields, read into the typed struct of its kind.

use super::fields::{Fields, Range};
use super::text::{is_valid_id, nfc};
use super::{
    is_placeholder, Action, Choice, Date, Kind, Markdown, Meta, Motion, Objection, Path, Persona,
    Question, QuestionAnswer, Ref, Roleplay, Segment, SellingMode, SellingPoint, Stage, Step,
    Visibility, ROLES, STEP_FIELDS,
};
use crate::diagnostic::{Code, Diagnostic};
use crate::yaml::{Node, Pos, Value};

/// Any entry.
#[derive(Debug, Clone)]
pub(crate) enum AnyEntry {
    Segment(Segment),
    Persona(Persona),
    SellingPoint(SellingPoint),
    Stage(Stage),
    Objection(Objection),
    Roleplay(Roleplay),
    Path(Path),
}

/// Where an entry comes from.
pub(crate) struct Origin<'a> {
    pub file: &'a str,
    pub kind: Kind,
    /// The id from the file name (`None` inside a multi-entry file, where `id` is required).
    pub file_id: Option<&'a str>,
    /// The Markdown body of an `.md` entry, `None` for YAML entries (which use `body` / `answer`).
    pub body: Option<Markdown>,
    /// Where the body starts (or would), for a missing answer.
    pub body_pos: Pos,
    pub motions: &'a [Motion],
}

const COMMON: &[&str] = &["id", "owner", "review_by", "tags", "visibility"];

/// The fields of an action written as a mapping.
pub(crate) const ACTION: &[&str] = &["do", "owner", "materials", "evidence"];
/// The fields of a role-play question.
pub(crate) const QUESTION: &[&str] = &[
    "prompt",
    "objection",
    "explanation",
    "choices",
    "model_answer",
    "rubric",
];
/// The fields of a choice written as a mapping.
pub(crate) const CHOICE: &[&str] = &["text", "correct", "feedback"];

/// The fields of a learning path's step.
pub(crate) fn step() -> Vec<&'static str> {
    let mut known = vec!["title", "day", "body", "drill"];
    known.extend(STEP_FIELDS.iter().map(|(name, _, _)| *name));
    known
}

pub(crate) fn known_fields(kind: Kind, yaml: bool) -> Vec<&'static str> {
    let own: &[&str] = match kind {
        Kind::Segment => &["name", "mode", "criteria"],
        Kind::Persona => &["name", "role", "cares_about"],
        Kind::SellingPoint => &["title", "segments", "feature", "benefit", "proof"],
        Kind::Stage => &[
            "title",
            "motion",
            "order",
            "goal",
            "entry",
            "exit",
            "actions",
            "personas",
            "conversion",
            "days",
            "stall_after",
            "review_questions",
        ],
        Kind::Objection => &[
            "objection",
            "aliases",
            "stages",
            "segments",
            "personas",
            "explore",
            "proof",
            "avoid",
        ],
        Kind::Roleplay => &[
            "title",
            "scenario",
            "persona",
            "segment",
            "stage",
            "pass_score",
            "questions",
        ],
        Kind::Path => &["title", "audience", "steps"],
    };
    let mut known: Vec<&str> = own.iter().chain(COMMON).copied().collect();
    if yaml {
        known.push(if kind == Kind::Objection {
            "answer"
        } else {
            "body"
        });
    }
    known
}

/// Reads one entry. `fields` is its front matter or YAML mapping.
pub(crate) fn read_entry(origin: Origin<'_>, mut f: Fields<'_>) -> AnyEntry {
    let kind = origin.kind;
    let yaml = origin.body.is_none();
    let known = known_fields(kind, yaml);
    f.reject_unknown(&known, kind.a_name());
    let meta = read_meta(&origin, &mut f);
    let body = match origin.body.clone() {
        Some(body) => body,
        None => f.markdown("body").unwrap_or_default(),
    };
    match kind {
        Kind::Segment => AnyEntry::Segment(Segment {
            name: f.required_text("name", "a segment"),
            mode: f.one_of("mode", &["expert", "intensive"]).map(|m| {
                if m == "expert" {
                    SellingMode::Expert
                } else {
                    SellingMode::Intensive
                }
            }),
            criteria: f.text_list("criteria"),
            body,
            meta,
        }),
        Kind::Persona => AnyEntry::Persona(Persona {
            name: f.required_text("name", "a persona"),
            role: f.one_of("role", ROLES),
            cares_about: f.text_list("cares_about"),
            body,
            meta,
        }),
        Kind::SellingPoint => AnyEntry::SellingPoint(SellingPoint {
            title: f.required_text("title", "a selling point"),
            segments: f.ref_list("segments"),
            feature: f.text("feature"),
            benefit: f.text("benefit"),
            proof: f.text_list("proof"),
            body,
            meta,
        }),
        Kind::Stage => AnyEntry::Stage(read_stage(&origin, f, meta, body)),
        Kind::Objection => AnyEntry::Objection(read_objection(&origin, f, meta)),
        Kind::Roleplay => AnyEntry::Roleplay(read_roleplay(f, meta, body)),
        Kind::Path => AnyEntry::Path(read_path(f, meta, body)),
    }
}

fn read_meta(origin: &Origin<'_>, f: &mut Fields<'_>) -> Meta {
    let mut pos = f.pos;
    let id = match f.id("id") {
        Some(id) => {
            pos = f.node("id").map_or(pos, |n| n.pos);
            id
        }
        None => match origin.file_id {
            Some(id) => nfc(id).into_owned(),
            None => {
                f.missing(
                    Code::MissingField,
                    "id",
                    format!(
                        "each {} of a multi-entry file needs an `id`",
                        origin.kind.name()
                    ),
                );
                String::new()
            }
        },
    };
    if !id.is_empty() && !is_valid_id(&id) {
        let from_file = f.node("id").is_none();
        f.diags.push(
            Diagnostic::new(
                Code::InvalidId,
                f.file,
                Some(pos),
                format!("`{id}` is not a valid id"),
            )
            .with_label(if from_file {
                "the id comes from the file name"
            } else {
                "invalid id"
            })
            .with_note("ids may contain letters (of any script), digits, `-` and `_`"),
        );
    }
    let review_by = match f.text("review_by") {
        Some(s) => {
            let at = f.node("review_by").map_or(f.pos, |n| n.pos);
            match Date::parse(&s) {
                Some(d) => Some((d, at)),
                None => {
                    f.invalid(
                        at,
                        format!("`review_by` must be a date `YYYY-MM-DD`, found `{s}`"),
                        "not a date",
                    );
                    None
                }
            }
        }
        None => None,
    };
    Meta {
        id,
        file: origin.file.to_string(),
        pos,
        in_multi_file: origin.file_id.is_none(),
        owner: f.text("owner"),
        review_by,
        tags: f.text_list("tags"),
        visibility: f.node("visibility").map(|_| {
            f.one_of("visibility", &Visibility::NAMES)
                .and_then(|v| Visibility::from_name(&v))
                .unwrap_or(Visibility::Internal)
        }),
    }
}

fn read_stage(origin: &Origin<'_>, mut f: Fields<'_>, meta: Meta, body: Markdown) -> Stage {
    let title = f.required_text("title", "a stage");
    let motion_ref = f.reference("motion");
    let motion_pos = motion_ref.as_ref().map(|r| r.pos);
    let motion = match motion_ref {
        Some(r) => r.id,
        None if origin.motions.len() == 1 => origin.motions[0].id.clone(),
        None => {
            if f.node("motion").is_none() {
                f.missing(
                    Code::MissingField,
                    "motion",
                    "a stage needs a `motion` when the playbook has several motions".to_string(),
                );
            }
            String::new()
        }
    };
    let order = f.integer("order");
    if order.is_none() && f.node("order").is_none() {
        f.missing(
            Code::MissingField,
            "order",
            "a stage has no `order`".to_string(),
        );
    }
    let actions = f.list("actions", read_action);
    if actions.is_empty()
        && f.node("actions")
            .is_none_or(|n| matches!(&n.value, Value::Seq(v) if v.is_empty()))
    {
        f.missing(
            Code::MissingActions,
            "actions",
            format!("stage `{}` has no actions", meta.id),
        );
    }
    let conversion = f.decimal("conversion", Range::Percent);
    let days = f.decimal("days", Range::Positive).map(|d| d.0);
    let stall_after = f.decimal("stall_after", Range::Positive);
    if let (Some(days), Some((stall, pos))) = (days, stall_after) {
        if stall < days {
            f.invalid(
                pos,
                format!("`stall_after` ({stall}) is less than `days` ({days})"),
                "must be at least `days`",
            );
        }
    }
    Stage {
        title,
        motion,
        motion_pos,
        order: order.map(|o| o.0),
        order_pos: order.map_or(meta.pos, |o| o.1),
        goal: f.text("goal"),
        entry: f.text_list("entry"),
        exit: f.text_list("exit"),
        actions,
        personas: f.ref_list("personas"),
        conversion,
        days,
        stall_after: stall_after.map(|s| s.0),
        review_questions: f.text_list("review_questions"),
        body,
        meta,
    }
}

fn read_action(f: &mut Fields<'_>, node: &Node) -> Option<Action> {
    let action = match &node.value {
        Value::Map(_) => {
            let mut diags = Vec::new();
            let action = {
                let mut a = Fields::of(f.file, node, "an action", &mut diags)?;
                a.reject_unknown(ACTION, "an action");
                let text = a.required_text("do", "an action");
                Action {
                    text,
                    owner: a.text("owner"),
                    materials: a.text_list("materials"),
                    evidence: a.text("evidence"),
                }
            };
            f.diags.extend(diags);
            return Some(action);
        }
        _ => match node.as_text() {
            Some(text) => Action {
                text,
                owner: None,
                materials: Vec::new(),
                evidence: None,
            },
            None => {
                f.wrong_type("actions", node, "a string or a mapping with `do`");
                return None;
            }
        },
    };
    if is_placeholder(&action.text) {
        f.placeholder("actions", Some(node.pos));
    }
    Some(action)
}

fn read_objection(origin: &Origin<'_>, mut f: Fields<'_>, meta: Meta) -> Objection {
    let objection = f.required_text("objection", "an objection");
    let answer = match &origin.body {
        Some(body) => body.clone(),
        None => f.markdown("answer").unwrap_or_default(),
    };
    if answer.text.trim().is_empty() {
        let pos = if origin.body.is_some() {
            origin.body_pos
        } else {
            f.key_pos("answer").unwrap_or(f.pos)
        };
        let where_ = if origin.body.is_some() {
            "write the answer below the front matter"
        } else {
            "give the answer in an `answer` field"
        };
        f.diags.push(
            Diagnostic::new(
                Code::MissingAnswer,
                f.file,
                Some(pos),
                format!("objection `{}` has no answer", meta.id),
            )
            .with_label(where_),
        );
    } else if is_placeholder(&answer.text) {
        f.diags.push(
            Diagnostic::new(
                Code::Placeholder,
                f.file,
                Some(Pos::new(answer.line, 1)),
                format!("the answer to `{}` is only a placeholder", meta.id),
            )
            .with_label("write the real answer here"),
        );
    }
    Objection {
        objection,
        aliases: f.text_list("aliases"),
        stages: f.ref_list("stages"),
        segments: f.ref_list("segments"),
        personas: f.ref_list("personas"),
        explore: f.text_list("explore"),
        proof: f.text_list("proof"),
        avoid: f.text_list("avoid"),
        answer,
        meta,
    }
}

fn read_roleplay(mut f: Fields<'_>, meta: Meta, body: Markdown) -> Roleplay {
    let title = f.required_text("title", "a role-play");
    let pass_score = match f.integer("pass_score") {
        Some((s, _)) if (0..=100).contains(&s) => s as u8,
        Some((s, pos)) => {
            f.invalid(
                pos,
                format!("`pass_score` is a percentage from 0 to 100, found {s}"),
                "out of range",
            );
            80
        }
        None => 80,
    };
    let questions = match f.items("questions") {
        Some(items) => items
            .iter()
            .filter_map(|n| read_question(&mut f, n))
            .collect(),
        None => Vec::new(),
    };
    if questions.is_empty()
        && f.node("questions")
            .is_none_or(|n| matches!(&n.value, Value::Seq(v) if v.is_empty()))
    {
        f.missing(
            Code::MissingField,
            "questions",
            format!("role-play `{}` has no questions", meta.id),
        );
    }
    Roleplay {
        title,
        scenario: f.markdown("scenario"),
        persona: f.reference("persona"),
        segment: f.reference("segment"),
        stage: f.reference("stage"),
        pass_score,
        questions,
        body,
        meta,
    }
}

fn read_path(mut f: Fields<'_>, meta: Meta, body: Markdown) -> Path {
    let title = f.required_text("title", "a learning path");
    let steps: Vec<Step> = match f.items("steps") {
        Some(items) => items.iter().filter_map(|n| read_step(&mut f, n)).collect(),
        None => Vec::new(),
    };
    if steps.is_empty()
        && f.node("steps")
            .is_none_or(|n| matches!(&n.value, Value::Seq(v) if v.is_empty()))
    {
        f.missing(
            Code::MissingField,
            "steps",
            format!("learning path `{}` has no steps", meta.id),
        );
    }
    Path {
        title,
        audience: f.text("audience"),
        steps,
        body,
        meta,
    }
}

fn read_step(f: &mut Fields<'_>, node: &Node) -> Option<Step> {
    let mut diags = Vec::new();
    let step = {
        let mut s = Fields::of(f.file, node, "a step", &mut diags)?;
        s.reject_unknown(&step(), "a step");
        let title = s.required_text("title", "a step");
        let day = match s.integer("day") {
            Some((d, _)) if (1..=366).contains(&d) => Some(d as u32),
            Some((d, pos)) => {
                s.invalid(
                    pos,
                    format!("`day` is the day of the onboarding, from 1, found {d}"),
                    "out of range",
                );
                None
            }
            None => None,
        };
        let study: Vec<(Kind, Vec<Ref>)> = STEP_FIELDS
            .iter()
            .map(|(name, _, kind)| (*kind, s.ref_list(name)))
            .filter(|(_, refs)| !refs.is_empty())
            .collect();
        if study.is_empty() {
            s.diags.push(
                Diagnostic::new(
                    Code::EmptyStep,
                    s.file,
                    Some(node.pos),
                    format!("step `{title}` lists nothing to study"),
                )
                .with_label("this step has no entries")
                .with_note(
                    "list the entries to study by kind: `stages`, `objections`, `selling_points`, \
                     `segments`, `personas` or `roleplays`",
                ),
            );
        }
        Step {
            title,
            day,
            body: s.markdown("body"),
            drill: s.boolean("drill").unwrap_or(false),
            study,
            pos: node.pos,
        }
    };
    f.diags.extend(diags);
    Some(step)
}

fn read_question(f: &mut Fields<'_>, node: &Node) -> Option<Question> {
    let mut diags = Vec::new();
    let q = {
        let mut q = Fields::of(f.file, node, "a question", &mut diags)?;
        q.reject_unknown(QUESTION, "a question");
        let prompt_text = q.required_text("prompt", "a question");
        let prompt = Markdown::new(
            prompt_text,
            q.node("prompt").map_or(node.pos.line, |n| n.pos.line),
        );
        let has_choices = q.node("choices").is_some();
        let has_model = q.node("model_answer").is_some();
        let answer = if has_choices {
            if has_model {
                q.diags.push(
                    Diagnostic::new(
                        Code::QuestionKind,
                        q.file,
                        q.key_pos("model_answer"),
                        "a question has either `choices` or a `model_answer`, not both",
                    )
                    .with_label("remove this or the choices"),
                );
            }
            QuestionAnswer::Choices(read_choices(&mut q))
        } else if has_model {
            let model_answer = q.markdown("model_answer").unwrap_or_default();
            if is_placeholder(&model_answer.text) {
                q.placeholder("model_answer", None);
            }
            QuestionAnswer::FreeText {
                model_answer,
                rubric: q.text_list("rubric"),
            }
        } else {
            q.diags.push(
                Diagnostic::new(
                    Code::QuestionKind,
                    q.file,
                    Some(node.pos),
                    "a question needs `choices` or a `model_answer`",
                )
                .with_label("this question cannot be answered"),
            );
            QuestionAnswer::Choices(Vec::new())
        };
        Question {
            pos: node.pos,
            prompt,
            objection: q.reference("objection"),
            explanation: q.markdown("explanation"),
            answer,
        }
    };
    f.diags.extend(diags);
    Some(q)
}

fn read_choices(q: &mut Fields<'_>) -> Vec<Choice> {
    let choices_pos = q.node("choices").map_or(q.pos, |n| n.pos);
    let key_pos = q.key_pos("choices").unwrap_or(choices_pos);
    let choices = q.list("choices", |q, node| match &node.value {
        Value::Map(_) => {
            let mut diags = Vec::new();
            let choice = {
                let mut c = Fields::of(q.file, node, "a choice", &mut diags)?;
                c.reject_unknown(CHOICE, "a choice");
                Choice {
                    text: c.required_text("text", "a choice"),
                    correct: c.boolean("correct").unwrap_or(false),
                    feedback: c.markdown("feedback"),
                }
            };
            q.diags.extend(diags);
            Some(choice)
        }
        _ => match node.as_text() {
            Some(text) => Some(Choice {
                text,
                correct: false,
                feedback: None,
            }),
            None => {
                q.wrong_type("choices", node, "a string or a mapping with `text`");
                None
            }
        },
    });
    if choices.len() < 2 {
        q.diags.push(
            Diagnostic::new(
                Code::TooFewChoices,
                q.file,
                Some(key_pos),
                format!(
                    "a choice question needs at least two choices, found {}",
                    choices.len()
                ),
            )
            .with_label("add choices here"),
        );
    } else if !choices.iter().any(|c| c.correct) {
        q.diags.push(
            Diagnostic::new(
                Code::NoCorrectChoice,
                q.file,
                Some(key_pos),
                "no choice is marked `correct: true`",
            )
            .with_label("mark the right answer")
            .with_note("a right answer is written `- {text: ..., correct: true}`"),
        );
    }
    choices
}
