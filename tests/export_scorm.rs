//! `playbook export scorm`: one SCORM 1.2 package per role-play and per learning path; each zip has
//! `imsmanifest.xml` at its root, lists every file it holds and holds every file it lists, keeps every
//! relative link inside the package (or makes it inert), loads `scorm.js` on its launch pages only, and is the
//! same bytes on every run. A playbook with errors gets no packages (exit 1). The manifests' validation against
//! the SCORM 1.2 / IMS CP XSDs and the runtime behaviour are tested in a browser (tests/e2e/scorm.test.mjs).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

use assert_cmd::Command;
use common::{Tree, TODAY};

fn playbook() -> Command {
    let mut cmd = Command::cargo_bin("playbook").expect("binary");
    cmd.env("PLAYBOOK_TODAY", TODAY).env_remove("NO_COLOR");
    cmd
}

const PATH: &str = "\
title: First week
steps:
  - title: Who we sell to
    segments: [smb]
    selling_points: [fast]
    personas: [cfo]
  - title: The sale
    stages: [discovery]
    objections: [price]
  - title: Role-play
    roleplays: [basics]
";

const CHART: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>";

/// The minimal playbook with a path, and an image in the objection the role-play drills.
fn tree() -> Tree {
    Tree::minimal()
        .file("content/paths/onboarding.yaml", PATH)
        .file(
            "content/objections/price.md",
            "---\nobjection: It's too expensive\nstages: [discovery]\n---\nCompared to what? ![chart](../../static/img/chart.svg)\n",
        )
        .file("static/img/chart.svg", CHART)
}

fn export(root: &Path, out: &Path) {
    playbook()
        .arg("--root")
        .arg(root)
        .args(["export", "scorm", "--out"])
        .arg(out)
        .assert()
        .success();
}

/// The files of a zip, by name.
fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("entry");
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).expect("read");
        out.insert(file.name().to_string(), bytes);
    }
    out
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("out dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The values of `attr="…"` in `text`.
fn values<'a>(text: &'a str, attr: &str) -> Vec<&'a str> {
    let open = format!(" {attr}=\"");
    text.match_indices(&open)
        .filter_map(|(at, _)| {
            let start = at + open.len();
            text[start..].find('"').map(|len| &text[start..start + len])
        })
        .collect()
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).expect("hex"));
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("utf-8")
}

