//! Chinese substring recall of the browser engine (`search.js`) over the index `playbook build` writes for
//! a small generated Chinese playbook: every query of two to four characters returns every document whose
//! indexed text contains it, and the lists shown put the results proven exact first (tests/js/zh_recall.mjs,
//! run with Node.js, which tests/browser.rs needs too).

mod common;

use std::process::Command;

use common::Tree;
use playbook_bench::corpus::{generate, CorpusOptions};
use playbook_bench::search_data;

#[test]
fn every_chinese_substring_query_finds_every_document_that_holds_it() {
    let tree = Tree::empty();
    let options = CorpusOptions {
        entries: 400,
        seed: 5,
        chinese: 1.0,
        code: 0.0,
        ..Default::default()
    };
    generate(tree.path(), &options).expect("generates the corpus");
    let site = tempfile::tempdir().expect("a temporary folder");
    let build = Command::new(env!("CARGO_BIN_EXE_playbook"))
        .arg("build")
        .arg("--root")
        .arg(tree.path())
        .arg("--output")
        .arg(site.path())
        .output()
        .expect("playbook runs");
    assert!(
        build.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&build.stderr)
    );
    // The ground truth, from the documents the build indexes (in the index's order).
    let pb = playbook::content::load(tree.path()).expect("loads");
    let docs = playbook::search::documents(&pb, |kind, id| format!("{}/{id}", kind.folder()));
    let data = search_data::queries(&docs, 3, 0, 400);
    let zh = data.queries.iter().filter(|q| q.kind == "zh").count();
    assert!(zh >= 300, "only {zh} Chinese queries were drawn");
    let file = site.path().join("queries.json");
    std::fs::write(&file, serde_json::to_vec(&data).expect("serializes")).expect("writes");
    let out = Command::new("node")
        .arg("tests/js/zh_recall.mjs")
        .arg(site.path())
        .arg(&file)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("node runs (apt-get install nodejs)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains(&format!("\"checked\":{zh}")), "{stdout}");
    println!("{stdout}");
}
