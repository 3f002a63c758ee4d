//! Lookups the pages need: entries by id, the reverse references (which role-plays drill an objection,
//! which objections come up at a stage), the body links between entries, and URLs.
//!
//! Built once per build from the playbook's entry [`Graph`] (which knows which fields and links refer to
//! what), so that every page only looks up what it shows (no page scans every entry).

use std::collections::BTreeSet;

use rustc_hash::FxHashMap;

use crate::content::{
    nfc, resolve_link, Entry, FileHolds, Graph, Kind, LinkEnd, LinkTarget, Node, Objection,
    Playbook, Roleplay, SellingPoint, Stage, Via,
};

/// Where a link in a Markdown body leads in the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SiteTarget {
    /// A page: the path relative to the site root (already percent-encoded), with its fragment.
    Page(String),
    /// Not a playbook file: leave the link as written.
    Unchanged,
}

/// The lookups, built once per build from the playbook's [`Graph`].
pub(crate) struct SiteIndex<'a> {
    pub pb: &'a Playbook,
    graph: &'a Graph,
    /// Stages of each motion, in order.
    pub stages_by_motion: FxHashMap<&'a str, Vec<&'a Stage>>,
    pub objections_by_stage: FxHashMap<&'a str, Vec<&'a Objection>>,
    pub objections_by_segment: FxHashMap<&'a str, Vec<&'a Objection>>,
    pub objections_by_persona: FxHashMap<&'a str, Vec<&'a Objection>>,
    pub roleplays_by_objection: FxHashMap<&'a str, Vec<&'a Roleplay>>,
    pub roleplays_by_stage: FxHashMap<&'a str, Vec<&'a Roleplay>>,
    pub roleplays_by_segment: FxHashMap<&'a str, Vec<&'a Roleplay>>,
    pub roleplays_by_persona: FxHashMap<&'a str, Vec<&'a Roleplay>>,
    pub stages_by_persona: FxHashMap<&'a str, Vec<&'a Stage>>,
    pub selling_points_by_segment: FxHashMap<&'a str, Vec<&'a SellingPoint>>,
    /// Entries whose bodies link to an entry: target → sources.
    pub backlinks: FxHashMap<(Kind, &'a str), BTreeSet<(Kind, &'a str)>>,
    /// Entries a body links to: source → targets.
    pub forward: FxHashMap<(Kind, &'a str), BTreeSet<(Kind, &'a str)>>,
    /// Existing files outside `static/` that bodies link to (copied into the site as they are).
    pub linked_files: BTreeSet<String>,
}

/// The entries of the kind `T` that name an entry of `target` in their field `field`, by the id of that
/// entry, each list in the playbook's order (each entry once). Ids nobody names are not keys.
fn named_by<'a, T>(
    pb: &'a Playbook,
    target: Kind,
    field: &'static str,
    pick: fn(Entry<'a>) -> Option<&'a T>,
) -> FxHashMap<&'a str, Vec<&'a T>> {
    let graph = pb.graph();
    let mut map = FxHashMap::default();
    for (index, e) in pb.entries_of(target).enumerate() {
        let list: Vec<&'a T> = graph
            .backlinks(Node {
                kind: target,
                index,
            })
            .iter()
            .filter(|b| b.via == Via::Field(field))
            .filter_map(|b| pb.entry(b.node).and_then(pick))
            .collect();
        if !list.is_empty() {
            map.insert(e.id(), list);
        }
    }
    map
}

impl<'a> SiteIndex<'a> {
    pub(crate) fn new(pb: &'a Playbook) -> Self {
        let graph = pb.graph();
        let objection = |e| match e {
            Entry::Objection(o) => Some(o),
            _ => None,
        };
        let roleplay = |e| match e {
            Entry::Roleplay(r) => Some(r),
            _ => None,
        };
        let stage = |e| match e {
            Entry::Stage(s) => Some(s),
            _ => None,
        };
        let selling_point = |e| match e {
            Entry::SellingPoint(s) => Some(s),
            _ => None,
        };
        let mut ix = SiteIndex {
            pb,
            graph,
            stages_by_motion: FxHashMap::default(),
            objections_by_stage: named_by(pb, Kind::Stage, "stages", objection),
            objections_by_segment: named_by(pb, Kind::Segment, "segments", objection),
            objections_by_persona: named_by(pb, Kind::Persona, "personas", objection),
            roleplays_by_objection: named_by(pb, Kind::Objection, "questions.objection", roleplay),
            roleplays_by_stage: named_by(pb, Kind::Stage, "stage", roleplay),
            roleplays_by_segment: named_by(pb, Kind::Segment, "segment", roleplay),
            roleplays_by_persona: named_by(pb, Kind::Persona, "persona", roleplay),
            stages_by_persona: named_by(pb, Kind::Persona, "personas", stage),
            selling_points_by_segment: named_by(pb, Kind::Segment, "segments", selling_point),
            backlinks: FxHashMap::default(),
            forward: FxHashMap::default(),
            linked_files: BTreeSet::new(),
        };
        for s in &pb.stages {
            let list = ix.stages_by_motion.entry(s.motion.as_str()).or_default();
            list.push(s);
        }
        for list in ix.stages_by_motion.values_mut() {
            list.sort_by(|a, b| (a.order, &a.meta.id).cmp(&(b.order, &b.meta.id)));
        }
        let key = |n: Node| pb.entry(n).map(|e| (e.kind(), e.id()));
        let mut linked: BTreeSet<&'a str> = BTreeSet::new();
        for kind in Kind::ALL {
            for (index, e) in pb.entries_of(kind).enumerate() {
                let node = Node { kind, index };
                let from = (kind, e.id());
                for to in graph.references(node).iter().filter(|r| r.via == Via::Link) {
                    let Some(to) = key(to.node) else { continue };
                    ix.backlinks.entry(to).or_default().insert(from);
                    ix.forward.entry(from).or_default().insert(to);
                }
                linked.extend(graph.linked_files(node).iter().map(String::as_str));
            }
        }
        ix.linked_files = linked
            .into_iter()
            .filter(|path| !path.starts_with("static/") && pb.root.join(path).is_file())
            .map(str::to_string)
            .collect();
        ix
    }

