//! The coverage pages: `coverage.html`, a bounded summary (counts per kind, each motion's gaps, the worst
//! gaps first, the first warnings), paginated by motion; one page per motion (`coverage/<motion>.html`, the
//! grid or the list of its stages, paginated by [`PER_PAGE`] stages); and every warning of `check`, paginated
//! (`coverage-warnings.html`).

use serde::Serialize;

use super::data::{
    Counts, CoverageCell, CoverageMotion, CoverageRow, CoverageSummary, Link, Warning,
};
use super::i18n::Lang;
use super::index::{encode, SiteIndex, SiteTarget};
use super::lists::GRID_SEGMENTS;
use super::pages::Cx;
use super::related::{numbered, paginate, Pager, PER_PAGE, SHOWN};
use super::{Page, Section};
use crate::check::Report;
use crate::content::{Kind, Motion, Objection, Stage};
use crate::diagnostic::Severity;

/// How many objections a coverage cell lists before "n more".
const CELL_OBJECTIONS: usize = 4;

/// A motion's line in the summary.
#[derive(Serialize)]
struct MotionGaps<'a> {
    title: &'a str,
    url: String,
    stages: usize,
    /// Stages no objection names.
    gaps: usize,
    /// Objections met at its stages (an objection met at two stages counts twice).
    objections: usize,
}

/// `coverage.html` (and its further pages).
#[derive(Serialize)]
struct SummaryPage<'a> {
    counts: Counts,
    /// This page's motions.
    motions: Vec<MotionGaps<'a>>,
    /// On the first page: the motions with the most stages without objections (at most [`SHOWN`]).
    worst: Vec<MotionGaps<'a>>,
    /// On the first page: the first [`SHOWN`] warnings, and how many there are.
    warnings: Vec<Warning<'a>>,
    warnings_total: usize,
    pager: Option<Pager>,
}

/// `coverage/<motion>.html` (and its further pages).
#[derive(Serialize)]
struct MotionPage<'a> {
    /// The grid's columns.
    segments: Vec<Link<'a>>,
    motion: CoverageMotion<'a>,
    pager: Option<Pager>,
}

/// `coverage-warnings.html` (and its further pages).
#[derive(Serialize)]
struct WarningsPage<'a> {
    warnings: Vec<Warning<'a>>,
    total: usize,
    pager: Option<Pager>,
}

/// The path of the coverage page of motion `id` (not encoded).
pub(crate) fn motion_file(id: &str, n: usize) -> String {
    format!("coverage/{}", numbered(id, n))
}

fn gaps<'a>(cx: &Cx<'_, 'a>, m: &'a Motion) -> Option<MotionGaps<'a>> {
    let stages = cx.ix.stages_by_motion(m.id.as_str())?;
    let counts: Vec<usize> = stages
        .iter()
        .map(|s| {
            cx.ix
                .objections_by_stage(s.meta.id.as_str())
                .map_or(0, Vec::len)
        })
        .collect();
    Some(MotionGaps {
        title: &m.title,
        url: cx.url(&format!("coverage/{}.html", encode(&m.id))),
        stages: stages.len(),
        gaps: counts.iter().filter(|n| **n == 0).count(),
        objections: counts.iter().sum(),
    })
}

