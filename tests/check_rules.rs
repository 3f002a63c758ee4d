//! One fixture per `check` rule: each test breaks one thing in a clean playbook and asserts the exact
//! code, file, line (and column where it matters).

mod common;

use common::{expect_clean, expect_one, with_code, Tree};
use playbook::diagnostic::{Code, Severity};

const STAGE: &str = "content/stages/discovery.md";
const OBJECTION: &str = "content/objections/price.md";
const ROLEPLAY: &str = "content/roleplays/basics.md";

#[test]
fn the_minimal_fixture_is_clean() {
    expect_clean(&Tree::minimal().check());
}

#[test]
fn a_stage_without_actions_is_an_error() {
    let r = Tree::minimal()
        .file(
            STAGE,
            "---\ntitle: Discovery\norder: 1\npersonas: [cfo]\n---\nListen.\n",
        )
        .check();
    // No `actions` key at all: the stage's first field is where it is reported.
    expect_one(&r, Code::MissingActions, STAGE, 2, None);

    let r = Tree::minimal()
        .file(
            STAGE,
            "---\ntitle: Discovery\norder: 1\nactions: []\npersonas: [cfo]\n---\n",
        )
        .check();
    expect_one(&r, Code::MissingActions, STAGE, 4, Some(1));
}

#[test]
fn an_objection_without_an_answer_is_an_error() {
    let r = Tree::minimal()
        .file(
            OBJECTION,
            "---\nobjection: It's too expensive\nstages: [discovery]\n---\n\n",
        )
        .check();
    let d = expect_one(&r, Code::MissingAnswer, OBJECTION, 5, None);
    assert_eq!(d.severity(), Severity::Error);

    let yaml = "content/objections/more.yaml";
    let r = Tree::minimal()
        .file(
            yaml,
            "- id: slow\n  objection: Too slow\n  stages: [discovery]\n",
        )
        .check();
    expect_one(&r, Code::MissingAnswer, yaml, 1, None);
}

#[test]
fn placeholders_are_errors_wherever_text_is_required() {
    let r = Tree::minimal()
        .file(OBJECTION, "---\nobjection: It's too expensive\nstages: [discovery]\n---\nTODO: write the answer\n")
        .check();
    expect_one(&r, Code::Placeholder, OBJECTION, 5, None);

    let r = Tree::minimal()
        .file(STAGE, "---\ntitle: Discovery\norder: 1\nactions:\n  - Ask about backups\n  - do: 待补充\npersonas: [cfo]\n---\n")
        .check();
    expect_one(&r, Code::Placeholder, STAGE, 6, Some(9));

    let r = Tree::minimal()
        .file(
            ROLEPLAY,
            "---\ntitle: Basics\nquestions:\n  - prompt: Answer the price objection.\n    model_answer: TBD\n---\n",
        )
        .check();
    expect_one(&r, Code::Placeholder, ROLEPLAY, 5, None);
}

#[test]
fn a_missing_required_field_is_an_error() {
    let file = "content/segments/smb.md";
    let r = Tree::minimal()
        .file(file, "---\nmode: intensive\n---\nBody.\n")
        .check();
    let d = expect_one(&r, Code::MissingField, file, 2, None);
    assert!(d.message.contains("`name`"), "{}", d.message);

    let r = Tree::minimal()
        .file(
            STAGE,
            "---\ntitle: Discovery\nactions: [Call]\npersonas: [cfo]\n---\n",
        )
        .check();
    let d = expect_one(&r, Code::MissingField, STAGE, 2, None);
    assert!(d.message.contains("`order`"), "{}", d.message);
}

#[test]
fn duplicate_ids_within_a_kind_are_errors_naming_both_files() {
    let r = Tree::minimal()
        .file(
            "content/objections/z-more/price.md",
            "---\nobjection: Pricey\n---\nAnswer.\n",
        )
        .check();
    let d = expect_one(
        &r,
        Code::DuplicateId,
        "content/objections/z-more/price.md",
        2,
        None,
    );
    assert_eq!(d.related.as_ref().map(|r| r.file.as_str()), Some(OBJECTION));

    // The same id in two kinds is fine.
    let r = Tree::minimal()
        .file(
            "content/segments/price.md",
            "---\nname: Price buyers\n---\n",
        )
        .file(
            "content/selling-points/cheap.md",
            "---\ntitle: Cheap\nsegments: [price]\n---\n",
        )
        .check();
    expect_clean(&r);
}

