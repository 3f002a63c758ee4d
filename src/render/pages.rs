//! The data of each entry page (stage, objection, segment, persona, selling point), ready for its template.
//!
//! Every page only looks up what it shows, through the [`SiteIndex`]: no page lists every entry.

use serde::Serialize;

use std::collections::{BTreeMap, BTreeSet};

use super::data::{
    self, Action, Backlink, Link, MoreLinks, ObjectionCard, ObjectionPage, PersonaLink,
    PersonaPage, SegmentPage, SellingPointCard, SellingPointPage, StagePage, TaggedSellingPoint,
};
use super::i18n::{self, Lang, Strings};
use super::index::{page_file, page_url, SiteIndex};
use super::markdown::{self, MdContext};
use super::related::{bound, About, Cand, More};
use super::{Page, Section};
use crate::content::{
    Entry, Kind, Markdown, Meta, Objection, Persona, Ref, Segment, SellingMode, SellingPoint, Stage,
};

/// What every page builder needs: the lookups, the UI language, and the way back to the site root.
pub(crate) struct Cx<'i, 'a> {
    pub ix: &'i SiteIndex<'a>,
    pub lang: Lang,
    pub root: String,
    /// The pages of the full lists of the page's bounded sections, made so far.
    pub related: std::sync::Mutex<Vec<Page>>,
}

impl<'i, 'a> Cx<'i, 'a> {
    pub(crate) fn new(ix: &'i SiteIndex<'a>, lang: Lang, path: &str) -> Self {
        Cx {
            ix,
            lang,
            root: root_of(path),
            related: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// The UI strings of the page's language.
    pub(crate) fn t(&self) -> &'static Strings {
        self.lang.strings()
    }

    /// The URL of a site path (relative to the site root) from this page.
    pub(crate) fn url(&self, site_path: &str) -> String {
        format!("{}{}", self.root, site_path)
    }

    /// `{url, title, id}` of an entry; `url` is null when it does not exist.
    pub(crate) fn link<'s>(&self, kind: Kind, id: &'s str) -> Link<'s>
    where
        'a: 's,
    {
        match self.ix.entry(kind, id) {
            Some(e) => Link {
                url: Some(self.url(&page_url(kind, id))),
                title: e.title(),
                id,
            },
            None => Link {
                url: None,
                title: id,
                id,
            },
        }
    }

