//! `playbook init` and `playbook new`, through the library: the starter playbook checks clean, a new
//! entry fails `check` at its placeholders and passes once they are replaced.

mod common;

use std::path::Path;

use common::{expect_clean, Tree, TODAY};
use playbook::check::{check_root, CheckOptions, Report};
use playbook::content::{Date, Kind, QuestionAnswer};
use playbook::diagnostic::{Code, Severity};
use playbook::scaffold::{self, ScaffoldError};

fn check(root: &Path) -> Report {
    let today = Date::parse(TODAY).expect("date");
    check_root(root, CheckOptions { today }).expect("loads").1
}

/// A folder holding the starter playbook.
fn starter() -> Tree {
    let tree = Tree::empty();
    scaffold::init(tree.path(), false).expect("init");
    tree
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("read")
}

#[test]
fn init_writes_a_complete_playbook_that_checks_clean() {
    let tree = Tree::empty();
    let dir = tree.path().join("sales").join("playbook");
    let written = scaffold::init(&dir, false)
        .expect("init creates the folder")
        .written;
    // 9 starter files, .gitignore, 8 editor schemas, the export's schema and .vscode/settings.json.
    assert_eq!(written.len(), 20, "{written:#?}");
    assert!(written.iter().all(|p| p.starts_with(&dir) && p.is_file()));
    assert_eq!(read(&dir.join(".gitignore")), "/public/\n");

    let report = check(&dir);
    expect_clean(&report);
    let (pb, _) = check_root(
        &dir,
        CheckOptions {
            today: Date::parse(TODAY).expect("date"),
        },
    )
    .expect("loads");
    assert_eq!(pb.config.language, "en");
    assert_eq!(pb.config.motions.len(), 1);
    assert!(pb.config.description.is_some());
    assert_eq!(pb.segments.len(), 1);
    assert_eq!(pb.personas.len(), 1);
    assert_eq!(pb.selling_points.len(), 1);
    assert_eq!(pb.stages.len(), 2);
    assert_eq!(pb.objections.len(), 2);
    assert_eq!(pb.roleplays.len(), 1);
    let questions = &pb.roleplays[0].questions;
    assert_eq!(questions.len(), 2);
    assert!(matches!(questions[0].answer, QuestionAnswer::Choices(_)));
    assert!(matches!(
        questions[1].answer,
        QuestionAnswer::FreeText { .. }
    ));
    for kind in Kind::ALL {
        assert!(pb.metas(kind).iter().all(|m| m.review_by.is_none()));
    }
    // playbook.yaml explains its fields.
    let config = read(&dir.join("playbook.yaml"));
    for field in [
        "title",
        "description",
        "language",
        "motions",
        "output",
        "theme",
    ] {
        assert!(config.contains(field), "`{field}` is not explained");
    }
    assert!(
        config
            .lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .count()
            >= 10
    );
}

#[test]
fn init_accepts_an_empty_folder_or_one_with_only_git() {
    let tree = Tree::empty();
    scaffold::init(tree.path(), false).expect("an existing empty folder is fine");
    expect_clean(&tree.check());

    let tree = Tree::empty().file(".git/HEAD", "ref: refs/heads/main\n");
    scaffold::init(tree.path(), false).expect("a fresh git repository is fine");
    expect_clean(&tree.check());
}

