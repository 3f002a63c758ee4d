//! `serve` renders only the pages an edit can change ([`rerender`]). Every edit here is made to a copy of a
//! playbook, rendered both ways, and the two sites compared byte for byte (the search index aside: `serve`
//! replaces it separately).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{copy_dir, Tree};
use playbook::check::{check, CheckOptions, Report};
use playbook::content::{Date, Playbook};
use playbook::render::{render_site, rerender, Site};
use playbook::theme::Theme;
use playbook_bench::corpus::{generate, CorpusOptions};

fn options() -> CheckOptions {
    CheckOptions {
        today: Date::parse("2026-01-01").expect("date"),
    }
}

/// Loads and checks the playbook at `root` as `serve` does: with a load cache, which keeps every file's
/// text (an incremental render compares them).
fn check_root(
    root: &Path,
    options: CheckOptions,
) -> Result<(Playbook, Report), playbook::content::LoadError> {
    let pb = playbook::content::load_cached(root, &mut playbook::content::LoadCache::default())?;
    let report = check(&pb, options);
    Ok((pb, report))
}

/// Copies the playbook at `from` (its configuration and its `content/`, `static/` and `themes/`).
fn copy_tree(from: &Path, to: &Path) {
    fs::copy(from.join("playbook.yaml"), to.join("playbook.yaml")).expect("copies");
    for folder in ["content", "static", "themes"] {
        if from.join(folder).is_dir() {
            copy_dir(&from.join(folder), &to.join(folder));
        }
    }
}

/// The site without its search index.
fn pages(site: &Site) -> Vec<(&str, &[u8])> {
    site.files
        .iter()
        .filter(|(p, _)| !p.starts_with("search/"))
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect()
}

/// The edits tried on a file: each gives the new text, or `None` when it does not apply to this file.
fn edits(text: &str, link_to: &str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut edit_line = |name: &'static str, f: &dyn Fn(&str) -> Option<Option<String>>| {
        for (i, line) in lines.iter().enumerate() {
            if let Some(new) = f(line) {
                let mut l: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
                match new {
                    Some(new) => l[i] = new,
                    None => {
                        l.remove(i);
                    }
                }
                out.push((name, l.join("\n") + "\n"));
                return;
            }
        }
    };
    // A title (or name, or an objection's words) changes: every page that shows it must follow.
    edit_line("title", &|l| {
        let t = l.trim_start().trim_start_matches("- ");
        ["title: ", "name: ", "objection: ", "benefit: "]
            .iter()
            .find(|k| t.starts_with(**k))
            .filter(|_| !l.contains(": \"") && !l.contains(": '") && !l.ends_with('|'))
            .map(|_| Some(format!("{l} (edited)")))
    });
    // A reference is dropped from a list of stages, segments or personas.
    edit_line("drop a reference", &|l| {
        let t = l.trim_start().trim_start_matches("- ");
        ["stages: [", "segments: [", "personas: ["]
            .iter()
            .find(|k| t.starts_with(**k))?;
        let (head, rest) = l.split_once('[')?;
        let items: Vec<&str> = rest.trim_end_matches(']').split(',').collect();
        (items.len() >= 2).then(|| Some(format!("{head}[{}]", items[1..].join(","))))
    });
    // A one-entry reference goes away (a role-play's persona, segment or stage; a question's objection).
    edit_line("drop a field", &|l| {
        let t = l.trim_start().trim_start_matches("- ");
        ["persona: ", "segment: ", "stage: ", "objection: "]
            .iter()
            .any(|k| t.starts_with(k) && t.split_whitespace().count() == 2)
            .then_some(None)
    });
    // A stage moves within its motion.
    edit_line("order", &|l| {
        let n: u32 = l.strip_prefix("order: ")?.trim().parse().ok()?;
        Some(Some(format!("order: {}", n + 7)))
    });
    // The body gains a paragraph with a link to another entry (its backlinks change).
    if text.starts_with("---") {
        out.push((
            "body link",
            format!("{text}\n\nEdited, and see [this one]({link_to}).\n"),
        ));
        out.push((
            "body",
            text.replacen("\n---\n", "\n---\nA new first paragraph.\n\n", 1),
        ));
    }
    out
}

