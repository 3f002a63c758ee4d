//! What changed, from a real Git repository (commits at fixed dates): the "Updated" line of entry pages,
//! `changes.html` (newest first, uncommitted first of all, at most 100) and `changes.xml` (Atom 1.0,
//! parsed by a feed parser; absolute links with `base_url`), and a serve rebuild after a commit.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::git::{commit_all, init};
use common::Tree;

fn build(root: &Path, out: &Path) {
    let result = Command::cargo_bin("playbook")
        .expect("binary")
        .arg("--root")
        .arg(root)
        .args(["build", "--output"])
        .arg(out)
        .env("PLAYBOOK_TODAY", "2026-04-01")
        .output()
        .expect("runs");
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("read")
}

/// The minimal playbook committed on 2026-01-05 ("Start"), its objection changed on 2026-03-01
/// ("Sharper price answer"), its persona edited since (uncommitted).
fn history_tree(config: &str) -> Tree {
    let tree = Tree::minimal().file("playbook.yaml", config);
    init(&tree.root());
    commit_all(&tree.root(), "2026-01-05", "Start");
    std::fs::write(
        tree.path().join("content/objections/price.md"),
        "---\nobjection: It's too expensive\nstages: [discovery]\n---\nA lost day of sales costs more.\n",
    )
    .expect("write");
    commit_all(&tree.root(), "2026-03-01", "Sharper price answer & <more>");
    std::fs::write(
        tree.path().join("content/personas/cfo.md"),
        "---\nname: CFO\nrole: economic-buyer\n---\nSigns the cheque, and reads it.\n",
    )
    .expect("write");
    tree
}

#[test]
fn entry_pages_show_when_their_file_last_changed() {
    let tree = history_tree("title: Minimal\n");
    let out = Tree::empty();
    build(tree.path(), out.path());
    let price = read(&out.path().join("objections/price.html"));
    assert!(
        price.contains("<dt>Updated</dt><dd data-updated>2026-03-01</dd>"),
        "{price}"
    );
    let stage = read(&out.path().join("stages/discovery.html"));
    assert!(
        stage.contains("<dt>Updated</dt><dd data-updated>2026-01-05</dd>"),
        "{stage}"
    );
    let cfo = read(&out.path().join("personas/cfo.html"));
    assert!(
        cfo.contains("<dt>Updated</dt><dd data-updated>uncommitted</dd>"),
        "{cfo}"
    );
}

#[test]
fn entry_pages_say_updated_in_chinese_too() {
    let tree = history_tree("title: Minimal\nlanguage: zh-CN\n");
    let out = Tree::empty();
    build(tree.path(), out.path());
    let price = read(&out.path().join("objections/price.html"));
    assert!(
        price.contains("<dt>更新于</dt><dd data-updated>2026-03-01</dd>"),
        "{price}"
    );
    let cfo = read(&out.path().join("personas/cfo.html"));
    assert!(cfo.contains("<dd data-updated>未提交</dd>"), "{cfo}");
}

#[test]
fn without_git_no_dates_are_shown() {
    let tree = Tree::minimal();
    let out = Tree::empty();
    build(tree.path(), out.path());
    let price = read(&out.path().join("objections/price.html"));
    assert!(!price.contains("data-updated"), "{price}");
    let changes = read(&out.path().join("changes.html"));
    assert!(changes.contains("No changes known"), "{changes}");
}

#[test]
fn the_changes_page_lists_uncommitted_then_newest_first_with_subjects() {
    let tree = history_tree("title: Minimal\n");
    let out = Tree::empty();
    build(tree.path(), out.path());
    let page = read(&out.path().join("changes.html"));
    let rows: Vec<&str> = page
        .lines()
        .filter(|l| l.trim_start().starts_with("<tr><td>"))
        .collect();
    assert_eq!(rows.len(), 6, "{page}");
    assert_eq!(
        rows[0].trim(),
        "<tr><td>uncommitted</td><td><a href=\"personas/cfo.html\">CFO</a></td><td>Personas</td><td></td></tr>"
    );
    assert_eq!(
        rows[1].trim(),
        "<tr><td>2026-03-01</td><td><a href=\"objections/price.html\">It&#39;s too expensive</a></td><td>Objections</td><td>Sharper price answer &amp; &lt;more&gt;</td></tr>"
    );
    assert!(
        rows[2].contains("<td>2026-01-05</td>") && rows[2].contains("<td>Start</td>"),
        "{}",
        rows[2]
    );
}

