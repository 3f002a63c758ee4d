//! What `playbook check` prints: no control character from a file name or content reaches the
//! terminal, a huge source line prints as a window around its caret, and "did you mean" help reaches
//! every format.

mod common;

use assert_cmd::Command;
use common::{Tree, TODAY};
use unicode_width::UnicodeWidthStr;

fn playbook() -> Command {
    let mut cmd = Command::cargo_bin("playbook").expect("binary");
    cmd.env("PLAYBOOK_TODAY", TODAY).env_remove("NO_COLOR");
    cmd
}

/// Runs `check` with `args` on `tree` and returns (stdout, stderr).
fn check(tree: &Tree, args: &[&str]) -> (Vec<u8>, Vec<u8>) {
    let out = playbook()
        .arg("check")
        .args(args)
        .arg("--root")
        .arg(tree.path())
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (out.stdout, out.stderr)
}

/// The characters a terminal acts on: C0 controls but newline, DEL, C1 controls, bidi overrides.
fn acts_on_terminal(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[track_caller]
fn assert_terminal_safe(what: &str, output: &[u8]) {
    let text = std::str::from_utf8(output).unwrap_or_else(|e| panic!("{what} is not UTF-8: {e}"));
    let found: Vec<char> = text.chars().filter(|&c| acts_on_terminal(c)).collect();
    assert!(found.is_empty(), "{what} holds {found:?}:\n{text}");
}

/// A file name and a line of content with ESC, BEL, CR, DEL, a C1 CSI and a right-to-left override.
const EVIL_NAME: &str = "ev\u{1b}[2J\u{7}il\r";
const EVIL_KEY: &str = "bo\u{1b}[1mpwned\u{7}gus\u{7f}\u{9b}31m\u{202e}";

fn evil_tree() -> Tree {
    Tree::minimal()
        .file(
            &format!("content/objections/{EVIL_NAME}.md"),
            &format!(
                "---\nobjection: Too dear\nstages: [discovery]\n{EVIL_KEY}: \u{1b}[31mred\u{7}\n---\nAnswer.\n"
            ),
        )
        .file(
            &format!("content/{EVIL_NAME}/x.md"),
            "---\nname: x\n---\n",
        )
}

#[test]
fn control_characters_in_file_names_and_content_are_escaped_in_human_output() {
    let (_, stderr) = check(&evil_tree(), &["--color", "never"]);
    assert_terminal_safe("stderr", &stderr);
    let stderr = String::from_utf8_lossy(&stderr);
    // Escaped as rustc escapes them, in the header, the message, the echoed line and a whole-file note.
    let name = r"ev\u{1b}[2J\u{7}il\r";
    let key = r"bo\u{1b}[1mpwned\u{7}gus\u{7f}\u{9b}31m\u{202e}";
    assert!(
        stderr.contains(&format!("┌─ content/objections/{name}.md:4:1")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("unknown field `{key}` in an objection")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(r"4 │ {key}: \u{{1b}}[31mred\u{{7}}")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("= in content/{name}/x.md")),
        "{stderr}"
    );
    // The caret still underlines the whole (escaped) key.
    let caret = stderr
        .lines()
        .skip_while(|l| !l.starts_with("4 │ bo"))
        .nth(1)
        .expect("caret line");
    assert_eq!(
        caret.trim_start_matches([' ', '│']),
        format!("{} unknown field", "^".repeat(key.len()))
    );
}

#[test]
fn control_characters_are_escaped_in_github_and_json_output() {
    let tree = evil_tree();
    let (github, _) = check(&tree, &["--format", "github"]);
    assert_terminal_safe("GitHub output", &github);
    let github = String::from_utf8_lossy(&github);
    assert!(
        github.contains(r"file=content/objections/ev\u{1b}[2J\u{7}il\r.md,line=4,col=1"),
        "{github}"
    );

    let (json, _) = check(&tree, &["--format", "json"]);
    assert_terminal_safe("JSON output", &json);
    // JSON stays exact: the escapes read back as the very file name and key.
    let json: serde_json::Value = serde_json::from_slice(&json).expect("JSON");
    let unknown = json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .find(|d| d["code"] == "unknown-field")
        .expect("unknown-field");
    assert_eq!(
        unknown["file"],
        format!("content/objections/{EVIL_NAME}.md")
    );
    assert_eq!(
        unknown["message"],
        format!("unknown field `{EVIL_KEY}` in an objection")
    );
}

/// The source line shown under `header` and the caret line under it.
fn snippet<'a>(stderr: &'a str, header: &str) -> (&'a str, &'a str) {
    let mut lines = stderr.lines().skip_while(|l| !l.contains(header));
    let source = lines
        .nth(2)
        .unwrap_or_else(|| panic!("no source under {header}:\n{stderr}"));
    let caret = lines.next().expect("caret line");
    (source, caret)
}

