//! The pages that list entries of a kind (the overview, the selling-point matrix, the role-play list,
//! segments, personas; the objection finder is [`super::finder`]) and the pages that are not about one entry (coverage,
//! search, 404). These are the only pages allowed to list every entry of a kind.

use std::borrow::Cow;

use serde::Serialize;

use super::data::{
    Cells, Counts, CoverageCell, CoverageMotion, CoveragePage, CoverageRow, CoverageSummary, Empty,
    ListItem, ListPage, MatrixPage, MatrixRow, Motion, OverviewPage, RoleplayCard, RoleplaysPage,
    SegmentSummary, Step, Warning,
};
use super::i18n::{self, Lang};
use super::index::{encode, page_url, SiteIndex, SiteTarget};

use super::pages::{mode_label, Cx};
use super::{Page, Section};
use crate::check::Report;
use crate::content::{Kind, Objection, Roleplay};
use crate::diagnostic::Severity;

/// How many role-plays the overview shows.
const OVERVIEW_ROLEPLAYS: usize = 6;
/// How many objections a coverage cell lists before "n more".
const CELL_OBJECTIONS: usize = 4;
/// Up to this many segments, the coverage page and the selling-point matrix are grids (stages or selling
/// points × segments); beyond it a grid is unreadable and grows with the product of the two, so each row
/// lists what it covers instead, and the page stays linear in the size of the playbook.
pub(crate) const GRID_SEGMENTS: usize = 12;

fn page(
    path: &str,
    template: &'static str,
    title: &str,
    section: Section,
    data: &impl Serialize,
) -> Page {
    Page::new(path.to_string(), template, title, section, data)
}

fn roleplay_card<'a>(cx: &Cx<'_, 'a>, rp: &'a Roleplay) -> RoleplayCard<'a> {
    RoleplayCard {
        url: cx.url(&page_url(Kind::Roleplay, &rp.meta.id)),
        title: &rp.title,
        questions: rp.questions.len(),
        pass_score: rp.pass_score,
        id: &rp.meta.id,
        persona: rp.persona.as_ref().map(|r| cx.link(Kind::Persona, &r.id)),
        segment: rp.segment.as_ref().map(|r| cx.link(Kind::Segment, &r.id)),
        stage: rp.stage.as_ref().map(|r| cx.link(Kind::Stage, &r.id)),
    }
}

/// The motions that have stages, each with its stages in order.
fn motions<'a>(cx: &Cx<'_, 'a>) -> Vec<Motion<'a>> {
    let ix = cx.ix;
    ix.playbook()
        .config
        .motions
        .iter()
        .map(|m| {
            let stages = ix
                .stages_by_motion(m.id.as_str())
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            Motion {
                id: &m.id,
                title: &m.title,
                description: m.description.as_deref(),
                funnel_url: cx.url(&super::motion::funnel_url(&m.id)),
                stages: stages
                    .iter()
                    .enumerate()
                    .map(|(i, s)| Step {
                        n: i + 1,
                        url: cx.url(&page_url(Kind::Stage, &s.meta.id)),
                        title: &s.title,
                        goal: s.goal.as_deref(),
                        actions: s.actions.len(),
                        objections: ix
                            .objections_by_stage(s.meta.id.as_str())
                            .map_or(0, Vec::len),
                    })
                    .collect(),
            }
        })
        .filter(|m| !m.stages.is_empty())
        .collect()
}

pub(crate) fn overview(ix: &SiteIndex<'_>, lang: Lang) -> Page {
    let cx = Cx::new(ix, lang, "index.html");
    let pb = ix.playbook();
    let data = OverviewPage {
        description: pb.config.description.as_deref(),
        motions: motions(&cx),
        segments: pb
            .segments
            .iter()
            .map(|s| SegmentSummary {
                url: cx.url(&page_url(Kind::Segment, &s.meta.id)),
                title: &s.name,
                mode: mode_label(lang, s.mode),
                selling_points: ix
                    .selling_points_by_segment(s.meta.id.as_str())
                    .map_or(0, Vec::len),
                objections: ix
                    .objections_by_segment(s.meta.id.as_str())
                    .map_or(0, Vec::len),
            })
            .collect(),
        roleplays: pb
            .roleplays
            .iter()
            .take(OVERVIEW_ROLEPLAYS)
            .map(|r| roleplay_card(&cx, r))
            .collect(),
        roleplays_total: pb.roleplays.len(),
        paths: pb
            .paths
            .iter()
            .map(|p| super::paths::outline(&cx, p, false))
            .collect(),
        counts: Counts {
            stages: pb.stages.len(),
            objections: pb.objections.len(),
            selling_points: pb.selling_points.len(),
            roleplays: pb.roleplays.len(),
            segments: pb.segments.len(),
            personas: pb.personas.len(),
        },
    };
    page(
        "index.html",
        "index.html",
        &pb.config.title,
        Section::Overview,
        &data,
    )
}

