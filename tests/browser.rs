//! Runs the JavaScript tests under `cargo test`, so that one command runs every test: the tokenizer
//! vectors of `search.js` (`tests/js/`) and the end-to-end tests of the generated site in headless
//! Chromium (`tests/e2e/`). They need Node.js and Debian's `chromium` (`apt-get install chromium`);
//! without them this test fails, it does not skip (`scripts/test` installs them, then runs `cargo test`). `npm ci`
//! is run here when `node_modules` is missing.

use std::path::Path;
use std::process::Command;

fn have(cmd: &str, arg: &str) -> bool {
    Command::new(cmd)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn javascript_and_browser_tests_pass() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(
        have("node", "--version"),
        "Node.js is needed for the browser tests: scripts/test installs it (apt-get install nodejs npm)"
    );
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string());
    assert!(
        Path::new(&chromium).exists(),
        "Chromium is needed for the browser tests: scripts/test installs it (apt-get install chromium), or set CHROMIUM"
    );
    let e2e = repo.join("tests/e2e");
    // Every package `package.json` names must be installed (node_modules may predate one).
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(e2e.join("package.json")).expect("tests/e2e/package.json"),
    )
    .expect("package.json is JSON");
    let missing = manifest["dependencies"]
        .as_object()
        .into_iter()
        .flatten()
        .any(|(name, _)| {
            !e2e.join("node_modules")
                .join(name)
                .join("package.json")
                .exists()
        });
    if missing {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&e2e)
            .status()
            .expect("npm runs");
        assert!(status.success(), "npm ci failed in tests/e2e");
    }
    // The objection finder's test filters a generated playbook of 10,000 entries (tests/e2e/finder.test.mjs).
    let corpus = tempfile::tempdir().expect("a temporary folder");
    playbook_bench::corpus::generate(
        corpus.path(),
        &playbook_bench::corpus::CorpusOptions {
            entries: 10_000,
            ..Default::default()
        },
    )
    .expect("generates the corpus");
    let out = Command::new("node")
        .args(["--test", "tests/js/", "tests/e2e/"])
        .current_dir(repo)
        .env("PLAYBOOK_BIN", env!("CARGO_BIN_EXE_playbook"))
        .env("PLAYBOOK_CORPUS", corpus.path())
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let summary: Vec<&str> = stdout.lines().filter(|l| l.starts_with("# ")).collect();
    assert!(
        out.status.success(),
        "JavaScript tests failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // node's runner reports "# pass N": make sure tests actually ran.
    let passed = summary
        .iter()
        .find_map(|l| l.strip_prefix("# pass "))
        .and_then(|n| n.trim().parse::<u32>().ok())
        .unwrap_or(0);
    assert!(
        passed >= 8,
        "expected the JS and browser tests to run: {summary:?}"
    );
    println!("{}", summary.join("\n"));
}
