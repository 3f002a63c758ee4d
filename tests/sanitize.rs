//! The HTML policy: Markdown from content (bodies and the role-play fields rendered as Markdown) reaches the
//! site sanitized, `check` warns where something is removed, and `markdown: {raw_html: trusted}` turns both
//! off. Playbooks are built with the real binary into temporary folders.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::{expect_one, with_code, Tree};
use playbook::diagnostic::Code;

/// A body and role-play fields, each with an event handler, a script and a `javascript:` link, beside
/// the HTML authors use. Line numbers matter: the tests below name them.
const STAGE: &str = "---
title: Discovery
order: 1
actions: [Ask]
---
Intro <img src=x onerror=alert(1)> here.

<script>alert(2)</script>

See [the trick](javascript:alert(3)) and <kbd>Ctrl</kbd>.

| a | b |
|---|:-:|
| 1 | 2 |

<details><summary>More</summary>

Hidden text.

</details>

![chart](chart.png)

<video controls width=\"320\"><source src=\"demo.mp4\" type=\"video/mp4\"></video>
";

const ROLEPLAY: &str = "---
title: Drill
questions:
  - prompt: \"Pick <img src=x onerror=alert(4)>\"
    choices:
      - text: A
        correct: true
        feedback: \"Right <script>alert(5)</script> [go](javascript:alert(6))\"
      - text: B
        feedback: \"<details><summary>Why</summary>Because <kbd>B</kbd></details>\"
  - prompt: Say it
    model_answer: |
      Like this <img src=y onerror=alert(7)>.
---
";

fn playbook(config: &str) -> Tree {
    Tree::minimal()
        .file("playbook.yaml", config)
        .file("content/stages/discovery.md", STAGE)
        .file("content/roleplays/drill.md", ROLEPLAY)
        .file("content/stages/chart.png", "png")
        .file("content/stages/demo.mp4", "mp4")
}

fn build(tree: &Tree) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("tempdir");
    Command::cargo_bin("playbook")
        .expect("binary")
        .env("PLAYBOOK_TODAY", common::TODAY)
        .env("NO_COLOR", "1")
        .args(["build", "--root"])
        .arg(tree.path())
        .arg("--output")
        .arg(out.path().join("site"))
        .assert()
        .success();
    out
}

fn read(out: &Path, page: &str) -> String {
    std::fs::read_to_string(out.join("site").join(page)).expect("page")
}

/// The role-play's answer key, as `quiz.js` reads it: the text of `#pb-quiz-data`, parsed.
fn quiz_data(html: &str) -> serde_json::Value {
    let open = r#"<script type="application/json" id="pb-quiz-data">"#;
    let start = html.find(open).expect("quiz data") + open.len();
    let end = start + html[start..].find("</script>").expect("closed");
    serde_json::from_str(&html[start..end]).expect("the element holds JSON only")
}

/// Asserts `text` (HTML, or the JSON a page embeds, decoded) runs nothing.
#[track_caller]
fn assert_inert(what: &str, text: &str) {
    let lower = text.to_lowercase();
    for bad in ["onerror", "javascript:", "<script>alert", "alert("] {
        assert!(!lower.contains(bad), "`{bad}` in {what}:\n{text}");
    }
}

#[test]
fn scripts_handlers_and_script_links_never_reach_the_site() {
    let tree = playbook("title: T\n");
    let out = build(&tree);
    let stage = read(out.path(), "stages/discovery.html");
    assert_inert("the stage page", &stage);
    let drill = read(out.path(), "roleplays/drill.html");
    assert_inert("the role-play page", &drill);
    // What quiz.js puts into the page with innerHTML: the feedback, the model answer.
    let data = quiz_data(&drill);
    assert_inert("the role-play's answer key", &data.to_string());
    let feedback = data["questions"][0]["feedback"][0]
        .as_str()
        .expect("feedback");
    assert!(
        feedback.contains("Right") && feedback.contains("<a>go</a>"),
        "{feedback}"
    );
    let model = data["questions"][1]["model_answer"]
        .as_str()
        .expect("answer");
    assert!(model.contains("Like this <img src=\"y\">"), "{model}");
    assert_eq!(
        drill.matches("<script").count(),
        7,
        "progress.js, site.js, search.js, versions.js, updates.js, the data and quiz.js only"
    );
}

