//! The objection finder's files (src/render/finder.rs): a bounded first page, the whole list page by page,
//! and one shard per stage, segment and persona listing the search documents of the objections that name it.

mod common;

use std::collections::BTreeSet;

use common::Tree;
use playbook::content::{Date, Kind, Objection, Playbook};
use playbook::render::{render_site, Site};
use playbook::search::docs::documents;
use playbook::search::SearchDoc;
use playbook::theme::Theme;
use playbook_bench::corpus::{generate, CorpusOptions};

/// The playbook in `tree`, checked without errors, and its site.
fn rendered(tree: &Tree) -> (Playbook, Site) {
    let check = playbook::check::CheckOptions {
        today: Date::parse("2026-01-01").expect("date"),
    };
    let (pb, report) = playbook::check::check_root(tree.path(), check).expect("loads");
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
    let theme = Theme::load(tree.path(), &pb.config.theme).expect("theme");
    let site = render_site(&pb, &report, &theme).expect("renders");
    (pb, site)
}

fn corpus(entries: usize) -> (Tree, Playbook, Site) {
    let tree = Tree::empty();
    let options = CorpusOptions {
        entries,
        seed: 11,
        chinese: 0.3,
        code: 0.0,
        ..Default::default()
    };
    generate(tree.path(), &options).expect("generates");
    let (pb, site) = rendered(&tree);
    (tree, pb, site)
}

fn text(site: &Site, path: &str) -> String {
    String::from_utf8(
        site.get(path)
            .unwrap_or_else(|| panic!("no {path}"))
            .to_vec(),
    )
    .expect("utf-8")
}

/// The name and numbers a shard hands to `PBF.add(name, numbers);`.
fn shard(site: &Site, path: &str) -> (String, Vec<usize>) {
    let js = text(site, path);
    let args = js
        .strip_prefix("PBF.add(")
        .and_then(|s| s.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("{path}: {js}"));
    let value: serde_json::Value =
        serde_json::from_str(&format!("[{args}]")).expect("the arguments are JSON");
    let name = value[0].as_str().expect("a name").to_string();
    let numbers = value[1]
        .as_array()
        .expect("numbers")
        .iter()
        .map(|n| n.as_u64().expect("a number") as usize)
        .collect();
    (name, numbers)
}

/// The objection ids that the search index numbers `numbers` stand for (each must be an objection).
fn ids(docs: &[SearchDoc], numbers: &[usize]) -> BTreeSet<String> {
    numbers
        .iter()
        .map(|&n| {
            assert_eq!(docs[n].kind, Kind::Objection, "document {n}");
            docs[n].id.clone()
        })
        .collect()
}

fn expected(pb: &Playbook, keep: impl Fn(&Objection) -> bool) -> BTreeSet<String> {
    pb.objections
        .iter()
        .filter(|o| keep(o))
        .map(|o| o.meta.id.clone())
        .collect()
}

/// The objection pages a page of the list links to, in order.
fn listed(html: &str) -> Vec<String> {
    html.split("<li>\n    <a href=\"")
        .skip(1)
        .map(|s| s.split('"').next().expect("href").to_string())
        .collect()
}

#[test]
fn each_facet_shard_lists_the_search_documents_of_the_objections_that_name_it() {
    let (_tree, pb, site) = corpus(600);
    assert!(!pb.stages.is_empty() && !pb.segments.is_empty() && !pb.personas.is_empty());
    let docs = documents(&pb, |_, id| id.to_string());
    for s in &pb.stages {
        let (name, numbers) = shard(&site, &format!("finder/stages/{}.js", s.meta.id));
        assert_eq!(name, format!("stages/{}", s.meta.id));
        assert!(numbers.windows(2).all(|w| w[0] < w[1]), "ascending");
        let want = expected(&pb, |o| o.stages.iter().any(|r| r.id == s.meta.id));
        assert_eq!(ids(&docs, &numbers), want, "stage {}", s.meta.id);
    }
    for s in &pb.segments {
        let (_, numbers) = shard(&site, &format!("finder/segments/{}.js", s.meta.id));
        let want = expected(&pb, |o| o.segments.iter().any(|r| r.id == s.meta.id));
        assert_eq!(ids(&docs, &numbers), want, "segment {}", s.meta.id);
    }
    for p in &pb.personas {
        let (_, numbers) = shard(&site, &format!("finder/personas/{}.js", p.meta.id));
        let want = expected(&pb, |o| o.personas.iter().any(|r| r.id == p.meta.id));
        assert_eq!(ids(&docs, &numbers), want, "persona {}", p.meta.id);
    }
}

