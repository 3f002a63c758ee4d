//! The funnel fields under `check`: a stage's `conversion`, `days`, `stall_after` and `review_questions`,
//! a motion's `deal_size` and `currency`, and the two funnel rules (`conversion-on-last-stage`,
//! `incomplete-funnel`). Each test breaks one thing and asserts the code, file, line and column.

mod common;

use assert_cmd::Command;
use common::{expect_clean, expect_one, with_code, Tree, TODAY};
use playbook::diagnostic::{Code, Severity};

const DISCOVERY: &str = "content/stages/discovery.md";
const PROPOSAL: &str = "content/stages/proposal.md";
const WON: &str = "content/stages/won.md";

/// The minimal playbook with three stages (discovery → proposal → won), each met by the objection, the
/// first with `extra` front matter lines (written from line 6 on), the others with theirs.
fn funnel(discovery: &str, proposal: &str, won: &str) -> Tree {
    let stage = |title: &str, order: u32, extra: &str| {
        format!(
            "---\ntitle: {title}\norder: {order}\nactions: [Do it]\npersonas: [cfo]\n{extra}---\n"
        )
    };
    Tree::minimal()
        .file(DISCOVERY, &stage("Discovery", 1, discovery))
        .file(PROPOSAL, &stage("Proposal", 2, proposal))
        .file(WON, &stage("Won", 3, won))
        .file(
            "content/objections/price.md",
            "---\nobjection: It's too expensive\nstages: [discovery, proposal, won]\n---\nCompared to what?\n",
        )
}

#[test]
fn a_complete_funnel_checks_clean_in_every_accepted_spelling() {
    let r = funnel(
        "conversion: 40\ndays: 7\nstall_after: 14\nreview_questions:\n  - Who signs, and have we met them?\n",
        "conversion: \"33.3%\"\ndays: 12.5\nstall_after: 12.5\n",
        "days: 3\nreview_questions: Is the first backup done?\n",
    )
    .file(
        "playbook.yaml",
        "title: Minimal\nmotions:\n  - id: default\n    deal_size: 49999.5\n    currency: CNY\n",
    )
    .check();
    expect_clean(&r);
    let r = funnel("conversion: 33.3\n", "conversion: '100'\n", "").check();
    expect_clean(&r);
}

#[test]
fn a_conversion_out_of_range_is_an_error_at_the_value() {
    for value in ["0", "140", "-5", "100.5", "\"0%\"", "\"101 %\""] {
        let r = funnel(&format!("conversion: {value}\n"), "conversion: 50\n", "").check();
        let d = expect_one(&r, Code::InvalidValue, DISCOVERY, 6, Some(13));
        assert!(
            d.message.contains("greater than 0 and at most 100"),
            "{value}: {d:?}"
        );
    }
}

#[test]
fn a_conversion_that_is_not_a_number_is_an_error_at_the_value() {
    for value in ["forty", "\"40 percent\"", "\"1e2\"", "40.0000001"] {
        let r = funnel(&format!("conversion: {value}\n"), "conversion: 50\n", "").check();
        expect_one(&r, Code::InvalidValue, DISCOVERY, 6, Some(13));
    }
    let r = funnel("conversion: [40]\n", "conversion: 50\n", "").check();
    expect_one(&r, Code::WrongType, DISCOVERY, 6, Some(13));
}

#[test]
fn days_and_stall_after_must_be_above_zero() {
    let r = funnel("days: 0\n", "", "").check();
    let d = expect_one(&r, Code::InvalidValue, DISCOVERY, 6, Some(7));
    assert!(d.message.contains("greater than 0"), "{d:?}");
    let r = funnel("days: soon\n", "", "").check();
    expect_one(&r, Code::InvalidValue, DISCOVERY, 6, Some(7));
    let r = funnel("stall_after: -3\n", "", "").check();
    expect_one(&r, Code::InvalidValue, DISCOVERY, 6, Some(14));
    let r = funnel("days: true\n", "", "").check();
    expect_one(&r, Code::WrongType, DISCOVERY, 6, Some(7));
}

#[test]
fn stall_after_below_days_is_an_error_at_stall_after() {
    let r = funnel("days: 10\nstall_after: 9.5\n", "", "").check();
    let d = expect_one(&r, Code::InvalidValue, DISCOVERY, 7, Some(14));
    assert!(d.message.contains("less than `days`"), "{d:?}");
    // Equal is fine; so is either alone.
    expect_clean(
        &funnel(
            "days: 10\nstall_after: 10\n",
            "stall_after: 1\n",
            "days: 2\n",
        )
        .check(),
    );
}