    pub(crate) fn links<'s>(&self, kind: Kind, refs: &'s [Ref]) -> Vec<Link<'s>>
    where
        'a: 's,
    {
        refs.iter().map(|r| self.link(kind, &r.id)).collect()
    }

    /// A Markdown text of `file` as HTML.
    pub(crate) fn md(&self, md: &Markdown, file: &str, id_prefix: &str) -> String {
        markdown::to_html(&md.text, &self.md_cx(file, id_prefix))
    }

    pub(crate) fn md_cx<'s>(&'s self, file: &'s str, id_prefix: &'s str) -> MdContext<'s, 'a> {
        MdContext {
            index: self.ix,
            file,
            root: &self.root,
            id_prefix,
            raw_html: self.ix.config().raw_html,
        }
    }

    /// Owner, review date and tags.
    pub(crate) fn meta<'s>(&self, m: &'s Meta) -> data::Meta<'s> {
        data::Meta {
            owner: m.owner.as_deref(),
            review_by: m.review_by.map(|(d, _)| d.to_string()),
            tags: &m.tags,
            file: &m.file,
            updated: super::changes::updated(self.ix.history(), &m.file, self.lang),
        }
    }

    /// The entries whose bodies link to the entry `about` ("Mentioned in"), bounded (see
    /// [`super::related`]), with the link to the full list when there are more.
    pub(crate) fn backlinks(&self, about: &About<'_>) -> (Vec<Backlink<'a>>, Option<More>) {
        let cands = self
            .ix
            .backlinks(about.kind, about.id)
            .into_iter()
            .flatten()
            .map(|&(k, i)| {
                let mut c = Cand::new(k, i, self.link(k, i).title, ());
                c.labelled = true;
                c
            })
            .collect();
        let b = self.bound(about, "mentioned-in", self.t().mentioned_in, cands);
        let links =
            b.0.into_iter()
                .map(|c| {
                    let Link { url, title, id } = self.link(c.kind, c.id);
                    Backlink {
                        url,
                        title,
                        id,
                        kind: self.t().by_key(c.kind.label()).unwrap_or(c.kind.label()),
                    }
                })
                .collect();
        (links, b.1)
    }

    /// [`bound`], keeping the pages of the full list with the page's.
    pub(crate) fn bound<T>(
        &self,
        about: &About<'_>,
        slug: &str,
        heading: &str,
        cands: Vec<Cand<'a, T>>,
    ) -> (Vec<Cand<'a, T>>, Option<More>) {
        let b = bound(self, about, slug, heading, cands);
        crate::lock::lock(&self.related).extend(b.pages);
        (b.shown, b.more)
    }

    /// The entries `list` (of kind `kind`, from a reverse lookup) as a bounded list of links; those the
    /// bodies of `about` link to (`direct`) first.
    pub(crate) fn bounded_links<T>(
        &self,
        about: &About<'_>,
        slug: &str,
        heading: &str,
        list: Option<&'a Vec<&'a T>>,
        entry: fn(&'a T) -> Entry<'a>,
    ) -> (Vec<Link<'a>>, Option<More>) {
        let direct = self.ix.forward(about.kind, about.id);
        let cands = list
            .into_iter()
            .flatten()
            .map(|x| {
                let e = entry(x);
                let mut c = Cand::new(e.kind(), e.id(), e.title(), ());
                c.direct = direct.is_some_and(|d| d.contains(&(e.kind(), e.id())));
                c
            })
            .collect();
        let (shown, more) = self.bound(about, slug, heading, cands);
        let links = shown.iter().map(|c| self.link(c.kind, c.id)).collect();
        (links, more)
    }

    /// The objection as a card: words, link, short answer.
    pub(crate) fn objection_card<'s>(&self, o: &'s Objection) -> ObjectionCard<'s> {
        ObjectionCard {
            url: self.url(&page_url(Kind::Objection, &o.meta.id)),
            title: &o.objection,
            short_answer: markdown::first_block_html(&o.answer.text, &self.md_cx(&o.meta.file, "")),
        }
    }

    pub(crate) fn selling_point_card<'s>(&self, sp: &'s SellingPoint) -> SellingPointCard<'s> {
        SellingPointCard {
            url: self.url(&page_url(Kind::SellingPoint, &sp.meta.id)),
            title: &sp.title,
            benefit: sp.benefit.as_deref(),
        }
    }
}

/// From a page at `path` (relative to the site root) back to the root: `""`, `"../"`, …
pub(crate) fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

pub(crate) fn mode_label(lang: Lang, mode: Option<SellingMode>) -> Option<&'static str> {
    mode.map(|m| match m {
        SellingMode::Expert => lang.strings().mode_expert,
        SellingMode::Intensive => lang.strings().mode_intensive,
    })
}

fn page(
    cx: Cx<'_, '_>,
    kind: Kind,
    id: &str,
    title: &str,
    template: &'static str,
    data: &impl Serialize,
) -> Page {
    let section = about(kind, id, title).section;
    let mut page = Page::new(page_file(kind, id), template, title, section, data);
    page.study = Some(format!("{}/{id}", kind.key()));
    page.related = crate::lock::unpoisoned(cx.related.into_inner());
    page
}

/// The entry `(kind, id, title)` as the owner of bounded sections.
pub(crate) fn about<'s>(kind: Kind, id: &'s str, title: &'s str) -> About<'s> {
    let section = match kind {
        Kind::Stage => Section::Overview,
        Kind::Objection => Section::Objections,
        Kind::Segment => Section::Segments,
        Kind::Persona => Section::Personas,
        Kind::SellingPoint => Section::SellingPoints,
        Kind::Roleplay => Section::Roleplays,
        Kind::Path => Section::Paths,
    };
    About {
        kind,
        id,
        title,
        section,
    }
}