#[test]
fn unknown_references_are_errors_at_the_reference_with_a_suggestion() {
    let r = Tree::minimal()
        .file(
            OBJECTION,
            "---\nobjection: It's too expensive\nstages: [discovery, discovry]\n---\nAnswer.\n",
        )
        .check();
    let d = expect_one(&r, Code::UnknownReference, OBJECTION, 3, Some(21));
    assert!(
        d.notes
            .iter()
            .any(|n| n.contains("did you mean `discovery`?")),
        "{d:#?}"
    );

    let r = Tree::minimal()
        .file(
            ROLEPLAY,
            "---\ntitle: Basics\npersona: cfo\nquestions:\n  - prompt: Why?\n    objection: pricee\n    model_answer: Because.\n---\n",
        )
        .check();
    expect_one(&r, Code::UnknownReference, ROLEPLAY, 6, Some(16));
}

#[test]
fn an_unknown_motion_is_an_unknown_reference() {
    let r = Tree::minimal()
        .file("playbook.yaml", "title: Two motions\nmotions:\n  - id: new-business\n  - id: renewal\n")
        .file(STAGE, "---\ntitle: Discovery\nmotion: renewl\norder: 1\nactions: [Call]\npersonas: [cfo]\n---\n")
        .check();
    let d = expect_one(&r, Code::UnknownReference, STAGE, 3, Some(9));
    assert!(d.notes.iter().any(|n| n.contains("`renewal`")), "{d:#?}");
}

#[test]
fn a_stage_must_name_its_motion_when_there_are_several() {
    let r = Tree::minimal()
        .file(
            "playbook.yaml",
            "motions:\n  - id: new-business\n  - id: renewal\n",
        )
        .check();
    let d = expect_one(&r, Code::MissingField, STAGE, 2, None);
    assert!(d.message.contains("motion"), "{}", d.message);
}

#[test]
fn broken_body_links_are_errors_at_the_link() {
    let r = Tree::minimal()
        .file(
            STAGE,
            "---\ntitle: Discovery\norder: 1\nactions: [Call]\npersonas: [cfo]\n---\nIntro.\n\nHandle [price](../objections/price.md) and [speed](../objections/speed.md).\n",
        )
        .check();
    expect_one(&r, Code::BrokenLink, STAGE, 9, Some(52));
}

#[test]
fn links_into_multi_entry_files_need_an_existing_id() {
    let yaml = "content/objections/competition.yaml";
    let tree = Tree::minimal().file(
        yaml,
        "- id: cheaper\n  objection: X is cheaper\n  stages: [discovery]\n  answer: Compare the total cost.\n",
    );
    let good = "---\ntitle: Discovery\norder: 1\nactions: [Call]\npersonas: [cfo]\n---\nSee [it](../objections/competition.yaml#cheaper).\n";
    expect_clean(&tree.file(STAGE, good).check());

    let tree = Tree::minimal().file(
        yaml,
        "- id: cheaper\n  objection: X is cheaper\n  stages: [discovery]\n  answer: Compare the total cost.\n",
    );
    let bad = good.replace("#cheaper", "#cheapest");
    let r = tree.file(STAGE, &bad).check();
    let d = expect_one(&r, Code::BrokenLink, STAGE, 7, None);
    assert!(d.message.contains("cheapest"), "{}", d.message);
}

#[test]
fn unknown_fields_are_errors_with_a_did_you_mean() {
    let r = Tree::minimal()
        .file(OBJECTION, "---\nobjection: It's too expensive\nalias: [pricey]\nstages: [discovery]\n---\nAnswer.\n")
        .check();
    let d = expect_one(&r, Code::UnknownField, OBJECTION, 3, Some(1));
    assert_eq!(d.notes, vec!["did you mean `aliases`?".to_string()]);

    let r = Tree::minimal()
        .file("playbook.yaml", "title: X\nlangauge: en\n")
        .check();
    let d = expect_one(&r, Code::UnknownField, "playbook.yaml", 2, Some(1));
    assert_eq!(d.notes, vec!["did you mean `language`?".to_string()]);
}

