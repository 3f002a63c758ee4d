//! What changed, from Git: `changes.html` (the most recent changes, newest first) and `changes.xml` (the
//! same as an Atom 1.0 feed), and the "Updated" line of entry pages.
//!
//! Both lists hold each entry once, at its file's last change ([`crate::content::History`]); uncommitted
//! entries come first on the page and are left out of the feed (a feed item needs a date). Both stop at
//! [`LIMIT`] entries. The feed is deterministic: its `updated` is the newest commit date, never the time
//! of the build; its links are absolute when `playbook.yaml` has `base_url`, relative to the feed
//! otherwise (and its ids `urn:playbook:` URNs, since an Atom id must be absolute).

use std::collections::BTreeMap;

use serde::Serialize;

use super::i18n::Lang;
use super::index::{page_url, SiteIndex};
use super::pages::Cx;
use super::quiz::script_json;
use super::{Page, Section};
use crate::content::{Date, Entry, History, Kind, LastChange, Playbook};

/// How many changes the page and the feed show.
pub(crate) const LIMIT: usize = 100;

/// One change: an entry at its last change.
struct Change<'a> {
    entry: Entry<'a>,
    /// `None`: uncommitted.
    date: Option<Date>,
    subject: Option<&'a str>,
}

/// Every entry with a known last change: uncommitted first, then newest first, then by kind and id.
fn changes(pb: &Playbook) -> Vec<Change<'_>> {
    let mut out: Vec<Change<'_>> = pb
        .entries()
        .filter_map(|entry| {
            let (date, subject) = match pb.history.of(&entry.meta().file)? {
                LastChange::Committed { date, subject } => (Some(*date), Some(subject.as_str())),
                LastChange::Uncommitted => (None, None),
            };
            Some(Change {
                entry,
                date,
                subject,
            })
        })
        .collect();
    // `None` (uncommitted) sorts before every date.
    out.sort_by(|a, b| {
        (a.date.map(std::cmp::Reverse), a.entry.kind(), a.entry.id()).cmp(&(
            b.date.map(std::cmp::Reverse),
            b.entry.kind(),
            b.entry.id(),
        ))
    });
    out
}

/// A row of `changes.html`.
#[derive(Serialize)]
struct Row<'a> {
    /// `YYYY-MM-DD`, or the word for "uncommitted".
    date: String,
    url: String,
    title: &'a str,
    kind: &'static str,
    subject: Option<&'a str>,
}

/// `changes.html`'s data.
#[derive(Serialize)]
struct ChangesPage<'a> {
    rows: Vec<Row<'a>>,
    /// How many changes there are in all (more than the rows when cut at [`LIMIT`]).
    total: usize,
    /// "The latest 100 of 240 changes", when cut.
    note: Option<String>,
}

pub(crate) fn changes_page(ix: &SiteIndex<'_>, lang: Lang) -> Page {
    let cx = Cx::new(ix, lang, "changes.html");
    let t = lang.strings();
    let all = changes(ix.playbook());
    let total = all.len();
    let rows = all
        .into_iter()
        .take(LIMIT)
        .map(|c| Row {
            date: c
                .date
                .map_or_else(|| t.uncommitted.to_string(), |d| d.to_string()),
            url: cx.url(&page_url(c.entry.kind(), c.entry.id())),
            title: c.entry.title(),
            kind: t.by_key(c.entry.kind().label()).unwrap_or(""),
            subject: c.subject,
        })
        .collect();
    let note = (total > LIMIT).then(|| {
        t.changes_cut
            .replace("{n}", &LIMIT.to_string())
            .replace("{total}", &total.to_string())
    });
    Page::new(
        "changes.html".to_string(),
        "changes.html",
        t.changes,
        Section::None,
        &ChangesPage { rows, total, note },
    )
    .described(t.describe_changes)
}

