//! The pages that list entries of a kind (the overview, the objection finder, the selling-point matrix,
//! the role-play list, segments, personas) and the pages that are not about one entry (coverage,
//! search, 404). These are the only pages allowed to list every entry of a kind.

use rayon::prelude::*;
use serde_json::{json, Value};

use super::i18n::{self, Lang};
use super::index::{encode, page_url, SiteIndex, SiteTarget};

use super::pages::{mode_label, Cx};
use super::quiz::progress_key;
use super::{Page, Section};
use crate::check::Report;
use crate::content::plain::{self, EXCERPT_CHARS};
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

fn page(path: &str, template: &'static str, title: &str, section: Section, data: Value) -> Page {
    Page {
        path: path.to_string(),
        template,
        title: title.to_string(),
        section,
        data,
    }
}

fn roleplay_card(cx: &Cx<'_, '_>, rp: &Roleplay) -> Value {
    json!({
        "url": cx.url(&page_url(Kind::Roleplay, &rp.meta.id)),
        "title": rp.title,
        "questions": rp.questions.len(),
        "pass_score": rp.pass_score,
        "key": progress_key(cx.ix, &rp.meta.id),
        "persona": rp.persona.as_ref().map(|r| cx.link(Kind::Persona, &r.id)),
        "segment": rp.segment.as_ref().map(|r| cx.link(Kind::Segment, &r.id)),
        "stage": rp.stage.as_ref().map(|r| cx.link(Kind::Stage, &r.id)),
    })
}

/// The motions, each with its stages in order.
fn motions(cx: &Cx<'_, '_>) -> Vec<Value> {
    let ix = cx.ix;
    ix.config()
        .motions
        .iter()
        .map(|m| {
            let stages = ix
                .stages_by_motion(m.id.as_str())
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            json!({
                "id": m.id,
                "title": m.title,
                "description": m.description,
                "stages": stages.iter().enumerate().map(|(i, s)| json!({
                    "n": i + 1,
                    "url": cx.url(&page_url(Kind::Stage, &s.meta.id)),
                    "title": s.title,
                    "goal": s.goal,
                    "actions": s.actions.len(),
                    "objections": ix.objections_by_stage(s.meta.id.as_str()).map_or(0, Vec::len),
                })).collect::<Vec<_>>(),
            })
        })
        .filter(|m| m["stages"].as_array().is_some_and(|a| !a.is_empty()))
        .collect()
}

pub(crate) fn overview(ix: &SiteIndex<'_>, lang: Lang) -> Page {
    let cx = Cx::new(ix, lang, "index.html");
    let pb = ix.playbook();
    let data = json!({
        "description": pb.config.description,
        "motions": motions(&cx),
        "segments": pb.segments.iter().map(|s| json!({
            "url": cx.url(&page_url(Kind::Segment, &s.meta.id)),
            "title": s.name,
            "mode": mode_label(lang, s.mode),
            "selling_points": ix.selling_points_by_segment(s.meta.id.as_str()).map_or(0, Vec::len),
            "objections": ix.objections_by_segment(s.meta.id.as_str()).map_or(0, Vec::len),
        })).collect::<Vec<_>>(),
        "roleplays": pb.roleplays.iter().take(OVERVIEW_ROLEPLAYS).map(|r| roleplay_card(&cx, r)).collect::<Vec<_>>(),
        "roleplays_total": pb.roleplays.len(),
        "counts": {
            "stages": pb.stages.len(),
            "objections": pb.objections.len(),
            "selling_points": pb.selling_points.len(),
            "roleplays": pb.roleplays.len(),
            "segments": pb.segments.len(),
            "personas": pb.personas.len(),
        },
    });
    page(
        "index.html",
        "index.html",
        &pb.config.title,
        Section::Overview,
        data,
    )
}

