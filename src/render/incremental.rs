//! Rendering again after an edit: only the pages that can show what changed.
//!
//! `serve` calls [`rerender`] with the playbook it rendered last and the one it just loaded. When the edit
//! kept the shape of the playbook (the same files, the same entries, the same linked files; only content
//! files changed), the new site is the previous one with these pages rendered again:
//!
//! * the list pages (overview, finder, matrix, coverage, the lists of a kind, search, 404) and the motion
//!   pages (funnel and review sheet), always;
//! * the page of every entry of a changed file, before and after the edit;
//! * the pages of the entries those entries name in a field or link to from a body (before and after
//!   the edit), which list what names or links to them; and of the entries that name them in a field,
//!   whose pages show their titles (a body link to them shows only its own text: that page stays);
//! * for a stage, every stage of its motion (a stage page shows its neighbours and its position);
//! * for a segment or a selling point, every stage page that shows selling points for that segment
//!   (a stage page shows the selling points of the segments of its objections).
//!
//! Anything else (a file added, removed or renamed, an id changed, `playbook.yaml` edited, a new linked
//! file) returns `None` and the caller renders the whole site. The search index is not rebuilt here: the
//! new site keeps the previous one's, and the caller replaces it with [`super::search_index`] when that is
//! ready. A test renders every kind of edit both ways and compares the sites byte for byte.

use std::collections::BTreeSet;
use std::sync::Arc;

use rayon::prelude::*;

use super::i18n::Lang;
use super::index::SiteIndex;
use super::pages::involved_segments;
use super::{render_page, Common, Job, RenderError, Site, LIST_JOBS};
use crate::check::Report;
use crate::content::{Entry, Kind, Playbook, Target};
use crate::theme::Theme;

type Key<'a> = (Kind, &'a str);

/// The site of `pb`, made from `previous` (the site of `old`) by rendering again only the pages an edit
/// can have changed, or `None` when the edit changed the shape of the playbook and the whole site must be
/// rendered. The search index is `previous`'s. Both playbooks must keep their files' texts (loaded with
/// [`crate::content::load_cached`]); otherwise the answer is `None`.
pub fn rerender(
    previous: &Site,
    old: &Playbook,
    pb: &Playbook,
    report: &Report,
    theme: &Theme,
) -> Result<Option<Site>, RenderError> {
    let Some(changed) = changed_files(old, pb) else {
        return Ok(None);
    };
    if keys(old) != keys(pb) {
        return Ok(None);
    }
    let ix = SiteIndex::new(pb);
    let Some(affected) = affected(&ix, old, &changed) else {
        return Ok(None);
    };

    let lang = Lang::for_tag(&pb.config.language);
    let common = Common::new(pb, lang);
    let mut jobs: Vec<Job<'_>> = LIST_JOBS.to_vec();
    jobs.extend(affected.iter().filter_map(|(kind, id)| {
        Some(match ix.entry(*kind, id)? {
            Entry::Segment(e) => Job::Segment(e),
            Entry::Persona(e) => Job::Persona(e),
            Entry::SellingPoint(e) => Job::SellingPoint(e),
            Entry::Stage(e) => Job::Stage(e),
            Entry::Objection(e) => Job::Objection(e),
            Entry::Roleplay(e) => Job::Roleplay(e),
        })
    }));
    let rendered: Vec<(String, Vec<u8>)> = jobs
        .par_iter()
        .map(|job| render_page(theme, job.page(&ix, lang, report), &common))
        .collect::<Result<_, _>>()?;
    // The motion pages show every stage of their motion: rendered again every time, like the lists.
    let motions: Vec<(String, Vec<u8>)> = super::motion::pages(&ix, lang)
        .into_iter()
        .map(|page| render_page(theme, page, &common))
        .collect::<Result<_, _>>()?;

    let mut files = previous.files.clone();
    for (path, bytes) in rendered.into_iter().chain(motions) {
        match files.binary_search_by(|(p, _)| p.as_str().cmp(&path)) {
            Ok(i) => files[i].1 = Arc::new(bytes),
            // A page the previous site did not have: its shape did change after all.
            Err(_) => return Ok(None),
        }
    }
    Ok(Some(Site { files }))
}

