//! Rendering again after an edit: only the pages that can show what changed.
//!
//! `serve` calls [`rerender`] with the playbook it rendered last and the one it just loaded. When the edit
//! kept the shape of the playbook (the same files, the same entries, the same linked files; only content
//! files changed), the new site is the previous one with these pages rendered again:
//!
//! * the list pages (overview, matrix, coverage, drill, the lists of a kind, search, 404) and the
//!   motion pages (funnel and review sheet), always;
//! * the objection finder's pages and facet shards ([`super::finder`]) as entry pages are: when what
//!   they read changed;
//! * every entry page whose recorded reads (kept with the previous site: what the page looked up while it
//!   rendered, see [`super::reads`]) include a read that an entry of a changed file is part of, in the
//!   playbook before the edit or after it ([`reads_of_entry`]). The page of the entry itself reads it; a
//!   stage page that lists an objection's card reads "the objections met at this stage", which the
//!   objection is part of while it names the stage, before or after the edit; and so on;
//! * an entry page with no record (a site not made by [`super::render_site`]), conservatively.
//!
//! There is no list here of which page shows what: the pages say it themselves, by what they read.
//!
//! A file whose last change in Git differs (the first edit of a committed file, or a commit) counts as a
//! changed file: its entries' pages show that date.
//!
//! Anything else (a file added, removed or renamed, an id changed, `playbook.yaml` edited, a changed set
//! of linked files) returns `None` and the caller renders the whole site. The search index is not rebuilt
//! here: the new site keeps the previous one's, and the caller replaces it with [`super::search_index`]
//! when that is ready. A test renders every kind of edit both ways and compares the sites byte for byte.

use std::collections::BTreeSet;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use super::index::reads_of_entry;
use super::reads::Read;
use super::{changes, jobs, Job, Keep, RenderError, Renderer, Site};
use crate::check::Report;
use crate::content::{Kind, Node, Playbook};
use crate::theme::Theme;

/// The site of `pb`, made from `previous` (the site of `old`) by rendering again only the pages an edit
/// can have changed, or `None` when the edit changed the shape of the playbook and the whole site must be
/// rendered. The search index is `previous`'s. Both playbooks must keep their files' texts (loaded with
/// [`crate::content::load_cached`]), and `previous` must keep what its pages read (made by
/// [`super::render_site`] or by this function); otherwise the answer is `None`.
pub fn rerender(
    previous: &Site,
    old: &Playbook,
    pb: &Playbook,
    report: &Report,
    theme: &Theme,
) -> Result<Option<Site>, RenderError> {
    let Some(kept) = previous.reads.as_deref() else {
        return Ok(None);
    };
    let Some(mut changed) = changed_files(old, pb) else {
        return Ok(None);
    };
    if keys(old) != keys(pb) {
        return Ok(None);
    }
    // An entry page shows its file's last change (read unrecorded, see `SiteIndex::history`): a file whose
    // last change differs (the first edit since a commit, or a commit) renders as an edited one does.
    changed.extend(old.history.differing(&pb.history));
    let renderer = Renderer::new(pb, report, theme);
    if *renderer.lookups.linked_files() != kept.linked_files {
        return Ok(None);
    }

    // The reads an edit changes: those the entries of the changed files are part of, before and after.
    let mut dirty: FxHashSet<Read> = FxHashSet::default();
    for p in [old, pb] {
        for kind in Kind::ALL {
            for (index, e) in p.entries_of(kind).enumerate() {
                if changed.contains(e.meta().file.as_str()) {
                    dirty.extend(reads_of_entry(p, Node { kind, index }));
                }
            }
        }
    }
    let jobs: Vec<Job<'_>> = jobs(pb)
        .into_iter()
        .filter(|job| match renderer.owner(*job) {
            Some(owner) => kept
                .of(&owner)
                .is_none_or(|reads| reads.iter().any(|r| dirty.contains(r))),
            None => true,
        })
        .collect();
    let rendered = jobs
        .par_iter()
        .map(|job| renderer.render(*job, Keep::Reads))
        .collect::<Result<Vec<_>, _>>()?;

    let mut files = previous.files.clone();
    let mut reads = kept.clone();
    for page in rendered {
        if let Some((owner, r)) = page.reads {
            // The full lists of an entry's sections come and go with the lists' lengths: a page that
            // appears or disappears renders the whole site (which drops the pages nothing makes).
            let paths: Vec<String> = page.related.iter().map(|(p, _)| p.clone()).collect();
            if reads.related.get(&owner).map_or(&[][..], Vec::as_slice) != paths.as_slice() {
                return Ok(None);
            }
            reads.keep(owner, r);
        }
        for (path, bytes) in std::iter::once((page.path, page.bytes)).chain(page.related) {
            match files.binary_search_by(|(p, _)| p.as_str().cmp(&path)) {
                Ok(i) => files[i].1 = Arc::new(bytes),
                // A page the previous site did not have: its shape did change after all.
                Err(_) => return Ok(None),
            }
        }
    }
    // The versions shards' digests, from the shards as they are now.
    let digests = changes::digests_js((0..changes::version_shards(pb)).map(|k| {
        let path = changes::version_file(k);
        let shard = files
            .binary_search_by(|(p, _)| p.as_str().cmp(&path))
            .map_or(&[][..], |i| files[i].1.as_slice());
        changes::fnv1a32(shard)
    }));
    match files.binary_search_by(|(p, _)| p.as_str().cmp(changes::DIGESTS_FILE)) {
        Ok(i) => files[i].1 = Arc::new(digests),
        Err(_) => return Ok(None),
    }
    Ok(Some(Site {
        files,
        reads: Some(Arc::new(reads)),
    }))
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
