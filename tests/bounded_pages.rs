//! Every page is bounded by what it is about (#17): a playbook generated in the test, with more segments,
//! selling points and objections than a page shows, and the pages that must stay small while the full
//! lists are paginated and, together, list every entry exactly once.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use playbook::check::{check_root, CheckOptions};
use playbook::content::Date;
use playbook::render::{render_site, Site};
use playbook::theme::Theme;

/// How many items a bounded section shows (docs/site.md).
const SHOWN: usize = 12;
const SEGMENTS: usize = 250;
/// Selling points for segments 0 and 1 (more than a page of a full list holds).
const SHARED_POINTS: usize = 130;
/// Selling points for segment 2 only.
const OWN_POINTS: usize = 10;
const OBJECTIONS: usize = 20;
/// Learning paths (more than a page of a list holds).
const PATHS: usize = 130;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(path, text).expect("write");
}

/// The generated playbook: one motion with a stage every objection names (`busy`) and one none names
/// (`quiet`); 250 segments; 130 selling points for segments 0 and 1 and 10 for segment 2; 20
/// objections at `busy`, alternately for segment 0 and for segments 1 and 2, all raised by one persona;
/// 130 learning paths of one step.
fn generate(root: &Path) {
    for i in 0..PATHS {
        write(
            root,
            &format!("content/paths/path-{i:03}.yaml"),
            &format!("title: Path {i:03}\nsteps:\n  - title: Read\n    objections: [o-00]\n"),
        );
    }
    write(
        root,
        "playbook.yaml",
        "title: Bounded\nlanguage: en\nmotions:\n  - id: m1\n    title: Motion one\n",
    );
    write(
        root,
        "content/stages/busy.md",
        "---\ntitle: Busy stage\norder: 1\nactions: [Call]\n---\nNotes.\n",
    );
    write(
        root,
        "content/stages/quiet.md",
        "---\ntitle: Quiet stage\norder: 2\nactions: [Wait]\n---\nNotes.\n",
    );
    write(
        root,
        "content/personas/p1.md",
        "---\nname: Persona one\n---\nBody.\n",
    );
    for i in 0..SEGMENTS {
        write(
            root,
            &format!("content/segments/seg-{i:03}.md"),
            &format!("---\nname: Segment {i:03}\n---\nBody.\n"),
        );
    }
    for i in 0..SHARED_POINTS + OWN_POINTS {
        let segments = if i < SHARED_POINTS {
            "[seg-000, seg-001]"
        } else {
            "[seg-002]"
        };
        write(
            root,
            &format!("content/selling-points/sp-{i:03}.md"),
            &format!("---\ntitle: Point {i:03}\nsegments: {segments}\n---\nBody.\n"),
        );
    }
    for i in 0..OBJECTIONS {
        let segments = if i % 2 == 0 {
            "[seg-000]"
        } else {
            "[seg-001, seg-002]"
        };
        write(
            root,
            &format!("content/objections/o-{i:02}.md"),
            &format!(
                "---\nobjection: Objection {i:02}\nstages: [busy]\nsegments: {segments}\npersonas: [p1]\n---\nAnswer {i}.\n"
            ),
        );
    }
}

fn render(root: &Path) -> (Site, usize) {
    let options = CheckOptions {
        today: Date::parse("2026-01-01").expect("date"),
    };
    let (pb, report) = check_root(root, options).expect("loads");
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
    let warnings = report.diagnostics.len();
    let theme = Theme::load(root, &pb.config.theme).expect("theme");
    (
        render_site(&pb, &report, &theme).expect("renders"),
        warnings,
    )
}

fn page(site: &Site, path: &str) -> String {
    let bytes = site.get(path).unwrap_or_else(|| panic!("no page `{path}`"));
    String::from_utf8(bytes.to_vec()).expect("utf-8")
}

/// The `href`s of `html`.
fn hrefs(html: &str) -> Vec<&str> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

/// The part of `html` from `start` to the next `end`.
fn between<'h>(html: &'h str, start: &str, end: &str) -> &'h str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no `{start}` in the page"));
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// How many links of `html` lead to a page whose URL contains `part`, by URL.
fn links_to(html: &str, part: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for h in hrefs(html).into_iter().filter(|h| h.contains(part)) {
        let file = h.rsplit('/').next().unwrap_or(h);
        *out.entry(file.split('#').next().unwrap_or(file).to_string())
            .or_default() += 1;
    }
    out
}

