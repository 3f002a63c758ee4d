//! `drill.html`: the objection drill. Every objection becomes a flashcard whose data the page carries as
//! JSON (no fetch: it works from `file://`); `drill.js` schedules the cards with `fsrs.js` and keeps their
//! state with `progress.js`.
//!
//! A card's back is its answer in two parts: the head of the answer that Markdown parses exactly as the
//! same part of the whole ([`head`]: the first paragraph, with a list or quote that follows it), shown
//! first, and the rest, shown on demand. Both go through the one Markdown path, sanitized.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::i18n::Lang;
use super::index::{page_url, SiteIndex};
use super::markdown::to_html;
use super::pages::Cx;
use super::quiz::script_json;
use super::{Page, Section};
use crate::content::markdown::head;
use crate::content::{Kind, Objection};

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
}

/// The page's data: the cards, as JSON safe inside `<script>`.
#[derive(Serialize)]
struct DrillPage {
    cards_json: String,
}

fn card<'a>(cx: &Cx<'_, 'a>, o: &'a Objection) -> Card<'a> {
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
    }
}

pub(crate) fn drill(ix: &SiteIndex<'_>, lang: Lang) -> Page {
    let path = "drill.html";
    let cx = Cx::new(ix, lang, path);
    let pb = ix.playbook();
    let data = DrillData {
        cards: pb.objections.par_iter().map(|o| card(&cx, o)).collect(),
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
