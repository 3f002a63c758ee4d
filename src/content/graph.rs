//! The entry graph: which entries each entry names in its fields and links to from its Markdown, and the
//! other way round (backlinks), read from [`Entry::refs`] and [`Entry::texts`] once per loaded playbook.
//!
//! Where it lives: in the [`Playbook`], built on first use ([`Playbook::graph`]) and kept, so that `check`
//! and the site built right after it (`playbook build`, and each rebuild of `serve`, which loads a new
//! `Playbook` after every edit with [`super::load_cached`]) share one graph, and a playbook made by hand
//! (in tests) gets a graph as well. A playbook is not edited after it is loaded; one that is (its entries
//! changed after [`Playbook::graph`] was called) keeps the graph of before.
//!
//! Nodes are entries by kind and position ([`Node`]); an id names the first entry of its kind with it
//! (a second one is a `duplicate-id` error). References to ids that name no entry are not edges:
//! `check` reports them from [`Entry::refs`].

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use super::entry::{Entry, Target};
use super::{nfc, resolve_link, Kind, LinkTarget, Playbook};

/// An entry of the playbook: its kind and its place among the entries of that kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Node {
    /// Its kind.
    pub kind: Kind,
    /// Its place in the playbook's list of that kind.
    pub index: usize,
}

/// How one entry refers to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Via {
    /// By id, in this field (as [`Entry::refs`] names it).
    Field(&'static str),
    /// By a link in one of its Markdown texts.
    Link,
}

/// One end of an edge: the entry at the other end and how the reference is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Edge {
    /// The entry at the other end.
    pub node: Node,
    /// How.
    pub via: Via,
}

/// What a file of the playbook holds, for resolving links to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileHolds {
    /// One entry.
    Single(Node),
    /// Several entries of one kind, in the file at this path (as on disk); a link's fragment picks one.
    Multi(Kind, String),
}

/// Where a link in a Markdown text leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkEnd {
    /// An entry.
    Entry(Node),
    /// A file of the playbook that holds no entry (or an entry of a multi-entry file the fragment does
    /// not name): its path relative to the root.
    File(String),
    /// Not a local file, or a multi-entry file without a known entry.
    Other,
}

#[derive(Debug, Clone, Default)]
struct Edges {
    forward: Vec<Edge>,
    back: Vec<Edge>,
    /// Paths of the files (holding no entry) its texts link to, sorted, without repeats.
    files: Vec<String>,
}

/// The references between the entries of one playbook, both ways.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    /// Per kind (by [`Kind`] number): id → the first entry with it.
    ids: Vec<FxHashMap<String, usize>>,
    /// Per kind, per entry.
    edges: Vec<Vec<Edges>>,
    /// By path in NFC (as ids are: a link finds its entry whichever normalization form it uses).
    files: FxHashMap<String, FileHolds>,
}

impl Graph {
    /// The graph of `pb`.
    pub fn new(pb: &Playbook) -> Graph {
        let mut g = Graph {
            ids: vec![FxHashMap::default(); Kind::ALL.len()],
            edges: Kind::ALL
                .iter()
                .map(|&k| vec![Edges::default(); pb.count(k)])
                .collect(),
            files: FxHashMap::default(),
        };
        for kind in Kind::ALL {
            for (index, e) in pb.entries_of(kind).enumerate() {
                let m = e.meta();
                let node = Node { kind, index };
                g.ids[kind as usize].entry(m.id.clone()).or_insert(index);
                let holds = if m.in_multi_file {
                    FileHolds::Multi(kind, m.file.clone())
                } else {
                    FileHolds::Single(node)
                };
                g.files.entry(nfc(&m.file).into_owned()).or_insert(holds);
            }
        }
        for kind in Kind::ALL {
            for (index, e) in pb.entries_of(kind).enumerate() {
                let from = Node { kind, index };
                let mut forward: Vec<Edge> = Vec::new();
                for r in e.refs() {
                    let Target::Entry(to_kind) = r.target else {
                        continue;
                    };
                    let Some(to) = g.node(to_kind, r.id) else {
                        continue;
                    };
                    let edge = Edge {
                        node: to,
                        via: Via::Field(r.field),
                    };
                    if !forward.contains(&edge) {
                        forward.push(edge);
                    }
                }
                let (mut linked, mut files) = (Vec::new(), Vec::new());
                for t in e.texts() {
                    for link in &t.markdown.links {
                        match g.resolve(pb, &e.meta().file, &link.dest) {
                            LinkEnd::Entry(to) => {
                                if !(to.kind == kind && g.id_of(pb, to) == Some(e.id())) {
                                    linked.push(to);
                                }
                            }
                            LinkEnd::File(path) => files.push(path),
                            LinkEnd::Other => {}
                        }
                    }
                }
                linked.sort_unstable();
                linked.dedup();
                files.sort_unstable();
                files.dedup();
                forward.extend(linked.into_iter().map(|node| Edge {
                    node,
                    via: Via::Link,
                }));
                for edge in &forward {
                    g.edges[edge.node.kind as usize][edge.node.index]
                        .back
                        .push(Edge {
                            node: from,
                            via: edge.via,
                        });
                }
                let here = &mut g.edges[kind as usize][index];
                here.forward = forward;
                here.files = files;
            }
        }
        g
    }

