//! The GitHub Action: `action.yml` maps its inputs onto `scripts/action`, and the script, run here as the
//! action runs it, checks and builds both example playbooks, annotates a broken one from the repository root,
//! and passes `strict` and `audience` through (or refuses them) as `action.yml` documents.
#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{copy_dir, Tree, TODAY};
use playbook::yaml::{self, Node, Value};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `scripts/action` run in `dir` with the real binary (no cargo build) and `inputs` as the action sets them.
fn action(dir: &Path, bin: &Path, inputs: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(repo().join("scripts/action"));
    cmd.current_dir(dir)
        .env("PLAYBOOK_BIN", bin)
        .env("PLAYBOOK_TODAY", TODAY)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_OUTPUT");
    for var in ["ROOT", "STRICT", "AUDIENCE", "BUILD"] {
        cmd.env_remove(format!("PLAYBOOK_{var}"));
    }
    for (name, value) in inputs {
        cmd.env(name, value);
    }
    cmd.output().expect("scripts/action runs")
}

fn real_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_playbook"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn the_action_checks_and_builds_both_examples() {
    let out_dir = tempfile::tempdir().expect("temp dir");
    for (root, name) in [(".", "en"), ("examples/zh-CN", "zh")] {
        let site = out_dir.path().join(name);
        let outputs = out_dir.path().join(format!("{name}.out"));
        let out = action(
            repo(),
            &real_bin(),
            &[
                ("PLAYBOOK_ROOT", root),
                ("PLAYBOOK_BUILD", site.to_str().expect("utf-8 path")),
                ("GITHUB_OUTPUT", outputs.to_str().expect("utf-8 path")),
            ],
        );
        let stdout = text(&out.stdout);
        assert!(
            out.status.success(),
            "{root}: {stdout}{}",
            text(&out.stderr)
        );
        assert!(
            stdout.contains("::notice title=playbook check::0 errors, 0 warnings in"),
            "{root}: {stdout}"
        );
        assert!(site.join("index.html").is_file(), "{root}: no site");
        assert_eq!(
            std::fs::read_to_string(&outputs).expect("GITHUB_OUTPUT written"),
            format!("site={}\n", site.display())
        );
    }
}

/// A playbook with errors at `docs/pb` inside a fresh working directory.
fn broken_in_subfolder() -> (tempfile::TempDir, Tree) {
    let tree = Tree::minimal().file(
        "content/stages/closing.md",
        "---\ntitle: Closing\norder: 2\npersonas: [nobody]\n---\n",
    );
    let work = tempfile::tempdir().expect("temp dir");
    copy_dir(tree.path(), &work.path().join("docs/pb"));
    (work, tree)
}

#[test]
fn a_failing_check_annotates_files_from_the_repository_root_and_builds_nothing() {
    let (work, _tree) = broken_in_subfolder();
    let outputs = work.path().join("out");
    let out = action(
        work.path(),
        &real_bin(),
        &[
            ("PLAYBOOK_ROOT", "./docs/pb/"),
            ("PLAYBOOK_BUILD", "site"),
            ("GITHUB_OUTPUT", outputs.to_str().expect("utf-8 path")),
        ],
    );
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains("::error file=docs/pb/content/stages/closing.md,line=4,col=12,title=unknown-reference::"),
        "{stdout}"
    );
    // Every file annotation names a path from the working directory, none from the playbook root.
    for line in stdout.lines().filter(|l| l.contains(" file=")) {
        assert!(line.contains(" file=docs/pb/content/"), "{line}");
    }
    assert!(text(&out.stderr).contains("the site was not built"));
    assert!(!work.path().join("site").exists());
    assert!(!outputs.exists(), "no output without a site");
}

#[test]
fn warnings_fail_by_default_and_pass_with_strict_false() {
    let tree = Tree::minimal().file(
        "content/personas/it.md",
        "---\nname: IT\nrole: technical-buyer\n---\n",
    );
    let root = tree.path().to_str().expect("utf-8 path");
    let site = tempfile::tempdir().expect("temp dir");
    let site = site.path().join("site");
    let site_input = site.to_str().expect("utf-8 path");

    let strict = action(
        tree.path(),
        &real_bin(),
        &[("PLAYBOOK_ROOT", root), ("PLAYBOOK_BUILD", site_input)],
    );
    let stdout = text(&strict.stdout);
    assert_eq!(strict.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("title=unused-persona::"), "{stdout}");
    assert!(!site.exists());

    let lenient = action(
        tree.path(),
        &real_bin(),
        &[
            ("PLAYBOOK_ROOT", root),
            ("PLAYBOOK_STRICT", "false"),
            ("PLAYBOOK_BUILD", site_input),
        ],
    );
    assert!(lenient.status.success(), "{}", text(&lenient.stderr));
    assert!(text(&lenient.stdout).contains("title=unused-persona::"));
    assert!(site.join("index.html").is_file());
}

#[test]
fn audience_public_checks_and_builds_the_public_site() {
    let tree = Tree::minimal()
        .file("playbook.yaml", "title: Minimal\nvisibility: public\n")
        .file(
            "content/personas/it.md",
            "---\nname: IT\nrole: technical-buyer\nvisibility: internal\n---\n",
        );
    let root = tree.path().to_str().expect("utf-8 path");
    let site = tempfile::tempdir().expect("temp dir");
    let site = site.path().join("site");
    let out = action(
        tree.path(),
        &real_bin(),
        &[
            ("PLAYBOOK_ROOT", root),
            ("PLAYBOOK_AUDIENCE", "public"),
            ("PLAYBOOK_BUILD", site.to_str().expect("utf-8 path")),
        ],
    );
    // Checked for the public: the internal persona, which nothing uses, is not there to warn about.
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(site.join("personas/cfo.html").is_file());
    assert!(
        !site.join("personas/it.html").exists(),
        "the build is public too"
    );
}

