//! The one table of fields the schemas are made from: for `playbook.yaml` and each kind, every field with its
//! type, whether it is required, and its description (the words of docs/content-model.md). The loader keeps
//! its own lists of known fields; a test holds this table to them, so the two cannot drift apart.

use crate::content::{Kind, ROLES};

/// What a field holds, as the loader reads it.
#[derive(Debug, Clone, Copy)]
pub enum Type {
    /// A scalar read as text (a number or a boolean counts as its text).
    Text,
    /// A scalar read as Markdown.
    Markdown,
    /// A list of texts; a single text counts as a one-item list.
    TextList,
    /// One id.
    Id,
    /// A list of ids; a single id counts as a one-item list.
    IdList,
    /// An integer (or a string of one), within the bounds.
    Integer(Option<i64>, Option<i64>),
    /// A number > 0 (or a string of one).
    Positive,
    /// A percentage, 0 < x ≤ 100: a number, a string of one, or `"40%"`.
    Percent,
    /// `true` or `false`.
    Bool,
    /// One of a closed set of strings.
    OneOf(&'static [&'static str]),
    /// A date `YYYY-MM-DD`.
    Date,
    /// A BCP 47 language tag.
    Language,
    /// An ISO 4217 code: three capital letters.
    Currency,
    /// A list of items, each a text or a mapping of `fields` (`text_key` names the field a bare text
    /// stands for); at least `min` items.
    Items {
        /// The fields of an item written as a mapping.
        fields: &'static [Field],
        /// Whether an item may be a bare text.
        bare_text: bool,
        /// The fewest items.
        min: usize,
    },
    /// A mapping of `fields`.
    Object(&'static [Field]),
}

/// One field.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// Its name.
    pub name: &'static str,
    /// What it holds.
    pub ty: Type,
    /// Whether `check` reports it missing.
    pub required: bool,
    /// What it means.
    pub doc: &'static str,
}

const fn field(name: &'static str, ty: Type, doc: &'static str) -> Field {
    Field {
        name,
        ty,
        required: false,
        doc,
    }
}

const fn required(name: &'static str, ty: Type, doc: &'static str) -> Field {
    Field {
        name,
        ty,
        required: true,
        doc,
    }
}

/// The segment modes.
pub const MODES: &[&str] = &["expert", "intensive"];

/// The fields of `playbook.yaml`.
pub const CONFIG: &[Field] = &[
    field("title", Type::Text, "Shown on every page (default: `Sales playbook`)."),
    field("description", Type::Text, "One line under the title."),
    field(
        "language",
        Type::Language,
        "The BCP 47 language tag of the content and of the site's UI strings (`en`, `zh-CN`; default `en`).",
    ),
    field(
        "motions",
        Type::Items { fields: MOTION, bare_text: false, min: 0 },
        "The sales motions, each with its own stage list (default: one implicit motion `default`).",
    ),
    field(
        "output",
        Type::Text,
        "Where `build` writes the site, relative to the root (default `public`).",
    ),
    field("theme", Type::Text, "The theme folder under `themes/` (default `default`)."),
    field(
        "markdown",
        Type::Object(MARKDOWN),
        "What happens to raw HTML in Markdown texts.",
    ),
    field(
        "visibility",
        Type::OneOf(VISIBILITIES),
        "Who sees an entry that does not say (default `internal`): `build --audience public` leaves internal entries out.",
    ),
    field(
        "review",
        Type::Object(REVIEW),
        "The review policy: when entries are due soon, whether they need an owner, how old they may get.",
    ),
    field(
        "base_url",
        Type::Text,
        "The site's public address (an absolute http(s) URL), for the absolute links of the change feed `changes.xml`.",
    ),
];

/// The values of `visibility`.
const VISIBILITIES: &[&str] = &crate::content::Visibility::NAMES;

/// The fields of `review` in `playbook.yaml`.
pub const REVIEW: &[Field] = &[
    field(
        "warn_before_days",
        Type::Integer(Some(0), Some(36500)),
        "How many days before its due date an entry is \"due soon\" in `playbook owners` (default 14).",
    ),
    field(
        "require_owner",
        Type::Bool,
        "An entry without `owner` (and no `CODEOWNERS` line for its file) is a warning (`missing-owner`).",
    ),
    field(
        "max_age_days",
        Type::Integer(Some(0), Some(36500)),
        "An entry whose file has not changed in Git for longer than this, and that has no `review_by`, is a warning (`stale-entry`).",
    ),
];