    /// The entry of `kind` with the id `id` (the first, when several have it).
    pub fn node(&self, kind: Kind, id: &str) -> Option<Node> {
        self.ids[kind as usize]
            .get(id)
            .map(|&index| Node { kind, index })
    }

    /// Whether an entry of `kind` has the id `id`.
    pub fn contains(&self, kind: Kind, id: &str) -> bool {
        self.ids[kind as usize].contains_key(id)
    }

    /// What `node` refers to: the entries its fields name (field by field, in the order written, each
    /// once per field), then the entries its Markdown links to (ordered by kind and place, each once,
    /// not itself).
    pub fn references(&self, node: Node) -> &[Edge] {
        self.edges
            .get(node.kind as usize)
            .and_then(|k| k.get(node.index))
            .map_or(&[], |e| e.forward.as_slice())
    }

    /// What refers to `node`: every edge of [`Graph::references`] that ends at it, turned round, in the
    /// order of the referring entries (kind by kind, in the playbook's order).
    pub fn backlinks(&self, node: Node) -> &[Edge] {
        self.edges
            .get(node.kind as usize)
            .and_then(|k| k.get(node.index))
            .map_or(&[], |e| e.back.as_slice())
    }

    /// The paths of the files that hold no entry which `node`'s Markdown links to (sorted). Whether
    /// they exist is not looked at.
    pub fn linked_files(&self, node: Node) -> &[String] {
        self.edges
            .get(node.kind as usize)
            .and_then(|k| k.get(node.index))
            .map_or(&[], |e| e.files.as_slice())
    }

    /// What the file at `path` holds (any normalization form of the path).
    pub fn file(&self, path: &str) -> Option<&FileHolds> {
        self.files.get(nfc(path).as_ref())
    }

    /// Where the link `dest`, written in the file `from` of `pb` (the playbook of this graph, or one
    /// with the same files and entries), leads.
    pub fn resolve(&self, pb: &Playbook, from: &str, dest: &str) -> LinkEnd {
        let LinkTarget::File { path, fragment } = resolve_link(from, dest) else {
            return LinkEnd::Other;
        };
        match self.file(&path) {
            Some(FileHolds::Single(node)) => LinkEnd::Entry(*node),
            Some(FileHolds::Multi(kind, file)) => {
                let id = fragment.as_deref().and_then(|f| {
                    let f: Cow<'_, str> = nfc(f);
                    pb.file(file)
                        .and_then(|file| file.multi_ids.iter().find(|i| **i == f))
                });
                match id.and_then(|id| self.node(*kind, id)) {
                    Some(node) => LinkEnd::Entry(node),
                    None => LinkEnd::Other,
                }
            }
            None => LinkEnd::File(path),
        }
    }

    fn id_of<'p>(&self, pb: &'p Playbook, node: Node) -> Option<&'p str> {
        pb.entry_at(node.kind, node.index).map(Entry::id)
    }
}

impl Playbook {
    /// The graph of the playbook's entries, built the first time it is asked for.
    pub fn graph(&self) -> &Graph {
        self.graph.get_or_init(|| Graph::new(self))
    }

