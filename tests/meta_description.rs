//! Every page has its own meta description (#16): one `<meta name="description">` per HTML page, not
//! empty, and no two pages of a site with the same one; an entry's page has the entry's excerpt (the one
//! search shows), escaped. Checked on both examples and on a generated playbook whose lists and full lists
//! run over several pages.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use playbook::check::{check_root, CheckOptions};
use playbook::content::{Date, Playbook};
use playbook::render::{render_site, Site};
use playbook::theme::Theme;

fn render(root: &Path) -> (Playbook, Site) {
    let options = CheckOptions {
        today: Date::parse("2026-01-01").expect("date"),
    };
    let (pb, report) = check_root(root, options).expect("loads");
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
    let theme = Theme::load(root, &pb.config.theme).expect("theme");
    let site = render_site(&pb, &report, &theme).expect("renders");
    (pb, site)
}

/// The `content` of each `<meta name="description">` of `html`, as written (escaped).
fn descriptions(html: &str) -> Vec<&str> {
    html.split("<meta name=\"description\"")
        .skip(1)
        .map(|rest| {
            rest.trim_start()
                .strip_prefix("content=\"")
                .and_then(|r| r.split('"').next())
                .unwrap_or("")
        })
        .collect()
}

/// The text of an attribute value as tera's autoescape writes it.
fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Asserts that every HTML page of `site` has exactly one non-empty meta description and that no two
/// share one (naming the pages of each duplicate); returns them by page.
fn assert_distinct(name: &str, site: &Site) -> BTreeMap<String, String> {
    let mut by_page = BTreeMap::new();
    let mut bad = Vec::new();
    let mut pages_of: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (path, bytes) in site.files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8(bytes.to_vec()).expect("utf-8");
        let found = descriptions(&html);
        match found.as_slice() {
            [one] if !one.trim().is_empty() => {
                pages_of
                    .entry(one.to_string())
                    .or_default()
                    .push(path.clone());
                by_page.insert(path.clone(), one.to_string());
            }
            other => bad.push(format!("{path}: {other:?}")),
        }
    }
    assert!(
        bad.is_empty(),
        "{name}: pages without exactly one non-empty meta description:\n{}",
        bad.join("\n")
    );
    let duplicates: Vec<String> = pages_of
        .iter()
        .filter(|(_, pages)| pages.len() > 1)
        .map(|(d, pages)| format!("{d:?} on {}", pages.join(", ")))
        .collect();
    assert!(
        duplicates.is_empty(),
        "{name}: pages sharing a meta description:\n{}",
        duplicates.join("\n")
    );
    by_page
}

/// Asserts that the page of each entry of `pb` has the entry's excerpt as its description (when the
/// entry has one).
fn assert_entry_excerpts(name: &str, pb: &Playbook, by_page: &BTreeMap<String, String>) {
    let mut checked = 0;
    for e in pb.entries() {
        let path = format!("{}/{}.html", e.kind().folder(), e.id());
        let Some(written) = by_page.get(&path) else {
            panic!("{name}: no page {path}");
        };
        let excerpt = e.excerpt();
        if excerpt.is_empty() {
            continue;
        }
        assert_eq!(unescape(written), excerpt, "{name}: {path}");
        checked += 1;
    }
    assert!(
        checked > 10,
        "{name}: only {checked} entries have an excerpt"
    );
}

fn example(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

#[test]
fn every_page_of_both_examples_has_its_own_description() {
    for (name, root) in [
        ("English example", example(".")),
        ("Chinese example", example("examples/zh-CN")),
    ] {
        let (pb, site) = render(&root);
        let by_page = assert_distinct(name, &site);
        assert_entry_excerpts(name, &pb, &by_page);
        // The description is not the site's, shared by every page: the overview may have it, no
        // other page does.
        if let Some(site_description) = &pb.config.description {
            let with_it: Vec<&String> = by_page
                .iter()
                .filter(|(_, d)| unescape(d) == *site_description)
                .map(|(p, _)| p)
                .collect();
            assert!(with_it.len() <= 1, "{name}: {with_it:?}");
        }
    }
}

#[test]
fn an_answer_with_quotes_and_markup_is_escaped_in_the_description() {
    let dir = tempfile::tempdir().expect("tmp");
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write");
    };
    write("playbook.yaml", "title: Escapes\nlanguage: en\n");
    write(
        "content/objections/quotes.md",
        "---\nobjection: \"Too dear\"\n---\nSay \"<script>alert(1)</script>\" & smile.\n",
    );
    let (_, site) = render(root);
    let html = String::from_utf8(
        site.get("objections/quotes.html")
            .expect("the page")
            .to_vec(),
    )
    .expect("utf-8");
    let found = descriptions(&html);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        !found[0].contains('<') && !found[0].contains('"'),
        "{found:?}"
    );
    assert_eq!(
        unescape(found[0]),
        "Say \"alert(1)\" & smile.",
        "the excerpt is the plain text of the answer (raw HTML dropped), escaped once"
    );
}

/// A playbook with 250 segments (three pages of the segment list) and 130 selling points for the first
/// two (two pages of the selling-point list and of each of those segments' full lists).
fn generate_long(root: &Path) {
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write");
    };
    write(
        "playbook.yaml",
        "title: Long lists\nlanguage: en\nmotions:\n  - id: m1\n    title: Motion one\n",
    );
    write(
        "content/stages/busy.md",
        "---\ntitle: Busy stage\norder: 1\ngoal: Get busy.\nactions: [Call]\n---\nNotes.\n",
    );
    for i in 0..250 {
        write(
            &format!("content/segments/seg-{i:03}.md"),
            &format!("---\nname: Segment {i:03}\n---\nCustomers of kind {i:03}.\n"),
        );
    }
    for i in 0..130 {
        write(
            &format!("content/selling-points/sp-{i:03}.md"),
            &format!(
                "---\ntitle: Point {i:03}\nbenefit: Saves {i} hours.\nsegments: [seg-000, seg-001]\n---\nBody.\n"
            ),
        );
    }
    write(
        "content/objections/o-1.md",
        "---\nobjection: Too busy\nstages: [busy]\n---\nAsk when.\n",
    );
}

#[test]
fn every_page_of_long_lists_has_its_own_description() {
    let dir = tempfile::tempdir().expect("tmp");
    generate_long(dir.path());
    let (_, site) = render(dir.path());
    let by_page = assert_distinct("generated playbook", &site);
    // The later pages of a list and of a full list exist, and say which page they are.
    for (path, n, total) in [
        ("segments/index-2.html", 2, 3),
        ("segments/index-3.html", 3, 3),
        ("selling-points/index-2.html", 2, 2),
        ("segments/seg-000/selling-points-2.html", 2, 2),
    ] {
        let d = by_page
            .get(path)
            .unwrap_or_else(|| panic!("no page {path}: {:?}", by_page.keys()));
        assert!(d.contains(&format!("Page {n} of {total}")), "{path}: {d}");
    }
    let full = &by_page["segments/seg-000/selling-points.html"];
    assert!(
        full.contains("Segment 000"),
        "a full list names its entry: {full}"
    );
}
