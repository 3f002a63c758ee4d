//! Lookups the pages need: entries by id, the reverse references (which role-plays drill an objection,
//! which objections come up at a stage), the body links between entries, and URLs.
//!
//! [`Lookups`] are built once per render from the playbook's entry [`Graph`] (which knows which fields and
//! links refer to what), so that every page only looks up what it shows (no page scans every entry).
//!
//! Pages read them through a [`SiteIndex`], and only through it: every lookup that hands a page an entry
//! records a [`Read`] (when the page's reads are kept), and [`reads_of_entry`] says which reads an edit of
//! an entry changes. A page function gets the playbook's entries from its `SiteIndex` and from nowhere
//! else: `SiteIndex` has no public field and no way to the [`Playbook`] but [`SiteIndex::playbook`], which
//! records a read of every entry. A new lookup records its own [`Read`] (a new kind of read also needs its
//! line in [`reads_of_entry`]); the incremental oracle test (`tests/incremental.rs`) catches one that
//! records too little.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap;

use std::sync::Mutex;

use super::reads::Read;
use crate::content::{
    nfc, resolve_link, Config, Entry, FileHolds, Graph, History, Kind, LinkTarget, Node, Objection,
    Playbook, Roleplay, SellingPoint, Stage, Via,
};
use crate::lock::{lock, unpoisoned};

/// Where a link in a Markdown body leads in the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SiteTarget {
    /// A page: the path relative to the site root (already percent-encoded), with its fragment.
    Page(String),
    /// Not a playbook file: leave the link as written.
    Unchanged,
}

/// The entries of kind `by` that name each entry of kind `target` in their field `field`, by the id of
/// the entry named, each list in the playbook's order (each entry once). Ids nobody names are not keys.
struct NamedBy<'a, T> {
    target: Kind,
    by: Kind,
    field: &'static str,
    map: FxHashMap<&'a str, Vec<&'a T>>,
}

/// A typed entry of one kind: what [`NamedBy`] lists.
trait OfKind: Sized {
    const KIND: Kind;
    fn pick(e: Entry<'_>) -> Option<&Self>;
}

macro_rules! of_kind {
    ($($t:ident),*) => {$(
        impl OfKind for $t {
            const KIND: Kind = Kind::$t;
            fn pick(e: Entry<'_>) -> Option<&Self> {
                match e {
                    Entry::$t(x) => Some(x),
                    _ => None,
                }
            }
        }
    )*};
}
of_kind!(Objection, Roleplay, Stage, SellingPoint);

impl<'a, T: OfKind> NamedBy<'a, T> {
    fn new(pb: &'a Playbook, target: Kind, field: &'static str) -> Self {
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
                .filter_map(|b| pb.entry(b.node).and_then(T::pick))
                .collect();
            if !list.is_empty() {
                map.insert(e.id(), list);
            }
        }
        NamedBy {
            target,
            by: T::KIND,
            field,
            map,
        }
    }
}

