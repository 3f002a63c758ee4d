//! The pre-commit hook (`.pre-commit-hooks.yaml`): its fields, the files that trigger it, and its entry run
//! as pre-commit runs it (from the repository, with no file names appended) on a clean and a broken playbook.
#![cfg(unix)]

mod common;

use std::path::Path;
use std::process::Command;

use common::{Tree, TODAY};
use playbook::yaml::{self, Node, Value};

/// The one hook of the file, as parsed YAML.
fn hook() -> Node {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml");
    let source = std::fs::read_to_string(path).expect(".pre-commit-hooks.yaml");
    let parsed = yaml::parse(&source, 0);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    match parsed.root.map(|r| r.value) {
        Some(Value::Seq(mut hooks)) if hooks.len() == 1 => hooks.remove(0),
        other => panic!("expected a list of one hook, found {other:?}"),
    }
}

fn field(hook: &Node, name: &str) -> Option<String> {
    hook.get(name).and_then(Node::as_text)
}

#[test]
fn the_hook_is_playbook_check_built_with_cargo_and_run_once() {
    let hook = hook();
    assert_eq!(field(&hook, "id").as_deref(), Some("playbook-check"));
    assert_eq!(field(&hook, "language").as_deref(), Some("rust"));
    assert_eq!(field(&hook, "entry").as_deref(), Some("playbook check"));
    assert_eq!(
        hook.get("pass_filenames").map(|n| &n.value),
        Some(&Value::Bool(false))
    );
}

/// The paths of `paths` that the hook's `files` pattern selects. pre-commit matches it with Python's
/// `re.search`; the pattern uses only what POSIX extended expressions share with it, so `grep -E` agrees.
fn selected<'a>(paths: &[&'a str]) -> Vec<&'a str> {
    let pattern = field(&hook(), "files").expect("a files pattern");
    paths
        .iter()
        .copied()
        .filter(|path| {
            Command::new("grep")
                .args(["-qE", &pattern])
                .stdin(std::process::Stdio::piped())
                .spawn()
                .and_then(|mut child| {
                    use std::io::Write;
                    let mut stdin = child.stdin.take().expect("stdin");
                    writeln!(stdin, "{path}")?;
                    drop(stdin);
                    child.wait()
                })
                .expect("grep runs")
                .success()
        })
        .collect()
}

#[test]
fn the_hook_runs_when_playbook_files_change_and_only_then() {
    let playbook_files = [
        "playbook.yaml",
        "content/stages/discovery.md",
        "content/objections/pricing/too-expensive.yaml",
        "docs/playbook/playbook.yaml",
        "docs/playbook/content/personas/cfo.md",
    ];
    let other_files = [
        "src/main.rs",
        "README.md",
        "playbook.yaml.bak",
        "my-content/notes.md",
        "docs/contents.md",
    ];
    let all: Vec<&str> = playbook_files.iter().chain(&other_files).copied().collect();
    assert_eq!(selected(&all), playbook_files);
}

/// The hook's entry, with `playbook` the binary under test, run in `dir` as pre-commit runs it.
fn run_entry(dir: &Path) -> std::process::Output {
    let entry = field(&hook(), "entry").expect("an entry");
    let mut words = entry.split_whitespace();
    assert_eq!(words.next(), Some("playbook"));
    Command::new(env!("CARGO_BIN_EXE_playbook"))
        .args(words)
        .current_dir(dir)
        .env("PLAYBOOK_TODAY", TODAY)
        .output()
        .expect("runs")
}

#[test]
fn the_entry_passes_a_clean_playbook_and_fails_a_broken_one() {
    let clean = Tree::minimal();
    let out = run_entry(clean.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let broken = Tree::minimal().file(
        "content/stages/closing.md",
        "---\ntitle: Closing\norder: 2\npersonas: [nobody]\n---\n",
    );
    let out = run_entry(broken.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown-reference"));
}
