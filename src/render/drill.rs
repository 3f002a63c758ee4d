//! `drill.html`: the objection drill. Every objection becomes a flashcard; `drill.js` schedules the cards
//! with `fsrs.js` and keeps their state with `progress.js`.
//!
//! No file of the drill grows with the playbook: each is bounded by what it holds. They are scripts that
//! hand their data to `playbookDrill.add(<name>, <data>)`, loaded with `<script>` elements (no fetch), so
//! the drill works from `file://` as over HTTP:
//!
//! * `drill.html` carries the first [`CHUNK`] cards of the whole drill (the playbook's first objections),
//!   so that a drill of every objection starts without a load, and how many chunks and front shards there
//!   are.
//! * `drill/all.<k>.js` (`k` from 1): chunk `k` of the whole drill, [`CHUNK`] cards in playbook order.
//! * `drill/<stages|segments|paths>/<id>.js`: the drill narrowed to one stage, segment or learning path
//!   (`?stage=`, `?segment=`, `?path=`): its name, how many chunks it has, and its first [`CHUNK`] cards
//!   in playbook order; `drill/<folder>/<id>.<k>.js` holds chunk `k` (from 1) when there are more. A path's
//!   cards carry the steps that drill them (`?path=<id>&step=<n>`).
//! * `drill/f<k>.js`: the cards by a hash of their id ([`front_shard`]: FNV-1a, 32 bits, of the id's
//!   UTF-8 bytes, modulo the number of front shards, which is the objections ÷ [`SHARD_CARDS`]). The
//!   learner's due cards are known by id only (from the stored progress): `drill.js` loads their front
//!   shards to show them, and to know whether a card is in a narrowed drill (its stages and segments).
//! * `drill/c<k>.js`: the backs (the answers as HTML) of the objections `64k..64k+63` in playbook order,
//!   loaded when a card of the shard is shown.
//!
//! A card (in a chunk or a front shard) is its id, its page, its front (the objection, then its other
//! phrasings), the back shard it is in, and its stages and segments. New cards come from the chunks in
//! order, so a session of twenty new cards loads one chunk (none for the whole drill's first twenty) and
//! the back shards of the cards it shows; due cards load one front shard each at most.
//!
//! A card's back is its answer in two parts: the head of the answer that Markdown parses exactly as the
//! same part of the whole ([`head`]: the first paragraph, with a list or quote that follows it), shown
//! first, and the rest, shown on demand. Both go through the one Markdown path, sanitized.
//!
//! Every file but the page reads through the recording [`SiteIndex`] only the entries it holds (and the
//! ids, the shape), so that `serve` renders again only the files an edit can change.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::i18n::Lang;
use super::index::{page_url, SiteIndex};
use super::markdown::to_html;
use super::pages::Cx;
use super::quiz::script_json;
use super::{Page, Section};
use crate::content::markdown::head;
use crate::content::{Entry, Kind, Objection, Playbook};

/// How many cards' backs a back shard holds, and how many cards a front shard holds on average.
pub(crate) const SHARD_CARDS: usize = 64;
/// How many cards a chunk of a drill's list holds.
pub(crate) const CHUNK: usize = 50;

/// What a drill can be narrowed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Scope {
    Stage,
    Segment,
    Path,
}

impl Scope {
    pub(crate) const ALL: [Scope; 3] = [Scope::Stage, Scope::Segment, Scope::Path];

    /// Its kind of entry.
    pub(crate) fn kind(self) -> Kind {
        match self {
            Scope::Stage => Kind::Stage,
            Scope::Segment => Kind::Segment,
            Scope::Path => Kind::Path,
        }
    }
}

/// Each objection's place in the playbook, by id: the drill's order and its back shards. Made from the ids
/// alone (the shape of the playbook), once per render.
pub(crate) struct Order<'a> {
    place: FxHashMap<&'a str, usize>,
    /// The objections' ids, in order.
    ids: Vec<&'a str>,
    /// The ids of each front shard, in order: sorted once here, not by every shard's job (which would
    /// make the drill's cost grow with the square of the playbook).
    fronts: Vec<Vec<&'a str>>,
}

impl<'a> Order<'a> {
    pub(crate) fn new(pb: &'a Playbook) -> Self {
        let ids: Vec<&str> = pb.objections.iter().map(|o| o.meta.id.as_str()).collect();
        let mut fronts = vec![Vec::new(); ids.len().div_ceil(SHARD_CARDS).max(1)];
        let n = fronts.len();
        for id in &ids {
            fronts[front_shard(id, n)].push(*id);
        }
        Order {
            place: ids.iter().enumerate().map(|(i, id)| (*id, i)).collect(),
            ids,
            fronts,
        }
    }

    /// The ids of `n` objections from the `from`th, in order.
    fn slice(&self, from: usize, n: usize) -> &[&'a str] {
        let from = from.min(self.ids.len());
        &self.ids[from..(from + n).min(self.ids.len())]
    }

    /// How many front shards there are (at least one).
    pub(crate) fn fronts(&self) -> usize {
        self.fronts.len()
    }

