//! The kinds of entries and every name a kind has, in one table ([`KINDS`]): its folder, its names in
//! messages, the names `playbook new` accepts, the key of its UI label and its number in the search index.
//!
//! Adding a kind is a variant of [`Kind`] and a row of [`KINDS`]; the loader, messages, the command line,
//! the site's labels, search and `search.js` (which reads the search order from the index's manifest) all
//! read the row. The table's shape is checked when the crate compiles.

/// The kinds of entries, in the order the site presents them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A customer segment.
    Segment,
    /// A buying role.
    Persona,
    /// A selling point.
    SellingPoint,
    /// A stage of a sales motion.
    Stage,
    /// An objection and its answer.
    Objection,
    /// A quiz or role-play.
    Roleplay,
    /// A learning path: the steps a new hire follows.
    Path,
}

/// Everything a kind is called, one row of [`KINDS`].
#[derive(Debug)]
pub struct KindInfo {
    /// The kind this row describes (row `i` describes the kind declared `i`th).
    pub kind: Kind,
    /// The folder under `content/`, also the URL path segment of its pages: `selling-points`.
    pub folder: &'static str,
    /// The singular name in messages: `selling point`.
    pub name: &'static str,
    /// The singular name with its article: `a selling point`, `an objection`.
    pub a_name: &'static str,
    /// The plural name in messages: `selling points`.
    pub plural: &'static str,
    /// Its name on the command line (`playbook new selling-point`), also the key `search.js` labels a
    /// group of results by (the manifest's `k` table lists these in search order).
    pub key: &'static str,
    /// The names the command line accepts besides `key` and `folder`, lower case with `-` for `_` and spaces.
    pub aliases: &'static [&'static str],
    /// The UI string of its plural name, as a section title or a group of search results: `selling_points`.
    pub label: &'static str,
    /// Where its results come in search (0 first), which is also the number of the kind in the index.
    pub search_rank: usize,
}

/// Every kind, in the order of [`Kind`]'s variants.
pub const KINDS: [KindInfo; 7] = [
    KindInfo {
        kind: Kind::Segment,
        folder: "segments",
        name: "segment",
        a_name: "a segment",
        plural: "segments",
        key: "segment",
        aliases: &[],
        label: "segments",
        search_rank: 4,
    },
    KindInfo {
        kind: Kind::Persona,
        folder: "personas",
        name: "persona",
        a_name: "a persona",
        plural: "personas",
        key: "persona",
        aliases: &[],
        label: "personas",
        search_rank: 5,
    },
    KindInfo {
        kind: Kind::SellingPoint,
        folder: "selling-points",
        name: "selling point",
        a_name: "a selling point",
        plural: "selling points",
        key: "selling-point",
        aliases: &["sellingpoint", "sellingpoints"],
        label: "selling_points",
        search_rank: 2,
    },
    KindInfo {
        kind: Kind::Stage,
        folder: "stages",
        name: "stage",
        a_name: "a stage",
        plural: "stages",
        key: "stage",
        aliases: &[],
        label: "stages",
        search_rank: 1,
    },
    KindInfo {
        kind: Kind::Objection,
        folder: "objections",
        name: "objection",
        a_name: "an objection",
        plural: "objections",
        key: "objection",
        aliases: &[],
        label: "objections",
        search_rank: 0,
    },
    KindInfo {
        kind: Kind::Roleplay,
        folder: "roleplays",
        name: "role-play",
        a_name: "a role-play",
        plural: "role-plays",
        key: "roleplay",
        aliases: &["role-play", "role-plays"],
        label: "roleplays",
        search_rank: 3,
    },
    KindInfo {
        kind: Kind::Path,
        folder: "paths",
        name: "learning path",
        a_name: "a learning path",
        plural: "learning paths",
        key: "path",
        aliases: &["learning-path", "learning-paths"],
        label: "paths",
        search_rank: 6,
    },
];

/// How many kinds there are.
const N: usize = KINDS.len();