/// A stand-in `playbook` that logs each call's arguments (one `[arg]` per argument, a line per call) and
/// lists `--audience` in `check --help` when `with_audience`.
fn stub_bin(dir: &Path, with_audience: bool) -> (PathBuf, PathBuf) {
    let log = dir.join("calls.log");
    let bin = dir.join("playbook");
    let help = if with_audience {
        "--format <FORMAT>\n--strict\n--audience <AUDIENCE>"
    } else {
        "--format <FORMAT>\n--strict"
    };
    let script = format!(
        "#!/bin/sh\nprintf '[%s]' \"$@\" >> '{log}'\necho >> '{log}'\n\
         if [ \"$1\" = check ] && [ \"$2\" = --help ]; then printf '%s\\n' '{help}'; fi\n\
         if [ \"$1\" = --version ]; then echo 'playbook 0.1.0'; fi\nexit 0\n",
        log = log.display()
    );
    std::fs::write(&bin, script).expect("writes the stub");
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    (bin, log)
}

/// The `check` call the stub saw (not `check --help`).
fn check_call(log: &Path) -> Option<String> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("[check][--root]"))
        .map(str::to_string)
}

#[test]
fn audience_is_passed_when_set_and_the_binary_has_the_flag() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (bin, log) = stub_bin(dir.path(), true);
    let out = action(dir.path(), &bin, &[("PLAYBOOK_AUDIENCE", "sales managers")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        check_call(&log).as_deref(),
        Some("[check][--root][.][--format][github][--strict][--audience][sales managers]")
    );
}

#[test]
fn audience_is_refused_with_a_reason_when_the_binary_lacks_the_flag() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (bin, log) = stub_bin(dir.path(), false);
    let out = action(dir.path(), &bin, &[("PLAYBOOK_AUDIENCE", "managers")]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("audience") && stderr.contains("--audience"),
        "{stderr}"
    );
    assert_eq!(check_call(&log), None, "check must not run");
}

#[test]
fn an_empty_audience_and_strict_false_pass_no_flag() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (bin, log) = stub_bin(dir.path(), true);
    let out = action(
        dir.path(),
        &bin,
        &[("PLAYBOOK_AUDIENCE", ""), ("PLAYBOOK_STRICT", "false")],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        check_call(&log).as_deref(),
        Some("[check][--root][.][--format][github]")
    );
}

#[test]
fn a_strict_value_other_than_true_or_false_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (bin, log) = stub_bin(dir.path(), true);
    let out = action(dir.path(), &bin, &[("PLAYBOOK_STRICT", "yes")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("strict must be true or false, not 'yes'"));
    assert_eq!(check_call(&log), None);
}

fn map_keys(node: &Node) -> Vec<&str> {
    match &node.value {
        Value::Map(entries) => entries.iter().map(|(k, _)| k.name.as_str()).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn action_yml_maps_every_input_onto_the_script_and_caches_on_cargo_lock() {
    let source = std::fs::read_to_string(repo().join("action.yml")).expect("action.yml");
    let parsed = yaml::parse(&source, 0);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let action = parsed.root.expect("a document");
    let inputs = action.get("inputs").expect("inputs");
    assert_eq!(map_keys(inputs), ["root", "strict", "audience", "build"]);
    let default = |name: &str| {
        inputs
            .get(name)
            .and_then(|i| i.get("default"))
            .and_then(Node::as_text)
    };
    assert_eq!(default("root").as_deref(), Some("."));
    assert_eq!(default("strict").as_deref(), Some("true"));
    assert_eq!(default("audience").as_deref(), Some(""));
    assert_eq!(default("build").as_deref(), Some(""));

    let runs = action.get("runs").expect("runs");
    assert_eq!(
        runs.get("using").and_then(Node::as_text).as_deref(),
        Some("composite")
    );
    let Some(Value::Seq(steps)) = runs.get("steps").map(|s| &s.value) else {
        panic!("no steps");
    };
    let run_step = steps
        .iter()
        .find(|s| {
            s.get("run")
                .and_then(Node::as_text)
                .is_some_and(|r| r.contains("scripts/action"))
        })
        .expect("a step runs scripts/action");
    let env = run_step.get("env").expect("the script's inputs");
    let script = std::fs::read_to_string(repo().join("scripts/action")).expect("scripts/action");
    for input in map_keys(inputs) {
        let var = format!("PLAYBOOK_{}", input.to_uppercase());
        assert_eq!(
            env.get(&var).and_then(Node::as_text),
            Some(format!("${{{{ inputs.{input} }}}}")),
            "{var}"
        );
        assert!(script.contains(&format!("${{{var}:-")), "{var} is not read");
    }

    let cache = steps
        .iter()
        .find(|s| {
            s.get("uses")
                .and_then(Node::as_text)
                .is_some_and(|u| u.starts_with("actions/cache@"))
        })
        .expect("a cache step");
    let key = cache
        .get("with")
        .and_then(|w| w.get("key"))
        .and_then(Node::as_text)
        .expect("a cache key");
    let key_step = key
        .strip_prefix("${{ steps.")
        .and_then(|k| k.strip_suffix(".outputs.key }}"))
        .expect("the key comes from a step");
    let key_run = steps
        .iter()
        .find(|s| s.get("id").and_then(Node::as_text).as_deref() == Some(key_step))
        .and_then(|s| s.get("run"))
        .and_then(Node::as_text)
        .expect("the key step");
    assert!(key_run.contains("Cargo.lock"), "{key_run}");
}