#[test]
fn wrong_types_are_errors_at_the_value() {
    let r = Tree::minimal()
        .file(
            STAGE,
            "---\ntitle: Discovery\norder: first\nactions: [Call]\npersonas: [cfo]\n---\n",
        )
        .check();
    expect_one(&r, Code::WrongType, STAGE, 3, Some(8));

    let r = Tree::minimal()
        .file(OBJECTION, "---\nobjection: It's too expensive\nstages: [discovery]\naliases:\n  pricey: yes\n---\nAnswer.\n")
        .check();
    expect_one(&r, Code::WrongType, OBJECTION, 5, None);
}

#[test]
fn invalid_values_are_errors() {
    let file = "content/personas/cfo.md";
    let r = Tree::minimal()
        .file(file, "---\nname: CFO\nrole: economic-buyr\n---\n")
        .check();
    let d = expect_one(&r, Code::InvalidValue, file, 3, Some(7));
    assert!(
        d.notes.iter().any(|n| n.contains("economic-buyer")),
        "{d:#?}"
    );

    let r = Tree::minimal()
        .file(
            file,
            "---\nname: CFO\nrole: economic-buyer\nreview_by: 2027-02-30\n---\n",
        )
        .check();
    expect_one(&r, Code::InvalidValue, file, 4, Some(12));
}

#[test]
fn a_lone_cr_does_not_shift_the_lines_that_follow() {
    // A lone CR ends a line for YAML but not for the report (nor most editors): the reference after it
    // is on line 2, after the CR; the unknown key `bad` on line 3. The body's link after a lone CR is on
    // the body's line.
    let r = Tree::minimal()
        .file(
            OBJECTION,
            "---\nobjection: Too dear\rstages: [discovery, discovry]\nbad: 1\n---\nSee\r[it](nope.md).\n",
        )
        .check();
    expect_one(&r, Code::UnknownReference, OBJECTION, 2, Some(41));
    expect_one(&r, Code::UnknownField, OBJECTION, 3, Some(1));
    expect_one(&r, Code::BrokenLink, OBJECTION, 5, Some(10));
}

#[test]
fn malformed_front_matter_is_an_error_at_its_line() {
    let r = Tree::minimal()
        .file(
            OBJECTION,
            "---\nobjection: It's too expensive\n  stages: [discovery]\n---\nAnswer.\n",
        )
        .check();
    expect_one(&r, Code::YamlSyntax, OBJECTION, 3, None);
    // The broken entry still exists: nothing else cascades from it.
    assert_eq!(r.errors(), 1, "{:#?}", r.diagnostics);

    let r = Tree::minimal()
        .file(OBJECTION, "---\nobjection: It's too expensive\nstages: [discovery]\nAnswer without a closing line.\n")
        .check();
    expect_one(&r, Code::UnclosedFrontMatter, OBJECTION, 1, None);

    let r = Tree::minimal()
        .file(OBJECTION, "# Too expensive\n\nAnswer.\n")
        .check();
    expect_one(&r, Code::MissingFrontMatter, OBJECTION, 1, None);
}

#[test]
fn duplicate_keys_are_errors_naming_the_first() {
    let r = Tree::minimal()
        .file(OBJECTION, "---\nobjection: It's too expensive\nstages: [discovery]\nobjection: Too pricey\n---\nAnswer.\n")
        .check();
    let d = expect_one(&r, Code::DuplicateKey, OBJECTION, 4, Some(1));
    assert_eq!(d.related.as_ref().map(|r| r.pos.line), Some(2));
}

#[test]
fn empty_binary_and_unparseable_files_are_errors() {
    let r = Tree::minimal()
        .file("content/segments/empty.md", "  \n")
        .check();
    expect_one(&r, Code::EmptyFile, "content/segments/empty.md", 1, None);

    let r = Tree::minimal()
        .bytes(
            "content/segments/junk.md",
            b"---\nname: ok\n\xff\xfe\x00binary",
        )
        .check();
    expect_one(&r, Code::NotUtf8, "content/segments/junk.md", 3, Some(1));

    let r = Tree::minimal()
        .file("content/segments/list.yaml", "just a string\n")
        .check();
    expect_one(&r, Code::WrongType, "content/segments/list.yaml", 1, None);
}