pub(crate) fn matrix(ix: &SiteIndex<'_>, lang: Lang) -> Page {
    let cx = Cx::new(ix, lang, "selling-points/index.html");
    let pb = ix.playbook();
    let grid = pb.segments.len() <= GRID_SEGMENTS;
    let rows: Vec<MatrixRow> = pb
        .selling_points
        .iter()
        .map(|sp| MatrixRow {
            url: cx.url(&page_url(Kind::SellingPoint, &sp.meta.id)),
            title: &sp.title,
            benefit: sp.benefit.as_deref(),
            cells: if grid {
                Cells::Grid(
                    pb.segments
                        .iter()
                        .map(|s| sp.segments.iter().any(|r| r.id == s.meta.id))
                        .collect(),
                )
            } else {
                Cells::Links(cx.links(Kind::Segment, &sp.segments))
            },
        })
        .collect();
    let data = MatrixPage {
        grid,
        segments: if grid {
            pb.segments
                .iter()
                .map(|s| cx.link(Kind::Segment, &s.meta.id))
                .collect()
        } else {
            Vec::new()
        },
        rows,
    };
    page(
        "selling-points/index.html",
        "selling-points.html",
        cx.t().selling_points,
        Section::SellingPoints,
        &data,
    )
}

pub(crate) fn roleplays(ix: &SiteIndex<'_>, lang: Lang) -> Page {
    let cx = Cx::new(ix, lang, "roleplays/index.html");
    let data = RoleplaysPage {
        roleplays: ix
            .playbook()
            .roleplays
            .iter()
            .map(|r| roleplay_card(&cx, r))
            .collect(),
    };
    page(
        "roleplays/index.html",
        "roleplays.html",
        cx.t().roleplays,
        Section::Roleplays,
        &data,
    )
}

pub(crate) fn segments(ix: &SiteIndex<'_>, lang: Lang) -> Page {
    let cx = Cx::new(ix, lang, "segments/index.html");
    let items = ix
        .playbook()
        .segments
        .iter()
        .map(|s| ListItem {
            url: cx.url(&page_url(Kind::Segment, &s.meta.id)),
            title: &s.name,
            subtitle: mode_label(lang, s.mode).map(Cow::Borrowed),
            text: s.criteria.first().map(|c| Cow::Borrowed(c.as_str())),
        })
        .collect();
    page(
        "segments/index.html",
        "list.html",
        cx.t().segments,
        Section::Segments,
        &ListPage { items },
    )
}

pub(crate) fn personas(ix: &SiteIndex<'_>, lang: Lang) -> Page {
    let cx = Cx::new(ix, lang, "personas/index.html");
    let items = ix
        .playbook()
        .personas
        .iter()
        .map(|p| ListItem {
            url: cx.url(&page_url(Kind::Persona, &p.meta.id)),
            title: &p.name,
            subtitle: p.role.as_deref().map(|r| Cow::Owned(i18n::role(lang, r))),
            text: if p.cares_about.is_empty() {
                None
            } else {
                Some(Cow::Owned(p.cares_about.join(" · ")))
            },
        })
        .collect();
    page(
        "personas/index.html",
        "list.html",
        cx.t().personas,
        Section::Personas,
        &ListPage { items },
    )
}