/// The content files whose text differs, or `None` when the files themselves differ (added, removed,
/// renamed), a file outside `content/` (`playbook.yaml`) changed, or a text was not kept (both playbooks
/// must come from [`crate::content::load_cached`], which keeps them).
fn changed_files<'a>(old: &Playbook, pb: &'a Playbook) -> Option<BTreeSet<&'a str>> {
    if old.files.len() != pb.files.len() || old.root != pb.root {
        return None;
    }
    let mut changed = BTreeSet::new();
    for (a, b) in old.files.iter().zip(&pb.files) {
        if a.path != b.path || a.multi_ids != b.multi_ids {
            return None;
        }
        // A text not kept (a plain load, not a cached one) cannot be compared.
        if a.text.is_none() || b.text.is_none() {
            return None;
        }
        if a.text != b.text {
            if !b.path.starts_with("content/") {
                return None;
            }
            changed.insert(b.path.as_str());
        }
    }
    Some(changed)
}

/// The entries with their files, in order: equal exactly when no entry was added, removed, renamed or
/// moved to another file.
fn keys(pb: &Playbook) -> Vec<(Kind, &str, &str)> {
    pb.entries()
        .map(|e| (e.kind(), e.meta().id.as_str(), e.meta().file.as_str()))
        .collect()
}

/// The entries another entry's fields name.
fn named(e: Entry<'_>) -> Vec<Key<'_>> {
    e.refs()
        .into_iter()
        .filter_map(|r| match r.target {
            Target::Entry(kind) => Some((kind, r.id)),
            Target::Motion => None,
        })
        .collect()
}

/// The entries whose pages an edit of the files `changed` can change, from the playbook before the edit
/// (`old`) and after (`ix`'s), or `None` when the edit changes which files bodies link to.
///
/// Only the changed files' entries (the seeds) differ between the two playbooks. So who mentions a seed
/// is the same before and after, except for the seeds themselves; what the seeds mention is looked up in
/// both. Old links resolve like new ones: the files and entries are the same.
fn affected(
    ix: &SiteIndex<'_>,
    old: &Playbook,
    changed: &BTreeSet<&str>,
) -> Option<BTreeSet<(Kind, String)>> {
    let pb = ix.pb;
    let in_changed = |e: &Entry<'_>| changed.contains(e.meta().file.as_str());
    let new_seeds: Vec<Entry<'_>> = pb.entries().filter(in_changed).collect();
    let old_seeds: Vec<Entry<'_>> = old.entries().filter(in_changed).collect();
    let mut out: BTreeSet<(Kind, String)> = BTreeSet::new();
    let mut add = |k: Kind, id: &str| {
        out.insert((k, id.to_string()));
    };
    let keys: BTreeSet<Key<'_>> = new_seeds
        .iter()
        .map(|e| (e.kind(), e.meta().id.as_str()))
        .collect();
    // Named in fields: by the seeds (before and after), and of the seeds (by anyone, as it is now).
    for e in pb.entries() {
        let from = (e.kind(), e.meta().id.as_str());
        let seed = keys.contains(&from);
        for to in named(e) {
            if seed {
                add(to.0, to.1);
            }
            if keys.contains(&to) {
                add(from.0, from.1);
            }
        }
    }
    // Linked from the seeds' bodies (their pages list what links to them). A page that links to a seed
    // shows only the link as written: it does not change.
    let (mut old_files, mut new_files) = (BTreeSet::new(), BTreeSet::new());
    for (seeds, files) in [(&old_seeds, &mut old_files), (&new_seeds, &mut new_files)] {
        for e in seeds.iter() {
            add(e.kind(), &e.meta().id);
            for to in named(*e) {
                add(to.0, to.1);
            }
            let (linked, linked_files) = ix.links_of(*e);
            for to in linked {
                add(to.0, to.1);
            }
            files.extend(linked_files);
        }
    }
    if old_files != new_files {
        return None;
    }
    // Stage pages show their motion's stages, and the selling points of their objections' segments.
    let mut segments: BTreeSet<&str> = BTreeSet::new();
    let mut motions: BTreeSet<&str> = BTreeSet::new();
    for e in old_seeds.iter().chain(&new_seeds) {
        match e {
            Entry::Stage(s) => {
                motions.insert(s.motion.as_str());
            }
            Entry::Segment(s) => {
                segments.insert(s.meta.id.as_str());
            }
            Entry::SellingPoint(sp) => {
                segments.extend(sp.segments.iter().map(|r| r.id.as_str()));
            }
            _ => {}
        }
    }
    // (A stage whose objections changed is named by them, above; any other has the same segments as
    // before the edit.)
    for s in &pb.stages {
        if motions.contains(s.motion.as_str())
            || (!segments.is_empty()
                && involved_segments(ix, s)
                    .iter()
                    .any(|seg| segments.contains(seg)))
        {
            add(Kind::Stage, &s.meta.id);
        }
    }
    Some(out)
}