/// The segments a stage page shows selling points for: those named by the objections met at the stage,
/// each with how many of them name it, most named first (then in the playbook's order). An objection
/// that names no segment is about every segment and adds none (listing every segment's selling points is
/// listing the playbook); a stage that no objection names involves no segment.
pub(crate) fn involved_segments<'a>(ix: &SiteIndex<'a>, s: &Stage) -> Vec<(&'a str, usize)> {
    let objections = ix
        .objections_by_stage(s.meta.id.as_str())
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let mut named: BTreeMap<&str, usize> = BTreeMap::new();
    for o in objections {
        let mine: BTreeSet<&str> = o.segments.iter().map(|r| r.id.as_str()).collect();
        for seg in mine {
            *named.entry(seg).or_default() += 1;
        }
    }
    if named.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<(&'a str, usize)> = ix
        .ids(Kind::Segment)
        .filter_map(|id| named.get(id).map(|n| (id, *n)))
        .collect();
    out.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    out
}

/// A stage's selling points: those of its involved segments, each once, tagged with the involved
/// segments it is for, ranked and bounded (see [`super::related`]): the selling points linked from the
/// stage's notes or from its objections' answers first, then those for more of the involved segments.
/// Their full list is the segments' own (linked from the page), not a page of the stage: a stage's
/// segments can hold most of the playbook's selling points, and a list per stage would repeat them.
fn stage_selling_points<'a>(
    cx: &Cx<'_, 'a>,
    s: &Stage,
    objections: &[&'a Objection],
) -> (Vec<TaggedSellingPoint<'a>>, Option<More>, Vec<Link<'a>>) {
    let ix = cx.ix;
    let involved = involved_segments(ix, s);
    let mut direct: BTreeSet<&str> = BTreeSet::new();
    let mut sources = vec![(Kind::Stage, s.meta.id.as_str())];
    sources.extend(
        objections
            .iter()
            .map(|o| (Kind::Objection, o.meta.id.as_str())),
    );
    for (kind, id) in sources {
        for (k, target) in ix.forward(kind, id).into_iter().flatten() {
            if *k == Kind::SellingPoint {
                direct.insert(target);
            }
        }
    }
    let mut at: BTreeMap<&'a str, usize> = BTreeMap::new();
    let mut cands: Vec<Cand<'a, &'a SellingPoint>> = Vec::new();
    for &(seg, _) in &involved {
        for sp in ix.selling_points_by_segment(seg).into_iter().flatten() {
            let i = *at.entry(sp.meta.id.as_str()).or_insert_with(|| {
                let mut c = Cand::new(Kind::SellingPoint, &sp.meta.id, &sp.title, *sp);
                c.direct = direct.contains(sp.meta.id.as_str());
                cands.push(c);
                cands.len() - 1
            });
            cands[i].shared += 1;
            cands[i].tags.push((Kind::Segment, seg));
        }
    }
    let total = cands.len();
    super::related::rank(&mut cands);
    cands.truncate(super::related::SHOWN);
    let shown = cands
        .iter()
        .map(|c| {
            let card = cx.selling_point_card(c.item);
            TaggedSellingPoint {
                url: card.url,
                title: card.title,
                benefit: card.benefit,
                segments: c.tags.iter().map(|&(k, id)| cx.link(k, id)).collect(),
            }
        })
        .collect();
    let t = cx.t();
    let more = (total > super::related::SHOWN).then(|| More {
        shown_of: t
            .shown_of
            .replace("{shown}", &super::related::SHOWN.to_string())
            .replace("{total}", &total.to_string()),
        see_all: t.see_all_n.replace("{total}", &total.to_string()),
        url: String::new(),
    });
    // Where the rest are: the involved segments' pages (their own bounded list links its full list).
    let segments = if more.is_some() {
        involved
            .iter()
            .take(super::related::SHOWN)
            .map(|&(seg, _)| {
                let mut l = cx.link(Kind::Segment, seg);
                l.url = l.url.map(|u| format!("{u}#pb-sp"));
                l
            })
            .collect()
    } else {
        Vec::new()
    };
    (shown, more, segments)
}

pub(crate) fn stage(ix: &SiteIndex<'_>, lang: Lang, s: &Stage) -> Page {
    let cx = Cx::new(ix, lang, &page_file(Kind::Stage, &s.meta.id));
    let me = about(Kind::Stage, &s.meta.id, &s.title);
    let motion = ix.config().motions.iter().find(|m| m.id == s.motion);
    let siblings = ix
        .stages_by_motion(s.motion.as_str())
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let at = siblings.iter().position(|x| std::ptr::eq(*x, s));
    let neighbour = |i: Option<usize>| {
        i.and_then(|i| siblings.get(i))
            .map(|x| cx.link(Kind::Stage, &x.meta.id))
    };
    let objections: &[&Objection] = ix
        .objections_by_stage(s.meta.id.as_str())
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let (selling_points, sp_more, sp_segments) = stage_selling_points(&cx, s, objections);
    let direct = ix.forward(Kind::Stage, &s.meta.id);
    let (objection_cands, objections_more) = cx.bound(
        &me,
        "objections",
        cx.t().objections_here,
        objections
            .iter()
            .map(|o| {
                let mut c = Cand::new(Kind::Objection, &o.meta.id, &o.objection, *o);
                c.direct = direct.is_some_and(|d| d.contains(&(Kind::Objection, &o.meta.id[..])));
                c
            })
            .collect(),
    );
    let (roleplays, roleplays_more) = cx.bounded_links(
        &me,
        "roleplays",
        cx.t().practise,
        ix.roleplays_by_stage(s.meta.id.as_str()),
        Entry::Roleplay,
    );
    let (backlinks, backlinks_more) = cx.backlinks(&me);
    let position = at.map(|i| {
        cx.t()
            .stage_of
            .replace("{n}", &(i + 1).to_string())
            .replace("{total}", &siblings.len().to_string())
    });
    let personas = s
        .personas
        .iter()
        .map(|r| {
            let Link { url, title, id } = cx.link(Kind::Persona, &r.id);
            let role = match ix.entry(Kind::Persona, &r.id) {
                Some(Entry::Persona(p)) => p.role.as_deref(),
                _ => None,
            };
            PersonaLink {
                url,
                title,
                id,
                role: role.map(|r| i18n::role(lang, r)),
            }
        })
        .collect();
    let data = StagePage {
        id: &s.meta.id,
        title: &s.title,
        motion: motion
            .map(|m| m.title.as_str())
            .unwrap_or(s.motion.as_str()),
        motion_count: ix.config().motions.len(),
        position,
        goal: s.goal.as_deref(),
        entry: &s.entry,
        exit: &s.exit,
        actions: s
            .actions
            .iter()
            .map(|a| Action {
                text: &a.text,
                owner: a.owner.as_deref(),
                materials: &a.materials,
                evidence: a.evidence.as_deref(),
            })
            .collect(),
        personas,
        objections: objection_cands
            .iter()
            .map(|c| cx.objection_card(c.item))
            .collect(),
        no_objections: objections.is_empty(),
        selling_points,
        selling_point_segments: sp_segments,
        roleplays,
        previous: at
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| neighbour(Some(i))),
        next: neighbour(at.map(|i| i + 1)),
        body: cx.md(&s.body, &s.meta.file, ""),
        backlinks,
        meta: cx.meta(&s.meta),
        numbers: super::motion::stage_numbers(&cx, s),
        more: MoreLinks {
            selling_points: sp_more,
            objections: objections_more,
            roleplays: roleplays_more,
            backlinks: backlinks_more,
            ..MoreLinks::default()
        },
    };
    page(cx, Kind::Stage, &s.meta.id, &s.title, "stage.html", &data)
}