/// Tries every edit on every content file of the playbook at `source` (or `limit` of them), comparing
/// the incremental site with the full one. Returns (compared, fell back to a full render).
fn compare_edits(source: &Path, every: usize) -> (usize, usize) {
    let tree = Tree::empty();
    copy_tree(source, tree.path());
    let root = tree.path().to_path_buf();
    let (old, report) = check_root(&root, options()).expect("loads");
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
    let theme = Theme::load(&root, &old.config.theme).expect("theme");
    let previous = render_site(&old, &report, &theme).expect("renders");

    let files: Vec<PathBuf> = old
        .files
        .iter()
        .filter(|f| f.path.starts_with("content/"))
        .step_by(every)
        .map(|f| PathBuf::from(&f.path))
        .collect();
    let targets: Vec<&str> = old
        .files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| p.starts_with("content/") && p.ends_with(".md"))
        .collect();
    let (mut compared, mut full) = (0, 0);
    for (n, rel) in files.iter().enumerate() {
        let path = root.join(rel);
        let original = fs::read_to_string(&path).expect("reads");
        // A link from this file to another entry file, relative to this file's folder.
        let target = targets[(n * 7 + 3) % targets.len()];
        let depth = rel.components().count() - 1;
        let link_to = format!("{}{target}", "../".repeat(depth));
        for (name, text) in edits(&original, &link_to) {
            fs::write(&path, &text).expect("writes");
            let (pb, report) = check_root(&root, options()).expect("loads");
            if report.errors() == 0 {
                let whole = render_site(&pb, &report, &theme).expect("renders");
                match rerender(&previous, &old, &pb, &report, &theme).expect("renders") {
                    Some(site) => {
                        let (a, b) = (pages(&site), pages(&whole));
                        assert_eq!(a.len(), b.len(), "{name} of {}", rel.display());
                        for ((pa, ba), (pb_, bb)) in a.iter().zip(&b) {
                            assert_eq!(pa, pb_);
                            assert!(
                                ba == bb,
                                "edit `{name}` of {}: page {pa} differs from a full render",
                                rel.display()
                            );
                        }
                        // The site also keeps what each page read, as a full render does: the next
                        // edit decides from it.
                        assert!(
                            site.with_search_index(Vec::new())
                                == whole.with_search_index(Vec::new()),
                            "edit `{name}` of {}: the kept reads differ from a full render's",
                            rel.display()
                        );
                        compared += 1;
                    }
                    None => full += 1,
                }
            }
            fs::write(&path, &original).expect("restores");
        }
    }
    (compared, full)
}

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_edit_of_the_example_renders_as_a_full_build_does() {
    let (compared, _) = compare_edits(&manifest(), 1);
    // Every content file gets at least one edit that keeps the playbook valid.
    assert!(compared >= 100, "only {compared} edits compared");
}

#[test]
fn every_edit_of_the_chinese_example_renders_as_a_full_build_does() {
    let (compared, _) = compare_edits(&manifest().join("examples/zh-CN"), 1);
    assert!(compared >= 40, "only {compared} edits compared");
}

#[test]
fn edits_of_a_generated_playbook_render_as_a_full_build_does() {
    let dir = Tree::empty();
    let options = CorpusOptions {
        entries: 240,
        seed: 11,
        chinese: 0.3,
        code: 0.1,
        ..Default::default()
    };
    generate(dir.path(), &options).expect("generates");
    let (compared, _) = compare_edits(dir.path(), 12);
    assert!(compared >= 40, "only {compared} edits compared");
}

#[test]
fn a_changed_shape_renders_everything() {
    let tree = Tree::empty();
    copy_tree(&manifest(), tree.path());
    let root = tree.path().to_path_buf();
    let load = |root: &Path| -> Playbook { check_root(root, options()).expect("loads").0 };
    let old = load(&root);
    let (_, report) = check_root(&root, options()).expect("loads");
    let theme = Theme::load(&root, &old.config.theme).expect("theme");
    let previous = render_site(&old, &report, &theme).expect("renders");
    let rerendered = |pb: &Playbook| {
        rerender(&previous, &old, pb, &report, &theme)
            .expect("renders")
            .is_some()
    };
    assert!(rerendered(&load(&root)), "nothing changed: the lists only");

    // A new entry file.
    let extra = root.join("content/segments/startups.md");
    fs::write(&extra, "---\nname: Startups\n---\nYoung companies.\n").expect("writes");
    assert!(!rerendered(&load(&root)));
    fs::remove_file(&extra).expect("removes");

    // An id changes inside a multi-entry file.
    let multi = root.join("content/objections/competition.yaml");
    let text = fs::read_to_string(&multi).expect("reads");
    fs::write(
        &multi,
        text.replacen("- id: locked-into-contract", "- id: locked-in", 1),
    )
    .expect("writes");
    assert!(!rerendered(&load(&root)));
    fs::write(&multi, &text).expect("writes");

    // The configuration.
    let config = root.join("playbook.yaml");
    let text = fs::read_to_string(&config).expect("reads");
    fs::write(&config, format!("{text}\n# edited\n")).expect("writes");
    assert!(!rerendered(&load(&root)));
}

