//! Random bytes and random YAML-like text fed to the loader: it reports, it never panics; and what it
//! reports prints with no control character and no overlong line on the terminal.

mod common;

use codespan_reporting::term::termcolor::NoColor;
use common::{Tree, TODAY};
use playbook::check::{check_root, CheckOptions};
use playbook::content::Date;
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

/// Bytes that bother terminals and renderers: control characters (ESC sequences, BEL, CR, NUL, DEL, a C1
/// CSI, bidi overrides), long lines, wide characters, invalid UTF-8, tabs, field names.
fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..32),
        prop::sample::select(vec![
            "\u{1b}[2J",
            "\u{1b}]0;title\u{7}",
            "\r",
            "\0",
            "\u{7f}",
            "\u{9b}31m",
            "\u{202e}",
            "\u{2066}",
            "\t",
            "\n",
            "---\n",
            "objection: ",
            "stagse: ",
            "review_by: ",
            ": ",
            "[",
            "价格太贵",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
        (0usize..20_000).prop_map(|n| vec![b'x'; n]),
        (0usize..5_000).prop_map(|n| "错".repeat(n).into_bytes()),
        Just(vec![0xff, 0xfe, 0xc2]),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

/// A file name with control characters in it (any character Linux allows but `/` and NUL).
fn hostile_name() -> impl Strategy<Value = String> {
    let c = prop::sample::select(vec![
        'a', 'b', '-', '价', ' ', '\u{1b}', '\u{7}', '\r', '\n', '\t', '\u{7f}', '\u{9b}',
        '\u{202e}',
    ]);
    prop::collection::vec(c, 1..12).prop_map(|v| v.into_iter().collect())
}

/// What a terminal acts on: C0 controls (newline aside), DEL, C1 controls, bidi embeddings, overrides
/// and isolates.
fn acts_on_terminal(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Checks `tree` and renders the report as `check --color never` prints it.
fn human_output(tree: &Tree) -> String {
    let today = Date::parse(TODAY).expect("date");
    let (playbook, report) = check_root(tree.path(), CheckOptions { today }).expect("loads");
    let mut out = NoColor::new(Vec::new());
    playbook::report::write_human(&mut out, &report, &playbook).expect("renders");
    String::from_utf8(out.into_inner()).expect("the human report is UTF-8")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_print_no_control_characters(
        bytes in hostile_bytes(),
        name in hostile_name(),
        folder in hostile_name(),
    ) {
        let tree = Tree::minimal()
            .bytes(&format!("content/objections/{name}.md"), &bytes)
            .bytes(&format!("content/roleplays/{name}.yaml"), &bytes)
            .bytes("content/stages/front.md", &[b"---\n".as_slice(), &bytes, b"\n---\nBody.\n"].concat())
            .bytes(&format!("content/{folder}/x.md"), &bytes);
        let text = human_output(&tree);
        let unsafe_chars: Vec<char> = text.chars().filter(|&c| acts_on_terminal(c)).collect();
        prop_assert!(unsafe_chars.is_empty(), "{unsafe_chars:?} in\n{text}");
        // The stray folder is always reported, under its name escaped as rustc escapes strings.
        let escaped: String = folder.chars().map(|c| match c {
            '\t' => "\\t".to_string(),
            '\r' => "\\r".to_string(),
            '\n' => "\\n".to_string(),
            c if acts_on_terminal(c) => c.escape_unicode().to_string(),
            c => c.to_string(),
        }).collect();
        prop_assert!(text.contains(&format!("content/{escaped}/x.md")), "{escaped} not in\n{text}");
        // No line of content is echoed whole: a source line is cut to a window, a message to 300
        // characters (each of which may print as an escape up to 8 characters long).
        for line in text.lines() {
            prop_assert!(line.chars().count() < 3_000, "a line of {} characters", line.chars().count());
        }
    }

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
