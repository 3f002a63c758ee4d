//! `drill.html`: the objection drill. Every objection becomes a flashcard; `drill.js` schedules the cards
//! with `fsrs.js` and keeps their state with `progress.js`.
//!
//! The page carries only each card's front and what it is drawn by (JSON in the page: no fetch, it works
//! from `file://`). The backs, the answers as HTML, are in shards of [`SHARD_CARDS`] cards
//! (`drill/c<k>.js`), which `drill.js` loads with a `<script>` element when it shows a card of the shard: a
//! session of twenty cards loads a few shards, not every answer of the playbook.
//!
//! A card's back is its answer in two parts: the head of the answer that Markdown parses exactly as the
//! same part of the whole ([`head`]: the first paragraph, with a list or quote that follows it), shown
//! first, and the rest, shown on demand. Both go through the one Markdown path, sanitized.

use std::collections::{BTreeMap, HashMap};

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

/// How many cards' backs a shard holds.
pub(crate) const SHARD_CARDS: usize = 64;

/// How many shards the backs of `pb`'s objections take.
pub(crate) fn shards(pb: &Playbook) -> usize {
    pb.objections.len().div_ceil(SHARD_CARDS)
}

/// The site path of shard `k`.
pub(crate) fn shard_file(k: usize) -> String {
    format!("drill/c{k}.js")
}

/// One objection as a card: its front and what draws it.
#[derive(Serialize)]
struct Card<'a> {
    id: &'a str,
    /// The objection's page, relative to the site root.
    url: String,
    /// What the customer says: the objection, then its other phrasings.
    front: Vec<&'a str>,
    /// The shard that holds its back.
    shard: usize,
    stages: Vec<&'a str>,
    segments: Vec<&'a str>,
    /// The learning paths that drill it: `<path id>` for the path, `<path id>#<n>` for its step `n`.
    paths: Vec<String>,
}

/// The back of a card.
#[derive(Serialize)]
struct Back<'a> {
    /// The head of the answer, as HTML.
    first: String,
    /// The rest of the answer, as HTML; `None` when the head is all of it.
    rest: Option<String>,
    /// Questions to ask back.
    explore: &'a [String],
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

fn card<'a>(o: &'a Objection, shard: usize, paths: Vec<String>) -> Card<'a> {
    Card {
        id: &o.meta.id,
        url: page_url(Kind::Objection, &o.meta.id),
        front: std::iter::once(o.objection.as_str())
            .chain(o.aliases.iter().map(String::as_str))
            .collect(),
        shard,
        stages: o.stages.iter().map(|r| r.id.as_str()).collect(),
        segments: o.segments.iter().map(|r| r.id.as_str()).collect(),
        paths,
    }
}

fn back<'a>(cx: &Cx<'_, 'a>, o: &'a Objection) -> Back<'a> {
    let text = o.answer.text.as_str();
    let first = head(text, 0);
    let prefix = format!("{}-", o.meta.id);
    let html = |t: &str| to_html(t, &cx.md_cx(&o.meta.file, &prefix));
    let rest = text[first.len()..].trim();
    Back {
        first: html(first),
        rest: (!rest.is_empty()).then(|| html(rest)),
        explore: &o.explore,
    }
}

/// `drill/c<k>.js`: the backs of the cards of shard `k`, by objection id, handed to `drill.js`. Links in
/// them are relative to the site root, where `drill.html` is.
pub(crate) fn shard_js(ix: &SiteIndex<'_>, lang: Lang, k: usize) -> Vec<u8> {
    let cx = Cx::new(ix, lang, "drill.html");
    let pb = ix.playbook();
    let backs: BTreeMap<&str, Back<'_>> = pb
        .objections
        .iter()
        .skip(k * SHARD_CARDS)
        .take(SHARD_CARDS)
        .map(|o| (o.meta.id.as_str(), back(&cx, o)))
        .collect();
    format!("playbookDrillShard({k},{});\n", script_json(&backs)).into_bytes()
}

pub(crate) fn drill(ix: &SiteIndex<'_>, lang: Lang) -> Page {
    let path = "drill.html";
    let cx = Cx::new(ix, lang, path);
    let pb = ix.playbook();
    let drilled = drilled_in(pb);
    let data = DrillData {
        cards: pb
            .objections
            .iter()
            .enumerate()
            .map(|(i, o)| {
                card(
                    o,
                    i / SHARD_CARDS,
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
    .described(cx.t().describe_drill)
}