#[test]
fn init_refuses_a_non_empty_folder_and_force_never_overwrites() {
    let tree = Tree::empty()
        .file("notes.txt", "keep me\n")
        .file("playbook.yaml", "title: Old\n")
        .file(".gitignore", "target/")
        .file(".vscode/settings.json", "{\"editor.tabSize\": 2}\n")
        .file(
            "content/segments/enterprise.md",
            "---\nname: Enterprise\n---\n",
        );
    let err = scaffold::init(tree.path(), false).expect_err("not empty");
    assert!(matches!(err, ScaffoldError::NotEmpty { .. }), "{err:?}");
    assert!(err.to_string().contains("--force"), "{err}");
    assert_eq!(read(&tree.path().join("playbook.yaml")), "title: Old\n");
    assert!(!tree.path().join("content/stages").exists());

    let done = scaffold::init(tree.path(), true).expect("forced");
    assert_eq!(
        done.written.len(),
        18,
        "8 starter files, .gitignore, 8 editor schemas and the export's schema"
    );
    assert_eq!(
        done.kept,
        [
            tree.path().join("playbook.yaml"),
            tree.path().join(".vscode/settings.json")
        ]
    );
    assert_eq!(
        read(&tree.path().join(".vscode/settings.json")),
        "{\"editor.tabSize\": 2}\n",
        "existing editor settings are never overwritten"
    );
    assert_eq!(read(&tree.path().join("notes.txt")), "keep me\n");
    assert_eq!(
        read(&tree.path().join("playbook.yaml")),
        "title: Old\n",
        "an existing file is never overwritten"
    );
    assert_eq!(read(&tree.path().join(".gitignore")), "target/\n/public/\n");
    // Nothing deleted: the old segment is still there.
    assert_eq!(
        read(&tree.path().join("content/segments/enterprise.md")),
        "---\nname: Enterprise\n---\n"
    );

    // A second forced run leaves a `.gitignore` that has the line alone.
    let done = scaffold::init(tree.path(), true).expect("forced again");
    assert!(done.written.is_empty(), "{:?}", done.written);
    assert_eq!(done.kept.len(), 19);
    assert_eq!(read(&tree.path().join(".gitignore")), "target/\n/public/\n");
}

#[test]
fn init_refuses_a_file() {
    let tree = Tree::empty().file("playbook", "not a folder\n");
    let err = scaffold::init(&tree.path().join("playbook"), true).expect_err("a file");
    assert!(
        matches!(err, ScaffoldError::NotADirectory { .. }),
        "{err:?}"
    );
}

/// What `check` must report on a fresh entry of each kind: the placeholder errors, and the warning left
/// once they are filled in (a new segment, persona or stage is not linked to yet).
fn expected(kind: Kind) -> (usize, Option<Code>) {
    match kind {
        Kind::Segment => (1, Some(Code::UntargetedSegment)),
        Kind::Persona => (1, Some(Code::UnusedPersona)),
        Kind::SellingPoint => (1, None),
        // title, the first action
        Kind::Stage => (2, Some(Code::StageWithoutObjections)),
        // the objection, the answer
        Kind::Objection => (2, None),
        // title, two prompts, two choices, the model answer
        Kind::Roleplay => (6, None),
        // title, the step's title (and its empty lists: see `other_errors`)
        Kind::Path => (2, None),
    }
}

/// Errors a fresh entry has besides its placeholders: a new path's step lists nothing to study yet.
fn other_errors(kind: Kind) -> &'static [Code] {
    match kind {
        Kind::Path => &[Code::EmptyStep],
        _ => &[],
    }
}

/// Fills in a fresh entry: its placeholders, and for a path, the starter's role-play to study.
fn filled(kind: Kind, text: &str) -> String {
    let text = text.replace("TODO", "Written by the team");
    match kind {
        Kind::Path => text.replace("    roleplays: []", "    roleplays: [price-pushback]"),
        _ => text,
    }
}

/// Creates an entry, checks that `check` fails at its placeholders, fills them in, checks it passes.
#[track_caller]
fn new_fails_then_passes(tree: &Tree, kind: Kind, id: &str) {
    let path = scaffold::new(tree.path(), kind, id).expect("new");
    let rel = format!("content/{}/{id}.md", kind.folder());
    assert_eq!(path, tree.path().join(&rel));
    let text = read(&path);
    let lines: Vec<&str> = text.lines().collect();

    let report = tree.check();
    let (placeholders, warning) = expected(kind);
    let (others, errors): (Vec<_>, Vec<_>) = report
        .diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .partition(|d| other_errors(kind).contains(&d.code));
    assert_eq!(errors.len(), placeholders, "{kind:?}: {errors:#?}");
    assert_eq!(
        others.iter().map(|d| d.code).collect::<Vec<_>>(),
        other_errors(kind),
        "{kind:?}"
    );
    for d in &errors {
        assert_eq!(d.code, Code::Placeholder, "{d:#?}");
        assert_eq!(d.file, rel, "{d:#?}");
        let line = d.pos.expect("position").line;
        assert!(
            (1..=lines.len()).contains(&line),
            "{kind:?}: line {line} outside the file: {d:#?}"
        );
        assert!(
            lines[line - 1].contains("TODO"),
            "{kind:?}: line {line} `{}` has no placeholder",
            lines[line - 1]
        );
    }

    std::fs::write(&path, filled(kind, &text)).expect("write");
    let report = tree.check();
    assert_eq!(report.errors(), 0, "{kind:?}: {:#?}", report.diagnostics);
    let warnings: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.code, d.file.as_str()))
        .collect();
    let expected_warnings: Vec<_> = warning.map(|c| (c, rel.as_str())).into_iter().collect();
    assert_eq!(warnings, expected_warnings, "{kind:?}");
}

