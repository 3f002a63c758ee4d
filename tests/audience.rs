//! Audiences (`visibility: public | internal`, `--audience`): a public build of both examples (each marks a
//! few entries internal) leaves no trace of the internal entries, links only to what it has, and a public
//! entry that names or links to an internal one is an `internal-reference` error at the place it does.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::{copy_dir, Tree};
use playbook::content::{load, plain::plain_text, Entry, Playbook, Visibility};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The two examples: the English one at the root of the repository, the Chinese one under `examples/`.
fn examples() -> [PathBuf; 2] {
    [manifest(), manifest().join("examples/zh-CN")]
}

fn bin() -> Command {
    let mut cmd = Command::cargo_bin("playbook").expect("binary");
    cmd.env("PLAYBOOK_TODAY", "2026-01-01").env("NO_COLOR", "1");
    cmd
}

/// A copy of the playbook at `root` (its `playbook.yaml`, `content/` and `static/`, not the repository
/// around the English example) in a temporary folder.
fn copy_playbook(root: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::copy(root.join("playbook.yaml"), dir.path().join("playbook.yaml")).expect("copy config");
    for sub in ["content", "static"] {
        if root.join(sub).is_dir() {
            copy_dir(&root.join(sub), &dir.path().join(sub));
        }
    }
    dir
}

/// Builds the playbook at `root` for `audience` into a temporary folder.
fn build(root: &Path, audience: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    bin()
        .args(["build", "--audience", audience, "--root"])
        .arg(root)
        .arg("--output")
        .arg(out.path())
        .assert()
        .success();
    out
}

/// Every file under `dir`, relative path → bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.expect("walk");
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(dir).expect("under");
            let rel = rel.to_string_lossy().replace('\\', "/");
            out.insert(rel, fs::read(e.path()).expect("read"));
        }
    }
    out
}

/// The internal entries of a loaded playbook.
fn internal(pb: &Playbook) -> Vec<Entry<'_>> {
    pb.entries()
        .filter(|e| pb.visibility(e.meta()) == Visibility::Internal)
        .collect()
}

/// The playbook at `root` with its internal entries deleted: their files, or, in a multi-entry YAML file,
/// their items (from the line of `- id: <id>` to the next item).
fn without_internal(root: &Path) -> tempfile::TempDir {
    let dir = copy_playbook(root);
    let pb = load(root).expect("loads");
    for e in internal(&pb) {
        let path = dir.path().join(&e.meta().file);
        if !e.meta().in_multi_file {
            fs::remove_file(&path).expect("remove");
            continue;
        }
        let text = fs::read_to_string(&path).expect("read");
        let start = text
            .find(&format!("- id: {}\n", e.id()))
            .expect("the item starts with its id");
        let end = text[start + 2..]
            .find("\n- ")
            .map_or(text.len(), |i| start + 2 + i + 1);
        fs::write(&path, format!("{}{}", &text[..start], &text[end..])).expect("write");
    }
    dir
}

#[test]
fn each_example_marks_some_entries_internal_and_checks_clean_for_both_audiences() {
    for root in examples() {
        let pb = load(&root).expect("loads");
        assert!(
            internal(&pb).len() >= 3,
            "{}: the example marks entries internal",
            root.display()
        );
        assert!(internal(&pb).len() < pb.entries().count() / 2);
        for audience in ["internal", "public"] {
            bin()
                .args(["check", "--strict", "--audience", audience, "--root"])
                .arg(&root)
                .assert()
                .success();
        }
    }
}

/// The strongest form of "no trace": every output file of the public build, search shards included, is
/// byte for byte what a build of the same tree with the internal entries deleted gives. A hashed search
/// term, a count on the overview or a list item left by an internal entry would make them differ.
#[test]
fn a_public_build_is_the_build_of_the_tree_without_its_internal_entries() {
    for root in examples() {
        // Both built outside Git (the examples are in the repository's history, the pruned copy is not):
        // the dates and the changes page then come from the same (empty) history.
        let copy = copy_playbook(&root);
        let public = files(build(copy.path(), "public").path());
        let pruned = without_internal(&root);
        let expected = files(build(pruned.path(), "internal").path());
        let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
        assert_eq!(names(&public), names(&expected), "{}", root.display());
        for (path, bytes) in &public {
            assert!(
                expected[path] == *bytes,
                "{}: `{path}` differs from the build without the internal entries",
                root.display()
            );
        }
        // And it is not the whole site: the internal build has more.
        assert!(files(build(&root, "internal").path()).len() > public.len());
    }
}

/// Output text with the escapes the site uses undone (HTML entities, JSON string escapes), so that a
/// title with an apostrophe or a quote is found however it was written.
fn readable(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("\\\"", "\"")
        .replace("&amp;", "&")
}

