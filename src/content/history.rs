//! When each file of the playbook last changed, from Git: the commit date and subject of the last commit
//! that touched it, or "uncommitted" for a file edited (or added) since.
//!
//! Read in one pass with the `git` program: `git rev-parse --show-prefix` (is this a work tree, and where
//! is the playbook in it), `git rev-parse HEAD`, one `git log -M --name-status -z` over the playbook's
//! folder, newest first, and one `git status --porcelain -z`. Four processes per build, never one per
//! file. `serve` keeps the log until `HEAD` moves, and after an edit asks the status of the files it saw
//! change only ([`History::read_cached`]). The `git` program rather than the `gix` crate: it is on every
//! machine that has a repository to read, and `gix` is a large dependency to compile for a few questions.
//!
//! Renames are followed: a pure rename (`R100`) is not a change of the text, so the file's last change is
//! looked for further back under its old name; a rename with edits is a change. Without Git (no `git`
//! program, or not a work tree) there is no history, and no date is shown: never file modification times,
//! which would make builds differ from one checkout to the next.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::process::{Command, Output};

use super::Date;

/// The last change of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LastChange {
    /// The last commit that touched the file.
    Committed {
        /// The commit date (`%cs`: the committer's date, `YYYY-MM-DD`).
        date: Date,
        /// The commit's subject line.
        subject: String,
    },
    /// The file differs from the last commit, or is not in Git yet.
    Uncommitted,
}

impl LastChange {
    /// The commit date, if committed.
    pub fn date(&self) -> Option<Date> {
        match self {
            LastChange::Committed { date, .. } => Some(*date),
            LastChange::Uncommitted => None,
        }
    }
}

/// The last change of each file of the playbook, by its path relative to the root (`/`-separated). Empty
/// outside Git.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    changes: BTreeMap<String, LastChange>,
}

/// What [`History::read_cached`] keeps between reads: the last change of each committed file, where it was
/// read (the playbook's folder in its work tree, and the commit checked out), and the uncommitted files.
#[derive(Debug, Default)]
pub struct HistoryCache {
    at: Option<(String, Option<String>)>,
    committed: BTreeMap<String, LastChange>,
    /// The files `git status` listed at the last read (relative to the root).
    uncommitted: Option<BTreeSet<String>>,
}

/// Git was found, the playbook is in a work tree, and reading its history still failed.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// A `git` command could not be started (other than `git` missing) or exited with a failure.
    #[error("cannot read the Git history (`git {command}`): {message}")]
    Git {
        /// The subcommand.
        command: &'static str,
        /// What it said, or why it could not run.
        message: String,
    },
    /// Git printed something that is not what was asked for.
    #[error("cannot read the Git history: unexpected output of `git {0}`")]
    Parse(&'static str),
}

impl History {
    /// The history of the files under `root`: empty when `git` is missing or `root` is not in a Git work
    /// tree; an error when Git is there and fails.
    pub fn read(root: &Path) -> Result<History, HistoryError> {
        History::read_cached(root, &mut HistoryCache::default(), None)
    }

    /// The same, keeping what was read in `cache` between reads (`serve`). The log is read again only when
    /// the commit checked out (`HEAD`) changed since the last read: `git log` over a long history is the
    /// slow part (0.8 s for 2,000 commits of a 10,000-file playbook). `changed` lists the files (relative
    /// to the root) written since the last read, when that is known: with the same `HEAD`, only their
    /// status is asked, as no other file can have become uncommitted or committed; otherwise the status of
    /// every file is (about 70 ms at 10,000 files).
    pub fn read_cached(
        root: &Path,
        cache: &mut HistoryCache,
        changed: Option<&[String]>,
    ) -> Result<History, HistoryError> {
        // Not a work tree (or no `git`): no history, and nothing to warn about.
        let Some(prefix) = prefix(root) else {
            *cache = HistoryCache::default();
            return Ok(History::default());
        };
        let at = (prefix.clone(), head(root));
        if cache.at.as_ref() != Some(&at) {
            *cache = HistoryCache::default();
            let log = git(
                root,
                "log",
                &[
                    "log",
                    "-M",
                    "--name-status",
                    "-z",
                    "--relative",
                    "--format=%x1e%cs%x00%s",
                    "--",
                    ".",
                ],
            );
            cache.committed = match log {
                Ok(out) => parse_log(&out)?,
                // A repository without commits has no history to log: every file is uncommitted.
                Err(e) if at.1.is_none() => {
                    drop(e);
                    BTreeMap::new()
                }
                Err(e) => return Err(e),
            };
            cache.at = Some(at);
        }
        let uncommitted = match (changed, cache.uncommitted.take()) {
            (Some(paths), Some(mut known)) => {
                if !paths.is_empty() {
                    let listed = status(root, &prefix, paths)?;
                    for path in paths {
                        known.remove(path);
                    }
                    known.extend(listed);
                }
                known
            }
            _ => status(root, &prefix, &[".".to_string()])?
                .into_iter()
                .collect(),
        };
        let mut history = History {
            changes: cache.committed.clone(),
        };
        for path in &uncommitted {
            history
                .changes
                .insert(path.clone(), LastChange::Uncommitted);
        }
        cache.uncommitted = Some(uncommitted);
        Ok(history)
    }