#[test]
fn a_new_entry_of_every_kind_fails_until_filled_in() {
    for kind in Kind::ALL {
        new_fails_then_passes(&starter(), kind, &format!("fresh-{}", kind.folder()));
    }
}

#[test]
fn a_new_entry_has_every_field_explained() {
    let fields: &[(Kind, &[&str])] = &[
        (Kind::Segment, &["name", "mode", "criteria"]),
        (Kind::Persona, &["name", "role", "cares_about"]),
        (
            Kind::SellingPoint,
            &["title", "segments", "feature", "benefit", "proof"],
        ),
        (
            Kind::Stage,
            &[
                "title",
                "motion",
                "order",
                "goal",
                "entry",
                "exit",
                "actions",
                "do",
                "owner",
                "materials",
                "evidence",
                "personas",
            ],
        ),
        (
            Kind::Objection,
            &[
                "objection",
                "aliases",
                "stages",
                "segments",
                "personas",
                "explore",
                "proof",
                "avoid",
            ],
        ),
        (
            Kind::Roleplay,
            &[
                "title",
                "scenario",
                "persona",
                "segment",
                "stage",
                "pass_score",
                "questions",
                "prompt",
                "objection",
                "explanation",
                "choices",
                "text",
                "correct",
                "feedback",
                "model_answer",
                "rubric",
            ],
        ),
        (
            Kind::Path,
            &[
                "title",
                "audience",
                "steps",
                "day",
                "body",
                "drill",
                "segments",
                "personas",
                "selling_points",
                "stages",
                "objections",
                "roleplays",
            ],
        ),
    ];
    let tree = starter();
    for (kind, own) in fields {
        let text = read(&scaffold::new(tree.path(), *kind, "complete").expect("new"));
        for field in own.iter().chain(&["owner", "review_by", "tags", "id"]) {
            let line = text
                .lines()
                .find(|l| {
                    l.trim_start()
                        .trim_start_matches("- ")
                        .starts_with(&format!("{field}:"))
                })
                .unwrap_or_else(|| panic!("{kind:?} has no `{field}`:\n{text}"));
            assert!(
                line.contains(" # ") || *field == "correct",
                "{kind:?}: `{field}` is not explained: {line}"
            );
        }
        assert!(text.contains("owner:              # who keeps this entry true"));
    }
}

#[test]
fn a_new_stage_follows_the_last_one_of_its_motion() {
    let tree = starter();
    let text = read(&scaffold::new(tree.path(), Kind::Stage, "negotiation").expect("new"));
    assert!(text.contains("\norder: 3 "), "{text}");
    // One motion: no need to name it.
    let motion = text
        .lines()
        .find(|l| l.starts_with("motion:"))
        .expect("motion line");
    assert!(motion
        .trim_start_matches("motion:")
        .trim_start()
        .starts_with('#'));

    let tree = Tree::empty();
    let text = read(&scaffold::new(tree.path(), Kind::Stage, "first").expect("new"));
    assert!(text.contains("\norder: 1 "), "{text}");
}

#[test]
fn a_new_stage_names_the_first_motion_when_there_are_several() {
    let tree = Tree::empty()
        .file(
            "playbook.yaml",
            "motions:\n  - id: new-business\n  - id: renewal\n  - id: expansion\n",
        )
        .file(
            "content/stages/a.md",
            "---\ntitle: A\nmotion: new-business\norder: 1\nactions: [Call]\n---\n",
        )
        .file(
            "content/stages/b.md",
            "---\ntitle: B\nmotion: new-business\norder: 5\nactions: [Call]\n---\n",
        )
        .file(
            "content/stages/c.md",
            "---\ntitle: C\nmotion: renewal\norder: 9\nactions: [Call]\n---\n",
        );
    let path = scaffold::new(tree.path(), Kind::Stage, "close").expect("new");
    let text = read(&path);
    let motion = text
        .lines()
        .find(|l| l.starts_with("motion:"))
        .expect("motion line");
    assert!(motion.starts_with("motion: new-business "), "{motion}");
    assert!(motion.contains("renewal, expansion"), "{motion}");
    assert!(text.contains("\norder: 6 "), "{text}");

    std::fs::write(&path, text.replace("TODO", "Agree the terms")).expect("write");
    let report = tree.check();
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
}