/// `href` of the page at `page`, resolved to a path in the package (`None` for fragments and other sites).
fn resolve(page: &str, href: &str) -> Option<String> {
    if href.is_empty()
        || href.starts_with('#')
        || href.contains("://")
        || href.starts_with("mailto:")
    {
        return None;
    }
    let path = href.split(['?', '#']).next().unwrap_or_default();
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    let decoded = decode(path);
    for seg in decoded.split('/') {
        match seg {
            ".." => {
                assert!(
                    parts.pop().is_some(),
                    "`{href}` in {page} climbs out of the package"
                );
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[test]
fn one_package_per_roleplay_and_per_path() {
    let t = tree();
    let out = t.path().join("packages");
    export(t.path(), &out);
    assert_eq!(names(&out), ["path-onboarding.zip", "roleplay-basics.zip"]);
}

#[test]
fn the_default_folder_is_scorm_under_the_root() {
    let t = tree();
    playbook()
        .arg("--root")
        .arg(t.path())
        .args(["export", "scorm"])
        .assert()
        .success();
    assert_eq!(
        names(&t.path().join("scorm")),
        ["path-onboarding.zip", "roleplay-basics.zip"]
    );
}

#[test]
fn packages_are_the_same_bytes_on_every_run() {
    let t = tree();
    let (a, b) = (t.path().join("a"), t.path().join("b"));
    export(t.path(), &a);
    // A source file touched between the runs: its modification time must not reach the zip.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::write(t.path().join("static/img/chart.svg"), CHART).expect("touch");
    export(t.path(), &b);
    for name in names(&a) {
        let (x, y) = (
            std::fs::read(a.join(&name)).expect("a"),
            std::fs::read(b.join(&name)).expect("b"),
        );
        assert!(x == y, "{name} differs between two runs");
    }
}

#[test]
fn the_manifest_lists_every_file_and_launches_each_sco() {
    let t = tree();
    let out = t.path().join("out");
    export(t.path(), &out);
    for (zip, launches, mastery) in [
        (
            "roleplay-basics.zip",
            vec!["roleplays/basics.html"],
            vec!["80"],
        ),
        (
            "path-onboarding.zip",
            vec!["paths/onboarding.html", "roleplays/basics.html"],
            vec!["80"],
        ),
    ] {
        let files = unzip(&std::fs::read(out.join(zip)).expect("zip"));
        let manifest = String::from_utf8(files["imsmanifest.xml"].clone()).expect("utf-8");
        assert!(
            manifest.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest "),
            "{manifest}"
        );
        assert!(manifest.contains("xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\""));
        assert!(manifest.contains("xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\""));
        assert!(manifest.contains("<schema>ADL SCORM</schema>"));
        assert!(manifest.contains("<schemaversion>1.2</schemaversion>"));
        // Every file of the zip is listed, and every listed file is in the zip.
        let listed: BTreeSet<String> = values(&manifest, "href").into_iter().map(decode).collect();
        let held: BTreeSet<String> = files
            .keys()
            .filter(|n| *n != "imsmanifest.xml")
            .cloned()
            .collect();
        assert_eq!(listed, held, "{zip}");
        // One item per SCO, in order, each pointing at a resource of type sco whose href is its launch page.
        let items = values(&manifest, "identifierref");
        let scos: Vec<&str> = manifest
            .lines()
            .filter(|l| l.contains("adlcp:scormtype=\"sco\""))
            .collect();
        assert_eq!(scos.len(), launches.len(), "{manifest}");
        for (n, (sco, launch)) in scos.iter().zip(&launches).enumerate() {
            let id = values(sco, "identifier")[0];
            assert_eq!(items[n], id, "item {n} launches {id}");
            assert_eq!(decode(values(sco, "href")[0]), *launch);
        }
        let ids: Vec<&str> = values(&manifest, "identifier");
        let unique: BTreeSet<&&str> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "identifiers are unique: {ids:?}");
        let scores: Vec<&str> = manifest
            .match_indices("<adlcp:masteryscore>")
            .map(|(at, m)| &manifest[at + m.len()..at + m.len() + 2])
            .collect();
        assert_eq!(
            scores, mastery,
            "the role-play's pass score (the default, 80) is its mastery score"
        );
    }
}

#[test]
fn a_package_holds_what_its_pages_link_to_and_nothing_leads_out_of_it() {
    let t = tree();
    let out = t.path().join("out");
    export(t.path(), &out);
    let files = unzip(&std::fs::read(out.join("roleplay-basics.zip")).expect("zip"));
    // The drilled objection's page and the image in its body came along; the theme's assets too.
    for needed in [
        "objections/price.html",
        "static/img/chart.svg",
        "assets/style.css",
        "assets/quiz.js",
        "assets/scorm.js",
    ] {
        assert!(
            files.contains_key(needed),
            "{needed} is in the package: {:?}",
            files.keys()
        );
    }
    assert_eq!(files["static/img/chart.svg"], CHART.as_bytes());
    // No list page, no search index.
    assert!(!files.contains_key("index.html") && !files.contains_key("search.html"));
    for (name, bytes) in files.iter().filter(|(n, _)| n.ends_with(".html")) {
        let html = std::str::from_utf8(bytes).expect("utf-8");
        for attr in ["href", "src", "action"] {
            for url in values(html, attr) {
                if let Some(target) = resolve(name, url) {
                    assert!(
                        files.contains_key(&target),
                        "{name}: `{attr}=\"{url}\"` leads to {target}, not in the package"
                    );
                }
            }
        }
    }
    let launch = std::str::from_utf8(&files["roleplays/basics.html"]).expect("utf-8");
    assert!(launch.contains("<script src=\"../assets/scorm.js\"></script>"));
    // Studying the drilled objection opens a window of its own: the launch page (the LMS session) stays.
    assert!(
        launch.contains("href=\"../objections/price.html\" target=\"_blank\" rel=\"noopener\""),
        "{launch}"
    );
    // The overview link of the header stays as text, no longer a link; the search form is hidden.
    assert!(
        launch.contains("<a class=\"brand\" data-outside-package>"),
        "{launch}"
    );
    assert!(
        launch.contains("<form class=\"site-search\" hidden"),
        "{launch}"
    );
    let other = std::str::from_utf8(&files["objections/price.html"]).expect("utf-8");
    assert!(
        !other.contains("scorm.js"),
        "only launch pages report to the LMS"
    );
}

#[test]
fn the_sites_pages_do_not_load_the_scorm_script() {
    let t = tree();
    let site = t.path().join("site");
    playbook()
        .arg("--root")
        .arg(t.path())
        .args(["build", "--output"])
        .arg(&site)
        .assert()
        .success();
    assert!(site.join("assets/scorm.js").exists(), "the theme ships it");
    for page in ["roleplays/basics.html", "paths/onboarding.html"] {
        let html = std::fs::read_to_string(site.join(page)).expect("page");
        assert!(!html.contains("scorm.js"), "{page} loads scorm.js");
    }
}

#[test]
fn a_playbook_with_errors_gets_no_packages() {
    let t = tree().file(
        "content/paths/onboarding.yaml",
        &PATH.replace("[basics]", "[basic]"),
    );
    let out = t.path().join("out");
    let assert = playbook()
        .arg("--root")
        .arg(t.path())
        .args(["export", "scorm", "--out"])
        .arg(&out)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("basic"),
        "the diagnostic is printed: {stderr}"
    );
    assert!(
        stderr.contains("the SCORM packages were not made"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing written");
}
