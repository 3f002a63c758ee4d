//! Data for the search benchmark (`bench/search/run.sh`): the indexed text and a seeded query set with
//! the ground truth for Chinese substring queries, computed from the search documents the build indexes.

use std::io;
use std::path::Path;

use playbook::content::Kind;
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

/// A seeded query set: `per_kind` English words, prefixes and word pairs, and `zh_count` Chinese substrings
/// with their truth.
pub fn queries(docs: &[SearchDoc], seed: u64, per_kind: usize, zh_count: usize) -> BenchData {
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
    while !chinese.is_empty() && zh.len() < zh_count && attempts < 100 * zh_count {
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

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The same documents as HTML pages for Pagefind (`d/<n>.html`, `lang` `zh-cn` when a document has CJK
/// text, else `en`: Pagefind indexes each language apart), and one search page per language
/// (`search-en.html`, `search-zh.html`) that loads Pagefind's engine. Returns the pages written.
pub fn pagefind_site(docs: &[SearchDoc], dir: &Path) -> io::Result<usize> {
    std::fs::create_dir_all(dir.join("d"))?;
    for (i, d) in docs.iter().enumerate() {
        let zh = d.fields.iter().any(|(_, t)| t.chars().any(is_cjk));
        let mut html = format!(
            "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head><body><main data-pagefind-body><h1>{}</h1>",
            if zh { "zh-cn" } else { "en" },
            escape(&d.title),
            escape(&d.title)
        );
        for (_, text) in d.fields.iter().filter(|(_, t)| *t != d.title) {
            html.push_str("<p>");
            html.push_str(&escape(text));
            html.push_str("</p>");
        }
        html.push_str("</main></body></html>\n");
        std::fs::write(dir.join("d").join(format!("{i}.html")), html)?;
    }
    for (name, lang) in [("en", "en"), ("zh", "zh-cn")] {
        std::fs::write(
            dir.join(format!("search-{name}.html")),
            format!("<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>search</title></head><body><script type=\"module\">import(\"./pagefind/pagefind.js\").then((m) => {{ window.pagefind = m; }});</script></body></html>\n"),
        )?;
    }
    Ok(docs.len())
}

/// Paragraphs of the text files in `seeds` (blocks between blank lines that hold CJK text) as search
/// documents, in file order. Read at bench time only: nothing of them is kept in the repository.
pub fn seed_docs(seeds: &Path) -> io::Result<Vec<SearchDoc>> {
    let mut names: Vec<_> = std::fs::read_dir(seeds)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    let mut docs = Vec::new();
    for name in names {
        let text = std::fs::read_to_string(&name)?;
        for para in text.split("\n\n").map(str::trim) {
            if !para.chars().any(is_cjk) {
                continue;
            }
            let n = docs.len();
            let title: String = para.chars().take(20).collect();
            docs.push(SearchDoc {
                id: format!("p{n}"),
                kind: Kind::Stage,
                url: format!("p{n}.html"),
                title,
                excerpt: playbook::content::plain::cut(para, 160),
                fields: vec![(1, para.to_string())],
                phrases: Vec::new(),
            });
        }
    }
    Ok(docs)
}

/// The search index of the seed paragraphs (`search/`), a page that loads `search.js` from beside it
/// (`index.html`; the caller copies `search.js` there) and `queries.json` of Chinese substrings.
pub fn seed_site(seeds: &Path, out: &Path, zh_count: usize) -> io::Result<usize> {
    let docs = seed_docs(seeds)?;
    let (files, _) = playbook::search::build(&docs);
    for (path, bytes) in files {
        let path = out.join(path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, bytes)?;
    }
    std::fs::write(
        out.join("index.html"),
        "<!doctype html><html lang=\"zh-cn\"><head><meta charset=\"utf-8\"><title>seeds</title><script src=\"search.js\" data-search-root=\"\"></script></head><body></body></html>\n",
    )?;
    let data = queries(&docs, 11, 0, zh_count);
    std::fs::write(
        out.join("queries.json"),
        serde_json::to_vec(&data).map_err(io::Error::other)?,
    )?;
    Ok(docs.len())
}