#[test]
fn the_changes_page_and_feed_stop_at_the_latest_100() {
    let mut tree = Tree::minimal();
    for i in 0..105 {
        tree = tree.file(
            &format!("content/personas/p{i:03}.md"),
            &format!("---\nname: Persona {i}\nrole: user-buyer\n---\nText.\n"),
        );
    }
    init(&tree.root());
    commit_all(&tree.root(), "2026-01-05", "Many personas");
    let out = Tree::empty();
    build(tree.path(), out.path());
    let page = read(&out.path().join("changes.html"));
    assert_eq!(page.matches("<tr><td>").count(), 100, "{page}");
    assert!(page.contains("The latest 100 of 111 changes."), "{page}");
    let feed = read(&out.path().join("changes.xml"));
    assert_eq!(feed.matches("<entry>").count(), 100);
}

#[test]
fn the_feed_is_atom_with_relative_links_without_base_url() {
    let tree = history_tree("title: Minimal & Co\n");
    let out = Tree::empty();
    build(tree.path(), out.path());
    let bytes = std::fs::read(out.path().join("changes.xml")).expect("feed");
    let feed = feed_rs::parser::parse(&bytes[..]).expect("a valid feed");
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    assert_eq!(
        feed.title.expect("title").content,
        "Minimal & Co: Recent changes"
    );
    // The uncommitted persona has no date: not in the feed.
    assert_eq!(feed.entries.len(), 5);
    let first = &feed.entries[0];
    assert_eq!(
        first.title.as_ref().expect("title").content,
        "It's too expensive"
    );
    assert_eq!(first.links[0].href, "objections/price.html");
    assert_eq!(
        first.updated.expect("updated").to_rfc3339(),
        "2026-03-01T00:00:00+00:00"
    );
    assert_eq!(
        first.summary.as_ref().expect("summary").content,
        "Objections: Sharper price answer & <more>"
    );
    assert_eq!(
        feed.updated.expect("updated").to_rfc3339(),
        "2026-03-01T00:00:00+00:00"
    );
    // Deterministic: a second build writes the same feed.
    let again = Tree::empty();
    build(tree.path(), again.path());
    assert_eq!(
        std::fs::read(again.path().join("changes.xml")).expect("feed"),
        bytes
    );
}

#[test]
fn the_feed_links_are_absolute_with_base_url() {
    let tree = history_tree("title: Minimal\nbase_url: https://playbook.example.com/sales/\n");
    let out = Tree::empty();
    build(tree.path(), out.path());
    let bytes = std::fs::read(out.path().join("changes.xml")).expect("feed");
    let feed = feed_rs::parser::parse(&bytes[..]).expect("a valid feed");
    assert_eq!(feed.id, "https://playbook.example.com/sales/changes.xml");
    assert_eq!(
        feed.entries[0].links[0].href,
        "https://playbook.example.com/sales/objections/price.html"
    );
    assert_eq!(
        feed.entries[0].id,
        "https://playbook.example.com/sales/objections/price.html#2026-03-01"
    );
}

#[test]
fn a_base_url_that_is_not_an_absolute_url_is_an_error() {
    let tree = Tree::minimal().file(
        "playbook.yaml",
        "title: Minimal\nbase_url: playbook.example.com\n",
    );
    let report = tree.check();
    let found = common::with_code(&report, playbook::diagnostic::Code::InvalidValue);
    assert_eq!(found.len(), 1, "{:?}", report.diagnostics);
    assert_eq!(found[0].pos.map(|p| p.line), Some(2));
}

#[test]
fn a_serve_rebuild_after_a_commit_renders_what_a_full_build_renders() {
    use playbook::check::{check, CheckOptions};
    use playbook::content::{load_cached, Date, History, LastChange, LoadCache};
    use playbook::render::{render_site, rerender};

    let tree = Tree::minimal();
    let options = CheckOptions {
        today: Date::parse("2026-04-01").expect("date"),
    };
    let old = load_cached(tree.path(), &mut LoadCache::default()).expect("loads");
    let theme = playbook::theme::Theme::load(tree.path(), "default").expect("theme");
    let report = check(&old, options);
    let previous = render_site(&old, &report, &theme).expect("renders");
    // The same files, now with a commit date for one of them (what `serve` sees after `git commit`).
    let mut new = load_cached(tree.path(), &mut LoadCache::default()).expect("loads");
    new.history = History::from_changes([(
        "content/objections/price.md".to_string(),
        LastChange::Committed {
            date: Date::parse("2026-03-01").expect("date"),
            subject: "Price".to_string(),
        },
    )]);
    let report = check(&new, options);
    let full = render_site(&new, &report, &theme).expect("renders");
    let site = match rerender(&previous, &old, &new, &report, &theme).expect("renders") {
        Some(site) => site,
        None => full.clone(),
    };
    let page = |s: &playbook::render::Site, p: &str| {
        String::from_utf8_lossy(s.get(p).expect("page")).into_owned()
    };
    assert!(page(&full, "objections/price.html").contains("<dd data-updated>2026-03-01</dd>"));
    for p in ["objections/price.html", "changes.html", "changes.xml"] {
        assert_eq!(page(&site, p), page(&full, p), "{p}");
    }
}