    /// How many chunks the whole drill takes (at least one, which may be empty).
    pub(crate) fn all_chunks(&self) -> usize {
        self.ids.len().div_ceil(CHUNK).max(1)
    }
}

/// How many back shards the objections of `pb` take.
pub(crate) fn shards(pb: &Playbook) -> usize {
    pb.objections.len().div_ceil(SHARD_CARDS)
}

/// The site path of back shard `k`.
pub(crate) fn shard_file(k: usize) -> String {
    format!("drill/c{k}.js")
}

/// The site path of front shard `k`.
pub(crate) fn front_file(k: usize) -> String {
    format!("drill/f{k}.js")
}

/// The site path of chunk `k` (from 1: the first is in the page) of the whole drill.
pub(crate) fn all_file(k: usize) -> String {
    format!("drill/all.{k}.js")
}

/// The name `drill.js` knows a scope's chunk `k` by: `<folder>/<id>`, `<folder>/<id>.<k>` from 1.
fn scope_name(scope: Scope, id: &str, k: usize) -> String {
    let folder = scope.kind().folder();
    match k {
        0 => format!("{folder}/{id}"),
        k => format!("{folder}/{id}.{k}"),
    }
}

/// The site path of a scope's chunk `k`; ids have no `.`, so `<id>.<k>.js` is no other scope's file.
pub(crate) fn scope_file(scope: Scope, id: &str, k: usize) -> String {
    format!("drill/{}.js", scope_name(scope, id, k))
}

/// The front shard of the card `id` among `fronts`: FNV-1a (32 bits) of its UTF-8 bytes, modulo `fronts`
/// (`drill.js` computes the same).
pub(crate) fn front_shard(id: &str, fronts: usize) -> usize {
    usize::try_from(super::changes::fnv1a32(id.as_bytes())).unwrap_or(0) % fronts.max(1)
}

/// One objection as a card: its front and what draws it.
#[derive(Serialize)]
struct Card<'a> {
    id: &'a str,
    /// The objection's page, relative to the site root.
    url: String,
    /// What the customer says: the objection, then its other phrasings.
    front: Vec<&'a str>,
    /// The back shard that holds its back.
    shard: usize,
    stages: Vec<&'a str>,
    segments: Vec<&'a str>,
    /// In a path's drill: the steps (1-based) that drill it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    steps: Vec<usize>,
}

fn card<'a>(o: &'a Objection, order: &Order<'_>, steps: Vec<usize>) -> Card<'a> {
    let place = order.place.get(o.meta.id.as_str()).copied().unwrap_or(0);
    Card {
        id: &o.meta.id,
        url: page_url(Kind::Objection, &o.meta.id),
        front: std::iter::once(o.objection.as_str())
            .chain(o.aliases.iter().map(String::as_str))
            .collect(),
        shard: place / SHARD_CARDS,
        stages: o.stages.iter().map(|r| r.id.as_str()).collect(),
        segments: o.segments.iter().map(|r| r.id.as_str()).collect(),
        steps,
    }
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

/// A chunk of a drill's list: the first also says the drill's name (a scope's) and how many chunks
/// there are.
#[derive(Serialize)]
struct Chunk<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    chunks: Option<usize>,
    cards: Vec<Card<'a>>,
}

fn script(name: &str, data: &impl Serialize) -> Vec<u8> {
    format!(
        "playbookDrill.add({},{});\n",
        script_json(name),
        script_json(data)
    )
    .into_bytes()
}

/// The objection `id`, read through `ix` (recorded).
fn objection<'a>(ix: &SiteIndex<'a>, id: &str) -> Option<&'a Objection> {
    match ix.entry(Kind::Objection, id) {
        Some(Entry::Objection(o)) => Some(o),
        _ => None,
    }
}

/// The objections of the whole drill from place `from`, at most `n`.
fn all_cards<'a>(ix: &SiteIndex<'a>, order: &Order<'_>, from: usize, n: usize) -> Vec<Card<'a>> {
    order
        .slice(from, n)
        .iter()
        .filter_map(|id| objection(ix, id))
        .map(|o| card(o, order, Vec::new()))
        .collect()
}

/// `drill/c<k>.js`: the backs of the cards of back shard `k`, by objection id. Links in them are relative
/// to the site root, where `drill.html` is.
pub(crate) fn shard_js(ix: &SiteIndex<'_>, order: &Order<'_>, lang: Lang, k: usize) -> Vec<u8> {
    let cx = Cx::new(ix, lang, "drill.html");
    let backs: BTreeMap<&str, Back<'_>> = order
        .slice(k * SHARD_CARDS, SHARD_CARDS)
        .iter()
        .filter_map(|id| objection(ix, id))
        .map(|o| (o.meta.id.as_str(), back(&cx, o)))
        .collect();
    script(&format!("c{k}"), &backs)
}

