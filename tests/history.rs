//! The last change of each file, read from a real Git repository (commits at fixed dates): dates and
//! subjects, uncommitted edits and new files, renames followed, a playbook in a subfolder, no Git.

mod common;

use common::git::{commit_all, git_at, init};
use common::Tree;
use playbook::content::{Date, History, HistoryCache, LastChange};

fn committed(date: &str, subject: &str) -> LastChange {
    LastChange::Committed {
        date: Date::parse(date).expect("date"),
        subject: subject.to_string(),
    }
}

#[test]
fn each_file_gets_the_date_and_subject_of_the_last_commit_that_touched_it() {
    let tree = Tree::minimal();
    let root = tree.root();
    init(&root);
    commit_all(&root, "2026-01-05", "Start the playbook");
    std::fs::write(
        root.join("content/objections/price.md"),
        "---\nobjection: Too expensive\nstages: [discovery]\n---\nCompare it with a lost day.\n",
    )
    .expect("write");
    commit_all(&root, "2026-02-10", "Sharper price answer");

    let history = History::read(&root).expect("reads");
    assert_eq!(
        history.of("content/objections/price.md"),
        Some(&committed("2026-02-10", "Sharper price answer"))
    );
    assert_eq!(
        history.of("content/stages/discovery.md"),
        Some(&committed("2026-01-05", "Start the playbook"))
    );
}

#[test]
fn edited_and_new_files_are_uncommitted() {
    let tree = Tree::minimal();
    let root = tree.root();
    init(&root);
    commit_all(&root, "2026-01-05", "Start");
    std::fs::write(
        root.join("content/personas/cfo.md"),
        "---\nname: CFO\nrole: economic-buyer\n---\nSigns.\n",
    )
    .expect("write");
    std::fs::write(
        root.join("content/personas/it.md"),
        "---\nname: IT\nrole: user\n---\nRuns it.\n",
    )
    .expect("write");

    let history = History::read(&root).expect("reads");
    assert_eq!(
        history.of("content/personas/cfo.md"),
        Some(&LastChange::Uncommitted)
    );
    assert_eq!(
        history.of("content/personas/it.md"),
        Some(&LastChange::Uncommitted)
    );
    assert_eq!(
        history.of("content/segments/smb.md"),
        Some(&committed("2026-01-05", "Start"))
    );
}

#[test]
fn a_pure_rename_keeps_the_last_change_of_the_text_and_an_edited_rename_is_a_change() {
    let tree = Tree::minimal();
    let root = tree.root();
    init(&root);
    commit_all(&root, "2026-01-05", "Start");
    git_at(
        &root,
        "2026-03-01T12:00:00Z",
        &[
            "mv",
            "content/stages/discovery.md",
            "content/stages/discover.md",
        ],
    );
    commit_all(&root, "2026-03-01", "Rename the stage file");
    // Renamed and edited in one commit (most of the text kept, so Git still sees a rename).
    let text = std::fs::read_to_string(root.join("content/segments/smb.md")).expect("read");
    std::fs::remove_file(root.join("content/segments/smb.md")).expect("rm");
    std::fs::write(
        root.join("content/segments/small.md"),
        format!("{text}They buy on the phone.\n"),
    )
    .expect("write");
    commit_all(&root, "2026-03-02", "Move and extend the segment");

    let history = History::read(&root).expect("reads");
    assert_eq!(
        history.of("content/stages/discover.md"),
        Some(&committed("2026-01-05", "Start"))
    );
    assert_eq!(
        history.of("content/segments/small.md"),
        Some(&committed("2026-03-02", "Move and extend the segment"))
    );
}

#[test]
fn a_playbook_in_a_subfolder_reads_paths_relative_to_its_own_root() {
    let tree = Tree::empty();
    let top = tree.root();
    common::copy_dir(Tree::minimal().path(), &top.join("sales"));
    init(&top);
    commit_all(&top, "2026-01-05", "Start");
    std::fs::write(
        top.join("sales/content/personas/cfo.md"),
        "---\nname: CFO\nrole: economic-buyer\n---\nNew.\n",
    )
    .expect("write");

    let history = History::read(&top.join("sales")).expect("reads");
    assert_eq!(
        history.of("content/segments/smb.md"),
        Some(&committed("2026-01-05", "Start"))
    );
    assert_eq!(
        history.of("content/personas/cfo.md"),
        Some(&LastChange::Uncommitted)
    );
}

