//! Unit tests of the index builder.

use super::encode::B64;
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

#[test]
fn the_typo_dictionary_holds_written_words_not_stems() {
    let docs = vec![doc("pricing", "prices we charge"), doc("other", "nothing")];
    let (files, _) = build(&docs);
    let words = lookup(&files, "search/y", "pr").expect("a group for pr");
    let words: Vec<&str> = words.as_str().expect("words").split(' ').collect();
    // `pricng` is one edit from `pricing` but two from its stem `pric`.
    assert!(words.contains(&"pricing"), "{words:?}");
    assert!(words.contains(&"prices"), "{words:?}");
    assert!(!words.contains(&"pric"), "stems are not listed: {words:?}");
}

/// The VLQ numbers of an encoded posting list.
fn numbers(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let (mut v, mut shift) = (0u32, 0);
    for c in text.bytes() {
        let d = B64.iter().position(|&x| x == c).expect("base64") as u32;
        v |= (d & 31) << shift;
        shift += 5;
        if d & 32 == 0 {
            out.push(v);
            v = 0;
            shift = 0;
        }
    }
    out
}

#[test]
fn next_character_buckets_are_the_documented_hash() {
    // (code point × 0x9E3779B1 mod 2^32) >> 16, mod the buckets; worked out by hand for 4 buckets:
    // 太 U+592A → 15976, 贵 U+8D35 → 20354, 低 U+4F4E → 21364.
    assert_eq!(NEXT_BUCKETS, 4, "the values below are for four buckets");
    assert_eq!(count::next_bucket('太'), 15976 % 4);
    assert_eq!(count::next_bucket('贵'), 20354 % 4);
    assert_eq!(count::next_bucket('低'), 21364 % 4);
}

#[test]
fn a_bigram_posting_records_the_characters_that_follow_it() {
    // 价格 is followed by 太 in doc 0, by 贵 in doc 1 (and ends the run once), by nothing in doc 2.
    let docs = vec![
        doc("a", "价格太高"),
        doc("b", "价格贵，看价格"),
        doc("c", "价格"),
    ];
    let (files, _) = build(&docs);
    assert_eq!(
        data(&files, "manifest")["a"],
        serde_json::json!(NEXT_BUCKETS)
    );
    let values = numbers(&postings(&files, "价格").expect("价格 is indexed"));
    assert_eq!(values.len(), 3, "one posting a document: {values:?}");
    let masks: Vec<u32> = values
        .iter()
        .map(|v| v & ((1 << NEXT_BUCKETS) - 1))
        .collect();
    let gaps: Vec<u32> = values.iter().map(|v| (v >> NEXT_BUCKETS) / 4).collect();
    assert_eq!(gaps, [0, 1, 1], "doc gaps above the mask");
    assert_eq!(masks[0], 1 << count::next_bucket('太'));
    assert_eq!(masks[1], 1 << count::next_bucket('贵'));
    assert_eq!(masks[2], 0, "nothing follows 价格 in doc 2");
    // Words keep `gap × 4 + level`, without a mask.
    let words = numbers(&postings(&files, "b").expect("b is indexed"));
    assert_eq!(words.len(), 1);
    assert!(
        (4..8).contains(&words[0]),
        "doc 1 is one after doc 0: {words:?}"
    );
}
