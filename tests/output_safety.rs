//! `playbook build` never deletes what it did not write: every output path a user could mistype is tried
//! on a copy of the example playbook, and every byte of the tree (files, folders, links) is compared
//! before and after. Interrupted builds leave the previous site and are cleaned up by the next one.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use assert_cmd::Command;
use common::copy_dir;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> Command {
    let mut cmd = Command::cargo_bin("playbook").expect("binary");
    cmd.env("PLAYBOOK_TODAY", "2026-01-01").env("NO_COLOR", "1");
    cmd
}

/// A copy of the example playbook in a temporary folder, at `<tmp>/pb`.
fn example() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("pb");
    copy_dir(&manifest().join("content"), &root.join("content"));
    fs::copy(manifest().join("playbook.yaml"), root.join("playbook.yaml")).expect("copy");
    (dir, root)
}

/// What a node of a tree is: a file's bytes, a folder, or a link's target.
#[derive(Debug, PartialEq, Eq)]
enum Node {
    File(Vec<u8>),
    Dir,
    Link(PathBuf),
}

/// Every file, folder and link under `dir` (links not followed).
fn tree(dir: &Path) -> BTreeMap<String, Node> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.expect("walk");
        let rel = e
            .path()
            .strip_prefix(dir)
            .expect("under")
            .to_string_lossy()
            .into_owned();
        let node = if e.path_is_symlink() {
            Node::Link(fs::read_link(e.path()).expect("readlink"))
        } else if e.file_type().is_dir() {
            Node::Dir
        } else {
            Node::File(fs::read(e.path()).expect("read"))
        };
        out.insert(rel, node);
    }
    out
}

/// Builds the playbook at `root` into `out`, which must succeed.
#[track_caller]
fn build_into(root: &Path, out: &Path) {
    bin()
        .current_dir(root)
        .args(["build", "--output"])
        .arg(out)
        .assert()
        .success();
}

/// Runs `build` with `args` in `root`, expects exit status 2, a message naming the refusal and every
/// file, folder and link under `dir` (the temporary folder holding the playbook) as it was, and returns
/// stderr.
#[track_caller]
fn refused(dir: &Path, root: &Path, args: &[&str]) -> String {
    let before = tree(dir);
    let assert = bin()
        .current_dir(root)
        .arg("build")
        .args(args)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("refusing to write the site to"),
        "a clear refusal: {stderr}"
    );
    assert_eq!(tree(dir), before, "`build {args:?}` changed files");
    stderr
}

#[test]
fn output_into_the_sources_is_refused_and_nothing_changes() {
    let (dir, root) = example();
    for output in [
        "content",
        "content/objections",
        "content/new-folder",
        "playbook.yaml",
        ".",
        "..",
    ] {
        let stderr = refused(dir.path(), &root, &["--output", output]);
        assert!(
            stderr.contains("choose") || stderr.contains("move"),
            "says what to do ({output}): {stderr}"
        );
    }
}

#[test]
fn a_source_file_at_the_output_path_is_refused() {
    let (dir, root) = example();
    let file = root.join("content/objections/already-have-backup.md");
    assert!(file.is_file(), "the example has this objection");
    let stderr = refused(
        dir.path(),
        &root,
        &["--output", "content/objections/already-have-backup.md"],
    );
    assert!(
        stderr.contains("already-have-backup.md"),
        "names it: {stderr}"
    );
    // A regular file outside the playbook, too.
    let outside = dir.path().join("notes.txt");
    fs::write(&outside, "mine").expect("write");
    let stderr = refused(
        dir.path(),
        &root,
        &["--output", outside.to_str().expect("utf-8")],
    );
    assert!(stderr.contains("a file is there"), "{stderr}");
}