/// The "Updated" value of an entry's page: its last commit's date, the word for "uncommitted", or `None`
/// outside Git.
pub(crate) fn updated(history: &History, file: &str, lang: Lang) -> Option<String> {
    history.of(file).map(|c| match c.date() {
        Some(d) => d.to_string(),
        None => lang.strings().uncommitted.to_string(),
    })
}

/// `changes.xml`: the committed changes of `changes.html` as an Atom 1.0 feed.
pub(crate) fn atom(pb: &Playbook, lang: Lang) -> Vec<u8> {
    let t = lang.strings();
    let base = pb.config.base_url.as_deref();
    let href = |path: &str| match base {
        Some(b) => format!("{b}/{path}"),
        None => path.to_string(),
    };
    let id = |tail: &str| match base {
        Some(b) => format!("{b}/{tail}"),
        None => format!("urn:playbook:{tail}"),
    };
    let all: Vec<Change<'_>> = changes(pb)
        .into_iter()
        .take(LIMIT)
        .filter(|c| c.date.is_some())
        .collect();
    let stamp = |d: Option<Date>| format!("{}T00:00:00Z", d.unwrap_or(Date::from_days(0)));
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        crate::xml::escape(&pb.config.language)
    ));
    out.push_str(&format!(
        "  <title>{}{}{}</title>\n",
        crate::xml::escape(&pb.config.title),
        t.colon,
        crate::xml::escape(t.changes)
    ));
    out.push_str(&format!(
        "  <id>{}</id>\n",
        crate::xml::escape(&id("changes.xml"))
    ));
    out.push_str(&format!(
        "  <updated>{}</updated>\n",
        stamp(all.first().and_then(|c| c.date))
    ));
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        crate::xml::escape(&href("changes.xml"))
    ));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        crate::xml::escape(&href("changes.html"))
    ));
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        crate::xml::escape(&pb.config.title)
    ));
    for c in &all {
        let url = page_url(c.entry.kind(), c.entry.id());
        let kind = t.by_key(c.entry.kind().label()).unwrap_or("");
        let date = stamp(c.date);
        out.push_str("  <entry>\n");
        out.push_str(&format!(
            "    <title>{}</title>\n",
            crate::xml::escape(c.entry.title())
        ));
        out.push_str(&format!(
            "    <id>{}</id>\n",
            crate::xml::escape(&id(&format!("{url}#{}", &date[..10])))
        ));
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            crate::xml::escape(&href(&url))
        ));
        out.push_str(&format!("    <updated>{date}</updated>\n"));
        out.push_str(&format!(
            "    <summary>{}{}{}</summary>\n",
            crate::xml::escape(kind),
            t.colon,
            crate::xml::escape(c.subject.unwrap_or(""))
        ));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out.into_bytes()
}

/// How many entries a shard of the versions holds, on average.
pub(crate) const VERSION_ENTRIES: usize = 64;

/// How many shards the versions of `pb` take (at least one).
pub(crate) fn version_shards(pb: &Playbook) -> usize {
    pb.entries().count().div_ceil(VERSION_ENTRIES).max(1)
}

/// The site path of versions shard `k`.
pub(crate) fn version_file(k: usize) -> String {
    format!("versions/v{k}.js")
}

/// The site path of the shards' digests.
pub(crate) const DIGESTS_FILE: &str = "versions/digests.js";

/// The shard of the entry `key` (`<kind>/<id>`) among `shards`: FNV-1a (32 bits) of its UTF-8 bytes,
/// modulo `shards` (`updates.js` computes the same).
pub(crate) fn version_shard(key: &str, shards: usize) -> usize {
    usize::try_from(fnv1a32(key.as_bytes())).unwrap_or(0) % shards.max(1)
}

/// An entry's key and content hash: FNV-1a (64 bits, 16 hex digits) of everything loaded from the entry
/// (its fields, texts and the lines they are on), so it is the same on every build of the same files and
/// changes when the entry does.
fn version(e: Entry<'_>) -> (String, String) {
    let hash = fnv1a(format!("{e:?}").as_bytes());
    (
        format!("{}/{}", e.kind().key(), e.id()),
        format!("{hash:016x}"),
    )
}

