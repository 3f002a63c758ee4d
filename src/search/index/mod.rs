//! Building the sharded index. Every file is a script (`search/<name>.js`) that hands its data to
//! `PBS.add(name, data)`, so it loads from `file://` as well as over HTTP.
//!
//! * `manifest.js`: document count, shard counts, `a` ([`NEXT_BUCKETS`]) and `k`, the kinds' keys in
//!   search order (loaded with the page, about a hundred bytes).
//! * `t<n>.js`: term shards, each term in shard `hash(term) % n`: `{term: postings}`. A posting is one
//!   base64 VLQ number (5 bits a character, as in source maps) `gap × 4 + level`: the doc-id gap from the
//!   previous posting and the term's BM25 weight in the document (field-weighted tf, length-normalized)
//!   quantized to 4 levels; the browser multiplies it by the idf. A dense list (gaps under 8) costs one
//!   character a posting. CJK text is indexed as bigrams; a run's single characters are answered from
//!   the prefix tables. A bigram's posting is `(gap × 4 + level) × 2^a + next`, `a` ([`NEXT_BUCKETS`])
//!   in the manifest: `next` has bit `b` set when a character of bucket `b` ([`count::next_bucket`])
//!   follows the bigram somewhere in the document, so a query of three or four characters drops most
//!   documents that hold its bigrams apart (docs/search.md has the measured trade-off).
//! * `p<n>.js`: for every prefix of one to five letters of the words written in the playbook, and for
//!   every single CJK character, the best documents: a word being typed is answered from here.
//! * `y<n>.js`: the written words by their first two letters, so a word with one typo finds its neighbours
//!   (`search.js` stems the words it finds to look up their postings).
//! * `x<n>.js`: exact phrases (an objection's words and aliases), by hash, so typing one ranks it first.
//! * `d<n>.js`: documents `[kind, url, title, excerpt, text]`, a few per shard, loaded only for shown
//!   results; `kind` is the kind's place in the manifest's `k` ([`Kind::search_rank`]); `text` is the
//!   start of the document's text ([`passage_text`], empty when it is the excerpt), for the passage
//!   around a match, and where `search.js` proves a query of three or more CJK characters exact (it shows
//!   the results proven so before the rest; docs/search.md, "Known limits").

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use rayon::prelude::*;

use super::docs::{passage_text, SearchDoc};
use super::tokenize::{is_cjk, tokens};
use crate::content::Kind;

mod count;
mod encode;
mod tables;
#[cfg(test)]
mod tests;

use count::{count, Counted, Terms};
use encode::vlq;
pub use tables::{idf, prefix_group};
use tables::{phrase_files, prefix_files, typo_files};

const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Target size of a term shard, in bytes.
const TERM_SHARD_BYTES: usize = 6_000;
/// Documents per document shard.
pub const DOCS_PER_SHARD: usize = 4;
/// Documents kept per prefix.
pub(crate) const PREFIX_DOCS: usize = 12;
/// Longest prefix of a word answered from the prefix tables.
pub const PREFIX_LEN: usize = 5;
/// Target size of a prefix shard, in bytes.
const PREFIX_SHARD_BYTES: usize = 6_000;
/// Impact levels (2 bits).
const LEVELS: f64 = 4.0;
/// Buckets of the characters that follow a CJK bigram, one bit each in its postings: more buckets,
/// fewer false matches of three or four characters, more bytes (docs/search.md).
pub const NEXT_BUCKETS: u32 = 4;
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

/// A term's postings: (document, impact level, the impact before quantizing, the mask of the characters
/// following a bigram), by document.
pub(crate) type Postings = Vec<(u32, u8, f32, u32)>;

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
    let mut passages: Vec<String> = Vec::with_capacity(n);
    for start in (0..n).step_by(COUNT_CHUNK) {
        let chunk = make(start..(start + COUNT_CHUNK).min(n));
        let counted: Vec<Counted> = chunk.par_iter().map(count).collect();
        for (i, counted) in counted.into_iter().enumerate() {
            lens.push(counted.len);
            counted_terms.add((start + i) as u32, counted);
        }
        passages.extend(chunk.iter().map(|d| {
            let p = passage_text(d);
            if p == d.excerpt {
                String::new()
            } else {
                p
            }
        }));
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
                .map(|(doc, f, next)| {
                    let norm = K1 * (1.0 - B + B * f64::from(lens[doc as usize]) / avgdl);
                    let f = f64::from(f);
                    let s = f / (f + norm);
                    let level = (s * LEVELS).floor().clamp(0.0, LEVELS - 1.0) as u8;
                    (doc, level, s as f32, next)
                })
                .collect();
            (term, postings)
        })
        .collect();
    terms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let encoded: Vec<String> = terms
        .par_iter()
        .map(|(term, list)| {
            let mut text = String::with_capacity(list.len() + 8);
            let mut prev = 0;
            let bigram = is_bigram(term);
            for (i, &(doc, level, _, next)) in list.iter().enumerate() {
                let gap = if i == 0 { doc } else { doc - prev };
                let v = gap * 4 + u32::from(level);
                vlq(
                    if bigram {
                        (v << NEXT_BUCKETS) | next
                    } else {
                        v
                    },
                    &mut text,
                );
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
    let typo_shards = typo_files(&vocabulary, &mut files);
    let phrase_shards = phrase_files(docs, &mut files);
    for (i, (chunk, texts)) in docs
        .chunks(DOCS_PER_SHARD)
        .zip(passages.chunks(DOCS_PER_SHARD))
        .enumerate()
    {
        let rows: Vec<(usize, &str, &str, &str, &str)> = chunk
            .iter()
            .zip(texts)
            .map(|(d, text)| {
                let kind = d.kind.search_rank();
                (
                    kind,
                    d.url.as_str(),
                    d.title.as_str(),
                    d.excerpt.as_str(),
                    text.as_str(),
                )
            })
            .collect();
        files.push(script(&format!("d{i}"), &rows));
    }
    let manifest = serde_json::json!({
        "v": 3,
        "n": docs.len(),
        "t": term_shards,
        "p": prefix_shards,
        "y": typo_shards,
        "x": phrase_shards,
        "d": DOCS_PER_SHARD,
        "a": NEXT_BUCKETS,
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

/// Whether a term is a CJK bigram (its postings carry the mask of the characters that follow it).
fn is_bigram(term: &str) -> bool {
    let mut chars = term.chars();
    matches!((chars.next(), chars.next(), chars.next()), (Some(a), Some(b), None) if is_cjk(a) && is_cjk(b))
}

/// `search/<name>.js`: `PBS.add("<name>", <json>);`
pub(crate) fn script(name: &str, data: &impl serde::Serialize) -> (String, Vec<u8>) {
    let json = serde_json::to_string(data).unwrap_or_else(|_| "null".to_string());
    (
        format!("search/{name}.js"),
        format!("PBS.add({:?},{json});\n", name).into_bytes(),
    )
}
