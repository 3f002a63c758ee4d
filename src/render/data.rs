//! What each template sees as `page`: one struct per page kind, and the small pieces they share (a link to
//! an entry, a card, a list item). This is the documented shape of the data a theme's templates can use.
//!
//! The structs borrow from the playbook and are turned into tera values once, by [`Page::new`](super::Page);
//! a field the page functions misspell does not compile. `Option` fields are always present and `null` when
//! empty (templates test them with `{% if page.x %}`); no field is ever left out, except where a struct
//! says so (a plain [`Link`] has no `kind`, a [`Backlink`] has).

use std::borrow::Cow;

use serde::Serialize;

pub(crate) use super::related::{More, Pager};

/// A link to an entry. When the entry does not exist, `url` is null and `title` is the id.
#[derive(Serialize)]
pub(crate) struct Link<'a> {
    pub url: Option<String>,
    pub title: &'a str,
    pub id: &'a str,
}

/// A link to an entry whose body links to this page, with the label of its kind ("Objection").
#[derive(Serialize)]
pub(crate) struct Backlink<'a> {
    pub url: Option<String>,
    pub title: &'a str,
    pub id: &'a str,
    pub kind: &'a str,
}

/// A link to a persona a stage engages, with the label of its buying role (null when it has none).
#[derive(Serialize)]
pub(crate) struct PersonaLink<'a> {
    pub url: Option<String>,
    pub title: &'a str,
    pub id: &'a str,
    pub role: Option<String>,
}

/// Owner, review date (`YYYY-MM-DD`) and tags of an entry, and its source file.
#[derive(Serialize)]
pub(crate) struct Meta<'a> {
    pub owner: Option<&'a str>,
    pub review_by: Option<String>,
    pub tags: &'a [String],
    pub file: &'a str,
    /// The file's last change in Git (`YYYY-MM-DD`, or the word for "uncommitted"); none outside Git.
    pub updated: Option<String>,
}

/// An objection as a card: its words, link and the first block of its answer (HTML).
#[derive(Serialize)]
pub(crate) struct ObjectionCard<'a> {
    pub url: String,
    pub title: &'a str,
    pub short_answer: String,
}

/// A selling point as a card: title, link, benefit.
#[derive(Serialize)]
pub(crate) struct SellingPointCard<'a> {
    pub url: String,
    pub title: &'a str,
    pub benefit: Option<&'a str>,
}

/// A role-play as a card (overview, role-play list): `id` finds its progress (`progress.js`).
#[derive(Serialize)]
pub(crate) struct RoleplayCard<'a> {
    pub url: String,
    pub title: &'a str,
    pub questions: usize,
    pub pass_score: u8,
    pub id: &'a str,
    pub persona: Option<Link<'a>>,
    pub segment: Option<Link<'a>>,
    pub stage: Option<Link<'a>>,
}

/// The data of a page that has none of its own (search, 404): `{}`.
#[derive(Serialize)]
pub(crate) struct Empty {}

// ---- entry pages ----

/// `stage.html`.
#[derive(Serialize)]
pub(crate) struct StagePage<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// The title of the stage's motion (its id when the motion is not declared).
    pub motion: &'a str,
    pub motion_count: usize,
    /// "Stage 2 of 5"; null when the stage is not in its motion's list.
    pub position: Option<String>,
    pub goal: Option<&'a str>,
    pub entry: &'a [String],
    pub exit: &'a [String],
    pub actions: Vec<Action<'a>>,
    pub personas: Vec<PersonaLink<'a>>,
    pub objections: Vec<ObjectionCard<'a>>,
    /// True when no objection names the stage: it then shows no selling points, and says why.
    pub no_objections: bool,
    /// Each selling point once, tagged with the involved segments it is for (bounded).
    pub selling_points: Vec<TaggedSellingPoint<'a>>,
    /// When the selling points are cut: the involved segments, whose pages list the rest.
    pub selling_point_segments: Vec<Link<'a>>,
    pub roleplays: Vec<Link<'a>>,
    pub previous: Option<Link<'a>>,
    pub next: Option<Link<'a>>,
    pub body: String,
    pub backlinks: Vec<Backlink<'a>>,
    pub meta: Meta<'a>,
    pub more: MoreLinks,
    /// Conversion, days and stall threshold, when the stage has any.
    pub numbers: Option<super::motion::StageNumbers>,
}

