//! The objection finder: a page of [`PAGE`] objections at a time, and the facet shards `finder.js`
//! filters with. No file of it grows with the playbook beyond what it is about.
//!
//! * `objections/index.html`: the filters and the first [`PAGE`] objections in **document order** (the
//!   order of the search index's documents, [`crate::search::docs::sources`]: by id). With JavaScript,
//!   `finder.js` fetches the rest from the search index's document shards ("Show more"), and filters with
//!   the site's search engine (`PBS.search`, restricted to the objections' documents) and the facet shards.
//! * `objections/all/<n>.html` (`n` from 2): the same list, [`PAGE`] objections a page, linked from the
//!   first page: the whole list without JavaScript.
//! * `finder/stages/<id>.js`, `finder/segments/<id>.js`, `finder/personas/<id>.js`: one script per stage,
//!   segment and persona, `PBF.add("stages/<id>", [numbers])`, the document numbers of the objections that
//!   name it, ascending. `finder/any-segment.js` and `finder/any-persona.js` list the objections that name
//!   no segment (no persona), which apply to every one. Scripts, not JSON, so they load from `file://`.
//! * A facet of up to [`SELECT_MAX`] values is a `<select>`; beyond that (a select of 20,000 stages is
//!   itself a megabyte) it is a text field whose suggestions come from the search index, restricted to
//!   the facet's kind.
//!
//! Every file reads through the recording [`SiteIndex`] (its entries, or the objections that name a stage),
//! so that `serve` renders again only those an edit can change (see [`super::incremental`]).

use serde::Serialize;

use super::data::{Filter, FilterGroup, FinderFacet, FinderItem, FinderPage};
use super::i18n::{Lang, Strings};
use super::index::{page_url, SiteIndex};
use super::pages::Cx;
use super::quiz::script_json;
use super::related::page_n;
use super::{Page, Section};
use crate::content::plain::{self, EXCERPT_CHARS};
use crate::content::{Entry, Kind, Objection, Playbook};
use rustc_hash::FxHashMap;

/// Objections a page (and a "Show more").
pub(crate) const PAGE: usize = 50;
/// The most values a facet shows as a `<select>`.
pub(crate) const SELECT_MAX: usize = 100;

/// A facet the finder filters by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Facet {
    Stage,
    Segment,
    Persona,
}

impl Facet {
    pub(crate) const ALL: [Facet; 3] = [Facet::Stage, Facet::Segment, Facet::Persona];

    /// Its kind of entry.
    pub(crate) fn kind(self) -> Kind {
        match self {
            Facet::Stage => Kind::Stage,
            Facet::Segment => Kind::Segment,
            Facet::Persona => Kind::Persona,
        }
    }

    /// Its URL query parameter (`?stage=`) and form field.
    pub(crate) fn param(self) -> &'static str {
        match self {
            Facet::Stage => "stage",
            Facet::Segment => "segment",
            Facet::Persona => "persona",
        }
    }

    /// Whether an objection that names no value of it applies to every value (segments and personas:
    /// an objection for no segment in particular is met in all; an objection names the stages it is met at).
    pub(crate) fn has_any(self) -> bool {
        self != Facet::Stage
    }

    /// The objections that name the value `id`.
    fn objections<'a>(self, ix: &SiteIndex<'a>, id: &str) -> &'a [&'a Objection] {
        match self {
            Facet::Stage => ix.objections_by_stage(id),
            Facet::Segment => ix.objections_by_segment(id),
            Facet::Persona => ix.objections_by_persona(id),
        }
        .map_or(&[], Vec::as_slice)
    }

    fn named(self, o: &Objection) -> bool {
        !match self {
            Facet::Stage => &o.stages,
            Facet::Segment => &o.segments,
            Facet::Persona => &o.personas,
        }
        .is_empty()
    }

    fn label(self, t: &Strings) -> (&'static str, &'static str) {
        match self {
            Facet::Stage => (t.stage, t.all_stages),
            Facet::Segment => (t.segment, t.all_segments),
            Facet::Persona => (t.persona, t.all_personas),
        }
    }
}