/// The fields of a motion.
pub const MOTION: &[Field] = &[
    required(
        "id",
        Type::Text,
        "The motion's id, which stages name in `motion`.",
    ),
    field("title", Type::Text, "Its title (default: the id)."),
    field("description", Type::Text, "What the motion is."),
    field(
        "deal_size",
        Type::Positive,
        "The average won deal (a number > 0), the funnel calculator's default.",
    ),
    field(
        "currency",
        Type::Currency,
        "The ISO 4217 code the deal size is in (`CNY`, `USD`), shown beside amounts.",
    ),
];

/// The fields of `markdown` in `playbook.yaml`.
pub const MARKDOWN: &[Field] = &[field(
    "raw_html",
    Type::OneOf(&["sanitized", "trusted"]),
    "`sanitized` (the default) keeps the safe HTML authors use and removes scripts, event handlers and `javascript:` links; `trusted` passes it through as written, for a playbook whose authors are all trusted.",
)];

/// The fields every kind has.
pub const COMMON: &[Field] = &[
    field(
        "id",
        Type::Text,
        "Overrides the file name; required for each entry of a multi-entry YAML file. Letters, digits, `-` and `_`.",
    ),
    field("owner", Type::Text, "Who keeps the entry true."),
    field(
        "review_by",
        Type::Date,
        "A date `YYYY-MM-DD`: `check` warns once it has passed.",
    ),
    field("tags", Type::TextList, "Free labels."),
    field(
        "visibility",
        Type::OneOf(VISIBILITIES),
        "`public` or `internal` (default: `visibility` in `playbook.yaml`, itself `internal`): a public build holds only public entries.",
    ),
];

const SEGMENT: &[Field] = &[
    required("name", Type::Text, "The segment's name."),
    field(
        "mode",
        Type::OneOf(MODES),
        "`expert` (consultative, few large deals) or `intensive` (high-volume) selling.",
    ),
    field(
        "criteria",
        Type::TextList,
        "How to recognise a customer of this segment.",
    ),
];

const PERSONA: &[Field] = &[
    required("name", Type::Text, "The persona's name."),
    field("role", Type::OneOf(ROLES), "The buying role."),
    field(
        "cares_about",
        Type::TextList,
        "What this persona cares about.",
    ),
];

const SELLING_POINT: &[Field] = &[
    required("title", Type::Text, "The selling point."),
    field(
        "segments",
        Type::IdList,
        "Segment ids: who this selling point is for.",
    ),
    field("feature", Type::Text, "The feature."),
    field("benefit", Type::Text, "The benefit to the customer."),
    field(
        "proof",
        Type::TextList,
        "References, numbers, case studies.",
    ),
];

/// The fields of a stage's action written as a mapping.
pub const ACTION: &[Field] = &[
    required("do", Type::Text, "What to do."),
    field("owner", Type::Text, "Who does it."),
    field("materials", Type::TextList, "What to use."),
    field("evidence", Type::Text, "What shows it was done."),
];

const STAGE: &[Field] = &[
    required("title", Type::Text, "The stage's title."),
    field(
        "motion",
        Type::Id,
        "The motion id; required when `playbook.yaml` declares more than one motion.",
    ),
    required(
        "order",
        Type::Integer(None, None),
        "Position in the motion, unique within it.",
    ),
    field("goal", Type::Text, "What the stage is for."),
    field(
        "entry",
        Type::TextList,
        "Observable criteria (facts, not feelings) for entering the stage.",
    ),
    field(
        "exit",
        Type::TextList,
        "Observable criteria (facts, not feelings) for leaving the stage.",
    ),
    required(
        "actions",
        Type::Items { fields: ACTION, bare_text: true, min: 1 },
        "Not empty: each a string, or a mapping `{do, owner, materials, evidence}`.",
    ),
    field("personas", Type::IdList, "Persona ids: whom to engage at this stage."),
    field(
        "conversion",
        Type::Percent,
        "The share of opportunities at this stage that reach the next stage of the motion, 0 < x ≤ 100 (`40`, `33.3` or `\"40%\"`); not on the motion's last stage.",
    ),
    field(
        "days",
        Type::Positive,
        "Typical days an opportunity spends in this stage (> 0).",
    ),
    field(
        "stall_after",
        Type::Positive,
        "Days after which a deal in this stage counts as stalled (> 0, ≥ `days`).",
    ),
    field(
        "review_questions",
        Type::TextList,
        "What a manager asks about a deal at this stage, on the deal review sheet.",
    ),
];

