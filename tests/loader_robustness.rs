//! Random bytes and random YAML-like text fed to the loader: it reports, it never panics.

mod common;

use common::Tree;
use proptest::prelude::*;

/// Fragments that make YAML parsers work hard: indentation, flow collections, anchors, tags, quotes,
/// block scalars, document markers, the playbook's own field names, Chinese text.
fn yamlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\n".to_string()),
        Just("  ".to_string()),
        Just("- ".to_string()),
        Just(": ".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just(", ".to_string()),
        Just("&a ".to_string()),
        Just("*a".to_string()),
        Just("!!str ".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("|\n".to_string()),
        Just(">-\n".to_string()),
        Just("---\n".to_string()),
        Just("? ".to_string()),
        Just("# c\n".to_string()),
        Just("\t".to_string()),
        Just("价格太贵".to_string()),
        prop::sample::select(vec![
            "objection",
            "answer",
            "actions",
            "do",
            "choices",
            "correct",
            "questions",
            "id",
            "order",
            "stages",
            "motion",
            "review_by",
            "TODO",
            "true",
            "~",
            "12",
            "2026-13-45",
        ])
        .prop_map(str::to_string),
        "[a-z]{1,6}",
    ];
    prop::collection::vec(piece, 0..80).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let tree = Tree::minimal()
            .bytes("content/objections/random.md", &bytes)
            .bytes("content/roleplays/random.yaml", &bytes);
        let _ = tree.check();
    }

    #[test]
    fn random_yaml_never_panics(text in yamlish()) {
        let tree = Tree::minimal()
            .file("content/objections/random.md", &format!("---\n{text}\n---\nAnswer.\n"))
            .file("content/stages/random.yaml", &text)
            .file("content/roleplays/random.md", &format!("---\ntitle: T\nquestions:\n  - {text}\n---\n"));
        let report = tree.check();
        // Whatever it found, every diagnostic names a file and positions are 1-based.
        for d in &report.diagnostics {
            prop_assert!(!d.file.is_empty());
            if let Some(p) = d.pos {
                prop_assert!(p.line >= 1 && p.column >= 1, "{d:?}");
            }
        }
    }

    #[test]
    fn random_yaml_in_the_config_never_panics(text in yamlish()) {
        let tree = Tree::minimal().file("playbook.yaml", &text);
        let _ = tree.check();
    }
}
