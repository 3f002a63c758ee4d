//! Building the sharded index. Every file is a script (`search/<name>.js`) that hands its data to
//! `PBS.add(name, data)`, so it loads from `file://` as well as over HTTP.
//!
//! * `manifest.js`: document count, shard counts.
//! * `l<n>.js` / `c<n>.js`: term shards (Latin words by their first three characters, so that a prefix
//!   finds all its words in one shard; CJK bigrams by the whole bigram), each hashed into n buckets,
//!   `{term: postings}`. Postings are (doc-id gap, impact) pairs in base64 VLQ (5 bits a character,
//!   as in source maps: one character for a gap under 32), the impact being the term's BM25 weight in the
//!   document (field-weighted tf, length-normalized) quantized to 1–31; the browser multiplies it by the idf.
//! * `p<n>.js`: for one- to three-letter prefixes of Latin words and for single CJK characters, the best
//!   documents (answers the first keystrokes without loading the large shards).
//! * `x<n>.js`: exact phrases (an objection's words and aliases), by hash, so typing one ranks it first.
//! * `d<n>.js`: documents `[kind, url, title, excerpt]`, a few per shard, loaded only for shown results.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::docs::SearchDoc;
use super::tokenize::{is_cjk, tokens};

const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Target size of a term shard, in bytes.
const TERM_SHARD_BYTES: usize = 10_000;
/// Documents per document shard.
pub const DOCS_PER_SHARD: usize = 4;
/// Documents kept per prefix.
const PREFIX_DOCS: usize = 12;
/// Longest Latin prefix answered from the prefix tables.
const PREFIX_LEN: usize = 3;
/// Highest impact value (5 bits).
const MAX_IMPACT: f64 = 31.0;
/// Prefix shards.
const PREFIX_SHARDS: u32 = 32;
/// Phrase shards (per 1,000 phrases, at least one).
const PHRASES_PER_SHARD: usize = 400;

