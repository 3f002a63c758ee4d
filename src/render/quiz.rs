//! Role-play pages: the scenario and questions as HTML (readable without JavaScript), and the answer key
//! as JSON in a `<script type="application/json">` that the theme's `quiz.js` reads.
//!
//! The key's feedback, explanations and model answers are HTML made by the one Markdown path
//! ([`super::markdown`], sanitized unless the playbook trusts raw HTML), which `quiz.js` inserts as it is.

use serde::Serialize;

use super::data::{Choice, Question, QuestionKind, RoleplayPage};
use super::i18n::{Lang, Strings};
use super::index::{page_file, SiteIndex};
use super::pages::Cx;
use super::{Page, Section};
use crate::content::{Kind, QuestionAnswer, Roleplay};

/// Serializes `value` as JSON that is safe inside a `<script>` element: `<`, `>` and `&` (and the JavaScript
/// line separators) are written as `\u` escapes, so no text can close the element or open a comment.
///
/// Serializing fails only for a map whose keys are not strings, which no data of the site has; such a value
/// is written as `null`.
pub fn script_json<T: Serialize + ?Sized>(value: &T) -> String {
    let raw = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
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

/// The answer key `quiz.js` reads. Its fields, and those of the structs in it, are declared in alphabetical
/// order, the order the key has always been written in (a sorted JSON object).
#[derive(Serialize)]
struct QuizKey<'a> {
    id: &'a str,
    pass: u8,
    questions: Vec<KeyItem>,
    t: QuizStrings,
}

/// The key of one question: which choices are right and the feedback of each (HTML, null when none), or
/// the model answer and the number of rubric points.
#[derive(Serialize)]
#[serde(untagged)]
enum KeyItem {
    Choice {
        correct: Vec<usize>,
        explanation: Option<String>,
        feedback: Vec<Option<String>>,
        kind: QuestionKind,
    },
    Text {
        explanation: Option<String>,
        kind: QuestionKind,
        model_answer: String,
        rubric: usize,
    },
}

/// The UI strings `quiz.js` shows.
#[derive(Serialize)]
struct QuizStrings {
    best_score: &'static str,
    colon: &'static str,
    correct: &'static str,
    explanation: &'static str,
    incorrect: &'static str,
    /// Between the items of a short list (the unanswered questions): ", ", in Chinese "、".
    list_comma: &'static str,
    model_answer: &'static str,
    not_passed: &'static str,
    passed: &'static str,
    pick_first: &'static str,
    score: &'static str,
    score_line: &'static str,
}

impl QuizStrings {
    fn new(t: &'static Strings) -> Self {
        QuizStrings {
            best_score: t.best_score,
            correct: t.correct,
            explanation: t.explanation,
            incorrect: t.incorrect,
            list_comma: t.list_comma,
            model_answer: t.model_answer,
            not_passed: t.not_passed,
            passed: t.passed,
            pick_first: t.pick_first,
            score: t.score,
            score_line: t.score_line,
            colon: t.colon,
        }
    }
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
                questions.push(Question {
                    n,
                    kind: QuestionKind::Choice,
                    prompt: md(&q.prompt),
                    choices: choices
                        .iter()
                        .enumerate()
                        .map(|(j, c)| Choice {
                            n: j,
                            text: &c.text,
                        })
                        .collect(),
                    rubric: &[],
                    objection,
                });
                key.push(KeyItem::Choice {
                    correct: choices
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| c.correct)
                        .map(|(j, _)| j)
                        .collect(),
                    explanation,
                    feedback: choices
                        .iter()
                        .map(|c| c.feedback.as_ref().map(md))
                        .collect(),
                    kind: QuestionKind::Choice,
                });
            }
            QuestionAnswer::FreeText {
                model_answer,
                rubric,
            } => {
                questions.push(Question {
                    n,
                    kind: QuestionKind::Text,
                    prompt: md(&q.prompt),
                    choices: Vec::new(),
                    rubric,
                    objection,
                });
                key.push(KeyItem::Text {
                    explanation,
                    kind: QuestionKind::Text,
                    model_answer: md(model_answer),
                    rubric: rubric.len(),
                });
            }
        }
    }
    let quiz = QuizKey {
        id: &rp.meta.id,
        pass: rp.pass_score,
        questions: key,
        t: QuizStrings::new(cx.t()),
    };
    let (backlinks, backlinks_more) =
        cx.backlinks(&super::pages::about(Kind::Roleplay, &rp.meta.id, &rp.title));
    let data = RoleplayPage {
        id: &rp.meta.id,
        title: &rp.title,
        scenario: rp.scenario.as_ref().map(|s| cx.md(s, file, "scenario-")),
        persona: rp.persona.as_ref().map(|r| cx.link(Kind::Persona, &r.id)),
        segment: rp.segment.as_ref().map(|r| cx.link(Kind::Segment, &r.id)),
        stage: rp.stage.as_ref().map(|r| cx.link(Kind::Stage, &r.id)),
        pass_score: rp.pass_score,
        questions,
        notes: if rp.body.text.trim().is_empty() {
            None
        } else {
            Some(cx.md(&rp.body, file, "notes-"))
        },
        quiz_json: script_json(&quiz),
        backlinks,
        meta: cx.meta(&rp.meta),
        more: super::data::MoreLinks {
            backlinks: backlinks_more,
            ..Default::default()
        },
    };
    let mut page = Page::new(path, "roleplay.html", &rp.title, Section::Roleplays, &data);
    page.related = crate::lock::unpoisoned(cx.related.into_inner());
    page
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

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

    /// The key's bytes are those of a sorted JSON object (as it was written before it was typed), so the
    /// fields of its structs must stay in alphabetical order.
    #[test]
    fn quiz_key_is_written_with_sorted_fields() {
        let key = QuizKey {
            id: "rp",
            pass: 80,
            questions: vec![
                KeyItem::Choice {
                    correct: vec![1],
                    explanation: None,
                    feedback: vec![Some("<p>no</p>".into()), None],
                    kind: QuestionKind::Choice,
                },
                KeyItem::Text {
                    explanation: Some("<p>why</p>".into()),
                    kind: QuestionKind::Text,
                    model_answer: "<p>this</p>".into(),
                    rubric: 2,
                },
            ],
            t: QuizStrings::new(Lang::En.strings()),
        };
        let sorted = serde_json::to_value(&key).expect("a JSON value");
        assert_eq!(script_json(&key), script_json(&sorted));
        assert_eq!(sorted["questions"][1]["kind"], "text");
    }
}
