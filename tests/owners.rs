//! Owners and the review policy (`review:` in `playbook.yaml`): `stale-entry` from Git dates, `--strict`,
//! `missing-owner` and the `CODEOWNERS` fallback, the policy's own errors, and `playbook owners` in every
//! format. Each repository is real, in a temporary folder, with commits at fixed dates.

mod common;

use assert_cmd::Command;
use common::git::{commit_all, init};
use common::Tree;

fn playbook(tree: &Tree, today: &str, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("playbook")
        .expect("binary")
        .arg("--root")
        .arg(tree.path())
        .args(["--color", "never"])
        .args(args)
        .env("PLAYBOOK_TODAY", today)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The minimal playbook with `review:` settings, committed on 2026-01-05, its price objection changed
/// again on 2026-03-01.
fn repo(review: &str) -> Tree {
    let tree = Tree::minimal().file(
        "playbook.yaml",
        &format!("title: Minimal\nreview:\n{review}"),
    );
    init(&tree.root());
    commit_all(&tree.root(), "2026-01-05", "Start");
    std::fs::write(
        tree.path().join("content/objections/price.md"),
        "---\nobjection: It's too expensive\nstages: [discovery]\n---\nA lost day of sales costs more.\n",
    )
    .expect("write");
    commit_all(&tree.root(), "2026-03-01", "Sharper price answer");
    tree
}

#[test]
fn an_entry_unchanged_for_longer_than_max_age_warns_and_fails_under_strict() {
    let tree = repo("  max_age_days: 90\n");
    // 2026-01-05 + 90 days = 2026-04-05: overdue from 2026-04-06 on.
    let (code, _, err) = playbook(&tree, "2026-04-05", &["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("stale-entry"), "{err}");

    let (code, _, err) = playbook(&tree, "2026-04-06", &["check"]);
    assert_eq!(code, 0, "a warning passes without --strict: {err}");
    assert!(
        err.contains("warning[stale-entry]: stage `discovery` has not changed since 2026-01-05: it was due for review on 2026-04-05"),
        "{err}"
    );
    // Changed on 2026-03-01: not overdue.
    assert!(!err.contains("objection `price` has not changed"), "{err}");

    let (code, _, err) = playbook(&tree, "2026-04-06", &["check", "--strict"]);
    assert_eq!(code, 1, "{err}");
}

#[test]
fn a_later_review_by_keeps_an_old_entry_from_being_overdue() {
    let tree = repo("  max_age_days: 90\n");
    std::fs::write(
        tree.path().join("content/stages/discovery.md"),
        "---\ntitle: Discovery\norder: 1\nreview_by: 2026-12-31\nactions:\n  - Ask how they back up today\npersonas: [cfo]\n---\nListen first.\n",
    )
    .expect("write");
    commit_all(&tree.root(), "2026-01-06", "Review date for discovery");
    let (_, _, err) = playbook(&tree, "2026-06-01", &["check"]);
    assert!(!err.contains("stage `discovery` has not changed"), "{err}");
    assert!(
        err.contains("segment `smb` has not changed since 2026-01-05"),
        "{err}"
    );
}

#[test]
fn without_git_the_age_rule_does_not_apply() {
    let tree = Tree::minimal().file(
        "playbook.yaml",
        "title: Minimal\nreview:\n  max_age_days: 1\n",
    );
    let (code, _, err) = playbook(&tree, "2030-01-01", &["check", "--strict"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn require_owner_warns_for_entries_that_neither_name_one_nor_match_codeowners() {
    let tree = repo("  require_owner: true\n").file(
        ".github/CODEOWNERS",
        "* @everyone\ncontent/objections/ @deal-desk\ncontent/personas/\n",
    );
    let (code, out, err) = playbook(
        &tree,
        "2026-04-01",
        &["check", "--strict", "--format", "json"],
    );
    assert_eq!(code, 1, "{err}");
    // `content/personas/` with no owners unowns the persona: the one entry without an owner.
    assert_eq!(out.matches("\"missing-owner\"").count(), 1, "{out}");
    assert!(out.contains("content/personas/cfo.md"), "{out}");
}

#[test]
fn codeowners_in_the_root_or_docs_is_found_and_the_entrys_own_owner_wins() {
    for place in ["CODEOWNERS", "docs/CODEOWNERS"] {
        let tree =
            repo("  require_owner: true\n").file(place, "* @everyone\n/content/stages/ @coach\n");
        std::fs::write(
            tree.path().join("content/segments/smb.md"),
            "---\nname: Small business\nmode: intensive\nowner: Ana\n---\nOwners who buy on the phone.\n",
        )
        .expect("write");
        let (code, out, err) = playbook(&tree, "2026-04-01", &["owners", "--format", "csv"]);
        assert_eq!(code, 0, "{err}");
        assert!(
            out.contains("\r\n@coach,stage,discovery,content/stages/discovery.md,"),
            "{place}: {out}"
        );
        assert!(out.contains("\r\n@everyone,persona,cfo,"), "{place}: {out}");
        assert!(
            out.contains("\r\nAna,segment,smb,content/segments/smb.md,ok,,uncommitted,\r\n"),
            "{place}: {out}"
        );
        let (code, _, err) = playbook(&tree, "2026-04-01", &["check", "--strict"]);
        assert_eq!(code, 0, "{place}: every entry has an owner: {err}");
    }
}

#[test]
fn review_settings_are_checked_at_their_line() {
    let tree = Tree::minimal().file(
        "playbook.yaml",
        "title: Minimal\nreview:\n  max_age_days: -3\n  require_owner: yes please\n  warn_days: 3\n",
    );
    let (code, out, _) = playbook(&tree, "2026-04-01", &["check", "--format", "json"]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    let found: Vec<(String, u64)> = json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert!(
        found.contains(&("invalid-value".to_string(), 3)),
        "{found:?}"
    );
    assert!(found.contains(&("wrong-type".to_string(), 4)), "{found:?}");
    assert!(
        found.contains(&("unknown-field".to_string(), 5)),
        "{found:?}"
    );
}

/// Owners `Ana` (the price objection, changed 2026-03-01) and `@team` (CODEOWNERS: stages), the rest
/// unowned; `max_age_days: 60`, `warn_before_days: 10`, today 2026-03-10. Discovery (2026-01-05 + 60 =
/// 2026-03-06) is overdue; price (2026-03-01 + 60 = 2026-04-30) is ok; the role-play has `review_by:
/// 2026-03-15`, due soon. The other entries are unowned (listed last) and overdue like discovery.
fn owners_repo() -> Tree {
    let tree = repo("  max_age_days: 60\n  warn_before_days: 10\n")
        .file("CODEOWNERS", "content/stages/ @team\n");
    std::fs::write(
        tree.path().join("content/objections/price.md"),
        "---\nobjection: It's too expensive\nstages: [discovery]\nowner: Ana\n---\nA lost day of sales costs more.\n",
    )
    .expect("write");
    let roleplay =
        std::fs::read_to_string(tree.path().join("content/roleplays/basics.md")).expect("read");
    std::fs::write(
        tree.path().join("content/roleplays/basics.md"),
        roleplay.replacen(
            "title: Basics\n",
            "title: Basics\nreview_by: 2026-03-15\n",
            1,
        ),
    )
    .expect("write");
    commit_all(&tree.root(), "2026-03-01", "Owners");
    tree
}

#[test]
fn owners_human_lists_each_owner_overdue_first() {
    let tree = owners_repo();
    let (code, out, err) = playbook(&tree, "2026-03-10", &["owners"]);
    assert_eq!(code, 0, "{err}");
    let expected = "\
@team (1 entry: 1 overdue, 0 due soon)
  overdue   2026-03-06 stage `discovery` (content/stages/discovery.md), changed 2026-01-05
Ana (1 entry: 0 overdue, 0 due soon)
  ok        2026-04-30 objection `price` (content/objections/price.md), changed 2026-03-01
(no owner) (4 entries: 3 overdue, 1 due soon)
  overdue   2026-03-06 segment `smb` (content/segments/smb.md), changed 2026-01-05
  overdue   2026-03-06 persona `cfo` (content/personas/cfo.md), changed 2026-01-05
  overdue   2026-03-06 selling-point `fast` (content/selling-points/fast.md), changed 2026-01-05
  due soon  2026-03-15 roleplay `basics` (content/roleplays/basics.md), changed 2026-03-01
";
    assert_eq!(out, expected);
}

#[test]
fn owners_markdown_is_a_checklist_per_owner() {
    let tree = owners_repo();
    let (code, out, err) = playbook(&tree, "2026-03-10", &["owners", "--format", "markdown"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("## Playbook review, 2026-03-10\n\n### `@team` (1 entry: 1 overdue, 0 due soon)\n\n- [ ] **overdue** stage `discovery` in `content/stages/discovery.md`, due 2026-03-06, changed 2026-01-05\n"), "{out}");
    assert!(out.contains("\n- [x] **ok** objection `price` in `content/objections/price.md`, due 2026-04-30, changed 2026-03-01\n"), "{out}");
    assert!(out.contains("\n- [ ] **due soon** roleplay `basics` in `content/roleplays/basics.md`, due 2026-03-15, changed 2026-03-01\n"), "{out}");
}

#[test]
fn owners_json_and_csv_carry_status_dates_and_the_commit_subject() {
    let tree = owners_repo();
    let (code, out, err) = playbook(&tree, "2026-03-10", &["owners", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(json["today"], "2026-03-10");
    let first = &json["owners"][0];
    assert_eq!(first["owner"], "@team");
    assert_eq!(first["entries"][0]["id"], "discovery");
    assert_eq!(first["entries"][0]["status"], "overdue");
    assert_eq!(first["entries"][0]["due"], "2026-03-06");
    assert_eq!(first["entries"][0]["due_by"], "max-age");
    assert_eq!(first["entries"][0]["subject"], "Start");
    assert_eq!(first["entries"][0]["codeowners"], true);
    assert_eq!(json["owners"][2]["owner"], "(no owner)");
    assert_eq!(json["owners"][2]["entries"][3]["due_by"], "review-by");

    let (_, out, _) = playbook(&tree, "2026-03-10", &["owners", "--format", "csv"]);
    let lines: Vec<&str> = out.split("\r\n").collect();
    assert_eq!(lines[0], "owner,kind,id,file,status,due,changed,subject");
    assert_eq!(
        lines[1],
        "@team,stage,discovery,content/stages/discovery.md,overdue,2026-03-06,2026-01-05,Start"
    );
    assert_eq!(
        lines[2],
        "Ana,objection,price,content/objections/price.md,ok,2026-04-30,2026-03-01,Owners"
    );
    assert_eq!(
        lines.len(),
        8,
        "a header, six entries and the empty rest after the last line break: {out}"
    );
}
