//! `playbook build`: fixture playbooks built into temporary folders, asserted on the pages they produce.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::copy_dir;
use playbook::check::{check_root, CheckOptions};
use playbook::content::Date;
use playbook::render::{render_site, Site};
use playbook::theme::{Theme, DEFAULT_ASSETS};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    manifest().join("tests/fixtures").join(name)
}

fn today() -> CheckOptions {
    CheckOptions {
        today: Date::parse("2026-01-01").expect("date"),
    }
}

/// Loads, checks and renders the playbook at `root` in memory.
fn render(root: &Path) -> Site {
    let (pb, report) = check_root(root, today()).expect("loads");
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
    let theme = Theme::load(root, &pb.config.theme).expect("theme");
    render_site(&pb, &report, &theme).expect("renders")
}

fn page(site: &Site, path: &str) -> String {
    let bytes = site.get(path).unwrap_or_else(|| panic!("no page `{path}`"));
    String::from_utf8(bytes.to_vec()).expect("utf-8")
}

fn bin() -> Command {
    let mut cmd = Command::cargo_bin("playbook").expect("binary");
    cmd.env("PLAYBOOK_TODAY", "2026-01-01").env("NO_COLOR", "1");
    cmd
}

/// Every file under `dir`, relative path → bytes.
fn snapshot_dir(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.expect("walk");
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("under")
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, fs::read(e.path()).expect("read"));
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    playbook::content::markdown::percent_decode(s)
}

/// The values of `attr="..."` in `html`, entities `&amp;` decoded.
fn attr_values<'h>(html: &'h str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest: &'h str = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(end) = rest.find('"') {
            out.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    out
}

