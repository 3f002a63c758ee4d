//! The benchmark corpus (`playbook_bench::corpus`, in bench/tools) must be a valid playbook: `check`
//! passes it with no warnings.

mod common;

use common::{expect_clean, Tree};
use playbook_bench::corpus::{generate, CorpusOptions};

#[test]
fn a_generated_corpus_checks_clean_and_is_reproducible() {
    let tree = Tree::empty();
    let options = CorpusOptions {
        entries: 600,
        seed: 7,
        chinese: 0.5,
        code: 0.2,
    };
    let files = generate(tree.path(), &options).expect("generates");
    assert_eq!(files, 601);
    let report = tree.check();
    expect_clean(&report);
    assert_eq!(report.files, 601);

    let again = Tree::empty();
    generate(again.path(), &options).expect("generates");
    let a = std::fs::read_to_string(
        tree.path()
            .join("content/objections/g000/objection-000100.md"),
    )
    .or_else(|_| std::fs::read_to_string(tree.path().join("content/objections/g000/异议000100.md")))
    .expect("entry 100 exists");
    let b = std::fs::read_to_string(
        again
            .path()
            .join("content/objections/g000/objection-000100.md"),
    )
    .or_else(|_| {
        std::fs::read_to_string(again.path().join("content/objections/g000/异议000100.md"))
    })
    .expect("entry 100 exists");
    assert_eq!(a, b);
    let words = a
        .split("---\n")
        .nth(2)
        .map_or(0, |body| body.split_whitespace().count());
    assert!(words > 0, "entry has a body");
}