/// The search index's numbering of the documents ([`crate::search::docs::sources`]): the finder's facet
/// shards and its order are in these numbers, so that they meet `PBS.search`'s results. Made from the ids
/// alone (the shape of the playbook), once per render.
pub(crate) struct Numbers<'a> {
    /// The objections' ids in document order.
    order: Vec<&'a str>,
    /// An objection's document number, by id.
    number: FxHashMap<&'a str, u32>,
    /// Each kind's documents, `start..end`.
    ranges: Vec<(Kind, u32, u32)>,
}

impl<'a> Numbers<'a> {
    pub(crate) fn new(pb: &'a Playbook) -> Self {
        let mut order = Vec::new();
        let mut number = FxHashMap::default();
        let mut ranges: Vec<(Kind, u32, u32)> = Vec::new();
        for (n, e) in crate::search::docs::sources(pb).into_iter().enumerate() {
            let n = u32::try_from(n).unwrap_or(u32::MAX);
            match ranges.last_mut() {
                Some((k, _, end)) if *k == e.kind() => *end = n + 1,
                _ => ranges.push((e.kind(), n, n + 1)),
            }
            if let Entry::Objection(o) = e {
                order.push(o.meta.id.as_str());
                number.insert(o.meta.id.as_str(), n);
            }
        }
        Numbers {
            order,
            number,
            ranges,
        }
    }

    /// The documents of `kind`, `[start, end)`; `[0, 0]` when it has none.
    pub(crate) fn range(&self, kind: Kind) -> [u32; 2] {
        self.ranges
            .iter()
            .find(|(k, _, _)| *k == kind)
            .map_or([0, 0], |&(_, s, e)| [s, e])
    }

    /// The document numbers of `objections`, ascending.
    fn of(&self, objections: impl Iterator<Item = &'a str>) -> Vec<u32> {
        let mut out: Vec<u32> = objections
            .filter_map(|id| self.number.get(id).copied())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// How many pages the list takes (at least one, which may be empty).
pub(crate) fn pages(pb: &Playbook) -> usize {
    pb.objections.len().div_ceil(PAGE).max(1)
}

/// The path of page `k` (from 0) of the list.
pub(crate) fn page_path(k: usize) -> String {
    if k == 0 {
        "objections/index.html".to_string()
    } else {
        format!("objections/all/{}.html", k + 1)
    }
}

/// The path of the facet shard of value `id`.
pub(crate) fn facet_path(facet: Facet, id: &str) -> String {
    format!("finder/{}/{id}.js", facet.kind().folder())
}

/// The path of the objections that name no value of `facet`.
pub(crate) fn any_path(facet: Facet) -> String {
    format!("finder/any-{}.js", facet.param())
}

fn script(name: &str, numbers: &[u32]) -> Vec<u8> {
    format!("PBF.add({},{});\n", script_json(name), script_json(numbers)).into_bytes()
}

/// The shard of the value `id` of `facet`.
pub(crate) fn facet_js(
    ix: &SiteIndex<'_>,
    numbers: &Numbers<'_>,
    facet: Facet,
    id: &str,
) -> Vec<u8> {
    let list = numbers.of(facet.objections(ix, id).iter().map(|o| o.meta.id.as_str()));
    script(&format!("{}/{id}", facet.kind().folder()), &list)
}

/// The objections that name no value of `facet`.
pub(crate) fn any_js(ix: &SiteIndex<'_>, numbers: &Numbers<'_>, facet: Facet) -> Vec<u8> {
    let pb = ix.playbook();
    let list = numbers.of(pb
        .objections
        .iter()
        .filter(|o| !facet.named(o))
        .map(|o| o.meta.id.as_str()));
    script(&format!("any-{}", facet.param()), &list)
}

fn item<'a>(cx: &Cx<'_, 'a>, o: &'a Objection) -> FinderItem<'a> {
    FinderItem {
        url: cx.url(&page_url(Kind::Objection, &o.meta.id)),
        title: &o.objection,
        excerpt: plain::excerpt(&o.answer.text, EXCERPT_CHARS),
    }
}

/// What `finder.js` reads from the first page.
#[derive(Serialize)]
struct Config<'s> {
    /// The objections' documents in the search index, `[start, end)`.
    objections: [u32; 2],
    page: usize,
    /// By parameter: its kind's folder (of the entry pages and of the shards), its documents in the
    /// search index, whether objections naming none apply to all.
    facets: Vec<FacetConfig>,
    more: &'s str,
    unknown: &'s str,
}