/// Every `href` and `src` of every page resolves to a file of the site (and a fragment to an id there).
fn assert_links_resolve(site: &Site) {
    let mut problems = Vec::new();
    for (path, bytes) in &site.files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for link in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            if link.starts_with("http:")
                || link.starts_with("https:")
                || link.starts_with("mailto:")
            {
                continue;
            }
            assert!(
                !link.starts_with('/'),
                "{path}: site-absolute link `{link}` breaks under a sub-path"
            );
            let (target, fragment) = match link.split_once('#') {
                Some((t, f)) => (t, Some(percent_decode(f))),
                None => (link.as_str(), None),
            };
            let target = target.split('?').next().unwrap_or("");
            let resolved = if target.is_empty() {
                path.clone()
            } else {
                let mut parts: Vec<String> = path.split('/').map(String::from).collect();
                parts.pop();
                for seg in percent_decode(target).split('/') {
                    match seg {
                        ".." => {
                            parts.pop();
                        }
                        "." | "" => {}
                        s => parts.push(s.to_string()),
                    }
                }
                parts.join("/")
            };
            match site.get(&resolved) {
                None => problems.push(format!("{path}: `{link}` → `{resolved}` does not exist")),
                Some(target_bytes) => {
                    if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                        let target_html = String::from_utf8_lossy(target_bytes);
                        if !target_html.contains(&format!("id=\"{f}\"")) {
                            problems.push(format!("{path}: `{link}`: no id `{f}` in `{resolved}`"));
                        }
                    }
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "unresolved links:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_small_fixture_has_every_page() {
    let site = render(&fixture("build-small"));
    for p in [
        "index.html",
        "404.html",
        "search.html",
        "coverage.html",
        "objections/index.html",
        "objections/price.html",
        "objections/timing.html",
        "objections/competitor.html",
        "stages/first-call.html",
        "stages/proposal.html",
        "segments/index.html",
        "segments/smb.html",
        "personas/index.html",
        "personas/owner.html",
        "personas/采购.html",
        "selling-points/index.html",
        "selling-points/fast-setup.html",
        "roleplays/index.html",
        "roleplays/drill.html",
        "assets/style.css",
        "assets/quiz.js",
        "static/img/chart.svg",
    ] {
        assert!(site.get(p).is_some(), "missing {p}");
    }
    let paths: Vec<&str> = site.files.iter().map(|(p, _)| p.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(paths, sorted, "the site is sorted by path");
}

#[test]
fn pages_answer_and_link() {
    let site = render(&fixture("build-small"));
    let price = page(&site, "objections/price.html");
    assert!(
        price.contains("Compared with what?"),
        "the answer is on the page"
    );
    assert!(
        price.contains(r#"href="../selling-points/fast-setup.html""#),
        "body link rewritten"
    );
    assert!(
        price.contains(r#"href="../objections/timing.html""#),
        "multi-entry link rewritten"
    );
    assert!(
        price.contains(r#"src="../static/img/chart.svg""#),
        "static image kept working"
    );
    assert!(
        price.contains(r#"href="../roleplays/drill.html""#),
        "reverse link to the role-play"
    );
    assert!(
        price.contains("class=\"hl-"),
        "code highlighted with classes"
    );

    let stage = page(&site, "stages/first-call.html");
    assert!(
        stage.contains(r#"href="../objections/price.html""#),
        "stage lists its objections"
    );
    assert!(
        stage.contains("I understand. Compared with what?"),
        "with their short answers"
    );
    assert!(
        !stage.contains("competitor.html"),
        "but not the objections of other stages"
    );
    assert!(
        stage.contains(r#"href="../stages/proposal.html""#),
        "next stage"
    );
    assert!(
        stage.contains(r#"href="../personas/%E9%87%87%E8%B4%AD.html""#),
        "Chinese ids percent-encoded"
    );

    let finder = page(&site, "objections/index.html");
    for id in ["price", "timing", "competitor"] {
        assert!(
            finder.contains(&format!("objections/{id}.html")),
            "finder lists {id}"
        );
    }
    assert!(!finder.contains("fetch("));
    // The stage filter's data is a script of its own (src/render/finder.rs).
    let first_call = page(&site, "finder/stages/first-call.js");
    assert!(first_call.starts_with(r#"PBF.add("stages/first-call",["#));

    let coverage = page(&site, "coverage.html");
    assert!(
        coverage.contains("untargeted-segment"),
        "coverage shows check's warnings"
    );

    let index = page(&site, "index.html");
    assert!(index.contains(r#"<form class="hero-search" action="search.html""#));
    assert!(index.contains(r#"name="q""#));
    assert!(index.contains(r#"<html lang="en""#));
}

#[test]
fn every_link_of_the_fixture_resolves() {
    assert_links_resolve(&render(&fixture("build-small")));
}

#[test]
fn every_link_of_the_example_resolves() {
    let root = manifest();
    let site = render(&root);
    assert!(site.pages() > 10);
    assert_links_resolve(&site);
}

#[test]
fn the_chinese_example_builds_in_chinese() {
    let root = manifest().join("examples/zh-CN");
    if !root.join("playbook.yaml").exists() {
        return;
    }
    let (pb, report) = check_root(&root, today()).expect("loads");
    if report.errors() > 0 {
        // The example is still being written; its errors are `check`'s business.
        eprintln!("skipping: examples/zh-CN has {} errors", report.errors());
        return;
    }
    let theme = Theme::load(&root, &pb.config.theme).expect("theme");
    let site = render_site(&pb, &report, &theme).expect("renders");
    let index = page(&site, "index.html");
    assert!(
        index.contains("<html lang=\"zh"),
        "html lang from the config"
    );
    assert!(index.contains("异议"), "Chinese UI strings");
    assert_links_resolve(&site);
}

#[test]
fn front_matter_strings_are_escaped() {
    let site = render(&fixture("build-small"));
    let price = page(&site, "objections/price.html");
    assert!(price.contains("too expensive &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!price.contains("<script>alert(1)"));
    let index = page(&site, "index.html");
    assert!(index.contains("Acme &lt;Fixture&gt; &amp; Co"));
    assert!(
        index.contains("&quot;quotes&quot; &amp; &lt;tags&gt;"),
        "attribute values escaped too"
    );
}

#[test]
fn script_data_cannot_be_broken_out_of() {
    let site = render(&fixture("build-small"));
    let html = page(&site, "roleplays/drill.html");
    let open = r#"<script type="application/json" id="pb-quiz-data">"#;
    let start = html.find(open).expect("quiz data") + open.len();
    let end = start + html[start..].find("</script>").expect("closed");
    let json = &html[start..end];
    assert!(
        !json.contains('<') && !json.contains('>'),
        "no raw angle brackets: {json}"
    );
    let data: serde_json::Value =
        serde_json::from_str(json).expect("the whole element is the JSON");
    let text = data.to_string();
    assert!(
        text.contains("<p>") && !json.contains("<p>"),
        "the HTML of the feedback survives decoding: {text}"
    );
    // The feedback's `</script><script>alert(2)</script>` is sanitized away before it is JSON (see
    // tests/sanitize.rs); the text around it stays.
    assert!(!text.contains("alert(2)") && text.contains("Right."));
    assert!(text.contains("I understand.  When"));
    // Title with `</script><!--` is escaped in the HTML.
    assert!(html.contains("Price drill &lt;/script&gt;&lt;!--"));
    assert_eq!(
        html.matches("<script").count(),
        7,
        "progress.js, site.js, search.js, versions.js, updates.js, the data and quiz.js only"
    );
}

#[test]
fn builds_are_byte_identical() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for out in [&a, &b] {
        bin()
            .args(["build", "--root"])
            .arg(fixture("build-small"))
            .arg("--output")
            .arg(out)
            .assert()
            .success();
    }
    let (sa, sb) = (snapshot_dir(&a), snapshot_dir(&b));
    assert!(!sa.is_empty());
    assert_eq!(sa, sb);
}

#[test]
fn a_playbook_with_errors_is_not_built_and_the_old_site_stays() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("public");
    bin()
        .args(["build", "--root"])
        .arg(fixture("build-small"))
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    let before = snapshot_dir(&out);

    let broken = dir.path().join("broken");
    copy_dir(&fixture("build-small"), &broken);
    fs::write(
        broken.join("content/objections/empty.md"),
        "---\nobjection: Hm.\n---\n",
    )
    .expect("write");
    let assert = bin()
        .args(["build", "--root"])
        .arg(&broken)
        .arg("--output")
        .arg(&out)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("missing-answer"),
        "the same diagnostics as check: {stderr}"
    );
    assert_eq!(snapshot_dir(&out), before, "the previous site is untouched");
}

#[test]
fn a_failing_template_leaves_the_old_site_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("pb");
    copy_dir(&fixture("build-small"), &root);
    let out = root.join("public");
    bin()
        .args(["build", "--root"])
        .arg(&root)
        .assert()
        .success();
    let before = snapshot_dir(&out);
    assert!(
        before.contains_key("index.html"),
        "default output is public/ under the root"
    );

    let templates = root.join("themes/default/templates");
    fs::create_dir_all(&templates).expect("mkdir");
    fs::write(templates.join("stage.html"), "{% extends \"base.html\" %}{% block content %}{{ page.nope.deeper }}{% endblock content %}")
        .expect("write");
    let assert = bin().args(["build", "--root"]).arg(&root).assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("stage.html"),
        "names the template: {stderr}"
    );
    assert_eq!(snapshot_dir(&out), before, "the previous site is untouched");
    let leftovers: Vec<String> = fs::read_dir(&root)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary folders left: {leftovers:?}"
    );
}

#[test]
fn a_playbook_overrides_templates_and_assets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("pb");
    copy_dir(&fixture("build-small"), &root);
    let theme = root.join("themes/default");
    fs::create_dir_all(theme.join("templates")).expect("mkdir");
    fs::create_dir_all(theme.join("static")).expect("mkdir");
    fs::write(theme.join("static/style.css"), "/* ours */").expect("write");
    fs::write(theme.join("static/extra.txt"), "extra").expect("write");
    fs::write(
        theme.join("templates/404.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>Lost, {{ site.title }}?</h1>{% endblock content %}",
    )
    .expect("write");
    let site = render(&root);
    assert_eq!(site.get("assets/style.css"), Some(&b"/* ours */"[..]));
    assert_eq!(site.get("assets/extra.txt"), Some(&b"extra"[..]));
    assert!(page(&site, "404.html").contains("Lost, Acme &lt;Fixture&gt; &amp; Co?"));
    assert!(
        page(&site, "index.html").contains("The sale, stage by stage"),
        "other templates are the defaults"
    );
    let quiz = DEFAULT_ASSETS
        .iter()
        .find(|(n, _)| *n == "quiz.js")
        .map(|(n, b)| playbook::theme::default_asset_as_written(n, b));
    assert_eq!(site.get("assets/quiz.js"), quiz.as_deref());
}

#[test]
fn an_unknown_theme_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("pb");
    copy_dir(&fixture("build-small"), &root);
    let config = fs::read_to_string(root.join("playbook.yaml")).expect("read") + "theme: fancy\n";
    fs::write(root.join("playbook.yaml"), config).expect("write");
    let assert = bin().args(["build", "--root"]).arg(&root).assert().code(1);
    assert!(
        String::from_utf8_lossy(&assert.get_output().stderr).contains("theme `fancy` not found")
    );
    assert!(!root.join("public").exists());
}

/// The gzipped size of `bytes`, as a web server sends them.
fn gzipped(bytes: &[u8]) -> usize {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).expect("gzip in memory");
    gz.finish().expect("gzip in memory").len()
}

#[test]
fn the_theme_is_small_and_offline() {
    // What a phone downloads for one page: the stylesheet and every script the page loads, gzipped. Every
    // page of a site with each kind of page is measured, so a script that only some pages load counts
    // where it is loaded.
    let site = render(&fixture("build-small"));
    let mut heaviest = (0, String::new());
    for (path, bytes) in &site.files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        // As written into the site (the stylesheet loses its comments there).
        let assets: usize = site
            .files
            .iter()
            .filter_map(|(p, b)| Some((p.strip_prefix("assets/")?, b)))
            .filter(|(n, _)| n.ends_with(".css") || n.ends_with(".js"))
            .filter(|(n, _)| html.contains(&format!("assets/{n}\"")))
            .map(|(_, b)| gzipped(b))
            .sum();
        if assets > heaviest.0 {
            heaviest = (assets, path.clone());
        }
    }
    assert!(heaviest.0 > 0, "the pages load the theme's assets");
    assert!(
        heaviest.0 < 24 * 1024,
        "`{}` loads {} bytes of CSS and JS (gzipped)",
        heaviest.1,
        heaviest.0
    );
    for (name, bytes) in DEFAULT_ASSETS {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("fetch("), "{name} fetches");
        assert!(
            !text.contains("http://") && !text.contains("https://") || name.ends_with(".svg"),
            "{name} reaches out"
        );
    }
}

#[test]
fn snapshots_of_representative_pages() {
    let site = render(&fixture("build-small"));
    insta::assert_snapshot!("stage_first_call", page(&site, "stages/first-call.html"));
    insta::assert_snapshot!("objection_price", page(&site, "objections/price.html"));
    insta::assert_snapshot!("roleplay_drill", page(&site, "roleplays/drill.html"));
}

#[test]
fn many_segments_give_lists_not_grids_and_their_links_resolve() {
    // 13 segments: one more than a grid shows. The coverage page and the matrix then grow with the
    // playbook, not with stages × segments.
    let dir = tempfile::tempdir().expect("tmp");
    copy_dir(&fixture("build-small"), dir.path());
    for i in 0..13 {
        let seg = dir.path().join(format!("content/segments/extra-{i:02}.md"));
        std::fs::write(&seg, format!("---\nname: Extra segment {i}\n---\nBody.\n")).expect("write");
        let sp = dir
            .path()
            .join(format!("content/selling-points/extra-{i:02}.md"));
        std::fs::write(
            &sp,
            format!("---\ntitle: Extra point {i}\nsegments: [extra-{i:02}]\n---\nBody.\n"),
        )
        .expect("write");
    }
    let site = render(dir.path());
    // The stages' rows are on the motion's coverage page (`coverage.html` only sums up the motions).
    let coverage = page(&site, "coverage/new.html");
    assert!(!coverage.contains("<table class=\"coverage\">"), "no grid");
    assert!(
        coverage.contains("<table class=\"coverage-list\">"),
        "a list per stage"
    );
    assert!(
        !coverage.contains("Extra segment 7</a></th>"),
        "no column per segment"
    );
    let matrix = page(&site, "selling-points/index.html");
    assert!(!matrix.contains("<table class=\"matrix\">"));
    assert!(
        matrix.contains("extra-07.html\">Extra segment 7</a>"),
        "each point links its segments"
    );
    assert_links_resolve(&site);
}

#[test]
fn builds_messages_print_no_control_characters_from_the_playbook() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("pb");
    copy_dir(&fixture("build-small"), &root);
    let config = fs::read_to_string(root.join("playbook.yaml")).expect("read");
    // A theme that does not exist (an error naming it), then an output folder (the summary naming it).
    for (extra, code) in [
        ("theme: \"evil\\e]0;PWNED\\a\\e[2J\"\n", 1),
        ("output: \"out\\e]0;PWNED\\a\"\n", 0),
    ] {
        fs::write(root.join("playbook.yaml"), format!("{config}\n{extra}")).expect("write");
        let assert = bin()
            .args(["build", "--root"])
            .arg(&root)
            .assert()
            .code(code);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(stderr.contains("PWNED"), "the name is shown: {stderr}");
        assert!(
            !stderr.chars().any(|c| c.is_control() && c != '\n'),
            "control characters on the terminal: {stderr:?}"
        );
    }
}