/// The lookups, built once per render from the playbook's [`Graph`]. Pages do not see them: they read
/// through a [`SiteIndex`], which records what they read.
pub(crate) struct Lookups<'a> {
    pb: &'a Playbook,
    graph: &'a Graph,
    /// Stages of each motion, in order.
    stages_by_motion: FxHashMap<&'a str, Vec<&'a Stage>>,
    objections_by_stage: NamedBy<'a, Objection>,
    objections_by_segment: NamedBy<'a, Objection>,
    objections_by_persona: NamedBy<'a, Objection>,
    roleplays_by_objection: NamedBy<'a, Roleplay>,
    roleplays_by_stage: NamedBy<'a, Roleplay>,
    roleplays_by_segment: NamedBy<'a, Roleplay>,
    roleplays_by_persona: NamedBy<'a, Roleplay>,
    stages_by_persona: NamedBy<'a, Stage>,
    selling_points_by_segment: NamedBy<'a, SellingPoint>,
    /// Entries whose bodies link to an entry: target → sources.
    backlinks: FxHashMap<Node, BTreeSet<(Kind, &'a str)>>,
    /// Entries a body links to: source → targets.
    forward: FxHashMap<Node, BTreeSet<(Kind, &'a str)>>,
    /// Existing files outside `static/` that bodies link to (copied into the site as they are).
    linked_files: BTreeSet<String>,
}

impl<'a> Lookups<'a> {
    pub(crate) fn new(pb: &'a Playbook) -> Self {
        let graph = pb.graph();
        let mut ix = Lookups {
            pb,
            graph,
            stages_by_motion: FxHashMap::default(),
            objections_by_stage: NamedBy::new(pb, Kind::Stage, "stages"),
            objections_by_segment: NamedBy::new(pb, Kind::Segment, "segments"),
            objections_by_persona: NamedBy::new(pb, Kind::Persona, "personas"),
            roleplays_by_objection: NamedBy::new(pb, Kind::Objection, "questions.objection"),
            roleplays_by_stage: NamedBy::new(pb, Kind::Stage, "stage"),
            roleplays_by_segment: NamedBy::new(pb, Kind::Segment, "segment"),
            roleplays_by_persona: NamedBy::new(pb, Kind::Persona, "persona"),
            stages_by_persona: NamedBy::new(pb, Kind::Persona, "personas"),
            selling_points_by_segment: NamedBy::new(pb, Kind::Segment, "segments"),
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
                for edge in graph.references(node).iter().filter(|r| r.via == Via::Link) {
                    let Some(to) = key(edge.node) else { continue };
                    ix.backlinks.entry(edge.node).or_default().insert(from);
                    ix.forward.entry(node).or_default().insert(to);
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

    /// Existing files outside `static/` that bodies link to (copied into the site as they are).
    pub(crate) fn linked_files(&self) -> &BTreeSet<String> {
        &self.linked_files
    }
}

/// The reads whose values the entry `node` of `pb` is part of (see [`Read`]): itself, every entry of
/// its kind, each lookup above that lists it (by the references of its fields, the links of its texts, a
/// stage's motion). An edit of the entry can change these reads and no other; called with the playbook
/// before the edit and the one after, it names what both list it in.
pub(crate) fn reads_of_entry(pb: &Playbook, node: Node) -> Vec<Read> {
    let mut out = vec![Read::Entry(node), Read::Every(node.kind)];
    for edge in pb.graph().references(node) {
        out.push(match edge.via {
            Via::Field(field) => Read::NamedBy {
                node: edge.node,
                by: node.kind,
                field,
            },
            Via::Link => Read::LinkedFrom(edge.node),
        });
    }
    if let Some(Entry::Stage(s)) = pb.entry(node) {
        out.push(Read::Motion(s.motion.as_str().into()));
    }
    out
}

/// What pages read the playbook through: the lookups, and a record of every entry a page reads.
///
/// **The rule:** a page gets the entries it shows only through its `SiteIndex` (or as the entry it is
/// about), never from the [`Playbook`] directly, so that nothing it reads escapes the record an
/// incremental render decides from. The playbook is not reachable from here except through
/// [`SiteIndex::playbook`], which records a read of every entry. Lookups that return entries record a
/// [`Read`] whether they find something or not (a lookup that finds nothing today may find something
/// after an edit).
pub(crate) struct SiteIndex<'a> {
    lookups: &'a Lookups<'a>,
    /// What the page has read so far, when its reads are kept.
    reads: Option<Mutex<Vec<Read>>>,
}

impl<'a> SiteIndex<'a> {
    /// Reads `lookups`, recording every read.
    pub(crate) fn recording(lookups: &'a Lookups<'a>) -> Self {
        SiteIndex {
            lookups,
            reads: Some(Mutex::new(Vec::new())),
        }
    }

    /// Reads `lookups` without keeping a record: for the pages rendered after every edit, and for
    /// `build`, which renders once.
    pub(crate) fn unrecorded(lookups: &'a Lookups<'a>) -> Self {
        SiteIndex {
            lookups,
            reads: None,
        }
    }

    /// What the page read, when recording.
    pub(crate) fn into_reads(self) -> Option<Vec<Read>> {
        self.reads.map(|m| unpoisoned(m.into_inner()))
    }

    fn record(&self, read: impl FnOnce() -> Option<Read>) {
        if let Some(reads) = &self.reads {
            if let Some(read) = read() {
                lock(reads).push(read);
            }
        }
    }

    /// Records a read of `(kind, id)` made by `read`; nothing when no entry has the id (none can get it
    /// without a change of the playbook's shape).
    fn record_node(&self, kind: Kind, id: &str, read: impl FnOnce(Node) -> Read) {
        self.record(|| self.lookups.graph.node(kind, id).map(read));
    }

    /// The entry the page is about: given to it, and read like any other.
    pub(crate) fn given(&self, node: Node) {
        self.record(|| Some(Read::Entry(node)));
    }

    /// The playbook's configuration (`playbook.yaml`; an edit of it renders the whole site).
    pub(crate) fn config(&self) -> &'a Config {
        &self.lookups.pb.config
    }

    /// The files' last changes in Git (the "Updated" of an entry's page). Not recorded, so a page may look
    /// up only its own entry's file: [`super::rerender`] counts a file whose last change differs as
    /// changed, which renders the pages that read its entries.
    pub(crate) fn history(&self) -> &'a History {
        &self.lookups.pb.history
    }

    /// The whole playbook, for pages that list every entry of a kind: records a read of every entry.
    pub(crate) fn playbook(&self) -> &'a Playbook {
        for kind in Kind::ALL {
            self.record(|| Some(Read::Every(kind)));
        }
        self.lookups.pb
    }

    /// The ids of the entries of `kind`, in the playbook's order (and nothing else of them).
    pub(crate) fn ids(&self, kind: Kind) -> impl Iterator<Item = &'a str> {
        self.record(|| Some(Read::Ids(kind)));
        self.lookups.pb.entries_of(kind).map(|e| e.id())
    }

    /// The entry `(kind, id)`.
    pub(crate) fn entry(&self, kind: Kind, id: &str) -> Option<Entry<'a>> {
        self.record_node(kind, id, Read::Entry);
        self.lookups
            .graph
            .node(kind, id)
            .and_then(|n| self.lookups.pb.entry(n))
    }

    fn named<T>(&self, list: &'a NamedBy<'a, T>, id: &str) -> Option<&'a Vec<&'a T>> {
        self.record_node(list.target, id, |node| Read::NamedBy {
            node,
            by: list.by,
            field: list.field,
        });
        list.map.get(id)
    }

    /// The stages of the motion `motion`, in order.
    pub(crate) fn stages_by_motion(&self, motion: &str) -> Option<&'a Vec<&'a Stage>> {
        self.record(|| Some(Read::Motion(motion.into())));
        self.lookups.stages_by_motion.get(motion)
    }

    /// The objections met at the stage `id`.
    pub(crate) fn objections_by_stage(&self, id: &str) -> Option<&'a Vec<&'a Objection>> {
        self.named(&self.lookups.objections_by_stage, id)
    }

    /// The objections of the segment `id`.
    pub(crate) fn objections_by_segment(&self, id: &str) -> Option<&'a Vec<&'a Objection>> {
        self.named(&self.lookups.objections_by_segment, id)
    }

    /// The objections the persona `id` raises.
    pub(crate) fn objections_by_persona(&self, id: &str) -> Option<&'a Vec<&'a Objection>> {
        self.named(&self.lookups.objections_by_persona, id)
    }

    /// The role-plays that drill the objection `id`.
    pub(crate) fn roleplays_by_objection(&self, id: &str) -> Option<&'a Vec<&'a Roleplay>> {
        self.named(&self.lookups.roleplays_by_objection, id)
    }

    /// The role-plays set at the stage `id`.
    pub(crate) fn roleplays_by_stage(&self, id: &str) -> Option<&'a Vec<&'a Roleplay>> {
        self.named(&self.lookups.roleplays_by_stage, id)
    }

    /// The role-plays of the segment `id`.
    pub(crate) fn roleplays_by_segment(&self, id: &str) -> Option<&'a Vec<&'a Roleplay>> {
        self.named(&self.lookups.roleplays_by_segment, id)
    }

    /// The role-plays with the persona `id`.
    pub(crate) fn roleplays_by_persona(&self, id: &str) -> Option<&'a Vec<&'a Roleplay>> {
        self.named(&self.lookups.roleplays_by_persona, id)
    }

    /// The stages the persona `id` takes part in.
    pub(crate) fn stages_by_persona(&self, id: &str) -> Option<&'a Vec<&'a Stage>> {
        self.named(&self.lookups.stages_by_persona, id)
    }

    /// The selling points of the segment `id`.
    pub(crate) fn selling_points_by_segment(&self, id: &str) -> Option<&'a Vec<&'a SellingPoint>> {
        self.named(&self.lookups.selling_points_by_segment, id)
    }

    /// The entries whose bodies link to `(kind, id)`.
    pub(crate) fn backlinks(&self, kind: Kind, id: &str) -> Option<&'a BTreeSet<(Kind, &'a str)>> {
        let node = self.lookups.graph.node(kind, id)?;
        self.record(|| Some(Read::LinkedFrom(node)));
        self.lookups.backlinks.get(&node)
    }

    /// The entries the bodies of `(kind, id)` link to (a part of that entry: a read of it).
    pub(crate) fn forward(&self, kind: Kind, id: &str) -> Option<&'a BTreeSet<(Kind, &'a str)>> {
        let node = self.lookups.graph.node(kind, id)?;
        self.record(|| Some(Read::Entry(node)));
        self.lookups.forward.get(&node)
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
        let Lookups { pb, graph, .. } = self.lookups;
        match graph.file(&path) {
            Some(FileHolds::Single(node)) => match pb.entry(*node) {
                Some(e) => {
                    SiteTarget::Page(format!("{}{}", page_url(e.kind(), e.id()), frag(&fragment)))
                }
                None => SiteTarget::Unchanged,
            },
            Some(FileHolds::Multi(kind, _)) => match fragment
                .as_deref()
                .map(nfc)
                .filter(|f| graph.contains(*kind, f))
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
                if path.starts_with("static/") || self.lookups.linked_files.contains(&path) {
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