/// What an internal entry says that would reveal it: its title (an objection's words), an objection's
/// aliases, and the sentences of its answer, body and other Markdown texts (at least 12 characters, so
/// that no common word is taken for a leak).
fn needles(e: Entry<'_>) -> (Vec<String>, Vec<String>) {
    let mut names = vec![e.title().to_string()];
    if let Entry::Objection(o) = e {
        names.extend(o.aliases.iter().cloned());
    }
    let mut sentences = Vec::new();
    for t in e.texts() {
        for s in plain_text(&t.markdown.text)
            .split(['.', '!', '?', '"', '。', '！', '？', '“', '”', '，'])
        {
            let s = s.trim();
            if s.chars().count() >= 12 {
                sentences.push(s.to_string());
            }
        }
    }
    (names, sentences)
}

#[test]
fn no_output_file_of_a_public_build_holds_a_title_alias_or_answer_of_an_internal_entry() {
    for root in examples() {
        let pb = load(&root).expect("loads");
        let public = files(build(&root, "public").path());
        let everything = files(build(&root, "internal").path());
        let public: Vec<(String, String)> =
            public.into_iter().map(|(p, b)| (p, readable(&b))).collect();
        let everything: Vec<String> = everything.values().map(|b| readable(b)).collect();
        // What public entries say too (the same opening line in two answers) is no leak: the build of the
        // tree without the internal entries holds it.
        let pruned = without_internal(&root);
        let shared: Vec<String> = files(build(pruned.path(), "internal").path())
            .values()
            .map(|b| readable(b))
            .collect();
        let own = |needle: &String| !shared.iter().any(|t| t.contains(needle.as_str()));
        assert!(public.iter().any(|(p, _)| p.starts_with("search/")));
        let (mut found_sentences, mut sentences) = (0, 0);
        for e in internal(&pb) {
            let (names, texts) = needles(e);
            let (names, texts): (Vec<String>, Vec<String>) = (
                names.into_iter().filter(own).collect(),
                texts.into_iter().filter(own).collect(),
            );
            assert!(
                !names.is_empty(),
                "{}: the title of `{}` is its own",
                root.display(),
                e.id()
            );
            for needle in names.iter().chain(&texts) {
                for (path, text) in &public {
                    assert!(
                        !text.contains(needle.as_str()),
                        "{}: `{path}` of the public build holds `{needle}` of internal {} `{}`",
                        root.display(),
                        e.kind().name(),
                        e.id()
                    );
                }
            }
            // The needles are real: the internal build shows every title and alias, and sentences.
            for name in &names {
                assert!(
                    everything.iter().any(|t| t.contains(name.as_str())),
                    "`{name}` is in the internal build"
                );
            }
            sentences += texts.len();
            found_sentences += texts
                .iter()
                .filter(|s| everything.iter().any(|t| t.contains(s.as_str())))
                .count();
        }
        assert!(
            sentences > 5 && found_sentences * 2 > sentences,
            "{}: {found_sentences} of {sentences} sentences found in the internal build",
            root.display()
        );
    }
}

/// The values of `attr="..."` in `html`, `&amp;` decoded.
fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(end) = rest.find('"') {
            out.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    out
}

#[test]
fn every_local_link_of_a_public_build_resolves() {
    for root in examples() {
        let site = files(build(&root, "public").path());
        let mut problems = Vec::new();
        let mut checked = 0;
        for (path, bytes) in &site {
            if !path.ends_with(".html") {
                continue;
            }
            let html = String::from_utf8_lossy(bytes);
            for link in attr_values(&html, "href")
                .into_iter()
                .chain(attr_values(&html, "src"))
            {
                // Fragments of the same page, and other schemes (`https:`, `mailto:`).
                if link.starts_with('#') || link.split('/').next().is_some_and(|s| s.contains(':'))
                {
                    continue;
                }
                let target = link.split(['#', '?']).next().unwrap_or("");
                let mut parts: Vec<String> = path.split('/').map(String::from).collect();
                parts.pop();
                for seg in playbook::content::markdown::percent_decode(target).split('/') {
                    match seg {
                        ".." => {
                            parts.pop();
                        }
                        "." | "" => {}
                        s => parts.push(s.to_string()),
                    }
                }
                let resolved = parts.join("/");
                checked += 1;
                if !site.contains_key(&resolved) {
                    problems.push(format!("{path}: `{link}` → `{resolved}` does not exist"));
                }
            }
        }
        assert!(checked > 100, "{checked} links checked");
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}

/// A public playbook with one internal objection, named by a public role-play's question (line 6,
/// column 16) and linked to from a public segment's body (line 5, at the link's destination, column 10).
fn leaking() -> Tree {
    Tree::minimal()
        .file("playbook.yaml", "title: Minimal\nvisibility: public\n")
        .file(
            "content/objections/secret.md",
            "---\nobjection: Our margin floor is 40%\nvisibility: internal\nstages: [discovery]\n---\nNever go below it.\n",
        )
        .file(
            "content/roleplays/leak.md",
            "---\ntitle: Leak\nquestions:\n  - prompt: Why?\n    model_answer: Because.\n    objection: secret\n---\n",
        )
        .file(
            "content/segments/smb.md",
            "---\nname: Small business\nmode: intensive\n---\nSee [it](../objections/secret.md).\n",
        )
}

#[test]
fn a_public_entry_naming_or_linking_to_an_internal_one_is_an_internal_reference_at_the_place() {
    let tree = leaking();
    let out = bin()
        .args([
            "check",
            "--format",
            "json",
            "--audience",
            "public",
            "--root",
        ])
        .arg(tree.path())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).expect("json");
    let found = diagnostics_of(&out);
    // Nothing else: the reference names nothing in the public playbook, but it is one problem, not also
    // an `unknown-reference` or a `broken-link`.
    assert_eq!(
        found,
        vec![
            (
                "internal-reference".to_string(),
                "content/roleplays/leak.md".to_string(),
                6,
                16
            ),
            (
                "internal-reference".to_string(),
                "content/segments/smb.md".to_string(),
                5,
                10
            ),
        ]
    );
    assert_eq!(json["errors"], 2);
    let message = json["diagnostics"][0]["message"].as_str().unwrap_or("");
    assert!(message.contains("`secret`"), "{message}");
    // For the team, nothing is wrong; a public build is refused and writes nothing.
    bin()
        .args(["check", "--root"])
        .arg(tree.path())
        .assert()
        .success();
    let out = tempfile::tempdir().expect("temp dir");
    let site = out.path().join("site");
    bin()
        .args(["build", "--audience", "public", "--root"])
        .arg(tree.path())
        .arg("--output")
        .arg(&site)
        .assert()
        .code(1);
    assert!(!site.exists());
}