#[test]
fn a_folder_of_the_users_files_is_refused() {
    let (dir, root) = example();
    let mine = dir.path().join("my-docs");
    fs::create_dir_all(mine.join("deep")).expect("mkdir");
    fs::write(mine.join("letter.txt"), "keep me").expect("write");
    fs::write(mine.join("deep/index.html"), "<p>my own page</p>").expect("write");
    let stderr = refused(
        dir.path(),
        &root,
        &["--output", mine.to_str().expect("utf-8")],
    );
    assert!(stderr.contains("my-docs"), "names the folder: {stderr}");
    assert!(stderr.contains(".playbook-site"), "says why: {stderr}");
}

#[test]
fn output_content_in_playbook_yaml_is_refused() {
    let (dir, root) = example();
    let config = fs::read_to_string(root.join("playbook.yaml")).expect("read");
    fs::write(
        root.join("playbook.yaml"),
        format!("{config}\noutput: content\n"),
    )
    .expect("write");
    refused(dir.path(), &root, &[]);
}

#[cfg(unix)]
#[test]
fn a_public_link_into_the_sources_is_refused() {
    let (dir, root) = example();
    std::os::unix::fs::symlink("content", root.join("public")).expect("symlink");
    let stderr = refused(dir.path(), &root, &[]);
    assert!(stderr.contains("content"), "{stderr}");
    // A link to nothing is refused too, and left as it is.
    fs::remove_file(root.join("public")).expect("rm");
    std::os::unix::fs::symlink("/nonexistent/site", root.join("public")).expect("symlink");
    refused(dir.path(), &root, &[]);
}

#[cfg(unix)]
#[test]
fn a_link_to_an_earlier_site_is_followed_and_the_link_kept() {
    let (dir, root) = example();
    let site = dir.path().join("www");
    build_into(&root, &site);
    std::os::unix::fs::symlink(&site, root.join("public")).expect("symlink");
    fs::write(site.join("stale.html"), "from an earlier build").expect("write");
    bin().current_dir(&root).arg("build").assert().success();
    assert!(fs::symlink_metadata(root.join("public"))
        .expect("link")
        .file_type()
        .is_symlink());
    assert!(site.join("index.html").is_file());
    assert!(
        !site.join("stale.html").exists(),
        "the site was replaced whole"
    );
}

#[test]
fn empty_missing_and_marked_folders_are_written() {
    let (dir, root) = example();
    // Missing, several levels deep.
    let deep = dir.path().join("a/b/site");
    build_into(&root, &deep);
    assert!(deep.join("index.html").is_file());
    let marker = fs::read_to_string(deep.join(".playbook-site")).expect("the marker");
    assert!(marker.contains("playbook build"), "{marker}");
    // Empty.
    let empty = dir.path().join("empty");
    fs::create_dir(&empty).expect("mkdir");
    build_into(&root, &empty);
    assert!(empty.join("index.html").is_file());
    // Marked by the earlier build: replaced, files of the earlier build gone.
    fs::write(deep.join("old-page.html"), "x").expect("write");
    build_into(&root, &deep);
    assert!(!deep.join("old-page.html").exists());
    assert!(deep.join(".playbook-site").is_file());
    let leftovers: Vec<String> = fs::read_dir(dir.path().join("a/b"))
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(leftovers, ["site"], "no temporary folders beside the site");
}

#[test]
fn a_static_file_cannot_overwrite_the_marker() {
    let (_dir, root) = example();
    fs::create_dir_all(root.join("static")).expect("mkdir");
    fs::write(root.join("static/.playbook-site"), "forged").expect("write");
    bin().current_dir(&root).arg("build").assert().success();
    let marker = fs::read_to_string(root.join("public/.playbook-site")).expect("marker");
    assert!(
        marker.contains("playbook build"),
        "build's own marker: {marker}"
    );
}

/// A process id that no process has now (the highest pid Linux allows is 4,194,304).
const DEAD_PID: u32 = 4_194_999;

