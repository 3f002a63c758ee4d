//! Data for the search benchmark (`bench/search/run.sh`): the indexed text and a seeded query set with
//! the ground truth for Chinese substring queries, computed from the search documents the build indexes.

use playbook::search::tokenize::{is_cjk, normalize};
use playbook::search::SearchDoc;
use rayon::prelude::*;
use serde::Serialize;

/// One benchmark query.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BenchQuery {
    /// What is typed.
    pub q: String,
    /// `word`, `prefix`, `words` (English) or `zh` (a 2–4 character Chinese substring).
    pub kind: &'static str,
    /// For `zh`: every document whose indexed text contains `q`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub truth: Option<Vec<u32>>,
}

/// The benchmark data.
#[derive(Debug, Clone, Serialize)]
pub struct BenchData {
    /// How many documents.
    pub docs: usize,
    /// The queries.
    pub queries: Vec<BenchQuery>,
}

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// The indexed text of every document, one document per line (what the index is compared with).
pub fn indexed_text(docs: &[SearchDoc]) -> String {
    let mut out = String::new();
    for d in docs {
        for (_, text) in &d.fields {
            out.push_str(&text.replace('\n', " "));
            out.push(' ');
        }
        out.push('\n');
    }
    out
}

/// A seeded query set: English words, prefixes and word pairs, and Chinese substrings with their truth.
pub fn queries(docs: &[SearchDoc], seed: u64, per_kind: usize) -> BenchData {
    let mut rng = Rng(seed | 1);
    let normalized: Vec<Vec<String>> = docs
        .par_iter()
        .map(|d| d.fields.iter().map(|(_, t)| normalize(t)).collect())
        .collect();
    let mut queries = Vec::new();
    let english: Vec<usize> = (0..docs.len())
        .filter(|&i| {
            normalized[i]
                .iter()
                .any(|f| f.chars().any(|c| c.is_ascii_alphabetic()))
        })
        .collect();
    let chinese: Vec<usize> = (0..docs.len())
        .filter(|&i| normalized[i].iter().any(|f| f.chars().any(is_cjk)))
        .collect();
    let mut attempts = 0;
    while !english.is_empty() && queries.len() < 3 * per_kind && attempts < 100 * per_kind {
        attempts += 1;
        let doc = english[rng.below(english.len())];
        let field = &normalized[doc][rng.below(normalized[doc].len())];
        let words: Vec<&str> = field
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| w.len() >= 4)
            .collect();
        if words.len() < 2 {
            continue;
        }
        let i = rng.below(words.len() - 1);
        let (kind, q) = match queries.len() / per_kind {
            0 => ("word", words[i].to_string()),
            1 => (
                "prefix",
                words[i][..2 + rng.below(3).min(words[i].len() - 2)].to_string(),
            ),
            _ => ("words", format!("{} {}", words[i], words[i + 1])),
        };
        queries.push(BenchQuery {
            q,
            kind,
            truth: None,
        });
    }
    let mut zh = Vec::new();
    attempts = 0;
    while !chinese.is_empty() && zh.len() < per_kind && attempts < 100 * per_kind {
        attempts += 1;
        let doc = chinese[rng.below(chinese.len())];
        let field: Vec<char> = normalized[doc][rng.below(normalized[doc].len())]
            .chars()
            .collect();
        let len = 2 + rng.below(3);
        if field.len() < len {
            continue;
        }
        let start = rng.below(field.len() - len + 1);
        let q: String = field[start..start + len].iter().collect();
        if !q.chars().all(is_cjk) {
            continue;
        }
        zh.push(q);
    }
    let with_truth: Vec<BenchQuery> = zh
        .into_par_iter()
        .map(|q| {
            let truth = (0..docs.len() as u32)
                .filter(|&i| normalized[i as usize].iter().any(|f| f.contains(&q)))
                .collect();
            BenchQuery {
                q,
                kind: "zh",
                truth: Some(truth),
            }
        })
        .collect();
    queries.extend(with_truth);
    BenchData {
        docs: docs.len(),
        queries,
    }
}