fn warnings<'a>(cx: &Cx<'_, 'a>, report: &'a Report) -> Vec<Warning<'a>> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Warning)
        .map(|d| {
            let url = match cx.ix.link_target("", &d.file) {
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
        .collect()
}

/// `coverage.html`: the summary, paginated by motion.
pub(crate) fn coverage(ix: &SiteIndex<'_>, lang: Lang, report: &Report) -> Page {
    let cx = Cx::new(ix, lang, "coverage.html");
    let t = cx.t();
    let pb = ix.playbook();
    let motions: Vec<MotionGaps> = pb
        .config
        .motions
        .iter()
        .filter_map(|m| gaps(&cx, m))
        .collect();
    let mut worst: Vec<&MotionGaps> = motions.iter().filter(|m| m.gaps > 0).collect();
    worst.sort_by(|a, b| b.gaps.cmp(&a.gaps).then(a.title.cmp(b.title)));
    let worst: Vec<MotionGaps> = worst
        .into_iter()
        .take(SHOWN)
        .map(|m| MotionGaps {
            url: m.url.clone(),
            ..*m
        })
        .collect();
    let mut all_warnings = warnings(&cx, report);
    let warnings_total = all_warnings.len();
    all_warnings.truncate(SHOWN);
    let first = std::cell::Cell::new(Some((worst, all_warnings)));
    paginate(
        t,
        motions,
        |k| numbered("coverage", k),
        |path, motions, pager| {
            let (worst, warnings) = first.take().unwrap_or_default();
            let data = SummaryPage {
                counts: Counts::of(pb),
                motions,
                worst,
                warnings,
                warnings_total,
                pager,
            };
            Page::new(path, "coverage.html", t.coverage, Section::Coverage, &data)
                .described(t.describe_coverage)
        },
    )
}

/// `coverage-warnings.html`: every warning of `check`, paginated.
pub(crate) fn warnings_page(ix: &SiteIndex<'_>, lang: Lang, report: &Report) -> Page {
    let cx = Cx::new(ix, lang, "coverage-warnings.html");
    let t = cx.t();
    let all = warnings(&cx, report);
    let total = all.len();
    paginate(
        t,
        all,
        |k| numbered("coverage-warnings", k),
        |path, warnings, pager| {
            let data = WarningsPage {
                warnings,
                total,
                pager,
            };
            Page::new(
                path,
                "coverage-warnings.html",
                t.all_warnings,
                Section::Coverage,
                &data,
            )
            .described(t.describe_warnings)
        },
    )
}

/// `coverage/<motion>.html`: the motion's stages, as a grid (stages × segments) when there are few
/// segments, else as a list; [`PER_PAGE`] stages a page.
pub(crate) fn motion_page(ix: &SiteIndex<'_>, lang: Lang, m: &Motion) -> Page {
    let cx = Cx::new(ix, lang, &motion_file(&m.id, 1));
    let t = cx.t();
    let stages: Vec<&Stage> = ix
        .stages_by_motion(m.id.as_str())
        .map(|v| v.to_vec())
        .unwrap_or_default();
    let segment_ids: Vec<&str> = ix.ids(Kind::Segment).collect();
    let grid = segment_ids.len() <= GRID_SEGMENTS;
    let file = |k: usize| motion_file(&m.id, k);
    const { assert!(PER_PAGE > 0) };
    paginate(t, stages, file, |path, stages, pager| {
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
                        cells: segment_ids
                            .iter()
                            .map(|seg| coverage_cell(&cx, s, here, seg))
                            .collect(),
                    }
                } else {
                    CoverageRow::Summary(coverage_summary(&cx, s, here, segment_ids.len()))
                }
            })
            .collect();
        let data = MotionPage {
            segments: if grid {
                segment_ids
                    .iter()
                    .map(|id| cx.link(Kind::Segment, id))
                    .collect()
            } else {
                Vec::new()
            },
            motion: CoverageMotion {
                title: &m.title,
                rows,
                grid,
            },
            pager,
        };
        let title = format!("{} · {}", t.coverage, m.title);
        Page::new(
            path,
            "coverage-motion.html",
            &title,
            Section::Coverage,
            &data,
        )
        .described(t.describe_coverage_motion.replace("{title}", &m.title))
    })
}

/// A cell of the coverage grid: the objections of stage `s` (`here`) that cover segment `seg_id` (an
/// objection naming no segment covers them all), and the selling points of the segment they link to.
fn coverage_cell<'a>(
    cx: &Cx<'_, 'a>,
    s: &Stage,
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
    s: &'a Stage,
    here: &[&'a Objection],
    total: usize,
) -> CoverageSummary<'a> {
    let all = here.iter().any(|o| o.segments.is_empty());
    let mut covered: Vec<&str> = here
        .iter()
        .flat_map(|o| o.segments.iter().map(|r| r.id.as_str()))
        .collect();
    covered.sort_unstable();
    covered.dedup();
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
