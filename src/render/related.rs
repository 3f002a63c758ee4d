//! Bounded sections: what keeps a page's size proportional to what it is about, not to the playbook.
//!
//! A section of an entry page that lists other entries found by a reverse lookup (the selling points of
//! a stage's segments, the objections of a segment, "Mentioned in", …) can grow with the playbook. Such a
//! section shows the [`SHOWN`] most relevant items, says "12 of N", and links to the full list: the
//! section's own pages under the entry's folder (`stages/<id>/selling-points.html`, then
//! `…/selling-points-2.html`, [`PER_PAGE`] items each, with a pager). The full list is rendered with the
//! entry's page, from the same recorded reads, so that an incremental render keeps both right.
//!
//! **Ranking** (the same on the entry page and on the full list, so the first page starts with what the
//! entry page shows): entries the page's own entry links to directly (its body, or the bodies of the
//! objections met at a stage) first; then the entries that share more of the page's segments (only where
//! segments are compared: a stage's selling points); then in the order of the lookup, which is the
//! playbook's (its files' order; "Mentioned in" by kind, then id).
//!
//! The lists of a kind (`segments/index.html`, …) are paginated the same way with [`paginate`].

use std::cmp::Reverse;

use serde::Serialize;

use super::data::Link;
use super::i18n::Strings;
use super::index::page_url;
use super::pages::{root_of, Cx};
use super::{Page, Section};
use crate::content::Kind;

/// How many items a bounded section of a page shows.
pub(crate) const SHOWN: usize = 12;
/// How many items a page of a full list (or of a list of a kind) shows.
pub(crate) const PER_PAGE: usize = 100;

/// An entry a page is about: the owner of a bounded section.
pub(crate) struct About<'a> {
    pub kind: Kind,
    pub id: &'a str,
    pub title: &'a str,
    pub section: Section,
}

/// An item of a bounded section, with what ranks it.
pub(crate) struct Cand<'a, T> {
    pub kind: Kind,
    pub id: &'a str,
    pub title: &'a str,
    /// Linked to directly by the page's entry.
    pub direct: bool,
    /// How many of the page's segments it shares.
    pub shared: usize,
    /// Entries shown beside it (the segments a selling point is for).
    pub tags: Vec<(Kind, &'a str)>,
    /// Shown with its kind's label ("Mentioned in" lists entries of every kind).
    pub labelled: bool,
    pub item: T,
}

impl<'a, T> Cand<'a, T> {
    pub(crate) fn new(kind: Kind, id: &'a str, title: &'a str, item: T) -> Self {
        Cand {
            kind,
            id,
            title,
            direct: false,
            shared: 0,
            tags: Vec::new(),
            labelled: false,
            item,
        }
    }
}

/// "12 of 40 · See all 40": the link from a bounded section to its full list.
#[derive(Serialize)]
pub(crate) struct More {
    pub shown_of: String,
    pub see_all: String,
    pub url: String,
}

/// A bounded section: the items shown, the link to the rest, and the pages of the full list.
pub(crate) struct Bounded<'a, T> {
    pub shown: Vec<Cand<'a, T>>,
    pub more: Option<More>,
    pub pages: Vec<Page>,
}

/// An item of a full list.
#[derive(Serialize)]
struct Item<'a> {
    url: String,
    title: &'a str,
    kind: Option<&'static str>,
    tags: Vec<Link<'a>>,
}

/// The data of a page of a full list (`related.html`).
#[derive(Serialize)]
struct RelatedPage<'a> {
    about: Link<'a>,
    heading: &'a str,
    total: usize,
    items: Vec<Item<'a>>,
    pager: Option<Pager>,
}

/// Page numbers: previous, next, and a window of numbers around the current page (the first and the
/// last always; `null` numbers are gaps), so that the pager itself stays small.
#[derive(Serialize)]
pub(crate) struct Pager {
    pub label: String,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PagerItem>,
}

#[derive(Serialize)]
pub(crate) struct PagerItem {
    pub n: Option<usize>,
    pub url: String,
    pub current: bool,
}

/// The pager of page `n` (from 1) of `total` pages, `None` for a single page. `url(k)` is the URL of page
/// `k` from the current page.
pub(crate) fn pager(
    t: &Strings,
    n: usize,
    total: usize,
    url: impl Fn(usize) -> String,
) -> Option<Pager> {
    if total <= 1 {
        return None;
    }
    let mut pages = Vec::new();
    let mut last = 0;
    for k in 1..=total {
        if k == 1 || k == total || k.abs_diff(n) <= 2 {
            if k > last + 1 {
                pages.push(PagerItem {
                    n: None,
                    url: String::new(),
                    current: false,
                });
            }
            pages.push(PagerItem {
                n: Some(k),
                url: url(k),
                current: k == n,
            });
            last = k;
        }
    }
    Some(Pager {
        label: t
            .page_n
            .replace("{n}", &n.to_string())
            .replace("{total}", &total.to_string()),
        previous: (n > 1).then(|| url(n - 1)),
        next: (n < total).then(|| url(n + 1)),
        pages,
    })
}

/// The meta description of page `n` (from 1) of `total` of a list described by `description`: the
/// description itself for the first page, with the page number after it for the others.
pub(crate) fn page_n(t: &Strings, description: &str, n: usize, total: usize) -> String {
    if n <= 1 {
        description.to_string()
    } else {
        // The numbers first: the description is text from the playbook, which may hold `{n}`.
        t.describe_page_n
            .replace("{n}", &n.to_string())
            .replace("{total}", &total.to_string())
            .replace("{description}", description)
    }
}

