//! One borrowed view of an entry of any kind ([`Entry`]): its kind, id, meta and title, every Markdown text
//! it has and every reference its fields make, each with the field it is written in and where.
//!
//! This is the one place that knows which fields of a kind hold Markdown and which name other entries:
//! `check`, the entry [`Graph`](super::Graph) and the site read them from here. A new kind or a new
//! reference field is a change to this file (and the typed struct it reads), not to its readers.

use super::{
    plain, Kind, Markdown, Meta, Objection, Path, Persona, Playbook, QuestionAnswer, Roleplay,
    Segment, SellingPoint, Stage, STEP_FIELDS,
};
use crate::yaml::Pos;

/// An entry of any kind, by reference.
#[derive(Debug, Clone, Copy)]
pub enum Entry<'a> {
    /// A segment.
    Segment(&'a Segment),
    /// A persona.
    Persona(&'a Persona),
    /// A selling point.
    SellingPoint(&'a SellingPoint),
    /// A stage.
    Stage(&'a Stage),
    /// An objection.
    Objection(&'a Objection),
    /// A role-play.
    Roleplay(&'a Roleplay),
    /// A learning path.
    Path(&'a Path),
}

/// A Markdown text of an entry and the field it is written in (`body` for the text below the front
/// matter, `answer` for an objection's; a role-play question's fields as `questions.prompt`, …).
#[derive(Debug, Clone, Copy)]
pub struct Text<'a> {
    /// The field.
    pub field: &'static str,
    /// The text.
    pub markdown: &'a Markdown,
}

/// What a reference names: an entry of a kind, or a motion of `playbook.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// An entry of this kind.
    Entry(Kind),
    /// A motion declared in `playbook.yaml`.
    Motion,
}

/// A reference an entry's field makes, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference<'a> {
    /// The field, as written in the file (`questions.objection` for a role-play question's).
    pub field: &'static str,
    /// What it names.
    pub target: Target,
    /// The id, in NFC.
    pub id: &'a str,
    /// Where it is written.
    pub pos: Pos,
}

impl<'a> Entry<'a> {
    /// Its kind.
    pub fn kind(self) -> Kind {
        match self {
            Entry::Segment(_) => Kind::Segment,
            Entry::Persona(_) => Kind::Persona,
            Entry::SellingPoint(_) => Kind::SellingPoint,
            Entry::Stage(_) => Kind::Stage,
            Entry::Objection(_) => Kind::Objection,
            Entry::Roleplay(_) => Kind::Roleplay,
            Entry::Path(_) => Kind::Path,
        }
    }

    /// What every entry has.
    pub fn meta(self) -> &'a Meta {
        match self {
            Entry::Segment(e) => &e.meta,
            Entry::Persona(e) => &e.meta,
            Entry::SellingPoint(e) => &e.meta,
            Entry::Stage(e) => &e.meta,
            Entry::Objection(e) => &e.meta,
            Entry::Roleplay(e) => &e.meta,
            Entry::Path(e) => &e.meta,
        }
    }

    /// Its id.
    pub fn id(self) -> &'a str {
        &self.meta().id
    }

    /// The name people know the entry by.
    pub fn title(self) -> &'a str {
        match self {
            Entry::Segment(e) => &e.name,
            Entry::Persona(e) => &e.name,
            Entry::SellingPoint(e) => &e.title,
            Entry::Stage(e) => &e.title,
            Entry::Objection(e) => &e.objection,
            Entry::Roleplay(e) => &e.title,
            Entry::Path(e) => &e.title,
        }
    }

    /// The entry's one-line excerpt, as plain text cut to [`plain::EXCERPT_CHARS`]: an objection's answer, a
    /// stage's goal, a selling point's benefit, a role-play's scenario, a path's introduction (or who it
    /// is for), a segment's or persona's body; the body when a stage or selling point lacks the field.
    /// Search results show it under the title, and an entry's page has it as its meta description.
    /// Empty when the entry has no such text.
    pub fn excerpt(self) -> String {
        let md = |m: &Markdown| plain::excerpt(&m.text, plain::EXCERPT_CHARS);
        let or_body = |text: Option<&String>, body: &Markdown| match text {
            Some(t) if !t.trim().is_empty() => plain::cut(t, plain::EXCERPT_CHARS),
            _ => md(body),
        };
        match self {
            Entry::Segment(e) => md(&e.body),
            Entry::Persona(e) => md(&e.body),
            Entry::SellingPoint(e) => or_body(e.benefit.as_ref(), &e.body),
            Entry::Stage(e) => or_body(e.goal.as_ref(), &e.body),
            Entry::Objection(e) => md(&e.answer),
            Entry::Roleplay(e) => e.scenario.as_ref().map(md).unwrap_or_default(),
            Entry::Path(e) => {
                let intro = md(&e.body);
                match &e.audience {
                    Some(about) if intro.is_empty() => plain::cut(about, plain::EXCERPT_CHARS),
                    _ => intro,
                }
            }
        }
    }

    /// Every Markdown text of the entry, in the order of the file (the body first).
    pub fn texts(self) -> Vec<Text<'a>> {
        let text = |field, markdown| Text { field, markdown };
        match self {
            Entry::Segment(e) => vec![text("body", &e.body)],
            Entry::Persona(e) => vec![text("body", &e.body)],
            Entry::SellingPoint(e) => vec![text("body", &e.body)],
            Entry::Stage(e) => vec![text("body", &e.body)],
            Entry::Objection(e) => vec![text("answer", &e.answer)],
            Entry::Roleplay(e) => {
                let mut v = vec![text("body", &e.body)];
                v.extend(e.scenario.as_ref().map(|m| text("scenario", m)));
                for q in &e.questions {
                    v.push(text("questions.prompt", &q.prompt));
                    v.extend(
                        q.explanation
                            .as_ref()
                            .map(|m| text("questions.explanation", m)),
                    );
                    match &q.answer {
                        QuestionAnswer::Choices(cs) => v.extend(
                            cs.iter()
                                .filter_map(|c| c.feedback.as_ref())
                                .map(|m| text("questions.choices.feedback", m)),
                        ),
                        QuestionAnswer::FreeText { model_answer, .. } => {
                            v.push(text("questions.model_answer", model_answer))
                        }
                    }
                }
                v
            }
            Entry::Path(e) => std::iter::once(text("body", &e.body))
                .chain(
                    e.steps
                        .iter()
                        .filter_map(|s| s.body.as_ref())
                        .map(|m| text("steps.body", m)),
                )
                .collect(),
        }
    }

    /// Every reference the entry's fields make, field by field in the order of [`Entry::texts`]'s
    /// kind (each field's references in the order written). A stage's motion is one only when the stage
    /// names it (a playbook with one motion lets stages leave it out).
    pub fn refs(self) -> Vec<Reference<'a>> {
        fn to<'a>(
            field: &'static str,
            kind: Kind,
            refs: impl IntoIterator<Item = &'a super::Ref>,
        ) -> impl Iterator<Item = Reference<'a>> {
            refs.into_iter().map(move |r| Reference {
                field,
                target: Target::Entry(kind),
                id: &r.id,
                pos: r.pos,
            })
        }
        match self {
            Entry::Segment(_) | Entry::Persona(_) => Vec::new(),
            Entry::SellingPoint(e) => to("segments", Kind::Segment, &e.segments).collect(),
            Entry::Stage(e) => {
                let mut v: Vec<Reference<'a>> = e
                    .motion_pos
                    .map(|pos| Reference {
                        field: "motion",
                        target: Target::Motion,
                        id: &e.motion,
                        pos,
                    })
                    .into_iter()
                    .collect();
                v.extend(to("personas", Kind::Persona, &e.personas));
                v
            }
            Entry::Objection(e) => to("stages", Kind::Stage, &e.stages)
                .chain(to("segments", Kind::Segment, &e.segments))
                .chain(to("personas", Kind::Persona, &e.personas))
                .collect(),
            Entry::Roleplay(e) => to("persona", Kind::Persona, &e.persona)
                .chain(to("segment", Kind::Segment, &e.segment))
                .chain(to("stage", Kind::Stage, &e.stage))
                .chain(to(
                    "questions.objection",
                    Kind::Objection,
                    e.questions.iter().filter_map(|q| q.objection.as_ref()),
                ))
                .collect(),
            // Step by step, as written; each field's name is its place in the file (`steps.stages`).
            Entry::Path(e) => e
                .steps
                .iter()
                .flat_map(|s| {
                    s.study.iter().flat_map(|(kind, refs)| {
                        let field = STEP_FIELDS
                            .iter()
                            .find(|(_, _, k)| k == kind)
                            .map_or("steps", |(_, qualified, _)| qualified);
                        to(field, *kind, refs)
                    })
                })
                .collect(),
        }
    }
}

