//! The content model: a playbook loaded from disk into typed entries that remember where they came from.
//!
//! Loading never stops at the first problem: every file is read, every problem becomes a
//! [`Diagnostic`](crate::diagnostic::Diagnostic), and whatever could be understood is kept, so that
//! `check` can also run the cross-reference rules on a partly broken tree.

mod audience;
mod codeowners;
mod config;
mod date;
mod entries;
mod entry;
mod fields;
mod graph;
mod history;
mod kind;
mod load;
pub mod markdown;
pub mod plain;
mod source;
mod text;

pub use audience::{Audience, Visibility};
pub use codeowners::{CodeOwners, CODEOWNERS_FILES};
pub use config::{Config, Motion, RawHtml, ReviewPolicy, CONFIG_FILE, DEFAULT_MOTION};
pub use date::Date;
#[cfg(test)]
pub(crate) use entries::known_fields;
pub use entry::{Entry, Reference, Target, Text};
pub use graph::{Edge, FileHolds, Graph, LinkEnd, Node, Via};
pub use history::{History, HistoryCache, HistoryError, LastChange};
pub use kind::{Kind, KindInfo, KINDS};
pub use load::{load, load_cached, load_changed, LoadCache, LoadError};
pub use markdown::{resolve_link, Link, LinkTarget};
pub use source::is_entry_file;
pub(crate) use source::{Leads, RealRoot};
pub use text::{is_placeholder, is_valid_id, nfc};

/// The loader's lists of known fields of nested mappings and `playbook.yaml`, which the schema table
/// (`crate::schema::fields`) is held to in a test.
#[cfg(test)]
pub(crate) mod field_lists {
    pub(crate) use super::config::{
        CONFIG_FIELDS as CONFIG, MARKDOWN_FIELDS as MARKDOWN, MOTION_FIELDS as MOTION,
        REVIEW_FIELDS as REVIEW,
    };
    pub(crate) use super::entries::{step, ACTION, CHOICE, QUESTION};
}

use crate::decimal::Decimal;
use crate::diagnostic::Diagnostic;
use crate::yaml::Pos;

/// A reference to another entry (or a motion) by id, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    /// The id as written, in Unicode NFC (see [`nfc`]).
    pub id: String,
    /// Where it was written.
    pub pos: Pos,
}

/// A Markdown text, the file line its first line is on, and its links.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Markdown {
    /// The Markdown source.
    pub text: String,
    /// The line of the file the text starts on.
    pub line: usize,
    /// Its links and images, found once when it is loaded (`check`, the site's link index and `serve`'s
    /// incremental builds all need them).
    pub links: Vec<markdown::Link>,
    /// Whether the text has anything the HTML policy may remove (found in the same parse as `links`):
    /// only such texts are sanitized and looked at by `check`'s `unsafe-html`.
    pub needs_cleaning: bool,
}

impl Markdown {
    /// The text `text`, starting on line `line` of its file.
    pub fn new(text: String, line: usize) -> Markdown {
        let scan = markdown::scan(&text, line);
        Markdown {
            text,
            line,
            links: scan.links,
            needs_cleaning: scan.needs_cleaning,
        }
    }
}

/// What every entry has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    /// The id, unique within the kind, in Unicode NFC (see [`nfc`]): from the `id` field or the file
    /// name, whichever spelling the file system returned.
    pub id: String,
    /// The file, relative to the root, `/`-separated.
    pub file: String,
    /// Where the entry starts (its first field), or where its id is set.
    pub pos: Pos,
    /// Whether the file holds several entries (links to it then need `#id`).
    pub in_multi_file: bool,
    /// Who keeps the entry true.
    pub owner: Option<String>,
    /// When it is due for review, and where that was written.
    pub review_by: Option<(Date, Pos)>,
    /// Free labels.
    pub tags: Vec<String>,
    /// Who may see it, when the entry says (`None`: `playbook.yaml`'s default, see
    /// [`Playbook::visibility`]). A value that is not `public` or `internal` is reported and read as
    /// `internal`, so that a typo never publishes an entry.
    pub visibility: Option<Visibility>,
}

/// A customer segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Common fields.
    pub meta: Meta,
    /// The segment's name.
    pub name: String,
    /// How it is sold to.
    pub mode: Option<SellingMode>,
    /// How to recognise a customer of the segment.
    pub criteria: Vec<String>,
    /// The body.
    pub body: Markdown,
}

/// Expert (consultative) or intensive (high-volume) selling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SellingMode {
    /// Few large deals, consultative.
    Expert,
    /// Many small deals, high volume.
    Intensive,
}