/// An action of a stage's checklist.
#[derive(Serialize)]
pub(crate) struct Action<'a> {
    pub text: &'a str,
    pub owner: Option<&'a str>,
    pub materials: &'a [String],
    pub evidence: Option<&'a str>,
}

/// A selling point on a stage page, with the involved segments it is for.
#[derive(Serialize)]
pub(crate) struct TaggedSellingPoint<'a> {
    pub url: String,
    pub title: &'a str,
    pub benefit: Option<&'a str>,
    pub segments: Vec<Link<'a>>,
}

/// The links from a page's bounded sections to their full lists (null where a section shows all).
#[derive(Serialize, Default)]
pub(crate) struct MoreLinks {
    pub selling_points: Option<More>,
    pub objections: Option<More>,
    pub roleplays: Option<More>,
    pub stages: Option<More>,
    pub backlinks: Option<More>,
}

/// `objection.html`.
#[derive(Serialize)]
pub(crate) struct ObjectionPage<'a> {
    pub id: &'a str,
    pub objection: &'a str,
    pub answer: String,
    pub aliases: &'a [String],
    pub explore: &'a [String],
    pub proof: &'a [String],
    pub avoid: &'a [String],
    pub stages: Vec<Link<'a>>,
    pub segments: Vec<Link<'a>>,
    pub personas: Vec<Link<'a>>,
    pub roleplays: Vec<Link<'a>>,
    pub backlinks: Vec<Backlink<'a>>,
    pub meta: Meta<'a>,
    pub more: MoreLinks,
}

/// `segment.html`.
#[derive(Serialize)]
pub(crate) struct SegmentPage<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// The label of its selling mode.
    pub mode: Option<&'a str>,
    pub criteria: &'a [String],
    pub body: String,
    pub selling_points: Vec<SellingPointCard<'a>>,
    pub objections: Vec<Link<'a>>,
    pub roleplays: Vec<Link<'a>>,
    pub backlinks: Vec<Backlink<'a>>,
    pub meta: Meta<'a>,
    pub more: MoreLinks,
}

/// `persona.html`.
#[derive(Serialize)]
pub(crate) struct PersonaPage<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// The label of its buying role.
    pub role: Option<String>,
    pub cares_about: &'a [String],
    pub body: String,
    pub stages: Vec<Link<'a>>,
    pub objections: Vec<Link<'a>>,
    pub roleplays: Vec<Link<'a>>,
    pub backlinks: Vec<Backlink<'a>>,
    pub meta: Meta<'a>,
    pub more: MoreLinks,
}

/// `selling-point.html`.
#[derive(Serialize)]
pub(crate) struct SellingPointPage<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub feature: Option<&'a str>,
    pub benefit: Option<&'a str>,
    pub proof: &'a [String],
    pub segments: Vec<Link<'a>>,
    pub body: String,
    pub backlinks: Vec<Backlink<'a>>,
    pub meta: Meta<'a>,
    pub more: MoreLinks,
}

/// `roleplay.html`.
#[derive(Serialize)]
pub(crate) struct RoleplayPage<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub scenario: Option<String>,
    pub persona: Option<Link<'a>>,
    pub segment: Option<Link<'a>>,
    pub stage: Option<Link<'a>>,
    pub pass_score: u8,
    pub questions: Vec<Question<'a>>,
    /// The trainer's notes (the body); null when the body is empty.
    pub notes: Option<String>,
    /// The answer key for `quiz.js`, as JSON safe inside `<script>`.
    pub quiz_json: String,
    pub backlinks: Vec<Backlink<'a>>,
    pub meta: Meta<'a>,
    pub more: MoreLinks,
}