#[test]
fn stages_of_one_motion_may_not_share_an_order() {
    let second = "content/stages/qualify.md";
    let r = Tree::minimal()
        .file(
            second,
            "---\ntitle: Qualify\norder: 1\nactions: [Qualify]\n---\n",
        )
        .file(
            OBJECTION,
            "---\nobjection: It's too expensive\nstages: [discovery, qualify]\n---\nAnswer.\n",
        )
        .check();
    let d = expect_one(&r, Code::DuplicateOrder, second, 3, Some(8));
    assert_eq!(d.related.as_ref().map(|r| r.file.as_str()), Some(STAGE));

    // Different motions may reuse an order.
    let r = Tree::minimal()
        .file("playbook.yaml", "motions:\n  - id: new-business\n  - id: renewal\n")
        .file(STAGE, "---\ntitle: Discovery\nmotion: new-business\norder: 1\nactions: [Call]\npersonas: [cfo]\n---\n")
        .file(second, "---\ntitle: Qualify\nmotion: renewal\norder: 1\nactions: [Qualify]\n---\n")
        .file(OBJECTION, "---\nobjection: It's too expensive\nstages: [discovery, qualify]\n---\nAnswer.\n")
        .check();
    expect_clean(&r);
}

#[test]
fn choice_questions_need_two_choices_and_a_correct_one() {
    let r = Tree::minimal()
        .file(
            ROLEPLAY,
            "---\ntitle: Basics\npersona: cfo\nquestions:\n  - prompt: Pick one\n    choices:\n      - {text: Only, correct: true}\n---\n",
        )
        .check();
    expect_one(&r, Code::TooFewChoices, ROLEPLAY, 6, Some(5));

    let r = Tree::minimal()
        .file(
            ROLEPLAY,
            "---\ntitle: Basics\npersona: cfo\nquestions:\n  - prompt: Pick one\n    choices: [A, B]\n---\n",
        )
        .check();
    expect_one(&r, Code::NoCorrectChoice, ROLEPLAY, 6, Some(5));
}

#[test]
fn a_question_needs_choices_or_a_model_answer() {
    let r = Tree::minimal()
        .file(
            ROLEPLAY,
            "---\ntitle: Basics\npersona: cfo\nquestions:\n  - prompt: Say something\n---\n",
        )
        .check();
    expect_one(&r, Code::QuestionKind, ROLEPLAY, 5, None);

    let r = Tree::minimal()
        .file(
            ROLEPLAY,
            "---\ntitle: Basics\npersona: cfo\nquestions: []\n---\n",
        )
        .check();
    expect_one(&r, Code::MissingField, ROLEPLAY, 4, None);
}

#[test]
fn files_outside_the_kind_folders_are_errors_with_a_suggestion() {
    let r = Tree::minimal()
        .file(
            "content/objection/slow.md",
            "---\nobjection: Slow\n---\nAnswer.\n",
        )
        .check();
    let d = with_code(&r, Code::UnknownKind);
    assert_eq!(d.len(), 1, "{:#?}", r.diagnostics);
    assert_eq!(d[0].file, "content/objection/slow.md");
    assert!(
        d[0].notes.iter().any(|n| n.contains("content/objections/")),
        "{:#?}",
        d[0]
    );
}

#[test]
fn ids_are_checked_and_may_be_chinese() {
    let r = Tree::minimal()
        .file("content/segments/big.v2.md", "---\nname: Big\n---\n")
        .file(
            "content/selling-points/big.md",
            "---\ntitle: Big\nsegments: [smb]\n---\n",
        )
        .check();
    expect_one(&r, Code::InvalidId, "content/segments/big.v2.md", 2, None);

    let r = Tree::minimal()
        .file("content/stages/初次拜访.md", "---\ntitle: 初次拜访\norder: 2\nactions: [确认预算负责人]\n---\n正文。\n")
        .file(
            OBJECTION,
            "---\nobjection: 太贵了\nstages: [discovery, 初次拜访]\n---\n先问客户和什么比较。见[拜访](../stages/%E5%88%9D%E6%AC%A1%E6%8B%9C%E8%AE%BF.md)。\n",
        )
        .check();
    expect_clean(&r);
}

#[test]
fn multi_entry_yaml_needs_ids() {
    let yaml = "content/objections/more.yaml";
    let r = Tree::minimal()
        .file(
            yaml,
            "- objection: Too slow\n  answer: It is not.\n  stages: [discovery]\n",
        )
        .check();
    expect_one(&r, Code::MissingField, yaml, 1, None);
}