/// `drill/f<k>.js`: the cards of front shard `k`, by id.
pub(crate) fn front_js(ix: &SiteIndex<'_>, order: &Order<'_>, k: usize) -> Vec<u8> {
    let cards: BTreeMap<&str, Card<'_>> = order
        .fronts
        .get(k)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .filter_map(|id| objection(ix, id))
        .map(|o| (o.meta.id.as_str(), card(o, order, Vec::new())))
        .collect();
    script(&format!("f{k}"), &cards)
}

/// `drill/all.<k>.js`: chunk `k` (from 1) of the whole drill.
pub(crate) fn all_js(ix: &SiteIndex<'_>, order: &Order<'_>, k: usize) -> Vec<u8> {
    let chunk = Chunk {
        name: None,
        chunks: None,
        cards: all_cards(ix, order, k * CHUNK, CHUNK),
    };
    script(&format!("all.{k}"), &chunk)
}

/// The files of the drill narrowed to the entry `id` of `scope`: its chunks, the first first. A scope
/// with no cards has one chunk, empty (the drill says so).
pub(crate) fn scope_js(
    ix: &SiteIndex<'_>,
    order: &Order<'_>,
    scope: Scope,
    id: &str,
) -> Vec<(String, Vec<u8>)> {
    let (name, cards): (Option<&str>, Vec<Card<'_>>) = match scope {
        Scope::Stage => (
            ix.entry(Kind::Stage, id).map(|e| e.title()),
            ix.objections_by_stage(id)
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .map(|o| card(o, order, Vec::new()))
                .collect(),
        ),
        Scope::Segment => (
            ix.entry(Kind::Segment, id).map(|e| e.title()),
            ix.objections_by_segment(id)
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .map(|o| card(o, order, Vec::new()))
                .collect(),
        ),
        Scope::Path => match ix.entry(Kind::Path, id) {
            Some(Entry::Path(p)) => (Some(p.title.as_str()), path_cards(ix, order, p)),
            _ => (None, Vec::new()),
        },
    };
    let chunks = cards.len().div_ceil(CHUNK).max(1);
    let mut cards = cards.into_iter();
    (0..chunks)
        .map(|k| {
            let chunk = Chunk {
                name: (k == 0).then_some(name.unwrap_or(id)),
                chunks: (k == 0).then_some(chunks),
                cards: cards.by_ref().take(CHUNK).collect(),
            };
            (
                scope_file(scope, id, k),
                script(&scope_name(scope, id, k), &chunk),
            )
        })
        .collect()
}

/// The cards a path drills, in playbook order, each with the steps that drill it: the objections of its
/// drill steps, or of all its steps when none is a drill step.
fn path_cards<'a>(
    ix: &SiteIndex<'a>,
    order: &Order<'_>,
    p: &'a crate::content::Path,
) -> Vec<Card<'a>> {
    let any_drill = p.steps.iter().any(|s| s.drill);
    let mut steps: BTreeMap<usize, (&'a Objection, Vec<usize>)> = BTreeMap::new();
    for (i, s) in p.steps.iter().enumerate() {
        if any_drill && !s.drill {
            continue;
        }
        for (kind, r) in s.entries() {
            if kind != Kind::Objection {
                continue;
            }
            let Some(o) = objection(ix, &r.id) else {
                continue;
            };
            let Some(&place) = order.place.get(o.meta.id.as_str()) else {
                continue;
            };
            let (_, list) = steps.entry(place).or_insert((o, Vec::new()));
            if !list.contains(&(i + 1)) {
                list.push(i + 1);
            }
        }
    }
    steps
        .into_values()
        .map(|(o, list)| card(o, order, list))
        .collect()
}

/// What `drill.js` reads from the page.
#[derive(Serialize)]
struct DrillData<'a> {
    /// How many front shards there are.
    fronts: usize,
    /// The whole drill's first chunk.
    all: Chunk<'a>,
}

/// The page's data: the cards, as JSON safe inside `<script>`.
#[derive(Serialize)]
struct DrillPage {
    cards_json: String,
}

pub(crate) fn drill(ix: &SiteIndex<'_>, order: &Order<'_>, lang: Lang) -> Page {
    let path = "drill.html";
    let cx = Cx::new(ix, lang, path);
    let data = DrillData {
        fronts: order.fronts(),
        all: Chunk {
            name: None,
            chunks: Some(order.all_chunks()),
            cards: all_cards(ix, order, 0, CHUNK),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_named_by_chunk_and_shard() {
        assert_eq!(scope_file(Scope::Stage, "价格", 0), "drill/stages/价格.js");
        assert_eq!(scope_file(Scope::Path, "p1", 2), "drill/paths/p1.2.js");
        assert_eq!(all_file(3), "drill/all.3.js");
        assert_eq!(front_file(0), "drill/f0.js");
    }

    #[test]
    fn the_front_shard_is_fnv1a_of_the_utf8_bytes() {
        // FNV-1a 32 of "a" is 0xe40c292c; of "" the offset basis 0x811c9dc5.
        assert_eq!(front_shard("a", 1 << 20), 0xe40c_292c % (1 << 20));
        assert_eq!(front_shard("", 7), 0x811c_9dc5 % 7);
        assert_eq!(front_shard("x", 0), 0, "no shards: the first");
    }
}