/// Row `i` describes variant `i` (so [`Kind::info`] can index), and the search ranks are `0..N`, each
/// once: a table that breaks either does not compile.
const _: () = {
    let mut seen = [false; N];
    let mut i = 0;
    while i < N {
        assert!(
            KINDS[i].kind as usize == i,
            "KINDS is not in the order of Kind"
        );
        let rank = KINDS[i].search_rank;
        assert!(rank < N, "a search rank is out of range");
        assert!(!seen[rank], "two kinds have the same search rank");
        seen[rank] = true;
        i += 1;
    }
};

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; N] = {
        let mut out = [Kind::Segment; N];
        let mut i = 0;
        while i < N {
            out[i] = KINDS[i].kind;
            i += 1;
        }
        out
    };

    /// Every kind in the order search groups its results (objections first): position `i` holds the kind
    /// numbered `i` in the index.
    pub const SEARCH_ORDER: [Kind; N] = {
        let mut out = [Kind::Segment; N];
        let mut i = 0;
        while i < N {
            out[KINDS[i].search_rank] = KINDS[i].kind;
            i += 1;
        }
        out
    };

    /// This kind's row of [`KINDS`].
    pub fn info(self) -> &'static KindInfo {
        &KINDS[self as usize]
    }

    /// The folder under `content/` (also the URL path segment of its pages).
    pub fn folder(self) -> &'static str {
        self.info().folder
    }

    /// The singular name used in messages.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The singular name with its article, for messages: "an objection", "a role-play".
    pub fn a_name(self) -> &'static str {
        self.info().a_name
    }

    /// The plural name used in messages: "selling points".
    pub fn plural(self) -> &'static str {
        self.info().plural
    }

    /// Its name on the command line and its key in `search.js`'s labels: `selling-point`.
    pub fn key(self) -> &'static str {
        self.info().key
    }

    /// The UI string of its plural name: `selling_points`.
    pub fn label(self) -> &'static str {
        self.info().label
    }

    /// Its number in the search index (its place in [`Kind::SEARCH_ORDER`]).
    pub fn search_rank(self) -> usize {
        self.info().search_rank
    }

    /// The kind whose folder is `folder`.
    pub fn from_folder(folder: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.folder() == folder)
    }

    /// The kind named `name` on the command line: its key, its folder or an alias, in any case, with `_`
    /// or a space for `-` (`stage`, `stages`, `Selling_Point`, `role-play`). `None` for anything else.
    pub fn from_name(name: &str) -> Option<Kind> {
        let normal: String = name
            .trim()
            .chars()
            .map(|c| match c {
                '_' | ' ' => '-',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        KINDS
            .iter()
            .find(|k| k.key == normal || k.folder == normal || k.aliases.contains(&normal.as_str()))
            .map(|k| k.kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_take_the_right_article_and_plural() {
        for kind in Kind::ALL {
            let name = kind.name();
            let vowel = name.starts_with(['a', 'e', 'i', 'o', 'u']);
            let article = if vowel { "an " } else { "a " };
            assert_eq!(kind.a_name(), format!("{article}{name}"));
            assert_eq!(kind.plural(), format!("{name}s"));
        }
    }

    #[test]
    fn search_order_follows_the_ranks_and_starts_with_objections() {
        // Rows in variant order and ranks 0..N used once each are checked when the crate compiles.
        for (i, kind) in Kind::SEARCH_ORDER.into_iter().enumerate() {
            assert_eq!(kind.search_rank(), i);
        }
        assert_eq!(
            Kind::SEARCH_ORDER[0],
            Kind::Objection,
            "objections come first"
        );
    }

    #[test]
    fn every_name_of_a_kind_names_only_that_kind() {
        // `from_name` takes the first row that has the name: a name shared with an earlier row fails here.
        for kind in Kind::ALL {
            let info = kind.info();
            for name in [info.key, info.folder].iter().chain(info.aliases) {
                assert_eq!(Kind::from_name(name), Some(kind), "{name}");
            }
        }
        let keys: std::collections::HashSet<&str> = KINDS.iter().map(|k| k.key).collect();
        let labels: std::collections::HashSet<&str> = KINDS.iter().map(|k| k.label).collect();
        assert_eq!(keys.len(), KINDS.len(), "two kinds have the same key");
        assert_eq!(labels.len(), KINDS.len(), "two kinds have the same label");
    }

    #[test]
    fn names_are_read_in_any_case_with_any_separator() {
        assert_eq!(Kind::from_name("Selling_Point"), Some(Kind::SellingPoint));
        assert_eq!(Kind::from_name("selling points"), Some(Kind::SellingPoint));
        assert_eq!(Kind::from_name("role-play"), Some(Kind::Roleplay));
        assert_eq!(Kind::from_name(" stages "), Some(Kind::Stage));
        assert_eq!(Kind::from_name("motion"), None);
        assert_eq!(Kind::from_name(""), None);
    }
}