/// Sets the modification time of `path` to `ago` before now.
fn age(path: &Path, ago: std::time::Duration) {
    let when = std::time::SystemTime::now() - ago;
    fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(when))
        .expect("sets the time");
}

/// Writes `text` to `path` keeping its modification time (an edit a stamp cannot see).
fn write_keeping_time(path: &Path, text: &str) {
    let when = fs::metadata(path).and_then(|m| m.modified()).expect("time");
    fs::write(path, text).expect("writes");
    fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(when))
        .expect("sets the time");
}

/// A copy of the example whose content files were written an hour ago, so that their stamps are trusted.
fn aged_example() -> Tree {
    let tree = Tree::empty();
    copy_tree(&manifest(), tree.path());
    for entry in walkdir::WalkDir::new(tree.path().join("content")) {
        let entry = entry.expect("walks");
        if entry.file_type().is_file() {
            age(entry.path(), std::time::Duration::from_secs(3600));
        }
    }
    tree
}

/// Whether two loads give the same playbook, texts aside (a cached load keeps every file's text, a plain
/// one only some).
fn same(a: &Playbook, b: &Playbook) -> bool {
    let without_texts = |pb: &Playbook| {
        let mut pb = pb.clone();
        pb.files.iter_mut().for_each(|f| f.text = None);
        format!("{pb:?}")
    };
    without_texts(a) == without_texts(b)
}

#[test]
fn a_cached_load_reads_what_changed_and_equals_a_fresh_load() {
    use playbook::content::{load, load_cached, LoadCache};
    let tree = aged_example();
    let root = tree.path();
    let mut cache = LoadCache::default();
    let first = load_cached(root, &mut cache).expect("loads");
    assert!(same(&first, &load(root).expect("loads")));

    // The cache is used: an edit that keeps the length and the modification time is not seen.
    let segment = root.join("content/segments/smb.md");
    let text = fs::read_to_string(&segment).expect("reads");
    let sneaky = text.replacen("name: ", "name:\t", 1);
    assert_ne!(sneaky, text);
    write_keeping_time(&segment, &sneaky);
    let cached = load_cached(root, &mut cache).expect("loads");
    assert!(
        same(&cached, &first),
        "a file with the same stamp is not read again"
    );
    assert!(!same(&cached, &load(root).expect("loads")));
    write_keeping_time(&segment, &text);

    // An edit of the same length (the modification time tells), a new file, a removed one.
    let stage = root.join("content/stages/won.md");
    let text = fs::read_to_string(&stage).expect("reads");
    fs::write(&stage, text.replacen("title: Won", "title: Wox", 1)).expect("writes");
    fs::write(
        root.join("content/segments/startups.md"),
        "---\nname: Startups\n---\nYoung.\n",
    )
    .expect("writes");
    fs::remove_file(root.join("content/personas/coach.md")).expect("removes");
    let second = load_cached(root, &mut cache).expect("loads");
    let fresh = load(root).expect("loads");
    assert!(same(&second, &fresh));
    assert!(!same(&second, &first));
    assert!(
        second.stages.iter().any(|s| s.title == "Wox"),
        "the same-length edit is seen"
    );
    assert!(second.segments.iter().any(|s| s.meta.id == "startups"));
    assert!(!second.personas.iter().any(|p| p.meta.id == "coach"));

    // A file written just now is read again even when a second write keeps its stamp (a coarse clock):
    // its stamp is not trusted yet.
    fs::write(&stage, text.replacen("title: Won", "title: Woy", 1)).expect("writes");
    let third = load_cached(root, &mut cache).expect("loads");
    assert!(third.stages.iter().any(|s| s.title == "Woy"));
    write_keeping_time(&stage, &text.replacen("title: Won", "title: Woz", 1));
    let fourth = load_cached(root, &mut cache).expect("loads");
    assert!(
        fourth.stages.iter().any(|s| s.title == "Woz"),
        "a racy file is read again"
    );
}

