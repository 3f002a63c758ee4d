//! Fixture playbooks written into temporary folders.

#![allow(dead_code)]

pub mod git;

use std::path::{Path, PathBuf};

use playbook::check::{check_root, CheckOptions, Report};
use playbook::content::Date;
use playbook::diagnostic::{Code, Diagnostic};

/// A playbook in a temporary folder.
pub struct Tree {
    dir: tempfile::TempDir,
}

impl Tree {
    /// An empty folder.
    pub fn empty() -> Tree {
        Tree {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A small playbook that checks clean, with no warnings: every rule test breaks one thing in it.
    pub fn minimal() -> Tree {
        Tree::empty()
            .file("playbook.yaml", "title: Minimal\n")
            .file("content/segments/smb.md", "---\nname: Small business\nmode: intensive\n---\nOwners who buy on the phone.\n")
            .file("content/personas/cfo.md", "---\nname: CFO\nrole: economic-buyer\n---\nSigns the cheque.\n")
            .file(
                "content/selling-points/fast.md",
                "---\ntitle: Restores in minutes\nsegments: [smb]\n---\nA lost day costs more than a year of service.\n",
            )
            .file(
                "content/stages/discovery.md",
                "---\ntitle: Discovery\norder: 1\nactions:\n  - Ask how they back up today\npersonas: [cfo]\n---\nListen first.\n",
            )
            .file(
                "content/objections/price.md",
                "---\nobjection: It's too expensive\nstages: [discovery]\n---\nCompared to what? A lost day of sales costs more.\n",
            )
            .file(
                "content/roleplays/basics.md",
                "---\ntitle: Basics\nquestions:\n  - prompt: The customer says it's too expensive. You…\n    objection: price\n    choices:\n      - Offer a discount\n      - {text: Ask what they compare it with, correct: true}\n---\n",
            )
    }

    /// Writes `text` to `path` (relative to the root), creating folders.
    pub fn file(self, path: &str, text: &str) -> Tree {
        self.bytes(path, text.as_bytes())
    }

    /// Writes raw bytes.
    pub fn bytes(self, path: &str, bytes: &[u8]) -> Tree {
        let full = self.dir.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, bytes).expect("write");
        self
    }

    /// Removes a file.
    pub fn remove(self, path: &str) -> Tree {
        std::fs::remove_file(self.dir.path().join(path)).expect("remove");
        self
    }

    /// The root folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The root as an owned path.
    pub fn root(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    /// Loads and checks the tree, with "today" fixed at 2026-06-01.
    pub fn check(&self) -> Report {
        let today = Date::parse(TODAY).expect("date");
        check_root(self.dir.path(), CheckOptions { today })
            .expect("loads")
            .1
    }
}

/// The fixed "today" of the tests.
pub const TODAY: &str = "2026-06-01";

/// The diagnostics of `code`.
pub fn with_code(report: &Report, code: Code) -> Vec<&Diagnostic> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .collect()
}

/// Asserts that the report has exactly one diagnostic of `code`, in `file` at `line` (and `column` when
/// given), and returns it.
#[track_caller]
pub fn expect_one<'a>(
    report: &'a Report,
    code: Code,
    file: &str,
    line: usize,
    column: Option<usize>,
) -> &'a Diagnostic {
    let found = with_code(report, code);
    assert_eq!(
        found.len(),
        1,
        "expected one `{code}`, got {found:#?}\nall: {:#?}",
        report.diagnostics
    );
    let d = found[0];
    assert_eq!(d.file, file, "{d:#?}");
    let pos = d
        .pos
        .unwrap_or_else(|| panic!("`{code}` has no position: {d:#?}"));
    assert_eq!(pos.line, line, "line of {d:#?}");
    if let Some(column) = column {
        assert_eq!(pos.column, column, "column of {d:#?}");
    }
    d
}

/// Asserts the report is free of errors and warnings.
#[track_caller]
pub fn expect_clean(report: &Report) {
    assert!(
        report.diagnostics.is_empty(),
        "expected no diagnostics: {:#?}",
        report.diagnostics
    );
}

/// Copies the folder `from` and everything in it to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