#[test]
fn leftovers_of_interrupted_builds_are_removed_and_foreign_folders_kept() {
    let (dir, root) = example();
    bin().current_dir(&root).arg("build").assert().success();
    // What a build killed while writing, or between the two renames of the fallback swap, leaves.
    let building = root.join(format!(".public.building-{DEAD_PID}-0"));
    let old = root.join(format!(".public.old-{DEAD_PID}-3"));
    let empty = root.join(format!(".public.building-{DEAD_PID}-1"));
    for d in [&building, &old, &empty] {
        fs::create_dir(d).expect("mkdir");
    }
    for d in [&building, &old] {
        fs::write(d.join(".playbook-site"), "marker").expect("write");
        fs::write(d.join("index.html"), "half a site").expect("write");
    }
    // Named like a leftover but holding the user's files: not ours, kept.
    let foreign = root.join(format!(".public.old-{DEAD_PID}-9"));
    fs::create_dir(&foreign).expect("mkdir");
    fs::write(foreign.join("mine.txt"), "keep").expect("write");

    bin().current_dir(&root).arg("build").assert().success();
    for d in [&building, &old, &empty] {
        assert!(!d.exists(), "{} removed", d.display());
    }
    assert_eq!(
        fs::read_to_string(foreign.join("mine.txt")).expect("kept"),
        "keep"
    );
    assert!(root.join("public/index.html").is_file());
    drop(dir);
}

#[test]
fn a_killed_build_leaves_the_previous_site_and_the_next_build_cleans_up() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("big");
    // Large enough that the build is still writing when it is killed.
    let options = playbook_bench::corpus::CorpusOptions {
        entries: 3000,
        ..Default::default()
    };
    playbook_bench::corpus::generate(&root, &options).expect("generates");
    let out = dir.path().join("site");
    bin()
        .args(["build", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    let index = fs::read(out.join("index.html")).expect("index");
    let exe = assert_cmd::cargo::cargo_bin("playbook");
    let mut child = std::process::Command::new(exe)
        .args(["build", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&out)
        .env("PLAYBOOK_TODAY", "2026-01-01")
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    // Kill it once it has started writing (or, if it is quicker than this loop, after it finished).
    loop {
        let writing = fs::read_dir(dir.path()).expect("ls").any(|e| {
            e.expect("entry")
                .file_name()
                .to_string_lossy()
                .starts_with(".site.building-")
        });
        if writing || child.try_wait().expect("wait").is_some() {
            break;
        }
        std::thread::yield_now();
    }
    let _ = child.kill();
    child.wait().expect("wait");
    // A whole site is at the output path: the previous one or the new one.
    assert!(out.join(".playbook-site").is_file());
    assert_eq!(fs::read(out.join("index.html")).expect("index"), index);
    bin()
        .args(["build", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    let names: Vec<String> = fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "only the playbook and the site: {names:?}");
}

#[cfg(unix)]
#[test]
fn a_source_folder_that_is_a_link_is_judged_by_where_it_leads() {
    let (dir, root) = example();
    fs::create_dir(root.join("web")).expect("mkdir");
    fs::write(root.join("web/logo.txt"), "logo").expect("write");
    std::os::unix::fs::symlink("web", root.join("static")).expect("symlink");
    for output in ["web/site", "static/site"] {
        let stderr = refused(dir.path(), &root, &["--output", output]);
        assert!(stderr.contains("`static/`"), "{output}: {stderr}");
    }
}

#[cfg(unix)]
#[test]
fn a_replaced_folder_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, root) = example();
    let out = dir.path().join("www");
    fs::create_dir(&out).expect("mkdir");
    fs::set_permissions(&out, fs::Permissions::from_mode(0o2750)).expect("chmod");
    for _ in 0..2 {
        build_into(&root, &out);
        let mode = fs::metadata(&out).expect("meta").permissions().mode() & 0o7777;
        assert_eq!(mode, 0o2750, "{mode:o}");
    }
}

#[test]
fn an_output_folder_with_a_long_name_is_built() {
    let (dir, root) = example();
    // 240 bytes: `.<name>.building-<pid>-<n>` would pass the 255 bytes a file name may have.
    let out = dir.path().join("站".repeat(80));
    build_into(&root, &out);
    build_into(&root, &out);
    assert!(out.join("index.html").is_file());
}