/// How a question is answered: `"choice"` or `"text"`.
#[derive(Serialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub(crate) enum QuestionKind {
    Choice,
    Text,
}

/// A question of a role-play as the page shows it (the answers are in the key only). A choice question has
/// `choices` and an empty `rubric`; a free-text question the reverse.
#[derive(Serialize)]
pub(crate) struct Question<'a> {
    /// 1-based.
    pub n: usize,
    pub kind: QuestionKind,
    pub prompt: String,
    pub choices: Vec<Choice<'a>>,
    pub rubric: &'a [String],
    pub objection: Option<Link<'a>>,
}

/// A choice of a question: `n` is 0-based.
#[derive(Serialize)]
pub(crate) struct Choice<'a> {
    pub n: usize,
    pub text: &'a str,
}

// ---- list pages ----

/// `index.html`, the overview.
#[derive(Serialize)]
pub(crate) struct OverviewPage<'a> {
    pub description: Option<&'a str>,
    /// The first few motions that have stages (each with its first few stages).
    pub motions: Vec<Motion<'a>>,
    /// How many motions have stages; when more than shown, `motions.html` lists them all.
    pub motions_total: usize,
    /// The first few segments.
    pub segments: Vec<SegmentSummary<'a>>,
    /// The first few role-plays.
    pub roleplays: Vec<RoleplayCard<'a>>,
    pub roleplays_total: usize,
    pub counts: Counts,
    /// The learning paths, outlined (the script shows the learner's progress and what to do next).
    pub paths: Vec<super::paths::Outline<'a>>,
}

/// A motion with its stages in order.
#[derive(Serialize)]
pub(crate) struct Motion<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub description: Option<&'a str>,
    /// Its funnel page.
    pub funnel_url: String,
    /// Its first few stages (the funnel page has them all).
    pub stages: Vec<Step<'a>>,
    pub stages_total: usize,
}

/// A stage in its motion's pipeline: `n` is its 1-based place; `actions` and `objections` are counts.
#[derive(Serialize)]
pub(crate) struct Step<'a> {
    pub n: usize,
    pub url: String,
    pub title: &'a str,
    pub goal: Option<&'a str>,
    pub actions: usize,
    pub objections: usize,
}

/// A segment on the overview, with how many selling points and objections name it.
#[derive(Serialize)]
pub(crate) struct SegmentSummary<'a> {
    pub url: String,
    pub title: &'a str,
    pub mode: Option<&'a str>,
    pub selling_points: usize,
    pub objections: usize,
}

/// How many entries of each kind.
#[derive(Serialize)]
pub(crate) struct Counts {
    pub stages: usize,
    pub objections: usize,
    pub selling_points: usize,
    pub roleplays: usize,
    pub segments: usize,
    pub personas: usize,
}

impl Counts {
    /// The counts of `pb`.
    pub fn of(pb: &crate::content::Playbook) -> Counts {
        Counts {
            stages: pb.stages.len(),
            objections: pb.objections.len(),
            selling_points: pb.selling_points.len(),
            roleplays: pb.roleplays.len(),
            segments: pb.segments.len(),
            personas: pb.personas.len(),
        }
    }
}

/// `objections.html`: a page of the objection finder (see [`super::finder`]).
#[derive(Serialize)]
pub(crate) struct FinderPage<'a> {
    pub heading: String,
    pub objections: Vec<FinderItem<'a>>,
    /// Objections in all.
    pub total: usize,
    /// This page's number (from 1), of `pages`.
    pub number: usize,
    pub pages: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// The filters (the first page only).
    pub facets: Vec<FinderFacet<'a>>,
    /// What `finder.js` reads (JSON, escaped for a `<script>`; the first page only).
    pub config: Option<String>,
}

/// An objection in the finder: what a search result shows of it (its words, its page, the excerpt of its
/// answer).
#[derive(Serialize)]
pub(crate) struct FinderItem<'a> {
    pub url: String,
    pub title: &'a str,
    pub excerpt: String,
}