impl Playbook {
    /// Every entry, kind by kind in the order of [`Kind::ALL`], each kind in the playbook's order (by
    /// file, then position).
    pub fn entries(&self) -> impl Iterator<Item = Entry<'_>> {
        Kind::ALL.into_iter().flat_map(|k| self.entries_of(k))
    }

    /// Every entry of `kind`, in the playbook's order.
    pub fn entries_of(&self, kind: Kind) -> Box<dyn Iterator<Item = Entry<'_>> + '_> {
        match kind {
            Kind::Segment => Box::new(self.segments.iter().map(Entry::Segment)),
            Kind::Persona => Box::new(self.personas.iter().map(Entry::Persona)),
            Kind::SellingPoint => Box::new(self.selling_points.iter().map(Entry::SellingPoint)),
            Kind::Stage => Box::new(self.stages.iter().map(Entry::Stage)),
            Kind::Objection => Box::new(self.objections.iter().map(Entry::Objection)),
            Kind::Roleplay => Box::new(self.roleplays.iter().map(Entry::Roleplay)),
            Kind::Path => Box::new(self.paths.iter().map(Entry::Path)),
        }
    }

    /// The `index`th entry of `kind` (in the playbook's order).
    pub fn entry_at(&self, kind: Kind, index: usize) -> Option<Entry<'_>> {
        match kind {
            Kind::Segment => self.segments.get(index).map(Entry::Segment),
            Kind::Persona => self.personas.get(index).map(Entry::Persona),
            Kind::SellingPoint => self.selling_points.get(index).map(Entry::SellingPoint),
            Kind::Stage => self.stages.get(index).map(Entry::Stage),
            Kind::Objection => self.objections.get(index).map(Entry::Objection),
            Kind::Roleplay => self.roleplays.get(index).map(Entry::Roleplay),
            Kind::Path => self.paths.get(index).map(Entry::Path),
        }
    }

    /// How many entries of `kind` there are.
    pub fn count(&self, kind: Kind) -> usize {
        match kind {
            Kind::Segment => self.segments.len(),
            Kind::Persona => self.personas.len(),
            Kind::SellingPoint => self.selling_points.len(),
            Kind::Stage => self.stages.len(),
            Kind::Objection => self.objections.len(),
            Kind::Roleplay => self.roleplays.len(),
            Kind::Path => self.paths.len(),
        }
    }
}
