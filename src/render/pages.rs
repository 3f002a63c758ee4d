//! The data of each entry page (stage, objection, segment, persona, selling point), ready for its template.
//!
//! Every page only looks up what it shows, through the [`SiteIndex`]: no page lists every entry.

use serde::Serialize;

use super::data::{
    self, Action, Backlink, Link, ObjectionCard, ObjectionPage, PersonaLink, PersonaPage,
    SegmentPage, SellingPointCard, SellingPointGroup, SellingPointPage, StagePage,
};
use super::i18n::{self, Lang, Strings};
use super::index::{page_file, page_url, SiteIndex};
use super::markdown::{self, MdContext};
use super::{Page, Section};
use crate::content::{
    Entry, Kind, Markdown, Meta, Objection, Persona, Ref, Segment, SellingMode, SellingPoint, Stage,
};

/// What every page builder needs: the lookups, the UI language, and the way back to the site root.
pub(crate) struct Cx<'i, 'a> {
    pub ix: &'i SiteIndex<'a>,
    pub lang: Lang,
    pub root: String,
}

impl<'i, 'a> Cx<'i, 'a> {
    pub(crate) fn new(ix: &'i SiteIndex<'a>, lang: Lang, path: &str) -> Self {
        Cx {
            ix,
            lang,
            root: root_of(path),
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

    pub(crate) fn entry_links<'s, T>(
        &self,
        kind: Kind,
        entries: Option<&'s Vec<&'s T>>,
        meta: impl Fn(&'s T) -> &'s Meta,
    ) -> Vec<Link<'s>>
    where
        'a: 's,
    {
        entries
            .map(|v| v.iter().map(|e| self.link(kind, &meta(e).id)).collect())
            .unwrap_or_default()
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
            updated: super::changes::updated(self.ix.playbook(), &m.file, self.lang),
        }
    }

    /// The entries whose bodies link to `(kind, id)`.
    pub(crate) fn backlinks(&self, kind: Kind, id: &str) -> Vec<Backlink<'a>> {
        self.ix
            .backlinks(kind, id)
            .map(|set| {
                set.iter()
                    .map(|&(k, i)| {
                        let Link { url, title, id } = self.link(k, i);
                        Backlink {
                            url,
                            title,
                            id,
                            kind: self.t().by_key(k.label()).unwrap_or(k.label()),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default()
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
    kind: Kind,
    id: &str,
    title: &str,
    template: &'static str,
    section: Section,
    data: &impl Serialize,
) -> Page {
    let mut page = Page::new(page_file(kind, id), template, title, section, data);
    page.study = Some(format!("{}/{id}", kind.key()));
    page
}

/// The segments a stage page shows selling points for, in the playbook's order: those of the objections
/// met at the stage; all segments when the stage has no objection or one that names no segment.
pub(crate) fn involved_segments<'a>(ix: &SiteIndex<'a>, s: &Stage) -> Vec<&'a str> {
    let objections = ix
        .objections_by_stage(s.meta.id.as_str())
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let all = objections.is_empty() || objections.iter().any(|o| o.segments.is_empty());
    let named: std::collections::BTreeSet<&str> = objections
        .iter()
        .flat_map(|o| o.segments.iter().map(|r| r.id.as_str()))
        .collect();
    ix.ids(Kind::Segment)
        .filter(|id| all || named.contains(*id))
        .collect()
}

pub(crate) fn stage(ix: &SiteIndex<'_>, lang: Lang, s: &Stage) -> Page {
    let cx = Cx::new(ix, lang, &page_file(Kind::Stage, &s.meta.id));
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
    let involved = involved_segments(ix, s);
    let selling_points: Vec<SellingPointGroup> = involved
        .iter()
        .filter_map(|seg| {
            let sps = ix.selling_points_by_segment(seg)?;
            Some(SellingPointGroup {
                segment: cx.link(Kind::Segment, seg),
                items: sps.iter().map(|sp| cx.selling_point_card(sp)).collect(),
            })
        })
        .collect();
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
        objections: objections.iter().map(|o| cx.objection_card(o)).collect(),
        selling_points,
        roleplays: cx.entry_links(
            Kind::Roleplay,
            ix.roleplays_by_stage(s.meta.id.as_str()),
            |r| &r.meta,
        ),
        previous: at
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| neighbour(Some(i))),
        next: neighbour(at.map(|i| i + 1)),
        body: cx.md(&s.body, &s.meta.file, ""),
        backlinks: cx.backlinks(Kind::Stage, &s.meta.id),
        meta: cx.meta(&s.meta),
        numbers: super::motion::stage_numbers(&cx, s),
    };
    page(
        Kind::Stage,
        &s.meta.id,
        &s.title,
        "stage.html",
        Section::Overview,
        &data,
    )
}

pub(crate) fn objection(ix: &SiteIndex<'_>, lang: Lang, o: &Objection) -> Page {
    let cx = Cx::new(ix, lang, &page_file(Kind::Objection, &o.meta.id));
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
        roleplays: cx.entry_links(
            Kind::Roleplay,
            ix.roleplays_by_objection(o.meta.id.as_str()),
            |r| &r.meta,
        ),
        backlinks: cx.backlinks(Kind::Objection, &o.meta.id),
        meta: cx.meta(&o.meta),
    };
    page(
        Kind::Objection,
        &o.meta.id,
        &o.objection,
        "objection.html",
        Section::Objections,
        &data,
    )
}

pub(crate) fn segment(ix: &SiteIndex<'_>, lang: Lang, s: &Segment) -> Page {
    let cx = Cx::new(ix, lang, &page_file(Kind::Segment, &s.meta.id));
    let id = s.meta.id.as_str();
    let data = SegmentPage {
        id,
        name: &s.name,
        mode: mode_label(lang, s.mode),
        criteria: &s.criteria,
        body: cx.md(&s.body, &s.meta.file, ""),
        selling_points: ix
            .selling_points_by_segment(id)
            .map(|v| v.iter().map(|sp| cx.selling_point_card(sp)).collect())
            .unwrap_or_default(),
        objections: cx.entry_links(Kind::Objection, ix.objections_by_segment(id), |o| &o.meta),
        roleplays: cx.entry_links(Kind::Roleplay, ix.roleplays_by_segment(id), |r| &r.meta),
        backlinks: cx.backlinks(Kind::Segment, id),
        meta: cx.meta(&s.meta),
    };
    page(
        Kind::Segment,
        id,
        &s.name,
        "segment.html",
        Section::Segments,
        &data,
    )
}

pub(crate) fn persona(ix: &SiteIndex<'_>, lang: Lang, p: &Persona) -> Page {
    let cx = Cx::new(ix, lang, &page_file(Kind::Persona, &p.meta.id));
    let id = p.meta.id.as_str();
    let data = PersonaPage {
        id,
        name: &p.name,
        role: p.role.as_deref().map(|r| i18n::role(lang, r)),
        cares_about: &p.cares_about,
        body: cx.md(&p.body, &p.meta.file, ""),
        stages: cx.entry_links(Kind::Stage, ix.stages_by_persona(id), |s| &s.meta),
        objections: cx.entry_links(Kind::Objection, ix.objections_by_persona(id), |o| &o.meta),
        roleplays: cx.entry_links(Kind::Roleplay, ix.roleplays_by_persona(id), |r| &r.meta),
        backlinks: cx.backlinks(Kind::Persona, id),
        meta: cx.meta(&p.meta),
    };
    page(
        Kind::Persona,
        id,
        &p.name,
        "persona.html",
        Section::Personas,
        &data,
    )
}

pub(crate) fn selling_point(ix: &SiteIndex<'_>, lang: Lang, sp: &SellingPoint) -> Page {
    let cx = Cx::new(ix, lang, &page_file(Kind::SellingPoint, &sp.meta.id));
    let id = sp.meta.id.as_str();
    let data = SellingPointPage {
        id,
        title: &sp.title,
        feature: sp.feature.as_deref(),
        benefit: sp.benefit.as_deref(),
        proof: &sp.proof,
        segments: cx.links(Kind::Segment, &sp.segments),
        body: cx.md(&sp.body, &sp.meta.file, ""),
        backlinks: cx.backlinks(Kind::SellingPoint, id),
        meta: cx.meta(&sp.meta),
    };
    page(
        Kind::SellingPoint,
        id,
        &sp.title,
        "selling-point.html",
        Section::SellingPoints,
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