/// A buying role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Persona {
    /// Common fields.
    pub meta: Meta,
    /// Name.
    pub name: String,
    /// Buying role, one of [`ROLES`].
    pub role: Option<String>,
    /// What they care about.
    pub cares_about: Vec<String>,
    /// The body.
    pub body: Markdown,
}

/// The buying roles a persona may have.
pub const ROLES: &[&str] = &[
    "economic-buyer",
    "user-buyer",
    "technical-buyer",
    "coach",
    "influencer",
    "insider",
];

/// A selling point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SellingPoint {
    /// Common fields.
    pub meta: Meta,
    /// Title.
    pub title: String,
    /// Segments it is for.
    pub segments: Vec<Ref>,
    /// The feature.
    pub feature: Option<String>,
    /// What the feature does for the customer.
    pub benefit: Option<String>,
    /// Evidence.
    pub proof: Vec<String>,
    /// The body.
    pub body: Markdown,
}

/// A stage of a sales motion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    /// Common fields.
    pub meta: Meta,
    /// Title.
    pub title: String,
    /// The motion's id (resolved: the only motion when the stage names none).
    pub motion: String,
    /// Where the motion was named, if it was.
    pub motion_pos: Option<Pos>,
    /// Position in the motion (`None` when missing or not an integer: reported already).
    pub order: Option<i64>,
    /// Where `order` was written.
    pub order_pos: Pos,
    /// The goal.
    pub goal: Option<String>,
    /// Entry criteria.
    pub entry: Vec<String>,
    /// Exit criteria.
    pub exit: Vec<String>,
    /// What to do.
    pub actions: Vec<Action>,
    /// Whom to engage.
    pub personas: Vec<Ref>,
    /// Percent of the opportunities at this stage that reach the next stage of the motion (0 < x ≤ 100),
    /// with where it was written.
    pub conversion: Option<(Decimal, Pos)>,
    /// Typical days an opportunity spends in this stage (> 0).
    pub days: Option<Decimal>,
    /// Days after which a deal in this stage counts as stalled (≥ `days`).
    pub stall_after: Option<Decimal>,
    /// What a manager asks about a deal at this stage.
    pub review_questions: Vec<String>,
    /// The body.
    pub body: Markdown,
}

/// One action of a stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// What to do.
    pub text: String,
    /// Who does it.
    pub owner: Option<String>,
    /// What to use.
    pub materials: Vec<String>,
    /// What shows it was done.
    pub evidence: Option<String>,
}

/// An objection and its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Objection {
    /// Common fields.
    pub meta: Meta,
    /// The customer's words.
    pub objection: String,
    /// Other phrasings.
    pub aliases: Vec<String>,
    /// Stages where it comes up.
    pub stages: Vec<Ref>,
    /// Segments where it comes up.
    pub segments: Vec<Ref>,
    /// Personas who raise it.
    pub personas: Vec<Ref>,
    /// Questions to ask back.
    pub explore: Vec<String>,
    /// Evidence.
    pub proof: Vec<String>,
    /// What not to say.
    pub avoid: Vec<String>,
    /// The answer.
    pub answer: Markdown,
}

/// A quiz or role-play.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roleplay {
    /// Common fields.
    pub meta: Meta,
    /// Title.
    pub title: String,
    /// The situation.
    pub scenario: Option<Markdown>,
    /// The persona the trainer plays.
    pub persona: Option<Ref>,
    /// The segment.
    pub segment: Option<Ref>,
    /// The stage.
    pub stage: Option<Ref>,
    /// Percent needed to pass.
    pub pass_score: u8,
    /// The questions.
    pub questions: Vec<Question>,
    /// Notes for the trainer.
    pub body: Markdown,
}

/// A learning path: what a new hire studies, step by step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    /// Common fields.
    pub meta: Meta,
    /// Title.
    pub title: String,
    /// Who it is for, in words ("new SMB phone reps").
    pub audience: Option<String>,
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// An introduction.
    pub body: Markdown,
}

/// A step of a learning path: the entries to study, by kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Title.
    pub title: String,
    /// The day of an onboarding it belongs to (1, 2, …).
    pub day: Option<u32>,
    /// What to do, in Markdown.
    pub body: Option<Markdown>,
    /// Whether the step drills its objections as flashcards.
    pub drill: bool,
    /// The entries to study, by kind, in the order of [`STEP_FIELDS`].
    pub study: Vec<(Kind, Vec<Ref>)>,
    /// Where the step is written.
    pub pos: Pos,
}