pub(crate) fn coverage(ix: &SiteIndex<'_>, lang: Lang, report: &Report) -> Page {
    let cx = Cx::new(ix, lang, "coverage.html");
    let pb = ix.playbook();
    let mut motions_out = Vec::new();
    for m in &pb.config.motions {
        let Some(stages) = ix.stages_by_motion(m.id.as_str()) else {
            continue;
        };
        let grid = pb.segments.len() <= GRID_SEGMENTS;
        let rows = stages
            .iter()
            .map(|s| {
                let here = ix
                    .objections_by_stage(s.meta.id.as_str())
                    .map(Vec::as_slice)
                    .unwrap_or(&[]);
                if grid {
                    CoverageRow::Grid {
                        stage: cx.link(Kind::Stage, &s.meta.id),
                        cells: pb
                            .segments
                            .iter()
                            .map(|seg| coverage_cell(&cx, s, here, &seg.meta.id))
                            .collect(),
                    }
                } else {
                    CoverageRow::Summary(coverage_summary(&cx, s, here))
                }
            })
            .collect();
        motions_out.push(CoverageMotion {
            title: &m.title,
            rows,
            grid,
        });
    }
    let warnings = report
        .diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Warning)
        .map(|d| {
            let url = match ix.link_target("", &d.file) {
                SiteTarget::Page(p) if p.ends_with(".html") => Some(cx.url(&p)),
                _ => None,
            };
            Warning {
                code: d.code.as_str(),
                message: &d.message,
                file: &d.file,
                line: d.pos.map(|p| p.line),
                url,
            }
        })
        .collect();
    let data = CoveragePage {
        segments: pb
            .segments
            .iter()
            .map(|s| cx.link(Kind::Segment, &s.meta.id))
            .collect(),
        motions: motions_out,
        warnings,
    };
    page(
        "coverage.html",
        "coverage.html",
        cx.t().coverage,
        Section::Coverage,
        &data,
    )
}

/// A cell of the coverage grid: the objections of stage `s` (`here`) that cover segment `seg_id` (an
/// objection naming no segment covers them all), and the selling points of the segment they link to.
fn coverage_cell<'a>(
    cx: &Cx<'_, 'a>,
    s: &crate::content::Stage,
    here: &[&'a Objection],
    seg_id: &str,
) -> CoverageCell<'a> {
    let ix = cx.ix;
    let covering: Vec<&&Objection> = here
        .iter()
        .filter(|o| o.segments.is_empty() || o.segments.iter().any(|r| r.id == seg_id))
        .collect();
    let mut sps: Vec<&str> = covering
        .iter()
        .flat_map(|o| {
            ix.forward(Kind::Objection, &o.meta.id)
                .into_iter()
                .flatten()
        })
        .filter(|(k, id)| {
            *k == Kind::SellingPoint
                && ix
                    .selling_points_by_segment(seg_id)
                    .is_some_and(|v| v.iter().any(|sp| sp.meta.id == *id))
        })
        .map(|(_, id)| *id)
        .collect();
    sps.sort_unstable();
    sps.dedup();
    CoverageCell {
        count: covering.len(),
        objections: covering
            .iter()
            .take(CELL_OBJECTIONS)
            .map(|o| cx.link(Kind::Objection, &o.meta.id))
            .collect(),
        more: covering.len().saturating_sub(CELL_OBJECTIONS),
        more_url: format!(
            "{}objections/index.html?stage={}&segment={}",
            cx.root,
            encode(&s.meta.id),
            encode(seg_id)
        ),
        selling_points: sps
            .iter()
            .map(|id| cx.link(Kind::SellingPoint, id))
            .collect(),
    }
}

/// A coverage row without the grid: the stage's objections, and which segments they cover (an objection
/// naming no segment covers them all), as a count and as links.
fn coverage_summary<'a>(
    cx: &Cx<'_, 'a>,
    s: &'a crate::content::Stage,
    here: &[&'a Objection],
) -> CoverageSummary<'a> {
    let all = here.iter().any(|o| o.segments.is_empty());
    let mut covered: Vec<&str> = here
        .iter()
        .flat_map(|o| o.segments.iter().map(|r| r.id.as_str()))
        .collect();
    covered.sort_unstable();
    covered.dedup();
    let total = cx.ix.playbook().segments.len();
    CoverageSummary {
        stage: cx.link(Kind::Stage, &s.meta.id),
        objections: here.len(),
        objections_url: format!(
            "{}objections/index.html?stage={}",
            cx.root,
            encode(&s.meta.id)
        ),
        covered: if all { total } else { covered.len() },
        total,
        all,
        segments: if all {
            Vec::new()
        } else {
            covered
                .iter()
                .map(|id| cx.link(Kind::Segment, id))
                .collect()
        },
    }
}

pub(crate) fn search(lang: Lang) -> Page {
    page(
        "search.html",
        "search.html",
        lang.strings().search,
        Section::None,
        &Empty {},
    )
}

pub(crate) fn not_found(lang: Lang) -> Page {
    page(
        "404.html",
        "404.html",
        lang.strings().not_found,
        Section::None,
        &Empty {},
    )
}