type Versions = BTreeMap<String, String>;

/// What `versions.js` says: the same for every playbook of a size.
#[derive(Serialize)]
struct Manifest {
    /// How many shards there are.
    shards: usize,
    /// The kind key of each folder of entry pages (`"selling-points": "selling_point"`).
    kinds: BTreeMap<&'static str, &'static str>,
}

/// `versions.js`, which every page loads for the "Updated" badges (`updates.js`): `window.PLAYBOOK_VERSIONS
/// = {shards, kinds}`. The versions themselves are in the shards, `versions/v<k>.js` ([`version_shard_js`]),
/// and each shard's digest in `versions/digests.js` ([`digests_js`]).
pub(crate) fn versions_js(pb: &Playbook) -> Vec<u8> {
    let manifest = Manifest {
        shards: version_shards(pb),
        kinds: Kind::ALL.iter().map(|k| (k.folder(), k.key())).collect(),
    };
    format!("window.PLAYBOOK_VERSIONS={};\n", script_json(&manifest)).into_bytes()
}

/// `versions/digests.js`, which only the overview loads (it counts the updated entries): the digest of each
/// versions shard ([`fnv1a32`] of the bytes of `versions/v<k>.js`, 8 hex digits, 11 bytes a shard), in
/// shard order. Made from the shards' files once they are rendered, so that an edit, which renders again
/// only the shards that hold what it changed, does not hash every entry again.
pub(crate) fn digests_js(shards: impl Iterator<Item = u32>) -> Vec<u8> {
    let digests: Vec<String> = shards.map(|d| format!("{d:08x}")).collect();
    format!("playbookVersions.digests({});\n", script_json(&digests)).into_bytes()
}

/// The shard `k` a path of the site is the versions shard of (`versions/v<k>.js`), if it is one.
pub(crate) fn version_file_shard(path: &str) -> Option<usize> {
    path.strip_prefix("versions/v")?
        .strip_suffix(".js")?
        .parse()
        .ok()
}

/// `versions/v<k>.js`: the content hashes of the entries of shard `k`, `playbookVersions.add(k,
/// {"<kind>/<id>": "<hash>", …})`. Reads only its entries (and the ids), so that an edit renders again
/// only its shard. `shards` is [`version_shards`] of the playbook.
pub(crate) fn version_shard_js(
    ix: &SiteIndex<'_>,
    buckets: &VersionBuckets<'_>,
    k: usize,
) -> Vec<u8> {
    let map: Versions = buckets
        .0
        .get(k)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .filter_map(|(kind, id)| ix.entry(*kind, id))
        .map(version)
        .collect();
    format!("playbookVersions.add({k},{});\n", script_json(&map)).into_bytes()
}

/// The entries of each versions shard ([`version_shard`]), by kind and id: sorted once per render from
/// the ids alone, not by every shard's job (which would make the cost grow with the square of the
/// playbook).
pub(crate) struct VersionBuckets<'a>(Vec<Vec<(Kind, &'a str)>>);

impl<'a> VersionBuckets<'a> {
    pub(crate) fn new(pb: &'a Playbook) -> Self {
        let shards = version_shards(pb);
        let mut buckets = vec![Vec::new(); shards];
        for kind in Kind::ALL {
            for e in pb.entries_of(kind) {
                let k = version_shard(&format!("{}/{}", kind.key(), e.id()), shards);
                if let Some(b) = buckets.get_mut(k) {
                    b.push((kind, e.id()));
                }
            }
        }
        VersionBuckets(buckets)
    }
}

/// FNV-1a, 32 bits: how the drill and the versions shard by id (`drill.js` and `updates.js` compute it too).
pub(crate) fn fnv1a32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |h, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    })
}

/// FNV-1a, 64 bits: small, stable across builds and platforms (unlike the standard library's hasher).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}