#[test]
fn warnings_cover_segments_stages_personas_and_reviews() {
    let r = Tree::minimal()
        .file("content/segments/family.md", "---\nname: Families\n---\n")
        .check();
    expect_one(
        &r,
        Code::UntargetedSegment,
        "content/segments/family.md",
        2,
        None,
    );

    let r = Tree::minimal()
        .file(
            "content/stages/close.md",
            "---\ntitle: Close\norder: 2\nactions: [Sign]\n---\n",
        )
        .check();
    expect_one(
        &r,
        Code::StageWithoutObjections,
        "content/stages/close.md",
        2,
        None,
    );

    let r = Tree::minimal()
        .file(
            "content/personas/it.md",
            "---\nname: IT lead\nrole: technical-buyer\n---\n",
        )
        .check();
    expect_one(&r, Code::UnusedPersona, "content/personas/it.md", 2, None);

    let r = Tree::minimal()
        .file(OBJECTION, "---\nobjection: It's too expensive\nstages: [discovery]\nreview_by: 2026-05-31\n---\nAnswer.\n")
        .check();
    let d = expect_one(&r, Code::ReviewOverdue, OBJECTION, 4, Some(12));
    assert_eq!(d.severity(), Severity::Warning);
    assert_eq!(r.errors(), 0);

    // Due today is not overdue yet.
    let r = Tree::minimal()
        .file(OBJECTION, "---\nobjection: It's too expensive\nstages: [discovery]\nreview_by: 2026-06-01\n---\nAnswer.\n")
        .check();
    expect_clean(&r);
}

#[test]
fn every_problem_in_the_tree_is_reported_in_one_run() {
    let r = Tree::minimal()
        .file(
            STAGE,
            "---\ntitle: Discovery\norder: 1\npersonas: [cfo, cto]\n---\n",
        )
        .file(
            OBJECTION,
            "---\nobjection: It's too expensive\nstages: [discovery]\n---\n",
        )
        .file(
            "content/segments/smb.md",
            "---\nname: Small business\nmode: intense\n---\n",
        )
        .check();
    let codes: Vec<Code> = r.diagnostics.iter().map(|d| d.code).collect();
    for code in [
        Code::MissingActions,
        Code::UnknownReference,
        Code::MissingAnswer,
        Code::InvalidValue,
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    assert_eq!(r.errors(), 4, "{:#?}", r.diagnostics);
}

#[test]
fn hidden_and_editor_files_are_ignored() {
    let r = Tree::minimal()
        .file("content/objections/.#price.md", "garbage")
        .file("content/objections/price.md~", "garbage")
        .file("content/objections/.hidden/x.md", "garbage")
        .file("content/objections/notes.txt", "not an entry")
        .check();
    expect_clean(&r);
}

#[test]
fn every_code_is_documented() {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/diagnostics.md"))
        .expect("docs");
    for code in Code::ALL {
        assert!(
            docs.contains(&format!("| `{code}` |")),
            "`{code}` is not in docs/diagnostics.md"
        );
    }
}

#[test]
fn a_link_to_a_symlink_leading_outside_the_playbook_is_broken() {
    let outside = Tree::empty().file("secret.txt", "not for the site");
    let tree = Tree::minimal().file(
        STAGE,
        "---\ntitle: Discovery\norder: 1\nactions: [Call]\npersonas: [cfo]\n---\nSee [notes](../../static/notes.txt).\n",
    );
    std::fs::create_dir_all(tree.path().join("static")).expect("mkdir");
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        tree.path().join("static/notes.txt"),
    )
    .expect("symlink");
    let report = tree.check();
    let d = expect_one(&report, Code::BrokenLink, STAGE, 7, Some(13));
    assert!(d.message.contains("outside the playbook"), "{}", d.message);

    // A link inside the playbook is fine.
    std::fs::remove_file(tree.path().join("static/notes.txt")).expect("rm");
    std::fs::write(tree.path().join("static/notes.txt"), "fine").expect("write");
    expect_clean(&tree.check());
}

#[test]
fn ids_differing_only_in_case_are_a_warning() {
    let r = Tree::minimal()
        .file(
            "content/objections/Price.md",
            "---\nobjection: Pricey\nstages: [discovery]\n---\nAnswer.\n",
        )
        .check();
    // Sorted by path, `Price.md` comes before `price.md`: the second one is reported.
    let d = expect_one(&r, Code::CaseCollision, OBJECTION, 2, None);
    assert_eq!(d.severity(), Severity::Warning);
    assert_eq!(
        d.related.as_ref().map(|r| r.file.as_str()),
        Some("content/objections/Price.md")
    );
}