#[test]
fn a_repository_without_commits_has_every_file_uncommitted() {
    let tree = Tree::minimal();
    init(&tree.root());
    let history = History::read(&tree.root()).expect("reads");
    assert_eq!(
        history.of("content/segments/smb.md"),
        Some(&LastChange::Uncommitted)
    );
}

#[test]
fn outside_git_there_is_no_history() {
    let tree = Tree::minimal();
    let history = History::read(&tree.root()).expect("no error outside Git");
    assert!(history.is_empty());
}

/// `serve` keeps the log between reads: each read with the cache equals a fresh read, as the repository
/// goes from no commits to a first commit, an edit, a second commit, and a checkout of the first.
#[test]
fn a_read_with_the_cache_equals_a_fresh_read_as_commits_come_and_go() {
    let tree = Tree::minimal();
    let root = tree.root();
    init(&root);
    let mut cache = HistoryCache::default();
    let same = |cache: &mut HistoryCache, when: &str| {
        let cached = History::read_cached(&root, cache, None).expect("reads");
        assert_eq!(cached, History::read(&root).expect("reads"), "{when}");
        cached
    };
    let price = "content/objections/price.md";
    let uncommitted = same(&mut cache, "without commits");
    assert_eq!(
        uncommitted.of("content/stages/discovery.md"),
        Some(&LastChange::Uncommitted)
    );
    commit_all(&root, "2026-01-05", "Start the playbook");
    let first = same(&mut cache, "after the first commit");
    assert_eq!(
        first.of("content/stages/discovery.md"),
        Some(&committed("2026-01-05", "Start the playbook"))
    );
    std::fs::write(
        root.join(price),
        "---\nobjection: Too expensive\nstages: [discovery]\n---\nCompare it with a lost day.\n",
    )
    .expect("write");
    let edited = same(&mut cache, "after an edit");
    assert_eq!(edited.of(price), Some(&LastChange::Uncommitted));
    commit_all(&root, "2026-02-10", "Sharper price answer");
    let second = same(&mut cache, "after the second commit");
    assert_eq!(
        second.of(price),
        Some(&committed("2026-02-10", "Sharper price answer"))
    );
    git_at(&root, "2026-02-11T00:00:00Z", &["checkout", "-q", "HEAD~1"]);
    assert_eq!(same(&mut cache, "after checking out the first"), first);
}

/// After an edit, `serve` asks Git the status of the files it saw change only: each such read equals a fresh
/// read as files are edited, restored to their committed text, added and committed.
#[test]
fn a_read_of_the_changed_files_only_equals_a_fresh_read() {
    let tree = Tree::minimal();
    let root = tree.root();
    init(&root);
    commit_all(&root, "2026-01-05", "Start the playbook");
    let mut cache = HistoryCache::default();
    let read = |cache: &mut HistoryCache, changed: &[&str], when: &str| {
        let changed: Vec<String> = changed.iter().map(|p| p.to_string()).collect();
        let cached = History::read_cached(&root, cache, Some(&changed)).expect("reads");
        assert_eq!(cached, History::read(&root).expect("reads"), "{when}");
        cached
    };
    read(&mut cache, &[], "the first read");
    let stage = "content/stages/discovery.md";
    let committed_text = std::fs::read_to_string(root.join(stage)).expect("reads");
    std::fs::write(
        root.join(stage),
        format!("{committed_text}\nOne more line.\n"),
    )
    .expect("write");
    let edited = read(&mut cache, &[stage], "after an edit");
    assert_eq!(edited.of(stage), Some(&LastChange::Uncommitted));
    std::fs::write(root.join(stage), &committed_text).expect("write");
    let restored = read(&mut cache, &[stage], "after the edit is undone");
    assert_eq!(
        restored.of(stage),
        Some(&committed("2026-01-05", "Start the playbook"))
    );
    let new = "content/personas/cfo.md";
    std::fs::write(
        root.join(new),
        "---\nname: CFO\nrole: economic-buyer\n---\nSigns.\n",
    )
    .expect("write");
    let added = read(&mut cache, &[new], "after a new file");
    assert_eq!(added.of(new), Some(&LastChange::Uncommitted));
    assert_eq!(
        added.of(stage),
        Some(&committed("2026-01-05", "Start the playbook"))
    );
    commit_all(&root, "2026-02-10", "A persona");
    let after = read(&mut cache, &[], "after a commit that no watched file shows");
    assert_eq!(after.of(new), Some(&committed("2026-02-10", "A persona")));
}
