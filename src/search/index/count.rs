//! Counting: each document's written words and CJK bigrams with their field-weighted frequencies, and
//! the terms they become (words by stem, bigrams as written), numbered when first seen. A bigram also
//! records which characters follow it in the document, as a mask of [`next_bucket`]s.

use rustc_hash::FxHashMap;

use super::NEXT_BUCKETS;

use crate::search::docs::SearchDoc;
use crate::search::stem::stem;
use crate::search::tokenize::{for_each_run, RunRef};

/// What one document contributes: its written words and its CJK bigrams with their weighted
/// frequencies, and its length.
pub(super) struct Counted {
    /// Surface words (as written, normalized), not yet stemmed.
    words: Vec<(String, u32)>,
    /// Bigrams with their frequency and the mask of the characters that follow them; `[c, '\0']` is a
    /// one-character run.
    pairs: Vec<([char; 2], (u32, u32))>,
    pub(super) len: u32,
}

/// Counts one document's runs. Words are stemmed later, once for the whole index.
pub(super) fn count(doc: &SearchDoc) -> Counted {
    let mut surface: FxHashMap<String, u32> = FxHashMap::default();
    let mut pairs: FxHashMap<[char; 2], (u32, u32)> = FxHashMap::default();
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
                pairs.entry([chars[0], '\0']).or_default().0 += weight;
                len += weight;
            }
            RunRef::Cjk(chars) => {
                for (i, w) in chars.windows(2).enumerate() {
                    let e = pairs.entry([w[0], w[1]]).or_default();
                    e.0 += weight;
                    if let Some(&next) = chars.get(i + 2) {
                        e.1 |= 1 << next_bucket(next);
                    }
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

/// The bucket of a character that follows a bigram: `search.js` computes the same (`nextBucket`).
pub fn next_bucket(c: char) -> u32 {
    ((c as u32).wrapping_mul(0x9E37_79B1) >> 16) % NEXT_BUCKETS
}

/// The terms of the index as they are counted: every term gets a number when first seen.
#[derive(Default)]
pub(super) struct Terms {
    pub(super) names: Vec<String>,
    /// Per term: (document, weighted frequency, the mask of the characters that follow a bigram; 0 for
    /// words), by document.
    pub(super) postings: Vec<Vec<(u32, u32, u32)>>,
    by_stem: FxHashMap<String, u32>,
    by_pair: FxHashMap<[char; 2], u32>,
    /// Written word → (its stem, the stem's term).
    pub(super) vocabulary: FxHashMap<String, (String, u32)>,
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
    pub(super) fn add(&mut self, doc: u32, counted: Counted) {
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
                self.postings[id as usize].push((doc, f, 0));
                last = id;
            }
        }
        for (pair, (f, next)) in counted.pairs {
            let id = self.pair(pair);
            self.postings[id as usize].push((doc, f, next));
        }
    }
}