/// The fields of a step that list entries to study (the field names used elsewhere for the same kinds),
/// as written in a step and as named in messages, and the kind each names.
pub const STEP_FIELDS: [(&str, &str, Kind); 6] = [
    ("segments", "steps.segments", Kind::Segment),
    ("personas", "steps.personas", Kind::Persona),
    ("selling_points", "steps.selling_points", Kind::SellingPoint),
    ("stages", "steps.stages", Kind::Stage),
    ("objections", "steps.objections", Kind::Objection),
    ("roleplays", "steps.roleplays", Kind::Roleplay),
];

impl Step {
    /// Every entry the step lists, with its kind.
    pub fn entries(&self) -> impl Iterator<Item = (Kind, &Ref)> {
        self.study
            .iter()
            .flat_map(|(kind, refs)| refs.iter().map(move |r| (*kind, r)))
    }
}

/// A role-play question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// Where the question starts.
    pub pos: Pos,
    /// The question.
    pub prompt: Markdown,
    /// The objection it drills.
    pub objection: Option<Ref>,
    /// Shown after answering.
    pub explanation: Option<Markdown>,
    /// How it is answered.
    pub answer: QuestionAnswer,
}

/// How a question is answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuestionAnswer {
    /// Pick one of the choices.
    Choices(Vec<Choice>),
    /// Type an answer, then compare with the model answer and tick the rubric.
    FreeText {
        /// The model answer.
        model_answer: Markdown,
        /// What a good answer contains.
        rubric: Vec<String>,
    },
}

/// One choice of a choice question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The text.
    pub text: String,
    /// Whether it is a right answer.
    pub correct: bool,
    /// Shown when picked.
    pub feedback: Option<Markdown>,
}

/// A loaded playbook.
#[derive(Debug, Clone, Default)]
pub struct Playbook {
    /// The root folder.
    pub root: std::path::PathBuf,
    /// `playbook.yaml`, or the defaults.
    pub config: Config,
    /// Segments, sorted by file then position.
    pub segments: Vec<Segment>,
    /// Personas.
    pub personas: Vec<Persona>,
    /// Selling points.
    pub selling_points: Vec<SellingPoint>,
    /// Stages.
    pub stages: Vec<Stage>,
    /// Objections.
    pub objections: Vec<Objection>,
    /// Role-plays.
    pub roleplays: Vec<Roleplay>,
    /// Learning paths.
    pub paths: Vec<Path>,
    /// Every file read (relative, `/`-separated, sorted) with its text, for diagnostics and link checks.
    pub files: Vec<SourceFile>,
    /// Problems found while loading.
    pub diagnostics: Vec<Diagnostic>,
    /// When each file last changed in Git (empty outside Git, and until [`crate::pipeline::Project`]
    /// reads it: loading alone never runs `git`).
    pub history: History,
    /// The `CODEOWNERS` rules that give entries without `owner` theirs (none until the pipeline reads them).
    pub codeowners: CodeOwners,
    /// The entry graph, built the first time [`Playbook::graph`] is called.
    graph: std::sync::OnceLock<Graph>,
}

/// A file of the playbook.
#[derive(Debug, Clone, Default)]
pub struct SourceFile {
    /// Relative to the root, `/`-separated.
    pub path: String,
    /// The text, when it was readable UTF-8 and kept: [`load`] keeps `playbook.yaml`'s and those of files
    /// with a problem found while loading (a report reads the others from disk when it shows their lines);
    /// [`load_cached`] keeps every text.
    pub text: Option<String>,
    /// The ids of the entries it holds, when it holds several.
    pub multi_ids: Vec<String>,
}

impl Playbook {
    /// The metas of every entry of `kind`.
    pub fn metas(&self, kind: Kind) -> Vec<&Meta> {
        match kind {
            Kind::Segment => self.segments.iter().map(|e| &e.meta).collect(),
            Kind::Persona => self.personas.iter().map(|e| &e.meta).collect(),
            Kind::SellingPoint => self.selling_points.iter().map(|e| &e.meta).collect(),
            Kind::Stage => self.stages.iter().map(|e| &e.meta).collect(),
            Kind::Objection => self.objections.iter().map(|e| &e.meta).collect(),
            Kind::Roleplay => self.roleplays.iter().map(|e| &e.meta).collect(),
            Kind::Path => self.paths.iter().map(|e| &e.meta).collect(),
        }
    }

    /// The file at `path` (relative, `/`-separated), if it was read.
    pub fn file(&self, path: &str) -> Option<&SourceFile> {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
            .map(|i| &self.files[i])
    }
}