/// Asserts that the caret line's first `^` stands under the start of `what` in the source line, in
/// terminal columns.
#[track_caller]
fn assert_caret_under(source: &str, caret: &str, what: &str) {
    let at = source
        .find(what)
        .unwrap_or_else(|| panic!("`{what}` is shown: {source}"));
    assert_eq!(
        caret.find('^').map(|i| caret[..i].width()),
        Some(source[..at].width()),
        "\n{source}\n{caret}"
    );
}

#[test]
fn a_two_megabyte_line_prints_a_window_around_the_caret() {
    // The whole front matter on one line, the misspelt key at its very end: after 2 MB of ASCII, and
    // after 2 MB of two-column Chinese characters.
    let ascii = "x".repeat(2 * 1024 * 1024);
    let wide = "价".repeat(700_000);
    let tree = Tree::minimal()
        .file(
            "content/objections/long.md",
            &format!("---\n{{objection: {ascii}, stagse: [discovery]}}\n---\nAnswer.\n"),
        )
        .file(
            "content/objections/wide.md",
            &format!("---\n{{objection: {wide}, stagse: [discovery]}}\n---\nAnswer.\n"),
        )
        .file(
            "content/segments/late.md",
            &format!("---\nname: Late\nreview_by: {ascii}\n---\n"),
        );
    let (_, stderr) = check(&tree, &["--color", "never"]);
    assert!(stderr.len() < 8 * 1024, "{} bytes of stderr", stderr.len());
    let stderr = String::from_utf8(stderr).expect("UTF-8");

    let column = "{objection: ".len() + ascii.len() + ", ".len() + 1;
    let (source, caret) = snippet(&stderr, &format!("long.md:2:{column}"));
    assert!(
        source.starts_with("2 │ …x") && source.ends_with(", stagse: [discovery]}"),
        "{source}"
    );
    assert!(source.width() < 140, "{source}");
    assert_caret_under(source, caret, "stagse");
    assert!(caret.ends_with("^^^^^^ unknown field"), "{caret}");

    let column = "{objection: ".chars().count() + 700_000 + ", ".len() + 1;
    let (source, caret) = snippet(&stderr, &format!("wide.md:2:{column}"));
    assert!(source.starts_with("2 │ …价"), "{source}");
    assert!(source.width() < 140, "{source}");
    assert_caret_under(source, caret, "stagse");

    // A value quoted in a message is cut too.
    let message = stderr
        .lines()
        .find(|l| l.starts_with("error[invalid-value]"))
        .expect("invalid review_by");
    assert!(message.len() < 400 && message.ends_with('…'), "{message}");
}

#[test]
fn a_line_of_zero_width_characters_prints_a_window_too() {
    // A million combining accents (zero columns each) before a broken link, and a million zero-width
    // spaces after one: each character counts, so neither line is printed whole.
    let accents = "\u{301}".repeat(1_000_000);
    let spaces = "\u{200b}".repeat(1_000_000);
    let tree = Tree::minimal()
        .file(
            "content/objections/accents.md",
            &format!("---\nobjection: Accents\n---\n{accents}[a](nope.md)\n"),
        )
        .file(
            "content/objections/spaces.md",
            &format!("---\nobjection: Spaces\n---\n[a](nope.md){spaces}\n"),
        );
    let (_, stderr) = check(&tree, &["--color", "never"]);
    assert!(stderr.len() < 8 * 1024, "{} bytes of stderr", stderr.len());
    let stderr = String::from_utf8(stderr).expect("UTF-8");

    let (source, caret) = snippet(&stderr, "accents.md:4:1000005");
    assert!(
        source.starts_with("4 │ …\u{301}") && source.ends_with("[a](nope.md)"),
        "{source}"
    );
    assert_caret_under(source, caret, "nope.md");
    let (source, _) = snippet(&stderr, "spaces.md:4:5");
    assert!(
        source.starts_with("4 │ [a](nope.md)\u{200b}") && source.ends_with('…'),
        "{source}"
    );
}