/// The file name of page `n` (from 1) of a list whose first page is `<stem>.html`: `<stem>-<n>.html`.
pub(crate) fn numbered(stem: &str, n: usize) -> String {
    if n <= 1 {
        format!("{stem}.html")
    } else {
        format!("{stem}-{n}.html")
    }
}

/// Sorts `cands` by rank (see the module's comment): a stable sort, so that items of equal rank keep the
/// order they were given in (the playbook's).
pub(crate) fn rank<T>(cands: &mut [Cand<'_, T>]) {
    cands.sort_by_key(|c| (!c.direct, Reverse(c.shared)));
}

/// Ranks `cands` (see the module's comment) and keeps the first [`SHOWN`]; when there are more, makes
/// the pages of the full list, `<folder>/<id>/<slug>.html` and on, headed `heading`.
pub(crate) fn bound<'a, T>(
    cx: &Cx<'_, 'a>,
    about: &About<'_>,
    slug: &str,
    heading: &str,
    mut cands: Vec<Cand<'a, T>>,
) -> Bounded<'a, T> {
    rank(&mut cands);
    let total = cands.len();
    if total <= SHOWN {
        return Bounded {
            shown: cands,
            more: None,
            pages: Vec::new(),
        };
    }
    let t = cx.t();
    let folder = format!("{}/{}", about.kind.folder(), about.id);
    let count = total.div_ceil(PER_PAGE);
    let pages = cands
        .chunks(PER_PAGE)
        .enumerate()
        .map(|(i, chunk)| {
            let path = format!("{folder}/{}", numbered(slug, i + 1));
            let root = root_of(&path);
            let link = |kind: Kind, id: &'a str| {
                let l = cx.link(kind, id);
                Link {
                    url: l.url.map(|_| format!("{root}{}", page_url(kind, id))),
                    ..l
                }
            };
            let data = RelatedPage {
                about: Link {
                    url: Some(format!("{root}{}", page_url(about.kind, about.id))),
                    title: about.title,
                    id: about.id,
                },
                heading,
                total,
                items: chunk
                    .iter()
                    .map(|c| Item {
                        url: format!("{root}{}", page_url(c.kind, c.id)),
                        title: c.title,
                        kind: c
                            .labelled
                            .then(|| t.by_key(c.kind.label()).unwrap_or(c.kind.label())),
                        tags: c.tags.iter().map(|&(k, id)| link(k, id)).collect(),
                    })
                    .collect(),
                pager: pager(t, i + 1, count, |k| numbered(slug, k)),
            };
            let title = format!("{heading} · {}", about.title);
            let description = t
                .describe_related
                .replace("{total}", &total.to_string())
                .replace("{heading}", heading)
                .replace("{title}", about.title);
            Page::new(path, "related.html", &title, about.section, &data).described(page_n(
                t,
                &description,
                i + 1,
                count,
            ))
        })
        .collect();
    let url = cx.url(&format!(
        "{}/{}/{slug}.html",
        about.kind.folder(),
        super::index::encode(about.id)
    ));
    cands.truncate(SHOWN);
    Bounded {
        shown: cands,
        more: Some(More {
            shown_of: t
                .shown_of
                .replace("{shown}", &SHOWN.to_string())
                .replace("{total}", &total.to_string()),
            see_all: t.see_all_n.replace("{total}", &total.to_string()),
            url,
        }),
        pages,
    }
}

/// Splits `items` into pages of [`PER_PAGE`]: page `n` is at `path(n)` (all at the same depth as the
/// first), made by `make(path, items, pager)`. Returns the first page, with the others as its related
/// pages (rendered by the same job).
pub(crate) fn paginate<T>(
    t: &Strings,
    items: Vec<T>,
    path: impl Fn(usize) -> String,
    make: impl Fn(String, Vec<T>, Option<Pager>) -> Page,
) -> Page {
    let count = items.len().div_ceil(PER_PAGE).max(1);
    let file = |k: usize| {
        let p = path(k);
        p.rsplit('/').next().unwrap_or(&p).to_string()
    };
    let mut chunks: Vec<Vec<T>> = Vec::with_capacity(count);
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() || chunks.is_empty() {
        chunks.push(items.by_ref().take(PER_PAGE).collect());
    }
    let mut pages = chunks.into_iter().enumerate().map(|(i, chunk)| {
        let page = make(path(i + 1), chunk, pager(t, i + 1, count, file));
        let description = page_n(t, &page.description, i + 1, count);
        page.described(description)
    });
    let mut first = pages
        .next()
        .unwrap_or_else(|| make(path(1), Vec::new(), None));
    first.related.extend(pages);
    first
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::i18n::Lang;

    #[test]
    fn the_pager_is_a_window_with_gaps() {
        let t = Lang::En.strings();
        let p = pager(t, 10, 40, |k| format!("p{k}")).expect("several pages");
        let shown: Vec<Option<usize>> = p.pages.iter().map(|i| i.n).collect();
        assert_eq!(
            shown,
            [
                Some(1),
                None,
                Some(8),
                Some(9),
                Some(10),
                Some(11),
                Some(12),
                None,
                Some(40)
            ]
        );
        assert_eq!(p.previous.as_deref(), Some("p9"));
        assert_eq!(p.next.as_deref(), Some("p11"));
        assert!(pager(t, 1, 1, |k| format!("p{k}")).is_none());
    }

    #[test]
    fn numbered_pages() {
        assert_eq!(numbered("index", 1), "index.html");
        assert_eq!(numbered("index", 3), "index-3.html");
    }
}