#[test]
fn new_refuses_an_existing_file_or_id() {
    let tree = starter();
    let err = scaffold::new(tree.path(), Kind::Objection, "too-expensive").expect_err("exists");
    assert!(matches!(err, ScaffoldError::Exists { .. }), "{err:?}");

    let path = scaffold::new(tree.path(), Kind::Persona, "cfo").expect("new");
    std::fs::write(&path, "edited").expect("write");
    let err = scaffold::new(tree.path(), Kind::Persona, "cfo").expect_err("exists");
    assert!(matches!(err, ScaffoldError::Exists { .. }), "{err:?}");
    assert_eq!(read(&path), "edited");

    // The same id in a sub-folder is the same entry id.
    let tree = tree.file(
        "content/objections/pricing/discount.md",
        "---\nobjection: Can you do a discount?\n---\nWhat would it change for you?\n",
    );
    let err = scaffold::new(tree.path(), Kind::Objection, "discount").expect_err("duplicate");
    match err {
        ScaffoldError::DuplicateId { kind, id, file } => {
            assert_eq!((kind, id.as_str()), (Kind::Objection, "discount"));
            assert_eq!(file, "content/objections/pricing/discount.md");
        }
        other => panic!("{other:?}"),
    }
    assert!(!tree.path().join("content/objections/discount.md").exists());
    // Another kind may use the id.
    scaffold::new(tree.path(), Kind::Stage, "discount").expect("ids are per kind");
}

#[test]
fn new_refuses_invalid_ids() {
    let tree = starter();
    for id in [
        "",
        "two words",
        "price.v2",
        "../escape",
        "a/b",
        "a\\b",
        "x:y",
        "new\n",
    ] {
        let err = scaffold::new(tree.path(), Kind::Objection, id).expect_err(id);
        assert!(
            matches!(err, ScaffoldError::InvalidId { .. }),
            "{id:?}: {err:?}"
        );
    }
    assert_eq!(
        std::fs::read_dir(tree.path().join("content/objections"))
            .expect("dir")
            .count(),
        2
    );
    assert!(!tree.path().join("escape.md").exists());
}

#[test]
fn new_accepts_ids_in_any_script() {
    new_fails_then_passes(&starter(), Kind::Objection, "价格太贵");
    new_fails_then_passes(&starter(), Kind::Segment, "中小企业");
}

#[test]
fn new_needs_an_existing_root() {
    let tree = Tree::empty();
    let err = scaffold::new(&tree.path().join("missing"), Kind::Stage, "x").expect_err("no root");
    assert!(matches!(err, ScaffoldError::Load(_)), "{err:?}");
}

#[test]
fn kinds_are_named_singular_or_plural() {
    for (name, kind) in [
        ("stage", Kind::Stage),
        ("stages", Kind::Stage),
        ("selling-point", Kind::SellingPoint),
        ("selling-points", Kind::SellingPoint),
        ("roleplay", Kind::Roleplay),
        ("role-play", Kind::Roleplay),
        ("segments", Kind::Segment),
        ("persona", Kind::Persona),
        ("objections", Kind::Objection),
    ] {
        assert_eq!(Kind::from_name(name), Some(kind), "{name}");
    }
    assert_eq!(Kind::from_name("objectoin"), None);
}

#[test]
fn init_checks_gitignore_before_writing_anything() {
    let tree = Tree::empty().file("notes.txt", "keep me\n");
    std::fs::create_dir(tree.path().join(".gitignore")).expect("mkdir");
    let err = scaffold::init(tree.path(), true).expect_err("a folder where .gitignore goes");
    assert!(matches!(err, ScaffoldError::NotAFile { .. }), "{err:?}");
    assert!(
        !tree.path().join("playbook.yaml").exists(),
        "nothing written when init cannot finish"
    );
}
