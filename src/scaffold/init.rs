//! `playbook init`: a small, complete starter playbook that checks clean.

use std::path::{Path, PathBuf};

use super::ScaffoldError;
use crate::content::CONFIG_FILE;

/// The starter playbook: path relative to the root, and text.
const FILES: &[(&str, &str)] = &[
    (CONFIG_FILE, include_str!("templates/init/playbook.yaml")),
    (
        "content/segments/mid-market.md",
        include_str!("templates/init/content/segments/mid-market.md"),
    ),
    (
        "content/personas/head-of-operations.md",
        include_str!("templates/init/content/personas/head-of-operations.md"),
    ),
    (
        "content/selling-points/live-in-weeks.md",
        include_str!("templates/init/content/selling-points/live-in-weeks.md"),
    ),
    (
        "content/stages/discovery.md",
        include_str!("templates/init/content/stages/discovery.md"),
    ),
    (
        "content/stages/proposal.md",
        include_str!("templates/init/content/stages/proposal.md"),
    ),
    (
        "content/objections/too-expensive.md",
        include_str!("templates/init/content/objections/too-expensive.md"),
    ),
    (
        "content/objections/no-time-to-switch.md",
        include_str!("templates/init/content/objections/no-time-to-switch.md"),
    ),
    (
        "content/roleplays/price-pushback.md",
        include_str!("templates/init/content/roleplays/price-pushback.md"),
    ),
];

/// VS Code's workspace settings, where `yaml.schemas` maps the schemas to the files.
const VSCODE_SETTINGS: &str = ".vscode/settings.json";

const GITIGNORE: &str = ".gitignore";
const GITIGNORE_TEXT: &str = include_str!("templates/init/gitignore");

/// What [`init`] did.
#[derive(Debug, Default)]
pub struct Initialized {
    /// The files written (or, for `.gitignore`, appended to).
    pub written: Vec<PathBuf>,
    /// Starter files that already existed and were kept as they are (with `force`).
    pub kept: Vec<PathBuf>,
}

/// Writes a starter playbook into `dir`, creating it if missing.
///
/// The playbook has a `playbook.yaml` (commented), two stages, two objections, a segment, a persona, a
/// selling point and a role-play, and checks with no errors and no warnings; plus a `.gitignore` that
/// ignores the built site (`/public/`); the editor schemas in `.playbook/schemas/` and a
/// `.vscode/settings.json` mapping them (`yaml.schemas`) to the YAML files.
///
/// A folder that holds anything besides `.git` is refused with [`ScaffoldError::NotEmpty`] unless
/// `force`; then only the starter files that do not exist yet are written: an existing file is never
/// overwritten (it is listed in [`Initialized::kept`]) and nothing is deleted. An existing `.gitignore`
/// gets the `/public/` line appended (only when it lacks it) instead of being replaced.
pub fn init(dir: &Path, force: bool) -> Result<Initialized, ScaffoldError> {
    match std::fs::metadata(dir) {
        Ok(m) if !m.is_dir() => {
            return Err(ScaffoldError::NotADirectory {
                path: dir.to_path_buf(),
            })
        }
        Ok(_) => {
            if !force && !is_empty(dir)? {
                return Err(ScaffoldError::NotEmpty {
                    dir: dir.to_path_buf(),
                });
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir).map_err(|e| ScaffoldError::io(dir, e))?;
        }
        Err(e) => return Err(ScaffoldError::io(dir, e)),
    }
    // Found out before anything is written: a `.gitignore` that is not a file would stop `init` halfway.
    let gitignore = dir.join(GITIGNORE);
    if std::fs::symlink_metadata(&gitignore).is_ok_and(|m| m.is_dir()) {
        return Err(ScaffoldError::NotAFile { path: gitignore });
    }
    let mut done = Initialized::default();
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if write_new_file(&path, text)? {
            done.written.push(path);
        } else {
            done.kept.push(path);
        }
    }
    // The editor schemas and the VS Code mapping to them (docs/editors.md), made by `playbook schema`'s code.
    let schemas = crate::schema::files()
        .into_iter()
        .map(|(name, text)| (format!("{}/{name}", crate::schema::DEFAULT_DIR), text));
    let vscode = (
        VSCODE_SETTINGS.to_string(),
        crate::schema::vscode_settings(),
    );
    for (rel, text) in schemas.chain(std::iter::once(vscode)) {
        let path = dir.join(rel);
        if write_new_file(&path, &text)? {
            done.written.push(path);
        } else {
            done.kept.push(path);
        }
    }
    if let Some(path) = write_gitignore(dir)? {
        done.written.push(path);
    }
    Ok(done)
}

/// Writes `path` unless something is there already; returns whether it wrote.
fn write_new_file(path: &Path, text: &str) -> Result<bool, ScaffoldError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| ScaffoldError::io(parent, e))?;
    }
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path);
    match file {
        Ok(mut file) => {
            use std::io::Write;
            file.write_all(text.as_bytes())
                .map_err(|e| ScaffoldError::io(path, e))?;
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(ScaffoldError::io(path, e)),
    }
}

/// Whether `dir` holds nothing but (possibly) a `.git` folder: `git init` first is fine.
fn is_empty(dir: &Path) -> Result<bool, ScaffoldError> {
    let entries = std::fs::read_dir(dir).map_err(|e| ScaffoldError::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| ScaffoldError::io(dir, e))?;
        if entry.file_name() != ".git" {
            return Ok(false);
        }
    }
    Ok(true)
}

fn write_file(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| ScaffoldError::io(parent, e))?;
    }
    std::fs::write(path, text).map_err(|e| ScaffoldError::io(path, e))
}

/// Writes `.gitignore`, or appends the ignore lines an existing one lacks. Returns the path when the
/// file was written or changed.
fn write_gitignore(dir: &Path) -> Result<Option<PathBuf>, ScaffoldError> {
    let path = dir.join(GITIGNORE);
    let existing = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            write_file(&path, GITIGNORE_TEXT)?;
            return Ok(Some(path));
        }
        Err(e) => return Err(ScaffoldError::io(&path, e)),
    };
    let missing: Vec<&str> = GITIGNORE_TEXT
        .lines()
        .filter(|wanted| !existing.lines().any(|l| l.trim() == wanted.trim()))
        .collect();
    if missing.is_empty() {
        return Ok(None);
    }
    let mut text = existing;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for line in missing {
        text.push_str(line);
        text.push('\n');
    }
    write_file(&path, &text)?;
    Ok(Some(path))
}