/// A filter of the finder: a select of `groups` (an unnamed group when `label` is empty), or, with no
/// groups (too many values to list), a text field that suggests values from the search index.
#[derive(Serialize)]
pub(crate) struct FinderFacet<'a> {
    /// The query parameter and field name (`stage`).
    pub param: &'static str,
    pub label: &'static str,
    /// The option that filters nothing out.
    pub all: &'static str,
    pub groups: Option<Vec<FilterGroup<'a>>>,
}

/// Options of a select under a heading (a motion's stages).
#[derive(Serialize)]
pub(crate) struct FilterGroup<'a> {
    pub label: &'a str,
    pub options: Vec<Filter<'a>>,
}

/// An option of a finder filter.
#[derive(Serialize)]
pub(crate) struct Filter<'a> {
    pub id: &'a str,
    pub title: &'a str,
}

/// `selling-points.html`, the selling-point matrix. With few segments (`grid`), `segments` are the columns
/// and each row's `cells` say which it is for; otherwise `segments` is empty and `cells` are links.
#[derive(Serialize)]
pub(crate) struct MatrixPage<'a> {
    pub grid: bool,
    pub segments: Vec<Link<'a>>,
    pub rows: Vec<MatrixRow<'a>>,
    pub pager: Option<Pager>,
}

/// A selling point in the matrix.
#[derive(Serialize)]
pub(crate) struct MatrixRow<'a> {
    pub url: String,
    pub title: &'a str,
    pub benefit: Option<&'a str>,
    pub cells: Cells<'a>,
}

/// A matrix row's cells: a yes/no per segment (grid), or links to its segments.
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum Cells<'a> {
    Grid(Vec<bool>),
    Links(Vec<Link<'a>>),
}

/// `roleplays.html`.
#[derive(Serialize)]
pub(crate) struct RoleplaysPage<'a> {
    pub roleplays: Vec<RoleplayCard<'a>>,
    pub pager: Option<Pager>,
}

/// `list.html` (segments, personas, motions), a page of [`super::related::PER_PAGE`] items.
#[derive(Serialize)]
pub(crate) struct ListPage<'a> {
    pub items: Vec<ListItem<'a>>,
    pub pager: Option<Pager>,
}

/// An item of a list page.
#[derive(Serialize)]
pub(crate) struct ListItem<'a> {
    pub url: String,
    pub title: &'a str,
    pub subtitle: Option<Cow<'a, str>>,
    pub text: Option<Cow<'a, str>>,
}

/// A motion's coverage: a grid (stages × segments) when there are few segments, else a summary per stage.
#[derive(Serialize)]
pub(crate) struct CoverageMotion<'a> {
    pub title: &'a str,
    pub rows: Vec<CoverageRow<'a>>,
    pub grid: bool,
}

/// A stage's row of the coverage page.
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum CoverageRow<'a> {
    Grid {
        stage: Link<'a>,
        cells: Vec<CoverageCell<'a>>,
    },
    Summary(CoverageSummary<'a>),
}

/// A cell of the grid: the objections of the stage that cover the segment (the first few, and how many
/// more), and the selling points of the segment they link to.
#[derive(Serialize)]
pub(crate) struct CoverageCell<'a> {
    pub count: usize,
    pub objections: Vec<Link<'a>>,
    pub more: usize,
    pub more_url: String,
    pub selling_points: Vec<Link<'a>>,
}

/// A row without the grid: the stage's objections and which segments they cover (`all` when one names no
/// segment; then `segments` is empty).
#[derive(Serialize)]
pub(crate) struct CoverageSummary<'a> {
    pub stage: Link<'a>,
    pub objections: usize,
    pub objections_url: String,
    pub covered: usize,
    pub total: usize,
    pub all: bool,
    pub segments: Vec<Link<'a>>,
}

/// A warning of `check`, linked to the page of its file when it has one.
#[derive(Serialize)]
pub(crate) struct Warning<'a> {
    pub code: &'a str,
    pub message: &'a str,
    pub file: &'a str,
    pub line: Option<usize>,
    pub url: Option<String>,
}
