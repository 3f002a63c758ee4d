//! `drill.html`: the objection drill. Every objection becomes a flashcard whose data the page carries as
//! JSON (no fetch: it works from `file://`); `drill.js` schedules the cards with `fsrs.js` and keeps their
//! state with `progress.js`.
//!
//! A card's back is its answer in two parts: the head of the answer that Markdown parses exactly as the
//! same part of the whole ([`head`]: the first paragraph, with a list or quote that follows it), shown
//! first, and the rest, shown on demand. Both go through the one Markdown path, sanitized.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use super::i18n::Lang;
use super::index::{page_url, SiteIndex};
use super::markdown::to_html;
use super::pages::Cx;
use super::quiz::script_json;
use super::{Page, Section};
use crate::content::markdown::head;
use crate::content::{Kind, Objection, Playbook};

/// What `drill.js` reads.
#[derive(Serialize)]
struct DrillData<'a> {
    cards: Vec<Card<'a>>,
    /// The names of what a drill can be narrowed to (`?stage=`, `?segment=`), by id.
    names: Names<'a>,
}

#[derive(Serialize)]
struct Names<'a> {
    stage: BTreeMap<&'a str, &'a str>,
    segment: BTreeMap<&'a str, &'a str>,
    path: BTreeMap<&'a str, &'a str>,
}

/// One objection as a card.
#[derive(Serialize)]
struct Card<'a> {
    id: &'a str,
    /// The objection's page, relative to the site root.
    url: String,
    /// What the customer says: the objection, then its other phrasings.
    front: Vec<&'a str>,
    /// The head of the answer, as HTML.
    first: String,
    /// The rest of the answer, as HTML; `None` when the head is all of it.
    rest: Option<String>,
    /// Questions to ask back.
    explore: &'a [String],
    stages: Vec<&'a str>,
    segments: Vec<&'a str>,
    /// The learning paths that drill it: `<path id>` for the path, `<path id>#<n>` for its step `n`.
    paths: Vec<String>,
}

/// The page's data: the cards, as JSON safe inside `<script>`.
#[derive(Serialize)]
struct DrillPage {
    cards_json: String,
}

/// For each objection, the paths that drill it (see [`Card::paths`]): the objections of a path's drill
/// steps, or of all its steps when none is a drill step.
fn drilled_in(pb: &Playbook) -> HashMap<&str, Vec<String>> {
    let mut out: HashMap<&str, Vec<String>> = HashMap::new();
    for p in &pb.paths {
        let any_drill = p.steps.iter().any(|s| s.drill);
        for (i, s) in p.steps.iter().enumerate() {
            for (kind, r) in s.entries() {
                if kind != Kind::Objection || (any_drill && !s.drill) {
                    continue;
                }
                let keys = out.entry(r.id.as_str()).or_default();
                for key in [p.meta.id.clone(), format!("{}#{}", p.meta.id, i + 1)] {
                    if !keys.contains(&key) {
                        keys.push(key);
                    }
                }
            }
        }
    }
    out
}

fn card<'a>(cx: &Cx<'_, 'a>, o: &'a Objection, paths: Vec<String>) -> Card<'a> {
    let text = o.answer.text.as_str();
    let first = head(text, 0);
    let prefix = format!("{}-", o.meta.id);
    let html = |t: &str| to_html(t, &cx.md_cx(&o.meta.file, &prefix));
    let rest = text[first.len()..].trim();
    Card {
        id: &o.meta.id,
        url: page_url(Kind::Objection, &o.meta.id),
        front: std::iter::once(o.objection.as_str())
            .chain(o.aliases.iter().map(String::as_str))
            .collect(),
        first: html(first),
        rest: (!rest.is_empty()).then(|| html(rest)),
        explore: &o.explore,
        stages: o.stages.iter().map(|r| r.id.as_str()).collect(),
        segments: o.segments.iter().map(|r| r.id.as_str()).collect(),
        paths,
    }
}

pub(crate) fn drill(ix: &SiteIndex<'_>, lang: Lang) -> Page {
    let path = "drill.html";
    let cx = Cx::new(ix, lang, path);
    let pb = ix.playbook();
    let drilled = drilled_in(pb);
    let data = DrillData {
        cards: pb
            .objections
            .par_iter()
            .map(|o| {
                card(
                    &cx,
                    o,
                    drilled.get(o.meta.id.as_str()).cloned().unwrap_or_default(),
                )
            })
            .collect(),
        names: Names {
            stage: pb
                .stages
                .iter()
                .map(|s| (s.meta.id.as_str(), s.title.as_str()))
                .collect(),
            segment: pb
                .segments
                .iter()
                .map(|s| (s.meta.id.as_str(), s.name.as_str()))
                .collect(),
            path: pb
                .paths
                .iter()
                .map(|p| (p.meta.id.as_str(), p.title.as_str()))
                .collect(),
        },
    };
    let page = DrillPage {
        cards_json: script_json(&data),
    };
    Page::new(
        path.to_string(),
        "drill.html",
        cx.t().drill,
        Section::Objections,
        &page,
    )
}