#[test]
fn the_html_authors_use_survives() {
    let tree = playbook("title: T\n");
    let out = build(&tree);
    let stage = read(out.path(), "stages/discovery.html");
    for kept in [
        "<img src=\"x\">",
        "<kbd>Ctrl</kbd>",
        "<table><thead><tr><th>a</th><th style=\"text-align: center\">b</th>",
        "<details><summary>More</summary>",
        "<p>Hidden text.</p>",
        "<img src=\"../content/stages/chart.png\" alt=\"chart\">",
        "<video controls=\"\" width=\"320\"><source src=\"demo.mp4\" type=\"video/mp4\"></video>",
        "<a>the trick</a>",
    ] {
        assert!(stage.contains(kept), "`{kept}` is missing from:\n{stage}");
    }
    let data = quiz_data(&read(out.path(), "roleplays/drill.html"));
    assert_eq!(
        data["questions"][0]["feedback"][1],
        "<details><summary>Why</summary>Because <kbd>B</kbd></details>"
    );
}

#[test]
fn check_warns_at_each_line_where_something_is_removed() {
    let tree = playbook("title: T\n");
    let report = tree.check();
    let found: Vec<(String, usize, String)> = with_code(&report, Code::UnsafeHtml)
        .iter()
        .map(|d| {
            (
                d.file.clone(),
                d.pos.expect("position").line,
                d.message.clone(),
            )
        })
        .collect();
    let stage = "content/stages/discovery.md".to_string();
    let drill = "content/roleplays/drill.md".to_string();
    let expected = [
        (drill.clone(), 4, "`onerror` of `<img>`"),
        (drill.clone(), 8, "`href` of `<a>` (a `javascript:` URL)"),
        (drill.clone(), 13, "`onerror` of `<img>`"),
        (stage.clone(), 6, "`onerror` of `<img>`"),
        (stage.clone(), 8, "the `<script>` element"),
        (stage.clone(), 10, "`href` of `<a>` (a `javascript:` URL)"),
    ];
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    for (file, line, what) in expected {
        assert!(
            found
                .iter()
                .any(|(f, l, m)| *f == file && *l == line && m.contains(what)),
            "no warning about {what} at {file}:{line} in {found:#?}"
        );
    }
    // The feedback on line 8 loses a script and a link: one warning names both.
    let both = &found.iter().find(|(_, l, _)| *l == 8).expect("line 8").2;
    assert!(both.contains("the `<script>` element"), "{both}");
    assert_eq!(report.errors(), 0);
}

#[test]
fn a_playbook_that_trusts_its_authors_keeps_raw_html() {
    let tree = playbook("title: T\nmarkdown:\n  raw_html: trusted\n");
    assert!(with_code(&tree.check(), Code::UnsafeHtml).is_empty());
    let out = build(&tree);
    let stage = read(out.path(), "stages/discovery.html");
    assert!(stage.contains("<img src=x onerror=alert(1)>"), "{stage}");
    assert!(
        stage.contains("<a href=\"javascript:alert(3)\">"),
        "{stage}"
    );
    let drill = read(out.path(), "roleplays/drill.html");
    let data = quiz_data(&drill);
    assert!(data["questions"][0]["feedback"][0]
        .as_str()
        .is_some_and(|f| f.contains("<script>alert(5)</script>")));
}

#[test]
fn trusted_html_in_a_role_play_cannot_break_out_of_the_page_data() {
    let tree = playbook("title: T\nmarkdown: {raw_html: trusted}\n").file(
        "content/roleplays/drill.md",
        "---\ntitle: Drill\nquestions:\n  - prompt: P\n    choices:\n      - text: A\n        correct: true\n        feedback: \"x </script><!-- y --> <script>\"\n      - text: B\n---\n",
    );
    let out = build(&tree);
    let drill = read(out.path(), "roleplays/drill.html");
    let data = quiz_data(&drill);
    assert_eq!(
        data["questions"][0]["feedback"][0],
        "<p>x </script><!-- y --> <script></p>\n"
    );
}

#[test]
fn the_markdown_setting_is_checked() {
    for (config, code, line) in [
        (
            "title: T\nmarkdown:\n  raw_html: yes\n",
            Code::InvalidValue,
            3,
        ),
        ("title: T\nmarkdown: trusted\n", Code::WrongType, 2),
        (
            "title: T\nmarkdown:\n  raw: trusted\n",
            Code::UnknownField,
            3,
        ),
    ] {
        let report = Tree::minimal().file("playbook.yaml", config).check();
        expect_one(&report, code, "playbook.yaml", line, None);
    }
    let report = Tree::minimal()
        .file(
            "playbook.yaml",
            "title: T\nmarkdown: {raw_html: sanitized}\n",
        )
        .check();
    common::expect_clean(&report);
}