/// After a save that `serve`'s watcher reports, a load reads the files it names and trusts the rest: it
/// equals a fresh load; a file the watcher did not name keeps its cached result (no look at its stamp);
/// and a named file the last walk did not find (new) or that is gone makes it walk `content/` again.
#[test]
fn a_load_of_the_changed_files_equals_a_fresh_load() {
    use playbook::content::{load, load_cached, load_changed, LoadCache};
    let tree = aged_example();
    let root = tree.path();
    let changed = |paths: &[&str]| -> Vec<String> { paths.iter().map(|p| p.to_string()).collect() };
    // A problem of the tree, which the walk reports: a load that does not walk keeps it.
    fs::create_dir_all(root.join("content/widgets")).expect("creates");
    fs::write(root.join("content/widgets/a.md"), "---\nname: A\n---\n").expect("writes");
    let mut cache = LoadCache::default();
    let first = load_cached(root, &mut cache).expect("loads");
    assert!(
        format!("{:?}", first.diagnostics).contains("content/widgets/a.md"),
        "{:?}",
        first.diagnostics
    );

    // Replaces the first `from` in the file at `path` with `to`.
    let edit = |path: &str, from: &str, to: &str| {
        let text = fs::read_to_string(root.join(path)).expect("reads");
        assert!(text.contains(from), "{path} holds {from:?}");
        fs::write(root.join(path), text.replacen(from, to, 1)).expect("writes");
    };

    // A named file is read: the result is a fresh load's.
    let stage = "content/stages/won.md";
    edit(stage, "title: Won", "title: Wox");
    let edited = load_changed(root, &mut cache, &changed(&[stage])).expect("loads");
    assert!(same(&edited, &load(root).expect("loads")));
    assert!(edited.stages.iter().any(|s| s.title == "Wox"));

    // A file not named keeps its cached result, even with a new stamp: the watcher is trusted.
    let segment = "content/segments/smb.md";
    edit(segment, "name: ", "name: Renamed ");
    let trusted = load_changed(root, &mut cache, &changed(&[stage])).expect("loads");
    let fresh = load(root).expect("loads");
    assert!(!same(&trusted, &fresh), "the unnamed file was read");
    assert!(same(&trusted, &edited));
    // Named, it is read.
    let named = load_changed(root, &mut cache, &changed(&[segment])).expect("loads");
    assert!(same(&named, &fresh));

    // A new file and a removed one, named: `content/` is walked again.
    let new = "content/segments/startups.md";
    fs::write(root.join(new), "---\nname: Startups\n---\nYoung.\n").expect("writes");
    let added = load_changed(root, &mut cache, &changed(&[new])).expect("loads");
    assert!(same(&added, &load(root).expect("loads")));
    assert!(added.segments.iter().any(|s| s.meta.id == "startups"));
    let gone = "content/personas/coach.md";
    fs::remove_file(root.join(gone)).expect("removes");
    let removed = load_changed(root, &mut cache, &changed(&[gone])).expect("loads");
    assert!(same(&removed, &load(root).expect("loads")));
    assert!(!removed.personas.iter().any(|p| p.meta.id == "coach"));
    assert!(!same(&removed, &first));
}

