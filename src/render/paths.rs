//! Learning paths: `paths/<id>.html` (the steps, each entry to study with its done mark, a progress bar per
//! step and for the path, the certificate once every step is done) and `paths/index.html` (every path, 100 a page, with
//! its progress); the overview shows the same outlines.
//!
//! The pages are complete without JavaScript (the steps and their links); `paths.js` reads the learner's
//! progress (`progress.js`) and marks what is done. It reads a path's outline from the page itself, where
//! every entry of a step is an element with `data-item="<kind>/<id>"`, so that the path page, the list and
//! the overview share one outline ([`outline`]) and one script.

use serde::Serialize;

use super::i18n::Lang;
use super::index::{encode, page_file, page_url, SiteIndex};
use super::pages::Cx;
use super::{Page, Section};
use crate::content::{Kind, Path, Step};

/// An entry to study in a step.
#[derive(Serialize)]
pub(crate) struct Item<'a> {
    /// `<kind>/<id>`: its key in the progress document.
    key: String,
    kind: &'static str,
    id: &'a str,
    /// The UI label of its kind.
    label: &'static str,
    /// Its page, from the page that shows the item; `None` for an id no entry has (`check` reports it).
    url: Option<String>,
    title: &'a str,
    /// A role-play's pass mark: it counts as done when passed.
    pass_score: Option<u8>,
}

/// A step of a path.
#[derive(Serialize)]
pub(crate) struct StepOutline<'a> {
    /// 1-based.
    n: usize,
    /// "Step 2", in the UI language.
    label: String,
    title: &'a str,
    day: Option<u32>,
    /// "Day 2", in the UI language.
    day_label: Option<String>,
    body: Option<String>,
    /// A drill step counts as done when every objection in it was answered Good or Easy once.
    drill: bool,
    /// The drill of this step's objections.
    drill_url: Option<String>,
    items: Vec<Item<'a>>,
}

/// A path with its steps, as its page, the list and the overview show it.
#[derive(Serialize)]
pub(crate) struct Outline<'a> {
    id: &'a str,
    url: String,
    title: &'a str,
    audience: Option<&'a str>,
    steps: Vec<StepOutline<'a>>,
}

/// The data of `paths/<id>.html`.
#[derive(Serialize)]
struct PathPage<'a> {
    path: Outline<'a>,
    /// The introduction (the body).
    body: String,
    backlinks: Vec<super::data::Backlink<'a>>,
    meta: super::data::Meta<'a>,
    more: super::data::MoreLinks,
}

/// The data of `paths/index.html`.
#[derive(Serialize)]
struct PathsPage<'a> {
    paths: Vec<Outline<'a>>,
    pager: Option<super::related::Pager>,
}

fn item<'a>(cx: &Cx<'_, 'a>, kind: Kind, id: &'a str) -> Item<'a> {
    let entry = cx.ix.entry(kind, id);
    Item {
        key: format!("{}/{id}", kind.key()),
        kind: kind.key(),
        id,
        label: cx.t().by_key(kind.label()).unwrap_or(""),
        url: entry.map(|_| cx.url(&page_url(kind, id))),
        title: entry.map_or(id, |e| e.title()),
        pass_score: match entry {
            Some(crate::content::Entry::Roleplay(r)) => Some(r.pass_score),
            _ => None,
        },
    }
}

fn step<'a>(cx: &Cx<'_, 'a>, p: &'a Path, n: usize, s: &'a Step, bodies: bool) -> StepOutline<'a> {
    StepOutline {
        n,
        label: cx.t().step_n.replace("{n}", &n.to_string()),
        title: &s.title,
        day: s.day,
        day_label: s.day.map(|d| cx.t().day_n.replace("{n}", &d.to_string())),
        body: s
            .body
            .as_ref()
            .filter(|_| bodies)
            .map(|b| cx.md(b, &p.meta.file, &format!("step{n}-"))),
        drill: s.drill,
        drill_url: s
            .drill
            .then(|| cx.url(&format!("drill.html?path={}&step={n}", encode(&p.meta.id)))),
        items: s.entries().map(|(kind, r)| item(cx, kind, &r.id)).collect(),
    }
}

/// A path's outline; with the steps' texts (`bodies`) on its own page only.
pub(crate) fn outline<'a>(cx: &Cx<'_, 'a>, p: &'a Path, bodies: bool) -> Outline<'a> {
    Outline {
        id: &p.meta.id,
        url: cx.url(&page_url(Kind::Path, &p.meta.id)),
        title: &p.title,
        audience: p.audience.as_deref(),
        steps: p
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| step(cx, p, i + 1, s, bodies))
            .collect(),
    }
}

/// `paths/<id>.html`.
pub(crate) fn path(ix: &SiteIndex<'_>, lang: Lang, p: &Path) -> Page {
    let file = page_file(Kind::Path, &p.meta.id);
    let cx = Cx::new(ix, lang, &file);
    let (backlinks, backlinks_more) =
        cx.backlinks(&super::pages::about(Kind::Path, &p.meta.id, &p.title));
    let data = PathPage {
        path: outline(&cx, p, true),
        body: cx.md(&p.body, &p.meta.file, ""),
        backlinks,
        meta: cx.meta(&p.meta),
        more: super::data::MoreLinks {
            backlinks: backlinks_more,
            ..Default::default()
        },
    };
    let mut page = Page::new(file, "path.html", &p.title, Section::Paths, &data);
    page.related = crate::lock::unpoisoned(cx.related.into_inner());
    page
}

/// `paths/index.html`: every path with its outline (the script shows the progress of each), 100 a page
/// (`paths/index-<n>.html` from the second).
pub(crate) fn paths(ix: &SiteIndex<'_>, lang: Lang) -> Page {
    use super::related::{numbered, paginate};
    let cx = Cx::new(ix, lang, "paths/index.html");
    let t = cx.t();
    let outlines = ix
        .playbook()
        .paths
        .iter()
        .map(|p| outline(&cx, p, false))
        .collect();
    paginate(
        t,
        outlines,
        |k| format!("paths/{}", numbered("index", k)),
        |path, paths, pager| {
            Page::new(
                path,
                "paths.html",
                t.paths,
                Section::Paths,
                &PathsPage { paths, pager },
            )
        },
    )
    .described(cx.t().describe_paths)
}