#[derive(Serialize)]
struct FacetConfig {
    param: &'static str,
    folder: &'static str,
    docs: [u32; 2],
    any: bool,
}

/// A facet's field: a select of its values (by motion, for stages), or a picker past [`SELECT_MAX`].
fn field<'a>(ix: &SiteIndex<'a>, facet: Facet, t: &Strings) -> Option<FinderFacet<'a>> {
    let count = ix.ids(facet.kind()).count();
    if count == 0 {
        return None;
    }
    let (label, all) = facet.label(t);
    let groups = (count <= SELECT_MAX).then(|| match facet {
        Facet::Stage => ix
            .config()
            .motions
            .iter()
            .filter_map(|m| {
                let stages = ix.stages_by_motion(m.id.as_str())?;
                Some(FilterGroup {
                    label: &m.title,
                    options: stages
                        .iter()
                        .map(|s| Filter {
                            id: &s.meta.id,
                            title: &s.title,
                        })
                        .collect(),
                })
            })
            .collect(),
        _ => vec![FilterGroup {
            label: "",
            options: ix
                .ids(facet.kind())
                .filter_map(|id| {
                    ix.entry(facet.kind(), id).map(|e| Filter {
                        id: e.id(),
                        title: e.title(),
                    })
                })
                .collect(),
        }],
    });
    Some(FinderFacet {
        param: facet.param(),
        label,
        all,
        groups,
    })
}

/// Page `k` (from 0) of the list; the first carries the filters.
pub(crate) fn page(ix: &SiteIndex<'_>, numbers: &Numbers<'_>, lang: Lang, k: usize) -> Page {
    let path = page_path(k);
    let cx = Cx::new(ix, lang, &path);
    let t = cx.t();
    let total = ix.ids(Kind::Objection).count();
    let pages = total.div_ceil(PAGE).max(1);
    let objections = numbers
        .order
        .iter()
        .skip(k * PAGE)
        .take(PAGE)
        .filter_map(|id| match ix.entry(Kind::Objection, id) {
            Some(Entry::Objection(o)) => Some(item(&cx, o)),
            _ => None,
        })
        .collect();
    let link = |j: usize| cx.url(&page_path(j));
    let first = k == 0;
    let config = first.then(|| {
        script_json(&Config {
            objections: numbers.range(Kind::Objection),
            page: PAGE,
            facets: Facet::ALL
                .iter()
                .map(|&f| FacetConfig {
                    param: f.param(),
                    folder: f.kind().folder(),
                    docs: numbers.range(f.kind()),
                    any: f.has_any(),
                })
                .collect(),
            more: t.finder_more,
            unknown: t.finder_unknown,
        })
    });
    let data = FinderPage {
        objections,
        total,
        number: k + 1,
        pages,
        previous: (k > 0).then(|| link(k - 1)),
        next: (k + 1 < pages).then(|| link(k + 1)),
        facets: if first {
            Facet::ALL.iter().filter_map(|&f| field(ix, f, t)).collect()
        } else {
            Vec::new()
        },
        config,
        heading: if first {
            t.finder.to_string()
        } else {
            t.finder_page_of
                .replace("{n}", &(k + 1).to_string())
                .replace("{total}", &pages.to_string())
        },
    };
    let title = data.heading.clone();
    Page::new(path, "objections.html", &title, Section::Objections, &data).described(page_n(
        t,
        t.describe_finder,
        k + 1,
        pages,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_after_the_first_are_numbered_from_two() {
        assert_eq!(page_path(0), "objections/index.html");
        assert_eq!(page_path(1), "objections/all/2.html");
        assert_eq!(facet_path(Facet::Stage, "a b"), "finder/stages/a b.js");
        assert_eq!(any_path(Facet::Persona), "finder/any-persona.js");
    }

    #[test]
    fn a_shard_is_a_script_that_hands_its_numbers_to_pbf() {
        let js = String::from_utf8(script("stages/x</script>", &[1, 5])).expect("utf-8");
        assert_eq!(js, "PBF.add(\"stages/x\\u003c/script\\u003e\",[1,5]);\n");
    }
}