/// An edit of one objection's answer renders again the pages that show it, and not the entry pages that do
/// not: an entry page that records a read of the whole playbook (as the "Updated" line did, through the
/// Git history) would make every edit render the whole site, which the byte-for-byte oracle cannot see.
#[test]
fn an_edit_renders_only_the_pages_that_show_it() {
    let tree = Tree::empty();
    copy_tree(&manifest(), tree.path());
    let root = tree.path().to_path_buf();
    let (old, report) = check_root(&root, options()).expect("loads");
    let theme = Theme::load(&root, &old.config.theme).expect("theme");
    let previous = render_site(&old, &report, &theme).expect("renders");

    let file = root.join("content/objections/pricing/too-expensive.md");
    let text = fs::read_to_string(&file).expect("reads");
    fs::write(&file, format!("{text}\nOne more line of the answer.\n")).expect("writes");
    let (pb, report) = check_root(&root, options()).expect("loads");
    let next = rerender(&previous, &old, &pb, &report, &theme)
        .expect("renders")
        .expect("the shape did not change");

    let same = |path: &str| {
        let find = |site: &Site| {
            let i = site
                .files
                .binary_search_by(|(p, _)| p.as_str().cmp(path))
                .unwrap_or_else(|_| panic!("{path} is in the site"));
            site.files[i].1.clone()
        };
        std::sync::Arc::ptr_eq(&find(&previous), &find(&next))
    };
    assert!(!same("objections/too-expensive.html"), "the edited page");
    // Entry pages that do not mention the objection keep their bytes without being rendered again.
    let untouched: Vec<&str> = [
        "personas/coach.html",
        "stages/won.html",
        "segments/family.html",
    ]
    .into_iter()
    .filter(|path| {
        let html = previous.get(path).expect("in the site");
        !String::from_utf8_lossy(html).contains("too-expensive")
    })
    .collect();
    assert!(
        untouched.len() >= 2,
        "pages that do not show the objection: {untouched:?}"
    );
    for path in &untouched {
        assert!(same(path), "{path} was rendered again");
    }
    let entry_pages = |site: &Site| -> Vec<String> {
        site.files
            .iter()
            .filter(|(p, _)| {
                [
                    "objections/",
                    "stages/",
                    "segments/",
                    "personas/",
                    "selling-points/",
                ]
                .iter()
                .any(|k| p.starts_with(k))
                    && !p.ends_with("/index.html")
            })
            .map(|(p, _)| p.clone())
            .collect()
    };
    let rendered = entry_pages(&next).into_iter().filter(|p| !same(p)).count();
    let all = entry_pages(&next).len();
    let again: Vec<String> = entry_pages(&next)
        .into_iter()
        .filter(|p| !same(p))
        .collect();
    assert!(
        rendered * 2 < all,
        "{rendered} of {all} entry pages rendered again: {again:?}"
    );
}

#[test]
fn an_edit_of_an_objection_renders_again_only_the_drill_and_versions_files_that_hold_it() {
    let dir = Tree::empty();
    let options = CorpusOptions {
        entries: 600,
        seed: 5,
        ..Default::default()
    };
    generate(dir.path(), &options).expect("generates");
    let root = dir.path().to_path_buf();
    let (old, report) = check_root(&root, self::options()).expect("loads");
    let theme = Theme::load(&root, &old.config.theme).expect("theme");
    let previous = render_site(&old, &report, &theme).expect("renders");

    // An objection past the first chunk of the drill (which `drill.html` carries).
    let o = &old.objections[old.objections.len() / 2];
    let path = root.join(&o.meta.file);
    let text = fs::read_to_string(&path).expect("reads");
    let edited = text.replacen(
        &format!("objection: \"{}", o.objection),
        &format!("objection: \"{} (edited)", o.objection),
        1,
    );
    assert_ne!(edited, text, "the objection's words are in its file");
    fs::write(&path, edited).expect("writes");
    let (pb, report) = check_root(&root, self::options()).expect("loads");
    let site = rerender(&previous, &old, &pb, &report, &theme)
        .expect("renders")
        .expect("the shape is the same");

    let quoted = format!("\"{}\"", o.meta.id);
    let drill: Vec<&(String, std::sync::Arc<Vec<u8>>)> = site
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("drill/"))
        .collect();
    let again: Vec<&str> = drill
        .iter()
        .filter(|(p, b)| {
            previous
                .files
                .iter()
                .find(|(q, _)| q == p)
                .is_none_or(|(_, old)| !std::sync::Arc::ptr_eq(old, b))
        })
        .map(|(p, _)| p.as_str())
        .collect();
    let holding: Vec<&str> = drill
        .iter()
        .filter(|(_, b)| String::from_utf8_lossy(b).contains(&quoted))
        .map(|(p, _)| p.as_str())
        .collect();
    // A narrowed drill's chunks (`drill/stages/<id>.js`, `<id>.1.js`, …) are rendered together.
    let scope = |p: &str| {
        let scoped = ["drill/stages/", "drill/segments/", "drill/paths/"]
            .iter()
            .any(|f| p.starts_with(f));
        match p.split_once('.') {
            Some((base, _)) if scoped => base.to_string(),
            _ => p.to_string(),
        }
    };
    for p in &holding {
        assert!(
            again.contains(p),
            "{p} holds the card and was not rendered again"
        );
    }
    for p in &again {
        assert!(
            holding.iter().any(|h| scope(h) == scope(p)),
            "{p} was rendered again, and neither it nor a chunk of its drill holds the card"
        );
    }
    // The versions of the "Updated" badges: the one shard that holds the objection's (the shards' digests,
    // `versions/digests.js`, are made again after every edit, like `versions.js`).
    let shard = |(p, b): &&(String, std::sync::Arc<Vec<u8>>)| {
        p.starts_with("versions/v").then(|| (p.clone(), b.clone()))
    };
    let versions: Vec<(String, std::sync::Arc<Vec<u8>>)> =
        site.files.iter().filter_map(|f| shard(&f)).collect();
    assert!(versions.len() > 1, "{} versions shards", versions.len());
    let key = format!("\"objection/{}\"", o.meta.id);
    for (p, b) in &versions {
        let before = previous.files.iter().find(|(q, _)| q == p).map(|(_, b)| b);
        let rendered = before.is_none_or(|old| !std::sync::Arc::ptr_eq(old, b));
        assert_eq!(
            rendered,
            String::from_utf8_lossy(b).contains(&key),
            "{p}: rendered again exactly when it holds {key}"
        );
    }
    assert!(
        again.len() >= 3 && again.len() * 10 < drill.len(),
        "{} of {} drill files rendered again: {again:?}",
        again.len(),
        drill.len()
    );
}