/// FNV-1a over UTF-16 code units: `search.js` computes the same.
pub fn hash(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for u in s.encode_utf16() {
        h ^= u32::from(u);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The key a term is sharded by: its first three characters (Latin) or the whole term (CJK).
pub fn shard_key(term: &str) -> (bool, String) {
    let first = term.chars().next().unwrap_or(' ');
    if is_cjk(first) {
        (true, term.to_string())
    } else {
        (false, term.chars().take(3).collect())
    }
}

/// The phrase key of a text: its terms joined by spaces.
pub fn phrase_key(text: &str) -> String {
    tokens(text)
        .iter()
        .map(|t| t.term())
        .collect::<Vec<_>>()
        .join(" ")
}

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

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Statistics of a built index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexStats {
    /// Documents.
    pub docs: usize,
    /// Distinct terms.
    pub terms: usize,
    /// Latin and CJK term shards.
    pub term_shards: (u32, u32),
}

/// Builds the index files (paths relative to the site root, under `search/`), sorted by path.
pub fn build(docs: &[SearchDoc]) -> (Vec<(String, Vec<u8>)>, IndexStats) {
    // Weighted term frequencies and lengths, per document, in parallel.
    let counted: Vec<(HashMap<String, u32>, u32)> = docs
        .par_iter()
        .map(|doc| {
            let mut tf: HashMap<String, u32> = HashMap::new();
            let mut len = 0;
            for (weight, text) in &doc.fields {
                for t in tokens(text) {
                    *tf.entry(t.term().to_string()).or_default() += weight;
                    len += weight;
                }
            }
            (tf, len)
        })
        .collect();
    let n = docs.len().max(1) as f64;
    let avgdl = (counted.iter().map(|(_, l)| f64::from(*l)).sum::<f64>() / n).max(1.0);
    let mut postings: HashMap<String, Vec<(u32, u8)>> = HashMap::new();
    for (doc, (tf, len)) in counted.into_iter().enumerate() {
        let norm = K1 * (1.0 - B + B * f64::from(len) / avgdl);
        for (term, f) in tf {
            let f = f64::from(f);
            let s = f * (K1 + 1.0) / (f + norm) / (K1 + 1.0);
            let impact = (s * MAX_IMPACT).round().clamp(1.0, MAX_IMPACT) as u8;
            postings.entry(term).or_default().push((doc as u32, impact));
        }
    }
    let mut terms: Vec<(String, Vec<(u32, u8)>)> = postings.into_iter().collect();
    terms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let encoded: Vec<(bool, String, String)> = terms
        .par_iter()
        .map(|(term, list)| {
            let mut text = String::with_capacity(list.len() * 2);
            let mut prev = 0;
            for (i, &(doc, impact)) in list.iter().enumerate() {
                vlq(if i == 0 { doc } else { doc - prev }, &mut text);
                text.push(B64[usize::from(impact)] as char);
                prev = doc;
            }
            let (cjk, key) = shard_key(term);
            (cjk, key, text)
        })
        .collect();
    let size = |cjk: bool| -> usize {
        encoded
            .iter()
            .zip(&terms)
            .filter(|((c, _, _), _)| *c == cjk)
            .map(|((_, _, b), (t, _))| b.len() + t.len() + 6)
            .sum()
    };
    let shards_l = size(false).div_ceil(TERM_SHARD_BYTES).max(1) as u32;
    let shards_c = size(true).div_ceil(TERM_SHARD_BYTES).max(1) as u32;
    let mut term_shards: BTreeMap<String, BTreeMap<&str, &str>> = BTreeMap::new();
    for ((cjk, key, b64), (term, _)) in encoded.iter().zip(&terms) {
        let name = if *cjk {
            format!("c{}", hash(key) % shards_c)
        } else {
            format!("l{}", hash(key) % shards_l)
        };
        term_shards.entry(name).or_default().insert(term, b64);
    }

    let mut files = Vec::new();
    for (name, map) in &term_shards {
        files.push(script(name, &map));
    }
    files.extend(prefix_files(&terms, n));
    let phrase_shards = phrase_files(docs, &mut files);
    for (i, chunk) in docs.chunks(DOCS_PER_SHARD).enumerate() {
        let rows: Vec<(usize, &str, &str, &str)> = chunk
            .iter()
            .map(|d| {
                let kind = super::docs::KIND_ORDER
                    .iter()
                    .position(|k| *k == d.kind)
                    .unwrap_or(0);
                (kind, d.url.as_str(), d.title.as_str(), d.excerpt.as_str())
            })
            .collect();
        files.push(script(&format!("d{i}"), &rows));
    }
    let manifest = serde_json::json!({
        "v": 1,
        "n": docs.len(),
        "l": shards_l,
        "c": shards_c,
        "p": PREFIX_SHARDS,
        "x": phrase_shards,
        "d": DOCS_PER_SHARD,
    });
    files.push(script("manifest", &manifest));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let stats = IndexStats {
        docs: docs.len(),
        terms: terms.len(),
        term_shards: (shards_l, shards_c),
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

fn prefix_files(terms: &[(String, Vec<(u32, u8)>)], n: f64) -> Vec<(String, Vec<u8>)> {
    // For each prefix, the documents where a term with that prefix scores best.
    let mut best: HashMap<String, HashMap<u32, f64>> = HashMap::new();
    for (term, list) in terms {
        let first = term.chars().next().unwrap_or(' ');
        let lengths = if is_cjk(first) { 1..=1 } else { 1..=PREFIX_LEN };
        let w = idf(list.len(), n);
        let mut top: Vec<(u32, f64)> = list.iter().map(|&(d, i)| (d, w * f64::from(i))).collect();
        top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        top.truncate(PREFIX_DOCS);
        for len in lengths {
            if term.chars().count() < len {
                continue;
            }
            let prefix: String = term.chars().take(len).collect();
            let entry = best.entry(prefix).or_default();
            for &(d, s) in &top {
                let e = entry.entry(d).or_insert(0.0);
                if s > *e {
                    *e = s;
                }
            }
        }
    }
    let mut shards: BTreeMap<u32, BTreeMap<String, Vec<u32>>> = BTreeMap::new();
    for (prefix, docs) in best {
        let mut docs: Vec<(u32, f64)> = docs.into_iter().collect();
        docs.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        docs.truncate(PREFIX_DOCS);
        let shard = hash(&prefix) % PREFIX_SHARDS;
        shards
            .entry(shard)
            .or_default()
            .insert(prefix, docs.into_iter().map(|(d, _)| d).collect());
    }
    (0..PREFIX_SHARDS)
        .map(|i| {
            script(
                &format!("p{i}"),
                &shards.get(&i).cloned().unwrap_or_default(),
            )
        })
        .collect()
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
    use crate::content::Kind;

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

    fn postings(files: &[(String, Vec<u8>)], term: &str) -> Option<String> {
        files.iter().find_map(|(_, bytes)| {
            let text = String::from_utf8_lossy(bytes);
            let json = text
                .strip_prefix("PBS.add(")?
                .split_once(',')?
                .1
                .trim_end()
                .strip_suffix(");")?;
            let v: serde_json::Value = serde_json::from_str(json).ok()?;
            v.get(term)?.as_str().map(str::to_string)
        })
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
        // Two postings, every value under 32: [gap 0, impact, gap 1, impact].
        assert_eq!(values.len(), 4, "{text}");
        assert_eq!((values[0], values[2]), (0, 1), "doc 0, then a gap of 1");
        assert!(
            values[1] > values[3],
            "title impact {} > body impact {}",
            values[1],
            values[3]
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
