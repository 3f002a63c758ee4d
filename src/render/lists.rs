//! The pages that list entries of a kind (the overview, the selling-point matrix, the role-play list,
//! segments, personas, motions; the objection finder is [`super::finder`]) and the pages that are not about
//! one entry (search, 404). The lists of a kind are paginated ([`paginate`]); the overview shows the first
//! few of each.

use std::borrow::Cow;

use serde::Serialize;

use super::data::{
    Cells, Counts, Empty, ListItem, ListPage, MatrixPage, MatrixRow, Motion, OverviewPage,
    RoleplayCard, RoleplaysPage, SegmentSummary, Step,
};
use super::i18n::{self, Lang};
use super::index::{page_url, SiteIndex};

use super::pages::{mode_label, Cx};
use super::related::{numbered, paginate, SHOWN};
use super::{Page, Section};
use crate::content::{Kind, Roleplay};

/// How many role-plays the overview shows.
const OVERVIEW_ROLEPLAYS: usize = 6;
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

/// The first [`SHOWN`] motions that have stages, each with its first [`SHOWN`] stages in order, and how
/// many motions have stages.
fn motions<'a>(cx: &Cx<'_, 'a>) -> (Vec<Motion<'a>>, usize) {
    let ix = cx.ix;
    let with_stages: Vec<&crate::content::Motion> = ix
        .config()
        .motions
        .iter()
        .filter(|m| {
            ix.stages_by_motion(m.id.as_str())
                .is_some_and(|v| !v.is_empty())
        })
        .collect();
    let shown = with_stages
        .iter()
        .take(SHOWN)
        .map(|m| {
            let stages = ix
                .stages_by_motion(m.id.as_str())
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            Motion {
                stages_total: stages.len(),
                id: &m.id,
                title: &m.title,
                description: m.description.as_deref(),
                funnel_url: cx.url(&super::motion::funnel_url(&m.id)),
                stages: stages
                    .iter()
                    .take(SHOWN)
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
        .collect();
    (shown, with_stages.len())
}

/// `motions.html`: every motion that has stages, paginated, each linking to its funnel page.
pub(crate) fn motions_list(ix: &SiteIndex<'_>, lang: Lang) -> Page {
    let cx = Cx::new(ix, lang, "motions.html");
    let t = cx.t();
    let items = ix
        .config()
        .motions
        .iter()
        .filter_map(|m| {
            let n = ix.stages_by_motion(m.id.as_str()).map_or(0, Vec::len);
            (n > 0).then(|| ListItem {
                url: cx.url(&super::motion::funnel_url(&m.id)),
                title: &m.title,
                subtitle: Some(Cow::Owned(format!("{n} · {}", t.stages))),
                text: m.description.as_deref().map(Cow::Borrowed),
            })
        })
        .collect();
    paginate(
        t,
        items,
        |k| numbered("motions", k),
        |path, items, pager| {
            page(
                &path,
                "list.html",
                t.motions,
                Section::Overview,
                &ListPage { items, pager },
            )
            .described(t.describe_motions)
        },
    )
}

pub(crate) fn overview(ix: &SiteIndex<'_>, lang: Lang) -> Page {
    let cx = Cx::new(ix, lang, "index.html");
    let pb = ix.playbook();
    let (motions, motions_total) = motions(&cx);
    let data = OverviewPage {
        description: pb.config.description.as_deref(),
        motions,
        motions_total,
        segments: pb
            .segments
            .iter()
            .take(SHOWN)
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
            .take(SHOWN)
            .map(|p| super::paths::outline(&cx, p, false))
            .collect(),
        counts: Counts::of(pb),
    };
    page(
        "index.html",
        "index.html",
        &pb.config.title,
        Section::Overview,
        &data,
    )
    .described(
        pb.config
            .description
            .as_deref()
            .unwrap_or(lang.strings().describe_overview),
    )
}

pub(crate) fn matrix(ix: &SiteIndex<'_>, lang: Lang) -> Page {
    let cx = Cx::new(ix, lang, "selling-points/index.html");
    let pb = ix.playbook();
    let grid = pb.segments.len() <= GRID_SEGMENTS;
    let t = cx.t();
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
    let segments = || {
        if grid {
            pb.segments
                .iter()
                .map(|s| cx.link(Kind::Segment, &s.meta.id))
                .collect()
        } else {
            Vec::new()
        }
    };
    paginate(
        t,
        rows,
        |k| format!("selling-points/{}", numbered("index", k)),
        |path, rows, pager| {
            let data = MatrixPage {
                grid,
                segments: segments(),
                rows,
                pager,
            };
            page(
                &path,
                "selling-points.html",
                t.selling_points,
                Section::SellingPoints,
                &data,
            )
            .described(t.describe_matrix)
        },
    )
}

pub(crate) fn roleplays(ix: &SiteIndex<'_>, lang: Lang) -> Page {
    let cx = Cx::new(ix, lang, "roleplays/index.html");
    let t = cx.t();
    let cards = ix
        .playbook()
        .roleplays
        .iter()
        .map(|r| roleplay_card(&cx, r))
        .collect();
    paginate(
        t,
        cards,
        |k| format!("roleplays/{}", numbered("index", k)),
        |path, roleplays, pager| {
            let data = RoleplaysPage { roleplays, pager };
            page(
                &path,
                "roleplays.html",
                t.roleplays,
                Section::Roleplays,
                &data,
            )
            .described(t.describe_roleplays)
        },
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
    let t = cx.t();
    paginate(
        t,
        items,
        |k| format!("segments/{}", numbered("index", k)),
        |path, items, pager| {
            page(
                &path,
                "list.html",
                t.segments,
                Section::Segments,
                &ListPage { items, pager },
            )
            .described(t.describe_segments)
        },
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
    let t = cx.t();
    paginate(
        t,
        items,
        |k| format!("personas/{}", numbered("index", k)),
        |path, items, pager| {
            page(
                &path,
                "list.html",
                t.personas,
                Section::Personas,
                &ListPage { items, pager },
            )
            .described(t.describe_personas)
        },
    )
}

pub(crate) fn search(lang: Lang) -> Page {
    page(
        "search.html",
        "search.html",
        lang.strings().search,
        Section::None,
        &Empty {},
    )
    .described(lang.strings().describe_search)
}

pub(crate) fn not_found(lang: Lang) -> Page {
    page(
        "404.html",
        "404.html",
        lang.strings().not_found,
        Section::None,
        &Empty {},
    )
    .described(lang.strings().not_found_text)
}