/// Loads and checks the playbook at `root` as `serve` does, with its Git history.
fn check_in_git(root: &Path) -> (Playbook, Report) {
    let mut pb = playbook::content::load_cached(root, &mut playbook::content::LoadCache::default())
        .expect("loads");
    pb.history = playbook::content::History::read(root).expect("reads the history");
    let report = check(&pb, options());
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
    (pb, report)
}

/// A change of the Git history that comes with an edit (the first edit of a committed file, then its
/// commit) renders the edited file's pages again, as an edit does, instead of the whole site; and the
/// result is what a full render gives, "Updated" line included.
#[test]
fn an_edit_that_changes_a_files_last_change_renders_as_an_edit() {
    let tree = Tree::empty();
    copy_tree(&manifest(), tree.path());
    let root = tree.path().to_path_buf();
    common::git::init(&root);
    common::git::commit_all(&root, "2026-01-10", "The first playbook");
    let (old, report) = check_in_git(&root);
    let theme = Theme::load(&root, &old.config.theme).expect("theme");
    let previous = render_site(&old, &report, &theme).expect("renders");
    let page = "objections/too-expensive.html";
    let file = root.join("content/objections/pricing/too-expensive.md");
    let text = fs::read_to_string(&file).expect("reads");

    // Each step changes the file's last change only: it renders as an edit of that file does, and gives
    // what a full render gives.
    let step =
        |previous: &Site, before: &Playbook, after: &Playbook, report: &Report, what: &str| {
            assert_eq!(
                before.history.differing(&after.history),
                ["content/objections/pricing/too-expensive.md"],
                "{what}"
            );
            let site = rerender(previous, before, after, report, &theme)
                .expect("renders")
                .unwrap_or_else(|| panic!("{what}: one file changed, the shape did not"));
            let whole = render_site(after, report, &theme).expect("renders");
            assert!(
                site.with_search_index(Vec::new()) == whole.with_search_index(Vec::new()),
                "{what}: the site differs from a full render"
            );
            site
        };
    // The first edit since the commit: the file is now uncommitted. Then its commit, on a later day.
    fs::write(&file, format!("{text}\nOne more line of the answer.\n")).expect("writes");
    let (edited, report) = check_in_git(&root);
    let after_edit = step(
        &previous,
        &old,
        &edited,
        &report,
        "the first edit since a commit",
    );
    assert_ne!(previous.get(page), after_edit.get(page));
    common::git::commit_all(&root, "2026-02-03", "A shorter answer to the price");
    let (committed, report) = check_in_git(&root);
    let after_commit = step(&after_edit, &edited, &committed, &report, "the commit");
    let html = String::from_utf8_lossy(after_commit.get(page).expect("the page"));
    assert!(
        html.contains("2026-02-03"),
        "the page shows the commit's date"
    );
}
