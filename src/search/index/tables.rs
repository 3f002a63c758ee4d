//! The tables beside the postings: prefixes (`p<n>.js`), the typo dictionary (`y<n>.js`) and exact
//! phrases (`x<n>.js`).

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::{
    hash, phrase_key, script, Postings, PHRASES_PER_SHARD, PREFIX_DOCS, PREFIX_LEN,
    PREFIX_SHARD_BYTES, TYPO_SHARD_BYTES,
};
use crate::search::docs::SearchDoc;
use crate::search::tokenize::is_cjk;

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
        .map(|&(d, _, s, _)| (d, w * f64::from(s)))
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

pub(super) fn prefix_files(
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

/// Written words (not CJK) of four letters or more by their first two characters: `{"pr": "price
/// pricing prices"}`. Words as written, not stems: a typo is one edit from what was typed (`pricng` →
/// `pricing`), when it can be two from the stem (`price`); `search.js` stems what it finds.
pub(super) fn typo_files(
    vocabulary: &FxHashMap<String, String>,
    files: &mut Vec<(String, Vec<u8>)>,
) -> u32 {
    let mut groups: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for word in vocabulary.keys() {
        if word.chars().count() < 4 || word.chars().next().is_some_and(is_cjk) {
            continue;
        }
        let key: String = word.chars().take(2).collect();
        groups.entry(key).or_default().push(word);
    }
    for words in groups.values_mut() {
        words.sort_unstable();
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

pub(super) fn phrase_files(docs: &[SearchDoc], files: &mut Vec<(String, Vec<u8>)>) -> u32 {
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
