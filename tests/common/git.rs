//! A real Git repository in a test's temporary folder, with commits at fixed dates.

#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// Runs `git <args>` in `dir` with a fixed identity, no user or system configuration, and `date` (ISO 8601)
/// as both the author and the committer date; panics when it fails (a test setup step).
pub fn git_at(dir: &Path, date: &str, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.invalid",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git runs (the tests need git installed)");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `git init` in `dir`.
pub fn init(dir: &Path) {
    git_at(dir, "2026-01-01T00:00:00Z", &["init", "-q"]);
}

/// Stages everything and commits it with `subject` on `date` (`YYYY-MM-DD`, noon UTC).
pub fn commit_all(dir: &Path, date: &str, subject: &str) {
    let at = format!("{date}T12:00:00Z");
    git_at(dir, &at, &["add", "-A"]);
    git_at(dir, &at, &["commit", "-q", "-m", subject]);
}