fn ids(refs: &[crate::content::Ref]) -> String {
    refs.iter()
        .map(|r| r.id.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn finder_item(cx: &Cx<'_, '_>, o: &Objection) -> Value {
    let excerpt = plain::excerpt(&o.answer.text, EXCERPT_CHARS);
    let mut text = o.objection.to_lowercase();
    for a in &o.aliases {
        text.push('\n');
        text.push_str(&a.to_lowercase());
    }
    json!({
        "url": cx.url(&page_url(Kind::Objection, &o.meta.id)),
        "title": o.objection,
        "aliases": o.aliases,
        "excerpt": excerpt,
        "text": text,
        "stages": ids(&o.stages),
        "segments": ids(&o.segments),
        "personas": ids(&o.personas),
    })
}

pub(crate) fn finder(ix: &SiteIndex<'_>, lang: Lang) -> Page {
    let cx = Cx::new(ix, lang, "objections/index.html");
    let pb = ix.playbook();
    let stage_options: Vec<Value> = pb
        .config
        .motions
        .iter()
        .flat_map(|m| ix.stages_by_motion(m.id.as_str()).into_iter().flatten())
        .map(|s| json!({"id": s.meta.id, "title": s.title}))
        .collect();
    let data = json!({
        // The longest list of the site (every objection, with an excerpt of its answer): in parallel.
        "objections": pb.objections.par_iter().map(|o| finder_item(&cx, o)).collect::<Vec<_>>(),
        "total": pb.objections.len(),
        "stages": stage_options,
        "segments": pb.segments.iter().map(|s| json!({"id": s.meta.id, "title": s.name})).collect::<Vec<_>>(),
        "personas": pb.personas.iter().map(|p| json!({"id": p.meta.id, "title": p.name})).collect::<Vec<_>>(),
    });
    page(
        "objections/index.html",
        "objections.html",
        cx.t().finder,
        Section::Objections,
        data,
    )
}

pub(crate) fn matrix(ix: &SiteIndex<'_>, lang: Lang) -> Page {
    let cx = Cx::new(ix, lang, "selling-points/index.html");
    let pb = ix.playbook();
    let grid = pb.segments.len() <= GRID_SEGMENTS;
    let rows: Vec<Value> = pb
        .selling_points
        .iter()
        .map(|sp| {
            let mut row = json!({
                "url": cx.url(&page_url(Kind::SellingPoint, &sp.meta.id)),
                "title": sp.title,
                "benefit": sp.benefit,
            });
            row["cells"] = if grid {
                json!(pb
                    .segments
                    .iter()
                    .map(|s| sp.segments.iter().any(|r| r.id == s.meta.id))
                    .collect::<Vec<_>>())
            } else {
                json!(sp
                    .segments
                    .iter()
                    .map(|r| cx.link(Kind::Segment, &r.id))
                    .collect::<Vec<_>>())
            };
            row
        })
        .collect();
    let data = json!({
        "grid": grid,
        "segments": if grid { pb.segments.iter().map(|s| cx.link(Kind::Segment, &s.meta.id)).collect::<Vec<_>>() } else { Vec::new() },
        "rows": rows,
    });
    page(
        "selling-points/index.html",
        "selling-points.html",
        cx.t().selling_points,
        Section::SellingPoints,
        data,
    )
}

pub(crate) fn roleplays(ix: &SiteIndex<'_>, lang: Lang) -> Page {
    let cx = Cx::new(ix, lang, "roleplays/index.html");
    let data = json!({
        "roleplays": ix.playbook().roleplays.iter().map(|r| roleplay_card(&cx, r)).collect::<Vec<_>>(),
    });
    page(
        "roleplays/index.html",
        "roleplays.html",
        cx.t().roleplays,
        Section::Roleplays,
        data,
    )
}

pub(crate) fn segments(ix: &SiteIndex<'_>, lang: Lang) -> Page {
    let cx = Cx::new(ix, lang, "segments/index.html");
    let items: Vec<Value> = ix
        .playbook()
        .segments
        .iter()
        .map(|s| {
            json!({
                "url": cx.url(&page_url(Kind::Segment, &s.meta.id)),
                "title": s.name,
                "subtitle": mode_label(lang, s.mode),
                "text": s.criteria.first(),
            })
        })
        .collect();
    page(
        "segments/index.html",
        "list.html",
        cx.t().segments,
        Section::Segments,
        json!({ "items": items }),
    )
}

pub(crate) fn personas(ix: &SiteIndex<'_>, lang: Lang) -> Page {
    let cx = Cx::new(ix, lang, "personas/index.html");
    let items: Vec<Value> = ix
        .playbook()
        .personas
        .iter()
        .map(|p| {
            json!({
                "url": cx.url(&page_url(Kind::Persona, &p.meta.id)),
                "title": p.name,
                "subtitle": p.role.as_deref().map(|r| i18n::role(lang, r)),
                "text": if p.cares_about.is_empty() { None } else { Some(p.cares_about.join(" · ")) },
            })
        })
        .collect();
    page(
        "personas/index.html",
        "list.html",
        cx.t().personas,
        Section::Personas,
        json!({ "items": items }),
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
        let rows: Vec<Value> = stages
            .iter()
            .map(|s| {
                let here = ix.objections_by_stage(s.meta.id.as_str()).map(Vec::as_slice).unwrap_or(&[]);
                if !grid {
                    return coverage_summary(&cx, s, here);
                }
                let cells: Vec<Value> = pb
                    .segments
                    .iter()
                    .map(|seg| {
                        let seg_id = seg.meta.id.as_str();
                        let covering: Vec<&&Objection> = here
                            .iter()
                            .filter(|o| o.segments.is_empty() || o.segments.iter().any(|r| r.id == seg_id))
                            .collect();
                        let mut sps: Vec<&str> = covering
                            .iter()
                            .flat_map(|o| ix.forward(Kind::Objection, &o.meta.id).into_iter().flatten())
                            .filter(|(k, id)| {
                                *k == Kind::SellingPoint
                                    && ix.selling_points_by_segment(seg_id).is_some_and(|v| v.iter().any(|sp| sp.meta.id == *id))
                            })
                            .map(|(_, id)| *id)
                            .collect();
                        sps.sort_unstable();
                        sps.dedup();
                        json!({
                            "count": covering.len(),
                            "objections": covering.iter().take(CELL_OBJECTIONS).map(|o| cx.link(Kind::Objection, &o.meta.id)).collect::<Vec<_>>(),
                            "more": covering.len().saturating_sub(CELL_OBJECTIONS),
                            "more_url": format!("{}objections/index.html?stage={}&segment={}", cx.root, encode(&s.meta.id), encode(seg_id)),
                            "selling_points": sps.iter().map(|id| cx.link(Kind::SellingPoint, id)).collect::<Vec<_>>(),
                        })
                    })
                    .collect();
                json!({"stage": cx.link(Kind::Stage, &s.meta.id), "cells": cells})
            })
            .collect();
        motions_out.push(json!({"title": m.title, "rows": rows, "grid": grid}));
    }
    let warnings: Vec<Value> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Warning)
        .map(|d| {
            let url = match ix.link_target("", &d.file) {
                SiteTarget::Page(p) if p.ends_with(".html") => Some(cx.url(&p)),
                _ => None,
            };
            json!({
                "code": d.code.as_str(),
                "message": d.message,
                "file": d.file,
                "line": d.pos.map(|p| p.line),
                "url": url,
            })
        })
        .collect();
    let data = json!({
        "segments": pb.segments.iter().map(|s| cx.link(Kind::Segment, &s.meta.id)).collect::<Vec<_>>(),
        "motions": motions_out,
        "warnings": warnings,
    });
    page(
        "coverage.html",
        "coverage.html",
        cx.t().coverage,
        Section::Coverage,
        data,
    )
}

/// A coverage row without the grid: the stage's objections, and which segments they cover (an objection
/// naming no segment covers them all), as a count and as links.
fn coverage_summary(cx: &Cx<'_, '_>, s: &crate::content::Stage, here: &[&Objection]) -> Value {
    let all = here.iter().any(|o| o.segments.is_empty());
    let mut covered: Vec<&str> = here
        .iter()
        .flat_map(|o| o.segments.iter().map(|r| r.id.as_str()))
        .collect();
    covered.sort_unstable();
    covered.dedup();
    let total = cx.ix.playbook().segments.len();
    json!({
        "stage": cx.link(Kind::Stage, &s.meta.id),
        "objections": here.len(),
        "objections_url": format!("{}objections/index.html?stage={}", cx.root, encode(&s.meta.id)),
        "covered": if all { total } else { covered.len() },
        "total": total,
        "all": all,
        "segments": if all { Vec::new() } else { covered.iter().map(|id| cx.link(Kind::Segment, id)).collect::<Vec<_>>() },
    })
}

pub(crate) fn search(lang: Lang) -> Page {
    page(
        "search.html",
        "search.html",
        lang.strings().search,
        Section::None,
        json!({}),
    )
}

pub(crate) fn not_found(lang: Lang) -> Page {
    page(
        "404.html",
        "404.html",
        lang.strings().not_found,
        Section::None,
        json!({}),
    )
}