#[test]
fn the_objections_that_name_no_segment_are_listed_once_for_every_segment() {
    let tree = Tree::minimal()
        .file(
            "content/objections/any.md",
            "---\nobjection: Not now\nstages: [discovery]\n---\nAsk when.\n",
        )
        .file(
            "content/objections/some.md",
            "---\nobjection: Too dear\nstages: [discovery]\nsegments: [smb]\n---\nCompare.\n",
        );
    let (pb, site) = rendered(&tree);
    let docs = documents(&pb, |_, id| id.to_string());
    let (name, numbers) = shard(&site, "finder/any-segment.js");
    assert_eq!(name, "any-segment");
    let want = expected(&pb, |o| o.segments.is_empty());
    assert!(want.contains("any") && !want.contains("some"));
    assert_eq!(ids(&docs, &numbers), want);
}

#[test]
fn the_first_page_holds_fifty_objections_and_the_pages_after_it_hold_the_rest_once() {
    let (_tree, pb, site) = corpus(600);
    let n = pb.objections.len();
    assert!(n > 100, "{n} objections");
    let first = text(&site, "objections/index.html");
    // Document order: the search index's, by id.
    let docs = documents(&pb, |_, id| id.to_string());
    let order: Vec<&str> = docs
        .iter()
        .filter(|d| d.kind == Kind::Objection)
        .map(|d| d.id.as_str())
        .collect();
    let page_of = |href: &str, root: &str| {
        href.strip_prefix(root)
            .and_then(|h| h.strip_prefix("objections/"))
            .and_then(|h| h.strip_suffix(".html"))
            .expect("an objection page")
            .to_string()
    };
    let mut seen: Vec<String> = listed(&first).iter().map(|h| page_of(h, "../")).collect();
    assert_eq!(seen.len(), 50);
    assert!(
        first.contains(r#"href="../objections/all/2.html""#),
        "links the list"
    );
    let pages = n.div_ceil(50);
    for k in 2..=pages {
        let html = text(&site, &format!("objections/all/{k}.html"));
        let here: Vec<String> = listed(&html).iter().map(|h| page_of(h, "../../")).collect();
        assert_eq!(
            here.len(),
            if k < pages { 50 } else { n - 50 * (k - 1) },
            "page {k}"
        );
        assert_eq!(html.contains("rel=\"next\""), k < pages, "page {k}");
        seen.extend(here);
    }
    assert!(site
        .get(&format!("objections/all/{}.html", pages + 1))
        .is_none());
    let encoded: Vec<String> = order
        .iter()
        .map(|id| {
            id.bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect()
        })
        .collect();
    assert_eq!(seen, encoded, "every objection once, in document order");
}

#[test]
fn past_a_hundred_values_a_facet_is_a_text_field_not_a_select() {
    let (_tree, pb, site) = corpus(1_200);
    assert!(pb.stages.len() > 100 && pb.segments.len() <= 100);
    let first = text(&site, "objections/index.html");
    assert!(!first.contains(r#"<select id="pb-finder-stage""#));
    assert!(first.contains(r#"<input type="text" id="pb-finder-stage" name="stage""#));
    assert!(first.contains(r#"<select id="pb-finder-segment""#));
    // The page carries no list of every stage.
    assert!(
        pb.stages
            .iter()
            .filter(|s| first.contains(&format!("\"{}\"", s.meta.id)))
            .count()
            < 5
    );
}