    /// A history from `(path, change)` pairs (tests, and callers that know better).
    pub fn from_changes(changes: impl IntoIterator<Item = (String, LastChange)>) -> History {
        History {
            changes: changes.into_iter().collect(),
        }
    }

    /// The last change of the file at `path` (relative to the root, `/`-separated), if known.
    pub fn of(&self, path: &str) -> Option<&LastChange> {
        self.changes.get(path)
    }

    /// The files whose last change differs between `self` and `other` (known in one and not the other, or
    /// known differently), in order.
    pub fn differing<'a>(&'a self, other: &'a History) -> Vec<&'a str> {
        let mut out: Vec<&str> = self
            .changes
            .iter()
            .filter(|(path, change)| other.changes.get(*path) != Some(*change))
            .map(|(path, _)| path.as_str())
            .chain(
                other
                    .changes
                    .keys()
                    .filter(|path| !self.changes.contains_key(*path))
                    .map(String::as_str),
            )
            .collect();
        out.sort_unstable();
        out
    }

    /// Whether nothing is known (outside Git).
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// Runs `git -C root <args>` and returns its standard output.
fn git(root: &Path, command: &'static str, args: &[&str]) -> Result<Vec<u8>, HistoryError> {
    let out = run(root, args).map_err(|e| HistoryError::Git {
        command,
        message: e.to_string(),
    })?;
    if !out.status.success() {
        let message = String::from_utf8_lossy(&out.stderr).trim().to_string();
        return Err(HistoryError::Git { command, message });
    }
    Ok(out.stdout)
}

fn run(root: &Path, args: &[&str]) -> std::io::Result<Output> {
    Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        // No pager, no prompts, and no user configuration that changes the output format.
        .env("GIT_PAGER", "cat")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .stdin(std::process::Stdio::null())
        .output()
}

/// Where `root` is in its work tree (`""` at the top, `docs/playbook/` below it), or `None` when `git` is
/// missing or `root` is not in a work tree.
fn prefix(root: &Path) -> Option<String> {
    let out = run(
        root,
        &["rev-parse", "--is-inside-work-tree", "--show-prefix"],
    )
    .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    let mut lines = text.lines();
    if lines.next()? != "true" {
        return None;
    }
    Some(lines.next().unwrap_or("").to_string())
}

/// The files among `paths` (relative to the root; `.` for all) that `git status` lists: modified, added,
/// renamed (the new name) or untracked, relative to the root.
fn status(root: &Path, prefix: &str, paths: &[String]) -> Result<Vec<String>, HistoryError> {
    let mut args = vec![
        // Paths are file names, not patterns (`[draft].md`).
        "--literal-pathspecs",
        "--no-optional-locks",
        "status",
        "--porcelain",
        "-z",
        "--untracked-files=all",
        "--",
    ];
    args.extend(paths.iter().map(String::as_str));
    let out = git(root, "status", &args)?;
    // Status paths are relative to the top of the work tree.
    Ok(parse_status(&out)?
        .into_iter()
        .filter_map(|path| path.strip_prefix(prefix).map(str::to_string))
        .collect())
}

/// The commit checked out, or `None` in a repository without commits.
fn head(root: &Path) -> Option<String> {
    let out = run(root, &["rev-parse", "-q", "--verify", "HEAD"]).ok()?;
    if !out.status.success() {
        return None;
    }
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The last change of each path in `git log -M --name-status -z --format=%x1e%cs%x00%s` output (newest
/// commit first). Each commit is a header token `\x1e<date>`, its subject, then `<status>\0<path>\0` (two
/// paths for a rename or copy).
fn parse_log(out: &[u8]) -> Result<BTreeMap<String, LastChange>, HistoryError> {
    const CMD: &str = "log";
    let mut tokens = out
        .split(|b| *b == 0)
        .map(|t| t.strip_prefix(b"\n").unwrap_or(t));
    let mut changes: BTreeMap<String, LastChange> = BTreeMap::new();
    // A path in an older commit → the path it has now (after pure renames).
    let mut renamed: HashMap<String, String> = HashMap::new();
    let mut current: Option<LastChange> = None;
    while let Some(token) = tokens.next() {
        if token.is_empty() {
            continue;
        }
        if let Some(date) = token.strip_prefix(b"\x1e") {
            let date = std::str::from_utf8(date)
                .ok()
                .and_then(Date::parse)
                .ok_or(HistoryError::Parse(CMD))?;
            let subject = tokens.next().ok_or(HistoryError::Parse(CMD))?;
            current = Some(LastChange::Committed {
                date,
                subject: String::from_utf8_lossy(subject).into_owned(),
            });
            continue;
        }
        let change = current.as_ref().ok_or(HistoryError::Parse(CMD))?;
        let status = *token.first().ok_or(HistoryError::Parse(CMD))?;
        let mut path = || {
            tokens
                .next()
                .map(|p| String::from_utf8_lossy(p).into_owned())
                .ok_or(HistoryError::Parse(CMD))
        };
        let (old, new) = match status {
            b'R' | b'C' => (Some(path()?), path()?),
            _ => (None, path()?),
        };
        let now = renamed.remove(&new).unwrap_or(new);
        match (status, old) {
            // A pure rename is no change of the text: look for the last one under the old name.
            (b'R', Some(old)) if token == b"R100" => {
                if !changes.contains_key(&now) {
                    renamed.insert(old, now);
                }
            }
            // A deletion says nothing about a file of the same name that exists now (added later).
            (b'D', _) => {}
            _ => {
                changes.entry(now).or_insert_with(|| change.clone());
            }
        }
    }
    Ok(changes)
}

/// The paths `git status --porcelain -z` lists (modified, added, renamed: the new name, untracked).
fn parse_status(out: &[u8]) -> Result<Vec<String>, HistoryError> {
    let mut paths = Vec::new();
    let mut tokens = out.split(|b| *b == 0).filter(|t| !t.is_empty());
    while let Some(token) = tokens.next() {
        let (xy, path) = (
            token.get(..2).ok_or(HistoryError::Parse("status"))?,
            token.get(3..).ok_or(HistoryError::Parse("status"))?,
        );
        if xy == b"!!" {
            continue;
        }
        paths.push(String::from_utf8_lossy(path).into_owned());
        // A rename or copy is followed by its old path.
        if xy.contains(&b'R') || xy.contains(&b'C') {
            tokens.next();
        }
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn committed(date: &str, subject: &str) -> LastChange {
        LastChange::Committed {
            date: Date::parse(date).expect("a date"),
            subject: subject.to_string(),
        }
    }

    #[test]
    fn newest_commit_wins_and_pure_renames_are_followed() {
        let out = b"\x1e2026-02-05\0rename\0\nR100\0a.md\0b.md\0M\0c.md\0\x1e2026-01-05\0first\0\nA\0a.md\0A\0c.md\0";
        let changes = parse_log(out).expect("parses");
        assert_eq!(changes.get("b.md"), Some(&committed("2026-01-05", "first")));
        assert_eq!(
            changes.get("c.md"),
            Some(&committed("2026-02-05", "rename"))
        );
        assert_eq!(changes.get("a.md"), None);
    }

    #[test]
    fn a_rename_with_edits_is_a_change() {
        let out = b"\x1e2026-02-05\0moved\0\nR087\0a.md\0b.md\0\x1e2026-01-05\0first\0\nA\0a.md\0";
        let changes = parse_log(out).expect("parses");
        assert_eq!(changes.get("b.md"), Some(&committed("2026-02-05", "moved")));
    }

    #[test]
    fn status_lists_new_names_and_skips_old_ones() {
        let out = b" M c.md\0?? d.md\0R  e.md\0old.md\0";
        assert_eq!(
            parse_status(out).expect("parses"),
            vec!["c.md".to_string(), "d.md".to_string(), "e.md".to_string()]
        );
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(parse_log(b"\x1enot-a-date\0x\0").is_err());
        assert!(parse_log(b"M\0a.md\0").is_err());
        assert!(parse_status(b"x").is_err());
    }
}
