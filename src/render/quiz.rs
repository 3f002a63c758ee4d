//! Role-play pages: the scenario and questions as HTML (readable without JavaScript), and the answer key
//! as JSON in a `<script type="application/json">` that the theme's `quiz.js` reads.
//!
//! The key's feedback, explanations and model answers are HTML made by the one Markdown path
//! ([`super::markdown`], sanitized unless the playbook trusts raw HTML), which `quiz.js` inserts as it is.

use serde_json::{json, Value};

use super::i18n::Lang;
use super::index::{page_file, SiteIndex};
use super::pages::Cx;
use super::{Page, Section};
use crate::content::{Kind, QuestionAnswer, Roleplay};

/// Serializes `value` as JSON that is safe inside a `<script>` element: `<`, `>` and `&` (and the JavaScript
/// line separators) are written as `\u` escapes, so no text can close the element or open a comment.
pub fn script_json(value: &Value) -> String {
    let raw = value.to_string();
    let mut out = String::with_capacity(raw.len() + 16);
    for c in raw.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The `localStorage` key of a role-play's progress: per playbook (by title) and role-play.
pub(crate) fn progress_key(ix: &SiteIndex<'_>, id: &str) -> String {
    format!("playbook:{}:roleplay:{}", ix.config().title, id)
}

pub(crate) fn roleplay(ix: &SiteIndex<'_>, lang: Lang, rp: &Roleplay) -> Page {
    let path = page_file(Kind::Roleplay, &rp.meta.id);
    let cx = Cx::new(ix, lang, &path);
    let file = rp.meta.file.as_str();
    let mut questions = Vec::new();
    let mut key = Vec::new();
    for (i, q) in rp.questions.iter().enumerate() {
        let n = i + 1;
        let prefix = format!("q{n}-");
        let md = |m: &crate::content::Markdown| cx.md(m, file, &prefix);
        let explanation = q.explanation.as_ref().map(md);
        let objection = q
            .objection
            .as_ref()
            .map(|r| cx.link(Kind::Objection, &r.id));
        match &q.answer {
            QuestionAnswer::Choices(choices) => {
                questions.push(json!({
                    "n": n,
                    "kind": "choice",
                    "prompt": md(&q.prompt),
                    "choices": choices.iter().enumerate().map(|(j, c)| json!({"n": j, "text": c.text})).collect::<Vec<_>>(),
                    "rubric": [],
                    "objection": objection,
                }));
                key.push(json!({
                    "kind": "choice",
                    "correct": choices.iter().enumerate().filter(|(_, c)| c.correct).map(|(j, _)| j).collect::<Vec<_>>(),
                    "feedback": choices.iter().map(|c| c.feedback.as_ref().map(md)).collect::<Vec<_>>(),
                    "explanation": explanation,
                }));
            }
            QuestionAnswer::FreeText {
                model_answer,
                rubric,
            } => {
                questions.push(json!({
                    "n": n,
                    "kind": "text",
                    "prompt": md(&q.prompt),
                    "choices": [],
                    "rubric": rubric,
                    "objection": objection,
                }));
                key.push(json!({
                    "kind": "text",
                    "model_answer": md(model_answer),
                    "rubric": rubric.len(),
                    "explanation": explanation,
                }));
            }
        }
    }
    let quiz = json!({
        "id": rp.meta.id,
        "key": progress_key(ix, &rp.meta.id),
        "pass": rp.pass_score,
        "questions": key,
        "t": {
            "correct": cx.t().correct,
            "incorrect": cx.t().incorrect,
            "pick_first": cx.t().pick_first,
            "passed": cx.t().passed,
            "not_passed": cx.t().not_passed,
            "score": cx.t().score,
            "explanation": cx.t().explanation,
            "model_answer": cx.t().model_answer,
            "best_score": cx.t().best_score,
        },
    });
    let data = json!({
        "id": rp.meta.id,
        "title": rp.title,
        "scenario": rp.scenario.as_ref().map(|s| cx.md(s, file, "scenario-")),
        "persona": rp.persona.as_ref().map(|r| cx.link(Kind::Persona, &r.id)),
        "segment": rp.segment.as_ref().map(|r| cx.link(Kind::Segment, &r.id)),
        "stage": rp.stage.as_ref().map(|r| cx.link(Kind::Stage, &r.id)),
        "pass_score": rp.pass_score,
        "questions": questions,
        "notes": if rp.body.text.trim().is_empty() { None } else { Some(cx.md(&rp.body, file, "notes-")) },
        "quiz_json": script_json(&quiz),
        "progress_key": progress_key(ix, &rp.meta.id),
        "backlinks": cx.backlinks(Kind::Roleplay, &rp.meta.id),
        "meta": cx.meta(&rp.meta),
    });
    Page {
        path,
        template: "roleplay.html",
        title: rp.title.clone(),
        section: Section::Roleplays,
        data,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script() {
        let v = json!({"text": "</script><!-- & \u{2028}"});
        let s = script_json(&v);
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        let back: Value = serde_json::from_str(&s).expect("still JSON");
        assert_eq!(back, v);
    }
}
