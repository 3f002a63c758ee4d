//! What a page read while it rendered, and what a site keeps of it for the next edit.
//!
//! Every lookup of [`super::index::SiteIndex`] that hands a page an entry (or a list of entries) records a
//! [`Read`]: the key of what it looked up. A [`Read`]'s value is everything the page can see through that
//! lookup, so that a page whose reads all keep their values renders to the same bytes. After an edit,
//! [`super::index::reads_of_entry`] names, for each entry of a changed file, the reads whose values it is
//! part of (in the playbook before the edit and in the one after); the pages that recorded one of them are
//! rendered again (see [`super::incremental`]).
//!
//! What pages see beyond entries is not recorded, because an edit of it renders the whole site anyway: the
//! configuration (`playbook.yaml`), the ids of the entries and the files that hold them (the shape of the
//! playbook, which [`super::rerender`] requires unchanged), and where links lead (resolved from ids and
//! files, plus the set of linked files, compared as a whole).

use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::content::{Kind, Node};

/// One thing a page looked up.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Read {
    /// An entry, whole: the one the page is about, or one it looked up by id.
    Entry(Node),
    /// Which entries of kind `by` name `node` in their field `field`, in order, and each of them whole
    /// (the objections met at a stage, the role-plays that drill an objection, …).
    NamedBy {
        /// The entry named.
        node: Node,
        /// The kind of the entries that name it.
        by: Kind,
        /// Their field.
        field: &'static str,
    },
    /// Which entries link to `node` from their Markdown, and each of them whole.
    LinkedFrom(Node),
    /// The stages of a motion (by its id), in order, and each of them whole.
    Motion(Box<str>),
    /// Every entry of a kind, whole: a read that cannot name the entries it needs (a page that takes the
    /// whole playbook). Any edit of an entry of the kind changes it.
    Every(Kind),
    /// The ids of the entries of a kind, in order (nothing else of them): they change only with the
    /// shape of the playbook, which renders everything.
    Ids(Kind),
}

/// The reads of every entry page of a site, by the entry (its [`Node`]), and of the objection finder's
/// files (its pages and facet shards), by path; each sorted and without repeats. And the files outside
/// `static/` that bodies link to (copied into the site). Kept with the [`super::Site`] that `serve`
/// renders, for the next edit. The other list pages keep nothing: they are rendered after every edit.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct Reads {
    pub(crate) pages: FxHashMap<Node, Arc<[Read]>>,
    pub(crate) files: FxHashMap<String, Arc<[Read]>>,
    /// The paths of the files rendered with an entry's page or another file (the full lists of its
    /// bounded sections, the further chunks of a drill), for those that have any: an edit that changes
    /// them renders the whole site.
    pub(crate) related: FxHashMap<Owner, Vec<String>>,
    pub(crate) linked_files: BTreeSet<String>,
}

/// Whose reads a record is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Owner {
    /// The page of an entry.
    Entry(Node),
    /// Another file that keeps its reads, by its path in the site.
    File(String),
}

impl Reads {
    /// The reads of `owner`'s file, if kept.
    pub(crate) fn of(&self, owner: &Owner) -> Option<&[Read]> {
        match owner {
            Owner::Entry(node) => self.pages.get(node),
            Owner::File(path) => self.files.get(path),
        }
        .map(|r| &r[..])
    }

    /// Keeps `reads` as `owner`'s.
    pub(crate) fn keep(&mut self, owner: Owner, reads: Arc<[Read]>) {
        match owner {
            Owner::Entry(node) => self.pages.insert(node, reads),
            Owner::File(path) => self.files.insert(path, reads),
        };
    }
}

impl fmt::Debug for Reads {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reads")
            .field("pages", &self.pages.len())
            .field("files", &self.files.len())
            .field(
                "reads",
                &self.pages.values().map(|r| r.len()).sum::<usize>(),
            )
            .field("linked_files", &self.linked_files.len())
            .finish()
    }
}

/// Sorts `reads` and drops repeats: a page's record.
pub(crate) fn record(mut reads: Vec<Read>) -> Arc<[Read]> {
    reads.sort_unstable();
    reads.dedup();
    reads.into()
}