pub(crate) fn objection(ix: &SiteIndex<'_>, lang: Lang, o: &Objection) -> Page {
    let cx = Cx::new(ix, lang, &page_file(Kind::Objection, &o.meta.id));
    let me = about(Kind::Objection, &o.meta.id, &o.objection);
    let (roleplays, roleplays_more) = cx.bounded_links(
        &me,
        "roleplays",
        cx.t().practise,
        ix.roleplays_by_objection(o.meta.id.as_str()),
        Entry::Roleplay,
    );
    let (backlinks, backlinks_more) = cx.backlinks(&me);
    let data = ObjectionPage {
        id: &o.meta.id,
        objection: &o.objection,
        answer: cx.md(&o.answer, &o.meta.file, ""),
        aliases: &o.aliases,
        explore: &o.explore,
        proof: &o.proof,
        avoid: &o.avoid,
        stages: cx.links(Kind::Stage, &o.stages),
        segments: cx.links(Kind::Segment, &o.segments),
        personas: cx.links(Kind::Persona, &o.personas),
        roleplays,
        backlinks,
        meta: cx.meta(&o.meta),
        more: MoreLinks {
            roleplays: roleplays_more,
            backlinks: backlinks_more,
            ..MoreLinks::default()
        },
    };
    page(
        cx,
        Kind::Objection,
        &o.meta.id,
        &o.objection,
        "objection.html",
        &data,
    )
}