#[test]
fn entries_are_internal_unless_the_playbook_or_the_entry_says_public() {
    // No `visibility` anywhere: nothing is public.
    let tree = Tree::minimal();
    let site = build(tree.path(), "public");
    let pages = files(site.path());
    for page in [
        "segments/smb.html",
        "personas/cfo.html",
        "selling-points/fast.html",
        "stages/discovery.html",
        "objections/price.html",
        "roleplays/basics.html",
    ] {
        assert!(!pages.contains_key(page), "{page}");
    }
    // (The same pages exist in the internal build.)
    let all = files(build(tree.path(), "internal").path());
    assert!(all.contains_key("segments/smb.html") && all.contains_key("roleplays/basics.html"));
    // One entry says public: it is the only one.
    let tree = Tree::minimal().file(
        "content/personas/cfo.md",
        "---\nname: CFO\nrole: economic-buyer\nvisibility: public\n---\nSigns the cheque.\n",
    );
    let site = files(build(tree.path(), "public").path());
    assert!(site.contains_key("personas/cfo.html"));
    assert!(!site.contains_key("objections/price.html"));
    assert!(!site.contains_key("segments/smb.html"));
}

#[test]
fn a_file_only_an_internal_entry_links_to_is_not_copied_into_a_public_site() {
    let tree = Tree::minimal()
        .file("playbook.yaml", "title: Minimal\nvisibility: public\n")
        .file(
            "content/objections/secret.md",
            "---\nobjection: Our margin floor\nvisibility: internal\nstages: [discovery]\n---\nSee [the margins](../../files/margins.txt).\n",
        )
        .file("files/margins.txt", "40% at least\n");
    let public = files(build(tree.path(), "public").path());
    assert!(!public.contains_key("files/margins.txt"));
    assert!(!public.contains_key("objections/secret.html"));
    let all = files(build(tree.path(), "internal").path());
    assert!(all.contains_key("files/margins.txt"));
}

#[test]
fn a_visibility_that_is_neither_public_nor_internal_is_an_invalid_value_and_reads_as_internal() {
    let tree = Tree::minimal()
        .file("playbook.yaml", "title: Minimal\nvisibility: everyone\n")
        .file(
            "content/personas/cfo.md",
            "---\nname: CFO\nvisibility: Public\n---\nSigns the cheque.\n",
        );
    let out = bin()
        .args(["check", "--format", "json", "--root"])
        .arg(tree.path())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let found = diagnostics_of(&out);
    assert_eq!(
        found,
        vec![
            (
                "invalid-value".to_string(),
                "content/personas/cfo.md".to_string(),
                3,
                13
            ),
            (
                "invalid-value".to_string(),
                "playbook.yaml".to_string(),
                2,
                13
            ),
        ]
    );
    let pb = load(tree.path()).expect("loads");
    assert_eq!(pb.config.visibility, Visibility::Internal);
    let cfo = pb
        .personas
        .iter()
        .find(|p| p.meta.id == "cfo")
        .expect("cfo");
    assert_eq!(cfo.meta.visibility, Some(Visibility::Internal));
}

/// The `(code, file, line, column)` of every diagnostic in `check --format json`'s output.
fn diagnostics_of(out: &[u8]) -> Vec<(String, String, u64, u64)> {
    let json: serde_json::Value = serde_json::from_slice(out).expect("json");
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}