const OBJECTION: &[Field] = &[
    required("objection", Type::Text, "The customer's words."),
    field("aliases", Type::TextList, "Other phrasings customers use."),
    field("stages", Type::IdList, "Stage ids: where it comes up."),
    field("segments", Type::IdList, "Segment ids: where it comes up."),
    field("personas", Type::IdList, "Persona ids: who raises it."),
    field("explore", Type::TextList, "Probing questions to ask back."),
    field("proof", Type::TextList, "Proof to offer."),
    field("avoid", Type::TextList, "What not to say."),
];

/// The fields of a choice written as a mapping.
pub const CHOICE: &[Field] = &[
    required("text", Type::Text, "The choice."),
    field("correct", Type::Bool, "Whether it is a right answer."),
    field("feedback", Type::Markdown, "Shown when picked (Markdown)."),
];

/// The fields of a role-play question.
pub const QUESTION: &[Field] = &[
    required("prompt", Type::Markdown, "The question (Markdown)."),
    field("objection", Type::Id, "The objection id this question drills."),
    field("explanation", Type::Markdown, "Shown after answering (Markdown)."),
    field(
        "choices",
        Type::Items { fields: CHOICE, bare_text: true, min: 0 },
        "At least two; a choice is a string (a wrong answer) or a mapping `{text, correct, feedback}`; at least one is correct. A question has either `choices` or `model_answer`.",
    ),
    field(
        "model_answer",
        Type::Markdown,
        "For a free-text question: the answer the learner compares theirs with (Markdown).",
    ),
    field(
        "rubric",
        Type::TextList,
        "With `model_answer`: what a good answer contains.",
    ),
];

const ROLEPLAY: &[Field] = &[
    required("title", Type::Text, "The role-play's title."),
    field(
        "scenario",
        Type::Markdown,
        "The situation the trainer sets up (Markdown).",
    ),
    field("persona", Type::Id, "A persona id."),
    field("segment", Type::Id, "A segment id."),
    field("stage", Type::Id, "A stage id."),
    field(
        "pass_score",
        Type::Integer(Some(0), Some(100)),
        "Percent needed to pass, 0–100 (default 80).",
    ),
    required(
        "questions",
        Type::Items {
            fields: QUESTION,
            bare_text: false,
            min: 1,
        },
        "The questions; not empty.",
    ),
];

/// The fields of a learning path's step.
pub const STEP: &[Field] = &[
    required("title", Type::Text, "The step's title."),
    field(
        "day",
        Type::Integer(Some(1), Some(366)),
        "The day of an onboarding it belongs to (from 1).",
    ),
    field(
        "body",
        Type::Markdown,
        "What to do in this step (Markdown).",
    ),
    field(
        "drill",
        Type::Bool,
        "Drill the step's objections as flashcards.",
    ),
    field("segments", Type::IdList, "Segment ids to study."),
    field("personas", Type::IdList, "Persona ids to study."),
    field(
        "selling_points",
        Type::IdList,
        "Selling point ids to study.",
    ),
    field("stages", Type::IdList, "Stage ids to study."),
    field("objections", Type::IdList, "Objection ids to study."),
    field("roleplays", Type::IdList, "Role-play ids to study."),
];

const PATH: &[Field] = &[
    required("title", Type::Text, "The path's title."),
    field(
        "audience",
        Type::Text,
        "Who it is for, in words (\"new SMB phone reps\").",
    ),
    required(
        "steps",
        Type::Items {
            fields: STEP,
            bare_text: false,
            min: 1,
        },
        "The steps, in the order to follow; not empty. A step lists at least one entry to study.",
    ),
];

/// The body of a YAML entry (`answer` for an objection), which an `.md` entry writes below its front matter.
pub fn body_field(kind: Kind) -> Field {
    match kind {
        Kind::Objection => field(
            "answer",
            Type::Markdown,
            "The answer (Markdown), required: only in a `.yaml` entry; an `.md` entry writes it below the front matter.",
        ),
        _ => field(
            "body",
            Type::Markdown,
            "The body (Markdown): only in a `.yaml` entry; an `.md` entry writes it below the front matter.",
        ),
    }
}

/// The fields of `kind` besides [`COMMON`] and its body field.
pub fn own_fields(kind: Kind) -> &'static [Field] {
    match kind {
        Kind::Segment => SEGMENT,
        Kind::Persona => PERSONA,
        Kind::SellingPoint => SELLING_POINT,
        Kind::Stage => STAGE,
        Kind::Objection => OBJECTION,
        Kind::Roleplay => ROLEPLAY,
        Kind::Path => PATH,
    }
}