    /// Where the bodies of `e` link to: other entries, and existing files outside `static/`. `e` may be
    /// an entry of another playbook with the same files and entries (the one before an edit).
    pub(crate) fn links_of(&self, e: Entry<'_>) -> (BTreeSet<(Kind, &'a str)>, BTreeSet<String>) {
        let m = e.meta();
        let (mut entries, mut files) = (BTreeSet::new(), BTreeSet::new());
        for t in e.texts() {
            for link in &t.markdown.links {
                match self.graph.resolve(self.pb, &m.file, &link.dest) {
                    LinkEnd::Entry(node) => {
                        if let Some(to) = self.pb.entry(node) {
                            if (to.kind(), to.id()) != (e.kind(), m.id.as_str()) {
                                entries.insert((to.kind(), to.id()));
                            }
                        }
                    }
                    LinkEnd::File(path) => {
                        if !path.starts_with("static/") && self.pb.root.join(&path).is_file() {
                            files.insert(path);
                        }
                    }
                    LinkEnd::Other => {}
                }
            }
        }
        (entries, files)
    }

    /// The entry `(kind, id)`.
    pub(crate) fn entry(&self, kind: Kind, id: &str) -> Option<Entry<'a>> {
        self.graph.node(kind, id).and_then(|n| self.pb.entry(n))
    }

    /// Where the link `dest`, written in the file `from`, leads in the site (relative to the site root).
    pub(crate) fn link_target(&self, from: &str, dest: &str) -> SiteTarget {
        let LinkTarget::File { path, fragment } = resolve_link(from, dest) else {
            return SiteTarget::Unchanged;
        };
        let frag = |f: &Option<String>| {
            f.as_deref()
                .map(|f| format!("#{}", encode(f)))
                .unwrap_or_default()
        };
        match self.graph.file(&path) {
            Some(FileHolds::Single(node)) => match self.pb.entry(*node) {
                Some(e) => {
                    SiteTarget::Page(format!("{}{}", page_url(e.kind(), e.id()), frag(&fragment)))
                }
                None => SiteTarget::Unchanged,
            },
            Some(FileHolds::Multi(kind, _)) => match fragment
                .as_deref()
                .map(nfc)
                .filter(|f| self.graph.contains(*kind, f))
            {
                Some(id) => SiteTarget::Page(page_url(*kind, &id)),
                None => SiteTarget::Page(format!("{}/index.html", kind.folder())),
            },
            None => {
                if let Some(kind) = path
                    .strip_prefix("content/")
                    .and_then(|p| Kind::from_folder(p.trim_end_matches('/')))
                {
                    return SiteTarget::Page(format!("{}/index.html", kind.folder()));
                }
                if path.starts_with("static/") || self.linked_files.contains(&path) {
                    let encoded: Vec<String> = path.split('/').map(encode).collect();
                    SiteTarget::Page(format!("{}{}", encoded.join("/"), frag(&fragment)))
                } else {
                    SiteTarget::Unchanged
                }
            }
        }
    }
}

/// The URL of an entry's page relative to the site root: its id percent-encoded.
pub(crate) fn page_url(kind: Kind, id: &str) -> String {
    format!("{}/{}.html", kind.folder(), encode(id))
}

/// The path of an entry's page file relative to the site root: its id as it is.
pub(crate) fn page_file(kind: Kind, id: &str) -> String {
    format!("{}/{}.html", kind.folder(), id)
}

/// Percent-encodes everything but the URL-safe ASCII characters (`A-Z a-z 0-9 - _ . ~`).
pub(crate) fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_ids_for_urls() {
        assert_eq!(encode("too-expensive_2"), "too-expensive_2");
        assert_eq!(encode("价格"), "%E4%BB%B7%E6%A0%BC");
        assert_eq!(encode("a b/c"), "a%20b%2Fc");
    }
}
