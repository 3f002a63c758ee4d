//! Building the sharded index. Every file is a script (`search/<name>.js`) that hands its data to
//! `PBS.add(name, data)`, so it loads from `file://` as well as over HTTP.
//!
//! * `manifest.js`: document count, shard counts and `k`, the kinds' keys in search order (loaded with the
//!   page, about a hundred bytes).
//! * `t<n>.js`: term shards, each term in shard `hash(term) % n`: `{term: postings}`. A posting is one
//!   base64 VLQ number (5 bits a character, as in source maps) `gap × 4 + level`: the doc-id gap from the
//!   previous posting and the term's BM25 weight in the document (field-weighted tf, length-normalized)
//!   quantized to 4 levels; the browser multiplies it by the idf. A dense list (gaps under 8) costs one
//!   character a posting. CJK text is indexed as bigrams; a run's single characters are answered from
//!   the prefix tables.
//! * `p<n>.js`: for every prefix of one to five letters of the words written in the playbook, and for
//!   every single CJK character, the best documents: a word being typed is answered from here.
//! * `y<n>.js`: the indexed words by their first two letters, so a word with one typo finds its neighbours.
//! * `x<n>.js`: exact phrases (an objection's words and aliases), by hash, so typing one ranks it first.
//! * `d<n>.js`: documents `[kind, url, title, excerpt]`, a few per shard, loaded only for shown results;
//!   `kind` is the kind's place in the manifest's `k` ([`Kind::search_rank`]).

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use rayon::prelude::*;

use super::docs::SearchDoc;
use super::stem::stem;
use super::tokenize::{for_each_run, is_cjk, tokens, RunRef};
use crate::content::Kind;

const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Target size of a term shard, in bytes.
const TERM_SHARD_BYTES: usize = 6_000;
/// Documents per document shard.
pub const DOCS_PER_SHARD: usize = 4;
/// Documents kept per prefix.
const PREFIX_DOCS: usize = 12;
/// Longest prefix of a word answered from the prefix tables.
pub const PREFIX_LEN: usize = 5;
/// Target size of a prefix shard, in bytes.
const PREFIX_SHARD_BYTES: usize = 6_000;
/// Impact levels (2 bits).
const LEVELS: f64 = 4.0;
/// Phrases per phrase shard.
const PHRASES_PER_SHARD: usize = 400;
/// Target size of a typo-dictionary shard, in bytes.
const TYPO_SHARD_BYTES: usize = 4_000;

