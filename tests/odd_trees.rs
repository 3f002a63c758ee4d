//! Odd file trees the loader meets in real repositories: a layout path of the wrong type (`playbook.yaml`
//! a folder, `content/objections` a file), symbolic links leading out of the playbook, and file names and
//! ids spelled in different Unicode normalization forms (NFC and NFD).

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use common::{expect_clean, expect_one, with_code, Tree, TODAY};
use playbook::check::{check_root, CheckOptions, Report};
use playbook::content::{Date, Playbook};
use playbook::diagnostic::{Code, Diagnostic};
use playbook::render::render_site;
use playbook::theme::Theme;

fn bin() -> Command {
    let mut cmd = Command::cargo_bin("playbook").expect("binary");
    cmd.env("PLAYBOOK_TODAY", TODAY).env_remove("NO_COLOR");
    cmd
}

fn load(tree: &Tree) -> (Playbook, Report) {
    let today = Date::parse(TODAY).expect("date");
    check_root(tree.path(), CheckOptions { today }).expect("loads")
}

/// Every file, folder and symbolic link under `dir` (links not followed), with the bytes of files and the
/// targets of links: what must be the same before and after a command that may not write the sources.
fn snapshot(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.expect("walk");
        let rel = e.path().strip_prefix(dir).expect("inside");
        let rel = rel.to_string_lossy().into_owned();
        let what = if e.path_is_symlink() {
            format!(
                "link {:?}",
                std::fs::read_link(e.path()).expect("read link")
            )
        } else if e.file_type().is_dir() {
            "folder".to_string()
        } else {
            format!("file {:?}", std::fs::read(e.path()).expect("read"))
        };
        out.insert(rel, what);
    }
    out
}

/// Runs `playbook check` and `playbook build` on `tree`; asserts both exit with `code`, that build wrote
/// no site and no source changed; returns check's stderr.
#[track_caller]
fn check_and_build_exit(tree: &Tree, code: i32) -> String {
    let before = snapshot(tree.path());
    let check = bin()
        .args(["check", "--color", "never", "--root"])
        .arg(tree.path())
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&check.stderr).into_owned();
    assert_eq!(check.status.code(), Some(code), "check: {stderr}");
    let out = tempfile::tempdir().expect("temp");
    let site = out.path().join("site");
    let build = bin()
        .args(["build", "--color", "never", "--root"])
        .arg(tree.path())
        .arg("--output")
        .arg(&site)
        .output()
        .expect("runs");
    assert_eq!(
        build.status.code(),
        Some(code),
        "build: {}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(!site.exists(), "build wrote a site");
    assert_eq!(snapshot(tree.path()), before, "the sources changed");
    stderr
}

/// The one diagnostic of `code`, which must be about the whole of `file` (no position).
#[track_caller]
fn expect_whole_file<'a>(report: &'a Report, code: Code, file: &str) -> &'a Diagnostic {
    let found = with_code(report, code);
    assert_eq!(
        found.len(),
        1,
        "expected one `{code}`: {:#?}",
        report.diagnostics
    );
    assert_eq!(found[0].file, file, "{:#?}", found[0]);
    assert_eq!(found[0].pos, None, "{:#?}", found[0]);
    found[0]
}