/// Follows the pager from `first` (its `rel="next"` links) and returns every page's path, in order.
fn pages_of(site: &Site, first: &str) -> Vec<String> {
    let folder = first.rsplit_once('/').map_or("", |(f, _)| f);
    let mut out = vec![first.to_string()];
    loop {
        let html = page(site, out.last().expect("a page"));
        let Some(next) = html
            .split("rel=\"next\" href=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
        else {
            return out;
        };
        let path = if folder.is_empty() {
            next.to_string()
        } else {
            format!("{folder}/{next}")
        };
        assert!(!out.contains(&path), "the pager loops at {path}");
        out.push(path);
    }
}

/// Counts, over the pages of a paginated list, the links to pages whose URL contains `part`.
fn listed(
    site: &Site,
    pages: &[String],
    part: &str,
    section: (&str, &str),
) -> BTreeMap<String, usize> {
    let mut all = BTreeMap::new();
    for p in pages {
        let html = page(site, p);
        for (k, n) in links_to(between(&html, section.0, section.1), part) {
            *all.entry(k).or_default() += n;
        }
    }
    all
}

fn built() -> (tempfile::TempDir, Site, usize) {
    let dir = tempfile::tempdir().expect("tmp");
    generate(dir.path());
    let (site, warnings) = render(dir.path());
    (dir, site, warnings)
}

#[test]
fn a_stage_lists_each_selling_point_once_and_at_most_twelve() {
    let (_dir, site, _) = built();
    let html = page(&site, "stages/busy.html");
    let section = between(&html, "id=\"pb-selling-points\"", "</section>");
    let points = links_to(section, "selling-points/sp-");
    assert_eq!(points.len(), SHOWN, "{points:?}");
    assert!(points.values().all(|n| *n == 1), "each once: {points:?}");
    // Every involved segment (0, 1, 2) contributes: 130 + 10 selling points in all.
    let total = SHARED_POINTS + OWN_POINTS;
    assert!(
        section.contains(&format!("{SHOWN} of {total}")),
        "{section}"
    );
    // A point for two involved segments is tagged with both (and ranks before those for one).
    let first = between(section, "<li>", "</li>");
    assert!(
        first.contains("segments/seg-000.html") && first.contains("segments/seg-001.html"),
        "{first}"
    );
    // The rest are on the involved segments' pages.
    for seg in ["seg-000", "seg-001", "seg-002"] {
        assert!(
            section.contains(&format!("segments/{seg}.html#pb-sp")),
            "{seg}"
        );
    }
}

#[test]
fn a_stage_no_objection_names_shows_no_selling_points_and_says_so() {
    let (_dir, site, _) = built();
    let html = page(&site, "stages/quiet.html");
    assert!(!html.contains("selling-points/sp-"), "no selling point");
    assert!(html.contains("No objection names this stage"), "says why");
}

#[test]
fn a_segment_shows_twelve_selling_points_and_pages_list_them_all_once() {
    let (_dir, site, _) = built();
    let html = page(&site, "segments/seg-000.html");
    let section = between(&html, "id=\"pb-sp\"", "</section>");
    assert_eq!(links_to(section, "selling-points/sp-").len(), SHOWN);
    assert!(section.contains(&format!("{SHOWN} of {SHARED_POINTS}")));
    assert!(
        section.contains("seg-000/selling-points.html"),
        "links the full list"
    );

    let pages = pages_of(&site, "segments/seg-000/selling-points.html");
    assert_eq!(pages.len(), 2, "{pages:?}");
    let all = listed(&site, &pages, "selling-points/sp-", ("<main", "</main>"));
    assert_eq!(all.len(), SHARED_POINTS, "every point");
    assert!(all.values().all(|n| *n == 1), "each once");
    let second = page(&site, &pages[1]);
    assert!(
        second.contains("rel=\"prev\" href=\"selling-points.html\""),
        "links back"
    );
}

#[test]
fn a_persona_shows_twelve_objections_and_links_the_rest() {
    let (_dir, site, _) = built();
    let html = page(&site, "personas/p1.html");
    assert_eq!(links_to(&html, "objections/o-").len(), SHOWN);
    assert!(html.contains(&format!("{SHOWN} of {OBJECTIONS}")));
    let all = page(&site, "personas/p1/objections.html");
    assert_eq!(
        links_to(between(&all, "<main", "</main>"), "objections/o-").len(),
        OBJECTIONS
    );
}

#[test]
fn lists_of_a_kind_are_paginated_and_list_every_entry_once() {
    let (_dir, site, _) = built();
    let pages = pages_of(&site, "segments/index.html");
    assert_eq!(pages.len(), SEGMENTS.div_ceil(100), "{pages:?}");
    let all = listed(&site, &pages, "seg-", ("<main", "</main>"));
    assert_eq!(all.len(), SEGMENTS);
    assert!(all.values().all(|n| *n == 1), "each once");
    // Each page links every page by its number.
    for p in &pages {
        let html = page(&site, p);
        assert!(
            html.contains("href=\"index.html\"") && html.contains("href=\"index-3.html\""),
            "{p}"
        );
    }
    // The learning paths too.
    let pages = pages_of(&site, "paths/index.html");
    assert_eq!(pages.len(), PATHS.div_ceil(100), "{pages:?}");
    let all = listed(&site, &pages, "path-", ("<main", "</main>"));
    assert_eq!(all.len(), PATHS, "every path");
    // The overview shows a few segments and links the list.
    let overview = page(&site, "index.html");
    assert_eq!(
        links_to(
            between(&overview, "id=\"pb-segments\"", "</section>"),
            "segments/seg-"
        )
        .len(),
        SHOWN
    );
}

#[test]
fn coverage_is_a_summary_with_a_page_per_motion_and_paginated_warnings() {
    let (_dir, site, warnings) = built();
    let html = page(&site, "coverage.html");
    assert!(
        !html.contains("stages/busy.html"),
        "no stage rows on the summary"
    );
    assert!(html.contains("coverage/m1.html"), "links the motion's page");
    assert!(
        html.matches("<li><code>").count() <= SHOWN,
        "a few warnings"
    );
    assert!(
        warnings > SHOWN,
        "the playbook has many warnings: {warnings}"
    );
    let motion = page(&site, "coverage/m1.html");
    assert!(motion.contains("stages/busy.html") && motion.contains("stages/quiet.html"));
    let pages = pages_of(&site, "coverage-warnings.html");
    let listed: usize = pages
        .iter()
        .map(|p| page(&site, p).matches("<li><code>").count())
        .sum();
    assert_eq!(
        listed,
        warnings,
        "every warning once, over {} pages",
        pages.len()
    );
}

#[test]
fn no_page_carries_a_list_of_the_playbook() {
    let (_dir, site, _) = built();
    // The longest lists here have 250 entries; a page of a list or of an entry links at most 100 of them.
    for (path, bytes) in &site.files {
        // The objection finder has its own bound (its filters name every segment), outside this slice.
        if !path.ends_with(".html") || path == "objections/index.html" {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let distinct: std::collections::BTreeSet<&str> = hrefs(&html).into_iter().collect();
        // 100 items, the navigation and a pager.
        assert!(
            distinct.len() <= 100 + 40,
            "{path}: {} links",
            distinct.len()
        );
    }
}

/// A playbook of `n` objections, all at one stage and for one segment, with answers of a few lines.
fn generate_objections(root: &Path, n: usize) {
    write(
        root,
        "playbook.yaml",
        "title: Many\nlanguage: en\nmotions:\n  - id: m1\n    title: Motion one\n",
    );
    write(
        root,
        "content/stages/s1.md",
        "---\ntitle: Stage one\norder: 1\nactions: [Call]\n---\nNotes.\n",
    );
    write(
        root,
        "content/segments/g1.md",
        "---\nname: Segment one\n---\nBody.\n",
    );
    for i in 0..n {
        write(
            root,
            &format!("content/objections/o-{i:04}.md"),
            &format!(
                "---\nobjection: Objection number {i:04} is about the price\naliases: [Too dear {i}]\nstages: [s1]\nsegments: [g1]\n---\nAnswer {i}: acknowledge, ask what they compare it with, then answer with their numbers.\n"
            ),
        );
    }
}

/// The largest file of `site` whose path `pick` accepts, and its size.
fn largest(site: &Site, pick: impl Fn(&str) -> bool) -> (String, usize) {
    site.files
        .iter()
        .filter(|(p, _)| pick(p))
        .map(|(p, b)| (p.clone(), b.len()))
        .max_by_key(|(_, n)| *n)
        .unwrap_or_default()
}

#[test]
fn the_drill_page_its_scripts_and_the_versions_do_not_grow_with_the_playbook() {
    // Five times the objections: the page and the largest script of the drill, and the largest file of
    // the versions every page loads a part of, stay the same size (give or take a digit and the spread of
    // the shards by id hash); the site itself grows.
    let sized = |n: usize| {
        let dir = tempfile::tempdir().expect("tmp");
        generate_objections(dir.path(), n);
        let (site, _) = render(dir.path());
        let drill = site.get("drill.html").map_or(0, <[u8]>::len);
        let script = largest(&site, |p| p.starts_with("drill/"));
        let versions = largest(&site, |p| p.starts_with("versions"));
        let total: usize = site.files.iter().map(|(_, b)| b.len()).sum();
        (drill, script, versions, total)
    };
    let (small_page, small_script, small_versions, small_total) = sized(150);
    let (big_page, big_script, big_versions, big_total) = sized(750);
    assert!(big_total > 4 * small_total, "the playbook grew");
    assert!(
        big_page <= small_page + 64,
        "drill.html: {small_page} bytes for 150 objections, {big_page} for 750"
    );
    assert!(
        big_script.1 * 2 <= small_script.1 * 3,
        "the largest drill script: {small_script:?} for 150 objections, {big_script:?} for 750"
    );
    assert!(
        big_versions.1 * 2 <= small_versions.1 * 3,
        "the largest file of the versions: {small_versions:?} for 150 objections, {big_versions:?} for 750"
    );
}
