//! The excerpt of an objection's answer: the objection finder and the search results show the same one,
//! cut at a word in English and between characters in Chinese.

mod common;

use common::Tree;
use playbook::content::Date;
use playbook::render::{render_site, Site};
use playbook::theme::Theme;

/// An English answer that opens with a heading and goes on past 160 characters, and a Chinese one with a
/// few spaces (around a number) early on.
fn tree() -> Tree {
    Tree::minimal()
        .file(
            "content/objections/price.md",
            "---\nobjection: It's too expensive\nstages: [discovery]\n---\n# Compared to what\n\nA lost day of sales costs more than a year of service, and the owners we work with know it well because they have lived through a failed restore at the worst possible moment.\n",
        )
        .file(
            "content/objections/price-zh.md",
            &format!(
                "---\nobjection: 太贵了\nstages: [discovery]\n---\n{}备份 30 天内谁都删不掉。{}\n",
                "价格太贵了，我们再想想。".repeat(3),
                "价格太贵了，我们再想想。".repeat(15)
            ),
        )
}

fn site(tree: &Tree) -> Site {
    let options = playbook::check::CheckOptions {
        today: Date::parse("2026-01-01").expect("date"),
    };
    let (pb, report) = playbook::check::check_root(tree.path(), options).expect("loads");
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
    let theme = Theme::load(tree.path(), &pb.config.theme).expect("theme");
    render_site(&pb, &report, &theme).expect("renders")
}

/// The finder's excerpt of the objection whose page is `page` (`price.html`), unescaped.
fn finder_excerpt(site: &Site, page: &str) -> String {
    let html = String::from_utf8(site.get("objections/index.html").expect("finder").to_vec())
        .expect("utf-8");
    let item = html
        .split("<li")
        .find(|item| item.contains(&format!("href=\"../objections/{page}\"")))
        .unwrap_or_else(|| panic!("no finder item for {page}"));
    let start =
        item.find("<p class=\"excerpt\">").expect("excerpt") + "<p class=\"excerpt\">".len();
    let end = start + item[start..].find("</p>").expect("end of excerpt");
    item[start..end]
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// The search document's excerpt of the objection whose page is `page`, from the index's document shards
/// (`PBS.add("d0",[[kind, url, title, excerpt], …]);`).
fn search_excerpt(site: &Site, page: &str) -> String {
    let url = format!("objections/{page}");
    for (path, bytes) in &site.files {
        let is_docs = path
            .strip_prefix("search/d")
            .and_then(|p| p.strip_suffix(".js"))
            .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()));
        if !is_docs {
            continue;
        }
        let text = std::str::from_utf8(bytes).expect("utf-8");
        let json = &text[text.find(',').expect("comma") + 1..text.rfind(')').expect("paren")];
        let rows: Vec<serde_json::Value> = serde_json::from_str(json).expect("document rows");
        for row in rows {
            if row[1].as_str() == Some(url.as_str()) {
                return row[3].as_str().expect("excerpt").to_string();
            }
        }
    }
    panic!("no search document for {page}")
}

#[test]
fn english_excerpts_separate_the_heading_and_end_at_a_word_in_both_places() {
    let tree = tree();
    let site = site(&tree);
    // The plain text: "Compared to what A lost day … the worst possible moment." (191 characters). Its
    // first 160 end inside "restore"; the last word that ends within them is "failed".
    let expected = "Compared to what A lost day of sales costs more than a year of service, and the owners we work with know it well because they have lived through a failed…";
    assert_eq!(expected.chars().count(), 153 + 1);
    assert_eq!(finder_excerpt(&site, "price.html"), expected);
    assert_eq!(search_excerpt(&site, "price.html"), expected);
}

#[test]
fn chinese_excerpts_fill_the_length_and_are_the_same_in_both_places() {
    let tree = tree();
    let site = site(&tree);
    // 3 sentences (36 characters), the 14 of "备份 30 天内谁都删不掉。", 9 sentences (108): 158, then
    // "价格" makes 160, cut before "太". A space early in the text does not shorten the excerpt.
    let expected = format!(
        "{}备份 30 天内谁都删不掉。{}价格…",
        "价格太贵了，我们再想想。".repeat(3),
        "价格太贵了，我们再想想。".repeat(9)
    );
    assert_eq!(expected.chars().count(), 160 + 1);
    let page = "price-zh.html";
    assert_eq!(finder_excerpt(&site, page), expected);
    assert_eq!(search_excerpt(&site, page), expected);
}