fn ids(pb: &Playbook, kind: playbook::content::Kind) -> Vec<String> {
    pb.metas(kind).iter().map(|m| m.id.clone()).collect()
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

// ---- A layout path of the wrong type ----

#[test]
fn a_playbook_yaml_that_is_a_folder_is_an_io_error_and_exit_2() {
    let tree = Tree::minimal()
        .remove("playbook.yaml")
        .file("playbook.yaml/title.txt", "Minimal\n");
    let (_, report) = load(&tree);
    let d = expect_whole_file(&report, Code::IoError, "playbook.yaml");
    assert!(
        d.message
            .contains("`playbook.yaml` is a folder, not a file"),
        "{}",
        d.message
    );
    let stderr = check_and_build_exit(&tree, 2);
    assert!(stderr.contains("error[io-error]"), "{stderr}");
}

#[test]
fn a_kind_folder_that_is_a_file_is_an_io_error_and_exit_2() {
    let tree = Tree::minimal();
    std::fs::remove_dir_all(tree.path().join("content/objections")).expect("rm");
    let tree = tree.file(
        "content/objections",
        "objection: It's too expensive\nstages: [discovery]\n",
    );
    let (pb, report) = load(&tree);
    let d = expect_whole_file(&report, Code::IoError, "content/objections");
    assert!(
        d.message.contains("is a file, not a folder"),
        "{}",
        d.message
    );
    assert!(pb.objections.is_empty());
    check_and_build_exit(&tree, 2);
}

#[test]
fn a_content_or_static_that_is_a_file_is_an_io_error_and_exit_2() {
    for layout in ["content", "static"] {
        let mut tree = Tree::minimal();
        if layout == "content" {
            std::fs::remove_dir_all(tree.path().join("content")).expect("rm");
        }
        tree = tree.file(layout, "a file where a folder belongs\n");
        let (_, report) = load(&tree);
        let d = expect_whole_file(&report, Code::IoError, layout);
        assert!(
            d.message
                .contains(&format!("`{layout}` is a file, not a folder")),
            "{}",
            d.message
        );
        check_and_build_exit(&tree, 2);
    }
}

#[cfg(unix)]
#[test]
fn a_dangling_playbook_yaml_link_is_an_io_error() {
    let tree = Tree::minimal().remove("playbook.yaml");
    symlink(
        &tree.path().join("nowhere.yaml"),
        &tree.path().join("playbook.yaml"),
    );
    let (_, report) = load(&tree);
    let d = expect_whole_file(&report, Code::IoError, "playbook.yaml");
    assert!(
        d.message.contains("cannot read `playbook.yaml`"),
        "{}",
        d.message
    );
}

// ---- Symbolic links ----

const SECRET_OBJECTION: &str =
    "---\nobjection: Leaked\nstages: [discovery]\n---\nTOP-SECRET answer from outside.\n";

#[cfg(unix)]
#[test]
fn an_entry_linking_to_a_file_outside_the_playbook_is_refused_at_the_link() {
    let outside = Tree::empty().file("secret.md", SECRET_OBJECTION);
    let tree = Tree::minimal();
    let link = "content/objections/leak.md";
    symlink(&outside.path().join("secret.md"), &tree.path().join(link));
    let (pb, report) = load(&tree);
    let d = expect_whole_file(&report, Code::SymlinkOutside, link);
    assert_eq!(d.severity(), playbook::diagnostic::Severity::Error);
    assert_eq!(ids(&pb, playbook::content::Kind::Objection), ["price"]);
    assert!(pb.file(link).is_none(), "the link's target was read");
    assert_eq!(report.diagnostics.len(), 1, "{:#?}", report.diagnostics);
    let stderr = check_and_build_exit(&tree, 1);
    assert!(stderr.contains("error[symlink-outside]"), "{stderr}");
    assert!(!stderr.contains("TOP-SECRET"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn the_target_of_a_link_outside_is_never_read() {
    // Were it read, these bytes would give a `not-utf8` error.
    let outside = Tree::empty().bytes("binary.md", b"---\nobjection: \xff\xfe\n---\n");
    let tree = Tree::minimal();
    symlink(
        &outside.path().join("binary.md"),
        &tree.path().join("content/objections/binary.md"),
    );
    let (_, report) = load(&tree);
    expect_whole_file(
        &report,
        Code::SymlinkOutside,
        "content/objections/binary.md",
    );
    assert!(
        with_code(&report, Code::NotUtf8).is_empty(),
        "{:#?}",
        report.diagnostics
    );
}

#[cfg(unix)]
#[test]
fn a_kind_folder_or_content_linking_outside_is_refused_once_at_the_link() {
    let outside = Tree::empty()
        .file("objections/price.md", SECRET_OBJECTION)
        .file("objections/more.md", SECRET_OBJECTION);
    let tree = Tree::minimal();
    std::fs::remove_dir_all(tree.path().join("content/objections")).expect("rm");
    symlink(
        &outside.path().join("objections"),
        &tree.path().join("content/objections"),
    );
    let (pb, report) = load(&tree);
    expect_whole_file(&report, Code::SymlinkOutside, "content/objections");
    assert!(pb.objections.is_empty());

    // `content/` itself.
    let outside = Tree::minimal();
    let tree = Tree::empty().file("playbook.yaml", "title: Linked\n");
    symlink(
        &outside.path().join("content"),
        &tree.path().join("content"),
    );
    let (pb, report) = load(&tree);
    expect_whole_file(&report, Code::SymlinkOutside, "content");
    assert!(pb.stages.is_empty() && pb.objections.is_empty());
}

#[cfg(unix)]
#[test]
fn links_that_stay_inside_the_playbook_are_followed() {
    let tree = Tree::minimal()
        .file(
            "shared/more-objections/slow.md",
            "---\nobjection: Too slow\nstages: [discovery]\n---\nIt restores in minutes.\n",
        )
        .file(
            "shared/alias.md",
            SECRET_OBJECTION.replace("TOP-SECRET ", "").as_str(),
        );
    symlink(
        Path::new("../../shared/alias.md"),
        &tree.path().join("content/objections/alias.md"),
    );
    symlink(
        Path::new("../../shared/more-objections"),
        &tree.path().join("content/objections/more"),
    );
    let (pb, report) = load(&tree);
    expect_clean(&report);
    assert_eq!(
        ids(&pb, playbook::content::Kind::Objection),
        ["alias", "slow", "price"]
    );
    assert_eq!(pb.objections[0].meta.file, "content/objections/alias.md");
}

// ---- Unicode normalization of ids ----

/// `é` composed (NFC) and decomposed (NFD).
const CAFE_NFC: &str = "caf\u{e9}";
const CAFE_NFD: &str = "cafe\u{301}";
/// 한국, composed syllables (NFC) and conjoining jamo (NFD).
const KOREA_NFC: &str = "\u{d55c}\u{ad6d}";
const KOREA_NFD: &str = "\u{1112}\u{1161}\u{11ab}\u{1100}\u{116e}\u{11a8}";

fn objection(stages: &str) -> String {
    format!("---\nobjection: Another one\nstages: [{stages}]\n---\nAn answer.\n")
}

#[test]
fn an_nfd_file_name_gives_the_nfc_id_and_its_page_file() {
    assert_ne!(CAFE_NFC, CAFE_NFD);
    let nfd_file = format!("content/objections/{CAFE_NFD}.md");
    let tree = Tree::minimal()
        .file(&nfd_file, &objection("discovery"))
        // An NFC reference and an NFC body link to the NFD file.
        .file(
            "content/roleplays/cafe.md",
            &format!(
                "---\ntitle: Café\nquestions:\n  - prompt: Say it.\n    objection: {CAFE_NFC}\n    choices:\n      - Nothing\n      - {{text: Ask, correct: true}}\n---\n"
            ),
        )
        .file(
            "content/segments/smb.md",
            &format!("---\nname: Small business\n---\nSee [it](../objections/{CAFE_NFC}.md).\n"),
        );
    let (pb, report) = load(&tree);
    expect_clean(&report);
    let ids = ids(&pb, playbook::content::Kind::Objection);
    assert!(ids.iter().any(|id| id == CAFE_NFC), "{ids:?}");
    assert!(!ids.iter().any(|id| id == CAFE_NFD), "{ids:?}");

    let theme = Theme::builtin().expect("theme");
    let site = render_site(&pb, &report, &theme).expect("renders");
    assert!(site.get(&format!("objections/{CAFE_NFC}.html")).is_some());
    assert!(site.get(&format!("objections/{CAFE_NFD}.html")).is_none());
    let page = String::from_utf8(
        site.get("segments/smb.html")
            .expect("segment page")
            .to_vec(),
    )
    .expect("utf-8");
    // The body link is rewritten to the entry's page (`é` is C3 A9 in UTF-8).
    assert!(page.contains("caf%C3%A9.html"), "{page}");
}

#[test]
fn two_files_whose_names_normalise_alike_are_a_duplicate_id() {
    let nfc = format!("content/objections/{KOREA_NFC}.md");
    let nfd = format!("content/objections/{KOREA_NFD}.md");
    let tree = Tree::minimal()
        .file(&nfc, &objection("discovery"))
        .file(&nfd, &objection("discovery"));
    let (pb, report) = load(&tree);
    // Sorted by bytes, the NFD name (U+1112…) comes before the NFC one (U+D55C…): the NFC file is second.
    let d = expect_one(&report, Code::DuplicateId, &nfc, 2, None);
    assert!(d.message.contains(KOREA_NFC), "{}", d.message);
    let related = d.related.as_ref().expect("names the other file");
    assert_eq!(related.file, nfd);
    assert!(
        d.notes
            .iter()
            .any(|n| n.contains("NFC") && n.contains("\\u{1112}")),
        "{:?}",
        d.notes
    );
    let korea: Vec<String> = ids(&pb, playbook::content::Kind::Objection)
        .into_iter()
        .filter(|id| id != "price")
        .collect();
    assert_eq!(korea, [KOREA_NFC, KOREA_NFC]);
}

#[test]
fn id_references_and_id_fields_are_compared_in_nfc() {
    let tree = Tree::minimal()
        // A stage named in NFC on disk, referenced in NFD.
        .file(
            &format!("content/stages/{KOREA_NFC}.md"),
            "---\ntitle: Korea\norder: 2\nactions: [Call]\npersonas: [cfo]\n---\n",
        )
        .file(
            "content/objections/korea.md",
            &objection(&format!("discovery, {KOREA_NFD}")),
        )
        // A multi-entry file with an NFD `id`, and a body link to it with an NFC fragment.
        .file(
            "content/segments/more.yaml",
            &format!("- id: {CAFE_NFD}\n  name: Cafés\n"),
        )
        .file(
            "content/selling-points/fast.md",
            &format!(
                "---\ntitle: Restores in minutes\nsegments: [smb, {CAFE_NFC}]\n---\nFor [cafés](../segments/more.yaml#{CAFE_NFC}).\n"
            ),
        );
    let (pb, report) = load(&tree);
    expect_clean(&report);
    assert!(ids(&pb, playbook::content::Kind::Segment).contains(&CAFE_NFC.to_string()));
    assert_eq!(pb.objections[0].stages[1].id, KOREA_NFC);
}
