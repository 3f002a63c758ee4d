//! Lookups the pages need: entries by id, the reverse references (which role-plays drill an objection,
//! which objections come up at a stage), the body links between entries, and URLs.
//!
//! Built once per build, in one pass over the playbook, so that every page only looks up what it shows
//! (no page scans every entry).

use std::borrow::Cow;
use std::collections::BTreeSet;

use rustc_hash::FxHashMap;

use crate::content::{
    nfc, resolve_link, Kind, LinkTarget, Markdown, Meta, Objection, Persona, Playbook,
    QuestionAnswer, Roleplay, Segment, SellingPoint, Stage,
};

/// An entry of any kind, by reference.
#[derive(Debug, Clone, Copy)]
pub(crate) enum EntryRef<'a> {
    Segment(&'a Segment),
    Persona(&'a Persona),
    SellingPoint(&'a SellingPoint),
    Stage(&'a Stage),
    Objection(&'a Objection),
    Roleplay(&'a Roleplay),
}

impl<'a> EntryRef<'a> {
    pub(crate) fn meta(self) -> &'a Meta {
        match self {
            EntryRef::Segment(e) => &e.meta,
            EntryRef::Persona(e) => &e.meta,
            EntryRef::SellingPoint(e) => &e.meta,
            EntryRef::Stage(e) => &e.meta,
            EntryRef::Objection(e) => &e.meta,
            EntryRef::Roleplay(e) => &e.meta,
        }
    }

    pub(crate) fn kind(self) -> Kind {
        match self {
            EntryRef::Segment(_) => Kind::Segment,
            EntryRef::Persona(_) => Kind::Persona,
            EntryRef::SellingPoint(_) => Kind::SellingPoint,
            EntryRef::Stage(_) => Kind::Stage,
            EntryRef::Objection(_) => Kind::Objection,
            EntryRef::Roleplay(_) => Kind::Roleplay,
        }
    }

    /// The name people know the entry by.
    pub(crate) fn title(self) -> &'a str {
        match self {
            EntryRef::Segment(e) => &e.name,
            EntryRef::Persona(e) => &e.name,
            EntryRef::SellingPoint(e) => &e.title,
            EntryRef::Stage(e) => &e.title,
            EntryRef::Objection(e) => &e.objection,
            EntryRef::Roleplay(e) => &e.title,
        }
    }

    /// Every Markdown text of the entry.
    pub(crate) fn texts(self) -> Vec<&'a Markdown> {
        match self {
            EntryRef::Segment(e) => vec![&e.body],
            EntryRef::Persona(e) => vec![&e.body],
            EntryRef::SellingPoint(e) => vec![&e.body],
            EntryRef::Stage(e) => vec![&e.body],
            EntryRef::Objection(e) => vec![&e.answer],
            EntryRef::Roleplay(e) => {
                let mut v: Vec<&Markdown> = vec![&e.body];
                v.extend(e.scenario.as_ref());
                for q in &e.questions {
                    v.push(&q.prompt);
                    v.extend(q.explanation.as_ref());
                    match &q.answer {
                        QuestionAnswer::Choices(cs) => {
                            v.extend(cs.iter().filter_map(|c| c.feedback.as_ref()))
                        }
                        QuestionAnswer::FreeText { model_answer, .. } => v.push(model_answer),
                    }
                }
                v
            }
        }
    }
}

/// Every entry of `pb`, kind by kind (segments, personas, selling points, stages, objections, role-plays),
/// each kind in the playbook's order.
pub(crate) fn entries(pb: &Playbook) -> impl Iterator<Item = EntryRef<'_>> {
    pb.segments
        .iter()
        .map(EntryRef::Segment)
        .chain(pb.personas.iter().map(EntryRef::Persona))
        .chain(pb.selling_points.iter().map(EntryRef::SellingPoint))
        .chain(pb.stages.iter().map(EntryRef::Stage))
        .chain(pb.objections.iter().map(EntryRef::Objection))
        .chain(pb.roleplays.iter().map(EntryRef::Roleplay))
}

/// What a file of the playbook holds, for link rewriting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileEntry<'a> {
    /// One entry.
    Single(Kind, &'a str),
    /// Several entries of one kind, in the file (as on disk); the link's fragment picks one.
    Multi(Kind, &'a str),
}

/// Where a link in a Markdown body leads in the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SiteTarget {
    /// A page: the path relative to the site root (already percent-encoded), with its fragment.
    Page(String),
    /// Not a playbook file: leave the link as written.
    Unchanged,
}

/// The lookups, built once per build.
pub(crate) struct SiteIndex<'a> {
    pub pb: &'a Playbook,
    entries: FxHashMap<(Kind, &'a str), EntryRef<'a>>,
    /// By file path in NFC, as ids are: a link finds its entry whichever normalization form it uses.
    files: FxHashMap<Cow<'a, str>, FileEntry<'a>>,
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

fn push<'a, T>(map: &mut FxHashMap<&'a str, Vec<&'a T>>, key: &'a str, value: &'a T) {
    let list = map.entry(key).or_default();
    if !list.iter().any(|v| std::ptr::eq(*v, value)) {
        list.push(value);
    }
}

impl<'a> SiteIndex<'a> {
    pub(crate) fn new(pb: &'a Playbook) -> Self {
        let mut ix = SiteIndex {
            pb,
            entries: FxHashMap::default(),
            files: FxHashMap::default(),
            stages_by_motion: FxHashMap::default(),
            objections_by_stage: FxHashMap::default(),
            objections_by_segment: FxHashMap::default(),
            objections_by_persona: FxHashMap::default(),
            roleplays_by_objection: FxHashMap::default(),
            roleplays_by_stage: FxHashMap::default(),
            roleplays_by_segment: FxHashMap::default(),
            roleplays_by_persona: FxHashMap::default(),
            stages_by_persona: FxHashMap::default(),
            selling_points_by_segment: FxHashMap::default(),
            backlinks: FxHashMap::default(),
            forward: FxHashMap::default(),
            linked_files: BTreeSet::new(),
        };
        let all: Vec<EntryRef<'a>> = entries(pb).collect();
        for e in &all {
            let m = e.meta();
            ix.entries.entry((e.kind(), m.id.as_str())).or_insert(*e);
            let fe = if m.in_multi_file {
                FileEntry::Multi(e.kind(), m.file.as_str())
            } else {
                FileEntry::Single(e.kind(), m.id.as_str())
            };
            ix.files.entry(nfc(&m.file)).or_insert(fe);
        }
        for s in &pb.stages {
            push(&mut ix.stages_by_motion, s.motion.as_str(), s);
            for p in &s.personas {
                push(&mut ix.stages_by_persona, p.id.as_str(), s);
            }
        }
        for list in ix.stages_by_motion.values_mut() {
            list.sort_by(|a, b| (a.order, &a.meta.id).cmp(&(b.order, &b.meta.id)));
        }
        for o in &pb.objections {
            for r in &o.stages {
                push(&mut ix.objections_by_stage, r.id.as_str(), o);
            }
            for r in &o.segments {
                push(&mut ix.objections_by_segment, r.id.as_str(), o);
            }
            for r in &o.personas {
                push(&mut ix.objections_by_persona, r.id.as_str(), o);
            }
        }
        for rp in &pb.roleplays {
            for q in &rp.questions {
                if let Some(o) = &q.objection {
                    push(&mut ix.roleplays_by_objection, o.id.as_str(), rp);
                }
            }
            if let Some(r) = &rp.stage {
                push(&mut ix.roleplays_by_stage, r.id.as_str(), rp);
            }
            if let Some(r) = &rp.segment {
                push(&mut ix.roleplays_by_segment, r.id.as_str(), rp);
            }
            if let Some(r) = &rp.persona {
                push(&mut ix.roleplays_by_persona, r.id.as_str(), rp);
            }
        }
        for sp in &pb.selling_points {
            for r in &sp.segments {
                push(&mut ix.selling_points_by_segment, r.id.as_str(), sp);
            }
        }
        for e in &all {
            let from = (e.kind(), e.meta().id.as_str());
            let (entries, files) = ix.links_of(*e);
            for to in entries {
                ix.backlinks.entry(to).or_default().insert(from);
                ix.forward.entry(from).or_default().insert(to);
            }
            ix.linked_files.extend(files);
        }
        ix
    }

    /// Where the bodies of `e` link to: other entries, and existing files outside `static/`. `e` may be
    /// an entry of another playbook with the same files and entries (the one before an edit).
    pub(crate) fn links_of(
        &self,
        e: EntryRef<'_>,
    ) -> (BTreeSet<(Kind, &'a str)>, BTreeSet<String>) {
        let m = e.meta();
        let (mut entries, mut files) = (BTreeSet::new(), BTreeSet::new());
        for md in e.texts() {
            for link in &md.links {
                match self.resolve(&m.file, &link.dest) {
                    Resolved::Entry(kind, id) => {
                        if (kind, id) != (e.kind(), m.id.as_str()) {
                            entries.insert((kind, id));
                        }
                    }
                    Resolved::File(path) => {
                        if !path.starts_with("static/") && self.pb.root.join(&path).is_file() {
                            files.insert(path);
                        }
                    }
                    Resolved::Other => {}
                }
            }
        }
        (entries, files)
    }

    /// The entry `(kind, id)`.
    pub(crate) fn entry(&self, kind: Kind, id: &str) -> Option<EntryRef<'a>> {
        self.entries.get(&(kind, id)).copied()
    }

    fn resolve(&self, from: &str, dest: &str) -> Resolved<'a> {
        let LinkTarget::File { path, fragment } = resolve_link(from, dest) else {
            return Resolved::Other;
        };
        match self.files.get(nfc(&path).as_ref()) {
            Some(FileEntry::Single(kind, id)) => Resolved::Entry(*kind, id),
            Some(FileEntry::Multi(kind, file)) => {
                let pb: &'a Playbook = self.pb;
                let id = fragment.as_deref().and_then(|f| {
                    let f = nfc(f);
                    pb.file(file)
                        .and_then(|file| file.multi_ids.iter().find(|i| **i == f))
                });
                match id {
                    Some(id) if self.entries.contains_key(&(*kind, id.as_str())) => {
                        Resolved::Entry(*kind, id.as_str())
                    }
                    _ => Resolved::Other,
                }
            }
            None => Resolved::File(path),
        }
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
        match self.files.get(nfc(&path).as_ref()) {
            Some(FileEntry::Single(kind, id)) => {
                SiteTarget::Page(format!("{}{}", page_url(*kind, id), frag(&fragment)))
            }
            Some(FileEntry::Multi(kind, _)) => match fragment
                .as_deref()
                .map(nfc)
                .filter(|f| self.entries.contains_key(&(*kind, f.as_ref())))
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

enum Resolved<'a> {
    Entry(Kind, &'a str),
    File(String),
    Other,
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