#[test]
fn review_questions_are_a_list_of_strings() {
    let r = funnel("review_questions: {who: signs}\n", "", "").check();
    expect_one(&r, Code::WrongType, DISCOVERY, 6, Some(19));
    let r = funnel("review_questions:\n  - Who signs?\n  - [nested]\n", "", "").check();
    expect_one(&r, Code::WrongType, DISCOVERY, 8, Some(5));
}

#[test]
fn a_conversion_on_the_last_stage_is_an_error() {
    let r = funnel("conversion: 40\n", "conversion: 50\n", "conversion: 90\n").check();
    let d = expect_one(&r, Code::ConversionOnLastStage, WON, 6, Some(13));
    assert_eq!(d.severity(), Severity::Error);
    assert!(d.message.contains("`won`"), "{d:?}");
    // A motion of one stage: that stage is the last.
    let r = Tree::minimal()
        .file(
            DISCOVERY,
            "---\ntitle: Discovery\norder: 1\nactions: [Ask]\npersonas: [cfo]\nconversion: 50\n---\n",
        )
        .check();
    expect_one(&r, Code::ConversionOnLastStage, DISCOVERY, 6, Some(13));
}

#[test]
fn a_funnel_with_gaps_is_a_warning_naming_the_stages_without_conversion() {
    let r = funnel("", "conversion: 50\n", "").check();
    let d = expect_one(&r, Code::IncompleteFunnel, DISCOVERY, 2, None);
    assert_eq!(d.severity(), Severity::Warning);
    assert!(d.message.contains("`discovery`"), "{d:?}");
    assert!(
        !d.message.contains("`won`"),
        "the last stage never needs one: {d:?}"
    );
    // No conversion anywhere is no funnel yet, not an incomplete one.
    assert!(with_code(&funnel("", "", "").check(), Code::IncompleteFunnel).is_empty());
}

#[test]
fn a_motion_deal_size_and_currency_are_checked_at_the_value() {
    let yaml = |extra: &str| format!("title: Minimal\nmotions:\n  - id: default\n{extra}");
    for (extra, column) in [
        ("    deal_size: 0\n", 16),
        ("    deal_size: -100\n", 16),
        ("    deal_size: lots\n", 16),
        ("    deal_size: 1.0000001\n", 16),
        ("    currency: usd\n", 15),
        ("    currency: EURO\n", 15),
        ("    currency: US1\n", 15),
    ] {
        let r = Tree::minimal().file("playbook.yaml", &yaml(extra)).check();
        expect_one(&r, Code::InvalidValue, "playbook.yaml", 4, Some(column));
    }
    let r = Tree::minimal()
        .file("playbook.yaml", &yaml("    currency: usd\n"))
        .check();
    let d = expect_one(&r, Code::InvalidValue, "playbook.yaml", 4, Some(15));
    assert!(d.notes.iter().any(|n| n.contains("`USD`")), "{d:?}");
    let r = Tree::minimal()
        .file("playbook.yaml", &yaml("    deal_size: [1]\n"))
        .check();
    expect_one(&r, Code::WrongType, "playbook.yaml", 4, Some(16));
}

#[test]
fn a_motion_named_like_a_review_sheet_is_refused() {
    let r = Tree::minimal()
        .file(
            "playbook.yaml",
            "title: Minimal\nmotions:\n  - id: default\n  - id: default-review\n",
        )
        .check();
    let d = expect_one(&r, Code::DuplicateId, "playbook.yaml", 4, Some(9));
    assert!(d.message.contains("review sheet"), "{d:?}");
}

#[test]
fn json_output_carries_the_funnel_codes_and_positions() {
    let tree = funnel("conversion: 140\n", "", "conversion: 90\n");
    let out = Command::cargo_bin("playbook")
        .expect("binary")
        .env("PLAYBOOK_TODAY", TODAY)
        .args(["check", "--format", "json", "--root"])
        .arg(tree.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let found: Vec<(String, String, u64, u64, String)> = json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["file"].as_str().unwrap_or_default().to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
                d["severity"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let want = |code: &str, file: &str, line, column, severity: &str| {
        (
            code.to_string(),
            file.to_string(),
            line,
            column,
            severity.to_string(),
        )
    };
    assert_eq!(
        found,
        vec![
            want("invalid-value", DISCOVERY, 6, 13, "error"),
            want("conversion-on-last-stage", WON, 6, 13, "error"),
        ]
    );
}