pub(crate) fn segment(ix: &SiteIndex<'_>, lang: Lang, s: &Segment) -> Page {
    let cx = Cx::new(ix, lang, &page_file(Kind::Segment, &s.meta.id));
    let id = s.meta.id.as_str();
    let me = about(Kind::Segment, id, &s.name);
    let direct = ix.forward(Kind::Segment, id);
    let (sps, sp_more) = cx.bound(
        &me,
        "selling-points",
        cx.t().selling_points,
        ix.selling_points_by_segment(id)
            .into_iter()
            .flatten()
            .map(|sp| {
                let mut c = Cand::new(Kind::SellingPoint, &sp.meta.id, &sp.title, *sp);
                c.direct =
                    direct.is_some_and(|d| d.contains(&(Kind::SellingPoint, &sp.meta.id[..])));
                c
            })
            .collect(),
    );
    let (objections, objections_more) = cx.bounded_links(
        &me,
        "objections",
        cx.t().objections,
        ix.objections_by_segment(id),
        Entry::Objection,
    );
    let (roleplays, roleplays_more) = cx.bounded_links(
        &me,
        "roleplays",
        cx.t().practise,
        ix.roleplays_by_segment(id),
        Entry::Roleplay,
    );
    let (backlinks, backlinks_more) = cx.backlinks(&me);
    let data = SegmentPage {
        id,
        name: &s.name,
        mode: mode_label(lang, s.mode),
        criteria: &s.criteria,
        body: cx.md(&s.body, &s.meta.file, ""),
        selling_points: sps.iter().map(|c| cx.selling_point_card(c.item)).collect(),
        objections,
        roleplays,
        backlinks,
        meta: cx.meta(&s.meta),
        more: MoreLinks {
            selling_points: sp_more,
            objections: objections_more,
            roleplays: roleplays_more,
            backlinks: backlinks_more,
            ..MoreLinks::default()
        },
    };
    page(cx, Kind::Segment, id, &s.name, "segment.html", &data)
}

pub(crate) fn persona(ix: &SiteIndex<'_>, lang: Lang, p: &Persona) -> Page {
    let cx = Cx::new(ix, lang, &page_file(Kind::Persona, &p.meta.id));
    let id = p.meta.id.as_str();
    let me = about(Kind::Persona, id, &p.name);
    let (stages, stages_more) = cx.bounded_links(
        &me,
        "stages",
        cx.t().stages,
        ix.stages_by_persona(id),
        Entry::Stage,
    );
    let (objections, objections_more) = cx.bounded_links(
        &me,
        "objections",
        cx.t().objections,
        ix.objections_by_persona(id),
        Entry::Objection,
    );
    let (roleplays, roleplays_more) = cx.bounded_links(
        &me,
        "roleplays",
        cx.t().practise,
        ix.roleplays_by_persona(id),
        Entry::Roleplay,
    );
    let (backlinks, backlinks_more) = cx.backlinks(&me);
    let data = PersonaPage {
        id,
        name: &p.name,
        role: p.role.as_deref().map(|r| i18n::role(lang, r)),
        cares_about: &p.cares_about,
        body: cx.md(&p.body, &p.meta.file, ""),
        stages,
        objections,
        roleplays,
        backlinks,
        meta: cx.meta(&p.meta),
        more: MoreLinks {
            stages: stages_more,
            objections: objections_more,
            roleplays: roleplays_more,
            backlinks: backlinks_more,
            ..MoreLinks::default()
        },
    };
    page(cx, Kind::Persona, id, &p.name, "persona.html", &data)
}

pub(crate) fn selling_point(ix: &SiteIndex<'_>, lang: Lang, sp: &SellingPoint) -> Page {
    let cx = Cx::new(ix, lang, &page_file(Kind::SellingPoint, &sp.meta.id));
    let id = sp.meta.id.as_str();
    let (backlinks, backlinks_more) = cx.backlinks(&about(Kind::SellingPoint, id, &sp.title));
    let data = SellingPointPage {
        id,
        title: &sp.title,
        feature: sp.feature.as_deref(),
        benefit: sp.benefit.as_deref(),
        proof: &sp.proof,
        segments: cx.links(Kind::Segment, &sp.segments),
        body: cx.md(&sp.body, &sp.meta.file, ""),
        backlinks,
        meta: cx.meta(&sp.meta),
        more: MoreLinks {
            backlinks: backlinks_more,
            ..MoreLinks::default()
        },
    };
    page(
        cx,
        Kind::SellingPoint,
        id,
        &sp.title,
        "selling-point.html",
        &data,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_section_label() {
        for kind in Kind::ALL {
            for lang in [Lang::En, Lang::Zh] {
                assert!(lang.strings().by_key(kind.label()).is_some(), "{kind:?}");
            }
        }
    }
}