    /// The entry `node`.
    pub fn entry(&self, node: Node) -> Option<Entry<'_>> {
        self.entry_at(node.kind, node.index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::Pos;

    /// Writes `files` into a temporary folder and loads it.
    fn load(files: &[(&str, &str)]) -> (tempfile::TempDir, Playbook) {
        let dir = tempfile::tempdir().expect("temp dir");
        for (path, text) in files {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
            std::fs::write(full, text).expect("write");
        }
        let pb = crate::content::load(dir.path()).expect("loads");
        (dir, pb)
    }

    fn playbook() -> (tempfile::TempDir, Playbook) {
        load(&[
            ("playbook.yaml", "title: T\n"),
            ("content/segments/smb.md", "---\nname: SMB\n---\nSee [the price](../objections/price.md) and [myself](smb.md).\n"),
            ("content/personas/cfo.md", "---\nname: CFO\n---\nSigns.\n"),
            ("content/stages/discovery.md", "---\ntitle: Discovery\norder: 1\nactions: [Ask]\npersonas: [cfo]\n---\nListen.\n"),
            (
                "content/objections/price.md",
                "---\nobjection: Too dear\nstages: [discovery, nowhere, discovery]\nsegments: [smb]\npersonas: [cfo]\n---\nCompared to what? [Discovery](../stages/discovery.md)\n",
            ),
            (
                "content/roleplays/basics.yaml",
                "title: Basics\npersona: cfo\nstage: discovery\nquestions:\n  - prompt: Why?\n    objection: price\n    model_answer: Because.\n    explanation: See [SMB](../segments/smb.md).\n",
            ),
        ])
    }

    fn node(pb: &Playbook, kind: Kind, id: &str) -> Node {
        pb.graph().node(kind, id).expect("the entry exists")
    }

    #[test]
    fn references_are_read_by_field_with_where_they_are_written() {
        let (_dir, pb) = playbook();
        let price = pb
            .entry(node(&pb, Kind::Objection, "price"))
            .expect("entry");
        let refs: Vec<(&str, Target, &str, Pos)> = price
            .refs()
            .into_iter()
            .map(|r| (r.field, r.target, r.id, r.pos))
            .collect();
        let stage = Target::Entry(Kind::Stage);
        assert_eq!(
            refs,
            vec![
                ("stages", stage, "discovery", Pos::new(3, 10)),
                ("stages", stage, "nowhere", Pos::new(3, 21)),
                ("stages", stage, "discovery", Pos::new(3, 30)),
                (
                    "segments",
                    Target::Entry(Kind::Segment),
                    "smb",
                    Pos::new(4, 12)
                ),
                (
                    "personas",
                    Target::Entry(Kind::Persona),
                    "cfo",
                    Pos::new(5, 12)
                ),
            ]
        );
        let basics = pb
            .entry(node(&pb, Kind::Roleplay, "basics"))
            .expect("entry");
        let fields: Vec<(&str, &str, Pos)> = basics
            .refs()
            .into_iter()
            .map(|r| (r.field, r.id, r.pos))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("persona", "cfo", Pos::new(2, 10)),
                ("stage", "discovery", Pos::new(3, 8)),
                ("questions.objection", "price", Pos::new(6, 16)),
            ]
        );
        let texts: Vec<(&str, &str)> = basics
            .texts()
            .into_iter()
            .map(|t| (t.field, t.markdown.text.trim_end()))
            .collect();
        assert_eq!(
            texts,
            vec![
                ("body", ""),
                ("questions.prompt", "Why?"),
                ("questions.explanation", "See [SMB](../segments/smb.md)."),
                ("questions.model_answer", "Because."),
            ]
        );
    }

    #[test]
    fn forward_references_name_each_known_entry_once_per_field_then_body_links() {
        let (_dir, pb) = playbook();
        let g = pb.graph();
        let price = node(&pb, Kind::Objection, "price");
        let discovery = node(&pb, Kind::Stage, "discovery");
        assert_eq!(
            g.references(price),
            &[
                // `nowhere` names no stage: not an edge (`check` reports it); `discovery` twice is one edge.
                Edge {
                    node: discovery,
                    via: Via::Field("stages")
                },
                Edge {
                    node: node(&pb, Kind::Segment, "smb"),
                    via: Via::Field("segments")
                },
                Edge {
                    node: node(&pb, Kind::Persona, "cfo"),
                    via: Via::Field("personas")
                },
                Edge {
                    node: discovery,
                    via: Via::Link
                },
            ]
        );
    }

    #[test]
    fn backlinks_list_who_refers_to_an_entry_by_field_and_by_link() {
        let (_dir, pb) = playbook();
        let g = pb.graph();
        let discovery = node(&pb, Kind::Stage, "discovery");
        let price = node(&pb, Kind::Objection, "price");
        let basics = node(&pb, Kind::Roleplay, "basics");
        assert_eq!(
            g.backlinks(discovery),
            &[
                Edge {
                    node: price,
                    via: Via::Field("stages")
                },
                Edge {
                    node: price,
                    via: Via::Link
                },
                Edge {
                    node: basics,
                    via: Via::Field("stage")
                },
            ]
        );
        let cfo = node(&pb, Kind::Persona, "cfo");
        assert_eq!(
            g.backlinks(cfo),
            &[
                Edge {
                    node: discovery,
                    via: Via::Field("personas")
                },
                Edge {
                    node: price,
                    via: Via::Field("personas")
                },
                Edge {
                    node: basics,
                    via: Via::Field("persona")
                },
            ]
        );
        // The segment's body links to itself (not an edge) and to the objection; the role-play's
        // explanation links to the segment.
        let smb = node(&pb, Kind::Segment, "smb");
        assert_eq!(
            g.references(smb),
            &[Edge {
                node: price,
                via: Via::Link
            }]
        );
        assert_eq!(
            g.backlinks(smb),
            &[
                Edge {
                    node: price,
                    via: Via::Field("segments")
                },
                Edge {
                    node: basics,
                    via: Via::Link
                },
            ]
        );
        assert_eq!(
            g.backlinks(price),
            &[
                Edge {
                    node: smb,
                    via: Via::Link
                },
                Edge {
                    node: basics,
                    via: Via::Field("questions.objection")
                },
            ]
        );
    }

    #[test]
    fn links_to_files_that_hold_no_entry_are_kept_as_paths() {
        let (_dir, pb) = load(&[
            ("playbook.yaml", "title: T\n"),
            (
                "content/segments/smb.md",
                "---\nname: SMB\n---\n[Deck](../../files/deck.pdf), [site](https://example.com)\n",
            ),
        ]);
        let smb = node(&pb, Kind::Segment, "smb");
        assert_eq!(
            pb.graph().linked_files(smb),
            &["files/deck.pdf".to_string()]
        );
        assert!(pb.graph().references(smb).is_empty());
    }
}
