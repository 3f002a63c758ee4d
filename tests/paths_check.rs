//! `check` on learning paths (`content/paths/`): the references of every step resolve (reported at the id's
//! line and column), a step lists something to study, a path has steps, and once a playbook has paths, a
//! role-play no path includes is a warning.

mod common;

use common::{expect_clean, expect_one, with_code, Tree};
use playbook::diagnostic::{Code, Severity};

const PATH: &str = "content/paths/onboarding.yaml";

/// The minimal playbook with a path that studies every kind and includes its role-play.
fn with_path(path: &str) -> Tree {
    Tree::minimal().file(PATH, path)
}

const GOOD: &str = "\
title: First week
audience: New phone reps
steps:
  - title: Who we sell to
    day: 1
    body: Read the segment, then the selling point.
    segments: [smb]
    selling_points: [fast]
    personas: [cfo]
  - title: The sale
    day: 2
    stages: [discovery]
  - title: Drill the answers
    day: 3
    drill: true
    objections: [price]
  - title: Role-play
    day: 4
    roleplays: [basics]
";

#[test]
fn a_path_that_studies_every_kind_is_clean() {
    expect_clean(&with_path(GOOD).check());
}

#[test]
fn an_unknown_id_in_a_step_is_reported_at_the_id() {
    let bad = GOOD.replace("stages: [discovery]", "stages: [discvery]");
    let r = with_path(&bad).check();
    let d = expect_one(&r, Code::UnknownReference, PATH, 12, Some(14));
    assert_eq!(d.severity(), Severity::Error);
    assert!(d.message.contains("discvery"), "{}", d.message);
    assert!(
        d.notes.iter().any(|n| n.contains("discovery")),
        "did you mean: {d:#?}"
    );
    // In a list written as lines, the id's own line.
    let lines = GOOD.replace(
        "    roleplays: [basics]\n",
        "    roleplays:\n      - basics\n      - basic\n",
    );
    expect_one(
        &with_path(&lines).check(),
        Code::UnknownReference,
        PATH,
        21,
        Some(9),
    );
}

#[test]
fn a_step_with_nothing_to_study_is_an_error_at_the_step() {
    let bad = GOOD.replace("    stages: [discovery]\n", "");
    let r = with_path(&bad).check();
    let d = expect_one(&r, Code::EmptyStep, PATH, 10, Some(5));
    assert_eq!(d.severity(), Severity::Error);
    assert!(d.message.contains("The sale"), "{}", d.message);
}

#[test]
fn a_path_without_steps_is_an_error() {
    let r = with_path("title: First week\nsteps: []\n").check();
    let d = expect_one(&r, Code::MissingField, PATH, 2, None);
    assert!(d.message.contains("no steps"), "{}", d.message);
    let r = with_path("title: First week\n").check();
    expect_one(&r, Code::MissingField, PATH, 1, None);
}

#[test]
fn a_step_field_of_the_wrong_kind_or_name_is_reported() {
    let r = with_path(&GOOD.replace("    day: 2\n", "    day: second\n")).check();
    expect_one(&r, Code::WrongType, PATH, 11, Some(10));
    let r = with_path(&GOOD.replace("    day: 3\n", "    day: 0\n")).check();
    expect_one(&r, Code::InvalidValue, PATH, 14, Some(10));
    let r = with_path(&GOOD.replace("stages: [discovery]", "stage: [discovery]")).check();
    let d = expect_one(&r, Code::UnknownField, PATH, 12, Some(5));
    assert!(d.notes.iter().any(|n| n.contains("stages")), "{d:#?}");
}

#[test]
fn with_paths_a_roleplay_in_no_path_is_a_warning() {
    let r = with_path(&GOOD.replace("roleplays: [basics]", "objections: [price]")).check();
    let d = expect_one(
        &r,
        Code::RoleplayNotInPath,
        "content/roleplays/basics.md",
        2,
        None,
    );
    assert_eq!(d.severity(), Severity::Warning);
    // Without any path, role-plays are not expected to be in one.
    assert!(with_code(&Tree::minimal().check(), Code::RoleplayNotInPath).is_empty());
}

#[test]
fn a_path_may_be_markdown_with_its_introduction_as_the_body() {
    let md = format!("---\n{GOOD}---\nBy the end of the week you can run a first call.\n");
    let r = Tree::minimal()
        .file("content/paths/onboarding.md", &md)
        .check();
    expect_clean(&r);
}
