//! `playbook check` as CI runs it: the real binary, its output formats and exit statuses.

mod common;

use assert_cmd::Command;
use common::{Tree, TODAY};

fn playbook() -> Command {
    let mut cmd = Command::cargo_bin("playbook").expect("binary");
    cmd.env("PLAYBOOK_TODAY", TODAY).env_remove("NO_COLOR");
    cmd
}

fn broken_tree() -> Tree {
    Tree::minimal()
        .file(
            "content/stages/discovery.md",
            "---\ntitle: Discovery\norder: 1\npersonas: [cfo]\n---\nBody.\n",
        )
        .file(
            "content/objections/price.md",
            "---\nobjection: \"It's too expensive: really\"\nstages: [discovery]\n---\n",
        )
        .file(
            "content/personas/it.md",
            "---\nname: IT\nrole: technical-buyer\n---\n",
        )
}

#[test]
fn the_example_playbooks_check_clean_even_under_strict() {
    let root = env!("CARGO_MANIFEST_DIR");
    for dir in [root.to_string(), format!("{root}/examples/zh-CN")] {
        let out = playbook()
            .args(["check", "--strict", "--root", &dir])
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{dir}: {stderr}");
        assert!(stderr.contains("0 errors, 0 warnings in"), "{stderr}");
    }
}

#[test]
fn human_output_is_rustc_style_with_a_summary_and_exit_1() {
    let tree = broken_tree();
    let out = playbook()
        .args(["check", "--color", "never", "--root"])
        .arg(tree.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error[missing-actions]: stage `discovery` has no actions"),
        "{stderr}"
    );
    assert!(
        stderr.contains("┌─ content/stages/discovery.md:2:1"),
        "{stderr}"
    );
    assert!(stderr.contains("warning[unused-persona]"), "{stderr}");
    assert!(
        stderr
            .trim_end()
            .ends_with("2 errors, 1 warning in 8 files"),
        "{stderr}"
    );
    assert!(
        !stderr.contains('\u{1b}'),
        "no colour codes when not asked: {stderr}"
    );
}

#[test]
fn problems_found_after_loading_show_their_source_lines_too() {
    // The loader drops the texts of files it found nothing wrong with; the report reads them again.
    let tree = Tree::minimal().file(
        "content/objections/late.md",
        "---\nobjection: We will decide next year\nstages: [nowhere]\n---\nAsk what changes then.\n",
    );
    let out = playbook()
        .args(["check", "--color", "never", "--root"])
        .arg(tree.path())
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error[unknown-reference]"), "{stderr}");
    assert!(
        stderr.contains("┌─ content/objections/late.md:3:"),
        "{stderr}"
    );
    assert!(stderr.contains("3 │ stages: [nowhere]"), "{stderr}");
}

#[test]
fn json_output_has_exactly_the_documented_shape() {
    let tree = broken_tree();
    let out = playbook()
        .args(["check", "--format", "json", "--root"])
        .arg(tree.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("stdout is one JSON object");
    let obj = json.as_object().expect("object");
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["diagnostics", "errors", "files", "warnings"]);
    assert_eq!(json["errors"], 2);
    assert_eq!(json["warnings"], 1);
    assert_eq!(json["files"], 8);
    let diags = json["diagnostics"].as_array().expect("array");
    assert_eq!(diags.len(), 3);
    for d in diags {
        let mut keys: Vec<&str> = d
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["code", "column", "file", "help", "line", "message", "severity"]
        );
        assert!(d["line"].as_u64().is_some_and(|l| l > 0));
        assert!(d["column"].as_u64().is_some_and(|c| c > 0));
    }
    let answer = diags
        .iter()
        .find(|d| d["code"] == "missing-answer")
        .expect("missing-answer reported");
    assert_eq!(answer["severity"], "error");
    assert_eq!(answer["file"], "content/objections/price.md");
    assert_eq!(
        answer["line"], 4,
        "the closing `---`: the file has no body line"
    );
    let warning = diags
        .iter()
        .find(|d| d["severity"] == "warning")
        .expect("a warning");
    assert_eq!(warning["code"], "unused-persona");
}

#[test]
fn github_output_is_workflow_commands() {
    let tree = broken_tree();
    let out = playbook()
        .args(["check", "--format", "github", "--root"])
        .arg(tree.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines.contains(&"::error file=content/stages/discovery.md,line=2,col=1,title=missing-actions::stage `discovery` has no actions"),
        "{stdout}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with(
            "::warning file=content/personas/it.md,line=2,col=1,title=unused-persona::"
        )),
        "{stdout}"
    );
    assert_eq!(
        lines.last(),
        Some(&"::notice title=playbook check::2 errors, 1 warning in 8 files")
    );
}

#[test]
fn warnings_fail_only_under_strict() {
    let tree = Tree::minimal().file("content/personas/it.md", "---\nname: IT\n---\n");
    playbook()
        .args(["check", "--root"])
        .arg(tree.path())
        .assert()
        .code(0);
    playbook()
        .args(["check", "--strict", "--root"])
        .arg(tree.path())
        .assert()
        .code(1);
}

#[test]
fn usage_and_io_failures_exit_2_with_a_message() {
    playbook()
        .args(["check", "--format", "xml"])
        .assert()
        .code(2);
    let out = playbook()
        .args(["check", "--root", "/definitely/not/here"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("/definitely/not/here"), "{stderr}");
    playbook()
        .env("PLAYBOOK_TODAY", "tomorrow")
        .args(["check", "--root", env!("CARGO_MANIFEST_DIR")])
        .assert()
        .code(2);
}

#[test]
fn hostile_input_neither_panics_nor_hangs() {
    let long_line = format!(
        "---\nobjection: {}\n---\nAnswer.\n",
        "x".repeat(10 * 1024 * 1024)
    );
    let nested_block = format!("---\nname: {}\n---\n", "- ".repeat(200_000));
    let nested_flow = format!("---\nname: {}\n---\n", "[".repeat(200_000));
    let bomb = {
        let mut s = String::from("---\nname: ok\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..15 {
            let p = i - 1;
            s.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
        }
        s + "---\n"
    };
    let binary: Vec<u8> = (0..50_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let tree = Tree::minimal()
        .file("content/objections/long.md", &long_line)
        .file("content/segments/nested-block.md", &nested_block)
        .file("content/segments/nested-flow.md", &nested_flow)
        .file("content/segments/bomb.md", &bomb)
        .bytes("content/segments/binary.yaml", &binary)
        .file(
            "content/segments/one-line.yaml",
            &"a".repeat(10 * 1024 * 1024),
        );
    let out = playbook()
        .args(["check", "--format", "json", "--root"])
        .arg(tree.path())
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"yaml-too-complex"), "{codes:?}");
    assert!(codes.contains(&"yaml-syntax"), "{codes:?}");
    assert!(codes.contains(&"not-utf8"), "{codes:?}");
}