/// FNV-1a over UTF-16 code units: `search.js` computes the same.
pub fn hash(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for u in s.encode_utf16() {
        h ^= u32::from(u);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The phrase key of a text: its terms joined by spaces.
pub fn phrase_key(text: &str) -> String {
    tokens(text)
        .iter()
        .map(|t| t.term())
        .collect::<Vec<_>>()
        .join(" ")
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Base64 VLQ: 5 bits per character, low bits first, bit 6 set on all but the last character.
fn vlq(mut v: u32, out: &mut String) {
    loop {
        let digit = v & 31;
        v >>= 5;
        if v == 0 {
            out.push(B64[digit as usize] as char);
            return;
        }
        out.push(B64[(digit | 32) as usize] as char);
    }
}

/// Statistics of a built index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexStats {
    /// Documents.
    pub docs: usize,
    /// Distinct terms.
    pub terms: usize,
    /// Term shards.
    pub term_shards: u32,
}

/// A term's postings: (document, impact level, the impact before quantizing), by document.
type Postings = Vec<(u32, u8, f32)>;

/// What one document contributes: its written words and its CJK bigrams with their weighted
/// frequencies, and its length.
struct Counted {
    /// Surface words (as written, normalized), not yet stemmed.
    words: Vec<(String, u32)>,
    /// Bigrams; `[c, '\0']` is a one-character run.
    pairs: Vec<([char; 2], u32)>,
    len: u32,
}

/// Counts one document's runs. Words are stemmed later, once for the whole index.
fn count(doc: &SearchDoc) -> Counted {
    let mut surface: FxHashMap<String, u32> = FxHashMap::default();
    let mut pairs: FxHashMap<[char; 2], u32> = FxHashMap::default();
    let mut len = 0;
    for (weight, text) in &doc.fields {
        let weight = *weight;
        for_each_run(text, |run| match run {
            RunRef::Word(w) => {
                len += weight;
                match surface.get_mut(w) {
                    Some(f) => *f += weight,
                    None => {
                        surface.insert(w.to_string(), weight);
                    }
                }
            }
            // Bigrams (a one-character run: that character). A run's last character on its own, which
            // the tokenizer adds for one-character queries, is not needed here: those are answered from
            // the prefix tables, built from the bigrams a character starts.
            RunRef::Cjk(chars) if chars.len() == 1 => {
                *pairs.entry([chars[0], '\0']).or_default() += weight;
                len += weight;
            }
            RunRef::Cjk(chars) => {
                for w in chars.windows(2) {
                    *pairs.entry([w[0], w[1]]).or_default() += weight;
                    len += weight;
                }
            }
        });
    }
    Counted {
        words: surface.into_iter().collect(),
        pairs: pairs.into_iter().collect(),
        len,
    }
}

/// The terms of the index as they are counted: every term gets a number when first seen.
#[derive(Default)]
struct Terms {
    names: Vec<String>,
    /// Per term: (document, weighted frequency), by document.
    postings: Vec<Vec<(u32, u32)>>,
    by_stem: FxHashMap<String, u32>,
    by_pair: FxHashMap<[char; 2], u32>,
    /// Written word → (its stem, the stem's term).
    vocabulary: FxHashMap<String, (String, u32)>,
}

impl Terms {
    fn id(&mut self, name: String) -> u32 {
        let id = self.names.len() as u32;
        self.names.push(name);
        self.postings.push(Vec::new());
        id
    }

    fn word(&mut self, word: String) -> u32 {
        if let Some((_, id)) = self.vocabulary.get(&word) {
            return *id;
        }
        let s = stem(&word);
        let id = match self.by_stem.get(&s) {
            Some(&id) => id,
            None => {
                let id = self.id(s.clone());
                self.by_stem.insert(s.clone(), id);
                id
            }
        };
        self.vocabulary.insert(word, (s, id));
        id
    }

    fn pair(&mut self, pair: [char; 2]) -> u32 {
        if let Some(&id) = self.by_pair.get(&pair) {
            return id;
        }
        let mut name = String::with_capacity(8);
        name.push(pair[0]);
        if pair[1] != '\0' {
            name.push(pair[1]);
        }
        let id = self.id(name);
        self.by_pair.insert(pair, id);
        id
    }

    /// Adds one counted document. Words with one stem (`price`, `prices`) add up.
    fn add(&mut self, doc: u32, counted: Counted) {
        let mut tf: Vec<(u32, u32)> = counted
            .words
            .into_iter()
            .map(|(w, f)| (self.word(w), f))
            .collect();
        tf.sort_unstable();
        let mut last = u32::MAX;
        for (id, f) in tf {
            if id == last {
                if let Some(p) = self.postings[id as usize].last_mut() {
                    p.1 += f;
                }
            } else {
                self.postings[id as usize].push((doc, f));
                last = id;
            }
        }
        for (pair, f) in counted.pairs {
            let id = self.pair(pair);
            self.postings[id as usize].push((doc, f));
        }
    }
}

/// Documents counted at once: bounds the memory of per-document tables.
const COUNT_CHUNK: usize = 1_024;

/// Builds the index files (paths relative to the site root, under `search/`), sorted by path.
pub fn build(docs: &[SearchDoc]) -> (Vec<(String, Vec<u8>)>, IndexStats) {
    build_chunked(docs.len(), |range| docs[range].to_vec())
}

/// Builds the index of `n` documents like [`build`], asking `make` for them a chunk at a time (by a
/// range of their numbers): only one chunk's texts are held at once.
pub fn build_chunked(
    n: usize,
    make: impl Fn(std::ops::Range<usize>) -> Vec<SearchDoc>,
) -> (Vec<(String, Vec<u8>)>, IndexStats) {
    // Raw frequencies first, in chunks (the impacts need the average length of all documents). What
    // is kept of each document afterwards: its title, excerpt and phrases, not its texts.
    let mut counted_terms = Terms::default();
    let mut lens: Vec<u32> = Vec::with_capacity(n);
    let mut docs: Vec<SearchDoc> = Vec::with_capacity(n);
    for start in (0..n).step_by(COUNT_CHUNK) {
        let chunk = make(start..(start + COUNT_CHUNK).min(n));
        let counted: Vec<Counted> = chunk.par_iter().map(count).collect();
        for (i, counted) in counted.into_iter().enumerate() {
            lens.push(counted.len);
            counted_terms.add((start + i) as u32, counted);
        }
        docs.extend(chunk.into_iter().map(|d| SearchDoc {
            fields: Vec::new(),
            ..d
        }));
    }
    let docs = docs.as_slice();
    let Terms {
        names,
        postings: raw,
        vocabulary,
        ..
    } = counted_terms;
    let vocabulary: FxHashMap<String, String> =
        vocabulary.into_iter().map(|(w, (s, _))| (w, s)).collect();
    let n = docs.len().max(1) as f64;
    let avgdl = (lens.iter().map(|&l| f64::from(l)).sum::<f64>() / n).max(1.0);
    let mut terms: Vec<(String, Postings)> = names
        .into_par_iter()
        .zip(raw)
        .map(|(term, list)| {
            let postings = list
                .into_iter()
                .map(|(doc, f)| {
                    let norm = K1 * (1.0 - B + B * f64::from(lens[doc as usize]) / avgdl);
                    let f = f64::from(f);
                    let s = f / (f + norm);
                    let level = (s * LEVELS).floor().clamp(0.0, LEVELS - 1.0) as u8;
                    (doc, level, s as f32)
                })
                .collect();
            (term, postings)
        })
        .collect();
    terms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let encoded: Vec<String> = terms
        .par_iter()
        .map(|(_, list)| {
            let mut text = String::with_capacity(list.len() + 8);
            let mut prev = 0;
            for (i, &(doc, level, _)) in list.iter().enumerate() {
                let gap = if i == 0 { doc } else { doc - prev };
                vlq(gap * 4 + u32::from(level), &mut text);
                prev = doc;
            }
            text
        })
        .collect();
    let total: usize = encoded
        .iter()
        .zip(&terms)
        .map(|(e, (t, _))| e.len() + t.len() + 6)
        .sum();
    let term_shards = total.div_ceil(TERM_SHARD_BYTES).max(1) as u32;
    let mut shards: BTreeMap<u32, BTreeMap<&str, &str>> = BTreeMap::new();
    for (e, (term, _)) in encoded.iter().zip(&terms) {
        shards
            .entry(hash(term) % term_shards)
            .or_default()
            .insert(term, e);
    }

    let mut files = Vec::new();
    for (i, map) in &shards {
        files.push(script(&format!("t{i}"), &map));
    }
    let prefix_shards = prefix_files(&terms, &vocabulary, n, &mut files);
    let typo_shards = typo_files(&terms, &mut files);
    let phrase_shards = phrase_files(docs, &mut files);
    for (i, chunk) in docs.chunks(DOCS_PER_SHARD).enumerate() {
        let rows: Vec<(usize, &str, &str, &str)> = chunk
            .iter()
            .map(|d| {
                let kind = d.kind.search_rank();
                (kind, d.url.as_str(), d.title.as_str(), d.excerpt.as_str())
            })
            .collect();
        files.push(script(&format!("d{i}"), &rows));
    }
    let manifest = serde_json::json!({
        "v": 2,
        "n": docs.len(),
        "t": term_shards,
        "p": prefix_shards,
        "y": typo_shards,
        "x": phrase_shards,
        "d": DOCS_PER_SHARD,
        "L": PREFIX_LEN,
        "k": Kind::SEARCH_ORDER.map(Kind::key),
    });
    files.push(script("manifest", &manifest));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let stats = IndexStats {
        docs: docs.len(),
        terms: terms.len(),
        term_shards,
    };
    (files, stats)
}

/// `search/<name>.js`: `PBS.add("<name>", <json>);`
fn script(name: &str, data: &impl serde::Serialize) -> (String, Vec<u8>) {
    let json = serde_json::to_string(data).unwrap_or_else(|_| "null".to_string());
    (
        format!("search/{name}.js"),
        format!("PBS.add({:?},{json});\n", name).into_bytes(),
    )
}

/// The inverse document frequency, as `search.js` computes it.
pub fn idf(df: usize, n: f64) -> f64 {
    let df = df as f64;
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// The best documents of a term: (document, idf × impact), best first. Prefix tables are ranked at build
/// time, so they use the impact before quantizing.
fn top_docs(list: &Postings, n: f64) -> Vec<(u32, f64)> {
    let w = idf(list.len(), n);
    let mut top: Vec<(u32, f64)> = list
        .iter()
        .map(|&(d, _, s)| (d, w * f64::from(s)))
        .collect();
    let order = |a: &(u32, f64), b: &(u32, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if top.len() > PREFIX_DOCS {
        top.select_nth_unstable_by(PREFIX_DOCS, order);
        top.truncate(PREFIX_DOCS);
    }
    top.sort_by(order);
    top
}

fn shard_count(bytes: usize, target: usize) -> u32 {
    bytes.div_ceil(target).max(1) as u32
}

fn prefix_files(
    terms: &[(String, Postings)],
    vocabulary: &FxHashMap<String, String>,
    n: f64,
    files: &mut Vec<(String, Vec<u8>)>,
) -> u32 {
    let index: FxHashMap<&str, usize> = terms
        .iter()
        .enumerate()
        .map(|(i, (t, _))| (t.as_str(), i))
        .collect();
    let tops: Vec<Vec<(u32, f64)>> = terms
        .par_iter()
        .map(|(_, list)| top_docs(list, n))
        .collect();
    // Prefix → the terms it may continue into.
    let mut continuations: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (word, stem) in vocabulary {
        let Some(&t) = index.get(stem.as_str()) else {
            continue;
        };
        for (len, (end, _)) in word
            .char_indices()
            .skip(1)
            .chain([(word.len(), ' ')])
            .enumerate()
        {
            if len >= PREFIX_LEN {
                break;
            }
            continuations
                .entry(word[..end].to_string())
                .or_default()
                .push(t);
        }
    }
    for (t, (term, _)) in terms.iter().enumerate() {
        if let Some(first) = term.chars().next().filter(|c| is_cjk(*c)) {
            continuations.entry(first.to_string()).or_default().push(t);
        }
    }
    let tables: Vec<(String, Vec<u32>)> = continuations
        .into_par_iter()
        .map(|(prefix, mut ts)| {
            ts.sort_unstable();
            ts.dedup();
            let mut best: FxHashMap<u32, f64> = FxHashMap::default();
            for t in ts {
                for &(d, s) in &tops[t] {
                    let e = best.entry(d).or_insert(0.0);
                    if s > *e {
                        *e = s;
                    }
                }
            }
            let mut docs: Vec<(u32, f64)> = best.into_iter().collect();
            docs.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            docs.truncate(PREFIX_DOCS);
            (prefix, docs.into_iter().map(|(d, _)| d).collect())
        })
        .collect();
    let bytes: usize = tables.iter().map(|(p, d)| p.len() + 6 * d.len() + 6).sum();
    let count = shard_count(bytes, PREFIX_SHARD_BYTES);
    let mut shards: BTreeMap<u32, BTreeMap<&str, &Vec<u32>>> = BTreeMap::new();
    for (prefix, docs) in &tables {
        shards
            .entry(hash(&prefix_group(prefix)) % count)
            .or_default()
            .insert(prefix, docs);
    }
    for i in 0..count {
        files.push(script(
            &format!("p{i}"),
            &shards.get(&i).cloned().unwrap_or_default(),
        ));
    }
    count
}

/// Prefixes are sharded by their first two characters, so the keystrokes of one word share a shard.
pub fn prefix_group(prefix: &str) -> String {
    prefix.chars().take(2).collect()
}

/// Words (not CJK) by their first two characters: `{"ex": "exampl expect expert"}`.
fn typo_files(terms: &[(String, Postings)], files: &mut Vec<(String, Vec<u8>)>) -> u32 {
    let mut groups: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (term, _) in terms {
        if term.chars().count() < 4 || term.chars().next().is_some_and(is_cjk) {
            continue;
        }
        let key: String = term.chars().take(2).collect();
        groups.entry(key).or_default().push(term);
    }
    let bytes: usize = groups.values().flatten().map(|t| t.len() + 1).sum();
    let count = shard_count(bytes, TYPO_SHARD_BYTES);
    let mut shards: BTreeMap<u32, BTreeMap<&str, String>> = BTreeMap::new();
    for (key, words) in &groups {
        shards
            .entry(hash(key) % count)
            .or_default()
            .insert(key, words.join(" "));
    }
    for i in 0..count {
        files.push(script(
            &format!("y{i}"),
            &shards.get(&i).cloned().unwrap_or_default(),
        ));
    }
    count
}

fn phrase_files(docs: &[SearchDoc], files: &mut Vec<(String, Vec<u8>)>) -> u32 {
    let mut phrases: Vec<(u32, u32)> = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        for p in &d.phrases {
            let key = phrase_key(p);
            if !key.is_empty() {
                phrases.push((hash(&key), i as u32));
            }
        }
    }
    let shards = phrases.len().div_ceil(PHRASES_PER_SHARD).max(1) as u32;
    let mut by_shard: BTreeMap<u32, BTreeMap<String, Vec<u32>>> = BTreeMap::new();
    for (h, doc) in phrases {
        let list = by_shard
            .entry(h % shards)
            .or_default()
            .entry(format!("{h:x}"))
            .or_default();
        if !list.contains(&doc) {
            list.push(doc);
        }
    }
    for i in 0..shards {
        files.push(script(
            &format!("x{i}"),
            &by_shard.get(&i).cloned().unwrap_or_default(),
        ));
    }
    shards
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vlq_uses_five_bits_per_character() {
        let mut out = String::new();
        vlq(0, &mut out);
        vlq(31, &mut out);
        vlq(32, &mut out);
        vlq(1000, &mut out);
        // 0 → A; 31 → f; 32 → g (0|32) B (1); 1000 = 8 + 31·32 → o (8|32) f (31).
        assert_eq!(out, "AfgBof");
    }

    #[test]
    fn fnv_hashes_utf16_units() {
        // FNV-1a of "" and "a" (one UTF-16 unit 0x61) are the published 32-bit test values.
        assert_eq!(hash(""), 0x811c_9dc5);
        assert_eq!(hash("a"), 0xe40c_292c);
        assert_eq!(hash("foobar"), 0xbf9c_f968);
    }

    fn doc(title: &str, body: &str) -> SearchDoc {
        SearchDoc {
            id: title.to_string(),
            kind: Kind::Objection,
            url: format!("objections/{title}.html"),
            title: title.to_string(),
            excerpt: String::new(),
            fields: vec![(6, title.to_string()), (1, body.to_string())],
            phrases: vec![title.to_string()],
        }
    }

    /// The value under `key` in the first of the shards whose path starts with `prefix`.
    fn lookup(files: &[(String, Vec<u8>)], prefix: &str, key: &str) -> Option<serde_json::Value> {
        files
            .iter()
            .filter(|(p, _)| p.starts_with(prefix))
            .find_map(|(_, bytes)| {
                let text = String::from_utf8_lossy(bytes);
                let json = text
                    .strip_prefix("PBS.add(")?
                    .split_once(',')?
                    .1
                    .trim_end()
                    .strip_suffix(");")?;
                let v: serde_json::Value = serde_json::from_str(json).ok()?;
                v.get(key).cloned()
            })
    }

    /// The data of the script `search/<name>.js`.
    fn data(files: &[(String, Vec<u8>)], name: &str) -> serde_json::Value {
        let path = format!("search/{name}.js");
        let (_, bytes) = files.iter().find(|(p, _)| *p == path).expect("script");
        let text = std::str::from_utf8(bytes).expect("UTF-8");
        let json = text
            .strip_prefix(&format!("PBS.add(\"{name}\","))
            .and_then(|t| t.trim_end().strip_suffix(");"))
            .expect("a PBS.add call");
        serde_json::from_str(json).expect("JSON")
    }

    #[test]
    fn the_manifest_names_the_kind_numbers_of_the_documents() {
        let mut docs = vec![doc("budget", "a"), doc("pilot", "b"), doc("smb", "c")];
        docs[1].kind = Kind::Roleplay;
        docs[2].kind = Kind::Segment;
        let (files, _) = build(&docs);
        let kinds = data(&files, "manifest")["k"].clone();
        let keys: Vec<&str> = Kind::SEARCH_ORDER.iter().map(|k| k.key()).collect();
        assert_eq!(kinds, serde_json::json!(keys));
        let rows = data(&files, "d0");
        let rows = rows.as_array().expect("rows");
        assert_eq!(rows.len(), docs.len());
        for (row, d) in rows.iter().zip(&docs) {
            let number = row[0].as_u64().expect("a kind number") as usize;
            assert_eq!(kinds[number], d.kind.key(), "{}", d.title);
        }
    }

    fn table(files: &[(String, Vec<u8>)], key: &str) -> Option<serde_json::Value> {
        lookup(files, "search/p", key)
    }

    fn postings(files: &[(String, Vec<u8>)], term: &str) -> Option<String> {
        lookup(files, "search/t", term).and_then(|v| v.as_str().map(str::to_string))
    }

    #[test]
    fn a_title_match_outweighs_a_body_match() {
        let docs = vec![
            doc("budget", "nothing here"),
            doc("other", "we talk about budget once"),
        ];
        let (files, stats) = build(&docs);
        assert_eq!(stats.docs, 2);
        // "budget" postings: doc 0 (title, weight 6) then doc 1 (body, weight 1): impacts decrease.
        let text = postings(&files, "budget").expect("term indexed");
        let values: Vec<usize> = text
            .bytes()
            .filter_map(|c| B64.iter().position(|&x| x == c))
            .collect();
        // Two postings, each one VLQ digit `gap × 4 + level`: doc 0, then doc 1 (gap 1).
        assert_eq!(values.len(), 2, "{text}");
        assert!(
            (4..8).contains(&values[1]),
            "second posting has gap 1: {values:?}"
        );
        let (title, body) = (values[0], values[1] - 4);
        assert!(title > body, "title level {title} > body level {body}");
    }

    #[test]
    fn prefixes_of_written_words_find_their_documents() {
        let docs = vec![doc("pricing", "we changed it"), doc("other", "nothing")];
        let (files, _) = build(&docs);
        // "pricing" is indexed as "pric"; the prefix "prici" of the written word still finds doc 0.
        assert_eq!(table(&files, "prici"), Some(serde_json::json!([0])));
        assert_eq!(table(&files, "pr"), Some(serde_json::json!([0])));
        assert_eq!(
            table(&files, "pricin"),
            None,
            "prefixes stop at {PREFIX_LEN} letters"
        );
    }

    #[test]
    fn the_same_documents_give_the_same_bytes() {
        let docs = vec![
            doc("价格太贵", "先问客户和什么比较"),
            doc("budget", "we talk about budget"),
        ];
        assert_eq!(build(&docs).0, build(&docs).0);
    }
}