#[test]
fn a_lone_cr_in_front_matter_does_not_shift_what_is_shown() {
    // YAML ends a line at a lone CR; the report shows file lines, which end at `\n` only.
    let tree = Tree::minimal().file(
        "content/objections/cr.md",
        "---\nobjection: x\rstages: [nope]\nfoo: 1\n---\nAnswer.\n",
    );
    let (_, stderr) = check(&tree, &["--color", "never"]);
    let stderr = String::from_utf8(stderr).expect("UTF-8");
    assert_terminal_safe("stderr", stderr.as_bytes());
    let (source, caret) = snippet(&stderr, "cr.md:2:23");
    assert!(
        source.starts_with("2 │ objection: x") && source.ends_with("stages: [nope]"),
        "{source}"
    );
    let at = source.find("nope").expect("the reference is shown");
    assert_eq!(caret.find('^'), Some(at), "\n{source}\n{caret}");
    assert!(caret.ends_with("^^^^ unknown stage"), "{caret}");
    let (source, _) = snippet(&stderr, "cr.md:3:1");
    assert_eq!(source, "3 │ foo: 1");

    let (stdout, _) = check(&tree, &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&stdout).expect("JSON");
    let lines: Vec<(u64, u64)> = json["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(lines, [(2, 23), (3, 1)], "{json:#}");
    let (stdout, _) = check(&tree, &["--format", "github"]);
    let stdout = String::from_utf8(stdout).expect("UTF-8");
    assert!(stdout.contains("line=2,col=23,"), "{stdout}");
}

#[test]
fn json_and_github_carry_the_did_you_mean_help() {
    let tree = Tree::minimal().file(
        "content/objections/typo.md",
        "---\nobjection: Too dear\nstagse: [discovery]\n---\nAnswer.\n",
    );
    let (json, _) = check(&tree, &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&json).expect("JSON");
    let diags = json["diagnostics"].as_array().expect("array");
    let typo = diags
        .iter()
        .find(|d| d["code"] == "unknown-field")
        .expect("unknown-field");
    assert_eq!(typo["help"], "did you mean `stages`?");

    let (github, _) = check(&tree, &["--format", "github"]);
    let github = String::from_utf8(github).expect("UTF-8");
    assert!(
        github.lines().any(|l| l
            == "::error file=content/objections/typo.md,line=3,col=1,title=unknown-field::unknown field `stagse` in an objection%0Ahelp: did you mean `stages`?"),
        "{github}"
    );
}

#[test]
fn a_diagnostic_without_help_has_help_null() {
    let tree = Tree::minimal().file(
        "content/stages/empty.md",
        "---\ntitle: Empty\norder: 2\n---\n",
    );
    let (json, _) = check(&tree, &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&json).expect("JSON");
    let d = json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .find(|d| d["code"] == "missing-actions")
        .expect("missing-actions");
    assert!(
        d.as_object().expect("object").contains_key("help") && d["help"].is_null(),
        "{d}"
    );
}

#[test]
fn messages_put_the_right_article_and_plural_before_a_kind() {
    let report = Tree::minimal()
        .file("content/objections/bare.md", "Just an answer.\n")
        .file("content/objections/scalar.yaml", "just a line\n")
        .file(
            "content/objections/odd.md",
            "---\nobjection: Odd\nzzzzzz: 1\n---\nAnswer.\n",
        )
        .file(
            "content/roleplays/twice.yaml",
            "- {id: basics, title: Again, questions: [{prompt: P, model_answer: A}]}\n",
        )
        .check();
    let messages: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| format!("{}: {} / {}", d.file, d.message, d.notes.join(" / ")))
        .collect();
    let has = |text: &str| messages.iter().any(|m| m.contains(text));
    assert!(
        has("bare.md: an objection file needs front matter"),
        "{messages:#?}"
    );
    assert!(
        has("scalar.yaml: an objection file must be a mapping of fields, found a string"),
        "{messages:#?}"
    );
    assert!(
        has("odd.md: unknown field `zzzzzz` in an objection / the fields of an objection are: objection,"),
        "{messages:#?}"
    );
    assert!(has("two role-plays have the id `basics`"), "{messages:#?}");
}
