//! The benchmark corpus (`playbook_bench::corpus`, in bench/tools) must be a valid playbook: `check`
//! passes it with no warnings.

mod common;

use common::{expect_clean, Tree};
use playbook::diagnostic::Severity;
use playbook_bench::corpus::{generate, CorpusOptions, Shape};

#[test]
fn a_generated_corpus_checks_clean_and_is_reproducible() {
    let tree = Tree::empty();
    let options = CorpusOptions {
        entries: 600,
        seed: 7,
        chinese: 0.5,
        code: 0.2,
        ..Default::default()
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

#[test]
fn a_wide_corpus_has_no_errors_and_spreads_its_references() {
    let tree = Tree::empty();
    let options = CorpusOptions {
        entries: 1000,
        shape: Shape::Wide,
        ..Default::default()
    };
    assert_eq!(generate(tree.path(), &options).expect("generates"), 1001);
    let report = tree.check();
    let errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "expected no errors: {errors:#?}");
    // 600 objections, each on two stages of 200: the stage lists are spread across motions of 20.
    let objections = std::fs::read_dir(tree.path().join("content/objections/g000"))
        .expect("objections")
        .count();
    assert_eq!(objections, 600);
    let stage_lists: Vec<String> = walkdir::WalkDir::new(tree.path().join("content/objections"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .filter_map(|text| {
            text.lines()
                .find(|l| l.starts_with("stages: ["))
                .map(str::to_string)
        })
        .collect();
    assert_eq!(stage_lists.len(), 600);
    assert!(stage_lists.iter().all(|l| l.matches(", ").count() == 1));
    let motions = std::fs::read_to_string(tree.path().join("playbook.yaml")).expect("config");
    assert_eq!(motions.matches("- id: motion-").count(), 10);
}
